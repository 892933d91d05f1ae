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
    assert!(run.stdout.contains("47 C2 URLs"), "{}", run.stdout);
    assert!(run.stdout.contains("2 registry"), "{}", run.stdout);
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
    assert!(
        run.stderr
            .contains(&format!("{}: cannot tell the IOC kind", files[4].display())),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("5 files: 1 MD5, 0 SHA-1, 0 SHA-256, 1 filename, 0 false-positive hashes, 1 C2 domains, 0 C2 URLs, 0 C2 IPs, 1 registry; 5 problems"), "{}", run.stdout);
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
