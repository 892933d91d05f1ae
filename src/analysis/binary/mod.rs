//! Facts about PE, ELF and Mach-O binaries (goblin; one module per format), and the anomalies
//! among them that count as evidence. A parser failure or panic on hostile bytes becomes a note
//! on the file.

mod elf;
mod macho;
mod pe;

use std::path::Path;

use serde::{Deserialize, Serialize};

pub use elf::ElfInfo;
pub use macho::{CodeSignature, MachOArch, MachOInfo};
pub use pe::{PeInfo, SectionInfo};

use crate::evidence::FileType;
use crate::evidence::scoring::Reason;
use crate::panics;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "format", rename_all = "lowercase")]
pub enum BinaryInfo {
    Pe(PeInfo),
    Elf(ElfInfo),
    #[serde(rename = "mach_o")]
    MachO(MachOInfo),
}

impl BinaryInfo {
    /// Fills in what is computed only for reported files (the entropy of data sections);
    /// `data` is the file the info was parsed from.
    pub fn complete(&mut self, data: &[u8]) {
        if let BinaryInfo::Pe(pe) = self {
            pe.complete(data);
        }
    }
}

/// What binary analysis learned about one file.
#[derive(Debug, Default)]
pub struct BinaryAnalysis {
    pub info: Option<BinaryInfo>,
    pub anomalies: Vec<Reason>,
    /// Parse failures, kept as notes on the file.
    pub notes: Vec<String>,
}

/// Analyses `data` if its magic says PE, ELF or Mach-O.
pub fn analyze(data: &[u8], file_type: FileType, path: &Path) -> BinaryAnalysis {
    let parse = match file_type {
        FileType::Pe => pe::parse,
        FileType::Elf => elf::parse,
        FileType::MachO => macho::parse,
        _ => return BinaryAnalysis::default(),
    };
    // goblin is fuzzed, but a panic on hostile bytes must never take the scan down with it.
    match panics::catch(|| parse(data)) {
        Ok(Ok(info)) => {
            let anomalies = anomalies(&info, path);
            BinaryAnalysis {
                info: Some(info),
                anomalies,
                notes: Vec::new(),
            }
        }
        Ok(Err(message)) => BinaryAnalysis {
            notes: vec![message],
            ..Default::default()
        },
        Err(panic) => BinaryAnalysis {
            notes: vec![format!("binary parser panicked: {panic}")],
            ..Default::default()
        },
    }
}

/// Shannon entropy of `data` in bits per byte (0 to 8).
pub fn entropy(data: &[u8]) -> f64 {
    if data.is_empty() {
        return 0.0;
    }
    // Four interleaved histograms: consecutive equal bytes would otherwise serialise on one
    // counter (long runs of zero padding are common in binaries).
    let mut counts = [[0u64; 256]; 4];
    let mut chunks = data.chunks_exact(4);
    for chunk in &mut chunks {
        counts[0][chunk[0] as usize] += 1;
        counts[1][chunk[1] as usize] += 1;
        counts[2][chunk[2] as usize] += 1;
        counts[3][chunk[3] as usize] += 1;
    }
    for &b in chunks.remainder() {
        counts[0][b as usize] += 1;
    }
    let len = data.len() as f64;
    (0..256)
        .map(|i| counts[0][i] + counts[1][i] + counts[2][i] + counts[3][i])
        .filter(|&c| c > 0)
        .map(|c| {
            let p = c as f64 / len;
            -p * p.log2()
        })
        .sum()
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn anomalies(info: &BinaryInfo, path: &Path) -> Vec<Reason> {
    match info {
        BinaryInfo::Pe(pe) => pe::anomalies(pe, path),
        BinaryInfo::Elf(_) => Vec::new(),
        BinaryInfo::MachO(macho) => macho::anomalies(macho, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_bounds() {
        assert_eq!(entropy(&[]), 0.0);
        assert_eq!(entropy(&[7; 100]), 0.0);
        let all: Vec<u8> = (0..=255).collect();
        assert!((entropy(&all) - 8.0).abs() < 1e-9);
    }

    #[test]
    fn hostile_bytes_become_notes() {
        let mut data = b"MZ".to_vec();
        data.extend_from_slice(&[0xff; 200]);
        let analysis = analyze(&data, FileType::Pe, Path::new("x.exe"));
        assert!(analysis.info.is_none());
        assert_eq!(analysis.notes.len(), 1, "{:?}", analysis.notes);
        assert!(
            analysis.notes[0].starts_with("malformed PE"),
            "{:?}",
            analysis.notes
        );

        let elf = b"\x7fELF\x02\x01\x01\x00\xff\xff\xff\xff\xff\xff\xff\xff";
        let analysis = analyze(elf, FileType::Elf, Path::new("x"));
        assert!(analysis.info.is_none());
        assert_eq!(analysis.notes.len(), 1);
    }

    #[test]
    fn other_types_are_not_parsed() {
        let analysis = analyze(b"hello", FileType::Unknown, Path::new("x"));
        assert!(
            analysis.info.is_none() && analysis.notes.is_empty() && analysis.anomalies.is_empty()
        );
    }
}
