//! Opening and reading one file without disturbing it: read-only, no access-time update where
//! the OS allows, never through a symlink or into a FIFO swapped in after the walk.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

use super::registry;

/// Opens `path` read-only and checks that it is (still) a regular file.
pub fn open_regular(path: &Path) -> io::Result<(File, Metadata)> {
    let file = open_read_only(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(io::Error::other("no longer a regular file"));
    }
    Ok((file, metadata))
}

/// A live file found by the walk. O_NONBLOCK: a FIFO swapped in after the walk must not block
/// the worker (it is then rejected as not regular). O_NOFOLLOW: never follow a symlink swapped in
/// after the walk.
#[cfg(unix)]
fn open_read_only(path: &Path) -> io::Result<File> {
    open_untouched(path, libc::O_NONBLOCK | libc::O_NOFOLLOW)
}

#[cfg(not(unix))]
fn open_read_only(path: &Path) -> io::Result<File> {
    OpenOptions::new().read(true).open(path)
}

/// Opens `path` read-only with `flags`, without updating its access time where the OS allows it
/// (Linux's O_NOATIME, permitted to the file's owner and to root; others read without it).
#[cfg(target_os = "linux")]
pub fn open_untouched(path: &Path, flags: libc::c_int) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    match OpenOptions::new()
        .read(true)
        .custom_flags(flags | libc::O_NOATIME)
        .open(path)
    {
        Err(e) if e.raw_os_error() == Some(libc::EPERM) => {
            OpenOptions::new().read(true).custom_flags(flags).open(path)
        }
        other => other,
    }
}

#[cfg(all(unix, not(target_os = "linux")))]
pub fn open_untouched(path: &Path, flags: libc::c_int) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().read(true).custom_flags(flags).open(path)
}

/// A live file opened for its analysis.
pub enum Opened {
    /// Read whole: `data` holds what was read, shorter than `size` if the file shrank meanwhile.
    Whole {
        data: Vec<u8>,
        size: u64,
        metadata: Metadata,
    },
    /// Larger than the limit: left open, to be read as a stream.
    TooLarge {
        file: File,
        size: u64,
        metadata: Metadata,
    },
}

/// Opens `path` and reads it whole into `buffer` (cleared first, its capacity reused), unless
/// it is larger than `max_size` (a registry hive is read whole up to
/// [`registry::MAX_HIVE_SIZE`]: SOFTWARE is often larger than the default limit, and its keys are
/// only read whole). The error is the message a report shows.
pub fn open_and_read(path: &Path, max_size: u64, mut buffer: Vec<u8>) -> Result<Opened, String> {
    let (mut file, metadata) = open_regular(path).map_err(|e| format!("cannot open: {e}"))?;
    let size = metadata.len();
    if size > max_size && !(size <= registry::MAX_HIVE_SIZE && starts_as_hive(&file)) {
        return Ok(Opened::TooLarge {
            file,
            size,
            metadata,
        });
    }
    buffer.clear();
    let read = usize::try_from(size)
        .map_err(io::Error::other)
        .and_then(|wanted| {
            buffer.reserve(wanted);
            (&mut file).take(size).read_to_end(&mut buffer)
        });
    match read {
        Ok(_) => Ok(Opened::Whole {
            data: buffer,
            size,
            metadata,
        }),
        Err(e) => Err(format!("read error: {e}")),
    }
}

#[cfg(unix)]
fn starts_as_hive(file: &File) -> bool {
    use std::os::unix::fs::FileExt;
    let mut head = [0u8; 4];
    file.read_exact_at(&mut head, 0).is_ok() && registry::is_signature(&head)
}

#[cfg(not(unix))]
fn starts_as_hive(_file: &File) -> bool {
    false
}

/// The transaction logs beside a registry hive on the live filesystem (`SYSTEM.LOG1`,
/// `ntuser.dat.LOG2`; names matched case-insensitively, as Windows does), each read whole (a log
/// starts with a `regf` header too, so it is read up to [`registry::MAX_HIVE_SIZE`]). Logs that
/// cannot be read are left out: the hive is then read as it is.
pub fn hive_logs(hive: &Path, max_size: u64) -> Vec<(String, Vec<u8>)> {
    let (Some(dir), Some(name)) = (hive.parent(), hive.file_name()) else {
        return Vec::new();
    };
    let name = name.to_string_lossy().to_lowercase();
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut logs: Vec<(String, Vec<u8>)> = listing
        .flatten()
        .filter_map(|entry| {
            let entry_name = entry.file_name().to_string_lossy().into_owned();
            let suffix = entry_name
                .to_lowercase()
                .strip_prefix(name.as_str())?
                .to_string();
            if ![".log1", ".log2", ".log"].contains(&suffix.as_str()) {
                return None;
            }
            match open_and_read(&entry.path(), max_size, Vec::new()) {
                Ok(Opened::Whole { data, .. }) => Some((entry_name, data)),
                _ => None,
            }
        })
        .collect();
    logs.sort();
    logs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_gone_before_it_is_read_is_an_error_with_the_reason() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("vanished.bin");
        std::fs::write(&path, b"here for a moment").expect("write");
        std::fs::remove_file(&path).expect("remove");
        let Err(message) = open_and_read(&path, 1 << 20, Vec::new()) else {
            panic!("a missing file cannot be read");
        };
        assert!(
            message.starts_with("cannot open") && message.contains("No such file"),
            "{message}"
        );
    }

    #[test]
    fn files_above_the_limit_stay_open_for_streaming() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.bin");
        std::fs::write(&path, [7u8; 100]).expect("write");
        match open_and_read(&path, 99, Vec::new()) {
            Ok(Opened::TooLarge { size, .. }) => assert_eq!(size, 100),
            _ => panic!("100 bytes are above a 99-byte limit"),
        }
        match open_and_read(&path, 100, Vec::new()) {
            Ok(Opened::Whole { data, size, .. }) => assert_eq!((data.len(), size), (100, 100)),
            _ => panic!("100 bytes are within a 100-byte limit"),
        }
    }
}
