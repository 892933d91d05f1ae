//! JSON Lines: one JSON object per record, one record per line, flushed at the summary.

use std::io::{self, Write};

use super::{Record, Reporter};

pub struct JsonLines<W: Write> {
    out: W,
}

impl<W: Write> JsonLines<W> {
    pub fn new(out: W) -> Self {
        JsonLines { out }
    }
}

impl<W: Write> Reporter for JsonLines<W> {
    fn write(&mut self, record: &Record) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, record)?;
        self.out.write_all(b"\n")?;
        if matches!(record, Record::Summary(_)) {
            self.out.flush()?;
        }
        Ok(())
    }
}
