//! File owner names, for the `owner` external variable of rule sets, and process owners.

use std::collections::HashMap;
use std::fs::Metadata;

/// Resolves owner ids to names, remembering each answer (a sweep meets few distinct owners).
#[derive(Default)]
pub struct OwnerNames {
    known: HashMap<u32, String>,
}

impl OwnerNames {
    #[cfg(unix)]
    pub fn owner_of(&mut self, metadata: &Metadata) -> &str {
        use std::os::unix::fs::MetadataExt;
        self.name_of(metadata.uid())
    }

    /// The user name of `uid`, or the number when it has none.
    #[cfg(unix)]
    pub fn name_of(&mut self, uid: u32) -> &str {
        self.known
            .entry(uid)
            .or_insert_with(|| user_name(uid).unwrap_or_else(|| uid.to_string()))
    }

    #[cfg(not(unix))]
    pub fn owner_of(&mut self, _metadata: &Metadata) -> &str {
        self.known.entry(0).or_default()
    }
}

#[cfg(unix)]
fn user_name(uid: u32) -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 4096];
    let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer refers to live, writable storage of the advertised size.
    let status = unsafe {
        libc::getpwuid_r(
            uid,
            &mut entry,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut result,
        )
    };
    if status != 0 || result.is_null() || entry.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside `buffer`.
    let name = unsafe { std::ffi::CStr::from_ptr(entry.pw_name) };
    Some(name.to_string_lossy().into_owned())
}
