//! needle: an endpoint scanner that answers "is this host compromised?" with evidence.
//!
//! The modules follow the data:
//! - [`source`]: where bytes come from (the live filesystem walker, file reading, disk images);
//! - [`signatures`]: the knowledge loaded at start-up (YARA-X rules, IOC lists);
//! - [`analysis`]: what is computed per file (hashes, binary facts, rule and IOC hits);
//! - [`scoring`]: how reasons become a file score, a level and a host verdict;
//! - [`report`]: how results are written (text, JSON Lines);
//! - [`scan`]: the parallel pipeline tying the stages together;
//! - [`cli`]: the command line;
//! - [`panics`]: panics caught where needle meets hostile bytes, turned into errors.

pub mod analysis;
pub mod cli;
pub mod panics;
pub mod report;
pub mod scan;
pub mod scoring;
pub mod signatures;
pub mod source;
