//! Printing signature problems to standard error, the same way for every command: each rule
//! error and bad IOC line with file:line, rule warnings as counts per kind unless verbose.

use crate::report::sanitize::escape;
use crate::signatures::iocs::IocProblem;
use crate::signatures::yara::{RuleProblem, warning_counts};

pub fn print_rule_problems(
    errors: &[RuleProblem],
    warnings: &[RuleProblem],
    quiet: bool,
    verbose: bool,
) {
    for error in errors {
        eprintln!(
            "needle: rule error: {} (this file's rules are left out)",
            escape(&error.to_string())
        );
    }
    if quiet || warnings.is_empty() {
        return;
    }
    if verbose {
        for warning in warnings {
            eprintln!("needle: rule warning: {}", escape(&warning.to_string()));
        }
    } else {
        let counts: Vec<String> = warning_counts(warnings)
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
