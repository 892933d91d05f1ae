//! The vocabulary every stage shares, and that depends on nothing else in needle: a file's
//! [`hashes`], its [`filetype`] by magic, and [`scoring`]: the reasons that are evidence, the
//! levels their sum reaches and the host's verdict. Signatures, analysis, the scan and the report
//! all speak these types; none of them is defined twice.

pub mod filetype;
pub mod hashes;
pub mod scoring;

pub use filetype::FileType;
pub use hashes::{HashKinds, Hashes};
pub use scoring::{Level, Reason, ReasonKind, Verdict, total_score};
