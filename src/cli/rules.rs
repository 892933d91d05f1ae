//! `needle rules check` and `needle rules list`.

use std::path::PathBuf;

use std::io::{self, Write};

use anyhow::{Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use sha2::{Digest, Sha256};

use super::ExitCode;
use super::problems;
use crate::report::sanitize::escape;
use crate::signatures::bundle;
use crate::signatures::yara::{self, CompileOptions, CompileOutcome};
use crate::signatures::{self, SignatureOptions};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Compile rules and print every error and warning with file:line. Exit code 1 when a file
    /// has errors.
    Check(RuleArgs),
    /// Compile rules into a precompiled bundle that `needle scan --rules FILE` loads without
    /// compiling. Exit code 1 when a source file has errors (the bundle holds the others).
    Compile {
        #[command(flatten)]
        rules: RuleArgs,
        /// Bundle to write (atomically).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// List every rule with its score, description and tags.
    List {
        #[command(flatten)]
        rules: RuleArgs,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
}

#[derive(Args)]
pub struct RuleArgs {
    /// Rule files or directories [default: the pack built into needle].
    paths: Vec<PathBuf>,
    /// Accept legacy regular expressions (YARA-X relaxed syntax).
    #[arg(long)]
    relaxed_re_syntax: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Text,
    /// One JSON array of rules.
    Json,
}

pub fn run(command: RulesCommand) -> Result<ExitCode> {
    match command {
        RulesCommand::Check(args) => {
            let outcome = compile(&args)?;
            problems::print_rule_problems(&outcome.errors, &outcome.warnings, false, true);
            writeln!(
                io::stdout().lock(),
                "{} rule files compiled, {} rules; {} errors, {} warnings",
                outcome.files_compiled,
                outcome.rule_count,
                outcome.errors.len(),
                outcome.warnings.len()
            )?;
            Ok(if outcome.errors.is_empty() {
                ExitCode::Clean
            } else {
                ExitCode::IndicatorsFound
            })
        }
        RulesCommand::Compile {
            rules: args,
            output,
        } => {
            let (outcome, digest) = compile_with_digest(&args)?;
            problems::print_rule_problems(&outcome.errors, &outcome.warnings, false, false);
            let Some(compiled) = &outcome.rules else {
                anyhow::bail!("no rule compiled: no bundle written");
            };
            let bytes = bundle::write(compiled, digest, outcome.files_compiled as u32)?;
            crate::own_file::write(&output, &bytes)
                .with_context(|| format!("writing {}", output.display()))?;
            writeln!(
                io::stdout().lock(),
                "wrote {}: {} rules from {} files, {} bytes",
                output.display(),
                outcome.rule_count,
                outcome.files_compiled,
                bytes.len()
            )?;
            Ok(if outcome.errors.is_empty() {
                ExitCode::Clean
            } else {
                ExitCode::IndicatorsFound
            })
        }
        RulesCommand::List {
            rules: args,
            format,
        } => {
            let outcome = compile(&args)?;
            problems::print_rule_problems(&outcome.errors, &outcome.warnings, true, false);
            let listed = outcome
                .rules
                .as_ref()
                .map(yara::describe)
                .unwrap_or_default();
            match format {
                ListFormat::Json => writeln!(
                    io::stdout().lock(),
                    "{}",
                    serde_json::to_string_pretty(&listed)?
                )?,
                ListFormat::Text => {
                    for rule in &listed {
                        let tags = if rule.tags.is_empty() {
                            String::new()
                        } else {
                            format!(" [{}]", rule.tags.join(", "))
                        };
                        writeln!(
                            io::stdout().lock(),
                            "{:>4}  {}{}  {}  ({})",
                            rule.score,
                            escape(&rule.name),
                            escape(&tags),
                            escape(&rule.description),
                            escape(&rule.source)
                        )?;
                    }
                }
            }
            Ok(if outcome.errors.is_empty() {
                ExitCode::Clean
            } else {
                ExitCode::IndicatorsFound
            })
        }
    }
}

fn compile(args: &RuleArgs) -> Result<CompileOutcome> {
    compile_with_digest(args).map(|(outcome, _)| outcome)
}

/// Compiles, and digests the sources (origin and content) for a bundle header.
fn compile_with_digest(args: &RuleArgs) -> Result<(CompileOutcome, [u8; 32])> {
    let sources = signatures::gather(&SignatureOptions {
        embedded: args.paths.is_empty(),
        rule_paths: args.paths.clone(),
        ioc_paths: Vec::new(),
        relaxed_re_syntax: args.relaxed_re_syntax,
        rule_cache: None,
    })?;
    problems::print_unreadable(&sources.unreadable);
    if let Some(path) = sources.bundles.first() {
        anyhow::bail!("{} is a compiled bundle, not rule sources", path.display());
    }
    let mut digest = Sha256::new();
    for source in &sources.rules {
        digest.update(source.origin.as_bytes());
        digest.update(Sha256::digest(&source.text));
    }
    let options = CompileOptions {
        relaxed_re_syntax: args.relaxed_re_syntax,
    };
    let outcome = yara::compile(&sources.rules, &options);
    Ok((outcome, digest.finalize().into()))
}
