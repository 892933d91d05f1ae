//! Reading report values and writing them safely: escaping for HTML, the fixed words of levels
//! and verdicts (the only values the page puts in attributes).

use serde_json::Value;

pub(super) use crate::report::human_bytes;
use crate::report::sanitize::is_bidi_control;

/// Report text as HTML: `&<>"'` as entities; control and bidirectional formatting characters
/// shown as marked escapes (`\n`, `\u{1b}`, `\u{202e}`), so a hostile name can neither break the
/// markup nor disguise itself. Not for `<title>`, which cannot hold markup: see [`esc_plain`].
pub(super) fn esc(text: &str) -> String {
    escape(text, true)
}

/// As [`esc`], with the escapes of control characters unmarked.
pub(super) fn esc_plain(text: &str) -> String {
    escape(text, false)
}

pub(super) fn escape(text: &str, mark: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() || is_bidi_control(c) => {
                let shown = match c {
                    '\n' => "\\n".to_string(),
                    '\r' => "\\r".to_string(),
                    '\t' => "\\t".to_string(),
                    c => format!("\\u{{{:x}}}", c as u32),
                };
                if mark {
                    out.push_str(&format!("<span class=\"ctl\">{shown}</span>"));
                } else {
                    out.push_str(&shown);
                }
            }
            c => out.push(c),
        }
    }
    out
}

pub(super) fn str_of<'a>(record: &'a Value, key: &str) -> &'a str {
    record.get(key).and_then(Value::as_str).unwrap_or("")
}

pub(super) fn int_of(record: &Value, key: &str) -> i64 {
    record.get(key).and_then(Value::as_i64).unwrap_or(0)
}

pub(super) fn array_of<'a>(record: &'a Value, key: &str) -> &'a [Value] {
    record
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

pub(super) fn strings_of<'a>(record: &'a Value, key: &str) -> Vec<&'a str> {
    array_of(record, key)
        .iter()
        .filter_map(Value::as_str)
        .collect()
}

/// A value as plain text: strings as they are, numbers, `yes`/`no`, lists joined, objects as
/// JSON.
pub(super) fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(true) => "yes".to_string(),
        Value::Bool(false) => "no".to_string(),
        Value::String(text) => text.clone(),
        Value::Number(number) => number.to_string(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        Value::Object(_) => value.to_string(),
    }
}

pub(super) fn plural(count: i64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Level {
    /// Below 40 (an autostart entry not flagged) or not a level needle writes.
    None,
    Notice,
    Warning,
    Alert,
}

impl Level {
    pub(super) fn of(record: &Value) -> Level {
        match str_of(record, "level") {
            "alert" => Level::Alert,
            "warning" => Level::Warning,
            "notice" => Level::Notice,
            _ => Level::None,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Level::Alert => "alert",
            Level::Warning => "warning",
            Level::Notice => "notice",
            Level::None => "none",
        }
    }

    pub(super) fn badge(self) -> String {
        let word = match self {
            Level::Alert => "ALERT",
            Level::Warning => "WARNING",
            Level::Notice => "NOTICE",
            Level::None => "below 40",
        };
        format!("<span class=\"level level-{}\">{word}</span>", self.name())
    }

    /// The sort key the script reads from the cell: alerts highest.
    pub(super) fn cell(self) -> String {
        format!("<td data-key=\"{}\">{}</td>", self as u8, self.badge())
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Verdict {
    Compromised,
    Suspicious,
    Clean,
    /// No summary (the report was cut short), or a scan that could read nothing.
    Unknown,
}

impl Verdict {
    pub(super) fn of(value: Option<&Value>) -> Verdict {
        match value.and_then(Value::as_str) {
            Some("compromised") => Verdict::Compromised,
            Some("suspicious") => Verdict::Suspicious,
            Some("clean") => Verdict::Clean,
            _ => Verdict::Unknown,
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Verdict::Compromised => "compromised",
            Verdict::Suspicious => "suspicious",
            Verdict::Clean => "clean",
            Verdict::Unknown => "unknown",
        }
    }

    pub(super) fn word(self) -> &'static str {
        match self {
            Verdict::Compromised => "COMPROMISED",
            Verdict::Suspicious => "SUSPICIOUS",
            Verdict::Clean => "CLEAN",
            Verdict::Unknown => "UNKNOWN",
        }
    }

    /// Worst first when sorted descending; an unknown host ranks above a clean one, since it
    /// may hide anything.
    pub(super) fn severity(self) -> u8 {
        match self {
            Verdict::Compromised => 3,
            Verdict::Suspicious => 2,
            Verdict::Unknown => 1,
            Verdict::Clean => 0,
        }
    }

    pub(super) fn badge(self) -> String {
        let word = match self {
            Verdict::Unknown => "unknown / incomplete",
            verdict => verdict.name(),
        };
        format!(
            "<span class=\"verdict verdict-{}\">{word}</span>",
            self.name()
        )
    }
}
