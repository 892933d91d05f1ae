//! Synthetic executable samples for tests.
//!
//! Every binary here is assembled byte by byte from a small spec, so tests never need
//! real malware on disk. The well-formed builders produce files that parse cleanly
//! (checked against goblin 0.10); `truncated_pe` and `garbage_elf` are deliberately
//! broken inputs for parser-robustness tests.
#![allow(dead_code)]

/// One user-supplied PE section.
pub struct PeSection {
    pub name: &'static str,
    pub data: Vec<u8>,
    pub executable: bool,
}

/// What `build_pe` should put in the image.
pub struct PeSpec {
    /// true: PE32+ AMD64 (0x8664), false: PE32 i386 (0x14c).
    pub machine_x64: bool,
    /// COFF TimeDateStamp.
    pub timestamp: u32,
    /// Sets the IMAGE_FILE_DLL characteristic.
    pub dll: bool,
    /// 2 = GUI, 3 = console, 1 = native (driver).
    pub subsystem: u16,
    pub sections: Vec<PeSection>,
    /// (dll name, function names): emitted as a real import directory in an extra ".idata".
    pub imports: Vec<(&'static str, Vec<&'static str>)>,
    /// If non-empty: a real export directory in an extra ".edata" (names sorted), every
    /// export pointing at the RVA of the first section.
    pub exports: Vec<&'static str>,
    /// If true: a small WIN_CERTIFICATE appended to the file, referenced by data directory 4.
    pub certificate: bool,
}

impl Default for PeSpec {
    fn default() -> Self {
        Self {
            machine_x64: true,
            timestamp: 0x5E8B_1C00,
            dll: false,
            subsystem: 3,
            sections: vec![PeSection {
                name: ".text",
                // push rbp; mov rbp, rsp; xor eax, eax; pop rbp; ret
                data: vec![0x55, 0x48, 0x89, 0xE5, 0x31, 0xC0, 0x5D, 0xC3],
                executable: true,
            }],
            imports: Vec::new(),
            exports: Vec::new(),
            certificate: false,
        }
    }
}

/// What `build_elf` should put in the image.
pub struct ElfSpec {
    /// 2 = ET_EXEC, 3 = ET_DYN.
    pub exec_type: u16,
    /// Emits PT_INTERP and .interp when Some.
    pub interpreter: Option<&'static str>,
    /// Emits .symtab + .strtab with one global function symbol.
    pub with_symtab: bool,
    /// Contents of .text.
    pub payload: Vec<u8>,
}

impl Default for ElfSpec {
    fn default() -> Self {
        Self {
            exec_type: 3,
            interpreter: Some("/lib64/ld-linux-x86-64.so.2"),
            with_symtab: false,
            // xor edi, edi; mov eax, 60; syscall (exit(0))
            payload: vec![0x31, 0xFF, 0xB8, 0x3C, 0x00, 0x00, 0x00, 0x0F, 0x05],
        }
    }
}

/// A valid-looking MZ/PE header cut off inside the optional header.
pub fn truncated_pe() -> Vec<u8> {
    let mut pe = build_pe(&PeSpec::default());
    pe.truncate(300);
    pe
}

/// "\x7fELF" with a plausible ident, then absurd header fields (offsets near u64::MAX,
/// 0xFFFF program/section headers, bogus string-table index) and pseudo-random junk.
pub fn garbage_elf() -> Vec<u8> {
    let mut out = Le::default();
    out.bytes(b"\x7fELF").u8(2).u8(1).u8(1).pad_to(16);
    out.u16(0xFFFF) // e_type
        .u16(0xFFFF) // e_machine
        .u32(u32::MAX) // e_version
        .u64(u64::MAX) // e_entry
        .u64(u64::MAX - 0x10) // e_phoff
        .u64(u64::MAX - 0x10) // e_shoff
        .u32(u32::MAX) // e_flags
        .u16(64) // e_ehsize
        .u16(56) // e_phentsize
        .u16(0xFFFF) // e_phnum
        .u16(64) // e_shentsize
        .u16(0xFFFF) // e_shnum
        .u16(0xFFFE); // e_shstrndx
    // Deterministic xorshift junk so failures are reproducible.
    let mut state: u32 = 0x9E37_79B9;
    for _ in 0..192 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        out.u8(state.to_le_bytes()[0]);
    }
    out.0
}

// ---------------------------------------------------------------------------
// Little-endian writer shared by both formats.

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
    /// Current length as a 32-bit offset (samples are tiny, so this cannot overflow).
    fn pos(&self) -> u32 {
        to_u32(self.0.len())
    }
}

fn align_up(value: usize, alignment: usize) -> usize {
    value.div_ceil(alignment) * alignment
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).expect("synthetic sample larger than 4 GiB")
}

// ---------------------------------------------------------------------------
// PE

const FILE_ALIGN: usize = 0x200;
const SECTION_ALIGN: usize = 0x1000;
/// e_lfanew: PE signature right after a zeroed 0x40-byte DOS stub area.
const PE_OFFSET: usize = 0x80;
const COFF_HEADER_SIZE: usize = 20;
const SECTION_HEADER_SIZE: usize = 40;
const DATA_DIR_COUNT: usize = 16;
const DIR_EXPORT: usize = 0;
const DIR_IMPORT: usize = 1;
const DIR_SECURITY: usize = 4;
const DIR_IAT: usize = 12;

const SCN_CODE: u32 = 0x0000_0020;
const SCN_INITIALIZED_DATA: u32 = 0x0000_0040;
const SCN_EXECUTE: u32 = 0x2000_0000;
const SCN_READ: u32 = 0x4000_0000;
const SCN_TEXT: u32 = SCN_CODE | SCN_EXECUTE | SCN_READ;
const SCN_DATA: u32 = SCN_INITIALIZED_DATA | SCN_READ;

/// A section with its final RVA and file placement.
struct Placed {
    name: &'static str,
    data: Vec<u8>,
    characteristics: u32,
    rva: u32,
    raw_offset: u32,
    raw_size: u32,
}

/// Sections laid out so far plus the data directories that point into them.
struct PeImage {
    sections: Vec<Placed>,
    next_rva: usize,
    next_raw: usize,
    dirs: [(u32, u32); DATA_DIR_COUNT],
}

impl PeImage {
    fn new(headers_size: usize) -> Self {
        Self {
            sections: Vec::new(),
            next_rva: SECTION_ALIGN,
            next_raw: headers_size,
            dirs: [(0, 0); DATA_DIR_COUNT],
        }
    }

    /// RVA the next added section will get (import/export tables embed their own RVAs).
    fn next_rva(&self) -> u32 {
        to_u32(self.next_rva)
    }

    fn add(&mut self, name: &'static str, data: Vec<u8>, characteristics: u32) {
        let raw_size = align_up(data.len(), FILE_ALIGN);
        let raw_offset = if raw_size == 0 { 0 } else { self.next_raw };
        let virtual_span = align_up(data.len().max(1), SECTION_ALIGN);
        self.sections.push(Placed {
            name,
            data,
            characteristics,
            rva: self.next_rva(),
            raw_offset: to_u32(raw_offset),
            raw_size: to_u32(raw_size),
        });
        self.next_rva += virtual_span;
        self.next_raw += raw_size;
    }

    fn first_rva_with(&self, flag: u32) -> u32 {
        let found = self.sections.iter().find(|s| s.characteristics & flag != 0);
        found.map_or(0, |s| s.rva)
    }

    fn raw_size_with(&self, flag: u32) -> u32 {
        let matching = self
            .sections
            .iter()
            .filter(|s| s.characteristics & flag != 0);
        matching.map(|s| s.raw_size).sum()
    }
}

/// Builds a complete PE32/PE32+ image from `spec`.
pub fn build_pe(spec: &PeSpec) -> Vec<u8> {
    let section_count = spec.sections.len()
        + usize::from(!spec.imports.is_empty())
        + usize::from(!spec.exports.is_empty());
    let headers_end = PE_OFFSET
        + 4
        + COFF_HEADER_SIZE
        + optional_header_size(spec.machine_x64)
        + SECTION_HEADER_SIZE * section_count;
    let headers_size = align_up(headers_end, FILE_ALIGN);

    let mut image = PeImage::new(headers_size);
    for section in &spec.sections {
        let flags = if section.executable {
            SCN_TEXT
        } else {
            SCN_DATA
        };
        image.add(section.name, section.data.clone(), flags);
    }
    if !spec.imports.is_empty() {
        add_import_section(&mut image, &spec.imports, spec.machine_x64);
    }
    if !spec.exports.is_empty() {
        add_export_section(&mut image, &spec.exports);
    }
    let certificate = spec.certificate.then(certificate_blob);
    if let Some(blob) = &certificate {
        // The security directory holds a FILE offset, unlike every other directory.
        image.dirs[DIR_SECURITY] = (to_u32(image.next_raw), to_u32(blob.len()));
    }

    let mut out = Le::default();
    write_dos_header(&mut out);
    write_nt_headers(&mut out, spec, &image, headers_size);
    for section in &image.sections {
        out.pad_to(section.raw_offset as usize).bytes(&section.data);
        out.pad_to((section.raw_offset + section.raw_size) as usize);
    }
    if let Some(blob) = certificate {
        out.bytes(&blob);
    }
    out.0
}

fn optional_header_size(x64: bool) -> usize {
    if x64 { 0xF0 } else { 0xE0 }
}

fn write_dos_header(out: &mut Le) {
    out.bytes(b"MZ").pad_to(0x3C).u32(to_u32(PE_OFFSET));
    out.pad_to(PE_OFFSET);
}

fn write_nt_headers(out: &mut Le, spec: &PeSpec, image: &PeImage, headers_size: usize) {
    let (machine, mut characteristics) = if spec.machine_x64 {
        (0x8664, 0x0022) // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE
    } else {
        (0x014C, 0x0102) // EXECUTABLE_IMAGE | 32BIT_MACHINE
    };
    if spec.dll {
        characteristics |= 0x2000;
    }
    out.bytes(b"PE\0\0")
        .u16(machine)
        .u16(u16::try_from(image.sections.len()).expect("too many sections"))
        .u32(spec.timestamp)
        .u32(0) // PointerToSymbolTable
        .u32(0) // NumberOfSymbols
        .u16(optional_header_size(spec.machine_x64) as u16)
        .u16(characteristics);
    write_optional_header(out, spec, image, headers_size);
    for section in &image.sections {
        write_section_header(out, section);
    }
}

fn write_optional_header(out: &mut Le, spec: &PeSpec, image: &PeImage, headers_size: usize) {
    let x64 = spec.machine_x64;
    // Native-width field: u64 in PE32+, u32 in PE32.
    let word = |out: &mut Le, v: u64| {
        if x64 {
            out.u64(v);
        } else {
            out.u32(to_u32(v as usize));
        }
    };
    let code_rva = image.first_rva_with(SCN_CODE);
    out.u16(if x64 { 0x20B } else { 0x10B })
        .u8(14) // MajorLinkerVersion
        .u8(0)
        .u32(image.raw_size_with(SCN_CODE))
        .u32(image.raw_size_with(SCN_INITIALIZED_DATA))
        .u32(0) // SizeOfUninitializedData
        .u32(code_rva) // AddressOfEntryPoint
        .u32(code_rva); // BaseOfCode
    if !x64 {
        out.u32(image.first_rva_with(SCN_INITIALIZED_DATA)); // BaseOfData
    }
    word(out, if x64 { 0x1_4000_0000 } else { 0x40_0000 }); // ImageBase
    out.u32(to_u32(SECTION_ALIGN))
        .u32(to_u32(FILE_ALIGN))
        .u16(6) // MajorOperatingSystemVersion
        .u16(0)
        .u16(0) // MajorImageVersion
        .u16(0)
        .u16(6) // MajorSubsystemVersion
        .u16(0)
        .u32(0) // Win32VersionValue
        .u32(image.next_rva()) // SizeOfImage
        .u32(to_u32(headers_size))
        .u32(0) // CheckSum
        .u16(spec.subsystem)
        .u16(0x0140); // DllCharacteristics: DYNAMIC_BASE | NX_COMPAT
    for size in [0x10_0000, 0x1000, 0x10_0000, 0x1000] {
        word(out, size); // stack reserve/commit, heap reserve/commit
    }
    out.u32(0) // LoaderFlags
        .u32(to_u32(DATA_DIR_COUNT));
    for (address, size) in image.dirs {
        out.u32(address).u32(size);
    }
}

fn write_section_header(out: &mut Le, section: &Placed) {
    let mut name = [0u8; 8];
    let len = section.name.len().min(8);
    name[..len].copy_from_slice(&section.name.as_bytes()[..len]);
    out.bytes(&name)
        .u32(to_u32(section.data.len())) // VirtualSize
        .u32(section.rva)
        .u32(section.raw_size)
        .u32(section.raw_offset)
        .u32(0) // PointerToRelocations
        .u32(0) // PointerToLinenumbers
        .u16(0)
        .u16(0)
        .u32(section.characteristics);
}

/// ".idata": descriptors, then all lookup tables (ILT), the same tables again as the
/// IAT, then hint/name entries and DLL names.
fn add_import_section(
    image: &mut PeImage,
    imports: &[(&'static str, Vec<&'static str>)],
    x64: bool,
) {
    let base = image.next_rva();
    let thunk_size = if x64 { 8 } else { 4 };
    let descriptors_size = (imports.len() + 1) * 20;
    let tables_size: usize = imports
        .iter()
        .map(|(_, f)| (f.len() + 1) * thunk_size)
        .sum();
    let ilt_rva = base + to_u32(descriptors_size);
    let iat_rva = ilt_rva + to_u32(tables_size);
    let strings_rva = iat_rva + to_u32(tables_size);

    let (mut descriptors, mut tables, mut strings) = (Le::default(), Le::default(), Le::default());
    for (dll, functions) in imports {
        let table_offset = tables.pos();
        for function in functions {
            let hint_name_rva = strings_rva + strings.pos();
            strings.u16(0).cstr(function).align(2);
            push_thunk(&mut tables, hint_name_rva, x64);
        }
        push_thunk(&mut tables, 0, x64);
        let name_rva = strings_rva + strings.pos();
        strings.cstr(dll).align(2);
        descriptors
            .u32(ilt_rva + table_offset) // OriginalFirstThunk
            .u32(0) // TimeDateStamp
            .u32(0) // ForwarderChain
            .u32(name_rva)
            .u32(iat_rva + table_offset); // FirstThunk
    }
    descriptors.pad_to(descriptors_size); // null terminator descriptor

    let mut data = descriptors;
    data.bytes(&tables.0).bytes(&tables.0).bytes(&strings.0);
    image.dirs[DIR_IMPORT] = (base, to_u32(descriptors_size));
    image.dirs[DIR_IAT] = (iat_rva, to_u32(tables_size));
    image.add(".idata", data.0, SCN_DATA);
}

/// Import-by-name thunk (high bit clear) of the image's native width.
fn push_thunk(out: &mut Le, hint_name_rva: u32, x64: bool) {
    if x64 {
        out.u64(u64::from(hint_name_rva));
    } else {
        out.u32(hint_name_rva);
    }
}

/// ".edata": export directory, address table, name pointers, ordinals, then strings.
/// Names are sorted because loaders binary-search the name pointer table.
fn add_export_section(image: &mut PeImage, exports: &[&'static str]) {
    const DLL_NAME: &str = "sample.dll";
    let base = image.next_rva();
    let mut names = exports.to_vec();
    names.sort_unstable();
    let count = to_u32(names.len());
    let functions_rva = base + 40;
    let name_pointers_rva = functions_rva + 4 * count;
    let ordinals_rva = name_pointers_rva + 4 * count;
    let strings_rva = ordinals_rva + 2 * count;
    let strings_size: usize = names.iter().chain([&DLL_NAME]).map(|n| n.len() + 1).sum();
    let directory_size = strings_rva - base + to_u32(strings_size);
    // An RVA inside the export directory would mean "forwarder", so with no earlier
    // section the exports target a `ret` stub placed just after the directory.
    let needs_stub = image.sections.is_empty();
    let target_rva = image
        .sections
        .first()
        .map_or(base + directory_size, |s| s.rva);

    let mut strings = Le::default();
    strings.cstr(DLL_NAME);
    let mut data = Le::default();
    data.u32(0) // Characteristics
        .u32(0) // TimeDateStamp
        .u32(0) // Major/MinorVersion
        .u32(strings_rva) // Name
        .u32(1) // Base (first ordinal)
        .u32(count) // NumberOfFunctions
        .u32(count) // NumberOfNames
        .u32(functions_rva)
        .u32(name_pointers_rva)
        .u32(ordinals_rva);
    for _ in &names {
        data.u32(target_rva);
    }
    for name in &names {
        data.u32(strings_rva + strings.pos());
        strings.cstr(name);
    }
    for ordinal in 0..names.len() {
        data.u16(u16::try_from(ordinal).expect("too many exports"));
    }
    data.bytes(&strings.0);
    if needs_stub {
        data.u8(0xC3);
    }
    image.dirs[DIR_EXPORT] = (base, directory_size);
    image.add(".edata", data.0, SCN_DATA);
}

/// WIN_CERTIFICATE (revision 2.0, PKCS#7 type) around a placeholder body, padded to the
/// 8-byte boundary that certificate table entries require.
fn certificate_blob() -> Vec<u8> {
    let body = b"synthetic placeholder, not a real PKCS#7 blob";
    let mut blob = Le::default();
    blob.u32(to_u32(8 + body.len()))
        .u16(0x0200) // WIN_CERT_REVISION_2_0
        .u16(0x0002) // WIN_CERT_TYPE_PKCS_SIGNED_DATA
        .bytes(body)
        .align(8);
    blob.0
}

// ---------------------------------------------------------------------------
// ELF

const ELF_HEADER_SIZE: usize = 64;
const PHDR_SIZE: usize = 56;
const SYM_SIZE: usize = 24;
const SHT_PROGBITS: u32 = 1;
const SHT_SYMTAB: u32 = 2;
const SHT_STRTAB: u32 = 3;
const SHF_ALLOC: u64 = 0x2;
const SHF_EXECINSTR: u64 = 0x4;
const SYMBOL_NAME: &str = "needle_sample_main";

/// A section already written into the file body.
struct ElfSection {
    name: &'static str,
    sh_type: u32,
    flags: u64,
    offset: usize,
    size: usize,
    link: u32,
    info: u32,
    align: usize,
    entsize: u64,
}

impl ElfSection {
    /// Appends `data` to `file` (aligned) and describes it.
    fn append(file: &mut Le, name: &'static str, sh_type: u32, data: &[u8], align: usize) -> Self {
        file.align(align);
        let offset = file.0.len();
        file.bytes(data);
        Self {
            name,
            sh_type,
            flags: 0,
            offset,
            size: data.len(),
            link: 0,
            info: 0,
            align,
            entsize: 0,
        }
    }
}

/// Builds a 64-bit little-endian x86-64 ELF from `spec`.
pub fn build_elf(spec: &ElfSpec) -> Vec<u8> {
    // Load address of file offset 0; position-independent objects load at 0.
    let base: u64 = if spec.exec_type == 2 { 0x40_0000 } else { 0 };
    let phnum = 1 + usize::from(spec.interpreter.is_some());
    let mut file = Le::default();
    file.pad_to(ELF_HEADER_SIZE + PHDR_SIZE * phnum); // headers are filled in last

    let mut sections = Vec::new();
    if let Some(path) = spec.interpreter {
        let mut data = Le::default();
        data.cstr(path);
        let mut interp = ElfSection::append(&mut file, ".interp", SHT_PROGBITS, &data.0, 1);
        interp.flags = SHF_ALLOC;
        sections.push(interp);
    }
    let mut text = ElfSection::append(&mut file, ".text", SHT_PROGBITS, &spec.payload, 16);
    text.flags = SHF_ALLOC | SHF_EXECINSTR;
    let (entry, loaded_end) = (base + text.offset as u64, text.offset + text.size);
    sections.push(text);
    let text_index = sections.len(); // vec position + 1 for the leading null section
    if spec.with_symtab {
        push_symbols(
            &mut file,
            &mut sections,
            text_index,
            entry,
            spec.payload.len(),
        );
    }
    let shstrndx = sections.len() + 1;
    let shstrtab = push_shstrtab(&mut file, &mut sections);

    file.align(8);
    let shoff = file.0.len();
    file.pad_to(shoff + 64); // null section header
    for (section, name_offset) in sections.iter().zip(shstrtab) {
        write_elf_section_header(&mut file, section, name_offset, base);
    }

    let mut head = Le::default();
    write_elf_header(
        &mut head,
        spec.exec_type,
        entry,
        phnum,
        shoff,
        sections.len() + 1,
        shstrndx,
    );
    let interp = sections.iter().find(|s| s.name == ".interp");
    if let Some(interp) = interp {
        write_phdr(&mut head, 3, 4, interp.offset, interp.size, base, 1); // PT_INTERP, R
    }
    write_phdr(&mut head, 1, 5, 0, loaded_end, base, 0x1000); // PT_LOAD, R+X
    file.0[..head.0.len()].copy_from_slice(&head.0);
    file.0
}

/// .symtab (null symbol + one global function covering .text) and its .strtab.
fn push_symbols(
    file: &mut Le,
    sections: &mut Vec<ElfSection>,
    text_index: usize,
    value: u64,
    size: usize,
) {
    let mut strtab = Le::default();
    strtab.u8(0).cstr(SYMBOL_NAME);
    let mut symtab = Le::default();
    symtab
        .pad_to(SYM_SIZE)
        .u32(1) // st_name
        .u8(0x12) // STB_GLOBAL << 4 | STT_FUNC
        .u8(0) // st_other
        .u16(u16::try_from(text_index).expect("section index fits"))
        .u64(value)
        .u64(size as u64);
    let mut sym = ElfSection::append(file, ".symtab", SHT_SYMTAB, &symtab.0, 8);
    sym.link = to_u32(sections.len() + 2); // .strtab follows .symtab
    sym.info = 1; // index of the first non-local symbol
    sym.entsize = SYM_SIZE as u64;
    sections.push(sym);
    sections.push(ElfSection::append(
        file, ".strtab", SHT_STRTAB, &strtab.0, 1,
    ));
}

/// Appends .shstrtab and returns each section's name offset within it.
fn push_shstrtab(file: &mut Le, sections: &mut Vec<ElfSection>) -> Vec<u32> {
    let mut names = Le::default();
    names.u8(0);
    let mut offsets = Vec::new();
    for name in sections.iter().map(|s| s.name).chain([".shstrtab"]) {
        offsets.push(names.pos());
        names.cstr(name);
    }
    sections.push(ElfSection::append(
        file,
        ".shstrtab",
        SHT_STRTAB,
        &names.0,
        1,
    ));
    offsets
}

fn write_elf_header(
    out: &mut Le,
    e_type: u16,
    entry: u64,
    phnum: usize,
    shoff: usize,
    shnum: usize,
    shstrndx: usize,
) {
    out.bytes(b"\x7fELF").u8(2).u8(1).u8(1).pad_to(16); // 64-bit, LE, version 1, SysV
    out.u16(e_type)
        .u16(62) // EM_X86_64
        .u32(1)
        .u64(entry)
        .u64(ELF_HEADER_SIZE as u64) // e_phoff
        .u64(shoff as u64)
        .u32(0) // e_flags
        .u16(ELF_HEADER_SIZE as u16)
        .u16(PHDR_SIZE as u16)
        .u16(phnum as u16)
        .u16(64) // e_shentsize
        .u16(shnum as u16)
        .u16(shstrndx as u16);
}

fn write_phdr(
    out: &mut Le,
    p_type: u32,
    flags: u32,
    offset: usize,
    size: usize,
    base: u64,
    align: u64,
) {
    let vaddr = base + offset as u64;
    out.u32(p_type)
        .u32(flags)
        .u64(offset as u64)
        .u64(vaddr)
        .u64(vaddr)
        .u64(size as u64)
        .u64(size as u64)
        .u64(align);
}

fn write_elf_section_header(out: &mut Le, section: &ElfSection, name_offset: u32, base: u64) {
    let addr = if section.flags & SHF_ALLOC != 0 {
        base + section.offset as u64
    } else {
        0
    };
    out.u32(name_offset)
        .u32(section.sh_type)
        .u64(section.flags)
        .u64(addr)
        .u64(section.offset as u64)
        .u64(section.size as u64)
        .u32(section.link)
        .u32(section.info)
        .u64(section.align as u64)
        .u64(section.entsize);
}

// ---------------------------------------------------------------------------
// ZIP containers (OOXML documents)

/// How a ZIP entry's data is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZipMethod {
    /// Method 0: the bytes as they are (what raw string matching can see).
    Stored,
    /// Method 8: a fixed-Huffman deflate stream (what Office writes; opaque to raw matching).
    Deflated,
}

pub struct ZipEntry {
    pub name: String,
    pub data: Vec<u8>,
    pub method: ZipMethod,
}

impl ZipEntry {
    pub fn new(name: &str, data: impl Into<Vec<u8>>, method: ZipMethod) -> Self {
        Self {
            name: name.to_string(),
            data: data.into(),
            method,
        }
    }
}

/// DOS date and time of every entry: 2020-05-21 10:00:00.
const ZIP_DOS_TIME: u16 = 10 << 11;
const ZIP_DOS_DATE: u16 = (40 << 9) | (5 << 5) | 21;

/// A ZIP archive: local headers with the data, then the central directory and the
/// end-of-central-directory record.
pub fn build_zip(entries: &[ZipEntry]) -> Vec<u8> {
    let mut out = Le::default();
    let mut central = Le::default();
    for entry in entries {
        let (method, body) = match entry.method {
            ZipMethod::Stored => (0u16, entry.data.clone()),
            ZipMethod::Deflated => (8u16, deflate_fixed(&entry.data)),
        };
        let crc = crc32(&entry.data);
        let name = entry.name.as_bytes();
        let local_offset = out.pos();
        out.u32(0x0403_4B50)
            .u16(20) // version needed: 2.0
            .u16(0) // flags
            .u16(method)
            .u16(ZIP_DOS_TIME)
            .u16(ZIP_DOS_DATE)
            .u32(crc)
            .u32(to_u32(body.len()))
            .u32(to_u32(entry.data.len()))
            .u16(u16::try_from(name.len()).expect("short entry name"))
            .u16(0) // extra field length
            .bytes(name)
            .bytes(&body);
        central
            .u32(0x0201_4B50)
            .u16(20) // version made by
            .u16(20) // version needed
            .u16(0)
            .u16(method)
            .u16(ZIP_DOS_TIME)
            .u16(ZIP_DOS_DATE)
            .u32(crc)
            .u32(to_u32(body.len()))
            .u32(to_u32(entry.data.len()))
            .u16(u16::try_from(name.len()).expect("short entry name"))
            .u16(0) // extra
            .u16(0) // comment
            .u16(0) // disk number start
            .u16(0) // internal attributes
            .u32(0) // external attributes
            .u32(local_offset)
            .bytes(name);
    }
    let central_offset = out.pos();
    let count = u16::try_from(entries.len()).expect("few entries");
    out.bytes(&central.0)
        .u32(0x0605_4B50)
        .u16(0) // this disk
        .u16(0) // disk with the central directory
        .u16(count)
        .u16(count)
        .u32(to_u32(central.0.len()))
        .u32(central_offset)
        .u16(0); // comment length
    out.0
}

/// CRC-32 (IEEE 802.3, reflected), as ZIP stores it.
pub fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Raw deflate (RFC 1951): one final block with the fixed Huffman code, literals only. Valid
/// for any inflater; the bit packing hides the plain text from byte-oriented matching.
pub fn deflate_fixed(data: &[u8]) -> Vec<u8> {
    let mut bits = BitWriter::default();
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = 01, fixed Huffman
    for &byte in data {
        let value = u32::from(byte);
        if value < 144 {
            bits.put_code(0x30 + value, 8);
        } else {
            bits.put_code(0x190 + value - 144, 9);
        }
    }
    bits.put_code(0, 7); // end of block (256)
    bits.finish()
}

/// Deflate bit order: values LSB first, Huffman codes MSB first.
#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u32,
    count: u32,
}

impl BitWriter {
    fn put(&mut self, value: u32, count: u32) {
        for i in 0..count {
            self.acc |= ((value >> i) & 1) << self.count;
            self.count += 1;
            if self.count == 8 {
                self.out.push(self.acc as u8);
                self.acc = 0;
                self.count = 0;
            }
        }
    }

    fn put_code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.put((code >> i) & 1, 1);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

// ---------------------------------------------------------------------------
// OOXML (Word) documents

const CONTENT_TYPES_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Synthetic test document.</w:t></w:r></w:p></w:body></w:document>"#;

const SETTINGS_XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:attachedTemplate r:id="rId1"/><w:defaultTabStop w:val="720"/></w:settings>"#;

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// `word/_rels/settings.xml.rels` attaching the template at `target`, external (`TargetMode=
/// "External"`, a remote template) or not.
pub fn settings_rels_xml(target: &str, external: bool) -> String {
    let mode = if external {
        r#" TargetMode="External""#
    } else {
        ""
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/attachedTemplate" Target="{target}"{mode}/></Relationships>"#
    )
}

/// A minimal .docx whose settings part has `settings_rels` as its relationships, that part
/// written with `rels_method` (every other part deflated, as Word does).
pub fn docx_with_settings_rels(settings_rels: &str, rels_method: ZipMethod) -> Vec<u8> {
    let content_types = format!(
        "{CONTENT_TYPES_HEAD}{}{}</Types>",
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
        r#"<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>"#
    );
    let document_rels = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_NS}/settings" Target="settings.xml"/></Relationships>"#
    );
    let deflated = ZipMethod::Deflated;
    build_zip(&[
        ZipEntry::new("[Content_Types].xml", content_types, deflated),
        ZipEntry::new("_rels/.rels", PACKAGE_RELS, deflated),
        ZipEntry::new("word/document.xml", DOCUMENT_XML, deflated),
        ZipEntry::new("word/_rels/document.xml.rels", document_rels, deflated),
        ZipEntry::new("word/settings.xml", SETTINGS_XML, deflated),
        ZipEntry::new("word/_rels/settings.xml.rels", settings_rels, rels_method),
    ])
}

/// The same document as one Flat OPC XML file (Word's "XML Document"), where every part,
/// relationships included, is plain text.
pub fn flat_opc_with_settings_rels(settings_rels: &str) -> Vec<u8> {
    let body = |xml: &str| {
        xml.split_once("?>\n")
            .map_or(xml, |(_, rest)| rest)
            .to_string()
    };
    let part = |name: &str, content_type: &str, xml: &str| {
        format!(
            r#"<pkg:part pkg:name="{name}" pkg:contentType="{content_type}"><pkg:xmlData>{}</pkg:xmlData></pkg:part>"#,
            body(xml)
        )
    };
    let rels_type = "application/vnd.openxmlformats-package.relationships+xml";
    let mut out = String::from(
        r#"<?xml version="1.0" standalone="yes"?>
<?mso-application progid="Word.Document"?>
<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">"#,
    );
    out += &part("/_rels/.rels", rels_type, PACKAGE_RELS);
    out += &part(
        "/word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        DOCUMENT_XML,
    );
    out += &part(
        "/word/settings.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
        SETTINGS_XML,
    );
    out += &part("/word/_rels/settings.xml.rels", rels_type, settings_rels);
    out += "</pkg:package>\n";
    out.into_bytes()
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
