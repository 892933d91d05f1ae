//! A process's memory map (`/proc/PID/maps`), and which regions are worth reading: readable
//! private and anonymous memory and the images of files; never the kernel's own pages
//! (`[vvar]`, `[vsyscall]`, `[vdso]`), nor device mappings (reading some blocks, and other
//! scanners hung on pulseaudio's).

use std::fmt;

/// One mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub start: u64,
    pub end: u64,
    /// `rwxp` / `r--s`...
    pub perms: String,
    pub offset: u64,
    /// The mapped file's device (`major:minor`, hex) and inode; inode 0 for anonymous memory.
    pub device: String,
    pub inode: u64,
    /// The mapped file's path, a pseudo-name (`[heap]`, `[stack]`), or empty.
    pub path: String,
}

impl Region {
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Why the region is not read, if it is not.
    pub fn not_read_because(&self) -> Option<&'static str> {
        if !self.perms.starts_with('r') {
            return Some("not readable");
        }
        match self.path.as_str() {
            "[vvar]" | "[vvar_vclock]" | "[vsyscall]" | "[vdso]" => return Some("kernel page"),
            _ => {}
        }
        if self.path.starts_with("/dev/") && !self.path.starts_with("/dev/shm/") {
            return Some("device mapping");
        }
        if self.is_empty() {
            return Some("empty");
        }
        None
    }

    /// Whether the region maps a file read-only: the same bytes as the file, shared by every
    /// process mapping it (read once per scan).
    pub fn is_file_image(&self) -> bool {
        self.inode != 0 && !self.perms.contains('w') && self.path.starts_with('/')
    }

    /// The name a report gives the region inside its process: `[heap]`, `[stack]`,
    /// `/usr/lib/x.so@0x1000`, `anon@0x7f...`.
    pub fn name(&self) -> String {
        if self.path.starts_with('[') {
            self.path.clone()
        } else if self.path.is_empty() {
            format!("anon@0x{:x}", self.start)
        } else {
            format!("{}@0x{:x}", self.path, self.offset)
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0x{:x}-0x{:x} {}", self.start, self.end, self.perms)?;
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        Ok(())
    }
}

/// Parses `/proc/PID/maps`; lines that do not parse are passed over.
pub fn parse(text: &str) -> Vec<Region> {
    text.lines().filter_map(parse_line).collect()
}

fn parse_line(line: &str) -> Option<Region> {
    let mut fields = line.splitn(6, ' ');
    let range = fields.next()?;
    let perms = fields.next()?.to_string();
    let offset = u64::from_str_radix(fields.next()?, 16).ok()?;
    let device = fields.next()?.to_string();
    let inode = fields.next()?.parse().ok()?;
    let path = fields.next().unwrap_or_default().trim().to_string();
    let (start, end) = range.split_once('-')?;
    Some(Region {
        start: u64::from_str_radix(start, 16).ok()?,
        end: u64::from_str_radix(end, 16).ok()?,
        perms,
        offset,
        device,
        inode,
        path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_lines_parse_and_kernel_and_device_pages_are_not_read() {
        let text =
            "55812b553000-55812b582000 r--p 00000000 fe:00 247003                     /usr/bin/bash
55812b67f000-55812b688000 rw-p 0012c000 fe:00 247003                     /usr/bin/bash
5581300a0000-5581300c1000 rw-p 00000000 00:00 0                          [heap]
7f0000000000-7f0000021000 rw-p 00000000 00:00 0 
7ffd1000-7ffd3000 r--p 00000000 00:00 0                          [vvar]
7f2000000000-7f2000100000 rw-s 00000000 00:06 120                        /dev/snd/pcmC0D0p
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
not a line";
        let regions = parse(text);
        assert_eq!(regions.len(), 7);
        assert!(regions[0].is_file_image());
        assert!(
            !regions[1].is_file_image(),
            "writable data is not the file's"
        );
        assert_eq!(regions[2].name(), "[heap]");
        assert_eq!(regions[3].name(), "anon@0x7f0000000000");
        assert_eq!(regions[0].name(), "/usr/bin/bash@0x0");
        let skipped: Vec<Option<&str>> = regions.iter().map(Region::not_read_because).collect();
        assert_eq!(
            skipped,
            [
                None,
                None,
                None,
                None,
                Some("kernel page"),
                Some("device mapping"),
                Some("not readable")
            ]
        );
    }
}
