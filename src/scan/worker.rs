//! One analysis worker. It takes files from the queue a few at a time, computes the MD5 of the
//! whole batch at once in SIMD lanes (MD5 is serial within a file, so lanes must come from
//! different files), then analyses each file. A long file left alone in the lanes when the rest
//! of its batch is done waits for the next batch, whose files share the lanes with it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender};

use super::cache::ScanCache;
use super::expand::{ExpandOptions, Expander};
use super::feed::InFlight;
use super::throttle::CpuBudget;
use super::{Event, Work};
use crate::analysis::md5_lanes::{self, Md5Input, Md5Outcome, Md5Progress};
use crate::analysis::{Analyzer, AnalyzerConfig, FileOutcome, FileReport, LoadedFile, Stream};
use crate::panics;
use crate::signatures::Signatures;
use crate::source::owner::OwnerNames;
use crate::source::read::{self, Opened};
use crate::source::{FileStamp, Origin, registry};

/// A batch closes at this many files, or once this many bytes are read: enough files to keep
/// the MD5 lanes busy, few enough bytes to keep memory bounded (plus one file up to
/// `--max-size`, which may close a batch alone). 64 MiB rather than 16 lets files of several
/// MiB share the lanes: 7% less wall time on the ELF corpus, for 45 MB more peak RSS.
const BATCH_FILES: usize = 32;
const BATCH_BYTES: usize = 64 << 20;
/// Below this many files a worker waits up to [`BATCH_WAIT`] in all for more. When the producer
/// is the slower side (an image walk decompressing), files arrive one at a time; hashing each
/// alone would take CPU from the producer, while waiting takes none. A walker that has finished
/// closes the queue, which ends the wait at once.
const FEW_FILES: usize = 8;
const BATCH_WAIT: Duration = Duration::from_millis(30);
/// Read buffers kept for the next batch, in bytes of capacity.
const SPARE_BYTES: usize = 16 << 20;

/// What one worker shares with the scan.
pub(super) struct Shared<'a, 's> {
    pub signatures: &'s Signatures,
    pub config: &'s AnalyzerConfig,
    pub expand: &'s ExpandOptions,
    /// The previous scan's answers (`--cache`).
    pub previous: Option<&'a ScanCache>,
    pub budget: Option<&'a CpuBudget>,
    pub in_flight: &'a InFlight,
    pub stop: &'a AtomicBool,
}

/// A file of the current batch, and where its buffer goes back to.
struct Batched {
    file: LoadedFile,
    /// The live file's identity when it was read (for the scan cache).
    stamp: Option<FileStamp>,
    from_image: bool,
    /// How far its MD5 went before it was paused for the next batch.
    md5_progress: Option<Md5Progress>,
}

pub(super) struct Worker<'a, 's> {
    shared: Shared<'a, 's>,
    analyzer: Analyzer<'s>,
    events: Sender<Event>,
    /// Read buffers of live files, reused from batch to batch.
    spare: Vec<Vec<u8>>,
    spare_bytes: usize,
    owners: OwnerNames,
    /// Files whose MD5 is paused (live files only: an image's buffers count against the
    /// producer's memory budget, and holding them could stall it).
    paused: Vec<Batched>,
}

impl<'a, 's> Worker<'a, 's> {
    pub(super) fn new(shared: Shared<'a, 's>, events: Sender<Event>) -> Self {
        Worker {
            analyzer: Analyzer::new(shared.signatures, shared.config),
            shared,
            events,
            spare: Vec::new(),
            spare_bytes: 0,
            owners: OwnerNames::default(),
            paused: Vec::new(),
        }
    }

    /// Analyses files until the queue closes; after `stop`, drains it without analysing.
    pub(super) fn run(mut self, works: &Receiver<Work>) {
        while let Ok(first) = works.recv() {
            let started = Instant::now();
            let mut batch = std::mem::take(&mut self.paused);
            let mut bytes = batch.iter().map(|b| b.file.data.len()).sum::<usize>();
            let mut next = Some(first);
            while let Some(work) = next {
                if let Some(batched) = self.prepare(work) {
                    bytes += batched.file.data.len();
                    batch.push(batched);
                }
                next = if batch.len() >= BATCH_FILES || bytes >= BATCH_BYTES {
                    None
                } else if batch.len() < FEW_FILES {
                    works
                        .recv_timeout(BATCH_WAIT.saturating_sub(started.elapsed()))
                        .ok()
                } else {
                    works.try_recv().ok()
                };
            }
            self.analyze(batch, true);
        }
        // The queue is closed: no batch will come to share the lanes with what is paused.
        let paused = std::mem::take(&mut self.paused);
        self.analyze(paused, false);
    }

    /// Brings a file into memory for the batch; a file answered some other way (the scan cache,
    /// a read error, a file above `--max-size`) is reported here and gives None.
    fn prepare(&mut self, work: Work) -> Option<Batched> {
        if self.shared.stop.load(Ordering::Relaxed) {
            if let Work::Loaded { data, expected, .. } = work {
                self.shared.in_flight.release(data, expected);
            }
            return None;
        }
        if let Some(budget) = self.shared.budget {
            budget.pace();
        }
        match work {
            Work::Loaded {
                origin,
                data,
                expected,
                logs,
            } => Some(Batched {
                file: LoadedFile {
                    origin,
                    data,
                    expected,
                    owner: String::new(),
                    logs,
                },
                stamp: None,
                from_image: true,
                md5_progress: None,
            }),
            Work::LiveFile(origin) => {
                if let Some(report) = self.shared.previous.and_then(|c| cached(c, &origin)) {
                    self.send(FileOutcome::Analyzed(Box::new(report)));
                    return None;
                }
                let buffer = self.take_spare();
                let opened =
                    read::open_and_read(&origin.path(), self.shared.config.max_size, buffer);
                match opened {
                    Ok(Opened::Whole {
                        data,
                        size,
                        metadata,
                    }) => Some(Batched {
                        file: LoadedFile {
                            logs: if registry::is_dirty(&data) {
                                read::hive_logs(&origin.path(), self.shared.config.max_size)
                            } else {
                                Vec::new()
                            },
                            origin,
                            data,
                            expected: size,
                            owner: self.owners.owner_of(&metadata).to_string(),
                        },
                        stamp: FileStamp::of(&metadata),
                        from_image: false,
                        md5_progress: None,
                    }),
                    Ok(Opened::TooLarge {
                        mut file,
                        size,
                        metadata,
                    }) => {
                        let outcome = self
                            .guarded(&origin, |analyzer| {
                                analyzer.analyze_stream(
                                    origin.clone(),
                                    size,
                                    Stream::Rewindable(&mut file),
                                )
                            })
                            .and_then(|streamed| match streamed {
                                Ok(mut report) => {
                                    report.stamp = FileStamp::of(&metadata);
                                    Ok(FileOutcome::Analyzed(Box::new(report)))
                                }
                                Err(e) => Err(FileOutcome::Failed {
                                    origin: origin.clone(),
                                    message: format!("read error: {e}"),
                                }),
                            });
                        self.send(outcome.unwrap_or_else(|failed| failed));
                        None
                    }
                    Err(message) => {
                        self.send(FileOutcome::Failed { origin, message });
                        None
                    }
                }
            }
        }
    }

    /// Hashes and analyses `batch`; with `may_pause`, a long live file whose MD5 is left alone
    /// in the lanes goes to [`Worker::paused`] instead.
    fn analyze(&mut self, batch: Vec<Batched>, may_pause: bool) {
        let md5s: Vec<Option<Md5Outcome>> = if self.analyzer.needs_md5() {
            let inputs: Vec<Md5Input> = batch
                .iter()
                .map(|b| Md5Input {
                    data: &b.file.data,
                    resume: b.md5_progress,
                    may_pause: may_pause && !b.from_image,
                })
                .collect();
            md5_lanes::md5_batch(&inputs)
                .into_iter()
                .map(Some)
                .collect()
        } else {
            vec![None; batch.len()]
        };
        for (mut batched, md5) in batch.into_iter().zip(md5s) {
            let md5 = match md5 {
                Some(Md5Outcome::Paused(progress)) => {
                    batched.md5_progress = Some(progress);
                    self.paused.push(batched);
                    continue;
                }
                Some(Md5Outcome::Done(digest)) => Some(digest),
                None => None,
            };
            let Batched {
                file,
                stamp,
                from_image,
                ..
            } = batched;
            let outcome = self
                .guarded(&file.origin, |analyzer| analyzer.analyze(&file, md5))
                .map_or_else(
                    |failed| failed,
                    |mut report| {
                        // A container whose members gave anything to report is read again by
                        // the next scan with --cache, so that they are reported each time.
                        if self.expand(&mut report, &file.data) != Expansion::NotClean {
                            report.stamp = stamp;
                        }
                        FileOutcome::Analyzed(Box::new(report))
                    },
                );
            if from_image {
                self.shared.in_flight.release(file.data, file.expected);
            } else {
                self.keep_spare(file.data);
            }
            self.send(outcome);
        }
    }

    /// Opens a file that is a container: its members are analysed and reported before it.
    fn expand(&mut self, report: &mut FileReport, data: &[u8]) -> Expansion {
        let events = &self.events;
        let mut clean = true;
        let mut send = |event: Event| {
            clean &= is_clean(&event);
            let _ = events.send(event);
        };
        let mut expander = Expander {
            options: self.shared.expand,
            config: self.shared.config,
            send: &mut send,
        };
        let analyzer = &mut self.analyzer;
        let problems_before = report.problems.len();
        let opened = match panics::catch(|| expander.expand_file(analyzer, report, data)) {
            Ok(opened) => opened,
            Err(panic) => {
                report.problems.push(format!(
                    "internal error while opening the container: {panic}"
                ));
                self.analyzer = Analyzer::new(self.shared.signatures, self.shared.config);
                true
            }
        };
        match (opened, clean && report.problems.len() == problems_before) {
            (false, _) => Expansion::NotAContainer,
            (true, true) => Expansion::Clean,
            (true, false) => Expansion::NotClean,
        }
    }

    /// Runs one step of a file's analysis; a panic anywhere in it becomes an error outcome for
    /// that file and a fresh analyzer (its scanner state is unknown after a panic).
    fn guarded<T>(
        &mut self,
        origin: &Origin,
        step: impl FnOnce(&mut Analyzer<'s>) -> T,
    ) -> Result<T, FileOutcome> {
        let analyzer = &mut self.analyzer;
        panics::catch(|| step(analyzer)).map_err(|panic| {
            self.analyzer = Analyzer::new(self.shared.signatures, self.shared.config);
            FileOutcome::Failed {
                origin: origin.clone(),
                message: format!("internal error while analysing: {panic}"),
            }
        })
    }

    fn send(&self, outcome: FileOutcome) {
        let _ = self.events.send(Event::File(outcome));
    }

    fn take_spare(&mut self) -> Vec<u8> {
        let buffer = self.spare.pop().unwrap_or_default();
        self.spare_bytes -= buffer.capacity();
        buffer
    }

    fn keep_spare(&mut self, buffer: Vec<u8>) {
        if self.spare_bytes + buffer.capacity() <= SPARE_BYTES {
            self.spare_bytes += buffer.capacity();
            self.spare.push(buffer);
        }
    }
}

/// What opening a file as a container gave, as far as the scan cache is concerned.
#[derive(Debug, PartialEq, Eq)]
enum Expansion {
    NotAContainer,
    /// Every member was analysed and gave nothing to report, and opening it raised no problem:
    /// the container's own report says all there is, so the scan cache may answer for it.
    Clean,
    NotClean,
}

/// A member's outcome that a later scan could answer with its container's report alone:
/// analysed whole, with no reason, problem, autostart entry or skipped rule scan.
fn is_clean(event: &Event) -> bool {
    matches!(event, Event::File(FileOutcome::Analyzed(report))
        if report.reasons.is_empty()
            && report.problems.is_empty()
            && report.entries.is_empty()
            && report.not_rule_scanned.is_none())
}

/// The previous scan's answer for a file that has not changed since (lstat, no open).
fn cached(cache: &ScanCache, origin: &Origin) -> Option<FileReport> {
    let path = origin.path();
    let metadata = std::fs::symlink_metadata(&path).ok()?;
    cache.lookup(origin, &FileStamp::of(&metadata)?)
}
