//! A fleet's reports merged into one view (`needle report merge`): each host with its verdict
//! and counts, the findings of every host, the same artifact (by SHA-256) on several hosts, the
//! reports that are incomplete, interrupted or written by other needle or signature versions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::jsonl::ReadReport;
use super::model::{Finding, Record};
use super::summary::{LevelCounts, Summary};
use crate::evidence::{Level, Verdict};

/// The merged view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fleet {
    pub hosts: Vec<HostRow>,
    /// Hosts per verdict: `compromised`, `suspicious`, `clean`, and `unknown` (no summary).
    pub verdicts: BTreeMap<String, u64>,
    /// Findings of all hosts together.
    pub findings: LevelCounts,
    /// Files found on several hosts (same SHA-256), most widespread first; then the others.
    pub artifacts: Vec<Artifact>,
    /// The needle and signature versions the reports were written with.
    pub versions: Vec<String>,
    /// What could not be read in the reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// One host of the fleet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostRow {
    pub host: String,
    /// The report file it was read from.
    pub report: String,
    /// None when the report has no summary (cut short, or the scan never finished).
    pub verdict: Option<Verdict>,
    pub findings: LevelCounts,
    pub errors: u64,
    pub interrupted: bool,
    /// The report was read whole: a summary at the end and no damaged line.
    pub complete: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scanner: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signatures_digest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    pub files_scanned: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// The same file (by SHA-256) found on one or more hosts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Artifact {
    pub sha256: String,
    pub md5: String,
    /// The highest level and score it got.
    pub level: Level,
    pub score: i64,
    pub hosts: Vec<String>,
    /// `host: path` for every place it was found.
    pub paths: Vec<String>,
    /// The ids of its reasons, on any host.
    pub reasons: Vec<String>,
}

/// A finding of one host, in a merged report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HostFinding {
    pub host: String,
    #[serde(flatten)]
    pub finding: Finding,
}

/// Merges reports (each named by the file it was read from) into the fleet view and every
/// host's findings. One report may hold several hosts (a scan of the live host and of disk
/// images writes one summary per host): each summary closes a host.
pub fn merge(reports: Vec<(String, ReadReport)>) -> (Fleet, Vec<HostFinding>) {
    let mut fleet = Fleet {
        hosts: Vec::new(),
        verdicts: ["compromised", "suspicious", "clean", "unknown"]
            .into_iter()
            .map(|verdict| (verdict.to_string(), 0))
            .collect(),
        findings: LevelCounts::default(),
        artifacts: Vec::new(),
        versions: Vec::new(),
        problems: Vec::new(),
    };
    let mut findings = Vec::new();
    for (report_name, report) in reports {
        fleet.problems.extend(
            report
                .problems
                .iter()
                .map(|problem| format!("{report_name}: {problem}")),
        );
        let mut hosts = Vec::new();
        let mut records = Vec::new();
        for record in report.records {
            if let Record::Summary(summary) = record {
                hosts.push((std::mem::take(&mut records), Some(summary)));
            } else {
                records.push(record);
            }
        }
        if !records.is_empty() || hosts.is_empty() {
            hosts.push((records, None));
        }
        let last = hosts.len() - 1;
        for (i, (records, summary)) in hosts.into_iter().enumerate() {
            // The report's problems (a cut, a damaged line) are its last host's.
            let problems = if i == last {
                report.problems.clone()
            } else {
                Vec::new()
            };
            let row = host(
                &report_name,
                records,
                summary.as_deref(),
                problems,
                &mut findings,
            );
            if let Some(summary) = summary {
                let version = format!(
                    "needle {} (YARA-X {}), signatures {}",
                    summary.scanner.version, summary.scanner.yara_x, summary.signatures.digest
                );
                if !fleet.versions.contains(&version) {
                    fleet.versions.push(version);
                }
            }
            let verdict = row.verdict.map_or("unknown", Verdict::name);
            *fleet.verdicts.entry(verdict.to_string()).or_default() += 1;
            fleet.findings.alert += row.findings.alert;
            fleet.findings.warning += row.findings.warning;
            fleet.findings.notice += row.findings.notice;
            fleet.hosts.push(row);
        }
    }
    fleet.versions.sort();
    fleet.artifacts = artifacts(&findings);
    (fleet, findings)
}

/// One host's row, its findings added to `findings`. A host whose summary is missing gets the
/// verdict its findings so far prove (a cut report with an alert is compromised at least);
/// with no warning or alert read, its verdict is unknown, never clean.
fn host(
    report_name: &str,
    records: Vec<Record>,
    summary: Option<&Summary>,
    problems: Vec<String>,
    findings: &mut Vec<HostFinding>,
) -> HostRow {
    let host = summary.map_or_else(|| host_from_file(report_name), |s| s.host.clone());
    let mut row = HostRow {
        host: host.clone(),
        report: report_name.to_string(),
        verdict: summary
            .map(|s| s.verdict)
            .filter(|verdict| *verdict != Verdict::Unknown),
        findings: LevelCounts::default(),
        errors: 0,
        interrupted: summary.is_some_and(|s| s.interrupted),
        complete: summary.is_some() && problems.is_empty(),
        scanner: summary.map(|s| format!("{} {}", s.scanner.name, s.scanner.version)),
        signatures_digest: summary.map(|s| s.signatures.digest.clone()),
        start: summary.map(|s| s.start.clone()),
        end: summary.map(|s| s.end.clone()),
        files_scanned: summary.map_or(0, |s| s.files_scanned),
        problems,
    };
    let mut highest = None;
    for record in records {
        match record {
            Record::Finding(finding) => {
                count(&mut row.findings, finding.level);
                highest = highest.max(Some(finding.level));
                findings.push(HostFinding {
                    host: host.clone(),
                    finding: *finding,
                });
            }
            Record::Error(_) => row.errors += 1,
            Record::HostFinding(_) | Record::Fleet(_) => {
                let problem = "a merged report: merge the hosts' own reports instead".to_string();
                if !row.problems.contains(&problem) {
                    row.problems.push(problem);
                    row.complete = false;
                }
            }
            _ => {}
        }
    }
    if let Some(summary) = summary {
        // The summary counts every error, also those a report cut short no longer holds.
        row.errors = row.errors.max(summary.errors);
    } else if Verdict::from_highest(highest) != Verdict::Clean {
        row.verdict = Some(Verdict::from_highest(highest));
    }
    row
}

/// A report without a summary is named after its file (`host42.jsonl` is `host42`).
fn host_from_file(report: &str) -> String {
    let name = report.rsplit(['/', '\\']).next().unwrap_or(report);
    name.strip_suffix(".jsonl").unwrap_or(name).to_string()
}

fn count(counts: &mut LevelCounts, level: Level) {
    match level {
        Level::Alert => counts.alert += 1,
        Level::Warning => counts.warning += 1,
        Level::Notice => counts.notice += 1,
    }
}

/// Findings grouped by SHA-256: the files seen on the most hosts first, then by level.
fn artifacts(findings: &[HostFinding]) -> Vec<Artifact> {
    let mut by_hash: BTreeMap<&str, Artifact> = BTreeMap::new();
    for HostFinding { host, finding } in findings {
        if finding.facts.sha256.is_empty() {
            continue;
        }
        let artifact = by_hash
            .entry(finding.facts.sha256.as_str())
            .or_insert_with(|| Artifact {
                sha256: finding.facts.sha256.clone(),
                md5: finding.facts.md5.clone(),
                level: finding.level,
                score: finding.score,
                hosts: Vec::new(),
                paths: Vec::new(),
                reasons: Vec::new(),
            });
        artifact.level = artifact.level.max(finding.level);
        artifact.score = artifact.score.max(finding.score);
        if !artifact.hosts.contains(host) {
            artifact.hosts.push(host.clone());
        }
        artifact
            .paths
            .push(format!("{host}: {}", finding.facts.path.path));
        for reason in &finding.reasons {
            if !artifact.reasons.contains(&reason.id) {
                artifact.reasons.push(reason.id.clone());
            }
        }
    }
    let mut artifacts: Vec<Artifact> = by_hash.into_values().collect();
    artifacts.sort_by(|a, b| {
        b.hosts
            .len()
            .cmp(&a.hosts.len())
            .then(b.level.cmp(&a.level))
            .then(b.score.cmp(&a.score))
            .then(a.sha256.cmp(&b.sha256))
    });
    artifacts
}

impl Fleet {
    /// The worst verdict of the fleet, as an exit code decides it: hosts without a verdict do
    /// not make a fleet clean (they are counted as `unknown`).
    pub fn worst(&self) -> Option<Verdict> {
        self.hosts.iter().filter_map(|h| h.verdict).max()
    }
}
