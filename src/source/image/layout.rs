//! Opening an image through all its layers: container -> volumes -> filesystems, and what each
//! volume is. `needle image ls` prints this; `needle scan IMAGE` walks it.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::container::{self, Format};
use super::disk::{Disk, SharedDisk, Slice};
use super::fs::{self, FileSystem};
use super::volume::{self, Content, Scheme, VolumeMap};

/// Recognises a disk image by content: a container's magic, or for raw images (files and block
/// devices) a partition table or a filesystem at offset 0. `Ok(None)` for anything else.
pub fn recognise(path: &Path) -> io::Result<Option<Format>> {
    use std::os::unix::fs::FileTypeExt;
    if let Some(format) = container::detect(path)? {
        return Ok(Some(format));
    }
    let file_type = std::fs::metadata(path)?.file_type();
    if !file_type.is_file() && !file_type.is_block_device() {
        return Ok(None);
    }
    // A file the raw reader refuses (a later segment of a split image) is not a disk either.
    let Ok(disk) = container::open(path, Format::Raw) else {
        return Ok(None);
    };
    let size = disk.size();
    let disk: SharedDisk = Arc::new(Mutex::new(disk));
    Ok(volume::looks_like_disk(&disk, size).then_some(Format::Raw))
}

/// An image opened through its layers.
pub struct OpenedImage {
    pub path: PathBuf,
    pub layout: ImageLayout,
    /// One entry per volume of `layout.volumes`, in the same order: the filesystem when one was
    /// recognised and opened.
    pub filesystems: Vec<Option<Box<dyn FileSystem>>>,
    /// The decoded disk the filesystems read.
    pub disk: SharedDisk,
}

/// What an image contains, as `needle image ls` and the scan summary show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageLayout {
    pub path: String,
    /// "raw", "ewf (2 segments)", "qcow2", "vmdk (streamOptimized)"...
    pub container: String,
    /// Size of the virtual disk in bytes.
    pub disk_size: u64,
    /// "gpt", "mbr" or "none" (a filesystem with no partition table).
    pub partition_table: String,
    pub volumes: Vec<VolumeInfo>,
    /// Problems with the partition tables (a bad GPT header, an EBR loop...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    /// "windows" when a volume holds `\Windows`, "linux" when one holds `/etc` and `/usr`.
    pub os_family: Option<String>,
    /// SHA-256 of the whole virtual disk as decoded (`--hash-image`): the same for the same
    /// disk in any container, and comparable with an acquisition hash of the media.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeInfo {
    /// Partition number (1-based, as the table numbers it); 0 without a partition table.
    pub partition: u32,
    pub start: u64,
    pub length: u64,
    /// Partition type: GPT type name or MBR type byte.
    pub partition_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What the volume holds: "ntfs", "ext4", "fat32", "xfs", "btrfs", "bitlocker", "luks", "lvm",
    /// "exfat", "swap", "empty", "unknown".
    pub content: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// How files are named on the host: "C:" for the Windows system volume, other letters for
    /// other Windows volumes (assigned in partition order), "/" for Linux filesystems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mount: Option<String>,
    /// "scanned" once walked; otherwise why the volume is not scanned.
    pub status: String,
    pub files_read: u64,
    pub bytes_read: u64,
    /// btrfs subvolumes and snapshots besides the root one, each walked where it appears.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subvolumes: Vec<SubvolumeInfo>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubvolumeInfo {
    pub id: u64,
    /// Where it appears on the host, as a path in the volume.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Why it is not walked (deleted, or linked into no directory).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_walked: Option<String>,
}

pub const STATUS_READY: &str = "readable";
pub const STATUS_SCANNED: &str = "scanned";

/// Opens the container, maps the volumes and opens every filesystem it recognises. Fails only
/// when the container itself cannot be opened; volume and filesystem problems are recorded in
/// the layout.
pub fn open(path: &Path, format: Format) -> Result<OpenedImage, String> {
    let disk = container::open(path, format).map_err(|e| e.to_string())?;
    open_disk(path, disk)
}

/// [`open`] past the container: maps the volumes of `disk`, the decoded image at `path`, and
/// opens every filesystem it recognises.
pub fn open_disk(path: &Path, disk: Box<dyn Disk>) -> Result<OpenedImage, String> {
    let container = disk.format();
    let disk_size = disk.size();
    let container_problems = disk.problems();
    let disk: SharedDisk = Arc::new(Mutex::new(disk));
    let map: VolumeMap = guarded("partition tables", || {
        Ok::<_, String>(volume::map(&disk, disk_size))
    })?;
    let recognised = map.volumes.iter().any(|v| {
        map.scheme != Scheme::None || !matches!(v.content, Content::Unknown | Content::Empty)
    });
    if !recognised {
        let mut message =
            "no partition table or filesystem that needle recognises at the start of the disk"
                .to_string();
        for problem in &map.problems {
            message.push_str("; ");
            message.push_str(problem);
        }
        return Err(message);
    }
    let mut volumes = Vec::new();
    let mut filesystems = Vec::new();
    for found in &map.volumes {
        let slice = Slice::new(disk.clone(), found.start, found.length);
        let (content, mut filesystem, status) = open_volume(found.content, slice);
        let mut info = VolumeInfo {
            partition: found.index,
            start: found.start,
            length: found.length,
            partition_type: found.type_name.clone(),
            name: found.name.clone(),
            content,
            label: filesystem.as_ref().and_then(|fs| fs.label()),
            mount: None,
            status,
            files_read: 0,
            bytes_read: 0,
            subvolumes: filesystem
                .as_mut()
                .map(|fs| {
                    fs.subvolumes()
                        .into_iter()
                        .map(|subvolume| {
                            let (path, not_walked) = match subvolume.path {
                                Ok(path) => {
                                    (Some(String::from_utf8_lossy(&path).into_owned()), None)
                                }
                                Err(why) => (None, Some(why)),
                            };
                            SubvolumeInfo {
                                id: subvolume.id,
                                path,
                                not_walked,
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        if info.label.as_deref().is_some_and(str::is_empty) {
            info.label = None;
        }
        volumes.push(info);
        filesystems.push(filesystem);
    }
    let os_family = assign_mounts(&mut volumes, &mut filesystems);
    Ok(OpenedImage {
        path: path.to_path_buf(),
        layout: ImageLayout {
            path: path.to_string_lossy().into_owned(),
            container,
            disk_size,
            partition_table: match map.scheme {
                Scheme::Gpt => "gpt",
                Scheme::Mbr => "mbr",
                Scheme::None => "none",
            }
            .to_string(),
            volumes,
            problems: container_problems.into_iter().chain(map.problems).collect(),
            os_family: os_family.map(str::to_string),
            media_sha256: None,
        },
        filesystems,
        disk,
    })
}

/// SHA-256 of every byte of the virtual disk, read through its own container reader (so it runs
/// beside the scan); stops with an error when `stop` is set.
pub fn media_sha256(path: &Path, format: Format, stop: &AtomicBool) -> Result<String, String> {
    use sha2::{Digest, Sha256};
    let mut disk = container::open(path, format).map_err(|e| e.to_string())?;
    let size = disk.size();
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    let mut offset = 0;
    while offset < size {
        if stop.load(Ordering::Relaxed) {
            return Err("interrupted".to_string());
        }
        let read = guarded("container", || disk.read_at(offset, &mut buffer))?;
        if read == 0 {
            return Err(format!(
                "the disk ended at byte {offset} of the {size} its container declares"
            ));
        }
        hasher.update(&buffer[..read]);
        offset += read as u64;
    }
    Ok(hex::encode(hasher.finalize()))
}

/// Opens the filesystem a volume's first sectors announce; returns (content name, filesystem,
/// status). Volumes that cannot be read say why in their status.
fn open_volume(content: Content, slice: Slice) -> (String, Option<Box<dyn FileSystem>>, String) {
    let opened: Result<Box<dyn FileSystem>, String> = match content {
        Content::Ntfs => guarded("NTFS", || {
            fs::ntfs::open(slice).map(|fs| Box::new(fs) as Box<dyn FileSystem>)
        }),
        Content::Ext => guarded("ext", || {
            fs::ext::open(slice).map(|fs| Box::new(fs) as Box<dyn FileSystem>)
        }),
        Content::Fat => guarded("FAT", || {
            fs::fat::open(slice).map(|fs| Box::new(fs) as Box<dyn FileSystem>)
        }),
        Content::ExFat => guarded("exFAT", || {
            fs::exfat::open(slice).map(|fs| Box::new(fs) as Box<dyn FileSystem>)
        }),
        Content::Xfs => guarded("XFS", || {
            fs::xfs::open(slice).map(|fs| Box::new(fs) as Box<dyn FileSystem>)
        }),
        Content::Btrfs => guarded("btrfs", || {
            fs::btrfs::open(slice).map(|fs| Box::new(fs) as Box<dyn FileSystem>)
        }),
        other => {
            let (name, why) = unreadable(other);
            return (name.to_string(), None, format!("not scanned: {why}"));
        }
    };
    let (name, _) = unreadable(content);
    match opened {
        Ok(filesystem) => (
            filesystem.kind().to_string(),
            Some(filesystem),
            STATUS_READY.to_string(),
        ),
        Err(message) => (name.to_string(), None, format!("error: {message}")),
    }
}

/// The content's name, and why needle cannot read files from it.
fn unreadable(content: Content) -> (&'static str, &'static str) {
    match content {
        Content::Ntfs => ("ntfs", "the NTFS filesystem could not be opened"),
        Content::Ext => ("ext", "the ext filesystem could not be opened"),
        Content::Fat => ("fat", "the FAT filesystem could not be opened"),
        Content::ExFat => ("exfat", "the exFAT filesystem could not be opened"),
        Content::Xfs => ("xfs", "the XFS filesystem could not be opened"),
        Content::Btrfs => ("btrfs", "the btrfs filesystem could not be opened"),
        Content::BitLocker => ("bitlocker", "BitLocker-encrypted volume (no key support)"),
        Content::Luks => ("luks", "LUKS-encrypted volume (no key support)"),
        Content::Lvm => (
            "lvm",
            "LVM physical volume: logical volumes are not read yet",
        ),
        Content::Swap => ("swap", "swap space holds no files"),
        Content::Empty => ("empty", "the volume is all zeros"),
        Content::Unknown => ("unknown", "no filesystem needle can read was recognised"),
    }
}

/// Names volumes as the host did: the Windows system volume (holding `\Windows`) is `C:`, other
/// NTFS and FAT volumes get `D:`, `E:`... in partition order; Linux filesystems are `/`.
/// Returns the operating system family the volumes suggest.
fn assign_mounts(
    volumes: &mut [VolumeInfo],
    filesystems: &mut [Option<Box<dyn FileSystem>>],
) -> Option<&'static str> {
    let mut system = None;
    let mut linux = false;
    for (index, filesystem) in filesystems.iter_mut().enumerate() {
        let Some(filesystem) = filesystem else {
            continue;
        };
        let names = guarded("root directory", || {
            filesystem.root_names().map_err(|e| e.to_string())
        })
        .unwrap_or_default();
        let has = |wanted: &str| {
            names
                .iter()
                .any(|name| name.eq_ignore_ascii_case(wanted.as_bytes()))
        };
        if windows_family(filesystem.kind()) {
            if system.is_none() && has("Windows") {
                system = Some(index);
            }
        } else if names.iter().any(|n| n == b"etc") && names.iter().any(|n| n == b"usr") {
            linux = true;
        }
    }
    let mut letters = (b'D'..=b'Z').map(char::from);
    for (index, (info, filesystem)) in volumes.iter_mut().zip(filesystems.iter()).enumerate() {
        let Some(filesystem) = filesystem else {
            continue;
        };
        info.mount = Some(if !windows_family(filesystem.kind()) {
            "/".to_string()
        } else if system == Some(index) {
            "C:".to_string()
        } else {
            letters
                .next()
                .map_or_else(|| format!("volume{}:", info.partition), |l| format!("{l}:"))
        });
    }
    if system.is_some() {
        Some("windows")
    } else if linux {
        Some("linux")
    } else {
        None
    }
}

pub fn windows_family(kind: &str) -> bool {
    kind == "ntfs" || kind.starts_with("fat") || kind == "exfat"
}

/// Runs a parser of image bytes, turning a panic (a bug in a parser meeting hostile bytes) into
/// an error naming the layer.
pub fn guarded<T, E: std::fmt::Display>(
    layer: &str,
    parse: impl FnOnce() -> Result<T, E>,
) -> Result<T, String> {
    match crate::panics::catch(parse) {
        Ok(result) => result.map_err(|e| format!("{layer}: {e}")),
        Err(panic) => Err(format!("{layer}: internal error while parsing: {panic}")),
    }
}
