//! Containers: the file formats a disk image is stored in. Each decodes to a [`Disk`].
//!
//! Raw and split raw, qcow2 and VHD are decoded here; EWF, VMDK and VHDX go through the `ewf`,
//! `vmdk-core` and `vhdx-core` crates, kept behind [`Disk`]: every call into them runs under
//! `catch_unwind`, and the sizes they report are checked before they are trusted. A differencing
//! image (qcow2 backing file, VMDK delta, VHD/VHDX child) is read merged with its parent, which
//! must sit where the child names it or next to the child.

use std::fmt;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

use super::disk::{Disk, clamp_to_end};
use crate::panics::catch;

mod ewf;
mod qcow2;
mod raw;
#[cfg(test)]
mod tests;
mod vhd;
mod vhdx;
mod vmdk;

/// The container formats [`detect`] recognises and [`open`] decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Raw,
    Ewf,
    Qcow2,
    Vmdk,
    Vhd,
    Vhdx,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Raw => "raw",
            Format::Ewf => "EWF",
            Format::Qcow2 => "qcow2",
            Format::Vmdk => "VMDK",
            Format::Vhd => "VHD",
            Format::Vhdx => "VHDX",
        })
    }
}

/// Why an image cannot be opened. Every message names the file at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ContainerError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}: not a valid {format} image: {reason}", path.display())]
    Invalid {
        path: PathBuf,
        format: Format,
        reason: String,
    },
    #[error("{}: {format} image uses {feature}, which cannot be read", path.display())]
    Unsupported {
        path: PathBuf,
        format: Format,
        feature: String,
    },
    /// A segment or extent file of a multi-file image is absent.
    #[error("{}: {format} image is incomplete: {what} {} is missing", path.display(), missing.display())]
    MissingPart {
        path: PathBuf,
        format: Format,
        what: &'static str,
        missing: PathBuf,
    },
    /// A differencing image whose parent cannot be found: reading the child alone would show
    /// only the blocks changed since the parent was frozen.
    #[error(
        "{}: differencing {format} image: its parent image \"{parent}\" was not found \
         (looked for {}); put the parent image next to it",
        path.display(),
        looked_at.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    MissingParent {
        path: PathBuf,
        format: Format,
        parent: String,
        looked_at: Vec<PathBuf>,
    },
    /// A third-party decoder panicked: the image is malformed in a way it does not check.
    #[error("{}: the {format} decoder failed on this image: {message}", path.display())]
    DecoderPanic {
        path: PathBuf,
        format: Format,
        message: String,
    },
}

/// Largest virtual disk accepted (1 PiB): a header claiming more is corrupt or hostile.
const MAX_DISK_SIZE: u64 = 1 << 50;

/// Longest chain of differencing images followed (a loop in crafted images ends here).
const MAX_PARENT_DEPTH: usize = 16;

/// Recognises a container by content (magic bytes), never by extension. Raw images have no
/// magic: returns Ok(None) for them (the caller recognises raw disks by their partition table or
/// filesystem).
pub fn detect(path: &Path) -> io::Result<Option<Format>> {
    // Opening a FIFO blocks, and a character device may never end: neither is an image.
    let file_type = std::fs::metadata(path)?.file_type();
    if !file_type.is_file() && !file_type.is_block_device() {
        return Ok(None);
    }
    let mut file = open_read_only(path)?;
    let mut head = [0u8; 512];
    let n = read_full(&file, 0, &mut head)?;
    let head = &head[..n];
    let magic = |m: &[u8]| head.starts_with(m);
    if magic(ewf::SIGNATURE_V1) || magic(ewf::SIGNATURE_V2) {
        return Ok(Some(Format::Ewf));
    }
    if magic(qcow2::MAGIC) {
        return Ok(Some(Format::Qcow2));
    }
    if magic(vhdx::MAGIC) {
        return Ok(Some(Format::Vhdx));
    }
    if vmdk::is_vmdk(head) {
        return Ok(Some(Format::Vmdk));
    }
    // A dynamic VHD starts with a copy of its footer; a fixed one has it only at the end.
    if magic(vhd::COOKIE) {
        return Ok(Some(Format::Vhd));
    }
    let len = file.seek(SeekFrom::End(0))?;
    if len >= 512 {
        let mut tail = [0u8; 512];
        let n = read_full(&file, len - 512, &mut tail)?;
        if tail[..n].starts_with(vhd::COOKIE) {
            return Ok(Some(Format::Vhd));
        }
    }
    Ok(None)
}

/// Opens the image read-only. For Format::Raw, a path ending in a numeric segment extension
/// (.001, also .000/.00) with siblings .002, .003... is opened as one split raw image (all
/// segments concatenated). A VMDK descriptor file (text, "# Disk DescriptorFile") referencing
/// flat extents is opened with its extents. A differencing disk (qcow2 backing file, VHD/VHDX
/// parent, VMDK delta) is read as the merged view with its parent; a missing parent is an error
/// naming it.
pub fn open(path: &Path, format: Format) -> Result<Box<dyn Disk>, ContainerError> {
    open_at_depth(path, format, 0)
}

/// [`open`] for an image that is `depth` parents below the one the user named.
fn open_at_depth(
    path: &Path,
    format: Format,
    depth: usize,
) -> Result<Box<dyn Disk>, ContainerError> {
    let invalid = invalid_in(path, format);
    if depth > MAX_PARENT_DEPTH {
        return Err(invalid(format!(
            "chain of parent images is deeper than {MAX_PARENT_DEPTH} (a loop?)"
        )));
    }
    let file_type = std::fs::metadata(path)
        .map_err(io_error_in(path))?
        .file_type();
    if !file_type.is_file() && !file_type.is_block_device() {
        return Err(invalid(
            "is neither a regular file nor a block device".to_string(),
        ));
    }
    let disk = match format {
        Format::Raw => raw::open(path)?,
        Format::Ewf => ewf::open(path)?,
        Format::Qcow2 => qcow2::open(path, depth)?,
        Format::Vmdk => vmdk::open(path, depth)?,
        Format::Vhd => vhd::open(path, depth)?,
        Format::Vhdx => vhdx::open(path, depth)?,
    };
    if disk.size() > MAX_DISK_SIZE {
        return Err(invalid(format!(
            "declares a disk of {} bytes, more than the {MAX_DISK_SIZE} bytes accepted",
            disk.size()
        )));
    }
    Ok(disk)
}

/// Opens evidence for reading only: nothing in this layer can write to it, and its access time
/// stays as it was where the OS allows.
fn open_read_only(path: &Path) -> io::Result<File> {
    crate::source::read::open_untouched(path, 0)
}

/// [`open_read_only`] with the error tied to the file.
fn open_file(path: &Path) -> Result<File, ContainerError> {
    open_read_only(path).map_err(io_error_in(path))
}

/// [`open_file`] with the size of the file or block device.
fn open_sized(path: &Path) -> Result<(File, u64), ContainerError> {
    let mut file = open_file(path)?;
    let len = file.seek(SeekFrom::End(0)).map_err(io_error_in(path))?;
    // Back at the start for decoders that read the file as a stream.
    file.rewind().map_err(io_error_in(path))?;
    Ok((file, len))
}

/// `Invalid` errors of one image, so that each decoder names its file and format once.
fn invalid_in(path: &Path, format: Format) -> impl Fn(String) -> ContainerError + Copy + '_ {
    move |reason| ContainerError::Invalid {
        path: path.to_path_buf(),
        format,
        reason,
    }
}

/// `Io` errors of one file.
fn io_error_in(path: &Path) -> impl Fn(io::Error) -> ContainerError + Copy + '_ {
    move |source| ContainerError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `DecoderPanic` errors of one image.
fn panicked_in(path: &Path, format: Format) -> impl Fn(String) -> ContainerError + Copy + '_ {
    move |message| ContainerError::DecoderPanic {
        path: path.to_path_buf(),
        format,
        message,
    }
}

/// Fills `buf` from `offset` with positioned reads; fewer bytes only at the end of the file.
fn read_full(file: &File, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut done = 0;
    while done < buf.len() {
        match file.read_at(&mut buf[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

/// An error met while reading the virtual disk, naming the image file.
fn read_error(path: &Path, kind: io::ErrorKind, message: impl fmt::Display) -> io::Error {
    io::Error::new(kind, format!("{}: {message}", path.display()))
}

/// A [`Disk`] over a decoder that offers `Read + Seek` (the VMDK and VHDX crates).
struct StreamDisk<R> {
    reader: R,
    path: PathBuf,
    size: u64,
    format: String,
}

impl<R: Read + Seek + Send> Disk for StreamDisk<R> {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(buf) = clamp_to_end(buf, offset, self.size) else {
            return Ok(0);
        };
        read_decoded(&mut self.reader, &self.path, offset, buf)?;
        Ok(buf.len())
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn format(&self) -> String {
        self.format.clone()
    }
}

/// Fills `buf` from a third-party decoder at `offset` of its virtual disk, which must hold
/// those bytes: running out early means the image is truncated.
fn read_decoded<R: Read + Seek>(
    reader: &mut R,
    path: &Path,
    offset: u64,
    buf: &mut [u8],
) -> io::Result<()> {
    let result = catch(|| -> io::Result<usize> {
        reader.seek(SeekFrom::Start(offset))?;
        let mut done = 0;
        while done < buf.len() {
            match reader.read(&mut buf[done..]) {
                Ok(0) => break,
                Ok(n) => done += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(done)
    });
    match result {
        Ok(Ok(n)) if n == buf.len() => Ok(()),
        Ok(Ok(n)) => Err(read_error(
            path,
            io::ErrorKind::UnexpectedEof,
            format_args!(
                "no data for byte {} of the virtual disk: truncated?",
                offset + n as u64
            ),
        )),
        Ok(Err(e)) => {
            let hint = if e.kind() == io::ErrorKind::UnexpectedEof {
                " (truncated?)"
            } else {
                ""
            };
            Err(read_error(
                path,
                e.kind(),
                format_args!("cannot read byte {offset} of the virtual disk: {e}{hint}"),
            ))
        }
        Err(message) => Err(read_error(
            path,
            io::ErrorKind::InvalidData,
            format_args!("decoder failed at byte {offset} of the virtual disk: {message}"),
        )),
    }
}

/// Reads `buf` from `parent` at `offset`, as zeros where the parent is shorter than the child
/// (qemu's rule for a backing file smaller than its overlay).
fn read_parent(parent: &mut dyn Disk, offset: u64, buf: &mut [u8]) -> io::Result<()> {
    let mut done = 0;
    while done < buf.len() {
        let n = parent.read_at(offset + done as u64, &mut buf[done..])?;
        if n == 0 {
            break;
        }
        done += n;
    }
    buf[done..].fill(0);
    Ok(())
}

/// Finds the parent a differencing image names. `names` are the names it records, best first
/// (a relative path, an absolute one...). A relative name is relative to the child's directory;
/// any name is also looked for by its file name next to the child, since evidence is usually
/// copied off the host that made it.
fn find_parent(child: &Path, format: Format, names: &[String]) -> Result<PathBuf, ContainerError> {
    let dir = match child.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut looked_at: Vec<PathBuf> = Vec::new();
    for name in names.iter().filter(|n| !n.is_empty()) {
        // Windows paths (VHD, VHDX locators) use backslashes and drive letters.
        let unix = name.replace('\\', "/");
        let declared = Path::new(&unix);
        let mut candidates = Vec::new();
        if declared.is_absolute() {
            candidates.push(declared.to_path_buf());
        } else if !unix.contains(':') {
            candidates.push(dir.join(declared));
        }
        if let Some(file_name) = declared.file_name() {
            candidates.push(dir.join(file_name));
        }
        for candidate in candidates {
            if looked_at.contains(&candidate) {
                continue;
            }
            // A regular file only: a FIFO or device named by a crafted image could block or
            // never end.
            if std::fs::metadata(&candidate).is_ok_and(|m| m.is_file()) {
                if same_file(&candidate, child) {
                    return Err(invalid_in(child, format)(format!(
                        "names itself as its parent ({name})"
                    )));
                }
                return Ok(candidate);
            }
            looked_at.push(candidate);
        }
    }
    Err(ContainerError::MissingParent {
        path: child.to_path_buf(),
        format,
        parent: names
            .iter()
            .find(|n| !n.is_empty())
            .cloned()
            .unwrap_or_default(),
        looked_at,
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Opens the parent of a differencing image: in `format` when the child records it, otherwise
/// as detected by content (raw when nothing is recognised).
fn open_parent(
    child: &Path,
    parent: &Path,
    format: Option<Format>,
    depth: usize,
) -> Result<Box<dyn Disk>, ContainerError> {
    let format = match format {
        Some(format) => format,
        None => detect(parent)
            .map_err(io_error_in(parent))?
            .unwrap_or(Format::Raw),
    };
    open_at_depth(parent, format, depth + 1).map_err(|e| match e {
        // Keep the child in the message: the responder opened the child, not the parent.
        ContainerError::Io { path, source } if path == parent => ContainerError::Io {
            path: child.to_path_buf(),
            source: io::Error::new(
                source.kind(),
                format!("parent image {}: {source}", parent.display()),
            ),
        },
        other => other,
    })
}

/// A short description of a merged view for [`Disk::format`]: "qcow2; parent base.qcow2: raw".
fn describe_parent(own: &str, parent_path: &Path, parent: &dyn Disk) -> String {
    let name = parent_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| parent_path.display().to_string());
    format!("{own}; parent {name}: {}", parent.format())
}
