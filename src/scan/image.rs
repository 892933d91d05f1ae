//! The producer side of an image scan: the image walk runs in one thread (the filesystem readers
//! are not thread-safe), reads each file into a buffer and hands it to the workers, so hashing
//! and rule scanning stay parallel. Files above `--max-size` are streamed and hashed here.

use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Condvar, Mutex};

use crossbeam_channel::Sender;

use super::{Event, Work};
use crate::analysis::hash::HashKinds;
use crate::analysis::{Analyzer, AnalyzerConfig, FileOutcome, Subject};
use crate::panics;
use crate::signatures::Signatures;
use crate::source::Uncounted;
use crate::source::image::layout::OpenedImage;
use crate::source::image::walk::{self, ImageItem};
use crate::source::walk::WalkItem;

/// Bytes of file content read from an image but not yet analysed. Memory stays bounded by this
/// (plus one file, which is always let through so a file larger than the budget still moves).
const BYTES_IN_FLIGHT: u64 = 256 << 20;
/// Spare buffers kept for reuse, so small files do not each allocate.
const SPARE_BUFFERS: usize = 16;

/// Accounts for content buffers between the image walk and the workers.
#[derive(Default)]
pub(super) struct InFlight {
    state: Mutex<Pool>,
    released: Condvar,
}

#[derive(Default)]
struct Pool {
    bytes: u64,
    spare: Vec<Vec<u8>>,
}

impl InFlight {
    /// A cleared buffer for `size` bytes, once the bytes in flight allow it.
    fn acquire(&self, size: u64) -> Vec<u8> {
        let Ok(mut pool) = self.state.lock() else {
            return Vec::new();
        };
        while pool.bytes > 0 && pool.bytes + size > BYTES_IN_FLIGHT {
            pool = match self.released.wait(pool) {
                Ok(pool) => pool,
                Err(_) => return Vec::new(),
            };
        }
        pool.bytes += size;
        let mut buffer = pool.spare.pop().unwrap_or_default();
        buffer.clear();
        buffer
    }

    /// Returns the buffer of an analysed (or abandoned) file, read for `expected` bytes.
    pub(super) fn release(&self, data: Vec<u8>, expected: u64) {
        if let Ok(mut pool) = self.state.lock() {
            pool.bytes = pool.bytes.saturating_sub(expected);
            if pool.spare.len() < SPARE_BUFFERS {
                pool.spare.push(data);
            }
        }
        self.released.notify_one();
    }
}

/// Walks `image`, sending file contents to the workers and everything else to the aggregator.
pub(super) fn produce<'s>(
    image: &mut OpenedImage,
    signatures: &'s Signatures,
    config: &'s AnalyzerConfig,
    in_flight: &InFlight,
    stop: &AtomicBool,
    works: &Sender<Work>,
    events: &Sender<Event>,
) {
    // Only built when a file above --max-size turns up.
    let mut stream_analyzer: Option<Analyzer<'s>> = None;
    walk::walk(image, stop, &mut |item| match item {
        ImageItem::File {
            mut names,
            origin,
            size,
            content,
        } => {
            let path = names.remove(0);
            let subject = Subject {
                path,
                other_names: names,
                image: Some(origin.clone()),
            };
            if size > config.max_size {
                let analyzer =
                    stream_analyzer.get_or_insert_with(|| Analyzer::new(signatures, config));
                let (outcome, read) = stream(analyzer, subject, size, content);
                let _ = events.send(Event::File(outcome));
                return read;
            }
            let mut data = in_flight.acquire(size);
            let read = content.take(size).read_to_end(&mut data);
            match read {
                Ok(read) => {
                    let _ = works.send(Work::Image {
                        subject,
                        data,
                        expected: size,
                    });
                    read as u64
                }
                Err(e) => {
                    in_flight.release(data, size);
                    let _ = events.send(Event::File(FileOutcome::Failed {
                        path: subject.path,
                        message: format!("read error in the image: {e}"),
                    }));
                    0
                }
            }
        }
        ImageItem::Skipped { path, reason } => {
            let _ = events.send(Event::Walk(WalkItem::Skipped { path, reason }));
            0
        }
        ImageItem::Link => {
            let _ = events.send(Event::Walk(WalkItem::Uncounted(Uncounted::Symlink)));
            0
        }
        ImageItem::Error { path, message } => {
            let _ = events.send(Event::Walk(WalkItem::Error { path, message }));
            0
        }
    });
}

/// Hashes a file too large to hold, with all three digests at once (an image stream cannot be
/// rewound to add the missing ones for a finding), and checks it against the IOCs.
fn stream(
    analyzer: &mut Analyzer<'_>,
    subject: Subject,
    size: u64,
    content: &mut dyn Read,
) -> (FileOutcome, u64) {
    let path: PathBuf = subject.path.clone();
    let result = panics::catch(|| analyzer.analyze_stream(subject, size, content, HashKinds::ALL));
    match result {
        Ok(Ok(report)) => {
            let read = report.size;
            (FileOutcome::Analyzed(Box::new(report)), read)
        }
        Ok(Err(e)) => (
            FileOutcome::Failed {
                path,
                message: format!("read error in the image: {e}"),
            },
            0,
        ),
        Err(panic) => (
            FileOutcome::Failed {
                path,
                message: format!("internal error while reading: {panic}"),
            },
            0,
        ),
    }
}
