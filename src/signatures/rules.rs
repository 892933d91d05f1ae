//! Compiling YARA-X rules: one source file at a time, so a broken file is reported and left out
//! while the others still scan.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use yara_x::{Compiler, MetaValue, SourceCode};

/// Score of a matching rule without a usable `score` meta (the LOKI default).
pub const DEFAULT_RULE_SCORE: i64 = 75;

/// External variables of the LOKI/THOR convention, which public rule sets (signature-base)
/// reference; without them those sets do not compile. Set per file by the scanner.
pub const EXTERNALS: &[&str] = &[
    "filename",
    "filepath",
    "extension",
    "filetype",
    "md5",
    "owner",
];

/// A rule source: its origin (path, or `embedded:rules/x.yar`) and text.
pub struct RuleSource {
    pub origin: String,
    pub text: Vec<u8>,
}

/// An error or warning from compiling one rule file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleProblem {
    pub origin: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// YARA-X error or warning code (`E009`, `slow_pattern`...).
    pub code: String,
    pub message: String,
}

impl std::fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(
                f,
                "{}:{line}: [{}] {}",
                self.origin, self.code, self.message
            ),
            None => write!(f, "{}: [{}] {}", self.origin, self.code, self.message),
        }
    }
}

pub struct CompileOutcome {
    /// Absent when no source compiled (or none was given).
    pub rules: Option<yara_x::Rules>,
    pub files_compiled: usize,
    pub rule_count: usize,
    pub errors: Vec<RuleProblem>,
    pub warnings: Vec<RuleProblem>,
}

/// Warning counts per YARA-X warning code, for a one-line summary.
pub fn warning_counts(warnings: &[RuleProblem]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for warning in warnings {
        *counts.entry(warning.code.as_str()).or_default() += 1;
    }
    counts
}

pub struct CompileOptions {
    pub relaxed_re_syntax: bool,
}

/// Compiles every source into one rule set, each file in a namespace of its own (as LOKI does),
/// so equal rule names in different files do not collide. A file with an error is left out whole:
/// YARA-X keeps the good rules of a failing source, so when any file fails the set is compiled
/// again from the files that did not (files are independent, each in its own namespace).
pub fn compile(sources: &[RuleSource], options: &CompileOptions) -> CompileOutcome {
    let mut errors: Vec<RuleProblem> = Vec::new();
    let mut failed = vec![false; sources.len()];
    loop {
        let mut compiler = new_compiler(options);
        let mut new_failures = false;
        for (index, source) in sources.iter().enumerate() {
            if failed[index] {
                continue;
            }
            compiler.new_namespace(&source.origin);
            let code = SourceCode::from(source.text.as_slice()).with_origin(source.origin.as_str());
            if let Err(error) = compiler.add_source(code) {
                errors.push(RuleProblem {
                    origin: source.origin.clone(),
                    line: error.labels().next().and_then(|l| label_line(&l)),
                    code: error.code().to_string(),
                    message: problem_text(error.title(), error.labels().map(|l| label_text(&l))),
                });
                failed[index] = true;
                new_failures = true;
            }
        }
        if !new_failures {
            return finish(compiler, failed.iter().filter(|f| !**f).count(), errors);
        }
    }
}

fn new_compiler(options: &CompileOptions) -> Compiler<'static> {
    let mut compiler = Compiler::new();
    compiler.relaxed_re_syntax(options.relaxed_re_syntax);
    for name in EXTERNALS {
        // Cannot fail: the names are valid identifiers, defined once.
        let _ = compiler.define_global(name, "");
    }
    compiler
}

fn finish(compiler: Compiler, files_compiled: usize, errors: Vec<RuleProblem>) -> CompileOutcome {
    let warnings = compiler
        .warnings()
        .iter()
        .map(|warning| RuleProblem {
            origin: warning
                .labels()
                .next()
                .and_then(|l| {
                    label_field(&l, "code_origin").and_then(|v| v.as_str().map(str::to_string))
                })
                .unwrap_or_default(),
            line: warning.labels().next().and_then(|l| label_line(&l)),
            code: warning.code().to_string(),
            message: problem_text(warning.title(), warning.labels().map(|l| label_text(&l))),
        })
        .collect();
    let rules = (files_compiled > 0).then(|| compiler.build());
    let rule_count = rules.as_ref().map_or(0, |r| r.iter().len());
    CompileOutcome {
        rules,
        files_compiled,
        rule_count,
        errors,
        warnings,
    }
}

/// A rule's `score` meta (integer, or a string holding one), else [`DEFAULT_RULE_SCORE`].
pub fn rule_score(rule: &yara_x::Rule) -> i64 {
    rule.metadata()
        .find_map(|(key, value)| match (key, value) {
            ("score", MetaValue::Integer(score)) => Some(score),
            ("score", MetaValue::String(text)) => text.trim().parse().ok(),
            _ => None,
        })
        .unwrap_or(DEFAULT_RULE_SCORE)
}

/// A rule's string meta value, if present.
pub fn meta_text<'r>(rule: &yara_x::Rule<'_, 'r>, wanted: &str) -> Option<&'r str> {
    rule.metadata().find_map(|(key, value)| match value {
        MetaValue::String(text) if key == wanted => Some(text),
        _ => None,
    })
}

/// What `needle rules list` shows of a rule.
#[derive(Debug, Serialize)]
pub struct RuleInfo {
    pub name: String,
    /// The rule file it comes from (its namespace).
    pub source: String,
    pub score: i64,
    pub description: String,
    pub tags: Vec<String>,
    /// Every meta entry, as JSON values.
    pub meta: serde_json::Map<String, serde_json::Value>,
}

pub fn describe(rules: &yara_x::Rules) -> Vec<RuleInfo> {
    rules
        .iter()
        .map(|rule| {
            let meta = rule
                .metadata()
                .map(|(key, value)| {
                    let value = match value {
                        MetaValue::Integer(i) => serde_json::Value::from(i),
                        MetaValue::Float(f) => serde_json::Value::from(f),
                        MetaValue::Bool(b) => serde_json::Value::from(b),
                        MetaValue::String(s) => serde_json::Value::from(s),
                        MetaValue::Bytes(b) => {
                            serde_json::Value::from(String::from_utf8_lossy(b).into_owned())
                        }
                    };
                    (key.to_string(), value)
                })
                .collect();
            RuleInfo {
                name: rule.identifier().to_string(),
                source: rule.namespace().to_string(),
                score: rule_score(&rule),
                description: meta_text(&rule, "description")
                    .unwrap_or_default()
                    .to_string(),
                tags: rule.tags().map(|t| t.identifier().to_string()).collect(),
                meta,
            }
        })
        .collect()
}

/// YARA-X does not export its label type by name, but serialises it; read fields from that.
fn label_field<L: Serialize>(label: &L, field: &str) -> Option<serde_json::Value> {
    serde_json::to_value(label).ok()?.get(field).cloned()
}

fn label_line<L: Serialize>(label: &L) -> Option<u64> {
    label_field(label, "line")?.as_u64()
}

fn label_text<L: Serialize>(label: &L) -> String {
    label_field(label, "text")
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn problem_text(title: &str, labels: impl Iterator<Item = String>) -> String {
    let details: Vec<String> = labels.filter(|t| !t.is_empty()).collect();
    if details.is_empty() {
        title.to_string()
    } else {
        format!("{title}: {}", details.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(origin: &str, text: &str) -> RuleSource {
        RuleSource {
            origin: origin.to_string(),
            text: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn broken_file_is_reported_with_line_and_others_compile() {
        let sources = [
            source(
                "good.yar",
                "rule good { strings: $a = \"abc\" condition: $a }",
            ),
            source(
                "bad.yar",
                "rule ok { condition: true }\n\nrule broken { condition: $nope }",
            ),
            source(
                "same_name.yar",
                "rule good { condition: filename == \"x\" and owner != \"\" }",
            ),
        ];
        let outcome = compile(
            &sources,
            &CompileOptions {
                relaxed_re_syntax: false,
            },
        );
        assert_eq!(outcome.files_compiled, 2);
        assert_eq!(outcome.rule_count, 2);
        assert_eq!(outcome.errors.len(), 1);
        let error = &outcome.errors[0];
        assert_eq!(error.origin, "bad.yar");
        assert_eq!(error.line, Some(3));
        assert!(error.to_string().starts_with("bad.yar:3: [E"), "{error}");
    }

    #[test]
    fn nothing_compiles_gives_no_rules() {
        let outcome = compile(
            &[source("bad.yar", "rule {")],
            &CompileOptions {
                relaxed_re_syntax: false,
            },
        );
        assert!(outcome.rules.is_none());
        assert_eq!(outcome.errors.len(), 1);
    }
}
