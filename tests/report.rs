//! The report model: a JSON Lines report of the real binary reads back into needle's records and
//! writes out byte for byte; every record carries the schema version; a report cut short still
//! gives its complete records.

mod util;

use std::os::unix::ffi::OsStrExt;

use needle::report::{Record, SCHEMA_VERSION, jsonl};
use util::{Host, assert_reads_back, installer_pe, needle, samples};

/// A host whose scan writes every kind of record: findings (one with a name that is not UTF-8),
/// a note, a skipped FIFO, a too-large file, an autostart entry, an error and the summary.
fn every_record_kind() -> (Host, String) {
    let host = Host::new();
    host.write("ProgramData/ntnser.bin", &installer_pe());
    let odd_name = std::ffi::OsStr::from_bytes(b"Users/bob/caf\xe9.bin");
    host.write(odd_name, &installer_pe());
    host.write("Users/bob/broken.exe", &samples::truncated_pe());
    host.write("Users/bob/big.bin", &vec![0x41; 64 << 10]);
    host.write(
        "etc/cron.d/backup",
        b"0 1 * * * root /usr/local/bin/backup --all\n",
    );
    let fifo = host.path("Users/bob/pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let root = host
        .root()
        .to_str()
        .expect("temp dirs are UTF-8")
        .to_string();
    let missing = format!("{root}/no-such-directory");
    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--max-size",
        "16K",
        &root,
        &missing,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    (host, run.stdout)
}

#[test]
fn a_jsonl_report_reads_back_and_writes_out_identically() {
    let (_host, report) = every_record_kind();
    let read = jsonl::read(report.as_bytes()).expect("reading from memory");
    let kinds: std::collections::BTreeSet<&str> = read
        .records
        .iter()
        .map(|record| match record {
            Record::Finding(_) => "finding",
            Record::Error(_) => "error",
            Record::Skipped(_) => "skipped",
            Record::Note(_) => "note",
            Record::Autostart(_) => "autostart",
            Record::Summary(_) => "summary",
            Record::HostFinding(_) => "host_finding",
            Record::Fleet(_) => "fleet",
            Record::Object(_) => "object",
        })
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "autostart",
            "error",
            "finding",
            "note",
            "skipped",
            "summary"
        ]
    );
    let odd = read.records.iter().find_map(|record| match record {
        Record::Finding(finding) if finding.facts.path.path_b64.is_some() => Some(finding),
        _ => None,
    });
    let odd = odd.expect("the finding named in Latin-1");
    assert!(odd.facts.path.bytes().ends_with(b"caf\xe9.bin"));
    assert_reads_back(&report);
}

#[test]
fn every_record_carries_the_schema_version() {
    let (_host, report) = every_record_kind();
    for line in report.lines() {
        let record: serde_json::Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(record["schema"], SCHEMA_VERSION, "{line}");
    }
}

#[test]
fn a_report_cut_short_gives_its_complete_records_and_says_so() {
    let (_host, report) = every_record_kind();
    let lines = report.lines().count();
    let cut = &report[..report.len() - 10];
    let read = jsonl::read(cut.as_bytes()).expect("reading from memory");
    assert_eq!(read.records.len(), lines - 1);
    assert_eq!(
        read.problems,
        [
            format!("line {lines}: cut short (the report ends in the middle of a record)"),
            "no summary at the end: the scan did not finish writing this report".to_string()
        ]
    );
}
