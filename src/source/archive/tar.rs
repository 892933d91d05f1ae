//! Tar archives (v7, ustar, GNU, pax): regular files are members; links, directories and
//! devices are not.

use std::io::Cursor;

use tar::{Archive, EntryType};

use super::limits::Gauge;
use super::{Offer, Outcome, Session, guard};

const BLOCK: usize = 512;
const CHECKSUM_FIELD: std::ops::Range<usize> = 148..156;

/// A tar header: "ustar" at 257 (POSIX "ustar\0", GNU "ustar "), or an old v7 header whose
/// checksum adds up and whose type is one v7 knew.
pub(super) fn is_tar(data: &[u8]) -> bool {
    let Some(header) = data.get(..BLOCK) else {
        return false;
    };
    if &header[257..262] == b"ustar" {
        return true;
    }
    let v7_type = matches!(header[156], 0 | b'0'..=b'7');
    v7_type && header[0] != 0 && checksum_matches(header)
}

fn checksum_matches(header: &[u8]) -> bool {
    let field = &header[CHECKSUM_FIELD];
    let digits: Vec<u8> = field
        .iter()
        .copied()
        .skip_while(|&byte| byte == b' ')
        .take_while(|byte| (b'0'..=b'7').contains(byte))
        .collect();
    if digits.is_empty() {
        return false;
    }
    let Some(stored) = digits.iter().try_fold(0u32, |sum, &digit| {
        sum.checked_mul(8)?.checked_add(u32::from(digit - b'0'))
    }) else {
        return false;
    };
    let (unsigned, signed) =
        header
            .iter()
            .enumerate()
            .fold((0u32, 0i32), |(u, s), (index, &byte)| {
                let byte = if CHECKSUM_FIELD.contains(&index) {
                    b' '
                } else {
                    byte
                };
                // Some old tars summed signed chars.
                (u + u32::from(byte), s + i32::from(byte as i8))
            });
    stored == unsigned || i64::from(stored) == i64::from(signed)
}

pub(super) fn list(data: &[u8], session: &mut Session) {
    let mut archive = Archive::new(Cursor::new(data));
    let mut entries = match archive.entries_with_seek() {
        Ok(entries) => entries,
        Err(error) => {
            session.problem(None, format!("tar: cannot start reading: {error}"));
            return;
        }
    };
    // Where the last good member's data ended, to say where damage begins.
    let mut resume_offset = 0u64;
    loop {
        let next = match guard(|| entries.next()) {
            Ok(next) => next,
            Err(panic) => {
                let message = format!("tar reader panicked at offset {resume_offset}: {panic}");
                session.problem(None, message);
                return;
            }
        };
        let mut entry = match next {
            None => return,
            Some(Ok(entry)) => entry,
            Some(Err(error)) => {
                let message = format!("damaged tar header after offset {resume_offset}: {error}");
                session.problem(None, message);
                return;
            }
        };
        let stored = entry.header().entry_size().unwrap_or(0);
        resume_offset = entry.raw_file_position().saturating_add(stored);
        let entry_type = entry.header().entry_type();
        if !matches!(
            entry_type,
            EntryType::Regular | EntryType::Continuous | EntryType::GNUSparse
        ) {
            continue;
        }
        let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let declared = entry.size();
        // Only GNU sparse files expand: their holes become zeros.
        let mut gauge = Gauge::new(stored);
        let outcome = session.offer(
            &name,
            Some(declared),
            Offer::Data {
                reader: &mut entry,
                gauge: &mut gauge,
                drain: false,
            },
        );
        if outcome != Outcome::Next {
            return;
        }
    }
}
