//! The fleet page: verdict cards, hosts, versions, flagged files by content across hosts.

use serde_json::Value;

use super::*;

pub(super) fn fleet_banner(
    fleet: &Value,
    verdict: Verdict,
    hosts: usize,
    findings: &[Finding],
) -> String {
    let counts = fleet.get("findings").unwrap_or(&Value::Null);
    let mut tally = String::new();
    for level in [Level::Alert, Level::Warning, Level::Notice] {
        let counted = findings
            .iter()
            .filter(|finding| Level::of(finding.record) == level)
            .count() as i64;
        let count = counts
            .get(level.name())
            .and_then(Value::as_i64)
            .unwrap_or(counted);
        tally.push_str(&tally_item(
            level.name(),
            count,
            &format!("{}s", level.name()),
        ));
    }
    let verdicts = fleet.get("verdicts").unwrap_or(&Value::Null);
    let sub = format!(
        "<span id=\"host-count\">{hosts}</span> hosts · {} compromised · {} suspicious · {} clean \
         · {} unknown",
        int_of(verdicts, "compromised"),
        int_of(verdicts, "suspicious"),
        int_of(verdicts, "clean"),
        int_of(verdicts, "unknown")
    );
    format!(
        "<header class=\"banner verdict-{}\">\n<div class=\"banner-main\">\n\
         <div class=\"brand\">needle fleet report · worst host</div>\n\
         <h1 class=\"verdict-word\" id=\"verdict\">{}</h1>\n\
         <p class=\"banner-sub\">{sub}</p>\n</div>\n<ul class=\"tally\">\n{tally}</ul>\n</header>\n",
        verdict.name(),
        verdict.word()
    )
}

pub(super) fn fleet_toc(fleet: &Value, findings: &[Finding]) -> String {
    toc(&[
        ("verdicts", "Hosts by verdict", None),
        ("hosts", "Hosts", Some(array_of(fleet, "hosts").len())),
        (
            "versions",
            "Versions",
            Some(array_of(fleet, "versions").len()),
        ),
        (
            "artifacts",
            "Flagged files by content",
            Some(array_of(fleet, "artifacts").len()),
        ),
        ("findings", "Findings", Some(findings.len())),
    ])
}

/// The hosts under each verdict, worst first: who to look at.
pub(super) fn verdict_cards(hosts: &[Value]) -> String {
    let cards: String = [
        Verdict::Compromised,
        Verdict::Suspicious,
        Verdict::Unknown,
        Verdict::Clean,
    ]
    .iter()
    .map(|verdict| {
        let names: Vec<&str> = hosts
            .iter()
            .filter(|host| Verdict::of(host.get("verdict")) == *verdict)
            .map(|host| str_of(host, "host"))
            .collect();
        let word = match verdict {
            Verdict::Unknown => "UNKNOWN / INCOMPLETE",
            verdict => verdict.word(),
        };
        let list = if names.is_empty() {
            "<p class=\"empty\">none</p>".to_string()
        } else {
            text_list(&names)
        };
        format!(
            "<div class=\"card verdict-{}\" id=\"verdict-{}\"><div class=\"card-head\">\
             <span class=\"n\">{}</span> {word}</div>{list}</div>\n",
            verdict.name(),
            verdict.name(),
            names.len()
        )
    })
    .collect();
    section(
        "verdicts",
        "Hosts by verdict",
        &format!("<div class=\"cards\">\n{cards}</div>\n"),
    )
}

pub(super) fn hosts_section(hosts: &[Value]) -> String {
    let mut sorted: Vec<&Value> = hosts.iter().collect();
    sorted.sort_by(|a, b| {
        let (va, vb) = (Verdict::of(a.get("verdict")), Verdict::of(b.get("verdict")));
        vb.severity()
            .cmp(&va.severity())
            .then(str_of(a, "host").cmp(str_of(b, "host")))
    });
    let rows: String = sorted.iter().map(|host| host_row(host)).collect();
    let content = format!(
        "{}<table class=\"data sortable\" id=\"hosts-table\">\n<thead><tr><th>Host</th>\
         <th data-type=\"number\">Verdict</th><th data-type=\"number\" class=\"num\">Alerts</th>\
         <th data-type=\"number\" class=\"num\">Warnings</th>\
         <th data-type=\"number\" class=\"num\">Notices</th>\
         <th data-type=\"number\" class=\"num\">Errors</th>\
         <th data-type=\"number\" class=\"num\">Files</th><th>Scanned</th>\
         <th>Scanner and signatures</th><th>Report</th></tr></thead>\n<tbody>\n{rows}</tbody>\n\
         </table>\n",
        filter_controls("hosts-table", "Filter: host, report, problem…", false)
    );
    section("hosts", &format!("Hosts ({})", hosts.len()), &content)
}

pub(super) fn host_row(host: &Value) -> String {
    let verdict = Verdict::of(host.get("verdict"));
    let counts = host.get("findings").unwrap_or(&Value::Null);
    let count_cells: String = ["alert", "warning", "notice"]
        .iter()
        .map(|level| {
            let count = int_of(counts, level);
            if count > 0 {
                format!("<td class=\"num has-{level}\">{count}</td>")
            } else {
                format!("<td class=\"num\">{count}</td>")
            }
        })
        .collect();
    format!(
        "<tr class=\"host\" data-verdict=\"{name}\"><td class=\"host-name\">{host_name}</td>\
         <td data-key=\"{severity}\">{badge}</td>{count_cells}<td class=\"num\">{errors}</td>\
         <td class=\"num\">{files}</td><td class=\"scanned\">{scanned}</td><td>{versions}</td>\
         <td class=\"report\">{report}</td></tr>\n",
        name = verdict.name(),
        host_name = esc(str_of(host, "host")),
        severity = verdict.severity(),
        badge = verdict.badge(),
        errors = int_of(host, "errors"),
        files = count_or_dash(host, "files_scanned"),
        scanned = host_scan_time(host),
        versions = host_versions(host),
        report = host_report_status(host),
    )
}

/// A count a report without its summary does not have.
pub(super) fn count_or_dash(record: &Value, key: &str) -> String {
    record
        .get(key)
        .and_then(Value::as_i64)
        .map_or("—".to_string(), |count| count.to_string())
}

pub(super) fn host_scan_time(host: &Value) -> String {
    let (start, end) = (str_of(host, "start"), str_of(host, "end"));
    if start.is_empty() {
        return "—".to_string();
    }
    format!("{}<div class=\"muted\">to {}</div>", esc(start), esc(end))
}

pub(super) fn host_versions(host: &Value) -> String {
    let digest = str_of(host, "signatures_digest");
    if digest.is_empty() {
        return esc(str_of(host, "scanner"));
    }
    format!(
        "{}<div class=\"muted\">signatures <code>{}</code></div>",
        esc(str_of(host, "scanner")),
        esc(digest.get(..16).unwrap_or(digest))
    )
}

/// The report file and what is wrong with it, if anything.
pub(super) fn host_report_status(host: &Value) -> String {
    let mut html = code(str_of(host, "report"));
    if host.get("interrupted").and_then(Value::as_bool) == Some(true) {
        html.push_str(" <span class=\"tag tag-bad\">interrupted</span>");
    }
    if host.get("complete").and_then(Value::as_bool) == Some(false) {
        html.push_str(" <span class=\"tag tag-bad\">incomplete</span>");
    }
    let problems = strings_of(host, "problems");
    if !problems.is_empty() {
        html.push_str(&text_list(&problems));
    }
    html
}

pub(super) fn versions_section(fleet: &Value) -> String {
    let versions = strings_of(fleet, "versions");
    let note = if versions.len() > 1 {
        "<p class=\"problems\">The hosts were scanned with different scanner or signature \
         versions: a clean verdict from older signatures may miss what newer ones find.</p>\n"
    } else {
        ""
    };
    section(
        "versions",
        &format!("Scanner and signature versions ({})", versions.len()),
        &format!("{note}{}\n", text_list(&versions)),
    )
}

pub(super) fn artifacts_section(artifacts: &[Value]) -> String {
    if artifacts.is_empty() {
        return section(
            "artifacts",
            "Flagged files by content (0)",
            "<p class=\"empty\">No flagged file.</p>\n",
        );
    }
    let rows: String = artifacts.iter().map(artifact_row).collect();
    let shared = artifacts
        .iter()
        .filter(|a| strings_of(a, "hosts").len() > 1)
        .count();
    let content = format!(
        "<p>Each flagged content (SHA-256) once, with every host and path it was found at; \
         those on the most hosts first. {} on more than one host.</p>\n{}\
         <table class=\"data sortable\" id=\"artifacts-table\">\n<thead><tr>\
         <th data-type=\"number\">Level</th><th data-type=\"number\" class=\"num\">Score</th>\
         <th data-type=\"number\">Hosts</th><th>File</th><th>Paths</th><th>Reasons</th></tr>\
         </thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        plural(shared as i64, "is", "are"),
        filter_controls("artifacts-table", "Filter: hash, host, path…", true)
    );
    section(
        "artifacts",
        &format!("Flagged files by content ({})", artifacts.len()),
        &content,
    )
}

pub(super) fn artifact_row(artifact: &Value) -> String {
    let level = Level::of(artifact);
    let score = int_of(artifact, "score");
    let hosts = strings_of(artifact, "hosts");
    let paths: Vec<&str> = strings_of(artifact, "paths");
    let reasons: Vec<String> = strings_of(artifact, "reasons")
        .iter()
        .map(|reason| code(reason))
        .collect();
    format!(
        "<tr class=\"artifact\" data-level=\"{}\">{}<td class=\"num\" data-key=\"{score}\">{score}</td>\
         <td data-key=\"{}\">{}</td><td><div>SHA-256 <code class=\"hash\">{}</code></div>\
         <div>MD5 <code class=\"hash\">{}</code></div></td><td class=\"path\">{}</td><td>{}</td></tr>\n",
        level.name(),
        level.cell(),
        hosts.len(),
        text_list(&hosts),
        esc(str_of(artifact, "sha256")),
        esc(str_of(artifact, "md5")),
        code_list(&paths),
        reasons.join("<br>")
    )
}
