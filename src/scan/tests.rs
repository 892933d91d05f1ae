//! The pipeline's handling of what only shows across files: a registry hive that was not cleanly
//! written gets its transaction log from beside it, both on the live filesystem (the worker reads
//! it) and inside a disk image (the feed holds the hive back until the walk passes the log).

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use globset::GlobSet;
use indicatif::ProgressBar;

use super::{ScanOptions, Target, run};
use crate::analysis::AnalyzerConfig;
use crate::report::jsonl::{self, JsonLines};
use crate::report::{Record, Reporter};
use crate::signatures::{self, SignatureOptions};
use crate::source::image::container::Format;
use crate::source::registry::REG_SZ;
use crate::source::registry::tests::builder::{TestKey, utf16z};
use crate::source::registry::tests::logs::dirty_hive_and_log;
use crate::source::tree::WalkOptions;
use crate::test_tools;

/// A user's hive whose Run key gains, in the log only, a value starting ThreatNeedle's installer.
fn user_hive(with_updater: bool) -> TestKey {
    let mut run = TestKey::new("Run");
    if with_updater {
        run = run.value("Updater", REG_SZ, utf16z(r"C:\ProgramData\ntnser.bin"));
    }
    let software = TestKey::new("Software").child(
        TestKey::new("Microsoft")
            .child(TestKey::new("Windows").child(TestKey::new("CurrentVersion").child(run))),
    );
    TestKey::new("ROOT")
        .child(software)
        .child(TestKey::new("Environment"))
}

/// Writes the hive, and its log when `with_log`, under `Users/alice` of `root`.
fn plant(root: &Path, with_log: bool) {
    let (hive, log) = dirty_hive_and_log(&user_hive(false), &user_hive(true));
    let profile = root.join("Users/alice");
    std::fs::create_dir_all(&profile).expect("profile directory");
    std::fs::write(profile.join("NTUSER.DAT"), hive).expect("write the hive");
    if with_log {
        std::fs::write(profile.join("ntuser.dat.LOG1"), log).expect("write the log");
    }
}

/// Scans `target` with the built-in signatures and returns its records.
fn scan(target: Target) -> Vec<Record> {
    let signatures = signatures::load(&SignatureOptions {
        embedded: true,
        rule_paths: Vec::new(),
        ioc_paths: Vec::new(),
        relaxed_re_syntax: false,
        rule_cache: None,
    })
    .expect("the built-in signatures load");
    let options = ScanOptions {
        walk: WalkOptions {
            cross_fs: false,
            excludes: GlobSet::empty(),
            own_files: Vec::new(),
        },
        analyzer: AnalyzerConfig {
            complete_all: false,
            max_size: 64 << 20,
            timeout: Duration::from_secs(30),
        },
        threads: 2,
        cache: None,
        cpu_limit: None,
        autostarts_only: false,
        expand: super::ExpandOptions::default(),
        host_name: None,
        deadline: None,
        inventory: false,
    };
    let mut out = Vec::new();
    let mut reporter = JsonLines::new(&mut out);
    run(
        &signatures,
        &options,
        target,
        &mut reporter as &mut dyn Reporter,
        &ProgressBar::hidden(),
        &AtomicBool::new(false),
    )
    .expect("the scan runs");
    jsonl::read(out.as_slice())
        .expect("reading from memory")
        .records
}

/// The level of the Run value's autostart entry, if the scan found it.
fn updater_level(records: &[Record]) -> Option<Option<String>> {
    records.iter().find_map(|record| match record {
        Record::Autostart(entry) if entry.path.path.ends_with(r"CurrentVersion\Run\Updater") => {
            Some(entry.level.map(|level| level.name().to_string()))
        }
        _ => None,
    })
}

fn notes(records: &[Record]) -> Vec<String> {
    records
        .iter()
        .filter_map(|record| match record {
            Record::Note(note) => Some(note.note.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_dirty_hive_on_the_live_filesystem_is_read_with_its_log() {
    let dir = tempfile::tempdir().expect("temp dir");
    plant(dir.path(), true);
    let records = scan(Target::Live {
        roots: vec![dir.path().to_path_buf()],
        processes: false,
    });
    assert_eq!(updater_level(&records), Some(Some("alert".to_string())));
    assert!(
        notes(&records)
            .iter()
            .any(|n| n.starts_with("applied 1 log entries from ntuser.dat.LOG1")),
        "{:?}",
        notes(&records)
    );

    let without = tempfile::tempdir().expect("temp dir");
    plant(without.path(), false);
    let records = scan(Target::Live {
        roots: vec![without.path().to_path_buf()],
        processes: false,
    });
    assert_eq!(
        updater_level(&records),
        None,
        "the value is only in the log"
    );
    assert!(
        notes(&records)
            .iter()
            .any(|n| n.contains("no transaction log"))
    );
}

#[test]
fn a_dirty_hive_inside_a_disk_image_is_read_with_its_log() {
    if !test_tools::available(&["mkfs.fat", "mcopy"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = dir.path().join("tree");
    plant(&tree, true);
    let image: PathBuf = dir.path().join("fat.img");
    let image_text = image.to_str().expect("UTF-8");
    test_tools::run("mkfs.fat", &["-C", image_text, "8192"], &[0]);
    let users = tree.join("Users");
    test_tools::run(
        "mcopy",
        &[
            "-s",
            "-i",
            image_text,
            users.to_str().expect("UTF-8"),
            "::/",
        ],
        &[0],
    );
    let records = scan(Target::Image {
        path: image,
        format: Format::Raw,
        hash: false,
    });
    assert_eq!(updater_level(&records), Some(Some("alert".to_string())));
    assert!(
        notes(&records)
            .iter()
            .any(|n| n.starts_with("applied 1 log entries from")),
        "{:?}",
        notes(&records)
    );
}
