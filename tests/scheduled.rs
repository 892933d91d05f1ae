//! Scheduled-scan options: the scan cache, priority and CPU budget.

mod util;

use util::{Host, INSTALLER_KEY, needle, pe_with};

fn scan_cached(host: &Host, cache: &std::path::Path, extra: &[&str]) -> util::Run {
    let mut args = vec![
        "scan",
        "--format",
        "jsonl",
        "--cache",
        cache.to_str().expect("UTF-8"),
    ];
    args.extend_from_slice(extra);
    args.push(host.root().to_str().expect("UTF-8"));
    needle(args)
}

fn finding_ids(run: &util::Run) -> Vec<String> {
    let mut ids: Vec<String> = run
        .of_type("finding")
        .iter()
        .map(|f| format!("{} {}", f["path"].as_str().expect("path"), f["reasons"]))
        .collect();
    ids.sort();
    ids
}

#[test]
fn unchanged_files_come_from_the_cache_and_changes_are_rescanned() {
    let host = Host::new();
    host.write("ProgramData/ntnser.bin", &pe_with(&INSTALLER_KEY));
    host.write("bin/truncated.exe", &util::samples::truncated_pe());
    for i in 0..50 {
        host.write(
            format!("data/file{i}.txt"),
            format!("ordinary file {i}").as_bytes(),
        );
    }
    let state = Host::new();
    let cache = state.path("scan.cache");

    let first = scan_cached(&host, &cache, &[]);
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert_eq!(first.summary()["cached"], 0);
    assert!(cache.exists());

    let second = scan_cached(&host, &cache, &[]);
    assert_eq!(second.code, 1);
    assert_eq!(
        finding_ids(&second),
        finding_ids(&first),
        "identical findings from the cache"
    );
    assert_eq!(second.of_type("note").len(), 1, "notes are replayed too");
    let summary = second.summary();
    assert_eq!(summary["cached"], 52, "{summary}");
    assert_eq!(summary["files_scanned"], 52);
    assert_eq!(summary["bytes_scanned"], 0);

    // Same size, new content: the stamp (mtime/ctime) changed, so the file is read again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let mut replaced = pe_with(&INSTALLER_KEY);
    let last = replaced.len() - 1;
    replaced[last] ^= 0x01;
    host.write("data/file7.txt", &replaced[..b"ordinary file 7".len()]);
    host.write("data/file8.txt", &pe_with(&INSTALLER_KEY));
    let third = scan_cached(&host, &cache, &[]);
    assert_eq!(third.summary()["cached"], 50);
    assert!(
        third.has_finding("data/file8.txt"),
        "a changed file is rescanned: {}",
        third.stdout
    );
}

#[test]
fn changed_signatures_or_a_damaged_cache_mean_a_full_rescan() {
    let host = Host::new();
    host.write("a/sample.bin", b"scheduled-scan sample");
    let state = Host::new();
    let cache = state.path("scan.cache");
    assert_eq!(scan_cached(&host, &cache, &[]).code, 0);
    assert_eq!(scan_cached(&host, &cache, &[]).summary()["cached"], 1);

    let iocs = Host::new();
    let feed = iocs.write(
        "new-hash-iocs.txt",
        format!("{};New intel\n", util::sha256_hex(b"scheduled-scan sample")).as_bytes(),
    );
    let with_new_intel = scan_cached(&host, &cache, &["--iocs", feed.to_str().expect("UTF-8")]);
    assert_eq!(with_new_intel.code, 1, "new IOCs apply to unchanged files");
    let summary = with_new_intel.summary();
    assert_eq!(summary["cached"], 0);
    assert!(
        summary["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("another needle version, signature set")),
        "{summary}"
    );

    let bytes = std::fs::read(&cache).expect("cache written");
    std::fs::write(&cache, &bytes[..bytes.len() - 3]).expect("truncate");
    let damaged = scan_cached(&host, &cache, &["--iocs", feed.to_str().expect("UTF-8")]);
    assert_eq!(damaged.code, 1);
    let summary = damaged.summary();
    assert_eq!(summary["cached"], 0);
    assert!(
        summary["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("damaged")),
        "{summary}"
    );
    assert_eq!(
        scan_cached(&host, &cache, &["--iocs", feed.to_str().expect("UTF-8")]).summary()["cached"],
        1,
        "rebuilt"
    );
}

#[test]
fn nice_and_cpu_limit_still_scan_everything() {
    let host = Host::new();
    host.write("ProgramData/ntnser.bin", &pe_with(&INSTALLER_KEY));
    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--nice",
        "--cpu-limit",
        "20",
        "-j",
        "1",
        host.root().to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(run.has_finding("ProgramData/ntnser.bin"));
    let bad = needle(["scan", "--cpu-limit", "0", "/tmp"]);
    assert_eq!(bad.code, 2);
}
