//! On-disk structures: the boot sector, MFT records and index blocks with their update sequence
//! fixups, attributes, data runs, attribute lists and directory index entries. Every field is read
//! through a bounds check: all of it comes from the evidence and may be hostile.

use std::io;

use crate::source::image::disk::Slice;
use crate::source::image::fs::corrupt;

pub(super) const ATTR_ATTRIBUTE_LIST: u32 = 0x20;
pub(super) const ATTR_FILE_NAME: u32 = 0x30;
pub(super) const ATTR_VOLUME_NAME: u32 = 0x60;
pub(super) const ATTR_DATA: u32 = 0x80;
pub(super) const ATTR_INDEX_ROOT: u32 = 0x90;
pub(super) const ATTR_INDEX_ALLOCATION: u32 = 0xA0;
pub(super) const ATTR_BITMAP: u32 = 0xB0;
pub(super) const ATTR_REPARSE_POINT: u32 = 0xC0;
pub(super) const ATTR_LOGGED_UTILITY_STREAM: u32 = 0x100;
const ATTR_END: u32 = 0xFFFF_FFFF;

/// Attribute header flags.
pub(super) const FLAG_COMPRESSED: u16 = 0x0001;
pub(super) const FLAG_ENCRYPTED: u16 = 0x4000;

/// File record header flags.
const RECORD_IN_USE: u16 = 0x0001;
const RECORD_DIRECTORY: u16 = 0x0002;

/// `$FILE_NAME` namespace of a DOS 8.3 alias: a duplicate of another name of the same file.
pub(super) const NAMESPACE_DOS: u8 = 2;

/// Update sequence fixups cover 512-byte strides whatever the sector size.
const FIXUP_STRIDE: usize = 512;

fn bytes<const N: usize>(data: &[u8], offset: usize) -> Option<[u8; N]> {
    data.get(offset..offset.checked_add(N)?)?.try_into().ok()
}

pub(super) fn u16_at(data: &[u8], offset: usize) -> Option<u16> {
    bytes(data, offset).map(u16::from_le_bytes)
}

pub(super) fn u32_at(data: &[u8], offset: usize) -> Option<u32> {
    bytes(data, offset).map(u32::from_le_bytes)
}

pub(super) fn u64_at(data: &[u8], offset: usize) -> Option<u64> {
    bytes(data, offset).map(u64::from_le_bytes)
}

/// UTF-16LE bytes to code units.
pub(super) fn utf16(data: &[u8]) -> Vec<u16> {
    data.chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect()
}

/// Splits a file reference into its record number (48 bits) and sequence number (16 bits).
pub(super) fn split_reference(reference: u64) -> (u64, u16) {
    (reference & 0xFFFF_FFFF_FFFF, (reference >> 48) as u16)
}

/// What the boot sector says about the volume's layout.
#[derive(Clone, Copy, Debug)]
pub(super) struct Geometry {
    pub cluster_size: u64,
    pub record_size: usize,
    pub mft_offset: u64,
}

/// Parses and checks the boot sector (the first 512 bytes of the volume).
pub(super) fn parse_boot_sector(sector: &[u8]) -> io::Result<Geometry> {
    if sector.get(3..11) != Some(b"NTFS    ".as_slice()) {
        return Err(corrupt("no NTFS signature in the boot sector"));
    }
    if sector.get(510..512) != Some([0x55, 0xAA].as_slice()) {
        return Err(corrupt("boot sector does not end with 55 AA"));
    }
    let field = |offset| u64_at(sector, offset).ok_or_else(|| corrupt("boot sector truncated"));
    let sector_size = u64::from(u16_at(sector, 11).unwrap_or(0));
    if !(256..=4096).contains(&sector_size) || !sector_size.is_power_of_two() {
        return Err(corrupt(format!(
            "boot sector: unsupported sector size {sector_size}"
        )));
    }
    let per_cluster = sector[13];
    // Above 128 the field is a negated power of two (clusters of 128 KiB and more).
    let sectors_per_cluster = match per_cluster {
        1..=128 if per_cluster.is_power_of_two() => u64::from(per_cluster),
        244..=255 => 1u64 << (256 - u32::from(per_cluster)),
        _ => {
            return Err(corrupt(format!(
                "boot sector: invalid sectors per cluster {per_cluster}"
            )));
        }
    };
    let cluster_size = sector_size * sectors_per_cluster;
    if cluster_size > 2 << 20 {
        return Err(corrupt(format!(
            "boot sector: cluster size {cluster_size} above 2 MiB"
        )));
    }
    let size = field(0x28)?
        .checked_mul(sector_size)
        .ok_or_else(|| corrupt("boot sector: sector count overflows"))?;
    let mft_offset = field(0x30)?
        .checked_mul(cluster_size)
        .filter(|&offset| offset > 0 && offset < size)
        .ok_or_else(|| corrupt("boot sector: MFT outside the volume"))?;
    let record_size = record_size(sector[0x40] as i8, cluster_size)
        .ok_or_else(|| corrupt(format!("boot sector: invalid record size {}", sector[0x40])))?;
    Ok(Geometry {
        cluster_size,
        record_size,
        mft_offset,
    })
}

/// A record size field: a count of clusters when positive, else a negated power of two.
fn record_size(field: i8, cluster_size: u64) -> Option<usize> {
    let size = if field > 0 {
        cluster_size.checked_mul(field as u64)?
    } else {
        1u64.checked_shl(u32::from(field.unsigned_abs()))?
    };
    let size = usize::try_from(size).ok()?;
    (size.is_power_of_two() && (1024..=65536).contains(&size)).then_some(size)
}

/// Applies the update sequence fixups of a multi-sector record (FILE or INDX): the last two
/// bytes of each 512-byte stride were replaced on disk by the sequence number, detecting torn
/// writes; the originals are stored in the array.
pub(super) fn apply_fixups(record: &mut [u8], signature: &[u8; 4]) -> io::Result<()> {
    match record.get(..4) {
        Some(found) if found == signature => {}
        Some(b"BAAD") => return Err(corrupt("record marked bad (BAAD) by chkdsk")),
        Some(found) if found.iter().all(|&b| b == 0) => {
            return Err(corrupt("record is zeroed"));
        }
        _ => {
            return Err(corrupt(format!(
                "record signature is not {}",
                String::from_utf8_lossy(signature)
            )));
        }
    }
    let offset = usize::from(u16_at(record, 4).unwrap_or(0));
    let count = usize::from(u16_at(record, 6).unwrap_or(0));
    let strides = record.len() / FIXUP_STRIDE;
    if !record.len().is_multiple_of(FIXUP_STRIDE)
        || count != strides + 1
        || offset % 2 != 0
        || offset + 2 * count > FIXUP_STRIDE - 2
    {
        return Err(corrupt("invalid update sequence array"));
    }
    let usn = [record[offset], record[offset + 1]];
    for stride in 0..strides {
        let end = (stride + 1) * FIXUP_STRIDE;
        if record[end - 2..end] != usn {
            return Err(corrupt(format!(
                "update sequence mismatch in sector {stride} (torn write)"
            )));
        }
        let saved = offset + 2 + 2 * stride;
        let original = [record[saved], record[saved + 1]];
        record[end - 2..end].copy_from_slice(&original);
    }
    Ok(())
}

/// An MFT file record after fixups.
pub(super) struct FileRecord {
    pub number: u64,
    data: Vec<u8>,
}

impl FileRecord {
    pub fn parse(number: u64, mut data: Vec<u8>) -> io::Result<Self> {
        apply_fixups(&mut data, b"FILE")?;
        let used = u32_at(&data, 24).unwrap_or(0) as usize;
        let first = usize::from(u16_at(&data, 20).unwrap_or(0));
        if used > data.len() || first < 42 || first > used {
            return Err(corrupt("record header sizes out of range"));
        }
        data.truncate(used);
        Ok(FileRecord { number, data })
    }

    pub fn flags(&self) -> u16 {
        u16_at(&self.data, 22).unwrap_or(0)
    }

    pub fn in_use(&self) -> bool {
        self.flags() & RECORD_IN_USE != 0
    }

    pub fn is_directory(&self) -> bool {
        self.flags() & RECORD_DIRECTORY != 0
    }

    pub fn sequence(&self) -> u16 {
        u16_at(&self.data, 16).unwrap_or(0)
    }

    /// Record number of the base record, 0 when this is a base record.
    pub fn base(&self) -> u64 {
        split_reference(u64_at(&self.data, 32).unwrap_or(0)).0
    }

    /// The attributes stored in this record, in order; stops at the first malformed one.
    pub fn attributes(&self) -> RawAttributes<'_> {
        RawAttributes {
            data: &self.data,
            offset: usize::from(u16_at(&self.data, 20).unwrap_or(0)),
            done: false,
        }
    }
}

/// An attribute as stored in one record.
pub(super) struct RawAttribute<'a> {
    pub ty: u32,
    pub name: &'a [u8],
    pub flags: u16,
    pub instance: u16,
    pub body: RawBody<'a>,
}

pub(super) enum RawBody<'a> {
    Resident(&'a [u8]),
    NonResident(RawExtent<'a>),
}

/// The part of a non-resident attribute described in one record: the data runs of the VCNs from
/// `lowest_vcn` on. The sizes are meaningful in the first extent only.
pub(super) struct RawExtent<'a> {
    pub lowest_vcn: u64,
    pub runs: &'a [u8],
    pub compression_unit: u8,
    pub data_size: u64,
    pub initialized_size: u64,
}

pub(super) struct RawAttributes<'a> {
    data: &'a [u8],
    offset: usize,
    done: bool,
}

impl<'a> Iterator for RawAttributes<'a> {
    type Item = io::Result<RawAttribute<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let offset = self.offset;
        let result = match u32_at(self.data, offset) {
            None | Some(ATTR_END) => None,
            Some(_) => Some(parse_attribute(self.data, offset)),
        };
        match &result {
            Some(Ok((_, length))) => self.offset += length,
            _ => self.done = true,
        }
        result.map(|parsed| parsed.map(|(attribute, _)| attribute))
    }
}

fn parse_attribute(data: &[u8], offset: usize) -> io::Result<(RawAttribute<'_>, usize)> {
    let bad = |what: &str| corrupt(format!("attribute at offset {offset}: {what}"));
    let length = u32_at(data, offset + 4).ok_or_else(|| bad("truncated header"))? as usize;
    let attribute = offset
        .checked_add(length)
        .and_then(|end| data.get(offset..end))
        .filter(|_| length >= 24)
        .ok_or_else(|| bad("length out of range"))?;
    let field16 = |at| u16_at(attribute, at).ok_or_else(|| bad("truncated header"));
    let ty = u32_at(attribute, 0).unwrap_or(ATTR_END);
    let non_resident = attribute[8] != 0;
    let name_length = usize::from(attribute[9]) * 2;
    let name_offset = usize::from(field16(10)?);
    let name = if name_length == 0 {
        &[][..]
    } else {
        attribute
            .get(name_offset..name_offset + name_length)
            .ok_or_else(|| bad("name out of range"))?
    };
    let body = if non_resident {
        let field64 = |at| u64_at(attribute, at).ok_or_else(|| bad("truncated header"));
        let runs_offset = usize::from(field16(32)?);
        RawBody::NonResident(RawExtent {
            lowest_vcn: field64(16)?,
            runs: attribute
                .get(runs_offset..)
                .filter(|_| runs_offset >= 64)
                .ok_or_else(|| bad("data runs out of range"))?,
            compression_unit: *attribute.get(34).ok_or_else(|| bad("truncated header"))?,
            data_size: field64(48)?,
            initialized_size: field64(56)?,
        })
    } else {
        let value_length = u32_at(attribute, 16).ok_or_else(|| bad("truncated header"))?;
        let value_offset = usize::from(field16(20)?);
        RawBody::Resident(
            value_offset
                .checked_add(value_length as usize)
                .and_then(|end| attribute.get(value_offset..end))
                .ok_or_else(|| bad("resident value out of range"))?,
        )
    };
    let attribute = RawAttribute {
        ty,
        name,
        flags: field16(12)?,
        instance: field16(14)?,
        body,
    };
    Ok((attribute, length))
}

/// A data run: `clusters` clusters from `vcn` on, at `lcn` or sparse (`None`, reads as zeros).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Run {
    pub vcn: u64,
    pub clusters: u64,
    pub lcn: Option<u64>,
}

impl Run {
    pub fn end(&self) -> u64 {
        self.vcn + self.clusters
    }
}

/// Decodes the mapping pairs of one extent into `runs`, VCNs starting at `vcn`.
pub(super) fn decode_runs(mut data: &[u8], mut vcn: u64, runs: &mut Vec<Run>) -> io::Result<()> {
    let mut lcn: i64 = 0;
    while let Some((&header, rest)) = data.split_first() {
        if header == 0 {
            break;
        }
        let length_size = usize::from(header & 0x0F);
        let offset_size = usize::from(header >> 4);
        if length_size == 0 || length_size > 8 || offset_size > 8 {
            return Err(corrupt(format!("invalid data run header {header:#04x}")));
        }
        let fields = rest
            .get(..length_size + offset_size)
            .ok_or_else(|| corrupt("data runs truncated"))?;
        let clusters = little_endian(&fields[..length_size], false) as u64;
        if clusters == 0 || clusters > i64::MAX as u64 {
            return Err(corrupt(format!("data run of {clusters} clusters")));
        }
        let start = if offset_size == 0 {
            None
        } else {
            lcn = lcn
                .checked_add(little_endian(&fields[length_size..], true))
                .filter(|&lcn| lcn >= 0)
                .ok_or_else(|| corrupt("data run before the start of the volume"))?;
            Some(lcn as u64)
        };
        runs.push(Run {
            vcn,
            clusters,
            lcn: start,
        });
        vcn = vcn
            .checked_add(clusters)
            .filter(|&end| end <= i64::MAX as u64)
            .ok_or_else(|| corrupt("data runs overflow"))?;
        data = &rest[length_size + offset_size..];
    }
    Ok(())
}

/// A little-endian integer of 1 to 8 bytes, sign-extended when `signed`.
fn little_endian(field: &[u8], signed: bool) -> i64 {
    let mut value = [0u8; 8];
    value[..field.len()].copy_from_slice(field);
    if signed && field.last().is_some_and(|&top| top & 0x80 != 0) {
        value[field.len()..].fill(0xFF);
    }
    i64::from_le_bytes(value)
}

/// Index of the run holding `vcn` in sorted, non-overlapping `runs`.
pub(super) fn find_run(runs: &[Run], vcn: u64) -> Option<&Run> {
    let after = runs.partition_point(|run| run.vcn <= vcn);
    runs[..after].last().filter(|run| vcn < run.end())
}

/// Reads from `offset` of a non-resident value into `buf`, up to the end of the run holding it
/// (sparse runs read as zeros). Returns at least one byte unless `buf` is empty.
pub(super) fn read_runs(
    volume: &Slice,
    cluster_size: u64,
    runs: &[Run],
    offset: u64,
    buf: &mut [u8],
) -> io::Result<usize> {
    if buf.is_empty() {
        return Ok(0);
    }
    let vcn = offset / cluster_size;
    let run = find_run(runs, vcn)
        .ok_or_else(|| corrupt(format!("no data run maps cluster {vcn} of the stream")))?;
    let run_end = run.end().saturating_mul(cluster_size);
    let wanted = buf
        .len()
        .min(usize::try_from(run_end - offset).unwrap_or(usize::MAX));
    let buf = &mut buf[..wanted];
    match run.lcn {
        None => buf.fill(0),
        Some(lcn) => {
            let position = (lcn + (vcn - run.vcn))
                .checked_mul(cluster_size)
                .and_then(|start| start.checked_add(offset % cluster_size))
                .ok_or_else(|| corrupt("data run outside the volume"))?;
            volume.read_exact_at(position, buf)?;
        }
    }
    Ok(wanted)
}

/// Fills `buf` from `offset` of a non-resident value.
pub(super) fn read_runs_exact(
    volume: &Slice,
    cluster_size: u64,
    runs: &[Run],
    mut offset: u64,
    mut buf: &mut [u8],
) -> io::Result<()> {
    while !buf.is_empty() {
        let n = read_runs(volume, cluster_size, runs, offset, buf)?;
        offset += n as u64;
        buf = &mut buf[n..];
    }
    Ok(())
}

/// One entry of an `$ATTRIBUTE_LIST`: where an attribute (or one extent of it) is stored.
pub(super) struct ListEntry {
    pub ty: u32,
    pub record: u64,
    pub instance: u16,
}

pub(super) fn parse_attribute_list(data: &[u8]) -> io::Result<Vec<ListEntry>> {
    let mut entries = Vec::new();
    let mut offset = 0;
    while offset < data.len() {
        let bad = || corrupt(format!("attribute list entry at byte {offset} malformed"));
        let ty = u32_at(data, offset).ok_or_else(bad)?;
        let length = usize::from(u16_at(data, offset + 4).ok_or_else(bad)?);
        if length < 26 || offset + length > data.len() {
            // Some writers leave zero padding at the end of the list.
            if ty == 0 || ty == ATTR_END {
                break;
            }
            return Err(bad());
        }
        let reference = u64_at(data, offset + 16).ok_or_else(bad)?;
        entries.push(ListEntry {
            ty,
            record: split_reference(reference).0,
            instance: u16_at(data, offset + 24).ok_or_else(bad)?,
        });
        offset += length;
    }
    Ok(entries)
}

/// The parts of a `$FILE_NAME` value (attribute or index key) that are used here.
pub(super) struct FileName {
    pub parent: u64,
    pub namespace: u8,
    pub name: Vec<u16>,
}

pub(super) fn parse_file_name(value: &[u8]) -> io::Result<FileName> {
    let bad = || corrupt("$FILE_NAME value truncated");
    let length = usize::from(*value.get(64).ok_or_else(bad)?);
    let namespace = *value.get(65).ok_or_else(bad)?;
    let name = value.get(66..66 + 2 * length).ok_or_else(bad)?;
    Ok(FileName {
        parent: split_reference(u64_at(value, 0).ok_or_else(bad)?).0,
        namespace,
        name: utf16(name),
    })
}

/// A directory index entry: a name and the file record it points to.
pub(super) struct IndexEntry {
    pub record: u64,
    pub sequence: u16,
    pub name: FileName,
}

/// Parses the entries of one index node whose header (entries offset, total size) is at `node`.
pub(super) fn parse_index_node(
    data: &[u8],
    node: usize,
    entries: &mut Vec<IndexEntry>,
) -> io::Result<()> {
    let bad = |what: &str| corrupt(format!("index node: {what}"));
    let first = u32_at(data, node).ok_or_else(|| bad("truncated header"))? as usize;
    let total = u32_at(data, node + 4).ok_or_else(|| bad("truncated header"))? as usize;
    let end = node
        .checked_add(total)
        .filter(|&end| end <= data.len())
        .ok_or_else(|| bad("size beyond the node"))?;
    let mut offset = node
        .checked_add(first)
        .ok_or_else(|| bad("entries beyond the node"))?;
    loop {
        let entry = data
            .get(offset..end)
            .filter(|entry| entry.len() >= 16)
            .ok_or_else(|| bad("entries run past the end"))?;
        let length = usize::from(u16_at(entry, 8).unwrap_or(0));
        let key_length = usize::from(u16_at(entry, 10).unwrap_or(0));
        let flags = u16_at(entry, 12).unwrap_or(0);
        // The last entry holds no name, only a possible pointer to a subnode.
        if flags & 0x0002 != 0 {
            return Ok(());
        }
        if length < 16 + key_length || length > entry.len() {
            return Err(bad("entry length out of range"));
        }
        let (record, sequence) = split_reference(u64_at(entry, 0).unwrap_or(0));
        entries.push(IndexEntry {
            record,
            sequence,
            name: parse_file_name(&entry[16..16 + key_length])?,
        });
        offset += length;
    }
}

/// Fixes up an INDX block and parses its entries.
pub(super) fn parse_index_block(block: &mut [u8], entries: &mut Vec<IndexEntry>) -> io::Result<()> {
    apply_fixups(block, b"INDX")?;
    parse_index_node(block, 0x18, entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_runs_decode_with_signed_offsets_and_sparse_runs() {
        // 0x10 clusters at LCN 0x100, 8 sparse, 4 at LCN 0x100 - 0x10 = 0xF0.
        let bytes = [0x21, 0x10, 0x00, 0x01, 0x01, 0x08, 0x11, 0x04, 0xF0, 0x00];
        let mut runs = Vec::new();
        decode_runs(&bytes, 5, &mut runs).unwrap();
        assert_eq!(
            runs,
            vec![
                Run {
                    vcn: 5,
                    clusters: 0x10,
                    lcn: Some(0x100)
                },
                Run {
                    vcn: 0x15,
                    clusters: 8,
                    lcn: None
                },
                Run {
                    vcn: 0x1D,
                    clusters: 4,
                    lcn: Some(0xF0)
                },
            ]
        );
        assert_eq!(find_run(&runs, 0x1C).map(|run| run.lcn), Some(None));
        assert!(find_run(&runs, 4).is_none());
        assert!(find_run(&runs, 0x21).is_none());
    }

    #[test]
    fn hostile_data_runs_are_errors() {
        for bytes in [
            &[0x09, 1, 2, 3, 4, 5, 6, 7, 8, 9][..],
            &[0x11, 0x00, 0x05],
            &[0x21, 0x10],
            &[0x11, 0x01, 0xFF],
            &[
                0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, 0x01, 0x01,
            ],
        ] {
            assert!(
                decode_runs(bytes, 0, &mut Vec::new()).is_err(),
                "{bytes:x?}"
            );
        }
    }

    #[test]
    fn fixups_detect_torn_sectors() {
        let mut record = vec![0u8; 1024];
        record[..4].copy_from_slice(b"FILE");
        record[4] = 48;
        record[6] = 3;
        record[48..54].copy_from_slice(&[0x07, 0x00, 0xAB, 0xCD, 0xEF, 0x01]);
        record[510..512].copy_from_slice(&[0x07, 0x00]);
        record[1022..1024].copy_from_slice(&[0x07, 0x00]);
        let mut good = record.clone();
        apply_fixups(&mut good, b"FILE").unwrap();
        assert_eq!(&good[510..512], &[0xAB, 0xCD]);
        assert_eq!(&good[1022..1024], &[0xEF, 0x01]);
        record[1022] = 0x08;
        assert!(apply_fixups(&mut record, b"FILE").is_err());
        assert!(apply_fixups(&mut vec![0u8; 1024], b"FILE").is_err());
    }
}
