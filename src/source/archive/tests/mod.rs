//! Tests of the archive readers against archives made by the real tools at test time, the
//! ClamAV test files, the limits, and damaged or hostile input.

mod formats;
mod hostile;
mod limits;

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::{Budget, Content, Flow, Kind, Limits, Problem, members};
pub(super) use crate::test_rng::Rng;

/// What the visitor saw of one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seen {
    Data(Vec<u8>),
    Encrypted,
    Unsupported(String),
    Damaged(String),
}

#[derive(Debug, Clone)]
pub(super) struct SeenMember {
    pub name: String,
    pub declared_size: Option<u64>,
    pub seen: Seen,
    /// The error reading stopped at, if any.
    pub read_error: Option<String>,
}

/// Lists `data`, reading every member whole.
pub(super) fn list(kind: Kind, data: &[u8], limits: &Limits) -> (Vec<SeenMember>, Vec<Problem>) {
    let budget = Budget::new(limits);
    list_with(kind, data, limits, &budget)
}

pub(super) fn list_with(
    kind: Kind,
    data: &[u8],
    limits: &Limits,
    budget: &Budget,
) -> (Vec<SeenMember>, Vec<Problem>) {
    let mut seen = Vec::new();
    let problems = members(kind, data, limits, budget, &mut |member| {
        let mut read_error = None;
        let content = match member.content {
            Content::Data(reader) => {
                let mut bytes = Vec::new();
                if let Err(error) = reader.read_to_end(&mut bytes) {
                    read_error = Some(error.to_string());
                }
                Seen::Data(bytes)
            }
            Content::Encrypted => Seen::Encrypted,
            Content::Unsupported(what) => Seen::Unsupported(what),
            Content::Damaged(why) => Seen::Damaged(why),
        };
        seen.push(SeenMember {
            name: member.name,
            declared_size: member.declared_size,
            seen: content,
            read_error,
        });
        Flow::Continue
    });
    (seen, problems)
}

/// Lists `data`, reading each member to a sink through a small buffer; returns member names,
/// bytes read and problems. For large expansions, where keeping the bytes would defeat the test.
pub(super) fn drain_all(
    kind: Kind,
    data: &[u8],
    limits: &Limits,
    budget: &Budget,
) -> (Vec<String>, u64, Vec<Problem>) {
    let mut names = Vec::new();
    let mut total = 0u64;
    let problems = members(kind, data, limits, budget, &mut |member| {
        names.push(member.name);
        if let Content::Data(reader) = member.content {
            let mut buffer = [0u8; 64 * 1024];
            loop {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(count) => total += count as u64,
                }
            }
        }
        Flow::Continue
    });
    (names, total, problems)
}

pub(super) fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The data of the member called `name`, failing the test if it is missing or not data.
pub(super) fn data_of<'m>(seen: &'m [SeenMember], name: &str) -> &'m [u8] {
    let member = seen
        .iter()
        .find(|member| member.name == name)
        .unwrap_or_else(|| panic!("no member {name:?} in {:?}", names(seen)));
    assert_eq!(member.read_error, None, "reading {name}");
    match &member.seen {
        Seen::Data(bytes) => bytes,
        other => panic!("member {name:?} is {other:?}"),
    }
}

pub(super) fn names(seen: &[SeenMember]) -> Vec<&str> {
    seen.iter().map(|member| member.name.as_str()).collect()
}

/// A directory removed when the test ends.
pub(super) struct Scratch(PathBuf);

impl Scratch {
    pub fn new(label: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "archivework-{}-{label}-{unique}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).expect("create scratch directory");
        Scratch(path)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn dir(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `name` (creating parent directories) and returns its path.
    pub fn write(&self, name: &str, contents: &[u8]) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create parent directory");
        }
        fs::write(&path, contents).expect("write scratch file");
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        fs::read(self.path(name)).unwrap_or_else(|error| panic!("read {name}: {error}"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs a tool, failing the test with a message naming it when it is missing or fails.
pub(super) fn run(tool: &str, args: &[&str], dir: &Path) -> Vec<u8> {
    let output = Command::new(tool)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("test tool `{tool}` is missing or cannot run ({error}); install it (Debian: python3, p7zip-full, gcab, zstd, xz-utils, bzip2)"));
    assert!(
        output.status.success(),
        "`{tool} {}` failed: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Runs a Python 3 script in `dir`.
pub(super) fn python(script: &str, dir: &Path) -> Vec<u8> {
    run("python3", &["-c", script], dir)
}

/// Runs a tool fed `length` zero bytes on its standard input, returning its standard output.
pub(super) fn run_on_zeros(tool: &str, args: &[&str], length: u64) -> Vec<u8> {
    let mut child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("test tool `{tool}` is missing or cannot run ({error})"));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let feeder = std::thread::spawn(move || {
        let chunk = vec![0u8; 1 << 20];
        let mut left = length;
        while left > 0 {
            let now = left.min(chunk.len() as u64) as usize;
            stdin.write_all(&chunk[..now])?;
            left -= now as u64;
        }
        Ok::<_, io::Error>(())
    });
    let mut output = Vec::new();
    child
        .stdout
        .take()
        .expect("piped stdout")
        .read_to_end(&mut output)
        .expect("read tool output");
    feeder.join().expect("feeder thread").expect("feed zeros");
    assert!(
        child.wait().expect("wait for tool").success(),
        "`{tool}` failed"
    );
    output
}

pub(super) const CLAM_DIR: &str = "/usr/share/clamav-testfiles";

pub(super) fn clam_file(name: &str) -> Vec<u8> {
    let path = Path::new(CLAM_DIR).join(name);
    fs::read(&path).unwrap_or_else(|error| {
        panic!(
            "{} is missing ({error}); install Debian's clamav-testfiles",
            path.display()
        )
    })
}

/// The process's peak resident memory, from /proc (Linux), in bytes.
pub(super) fn peak_memory() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// CRC-32 (IEEE), for patching the checksums of archives made hostile on purpose.
pub(super) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}
