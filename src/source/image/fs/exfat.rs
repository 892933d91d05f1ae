//! exFAT, read straight from the volume's bytes.
//!
//! Own reader, as for FAT: the `exfat` crate is young, untested here and reads through a
//! writable device. This reader has no write path: it only calls `Slice::read_exact_at`.
//!
//! What is read: the boot sector (its checksum sector checked; the backup boot region used when
//! the main one is damaged), the FAT in use, the allocation bitmap (a file whose data starts on
//! a cluster marked free is reported), directory entry sets (file, stream extension and file
//! name entries, each set's checksum checked), UTF-16 names, contiguous "NoFatChain" data and
//! FAT chains. Bytes past a file's ValidDataLength read as zeros, as Windows returns them. The
//! up-case table is not needed to read names; TexFAT's second FAT is not read. Deleted entry
//! sets are not listed.

use std::collections::HashSet;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};

use super::clusters::{self, Chain, Directories, FatWindow};
use super::{FileSystem, FsFile, FsItem, FsPath, child_path, corrupt, report_notes};
use crate::source::image::bytes::{le16, le32, le64};
use crate::source::image::disk::Slice;

const ENTRY_SIZE: usize = 32;
/// Sectors of one boot region: boot sector, 8 extended boot sectors, OEM parameters, reserved,
/// checksum.
const BOOT_REGION_SECTORS: u64 = 12;
/// The exFAT limit on a directory's size (8 Mi entries).
const MAX_DIR_BYTES: u64 = 256 << 20;
/// Largest allocation bitmap held in memory (a 1 TiB volume of 4 KiB clusters); past it the
/// free-cluster check is not made.
const MAX_BITMAP_BYTES: u64 = 32 << 20;
const END_OF_CHAIN: u32 = 0xFFFF_FFFF;

const ENTRY_END: u8 = 0x00;
const ENTRY_BITMAP: u8 = 0x81;
const ENTRY_LABEL: u8 = 0x83;
const ENTRY_FILE: u8 = 0x85;
const ENTRY_STREAM: u8 = 0xC0;
const ENTRY_NAME: u8 = 0xC1;
const ATTR_DIRECTORY: u16 = 0x10;
const FLAG_NO_FAT_CHAIN: u8 = 0x02;

/// Where everything is, from the boot sector.
struct Geometry {
    cluster_size: u64,
    /// Byte offset and size of the FAT in use.
    fat_offset: u64,
    fat_bytes: u64,
    /// Byte offset of cluster 2, the first of the cluster heap.
    heap_offset: u64,
    cluster_count: u32,
    root_cluster: u32,
}

impl Geometry {
    fn parse(boot: &[u8], volume_len: u64) -> io::Result<Geometry> {
        if boot.get(3..11) != Some(b"EXFAT   ") {
            return Err(corrupt("not an exFAT filesystem (no EXFAT signature)"));
        }
        let sector_shift = u32::from(boot[108]);
        let cluster_shift = u32::from(boot[109]);
        let fats = u64::from(boot[110]);
        if !(9..=12).contains(&sector_shift) || cluster_shift > 25 - sector_shift {
            return Err(corrupt(
                "exFAT boot sector: impossible sector or cluster size",
            ));
        }
        if boot[11..64].iter().any(|&b| b != 0) || !(1..=2).contains(&fats) {
            return Err(corrupt(
                "exFAT boot sector: malformed (non-zero reserved bytes or FAT count)",
            ));
        }
        let sector = 1u64 << sector_shift;
        let cluster_size = sector << cluster_shift;
        let volume_sectors = le64(boot, 72);
        let fat_sectors = u64::from(le32(boot, 84));
        let heap_sector = u64::from(le32(boot, 88));
        let cluster_count = le32(boot, 92);
        let root_cluster = le32(boot, 96);
        // TexFAT: bit 0 of VolumeFlags names the FAT in use.
        let active_fat = u64::from(le16(boot, 106) & 1).min(fats - 1);
        let fat_offset = (u64::from(le32(boot, 80)) + active_fat * fat_sectors) * sector;
        let heap_offset = heap_sector * sector;
        let heap_end = heap_offset + u64::from(cluster_count) * cluster_size;
        let sane = fat_offset >= BOOT_REGION_SECTORS * 2 * sector
            && cluster_count > 0
            && cluster_count <= 0xFFFF_FFF5
            && fat_sectors * sector >= (u64::from(cluster_count) + 2) * 4
            && fat_offset + fat_sectors * sector <= heap_offset
            && heap_end <= volume_sectors.saturating_mul(sector)
            // A truncated image still opens: reads past its end are errors for what lies there.
            && heap_offset < volume_len
            && (2..=cluster_count + 1).contains(&root_cluster);
        if !sane {
            return Err(corrupt(
                "exFAT boot sector: FAT, cluster heap or root directory outside the volume",
            ));
        }
        Ok(Geometry {
            cluster_size,
            fat_offset,
            fat_bytes: fat_sectors * sector,
            heap_offset,
            cluster_count,
            root_cluster,
        })
    }

    fn is_cluster(&self, cluster: u32) -> bool {
        (2..=self.max_cluster()).contains(&cluster)
    }

    fn max_cluster(&self) -> u32 {
        self.cluster_count + 1
    }

    /// Where a cluster starts; callers pass only clusters that passed `is_cluster`.
    fn cluster_offset(&self, cluster: u32) -> u64 {
        self.heap_offset + u64::from(cluster.saturating_sub(2)) * self.cluster_size
    }
}

/// The boot region checksum over sectors 0-10, skipping VolumeFlags and PercentInUse (which
/// change without the checksum being rewritten).
fn boot_checksum(region: &[u8]) -> u32 {
    region.iter().enumerate().fold(0u32, |sum, (i, &byte)| {
        if matches!(i, 106 | 107 | 112) {
            sum
        } else {
            sum.rotate_right(1).wrapping_add(u32::from(byte))
        }
    })
}

/// The boot sector of the boot region at byte `start` (main or backup) if its checksum sector
/// matches, else what is wrong with it.
fn checked_boot_sector(
    volume: &Slice,
    start: u64,
    sector: u64,
) -> io::Result<Result<Vec<u8>, String>> {
    let sector = sector as usize;
    let mut region = vec![0; BOOT_REGION_SECTORS as usize * sector];
    volume.read_exact_at(start, &mut region)?;
    if region.get(3..11) != Some(b"EXFAT   ")
        || 1usize.checked_shl(u32::from(region[108])) != Some(sector)
    {
        return Ok(Err("no exFAT boot sector".into()));
    }
    let expected = boot_checksum(&region[..11 * sector]);
    if region[11 * sector..]
        .chunks_exact(4)
        .any(|word| le32(word, 0) != expected)
    {
        return Ok(Err("boot region checksum mismatch".into()));
    }
    region.truncate(sector);
    Ok(Ok(region))
}

/// Opens the exFAT filesystem on `volume`. Nothing is ever written.
pub fn open(volume: Slice) -> io::Result<ExFatFileSystem> {
    let mut boot = vec![0; 512];
    volume.read_exact_at(0, &mut boot)?;
    let mut notes = Vec::new();
    // The main boot region when its checksum holds; else the backup 12 sectors on, if intact;
    // else the main boot sector anyway, with a note.
    let main_sector = 1u64 << boot[108].clamp(9, 12);
    match checked_boot_sector(&volume, 0, main_sector)? {
        Ok(checked) => boot = checked,
        Err(problem) => {
            let backup = (9..=12).map(|shift| 1u64 << shift).find_map(|sector| {
                checked_boot_sector(&volume, BOOT_REGION_SECTORS * sector, sector)
                    .ok()
                    .and_then(Result::ok)
            });
            match backup {
                Some(backup) => {
                    boot = backup;
                    notes.push(format!(
                        "main boot region: {problem}; read through the backup boot region"
                    ));
                }
                None => notes.push(format!("main boot region: {problem}, and no intact backup")),
            }
        }
    }
    let geometry = Geometry::parse(&boot, volume.len())?;
    let mut fs = ExFatFileSystem {
        volume,
        geometry,
        label: None,
        bitmap: None,
        notes,
    };
    let mut special = Special::default();
    let (entries, problems) = fs.read_directory(&fs.root(), Some(&mut special));
    if entries.is_empty()
        && special.bitmap.is_none()
        && let Some(problem) = problems.into_iter().next()
    {
        return Err(corrupt(format!("root directory: {problem}")));
    }
    fs.label = special.label;
    match special.bitmap {
        Some((first, length)) => match fs.load_bitmap(first, length) {
            Ok(bitmap) => fs.bitmap = bitmap,
            Err(e) => fs.notes.push(format!("allocation bitmap: {e}")),
        },
        None => fs
            .notes
            .push("no allocation bitmap entry in the root directory".into()),
    }
    Ok(fs)
}

/// The clusters holding a file or directory: contiguous from `first` ("NoFatChain"), or linked
/// through the FAT; `length` bytes of them are in use (None: the whole chain, as for the root
/// directory, which has no recorded size).
#[derive(Clone, Copy)]
struct Run {
    first: u32,
    contiguous: bool,
    length: Option<u64>,
}

impl Run {
    fn chained(first: u32, length: Option<u64>) -> Run {
        Run {
            first,
            contiguous: false,
            length,
        }
    }
}

/// Follows cluster chains through the FAT.
struct Chains<'a> {
    fat: FatWindow<'a>,
    geometry: &'a Geometry,
}

impl<'a> Chains<'a> {
    fn new(volume: &'a Slice, geometry: &'a Geometry) -> Chains<'a> {
        Chains {
            fat: FatWindow::new(volume, geometry.fat_offset, geometry.fat_bytes),
            geometry,
        }
    }

    /// The cluster after `cluster` in `run`, or None at the end of a FAT chain.
    fn next(&mut self, run: &Run, cluster: u32) -> io::Result<Option<u32>> {
        if run.contiguous {
            return match cluster
                .checked_add(1)
                .filter(|&c| self.geometry.is_cluster(c))
            {
                Some(next) => Ok(Some(next)),
                None => Err(corrupt(format!(
                    "contiguous data runs past the last cluster ({})",
                    self.geometry.max_cluster()
                ))),
            };
        }
        let at = u64::from(cluster) * 4;
        if at + 4 > self.geometry.fat_bytes {
            return Err(corrupt(format!(
                "cluster {cluster} is past the end of the FAT"
            )));
        }
        let value = le32(self.fat.bytes(at, 4)?, 0);
        clusters::link(cluster, (value != END_OF_CHAIN).then_some(value), |c| {
            self.geometry.is_cluster(c)
        })
    }
}

/// One file or directory of a directory, from its entry set.
struct Entry {
    name: Vec<u8>,
    directory: bool,
    run: Run,
    /// DataLength: the size of the file.
    length: u64,
    /// Bytes past this read as zeros (ValidDataLength).
    valid_length: u64,
}

/// What the root directory holds besides files: the label and the allocation bitmap.
#[derive(Default)]
struct Special {
    label: Option<String>,
    bitmap: Option<(u32, u64)>,
}

/// Decodes entry sets from a directory's 32-byte entries as they come.
#[derive(Default)]
struct SetParser {
    /// The set being gathered: its file entry and the secondaries so far.
    set: Vec<u8>,
    wanted: usize,
    /// Byte offset of the set's file entry in the directory.
    start: u64,
}

impl SetParser {
    /// Feeds the entry at `offset`; returns a finished set (or why it is broken).
    fn feed(&mut self, raw: &[u8], offset: u64) -> Option<Result<Entry, String>> {
        let kind = raw[0];
        if self.wanted > 0 {
            // Secondaries (in use, category bit set) continue the set; anything else breaks it.
            if kind & 0xC0 == 0xC0 {
                self.set.extend_from_slice(raw);
                self.wanted -= 1;
                if self.wanted == 0 {
                    return Some(
                        parse_set(&std::mem::take(&mut self.set))
                            .map_err(|e| format!("entry set at byte {}: {e}", self.start)),
                    );
                }
                return None;
            }
            self.wanted = 0;
            self.set.clear();
            let mut broken = format!("entry set at byte {} is cut short", self.start);
            if kind == ENTRY_FILE
                && let Some(problem) = self.begin(raw, offset)
            {
                broken = format!("{broken}; {problem}");
            }
            return Some(Err(broken));
        }
        if kind == ENTRY_FILE {
            return self.begin(raw, offset).map(Err);
        }
        None
    }

    /// Starts a set at a file entry; a file entry that announces fewer secondaries than a
    /// stream extension and a name need is broken at once.
    fn begin(&mut self, raw: &[u8], offset: u64) -> Option<String> {
        self.set.clear();
        self.wanted = usize::from(raw[1]);
        self.start = offset;
        if self.wanted < 2 {
            self.wanted = 0;
            return Some(format!(
                "entry set at byte {offset}: {} secondary entries, fewer than a stream \
                 extension and a name need",
                raw[1]
            ));
        }
        self.set.extend_from_slice(raw);
        None
    }
}

/// Parses a complete entry set: file entry, stream extension, name entries, then any benign
/// secondaries (vendor extensions), which are not needed to read the file.
fn parse_set(set: &[u8]) -> Result<Entry, String> {
    let count = set.len() / ENTRY_SIZE - 1;
    if count < 2 {
        return Err("fewer than two secondary entries".into());
    }
    let stored = le16(set, 2);
    let computed = set.iter().enumerate().fold(0u16, |sum, (i, &byte)| {
        if i == 2 || i == 3 {
            sum
        } else {
            sum.rotate_right(1).wrapping_add(u16::from(byte))
        }
    });
    if stored != computed {
        return Err(format!(
            "checksum {stored:#06x} does not match its entries ({computed:#06x})"
        ));
    }
    let stream = &set[ENTRY_SIZE..2 * ENTRY_SIZE];
    if stream[0] != ENTRY_STREAM {
        return Err("no stream extension after the file entry".into());
    }
    let name_length = usize::from(stream[3]);
    let name_entries = name_length.div_ceil(15);
    if name_length == 0 || name_entries > count - 1 {
        return Err(format!(
            "name of {name_length} characters does not fit the set"
        ));
    }
    let mut units = Vec::with_capacity(name_length);
    for entry in set[2 * ENTRY_SIZE..]
        .chunks_exact(ENTRY_SIZE)
        .take(name_entries)
    {
        if entry[0] != ENTRY_NAME {
            return Err("file name entry missing".into());
        }
        units.extend((0..15).map(|i| le16(entry, 2 + i * 2)));
    }
    units.truncate(name_length);
    let valid_length = le64(stream, 8);
    let length = le64(stream, 24);
    if valid_length > length {
        return Err(format!(
            "valid data length {valid_length} exceeds the data length {length}"
        ));
    }
    Ok(Entry {
        name: file_name(&units),
        directory: le16(set, 4) & ATTR_DIRECTORY != 0,
        run: Run {
            first: le32(stream, 20),
            contiguous: stream[1] & FLAG_NO_FAT_CHAIN != 0,
            length: Some(length),
        },
        length,
        valid_length,
    })
}

/// A UTF-16 name as UTF-8, with `/` and NUL (never valid in exFAT names) shown as U+FFFD so
/// that a name cannot pose as a path.
fn file_name(units: &[u16]) -> Vec<u8> {
    String::from_utf16_lossy(units)
        .chars()
        .map(|c| if c == '/' || c == '\0' { '\u{FFFD}' } else { c })
        .collect::<String>()
        .into_bytes()
}

/// An exFAT filesystem opened read-only.
pub struct ExFatFileSystem {
    volume: Slice,
    geometry: Geometry,
    label: Option<String>,
    /// The allocation bitmap, one bit per cluster from cluster 2, when it could be loaded.
    bitmap: Option<Vec<u8>>,
    /// Problems found at open (a damaged boot region, no bitmap), reported at the walk's start.
    notes: Vec<String>,
}

impl ExFatFileSystem {
    fn root(&self) -> Run {
        Run::chained(self.geometry.root_cluster, None)
    }

    /// Hands the used bytes of each cluster of `run` to `visit` until it returns false. A
    /// chain that loops is an error, and a run without a length stops at the directory limit.
    fn for_each_cluster(&self, run: &Run, visit: &mut dyn FnMut(&[u8]) -> bool) -> io::Result<()> {
        let geometry = &self.geometry;
        if !geometry.is_cluster(run.first) {
            return Err(corrupt(format!(
                "starts at invalid cluster {:#x}",
                run.first
            )));
        }
        let mut chains = Chains::new(&self.volume, geometry);
        let mut seen = HashSet::new();
        let mut buf = vec![0; geometry.cluster_size as usize];
        let mut cluster = run.first;
        let mut left = run.length.unwrap_or(MAX_DIR_BYTES);
        while left > 0 {
            if !seen.insert(cluster) {
                return Err(corrupt(format!(
                    "cluster chain loops back to cluster {cluster}"
                )));
            }
            self.volume
                .read_exact_at(geometry.cluster_offset(cluster), &mut buf)?;
            let used = left.min(geometry.cluster_size) as usize;
            if !visit(&buf[..used]) {
                return Ok(());
            }
            left -= used as u64;
            if left == 0 {
                break;
            }
            match chains.next(run, cluster)? {
                Some(next) => cluster = next,
                None if run.length.is_none() => break,
                None => return Err(corrupt("cluster chain ends before the data's length")),
            }
        }
        Ok(())
    }

    /// The entries of a directory and the problems met reading it; `special` collects the
    /// root directory's label and bitmap entries.
    fn read_directory(
        &self,
        run: &Run,
        mut special: Option<&mut Special>,
    ) -> (Vec<Entry>, Vec<String>) {
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        let mut parser = SetParser::default();
        let mut offset = 0u64;
        let result = self.for_each_cluster(run, &mut |cluster| {
            for raw in cluster.chunks_exact(ENTRY_SIZE) {
                if raw[0] == ENTRY_END {
                    return false;
                }
                if let Some(special) = special.as_deref_mut() {
                    match raw[0] {
                        ENTRY_LABEL => {
                            let count = usize::from(raw[1]).min(11);
                            let units: Vec<u16> =
                                (0..count).map(|i| le16(raw, 2 + i * 2)).collect();
                            let label = String::from_utf16_lossy(&units);
                            special.label = (!label.is_empty()).then_some(label);
                        }
                        // The first bitmap entry; TexFAT's second one describes its second FAT.
                        ENTRY_BITMAP if special.bitmap.is_none() => {
                            special.bitmap = Some((le32(raw, 20), le64(raw, 24)));
                        }
                        _ => {}
                    }
                }
                match parser.feed(raw, offset) {
                    Some(Ok(entry)) => entries.push(entry),
                    Some(Err(problem)) => problems.push(problem),
                    None => {}
                }
                offset += ENTRY_SIZE as u64;
            }
            true
        });
        if parser.wanted > 0 {
            problems.push(format!("entry set at byte {} is cut short", parser.start));
        }
        if let Err(e) = result {
            problems.push(e.to_string());
        }
        (entries, problems)
    }

    /// Loads the allocation bitmap when it is small enough; None when it is too large to hold.
    fn load_bitmap(&self, first: u32, length: u64) -> io::Result<Option<Vec<u8>>> {
        let needed = u64::from(self.geometry.cluster_count).div_ceil(8);
        if length < needed {
            return Err(corrupt(format!(
                "{length} bytes cannot cover {} clusters",
                self.geometry.cluster_count
            )));
        }
        if needed > MAX_BITMAP_BYTES {
            return Ok(None);
        }
        let mut bitmap = Vec::with_capacity(needed as usize);
        self.for_each_cluster(&Run::chained(first, Some(needed)), &mut |part| {
            bitmap.extend_from_slice(part);
            true
        })?;
        Ok(Some(bitmap))
    }

    /// Whether the allocation bitmap marks `cluster` free (false when unknown).
    fn marked_free(&self, cluster: u32) -> bool {
        let Some(bitmap) = &self.bitmap else {
            return false;
        };
        let index = (cluster - 2) as usize;
        bitmap
            .get(index / 8)
            .is_some_and(|byte| byte & (1 << (index % 8)) == 0)
    }
}

impl FileSystem for ExFatFileSystem {
    fn kind(&self) -> &'static str {
        "exfat"
    }

    fn label(&self) -> Option<String> {
        self.label.clone()
    }

    fn root_names(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let (entries, problems) = self.read_directory(&self.root(), None);
        match problems.into_iter().next() {
            Some(problem) if entries.is_empty() => Err(corrupt(problem)),
            _ => Ok(entries.into_iter().map(|e| e.name).collect()),
        }
    }

    fn walk(&mut self, stop: &AtomicBool, visit: &mut dyn FnMut(FsItem<'_>)) {
        report_notes(&self.notes, visit);
        let geometry = &self.geometry;
        let mut directories = Directories::new(geometry.root_cluster, self.root());
        while let Some((run, path)) = directories.pop() {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let (entries, problems) = self.read_directory(&run, None);
            for message in problems {
                let path = if path.is_empty() {
                    b"/".to_vec()
                } else {
                    path.clone()
                };
                visit(FsItem::Error { path, message });
            }
            for entry in entries {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let child: FsPath = child_path(&path, &entry.name);
                if entry.name == b"." || entry.name == b".." {
                    visit(FsItem::Error {
                        path: child,
                        message: "entry named . or ..: not a valid exFAT name, not read".into(),
                    });
                    continue;
                }
                let (run, length) = (entry.run, entry.length);
                if entry.directory {
                    if length == 0 || length > MAX_DIR_BYTES || !geometry.is_cluster(run.first) {
                        visit(FsItem::Error {
                            path: child,
                            message: format!(
                                "directory of {length} bytes at cluster {:#x}: impossible",
                                run.first
                            ),
                        });
                    } else {
                        directories.enter(run.first, run, child, visit);
                    }
                    continue;
                }
                if length > 0 {
                    let clusters = length.div_ceil(geometry.cluster_size);
                    let fits = geometry.is_cluster(run.first)
                        && clusters <= u64::from(geometry.cluster_count)
                        && (!run.contiguous
                            || u64::from(run.first) + clusters - 1
                                <= u64::from(geometry.max_cluster()));
                    if !fits {
                        visit(FsItem::Error {
                            path: child,
                            message: format!(
                                "file of {length} bytes at cluster {:#x} lies outside the cluster heap",
                                run.first
                            ),
                        });
                        continue;
                    }
                    if self.marked_free(run.first) {
                        visit(FsItem::Error {
                            path: child.clone(),
                            message: format!(
                                "first cluster {} is marked free in the allocation bitmap (a \
                                 stale entry or a damaged volume): read anyway",
                                run.first
                            ),
                        });
                    }
                }
                let mut content = ExFatFile {
                    volume: &self.volume,
                    chains: Chains::new(&self.volume, geometry),
                    run,
                    length,
                    valid_length: entry.valid_length,
                    position: 0,
                    cluster: run.first,
                    tail_checked: false,
                };
                visit(FsItem::File(FsFile {
                    names: vec![child],
                    size: length,
                    content: &mut content,
                }));
            }
        }
    }
}

/// A file's content, read a run of contiguous clusters at a time; zeros past ValidDataLength.
struct ExFatFile<'a> {
    volume: &'a Slice,
    chains: Chains<'a>,
    run: Run,
    length: u64,
    valid_length: u64,
    position: u64,
    /// The cluster holding `position` while `position < valid_length`; after that, the one
    /// holding the last valid byte.
    cluster: u32,
    /// Whether the FAT chain past ValidDataLength was followed to the file's length.
    tail_checked: bool,
}

impl ExFatFile<'_> {
    /// Past ValidDataLength no cluster is read, but the chain must still hold the file's length
    /// and end there, as when the data is read: one that ends early or goes on (a loop) is an
    /// error. `walk` has checked that the length fits the cluster heap, which bounds the steps.
    fn check_tail(&mut self) -> io::Result<()> {
        let cluster_size = self.chains.geometry.cluster_size;
        let total = self.length.div_ceil(cluster_size);
        let (mut cluster, read) = if self.valid_length == 0 {
            (self.run.first, 1)
        } else {
            (self.cluster, self.valid_length.div_ceil(cluster_size))
        };
        for _ in read..total {
            cluster = self
                .chains
                .next(&self.run, cluster)?
                .ok_or_else(|| corrupt("cluster chain ends before the file's length"))?;
        }
        if self.chains.next(&self.run, cluster)?.is_some() {
            return Err(corrupt(
                "cluster chain goes on past the file's length (a loop or a damaged FAT)",
            ));
        }
        Ok(())
    }
}

impl Read for ExFatFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() && self.position < self.length {
            if self.position >= self.valid_length {
                if !self.run.contiguous && !self.tail_checked {
                    self.tail_checked = true;
                    self.check_tail()?;
                }
                let n = ((buf.len() - filled) as u64).min(self.length - self.position) as usize;
                buf[filled..filled + n].fill(0);
                filled += n;
                self.position += n as u64;
                continue;
            }
            let chain = &mut FileChain {
                chains: &mut self.chains,
                run: &self.run,
            };
            let (n, last) = clusters::read_run(
                self.volume,
                chain,
                &mut self.cluster,
                self.position,
                self.valid_length,
                &mut buf[filled..],
                "cluster chain ends before the file's valid data length",
            )?;
            filled += n;
            self.position += n as u64;
            if self.position >= self.valid_length {
                self.cluster = last;
                if self.position == self.length
                    && !self.run.contiguous
                    && self.chains.next(&self.run, last)?.is_some()
                {
                    // A chain that goes on past the file's last cluster loops or was damaged:
                    // the bytes read may not be the file's.
                    return Err(corrupt(
                        "cluster chain goes on past the file's length (a loop or a damaged FAT)",
                    ));
                }
            }
        }
        Ok(filled)
    }
}

/// A file's chain: its clusters in a row, or followed through the FAT.
struct FileChain<'c, 'a> {
    chains: &'c mut Chains<'a>,
    run: &'c Run,
}

impl Chain for FileChain<'_, '_> {
    fn cluster_size(&self) -> u64 {
        self.chains.geometry.cluster_size
    }

    fn cluster_offset(&self, cluster: u32) -> u64 {
        self.chains.geometry.cluster_offset(cluster)
    }

    fn next(&mut self, cluster: u32) -> io::Result<Option<u32>> {
        self.chains.next(self.run, cluster)
    }
}

#[cfg(test)]
mod tests;
