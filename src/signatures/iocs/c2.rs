//! C2 indicators (domains, URLs, IP addresses) matched against file contents, ASCII and
//! UTF-16LE, case-insensitive. They are searched by YARA-X in the same pass as the rules: the
//! indicators become generated rules ([`C2Matcher::rule_source`], compiled with the rule files)
//! and each match is checked here for domain boundaries ([`C2Matcher::reasons`]).
//!
//! Line format: `VALUE[;SCORE][;DESCRIPTION]` or `VALUE;DESCRIPTION`; a `# comment` describes the
//! lines below it. Defanged values (`hxxp://`, `[.]`) are re-fanged.

use std::fmt::Write;
use std::net::IpAddr;

use serde::Serialize;

use super::Cite;
use crate::evidence::scoring::{Reason, ReasonKind};

/// Score of a C2 indicator whose line carries none: a C2 address inside a file is a warning.
const DEFAULT_C2_SCORE: i64 = 75;

/// Namespace (and origin) of the generated rules: `needle:` cannot name a rule file.
pub const C2_NAMESPACE: &str = "needle:c2-indicators";

/// Indicators per generated rule, so a feed of many thousands gives rules of a reasonable size.
const PATTERNS_PER_RULE: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum C2Kind {
    Domain,
    Url,
    Ip,
}

#[derive(Debug, Clone)]
struct C2Ioc {
    value: String,
    kind: C2Kind,
    score: i64,
    description: String,
    cite: Cite,
}

#[derive(Debug, Default)]
pub struct C2Matcher {
    iocs: Vec<C2Ioc>,
}

impl C2Matcher {
    /// Counts of loaded indicators per kind: (domains, URLs, IPs).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |kind| self.iocs.iter().filter(|i| i.kind == kind).count();
        (count(C2Kind::Domain), count(C2Kind::Url), count(C2Kind::Ip))
    }

    /// Adds one indicator (defanged values are re-fanged).
    pub fn add(
        &mut self,
        value: &str,
        score: Option<i64>,
        description: &str,
        cite: Cite,
    ) -> Result<(), String> {
        let value = refang(value.trim());
        let kind = classify(&value)?;
        let description = if description.trim().is_empty() {
            format!("C2 indicator {value}")
        } else {
            description.trim().to_string()
        };
        self.iocs.push(C2Ioc {
            value,
            kind,
            score: score.unwrap_or(DEFAULT_C2_SCORE),
            description,
            cite,
        });
        Ok(())
    }

    /// YARA-X source searching every indicator (pattern `$c<N>` is indicator N), to be compiled
    /// in namespace [`C2_NAMESPACE`]; None when no indicator is loaded.
    pub fn rule_source(&self) -> Option<String> {
        if self.iocs.is_empty() {
            return None;
        }
        let mut source = String::new();
        for (chunk, iocs) in self.iocs.chunks(PATTERNS_PER_RULE).enumerate() {
            let _ = writeln!(source, "rule c2_{chunk} {{\n  strings:");
            for (offset, ioc) in iocs.iter().enumerate() {
                let index = chunk * PATTERNS_PER_RULE + offset;
                let text = yara_text(searched_text(ioc));
                let _ = writeln!(source, "    $c{index} = \"{text}\" ascii wide nocase");
            }
            source.push_str("  condition:\n    any of them\n}\n");
        }
        Some(source)
    }

    /// A reason for each indicator of a matching generated rule that stands on its own in
    /// `data` (first such occurrence cited); `cite` names the place an indicator was loaded from.
    pub fn reasons(
        &self,
        rule: &yara_x::Rule,
        data: &[u8],
        cite: &dyn Fn(&Cite) -> String,
    ) -> Vec<Reason> {
        let mut reasons = Vec::new();
        for pattern in rule.patterns() {
            let Some(ioc) = pattern
                .identifier()
                .strip_prefix("$c")
                .and_then(|index| index.parse::<usize>().ok())
                .and_then(|index| self.iocs.get(index))
            else {
                continue;
            };
            let text = searched_text(ioc);
            let first = pattern.matches().map(|m| m.range()).find(|range| {
                let wide = range.len() == 2 * text.len();
                bounded(data, range.start, range.end, wide, ioc.kind)
            });
            let Some(range) = first else {
                continue;
            };
            let mut reason = Reason::new(
                ReasonKind::C2,
                ioc.value.clone(),
                ioc.score,
                ioc.description.clone(),
            );
            reason.source = Some(cite(&ioc.cite));
            reason
                .evidence
                .push(format!("{text} at 0x{:x}", range.start));
            reasons.push(reason);
        }
        reasons
    }
}

#[cfg(test)]
impl C2Matcher {
    /// Compiles the generated rules alone and scans `data` with them, as the rule scanner does.
    pub(crate) fn find_with_generated_rules(
        &self,
        data: &[u8],
        cite: &dyn Fn(&Cite) -> String,
    ) -> Vec<Reason> {
        let Some(source) = self.rule_source() else {
            return Vec::new();
        };
        let mut compiler = yara_x::Compiler::new();
        compiler.new_namespace(C2_NAMESPACE);
        compiler
            .add_source(source.as_str())
            .expect("generated rules compile");
        let rules = compiler.build();
        let mut scanner = yara_x::Scanner::new(&rules);
        let results = scanner.scan(data).expect("scan");
        results
            .matching_rules()
            .flat_map(|rule| self.reasons(&rule, data, cite))
            .collect()
    }
}

/// `text` as the inside of a YARA text string: quotes, backslashes and non-printable bytes
/// escaped.
fn yara_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'"' => escaped.push_str("\\\""),
            b'\\' => escaped.push_str("\\\\"),
            b' '..=b'~' => escaped.push(char::from(byte)),
            _ => {
                let _ = write!(escaped, "\\x{byte:02x}");
            }
        }
    }
    escaped
}

/// URLs are searched without their scheme: binaries often store `host/path` apart from it.
fn searched_text(ioc: &C2Ioc) -> &str {
    match ioc.kind {
        C2Kind::Url => ioc
            .value
            .split_once("://")
            .map_or(ioc.value.as_str(), |(_, rest)| rest),
        C2Kind::Domain | C2Kind::Ip => &ioc.value,
    }
}

fn refang(value: &str) -> String {
    let value = value.replace("[.]", ".").replace("[:]", ":");
    for (defanged, scheme) in [("hxxps://", "https://"), ("hxxp://", "http://")] {
        if let Some(rest) = strip_prefix_ignore_case(&value, defanged) {
            return format!("{scheme}{rest}");
        }
    }
    value
}

/// `value` without `prefix` (ASCII, matched in any case), if it starts with it.
fn strip_prefix_ignore_case<'a>(value: &'a str, prefix: &str) -> Option<&'a str> {
    let head = value.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &value[prefix.len()..])
}

fn classify(value: &str) -> Result<C2Kind, String> {
    if value.is_empty() {
        return Err("empty C2 indicator".to_string());
    }
    if let Some((scheme, rest)) = value.split_once("://") {
        let host = rest.split(['/', ':', '?']).next().unwrap_or_default();
        if scheme.is_empty()
            || !scheme.chars().all(|c| c.is_ascii_alphanumeric())
            || host.is_empty()
        {
            return Err(format!("not a URL: {value:?}"));
        }
        if value.chars().any(char::is_whitespace) {
            return Err(format!("URL with spaces: {value:?}"));
        }
        return Ok(C2Kind::Url);
    }
    if value.parse::<IpAddr>().is_ok() {
        return Ok(C2Kind::Ip);
    }
    let labels: Vec<&str> = value.split('.').collect();
    let label_ok =
        |l: &&str| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if labels.len() >= 2 && labels.iter().all(label_ok) {
        return Ok(C2Kind::Domain);
    }
    Err(format!("not a domain, URL or IP address: {value:?}"))
}

/// The character (as an ASCII byte) `units` code units before `start` or at `end`, for ASCII or
/// UTF-16LE text; None at the edge of the data or for a non-ASCII UTF-16 unit.
fn char_at(data: &[u8], index: Option<usize>, wide: bool) -> Option<u8> {
    let index = index?;
    if wide {
        match (data.get(index), data.get(index + 1)) {
            (Some(&b), Some(0)) => Some(b),
            _ => None,
        }
    } else {
        data.get(index).copied()
    }
}

/// Whether a hit stands on its own: `evil.com` must not match inside `notevil.com` or
/// `evil.com.example`, nor `1.2.3.4` inside `1.2.3.45`. URLs only need a clean start.
fn bounded(data: &[u8], start: usize, end: usize, wide: bool, kind: C2Kind) -> bool {
    let unit = if wide { 2 } else { 1 };
    let name_char = |c: u8| c.is_ascii_alphanumeric() || c == b'-';
    let before = char_at(data, start.checked_sub(unit), wide);
    if before.is_some_and(|c| name_char(c) || c == b'.') {
        return false;
    }
    if kind == C2Kind::Url {
        return true;
    }
    match char_at(data, Some(end), wide) {
        Some(c) if name_char(c) => false,
        Some(b'.') => !char_at(data, Some(end + unit), wide).is_some_and(name_char),
        _ => true,
    }
}

/// Whether `value` parses as a C2 indicator (used to sniff unnamed IOC files).
pub fn is_c2_value(value: &str) -> bool {
    classify(&refang(value.trim())).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(lines: &[(&str, Option<i64>, &str)]) -> C2Matcher {
        let mut matcher = C2Matcher::default();
        for (i, (value, score, description)) in lines.iter().enumerate() {
            let cite = Cite::line(0, i + 1);
            matcher
                .add(value, *score, description, cite)
                .expect("valid indicator");
        }
        matcher
    }

    fn find(matcher: &C2Matcher, data: &[u8]) -> Vec<Reason> {
        matcher.find_with_generated_rules(data, &|cite| format!("c2.txt{cite:?}"))
    }

    fn ids(reasons: &[Reason]) -> Vec<&str> {
        reasons.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn defanged_values_scores_and_descriptions() {
        let m = matcher(&[
            ("hxxps://evil[.]example/upload[.]php", Some(90), "Uploader"),
            ("bad[.]example", None, ""),
            ("10.1.2.3", None, "C2 server"),
        ]);
        assert_eq!(m.counts(), (1, 1, 1));
        let reasons = find(
            &m,
            b"GET https://EVIL.example/upload.php from bad.example to 10.1.2.3",
        );
        assert_eq!(
            ids(&reasons),
            ["https://evil.example/upload.php", "bad.example", "10.1.2.3"]
        );
        assert_eq!(
            (reasons[0].score, reasons[0].description.as_str()),
            (90, "Uploader")
        );
        assert_eq!(
            (reasons[1].score, reasons[1].description.as_str()),
            (75, "C2 indicator bad.example")
        );
        assert_eq!(reasons[2].description, "C2 server");
    }

    #[test]
    fn hits_must_stand_alone() {
        let m = matcher(&[("evil.example", None, ""), ("10.1.2.3", None, "")]);
        assert!(find(&m, b"notevil.example 10.1.2.34 evil.example.org").is_empty());
        // A bounded occurrence after unbounded ones is still found, and cited.
        let reasons = find(&m, b"notevil.example, then evil.example");
        assert_eq!(reasons[0].evidence, ["evil.example at 0x16"]);
        assert_eq!(find(&m, b"host=evil.example.").len(), 1);
        assert_eq!(find(&m, b"(10.1.2.3)").len(), 1);
    }

    #[test]
    fn wide_strings_match() {
        let m = matcher(&[("http://evil.example/a.asp", None, "")]);
        let wide: Vec<u8> = "x evil.example/a.asp"
            .bytes()
            .flat_map(|b| [b, 0])
            .collect();
        assert_eq!(find(&m, &wide).len(), 1);
        // Wide text is bounded by wide characters: `xevil.example` is not the domain.
        let glued: Vec<u8> = "xevil.example/a.asp".bytes().flat_map(|b| [b, 0]).collect();
        assert!(find(&m, &glued).is_empty());
    }

    #[test]
    fn values_with_quotes_and_backslashes_compile_and_match() {
        let m = matcher(&[(r#"http://evil.example/a"b\c.php"#, None, "")]);
        assert_eq!(find(&m, br#"GET evil.example/a"b\c.php"#).len(), 1);
    }

    #[test]
    fn non_ascii_urls_are_escaped_and_match_their_utf8_bytes() {
        let m = matcher(&[("http://evil.example/путь/a.php", None, "")]);
        let source = m.rule_source().expect("indicators loaded");
        assert!(source.is_ascii(), "{source}");
        assert_eq!(find(&m, "GET evil.example/путь/a.php".as_bytes()).len(), 1);
        assert!(find(&m, b"GET evil.example/a.php").is_empty());
    }

    #[test]
    fn thousands_of_indicators_are_split_over_rules() {
        let domains: Vec<String> = (0..2500).map(|i| format!("host{i}.example")).collect();
        let lines: Vec<(&str, Option<i64>, &str)> =
            domains.iter().map(|d| (d.as_str(), None, "")).collect();
        let m = matcher(&lines);
        let source = m.rule_source().expect("indicators loaded");
        assert_eq!(source.matches("rule c2_").count(), 3);
        let reasons = find(
            &m,
            b"a: host0.example b: host2499.example c: host1000.example",
        );
        let mut found = ids(&reasons);
        found.sort_unstable();
        assert_eq!(
            found,
            ["host0.example", "host1000.example", "host2499.example"]
        );
    }

    #[test]
    fn values_cut_inside_a_character_by_the_scheme_length_are_read() {
        // Found by the misp_csv fuzz target: the defanged-scheme check sliced inside the BOM.
        assert_eq!(refang("cfte_\u{feff}"), "cfte_\u{feff}");
        assert_eq!(refang("hXXp://é.example"), "http://é.example");
    }

    #[test]
    fn bad_values_are_rejected() {
        let mut m = C2Matcher::default();
        for bad in ["", "no-dots", "http:///path", "two words.com", "a..b"] {
            assert!(m.add(bad, None, "", Cite::line(0, 1)).is_err(), "{bad:?}");
        }
    }
}
