//! Cabinet files (MSCF): each folder is decoded in one forward pass (stored, MSZIP, LZX) and its
//! files are carved out of it in directory order.

use std::io::{self, Read};

use flate2::{Decompress, FlushDecompress, Status};
use lzxd::{Lzxd, WindowSize};

use super::limits::Gauge;
use super::{Offer, Outcome, Session};

const HEADER_LEN: usize = 36;
const FLAG_PREVIOUS_CABINET: u16 = 0x0001;
const FLAG_NEXT_CABINET: u16 = 0x0002;
const FLAG_RESERVE_PRESENT: u16 = 0x0004;
const FOLDER_CONTINUED_FROM_PREVIOUS: u16 = 0xFFFD;
const FILE_LEN: usize = 16;
const DATA_HEADER_LEN: usize = 8;
/// Names are at most 256 bytes by the spec; a little slack for sloppy writers.
const MAX_NAME_LEN: usize = 1024;
/// The deflate window MSZIP blocks may refer back into.
const MSZIP_HISTORY: usize = 32 * 1024;

#[derive(Debug, Clone, Copy)]
enum Method {
    Stored,
    MsZip,
    Lzx(WindowSize),
    Quantum,
    Unknown(u16),
}

struct Folder {
    first_block: usize,
    blocks: u16,
    method: Method,
}

struct File {
    name: String,
    size: u32,
    offset: u32,
    folder: u16,
}

struct Cabinet {
    folders: Vec<Folder>,
    files: Vec<File>,
    data_reserve: usize,
}

pub(super) fn list(data: &[u8], session: &mut Session) {
    let cabinet = match parse(data) {
        Ok(cabinet) => cabinet,
        Err(error) => {
            session.problem(None, format!("cab: {error}"));
            return;
        }
    };
    let mut gauge = Gauge::new(data.len() as u64);
    // One folder is decoded at a time; going back in it, or to another, starts it over.
    let mut current: Option<(u16, FolderStream<'_>)> = None;
    let mut broken_folder: Option<u16> = None;
    for file in &cabinet.files {
        let name = file.name.as_str();
        let declared = Some(u64::from(file.size));
        if file.folder >= FOLDER_CONTINUED_FROM_PREVIOUS {
            let what = "a file split across cabinets".to_string();
            if session.offer(name, declared, Offer::Unsupported(what)) == Outcome::Stop {
                return;
            }
            continue;
        }
        let Some(folder) = cabinet.folders.get(usize::from(file.folder)) else {
            let why = format!(
                "folder {} does not exist ({} folders)",
                file.folder,
                cabinet.folders.len()
            );
            if session.offer(name, declared, Offer::Damaged(why)) == Outcome::Stop {
                return;
            }
            continue;
        };
        let unsupported = match folder.method {
            Method::Quantum => Some("Quantum".to_string()),
            Method::Unknown(bits) => Some(format!("compression type {bits:#06x}")),
            Method::Stored | Method::MsZip | Method::Lzx(_) => None,
        };
        if let Some(what) = unsupported {
            if session.offer(name, declared, Offer::Unsupported(what)) == Outcome::Stop {
                return;
            }
            continue;
        }
        if broken_folder == Some(file.folder) {
            let why = format!("folder {} is damaged before this file", file.folder);
            if session.offer(name, declared, Offer::Damaged(why)) == Outcome::Stop {
                return;
            }
            continue;
        }
        let offset = u64::from(file.offset);
        let reusable = matches!(&current, Some((index, stream)) if *index == file.folder && stream.position <= offset);
        if !reusable {
            current = Some((
                file.folder,
                FolderStream::new(data, folder, cabinet.data_reserve),
            ));
        }
        let Some((_, stream)) = current.as_mut() else {
            continue;
        };
        let gap = offset - stream.position;
        if gap > 0 {
            match session.discard(stream, gap, &mut gauge, name) {
                Ok(skipped) if skipped == gap => {}
                Ok(_) => {
                    let why = format!("folder {} ends before offset {offset}", file.folder);
                    current = None;
                    if session.offer(name, declared, Offer::Damaged(why)) == Outcome::Stop {
                        return;
                    }
                    continue;
                }
                Err(Outcome::Stop) => return,
                Err(_) => {
                    broken_folder = Some(file.folder);
                    current = None;
                    continue;
                }
            }
        }
        let mut content = stream.take(u64::from(file.size));
        let outcome = session.offer(
            name,
            declared,
            Offer::Data {
                reader: &mut content,
                gauge: &mut gauge,
                drain: false,
            },
        );
        match outcome {
            Outcome::Stop => return,
            Outcome::Broken => {
                broken_folder = Some(file.folder);
                current = None;
            }
            Outcome::Next => {}
        }
    }
}

fn field_u16(data: &[u8], offset: usize) -> Option<u16> {
    Some(u16::from_le_bytes(
        data.get(offset..offset.checked_add(2)?)?.try_into().ok()?,
    ))
}

fn field_u32(data: &[u8], offset: usize) -> Option<u32> {
    Some(u32::from_le_bytes(
        data.get(offset..offset.checked_add(4)?)?.try_into().ok()?,
    ))
}

/// The bytes of a NUL-terminated string at `offset`, and the offset after its NUL.
fn c_string(data: &[u8], offset: usize) -> Option<(&[u8], usize)> {
    let window = data.get(offset..)?;
    let window = &window[..window.len().min(MAX_NAME_LEN + 1)];
    let end = window.iter().position(|&byte| byte == 0)?;
    Some((&window[..end], offset + end + 1))
}

fn parse(data: &[u8]) -> Result<Cabinet, String> {
    let truncated =
        |what: &str, offset: usize| format!("{what} at offset {offset} runs past the end");
    if data.len() < HEADER_LEN {
        return Err(truncated("header", 0));
    }
    let files_offset = field_u32(data, 16).ok_or_else(|| truncated("header", 0))?;
    let folder_count = field_u16(data, 26).ok_or_else(|| truncated("header", 0))?;
    let file_count = field_u16(data, 28).ok_or_else(|| truncated("header", 0))?;
    let flags = field_u16(data, 30).ok_or_else(|| truncated("header", 0))?;
    let mut offset = HEADER_LEN;
    let (mut folder_reserve, mut data_reserve) = (0usize, 0usize);
    if flags & FLAG_RESERVE_PRESENT != 0 {
        let header_reserve =
            field_u16(data, offset).ok_or_else(|| truncated("reserve sizes", offset))?;
        folder_reserve = usize::from(
            *data
                .get(offset + 2)
                .ok_or_else(|| truncated("reserve sizes", offset))?,
        );
        data_reserve = usize::from(
            *data
                .get(offset + 3)
                .ok_or_else(|| truncated("reserve sizes", offset))?,
        );
        offset += 4 + usize::from(header_reserve);
    }
    let linked = [FLAG_PREVIOUS_CABINET, FLAG_NEXT_CABINET]
        .iter()
        .filter(|&&flag| flags & flag != 0)
        .count();
    // Each linked cabinet is named twice: its file and its disk.
    for _ in 0..linked * 2 {
        let (_, after) =
            c_string(data, offset).ok_or_else(|| truncated("linked cabinet name", offset))?;
        offset = after;
    }
    let mut folders = Vec::with_capacity(usize::from(folder_count));
    for _ in 0..folder_count {
        let first_block =
            field_u32(data, offset).ok_or_else(|| truncated("folder entry", offset))?;
        let blocks =
            field_u16(data, offset + 4).ok_or_else(|| truncated("folder entry", offset))?;
        let method_bits =
            field_u16(data, offset + 6).ok_or_else(|| truncated("folder entry", offset))?;
        folders.push(Folder {
            first_block: usize::try_from(first_block).unwrap_or(usize::MAX),
            blocks,
            method: method(method_bits),
        });
        offset += 8 + folder_reserve;
    }
    let mut offset = usize::try_from(files_offset).unwrap_or(usize::MAX);
    let mut files = Vec::with_capacity(usize::from(file_count));
    for _ in 0..file_count {
        let size = field_u32(data, offset).ok_or_else(|| truncated("file entry", offset))?;
        let folder_offset =
            field_u32(data, offset + 4).ok_or_else(|| truncated("file entry", offset))?;
        let folder = field_u16(data, offset + 8).ok_or_else(|| truncated("file entry", offset))?;
        let (raw_name, after) = c_string(data, offset + FILE_LEN)
            .ok_or_else(|| truncated("file name", offset + FILE_LEN))?;
        // UTF-8 names (attribute 0x80) and names in an OEM code page alike go through lossy
        // UTF-8; the separator is '\\' by definition.
        let name = String::from_utf8_lossy(raw_name).replace('\\', "/");
        files.push(File {
            name,
            size,
            offset: folder_offset,
            folder,
        });
        offset = after;
    }
    Ok(Cabinet {
        folders,
        files,
        data_reserve,
    })
}

fn method(bits: u16) -> Method {
    match bits & 0x000F {
        0 => Method::Stored,
        1 => Method::MsZip,
        2 => Method::Quantum,
        3 => match (bits >> 8) & 0x1F {
            15 => Method::Lzx(WindowSize::KB32),
            16 => Method::Lzx(WindowSize::KB64),
            17 => Method::Lzx(WindowSize::KB128),
            18 => Method::Lzx(WindowSize::KB256),
            19 => Method::Lzx(WindowSize::KB512),
            20 => Method::Lzx(WindowSize::MB1),
            21 => Method::Lzx(WindowSize::MB2),
            _ => Method::Unknown(bits),
        },
        _ => Method::Unknown(bits),
    }
}

enum Codec {
    Stored,
    MsZip {
        inflater: Box<Decompress>,
        history: Vec<u8>,
    },
    Lzx(Box<Lzxd>),
}

/// The uncompressed bytes of one folder, decoded block by block as they are read.
struct FolderStream<'d> {
    data: &'d [u8],
    next_block: usize,
    blocks_left: u16,
    blocks_done: u32,
    data_reserve: usize,
    codec: Codec,
    out: Vec<u8>,
    out_pos: usize,
    /// Offset in the folder of the next byte `read` returns.
    position: u64,
}

impl<'d> FolderStream<'d> {
    fn new(data: &'d [u8], folder: &Folder, data_reserve: usize) -> FolderStream<'d> {
        let codec = match folder.method {
            Method::MsZip => Codec::MsZip {
                inflater: Box::new(Decompress::new(false)),
                history: Vec::new(),
            },
            Method::Lzx(window) => Codec::Lzx(Box::new(Lzxd::new(window))),
            Method::Stored | Method::Quantum | Method::Unknown(_) => Codec::Stored,
        };
        FolderStream {
            data,
            next_block: folder.first_block,
            blocks_left: folder.blocks,
            blocks_done: 0,
            data_reserve,
            codec,
            out: Vec::new(),
            out_pos: 0,
            position: 0,
        }
    }

    /// Decodes the next data block into `out`; false when the folder has no more.
    fn load_block(&mut self) -> io::Result<bool> {
        if self.blocks_left == 0 {
            return Ok(false);
        }
        let at = self.next_block;
        let damaged = |what: String| {
            io::Error::other(format!(
                "data block {} at offset {at}: {what}",
                self.blocks_done
            ))
        };
        let (Some(compressed), Some(expected)) =
            (field_u16(self.data, at + 4), field_u16(self.data, at + 6))
        else {
            return Err(damaged("header runs past the end".to_string()));
        };
        let start = at + DATA_HEADER_LEN + self.data_reserve;
        let end = start + usize::from(compressed);
        let Some(input) = self.data.get(start..end) else {
            return Err(damaged(format!("{compressed} bytes run past the end")));
        };
        let expected = usize::from(expected);
        self.out.clear();
        self.out_pos = 0;
        match &mut self.codec {
            Codec::Stored if input.len() == expected => self.out.extend_from_slice(input),
            Codec::Stored => {
                return Err(damaged(format!(
                    "stored block of {} bytes claims {expected}",
                    input.len()
                )));
            }
            Codec::MsZip { inflater, history } => {
                inflate_mszip(inflater, history, input, expected, &mut self.out)
                    .map_err(damaged)?;
            }
            Codec::Lzx(lzx) => {
                let decoded = lzx
                    .decompress_next(input, expected)
                    .map_err(|error| damaged(format!("LZX: {error}")))?;
                self.out.extend_from_slice(decoded);
            }
        }
        self.next_block = end;
        self.blocks_left -= 1;
        self.blocks_done += 1;
        Ok(true)
    }
}

impl Read for FolderStream<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos == self.out.len() {
            if buf.is_empty() || !self.load_block()? {
                return Ok(0);
            }
        }
        let available = &self.out[self.out_pos..];
        let count = available.len().min(buf.len());
        buf[..count].copy_from_slice(&available[..count]);
        self.out_pos += count;
        self.position += count as u64;
        Ok(count)
    }
}

/// Inflates one MSZIP block: a complete deflate stream after "CK" whose back-references may
/// reach into the previous block's output.
fn inflate_mszip(
    inflater: &mut Decompress,
    history: &mut Vec<u8>,
    input: &[u8],
    expected: usize,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let body = input
        .strip_prefix(b"CK")
        .ok_or_else(|| "MSZIP block without its CK signature".to_string())?;
    inflater.reset(false);
    if !history.is_empty() {
        // Replaying the history as a stored deflate block primes the window for this block.
        let length = history.len() as u16;
        let mut preset = Vec::with_capacity(5 + history.len());
        preset.push(0);
        preset.extend_from_slice(&length.to_le_bytes());
        preset.extend_from_slice(&(!length).to_le_bytes());
        preset.extend_from_slice(history);
        let mut replayed = vec![0u8; history.len()];
        let status = inflater.decompress(&preset, &mut replayed, FlushDecompress::Sync);
        if !matches!(status, Ok(Status::Ok)) || inflater.total_out() != history.len() as u64 {
            return Err("MSZIP history could not be replayed".to_string());
        }
    }
    let before = inflater.total_out();
    out.resize(expected, 0);
    let status = inflater
        .decompress(body, out, FlushDecompress::Finish)
        .map_err(|error| format!("MSZIP: {error}"))?;
    let produced = usize::try_from(inflater.total_out() - before).unwrap_or(usize::MAX);
    if status != Status::StreamEnd || produced != expected {
        return Err(format!(
            "MSZIP block gave {produced} bytes, {expected} expected"
        ));
    }
    let keep_from_history = MSZIP_HISTORY.saturating_sub(out.len()).min(history.len());
    history.drain(..history.len() - keep_from_history);
    let tail_start = out.len().saturating_sub(MSZIP_HISTORY);
    history.extend_from_slice(&out[tail_start..]);
    Ok(())
}
