//! HTML reports for a responder: one host's scan ([`scan_page`]) or a fleet's merged report
//! ([`fleet_page`]) as one self-contained page, verdict first. Style and script are inline and a
//! Content-Security-Policy forbids every fetch, so the page works offline and cannot call out
//! even if hostile text slipped through. Every string from a report is escaped. The script only
//! sorts and filters: without it the page is complete, and printed it is all expanded.

mod assets;
mod fleet;
mod scan;
mod sections;
#[cfg(test)]
mod tests;
mod values;

use std::io::{self, Write};

use serde_json::Value;

use self::assets::*;
use self::fleet::*;
use self::scan::*;
use self::sections::*;
use self::values::*;
use super::jsonl::ReadReport;
use super::{Record, Reporter, SCHEMA_VERSION};

/// The HTML writer: a page needs the whole report (the verdict comes first), so records are kept
/// and the page is written by [`Reporter::finish`]. A scan of several hosts (the live host and
/// disk images) becomes a fleet page, as a merge of its reports would.
pub struct Html<W: Write> {
    out: W,
    records: Vec<Record>,
}

impl<W: Write> Html<W> {
    pub fn new(out: W) -> Self {
        Html {
            out,
            records: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for Html<W> {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        self.records.push(record.clone());
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let records = std::mem::take(&mut self.records);
        let summaries = records
            .iter()
            .filter(|r| matches!(r, Record::Summary(_)))
            .count();
        let page = if summaries > 1 {
            let report = ReadReport {
                records,
                problems: Vec::new(),
            };
            let (fleet, findings) = super::fleet::merge(vec![("scan".to_string(), report)]);
            let findings: Vec<Record> = findings
                .into_iter()
                .map(|found| Record::HostFinding(Box::new(found)))
                .collect();
            render(&[Record::Fleet(Box::new(fleet))], &findings)?
        } else {
            render(&records, &[])?
        };
        self.out.write_all(page.as_bytes())?;
        self.out.flush()
    }
}

/// The page of a scan's records, or of a merge's (`host_finding` records and the `fleet`).
fn render(records: &[Record], host_findings: &[Record]) -> io::Result<String> {
    let mut values = Vec::new();
    let mut fleet = None;
    let mut findings = Vec::new();
    for record in records.iter().chain(host_findings) {
        match record {
            Record::Fleet(_) => fleet = Some(value_of(record)?),
            Record::HostFinding(found) => {
                findings.push((found.host.clone(), value_of(&found.finding)?));
            }
            _ => values.push(value_of(record)?),
        }
    }
    Ok(match fleet {
        Some(fleet) => fleet_page(&fleet, &findings),
        None => scan_page(&values),
    })
}

/// A record as its JSON Lines line has it, with the schema version.
fn value_of(record: &impl serde::Serialize) -> io::Result<Value> {
    let mut value = serde_json::to_value(record)?;
    if let Value::Object(map) = &mut value {
        map.insert("schema".to_string(), SCHEMA_VERSION.into());
    }
    Ok(value)
}

/// One host's report as a self-contained HTML page. `records` are the report's JSON records in
/// order (the summary last; a report cut short may lack it: say so at the top).
pub fn scan_page(records: &[Value]) -> String {
    let report = ScanReport::group(records);
    let verdict = match report.summary {
        Some(summary) => Verdict::of(summary.get("verdict")),
        None => Verdict::Unknown,
    };
    let host = report.summary.map_or("", |summary| str_of(summary, "host"));
    let mut body = scan_banner(&report, verdict, host);
    body.push_str("<main>\n");
    body.push_str(&scan_toc(&report));
    body.push_str(&scan_problems(&report));
    body.push_str(&scan_facts(report.summary));
    body.push_str(&findings_section(&report.findings));
    body.push_str(&autostarts_section(&report.autostarts));
    body.push_str(&errors_section(&report.errors));
    body.push_str(&skipped_section(&report.skipped, report.summary));
    body.push_str(&notes_section(&report.notes));
    body.push_str("</main>\n");
    body.push_str(&scan_footer(report.summary));
    let title = if host.is_empty() {
        format!("needle scan: {}", verdict.word())
    } else {
        format!("needle scan of {host}: {}", verdict.word())
    };
    page(&title, &body)
}

/// A fleet's merged report as a self-contained HTML page. `fleet` is the merge summary (`hosts`,
/// `verdicts`, `findings`, `artifacts`, `versions`, `problems`; the tests build one); `findings`
/// are every host's findings, each paired with its host name.
pub fn fleet_page(fleet: &Value, findings: &[(String, Value)]) -> String {
    let hosts = array_of(fleet, "hosts");
    let verdict = hosts
        .iter()
        .map(|host| Verdict::of(host.get("verdict")))
        .max_by_key(|verdict| verdict.severity())
        .unwrap_or(Verdict::Unknown);
    let mut sorted: Vec<Finding> = findings
        .iter()
        .map(|(host, record)| Finding {
            host: Some(host),
            record,
        })
        .collect();
    sorted.sort_by(|a, b| a.order(b));
    let mut body = fleet_banner(fleet, verdict, hosts.len(), &sorted);
    body.push_str("<main>\n");
    body.push_str(&fleet_toc(fleet, &sorted));
    body.push_str(&problem_box(
        "Problems with the reports",
        &strings_of(fleet, "problems"),
    ));
    body.push_str(&verdict_cards(hosts));
    body.push_str(&hosts_section(hosts));
    body.push_str(&versions_section(fleet));
    body.push_str(&artifacts_section(array_of(fleet, "artifacts")));
    body.push_str(&findings_section(&sorted));
    body.push_str("</main>\n");
    body.push_str(&format!(
        "<footer>needle fleet report · {} hosts · report schema {}</footer>\n",
        hosts.len(),
        esc(&plain(fleet.get("schema").unwrap_or(&Value::Null)))
    ));
    page(&format!("needle fleet report: {}", verdict.word()), &body)
}

/// What the page may load: nothing. Inline style, and only the one script whose hash is
/// [`SCRIPT_HASH`], so an injected script or event handler would not run either.
fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src '{SCRIPT_HASH}'; \
         base-uri 'none'; form-action 'none'"
    )
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"needle\">\n<title>{}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n{body}<script>{SCRIPT}</script>\n</body>\n\
         </html>\n",
        content_security_policy(),
        esc_plain(title)
    )
}
