//! Key nodes ("nk"), subkey lists ("lf", "lh", "li", "ri"), values ("vk") and their data ("db").

use std::collections::HashSet;
use std::fmt::{self, Write as _};

use super::HiveError;
use super::bytes::{u16_at, u32_at, u64_at, utf16_lossy, utf16_until_nul};
use super::hive::{Hive, NO_CELL};

pub const REG_NONE: u32 = 0;
pub const REG_SZ: u32 = 1;
pub const REG_EXPAND_SZ: u32 = 2;
pub const REG_BINARY: u32 = 3;
pub const REG_DWORD: u32 = 4;
pub const REG_DWORD_BIG_ENDIAN: u32 = 5;
pub const REG_LINK: u32 = 6;
pub const REG_MULTI_SZ: u32 = 7;
pub const REG_QWORD: u32 = 11;

const KEY_NODE_HEADER: usize = 76;
const KEY_COMP_NAME: u16 = 0x0020;
const VALUE_HEADER: usize = 20;
const VALUE_COMP_NAME: u16 = 0x0001;
/// Set in a value's data size when the data (at most 4 bytes) sits in the data offset field.
const DATA_IN_OFFSET: u32 = 0x8000_0000;
/// Largest data segment of a "db" record; bigger data is split (hive versions 1.4+).
const BIG_DATA_SEGMENT: usize = 16344;
const BIG_DATA_MIN_VERSION: u32 = 4;
const DISPLAY_BINARY_BYTES: usize = 64;

/// A key node of a [`Hive`].
#[derive(Clone, Copy)]
pub struct Key<'h> {
    hive: &'h Hive,
    offset: u32,
    last_written: u64,
    subkey_count: u32,
    subkey_list: u32,
    value_count: u32,
    value_list: u32,
    name: Name<'h>,
}

/// A value of a [`Key`].
#[derive(Clone, Copy)]
pub struct Value<'h> {
    hive: &'h Hive,
    offset: u32,
    kind: u32,
    data_size: u32,
    data_offset: u32,
    name: Name<'h>,
}

/// A name as stored: Latin-1 bytes when the "compressed name" flag is set, else UTF-16LE.
#[derive(Clone, Copy)]
struct Name<'h> {
    bytes: &'h [u8],
    latin1: bool,
}

impl Name<'_> {
    fn append_to(&self, out: &mut String) {
        if self.latin1 {
            out.extend(self.bytes.iter().map(|&byte| char::from(byte)));
        } else {
            out.push_str(&utf16_lossy(self.bytes));
        }
    }

    fn to_string_lossy(self) -> String {
        let mut out = String::with_capacity(self.bytes.len());
        self.append_to(&mut out);
        out
    }

    /// Compares with a name already passed through [`fold`], as Windows compares names.
    fn matches(&self, folded: &[char]) -> bool {
        if self.latin1 {
            return self.bytes.len() == folded.len()
                && self
                    .bytes
                    .iter()
                    .zip(folded)
                    .all(|(&byte, &want)| fold(char::from(byte)) == want);
        }
        let units = self
            .bytes
            .chunks_exact(2)
            .map(|pair| <[u8; 2]>::try_from(pair).map_or(0, u16::from_le_bytes));
        let mut mine = char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER));
        let mut wanted = folded.iter();
        loop {
            match (mine.next(), wanted.next()) {
                (None, None) => return true,
                (Some(have), Some(&want)) if fold(have) == want => {}
                _ => return false,
            }
        }
    }
}

/// Simple case folding: uppercase when it maps to a single character, as Windows'
/// one-to-one upcase table does.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

fn folded(name: &str) -> Vec<char> {
    name.chars().map(fold).collect()
}

fn signature(cell: &[u8]) -> String {
    String::from_utf8_lossy(cell.get(..2).unwrap_or(cell)).into_owned()
}

/// Reads `count` 32-bit references spaced `stride` bytes apart, starting `start` bytes
/// into the cell (lists with a signature have a 4-byte header, bare arrays none).
fn references(
    offset: u32,
    cell: &[u8],
    (start, stride): (usize, usize),
    count: usize,
    out: &mut Vec<u32>,
) -> Result<(), HiveError> {
    let needed = count.saturating_mul(stride).saturating_add(start);
    if needed > cell.len() {
        return Err(HiveError::cell(
            offset,
            format!(
                "list claims {count} entries but its cell holds {}",
                cell.len().saturating_sub(start) / stride
            ),
        ));
    }
    out.extend((0..count).filter_map(|i| u32_at(cell, start + i * stride)));
    Ok(())
}

const BARE_ARRAY: (usize, usize) = (0, 4);
const INDEX_ENTRIES: (usize, usize) = (4, 4);
const HINTED_ENTRIES: (usize, usize) = (4, 8);

fn leaf_entries(offset: u32, cell: &[u8], out: &mut Vec<u32>) -> Result<(), HiveError> {
    let layout = match cell.get(..2) {
        Some(b"lf" | b"lh") => HINTED_ENTRIES,
        Some(b"li") => INDEX_ENTRIES,
        Some(b"ri") => {
            return Err(HiveError::cell(
                offset,
                "index root (ri) found where a leaf list belongs",
            ));
        }
        _ => {
            return Err(HiveError::cell(
                offset,
                format!("expected a subkey list, found {:?}", signature(cell)),
            ));
        }
    };
    let count = usize::from(u16_at(cell, 2).unwrap_or_default());
    references(offset, cell, layout, count, out)
}

impl<'h> Key<'h> {
    pub(crate) fn at(hive: &'h Hive, offset: u32) -> Result<Key<'h>, HiveError> {
        let cell = hive.cell(offset)?;
        if cell.get(..2) != Some(b"nk".as_slice()) {
            return Err(HiveError::cell(
                offset,
                format!("expected a key node (nk), found {:?}", signature(cell)),
            ));
        }
        let header = cell.get(..KEY_NODE_HEADER).ok_or_else(|| {
            HiveError::cell(
                offset,
                format!("key node of {} bytes is truncated", cell.len()),
            )
        })?;
        let field = |at: usize| u32_at(header, at).unwrap_or_default();
        let flags = u16_at(header, 2).unwrap_or_default();
        let name_len = usize::from(u16_at(header, 72).unwrap_or_default());
        let name = cell
            .get(KEY_NODE_HEADER..KEY_NODE_HEADER + name_len)
            .ok_or_else(|| {
                HiveError::cell(
                    offset,
                    format!("key name of {name_len} bytes runs past the cell"),
                )
            })?;
        Ok(Key {
            hive,
            offset,
            last_written: u64_at(header, 4).unwrap_or_default(),
            subkey_count: field(20),
            subkey_list: field(28),
            value_count: field(36),
            value_list: field(40),
            name: Name {
                bytes: name,
                latin1: flags & KEY_COMP_NAME != 0,
            },
        })
    }

    pub fn name(&self) -> String {
        self.name.to_string_lossy()
    }

    pub(crate) fn append_name(&self, out: &mut String) {
        self.name.append_to(out);
    }

    /// The key's last-written FILETIME.
    pub fn last_written(&self) -> u64 {
        self.last_written
    }

    /// The key node's cell offset (relative to the hive bins data), for reports.
    pub fn offset(&self) -> u32 {
        self.offset
    }

    pub fn subkeys(&self) -> Result<Vec<Key<'h>>, HiveError> {
        self.subkey_offsets()?
            .into_iter()
            .map(|offset| Key::at(self.hive, offset))
            .collect()
    }

    /// Finds a subkey by name, case-insensitively. Unreadable subkeys are skipped; their
    /// error is returned only when no subkey matched.
    pub fn subkey(&self, name: &str) -> Result<Option<Key<'h>>, HiveError> {
        let wanted = folded(name);
        let mut first_error = None;
        for offset in self.subkey_offsets()? {
            match Key::at(self.hive, offset) {
                Ok(key) if key.name.matches(&wanted) => return Ok(Some(key)),
                Ok(_) => {}
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        first_error.map_or(Ok(None), Err)
    }

    pub fn values(&self) -> Result<Vec<Value<'h>>, HiveError> {
        self.value_offsets()?
            .into_iter()
            .map(|offset| Value::at(self.hive, offset))
            .collect()
    }

    /// Finds a value by name, case-insensitively ("" is the default value). Unreadable
    /// values are skipped; their error is returned only when no value matched.
    pub fn value(&self, name: &str) -> Result<Option<Value<'h>>, HiveError> {
        let wanted = folded(name);
        let mut first_error = None;
        for offset in self.value_offsets()? {
            match Value::at(self.hive, offset) {
                Ok(value) if value.name.matches(&wanted) => return Ok(Some(value)),
                Ok(_) => {}
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        first_error.map_or(Ok(None), Err)
    }

    /// Offsets of the subkey nodes, read through an index root when there is one.
    pub(crate) fn subkey_offsets(&self) -> Result<Vec<u32>, HiveError> {
        let mut offsets = Vec::new();
        if self.subkey_count == 0 {
            return Ok(offsets);
        }
        let list = self.hive.cell(self.subkey_list)?;
        if list.get(..2) == Some(b"ri".as_slice()) {
            self.index_root_entries(list, &mut offsets)?;
        } else {
            leaf_entries(self.subkey_list, list, &mut offsets)?;
        }
        self.hive.charge(offsets.len())?;
        Ok(offsets)
    }

    fn index_root_entries(&self, root: &[u8], out: &mut Vec<u32>) -> Result<(), HiveError> {
        let count = usize::from(u16_at(root, 2).unwrap_or_default());
        let mut leaves = Vec::with_capacity(count);
        references(self.subkey_list, root, INDEX_ENTRIES, count, &mut leaves)?;
        // A leaf listed twice would be read twice; with many repeats that is a work bomb.
        let mut distinct = HashSet::with_capacity(leaves.len());
        for leaf in leaves {
            if !distinct.insert(leaf) {
                return Err(HiveError::cell(
                    self.subkey_list,
                    format!("index root lists subkey list 0x{leaf:x} twice"),
                ));
            }
            leaf_entries(leaf, self.hive.cell(leaf)?, out)?;
        }
        Ok(())
    }

    fn value_offsets(&self) -> Result<Vec<u32>, HiveError> {
        let mut offsets = Vec::new();
        if self.value_count == 0 {
            return Ok(offsets);
        }
        let list = self.hive.cell(self.value_list)?;
        let count = self.value_count as usize;
        references(self.value_list, list, BARE_ARRAY, count, &mut offsets)?;
        self.hive.charge(count)?;
        Ok(offsets)
    }
}

impl fmt::Debug for Key<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Key")
            .field("offset", &self.offset)
            .field("name", &self.name())
            .finish()
    }
}

impl<'h> Value<'h> {
    fn at(hive: &'h Hive, offset: u32) -> Result<Value<'h>, HiveError> {
        let cell = hive.cell(offset)?;
        if cell.get(..2) != Some(b"vk".as_slice()) {
            return Err(HiveError::cell(
                offset,
                format!("expected a key value (vk), found {:?}", signature(cell)),
            ));
        }
        let header = cell.get(..VALUE_HEADER).ok_or_else(|| {
            HiveError::cell(
                offset,
                format!("key value of {} bytes is truncated", cell.len()),
            )
        })?;
        let field = |at: usize| u32_at(header, at).unwrap_or_default();
        let name_len = usize::from(u16_at(header, 2).unwrap_or_default());
        let flags = u16_at(header, 16).unwrap_or_default();
        let name = cell
            .get(VALUE_HEADER..VALUE_HEADER + name_len)
            .ok_or_else(|| {
                HiveError::cell(
                    offset,
                    format!("value name of {name_len} bytes runs past the cell"),
                )
            })?;
        Ok(Value {
            hive,
            offset,
            data_size: field(4),
            data_offset: field(8),
            kind: field(12),
            name: Name {
                bytes: name,
                latin1: flags & VALUE_COMP_NAME != 0,
            },
        })
    }

    /// The value's name; "" for the default value.
    pub fn name(&self) -> String {
        self.name.to_string_lossy()
    }

    /// The data type (REG_SZ = 1, REG_DWORD = 4, ...); other numbers are allowed.
    pub fn kind(&self) -> u32 {
        self.kind
    }

    /// The key value's cell offset (relative to the hive bins data), for reports.
    pub fn offset(&self) -> u32 {
        self.offset
    }

    /// The raw data bytes, with big data reassembled from its segments.
    pub fn data(&self) -> Result<Vec<u8>, HiveError> {
        if self.data_size & DATA_IN_OFFSET != 0 {
            return self.resident_data();
        }
        let len = self.data_size as usize;
        if len == 0 {
            return Ok(Vec::new());
        }
        // Real data lives in distinct cells, so it cannot outgrow the hive; this also stops
        // a "db" record that repeats one segment from inflating a small file.
        if len > self.hive.bins_len() {
            return Err(HiveError::cell(
                self.offset,
                format!(
                    "value data size {len} exceeds the hive bins data ({} bytes)",
                    self.hive.bins_len()
                ),
            ));
        }
        self.hive.charge(len)?;
        let cell = self.hive.cell(self.data_offset)?;
        if len > BIG_DATA_SEGMENT
            && self.hive.minor_version() >= BIG_DATA_MIN_VERSION
            && is_big_data(cell, len)
        {
            return self.big_data(cell, len);
        }
        cell.get(..len).map(<[u8]>::to_vec).ok_or_else(|| {
            HiveError::cell(
                self.data_offset,
                format!(
                    "value data of {len} bytes does not fit its cell of {} (value at 0x{:x})",
                    cell.len(),
                    self.offset
                ),
            )
        })
    }

    fn resident_data(&self) -> Result<Vec<u8>, HiveError> {
        let len = (self.data_size & !DATA_IN_OFFSET) as usize;
        let bytes = self.data_offset.to_le_bytes();
        bytes.get(..len).map(<[u8]>::to_vec).ok_or_else(|| {
            HiveError::cell(
                self.offset,
                format!("data stored in the value itself claims {len} bytes (at most 4 fit)"),
            )
        })
    }

    fn big_data(&self, record: &[u8], len: usize) -> Result<Vec<u8>, HiveError> {
        let count = usize::from(u16_at(record, 2).unwrap_or_default());
        let list_offset = u32_at(record, 4).unwrap_or(NO_CELL);
        let list = self.hive.cell(list_offset)?;
        let mut segments = Vec::with_capacity(count);
        references(list_offset, list, BARE_ARRAY, count, &mut segments)?;
        let mut data = Vec::with_capacity(len.min(self.hive.bins_len()));
        for segment in segments {
            let wanted = (len - data.len()).min(BIG_DATA_SEGMENT);
            if wanted == 0 {
                break;
            }
            let bytes = self.hive.cell(segment)?;
            let piece = bytes.get(..wanted).ok_or_else(|| {
                HiveError::cell(
                    segment,
                    format!(
                        "big data segment holds {} bytes, {wanted} expected",
                        bytes.len()
                    ),
                )
            })?;
            data.extend_from_slice(piece);
        }
        if data.len() < len {
            return Err(HiveError::cell(
                self.data_offset,
                format!("big data segments hold {} of {len} bytes", data.len()),
            ));
        }
        Ok(data)
    }

    /// REG_SZ, REG_EXPAND_SZ and REG_LINK as text up to the first NUL.
    pub fn text(&self) -> Option<String> {
        if !is_text(self.kind) {
            return None;
        }
        self.data().ok().map(|data| utf16_until_nul(&data))
    }

    /// REG_MULTI_SZ as its strings; the list ends at the first empty string, as in Windows.
    pub fn strings(&self) -> Option<Vec<String>> {
        if self.kind != REG_MULTI_SZ {
            return None;
        }
        self.data().ok().map(|data| multi_strings(&data))
    }

    /// REG_DWORD, REG_DWORD_BIG_ENDIAN and REG_QWORD as a number.
    pub fn number(&self) -> Option<u64> {
        number_from(self.kind, &self.data().ok()?)
    }

    /// A short rendering for reports: text as is, numbers in decimal and hex, anything
    /// else as its first 64 bytes in hex with the total size.
    pub fn display(&self) -> String {
        let data = match self.data() {
            Ok(data) => data,
            Err(error) => return format!("<unreadable: {error}>"),
        };
        if is_text(self.kind) {
            return utf16_until_nul(&data);
        }
        if self.kind == REG_MULTI_SZ {
            return format!("{:?}", multi_strings(&data));
        }
        match number_from(self.kind, &data) {
            Some(number) => format!("{number} (0x{number:x})"),
            None => binary_display(&data),
        }
    }
}

fn is_text(kind: u32) -> bool {
    matches!(kind, REG_SZ | REG_EXPAND_SZ | REG_LINK)
}

fn multi_strings(data: &[u8]) -> Vec<String> {
    let units: Vec<u16> = data
        .chunks_exact(2)
        .map(|pair| <[u8; 2]>::try_from(pair).map_or(0, u16::from_le_bytes))
        .collect();
    units
        .split(|&unit| unit == 0)
        .take_while(|part| !part.is_empty())
        .map(String::from_utf16_lossy)
        .collect()
}

fn number_from(kind: u32, data: &[u8]) -> Option<u64> {
    let dword = || <[u8; 4]>::try_from(data.get(..4)?).ok();
    match kind {
        REG_DWORD => dword().map(|b| u64::from(u32::from_le_bytes(b))),
        REG_DWORD_BIG_ENDIAN => dword().map(|b| u64::from(u32::from_be_bytes(b))),
        REG_QWORD => <[u8; 8]>::try_from(data.get(..8)?)
            .ok()
            .map(u64::from_le_bytes),
        _ => None,
    }
}

impl fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Value")
            .field("offset", &self.offset)
            .field("name", &self.name())
            .field("kind", &self.kind)
            .finish()
    }
}

/// A "db" record whose segment count covers the data. The signature is checked rather
/// than assumed because hivex writes large data as one plain cell even in 1.4+ hives.
fn is_big_data(cell: &[u8], len: usize) -> bool {
    cell.get(..2) == Some(b"db".as_slice())
        && usize::from(u16_at(cell, 2).unwrap_or_default()) * BIG_DATA_SEGMENT >= len
}

fn binary_display(data: &[u8]) -> String {
    let shown = data.get(..DISPLAY_BINARY_BYTES).unwrap_or(data);
    let mut out = String::with_capacity(shown.len() * 2 + 20);
    for byte in shown {
        let _ = write!(out, "{byte:02x}");
    }
    if shown.len() < data.len() {
        out.push('…');
    }
    let _ = write!(out, " ({} bytes)", data.len());
    out
}
