//! What is computed for each object: hashes, file type, binary facts, rule and IOC hits. One
//! [`Analyzer`] per worker thread. It is handed bytes (or a stream) and the object's
//! [`Origin`]; it never opens a file: reading is the sources' work.

pub mod autostart;
pub mod binary;
pub mod hive;
pub mod md5_lanes;
pub mod office;
pub mod plist;
pub mod process;
pub mod rule_scan;

use std::borrow::Cow;
use std::io::{Read, Seek};
use std::path::Path;
use std::time::Duration;

use binary::BinaryInfo;
use rule_scan::{Externals, RuleScanner};

use crate::evidence::FileType;
use crate::evidence::hashes::{self, HashKinds, Hashes};
use crate::evidence::scoring::{Level, Reason, total_score};
use crate::signatures::{Signatures, bundle};
use crate::source::{FileStamp, Link, Origin, SkipReason, registry};

/// Files above this size are hashed as a stream through a buffer of this size.
const STREAM_BUFFER: usize = 1024 * 1024;

pub struct AnalyzerConfig {
    /// Files larger than this are hashed and IOC-checked, not read whole nor rule-scanned.
    pub max_size: u64,
    /// Per-file limit of the rule scan.
    pub timeout: Duration,
    /// Every object gets all its facts (the three digests, every section's entropy), not only
    /// those reported as findings: `needle inspect`.
    pub complete_all: bool,
}

/// Everything learned about one object.
#[derive(Debug)]
pub struct FileReport {
    /// What the object is called and where it was found.
    pub origin: Origin,
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
    /// What the object holds that is reported on its own: registry indicators found in a hive,
    /// autostart entries.
    pub entries: Vec<autostart::Entry>,
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
        origin: Origin,
        size: u64,
        hashes: Hashes,
        file_type: FileType,
    ) -> FileReport {
        FileReport {
            origin,
            size,
            hashes,
            file_type,
            binary: None,
            reasons: Vec::new(),
            score: 0,
            notes: Vec::new(),
            problems: Vec::new(),
            entries: Vec::new(),
            not_rule_scanned: None,
            allowlisted: false,
            stamp: None,
            from_cache: false,
        }
    }
}

/// An object read whole into memory, waiting for its analysis.
pub struct LoadedFile {
    pub origin: Origin,
    pub data: Vec<u8>,
    /// The size the source recorded (`data` is shorter if the file shrank while being read).
    pub expected: u64,
    /// The file's owner, for the LOKI `owner` external (empty when unknown).
    pub owner: String,
    /// For a registry hive: the names and bytes of its transaction logs (.LOG1, .LOG2) where
    /// the source found them.
    pub logs: Vec<(String, Vec<u8>)>,
}

/// The content of an object too large to hold, read as a stream.
pub enum Stream<'a> {
    /// A file that can be read again: only the digests something uses are computed, and a
    /// finding's missing ones on a second read.
    Rewindable(&'a mut dyn ReadSeek),
    /// Content that can be read only once (a file inside an image): all three digests at once.
    Once(&'a mut dyn Read),
}

pub trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// What became of one object.
pub enum FileOutcome {
    Analyzed(Box<FileReport>),
    /// The object could not be read at all.
    Failed {
        origin: Origin,
        message: String,
    },
}

pub struct Analyzer<'s> {
    signatures: &'s Signatures,
    rule_scanner: Option<RuleScanner<'s>>,
    config: &'s AnalyzerConfig,
    /// Digests computed for every file; findings get all three.
    hash_kinds: HashKinds,
    /// The buffer streams are read through.
    buffer: Vec<u8>,
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
            hash_kinds: if config.complete_all {
                HashKinds::ALL
            } else {
                signatures.hash_kinds()
            },
            buffer: Vec::new(),
        }
    }

    /// Whether every file needs its MD5 (which a worker may compute for several files at once,
    /// see [`md5_lanes`], and pass to [`Self::analyze`]).
    pub fn needs_md5(&self) -> bool {
        self.hash_kinds.md5
    }

    /// Analyses an object read whole: hashes, IOCs, binary facts, rules. `md5` is its MD5 when
    /// the caller already computed it.
    pub fn analyze(&mut self, file: &LoadedFile, md5: Option<[u8; 16]>) -> FileReport {
        let data = file.data.as_slice();
        let mut kinds = self.hash_kinds;
        kinds.md5 &= md5.is_none();
        let mut hashes = hashes::hash_selected(data, kinds);
        hashes.md5 = hashes.md5.or(md5);
        if self.signatures.may_be_own_file(data.len() as u64) {
            hashes.complete(data);
        }
        let file_type = FileType::sniff(data);
        let mut report = FileReport::new(file.origin.clone(), data.len() as u64, hashes, file_type);
        if (data.len() as u64) < file.expected {
            report.problems.push(format!(
                "file shrank while being read: {} bytes expected, {} read",
                file.expected,
                data.len()
            ));
        }
        if self.check_iocs(&mut report) {
            let binary = binary::analyze(data, file_type, &report.origin.path());
            report.binary = binary.info;
            report.reasons.extend(binary.anomalies);
            report.notes.extend(binary.notes);
            // A registry hive above --max-size is read whole for its keys, not rule-scanned.
            if data.len() as u64 > self.config.max_size {
                report.not_rule_scanned = Some(SkipReason::TooLarge {
                    size: data.len() as u64,
                    limit: self.config.max_size,
                });
            } else if bundle::holds_rules_in_clear(data) {
                report.not_rule_scanned = Some(SkipReason::RulesInClear);
            }
            let rule_scan = report.not_rule_scanned.is_none();
            if let Some(scanner) = self.rule_scanner.as_mut().filter(|_| rule_scan) {
                let md5 = report.hashes.md5_hex();
                let path = report.origin.path();
                let (filepath, filename) = parent_and_name(&path, report.origin.windows_paths());
                let extension = dotted_extension(&filename);
                let externals = Externals {
                    filename: &filename,
                    filepath: &filepath,
                    extension: &extension,
                    filetype: file_type.yara_name(),
                    md5: &md5,
                    owner: &file.owner,
                };
                match scanner.scan(data, &externals) {
                    Ok(reasons) => report.reasons.extend(reasons),
                    Err(problem) => report.problems.push(problem),
                }
            }
            self.read_entries(&mut report, file, file_type);
            let member = match report.origin.link() {
                Link::Member { name } => Some(name.as_str()),
                _ => None,
            };
            if let Some(part) = office::ooxml::parts_of(member, data) {
                report
                    .reasons
                    .extend(office::ooxml::evidence(part.as_deref(), data));
            }
        }
        let about_process = process::evidence(&report.origin, &report.reasons);
        report.reasons.extend(about_process);
        report.score = total_score(&report.reasons);
        if self.config.complete_all || Level::from_score(report.score).is_some() {
            report.hashes.complete(data);
            if let Some(binary) = &mut report.binary {
                binary.complete(data);
            }
        }
        report
    }

    /// Reads what the object holds that is reported on its own: a hive's indicators and
    /// autostarts, the autostart entries a shortcut, task or Linux autostart file defines.
    fn read_entries(&self, report: &mut FileReport, file: &LoadedFile, file_type: FileType) {
        let data = file.data.as_slice();
        if file_type == FileType::Registry && !registry::is_log(data) {
            let hive = hive::analyze(&report.origin, data, &file.logs, &self.signatures.iocs);
            report.entries.extend(hive.entries);
            report.problems.extend(hive.problems);
            report.notes.extend(hive.notes);
        } else {
            let (entries, problems) = autostart::of_file(&report.origin, data, file_type);
            report.entries.extend(entries);
            report.problems.extend(problems);
        }
    }

    /// An object above `--max-size` (`size` bytes as the source records them): streamed
    /// through a fixed buffer for its digests, then checked against hash and filename IOCs only
    /// (not rule-scanned).
    pub fn analyze_stream(
        &mut self,
        origin: Origin,
        size: u64,
        mut stream: Stream<'_>,
    ) -> std::io::Result<FileReport> {
        let kinds = match stream {
            Stream::Rewindable(_) => HashKinds {
                sha256: self.hash_kinds.sha256 || self.signatures.may_be_own_file(size),
                ..self.hash_kinds
            },
            Stream::Once(_) => HashKinds::ALL,
        };
        self.buffer.resize(STREAM_BUFFER, 0);
        let mut file_type = FileType::Empty;
        let content: &mut dyn Read = match &mut stream {
            Stream::Rewindable(file) => file,
            Stream::Once(reader) => reader,
        };
        let (hashes, hashed) =
            hashes::hash_stream(content, kinds, &mut self.buffer, &mut |head| {
                file_type = FileType::sniff(head)
            })?;
        let mut report = FileReport::new(origin, hashed, hashes, file_type);
        report.not_rule_scanned = Some(SkipReason::TooLarge {
            size,
            limit: self.config.max_size,
        });
        if hashed < size {
            report.problems.push(format!(
                "file shrank while being read: {size} bytes expected, {hashed} read"
            ));
        }
        self.check_iocs(&mut report);
        let about_process = process::evidence(&report.origin, &report.reasons);
        report.reasons.extend(about_process);
        report.score = total_score(&report.reasons);
        // A finding shows all three digests: read the file once more for the missing ones.
        let missing = HashKinds::missing_from(&report.hashes);
        if let Stream::Rewindable(file) = stream
            && Level::from_score(report.score).is_some()
            && missing.any()
        {
            file.seek(std::io::SeekFrom::Start(0))?;
            let (extra, _) = hashes::hash_stream(file, missing, &mut self.buffer, &mut |_| {})?;
            report.hashes.merge(extra);
        }
        Ok(report)
    }

    /// Adds hash and filename IOC hits (for every name of the object); returns false when the
    /// file is allow-listed or is one of the signature files in use, and so needs no further
    /// analysis.
    fn check_iocs(&self, report: &mut FileReport) -> bool {
        let iocs = &self.signatures.iocs;
        let own_file = report
            .hashes
            .sha256
            .is_some_and(|sha256| self.signatures.is_own_file(report.size, &sha256));
        if own_file || iocs.is_allowlisted(&report.hashes) {
            report.allowlisted = true;
            return false;
        }
        report.reasons.extend(iocs.match_hashes(&report.hashes));
        for name in report.origin.names() {
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
/// A member of a container ends at the last `!` or `/` (`a.zip!dir/x.dll`).
fn parent_and_name(path: &Path, windows_paths: bool) -> (Cow<'_, str>, Cow<'_, str>) {
    // Image paths of Windows volumes are built from UTF-8 text, so `to_str` always succeeds.
    if windows_paths && let Some(text) = path.to_str() {
        let (parent, name) = text.rsplit_once(['\\', '/', '!']).unwrap_or(("", text));
        return (parent.into(), name.into());
    }
    if let Some(text) = path.to_str()
        && text.contains('!')
    {
        let (parent, name) = text.rsplit_once(['/', '!']).unwrap_or(("", text));
        return (parent.into(), name.into());
    }
    fn lossy(part: Option<&std::ffi::OsStr>) -> Cow<'_, str> {
        part.map_or(Cow::Borrowed(""), |p| p.to_string_lossy())
    }
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

    fn no_signatures() -> Signatures {
        signatures::load(&SignatureOptions {
            embedded: false,
            rule_paths: Vec::new(),
            ioc_paths: Vec::new(),
            relaxed_re_syntax: false,
            rule_cache: None,
        })
        .expect("an empty signature set loads")
    }

    const CONFIG: AnalyzerConfig = AnalyzerConfig {
        complete_all: false,
        max_size: 1 << 20,
        timeout: Duration::from_secs(5),
    };

    #[test]
    fn without_hash_lists_or_md5_rules_no_digest_is_computed() {
        let signatures = no_signatures();
        let file = LoadedFile {
            origin: Origin::live("/srv/plain.txt"),
            data: b"nothing to see".to_vec(),
            expected: 14,
            owner: String::new(),
            logs: Vec::new(),
        };
        let report = Analyzer::new(&signatures, &CONFIG).analyze(&file, None);
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
        assert!(report.problems.is_empty());
    }

    #[test]
    fn bytes_shorter_than_the_recorded_size_are_a_problem_and_still_analysed() {
        let signatures = no_signatures();
        let file = LoadedFile {
            origin: Origin::live("/srv/shrunk.bin"),
            data: b"MZ half".to_vec(),
            expected: 100,
            owner: String::new(),
            logs: Vec::new(),
        };
        let report = Analyzer::new(&signatures, &CONFIG).analyze(&file, None);
        assert_eq!(report.size, 7);
        assert_eq!(report.file_type, FileType::Pe);
        assert_eq!(
            report.problems,
            ["file shrank while being read: 100 bytes expected, 7 read"]
        );
    }

    #[test]
    fn a_stream_read_once_gets_all_three_digests_and_no_rule_scan() {
        let signatures = no_signatures();
        let content = b"a large file".repeat(10);
        let report = Analyzer::new(&signatures, &CONFIG)
            .analyze_stream(
                Origin::live("/srv/large.bin"),
                content.len() as u64,
                Stream::Once(&mut content.as_slice()),
            )
            .expect("reading a slice cannot fail");
        assert_eq!(report.hashes, hashes::hash_bytes(&content));
        assert_eq!(
            report.not_rule_scanned,
            Some(SkipReason::TooLarge {
                size: 120,
                limit: 1 << 20
            })
        );
    }
}
