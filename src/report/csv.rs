//! CSV (RFC 4180): one row per finding, for spreadsheets and SIEM imports. A scan's rows are
//! written when its summary arrives (each row names the host, known then); a merged report's
//! rows carry their host already. Columns: docs/report-format.md.

use std::io::{self, Write};

use super::fleet::HostFinding;
use super::model::Finding;
use super::{Record, Reporter};

pub const COLUMNS: &[&str] = &[
    "host",
    "path",
    "level",
    "score",
    "file_type",
    "size",
    "md5",
    "sha1",
    "sha256",
    "reasons",
    "image",
    "partition",
    "autostart",
    "target",
    "pid",
    "process",
    "rule_scanned",
];

pub struct Csv<W: Write> {
    out: W,
    header_written: bool,
    /// A scan's findings, until the summary names the host.
    pending: Vec<Finding>,
}

impl<W: Write> Csv<W> {
    pub fn new(out: W) -> Self {
        Csv {
            out,
            header_written: false,
            pending: Vec::new(),
        }
    }

    fn header(&mut self) -> io::Result<()> {
        if self.header_written {
            return Ok(());
        }
        self.header_written = true;
        self.line(COLUMNS.iter().map(|c| c.to_string()))
    }

    fn row(&mut self, host: &str, finding: &Finding) -> io::Result<()> {
        self.header()?;
        let reasons = finding
            .reasons
            .iter()
            .map(|r| format!("{}:{}({:+})", serde_name(&r.kind), r.id, r.score))
            .collect::<Vec<_>>()
            .join("; ");
        let image = finding.facts.image.as_ref();
        let entry = finding.entry.as_ref();
        let autostart = entry.and_then(|e| e.autostart.as_ref());
        let process = finding.process.as_ref();
        self.line([
            host.to_string(),
            finding.facts.path.path.clone(),
            finding.level.name().to_string(),
            finding.score.to_string(),
            serde_name(&finding.facts.file_type),
            finding.facts.size.to_string(),
            finding.facts.md5.clone(),
            finding.facts.sha1.clone(),
            finding.facts.sha256.clone(),
            reasons,
            image.map(|i| i.image.clone()).unwrap_or_default(),
            image.map(|i| i.partition.to_string()).unwrap_or_default(),
            autostart
                .map(|a| format!("{}: {}", serde_name(&a.kind), a.command))
                .unwrap_or_default(),
            entry
                .and_then(|e| e.target.as_ref())
                .map(|t| format!("{} ({})", t.path, t.status))
                .unwrap_or_default(),
            process.map(|p| p.pid.to_string()).unwrap_or_default(),
            process.map(|p| p.name.clone()).unwrap_or_default(),
            finding.rule_scanned.to_string(),
        ])
    }

    /// One record: fields quoted when they hold a comma, a quote or a line break (quotes
    /// doubled), lines ended with CRLF.
    fn line(&mut self, fields: impl IntoIterator<Item = String>) -> io::Result<()> {
        let mut line = String::new();
        for (i, field) in fields.into_iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            if field.contains([',', '"', '\r', '\n']) {
                line.push('"');
                line.push_str(&field.replace('"', "\"\""));
                line.push('"');
            } else {
                line.push_str(&field);
            }
        }
        line.push_str("\r\n");
        self.out.write_all(line.as_bytes())
    }
}

/// The serde name of a unit enum variant (`pe`, `rule`...), as in JSON.
fn serde_name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

impl<W: Write> Reporter for Csv<W> {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        match record {
            Record::Finding(finding) => self.pending.push(finding.as_ref().clone()),
            Record::HostFinding(found) => {
                let HostFinding { host, finding } = found.as_ref();
                self.row(host, finding)?;
            }
            Record::Summary(summary) => {
                for finding in std::mem::take(&mut self.pending) {
                    self.row(&summary.host, &finding)?;
                }
                self.out.flush()?;
            }
            Record::Error(_)
            | Record::Skipped(_)
            | Record::Note(_)
            | Record::Autostart(_)
            | Record::Fleet(_)
            | Record::Object(_) => {}
        }
        Ok(())
    }

    /// A report without findings is still a CSV file: the header alone. Findings whose scan
    /// never wrote a summary are written with an empty host rather than lost.
    fn finish(&mut self) -> io::Result<()> {
        for finding in std::mem::take(&mut self.pending) {
            self.row("", &finding)?;
        }
        self.header()?;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        let mut out = Vec::new();
        let mut csv = Csv::new(&mut out);
        csv.line([
            "a".to_string(),
            "b,c".to_string(),
            "say \"hi\"".to_string(),
            "x\ny".to_string(),
        ])
        .expect("memory");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\n"
        );
    }
}
