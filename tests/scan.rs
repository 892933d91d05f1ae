//! End-to-end tests of `needle scan`: a host tree is planted in a temp dir and the real binary
//! scans it.

mod util;

use std::path::Path;

use serde_json::Value;
use util::samples::{self, ElfSpec, PeSpec};
use util::{
    Host, INSTALLER_KEY, installer_pe, md5_hex, needle, noise, pe_with, sha1_hex, sha256_hex,
};

/// Reason kinds and ids of a finding, for compact assertions.
fn reasons(finding: &Value) -> Vec<(String, String, i64)> {
    finding["reasons"]
        .as_array()
        .expect("reasons is an array")
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().expect("kind").to_string(),
                r["id"].as_str().expect("id").to_string(),
                r["score"].as_i64().expect("score"),
            )
        })
        .collect()
}

fn scan_jsonl(host: &Host, extra: &[&str]) -> util::Run {
    let mut args = vec!["scan", "--format", "jsonl", "-q"];
    args.extend_from_slice(extra);
    let root = host.root().to_str().expect("temp dirs are UTF-8");
    args.push(root);
    needle(args)
}

/// A tree laid out like an infected `C:\`, with one file per kind of indicator and benign
/// look-alikes next to them.
struct PlantedHost {
    host: Host,
    installer: Vec<u8>,
    md5_sample: Vec<u8>,
    sha1_sample: Vec<u8>,
    sha256_sample: Vec<u8>,
    ioc_file: std::path::PathBuf,
    _iocs: Host,
}

fn planted_host() -> PlantedHost {
    let host = Host::new();
    let installer = installer_pe();
    host.write("ProgramData/ntnser.bin", &installer);
    host.write(
        "Windows/System32/bcdbootinfo.tlp",
        b"2020-05-21 10:00 netsvcs:Nwsapagent",
    );
    let md5_sample = b"synthetic sample flagged by MD5".to_vec();
    let sha1_sample = b"synthetic sample flagged by SHA-1".to_vec();
    let sha256_sample = b"synthetic sample flagged by SHA-256".to_vec();
    host.write("Users/alice/Downloads/a.tmp", &md5_sample);
    host.write("Users/alice/Downloads/b.tmp", &sha1_sample);
    host.write("Users/alice/Downloads/c.tmp", &sha256_sample);

    // Benign look-alikes: none of these may be flagged.
    let mut partial_key = INSTALLER_KEY.to_vec();
    partial_key[15] ^= 0xff;
    host.write("Program Files/App/near.dll", &pe_with(&partial_key));
    host.write(
        "Users/alice/notes.txt",
        b"key B6 B7 2D 8C 6B 5F 14 DF B1 38 A1 73 89 C1 D2 C4 as text",
    );
    host.write("Users/alice/ntnser.bin.txt", b"not the installer");
    host.write("Users/alice/PCAudit.sys", b"not in system32");
    host.write("Users/alice/raw-key.bin", &INSTALLER_KEY);
    host.write(
        "Windows/System32/kernel32.dll",
        &samples::build_pe(&PeSpec {
            dll: true,
            ..PeSpec::default()
        }),
    );

    let iocs = Host::new();
    let ioc_file = iocs.write(
        "test-hash-iocs.txt",
        format!(
            "# test IOCs\n{};MD5 test sample\n{};90;SHA-1 test sample\n{};SHA-256 test sample\n",
            md5_hex(&md5_sample),
            sha1_hex(&sha1_sample),
            sha256_hex(&sha256_sample)
        )
        .as_bytes(),
    );
    PlantedHost {
        host,
        installer,
        md5_sample,
        sha1_sample,
        sha256_sample,
        ioc_file,
        _iocs: iocs,
    }
}

#[test]
fn planted_host_is_compromised_with_every_indicator_named() {
    let planted = planted_host();
    let ioc_arg = planted.ioc_file.to_str().expect("UTF-8").to_string();
    let run = scan_jsonl(&planted.host, &["--iocs", &ioc_arg]);
    assert_eq!(run.code, 1, "stderr: {}", run.stderr);

    let installer = run.finding("ProgramData/ntnser.bin");
    assert_eq!(installer["level"], "alert");
    assert_eq!(installer["size"], planted.installer.len());
    assert_eq!(installer["md5"], md5_hex(&planted.installer));
    assert_eq!(installer["sha1"], sha1_hex(&planted.installer));
    assert_eq!(installer["sha256"], sha256_hex(&planted.installer));
    assert_eq!(installer["file_type"], "pe");
    assert_eq!(installer["rule_scanned"], true);
    let binary = &installer["binary"];
    assert_eq!(binary["format"], "pe");
    assert_eq!(binary["machine"], "x86_64");
    assert_eq!(binary["bits"], 64);
    assert_eq!(binary["timestamp"], 0x5E8B_1C00u32);
    assert_eq!(binary["compile_time"], "2020-04-06T12:09:36Z");
    assert_eq!(binary["imphash"], "8deffaa1823f1500fa9c8f84686c6027");
    assert_eq!(binary["dll"], false);
    assert_eq!(binary["signature_directory"], false);
    let section_names: Vec<&str> = binary["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(section_names, [".text", ".rdata", ".idata"]);
    // Data sections get their entropy only once the file is reported: it must be there.
    for section in binary["sections"].as_array().expect("sections") {
        let entropy = section["entropy"].as_f64();
        assert!(
            entropy.is_some_and(|e| (0.0..=8.0).contains(&e)),
            "{section}"
        );
    }
    let installer_reasons = reasons(&installer);
    assert!(
        installer_reasons.contains(&("rule".into(), "ThreatNeedle_Installer_RC4_Key".into(), 85)),
        "{installer_reasons:?}"
    );
    assert!(
        installer_reasons.contains(&("filename".into(), r"\\ProgramData\\ntnser\.bin$".into(), 80)),
        "{installer_reasons:?}"
    );
    assert!(
        installer_reasons.contains(&("anomaly".into(), "pe_disguised_extension".into(), 30)),
        "{installer_reasons:?}"
    );
    assert_eq!(installer["score"], 85 + 80 + 30);
    let rule_reason = installer["reasons"]
        .as_array()
        .expect("array")
        .iter()
        .find(|r| r["kind"] == "rule")
        .expect("rule reason")
        .clone();
    assert_eq!(
        rule_reason["description"],
        "PE file carrying the ThreatNeedle installer RC4 key"
    );
    assert_eq!(rule_reason["author"], "needle project");
    assert!(
        rule_reason["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("threatneedle_keys.yar"))
    );
    assert!(
        rule_reason["evidence"][0]
            .as_str()
            .is_some_and(|e| e.starts_with("$key at 0x"))
    );

    let marker = run.finding("Windows/System32/bcdbootinfo.tlp");
    assert_eq!(marker["level"], "alert");
    assert_eq!(
        reasons(&marker),
        [(
            "filename".to_string(),
            r"\\System32\\bcdbootinfo\.tlp$".to_string(),
            90
        )]
    );
    assert_eq!(
        marker["reasons"][0]["description"],
        "ThreatNeedle installer marker: infection time and chosen service name"
    );

    let by_md5 = run.finding("Downloads/a.tmp");
    assert_eq!(
        reasons(&by_md5),
        [("hash".to_string(), md5_hex(&planted.md5_sample), 100)]
    );
    assert_eq!(by_md5["reasons"][0]["description"], "MD5 test sample");
    assert!(
        by_md5["reasons"][0]["source"]
            .as_str()
            .is_some_and(|s| s.ends_with("test-hash-iocs.txt:2"))
    );
    let by_sha1 = run.finding("Downloads/b.tmp");
    assert_eq!(
        reasons(&by_sha1),
        [("hash".to_string(), sha1_hex(&planted.sha1_sample), 90)]
    );
    let by_sha256 = run.finding("Downloads/c.tmp");
    assert_eq!(
        reasons(&by_sha256),
        [("hash".to_string(), sha256_hex(&planted.sha256_sample), 100)]
    );

    for benign in [
        "near.dll",
        "notes.txt",
        "ntnser.bin.txt",
        "alice/PCAudit.sys",
        "raw-key.bin",
        "kernel32.dll",
    ] {
        assert!(
            !run.has_finding(benign),
            "{benign} must not be flagged:\n{}",
            run.stdout
        );
    }
    assert_eq!(run.of_type("finding").len(), 5);

    let summary = run.summary();
    assert_eq!(summary["verdict"], "compromised");
    assert_eq!(summary["findings"]["alert"], 5);
    assert_eq!(summary["findings"]["warning"], 0);
    assert_eq!(summary["files_scanned"], 11);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["interrupted"], false);
    assert_eq!(summary["scanner"]["name"], "needle");
    assert_eq!(summary["scanner"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(summary["scanner"]["yara_x"], "1.22.1");
    assert_eq!(
        summary["signatures"]["digest"].as_str().map(str::len),
        Some(64)
    );
    assert_eq!(summary["signatures"]["iocs"]["md5"], 54 + 1);
    assert!(
        summary["signatures"]["rules"]
            .as_u64()
            .is_some_and(|n| n >= 3)
    );
    for field in ["host", "start", "end"] {
        assert!(
            summary[field].as_str().is_some_and(|s| !s.is_empty()),
            "{field}"
        );
    }
    assert_eq!(summary["os"]["family"], std::env::consts::OS);
    assert!(summary["bytes_scanned"].as_u64().is_some_and(|n| n > 0));
}

#[test]
fn text_report_names_each_file_and_reason_and_the_verdict() {
    let planted = planted_host();
    let ioc_arg = planted.ioc_file.to_str().expect("UTF-8").to_string();
    let root = planted.host.root().to_str().expect("UTF-8").to_string();
    let run = needle(["scan", "--iocs", &ioc_arg, &root]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("verdict: COMPROMISED"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("findings: 5 alert, 0 warning, 0 notice"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("ProgramData/ntnser.bin\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(
        "ThreatNeedle_Installer_RC4_Key: PE file carrying the ThreatNeedle installer RC4 key"
    ));
    assert!(
        !run.stdout.contains('\x1b'),
        "no colour when not on a terminal"
    );
}

#[test]
fn clean_tree_is_clean_with_exit_zero() {
    let host = Host::new();
    host.write("usr/bin/tool", &samples::build_elf(&ElfSpec::default()));
    host.write(
        "usr/lib/app.dll",
        &samples::build_pe(&PeSpec {
            dll: true,
            ..PeSpec::default()
        }),
    );
    host.write("etc/hosts", b"127.0.0.1 localhost\n");
    let run = scan_jsonl(&host, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.of_type("finding").is_empty(), "{}", run.stdout);
    let summary = run.summary();
    assert_eq!(summary["verdict"], "clean");
    assert_eq!(summary["files_scanned"], 3);
    assert_eq!(
        summary["findings"],
        serde_json::json!({"alert": 0, "warning": 0, "notice": 0})
    );
}

#[test]
fn elf_facts_are_reported() {
    let host = Host::new();
    let elf = samples::build_elf(&ElfSpec {
        with_symtab: true,
        payload: INSTALLER_KEY.to_vec(),
        ..ElfSpec::default()
    });
    host.write("opt/agent", &elf);
    let rules = Host::new();
    let rule = rules.write(
        "elf.yar",
        b"rule Any_ELF { meta: score = 60 condition: uint32(0) == 0x464c457f }",
    );
    let run = scan_jsonl(
        &host,
        &[
            "--no-default-signatures",
            "--rules",
            rule.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let finding = run.finding("opt/agent");
    assert_eq!(finding["level"], "warning");
    assert_eq!(finding["file_type"], "elf");
    assert_eq!(finding["binary"]["format"], "elf");
    assert_eq!(finding["binary"]["elf_type"], "DYN");
    assert_eq!(
        finding["binary"]["interpreter"],
        "/lib64/ld-linux-x86-64.so.2"
    );
    assert_eq!(finding["binary"]["stripped"], false);
    assert_eq!(finding["binary"]["machine"], "X86_64");
    assert_eq!(run.summary()["verdict"], "suspicious");
}

#[test]
fn bad_arguments_and_missing_paths_exit_two() {
    let run = needle(["scan", "--format", "xml", "/tmp"]);
    assert_eq!(run.code, 2);
    let run = needle(["scan", "--max-size", "lots", "/tmp"]);
    assert_eq!(run.code, 2);
    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "/nonexistent/needle-test-path",
    ]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let errors = run.of_type("error");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["path"], "/nonexistent/needle-test-path");
    assert_eq!(run.summary()["files_scanned"], 0);
    let run = needle(["scan", "--rules", "/nonexistent/rules.yar", "/tmp"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("/nonexistent/rules.yar"),
        "{}",
        run.stderr
    );
}

#[test]
fn default_signatures_can_be_dropped() {
    let host = Host::new();
    host.write("x/sample.exe", &pe_with(&INSTALLER_KEY));
    let flagged = scan_jsonl(&host, &[]);
    assert_eq!(flagged.code, 1);
    let dropped = scan_jsonl(&host, &["--no-default-signatures"]);
    assert_eq!(dropped.code, 0, "{}", dropped.stdout);
    assert_eq!(dropped.summary()["signatures"]["rules"], 0);
}

#[test]
fn broken_rule_file_is_reported_and_the_others_still_scan() {
    let host = Host::new();
    host.write(
        "data/sample.txt",
        b"needle-test-marker-one and needle-test-marker-two",
    );
    let rules = Host::new();
    rules.write("good.yar", b"rule Good_One { meta: score = 80 strings: $a = \"needle-test-marker-one\" condition: $a }");
    rules.write(
        "broken.yar",
        b"rule Fine { condition: false }\n\nrule Broken {\n  condition: $missing\n}\n",
    );
    rules.write("also_good.yara", b"rule Good_Two { meta: score = 10 strings: $a = \"needle-test-marker-two\" condition: $a }");
    rules.write("README.md", b"not a rule");
    let dir = rules.root().to_str().expect("UTF-8");
    let run = scan_jsonl(&host, &["--no-default-signatures", "--rules", dir]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let broken = rules.path("broken.yar");
    assert!(
        run.stderr.contains(&format!("{}:4:", broken.display())),
        "{}",
        run.stderr
    );
    let finding = run.finding("data/sample.txt");
    let mut ids: Vec<String> = reasons(&finding).into_iter().map(|r| r.1).collect();
    ids.sort();
    assert_eq!(ids, ["Good_One", "Good_Two"]);
    assert_eq!(run.summary()["signatures"]["rule_errors"], 1);
}

#[test]
fn nothing_compiling_is_fatal() {
    let rules = Host::new();
    let bad = rules.write("bad.yar", b"rule {");
    let run = needle([
        "scan",
        "--no-default-signatures",
        "--rules",
        bad.to_str().expect("UTF-8"),
        "/tmp",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains(&format!("--rules {}: nothing usable", bad.display())),
        "{}",
        run.stderr
    );
}

#[test]
fn ioc_file_with_bad_lines_reports_them_and_uses_the_rest() {
    let host = Host::new();
    let sample = b"ioc line test sample";
    host.write("srv/sample.bin", sample);
    host.write("srv/dropper.ps1", b"x");
    let iocs = Host::new();
    let hashes = iocs.write(
        "feed-hash-iocs.txt",
        format!(
            "zzzz;bad\n{};Feed sample\n1234;too short\n",
            md5_hex(sample)
        )
        .as_bytes(),
    );
    let names = iocs.write(
        "feed-filename-iocs.txt",
        b"# Dropper\n\\\\srv\\\\dropper\\.ps1$;70\n(unclosed;50\n",
    );
    let run = scan_jsonl(
        &host,
        &[
            "--iocs",
            hashes.to_str().expect("UTF-8"),
            "--iocs",
            names.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(run.code, 1);
    for line in [
        format!("{}:1:", hashes.display()),
        format!("{}:3:", hashes.display()),
        format!("{}:3:", names.display()),
    ] {
        assert!(
            run.stderr.contains(&line),
            "missing {line} in {}",
            run.stderr
        );
    }
    assert_eq!(
        run.finding("srv/sample.bin")["reasons"][0]["description"],
        "Feed sample"
    );
    assert_eq!(
        run.finding("srv/dropper.ps1")["reasons"][0]["description"],
        "Dropper"
    );
    assert_eq!(run.summary()["signatures"]["ioc_problems"], 3);
}

#[test]
fn allowlisted_hash_is_never_flagged() {
    let host = Host::new();
    let installer = pe_with(&INSTALLER_KEY);
    host.write("ProgramData/ntnser.bin", &installer);
    let iocs = Host::new();
    let allow = iocs.write(
        "my-falsepositive-hashes.txt",
        format!("{};vetted build\n", sha256_hex(&installer)).as_bytes(),
    );
    let run = scan_jsonl(&host, &["--iocs", allow.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.summary()["allowlisted"], 1);
}

#[test]
fn large_files_are_hashed_and_reported_not_rule_scanned() {
    let host = Host::new();
    let mut big = pe_with(&INSTALLER_KEY);
    big.resize(300 * 1024, 0x41);
    host.write("data/big.exe", &big);
    let iocs = Host::new();
    let feed = iocs.write(
        "big-hash-iocs.txt",
        format!("{};Big sample\n", sha256_hex(&big)).as_bytes(),
    );
    let run = scan_jsonl(
        &host,
        &[
            "--max-size",
            "100K",
            "--iocs",
            feed.to_str().expect("UTF-8"),
        ],
    );
    assert_eq!(run.code, 1);
    let finding = run.finding("data/big.exe");
    assert_eq!(finding["rule_scanned"], false);
    assert_eq!(finding["sha256"], sha256_hex(&big));
    assert_eq!(finding["size"], big.len());
    assert_eq!(
        reasons(&finding).len(),
        1,
        "only the hash: rules did not run"
    );
    let skipped = run.of_type("skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(skipped[0]["reason"], "too_large");
    assert_eq!(run.summary()["skipped"]["too_large"], 1);
}

/// A long file's MD5 may be paused while the rest of its batch is done and finished alongside
/// later batches' files (src/scan/worker.rs): its digest must still be exact, and so must the
/// other files'.
#[test]
fn md5_iocs_match_a_long_file_hashed_across_batches_and_the_files_around_it() {
    let host = Host::new();
    let long = noise(1, 12 << 20);
    host.write("data/long.bin", &long);
    let mut smalls = Vec::new();
    for i in 0..300 {
        let small = noise(i as u64 + 2, 40_000 + i * 97);
        host.write(format!("data/small/{i:03}.bin"), &small);
        smalls.push(small);
    }
    let iocs = Host::new();
    let feed = iocs.write(
        "batch-hash-iocs.txt",
        format!(
            "{};long file\n{};small file 0\n{};small file 299\n",
            md5_hex(&long),
            md5_hex(&smalls[0]),
            md5_hex(&smalls[299])
        )
        .as_bytes(),
    );
    let run = scan_jsonl(&host, &["--iocs", feed.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (path, data) in [
        ("data/long.bin", &long),
        ("data/small/000.bin", &smalls[0]),
        ("data/small/299.bin", &smalls[299]),
    ] {
        let finding = run.finding(path);
        assert_eq!(finding["md5"], md5_hex(data), "{finding}");
        assert_eq!(finding["sha256"], sha256_hex(data), "{finding}");
    }
    assert_eq!(run.of_type("finding").len(), 3);
    assert_eq!(run.summary()["files_scanned"], 301);
}

#[test]
fn excluded_paths_and_the_output_file_are_not_scanned() {
    let host = Host::new();
    host.write("keep/ntnser.bin", &pe_with(&INSTALLER_KEY));
    host.write("cache/ntnser.bin", &pe_with(&INSTALLER_KEY));
    host.write("keep/x.iso", &pe_with(&INSTALLER_KEY));
    let output = host.path("report.jsonl");
    let root = host.root().to_str().expect("UTF-8").to_string();
    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--exclude",
        "**/cache",
        "--exclude",
        "*.iso",
        "--output",
        output.to_str().expect("UTF-8"),
        &root,
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let report = util::Run {
        code: run.code,
        stdout: std::fs::read_to_string(&output).expect("report written"),
        stderr: String::new(),
    };
    assert!(report.has_finding("keep/ntnser.bin"));
    assert!(!report.has_finding("cache/ntnser.bin"));
    assert!(!report.has_finding("x.iso"));
    let summary = report.summary();
    assert_eq!(summary["files_scanned"], 1);
    assert_eq!(
        summary["excluded"], 3,
        "cache dir, iso and the report itself"
    );
}

#[test]
fn pseudo_filesystems_are_skipped_by_type() {
    if !Path::new("/proc/self").exists() {
        return; // not Linux
    }
    let run = needle(["scan", "--format", "jsonl", "-q", "/proc", "/sys"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let skipped = run.of_type("skipped");
    assert_eq!(skipped.len(), 2, "{}", run.stdout);
    assert!(skipped.iter().all(|s| s["reason"] == "pseudo_filesystem"));
    assert!(
        skipped[0]["detail"]
            .as_str()
            .is_some_and(|d| d.contains("proc"))
    );
    assert_eq!(run.summary()["files_scanned"], 0);
}

#[test]
fn c2_urls_inside_files_are_found_ascii_and_wide() {
    let host = Host::new();
    // Built at run time so this test's own source and binary never carry the indicator.
    let host_part = ["forum.iron-", "maiden.ru"].concat();
    let url = format!("{host_part}/core/cache/index.php");
    host.write(
        "etc/agent.conf",
        format!("server=https://{url}\n").as_bytes(),
    );
    let wide: Vec<u8> = format!("u={url};").bytes().flat_map(|b| [b, 0]).collect();
    host.write("var/cache.bin", &wide);
    host.write(
        "etc/other.conf",
        format!("server=https://{host_part}.example.org/core/cache/index.php\n").as_bytes(),
    );
    let run = scan_jsonl(&host, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for path in ["etc/agent.conf", "var/cache.bin"] {
        let finding = run.finding(path);
        let c2 = finding["reasons"]
            .as_array()
            .expect("array")
            .iter()
            .find(|r| r["kind"] == "c2")
            .expect("c2 reason")
            .clone();
        assert_eq!(c2["id"], format!("http://{url}"));
        assert_eq!(c2["score"], 80);
        assert_eq!(c2["description"], "ThreatNeedle first-stage C2 URL");
        assert!(
            c2["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("embedded:iocs/threatneedle-c2-iocs.txt:"))
        );
    }
    assert!(!run.has_finding("etc/other.conf"), "{}", run.stdout);
}

/// C2 indicators are searched by generated rules compiled with the rule files: they must work
/// with no rule file at all and next to a precompiled bundle, must not count as rules, and must
/// not make a rule directory that fails to compile look usable.
#[test]
fn c2_indicators_match_without_rule_files_and_are_not_counted_as_rules() {
    let host = Host::new();
    let domain = ["c2.needle-", "test.example"].concat();
    host.write("feeds/c2.txt", format!("{domain};90;Test C2\n").as_bytes());
    host.write("scan/beacon.cfg", format!("host={domain}\n").as_bytes());
    host.write(
        "scan/other.cfg",
        format!("host=not{domain} and {domain}.org\n").as_bytes(),
    );
    host.write(
        "rules/one.yar",
        b"rule needle_test_marker { strings: $a = \"needle-test-marker\" condition: $a }",
    );
    host.write("broken/bad.yar", b"rule broken { condition: nonsense }");
    let feed = host.path("feeds/c2.txt");
    let feed = feed.to_str().expect("temp dirs are UTF-8");
    let scanned = host.path("scan");
    let scanned = scanned.to_str().expect("temp dirs are UTF-8");
    let bundle = host.path("one.bundle");
    let bundle = bundle.to_str().expect("temp dirs are UTF-8");
    let rules = host.path("rules");
    let compiled = needle([
        "rules",
        "compile",
        rules.to_str().expect("UTF-8"),
        "-o",
        bundle,
    ]);
    assert_eq!(compiled.code, 0, "{}", compiled.stderr);

    let base = [
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--no-rule-cache",
        "--no-default-signatures",
    ];
    for extra in [vec![], vec!["--rules", bundle]] {
        let mut args = base.to_vec();
        args.extend(["--iocs", feed]);
        args.extend(extra.iter().copied());
        args.push(scanned);
        let run = needle(args);
        assert_eq!(run.code, 1, "{extra:?}: {}", run.stderr);
        let c2 = run.finding("beacon.cfg")["reasons"][0].clone();
        assert_eq!(
            (c2["kind"].as_str(), c2["id"].as_str()),
            (Some("c2"), Some(domain.as_str()))
        );
        assert_eq!(c2["evidence"][0], format!("{domain} at 0x5"));
        assert!(!run.has_finding("other.cfg"), "{}", run.stdout);
        let signatures = &run.summary()["signatures"];
        let expected_rules = if extra.is_empty() { 0 } else { 1 };
        assert_eq!(signatures["rules"], expected_rules, "{signatures}");
        assert_eq!(signatures["rule_files"], expected_rules, "{signatures}");
    }

    let broken = host.path("broken");
    let mut args = base.to_vec();
    args.extend([
        "--iocs",
        feed,
        "--rules",
        broken.to_str().expect("UTF-8"),
        scanned,
    ]);
    let run = needle(args);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("--rules {}: nothing usable", broken.display())),
        "{}",
        run.stderr
    );
}

/// A host laid out like an infected `C:\` with every file path the ThreatNeedle report names:
/// each artifact is reported, by the filename IOC written for it.
#[test]
fn threatneedle_host_layout_reports_every_planted_artifact() {
    let host = Host::new();
    let profile = "Users/engineer/AppData/Roaming";
    let artifacts = [
        ("ProgramData/ntnser.bin", r"\\ProgramData\\ntnser\.bin$"),
        ("ProgramData/ntusers.dat", r"\\ProgramData\\ntusers\.dat$"),
        (
            "ProgramData/Microsoft/MSDN/msdn.bin",
            r"\\ProgramData\\Microsoft\\MSDN\\msdn\.bin$",
        ),
        (
            "ProgramData/Adobe/load.dat",
            r"\\ProgramData\\Adobe\\(load\.dat|adobe\.tmp|up\.tmp|update\.tmp|unpack\.tmp|arm86\.dat)$",
        ),
        (
            "ProgramData/ntuser.bin",
            r"\\(ProgramData|AppData\\Roaming)\\ntuser\.bin$",
        ),
        ("PerfLogs/log.bin", r"\\PerfLogs\\log\.bin$"),
        (
            "Windows/System32/bcdbootinfo.tlp",
            r"\\System32\\bcdbootinfo\.tlp$",
        ),
        (
            "Windows/System32/PCAudit.sys",
            r"\\System32\\(Nwsapagent|SRService|NWCWorkstation|WmdmPmSp|PCAudit|helpsvc)\.sys$",
        ),
        (
            "Windows/system/mraudio.drv",
            r"\\Windows\\system\\(mraudio\.drv|avimovie\.dll)$",
        ),
        ("Windows/LogonHours.sys", r"\\Windows\\LogonHours\.sys$"),
        (
            "Windows/SysWOW64/wmdmpmsp.sys",
            r"\\SysWOW64\\wmdmpmsp\.sys$",
        ),
        (
            "Users/engineer/Documents/Boeing_AERO_GS.docx",
            r"\\Boeing_AERO_GS\.docx$",
        ),
    ];
    let in_profile = [
        (
            "Microsoft/DRM/logon.bin",
            r"\\AppData\\Roaming\\Microsoft\\DRM\\logon\.(bin|dat)$",
        ),
        (
            "Microsoft/info.dat",
            r"\\AppData\\Roaming\\Microsoft\\info\.dat$",
        ),
        (
            "Microsoft/Windows/shsvcs.db",
            r"\\AppData\\Roaming\\Microsoft\\Windows\\(shsvcs|lconcaches)\.db$",
        ),
        (
            "Microsoft/OutIook.db",
            r"\\AppData\\Roaming\\Microsoft\\(OutIook\.db|IBM\.DAT|thumbnails\.db)$",
        ),
        (
            "Microsoft/Windows/Start Menu/Programs/Startup/OneDrives.lnk",
            r"\\Start Menu\\Programs\\Startup\\OneDrives\.lnk$",
        ),
        ("Comms/Comms.dat", r"\\AppData\\Roaming\\Comms\\Comms\.dat$"),
        ("Comms/cab59.tmp", r"\\AppData\\Roaming\\Comms\\cab59\.tmp$"),
        (
            "PBL/user.tmp",
            r"\\AppData\\Roaming\\PBL\\(user|update)\.tmp$",
        ),
    ];
    let mut planted = Vec::new();
    for (path, pattern) in artifacts {
        host.write(path, format!("synthetic stand-in for {path}").as_bytes());
        planted.push((path.to_string(), pattern));
    }
    for (path, pattern) in in_profile {
        let path = format!("{profile}/{path}");
        host.write(&path, format!("synthetic stand-in for {path}").as_bytes());
        planted.push((path, pattern));
    }
    host.write("Windows/System32/kernel32.dll", b"benign");
    host.write(
        format!("{profile}/Microsoft/Windows/Start Menu/Programs/Startup/OneDrive.lnk"),
        b"benign",
    );

    let run = scan_jsonl(&host, &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (path, pattern) in &planted {
        let finding = run.finding(path);
        let ids: Vec<&str> = finding["reasons"]
            .as_array()
            .expect("array")
            .iter()
            .map(|r| r["id"].as_str().expect("id"))
            .collect();
        assert!(ids.contains(pattern), "{path}: {ids:?}");
    }
    assert_eq!(
        run.of_type("finding").len(),
        planted.len(),
        "the benign files are not flagged"
    );
    assert_eq!(run.summary()["verdict"], "compromised");
}
