//! 7z archives: blocks decoded in order, each member streamed from its (possibly solid) block;
//! encrypted headers and blocks are opened with the password list.

use std::io::{Cursor, Read};

use sevenz_rust2::{Archive, ArchiveEntry, BlockDecoder, EncoderMethod, Error, Password};

use super::limits::{Gauge, MAX_DICTIONARY_BYTES};
use super::{Offer, Outcome, Session, Trial, guard, pick_password, trial_decode};

/// Memory limit handed to sevenz-rust2, in KiB: for header buffers and for each decoder's
/// dictionary or model.
const MEMORY_LIMIT_KIB: usize = (MAX_DICTIONARY_BYTES / 1024) as usize;

/// One thread: a scanner runs many archives at once, so decoding must not spawn more.
const THREADS: u32 = 1;

pub(super) fn list(data: &[u8], session: &mut Session) {
    let Some((archive, header_password)) = open(data, session) else {
        return;
    };
    let files = &archive.files;
    // Entries are visited in `files` order; entries without data that lie outside every block
    // are visited where they stand, between blocks.
    let mut next_file = 0usize;
    let mut gauge = Gauge::new(data.len() as u64);
    for block_index in 0..archive.blocks.len() {
        let Some(&first) = archive.stream_map.block_first_file_index.get(block_index) else {
            session.problem(None, format!("7z block {block_index} has no file map"));
            return;
        };
        let first = first.min(files.len());
        if next_file < first {
            if list_empty(&files[next_file..first], session) == Outcome::Stop {
                return;
            }
            next_file = first;
        }
        let (outcome, end) = list_block(
            &archive,
            block_index,
            data,
            &header_password,
            &mut gauge,
            session,
        );
        next_file = next_file.max(end);
        if outcome == Outcome::Stop {
            return;
        }
    }
    if next_file < files.len() {
        list_empty(&files[next_file..], session);
    }
}

/// Reads the archive header, trying the passwords when it is encrypted.
fn open(data: &[u8], session: &mut Session) -> Option<(Archive, Password)> {
    let read = |password: &Password| {
        let mut source = Cursor::new(data);
        guard(|| Archive::read_with_memory_limit(&mut source, password, MEMORY_LIMIT_KIB))
    };
    let error = match read(&Password::empty()) {
        Ok(Ok(archive)) => return Some((archive, Password::empty())),
        Ok(Err(error)) => error,
        Err(panic) => {
            session.problem(None, format!("7z reader panicked on the header: {panic}"));
            return None;
        }
    };
    if !matches!(error, Error::PasswordRequired | Error::MaybeBadPassword(_)) {
        session.problem(None, format!("cannot read the 7z header: {error}"));
        return None;
    }
    let passwords = session.passwords().to_vec();
    for candidate in &passwords {
        let password = Password::from(candidate.as_str());
        if let Ok(Ok(archive)) = read(&password) {
            return Some((archive, password));
        }
    }
    let message = "7z header is encrypted and no password in the list opened it".to_string();
    session.problem(None, message);
    None
}

fn is_member(entry: &ArchiveEntry) -> bool {
    !entry.is_directory() && !entry.is_anti_item()
}

fn list_empty(entries: &[ArchiveEntry], session: &mut Session) -> Outcome {
    for entry in entries.iter().filter(|entry| is_member(entry)) {
        let mut gauge = Gauge::new(0);
        let outcome = session.offer(
            entry.name(),
            Some(entry.size()),
            Offer::Data {
                reader: &mut std::io::empty(),
                gauge: &mut gauge,
                drain: false,
            },
        );
        if outcome == Outcome::Stop {
            return Outcome::Stop;
        }
    }
    Outcome::Next
}

/// Offers each member of `entries` with the same kind of content.
fn offer_each<'o>(
    entries: &[ArchiveEntry],
    session: &mut Session,
    content: impl Fn() -> Offer<'o>,
) -> Outcome {
    for entry in entries.iter().filter(|entry| is_member(entry)) {
        if session.offer(entry.name(), Some(entry.size()), content()) == Outcome::Stop {
            return Outcome::Stop;
        }
    }
    Outcome::Next
}

fn is_encrypted(archive: &Archive, block_index: usize) -> bool {
    archive.blocks[block_index]
        .coders
        .iter()
        .any(|coder| coder.encoder_method_id() == EncoderMethod::ID_AES256_SHA256)
}

/// Lists the members of one block; returns how it went and the index of the first file after it.
fn list_block(
    archive: &Archive,
    block_index: usize,
    data: &[u8],
    header_password: &Password,
    gauge: &mut Gauge,
    session: &mut Session,
) -> (Outcome, usize) {
    let mut source = Cursor::new(data);
    let first = archive.stream_map.block_first_file_index[block_index];
    let count = block_decoder(archive, block_index, header_password, &mut source)
        .entries()
        .len();
    let end = first + count;
    let Some(block_entries) = archive.files.get(first..end) else {
        session.problem(
            None,
            format!("7z block {block_index} lists files past the end"),
        );
        return (Outcome::Stop, end);
    };

    let password = if !is_encrypted(archive, block_index) || !header_password.is_empty() {
        Some(header_password.clone())
    } else {
        choose_password(archive, block_index, data, session)
    };
    let Some(password) = password else {
        return (offer_each(block_entries, session, || Offer::Encrypted), end);
    };

    let mut outcome = Outcome::Next;
    let mut offered = 0usize;
    // Entries the block decoder has handed over, members or not, in `block_entries` order.
    let mut handed = 0usize;
    let mut last_member: Option<String> = None;
    let decoded = guard(|| {
        block_decoder(archive, block_index, &password, &mut source).for_each_entries(
            &mut |entry: &ArchiveEntry, reader: &mut dyn Read| {
                handed += 1;
                if !is_member(entry) {
                    return Ok(true);
                }
                offered += 1;
                last_member = Some(entry.name().to_string());
                outcome = session.offer(
                    entry.name(),
                    Some(entry.size()),
                    Offer::Data {
                        reader,
                        gauge: &mut *gauge,
                        drain: true,
                    },
                );
                Ok(outcome == Outcome::Next)
            },
        )
    });
    match decoded {
        Ok(Ok(_)) => {}
        Ok(Err(error)) if offered == 0 => {
            // The block could not be set up (unsupported coder, bad password...): its members
            // are still reported, one by one.
            let content = |error: &Error| match error {
                Error::UnsupportedCompressionMethod(method) => Offer::Unsupported(method.clone()),
                Error::Unsupported(what) => Offer::Unsupported(what.to_string()),
                other => Offer::Damaged(format!("7z block {block_index}: {other}")),
            };
            if offer_each(block_entries, session, || content(&error)) == Outcome::Stop {
                return (Outcome::Stop, end);
            }
        }
        Ok(Err(error)) => {
            // Damage inside a member was reported with it; this is what the block check found.
            if outcome == Outcome::Next {
                session.problem(None, format!("7z block {block_index}: {error}"));
            }
        }
        Err(panic) => {
            let message = format!("7z reader panicked in block {block_index}: {panic}");
            session.problem(last_member.as_deref(), message);
        }
    }
    if outcome == Outcome::Broken {
        // What follows the damage in a solid block cannot be decoded; say so member by member.
        let rest = block_entries.get(handed..).unwrap_or_default();
        let why = || Offer::Damaged("earlier data in its solid 7z block is damaged".to_string());
        if offer_each(rest, session, why) == Outcome::Stop {
            return (Outcome::Stop, end);
        }
    }
    // Broken data ends its own block only: later blocks are independent.
    if outcome == Outcome::Broken {
        outcome = Outcome::Next;
    }
    (outcome, end)
}

/// Finds the password for an encrypted block by its first member ([`pick_password`]; 7z AES has
/// no password check of its own).
fn choose_password(
    archive: &Archive,
    block_index: usize,
    data: &[u8],
    session: &Session,
) -> Option<Password> {
    let chosen = pick_password(session.passwords(), |candidate| {
        let password = Password::from(candidate);
        let mut source = Cursor::new(data);
        let mut trial = Trial::Fails;
        let listed = guard(|| {
            block_decoder(archive, block_index, &password, &mut source).for_each_entries(
                &mut |entry: &ArchiveEntry, reader: &mut dyn Read| {
                    if entry.size() == 0 {
                        return Ok(true);
                    }
                    trial = trial_decode(reader, entry.size());
                    Ok(false)
                },
            )
        });
        if matches!(listed, Ok(Ok(_))) {
            trial
        } else {
            Trial::Fails
        }
    });
    chosen.map(|password| Password::from(password.as_str()))
}

fn block_decoder<'a, 'd>(
    archive: &'a Archive,
    block_index: usize,
    password: &'a Password,
    source: &'a mut Cursor<&'d [u8]>,
) -> BlockDecoder<'a, Cursor<&'d [u8]>> {
    BlockDecoder::new_with_memory_limit(
        THREADS,
        MEMORY_LIMIT_KIB,
        block_index,
        archive,
        password,
        source,
    )
}
