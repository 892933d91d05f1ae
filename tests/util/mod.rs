//! Test harness: a temporary host tree to plant files in, and the real `needle` binary to run
//! against it (the ripgrep `Dir` + `TestCommand` pattern).
#![allow(dead_code)]

pub mod exfat;
pub mod images;
pub mod macho;
pub mod samples;
// The library's runner of fixture tools, included by path: integration tests cannot see the
// library's `#[cfg(test)]` modules.
#[path = "../../src/test_tools.rs"]
pub mod test_tools;
// The library's deterministic generator of test bytes, included by path the same way.
#[path = "../../src/test_rng.rs"]
pub mod test_rng;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Longest a single needle run may take in a test before it counts as hung.
const RUN_LIMIT: Duration = Duration::from_secs(120);

/// A scratch directory laid out like a host (or a `C:\` drive).
pub struct Host {
    dir: tempfile::TempDir,
}

impl Host {
    pub fn new() -> Host {
        Host {
            dir: tempfile::tempdir().expect("creating a temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    /// Writes a file (creating its parent directories) and returns its path.
    pub fn write(&self, relative: impl AsRef<Path>, content: &[u8]) -> PathBuf {
        let path = self.dir.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a parent"))
            .expect("creating dirs");
        std::fs::write(&path, content).expect("writing a fixture file");
        path
    }
}

/// The result of one needle run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The JSON Lines records of stdout, each checked to be a JSON object.
    pub fn records(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                serde_json::from_str::<Value>(line)
                    .unwrap_or_else(|e| panic!("bad JSON line {line:?}: {e}"))
            })
            .inspect(|record| assert!(record.is_object(), "{record}"))
            .collect()
    }

    /// The records of one type.
    pub fn of_type(&self, kind: &str) -> Vec<Value> {
        self.records()
            .into_iter()
            .filter(|r| r["type"] == kind)
            .collect()
    }

    /// The summary record, which must be the last line.
    pub fn summary(&self) -> Value {
        let records = self.records();
        let last = records
            .last()
            .unwrap_or_else(|| panic!("no output; stderr: {}", self.stderr))
            .clone();
        assert_eq!(last["type"], "summary", "last record is the summary");
        assert_eq!(records.iter().filter(|r| r["type"] == "summary").count(), 1);
        last
    }

    /// The finding for a path ending with `suffix`, which must exist exactly once.
    pub fn finding(&self, suffix: &str) -> Value {
        let found: Vec<Value> = self
            .of_type("finding")
            .into_iter()
            .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "one finding for {suffix}; output:\n{}",
            self.stdout
        );
        found.into_iter().next().expect("checked above")
    }

    pub fn has_finding(&self, suffix: &str) -> bool {
        self.of_type("finding")
            .iter()
            .any(|f| f["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
    }
}

/// Reads a JSON Lines report back into needle's report model and writes it out again: every
/// line must come back byte for byte, with no problem noted.
pub fn assert_reads_back(jsonl: &str) {
    use needle::report::Reporter;
    let read = needle::report::jsonl::read(jsonl.as_bytes()).expect("reading from memory");
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let mut written = Vec::new();
    let mut writer = needle::report::jsonl::JsonLines::new(&mut written);
    for record in &read.records {
        writer.write(record).expect("writing to memory");
    }
    let written = String::from_utf8(written).expect("JSON is UTF-8");
    for (line, (original, again)) in jsonl.lines().zip(written.lines()).enumerate() {
        assert_eq!(
            original,
            again,
            "line {} differs after reading back",
            line + 1
        );
    }
    assert_eq!(jsonl.lines().count(), written.lines().count());
}

pub fn needle_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_needle"))
}

/// Runs needle with `args`, failing the test if it runs longer than [`RUN_LIMIT`].
pub fn needle<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(needle_binary());
    // Compiled `--rules` sets are cached under XDG_CACHE_HOME: keep the tests' out of $HOME.
    command.args(args).env(
        "XDG_CACHE_HOME",
        std::env::temp_dir().join("needle-test-cache"),
    );
    run(command)
}

/// `needle scan --format jsonl -q EXTRA... TARGETS...`.
pub fn scan(targets: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<String> = ["scan", "--format", "jsonl", "-q"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(targets.iter().map(|p| p.to_string_lossy().into_owned()));
    needle(args)
}

/// Runs a prepared command under the time limit and collects its output.
pub fn run(mut command: Command) -> Run {
    let child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting needle");
    let output = wait_limited(child);
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("needle writes UTF-8"),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn wait_limited(mut child: std::process::Child) -> Output {
    let started = Instant::now();
    // Read pipes on threads so a chatty child never blocks on a full pipe while we poll.
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let out = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buffer).map(|_| buffer)
    });
    let err = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buffer).map(|_| buffer)
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for needle") {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            panic!("needle did not finish within {RUN_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("reader thread").expect("reading stdout"),
        stderr: err.join().expect("reader thread").expect("reading stderr"),
    }
}

/// Hex digests of `data`, to write IOC lists and check reported hashes.
pub fn md5_hex(data: &[u8]) -> String {
    use md5::Digest;
    hex::encode(md5::Md5::digest(data))
}

pub fn sha1_hex(data: &[u8]) -> String {
    use sha1::Digest;
    hex::encode(sha1::Sha1::digest(data))
}

pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

/// A PE with `payload` in its `.rdata` section.
pub fn pe_with(payload: &[u8]) -> Vec<u8> {
    let mut spec = samples::PeSpec::default();
    spec.sections.push(samples::PeSection {
        name: ".rdata",
        data: payload.to_vec(),
        executable: false,
    });
    samples::build_pe(&spec)
}

/// A synthetic ThreatNeedle installer: a PE carrying the installer key and the service-creation
/// imports (flagged by the pack's installer rule).
pub fn installer_pe() -> Vec<u8> {
    let mut spec = samples::PeSpec::default();
    spec.sections.push(samples::PeSection {
        name: ".rdata",
        data: INSTALLER_KEY.to_vec(),
        executable: false,
    });
    spec.imports = vec![
        ("KERNEL32.dll", vec!["CreateServiceA", "StartServiceA"]),
        ("ws2_32.dll", vec!["connect"]),
    ];
    samples::build_pe(&spec)
}

/// The ThreatNeedle installer RC4 key (public, from the intel sheet).
pub const INSTALLER_KEY: [u8; 16] = [
    0xB6, 0xB7, 0x2D, 0x8C, 0x6B, 0x5F, 0x14, 0xDF, 0xB1, 0x38, 0xA1, 0x73, 0x89, 0xC1, 0xD2, 0xC4,
];

/// Deterministic junk bytes: the same for the same seed, so a failure replays.
pub fn noise(seed: u64, length: usize) -> Vec<u8> {
    test_rng::Rng::new(seed).bytes(length)
}
