//! Keeping a scheduled scan out of the user's way: lowest CPU and I/O priority (`--nice`), and
//! an average CPU budget (`--cpu-limit`) enforced by making workers pause between files.

use std::time::{Duration, Instant};

/// Lowest CPU priority (nice 19) and idle I/O priority for this process and the threads it
/// starts afterwards (Linux gives each thread its own nice value, inherited at creation).
pub fn lower_priority() -> Result<(), String> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: plain syscalls on this process with constant arguments.
        if unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 19) } != 0 {
            return Err(format!("setpriority: {}", std::io::Error::last_os_error()));
        }
        const IOPRIO_WHO_PROCESS: libc::c_long = 1;
        const IOPRIO_CLASS_IDLE: libc::c_long = 3;
        const IOPRIO_CLASS_SHIFT: libc::c_long = 13;
        // SAFETY: ioprio_set takes (which, who, ioprio) integers; 0 is this process.
        let status = unsafe {
            libc::syscall(
                libc::SYS_ioprio_set,
                IOPRIO_WHO_PROCESS,
                0,
                IOPRIO_CLASS_IDLE << IOPRIO_CLASS_SHIFT,
            )
        };
        if status != 0 {
            return Err(format!("ioprio_set: {}", std::io::Error::last_os_error()));
        }
        Ok(())
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    {
        // SAFETY: plain syscall on this process with constant arguments.
        if unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 19) } != 0 {
            return Err(format!("setpriority: {}", std::io::Error::last_os_error()));
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        Err("--nice is not supported on this OS".to_string())
    }
}

/// An average CPU budget: `percent` of the machine's total CPU time (all cores) over the scan.
pub struct CpuBudget {
    started: Instant,
    /// CPU seconds allowed per wall-clock second.
    share: f64,
}

impl CpuBudget {
    pub fn new(percent: u8) -> CpuBudget {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
        CpuBudget {
            started: Instant::now(),
            share: cores * f64::from(percent.clamp(1, 100)) / 100.0,
        }
    }

    /// Called by a worker between files: sleeps while the process is ahead of its budget.
    pub fn pace(&self) {
        let Some(used) = process_cpu_time() else {
            return;
        };
        let allowed = self.started.elapsed().as_secs_f64() * self.share;
        let excess = used.as_secs_f64() - allowed;
        if excess > 0.0 {
            // Sleeping `excess / share` brings the average back to the budget.
            std::thread::sleep(Duration::from_secs_f64((excess / self.share).min(1.0)));
        }
    }
}

/// User plus system CPU time of the whole process.
fn process_cpu_time() -> Option<Duration> {
    #[cfg(unix)]
    {
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `usage` is a writable rusage struct.
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
            return None;
        }
        let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, (t.tv_usec as u32) * 1000);
        Some(time(usage.ru_utime) + time(usage.ru_stime))
    }
    #[cfg(not(unix))]
    {
        None
    }
}
