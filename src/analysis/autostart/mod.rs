//! Autostart entries: what makes a program start on its own (a service, a Run value, a shortcut
//! in a Startup folder, a scheduled task, a cron line, a systemd unit...), read from the objects
//! that define them. Each entry is reported in the autostart listing; at the end of a scan
//! ([`resolve`]) what it starts is looked up on the same host, and an entry that starts something
//! flagged, missing, or placed where users can write gets evidence of its own.

pub mod command;
pub mod launchd;
pub mod linux;
pub mod registry;
pub mod resolve;
pub mod shortcut;
pub mod task;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::evidence::{FileType, Hashes, Reason, hashes};
use crate::source::Origin;

/// What kind of autostart an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutostartKind {
    /// A Windows service or driver (`Services\X`: ImagePath, or the ServiceDll a svchost group loads).
    Service,
    /// `Run` / `RunOnce` values (machine or user, 32- or 64-bit view, policies).
    Run,
    /// Winlogon `Shell`, `Userinit` and the user's `Load`/`Run` values.
    Winlogon,
    /// Image File Execution Options `Debugger`: runs instead of the named program.
    IfeoDebugger,
    /// `AppInit_DLLs`: loaded into every process that loads user32.
    AppinitDlls,
    /// A shortcut in a Startup folder.
    StartupShortcut,
    /// A scheduled task (`Windows\System32\Tasks`).
    ScheduledTask,
    /// A crontab line.
    Cron,
    /// A script in `/etc/cron.{hourly,daily,weekly,monthly}`.
    CronScript,
    /// A systemd unit's `Exec*=` line.
    Systemd,
    /// A command in `/etc/rc.local`.
    RcLocal,
    /// A library in `/etc/ld.so.preload`.
    LdPreload,
    /// A command in a shell profile (`/etc/profile`, `profile.d`, `.bashrc`...).
    ShellProfile,
    /// A udev rule's `RUN`/`PROGRAM`.
    Udev,
    /// An XDG autostart `.desktop` file's `Exec=`.
    XdgAutostart,
    /// A SysV init script.
    InitScript,
    /// A macOS LaunchDaemon plist: system-wide, as root, at boot.
    LaunchDaemon,
    /// A macOS LaunchAgent plist: in a user's session, at login.
    LaunchAgent,
}

/// An autostart entry's own facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Autostart {
    pub kind: AutostartKind,
    /// The command as written (a service's ImagePath, a Run value, a shortcut's target and
    /// arguments, a task's command and arguments, a cron command...).
    pub command: String,
    /// The program the command starts, as written (environment variables not expanded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// The file that program is made to run or load (rundll32's DLL, a service's ServiceDll, a
    /// script), as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loads: Option<String>,
    /// The user the entry belongs to or runs as (a profile's owner, a cron user, `User=`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Short facts about the entry (`Start=2 (automatic)`, `svchost group netsvcs`, a schedule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// A registry value's type and data, as reports show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryValue {
    /// `REG_SZ`, `REG_DWORD`...
    #[serde(rename = "type")]
    pub kind: String,
    pub data: String,
}

/// Something an object holds that is reported on its own, named by its origin: a registry key or
/// value that an IOC names, or an autostart entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub origin: Origin,
    /// The 1-based line of the defining file, for entries defined by a line of text.
    pub line: Option<u32>,
    pub value: Option<RegistryValue>,
    pub autostart: Option<Autostart>,
    pub reasons: Vec<Reason>,
    /// Size, digests and type of what defines the entry: a value's data, or the defining file.
    pub size: u64,
    pub hashes: Hashes,
    pub file_type: FileType,
    /// Where the host's paths live in this scan, to find what the entry starts.
    pub host: HostPaths,
}

/// How the paths an entry names map onto the scanned objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPaths {
    /// The entry's paths are Windows paths (`C:\...`, `%SystemRoot%`...).
    pub windows: bool,
    /// For a tree on the live filesystem, the directory that stands for the host's root (`C:\`
    /// or `/`); None inside a disk image, whose files are named as on the host already.
    pub root: Option<PathBuf>,
    /// The Windows drive the image names the system volume (`C:`); the live tree's root stands
    /// for it too.
    pub drive: String,
    /// The user profile the entry belongs to, for `%APPDATA%` and friends.
    pub user: Option<String>,
}

impl HostPaths {
    /// Works out, from where a defining file sits, how the host's paths map onto the scan.
    /// `path` is the file's path as reported (a live path, or a host path inside an image).
    pub fn of(path: &Path, windows_image: bool) -> HostPaths {
        let text = path.to_string_lossy();
        let separator = if windows_image { '\\' } else { '/' };
        let parts: Vec<&str> = text.split(separator).collect();
        let windows = windows_image || windows_anchor(&parts).is_some();
        let user = user_of(&parts);
        let anchor = if windows {
            windows_anchor(&parts)
        } else {
            linux_anchor(&parts)
        };
        let root = if windows_image {
            None
        } else {
            anchor.map(|at| {
                let mut root = parts[..at].join("/");
                if root.is_empty() {
                    root.push('/');
                }
                PathBuf::from(root)
            })
        };
        let drive = match parts.first() {
            Some(first) if windows_image && first.ends_with(':') => first.to_string(),
            _ => "C:".to_string(),
        };
        HostPaths {
            windows,
            root,
            drive,
            user,
        }
    }
}

/// Index of the component where a Windows drive's tree starts: the parent of `Windows`
/// (followed by `System32`), of `Users` or of `ProgramData`.
fn windows_anchor(parts: &[&str]) -> Option<usize> {
    parts.iter().enumerate().find_map(|(i, part)| {
        let next = parts.get(i + 1).copied().unwrap_or_default();
        let is_windows = part.eq_ignore_ascii_case("Windows")
            && (next.eq_ignore_ascii_case("System32") || next.eq_ignore_ascii_case("SysWOW64"));
        let is_profiles = (part.eq_ignore_ascii_case("Users")
            || part.eq_ignore_ascii_case("Documents and Settings"))
            && parts.len() > i + 2;
        let is_program_data = part.eq_ignore_ascii_case("ProgramData");
        (is_windows || is_profiles || is_program_data).then_some(i)
    })
}

/// Index of the component where a Linux root's tree starts: the parent of `etc`, else of `usr`,
/// `lib`, `var`, `home` or `root`, in that order (a tree mounted at `/mnt/root` holds `etc`).
fn linux_anchor(parts: &[&str]) -> Option<usize> {
    const TOP: &[&str] = &["etc", "usr", "lib", "var", "home", "root"];
    TOP.iter()
        .find_map(|top| parts.iter().position(|part| part == top))
        .filter(|&at| at > 0)
}

/// The profile a path lies in: `Users\NAME\...`, `home/NAME/...`, `root/...`.
fn user_of(parts: &[&str]) -> Option<String> {
    parts.iter().enumerate().find_map(|(i, part)| {
        let name = parts.get(i + 1)?;
        let deeper = parts.len() > i + 2;
        if (part.eq_ignore_ascii_case("Users")
            || part.eq_ignore_ascii_case("Documents and Settings"))
            && deeper
            && !name.eq_ignore_ascii_case("Public")
            && !name.eq_ignore_ascii_case("Default")
        {
            return Some(name.to_string());
        }
        if *part == "home" && deeper {
            return Some(name.to_string());
        }
        (*part == "root" && deeper && i > 0 && parts[i - 1].is_empty()).then(|| "root".to_string())
    })
}

/// The autostart entries a file defines (a hive's are read by `analysis::hive`): a shortcut in a
/// Startup folder, a scheduled task's definition, a Linux autostart file, a macOS launchd job.
/// Problems met while reading them come back as the second part.
pub fn of_file(origin: &Origin, data: &[u8], file_type: FileType) -> (Vec<Entry>, Vec<String>) {
    let path = origin.path();
    let is_shortcut = file_type == FileType::Lnk && in_startup_folder(&path);
    let is_task = !is_shortcut && looks_like_xml(data) && in_tasks_folder(&path);
    let launchd_domain = (!origin.windows_paths())
        .then(|| launchd::domain_of(&path.to_string_lossy()))
        .flatten();
    let maybe_linux = !origin.windows_paths() && may_be_linux_autostart(&path);
    if !is_shortcut && !is_task && launchd_domain.is_none() && !maybe_linux {
        return (Vec::new(), Vec::new());
    }
    let host = if launchd_domain.is_some() {
        launchd::host_paths(&path.to_string_lossy())
    } else {
        HostPaths::of(&path, origin.windows_paths())
    };
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    let mut add = |line: Option<u32>, autostart: Autostart| {
        entries.push(Entry {
            origin: origin.clone(),
            line,
            value: None,
            autostart: Some(autostart),
            reasons: Vec::new(),
            size: data.len() as u64,
            hashes: hashes::hash_bytes(data),
            file_type,
            host: host.clone(),
        })
    };
    if is_shortcut {
        match shortcut::parse(data) {
            Ok(link) => {
                let target = link.target.or(link.env_target).unwrap_or_default();
                let arguments = link.arguments.unwrap_or_default();
                let command_line = format!("\"{target}\" {arguments}");
                let launch = command::parse(&command_line);
                add(
                    None,
                    Autostart {
                        kind: AutostartKind::StartupShortcut,
                        command: format!("{target} {arguments}").trim().to_string(),
                        program: Some(target),
                        loads: launch.and_then(|l| l.loads),
                        user: host.user.clone(),
                        details: link
                            .working_dir
                            .map(|dir| format!("in {dir}"))
                            .into_iter()
                            .collect(),
                    },
                );
            }
            Err(e) => problems.push(format!("shortcut not readable: {e}")),
        }
    } else if is_task {
        match task::parse(data) {
            Ok(task) => {
                for action in &task.actions {
                    let arguments = action.arguments.clone().unwrap_or_default();
                    let command_line = format!("\"{}\" {arguments}", action.command);
                    let launch = command::parse(&command_line);
                    let mut details = Vec::new();
                    details.extend(task.uri.as_ref().map(|uri| format!("task {uri}")));
                    details.extend(task.run_as.as_ref().map(|user| format!("runs as {user}")));
                    if !task.triggers.is_empty() {
                        details.push(format!("triggers {}", task.triggers.join(", ")));
                    }
                    if task.enabled == Some(false) {
                        details.push("disabled".to_string());
                    }
                    if task.hidden == Some(true) {
                        details.push("hidden".to_string());
                    }
                    add(
                        None,
                        Autostart {
                            kind: AutostartKind::ScheduledTask,
                            command: format!("{} {arguments}", action.command).trim().to_string(),
                            program: Some(action.command.clone()),
                            loads: launch.and_then(|l| l.loads),
                            user: task.run_as.clone(),
                            details,
                        },
                    );
                }
            }
            Err(e) => problems.push(format!("scheduled task not readable: {e}")),
        }
    } else if let Some(domain) = launchd_domain {
        match launchd::parse(data) {
            Ok(job) => add(
                None,
                Autostart {
                    kind: match domain {
                        launchd::Domain::Daemon => AutostartKind::LaunchDaemon,
                        launchd::Domain::Agent => AutostartKind::LaunchAgent,
                    },
                    command: job.command(),
                    program: job.program.clone(),
                    loads: None,
                    user: job.user.clone().or_else(|| host.user.clone()),
                    details: job.details(),
                },
            ),
            Err(e) => problems.push(format!("launchd job not readable: {e}")),
        }
    } else if !host.windows
        && let Some(on_host) = host_relative(&path, &host)
        && linux::kind_of(&on_host).is_some()
    {
        for found in linux::entries(&on_host, data) {
            add(
                Some(found.line),
                Autostart {
                    kind: linux_kind(found.kind),
                    command: found.command,
                    program: found.program,
                    loads: None,
                    user: found.user.or_else(|| host.user.clone()),
                    details: Some(found.detail)
                        .filter(|d| !d.is_empty())
                        .into_iter()
                        .collect(),
                },
            );
        }
    }
    (entries, problems)
}

/// Whether an object may define autostarts, judged by its name alone (the triage of
/// `--autostarts-only`, which reads nothing else): a registry hive's usual file names and their
/// logs, a file in a Startup or Tasks folder, a Linux autostart file.
pub fn may_define(origin: &Origin) -> bool {
    const HIVES: &[&str] = &[
        "system",
        "software",
        "sam",
        "security",
        "default",
        "ntuser.dat",
        "usrclass.dat",
        "amcache.hve",
    ];
    let path = origin.path();
    let name = path
        .to_string_lossy()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .to_lowercase();
    let hive_name = name
        .strip_suffix(".log1")
        .or_else(|| name.strip_suffix(".log2"))
        .unwrap_or(&name);
    if HIVES.contains(&hive_name)
        || in_startup_folder(&path)
        || in_tasks_folder(&path)
        || launchd::domain_of(&path.to_string_lossy()).is_some()
    {
        return true;
    }
    if origin.windows_paths() || !may_be_linux_autostart(&path) {
        return false;
    }
    let host = HostPaths::of(&path, false);
    host_relative(&path, &host).is_some_and(|on_host| linux::kind_of(&on_host).is_some())
}

/// A cheap first look at a path, before working out the host's root: the directories Linux
/// autostart files live in.
fn may_be_linux_autostart(path: &Path) -> bool {
    const PLACES: &[&str] = &[
        "/etc/",
        "/var/spool/cron/",
        "/lib/systemd/",
        "/.config/",
        "/lib/udev/",
        "/.bashrc",
        "/.profile",
        "/.bash_profile",
    ];
    let text = path.to_string_lossy();
    PLACES.iter().any(|place| text.contains(place))
}

fn looks_like_xml(data: &[u8]) -> bool {
    let head = &data[..data.len().min(8)];
    head.starts_with(b"<")
        || head.starts_with(b"\xef\xbb\xbf<")
        || head.starts_with(b"\xff\xfe<")
        || head.starts_with(b"\xfe\xff\x00<")
}

/// The path as on the host (`/etc/crontab`) of a file of a Linux tree.
fn host_relative(path: &Path, host: &HostPaths) -> Option<String> {
    let root = host.root.as_deref().unwrap_or(Path::new("/"));
    let rest = path.strip_prefix(root).ok()?;
    Some(format!("/{}", rest.to_string_lossy()))
}

fn linux_kind(kind: linux::Kind) -> AutostartKind {
    match kind {
        linux::Kind::Cron => AutostartKind::Cron,
        linux::Kind::CronScript => AutostartKind::CronScript,
        linux::Kind::SystemdUnit => AutostartKind::Systemd,
        linux::Kind::RcLocal => AutostartKind::RcLocal,
        linux::Kind::LdPreload => AutostartKind::LdPreload,
        linux::Kind::ShellProfile => AutostartKind::ShellProfile,
        linux::Kind::UdevRule => AutostartKind::Udev,
        linux::Kind::XdgAutostart => AutostartKind::XdgAutostart,
        linux::Kind::InitScript => AutostartKind::InitScript,
    }
}

/// The Startup folder of a user or of all users, as it appears in a path.
pub fn in_startup_folder(path: &Path) -> bool {
    let text = path
        .to_string_lossy()
        .replace('\\', "/")
        .to_ascii_lowercase();
    text.contains("/start menu/programs/startup/")
}

/// A file under `Windows\System32\Tasks` (the scheduled tasks' definitions).
pub fn in_tasks_folder(path: &Path) -> bool {
    let text = path
        .to_string_lossy()
        .replace('\\', "/")
        .to_ascii_lowercase();
    text.contains("/windows/system32/tasks/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_tree_maps_the_drive_and_the_user_profile() {
        let hive = HostPaths::of(Path::new("/mnt/c/Users/alice/NTUSER.DAT"), false);
        assert_eq!(
            hive,
            HostPaths {
                windows: true,
                root: Some(PathBuf::from("/mnt/c")),
                drive: "C:".to_string(),
                user: Some("alice".to_string()),
            }
        );
        let system = HostPaths::of(Path::new("/srv/case/WINDOWS/system32/config/SYSTEM"), false);
        assert_eq!(system.root, Some(PathBuf::from("/srv/case")));
        assert_eq!(system.user, None);
    }

    #[test]
    fn an_image_keeps_host_paths_and_a_linux_tree_finds_its_root() {
        let image = HostPaths::of(Path::new(r"C:\Users\bob\NTUSER.DAT"), true);
        assert_eq!((image.root, image.user.as_deref()), (None, Some("bob")));
        let cron = HostPaths::of(Path::new("/mnt/root/etc/cron.d/job"), false);
        assert_eq!(
            (cron.windows, cron.root),
            (false, Some(PathBuf::from("/mnt/root")))
        );
        let live = HostPaths::of(Path::new("/etc/crontab"), false);
        assert_eq!(live.root, Some(PathBuf::from("/")));
        let user_unit = HostPaths::of(Path::new("/home/eve/.config/systemd/user/x.service"), false);
        assert_eq!(user_unit.user.as_deref(), Some("eve"));
    }

    #[test]
    fn startup_and_task_folders_are_recognised_in_either_separator() {
        assert!(in_startup_folder(Path::new(
            r"C:\Users\a\AppData\Roaming\Microsoft\Windows\Start Menu\Programs\Startup\x.lnk"
        )));
        assert!(in_startup_folder(Path::new(
            "/mnt/c/ProgramData/Microsoft/Windows/Start Menu/Programs/StartUp/y.lnk"
        )));
        assert!(in_tasks_folder(Path::new(
            "/mnt/c/Windows/System32/Tasks/Microsoft/Windows/Defrag/ScheduledDefrag"
        )));
        assert!(!in_tasks_folder(Path::new("/home/a/Tasks/x")));
    }
}
