//! The volume system: where the volumes of a disk are (GPT, MBR with extended and logical
//! partitions, or a bare filesystem with no partition table) and what each one holds, judged
//! from its first sectors. Every value read from a table is checked against the disk before it
//! is used: a damaged or hostile table yields problems plus whatever could still be read, never
//! a panic, a hang or an allocation sized by the table.

use std::collections::HashSet;
use std::io;

use super::bytes::{le16, le32, le64};
use super::disk::{SharedDisk, Slice};

/// Sector size of MBRs and EBRs, and of GPT on all but 4Kn disks.
const SECTOR: u64 = 512;
/// GPT sector sizes tried, in order (4096: 4Kn disks).
const GPT_SECTOR_SIZES: [u64; 2] = [512, 4096];
/// Most GPT entry-array bytes read (the spec minimum is 16 KiB; this is 8192 entries of 128).
const MAX_GPT_ENTRY_BYTES: u64 = 1 << 20;
/// Most EBRs followed in one extended partition (Linux stops at 256 partitions in all).
const MAX_EBRS: usize = 1024;
/// Most problems kept: a hostile table could otherwise produce one per entry.
const MAX_PROBLEMS: usize = 100;
/// Bytes read from the start of a volume to sniff it: covers the ext superblock (1024..2048),
/// the LVM label (sectors 0-3) and the swap signature (ending at 4096).
const SNIFF_BYTES: usize = 8192;

/// How the volumes of a disk are described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Gpt,
    Mbr,
    /// No partition table: the whole disk is one filesystem (or unrecognised).
    None,
}

/// What the first sectors of a volume say it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Ntfs,
    Ext,
    Xfs,
    Btrfs,
    Fat,
    ExFat,
    BitLocker,
    Luks,
    Lvm,
    Swap,
    /// The first sectors are all zero.
    Empty,
    Unknown,
}

/// One volume of a disk.
#[derive(Debug, Clone)]
pub struct Volume {
    /// 1-based partition number as the partition table numbers it (GPT entry index + 1; MBR
    /// primaries 1-4, logicals 5.. in chain order as Linux numbers them); 0 for a bare
    /// filesystem (no partition table).
    pub index: u32,
    pub scheme: Scheme,
    /// Offset on the disk, in bytes.
    pub start: u64,
    /// Length in bytes (truncated to the end of the disk when the table claims more).
    pub length: u64,
    /// The partition type: a human name for the common GPT type GUIDs and MBR type bytes
    /// ("Microsoft basic data", "Linux (0x83)"), else the GUID or "unknown (0xNN)".
    pub type_name: String,
    /// GPT partition name, when it has one.
    pub name: Option<String>,
    pub content: Content,
}

/// The volumes of a disk and what was wrong with its partition tables.
#[derive(Debug, Clone)]
pub struct VolumeMap {
    pub scheme: Scheme,
    pub volumes: Vec<Volume>,
    /// Corrupt, inconsistent or suspicious table contents, each naming the partition or
    /// structure concerned and what was done about it.
    pub problems: Vec<String>,
}

/// Reads the partition table(s) of `disk` (`disk_size` bytes). Never fails outright: a corrupt
/// or inconsistent table becomes a problem and what can still be read is returned (a bad
/// primary GPT falls back to the backup; a protective MBR without a valid GPT falls back to the
/// MBR entries). A disk without a partition table gives one volume with index 0 and scheme
/// `None` covering the whole disk, with a problem when nothing is recognised at offset 0.
pub fn map(disk: &SharedDisk, disk_size: u64) -> VolumeMap {
    let mut mapper = Mapper {
        whole: Slice::new(disk.clone(), 0, disk_size),
        size: disk_size,
        problems: Vec::new(),
    };
    let (scheme, mut volumes) = mapper.find_volumes();
    for volume in &mut volumes {
        let slice = Slice::new(disk.clone(), volume.start, volume.length);
        volume.content = sniff(&slice).unwrap_or_else(|e| {
            mapper.problems.push(format!(
                "cannot read the start of volume {} at byte {}: {e}",
                volume.index, volume.start
            ));
            Content::Unknown
        });
    }
    mapper.report_overlaps(&volumes);
    let mut problems = mapper.problems;
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        problems.truncate(MAX_PROBLEMS);
        problems.push(format!("... and {more} more problems"));
    }
    VolumeMap {
        scheme,
        volumes,
        problems,
    }
}

/// Whether the start of `disk` looks like a partitioned disk (protective or plausible MBR, a
/// valid GPT header) or a filesystem that [`sniff`] recognises: raw images have no magic of
/// their own, so this is how they are recognised by content.
pub fn looks_like_disk(disk: &SharedDisk, size: u64) -> bool {
    let whole = Slice::new(disk.clone(), 0, size);
    let mut sector0 = [0u8; SECTOR as usize];
    if whole.read_exact_at(0, &mut sector0).is_ok()
        && let Some(entries) = mbr_entries(&sector0)
        && (is_protective(&entries) || plausible_mbr(&entries, size))
    {
        return true;
    }
    if GPT_SECTOR_SIZES
        .iter()
        .any(|&ss| matches!(probe_gpt_header(&whole, size, ss, 1), Probe::Found(_)))
    {
        return true;
    }
    sniff(&whole).is_ok_and(recognised)
}

/// Sniffs a volume's first sectors for the signatures of the filesystems and containers that
/// matter to a scan. Only the first 8 KiB are read (plus one small read for BitLocker To Go).
pub fn sniff(slice: &Slice) -> io::Result<Content> {
    let mut buf = [0u8; SNIFF_BYTES];
    let wanted = usize::try_from(slice.len()).map_or(SNIFF_BYTES, |len| len.min(SNIFF_BYTES));
    let mut filled = 0;
    while filled < wanted {
        let n = slice.read_at(filled as u64, &mut buf[filled..wanted])?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    let b = &buf[..filled];
    let at = |offset: usize, magic: &[u8]| b.get(offset..offset + magic.len()) == Some(magic);
    let content = if at(0, b"LUKS\xba\xbe") {
        Content::Luks
    } else if at(3, b"-FVE-FS-") || (at(3, b"MSWIN4.1") && bitlocker_to_go(slice, b)?) {
        Content::BitLocker
    } else if at(3, b"NTFS    ") {
        Content::Ntfs
    } else if at(3, b"EXFAT   ") {
        Content::ExFat
    } else if fat_boot_sector(b) {
        Content::Fat
    } else if ext_superblock(b) {
        Content::Ext
    } else if at(0, b"XFSB") {
        Content::Xfs
    } else if (0..4).any(|sector| at(sector * SECTOR as usize, b"LABELONE")) {
        Content::Lvm
    } else if at(4086, b"SWAPSPACE2") || at(4086, b"SWAP-SPACE") {
        Content::Swap
    } else if btrfs_superblock(slice)? {
        Content::Btrfs
    } else if !b.is_empty() && b.iter().all(|&byte| byte == 0) {
        Content::Empty
    } else {
        Content::Unknown
    };
    Ok(content)
}

/// btrfs keeps its superblock 64 KiB in, past the bytes sniffed (which it leaves zero): its
/// magic is checked last, with one small read, so a stale btrfs superblock under a newer
/// filesystem is not taken for it.
fn btrfs_superblock(slice: &Slice) -> io::Result<bool> {
    const MAGIC_AT: u64 = 0x1_0040;
    let mut magic = [0u8; 8];
    if slice.len() < MAGIC_AT + 8 {
        return Ok(false);
    }
    Ok(slice.read_at(MAGIC_AT, &mut magic)? == magic.len() && &magic == b"_BHRfS_M")
}

/// A content that names a filesystem or container (not `Empty` or `Unknown`).
fn recognised(content: Content) -> bool {
    !matches!(content, Content::Empty | Content::Unknown)
}

/// BitLocker To Go keeps a FAT32-looking boot sector ("MSWIN4.1"); what marks it is the FVE
/// metadata block, whose offset is at 440, starting with "-FVE-FS-" (as util-linux checks).
fn bitlocker_to_go(slice: &Slice, boot: &[u8]) -> io::Result<bool> {
    let offset = le64(boot, 440);
    let mut signature = [0u8; 8];
    if offset == 0 || slice.read_at(offset, &mut signature)? < signature.len() {
        return Ok(false);
    }
    Ok(&signature == b"-FVE-FS-")
}

/// A FAT boot sector: jump instruction, 0x55AA, and a BPB whose fields are all in range (the
/// "FAT12/16/32" strings are informational and old formatters omit them, so the BPB decides).
fn fat_boot_sector(b: &[u8]) -> bool {
    if b.len() < 512 || b[510..512] != [0x55, 0xAA] {
        return false;
    }
    let jump = (b[0] == 0xEB && b[2] == 0x90) || b[0] == 0xE9;
    let bytes_per_sector = le16(b, 11);
    let sectors_per_cluster = b[13];
    let reserved = le16(b, 14);
    let fats = b[16];
    let media = b[21];
    let total = u32::from(le16(b, 19)) | le32(b, 32);
    jump && matches!(bytes_per_sector, 512 | 1024 | 2048 | 4096)
        && sectors_per_cluster.is_power_of_two()
        && reserved >= 1
        && (1..=2).contains(&fats)
        && (media == 0xF0 || media >= 0xF8)
        && total != 0
}

/// An ext2/3/4 superblock at 1024: magic 0xEF53 and a block size of 1-64 KiB.
fn ext_superblock(b: &[u8]) -> bool {
    b.get(1080..1082) == Some(&[0x53, 0xEF][..]) && le32(b, 1024 + 24) <= 6
}

/// One of the four entries of an MBR or EBR.
#[derive(Clone, Copy)]
struct MbrEntry {
    boot: u8,
    kind: u8,
    /// First sector: absolute in an MBR; in an EBR relative to that EBR (data entries) or to
    /// the start of the primary extended partition (link entries).
    start: u32,
    sectors: u32,
}

impl MbrEntry {
    fn is_empty(&self) -> bool {
        self.kind == 0 || self.sectors == 0
    }
}

/// The four entries of an MBR or EBR, or `None` without the 0x55AA signature.
fn mbr_entries(sector: &[u8]) -> Option<[MbrEntry; 4]> {
    if sector.get(510..512) != Some(&[0x55, 0xAA][..]) {
        return None;
    }
    Some(std::array::from_fn(|slot| {
        let at = 446 + slot * 16;
        MbrEntry {
            boot: sector.get(at).copied().unwrap_or(0),
            kind: sector.get(at + 4).copied().unwrap_or(0),
            start: le32(sector, at + 8),
            sectors: le32(sector, at + 12),
        }
    }))
}

fn is_protective(entries: &[MbrEntry; 4]) -> bool {
    entries.iter().any(|e| e.kind == 0xEE && e.sectors != 0)
}

fn is_extended(kind: u8) -> bool {
    matches!(kind, 0x05 | 0x0F | 0x85)
}

/// An MBR partition table rather than a boot sector that happens to end in 0x55AA: boot flags
/// 0 or 0x80 only (as Linux requires), at least one partition, none starting at sector 0, one
/// starting inside the disk.
fn plausible_mbr(entries: &[MbrEntry; 4], disk_size: u64) -> bool {
    let used = || entries.iter().filter(|e| !e.is_empty());
    entries.iter().all(|e| e.boot == 0 || e.boot == 0x80)
        && used().all(|e| e.start != 0)
        && used().any(|e| u64::from(e.start) * SECTOR < disk_size)
}

/// A GPT header that passed its checks.
struct GptHeader {
    sector_size: u64,
    lba: u64,
    alternate_lba: u64,
    first_usable: u64,
    last_usable: u64,
    entries_lba: u64,
    entry_count: u32,
    entry_size: u32,
    entries_crc: u32,
}

enum Probe {
    Found(GptHeader),
    /// An "EFI PART" signature with a header that fails a check (why).
    Bad(String),
    Absent,
}

/// Reads and checks the GPT header at `lba` for sectors of `sector_size` bytes.
fn probe_gpt_header(whole: &Slice, disk_size: u64, sector_size: u64, lba: u64) -> Probe {
    let Some(offset) = lba
        .checked_mul(sector_size)
        .filter(|offset| offset.saturating_add(sector_size) <= disk_size)
    else {
        return Probe::Absent;
    };
    let mut buf = vec![0u8; sector_size as usize];
    if let Err(e) = whole.read_exact_at(offset, &mut buf) {
        return Probe::Bad(format!("cannot read LBA {lba}: {e}"));
    }
    if !buf.starts_with(b"EFI PART") {
        return Probe::Absent;
    }
    let header_size = le32(&buf, 12) as usize;
    if !(92..=buf.len()).contains(&header_size) {
        return Probe::Bad(format!("header at LBA {lba} claims {header_size} bytes"));
    }
    let stored = le32(&buf, 16);
    buf[16..20].fill(0);
    let computed = crc32(&buf[..header_size]);
    if computed != stored {
        return Probe::Bad(format!(
            "header at LBA {lba} fails its CRC (stored {stored:08x}, computed {computed:08x})"
        ));
    }
    let own_lba = le64(&buf, 24);
    if own_lba != lba {
        return Probe::Bad(format!(
            "header found at LBA {lba} says it is at LBA {own_lba}"
        ));
    }
    let entry_size = le32(&buf, 84);
    // The spec allows 128 × 2^n.
    if entry_size < 128 || !entry_size.is_power_of_two() {
        return Probe::Bad(format!(
            "header at LBA {lba} has entries of {entry_size} bytes"
        ));
    }
    Probe::Found(GptHeader {
        sector_size,
        lba,
        alternate_lba: le64(&buf, 32),
        first_usable: le64(&buf, 40),
        last_usable: le64(&buf, 48),
        entries_lba: le64(&buf, 72),
        entry_count: le32(&buf, 80),
        entry_size,
        entries_crc: le32(&buf, 88),
    })
}

/// A GPT header with its entry array as read.
struct GptTable {
    header: GptHeader,
    /// Whole entries only, at most [`MAX_GPT_ENTRY_BYTES`].
    entries: Vec<u8>,
    /// The whole array was read and matches the header's CRC.
    entries_ok: bool,
    /// Why the array is not `entries_ok` (or anything else odd about it).
    problems: Vec<String>,
}

/// What looking for a GPT found: the table to use (if any) and the problems to report if it is
/// used, or why none is usable.
struct GptScan {
    table: Option<GptTable>,
    problems: Vec<String>,
}

/// Reads the tables of one disk, collecting problems as it goes.
struct Mapper {
    whole: Slice,
    size: u64,
    problems: Vec<String>,
}

impl Mapper {
    /// Decides what describes the disk: a GPT (protective MBR, or a GPT and nothing else at
    /// the start), else a plausible MBR, else a filesystem at offset 0.
    fn find_volumes(&mut self) -> (Scheme, Vec<Volume>) {
        if self.size == 0 {
            self.problems
                .push("the disk is empty (0 bytes)".to_string());
            return (Scheme::None, Vec::new());
        }
        let mut sector0 = [0u8; SECTOR as usize];
        let mbr = match self.whole.read_exact_at(0, &mut sector0) {
            Ok(()) => mbr_entries(&sector0),
            Err(e) => {
                self.problems
                    .push(format!("cannot read the first sector: {e}"));
                None
            }
        };
        let protective = mbr.as_ref().is_some_and(is_protective);
        let plausible = mbr
            .as_ref()
            .is_some_and(|entries| plausible_mbr(entries, self.size));
        let at_zero = sniff(&self.whole).unwrap_or(Content::Unknown);
        let gpt = self.find_gpt();

        if let Some(table) = gpt.table {
            if protective || !(plausible || recognised(at_zero)) {
                self.problems.extend(gpt.problems);
                if !protective {
                    self.problems.push(
                        "GPT without a protective MBR (type 0xEE entry): the MBR was wiped or \
                         overwritten"
                            .to_string(),
                    );
                }
                let volumes = self.gpt_volumes(&table);
                if let Some(entries) = mbr.as_ref().filter(|_| protective) {
                    self.report_hybrid(entries, &volumes, table.header.sector_size);
                }
                return (Scheme::Gpt, volumes);
            }
            self.problems.push(format!(
                "a valid GPT header at LBA {} is ignored because the disk starts with {} \
                 (a stale GPT?)",
                table.header.lba,
                if plausible {
                    "an MBR without a protective entry".to_string()
                } else {
                    format!("a filesystem or container ({at_zero:?})")
                }
            ));
        } else if protective {
            self.problems.push(format!(
                "protective MBR but no valid GPT ({}): the MBR entries are used",
                gpt.problems.join("; ")
            ));
            let volumes = mbr
                .as_ref()
                .map(|entries| self.mbr_volumes(entries))
                .unwrap_or_default();
            return (Scheme::Mbr, volumes);
        }

        // A plausible MBR wins over a FAT boot sector at 0 (as in Linux: GRUB keeps a copied
        // BPB in the MBR) but not over the OEM names of NTFS, exFAT and BitLocker.
        let boot_sector_fs = matches!(at_zero, Content::Ntfs | Content::ExFat | Content::BitLocker);
        if let Some(entries) = mbr.as_ref().filter(|_| plausible && !boot_sector_fs) {
            return (Scheme::Mbr, self.mbr_volumes(entries));
        }
        if !recognised(at_zero) {
            if mbr
                .as_ref()
                .is_some_and(|e| e.iter().all(MbrEntry::is_empty))
            {
                self.problems
                    .push("MBR with an empty partition table".to_string());
                return (Scheme::Mbr, Vec::new());
            }
            self.problems.push(format!(
                "no partition table and no recognised filesystem at the start of the disk \
                 ({})",
                if at_zero == Content::Empty {
                    "its first sectors are all zero"
                } else {
                    "unknown content"
                }
            ));
        }
        let whole_disk = Volume {
            index: 0,
            scheme: Scheme::None,
            start: 0,
            length: self.size,
            type_name: "whole disk (no partition table)".to_string(),
            name: None,
            content: at_zero,
        };
        (Scheme::None, vec![whole_disk])
    }

    /// Finds the primary GPT header (512-byte sectors, then 4096) and the backup (where the
    /// primary says, then the last sector), and picks the one to use: a header with an intact
    /// entry array first, the primary before the backup.
    fn find_gpt(&mut self) -> GptScan {
        let mut problems = Vec::new();
        let mut primary = None;
        let mut sector_sizes: &[u64] = &GPT_SECTOR_SIZES;
        for (i, &ss) in GPT_SECTOR_SIZES.iter().enumerate() {
            match probe_gpt_header(&self.whole, self.size, ss, 1) {
                Probe::Found(header) => primary = Some(header),
                Probe::Bad(why) => problems.push(format!("primary GPT {why}")),
                Probe::Absent => continue,
            }
            sector_sizes = &GPT_SECTOR_SIZES[i..=i];
            break;
        }
        if primary.is_none() && problems.is_empty() {
            problems.push("no primary GPT header at LBA 1".to_string());
        }

        let mut candidates = Vec::new();
        if let Some(header) = &primary {
            candidates.push((header.alternate_lba, header.sector_size));
        }
        for &ss in sector_sizes {
            if let Some(last) = (self.size / ss).checked_sub(1) {
                candidates.push((last, ss));
            }
        }
        candidates.dedup();
        let mut backup = None;
        let mut backup_problems = Vec::new();
        for &(lba, ss) in &candidates {
            if lba <= 1 {
                continue;
            }
            match probe_gpt_header(&self.whole, self.size, ss, lba) {
                Probe::Found(header) => {
                    backup = Some(header);
                    break;
                }
                Probe::Bad(why) => backup_problems.push(format!("backup GPT {why}")),
                Probe::Absent => backup_problems.push(format!(
                    "no backup GPT header at LBA {lba}{}",
                    if lba.saturating_add(1).saturating_mul(ss) > self.size {
                        " (past the end of the disk)"
                    } else {
                        ""
                    }
                )),
            }
        }

        let mut primary = primary.map(|header| self.read_entries(header, "primary"));
        let backup = backup.map(|header| self.read_entries(header, "backup"));
        let prefer_primary = match (&primary, &backup) {
            (Some(p), Some(b)) => p.entries_ok || !b.entries_ok,
            (p, _) => p.is_some(),
        };
        if prefer_primary && let Some(p) = primary.take() {
            problems.extend(p.problems.iter().cloned());
            match &backup {
                None => problems.extend(backup_problems),
                Some(b) if !b.entries_ok => problems.extend(b.problems.iter().cloned()),
                Some(b) => {
                    let same = b.header.entries_crc == p.header.entries_crc
                        && b.header.entry_count == p.header.entry_count
                        && b.header.entry_size == p.header.entry_size;
                    if !same {
                        problems.push(format!(
                            "the backup GPT at LBA {} lists different partitions from the \
                             primary (entry array CRC {:08x} vs {:08x}): the primary is used",
                            b.header.lba, b.header.entries_crc, p.header.entries_crc
                        ));
                    }
                }
            }
            return GptScan {
                table: Some(p),
                problems,
            };
        }
        if let Some(b) = backup {
            if let Some(p) = &primary {
                problems.extend(p.problems.iter().cloned());
            }
            problems.extend(b.problems.iter().cloned());
            problems.push(format!(
                "the backup GPT at LBA {} is used instead of the primary",
                b.header.lba
            ));
            return GptScan {
                table: Some(b),
                problems,
            };
        }
        problems.extend(backup_problems);
        GptScan {
            table: None,
            problems,
        }
    }

    /// Reads the entry array of `header`, bounded by [`MAX_GPT_ENTRY_BYTES`] and the disk.
    fn read_entries(&self, header: GptHeader, which: &str) -> GptTable {
        let mut problems = Vec::new();
        let entry_size = u64::from(header.entry_size);
        let claimed = u64::from(header.entry_count) * entry_size;
        let mut take = claimed;
        if take > MAX_GPT_ENTRY_BYTES {
            problems.push(format!(
                "{which} GPT claims {} entries of {entry_size} bytes ({claimed} bytes): only the \
                 first {MAX_GPT_ENTRY_BYTES} bytes are read and the entry CRC is not checked",
                header.entry_count
            ));
            take = MAX_GPT_ENTRY_BYTES - MAX_GPT_ENTRY_BYTES % entry_size;
        }
        let offset = header.entries_lba.saturating_mul(header.sector_size);
        let available = self.size.saturating_sub(offset);
        if take > available {
            problems.push(format!(
                "{which} GPT entry array at LBA {} ({take} bytes) runs past the end of the disk: \
                 only {available} bytes are read",
                header.entries_lba
            ));
            take = available - available % entry_size;
        }
        // `take` is at most MAX_GPT_ENTRY_BYTES here.
        let mut entries = vec![0u8; take as usize];
        if let Err(e) = self.whole.read_exact_at(offset, &mut entries) {
            problems.push(format!(
                "cannot read the {which} GPT entry array at LBA {}: {e}",
                header.entries_lba
            ));
            entries.clear();
        }
        let mut entries_ok = false;
        if take == claimed && entries.len() as u64 == claimed {
            let computed = crc32(&entries);
            entries_ok = computed == header.entries_crc;
            if !entries_ok {
                problems.push(format!(
                    "{which} GPT entry array at LBA {} fails its CRC (stored {:08x}, computed \
                     {computed:08x})",
                    header.entries_lba, header.entries_crc
                ));
            }
        }
        GptTable {
            header,
            entries,
            entries_ok,
            problems,
        }
    }

    fn gpt_volumes(&mut self, table: &GptTable) -> Vec<Volume> {
        let header = &table.header;
        let ss = u128::from(header.sector_size);
        let mut volumes = Vec::new();
        for (i, entry) in table
            .entries
            .chunks_exact(header.entry_size as usize)
            .enumerate()
        {
            let type_guid = &entry[..16];
            if type_guid.iter().all(|&b| b == 0) {
                continue;
            }
            let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let (first, last) = (le64(entry, 32), le64(entry, 40));
            if last < first {
                self.problems.push(format!(
                    "GPT partition {index}: last LBA {last} is before first LBA {first}: dropped"
                ));
                continue;
            }
            if first < header.first_usable || last > header.last_usable {
                self.problems.push(format!(
                    "GPT partition {index} (LBA {first}-{last}) lies outside the usable area \
                     (LBA {}-{})",
                    header.first_usable, header.last_usable
                ));
            }
            let what = format!("GPT partition {index}");
            let start = u128::from(first) * ss;
            let length = (u128::from(last - first) + 1) * ss;
            let Some((start, length)) = self.place(&what, start, length) else {
                continue;
            };
            volumes.push(Volume {
                index,
                scheme: Scheme::Gpt,
                start,
                length,
                type_name: gpt_type_name(type_guid),
                name: gpt_name(entry),
                content: Content::Unknown,
            });
        }
        volumes
    }

    /// Primaries (1-4) first, then the logicals of each extended partition (5..), as Linux
    /// numbers them.
    fn mbr_volumes(&mut self, entries: &[MbrEntry; 4]) -> Vec<Volume> {
        let mut volumes = Vec::new();
        for (slot, entry) in entries.iter().enumerate() {
            if entry.is_empty() || entry.kind == 0xEE || is_extended(entry.kind) {
                continue;
            }
            let index = slot as u32 + 1;
            self.push_mbr_volume(&mut volumes, index, u64::from(entry.start), entry);
        }
        let mut next_index = 5;
        for entry in entries {
            if !entry.is_empty() && is_extended(entry.kind) {
                self.logicals(entry, &mut next_index, &mut volumes);
            }
        }
        volumes
    }

    /// Follows the EBR chain of the extended partition `extended`, with a visited set and a hop
    /// limit so that a looping or endless chain ends with a problem.
    fn logicals(&mut self, extended: &MbrEntry, next_index: &mut u32, volumes: &mut Vec<Volume>) {
        let ext_start = u64::from(extended.start);
        let ext_end = ext_start + u64::from(extended.sectors);
        let mut ebr = ext_start;
        // The extent of the link that led to this EBR (for Linux's check of slots 3 and 4).
        let mut link_sectors = u64::from(extended.sectors);
        let mut visited = HashSet::new();
        loop {
            if visited.len() == MAX_EBRS {
                self.problems.push(format!(
                    "extended partition at sector {ext_start}: more than {MAX_EBRS} EBRs, the \
                     rest are not read"
                ));
                return;
            }
            if !visited.insert(ebr) {
                self.problems.push(format!(
                    "extended partition at sector {ext_start}: the EBR chain loops back to sector \
                     {ebr}; it is followed no further"
                ));
                return;
            }
            let mut sector = [0u8; SECTOR as usize];
            if let Err(e) = self.whole.read_exact_at(ebr * SECTOR, &mut sector) {
                self.problems.push(format!(
                    "cannot read the EBR at sector {ebr} (past the end of the disk?): {e}; the \
                     chain stops"
                ));
                return;
            }
            let Some(entries) = mbr_entries(&sector) else {
                self.problems.push(format!(
                    "the EBR at sector {ebr} has no 0x55AA signature; the chain stops"
                ));
                return;
            };
            for (slot, entry) in entries.iter().enumerate() {
                if entry.is_empty() || is_extended(entry.kind) {
                    continue;
                }
                let start = ebr + u64::from(entry.start);
                let end = start + u64::from(entry.sectors);
                let inside = start >= ext_start && end <= ext_end;
                // Slots 3 and 4 of an EBR often hold garbage: Linux skips them unless they fit.
                if slot >= 2
                    && (!inside || u64::from(entry.start) + u64::from(entry.sectors) > link_sectors)
                {
                    continue;
                }
                if !inside {
                    self.problems.push(format!(
                        "MBR partition {} (sectors {start}-{}) is not inside its extended \
                         partition (sectors {ext_start}-{})",
                        *next_index,
                        end - 1,
                        ext_end.saturating_sub(1)
                    ));
                }
                self.push_mbr_volume(volumes, *next_index, start, entry);
                *next_index = next_index.saturating_add(1);
            }
            let Some(link) = entries
                .iter()
                .find(|e| !e.is_empty() && is_extended(e.kind))
            else {
                return;
            };
            ebr = ext_start + u64::from(link.start);
            link_sectors = u64::from(link.sectors);
        }
    }

    fn push_mbr_volume(
        &mut self,
        volumes: &mut Vec<Volume>,
        index: u32,
        start: u64,
        entry: &MbrEntry,
    ) {
        let what = format!("MBR partition {index}");
        let start = u128::from(start) * u128::from(SECTOR);
        let length = u128::from(entry.sectors) * u128::from(SECTOR);
        if let Some((start, length)) = self.place(&what, start, length) {
            volumes.push(Volume {
                index,
                scheme: Scheme::Mbr,
                start,
                length,
                type_name: mbr_type_name(entry.kind),
                name: None,
                content: Content::Unknown,
            });
        }
    }

    /// Checks a partition's byte range against the disk: past the end it is dropped, running
    /// over the end it is truncated; either way a problem says so.
    fn place(&mut self, what: &str, start: u128, length: u128) -> Option<(u64, u64)> {
        let size = u128::from(self.size);
        if start >= size {
            self.problems.push(format!(
                "{what} starts at byte {start}, past the end of the disk ({size} bytes): dropped"
            ));
            return None;
        }
        let mut length = length;
        if start + length > size {
            self.problems.push(format!(
                "{what} ends at byte {}, past the end of the disk ({size} bytes): truncated to {} \
                 bytes",
                start + length,
                size - start
            ));
            length = size - start;
        }
        // Both are below the disk size, a u64.
        Some((start as u64, length as u64))
    }

    /// A hybrid MBR (protective entry plus others) is legitimate, but an MBR entry that matches
    /// no GPT partition shows a region that BIOS systems see differently.
    fn report_hybrid(&mut self, entries: &[MbrEntry; 4], volumes: &[Volume], sector_size: u64) {
        for (slot, entry) in entries.iter().enumerate() {
            if entry.is_empty() || entry.kind == 0xEE {
                continue;
            }
            let start = u64::from(entry.start) * sector_size;
            let length = u64::from(entry.sectors) * sector_size;
            if !volumes
                .iter()
                .any(|v| v.start == start && v.length == length)
            {
                self.problems.push(format!(
                    "hybrid MBR entry {} ({}, sectors {}-{}) matches no GPT partition; the GPT is \
                     used",
                    slot + 1,
                    mbr_type_name(entry.kind),
                    entry.start,
                    u64::from(entry.start) + u64::from(entry.sectors) - 1
                ));
            }
        }
    }

    /// Overlapping partitions are all listed but reported: one hides in or corrupts another.
    fn report_overlaps(&mut self, volumes: &[Volume]) {
        let mut order: Vec<&Volume> = volumes.iter().collect();
        order.sort_by_key(|v| (v.start, v.index));
        let mut furthest: Option<&Volume> = None;
        for volume in order {
            if let Some(previous) = furthest {
                let previous_end = previous.start + previous.length;
                if volume.start < previous_end {
                    self.problems.push(format!(
                        "partitions {} and {} overlap (bytes {}-{})",
                        previous.index,
                        volume.index,
                        volume.start,
                        previous_end.min(volume.start + volume.length) - 1
                    ));
                }
                if volume.start + volume.length <= previous_end {
                    continue;
                }
            }
            furthest = Some(volume);
        }
    }
}

fn gpt_type_name(guid: &[u8]) -> String {
    let text = guid_text(guid);
    let name = match text.as_str() {
        "C12A7328-F81F-11D2-BA4B-00A0C93EC93B" => "EFI system",
        "21686148-6449-6E6F-744E-656564454649" => "BIOS boot",
        "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7" => "Microsoft basic data",
        "E3C9E316-0B5C-4DB8-817D-F92DF00215AE" => "Microsoft reserved",
        "DE94BBA4-06D1-4D40-A16A-BFD50179D6AC" => "Windows recovery",
        "5808C8AA-7E8F-42E0-85D2-E1E90434CFB3" => "Windows LDM metadata",
        "AF9B60A0-1431-4F62-BC68-3311714A69AD" => "Windows LDM data",
        "E75CAF8F-F680-4CEE-AFA3-B001E56EFC2D" => "Windows Storage Spaces",
        "0FC63DAF-8483-4772-8E79-3D69D8477DE4" => "Linux filesystem",
        "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F" => "Linux swap",
        "E6D6D379-F507-44C2-A23C-238F2A3DF928" => "Linux LVM",
        "A19D880F-05FC-4D3B-A006-743F0F84911E" => "Linux RAID",
        "CA7D7CCB-63ED-4C53-861C-1742536059CC" => "Linux LUKS",
        "7FFEC5C9-2D00-49B7-8941-3EA10A5586B7" => "Linux dm-crypt",
        "933AC7E1-2EB4-4F13-B844-0E14E2AEF915" => "Linux /home",
        "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709" => "Linux x86-64 root",
        "44479540-F297-41B2-9AF7-D131D5F0458A" => "Linux x86 root",
        "B921B045-1DF0-41C3-AF44-4C6F280D3FAE" => "Linux ARM64 root",
        "BC13C2FF-59E6-4262-A352-B275FD6F7172" => "Linux extended boot",
        "48465300-0000-11AA-AA11-00306543ECAC" => "Apple HFS/HFS+",
        "7C3457EF-0000-11AA-AA11-00306543ECAC" => "Apple APFS",
        "426F6F74-0000-11AA-AA11-00306543ECAC" => "Apple recovery",
        "516E7CB6-6ECF-11D6-8FF8-00022D09712B" => "FreeBSD UFS",
        "516E7CBA-6ECF-11D6-8FF8-00022D09712B" => "FreeBSD ZFS",
        "516E7CB5-6ECF-11D6-8FF8-00022D09712B" => "FreeBSD swap",
        "83BD6B9D-7F41-11DC-BE0B-001560B84F0F" => "FreeBSD boot",
        "6A898CC3-1DD2-11B2-99A6-080020736631" => "Solaris /usr or Apple ZFS",
        _ => return text,
    };
    name.to_string()
}

/// A GUID as text: the first three fields are little-endian on disk.
fn guid_text(g: &[u8]) -> String {
    let byte = |i: usize| g.get(i).copied().unwrap_or(0);
    let hex = |indexes: &[usize]| -> String {
        indexes
            .iter()
            .map(|&i| format!("{:02X}", byte(i)))
            .collect()
    };
    format!(
        "{}-{}-{}-{}-{}",
        hex(&[3, 2, 1, 0]),
        hex(&[5, 4]),
        hex(&[7, 6]),
        hex(&[8, 9]),
        hex(&[10, 11, 12, 13, 14, 15])
    )
}

/// The UTF-16LE name at bytes 56..128 of a GPT entry, up to the first NUL.
fn gpt_name(entry: &[u8]) -> Option<String> {
    let units: Vec<u16> = entry
        .get(56..128)?
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .take_while(|&unit| unit != 0)
        .collect();
    (!units.is_empty()).then(|| String::from_utf16_lossy(&units))
}

fn mbr_type_name(kind: u8) -> String {
    let name = match kind {
        0x01 => "FAT12",
        0x04 => "FAT16 <32M",
        0x05 => "Extended",
        0x06 => "FAT16",
        0x07 => "NTFS/exFAT/HPFS",
        0x0B => "W95 FAT32",
        0x0C => "W95 FAT32 (LBA)",
        0x0E => "W95 FAT16 (LBA)",
        0x0F => "W95 extended (LBA)",
        0x11 => "Hidden FAT12",
        0x14 => "Hidden FAT16 <32M",
        0x16 => "Hidden FAT16",
        0x17 => "Hidden NTFS/exFAT/HPFS",
        0x1B => "Hidden W95 FAT32",
        0x1C => "Hidden W95 FAT32 (LBA)",
        0x1E => "Hidden W95 FAT16 (LBA)",
        0x27 => "Hidden NTFS WinRE",
        0x42 => "Windows dynamic disk (LDM)",
        0x82 => "Linux swap / Solaris",
        0x83 => "Linux",
        0x85 => "Linux extended",
        0x8E => "Linux LVM",
        0xA5 => "FreeBSD",
        0xA6 => "OpenBSD",
        0xA8 => "Darwin UFS",
        0xA9 => "NetBSD",
        0xAF => "HFS/HFS+",
        0xBF => "Solaris",
        0xEE => "GPT protective",
        0xEF => "EFI system (FAT)",
        0xFB => "VMware VMFS",
        0xFD => "Linux RAID autodetect",
        _ => "unknown",
    };
    format!("{name} (0x{kind:02x})")
}

/// CRC-32 (IEEE) as GPT uses it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

#[cfg(test)]
mod tests {
    use std::fs::File;
    use std::os::unix::fs::FileExt;
    use std::path::{Path, PathBuf};
    use std::sync::{Arc, Mutex};

    use super::*;
    use crate::source::image::disk::Disk;
    use crate::test_rng::Rng;
    use crate::test_tools::run;

    const MIB: u64 = 1 << 20;
    const BASIC_DATA: &str = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7";
    const LINUX_FS: &str = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

    /// A disk over a file, standing in for the raw container.
    struct FileDisk {
        file: File,
        size: u64,
    }

    impl Disk for FileDisk {
        fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
            let left = self.size.saturating_sub(offset);
            let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            self.file.read_at(&mut buf[..n], offset)
        }
        fn size(&self) -> u64 {
            self.size
        }
        fn format(&self) -> String {
            "test file".to_string()
        }
    }

    /// A disk in memory, for synthetic and mutated images.
    struct MemDisk(Vec<u8>);

    impl Disk for MemDisk {
        fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
            let Some(rest) = usize::try_from(offset).ok().and_then(|o| self.0.get(o..)) else {
                return Ok(0);
            };
            let n = buf.len().min(rest.len());
            buf[..n].copy_from_slice(&rest[..n]);
            Ok(n)
        }
        fn size(&self) -> u64 {
            self.0.len() as u64
        }
        fn format(&self) -> String {
            "memory".to_string()
        }
    }

    fn shared(disk: impl Disk + 'static) -> SharedDisk {
        Arc::new(Mutex::new(Box::new(disk)))
    }

    fn map_file(path: &Path) -> VolumeMap {
        let file = File::open(path).expect("open fixture");
        let size = file.metadata().expect("stat fixture").len();
        map(&shared(FileDisk { file, size }), size)
    }

    fn map_bytes(bytes: &[u8]) -> VolumeMap {
        map(&shared(MemDisk(bytes.to_vec())), bytes.len() as u64)
    }

    fn looks_like(bytes: &[u8]) -> bool {
        looks_like_disk(&shared(MemDisk(bytes.to_vec())), bytes.len() as u64)
    }

    fn sniff_bytes(bytes: &[u8]) -> Content {
        let disk = shared(MemDisk(bytes.to_vec()));
        sniff(&Slice::new(disk, 0, bytes.len() as u64)).expect("sniff")
    }

    fn text(path: &Path) -> &str {
        path.to_str().expect("utf-8 temp path")
    }

    /// (index, start, length, type name, name, content) of each volume.
    fn summary(map: &VolumeMap) -> Vec<(u32, u64, u64, String, Option<String>, Content)> {
        map.volumes
            .iter()
            .map(|v| {
                (
                    v.index,
                    v.start,
                    v.length,
                    v.type_name.clone(),
                    v.name.clone(),
                    v.content,
                )
            })
            .collect()
    }

    fn has_problem(map: &VolumeMap, needle: &str) -> bool {
        map.problems.iter().any(|p| p.contains(needle))
    }

    fn expect_problem(map: &VolumeMap, needle: &str) {
        assert!(
            has_problem(map, needle),
            "no problem containing {needle:?} in {:#?}",
            map.problems
        );
    }

    /// Copies `image` into `disk` at sector `seek`.
    fn dd(image: &Path, disk: &Path, seek: u64) {
        run(
            "dd",
            &[
                &format!("if={}", text(image)),
                &format!("of={}", text(disk)),
                "bs=512",
                &format!("seek={seek}"),
                "conv=notrunc",
                "status=none",
            ],
            &[0],
        );
    }

    /// The 64 MiB GPT fixture: NTFS "Data" at 1 MiB, ext4 at 17 MiB, FAT (EFI system) at 25 MiB.
    fn gpt_fixture(dir: &Path) -> PathBuf {
        let disk = dir.join("gpt.raw");
        run("truncate", &["-s", "64M", text(&disk)], &[0]);
        run(
            "sgdisk",
            &[
                "-n1:2048:+16M",
                "-t1:0700",
                "-c1:Data",
                "-n2:0:+8M",
                "-t2:8300",
                "-n3:0:+20M",
                "-t3:ef00",
                text(&disk),
            ],
            &[0],
        );
        let ntfs = dir.join("gpt-ntfs.img");
        run("truncate", &["-s", "16M", text(&ntfs)], &[0]);
        run("mkntfs", &["-q", "-F", "-Q", text(&ntfs)], &[0]);
        let ext = dir.join("gpt-ext4.img");
        run("mkfs.ext4", &["-q", "-F", text(&ext), "8M"], &[0]);
        let fat = dir.join("gpt-fat.img");
        run("mkfs.fat", &["-C", text(&fat), "20480"], &[0]);
        dd(&ntfs, &disk, 2048);
        dd(&ext, &disk, 34816);
        dd(&fat, &disk, 51200);
        disk
    }

    /// The 32 MiB MBR fixture: ext4 and NTFS primaries, an extended partition with three
    /// logicals (empty, swap, FAT).
    fn mbr_fixture(dir: &Path) -> PathBuf {
        let disk = dir.join("mbr.raw");
        run("truncate", &["-s", "32M", text(&disk)], &[0]);
        let script = dir.join("mbr.sfdisk");
        std::fs::write(
            &script,
            "label: dos\n\
             start=2048, size=8192, type=83\n\
             start=10240, size=8192, type=7\n\
             start=18432, size=40960, type=5\n\
             start=20480, size=4096, type=83\n\
             start=26624, size=4096, type=82\n\
             start=32768, size=8192, type=c\n",
        )
        .expect("write sfdisk script");
        run(
            "sh",
            &[
                "-c",
                &format!("sfdisk '{}' < '{}'", text(&disk), text(&script)),
            ],
            &[0],
        );
        let ext = dir.join("mbr-ext4.img");
        run("mkfs.ext4", &["-q", "-F", text(&ext), "4M"], &[0]);
        let ntfs = dir.join("mbr-ntfs.img");
        run("truncate", &["-s", "4M", text(&ntfs)], &[0]);
        run("mkntfs", &["-q", "-F", "-Q", text(&ntfs)], &[0]);
        let swap = dir.join("mbr-swap.img");
        run("truncate", &["-s", "2M", text(&swap)], &[0]);
        run("mkswap", &[text(&swap)], &[0]);
        let fat = dir.join("mbr-fat.img");
        run("mkfs.fat", &["-C", text(&fat), "4096"], &[0]);
        dd(&ext, &disk, 2048);
        dd(&ntfs, &disk, 10240);
        dd(&swap, &disk, 26624);
        dd(&fat, &disk, 32768);
        disk
    }

    /// An 8 MiB GPT disk made by sgdisk with nothing in its partitions (LBA 2048-6143,
    /// 6144-10239, 10240-12287), read into memory for mutation.
    fn small_gpt(dir: &Path) -> Vec<u8> {
        let disk = dir.join("small.raw");
        run("truncate", &["-s", "8M", text(&disk)], &[0]);
        run(
            "sgdisk",
            &[
                "-n1:2048:+2M",
                "-t1:0700",
                "-n2:0:+2M",
                "-t2:8300",
                "-n3:0:+1M",
                "-t3:ef00",
                text(&disk),
            ],
            &[0],
        );
        std::fs::read(&disk).expect("read small GPT")
    }

    /// The partition offsets and lengths (bytes) that `mmls` finds, extended containers and
    /// metadata left out.
    fn mmls(path: &Path, sector_size: u64) -> Vec<(u64, u64)> {
        let output = crate::test_tools::command("mmls")
            .args(["-b", &sector_size.to_string(), text(path)])
            .output()
            .unwrap_or_else(|e| panic!("cannot run mmls: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "mmls failed: {stdout}");
        stdout
            .lines()
            .filter_map(|line| {
                let fields: Vec<&str> = line.split_whitespace().collect();
                let slot = fields.get(1)?;
                if fields.len() < 5 || !slot.chars().all(|c| c.is_ascii_digit() || c == ':') {
                    return None;
                }
                let start: u64 = fields[2].parse().ok()?;
                let length: u64 = fields[4].parse().ok()?;
                Some((start * sector_size, length * sector_size))
            })
            .collect()
    }

    fn offsets(map: &VolumeMap) -> Vec<(u64, u64)> {
        map.volumes.iter().map(|v| (v.start, v.length)).collect()
    }

    /// The on-disk bytes of a GUID written as text.
    fn guid_bytes(guid: &str) -> [u8; 16] {
        let hex: Vec<u8> = guid
            .split('-')
            .flat_map(|part| {
                (0..part.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&part[i..i + 2], 16).expect("hex"))
                    .collect::<Vec<u8>>()
            })
            .collect();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hex);
        bytes[..4].reverse();
        bytes[4..6].reverse();
        bytes[6..8].reverse();
        bytes
    }

    fn put32(buf: &mut [u8], at: usize, value: u32) {
        buf[at..at + 4].copy_from_slice(&value.to_le_bytes());
    }

    fn put64(buf: &mut [u8], at: usize, value: u64) {
        buf[at..at + 8].copy_from_slice(&value.to_le_bytes());
    }

    /// Recomputes the entry-array CRC (when the array fits in `buf`) and the header CRC of the
    /// GPT header at `lba`, so that a mutation reaches the checks after them.
    fn seal(buf: &mut [u8], sector_size: u64, lba: u64) {
        let at = (lba * sector_size) as usize;
        // The fields may hold anything after a mutation: out-of-range values leave the CRC.
        let entries =
            usize::try_from(le64(&buf[at..], 72).saturating_mul(sector_size)).unwrap_or(usize::MAX);
        let bytes = (le32(&buf[at..], 80) as usize).saturating_mul(le32(&buf[at..], 84) as usize);
        if let Some(array) = buf.get(entries..entries.saturating_add(bytes)) {
            let crc = crc32(array);
            put32(buf, at + 88, crc);
        }
        let header_size = (le32(&buf[at..], 12) as usize).clamp(92, sector_size as usize);
        put32(buf, at + 16, 0);
        let crc = crc32(&buf[at..at + header_size]);
        put32(buf, at + 16, crc);
    }

    /// A GPT disk of `size` bytes written by hand (protective MBR, primary and backup headers,
    /// 128 entries), for 4Kn sectors and hostile variants that tools will not make.
    fn build_gpt(size: usize, ss: u64, parts: &[(&str, u64, u64, &str)]) -> Vec<u8> {
        let mut buf = vec![0u8; size];
        let last = size as u64 / ss - 1;
        let array_sectors = 16384 / ss;
        buf[446 + 4] = 0xEE;
        put32(&mut buf, 446 + 8, 1);
        put32(&mut buf, 446 + 12, u32::try_from(last).unwrap_or(u32::MAX));
        buf[510] = 0x55;
        buf[511] = 0xAA;
        for (lba, alternate, entries_lba) in [(1, last, 2), (last, 1, last - array_sectors)] {
            let at = (lba * ss) as usize;
            buf[at..at + 8].copy_from_slice(b"EFI PART");
            put32(&mut buf, at + 8, 0x0001_0000);
            put32(&mut buf, at + 12, 92);
            put64(&mut buf, at + 24, lba);
            put64(&mut buf, at + 32, alternate);
            put64(&mut buf, at + 40, 2 + array_sectors);
            put64(&mut buf, at + 48, last - 1 - array_sectors);
            buf[at + 56..at + 72].copy_from_slice(&[0x42; 16]);
            put64(&mut buf, at + 72, entries_lba);
            put32(&mut buf, at + 80, 128);
            put32(&mut buf, at + 84, 128);
            for (i, (guid, first, end, name)) in parts.iter().enumerate() {
                let entry = (entries_lba * ss) as usize + i * 128;
                buf[entry..entry + 16].copy_from_slice(&guid_bytes(guid));
                buf[entry + 16..entry + 32].copy_from_slice(&[i as u8 + 1; 16]);
                put64(&mut buf, entry + 32, *first);
                put64(&mut buf, entry + 40, *end);
                for (j, unit) in name.encode_utf16().enumerate() {
                    buf[entry + 56 + 2 * j..entry + 58 + 2 * j]
                        .copy_from_slice(&unit.to_le_bytes());
                }
            }
            seal(&mut buf, ss, lba);
        }
        buf
    }

    #[test]
    fn gpt_disk_volumes_match_the_table() {
        if !crate::test_tools::available(&["mkfs.ext4", "mkfs.fat", "mkntfs", "sgdisk"]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let disk = gpt_fixture(dir.path());
        let map = map_file(&disk);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert!(map.problems.is_empty(), "{:?}", map.problems);
        assert_eq!(
            summary(&map),
            vec![
                (
                    1,
                    MIB,
                    16 * MIB,
                    "Microsoft basic data".to_string(),
                    Some("Data".to_string()),
                    Content::Ntfs
                ),
                (
                    2,
                    17 * MIB,
                    8 * MIB,
                    "Linux filesystem".to_string(),
                    None,
                    Content::Ext
                ),
                (
                    3,
                    25 * MIB,
                    20 * MIB,
                    "EFI system".to_string(),
                    None,
                    Content::Fat
                ),
            ]
        );
        assert!(map.volumes.iter().all(|v| v.scheme == Scheme::Gpt));
        assert!(looks_like_disk(
            &shared(FileDisk {
                file: File::open(&disk).expect("open"),
                size: 64 * MIB
            }),
            64 * MIB
        ));
    }

    #[test]
    fn mbr_disk_numbers_logical_partitions_from_5() {
        if !crate::test_tools::available(&["mkfs.ext4", "mkfs.fat", "mkntfs", "sfdisk"]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let disk = mbr_fixture(dir.path());
        let map = map_file(&disk);
        assert_eq!(map.scheme, Scheme::Mbr);
        assert!(map.problems.is_empty(), "{:?}", map.problems);
        assert!(looks_like(&std::fs::read(&disk).expect("read MBR fixture")));
        let sector = |n: u64| n * 512;
        assert_eq!(
            summary(&map),
            vec![
                (
                    1,
                    sector(2048),
                    sector(8192),
                    "Linux (0x83)".to_string(),
                    None,
                    Content::Ext
                ),
                (
                    2,
                    sector(10240),
                    sector(8192),
                    "NTFS/exFAT/HPFS (0x07)".to_string(),
                    None,
                    Content::Ntfs
                ),
                (
                    5,
                    sector(20480),
                    sector(4096),
                    "Linux (0x83)".to_string(),
                    None,
                    Content::Empty
                ),
                (
                    6,
                    sector(26624),
                    sector(4096),
                    "Linux swap / Solaris (0x82)".to_string(),
                    None,
                    Content::Swap
                ),
                (
                    7,
                    sector(32768),
                    sector(8192),
                    "W95 FAT32 (LBA) (0x0c)".to_string(),
                    None,
                    Content::Fat
                ),
            ]
        );
    }

    #[test]
    fn mmls_agrees_on_gpt_mbr_and_4kn_offsets() {
        if !crate::test_tools::available(&[
            "mkfs.ext4",
            "mkfs.fat",
            "mkntfs",
            "mmls",
            "sfdisk",
            "sgdisk",
        ]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let gpt = gpt_fixture(dir.path());
        assert_eq!(offsets(&map_file(&gpt)), mmls(&gpt, 512));
        let mbr = mbr_fixture(dir.path());
        let mut expected = mmls(&mbr, 512);
        expected.sort_unstable();
        let mut ours = offsets(&map_file(&mbr));
        ours.sort_unstable();
        assert_eq!(ours, expected);
        assert_eq!(ours.len(), 5);

        // No tool here writes a 4Kn GPT: build one by hand and let mmls judge it too.
        let mut bytes = build_gpt(
            8 * MIB as usize,
            4096,
            &[(BASIC_DATA, 256, 767, "win"), (LINUX_FS, 768, 1023, "")],
        );
        bytes[256 * 4096 + 3..256 * 4096 + 11].copy_from_slice(b"NTFS    ");
        let path = dir.path().join("4kn.raw");
        std::fs::write(&path, &bytes).expect("write 4Kn disk");
        let map = map_file(&path);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert!(map.problems.is_empty(), "{:?}", map.problems);
        assert_eq!(
            offsets(&map),
            vec![(256 * 4096, 512 * 4096), (768 * 4096, 256 * 4096)]
        );
        assert_eq!(offsets(&map), mmls(&path, 4096));
        assert_eq!(map.volumes[0].content, Content::Ntfs);
        assert_eq!(map.volumes[0].name.as_deref(), Some("win"));
        assert!(looks_like(&bytes));
    }

    #[test]
    fn hand_built_gpt_passes_sgdisk_verify() {
        if !crate::test_tools::available(&["sgdisk"]) {
            return;
        }
        // The hostile tests below mutate build_gpt's output: make sure it starts out valid.
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("hand.raw");
        let bytes = build_gpt(4 * MIB as usize, 512, &[(LINUX_FS, 2048, 4095, "x")]);
        std::fs::write(&path, bytes).expect("write");
        let output = crate::test_tools::command("sgdisk")
            .args(["-v", text(&path)])
            .output()
            .expect("run sgdisk");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("No problems found"), "{stdout}");
    }

    #[test]
    fn bare_filesystems_are_volume_0() {
        if !crate::test_tools::available(&["mkfs.ext4", "mkfs.fat", "mkntfs"]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let ext = dir.path().join("ext4.img");
        run("mkfs.ext4", &["-q", "-F", text(&ext), "8M"], &[0]);
        let fat = dir.path().join("fat.img");
        run("mkfs.fat", &["-C", text(&fat), "8192"], &[0]);
        let ntfs = dir.path().join("ntfs.img");
        run("truncate", &["-s", "8M", text(&ntfs)], &[0]);
        run("mkntfs", &["-q", "-F", "-Q", text(&ntfs)], &[0]);
        for (path, content) in [
            (&ext, Content::Ext),
            (&fat, Content::Fat),
            (&ntfs, Content::Ntfs),
        ] {
            let map = map_file(path);
            assert_eq!(map.scheme, Scheme::None, "{path:?}");
            assert!(map.problems.is_empty(), "{path:?}: {:?}", map.problems);
            assert_eq!(
                summary(&map),
                vec![(
                    0,
                    0,
                    8 * MIB,
                    "whole disk (no partition table)".to_string(),
                    None,
                    content
                )]
            );
            assert_eq!(map.volumes[0].scheme, Scheme::None);
            assert!(looks_like(&std::fs::read(path).expect("read")), "{path:?}");
        }
    }

    #[test]
    fn stale_backup_gpt_does_not_hide_a_bare_filesystem() {
        if !crate::test_tools::available(&["mkfs.ext4", "sgdisk"]) {
            return;
        }
        // mkfs on a whole disk that once had a GPT leaves the backup GPT at its end.
        let dir = tempfile::tempdir().expect("tempdir");
        let old_gpt = small_gpt(dir.path());
        let ext = dir.path().join("ext4.img");
        run("mkfs.ext4", &["-q", "-F", text(&ext), "8M"], &[0]);
        let mut bytes = std::fs::read(&ext).expect("read ext4 image");
        let tail = bytes.len() - 33 * 512;
        bytes[tail..].copy_from_slice(&old_gpt[tail..]);
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::None);
        assert_eq!(offsets(&map), vec![(0, 8 * MIB)]);
        assert_eq!(map.volumes[0].content, Content::Ext);
        expect_problem(&map, "a valid GPT header at LBA 16383 is ignored");
    }

    #[test]
    fn unrecognised_disks_are_reported() {
        let zeros = vec![0u8; MIB as usize];
        assert!(!looks_like(&zeros));
        let map = map_bytes(&zeros);
        assert_eq!(map.scheme, Scheme::None);
        assert_eq!(map.volumes.len(), 1);
        assert_eq!(map.volumes[0].content, Content::Empty);
        expect_problem(&map, "all zero");

        let mut random = vec![0u8; MIB as usize];
        Rng(7).fill(&mut random);
        assert!(!looks_like(&random));
        let map = map_bytes(&random);
        assert_eq!(map.volumes[0].content, Content::Unknown);
        expect_problem(&map, "unknown content");

        let map = map_bytes(&[]);
        assert!(map.volumes.is_empty());
        assert!(has_problem(&map, "0 bytes"));
    }

    #[test]
    fn sniff_recognises_synthetic_signatures() {
        let with = |offset: usize, magic: &[u8]| {
            let mut volume = vec![0u8; 128 * 1024];
            volume[offset..offset + magic.len()].copy_from_slice(magic);
            volume
        };
        assert_eq!(sniff_bytes(&with(0, b"LUKS\xba\xbe")), Content::Luks);
        assert_eq!(sniff_bytes(&with(3, b"-FVE-FS-")), Content::BitLocker);
        assert_eq!(sniff_bytes(&with(3, b"NTFS    ")), Content::Ntfs);
        assert_eq!(sniff_bytes(&with(3, b"EXFAT   ")), Content::ExFat);
        assert_eq!(sniff_bytes(&with(512, b"LABELONE")), Content::Lvm);
        assert_eq!(sniff_bytes(&with(1536, b"LABELONE")), Content::Lvm);
        assert_eq!(sniff_bytes(&with(4086, b"SWAPSPACE2")), Content::Swap);
        assert_eq!(sniff_bytes(&with(4086, b"SWAP-SPACE")), Content::Swap);
        assert_eq!(sniff_bytes(&with(1080, &[0x53, 0xEF])), Content::Ext);
        assert_eq!(sniff_bytes(&with(0, b"XFSB")), Content::Xfs);
        // btrfs: the magic 64 KiB in, the first sectors left zero; under another filesystem's
        // signature it is a stale superblock.
        let mut btrfs = vec![0u8; 0x11000];
        btrfs[0x10040..0x10048].copy_from_slice(b"_BHRfS_M");
        assert_eq!(sniff_bytes(&btrfs), Content::Btrfs);
        assert_eq!(
            sniff_bytes(&btrfs[..0x10044]),
            Content::Empty,
            "cut inside the magic"
        );
        btrfs[..4].copy_from_slice(b"XFSB");
        assert_eq!(sniff_bytes(&btrfs), Content::Xfs);
        assert_eq!(sniff_bytes(&[0u8; 4096]), Content::Empty);
        assert_eq!(sniff_bytes(&with(2048, b"LABELONE")), Content::Unknown);

        // BitLocker To Go: a FAT32-like boot sector whose FVE metadata offset (at 440) points
        // to a "-FVE-FS-" block; without that block it is not BitLocker.
        let mut to_go = with(3, b"MSWIN4.1");
        to_go[440..448].copy_from_slice(&0x10000u64.to_le_bytes());
        assert_eq!(sniff_bytes(&to_go), Content::Unknown);
        to_go[0x10000..0x10008].copy_from_slice(b"-FVE-FS-");
        assert_eq!(sniff_bytes(&to_go), Content::BitLocker);
        // An offset past the end of the volume is just not BitLocker.
        to_go[440..448].copy_from_slice(&u64::MAX.to_le_bytes());
        assert_eq!(sniff_bytes(&to_go), Content::Unknown);
        // A volume shorter than any signature.
        assert_eq!(sniff_bytes(&[1, 2, 3]), Content::Unknown);
    }

    #[test]
    fn encrypted_and_container_volumes_are_recognised_in_a_gpt() {
        let parts = [
            ("CA7D7CCB-63ED-4C53-861C-1742536059CC", 64, 127, "luks"),
            (BASIC_DATA, 128, 191, "bitlocker"),
            ("E6D6D379-F507-44C2-A23C-238F2A3DF928", 192, 255, "lvm"),
            ("0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", 256, 319, "swap"),
            (BASIC_DATA, 320, 383, "exfat"),
            ("12345678-9ABC-DEF0-1234-56789ABCDEF0", 384, 447, "odd"),
        ];
        let mut bytes = build_gpt(MIB as usize, 512, &parts);
        let mut put = |sector: usize, offset: usize, magic: &[u8]| {
            let at = sector * 512 + offset;
            bytes[at..at + magic.len()].copy_from_slice(magic);
        };
        put(64, 0, b"LUKS\xba\xbe\x00\x01");
        put(128, 3, b"-FVE-FS-");
        put(192, 512, b"LABELONE");
        put(256, 4086, b"SWAPSPACE2");
        put(320, 3, b"EXFAT   ");
        put(384, 100, b"something");
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert!(map.problems.is_empty(), "{:?}", map.problems);
        let found: Vec<(u32, String, Option<String>, Content)> = map
            .volumes
            .iter()
            .map(|v| (v.index, v.type_name.clone(), v.name.clone(), v.content))
            .collect();
        let expect = |index: u32, type_name: &str, name: &str, content: Content| {
            (
                index,
                type_name.to_string(),
                Some(name.to_string()),
                content,
            )
        };
        assert_eq!(
            found,
            vec![
                expect(1, "Linux LUKS", "luks", Content::Luks),
                expect(2, "Microsoft basic data", "bitlocker", Content::BitLocker),
                expect(3, "Linux LVM", "lvm", Content::Lvm),
                expect(4, "Linux swap", "swap", Content::Swap),
                expect(5, "Microsoft basic data", "exfat", Content::ExFat),
                expect(
                    6,
                    "12345678-9ABC-DEF0-1234-56789ABCDEF0",
                    "odd",
                    Content::Unknown
                ),
            ]
        );
    }

    #[test]
    fn corrupt_primary_gpt_header_falls_back_to_the_backup() {
        if !crate::test_tools::available(&["sgdisk"]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let good = small_gpt(dir.path());
        let expected = offsets(&map_bytes(&good));
        assert_eq!(
            expected,
            vec![(MIB, 2 * MIB), (3 * MIB, 2 * MIB), (5 * MIB, MIB)]
        );

        let mut bytes = good.clone();
        bytes[512 + 56] ^= 0xFF; // disk GUID: the stored header CRC no longer matches
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert_eq!(offsets(&map), expected);
        expect_problem(&map, "primary GPT header at LBA 1 fails its CRC");
        expect_problem(&map, "backup GPT at LBA 16383 is used");

        // A primary entry array that fails its CRC also sends us to the backup.
        let mut bytes = good.clone();
        bytes[1024 + 32] ^= 1;
        let map = map_bytes(&bytes);
        assert_eq!(offsets(&map), expected);
        expect_problem(&map, "primary GPT entry array at LBA 2 fails its CRC");

        // Both headers gone but the protective MBR left: the MBR entries are all there is.
        let mut bytes = good.clone();
        bytes[512..1024].fill(0);
        let end = bytes.len();
        bytes[end - 512..].fill(0);
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Mbr);
        assert!(map.volumes.is_empty());
        expect_problem(&map, "protective MBR but no valid GPT");

        // The MBR wiped: the GPT is still used, and the missing protective MBR reported.
        let mut bytes = good.clone();
        bytes[..512].fill(0);
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert_eq!(offsets(&map), expected);
        expect_problem(&map, "without a protective MBR");

        // A backup that lists other partitions than the primary is worth knowing about.
        let mut bytes = good;
        let backup_entries = bytes.len() - 33 * 512;
        bytes[backup_entries + 2 * 128 + 40] = 0x10; // partition 3's last LBA
        seal(&mut bytes, 512, 16383);
        let map = map_bytes(&bytes);
        assert_eq!(offsets(&map), expected);
        expect_problem(&map, "lists different partitions");
    }

    #[test]
    fn gpt_partitions_beyond_the_disk_are_truncated_or_dropped() {
        let bytes = build_gpt(
            MIB as usize,
            512,
            &[
                (LINUX_FS, 64, 127, "fine"),
                (LINUX_FS, 1_000_000, 1_000_100, "gone"),
                (LINUX_FS, 1024, 4095, "cut"),
                (LINUX_FS, 300, 200, "reversed"),
                (LINUX_FS, u64::MAX - 1, u64::MAX, "huge"),
            ],
        );
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert_eq!(
            offsets(&map),
            vec![(64 * 512, 64 * 512), (1024 * 512, MIB - 1024 * 512)]
        );
        assert_eq!(map.volumes[1].index, 3);
        expect_problem(
            &map,
            "GPT partition 2 starts at byte 512000000, past the end of the disk (1048576 \
             bytes): dropped",
        );
        expect_problem(
            &map,
            "GPT partition 3 ends at byte 2097152, past the end of the disk (1048576 bytes): \
             truncated to 524288 bytes",
        );
        expect_problem(
            &map,
            "GPT partition 4: last LBA 200 is before first LBA 300",
        );
        expect_problem(&map, "GPT partition 5 starts at byte");
        expect_problem(
            &map,
            "GPT partition 3 (LBA 1024-4095) lies outside the usable area",
        );
    }

    #[test]
    fn overlapping_and_hybrid_partitions_are_listed_and_reported() {
        let mut bytes = build_gpt(
            MIB as usize,
            512,
            &[
                (LINUX_FS, 64, 511, "outer"),
                (LINUX_FS, 128, 191, "inner"),
                (LINUX_FS, 600, 700, "apart"),
            ],
        );
        // Hybrid MBR: one entry mirrors partition 3, one covers a region the GPT does not list.
        for (slot, kind, start, sectors) in [(1usize, 0x83u8, 600u32, 101u32), (2, 0x07, 800, 100)]
        {
            let at = 446 + slot * 16;
            bytes[at + 4] = kind;
            put32(&mut bytes, at + 8, start);
            put32(&mut bytes, at + 12, sectors);
        }
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert_eq!(map.volumes.len(), 3);
        expect_problem(&map, "partitions 1 and 2 overlap (bytes 65536-98303)");
        assert!(
            !has_problem(&map, "hybrid MBR entry 2"),
            "{:?}",
            map.problems
        );
        expect_problem(
            &map,
            "hybrid MBR entry 3 (NTFS/exFAT/HPFS (0x07), sectors 800-899) matches no GPT \
             partition",
        );
    }

    #[test]
    fn huge_gpt_entry_count_is_bounded() {
        if !crate::test_tools::available(&["sgdisk"]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = small_gpt(dir.path());
        let last = bytes.len() as u64 / 512 - 1;
        for lba in [1, last] {
            put32(&mut bytes, (lba * 512) as usize + 80, 1 << 31);
            seal(&mut bytes, 512, lba);
        }
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert_eq!(
            offsets(&map),
            vec![(MIB, 2 * MIB), (3 * MIB, 2 * MIB), (5 * MIB, MIB)]
        );
        expect_problem(&map, "primary GPT claims 2147483648 entries of 128 bytes");

        // Entries of 2^31 bytes each: not one fits in the bound.
        let mut bytes = build_gpt(MIB as usize, 512, &[(LINUX_FS, 64, 127, "")]);
        for lba in [1, 2047] {
            put32(&mut bytes, lba * 512 + 84, 1 << 31);
            seal(&mut bytes, 512, lba as u64);
        }
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert!(map.volumes.is_empty());
        expect_problem(&map, "only the first 1048576 bytes are read");
    }

    #[test]
    fn ebr_loops_and_endless_chains_end_with_a_problem() {
        if !crate::test_tools::available(&["mkfs.ext4", "mkfs.fat", "mkntfs", "sfdisk"]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let mut bytes = std::fs::read(mbr_fixture(dir.path())).expect("read MBR fixture");
        // The last EBR (sector 30720, in the extended partition at 18432) links to itself.
        let link = 30720 * 512 + 446 + 16;
        bytes[link + 4] = 0x05;
        put32(&mut bytes, link + 8, 30720 - 18432);
        put32(&mut bytes, link + 12, 10240);
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Mbr);
        let indexes: Vec<u32> = map.volumes.iter().map(|v| v.index).collect();
        assert_eq!(indexes, vec![1, 2, 5, 6, 7]);
        expect_problem(&map, "the EBR chain loops back to sector 30720");

        // A loop back to the first EBR.
        put32(&mut bytes, link + 8, 0);
        let map = map_bytes(&bytes);
        assert_eq!(map.volumes.len(), 5);
        expect_problem(&map, "loops back to sector 18432");

        // 2000 EBRs, each with a one-sector logical partition and a link to the next.
        let mut bytes = vec![0u8; 2 * MIB as usize];
        let ebr_count = 2000u32;
        let entry =
            |bytes: &mut Vec<u8>, sector: u32, slot: usize, kind: u8, start: u32, n: u32| {
                let at = sector as usize * 512 + 446 + slot * 16;
                bytes[at + 4] = kind;
                put32(bytes, at + 8, start);
                put32(bytes, at + 12, n);
                bytes[sector as usize * 512 + 510] = 0x55;
                bytes[sector as usize * 512 + 511] = 0xAA;
            };
        entry(&mut bytes, 0, 0, 0x0F, 2, ebr_count * 2);
        for i in 0..ebr_count {
            let ebr = 2 + 2 * i;
            entry(&mut bytes, ebr, 0, 0x83, 1, 1);
            entry(&mut bytes, ebr, 1, 0x05, 2 * (i + 1), 2);
        }
        let map = map_bytes(&bytes);
        assert_eq!(map.scheme, Scheme::Mbr);
        assert_eq!(map.volumes.len(), MAX_EBRS);
        assert_eq!(
            map.volumes.last().map(|v| v.index),
            Some(4 + MAX_EBRS as u32)
        );
        expect_problem(&map, "more than 1024 EBRs");
    }

    #[test]
    fn truncated_disks_keep_what_exists() {
        if !crate::test_tools::available(&["mkfs.ext4", "mkfs.fat", "mkntfs", "sfdisk", "sgdisk"]) {
            return;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let mut gpt = small_gpt(dir.path());
        gpt.truncate(11264 * 512);
        let map = map_bytes(&gpt);
        assert_eq!(map.scheme, Scheme::Gpt);
        assert_eq!(
            offsets(&map),
            vec![(MIB, 2 * MIB), (3 * MIB, 2 * MIB), (5 * MIB, 1024 * 512)]
        );
        expect_problem(
            &map,
            "no backup GPT header at LBA 16383 (past the end of the disk)",
        );
        expect_problem(&map, "GPT partition 3 ends at byte");

        let mut mbr = std::fs::read(mbr_fixture(dir.path())).expect("read MBR fixture");
        mbr.truncate(28000 * 512); // through logical 5 and into logical 6; EBR 3 is gone
        let map = map_bytes(&mbr);
        assert_eq!(map.scheme, Scheme::Mbr);
        let indexes: Vec<u32> = map.volumes.iter().map(|v| v.index).collect();
        assert_eq!(indexes, vec![1, 2, 5, 6]);
        assert_eq!(map.volumes[3].length, (28000 - 26624) * 512);
        expect_problem(&map, "MBR partition 6 ends");
        expect_problem(&map, "cannot read the EBR at sector 30720");

        for size in [1, 100, 511, 512, 513, 1024, 4095] {
            let map = map_bytes(&gpt[..size]);
            assert!(map.volumes.len() <= 1, "{size}: {:?}", map.volumes);
        }
    }

    #[test]
    fn random_and_mutated_tables_never_panic_or_hang() {
        let mut rng = Rng(0x5eed);
        // Pure noise, with and without an MBR signature and a protective entry.
        for round in 0..64 {
            let mut bytes = vec![0u8; 64 * 1024];
            rng.fill(&mut bytes);
            if round % 2 == 0 {
                bytes[510] = 0x55;
                bytes[511] = 0xAA;
            }
            if round % 4 == 0 {
                bytes[446 + 4] = 0xEE;
                bytes[512..520].copy_from_slice(b"EFI PART");
            }
            let map = map_bytes(&bytes);
            assert!(map.problems.len() <= MAX_PROBLEMS + 1);
            looks_like(&bytes);
        }
        // A valid GPT with random header fields and entries, CRCs fixed so the checks after
        // them are reached.
        let base = build_gpt(
            256 * 1024,
            512,
            &[(LINUX_FS, 40, 100, "a"), (BASIC_DATA, 101, 300, "b")],
        );
        for _ in 0..500 {
            let mut bytes = base.clone();
            for _ in 0..1 + rng.below(8) {
                let at = if rng.below(2) == 0 {
                    512 + 24 + rng.below(68)
                } else {
                    1024 + rng.below(2 * 128)
                };
                bytes[at] = rng.next() as u8;
            }
            seal(&mut bytes, 512, 1);
            let map = map_bytes(&bytes);
            // The protective MBR and the backup are intact: whatever the primary says, a GPT.
            assert_eq!(map.scheme, Scheme::Gpt, "{:?}", map.problems);
            for volume in &map.volumes {
                assert!(volume.start + volume.length <= bytes.len() as u64);
            }
        }
        // MBRs and EBRs with random entries that keep the table plausible.
        for _ in 0..500 {
            let mut bytes = vec![0u8; 512 * 1024];
            for sector in 0..1 + rng.below(16) {
                let base = if sector == 0 {
                    0
                } else {
                    rng.below(1024) * 512
                };
                for slot in 0..4 {
                    let at = base + 446 + slot * 16;
                    bytes[at + 4] = [0x05, 0x0F, 0x83, 0x07, 0x00][rng.below(5)];
                    put32(&mut bytes, at + 8, rng.below(1100) as u32);
                    put32(&mut bytes, at + 12, rng.below(1100) as u32);
                }
                bytes[base + 510] = 0x55;
                bytes[base + 511] = 0xAA;
            }
            let map = map_bytes(&bytes);
            for volume in &map.volumes {
                assert!(volume.start + volume.length <= bytes.len() as u64);
            }
        }
    }
}
