//! The knowledge needle scans with: YARA-X rules and IOC lists, from the pack embedded at build
//! time (`signatures/` in the repository) and from the user's own files.

pub mod bundle;
pub mod embedded;
pub mod iocs;
mod rule_cache;
pub mod yara;

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use walkdir::WalkDir;

use crate::evidence::hashes::HashKinds;
use iocs::{IocProblem, IocSet};
use yara::{CompileOptions, CompileOutcome, RuleProblem, RuleSource};

/// Which signatures to load.
pub struct SignatureOptions {
    /// Use the pack embedded in the binary.
    pub embedded: bool,
    /// Extra rule files or directories (`--rules`).
    pub rule_paths: Vec<PathBuf>,
    /// Extra IOC files or directories (`--iocs`).
    pub ioc_paths: Vec<PathBuf>,
    pub relaxed_re_syntax: bool,
    /// Directory of the compiled-rules cache; None compiles every time.
    pub rule_cache: Option<PathBuf>,
}

/// Compiled rules ready to scan with: the sources compiled into one set, plus one set per
/// precompiled bundle (YARA-X rule sets cannot be merged).
pub struct RuleSets {
    pub sets: Vec<yara_x::Rules>,
    pub files: usize,
    pub rule_count: usize,
    pub errors: Vec<RuleProblem>,
    pub warnings: Vec<RuleProblem>,
    /// Things worth telling the user that are not rule problems (e.g. an unusable cache).
    pub notes: Vec<String>,
}

impl RuleSets {
    fn from_outcome(outcome: CompileOutcome) -> Self {
        RuleSets {
            sets: outcome.rules.into_iter().collect(),
            files: outcome.files_compiled,
            rule_count: outcome.rule_count,
            errors: outcome.errors,
            warnings: outcome.warnings,
            notes: Vec::new(),
        }
    }
}

/// Rules and IOCs ready to scan with, and what went wrong loading them.
pub struct Signatures {
    pub rules: RuleSets,
    pub iocs: IocSet,
    pub ioc_problems: Vec<IocProblem>,
    /// Signature files given but not used: unreadable, a rule file that does not compile, a
    /// bundle that does not load, an IOC file without one usable indicator. The scan reports each
    /// as an error and its summary says the signatures were incomplete.
    pub left_out: Vec<LeftOut>,
    /// Files in an IOC folder that are not IOC lists (a README, a keyword list), passed over as
    /// LOKI does.
    pub not_ioc_lists: Vec<LeftOut>,
    /// SHA-256 over every rule and IOC source used (origin and content), identifying the set.
    pub digest: String,
    /// Size and SHA-256 of each rule and IOC source: a copy of one on disk (needle's source tree,
    /// an install directory, the user's rule folder) is needle's own signature file, never
    /// flagged.
    own_files: HashSet<(u64, [u8; 32])>,
    /// Whether some rule may read the `md5` external variable (so every file needs its MD5).
    rules_use_md5: bool,
}

impl Signatures {
    /// Whether a file of this size could be one of the signature files in use (then its SHA-256
    /// tells).
    pub fn may_be_own_file(&self, size: u64) -> bool {
        self.own_files.iter().any(|(own_size, _)| *own_size == size)
    }

    /// Whether a file is one of the signature files in use.
    pub fn is_own_file(&self, size: u64, sha256: &[u8; 32]) -> bool {
        self.own_files.contains(&(size, *sha256))
    }

    /// The digests every file needs: those of the loaded hash lists, and MD5 when a rule may
    /// read the `md5` external.
    pub fn hash_kinds(&self) -> HashKinds {
        let mut kinds = self.iocs.hash_kinds();
        kinds.md5 |= self.rules_use_md5;
        kinds
    }
}

/// Whether a rule source may use the `md5` external variable: the word `md5` outside module
/// calls (`hash.md5(...)`), pattern names (`$md5`) and longer identifiers. Errs towards yes (a
/// mention in a comment or a string also counts), which only costs an MD5 per file.
fn mentions_md5_external(text: &[u8]) -> bool {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    text.windows(3).enumerate().any(|(i, window)| {
        if window != b"md5" {
            return false;
        }
        let before = i.checked_sub(1).map(|j| text[j]);
        let after = text.get(i + 3).copied();
        let next_visible = text[i + 3..].iter().find(|b| !b.is_ascii_whitespace());
        !before.is_some_and(|b| is_word(b) || b"$#@!.".contains(&b))
            && !after.is_some_and(is_word)
            && next_visible != Some(&b'(')
    })
}

/// A signature file not used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub origin: String,
    pub reason: String,
}

impl std::fmt::Display for LeftOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
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
    /// A `--rules` or `--iocs` argument of which nothing could be used: scanning on without it
    /// would call a host clean that those signatures might have flagged.
    #[error("{flag} {path}: nothing usable ({})", .reasons.join("; "))]
    NothingUsable {
        flag: &'static str,
        path: String,
        reasons: Vec<String>,
    },
    #[error("{0}")]
    FilenameMatcher(String),
}

/// Rule files in a directory are recognised by extension; a file named on the command line is
/// taken whatever its name.
const RULE_EXTENSIONS: &[&str] = &["yar", "yara"];

/// The signature files asked for: rule sources read, IOC files located (they are read as they
/// are parsed, so a large feed is never held whole).
pub struct Sources {
    pub rules: Vec<RuleSource>,
    /// Precompiled bundles given with `--rules FILE`.
    pub bundles: Vec<PathBuf>,
    pub iocs: Vec<IocFile>,
    /// Files that could not be read at all.
    pub unreadable: Vec<LeftOut>,
    /// Each `--rules` and `--iocs` argument and the signature files found under it.
    pub arguments: Vec<Argument>,
}

/// One `--rules PATH` or `--iocs PATH`, and the origins of the files it named.
pub struct Argument {
    pub flag: &'static str,
    pub path: PathBuf,
    pub origins: Vec<String>,
}

pub enum IocFile {
    Embedded {
        origin: String,
        content: Vec<u8>,
    },
    /// `in_folder`: found under a directory argument (then a file that is no IOC list is passed
    /// over with a note), not named on the command line.
    OnDisk {
        path: PathBuf,
        in_folder: bool,
    },
}

/// Reads the embedded pack (if asked) and the user's rule files, and lists the user's IOC files.
/// A path that does not exist is fatal: the user asked for signatures that are not there.
pub fn gather(options: &SignatureOptions) -> Result<Sources, SignatureError> {
    let mut sources = Sources {
        rules: Vec::new(),
        bundles: Vec::new(),
        iocs: Vec::new(),
        unreadable: Vec::new(),
        arguments: Vec::new(),
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
                sources.iocs.push(IocFile::Embedded {
                    origin,
                    content: file.content,
                });
            }
        }
    }
    for path in &options.rule_paths {
        let mut origins = Vec::new();
        if path.is_file() && bundle::file_is_bundle(path) {
            sources.bundles.push(path.clone());
            origins.push(path.display().to_string());
        } else {
            for file in files_under(path, Some(RULE_EXTENSIONS), &mut sources.unreadable)? {
                let origin = file.display().to_string();
                match std::fs::read(&file) {
                    Ok(text) => sources.rules.push(RuleSource {
                        origin: origin.clone(),
                        text,
                    }),
                    Err(e) => sources.unreadable.push(LeftOut {
                        origin: origin.clone(),
                        reason: e.to_string(),
                    }),
                }
                origins.push(origin);
            }
        }
        sources.arguments.push(Argument {
            flag: "--rules",
            path: path.clone(),
            origins,
        });
    }
    for path in &options.ioc_paths {
        let in_folder = path.is_dir();
        let files = files_under(path, None, &mut sources.unreadable)?;
        sources.arguments.push(Argument {
            flag: "--iocs",
            path: path.clone(),
            origins: files.iter().map(|f| f.display().to_string()).collect(),
        });
        sources.iocs.extend(
            files
                .into_iter()
                .map(|path| IocFile::OnDisk { path, in_folder }),
        );
    }
    Ok(sources)
}

/// IOC files parsed into one set.
pub struct ParsedIocs {
    pub iocs: IocSet,
    pub problems: Vec<IocProblem>,
    /// Origin, size and SHA-256 of each file parsed.
    pub digests: Vec<(String, u64, [u8; 32])>,
    /// Files that gave no usable indicator (unreadable, not parsed, every line bad).
    pub left_out: Vec<LeftOut>,
    /// Files in a folder that are not IOC lists, passed over.
    pub not_ioc_lists: Vec<LeftOut>,
}

/// Parses IOC files into one set, streaming each file; bad lines (and files) come back as
/// problems.
pub fn parse_iocs(files: &[IocFile]) -> Result<ParsedIocs, SignatureError> {
    let mut parsed = ParsedIocs {
        iocs: IocSet::default(),
        problems: Vec::new(),
        digests: Vec::new(),
        left_out: Vec::new(),
        not_ioc_lists: Vec::new(),
    };
    for file in files {
        let (origin, in_folder, mut reader): (String, bool, Box<dyn Read>) = match file {
            IocFile::Embedded { origin, content } => {
                (origin.clone(), false, Box::new(content.as_slice()))
            }
            IocFile::OnDisk { path, in_folder } => match File::open(path) {
                Ok(opened) => (path.display().to_string(), *in_folder, Box::new(opened)),
                Err(e) => {
                    parsed.left_out.push(LeftOut {
                        origin: path.display().to_string(),
                        reason: e.to_string(),
                    });
                    continue;
                }
            },
        };
        let mut hashing = BufReader::new(HashingReader {
            inner: &mut reader,
            digest: Sha256::new(),
            size: 0,
        });
        let before = parsed.iocs.indicators_added();
        let problems = parsed.iocs.load(&origin, &mut hashing);
        if parsed.iocs.indicators_added() == before {
            let reason = problems.first().map_or_else(
                || "no indicators in file".to_string(),
                |p| p.message.clone(),
            );
            let left_out = LeftOut {
                origin: origin.clone(),
                reason,
            };
            // LOKI passes over what is no list in its IOC folder (README.txt, keywords.txt).
            if in_folder && problems.iter().all(|p| p.line.is_none()) {
                parsed.not_ioc_lists.push(left_out);
            } else {
                parsed.problems.extend(problems);
                parsed.left_out.push(left_out);
            }
        } else {
            parsed.problems.extend(problems);
        }
        // Hash whatever the parser did not read (a file given up on early), for a true digest.
        let _ = std::io::copy(&mut hashing, &mut std::io::sink());
        let hashing = hashing.into_inner();
        parsed
            .digests
            .push((origin, hashing.size, hashing.digest.finalize().into()));
    }
    parsed
        .iocs
        .finish()
        .map_err(SignatureError::FilenameMatcher)?;
    Ok(parsed)
}

/// Computes the SHA-256 of everything read through it.
struct HashingReader<'a> {
    inner: &'a mut dyn Read,
    digest: Sha256,
    size: u64,
}

impl Read for HashingReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.digest.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }
}

/// Loads everything asked for. Bad rule files, bad bundles and bad IOC lines are collected as
/// problems and left out; only "no rule usable at all" (when rules were given) is fatal.
pub fn load(options: &SignatureOptions) -> Result<Signatures, SignatureError> {
    let mut sources = gather(options)?;
    let parsed = parse_iocs(&sources.iocs)?;

    let mut digest = Sha256::new();
    let mut own_files = HashSet::new();
    for source in &sources.rules {
        let content: [u8; 32] = Sha256::digest(&source.text).into();
        digest_source(&mut digest, "rule", &source.origin, &content);
        own_files.insert((source.text.len() as u64, content));
    }
    // A bundle's sources are unknown: assume its rules may read `md5`.
    let rules_use_md5 =
        !sources.bundles.is_empty() || sources.rules.iter().any(|s| mentions_md5_external(&s.text));

    // The C2 indicators are compiled with the rule files, so one YARA-X pass searches both.
    sources.rules.extend(parsed.iocs.c2_rule_source());
    let compile_options = CompileOptions {
        relaxed_re_syntax: options.relaxed_re_syntax,
    };
    let mut rules = match &options.rule_cache {
        Some(dir) if !sources.rules.is_empty() => {
            rule_cache::compile_cached(dir, &sources.rules, &compile_options)
        }
        _ => RuleSets::from_outcome(yara::compile(&sources.rules, &compile_options)),
    };
    for path in &sources.bundles {
        let origin = path.display().to_string();
        let loaded = std::fs::read(path)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                bundle::read(&bytes)
                    .map(|r| (r, bytes))
                    .map_err(|e| e.to_string())
            });
        match loaded {
            Ok(((set, info), bytes)) => {
                let content: [u8; 32] = Sha256::digest(&bytes).into();
                digest_source(&mut digest, "bundle", &origin, &content);
                own_files.insert((bytes.len() as u64, content));
                rules.sets.push(set);
                rules.files += info.rule_files as usize;
                rules.rule_count += info.rule_count as usize;
            }
            Err(message) => rules.errors.push(RuleProblem {
                origin,
                line: None,
                code: "bundle".to_string(),
                message,
            }),
        }
    }
    for (origin, size, content) in &parsed.digests {
        digest_source(&mut digest, "ioc", origin, content);
        own_files.insert((*size, *content));
    }
    let mut left_out = sources.unreadable;
    for error in &rules.errors {
        if !left_out.iter().any(|l| l.origin == error.origin) {
            let at = error
                .line
                .map(|l| format!("line {l}: "))
                .unwrap_or_default();
            left_out.push(LeftOut {
                origin: error.origin.clone(),
                reason: format!("{at}[{}] {}", error.code, error.message),
            });
        }
    }
    left_out.extend(parsed.left_out);
    check_arguments(&sources.arguments, &left_out, &parsed.not_ioc_lists)?;

    Ok(Signatures {
        rules,
        iocs: parsed.iocs,
        ioc_problems: parsed.problems,
        left_out,
        not_ioc_lists: parsed.not_ioc_lists,
        digest: hex::encode(digest.finalize()),
        own_files,
        rules_use_md5,
    })
}

/// Every `--rules` and `--iocs` argument must give something: a path whose every file was left
/// out (or that holds none) is fatal, naming why.
pub fn check_arguments(
    arguments: &[Argument],
    left_out: &[LeftOut],
    not_ioc_lists: &[LeftOut],
) -> Result<(), SignatureError> {
    for argument in arguments {
        let unusable = |origin: &String| {
            left_out
                .iter()
                .chain(not_ioc_lists)
                .any(|l| &l.origin == origin)
        };
        if argument.origins.iter().all(unusable) {
            // What was left out under this path: its files, and what could not be listed.
            let mut reasons: Vec<String> = left_out
                .iter()
                .chain(not_ioc_lists)
                .filter(|l| Path::new(&l.origin).starts_with(&argument.path))
                .map(ToString::to_string)
                .collect();
            if reasons.is_empty() {
                reasons.push(match argument.flag {
                    "--rules" => "no *.yar or *.yara file in it".to_string(),
                    _ => "no file in it".to_string(),
                });
            }
            return Err(SignatureError::NothingUsable {
                flag: argument.flag,
                path: argument.path.display().to_string(),
                reasons,
            });
        }
    }
    Ok(())
}

/// The digest `load` gives the built-in pack alone, without compiling it (`needle --version`).
pub fn embedded_digest() -> Result<String, SignatureError> {
    let mut digest = Sha256::new();
    let files = embedded::files().map_err(SignatureError::Embedded)?;
    // In `load`'s order: the rule files, then the IOC files.
    for kind in ["rule", "ioc"] {
        for file in &files {
            let file_kind = match file.name.split('/').next() {
                Some("rules") => "rule",
                Some("iocs") => "ioc",
                _ => continue,
            };
            if file_kind == kind {
                let content: [u8; 32] = Sha256::digest(&file.content).into();
                digest_source(
                    &mut digest,
                    kind,
                    &format!("embedded:{}", file.name),
                    &content,
                );
            }
        }
    }
    Ok(hex::encode(digest.finalize()))
}

/// Adds one source to the set's digest: its kind, origin and the SHA-256 of its content.
fn digest_source(digest: &mut Sha256, kind: &str, origin: &str, content: &[u8; 32]) {
    for part in [kind.as_bytes(), origin.as_bytes(), content.as_slice()] {
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
    unreadable: &mut Vec<LeftOut>,
) -> Result<Vec<PathBuf>, SignatureError> {
    let metadata = std::fs::metadata(path).map_err(|source| SignatureError::Read {
        path: path.display().to_string(),
        source,
    })?;
    if !metadata.is_dir() {
        // A FIFO or device would block the read, or never end.
        if !metadata.is_file() {
            unreadable.push(LeftOut {
                origin: path.display().to_string(),
                reason: "not a regular file".to_string(),
            });
            return Ok(Vec::new());
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(path).sort_by_file_name() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let origin = e.path().unwrap_or(path).display().to_string();
                unreadable.push(LeftOut {
                    origin,
                    reason: e.to_string(),
                });
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
