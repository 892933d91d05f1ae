//! Scheduled-scan options: the scan cache, priority and CPU budget.

mod util;

use util::samples::{ZipEntry, ZipMethod, build_zip};
use util::{Host, INSTALLER_KEY, installer_pe, needle, pe_with};

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
fn clean_containers_come_from_the_cache_and_flagged_ones_are_read_again() {
    let host = Host::new();
    let zip = |name: &str, data: Vec<u8>| {
        build_zip(&[
            ZipEntry::new(name, data, ZipMethod::Deflated),
            ZipEntry::new("readme.txt", b"read me".to_vec(), ZipMethod::Deflated),
        ])
    };
    host.write(
        "dl/clean.zip",
        &zip("notes.txt", b"nothing to see".to_vec()),
    );
    host.write(
        "dl/loader.zip",
        &zip("setup/update_helper.dll", installer_pe()),
    );
    let state = Host::new();
    let cache = state.path("scan.cache");

    let first = scan_cached(&host, &cache, &[]);
    assert_eq!(first.code, 1, "{}", first.stderr);
    assert_eq!(first.summary()["members_scanned"], 4);
    let second = scan_cached(&host, &cache, &[]);
    assert_eq!(finding_ids(&second), finding_ids(&first));
    assert!(second.has_finding("dl/loader.zip!setup/update_helper.dll"));
    let summary = second.summary();
    // The clean zip is answered whole; the one with a flagged member is opened again.
    assert_eq!(summary["cached"], 1, "{summary}");
    assert_eq!(summary["members_scanned"], 2, "{summary}");

    // At depth 0 no container is opened; a cache made so must not answer a scan that opens
    // them (it would hide the loader), so other container settings mean a full rescan.
    let flat = state.path("flat.cache");
    let shallow = scan_cached(&host, &flat, &["--archive-depth", "0"]);
    assert!(!shallow.has_finding("dl/loader.zip!setup/update_helper.dll"));
    assert_eq!(
        scan_cached(&host, &flat, &["--archive-depth", "0"]).summary()["cached"],
        2
    );
    let deep = scan_cached(&host, &flat, &[]);
    let summary = deep.summary();
    assert_eq!(summary["cached"], 0, "{summary}");
    assert!(deep.has_finding("dl/loader.zip!setup/update_helper.dll"));
    let warning = summary["warnings"][0].as_str().unwrap_or_default();
    assert!(warning.contains("container settings"), "{summary}");
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

    // A cache others could have written (to mark their files unchanged) is not trusted.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let shared = scan_cached(&host, &cache, &["--iocs", feed.to_str().expect("UTF-8")]);
    let summary = shared.summary();
    assert_eq!(summary["cached"], 0);
    assert!(
        summary["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("not a private file of this user")),
        "{summary}"
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

/// A scheduled scan caches the compiled built-in pack too, and the cache entry (deflated: it holds
/// no pattern or C2 indicator in clear) is never flagged, even when it lies under the scanned
/// tree.
#[test]
fn scheduled_scans_cache_the_compiled_pack_and_never_flag_the_entry() {
    let host = Host::new();
    host.write("ProgramData/ntnser.bin", &pe_with(&INSTALLER_KEY));
    host.write("etc/plain.conf", b"nothing here");
    let scan_cache = host.path("var/scan.cache");
    let xdg = host.path("home/.cache");
    let run = || {
        let mut command = std::process::Command::new(util::needle_binary());
        command
            .args(["scan", "--format", "jsonl", "--cache"])
            .arg(&scan_cache)
            .arg(host.root())
            .env("XDG_CACHE_HOME", &xdg);
        util::run(command)
    };
    let mut rule_counts = Vec::new();
    for round in ["first", "second"] {
        let run = run();
        assert_eq!(run.code, 1, "{round}: {}", run.stderr);
        // Compiled or from the cache, the generated C2 rules are not counted as rules.
        rule_counts.push(run.summary()["signatures"]["rules"].clone());
        let entries: Vec<String> = std::fs::read_dir(xdg.join("needle"))
            .expect("rule cache written")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            entries.iter().any(|name| name.ends_with(".bundle")),
            "{round}: {entries:?}"
        );
        let findings = run.of_type("finding");
        let flagged: Vec<&str> = findings
            .iter()
            .filter_map(|f| f["path"].as_str())
            .filter(|path| !path.ends_with("ntnser.bin"))
            .collect();
        assert!(flagged.is_empty(), "{round}: {flagged:?}");
        assert!(run.has_finding("ProgramData/ntnser.bin"), "{round}");
    }
    assert_eq!(rule_counts[0], rule_counts[1]);

    // Compiled rules elsewhere (a stale cache entry, a bundle a user keeps, a damaged copy)
    // hold no pattern in clear: they match nothing, allowed or not.
    let entry = std::fs::read_dir(xdg.join("needle"))
        .expect("rule cache")
        .map(|e| e.expect("entry").path())
        .find(|path| path.extension().is_some_and(|e| e == "bundle"))
        .expect("a bundle");
    let bundle = std::fs::read(&entry).expect("read the entry");
    host.write("old-cache/rules-0000.bundle", &bundle);
    host.write("damaged/rules.bundle", &bundle[..bundle.len() - 1]);
    let run = run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.has_finding("ProgramData/ntnser.bin"));
    for copy in ["old-cache/rules-0000.bundle", "damaged/rules.bundle"] {
        assert!(!run.has_finding(copy), "{copy}: {}", run.stdout);
    }
    assert_eq!(run.summary()["allowlisted"], 0, "{}", run.stdout);
}
