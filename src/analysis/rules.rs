//! Matching YARA-X rules against one file's bytes. One [`RuleScanner`] per worker thread:
//! a YARA-X `Scanner` is not `Send`.

use std::time::Duration;

use yara_x::{MetaValue, Rules, ScanError, Scanner};

use crate::scoring::{Reason, ReasonKind};

/// Score of a matching rule without a `score` meta (the LOKI default).
const DEFAULT_RULE_SCORE: i64 = 75;

/// At most this many pattern matches are cited as evidence per rule.
const MAX_EVIDENCE: usize = 8;

/// Per-file values of the LOKI/THOR external variables (see `signatures::rules::EXTERNALS`).
pub struct Externals<'a> {
    pub filename: &'a str,
    pub filepath: &'a str,
    pub extension: &'a str,
    pub filetype: &'a str,
    pub md5: &'a str,
    pub owner: &'a str,
}

pub struct RuleScanner<'r> {
    scanner: Scanner<'r>,
}

impl<'r> RuleScanner<'r> {
    pub fn new(rules: &'r Rules, timeout: Duration) -> Self {
        let mut scanner = Scanner::new(rules);
        scanner.set_timeout(timeout);
        RuleScanner { scanner }
    }

    /// The reasons for every matching rule, or why the scan could not finish.
    pub fn scan(&mut self, data: &[u8], externals: &Externals) -> Result<Vec<Reason>, String> {
        let values = [
            ("filename", externals.filename),
            ("filepath", externals.filepath),
            ("extension", externals.extension),
            ("filetype", externals.filetype),
            ("md5", externals.md5),
            ("owner", externals.owner),
        ];
        for (name, value) in values {
            // Fails only if the rules do not define the variable, which then no rule can use.
            let _ = self.scanner.set_global(name, value);
        }
        let results = self.scanner.scan(data).map_err(|e| match e {
            ScanError::Timeout => "rule scan timed out: file only partly rule-scanned".to_string(),
            other => format!("rule scan failed: {other}"),
        })?;
        Ok(results
            .matching_rules()
            .map(|rule| reason_for(&rule))
            .collect())
    }
}

fn reason_for(rule: &yara_x::Rule) -> Reason {
    let mut reason = Reason::new(ReasonKind::Rule, rule.identifier(), DEFAULT_RULE_SCORE, "");
    for (key, value) in rule.metadata() {
        match (key, value) {
            ("score", MetaValue::Integer(score)) => reason.score = score,
            ("score", MetaValue::String(text)) => {
                if let Ok(score) = text.trim().parse() {
                    reason.score = score;
                }
            }
            ("description", MetaValue::String(text)) => reason.description = text.to_string(),
            ("reference", MetaValue::String(text)) => reason.reference = Some(text.to_string()),
            ("author", MetaValue::String(text)) => reason.author = Some(text.to_string()),
            _ => {}
        }
    }
    reason.source = Some(rule.namespace().to_string());
    for pattern in rule.patterns() {
        for m in pattern.matches() {
            if reason.evidence.len() == MAX_EVIDENCE {
                return reason;
            }
            reason.evidence.push(format!(
                "{} at 0x{:x}",
                pattern.identifier(),
                m.range().start
            ));
        }
    }
    reason
}
