//! Mach-O facts, thin or universal: per architecture the CPU, file type, linked dylibs, rpaths,
//! minimum OS, encryption and the code signature (identifier, team, ad hoc or with a
//! certificate, the entitlements granted); and the anomalies of a macOS executable.

use std::path::Path;

use goblin::mach::load_command::CommandVariant;
use goblin::mach::{Mach, MachO, SingleArch};
use serde::{Deserialize, Serialize};

use super::BinaryInfo;
use crate::analysis::plist::{self, PlistValue};
use crate::evidence::scoring::{Reason, ReasonKind};

/// At most this many architectures are read from a universal binary (real ones hold 2 to 4).
const MAX_ARCHITECTURES: usize = 8;
/// At most this many dylibs and rpaths are kept per architecture.
const MAX_LIBRARIES: usize = 128;
/// Entitlements blobs larger than this are not read (real ones are a few KB).
const MAX_ENTITLEMENTS: usize = 256 * 1024;

/// Score of a Mach-O executable stored under a document or media extension.
const DISGUISED_EXTENSION_SCORE: i64 = 30;
/// Score of a Mach-O that loads code from a directory every user can write to.
const WRITABLE_DYLIB_SCORE: i64 = 20;

/// Extensions of documents and media: a program stored under one of them is disguised (macOS
/// programs have no extension, or `.dylib`, `.so`, `.bundle`, `.app` paths).
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "jpg", "jpeg", "png", "gif",
    "mp3", "mp4", "mov", "pages", "numbers", "key", "csv",
];

/// Directories every user can write to: loading a library from one lets anyone replace it.
const WRITABLE_DIRS: &[&str] = &["/tmp/", "/private/tmp/", "/var/tmp/", "/Users/Shared/"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachOInfo {
    /// A universal ("fat") binary: several architectures in one file.
    pub universal: bool,
    pub architectures: Vec<MachOArch>,
}

/// One architecture's binary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MachOArch {
    /// `x86_64`, `arm64`, `arm64e`, `i386`...
    pub cpu: String,
    pub bits: u8,
    /// `execute`, `dylib`, `bundle`, `object`, `kext_bundle`...
    pub file_type: String,
    /// Position-independent executable (MH_PIE).
    pub pie: bool,
    /// The dylibs it links (load, weak, lazy and re-exported).
    pub dylibs: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rpaths: Vec<String>,
    /// `macos 10.13`, `ios 14.0`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_os: Option<String>,
    /// Part of it is encrypted (LC_ENCRYPTION_INFO with a crypt id).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub encrypted: bool,
    /// None: not signed at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_signature: Option<CodeSignature>,
}

/// What the embedded code signature says (its validity is not checked).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CodeSignature {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// Signed without a certificate: anyone can make such a signature.
    pub ad_hoc: bool,
    /// The entitlements it grants itself (keys whose value is not `false`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entitlements: Vec<String>,
}

impl MachOArch {
    /// One line for people: `arm64 execute, macos 11.0, signed (team ABCDE12345, identifier
    /// com.example.app), 3 entitlements`.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} {}", self.cpu, self.file_type)];
        if let Some(min_os) = &self.min_os {
            parts.push(min_os.clone());
        }
        parts.push(match &self.code_signature {
            None => "unsigned".to_string(),
            Some(signature) => {
                let mut who = Vec::new();
                if let Some(team) = &signature.team_id {
                    who.push(format!("team {team}"));
                }
                if let Some(identifier) = &signature.identifier {
                    who.push(format!("identifier {identifier}"));
                }
                let kind = if signature.ad_hoc {
                    "signed ad hoc"
                } else {
                    "signed"
                };
                if who.is_empty() {
                    kind.to_string()
                } else {
                    format!("{kind} ({})", who.join(", "))
                }
            }
        });
        if let Some(signature) = &self.code_signature
            && !signature.entitlements.is_empty()
        {
            parts.push(format!("{} entitlements", signature.entitlements.len()));
        }
        if self.encrypted {
            parts.push("encrypted".to_string());
        }
        parts.join(", ")
    }
}

pub(super) fn parse(data: &[u8]) -> Result<BinaryInfo, String> {
    let malformed = |e: goblin::error::Error| format!("malformed Mach-O: {e}");
    let (universal, architectures) = match Mach::parse(data).map_err(malformed)? {
        Mach::Binary(macho) => (false, vec![architecture(&macho, data)]),
        Mach::Fat(fat) => {
            let arches = fat.arches().map_err(malformed)?;
            if arches.len() > MAX_ARCHITECTURES {
                return Err(format!(
                    "malformed Mach-O: a universal binary of {} architectures",
                    arches.len()
                ));
            }
            let mut architectures = Vec::new();
            for (index, arch) in arches.iter().enumerate() {
                if let SingleArch::MachO(macho) = fat.get(index).map_err(malformed)? {
                    architectures.push(architecture(&macho, arch.slice(data)));
                }
            }
            (true, architectures)
        }
    };
    Ok(BinaryInfo::MachO(MachOInfo {
        universal,
        architectures,
    }))
}

/// The facts of one thin binary; `bytes` is the file (or the universal binary's slice) it was
/// parsed from, which the signature's offsets are relative to.
fn architecture(macho: &MachO, bytes: &[u8]) -> MachOArch {
    use goblin::mach::constants::cputype::{CPU_SUBTYPE_MASK, get_arch_name_from_types};
    let header = &macho.header;
    let cpu = get_arch_name_from_types(header.cputype, header.cpusubtype & !CPU_SUBTYPE_MASK)
        .map_or_else(|| format!("cpu {:#x}", header.cputype), str::to_string);
    let mut arch = MachOArch {
        cpu,
        bits: if macho.is_64 { 64 } else { 32 },
        file_type: goblin::mach::header::filetype_to_str(header.filetype).to_ascii_lowercase(),
        pie: header.flags & goblin::mach::header::MH_PIE != 0,
        // goblin lists the binary itself first, as "self".
        dylibs: macho
            .libs
            .iter()
            .skip(1)
            .take(MAX_LIBRARIES)
            .map(|l| l.to_string())
            .collect(),
        rpaths: macho
            .rpaths
            .iter()
            .take(MAX_LIBRARIES)
            .map(|r| r.to_string())
            .collect(),
        min_os: None,
        encrypted: false,
        code_signature: None,
    };
    for command in &macho.load_commands {
        match &command.command {
            CommandVariant::BuildVersion(build) => {
                arch.min_os = Some(format!(
                    "{} {}",
                    platform(build.platform),
                    version(build.minos)
                ));
            }
            CommandVariant::VersionMinMacosx(min) => {
                arch.min_os = Some(format!("macos {}", version(min.version)));
            }
            CommandVariant::EncryptionInfo32(info) => arch.encrypted |= info.cryptid != 0,
            CommandVariant::EncryptionInfo64(info) => arch.encrypted |= info.cryptid != 0,
            CommandVariant::CodeSignature(linkedit) => {
                let start = linkedit.dataoff as usize;
                let blob = start
                    .checked_add(linkedit.datasize as usize)
                    .and_then(|end| bytes.get(start..end))
                    .unwrap_or_default();
                arch.code_signature = Some(code_signature(blob));
            }
            _ => {}
        }
    }
    arch
}

fn platform(platform: u32) -> &'static str {
    match platform {
        1 => "macos",
        2 => "ios",
        3 => "tvos",
        4 => "watchos",
        6 => "maccatalyst",
        7 => "ios-simulator",
        11 => "visionos",
        _ => "platform",
    }
}

/// `X.Y` (or `X.Y.Z`) from the nibbles `xxxx.yy.zz`.
fn version(encoded: u32) -> String {
    let (major, minor, patch) = (encoded >> 16, (encoded >> 8) & 0xff, encoded & 0xff);
    if patch == 0 {
        format!("{major}.{minor}")
    } else {
        format!("{major}.{minor}.{patch}")
    }
}

/// Blob magics of the code signature (big-endian, `cs_blobs.h`).
const SUPER_BLOB: u32 = 0xfade_0cc0;
const CODE_DIRECTORY: u32 = 0xfade_0c02;
const ENTITLEMENTS: u32 = 0xfade_7171;
const CMS_SIGNATURE: u32 = 0xfade_0b01;
/// CodeDirectory flag: signed ad hoc.
const CS_ADHOC: u32 = 0x2;

/// Reads the SuperBlob: every offset is checked against the blob, so a damaged signature gives
/// what could be read.
fn code_signature(blob: &[u8]) -> CodeSignature {
    let be32 = |bytes: &[u8], at: usize| -> Option<u32> {
        let word = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_be_bytes(word.try_into().ok()?))
    };
    let mut signature = CodeSignature {
        ad_hoc: true,
        ..CodeSignature::default()
    };
    if be32(blob, 0) != Some(SUPER_BLOB) {
        return signature;
    }
    let count = be32(blob, 8).unwrap_or(0).min(64) as usize;
    let mut flagged_ad_hoc = false;
    let mut has_cms = false;
    for slot in 0..count {
        let Some(offset) = be32(blob, 12 + slot * 8 + 4).map(|o| o as usize) else {
            break;
        };
        let Some(inner) = blob.get(offset..) else {
            continue;
        };
        let length = be32(inner, 4).map_or(0, |l| l as usize).min(inner.len());
        let inner = &inner[..length];
        match be32(inner, 0) {
            Some(CODE_DIRECTORY) => {
                flagged_ad_hoc = be32(inner, 12).is_some_and(|flags| flags & CS_ADHOC != 0);
                signature.identifier = be32(inner, 20).and_then(|at| c_string(inner, at));
                let version = be32(inner, 8).unwrap_or(0);
                if version >= 0x20200 {
                    signature.team_id = be32(inner, 48)
                        .filter(|&at| at != 0)
                        .and_then(|at| c_string(inner, at));
                }
            }
            Some(ENTITLEMENTS) if length <= MAX_ENTITLEMENTS => {
                signature.entitlements = entitlements(inner.get(8..).unwrap_or_default());
            }
            // An empty CMS blob is what ad hoc signatures carry in that slot.
            Some(CMS_SIGNATURE) => has_cms = length > 8,
            _ => {}
        }
    }
    signature.ad_hoc = flagged_ad_hoc || !has_cms;
    signature
}

/// The NUL-terminated string at `at`, if it is printable text of sane length.
fn c_string(bytes: &[u8], at: u32) -> Option<String> {
    let rest = bytes.get(at as usize..)?;
    let end = rest.iter().take(256).position(|&b| b == 0)?;
    let text = std::str::from_utf8(&rest[..end]).ok()?;
    (!text.is_empty() && text.chars().all(|c| !c.is_control())).then(|| text.to_string())
}

/// The keys of an entitlements plist granted (not `false`); an unreadable plist gives none.
fn entitlements(xml: &[u8]) -> Vec<String> {
    plist::top_level(xml)
        .map(|entries| {
            entries
                .into_iter()
                .filter(|(_, value)| *value != PlistValue::Boolean(false))
                .map(|(key, _)| key)
                .collect()
        })
        .unwrap_or_default()
}

pub(super) fn anomalies(info: &MachOInfo, path: &Path) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let executable = info
        .architectures
        .iter()
        .any(|a| matches!(a.file_type.as_str(), "execute" | "dylib" | "bundle"));
    if executable && DOCUMENT_EXTENSIONS.contains(&extension.as_str()) {
        reasons.push(Reason::new(
            ReasonKind::Anomaly,
            "macho_disguised_extension",
            DISGUISED_EXTENSION_SCORE,
            format!("macOS program stored under extension .{extension}"),
        ));
    }
    let writable: Vec<&String> = info
        .architectures
        .iter()
        .flat_map(|a| a.dylibs.iter().chain(&a.rpaths))
        .filter(|l| WRITABLE_DIRS.iter().any(|dir| l.starts_with(dir)))
        .collect();
    if let Some(first) = writable.first() {
        let mut reason = Reason::new(
            ReasonKind::Anomaly,
            "macho_writable_library_path",
            WRITABLE_DYLIB_SCORE,
            format!("loads code from a directory every user can write to: {first}"),
        );
        reason.evidence = writable.iter().map(|l| l.to_string()).collect();
        reasons.push(reason);
    }
    reasons
}
