//! MISP exports: the event JSON export (`{"Event": {…, "Attribute": […], "Object":
//! [{"Attribute": […]}]}}`, a list of those, `{"response": […]}`, and the attribute search
//! result `{"response": {"Attribute": […]}}`) and the CSV export (a header naming at least the
//! `type` and `value` columns).
//!
//! Attribute types loaded: `md5`, `sha1`, `sha256`, `filename`, `domain`, `hostname`, `url`,
//! `ip-dst`, and the composites `filename|md5`, `filename|sha1`, `filename|sha256` (the hash; the
//! name goes into the description: matching the name alone would flag every file of that name),
//! `domain|ip`, `ip-dst|port` and `hostname|port`. Attributes with `to_ids` off are context,
//! not detection material, and are skipped, as are deleted ones; the others of any other type are
//! counted per type in one problem per file. The description is the event info and the
//! attribute comment; an attribute is cited by its uuid (JSON) or its line (CSV).
//!
//! JSON is read with `serde_json::from_reader` into structs holding only the needed fields, never
//! into a `serde_json::Value` tree; CSV is read record by record.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::stix::{HashAlgorithm, from_json, json_problem};
use super::{Cite, DEFAULT_FILENAME_SCORE, IocProblem, IocSet};

/// How one `|`-separated part of an attribute value is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Hash(HashAlgorithm),
    FileName,
    C2,
    /// Added to the description (the file name of `filename|md5`).
    Label,
    /// Not used (the port of `ip-dst|port`).
    Unused,
}

/// The parts of a supported attribute type.
fn parts(kind: &str) -> Option<&'static [Part]> {
    use HashAlgorithm::{Md5, Sha1, Sha256};
    use Part::{C2, FileName, Hash, Label, Unused};
    Some(match kind {
        "md5" => &[Hash(Md5)],
        "sha1" => &[Hash(Sha1)],
        "sha256" => &[Hash(Sha256)],
        "filename" => &[FileName],
        "domain" | "hostname" | "url" | "ip-dst" => &[C2],
        "filename|md5" => &[Label, Hash(Md5)],
        "filename|sha1" => &[Label, Hash(Sha1)],
        "filename|sha256" => &[Label, Hash(Sha256)],
        "domain|ip" => &[C2, C2],
        "ip-dst|port" | "hostname|port" => &[C2, Unused],
        _ => return None,
    })
}

/// Whether the first line of a file is a CSV header with `type` and `value` columns.
pub fn is_csv_header(line: &[u8]) -> bool {
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    let columns: Vec<String> = line
        .trim()
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    columns.iter().any(|c| c == "type") && columns.iter().any(|c| c == "value")
}

/// Where an attribute is, to name it in a problem.
enum At<'a> {
    Line(usize),
    Id(&'a str),
}

/// One attribute, whatever the export.
struct Attr<'a> {
    kind: &'a str,
    value: &'a str,
    info: &'a str,
    comment: &'a str,
}

/// Adds attributes to the set, collecting problems and counting what is left out.
struct Loader<'a> {
    set: &'a mut IocSet,
    origin: u32,
    name: &'a str,
    problems: Vec<IocProblem>,
    unsupported: BTreeMap<String, usize>,
    not_for_detection: usize,
    any: bool,
    /// The last description, shared by the attributes that repeat it.
    description: Arc<str>,
}

impl<'a> Loader<'a> {
    fn new(set: &'a mut IocSet, origin: u32, name: &'a str) -> Loader<'a> {
        Loader {
            set,
            origin,
            name,
            problems: Vec::new(),
            unsupported: BTreeMap::new(),
            not_for_detection: 0,
            any: false,
            description: Arc::from(""),
        }
    }

    fn problem(&mut self, at: &At, message: String) {
        let (line, message) = match at {
            At::Line(line) => (Some(*line), message),
            At::Id(id) => (None, format!("{id}: {message}")),
        };
        self.problems.push(IocProblem {
            origin: self.name.to_string(),
            line,
            message,
        });
    }

    fn attribute(&mut self, attribute: &Attr, to_ids: bool, at: &At, cite: Cite) {
        if !to_ids {
            self.not_for_detection += 1;
            return;
        }
        let kind = attribute.kind.trim();
        let Some(parts) = parts(kind) else {
            *self.unsupported.entry(kind.to_string()).or_default() += 1;
            return;
        };
        let value = attribute.value.trim();
        let values: Vec<&str> = match parts.len() {
            1 => vec![value],
            _ => match value.rsplit_once('|') {
                Some((first, second)) => vec![first, second],
                None => {
                    let message = format!("a {kind} value has two parts: {value:?}");
                    self.problem(at, message);
                    return;
                }
            },
        };
        let label = parts
            .iter()
            .zip(&values)
            .find(|(part, _)| **part == Part::Label)
            .map(|(_, value)| *value);
        let description = describe(kind, attribute.info, attribute.comment, label);
        if *self.description != *description {
            self.description = description.into();
        }
        for (part, value) in parts.iter().zip(values) {
            let cite = cite.clone();
            let added = match part {
                Part::Hash(algorithm) => {
                    algorithm.add(self.set, value, self.description.clone(), cite)
                }
                Part::FileName => add_file_name(self.set, value, &self.description, cite),
                Part::C2 => self.set.add_c2(value, None, &self.description, cite),
                Part::Label | Part::Unused => continue,
            };
            match added {
                Ok(()) => self.any = true,
                Err(message) => self.problem(at, format!("{kind}: {message}")),
            }
        }
    }

    /// The problems, with the count of unsupported types and, when nothing loaded, why.
    fn finish(mut self) -> Vec<IocProblem> {
        let file_problem = |message: String| IocProblem {
            origin: self.name.to_string(),
            line: None,
            message,
        };
        if !self.unsupported.is_empty() {
            let total: usize = self.unsupported.values().sum();
            let mut types: Vec<(String, usize)> =
                std::mem::take(&mut self.unsupported).into_iter().collect();
            types.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
            let list: Vec<String> = types
                .iter()
                .map(|(kind, count)| format!("{kind} ({count})"))
                .collect();
            let noun = if total == 1 {
                "attribute"
            } else {
                "attributes"
            };
            let problem = file_problem(format!(
                "{total} {noun} of unsupported types: {}",
                list.join(", ")
            ));
            self.problems.push(problem);
        }
        if !self.any && self.problems.is_empty() {
            let problem = match self.not_for_detection {
                0 => file_problem("no indicators in file".to_string()),
                n => file_problem(format!(
                    "no indicators in file ({n} attributes have to_ids off)"
                )),
            };
            self.problems.push(problem);
        }
        self.problems
    }
}

/// `INFO: COMMENT (LABEL)`, with what is there.
fn describe(kind: &str, info: &str, comment: &str, label: Option<&str>) -> String {
    let (info, comment) = (info.trim(), comment.trim());
    let text = match (info.is_empty(), comment.is_empty()) {
        (false, false) => format!("{info}: {comment}"),
        (false, true) => info.to_string(),
        (true, false) => comment.to_string(),
        (true, true) => format!("MISP {kind} attribute"),
    };
    match label.map(str::trim).filter(|l| !l.is_empty()) {
        Some(label) => format!("{text} ({label})"),
        None => text,
    }
}

/// A `filename` value: a name matches that name in any directory; a path (`C:\Windows\x.dll`,
/// `%APPDATA%\x\y.dat`) matches as the end of the scanned path, with either separator, the
/// drive letter left out and `%VARIABLE%` matching anything.
fn add_file_name(
    set: &mut IocSet,
    value: &str,
    description: &str,
    cite: Cite,
) -> Result<(), String> {
    if !value.contains(['/', '\\']) {
        return set.add_exact_filename(value, DEFAULT_FILENAME_SCORE, description, cite);
    }
    let mut components: Vec<&str> = value.split(['/', '\\']).filter(|c| !c.is_empty()).collect();
    let drive =
        |c: &&str| c.len() == 2 && c.ends_with(':') && c.as_bytes()[0].is_ascii_alphabetic();
    if components.first().is_some_and(drive) {
        components.remove(0);
    }
    if components.is_empty() {
        return Err(format!("not a file name or path: {value:?}"));
    }
    let placeholder = |c: &str| {
        c.len() > 2
            && c.starts_with('%')
            && c.ends_with('%')
            && c[1..c.len() - 1]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_()".contains(c))
    };
    let parts: Vec<String> = components
        .iter()
        .map(|c| {
            if placeholder(c) {
                ".*".to_string()
            } else {
                regex::escape(c)
            }
        })
        .collect();
    let pattern = format!(r"(^|[\\/]){}$", parts.join(r"[\\/]"));
    set.add_filename(&pattern, DEFAULT_FILENAME_SCORE, None, description, cite)
}

// ---- JSON ----

#[derive(Deserialize)]
struct Wrapper {
    #[serde(rename = "Event")]
    event: Event,
}

#[derive(Deserialize)]
struct Event {
    info: Option<String>,
    #[serde(rename = "Attribute", default)]
    attributes: Vec<Attribute>,
    #[serde(rename = "Object", default)]
    objects: Vec<Object>,
}

#[derive(Deserialize)]
struct Object {
    #[serde(rename = "Attribute", default)]
    attributes: Vec<Attribute>,
    #[serde(default, deserialize_with = "flag")]
    deleted: Option<bool>,
}

#[derive(Deserialize)]
struct Attribute {
    #[serde(rename = "type")]
    kind: String,
    value: String,
    uuid: Option<String>,
    comment: Option<String>,
    #[serde(default, deserialize_with = "flag")]
    to_ids: Option<bool>,
    #[serde(default, deserialize_with = "flag")]
    deleted: Option<bool>,
    /// The event of an attribute search result.
    #[serde(rename = "Event")]
    event: Option<EventInfo>,
}

#[derive(Deserialize)]
struct EventInfo {
    info: Option<String>,
}

/// What a MISP JSON export holds.
#[derive(Default)]
struct Export {
    events: Vec<Event>,
    attributes: Vec<Attribute>,
    /// Whether an `Event`, `response` or `Attribute` key (or a list of events) was seen.
    recognised: bool,
}

impl<'de> Deserialize<'de> for Export {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Export, D::Error> {
        deserializer.deserialize_any(ExportVisitor)
    }
}

struct ExportVisitor;

impl<'de> Visitor<'de> for ExportVisitor {
    type Value = Export;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a MISP event export")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Export, A::Error> {
        let mut export = Export {
            recognised: true,
            ..Export::default()
        };
        while let Some(wrapper) = seq.next_element::<Wrapper>()? {
            export.events.push(wrapper.event);
        }
        Ok(export)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Export, A::Error> {
        let mut export = Export::default();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "Event" => export.events.push(map.next_value()?),
                "response" => {
                    let inner: Export = map.next_value()?;
                    export.events.extend(inner.events);
                    export.attributes.extend(inner.attributes);
                }
                "Attribute" => export
                    .attributes
                    .extend(map.next_value::<Vec<Attribute>>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            }
            export.recognised = true;
        }
        Ok(export)
    }
}

/// A MISP flag: `true`/`false`, `1`/`0` or those as strings; `null` is unset.
fn flag<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<bool>, D::Error> {
    struct Flag;
    impl Visitor<'_> for Flag {
        type Value = Option<bool>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a boolean, 0 or 1")
        }

        fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Option<bool>, E> {
            Ok(Some(value))
        }

        fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Option<bool>, E> {
            match value {
                0 | 1 => Ok(Some(value == 1)),
                _ => Err(E::custom(format!("flag is neither 0 nor 1: {value}"))),
            }
        }

        fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Option<bool>, E> {
            self.visit_u64(u64::try_from(value).unwrap_or(u64::MAX))
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Option<bool>, E> {
            parse_flag(value)
                .map(Some)
                .ok_or_else(|| E::custom(format!("flag is neither 0/1 nor true/false: {value:?}")))
        }

        fn visit_unit<E: serde::de::Error>(self) -> Result<Option<bool>, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(Flag)
}

fn parse_flag(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    }
}

pub fn load_json(
    set: &mut IocSet,
    origin: u32,
    name: &str,
    reader: &mut dyn BufRead,
) -> Vec<IocProblem> {
    let export: Export = match from_json(reader) {
        Ok(export) => export,
        Err(e) => return vec![json_problem(name, &e, "a MISP export")],
    };
    if !export.recognised {
        return vec![IocProblem {
            origin: name.to_string(),
            line: None,
            message: "not a MISP export (no Event, response or Attribute key); file left out"
                .to_string(),
        }];
    }
    let mut loader = Loader::new(set, origin, name);
    let mut ordinal = 0;
    let mut add = |loader: &mut Loader, attribute: &Attribute, info: &str| {
        ordinal += 1;
        if attribute.deleted == Some(true) {
            return;
        }
        let id = match attribute.uuid.as_deref().filter(|u| !u.is_empty()) {
            Some(uuid) => uuid.to_string(),
            None => format!("attribute-{ordinal}"),
        };
        let attr = Attr {
            kind: &attribute.kind,
            value: &attribute.value,
            info,
            comment: attribute.comment.as_deref().unwrap_or(""),
        };
        let cite = Cite::object(loader.origin, &id);
        loader.attribute(&attr, attribute.to_ids != Some(false), &At::Id(&id), cite);
    };
    for event in &export.events {
        let info = event.info.as_deref().unwrap_or("");
        let in_objects = event
            .objects
            .iter()
            .filter(|o| o.deleted != Some(true))
            .flat_map(|o| &o.attributes);
        for attribute in event.attributes.iter().chain(in_objects) {
            add(&mut loader, attribute, info);
        }
    }
    for attribute in &export.attributes {
        let info = attribute.event.as_ref().and_then(|e| e.info.as_deref());
        add(&mut loader, attribute, info.unwrap_or(""));
    }
    loader.finish()
}

// ---- CSV ----

/// The records of a CSV file (RFC 4180: fields in `"` may hold `,`, `""` and line breaks), each
/// with the line it starts on; a record that cannot be read is an error and the next one starts
/// on the next line.
struct Records<'a> {
    reader: &'a mut dyn BufRead,
    line: usize,
    failed: bool,
}

type Record = (usize, Result<Vec<String>, String>);

impl Iterator for Records<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        if self.failed {
            return None;
        }
        let start = self.line + 1;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut closed = false;
        let mut buffer = Vec::new();
        loop {
            buffer.clear();
            match self.reader.read_until(b'\n', &mut buffer) {
                Ok(0) if self.line < start => return None,
                Ok(0) => return Some((start, Err("unterminated quoted field".to_string()))),
                Ok(_) => self.line += 1,
                Err(e) => {
                    self.failed = true;
                    return Some((self.line + 1, Err(format!("read error: {e}"))));
                }
            }
            let Ok(text) = std::str::from_utf8(&buffer) else {
                return Some((self.line, Err("line is not UTF-8 text".to_string())));
            };
            let text = match self.line {
                1 => text.strip_prefix('\u{feff}').unwrap_or(text),
                _ => text,
            };
            let (content, newline) = match text.strip_suffix('\n') {
                Some(content) => (content.strip_suffix('\r').unwrap_or(content), true),
                None => (text, false),
            };
            let mut chars = content.chars().peekable();
            while let Some(c) = chars.next() {
                if quoted {
                    match c {
                        '"' if chars.next_if_eq(&'"').is_some() => field.push('"'),
                        '"' => (quoted, closed) = (false, true),
                        c => field.push(c),
                    }
                    continue;
                }
                match c {
                    ',' => {
                        fields.push(std::mem::take(&mut field));
                        closed = false;
                    }
                    _ if closed => {
                        return Some((self.line, Err("text after a closing quote".to_string())));
                    }
                    '"' if field.is_empty() => quoted = true,
                    '"' => {
                        return Some((
                            self.line,
                            Err("quote inside an unquoted field".to_string()),
                        ));
                    }
                    c => field.push(c),
                }
            }
            if quoted {
                if newline {
                    field.push('\n');
                    continue;
                }
                return Some((start, Err("unterminated quoted field".to_string())));
            }
            fields.push(field);
            return Some((start, Ok(fields)));
        }
    }
}

fn is_blank(fields: &[String]) -> bool {
    fields.iter().all(|f| f.trim().is_empty())
}

pub fn load_csv(
    set: &mut IocSet,
    origin: u32,
    name: &str,
    reader: &mut dyn BufRead,
) -> Vec<IocProblem> {
    let problem = IocProblem::reporter(name);
    let mut records = Records {
        reader,
        line: 0,
        failed: false,
    };
    let (header_line, header) = loop {
        match records.next() {
            None => return vec![problem(None, "no indicators in file".to_string())],
            Some((line, Err(message))) => {
                return vec![problem(
                    Some(line),
                    format!("{message} in the CSV header; file left out"),
                )];
            }
            Some((_, Ok(fields))) if is_blank(&fields) => {}
            Some((line, Ok(fields))) => break (line, fields),
        }
    };
    let column = |wanted: &[&str]| {
        header
            .iter()
            .position(|h| wanted.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let (kind_column, value_column) = match (column(&["type"]), column(&["value"])) {
        (Some(kind), Some(value)) => (kind, value),
        (kind, value) => {
            let missing: Vec<&str> = [(kind, "`type`"), (value, "`value`")]
                .into_iter()
                .filter(|(found, _)| found.is_none())
                .map(|(_, name)| name)
                .collect();
            return vec![problem(
                Some(header_line),
                format!(
                    "the CSV header has no {} column (a MISP CSV export has `type` and \
                     `value`); file left out",
                    missing.join(" or ")
                ),
            )];
        }
    };
    let comment_column = column(&["comment"]);
    let to_ids_column = column(&["to_ids"]);
    let info_column = column(&["event_info", "info"]);
    let needed = kind_column.max(value_column) + 1;

    let mut loader = Loader::new(set, origin, name);
    for (line, record) in records {
        let at = At::Line(line);
        let fields = match record {
            Ok(fields) => fields,
            Err(message) => {
                loader.problem(&at, message);
                continue;
            }
        };
        if is_blank(&fields) {
            continue;
        }
        if fields.len() < needed {
            let message = format!("{} fields, the header has {}", fields.len(), header.len());
            loader.problem(&at, message);
            continue;
        }
        let field = |column: Option<usize>| column.and_then(|c| fields.get(c)).map_or("", |f| f);
        let to_ids = match field(to_ids_column).trim() {
            "" => true,
            text => match parse_flag(text) {
                Some(to_ids) => to_ids,
                None => {
                    loader.problem(
                        &at,
                        format!("to_ids is neither 0/1 nor true/false: {text:?}"),
                    );
                    continue;
                }
            },
        };
        let attribute = Attr {
            kind: &fields[kind_column],
            value: &fields[value_column],
            info: field(info_column),
            comment: field(comment_column),
        };
        let cite = Cite::line(origin, line);
        loader.attribute(&attribute, to_ids, &at, cite);
    }
    loader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::hashes::hash_bytes;

    use crate::signatures::iocs::tests::loaded;

    fn messages(problems: &[IocProblem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    fn attribute(uuid: &str, kind: &str, value: &str, extra: &str) -> String {
        format!(
            r#"{{"uuid": "{uuid}", "type": "{kind}", "category": "Payload delivery",
                "value": "{value}"{extra}}}"#
        )
    }

    #[test]
    fn event_attributes_and_objects_cited_by_uuid() {
        let abc = hash_bytes(b"abc");
        let abd = hash_bytes(b"abd");
        let text = format!(
            r#"{{"Event": {{"id": "1", "info": "Operation X", "uuid": "e-1", "Tag": [{{"name": "tlp:white"}}],
                "Attribute": [{}, {}, {}, {}, {}, {}, {}, {}],
                "Object": [{{"name": "file", "Attribute": [{}, {}]}},
                           {{"name": "file", "deleted": true, "Attribute": [{}]}}]}}}}"#,
            attribute("a-1", "md5", &abc.md5_hex(), r#", "comment": "dropper""#),
            attribute(
                "a-2",
                "domain",
                "evil.example",
                r#", "to_ids": true, "comment": """#
            ),
            attribute("a-3", "url", "hxxp://evil[.]example/gate.php", ""),
            attribute("a-4", "ip-dst|port", "203.0.113.7|443", ""),
            attribute("a-5", "email-src", "x@evil.example", ""),
            attribute("a-6", "regkey", "HKLM\\\\Software\\\\X", ""),
            attribute("a-7", "email-src", "y@evil.example", ""),
            attribute(
                "a-8",
                "link",
                "https://blog.example/x",
                r#", "to_ids": false"#
            ),
            attribute(
                "a-9",
                "filename|sha256",
                &format!("abc.bin|{}", abc.sha256_hex()),
                ""
            ),
            attribute("a-10", "sha1", &abc.md5_hex(), r#", "to_ids": "1""#),
            attribute("a-11", "md5", &abd.md5_hex(), ""),
        );
        let (set, problems) = loaded("event.json", &text);
        assert_eq!(
            messages(&problems),
            [
                format!(
                    "event.json: a-10: sha1: not an SHA-1 hash (40 hex digits, not 32): \"{}\"",
                    abc.md5_hex()
                ),
                "event.json: 3 attributes of unsupported types: email-src (2), regkey (1)"
                    .to_string()
            ]
        );
        let reasons = set.match_hashes(&abc);
        assert_eq!(
            reasons
                .iter()
                .map(|r| (r.description.as_str(), r.source.as_deref()))
                .collect::<Vec<_>>(),
            [
                ("Operation X: dropper", Some("event.json#a-1")),
                ("Operation X (abc.bin)", Some("event.json#a-9"))
            ]
        );
        assert!(set.match_hashes(&abd).is_empty(), "deleted object");
        assert!(
            set.match_path("/tmp/abc.bin").is_empty(),
            "the name of a hash"
        );
        let counts = set.counts();
        assert_eq!(
            (counts.c2_domains, counts.c2_urls, counts.c2_ips),
            (1, 1, 1)
        );
    }

    #[test]
    fn lists_of_events_and_search_results() {
        let abc = hash_bytes(b"abc");
        let event = |info: &str, value: &str| {
            format!(
                r#"{{"Event": {{"info": "{info}", "Attribute": [{}]}}}}"#,
                attribute("u", "sha256", value, "")
            )
        };
        for text in [
            format!(
                "[{}, {}]",
                event("One", &abc.sha256_hex()),
                event("Two", "")
            ),
            format!(
                r#"{{"response": [{}, {}]}}"#,
                event("One", &abc.sha256_hex()),
                event("Two", "")
            ),
        ] {
            let (set, problems) = loaded("events.json", &text);
            assert_eq!(messages(&problems).len(), 1, "{problems:?}");
            assert_eq!(set.match_hashes(&abc)[0].description, "One");
        }
        let search = format!(
            r#"{{"response": {{"Attribute": [{}]}}}}"#,
            attribute(
                "s-1",
                "sha256",
                &abc.sha256_hex(),
                r#", "Event": {"info": "Found", "id": "4"}"#
            )
        );
        let (set, problems) = loaded("search.json", &search);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            set.match_hashes(&abc)[0].source.as_deref(),
            Some("search.json#s-1")
        );
    }

    #[test]
    fn bad_json_exports() {
        let (_, problems) = loaded(
            "event.json",
            "{\"Event\": {\"Attribute\": [\n{\"type\": 1}]}}",
        );
        assert_eq!(
            messages(&problems),
            [
                "event.json:2: not a MISP export at column 11: invalid type: integer `1`, expected a string; file left out"
            ]
        );
        let (_, problems) = loaded("event.json", r#"{"Event": {"Attribute": [{"type": "md5"}]"#);
        assert!(
            problems[0]
                .message
                .starts_with("not a MISP export at column"),
            "{problems:?}"
        );
        let (_, problems) = loaded(
            "event.json",
            r#"{"Event": {"Attribute": [{"type": "md5", "value": "x", "to_ids": "yes"}]}}"#,
        );
        assert!(
            problems[0].message.contains("flag is neither"),
            "{problems:?}"
        );
        let (_, problems) = loaded(
            "event.json",
            &format!(
                r#"{{"Event": {{"Attribute": [{}]}}}}"#,
                attribute("u", "md5", "x", r#", "to_ids": 0"#)
            ),
        );
        assert_eq!(
            messages(&problems),
            ["event.json: no indicators in file (1 attributes have to_ids off)"]
        );
    }

    #[test]
    fn csv_export_cited_by_line() {
        let abc = hash_bytes(b"abc");
        let text = format!(
            "\u{feff}uuid,event_id,category,type,value,comment,to_ids,date\r\n\
             a-1,1,Payload delivery,md5,{},\"dropper, stage \"\"1\"\"\",1,1700000000\r\n\
             a-2,1,Network activity,domain,evil.example,\"two\nlines\",True,1700000000\r\n\
             a-3,1,Network activity,email-src,x@evil.example,,1,1700000000\r\n\
             \r\n\
             a-4,1,Payload delivery,sha256,{},,1,1700000000\r\n\
             a-5,1,Payload delivery,filename,%APPDATA%\\Comms\\Comms.dat,,1,1700000000\r\n\
             a-6,1,External analysis,link,https://blog.example/x,,0,1700000000\r\n\
             a-7,1,Payload delivery,md5,\"x\"y,,1,1700000000\r\n\
             a-8,1\r\n",
            abc.md5_hex(),
            abc.md5_hex(),
        );
        let (set, problems) = loaded("attributes.csv", &text);
        assert_eq!(
            messages(&problems),
            [
                format!(
                    "attributes.csv:7: sha256: not an SHA-256 hash (64 hex digits, not 32): \"{}\"",
                    abc.md5_hex()
                ),
                "attributes.csv:10: text after a closing quote".to_string(),
                "attributes.csv:11: 2 fields, the header has 8".to_string(),
                "attributes.csv: 1 attribute of unsupported types: email-src (1)".to_string(),
            ]
        );
        let reasons = set.match_hashes(&abc);
        assert_eq!(
            (
                reasons[0].description.as_str(),
                reasons[0].source.as_deref()
            ),
            ("dropper, stage \"1\"", Some("attributes.csv:2"))
        );
        let c2 = set.match_content(b"connect evil.example");
        assert_eq!(
            (c2[0].description.as_str(), c2[0].source.as_deref()),
            ("two\nlines", Some("attributes.csv:3"))
        );
        let names = set.match_path("/mnt/c/Users/bob/AppData/Roaming/Comms/Comms.dat");
        assert_eq!(names.len(), 1);
        assert_eq!(names[0].source.as_deref(), Some("attributes.csv:8"));
        assert!(set.match_path("/tmp/Comms.dat").is_empty());
    }

    #[test]
    fn bad_csv_exports() {
        let (_, problems) = loaded("attributes.csv", "uuid,type,comment\na,md5,x\n");
        assert_eq!(
            messages(&problems),
            [
                "attributes.csv:1: the CSV header has no `value` column (a MISP CSV export has `type` and `value`); file left out"
            ]
        );
        let (_, problems) = loaded("attributes.csv", "");
        assert_eq!(
            messages(&problems),
            ["attributes.csv: no indicators in file"]
        );
        let (_, problems) = loaded("attributes.csv", "type,value\nmd5,\"abc\n");
        assert_eq!(
            messages(&problems),
            ["attributes.csv:2: unterminated quoted field"]
        );
        let (_, problems) = loaded("attributes.csv", "type,value,to_ids\nmd5,x,maybe\n");
        assert_eq!(
            messages(&problems),
            ["attributes.csv:2: to_ids is neither 0/1 nor true/false: \"maybe\""]
        );
    }

    #[test]
    fn csv_told_by_its_header() {
        let abc = hash_bytes(b"abc");
        let (set, problems) = loaded(
            "misp-export",
            &format!("\"type\",\"value\"\nsha1,{}\n", abc.sha1_hex()),
        );
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(set.counts().sha1, 1);
        assert!(!is_csv_header(b"# type value"));
    }

    #[test]
    fn file_names_and_paths() {
        let mut set = IocSet::default();
        for (value, ok) in [
            ("evil.exe", true),
            (r"C:\Windows\System32\evil.dll", true),
            ("/usr/lib/evil.so", true),
            ("", false),
            (r"C:\", false),
        ] {
            let added = add_file_name(&mut set, value, "", Cite::line(0, 1));
            assert_eq!(added.is_ok(), ok, "{value}");
        }
        set.finish().expect("builds");
        assert_eq!(set.match_path("/mnt/c/WINDOWS/system32/evil.dll").len(), 1);
        assert!(set.match_path("/mnt/c/Windows/evil.dll").is_empty());
        assert_eq!(set.match_path("/usr/lib/evil.so").len(), 1);
        assert!(set.match_path("/usr/lib64/evil.so").is_empty());
    }
}
