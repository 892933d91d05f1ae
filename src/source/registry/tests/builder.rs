//! Test-only writer of valid hives: a base block and one hive bin holding chosen keys,
//! values and subkey-list kinds, laid out the way Windows lays out cells.

use crate::source::registry::base::checksum;

pub(super) const NO_CELL: u32 = u32::MAX;
const BIG_DATA_SEGMENT: usize = 16344;
const HIVE_BIN_HEADER: usize = 32;

#[derive(Clone, Copy, Debug)]
pub(super) enum ListKind {
    Lf,
    Lh,
    Li,
    /// An index root over "li" leaves of at most this many entries each.
    Ri(usize),
}

#[derive(Clone, Debug)]
pub(super) struct TestValue {
    pub(super) name: String,
    pub(super) kind: u32,
    pub(super) data: Vec<u8>,
}

#[derive(Clone, Debug)]
pub(crate) struct TestKey {
    pub(super) name: String,
    pub(super) values: Vec<TestValue>,
    pub(super) subkeys: Vec<TestKey>,
    pub(super) list: ListKind,
}

impl TestKey {
    pub(crate) fn new(name: &str) -> TestKey {
        TestKey {
            name: name.to_string(),
            values: Vec::new(),
            subkeys: Vec::new(),
            list: ListKind::Lh,
        }
    }

    pub(crate) fn value(mut self, name: &str, kind: u32, data: impl Into<Vec<u8>>) -> TestKey {
        self.values.push(TestValue {
            name: name.to_string(),
            kind,
            data: data.into(),
        });
        self
    }

    pub(crate) fn child(mut self, key: TestKey) -> TestKey {
        self.subkeys.push(key);
        self
    }

    pub(super) fn list(mut self, list: ListKind) -> TestKey {
        self.list = list;
        self
    }
}

pub(crate) fn utf16z(text: &str) -> Vec<u8> {
    text.encode_utf16()
        .chain([0])
        .flat_map(u16::to_le_bytes)
        .collect()
}

pub(super) fn multi_sz(parts: &[&str]) -> Vec<u8> {
    let mut data: Vec<u8> = parts.iter().flat_map(|part| utf16z(part)).collect();
    data.extend([0, 0]);
    data
}

/// Latin-1 bytes when every character fits (Windows then sets the compressed-name flag), else UTF-16LE.
fn encode_name(name: &str) -> (Vec<u8>, bool) {
    if name.chars().all(|c| u32::from(c) <= 0xff) {
        (name.chars().map(|c| u32::from(c) as u8).collect(), true)
    } else {
        (
            name.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            false,
        )
    }
}

fn name_hash(name: &str) -> u32 {
    name.to_uppercase().encode_utf16().fold(0u32, |hash, unit| {
        hash.wrapping_mul(37).wrapping_add(u32::from(unit))
    })
}

fn name_hint(name: &str) -> [u8; 4] {
    let mut hint = [0u8; 4];
    for (slot, c) in hint.iter_mut().zip(name.chars()) {
        *slot = u8::try_from(u32::from(c)).unwrap_or(0);
    }
    hint
}

pub(super) struct KeyNode<'a> {
    pub(super) name: &'a [u8],
    pub(super) latin1: bool,
    pub(super) subkey_count: u32,
    pub(super) subkey_list: u32,
    pub(super) value_count: u32,
    pub(super) value_list: u32,
}

impl KeyNode<'_> {
    pub(super) fn bytes(&self, parent: u32, sk: u32) -> Vec<u8> {
        let mut flags: u16 = if self.latin1 { 0x20 } else { 0 };
        if parent == NO_CELL {
            flags |= 0x0c;
        }
        let mut out = Vec::with_capacity(76 + self.name.len());
        out.extend(b"nk");
        out.extend(flags.to_le_bytes());
        out.extend(0x01d9_0000_0000_0000u64.to_le_bytes());
        out.extend(0u32.to_le_bytes());
        for field in [
            parent,
            self.subkey_count,
            0,
            self.subkey_list,
            NO_CELL,
            self.value_count,
            self.value_list,
            sk,
            NO_CELL,
            0,
            0,
            0,
            0,
            0,
        ] {
            out.extend(field.to_le_bytes());
        }
        out.extend((self.name.len() as u16).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        out.extend(self.name);
        out
    }
}

pub(super) struct HiveBuilder {
    bins: Vec<u8>,
    sk: u32,
    pub(super) minor: u32,
    pub(super) sequences: (u32, u32),
    pub(super) file_name: String,
    pub(super) last_written: u64,
}

impl HiveBuilder {
    pub(super) fn new() -> HiveBuilder {
        let mut builder = HiveBuilder {
            bins: vec![0; HIVE_BIN_HEADER],
            sk: NO_CELL,
            minor: 5,
            sequences: (1, 1),
            file_name: "\\??\\C:\\Users\\test\\ntuser.dat".to_string(),
            last_written: 0x01da_0102_0304_0506,
        };
        builder.sk = builder.security_cell();
        builder
    }

    /// Appends an allocated cell holding `payload`; returns its offset in the hive bins data.
    pub(super) fn alloc(&mut self, payload: &[u8]) -> u32 {
        let size = (payload.len() + 4).next_multiple_of(8);
        let offset = self.bins.len() as u32;
        self.bins.extend((-(size as i32)).to_le_bytes());
        self.bins.extend(payload);
        self.bins.resize(offset as usize + size, 0);
        offset
    }

    /// Overwrites a 32-bit field at `at` bytes into the data of the cell at `cell`.
    pub(super) fn patch(&mut self, cell: u32, at: usize, value: u32) {
        let start = cell as usize + 4 + at;
        self.bins[start..start + 4].copy_from_slice(&value.to_le_bytes());
    }

    pub(super) fn security(&self) -> u32 {
        self.sk
    }

    fn security_cell(&mut self) -> u32 {
        let offset = self.bins.len() as u32;
        // A self-relative descriptor with no owner, group or ACLs: enough for hivex.
        let descriptor = [
            1u8, 0, 0x00, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        let mut cell = Vec::new();
        cell.extend(b"sk");
        cell.extend(0u16.to_le_bytes());
        cell.extend(offset.to_le_bytes());
        cell.extend(offset.to_le_bytes());
        cell.extend(1u32.to_le_bytes());
        cell.extend((descriptor.len() as u32).to_le_bytes());
        cell.extend(descriptor);
        self.alloc(&cell)
    }

    pub(super) fn write_key(&mut self, key: &TestKey, parent: u32) -> u32 {
        let (name, latin1) = encode_name(&key.name);
        let placeholder = KeyNode {
            name: &name,
            latin1,
            subkey_count: 0,
            subkey_list: NO_CELL,
            value_count: 0,
            value_list: NO_CELL,
        };
        let node = self.alloc(&placeholder.bytes(parent, self.sk));
        if !key.values.is_empty() {
            let offsets: Vec<u32> = key.values.iter().map(|v| self.write_value(v)).collect();
            let list: Vec<u8> = offsets.iter().flat_map(|o| o.to_le_bytes()).collect();
            let list = self.alloc(&list);
            self.patch(node, 36, offsets.len() as u32);
            self.patch(node, 40, list);
        }
        if !key.subkeys.is_empty() {
            let children: Vec<(u32, &str)> = key
                .subkeys
                .iter()
                .map(|child| (self.write_key(child, node), child.name.as_str()))
                .collect();
            let list = self.write_subkey_list(&children, key.list);
            self.patch(node, 20, children.len() as u32);
            self.patch(node, 28, list);
        }
        node
    }

    pub(super) fn write_subkey_list(&mut self, children: &[(u32, &str)], kind: ListKind) -> u32 {
        let mut list = Vec::new();
        let signature: &[u8] = match kind {
            ListKind::Lf => b"lf",
            ListKind::Lh => b"lh",
            ListKind::Li => b"li",
            ListKind::Ri(per_leaf) => {
                let leaves: Vec<u32> = children
                    .chunks(per_leaf)
                    .map(|chunk| self.write_subkey_list(chunk, ListKind::Li))
                    .collect();
                list.extend(b"ri");
                list.extend((leaves.len() as u16).to_le_bytes());
                list.extend(leaves.iter().flat_map(|leaf| leaf.to_le_bytes()));
                return self.alloc(&list);
            }
        };
        list.extend(signature);
        list.extend((children.len() as u16).to_le_bytes());
        for &(offset, name) in children {
            list.extend(offset.to_le_bytes());
            match kind {
                ListKind::Lf => list.extend(name_hint(name)),
                ListKind::Lh => list.extend(name_hash(name).to_le_bytes()),
                ListKind::Li | ListKind::Ri(_) => {}
            }
        }
        self.alloc(&list)
    }

    fn write_value(&mut self, value: &TestValue) -> u32 {
        let (name, latin1) = encode_name(&value.name);
        let len = value.data.len();
        let (size, data) = if len == 0 {
            (0, NO_CELL)
        } else if len <= 4 {
            let mut inline = [0u8; 4];
            inline[..len].copy_from_slice(&value.data);
            (len as u32 | 0x8000_0000, u32::from_le_bytes(inline))
        } else if len > BIG_DATA_SEGMENT && self.minor >= 4 {
            (len as u32, self.write_big_data(&value.data))
        } else {
            (len as u32, self.alloc(&value.data))
        };
        let mut cell = Vec::new();
        cell.extend(b"vk");
        cell.extend((name.len() as u16).to_le_bytes());
        cell.extend(size.to_le_bytes());
        cell.extend(data.to_le_bytes());
        cell.extend(value.kind.to_le_bytes());
        cell.extend(u16::from(latin1).to_le_bytes());
        cell.extend(0u16.to_le_bytes());
        cell.extend(&name);
        self.alloc(&cell)
    }

    fn write_big_data(&mut self, data: &[u8]) -> u32 {
        let segments: Vec<u32> = data
            .chunks(BIG_DATA_SEGMENT)
            .map(|segment| self.alloc(segment))
            .collect();
        let list: Vec<u8> = segments.iter().flat_map(|s| s.to_le_bytes()).collect();
        let list = self.alloc(&list);
        let mut record = Vec::new();
        record.extend(b"db");
        record.extend((segments.len() as u16).to_le_bytes());
        record.extend(list.to_le_bytes());
        self.alloc(&record)
    }

    /// Closes the hive bin with a free cell and prepends the base block.
    pub(super) fn finish(mut self, root: u32) -> Vec<u8> {
        let used = self.bins.len();
        let total = used.next_multiple_of(4096);
        if total > used {
            self.bins.extend(((total - used) as i32).to_le_bytes());
            self.bins.resize(total, 0);
        }
        self.bins[..4].copy_from_slice(b"hbin");
        self.bins[8..12].copy_from_slice(&(total as u32).to_le_bytes());
        self.bins[20..28].copy_from_slice(&self.last_written.to_le_bytes());
        let mut hive = vec![0u8; 4096];
        hive[..4].copy_from_slice(b"regf");
        let fields: [(usize, u32); 9] = [
            (4, self.sequences.0),
            (8, self.sequences.1),
            (20, 1),
            (24, self.minor),
            (28, 0),
            (32, 1),
            (36, root),
            (40, total as u32),
            (44, 1),
        ];
        for (at, value) in fields {
            hive[at..at + 4].copy_from_slice(&value.to_le_bytes());
        }
        hive[12..20].copy_from_slice(&self.last_written.to_le_bytes());
        let name: Vec<u8> = self
            .file_name
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let name_len = name.len().min(64);
        hive[48..48 + name_len].copy_from_slice(&name[..name_len]);
        fix_checksum(&mut hive);
        hive.extend(self.bins);
        hive
    }
}

pub(super) fn fix_checksum(hive: &mut [u8]) {
    let sum = checksum(&hive[..512]);
    hive[508..512].copy_from_slice(&sum.to_le_bytes());
}

pub(super) fn set_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

pub(super) fn build(root: &TestKey) -> Vec<u8> {
    build_with(HiveBuilder::new(), root)
}

pub(super) fn build_with(mut builder: HiveBuilder, root: &TestKey) -> Vec<u8> {
    let offset = builder.write_key(root, NO_CELL);
    builder.finish(offset)
}
