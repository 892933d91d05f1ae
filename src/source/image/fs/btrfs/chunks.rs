//! Chunks: how btrfs's logical addresses (all that trees and extents hold) become byte offsets
//! on a device. Each chunk maps a logical range onto one or more stripes; the image holds one
//! device, so a block is readable where the stripe holding it lies on that device.

use std::io;

use super::super::corrupt;
use crate::source::image::bytes::{le16, le64};

/// Bytes of a chunk item before its stripes, and of one stripe.
const CHUNK_HEAD: usize = 48;
const STRIPE_BYTES: usize = 32;

// Block group profiles, in a chunk's type.
const RAID0: u64 = 1 << 3;
const RAID10: u64 = 1 << 6;
const RAID5: u64 = 1 << 7;
const RAID6: u64 = 1 << 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Stripe {
    pub devid: u64,
    pub offset: u64,
}

/// One chunk: `length` logical bytes from `logical`, laid over `stripes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Chunk {
    pub logical: u64,
    pub length: u64,
    pub stripe_len: u64,
    pub kind: u64,
    pub sub_stripes: u64,
    pub stripes: Vec<Stripe>,
}

impl Chunk {
    /// Parses the chunk item `raw` for the chunk starting at `logical`; returns it and the
    /// bytes it takes.
    pub fn parse(logical: u64, raw: &[u8]) -> io::Result<(Chunk, usize)> {
        let count = usize::from(le16(raw, 44));
        let used = CHUNK_HEAD + count * STRIPE_BYTES;
        if count == 0 || raw.len() < used {
            return Err(corrupt(format!(
                "chunk at {logical}: {count} stripes in {} bytes",
                raw.len()
            )));
        }
        let chunk = Chunk {
            logical,
            length: le64(raw, 0),
            stripe_len: le64(raw, 16),
            kind: le64(raw, 24),
            sub_stripes: u64::from(le16(raw, 46)),
            stripes: (0..count)
                .map(|i| {
                    let at = CHUNK_HEAD + i * STRIPE_BYTES;
                    Stripe {
                        devid: le64(raw, at),
                        offset: le64(raw, at + 8),
                    }
                })
                .collect(),
        };
        let striped = chunk.kind & (RAID0 | RAID10 | RAID5 | RAID6) != 0;
        let sound = chunk.length > 0
            && logical.checked_add(chunk.length).is_some()
            && (!striped || chunk.stripe_len.is_power_of_two())
            && (chunk.kind & RAID10 == 0
                || (chunk.sub_stripes >= 1 && (count as u64).is_multiple_of(chunk.sub_stripes)))
            && (chunk.kind & RAID5 == 0 || count >= 2)
            && (chunk.kind & RAID6 == 0 || count >= 3);
        if !sound {
            return Err(corrupt(format!(
                "chunk at {logical}: impossible layout (length {}, stripe length {}, {count} \
                 stripes, type 0x{:x})",
                chunk.length, chunk.stripe_len, chunk.kind
            )));
        }
        Ok((chunk, used))
    }

    /// Where logical address `logical` (inside the chunk) lies: the stripes that hold its
    /// bytes (mirrors of each other), how far into each stripe, and how many bytes go on from
    /// there in the same stripe.
    fn place(&self, logical: u64) -> (std::ops::Range<usize>, u64, u64) {
        let within = logical - self.logical;
        let left_in_chunk = self.length - within;
        let count = self.stripes.len() as u64;
        if self.kind & (RAID0 | RAID10 | RAID5 | RAID6) == 0 {
            // Single, DUP and the RAID1 family: every stripe holds all the chunk.
            return (0..self.stripes.len(), within, left_in_chunk);
        }
        let stripe_nr = within / self.stripe_len;
        let offset_in_stripe = within % self.stripe_len;
        let run = (self.stripe_len - offset_in_stripe).min(left_in_chunk);
        let (first, mirrors, row) = if self.kind & RAID0 != 0 {
            (stripe_nr % count, 1, stripe_nr / count)
        } else if self.kind & RAID10 != 0 {
            let factor = count / self.sub_stripes;
            (
                (stripe_nr % factor) * self.sub_stripes,
                self.sub_stripes,
                stripe_nr / factor,
            )
        } else {
            // RAID5/6: the parity rotates over the devices row by row.
            let data_stripes = count - if self.kind & RAID6 != 0 { 2 } else { 1 };
            let row = stripe_nr / data_stripes;
            ((stripe_nr % data_stripes + row) % count, 1, row)
        };
        let into_stripe = row
            .saturating_mul(self.stripe_len)
            .saturating_add(offset_in_stripe);
        let first = first as usize;
        (first..first + mirrors as usize, into_stripe, run)
    }
}

/// Every chunk of the filesystem, sorted by logical address, and the device in the image.
pub(super) struct ChunkMap {
    chunks: Vec<Chunk>,
    devid: u64,
}

impl ChunkMap {
    /// The map of `chunks` for device `devid`; overlapping chunks are an error.
    pub fn new(mut chunks: Vec<Chunk>, devid: u64) -> io::Result<ChunkMap> {
        chunks.sort_by_key(|chunk| chunk.logical);
        chunks.dedup();
        for pair in chunks.windows(2) {
            if pair[0].logical + pair[0].length > pair[1].logical {
                return Err(corrupt(format!(
                    "chunks at {} and {} overlap",
                    pair[0].logical, pair[1].logical
                )));
            }
        }
        Ok(ChunkMap { chunks, devid })
    }

    /// Where logical address `logical` lies on the device in the image, and how many bytes go
    /// on contiguously from there.
    pub fn map(&self, logical: u64) -> io::Result<(u64, u64)> {
        let index = self
            .chunks
            .partition_point(|chunk| chunk.logical <= logical);
        let chunk = index
            .checked_sub(1)
            .map(|i| &self.chunks[i])
            .filter(|chunk| logical - chunk.logical < chunk.length)
            .ok_or_else(|| corrupt(format!("logical address {logical} is in no chunk")))?;
        let (stripes, into_stripe, run) = chunk.place(logical);
        let stripes = &chunk.stripes[stripes];
        let stripe = stripes
            .iter()
            .find(|stripe| stripe.devid == self.devid)
            .ok_or_else(|| {
                corrupt(format!(
                    "logical address {logical} lies on device {} of a multi-device \
                     filesystem, which is not in the image",
                    stripes.first().map_or(0, |stripe| stripe.devid)
                ))
            })?;
        let offset = stripe.offset.checked_add(into_stripe).ok_or_else(|| {
            corrupt(format!(
                "logical address {logical} maps past the largest device offset"
            ))
        })?;
        Ok((offset, run))
    }
}
