//! Raw images: one file (or block device), or a split image whose numbered segments
//! (`disk.001`, `disk.002`...) are concatenated.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

use super::{ContainerError, Format, invalid_in, open_sized, read_error, read_full};
use crate::source::image::disk::Disk;

struct Segment {
    file: File,
    path: PathBuf,
    /// Offset of the segment's first byte in the virtual disk.
    start: u64,
    len: u64,
}

struct RawDisk {
    segments: Vec<Segment>,
    size: u64,
}

pub(super) fn open(path: &Path) -> Result<Box<dyn Disk>, ContainerError> {
    let paths = segment_paths(path)?;
    let mut segments = Vec::with_capacity(paths.len());
    let mut start = 0u64;
    for path in paths {
        let (file, len) = open_sized(&path)?;
        segments.push(Segment {
            file,
            path,
            start,
            len,
        });
        start = start.saturating_add(len);
    }
    Ok(Box::new(RawDisk {
        segments,
        size: start,
    }))
}

/// The files making up a raw image: `path` alone, or when its extension is a number with
/// siblings numbered after it, all of them in order.
fn segment_paths(path: &Path) -> Result<Vec<PathBuf>, ContainerError> {
    let Some((stem, first, width)) = numbered(path) else {
        return Ok(vec![path.to_path_buf()]);
    };
    let sibling = |n: u64| {
        let mut name = stem.clone();
        name.push(format!(".{n:0width$}"));
        PathBuf::from(name)
    };
    if let Some(previous) = first.checked_sub(1).map(sibling)
        && previous.exists()
    {
        return Err(invalid_in(path, Format::Raw)(format!(
            "is a later segment of a split image; open its first segment ({} or before)",
            previous.display()
        )));
    }
    let mut paths = vec![path.to_path_buf()];
    let mut last = first;
    for n in first + 1.. {
        let next = sibling(n);
        // The width must stay the same: after .999 comes no .1000 in any splitter.
        if next.extension().map(|e| e.len()) != Some(width) || !next.exists() {
            break;
        }
        paths.push(next);
        last = n;
    }
    // A segment lost from the middle would silently cut the disk short.
    if let Some(later) = highest_sibling(path, width)
        && later > last
    {
        return Err(ContainerError::MissingPart {
            path: path.to_path_buf(),
            format: Format::Raw,
            what: "segment",
            missing: sibling(last + 1),
        });
    }
    Ok(paths)
}

/// The highest segment number among the files named like `path` with a `width`-digit extension.
fn highest_sibling(path: &Path, width: usize) -> Option<u64> {
    let stem = path.file_stem()?.to_str()?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name();
            let extension = name.to_str()?.strip_prefix(stem)?.strip_prefix('.')?;
            (extension.len() == width && extension.bytes().all(|b| b.is_ascii_digit()))
                .then(|| extension.parse().ok())?
        })
        .max()
}

/// `disk.raw.001` -> ("disk.raw", 1, 3); None when the extension is not 2 to 4 digits.
fn numbered(path: &Path) -> Option<(std::ffi::OsString, u64, usize)> {
    let extension = path.extension()?.to_str()?;
    if !(2..=4).contains(&extension.len()) || !extension.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = extension.parse().ok()?;
    let stem = path.with_extension("").into_os_string();
    Some((stem, number, extension.len()))
}

impl Disk for RawDisk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let mut done = 0;
        while done < buf.len() {
            let position = offset + done as u64;
            if position >= self.size {
                break;
            }
            let index = self
                .segments
                .partition_point(|s| s.start <= position)
                .saturating_sub(1);
            let segment = &mut self.segments[index];
            let within = position - segment.start;
            let wanted =
                (buf.len() - done).min(usize::try_from(segment.len - within).unwrap_or(usize::MAX));
            let n = read_full(&segment.file, within, &mut buf[done..done + wanted])
                .map_err(|e| read_error(&segment.path, e.kind(), e))?;
            if n < wanted {
                return Err(read_error(
                    &segment.path,
                    io::ErrorKind::UnexpectedEof,
                    "file became shorter while it was read",
                ));
            }
            done += n;
        }
        Ok(done)
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn format(&self) -> String {
        match self.segments.len() {
            1 => "raw".to_string(),
            n => format!("split raw ({n} segments)"),
        }
    }
}
