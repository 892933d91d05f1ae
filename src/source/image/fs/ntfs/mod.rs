//! NTFS, read from the MFT without mounting.
//!
//! The walk starts at the root directory and reads each directory's `$I30` index (the root node
//! and every in-use index block, never following subnode pointers, so a corrupt B-tree cannot
//! loop). Every data stream of every file is handed out: the unnamed `$DATA` under the file's
//! path, alternate data streams as `path:stream`. Content is streamed: resident values, data runs
//! (sparse runs and bytes past the initialized size read as zeros) and LZNT1-compressed units
//! (decompressed here, one unit at a time). A file with several hardlinks is read once and
//! reported with all its names; DOS 8.3 aliases are skipped.
//!
//! Not scanned, and said so: symlinks, junctions and other name-surrogate reparse points
//! ([`FsItem::Link`], never followed); WOF/CompactOS-compressed, deduplicated and EFS-encrypted
//! streams ([`FsItem::NotScanned`]). Not walked at all: the reserved records 0 to 23 (`$MFT`,
//! `$LogFile`, `$Bitmap`, `$Secure`...) and, with them, the `$Extend` tree (`$UsnJrnl`, `$Quota`,
//! `$ObjId`, `$Reparse`): filesystem metadata, not files of the host.
//!
//! The `ntfs` crate is not used: it exposes neither the compression unit nor the initialized
//! size, nor the data runs of an attribute split over several records, all of which LZNT1
//! needs. Here every field is bounds-checked and all arithmetic on it checked; a corrupt record,
//! index block or run becomes an [`FsItem::Error`] for that part and the walk goes on.

pub(crate) mod lznt1;
mod record;
mod stream;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};

use self::record::{
    ATTR_ATTRIBUTE_LIST, ATTR_BITMAP, ATTR_DATA, ATTR_FILE_NAME, ATTR_INDEX_ALLOCATION,
    ATTR_INDEX_ROOT, ATTR_LOGGED_UTILITY_STREAM, ATTR_REPARSE_POINT, ATTR_VOLUME_NAME,
    FLAG_COMPRESSED, FLAG_ENCRYPTED, FileName, FileRecord, Geometry, IndexEntry, NAMESPACE_DOS,
    RawBody, Run, decode_runs, parse_attribute_list, parse_file_name, parse_index_block,
    parse_index_node, read_runs_exact, u32_at, utf16,
};
use self::stream::{Content, StreamReader};
use super::{FileSystem, FsFile, FsItem, FsPath, corrupt};
use crate::source::image::disk::Slice;

/// The root directory's record.
const ROOT: u64 = 5;
/// Records below this are reserved for filesystem metadata.
const FIRST_USER_RECORD: u64 = 24;
/// Largest `$ATTRIBUTE_LIST` or index `$BITMAP` read: far above what Windows writes.
const MAX_LIST_BYTES: u64 = 16 << 20;
/// A directory whose index gives this many errors is abandoned.
const MAX_INDEX_ERRORS: usize = 64;

const REPARSE_NAME_SURROGATE: u32 = 0x2000_0000;
const REPARSE_WOF: u32 = 0x8000_0017;
const REPARSE_DEDUP: u32 = 0x8000_0013;

/// An NTFS volume opened read-only.
pub struct NtfsFileSystem {
    volume: Slice,
    geometry: Geometry,
    /// Where the MFT lies, and its size in bytes.
    mft_runs: Vec<Run>,
    mft_size: u64,
    label: Option<String>,
    /// Directory paths found by climbing `$FILE_NAME` parents, for the other names of hardlinked
    /// files; `None` when the climb failed.
    dir_paths: HashMap<u64, Option<FsPath>>,
}

/// An attribute of a file, its extents merged.
struct Attribute {
    ty: u32,
    name: Vec<u16>,
    flags: u16,
    value: Value,
}

enum Value {
    Resident(Vec<u8>),
    NonResident(NonResident),
}

struct NonResident {
    runs: Vec<Run>,
    compression_unit: u8,
    data_size: u64,
    initialized_size: u64,
}

/// A base file record with all its attributes, wherever they are stored.
struct File {
    record: FileRecord,
    attributes: Vec<Attribute>,
}

impl File {
    fn find(&self, ty: u32, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|attribute| {
            attribute.ty == ty && attribute.name.iter().copied().eq(name.encode_utf16())
        })
    }

    fn file_names(&self) -> impl Iterator<Item = FileName> + '_ {
        self.attributes
            .iter()
            .filter_map(|attribute| match &attribute.value {
                Value::Resident(value) if attribute.ty == ATTR_FILE_NAME => parse_file_name(value)
                    .ok()
                    .filter(|name| name.namespace != NAMESPACE_DOS),
                _ => None,
            })
    }
}

/// Opens the NTFS filesystem on `volume`: checks the boot sector and maps the MFT.
pub fn open(volume: Slice) -> io::Result<NtfsFileSystem> {
    let mut boot = [0u8; 512];
    volume
        .read_exact_at(0, &mut boot)
        .map_err(|e| context(e, "boot sector"))?;
    let geometry = record::parse_boot_sector(&boot)?;
    let mut data = vec![0; geometry.record_size];
    volume
        .read_exact_at(geometry.mft_offset, &mut data)
        .map_err(|e| context(e, "$MFT record"))?;
    let mft = FileRecord::parse(0, data).map_err(|e| context(e, "$MFT record"))?;
    // The first extent of $MFT's $DATA, enough to reach the records holding the others.
    let mut fs = NtfsFileSystem {
        volume,
        geometry,
        mft_runs: Vec::new(),
        mft_size: 0,
        label: None,
        dir_paths: HashMap::new(),
    };
    for attribute in mft.attributes() {
        let attribute = attribute.map_err(|e| context(e, "$MFT record"))?;
        if let (ATTR_DATA, RawBody::NonResident(extent)) = (attribute.ty, &attribute.body)
            && attribute.name.is_empty()
            && extent.lowest_vcn == 0
        {
            decode_runs(extent.runs, 0, &mut fs.mft_runs)?;
            fs.mft_size = extent.data_size;
        }
    }
    let attributes = fs
        .load_attributes(&mft)
        .map_err(|e| context(e, "$MFT record"))?;
    match attributes
        .into_iter()
        .find(|a| a.ty == ATTR_DATA && a.name.is_empty())
    {
        Some(Attribute {
            value: Value::NonResident(data),
            ..
        }) => {
            fs.mft_runs = data.runs;
            fs.mft_size = data.data_size;
        }
        _ => return Err(corrupt("$MFT has no non-resident $DATA")),
    }
    if fs.mft_size < FIRST_USER_RECORD * fs.geometry.record_size as u64 {
        return Err(corrupt(format!(
            "$MFT of {} bytes is too small",
            fs.mft_size
        )));
    }
    fs.label = fs.read_label();
    Ok(fs)
}

fn context(error: io::Error, what: &str) -> io::Error {
    io::Error::new(error.kind(), format!("{what}: {error}"))
}

fn join(parent: &[u8], name: &[u16]) -> FsPath {
    let mut path = parent.to_vec();
    if path.last() != Some(&b'/') {
        path.push(b'/');
    }
    path.extend_from_slice(String::from_utf16_lossy(name).as_bytes());
    path
}

impl NtfsFileSystem {
    fn read_record(&self, number: u64) -> io::Result<FileRecord> {
        let size = self.geometry.record_size;
        let offset = number
            .checked_mul(size as u64)
            .filter(|offset| offset.saturating_add(size as u64) <= self.mft_size)
            .ok_or_else(|| corrupt(format!("MFT record {number} is beyond the end of the MFT")))?;
        let mut data = vec![0; size];
        read_runs_exact(
            &self.volume,
            self.geometry.cluster_size,
            &self.mft_runs,
            offset,
            &mut data,
        )
        .and_then(|()| FileRecord::parse(number, data))
        .map_err(|e| context(e, &format!("MFT record {number}")))
    }

    /// Reads a base record in use and all its attributes.
    fn load(&self, number: u64) -> io::Result<File> {
        let record = self.read_record(number)?;
        if !record.in_use() {
            return Err(corrupt(format!("MFT record {number} is not in use")));
        }
        if record.base() != 0 {
            return Err(corrupt(format!(
                "MFT record {number} is an extension of record {}",
                record.base()
            )));
        }
        let attributes = self
            .load_attributes(&record)
            .map_err(|e| context(e, &format!("MFT record {number}")))?;
        Ok(File { record, attributes })
    }

    /// Collects the attributes of a base record, following its `$ATTRIBUTE_LIST` into extension
    /// records (each read once), and merges the extents of non-resident attributes.
    fn load_attributes(&self, base: &FileRecord) -> io::Result<Vec<Attribute>> {
        let mut pieces = Pieces::default();
        let mut list = None;
        for attribute in base.attributes() {
            let attribute = attribute?;
            if attribute.ty == ATTR_ATTRIBUTE_LIST {
                list = Some(self.raw_value(&attribute.body)?);
            } else {
                pieces.add(attribute)?;
            }
        }
        if let Some(list) = list {
            let entries = parse_attribute_list(&list)?;
            let listed: HashSet<(u64, u32, u16)> = entries
                .iter()
                .map(|entry| (entry.record, entry.ty, entry.instance))
                .collect();
            let mut records = Vec::new();
            let mut seen = HashSet::from([base.number]);
            for entry in &entries {
                if seen.insert(entry.record) {
                    records.push(entry.record);
                }
            }
            for number in records {
                let extension = self.read_record(number)?;
                if extension.base() != base.number || !extension.in_use() {
                    return Err(corrupt(format!(
                        "attribute list points to MFT record {number}, not an extension of this file"
                    )));
                }
                for attribute in extension.attributes() {
                    let attribute = attribute?;
                    if listed.contains(&(number, attribute.ty, attribute.instance)) {
                        pieces.add(attribute)?;
                    }
                }
            }
        }
        pieces.merge()
    }

    /// The whole value of a small attribute (attribute list, index bitmap, reparse data).
    fn raw_value(&self, body: &RawBody) -> io::Result<Vec<u8>> {
        match body {
            RawBody::Resident(value) => Ok(value.to_vec()),
            RawBody::NonResident(extent) => {
                if extent.lowest_vcn != 0 || extent.data_size > MAX_LIST_BYTES {
                    return Err(corrupt("attribute value too large or split"));
                }
                let mut runs = Vec::new();
                decode_runs(extent.runs, 0, &mut runs)?;
                self.value_bytes(&runs, extent.data_size)
            }
        }
    }

    fn value_bytes(&self, runs: &[Run], size: u64) -> io::Result<Vec<u8>> {
        if size > MAX_LIST_BYTES {
            return Err(corrupt(format!("attribute value of {size} bytes")));
        }
        let mut value = vec![0; size as usize];
        read_runs_exact(
            &self.volume,
            self.geometry.cluster_size,
            runs,
            0,
            &mut value,
        )?;
        Ok(value)
    }

    fn attribute_bytes(&self, attribute: &Attribute) -> io::Result<Vec<u8>> {
        match &attribute.value {
            Value::Resident(value) => Ok(value.clone()),
            Value::NonResident(value) => self.value_bytes(&value.runs, value.data_size),
        }
    }

    fn read_label(&self) -> Option<String> {
        let volume = self.load(3).ok()?;
        match &volume.find(ATTR_VOLUME_NAME, "")?.value {
            Value::Resident(name) if !name.is_empty() => {
                Some(String::from_utf16_lossy(&utf16(name)))
            }
            _ => None,
        }
    }

    /// The entries of a directory's `$I30` index.
    fn entries(&self, dir: &File) -> io::Result<DirEntries> {
        let root = match dir.find(ATTR_INDEX_ROOT, "$I30") {
            Some(Attribute {
                value: Value::Resident(root),
                ..
            }) => root,
            _ => return Err(corrupt("directory has no $I30 index root")),
        };
        let mut parsed = Vec::new();
        let root_error = parse_index_node(root, 16, &mut parsed).err();
        let mut pending: Vec<io::Result<IndexEntry>> = parsed.into_iter().map(Ok).rev().collect();
        if let Some(error) = root_error {
            pending.insert(0, Err(context(error, "index root")));
        }
        let mut entries = DirEntries {
            volume: self.volume.clone(),
            cluster_size: self.geometry.cluster_size,
            pending,
            runs: Vec::new(),
            block_size: 0,
            bitmap: Vec::new(),
            next_block: 0,
            blocks: 0,
            errors: 0,
        };
        let Some(allocation) = dir.find(ATTR_INDEX_ALLOCATION, "$I30") else {
            return Ok(entries);
        };
        let Value::NonResident(allocation) = &allocation.value else {
            return Err(corrupt("resident $I30 index allocation"));
        };
        let block_size = u32_at(root, 8).unwrap_or(0) as usize;
        if !block_size.is_power_of_two() || !(512..=65536).contains(&block_size) {
            return Err(corrupt(format!("index block size {block_size}")));
        }
        let bitmap = dir
            .find(ATTR_BITMAP, "$I30")
            .ok_or_else(|| corrupt("$I30 index allocation without a bitmap"))?;
        entries.bitmap = self.attribute_bytes(bitmap)?;
        entries.blocks =
            (allocation.data_size / block_size as u64).min(entries.bitmap.len() as u64 * 8);
        entries.runs = allocation.runs.clone();
        entries.block_size = block_size;
        Ok(entries)
    }

    /// The path of directory `number`, climbing `$FILE_NAME` parents to the root.
    fn dir_path(&mut self, number: u64) -> Option<FsPath> {
        let mut chain: Vec<(u64, Vec<u16>)> = Vec::new();
        let mut current = number;
        let mut path = loop {
            if current == ROOT {
                break b"/".to_vec();
            }
            if let Some(known) = self.dir_paths.get(&current) {
                break known.clone()?;
            }
            if chain.iter().any(|(seen, _)| *seen == current) || chain.len() > 1024 {
                self.dir_paths.insert(number, None);
                return None;
            }
            let parent = self
                .load(current)
                .ok()
                .and_then(|dir| dir.file_names().next());
            let Some(name) = parent else {
                self.dir_paths.insert(number, None);
                return None;
            };
            chain.push((current, name.name));
            current = name.parent;
        };
        for (dir, name) in chain.into_iter().rev() {
            path = join(&path, &name);
            self.dir_paths.insert(dir, Some(path.clone()));
        }
        Some(path)
    }

    /// All names of a file: `walked` first, then its other hardlinks.
    fn names(&mut self, file: &File, walked: FsPath) -> Vec<FsPath> {
        let mut names = vec![walked];
        let file_names: Vec<FileName> = file.file_names().collect();
        if file_names.len() > 1 {
            for name in file_names {
                if let Some(dir) = self.dir_path(name.parent) {
                    let path = join(&dir, &name.name);
                    if !names.contains(&path) {
                        names.push(path);
                    }
                }
            }
        }
        names
    }

    /// The reparse tag of a file and the first bytes of its reparse data.
    fn reparse(&self, file: &File) -> Option<(u32, Vec<u8>)> {
        let attribute = file.find(ATTR_REPARSE_POINT, "")?;
        let value = match &attribute.value {
            Value::Resident(value) => value.clone(),
            Value::NonResident(value) => {
                let mut head = vec![0; value.data_size.min(24) as usize];
                read_runs_exact(
                    &self.volume,
                    self.geometry.cluster_size,
                    &value.runs,
                    0,
                    &mut head,
                )
                .ok()?;
                head
            }
        };
        Some((
            u32_at(&value, 0)?,
            value.get(8..).unwrap_or_default().to_vec(),
        ))
    }

    /// Hands out every `$DATA` stream of a file, directory or link under `names`. A file must
    /// have an unnamed stream; directories and links hand theirs out only when it holds bytes.
    fn emit_streams(
        &self,
        file: File,
        names: &[FsPath],
        kind: Holder,
        visit: &mut dyn FnMut(FsItem<'_>),
    ) {
        let tag = self.reparse(&file);
        let wof = match &tag {
            Some((REPARSE_WOF, data)) => Some(wof_reason(data)),
            _ => None,
        };
        let dedup = matches!(tag, Some((REPARSE_DEDUP, _)));
        let efs = file.find(ATTR_LOGGED_UTILITY_STREAM, "$EFS").is_some();
        let mut streams: Vec<Attribute> = file
            .attributes
            .into_iter()
            .filter(|attribute| attribute.ty == ATTR_DATA)
            .collect();
        streams.sort_by_key(|stream| !stream.name.is_empty());
        if kind == Holder::File && streams.first().is_none_or(|stream| !stream.name.is_empty()) {
            visit(FsItem::Error {
                path: names[0].clone(),
                message: format!("MFT record {}: no $DATA attribute", file.record.number),
            });
        }
        for stream in streams {
            let unnamed = stream.name.is_empty();
            let stream_name = String::from_utf16_lossy(&stream.name);
            let size = match &stream.value {
                Value::Resident(value) => value.len() as u64,
                Value::NonResident(value) => value.data_size,
            };
            if (wof.is_some() && stream_name == "WofCompressedData")
                || (unnamed && kind != Holder::File && size == 0)
            {
                // The compressed form of the unnamed stream, reported with it; or nothing.
                continue;
            }
            let paths: Vec<FsPath> = names
                .iter()
                .map(|name| {
                    let mut path = name.clone();
                    if !unnamed {
                        path.push(b':');
                        path.extend_from_slice(stream_name.as_bytes());
                    }
                    path
                })
                .collect();
            let reason = if stream.flags & FLAG_ENCRYPTED != 0 || efs {
                Some("EFS-encrypted: not decrypted".to_string())
            } else if unnamed && wof.is_some() {
                wof.clone()
            } else if unnamed && dedup {
                Some(
                    "deduplicated (Windows Data Deduplication): content is in the chunk store, not read"
                        .to_string(),
                )
            } else {
                None
            };
            if let Some(reason) = reason {
                visit(FsItem::NotScanned {
                    path: paths[0].clone(),
                    size,
                    reason,
                });
                continue;
            }
            match self.open_stream(stream) {
                Ok(mut reader) => visit(FsItem::File(FsFile {
                    names: paths,
                    size,
                    content: &mut reader,
                })),
                Err(error) => visit(FsItem::Error {
                    path: paths[0].clone(),
                    message: format!("MFT record {}: {error}", file.record.number),
                }),
            }
        }
    }

    fn open_stream(&self, stream: Attribute) -> io::Result<StreamReader> {
        let cluster_size = self.geometry.cluster_size;
        let (size, initialized, content) = match stream.value {
            Value::Resident(value) => {
                let size = value.len() as u64;
                (size, size, Content::Resident(value))
            }
            Value::NonResident(value) if stream.flags & FLAG_COMPRESSED != 0 => {
                let unit_clusters = 1u64
                    .checked_shl(u32::from(value.compression_unit))
                    .filter(|_| value.compression_unit != 0)
                    .ok_or_else(|| {
                        corrupt(format!(
                            "compressed stream with compression unit {}",
                            value.compression_unit
                        ))
                    })?;
                let content = Content::Compressed {
                    runs: value.runs,
                    unit_clusters,
                };
                (value.data_size, value.initialized_size, content)
            }
            Value::NonResident(value) => (
                value.data_size,
                value.initialized_size,
                Content::Runs(value.runs),
            ),
        };
        StreamReader::new(
            self.volume.clone(),
            cluster_size,
            size,
            initialized,
            content,
        )
    }

    /// Reads the record an index entry points to and hands out what it holds; directories are
    /// queued on `pending`.
    fn visit_entry(
        &mut self,
        entry: IndexEntry,
        path: FsPath,
        state: &mut WalkState,
        visit: &mut dyn FnMut(FsItem<'_>),
    ) {
        let number = entry.record;
        let file = match self.load(number) {
            Ok(file) if entry.sequence != 0 && file.record.sequence() != entry.sequence => {
                visit(FsItem::Error {
                    path,
                    message: format!(
                        "stale directory entry: MFT record {number} has sequence {}, the entry {}",
                        file.record.sequence(),
                        entry.sequence
                    ),
                });
                return;
            }
            Ok(file) => file,
            Err(error) => {
                visit(FsItem::Error {
                    path,
                    message: error.to_string(),
                });
                return;
            }
        };
        if self
            .reparse(&file)
            .is_some_and(|(tag, _)| tag & REPARSE_NAME_SURROGATE != 0)
        {
            // Not followed; its own alternate data streams are still read.
            if state.done.insert(number) {
                visit(FsItem::Link { path: path.clone() });
                self.emit_streams(file, &[path], Holder::Link, visit);
            }
            return;
        }
        if file.record.is_directory() {
            if !state.entered.insert(number) {
                visit(FsItem::Error {
                    path,
                    message: format!("directory loop: MFT record {number} is already walked"),
                });
                return;
            }
            state.pending.push((number, path));
        } else if state.done.insert(number) {
            let names = self.names(&file, path);
            self.emit_streams(file, &names, Holder::File, visit);
        }
    }
}

/// What holds the streams handed out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holder {
    File,
    Directory,
    Link,
}

/// Records already handed out or entered, and directories still to walk.
struct WalkState {
    entered: HashSet<u64>,
    done: HashSet<u64>,
    pending: Vec<(u64, FsPath)>,
}

/// A WOF reparse point's provider and algorithm, for the report.
fn wof_reason(data: &[u8]) -> String {
    // WOF_EXTERNAL_INFO (version, provider), then for the file provider (2) its version and
    // compression algorithm.
    let provider = u32_at(data, 4);
    let algorithm = match (provider, u32_at(data, 12)) {
        (Some(1), _) => return "WOF-backed by a WIM image: not read".to_string(),
        (Some(2), Some(0)) => " (XPRESS4K)",
        (Some(2), Some(1)) => " (LZX)",
        (Some(2), Some(2)) => " (XPRESS8K)",
        (Some(2), Some(3)) => " (XPRESS16K)",
        _ => "",
    };
    format!("WOF-compressed{algorithm}: not decompressed")
}

/// The attributes of a file as found in its records: whole (resident) ones, and the extents of
/// non-resident ones, each describing some of the VCNs.
#[derive(Default)]
struct Pieces {
    whole: Vec<Attribute>,
    extents: Vec<Extent>,
}

struct Extent {
    ty: u32,
    name: Vec<u16>,
    flags: u16,
    lowest_vcn: u64,
    runs: Vec<Run>,
    /// Compression unit, data size and initialized size: from the first extent only.
    sizes: Option<(u8, u64, u64)>,
}

impl Pieces {
    fn add(&mut self, attribute: record::RawAttribute) -> io::Result<()> {
        if !WANTED.contains(&attribute.ty) {
            return Ok(());
        }
        let name = utf16(attribute.name);
        match attribute.body {
            RawBody::Resident(value) => self.whole.push(Attribute {
                ty: attribute.ty,
                name,
                flags: attribute.flags,
                value: Value::Resident(value.to_vec()),
            }),
            RawBody::NonResident(extent) => {
                let mut runs = Vec::new();
                decode_runs(extent.runs, extent.lowest_vcn, &mut runs)?;
                self.extents.push(Extent {
                    ty: attribute.ty,
                    name,
                    flags: attribute.flags,
                    lowest_vcn: extent.lowest_vcn,
                    runs,
                    sizes: (extent.lowest_vcn == 0).then_some((
                        extent.compression_unit,
                        extent.data_size,
                        extent.initialized_size,
                    )),
                });
            }
        }
        Ok(())
    }

    /// Joins the extents of each non-resident attribute in VCN order, checking that they
    /// neither overlap nor lack their first extent.
    fn merge(self) -> io::Result<Vec<Attribute>> {
        let Pieces {
            whole: mut attributes,
            mut extents,
        } = self;
        extents.sort_by(|a, b| (a.ty, &a.name, a.lowest_vcn).cmp(&(b.ty, &b.name, b.lowest_vcn)));
        let mut current: Option<Attribute> = None;
        for extent in extents {
            let continues = current.as_ref().is_some_and(|attribute| {
                attribute.ty == extent.ty && attribute.name == extent.name
            });
            if !continues {
                let Some((compression_unit, data_size, initialized_size)) = extent.sizes else {
                    return Err(corrupt(format!(
                        "attribute {:#x} '{}' lacks its first extent",
                        extent.ty,
                        String::from_utf16_lossy(&extent.name)
                    )));
                };
                attributes.extend(current.take());
                current = Some(Attribute {
                    ty: extent.ty,
                    name: extent.name,
                    flags: extent.flags,
                    value: Value::NonResident(NonResident {
                        runs: Vec::new(),
                        compression_unit,
                        data_size,
                        initialized_size,
                    }),
                });
            }
            if let Some(Attribute {
                value: Value::NonResident(value),
                ..
            }) = current.as_mut()
            {
                let end = value.runs.last().map_or(0, Run::end);
                if extent.runs.first().is_some_and(|run| run.vcn < end) {
                    return Err(corrupt(format!(
                        "extents of attribute {:#x} overlap",
                        extent.ty
                    )));
                }
                value.runs.extend(extent.runs);
            }
        }
        attributes.extend(current);
        Ok(attributes)
    }
}

/// Attributes read from a record; the others (security descriptors, object ids, EAs...) hold
/// nothing needed here.
const WANTED: [u32; 8] = [
    ATTR_FILE_NAME,
    ATTR_VOLUME_NAME,
    ATTR_DATA,
    ATTR_INDEX_ROOT,
    ATTR_INDEX_ALLOCATION,
    ATTR_BITMAP,
    ATTR_REPARSE_POINT,
    ATTR_LOGGED_UTILITY_STREAM,
];

/// The entries of a directory index: the root node's, then those of each in-use index block,
/// read one block at a time.
struct DirEntries {
    volume: Slice,
    cluster_size: u64,
    /// Entries still to hand out, last first.
    pending: Vec<io::Result<IndexEntry>>,
    runs: Vec<Run>,
    block_size: usize,
    bitmap: Vec<u8>,
    next_block: u64,
    blocks: u64,
    errors: usize,
}

impl Iterator for DirEntries {
    type Item = io::Result<IndexEntry>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(entry) = self.pending.pop() {
                if entry.is_err() {
                    self.errors += 1;
                    if self.errors >= MAX_INDEX_ERRORS {
                        self.next_block = self.blocks;
                    }
                }
                return Some(entry);
            }
            if self.next_block >= self.blocks {
                return None;
            }
            let block = self.next_block;
            self.next_block += 1;
            let in_use = self
                .bitmap
                .get((block / 8) as usize)
                .is_some_and(|byte| byte & (1 << (block % 8)) != 0);
            if !in_use {
                continue;
            }
            let mut data = vec![0; self.block_size];
            let mut entries = Vec::new();
            let read = read_runs_exact(
                &self.volume,
                self.cluster_size,
                &self.runs,
                block * self.block_size as u64,
                &mut data,
            )
            .and_then(|()| parse_index_block(&mut data, &mut entries));
            self.pending = entries.into_iter().map(Ok).rev().collect();
            if let Err(error) = read {
                self.pending
                    .insert(0, Err(context(error, &format!("index block {block}"))));
            }
        }
    }
}

impl FileSystem for NtfsFileSystem {
    fn kind(&self) -> &'static str {
        "ntfs"
    }

    fn label(&self) -> Option<String> {
        self.label.clone()
    }

    /// The names in the root directory, metadata files left out. Unreadable index blocks are
    /// skipped here (the walk reports them); only an unreadable root is an error.
    fn root_names(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let root = self.load(ROOT)?;
        Ok(self
            .entries(&root)?
            .filter_map(Result::ok)
            .filter(|entry| {
                entry.name.namespace != NAMESPACE_DOS && entry.record >= FIRST_USER_RECORD
            })
            .map(|entry| String::from_utf16_lossy(&entry.name.name).into_bytes())
            .collect())
    }

    fn walk(&mut self, stop: &AtomicBool, visit: &mut dyn FnMut(FsItem<'_>)) {
        let mut state = WalkState {
            entered: HashSet::from([ROOT]),
            done: HashSet::new(),
            pending: vec![(ROOT, b"/".to_vec())],
        };
        while let Some((number, path)) = state.pending.pop() {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let listed = self.load(number).and_then(|dir| {
                let entries = self.entries(&dir)?;
                // A directory's own streams: alternate data streams hide here too.
                self.emit_streams(dir, std::slice::from_ref(&path), Holder::Directory, visit);
                Ok(entries)
            });
            let entries = match listed {
                Ok(entries) => entries,
                Err(error) => {
                    visit(FsItem::Error {
                        path,
                        message: error.to_string(),
                    });
                    continue;
                }
            };
            for entry in entries {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                match entry {
                    Ok(entry) if entry.name.namespace == NAMESPACE_DOS => {}
                    // The metadata files, and the root's entry for itself.
                    Ok(entry) if entry.record < FIRST_USER_RECORD && number == ROOT => {}
                    Ok(entry) if entry.record < FIRST_USER_RECORD => visit(FsItem::Error {
                        path: join(&path, &entry.name.name),
                        message: format!(
                            "directory entry points to reserved MFT record {}",
                            entry.record
                        ),
                    }),
                    Ok(entry) => {
                        let child = join(&path, &entry.name.name);
                        self.visit_entry(entry, child, &mut state, visit);
                    }
                    Err(error) => visit(FsItem::Error {
                        path: path.clone(),
                        message: format!("directory index: {error}"),
                    }),
                }
            }
        }
    }
}
