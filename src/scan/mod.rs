//! The scan pipeline: one producer thread per target (`live_feed.rs` walks the live tree,
//! `image_feed.rs` reads the files of a disk image) feeds a bounded queue of objects, N workers
//! analyse them (each with its own YARA-X scanner and read buffers, a batch at a time:
//! `worker.rs`), and the calling thread aggregates the results, writes records as they come and
//! builds the summary.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Instant, SystemTime};

use crossbeam_channel::bounded;
use indicatif::ProgressBar;

use crate::analysis::autostart::Entry;
use crate::analysis::autostart::resolve::{Found, Resolver, ScanIndex};
use crate::analysis::{AnalyzerConfig, FileOutcome, FileReport};
use crate::evidence::{Level, Verdict, total_score};
use crate::panics;
use crate::report::model::{AutostartRecord, ObjectRecord, TargetField};
use crate::report::summary::{self, LevelCounts, ScannerInfo, SignatureInfo};
use crate::report::{
    self, ErrorRecord, Finding, NoteRecord, PathField, ProcessCounts, Record, Reporter,
    SkippedRecord, Summary,
};
use crate::signatures::Signatures;
use crate::source::image::container::Format;
use crate::source::image::layout::ImageLayout;
use crate::source::tree::WalkOptions;
use crate::source::{Link, Origin, SkipReason, Uncounted, Unscanned, host};

mod cache;
mod expand;
pub use expand::ExpandOptions;
mod feed;
pub use feed::Select;
mod image_feed;
mod live_feed;
mod process_feed;
#[cfg(test)]
mod tests;
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
    /// `--autostarts-only`: triage: only the files that define autostarts, then what they start.
    pub autostarts_only: bool,
    /// How containers (archives, documents) are opened.
    pub expand: ExpandOptions,
    /// `--host NAME`: the live host's name in the report (default: this machine's name), for a
    /// tree copied or mounted from another machine.
    pub host_name: Option<String>,
    /// `--max-time`: when the whole run must stop (the caller's timer sets the stop flag then);
    /// a scan stopped at or after it says so in its summary.
    pub deadline: Option<Instant>,
    /// `needle inspect`: report every object as an `object` record (its facts, unscored)
    /// instead of findings.
    pub inventory: bool,
}

/// What one scan covers: the live host (files under roots, and its processes), or one disk
/// image (reported as its own host).
#[derive(Clone)]
pub enum Target {
    Live {
        roots: Vec<PathBuf>,
        /// `--processes`: the running processes too (their executables, command lines, memory
        /// and connections).
        processes: bool,
    },
    Image {
        path: PathBuf,
        format: Format,
        /// `--hash-image`: also compute the SHA-256 of the whole virtual disk.
        hash: bool,
    },
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Live { roots, processes } => {
                let mut parts: Vec<String> =
                    roots.iter().map(|r| r.display().to_string()).collect();
                if *processes {
                    parts.push("the running processes".to_string());
                }
                write!(f, "{}", parts.join(", "))
            }
            Target::Image { path, .. } => write!(f, "the image {}", path.display()),
        }
    }
}

/// An object for a worker: a file of the live host to open, or content a producer already read.
enum Work {
    LiveFile(Origin),
    Loaded {
        origin: Origin,
        data: Vec<u8>,
        /// The size the source recorded (more than `data.len()` if the file shrank).
        expected: u64,
        /// A registry hive's transaction logs (names and bytes), read beside it.
        logs: Vec<(String, Vec<u8>)>,
    },
}

/// What reaches the aggregator: what a source found and did not hand over for analysis, and
/// each analysed object's outcome.
enum Event {
    Unscanned(Unscanned),
    File(FileOutcome),
    /// An object this pass does not look at (`--autostarts-only`): only its name is kept.
    NotSelected(Origin),
    /// What a process scan read, sent once at its end.
    Processes(ProcessCounts),
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
    let mut tally = Tally {
        index: ScanIndex::new(matches!(target, Target::Image { .. })),
        autostarts_only: options.autostarts_only,
        host_name: options.host_name.clone(),
        image: match &target {
            Target::Image { path, .. } => Some(path.to_string_lossy().into_owned()),
            Target::Live { .. } => None,
        },
        deadline: options.deadline,
        inventory: options.inventory,
        ..Tally::default()
    };
    // The scan cache covers the live host only: image files have no stable identity to key on,
    // and an image scan must not overwrite the live scan's cache.
    let cache_config = options
        .cache
        .as_ref()
        .filter(|_| matches!(target, Target::Live { .. }));
    let previous = cache_config.map(|config| {
        let (cache, warning) = ScanCache::load(&config.path, &config.scope);
        tally.warnings.extend(warning);
        tally.next_cache = Some(NextCache::default());
        cache
    });
    // Signature files asked for but not used: each is an error of this host's report, so a
    // verdict reached without them is never taken for a complete one.
    for file in &signatures.left_out {
        tally.errors += 1;
        reporter.write(&Record::Error(ErrorRecord {
            path: PathField::new(Path::new(&file.origin)),
            message: format!("signature file left out: {}", file.reason),
        }))?;
    }
    let budget = options.cpu_limit.map(CpuBudget::new);
    let roots = match &target {
        Target::Live { roots, processes } => roots
            .iter()
            .map(|r| r.to_string_lossy().into_owned())
            .chain(processes.then(|| "processes".to_string()))
            .collect(),
        Target::Image { path, .. } => vec![path.to_string_lossy().into_owned()],
    };
    let mut pass = Pass {
        signatures,
        options,
        previous: previous.as_ref(),
        budget: budget.as_ref(),
        progress,
        stop,
        started,
    };
    let layout = if options.autostarts_only {
        // Triage: the files that define autostarts first, then what those entries start.
        let second = target.clone();
        let mut layout = pass.run(target, Select::Autostarts, &mut tally, reporter)?;
        let (second, select) = tally.targets_of_entries(signatures, second);
        if let Some(second) = second.filter(|_| !stop.load(Ordering::Relaxed)) {
            let again = pass.run(second, select, &mut tally, reporter)?;
            if let (Some(layout), Some(again)) = (&mut layout, again) {
                for (volume, read) in layout.volumes.iter_mut().zip(again.volumes) {
                    volume.files_read += read.files_read;
                    volume.bytes_read += read.bytes_read;
                }
            }
        }
        layout
    } else {
        pass.run(target, Select::All, &mut tally, reporter)?
    };
    progress.finish_and_clear();

    if let (Some(next), Some(config)) = (tally.next_cache.take(), cache_config)
        && let Err(message) = next.save(&config.path, &config.scope)
    {
        tally.warnings.push(message);
    }
    if stop.load(Ordering::Relaxed) {
        tally.index.mark_incomplete();
    }
    tally.write_entries(signatures, reporter)?;
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

/// What every pass of a scan shares.
struct Pass<'a> {
    signatures: &'a Signatures,
    options: &'a ScanOptions,
    previous: Option<&'a ScanCache>,
    budget: Option<&'a CpuBudget>,
    progress: &'a ProgressBar,
    stop: &'a AtomicBool,
    started: Instant,
}

impl Pass<'_> {
    /// Runs the pipeline once over `target`: a producer feeding the workers the objects `select`
    /// picks, the calling thread aggregating into `tally`. Returns the image's layout for an
    /// image.
    fn run(
        &mut self,
        target: Target,
        select: Select,
        tally: &mut Tally,
        reporter: &mut dyn Reporter,
    ) -> io::Result<Option<ImageLayout>> {
        let Pass {
            signatures,
            options,
            previous,
            budget,
            progress,
            stop,
            started,
        } = *self;
        let (work_tx, work_rx) = bounded::<Work>(FILE_QUEUE);
        let (event_tx, event_rx) = bounded::<Event>(EVENT_QUEUE);
        let in_flight = InFlight::default();
        let in_flight = &in_flight;
        std::thread::scope(|scope| -> io::Result<Option<ImageLayout>> {
            let producer_events = event_tx.clone();
            let producer = scope.spawn(move || {
                let shared = feed::Shared {
                    signatures,
                    config: &options.analyzer,
                    in_flight,
                    stop,
                };
                let feed = Feed::new(shared, select, work_tx, producer_events);
                match target {
                    Target::Live { roots, processes } => {
                        live_feed::produce(&roots, processes, &options.walk, feed);
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
                    expand: &options.expand,
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
        })
    }
}

#[derive(Default)]
struct Tally {
    /// `--host`: the live host's name in the summary.
    host_name: Option<String>,
    /// The disk image scanned, if the target is one: the host is named after it, also when it
    /// cannot be opened.
    image: Option<String>,
    /// `--max-time`'s deadline.
    deadline: Option<Instant>,
    /// Every object reported as what it is, nothing judged (`needle inspect`).
    inventory: bool,
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
    /// What the scanned objects hold that is reported on its own, resolved at the end.
    entries: Vec<Entry>,
    /// What entries are resolved against: the files seen and flagged.
    index: ScanIndex,
    autostarts: u64,
    /// Objects a triage pass passed over (`--autostarts-only`).
    not_selected: u64,
    /// Members of containers analysed.
    members_scanned: u64,
    processes: Option<ProcessCounts>,
    autostarts_only: bool,
}

impl Tally {
    fn record(&mut self, event: Event, reporter: &mut dyn Reporter) -> io::Result<()> {
        match event {
            Event::File(FileOutcome::Analyzed(report)) => self.file(*report, reporter),
            Event::File(FileOutcome::Failed { origin, message }) => {
                self.error(&origin, message, reporter)
            }
            Event::Unscanned(Unscanned::Error { origin, message }) => {
                if !matches!(origin.link(), Link::Path { .. }) {
                    self.index.mark_incomplete();
                }
                self.error(&origin, message, reporter)
            }
            Event::Unscanned(Unscanned::Skipped { origin, reason }) => {
                match origin.link() {
                    Link::Path { path, .. } => self.index.saw(path),
                    _ => self.index.mark_incomplete(),
                }
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
            Event::Processes(counts) => {
                self.processes = Some(counts);
                Ok(())
            }
            Event::NotSelected(origin) => {
                self.not_selected += 1;
                self.index.saw(&origin.path());
                Ok(())
            }
        }
    }

    fn file(&mut self, mut report: FileReport, reporter: &mut dyn Reporter) -> io::Result<()> {
        // A process's objects are counted with the processes (`summary.processes`).
        let of_process = report.origin.process().is_some();
        if of_process {
        } else if matches!(report.origin.link(), Link::Member { .. }) {
            self.members_scanned += 1;
        } else {
            self.files_scanned += 1;
        }
        for name in report.origin.names() {
            self.index.saw(&name);
        }
        self.entries.append(&mut report.entries);
        let report = &report;
        if report.from_cache {
            self.cached += 1;
        } else if !of_process && !matches!(report.origin.link(), Link::Member { .. }) {
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
        if self.inventory {
            reporter.write(&Record::Object(Box::new(ObjectRecord::new(report))))?;
        } else if let Some(level) = Level::from_score(report.score) {
            self.count(level);
            self.index.flag(&report.origin.path(), report.score, level);
            reporter.write(&Record::Finding(Box::new(Finding::new(report, level))))?;
        }
        Ok(())
    }

    fn count(&mut self, level: Level) {
        match level {
            Level::Alert => self.findings.alert += 1,
            Level::Warning => self.findings.warning += 1,
            Level::Notice => self.findings.notice += 1,
        }
        self.highest = self.highest.max(Some(level));
    }

    /// For a triage scan: what the entries found so far start, as the second pass's target and
    /// selection (None when there is nothing to look at). On the live filesystem the programs
    /// found are scanned as roots; in an image, the walk picks them by host path.
    fn targets_of_entries(
        &self,
        signatures: &Signatures,
        target: Target,
    ) -> (Option<Target>, Select) {
        let resolver = Resolver {
            iocs: &signatures.iocs,
            index: &self.index,
        };
        let located = self
            .entries
            .iter()
            .filter_map(|entry| resolver.locate_target(entry));
        match target {
            Target::Live { .. } => {
                let mut roots: Vec<PathBuf> = located
                    .filter_map(|(_, found)| match found {
                        Found::At(path) => Some(path),
                        _ => None,
                    })
                    .collect();
                roots.sort();
                roots.dedup();
                let next = (!roots.is_empty()).then_some(Target::Live {
                    roots,
                    processes: false,
                });
                (next, Select::All)
            }
            image => {
                let paths: std::collections::HashSet<String> =
                    located.map(|(path, _)| path.to_lowercase()).collect();
                let next = (!paths.is_empty()).then_some(image);
                (next, Select::Paths(paths))
            }
        }
    }

    /// Resolves the entries found inside objects against everything the scan saw, then writes
    /// the autostart listing and a finding for each entry whose evidence reaches a level.
    fn write_entries(
        &mut self,
        signatures: &Signatures,
        reporter: &mut dyn Reporter,
    ) -> io::Result<()> {
        let resolver = Resolver {
            iocs: &signatures.iocs,
            index: &self.index,
        };
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by_key(|entry| entry.origin.path().into_owned());
        let mut leveled = Vec::new();
        for mut entry in entries {
            let target = resolver
                .resolve(&mut entry)
                .map(|(path, found)| TargetField {
                    path,
                    status: match found {
                        Found::At(_) => "found",
                        Found::Missing => "missing",
                        Found::Unknown => "unknown",
                    }
                    .to_string(),
                });
            if let Some(autostart) = &entry.autostart {
                self.autostarts += 1;
                let record = AutostartRecord::new(&entry, autostart, target.clone());
                reporter.write(&Record::Autostart(Box::new(record)))?;
            }
            if let Some(level) = Level::from_score(total_score(&entry.reasons))
                && !self.inventory
            {
                leveled.push((entry, target, level));
            }
        }
        for (entry, target, level) in leveled {
            self.count(level);
            reporter.write(&Record::Finding(Box::new(Finding::of_entry(
                &entry, target, level,
            ))))?;
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
        let image_path = image
            .as_ref()
            .map(|layout| &layout.path)
            .or(self.image.as_ref());
        let (host, os) = match image_path {
            Some(path) => (
                summary::image_host_name(path),
                summary::image_os(image.as_ref()),
            ),
            None => (
                self.host_name.clone().unwrap_or_else(host::name),
                summary::live_os(),
            ),
        };
        let analysed = self.files_scanned
            + self.members_scanned
            + self.processes.as_ref().map_or(0, |p| p.processes);
        let verdict = Verdict::of_scan(self.highest, analysed, self.errors);
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
                left_out: signatures
                    .left_out
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            },
            roots,
            start: humantime::format_rfc3339_seconds(start).to_string(),
            end: humantime::format_rfc3339_seconds(SystemTime::now()).to_string(),
            duration_secs: (duration_secs * 1000.0).round() / 1000.0,
            files_scanned: self.files_scanned,
            members_scanned: self.members_scanned,
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
            processes: self.processes,
            autostarts: self.autostarts,
            autostarts_only: self.autostarts_only,
            not_selected: self.not_selected,
            warnings: self.warnings,
            interrupted: stop.load(Ordering::Relaxed),
            time_limit_reached: stop.load(Ordering::Relaxed)
                && self
                    .deadline
                    .is_some_and(|deadline| Instant::now() >= deadline),
            verdict,
        }
    }
}
