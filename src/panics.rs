//! Panics caught where needle meets hostile bytes (parsers, decoders, YARA-X): the file or the
//! layer fails with an error that says so, and the scan goes on.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f`, turning a panic into its message. The callers drop whatever `f` was working on
/// after a panic (or rebuild it), so nothing half-updated is used again.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    panic::catch_unwind(AssertUnwindSafe(f)).map_err(|payload| message(payload.as_ref()))
}

/// The text of a caught panic.
pub fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
