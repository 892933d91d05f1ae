//! The compiled-rules cache: compiling a large rule set takes seconds, so the result is kept as
//! a bundle keyed by a digest of everything that shapes it (needle and YARA-X versions, compile
//! options, every source's origin and content). A cache entry that is missing, from another
//! version, truncated or corrupted is rebuilt, never trusted. An entry is loaded only from a
//! file of the user running needle that no one else can write: YARA-X loads the compiled code a
//! bundle holds, so an entry planted by someone else would run as whoever scans.
//!
//! Each rule update makes a new entry, so the cache would only grow: an entry's modification
//! time is set when it is used, and when an entry is written, entries of this user unused for
//! [`UNUSED_FOR`] are removed.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::RuleSets;
use super::bundle;
use super::yara::{self, CompileOptions, RuleProblem, RuleSource};

/// How long an entry may go unused before writing another removes it.
const UNUSED_FOR: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// What the bundle does not hold: the problems met when compiling, reported again on each use.
#[derive(Serialize, Deserialize)]
struct CachedProblems {
    files: usize,
    errors: Vec<RuleProblem>,
    warnings: Vec<RuleProblem>,
}

pub fn compile_cached(dir: &Path, sources: &[RuleSource], options: &CompileOptions) -> RuleSets {
    let key = cache_key(sources, options);
    let (bundle_path, problems_path) = entry_paths(dir, &key);
    let mut notes = Vec::new();
    match read_entry(&bundle_path, &problems_path, &key) {
        Ok(Some(mut sets)) => {
            if let Err(e) = mark_used(&bundle_path) {
                sets.notes.push(format!(
                    "cannot mark rule cache entry {} as used ({e}): it may be removed as unused",
                    bundle_path.display()
                ));
            }
            return sets;
        }
        Ok(None) => {}
        Err(message) => notes.push(format!(
            "rule cache entry {} unusable ({message}): rebuilt",
            bundle_path.display()
        )),
    }
    let outcome = yara::compile(sources, options);
    if let Some(compiled) = &outcome.rules {
        let problems = CachedProblems {
            files: outcome.files_compiled,
            errors: outcome.errors.clone(),
            warnings: outcome.warnings.clone(),
        };
        if let Err(message) = write_entry(
            dir,
            &bundle_path,
            &problems_path,
            compiled,
            &key,
            outcome.files_compiled,
            &problems,
        ) {
            notes.push(format!(
                "cannot write the rule cache in {}: {message}",
                dir.display()
            ));
        } else if let Err(e) = remove_unused(dir, SystemTime::now()) {
            notes.push(format!(
                "cannot remove unused entries of the rule cache in {}: {e}",
                dir.display()
            ));
        }
    }
    let mut sets = RuleSets::from_outcome(outcome);
    sets.notes = notes;
    sets
}

fn cache_key(sources: &[RuleSource], options: &CompileOptions) -> [u8; 32] {
    let mut digest = Sha256::new();
    let relaxed = if options.relaxed_re_syntax {
        "relaxed"
    } else {
        "strict"
    };
    for part in [
        env!("CARGO_PKG_VERSION"),
        env!("NEEDLE_YARA_X_VERSION"),
        relaxed,
    ] {
        digest.update((part.len() as u64).to_le_bytes());
        digest.update(part);
    }
    for source in sources {
        digest.update((source.origin.len() as u64).to_le_bytes());
        digest.update(&source.origin);
        digest.update(Sha256::digest(&source.text));
    }
    digest.finalize().into()
}

fn entry_paths(dir: &Path, key: &[u8; 32]) -> (PathBuf, PathBuf) {
    let stem = format!("rules-{}", hex::encode(key));
    (
        dir.join(format!("{stem}.bundle")),
        dir.join(format!("{stem}.json")),
    )
}

/// The cached rule sets, None when there is no entry, Err when the entry is damaged.
fn read_entry(
    bundle_path: &Path,
    problems_path: &Path,
    key: &[u8; 32],
) -> Result<Option<RuleSets>, String> {
    let bytes = match crate::own_file::read_private(bundle_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.to_string()),
    };
    let (rules, info) = bundle::read(&bytes).map_err(|e| e.to_string())?;
    if info.sources_digest != *key {
        return Err("digest mismatch".to_string());
    }
    let problems: CachedProblems = std::fs::read(problems_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_slice(&text).map_err(|e| e.to_string()))?;
    Ok(Some(RuleSets {
        sets: vec![rules],
        files: problems.files,
        rule_count: info.rule_count as usize,
        errors: problems.errors,
        warnings: problems.warnings,
        notes: Vec::new(),
    }))
}

fn write_entry(
    dir: &Path,
    bundle_path: &Path,
    problems_path: &Path,
    compiled: &yara_x::Rules,
    key: &[u8; 32],
    files: usize,
    problems: &CachedProblems,
) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let bytes = bundle::write(compiled, *key, files as u32).map_err(|e| e.to_string())?;
    let text = serde_json::to_vec(problems).map_err(|e| e.to_string())?;
    // Problems first: a bundle without its problems file is treated as damaged and rebuilt.
    crate::own_file::write(problems_path, &text).map_err(|e| e.to_string())?;
    crate::own_file::write(bundle_path, &bytes).map_err(|e| e.to_string())
}

/// Sets the entry's modification time to now (links not followed).
fn mark_used(bundle_path: &Path) -> io::Result<()> {
    use rustix::fs::{AtFlags, CWD, Timespec, Timestamps, UTIME_NOW, UTIME_OMIT};
    let times = Timestamps {
        last_access: Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_OMIT,
        },
        last_modification: Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_NOW,
        },
    };
    rustix::fs::utimensat(CWD, bundle_path, &times, AtFlags::SYMLINK_NOFOLLOW)?;
    Ok(())
}

/// Removes the entries (bundle and problems file) whose bundle is a regular file of this user
/// last used before `now - UNUSED_FOR`. Only names the cache writes are touched.
fn remove_unused(dir: &Path, now: SystemTime) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let Some(cutoff) = now.checked_sub(UNUSED_FOR) else {
        return Ok(());
    };
    let me = rustix::process::geteuid().as_raw();
    for item in std::fs::read_dir(dir)? {
        let item = item?;
        let name = item.file_name();
        let written_by_the_cache = name
            .to_str()
            .and_then(|n| n.strip_prefix("rules-")?.strip_suffix(".bundle"))
            .is_some_and(|key| key.len() == 64 && key.bytes().all(|b| b.is_ascii_hexdigit()));
        if !written_by_the_cache {
            continue;
        }
        let bundle_path = item.path();
        // Another needle may be removing the same entries.
        let meta = match bundle_path.symlink_metadata() {
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            meta => meta?,
        };
        if meta.is_file() && meta.uid() == me && meta.modified()? < cutoff {
            // Problems first, as they are written first: a bundle without them is rebuilt.
            remove_if_present(&bundle_path.with_extension("json"))?;
            remove_if_present(&bundle_path)?;
        }
    }
    Ok(())
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        done => done,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_compile_comes_from_the_cache_and_damage_is_rebuilt() {
        let dir = tempfile::tempdir().expect("temp dir");
        let sources = [
            RuleSource {
                origin: "a.yar".into(),
                text: b"rule A { strings: $a = \"cache-test\" condition: $a }".to_vec(),
            },
            RuleSource {
                origin: "bad.yar".into(),
                text: b"rule B { condition: $nope }".to_vec(),
            },
        ];
        let options = CompileOptions {
            relaxed_re_syntax: false,
        };
        let first = compile_cached(dir.path(), &sources, &options);
        assert_eq!((first.rule_count, first.errors.len()), (1, 1));
        assert!(first.notes.is_empty(), "{:?}", first.notes);

        let second = compile_cached(dir.path(), &sources, &options);
        assert_eq!(
            (second.rule_count, second.files, second.errors.len()),
            (1, 1, 1),
            "problems survive the cache"
        );
        assert!(second.notes.is_empty());

        let (bundle_path, _) = entry_paths(dir.path(), &cache_key(&sources, &options));
        let bytes = std::fs::read(&bundle_path).expect("entry written");
        std::fs::write(&bundle_path, &bytes[..bytes.len() / 2]).expect("truncate");
        let third = compile_cached(dir.path(), &sources, &options);
        assert_eq!(third.rule_count, 1);
        assert_eq!(third.notes.len(), 1, "a damaged entry is reported");
        assert!(third.notes[0].contains("truncated"), "{:?}", third.notes);
        assert_eq!(std::fs::read(&bundle_path).expect("rebuilt"), bytes);
    }

    #[test]
    fn entries_unused_for_a_month_are_removed_when_another_is_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let options = CompileOptions {
            relaxed_re_syntax: false,
        };
        let set = |name: &str| {
            [RuleSource {
                origin: format!("{name}.yar"),
                text: format!("rule {name} {{ condition: true }}").into_bytes(),
            }]
        };
        let entry = |name: &str| entry_paths(dir.path(), &cache_key(&set(name), &options));
        let age = |path: &Path, days: u64| {
            std::fs::File::options()
                .write(true)
                .open(path)
                .and_then(|f| {
                    f.set_modified(SystemTime::now() - Duration::from_secs(days * 24 * 60 * 60))
                })
                .expect("set the modification time");
        };
        for name in ["Old", "Recent", "UsedAgain"] {
            assert!(
                compile_cached(dir.path(), &set(name), &options)
                    .notes
                    .is_empty()
            );
        }
        age(&entry("Old").0, 31);
        age(&entry("Recent").0, 29);
        age(&entry("UsedAgain").0, 40);
        // Files the cache does not write are left alone, however old.
        let stranger = dir.path().join("rules-notes.bundle");
        std::fs::write(&stranger, b"x").expect("write");
        age(&stranger, 400);

        let used = compile_cached(dir.path(), &set("UsedAgain"), &options);
        assert!(used.notes.is_empty(), "{:?}", used.notes);
        let new = compile_cached(dir.path(), &set("New"), &options);
        assert!(new.notes.is_empty(), "{:?}", new.notes);

        let (bundle, problems) = entry("Old");
        assert!(
            !bundle.exists() && !problems.exists(),
            "the unused entry is removed"
        );
        for name in ["Recent", "UsedAgain", "New"] {
            let (bundle, problems) = entry(name);
            assert!(bundle.exists() && problems.exists(), "{name} kept");
        }
        assert!(stranger.exists());
    }

    /// A cache entry someone else could have written is not loaded: compiled rules hold code
    /// (which files count as private: `own_file`'s tests).
    #[test]
    fn an_entry_others_can_write_is_compiled_again_not_loaded() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().expect("temp dir");
        let sources = [RuleSource {
            origin: "a.yar".into(),
            text: b"rule A { strings: $a = \"cache-test\" condition: $a }".to_vec(),
        }];
        let options = CompileOptions {
            relaxed_re_syntax: false,
        };
        let (bundle_path, _) = entry_paths(dir.path(), &cache_key(&sources, &options));
        assert!(
            compile_cached(dir.path(), &sources, &options)
                .notes
                .is_empty()
        );

        let writable = std::fs::Permissions::from_mode(0o666);
        std::fs::set_permissions(&bundle_path, writable).expect("chmod");
        let refused = compile_cached(dir.path(), &sources, &options);
        assert_eq!(refused.rule_count, 1, "compiled from the sources instead");
        assert_eq!(refused.notes.len(), 1, "{:?}", refused.notes);
        assert!(
            refused.notes[0].contains("mode 666; not read"),
            "{:?}",
            refused.notes
        );
        // Rewritten as a private file, it is used again.
        let mode = std::fs::metadata(&bundle_path).expect("rewritten").mode();
        assert_eq!(mode & 0o077, 0, "{mode:o}");
        assert!(
            compile_cached(dir.path(), &sources, &options)
                .notes
                .is_empty()
        );
    }
}
