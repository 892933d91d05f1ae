//! Test helpers shared by the filesystem readers' tests: a raw image file as a volume, walks
//! that hash every file or stop early, and the same listing from a source tree and from The
//! Sleuth Kit.

use std::collections::BTreeMap;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use sha2::{Digest, Sha256};

use super::{FileSystem, FsItem};
use crate::source::image::disk::{Disk, Slice};

struct FileDisk {
    file: std::fs::File,
    size: u64,
}

impl Disk for FileDisk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let mut done = 0;
        while done < buf.len() {
            let n = self.file.read_at(&mut buf[done..], offset + done as u64)?;
            if n == 0 {
                break;
            }
            done += n;
        }
        Ok(done)
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn format(&self) -> String {
        "raw".into()
    }
}

/// The whole image file as one volume.
pub fn slice(image: &Path) -> Slice {
    let file = std::fs::File::open(image).expect("open image");
    let size = file.metadata().expect("image metadata").len();
    let disk: Box<dyn Disk> = Box::new(FileDisk { file, size });
    Slice::new(Arc::new(Mutex::new(disk)), 0, size)
}

pub fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

pub fn file_sha256(path: &Path) -> String {
    sha256(&std::fs::read(path).expect("read file"))
}

/// What a walk reported, with each file's content hashed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seen {
    File {
        names: Vec<Vec<u8>>,
        size: u64,
        sha256: String,
    },
    Link(Vec<u8>),
    Special(Vec<u8>, &'static str),
    NotScanned(Vec<u8>, String),
    Error(Vec<u8>, String),
}

/// Walks `fs`, reading every file in chunks of up to 1 MiB as the scanner does.
pub fn walk_all(fs: &mut dyn FileSystem) -> Vec<Seen> {
    let mut seen = Vec::new();
    fs.walk(&AtomicBool::new(false), &mut |item| {
        seen.push(match item {
            FsItem::File(file) => {
                let mut hasher = Sha256::new();
                let mut buf = vec![0; 1 << 20];
                let mut read = 0u64;
                loop {
                    match file.content.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            hasher.update(&buf[..n]);
                            read += n as u64;
                        }
                        Err(e) => {
                            return seen
                                .push(Seen::Error(file.names[0].clone(), format!("read: {e}")));
                        }
                    }
                }
                if read != file.size {
                    return seen.push(Seen::Error(
                        file.names[0].clone(),
                        format!("read {read} bytes of {}", file.size),
                    ));
                }
                Seen::File {
                    names: file.names,
                    size: file.size,
                    sha256: hex::encode(hasher.finalize()),
                }
            }
            FsItem::Link { path } => Seen::Link(path),
            FsItem::Special { path, kind } => Seen::Special(path, kind),
            FsItem::NotScanned { path, reason, .. } => Seen::NotScanned(path, reason),
            FsItem::Error { path, message } => Seen::Error(path, message),
        })
    });
    seen
}

/// How many items a walk hands out when it is told to stop at the first.
pub fn items_after_stop(fs: &mut dyn FileSystem) -> usize {
    let stop = AtomicBool::new(false);
    let mut items = 0;
    fs.walk(&stop, &mut |_| {
        items += 1;
        stop.store(true, Ordering::Relaxed);
    });
    items
}

/// Every name of every file read, with the SHA-256 of its content.
pub fn files_by_path(seen: &[Seen]) -> BTreeMap<Vec<u8>, String> {
    let mut files = BTreeMap::new();
    for item in seen {
        if let Seen::File { names, sha256, .. } = item {
            for name in names {
                assert!(
                    files.insert(name.clone(), sha256.clone()).is_none(),
                    "{} reported twice",
                    String::from_utf8_lossy(name)
                );
            }
        }
    }
    files
}

/// Asserts two path -> SHA-256 listings are equal, printing only where they differ.
pub fn assert_same_files(
    actual: &BTreeMap<Vec<u8>, String>,
    expected: &BTreeMap<Vec<u8>, String>,
    context: &str,
) {
    let show = |path: &Vec<u8>| String::from_utf8_lossy(path).into_owned();
    let missing: Vec<_> = expected
        .keys()
        .filter(|p| !actual.contains_key(*p))
        .map(show)
        .collect();
    let extra: Vec<_> = actual
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .map(show)
        .collect();
    let differ: Vec<_> = expected
        .iter()
        .filter(|(p, sha)| actual.get(*p).is_some_and(|a| a != *sha))
        .map(|(p, _)| show(p))
        .collect();
    assert!(
        missing.is_empty() && extra.is_empty() && differ.is_empty(),
        "{context}: missing {missing:?}, unexpected {extra:?}, different content {differ:?}"
    );
}

pub fn errors(seen: &[Seen]) -> Vec<&Seen> {
    seen.iter()
        .filter(|item| matches!(item, Seen::Error(..)))
        .collect()
}

/// The regular files under `root` as `/relative/path` -> SHA-256.
pub fn tree_files(root: &Path) -> BTreeMap<Vec<u8>, String> {
    fn visit(root: &Path, dir: &Path, files: &mut BTreeMap<Vec<u8>, String>) {
        for entry in std::fs::read_dir(dir).expect("read source dir") {
            let path = entry.expect("source entry").path();
            let kind = std::fs::symlink_metadata(&path).expect("stat").file_type();
            if kind.is_dir() {
                visit(root, &path, files);
            } else if kind.is_file() {
                let relative = path.strip_prefix(root).expect("under root");
                let mut name = b"/".to_vec();
                name.extend_from_slice(relative.as_os_str().as_bytes());
                files.insert(name, file_sha256(&path));
            }
        }
    }
    let mut files = BTreeMap::new();
    visit(root, root, &mut files);
    files
}

fn output(program: &str, args: &[&[u8]]) -> Vec<u8> {
    let args: Vec<&std::ffi::OsStr> = args
        .iter()
        .map(|a| std::ffi::OsStr::from_bytes(a))
        .collect();
    let output = crate::test_tools::command(program)
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The allocated regular files The Sleuth Kit lists (`fls -r -p`), read with `icat`; its
/// virtual entries ($MBR, $FAT1, $OrphanFiles...) are not regular files and drop out.
pub fn tsk_files(image: &Path) -> BTreeMap<Vec<u8>, String> {
    let image = image.as_os_str().as_bytes();
    let listing = output("fls", &[b"-r", b"-p", image]);
    let mut files = BTreeMap::new();
    for line in listing.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
        let tab = line
            .iter()
            .position(|&b| b == b'\t')
            .expect("fls line has a tab");
        let (head, path) = (&line[..tab], &line[tab + 1..]);
        let head = String::from_utf8_lossy(head);
        let mut fields = head.split_whitespace();
        if fields.next() != Some("r/r") {
            continue;
        }
        let inode = fields.next().expect("fls inode");
        if inode == "*" || path.starts_with(b"$") || path.ends_with(b"(Volume Label Entry)") {
            continue;
        }
        let inode = inode.trim_end_matches(':').trim_end_matches("(realloc)");
        let content = output("icat", &[image, inode.as_bytes()]);
        files.insert([b"/", path].concat(), sha256(&content));
    }
    files
}

/// The start of the Linux-like trees the inode filesystems' tests copy onto images.
pub const LINUX_BASICS: [(&str, &[u8]); 5] = [
    ("etc/passwd", b"root:x:0:0:root:/root:/bin/sh\n"),
    ("etc/hostname", b"bridge\n"),
    ("usr/bin/tool", b"#!/bin/sh\necho tool\n"),
    ("empty", b""),
    ("hard/one", b"one file, two names"),
];

/// Checks the walk of a fuzz seed written by `scripts/fuzz-seeds` for an inode filesystem: no
/// error, `/hello.txt` and the link `/dir/link` there, and `many` files under `/many/`.
pub fn assert_fuzz_seed_read_whole(seen: &[Seen], seed: &str, many: usize) {
    assert_eq!(errors(seen), Vec::<&Seen>::new(), "{seed}");
    let files = files_by_path(seen);
    assert_eq!(
        files.get(&b"/hello.txt"[..]).map(String::as_str),
        Some(sha256(b"hello\n").as_str()),
        "{seed}"
    );
    assert!(seen.contains(&Seen::Link(b"/dir/link".to_vec())), "{seed}");
    let listed = files
        .keys()
        .filter(|path| path.starts_with(b"/many/"))
        .count();
    assert_eq!(listed, many, "{seed}");
}

/// Writes `bytes`, a damaged image, to `dir/name` and walks it as `open` reads it: None when it
/// does not open.
pub fn walk_hostile<F: FileSystem + 'static>(
    dir: &Path,
    name: &str,
    bytes: Vec<u8>,
    open: fn(Slice) -> io::Result<F>,
) -> Option<Vec<Seen>> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write hostile image");
    within_a_minute(move || match open(slice(&path)) {
        Ok(mut fs) => {
            let _ = fs.root_names();
            Some(walk_all(&mut fs))
        }
        Err(_) => None,
    })
}

/// The volume an input of a filesystem's fuzz target stands for (a disk in the sparse encoding
/// of [`crate::fuzzing::SparseDisk`]).
pub fn fuzz_volume(input: &[u8]) -> Slice {
    crate::fuzzing::SparseDisk::decode(input).into_volume()
}

/// Runs `work` on another thread, failing the test if it takes longer than a minute: a
/// hostile image must not hang the reader.
pub fn within_a_minute<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    result
        .recv_timeout(Duration::from_secs(60))
        .expect("the reader hung (or panicked) on a hostile image")
}

/// Deterministic pseudo-random bytes.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u8
        })
        .collect()
}

/// Where Debian's forensics-samples packages install their images and the files copied in.
pub const FORENSICS_SAMPLES: &str = "/usr/share/forensics-samples";

/// The filesystem of Debian's `fs.NAME.xz` sample (`forensics-samples-NAME`), decompressed into
/// `dir` without its partition table: every sample holds one partition at sector 2048.
pub fn debian_sample(name: &str, dir: &Path) -> std::path::PathBuf {
    let compressed = Path::new(FORENSICS_SAMPLES).join(format!("fs.{name}.xz"));
    let whole = output("xz", &[b"-dc", compressed.as_os_str().as_bytes()]);
    let partition = dir.join(format!("{name}.part"));
    std::fs::write(&partition, &whole[2048 * 512..]).expect("write sample partition");
    partition
}

/// The files Debian's sample images were made from (`forensics-samples-files`), as
/// `/dir/name` -> SHA-256: the directories whose names end in 2 were deleted from the images
/// after the copy. Two PNG files were rewritten when Debian built the package
/// (strip-nondeterminism drops their timestamp chunks); the images hold them as they were, with
/// these digests (The Sleuth Kit's `icat` gives the same).
pub fn debian_sample_originals() -> BTreeMap<Vec<u8>, String> {
    let mut files: BTreeMap<Vec<u8>, String> =
        tree_files(&Path::new(FORENSICS_SAMPLES).join("original-files"))
            .into_iter()
            .filter(|(path, _)| {
                let dir = path.split(|&b| b == b'/').nth(1).unwrap_or_default();
                !dir.ends_with(b"2")
            })
            .collect();
    for (path, sha256) in [
        (
            "/pic1/debian.png",
            "a331c17e8e1c28e734937353b633708b8e0c0816ee5ff1926e89cff957a68f08",
        ),
        (
            "/pic1/debian_logo.png",
            "bdfc92b4d89e37681003a7cc34bd7a0b3fc2aab780fe523f05b355bf25abb335",
        ),
    ] {
        files.insert(path.as_bytes().to_vec(), sha256.to_string());
    }
    files
}
