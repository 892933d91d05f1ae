//! One host's report: its records grouped by type, the banner, what was scanned.

use serde_json::Value;

use super::*;

/// A report's records by type, each list in a stable order (records arrive in the order the
/// workers finished).
pub(super) struct ScanReport<'a> {
    pub(super) findings: Vec<Finding<'a>>,
    pub(super) errors: Vec<&'a Value>,
    pub(super) skipped: Vec<&'a Value>,
    pub(super) notes: Vec<&'a Value>,
    pub(super) autostarts: Vec<&'a Value>,
    pub(super) summary: Option<&'a Value>,
}

impl<'a> ScanReport<'a> {
    pub(super) fn group(records: &'a [Value]) -> ScanReport<'a> {
        let mut report = ScanReport {
            findings: Vec::new(),
            errors: Vec::new(),
            skipped: Vec::new(),
            notes: Vec::new(),
            autostarts: Vec::new(),
            summary: None,
        };
        for record in records {
            match str_of(record, "type") {
                "finding" => report.findings.push(Finding { host: None, record }),
                "error" => report.errors.push(record),
                "skipped" => report.skipped.push(record),
                "note" => report.notes.push(record),
                "autostart" => report.autostarts.push(record),
                "summary" => report.summary = Some(record),
                // Record types of a later schema: a reader passes over what it does not know.
                _ => {}
            }
        }
        report.findings.sort_by(|a, b| a.order(b));
        for list in [&mut report.errors, &mut report.skipped, &mut report.notes] {
            list.sort_by(|a, b| str_of(a, "path").cmp(str_of(b, "path")));
        }
        report
    }

    /// The findings per level: the summary's counts, or without one the findings present.
    pub(super) fn level_counts(&self) -> [(Level, i64); 3] {
        let levels = [Level::Alert, Level::Warning, Level::Notice];
        levels.map(|level| {
            let counted = self
                .findings
                .iter()
                .filter(|finding| Level::of(finding.record) == level)
                .count() as i64;
            let summarised = self
                .summary
                .and_then(|summary| summary.get("findings"))
                .and_then(|counts| counts.get(level.name()))
                .and_then(Value::as_i64);
            (level, summarised.unwrap_or(counted))
        })
    }

    /// Every record but the summary.
    pub(super) fn record_count(&self) -> usize {
        self.findings.len()
            + self.errors.len()
            + self.skipped.len()
            + self.notes.len()
            + self.autostarts.len()
    }

    pub(super) fn error_count(&self) -> i64 {
        self.summary
            .and_then(|summary| summary.get("errors"))
            .and_then(Value::as_i64)
            .unwrap_or(self.errors.len() as i64)
    }
}

pub(super) fn scan_banner(report: &ScanReport, verdict: Verdict, host: &str) -> String {
    let mut subtitle = Vec::new();
    if let Some(summary) = report.summary {
        subtitle.push(format!("<strong>{}</strong>", esc(host)));
        let os = os_name(summary);
        if !os.is_empty() {
            subtitle.push(esc(&os));
        }
        let start = str_of(summary, "start");
        if !start.is_empty() {
            subtitle.push(format!("scanned {}", esc(start)));
        }
    } else {
        subtitle.push("incomplete report: no summary".to_string());
    }
    let mut tally = String::new();
    for (level, count) in report.level_counts() {
        tally.push_str(&tally_item(
            level.name(),
            count,
            &format!("{}s", level.name()),
        ));
    }
    tally.push_str(&tally_item("error", report.error_count(), "errors"));
    format!(
        "<header class=\"banner verdict-{}\">\n<div class=\"banner-main\">\n\
         <div class=\"brand\">needle scan report</div>\n\
         <h1 class=\"verdict-word\" id=\"verdict\">{}</h1>\n\
         <p class=\"banner-sub\">{}</p>\n</div>\n<ul class=\"tally\">\n{tally}</ul>\n</header>\n",
        verdict.name(),
        verdict.word(),
        subtitle.join(" · ")
    )
}

pub(super) fn tally_item(class: &str, count: i64, label: &str) -> String {
    format!(
        "<li class=\"tally-{class}\" id=\"{class}-count\"><span class=\"n\">{count}</span> {label}</li>\n"
    )
}

pub(super) fn os_name(summary: &Value) -> String {
    let os = summary.get("os").unwrap_or(&Value::Null);
    let name = str_of(os, "name");
    let shown = if name.is_empty() {
        str_of(os, "family")
    } else {
        name
    };
    shown.to_string()
}

/// Links to the sections, with their sizes, so a long report is quick to move around in.
pub(super) fn scan_toc(report: &ScanReport) -> String {
    toc(&[
        ("scan", "What was scanned", None),
        ("findings", "Findings", Some(report.findings.len())),
        ("autostarts", "Autostarts", Some(report.autostarts.len())),
        ("errors", "Errors", Some(report.errors.len())),
        ("skipped", "Skipped", Some(report.skipped.len())),
        ("notes", "Notes", Some(report.notes.len())),
    ])
}

pub(super) fn toc(entries: &[(&str, &str, Option<usize>)]) -> String {
    let links: Vec<String> = entries
        .iter()
        .map(|(id, label, count)| match count {
            Some(count) => {
                format!("<a href=\"#{id}\">{label} <span class=\"count\">{count}</span></a>")
            }
            None => format!("<a href=\"#{id}\">{label}</a>"),
        })
        .collect();
    format!("<nav class=\"toc\">{}</nav>\n", links.join("\n"))
}

/// What limits the verdict: a report cut short, an interrupted scan, signature problems and the
/// scan's own warnings. First on the page after the banner.
pub(super) fn scan_problems(report: &ScanReport) -> String {
    let Some(summary) = report.summary else {
        return format!(
            "<div class=\"problems incomplete\" id=\"incomplete\"><strong>Incomplete report.</strong> \
             It has no summary at its end: the scan did not finish writing it (it was cut short, or \
             is still being written). The verdict is unknown; below are the {} written before it \
             stopped.</div>\n",
            plural(report.record_count() as i64, "record", "records")
        );
    };
    let mut problems: Vec<String> = Vec::new();
    if summary.get("time_limit_reached").and_then(Value::as_bool) == Some(true) {
        problems.push(
            "The scan was stopped by its time limit (--max-time): the verdict covers only what \
             was scanned."
                .to_string(),
        );
    } else if summary.get("interrupted").and_then(Value::as_bool) == Some(true) {
        problems.push(
            "The scan was interrupted (Ctrl-C): the verdict covers only what was scanned."
                .to_string(),
        );
    }
    let signatures = summary.get("signatures").unwrap_or(&Value::Null);
    let left_out = strings_of(signatures, "left_out");
    if !left_out.is_empty() {
        problems.push(format!(
            "Signatures incomplete: {} left out, the verdict was reached without them: {}.",
            plural(left_out.len() as i64, "signature file", "signature files"),
            left_out.join("; ")
        ));
    }
    let count = int_of(signatures, "ioc_problems");
    if count > 0 {
        problems.push(format!(
            "{count} IOC lines could not be read: those indicators were not used."
        ));
    }
    problems.extend(
        strings_of(summary, "warnings")
            .iter()
            .map(|w| w.to_string()),
    );
    let refs: Vec<&str> = problems.iter().map(String::as_str).collect();
    problem_box("What limits this verdict", &refs)
}

pub(super) fn problem_box(heading: &str, problems: &[&str]) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let items: String = problems
        .iter()
        .map(|problem| format!("<li>{}</li>\n", esc(problem)))
        .collect();
    format!("<div class=\"problems\"><strong>{heading}</strong>\n<ul>\n{items}</ul></div>\n")
}

/// "What was scanned": the summary as tiles, then the disk image's layout if there is one.
pub(super) fn scan_facts(summary: Option<&Value>) -> String {
    let Some(summary) = summary else {
        return section(
            "scan",
            "What was scanned",
            "<p class=\"empty\">Not recorded: the summary says it, and this report has none.</p>\n",
        );
    };
    let mut tiles = Facts::default();
    tiles.text("Host", str_of(summary, "host"));
    tiles.text("Operating system", &os_description(summary));
    tiles.html("Scanned", &code_list(&strings_of(summary, "roots")));
    tiles.text("Time", &scan_time(summary));
    tiles.text("Files", &files_scanned(summary));
    tiles.text(
        "Container members",
        &plain(summary.get("members_scanned").unwrap_or(&Value::Null)),
    );
    tiles.text(
        "Autostart entries",
        &plain(summary.get("autostarts").unwrap_or(&Value::Null)),
    );
    tiles.text("Passed over", &passed_over(summary));
    if let Some(processes) = summary.get("processes") {
        tiles.text("Processes", &process_counts(processes));
    }
    if summary.get("autostarts_only").and_then(Value::as_bool) == Some(true) {
        tiles.text(
            "Triage",
            &format!(
                "autostarts only: {} other files passed over",
                int_of(summary, "not_selected")
            ),
        );
    }
    tiles.text("Scanner", &scanner_name(summary));
    let signatures = summary.get("signatures").unwrap_or(&Value::Null);
    tiles.text("Signatures", &signature_counts(signatures));
    tiles.html(
        "Signatures digest",
        &format!(
            "<code class=\"hash\">{}</code>",
            esc(str_of(signatures, "digest"))
        ),
    );
    let mut html = tiles.render_tiles();
    if let Some(image) = summary.get("image") {
        html.push_str(&image_layout(image));
    }
    section("scan", "What was scanned", &html)
}

pub(super) fn os_description(summary: &Value) -> String {
    let os = summary.get("os").unwrap_or(&Value::Null);
    let mut text = os_name(summary);
    let details: Vec<&str> = [str_of(os, "family"), str_of(os, "kernel")]
        .into_iter()
        .filter(|part| !part.is_empty() && *part != text)
        .collect();
    if !details.is_empty() {
        text.push_str(&format!(" ({})", details.join(", kernel ")));
    }
    text
}

pub(super) fn scan_time(summary: &Value) -> String {
    let duration = summary
        .get("duration_secs")
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let seconds = format!("{duration:.3}");
    format!(
        "{} to {} ({} s)",
        str_of(summary, "start"),
        str_of(summary, "end"),
        seconds.trim_end_matches('0').trim_end_matches('.')
    )
}

pub(super) fn files_scanned(summary: &Value) -> String {
    let bytes = summary
        .get("bytes_scanned")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    format!(
        "{}, {} read",
        int_of(summary, "files_scanned"),
        human_bytes(bytes)
    )
}

/// The counts of what the scan met and did not read (each listed only when there was some).
pub(super) fn passed_over(summary: &Value) -> String {
    let skipped: i64 = summary
        .get("skipped")
        .and_then(Value::as_object)
        .map_or(0, |counts| counts.values().filter_map(Value::as_i64).sum());
    let parts: Vec<String> = [
        (skipped, "skipped"),
        (int_of(summary, "symlinks"), "symlinks (never followed)"),
        (int_of(summary, "excluded"), "excluded"),
        (int_of(summary, "allowlisted"), "allow-listed"),
        (int_of(summary, "cached"), "unchanged (scan cache)"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, what)| format!("{count} {what}"))
    .collect();
    if parts.is_empty() {
        "nothing".to_string()
    } else {
        parts.join(", ")
    }
}

pub(super) fn process_counts(processes: &Value) -> String {
    let memory = processes
        .get("memory_bytes")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let mut text = format!(
        "{} ({} not readable), {} memory regions, {} read",
        int_of(processes, "processes"),
        int_of(processes, "not_readable"),
        int_of(processes, "regions"),
        human_bytes(memory)
    );
    let over = int_of(processes, "regions_over_limit");
    if over > 0 {
        text.push_str(&format!(", {over} regions cut at the limits"));
    }
    text
}

pub(super) fn scanner_name(summary: &Value) -> String {
    let scanner = summary.get("scanner").unwrap_or(&Value::Null);
    let mut text = format!("{} {}", str_of(scanner, "name"), str_of(scanner, "version"));
    let yara = str_of(scanner, "yara_x");
    if !yara.is_empty() {
        text.push_str(&format!(" (YARA-X {yara})"));
    }
    text.trim().to_string()
}

pub(super) fn signature_counts(signatures: &Value) -> String {
    let mut text = format!(
        "{} from {}",
        plural(int_of(signatures, "rules"), "rule", "rules"),
        plural(int_of(signatures, "rule_files"), "file", "files")
    );
    let iocs: Vec<String> = signatures
        .get("iocs")
        .and_then(Value::as_object)
        .map(|iocs| {
            iocs.iter()
                .filter_map(|(kind, count)| Some((kind, count.as_i64().filter(|n| *n > 0)?)))
                .map(|(kind, count)| format!("{count} {}", kind.replace('_', " ")))
                .collect()
        })
        .unwrap_or_default();
    if !iocs.is_empty() {
        text.push_str(&format!("; IOCs: {}", iocs.join(", ")));
    }
    text
}

pub(super) fn image_layout(image: &Value) -> String {
    let mut facts = Facts::default();
    facts.html("Image", &code(str_of(image, "path")));
    facts.text("Container", str_of(image, "container"));
    let size = image.get("disk_size").and_then(Value::as_u64).unwrap_or(0);
    facts.text("Disk size", &human_bytes(size));
    facts.text("Partition table", str_of(image, "partition_table"));
    facts.text("Looks like", str_of(image, "os_family"));
    let media = str_of(image, "media_sha256");
    if !media.is_empty() {
        facts.html("Media SHA-256", &code(media));
    }
    let problems = strings_of(image, "problems");
    if !problems.is_empty() {
        facts.html("Problems", &text_list(&problems));
    }
    let columns = [
        ("partition", "#"),
        ("start", "Start"),
        ("length", "Length"),
        ("partition_type", "Type"),
        ("name", "Name"),
        ("content", "Content"),
        ("label", "Label"),
        ("mount", "Mount"),
        ("status", "Status"),
        ("files_read", "Files"),
        ("bytes_read", "Bytes read"),
    ];
    let head: String = columns
        .iter()
        .map(|(_, label)| format!("<th>{label}</th>"))
        .collect();
    let rows: String = array_of(image, "volumes")
        .iter()
        .map(|volume| {
            let cells: String = columns
                .iter()
                .map(|(key, _)| {
                    format!(
                        "<td>{}</td>",
                        esc(&plain(volume.get(*key).unwrap_or(&Value::Null)))
                    )
                })
                .collect();
            format!("<tr>{cells}</tr>\n")
        })
        .collect();
    format!(
        "<h3>Disk image</h3>\n{}<table class=\"data volumes\">\n<thead><tr>{head}</tr></thead>\n\
         <tbody>\n{rows}</tbody>\n</table>\n",
        facts.render()
    )
}

pub(super) fn scan_footer(summary: Option<&Value>) -> String {
    let Some(summary) = summary else {
        return "<footer>needle scan report · incomplete: no summary</footer>\n".to_string();
    };
    let digest = str_of(summary.get("signatures").unwrap_or(&Value::Null), "digest");
    format!(
        "<footer>{} · signatures {} · report schema {}</footer>\n",
        esc(&scanner_name(summary)),
        esc(digest),
        esc(&plain(summary.get("schema").unwrap_or(&Value::Null)))
    )
}
