//! Windows shortcut (.lnk) parser after MS-SHLLINK: what a shortcut in a Startup folder starts.
//!
//! Only the fields that say what runs are recovered: the target (from LinkInfo, the shell item
//! ID list or the environment-variable block, in that order of trust), arguments, working
//! directory, icon, description and network share. Every read is bounds-checked against the
//! structure it belongs to, and every loop advances by at least one byte of a finite input, so
//! hostile files end in an error naming the offset rather than a panic or a hang.

/// What a shortcut points at and how it starts it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shortcut {
    /// Best full path of the target: LinkInfo local base path joined with the common path
    /// suffix, else the path rebuilt from the LinkTargetIDList shell items, else the
    /// EnvironmentVariableDataBlock target, else the LinkInfo network share alone.
    pub target: Option<String>,
    /// EnvironmentVariableDataBlock target, unexpanded (e.g. `%windir%\system32\rundll32.exe`).
    pub env_target: Option<String>,
    pub arguments: Option<String>,
    pub working_dir: Option<String>,
    pub relative_path: Option<String>,
    pub icon_location: Option<String>,
    /// The description (NAME_STRING).
    pub name: Option<String>,
    /// LinkInfo CommonNetworkRelativeLink net name (`\\server\share`), if any.
    pub network_share: Option<String>,
}

const HEADER_SIZE: u32 = 0x4C;
/// CLSID 00021401-0000-0000-C000-000000000046 as stored (little-endian first three fields).
const LINK_CLSID: [u8; 16] = [
    0x01, 0x14, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46,
];

// LinkFlags (MS-SHLLINK 2.1.1).
const HAS_LINK_TARGET_ID_LIST: u32 = 1 << 0;
const HAS_LINK_INFO: u32 = 1 << 1;
const HAS_NAME: u32 = 1 << 2;
const HAS_RELATIVE_PATH: u32 = 1 << 3;
const HAS_WORKING_DIR: u32 = 1 << 4;
const HAS_ARGUMENTS: u32 = 1 << 5;
const HAS_ICON_LOCATION: u32 = 1 << 6;
const IS_UNICODE: u32 = 1 << 7;
/// The LinkInfo structure is present but must be ignored (MS-SHLLINK 2.1.1, ForceNoLinkInfo).
const FORCE_NO_LINK_INFO: u32 = 1 << 8;

// LinkInfoFlags (MS-SHLLINK 2.3).
const VOLUME_ID_AND_LOCAL_BASE_PATH: u32 = 1 << 0;
const COMMON_NETWORK_RELATIVE_LINK_AND_PATH_SUFFIX: u32 = 1 << 1;

const LINK_INFO_MIN_HEADER: u32 = 0x1C;
/// Headers at least this long carry the Unicode offsets of the base path and suffix.
const LINK_INFO_UNICODE_HEADER: u32 = 0x24;
/// A CommonNetworkRelativeLink whose NetNameOffset exceeds this carries Unicode offsets.
const NETWORK_LINK_ANSI_HEADER: u32 = 0x14;

/// Windows reads NAME_STRING, RELATIVE_PATH, WORKING_DIR and ICON_LOCATION into MAX_PATH
/// buffers: whatever CountCharacters says, it consumes at most 260 characters, keeps the first
/// 259 (the last slot holds the terminator) and reads the next field right after them. Padded
/// shortcuts in the wild use this to hide their real arguments from parsers that trust the
/// count, so these fields are read the way Windows reads them. COMMAND_LINE_ARGUMENTS has no
/// such cap.
const MAX_PATH: usize = 260;

const ENVIRONMENT_VARIABLE_BLOCK: u32 = 0xA000_0001;
const ENVIRONMENT_VARIABLE_BLOCK_SIZE: usize = 0x314;
const ENVIRONMENT_TARGET_ANSI: usize = 8;
const ENVIRONMENT_TARGET_UNICODE: usize = 8 + 260;
const ENVIRONMENT_TARGET_UNICODE_LEN: usize = 520;

/// Shell item holding a file or folder entry's long name (libfwsi "0xbeef0004" extension).
const FILE_ENTRY_EXTENSION: u32 = 0xBEEF_0004;
/// Offset of the primary name in a file entry shell item (size, class, unknown, file size,
/// FAT time, attributes).
const FILE_ENTRY_NAME: usize = 14;
/// File entry class flag: the primary name is UTF-16 rather than the code page.
const FILE_ENTRY_UNICODE_NAME: u8 = 0x04;
/// Offset of the location string in a network location shell item.
const NETWORK_LOCATION_NAME: usize = 5;
/// Offset of the drive name (`C:\`) in a volume shell item.
const VOLUME_NAME: usize = 3;

/// Parses a shortcut file. The error says what is wrong and at which file offset.
pub fn parse(data: &[u8]) -> Result<Shortcut, String> {
    let file = Region {
        bytes: data,
        base: 0,
    };
    file.get(0, HEADER_SIZE as usize, "shell link header")?;
    let header_size = file.u32(0, "header size")?;
    if header_size != HEADER_SIZE {
        return Err(format!(
            "header size at offset 0x0 is {header_size:#x}, not 0x4c: not a shortcut"
        ));
    }
    if file.get(4, 16, "link CLSID")? != LINK_CLSID {
        return Err("link CLSID at offset 0x4 is not a shell link's: not a shortcut".to_string());
    }
    let flags = file.u32(0x14, "link flags")?;
    let mut at = HEADER_SIZE as usize;

    let mut id_list_path = None;
    if flags & HAS_LINK_TARGET_ID_LIST != 0 {
        let size = usize::from(file.u16(at, "LinkTargetIDList size")?);
        let list = file.sub(at + 2, size, "LinkTargetIDList")?;
        id_list_path = path_from_id_list(list)?;
        at += 2 + size;
    }

    let mut link_info = LinkInfo::default();
    if flags & HAS_LINK_INFO != 0 {
        let size = file.u32(at, "LinkInfo size")?;
        if size < LINK_INFO_MIN_HEADER {
            return Err(format!(
                "LinkInfo at offset {at:#x} has size {size:#x}, smaller than its 0x1c-byte header"
            ));
        }
        let region = file.sub(at, to_usize(size), "LinkInfo")?;
        if flags & FORCE_NO_LINK_INFO == 0 {
            link_info = parse_link_info(region)?;
        }
        at += region.bytes.len();
    }

    let unicode = flags & IS_UNICODE != 0;
    let width = if unicode { 2 } else { 1 };
    let mut string_data = |flag: u32, capped: bool, what: &str| -> Result<Option<String>, String> {
        if flags & flag == 0 {
            return Ok(None);
        }
        let mut count = usize::from(file.u16(at, what)?);
        let mut keep = count;
        if capped && count >= MAX_PATH {
            count = MAX_PATH;
            keep = MAX_PATH - 1;
        }
        let bytes = file.get(at + 2, count * width, what)?;
        at += 2 + count * width;
        let kept = bytes.get(..keep * width).unwrap_or(bytes);
        Ok(Some(if unicode {
            utf16_until_nul(kept)
        } else {
            latin1_until_nul(kept)
        }))
    };
    let name = string_data(HAS_NAME, true, "NAME_STRING")?;
    let relative_path = string_data(HAS_RELATIVE_PATH, true, "RELATIVE_PATH")?;
    let working_dir = string_data(HAS_WORKING_DIR, true, "WORKING_DIR")?;
    let arguments = string_data(HAS_ARGUMENTS, false, "COMMAND_LINE_ARGUMENTS")?;
    let icon_location = string_data(HAS_ICON_LOCATION, true, "ICON_LOCATION")?;

    let env_target = environment_target(file, at)?;

    let target = link_info
        .full_path()
        .or(id_list_path)
        .or_else(|| env_target.clone())
        .or_else(|| link_info.network_share.clone());
    Ok(Shortcut {
        target,
        env_target,
        arguments,
        working_dir,
        relative_path,
        icon_location,
        name,
        network_share: link_info.network_share,
    })
}

/// Walks the ExtraData blocks from `at` and returns the EnvironmentVariableDataBlock target,
/// skipping every other block by its size.
///
/// The list ends at the terminal block or at the end of the file: Windows writes the terminal
/// block but does not need it, and shortcuts in the wild that end right after a block (or right
/// after StringData) still run. A block cut short is an error.
fn environment_target(file: Region<'_>, mut at: usize) -> Result<Option<String>, String> {
    let mut target = None;
    // Each block is at least 8 bytes long, so the walk ends within len/8 steps.
    while at < file.bytes.len() {
        let size = file.u32(at, "ExtraData block size")?;
        if size < 4 {
            // The TerminalBlock: a size below 4 ends the list.
            break;
        }
        if size < 8 {
            return Err(format!(
                "ExtraData block at offset {at:#x} has size {size}, less than its 8-byte header"
            ));
        }
        let block = file.sub(at, to_usize(size), "ExtraData block")?;
        if block.u32(4, "ExtraData block signature")? == ENVIRONMENT_VARIABLE_BLOCK
            && target.is_none()
        {
            if block.bytes.len() < ENVIRONMENT_VARIABLE_BLOCK_SIZE {
                return Err(format!(
                    "EnvironmentVariableDataBlock at offset {at:#x} has size {size:#x}, not 0x314"
                ));
            }
            let unicode = block.get(
                ENVIRONMENT_TARGET_UNICODE,
                ENVIRONMENT_TARGET_UNICODE_LEN,
                "TargetUnicode",
            )?;
            let unicode = utf16_until_nul(unicode);
            target = if unicode.is_empty() {
                Some(block.latin1z(ENVIRONMENT_TARGET_ANSI, "TargetAnsi")?)
                    .filter(|ansi| !ansi.is_empty())
            } else {
                Some(unicode)
            };
        }
        at += block.bytes.len();
    }
    Ok(target)
}

/// The parts of LinkInfo that name the target.
#[derive(Default)]
struct LinkInfo {
    local_base_path: Option<String>,
    network_share: Option<String>,
    common_path_suffix: String,
}

impl LinkInfo {
    /// The local base path joined with the suffix; failing that the share joined with a
    /// non-empty suffix (a share root alone is kept as the last resort for the target).
    fn full_path(&self) -> Option<String> {
        let suffix = &self.common_path_suffix;
        if let Some(base) = self.local_base_path.as_deref().filter(|b| !b.is_empty()) {
            return Some(join_path(base, suffix));
        }
        match &self.network_share {
            Some(share) if !share.is_empty() && !suffix.is_empty() => {
                Some(join_path(share, suffix))
            }
            _ => None,
        }
    }
}

fn join_path(base: &str, rest: &str) -> String {
    if rest.is_empty() || base.ends_with('\\') {
        format!("{base}{rest}")
    } else {
        format!("{base}\\{rest}")
    }
}

fn parse_link_info(info: Region<'_>) -> Result<LinkInfo, String> {
    let header_size = info.u32(4, "LinkInfo header size")?;
    if header_size < LINK_INFO_MIN_HEADER {
        return Err(format!(
            "LinkInfo header size at offset {:#x} is {header_size:#x}, below 0x1c",
            info.base + 4
        ));
    }
    let flags = info.u32(8, "LinkInfo flags")?;
    let base_path_offset = info.u32(0x10, "LocalBasePathOffset")?;
    let network_offset = info.u32(0x14, "CommonNetworkRelativeLinkOffset")?;
    let suffix_offset = info.u32(0x18, "CommonPathSuffixOffset")?;
    let (base_path_unicode, suffix_unicode) = if header_size >= LINK_INFO_UNICODE_HEADER {
        (
            info.u32(0x1C, "LocalBasePathOffsetUnicode")?,
            info.u32(0x20, "CommonPathSuffixOffsetUnicode")?,
        )
    } else {
        (0, 0)
    };

    let mut result = LinkInfo::default();
    if flags & VOLUME_ID_AND_LOCAL_BASE_PATH != 0 {
        result.local_base_path = Some(if base_path_unicode != 0 {
            info.utf16z(to_usize(base_path_unicode), "LocalBasePathUnicode")?
        } else {
            info.latin1z(to_usize(base_path_offset), "LocalBasePath")?
        });
    }
    if flags & COMMON_NETWORK_RELATIVE_LINK_AND_PATH_SUFFIX != 0 {
        result.network_share = Some(network_name(info, to_usize(network_offset))?);
    }
    // Offset 0 would point at the size field: writers use it for "no suffix".
    result.common_path_suffix = if suffix_unicode != 0 {
        info.utf16z(to_usize(suffix_unicode), "CommonPathSuffixUnicode")?
    } else if suffix_offset != 0 {
        info.latin1z(to_usize(suffix_offset), "CommonPathSuffix")?
    } else {
        String::new()
    };
    Ok(result)
}

/// NetName of the CommonNetworkRelativeLink at `offset` in LinkInfo. Its strings are bounded
/// by LinkInfo rather than by the link's own size field, which some writers get wrong.
fn network_name(info: Region<'_>, offset: usize) -> Result<String, String> {
    let rest = info.bytes.len().saturating_sub(offset);
    let link = info.sub(offset, rest, "CommonNetworkRelativeLink")?;
    let name_offset = link.u32(8, "NetNameOffset")?;
    if name_offset > NETWORK_LINK_ANSI_HEADER {
        let unicode_offset = link.u32(0x14, "NetNameOffsetUnicode")?;
        if unicode_offset != 0 {
            return link.utf16z(to_usize(unicode_offset), "NetNameUnicode");
        }
    }
    link.latin1z(to_usize(name_offset), "NetName")
}

/// One shell item of a LinkTargetIDList, as far as a file system path goes.
enum ShellItem {
    /// A root folder (My Computer, Network...): contributes nothing to the path.
    Root,
    /// A drive (`C:\`) or a UNC location (`\\server\share`): the path starts again here.
    Base(String),
    /// A file or folder entry: one path component.
    Entry(String),
    /// Anything else (delegates, control panel, URIs...): the path cannot be rebuilt.
    Other,
}

/// Rebuilds the target path from the shell items: a drive or UNC base followed by file entry
/// names. `None` when the list does not describe a file system path.
fn path_from_id_list(list: Region<'_>) -> Result<Option<String>, String> {
    let mut path: Option<String> = None;
    let mut usable = true;
    let mut at = 0;
    // Each item is at least 2 bytes long, so the walk ends within len/2 steps.
    while at < list.bytes.len() {
        let size = usize::from(list.u16(at, "shell item size")?);
        if size == 0 {
            break;
        }
        if size < 2 {
            return Err(format!(
                "shell item at offset {:#x} has size {size}, less than its size field",
                list.base + at
            ));
        }
        let item = list.sub(at, size, "shell item")?;
        match classify_shell_item(item) {
            ShellItem::Root => {}
            ShellItem::Base(base) => path = Some(base),
            ShellItem::Entry(name) => match path.as_mut() {
                Some(p) => *p = join_path(p, &name),
                None => usable = false,
            },
            ShellItem::Other => usable = false,
        }
        at += size;
    }
    Ok(path.filter(|_| usable))
}

fn classify_shell_item(item: Region<'_>) -> ShellItem {
    let Some(&class) = item.bytes.get(2) else {
        return ShellItem::Other;
    };
    match class {
        0x1F => ShellItem::Root,
        // Volume items with the "has name" bit carry the drive as a code-page string.
        0x20..=0x2F if class & 0x01 != 0 => match item.latin1z(VOLUME_NAME, "volume name") {
            Ok(name) if !name.is_empty() => ShellItem::Base(name),
            _ => ShellItem::Other,
        },
        0x30..=0x3F => file_entry_name(item, class).map_or(ShellItem::Other, ShellItem::Entry),
        // Network locations: only a UNC string (`\\server`, `\\server\share`) is a path base;
        // the provider and domain items above it are not.
        0x40..=0x4F => match item.latin1z(NETWORK_LOCATION_NAME, "network location") {
            Ok(name) if name.starts_with("\\\\") => ShellItem::Base(name),
            Ok(_) => ShellItem::Root,
            Err(_) => ShellItem::Other,
        },
        _ => ShellItem::Other,
    }
}

/// The long name of a file entry item from its 0xBEEF0004 extension block, else its primary
/// (often 8.3) name.
fn file_entry_name(item: Region<'_>, class: u8) -> Option<String> {
    let unicode = class & FILE_ENTRY_UNICODE_NAME != 0;
    let (primary, name_end) = if unicode {
        let name = item.utf16z(FILE_ENTRY_NAME, "file entry name").ok()?;
        let units = name.encode_utf16().count();
        (name, FILE_ENTRY_NAME + 2 * (units + 1))
    } else {
        let name = item.latin1z(FILE_ENTRY_NAME, "file entry name").ok()?;
        // One byte per character, NUL-terminated and padded to an even length.
        let end = (FILE_ENTRY_NAME + name.chars().count() + 2) & !1;
        (name, end)
    };
    let long = extension_at(item, name_end)
        .or_else(|| {
            // The item's last two bytes give the extension block's offset.
            let trailer = item.bytes.len().checked_sub(2)?;
            let offset = item.u16(trailer, "extension offset").ok()?;
            extension_at(item, usize::from(offset))
        })
        .and_then(long_name);
    long.filter(|name| !name.is_empty())
        .or(Some(primary).filter(|name| !name.is_empty()))
}

/// The 0xBEEF0004 extension block at `offset` in a file entry item, if one is there.
fn extension_at(item: Region<'_>, offset: usize) -> Option<Region<'_>> {
    let size = usize::from(item.u16(offset, "extension size").ok()?);
    let block = item.sub(offset, size, "extension block").ok()?;
    (block.u32(4, "extension signature").ok()? == FILE_ENTRY_EXTENSION).then_some(block)
}

/// The long name in a 0xBEEF0004 block; its offset grows with the block version (libfwsi).
fn long_name(block: Region<'_>) -> Option<String> {
    let version = block.u16(2, "extension version").ok()?;
    let offset = match version {
        0..=2 => return None,
        3..=6 => 20,
        7 => 38,
        8 => 42,
        _ => 46,
    };
    block.utf16z(offset, "long name").ok()
}

/// A byte range of the file that knows its absolute offset, for error messages.
#[derive(Clone, Copy)]
struct Region<'a> {
    bytes: &'a [u8],
    base: usize,
}

impl<'a> Region<'a> {
    fn get(&self, at: usize, len: usize, what: &str) -> Result<&'a [u8], String> {
        at.checked_add(len)
            .and_then(|end| self.bytes.get(at..end))
            .ok_or_else(|| {
                format!(
                    "{what} at offset {:#x} needs {len} bytes but only {} remain",
                    self.base.saturating_add(at),
                    self.bytes.len().saturating_sub(at)
                )
            })
    }

    fn sub(&self, at: usize, len: usize, what: &str) -> Result<Region<'a>, String> {
        Ok(Region {
            bytes: self.get(at, len, what)?,
            base: self.base.saturating_add(at),
        })
    }

    fn array<const N: usize>(&self, at: usize, what: &str) -> Result<[u8; N], String> {
        self.get(at, N, what)?
            .try_into()
            .map_err(|_| format!("{what}: short read"))
    }

    fn u16(&self, at: usize, what: &str) -> Result<u16, String> {
        Ok(u16::from_le_bytes(self.array(at, what)?))
    }

    fn u32(&self, at: usize, what: &str) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array(at, what)?))
    }

    /// The bytes from `at` to the end of the region; `at` itself must lie inside it.
    fn tail(&self, at: usize, what: &str) -> Result<&'a [u8], String> {
        if at >= self.bytes.len() {
            return Err(format!(
                "{what} at offset {:#x} lies outside its {}-byte structure at {:#x}",
                self.base.saturating_add(at),
                self.bytes.len(),
                self.base
            ));
        }
        self.get(at, self.bytes.len() - at, what)
    }

    /// A NUL-terminated code-page string at `at`, ending at the region's end if unterminated.
    fn latin1z(&self, at: usize, what: &str) -> Result<String, String> {
        Ok(latin1_until_nul(self.tail(at, what)?))
    }

    /// A NUL-terminated UTF-16LE string at `at`, ending at the region's end if unterminated.
    fn utf16z(&self, at: usize, what: &str) -> Result<String, String> {
        Ok(utf16_until_nul(self.tail(at, what)?))
    }
}

/// Windows "ANSI" strings are in the system code page, unknown here; Latin-1 keeps every byte
/// visible and ASCII paths exact.
fn latin1_until_nul(bytes: &[u8]) -> String {
    bytes
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| char::from(b))
        .collect()
}

fn utf16_until_nul(bytes: &[u8]) -> String {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .filter_map(|pair| pair.try_into().ok())
        .map(u16::from_le_bytes)
        .take_while(|&unit| unit != 0)
        .collect();
    String::from_utf16_lossy(&units)
}

/// File sizes and offsets are 32-bit; on the 64-bit targets needle runs on this never
/// saturates, and where it would the following bounds check rejects the value.
fn to_usize(value: u32) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;
    use std::path::PathBuf;
    use std::sync::atomic::{AtomicUsize, Ordering};

    const RUNDLL32: &str = r"C:\Windows\System32\rundll32.exe";
    const MSDN_ARGUMENTS: &str = r"C:\ProgramData\Microsoft\MSDN\msdn.bin,Start 7486513879852";

    /// A fresh scratch directory, unique even when tests share a fixture and run in parallel.
    fn scratch(test: &str) -> PathBuf {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("winauto-{test}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch directory");
        dir
    }

    /// Creates a shortcut with the `pylnk3 c` command line and returns its bytes.
    fn pylnk3_create(test: &str, args: &[&str]) -> Vec<u8> {
        let dir = scratch(test);
        let lnk = dir.join("out.lnk");
        let lnk_arg = lnk.to_str().expect("UTF-8 temp path");
        let mut full = vec!["c", args[0], lnk_arg];
        full.extend_from_slice(&args[1..]);
        crate::test_tools::run("pylnk3", &full, &[0]);
        let data = std::fs::read(&lnk).expect("read the shortcut pylnk3 wrote");
        let _ = std::fs::remove_dir_all(&dir);
        data
    }

    /// Runs a pylnk3 script with the path to write as `OUT` and returns the bytes written.
    fn pylnk3_script(test: &str, body: &str) -> Vec<u8> {
        let dir = scratch(test);
        let lnk = dir.join("out.lnk");
        let script = format!("import sys, pylnk3\nOUT = sys.argv[1]\n{body}\n");
        let lnk_arg = lnk.to_str().expect("UTF-8 temp path");
        crate::test_tools::run("python3", &["-c", &script, lnk_arg], &[0]);
        let data = std::fs::read(&lnk).expect("read the shortcut pylnk3 wrote");
        let _ = std::fs::remove_dir_all(&dir);
        data
    }

    fn rundll32_shortcut() -> Vec<u8> {
        pylnk3_create(
            "rundll32",
            &[
                RUNDLL32,
                "-a",
                MSDN_ARGUMENTS,
                "-d",
                "MSDN helper",
                "-i",
                r"C:\Windows\System32\shell32.dll",
                "-ii",
                "3",
                "-w",
                r"C:\ProgramData\Microsoft\MSDN",
            ],
        )
    }

    #[test]
    fn pylnk3_rundll32_shortcut_gives_every_field() {
        if !crate::test_tools::available(&["pylnk3"])
            || !crate::test_tools::python_modules(&["pylnk3"])
        {
            return;
        }
        let shortcut = parse(&rundll32_shortcut()).expect("parse pylnk3 shortcut");
        assert_eq!(
            shortcut,
            Shortcut {
                target: Some(RUNDLL32.to_string()),
                arguments: Some(MSDN_ARGUMENTS.to_string()),
                working_dir: Some(r"C:\ProgramData\Microsoft\MSDN".to_string()),
                icon_location: Some(r"C:\Windows\System32\shell32.dll".to_string()),
                name: Some("MSDN helper".to_string()),
                ..Shortcut::default()
            }
        );
    }

    #[test]
    fn pylnk3_slack_shortcut_target_from_id_list() {
        if !crate::test_tools::available(&["pylnk3"])
            || !crate::test_tools::python_modules(&["pylnk3"])
        {
            return;
        }
        let slack = r"C:\Users\alice\AppData\Local\Slack\slack.exe";
        let shortcut = parse(&pylnk3_create("slack", &[slack])).expect("parse");
        assert_eq!(shortcut.target.as_deref(), Some(slack));
        assert_eq!(shortcut.arguments, None);
        assert_eq!(shortcut.working_dir, None);
    }

    #[test]
    fn pylnk3_link_info_local_path_and_relative_path() {
        if !crate::test_tools::available(&["pylnk3"])
            || !crate::test_tools::python_modules(&["pylnk3"])
        {
            return;
        }
        let data = pylnk3_script(
            "linkinfo",
            r#"
target = r'C:\Users\alice\AppData\Roaming\upd\upd.exe'
lnk = pylnk3.for_file(target, arguments='-silent', work_dir=r'C:\Users\alice')
lnk.shell_item_id_list = None
lnk.link_info = pylnk3.LinkInfo()
lnk.specify_local_location(target, drive_type=pylnk3.DRIVE_FIXED, drive_serial=0x1234ABCD,
                           volume_label='OS')
lnk.relative_path = r'..\AppData\Roaming\upd\upd.exe'
lnk.save(OUT)
"#,
        );
        let shortcut = parse(&data).expect("parse");
        assert_eq!(
            shortcut.target.as_deref(),
            Some(r"C:\Users\alice\AppData\Roaming\upd\upd.exe")
        );
        assert_eq!(
            shortcut.relative_path.as_deref(),
            Some(r"..\AppData\Roaming\upd\upd.exe")
        );
        assert_eq!(shortcut.arguments.as_deref(), Some("-silent"));
        assert_eq!(shortcut.working_dir.as_deref(), Some(r"C:\Users\alice"));
    }

    #[test]
    fn pylnk3_unc_shortcut_gives_share_and_environment_target() {
        if !crate::test_tools::available(&["pylnk3"])
            || !crate::test_tools::python_modules(&["pylnk3"])
        {
            return;
        }
        let unc = r"\\FILESRV\Share\tools\agent.exe";
        let shortcut = parse(&pylnk3_create("unc", &[unc])).expect("parse");
        // pylnk3 upper-cases the share in LinkInfo and points the path suffix at an empty
        // string, so the full path comes from the EnvironmentVariableDataBlock it also writes.
        assert_eq!(shortcut.network_share.as_deref(), Some(r"\\FILESRV\SHARE"));
        assert_eq!(shortcut.env_target.as_deref(), Some(unc));
        assert_eq!(shortcut.target.as_deref(), Some(unc));
    }

    #[test]
    fn pylnk3_ansi_string_data() {
        if !crate::test_tools::available(&["pylnk3"])
            || !crate::test_tools::python_modules(&["pylnk3"])
        {
            return;
        }
        let data = pylnk3_script(
            "ansi",
            r"
lnk = pylnk3.for_file(r'C:\Tools\a.exe', arguments='x y', description='ansi desc',
                      work_dir=r'C:\Tools')
lnk.link_flags.IsUnicode = False
lnk.save(OUT)
",
        );
        let shortcut = parse(&data).expect("parse");
        assert_eq!(shortcut.target.as_deref(), Some(r"C:\Tools\a.exe"));
        assert_eq!(shortcut.arguments.as_deref(), Some("x y"));
        assert_eq!(shortcut.name.as_deref(), Some("ansi desc"));
        assert_eq!(shortcut.working_dir.as_deref(), Some(r"C:\Tools"));
    }

    // Hand-built structures, per MS-SHLLINK and libfwsi, for what pylnk3 cannot write.

    fn header(flags: u32) -> Vec<u8> {
        let mut h = vec![0u8; 0x4C];
        h[..4].copy_from_slice(&HEADER_SIZE.to_le_bytes());
        h[4..20].copy_from_slice(&LINK_CLSID);
        h[0x14..0x18].copy_from_slice(&flags.to_le_bytes());
        h
    }

    fn utf16z(s: &str) -> Vec<u8> {
        s.encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect()
    }

    fn string_data(s: &str) -> Vec<u8> {
        let units: Vec<u16> = s.encode_utf16().collect();
        let mut out = (units.len() as u16).to_le_bytes().to_vec();
        out.extend(units.iter().flat_map(|u| u.to_le_bytes()));
        out
    }

    fn environment_block(ansi: &str, unicode: &str) -> Vec<u8> {
        let mut block = 0x314u32.to_le_bytes().to_vec();
        block.extend(ENVIRONMENT_VARIABLE_BLOCK.to_le_bytes());
        let mut ansi = ansi.as_bytes().to_vec();
        ansi.resize(260, 0);
        let mut unicode = utf16z(unicode);
        unicode.resize(520, 0);
        block.extend(ansi);
        block.extend(unicode);
        block
    }

    /// A block of another kind (a SpecialFolderDataBlock), to be skipped by its size.
    fn special_folder_block() -> Vec<u8> {
        let mut block = 0x10u32.to_le_bytes().to_vec();
        block.extend(0xA000_0005u32.to_le_bytes());
        block.extend([0x25, 0, 0, 0, 0x1C, 0, 0, 0]);
        block
    }

    fn id_list(items: &[Vec<u8>]) -> Vec<u8> {
        let mut list: Vec<u8> = items.concat();
        list.extend([0, 0]);
        let mut out = (list.len() as u16).to_le_bytes().to_vec();
        out.extend(list);
        out
    }

    fn shell_item(data: &[u8]) -> Vec<u8> {
        let mut item = ((data.len() + 2) as u16).to_le_bytes().to_vec();
        item.extend_from_slice(data);
        item
    }

    fn my_computer() -> Vec<u8> {
        // Root folder item: sort index 0x50, CLSID 20D04FE0-3AEA-1069-A2D8-08002B30309D.
        shell_item(&[
            0x1F, 0x50, 0xE0, 0x4F, 0xD0, 0x20, 0xEA, 0x3A, 0x69, 0x10, 0xA2, 0xD8, 0x08, 0x00,
            0x2B, 0x30, 0x30, 0x9D,
        ])
    }

    fn volume(drive: &str) -> Vec<u8> {
        let mut data = vec![0x2F];
        data.extend(drive.as_bytes());
        data.resize(23, 0);
        shell_item(&data)
    }

    /// A file entry as Windows 10 writes it: 8.3 primary name, version 9 BEEF0004 extension
    /// holding the long name, and the extension's offset in the item's last two bytes.
    fn file_entry(short: &str, long: &str, directory: bool) -> Vec<u8> {
        let mut data = vec![if directory { 0x31 } else { 0x32 }, 0];
        data.extend(0u32.to_le_bytes()); // file size
        data.extend(0x5A21_4C3Bu32.to_le_bytes()); // modification time
        data.extend((if directory { 0x10u16 } else { 0x20 }).to_le_bytes());
        data.extend(short.as_bytes());
        data.push(0);
        if data.len() % 2 == 1 {
            data.push(0);
        }
        let extension_offset = (data.len() + 2) as u16;
        let mut ext = Vec::new();
        ext.extend(9u16.to_le_bytes()); // version
        ext.extend(FILE_ENTRY_EXTENSION.to_le_bytes());
        ext.extend([0u8; 8]); // creation and access times
        ext.extend(0x2Eu16.to_le_bytes());
        ext.extend([0u8; 2]);
        ext.extend([0u8; 16]); // NTFS file reference and unknown
        ext.extend(0u16.to_le_bytes()); // no localised name
        ext.extend([0u8; 8]); // two unknown 32-bit values (versions 8 and 9)
        ext.extend(utf16z(long));
        ext.extend(extension_offset.to_le_bytes());
        let size = (ext.len() + 2) as u16;
        data.extend(size.to_le_bytes());
        data.extend(ext);
        shell_item(&data)
    }

    /// A file entry with a UTF-16 primary name and no extension block.
    fn unicode_file_entry(name: &str) -> Vec<u8> {
        let mut data = vec![0x32 | FILE_ENTRY_UNICODE_NAME, 0];
        data.extend([0u8; 10]);
        data.extend(utf16z(name));
        shell_item(&data)
    }

    fn windows10_id_list() -> Vec<u8> {
        id_list(&[
            my_computer(),
            volume(r"C:\"),
            file_entry("PROGRA~1", "Program Files", true),
            file_entry("VENDOR~1", "Vendor App", true),
            file_entry("APP~1.EXE", "app.exe", false),
        ])
    }

    /// LinkInfo with Unicode offsets (header 0x24): ANSI and Unicode base path and suffix.
    fn unicode_link_info(ansi_base: &str, base: &str, suffix: &str) -> Vec<u8> {
        let mut body = Vec::new();
        let volume_id_offset = 0x24u32;
        let volume_id = [
            0x11u32.to_le_bytes(), // size
            3u32.to_le_bytes(),    // DRIVE_FIXED
            0xCAFEu32.to_le_bytes(),
            0x10u32.to_le_bytes(),
        ]
        .concat();
        body.extend(&volume_id);
        body.push(0); // empty label
        let base_offset = 0x24 + body.len() as u32;
        body.extend(ansi_base.as_bytes());
        body.push(0);
        let suffix_offset = 0x24 + body.len() as u32;
        body.extend(suffix.as_bytes());
        body.push(0);
        let base_unicode = 0x24 + body.len() as u32;
        body.extend(utf16z(base));
        let suffix_unicode = 0x24 + body.len() as u32;
        body.extend(utf16z(suffix));
        let size = 0x24 + body.len() as u32;
        let mut info = Vec::new();
        for field in [
            size,
            0x24,
            VOLUME_ID_AND_LOCAL_BASE_PATH,
            volume_id_offset,
            base_offset,
            0,
            suffix_offset,
            base_unicode,
            suffix_unicode,
        ] {
            info.extend(field.to_le_bytes());
        }
        info.extend(body);
        info
    }

    /// LinkInfo naming a share and a path below it, as Windows writes for a mapped drive.
    fn network_link_info(net_name: &str, device: &str, suffix: &str) -> Vec<u8> {
        let mut network = Vec::new();
        let net_name_offset = 0x14u32;
        let device_offset = net_name_offset + net_name.len() as u32 + 1;
        let network_size = device_offset + device.len() as u32 + 1;
        for field in [network_size, 3, net_name_offset, device_offset, 0x0002_0000] {
            network.extend(field.to_le_bytes());
        }
        network.extend(net_name.as_bytes());
        network.push(0);
        network.extend(device.as_bytes());
        network.push(0);
        let network_offset = 0x1Cu32;
        let suffix_offset = network_offset + network.len() as u32;
        let size = suffix_offset + suffix.len() as u32 + 1;
        let mut info = Vec::new();
        for field in [
            size,
            0x1C,
            COMMON_NETWORK_RELATIVE_LINK_AND_PATH_SUFFIX,
            0,
            0,
            network_offset,
            suffix_offset,
        ] {
            info.extend(field.to_le_bytes());
        }
        info.extend(network);
        info.extend(suffix.as_bytes());
        info.push(0);
        info
    }

    #[test]
    fn environment_block_only_shortcut() {
        // HasArguments | IsUnicode | HasExpString; no ID list, no LinkInfo.
        let mut data = header(HAS_ARGUMENTS | IS_UNICODE | 0x200);
        data.extend(string_data(r"C:\Users\Public\lib.dll,Run"));
        data.extend(special_folder_block());
        data.extend(environment_block(
            r"%windir%\system32\rundll32.exe",
            r"%windir%\system32\rundll32.exe",
        ));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        let env = r"%windir%\system32\rundll32.exe";
        assert_eq!(shortcut.env_target.as_deref(), Some(env));
        assert_eq!(shortcut.target.as_deref(), Some(env));
        assert_eq!(
            shortcut.arguments.as_deref(),
            Some(r"C:\Users\Public\lib.dll,Run")
        );
    }

    #[test]
    fn environment_block_ansi_target_when_unicode_is_empty() {
        let mut data = header(IS_UNICODE);
        data.extend(environment_block(r"%ProgramData%\x\y.exe", ""));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(
            shortcut.env_target.as_deref(),
            Some(r"%ProgramData%\x\y.exe")
        );
    }

    #[test]
    fn id_list_only_shortcut_uses_long_names() {
        let mut data = header(HAS_LINK_TARGET_ID_LIST | IS_UNICODE);
        data.extend(windows10_id_list());
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(
            shortcut.target.as_deref(),
            Some(r"C:\Program Files\Vendor App\app.exe")
        );
    }

    #[test]
    fn id_list_unicode_primary_name() {
        let mut data = header(HAS_LINK_TARGET_ID_LIST | IS_UNICODE);
        data.extend(id_list(&[
            my_computer(),
            volume(r"D:\"),
            unicode_file_entry("Données"),
            unicode_file_entry("outil.exe"),
        ]));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(shortcut.target.as_deref(), Some(r"D:\Données\outil.exe"));
    }

    #[test]
    fn id_list_without_a_drive_gives_no_path() {
        // File entries under a root folder other than a drive (a known folder) name no full
        // path; the environment block then supplies the target.
        let mut data = header(HAS_LINK_TARGET_ID_LIST | IS_UNICODE);
        data.extend(id_list(&[my_computer(), file_entry("A~1", "a.exe", false)]));
        data.extend(environment_block("", r"%USERPROFILE%\a.exe"));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(shortcut.target.as_deref(), Some(r"%USERPROFILE%\a.exe"));
    }

    #[test]
    fn link_info_unicode_path_wins_over_id_list() {
        let flags = HAS_LINK_TARGET_ID_LIST | HAS_LINK_INFO | IS_UNICODE;
        let mut data = header(flags);
        data.extend(windows10_id_list());
        data.extend(unicode_link_info(
            r"C:\Users\Zo?\Tools",
            r"C:\Users\Zoë\Tools",
            "run.exe",
        ));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(
            shortcut.target.as_deref(),
            Some(r"C:\Users\Zoë\Tools\run.exe")
        );
        assert_eq!(shortcut.network_share, None);
    }

    #[test]
    fn force_no_link_info_ignores_link_info() {
        let flags = HAS_LINK_TARGET_ID_LIST | HAS_LINK_INFO | IS_UNICODE | FORCE_NO_LINK_INFO;
        let mut data = header(flags);
        data.extend(windows10_id_list());
        data.extend(unicode_link_info(r"C:\x", r"C:\x", "decoy.exe"));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(
            shortcut.target.as_deref(),
            Some(r"C:\Program Files\Vendor App\app.exe")
        );
    }

    #[test]
    fn network_link_info_joins_share_and_suffix() {
        let mut data = header(HAS_LINK_INFO | HAS_WORKING_DIR | IS_UNICODE);
        data.extend(network_link_info(r"\\fs01\tools", "Z:", r"bin\agent.exe"));
        data.extend(string_data(r"Z:\bin"));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(shortcut.network_share.as_deref(), Some(r"\\fs01\tools"));
        assert_eq!(
            shortcut.target.as_deref(),
            Some(r"\\fs01\tools\bin\agent.exe")
        );
        assert_eq!(shortcut.working_dir.as_deref(), Some(r"Z:\bin"));
    }

    #[test]
    fn ansi_string_data_is_latin1() {
        let mut data = header(HAS_NAME | HAS_ARGUMENTS);
        data.extend([4, 0, b'c', b'a', b'f', 0xE9]);
        data.extend([3, 0, b'-', b'q', b' ']);
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(shortcut.name.as_deref(), Some("café"));
        assert_eq!(shortcut.arguments.as_deref(), Some("-q "));
    }

    #[test]
    fn padded_strings_are_read_as_windows_reads_them() {
        // WORKING_DIR claims 0x0FFF characters, but Windows consumes only 260 of them and reads
        // the arguments right after: the padding hides the command from count-trusting parsers.
        let hidden = r#"/c "powershell -w hidden -File %TEMP%\a.ps1""#;
        let mut padded: Vec<u16> = r"C:\Windows\System32".encode_utf16().collect();
        padded.resize(MAX_PATH, u16::from(b' '));
        let mut data = header(HAS_WORKING_DIR | HAS_ARGUMENTS | HAS_ICON_LOCATION | IS_UNICODE);
        data.extend(0x0FFFu16.to_le_bytes());
        data.extend(padded.iter().flat_map(|u| u.to_le_bytes()));
        data.extend(string_data(hidden));
        data.extend(string_data(r"C:\Windows\System32\shell32.dll"));
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        let working_dir = shortcut.working_dir.expect("working dir");
        assert!(
            working_dir.starts_with(r"C:\Windows\System32 "),
            "{working_dir}"
        );
        assert_eq!(working_dir.chars().count(), MAX_PATH - 1);
        assert_eq!(shortcut.arguments.as_deref(), Some(hidden));
        assert_eq!(
            shortcut.icon_location.as_deref(),
            Some(r"C:\Windows\System32\shell32.dll")
        );

        // A count of exactly 260 keeps 259 characters; the arguments are never capped.
        let long_arguments = "x".repeat(3000);
        let mut data = header(HAS_NAME | HAS_ARGUMENTS);
        data.extend(260u16.to_le_bytes());
        data.extend([b'n'; 260]);
        data.extend(3000u16.to_le_bytes());
        data.extend(long_arguments.as_bytes());
        data.extend([0u8; 4]);
        let shortcut = parse(&data).expect("parse");
        assert_eq!(shortcut.name.map(|n| n.len()), Some(259));
        assert_eq!(shortcut.arguments, Some(long_arguments));
    }

    #[test]
    fn rejects_what_is_not_a_shortcut() {
        let mut data = header(0);
        data[0] = 0x4D;
        let error = parse(&data).expect_err("bad header size");
        assert!(error.contains("offset 0x0"), "{error}");
        let mut data = header(0);
        data[4] = 0x02;
        let error = parse(&data).expect_err("bad CLSID");
        assert!(error.contains("CLSID"), "{error}");
        assert!(parse(b"").is_err());
        assert!(parse(b"MZ\x90\x00").is_err());
    }

    #[test]
    fn every_truncation_of_real_shortcuts_is_an_error() {
        if !crate::test_tools::available(&["pylnk3"])
            || !crate::test_tools::python_modules(&["pylnk3"])
        {
            return;
        }
        let unc = pylnk3_create("truncate-unc", &[r"\\FILESRV\Share\tools\agent.exe"]);
        let mut hand = header(HAS_LINK_TARGET_ID_LIST | HAS_LINK_INFO | IS_UNICODE | HAS_NAME);
        hand.extend(windows10_id_list());
        hand.extend(unicode_link_info(r"C:\a", r"C:\a", "b.exe"));
        hand.extend(string_data("name"));
        hand.extend(environment_block("%a%", "%a%"));
        hand.extend([0u8; 4]);
        let environment = ENVIRONMENT_VARIABLE_BLOCK_SIZE + 4;
        // (shortcut, where its ExtraData starts, counted from the end of the file)
        for (data, extra_data) in [
            (rundll32_shortcut(), 4),
            (unc, environment),
            (hand, environment),
        ] {
            let full = parse(&data).expect("parse the whole shortcut");
            // A cut between ExtraData blocks leaves a shortcut Windows still reads; anywhere
            // else the file is incomplete.
            let block_ends = [data.len() - extra_data, data.len() - 4];
            for len in 0..data.len() {
                let result = parse(&data[..len]);
                if block_ends.contains(&len) {
                    let cut = result.unwrap_or_else(|e| panic!("cut at {len}: {e}"));
                    assert_eq!(cut.arguments, full.arguments);
                } else {
                    assert!(result.is_err(), "truncated to {len} bytes: {result:?}");
                }
            }
        }
    }

    #[test]
    fn random_byte_flips_never_panic() {
        if !crate::test_tools::available(&["pylnk3"])
            || !crate::test_tools::python_modules(&["pylnk3"])
        {
            return;
        }
        let mut hand = header(HAS_LINK_TARGET_ID_LIST | HAS_LINK_INFO | IS_UNICODE | HAS_NAME);
        hand.extend(windows10_id_list());
        hand.extend(network_link_info(r"\\s\t", "Z:", r"x\y.exe"));
        hand.extend(string_data("name"));
        hand.extend(environment_block("%a%", "%a%"));
        hand.extend([0u8; 4]);
        let seeds = [rundll32_shortcut(), hand];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut parsed = 0;
        for iteration in 0..6000 {
            let mut data = seeds[iteration % seeds.len()].clone();
            for _ in 0..=rng.below(8) {
                let at = rng.below(data.len());
                // Favour the values that break sizes and offsets: 0x00, 0xFF and random.
                data[at] = match rng.below(3) {
                    0 => 0,
                    1 => 0xFF,
                    _ => rng.next() as u8,
                };
            }
            if parse(&data).is_ok() {
                parsed += 1;
            }
        }
        // Most flips land in timestamps, names and padding and leave a readable shortcut.
        assert!(
            parsed > 1000,
            "only {parsed} of 6000 mutated shortcuts parsed"
        );
    }

    #[test]
    fn random_bytes_after_a_valid_header_never_panic() {
        let mut rng = Rng(42);
        for _ in 0..3000 {
            let mut data = header(rng.next() as u32);
            let len = rng.below(600);
            data.extend((0..len).map(|_| rng.next() as u8));
            let _ = parse(&data);
        }
    }

    #[test]
    fn absurd_sizes_and_counts_are_errors() {
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("ID list size 0xFFFF", {
                let mut d = header(HAS_LINK_TARGET_ID_LIST);
                d.extend([0xFF, 0xFF, 0x10, 0x00]);
                d
            }),
            ("shell item size 1", {
                let mut d = header(HAS_LINK_TARGET_ID_LIST);
                d.extend([4, 0, 1, 0, 0, 0]);
                d
            }),
            ("shell item larger than the list", {
                let mut d = header(HAS_LINK_TARGET_ID_LIST);
                d.extend([4, 0, 0xF0, 0xFF, 0x2F, 0]);
                d
            }),
            ("LinkInfo size 0xFFFFFFFF", {
                let mut d = header(HAS_LINK_INFO);
                d.extend(0xFFFF_FFFFu32.to_le_bytes());
                d.extend([0u8; 64]);
                d
            }),
            ("LinkInfo size below its header", {
                let mut d = header(HAS_LINK_INFO);
                d.extend(4u32.to_le_bytes());
                d.extend([0u8; 64]);
                d
            }),
            ("LinkInfo offsets 0xFFFFFFFF", {
                let mut d = header(HAS_LINK_INFO);
                let mut info = unicode_link_info(r"C:\a", r"C:\a", "b");
                info[0x1C..0x20].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
                d.extend(info);
                d.extend([0u8; 4]);
                d
            }),
            ("network link offset 0xFFFFFFFF", {
                let mut d = header(HAS_LINK_INFO);
                let mut info = network_link_info(r"\\s\t", "Z:", "x");
                info[0x14..0x18].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
                d.extend(info);
                d.extend([0u8; 4]);
                d
            }),
            ("string count 0xFFFF", {
                let mut d = header(HAS_ARGUMENTS | IS_UNICODE);
                d.extend([0xFF, 0xFF, b'a', 0]);
                d
            }),
            ("ExtraData block size 0xFFFFFFFF", {
                let mut d = header(0);
                d.extend(0xFFFF_FFFFu32.to_le_bytes());
                d.extend(ENVIRONMENT_VARIABLE_BLOCK.to_le_bytes());
                d
            }),
            ("ExtraData block size 5", {
                let mut d = header(0);
                d.extend(5u32.to_le_bytes());
                d.extend([0u8; 8]);
                d
            }),
            ("EnvironmentVariableDataBlock too small", {
                let mut d = header(0);
                d.extend(12u32.to_le_bytes());
                d.extend(ENVIRONMENT_VARIABLE_BLOCK.to_le_bytes());
                d.extend([0u8; 8]);
                d
            }),
        ];
        for (what, data) in cases {
            let result = parse(&data);
            assert!(result.is_err(), "{what}: {result:?}");
        }
    }

    #[test]
    fn many_tiny_items_and_blocks_end() {
        // The largest ID list of empty 2-byte items, then thousands of minimal extra blocks.
        let mut data = header(HAS_LINK_TARGET_ID_LIST);
        data.extend(0xFFFEu16.to_le_bytes());
        for _ in 0..0x7FFF {
            data.extend([2, 0]);
        }
        for _ in 0..50_000 {
            data.extend(8u32.to_le_bytes());
            data.extend(0xA000_0099u32.to_le_bytes());
        }
        data.extend([0u8; 4]);
        assert_eq!(parse(&data).expect("parse").target, None);
    }
}
