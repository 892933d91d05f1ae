//! What is computed for each file: hashes, file type, binary facts, rule and IOC hits. One
//! [`Analyzer`] per worker thread; it reuses its read buffer from file to file.

pub mod binary;
pub mod filetype;
pub mod hash;
pub mod rules;

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use binary::BinaryInfo;
use filetype::FileType;
use hash::{HashKinds, Hashes};
use rules::{Externals, RuleScanner};

use crate::scoring::{Level, Reason, total_score};
use crate::signatures::{Signatures, bundle};
use crate::source::image::ImageOrigin;
use crate::source::owner::OwnerNames;
use crate::source::{FileEntry, FileStamp, SkipReason, read};

/// Files above this size are hashed as a stream through a buffer of this size.
const STREAM_BUFFER: usize = 1024 * 1024;

pub struct AnalyzerConfig {
    /// Files larger than this are hashed and IOC-checked, not read whole nor rule-scanned.
    pub max_size: u64,
    /// Per-file limit of the rule scan.
    pub timeout: Duration,
}

/// What a file is called and where it lives: what the report names and name-based signatures
/// (filename IOCs, the LOKI `filename`/`filepath`/`extension` externals) see.
#[derive(Debug, Clone)]
pub struct Subject {
    /// The path as it was on the host (`C:\Windows\...` for a Windows volume in an image).
    pub path: PathBuf,
    /// Other names of the same file (hardlinks in an image): read once, reported under all.
    pub other_names: Vec<PathBuf>,
    /// Set for a file read from a disk image.
    pub image: Option<Arc<ImageOrigin>>,
}

impl Subject {
    pub fn live(path: &Path) -> Subject {
        Subject {
            path: path.to_path_buf(),
            other_names: Vec::new(),
            image: None,
        }
    }
}

/// Everything learned about one file.
#[derive(Debug)]
pub struct FileReport {
    pub path: PathBuf,
    /// Other names of the same file (hardlinks inside an image).
    pub other_names: Vec<PathBuf>,
    /// Where in a disk image the file was read; None on a live host.
    pub image: Option<Arc<ImageOrigin>>,
    pub size: u64,
    pub hashes: Hashes,
    pub file_type: FileType,
    pub binary: Option<BinaryInfo>,
    pub reasons: Vec<Reason>,
    pub score: i64,
    /// Observations that are not evidence (a binary that failed to parse).
    pub notes: Vec<String>,
    /// What kept the analysis from being complete (the file shrank, the rule scan timed out).
    pub problems: Vec<String>,
    /// Set when the file was hashed but not rule-scanned.
    pub not_rule_scanned: Option<SkipReason>,
    /// A false-positive list names this file: it is never flagged.
    pub allowlisted: bool,
    /// The file's identity when it was read, for the scan cache (None where the OS gives none).
    pub stamp: Option<FileStamp>,
    /// Answered from the scan cache instead of being read.
    pub from_cache: bool,
}

impl FileReport {
    pub(crate) fn new(
        subject: Subject,
        size: u64,
        hashes: Hashes,
        file_type: FileType,
    ) -> FileReport {
        FileReport {
            path: subject.path,
            other_names: subject.other_names,
            image: subject.image,
            size,
            hashes,
            file_type,
            binary: None,
            reasons: Vec::new(),
            score: 0,
            notes: Vec::new(),
            problems: Vec::new(),
            not_rule_scanned: None,
            allowlisted: false,
            stamp: None,
            from_cache: false,
        }
    }
}

/// A file read whole into memory, waiting for its analysis.
pub struct LoadedFile {
    pub subject: Subject,
    pub data: Vec<u8>,
    /// The size the source recorded (`data` is shorter if the file shrank while being read).
    pub expected: u64,
    /// The file's owner, for the LOKI `owner` external (empty when unknown).
    pub owner: String,
    pub stamp: Option<FileStamp>,
}

/// What reading a file gave: its content, or already its outcome.
pub enum Loaded {
    InMemory(LoadedFile),
    Done(FileOutcome),
}

pub enum FileOutcome {
    Analyzed(Box<FileReport>),
    /// The file could not be read at all.
    Failed {
        path: PathBuf,
        message: String,
    },
}

pub struct Analyzer<'s> {
    signatures: &'s Signatures,
    rule_scanner: Option<RuleScanner<'s>>,
    config: &'s AnalyzerConfig,
    /// Digests computed for every file; findings get all three.
    hash_kinds: HashKinds,
    buffer: Vec<u8>,
    owners: OwnerNames,
}

impl<'s> Analyzer<'s> {
    pub fn new(signatures: &'s Signatures, config: &'s AnalyzerConfig) -> Self {
        let rule_sets = &signatures.rules.sets;
        let rule_scanner = (!rule_sets.is_empty())
            .then(|| RuleScanner::new(rule_sets, &signatures.iocs, config.timeout));
        Analyzer {
            signatures,
            rule_scanner,
            config,
            hash_kinds: signatures.hash_kinds(),
            buffer: Vec::new(),
            owners: OwnerNames::default(),
        }
    }

    /// Opens, reads and analyses one file of the live filesystem.
    pub fn analyze(&mut self, entry: &FileEntry) -> FileOutcome {
        let buffer = std::mem::take(&mut self.buffer);
        match self.load(entry, buffer) {
            Loaded::Done(outcome) => outcome,
            Loaded::InMemory(file) => {
                let report = self.analyze_loaded(&file, None);
                self.buffer = file.data;
                FileOutcome::Analyzed(Box::new(report))
            }
        }
    }

    /// Whether every file needs its MD5 (which a worker may compute for several files at once,
    /// see [`hash::md5_lanes`], and pass to [`Self::analyze_loaded`]).
    pub fn needs_md5(&self) -> bool {
        self.hash_kinds.md5
    }

    /// Opens a file of the live filesystem and reads it whole into `buffer`. A file above
    /// `--max-size` is analysed here as a stream (hashes and name IOCs only) and comes back
    /// done, as does a file that cannot be opened or read.
    pub fn load(&mut self, entry: &FileEntry, mut buffer: Vec<u8>) -> Loaded {
        let path = &entry.path;
        let failed = |message: String| {
            Loaded::Done(FileOutcome::Failed {
                path: path.clone(),
                message,
            })
        };
        let (mut file, metadata) = match read::open_regular(path) {
            Ok(opened) => opened,
            Err(e) => return failed(format!("cannot open: {e}")),
        };
        let size = metadata.len();
        let stamp = FileStamp::of(&metadata);
        if size > self.config.max_size {
            let mut kinds = self.hash_kinds;
            kinds.sha256 |= self.signatures.may_be_own_file(size);
            let streamed = self
                .analyze_stream(Subject::live(path), size, &mut file, kinds)
                .and_then(|mut report| {
                    // A finding shows all three digests: read the file once more for the
                    // missing ones.
                    let missing = HashKinds::missing_from(&report.hashes);
                    if Level::from_score(report.score).is_some() && missing.any() {
                        file.seek(std::io::SeekFrom::Start(0))?;
                        let (extra, _) =
                            hash::hash_stream(&mut file, missing, &mut self.buffer, &mut |_| {})?;
                        report.hashes.merge(extra);
                    }
                    Ok(report)
                });
            return match streamed {
                Ok(mut report) => {
                    report.stamp = stamp;
                    Loaded::Done(FileOutcome::Analyzed(Box::new(report)))
                }
                Err(e) => failed(format!("read error: {e}")),
            };
        }
        match read::read_into(&mut file, size, &mut buffer) {
            Ok(_) => Loaded::InMemory(LoadedFile {
                subject: Subject::live(path),
                data: buffer,
                expected: size,
                owner: self.owners.owner_of(&metadata).to_string(),
                stamp,
            }),
            Err(e) => failed(format!("read error: {e}")),
        }
    }

    /// Analyses a file read whole; `md5` is its MD5 when the caller already computed it.
    pub fn analyze_loaded(&mut self, file: &LoadedFile, md5: Option<[u8; 16]>) -> FileReport {
        let mut report = self.analyze_bytes(
            file.subject.clone(),
            &file.data,
            file.expected,
            &file.owner,
            md5,
        );
        report.stamp = file.stamp;
        report
    }

    /// Analyses a whole file already in memory: hashes, IOCs, binary facts, rules. `expected` is
    /// the size the source recorded (a shorter `data` is reported as a problem); `owner` feeds
    /// the LOKI `owner` external (empty when unknown); `md5` is the file's MD5 when already known.
    fn analyze_bytes(
        &mut self,
        subject: Subject,
        data: &[u8],
        expected: u64,
        owner: &str,
        md5: Option<[u8; 16]>,
    ) -> FileReport {
        let mut kinds = self.hash_kinds;
        kinds.md5 &= md5.is_none();
        let mut hashes = hash::hash_selected(data, kinds);
        hashes.md5 = hashes.md5.or(md5);
        if self.signatures.may_be_own_file(data.len() as u64) {
            hashes.complete(data);
        }
        let file_type = FileType::sniff(data);
        let mut report = FileReport::new(subject, data.len() as u64, hashes, file_type);
        if (data.len() as u64) < expected {
            report.problems.push(format!(
                "file shrank while being read: {expected} bytes expected, {} read",
                data.len()
            ));
        }
        if self.check_iocs(&mut report, bundle::is_intact(data)) {
            let binary = binary::analyze(data, file_type, &report.path);
            report.binary = binary.info;
            report.reasons.extend(binary.anomalies);
            report.notes.extend(binary.notes);
            if let Some(scanner) = &mut self.rule_scanner {
                let md5 = report.hashes.md5_hex();
                let (filepath, filename) = parent_and_name(&report.path, report.image.as_deref());
                let extension = dotted_extension(&filename);
                let externals = Externals {
                    filename: &filename,
                    filepath: &filepath,
                    extension: &extension,
                    filetype: file_type.yara_name(),
                    md5: &md5,
                    owner,
                };
                match scanner.scan(data, &externals) {
                    Ok(reasons) => report.reasons.extend(reasons),
                    Err(problem) => report.problems.push(problem),
                }
            }
        }
        report.score = total_score(&report.reasons);
        if Level::from_score(report.score).is_some() {
            report.hashes.complete(data);
            if let Some(binary) = &mut report.binary {
                binary.complete(data);
            }
        }
        report
    }

    /// A file above `--max-size`: streamed through a fixed buffer for the digests in `kinds`,
    /// then checked against hash and filename IOCs only (not rule-scanned).
    pub fn analyze_stream(
        &mut self,
        subject: Subject,
        size: u64,
        content: &mut dyn Read,
        kinds: HashKinds,
    ) -> std::io::Result<FileReport> {
        self.buffer.resize(STREAM_BUFFER, 0);
        let mut file_type = FileType::Empty;
        let (hashes, hashed) = hash::hash_stream(content, kinds, &mut self.buffer, &mut |head| {
            file_type = FileType::sniff(head)
        })?;
        let mut report = FileReport::new(subject, hashed, hashes, file_type);
        report.not_rule_scanned = Some(SkipReason::TooLarge {
            size,
            limit: self.config.max_size,
        });
        if hashed < size {
            report.problems.push(format!(
                "file shrank while being read: {size} bytes expected, {hashed} read"
            ));
        }
        self.check_iocs(&mut report, false);
        report.score = total_score(&report.reasons);
        Ok(report)
    }

    /// Adds hash and filename IOC hits (for every name of the file); returns false when the
    /// file is allow-listed or is one of needle's own signature files (a source in use, or
    /// compiled rules: `own_bundle`), and so needs no further analysis.
    fn check_iocs(&self, report: &mut FileReport, own_bundle: bool) -> bool {
        let iocs = &self.signatures.iocs;
        let own_file = own_bundle
            || report
                .hashes
                .sha256
                .is_some_and(|sha256| self.signatures.is_own_file(report.size, &sha256));
        if own_file || iocs.is_allowlisted(&report.hashes) {
            report.allowlisted = true;
            return false;
        }
        report.reasons.extend(iocs.match_hashes(&report.hashes));
        for name in std::iter::once(&report.path).chain(&report.other_names) {
            for reason in iocs.match_path(&name.to_string_lossy()) {
                // A pattern matching several hardlink names is one piece of evidence.
                let known = report.reasons.iter().any(|r| {
                    r.kind == reason.kind && r.source == reason.source && r.id == reason.id
                });
                if !known {
                    report.reasons.push(reason);
                }
            }
        }
        true
    }
}

/// The directory and the file name, split at `\` for Windows paths from an image.
fn parent_and_name<'p>(
    path: &'p Path,
    image: Option<&ImageOrigin>,
) -> (Cow<'p, str>, Cow<'p, str>) {
    // Image paths of Windows volumes are built from UTF-8 text, so `to_str` always succeeds.
    if image.is_some_and(|origin| origin.windows_paths)
        && let Some(text) = path.to_str()
    {
        let (parent, name) = text.rsplit_once('\\').unwrap_or(("", text));
        return (parent.into(), name.into());
    }
    let lossy =
        |part: Option<&'p std::ffi::OsStr>| part.map_or(Cow::Borrowed(""), |p| p.to_string_lossy());
    (
        lossy(path.parent().map(Path::as_os_str)),
        lossy(path.file_name()),
    )
}

/// The extension as LOKI sets it: lower case with its dot (`.exe`), empty when there is none.
fn dotted_extension(file_name: &str) -> String {
    match file_name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => format!(".{}", extension.to_lowercase()),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signatures::{self, SignatureOptions};

    /// Analyses `path` with no signatures loaded.
    fn analyze_without_signatures(path: &Path) -> FileOutcome {
        let signatures = signatures::load(&SignatureOptions {
            embedded: false,
            rule_paths: Vec::new(),
            ioc_paths: Vec::new(),
            relaxed_re_syntax: false,
            rule_cache: None,
        })
        .expect("an empty signature set loads");
        let config = AnalyzerConfig {
            max_size: 1 << 20,
            timeout: Duration::from_secs(5),
        };
        Analyzer::new(&signatures, &config).analyze(&FileEntry {
            path: path.to_path_buf(),
        })
    }

    #[test]
    fn a_file_gone_before_it_is_read_is_a_failure_with_the_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("vanished.bin");
        std::fs::write(&path, b"here for a moment").expect("write");
        std::fs::remove_file(&path).expect("remove");
        match analyze_without_signatures(&path) {
            FileOutcome::Failed {
                path: failed,
                message,
            } => {
                assert_eq!(failed, path);
                assert!(
                    message.starts_with("cannot open") && message.contains("No such file"),
                    "{message}"
                );
            }
            FileOutcome::Analyzed(_) => panic!("a missing file cannot be analysed"),
        }
    }

    #[test]
    fn without_hash_lists_or_md5_rules_no_digest_is_computed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plain.txt");
        std::fs::write(&path, b"nothing to see").expect("write");
        let FileOutcome::Analyzed(report) = analyze_without_signatures(&path) else {
            panic!("readable file");
        };
        assert_eq!(
            report.hashes,
            Hashes {
                md5: None,
                sha1: None,
                sha256: None
            },
            "no IOC list needs a digest"
        );
        assert_eq!(report.score, 0);
    }
}
