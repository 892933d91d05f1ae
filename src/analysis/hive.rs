//! What needle reads out of a registry hive file: which hive it is (SYSTEM, SOFTWARE, a user's
//! NTUSER.DAT...), the registry indicators present in it, and the autostart entries it defines.
//! Hives are recognised by content; their transaction logs are applied when the source supplies
//! them.

use std::sync::Arc;

use super::autostart::{self, Entry, HostPaths, RegistryValue};
use crate::evidence::{FileType, hashes};
use crate::signatures::iocs::IocSet;
use crate::signatures::iocs::registry::HiveFile;
use crate::source::registry::{Hive, Key, Value};
use crate::source::{Link, Origin};

/// Which hive a hive file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiveRole {
    System,
    Software,
    Sam,
    Security,
    User,
    UserClasses,
    Amcache,
    Other,
}

impl HiveRole {
    fn file(self) -> Option<HiveFile> {
        Some(match self {
            HiveRole::System => HiveFile::System,
            HiveRole::Software => HiveFile::Software,
            HiveRole::Sam => HiveFile::Sam,
            HiveRole::Security => HiveFile::Security,
            HiveRole::User => HiveFile::User,
            HiveRole::UserClasses => HiveFile::UserClasses,
            HiveRole::Amcache | HiveRole::Other => return None,
        })
    }
}

/// What a hive gave.
pub struct HiveAnalysis {
    pub entries: Vec<Entry>,
    /// What kept the reading from being complete (damaged cells, logs that could not be applied).
    pub problems: Vec<String>,
    /// Observations (a dirty hive replayed from its logs).
    pub notes: Vec<String>,
}

/// Reads the hive in `data` (the file named by `origin`), applying `logs` (the bytes of its
/// .LOG1 and .LOG2 files, where the source found them).
pub fn analyze(
    origin: &Origin,
    data: &[u8],
    logs: &[(String, Vec<u8>)],
    iocs: &IocSet,
) -> HiveAnalysis {
    let mut analysis = HiveAnalysis {
        entries: Vec::new(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let hive = match Hive::open(data.to_vec()) {
        Ok(hive) => hive,
        Err(e) => {
            analysis
                .problems
                .push(format!("registry hive not readable: {e}"));
            return analysis;
        }
    };
    let hive = if hive.is_dirty() {
        let logs: Vec<(&str, &[u8])> = logs
            .iter()
            .map(|(name, data)| (name.as_str(), data.as_slice()))
            .collect();
        if logs.is_empty() {
            analysis.notes.push(
                "registry hive not cleanly written and no transaction log found: read as it is"
                    .to_string(),
            );
            hive
        } else {
            let (replayed, notes) = hive.replay_named_logs(&logs);
            // What the replay could not mend stays in the hive's own notes, reported below.
            analysis.notes.extend(
                notes
                    .into_iter()
                    .filter(|note| !replayed.notes().contains(note)),
            );
            replayed
        }
    } else {
        hive
    };
    analysis.problems.extend(
        hive.notes()
            .iter()
            .map(|note| format!("registry hive: {note}")),
    );

    let role = role_of(&hive);
    let current_set = match role {
        HiveRole::System => current_control_set(&hive),
        _ => None,
    };
    let at = Arc::new(origin.clone());
    let windows_image = origin.windows_paths();
    let host = HostPaths::of(&origin.path(), windows_image);
    let mut read = Reader {
        hive: &hive,
        at: &at,
        problems: &mut analysis.problems,
    };
    analysis.entries.extend(indicators(
        &mut read,
        role,
        current_set.as_deref(),
        iocs,
        &host,
    ));
    analysis.entries.extend(autostart::registry::entries(
        &mut read,
        role,
        current_set.as_deref(),
        &host,
    ));
    analysis
}

/// Reads keys and values of one hive, keeping its problems and naming what it finds.
pub struct Reader<'a, 'h> {
    pub hive: &'h Hive,
    pub at: &'a Arc<Origin>,
    pub problems: &'a mut Vec<String>,
}

impl<'h> Reader<'_, 'h> {
    /// The key at `path` (case-insensitive) with its path as the hive spells it.
    pub fn key(&mut self, path: &str) -> Option<(String, Key<'h>)> {
        let mut key = self.ok(self.hive.root())?;
        let mut spelled: Vec<String> = Vec::new();
        for part in path.split('\\').filter(|p| !p.is_empty()) {
            key = self.ok(key.subkey(part))??;
            spelled.push(key.name());
        }
        Some((spelled.join("\\"), key))
    }

    pub fn subkey(&mut self, key: &Key<'h>, name: &str) -> Option<Key<'h>> {
        self.ok(key.subkey(name))?
    }

    pub fn subkeys(&mut self, key: &Key<'h>) -> Vec<Key<'h>> {
        self.ok(key.subkeys()).unwrap_or_default()
    }

    pub fn values(&mut self, key: &Key<'h>) -> Vec<Value<'h>> {
        self.ok(key.values()).unwrap_or_default()
    }

    pub fn value(&mut self, key: &Key<'h>, name: &str) -> Option<Value<'h>> {
        self.ok(key.value(name))?
    }

    /// The origin of a key (`value` None) or of one of its values.
    pub fn origin(&self, key: &str, value: Option<&str>) -> Origin {
        Origin::inside(
            self.at,
            Link::Registry {
                key: key.to_string(),
                value: value.map(str::to_string),
            },
        )
    }

    fn ok<T, E: std::fmt::Display>(&mut self, result: Result<T, E>) -> Option<T> {
        result
            .map_err(|e| self.problems.push(format!("registry hive: {e}")))
            .ok()
    }
}

/// A value as reports show it, with the size and digests of its data.
pub fn shown(value: &Value<'_>) -> (RegistryValue, u64, hashes::Hashes) {
    let data = value.data().unwrap_or_default();
    let shown = RegistryValue {
        kind: type_name(value.kind()),
        data: value.display(),
    };
    (shown, data.len() as u64, hashes::hash_bytes(&data))
}

fn type_name(kind: u32) -> String {
    match kind {
        0 => "REG_NONE".to_string(),
        1 => "REG_SZ".to_string(),
        2 => "REG_EXPAND_SZ".to_string(),
        3 => "REG_BINARY".to_string(),
        4 => "REG_DWORD".to_string(),
        5 => "REG_DWORD_BIG_ENDIAN".to_string(),
        6 => "REG_LINK".to_string(),
        7 => "REG_MULTI_SZ".to_string(),
        8 => "REG_RESOURCE_LIST".to_string(),
        11 => "REG_QWORD".to_string(),
        other => format!("type {other}"),
    }
}

/// Which hive this is: by the file name the hive records for itself, else by its top keys.
pub fn role_of(hive: &Hive) -> HiveRole {
    let name = hive.embedded_name().to_lowercase().replace('/', "\\");
    let file = name.rsplit('\\').next().unwrap_or_default();
    let by_name = match file {
        "system" => Some(HiveRole::System),
        "software" => Some(HiveRole::Software),
        "sam" => Some(HiveRole::Sam),
        "security" => Some(HiveRole::Security),
        "ntuser.dat" => Some(HiveRole::User),
        "usrclass.dat" => Some(HiveRole::UserClasses),
        "amcache.hve" => Some(HiveRole::Amcache),
        _ => None,
    };
    if let Some(role) = by_name {
        return role;
    }
    let top: Vec<String> = hive
        .root()
        .and_then(|root| root.subkeys())
        .map(|keys| keys.iter().map(|k| k.name().to_lowercase()).collect())
        .unwrap_or_default();
    let has = |name: &str| top.iter().any(|t| t == name);
    if has("select") && top.iter().any(|t| t.starts_with("controlset")) {
        HiveRole::System
    } else if has("microsoft") && (has("classes") || has("policies")) {
        HiveRole::Software
    } else if has("software") && (has("environment") || has("control panel") || has("console")) {
        HiveRole::User
    } else if has("root")
        && hive
            .key(r"Root\InventoryApplicationFile")
            .ok()
            .flatten()
            .is_some()
    {
        HiveRole::Amcache
    } else if has("local settings") || has("clsid") {
        HiveRole::UserClasses
    } else {
        HiveRole::Other
    }
}

/// The control set `CurrentControlSet` stands for (`Select\Current`), e.g. `ControlSet001`.
fn current_control_set(hive: &Hive) -> Option<String> {
    let select = hive.key("Select").ok().flatten()?;
    let current = select.value("Current").ok().flatten()?.number()?;
    Some(format!("ControlSet{current:03}"))
}

/// The registry indicators present in this hive, each an entry of its own.
fn indicators(
    read: &mut Reader<'_, '_>,
    role: HiveRole,
    current_set: Option<&str>,
    iocs: &IocSet,
    host: &HostPaths,
) -> Vec<Entry> {
    let Some(file) = role.file() else {
        return Vec::new();
    };
    let mut entries = Vec::new();
    for ioc in iocs.registry_iocs() {
        for (place, path) in &ioc.places {
            if *place != file {
                continue;
            }
            let path = match (current_set, strip_prefix_ci(path, "CurrentControlSet")) {
                (Some(set), Some(rest)) => format!("{set}{rest}"),
                _ => path.clone(),
            };
            let Some((spelled, key)) = read.key(&path) else {
                continue;
            };
            let mut entry = match &ioc.value_name {
                Some(name) => {
                    let Some(value) = read.value(&key, name) else {
                        continue;
                    };
                    let (shown, size, hashes) = shown(&value);
                    Entry {
                        origin: read.origin(&spelled, Some(&value.name())),
                        line: None,
                        value: Some(shown),
                        autostart: None,
                        reasons: Vec::new(),
                        size,
                        hashes,
                        file_type: FileType::Unknown,
                        host: host.clone(),
                    }
                }
                None => Entry {
                    origin: read.origin(&spelled, None),
                    line: None,
                    value: None,
                    autostart: None,
                    reasons: Vec::new(),
                    size: 0,
                    hashes: hashes::hash_bytes(&[]),
                    file_type: FileType::Empty,
                    host: host.clone(),
                },
            };
            let evidence = format!("present in the hive as {}", entry.origin.path().display());
            entry.reasons.push(iocs.registry_reason(ioc, evidence));
            entries.push(entry);
        }
    }
    entries
}

/// `text` without a leading `prefix` (ASCII case-insensitive), keeping what follows.
fn strip_prefix_ci<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
        .filter(|rest| rest.is_empty() || rest.starts_with('\\'))
}
