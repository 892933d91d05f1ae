//! The scan cache (`--cache FILE`) for scheduled scans: what was learned about each file,
//! keyed by its path and [`FileStamp`], valid only for the same needle version, signature set,
//! `--max-size` and container settings. An unchanged file is answered from the cache without
//! being opened; so is an unchanged container whose members were all analysed and clean.
//!
//! File layout: a `NEEDLE-SCAN-CACHE 1` line, a line with the SHA-256 (hex) of the rest, then
//! one JSON document. A damaged file is detected by that digest, reported and rebuilt; the file
//! is replaced atomically (temporary file + rename) at the end of each scan.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::analysis::FileReport;
use crate::analysis::binary::BinaryInfo;
use crate::evidence::{FileType, Hashes, Reason};
use crate::source::{FileStamp, Origin, SkipReason, path_bytes};

const MAGIC: &str = "NEEDLE-SCAN-CACHE 1";

/// What must match for a cache to be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheScope {
    pub needle_version: String,
    pub signatures_digest: String,
    pub max_size: u64,
    /// What decides how containers are opened (`--archive-depth`, the limits, a digest of the
    /// passwords): a container cached as clean, or not opened at depth 0, was judged by them.
    #[serde(default)]
    pub containers: String,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    scope: CacheScope,
    entries: Vec<Entry>,
}

#[derive(Clone, Serialize, Deserialize)]
struct Entry {
    /// The path's bytes, base64 (paths need not be UTF-8).
    path: String,
    stamp: FileStamp,
    /// What to replay; absent for a file that gave nothing to report.
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<CachedReport>,
}

/// The parts of a [`FileReport`] worth replaying.
#[derive(Clone, Serialize, Deserialize)]
struct CachedReport {
    size: u64,
    md5: String,
    sha1: String,
    sha256: String,
    file_type: FileType,
    binary: Option<BinaryInfo>,
    reasons: Vec<Reason>,
    score: i64,
    notes: Vec<String>,
    problems: Vec<String>,
    /// (size, limit) when the file was too large to rule-scan.
    too_large: Option<(u64, u64)>,
    allowlisted: bool,
}

/// The previous scan's results, read-only while workers consult it.
pub struct ScanCache {
    entries: HashMap<Vec<u8>, Entry>,
}

/// This scan's results, collected by the aggregator and written at the end.
#[derive(Default)]
pub struct NextCache {
    entries: Vec<Entry>,
}

fn path_key(origin: &Origin) -> Vec<u8> {
    path_bytes(&origin.path())
}

impl ScanCache {
    /// Reads the cache at `path`. A missing file gives an empty cache; a damaged one, or one
    /// made for another scope, gives an empty cache and a warning saying why.
    pub fn load(path: &Path, scope: &CacheScope) -> (ScanCache, Option<String>) {
        let empty = ScanCache {
            entries: HashMap::new(),
        };
        let bytes = match crate::own_file::read_private(path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (empty, None),
            Err(e) => {
                return (
                    empty,
                    Some(format!(
                        "scan cache {} unreadable ({e}): every file is scanned",
                        path.display()
                    )),
                );
            }
        };
        match parse(&bytes) {
            Ok(file) if file.scope == *scope => {
                let entries = file
                    .entries
                    .into_iter()
                    .filter_map(|entry| {
                        let key = base64::engine::general_purpose::STANDARD
                            .decode(&entry.path)
                            .ok()?;
                        Some((key, entry))
                    })
                    .collect();
                (ScanCache { entries }, None)
            }
            Ok(_) => (
                empty,
                Some(format!(
                    "scan cache {} was made by another needle version, signature set, --max-size or container settings: every file is scanned",
                    path.display()
                )),
            ),
            Err(why) => (
                empty,
                Some(format!(
                    "scan cache {} is damaged ({why}): ignored and rebuilt",
                    path.display()
                )),
            ),
        }
    }

    /// The cached report for a live file if it has not changed since (`stamp` from lstat).
    pub fn lookup(&self, origin: &Origin, stamp: &FileStamp) -> Option<FileReport> {
        let entry = self.entries.get(&path_key(origin))?;
        if entry.stamp != *stamp {
            return None;
        }
        let mut report = match &entry.report {
            Some(cached) => cached.to_report(origin)?,
            None => FileReport::new(
                origin.clone(),
                stamp.size,
                Hashes {
                    md5: None,
                    sha1: None,
                    sha256: None,
                },
                FileType::Unknown,
            ),
        };
        report.stamp = Some(*stamp);
        report.from_cache = true;
        Some(report)
    }
}

impl CachedReport {
    fn of(report: &FileReport) -> CachedReport {
        CachedReport {
            size: report.size,
            md5: report.hashes.md5_hex(),
            sha1: report.hashes.sha1_hex(),
            sha256: report.hashes.sha256_hex(),
            file_type: report.file_type,
            binary: report.binary.clone(),
            reasons: report.reasons.clone(),
            score: report.score,
            notes: report.notes.clone(),
            problems: report.problems.clone(),
            too_large: match report.not_rule_scanned {
                Some(SkipReason::TooLarge { size, limit }) => Some((size, limit)),
                _ => None,
            },
            allowlisted: report.allowlisted,
        }
    }

    fn to_report(&self, origin: &Origin) -> Option<FileReport> {
        let hashes = Hashes {
            md5: digest_from_hex(&self.md5)?,
            sha1: digest_from_hex(&self.sha1)?,
            sha256: digest_from_hex(&self.sha256)?,
        };
        let mut report = FileReport::new(origin.clone(), self.size, hashes, self.file_type);
        report.binary = self.binary.clone();
        report.reasons = self.reasons.clone();
        report.score = self.score;
        report.notes = self.notes.clone();
        report.problems = self.problems.clone();
        report.not_rule_scanned = self
            .too_large
            .map(|(size, limit)| SkipReason::TooLarge { size, limit });
        report.allowlisted = self.allowlisted;
        Some(report)
    }
}

impl NextCache {
    /// Records what this scan learned about a file (a file with nothing to report is stored as
    /// its stamp alone).
    pub fn record(&mut self, report: &FileReport) {
        let Some(stamp) = report.stamp else {
            return;
        };
        // The only reason not to rule-scan a file that an entry keeps is its size (`too_large`):
        // a file passed over for another reason is left out, so the next scan analyses it again.
        if report
            .not_rule_scanned
            .as_ref()
            .is_some_and(|reason| !matches!(reason, SkipReason::TooLarge { .. }))
        {
            return;
        }
        let worth_replaying = !report.reasons.is_empty()
            || !report.notes.is_empty()
            || !report.problems.is_empty()
            || report.not_rule_scanned.is_some()
            || report.allowlisted;
        self.entries.push(Entry {
            path: base64::engine::general_purpose::STANDARD.encode(path_key(&report.origin)),
            stamp,
            report: worth_replaying.then(|| CachedReport::of(report)),
        });
    }

    /// Writes the cache atomically.
    pub fn save(self, path: &Path, scope: &CacheScope) -> Result<(), String> {
        let body = serde_json::to_vec(&CacheFile {
            scope: scope.clone(),
            entries: self.entries,
        })
        .map_err(|e| e.to_string())?;
        let mut bytes = format!("{MAGIC}\n{}\n", hex::encode(Sha256::digest(&body))).into_bytes();
        bytes.extend_from_slice(&body);
        crate::own_file::write(path, &bytes)
            .map_err(|e| format!("cannot write scan cache {}: {e}", path.display()))
    }
}

/// A digest from the cache: empty means not computed; anything else must be valid hex of the
/// right length (else the entry is not trusted).
fn digest_from_hex<const N: usize>(text: &str) -> Option<Option<[u8; N]>> {
    if text.is_empty() {
        return Some(None);
    }
    hex::decode(text).ok()?.try_into().ok().map(Some)
}

fn parse(bytes: &[u8]) -> Result<CacheFile, String> {
    let rest = bytes
        .strip_prefix(MAGIC.as_bytes())
        .and_then(|r| r.strip_prefix(b"\n"))
        .ok_or("not a needle scan cache")?;
    let newline = rest.iter().position(|&b| b == b'\n').ok_or("truncated")?;
    let (digest, body) = (&rest[..newline], &rest[newline + 1..]);
    if hex::encode(Sha256::digest(body)).as_bytes() != digest {
        return Err("digest mismatch: truncated or corrupted".to_string());
    }
    serde_json::from_slice(body).map_err(|e| e.to_string())
}

/// Where the cache lives, and what it is valid for.
pub struct CacheConfig {
    pub path: PathBuf,
    pub scope: CacheScope,
}
