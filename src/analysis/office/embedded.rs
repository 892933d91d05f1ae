//! Objects embedded in documents: Ole10Native packages (a file wrapped by the Packager),
//! OLE1 objects in RTF `\objdata`, and the OLE storages of PowerPoint 97-2003 presentations.

use std::io::Read;

use flate2::read::ZlibDecoder;

use super::ole::is_ole;

/// An object taken out of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedded {
    /// A name for the object: the embedded file's label or file name where the container
    /// gives one, else where it was found ("objdata1", "ExOleObjStg@0x1146").
    pub name: String,
    pub data: Vec<u8>,
}

/// The file inside an `\x01Ole10Native` stream: a u32 size, then the Packager's payload
/// (see [`package`]). None if the stream is not a package.
pub fn ole10native(stream: &[u8]) -> Option<Embedded> {
    let size = read_u32(stream, 0)? as usize;
    let body = &stream[4..];
    package(&body[..size.min(body.len())])
}

/// The Packager's "Package" native data (what MS-OLEDS leaves to the Packager; layout as
/// written by packager.exe and Office): u16 type (2), the label and the source path as
/// NUL-terminated ANSI strings, u32 (0x00030000 for an embedded file), the temporary path as
/// a u32 length and that many bytes, then the file as a u32 size and the bytes. A size past
/// the end keeps the bytes that are there: a cut-off payload is still worth scanning.
fn package(body: &[u8]) -> Option<Embedded> {
    let mut reader = Reader::new(body);
    reader.u16()?;
    let label = reader.c_string()?;
    let source_path = reader.c_string()?;
    reader.u32()?;
    let temp_path_len = reader.u32()? as usize;
    let temp_path = reader.bytes(temp_path_len)?;
    let data_len = reader.u32()? as usize;
    let data = reader.bytes(data_len.min(reader.remaining()))?;
    let name = [label, source_path, temp_path]
        .into_iter()
        .map(|text| file_name(&ansi(text)))
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "Ole10Native".to_string());
    Some(Embedded {
        name,
        data: data.to_vec(),
    })
}

/// The last component of a Windows or POSIX path, NULs dropped.
fn file_name(path: &str) -> String {
    let path = path.trim_end_matches('\0');
    path.rsplit(['\\', '/'])
        .next()
        .unwrap_or(path)
        .replace('\0', "")
}

/// ANSI text of unknown code page as Latin-1, so every byte stays one character.
fn ansi(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

// ---------------------------------------------------------------------------------------------
// RTF

/// The objects of an RTF document, `limit` bytes of decoded object data in all.
///
/// Each `\objdata` group's hex is decoded the way Word reads it: whitespace and other non-hex
/// characters are skipped, as are control words, `\binN` with its N bytes, and ignorable
/// `{\*...}` groups nested inside; a last odd digit is dropped. The bytes are an OLE1
/// EmbeddedObject (MS-OLEDS 2.2.5: ObjectHeader with OLEVersion, FormatID, ClassName,
/// TopicName, ItemName; then NativeDataSize and NativeData). Native data that is an OLE2
/// compound file is given whole; a "Package" gives the packaged file (named by its label);
/// other classes give their native data. Bytes without a readable header are given from the
/// first compound file signature in them, else whole. Linked objects hold nothing.
pub fn rtf_objects(data: &[u8], limit: usize) -> Vec<Embedded> {
    const OBJDATA: &[u8] = b"\\objdata";
    let mut objects = Vec::new();
    let mut budget = limit;
    let mut position = 0;
    let mut index = 0;
    while budget > 0 {
        let Some(found) = find(&data[position..], OBJDATA) else {
            break;
        };
        let start = position + found + OBJDATA.len();
        position = start;
        if data.get(start).is_some_and(u8::is_ascii_alphabetic) {
            continue; // A longer control word.
        }
        let (bytes, end) = objdata_bytes(data, start, budget);
        // Any `\objdata` nested in this group was part of its hex and is not searched again,
        // which keeps the whole scan linear.
        position = end;
        index += 1;
        if let Some(object) = ole1_object(&bytes, index) {
            budget -= object.data.len().min(budget);
            objects.push(object);
        }
    }
    objects
}

/// The hex of the group whose content starts at `start`, decoded to at most `max` bytes, and
/// the offset after the group's closing brace (or the end of `data`).
fn objdata_bytes(data: &[u8], start: usize, max: usize) -> (Vec<u8>, usize) {
    let mut bytes = Vec::new();
    let mut high: Option<u8> = None;
    let mut depth = 0usize;
    let mut position = start;
    while position < data.len() {
        match data[position] {
            b'{' if data[position + 1..].starts_with(b"\\*") => {
                position = skip_group(data, position + 1);
            }
            b'{' => {
                depth += 1;
                position += 1;
            }
            b'}' if depth == 0 => return (bytes, position + 1),
            b'}' => {
                depth -= 1;
                position += 1;
            }
            b'\\' => position = skip_control(data, position),
            byte => {
                if let Some(nibble) = hex_value(byte) {
                    match high.take() {
                        None => high = Some(nibble),
                        Some(high) if bytes.len() < max => bytes.push(high << 4 | nibble),
                        Some(_) => {}
                    }
                }
                position += 1;
            }
        }
    }
    (bytes, position)
}

/// The offset after the group whose content starts at `start` (just after its `{`).
fn skip_group(data: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut position = start;
    while position < data.len() {
        match data[position] {
            b'{' => {
                depth += 1;
                position += 1;
            }
            b'}' if depth == 0 => return position + 1,
            b'}' => {
                depth -= 1;
                position += 1;
            }
            b'\\' => position = skip_control(data, position),
            _ => position += 1,
        }
    }
    position
}

/// The offset after the control word or symbol at `position` (a backslash): letters, an
/// optional signed number and one delimiting space; `\binN` also skips its N binary bytes;
/// `\'hh` its two hex digits.
fn skip_control(data: &[u8], position: usize) -> usize {
    let word_start = position + 1;
    let mut end = word_start;
    while end < data.len() && data[end].is_ascii_alphabetic() {
        end += 1;
    }
    if end == word_start {
        // A control symbol: `\'hh`, or one character such as `\{`.
        return match data.get(word_start) {
            Some(b'\'') => (word_start + 3).min(data.len()),
            Some(_) => word_start + 1,
            None => data.len(),
        };
    }
    let is_bin = &data[word_start..end] == b"bin";
    let number_start = end;
    if data.get(end) == Some(&b'-') {
        end += 1;
    }
    let mut parameter: usize = 0;
    while end < data.len() && data[end].is_ascii_digit() {
        parameter = parameter
            .saturating_mul(10)
            .saturating_add(usize::from(data[end] - b'0'));
        end += 1;
    }
    let has_number = end > number_start;
    if data.get(end) == Some(&b' ') {
        end += 1;
    }
    if is_bin && has_number && data[number_start] != b'-' {
        end = end.saturating_add(parameter).min(data.len());
    }
    end
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

/// FormatID of an ObjectHeader for an embedded (not linked) object.
const EMBEDDED_OBJECT: u32 = 2;

/// What the decoded `\objdata` bytes hold (see [`rtf_objects`]).
fn ole1_object(bytes: &[u8], index: usize) -> Option<Embedded> {
    let name = format!("objdata{index}");
    match ole1_native(bytes) {
        Some((_, None)) => None,
        Some((class, Some(native))) => {
            if !is_ole(native)
                && class.eq_ignore_ascii_case("package")
                && let Some(file) = package(native)
            {
                return Some(file);
            }
            Some(Embedded {
                name,
                data: native.to_vec(),
            })
        }
        None => {
            let start = find(bytes, &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap_or(0);
            let data = &bytes[start..];
            (!data.is_empty()).then(|| Embedded {
                name,
                data: data.to_vec(),
            })
        }
    }
}

/// The class name and, for an embedded object, the native data of an OLE1 EmbeddedObject or
/// LinkedObject; None if the header does not parse. A NativeDataSize past the end keeps the
/// bytes that are there.
fn ole1_native(bytes: &[u8]) -> Option<(String, Option<&[u8]>)> {
    let mut reader = Reader::new(bytes);
    reader.u32()?; // OLEVersion: any value, writers disagree.
    let format_id = reader.u32()?;
    let class = reader.length_prefixed()?;
    let class = ansi(class).trim_end_matches('\0').to_string();
    if class.is_empty() || !class.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return None;
    }
    reader.length_prefixed()?; // TopicName
    reader.length_prefixed()?; // ItemName
    if format_id != EMBEDDED_OBJECT {
        return Some((class, None));
    }
    let size = reader.u32()? as usize;
    let native = reader.bytes(size.min(reader.remaining()))?;
    Some((class, Some(native)))
}

// ---------------------------------------------------------------------------------------------
// PowerPoint

/// Record type of ExOleObjStg (MS-PPT 2.10.34), the storage of an embedded OLE object.
const EX_OLE_OBJ_STG: u16 = 0x1011;
/// recVer of container records, whose body is more records.
const CONTAINER_VERSION: u16 = 0xF;
/// Containers nest this deep at most; real presentations stay far below.
const MAX_RECORD_DEPTH: usize = 64;

/// The OLE storages embedded in a PowerPoint 97-2003 `PowerPoint Document` stream, `limit`
/// bytes in all: every ExOleObjStg record, top level or inside containers. Instance 1 is
/// compressed (u32 uncompressed size, then zlib), instance 0 stored. Record lengths past their
/// container are cut to it; a record that does not decompress is skipped.
pub fn ppt_objects(powerpoint_document: &[u8], limit: usize) -> Vec<Embedded> {
    let data = powerpoint_document;
    let mut objects = Vec::new();
    let mut budget = limit;
    // Ends of the containers the walk is inside, innermost last.
    let mut containers: Vec<usize> = Vec::new();
    let mut position = 0;
    loop {
        while containers.last().is_some_and(|&end| position >= end) {
            containers.pop();
        }
        let bound = containers.last().copied().unwrap_or(data.len());
        let header = read_u16(data, position)
            .zip(read_u16(data, position + 2))
            .zip(read_u32(data, position + 4))
            .filter(|_| position + 8 <= bound);
        let Some(((version_instance, record_type), length)) = header else {
            if containers.is_empty() {
                break;
            }
            position = bound;
            continue;
        };
        let body_start = position + 8;
        let body_end = body_start.saturating_add(length as usize).min(bound);
        let version = version_instance & 0xF;
        let instance = version_instance >> 4;
        if version == CONTAINER_VERSION && containers.len() < MAX_RECORD_DEPTH {
            containers.push(body_end);
            position = body_start;
            continue;
        }
        if record_type == EX_OLE_OBJ_STG && budget > 0 {
            let body = &data[body_start..body_end];
            if let Some(storage) = ex_ole_obj_stg(body, instance, budget) {
                budget -= storage.len();
                objects.push(Embedded {
                    name: format!("ExOleObjStg@0x{position:X}"),
                    data: storage,
                });
            }
        }
        position = body_end;
    }
    objects
}

/// The storage bytes of an ExOleObjStg body, at most `max` bytes; None if it does not
/// decompress or is larger than that.
fn ex_ole_obj_stg(body: &[u8], instance: u16, max: usize) -> Option<Vec<u8>> {
    if instance != 1 {
        return (!body.is_empty() && body.len() <= max).then(|| body.to_vec());
    }
    let compressed = body.get(4..)?;
    let mut storage = Vec::new();
    ZlibDecoder::new(compressed)
        .take(max as u64 + 1)
        .read_to_end(&mut storage)
        .ok()?;
    (!storage.is_empty() && storage.len() <= max).then_some(storage)
}

// ---------------------------------------------------------------------------------------------
// Little-endian reading

/// Bounds-checked little-endian reads from a byte slice.
struct Reader<'a> {
    data: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self { data, position: 0 }
    }

    fn remaining(&self) -> usize {
        self.data.len() - self.position
    }

    fn bytes(&mut self, count: usize) -> Option<&'a [u8]> {
        let end = self.position.checked_add(count)?;
        let bytes = self.data.get(self.position..end)?;
        self.position = end;
        Some(bytes)
    }

    fn u16(&mut self) -> Option<u16> {
        self.bytes(2).map(|b| u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Option<u32> {
        self.bytes(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// A NUL-terminated string, without its NUL.
    fn c_string(&mut self) -> Option<&'a [u8]> {
        let rest = &self.data[self.position..];
        let len = rest.iter().position(|&b| b == 0)?;
        self.position += len + 1;
        Some(&rest[..len])
    }

    /// A LengthPrefixedAnsiString (MS-OLEDS 2.1.4): u32 length, then that many bytes.
    fn length_prefixed(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        self.bytes(len)
    }
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    let bytes = data.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    let bytes = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
