//! Property lists, XML or binary (launchd jobs, code-signing entitlements), read as the plist
//! crate's event stream into a small value tree: nesting and size are bounded, so a hostile
//! plist costs an error, never the stack or the memory.

use std::io::Cursor;

use plist::stream::{Event, Reader};

/// Deeper nesting than this is refused (launchd jobs and entitlements use three or four levels).
const MAX_DEPTH: usize = 16;
/// More values than this in one plist are refused.
const MAX_VALUES: usize = 100_000;

/// A plist value, as far as needle reads one.
#[derive(Debug, Clone, PartialEq)]
pub enum PlistValue {
    Boolean(bool),
    Integer(i64),
    String(String),
    Array(Vec<PlistValue>),
    Dictionary(Vec<(String, PlistValue)>),
    /// Data, dates, reals and UIDs: present, not read.
    Other,
}

impl PlistValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PlistValue::String(text) => Some(text),
            _ => None,
        }
    }
}

/// The entries of the top-level dictionary, in order.
pub fn top_level(data: &[u8]) -> Result<Vec<(String, PlistValue)>, String> {
    let mut events = Reader::new(Cursor::new(data));
    let mut budget = MAX_VALUES;
    match read_value(&mut events, 0, &mut budget)? {
        Some(PlistValue::Dictionary(entries)) => Ok(entries),
        Some(_) => Err("the property list is not a dictionary".to_string()),
        None => Err("empty property list".to_string()),
    }
}

/// The next value of the stream; None at the end of a collection (or of the stream).
fn read_value<R>(
    events: &mut Reader<R>,
    depth: usize,
    budget: &mut usize,
) -> Result<Option<PlistValue>, String>
where
    R: std::io::Read + std::io::Seek,
{
    let Some(event) = events.next() else {
        return Ok(None);
    };
    let event = event.map_err(|e| format!("malformed property list: {e}"))?;
    *budget = budget
        .checked_sub(1)
        .ok_or("property list has too many values")?;
    if depth > MAX_DEPTH && matches!(event, Event::StartArray(_) | Event::StartDictionary(_)) {
        return Err(format!("property list nested deeper than {MAX_DEPTH}"));
    }
    Ok(Some(match event {
        Event::EndCollection => return Ok(None),
        Event::Boolean(value) => PlistValue::Boolean(value),
        Event::Integer(value) => value
            .as_signed()
            .map_or(PlistValue::Other, PlistValue::Integer),
        Event::String(text) => PlistValue::String(text.into_owned()),
        Event::StartArray(_) => {
            let mut items = Vec::new();
            while let Some(item) = read_value(events, depth + 1, budget)? {
                items.push(item);
            }
            PlistValue::Array(items)
        }
        Event::StartDictionary(_) => {
            let mut entries = Vec::new();
            while let Some(key) = read_value(events, depth + 1, budget)? {
                let PlistValue::String(key) = key else {
                    return Err("malformed property list: a dictionary key is not a string".into());
                };
                let value = read_value(events, depth + 1, budget)?
                    .ok_or("malformed property list: a dictionary key without a value")?;
                entries.push((key, value));
            }
            PlistValue::Dictionary(entries)
        }
        _ => PlistValue::Other,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
    <key>Label</key><string>com.example.agent</string>
    <key>ProgramArguments</key>
    <array><string>/usr/local/bin/agent</string><string>--daemon</string></array>
    <key>RunAtLoad</key><true/>
    <key>StartInterval</key><integer>300</integer>
    <key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>
</dict>
</plist>"#;

    #[test]
    fn xml_plists_read_into_values() {
        let entries = top_level(JOB.as_bytes()).expect("a valid plist");
        assert_eq!(entries.len(), 5);
        assert_eq!(entries[0].0, "Label");
        assert_eq!(entries[0].1.as_str(), Some("com.example.agent"));
        assert_eq!(
            entries[1].1,
            PlistValue::Array(vec![
                PlistValue::String("/usr/local/bin/agent".into()),
                PlistValue::String("--daemon".into())
            ])
        );
        assert_eq!(entries[2].1, PlistValue::Boolean(true));
        assert_eq!(entries[3].1, PlistValue::Integer(300));
    }

    #[test]
    fn binary_plists_read_as_xml_ones_do() {
        let value = plist::Value::from_reader_xml(JOB.as_bytes()).expect("xml");
        let mut binary = Vec::new();
        value.to_writer_binary(&mut binary).expect("binary");
        assert!(binary.starts_with(b"bplist00"));
        assert_eq!(top_level(&binary), top_level(JOB.as_bytes()));
    }

    #[test]
    fn hostile_plists_are_errors() {
        let deep = format!(
            "<plist><dict><key>a</key>{}{}</dict></plist>",
            "<array>".repeat(10_000),
            "</array>".repeat(10_000)
        );
        assert!(top_level(deep.as_bytes()).is_err());
        assert!(top_level(b"<plist><array><string>x</string></array></plist>").is_err());
        assert!(top_level(b"bplist00\xff\xff\xff").is_err());
        assert!(top_level(b"").is_err());
        let wide = format!(
            "<plist><dict><key>a</key><array>{}</array></dict></plist>",
            "<true/>".repeat(MAX_VALUES + 1)
        );
        assert!(top_level(wide.as_bytes()).is_err());
    }
}
