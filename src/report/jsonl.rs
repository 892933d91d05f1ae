//! JSON Lines: one JSON object per record, one record per line, flushed at the summary; and the
//! reader that takes such a report back into [`Record`]s, as far as it goes.

use std::io::{self, BufRead, Write};

use serde::{Deserialize, Serialize};

use super::{Record, Reporter, SCHEMA_VERSION};

pub struct JsonLines<W: Write> {
    out: W,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W) -> Self {
        JsonLines { out }
    }
}

/// A record as one line: its fields, then the schema version.
#[derive(Serialize)]
struct LineOut<'a> {
    #[serde(flatten)]
    record: &'a Record,
    schema: u32,
}

#[derive(Deserialize)]
struct LineIn {
    #[serde(flatten)]
    record: Record,
    /// 0 for reports written before records carried a version.
    #[serde(default)]
    schema: u32,
}

impl<W: Write> Reporter for JsonLines<W> {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        let line = LineOut {
            record,
            schema: SCHEMA_VERSION,
        };
        serde_json::to_writer(&mut self.out, &line)?;
        self.out.write_all(b"\n")?;
        if matches!(record, Record::Summary(_)) {
            self.out.flush()?;
        }
        Ok(())
    }
}

/// A JSON Lines report read back: every record that could be read, in order, and what could
/// not be (a line cut short, a line that is not a record, a newer schema, a missing summary).
#[derive(Debug, Default)]
pub struct ReadReport {
    pub records: Vec<Record>,
    pub problems: Vec<String>,
}

/// Reads a JSON Lines report. Bad lines are noted and passed over, so a report cut short (a scan
/// killed mid-write, a partial copy) still gives every complete record before the cut.
pub fn read(mut input: impl BufRead) -> io::Result<ReadReport> {
    let mut report = ReadReport::default();
    let mut line = Vec::new();
    let mut number = 0u64;
    let mut newer_schema = false;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        let complete = line.last() == Some(&b'\n');
        let text = line.trim_ascii();
        if text.is_empty() {
            continue;
        }
        match serde_json::from_slice::<LineIn>(text) {
            Ok(parsed) => {
                if parsed.schema > SCHEMA_VERSION && !newer_schema {
                    newer_schema = true;
                    report.problems.push(format!(
                        "line {number}: schema version {} is newer than this needle's \
                         ({SCHEMA_VERSION}): fields it added are not read",
                        parsed.schema
                    ));
                }
                report.records.push(parsed.record);
            }
            Err(_) if !complete => report.problems.push(format!(
                "line {number}: cut short (the report ends in the middle of a record)"
            )),
            Err(e) => report
                .problems
                .push(format!("line {number}: not a needle record: {e}")),
        }
    }
    // A scan's report ends with a summary, a merged report with the fleet.
    if !matches!(
        report.records.last(),
        Some(Record::Summary(_) | Record::Fleet(_))
    ) {
        report
            .problems
            .push("no summary at the end: the scan did not finish writing this report".to_string());
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{ErrorRecord, PathField};

    fn error_line(path: &str) -> String {
        let mut out = Vec::new();
        JsonLines::new(&mut out)
            .write(&Record::Error(ErrorRecord {
                path: PathField::new(std::path::Path::new(path)),
                message: "cannot open: Permission denied (os error 13)".to_string(),
            }))
            .expect("writing to memory");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    #[test]
    fn every_line_carries_the_schema_version() {
        let line = error_line("/srv/a");
        assert!(line.ends_with(",\"schema\":1}\n"), "{line}");
        assert!(
            line.starts_with("{\"type\":\"error\",\"path\":\"/srv/a\""),
            "{line}"
        );
    }

    #[test]
    fn a_report_cut_short_reads_up_to_the_cut() {
        let whole = format!("{}{}", error_line("/srv/a"), error_line("/srv/b"));
        let cut = &whole[..whole.len() - 20];
        let read = read(cut.as_bytes()).expect("reading from memory");
        assert_eq!(read.records.len(), 1);
        assert_eq!(
            read.problems,
            [
                "line 2: cut short (the report ends in the middle of a record)",
                "no summary at the end: the scan did not finish writing this report"
            ]
        );
    }

    #[test]
    fn a_line_that_is_no_record_is_named_and_passed_over() {
        let text = format!("{{\"type\":\"weather\"}}\n{}", error_line("/srv/b"));
        let read = read(text.as_bytes()).expect("reading from memory");
        assert_eq!(read.records.len(), 1);
        assert!(
            read.problems[0].starts_with("line 1: not a needle record"),
            "{:?}",
            read.problems
        );
    }
}
