//! `needle rules check|list` and `needle iocs check`.

mod util;

use util::{Host, needle};

#[test]
fn rules_check_passes_on_the_builtin_pack() {
    let run = needle(["rules", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains(" 0 errors"), "{}", run.stdout);
}

#[test]
fn rules_check_reports_file_and_line_and_fails() {
    let rules = Host::new();
    rules.write("good.yar", b"rule Good { condition: true }");
    let broken = rules.write(
        "broken.yar",
        b"rule A { condition: true }\nrule B {\n  strings: $a = \"x\"\n  condition: $b\n}\n",
    );
    let run = needle(["rules", "check", rules.root().to_str().expect("UTF-8")]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!("{}:4:", broken.display())),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("1 rule files compiled, 1 rules; 1 errors"),
        "{}",
        run.stdout
    );
}

#[test]
fn rules_list_shows_every_builtin_rule_with_score_and_meta() {
    let run = needle(["rules", "list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rules: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON array");
    let rules = rules.as_array().expect("array");
    assert!(rules.len() >= 3);
    for rule in rules {
        for key in [
            "description",
            "reference",
            "author",
            "date",
            "score",
            "mitre_attack",
            "keys_on",
        ] {
            assert!(
                !rule["meta"][key].is_null(),
                "{} lacks meta {key}",
                rule["name"]
            );
        }
        assert_eq!(rule["score"], rule["meta"]["score"]);
    }
    let installer = rules
        .iter()
        .find(|r| r["name"] == "ThreatNeedle_Installer_RC4_Key")
        .expect("listed");
    assert_eq!(installer["score"], 85);
    assert_eq!(installer["source"], "embedded:rules/threatneedle_keys.yar");

    let text = needle(["rules", "list"]);
    assert!(
        text.stdout.lines().any(|l| l
            .trim_start()
            .starts_with("85  ThreatNeedle_Installer_RC4_Key")),
        "{}",
        text.stdout
    );
}

#[test]
fn iocs_check_counts_the_builtin_pack() {
    let run = needle(["iocs", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("54 MD5"), "{}", run.stdout);
    assert!(run.stdout.contains("122 C2 URLs"), "{}", run.stdout);
    assert!(run.stdout.contains("5 registry"), "{}", run.stdout);
    assert!(run.stdout.ends_with("0 problems\n"), "{}", run.stdout);
}

#[test]
fn iocs_check_reports_bad_lines_of_each_kind() {
    let iocs = Host::new();
    let files = [
        iocs.write(
            "x-hash-iocs.txt",
            b"d41d8cd98f00b204e9800998ecf8427e;Empty\nnot-a-hash;x\n",
        ),
        iocs.write(
            "x-filename-iocs.txt",
            b"# Evil\n\\\\evil\\.exe$;70\n(bad;70\n",
        ),
        iocs.write("x-c2-iocs.txt", b"evil[.]example;90\nnot a domain\n"),
        iocs.write(
            "x-registry-iocs.txt",
            b"HKLM\\Software\\Evil;Run;80\nSoftware\\NoHive;Run;80\n",
        ),
        iocs.write("notes.txt", b"just some text\n"),
    ];
    let run = needle(["iocs", "check", iocs.root().to_str().expect("UTF-8")]);
    assert_eq!(run.code, 1);
    for (file, line) in [
        (&files[0], ":2:"),
        (&files[1], ":3:"),
        (&files[2], ":2:"),
        (&files[3], ":2:"),
    ] {
        let needle_text = format!("{}{line}", file.display());
        assert!(
            run.stderr.contains(&needle_text),
            "missing {needle_text} in {}",
            run.stderr
        );
    }
    // A file in the folder that is no IOC list is passed over with a note, as LOKI does.
    assert!(
        run.stderr.contains(&format!(
            "needle: note: {}: not an IOC list (cannot tell the IOC kind",
            files[4].display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("4 files: 1 MD5, 0 SHA-1, 0 SHA-256, 1 filename, 0 false-positive hashes, 1 C2 domains, 0 C2 URLs, 0 C2 IPs, 1 registry; 4 problems; 1 files passed over (not IOC lists)"), "{}", run.stdout);
}

/// The pack's own files on disk (the source tree, an install directory) are never flagged,
/// though they spell out every indicator.
#[test]
fn scanning_the_signature_sources_finds_nothing() {
    let signatures = concat!(env!("CARGO_MANIFEST_DIR"), "/signatures");
    let run = needle(["scan", "--format", "jsonl", "-q", signatures]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let summary = run.summary();
    assert!(
        summary["allowlisted"].as_u64().is_some_and(|n| n >= 4),
        "{summary}"
    );
    assert_eq!(summary["allowlisted"], summary["files_scanned"]);
}

#[test]
fn compiled_bundles_scan_like_their_sources_and_damage_is_refused() {
    let rules = Host::new();
    rules.write("marker.yar", b"rule Bundle_Marker { meta: score = 90 strings: $a = \"bundle-marker-7f3e\" condition: $a }");
    rules.write("broken.yar", b"rule Broken { condition: $x }");
    let bundle = rules.path("out/marker.bundle");
    std::fs::create_dir_all(rules.path("out")).expect("mkdir");
    let bundle_arg = bundle.to_str().expect("UTF-8").to_string();
    let run = needle([
        "rules",
        "compile",
        rules.root().to_str().expect("UTF-8"),
        "-o",
        &bundle_arg,
    ]);
    assert_eq!(run.code, 1, "a broken source is reported: {}", run.stderr);
    assert!(run.stderr.contains("broken.yar:1:"), "{}", run.stderr);
    assert!(
        run.stdout.contains("1 rules from 1 files"),
        "{}",
        run.stdout
    );

    let host = Host::new();
    host.write("data/sample.txt", b"xx bundle-marker-7f3e xx");
    let root = host.root().to_str().expect("UTF-8").to_string();
    let scan = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--no-default-signatures",
        "--rules",
        &bundle_arg,
        &root,
    ]);
    assert_eq!(scan.code, 1, "{}", scan.stderr);
    assert_eq!(
        scan.finding("data/sample.txt")["reasons"][0]["id"],
        "Bundle_Marker"
    );
    assert_eq!(scan.summary()["signatures"]["rules"], 1);

    let bytes = std::fs::read(&bundle).expect("bundle written");
    let truncated = rules.write("truncated.bundle", &bytes[..bytes.len() - 100]);
    let mut flipped_bytes = bytes.clone();
    let last = flipped_bytes.len() - 1;
    flipped_bytes[last] ^= 0x55;
    let flipped = rules.write("flipped.bundle", &flipped_bytes);
    for (path, message) in [
        (&truncated, "truncated rule bundle"),
        (&flipped, "rule bundle is corrupted"),
    ] {
        let run = needle([
            "scan",
            "-q",
            "--no-default-signatures",
            "--rules",
            path.to_str().expect("UTF-8"),
            &root,
        ]);
        assert_eq!(run.code, 2, "nothing usable is fatal: {}", run.stderr);
        assert!(run.stderr.contains(message), "{}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        // Also with the built-in pack loaded: the rules asked for are not there, and a verdict
        // without them is no answer (tests/hardening.rs).
        let run = needle([
            "scan",
            "--format",
            "jsonl",
            "-q",
            "--rules",
            path.to_str().expect("UTF-8"),
            &root,
        ]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(run.stderr.contains(message), "{}", run.stderr);
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
}

#[test]
fn user_rules_are_compiled_once_then_served_from_the_cache() {
    let cache = Host::new();
    let rules = Host::new();
    rules.write("cached.yar", b"rule Cached_Marker { meta: score = 90 strings: $a = \"cache-marker-51ab\" condition: $a }");
    let host = Host::new();
    host.write("x.txt", b"cache-marker-51ab");
    let args = [
        "scan",
        "--format",
        "jsonl",
        "--no-default-signatures",
        "--rules",
        rules.root().to_str().expect("UTF-8"),
        host.root().to_str().expect("UTF-8"),
    ];
    let run_with_cache = || {
        let mut command = std::process::Command::new(util::needle_binary());
        command.args(args).env("XDG_CACHE_HOME", cache.root());
        util::run(command)
    };
    let first = run_with_cache();
    assert_eq!(first.code, 1, "{}", first.stderr);
    let entries: Vec<_> = std::fs::read_dir(cache.path("needle"))
        .expect("cache dir created")
        .collect();
    assert_eq!(entries.len(), 2, "a bundle and its problems file");
    let second = run_with_cache();
    assert_eq!(second.code, 1);
    assert!(second.stderr.is_empty(), "{}", second.stderr);
    assert_eq!(
        first.finding("x.txt")["reasons"],
        second.finding("x.txt")["reasons"]
    );
    // A damaged entry is reported and rebuilt, never trusted.
    for entry in std::fs::read_dir(cache.path("needle")).expect("cache dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "bundle") {
            std::fs::write(&path, b"NEEDLE-RULES\0garbage").expect("damage");
        }
    }
    let third = run_with_cache();
    assert_eq!(third.code, 1, "{}", third.stderr);
    assert!(
        third.stderr.contains("unusable") && third.stderr.contains("rebuilt"),
        "{}",
        third.stderr
    );
}

/// Legacy sets: a regex YARA-X only takes in relaxed mode, an unknown module, and the LOKI/THOR
/// external variables (testdata/rules/legacy).
#[test]
fn legacy_rule_sets_load_with_their_failures_reported_once() {
    let legacy = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/rules/legacy");
    let strict = needle(["rules", "check", legacy]);
    assert_eq!(strict.code, 1);
    let errors: Vec<&str> = strict
        .stderr
        .lines()
        .filter(|l| l.contains("rule error"))
        .collect();
    assert_eq!(errors.len(), 2, "{}", strict.stderr);
    assert!(
        errors.iter().any(|e| e.contains("relaxed_regex.yar:8:")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("unknown_module.yar:2:") && e.contains("unknown module")),
        "{errors:?}"
    );

    let relaxed = needle(["rules", "check", "--relaxed-re-syntax", legacy]);
    assert_eq!(relaxed.code, 1, "the unknown module still fails");
    assert_eq!(
        relaxed
            .stderr
            .lines()
            .filter(|l| l.contains("rule error"))
            .count(),
        1,
        "{}",
        relaxed.stderr
    );

    let host = Host::new();
    host.write(
        "opt/scripts/run.ps1",
        b"externals-marker-4d2a legacy-marker{x",
    );
    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--no-default-signatures",
        "--relaxed-re-syntax",
        "--rules",
        legacy,
        host.root().to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let finding = run.finding("opt/scripts/run.ps1");
    let mut ids: Vec<&str> = finding["reasons"]
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    ids.sort();
    assert_eq!(ids, ["Legacy_Unescaped_Brace", "Loki_Externals_Marker"]);
}
