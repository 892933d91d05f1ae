//! Read-only parser of Windows registry hive files ("regf"), with transaction-log replay.
//!
//! The layout follows Maxim Suhanov's "Windows registry file format specification".
//! Every number read from a hive or a log is treated as hostile: offsets, sizes and
//! counts are bounds-checked before use, walks are bounded in depth and work, and
//! nothing is materialised beyond what a caller asks for.

mod base;
mod bytes;
mod hive;
mod key;
mod log;
mod marvin;
#[cfg(test)]
pub(crate) mod tests;

pub use hive::{Hive, Walk};
pub use key::{
    Key, REG_BINARY, REG_DWORD, REG_DWORD_BIG_ENDIAN, REG_EXPAND_SZ, REG_LINK, REG_MULTI_SZ,
    REG_NONE, REG_QWORD, REG_SZ, Value,
};

use std::fmt;

/// Hive files (and their logs) up to this size are read whole whatever `--max-size` says.
pub const MAX_HIVE_SIZE: u64 = 512 << 20;

/// Whether `head` starts with a hive's (or a transaction log's) signature.
pub fn is_signature(head: &[u8]) -> bool {
    head.starts_with(b"regf")
}

/// Whether `data` is a transaction log (`.LOG1`, `.LOG2`, `.LOG`): its header also says `regf`,
/// with the file type of a log (1 or 2 for the old format, 6 for the new).
pub fn is_log(data: &[u8]) -> bool {
    data.starts_with(b"regf")
        && base::BaseBlock::parse(data).is_ok_and(|block| matches!(block.file_type, 1 | 2 | 6))
}

/// Whether `data` is a primary hive that was not cleanly written, and so wants its transaction
/// logs: read from the base block alone, before the hive is parsed.
pub fn is_dirty(data: &[u8]) -> bool {
    // Most files are no hive: the signature alone answers without parsing.
    data.starts_with(b"regf")
        && base::BaseBlock::parse(data).is_ok_and(|block| {
            block.file_type == base::FILE_TYPE_PRIMARY
                && (!block.sequences_match() || !block.checksum_ok())
        })
}

/// What went wrong while reading a hive, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HiveError {
    /// The bytes are not a primary regf hive at all.
    NotAHive(String),
    /// A cell is missing, out of bounds or malformed; `offset` is relative to the
    /// start of the hive bins data, as in the file's own references.
    BadCell { offset: u32, problem: String },
    /// A safety bound (nesting depth, total work) stopped the operation.
    Limit(String),
}

impl HiveError {
    pub(crate) fn cell(offset: u32, problem: impl Into<String>) -> HiveError {
        HiveError::BadCell {
            offset,
            problem: problem.into(),
        }
    }
}

impl fmt::Display for HiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HiveError::NotAHive(why) => write!(f, "not a primary registry hive: {why}"),
            HiveError::BadCell { offset, problem } => write!(f, "cell at 0x{offset:x}: {problem}"),
            HiveError::Limit(what) => write!(f, "limit reached: {what}"),
        }
    }
}

impl std::error::Error for HiveError {}
