//! `needle scan`: sweep paths, print findings and the host's verdict.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use globset::{Glob, GlobSet, GlobSetBuilder};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::ExitCode;
use super::output::{self, Format};
use super::problems;
use crate::analysis::AnalyzerConfig;
use crate::evidence::scoring::Verdict;
use crate::report::syslog::{Syslog, SyslogFormat, Tee};
use crate::report::{Reporter, Summary};
use crate::scan::{self, CacheConfig, CacheScope, ExpandOptions, ScanOptions, Target};
use crate::signatures::{self, SignatureOptions};
use crate::source::archive::Limits as ArchiveLimits;
use crate::source::image::container::Format as ImageFormat;
use crate::source::image::layout as image_layout;
use crate::source::tree::WalkOptions;

/// Set by Ctrl-C: the scan stops taking new files and still writes its summary.
static STOP: AtomicBool = AtomicBool::new(false);

#[derive(Clone, Copy, ValueEnum)]
enum SyslogFormatArg {
    /// RFC 5424 with the finding's facts as structured data.
    Rfc5424,
    /// The older BSD format (RFC 3164), for collectors that know no other.
    Rfc3164,
    /// RFC 5424 whose message is the finding's JSON record.
    Json,
}

#[derive(Args)]
pub struct ScanArgs {
    /// Files, directories or disk images to scan [default: /]. A disk image (E01, raw, qcow2,
    /// VMDK, VHD, VHDX) is recognised by its content and reported as its own host.
    paths: Vec<PathBuf>,

    /// The scanned host's name in the report [default: this machine's name], e.g. for a tree
    /// copied or mounted from another machine. Disk images are named after their own system.
    #[arg(long, value_name = "NAME")]
    host: Option<String>,

    /// Treat every file argument as a disk image (a raw image whose first sectors are not
    /// recognised is still opened as raw).
    #[arg(long)]
    image: bool,

    /// For disk images: also compute the SHA-256 of the whole virtual disk (read once more).
    #[arg(long)]
    hash_image: bool,

    /// Also scan the running processes (Linux): each one's executable (also when deleted, through
    /// /proc/PID/exe), command line and readable memory, its sockets against C2 indicators, and
    /// /etc/hosts. Alone, without paths: processes only. Reading other users' processes needs
    /// root; what cannot be read is counted.
    #[arg(long)]
    processes: bool,

    /// Triage: read only the files that define autostarts (registry hives, Startup shortcuts,
    /// scheduled tasks, cron, systemd and other Linux autostart files, chosen by name and
    /// place), then the programs their entries start. Much faster than a full sweep; the verdict
    /// covers only what was read.
    #[arg(long)]
    autostarts_only: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Write the report to FILE instead of standard output (the file itself is never scanned).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Also send each finding and the summary to a syslog collector: udp://HOST:PORT or
    /// tcp://HOST:PORT (facility local0; severity from the level).
    #[arg(long, value_name = "URL")]
    syslog: Option<String>,

    /// Message format for --syslog.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = SyslogFormatArg::Rfc5424)]
    syslog_format: SyslogFormatArg,

    /// Additional YARA-X rule file or directory (*.yar, *.yara); repeatable.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,

    /// Additional IOC file or directory (LOKI formats); repeatable.
    #[arg(long = "iocs", value_name = "PATH")]
    iocs: Vec<PathBuf>,

    /// Do not load the signatures built into needle.
    #[arg(long)]
    no_default_signatures: bool,

    /// Accept legacy regular expressions in rules (YARA-X relaxed syntax).
    #[arg(long)]
    relaxed_re_syntax: bool,

    /// Compile rules every time instead of reusing the compiled-rules cache
    /// ($XDG_CACHE_HOME/needle or ~/.cache/needle). The cache is used with --rules, and with
    /// --cache (a scheduled scan then starts without compiling the built-in pack); otherwise the
    /// built-in pack is compiled each run and nothing is written.
    #[arg(long)]
    no_rule_cache: bool,

    /// Skip paths matching GLOB (e.g. '/var/lib/docker/**', '*.iso'); repeatable.
    #[arg(long = "exclude", value_name = "GLOB")]
    exclude: Vec<String>,

    /// When scanning `/`, also descend into other mounted filesystems (pseudo filesystems such as
    /// proc and sysfs are always skipped).
    #[arg(long)]
    cross_fs: bool,

    /// Files larger than this are hashed and IOC-checked but not rule-scanned (suffixes K, M, G).
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = parse_size)]
    max_size: u64,

    /// Worker threads [default: all cores].
    #[arg(short = 'j', long = "threads", value_name = "N")]
    threads: Option<usize>,

    /// Scan cache for scheduled scans: unchanged files (same path, device, inode, size, mtime and
    /// ctime) are answered from the previous scan without being read. Valid only for the same
    /// needle version, signatures and --max-size; rewritten atomically after each scan.
    #[arg(long, value_name = "FILE")]
    cache: Option<PathBuf>,

    /// Lowest CPU priority (nice 19) and idle I/O priority, so the user keeps working.
    #[arg(long)]
    nice: bool,

    /// Average share of the machine's total CPU the scan may use, in percent (workers pause
    /// between files when ahead of it).
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(1..=100))]
    cpu_limit: Option<u8>,

    /// Open archives, compressed files and documents nested this deep (0: open none).
    #[arg(long, value_name = "N", default_value_t = 5)]
    archive_depth: u32,

    /// Stop expanding a file (all its nested containers together) after this many bytes
    /// (suffixes K, M, G); what is left is reported as not scanned.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = parse_size)]
    archive_max_bytes: u64,

    /// Stop expanding a file after this many members (all its nested containers together).
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    archive_max_members: u64,

    /// Cut off a member that expands to more than this many times its compressed size (after
    /// its first 16 MiB).
    #[arg(long, value_name = "RATIO", default_value_t = 1000)]
    archive_max_ratio: u64,

    /// Password tried on encrypted archive members; repeatable [default: infected].
    #[arg(long = "archive-password", value_name = "PASSWORD")]
    archive_passwords: Vec<String>,

    /// Stop the whole scan after this long (e.g. 90m, 2h, 3600s): what was scanned is reported
    /// with its summary marked `time_limit_reached`; exit code 3 unless indicators were found.
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration)]
    max_time: Option<Duration>,

    /// Per-file time limit of the rule scan, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    timeout: u64,

    /// No progress bar and no warnings on standard error (errors are still printed).
    #[arg(short, long)]
    quiet: bool,

    /// List skipped paths, notes and every rule warning.
    #[arg(short, long)]
    verbose: bool,
}

pub fn run(args: ScanArgs) -> Result<ExitCode> {
    let signatures = signatures::load(&SignatureOptions {
        embedded: !args.no_default_signatures,
        rule_paths: args.rules.clone(),
        ioc_paths: args.iocs.clone(),
        relaxed_re_syntax: args.relaxed_re_syntax,
        // A one-off sweep leaves nothing behind; --rules sets are slow to compile, and a
        // scheduled scan (--cache) runs often enough that compiling the pack each time would be
        // most of an unchanged tree's scan.
        rule_cache: if args.no_rule_cache || (args.rules.is_empty() && args.cache.is_none()) {
            None
        } else {
            rule_cache_dir()
        },
    })?;
    let rules = &signatures.rules;
    problems::print_rule_problems(&rules.errors, &rules.warnings, args.quiet, args.verbose);
    if !args.quiet {
        for note in &rules.notes {
            eprintln!("needle: warning: {note}");
        }
    }
    problems::print_ioc_problems(&signatures.ioc_problems);
    problems::print_left_out(
        &signatures.left_out,
        &rules.errors,
        &signatures.ioc_problems,
    );
    problems::print_not_ioc_lists(&signatures.not_ioc_lists, args.quiet);

    let (live, images) = split_targets(&args)?;
    let roots = live
        .iter()
        .map(|p| root_path(p))
        .collect::<Result<Vec<_>>>()?;
    // needle's own output and cache files are never scanned.
    let own_files = [&args.output, &args.cache]
        .into_iter()
        .flatten()
        .map(|path| {
            std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    let expand = ExpandOptions {
        max_depth: args.archive_depth,
        limits: ArchiveLimits {
            max_total_bytes: args.archive_max_bytes,
            max_members: args.archive_max_members,
            max_ratio: args.archive_max_ratio,
            passwords: if args.archive_passwords.is_empty() {
                ArchiveLimits::default().passwords
            } else {
                args.archive_passwords.clone()
            },
        },
    };
    let cache = match &args.cache {
        Some(path) => Some(CacheConfig {
            path: std::path::absolute(path).context("resolving --cache")?,
            scope: CacheScope {
                needle_version: env!("CARGO_PKG_VERSION").to_string(),
                signatures_digest: signatures.digest.clone(),
                max_size: args.max_size,
                containers: expand.cache_scope(),
            },
        }),
        None => None,
    };
    if args.nice
        && let Err(message) = scan::lower_priority()
    {
        eprintln!("needle: warning: --nice: {message}");
    }
    let mut targets = Vec::new();
    if !roots.is_empty() || args.processes {
        targets.push(Target::Live {
            roots,
            processes: args.processes,
        });
    }
    targets.extend(images.into_iter().map(|(path, format)| Target::Image {
        path,
        format,
        hash: args.hash_image,
    }));
    let options = ScanOptions {
        walk: WalkOptions {
            cross_fs: args.cross_fs,
            excludes: exclude_set(&args.exclude)?,
            own_files,
        },
        analyzer: AnalyzerConfig {
            complete_all: false,
            max_size: args.max_size,
            timeout: Duration::from_secs(args.timeout.max(1)),
        },
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        cache,
        cpu_limit: args.cpu_limit,
        autostarts_only: args.autostarts_only,
        expand,
        host_name: args.host.clone(),
        deadline: args.max_time.map(|limit| Instant::now() + limit),
        inventory: false,
    };

    ctrlc::set_handler(|| {
        // A second Ctrl-C means "now".
        if STOP.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    })
    .context("installing the Ctrl-C handler")?;

    let mut syslog = match &args.syslog {
        Some(url) => {
            let format = match args.syslog_format {
                SyslogFormatArg::Rfc5424 => SyslogFormat::Rfc5424,
                SyslogFormatArg::Rfc3164 => SyslogFormat::Rfc3164,
                SyslogFormatArg::Json => SyslogFormat::Json,
            };
            Some(
                Syslog::connect(
                    url,
                    format,
                    args.host.clone().unwrap_or_else(crate::source::host::name),
                )
                .with_context(|| format!("--syslog {url}"))?,
            )
        }
        None => None,
    };
    if let Some(limit) = args.max_time {
        // The scan stops as it does for Ctrl-C; the summary says the time limit did it.
        std::thread::spawn(move || {
            std::thread::sleep(limit);
            STOP.store(true, Ordering::SeqCst);
        });
    }
    let progress = progress_bar(args.quiet);
    let (out, colour) = output::open(args.output.as_deref())?;
    let mut report = output::reporter(args.format, out, colour, args.verbose);
    let mut reporters: Vec<&mut dyn Reporter> = vec![report.as_mut()];
    if let Some(syslog) = &mut syslog {
        reporters.push(syslog);
    }
    let mut tee = Tee { reporters };
    let mut summaries = Vec::new();
    let mut targets = targets.into_iter();
    while let Some(target) = targets.next() {
        if STOP.load(Ordering::Relaxed) {
            // Named, never silently dropped: these have no report at all.
            for left in std::iter::once(target).chain(targets.by_ref()) {
                eprintln!("needle: warning: not scanned (stopped before it): {left}");
            }
            break;
        }
        summaries.push(scan::run(
            &signatures,
            &options,
            target,
            &mut tee,
            &progress,
            &STOP,
        )?);
    }
    tee.finish()?;
    drop(tee);
    if let Some(syslog) = &syslog
        && syslog.lost > 0
    {
        eprintln!(
            "needle: warning: --syslog: {} messages not sent ({})",
            syslog.lost,
            syslog.last_error.as_deref().unwrap_or("unknown error")
        );
    }
    // The most urgent outcome wins: interrupted, then indicators, then a scan cut short by
    // --max-time, then errors.
    Ok(summaries
        .iter()
        .map(exit_code)
        .max_by_key(|code| match code {
            ExitCode::Interrupted => 4,
            ExitCode::IndicatorsFound => 3,
            ExitCode::Incomplete => 2,
            ExitCode::Error => 1,
            ExitCode::Clean => 0,
        })
        .unwrap_or(ExitCode::Clean))
}

/// Disk images named on the command line, with their container format.
type ImageArgs = Vec<(PathBuf, ImageFormat)>;

/// Splits the arguments into live paths and disk images (recognised by content, or every file
/// with `--image`). No argument at all means the live root.
fn split_targets(args: &ScanArgs) -> Result<(Vec<PathBuf>, ImageArgs)> {
    if args.paths.is_empty() {
        // `--processes` alone scans processes only.
        let roots = if args.processes {
            Vec::new()
        } else {
            vec![PathBuf::from("/")]
        };
        return Ok((roots, Vec::new()));
    }
    let mut live = Vec::new();
    let mut images = Vec::new();
    for path in &args.paths {
        // Block devices too: an evidence disk attached read-only (`needle scan /dev/sdb`).
        let is_file = std::fs::metadata(path).is_ok_and(|m| {
            use std::os::unix::fs::FileTypeExt;
            m.is_file() || m.file_type().is_block_device()
        });
        let format = if !is_file {
            None
        } else if args.image {
            Some(image_layout::recognise(path)?.unwrap_or(ImageFormat::Raw))
        } else {
            image_layout::recognise(path).with_context(|| format!("reading {}", path.display()))?
        };
        match format {
            Some(format) => images.push((std::path::absolute(path)?, format)),
            None => live.push(path.clone()),
        }
    }
    Ok((live, images))
}

fn exit_code(summary: &Summary) -> ExitCode {
    let indicators = matches!(summary.verdict, Verdict::Compromised | Verdict::Suspicious);
    if summary.time_limit_reached {
        if indicators {
            ExitCode::IndicatorsFound
        } else {
            ExitCode::Incomplete
        }
    } else if summary.interrupted {
        ExitCode::Interrupted
    } else if indicators {
        ExitCode::IndicatorsFound
    } else if summary.verdict == Verdict::Unknown {
        ExitCode::Error
    } else {
        ExitCode::Clean
    }
}

/// Where compiled `--rules` sets are cached: `$XDG_CACHE_HOME/needle`, else `~/.cache/needle`.
fn rule_cache_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|home| PathBuf::from(home).join(".cache"))
        })?;
    Some(base.join("needle"))
}

/// Roots are reported absolute; a root that is itself a symlink is resolved (the user named it).
pub(super) fn root_path(path: &Path) -> Result<PathBuf> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return path
            .canonicalize()
            .with_context(|| format!("resolving {}", path.display()));
    }
    std::path::absolute(path).with_context(|| format!("resolving {}", path.display()))
}

fn exclude_set(patterns: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for pattern in patterns {
        builder.add(
            Glob::new(pattern).with_context(|| format!("invalid --exclude pattern {pattern:?}"))?,
        );
    }
    Ok(builder.build()?)
}

fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Parses a size with an optional binary suffix: `4096`, `512K`, `64M`, `2G`.
pub(super) fn parse_size(text: &str) -> Result<u64> {
    let text = text.trim();
    let (digits, multiplier) = match text.char_indices().last() {
        Some((i, 'k' | 'K')) => (&text[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&text[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&text[..i], 1 << 30),
        _ => (text, 1),
    };
    let value: u64 = digits
        .parse()
        .with_context(|| format!("not a size: {text:?}"))?;
    match value.checked_mul(multiplier) {
        Some(size) => Ok(size),
        None => bail!("size too large: {text:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("4096").ok(), Some(4096));
        assert_eq!(parse_size("512K").ok(), Some(512 * 1024));
        assert_eq!(parse_size("64m").ok(), Some(64 << 20));
        assert_eq!(parse_size("2G").ok(), Some(2 << 30));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("99999999999G").is_err());
    }
}
