//! VBA macros (MS-OVBA): the compression of VBA streams, the `dir` stream that lists a
//! project's modules, the modules' source text, and scored evidence of what the macros do.

use std::collections::HashMap;

use super::ole::Stream;

/// One module of a VBA project.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// The module's name (MODULENAME, or its Unicode form when present).
    pub name: String,
    /// Path of the module's stream in the compound file, e.g. "Macros/VBA/ThisDocument".
    pub stream: String,
    /// The source text, decoded with the project's code page.
    pub source: String,
}

/// Decompressed size of one MS-OVBA chunk.
const CHUNK_SIZE: usize = 4096;
/// The most a `dir` stream may decompress to; real ones are a few kilobytes.
const DIR_LIMIT: usize = 4 << 20;
/// The most one module's source may decompress to.
const MODULE_LIMIT: usize = 8 << 20;
/// The most all modules' sources together may decompress to.
const SOURCES_LIMIT: usize = 64 << 20;

/// MS-OVBA 2.4.1 decompression of a CompressedContainer: a 0x01 signature byte, then chunks
/// of a 2-byte header (size, signature 0b011, compressed flag) and either 4096 raw bytes or
/// flag bytes each followed by 8 literal bytes or copy tokens. Errors on a bad signature, a
/// malformed chunk, a copy token reaching before its chunk, or output over `limit` bytes.
pub fn decompress(data: &[u8], limit: usize) -> Result<Vec<u8>, String> {
    let (output, problem) = decompress_partial(data, limit);
    match problem {
        None => Ok(output),
        Some(problem) => Err(problem),
    }
}

/// [`decompress`] that also hands back what it decompressed before a problem stopped it:
/// module source cut off by corruption is still worth scanning.
fn decompress_partial(data: &[u8], limit: usize) -> (Vec<u8>, Option<String>) {
    let mut output = Vec::new();
    match data.first() {
        Some(0x01) => {}
        Some(other) => {
            let problem = format!("MS-OVBA signature byte is 0x{other:02X}, not 0x01");
            return (output, Some(problem));
        }
        None => return (output, Some("empty MS-OVBA container".to_string())),
    }
    let mut position = 1;
    while position < data.len() {
        if let Err(problem) = decompress_chunk(data, &mut position, &mut output, limit) {
            return (output, Some(problem));
        }
    }
    (output, None)
}

/// Decompresses the chunk at `*position`, leaving `*position` after it.
fn decompress_chunk(
    data: &[u8],
    position: &mut usize,
    output: &mut Vec<u8>,
    limit: usize,
) -> Result<(), String> {
    let chunk_offset = *position;
    let header = read_u16(data, chunk_offset)
        .ok_or_else(|| format!("MS-OVBA chunk header at offset {chunk_offset} is truncated"))?;
    let signature = (header >> 12) & 0b111;
    if signature != 0b011 {
        return Err(format!(
            "MS-OVBA chunk at offset {chunk_offset}: header signature {signature:#05b}, not 0b011"
        ));
    }
    let start = chunk_offset + 2;
    let chunk_start = output.len();
    if header & 0x8000 == 0 {
        // A raw chunk always holds CHUNK_SIZE bytes; a last one cut short keeps what is there.
        let end = (start + CHUNK_SIZE).min(data.len());
        *position = end;
        return push_limited(output, &data[start..end], limit);
    }
    let end = (chunk_offset + usize::from(header & 0x0FFF) + 3).min(data.len());
    let mut current = start;
    while current < end {
        let flags = data[current];
        current += 1;
        for bit in 0..8 {
            if current >= end {
                break;
            }
            if flags & (1 << bit) == 0 {
                push_limited(output, &data[current..current + 1], limit)?;
                current += 1;
            } else {
                let token = read_u16(data, current)
                    .filter(|_| current + 2 <= end)
                    .ok_or_else(|| {
                        format!("MS-OVBA chunk at offset {chunk_offset}: copy token cut off")
                    })?;
                current += 2;
                copy_token(token, output, chunk_start, limit).map_err(|problem| {
                    format!("MS-OVBA chunk at offset {chunk_offset}: {problem}")
                })?;
            }
            if output.len() - chunk_start > CHUNK_SIZE {
                *position = end;
                return Err(format!(
                    "MS-OVBA chunk at offset {chunk_offset} decompresses past {CHUNK_SIZE} bytes"
                ));
            }
        }
    }
    *position = end;
    Ok(())
}

/// Applies one copy token (MS-OVBA 2.4.1.3.19.2): the split between offset and length bits
/// depends on how much of the chunk is already decompressed.
fn copy_token(
    token: u16,
    output: &mut Vec<u8>,
    chunk_start: usize,
    limit: usize,
) -> Result<(), String> {
    let difference = output.len() - chunk_start;
    let bit_count = copy_token_bit_count(difference);
    let length = usize::from(token & (0xFFFF >> bit_count)) + 3;
    let offset = usize::from(token >> (16 - bit_count)) + 1;
    if offset > difference {
        return Err(format!(
            "copy token reaches {offset} bytes back with only {difference} decompressed"
        ));
    }
    if output.len() + length > limit {
        return Err(format!("decompressed data passes the {limit}-byte limit"));
    }
    // Byte by byte: the source may overlap the bytes being written (run-length copies).
    for _ in 0..length {
        output.push(output[output.len() - offset]);
    }
    Ok(())
}

/// Bits of a copy token that hold the offset: ceil(log2(difference)), at least 4 and, for
/// chunks that stay within their 4096 bytes, at most 12.
fn copy_token_bit_count(difference: usize) -> u32 {
    let mut bits = 4;
    while bits < 12 && (1usize << bits) < difference {
        bits += 1;
    }
    bits
}

fn push_limited(output: &mut Vec<u8>, bytes: &[u8], limit: usize) -> Result<(), String> {
    if output.len() + bytes.len() > limit {
        let room = limit.saturating_sub(output.len());
        output.extend_from_slice(&bytes[..room]);
        return Err(format!("decompressed data passes the {limit}-byte limit"));
    }
    output.extend_from_slice(bytes);
    Ok(())
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

// ---------------------------------------------------------------------------------------------
// Projects and modules

/// The VBA modules of a compound file's streams (a .doc/.xls, or a vbaProject.bin).
///
/// Every storage named `VBA` that holds a `dir` stream is a project (`Macros/VBA` in Word,
/// `_VBA_PROJECT_CUR/VBA` in Excel, `VBA` at the root of a vbaProject.bin, and the same deeper
/// inside embedded storages). Its `dir` stream gives the code page and each module's name,
/// stream name and text offset; each module's source is decompressed from that offset. When a
/// `dir` stream lists no module (it is corrupt or cut short), the project's streams are
/// searched for compressed source instead (it begins with "Attribute VB_Name").
///
/// A module whose stream is missing or whose source cannot be decompressed at all is left
/// out; source cut short by corruption is kept as far as it goes. The error is returned only
/// when no module could be read and something went wrong; no VBA storage gives no modules.
pub fn modules(streams: &[Stream]) -> Result<Vec<Module>, String> {
    let by_path: HashMap<String, &Stream> = streams
        .iter()
        .map(|stream| (stream.path.to_lowercase(), stream))
        .collect();
    let mut modules = Vec::new();
    let mut problems = Vec::new();
    let mut budget = SOURCES_LIMIT;
    for stream in streams {
        let Some(storage) = project_storage(&stream.path) else {
            continue;
        };
        let project = Project {
            storage,
            dir: &stream.data,
            streams,
            by_path: &by_path,
        };
        project.read(&mut modules, &mut problems, &mut budget);
    }
    if modules.is_empty() && !problems.is_empty() {
        return Err(problems.join("; "));
    }
    Ok(modules)
}

/// The storage of a project whose `dir` stream is at `path` ("Macros/VBA/dir" gives
/// "Macros/VBA"), or None if `path` is not a `dir` stream inside a `VBA` storage.
fn project_storage(path: &str) -> Option<&str> {
    let (storage, name) = path.rsplit_once('/').unwrap_or(("", path));
    let parent = storage.rsplit('/').next().unwrap_or(storage);
    (name.eq_ignore_ascii_case("dir") && parent.eq_ignore_ascii_case("vba")).then_some(storage)
}

/// One VBA project: its storage and `dir` stream, with all the file's streams to find its
/// module streams in.
struct Project<'a> {
    storage: &'a str,
    dir: &'a [u8],
    streams: &'a [Stream],
    /// Streams by lower-cased path: compound file names compare case-insensitively.
    by_path: &'a HashMap<String, &'a Stream>,
}

impl Project<'_> {
    fn read(&self, modules: &mut Vec<Module>, problems: &mut Vec<String>, budget: &mut usize) {
        let (dir, dir_problem) = decompress_partial(self.dir, DIR_LIMIT);
        let listing = parse_dir(&dir);
        if let Some(problem) = dir_problem {
            problems.push(format!("{}/dir: {problem}", self.storage));
        }
        if let Some(problem) = &listing.problem {
            problems.push(format!("{}/dir: {problem}", self.storage));
        }
        let found_before = modules.len();
        for entry in &listing.modules {
            match self.module(entry, listing.code_page, budget) {
                Ok(module) => modules.push(module),
                Err(problem) => problems.push(problem),
            }
        }
        if listing.modules.is_empty() {
            self.scan_for_sources(listing.code_page, modules, budget);
            if modules.len() == found_before {
                problems.push(format!(
                    "{}: no modules listed in the dir stream and no module source found",
                    self.storage
                ));
            }
        }
    }

    fn module(
        &self,
        entry: &DirModule,
        code_page: u16,
        budget: &mut usize,
    ) -> Result<Module, String> {
        let name = entry
            .name_unicode
            .as_deref()
            .map(utf16le)
            .or_else(|| entry.name.as_deref().map(|bytes| decode(bytes, code_page)))
            .unwrap_or_default();
        let stream_name = entry
            .stream_unicode
            .as_deref()
            .map(utf16le)
            .or_else(|| {
                entry
                    .stream
                    .as_deref()
                    .map(|bytes| decode(bytes, code_page))
            })
            .ok_or_else(|| format!("{}: module {name:?} has no stream name", self.storage))?;
        let path = format!("{}/{stream_name}", self.storage);
        let stream = self
            .by_path
            .get(&path.to_lowercase())
            .ok_or_else(|| format!("module {name:?}: stream {path:?} is missing"))?;
        let offset = entry.offset.unwrap_or(0) as usize;
        let compressed = stream.data.get(offset..).ok_or_else(|| {
            format!(
                "module {name:?}: text offset {offset} is past the end of {path:?} ({} bytes)",
                stream.data.len()
            )
        })?;
        let (source, problem) = decompress_partial(compressed, MODULE_LIMIT.min(*budget));
        if source.is_empty() {
            let problem = problem.unwrap_or_else(|| "no source".to_string());
            return Err(format!("module {name:?} ({path:?}): {problem}"));
        }
        *budget -= source.len();
        Ok(Module {
            name: if name.is_empty() { stream_name } else { name },
            stream: stream.path.clone(),
            source: decode(&source, code_page),
        })
    }

    /// For a project whose `dir` stream lists nothing: any stream of the storage holding a
    /// compressed container that starts with literal "Attribut" (a flag byte of 0, then the
    /// first eight source bytes) is taken as a module's source.
    fn scan_for_sources(&self, code_page: u16, modules: &mut Vec<Module>, budget: &mut usize) {
        const MARKER: &[u8] = b"\x00Attribut";
        for stream in self.streams {
            let Some((storage, name)) = stream.path.rsplit_once('/') else {
                continue;
            };
            if storage != self.storage
                || name.eq_ignore_ascii_case("dir")
                || name.eq_ignore_ascii_case("_VBA_PROJECT")
            {
                continue;
            }
            let Some(at) = find(&stream.data, MARKER).filter(|&at| at >= 3) else {
                continue;
            };
            let (source, _) = decompress_partial(&stream.data[at - 3..], MODULE_LIMIT.min(*budget));
            if source.is_empty() {
                continue;
            }
            *budget -= source.len();
            modules.push(Module {
                name: name.to_string(),
                stream: stream.path.clone(),
                source: decode(&source, code_page),
            });
        }
    }
}

/// What the `dir` stream says about one module (MS-OVBA 2.3.4.2.3.2).
#[derive(Default)]
struct DirModule {
    name: Option<Vec<u8>>,
    name_unicode: Option<Vec<u8>>,
    stream: Option<Vec<u8>>,
    stream_unicode: Option<Vec<u8>>,
    offset: Option<u32>,
}

/// The parts of a decompressed `dir` stream that locate the modules.
struct DirListing {
    code_page: u16,
    modules: Vec<DirModule>,
    /// Why parsing stopped before the terminator, if it did.
    problem: Option<String>,
}

/// Record ids of the `dir` stream (MS-OVBA 2.3.4.2).
const PROJECTCODEPAGE: u16 = 0x0003;
const PROJECTVERSION: u16 = 0x0009;
const DIR_TERMINATOR: u16 = 0x0010;
const MODULENAME: u16 = 0x0019;
const MODULESTREAMNAME: u16 = 0x001A;
const MODULE_TERMINATOR: u16 = 0x002B;
const MODULEOFFSET: u16 = 0x0031;
const MODULESTREAMNAMEUNICODE: u16 = 0x0032;
const MODULENAMEUNICODE: u16 = 0x0047;

/// Walks the `dir` stream's records. Every record of PROJECTINFORMATION, PROJECTREFERENCES and
/// PROJECTMODULES is an id (u16), a size (u32) and that many bytes (the reference records'
/// inner parts included: their "Reserved" ids are record ids too), except PROJECTVERSION,
/// whose size field is a fixed 4 followed by 6 bytes of version. Unknown records are skipped,
/// so newer records (PROJECTCOMPATVERSION) and omitted optional ones do not matter.
fn parse_dir(dir: &[u8]) -> DirListing {
    let mut listing = DirListing {
        code_page: 1252,
        modules: Vec::new(),
        problem: None,
    };
    let mut current: Option<DirModule> = None;
    let mut position = 0;
    loop {
        let (Some(id), Some(size)) = (read_u16(dir, position), read_u32(dir, position + 2)) else {
            listing.problem = Some(format!(
                "records end at offset {position} without the dir terminator"
            ));
            break;
        };
        let body_start = position + 6;
        let body_len = if id == PROJECTVERSION {
            6
        } else {
            size as usize
        };
        let Some(body) = dir.get(body_start..body_start.saturating_add(body_len)) else {
            listing.problem = Some(format!(
                "record 0x{id:04X} at offset {position} claims {body_len} bytes, past the end"
            ));
            break;
        };
        position = body_start + body_len;
        match id {
            PROJECTCODEPAGE => {
                if let Some(code_page) = read_u16(body, 0) {
                    listing.code_page = code_page;
                }
            }
            MODULENAME => {
                listing.modules.extend(current.take());
                current = Some(DirModule {
                    name: Some(body.to_vec()),
                    ..DirModule::default()
                });
            }
            MODULENAMEUNICODE | MODULESTREAMNAME | MODULESTREAMNAMEUNICODE | MODULEOFFSET => {
                let module = current.get_or_insert_with(DirModule::default);
                match id {
                    MODULENAMEUNICODE => module.name_unicode = Some(body.to_vec()),
                    MODULESTREAMNAME => module.stream = Some(body.to_vec()),
                    MODULESTREAMNAMEUNICODE => module.stream_unicode = Some(body.to_vec()),
                    _ => module.offset = read_u32(body, 0),
                }
            }
            MODULE_TERMINATOR => listing.modules.extend(current.take()),
            DIR_TERMINATOR => break,
            _ => {}
        }
    }
    listing.modules.extend(current);
    listing
}

// ---------------------------------------------------------------------------------------------
// Text

/// `bytes` in code page `code_page`: Windows-1252 and 1251 by table, UTF-8 (65001), and
/// Latin-1 for any other code page so every byte still becomes one character.
fn decode(bytes: &[u8], code_page: u16) -> String {
    match code_page {
        65001 => String::from_utf8_lossy(bytes).into_owned(),
        1252 => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => table_char(&CP1252_80_9F, b - 0x80),
                _ => char::from(b),
            })
            .collect(),
        1251 => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0xBF => table_char(&CP1251_80_BF, b - 0x80),
                0xC0..=0xFF => char::from_u32(0x0410 + u32::from(b - 0xC0)).unwrap_or('\u{FFFD}'),
                _ => char::from(b),
            })
            .collect(),
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn table_char(table: &[u16], index: u8) -> char {
    table
        .get(usize::from(index))
        .and_then(|&unit| char::from_u32(u32::from(unit)))
        .unwrap_or('\u{FFFD}')
}

/// Windows-1252 0x80..=0x9F; the five unassigned bytes map to the C1 controls, as Windows does.
const CP1252_80_9F: [u16; 32] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
];

/// Windows-1251 0x80..=0xBF (0xC0..=0xFF are А..я in order).
const CP1251_80_BF: [u16; 64] = [
    0x0402, 0x0403, 0x201A, 0x0453, 0x201E, 0x2026, 0x2020, 0x2021, 0x20AC, 0x2030, 0x0409, 0x2039,
    0x040A, 0x040C, 0x040B, 0x040F, 0x0452, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x0098, 0x2122, 0x0459, 0x203A, 0x045A, 0x045C, 0x045B, 0x045F, 0x00A0, 0x040E, 0x045E, 0x0408,
    0x00A4, 0x0490, 0x00A6, 0x00A7, 0x0401, 0x00A9, 0x0404, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x0407,
    0x00B0, 0x00B1, 0x0406, 0x0456, 0x0491, 0x00B5, 0x00B6, 0x00B7, 0x0451, 0x2116, 0x0454, 0x00BB,
    0x0458, 0x0405, 0x0455, 0x0457,
];

fn utf16le(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

// ---------------------------------------------------------------------------------------------
// Evidence

/// A sign of what macro code does, with its score.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MacroEvidence {
    pub id: &'static str,
    pub score: i64,
    pub description: String,
    /// The matching source lines, trimmed, at most [`MAX_EVIDENCE_LINES`].
    pub evidence: Vec<String>,
}

/// `macro_autorun`: a procedure Office runs by itself (AutoOpen, Document_Open,
/// Workbook_Open, an ActiveX `_Layout`/`_Painted` event...). Ordinary macros have these too,
/// so alone it scores too little to report anything.
pub const SCORE_AUTORUN: i64 = 10;
/// `macro_shell`: runs a program or command (Shell, WScript.Shell, Shell.Application,
/// ShellExecute, PowerShell, cmd.exe, WMI Win32_Process, mshta/rundll32/regsvr32).
pub const SCORE_SHELL: i64 = 25;
/// `macro_download`: fetches from the network (URLDownloadToFile, MSXML2.XMLHTTP, WinHttp,
/// Net.WebClient, BITS, certutil).
pub const SCORE_DOWNLOAD: i64 = 30;
/// `macro_writes_file`: writes a file (ADODB.Stream SaveToFile, `Open ... For
/// Output/Append/Binary`, `Put #`/`Print #`/`Write #`, CreateTextFile, FileCopy/CopyFile);
/// Environ("TEMP"/"APPDATA"...) lines, where droppers put their payload, are added as
/// supporting lines but do not raise it alone.
pub const SCORE_WRITES_FILE: i64 = 20;
/// `macro_creates_shortcut`: CreateShortcut or a ".lnk" path, how droppers persist or
/// disguise their payload.
pub const SCORE_CREATES_SHORTCUT: i64 = 20;
/// `macro_win32_api`: Declares of Win32 functions used to run code in memory (VirtualAlloc,
/// VirtualProtect, CreateThread, RtlMoveMemory, WriteProcessMemory, callback abuse such as
/// EnumSystemCodePages...), by name or by Alias.
pub const SCORE_WIN32_API: i64 = 25;
/// `macro_obfuscation`: strings built from Chr() chains (four or more calls on one line),
/// CallByName, StrReverse.
pub const SCORE_OBFUSCATION: i64 = 15;
/// `macro_autorun_with_payload`: extra, when an auto-run entry point comes together with
/// running programs, downloading or Win32 memory APIs: the document acts on opening.
pub const SCORE_AUTORUN_WITH_PAYLOAD: i64 = 30;

/// The most source lines kept as evidence for one finding.
pub const MAX_EVIDENCE_LINES: usize = 8;
/// Evidence lines longer than this many characters are cut.
const MAX_EVIDENCE_CHARS: usize = 240;
/// Chr()-family calls on one line that count as building a string character by character.
const CHR_CHAIN_CALLS: usize = 4;

/// What the macros in `modules` do, as scored findings in a fixed order; each finding at most
/// once across all modules. Matching ignores case, comments and `Attribute` lines; keywords
/// of code (Shell, Declare, Open ... For Output) count only outside string literals, ProgIDs
/// and command names ("WScript.Shell", "powershell") only inside them, where the literals of
/// a line are also matched joined together to see through "WScr" & "ipt.Shell".
pub fn evidence(modules: &[Module]) -> Vec<MacroEvidence> {
    let mut found: [Vec<String>; 7] = Default::default();
    let mut temp_paths = Vec::new();
    for module in modules {
        for line in logical_lines(&module.source) {
            let lexed = lex(&line);
            if lexed.words.first().is_some_and(|word| word == "attribute") {
                continue;
            }
            let trimmed = shorten(line.trim());
            for (kind, hits) in found.iter_mut().enumerate() {
                if matches(kind, &lexed) {
                    keep(hits, &trimmed);
                }
            }
            if is_temp_path(&lexed) {
                keep(&mut temp_paths, &trimmed);
            }
        }
    }
    let [
        autorun,
        shell,
        download,
        mut writes,
        shortcut,
        api,
        obfuscation,
    ] = found;
    if !writes.is_empty() {
        for line in &temp_paths {
            keep(&mut writes, line);
        }
    }
    let payload = !shell.is_empty() || !download.is_empty() || !api.is_empty();
    let with_payload = if payload { autorun.clone() } else { Vec::new() };

    let findings = [
        (
            "macro_autorun",
            SCORE_AUTORUN,
            "auto-run entry point: runs when the document is opened, closed or shown",
            autorun,
        ),
        (
            "macro_shell",
            SCORE_SHELL,
            "runs a program or shell command",
            shell,
        ),
        (
            "macro_download",
            SCORE_DOWNLOAD,
            "downloads from the network",
            download,
        ),
        (
            "macro_writes_file",
            SCORE_WRITES_FILE,
            "writes a file",
            writes,
        ),
        (
            "macro_creates_shortcut",
            SCORE_CREATES_SHORTCUT,
            "creates a shortcut (.lnk)",
            shortcut,
        ),
        (
            "macro_win32_api",
            SCORE_WIN32_API,
            "declares Win32 APIs used to run code in memory",
            api,
        ),
        (
            "macro_obfuscation",
            SCORE_OBFUSCATION,
            "obfuscates strings or calls (Chr() chains, CallByName, StrReverse)",
            obfuscation,
        ),
        (
            "macro_autorun_with_payload",
            SCORE_AUTORUN_WITH_PAYLOAD,
            "auto-run entry point in a project that runs programs, downloads or calls memory APIs",
            with_payload,
        ),
    ];
    findings
        .into_iter()
        .filter(|(_, _, _, lines)| !lines.is_empty())
        .map(|(id, score, description, lines)| MacroEvidence {
            id,
            score,
            description: description.to_string(),
            evidence: lines,
        })
        .collect()
}

/// Indices into the finding lists of [`evidence`].
const AUTORUN: usize = 0;
const SHELL: usize = 1;
const DOWNLOAD: usize = 2;
const WRITES_FILE: usize = 3;
const SHORTCUT: usize = 4;
const WIN32_API: usize = 5;
const OBFUSCATION: usize = 6;

fn matches(kind: usize, line: &Lexed) -> bool {
    match kind {
        AUTORUN => is_autorun_definition(line),
        SHELL => {
            line.has_word(&["shell", "shellexecute", "shellexecutea", "shellexecutew"])
                || line.has_word(&["winexec", "macscript"])
                || line.has_text(&[
                    "wscript.shell",
                    "shell.application",
                    "powershell",
                    "cmd.exe",
                    "cmd /c",
                    "cmd /k",
                    "win32_process",
                    "mshta",
                    "rundll32",
                    "regsvr32",
                    "wscript.exe",
                    "cscript",
                    // CLSIDs of WScript.Shell and Shell.Application, for GetObject("new:...").
                    "72c24dd5-d70a-438b-8a42-98424b88afb8",
                    "13709620-c279-11ce-a49e-444553540000",
                ])
        }
        DOWNLOAD => {
            line.has_word(&[
                "urldownloadtofile",
                "urldownloadtofilea",
                "urldownloadtofilew",
                "internetopenurl",
                "internetopenurla",
                "internetopenurlw",
                "internetreadfile",
            ]) || line.has_text(&[
                "xmlhttp",
                "winhttp",
                "net.webclient",
                "downloadfile",
                "downloadstring",
                "invoke-webrequest",
                "start-bitstransfer",
                "bitsadmin",
                "certutil",
                "urldownloadtofile",
            ])
        }
        WRITES_FILE => is_file_write(line),
        SHORTCUT => line.has_word(&["createshortcut"]) || line.has_text(&[".lnk"]),
        WIN32_API => {
            line.has_word(&["declare"])
                && line.has_word(&["lib"])
                && (line.words.iter().any(|word| is_memory_api(word))
                    || line.strings.iter().any(|literal| is_memory_api(literal)))
        }
        OBFUSCATION => {
            line.calls(&["chr", "chrw", "chrb"]) >= CHR_CHAIN_CALLS
                || line.has_word(&["callbyname", "strreverse"])
        }
        _ => false,
    }
}

/// Procedures that Office or an ActiveX control runs without the user choosing a macro.
const AUTORUN_NAMES: &[&str] = &[
    "autoexec",
    "autoopen",
    "autonew",
    "autoclose",
    "autoexit",
    "auto_open",
    "auto_close",
    "auto_exec",
    "document_open",
    "document_close",
    "document_new",
    "documentopen",
    "documentbeforeclose",
    "documentchange",
    "newdocument",
    "workbook_open",
    "workbook_activate",
    "workbook_close",
    "workbook_beforeclose",
    "workbook_deactivate",
    "app_workbookopen",
    "app_newworkbook",
    "auto_activate",
    "auto_deactivate",
];

/// Event names of ActiveX controls that fire as soon as the control is shown.
const AUTORUN_SUFFIXES: &[&str] = &[
    "_layout",
    "_painted",
    "_painting",
    "_resize",
    "_gotfocus",
    "_lostfocus",
    "_mousehover",
    "_documentcomplete",
    "_navigatecomplete2",
    "_beforenavigate2",
];

fn is_autorun_definition(line: &Lexed) -> bool {
    let mut words = line
        .words
        .iter()
        .skip_while(|word| matches!(word.as_str(), "public" | "private" | "friend" | "static"));
    if !matches!(words.next().map(String::as_str), Some("sub" | "function")) {
        return false;
    }
    words.next().is_some_and(|name| {
        AUTORUN_NAMES.contains(&name.as_str())
            || AUTORUN_SUFFIXES.iter().any(|suffix| name.ends_with(suffix))
    })
}

fn is_file_write(line: &Lexed) -> bool {
    if line.has_word(&["savetofile", "createtextfile", "filecopy", "copyfile"]) {
        return true;
    }
    // The `Open path For mode As #n` statement, in a mode that can write.
    let words = &line.words;
    if words.first().is_some_and(|word| word == "open") && line.has_word(&["for"]) {
        if line.has_word(&["output", "append"]) {
            return true;
        }
        if line.has_word(&["binary", "random"]) {
            return !line.has_word(&["read"]) || line.has_word(&["write"]);
        }
    }
    // `Put #n`, `Print #n`, `Write #n` statements.
    line.code
        .split(':')
        .map(|statement| statement.split_whitespace().collect::<Vec<_>>())
        .any(|tokens| {
            let first = tokens.first().copied().unwrap_or("");
            let second = tokens.get(1).copied().unwrap_or("");
            matches!(first, "put" | "print" | "write") && second.starts_with('#')
                || ["put#", "print#", "write#"]
                    .iter()
                    .any(|glued| first.starts_with(glued))
        })
}

/// Environ() of a folder where droppers write, or a literal %TEMP%-style path.
fn is_temp_path(line: &Lexed) -> bool {
    const FOLDERS: &[&str] = &[
        "temp",
        "tmp",
        "appdata",
        "localappdata",
        "userprofile",
        "public",
        "programdata",
        "allusersprofile",
    ];
    let environ = line.calls(&["environ"]) > 0
        && line
            .strings
            .iter()
            .any(|literal| FOLDERS.contains(&literal.as_str()));
    let percent = FOLDERS
        .iter()
        .any(|folder| line.has_text(&[&format!("%{folder}%")]));
    environ || percent
}

/// Win32 functions for allocating, writing and running code in memory, or calling a pointer.
const MEMORY_APIS: &[&str] = &[
    "virtualalloc",
    "virtualallocex",
    "virtualprotect",
    "virtualprotectex",
    "createthread",
    "createremotethread",
    "rtlmovememory",
    "rtlcopymemory",
    "writeprocessmemory",
    "ntallocatevirtualmemory",
    "ntwritevirtualmemory",
    "zwallocatevirtualmemory",
    "loadlibrary",
    "getprocaddress",
    "callwindowproc",
    "enumsystemcodepages",
    "enumsystemlocales",
    "enumdateformats",
    "enumwindows",
    "createprocess",
    "queueuserapc",
    "winexec",
];

/// Whether `name` is one of [`MEMORY_APIS`], with or without the A/W suffix.
fn is_memory_api(name: &str) -> bool {
    let base = name
        .strip_suffix('a')
        .or_else(|| name.strip_suffix('w'))
        .unwrap_or(name);
    MEMORY_APIS.contains(&name) || MEMORY_APIS.contains(&base)
}

/// One logical line taken apart: code outside strings and comments, and the string literals.
#[derive(Default)]
struct Lexed {
    /// Lower-cased code with string literals removed and the comment cut off.
    code: String,
    /// Lower-cased identifiers of `code` ("wscript.shell" is two words).
    words: Vec<String>,
    /// Lower-cased contents of the string literals.
    strings: Vec<String>,
    /// `strings` joined, to match text split across concatenated literals.
    joined: String,
}

impl Lexed {
    fn has_word(&self, wanted: &[&str]) -> bool {
        self.words
            .iter()
            .any(|word| wanted.contains(&word.as_str()))
    }

    /// Whether a literal, or the line's literals joined, contains one of `wanted`.
    fn has_text(&self, wanted: &[&str]) -> bool {
        wanted.iter().any(|text| self.joined.contains(text))
    }

    /// How many calls of the functions `names` (with an optional `$` suffix) the code holds.
    fn calls(&self, names: &[&str]) -> usize {
        let code = self.code.as_bytes();
        let mut count = 0;
        let mut start = 0;
        while start < code.len() {
            if !is_identifier_byte(code[start]) {
                start += 1;
                continue;
            }
            let mut end = start;
            while end < code.len() && is_identifier_byte(code[end]) {
                end += 1;
            }
            let word = &self.code[start..end];
            let mut next = end;
            if code.get(next) == Some(&b'$') {
                next += 1;
            }
            while code.get(next) == Some(&b' ') {
                next += 1;
            }
            if names.contains(&word) && code.get(next) == Some(&b'(') {
                count += 1;
            }
            start = end;
        }
        count
    }
}

fn is_identifier_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

/// Splits a logical line into code and string literals. A `'` outside a string starts a
/// comment, as does `Rem` opening the line; `""` inside a literal is a quote.
fn lex(line: &str) -> Lexed {
    let mut lexed = Lexed::default();
    let mut literal: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (&mut literal, c) {
            (Some(text), '"') => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    text.push('"');
                } else if let Some(done) = literal.take() {
                    lexed.strings.push(done.to_lowercase());
                    lexed.code.push(' ');
                }
            }
            (Some(text), c) => text.push(c),
            (None, '"') => literal = Some(String::new()),
            (None, '\'') => break,
            (None, c) => lexed.code.extend(c.to_lowercase()),
        }
    }
    // An unterminated literal runs to the end of the line.
    if let Some(text) = literal {
        lexed.strings.push(text.to_lowercase());
    }
    let trimmed = lexed.code.trim_start();
    if trimmed == "rem" || trimmed.starts_with("rem ") || trimmed.starts_with("rem\t") {
        return Lexed::default();
    }
    lexed.joined = lexed.strings.concat();
    lexed.words = lexed
        .code
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect();
    lexed
}

/// Physical lines joined where one ends with the ` _` continuation.
fn logical_lines(source: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut pending = String::new();
    for physical in source.lines() {
        let trimmed = physical.trim_end();
        if let Some(continued) = trimmed
            .strip_suffix(" _")
            .or_else(|| trimmed.strip_suffix("\t_"))
        {
            pending.push_str(continued);
            pending.push(' ');
            continue;
        }
        pending.push_str(physical);
        lines.push(std::mem::take(&mut pending));
    }
    if !pending.is_empty() {
        lines.push(pending);
    }
    lines
}

fn shorten(line: &str) -> String {
    match line.char_indices().nth(MAX_EVIDENCE_CHARS) {
        Some((cut, _)) => format!("{}...", &line[..cut]),
        None => line.to_string(),
    }
}

/// Adds `line` to `lines` unless it is there already or `lines` is full.
fn keep(lines: &mut Vec<String>, line: &str) {
    if lines.len() < MAX_EVIDENCE_LINES && !lines.iter().any(|kept| kept == line) {
        lines.push(line.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_project_code_page() {
        assert_eq!(decode(b"caf\xE9 \x80 \x93x\x94", 1252), "café € “x”");
        assert_eq!(
            decode(b"\xCF\xF0\xE8\xE2\xE5\xF2 \xA8\xB8", 1251),
            "Привет Ёё"
        );
        assert_eq!(decode("Grüße".as_bytes(), 65001), "Grüße");
        // Code pages without a table: Latin-1, one character per byte.
        assert_eq!(decode(b"\xE9\x80", 932), "é\u{80}");
    }

    #[test]
    fn lexes_strings_comments_and_continuations() {
        let lexed = lex("x = \"a \"\"q\"\" 'b\" & y ' Shell \"c\"");
        assert_eq!(lexed.strings, ["a \"q\" 'b"]);
        assert_eq!(lexed.words, ["x", "y"]);
        assert!(lex("Rem Shell").words.is_empty());
        assert_eq!(logical_lines("a = 1 _\r\n  + 2\r\nb"), ["a = 1   + 2", "b"]);
    }
}
