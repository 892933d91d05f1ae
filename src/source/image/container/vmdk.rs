//! VMDK through `vmdk-core`: monolithicSparse, streamOptimized, and descriptor files with flat
//! or sparse extents. A delta disk (snapshot) is layered here on its parent, grain by grain,
//! rather than with the crate's chain reader, so that the parent may sit next to the child
//! whatever path the child records, and a missing parent is named.

use std::io::{self, BufReader};
use std::path::{Path, PathBuf};

use ::vmdk::{ReadSeek, VmdkFileReader};

use super::{
    ContainerError, Format, StreamDisk, describe_parent, find_parent, invalid_in, io_error_in,
    open_parent, open_sized, panicked_in, read_decoded, read_error, read_full, read_parent,
};
use crate::panics::catch;
use crate::source::image::disk::{Disk, clamp_to_end};

const SPARSE_MAGIC: &[u8] = b"KDMV";
const COWD_MAGIC: &[u8] = b"COWD";
const DESCRIPTOR: &[u8] = b"# Disk DescriptorFile";
/// Descriptor files are a few hundred bytes; the crate reads them whole.
const MAX_DESCRIPTOR: u64 = 1 << 20;
const NO_PARENT: u32 = 0xffff_ffff;
const FLAT_TYPES: &[&str] = &["monolithicFlat", "twoGbMaxExtentFlat"];

/// Whether the first bytes of a file are a VMDK: a sparse extent or a descriptor.
pub(super) fn is_vmdk(head: &[u8]) -> bool {
    let text = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    head.starts_with(SPARSE_MAGIC) || head.starts_with(COWD_MAGIC) || text.starts_with(DESCRIPTOR)
}

/// A delta disk over its parent: allocated grains from the child, the rest from the parent.
struct DeltaDisk {
    child: VmdkFileReader,
    parent: Box<dyn Disk>,
    path: PathBuf,
    size: u64,
    grain: u64,
    format: String,
}

pub(super) fn open(path: &Path, depth: usize) -> Result<Box<dyn Disk>, ContainerError> {
    let invalid = invalid_in(path, Format::Vmdk);
    let panicked = panicked_in(path, Format::Vmdk);
    let (file, len) = open_sized(path)?;
    let mut head = [0u8; 4];
    let n = read_full(&file, 0, &mut head).map_err(io_error_in(path))?;
    let descriptor = !head[..n].starts_with(SPARSE_MAGIC) && !head[..n].starts_with(COWD_MAGIC);
    let mut extents = Vec::new();
    if descriptor {
        if len > MAX_DESCRIPTOR {
            return Err(invalid(format!(
                "a descriptor of {len} bytes is implausibly large"
            )));
        }
        extents = catch(|| VmdkFileReader::extent_dependencies(path))
            .map_err(panicked)?
            .map_err(|e| invalid(e.to_string()))?;
        if let Some(missing) = extents.iter().find(|e| !e.exists()) {
            return Err(ContainerError::MissingPart {
                path: path.to_path_buf(),
                format: Format::Vmdk,
                what: "extent file",
                missing: missing.clone(),
            });
        }
    }
    // A binary VMDK is read through our own handle (no access-time update); a descriptor's
    // extents only the crate can open, by their paths.
    let reader = if descriptor {
        catch(|| VmdkFileReader::open_path(path))
    } else {
        let source: Box<dyn ReadSeek + Send> = Box::new(BufReader::new(file));
        catch(|| VmdkFileReader::open(source))
    }
    .map_err(panicked)?
    .map_err(|e| invalid(e.to_string()))?;
    let size = reader.virtual_disk_size();
    let create_type = reader.disk_type().to_string();
    if FLAT_TYPES.contains(&create_type.as_str()) {
        let mut held = 0u64;
        for extent in &extents {
            held = held.saturating_add(std::fs::metadata(extent).map_or(0, |m| m.len()));
        }
        if held < size {
            return Err(invalid(format!(
                "declares a disk of {size} bytes but its extent files hold {held}: truncated?"
            )));
        }
    }
    let format = if create_type.is_empty() {
        "vmdk".to_string()
    } else {
        format!("vmdk ({create_type})")
    };

    if reader.parent_cid() == NO_PARENT {
        return Ok(Box::new(StreamDisk {
            reader,
            path: path.to_path_buf(),
            size,
            format,
        }));
    }
    let hint = parent_hint(reader.descriptor_text());
    let Some(hint) = hint else {
        return Err(invalid(
            "is a delta disk (parentCID is set) without a parentFileNameHint".to_string(),
        ));
    };
    let grain = reader.info().grain_size_bytes;
    if grain == 0 {
        return Err(ContainerError::Unsupported {
            path: path.to_path_buf(),
            format: Format::Vmdk,
            feature: format!(
                "a delta disk in separate extents ({create_type}) over parent \"{hint}\""
            ),
        });
    }
    let parent_path = find_parent(path, Format::Vmdk, std::slice::from_ref(&hint))?;
    let parent = open_parent(path, &parent_path, Some(Format::Vmdk), depth)?;
    let format = describe_parent(&format, &parent_path, parent.as_ref());
    Ok(Box::new(DeltaDisk {
        child: reader,
        parent,
        path: path.to_path_buf(),
        size,
        grain,
        format,
    }))
}

/// `parentFileNameHint="base.vmdk"` from a descriptor.
fn parent_hint(descriptor: &str) -> Option<String> {
    descriptor.lines().find_map(|line| {
        let value = line.trim().strip_prefix("parentFileNameHint")?;
        let value = value
            .trim_start()
            .strip_prefix('=')?
            .trim()
            .trim_matches('"');
        (!value.is_empty()).then(|| value.to_string())
    })
}

impl Disk for DeltaDisk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(buf) = clamp_to_end(buf, offset, self.size) else {
            return Ok(0);
        };
        let wanted = buf.len();
        let mut done = 0;
        while done < wanted {
            let position = offset + done as u64;
            let run = (self.grain - position % self.grain).min((wanted - done) as u64) as usize;
            let part = &mut buf[done..done + run];
            let child = &mut self.child;
            let allocated = catch(|| child.is_allocated(position / 512))
                .map_err(|message| {
                    read_error(
                        &self.path,
                        io::ErrorKind::InvalidData,
                        format_args!("decoder failed: {message}"),
                    )
                })?
                .map_err(|e| read_error(&self.path, e.kind(), e))?;
            if allocated {
                read_decoded(&mut self.child, &self.path, position, part)?;
            } else {
                read_parent(self.parent.as_mut(), position, part)?;
            }
            done += run;
        }
        Ok(done)
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn format(&self) -> String {
        self.format.clone()
    }
}
