//! Filesystem type detection, so the walker can skip pseudo filesystems by what they are rather
//! than by where they happen to be mounted.

use std::collections::HashMap;
use std::path::Path;

/// Filesystem types that expose kernel state rather than stored files: reading them is
/// meaningless for a sweep, and some of their files block, never end or change under the reader.
const PSEUDO_FILESYSTEMS: &[&str] = &[
    "autofs",
    "binfmt_misc",
    "bpf",
    "cgroup",
    "cgroup2",
    "configfs",
    "debugfs",
    "devpts",
    "devtmpfs",
    "efivarfs",
    "fusectl",
    "hugetlbfs",
    "mqueue",
    "nsfs",
    "proc",
    "pstore",
    "rpc_pipefs",
    "securityfs",
    "selinuxfs",
    "sysfs",
    "tracefs",
];

/// Whether a filesystem type name is one of the pseudo filesystems that are never scanned.
pub fn is_pseudo(fstype: &str) -> bool {
    PSEUDO_FILESYSTEMS.contains(&fstype)
}

/// Filesystem types of the mounted filesystems, looked up by device number.
#[derive(Debug, Default)]
pub struct FsTypes {
    by_device: HashMap<u64, String>,
}

impl FsTypes {
    /// Reads the mount table of this process (Linux `/proc/self/mountinfo`). Elsewhere, or when
    /// the table cannot be read, lookups fall back to `statfs`.
    pub fn load() -> Self {
        let by_device = std::fs::read_to_string("/proc/self/mountinfo")
            .map(|table| parse_mountinfo(&table))
            .unwrap_or_default();
        FsTypes { by_device }
    }

    /// The type of the filesystem holding `dir` (whose device number is `device`), if known.
    pub fn type_of(&self, dir: &Path, device: u64) -> Option<String> {
        self.by_device
            .get(&device)
            .cloned()
            .or_else(|| statfs_type(dir))
    }
}

/// Parses mountinfo lines: `36 35 98:0 /root /mnt rw,noatime shared:1 - ext4 /dev/sda1 rw`.
/// The device is the third field; the type is the first field after the ` - ` separator.
fn parse_mountinfo(table: &str) -> HashMap<u64, String> {
    let mut by_device = HashMap::new();
    for line in table.lines() {
        let Some((head, tail)) = line.split_once(" - ") else {
            continue;
        };
        let Some(device) = head.split(' ').nth(2).and_then(parse_major_minor) else {
            continue;
        };
        if let Some(fstype) = tail.split(' ').next() {
            by_device
                .entry(device)
                .or_insert_with(|| fstype.to_string());
        }
    }
    by_device
}

fn parse_major_minor(field: &str) -> Option<u64> {
    let (major, minor) = field.split_once(':')?;
    Some(make_device(major.parse().ok()?, minor.parse().ok()?))
}

#[cfg(target_os = "linux")]
fn make_device(major: u32, minor: u32) -> u64 {
    libc::makedev(major, minor)
}

#[cfg(not(target_os = "linux"))]
fn make_device(major: u32, minor: u32) -> u64 {
    (u64::from(major) << 32) | u64::from(minor)
}

/// Names the pseudo filesystems `statfs` can recognise by magic number (for mounts whose device
/// number is not in the mount table, e.g. inside some containers).
#[cfg(target_os = "linux")]
fn statfs_type(dir: &Path) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut info: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `path` is a valid NUL-terminated string and `info` a writable statfs struct.
    if unsafe { libc::statfs(path.as_ptr(), &mut info) } != 0 {
        return None;
    }
    let name = match info.f_type as u64 {
        0x9fa0 => "proc",
        0x6265_6572 => "sysfs",
        0x1cd1 => "devpts",
        0x0027_e0eb => "cgroup",
        0x6367_7270 => "cgroup2",
        0x6462_6720 => "debugfs",
        0x7472_6163 => "tracefs",
        0x7363_6673 => "securityfs",
        0x6165_676c => "pstore",
        0xcafe_4a11 => "bpf",
        0x6265_6570 => "configfs",
        0x6573_5543 => "fusectl",
        0x1980_0202 => "mqueue",
        0x9584_58f6 => "hugetlbfs",
        0xde5e_81e4 => "efivarfs",
        0xf97c_ff8c => "selinuxfs",
        0x4249_4e4d => "binfmt_misc",
        0x6e73_6673 => "nsfs",
        0x0187 => "autofs",
        0x6759_6969 => "rpc_pipefs",
        _ => return None,
    };
    Some(name.to_string())
}

#[cfg(not(target_os = "linux"))]
fn statfs_type(_dir: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mountinfo_lines_give_type_by_device() {
        let table = "22 1 0:21 / /proc rw,nosuid - proc proc rw\n\
                     25 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n\
                     garbage line\n";
        let types = parse_mountinfo(table);
        assert_eq!(
            types.get(&make_device(0, 21)).map(String::as_str),
            Some("proc")
        );
        assert_eq!(
            types.get(&make_device(254, 0)).map(String::as_str),
            Some("ext4")
        );
        assert_eq!(types.len(), 2);
    }

    #[test]
    fn pseudo_filesystems_are_recognised() {
        assert!(is_pseudo("proc"));
        assert!(is_pseudo("devtmpfs"));
        assert!(!is_pseudo("ext4"));
        assert!(!is_pseudo("tmpfs"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn proc_is_detected_by_statfs() {
        if Path::new("/proc/self").exists() {
            assert_eq!(statfs_type(Path::new("/proc")).as_deref(), Some("proc"));
        }
    }
}
