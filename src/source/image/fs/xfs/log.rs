//! Whether the internal log says the filesystem was cleanly unmounted. XFS has no clean flag:
//! the last record written before the log's head must be a lone unmount record. The head is
//! found as the kernel finds it, from the cycle number stamped at the start of every 512-byte
//! block of the log: a binary search for where the cycle drops (or where the never-written,
//! zeroed part begins). The log is not replayed: when it holds changes, the walk says the view
//! may be stale.

use super::Volume;
use crate::source::image::bytes::be32;

const BASIC_BLOCK: u64 = 512;
const RECORD_MAGIC: u32 = 0xFEED_BABE;
/// Extended record headers each cover this much of a large (v2) log buffer.
const HEADER_CYCLE_SIZE: u64 = 32 * 1024;
/// The largest log record (256 KiB) with its headers: how far back from the head the last
/// record header can lie when several log buffers were in flight (eight, at most).
const MAX_SEARCH_BLOCKS: u64 = 8 * (256 * 1024 / BASIC_BLOCK + 8);
const OP_HEADER_FLAGS: usize = 9;
const UNMOUNT_FLAG: u8 = 0x20;

/// What the log says about the filesystem's state.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum LogState {
    /// Cleanly unmounted (or the log was never written): what is on disk is current.
    Clean,
    /// Changes sit in the log that were not written back: why the view may be stale.
    Dirty(String),
}

/// Reads the log's head and its last record.
pub(super) fn state(volume: &Volume) -> LogState {
    match Log::open(volume).and_then(|log| log.last_record_is_unmount()) {
        Ok(true) => LogState::Clean,
        Ok(false) => LogState::Dirty("the log holds changes not yet written back".into()),
        Err(why) => LogState::Dirty(why),
    }
}

struct Log<'a> {
    volume: &'a Volume,
    /// Byte offset of the log on the volume.
    start: u64,
    /// Its length in 512-byte blocks.
    blocks: u64,
}

impl<'a> Log<'a> {
    fn open(volume: &'a Volume) -> Result<Log<'a>, String> {
        let sb = &volume.sb;
        if sb.log_start == 0 {
            return Err("the log is on another device, which is not in the image".into());
        }
        let start = sb
            .extent_offset(sb.log_start, sb.log_blocks)
            .filter(|_| sb.log_blocks > 0)
            .ok_or("the superblock places the log outside the filesystem")?;
        Ok(Log {
            volume,
            start,
            blocks: sb.log_blocks * sb.block_size / BASIC_BLOCK,
        })
    }

    /// The first two words of log block `block`.
    fn words(&self, block: u64) -> Result<[u32; 2], String> {
        let mut raw = [0u8; 8];
        self.volume
            .read(self.start + block * BASIC_BLOCK, &mut raw)
            .map_err(|e| format!("the log cannot be read: {e}"))?;
        Ok([be32(&raw, 0), be32(&raw, 4)])
    }

    /// The cycle a block was last written in: record headers keep it in their second word,
    /// other blocks have it stamped over their first.
    fn cycle(&self, block: u64) -> Result<u32, String> {
        let [first, second] = self.words(block)?;
        Ok(if first == RECORD_MAGIC { second } else { first })
    }

    /// The first block of `range` whose cycle is `cycle`, given that the blocks before it
    /// all have another cycle and those from it on all have this one.
    fn first_with_cycle(&self, mut low: u64, mut high: u64, cycle: u32) -> Result<u64, String> {
        while low < high {
            let middle = low + (high - low) / 2;
            if self.cycle(middle)? == cycle {
                high = middle;
            } else {
                low = middle + 1;
            }
        }
        Ok(low)
    }

    /// Where the next record would be written (0 to `blocks`; `blocks` wraps to 0), or None
    /// for a log that was never written.
    fn head(&self) -> Result<Option<u64>, String> {
        let last = self.blocks - 1;
        let last_cycle = self.cycle(last)?;
        if last_cycle == 0 {
            // The first pass round the log has not reached its end: the head is where the
            // zeroed part begins.
            if self.cycle(0)? == 0 {
                return Ok(None);
            }
            return self.first_with_cycle(0, last, 0).map(Some);
        }
        let first_cycle = self.cycle(0)?;
        if first_cycle == last_cycle {
            // One cycle throughout: the last pass ended exactly at the end of the log.
            return Ok(Some(self.blocks));
        }
        self.first_with_cycle(0, last, last_cycle).map(Some)
    }

    fn last_record_is_unmount(&self) -> Result<bool, String> {
        let Some(head) = self.head()? else {
            return Ok(true);
        };
        let header = self
            .last_header_before(head)?
            .ok_or("no log record header found before the log's head")?;
        let mut raw = [0u8; 0x144];
        self.volume
            .read(self.start + header * BASIC_BLOCK, &mut raw)
            .map_err(|e| format!("the last log record cannot be read: {e}"))?;
        let version = be32(&raw, 0x08);
        let length = u64::from(be32(&raw, 0x0C));
        let operations = be32(&raw, 0x28);
        let buffer_size = u64::from(be32(&raw, 0x140));
        let header_blocks = if version & 2 != 0 && buffer_size > HEADER_CYCLE_SIZE {
            buffer_size.div_ceil(HEADER_CYCLE_SIZE)
        } else {
            1
        };
        let data = (header + header_blocks) % self.blocks;
        let end = (header + header_blocks + length.div_ceil(BASIC_BLOCK)) % self.blocks;
        if end != head % self.blocks || operations != 1 {
            return Ok(false);
        }
        let mut operation = [0u8; 12];
        self.volume
            .read(self.start + data * BASIC_BLOCK, &mut operation)
            .map_err(|e| format!("the last log record cannot be read: {e}"))?;
        Ok(operation[OP_HEADER_FLAGS] & UNMOUNT_FLAG != 0)
    }

    /// The nearest record header before `head`, going backwards round the log.
    fn last_header_before(&self, head: u64) -> Result<Option<u64>, String> {
        let mut block = head;
        for _ in 0..MAX_SEARCH_BLOCKS.min(self.blocks) {
            block = block.checked_sub(1).unwrap_or(self.blocks - 1);
            if self.words(block)?[0] == RECORD_MAGIC {
                return Ok(Some(block));
            }
        }
        Ok(None)
    }
}
