//! The knowledge needle scans with: YARA-X rules and IOC lists, from the pack embedded at build
//! time (`signatures/` in the repository) and from the user's own files.

pub mod embedded;
pub mod iocs;
pub mod rules;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use iocs::{IocProblem, IocSet};
use rules::{CompileOptions, CompileOutcome, RuleSource};

/// Which signatures to load.
pub struct SignatureOptions {
    /// Use the pack embedded in the binary.
    pub embedded: bool,
    /// Extra rule files or directories (`--rules`).
    pub rule_paths: Vec<PathBuf>,
    /// Extra IOC files or directories (`--iocs`).
    pub ioc_paths: Vec<PathBuf>,
    pub relaxed_re_syntax: bool,
}

/// Rules and IOCs ready to scan with, and what went wrong loading them.
pub struct Signatures {
    pub rules: CompileOutcome,
    pub iocs: IocSet,
    pub ioc_problems: Vec<IocProblem>,
    /// Files that could not be read at all.
    pub unreadable: Vec<String>,
    /// SHA-256 over every rule and IOC source used (origin and content), identifying the set.
    pub digest: String,
    /// SHA-256 of each rule and IOC source: a copy of one on disk (needle's source tree, an
    /// install directory, the user's rule folder) is needle's own signature file, never flagged.
    own_files: HashSet<[u8; 32]>,
}

impl Signatures {
    /// Whether a file with this SHA-256 is one of the signature files in use.
    pub fn is_own_file(&self, sha256: &[u8; 32]) -> bool {
        self.own_files.contains(sha256)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    #[error("{0}")]
    Embedded(String),
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("no rule file compiled ({0} failed)")]
    NothingCompiled(usize),
    #[error("{0}")]
    FilenameMatcher(String),
}

/// Rule files in a directory are recognised by extension; a file named on the command line is
/// taken whatever its name.
const RULE_EXTENSIONS: &[&str] = &["yar", "yara"];

/// The signature files asked for, read but not yet compiled or parsed.
pub struct Sources {
    pub rules: Vec<RuleSource>,
    /// IOC files: origin and content.
    pub iocs: Vec<(String, Vec<u8>)>,
    /// Files that could not be read at all.
    pub unreadable: Vec<String>,
}

/// Reads the embedded pack (if asked) and the user's rule and IOC files. A path that does not
/// exist is fatal: the user asked for signatures that are not there.
pub fn gather(options: &SignatureOptions) -> Result<Sources, SignatureError> {
    let mut sources = Sources {
        rules: Vec::new(),
        iocs: Vec::new(),
        unreadable: Vec::new(),
    };
    if options.embedded {
        for file in embedded::files().map_err(SignatureError::Embedded)? {
            let origin = format!("embedded:{}", file.name);
            if file.name.starts_with("rules/") {
                sources.rules.push(RuleSource {
                    origin,
                    text: file.content,
                });
            } else if file.name.starts_with("iocs/") {
                sources.iocs.push((origin, file.content));
            }
        }
    }
    for path in &options.rule_paths {
        for file in files_under(path, Some(RULE_EXTENSIONS), &mut sources.unreadable)? {
            match std::fs::read(&file) {
                Ok(text) => sources.rules.push(RuleSource {
                    origin: file.display().to_string(),
                    text,
                }),
                Err(e) => sources.unreadable.push(format!("{}: {e}", file.display())),
            }
        }
    }
    for path in &options.ioc_paths {
        for file in files_under(path, None, &mut sources.unreadable)? {
            match std::fs::read(&file) {
                Ok(text) => sources.iocs.push((file.display().to_string(), text)),
                Err(e) => sources.unreadable.push(format!("{}: {e}", file.display())),
            }
        }
    }
    Ok(sources)
}

/// Parses IOC files into one set; bad lines (and files) come back as problems.
pub fn parse_iocs(
    files: &[(String, Vec<u8>)],
) -> Result<(IocSet, Vec<IocProblem>), SignatureError> {
    let mut iocs = IocSet::default();
    let mut problems = Vec::new();
    for (origin, text) in files {
        match std::str::from_utf8(text) {
            Ok(text) => problems.extend(iocs.add_file(origin, text)),
            Err(e) => problems.push(IocProblem {
                origin: origin.clone(),
                line: None,
                message: format!("not UTF-8 text: {e}"),
            }),
        }
    }
    iocs.finish().map_err(SignatureError::FilenameMatcher)?;
    Ok((iocs, problems))
}

/// Loads everything asked for. Bad rule files and bad IOC lines are collected as problems and
/// left out; only "no rule compiled at all" (when rules were given) is fatal.
pub fn load(options: &SignatureOptions) -> Result<Signatures, SignatureError> {
    let sources = gather(options)?;
    let mut digest = Sha256::new();
    let mut own_files = HashSet::new();
    for source in &sources.rules {
        digest_source(&mut digest, "rule", &source.origin, &source.text);
        own_files.insert(Sha256::digest(&source.text).into());
    }
    for (origin, text) in &sources.iocs {
        digest_source(&mut digest, "ioc", origin, text);
        own_files.insert(Sha256::digest(text).into());
    }

    let rules = rules::compile(
        &sources.rules,
        &CompileOptions {
            relaxed_re_syntax: options.relaxed_re_syntax,
        },
    );
    if !sources.rules.is_empty() && rules.rules.is_none() {
        return Err(SignatureError::NothingCompiled(rules.errors.len()));
    }
    let (iocs, ioc_problems) = parse_iocs(&sources.iocs)?;

    Ok(Signatures {
        rules,
        iocs,
        ioc_problems,
        unreadable: sources.unreadable,
        digest: hex::encode(digest.finalize()),
        own_files,
    })
}

fn digest_source(digest: &mut Sha256, kind: &str, origin: &str, text: &[u8]) {
    for part in [kind.as_bytes(), origin.as_bytes(), text] {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
}

/// The file itself, or the files under a directory (sorted, hidden files and `.md` skipped),
/// filtered by extension when `extensions` is given. A path that does not exist is fatal: the
/// user asked for signatures that are not there.
fn files_under(
    path: &Path,
    extensions: Option<&[&str]>,
    unreadable: &mut Vec<String>,
) -> Result<Vec<PathBuf>, SignatureError> {
    let metadata = std::fs::metadata(path).map_err(|source| SignatureError::Read {
        path: path.display().to_string(),
        source,
    })?;
    if !metadata.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(path).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                unreadable.push(e.to_string());
                continue;
            }
        };
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') || name.ends_with(".md") {
            continue;
        }
        let extension = entry
            .path()
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        if extensions.is_none_or(|allowed| allowed.contains(&extension.as_str())) {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}
