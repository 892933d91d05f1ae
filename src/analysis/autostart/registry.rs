//! Autostart entries a registry hive defines: services and drivers (SYSTEM), Run and RunOnce
//! values, Winlogon Shell and Userinit, Image File Execution Options debuggers and AppInit_DLLs
//! (SOFTWARE, NTUSER.DAT).

use super::command;
use super::{Autostart, AutostartKind, Entry, HostPaths};
use crate::analysis::hive::{HiveRole, Reader, shown};
use crate::evidence::FileType;
use crate::source::registry::{Key, Value};

/// Run keys, relative to SOFTWARE's root or to `Software` in a user's hive.
const RUN_KEYS: &[&str] = &[
    r"Microsoft\Windows\CurrentVersion\Run",
    r"Microsoft\Windows\CurrentVersion\RunOnce",
    r"Microsoft\Windows\CurrentVersion\Policies\Explorer\Run",
    r"Wow6432Node\Microsoft\Windows\CurrentVersion\Run",
    r"Wow6432Node\Microsoft\Windows\CurrentVersion\RunOnce",
];

/// The autostart entries of one hive.
pub fn entries(
    read: &mut Reader<'_, '_>,
    role: HiveRole,
    current_set: Option<&str>,
    host: &HostPaths,
) -> Vec<Entry> {
    let mut found = Vec::new();
    match role {
        HiveRole::System => {
            if let Some(set) = current_set {
                services(read, set, host, &mut found);
            }
        }
        HiveRole::Software => {
            for key in RUN_KEYS {
                each_value(read, key, AutostartKind::Run, host, &mut found);
            }
            let winlogon = r"Microsoft\Windows NT\CurrentVersion\Winlogon";
            for name in ["Shell", "Userinit"] {
                listed(
                    read,
                    winlogon,
                    name,
                    AutostartKind::Winlogon,
                    host,
                    &mut found,
                );
            }
            for view in ["", r"Wow6432Node\"] {
                let windows = format!(r"{view}Microsoft\Windows NT\CurrentVersion\Windows");
                listed(
                    read,
                    &windows,
                    "AppInit_DLLs",
                    AutostartKind::AppinitDlls,
                    host,
                    &mut found,
                );
                let ifeo = format!(
                    r"{view}Microsoft\Windows NT\CurrentVersion\Image File Execution Options"
                );
                debuggers(read, &ifeo, host, &mut found);
            }
        }
        HiveRole::User => {
            for key in RUN_KEYS {
                each_value(
                    read,
                    &format!(r"Software\{key}"),
                    AutostartKind::Run,
                    host,
                    &mut found,
                );
            }
            let winlogon = r"Software\Microsoft\Windows NT\CurrentVersion\Winlogon";
            listed(
                read,
                winlogon,
                "Shell",
                AutostartKind::Winlogon,
                host,
                &mut found,
            );
            let windows = r"Software\Microsoft\Windows NT\CurrentVersion\Windows";
            for name in ["Load", "Run"] {
                listed(
                    read,
                    windows,
                    name,
                    AutostartKind::Winlogon,
                    host,
                    &mut found,
                );
            }
        }
        _ => {}
    }
    found
}

/// An entry for a command held in a registry value.
fn entry(
    read: &Reader<'_, '_>,
    key: &str,
    value: &Value<'_>,
    kind: AutostartKind,
    command_line: &str,
    host: &HostPaths,
) -> Entry {
    let launch = command::parse(command_line);
    let (shown, size, hashes) = shown(value);
    Entry {
        origin: read.origin(key, Some(&value.name())),
        line: None,
        value: Some(shown),
        autostart: Some(Autostart {
            kind,
            command: command_line.to_string(),
            program: launch.as_ref().map(|l| l.program.clone()),
            loads: launch.and_then(|l| l.loads),
            user: host.user.clone(),
            details: Vec::new(),
        }),
        reasons: Vec::new(),
        size,
        hashes,
        file_type: FileType::Unknown,
        host: host.clone(),
    }
}

/// Every value of a key is a command (Run keys).
fn each_value(
    read: &mut Reader<'_, '_>,
    path: &str,
    kind: AutostartKind,
    host: &HostPaths,
    found: &mut Vec<Entry>,
) {
    let Some((spelled, key)) = read.key(path) else {
        return;
    };
    for value in read.values(&key) {
        if let Some(text) = value.text().filter(|t| !t.trim().is_empty()) {
            found.push(entry(read, &spelled, &value, kind, &text, host));
        }
    }
}

/// A value holding one or more commands separated by commas or spaces (Userinit, Shell,
/// AppInit_DLLs, Load): one entry for each, so an appended program stands out.
fn listed(
    read: &mut Reader<'_, '_>,
    path: &str,
    name: &str,
    kind: AutostartKind,
    host: &HostPaths,
    found: &mut Vec<Entry>,
) {
    let Some((spelled, key)) = read.key(path) else {
        return;
    };
    let Some(value) = read.value(&key, name) else {
        return;
    };
    let Some(text) = value.text() else {
        return;
    };
    let separators: &[char] = if kind == AutostartKind::AppinitDlls {
        &[',', ' ']
    } else {
        &[',']
    };
    for item in text
        .split(separators)
        .map(str::trim)
        .filter(|i| !i.is_empty())
    {
        found.push(entry(read, &spelled, &value, kind, item, host));
    }
}

/// Image File Execution Options: a `Debugger` runs instead of the program the key names.
fn debuggers(read: &mut Reader<'_, '_>, path: &str, host: &HostPaths, found: &mut Vec<Entry>) {
    let Some((spelled, ifeo)) = read.key(path) else {
        return;
    };
    for program in read.subkeys(&ifeo) {
        let Some(value) = read.value(&program, "Debugger") else {
            continue;
        };
        if let Some(text) = value.text().filter(|t| !t.trim().is_empty()) {
            let key = format!(r"{spelled}\{}", program.name());
            let mut entry = entry(read, &key, &value, AutostartKind::IfeoDebugger, &text, host);
            if let Some(autostart) = &mut entry.autostart {
                autostart
                    .details
                    .push(format!("instead of {}", program.name()));
            }
            found.push(entry);
        }
    }
}

/// Services and drivers of the current control set: what each starts (ImagePath, and the
/// ServiceDll a svchost group loads), with its start type, type and account.
fn services(read: &mut Reader<'_, '_>, set: &str, host: &HostPaths, found: &mut Vec<Entry>) {
    let Some((spelled, services)) = read.key(&format!(r"{set}\Services")) else {
        return;
    };
    for service in read.subkeys(&services) {
        let key = format!(r"{spelled}\{}", service.name());
        let image_path = read.value(&service, "ImagePath");
        let (dll_key, dll) = service_dll(read, &service, &key);
        let details = service_details(read, &service);
        let command_line = image_path
            .as_ref()
            .and_then(Value::text)
            .unwrap_or_default();
        let mut entry = match (&dll, &image_path) {
            (Some(dll_value), _) => {
                let dll_path = dll_value.text().unwrap_or_default();
                let mut entry = entry(
                    read,
                    &dll_key,
                    dll_value,
                    AutostartKind::Service,
                    &command_line,
                    host,
                );
                if let Some(autostart) = &mut entry.autostart {
                    autostart.loads = Some(dll_path);
                    if autostart.program.is_none() {
                        autostart.program = Some(r"%SystemRoot%\System32\svchost.exe".to_string());
                    }
                }
                entry
            }
            (None, Some(image)) if !command_line.trim().is_empty() => entry(
                read,
                &key,
                image,
                AutostartKind::Service,
                &command_line,
                host,
            ),
            _ => continue,
        };
        if let Some(autostart) = &mut entry.autostart {
            autostart
                .details
                .insert(0, format!("service {}", service.name()));
            autostart.details.extend(details);
            if let Some(group) = command::parse(&command_line).and_then(|l| l.svchost_group) {
                autostart.details.push(format!("svchost group {group}"));
            }
            autostart.user = None;
        }
        found.push(entry);
    }
}

/// The ServiceDll of a svchost service (under `Parameters`, or on the service key itself), with
/// the key that holds it.
fn service_dll<'h>(
    read: &mut Reader<'_, 'h>,
    service: &Key<'h>,
    key: &str,
) -> (String, Option<Value<'h>>) {
    if let Some(parameters) = read.subkey(service, "Parameters")
        && let Some(dll) = read.value(&parameters, "ServiceDll")
    {
        return (format!(r"{key}\{}", parameters.name()), Some(dll));
    }
    (key.to_string(), read.value(service, "ServiceDll"))
}

fn service_details<'h>(read: &mut Reader<'_, 'h>, service: &Key<'h>) -> Vec<String> {
    let mut details = Vec::new();
    if let Some(start) = read.value(service, "Start").and_then(|v| v.number()) {
        let meaning = match start {
            0 => "boot",
            1 => "system",
            2 => "automatic",
            3 => "manual",
            4 => "disabled",
            _ => "unknown",
        };
        details.push(format!("Start={start} ({meaning})"));
    }
    if let Some(kind) = read.value(service, "Type").and_then(|v| v.number()) {
        let meaning = match kind {
            0x1 => "kernel driver",
            0x2 => "file system driver",
            0x10 => "own process",
            0x20 => "shared process",
            _ => "other",
        };
        details.push(format!("Type=0x{kind:x} ({meaning})"));
    }
    if let Some(account) = read.value(service, "ObjectName").and_then(|v| v.text()) {
        details.push(format!("runs as {account}"));
    }
    details
}
