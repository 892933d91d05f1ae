//! What an autostart entry starts, looked up on the same host once the scan has seen every
//! file: its path with the host's environment expanded, the filename IOCs that name it, whether
//! needle flagged it, whether it exists, and whether it sits where users can write. Each of these
//! is evidence with a score (docs/autostarts.md).

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use super::command;
use super::{AutostartKind, Entry, HostPaths};
use crate::evidence::{Level, Reason, ReasonKind};
use crate::signatures::iocs::IocSet;

/// A svchost ServiceDll outside System32 (or SysWOW64): svchost groups host Windows' own DLLs.
pub const SERVICE_DLL_OUTSIDE_SYSTEM: i64 = 50;
/// A svchost ServiceDll whose name does not end in `.dll` (ThreatNeedle registers `.sys` files).
pub const SERVICE_DLL_NOT_DLL: i64 = 45;
/// rundll32 or regsvr32 made to load a file not named as a library (`msdn.bin,Start`).
pub const HOST_LOADS_NON_LIBRARY: i64 = 30;
/// What the entry starts sits in a place ordinary users can write to.
pub const USER_WRITABLE: i64 = 30;
/// What the entry starts is not on the host: a dropper cleaned up, or an entry left behind.
pub const TARGET_MISSING: i64 = 25;

/// What the scan learned that entries are resolved against.
#[derive(Default)]
pub struct ScanIndex {
    /// Files that reached a finding, by lower-case path: their score and level.
    flagged: HashMap<String, (i64, Level)>,
    /// Inside a disk image: a hash of every path seen (lower case), to tell a missing file.
    /// None on the live filesystem, which is asked directly.
    seen: Option<HashSet<u64>>,
    /// The walk did not cover the whole image (interrupted, a volume not read): a path not
    /// seen may still exist, so nothing is called missing.
    incomplete: bool,
}

impl ScanIndex {
    /// An index for a scan of the live filesystem, or (`image`) of a disk image.
    pub fn new(image: bool) -> ScanIndex {
        ScanIndex {
            seen: image.then(HashSet::new),
            ..ScanIndex::default()
        }
    }

    /// Records a path the scan saw.
    pub fn saw(&mut self, path: &Path) {
        if let Some(seen) = &mut self.seen {
            seen.insert(path_hash(&lower(path)));
        }
    }

    /// Records a file that reached a finding.
    pub fn flag(&mut self, path: &Path, score: i64, level: Level) {
        self.flagged.insert(lower(path), (score, level));
    }

    /// The image was not walked whole.
    pub fn mark_incomplete(&mut self) {
        self.incomplete = true;
    }
}

fn lower(path: &Path) -> String {
    path.to_string_lossy().to_lowercase()
}

fn path_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Where the entry's program was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// At this path: as the scan names it (a live path, or the host path inside an image).
    At(PathBuf),
    /// Not on the host.
    Missing,
    /// Not known: the path could not be worked out or the place was not scanned.
    Unknown,
}

/// Resolves entries of one scan.
pub struct Resolver<'a> {
    pub iocs: &'a IocSet,
    pub index: &'a ScanIndex,
}

impl Resolver<'_> {
    /// The host path of what `entry` starts, and where it was found.
    pub fn locate_target(&self, entry: &Entry) -> Option<(String, Found)> {
        let autostart = entry.autostart.as_ref()?;
        let written = autostart.loads.as_ref().or(autostart.program.as_ref())?;
        let host_path = host_path(written, &entry.host);
        let found = self.locate(&host_path, &entry.host);
        Some((host_path, found))
    }

    /// Adds the evidence about what `entry` starts; returns the host path of the program and
    /// where it was found, for the report.
    pub fn resolve(&self, entry: &mut Entry) -> Option<(String, Found)> {
        let (host_path, found) = self.locate_target(entry)?;
        let autostart = entry.autostart.as_ref()?;
        let mut reasons = Vec::new();

        for mut reason in self.iocs.match_path(&host_path) {
            reason
                .evidence
                .push(format!("started by this entry: {host_path}"));
            reasons.push(reason);
        }
        if let Found::At(path) = &found
            && let Some((score, level)) = self.index.flagged.get(&lower(path))
        {
            reasons.push(Reason::new(
                ReasonKind::Autostart,
                "target_flagged",
                *score,
                format!(
                    "starts {host_path}, which needle flags ({}, score {score})",
                    level.name()
                ),
            ));
        }
        if found == Found::Missing {
            reasons.push(Reason::new(
                ReasonKind::Autostart,
                "target_missing",
                TARGET_MISSING,
                format!("starts {host_path}, which is not on the host"),
            ));
        }
        if user_writable(&host_path, entry.host.windows) {
            reasons.push(Reason::new(
                ReasonKind::Autostart,
                "target_user_writable",
                USER_WRITABLE,
                format!("starts {host_path}, in a place users can write to"),
            ));
        }
        reasons.extend(shape_reasons(autostart.kind, autostart, &host_path));
        entry.reasons.extend(reasons);
        Some((host_path, found))
    }

    fn locate(&self, host_path: &str, host: &HostPaths) -> Found {
        if host.windows && !looks_absolute_windows(host_path) {
            return Found::Unknown;
        }
        if !host.windows && !host_path.starts_with('/') {
            return Found::Unknown;
        }
        match (&self.index.seen, &host.root) {
            (Some(seen), _) => {
                let key = host_path.to_lowercase();
                if seen.contains(&path_hash(&key)) {
                    Found::At(PathBuf::from(host_path))
                } else if self.index.incomplete {
                    Found::Unknown
                } else {
                    Found::Missing
                }
            }
            (None, Some(root)) => on_live_tree(root, host_path, host.windows),
            (None, None) => Found::Unknown,
        }
    }
}

/// The program's path as on the host: environment variables expanded for the entry's user, NT
/// path forms made Win32 ones, a bare program name searched where Windows or a shell would.
pub fn host_path(written: &str, host: &HostPaths) -> String {
    let written = written.trim().trim_matches('"');
    if !host.windows {
        // A bare name is found through the PATH of whoever runs it: left as written, unknown.
        return match (home_relative(written), &host.user) {
            (Some(rest), Some(user)) if user == "root" => format!("/root/{rest}"),
            (Some(rest), Some(user)) => format!("/home/{user}/{rest}"),
            _ => written.to_string(),
        };
    }
    let normal = command::win32_path(written);
    let expanded = command::expand(&normal, &|name| windows_variable(name, host));
    let expanded = expanded.replace('/', "\\");
    if expanded.contains('\\') {
        return expanded;
    }
    // A bare name: Windows finds its programs in System32 first.
    let name = if expanded.contains('.') {
        expanded
    } else {
        format!("{expanded}.exe")
    };
    format!(r"{}\Windows\System32\{name}", host.drive)
}

/// The value of a Windows environment variable on this host, for the entry's user.
fn windows_variable(name: &str, host: &HostPaths) -> Option<String> {
    let drive = &host.drive;
    let profile = host
        .user
        .as_ref()
        .map(|user| format!(r"{drive}\Users\{user}"));
    let value = match name.to_ascii_lowercase().as_str() {
        "systemroot" | "windir" => format!(r"{drive}\Windows"),
        "systemdrive" | "homedrive" => drive.clone(),
        "programfiles" | "programw6432" => format!(r"{drive}\Program Files"),
        "programfiles(x86)" => format!(r"{drive}\Program Files (x86)"),
        "commonprogramfiles" => format!(r"{drive}\Program Files\Common Files"),
        "programdata" | "allusersprofile" => format!(r"{drive}\ProgramData"),
        "public" => format!(r"{drive}\Users\Public"),
        "userprofile" => profile?,
        "homepath" => profile?.trim_start_matches(drive.as_str()).to_string(),
        "appdata" => format!(r"{}\AppData\Roaming", profile?),
        "localappdata" => format!(r"{}\AppData\Local", profile?),
        "temp" | "tmp" => format!(r"{}\AppData\Local\Temp", profile?),
        _ => return None,
    };
    Some(value)
}

/// The part of a Linux path after a leading `~/`, `$HOME/` or `${HOME}/`.
fn home_relative(path: &str) -> Option<&str> {
    ["~/", "$HOME/", "${HOME}/"]
        .iter()
        .find_map(|home| path.strip_prefix(home))
}

fn looks_absolute_windows(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() > 2 && bytes[1] == b':' && bytes[2] == b'\\'
}

/// Finds a host path under the live directory standing for the host's root; Windows paths are
/// matched case-insensitively, as Windows would.
fn on_live_tree(root: &Path, host_path: &str, windows: bool) -> Found {
    let components: Vec<&str> = if windows {
        // Drop the drive: the root stands for it.
        host_path
            .split('\\')
            .skip(1)
            .filter(|c| !c.is_empty())
            .collect()
    } else {
        host_path.split('/').filter(|c| !c.is_empty()).collect()
    };
    if !root.is_dir() {
        return Found::Unknown;
    }
    let mut current = root.to_path_buf();
    for component in components {
        let exact = current.join(component);
        if std::fs::symlink_metadata(&exact).is_ok() {
            current = exact;
            continue;
        }
        if !windows {
            return Found::Missing;
        }
        let Ok(listing) = std::fs::read_dir(&current) else {
            return Found::Unknown;
        };
        let matched = listing.flatten().find(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.eq_ignore_ascii_case(component))
        });
        match matched {
            Some(entry) => current = entry.path(),
            None => return Found::Missing,
        }
    }
    Found::At(current)
}

/// Places ordinary users (or any process) can write to, where Windows and distributions put no
/// programs of their own.
fn user_writable(host_path: &str, windows: bool) -> bool {
    if windows {
        let lower = host_path.to_lowercase();
        let rest = lower.get(2..).unwrap_or_default();
        return rest.starts_with(r"\programdata\")
            || rest.starts_with(r"\perflogs\")
            || rest.starts_with(r"\users\public\")
            || rest.starts_with(r"\windows\temp\")
            || rest.starts_with(r"\$recycle.bin\")
            || (rest.starts_with(r"\users\") && rest.contains(r"\appdata\"))
            || rest.contains(r"\temp\");
    }
    let directories = host_path.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    host_path.starts_with("/tmp/")
        || host_path.starts_with("/var/tmp/")
        || host_path.starts_with("/dev/shm/")
        || host_path.starts_with("/private/tmp/")
        || host_path.starts_with("/private/var/tmp/")
        || host_path.starts_with("/Users/Shared/")
        || directories
            .split('/')
            .any(|component| component.len() > 1 && component.starts_with('.'))
}

/// Evidence from the entry's shape: what a kind of entry normally starts.
fn shape_reasons(
    kind: AutostartKind,
    autostart: &super::Autostart,
    host_path: &str,
) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let lower = host_path.to_lowercase();
    let name = lower.rsplit(['\\', '/']).next().unwrap_or_default();
    let is_svchost_dll = kind == AutostartKind::Service
        && autostart.loads.is_some()
        && autostart
            .program
            .as_deref()
            .is_some_and(|p| p.to_lowercase().ends_with("svchost.exe"));
    if is_svchost_dll {
        let in_system = lower.get(2..).is_some_and(|rest| {
            rest.starts_with(r"\windows\system32\") || rest.starts_with(r"\windows\syswow64\")
        });
        if !in_system {
            reasons.push(Reason::new(
                ReasonKind::Autostart,
                "service_dll_outside_system32",
                SERVICE_DLL_OUTSIDE_SYSTEM,
                format!("svchost service DLL outside System32: {host_path}"),
            ));
        }
        if !name.ends_with(".dll") {
            reasons.push(Reason::new(
                ReasonKind::Autostart,
                "service_dll_not_dll",
                SERVICE_DLL_NOT_DLL,
                format!("svchost service DLL not named .dll: {host_path}"),
            ));
        }
    }
    let host = autostart
        .program
        .as_deref()
        .map(|p| p.to_lowercase())
        .unwrap_or_default();
    let host_name = host.rsplit(['\\', '/']).next().unwrap_or_default();
    let is_loader = ["rundll32.exe", "rundll32", "regsvr32.exe", "regsvr32"].contains(&host_name);
    const LIBRARIES: &[&str] = &[".dll", ".ocx", ".cpl", ".ax", ".drv", ".acm", ".tsp"];
    if is_loader && autostart.loads.is_some() && !LIBRARIES.iter().any(|ext| name.ends_with(ext)) {
        reasons.push(Reason::new(
            ReasonKind::Autostart,
            "loads_non_library",
            HOST_LOADS_NON_LIBRARY,
            format!("{host_name} made to load {host_path}, which is not named as a library"),
        ));
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(user: Option<&str>) -> HostPaths {
        HostPaths {
            windows: true,
            root: None,
            drive: "C:".to_string(),
            user: user.map(str::to_string),
        }
    }

    #[test]
    fn windows_paths_are_expanded_for_the_entry_user() {
        assert_eq!(
            host_path(r"%SystemRoot%\System32\svchost.exe", &host(None)),
            r"C:\Windows\System32\svchost.exe"
        );
        assert_eq!(
            host_path(r"%APPDATA%\Microsoft\DRM\logon.bin", &host(Some("alice"))),
            r"C:\Users\alice\AppData\Roaming\Microsoft\DRM\logon.bin"
        );
        assert_eq!(
            host_path("rundll32.exe", &host(None)),
            r"C:\Windows\System32\rundll32.exe"
        );
        assert_eq!(
            host_path(r"\SystemRoot\System32\drivers\x.sys", &host(None)),
            r"C:\Windows\System32\drivers\x.sys"
        );
    }

    #[test]
    fn linux_home_paths_are_the_entry_user_s() {
        let root = HostPaths {
            windows: false,
            root: Some(PathBuf::from("/")),
            drive: "C:".to_string(),
            user: Some("root".to_string()),
        };
        assert_eq!(host_path("~/.bashrc", &root), "/root/.bashrc");
        let eve = HostPaths {
            user: Some("eve".to_string()),
            ..root
        };
        assert_eq!(
            host_path("$HOME/.local/bin/x", &eve),
            "/home/eve/.local/bin/x"
        );
        assert_eq!(host_path("syncd", &eve), "syncd");
    }

    #[test]
    fn user_writable_places_on_both_systems() {
        assert!(user_writable(
            r"C:\ProgramData\Microsoft\MSDN\msdn.bin",
            true
        ));
        assert!(user_writable(r"C:\PerfLogs\log.bin", true));
        assert!(user_writable(
            r"C:\Users\a\AppData\Local\slack\slack.exe",
            true
        ));
        assert!(!user_writable(r"C:\Windows\System32\dnsrslvr.dll", true));
        assert!(!user_writable(r"C:\Program Files\Vendor\svc.exe", true));
        assert!(user_writable("/tmp/.x/kworker", false));
        assert!(user_writable("/dev/shm/libx.so", false));
        assert!(user_writable("/home/u/.cache/upd", false));
        assert!(
            !user_writable("/root/.bashrc", false),
            "a dot-file is not a dot-directory"
        );
        assert!(!user_writable("/usr/lib/systemd/systemd-timesyncd", false));
    }

    #[test]
    fn the_live_tree_is_searched_case_insensitively_for_windows_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let program = dir.path().join("Windows/System32/Dnsrslvr.dll");
        std::fs::create_dir_all(program.parent().expect("parent")).expect("dirs");
        std::fs::write(&program, b"MZ").expect("write");
        assert_eq!(
            on_live_tree(dir.path(), r"C:\WINDOWS\system32\dnsrslvr.dll", true),
            Found::At(program)
        );
        assert_eq!(
            on_live_tree(dir.path(), r"C:\Windows\System32\gone.dll", true),
            Found::Missing
        );
        assert_eq!(
            on_live_tree(dir.path(), "/usr/bin/none", false),
            Found::Missing
        );
    }
}
