//! needle: an endpoint scanner that answers "is this host compromised?" with evidence.
//!
//! The modules follow the data:
//! - [`source`]: where bytes come from (the live filesystem's tree, file reading, disk images),
//!   as items named by an origin chain;
//! - [`signatures`]: the knowledge loaded at start-up (YARA-X rules, IOC lists);
//! - [`analysis`]: what is computed per object (hashes, binary facts, rule and IOC hits);
//! - [`evidence`]: the vocabulary every stage shares (hashes, file types, reasons, scoring:
//!   levels and the host verdict);
//! - [`report`]: the report model, its writers (text, JSON Lines, CSV, HTML, syslog), its reader
//!   and the fleet merge;
//! - [`scan`]: the parallel pipeline tying the stages together;
//! - [`cli`]: the command line;
//! - [`panics`]: panics caught where needle meets hostile bytes, turned into errors;
//! - [`own_file`]: needle's own files (compiled rules, caches) written whole or not at all, and
//!   read back only when no one else could have written them.

pub mod analysis;
pub mod cli;
pub mod evidence;
#[doc(hidden)]
pub mod fuzzing;
pub mod own_file;
pub mod panics;
pub mod report;
pub mod scan;
pub mod signatures;
pub mod source;
#[cfg(test)]
pub(crate) mod test_rng;
#[cfg(test)]
pub(crate) mod test_tools;
