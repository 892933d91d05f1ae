//! VHDX through `vhdx-core`, which decodes fixed, dynamic and (given its parent) differencing
//! disks and replays a dirty log in memory. The parent locator, which the crate does not read,
//! is parsed here to find the parent of a differencing disk.

use std::path::{Path, PathBuf};

use ::vhdx::metadata::GUID_PARENT_LOCATOR;
use ::vhdx::region::parse_region_table;
use ::vhdx::{Backing, VhdxError, VhdxReader};

use super::{
    ContainerError, Format, MAX_PARENT_DEPTH, StreamDisk, find_parent, invalid_in, io_error_in,
    open_file, open_sized, panicked_in, read_full,
};
use crate::panics::catch;
use crate::source::image::disk::Disk;

pub(super) const MAGIC: &[u8] = b"vhdxfile";
const REGION_TABLES: [usize; 2] = [0x3_0000, 0x4_0000];
const REGION_TABLE_SIZE: usize = 0x1_0000;
/// The metadata region is 1 MiB in every VHDX seen; more is refused rather than read.
const MAX_METADATA: u64 = 16 << 20;

pub(super) fn open(path: &Path, depth: usize) -> Result<Box<dyn Disk>, ContainerError> {
    let (reader, parents) = open_chain(path, depth)?;
    let size = reader.virtual_disk_size();
    let mut format = "vhdx".to_string();
    for parent in &parents {
        let name = parent.file_name().map_or_else(
            || parent.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        format.push_str(&format!("; parent {name}: vhdx"));
    }
    Ok(Box::new(StreamDisk {
        reader,
        path: path.to_path_buf(),
        size,
        format,
    }))
}

/// Opens `path` with its chain of parents, returning the reader and the parents' paths.
fn open_chain(path: &Path, depth: usize) -> Result<(VhdxReader, Vec<PathBuf>), ContainerError> {
    let invalid = invalid_in(path, Format::Vhdx);
    let panicked = panicked_in(path, Format::Vhdx);
    if depth > MAX_PARENT_DEPTH {
        return Err(invalid(format!(
            "chain of parent images is deeper than {MAX_PARENT_DEPTH} (a loop?)"
        )));
    }
    let file = open_file(path)?;
    match catch(|| VhdxReader::from_backing(Backing::File(file), None)).map_err(panicked)? {
        Ok(reader) => return Ok((reader, Vec::new())),
        Err(VhdxError::DifferencingNotSupported) => {}
        Err(e) => return Err(invalid(e.to_string())),
    }
    let names = parent_names(path)?;
    let parent_path = find_parent(path, Format::Vhdx, &names)?;
    let (parent, mut parents) = open_chain(&parent_path, depth + 1)?;
    let parent_size = parent.virtual_disk_size();
    let file = open_file(path)?;
    let reader = catch(|| VhdxReader::from_backing_with_parent(Backing::File(file), parent))
        .map_err(panicked)?
        .map_err(|e| invalid(e.to_string()))?;
    if parent_size < reader.virtual_disk_size() {
        return Err(invalid(format!(
            "its parent {} ({parent_size} bytes) is smaller than the disk ({} bytes)",
            parent_path.display(),
            reader.virtual_disk_size()
        )));
    }
    parents.insert(0, parent_path);
    Ok((reader, parents))
}

/// The paths a differencing disk's parent locator records, best first.
fn parent_names(path: &Path) -> Result<Vec<String>, ContainerError> {
    let invalid = |reason: &str| invalid_in(path, Format::Vhdx)(reason.to_string());
    let io_error = io_error_in(path);
    let (file, len) = open_sized(path)?;
    let mut head = vec![0u8; REGION_TABLES[1] + REGION_TABLE_SIZE];
    read_full(&file, 0, &mut head).map_err(io_error)?;
    let regions = catch(|| {
        parse_region_table(&head, REGION_TABLES[0], len)
            .or_else(|_| parse_region_table(&head, REGION_TABLES[1], len))
    })
    .map_err(|_| invalid("region table cannot be parsed"))?
    .map_err(|_| invalid("region table cannot be parsed"))?;
    let metadata_len = u64::from(regions.metadata.length);
    if metadata_len > MAX_METADATA {
        return Err(invalid("metadata region is implausibly large"));
    }
    let mut metadata = vec![0u8; metadata_len as usize];
    read_full(&file, regions.metadata.file_offset, &mut metadata).map_err(io_error)?;
    locator_paths(&metadata)
        .ok_or_else(|| invalid("is a differencing disk but its parent locator cannot be read"))
}

/// Reads the parent locator item of a metadata region (MS-VHDX 2.6.2.6).
fn locator_paths(metadata: &[u8]) -> Option<Vec<String>> {
    let le16 = |b: &[u8], at: usize| Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?));
    let le32 = |b: &[u8], at: usize| Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?));
    if !metadata.starts_with(b"metadata") {
        return None;
    }
    let entries = usize::from(le16(metadata, 10)?);
    let locator = (0..entries).find_map(|i| {
        let entry = metadata.get(32 + i * 32..64 + i * 32)?;
        if entry[..16] != GUID_PARENT_LOCATOR {
            return None;
        }
        let offset = le32(entry, 16)? as usize;
        let length = le32(entry, 20)? as usize;
        metadata.get(offset..offset.checked_add(length)?)
    })?;
    let pairs = usize::from(le16(locator, 18)?);
    let text = |offset: u32, length: u16| {
        let start = offset as usize;
        let bytes = locator.get(start..start.checked_add(usize::from(length))?)?;
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    };
    let mut found: Vec<(usize, String)> = Vec::new();
    for i in 0..pairs {
        let at = 20 + i * 12;
        let key = text(le32(locator, at)?, le16(locator, at + 8)?)?;
        let value = text(le32(locator, at + 4)?, le16(locator, at + 10)?)?;
        let rank = match key.as_str() {
            "relative_path" => 0,
            "absolute_win32_path" => 1,
            "volume_path" => 2,
            _ => continue,
        };
        found.push((rank, value));
    }
    found.sort_by_key(|(rank, _)| *rank);
    Some(found.into_iter().map(|(_, value)| value).collect())
}
