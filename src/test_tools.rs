//! The real tools the tests build their fixtures with (mkfs, qemu-img, ewfacquire, The Sleuth
//! Kit...), which `scripts/test` installs. A test that needs a tool asks [`available`] first:
//! where the tool is missing it is skipped and listed at the end of `scripts/test`, never passed
//! in silence; under CI (`CI=true`) a missing tool fails the test instead.
//!
//! Compiled into the library's tests and included by path into the integration tests.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The search path with the sbin directories added (mkfs.*, mkntfs and sgdisk live there).
fn search_path() -> std::ffi::OsString {
    let mut paths: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    paths.extend(["/usr/sbin", "/sbin"].map(PathBuf::from));
    std::env::join_paths(paths).unwrap_or_default()
}

/// A program on the search path, or a file given by its absolute path (test data a package
/// installs).
fn installed(program: &str) -> bool {
    if Path::new(program).is_absolute() {
        return Path::new(program).exists();
    }
    std::env::split_paths(&search_path()).any(|dir| dir.join(program).is_file())
}

/// Whether every tool in `programs` is installed. When one is not, the calling test is recorded
/// as skipped in `$NEEDLE_TEST_SKIPS` (set by `scripts/test`) and should return at once; under CI,
/// or when no skip list was asked for, this panics with the tools' names instead.
pub fn available(programs: &[&str]) -> bool {
    let missing: Vec<String> = programs
        .iter()
        .filter(|program| !installed(program))
        .map(|program| program.to_string())
        .collect();
    skip_unless_empty(missing)
}

/// Whether `python3` (the one `scripts/test` puts first on the search path: a virtual
/// environment that also sees Debian's python3-hivex) can import every module in `modules`.
/// Otherwise as [`available`], naming the modules.
pub fn python_modules(modules: &[&str]) -> bool {
    let missing: Vec<String> = modules
        .iter()
        .filter(|module| {
            !command("python3")
                .args(["-c", &format!("import {module}")])
                .output()
                .is_ok_and(|output| output.status.success())
        })
        .map(|module| format!("python3-module-{module}"))
        .collect();
    skip_unless_empty(missing)
}

fn skip_unless_empty(missing: Vec<String>) -> bool {
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join(",");
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    let skips = std::env::var_os("NEEDLE_TEST_SKIPS").filter(|_| !in_ci);
    let Some(skips) = skips else {
        panic!(
            "missing {missing}: scripts/test installs it (under CI a missing tool is a failure)"
        );
    };
    let test = std::thread::current()
        .name()
        .unwrap_or("unnamed test")
        .replace(' ', "_");
    let line = format!("{test} {missing}\n");
    let mut log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&skips)
        .expect("open the skip list");
    std::io::Write::write_all(&mut log, line.as_bytes()).expect("write the skip list");
    false
}

/// Runs `program` with `args`, panicking with its output when it cannot start or fails.
/// `ok_codes` lists the exit codes that mean success (e2fsck exits 1 after fixing things, which
/// is fine for a fixture).
pub fn run(program: &str, args: &[&str], ok_codes: &[i32]) {
    let output = command(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    let code = output.status.code().unwrap_or(-1);
    assert!(
        ok_codes.contains(&code),
        "{program} {args:?} exited {code}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A command for `program`, found with the sbin directories on the search path.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command
        .env("PATH", search_path())
        .env("MTOOLS_SKIP_CHECK", "1");
    command
}

/// Writes `files` (relative path, content) under `dir`, creating parent directories.
pub fn write_tree(dir: &Path, files: &[(&str, &[u8])]) {
    for (relative, content) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create fixture directory");
        }
        std::fs::write(&path, content).expect("write fixture file");
    }
}

/// An XFS image of `size_mib` MiB holding the tree `source`, made by `mkfs.xfs` (with `options`)
/// from a prototype file, as xfsprogs 6.1 cannot copy a directory: directories, regular files,
/// symlinks and FIFOs are copied; names may not contain whitespace nor be `$` or start with `:`.
/// mkfs.xfs refuses filesystems under 300 MB unless fstests' variables are set, as here.
pub fn mkfs_xfs(source: &Path, image: &Path, size_mib: u64, options: &[&str]) {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;

    fn entries(dir: &Path, proto: &mut Vec<u8>) {
        let mut children: Vec<_> = std::fs::read_dir(dir)
            .expect("read source directory")
            .map(|entry| entry.expect("source entry").path())
            .collect();
        children.sort();
        for path in children {
            let name = path.file_name().expect("entry name").as_bytes();
            assert!(
                !name.iter().any(u8::is_ascii_whitespace) && name != b"$" && name[0] != b':',
                "{} cannot be named in a prototype file",
                path.display()
            );
            let kind = std::fs::symlink_metadata(&path).expect("stat").file_type();
            proto.extend_from_slice(name);
            if kind.is_dir() {
                proto.extend_from_slice(b" d--755 0 0\n");
                entries(&path, proto);
                proto.extend_from_slice(b"$\n");
            } else if kind.is_file() {
                proto.extend_from_slice(b" ---644 0 0 ");
                proto.extend_from_slice(path.as_os_str().as_bytes());
                proto.push(b'\n');
            } else if kind.is_symlink() {
                proto.extend_from_slice(b" l--777 0 0 ");
                let target = std::fs::read_link(&path).expect("read symlink");
                proto.extend_from_slice(target.as_os_str().as_bytes());
                proto.push(b'\n');
            } else if kind.is_fifo() {
                proto.extend_from_slice(b" p--644 0 0\n");
            } else {
                panic!("{}: a prototype file cannot hold this", path.display());
            }
        }
    }
    let mut proto = b"needle\n0 0\nd--755 0 0\n".to_vec();
    entries(source, &mut proto);
    proto.extend_from_slice(b"$\n");
    let proto_path = image.with_extension("proto");
    std::fs::write(&proto_path, proto).expect("write prototype file");
    let file = std::fs::File::create(image).expect("create image");
    file.set_len(size_mib << 20).expect("size image");
    let mut args = vec!["-q", "-f", "-p", proto_path.to_str().expect("utf-8 path")];
    args.extend_from_slice(options);
    args.push(image.to_str().expect("utf-8 path"));
    let output = command("mkfs.xfs")
        .args(&args)
        .envs([("TEST_DIR", "1"), ("TEST_DEV", "1"), ("QA_CHECK_FS", "1")])
        .output()
        .expect("run mkfs.xfs");
    assert!(
        output.status.success(),
        "mkfs.xfs {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A btrfs image of `size_mib` MiB holding the tree `source`, made by `mkfs.btrfs --rootdir`
/// (with `options`), no mount needed. btrfs-progs 6.2 copies directories, regular files (holes
/// written out as data), hardlinks, symlinks and special files; it cannot make subvolumes or
/// compressed extents.
pub fn mkfs_btrfs(source: &Path, image: &Path, size_mib: u64, options: &[&str]) {
    let file = std::fs::File::create(image).expect("create image");
    file.set_len(size_mib << 20).expect("size image");
    let mut args = vec!["-q", "-f", "-r", source.to_str().expect("utf-8 path")];
    args.extend_from_slice(options);
    args.push(image.to_str().expect("utf-8 path"));
    run("mkfs.btrfs", &args, &[0]);
}

/// The browser the HTML report is tested in (Debian package `chromium`).
pub const CHROMIUM: &str = "chromium";

/// Headless Chromium with a fresh profile and nothing in the background that could go online.
fn chromium(profile: &Path) -> Command {
    let mut command = command(CHROMIUM);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null());
    command
}

/// Runs Chromium to the end (two minutes at most) and returns its standard output. Its standard
/// error (D-Bus and GPU complaints) says nothing about the page.
fn run_chromium(mut command: Command) -> String {
    use std::io::Read;
    use std::time::{Duration, Instant};
    let mut child = command
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {CHROMIUM}: {error}"));
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).map(|_| text)
    });
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for chromium") {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().expect("stopping chromium");
            panic!("{CHROMIUM} did not finish within two minutes");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{CHROMIUM} failed: {status}");
    let output = reader.join().expect("reading chromium's output");
    output.expect("chromium's output is UTF-8")
}

/// The DOM of a local page after its script ran, as headless Chromium serialises it.
pub fn browser_dom(page: &Path, profile: &Path) -> String {
    let mut command = chromium(profile);
    command
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()));
    run_chromium(command)
}

/// A PNG of the page's first 1280 x 2000 pixels, written into `into` (named after the page).
pub fn browser_screenshot(page: &Path, profile: &Path, into: &Path) -> PathBuf {
    let name = page.file_stem().unwrap_or_default().to_string_lossy();
    let png = into.join(format!("{name}.png"));
    let mut command = chromium(profile);
    command
        .arg(format!("--screenshot={}", png.display()))
        .arg("--window-size=1280,2000")
        .arg("--hide-scrollbars")
        .arg(format!("file://{}", page.display()));
    run_chromium(command);
    png
}
