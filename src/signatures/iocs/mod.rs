//! IOC lists in the LOKI / signature-base text formats:
//! - hash IOCs: `HASH;DESCRIPTION` or `HASH;SCORE;DESCRIPTION` (MD5, SHA-1 or SHA-256 by length);
//! - filename IOCs: `REGEX;SCORE[;FALSE_POSITIVE_REGEX]`, a `# comment` describing the lines below;
//! - false-positive hash lists (file name contains `falsepositive`): files to never flag;
//! - C2 indicators ([`c2`]): domains, URLs and IPs searched in file contents;
//! - registry indicators ([`registry`]): keys and values, for the registry scanning to come.
//!
//! The formats are documented in docs/iocs.md.

pub mod c2;
pub mod registry;

use std::collections::{HashMap, HashSet};

use regex::{Regex, RegexSet, RegexSetBuilder};
use serde::Serialize;

use crate::analysis::hash::Hashes;
use crate::scoring::{Reason, ReasonKind};

/// Score of a hash IOC whose line carries none (the LOKI default: a known-bad hash is an alert).
const DEFAULT_HASH_SCORE: i64 = 100;

/// Compiled size allowed for the combined filename regexes (large public lists need more than
/// the regex crate's default).
const REGEX_SIZE_LIMIT: usize = 256 * 1024 * 1024;

/// What an IOC file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IocFileKind {
    Hash,
    Filename,
    FalsePositiveHash,
    C2,
    Registry,
}

/// A bad line (or a bad file) in an IOC list.
#[derive(Debug, Clone, Serialize)]
pub struct IocProblem {
    pub origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
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
    description: String,
    source: String,
}

#[derive(Debug)]
struct FilenameIoc {
    pattern: String,
    score: i64,
    description: String,
    false_positive: Option<Regex>,
    source: String,
}

/// Counts of loaded indicators per kind.
#[derive(Debug, Clone, Default, Serialize)]
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

fn parse_hash(text: &str) -> Option<ParsedHash> {
    let bytes = hex::decode(text.trim()).ok()?;
    match bytes.len() {
        16 => bytes.try_into().ok().map(ParsedHash::Md5),
        20 => bytes.try_into().ok().map(ParsedHash::Sha1),
        32 => bytes.try_into().ok().map(ParsedHash::Sha256),
        _ => None,
    }
}

/// Tells the kind of an IOC file by a word in its name (the LOKI convention: `hash-iocs.txt`,
/// `filename-iocs.txt`, `c2-iocs.txt`, `falsepositive-hashes.txt`, and `registry-iocs.txt`), else
/// by its first data line.
pub fn detect_kind(name: &str, text: &str) -> Option<IocFileKind> {
    let lower = name.to_ascii_lowercase();
    let base = lower.rsplit(['/', '\\']).next().unwrap_or(&lower);
    let words: Vec<&str> = base.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    let has = |prefix: &str| words.iter().any(|w| w.starts_with(prefix));
    if has("falsepositive") {
        return Some(IocFileKind::FalsePositiveHash);
    }
    if has("filename") {
        return Some(IocFileKind::Filename);
    }
    if has("hash") {
        return Some(IocFileKind::Hash);
    }
    if words.contains(&"c2") {
        return Some(IocFileKind::C2);
    }
    if has("registry") {
        return Some(IocFileKind::Registry);
    }
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if registry::parse_line(first, "", String::new()).is_ok() {
        return Some(IocFileKind::Registry);
    }
    let mut fields = first.split(';');
    let value = fields.next().unwrap_or_default();
    if parse_hash(value).is_some() {
        return Some(IocFileKind::Hash);
    }
    if c2::C2Matcher::default()
        .add_line(first, "", String::new())
        .is_ok()
    {
        return Some(IocFileKind::C2);
    }
    fields
        .next()
        .is_some_and(|score| score.trim().parse::<i64>().is_ok())
        .then_some(IocFileKind::Filename)
}

impl IocSet {
    /// Adds the IOCs of one file; returns its bad lines (each skipped) or why the whole file was.
    pub fn add_file(&mut self, origin: &str, text: &str) -> Vec<IocProblem> {
        let problem = |line: Option<usize>, message: String| IocProblem {
            origin: origin.to_string(),
            line,
            message,
        };
        let Some(kind) = detect_kind(origin, text) else {
            if text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            {
                return vec![problem(None, "no indicators in file".to_string())];
            }
            return vec![problem(
                None,
                "cannot tell the IOC kind (name it *hash*, *filename* or *falsepositive*)"
                    .to_string(),
            )];
        };
        let mut problems = Vec::new();
        let mut comment = String::new();
        for (index, raw) in text.lines().enumerate() {
            let line_number = index + 1;
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            if let Some(text) = line.strip_prefix('#') {
                comment = text.trim().to_string();
                continue;
            }
            let source = format!("{origin}:{line_number}");
            let result = match kind {
                IocFileKind::Hash => self.add_hash_line(line, source),
                IocFileKind::FalsePositiveHash => self.add_allow_line(line),
                IocFileKind::Filename => self.add_filename_line(line, &comment, source),
                IocFileKind::C2 => self.c2.add_line(line, &comment, source),
                IocFileKind::Registry => {
                    registry::parse_line(line, &comment, source).map(|ioc| self.registry.push(ioc))
                }
            };
            if let Err(message) = result {
                problems.push(problem(Some(line_number), message));
            }
        }
        problems
    }

    fn add_hash_line(&mut self, line: &str, source: String) -> Result<(), String> {
        let fields: Vec<&str> = line.split(';').collect();
        let hash = parse_hash(fields[0])
            .ok_or_else(|| format!("not an MD5, SHA-1 or SHA-256 hash: {:?}", fields[0]))?;
        let (score, description) = match fields.get(1).map(|f| f.trim().parse::<i64>()) {
            Some(Ok(score)) if fields.len() >= 3 => (score, fields[2..].join(";")),
            _ => (
                DEFAULT_HASH_SCORE,
                fields.get(1..).unwrap_or_default().join(";"),
            ),
        };
        let ioc = HashIoc {
            score,
            description: description.trim().to_string(),
            source,
        };
        match hash {
            ParsedHash::Md5(h) => self.md5.entry(h).or_insert(ioc),
            ParsedHash::Sha1(h) => self.sha1.entry(h).or_insert(ioc),
            ParsedHash::Sha256(h) => self.sha256.entry(h).or_insert(ioc),
        };
        Ok(())
    }

    fn add_allow_line(&mut self, line: &str) -> Result<(), String> {
        let field = line.split(';').next().unwrap_or_default();
        match parse_hash(field) {
            Some(ParsedHash::Md5(h)) => self.allow_md5.insert(h),
            Some(ParsedHash::Sha1(h)) => self.allow_sha1.insert(h),
            Some(ParsedHash::Sha256(h)) => self.allow_sha256.insert(h),
            None => return Err(format!("not an MD5, SHA-1 or SHA-256 hash: {field:?}")),
        };
        Ok(())
    }

    fn add_filename_line(
        &mut self,
        line: &str,
        comment: &str,
        source: String,
    ) -> Result<(), String> {
        let fields: Vec<&str> = line.split(';').collect();
        if fields.len() < 2 || fields.len() > 3 {
            return Err("expected REGEX;SCORE or REGEX;SCORE;FALSE_POSITIVE_REGEX".to_string());
        }
        let pattern = fields[0].to_string();
        case_insensitive(&pattern).map_err(|e| format!("invalid regex: {e}"))?;
        let score = fields[1]
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("score is not an integer: {:?}", fields[1]))?;
        let false_positive = match fields.get(2).filter(|f| !f.trim().is_empty()) {
            Some(fp) => Some(
                case_insensitive(fp).map_err(|e| format!("invalid false-positive regex: {e}"))?,
            ),
            None => None,
        };
        self.filenames.push(FilenameIoc {
            pattern,
            score,
            description: comment.to_string(),
            false_positive,
            source,
        });
        Ok(())
    }

    /// Builds the combined filename matcher; call once after the last `add_file`.
    pub fn finish(&mut self) -> Result<(), String> {
        self.c2.finish()?;
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

    pub fn counts(&self) -> IocCounts {
        IocCounts {
            md5: self.md5.len(),
            sha1: self.sha1.len(),
            sha256: self.sha256.len(),
            filename: self.filenames.len(),
            false_positive_hashes: self.allow_md5.len()
                + self.allow_sha1.len()
                + self.allow_sha256.len(),
            c2_domains: self.c2.counts().0,
            c2_urls: self.c2.counts().1,
            c2_ips: self.c2.counts().2,
            registry: self.registry.len(),
        }
    }

    /// Reasons for each C2 indicator found in the file's content.
    pub fn match_content(&self, data: &[u8]) -> Vec<Reason> {
        self.c2.find(data)
    }

    /// Whether a false-positive list names this file's content.
    pub fn is_allowlisted(&self, hashes: &Hashes) -> bool {
        self.allow_md5.contains(&hashes.md5)
            || self.allow_sha1.contains(&hashes.sha1)
            || self.allow_sha256.contains(&hashes.sha256)
    }

    /// Reasons for each of the file's hashes found in a hash IOC list.
    pub fn match_hashes(&self, hashes: &Hashes) -> Vec<Reason> {
        let hits = [
            ("MD5", hashes.md5_hex(), self.md5.get(&hashes.md5)),
            ("SHA-1", hashes.sha1_hex(), self.sha1.get(&hashes.sha1)),
            (
                "SHA-256",
                hashes.sha256_hex(),
                self.sha256.get(&hashes.sha256),
            ),
        ];
        hits.into_iter()
            .filter_map(|(algorithm, hex, ioc)| {
                let ioc = ioc?;
                let mut reason = Reason::new(
                    ReasonKind::Hash,
                    hex.clone(),
                    ioc.score,
                    ioc.description.clone(),
                );
                reason.source = Some(ioc.source.clone());
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
                reason.source = Some(ioc.source.clone());
                reason
                    .evidence
                    .push(format!("path matches /{}/i", ioc.pattern));
                reason
            })
            .collect()
    }
}

fn case_insensitive(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern)
        .case_insensitive(true)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::hash::hash_bytes;

    #[test]
    fn hash_lines_with_and_without_score() {
        let abc = hash_bytes(b"abc");
        let text = format!(
            "# comment\n{};Installer\n{};70;Loader;v2\nnot-a-hash;x\n{}\n",
            abc.md5_hex(),
            abc.sha1_hex(),
            abc.sha256_hex()
        );
        let mut set = IocSet::default();
        let problems = set.add_file("hash-iocs.txt", &text);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(4));
        let reasons = set.match_hashes(&abc);
        assert_eq!(reasons.len(), 3);
        assert_eq!(
            (reasons[0].score, reasons[0].description.as_str()),
            (100, "Installer")
        );
        assert_eq!(
            (reasons[1].score, reasons[1].description.as_str()),
            (70, "Loader;v2")
        );
        assert_eq!(reasons[1].source.as_deref(), Some("hash-iocs.txt:3"));
        assert_eq!(reasons[2].score, 100);
    }

    #[test]
    fn windows_patterns_match_slash_paths_case_insensitively() {
        let text = "# ThreatNeedle installer\n\\\\ProgramData\\\\ntnser\\.bin;80\n\
                    # Service DLL\n\\\\System32\\\\PCAudit\\.sys;50;\\\\WinSxS\\\\\n\
                    bad(regex;10\n/usr/bin/.*;not-a-score\n";
        let mut set = IocSet::default();
        let problems = set.add_file("filename-iocs.txt", text);
        assert_eq!(
            problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            vec![Some(5), Some(6)]
        );
        set.finish().expect("valid patterns build");

        let hits = set.match_path("/mnt/c/programdata/NTNSER.BIN");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].score, 80);
        assert_eq!(hits[0].description, "ThreatNeedle installer");
        assert_eq!(set.match_path(r"C:\ProgramData\ntnser.bin").len(), 1);
        assert_eq!(
            set.match_path("/mnt/c/ProgramData/ntnser.bin.txt.x").len(),
            1
        );
        assert!(set.match_path("/home/user/ntnser.bin").is_empty());
        assert_eq!(set.match_path("/c/Windows/System32/PCAudit.sys").len(), 1);
        assert!(
            set.match_path("/c/Windows/WinSxS/System32/PCAudit.sys")
                .is_empty()
        );
    }

    #[test]
    fn allow_list_and_kind_detection() {
        let abc = hash_bytes(b"abc");
        let mut set = IocSet::default();
        assert!(
            set.add_file("falsepositive-hashes.txt", &abc.md5_hex())
                .is_empty()
        );
        assert!(set.is_allowlisted(&abc));
        assert!(!set.is_allowlisted(&hash_bytes(b"abd")));

        assert_eq!(
            detect_kind("feed.txt", &abc.sha256_hex()),
            Some(IocFileKind::Hash)
        );
        assert_eq!(
            detect_kind("x.txt", "# c\n\\\\evil\\.exe;60\n"),
            Some(IocFileKind::Filename)
        );
        assert_eq!(detect_kind("x.txt", "hello world\n"), None);
        assert_eq!(
            detect_kind("threatneedle-c2-iocs.txt", ""),
            Some(IocFileKind::C2)
        );
        assert_eq!(
            detect_kind("feed.txt", "# c\nhxxp://evil[.]example/a\n"),
            Some(IocFileKind::C2)
        );
        assert_eq!(
            detect_kind("feed.txt", "HKLM\\Software\\X;Y;80\n"),
            Some(IocFileKind::Registry)
        );
        assert_eq!(
            detect_kind("abc2-hash-list.txt", ""),
            Some(IocFileKind::Hash)
        );
        assert_eq!(IocSet::default().add_file("x.txt", "hello\n").len(), 1);
    }
}
