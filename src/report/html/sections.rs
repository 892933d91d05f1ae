//! The sections both pages share: findings with their evidence, autostarts, errors, skipped
//! paths, notes; and the fact lists they are made of.

use serde_json::Value;

use crate::analysis::binary::BinaryInfo;

use super::*;

pub(super) fn section(id: &str, heading: &str, content: &str) -> String {
    format!("<section id=\"{id}\">\n<h2>{heading}</h2>\n{content}</section>\n")
}

/// The filter bar the script shows and wires to the table `table_id`; hidden without script,
/// where it could do nothing.
pub(super) fn filter_controls(table_id: &str, placeholder: &str, levels: bool) -> String {
    let mut html = format!(
        "<div class=\"controls\" data-for=\"{table_id}\" hidden>\n\
         <input type=\"search\" class=\"filter-text\" placeholder=\"{placeholder}\" \
         aria-label=\"{placeholder}\">\n"
    );
    if levels {
        for level in ["alert", "warning", "notice"] {
            html.push_str(&format!(
                "<label class=\"level-toggle\"><input type=\"checkbox\" class=\"filter-level\" \
                 value=\"{level}\" checked> {level}</label>\n"
            ));
        }
    }
    html.push_str(&format!(
        "<span class=\"shown-count\" id=\"{table_id}-shown\"></span>\n</div>\n"
    ));
    html
}

/// A finding, with the host it came from on a fleet page.
pub(super) struct Finding<'a> {
    pub(super) host: Option<&'a str>,
    pub(super) record: &'a Value,
}

impl Finding<'_> {
    /// Alerts first, then by score, host and path.
    pub(super) fn order(&self, other: &Finding) -> std::cmp::Ordering {
        Level::of(other.record)
            .cmp(&Level::of(self.record))
            .then(int_of(other.record, "score").cmp(&int_of(self.record, "score")))
            .then(self.host.cmp(&other.host))
            .then(str_of(self.record, "path").cmp(str_of(other.record, "path")))
    }
}

pub(super) fn findings_section(findings: &[Finding]) -> String {
    let count = format!("<span id=\"finding-count\">{}</span>", findings.len());
    if findings.is_empty() {
        return section(
            "findings",
            &format!("Findings ({count})"),
            "<p class=\"empty\">No findings: no file reached a score of 40.</p>\n",
        );
    }
    let fleet = findings.iter().any(|finding| finding.host.is_some());
    let host_head = if fleet { "<th>Host</th>" } else { "" };
    let columns = if fleet { 6 } else { 5 };
    let groups: String = findings
        .iter()
        .enumerate()
        .map(|(index, finding)| finding_group(finding, index, columns))
        .collect();
    let content = format!(
        "{}<table class=\"data sortable findings\" id=\"findings-table\">\n<thead><tr>\
         <th data-type=\"number\">Level</th><th data-type=\"number\" class=\"num\">Score</th>{host_head}\
         <th>Path</th><th>Type</th><th>Why</th></tr></thead>\n{groups}</table>\n",
        filter_controls("findings-table", "Filter: path, hash, rule, reason…", true)
    );
    section("findings", &format!("Findings ({count})"), &content)
}

/// A finding's row and its evidence row, kept together (a `<tbody>`) when sorted or filtered.
pub(super) fn finding_group(finding: &Finding, index: usize, columns: usize) -> String {
    let record = finding.record;
    let level = Level::of(record);
    let host_cell = finding
        .host
        .map(|host| format!("<td class=\"host\">{}</td>", esc(host)))
        .unwrap_or_default();
    let score = int_of(record, "score");
    format!(
        "<tbody class=\"item\" data-level=\"{name}\">\n\
         <tr class=\"finding\" data-level=\"{name}\" id=\"finding-{number}\">{level_cell}\
         <td class=\"num\" data-key=\"{score}\">{score}</td>{host_cell}<td class=\"path\">{path}</td>\
         <td>{file_type}</td><td class=\"why\">{why}</td></tr>\n\
         <tr class=\"evidence\" data-level=\"{name}\"><td colspan=\"{columns}\">{evidence}</td></tr>\n\
         </tbody>\n",
        name = level.name(),
        number = index + 1,
        level_cell = level.cell(),
        path = path_html(record),
        file_type = esc(str_of(record, "file_type")),
        why = why(record),
        evidence = finding_evidence(record),
    )
}

/// A path as markup, flagged when the name was not UTF-8 (`path` is then a lossy rendering).
pub(super) fn path_html(record: &Value) -> String {
    let mut html = code(str_of(record, "path"));
    if record.get("path_b64").is_some() {
        html.push_str(" <span class=\"tag\">(not UTF-8)</span>");
    }
    html
}

pub(super) fn code(text: &str) -> String {
    format!("<code>{}</code>", esc(text))
}

pub(super) fn code_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| code(item))
        .collect::<Vec<_>>()
        .join("<br>")
}

pub(super) fn text_list(items: &[&str]) -> String {
    let entries: String = items
        .iter()
        .map(|item| format!("<li>{}</li>", esc(item)))
        .collect();
    format!("<ul class=\"plain\">{entries}</ul>")
}

/// The reasons in a word each: kind and description.
pub(super) fn why(record: &Value) -> String {
    array_of(record, "reasons")
        .iter()
        .map(|reason| {
            let description = str_of(reason, "description");
            let text = if description.is_empty() {
                str_of(reason, "id")
            } else {
                description
            };
            format!(
                "<div><span class=\"kind\">{}</span> {}</div>",
                esc(str_of(reason, "kind")),
                esc(text)
            )
        })
        .collect()
}

/// Everything a finding records about the file and why it was flagged.
pub(super) fn finding_evidence(record: &Value) -> String {
    let mut facts = Facts::default();
    if let Some(b64) = record.get("path_b64").and_then(Value::as_str) {
        facts.html("Exact name (base64)", &code(b64));
    }
    let other_names: Vec<String> = array_of(record, "other_names")
        .iter()
        .map(path_html)
        .collect();
    if !other_names.is_empty() {
        facts.html("Also named", &other_names.join("<br>"));
    }
    inner_name_facts(record, &mut facts);
    image_origin(record, &mut facts);
    let size = record.get("size").and_then(Value::as_u64).unwrap_or(0);
    facts.text("Size", &format!("{size} bytes"));
    for (key, label) in [("md5", "MD5"), ("sha1", "SHA-1"), ("sha256", "SHA-256")] {
        let hash = str_of(record, key);
        if !hash.is_empty() {
            facts.html(label, &format!("<code class=\"hash\">{}</code>", esc(hash)));
        }
    }
    if record.get("rule_scanned").and_then(Value::as_bool) == Some(false) {
        facts.text(
            "Coverage",
            "not rule-scanned: larger than --max-size (hashed and IOC-checked only)",
        );
    }
    if let Some(binary) = record.get("binary") {
        binary_facts(binary, &mut facts);
    }
    if let Some(process) = record.get("process") {
        process_facts(process, &mut facts);
    }
    if let Some(entry) = record.get("entry") {
        entry_facts(entry, &mut facts);
    }
    for (key, label) in [("problems", "Problems"), ("notes", "Parser notes")] {
        let lines = strings_of(record, key);
        if !lines.is_empty() {
            facts.html(label, &text_list(&lines));
        }
    }
    format!(
        "{}{}",
        facts.render(),
        reasons_table(array_of(record, "reasons"))
    )
}

/// What the `!` in a name separates: the hive (or defining file) and the value of an entry, or
/// the containers and the member. A process's objects are named in its own facts.
pub(super) fn inner_name_facts(record: &Value, facts: &mut Facts) {
    let path = str_of(record, "path");
    if record.get("process").is_some() || !path.contains('!') {
        return;
    }
    if record.get("entry").is_some() {
        if let Some((file, inner)) = path.split_once('!') {
            facts.html("Defined in", &code(file));
            facts.html("Key / value", &code(inner));
        }
        return;
    }
    let mut parts = path.split('!');
    let container = parts.next().unwrap_or("");
    let members: Vec<&str> = parts.collect();
    facts.html("Container", &code(container));
    facts.html(
        "Member",
        &members
            .iter()
            .map(|member| code(member))
            .collect::<Vec<_>>()
            .join(" › "),
    );
}

pub(super) fn image_origin(record: &Value, facts: &mut Facts) {
    let Some(image) = record.get("image") else {
        return;
    };
    facts.html(
        "Disk image",
        &format!(
            "{}, partition {}, {}",
            code(str_of(image, "image")),
            int_of(image, "partition"),
            esc(str_of(image, "filesystem"))
        ),
    );
}

pub(super) fn binary_facts(binary: &Value, facts: &mut Facts) {
    let format = str_of(binary, "format");
    let machine = str_of(binary, "machine");
    let bits = int_of(binary, "bits");
    if format == "pe" {
        let kind = if binary.get("driver").and_then(Value::as_bool) == Some(true) {
            "driver"
        } else if binary.get("dll").and_then(Value::as_bool) == Some(true) {
            "DLL"
        } else {
            "EXE"
        };
        let mut summary = format!(
            "PE {kind}, {machine}, {bits}-bit, subsystem {}, compiled {}",
            plain(binary.get("subsystem").unwrap_or(&Value::Null)),
            str_of(binary, "compile_time")
        );
        if binary.get("signature_directory").and_then(Value::as_bool) == Some(true) {
            summary.push_str(", has a signature directory (not verified)");
        }
        facts.text("Binary", &summary);
        let imphash = str_of(binary, "imphash");
        if !imphash.is_empty() {
            facts.html(
                "Imphash",
                &format!("<code class=\"hash\">{}</code>", esc(imphash)),
            );
        }
        pe_exports(binary, facts);
        pe_sections(binary, facts);
    } else if format == "mach_o" {
        macho_facts(binary, facts);
    } else {
        let mut summary = format!(
            "{} {machine} {}, {bits}-bit",
            format.to_uppercase(),
            str_of(binary, "elf_type")
        );
        if binary.get("stripped").and_then(Value::as_bool) == Some(true) {
            summary.push_str(", stripped");
        }
        facts.text("Binary", &summary);
        let interpreter = str_of(binary, "interpreter");
        if !interpreter.is_empty() {
            facts.html("Interpreter", &code(interpreter));
        }
    }
}

/// A Mach-O's architectures, one line each in needle's own wording, then each one's dylibs and
/// entitlements.
pub(super) fn macho_facts(binary: &Value, facts: &mut Facts) {
    let Ok(BinaryInfo::MachO(macho)) = serde_json::from_value::<BinaryInfo>(binary.clone()) else {
        facts.text("Binary", "Mach-O");
        return;
    };
    let kind = if macho.universal {
        "universal Mach-O"
    } else {
        "Mach-O"
    };
    let lines: Vec<String> = macho.architectures.iter().map(|a| a.describe()).collect();
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    facts.html("Binary", &format!("{kind}{}", text_list(&refs)));
    for arch in &macho.architectures {
        let dylibs: Vec<&str> = arch.dylibs.iter().map(String::as_str).collect();
        facts.html(&format!("Dylibs ({})", esc(&arch.cpu)), &code_list(&dylibs));
        if let Some(signature) = &arch.code_signature {
            let granted: Vec<&str> = signature.entitlements.iter().map(String::as_str).collect();
            if !granted.is_empty() {
                facts.html(
                    &format!("Entitlements ({})", esc(&arch.cpu)),
                    &code_list(&granted),
                );
            }
        }
    }
}

pub(super) fn pe_exports(binary: &Value, facts: &mut Facts) {
    let exports = strings_of(binary, "exports");
    if exports.is_empty() {
        return;
    }
    let total = binary
        .get("exports_total")
        .and_then(Value::as_u64)
        .unwrap_or(exports.len() as u64);
    let listed: Vec<String> = exports.iter().map(|name| code(name)).collect();
    facts.html(&format!("Exports ({total})"), &listed.join(", "));
}

pub(super) fn pe_sections(binary: &Value, facts: &mut Facts) {
    let sections = array_of(binary, "sections");
    if sections.is_empty() {
        return;
    }
    let rows: String = sections
        .iter()
        .map(|section| {
            let entropy = section
                .get("entropy")
                .and_then(Value::as_f64)
                .unwrap_or(0.0);
            format!(
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{entropy:.2}</td><td>{}</td></tr>",
                code(str_of(section, "name")),
                int_of(section, "virtual_size"),
                int_of(section, "raw_size"),
                plain(section.get("executable").unwrap_or(&Value::Null))
            )
        })
        .collect();
    facts.html(
        "Sections",
        &format!(
            "<table class=\"mini\"><thead><tr><th>Name</th><th>Virtual size</th><th>Raw size</th>\
             <th>Entropy</th><th>Executable</th></tr></thead><tbody>{rows}</tbody></table>"
        ),
    );
}

pub(super) fn process_facts(process: &Value, facts: &mut Facts) {
    facts.text(
        "Process",
        &format!(
            "pid {} ({}), parent {}, user {}, started {}",
            int_of(process, "pid"),
            str_of(process, "name"),
            int_of(process, "ppid"),
            str_of(process, "user"),
            str_of(process, "start_time")
        ),
    );
    let mut exe = code(str_of(process, "exe"));
    if process.get("exe_deleted").and_then(Value::as_bool) == Some(true) {
        exe.push_str(" <span class=\"tag tag-bad\">deleted</span>");
    }
    facts.html("Executable", &exe);
    let arguments: Vec<String> = strings_of(process, "cmdline")
        .iter()
        .map(|argument| code(argument))
        .collect();
    if !arguments.is_empty() {
        facts.html("Command line", &arguments.join(" "));
    }
    let region = str_of(process, "region");
    if !region.is_empty() {
        facts.html("Memory region", &code(region));
    }
}

/// The registry value or autostart entry a finding inside a file is about.
pub(super) fn entry_facts(entry: &Value, facts: &mut Facts) {
    if let Some(line) = entry.get("line").and_then(Value::as_i64) {
        facts.text("Line", &line.to_string());
    }
    if let Some(value) = entry.get("value") {
        facts.html("Registry value", &registry_value(value));
    }
    if let Some(autostart) = entry.get("autostart") {
        autostart_facts(autostart, facts);
    }
    if let Some(target) = entry.get("target") {
        facts.html("Starts", &target_html(target));
    }
}

pub(super) fn registry_value(value: &Value) -> String {
    format!(
        "<span class=\"kind\">{}</span> {}",
        esc(str_of(value, "type")),
        code(&plain(value.get("data").unwrap_or(&Value::Null)))
    )
}

pub(super) fn autostart_facts(autostart: &Value, facts: &mut Facts) {
    facts.text("Autostart kind", str_of(autostart, "kind"));
    for (key, label) in [
        ("command", "Command"),
        ("program", "Program"),
        ("loads", "Loads"),
    ] {
        let text = str_of(autostart, key);
        if !text.is_empty() {
            facts.html(label, &code(text));
        }
    }
    facts.text("User", str_of(autostart, "user"));
    let details = strings_of(autostart, "details");
    if !details.is_empty() {
        facts.html("Details", &text_list(&details));
    }
}

/// What an autostart entry starts on the host, and whether it is there.
pub(super) fn target_html(target: &Value) -> String {
    let status = str_of(target, "status");
    let class = match status {
        "missing" => "tag tag-bad",
        _ => "tag",
    };
    let mut html = code(str_of(target, "path"));
    if !status.is_empty() {
        html.push_str(&format!(" <span class=\"{class}\">{}</span>", esc(status)));
    }
    html
}

pub(super) fn reasons_table(reasons: &[Value]) -> String {
    if reasons.is_empty() {
        return String::new();
    }
    let rows: String = reasons.iter().map(reason_row).collect();
    format!(
        "<table class=\"reasons\"><thead><tr><th>Kind</th><th>Score</th><th>Indicator</th>\
         <th>Description and evidence</th></tr></thead>\n<tbody>\n{rows}</tbody></table>\n"
    )
}

pub(super) fn reason_row(reason: &Value) -> String {
    let score = int_of(reason, "score");
    let score_class = if score < 0 { "num negative" } else { "num" };
    let mut detail = esc(str_of(reason, "description"));
    let evidence = strings_of(reason, "evidence");
    if !evidence.is_empty() {
        let items: String = evidence
            .iter()
            .map(|line| format!("<li>{}</li>", code(line)))
            .collect();
        detail.push_str(&format!("<ul class=\"evidence-list\">{items}</ul>"));
    }
    for (key, label) in [
        ("source", "source"),
        ("reference", "reference"),
        ("author", "author"),
    ] {
        let text = str_of(reason, key);
        if !text.is_empty() {
            detail.push_str(&format!(
                "<div class=\"meta\">{label}: {}</div>",
                code(text)
            ));
        }
    }
    format!(
        "<tr><td><span class=\"kind\">{}</span></td><td class=\"{score_class}\">{score}</td>\
         <td class=\"indicator\">{}</td><td>{detail}</td></tr>\n",
        esc(str_of(reason, "kind")),
        code(str_of(reason, "id"))
    )
}

pub(super) fn autostarts_section(autostarts: &[&Value]) -> String {
    if autostarts.is_empty() {
        return section(
            "autostarts",
            "Autostart entries (0)",
            "<p class=\"empty\">No autostart entries were read.</p>\n",
        );
    }
    let rows: String = autostarts
        .iter()
        .map(|record| autostart_row(record))
        .collect();
    let content = format!(
        "{}<table class=\"data sortable\" id=\"autostarts-table\">\n<thead><tr>\
         <th data-type=\"number\">Level</th><th data-type=\"number\" class=\"num\">Score</th><th>Kind</th>\
         <th>Defined in</th><th>Command and what it starts</th><th>User</th><th>Reasons</th>\
         </tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n",
        filter_controls("autostarts-table", "Filter: path, command, user…", false)
    );
    section(
        "autostarts",
        &format!("Autostart entries ({})", autostarts.len()),
        &content,
    )
}

pub(super) fn autostart_row(record: &Value) -> String {
    let level = Level::of(record);
    let score = int_of(record, "score");
    let mut defined = path_html(record);
    if let Some(line) = record.get("line").and_then(Value::as_i64) {
        defined.push_str(&format!(" <span class=\"muted\">line {line}</span>"));
    }
    if let Some(image) = record.get("image") {
        defined.push_str(&format!(
            "<div class=\"muted\">image {}, partition {}</div>",
            code(str_of(image, "image")),
            int_of(image, "partition")
        ));
    }
    let details = strings_of(record, "details");
    if !details.is_empty() {
        defined.push_str(&text_list(&details));
    }
    format!(
        "<tr class=\"autostart\" data-level=\"{}\">{}<td class=\"num\" data-key=\"{score}\">{score}</td>\
         <td>{}</td><td class=\"path\">{defined}</td><td>{}</td><td>{}</td><td class=\"why\">{}</td></tr>\n",
        level.name(),
        level.cell(),
        esc(str_of(record, "kind")),
        autostart_command(record),
        esc(str_of(record, "user")),
        why(record)
    )
}

/// The command, then what differs from it: the program and what it loads, the registry value
/// when it holds more than the command, and the target on the host.
pub(super) fn autostart_command(record: &Value) -> String {
    let command = str_of(record, "command");
    let mut html = code(command);
    for key in ["program", "loads"] {
        let text = str_of(record, key);
        if !text.is_empty() && text != command {
            html.push_str(&format!(
                "<div><span class=\"muted\">{key}</span> {}</div>",
                code(text)
            ));
        }
    }
    if let Some(value) = record.get("value")
        && value.get("data").and_then(Value::as_str) != Some(command)
    {
        html.push_str(&format!(
            "<div><span class=\"muted\">value</span> {}</div>",
            registry_value(value)
        ));
    }
    if let Some(target) = record.get("target") {
        html.push_str(&format!(
            "<div><span class=\"muted\">starts</span> {}</div>",
            target_html(target)
        ));
    }
    html
}

pub(super) fn errors_section(errors: &[&Value]) -> String {
    if errors.is_empty() {
        return section(
            "errors",
            "Errors (0)",
            "<p class=\"empty\">No errors were recorded.</p>\n",
        );
    }
    let rows: Vec<(String, String)> = errors
        .iter()
        .map(|error| (path_html(error), esc(str_of(error, "message"))))
        .collect();
    let table = path_table("errors-table", &["Path", "Message"], &rows);
    let content = format!(
        "<p>Paths that could not be scanned, or only partly.</p>\n{}",
        collapsible(
            &plural(errors.len() as i64, "error", "errors"),
            &format!(
                "{}{table}",
                filter_controls("errors-table", "Filter: path, message…", false)
            ),
            errors.len() <= OPEN_LIST_LIMIT,
        )
    );
    section("errors", &format!("Errors ({})", errors.len()), &content)
}

/// Lists up to this long start open; longer ones (a scan of `/` without root can fail on
/// thousands of paths) start folded, so the findings stay within reach.
pub(super) const OPEN_LIST_LIMIT: usize = 50;

pub(super) fn skipped_section(skipped: &[&Value], summary: Option<&Value>) -> String {
    let mut counts: Vec<(String, i64)> = summary
        .and_then(|summary| summary.get("skipped"))
        .and_then(Value::as_object)
        .map(|counts| {
            counts
                .iter()
                .map(|(reason, count)| (reason.clone(), count.as_i64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    if summary.is_none() {
        for record in skipped {
            let reason = str_of(record, "reason");
            match counts.iter_mut().find(|(known, _)| known == reason) {
                Some((_, count)) => *count += 1,
                None => counts.push((reason.to_string(), 1)),
            }
        }
        counts.sort();
    }
    let total: i64 = counts.iter().map(|(_, count)| count).sum();
    if total == 0 && skipped.is_empty() {
        return section(
            "skipped",
            "Skipped (0)",
            "<p class=\"empty\">Nothing was passed over on purpose.</p>\n",
        );
    }
    let count_rows: String = counts
        .iter()
        .map(|(reason, count)| {
            format!(
                "<tr><td>{}</td><td class=\"num\">{count}</td></tr>\n",
                esc(&reason.replace('_', " "))
            )
        })
        .collect();
    let rows: Vec<(String, String)> = skipped
        .iter()
        .map(|record| {
            let mut why = esc(str_of(record, "reason"));
            let detail = str_of(record, "detail");
            if !detail.is_empty() {
                why.push_str(&format!(": {}", esc(detail)));
            }
            (path_html(record), why)
        })
        .collect();
    let list = collapsible(
        &format!(
            "the {} listed",
            plural(skipped.len() as i64, "path", "paths")
        ),
        &format!(
            "{}{}",
            filter_controls("skipped-table", "Filter: path, reason…", false),
            path_table("skipped-table", &["Path", "Reason"], &rows)
        ),
        false,
    );
    let content = format!(
        "<table class=\"data counts\">\n<thead><tr><th>Reason</th><th>Paths</th></tr></thead>\n\
         <tbody>\n{count_rows}</tbody>\n</table>\n{list}"
    );
    section("skipped", &format!("Skipped ({total})"), &content)
}

pub(super) fn notes_section(notes: &[&Value]) -> String {
    if notes.is_empty() {
        return section(
            "notes",
            "Notes (0)",
            "<p class=\"empty\">No parser notes.</p>\n",
        );
    }
    let rows: Vec<(String, String)> = notes
        .iter()
        .map(|note| (path_html(note), esc(str_of(note, "note"))))
        .collect();
    let content = format!(
        "<p>Observations that are not evidence (a file that looks damaged to a parser).</p>\n{}",
        collapsible(
            &plural(notes.len() as i64, "note", "notes"),
            &path_table("notes-table", &["Path", "Note"], &rows),
            false,
        )
    );
    section("notes", &format!("Notes ({})", notes.len()), &content)
}

/// A sortable two-column table: a path (markup) and what was said about it (markup).
pub(super) fn path_table(id: &str, heads: &[&str; 2], rows: &[(String, String)]) -> String {
    let body: String = rows
        .iter()
        .map(|(path, text)| format!("<tr><td class=\"path\">{path}</td><td>{text}</td></tr>\n"))
        .collect();
    format!(
        "<table class=\"data sortable\" id=\"{id}\">\n<thead><tr><th>{}</th><th>{}</th></tr>\
         </thead>\n<tbody>\n{body}</tbody>\n</table>\n",
        heads[0], heads[1]
    )
}

pub(super) fn collapsible(summary: &str, content: &str, open: bool) -> String {
    let open = if open { " open" } else { "" };
    format!("<details{open}><summary>{summary}</summary>\n{content}</details>\n")
}

/// Label and value pairs shown as a two-column list; values are markup. Empty values are left
/// out, so a record's missing optional fields leave no empty rows.
#[derive(Default)]
pub(super) struct Facts {
    pub(super) entries: Vec<(String, String)>,
}

impl Facts {
    pub(super) fn text(&mut self, label: &str, text: &str) {
        self.html(label, &esc(text));
    }

    pub(super) fn html(&mut self, label: &str, html: &str) {
        if !html.is_empty() {
            self.entries.push((label.to_string(), html.to_string()));
        }
    }

    pub(super) fn render(&self) -> String {
        let rows: String = self
            .entries
            .iter()
            .map(|(label, value)| format!("<dt>{label}</dt><dd>{value}</dd>\n"))
            .collect();
        format!("<dl class=\"facts\">\n{rows}</dl>\n")
    }

    /// The same as tiles (the scan's overview).
    pub(super) fn render_tiles(&self) -> String {
        let tiles: String = self
            .entries
            .iter()
            .map(|(label, value)| {
                format!("<div class=\"tile\"><dt>{label}</dt><dd>{value}</dd></div>\n")
            })
            .collect();
        format!("<dl class=\"tiles\">\n{tiles}</dl>\n")
    }
}
