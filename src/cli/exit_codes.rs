//! Exit codes, in one place: scripts sweeping many hosts branch on them.

/// What the process tells its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    /// Verdict `clean` (notices alone do not change it).
    Clean,
    /// Verdict `suspicious` or `compromised`: indicators were found.
    IndicatorsFound,
    /// Bad arguments, unusable signatures, or nothing could be scanned.
    Error,
    /// Stopped by Ctrl-C; the summary was still written, marked `interrupted`.
    Interrupted,
    /// `--max-time` ran out before the scan ended and nothing was found in what was scanned:
    /// no verdict for the whole host (the summary is marked `time_limit_reached`).
    Incomplete,
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(match code {
            ExitCode::Clean => 0,
            ExitCode::IndicatorsFound => 1,
            ExitCode::Error => 2,
            ExitCode::Interrupted => 130,
            ExitCode::Incomplete => 3,
        })
    }
}
