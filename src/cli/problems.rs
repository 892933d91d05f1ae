//! Printing signature problems to standard error, the same way for every command: each rule
//! error and bad IOC line with file:line, rule warnings as counts per kind unless verbose.

use crate::report::sanitize::escape;
use crate::signatures::LeftOut;
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

pub fn print_unreadable(files: &[LeftOut]) {
    for file in files {
        eprintln!(
            "needle: cannot read signature file: {}",
            escape(&file.to_string())
        );
    }
}

/// Files of an IOC folder that are no IOC lists (a README): passed over, said unless quiet.
pub fn print_not_ioc_lists(files: &[LeftOut], quiet: bool) {
    if quiet {
        return;
    }
    for file in files {
        eprintln!(
            "needle: note: {}: not an IOC list ({}), passed over",
            escape(&file.origin),
            escape(&file.reason)
        );
    }
}

/// Signature files left out for a reason not printed already (as a rule error or a bad IOC
/// line): unreadable files, IOC files that gave nothing.
pub fn print_left_out(
    left_out: &[LeftOut],
    rule_errors: &[RuleProblem],
    ioc_problems: &[IocProblem],
) {
    for file in left_out {
        let printed = rule_errors.iter().any(|e| e.origin == file.origin)
            || ioc_problems.iter().any(|p| p.origin == file.origin);
        if !printed {
            eprintln!(
                "needle: signature file left out: {}",
                escape(&file.to_string())
            );
        }
    }
}
