//! File type by magic bytes, never by extension (a PE named `.bin` is still a PE).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileType {
    Pe,
    Elf,
    MachO,
    Zip,
    Ole,
    Pdf,
    Rtf,
    Lnk,
    Script,
    Gzip,
    /// A Windows registry hive (`regf`).
    Registry,
    Empty,
    Unknown,
}

impl FileType {
    /// Sniffs the type from the first bytes of a file.
    pub fn sniff(head: &[u8]) -> FileType {
        const OLE: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
        const LNK: &[u8] = &[0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00];
        const MACHO: &[[u8; 4]] = &[
            [0xfe, 0xed, 0xfa, 0xce],
            [0xfe, 0xed, 0xfa, 0xcf],
            [0xce, 0xfa, 0xed, 0xfe],
            [0xcf, 0xfa, 0xed, 0xfe],
        ];
        // 0xcafebabe starts universal Mach-O binaries and Java classes alike: a universal binary
        // then counts a handful of architectures, where a class has its version (45 and up).
        let universal = head.starts_with(&[0xca, 0xfe, 0xba, 0xbe])
            && head
                .get(4..8)
                .and_then(|n| <[u8; 4]>::try_from(n).ok())
                .is_some_and(|n| (1..=20).contains(&u32::from_be_bytes(n)));
        if head.is_empty() {
            FileType::Empty
        } else if head.starts_with(b"MZ") {
            FileType::Pe
        } else if head.starts_with(b"\x7fELF") {
            FileType::Elf
        } else if universal || MACHO.iter().any(|m| head.starts_with(m)) {
            FileType::MachO
        } else if head.starts_with(b"PK\x03\x04") {
            FileType::Zip
        } else if head.starts_with(OLE) {
            FileType::Ole
        } else if head.starts_with(b"%PDF") {
            FileType::Pdf
        } else if head.starts_with(b"{\\rtf") {
            FileType::Rtf
        } else if head.starts_with(LNK) {
            FileType::Lnk
        } else if head.starts_with(b"#!") {
            FileType::Script
        } else if head.starts_with(&[0x1f, 0x8b]) {
            FileType::Gzip
        } else if head.starts_with(b"regf") {
            FileType::Registry
        } else {
            FileType::Unknown
        }
    }

    /// The value of the `filetype` external variable, in the upper-case style of the LOKI/THOR
    /// convention that public rule sets test against (`filetype == "EXE"`).
    pub fn yara_name(self) -> &'static str {
        match self {
            FileType::Pe => "EXE",
            FileType::Elf => "ELF",
            FileType::MachO => "MACHO",
            FileType::Zip => "ZIP",
            FileType::Ole => "OLE",
            FileType::Pdf => "PDF",
            FileType::Rtf => "RTF",
            FileType::Lnk => "LNK",
            FileType::Script => "SCRIPT",
            FileType::Gzip => "GZIP",
            FileType::Registry => "REGISTRY",
            FileType::Empty => "EMPTY",
            FileType::Unknown => "UNKNOWN",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_decides_not_extension() {
        assert_eq!(FileType::sniff(b"MZ\x90\x00"), FileType::Pe);
        assert_eq!(FileType::sniff(b"\x7fELF\x02\x01"), FileType::Elf);
        assert_eq!(FileType::sniff(b"PK\x03\x04rest"), FileType::Zip);
        assert_eq!(FileType::sniff(b""), FileType::Empty);
        assert_eq!(FileType::sniff(b"hello"), FileType::Unknown);
        assert_eq!(FileType::sniff(b"regf\x01\x00"), FileType::Registry);
        assert_eq!(FileType::Pe.yara_name(), "EXE");
    }

    #[test]
    fn universal_binaries_are_told_from_java_classes() {
        assert_eq!(
            FileType::sniff(b"\xca\xfe\xba\xbe\x00\x00\x00\x02"),
            FileType::MachO
        );
        // A Java 8 class: minor 0, major 52.
        assert_eq!(
            FileType::sniff(b"\xca\xfe\xba\xbe\x00\x00\x00\x34"),
            FileType::Unknown
        );
        assert_eq!(FileType::sniff(b"\xcf\xfa\xed\xfe"), FileType::MachO);
    }
}
