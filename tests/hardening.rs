//! Signatures that fail loud: a `--rules` or `--iocs` argument that gives nothing usable stops
//! the scan (exit 2) instead of letting it call the host clean without them; a set that is only
//! partly usable is scanned with, and every file left out is an error the summary and the
//! verdict name. Files in an IOC folder that are no IOC lists (a README) are passed over, as LOKI
//! does. `--max-time` stops a scan with a partial report that says so.

mod util;

use std::path::PathBuf;

use util::{Host, Run, needle};

fn scan_with(host: &Host, extra: &[&str]) -> Run {
    let mut args = vec!["scan", "--format", "jsonl", "-q"];
    args.extend_from_slice(extra);
    args.push(host.root().to_str().expect("UTF-8 temp path"));
    needle(args)
}

const RULE: &[u8] = b"rule Marker { strings: $a = \"needle-hardening-marker\" condition: $a }\n";

/// `source` written to `NAME.yar` in `dir` and compiled into `NAME.bundle` there.
fn compile_bundle(dir: &Host, name: &str, source: &[u8]) -> PathBuf {
    let source = dir.write(format!("{name}.yar"), source);
    let bundle = dir.path(&format!("{name}.bundle"));
    let compiled = needle([
        "rules",
        "compile",
        source.to_str().expect("UTF-8"),
        "-o",
        bundle.to_str().expect("UTF-8"),
    ]);
    assert_eq!(compiled.code, 0, "{}", compiled.stderr);
    bundle
}

#[test]
fn a_truncated_bundle_stops_the_scan_instead_of_a_clean_verdict() {
    let dir = Host::new();
    let bundle = compile_bundle(&dir, "marker", RULE);
    let whole = std::fs::read(&bundle).expect("the bundle");
    assert!(whole.len() > 1000, "{} bytes", whole.len());
    let truncated = dir.write("truncated.bundle", &whole[..1000]);

    let host = Host::new();
    host.write("a.txt", b"nothing here");
    let run = scan_with(&host, &["--rules", truncated.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains(&format!(
            "--rules {}: nothing usable ({}: [bundle]",
            truncated.display(),
            truncated.display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "no verdict: {}", run.stdout);
}

/// A file laid out as an older needle's compiled rules (bundle format 1, the serialised rules in
/// clear behind a header and their SHA-256), holding `payload`.
fn clear_text_bundle(payload: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let mut out = b"NEEDLE-RULES\0".to_vec();
    out.extend_from_slice(&1u32.to_le_bytes());
    for text in ["0.1.0", "1.0.0"] {
        out.extend_from_slice(&(text.len() as u32).to_le_bytes());
        out.extend_from_slice(text.as_bytes());
    }
    out.extend_from_slice(&[0; 32]);
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&Sha256::digest(payload));
    out.extend_from_slice(payload);
    out
}

/// needle's bundles hold no pattern in clear, so nothing allows them: a copy of one is scanned
/// like any file and matches nothing. A file laid out as an older needle's bundle, which held
/// the patterns in clear, is not rule-scanned but listed as such, and IOCs still apply: a
/// payload wrapped in such a header hides from the rules only as a file above `--max-size` does.
#[test]
fn compiled_rules_match_nothing_and_a_forged_old_bundle_is_listed_not_rule_scanned() {
    let dir = Host::new();
    let bundle = compile_bundle(&dir, "marker", RULE);
    // Compiled rules not in use, holding the same pattern (the one in use is allowed as a
    // signature file, whatever it holds).
    let other = compile_bundle(
        &dir,
        "other",
        &[RULE, b"rule Other { condition: false }\n"].concat(),
    );

    let payload = b"MZ... needle-hardening-marker ...";
    let forged_known = clear_text_bundle(&[&payload[..], b" known"].concat());
    let host = Host::new();
    host.write(
        "copies/marker.bundle",
        &std::fs::read(&bundle).expect("bundle"),
    );
    host.write(
        "copies/other.bundle",
        &std::fs::read(&other).expect("bundle"),
    );
    host.write("plain/payload.bin", payload);
    host.write("forged/payload.bundle", &clear_text_bundle(payload));
    host.write("forged/known.bundle", &forged_known);
    let iocs = Host::new();
    iocs.write(
        "hash-iocs.txt",
        format!("{};forged bundle\n", util::sha256_hex(&forged_known)).as_bytes(),
    );
    // The second scan, from the scan cache, analyses the files passed over again.
    let cache = dir.path("scan.cache");
    for round in ["first", "second"] {
        let run = scan_with(
            &host,
            &[
                "--rules",
                bundle.to_str().expect("UTF-8"),
                "--iocs",
                iocs.root().to_str().expect("UTF-8"),
                "--cache",
                cache.to_str().expect("UTF-8"),
            ],
        );
        assert_eq!(run.code, 1, "{round}: {}", run.stderr);
        assert!(run.has_finding("plain/payload.bin"), "{}", run.stdout);
        assert!(!run.has_finding("copies/other.bundle"), "{}", run.stdout);
        assert!(!run.has_finding("forged/payload.bundle"), "{}", run.stdout);
        assert!(run.has_finding("forged/known.bundle"), "{}", run.stdout);
        let mut passed_over: Vec<String> = run
            .of_type("skipped")
            .iter()
            .map(|s| {
                let path = s["path"].as_str().expect("path");
                let name = path.rsplit('/').take(2).collect::<Vec<_>>();
                format!("{}/{} {}", name[1], name[0], s["reason"])
            })
            .collect();
        passed_over.sort();
        assert_eq!(
            passed_over,
            [
                "forged/known.bundle \"rules_in_clear\"",
                "forged/payload.bundle \"rules_in_clear\""
            ],
            "{round}: {}",
            run.stdout
        );
        // Only the copy of the bundle in use.
        assert_eq!(run.summary()["allowlisted"], 1, "{round}: {}", run.stdout);
    }
}

#[test]
fn a_folder_of_broken_files_and_a_special_file_stop_the_scan() {
    let host = Host::new();
    host.write("a.txt", b"nothing here");
    let rules = Host::new();
    rules.write("one.yar", b"rule {");
    rules.write("two.yara", b"rule Two { condition: nothing_defined }");
    let run = scan_with(&host, &["--rules", rules.root().to_str().expect("UTF-8")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("nothing usable"), "{}", run.stderr);
    assert!(
        run.stderr.contains("one.yar: line 1: [E001]"),
        "{}",
        run.stderr
    );

    // A folder of hash lists whose every line is bad.
    let iocs = Host::new();
    iocs.write("bad-hash-iocs.txt", b"not-a-hash;x\nalso-not;y\n");
    let run = scan_with(&host, &["--iocs", iocs.root().to_str().expect("UTF-8")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr
            .contains(&format!("--iocs {}: nothing usable", iocs.root().display())),
        "{}",
        run.stderr
    );

    // A FIFO named as an IOC file would block a reader: refused, not read.
    let fifo = iocs.path("pipe-hash-iocs.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = scan_with(&host, &["--iocs", fifo.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(run.stderr.contains("not a regular file"), "{}", run.stderr);
}

#[test]
fn a_partly_broken_set_is_used_and_every_left_out_file_is_an_error_the_verdict_names() {
    let host = Host::new();
    host.write("marked.txt", b"xx needle-hardening-marker xx");
    let rules = Host::new();
    rules.write("good.yar", RULE);
    let bad = rules.write("bad.yar", b"rule {");
    let run = scan_with(&host, &["--rules", rules.root().to_str().expect("UTF-8")]);
    // The good file's rule still fires.
    assert_eq!(run.code, 1, "{}", run.stderr);
    let finding = run.finding("marked.txt");
    assert_eq!(finding["reasons"][0]["id"], "Marker");
    let errors = run.of_type("error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["path"], bad.display().to_string());
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("signature file left out: line 1: [E001]")),
        "{}",
        errors[0]
    );
    let summary = run.summary();
    assert_eq!(summary["errors"], 1);
    assert_eq!(
        summary["signatures"]["left_out"][0]
            .as_str()
            .map(|s| s.starts_with(&format!("{}: line 1:", bad.display()))),
        Some(true),
        "{summary}"
    );

    // The text report says so beside the verdict, also when it is clean.
    let clean = Host::new();
    clean.write("a.txt", b"nothing");
    let run = needle([
        "scan",
        "-q",
        "--rules",
        rules.root().to_str().expect("UTF-8"),
        clean.root().to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("signatures INCOMPLETE: 1 files left out"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("verdict: CLEAN (signatures incomplete)"),
        "{}",
        run.stdout
    );
}

/// The `iocs/` folder of signature-base as published: three lists, a README and a keyword list
/// (which LOKI does not load either).
#[test]
fn an_ioc_folder_with_a_readme_and_a_keyword_list_checks_clean() {
    let iocs = Host::new();
    iocs.write(
        "README.txt",
        b"Files in this directory will be initialised according to strings in their filename.\n",
    );
    iocs.write(
        "keywords.txt",
        b"# MALICIOUS KEYWORDS\n\n# Mimikatz\nsekurlsa::logonpasswords\n",
    );
    iocs.write(
        "hash-iocs.txt",
        b"# Test\nd41d8cd98f00b204e9800998ecf8427e;empty file (test)\n",
    );
    iocs.write("filename-iocs.txt", b"# Test\n\\\\evil\\.exe$;70\n");
    iocs.write("c2-iocs.txt", b"# Test\nevil[.]example;90\n");
    let path = iocs.root().to_str().expect("UTF-8");
    let run = needle(["iocs", "check", path]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    for name in ["README.txt", "keywords.txt"] {
        assert!(
            run.stderr.contains(&format!(
                "needle: note: {}: not an IOC list",
                iocs.path(name).display()
            )),
            "{}",
            run.stderr
        );
    }
    assert!(
        run.stdout.contains("3 files: 1 MD5")
            && run.stdout.contains("; 0 problems; 2 files passed over"),
        "{}",
        run.stdout
    );

    // The scan uses the lists and says nothing of the README under -q.
    let host = Host::new();
    host.write("Users/bob/evil.exe", b"MZ");
    let run = scan_with(&host, &["--iocs", path]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(run.summary()["errors"], 0);

    // Named on its own, a README is no IOC list: nothing usable.
    let run = scan_with(
        &host,
        &["--iocs", iocs.path("README.txt").to_str().expect("UTF-8")],
    );
    assert_eq!(run.code, 2, "{}", run.stdout);
}

/// `--max-time`: the scan stops when its window closes, reports what it scanned with a summary
/// marked as such, names the targets it never reached, and exits 3 (no verdict for the host).
#[test]
fn max_time_stops_the_scan_with_a_marked_partial_report() {
    let host = Host::new();
    for i in 0..3000 {
        host.write(format!("data/{}/file{i}.txt", i % 30), b"ordinary content");
    }
    let image = host.write("later/disk.img", &vec![0u8; 1 << 20]);
    let run = needle([
        "scan",
        "-q",
        "--format",
        "jsonl",
        "--max-time",
        "1ms",
        host.path("data").to_str().expect("UTF-8"),
        "--image",
        image.to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    let summary = run.summary();
    assert_eq!(summary["interrupted"], true);
    assert_eq!(summary["time_limit_reached"], true);
    assert_eq!(summary["verdict"], "clean");
    assert!(
        summary["files_scanned"].as_u64().is_some_and(|n| n < 3000),
        "{summary}"
    );
    assert!(
        run.stderr.contains(&format!(
            "not scanned (stopped before it): the image {}",
            image.display()
        )),
        "{}",
        run.stderr
    );

    // Text says it beside the verdict.
    let run = needle([
        "scan",
        "-q",
        "--max-time",
        "1ms",
        host.path("data").to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 3);
    assert!(
        run.stdout.contains(", STOPPED AT --max-time"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("verdict: CLEAN (of what was scanned before --max-time)"),
        "{}",
        run.stdout
    );

    // A window long enough changes nothing.
    let small = Host::new();
    small.write("ProgramData/ntnser.bin", &util::installer_pe());
    let run = scan_with(&small, &["--max-time", "10m"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let summary = run.summary();
    assert_eq!(summary["interrupted"], false);
    assert!(summary.get("time_limit_reached").is_none(), "{summary}");
}
