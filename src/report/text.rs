//! Human-readable output: each finding with its reasons, errors one per line, and the summary
//! with the verdict. Colour only when asked for (a terminal without `NO_COLOR`); every string
//! from the scanned host is escaped.

use std::io::{self, Write};

use super::fleet::Fleet;
use super::model::{AutostartRecord, ObjectFacts, ObjectRecord, ProcessField};
use super::sanitize::escape;
use super::{Finding, Record, Reporter, Summary, human_bytes};
use crate::analysis::binary::BinaryInfo;
use crate::evidence::{Level, Verdict};
use crate::source::image::layout::ImageLayout;

pub struct Text<W: Write> {
    out: W,
    colour: bool,
    /// List skipped paths and notes one by one (otherwise only counted in the summary).
    verbose: bool,
    /// The autostart listing's heading has been written.
    in_autostarts: bool,
    /// In a merged report: the host whose findings are being written.
    host: Option<String>,
}

impl<W: Write> Text<W> {
    pub fn new(out: W, colour: bool, verbose: bool) -> Self {
        Text {
            out,
            colour,
            verbose,
            in_autostarts: false,
            host: None,
        }
    }

    /// A line of the caller's own (`needle inspect`'s count).
    pub fn line(&mut self, line: &str) -> io::Result<()> {
        writeln!(self.out, "{line}")?;
        self.out.flush()
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn finding(&mut self, finding: &Finding) -> io::Result<()> {
        let (label, code) = match finding.level {
            Level::Alert => ("ALERT", "1;31"),
            Level::Warning => ("WARNING", "1;33"),
            Level::Notice => ("NOTICE", "1;36"),
        };
        let head = self.paint(code, &format!("{label:<7}"));
        writeln!(
            self.out,
            "{head} score {:>4}  {}",
            finding.score,
            finding.facts.path.shown()
        )?;
        self.facts(&finding.facts, finding.process.as_ref())?;
        if let Some(entry) = &finding.entry {
            if let Some(line) = entry.line {
                writeln!(self.out, "        line {line}")?;
            }
            if let Some(value) = &entry.value {
                writeln!(
                    self.out,
                    "        value {} {}",
                    value.kind,
                    escape(&value.data)
                )?;
            }
            if let Some(autostart) = &entry.autostart {
                writeln!(
                    self.out,
                    "        {} runs {}",
                    serde_plain(&autostart.kind),
                    escape(&autostart.command)
                )?;
            }
            if let Some(target) = &entry.target {
                writeln!(
                    self.out,
                    "        starts {} ({})",
                    escape(&target.path),
                    target.status
                )?;
            }
        }
        self.digests(&finding.facts)?;
        for reason in &finding.reasons {
            let description = if reason.description.is_empty() {
                "(no description)"
            } else {
                &reason.description
            };
            writeln!(
                self.out,
                "        {:+5} {:<8} {}: {}",
                reason.score,
                serde_plain(&reason.kind),
                escape(&reason.id),
                escape(description)
            )?;
            if !reason.evidence.is_empty() {
                writeln!(
                    self.out,
                    "                       evidence: {}",
                    escape(&reason.evidence.join(", "))
                )?;
            }
            if let Some(source) = &reason.source {
                writeln!(
                    self.out,
                    "                       source: {}",
                    escape(source)
                )?;
            }
        }
        if !finding.rule_scanned {
            writeln!(
                self.out,
                "        (larger than --max-size: not rule-scanned)"
            )?;
        }
        for line in finding.problems.iter().chain(&finding.notes) {
            writeln!(self.out, "        note: {}", escape(line))?;
        }
        Ok(())
    }

    /// What a finding and an inspected object both show: other names, image, type and binary
    /// summary, size, process.
    fn facts(&mut self, facts: &ObjectFacts, process: Option<&ProcessField>) -> io::Result<()> {
        for other in &facts.other_names {
            writeln!(self.out, "        also named {}", other.shown())?;
        }
        if let Some(origin) = &facts.image {
            writeln!(
                self.out,
                "        in image {}, partition {}, {}",
                escape(&origin.image),
                origin.partition,
                escape(&origin.filesystem)
            )?;
        }
        let mut line = format!("type {}", serde_plain(&facts.file_type));
        if let Some(binary) = &facts.binary {
            line.push_str(&format!(" ({})", binary_summary(binary)));
        }
        writeln!(self.out, "        {line}, {} bytes", facts.size)?;
        if let Some(process) = process {
            writeln!(
                self.out,
                "        process {} ({}), parent {}, user {}, started {}{}",
                process.pid,
                escape(&process.name),
                process.ppid,
                escape(&process.user),
                process.start_time,
                if process.exe_deleted {
                    ", executable deleted"
                } else {
                    ""
                }
            )?;
            if !process.cmdline.is_empty() {
                writeln!(
                    self.out,
                    "        command line {}",
                    escape(&process.cmdline.join(" "))
                )?;
            }
        }
        Ok(())
    }

    /// The three digests, as `md5 ... sha1 ...` and `sha256 ...` lines.
    fn digests(&mut self, facts: &ObjectFacts) -> io::Result<()> {
        writeln!(self.out, "        md5 {}  sha1 {}", facts.md5, facts.sha1)?;
        writeln!(self.out, "        sha256 {}", facts.sha256)
    }

    /// An inspected object: its facts in full, unscored.
    fn object(&mut self, object: &ObjectRecord) -> io::Result<()> {
        writeln!(self.out, "{}", object.facts.path.shown())?;
        self.facts(&object.facts, object.process.as_ref())?;
        self.digests(&object.facts)?;
        if let Some(binary) = &object.facts.binary {
            for line in binary_details(binary) {
                writeln!(self.out, "        {}", escape(&line))?;
            }
        }
        for observation in &object.observations {
            writeln!(self.out, "        observed: {}", escape(observation))?;
        }
        for line in object.problems.iter().chain(&object.notes) {
            writeln!(self.out, "        note: {}", escape(line))?;
        }
        Ok(())
    }

    fn summary(&mut self, summary: &Summary) -> io::Result<()> {
        writeln!(self.out)?;
        writeln!(
            self.out,
            "needle {} on {} ({}){}",
            summary.scanner.version,
            escape(&summary.host),
            escape(summary.os.name.as_deref().unwrap_or(&summary.os.family)),
            if summary.time_limit_reached {
                ", STOPPED AT --max-time"
            } else if summary.interrupted {
                ", INTERRUPTED"
            } else {
                ""
            }
        )?;
        if let Some(image) = &summary.image {
            self.image(image)?;
        }
        writeln!(
            self.out,
            "scanned {} files, {} in {:.1} s{}",
            summary.files_scanned,
            human_bytes(summary.bytes_scanned),
            summary.duration_secs,
            if summary.members_scanned > 0 {
                format!(
                    " (and {} members of archives and documents)",
                    summary.members_scanned
                )
            } else {
                String::new()
            }
        )?;
        writeln!(
            self.out,
            "findings: {} alert, {} warning, {} notice",
            summary.findings.alert, summary.findings.warning, summary.findings.notice
        )?;
        let skipped: Vec<String> = summary
            .skipped
            .iter()
            .map(|(k, v)| format!("{v} {k}"))
            .collect();
        writeln!(
            self.out,
            "errors: {}; skipped: {}; symlinks not followed: {}; excluded: {}; allow-listed: {}",
            summary.errors,
            if skipped.is_empty() {
                "none".to_string()
            } else {
                skipped.join(", ")
            },
            summary.symlinks,
            summary.excluded,
            summary.allowlisted
        )?;
        if let Some(processes) = &summary.processes {
            writeln!(
                self.out,
                "processes: {} ({} not readable), {} memory regions, {} read{}",
                processes.processes,
                processes.not_readable,
                processes.regions,
                human_bytes(processes.memory_bytes),
                if processes.regions_over_limit > 0 {
                    format!(
                        " ({} regions cut at the limits)",
                        processes.regions_over_limit
                    )
                } else {
                    String::new()
                }
            )?;
        }
        if summary.autostarts > 0 {
            writeln!(self.out, "autostart entries read: {}", summary.autostarts)?;
        }
        if summary.cached > 0 {
            writeln!(
                self.out,
                "answered from the scan cache (unchanged): {} files",
                summary.cached
            )?;
        }
        for warning in &summary.warnings {
            writeln!(self.out, "warning: {}", escape(warning))?;
        }
        let signatures = &summary.signatures;
        writeln!(
            self.out,
            "signatures: {} rules from {} files, {} hash and {} filename IOCs (digest {})",
            signatures.rules,
            signatures.rule_files,
            signatures.iocs.md5 + signatures.iocs.sha1 + signatures.iocs.sha256,
            signatures.iocs.filename,
            &signatures.digest[..16.min(signatures.digest.len())]
        )?;
        let (word, code) = match summary.verdict {
            Verdict::Compromised => ("COMPROMISED", "1;31"),
            Verdict::Suspicious => ("SUSPICIOUS", "1;33"),
            Verdict::Unknown => ("UNKNOWN", "1"),
            Verdict::Clean => ("CLEAN", "1;32"),
        };
        if !signatures.left_out.is_empty() {
            writeln!(
                self.out,
                "signatures INCOMPLETE: {} files left out (errors above)",
                signatures.left_out.len()
            )?;
        }
        let mut limits = Vec::new();
        if summary.time_limit_reached {
            limits.push("of what was scanned before --max-time");
        } else if summary.interrupted {
            limits.push("of what was scanned before the interruption");
        }
        if !signatures.left_out.is_empty() {
            limits.push("signatures incomplete");
        }
        // Signature files left out are counted among the errors and said just above.
        let read_errors = summary
            .errors
            .saturating_sub(signatures.left_out.len() as u64);
        let errors = format!(
            "{read_errors} error{}: what could not be read is not covered",
            if read_errors == 1 { "" } else { "s" }
        );
        if summary.verdict == Verdict::Unknown {
            limits.push("nothing could be scanned");
        }
        if read_errors > 0 {
            limits.push(&errors);
        }
        let limits = if limits.is_empty() {
            String::new()
        } else {
            format!(" ({})", limits.join("; "))
        };
        writeln!(self.out, "verdict: {}{limits}", self.paint(code, word))?;
        self.out.flush()
    }
}

impl<W: Write> Text<W> {
    /// One line of the autostart listing: level, kind, what it starts, where it is defined.
    fn autostart(&mut self, record: &AutostartRecord) -> io::Result<()> {
        if !self.in_autostarts {
            self.in_autostarts = true;
            writeln!(self.out)?;
            writeln!(self.out, "autostarts:")?;
        }
        let level = match record.level {
            Some(Level::Alert) => self.paint("1;31", "ALERT  "),
            Some(Level::Warning) => self.paint("1;33", "WARNING"),
            Some(Level::Notice) => self.paint("1;36", "NOTICE "),
            None => "       ".to_string(),
        };
        let starts = record
            .target
            .as_ref()
            .map(|target| match target.status.as_str() {
                "missing" => format!("{} (missing)", target.path),
                _ => target.path.clone(),
            })
            .unwrap_or_else(|| record.autostart.command.clone());
        let line = record.line.map(|l| format!(":{l}")).unwrap_or_default();
        writeln!(
            self.out,
            "  {level} {:<17} {}  <- {}{line}",
            serde_plain(&record.autostart.kind),
            escape(&starts),
            record.path.shown()
        )
    }

    /// The image's layers: container, partition table, and each volume with what was read.
    pub fn image(&mut self, image: &ImageLayout) -> io::Result<()> {
        writeln!(
            self.out,
            "image {}: {}, {} virtual disk, partition table {}",
            escape(&image.path),
            escape(&image.container),
            human_bytes(image.disk_size),
            image.partition_table
        )?;
        for volume in &image.volumes {
            let mut line = format!(
                "  partition {} at {}: {}, {}",
                volume.partition,
                volume.start,
                human_bytes(volume.length),
                escape(&volume.partition_type)
            );
            if let Some(name) = &volume.name {
                line.push_str(&format!(" \"{}\"", escape(name)));
            }
            line.push_str(&format!(" | {}", escape(&volume.content)));
            if let Some(label) = &volume.label {
                line.push_str(&format!(" \"{}\"", escape(label)));
            }
            if let Some(mount) = &volume.mount {
                line.push_str(&format!(" as {mount}"));
            }
            line.push_str(&format!(" | {}", escape(&volume.status)));
            if volume.files_read > 0 {
                line.push_str(&format!(
                    ", {} files, {}",
                    volume.files_read,
                    human_bytes(volume.bytes_read)
                ));
            }
            writeln!(self.out, "{line}")?;
            for subvolume in &volume.subvolumes {
                match (&subvolume.path, &subvolume.not_walked) {
                    (Some(path), _) => writeln!(
                        self.out,
                        "    subvolume {} at {}",
                        subvolume.id,
                        escape(path)
                    )?,
                    (None, why) => writeln!(
                        self.out,
                        "    subvolume {}: {}",
                        subvolume.id,
                        escape(why.as_deref().unwrap_or("not walked"))
                    )?,
                }
            }
        }
        for problem in &image.problems {
            writeln!(self.out, "  problem: {}", escape(problem))?;
        }
        if let Some(digest) = &image.media_sha256 {
            writeln!(self.out, "  disk sha256 {digest}")?;
        }
        Ok(())
    }
}

impl<W: Write> Reporter for Text<W> {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        match record {
            Record::Finding(finding) => self.finding(finding),
            Record::Error(error) => writeln!(
                self.out,
                "{} {}: {}",
                self.paint("31", "error:"),
                error.path.shown(),
                escape(&error.message)
            ),
            Record::Skipped(skipped) if self.verbose => {
                writeln!(
                    self.out,
                    "skipped: {}: {}",
                    skipped.path.shown(),
                    escape(&skipped.detail)
                )
            }
            Record::Note(note) if self.verbose => {
                writeln!(
                    self.out,
                    "note: {}: {}",
                    note.path.shown(),
                    escape(&note.note)
                )
            }
            Record::Skipped(_) | Record::Note(_) => Ok(()),
            Record::Autostart(autostart) => self.autostart(autostart),
            Record::Summary(summary) => self.summary(summary),
            Record::HostFinding(found) => {
                if self.host.as_deref() != Some(found.host.as_str()) {
                    writeln!(self.out, "host {}:", escape(&found.host))?;
                    self.host = Some(found.host.clone());
                }
                self.finding(&found.finding)
            }
            Record::Fleet(fleet) => self.fleet(fleet),
            Record::Object(object) => self.object(object),
        }
    }
}

impl<W: Write> Text<W> {
    /// The fleet view of a merged report: verdicts, each host, what several hosts share, the
    /// reports that are not whole, the versions that wrote them.
    fn fleet(&mut self, fleet: &Fleet) -> io::Result<()> {
        writeln!(self.out)?;
        let verdicts: Vec<String> = ["compromised", "suspicious", "clean", "unknown"]
            .iter()
            .map(|v| format!("{} {v}", fleet.verdicts.get(*v).copied().unwrap_or(0)))
            .collect();
        writeln!(
            self.out,
            "fleet: {} hosts: {}",
            fleet.hosts.len(),
            verdicts.join(", ")
        )?;
        writeln!(
            self.out,
            "findings: {} alert, {} warning, {} notice",
            fleet.findings.alert, fleet.findings.warning, fleet.findings.notice
        )?;
        writeln!(self.out, "hosts:")?;
        for host in &fleet.hosts {
            let verdict = match host.verdict {
                Some(Verdict::Compromised) => self.paint("1;31", "COMPROMISED"),
                Some(Verdict::Suspicious) => self.paint("1;33", "SUSPICIOUS "),
                Some(Verdict::Clean) => self.paint("1;32", "CLEAN      "),
                Some(Verdict::Unknown) | None => "UNKNOWN    ".to_string(),
            };
            let mut state = Vec::new();
            if host.interrupted {
                state.push("interrupted".to_string());
            }
            if !host.complete {
                state.push("report incomplete".to_string());
            }
            if host.errors > 0 {
                state.push(format!("{} errors", host.errors));
            }
            writeln!(
                self.out,
                "  {verdict} {}  {} alert, {} warning, {} notice; {} files{}",
                escape(&host.host),
                host.findings.alert,
                host.findings.warning,
                host.findings.notice,
                host.files_scanned,
                if state.is_empty() {
                    String::new()
                } else {
                    format!("; {}", state.join(", "))
                }
            )?;
        }
        let shared: Vec<_> = fleet
            .artifacts
            .iter()
            .filter(|a| a.hosts.len() > 1)
            .collect();
        if !shared.is_empty() {
            writeln!(self.out, "found on several hosts:")?;
            for artifact in shared {
                writeln!(
                    self.out,
                    "  {} score {} on {} hosts: sha256 {} ({})",
                    artifact.level.name(),
                    artifact.score,
                    artifact.hosts.len(),
                    artifact.sha256,
                    escape(&artifact.reasons.join(", "))
                )?;
                for path in &artifact.paths {
                    writeln!(self.out, "      {}", escape(path))?;
                }
            }
        }
        if !fleet.problems.is_empty() {
            writeln!(self.out, "reports not read whole:")?;
            for problem in &fleet.problems {
                writeln!(self.out, "  {}", escape(problem))?;
            }
        }
        writeln!(
            self.out,
            "{}",
            if fleet.versions.len() > 1 {
                "reports written by DIFFERENT versions:"
            } else {
                "reports written by:"
            }
        )?;
        for version in &fleet.versions {
            writeln!(self.out, "  {}", escape(version))?;
        }
        let (word, code) = match fleet.worst() {
            Some(Verdict::Compromised) => ("COMPROMISED", "1;31"),
            Some(Verdict::Suspicious) => ("SUSPICIOUS", "1;33"),
            Some(Verdict::Clean) => ("CLEAN", "1;32"),
            Some(Verdict::Unknown) | None => ("UNKNOWN", "1"),
        };
        writeln!(self.out, "worst verdict: {}", self.paint(code, word))?;
        self.out.flush()
    }
}

/// A binary's facts beyond its one-line summary, for `needle inspect`: sections, exports,
/// interpreter, each Mach-O architecture's dylibs and entitlements.
fn binary_details(binary: &BinaryInfo) -> Vec<String> {
    let mut lines = Vec::new();
    match binary {
        BinaryInfo::Pe(pe) => {
            for section in &pe.sections {
                lines.push(format!(
                    "section {:<8} virtual {:>8} raw {:>8} entropy {}{}",
                    section.name,
                    section.virtual_size,
                    section.raw_size,
                    section
                        .entropy
                        .map_or_else(|| "-".to_string(), |e| format!("{e:.2}")),
                    if section.executable {
                        " executable"
                    } else {
                        ""
                    }
                ));
            }
            if !pe.exports.is_empty() {
                lines.push(format!(
                    "exports ({}): {}",
                    pe.exports_total,
                    pe.exports.join(", ")
                ));
            }
        }
        BinaryInfo::Elf(elf) => {
            if let Some(interpreter) = &elf.interpreter {
                lines.push(format!("interpreter {interpreter}"));
            }
        }
        BinaryInfo::MachO(macho) => {
            for arch in &macho.architectures {
                lines.push(format!("{}: {}", arch.cpu, arch.describe()));
                for dylib in &arch.dylibs {
                    lines.push(format!("  links {dylib}"));
                }
                for rpath in &arch.rpaths {
                    lines.push(format!("  rpath {rpath}"));
                }
                if let Some(signature) = &arch.code_signature {
                    for entitlement in &signature.entitlements {
                        lines.push(format!("  entitlement {entitlement}"));
                    }
                }
            }
        }
    }
    lines
}

/// The serde name of a unit enum variant (`pe`, `hash`...), so text and JSON say the same.
fn serde_plain<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn binary_summary(binary: &BinaryInfo) -> String {
    match binary {
        BinaryInfo::Pe(pe) => {
            let kind = if pe.driver {
                "driver"
            } else if pe.dll {
                "DLL"
            } else {
                "EXE"
            };
            let mut text = format!("{} PE {kind}, compiled {}", pe.machine, pe.compile_time);
            if let Some(imphash) = &pe.imphash {
                text.push_str(&format!(", imphash {imphash}"));
            }
            if pe.signature_directory {
                text.push_str(", has signature directory");
            }
            text
        }
        BinaryInfo::Elf(elf) => {
            let mut text = format!("{} ELF {}", elf.machine, elf.elf_type);
            if elf.stripped {
                text.push_str(", stripped");
            }
            text
        }
        BinaryInfo::MachO(macho) => {
            let arches: Vec<String> = macho.architectures.iter().map(|a| a.describe()).collect();
            if macho.universal {
                format!("universal Mach-O: {}", arches.join("; "))
            } else {
                format!("Mach-O {}", arches.join("; "))
            }
        }
    }
}
