//! Synthetic Mach-O samples: thin 64-bit binaries (x86-64 or arm64; executable, dylib or
//! bundle) with linked dylibs, rpaths, a minimum macOS version and an optional code signature
//! (ad hoc, or with a CMS blob standing for a certificate signature, and entitlements), and
//! universal ("fat") binaries made of them. Assembled byte by byte: no real binary is needed.
#![allow(dead_code)]

/// CPU types (mach/machine.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MachoCpu {
    X86_64,
    Arm64,
}

impl MachoCpu {
    fn cputype(self) -> u32 {
        match self {
            MachoCpu::X86_64 => 0x0100_0007,
            MachoCpu::Arm64 => 0x0100_000c,
        }
    }

    fn cpusubtype(self) -> u32 {
        match self {
            MachoCpu::X86_64 => 3,
            MachoCpu::Arm64 => 0,
        }
    }
}

pub const MH_EXECUTE: u32 = 2;
pub const MH_DYLIB: u32 = 6;
pub const MH_BUNDLE: u32 = 8;

/// The code signature to embed.
pub struct MachoSignature {
    pub identifier: &'static str,
    pub team_id: Option<&'static str>,
    /// Ad hoc (no certificate): the CodeDirectory's adhoc flag, no CMS blob.
    pub ad_hoc: bool,
    /// An XML entitlements plist.
    pub entitlements: Option<String>,
}

pub struct MachoSpec {
    pub cpu: MachoCpu,
    pub file_type: u32,
    /// Install name of a dylib (LC_ID_DYLIB).
    pub install_name: &'static str,
    pub dylibs: Vec<&'static str>,
    pub rpaths: Vec<&'static str>,
    /// `(major, minor)` of LC_BUILD_VERSION's minimum macOS.
    pub min_macos: (u32, u32),
    /// Contents of `__TEXT,__text`.
    pub code: Vec<u8>,
    /// Contents of `__TEXT,__cstring`.
    pub strings: Vec<u8>,
    pub signature: Option<MachoSignature>,
}

impl Default for MachoSpec {
    fn default() -> Self {
        MachoSpec {
            cpu: MachoCpu::X86_64,
            file_type: MH_EXECUTE,
            install_name: "@rpath/libsample.dylib",
            dylibs: vec!["/usr/lib/libSystem.B.dylib"],
            rpaths: Vec::new(),
            min_macos: (10, 13),
            // ret (x86-64) / ret (arm64): placeholders, never run.
            code: vec![0xc3, 0xd6, 0x5f, 0x03, 0xc0],
            strings: b"needle sample\0".to_vec(),
            signature: None,
        }
    }
}

const HEADER_SIZE: usize = 32;
const LC_SEGMENT_64: u32 = 0x19;
const LC_ID_DYLIB: u32 = 0xd;
const LC_LOAD_DYLIB: u32 = 0xc;
const LC_RPATH: u32 = 0x8000_001c;
const LC_MAIN: u32 = 0x8000_0028;
const LC_BUILD_VERSION: u32 = 0x32;
const LC_CODE_SIGNATURE: u32 = 0x1d;
const PAGE: usize = 0x1000;
const TEXT_VMADDR: u64 = 0x1_0000_0000;

#[derive(Default)]
struct Bytes(Vec<u8>);

impl Bytes {
    fn u32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn u64(&mut self, v: u64) -> &mut Self {
        self.0.extend_from_slice(&v.to_le_bytes());
        self
    }
    fn be32(&mut self, v: u32) -> &mut Self {
        self.0.extend_from_slice(&v.to_be_bytes());
        self
    }
    fn name16(&mut self, name: &str) -> &mut Self {
        let mut field = [0u8; 16];
        field[..name.len()].copy_from_slice(name.as_bytes());
        self.0.extend_from_slice(&field);
        self
    }
    fn pad_to(&mut self, len: usize) -> &mut Self {
        if self.0.len() < len {
            self.0.resize(len, 0);
        }
        self
    }
}

/// A load command: `fixed` words after cmd and cmdsize, then `text` (NUL-terminated), padded
/// to 8 bytes.
fn string_command(cmd: u32, fixed: &[u32], text: &str) -> Vec<u8> {
    let head = 8 + 4 * fixed.len();
    let size = (head + text.len() + 1).div_ceil(8) * 8;
    let mut out = Bytes::default();
    out.u32(cmd).u32(u32::try_from(size).expect("small"));
    for value in fixed {
        out.u32(*value);
    }
    out.0.extend_from_slice(text.as_bytes());
    out.pad_to(size);
    out.0
}

/// The code signature SuperBlob (big-endian): CodeDirectory, then entitlements and a CMS blob
/// as asked.
fn signature_blob(signature: &MachoSignature, code_limit: u32) -> Vec<u8> {
    let mut directory = Bytes::default();
    let header_len = 88u32;
    let ident_offset = header_len;
    let team_offset = ident_offset + u32::try_from(signature.identifier.len() + 1).expect("small");
    let end = team_offset + signature.team_id.map_or(0, |t| t.len() as u32 + 1);
    directory
        .be32(0xfade_0c02) // CSMAGIC_CODEDIRECTORY
        .be32(end)
        .be32(0x20400) // version
        .be32(if signature.ad_hoc { 0x2 } else { 0 }) // flags: CS_ADHOC
        .be32(end) // hashOffset: no code slots
        .be32(ident_offset)
        .be32(0) // nSpecialSlots
        .be32(0) // nCodeSlots
        .be32(code_limit);
    directory.0.extend_from_slice(&[32, 2, 0, 12]); // hashSize, hashType, platform, pageSize
    directory
        .be32(0) // spare2
        .be32(0) // scatterOffset
        .be32(if signature.team_id.is_some() {
            team_offset
        } else {
            0
        })
        .be32(0); // spare3
    directory.0.extend_from_slice(&0u64.to_be_bytes()); // codeLimit64
    directory.0.extend_from_slice(&0u64.to_be_bytes()); // execSegBase
    directory.0.extend_from_slice(&0u64.to_be_bytes()); // execSegLimit
    directory.0.extend_from_slice(&0u64.to_be_bytes()); // execSegFlags
    assert_eq!(directory.0.len(), header_len as usize);
    directory
        .0
        .extend_from_slice(signature.identifier.as_bytes());
    directory.0.push(0);
    if let Some(team) = signature.team_id {
        directory.0.extend_from_slice(team.as_bytes());
        directory.0.push(0);
    }

    let mut blobs: Vec<(u32, Vec<u8>)> = vec![(0, directory.0)];
    if let Some(entitlements) = &signature.entitlements {
        let mut blob = Bytes::default();
        blob.be32(0xfade_7171)
            .be32(8 + u32::try_from(entitlements.len()).expect("small"));
        blob.0.extend_from_slice(entitlements.as_bytes());
        blobs.push((5, blob.0));
    }
    if !signature.ad_hoc {
        let mut blob = Bytes::default();
        blob.be32(0xfade_0b01).be32(8 + 16);
        blob.0.extend_from_slice(&[0x30; 16]); // stands for the PKCS#7 signature
        blobs.push((0x10000, blob.0));
    }
    let index_len = 12 + 8 * blobs.len();
    let total = index_len + blobs.iter().map(|(_, b)| b.len()).sum::<usize>();
    let mut super_blob = Bytes::default();
    super_blob
        .be32(0xfade_0cc0)
        .be32(u32::try_from(total).expect("small"))
        .be32(u32::try_from(blobs.len()).expect("small"));
    let mut offset = index_len;
    for (kind, blob) in &blobs {
        super_blob
            .be32(*kind)
            .be32(u32::try_from(offset).expect("small"));
        offset += blob.len();
    }
    for (_, blob) in blobs {
        super_blob.0.extend_from_slice(&blob);
    }
    super_blob.0
}

/// Builds a thin 64-bit little-endian Mach-O from `spec`.
pub fn build_macho(spec: &MachoSpec) -> Vec<u8> {
    // The body after the header and load commands: __text, then __cstring, then the signature.
    let mut commands: Vec<Vec<u8>> = Vec::new();
    let body_start = PAGE; // load commands fit in the first page
    let text_offset = body_start;
    let strings_offset = (text_offset + spec.code.len()).div_ceil(16) * 16;
    let text_end = strings_offset + spec.strings.len();
    let text_segment_size = text_end.div_ceil(PAGE) * PAGE;

    let mut segment = Bytes::default();
    segment
        .u32(LC_SEGMENT_64)
        .u32(72 + 2 * 80)
        .name16("__TEXT")
        .u64(TEXT_VMADDR)
        .u64(text_segment_size as u64)
        .u64(0)
        .u64(text_segment_size as u64)
        .u32(5)
        .u32(5)
        .u32(2)
        .u32(0);
    for (name, offset, size, flags) in [
        ("__text", text_offset, spec.code.len(), 0x8000_0400u32),
        ("__cstring", strings_offset, spec.strings.len(), 0x2),
    ] {
        segment
            .name16(name)
            .name16("__TEXT")
            .u64(TEXT_VMADDR + offset as u64)
            .u64(size as u64)
            .u32(u32::try_from(offset).expect("small"))
            .u32(4)
            .u32(0)
            .u32(0)
            .u32(flags)
            .u32(0)
            .u32(0)
            .u32(0);
    }
    commands.push(segment.0);

    let signature_offset = text_segment_size;
    let signature = spec
        .signature
        .as_ref()
        .map(|s| signature_blob(s, u32::try_from(signature_offset).expect("small")));
    if let Some(blob) = &signature {
        let mut linkedit = Bytes::default();
        linkedit
            .u32(LC_SEGMENT_64)
            .u32(72)
            .name16("__LINKEDIT")
            .u64(TEXT_VMADDR + text_segment_size as u64)
            .u64(blob.len().div_ceil(PAGE) as u64 * PAGE as u64)
            .u64(signature_offset as u64)
            .u64(blob.len() as u64)
            .u32(1)
            .u32(1)
            .u32(0)
            .u32(0);
        commands.push(linkedit.0);
    }
    if spec.file_type == MH_DYLIB {
        commands.push(string_command(
            LC_ID_DYLIB,
            &[24, 2, 0x1_0000, 0x1_0000],
            spec.install_name,
        ));
    }
    for dylib in &spec.dylibs {
        commands.push(string_command(
            LC_LOAD_DYLIB,
            &[24, 2, 0x1_0000, 0x1_0000],
            dylib,
        ));
    }
    for rpath in &spec.rpaths {
        commands.push(string_command(LC_RPATH, &[12], rpath));
    }
    if spec.file_type == MH_EXECUTE {
        let mut main = Bytes::default();
        main.u32(LC_MAIN).u32(24).u64(text_offset as u64).u64(0);
        commands.push(main.0);
    }
    let (major, minor) = spec.min_macos;
    let mut build = Bytes::default();
    build
        .u32(LC_BUILD_VERSION)
        .u32(24)
        .u32(1) // PLATFORM_MACOS
        .u32(major << 16 | minor << 8)
        .u32(major << 16 | minor << 8)
        .u32(0);
    commands.push(build.0);
    if let Some(blob) = &signature {
        let mut code_signature = Bytes::default();
        code_signature
            .u32(LC_CODE_SIGNATURE)
            .u32(16)
            .u32(u32::try_from(signature_offset).expect("small"))
            .u32(u32::try_from(blob.len()).expect("small"));
        commands.push(code_signature.0);
    }

    let sizeofcmds: usize = commands.iter().map(Vec::len).sum();
    assert!(HEADER_SIZE + sizeofcmds <= body_start, "load commands fit");
    let mut flags = 0x4 | 0x80; // MH_DYLDLINK | MH_TWOLEVEL
    if spec.file_type == MH_EXECUTE {
        flags |= 0x20_0000; // MH_PIE
    }
    let mut file = Bytes::default();
    file.u32(0xfeed_facf)
        .u32(spec.cpu.cputype())
        .u32(spec.cpu.cpusubtype())
        .u32(spec.file_type)
        .u32(u32::try_from(commands.len()).expect("small"))
        .u32(u32::try_from(sizeofcmds).expect("small"))
        .u32(flags)
        .u32(0);
    for command in &commands {
        file.0.extend_from_slice(command);
    }
    file.pad_to(text_offset);
    file.0.extend_from_slice(&spec.code);
    file.pad_to(strings_offset);
    file.0.extend_from_slice(&spec.strings);
    file.pad_to(text_segment_size);
    if let Some(blob) = signature {
        file.0.extend_from_slice(&blob);
    }
    file.0
}

/// A universal binary holding `slices` (thin Mach-O files), each at a 4 KiB boundary.
pub fn build_universal(slices: &[(MachoCpu, Vec<u8>)]) -> Vec<u8> {
    let mut file = Bytes::default();
    file.be32(0xcafe_babe)
        .be32(u32::try_from(slices.len()).expect("small"));
    let mut offset = PAGE;
    let mut placed = Vec::new();
    for (cpu, slice) in slices {
        file.be32(cpu.cputype())
            .be32(cpu.cpusubtype())
            .be32(u32::try_from(offset).expect("small"))
            .be32(u32::try_from(slice.len()).expect("samples are small"))
            .be32(12);
        placed.push(offset);
        offset = (offset + slice.len()).div_ceil(PAGE) * PAGE;
    }
    for ((_, slice), at) in slices.iter().zip(placed) {
        file.pad_to(at);
        file.0.extend_from_slice(slice);
    }
    file.0
}
