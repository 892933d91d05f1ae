//! FAT12, FAT16 and FAT32, read straight from the volume's bytes.
//!
//! Own reader rather than the `fatfs` crate: fatfs is a read-write library that needs a writable
//! device (and writes the dirty flag and FSInfo on mount and unmount), its public API hides the
//! first cluster of an entry (so directory loops cannot be caught), and it loops forever inside
//! a directory whose cluster chain is cyclic. This reader has no write path at all: it only ever
//! calls `Slice::read_exact_at`.
//!
//! Long file names (VFAT) are used when their checksum matches the 8.3 entry; otherwise the 8.3
//! name, lowercased as the NT case bits say. Deleted entries are not listed. exFAT is a different
//! filesystem and is not read here.

use std::collections::HashSet;
use std::io::{self, Read};
use std::sync::atomic::{AtomicBool, Ordering};

use super::clusters::{self, Chain, Directories, FatWindow};
use super::{FileSystem, FsFile, FsItem, child_path, corrupt};
use crate::source::image::bytes::{le16, le32};
use crate::source::image::disk::Slice;

const ENTRY_SIZE: usize = 32;
const ATTR_VOLUME: u8 = 0x08;
const ATTR_DIRECTORY: u8 = 0x10;
const ATTR_LONG_NAME: u8 = 0x0F;
/// FAT allows 65536 entries per directory: a longer cluster chain is corrupt or cyclic.
const MAX_DIR_BYTES: u64 = 65536 * ENTRY_SIZE as u64;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fat12,
    Fat16,
    Fat32,
}

/// Where everything is, from the boot sector.
struct Geometry {
    kind: Kind,
    cluster_size: u64,
    /// Byte offset and size of the FAT in use.
    fat_offset: u64,
    fat_bytes: u64,
    /// FAT12/16: the fixed root directory region.
    root_offset: u64,
    root_bytes: u64,
    /// FAT32: the root directory's first cluster.
    root_cluster: u32,
    /// Byte offset of cluster 2, the first data cluster.
    data_offset: u64,
    /// Highest cluster number that exists.
    max_cluster: u32,
    /// Volume label from the boot sector, if any.
    boot_label: Option<String>,
}

impl Geometry {
    fn parse(boot: &[u8]) -> io::Result<Geometry> {
        let bytes_per_sector = u64::from(le16(boot, 0x0B));
        let sectors_per_cluster = u64::from(boot[0x0D]);
        let reserved = u64::from(le16(boot, 0x0E));
        let fats = u64::from(boot[0x10]);
        let root_entries = u64::from(le16(boot, 0x11));
        let total = match le16(boot, 0x13) {
            0 => u64::from(le32(boot, 0x20)),
            small => u64::from(small),
        };
        let fat_sectors = match le16(boot, 0x16) {
            0 => u64::from(le32(boot, 0x24)),
            small => u64::from(small),
        };
        if !matches!(bytes_per_sector, 512 | 1024 | 2048 | 4096)
            || !sectors_per_cluster.is_power_of_two()
            || sectors_per_cluster > 128
            || reserved == 0
            || fats == 0
            || fat_sectors == 0
        {
            return Err(corrupt("FAT boot sector: impossible geometry"));
        }
        let root_bytes = root_entries * ENTRY_SIZE as u64;
        let root_sectors = root_bytes.div_ceil(bytes_per_sector);
        let first_data_sector = reserved + fats * fat_sectors + root_sectors;
        if total <= first_data_sector {
            return Err(corrupt("FAT boot sector: no room for data clusters"));
        }
        let clusters = (total - first_data_sector) / sectors_per_cluster;
        // The FAT type follows from the cluster count alone (Microsoft's rule).
        let kind = if clusters < 4085 {
            Kind::Fat12
        } else if clusters < 65525 {
            Kind::Fat16
        } else {
            Kind::Fat32
        };
        let fat_bytes = fat_sectors * bytes_per_sector;
        let entry_bits = match kind {
            Kind::Fat12 => 12,
            Kind::Fat16 => 16,
            Kind::Fat32 => 32,
        };
        // Clusters past what the FAT can describe do not exist, whatever the sector count says.
        let max_cluster = (clusters + 1).min(fat_bytes * 8 / entry_bits - 1);
        let max_cluster = u32::try_from(max_cluster.min(0x0FFF_FFF6))
            .map_err(|_| corrupt("FAT boot sector: too many clusters"))?;
        let mut active_fat = 0;
        let mut root_cluster = 0;
        if kind == Kind::Fat32 {
            let flags = le16(boot, 0x28);
            // Bit 7: mirroring off, only the FAT numbered in bits 0-3 is in use.
            if flags & 0x80 != 0 {
                active_fat = u64::from(flags & 0x0F);
            }
            root_cluster = le32(boot, 0x2C);
            if root_entries != 0 || active_fat >= fats || !(2..=max_cluster).contains(&root_cluster)
            {
                return Err(corrupt(
                    "FAT32 boot sector: inconsistent root directory or FAT",
                ));
            }
        } else if root_entries == 0 {
            return Err(corrupt("FAT12/16 boot sector: no root directory"));
        }
        let label_at = if kind == Kind::Fat32 { 0x47 } else { 0x2B };
        let boot_label = (boot[label_at - 0x05] == 0x29)
            .then(|| label_text(&boot[label_at..label_at + 11]))
            .flatten();
        Ok(Geometry {
            kind,
            cluster_size: bytes_per_sector * sectors_per_cluster,
            fat_offset: (reserved + active_fat * fat_sectors) * bytes_per_sector,
            fat_bytes,
            root_offset: (reserved + fats * fat_sectors) * bytes_per_sector,
            root_bytes,
            root_cluster,
            data_offset: first_data_sector * bytes_per_sector,
            max_cluster,
            boot_label,
        })
    }

    /// Where a cluster starts; callers pass only clusters that passed `is_cluster`.
    fn cluster_offset(&self, cluster: u32) -> u64 {
        self.data_offset + u64::from(cluster).saturating_sub(2) * self.cluster_size
    }

    fn is_cluster(&self, cluster: u32) -> bool {
        (2..=self.max_cluster).contains(&cluster)
    }
}

/// An 11-byte label, trimmed; "NO NAME" is mkfs's placeholder for none.
fn label_text(raw: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(raw).trim_end().to_string();
    (!text.is_empty() && text != "NO NAME").then_some(text)
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

    fn fat_byte(&mut self, offset: u64) -> io::Result<u8> {
        if offset >= self.geometry.fat_bytes {
            return Err(corrupt(format!(
                "FAT entry at byte {offset} is past the end of the FAT"
            )));
        }
        Ok(self.fat.bytes(offset, 1)?[0])
    }

    /// The cluster after `cluster`, or None at the end of the chain.
    fn next(&mut self, cluster: u32) -> io::Result<Option<u32>> {
        let c = u64::from(cluster);
        let (value, end) = match self.geometry.kind {
            Kind::Fat12 => {
                let at = c + c / 2;
                let pair = u32::from(self.fat_byte(at)?) | u32::from(self.fat_byte(at + 1)?) << 8;
                let value = if cluster % 2 == 1 {
                    pair >> 4
                } else {
                    pair & 0xFFF
                };
                (value, 0xFF8)
            }
            Kind::Fat16 => {
                let at = c * 2;
                let value = u32::from(self.fat_byte(at)?) | u32::from(self.fat_byte(at + 1)?) << 8;
                (value, 0xFFF8)
            }
            Kind::Fat32 => {
                let at = c * 4;
                let mut value = 0;
                for i in 0..4 {
                    value |= u32::from(self.fat_byte(at + i)?) << (8 * i);
                }
                (value & 0x0FFF_FFFF, 0x0FFF_FFF8)
            }
        };
        clusters::link(cluster, (value < end).then_some(value), |c| {
            self.geometry.is_cluster(c)
        })
    }
}

/// One directory entry, with its long name if it has a valid one.
struct Entry {
    name: Vec<u8>,
    attributes: u8,
    first_cluster: u32,
    size: u32,
}

/// A long name being assembled from its entries, which come last part first.
struct LongName {
    units: Vec<u16>,
    checksum: u8,
    /// The part number expected next; 0 once complete.
    expected: u8,
}

impl LongName {
    fn part(&mut self, raw: &[u8]) {
        let sequence = raw[0] & 0x1F;
        let start = usize::from(sequence.saturating_sub(1)) * 13;
        for (i, at) in [1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30]
            .into_iter()
            .enumerate()
        {
            if let Some(unit) = self.units.get_mut(start + i) {
                *unit = le16(raw, at);
            }
        }
        self.expected = sequence - 1;
    }

    fn text(&self) -> Vec<u8> {
        let end = self
            .units
            .iter()
            .position(|&u| u == 0)
            .unwrap_or(self.units.len());
        String::from_utf16_lossy(&self.units[..end]).into_bytes()
    }
}

fn short_name_checksum(raw: &[u8]) -> u8 {
    raw[..11]
        .iter()
        .fold(0u8, |sum, &b| sum.rotate_right(1).wrapping_add(b))
}

/// The 8.3 name, lowercased where the NT case bits say so.
fn short_name(raw: &[u8]) -> Vec<u8> {
    let mut base = raw[..8].to_vec();
    if base[0] == 0x05 {
        // 0x05 stands for a real leading 0xE5, which marks deleted entries.
        base[0] = 0xE5;
    }
    let trim = |part: &mut Vec<u8>| {
        while part.last() == Some(&b' ') {
            part.pop();
        }
    };
    trim(&mut base);
    let mut extension = raw[8..11].to_vec();
    trim(&mut extension);
    if raw[12] & 0x08 != 0 {
        base.make_ascii_lowercase();
    }
    if raw[12] & 0x10 != 0 {
        extension.make_ascii_lowercase();
    }
    let mut name = base;
    if !extension.is_empty() {
        name.push(b'.');
        name.extend_from_slice(&extension);
    }
    // OEM code page bytes beyond ASCII are not decoded: shown as U+FFFD.
    String::from_utf8_lossy(&name).into_owned().into_bytes()
}

/// Parses a directory's entries; also returns the volume label entry's text, if any.
fn parse_directory(data: &[u8], kind: Kind) -> (Vec<Entry>, Option<String>) {
    let mut entries = Vec::new();
    let mut label = None;
    let mut long: Option<LongName> = None;
    for raw in data.chunks_exact(ENTRY_SIZE) {
        match raw[0] {
            0x00 => break,
            0xE5 => {
                long = None;
                continue;
            }
            _ => {}
        }
        let attributes = raw[11];
        if attributes & 0x3F == ATTR_LONG_NAME {
            let sequence = raw[0] & 0x1F;
            if raw[0] & 0x40 != 0 && sequence > 0 {
                let mut name = LongName {
                    units: vec![0; usize::from(sequence) * 13],
                    checksum: raw[13],
                    expected: sequence,
                };
                name.part(raw);
                long = Some(name);
            } else if let Some(name) = long
                .as_mut()
                .filter(|n| n.expected > 0 && sequence == n.expected && raw[13] == n.checksum)
            {
                name.part(raw);
            } else {
                long = None;
            }
            continue;
        }
        let long_name = long
            .take()
            .filter(|n| n.expected == 0 && n.checksum == short_name_checksum(raw));
        if attributes & ATTR_VOLUME != 0 {
            label = label.or_else(|| label_text(&raw[..11]));
            continue;
        }
        if raw[0] == b'.' {
            continue;
        }
        let high = if kind == Kind::Fat32 {
            u32::from(le16(raw, 20)) << 16
        } else {
            0
        };
        entries.push(Entry {
            name: long_name.map_or_else(|| short_name(raw), |n| n.text()),
            attributes,
            first_cluster: high | u32::from(le16(raw, 26)),
            size: le32(raw, 28),
        });
    }
    (entries, label)
}

/// Opens the FAT12/16/32 filesystem on `volume`. Nothing is ever written.
pub fn open(volume: Slice) -> io::Result<FatFileSystem> {
    let mut boot = vec![0; 512];
    volume.read_exact_at(0, &mut boot)?;
    let geometry = Geometry::parse(&boot)?;
    let mut fs = FatFileSystem {
        volume,
        geometry,
        label: None,
    };
    let (data, error) = fs.directory_data(None);
    if let (true, Some(e)) = (data.is_empty(), error) {
        return Err(corrupt(format!("root directory: {e}")));
    }
    let (_, root_label) = parse_directory(&data, fs.geometry.kind);
    fs.label = root_label.or_else(|| fs.geometry.boot_label.clone());
    Ok(fs)
}

/// A FAT filesystem opened read-only.
pub struct FatFileSystem {
    volume: Slice,
    geometry: Geometry,
    /// The root directory's volume label entry (what Windows shows), else the boot sector's.
    label: Option<String>,
}

impl FatFileSystem {
    /// The raw entries of a directory (`None`: the root), as far as they could be read, and
    /// why the rest could not.
    fn directory_data(&self, first_cluster: Option<u32>) -> (Vec<u8>, Option<String>) {
        let geometry = &self.geometry;
        let first = match first_cluster {
            Some(cluster) => cluster,
            None if geometry.kind == Kind::Fat32 => geometry.root_cluster,
            None => {
                let mut data = vec![0; geometry.root_bytes as usize];
                return match self.volume.read_exact_at(geometry.root_offset, &mut data) {
                    Ok(()) => (data, None),
                    Err(e) => (Vec::new(), Some(e.to_string())),
                };
            }
        };
        let mut chains = Chains::new(&self.volume, geometry);
        let mut data = Vec::new();
        let mut seen = HashSet::new();
        let mut cluster = first;
        loop {
            if !seen.insert(cluster) {
                return (
                    data,
                    Some(format!("cluster chain loops back to cluster {cluster}")),
                );
            }
            if data.len() as u64 >= MAX_DIR_BYTES {
                return (
                    data,
                    Some("directory longer than FAT allows: corrupt cluster chain".into()),
                );
            }
            let start = data.len();
            data.resize(start + geometry.cluster_size as usize, 0);
            if let Err(e) = self
                .volume
                .read_exact_at(geometry.cluster_offset(cluster), &mut data[start..])
            {
                data.truncate(start);
                return (data, Some(e.to_string()));
            }
            match chains.next(cluster) {
                Ok(Some(next)) => cluster = next,
                Ok(None) => return (data, None),
                Err(e) => return (data, Some(e.to_string())),
            }
        }
    }
}

impl FileSystem for FatFileSystem {
    fn kind(&self) -> &'static str {
        match self.geometry.kind {
            Kind::Fat12 => "fat12",
            Kind::Fat16 => "fat16",
            Kind::Fat32 => "fat32",
        }
    }

    fn label(&self) -> Option<String> {
        self.label.clone()
    }

    fn root_names(&mut self) -> io::Result<Vec<Vec<u8>>> {
        let (data, error) = self.directory_data(None);
        if let (true, Some(e)) = (data.is_empty(), error) {
            return Err(corrupt(e));
        }
        let (entries, _) = parse_directory(&data, self.geometry.kind);
        Ok(entries.into_iter().map(|entry| entry.name).collect())
    }

    fn walk(&mut self, stop: &AtomicBool, visit: &mut dyn FnMut(FsItem<'_>)) {
        let geometry = &self.geometry;
        // Directories are known by their first cluster; the FAT12/16 root has none (0).
        let root = if geometry.kind == Kind::Fat32 {
            geometry.root_cluster
        } else {
            0
        };
        let mut directories = Directories::new(root, None);
        while let Some((first_cluster, path)) = directories.pop() {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            let (data, error) = self.directory_data(first_cluster);
            if let Some(message) = error {
                let shown = if path.is_empty() {
                    b"/".to_vec()
                } else {
                    path.clone()
                };
                visit(FsItem::Error {
                    path: shown,
                    message,
                });
            }
            for entry in parse_directory(&data, geometry.kind).0 {
                if stop.load(Ordering::Relaxed) {
                    return;
                }
                let child = child_path(&path, &entry.name);
                let cluster = entry.first_cluster;
                if entry.attributes & ATTR_DIRECTORY != 0 {
                    if !geometry.is_cluster(cluster) {
                        visit(FsItem::Error {
                            path: child,
                            message: format!("directory starts at invalid cluster {cluster}"),
                        });
                    } else {
                        directories.enter(cluster, Some(cluster), child, visit);
                    }
                    continue;
                }
                let size = u64::from(entry.size);
                if size > 0 && !geometry.is_cluster(cluster) {
                    visit(FsItem::Error {
                        path: child,
                        message: format!(
                            "file of {size} bytes starts at invalid cluster {cluster}"
                        ),
                    });
                    continue;
                }
                let mut content = FatFile {
                    volume: &self.volume,
                    chains: Chains::new(&self.volume, geometry),
                    size,
                    position: 0,
                    cluster,
                };
                visit(FsItem::File(FsFile {
                    names: vec![child],
                    size,
                    content: &mut content,
                }));
            }
        }
    }
}

/// A file's content, read a run of contiguous clusters at a time.
struct FatFile<'a> {
    volume: &'a Slice,
    chains: Chains<'a>,
    size: u64,
    position: u64,
    /// The cluster holding `position` (while `position < size`).
    cluster: u32,
}

impl Read for FatFile<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() && self.position < self.size {
            let (n, _) = clusters::read_run(
                self.volume,
                &mut self.chains,
                &mut self.cluster,
                self.position,
                self.size,
                &mut buf[filled..],
                "cluster chain ends before the file's size is reached",
            )?;
            filled += n;
            self.position += n as u64;
        }
        Ok(filled)
    }
}

impl Chain for Chains<'_> {
    fn cluster_size(&self) -> u64 {
        self.geometry.cluster_size
    }

    fn cluster_offset(&self, cluster: u32) -> u64 {
        self.geometry.cluster_offset(cluster)
    }

    fn next(&mut self, cluster: u32) -> io::Result<Option<u32>> {
        Chains::next(self, cluster)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::super::testing::{
        Seen, assert_same_files, errors, file_sha256, files_by_path, items_after_stop, noise,
        slice, tree_files, tsk_files, walk_all, walk_hostile,
    };
    use super::*;
    use crate::test_tools::{run, write_tree};

    /// A Windows-like tree: long names, short names in both cases, Unicode, deep and big
    /// directories, an empty file, a big file.
    fn source_tree(root: &Path) {
        write_tree(
            root,
            &[
                (
                    "Program Files/Long Application Name/settings file.conf",
                    b"setting=1",
                ),
                (
                    "Windows/System32/drivers/etc/hosts",
                    b"127.0.0.1 localhost\n",
                ),
                (
                    "lower.txt",
                    b"an 8.3 name stored in upper case with NT case bits",
                ),
                ("UPPER.TXT", b"a plain 8.3 name"),
                ("\u{fc}n\u{ef}c\u{f6}d\u{e9} n\u{e9}v.txt", b"unicode name"),
                ("many.dots.in.this.name", b"dots"),
                ("empty.dat", b""),
                ("LOOPA/LOOPB/inside.txt", b"inside"),
            ],
        );
        for i in 0..300 {
            let name = format!("many/file number {i:03} with a long name.txt");
            write_tree(root, &[(name.as_str(), format!("file {i}").as_bytes())]);
        }
        std::fs::write(root.join("big.bin"), noise(3, 3 * 1024 * 1024 + 777)).expect("big");
        std::fs::write(root.join("fragmented.bin"), noise(4, 300 * 1024)).expect("fragmented");
    }

    /// mtools, in a UTF-8 locale so that long names are converted from UTF-8.
    fn mtools(program: &str, args: &[&str]) {
        let mut all = vec!["LC_ALL=C.UTF-8", program];
        all.extend_from_slice(args);
        run("env", &all, &[0]);
    }

    struct Fixture {
        _dir: tempfile::TempDir,
        source: PathBuf,
        image: PathBuf,
    }

    /// A FAT image holding the source tree; `fragmented.bin` is written into a freed gap so that
    /// its cluster chain jumps.
    fn fixture(bits: &str, kib: &str) -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("src");
        source_tree(&source);
        let image = dir.path().join("fat.img");
        let img = image.to_str().expect("utf-8");
        run(
            "mkfs.fat",
            &["-C", "-F", bits, "-n", "NEEDLEFAT", img, kib],
            &[0],
        );
        let gap = dir.path().join("gap.bin");
        std::fs::write(&gap, noise(5, 64 * 1024)).expect("gap");
        mtools(
            "mcopy",
            &["-i", img, gap.to_str().expect("utf-8"), "::/gap.bin"],
        );
        for entry in std::fs::read_dir(&source).expect("source") {
            let path = entry.expect("entry").path();
            if path.file_name() != Some("fragmented.bin".as_ref()) {
                mtools(
                    "mcopy",
                    &["-s", "-i", img, path.to_str().expect("utf-8"), "::/"],
                );
            }
        }
        mtools("mdel", &["-i", img, "::/gap.bin"]);
        let fragmented = source.join("fragmented.bin");
        mtools(
            "mcopy",
            &["-i", img, fragmented.to_str().expect("utf-8"), "::/"],
        );
        Fixture {
            _dir: dir,
            source,
            image,
        }
    }

    const VARIANTS: [(&str, &str, &str); 3] = [
        ("12", "8192", "fat12"),
        ("16", "32768", "fat16"),
        ("32", "65536", "fat32"),
    ];

    #[test]
    fn fat12_fat16_fat32_read_as_the_source_tree() {
        if !crate::test_tools::available(&["mcopy", "mkfs.fat"]) {
            return;
        }
        for (bits, kib, kind) in VARIANTS {
            let fixture = fixture(bits, kib);
            let before = file_sha256(&fixture.image);
            let mut fs = open(slice(&fixture.image)).expect("open FAT image");
            assert_eq!(fs.kind(), kind);
            assert_eq!(fs.label().as_deref(), Some("NEEDLEFAT"));
            let seen = walk_all(&mut fs);
            assert_eq!(errors(&seen), Vec::<&Seen>::new(), "{kind}");
            assert_same_files(&files_by_path(&seen), &tree_files(&fixture.source), kind);
            let mut root = fs.root_names().expect("root names");
            root.sort();
            assert!(root.contains(&b"Program Files".to_vec()), "{kind}");
            assert!(root.contains(&b"lower.txt".to_vec()), "{kind}");
            assert_eq!(
                file_sha256(&fixture.image),
                before,
                "{kind}: the image was modified"
            );
        }
    }

    #[test]
    fn fat_agrees_with_the_sleuth_kit() {
        if !crate::test_tools::available(&["fls", "icat", "mcopy", "mkfs.fat"]) {
            return;
        }
        for (bits, kib, kind) in VARIANTS {
            let fixture = fixture(bits, kib);
            let seen = walk_all(&mut open(slice(&fixture.image)).expect("open"));
            assert_same_files(&files_by_path(&seen), &tsk_files(&fixture.image), kind);
        }
    }

    #[test]
    fn stop_returns_early() {
        if !crate::test_tools::available(&["mcopy", "mkfs.fat"]) {
            return;
        }
        let fixture = fixture("16", "32768");
        let mut fs = open(slice(&fixture.image)).expect("open");
        assert_eq!(items_after_stop(&mut fs), 1);
    }

    /// Byte position in the image of the directory entry with this 8.3 name.
    fn find_entry(image: &[u8], short: &[u8; 11]) -> usize {
        image
            .windows(11)
            .position(|w| w == short)
            .expect("short entry in image")
    }

    fn set_cluster(image: &mut [u8], entry: usize, cluster: u32) {
        image[entry + 20..entry + 22].copy_from_slice(&((cluster >> 16) as u16).to_le_bytes());
        image[entry + 26..entry + 28].copy_from_slice(&(cluster as u16).to_le_bytes());
    }

    fn cluster_of(image: &[u8], entry: usize) -> u32 {
        u32::from(le16(image, entry + 20)) << 16 | u32::from(le16(image, entry + 26))
    }

    fn error_at(seen: &[Seen], wanted: &[u8]) -> bool {
        seen.iter()
            .any(|item| matches!(item, Seen::Error(path, _) if path == wanted))
    }

    #[test]
    fn loops_and_broken_chains_are_errors() {
        if !crate::test_tools::available(&["mcopy", "mkfs.fat"]) {
            return;
        }
        let fixture = fixture("32", "65536");
        let good = std::fs::read(&fixture.image).expect("image");
        let dir = tempfile::tempdir().expect("tempdir");
        let fs = open(slice(&fixture.image)).expect("open");
        let geometry = &fs.geometry;
        let fat_entry = |cluster: u32| (geometry.fat_offset + u64::from(cluster) * 4) as usize;

        // LOOPA/LOOPB pointing back at LOOPA: a directory loop.
        let mut bytes = good.clone();
        let loop_a = cluster_of(&bytes, find_entry(&bytes, b"LOOPA      "));
        let loop_b = find_entry(&bytes, b"LOOPB      ");
        set_cluster(&mut bytes, loop_b, loop_a);
        let seen = walk_hostile(dir.path(), "loop.img", bytes, open).expect("opens");
        assert!(error_at(&seen, b"/LOOPA/LOOPB"), "{:?}", errors(&seen));
        assert!(files_by_path(&seen).contains_key(&b"/big.bin"[..]));

        // The big directory's cluster chain turned into a cycle.
        let (root, _) = fs.directory_data(None);
        let many = parse_directory(&root, geometry.kind)
            .0
            .into_iter()
            .find(|e| e.name == b"many")
            .expect("many")
            .first_cluster;
        let mut chains = Chains::new(&fs.volume, geometry);
        let mut last = many;
        while let Some(next) = chains.next(last).expect("chain") {
            last = next;
        }
        assert_ne!(last, many, "the big directory spans several clusters");
        let mut bytes = good.clone();
        bytes[fat_entry(last)..fat_entry(last) + 4].copy_from_slice(&many.to_le_bytes());
        let seen = walk_hostile(dir.path(), "cycle.img", bytes, open).expect("opens");
        assert!(error_at(&seen, b"/many"), "{:?}", errors(&seen));
        assert_eq!(
            files_by_path(&seen)
                .keys()
                .filter(|p| p.starts_with(b"/many/"))
                .count(),
            300
        );

        // big.bin's chain cut short, then looping back on itself: errors or wrong bytes, no hang.
        let big = cluster_of(&good, find_entry(&good, b"BIG     BIN"));
        let mut bytes = good.clone();
        bytes[fat_entry(big + 3)..fat_entry(big + 3) + 4]
            .copy_from_slice(&0x0FFF_FFFFu32.to_le_bytes());
        let seen = walk_hostile(dir.path(), "short.img", bytes, open).expect("opens");
        assert!(error_at(&seen, b"/big.bin"), "{:?}", errors(&seen));
        let mut bytes = good.clone();
        bytes[fat_entry(big + 3)..fat_entry(big + 3) + 4].copy_from_slice(&big.to_le_bytes());
        walk_hostile(dir.path(), "looped.img", bytes, open).expect("opens");

        // A directory entry pointing into garbage.
        let mut bytes = good.clone();
        let garbage = geometry.max_cluster - 8;
        let at = geometry.cluster_offset(garbage) as usize;
        bytes[at..at + 4096].copy_from_slice(&noise(11, 4096));
        let loop_b = find_entry(&bytes, b"LOOPB      ");
        set_cluster(&mut bytes, loop_b, garbage);
        let seen = walk_hostile(dir.path(), "garbage.img", bytes, open).expect("opens");
        assert!(files_by_path(&seen).contains_key(&b"/big.bin"[..]));
    }

    #[test]
    fn hostile_images_give_errors_not_panics_or_hangs() {
        if !crate::test_tools::available(&["mcopy", "mkfs.fat"]) {
            return;
        }
        let fixture = fixture("16", "32768");
        let good = std::fs::read(&fixture.image).expect("image");
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(walk_hostile(dir.path(), "random.img", noise(1, 1 << 20), open).is_none());
        // Boot sector fields with absurd values.
        for (offset, value) in [
            (0x0Busize, &[3u8, 0][..]),
            (0x0D, &[0]),
            (0x0D, &[3]),
            (0x10, &[0]),
            (0x16, &[0, 0]),
            (0x13, &[1, 0]),
        ] {
            let mut bytes = good.clone();
            bytes[offset..offset + value.len()].copy_from_slice(value);
            assert!(
                walk_hostile(dir.path(), "boot.img", bytes, open).is_none(),
                "offset {offset:#x}"
            );
        }
        // Truncated after the root directory: the files are errors.
        let geometry = open(slice(&fixture.image)).expect("open").geometry;
        let cut = geometry.data_offset as usize + 64 * 1024;
        let seen =
            walk_hostile(dir.path(), "truncated.img", good[..cut].to_vec(), open).expect("opens");
        assert!(error_at(&seen, b"/big.bin"), "{:?}", errors(&seen));
        // Garbage over the FAT and the root directory.
        for seed in 0..16 {
            let mut bytes = good.clone();
            let start = 512 + (seed as usize * 7919) % (geometry.data_offset as usize);
            let garbage = noise(seed, 16 * 1024);
            bytes[start..start + garbage.len()].copy_from_slice(&garbage);
            walk_hostile(dir.path(), "garbage.img", bytes, open);
        }
    }
}
