//! The producer of a process scan (`--processes`, Linux): each running process gives objects for
//! the same queue and the same analysis as files, named after it (`pid 42 (sshd)!exe`): its
//! executable (read through `/proc/PID/exe`, so also when deleted), its command line, each
//! readable memory region (`!/usr/lib/x.so@0x0`, `![heap]`, `!anon@0x7f...`) and its sockets as
//! text (`!connections`), which the C2 indicators search. `/etc/hosts` and nscd's host cache go
//! to the C2 indicators as files. Memory is read in bounded amounts (docs/live-host.md);
//! needle's own processes are left out.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use super::Event;
use super::feed::Feed;
use crate::analysis::process::{CONNECTIONS, EXECUTABLE};
use crate::report::ProcessCounts;
use crate::source::process::{self, MemoryReader, maps, net};
use crate::source::{Content, Item, Link, Origin, SkipReason, Unscanned};

/// Memory is read (and analysed) in chunks of at most this much; a larger region gives several,
/// overlapping by [`CHUNK_OVERLAP`].
pub const REGION_BYTES: u64 = 64 << 20;
const CHUNK_OVERLAP: u64 = 4096;
/// At most this much memory of one process is read.
pub const PROCESS_BYTES: u64 = 512 << 20;
/// At most this much memory of all processes together is read.
pub const TOTAL_BYTES: u64 = 8 << 30;

/// Files that name hosts, searched by the C2 indicators in a process scan.
const NAME_FILES: &[&str] = &["/etc/hosts", "/var/cache/nscd/hosts"];

/// Feeds every process (but this one) into `feed`.
pub(super) fn produce(feed: &mut Feed<'_, '_>) {
    let root = process::proc_root();
    let stop = feed.shared.stop;
    let mut counts = ProcessCounts::default();
    let pids = match process::pids(&root) {
        Ok(pids) => pids,
        Err(e) => {
            feed.report(Event::Unscanned(Unscanned::Error {
                origin: Origin::live(&root),
                message: format!("cannot list the processes: {e}"),
            }));
            return;
        }
    };
    let (boot, ticks) = process::clock(&root);
    let mut by_owner: HashMap<u32, Vec<net::Socket>> = HashMap::new();
    let owners = net::owners(&root, &pids);
    for socket in net::sockets(&root) {
        if let Some(&pid) = owners.get(&socket.inode) {
            by_owner.entry(pid).or_default().push(socket);
        }
    }
    let mut memory = Memory::default();
    let me = std::process::id();
    let own_program = program_identity(&root, me);
    for pid in pids.into_iter().filter(|&pid| pid != me) {
        if stop.load(Ordering::Relaxed) {
            break;
        }
        // needle itself (this and any other run of the same program): its memory holds the
        // whole pack.
        if own_program.is_some() && program_identity(&root, pid) == own_program {
            continue;
        }
        let info = match process::info(&root, pid, boot, ticks) {
            Ok(info) => info,
            // Gone since it was listed: normal on a live host.
            Err(_) => continue,
        };
        counts.processes += 1;
        let at = Arc::new(Origin::of_process(info));
        let readable = executable(feed, &root, pid, &at);
        command_line(feed, &at);
        if let Some(sockets) = by_owner.get(&pid) {
            connections(feed, &at, sockets);
        }
        match memory.feed(feed, &root, pid, &at, &mut counts) {
            Ok(()) if readable => {}
            Ok(()) | Err(_) => counts.not_readable += 1,
        }
    }
    for file in NAME_FILES {
        if Path::new(file).is_file() {
            feed.put(Item::Object {
                origin: Origin::live(*file),
                content: Content::LiveFile,
            });
        }
    }
    feed.report(Event::Processes(counts));
}

/// The device and inode of a process's executable.
fn program_identity(root: &Path, pid: u32) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(root.join(pid.to_string()).join("exe")).ok()?;
    Some((metadata.dev(), metadata.ino()))
}

/// The executable, read through `/proc/PID/exe`; false when it cannot be read.
fn executable(feed: &mut Feed<'_, '_>, root: &Path, pid: u32, at: &Arc<Origin>) -> bool {
    let origin = Origin::inside(
        at,
        Link::Member {
            name: EXECUTABLE.to_string(),
        },
    );
    match process::open_exe(root, pid).and_then(|file| Ok((file.metadata()?.len(), file))) {
        Ok((size, mut file)) => {
            feed.put(Item::Object {
                origin,
                content: Content::Reader {
                    size,
                    reader: &mut file,
                },
            });
            true
        }
        Err(e) => {
            let reason = SkipReason::ProcessNotReadable {
                detail: format!("executable not readable: {e}"),
            };
            feed.report(Event::Unscanned(Unscanned::Skipped { origin, reason }));
            false
        }
    }
}

/// The command line, one argument per line: filename IOCs and the pack's argument gates apply.
fn command_line(feed: &mut Feed<'_, '_>, at: &Arc<Origin>) {
    let Some(process) = at.process() else {
        return;
    };
    if process.cmdline.is_empty() {
        return;
    }
    let text = process.cmdline.join("\n").into_bytes();
    feed.put(Item::Object {
        origin: Origin::inside(
            at,
            Link::Member {
                name: "cmdline".to_string(),
            },
        ),
        content: Content::Reader {
            size: text.len() as u64,
            reader: &mut text.as_slice(),
        },
    });
}

/// The process's sockets as text, one per line, for the C2 indicators to search.
fn connections(feed: &mut Feed<'_, '_>, at: &Arc<Origin>, sockets: &[net::Socket]) {
    let text: String = sockets.iter().map(|socket| format!("{socket}\n")).collect();
    let text = text.into_bytes();
    feed.put(Item::Object {
        origin: Origin::inside(
            at,
            Link::Member {
                name: CONNECTIONS.to_string(),
            },
        ),
        content: Content::Reader {
            size: text.len() as u64,
            reader: &mut text.as_slice(),
        },
    });
}

/// What has been read of memory so far.
#[derive(Default)]
struct Memory {
    total: u64,
    /// File images already read (device, inode, offset, length): a library mapped by every
    /// process is read once.
    images: HashSet<(String, u64, u64, u64)>,
}

impl Memory {
    /// Feeds the readable regions of one process, within the limits.
    fn feed(
        &mut self,
        feed: &mut Feed<'_, '_>,
        root: &Path,
        pid: u32,
        at: &Arc<Origin>,
        counts: &mut ProcessCounts,
    ) -> std::io::Result<()> {
        let text = std::fs::read_to_string(root.join(pid.to_string()).join("maps"))?;
        let mut this_process = 0u64;
        for region in maps::parse(&text) {
            if region.not_read_because().is_some() {
                continue;
            }
            if region.is_file_image()
                && !self.images.insert((
                    region.device.clone(),
                    region.inode,
                    region.offset,
                    region.len(),
                ))
            {
                continue;
            }
            // A large region is read in chunks that overlap, so a string across a boundary is
            // still whole in one of them.
            let mut next = region.start;
            while next < region.end {
                let left = PROCESS_BYTES
                    .saturating_sub(this_process)
                    .min(TOTAL_BYTES.saturating_sub(self.total));
                let wanted = (region.end - next).min(REGION_BYTES).min(left);
                if wanted == 0 {
                    counts.regions_over_limit += 1;
                    break;
                }
                let mut reader = MemoryReader::open(root, pid, next, next + wanted)?;
                let mut data = Vec::new();
                // The reader stops at a page the kernel refuses: what came before is kept.
                let _ = reader.read_to_end(&mut data);
                if data.is_empty() {
                    break;
                }
                this_process += data.len() as u64;
                self.total += data.len() as u64;
                counts.regions += 1;
                counts.memory_bytes += data.len() as u64;
                let chunk = maps::Region {
                    start: next,
                    end: next + data.len() as u64,
                    offset: region.offset + (next - region.start),
                    ..region.clone()
                };
                let whole = data.len() as u64 == wanted;
                feed.put(Item::Object {
                    origin: Origin::inside(at, Link::Region(Box::new(chunk))),
                    content: Content::Reader {
                        size: data.len() as u64,
                        reader: &mut data.as_slice(),
                    },
                });
                if !whole || next + wanted >= region.end {
                    break;
                }
                next += wanted - CHUNK_OVERLAP;
            }
        }
        Ok(())
    }
}
