//! Compound files and VBA projects written byte by byte for the tests: adapted from needle's
//! own test writer (tests/util/samples.rs: `build_cfb`, `vba_project_nodes`, `ovba_compress`,
//! `doc_with_macros`), unchanged but for what these tests do not use.

#[derive(Default)]
struct Le(Vec<u8>);

impl Le {
    fn u8(&mut self, v: u8) -> &mut Self {
        self.0.push(v);
        self
    }
    fn u16(&mut self, v: u16) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    fn u32(&mut self, v: u32) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    fn u64(&mut self, v: u64) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
    fn bytes(&mut self, v: &[u8]) -> &mut Self {
        self.0.extend_from_slice(v);
        self
    }
    /// NUL-terminated string.
    fn cstr(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes()).u8(0)
    }
    /// Zero-fill up to `len` (never shrinks).
    fn pad_to(&mut self, len: usize) -> &mut Self {
        if self.0.len() < len {
            self.0.resize(len, 0);
        }
        self
    }
    fn align(&mut self, alignment: usize) -> &mut Self {
        self.pad_to(align_up(self.0.len(), alignment))
    }
}

fn align_up(value: usize, alignment: usize) -> usize {
    value.div_ceil(alignment) * alignment
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).expect("synthetic sample larger than 4 GiB")
}

/// A Word 97-2003 .doc (compound file) with the VBA project in its `Macros` storage. The
/// `WordDocument` stream is a placeholder holding only the FIB identifier and `body_text`,
/// not a real FIB.
pub fn doc_with_macros(modules: &[VbaModule], cache: VbaCache, body_text: &str) -> Vec<u8> {
    let mut word_document = vec![0xEC, 0xA5, 0xC1, 0x00]; // wIdent, nFib
    word_document.resize(256, 0);
    word_document.extend_from_slice(body_text.as_bytes());
    build_cfb(&[
        CfbNode::Stream("WordDocument".into(), word_document),
        CfbNode::Storage("Macros".into(), vba_project_nodes(modules, cache)),
    ])
}

// ---------------------------------------------------------------------------
// VBA projects (MS-OVBA)

/// One VBA module: its name (also its stream name), whether it is a document module
/// (`ThisDocument`) rather than a standard one, and its source text.
pub struct VbaModule {
    pub name: &'static str,
    pub document: bool,
    pub code: String,
}

impl VbaModule {
    /// A standard module: `Attribute VB_Name` line, then `body`.
    pub fn standard(name: &'static str, body: &str) -> Self {
        Self {
            name,
            document: false,
            code: format!("Attribute VB_Name = \"{name}\"\r\n{}", crlf(body)),
        }
    }

    /// The `ThisDocument` module of a Word project.
    pub fn this_document(body: &str) -> Self {
        let name = "ThisDocument";
        let header = [
            "Attribute VB_Name = \"ThisDocument\"",
            "Attribute VB_Base = \"1Normal.ThisDocument\"",
            "Attribute VB_GlobalNameSpace = False",
            "Attribute VB_Creatable = False",
            "Attribute VB_PredeclaredId = True",
            "Attribute VB_Exposed = True",
            "Attribute VB_TemplateDerived = True",
            "Attribute VB_Customizable = True",
        ];
        Self {
            name,
            document: true,
            code: format!("{}\r\n{}", header.join("\r\n"), crlf(body)),
        }
    }
}

fn crlf(text: &str) -> String {
    text.lines().map(|l| format!("{l}\r\n")).collect()
}

/// What a module stream holds before its compressed source (at MODULEOFFSET).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VbaCache {
    /// Nothing: MODULEOFFSET is 0 and the stream is the compressed source alone (what a
    /// project without compiled p-code, or one written by a tool, looks like).
    None,
    /// A stand-in for the performance cache Office writes there (compiled p-code, which keeps
    /// the module's identifiers and string literals uncompressed): the module's identifiers
    /// and string literals, each as u16 length + ASCII + NUL. It is NOT real p-code; readers
    /// take the source from MODULEOFFSET and ignore the cache either way.
    Identifiers,
}

/// The streams and storages of a VBA project: `VBA` (with `dir`, `_VBA_PROJECT` and one
/// stream per module), `PROJECT` and `PROJECTwm`.
pub fn vba_project_nodes(modules: &[VbaModule], cache: VbaCache) -> Vec<CfbNode> {
    let caches: Vec<Vec<u8>> = modules
        .iter()
        .map(|m| match cache {
            VbaCache::None => Vec::new(),
            VbaCache::Identifiers => vba_identifier_cache(&m.code),
        })
        .collect();
    let offsets: Vec<u32> = caches.iter().map(|c| to_u32(c.len())).collect();
    let mut vba = vec![
        CfbNode::Stream(
            "dir".into(),
            ovba_compress(&vba_dir_stream(modules, &offsets)),
        ),
        // Reserved1 0x61CC, Version 0xFFFF (no cached p-code: Office compiles the source),
        // Reserved2 0x00, Reserved3.
        CfbNode::Stream(
            "_VBA_PROJECT".into(),
            vec![0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00],
        ),
    ];
    for (module, cache) in modules.iter().zip(caches) {
        let mut stream = cache;
        stream.extend(ovba_compress(module.code.as_bytes()));
        vba.push(CfbNode::Stream(module.name.into(), stream));
    }
    let mut project = String::from("ID=\"{00000000-0000-0000-0000-000000000000}\"\r\n");
    for module in modules {
        if module.document {
            project += &format!("Document={}/&H00000000\r\n", module.name);
        } else {
            project += &format!("Module={}\r\n", module.name);
        }
    }
    project += "Name=\"Project\"\r\nHelpContextID=\"0\"\r\nVersionCompatible32=\"393222000\"\r\n";
    project += "\r\n[Host Extender Info]\r\n&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000\r\n";
    project += "\r\n[Workspace]\r\n";
    for module in modules {
        project += &format!("{}=0, 0, 0, 0, C\r\n", module.name);
    }
    let mut project_wm = Vec::new();
    for module in modules {
        project_wm.extend_from_slice(module.name.as_bytes());
        project_wm.push(0);
        project_wm.extend(utf16le(module.name));
        project_wm.extend_from_slice(&[0, 0]);
    }
    project_wm.extend_from_slice(&[0, 0]);
    vec![
        CfbNode::Storage("VBA".into(), vba),
        CfbNode::Stream("PROJECT".into(), project.into_bytes()),
        CfbNode::Stream("PROJECTwm".into(), project_wm),
    ]
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// See [`VbaCache::Identifiers`]: identifiers and string literals of `code` in order of first
/// appearance, each once.
fn vba_identifier_cache(code: &str) -> Vec<u8> {
    let mut tokens: Vec<String> = Vec::new();
    let mut push = |token: String| {
        if !token.is_empty() && !tokens.contains(&token) {
            tokens.push(token);
        }
    };
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' {
            let mut literal = String::new();
            for d in chars.by_ref() {
                if d == '"' {
                    break;
                }
                literal.push(d);
            }
            push(literal);
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut word = String::from(c);
            while let Some(&d) = chars.peek() {
                if !(d.is_ascii_alphanumeric() || d == '_') {
                    break;
                }
                word.push(d);
                chars.next();
            }
            push(word);
        }
    }
    let mut out = Le::default();
    for token in &tokens {
        out.u16(u16::try_from(token.len()).expect("short token"))
            .cstr(token);
    }
    out.0
}

/// The decompressed `dir` stream (MS-OVBA 2.3.4.2): project information, one reference
/// (stdole), and the module records; `offsets` are the modules' MODULEOFFSET values.
fn vba_dir_stream(modules: &[VbaModule], offsets: &[u32]) -> Vec<u8> {
    let mut dir = Le::default();
    let record = |dir: &mut Le, id: u16, data: &[u8]| {
        dir.u16(id).u32(to_u32(data.len())).bytes(data);
    };
    record(&mut dir, 0x0001, &1u32.to_le_bytes()); // PROJECTSYSKIND: Win32
    record(&mut dir, 0x0002, &0x409u32.to_le_bytes()); // PROJECTLCID
    record(&mut dir, 0x0014, &0x409u32.to_le_bytes()); // PROJECTLCIDINVOKE
    record(&mut dir, 0x0003, &1252u16.to_le_bytes()); // PROJECTCODEPAGE
    record(&mut dir, 0x0004, b"Project"); // PROJECTNAME
    record(&mut dir, 0x0005, b""); // PROJECTDOCSTRING
    record(&mut dir, 0x0040, b""); //   ...its Unicode form
    record(&mut dir, 0x0006, b""); // PROJECTHELPFILEPATH
    record(&mut dir, 0x003D, b""); //   ...second copy
    record(&mut dir, 0x0007, &0u32.to_le_bytes()); // PROJECTHELPCONTEXT
    record(&mut dir, 0x0008, &0u32.to_le_bytes()); // PROJECTLIBFLAGS
    dir.u16(0x0009).u32(4).u32(0x5A7A_2CFE).u16(0x0011); // PROJECTVERSION (Reserved = 4)
    record(&mut dir, 0x000C, b""); // PROJECTCONSTANTS
    record(&mut dir, 0x003C, b""); //   ...its Unicode form

    // REFERENCENAME + REFERENCEREGISTERED for stdole.
    record(&mut dir, 0x0016, b"stdole");
    record(&mut dir, 0x003E, &utf16le("stdole"));
    let libid = b"*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\\Windows\\System32\\stdole2.tlb#OLE Automation";
    dir.u16(0x000D)
        .u32(to_u32(4 + libid.len() + 6))
        .u32(to_u32(libid.len()))
        .bytes(libid)
        .u32(0)
        .u16(0);

    let count = u16::try_from(modules.len()).expect("few modules");
    dir.u16(0x000F).u32(2).u16(count); // PROJECTMODULES
    dir.u16(0x0013).u32(2).u16(0xFFFF); // PROJECTCOOKIE
    for (module, offset) in modules.iter().zip(offsets) {
        record(&mut dir, 0x0019, module.name.as_bytes()); // MODULENAME
        record(&mut dir, 0x0047, &utf16le(module.name)); // MODULENAMEUNICODE
        record(&mut dir, 0x001A, module.name.as_bytes()); // MODULESTREAMNAME
        record(&mut dir, 0x0032, &utf16le(module.name));
        record(&mut dir, 0x001C, b""); // MODULEDOCSTRING
        record(&mut dir, 0x0048, b"");
        record(&mut dir, 0x0031, &offset.to_le_bytes()); // MODULEOFFSET
        record(&mut dir, 0x001E, &0u32.to_le_bytes()); // MODULEHELPCONTEXT
        record(&mut dir, 0x002C, &0xFFFFu16.to_le_bytes()); // MODULECOOKIE
        // MODULETYPE: 0x21 procedural, 0x22 document/class; Reserved = 0.
        dir.u16(if module.document { 0x0022 } else { 0x0021 })
            .u32(0);
        dir.u16(0x002B).u32(0); // module TERMINATOR
    }
    dir.u16(0x0010).u32(0); // dir TERMINATOR
    dir.0
}

/// MS-OVBA compression (2.4.1.3.6): signature byte, then 4096-byte chunks, each LZ77-coded with
/// copy tokens found by exhaustive search inside the chunk (or stored raw if that is shorter).
pub fn ovba_compress(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x01];
    for chunk in data.chunks(4096) {
        let body = ovba_compress_chunk(chunk);
        if body.len() <= 4096 {
            // CompressedChunkHeader: size - 3, signature 0b011, compressed flag.
            let header = 0x8000 | 0x3000 | u16::try_from(body.len() + 2 - 3).expect("fits");
            out.extend_from_slice(&header.to_le_bytes());
            out.extend_from_slice(&body);
        } else {
            // Raw chunk: always 4096 bytes, zero-padded.
            out.extend_from_slice(&(0x3000u16 | 0x0FFF).to_le_bytes());
            let start = out.len();
            out.extend_from_slice(chunk);
            out.resize(start + 4096, 0);
        }
    }
    out
}

fn ovba_compress_chunk(chunk: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut current = 0;
    while current < chunk.len() {
        let flag_index = out.len();
        out.push(0);
        for bit in 0..8 {
            if current >= chunk.len() {
                break;
            }
            let (offset, length) = ovba_longest_match(chunk, current);
            if length >= 3 {
                let bit_count = ovba_bit_count(current);
                let maximum = (0xFFFF >> bit_count) + 3;
                let length = length.min(maximum);
                let token = ((offset - 1) << (16 - bit_count)) | (length - 3);
                out.extend_from_slice(&u16::try_from(token).expect("16-bit token").to_le_bytes());
                out[flag_index] |= 1 << bit;
                current += length;
            } else {
                out.push(chunk[current]);
                current += 1;
            }
        }
    }
    out
}

/// Bits of a copy token used for the offset, given the position inside the chunk.
fn ovba_bit_count(position: usize) -> usize {
    let mut bits = 0;
    while (1usize << bits) < position {
        bits += 1;
    }
    bits.max(4)
}

/// (offset back, length) of the longest earlier match at `current` (overlapping allowed).
fn ovba_longest_match(chunk: &[u8], current: usize) -> (usize, usize) {
    let (mut best_offset, mut best_length) = (0, 0);
    for candidate in (0..current).rev() {
        let mut length = 0;
        while current + length < chunk.len() && chunk[candidate + length] == chunk[current + length]
        {
            length += 1;
        }
        if length > best_length {
            best_length = length;
            best_offset = current - candidate;
        }
    }
    (best_offset, best_length)
}

// ---------------------------------------------------------------------------
// Compound files (MS-CFB version 3: 512-byte sectors, 64-byte mini sectors)

/// A node of a compound file's tree.
pub enum CfbNode {
    Stream(String, Vec<u8>),
    Storage(String, Vec<CfbNode>),
}

const CFB_SECTOR: usize = 512;
const CFB_MINI_SECTOR: usize = 64;
const CFB_MINI_CUTOFF: usize = 4096;
const CFB_FREESECT: u32 = 0xFFFF_FFFF;
const CFB_ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const CFB_FATSECT: u32 = 0xFFFF_FFFD;
const CFB_NOSTREAM: u32 = 0xFFFF_FFFF;

/// One directory entry while the file is laid out.
struct CfbEntry {
    name: String,
    /// 1 storage, 2 stream, 5 root storage.
    kind: u8,
    data: Vec<u8>,
    children: Vec<u32>,
    left: u32,
    right: u32,
    child: u32,
    /// 0 red, 1 black.
    color: u8,
    start: u32,
    size: u32,
}

impl CfbEntry {
    fn new(name: &str, kind: u8, data: Vec<u8>) -> Self {
        Self {
            name: name.to_string(),
            kind,
            data,
            children: Vec::new(),
            left: CFB_NOSTREAM,
            right: CFB_NOSTREAM,
            child: CFB_NOSTREAM,
            color: 1,
            // Storages have start sector 0; streams get theirs when laid out.
            start: if kind == 1 { 0 } else { CFB_ENDOFCHAIN },
            size: 0,
        }
    }
}

/// A compound file holding `nodes` under its root storage. Streams under 4096 bytes live in
/// the mini stream; each storage's children form a balanced red-black tree in CFB name order.
pub fn build_cfb(nodes: &[CfbNode]) -> Vec<u8> {
    let mut entries = vec![CfbEntry::new("Root Entry", 5, Vec::new())];
    let children = cfb_add(&mut entries, nodes);
    entries[0].children = children;
    for index in 0..entries.len() {
        let mut children = std::mem::take(&mut entries[index].children);
        children
            .sort_by(|&a, &b| cfb_name_order(&entries[a as usize].name, &entries[b as usize].name));
        let height = cfb_tree_height(children.len());
        entries[index].child = cfb_tree(&mut entries, &children, 0, height);
    }

    // Mini stream and the MiniFAT.
    let mut mini_stream = Vec::new();
    let mut mini_fat: Vec<u32> = Vec::new();
    for entry in entries.iter_mut().filter(|e| e.kind == 2) {
        entry.size = to_u32(entry.data.len());
        if entry.data.is_empty() || entry.data.len() >= CFB_MINI_CUTOFF {
            continue;
        }
        let first = mini_fat.len();
        let sectors = entry.data.len().div_ceil(CFB_MINI_SECTOR);
        entry.start = to_u32(first);
        for i in 0..sectors {
            mini_fat.push(if i + 1 == sectors {
                CFB_ENDOFCHAIN
            } else {
                to_u32(first + i + 1)
            });
        }
        mini_stream.extend_from_slice(&entry.data);
        mini_stream.resize((first + sectors) * CFB_MINI_SECTOR, 0);
    }
    let mut mini_fat_bytes = Le::default();
    for &next in &mini_fat {
        mini_fat_bytes.u32(next);
    }

    // Regular sectors: [FAT][directory][MiniFAT][mini stream][large streams].
    let dir_sectors = (entries.len() * 128).div_ceil(CFB_SECTOR);
    let mini_fat_sectors = (mini_fat.len() * 4).div_ceil(CFB_SECTOR);
    let mini_stream_sectors = mini_stream.len().div_ceil(CFB_SECTOR);
    let large_sectors: usize = entries
        .iter()
        .filter(|e| e.kind == 2 && e.data.len() >= CFB_MINI_CUTOFF)
        .map(|e| e.data.len().div_ceil(CFB_SECTOR))
        .sum();
    let others = dir_sectors + mini_fat_sectors + mini_stream_sectors + large_sectors;
    let mut fat_sectors = 1;
    while fat_sectors * (CFB_SECTOR / 4) < fat_sectors + others {
        fat_sectors += 1;
    }
    assert!(
        fat_sectors <= 109,
        "sample too large for a header-only DIFAT"
    );

    let mut fat = vec![CFB_FREESECT; fat_sectors * (CFB_SECTOR / 4)];
    for slot in fat.iter_mut().take(fat_sectors) {
        *slot = CFB_FATSECT;
    }
    let mut next = fat_sectors;
    let mut chain = |fat: &mut Vec<u32>, count: usize| -> u32 {
        if count == 0 {
            return CFB_ENDOFCHAIN;
        }
        let first = next;
        for i in 0..count {
            fat[first + i] = if i + 1 == count {
                CFB_ENDOFCHAIN
            } else {
                to_u32(first + i + 1)
            };
        }
        next += count;
        to_u32(first)
    };
    let dir_start = chain(&mut fat, dir_sectors);
    let mini_fat_start = chain(&mut fat, mini_fat_sectors);
    let mini_stream_start = chain(&mut fat, mini_stream_sectors);
    entries[0].start = mini_stream_start;
    entries[0].size = to_u32(mini_stream.len());
    let mut large = Vec::new();
    for (index, entry) in entries.iter().enumerate() {
        if entry.kind == 2 && entry.data.len() >= CFB_MINI_CUTOFF {
            large.push(index);
        }
    }
    for &index in &large {
        let sectors = entries[index].data.len().div_ceil(CFB_SECTOR);
        entries[index].start = chain(&mut fat, sectors);
    }

    let mut out = Le::default();
    out.bytes(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        .pad_to(24) // CLSID
        .u16(0x003E) // minor version
        .u16(0x0003) // major version 3
        .u16(0xFFFE) // byte order
        .u16(9) // sector shift
        .u16(6) // mini sector shift
        .pad_to(44) // reserved + directory sector count (0 in version 3)
        .u32(to_u32(fat_sectors))
        .u32(dir_start)
        .u32(0) // transaction signature
        .u32(to_u32(CFB_MINI_CUTOFF))
        .u32(mini_fat_start)
        .u32(to_u32(mini_fat_sectors))
        .u32(CFB_ENDOFCHAIN) // first DIFAT sector
        .u32(0); // DIFAT sectors
    for i in 0..109 {
        out.u32(if i < fat_sectors {
            to_u32(i)
        } else {
            CFB_FREESECT
        });
    }
    for &slot in &fat {
        out.u32(slot);
    }
    for entry in &entries {
        cfb_write_entry(&mut out, entry);
    }
    while !(out.0.len() - CFB_SECTOR).is_multiple_of(CFB_SECTOR) {
        cfb_write_unused_entry(&mut out);
    }
    out.bytes(&mini_fat_bytes.0);
    for _ in 0..(mini_fat_sectors * CFB_SECTOR / 4).saturating_sub(mini_fat.len()) {
        out.u32(CFB_FREESECT);
    }
    out.bytes(&mini_stream);
    out.align(CFB_SECTOR);
    for &index in &large {
        out.bytes(&entries[index].data);
        out.align(CFB_SECTOR);
    }
    out.0
}

/// Appends `nodes` (and their subtrees) as entries; returns their indices.
fn cfb_add(entries: &mut Vec<CfbEntry>, nodes: &[CfbNode]) -> Vec<u32> {
    let mut ids = Vec::new();
    for node in nodes {
        let id = to_u32(entries.len());
        ids.push(id);
        match node {
            CfbNode::Stream(name, data) => entries.push(CfbEntry::new(name, 2, data.clone())),
            CfbNode::Storage(name, children) => {
                entries.push(CfbEntry::new(name, 1, Vec::new()));
                let child_ids = cfb_add(entries, children);
                entries[id as usize].children = child_ids;
            }
        }
    }
    ids
}

/// CFB sibling order: shorter names first, then by upper-cased UTF-16 code units.
fn cfb_name_order(a: &str, b: &str) -> std::cmp::Ordering {
    let upper = |s: &str| -> Vec<u16> { s.to_uppercase().encode_utf16().collect() };
    let (a, b) = (upper(a), upper(b));
    a.len().cmp(&b.len()).then(a.cmp(&b))
}

/// Height (deepest node depth) of the median-split tree of `count` nodes.
fn cfb_tree_height(count: usize) -> usize {
    let mut height = 0;
    while (2usize << height) <= count {
        height += 1;
    }
    height
}

/// Links `sorted` into a median-split binary search tree; returns its root. Nodes on the
/// deepest level are red and all others black, which satisfies the red-black rules because
/// every empty child slot of a median-split tree sits at depth `height` or `height + 1`.
fn cfb_tree(entries: &mut [CfbEntry], sorted: &[u32], depth: usize, height: usize) -> u32 {
    if sorted.is_empty() {
        return CFB_NOSTREAM;
    }
    let middle = sorted.len() / 2;
    let root = sorted[middle];
    let left = cfb_tree(entries, &sorted[..middle], depth + 1, height);
    let right = cfb_tree(entries, &sorted[middle + 1..], depth + 1, height);
    let entry = &mut entries[root as usize];
    entry.left = left;
    entry.right = right;
    entry.color = if depth == height && depth > 0 { 0 } else { 1 };
    root
}

fn cfb_write_entry(out: &mut Le, entry: &CfbEntry) {
    let name = utf16le(&entry.name);
    assert!(name.len() <= 62, "CFB names have at most 31 characters");
    let start = out.0.len();
    out.bytes(&name)
        .pad_to(start + 64)
        .u16(u16::try_from(name.len() + 2).expect("short name"))
        .u8(entry.kind)
        .u8(entry.color)
        .u32(entry.left)
        .u32(entry.right)
        .u32(entry.child)
        .pad_to(start + 116) // CLSID, state bits, creation and modification times
        .u32(entry.start)
        .u64(u64::from(entry.size));
}

fn cfb_write_unused_entry(out: &mut Le) {
    let start = out.0.len();
    out.pad_to(start + 68)
        .u32(CFB_NOSTREAM)
        .u32(CFB_NOSTREAM)
        .u32(CFB_NOSTREAM)
        .pad_to(start + 128);
}
