//! What the FAT and exFAT readers share: the FAT read a window at a time and its links
//! checked, the stack of directories still to read, each known by its first cluster and entered
//! once, and reading a file through its cluster chain, as many clusters at a time as the chain
//! keeps contiguous on the volume.

use std::collections::HashSet;
use std::io;

use super::{FsItem, FsPath, corrupt};
use crate::source::image::disk::Slice;

/// Bytes of the FAT read at a time.
const FAT_WINDOW: u64 = 4096;

/// The FAT's bytes, read a window at a time.
pub(super) struct FatWindow<'a> {
    volume: &'a Slice,
    /// Where the FAT starts on the volume, and its length.
    fat_offset: u64,
    fat_bytes: u64,
    start: u64,
    window: Vec<u8>,
}

impl<'a> FatWindow<'a> {
    pub fn new(volume: &'a Slice, fat_offset: u64, fat_bytes: u64) -> FatWindow<'a> {
        FatWindow {
            volume,
            fat_offset,
            fat_bytes,
            start: 0,
            window: Vec::new(),
        }
    }

    /// The `len` bytes (4 at most) at byte `at` of the FAT; the caller has checked that they
    /// lie inside it.
    pub fn bytes(&mut self, at: u64, len: u64) -> io::Result<&[u8]> {
        if at < self.start || at + len > self.start + self.window.len() as u64 {
            self.start = at - at % FAT_WINDOW;
            let n = FAT_WINDOW.min(self.fat_bytes - self.start);
            self.window.resize(n as usize, 0);
            self.volume
                .read_exact_at(self.fat_offset + self.start, &mut self.window)?;
        }
        let from = (at - self.start) as usize;
        Ok(&self.window[from..from + len as usize])
    }
}

/// Where a FAT entry of `cluster` leads: `next` is None where the entry ends the chain, and
/// a next cluster that `is_cluster` refuses (free, bad or out of range) breaks it.
pub(super) fn link(
    cluster: u32,
    next: Option<u32>,
    is_cluster: impl Fn(u32) -> bool,
) -> io::Result<Option<u32>> {
    match next {
        Some(value) if !is_cluster(value) => Err(corrupt(format!(
            "cluster {cluster} links to {value:#x} (free, bad or out of range): broken cluster chain"
        ))),
        next => Ok(next),
    }
}

/// The directories a walk has still to read: each entered once, handed out depth first and
/// in directory order.
pub(super) struct Directories<D> {
    /// The first cluster of every directory queued so far.
    entered: HashSet<u32>,
    stack: Vec<(D, FsPath)>,
    /// Where the subdirectories of the directory being read start in `stack`.
    queued: usize,
}

impl<D> Directories<D> {
    /// Starts with the root, `root`, whose first cluster is `cluster` (0 for a FAT12/16 root,
    /// which has none).
    pub fn new(cluster: u32, root: D) -> Directories<D> {
        Directories {
            entered: HashSet::from([cluster]),
            stack: vec![(root, Vec::new())],
            queued: 0,
        }
    }

    /// The next directory to read and its path ("" for the root).
    pub fn pop(&mut self) -> Option<(D, FsPath)> {
        // Popped last-in first: reversed, subdirectories are entered in directory order.
        self.stack[self.queued..].reverse();
        let next = self.stack.pop();
        self.queued = self.stack.len();
        next
    }

    /// Queues directory `dir` at `path`, unless its first cluster, `cluster`, was entered
    /// already (a directory loop): that is reported instead.
    pub fn enter(&mut self, cluster: u32, dir: D, path: FsPath, visit: &mut dyn FnMut(FsItem<'_>)) {
        if self.entered.insert(cluster) {
            self.stack.push((dir, path));
        } else {
            visit(FsItem::Error {
                path,
                message: format!(
                    "directory at cluster {cluster} already entered (a directory loop): not \
                     entered again"
                ),
            });
        }
    }
}

/// A file's cluster chain and where its clusters lie.
pub(super) trait Chain {
    fn cluster_size(&self) -> u64;
    /// Where `cluster` starts on the volume.
    fn cluster_offset(&self, cluster: u32) -> u64;
    /// The cluster after `cluster`, or None at the end of the chain.
    fn next(&mut self, cluster: u32) -> io::Result<Option<u32>>;
}

/// Fills `buf` (as far as it can before `end`) from byte `position` of the file, which lies in
/// `*cluster`, through the clusters that follow it on the volume as long as the chain does.
/// Unless `end` is reached, `*cluster` then moves to the cluster holding the next byte, and
/// `ends_early` is the error if the chain stops first. Returns the bytes read and the last
/// cluster they came from.
pub(super) fn read_run(
    volume: &Slice,
    chain: &mut impl Chain,
    cluster: &mut u32,
    position: u64,
    end: u64,
    buf: &mut [u8],
    ends_early: &str,
) -> io::Result<(usize, u32)> {
    let cluster_size = chain.cluster_size();
    let within = position % cluster_size;
    let wanted = (buf.len() as u64).min(end - position);
    // Extend the run while the chain goes on to the very next cluster.
    let needed = (within + wanted).div_ceil(cluster_size);
    let mut run = 1;
    let mut last = *cluster;
    while run < needed {
        match chain.next(last)? {
            Some(next) if next == last + 1 => {
                last = next;
                run += 1;
            }
            _ => break,
        }
    }
    let n = (run * cluster_size - within).min(wanted) as usize;
    volume.read_exact_at(chain.cluster_offset(*cluster) + within, &mut buf[..n])?;
    let advanced = (within + n as u64) / cluster_size;
    if position + (n as u64) < end {
        *cluster = if advanced < run {
            *cluster + advanced as u32
        } else {
            chain.next(last)?.ok_or_else(|| corrupt(ends_early))?
        };
    }
    Ok((n, last))
}
