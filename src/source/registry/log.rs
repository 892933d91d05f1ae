//! Transaction-log replay onto a dirty hive: the new format (Windows 8.1+, "HvLE" log
//! entries) and the old one (Windows XP to 8, a "DIRT" dirty vector and 512-byte pages).
//!
//! Every entry is checked in full before any of its pages is written, so a replay that
//! stops leaves the hive at the last good entry, never half-way through one.

use super::base::{
    BASE_BLOCK_SECTOR, BASE_BLOCK_SIZE, BaseBlock, FILE_TYPE_PRIMARY, RecoveredFields,
    write_recovered,
};
use super::bytes::{u32_at, u64_at};
use super::hive::Hive;
use super::marvin::marvin32;

const FILE_TYPE_LOG_OLD: u32 = 1;
const FILE_TYPE_LOG_VERY_OLD: u32 = 2;
const FILE_TYPE_LOG_NEW: u32 = 6;
/// Seed for both log-entry hashes. The specification lists it as the bytes
/// 82 EF 4D 88 7A 4E 55 C5; Windows uses them as this number (checked against real logs).
const LOG_HASH_SEED: u64 = 0x82EF_4D88_7A4E_55C5;
const ENTRY_HEADER: usize = 40;
const ENTRY_ALIGNMENT: usize = 512;
const PAGE_REFERENCE: usize = 8;
const HIVE_BIN_ALIGNMENT: u32 = 4096;
const DIRTY_VECTOR_AT: usize = BASE_BLOCK_SECTOR;
const OLD_PAGE: usize = 512;
/// The hive bins timestamp backs up the base block's when the latter is damaged.
const FIRST_BIN_TIMESTAMP_AT: usize = BASE_BLOCK_SIZE + 20;

struct LogFile<'a> {
    name: &'a str,
    bytes: &'a [u8],
    base: BaseBlock,
}

/// The hive bytes being rebuilt and the base-block fields replay has established.
struct Recovery {
    data: Vec<u8>,
    fields: Option<RecoveredFields>,
}

struct Entry<'a> {
    size: usize,
    flags: u32,
    sequence: u32,
    bins_size: u32,
    pages: Vec<(u32, &'a [u8])>,
}

enum EntryEnd {
    /// No further entry belongs to this replay (end of data, old remnants).
    Done,
    /// The entry is damaged; replay stops before it.
    Bad(String),
}

pub(crate) fn replay(hive: Hive, logs: &[(&str, &[u8])]) -> (Hive, Vec<String>) {
    let mut notes = Vec::new();
    if !hive.is_dirty() {
        if logs.iter().any(|(_, bytes)| !bytes.is_empty()) {
            notes.push("hive is clean; transaction logs not needed".to_string());
        }
        return (hive, notes);
    }
    let (new_logs, old_logs) = usable_logs(logs, &mut notes);
    let Hive { data, base, .. } = hive;
    let mut recovery = Recovery { data, fields: None };
    let used = if !new_logs.is_empty() {
        for log in &old_logs {
            notes.push(format!(
                "{}: old-format log ignored because new-format logs are present",
                log.name
            ));
        }
        replay_new(&mut recovery, &base, &new_logs, &mut notes)
    } else {
        replay_old(&mut recovery, &base, &old_logs, &mut notes)
    };
    match (used, recovery.fields) {
        (Some(log), Some(fields)) => (recovered_hive(recovery.data, &fields, log, base), notes),
        _ => {
            let problem = "dirty hive not recovered: no applicable transaction log entries, recent changes may be missing";
            notes.push(problem.to_string());
            let mut hive = Hive::assemble(recovery.data, base, Vec::new());
            hive.notes.push(problem.to_string());
            (hive, notes)
        }
    }
}

fn usable_logs<'a>(
    logs: &[(&'a str, &'a [u8])],
    notes: &mut Vec<String>,
) -> (Vec<LogFile<'a>>, Vec<LogFile<'a>>) {
    let mut new_logs = Vec::new();
    let mut old_logs = Vec::new();
    for &(name, bytes) in logs {
        if bytes.is_empty() {
            continue;
        }
        let base = match BaseBlock::parse(bytes) {
            Ok(base) => base,
            Err(error) => {
                notes.push(format!("{name}: not a transaction log ({error})"));
                continue;
            }
        };
        if !base.checksum_ok() {
            notes.push(format!(
                "{name}: base block checksum mismatch; log not used"
            ));
            continue;
        }
        if !base.sequences_match() {
            notes.push(format!(
                "{name}: base block sequence numbers differ ({}, {}), the log was not completely written; not used",
                base.primary_sequence, base.secondary_sequence
            ));
            continue;
        }
        let log = LogFile { name, bytes, base };
        match log.base.file_type {
            FILE_TYPE_LOG_NEW => new_logs.push(log),
            FILE_TYPE_LOG_OLD | FILE_TYPE_LOG_VERY_OLD => old_logs.push(log),
            FILE_TYPE_PRIMARY => notes.push(format!("{name}: a primary hive, not a log; not used")),
            other => notes.push(format!("{name}: unknown file type {other}; not used")),
        }
    }
    (new_logs, old_logs)
}

/// True when sequence number `a` comes before `b`, allowing for wrap-around.
fn precedes(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) < 0
}

/// Applies new-format logs as Windows does: with a sound base block, every log whose
/// entries continue the sequence, earliest first; with a damaged one, only the latest log.
fn replay_new<'l, 'a>(
    recovery: &mut Recovery,
    hive_base: &BaseBlock,
    logs: &'l [LogFile<'a>],
    notes: &mut Vec<String>,
) -> Option<&'l LogFile<'a>> {
    let mut order: Vec<&LogFile> = logs.iter().collect();
    if hive_base.checksum_ok() {
        order.sort_by_key(|log| {
            log.base
                .primary_sequence
                .wrapping_sub(hive_base.secondary_sequence)
        });
    } else {
        let latest = order.iter().copied().reduce(|latest, log| {
            if precedes(latest.base.primary_sequence, log.base.primary_sequence) {
                log
            } else {
                latest
            }
        })?;
        notes.push(format!(
            "base block is damaged; recovering it from {}, the log with the latest entries",
            latest.name
        ));
        order = vec![latest];
    }
    let mut used = None;
    for log in order {
        let start = log.base.primary_sequence;
        if hive_base.checksum_ok() && precedes(start, hive_base.secondary_sequence) {
            notes.push(format!(
                "{}: entries from sequence {start} predate the hive (sequence {}); not applied",
                log.name, hive_base.secondary_sequence
            ));
            continue;
        }
        if let Some(fields) = &recovery.fields
            && start != fields.sequence.wrapping_add(1)
        {
            notes.push(format!(
                "{}: starts at sequence {start}, but replay reached {}; not applied",
                log.name, fields.sequence
            ));
            continue;
        }
        if apply_entries(recovery, hive_base, log, notes) == 0 {
            break;
        }
        used = Some(log);
    }
    used
}

/// Applies the entries of one log in sequence; returns how many were applied.
fn apply_entries(
    recovery: &mut Recovery,
    hive_base: &BaseBlock,
    log: &LogFile,
    notes: &mut Vec<String>,
) -> usize {
    let first_sequence = log.base.primary_sequence;
    let mut expected = first_sequence;
    let mut offset = BASE_BLOCK_SECTOR;
    let mut applied = 0usize;
    let stop = loop {
        let entry = match read_entry(log.bytes, offset, expected) {
            Ok(entry) => entry,
            Err(EntryEnd::Done) => break None,
            Err(EntryEnd::Bad(problem)) => break Some(problem),
        };
        if let Err(problem) = recovery.apply_entry(&entry, hive_base, log) {
            break Some(problem);
        }
        applied += 1;
        // Entries are at least 512 bytes, so this walks off the end of the log in bounded steps.
        offset = offset.saturating_add(entry.size);
        expected = expected.wrapping_add(1);
    };
    if applied > 0 {
        notes.push(format!(
            "applied {applied} log entries from {} (sequence {first_sequence} to {})",
            log.name,
            expected.wrapping_sub(1)
        ));
    }
    match stop {
        Some(problem) => notes.push(format!(
            "{}: {problem} at entry {} (log offset 0x{offset:x}), stopped there",
            log.name,
            applied + 1
        )),
        None if applied == 0 => notes.push(format!(
            "{}: no log entry with sequence {first_sequence}; nothing applied",
            log.name
        )),
        None => {}
    }
    applied
}

fn read_entry(log: &[u8], offset: usize, expected: u32) -> Result<Entry<'_>, EntryEnd> {
    let Some(header) = offset
        .checked_add(ENTRY_HEADER)
        .and_then(|end| log.get(offset..end))
    else {
        return Err(EntryEnd::Done);
    };
    let field = |at: usize| u32_at(header, at).unwrap_or_default();
    if header.get(..4) != Some(b"HvLE".as_slice()) || field(12) != expected {
        return Err(EntryEnd::Done);
    }
    let size = field(4) as usize;
    if size == 0 || !size.is_multiple_of(ENTRY_ALIGNMENT) {
        return Err(EntryEnd::Bad(format!(
            "entry size {size} is not a positive multiple of 512"
        )));
    }
    let entry = offset
        .checked_add(size)
        .and_then(|end| log.get(offset..end))
        .ok_or_else(|| {
            EntryEnd::Bad(format!(
                "entry size {size} runs past the end of the log ({} bytes)",
                log.len()
            ))
        })?;
    let bins_size = field(16);
    if bins_size == 0 || bins_size % HIVE_BIN_ALIGNMENT != 0 {
        return Err(EntryEnd::Bad(format!(
            "hive bins data size {bins_size} is not a multiple of 4096"
        )));
    }
    verify_hashes(entry)?;
    Ok(Entry {
        size,
        flags: field(8),
        sequence: expected,
        bins_size,
        pages: dirty_pages(entry, field(20), bins_size)?,
    })
}

fn verify_hashes(entry: &[u8]) -> Result<(), EntryEnd> {
    let stored_1 = u64_at(entry, 24).unwrap_or_default();
    let stored_2 = u64_at(entry, 32).unwrap_or_default();
    if marvin32(LOG_HASH_SEED, entry.get(ENTRY_HEADER..).unwrap_or_default()) != stored_1 {
        return Err(EntryEnd::Bad("hash-1 mismatch".into()));
    }
    if marvin32(LOG_HASH_SEED, entry.get(..32).unwrap_or_default()) != stored_2 {
        return Err(EntryEnd::Bad("hash-2 mismatch".into()));
    }
    Ok(())
}

/// The entry's (hive bins offset, bytes) pages, each checked to lie inside the entry and
/// inside the hive bins data size the entry declares.
fn dirty_pages(entry: &[u8], count: u32, bins_size: u32) -> Result<Vec<(u32, &[u8])>, EntryEnd> {
    let count = count as usize;
    let references_end = count
        .checked_mul(PAGE_REFERENCE)
        .and_then(|len| len.checked_add(ENTRY_HEADER))
        .filter(|&end| end <= entry.len())
        .ok_or_else(|| {
            EntryEnd::Bad(format!(
                "{count} dirty page references do not fit in the entry"
            ))
        })?;
    if count == 0 {
        return Err(EntryEnd::Bad("entry has no dirty pages".into()));
    }
    let mut pages = Vec::with_capacity(count);
    let mut cursor = references_end;
    for index in 0..count {
        let reference = ENTRY_HEADER + index * PAGE_REFERENCE;
        let page_offset = u32_at(entry, reference).unwrap_or_default();
        let page_size = u32_at(entry, reference + 4).unwrap_or_default();
        if u64::from(page_offset) + u64::from(page_size) > u64::from(bins_size) {
            return Err(EntryEnd::Bad(format!(
                "dirty page {} (hive bins offset 0x{page_offset:x}, {page_size} bytes) lies past the hive bins data size {bins_size}",
                index + 1
            )));
        }
        let bytes = cursor
            .checked_add(page_size as usize)
            .and_then(|end| entry.get(cursor..end))
            .ok_or_else(|| {
                EntryEnd::Bad(format!(
                    "dirty page {} runs past the end of the entry",
                    index + 1
                ))
            })?;
        cursor += bytes.len();
        pages.push((page_offset, bytes));
    }
    Ok(pages)
}

/// Applies the old-format log whose base block matches the hive (by last-written
/// timestamp), latest first among those that match.
fn replay_old<'l, 'a>(
    recovery: &mut Recovery,
    hive_base: &BaseBlock,
    logs: &'l [LogFile<'a>],
    notes: &mut Vec<String>,
) -> Option<&'l LogFile<'a>> {
    let reference = if hive_base.checksum_ok() {
        hive_base.last_written
    } else {
        u64_at(&recovery.data, FIRST_BIN_TIMESTAMP_AT).unwrap_or_default()
    };
    let mut applicable: Vec<&LogFile> = Vec::new();
    for log in logs {
        if log.base.last_written == reference {
            applicable.push(log);
        } else {
            notes.push(format!(
                "{}: old-format log written at {}, the hive at {reference}; not applicable",
                log.name, log.base.last_written
            ));
        }
    }
    applicable.sort_by_key(|log| {
        std::cmp::Reverse(
            log.base
                .primary_sequence
                .wrapping_sub(hive_base.secondary_sequence),
        )
    });
    for log in applicable {
        match recovery.apply_dirty_vector(log) {
            Ok(pages) => {
                notes.push(format!(
                    "applied {pages} dirty pages from {} (old-format log)",
                    log.name
                ));
                return Some(log);
            }
            Err(problem) => notes.push(format!("{}: {problem}; not applied", log.name)),
        }
    }
    None
}

impl Recovery {
    /// Makes room for `bins_size` bytes of hive bins, growing at most by what the log
    /// itself could have supplied, so a lying size cannot force a huge allocation.
    fn grow_to(&mut self, bins_size: u32, log: &LogFile) -> Result<(), String> {
        let needed = BASE_BLOCK_SIZE.saturating_add(bins_size as usize);
        let growth = needed.saturating_sub(self.data.len());
        if growth > log.bytes.len() {
            return Err(format!(
                "hive bins data size {bins_size} would grow the hive by {growth} bytes, more than the log holds"
            ));
        }
        if growth > 0 {
            self.data.resize(needed, 0);
        }
        Ok(())
    }

    fn write_page(&mut self, bins_offset: usize, page: &[u8]) {
        let start = BASE_BLOCK_SIZE.saturating_add(bins_offset);
        if let Some(target) = start
            .checked_add(page.len())
            .and_then(|end| self.data.get_mut(start..end))
        {
            target.copy_from_slice(page);
        }
    }

    fn apply_entry(
        &mut self,
        entry: &Entry,
        hive_base: &BaseBlock,
        log: &LogFile,
    ) -> Result<(), String> {
        self.grow_to(entry.bins_size, log)?;
        for &(offset, page) in &entry.pages {
            self.write_page(offset as usize, page);
        }
        // Only bit 0 of the base block flags travels with log entries.
        let flags = self
            .fields
            .as_ref()
            .map_or(hive_base.flags, |fields| fields.flags);
        self.fields = Some(RecoveredFields {
            sequence: entry.sequence,
            bins_size: entry.bins_size,
            flags: (flags & !1) | (entry.flags & 1),
        });
        Ok(())
    }

    fn apply_dirty_vector(&mut self, log: &LogFile) -> Result<usize, String> {
        let bins_size = log.base.bins_size;
        if bins_size == 0 || !bins_size.is_multiple_of(HIVE_BIN_ALIGNMENT) {
            return Err(format!(
                "hive bins data size {bins_size} is not a multiple of 4096"
            ));
        }
        if log.bytes.get(DIRTY_VECTOR_AT..DIRTY_VECTOR_AT + 4) != Some(b"DIRT".as_slice()) {
            return Err("no dirty vector (\"DIRT\") after the base block".into());
        }
        let bitmap_start = DIRTY_VECTOR_AT + 4;
        let bitmap_len = (bins_size / HIVE_BIN_ALIGNMENT) as usize;
        let bitmap = log
            .bytes
            .get(bitmap_start..bitmap_start + bitmap_len)
            .ok_or("dirty vector is truncated")?;
        let pages_start = (bitmap_start + bitmap_len).next_multiple_of(OLD_PAGE);
        let page_count: usize = bitmap.iter().map(|byte| byte.count_ones() as usize).sum();
        let pages = log
            .bytes
            .get(pages_start..)
            .filter(|pages| pages.len() / OLD_PAGE >= page_count)
            .ok_or_else(|| {
                format!("the log holds fewer than the {page_count} dirty pages its vector marks")
            })?;
        self.grow_to(bins_size, log)?;
        let dirty_bits = bitmap.iter().enumerate().flat_map(|(index, &byte)| {
            (0..8)
                .filter(move |bit| byte & (1 << bit) != 0)
                .map(move |bit| index * 8 + bit)
        });
        for (page, bit) in pages.chunks_exact(OLD_PAGE).zip(dirty_bits) {
            self.write_page(bit * OLD_PAGE, page);
        }
        self.fields = Some(RecoveredFields {
            sequence: log.base.primary_sequence,
            bins_size,
            flags: log.base.flags,
        });
        Ok(page_count)
    }
}

/// Builds the hive Windows would hold in memory after replay: the log's copy of the base
/// block, marked primary and clean, with the replayed sequence number, size and flags.
fn recovered_hive(
    mut data: Vec<u8>,
    fields: &RecoveredFields,
    log: &LogFile,
    original: BaseBlock,
) -> Hive {
    if data.len() < BASE_BLOCK_SIZE {
        data.resize(BASE_BLOCK_SIZE, 0);
    }
    if let (Some(target), Some(sector)) = (
        data.get_mut(..BASE_BLOCK_SECTOR),
        log.bytes.get(..BASE_BLOCK_SECTOR),
    ) {
        target.copy_from_slice(sector);
    }
    if let Some(block) = data.get_mut(..BASE_BLOCK_SIZE) {
        write_recovered(block, fields);
    }
    match BaseBlock::parse(&data) {
        Ok(base) => Hive::assemble(data, base, Vec::new()),
        Err(error) => {
            let note = format!("recovered base block unreadable ({error}); kept the original");
            Hive::assemble(data, original, vec![note])
        }
    }
}
