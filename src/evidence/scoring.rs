//! How evidence becomes a verdict: every [`Reason`] carries a score, a file's score is their
//! sum, the sum gives the file a [`Level`], and the levels found give the host a [`Verdict`].

use serde::{Deserialize, Serialize};

/// Score at or above which a file is an alert.
pub const ALERT: i64 = 80;
/// Score at or above which a file is a warning.
pub const WARNING: i64 = 60;
/// Score at or above which a file is a notice, and reported as a finding.
pub const NOTICE: i64 = 40;

/// What kind of evidence a reason is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// A YARA-X rule matched the file's content.
    Rule,
    /// One of the file's hashes is in a hash IOC list.
    Hash,
    /// The file's path matches a filename IOC.
    Filename,
    /// The file's content holds a C2 domain, URL or IP address from an IOC list.
    C2,
    /// Something odd about the binary itself (see `analysis::binary`).
    Anomaly,
    /// A registry key or value from an IOC list is present in a hive.
    Registry,
    /// Something about an autostart entry: what it starts is flagged, missing, in a place users
    /// can write to, or not what such an entry normally starts (`analysis::autostart`).
    Autostart,
    /// Something a document does when opened: fetch a remote template or object
    /// (`analysis::office::ooxml`).
    Document,
    /// What a document's VBA macros do (`analysis::office::vba`).
    Macro,
    /// A member of this container (an archive entry, an embedded object) is flagged.
    Member,
    /// What a running process's facts say: a deleted executable, a live C2 connection
    /// (`analysis::process`).
    Process,
}

/// One piece of evidence against a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub kind: ReasonKind,
    /// Rule name, IOC value or anomaly name.
    pub id: String,
    /// May be negative: filename IOC lists use negative scores to discount known-good paths.
    pub score: i64,
    pub description: String,
    /// Where the signature comes from: rule file, IOC file and line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// What exactly matched (pattern ids and offsets, the hash, the path pattern).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
}

impl Reason {
    pub fn new(
        kind: ReasonKind,
        id: impl Into<String>,
        score: i64,
        description: impl Into<String>,
    ) -> Self {
        Reason {
            kind,
            id: id.into(),
            score,
            description: description.into(),
            source: None,
            reference: None,
            author: None,
            evidence: Vec::new(),
        }
    }
}

/// The sum of the reasons' scores.
pub fn total_score(reasons: &[Reason]) -> i64 {
    reasons.iter().map(|r| r.score).sum()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Notice,
    Warning,
    Alert,
}

impl Level {
    /// The level of a file with this score, if it reaches at least a notice.
    pub fn from_score(score: i64) -> Option<Level> {
        if score >= ALERT {
            Some(Level::Alert)
        } else if score >= WARNING {
            Some(Level::Warning)
        } else if score >= NOTICE {
            Some(Level::Notice)
        } else {
            None
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Notice => "notice",
            Level::Warning => "warning",
            Level::Alert => "alert",
        }
    }
}

/// The answer for a host, in rising order of urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No alert and no warning (notices alone do not change the verdict).
    Clean,
    /// Nothing could be analysed: every source named failed to open or read, so there is no
    /// evidence either way. Never reported as clean.
    Unknown,
    /// At least one warning, no alert.
    Suspicious,
    /// At least one alert.
    Compromised,
}

impl Verdict {
    /// The verdict given the highest level among the host's findings.
    pub fn from_highest(level: Option<Level>) -> Verdict {
        match level {
            Some(Level::Alert) => Verdict::Compromised,
            Some(Level::Warning) => Verdict::Suspicious,
            Some(Level::Notice) | None => Verdict::Clean,
        }
    }

    /// The verdict of a scan: that of its findings, unless nothing was analysed and something
    /// failed, when it is unknown (a host whose disk image cannot be opened is not clean).
    pub fn of_scan(highest: Option<Level>, analysed: u64, errors: u64) -> Verdict {
        if highest.is_none() && analysed == 0 && errors > 0 {
            Verdict::Unknown
        } else {
            Verdict::from_highest(highest)
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Verdict::Clean => "clean",
            Verdict::Unknown => "unknown",
            Verdict::Suspicious => "suspicious",
            Verdict::Compromised => "compromised",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_inclusive() {
        assert_eq!(Level::from_score(80), Some(Level::Alert));
        assert_eq!(Level::from_score(79), Some(Level::Warning));
        assert_eq!(Level::from_score(60), Some(Level::Warning));
        assert_eq!(Level::from_score(59), Some(Level::Notice));
        assert_eq!(Level::from_score(40), Some(Level::Notice));
        assert_eq!(Level::from_score(39), None);
        assert_eq!(Level::from_score(-20), None);
    }

    #[test]
    fn verdict_follows_highest_level() {
        assert_eq!(Verdict::from_highest(None), Verdict::Clean);
        assert_eq!(Verdict::from_highest(Some(Level::Notice)), Verdict::Clean);
        assert_eq!(
            Verdict::from_highest(Some(Level::Warning)),
            Verdict::Suspicious
        );
        assert_eq!(
            Verdict::from_highest(Some(Level::Alert)),
            Verdict::Compromised
        );
    }

    #[test]
    fn a_scan_that_analysed_nothing_and_failed_is_unknown_never_clean() {
        assert_eq!(Verdict::of_scan(None, 0, 1), Verdict::Unknown);
        assert_eq!(Verdict::of_scan(Some(Level::Notice), 0, 1), Verdict::Clean);
        assert_eq!(Verdict::of_scan(None, 0, 0), Verdict::Clean);
        assert_eq!(Verdict::of_scan(None, 3, 1), Verdict::Clean);
        assert_eq!(
            Verdict::of_scan(Some(Level::Alert), 0, 1),
            Verdict::Compromised
        );
        assert!(Verdict::Unknown > Verdict::Clean && Verdict::Unknown < Verdict::Suspicious);
    }

    #[test]
    fn score_is_the_sum_of_reasons() {
        let reasons = [
            Reason::new(ReasonKind::Rule, "a", 70, ""),
            Reason::new(ReasonKind::Filename, "b", 30, ""),
            Reason::new(ReasonKind::Filename, "c", -20, ""),
        ];
        assert_eq!(total_score(&reasons), 80);
    }
}
