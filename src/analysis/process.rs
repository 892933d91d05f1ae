//! What a process's own facts say: it runs from an executable deleted after it started (a
//! dropper cleaning up, or a program running from memory), or one of its live connections goes
//! to a C2 address.

use crate::evidence::{Reason, ReasonKind};
use crate::source::Link;
use crate::source::origin::Origin;

/// Running from an executable that is gone from the disk.
pub const DELETED_EXECUTABLE: i64 = 70;
/// Running from an anonymous memory file (memfd): a program that was never on disk.
pub const MEMORY_EXECUTABLE: i64 = 80;
/// Running from a memory file sealed against writing: a read-only copy of a program (container
/// runtimes run themselves from one), below a notice on its own.
pub const SEALED_MEMORY_EXECUTABLE: i64 = 30;
/// Running from an executable deleted and replaced since (what a package upgrade does to a
/// long-running service): below a notice on its own.
pub const REPLACED_EXECUTABLE: i64 = 30;
/// A C2 indicator among a process's live connections: the address is in use, not just written
/// down, so the indicator's score gets this on top.
pub const LIVE_C2_CONNECTION: i64 = 30;

/// The member names of a process's objects.
pub const EXECUTABLE: &str = "exe";
pub const CONNECTIONS: &str = "connections";

/// Evidence about the process `origin` belongs to, given the reasons found so far.
pub fn evidence(origin: &Origin, found: &[Reason]) -> Vec<Reason> {
    let (Some(process), Link::Member { name }) = (origin.process(), origin.link()) else {
        return Vec::new();
    };
    let exe = process.exe.as_deref().unwrap_or_default();
    match name.as_str() {
        EXECUTABLE if process.exe_deleted => {
            let (id, score, description) = if exe.starts_with("/memfd:") && process.exe_sealed {
                (
                    "process_sealed_memory_executable",
                    SEALED_MEMORY_EXECUTABLE,
                    format!("running from a sealed read-only memory file: {exe}"),
                )
            } else if exe.starts_with("/memfd:") {
                (
                    "process_memory_executable",
                    MEMORY_EXECUTABLE,
                    format!("running from a memory file, never on disk: {exe}"),
                )
            } else if process.exe_replaced {
                (
                    "process_replaced_executable",
                    REPLACED_EXECUTABLE,
                    format!(
                        "running from a deleted file, replaced on disk since (an upgrade?): {exe}"
                    ),
                )
            } else {
                (
                    "process_deleted_executable",
                    DELETED_EXECUTABLE,
                    format!("running from a deleted file: {exe}"),
                )
            };
            vec![Reason::new(ReasonKind::Process, id, score, description)]
        }
        CONNECTIONS if found.iter().any(|r| r.kind == ReasonKind::C2) => {
            let addresses: Vec<&str> = found
                .iter()
                .filter(|r| r.kind == ReasonKind::C2)
                .map(|r| r.id.as_str())
                .collect();
            vec![Reason::new(
                ReasonKind::Process,
                "process_c2_connection",
                LIVE_C2_CONNECTION,
                format!(
                    "{} has a live connection to {}",
                    process.label(),
                    addresses.join(", ")
                ),
            )]
        }
        _ => Vec::new(),
    }
}
