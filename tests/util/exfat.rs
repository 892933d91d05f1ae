//! An exFAT image writer for the tests: `mkfs.exfat` formats but cannot copy files in without a
//! mount, and no Debian tool writes exFAT otherwise. It lays a directory tree out as Windows
//! would (boot region with its checksum and backup, one FAT, allocation bitmap, up-case table,
//! volume label, entry sets with checksums and name hashes); `fsck.exfat` and The Sleuth Kit
//! check its output in the reader's tests. Test code only: it panics on anything unexpected.
//!
//! Included by path by the exFAT reader's tests and the integration tests.

use std::path::Path;

const ENTRY: usize = 32;
const END_OF_CHAIN: u32 = 0xFFFF_FFFF;

/// How file data is placed in the cluster heap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Each file in one contiguous run, marked NoFatChain (what Windows writes for a fresh copy).
    Contiguous,
    /// Files and directories in runs of two clusters with a free cluster between runs, linked
    /// through the FAT.
    Fragmented,
}

pub struct Options<'a> {
    /// Size of the volume in bytes.
    pub size: u64,
    /// log2 of the sector size (9..=12).
    pub sector_shift: u8,
    /// log2 of the sectors per cluster.
    pub cluster_shift: u8,
    pub label: &'a str,
    pub placement: Placement,
    /// Files (as `/dir/name`) whose ValidDataLength is set to this many bytes: what lies past it
    /// on disk is overwritten with non-zero bytes, which a reader must not return.
    pub valid_lengths: &'a [(&'a str, u64)],
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            size: 32 << 20,
            sector_shift: 9,
            cluster_shift: 3,
            label: "NEEDLEXFAT",
            placement: Placement::Contiguous,
            valid_lengths: &[],
        }
    }
}

/// Writes an exFAT volume holding the tree under `source` to `image`.
pub fn exfat_image(source: &Path, image: &Path, options: &Options) {
    let mut volume = Volume::new(options);
    volume.build(source);
    std::fs::write(image, volume.finish()).expect("write exFAT image");
}

struct Volume<'a> {
    options: &'a Options<'a>,
    bytes: Vec<u8>,
    sector: u64,
    cluster: u64,
    fat_offset: u64,
    fat_sectors: u64,
    heap_offset: u64,
    cluster_count: u32,
    fat: Vec<u32>,
    allocated: Vec<bool>,
    next_free: u32,
    root_cluster: u32,
}

impl<'a> Volume<'a> {
    fn new(options: &'a Options<'a>) -> Volume<'a> {
        let sector = 1u64 << options.sector_shift;
        let cluster = sector << options.cluster_shift;
        let sectors = options.size / sector;
        // After the main and backup boot regions (sectors 0-23).
        let fat_offset = 32;
        // Enough FAT for every cluster the volume could hold.
        let fat_sectors = ((sectors / (1 << options.cluster_shift)) + 2) * 4 / sector + 1;
        let spc = 1u64 << options.cluster_shift;
        let heap_offset = (fat_offset + fat_sectors).div_ceil(spc) * spc;
        let cluster_count = ((sectors - heap_offset) / spc) as u32;
        Volume {
            options,
            bytes: vec![0; (sectors * sector) as usize],
            sector,
            cluster,
            fat_offset,
            fat_sectors,
            heap_offset,
            cluster_count,
            fat: vec![0; cluster_count as usize + 2],
            allocated: vec![false; cluster_count as usize + 2],
            next_free: 2,
            root_cluster: 0,
        }
    }

    fn cluster_at(&self, cluster: u32) -> usize {
        (self.heap_offset * self.sector + u64::from(cluster - 2) * self.cluster) as usize
    }

    fn take(&mut self) -> u32 {
        let cluster = self.next_free;
        assert!(
            cluster <= self.cluster_count + 1,
            "exFAT test volume is full"
        );
        self.allocated[cluster as usize] = true;
        self.next_free += 1;
        cluster
    }

    /// Allocates clusters for `len` bytes (at least one); returns them and whether they form
    /// one contiguous NoFatChain run (else they are linked in the FAT).
    fn allocate(&mut self, len: u64, fragment: bool) -> (Vec<u32>, bool) {
        let count = len.div_ceil(self.cluster).max(1) as usize;
        let mut clusters = Vec::with_capacity(count);
        for i in 0..count {
            if fragment && i > 0 && i % 2 == 0 {
                // Leave a free cluster between runs of two.
                self.next_free += 1;
            }
            clusters.push(self.take());
        }
        if fragment {
            for pair in clusters.windows(2) {
                self.fat[pair[0] as usize] = pair[1];
            }
            if let Some(&last) = clusters.last() {
                self.fat[last as usize] = END_OF_CHAIN;
            }
        }
        (clusters, !fragment)
    }

    fn write_clusters(&mut self, clusters: &[u32], data: &[u8]) {
        for (chunk, &cluster) in data.chunks(self.cluster as usize).zip(clusters) {
            let at = self.cluster_at(cluster);
            self.bytes[at..at + chunk.len()].copy_from_slice(chunk);
        }
    }

    fn fragmented(&self) -> bool {
        self.options.placement == Placement::Fragmented
    }

    fn build(&mut self, source: &Path) {
        // Bitmap and up-case table first, in clusters 2.., as mkfs.exfat lays them out.
        let bitmap_len = u64::from(self.cluster_count).div_ceil(8);
        let (bitmap, _) = self.allocate(bitmap_len, false);
        let upcase = upcase_table();
        let (upcase_clusters, _) = self.allocate(upcase.len() as u64, false);
        self.write_clusters(&upcase_clusters, &upcase);
        let mut root = Vec::new();
        let label: Vec<u16> = self.options.label.encode_utf16().collect();
        let mut entry = [0u8; ENTRY];
        entry[0] = 0x83;
        entry[1] = label.len() as u8;
        for (i, unit) in label.iter().take(11).enumerate() {
            entry[2 + i * 2..4 + i * 2].copy_from_slice(&unit.to_le_bytes());
        }
        root.extend_from_slice(&entry);
        let mut entry = [0u8; ENTRY];
        entry[0] = 0x81;
        entry[20..24].copy_from_slice(&bitmap[0].to_le_bytes());
        entry[24..32].copy_from_slice(&bitmap_len.to_le_bytes());
        root.extend_from_slice(&entry);
        let mut entry = [0u8; ENTRY];
        entry[0] = 0x82;
        entry[4..8].copy_from_slice(&checksum32(&upcase).to_le_bytes());
        entry[20..24].copy_from_slice(&upcase_clusters[0].to_le_bytes());
        entry[24..32].copy_from_slice(&(upcase.len() as u64).to_le_bytes());
        root.extend_from_slice(&entry);
        self.directory_entries(source, "", &mut root);
        let (root_clusters, _) = self.allocate(root.len() as u64, self.fragmented());
        self.write_clusters(&root_clusters, &root);
        self.root_cluster = root_clusters[0];
        // The bitmap, up-case table and root directory are always linked through the FAT.
        for run in [&bitmap, &upcase_clusters, &root_clusters] {
            for pair in run.windows(2) {
                self.fat[pair[0] as usize] = pair[1];
            }
            self.fat[*run.last().expect("cluster") as usize] = END_OF_CHAIN;
        }
        let mut map = vec![0u8; bitmap_len as usize];
        for (cluster, &used) in self.allocated.iter().enumerate().skip(2) {
            if used {
                map[(cluster - 2) / 8] |= 1 << ((cluster - 2) % 8);
            }
        }
        self.write_clusters(&bitmap, &map);
    }

    /// Appends the entry sets of `dir`'s children to `entries`, writing their content.
    fn directory_entries(&mut self, dir: &Path, path: &str, entries: &mut Vec<u8>) {
        let mut children: Vec<_> = std::fs::read_dir(dir)
            .expect("read source directory")
            .map(|e| e.expect("source entry").path())
            .collect();
        children.sort();
        for child in children {
            let name = child
                .file_name()
                .expect("name")
                .to_str()
                .expect("UTF-8 names in exFAT fixtures")
                .to_string();
            let child_path = format!("{path}/{name}");
            let kind = std::fs::symlink_metadata(&child).expect("stat").file_type();
            let fragment = self.fragmented();
            let (attributes, first, length, valid, contiguous) = if kind.is_dir() {
                let mut own = Vec::new();
                self.directory_entries(&child, &child_path, &mut own);
                if own.is_empty() {
                    // An empty directory still holds one cluster of end-of-directory entries.
                    own.resize(ENTRY, 0);
                }
                let (clusters, contiguous) = self.allocate(own.len() as u64, fragment);
                self.write_clusters(&clusters, &own);
                let length = clusters.len() as u64 * self.cluster;
                (0x10u16, clusters[0], length, length, contiguous)
            } else if kind.is_file() {
                let data = std::fs::read(&child).expect("read source file");
                let length = data.len() as u64;
                if length == 0 {
                    (0x20, 0, 0, 0, false)
                } else {
                    let (clusters, contiguous) = self.allocate(length, fragment);
                    self.write_clusters(&clusters, &data);
                    let valid = self
                        .options
                        .valid_lengths
                        .iter()
                        .find(|(p, _)| *p == child_path)
                        .map_or(length, |&(_, v)| v);
                    if valid < length {
                        // Stale bytes past ValidDataLength: never to be returned.
                        let mut stale = vec![0xA5u8; (length - valid) as usize];
                        stale[0] = 0x5A;
                        let mut whole = data[..valid as usize].to_vec();
                        whole.extend_from_slice(&stale);
                        self.write_clusters(&clusters, &whole);
                    }
                    (0x20, clusters[0], length, valid, contiguous)
                }
            } else {
                continue;
            };
            entries.extend_from_slice(&entry_set(
                &name, attributes, first, length, valid, contiguous,
            ));
        }
    }

    fn finish(mut self) -> Vec<u8> {
        let sector = self.sector as usize;
        let fat_at = (self.fat_offset * self.sector) as usize;
        self.fat[0] = 0xFFFF_FFF8;
        self.fat[1] = 0xFFFF_FFFF;
        for (i, value) in self.fat.iter().enumerate() {
            self.bytes[fat_at + i * 4..fat_at + i * 4 + 4].copy_from_slice(&value.to_le_bytes());
        }
        let mut boot = vec![0u8; 12 * sector];
        boot[0..3].copy_from_slice(&[0xEB, 0x76, 0x90]);
        boot[3..11].copy_from_slice(b"EXFAT   ");
        let sectors = self.bytes.len() as u64 / self.sector;
        boot[72..80].copy_from_slice(&sectors.to_le_bytes());
        boot[80..84].copy_from_slice(&(self.fat_offset as u32).to_le_bytes());
        boot[84..88].copy_from_slice(&(self.fat_sectors as u32).to_le_bytes());
        boot[88..92].copy_from_slice(&(self.heap_offset as u32).to_le_bytes());
        boot[92..96].copy_from_slice(&self.cluster_count.to_le_bytes());
        boot[96..100].copy_from_slice(&self.root_cluster.to_le_bytes());
        boot[100..104].copy_from_slice(&0x1234_ABCDu32.to_le_bytes());
        boot[104..106].copy_from_slice(&0x0100u16.to_le_bytes());
        boot[108] = self.options.sector_shift;
        boot[109] = self.options.cluster_shift;
        boot[110] = 1;
        boot[111] = 0x80;
        boot[112] = 0xFF;
        boot[510..512].copy_from_slice(&[0x55, 0xAA]);
        for i in 1..=8 {
            boot[(i + 1) * sector - 2..(i + 1) * sector].copy_from_slice(&[0x55, 0xAA]);
        }
        let checksum = boot_checksum(&boot[..11 * sector]);
        for at in (11 * sector..12 * sector).step_by(4) {
            boot[at..at + 4].copy_from_slice(&checksum.to_le_bytes());
        }
        self.bytes[..12 * sector].copy_from_slice(&boot);
        self.bytes[12 * sector..24 * sector].copy_from_slice(&boot);
        self.bytes
    }
}

/// The file, stream extension and file name entries of one file or directory.
fn entry_set(
    name: &str,
    attributes: u16,
    first: u32,
    length: u64,
    valid: u64,
    contiguous: bool,
) -> Vec<u8> {
    let units: Vec<u16> = name.encode_utf16().collect();
    assert!(units.len() <= 255, "exFAT names are at most 255 units");
    let name_entries = units.len().div_ceil(15);
    let mut set = vec![0u8; ENTRY * (2 + name_entries)];
    set[0] = 0x85;
    set[1] = (1 + name_entries) as u8;
    set[4..6].copy_from_slice(&attributes.to_le_bytes());
    // 2024-05-17 10:20:30 in every timestamp.
    let timestamp: u32 =
        ((2024 - 1980) << 25) | (5 << 21) | (17 << 16) | (10 << 11) | (20 << 5) | 15;
    for at in [8, 12, 16] {
        set[at..at + 4].copy_from_slice(&timestamp.to_le_bytes());
    }
    let stream = &mut set[ENTRY..2 * ENTRY];
    stream[0] = 0xC0;
    stream[1] = if length > 0 { 0x01 } else { 0 } | if contiguous { 0x02 } else { 0 };
    stream[3] = units.len() as u8;
    stream[4..6].copy_from_slice(&name_hash(&units).to_le_bytes());
    stream[8..16].copy_from_slice(&valid.to_le_bytes());
    stream[20..24].copy_from_slice(&first.to_le_bytes());
    stream[24..32].copy_from_slice(&length.to_le_bytes());
    for (i, part) in units.chunks(15).enumerate() {
        let entry = &mut set[(2 + i) * ENTRY..(3 + i) * ENTRY];
        entry[0] = 0xC1;
        for (j, unit) in part.iter().enumerate() {
            entry[2 + j * 2..4 + j * 2].copy_from_slice(&unit.to_le_bytes());
        }
    }
    let checksum = set_checksum(&set);
    set[2..4].copy_from_slice(&checksum.to_le_bytes());
    set
}

/// The entry set checksum: every byte but the checksum field itself.
pub fn set_checksum(set: &[u8]) -> u16 {
    set.iter().enumerate().fold(0u16, |sum, (i, &byte)| {
        if i == 2 || i == 3 {
            sum
        } else {
            sum.rotate_right(1).wrapping_add(u16::from(byte))
        }
    })
}

fn upcase(unit: u16) -> u16 {
    if (u16::from(b'a')..=u16::from(b'z')).contains(&unit) {
        unit - 32
    } else {
        unit
    }
}

fn name_hash(units: &[u16]) -> u16 {
    units.iter().fold(0u16, |hash, &unit| {
        let [low, high] = upcase(unit).to_le_bytes();
        let hash = hash.rotate_right(1).wrapping_add(u16::from(low));
        hash.rotate_right(1).wrapping_add(u16::from(high))
    })
}

/// A compressed up-case table mapping ASCII a-z to A-Z and every other unit to itself.
fn upcase_table() -> Vec<u8> {
    let mut units = vec![0xFFFF, u16::from(b'a')];
    units.extend(u16::from(b'A')..=u16::from(b'Z'));
    units.extend([0xFFFF, 0xFFFF - u16::from(b'z')]);
    units.iter().flat_map(|u| u.to_le_bytes()).collect()
}

fn checksum32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0u32, |sum, &byte| {
        sum.rotate_right(1).wrapping_add(u32::from(byte))
    })
}

/// The boot region checksum over sectors 0-10, skipping VolumeFlags and PercentInUse.
pub fn boot_checksum(region: &[u8]) -> u32 {
    region.iter().enumerate().fold(0u32, |sum, (i, &byte)| {
        if matches!(i, 106 | 107 | 112) {
            sum
        } else {
            sum.rotate_right(1).wrapping_add(u32::from(byte))
        }
    })
}
