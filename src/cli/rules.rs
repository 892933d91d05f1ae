//! `needle rules check` and `needle rules list`.

use std::path::PathBuf;

use std::io::{self, Write};

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};

use super::ExitCode;
use super::problems;
use crate::report::sanitize::escape;
use crate::signatures::rules::{self, CompileOptions, CompileOutcome};
use crate::signatures::{self, SignatureOptions};

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Compile rules and print every error and warning with file:line. Exit code 1 when a file
    /// has errors.
    Check(RuleArgs),
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
            problems::print_rule_problems(&outcome, false, true);
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
        RulesCommand::List {
            rules: args,
            format,
        } => {
            let outcome = compile(&args)?;
            problems::print_rule_problems(&outcome, true, false);
            let listed = outcome
                .rules
                .as_ref()
                .map(rules::describe)
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
    let sources = signatures::gather(&SignatureOptions {
        embedded: args.paths.is_empty(),
        rule_paths: args.paths.clone(),
        ioc_paths: Vec::new(),
        relaxed_re_syntax: args.relaxed_re_syntax,
    })?;
    problems::print_unreadable(&sources.unreadable);
    Ok(rules::compile(
        &sources.rules,
        &CompileOptions {
            relaxed_re_syntax: args.relaxed_re_syntax,
        },
    ))
}
