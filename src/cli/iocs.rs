//! `needle iocs check`.

use std::path::PathBuf;

use std::io::{self, Write};

use anyhow::Result;
use clap::Subcommand;

use super::ExitCode;
use super::problems;
use crate::signatures::{self, SignatureOptions};

#[derive(Subcommand)]
pub enum IocsCommand {
    /// Parse IOC files, print every bad line with file:line and the counts per kind. Files in a
    /// folder that are no IOC lists (a README, a keyword list) are passed over with a note. Exit
    /// code 1 when a line or file is bad, or a path gives no usable indicator.
    Check {
        /// IOC files or directories [default: the IOCs built into needle].
        paths: Vec<PathBuf>,
    },
}

pub fn run(command: IocsCommand) -> Result<ExitCode> {
    let IocsCommand::Check { paths } = command;
    let sources = signatures::gather(&SignatureOptions {
        embedded: paths.is_empty(),
        rule_paths: Vec::new(),
        ioc_paths: paths,
        relaxed_re_syntax: false,
        rule_cache: None,
    })?;
    problems::print_unreadable(&sources.unreadable);
    let parsed = signatures::parse_iocs(&sources.iocs)?;
    problems::print_ioc_problems(&parsed.problems);
    problems::print_not_ioc_lists(&parsed.not_ioc_lists, false);
    let mut left_out = sources.unreadable.clone();
    left_out.extend(parsed.left_out.iter().cloned());
    let unusable =
        signatures::check_arguments(&sources.arguments, &left_out, &parsed.not_ioc_lists);
    problems::print_left_out(&parsed.left_out, &[], &parsed.problems);
    if let Err(error) = &unusable {
        eprintln!("needle: error: {error}");
    }
    let bad = &parsed.problems;
    let counts = parsed.iocs.counts();
    writeln!(
        io::stdout().lock(),
        "{} files: {} MD5, {} SHA-1, {} SHA-256, {} filename, {} false-positive hashes, \
         {} C2 domains, {} C2 URLs, {} C2 IPs, {} registry; {} problems{}",
        sources.iocs.len() - parsed.not_ioc_lists.len(),
        counts.md5,
        counts.sha1,
        counts.sha256,
        counts.filename,
        counts.false_positive_hashes,
        counts.c2_domains,
        counts.c2_urls,
        counts.c2_ips,
        counts.registry,
        bad.len(),
        match parsed.not_ioc_lists.len() {
            0 => String::new(),
            n => format!("; {n} files passed over (not IOC lists)"),
        }
    )?;
    let failed = !bad.is_empty() || !left_out.is_empty() || unusable.is_err();
    Ok(if failed {
        ExitCode::IndicatorsFound
    } else {
        ExitCode::Clean
    })
}
