//! Panics caught where needle meets hostile bytes (parsers, decoders, YARA-X): the file or the
//! layer fails with an error that says so, and the scan goes on.

use std::any::Any;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};

thread_local! {
    /// How many [`catch`] calls this thread is inside.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f`, turning a panic into its message. The callers drop whatever `f` was working on
/// after a panic (or rebuild it), so nothing half-updated is used again.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    CATCHING.with(|depth| depth.set(depth.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|payload| message(payload.as_ref()))
}

/// Keeps the panic hook quiet for the panics [`catch`] turns into error records (the record
/// carries the message; a hostile file should not print a backtrace in the middle of a scan);
/// any other panic is printed as usual.
pub fn quiet_caught_panics() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        if CATCHING.with(Cell::get) == 0 {
            default(info);
        }
    }));
}

/// The text of a caught panic.
pub fn message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}
