//! Live processes as a source (Linux `/proc`): each process's facts, its executable (also when
//! deleted: through `/proc/PID/exe`), its command line, its memory regions and its sockets. All
//! of it is read, never written; no process is stopped (memory is read with `pread` on
//! `/proc/PID/mem`, which needs no ptrace stop). A process that exits while being read is normal.

pub mod maps;
pub mod net;

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

pub use maps::Region;

/// What is known of a process, reported with every finding about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessInfo {
    pub pid: u32,
    pub ppid: u32,
    /// The short name (`/proc/PID/comm`).
    pub name: String,
    pub uid: u32,
    /// Seconds since the epoch when the process started.
    pub start_time: u64,
    /// The executable's path as the kernel tells it, without the ` (deleted)` mark.
    pub exe: Option<String>,
    /// The executable was deleted (or replaced) after the process started, or it runs from an
    /// anonymous memory file (memfd).
    pub exe_deleted: bool,
    /// A deleted executable's path holds a file again (an upgrade replaced the program).
    pub exe_replaced: bool,
    /// The executable is a memory file sealed against writing: a read-only copy, as container
    /// runtimes make of themselves, not code written into memory.
    pub exe_sealed: bool,
    pub cmdline: Vec<String>,
}

impl ProcessInfo {
    /// How reports name the process: `pid 42 (sshd)`.
    pub fn label(&self) -> String {
        format!("pid {} ({})", self.pid, self.name)
    }
}

/// The pids of the running processes.
pub fn pids(proc_root: &Path) -> io::Result<Vec<u32>> {
    let mut pids: Vec<u32> = std::fs::read_dir(proc_root)?
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .collect();
    pids.sort_unstable();
    Ok(pids)
}

/// Reads a process's facts; an error when the process is gone or not readable.
pub fn info(proc_root: &Path, pid: u32, boot_time: u64, ticks: u64) -> io::Result<ProcessInfo> {
    let dir = proc_root.join(pid.to_string());
    let stat = std::fs::read(dir.join("stat"))?;
    let stat = String::from_utf8_lossy(&stat);
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split at the last ')'.
    let (head, rest) = stat
        .rsplit_once(')')
        .ok_or_else(|| io::Error::other("malformed stat"))?;
    let name = head.split_once('(').map_or("", |(_, n)| n).to_string();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ppid = fields.get(1).and_then(|f| f.parse().ok()).unwrap_or(0);
    let start_ticks: u64 = fields.get(19).and_then(|f| f.parse().ok()).unwrap_or(0);
    let uid = std::fs::read_to_string(dir.join("status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("Uid:"))
                .and_then(|l| l.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(u32::MAX);
    let cmdline = std::fs::read(dir.join("cmdline"))
        .map(|raw| {
            raw.split(|&b| b == 0)
                .filter(|arg| !arg.is_empty())
                .map(|arg| String::from_utf8_lossy(arg).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let link = std::fs::read_link(dir.join("exe")).ok();
    let (exe, exe_deleted) = match link {
        Some(target) => {
            let text = target.to_string_lossy().into_owned();
            match text.strip_suffix(" (deleted)") {
                Some(path) => (Some(path.to_string()), true),
                None => (Some(text.clone()), text.starts_with("/memfd:")),
            }
        }
        None => (None, false),
    };
    let exe_replaced = exe_deleted && exe.as_deref().is_some_and(|path| Path::new(path).exists());
    let exe_sealed = exe
        .as_deref()
        .is_some_and(|path| path.starts_with("/memfd:"))
        && open_exe(proc_root, pid).is_ok_and(|file| sealed_against_writing(&file));
    Ok(ProcessInfo {
        pid,
        ppid,
        name,
        uid,
        start_time: boot_time + start_ticks / ticks.max(1),
        exe,
        exe_deleted,
        exe_replaced,
        exe_sealed,
        cmdline,
    })
}

/// Whether a memory file is sealed so that no one can write it any more.
fn sealed_against_writing(file: &File) -> bool {
    use std::os::fd::AsRawFd;
    // SAFETY: F_GET_SEALS takes no argument and only reads the descriptor's seals.
    let seals = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GET_SEALS) };
    seals > 0 && seals & (libc::F_SEAL_WRITE | libc::F_SEAL_FUTURE_WRITE) != 0
}

/// The system's boot time (`btime` of /proc/stat) and clock ticks per second.
pub fn clock(proc_root: &Path) -> (u64, u64) {
    let boot = std::fs::read_to_string(proc_root.join("stat"))
        .ok()
        .and_then(|stat| {
            stat.lines()
                .find_map(|l| l.strip_prefix("btime "))
                .and_then(|v| v.trim().parse().ok())
        })
        .unwrap_or(0);
    // SAFETY: sysconf has no preconditions.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (boot, u64::try_from(ticks).unwrap_or(100))
}

/// The process's executable, opened through `/proc/PID/exe`: this works when the file was
/// deleted after the process started.
pub fn open_exe(proc_root: &Path, pid: u32) -> io::Result<File> {
    File::open(proc_root.join(pid.to_string()).join("exe"))
}

/// A readable window of a process's memory: one region, read from `/proc/PID/mem` in order.
/// Reading stops at the first page the kernel will not give (a guard page, memory unmapped
/// meanwhile): what was read is kept and the rest reads as the end.
pub struct MemoryReader {
    mem: File,
    next: u64,
    end: u64,
    /// The error that ended the read early, if any.
    pub stopped: Option<io::Error>,
}

impl MemoryReader {
    pub fn open(proc_root: &Path, pid: u32, start: u64, end: u64) -> io::Result<MemoryReader> {
        let mem = File::open(proc_root.join(pid.to_string()).join("mem"))?;
        Ok(MemoryReader {
            mem,
            next: start,
            end,
            stopped: None,
        })
    }
}

impl Read for MemoryReader {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        if self.next >= self.end || self.stopped.is_some() {
            return Ok(0);
        }
        let wanted = usize::try_from(self.end - self.next)
            .unwrap_or(usize::MAX)
            .min(buffer.len());
        match self.mem.read_at(&mut buffer[..wanted], self.next) {
            Ok(read) => {
                self.next += read as u64;
                Ok(read)
            }
            Err(e) => {
                self.stopped = Some(e);
                Ok(0)
            }
        }
    }
}

/// `/proc`, where the live host's processes are.
pub fn proc_root() -> PathBuf {
    PathBuf::from("/proc")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_reads_as_itself() {
        let root = proc_root();
        let (boot, ticks) = clock(&root);
        let me = info(&root, std::process::id(), boot, ticks).expect("own process");
        assert_eq!(me.pid, std::process::id());
        assert!(!me.name.is_empty());
        assert!(me.start_time >= boot);
        assert!(!me.exe_deleted);
        assert!(pids(&root).expect("pids").contains(&me.pid));
    }

    #[test]
    fn own_memory_reads_back_through_proc_mem() {
        let secret = b"needle memory reader test marker".to_vec();
        let start = secret.as_ptr() as u64;
        let mut reader = MemoryReader::open(
            &proc_root(),
            std::process::id(),
            start,
            start + secret.len() as u64,
        )
        .expect("open own mem");
        let mut read = Vec::new();
        reader.read_to_end(&mut read).expect("read");
        assert_eq!(read, secret);
        assert!(reader.stopped.is_none());
    }
}
