//! Printing signature problems to standard error, the same way for every command: each rule
//! error and bad IOC line with file:line, rule warnings as counts per kind unless verbose.

use crate::report::sanitize::escape;
use crate::signatures::iocs::IocProblem;
use crate::signatures::rules::CompileOutcome;

pub fn print_rule_problems(outcome: &CompileOutcome, quiet: bool, verbose: bool) {
    for error in &outcome.errors {
        eprintln!(
            "needle: rule error: {} (this file's rules are left out)",
            escape(&error.to_string())
        );
    }
    if quiet || outcome.warnings.is_empty() {
        return;
    }
    if verbose {
        for warning in &outcome.warnings {
            eprintln!("needle: rule warning: {}", escape(&warning.to_string()));
        }
    } else {
        let counts: Vec<String> = outcome
            .warning_counts()
            .iter()
            .map(|(code, n)| format!("{n} {code}"))
            .collect();
        eprintln!(
            "needle: rule warnings: {} (--verbose lists them)",
            counts.join(", ")
        );
    }
}

pub fn print_ioc_problems(problems: &[IocProblem]) {
    for problem in problems {
        eprintln!(
            "needle: IOC error: {} (skipped)",
            escape(&problem.to_string())
        );
    }
}

pub fn print_unreadable(paths: &[String]) {
    for path in paths {
        eprintln!("needle: cannot read signature file: {}", escape(path));
    }
}
