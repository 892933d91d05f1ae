//! needle's own files (compiled rules, the rule and scan caches): written so a reader never sees
//! half of one (a temporary file in the same directory, synced, then renamed over the target),
//! and read back only when no one else could have written them.

use std::fs::OpenOptions;
use std::io::{self, Read, Write};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::Path;

/// Writes `bytes` to `path` atomically, as a file only its owner can read and write.
pub fn write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The bytes of `path` if it is a regular file (not a symbolic link) owned by the effective user
/// and writable by no one else, checked on the opened file so that it cannot be swapped between
/// the check and the read. A cache in a directory another user controls (a root scan whose
/// `HOME` is someone else's) could otherwise be written by that user: the rule cache holds code
/// YARA-X loads, the scan cache decides which files are not read again.
pub fn read_private(path: &Path) -> io::Result<Vec<u8>> {
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)?;
    let metadata = file.metadata()?;
    let user = rustix::process::geteuid().as_raw();
    if !metadata.is_file() || metadata.uid() != user || metadata.mode() & 0o022 != 0 {
        return Err(io::Error::other(format!(
            "not a private file of this user (uid {user}): owner uid {}, mode {:o}; not read, \
             since someone else could have written it",
            metadata.uid(),
            metadata.mode() & 0o7777
        )));
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn only_the_user_s_own_unshared_regular_files_are_read_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("entry");
        write(&path, b"own").expect("write");
        let mode = std::fs::metadata(&path).expect("written").mode();
        assert_eq!(mode & 0o077, 0, "written private: {mode:o}");
        assert_eq!(read_private(&path).expect("own file"), b"own");

        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o646)).expect("chmod");
        let shared = read_private(&path).expect_err("others can write it");
        assert!(shared.to_string().contains("mode 646"), "{shared}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        assert_eq!(read_private(&path).expect("group may read"), b"own");

        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&path, &link).expect("symlink");
        assert!(read_private(&link).is_err(), "a link is not followed");
        let fifo = dir.path().join("fifo");
        rustix::fs::mkfifoat(
            rustix::fs::CWD,
            &fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
        )
        .expect("mkfifo");
        let special = read_private(&fifo).expect_err("a FIFO is no cache file");
        assert!(
            special.to_string().contains("not a private file"),
            "{special}"
        );
        assert_eq!(
            read_private(&dir.path().join("missing")).map_err(|e| e.kind()),
            Err(io::ErrorKind::NotFound)
        );

        // Owned by another user: only root can make one here.
        if rustix::process::geteuid().is_root() {
            write(&path, b"own").expect("write");
            std::os::unix::fs::chown(&path, Some(1), None).expect("chown");
            let foreign = read_private(&path).expect_err("another user's file");
            assert!(foreign.to_string().contains("owner uid 1,"), "{foreign}");
        }
    }
}
