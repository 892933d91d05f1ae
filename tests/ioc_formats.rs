//! IOC feed formats besides LOKI text (docs/iocs.md): ClamAV hash databases, STIX 2.1 bundles,
//! MISP JSON and CSV exports. The real binary checks the fixtures under testdata/iocs, and scans
//! a temp dir holding the samples those fixtures list (testdata/iocs/README.md): each finding
//! must cite the feed line or object the indicator came from.

mod util;

use serde_json::Value;
use util::{Host, Run, needle};

const STIX: &str = "stix/needle-test-bundle.json";
const MISP_JSON: &str = "misp/needle-test-event.json";
const MISP_CSV: &str = "misp/needle-test-attributes.csv";

fn fixture(relative: &str) -> String {
    format!("{}/testdata/iocs/{relative}", env!("CARGO_MANIFEST_DIR"))
}

fn indicator(n: u32) -> String {
    format!("indicator--00000000-0000-4000-8000-{n:012}")
}

/// `needle iocs check` on fixtures.
fn check(relatives: &[&str]) -> Run {
    let mut args = vec!["iocs".to_string(), "check".to_string()];
    args.extend(relatives.iter().map(|r| fixture(r)));
    needle(args)
}

/// The counts line `iocs check` ends with.
fn counts(run: &Run) -> &str {
    run.stdout.lines().last().unwrap_or_default()
}

fn counts_of(
    files: usize,
    [md5, sha1, sha256, filename, domains, urls, ips]: [usize; 7],
    problems: usize,
) -> String {
    format!(
        "{files} files: {md5} MD5, {sha1} SHA-1, {sha256} SHA-256, {filename} filename, \
         0 false-positive hashes, {domains} C2 domains, {urls} C2 URLs, {ips} C2 IPs, \
         0 registry; {problems} problems"
    )
}

/// The problems printed on stderr, without the `needle: IOC error: ` prefix and `(skipped)`.
fn problems(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|line| line.strip_prefix("needle: IOC error: "))
        .map(|line| line.strip_suffix(" (skipped)").unwrap_or(line).to_string())
        .collect()
}

/// Asserts each of `expected` starts one problem line (after the file name), in order.
fn assert_problems(run: &Run, expected: &[String]) {
    let found = problems(run);
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for (line, start) in found.iter().zip(expected) {
        assert!(
            line.starts_with(start),
            "expected {start:?}, found {line:?}"
        );
    }
}

/// Scans a temp dir holding `samples` with the embedded pack plus the `feeds` fixtures.
fn scan(samples: &[(&str, &[u8])], feeds: &[&str]) -> Run {
    let host = Host::new();
    for (path, content) in samples {
        host.write(path, content);
    }
    let mut args = vec!["scan", "--format", "jsonl", "-q"];
    let feeds: Vec<String> = feeds.iter().map(|f| fixture(f)).collect();
    for feed in &feeds {
        args.extend(["--iocs", feed.as_str()]);
    }
    let root = host.root().to_str().expect("temp dirs are UTF-8");
    args.push(root);
    needle(args)
}

/// The one reason of `kind` in a finding.
fn reason<'a>(finding: &'a Value, kind: &str) -> &'a Value {
    let found: Vec<&Value> = finding["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter(|r| r["kind"] == kind)
        .collect();
    assert_eq!(found.len(), 1, "one {kind} reason in {finding:#}");
    found[0]
}

/// Asserts a reason's description and that its source is `feed` (a fixture) + `at`.
fn assert_cites(reason: &Value, description: &str, feed: &str, at: &str) {
    assert_eq!(reason["description"], description, "{reason:#}");
    let source = format!("{}{at}", fixture(feed));
    assert_eq!(
        reason["source"].as_str(),
        Some(source.as_str()),
        "{reason:#}"
    );
}

#[test]
fn clamav_databases_are_checked_line_by_line() {
    let hdb = check(&["clamav/needle-test.hdb"]);
    assert_eq!(hdb.code, 1);
    assert_eq!(counts(&hdb), counts_of(1, [1, 0, 0, 0, 0, 0, 0], 2));
    let file = fixture("clamav/needle-test.hdb");
    assert_problems(
        &hdb,
        &[
            format!("{file}:2: an .hdb database holds MD5 hashes (32 hex digits), not 40"),
            format!("{file}:3: size is neither a number nor '*': \"many\""),
        ],
    );

    let hsb = check(&["clamav/needle-test.hsb"]);
    assert_eq!(hsb.code, 0, "{}", hsb.stderr);
    assert_eq!(counts(&hsb), counts_of(1, [0, 1, 1, 0, 0, 0, 0], 0));
}

#[test]
fn clamav_findings_cite_the_database_line() {
    let run = scan(
        &[
            ("Temp/a.bin", b"needle test sample: clamav md5"),
            ("Temp/b.bin", b"needle test sample: clamav sha1"),
            ("Temp/c.bin", b"needle test sample: clamav sha256"),
            ("Temp/d.bin", b"needle test sample: unused"),
        ],
        &["clamav/needle-test.hdb", "clamav/needle-test.hsb"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (path, name, feed, line) in [
        (
            "a.bin",
            "Needle.Test.ClamAV-Md5",
            "clamav/needle-test.hdb",
            ":1",
        ),
        (
            "b.bin",
            "Needle.Test.ClamAV-Sha1",
            "clamav/needle-test.hsb",
            ":1",
        ),
        (
            "c.bin",
            "Needle.Test.ClamAV-Sha256",
            "clamav/needle-test.hsb",
            ":2",
        ),
    ] {
        let finding = run.finding(path);
        assert_eq!(finding["level"], "alert");
        let hash = reason(&finding, "hash");
        assert_eq!(hash["score"], 100);
        assert_cites(hash, name, feed, line);
    }
    assert!(!run.has_finding("d.bin"), "listed only on bad lines");
    assert_eq!(run.summary()["signatures"]["ioc_problems"], 2);
}

#[test]
fn stix_bundle_reports_each_unusable_indicator_by_id() {
    let run = check(&[STIX]);
    assert_eq!(run.code, 1);
    assert_eq!(counts(&run), counts_of(1, [1, 0, 1, 1, 1, 1, 1], 5));
    let file = fixture(STIX);
    assert_problems(
        &run,
        &[
            format!("{file}: {}: unsupported STIX pattern: AND ", indicator(5)),
            format!(
                "{file}: {}: pattern_type \"yara\" is not supported",
                indicator(6)
            ),
            format!(
                "{file}: {}: unsupported STIX pattern: object path process:name",
                indicator(7)
            ),
            format!(
                "{file}: {}: not an SHA-256 hash (64 hex digits, not 6)",
                indicator(8)
            ),
            format!(
                "{file}: {}: invalid STIX pattern: expected ']' at offset 32 (the end)",
                indicator(9)
            ),
        ],
    );
}

#[test]
fn stix_findings_cite_the_indicator_id() {
    let run = scan(
        &[
            (
                "Users/bob/Downloads/a.bin",
                b"needle test sample: stix sha256",
            ),
            ("Temp/b.bin", b"needle test sample: stix md5"),
            ("ProgramData/NEEDLE-TEST-DROPPER.EXE", b"any content"),
            (
                "Temp/beacon.cfg",
                b"server=https://c2.needle-test.example/gate.php",
            ),
            ("Temp/fallback.cfg", b"fallback=198.51.100.23\n"),
            ("Temp/needle-test-revoked.exe", b"revoked indicator"),
            ("Temp/needle-test-a.exe", b"AND pattern, not loaded"),
        ],
        &[STIX],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);

    let by_sha256 = run.finding("Downloads/a.bin");
    assert_cites(
        reason(&by_sha256, "hash"),
        "Needle test dropper",
        STIX,
        &format!("#{}", indicator(1)),
    );
    let by_md5 = run.finding("Temp/b.bin");
    assert_cites(
        reason(&by_md5, "hash"),
        "Needle test stage two, described only",
        STIX,
        &format!("#{}", indicator(2)),
    );
    let by_name = run.finding("NEEDLE-TEST-DROPPER.EXE");
    assert_eq!(by_name["level"], "warning");
    let name = reason(&by_name, "filename");
    assert_eq!(name["score"], 70);
    assert_cites(
        name,
        "Needle test dropper",
        STIX,
        &format!("#{}", indicator(1)),
    );

    let beacon = run.finding("Temp/beacon.cfg");
    let c2: Vec<&Value> = beacon["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter(|r| r["kind"] == "c2")
        .collect();
    assert_eq!(c2.len(), 2, "the domain and the URL: {beacon:#}");
    for reason in c2 {
        assert_cites(
            reason,
            "Needle test C2",
            STIX,
            &format!("#{}", indicator(3)),
        );
    }
    assert_cites(
        reason(&run.finding("Temp/fallback.cfg"), "c2"),
        "Needle test C2 address",
        STIX,
        &format!("#{}", indicator(4)),
    );
    assert!(!run.has_finding("needle-test-revoked.exe"));
    assert!(!run.has_finding("needle-test-a.exe"));
}

#[test]
fn misp_event_counts_unsupported_types_in_one_problem() {
    let run = check(&[MISP_JSON]);
    assert_eq!(run.code, 1);
    assert_eq!(counts(&run), counts_of(1, [1, 1, 1, 1, 1, 1, 1], 2));
    let file = fixture(MISP_JSON);
    assert_problems(
        &run,
        &[
            format!(
                "{file}: 10000000-0000-4000-8000-000000000002: sha256: not an SHA-256 hash \
                 (64 hex digits, not 32)"
            ),
            format!("{file}: 4 attributes of unsupported types: email-src (3), regkey (1)"),
        ],
    );
}

#[test]
fn misp_event_findings_cite_the_attribute_uuid() {
    let run = scan(
        &[
            ("Temp/a.bin", b"needle test sample: misp md5"),
            ("Temp/b.bin", b"needle test sample: misp sha1"),
            (
                "Temp/renamed.bin",
                b"needle test sample: misp filename|sha256",
            ),
            ("Windows/needle-test-implant.dll", b"any content"),
            (
                "Temp/report.pdf.exe",
                b"the name of a filename|sha256 alone",
            ),
            (
                "Temp/updater.ini",
                b"url=update.needle-test.example/check\n",
            ),
        ],
        &[MISP_JSON],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let uuid = |n: u32| format!("#10000000-0000-4000-8000-{n:012}");
    assert_cites(
        reason(&run.finding("Temp/a.bin"), "hash"),
        "Needle test event: stage one",
        MISP_JSON,
        &uuid(1),
    );
    assert_cites(
        reason(&run.finding("Temp/b.bin"), "hash"),
        "Needle test event",
        MISP_JSON,
        &uuid(12),
    );
    assert_cites(
        reason(&run.finding("Temp/renamed.bin"), "hash"),
        "Needle test event (report.pdf.exe)",
        MISP_JSON,
        &uuid(13),
    );
    assert_cites(
        reason(&run.finding("needle-test-implant.dll"), "filename"),
        "Needle test event",
        MISP_JSON,
        &uuid(6),
    );
    assert!(!run.has_finding("report.pdf.exe"));
    // The domain (uuid 3) and the defanged URL (uuid 4), searched without its scheme.
    let updater = run.finding("Temp/updater.ini");
    let sources: Vec<&str> = updater["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter(|r| r["kind"] == "c2")
        .filter_map(|r| r["source"].as_str())
        .collect();
    assert_eq!(
        sources,
        [
            format!("{}{}", fixture(MISP_JSON), uuid(3)),
            format!("{}{}", fixture(MISP_JSON), uuid(4))
        ]
    );
}

#[test]
fn misp_csv_findings_cite_the_line() {
    let check = check(&[MISP_CSV]);
    assert_eq!(check.code, 1);
    assert_eq!(counts(&check), counts_of(1, [1, 1, 0, 0, 1, 0, 0], 2));
    let file = fixture(MISP_CSV);
    assert_problems(
        &check,
        &[
            format!("{file}:4: md5: not an MD5 hash (32 hex digits, not 4): \"abcd\""),
            format!("{file}: 1 attribute of unsupported types: email-src (1)"),
        ],
    );

    let run = scan(
        &[
            ("Temp/a.bin", b"needle test sample: misp csv sha1"),
            ("Temp/b.bin", b"needle test sample: misp csv filename|md5"),
            ("Temp/cdn.txt", b"cdn.needle-test.example"),
        ],
        &[MISP_CSV],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_cites(
        reason(&run.finding("Temp/a.bin"), "hash"),
        "dropper, stage \"2\"",
        MISP_CSV,
        ":2",
    );
    assert_cites(
        reason(&run.finding("Temp/b.bin"), "hash"),
        "MISP filename|md5 attribute (invoice,final.exe)",
        MISP_CSV,
        ":7",
    );
    assert_cites(
        reason(&run.finding("Temp/cdn.txt"), "c2"),
        "MISP domain attribute",
        MISP_CSV,
        ":3",
    );
}

#[test]
fn bad_feeds_each_give_one_clear_problem() {
    for (relative, message) in [
        ("bad/empty.json", ": no indicators in file".to_string()),
        ("bad/empty.hdb", ": no indicators in file".to_string()),
        (
            "bad/invalid.json",
            ":16: invalid JSON at column 17: expected `:`; file left out".to_string(),
        ),
        (
            "bad/stix-and.json",
            format!(": {}: unsupported STIX pattern: AND ", indicator(1)),
        ),
        (
            "bad/misp-unsupported.json",
            ": 4 attributes of unsupported types: email-src (2), mutex (1), regkey (1)".to_string(),
        ),
        (
            "bad/no-value.csv",
            ":1: the CSV header has no `value` column".to_string(),
        ),
    ] {
        let run = check(&[relative]);
        assert_eq!(run.code, 1, "{relative}");
        assert_eq!(counts(&run), counts_of(1, [0; 7], 1), "{relative}");
        assert_problems(&run, &[format!("{}{message}", fixture(relative))]);
    }
}

#[test]
fn every_format_in_one_set() {
    let run = check(&["clamav", "stix", "misp"]);
    assert_eq!(run.code, 1);
    assert_eq!(counts(&run), counts_of(5, [4, 3, 3, 2, 3, 2, 2], 11));
}

#[test]
fn format_told_by_content_when_the_name_does_not() {
    let feeds = Host::new();
    let mut copies = Vec::new();
    for (relative, copy) in [
        (STIX, "stix-feed.txt"),
        (MISP_JSON, "misp-feed"),
        (MISP_CSV, "misp-feed.dat"),
        ("clamav/needle-test.hsb", "clamav-feed"),
    ] {
        let content = std::fs::read(fixture(relative)).expect("fixture");
        copies.push(feeds.write(copy, &content));
    }
    let mut args = vec!["iocs".to_string(), "check".to_string()];
    args.extend(copies.iter().map(|c| c.display().to_string()));
    let run = needle(args);
    assert_eq!(counts(&run), counts_of(4, [3, 3, 3, 2, 3, 2, 2], 9));
}
