//! Zip archives: members from the central directory, or from the local headers when the
//! directory cannot be read, hides entries, or claims more entries than we would ever list.

use std::io::Cursor;

use zip::read::{ZipFile, ZipReadOptions, read_zipfile_from_stream_with_options};
use zip::result::ZipError;
use zip::{CompressionMethod, ZipArchive};

use super::compressed::zstd_reader;
use super::limits::Gauge;
use super::{Offer, Outcome, Session, Trial, guard, pick_password, trial_decode};

const LOCAL_HEADER: &[u8; 4] = b"PK\x03\x04";
const CENTRAL_HEADER: &[u8; 4] = b"PK\x01\x02";
const DESCRIPTOR: &[u8; 4] = b"PK\x07\x08";
const END_OF_DIRECTORY: &[u8; 4] = b"PK\x05\x06";
const ZIP64_LOCATOR: &[u8; 4] = b"PK\x06\x07";
const ZIP64_END_OF_DIRECTORY: &[u8; 4] = b"PK\x06\x06";
const LOCAL_HEADER_LEN: usize = 30;
const END_OF_DIRECTORY_LEN: usize = 22;
const FLAG_ENCRYPTED: u16 = 0x0001;
const FLAG_DESCRIPTOR: u16 = 0x0008;

/// Entry counts a 16-bit directory can hold are always parsed: the zip crate keeps every entry
/// in memory, which is harmless at this size. Only a zip64 count above this and above the
/// members we may still list sends us to the local headers.
const SMALL_DIRECTORY: u64 = 65_535;

type Source<'d> = Cursor<&'d [u8]>;

pub(super) fn list(data: &[u8], session: &mut Session) {
    if let Some(claimed) = claimed_entries(data)
        && claimed > session.members_left().max(SMALL_DIRECTORY)
    {
        let message =
            format!("central directory claims {claimed} entries; reading local headers instead");
        session.problem(None, message);
        return list_local(data, session);
    }
    let mut archive = match guard(|| ZipArchive::new(Cursor::new(data))) {
        Ok(Ok(archive)) => archive,
        Ok(Err(error)) => {
            let message =
                format!("central directory unreadable ({error}); reading local headers instead");
            session.problem(None, message);
            return list_local(data, session);
        }
        Err(panic) => {
            let message = format!(
                "zip reader panicked on the central directory ({panic}); reading local headers instead"
            );
            session.problem(None, message);
            return list_local(data, session);
        }
    };
    if archive.has_duplicate_names() {
        // The zip crate keeps one entry per name, which would hide the others.
        let message = "central directory repeats a name; reading local headers instead".to_string();
        session.problem(None, message);
        return list_local(data, session);
    }
    for index in 0..archive.len() {
        if list_central_entry(&mut archive, index, data, session) == Outcome::Stop {
            return;
        }
    }
}

/// What the central directory says of one entry.
struct EntryInfo {
    name: String,
    size: u64,
    compressed: u64,
    method: u16,
    encrypted: bool,
    is_file: bool,
    header_start: u64,
}

fn list_central_entry(
    archive: &mut ZipArchive<Source<'_>>,
    index: usize,
    data: &[u8],
    session: &mut Session,
) -> Outcome {
    let info = guard(|| {
        archive.by_index_data(index).map(|entry| EntryInfo {
            name: String::from_utf8_lossy(entry.name_raw()).into_owned(),
            size: entry.size(),
            compressed: entry.compressed_size(),
            method: method_number(entry.compression()),
            encrypted: entry.encrypted(),
            is_file: entry.is_file(),
            header_start: entry.header_start(),
        })
    });
    let info = match info {
        Ok(Ok(info)) => info,
        Ok(Err(error)) => {
            session.problem(None, format!("central directory entry {index}: {error}"));
            return Outcome::Next;
        }
        Err(panic) => {
            session.problem(
                None,
                format!("zip reader panicked on entry {index}: {panic}"),
            );
            return Outcome::Next;
        }
    };
    if !info.is_file {
        return Outcome::Next;
    }
    let name = info.name.as_str();
    let declared = Some(info.size);
    let mut gauge = Gauge::new(info.compressed.min(data.len() as u64));
    let context =
        |error: &dyn std::fmt::Display| format!("entry at offset {}: {error}", info.header_start);

    if let Some(unsupported) = unsupported_method(info.method, info.encrypted) {
        return session.offer(name, declared, Offer::Unsupported(unsupported));
    }
    if is_zstd(info.method) {
        let raw = guard(|| {
            let file = archive.by_index_raw(index)?;
            Ok::<_, ZipError>(file.data_start())
        });
        let start = match raw {
            Ok(Ok(Some(start))) => start,
            Ok(Ok(None)) => {
                return session.offer(name, declared, Offer::Damaged(context(&"no data offset")));
            }
            Ok(Err(error)) => {
                return session.offer(name, declared, Offer::Damaged(context(&error)));
            }
            Err(panic) => return session.offer(name, declared, Offer::Damaged(context(&panic))),
        };
        return offer_zstd(
            data,
            start,
            info.compressed,
            name,
            declared,
            &mut gauge,
            session,
        );
    }

    let password = if info.encrypted {
        let found = pick_password(session.passwords(), |password| {
            guard(
                || match archive.by_index_decrypt(index, password.as_bytes()) {
                    Ok(mut file) => opened_trial(&mut file),
                    Err(_) => Trial::Fails,
                },
            )
            .unwrap_or(Trial::Fails)
        });
        match found {
            Some(password) => Some(password),
            None => return session.offer(name, declared, Offer::Encrypted),
        }
    } else {
        None
    };
    let options = ZipReadOptions::new().password(password.as_deref().map(str::as_bytes));
    let opened = guard(|| archive.by_index_with_options(index, options));
    match opened {
        Ok(Ok(mut file)) => offer_file(&mut file, name, declared, &mut gauge, session),
        Ok(Err(error)) => session.offer(name, declared, Offer::Damaged(context(&error))),
        Err(panic) => session.offer(name, declared, Offer::Damaged(context(&panic))),
    }
}

fn offer_file(
    file: &mut ZipFile<'_, Source<'_>>,
    name: &str,
    declared: Option<u64>,
    gauge: &mut Gauge,
    session: &mut Session,
) -> Outcome {
    let outcome = session.offer(
        name,
        declared,
        Offer::Data {
            reader: file,
            gauge,
            drain: false,
        },
    );
    // Each entry is found through the directory, so damage in one does not end the listing.
    if outcome == Outcome::Broken {
        Outcome::Next
    } else {
        outcome
    }
}

fn offer_zstd(
    data: &[u8],
    start: u64,
    compressed: u64,
    name: &str,
    declared: Option<u64>,
    gauge: &mut Gauge,
    session: &mut Session,
) -> Outcome {
    let range = usize::try_from(start).ok().and_then(|start| {
        let end = start.checked_add(usize::try_from(compressed).ok()?)?;
        data.get(start..end)
    });
    let Some(stream) = range else {
        let message = format!("zstd data at offset {start} ({compressed} bytes) runs past the end");
        return session.offer(name, declared, Offer::Damaged(message));
    };
    let mut reader = zstd_reader(stream);
    let outcome = session.offer(
        name,
        declared,
        Offer::Data {
            reader: &mut reader,
            gauge,
            drain: false,
        },
    );
    if outcome == Outcome::Broken {
        Outcome::Next
    } else {
        outcome
    }
}

#[allow(deprecated)] // `Unsupported` is the only way to get at the number of other methods.
fn method_number(method: CompressionMethod) -> u16 {
    match method {
        CompressionMethod::Stored => 0,
        CompressionMethod::Deflated => 8,
        CompressionMethod::Deflate64 => 9,
        CompressionMethod::Bzip2 => 12,
        CompressionMethod::Lzma => 14,
        CompressionMethod::Xz => 95,
        CompressionMethod::Ppmd => 98,
        CompressionMethod::Aes => 99,
        CompressionMethod::Unsupported(number) => number,
        _ => u16::MAX,
    }
}

fn is_zstd(method: u16) -> bool {
    // 20 is the number zstd had before APPNOTE 6.3.8 moved it to 93; both are in use.
    matches!(method, 20 | 93)
}

/// The name of a compression method we cannot decode, or None if we can.
fn unsupported_method(method: u16, encrypted: bool) -> Option<String> {
    let name = match method {
        0 | 8 | 9 | 12 | 14 | 95 | 98 => return None,
        20 | 93 if !encrypted => return None,
        20 | 93 => "zstd in an encrypted entry",
        1 => "shrink",
        2..=5 => "reduce",
        6 => "implode",
        7 => "tokenize",
        10 => "PKWARE DCL implode",
        16 => "IBM z/OS CMPSC",
        18 => "IBM TERSE",
        19 => "IBM LZ77 z",
        94 => "MP3",
        96 => "JPEG",
        97 => "WavPack",
        99 => "AES without its extra field",
        other => return Some(format!("compression method {other}")),
    };
    Some(name.to_string())
}

/// The largest entry count claimed by an end-of-central-directory record in the last 64 KiB
/// (or by the zip64 record it defers to), read without trusting anything else. Every candidate
/// counts, since the zip crate falls back to earlier records when a later one fails.
fn claimed_entries(data: &[u8]) -> Option<u64> {
    let search_from = data
        .len()
        .saturating_sub(END_OF_DIRECTORY_LEN + usize::from(u16::MAX));
    let last = data.len().checked_sub(END_OF_DIRECTORY_LEN)?;
    (search_from..=last)
        .filter(|&offset| data[offset..].starts_with(END_OF_DIRECTORY))
        .filter_map(|record| claimed_by(data, record))
        .max()
}

fn claimed_by(data: &[u8], record: usize) -> Option<u64> {
    let count = u64::from(read_u16(data, record + 10)?);
    let zip64_count = || {
        let locator = record.checked_sub(20)?;
        if !data[locator..].starts_with(ZIP64_LOCATOR) {
            return None;
        }
        let zip64_record = usize::try_from(read_u64(data, locator + 8)?).ok()?;
        if !data
            .get(zip64_record..)?
            .starts_with(ZIP64_END_OF_DIRECTORY)
        {
            return None;
        }
        read_u64(data, zip64_record + 32)
    };
    Some(count.max(zip64_count().unwrap_or(0)))
}

fn read_u16(data: &[u8], offset: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        data.get(offset..offset.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn read_u32(data: &[u8], offset: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        data.get(offset..offset.checked_add(4)?)?.try_into().ok()?,
    ))
}

fn read_u64(data: &[u8], offset: usize) -> Option<u64> {
    Some(u64::from_le_bytes(
        data.get(offset..offset.checked_add(8)?)?.try_into().ok()?,
    ))
}

fn find(data: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let haystack = data.get(from..)?;
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|position| from + position)
}

/// One entry found by its local header.
struct LocalEntry {
    start: usize,
    name: String,
    method: u16,
    flags: u16,
    data_start: usize,
    /// Where its data ends, as far as it could be told.
    data_end: usize,
    /// Sizes and CRC, from the header or the data descriptor, when known.
    compressed: u64,
    size: Option<u64>,
    crc: Option<u32>,
    /// Where the next local header may start.
    next: usize,
}

/// Walks the local headers from the start of the archive, the way a streaming unzip does.
fn list_local(data: &[u8], session: &mut Session) {
    let mut offset = 0usize;
    while let Some(start) = find(data, LOCAL_HEADER, offset) {
        let Some(entry) = parse_local(data, start) else {
            offset = start + LOCAL_HEADER.len();
            continue;
        };
        offset = entry.next.max(start + LOCAL_HEADER.len());
        if entry.name.ends_with('/') && entry.data_end == entry.data_start {
            continue;
        }
        if list_local_entry(data, &entry, session) == Outcome::Stop {
            return;
        }
    }
}

fn parse_local(data: &[u8], start: usize) -> Option<LocalEntry> {
    let flags = read_u16(data, start + 6)?;
    let method = read_u16(data, start + 8)?;
    let crc = read_u32(data, start + 14)?;
    let compressed32 = read_u32(data, start + 18)?;
    let size32 = read_u32(data, start + 22)?;
    let name_len = usize::from(read_u16(data, start + 26)?);
    let extra_len = usize::from(read_u16(data, start + 28)?);
    let name_start = start + LOCAL_HEADER_LEN;
    let raw_name = data.get(name_start..name_start + name_len)?;
    let extra = data.get(name_start + name_len..name_start + name_len + extra_len)?;
    let data_start = name_start + name_len + extra_len;
    let (mut size, mut compressed) = (u64::from(size32), u64::from(compressed32));
    if size32 == u32::MAX || compressed32 == u32::MAX {
        let (zip64_size, zip64_compressed) =
            zip64_sizes(extra, size32 == u32::MAX, compressed32 == u32::MAX);
        size = zip64_size.unwrap_or(size);
        compressed = zip64_compressed.unwrap_or(compressed);
    }
    let mut entry = LocalEntry {
        start,
        name: String::from_utf8_lossy(raw_name).into_owned(),
        method,
        flags,
        data_start,
        data_end: data_start,
        compressed,
        size: Some(size),
        crc: Some(crc),
        next: data_start,
    };
    if flags & FLAG_DESCRIPTOR != 0 && compressed == 0 {
        locate_by_descriptor(data, &mut entry);
    } else {
        let end = usize::try_from(compressed)
            .ok()
            .and_then(|length| data_start.checked_add(length))
            .map_or(data.len(), |end| end.min(data.len()));
        entry.data_end = end;
        entry.next = end;
    }
    Some(entry)
}

/// Values of the zip64 extra field (0x0001), which holds only the sizes the header maxed out.
fn zip64_sizes(
    mut extra: &[u8],
    want_size: bool,
    want_compressed: bool,
) -> (Option<u64>, Option<u64>) {
    while extra.len() >= 4 {
        let id = u16::from_le_bytes([extra[0], extra[1]]);
        let length = usize::from(u16::from_le_bytes([extra[2], extra[3]]));
        let Some(body) = extra.get(4..4 + length) else {
            break;
        };
        if id == 1 {
            let mut values = body
                .chunks_exact(8)
                .map(|value| u64::from_le_bytes(value.try_into().unwrap_or_default()));
            let size = if want_size { values.next() } else { None };
            let compressed = if want_compressed { values.next() } else { None };
            return (size, compressed);
        }
        extra = &extra[4 + length..];
    }
    (None, None)
}

/// Finds where an entry whose sizes follow its data ends: at a data descriptor whose recorded
/// size matches its distance, else just before the next header.
fn locate_by_descriptor(data: &[u8], entry: &mut LocalEntry) {
    let next_header = [LOCAL_HEADER, CENTRAL_HEADER]
        .iter()
        .filter_map(|signature| find(data, *signature, entry.data_start))
        .min()
        .unwrap_or(data.len());
    let mut search = entry.data_start;
    // A descriptor is 16 bytes (24 with zip64), so it may reach past where the next header begins.
    let search_end = next_header.saturating_add(1).min(data.len());
    while let Some(at) = find(&data[..search_end], DESCRIPTOR, search) {
        let distance = (at - entry.data_start) as u64;
        if read_u32(data, at + 8).map(u64::from) == Some(distance) {
            entry.crc = read_u32(data, at + 4);
            entry.size = read_u32(data, at + 12).map(u64::from);
            (entry.compressed, entry.data_end, entry.next) = (distance, at, at + 16);
            return;
        }
        if read_u64(data, at + 8) == Some(distance) {
            entry.crc = read_u32(data, at + 4);
            entry.size = read_u64(data, at + 16);
            (entry.compressed, entry.data_end, entry.next) = (distance, at, at + 24);
            return;
        }
        search = at + 1;
    }
    entry.compressed = (next_header - entry.data_start) as u64;
    (entry.data_end, entry.next, entry.size, entry.crc) = (next_header, next_header, None, None);
}

fn list_local_entry(data: &[u8], entry: &LocalEntry, session: &mut Session) -> Outcome {
    let name = entry.name.as_str();
    let declared = entry.size;
    let encrypted = entry.flags & FLAG_ENCRYPTED != 0;
    let mut gauge = Gauge::new(entry.compressed.min(data.len() as u64));
    // The AES extra field names the real method; the zip crate reads it, so leave 99 to it.
    if entry.method != 99
        && let Some(unsupported) = unsupported_method(entry.method, encrypted)
    {
        return session.offer(name, declared, Offer::Unsupported(unsupported));
    }
    if is_zstd(entry.method) {
        return offer_zstd(
            data,
            entry.data_start as u64,
            entry.compressed,
            name,
            declared,
            &mut gauge,
            session,
        );
    }
    let context =
        |error: &dyn std::fmt::Display| format!("local header at offset {}: {error}", entry.start);
    let mut source = Cursor::new(data);
    let password = if encrypted {
        let found = pick_password(session.passwords(), |password| {
            source.set_position(entry.start as u64);
            let options = local_options(entry, Some(password.as_bytes()));
            guard(
                || match read_zipfile_from_stream_with_options(&mut source, options) {
                    Ok(Some(mut file)) => opened_trial(&mut file),
                    Ok(None) | Err(_) => Trial::Fails,
                },
            )
            .unwrap_or(Trial::Fails)
        });
        match found {
            Some(password) => Some(password),
            None => return session.offer(name, declared, Offer::Encrypted),
        }
    } else {
        None
    };
    source.set_position(entry.start as u64);
    let options = local_options(entry, password.as_deref().map(str::as_bytes));
    let opened = guard(|| read_zipfile_from_stream_with_options(&mut source, options));
    match opened {
        Ok(Ok(Some(mut file))) => offer_file(&mut file, name, declared, &mut gauge, session),
        Ok(Ok(None)) => session.offer(name, declared, Offer::Damaged(context(&"no local header"))),
        Ok(Err(ZipError::InvalidPassword)) => session.offer(name, declared, Offer::Encrypted),
        Ok(Err(error)) => session.offer(name, declared, Offer::Damaged(context(&error))),
        Err(panic) => session.offer(name, declared, Offer::Damaged(context(&panic))),
    }
}

/// How far a member the zip crate opened with a candidate password decodes: it opens at least,
/// since the crate opens an encrypted member only once its key check passed.
fn opened_trial(file: &mut ZipFile<'_, impl std::io::Read>) -> Trial {
    let size = file.size();
    trial_decode(file, size).max(Trial::Opens)
}

/// Reading options for an entry found by its local header: its sizes come from us, not from the
/// header, which leaves them out when a data descriptor follows.
fn local_options<'p>(entry: &LocalEntry, password: Option<&'p [u8]>) -> ZipReadOptions<'p> {
    let mut options = ZipReadOptions::new()
        .password(password)
        .override_compressed_size(entry.compressed);
    if let Some(size) = entry.size {
        options = options.override_uncompressed_size(size);
    }
    match entry.crc {
        Some(crc) => options.override_crc(crc),
        None => options.ignore_crc32(true),
    }
}
