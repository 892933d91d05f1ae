//! The queue every producer feeds. A producer (the live tree walk, an image walk) hands each
//! [`Item`] it finds to its [`Feed`]: a live file goes to the workers as a path (each worker opens
//! and reads its own, so reads run in parallel); content that must be read now (a file inside an
//! image) is read into a pooled buffer for the workers, or streamed through an analyzer here when
//! it is above `--max-size`; everything else goes to the aggregator.

use std::collections::HashSet;
use std::io::Read;
use std::sync::atomic::AtomicBool;
use std::sync::{Condvar, Mutex};

use crossbeam_channel::Sender;

use super::{Event, Work};
use crate::analysis::autostart;
use crate::analysis::{Analyzer, AnalyzerConfig, FileOutcome, Stream};
use crate::panics;
use crate::signatures::Signatures;
use crate::source::{Content, Item, Origin, registry};

/// Bytes of file content read from an image but not yet analysed. Memory stays bounded by this
/// (plus one file, which is always let through so a file larger than the budget still moves).
const BYTES_IN_FLIGHT: u64 = 256 << 20;
/// Spare buffers kept for reuse, so small files do not each allocate.
const SPARE_BUFFERS: usize = 16;

/// Accounts for content buffers between a producer and the workers.
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

/// What a producer shares with the scan.
pub(super) struct Shared<'a, 's> {
    pub signatures: &'s Signatures,
    pub config: &'s AnalyzerConfig,
    pub in_flight: &'a InFlight,
    pub stop: &'a AtomicBool,
}

/// At most this many bytes of dirty hives wait for their logs (half the content in flight, so
/// the other files keep moving).
const PENDING_HIVE_BYTES: u64 = BYTES_IN_FLIGHT / 2;

/// Which objects a pass of the scan analyses; the others are only counted.
pub enum Select {
    All,
    /// Those that may define autostarts (`--autostarts-only`, first pass).
    Autostarts,
    /// Those at these paths, in lower case (`--autostarts-only`, second pass in an image).
    Paths(HashSet<String>),
}

impl Select {
    fn selects(&self, origin: &Origin) -> bool {
        match self {
            Select::All => true,
            Select::Autostarts => autostart::may_define(origin),
            Select::Paths(paths) => paths.contains(&origin.path().to_string_lossy().to_lowercase()),
        }
    }
}

/// One producer's end of the queues.
pub(super) struct Feed<'a, 's> {
    pub shared: Shared<'a, 's>,
    select: Select,
    works: Sender<Work>,
    events: Sender<Event>,
    /// Only built when an object above --max-size must be streamed here.
    stream_analyzer: Option<Analyzer<'s>>,
    /// Registry hives read now that were not cleanly written, held until the walk has passed
    /// their transaction logs (the .LOG1 and .LOG2 files beside them).
    pending_hives: Vec<PendingHive>,
    /// Transaction logs of the directory being walked, for a hive that comes after them.
    recent_logs: Vec<RecentLog>,
}

struct RecentLog {
    /// The log's path in lower case.
    name: String,
    /// Its file name and bytes.
    log: (String, Vec<u8>),
}

/// The directory part of a lower-case path (either separator).
fn directory(name: &str) -> &str {
    name.rsplit_once(['/', '\\']).map_or("", |(dir, _)| dir)
}

/// Whether `log` names a transaction log of the hive `hive` (both lower case).
fn log_of(log: &str, hive: &str) -> bool {
    log.strip_prefix(hive)
        .is_some_and(|suffix| [".log1", ".log2", ".log"].contains(&suffix))
}

struct PendingHive {
    origin: Origin,
    data: Vec<u8>,
    expected: u64,
    logs: Vec<(String, Vec<u8>)>,
    /// The hive's path in lower case, which its logs' names extend.
    name: String,
}

impl<'a, 's> Feed<'a, 's> {
    pub(super) fn new(
        shared: Shared<'a, 's>,
        select: Select,
        works: Sender<Work>,
        events: Sender<Event>,
    ) -> Self {
        Feed {
            shared,
            select,
            works,
            events,
            stream_analyzer: None,
            pending_hives: Vec::new(),
            recent_logs: Vec::new(),
        }
    }

    /// Sends what is still held back; call once the walk is done.
    pub(super) fn finish(&mut self) {
        self.release_hives(|_| true);
    }

    /// Queues what a source found; returns how many bytes of content it read now (0 for what
    /// is not read now), None when reading it failed.
    pub(super) fn put(&mut self, item: Item<'_>) -> Option<u64> {
        match item {
            Item::Object { origin, .. } if !self.select.selects(&origin) => {
                self.report(Event::NotSelected(origin));
                Some(0)
            }
            Item::Object {
                origin,
                content: Content::LiveFile,
            } => {
                let _ = self.works.send(Work::LiveFile(origin));
                Some(0)
            }
            Item::Object {
                origin,
                content: Content::Reader { size, reader },
            } => self.read_now(origin, size, reader),
            Item::Unscanned(unscanned) => {
                self.report(Event::Unscanned(unscanned));
                Some(0)
            }
        }
    }

    /// Sends something straight to the aggregator.
    pub(super) fn report(&self, event: Event) {
        let _ = self.events.send(event);
    }

    /// Queues content read now. A dirty hive is held back until the walk leaves its directory,
    /// so its transaction logs (read before or after it, in directory order) go with it.
    fn loaded(&mut self, origin: Origin, data: Vec<u8>, expected: u64) {
        let is_regf = data.starts_with(b"regf");
        if !is_regf && self.pending_hives.is_empty() && self.recent_logs.is_empty() {
            self.send(origin, data, expected, Vec::new());
            return;
        }
        let name = origin.path().to_string_lossy().to_lowercase();
        let here = directory(&name).to_string();
        self.release_hives(|hive| directory(&hive.name) != here);
        self.recent_logs.retain(|log| directory(&log.name) == here);
        if is_regf && registry::is_log(&data) {
            let file_name = origin
                .path()
                .file_name()
                .map(|n| n.to_string_lossy().into_owned());
            let log = (file_name.unwrap_or_default(), data.clone());
            match self
                .pending_hives
                .iter_mut()
                .find(|hive| log_of(&name, &hive.name))
            {
                Some(hive) => hive.logs.push(log),
                None => self.remember_log(name.clone(), log),
            }
        }
        if registry::is_dirty(&data) {
            let logs = self
                .recent_logs
                .iter()
                .filter(|log| log_of(&log.name, &name))
                .map(|log| log.log.clone())
                .collect();
            self.pending_hives.push(PendingHive {
                origin,
                data,
                expected,
                logs,
                name,
            });
            return;
        }
        self.send(origin, data, expected, Vec::new());
    }

    /// Keeps a log read before its hive, within the byte budget of held content.
    fn remember_log(&mut self, name: String, log: (String, Vec<u8>)) {
        let held: usize = self.recent_logs.iter().map(|l| l.log.1.len()).sum();
        if held + log.1.len() <= PENDING_HIVE_BYTES as usize {
            self.recent_logs.push(RecentLog { name, log });
        }
    }

    fn send(&self, origin: Origin, data: Vec<u8>, expected: u64, logs: Vec<(String, Vec<u8>)>) {
        let _ = self.works.send(Work::Loaded {
            origin,
            data,
            expected,
            logs,
        });
    }

    /// Sends the held hives `which` selects, with the logs found for them.
    fn release_hives(&mut self, which: impl Fn(&PendingHive) -> bool) {
        let (release, keep): (Vec<PendingHive>, Vec<PendingHive>) =
            self.pending_hives.drain(..).partition(|hive| which(hive));
        self.pending_hives = keep;
        for hive in release {
            self.send(hive.origin, hive.data, hive.expected, hive.logs);
        }
    }

    fn read_now(&mut self, origin: Origin, size: u64, reader: &mut dyn Read) -> Option<u64> {
        let shared = &self.shared;
        // Above --max-size only a registry hive is read whole (up to MAX_HIVE_SIZE): its first
        // bytes tell.
        let mut head = Vec::new();
        if size > shared.config.max_size {
            if size <= registry::MAX_HIVE_SIZE
                && let Err(e) = reader.take(4).read_to_end(&mut head)
            {
                self.report(Event::File(FileOutcome::Failed {
                    origin,
                    message: format!("read error in the image: {e}"),
                }));
                return None;
            }
            if !registry::is_signature(&head) {
                let analyzer = self
                    .stream_analyzer
                    .get_or_insert_with(|| Analyzer::new(shared.signatures, shared.config));
                let mut content = head.as_slice().chain(reader);
                let outcome = stream(analyzer, origin, size, &mut content);
                let read = match &outcome {
                    FileOutcome::Analyzed(report) => Some(report.size),
                    FileOutcome::Failed { .. } => None,
                };
                self.report(Event::File(outcome));
                return read;
            }
        }
        let held: u64 = self.pending_hives.iter().map(|h| h.expected).sum();
        if held + size > PENDING_HIVE_BYTES {
            self.release_hives(|_| true);
        }
        let mut data = self.shared.in_flight.acquire(size);
        data.extend_from_slice(&head);
        match reader.take(size - head.len() as u64).read_to_end(&mut data) {
            Ok(read) => {
                self.loaded(origin, data, size);
                Some((head.len() + read) as u64)
            }
            Err(e) => {
                self.shared.in_flight.release(data, size);
                self.report(Event::File(FileOutcome::Failed {
                    origin,
                    message: format!("read error in the image: {e}"),
                }));
                None
            }
        }
    }
}

/// Hashes a file too large to hold, with all three digests at once (an image stream cannot be
/// rewound to add the missing ones for a finding), and checks it against the IOCs.
fn stream(
    analyzer: &mut Analyzer<'_>,
    origin: Origin,
    size: u64,
    content: &mut dyn Read,
) -> FileOutcome {
    let failed = origin.clone();
    let result = panics::catch(|| analyzer.analyze_stream(origin, size, Stream::Once(content)));
    match result {
        Ok(Ok(report)) => FileOutcome::Analyzed(Box::new(report)),
        Ok(Err(e)) => FileOutcome::Failed {
            origin: failed,
            message: format!("read error in the image: {e}"),
        },
        Err(panic) => FileOutcome::Failed {
            origin: failed,
            message: format!("internal error while reading: {panic}"),
        },
    }
}
