//! The scan pipeline: one producer thread per target (`live_feed.rs` walks the live tree,
//! `image_feed.rs` reads the files of a disk image) feeds a bounded queue of objects, N workers
//! analyse them (each with its own YARA-X scanner and read buffers, a batch at a time:
//! `worker.rs`), and the calling thread aggregates the results, writes records as they come and
//! builds the summary.

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime};

use crossbeam_channel::bounded;
use indicatif::ProgressBar;

use crate::analysis::{AnalyzerConfig, FileOutcome, FileReport};
use crate::evidence::{Level, Verdict};
use crate::panics;
use crate::report::summary::{self, LevelCounts, ScannerInfo, SignatureInfo};
use crate::report::{
    self, ErrorRecord, Finding, NoteRecord, Record, Reporter, SkippedRecord, Summary,
};
use crate::signatures::Signatures;
use crate::source::image::container::Format;
use crate::source::image::layout::ImageLayout;
use crate::source::tree::WalkOptions;
use crate::source::{Origin, SkipReason, Uncounted, Unscanned, host};

mod cache;
mod feed;
mod image_feed;
mod live_feed;
mod throttle;
mod worker;
pub use cache::{CacheConfig, CacheScope};
use cache::{NextCache, ScanCache};
use feed::{Feed, InFlight};
use throttle::CpuBudget;
pub use throttle::lower_priority;
use worker::{Shared, Worker};

/// Files waiting for a worker; bounded so the walker cannot run far ahead of the workers.
const FILE_QUEUE: usize = 512;
/// Results waiting for the aggregator.
const EVENT_QUEUE: usize = 512;

pub struct ScanOptions {
    pub walk: WalkOptions,
    pub analyzer: AnalyzerConfig,
    pub threads: usize,
    /// `--cache FILE`: answer unchanged files from the previous scan.
    pub cache: Option<CacheConfig>,
    /// `--cpu-limit PERCENT`: average share of the machine's CPU the scan may use.
    pub cpu_limit: Option<u8>,
}

/// What one scan covers: the live host's files, or one disk image (reported as its own host).
pub enum Target {
    Live(Vec<PathBuf>),
    Image {
        path: PathBuf,
        format: Format,
        /// `--hash-image`: also compute the SHA-256 of the whole virtual disk.
        hash: bool,
    },
}

/// An object for a worker: a file of the live host to open, or content a producer already read.
enum Work {
    LiveFile(Origin),
    Loaded {
        origin: Origin,
        data: Vec<u8>,
        /// The size the source recorded (more than `data.len()` if the file shrank).
        expected: u64,
    },
}

/// What reaches the aggregator: what a source found and did not hand over for analysis, and
/// each analysed object's outcome.
enum Event {
    Unscanned(Unscanned),
    File(FileOutcome),
}

/// Scans `target`, writing records to `reporter` as results arrive, and returns the summary
/// (also written, last). Stops early, still summarising, when `stop` is set.
pub fn run(
    signatures: &Signatures,
    options: &ScanOptions,
    target: Target,
    reporter: &mut dyn Reporter,
    progress: &ProgressBar,
    stop: &AtomicBool,
) -> io::Result<Summary> {
    let start = SystemTime::now();
    let started = Instant::now();
    let mut tally = Tally::default();
    // The scan cache covers the live host only: image files have no stable identity to key on,
    // and an image scan must not overwrite the live scan's cache.
    let cache_config = options
        .cache
        .as_ref()
        .filter(|_| matches!(target, Target::Live(_)));
    let previous = cache_config.map(|config| {
        let (cache, warning) = ScanCache::load(&config.path, &config.scope);
        tally.warnings.extend(warning);
        tally.next_cache = Some(NextCache::default());
        cache
    });
    let previous = previous.as_ref();
    let budget = options.cpu_limit.map(CpuBudget::new);
    let budget = budget.as_ref();

    let (work_tx, work_rx) = bounded::<Work>(FILE_QUEUE);
    let (event_tx, event_rx) = bounded::<Event>(EVENT_QUEUE);
    let in_flight = InFlight::default();
    let in_flight = &in_flight;
    let roots = match &target {
        Target::Live(roots) => roots
            .iter()
            .map(|r| r.to_string_lossy().into_owned())
            .collect(),
        Target::Image { path, .. } => vec![path.to_string_lossy().into_owned()],
    };

    let result = std::thread::scope(|scope| -> io::Result<Option<ImageLayout>> {
        let producer_events = event_tx.clone();
        let producer = scope.spawn(move || {
            let shared = feed::Shared {
                signatures,
                config: &options.analyzer,
                in_flight,
                stop,
            };
            let feed = Feed::new(shared, work_tx, producer_events);
            match target {
                Target::Live(roots) => {
                    live_feed::produce(&roots, &options.walk, feed);
                    None
                }
                Target::Image { path, format, hash } => {
                    image_feed::produce(scope, &path, format, hash, feed)
                }
            }
        });
        for _ in 0..options.threads.max(1) {
            let works = work_rx.clone();
            let shared = Shared {
                signatures,
                config: &options.analyzer,
                previous,
                budget,
                in_flight,
                stop,
            };
            let events = event_tx.clone();
            // Built on its own thread: a YARA-X scanner cannot move between threads.
            scope.spawn(move || Worker::new(shared, events).run(&works));
        }
        drop(event_tx);
        drop(work_rx);

        let mut last_draw = Instant::now();
        for event in event_rx {
            tally.record(event, reporter)?;
            if last_draw.elapsed().as_millis() >= 100 {
                progress.set_message(tally.progress_line(started.elapsed().as_secs_f64()));
                last_draw = Instant::now();
            }
        }
        producer.join().map_err(|panic| {
            io::Error::other(format!(
                "the file producer failed: {}",
                panics::message(panic.as_ref())
            ))
        })
    });
    progress.finish_and_clear();
    let layout = result?;

    if let (Some(next), Some(config)) = (tally.next_cache.take(), cache_config)
        && let Err(message) = next.save(&config.path, &config.scope)
    {
        tally.warnings.push(message);
    }
    let summary = tally.into_summary(
        signatures,
        roots,
        layout,
        start,
        started.elapsed().as_secs_f64(),
        stop,
    );
    reporter.write(&Record::Summary(Box::new(summary.clone())))?;
    Ok(summary)
}

#[derive(Default)]
struct Tally {
    files_scanned: u64,
    bytes_scanned: u64,
    findings: LevelCounts,
    highest: Option<Level>,
    errors: u64,
    skipped: BTreeMap<&'static str, u64>,
    symlinks: u64,
    excluded: u64,
    allowlisted: u64,
    notes: u64,
    cached: u64,
    warnings: Vec<String>,
    next_cache: Option<NextCache>,
}

impl Tally {
    fn record(&mut self, event: Event, reporter: &mut dyn Reporter) -> io::Result<()> {
        match event {
            Event::File(FileOutcome::Analyzed(report)) => self.file(&report, reporter),
            Event::File(FileOutcome::Failed { origin, message }) => {
                self.error(&origin, message, reporter)
            }
            Event::Unscanned(Unscanned::Error { origin, message }) => {
                self.error(&origin, message, reporter)
            }
            Event::Unscanned(Unscanned::Skipped { origin, reason }) => {
                self.skip(&origin, &reason, reporter)
            }
            Event::Unscanned(Unscanned::Uncounted(Uncounted::Symlink)) => {
                self.symlinks += 1;
                Ok(())
            }
            Event::Unscanned(Unscanned::Uncounted(Uncounted::Excluded)) => {
                self.excluded += 1;
                Ok(())
            }
        }
    }

    fn file(&mut self, report: &FileReport, reporter: &mut dyn Reporter) -> io::Result<()> {
        self.files_scanned += 1;
        if report.from_cache {
            self.cached += 1;
        } else {
            self.bytes_scanned += report.size;
        }
        if let Some(next) = &mut self.next_cache {
            next.record(report);
        }
        if report.allowlisted {
            self.allowlisted += 1;
        }
        for problem in &report.problems {
            self.error(&report.origin, problem.clone(), reporter)?;
        }
        if let Some(reason) = &report.not_rule_scanned {
            self.skip(&report.origin, reason, reporter)?;
        }
        for note in &report.notes {
            self.notes += 1;
            let record = NoteRecord {
                path: report::model::path_of(&report.origin),
                note: note.clone(),
            };
            reporter.write(&Record::Note(record))?;
        }
        if let Some(level) = Level::from_score(report.score) {
            match level {
                Level::Alert => self.findings.alert += 1,
                Level::Warning => self.findings.warning += 1,
                Level::Notice => self.findings.notice += 1,
            }
            self.highest = self.highest.max(Some(level));
            reporter.write(&Record::Finding(Box::new(Finding::new(report, level))))?;
        }
        Ok(())
    }

    fn error(
        &mut self,
        origin: &Origin,
        message: String,
        reporter: &mut dyn Reporter,
    ) -> io::Result<()> {
        self.errors += 1;
        let path = report::model::path_of(origin);
        reporter.write(&Record::Error(ErrorRecord { path, message }))
    }

    fn skip(
        &mut self,
        origin: &Origin,
        reason: &SkipReason,
        reporter: &mut dyn Reporter,
    ) -> io::Result<()> {
        *self.skipped.entry(reason.id()).or_default() += 1;
        let record = SkippedRecord {
            path: report::model::path_of(origin),
            reason: reason.id().to_string(),
            detail: reason.describe(),
        };
        reporter.write(&Record::Skipped(record))
    }

    fn progress_line(&self, seconds: f64) -> String {
        let mib = self.bytes_scanned as f64 / (1024.0 * 1024.0);
        format!(
            "{} files, {:.0} MiB ({:.1} MiB/s) | {} alert, {} warning, {} notice | {} errors",
            self.files_scanned,
            mib,
            mib / seconds.max(0.001),
            self.findings.alert,
            self.findings.warning,
            self.findings.notice,
            self.errors
        )
    }

    fn into_summary(
        self,
        signatures: &Signatures,
        roots: Vec<String>,
        image: Option<ImageLayout>,
        start: SystemTime,
        duration_secs: f64,
        stop: &AtomicBool,
    ) -> Summary {
        let rules = &signatures.rules;
        let (host, os) = match &image {
            Some(layout) => (summary::image_host_name(layout), summary::image_os(layout)),
            None => (host::name(), summary::live_os()),
        };
        Summary {
            host,
            os,
            image,
            scanner: ScannerInfo::current(),
            signatures: SignatureInfo {
                digest: signatures.digest.clone(),
                rule_files: rules.files,
                rules: rules.rule_count,
                rule_errors: rules.errors.len(),
                rule_warnings: rules.warnings.len(),
                iocs: signatures.iocs.counts(),
                ioc_problems: signatures.ioc_problems.len(),
            },
            roots,
            start: humantime::format_rfc3339_seconds(start).to_string(),
            end: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            duration_secs: (duration_secs * 1000.0).round() / 1000.0,
            files_scanned: self.files_scanned,
            bytes_scanned: self.bytes_scanned,
            findings: self.findings,
            errors: self.errors,
            skipped: self
                .skipped
                .into_iter()
                .map(|(reason, count)| (reason.to_string(), count))
                .collect(),
            symlinks: self.symlinks,
            excluded: self.excluded,
            allowlisted: self.allowlisted,
            notes: self.notes,
            cached: self.cached,
            warnings: self.warnings,
            interrupted: stop.load(Ordering::Relaxed),
            verdict: Verdict::from_highest(self.highest),
        }
    }
}
