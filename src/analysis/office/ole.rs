//! OLE2 / Compound File Binary containers (MS-CFB): .doc, .xls, .ppt, .msi, vbaProject.bin and
//! embedded objects, read into memory as a flat list of streams.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Component, Path};

/// The compound file header signature (MS-CFB 2.2).
const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Whether `data` starts with the compound file signature.
pub fn is_ole(data: &[u8]) -> bool {
    data.starts_with(&SIGNATURE)
}

/// One stream of a compound file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    /// Storage names and the stream name joined by "/", without a leading "/", e.g.
    /// "Macros/VBA/ThisDocument". Control characters that start some names
    /// ("\u{1}Ole10Native", "\u{5}SummaryInformation") are kept as they are.
    pub path: String,
    pub data: Vec<u8>,
}

/// Every stream of the compound file `data`, in path order, each at most `max_stream` bytes and
/// at most `max_total` bytes in all. A stream over either limit, or one that cannot be read, is left
/// out and described in the returned problem list; the other streams are still read.
///
/// Work is bounded on hostile input: the `cfb` crate rejects FAT and MiniFAT chains that loop
/// or share sectors, directory trees with loops, and files over its sector limit, so the walk
/// visits each directory entry at most once; the limits here bound the bytes read. An error
/// means the file could not be opened as a compound file at all.
pub fn streams(
    data: &[u8],
    max_stream: u64,
    max_total: u64,
) -> Result<(Vec<Stream>, Vec<String>), String> {
    if !is_ole(data) {
        return Err("not a compound file: no D0 CF 11 E0 A1 B1 1A E1 signature".to_string());
    }
    let mut file = guarded("opening the compound file", || {
        cfb::CompoundFile::open(Cursor::new(data))
    })?;
    // (path for cfb, path as reported, problem with the name, declared length)
    let mut entries = guarded("walking the compound file directory", || {
        Ok(file
            .walk()
            .filter(|entry| entry.is_stream())
            .map(|entry| {
                let path = entry.path().to_path_buf();
                let shown = display_path(&path);
                let unusable = name_is_unusable(entry.name());
                (path, shown, unusable, entry.len())
            })
            .collect::<Vec<_>>())
    })?;
    // The directory's red-black tree order is an artefact of the writer; path order is stable
    // and decides which streams fit in `max_total`.
    entries.sort_by(|a, b| a.1.cmp(&b.1));

    let mut streams = Vec::new();
    let mut problems = Vec::new();
    let mut total: u64 = 0;
    for (path, shown, unusable, len) in entries {
        if unusable {
            problems.push(format!(
                "stream {shown:?}: its name holds a path separator or is a dot name, not read"
            ));
            continue;
        }
        if len > max_stream {
            problems.push(format!(
                "stream {shown:?}: {len} bytes, over the {max_stream}-byte stream limit, not read"
            ));
            continue;
        }
        if total.saturating_add(len) > max_total {
            problems.push(format!(
                "stream {shown:?}: {len} bytes would pass the {max_total}-byte total limit, not read"
            ));
            continue;
        }
        let read = guarded("reading a stream", || {
            let stream = file.open_stream(&path)?;
            // `len` is at most `max_stream`, so the reservation is bounded by the caller.
            let mut buffer = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
            stream.take(len).read_to_end(&mut buffer)?;
            Ok(buffer)
        });
        match read {
            Ok(data) => {
                total += data.len() as u64;
                streams.push(Stream { path: shown, data });
            }
            Err(error) => problems.push(format!("stream {shown:?}: {error}")),
        }
    }
    Ok((streams, problems))
}

/// Runs a call into `cfb`, turning its I/O errors and any panic it raises on hostile bytes into
/// an error naming `what` was being done.
fn guarded<T>(what: &str, call: impl FnOnce() -> std::io::Result<T>) -> Result<T, String> {
    match catch_unwind(AssertUnwindSafe(call)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(format!("{what}: {error}")),
        Err(_) => Err(format!(
            "{what}: the compound file parser panicked on malformed data"
        )),
    }
}

/// The cfb path ("/Macros/VBA/dir") as "Macros/VBA/dir".
fn display_path(path: &Path) -> String {
    path.components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(name.to_string_lossy()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A name that cfb's path lookup would split or resolve elsewhere ("a/b", ".", ".."), so
/// opening the stream by path could reach a different stream.
fn name_is_unusable(name: &str) -> bool {
    name.contains('/') || name == "." || name == ".." || name.is_empty()
}
