//! The LOKI / signature-base text lists, one indicator per line, `# comment` lines describing
//! the lines below them. The kind of a file is told by a word in its name, else by its first
//! data line (docs/iocs.md). Files are read line by line: a large feed is never held whole.

use std::io::BufRead;
use std::sync::Arc;

use serde::Serialize;

use super::{Cite, IocProblem, IocSet, c2, is_hash, registry};

/// What a LOKI-style IOC file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IocFileKind {
    Hash,
    Filename,
    FalsePositiveHash,
    C2,
    Registry,
}

/// Tells the kind by a word in the file name (`hash-iocs.txt`, `filename-iocs.txt`,
/// `c2-iocs.txt`, `falsepositive-hashes.txt`, `registry-iocs.txt`), else by the first data line.
pub fn detect_kind(name: &str, first_data_line: Option<&str>) -> Option<IocFileKind> {
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
    let line = first_data_line?;
    if registry::parse_line(line, "", Cite::line(0, 0)).is_ok() {
        return Some(IocFileKind::Registry);
    }
    let mut fields = line.split(';');
    let value = fields.next().unwrap_or_default();
    if is_hash(value) {
        return Some(IocFileKind::Hash);
    }
    if c2::is_c2_value(value) {
        return Some(IocFileKind::C2);
    }
    fields
        .next()
        .is_some_and(|score| score.trim().parse::<i64>().is_ok())
        .then_some(IocFileKind::Filename)
}

/// One line of a file: its number and text, or why it could not be read.
type Line = (usize, Result<String, String>);

/// Reads `reader` line by line, tolerating lines that are not UTF-8 (reported, skipped). A read
/// error is reported once and ends the file.
fn lines(reader: &mut dyn BufRead) -> impl Iterator<Item = Line> + '_ {
    let mut number = 0;
    let mut failed = false;
    std::iter::from_fn(move || {
        if failed {
            return None;
        }
        let mut buffer = Vec::new();
        let read = reader.read_until(b'\n', &mut buffer);
        number += 1;
        match read {
            Ok(0) => None,
            Ok(_) => Some((
                number,
                String::from_utf8(buffer).map_err(|_| "line is not UTF-8 text".to_string()),
            )),
            Err(e) => {
                failed = true;
                Some((number, Err(format!("read error: {e}"))))
            }
        }
    })
}

fn is_data(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && !line.starts_with('#')
}

pub fn load(
    set: &mut IocSet,
    origin: u32,
    name: &str,
    reader: &mut dyn BufRead,
) -> Vec<IocProblem> {
    let problem = IocProblem::reporter(name);
    let mut all = lines(reader);
    // Read up to the first data line to tell the kind, keeping what was read.
    let mut head: Vec<Line> = Vec::new();
    let mut kind = detect_kind(name, None);
    if kind.is_none() {
        for line in all.by_ref() {
            let first_data = line
                .1
                .as_ref()
                .ok()
                .filter(|t| is_data(t))
                .map(|t| t.trim().to_string());
            head.push(line);
            if let Some(first) = first_data {
                kind = detect_kind(name, Some(&first));
                break;
            }
        }
    }
    let Some(kind) = kind else {
        let message = if head
            .iter()
            .any(|(_, t)| t.as_ref().is_ok_and(|t| is_data(t)))
        {
            "cannot tell the IOC kind (name it *hash*, *filename*, *c2*, *registry* or *falsepositive*)"
        } else {
            "no indicators in file"
        };
        return vec![problem(None, message.to_string())];
    };

    let mut parser = LineParser {
        set,
        origin,
        kind,
        comment: String::new(),
        description: Arc::from(""),
    };
    let mut problems = Vec::new();
    let mut any = false;
    for (number, text) in head.into_iter().chain(all) {
        let result =
            text.and_then(|text| parser.line(number, text.trim()).map(|added| any |= added));
        if let Err(message) = result {
            problems.push(problem(Some(number), message));
        }
    }
    if !any && problems.is_empty() {
        problems.push(problem(None, "no indicators in file".to_string()));
    }
    problems
}

struct LineParser<'a> {
    set: &'a mut IocSet,
    origin: u32,
    kind: IocFileKind,
    /// The last `# comment`: the description of the lines below it.
    comment: String,
    /// Shared description of the previous hash line, reused while it does not change.
    description: Arc<str>,
}

impl LineParser<'_> {
    /// Parses one line; returns whether it added an indicator.
    fn line(&mut self, number: usize, line: &str) -> Result<bool, String> {
        if line.is_empty() {
            return Ok(false);
        }
        if let Some(comment) = line.strip_prefix('#') {
            self.comment = comment.trim().to_string();
            return Ok(false);
        }
        let cite = Cite::line(self.origin, number);
        let fields: Vec<&str> = line.split(';').collect();
        match self.kind {
            IocFileKind::Hash => {
                let (score, description) = score_and_description(&fields);
                let description = if description.is_empty() {
                    self.comment.clone()
                } else {
                    description
                };
                if *self.description != *description {
                    self.description = description.into();
                }
                self.set
                    .add_hash(fields[0], score, self.description.clone(), cite)?;
            }
            IocFileKind::FalsePositiveHash => self.set.add_allowed_hash(fields[0])?,
            IocFileKind::Filename => {
                if fields.len() < 2 || fields.len() > 3 {
                    return Err(
                        "expected REGEX;SCORE or REGEX;SCORE;FALSE_POSITIVE_REGEX".to_string()
                    );
                }
                let score = fields[1]
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| format!("score is not an integer: {:?}", fields[1]))?;
                let pattern = expand_placeholders(fields[0]);
                let false_positive = fields.get(2).map(|fp| expand_placeholders(fp));
                self.set.add_filename(
                    &pattern,
                    score,
                    false_positive.as_deref(),
                    &self.comment,
                    cite,
                )?;
            }
            IocFileKind::C2 => {
                let (score, description) = score_and_description(&fields);
                let description = if description.is_empty() {
                    self.comment.clone()
                } else {
                    description
                };
                self.set.add_c2(fields[0], score, &description, cite)?;
            }
            IocFileKind::Registry => {
                let ioc = registry::parse_line(line, &self.comment, cite)?;
                self.set.add_registry(ioc);
            }
        }
        Ok(true)
    }
}

/// `VALUE;SCORE;DESCRIPTION`, `VALUE;DESCRIPTION` or `VALUE`: the optional score and the
/// description (the rest of the line, `;` included).
fn score_and_description(fields: &[&str]) -> (Option<i64>, String) {
    match fields.get(1).map(|f| f.trim().parse::<i64>()) {
        Some(Ok(score)) => (Some(score), fields[2..].join(";").trim().to_string()),
        Some(Err(_)) => (None, fields[1..].join(";").trim().to_string()),
        None => (None, String::new()),
    }
}

/// `%APPDATA%`-style placeholders in a filename pattern match whatever the variable holds on the
/// host (any run of characters), as in LOKI.
fn expand_placeholders(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find('%') {
        let after = &rest[start + 1..];
        let name_len = after.find('%').filter(|&end| {
            end > 0
                && after[..end]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_()".contains(c))
        });
        match name_len {
            Some(end) => {
                out.push_str(&rest[..start]);
                out.push_str(".*");
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::hashes::hash_bytes;

    use crate::signatures::iocs::tests::loaded;

    #[test]
    fn hash_lines_with_and_without_score() {
        let abc = hash_bytes(b"abc");
        let text = format!(
            "# Campaign X\n{};Installer\n{};70;Loader;v2\nnot-a-hash;x\n{}\n",
            abc.md5_hex(),
            abc.sha1_hex(),
            abc.sha256_hex()
        );
        let (set, problems) = loaded("hash-iocs.txt", &text);
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
        assert_eq!(
            (reasons[2].score, reasons[2].description.as_str()),
            (100, "Campaign X")
        );
    }

    #[test]
    fn windows_patterns_match_slash_paths_case_insensitively() {
        let text = "# ThreatNeedle installer\n\\\\ProgramData\\\\ntnser\\.bin;80\n\
                    # Service DLL\n\\\\System32\\\\PCAudit\\.sys;50;\\\\WinSxS\\\\\n\
                    bad(regex;10\n/usr/bin/.*;not-a-score\n";
        let (set, problems) = loaded("filename-iocs.txt", text);
        assert_eq!(
            problems.iter().map(|p| p.line).collect::<Vec<_>>(),
            vec![Some(5), Some(6)]
        );
        let hits = set.match_path("/mnt/c/programdata/NTNSER.BIN");
        assert_eq!(hits.len(), 1);
        assert_eq!(
            (hits[0].score, hits[0].description.as_str()),
            (80, "ThreatNeedle installer")
        );
        assert_eq!(set.match_path(r"C:\ProgramData\ntnser.bin").len(), 1);
        assert!(set.match_path("/home/user/ntnser.bin").is_empty());
        assert_eq!(set.match_path("/c/Windows/System32/PCAudit.sys").len(), 1);
        assert!(
            set.match_path("/c/Windows/WinSxS/System32/PCAudit.sys")
                .is_empty()
        );
    }

    #[test]
    fn environment_placeholders_match_any_value() {
        assert_eq!(
            expand_placeholders(r"%APPDATA%\\Comms\\Comms\.dat"),
            r".*\\Comms\\Comms\.dat"
        );
        assert_eq!(expand_placeholders("100%;50% off"), "100%;50% off");
        let (set, problems) = loaded(
            "filename-iocs.txt",
            "# VNC uploader\n%APPDATA%\\\\Comms\\\\Comms\\.dat$;75\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            set.match_path("/mnt/c/Users/bob/AppData/Roaming/Comms/Comms.dat")
                .len(),
            1
        );
    }

    #[test]
    fn kind_by_name_then_by_first_data_line() {
        let sha = hash_bytes(b"abc").sha256_hex();
        assert_eq!(
            detect_kind("x/threatneedle-c2-iocs.txt", None),
            Some(IocFileKind::C2)
        );
        assert_eq!(
            detect_kind("abc2-hash-list.txt", None),
            Some(IocFileKind::Hash)
        );
        assert_eq!(detect_kind("feed.txt", Some(&sha)), Some(IocFileKind::Hash));
        assert_eq!(
            detect_kind("feed.txt", Some("hxxp://evil[.]example/a")),
            Some(IocFileKind::C2)
        );
        assert_eq!(
            detect_kind("feed.txt", Some(r"HKLM\Software\X;Y;80")),
            Some(IocFileKind::Registry)
        );
        assert_eq!(
            detect_kind("x.txt", Some(r"\\evil\.exe;60")),
            Some(IocFileKind::Filename)
        );
        assert_eq!(detect_kind("x.txt", Some("hello world")), None);
    }

    #[test]
    fn plain_hash_list_and_unusable_files() {
        let abc = hash_bytes(b"abc");
        let (set, problems) = loaded(
            "list.txt",
            &format!("{}\n{}\n", abc.md5_hex(), abc.sha1_hex()),
        );
        assert!(problems.is_empty());
        assert_eq!(set.match_hashes(&abc).len(), 2);
        let (_, problems) = loaded("notes.txt", "hello\n");
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("cannot tell"));
        let (_, problems) = loaded("empty.txt", "# nothing\n\n");
        assert_eq!(problems[0].message, "no indicators in file");
        let problems = IocSet::default().load("hash-iocs.txt", &mut &b"\xff\xfe\n"[..]);
        assert_eq!(
            (problems[0].line, problems[0].message.as_str()),
            (Some(1), "line is not UTF-8 text")
        );
    }
}
