//! Matching YARA-X rules against one file's bytes. One [`RuleScanner`] per worker thread:
//! a YARA-X `Scanner` is not `Send`.

use std::time::Duration;

use yara_x::{Rules, ScanError, Scanner};

use crate::evidence::scoring::{Reason, ReasonKind};
use crate::signatures::iocs::IocSet;
use crate::signatures::iocs::c2::C2_NAMESPACE;
use crate::signatures::yara::{meta_text, rule_score};

/// At most this many pattern matches are cited as evidence per rule.
const MAX_EVIDENCE: usize = 8;

/// Per-file values of the LOKI/THOR external variables (see `signatures::yara::EXTERNALS`).
pub struct Externals<'a> {
    pub filename: &'a str,
    pub filepath: &'a str,
    pub extension: &'a str,
    pub filetype: &'a str,
    pub md5: &'a str,
    pub owner: &'a str,
}

/// Scanners over every loaded rule set (the compiled sources with the generated C2 rules, and
/// each precompiled bundle).
pub struct RuleScanner<'r> {
    scanners: Vec<Scanner<'r>>,
    /// Turns matches of the generated C2 rules into C2 reasons.
    iocs: &'r IocSet,
}

impl<'r> RuleScanner<'r> {
    pub fn new(rule_sets: &'r [Rules], iocs: &'r IocSet, timeout: Duration) -> Self {
        let scanners = rule_sets
            .iter()
            .map(|rules| {
                let mut scanner = Scanner::new(rules);
                scanner.set_timeout(timeout);
                scanner
            })
            .collect();
        RuleScanner { scanners, iocs }
    }

    /// The reasons for every matching rule and C2 indicator, or why the scan could not finish.
    pub fn scan(&mut self, data: &[u8], externals: &Externals) -> Result<Vec<Reason>, String> {
        let values = [
            ("filename", externals.filename),
            ("filepath", externals.filepath),
            ("extension", externals.extension),
            ("filetype", externals.filetype),
            ("md5", externals.md5),
            ("owner", externals.owner),
        ];
        let mut reasons = Vec::new();
        for scanner in &mut self.scanners {
            for (name, value) in values {
                // Fails only if the rules do not define the variable, which then no rule can use.
                let _ = scanner.set_global(name, value);
            }
            let results = scanner.scan(data).map_err(|e| match e {
                ScanError::Timeout => {
                    "rule scan timed out: file only partly rule-scanned".to_string()
                }
                other => format!("rule scan failed: {other}"),
            })?;
            for rule in results.matching_rules() {
                if rule.namespace() == C2_NAMESPACE {
                    reasons.extend(self.iocs.c2_reasons(&rule, data));
                } else {
                    reasons.push(reason_for(&rule));
                }
            }
        }
        Ok(reasons)
    }
}

fn reason_for(rule: &yara_x::Rule) -> Reason {
    let description = meta_text(rule, "description").unwrap_or_default();
    let mut reason = Reason::new(
        ReasonKind::Rule,
        rule.identifier(),
        rule_score(rule),
        description,
    );
    reason.reference = meta_text(rule, "reference").map(str::to_string);
    reason.author = meta_text(rule, "author").map(str::to_string);
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
