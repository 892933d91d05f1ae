//! Expert Witness Format (E01, Ex01) through the `ewf` crate. Segments are found here by their
//! names (`.E01`, `.E02`... `.E99`, `.EAA`...) and checked to hold the whole disk the image
//! declares, so a missing last segment is reported at open rather than as a read error later.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use ::ewf::{EwfError, EwfReader, SegmentSource};

use super::{
    ContainerError, Format, MAX_DISK_SIZE, invalid_in, io_error_in, open_file, panicked_in,
    read_error, read_full,
};
use crate::panics::catch;
use crate::source::image::disk::{Disk, clamp_to_end};

pub(super) const SIGNATURE_V1: &[u8] = b"EVF\x09\x0d\x0a\xff\x00";
pub(super) const SIGNATURE_V2: &[u8] = b"EVF2\x0d\x0a\x81\x00";

struct EwfDisk {
    reader: EwfReader,
    path: PathBuf,
    size: u64,
    format: String,
    /// The sector ranges the acquisition could not read, as the image records them, said once.
    problems: Vec<String>,
    /// The same ranges in bytes of the disk, and how many bytes reads have returned from them.
    unread: Vec<Range<u64>>,
    zero_filled: u64,
}

pub(super) fn open(path: &Path) -> Result<Box<dyn Disk>, ContainerError> {
    let invalid = invalid_in(path, Format::Ewf);
    let first = open_file(path)?;
    let mut signature = [0u8; 8];
    let n = read_full(&first, 0, &mut signature).map_err(io_error_in(path))?;
    let version2 = &signature[..n] == SIGNATURE_V2;
    let paths = segment_paths(path, version2)?;
    let opened = if version2 {
        // The crate reads EWF2 only from paths; it opens them read-only.
        catch(|| EwfReader::open_segments(&paths))
    } else {
        let mut sources = vec![SegmentSource::File(first)];
        for segment in &paths[1..] {
            sources.push(SegmentSource::File(open_file(segment)?));
        }
        // Lazy: the chunk table is paged in by section, not held whole (about 1 GB for 2 TB).
        catch(|| EwfReader::open_lazy_from_sources(sources))
    };
    let reader = match opened {
        Ok(Ok(reader)) => reader,
        Ok(Err(e)) => return Err(invalid(e.to_string())),
        Err(message) => return Err(panicked_in(path, Format::Ewf)(message)),
    };
    let size = reader.total_size();
    let chunk_size = reader.chunk_size();
    check_chunk_size(chunk_size).map_err(invalid)?;
    let stored = (reader.chunk_count() as u64)
        .checked_mul(chunk_size)
        .ok_or_else(|| invalid("chunk table overflows".to_string()))?;
    if size > MAX_DISK_SIZE {
        return Err(invalid(format!(
            "declares an implausible disk size of {size} bytes"
        )));
    }
    if size > stored {
        // The tables of the segments found stop short of the declared size.
        let next = segment_number(path, version2)
            .and_then(|_| segment_name(path, paths.len() + 1, version2))
            .map_or_else(
                || {
                    "a segment is missing (segments are found by their names, .E01, .E02...)"
                        .to_string()
                },
                |next| format!("segment {} is missing", next.display()),
            );
        return Err(invalid(format!(
            "its {} segment(s) hold {stored} of the {size} bytes it declares: {next}, or a \
             segment is truncated",
            paths.len()
        )));
    }
    let format = match (version2, paths.len()) {
        (true, 1) => "ewf2".to_string(),
        (true, n) => format!("ewf2 ({n} segments)"),
        (false, 1) => "ewf".to_string(),
        (false, n) => format!("ewf ({n} segments)"),
    };
    let unread: Vec<(u32, u32)> = reader
        .acquisition_errors()
        .iter()
        .filter(|e| e.sector_count > 0)
        .map(|e| (e.first_sector, e.sector_count))
        .collect();
    let problems = acquisition_problem(&unread).into_iter().collect();
    let unread = reader
        .bytes_per_sector()
        .map(|sector| byte_ranges(&unread, sector))
        .unwrap_or_default();
    Ok(Box::new(EwfDisk {
        reader,
        path: path.to_path_buf(),
        size,
        format,
        problems,
        unread,
        zero_filled: 0,
    }))
}

/// Sector ranges (first, count) as byte ranges of the disk, sorted and merged: an image may list
/// a range twice, or millions of them, and each read looks its offset up.
fn byte_ranges(sectors: &[(u32, u32)], bytes_per_sector: u64) -> Vec<Range<u64>> {
    let byte = |sector: u64| sector.saturating_mul(bytes_per_sector);
    let mut ranges: Vec<Range<u64>> = sectors
        .iter()
        .map(|&(first, count)| {
            let first = u64::from(first);
            byte(first)..byte(first + u64::from(count))
        })
        .filter(|r| !r.is_empty())
        .collect();
    ranges.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<u64>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

/// How many bytes of `read` lie in `ranges` (sorted, disjoint).
fn overlap(read: Range<u64>, ranges: &[Range<u64>]) -> u64 {
    let first = ranges.partition_point(|r| r.end <= read.start);
    ranges[first..]
        .iter()
        .take_while(|r| r.start < read.end)
        .map(|r| r.end.min(read.end) - r.start.max(read.start))
        .sum()
}

/// The largest chunk accepted: 32,768 sectors of 4,096 bytes, libewf's largest choices (the
/// crate checks it for EWF1 only). Each read decompresses a whole chunk into a buffer of that
/// size, so a header declaring a terabyte would be an allocation that aborts the scan.
const MAX_CHUNK_SIZE: u64 = 32_768 * 4_096;

fn check_chunk_size(chunk_size: u64) -> Result<(), String> {
    match chunk_size {
        0 => Err("chunk size is 0".to_string()),
        1..=MAX_CHUNK_SIZE => Ok(()),
        _ => Err(format!(
            "declares chunks of {chunk_size} bytes; EWF chunks are at most {MAX_CHUNK_SIZE} \
             bytes (32,768 sectors of 4,096 bytes)"
        )),
    }
}

/// The segment files of the image whose first segment is `path`, in order. A path whose
/// extension is not a segment number (a renamed image) is taken alone.
fn segment_paths(path: &Path, version2: bool) -> Result<Vec<PathBuf>, ContainerError> {
    match segment_number(path, version2) {
        None => Ok(vec![path.to_path_buf()]),
        Some(1) => {
            let mut paths = vec![path.to_path_buf()];
            while let Some(next) = segment_name(path, paths.len() + 1, version2) {
                if !next.exists() {
                    break;
                }
                paths.push(next);
            }
            Ok(paths)
        }
        Some(n) => Err(invalid_in(path, Format::Ewf)(format!(
            "is segment {n} of a multi-file image; open its first segment{}",
            segment_name(path, 1, version2)
                .map(|p| format!(" ({})", p.display()))
                .unwrap_or_default()
        ))),
    }
}

/// Number of the segment `path` names by its extension: `E01` is 1, `Ex01` (EWF2) is 1. None
/// for other names (`EAA` and later are not told apart from ordinary extensions: the crate then
/// reports the segment number it finds inside).
fn segment_number(path: &Path, version2: bool) -> Option<usize> {
    let extension = path.extension()?.to_str()?.as_bytes();
    let prefix = if version2 { 2 } else { 1 };
    if extension.len() != prefix + 2
        || !extension[0].is_ascii_alphabetic()
        || !extension[prefix..].iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    std::str::from_utf8(&extension[prefix..]).ok()?.parse().ok()
}

/// Name of segment `number` of the image whose first segment is `first`, following libewf:
/// `E01`..`E99`, then `EAA`..`EZZ`, `FAA`..`ZZZ`, in the case of the first segment's name.
fn segment_name(first: &Path, number: usize, version2: bool) -> Option<PathBuf> {
    let extension = first.extension()?.to_str()?;
    let prefix_len = if version2 { 2 } else { 1 };
    let prefix = extension.get(..prefix_len)?;
    let lower = extension.bytes().all(|b| !b.is_ascii_uppercase());
    let name = if (1..=99).contains(&number) {
        format!("{prefix}{number:02}")
    } else {
        let k = number.checked_sub(100)?;
        let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
        let lead = prefix.as_bytes()[prefix_len - 1].to_ascii_uppercase() as usize + k / 676;
        if lead > usize::from(b'Z') {
            return None;
        }
        let head = &prefix[..prefix_len - 1];
        format!(
            "{head}{}{}{}",
            lead as u8 as char,
            letter(k / 26),
            letter(k)
        )
    };
    let name = if lower {
        name.to_ascii_lowercase()
    } else {
        name
    };
    Some(first.with_extension(name))
}

impl Disk for EwfDisk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Some(buf) = clamp_to_end(buf, offset, self.size) else {
            return Ok(0);
        };
        let wanted = buf.len();
        let reader = &self.reader;
        match catch(|| reader.read_at(buf, offset)) {
            Ok(Ok(n)) if n == wanted => {
                if !self.unread.is_empty() {
                    let unread = overlap(offset..offset + n as u64, &self.unread);
                    self.zero_filled = self.zero_filled.saturating_add(unread);
                }
                Ok(n)
            }
            Ok(Ok(n)) => Err(read_error(
                &self.path,
                io::ErrorKind::UnexpectedEof,
                format_args!("no chunk for byte {} of the disk", offset + n as u64),
            )),
            Ok(Err(EwfError::Io(e))) => Err(read_error(&self.path, e.kind(), e)),
            Ok(Err(e)) => Err(read_error(&self.path, io::ErrorKind::InvalidData, e)),
            Err(message) => Err(read_error(
                &self.path,
                io::ErrorKind::InvalidData,
                format_args!("EWF decoder failed: {message}"),
            )),
        }
    }

    fn size(&self) -> u64 {
        self.size
    }

    fn format(&self) -> String {
        self.format.clone()
    }

    fn problems(&self) -> Vec<String> {
        self.problems.clone()
    }

    fn zero_filled(&self) -> u64 {
        self.zero_filled
    }
}

/// How many ranges of sectors the acquisition listed in the image as unreadable, and which:
/// they hold zeros, so a file there is incomplete and a scan of it may miss what it held.
fn acquisition_problem(unread: &[(u32, u32)]) -> Option<String> {
    const LISTED: usize = 10;
    if unread.is_empty() {
        return None;
    }
    let sectors: u64 = unread.iter().map(|&(_, count)| u64::from(count)).sum();
    let mut ranges: Vec<String> = unread
        .iter()
        .take(LISTED)
        .map(|&(first, count)| {
            let last = u64::from(first) + u64::from(count).saturating_sub(1);
            format!("{first}-{last}")
        })
        .collect();
    if unread.len() > LISTED {
        ranges.push(format!("and {} more", unread.len() - LISTED));
    }
    Some(format!(
        "the acquisition could not read {} range(s) of sectors, {sectors} sectors in all \
         ({}): the image holds zeros there, so files on them are incomplete",
        unread.len(),
        ranges.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_names_follow_libewf() {
        let first = Path::new("/x/disk.E01");
        let name = |n| segment_name(first, n, false).map(|p| p.display().to_string());
        assert_eq!(name(2).as_deref(), Some("/x/disk.E02"));
        assert_eq!(name(99).as_deref(), Some("/x/disk.E99"));
        assert_eq!(name(100).as_deref(), Some("/x/disk.EAA"));
        assert_eq!(name(101).as_deref(), Some("/x/disk.EAB"));
        assert_eq!(name(100 + 676).as_deref(), Some("/x/disk.FAA"));
        assert_eq!(name(100 + 676 * 21 + 675).as_deref(), Some("/x/disk.ZZZ"));
        assert_eq!(name(100 + 676 * 22), None);
        let lower = segment_name(Path::new("d.e01"), 3, false);
        assert_eq!(lower, Some(PathBuf::from("d.e03")));
        let v2 = segment_name(Path::new("d.Ex01"), 12, true);
        assert_eq!(v2, Some(PathBuf::from("d.Ex12")));
        assert_eq!(segment_number(Path::new("d.E01"), false), Some(1));
        assert_eq!(segment_number(Path::new("d.E07"), false), Some(7));
        assert_eq!(segment_number(Path::new("d.EAB"), false), None);
        assert_eq!(segment_number(Path::new("d.bin"), false), None);
        assert_eq!(segment_number(Path::new("d.Ex01"), true), Some(1));
    }

    #[test]
    fn acquisition_errors_are_listed_with_their_sectors() {
        assert_eq!(acquisition_problem(&[]), None);
        let problem = acquisition_problem(&[(2048, 64), (100_000, 8)]).expect("a problem");
        assert!(
            problem.starts_with(
                "the acquisition could not read 2 range(s) of sectors, 72 sectors in all \
                 (2048-2111, 100000-100007)"
            ),
            "{problem}"
        );
        let many: Vec<(u32, u32)> = (0..12).map(|i| (i * 100, 1)).collect();
        let problem = acquisition_problem(&many).expect("a problem");
        assert!(problem.contains("(0-0, 100-100,"), "{problem}");
        assert!(problem.contains("900-900, and 2 more)"), "{problem}");
    }

    #[test]
    fn reads_count_the_bytes_they_return_from_unacquired_sectors() {
        // Listed out of order, one twice and one inside another: sorted and merged.
        let unread = byte_ranges(&[(100_000, 8), (2048, 64), (2050, 2), (100_000, 8)], 512);
        assert_eq!(unread, [1_048_576..1_081_344, 51_200_000..51_204_096]);
        assert_eq!(overlap(0..1_048_576, &unread), 0);
        assert_eq!(overlap(1_048_000..1_049_000, &unread), 424);
        assert_eq!(overlap(1_000_000..60_000_000, &unread), 32_768 + 4_096);
        assert_eq!(overlap(51_204_096..51_300_000, &unread), 0);
        assert_eq!(overlap(51_204_000..51_300_000, &unread), 96);
        // Sectors past what a u64 of bytes can hold do not wrap.
        let huge = byte_ranges(&[(u32::MAX, u32::MAX), (1, 1)], 1 << 40);
        assert_eq!(huge, vec![1 << 40..2 << 40]);
    }

    #[test]
    fn chunk_sizes_past_libewf_s_largest_are_refused() {
        assert!(check_chunk_size(32 << 10).is_ok());
        assert!(check_chunk_size(MAX_CHUNK_SIZE).is_ok());
        assert_eq!(check_chunk_size(0), Err("chunk size is 0".to_string()));
        let huge = check_chunk_size(1 << 40).expect_err("a terabyte chunk");
        assert!(
            huge.contains("declares chunks of 1099511627776 bytes"),
            "{huge}"
        );
    }

    /// The input the ewf fuzz target found: a table section whose entries overflow the section's
    /// base offset, so it holds fewer chunks than it declares. Reads across the disk (the fuzz
    /// target's pattern) made the crate index past the parsed section and panic; the vendored
    /// crate (vendor/README.md) answers with an error naming the chunk.
    #[test]
    fn a_chunk_missing_from_its_table_section_is_a_read_error_not_a_panic() {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/testdata/images/ewf-chunk-index-past-table.E01"
        ));
        let mut disk = open(path).expect("the header and table are readable");
        let size = disk.size();
        let mut buffer = vec![0; 64 << 10];
        let spread = (0..16).map(|i| size / 16 * i);
        let errors: Vec<String> = spread
            .chain([size.saturating_sub(64 << 10)])
            .filter_map(|offset| disk.read_at(offset, &mut buffer).err())
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors
                .iter()
                .any(|e| e.contains("is missing from its table section")),
            "{errors:#?}"
        );
        assert!(
            errors.iter().all(|e| !e.contains("decoder failed")),
            "{errors:#?}"
        );
    }
}
