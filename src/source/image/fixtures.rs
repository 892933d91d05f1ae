//! Test fixtures: disk images built at test time with the Debian tools that `.ci/run` installs
//! (e2fsprogs, dosfstools, mtools, ntfs-3g, gdisk, fdisk, qemu-utils, ewf-tools). A missing tool
//! fails the test with its name: an image test that silently passes without its image would
//! prove nothing.

use std::path::Path;
use std::process::Command;

/// Runs `program` with `args` (looked up with /usr/sbin and /sbin added to PATH), panicking with
/// its output when it cannot start or fails. `ok_codes` lists the exit codes that mean success
/// (e2fsck exits 1 after fixing things, which is fine for a fixture).
pub fn run(program: &str, args: &[&str], ok_codes: &[i32]) {
    let path = format!(
        "{}:/usr/sbin:/sbin",
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new(program)
        .args(args)
        .env("PATH", path)
        .env("MTOOLS_SKIP_CHECK", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} (install it; .ci/run does): {e}"));
    let code = output.status.code().unwrap_or(-1);
    assert!(
        ok_codes.contains(&code),
        "{program} {args:?} exited {code}\nstdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
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
