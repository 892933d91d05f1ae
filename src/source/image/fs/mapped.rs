//! A regular file's content read run by run through its block map, as ext and XFS lay files
//! out: mapped runs from the volume, holes and unwritten extents as zeros, up to the size the
//! inode records.

use std::io::{self, Read};

/// A stretch of a file from some file block on: `blocks` blocks at `at` on the volume (in the
/// filesystem's own unit: a block number for ext, a byte offset for XFS), or (`at` None)
/// reading as zeros: a hole or an unwritten extent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Run {
    pub at: Option<u64>,
    pub blocks: u64,
}

/// A file's block map as the reader needs it.
pub(super) trait BlockMapping {
    fn block_size(&self) -> u64;
    /// The run holding file block `logical`.
    fn run(&mut self, logical: u64) -> io::Result<Run>;
    /// Fills `buf` from the volume, `offset` bytes into the run that starts at `at`.
    fn read(&self, at: u64, offset: u64, buf: &mut [u8]) -> io::Result<()>;
}

pub(super) struct MappedFile<M> {
    map: M,
    size: u64,
    position: u64,
    /// The run last looked up and the file block it starts at.
    run: Option<(u64, Run)>,
}

impl<M: BlockMapping> MappedFile<M> {
    pub fn new(map: M, size: u64) -> MappedFile<M> {
        MappedFile {
            map,
            size,
            position: 0,
            run: None,
        }
    }
}

impl<M: BlockMapping> Read for MappedFile<M> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let block_size = self.map.block_size();
        let mut filled = 0;
        while filled < buf.len() && self.position < self.size {
            let logical = self.position / block_size;
            let (start, run) = match self.run {
                Some((start, run)) if start <= logical && logical - start < run.blocks => {
                    (start, run)
                }
                _ => {
                    let run = self.map.run(logical)?;
                    self.run = Some((logical, run));
                    (logical, run)
                }
            };
            let run_end = (start + run.blocks).saturating_mul(block_size);
            let n = ((buf.len() - filled) as u64)
                .min(run_end - self.position)
                .min(self.size - self.position) as usize;
            let part = &mut buf[filled..filled + n];
            match run.at {
                Some(at) => self
                    .map
                    .read(at, self.position - start * block_size, part)?,
                None => part.fill(0),
            }
            filled += n;
            self.position += n as u64;
        }
        Ok(filled)
    }
}
