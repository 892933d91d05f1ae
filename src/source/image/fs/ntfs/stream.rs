//! Reading one data stream: resident bytes, plain data runs (sparse runs read as zeros) or
//! LZNT1-compressed units, always through a bounded buffer whatever the size of the file.

use std::io::{self, Read};

use super::lznt1;
use super::record::{Run, find_run, read_runs};
use crate::source::image::disk::Slice;
use crate::source::image::fs::corrupt;

/// Largest compression unit accepted: Windows uses 16 clusters of at most 4 KiB.
const MAX_UNIT: u64 = 1 << 20;

pub(super) enum Content {
    Resident(Vec<u8>),
    Runs(Vec<Run>),
    /// LZNT1 in units of `unit_clusters` clusters.
    Compressed {
        runs: Vec<Run>,
        unit_clusters: u64,
    },
}

/// A `Read` over one data stream. Bytes past the initialized size read as zeros.
pub(super) struct StreamReader {
    volume: Slice,
    cluster_size: u64,
    size: u64,
    initialized: u64,
    position: u64,
    content: Content,
    /// The compression unit last expanded, and its bytes.
    unit: Option<(u64, Vec<u8>)>,
    /// Reused buffer for the compressed clusters of a unit.
    packed: Vec<u8>,
}

impl StreamReader {
    pub fn new(
        volume: Slice,
        cluster_size: u64,
        size: u64,
        initialized: u64,
        content: Content,
    ) -> io::Result<Self> {
        if let Content::Compressed { unit_clusters, .. } = &content
            && unit_clusters
                .checked_mul(cluster_size)
                .is_none_or(|unit| unit > MAX_UNIT || unit % lznt1::CHUNK_SIZE as u64 != 0)
        {
            return Err(corrupt(format!(
                "unsupported compression unit of {unit_clusters} clusters"
            )));
        }
        Ok(StreamReader {
            volume,
            cluster_size,
            size,
            initialized: initialized.min(size),
            position: 0,
            content,
            unit: None,
            packed: Vec::new(),
        })
    }

    /// Reads from the current position, stopping at a run or unit boundary.
    fn read_some(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let remaining = self.size.saturating_sub(self.position);
        let wanted = buf
            .len()
            .min(usize::try_from(remaining).unwrap_or(usize::MAX));
        if wanted == 0 {
            return Ok(0);
        }
        let buf = &mut buf[..wanted];
        if self.position >= self.initialized {
            buf.fill(0);
            return Ok(wanted);
        }
        let initialized = self.initialized - self.position;
        let buf = &mut buf[..wanted.min(usize::try_from(initialized).unwrap_or(usize::MAX))];
        let position = self.position;
        match &self.content {
            Content::Resident(data) => {
                let start = usize::try_from(position).unwrap_or(usize::MAX);
                let available = data.get(start..).unwrap_or_default();
                let n = buf.len().min(available.len());
                if n == 0 {
                    return Err(corrupt("resident value shorter than its size"));
                }
                buf[..n].copy_from_slice(&available[..n]);
                Ok(n)
            }
            Content::Runs(runs) => read_runs(&self.volume, self.cluster_size, runs, position, buf),
            Content::Compressed { unit_clusters, .. } => {
                let unit_size = unit_clusters * self.cluster_size;
                let index = position / unit_size;
                if self
                    .unit
                    .as_ref()
                    .is_none_or(|(loaded, _)| *loaded != index)
                {
                    self.load_unit(index)?;
                }
                let unit = self.unit.as_ref().map(|(_, bytes)| bytes.as_slice());
                let start = (position % unit_size) as usize;
                let available = unit.and_then(|unit| unit.get(start..)).unwrap_or_default();
                let n = buf.len().min(available.len());
                buf[..n].copy_from_slice(&available[..n]);
                Ok(n)
            }
        }
    }

    /// Expands compression unit `index`: all clusters allocated means stored raw, none means
    /// zeros, some (the rest sparse) means LZNT1 in the allocated ones.
    fn load_unit(&mut self, index: u64) -> io::Result<()> {
        let Content::Compressed {
            runs,
            unit_clusters,
        } = &self.content
        else {
            return Ok(());
        };
        let cluster_size = self.cluster_size;
        let first = index * unit_clusters;
        let end = first + unit_clusters;
        let mut unit = match self.unit.take() {
            Some((_, bytes)) => bytes,
            None => vec![0; (unit_clusters * cluster_size) as usize],
        };
        // The allocated pieces of the unit in VCN order: (LCN, clusters).
        let mut pieces = Vec::new();
        let mut allocated = 0;
        let mut vcn = first;
        while vcn < end {
            let run = find_run(runs, vcn)
                .ok_or_else(|| corrupt(format!("no data run maps cluster {vcn} of the stream")))?;
            let count = run.end().min(end) - vcn;
            if let Some(lcn) = run.lcn {
                pieces.push((lcn + (vcn - run.vcn), count));
                allocated += count;
            }
            vcn += count;
        }
        let target = if allocated == *unit_clusters {
            &mut unit
        } else {
            self.packed.resize((allocated * cluster_size) as usize, 0);
            &mut self.packed
        };
        let mut offset = 0;
        for (lcn, count) in pieces {
            let length = (count * cluster_size) as usize;
            let position = lcn
                .checked_mul(cluster_size)
                .ok_or_else(|| corrupt("data run outside the volume"))?;
            self.volume
                .read_exact_at(position, &mut target[offset..offset + length])?;
            offset += length;
        }
        if allocated == 0 {
            unit.fill(0);
        } else if allocated < *unit_clusters {
            let written = lznt1::decompress(&self.packed, &mut unit)?;
            unit[written..].fill(0);
        }
        self.unit = Some((index, unit));
        Ok(())
    }
}

impl Read for StreamReader {
    /// Fills `buf` as far as the stream goes; an error after some bytes is returned by the next
    /// call, which meets it again.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut filled = 0;
        while filled < buf.len() {
            match self.read_some(&mut buf[filled..]) {
                Ok(0) => break,
                Ok(n) => {
                    filled += n;
                    self.position += n as u64;
                }
                Err(error) if filled == 0 => return Err(error),
                Err(_) => break,
            }
        }
        Ok(filled)
    }
}
