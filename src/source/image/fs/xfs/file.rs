//! A regular file's content, read run by run: mapped blocks from the volume, holes and
//! unwritten extents as zeros, up to the size the inode records.

use std::io::{self, Read};

use super::Volume;
use super::bmap::{BlockMap, Run};

pub(super) struct FileContent<'a> {
    volume: &'a Volume,
    map: BlockMap<'a>,
    size: u64,
    position: u64,
    /// The run last looked up and the file block it starts at.
    run: Option<(u64, Run)>,
}

impl<'a> FileContent<'a> {
    pub fn new(volume: &'a Volume, map: BlockMap<'a>, size: u64) -> FileContent<'a> {
        FileContent {
            volume,
            map,
            size,
            position: 0,
            run: None,
        }
    }
}

impl Read for FileContent<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let block_size = self.volume.sb.block_size;
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
                    .volume
                    .read(at + (self.position - start * block_size), part)?,
                None => part.fill(0),
            }
            filled += n;
            self.position += n as u64;
        }
        Ok(filled)
    }
}
