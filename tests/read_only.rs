//! A scan provably changes nothing: a tree and disk images created by the test (so that relatime
//! would update their access times on the next read) are scanned, and every entry's content,
//! size, mtime and atime are as before. A control read afterwards shows that this filesystem
//! does update access times, so the check could fail.

mod util;

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use util::images::{self, Container};
use util::{Host, installer_pe, needle, samples, sha256_hex};

/// What must not change about one entry.
#[derive(Debug, PartialEq, Eq)]
struct State {
    size: u64,
    mtime_ns: i128,
    atime_ns: i128,
    /// For a file: its SHA-256, read without touching its access time.
    sha256: Option<String>,
}

fn nanos(seconds: i64, nanoseconds: i64) -> i128 {
    i128::from(seconds) * 1_000_000_000 + i128::from(nanoseconds)
}

/// The state of each path, taken with lstat and O_NOATIME reads (the test's own reads must not
/// disturb what it checks); directories are never listed here.
fn states(paths: &[PathBuf]) -> BTreeMap<PathBuf, State> {
    paths
        .iter()
        .map(|path| {
            let metadata = path.symlink_metadata().expect("lstat");
            let sha256 = metadata.is_file().then(|| {
                let mut file = std::fs::OpenOptions::new()
                    .read(true)
                    .custom_flags(libc::O_NOATIME)
                    .open(path)
                    .expect("open with O_NOATIME");
                let mut data = Vec::new();
                file.read_to_end(&mut data).expect("read");
                sha256_hex(&data)
            });
            let state = State {
                size: metadata.len(),
                mtime_ns: nanos(metadata.mtime(), metadata.mtime_nsec()),
                atime_ns: nanos(metadata.atime(), metadata.atime_nsec()),
                sha256,
            };
            (path.clone(), state)
        })
        .collect()
}

/// Sets atime and mtime of every path to one moment in the past, as a freshly written file has
/// them (atime not after mtime), so relatime updates the atime on the next read.
fn make_fresh(paths: &[PathBuf]) {
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    for path in paths {
        let file = std::fs::File::open(path).expect("open to set times");
        file.set_times(
            std::fs::FileTimes::new()
                .set_accessed(when)
                .set_modified(when),
        )
        .expect("set times");
    }
}

fn atime(path: &Path) -> i128 {
    let metadata = path.symlink_metadata().expect("lstat");
    nanos(metadata.atime(), metadata.atime_nsec())
}

fn assert_unchanged(before: &BTreeMap<PathBuf, State>, after: &BTreeMap<PathBuf, State>) {
    for (path, state) in before {
        assert_eq!(Some(state), after.get(path), "{} changed", path.display());
    }
}

/// The control: an ordinary listing and read update the access times here.
fn assert_filesystem_updates_atimes(dir: &Path, file: &Path) {
    let (dir_before, file_before) = (atime(dir), atime(file));
    std::fs::read_dir(dir)
        .expect("list")
        .for_each(|entry| drop(entry.expect("entry")));
    std::fs::read(file).expect("read");
    assert!(
        atime(dir) > dir_before && atime(file) > file_before,
        "this filesystem does not update access times on read (noatime?): the test proves nothing"
    );
}

#[test]
fn scanning_a_tree_changes_no_content_size_mtime_or_atime() {
    let host = Host::new();
    let files = [
        ("ProgramData/ntnser.bin", installer_pe()),
        ("Users/bob/notes.txt", b"meeting at ten".to_vec()),
        (
            "Users/bob/Downloads/tools.zip",
            samples::build_zip(&[samples::ZipEntry::new(
                "setup/update_helper.dll",
                installer_pe(),
                samples::ZipMethod::Deflated,
            )]),
        ),
        (
            "etc/cron.d/backup",
            b"0 1 * * * root /usr/local/bin/backup\n".to_vec(),
        ),
        ("srv/deep/er/still/file.bin", vec![0x41; 100_000]),
    ];
    for (path, content) in &files {
        host.write(path, content);
    }
    let mut paths: Vec<PathBuf> = vec![host.root().to_path_buf()];
    for (path, _) in &files {
        let mut dir = Path::new(path).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            paths.push(host.path(d.to_str().expect("UTF-8")));
            dir = d.parent();
        }
        paths.push(host.path(path));
    }
    paths.sort();
    paths.dedup();
    make_fresh(&paths);
    let before = states(&paths);

    let run = needle([
        "scan",
        "-q",
        "--format",
        "jsonl",
        host.root().to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 1, "the installer is found: {}", run.stderr);
    assert!(run.has_finding("ProgramData/ntnser.bin"));
    assert!(run.has_finding("tools.zip!setup/update_helper.dll"));
    assert_unchanged(&before, &states(&paths));

    assert_filesystem_updates_atimes(&host.path("Users/bob"), &host.path("Users/bob/notes.txt"));
}

#[test]
fn scanning_disk_images_changes_no_content_size_mtime_or_atime() {
    if !util::test_tools::available(&["mkfs.ext4", "e2fsck", "qemu-img", "ewfacquire"]) {
        return;
    }
    let work = Host::new();
    let tree = work.path("tree");
    std::fs::create_dir_all(tree.join("etc")).expect("tree");
    std::fs::write(tree.join("etc/hostname"), b"evidence\n").expect("file");
    std::fs::write(tree.join("ntnser.bin"), installer_pe()).expect("file");
    let raw = work.path("disk.raw");
    images::ext4_image(&tree, &raw, 8);
    let mut images = vec![raw.clone()];
    for container in [
        Container::Qcow2,
        Container::VmdkSparse,
        Container::VmdkStream,
        Container::VhdDynamic,
        Container::Vhdx,
        Container::E01,
    ] {
        images.push(images::convert(&raw, container));
    }
    make_fresh(&images);
    let before = states(&images);

    for image in &images {
        let run = needle([
            "scan",
            "-q",
            "--format",
            "jsonl",
            image.to_str().expect("UTF-8"),
        ]);
        assert_eq!(run.code, 1, "{}: {}", image.display(), run.stderr);
        assert!(run.has_finding("ntnser.bin"), "{}", image.display());
    }
    assert_unchanged(&before, &states(&images));

    assert_filesystem_updates_atimes(work.root(), &raw);
}
