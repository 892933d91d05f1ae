//! Fleet reports: three hosts' JSON Lines reports (one compromised, one suspicious, one clean)
//! merge into text, JSON Lines and CSV that agree on every count; a report cut short, reports of
//! other signature versions and a report holding several hosts are named as such; a scan's CSV
//! is RFC 4180.

mod util;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use util::{Host, Run, assert_reads_back, installer_pe, needle, sha256_hex};

/// A lure document the built-in filename IOCs flag as a warning.
const LURE: &str = "Users/bob/Documents/Boeing_AERO_GS.docx";
const LURE_CONTENT: &[u8] = b"lure document";

/// A host's name and its files (path, content).
type HostPlan<'a> = (&'a str, &'a [(&'a str, &'a [u8])]);

/// The three hosts' reports, written into `dir` as the fleet's scans would write them.
struct Fleet {
    _hosts: Vec<Host>,
    reports: Vec<PathBuf>,
    /// Per host: its summary's counts.
    summaries: Vec<Value>,
}

/// Host `alpha` is compromised (the installer) and holds the lure, `bravo` only the lure
/// (suspicious), `charlie` nothing (clean).
fn fleet(dir: &Path) -> Fleet {
    let plans: [HostPlan; 3] = [
        (
            "alpha",
            &[
                ("ProgramData/ntnser.bin", &installer_pe()),
                (LURE, LURE_CONTENT),
            ],
        ),
        ("bravo", &[(LURE, LURE_CONTENT)]),
        ("charlie", &[("Users/carol/notes.txt", b"meeting at ten")]),
    ];
    let mut fleet = Fleet {
        _hosts: Vec::new(),
        reports: Vec::new(),
        summaries: Vec::new(),
    };
    for (name, files) in plans {
        let host = Host::new();
        for (path, content) in files {
            host.write(path, content);
        }
        let report = dir.join(format!("{name}.jsonl"));
        let run = scan_into(&host, name, &report, &[]);
        assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
        let text = std::fs::read_to_string(&report).expect("the report was written");
        let summary: Value =
            serde_json::from_str(text.lines().last().expect("a summary line")).expect("JSON");
        fleet.summaries.push(summary);
        fleet.reports.push(report);
        fleet._hosts.push(host);
    }
    let verdicts: Vec<&str> = fleet
        .summaries
        .iter()
        .map(|s| s["verdict"].as_str().expect("a verdict"))
        .collect();
    assert_eq!(verdicts, ["compromised", "suspicious", "clean"]);
    fleet
}

fn scan_into(host: &Host, name: &str, report: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "scan".to_string(),
        "-q".to_string(),
        "--format".to_string(),
        "jsonl".to_string(),
        "--host".to_string(),
        name.to_string(),
        "--output".to_string(),
        report.display().to_string(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(host.root().display().to_string());
    needle(args)
}

fn merge(reports: &[PathBuf], format: &str) -> Run {
    let mut args = vec!["report", "merge", "--format", format];
    args.extend(reports.iter().map(|p| p.to_str().expect("UTF-8 temp path")));
    needle(args)
}

/// Findings per host and level, from the hosts' own summaries.
fn expected_counts(fleet: &Fleet) -> BTreeMap<(String, String), u64> {
    let mut counts = BTreeMap::new();
    for summary in &fleet.summaries {
        for level in ["alert", "warning", "notice"] {
            let n = summary["findings"][level].as_u64().expect("a count");
            if n > 0 {
                counts.insert(
                    (
                        summary["host"].as_str().expect("host").to_string(),
                        level.to_string(),
                    ),
                    n,
                );
            }
        }
    }
    counts
}

/// Splits RFC 4180 text into records of fields (quoted fields may hold commas, quotes doubled,
/// line breaks).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CRLF line ends"),
            (false, '\n') => panic!("a bare LF ends a CSV line"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the last line ends with CRLF"
    );
    rows
}

#[test]
fn three_hosts_merge_into_text_jsonl_and_csv_that_agree() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fleet = fleet(dir.path());
    let expected = expected_counts(&fleet);
    let total = |level: &str| -> u64 {
        expected
            .iter()
            .filter(|((_, l), _)| l == level)
            .map(|(_, n)| n)
            .sum()
    };
    assert!(total("alert") >= 1 && total("warning") >= 2, "{expected:?}");

    // JSON Lines: every host's findings, then the fleet record.
    let jsonl = merge(&fleet.reports, "jsonl");
    assert_eq!(
        jsonl.code, 1,
        "a compromised host: exit 1; {}",
        jsonl.stderr
    );
    assert_reads_back(&jsonl.stdout);
    let records = jsonl.records();
    let (fleet_record, host_findings) = records.split_last().expect("records");
    assert_eq!(fleet_record["type"], "fleet");
    let mut counted = BTreeMap::new();
    for finding in host_findings {
        assert_eq!(finding["type"], "host_finding");
        let key = (
            finding["host"].as_str().expect("host").to_string(),
            finding["level"].as_str().expect("level").to_string(),
        );
        *counted.entry(key).or_insert(0u64) += 1;
    }
    assert_eq!(counted, expected);
    assert_eq!(
        fleet_record["verdicts"],
        serde_json::json!({"compromised": 1, "suspicious": 1, "clean": 1, "unknown": 0})
    );
    for level in ["alert", "warning", "notice"] {
        assert_eq!(
            fleet_record["findings"][level].as_u64(),
            Some(total(level)),
            "{level}"
        );
    }
    let hosts: Vec<(&str, &str, bool)> = fleet_record["hosts"]
        .as_array()
        .expect("hosts")
        .iter()
        .map(|h| {
            (
                h["host"].as_str().expect("host"),
                h["verdict"].as_str().expect("verdict"),
                h["complete"].as_bool().expect("complete"),
            )
        })
        .collect();
    assert_eq!(
        hosts,
        [
            ("alpha", "compromised", true),
            ("bravo", "suspicious", true),
            ("charlie", "clean", true)
        ]
    );
    // The lure, the same file on alpha and bravo, is the first artifact: the most widespread.
    let shared = &fleet_record["artifacts"][0];
    assert_eq!(shared["sha256"], sha256_hex(LURE_CONTENT));
    assert_eq!(shared["hosts"], serde_json::json!(["alpha", "bravo"]));
    assert_eq!(fleet_record["versions"].as_array().map(Vec::len), Some(1));

    // Text: the same counts, the shared artifact, the worst verdict.
    let text = merge(&fleet.reports, "text");
    assert_eq!(text.code, 1);
    assert!(
        text.stdout
            .contains("fleet: 3 hosts: 1 compromised, 1 suspicious, 1 clean, 0 unknown"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains(&format!(
        "findings: {} alert, {} warning, {} notice",
        total("alert"),
        total("warning"),
        total("notice")
    )));
    assert!(
        text.stdout
            .contains(&format!("on 2 hosts: sha256 {}", sha256_hex(LURE_CONTENT)))
    );
    assert!(text.stdout.contains("worst verdict: COMPROMISED"));

    // CSV: one row per finding, the host in its first column.
    let csv = merge(&fleet.reports, "csv");
    assert_eq!(csv.code, 1);
    let rows = parse_csv(&csv.stdout);
    let (header, rows) = rows.split_first().expect("a header");
    assert_eq!(header[..4], ["host", "path", "level", "score"]);
    let mut counted = BTreeMap::new();
    for row in rows {
        assert_eq!(row.len(), header.len(), "{row:?}");
        *counted
            .entry((row[0].clone(), row[2].clone()))
            .or_insert(0u64) += 1;
    }
    assert_eq!(counted, expected);
}

#[test]
fn a_clean_fleet_exits_0_and_a_fleet_with_a_suspicious_host_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fleet = fleet(dir.path());
    assert_eq!(merge(&fleet.reports[2..], "text").code, 0);
    assert_eq!(merge(&fleet.reports[1..], "text").code, 1);
}

#[test]
fn a_host_whose_image_cannot_be_opened_is_unknown_in_its_report_and_in_the_merge() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fleet = fleet(dir.path());
    // An EWF signature followed by nothing an E01 holds.
    let image = dir.path().join("delta.E01");
    std::fs::write(&image, b"EVF\x09\x0d\x0a\xff\x00 not a segment").expect("write");
    let report = dir.path().join("delta.jsonl");
    let run = needle([
        "scan",
        "-q",
        "--format",
        "jsonl",
        "--output",
        report.to_str().expect("UTF-8"),
        image.to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let text = std::fs::read_to_string(&report).expect("the report was written");
    let summary: Value =
        serde_json::from_str(text.lines().last().expect("a summary line")).expect("JSON");
    assert_eq!(summary["verdict"], "unknown", "{summary}");
    assert_eq!(summary["errors"], 1, "{summary}");

    let reports = [fleet.reports[2].clone(), report];
    let run = merge(&reports, "jsonl");
    assert_eq!(run.code, 2, "clean and unknown hosts: {}", run.stderr);
    let fleet_record = run.of_type("fleet").pop().expect("a fleet record");
    assert_eq!(fleet_record["verdicts"]["unknown"], 1, "{fleet_record}");
    assert_eq!(fleet_record["verdicts"]["clean"], 1, "{fleet_record}");
    let delta = fleet_record["hosts"]
        .as_array()
        .and_then(|hosts| hosts.iter().find(|h| h["host"] == "delta.E01"))
        .expect("the image's host");
    assert_eq!(delta["verdict"], Value::Null, "{delta}");
}

#[test]
fn a_report_cut_short_is_read_as_far_as_it_goes_and_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fleet = fleet(dir.path());
    // alpha's copy stops in the middle of its summary.
    let whole = std::fs::read(&fleet.reports[0]).expect("report");
    let cut = &whole[..whole.len() - 40];
    std::fs::write(&fleet.reports[0], cut).expect("cut the report");
    // charlie's never got a summary and holds no finding.
    let clean = std::fs::read_to_string(&fleet.reports[2]).expect("report");
    let without_summary: String = clean
        .lines()
        .filter(|l| !l.contains("\"type\":\"summary\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&fleet.reports[2], without_summary).expect("drop the summary");

    let run = merge(&fleet.reports, "jsonl");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("cut short"), "{}", run.stderr);
    let records = run.records();
    let fleet_record = records.last().expect("the fleet record");
    let hosts = fleet_record["hosts"].as_array().expect("hosts");
    // Without its summary, alpha is named after its file; its findings still prove an alert.
    assert_eq!(hosts[0]["host"], "alpha");
    assert_eq!(hosts[0]["verdict"], "compromised");
    assert_eq!(hosts[0]["complete"], false);
    assert!(
        hosts[0]["problems"][0]
            .as_str()
            .is_some_and(|p| p.contains("cut short")),
        "{}",
        hosts[0]
    );
    // charlie proves nothing: unknown, never clean.
    assert_eq!(hosts[2]["verdict"], Value::Null);
    assert_eq!(fleet_record["verdicts"]["unknown"], 1);
    let problems = fleet_record["problems"].as_array().expect("problems");
    assert!(problems.iter().any(|p| {
        p.as_str()
            .is_some_and(|p| p.starts_with(&format!("{}: ", fleet.reports[0].display())))
    }));

    // With only charlie, nothing is known: an error, not a clean fleet.
    let alone = merge(&fleet.reports[2..], "text");
    assert_eq!(alone.code, 2, "{}", alone.stdout);
    assert!(alone.stdout.contains("UNKNOWN"), "{}", alone.stdout);
}

#[test]
fn reports_of_other_signatures_and_reports_of_several_hosts_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fleet = fleet(dir.path());
    // delta scans with an extra IOC list: other signatures.
    let delta = Host::new();
    delta.write("srv/tool.bin", b"harmless");
    let iocs = dir.path().join("extra-iocs.txt");
    std::fs::write(&iocs, format!("{};extra test IOC\n", "0".repeat(32))).expect("IOC list");
    let delta_report = dir.path().join("delta.jsonl");
    let run = scan_into(
        &delta,
        "delta",
        &delta_report,
        &["--iocs", iocs.to_str().expect("UTF-8")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    // One file holding bravo's and delta's reports, as one scan of two targets writes it.
    let both = dir.path().join("both.jsonl");
    let text = format!(
        "{}{}",
        std::fs::read_to_string(&fleet.reports[1]).expect("bravo"),
        std::fs::read_to_string(&delta_report).expect("delta")
    );
    std::fs::write(&both, text).expect("write");

    let run = merge(&[fleet.reports[0].clone(), both], "jsonl");
    let records = run.records();
    let fleet_record = records.last().expect("the fleet record");
    let hosts: Vec<&str> = fleet_record["hosts"]
        .as_array()
        .expect("hosts")
        .iter()
        .map(|h| h["host"].as_str().expect("host"))
        .collect();
    assert_eq!(hosts, ["alpha", "bravo", "delta"]);
    assert_eq!(fleet_record["versions"].as_array().map(Vec::len), Some(2));
    let text = merge(&fleet.reports, "text");
    assert!(!text.stdout.contains("DIFFERENT versions"));
    let mixed = merge(&[fleet.reports[0].clone(), delta_report], "text");
    assert!(
        mixed.stdout.contains("DIFFERENT versions"),
        "{}",
        mixed.stdout
    );
}

#[test]
fn a_scans_csv_quotes_what_needs_quoting_and_names_the_host() {
    let host = Host::new();
    host.write("Users/bob/odd, \"name\".exe", &installer_pe());
    let run = needle([
        "scan",
        "-q",
        "--format",
        "csv",
        "--host",
        "echo",
        host.root().to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("odd, \"\"name\"\".exe\""),
        "{}",
        run.stdout
    );
    let rows = parse_csv(&run.stdout);
    assert_eq!(rows.len(), 2, "a header and one finding: {rows:?}");
    assert_eq!(rows[1][0], "echo");
    assert!(rows[1][1].ends_with("Users/bob/odd, \"name\".exe"));
    assert_eq!(rows[1][2], "alert");

    // A clean scan is still a CSV file: its header.
    let clean = Host::new();
    clean.write("a.txt", b"nothing");
    let run = needle([
        "scan",
        "-q",
        "--format",
        "csv",
        clean.root().to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 0);
    assert_eq!(parse_csv(&run.stdout).len(), 1);
}

#[test]
fn version_names_the_built_in_signatures_a_scan_reports() {
    let version = needle(["--version"]);
    assert_eq!(version.code, 0);
    let host = Host::new();
    host.write("a.txt", b"nothing");
    let run = util::scan(&[host.root()], &[]);
    let digest = run.summary()["signatures"]["digest"]
        .as_str()
        .expect("digest")
        .to_string();
    assert!(
        version
            .stdout
            .contains(&format!("built-in signatures {digest}")),
        "{} vs {digest}",
        version.stdout
    );
}

#[test]
fn completions_and_manual_pages_are_generated() {
    let bash = needle(["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(
        bash.stdout.contains("complete -F _needle"),
        "{}",
        bash.stdout
    );
    assert!(bash.stdout.contains("--archive-depth"));
    let dir = tempfile::tempdir().expect("temp dir");
    let run = needle(["man", "--output-dir", dir.path().to_str().expect("UTF-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scan_page =
        std::fs::read_to_string(dir.path().join("needle-scan.1")).expect("needle-scan.1");
    assert!(
        scan_page.starts_with(".ie") || scan_page.contains(".TH"),
        "{scan_page}"
    );
    assert!(scan_page.contains("archive\\-depth"), "{scan_page}");
    assert!(dir.path().join("needle-report-merge.1").is_file());
    let page = needle(["man"]);
    assert!(page.stdout.contains(".TH needle 1"));
}

/// The text of the element with this id (its first text node).
fn text_of_id(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!(" id=\"{id}\""))?;
    let text = &html[start..];
    let text = &text[text.find('>')? + 1..];
    Some(text[..text.find('<')?].to_string())
}

#[test]
fn a_scan_and_a_merge_render_in_a_browser_with_the_same_counts() {
    if !util::test_tools::available(&[util::test_tools::CHROMIUM]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let fleet = fleet(dir.path());
    let shots = std::env::var_os("NEEDLE_TEST_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().to_path_buf());
    std::fs::create_dir_all(&shots).expect("the screenshot directory");

    // The merge, as an HTML page written by the binary.
    let page = shots.join("merge-three-hosts.html");
    let mut args = vec![
        "report".to_string(),
        "merge".to_string(),
        "--format".to_string(),
        "html".to_string(),
        "--output".to_string(),
        page.display().to_string(),
    ];
    args.extend(fleet.reports.iter().map(|p| p.display().to_string()));
    let run = needle(args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let dom = util::test_tools::browser_dom(&page, &dir.path().join("profile-merge"));
    assert!(dom.contains("data-ready=\"1\""), "the page's script ran");
    assert_eq!(text_of_id(&dom, "verdict").as_deref(), Some("COMPROMISED"));
    let total: u64 = expected_counts(&fleet).values().sum();
    assert_eq!(text_of_id(&dom, "finding-count"), Some(total.to_string()));
    assert_eq!(text_of_id(&dom, "host-count").as_deref(), Some("3"));
    for verdict in ["compromised", "suspicious", "clean"] {
        assert_eq!(
            dom.matches(&format!("<tr class=\"host\" data-verdict=\"{verdict}\""))
                .count(),
            1,
            "{verdict}"
        );
    }
    let finding_rows = dom.matches("<tr class=\"finding\" data-level=").count() as u64;
    assert_eq!(finding_rows, total);
    let png =
        util::test_tools::browser_screenshot(&page, &dir.path().join("profile-merge"), &shots);
    assert!(
        std::fs::read(&png)
            .expect("screenshot")
            .starts_with(b"\x89PNG")
    );

    // One host's scan, straight to HTML.
    let host = Host::new();
    host.write("ProgramData/ntnser.bin", &installer_pe());
    host.write(LURE, LURE_CONTENT);
    let page = shots.join("scan-one-host.html");
    let run = needle([
        "scan",
        "-q",
        "--format",
        "html",
        "--output",
        page.to_str().expect("UTF-8"),
        host.root().to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let dom = util::test_tools::browser_dom(&page, &dir.path().join("profile-scan"));
    assert_eq!(text_of_id(&dom, "verdict").as_deref(), Some("COMPROMISED"));
    assert_eq!(text_of_id(&dom, "finding-count").as_deref(), Some("2"));
    assert_eq!(
        dom.matches("<tr class=\"finding\" data-level=\"alert\"")
            .count(),
        1
    );
    assert_eq!(
        dom.matches("<tr class=\"finding\" data-level=\"warning\"")
            .count(),
        1
    );
    util::test_tools::browser_screenshot(&page, &dir.path().join("profile-scan"), &shots);
}
