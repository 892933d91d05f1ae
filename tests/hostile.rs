//! Bad input: special files, loops, broken binaries, hostile names, vanishing and unreadable
//! files, Ctrl-C. The scan must finish (under the harness time limit), report what it could not
//! scan, and never panic.

mod util;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use base64::Engine;
use util::exfat::{self, exfat_image};
use util::images::{Partition, gpt_disk};
use util::samples;
use util::{Host, INSTALLER_KEY, needle, noise, pe_with};

fn mkfifo(path: &std::path::Path) {
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).expect("no NUL in path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) },
        0,
        "mkfifo failed"
    );
}

#[test]
fn special_files_loops_and_broken_binaries_do_not_stop_the_scan() {
    let host = Host::new();
    std::fs::create_dir_all(host.path("dev")).expect("mkdir");
    mkfifo(&host.path("dev/pipe"));
    let _socket =
        std::os::unix::net::UnixListener::bind(host.path("dev/socket")).expect("bind socket");
    std::fs::create_dir_all(host.path("loop/inner")).expect("mkdir");
    std::os::unix::fs::symlink("..", host.path("loop/inner/up")).expect("symlink");
    std::os::unix::fs::symlink("self", host.path("loop/self")).expect("symlink");
    host.write("bin/empty", b"");
    host.write("bin/truncated.exe", &samples::truncated_pe());
    host.write("bin/garbage", &samples::garbage_elf());
    host.write("bin/ok.exe", &pe_with(&INSTALLER_KEY));

    let root = host.root().to_str().expect("UTF-8").to_string();
    let run = needle(["scan", "--format", "jsonl", "-q", &root]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let skipped = run.of_type("skipped");
    let kinds: Vec<(&str, &str)> = skipped
        .iter()
        .map(|s| {
            (
                s["path"]
                    .as_str()
                    .expect("path")
                    .rsplit('/')
                    .next()
                    .expect("name"),
                s["detail"].as_str().expect("detail"),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("pipe", "fifo: special files are never opened")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("socket", "socket: special files are never opened")),
        "{kinds:?}"
    );
    let notes = run.of_type("note");
    let noted: Vec<&str> = notes
        .iter()
        .map(|n| n["path"].as_str().expect("path"))
        .collect();
    assert!(
        noted.iter().any(|p| p.ends_with("bin/truncated.exe")),
        "{noted:?}"
    );
    assert!(
        noted.iter().any(|p| p.ends_with("bin/garbage")),
        "{noted:?}"
    );
    assert!(notes.iter().all(|n| {
        n["note"]
            .as_str()
            .is_some_and(|t| t.starts_with("malformed"))
    }));
    assert!(run.has_finding("bin/ok.exe"));
    let summary = run.summary();
    assert_eq!(summary["files_scanned"], 4);
    assert_eq!(summary["symlinks"], 2);
    assert_eq!(summary["skipped"]["special_file"], 2);
    assert_eq!(summary["notes"], 2);
    assert_eq!(summary["errors"], 0);
}

#[test]
fn hostile_names_survive_in_json_and_are_escaped_in_text() {
    let host = Host::new();
    let names: [&[u8]; 3] = [
        b"new\nline.bin",
        b"esc\x1b[31mred\x1b[0m.bin",
        b"bad\xff\xfeutf8.bin",
    ];
    let dir = host.path("ProgramData");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for name in names {
        std::fs::write(dir.join(OsStr::from_bytes(name)), pe_with(&INSTALLER_KEY)).expect("write");
    }
    let root = host.root().to_str().expect("UTF-8").to_string();

    let run = needle(["scan", "--format", "jsonl", "-q", &root]);
    assert_eq!(run.code, 1);
    let findings = run.of_type("finding");
    assert_eq!(findings.len(), 3);
    let mut exact: Vec<Vec<u8>> = findings
        .iter()
        .map(|f| match f.get("path_b64") {
            Some(b64) => base64::engine::general_purpose::STANDARD
                .decode(b64.as_str().expect("string"))
                .expect("base64"),
            None => f["path"].as_str().expect("path").as_bytes().to_vec(),
        })
        .collect();
    exact.sort();
    let mut expected: Vec<Vec<u8>> = names
        .iter()
        .map(|n| {
            dir.join(OsStr::from_bytes(n))
                .as_os_str()
                .as_bytes()
                .to_vec()
        })
        .collect();
    expected.sort();
    assert_eq!(exact, expected, "paths are lossless in JSON");
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.get("path_b64").is_some())
            .count(),
        1,
        "only the non-UTF-8 name needs base64"
    );

    let text = needle(["scan", "-q", &root]);
    assert!(
        !text.stdout.contains('\x1b'),
        "no raw escape reaches the terminal"
    );
    assert!(text.stdout.contains("new\\nline.bin"), "{}", text.stdout);
    assert!(
        text.stdout.contains("esc\\u{1b}[31mred\\u{1b}[0m.bin"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("bad\\xff\\xfeutf8.bin"),
        "{}",
        text.stdout
    );
}

#[test]
fn files_removed_during_the_scan_are_errors_not_crashes() {
    let host = Host::new();
    let count = 3000;
    for i in 0..count {
        host.write(
            format!("spool/{}/f{i}.dat", i % 30),
            format!("payload {i}").repeat(200).as_bytes(),
        );
    }
    let root = host.root().to_str().expect("UTF-8").to_string();
    let mut command = Command::new(util::needle_binary());
    command.args(["scan", "--format", "jsonl", "-q", "-j", "1", &root]);
    let spool = host.path("spool");
    let deleter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(30));
        let _ = std::fs::remove_dir_all(spool);
    });
    let run = util::run(command);
    deleter.join().expect("deleter");
    assert!(
        run.code == 0 || run.code == 2,
        "code {} stderr {}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let summary = run.summary();
    let scanned = summary["files_scanned"].as_u64().expect("count");
    let errors = run.of_type("error");
    assert_eq!(summary["errors"].as_u64(), Some(errors.len() as u64));
    assert!(scanned <= count);
    for error in &errors {
        let message = error["message"].as_str().expect("message");
        assert!(
            message.contains("No such file") || message.contains("shrank"),
            "{message}"
        );
    }
}

/// Permission denied needs an unprivileged reader: as root, the binary is run as `nobody`
/// through setpriv (util-linux).
#[test]
fn unreadable_files_and_directories_are_errors() {
    if !util::test_tools::available(&["setpriv"]) {
        return;
    }
    let host = Host::new();
    std::fs::set_permissions(host.root(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let secret = host.write("etc/secret.key", b"top secret");
    std::fs::set_permissions(host.path("etc"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    host.write("private/inner.txt", b"hidden");
    std::fs::set_permissions(host.path("private"), std::fs::Permissions::from_mode(0o000))
        .expect("chmod");
    host.write("public/readme.txt", b"hello");
    std::fs::set_permissions(host.path("public"), std::fs::Permissions::from_mode(0o755))
        .expect("chmod");
    std::fs::set_permissions(
        host.path("public/readme.txt"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");

    let root = host.root().to_str().expect("UTF-8").to_string();
    // SAFETY: geteuid has no preconditions.
    let command = if unsafe { libc::geteuid() } == 0 {
        // The build directory may not be reachable by nobody: copy the binary out.
        let bin_dir = Host::new();
        std::fs::set_permissions(bin_dir.root(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
        let binary: PathBuf = bin_dir.path("needle");
        std::fs::copy(util::needle_binary(), &binary).expect("copy binary");
        std::fs::set_permissions(&binary, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(&binary);
        command.args(["scan", "--format", "jsonl", "-q", &root]);
        let run = util::run(command);
        drop(bin_dir);
        run
    } else {
        let mut command = Command::new(util::needle_binary());
        command.args(["scan", "--format", "jsonl", "-q", &root]);
        util::run(command)
    };
    let run = command;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let errors = run.of_type("error");
    let mut failed: Vec<(String, String)> = errors
        .iter()
        .map(|e| {
            (
                e["path"]
                    .as_str()
                    .expect("path")
                    .rsplit('/')
                    .next()
                    .expect("name")
                    .to_string(),
                e["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    failed.sort();
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert_eq!(failed[0].0, "private");
    assert!(failed[0].1.contains("Permission denied"), "{failed:?}");
    assert_eq!(failed[1].0, "secret.key");
    assert!(
        failed[1].1.starts_with("cannot open") && failed[1].1.contains("Permission denied"),
        "{failed:?}"
    );
    let summary = run.summary();
    assert_eq!(summary["files_scanned"], 1);
    assert_eq!(summary["errors"], 2);
    assert_eq!(summary["verdict"], "clean");
}

#[test]
fn ctrl_c_stops_and_still_writes_an_interrupted_summary() {
    let host = Host::new();
    // Sparse files: cheap to create, slow enough to hash that the scan is still running.
    for i in 0..4 {
        let file = std::fs::File::create(host.path(&format!("big{i}.img"))).expect("create");
        file.set_len(1 << 30).expect("sparse file");
    }
    let root = host.root().to_str().expect("UTF-8").to_string();
    let mut command = Command::new(util::needle_binary());
    command.args(["scan", "--format", "jsonl", "-q", "-j", "1", &root]);
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = command.spawn().expect("spawn");
    std::thread::sleep(Duration::from_millis(500));
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    let output = child.wait_with_output().expect("wait");
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let run = util::Run {
        code: 130,
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::new(),
    };
    let summary = run.summary();
    assert_eq!(summary["interrupted"], true);
    assert!(
        summary["files_scanned"].as_u64().is_some_and(|n| n < 4),
        "{summary}"
    );
}

#[test]
fn a_rule_scan_past_the_timeout_is_an_error_not_a_clean_file() {
    let host = Host::new();
    host.write("data/zeros.bin", &vec![0u8; 300_000]);
    let rules = Host::new();
    let slow = rules.write(
        "slow.yar",
        b"rule Slow_Nested_Loop { condition: for all i in (0..filesize) : \
          ( for all j in (0..filesize) : ( uint8(i) != 0x99 or uint8(j) != 0x98 ) ) }",
    );
    let root = host.root().to_str().expect("UTF-8").to_string();
    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--no-default-signatures",
        "--timeout",
        "1",
        "--rules",
        slow.to_str().expect("UTF-8"),
        &root,
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let errors = run.of_type("error");
    assert_eq!(errors.len(), 1, "{}", run.stdout);
    assert!(
        errors[0]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("data/zeros.bin"))
    );
    assert_eq!(
        errors[0]["message"],
        "rule scan timed out: file only partly rule-scanned"
    );
    assert_eq!(run.summary()["errors"], 1);
}

#[test]
fn garbled_hives_shortcuts_tasks_and_units_are_errors_and_the_scan_goes_on() {
    let host = Host::new();
    // A hive header over garbage: the base block claims more bins than there are.
    let mut hive = b"regf".to_vec();
    hive.extend(noise(1, 8188));
    host.write("Windows/System32/config/SYSTEM", &hive);
    // A regf base block that is too short to hold one.
    host.write("Users/bob/NTUSER.DAT", b"regf\x01\x00\x00\x00");
    // A shortcut header followed by garbage, in a Startup folder.
    let mut shortcut = vec![0x4c, 0, 0, 0, 0x01, 0x14, 0x02, 0x00];
    shortcut.extend(noise(2, 600));
    let startup = "Users/bob/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup";
    host.write(format!("{startup}/x.lnk"), &shortcut);
    // A task definition nested far deeper than any parser should follow, and one cut short.
    let deep = format!("<?xml version=\"1.0\"?>{}", "<Task>".repeat(100_000));
    host.write("Windows/System32/Tasks/Deep", deep.as_bytes());
    host.write(
        "Windows/System32/Tasks/Cut",
        b"<?xml version=\"1.0\"?><Task><Actions><Exec><Comm",
    );
    // A unit of binary garbage with a 2 MB line, and a crontab of garbage.
    let mut unit = b"[Service]\nExecStart=".to_vec();
    unit.extend(noise(3, 2 << 20));
    host.write("etc/systemd/system/junk.service", &unit);
    host.write("etc/cron.d/junk", &noise(4, 4096));

    let root = host.root().to_str().expect("UTF-8").to_string();
    let run = needle(["scan", "--format", "jsonl", "-q", &root]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    assert!(!run.stdout.contains("internal error"), "{}", run.stdout);
    let errors: Vec<String> = run
        .of_type("error")
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["path"].as_str().expect("path"),
                e["message"].as_str().expect("message")
            )
        })
        .collect();
    for (file, problem) in [
        ("config/SYSTEM", "registry hive"),
        ("NTUSER.DAT", "registry hive not readable"),
        ("x.lnk", "shortcut not readable"),
        ("Tasks/Deep", "scheduled task not readable"),
        ("Tasks/Cut", "scheduled task not readable"),
    ] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(file) && e.contains(problem)),
            "{file}: {errors:#?}"
        );
    }
    assert_eq!(run.summary()["files_scanned"], 7);
}

#[test]
fn corrupt_archives_and_documents_are_errors_and_the_scan_goes_on() {
    let host = Host::new();
    let good_zip = samples::build_zip(&[samples::ZipEntry::new(
        "a.exe",
        pe_with(&INSTALLER_KEY),
        samples::ZipMethod::Deflated,
    )]);
    // A zip cut in the middle of its data, and one whose bytes are scrambled after the header.
    host.write("dl/cut.zip", &good_zip[..good_zip.len() / 2]);
    let mut scrambled = good_zip.clone();
    for (i, byte) in scrambled.iter_mut().enumerate().skip(30) {
        *byte ^= noise(5, i + 1)[i];
    }
    host.write("dl/scrambled.zip", &scrambled);
    // Magic bytes followed by garbage: 7z, gzip, xz, zstd, cab, OLE, RTF with broken objdata.
    for (name, magic) in [
        ("x.7z", &b"7z\xbc\xaf\x27\x1c"[..]),
        ("x.gz", &b"\x1f\x8b\x08\x00"[..]),
        ("x.xz", &b"\xfd7zXZ\x00"[..]),
        ("x.zst", &b"\x28\xb5\x2f\xfd"[..]),
        ("x.cab", &b"MSCF\x00\x00\x00\x00"[..]),
        ("x.doc", &b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"[..]),
    ] {
        let mut data = magic.to_vec();
        data.extend(noise(name.len() as u64, 3000));
        host.write(format!("dl/{name}"), &data);
    }
    host.write(
        "dl/x.rtf",
        b"{\\rtf1{\\object\\objemb{\\*\\objdata 0105zz00 01 02 03 ff ff ff ff}}}",
    );
    host.write("ok/clean.txt", b"nothing");

    let root = host.root().to_str().expect("UTF-8").to_string();
    let run = needle(["scan", "--format", "jsonl", "-q", &root]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    assert!(!run.stdout.contains("internal error"), "{}", run.stdout);
    let errors: Vec<String> = run
        .of_type("error")
        .iter()
        .map(|e| e["path"].as_str().expect("path").to_string())
        .collect();
    for broken in ["cut.zip", "x.7z", "x.gz", "x.xz", "x.zst", "x.cab", "x.doc"] {
        assert!(
            errors.iter().any(|p| p.contains(&format!("dl/{broken}"))),
            "{broken}: {errors:#?}"
        );
    }
    let summary = run.summary();
    assert_eq!(summary["files_scanned"], 10);
}

/// Byte position of the entry set (file entry) whose name entry holds `name` (at most 15
/// characters) in an exFAT image.
fn exfat_entry_set(image: &[u8], name: &str) -> usize {
    let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let at = (0..image.len() - units.len())
        .step_by(32)
        .find(|&at| image[at] == 0xC1 && image[at + 2..at + 2 + units.len()] == units[..])
        .expect("name entry");
    at - 64
}

/// The first cluster of `name`'s data (from its stream extension entry).
fn exfat_first_cluster(image: &[u8], name: &str) -> u32 {
    let set = exfat_entry_set(image, name);
    u32::from_le_bytes(image[set + 52..set + 56].try_into().expect("4 bytes"))
}

/// Points the directory entry of `name` (at most 15 characters) in an exFAT image at the first
/// cluster of `target`'s, fixing the entry set checksum: a directory loop that passes the
/// checksums.
fn exfat_redirect(image: &mut [u8], name: &str, target: &str) {
    let cluster = exfat_first_cluster(image, target).to_le_bytes();
    let set = exfat_entry_set(image, name);
    image[set + 52..set + 56].copy_from_slice(&cluster);
    let len = (1 + usize::from(image[set + 1])) * 32;
    let checksum = exfat::set_checksum(&image[set..set + len]);
    image[set + 2..set + 4].copy_from_slice(&checksum.to_le_bytes());
}

#[test]
fn corrupt_exfat_volumes_are_errors_and_the_scan_goes_on() {
    if !util::test_tools::available(&["sgdisk"]) {
        return;
    }
    let host = Host::new();
    host.write("usb/a/b/c/notes.txt", b"notes");
    host.write("usb/setup.exe", &pe_with(&INSTALLER_KEY));
    host.write("usb/tools/big.bin", &[0x5A; 5 * 4096]);
    let options = exfat::Options {
        placement: exfat::Placement::Fragmented,
        ..Default::default()
    };
    // A directory loop: a/b/c is a.
    let looped = host.path("looped.exfat");
    exfat_image(&host.path("usb"), &looped, &options);
    let mut bytes = std::fs::read(&looped).expect("image");
    exfat_redirect(&mut bytes, "c", "a");
    std::fs::write(&looped, &bytes).expect("write");
    // Both boot regions garbled: the volume cannot be opened.
    let garbled = host.path("garbled.exfat");
    exfat_image(&host.path("usb"), &garbled, &options);
    let mut bytes = std::fs::read(&garbled).expect("image");
    for region in [0, 12 * 512] {
        bytes[region + 80..region + 100].fill(0xEE);
    }
    std::fs::write(&garbled, &bytes).expect("write");
    // big.bin's first cluster marked bad in the FAT: its chain is broken.
    let bad = host.path("bad.exfat");
    exfat_image(&host.path("usb"), &bad, &options);
    let mut bytes = std::fs::read(&bad).expect("image");
    let sector = 1usize << bytes[108];
    let fat = u32::from_le_bytes(bytes[80..84].try_into().expect("4 bytes")) as usize * sector;
    let link = fat + 4 * exfat_first_cluster(&bytes, "big.bin") as usize;
    bytes[link..link + 4].copy_from_slice(&0xFFFF_FFF7u32.to_le_bytes());
    std::fs::write(&bad, &bytes).expect("write");
    let disk = host.path("usb.raw");
    gpt_disk(
        &disk,
        &[
            Partition {
                content: &looped,
                type_code: "0700",
                name: "looped",
            },
            Partition {
                content: &garbled,
                type_code: "0700",
                name: "garbled",
            },
            Partition {
                content: &bad,
                type_code: "0700",
                name: "bad",
            },
        ],
    );

    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        disk.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.has_finding(r"D:\setup.exe"), "{}", run.stdout);
    assert!(run.has_finding(r"E:\setup.exe"), "{}", run.stdout);
    let errors = run.of_type("error");
    let error_at = |path: &str, words: &str| {
        errors
            .iter()
            .any(|e| e["path"] == path && e["message"].as_str().is_some_and(|m| m.contains(words)))
    };
    assert!(error_at(r"D:\a\b\c", "loop"), "{errors:#?}");
    assert!(
        error_at(r"E:\tools\big.bin", "broken cluster chain"),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
    let volumes = run.summary()["image"]["volumes"].clone();
    assert_eq!(volumes[0]["status"], "scanned");
    // c's own entry now leads back to a: notes.txt is no longer reachable.
    assert_eq!(volumes[0]["files_read"], 2);
    let status = volumes[1]["status"].as_str().expect("status");
    assert!(status.starts_with("error: exFAT"), "{status}");
    assert_eq!(volumes[2]["status"], "scanned");
    assert_eq!(volumes[2]["mount"], "E:");
}

/// Runs xfs_db in expert mode on `image`; returns what it printed.
fn xfs_db(image: &std::path::Path, commands: &[&str]) -> String {
    let mut xfs_db = util::test_tools::command("xfs_db");
    xfs_db.arg("-x");
    for command in commands {
        xfs_db.args(["-c", command]);
    }
    let output = xfs_db.arg(image).output().expect("run xfs_db");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && !stdout.contains("not found"),
        "xfs_db {commands:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The inode number xfs_db resolves `path` of `image` to.
fn xfs_inode(image: &std::path::Path, path: &str) -> u64 {
    let stack = xfs_db(image, &[&format!("path {path}"), "stack"]);
    stack
        .split("inode ")
        .nth(1)
        .and_then(|after| after.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|number| number.parse().ok())
        .unwrap_or_else(|| panic!("{path}: no inode in {stack}"))
}

/// A GPT disk with two XFS volumes: the first with a corrupt superblock, the second with a
/// directory loop and a file whose extent points past the filesystem. Each damage is a clear
/// error, never a panic or a hang, and the rest of the disk is still read and flagged.
#[test]
fn corrupt_xfs_superblocks_directory_loops_and_bad_extents_are_errors() {
    if !util::test_tools::available(&["mkfs.xfs", "sgdisk", "xfs_db"]) {
        return;
    }
    let host = Host::new();
    host.write("tree/opt/implant.exe", &pe_with(&INSTALLER_KEY));
    host.write("tree/etc/hostname", b"bridge\n");
    host.write("tree/a/b/c/inside", b"in the loop");
    let tree = host.path("tree");
    let broken = host.path("broken.xfs");
    util::images::xfs_image(&tree, &broken, 16);
    // A block size of 0: the magic is there, the geometry is impossible.
    let mut bytes = std::fs::read(&broken).expect("image");
    bytes[4..8].copy_from_slice(&[0; 4]);
    std::fs::write(&broken, &bytes).expect("write image");
    let damaged = host.path("damaged.xfs");
    util::images::xfs_image(&tree, &damaged, 16);
    let a = xfs_inode(&damaged, "/a");
    let listing = xfs_db(&damaged, &["path /a/b", "print"]);
    let c = listing
        .lines()
        .find(|line| line.ends_with(".name = \"c\""))
        .and_then(|line| line.split(".name").next())
        .unwrap_or_else(|| panic!("no entry c in {listing}"))
        .to_string();
    xfs_db(
        &damaged,
        &[
            // /a/b/c is /a again.
            "path /a/b",
            &format!("write {c}.inumber.i4 {a}"),
            // The hostname's only extent starts at the last block number XFS can encode.
            "path /etc/hostname",
            "write -d u3.bmx[0].startblock 4503599627370495",
        ],
    );
    let disk = host.path("disk.raw");
    util::images::gpt_disk(
        &disk,
        &[
            util::images::Partition {
                content: &broken,
                type_code: "8300",
                name: "broken",
            },
            util::images::Partition {
                content: &damaged,
                type_code: "8300",
                name: "damaged",
            },
        ],
    );

    let scan = DamagedScan::of(&disk, "XFS");
    let (volumes, errors) = (&scan.volumes, &scan.errors);
    assert_eq!(volumes[1]["content"], "xfs", "{volumes}");
    // The implant alone: the hostname is an error, and /a/b/c/inside was only reachable through
    // the entry that now leads back to /a.
    assert_eq!(volumes[1]["files_read"], 1, "{volumes}");
    assert!(
        scan.reported("/a/b/c", "already entered (a directory loop"),
        "{errors:?}"
    );
    assert!(
        scan.reported("/etc/hostname", "lies outside the filesystem"),
        "{errors:?}"
    );
}

/// What the scan of a disk of damaged Linux volumes gave: it ended normally, without a panic;
/// the first volume, whose superblock gives an impossible geometry, is an error naming
/// `filesystem`, the second is scanned, and a flagged `/opt/implant.exe` is found.
struct DamagedScan {
    volumes: serde_json::Value,
    /// The error records, as (path, message).
    errors: Vec<(String, String)>,
}

impl DamagedScan {
    fn of(disk: &std::path::Path, filesystem: &str) -> DamagedScan {
        let run = util::scan(&[disk], &[]);
        assert_eq!(run.code, 1, "{}\n{}", run.stderr, run.stdout);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(run.has_finding("/opt/implant.exe"), "{}", run.stdout);
        let errors = run
            .of_type("error")
            .iter()
            .map(|e| {
                (
                    e["path"].as_str().unwrap_or("").to_string(),
                    e["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let scan = DamagedScan {
            volumes: run.summary()["image"]["volumes"].clone(),
            errors,
        };
        let volumes = &scan.volumes;
        let broken = format!("{filesystem}: superblock: impossible geometry");
        assert!(scan.status(0).contains(&broken), "{volumes}");
        assert_eq!(scan.status(1), "scanned", "{volumes}");
        scan
    }

    fn status(&self, volume: usize) -> String {
        self.volumes[volume]["status"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Whether an error at a path ending in `path` says `words`.
    fn reported(&self, path: &str, words: &str) -> bool {
        self.errors
            .iter()
            .any(|(p, m)| p.ends_with(path) && m.contains(words))
    }
}

/// CRC-32C, btrfs's checksum, bit by bit (only a few tree blocks are resealed).
fn crc32c(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0x82F6_3B78
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The tree blocks of the main filesystem tree (owner 5) at `level` in a btrfs image of 4 KiB
/// tree blocks: found by their filesystem UUID and checksum, every copy (mixed block groups keep
/// one, DUP two, and mkfs leaves superseded blocks behind).
fn btrfs_fs_tree_blocks(image: &[u8], level: u8) -> Vec<usize> {
    let fsid = &image[0x10020..0x10030];
    (1 << 20..image.len() - 4096)
        .step_by(4096)
        .filter(|&at| {
            let block = &image[at..at + 4096];
            &block[0x20..0x30] == fsid
                && block[0x58..0x60] == 5u64.to_le_bytes()
                && block[0x64] == level
                && block[..4] == crc32c(&block[0x20..]).to_le_bytes()
        })
        .collect()
}

fn btrfs_reseal(image: &mut [u8], at: usize) {
    let crc = crc32c(&image[at + 0x20..at + 4096]);
    image[at..at + 4].copy_from_slice(&crc.to_le_bytes());
}

/// Edits the regular extent item of `ram_bytes` bytes (one file's only extent) in every leaf of
/// the filesystem tree holding it; returns how many copies were edited.
fn btrfs_edit_extent(image: &mut [u8], ram_bytes: u64, edit: impl Fn(&mut [u8])) -> usize {
    let mut edited = 0;
    for leaf in btrfs_fs_tree_blocks(image, 0) {
        let count = u32::from_le_bytes(image[leaf + 0x60..leaf + 0x64].try_into().expect("4"));
        for index in 0..count as usize {
            let item = leaf + 0x65 + index * 25;
            let offset = u32::from_le_bytes(image[item + 17..item + 21].try_into().expect("4"));
            let data = leaf + 0x65 + offset as usize;
            if image[item + 8] == 108
                && image[data + 20] == 1
                && image[data + 8..data + 16] == ram_bytes.to_le_bytes()
            {
                edit(&mut image[data..data + 53]);
                btrfs_reseal(image, leaf);
                edited += 1;
            }
        }
    }
    edited
}

/// An edit of a file extent item's bytes.
type ExtentEdit<'a> = &'a dyn Fn(&mut [u8]);

/// A GPT disk with three btrfs volumes (made by mkfs.btrfs --rootdir): the first with a corrupt
/// superblock, the second with its filesystem tree's root node pointing to itself, the third
/// with a file whose extent lies outside the device, one whose extent claims bytes past its
/// disk extent, and one whose plain data is marked zlib-compressed. Each damage is a clear error,
/// never a panic or a hang, and the rest of the disk is still read and flagged.
#[test]
fn corrupt_btrfs_superblocks_looping_nodes_and_bad_extents_are_errors() {
    if !util::test_tools::available(&["mkfs.btrfs", "sgdisk"]) {
        return;
    }
    let host = Host::new();
    host.write("tree/opt/implant.exe", &pe_with(&INSTALLER_KEY));
    host.write("tree/etc/hostname", b"bridge\n");
    for (name, size) in [("outside", 65536), ("past", 32768), ("zlib", 16384)] {
        host.write(format!("tree/var/log/{name}.log"), &vec![b'x'; size]);
    }
    // Enough entries for the filesystem tree to need a node above its leaves.
    for i in 0..200 {
        host.write(
            format!("tree/many/entry-{i:03}"),
            format!("{i}\n").as_bytes(),
        );
    }
    let tree = host.path("tree");
    let make = |name: &str| {
        let image = host.path(name);
        // Mixed block groups: small volumes and 4 KiB tree blocks.
        util::test_tools::mkfs_btrfs(&tree, &image, 32, &["-M"]);
        (image.clone(), std::fs::read(&image).expect("image"))
    };
    let (broken, mut bytes) = make("broken.btrfs");
    // Tree blocks of 3000 bytes: the magic is there, the geometry is impossible.
    bytes[0x10094..0x10098].copy_from_slice(&3000u32.to_le_bytes());
    std::fs::write(&broken, &bytes).expect("write image");

    let (looped, mut bytes) = make("looped.btrfs");
    let nodes = btrfs_fs_tree_blocks(&bytes, 1);
    assert!(!nodes.is_empty(), "the filesystem tree has a node");
    for node in nodes {
        let own = bytes[node + 0x30..node + 0x38].to_vec();
        bytes[node + 0x65 + 17..node + 0x65 + 25].copy_from_slice(&own);
        btrfs_reseal(&mut bytes, node);
    }
    std::fs::write(&looped, &bytes).expect("write image");

    let (extents, mut bytes) = make("extents.btrfs");
    let edits: [(u64, ExtentEdit); 3] = [
        (65536, &|item| {
            item[21..29].copy_from_slice(&(1u64 << 40).to_le_bytes())
        }),
        (32768, &|item| {
            item[37..45].copy_from_slice(&(1u64 << 62).to_le_bytes())
        }),
        (16384, &|item| item[16] = 1),
    ];
    for (ram_bytes, edit) in edits {
        assert!(
            btrfs_edit_extent(&mut bytes, ram_bytes, edit) > 0,
            "{ram_bytes}"
        );
    }
    std::fs::write(&extents, &bytes).expect("write image");

    let disk = host.path("disk.raw");
    let partition = |content, name| Partition {
        content,
        type_code: "8300",
        name,
    };
    gpt_disk(
        &disk,
        &[
            partition(&broken, "broken"),
            partition(&looped, "looped"),
            partition(&extents, "extents"),
        ],
    );
    let scan = DamagedScan::of(&disk, "btrfs");
    let (volumes, errors) = (&scan.volumes, &scan.errors);
    assert_eq!(scan.status(2), "scanned", "{volumes}");
    for (path, words) in [
        ("/", "pointed to twice"),
        ("/var/log/outside.log", "in no chunk"),
        ("/var/log/past.log", "of a disk extent"),
        ("/var/log/zlib.log", "zlib data"),
    ] {
        assert!(scan.reported(path, words), "{path}: {errors:?}");
    }
    // Every file of the third volume is opened; the three whose damaged extents are met while
    // reading are errors, not files read. On the second, the root directory lies under the
    // looping pointer.
    assert_eq!(volumes[2]["files_read"], 202, "{volumes}");
    assert_eq!(volumes[1]["files_read"], 0, "{volumes}");
}

/// Found by the ewf fuzz target: an E01 whose chunk table holds fewer entries than it declares.
/// The fuzz target's reads across the disk made the `ewf` crate panic (the unit test in
/// `container/ewf.rs` covers that read); a scan reads only the start of the disk here, and the
/// image is one error record, the scan ends normally and the host is not called clean.
#[test]
fn an_e01_whose_chunk_table_is_cut_short_is_an_error_not_a_crash() {
    let image = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/images/ewf-chunk-index-past-table.E01"
    );
    let run = needle(["scan", "--format", "jsonl", "-q", image]);
    assert_eq!(run.code, 2, "{}\n{}", run.stderr, run.stdout);
    let errors = run.of_type("error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["path"], image);
    let message = errors[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("cannot open the image"), "{message}");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let summary = run.summary();
    assert_eq!(summary["errors"], 1, "{summary}");
    // Nothing of that host could be read: no evidence either way, never "clean".
    assert_eq!(summary["verdict"], "unknown", "{summary}");
    let text = needle(["scan", image]);
    assert_eq!(text.code, 2, "{}", text.stderr);
    assert!(
        text.stdout.contains(
            "verdict: UNKNOWN (nothing could be scanned; 1 error: what could not be read is not covered)"
        ),
        "{}",
        text.stdout
    );
}
