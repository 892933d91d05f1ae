//! Containers: the members of archives, compressed files and documents go through the same
//! analysis as files, named with `!` after their container (`a.zip!dir/inner.7z!payload.dll`),
//! to a bounded depth and within bounded expansion (docs/containers.md). A worker expands a file
//! right after analysing it; each member is analysed, expanded in turn, and reported; a container
//! gets a reason of its own for each flagged member, so its score includes theirs.

use std::io::Read;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::Event;
use crate::analysis::office::{embedded, ole, vba};
use crate::analysis::{
    Analyzer, AnalyzerConfig, FileOutcome, FileReport, LoadedFile, Stream, md5_lanes,
};
use crate::evidence::{FileType, Level, Reason, ReasonKind, total_score};
use crate::panics;
use crate::source::archive::{self, Budget, Content, Flow, Limits};
use crate::source::{Link, Origin, SkipReason, Unscanned};

/// How deep and how far containers are opened.
#[derive(Debug, Clone)]
pub struct ExpandOptions {
    /// Containers inside containers are opened down to this depth (1 = members of the file
    /// itself only; 0 = no container opened).
    pub max_depth: u32,
    pub limits: Limits,
}

impl ExpandOptions {
    /// These settings in one line for the scan cache's scope (the passwords as a digest).
    pub fn cache_scope(&self) -> String {
        let limits = &self.limits;
        let passwords = Sha256::digest(limits.passwords.join("\n").as_bytes());
        format!(
            "depth {}, {} bytes, {} members, ratio {}, passwords {}",
            self.max_depth,
            limits.max_total_bytes,
            limits.max_members,
            limits.max_ratio,
            hex::encode(passwords)
        )
    }
}

impl Default for ExpandOptions {
    fn default() -> Self {
        ExpandOptions {
            max_depth: 5,
            limits: Limits::default(),
        }
    }
}

/// What kind of container an object is, by its content (and, for an OLE native-data stream,
/// its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holder {
    Archive(archive::Kind),
    /// An OLE2 compound file: its streams, VBA modules and embedded objects.
    Ole,
    /// An `\x01Ole10Native` stream: the file embedded in it.
    OleNative,
    /// An RTF document: its `\objdata` objects.
    Rtf,
}

impl Holder {
    fn of(origin: &Origin, data: &[u8]) -> Option<Holder> {
        if let Some(kind) = archive::detect(data) {
            return Some(Holder::Archive(kind));
        }
        if ole::is_ole(data) {
            return Some(Holder::Ole);
        }
        if data.starts_with(b"{\\rtf") {
            return Some(Holder::Rtf);
        }
        match origin.link() {
            Link::Member { name } if name.ends_with("\u{1}Ole10Native") => Some(Holder::OleNative),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Holder::Archive(kind) => kind.name(),
            Holder::Ole => "OLE compound file",
            Holder::OleNative => "OLE native data",
            Holder::Rtf => "RTF document",
        }
    }
}

/// Members are analysed in batches of this many, or once this many bytes are read: enough to
/// fill the MD5 lanes, few enough to keep memory bounded (as a worker's batches of files).
const BATCH_MEMBERS: usize = 32;
const BATCH_BYTES: usize = 64 << 20;

/// Members read and waiting for their analysis.
#[derive(Default)]
struct Batch {
    members: Vec<(Origin, Vec<u8>)>,
    bytes: usize,
}

/// Opens containers for one worker.
pub(super) struct Expander<'a, 's> {
    pub options: &'a ExpandOptions,
    pub config: &'s AnalyzerConfig,
    pub send: &'a mut dyn FnMut(Event),
}

impl<'s> Expander<'_, 's> {
    /// Expands `parent` (whose bytes are `data`) if it is a container, with a fresh budget: the
    /// limits hold for a top-level file and everything inside it. Returns whether it was one.
    pub fn expand_file(
        &mut self,
        analyzer: &mut Analyzer<'s>,
        parent: &mut FileReport,
        data: &[u8],
    ) -> bool {
        if parent.allowlisted || self.options.max_depth == 0 {
            return false;
        }
        if Holder::of(&parent.origin, data).is_none() {
            return false;
        }
        let budget = Budget::new(&self.options.limits);
        self.expand(analyzer, parent, data, 1, &budget);
        true
    }

    fn expand(
        &mut self,
        analyzer: &mut Analyzer<'s>,
        parent: &mut FileReport,
        data: &[u8],
        depth: u32,
        budget: &Budget,
    ) {
        let Some(holder) = Holder::of(&parent.origin, data) else {
            return;
        };
        if depth > self.options.max_depth {
            parent.problems.push(format!(
                "{} not opened: containers nested deeper than {} (--archive-depth)",
                holder.name(),
                self.options.max_depth
            ));
            return;
        }
        let at = Arc::new(parent.origin.clone());
        let mut flagged = Vec::new();
        match holder {
            Holder::Archive(kind) => {
                let limits = &self.options.limits;
                let mut batch = Batch::default();
                let problems = archive::members(kind, data, limits, budget, &mut |member| {
                    let origin = Origin::inside(&at, Link::Member { name: member.name });
                    match member.content {
                        Content::Data(reader) => {
                            let size = member.declared_size;
                            flagged.extend(self.read_member(
                                analyzer, &mut batch, origin, reader, size, depth, budget,
                            ));
                        }
                        Content::Encrypted => self.not_decoded(
                            origin,
                            member.declared_size,
                            "encrypted: no password in --archive-password opened it",
                        ),
                        Content::Unsupported(method) => self.not_decoded(
                            origin,
                            member.declared_size,
                            &format!("compressed with {method}, which needle cannot expand"),
                        ),
                        Content::Damaged(why) => {
                            self.error(origin, format!("member not readable: {why}"))
                        }
                    }
                    Flow::Continue
                });
                flagged.extend(self.analyze_batch(analyzer, batch, depth, budget));
                for problem in problems {
                    let place = problem
                        .member
                        .map(|member| format!(" (at {member})"))
                        .unwrap_or_default();
                    parent.problems.push(format!(
                        "{} not fully expanded{place}: {}",
                        kind.name(),
                        problem.message
                    ));
                }
            }
            Holder::Ole => flagged = self.ole(analyzer, parent, &at, data, depth, budget),
            Holder::OleNative => {
                if let Some(object) = embedded::ole10native(data) {
                    flagged.extend(self.embedded(analyzer, &at, object, depth, budget));
                }
            }
            Holder::Rtf => {
                let limit = self.member_limit(budget);
                for object in embedded::rtf_objects(data, limit) {
                    flagged.extend(self.embedded(analyzer, &at, object, depth, budget));
                }
            }
        }
        credit_members(parent, flagged, data);
    }

    /// An OLE compound file: every stream is a member (a VBA module as its source text), the
    /// macros' evidence goes to the file itself, and PowerPoint's embedded storages are members
    /// too. Returns the flagged members.
    fn ole(
        &mut self,
        analyzer: &mut Analyzer<'s>,
        parent: &mut FileReport,
        at: &Arc<Origin>,
        data: &[u8],
        depth: u32,
        budget: &Budget,
    ) -> Vec<(String, i64, Level)> {
        let mut flagged = Vec::new();
        let limit = self.member_limit(budget);
        let streams = match panics::catch(|| ole::streams(data, limit as u64, budget.bytes_left()))
        {
            Ok(Ok((streams, problems))) => {
                parent.problems.extend(
                    problems
                        .into_iter()
                        .map(|p| format!("OLE compound file: {p}")),
                );
                streams
            }
            Ok(Err(e)) => {
                parent
                    .problems
                    .push(format!("OLE compound file not readable: {e}"));
                return flagged;
            }
            Err(panic) => {
                parent.problems.push(format!(
                    "OLE compound file: internal error while reading: {panic}"
                ));
                return flagged;
            }
        };
        // A module's stream is reported as its source text, not as its compressed bytes.
        let mut module_streams = Vec::new();
        match vba::modules(&streams) {
            Ok(modules) => {
                for evidence in vba::evidence(&modules) {
                    let mut reason = Reason::new(
                        ReasonKind::Macro,
                        evidence.id,
                        evidence.score,
                        evidence.description,
                    );
                    reason.evidence = evidence.evidence;
                    parent.reasons.push(reason);
                }
                for module in modules {
                    module_streams.push(module.stream.clone());
                    let origin = Origin::inside(
                        at,
                        Link::Member {
                            name: module.stream,
                        },
                    );
                    let source = module.source.into_bytes();
                    flagged.extend(self.member(
                        analyzer,
                        origin,
                        &mut source.as_slice(),
                        depth,
                        budget,
                    ));
                }
            }
            Err(e) => parent
                .problems
                .push(format!("VBA project not readable: {e}")),
        }
        for stream in streams {
            if module_streams.contains(&stream.path) {
                continue;
            }
            if stream.path.ends_with("PowerPoint Document") {
                for object in embedded::ppt_objects(&stream.data, limit) {
                    flagged.extend(self.embedded(analyzer, at, object, depth, budget));
                }
            }
            let origin = Origin::inside(at, Link::Member { name: stream.path });
            flagged.extend(self.member(
                analyzer,
                origin,
                &mut stream.data.as_slice(),
                depth,
                budget,
            ));
        }
        flagged
    }

    fn embedded(
        &mut self,
        analyzer: &mut Analyzer<'s>,
        at: &Arc<Origin>,
        object: embedded::Embedded,
        depth: u32,
        budget: &Budget,
    ) -> Option<(String, i64, Level)> {
        let origin = Origin::inside(at, Link::Member { name: object.name });
        self.member(analyzer, origin, &mut object.data.as_slice(), depth, budget)
    }

    /// A member's size limit: `--max-size`, and no more than the budget left.
    fn member_limit(&self, budget: &Budget) -> usize {
        usize::try_from(self.config.max_size.min(budget.bytes_left())).unwrap_or(usize::MAX)
    }

    /// Reads, analyses, expands and reports one member; returns its path, score and level when
    /// it is flagged.
    fn member(
        &mut self,
        analyzer: &mut Analyzer<'s>,
        origin: Origin,
        reader: &mut dyn Read,
        depth: u32,
        budget: &Budget,
    ) -> Option<(String, i64, Level)> {
        let mut batch = Batch::default();
        let mut flagged =
            self.read_member(analyzer, &mut batch, origin, reader, None, depth, budget);
        flagged.extend(self.analyze_batch(analyzer, batch, depth, budget));
        flagged.into_iter().next()
    }

    /// Reads a member into `batch`, to be analysed with the others (their MD5s computed together
    /// in SIMD lanes, as a worker does for files). A member above `--max-size` is hashed as a
    /// stream and reported at once; a full batch is analysed at once. Returns the flagged
    /// members analysed meanwhile.
    #[allow(clippy::too_many_arguments)]
    fn read_member(
        &mut self,
        analyzer: &mut Analyzer<'s>,
        batch: &mut Batch,
        origin: Origin,
        reader: &mut dyn Read,
        declared_size: Option<u64>,
        depth: u32,
        budget: &Budget,
    ) -> Vec<(String, i64, Level)> {
        let max_size = self.config.max_size;
        let capacity = declared_size.unwrap_or(0).min(max_size).min(1 << 26);
        let mut data = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        if let Err(e) = reader
            .take(max_size.saturating_add(1))
            .read_to_end(&mut data)
        {
            self.error(origin, format!("member not fully read: {e}"));
            return Vec::new();
        }
        if data.len() as u64 > max_size {
            // Too large to hold: hashed as a stream and checked against IOCs, as files are.
            let mut rest = data.as_slice().chain(&mut *reader);
            let streamed = panics::catch(|| {
                analyzer
                    .analyze_stream(origin.clone(), 0, Stream::Once(&mut rest))
                    .map(|mut report| {
                        report.not_rule_scanned = Some(SkipReason::TooLarge {
                            size: report.size,
                            limit: max_size,
                        });
                        report
                    })
            });
            return self.report(origin, streamed).into_iter().collect();
        }
        batch.bytes += data.len();
        batch.members.push((origin, data));
        if batch.members.len() >= BATCH_MEMBERS || batch.bytes >= BATCH_BYTES {
            return self.analyze_batch(analyzer, std::mem::take(batch), depth, budget);
        }
        Vec::new()
    }

    /// Analyses the members read so far: their MD5s together, then each one, opened in turn.
    fn analyze_batch(
        &mut self,
        analyzer: &mut Analyzer<'s>,
        batch: Batch,
        depth: u32,
        budget: &Budget,
    ) -> Vec<(String, i64, Level)> {
        let md5s: Vec<Option<[u8; 16]>> = if analyzer.needs_md5() {
            let contents: Vec<&[u8]> = batch.members.iter().map(|(_, d)| d.as_slice()).collect();
            md5_lanes::md5_many(&contents)
                .into_iter()
                .map(Some)
                .collect()
        } else {
            vec![None; batch.members.len()]
        };
        let mut flagged = Vec::new();
        for ((origin, data), md5) in batch.members.into_iter().zip(md5s) {
            let file = LoadedFile {
                origin: origin.clone(),
                expected: data.len() as u64,
                data,
                owner: String::new(),
                logs: Vec::new(),
            };
            let analysed = panics::catch(|| Ok(analyzer.analyze(&file, md5)));
            let Ok(Ok(mut report)) = analysed else {
                flagged.extend(self.report(origin, analysed));
                continue;
            };
            if report.not_rule_scanned.is_none() {
                self.expand(analyzer, &mut report, &file.data, depth + 1, budget);
            }
            flagged.extend(self.report(origin, Ok(Ok(report))));
        }
        flagged
    }

    /// Reports an analysed member (or why it could not be analysed); returns its path, score
    /// and level when it is flagged.
    fn report(
        &mut self,
        origin: Origin,
        analysed: Result<std::io::Result<FileReport>, String>,
    ) -> Option<(String, i64, Level)> {
        let report = match analysed {
            Ok(Ok(report)) => report,
            Ok(Err(e)) => {
                self.error(origin, format!("member not fully read: {e}"));
                return None;
            }
            Err(panic) => {
                self.error(origin, format!("internal error while analysing: {panic}"));
                return None;
            }
        };
        let level = Level::from_score(report.score);
        let credit = level.map(|level| {
            (
                report.origin.path().to_string_lossy().into_owned(),
                report.score,
                level,
            )
        });
        (self.send)(Event::File(FileOutcome::Analyzed(Box::new(report))));
        credit
    }

    fn not_decoded(&mut self, origin: Origin, size: Option<u64>, reason: &str) {
        let reason = SkipReason::NotDecoded {
            size: size.unwrap_or(0),
            reason: reason.to_string(),
        };
        (self.send)(Event::Unscanned(Unscanned::Skipped { origin, reason }));
    }

    fn error(&mut self, origin: Origin, message: String) {
        (self.send)(Event::Unscanned(Unscanned::Error { origin, message }));
    }
}

/// A container's score includes its flagged members': one reason each (and its macros'
/// evidence, added while it was opened).
fn credit_members(parent: &mut FileReport, flagged: Vec<(String, i64, Level)>, data: &[u8]) {
    for (path, score, level) in flagged {
        let name = path.rsplit('!').next().unwrap_or(&path).to_string();
        let mut reason = Reason::new(
            ReasonKind::Member,
            name.clone(),
            score,
            format!("holds {name}, flagged ({})", level.name()),
        );
        reason.evidence.push(path);
        parent.reasons.push(reason);
    }
    parent.score = total_score(&parent.reasons);
    if Level::from_score(parent.score).is_some() && parent.file_type != FileType::Empty {
        // A finding shows all three digests and every section's entropy.
        parent.hashes.complete(data);
        if let Some(binary) = &mut parent.binary {
            binary.complete(data);
        }
    }
}
