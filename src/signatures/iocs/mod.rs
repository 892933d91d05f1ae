//! IOC lists. Every supported format is parsed into one [`IocSet`], which answers the per-file
//! lookups: hashes, paths, content (C2). Formats (docs/iocs.md):
//! - [`loki`]: the LOKI / signature-base text lists (hash, filename, false-positive, C2, registry);
//! - [`c2`]: the C2 matcher (domains, URLs, IPs searched in file contents);
//! - [`registry`]: registry keys and values, for the registry scanning to come;
//! - [`clamav`]: ClamAV hash databases (`.hdb`, `.hsb`);
//! - [`stix`]: STIX 2.1 JSON bundles (indicators with simple patterns);
//! - [`misp`]: MISP event exports (JSON) and attribute exports (CSV).
//!
//! Every indicator keeps where it came from ([`Cite`]: file and line, or file and object id), so a
//! finding can cite it.

pub mod c2;
pub mod clamav;
pub mod loki;
pub mod misp;
pub mod registry;
pub mod stix;

use std::collections::{HashMap, HashSet};
use std::io::BufRead;
use std::sync::Arc;

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::{Deserialize, Serialize};

use crate::evidence::hashes::{HashKinds, Hashes};
use crate::evidence::scoring::{Reason, ReasonKind};
use crate::signatures::yara;

/// Score of a hash IOC that carries none (the LOKI default: a known-bad hash is an alert).
const DEFAULT_HASH_SCORE: i64 = 100;

/// Score of a file-name IOC from a feed that carries no scores (STIX, MISP): a name alone is
/// weaker evidence than a hash, a warning.
const DEFAULT_FILENAME_SCORE: i64 = 70;

/// Compiled size allowed for the combined filename regexes (large public lists need more than
/// the regex crate's default).
const REGEX_SIZE_LIMIT: usize = 256 * 1024 * 1024;

/// Where an indicator was loaded from: an IOC file (by index) and a line or object id. Compact,
/// since a large hash feed holds millions of them.
#[derive(Debug, Clone)]
pub struct Cite {
    origin: u32,
    at: Locator,
}

#[derive(Debug, Clone)]
enum Locator {
    Line(u32),
    Object(Box<str>),
}

impl Cite {
    pub fn line(origin: u32, line: usize) -> Cite {
        Cite {
            origin,
            at: Locator::Line(u32::try_from(line).unwrap_or(u32::MAX)),
        }
    }

    pub fn object(origin: u32, id: &str) -> Cite {
        Cite {
            origin,
            at: Locator::Object(id.into()),
        }
    }
}

/// A bad line (or a bad file) in an IOC list.
#[derive(Debug, Clone, Serialize)]
pub struct IocProblem {
    pub origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl IocProblem {
    /// A maker of problems for one file: `(line, message) -> IocProblem`.
    pub fn reporter(origin: &str) -> impl Fn(Option<usize>, String) -> IocProblem + '_ {
        move |line, message| IocProblem {
            origin: origin.to_string(),
            line,
            message,
        }
    }
}

impl std::fmt::Display for IocProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.origin, self.message),
            None => write!(f, "{}: {}", self.origin, self.message),
        }
    }
}

#[derive(Debug, Clone)]
struct HashIoc {
    score: i64,
    /// Shared: a feed gives thousands of hashes the same description.
    description: Arc<str>,
    cite: Cite,
}

#[derive(Debug)]
struct FilenameIoc {
    pattern: String,
    score: i64,
    description: String,
    false_positive: Option<Regex>,
    cite: Cite,
}

/// Counts of loaded indicators per kind.
/// Unknown or missing counts read back as 0 (reports of other needle versions).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IocCounts {
    pub md5: usize,
    pub sha1: usize,
    pub sha256: usize,
    pub filename: usize,
    pub false_positive_hashes: usize,
    pub c2_domains: usize,
    pub c2_urls: usize,
    pub c2_ips: usize,
    pub registry: usize,
}

/// All loaded IOCs, ready for lookups.
#[derive(Debug, Default)]
pub struct IocSet {
    origins: Vec<String>,
    /// Indicators accepted so far, duplicates included: tells whether a file gave any.
    added: u64,
    md5: HashMap<[u8; 16], HashIoc>,
    sha1: HashMap<[u8; 20], HashIoc>,
    sha256: HashMap<[u8; 32], HashIoc>,
    allow_md5: HashSet<[u8; 16]>,
    allow_sha1: HashSet<[u8; 20]>,
    allow_sha256: HashSet<[u8; 32]>,
    filenames: Vec<FilenameIoc>,
    filename_set: Option<RegexSet>,
    c2: c2::C2Matcher,
    registry: Vec<registry::RegistryIoc>,
}

/// A hash parsed from hex, by length.
enum ParsedHash {
    Md5([u8; 16]),
    Sha1([u8; 20]),
    Sha256([u8; 32]),
}

fn parse_hash(text: &str) -> Result<ParsedHash, String> {
    let text = text.trim();
    // Decoded into fixed arrays: a large feed parses millions of these.
    fn decode<const N: usize>(text: &str) -> Result<[u8; N], String> {
        let mut out = [0u8; N];
        hex::decode_to_slice(text, &mut out).map_err(|_| format!("not a hex hash: {text:?}"))?;
        Ok(out)
    }
    match text.len() {
        32 => decode(text).map(ParsedHash::Md5),
        40 => decode(text).map(ParsedHash::Sha1),
        64 => decode(text).map(ParsedHash::Sha256),
        n => Err(format!(
            "not an MD5, SHA-1 or SHA-256 hash ({n} hex digits): {text:?}"
        )),
    }
}

/// Whether `text` is an MD5, SHA-1 or SHA-256 in hex.
pub fn is_hash(text: &str) -> bool {
    parse_hash(text).is_ok()
}

impl IocSet {
    /// Loads one IOC file, whatever its format; returns its bad lines (each skipped) or why the
    /// whole file was left out. `origin` names the file in problems and citations.
    pub fn load(&mut self, origin: &str, reader: &mut dyn BufRead) -> Vec<IocProblem> {
        let index = u32::try_from(self.origins.len()).unwrap_or(u32::MAX);
        self.origins.push(origin.to_string());
        // A read error here comes back on the first read of the LOKI reader, with its line.
        let format = reader
            .fill_buf()
            .map_or(Ok(Format::Loki), |head| Format::detect(origin, head));
        match format {
            Ok(Format::Loki) => loki::load(self, index, origin, reader),
            Ok(Format::ClamAv(database)) => clamav::load(self, index, origin, database, reader),
            Ok(Format::Stix) => stix::load(self, index, origin, reader),
            Ok(Format::MispJson) => misp::load_json(self, index, origin, reader),
            Ok(Format::MispCsv) => misp::load_csv(self, index, origin, reader),
            Err(message) => vec![IocProblem {
                origin: origin.to_string(),
                line: None,
                message: message.to_string(),
            }],
        }
    }

    /// The file (and line or object) an indicator came from, as a finding cites it.
    fn cite(&self, cite: &Cite) -> String {
        let origin = self
            .origins
            .get(cite.origin as usize)
            .map_or("?", String::as_str);
        match &cite.at {
            Locator::Line(line) => format!("{origin}:{line}"),
            Locator::Object(id) => format!("{origin}#{id}"),
        }
    }

    /// Adds a hash IOC (MD5, SHA-1 or SHA-256 told apart by length). A hash already loaded
    /// keeps its first description.
    pub fn add_hash(
        &mut self,
        hash: &str,
        score: Option<i64>,
        description: Arc<str>,
        cite: Cite,
    ) -> Result<(), String> {
        let ioc = HashIoc {
            score: score.unwrap_or(DEFAULT_HASH_SCORE),
            description,
            cite,
        };
        match parse_hash(hash)? {
            ParsedHash::Md5(h) => self.md5.entry(h).or_insert(ioc),
            ParsedHash::Sha1(h) => self.sha1.entry(h).or_insert(ioc),
            ParsedHash::Sha256(h) => self.sha256.entry(h).or_insert(ioc),
        };
        self.added += 1;
        Ok(())
    }

    /// Adds a false-positive hash: files with it are never flagged.
    pub fn add_allowed_hash(&mut self, hash: &str) -> Result<(), String> {
        match parse_hash(hash)? {
            ParsedHash::Md5(h) => self.allow_md5.insert(h),
            ParsedHash::Sha1(h) => self.allow_sha1.insert(h),
            ParsedHash::Sha256(h) => self.allow_sha256.insert(h),
        };
        self.added += 1;
        Ok(())
    }

    /// Adds a filename regex (case-insensitive, matched against the full path).
    pub fn add_filename(
        &mut self,
        pattern: &str,
        score: i64,
        false_positive: Option<&str>,
        description: &str,
        cite: Cite,
    ) -> Result<(), String> {
        case_insensitive(pattern).map_err(|e| format!("invalid regex: {e}"))?;
        let false_positive = match false_positive.filter(|f| !f.trim().is_empty()) {
            Some(fp) => Some(
                case_insensitive(fp).map_err(|e| format!("invalid false-positive regex: {e}"))?,
            ),
            None => None,
        };
        self.filenames.push(FilenameIoc {
            pattern: pattern.to_string(),
            score,
            description: description.to_string(),
            false_positive,
            cite,
        });
        self.added += 1;
        Ok(())
    }

    /// Adds a file name to match exactly (any directory), e.g. from a STIX `file:name`.
    pub fn add_exact_filename(
        &mut self,
        name: &str,
        score: i64,
        description: &str,
        cite: Cite,
    ) -> Result<(), String> {
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(format!("not a file name: {name:?}"));
        }
        let pattern = format!(r"(^|[\\/]){}$", regex::escape(name));
        self.add_filename(&pattern, score, None, description, cite)
    }

    /// Adds a C2 domain, URL or IP address (defanged values accepted).
    pub fn add_c2(
        &mut self,
        value: &str,
        score: Option<i64>,
        description: &str,
        cite: Cite,
    ) -> Result<(), String> {
        self.c2.add(value, score, description, cite)?;
        self.added += 1;
        Ok(())
    }

    pub fn add_registry(&mut self, ioc: registry::RegistryIoc) {
        self.registry.push(ioc);
        self.added += 1;
    }

    /// How many indicators were accepted so far, duplicates included.
    pub fn indicators_added(&self) -> u64 {
        self.added
    }

    /// The registry indicators, to look up in each hive file.
    pub fn registry_iocs(&self) -> &[registry::RegistryIoc] {
        &self.registry
    }

    /// The reason for a registry indicator found in a hive; `evidence` says where and what.
    pub fn registry_reason(&self, ioc: &registry::RegistryIoc, evidence: String) -> Reason {
        let id = match &ioc.value_name {
            Some(value) => format!("{}\\{value}", ioc.key),
            None => ioc.key.clone(),
        };
        let description = if ioc.description.is_empty() {
            format!("registry indicator {id}")
        } else {
            ioc.description.clone()
        };
        let mut reason = Reason::new(ReasonKind::Registry, id, ioc.score, description);
        reason.source = Some(self.cite(&ioc.cite));
        reason.evidence.push(evidence);
        reason
    }

    /// Builds the combined filename matcher; call once after the last `add_file`.
    pub fn finish(&mut self) -> Result<(), String> {
        if self.filenames.is_empty() {
            self.filename_set = None;
            return Ok(());
        }
        let set = RegexSetBuilder::new(self.filenames.iter().map(|f| &f.pattern))
            .case_insensitive(true)
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| format!("filename IOCs do not fit in one matcher: {e}"))?;
        self.filename_set = Some(set);
        Ok(())
    }

    /// The digests a file needs for these IOCs to be checked (hash and false-positive lists).
    pub fn hash_kinds(&self) -> HashKinds {
        HashKinds {
            md5: !self.md5.is_empty() || !self.allow_md5.is_empty(),
            sha1: !self.sha1.is_empty() || !self.allow_sha1.is_empty(),
            sha256: !self.sha256.is_empty() || !self.allow_sha256.is_empty(),
        }
    }

    pub fn counts(&self) -> IocCounts {
        let (c2_domains, c2_urls, c2_ips) = self.c2.counts();
        IocCounts {
            md5: self.md5.len(),
            sha1: self.sha1.len(),
            sha256: self.sha256.len(),
            filename: self.filenames.len(),
            false_positive_hashes: self.allow_md5.len()
                + self.allow_sha1.len()
                + self.allow_sha256.len(),
            c2_domains,
            c2_urls,
            c2_ips,
            registry: self.registry.len(),
        }
    }

    /// The C2 indicators as YARA-X rules, searched in the same pass as the rule files (see
    /// [`c2`]); None when no C2 indicator is loaded.
    pub fn c2_rule_source(&self) -> Option<yara::RuleSource> {
        self.c2.rule_source().map(|text| yara::RuleSource {
            origin: c2::C2_NAMESPACE.to_string(),
            text: text.into_bytes(),
        })
    }

    /// Reasons for the C2 indicators of a matching generated rule (see [`Self::c2_rule_source`])
    /// found in `data`, the file's content.
    pub fn c2_reasons(&self, rule: &yara_x::Rule, data: &[u8]) -> Vec<Reason> {
        self.c2.reasons(rule, data, &|cite| self.cite(cite))
    }

    /// Reasons for each C2 indicator found in `data`, from the generated rules alone.
    #[cfg(test)]
    pub(crate) fn match_content(&self, data: &[u8]) -> Vec<Reason> {
        self.c2
            .find_with_generated_rules(data, &|cite| self.cite(cite))
    }

    /// Whether a false-positive list names this file's content.
    pub fn is_allowlisted(&self, hashes: &Hashes) -> bool {
        hashes.md5.is_some_and(|h| self.allow_md5.contains(&h))
            || hashes.sha1.is_some_and(|h| self.allow_sha1.contains(&h))
            || hashes
                .sha256
                .is_some_and(|h| self.allow_sha256.contains(&h))
    }

    /// Reasons for each of the file's hashes found in a hash IOC list.
    pub fn match_hashes(&self, hashes: &Hashes) -> Vec<Reason> {
        let hits = [
            (
                "MD5",
                hashes.md5_hex(),
                hashes.md5.and_then(|h| self.md5.get(&h)),
            ),
            (
                "SHA-1",
                hashes.sha1_hex(),
                hashes.sha1.and_then(|h| self.sha1.get(&h)),
            ),
            (
                "SHA-256",
                hashes.sha256_hex(),
                hashes.sha256.and_then(|h| self.sha256.get(&h)),
            ),
        ];
        hits.into_iter()
            .filter_map(|(algorithm, hex, ioc)| {
                let ioc = ioc?;
                let mut reason = Reason::new(
                    ReasonKind::Hash,
                    hex.clone(),
                    ioc.score,
                    ioc.description.as_ref(),
                );
                reason.source = Some(self.cite(&ioc.cite));
                reason.evidence.push(format!("{algorithm} {hex}"));
                Some(reason)
            })
            .collect()
    }

    /// Reasons for each filename IOC matching `path`. Patterns written for Windows (`\\`) match
    /// a tree with `/` separators too: the path is tried in both spellings.
    pub fn match_path(&self, path: &str) -> Vec<Reason> {
        let Some(set) = &self.filename_set else {
            return Vec::new();
        };
        let backslashed = path.replace('/', "\\");
        let mut matched: Vec<usize> = set.matches(path).into_iter().collect();
        matched.extend(set.matches(&backslashed));
        matched.sort_unstable();
        matched.dedup();
        matched
            .into_iter()
            .map(|index| &self.filenames[index])
            .filter(|ioc| {
                ioc.false_positive
                    .as_ref()
                    .is_none_or(|fp| !fp.is_match(path) && !fp.is_match(&backslashed))
            })
            .map(|ioc| {
                let description = if ioc.description.is_empty() {
                    format!("path matches {}", ioc.pattern)
                } else {
                    ioc.description.clone()
                };
                let mut reason = Reason::new(
                    ReasonKind::Filename,
                    ioc.pattern.clone(),
                    ioc.score,
                    description,
                );
                reason.source = Some(self.cite(&ioc.cite));
                reason
                    .evidence
                    .push(format!("path matches /{}/i", ioc.pattern));
                reason
            })
            .collect()
    }
}

/// The format of an IOC file (docs/iocs.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Loki,
    ClamAv(clamav::Database),
    Stix,
    MispJson,
    MispCsv,
}

impl Format {
    /// By the extension of `origin`, else by `head` (the first bytes of the file): JSON by its
    /// first keys, a MISP CSV header, a ClamAV line; LOKI text otherwise.
    fn detect(origin: &str, head: &[u8]) -> Result<Format, &'static str> {
        let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
        let start = head.trim_ascii_start();
        let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
        match extension.as_str() {
            "hdb" | "hdu" => return Ok(Format::ClamAv(clamav::Database::Md5)),
            "hsb" | "hsu" => return Ok(Format::ClamAv(clamav::Database::Sha)),
            "csv" => return Ok(Format::MispCsv),
            "json" if start.is_empty() => return Err("no indicators in file"),
            "json" => {
                return json_flavour(start)
                    .ok_or("JSON file is neither a STIX bundle nor a MISP export");
            }
            _ => {}
        }
        if (start.starts_with(b"{") || start.starts_with(b"["))
            && let Some(format) = json_flavour(start)
        {
            return Ok(format);
        }
        if misp::is_csv_header(first_line) {
            return Ok(Format::MispCsv);
        }
        Ok(clamav::detect_line(first_line).map_or(Format::Loki, Format::ClamAv))
    }
}

/// STIX or MISP, by which of their keys comes first in the JSON text.
fn json_flavour(json: &[u8]) -> Option<Format> {
    let first = |keys: &[&[u8]]| {
        keys.iter()
            .filter_map(|key| json.windows(key.len()).position(|w| w == *key))
            .min()
    };
    let stix = first(&[b"\"objects\"", b"\"bundle\"", b"\"spec_version\""]);
    let misp = first(&[b"\"Event\"", b"\"response\"", b"\"Attribute\""]);
    match (stix, misp) {
        (Some(s), Some(m)) => Some(if s < m {
            Format::Stix
        } else {
            Format::MispJson
        }),
        (Some(_), None) => Some(Format::Stix),
        (None, Some(_)) => Some(Format::MispJson),
        (None, None) => None,
    }
}

fn case_insensitive(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::evidence::hashes::hash_bytes;

    /// Loads one IOC file from text, as the tests of every format do.
    pub(crate) fn loaded(name: &str, text: &str) -> (IocSet, Vec<IocProblem>) {
        let mut set = IocSet::default();
        let problems = set.load(name, &mut text.as_bytes());
        set.finish().expect("valid matchers");
        (set, problems)
    }

    #[test]
    fn hashes_of_each_length_with_citations() {
        let abc = hash_bytes(b"abc");
        let mut set = IocSet::default();
        let description: Arc<str> = "Test".into();
        set.add_hash(&abc.md5_hex(), None, description.clone(), Cite::line(0, 7))
            .expect("md5");
        set.add_hash(
            &abc.sha1_hex(),
            Some(60),
            description.clone(),
            Cite::object(0, "indicator--1"),
        )
        .expect("sha1");
        assert!(
            set.add_hash("abcd", None, description, Cite::line(0, 9))
                .is_err()
        );
        set.origins.push("feed.txt".to_string());
        let reasons = set.match_hashes(&abc);
        assert_eq!(reasons.len(), 2);
        assert_eq!(
            (reasons[0].score, reasons[0].source.as_deref()),
            (100, Some("feed.txt:7"))
        );
        assert_eq!(
            (reasons[1].score, reasons[1].source.as_deref()),
            (60, Some("feed.txt#indicator--1"))
        );
    }

    #[test]
    fn exact_file_names_match_in_any_directory() {
        let mut set = IocSet::default();
        set.add_exact_filename("evil.exe", 70, "Evil", Cite::line(0, 1))
            .expect("name");
        assert!(
            set.add_exact_filename("a/b.exe", 70, "", Cite::line(0, 2))
                .is_err()
        );
        set.finish().expect("builds");
        assert_eq!(set.match_path("/tmp/EVIL.EXE").len(), 1);
        assert_eq!(set.match_path(r"C:\Temp\evil.exe").len(), 1);
        assert!(set.match_path("/tmp/notevil.exe").is_empty());
        assert!(set.match_path("/tmp/evil.exe.txt").is_empty());
    }

    #[test]
    fn allow_list() {
        let abc = hash_bytes(b"abc");
        let (set, problems) = loaded("falsepositive-hashes.txt", &abc.md5_hex());
        assert!(problems.is_empty());
        assert!(set.is_allowlisted(&abc));
        assert!(!set.is_allowlisted(&hash_bytes(b"abd")));
    }
}
