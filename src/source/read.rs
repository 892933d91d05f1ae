//! Opening and reading one file without disturbing it: read-only, no access-time update where
//! the OS allows, never through a symlink or into a FIFO swapped in after the walk.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// Opens `path` read-only and checks that it is (still) a regular file.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let file = open_read_only(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::other("no longer a regular file"));
    }
    Ok((file, metadata))
}

#[cfg(target_os = "linux")]
fn open_read_only(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: a FIFO swapped in after the walk must not block the worker (it is then rejected
    // as not regular). O_NOFOLLOW: never follow a symlink swapped in after the walk.
    let base = libc::O_NONBLOCK | libc::O_NOFOLLOW;
    match OpenOptions::new()
        .read(true)
        .custom_flags(base | libc::O_NOATIME)
        .open(path)
    {
        // O_NOATIME is only allowed to the file's owner (or root); others read without it.
        Err(e) if e.raw_os_error() == Some(libc::EPERM) => {
            OpenOptions::new().read(true).custom_flags(base).open(path)
        }
        other => other,
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
fn open_read_only(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(path)
}

#[cfg(not(unix))]
fn open_read_only(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// Reads up to `expected` bytes of `file` into `buffer` (cleared first, capacity kept for the
/// next file). Returns the number of bytes read, fewer than `expected` if the file shrank.
pub fn read_into(file: &mut File, expected: u64, buffer: &mut Vec<u8>) -> io::Result<usize> {
    buffer.clear();
    let wanted = usize::try_from(expected).map_err(io::Error::other)?;
    buffer.reserve(wanted);
    file.take(expected).read_to_end(buffer)
}
