//! macOS launchd jobs: a LaunchDaemon or LaunchAgent property list (XML or binary) names the
//! program launchd starts — at boot or login (`RunAtLoad`), kept alive, on a schedule, or when
//! a path changes.

use std::path::PathBuf;

use super::HostPaths;
use crate::analysis::plist::{self, PlistValue};

/// Which launchd domain a job belongs to, by where its plist lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// `/Library/LaunchDaemons`, `/System/Library/LaunchDaemons`: system-wide, as root, at boot.
    Daemon,
    /// `/Library/LaunchAgents`, `~/Library/LaunchAgents`, `/System/Library/LaunchAgents`: in
    /// each user's session, at login.
    Agent,
}

/// What a job's plist says, as far as it starts something.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Job {
    pub label: Option<String>,
    /// `Program`, else the first of `ProgramArguments`.
    pub program: Option<String>,
    pub arguments: Vec<String>,
    pub run_at_load: bool,
    /// `KeepAlive`: `true`, or conditions (a dictionary).
    pub keep_alive: Option<&'static str>,
    pub start_interval: Option<i64>,
    pub calendar: bool,
    pub watch_paths: Vec<String>,
    pub disabled: bool,
    pub user: Option<String>,
}

/// The domain of a plist at `path` (a path as on the host or in a tree copied from one).
pub fn domain_of(path: &str) -> Option<Domain> {
    if !path.ends_with(".plist") {
        return None;
    }
    let directory = path.rsplit_once('/').map(|(dir, _)| dir)?;
    if directory.ends_with("/Library/LaunchDaemons") {
        Some(Domain::Daemon)
    } else if directory.ends_with("/Library/LaunchAgents") {
        Some(Domain::Agent)
    } else {
        None
    }
}

/// How the host's paths map onto the tree the plist was found in: the tree's root is what comes
/// before `/Users/NAME/Library`, `/System/Library` or `/Library`.
pub fn host_paths(path: &str) -> HostPaths {
    let parts: Vec<&str> = path.split('/').collect();
    let user_at = parts
        .windows(3)
        .position(|w| w[0] == "Users" && w[2] == "Library");
    let (root_at, user) = match user_at {
        Some(at) => (at, Some(parts[at + 1].to_string())),
        None => {
            let library = parts.iter().rposition(|p| *p == "Library").unwrap_or(0);
            let system = library.checked_sub(1).filter(|&s| parts[s] == "System");
            (system.unwrap_or(library), None)
        }
    };
    let mut root = parts[..root_at].join("/");
    if root.is_empty() {
        root.push('/');
    }
    HostPaths {
        windows: false,
        root: Some(PathBuf::from(root)),
        drive: String::new(),
        user,
    }
}

/// Reads a job's plist.
pub fn parse(data: &[u8]) -> Result<Job, String> {
    let mut job = Job::default();
    for (key, value) in plist::top_level(data)? {
        match (key.as_str(), value) {
            ("Label", PlistValue::String(label)) => job.label = Some(label),
            ("Program", PlistValue::String(program)) => job.program = Some(program),
            ("ProgramArguments", PlistValue::Array(items)) => {
                job.arguments = items
                    .iter()
                    .filter_map(|item| item.as_str().map(str::to_string))
                    .collect();
            }
            ("RunAtLoad", PlistValue::Boolean(run)) => job.run_at_load = run,
            ("KeepAlive", PlistValue::Boolean(true)) => job.keep_alive = Some("always"),
            ("KeepAlive", PlistValue::Dictionary(_)) => job.keep_alive = Some("on conditions"),
            ("StartInterval", PlistValue::Integer(seconds)) => job.start_interval = Some(seconds),
            ("StartCalendarInterval", _) => job.calendar = true,
            ("WatchPaths" | "QueueDirectories", PlistValue::Array(items)) => job
                .watch_paths
                .extend(items.iter().filter_map(|i| i.as_str().map(str::to_string))),
            ("Disabled", PlistValue::Boolean(disabled)) => job.disabled = disabled,
            ("UserName", PlistValue::String(user)) => job.user = Some(user),
            _ => {}
        }
    }
    if job.program.is_none() {
        job.program = job.arguments.first().cloned();
    }
    if job.program.is_none() {
        return Err("a launchd job without Program or ProgramArguments".to_string());
    }
    Ok(job)
}

impl Job {
    /// The command as launchd runs it: the arguments (or the program alone).
    pub fn command(&self) -> String {
        if self.arguments.is_empty() {
            self.program.clone().unwrap_or_default()
        } else {
            self.arguments.join(" ")
        }
    }

    /// When it runs, and what else a responder looks at first.
    pub fn details(&self) -> Vec<String> {
        let mut details = Vec::new();
        details.extend(self.label.as_ref().map(|label| format!("label {label}")));
        if self.run_at_load {
            details.push("RunAtLoad".to_string());
        }
        details.extend(self.keep_alive.map(|when| format!("KeepAlive {when}")));
        details.extend(self.start_interval.map(|s| format!("every {s} s")));
        if self.calendar {
            details.push("on a calendar schedule".to_string());
        }
        for path in &self.watch_paths {
            details.push(format!("when {path} changes"));
        }
        if self.disabled {
            details.push("disabled".to_string());
        }
        details
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_and_the_tree_root_come_from_the_path() {
        assert_eq!(
            domain_of("/Library/LaunchDaemons/com.example.plist"),
            Some(Domain::Daemon)
        );
        assert_eq!(
            domain_of("/mnt/mac/Users/bob/Library/LaunchAgents/com.example.plist"),
            Some(Domain::Agent)
        );
        assert_eq!(domain_of("/Library/LaunchDaemons/readme.txt"), None);
        assert_eq!(domain_of("/Library/Preferences/com.example.plist"), None);

        let agent = host_paths("/mnt/mac/Users/bob/Library/LaunchAgents/x.plist");
        assert_eq!(agent.root, Some(PathBuf::from("/mnt/mac")));
        assert_eq!(agent.user.as_deref(), Some("bob"));
        let daemon = host_paths("/Library/LaunchDaemons/x.plist");
        assert_eq!(daemon.root, Some(PathBuf::from("/")));
        let system = host_paths("/case/System/Library/LaunchDaemons/x.plist");
        assert_eq!(system.root, Some(PathBuf::from("/case")));
    }

    #[test]
    fn a_job_gives_its_program_arguments_and_schedule() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict>
<key>Label</key><string>com.example.updater</string>
<key>ProgramArguments</key><array>
  <string>/Library/Application Support/Example/updater</string><string>--quiet</string>
</array>
<key>RunAtLoad</key><true/>
<key>KeepAlive</key><true/>
<key>StartInterval</key><integer>3600</integer>
<key>UserName</key><string>root</string>
</dict></plist>"#;
        let job = parse(xml).expect("a valid job");
        assert_eq!(
            job.program.as_deref(),
            Some("/Library/Application Support/Example/updater")
        );
        assert_eq!(
            job.command(),
            "/Library/Application Support/Example/updater --quiet"
        );
        assert_eq!(job.user.as_deref(), Some("root"));
        assert_eq!(
            job.details(),
            [
                "label com.example.updater",
                "RunAtLoad",
                "KeepAlive always",
                "every 3600 s"
            ]
        );
        assert!(parse(b"<plist><dict><key>Label</key><string>x</string></dict></plist>").is_err());
    }
}
