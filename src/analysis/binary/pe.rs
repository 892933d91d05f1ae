//! PE facts: machine, compile time, imphash, sections with their entropy, exports, the
//! signature directory; and the anomalies of a Windows executable.

use std::path::Path;

use goblin::pe::PE;
use serde::{Deserialize, Serialize};

use super::{BinaryInfo, entropy, round2};
use crate::evidence::scoring::{Reason, ReasonKind};

/// At most this many export names are kept per file (drivers and system DLLs export thousands).
const MAX_EXPORTS: usize = 64;

/// Entropy above which an executable section is most likely packed or encrypted.
const PACKED_ENTROPY: f64 = 7.2;

/// Score of a PE file whose extension hides what it is (`ntnser.bin`, `bcdbootinfo.tlp`).
const DISGUISED_EXTENSION_SCORE: i64 = 30;
/// Score of an executable section with packed-looking entropy.
const PACKED_SECTION_SCORE: i64 = 20;

/// Extensions under which Windows legitimately stores PE images.
const PE_EXTENSIONS: &[&str] = &[
    "acm", "ax", "com", "cpl", "dll", "drv", "ds", "efi", "exe", "ime", "mui", "msstyles", "mun",
    "node", "ocx", "pyd", "scr", "sys", "tlb", "tsp", "vxd", "winmd", "xll",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeInfo {
    pub machine: String,
    pub bits: u8,
    /// COFF TimeDateStamp, seconds since the epoch (may be a build hash on reproducible builds).
    pub timestamp: u32,
    /// The timestamp as RFC 3339 UTC.
    pub compile_time: String,
    /// pefile-compatible import hash; absent when the file imports nothing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imphash: Option<String>,
    pub dll: bool,
    pub driver: bool,
    pub subsystem: u16,
    /// The file has an Authenticode signature directory (its validity is not checked).
    pub signature_directory: bool,
    pub sections: Vec<SectionInfo>,
    pub exports: Vec<String>,
    pub exports_total: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionInfo {
    pub name: String,
    pub virtual_size: u32,
    pub raw_size: u32,
    /// Computed for executable sections of every file (the packed-code check needs it) and for
    /// the other sections once the file is to be reported ([`BinaryInfo::complete`]): most of
    /// a PE's bytes are data, and a histogram of every byte of every file is not free.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entropy: Option<f64>,
    pub executable: bool,
    /// Where the section's bytes start in the file.
    #[serde(skip)]
    raw_offset: u32,
}

impl PeInfo {
    /// The entropy of the sections not computed at parse time.
    pub(super) fn complete(&mut self, data: &[u8]) {
        for section in self.sections.iter_mut().filter(|s| s.entropy.is_none()) {
            section.entropy = Some(round2(entropy(section.raw_bytes(data))));
        }
    }
}

impl SectionInfo {
    fn raw_bytes<'d>(&self, data: &'d [u8]) -> &'d [u8] {
        let start = self.raw_offset as usize;
        let end = start.saturating_add(self.raw_size as usize).min(data.len());
        data.get(start..end).unwrap_or_default()
    }
}

pub(super) fn parse(data: &[u8]) -> Result<BinaryInfo, String> {
    let pe = PE::parse(data).map_err(|e| format!("malformed PE: {e}"))?;
    let coff = &pe.header.coff_header;
    let subsystem = pe
        .header
        .optional_header
        .map_or(0, |h| h.windows_fields.subsystem);
    let signature_directory = pe
        .header
        .optional_header
        .is_some_and(|h| h.data_directories.get_certificate_table().is_some());
    let sections = pe
        .sections
        .iter()
        .map(|s| {
            let executable =
                s.characteristics & goblin::pe::section_table::IMAGE_SCN_MEM_EXECUTE != 0;
            let mut section = SectionInfo {
                name: String::from_utf8_lossy(&s.name)
                    .trim_end_matches('\0')
                    .to_string(),
                virtual_size: s.virtual_size,
                raw_size: s.size_of_raw_data,
                entropy: None,
                executable,
                raw_offset: s.pointer_to_raw_data,
            };
            if executable {
                section.entropy = Some(round2(entropy(section.raw_bytes(data))));
            }
            section
        })
        .collect();
    const SUBSYSTEM_NATIVE: u16 = 1;
    let driver = subsystem == SUBSYSTEM_NATIVE
        || pe
            .libraries
            .iter()
            .any(|l| l.eq_ignore_ascii_case("ntoskrnl.exe"));
    let exports_total = pe.exports.len();
    let exports = pe
        .exports
        .iter()
        .filter_map(|e| e.name.map(str::to_string))
        .take(MAX_EXPORTS)
        .collect();
    Ok(BinaryInfo::Pe(PeInfo {
        machine: pe_machine(coff.machine).to_string(),
        bits: if pe.is_64 { 64 } else { 32 },
        timestamp: coff.time_date_stamp,
        compile_time: humantime::format_rfc3339_seconds(
            std::time::UNIX_EPOCH + std::time::Duration::from_secs(coff.time_date_stamp.into()),
        )
        .to_string(),
        imphash: imphash(&pe),
        dll: pe.is_lib,
        driver,
        subsystem,
        signature_directory,
        sections,
        exports,
        exports_total,
    }))
}

/// The import hash as pefile computes it: `dll.function` pairs in import order, lower-case, the
/// DLL's `.dll`/`.ocx`/`.sys` extension dropped, ordinal imports as `ordN`, joined by commas,
/// MD5. (pefile also resolves ordinals of ws2_32/wsock32/oleaut32 to names; needle does not,
/// so the hash differs for binaries importing those by ordinal.)
fn imphash(pe: &PE) -> Option<String> {
    use md5::{Digest, Md5};
    if pe.imports.is_empty() {
        return None;
    }
    let entries: Vec<String> = pe
        .imports
        .iter()
        .map(|import| {
            let dll = import.dll.to_ascii_lowercase();
            let library = ["dll", "ocx", "sys"]
                .iter()
                .find_map(|ext| dll.strip_suffix(&format!(".{ext}")))
                .unwrap_or(&dll)
                .to_string();
            let function = if import.name.starts_with("ORDINAL ") {
                format!("ord{}", import.ordinal)
            } else {
                import.name.to_ascii_lowercase()
            };
            format!("{library}.{function}")
        })
        .collect();
    Some(hex::encode(Md5::digest(entries.join(",").as_bytes())))
}

fn pe_machine(machine: u16) -> &'static str {
    match machine {
        0x014c => "x86",
        0x8664 => "x86_64",
        0x01c0 | 0x01c4 => "arm",
        0xaa64 => "arm64",
        0x0200 => "ia64",
        _ => "other",
    }
}

pub(super) fn anomalies(pe: &PeInfo, path: &Path) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if !PE_EXTENSIONS.contains(&extension.as_str()) {
        let shown = if extension.is_empty() {
            "no extension".to_string()
        } else {
            format!("extension .{extension}")
        };
        reasons.push(Reason::new(
            ReasonKind::Anomaly,
            "pe_disguised_extension",
            DISGUISED_EXTENSION_SCORE,
            format!("Windows executable stored under {shown}"),
        ));
    }
    for section in &pe.sections {
        let Some(entropy) = section
            .entropy
            .filter(|e| section.executable && *e >= PACKED_ENTROPY)
        else {
            continue;
        };
        let mut reason = Reason::new(
            ReasonKind::Anomaly,
            "pe_packed_section",
            PACKED_SECTION_SCORE,
            format!(
                "executable section {:?} has entropy {entropy:.2} (packed or encrypted code)",
                section.name
            ),
        );
        reason
            .evidence
            .push(format!("{} entropy {entropy:.2}", section.name));
        reasons.push(reason);
    }
    reasons
}
