//! Differential tests against hivex, the registry library Debian ships (python3-hivex):
//! hivex writes a hive we read, and reads hives our test builder writes.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::builder::{ListKind, TestKey, build, multi_sz, utf16z};
use super::dump;
use crate::source::registry::{Hive, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD, REG_SZ};

const SCRIPT: &str = include_str!("hivex_dump.py");

struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let path =
            std::env::temp_dir().join(format!("hivework-{label}-{}-{unique}", std::process::id()));
        fs::create_dir_all(&path).expect("temporary directory");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs the hivex script (the tests check first that python3 has the hivex module).
fn hivex(hive: &Path, mode: &str) -> String {
    let output = crate::test_tools::command("python3")
        .arg("-c")
        .arg(SCRIPT)
        .arg(hive)
        .arg(mode)
        .output()
        .unwrap_or_else(|error| panic!("cannot run python3: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "hivex {mode} failed: {stderr}");
    String::from_utf8(output.stdout).expect("hivex dump is UTF-8")
}

fn assert_same_as_hivex(hive_path: &Path) -> Vec<String> {
    let expected: Vec<String> = hivex(hive_path, "dump")
        .lines()
        .map(str::to_string)
        .collect();
    let hive = Hive::open(fs::read(hive_path).unwrap()).unwrap();
    assert!(hive.notes().is_empty(), "{:?}", hive.notes());
    let (lines, errors) = dump(&hive);
    assert!(errors.is_empty(), "{errors:?}");
    if let Some((ours, theirs)) = lines
        .iter()
        .zip(&expected)
        .find(|(ours, theirs)| ours != theirs)
    {
        panic!("first difference:\n ours:  {ours}\n hivex: {theirs}");
    }
    assert_eq!(lines.len(), expected.len());
    lines
}

#[test]
fn reads_a_hive_written_by_hivex_as_hivex_does() {
    if !crate::test_tools::python_modules(&["hivex"]) {
        return;
    }
    let dir = TempDir::new("hivex-written");
    let path = dir.0.join("hive");
    fs::write(&path, build(&TestKey::new("ROOT"))).unwrap();
    hivex(&path, "populate");
    let lines = assert_same_as_hivex(&path);
    let keys = lines.iter().filter(|line| line.starts_with("K\t")).count();
    assert!(keys > 300, "{keys} keys");
    for expected in [
        "K\tGröße",
        "K\tКлюч\\Key044",
        "K\t日本語のキー\\Key015\\Nested ß 15",
        "V\tBigData\tBlob20k\t3\t",
    ] {
        assert!(
            lines.iter().any(|line| line.starts_with(expected)),
            "missing {expected}"
        );
    }
    let hive = Hive::open(fs::read(&path).unwrap()).unwrap();
    let big = hive
        .key("bigdata")
        .unwrap()
        .unwrap()
        .value("text40K")
        .unwrap()
        .unwrap();
    assert_eq!(big.text().unwrap().len(), 20000);
}

#[test]
fn hivex_reads_builder_hives_as_we_do() {
    if !crate::test_tools::python_modules(&["hivex"]) {
        return;
    }
    let mut many = TestKey::new("Many").list(ListKind::Ri(7));
    many.subkeys = (0..40)
        .map(|i| TestKey::new(&format!("Child{i:02}")))
        .collect();
    let root = TestKey::new("ROOT").list(ListKind::Lf).child(many).child(
        TestKey::new("Values")
            .list(ListKind::Li)
            .value("", REG_SZ, utf16z("default"))
            .value("dword", REG_DWORD, 7u32.to_le_bytes())
            .value("qword", REG_QWORD, 9u64.to_le_bytes())
            .value("multi", REG_MULTI_SZ, multi_sz(&["x", "y"]))
            .value(
                "big",
                REG_BINARY,
                (0..50_000).map(|i| (i % 256) as u8).collect::<Vec<_>>(),
            )
            .child(TestKey::new("Größe").child(TestKey::new("Ключ"))),
    );
    let dir = TempDir::new("builder-written");
    let path = dir.0.join("hive");
    fs::write(&path, build(&root)).unwrap();
    let lines = assert_same_as_hivex(&path);
    assert_eq!(
        lines
            .iter()
            .filter(|line| line.starts_with("K\tMany\\"))
            .count(),
        40
    );
}
