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
