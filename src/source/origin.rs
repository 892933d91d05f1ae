//! Where an object was found: a chain of links from the outermost container to the object, so a
//! file on the live host, a file on a volume of a disk image and, as new sources arrive, a member
//! of an archive or a key of a registry hive are all named the same way. `!` joins the links of a
//! name: `host42.E01!p2!C:\Windows\System32\x.dll`.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::process::{ProcessInfo, Region};

/// One link of an [`Origin`] chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A disk image named on the command line (each image is scanned as its own host).
    Image(PathBuf),
    /// A volume of the image above it.
    Volume {
        /// Partition number (1-based, as the partition table numbers it); 0 for a disk with no
        /// partition table.
        partition: u32,
        /// "ntfs", "ext4", "fat32"...; empty when the volume holds no filesystem needle reads.
        filesystem: &'static str,
        /// Paths on this volume are Windows paths (`C:\...`): split at `\`, as LOKI rules expect.
        windows_paths: bool,
    },
    /// A filesystem entry, named as on the host (`C:\Windows\...` on an image's Windows volume).
    Path {
        path: PathBuf,
        /// Other names of the same file (hardlinks in an image): read once, reported under all.
        other_names: Vec<PathBuf>,
    },
    /// A key of the registry hive above it (path from the hive's root), or one of its values
    /// (`""` names the default value).
    Registry { key: String, value: Option<String> },
    /// A member of the container above it: an archive's entry (`dir/inner.dll`), a compressed
    /// file's content, a document's macro module or embedded object; a process's executable,
    /// command line or connections.
    Member { name: String },
    /// A running process (`pid 42 (sshd)`), with what is known of it.
    Process(Arc<ProcessInfo>),
    /// A memory region of the process above it.
    Region(Box<Region>),
}

impl Link {
    /// How the link reads in a name.
    fn name(&self) -> Cow<'_, str> {
        match self {
            Link::Image(path) | Link::Path { path, .. } => path.to_string_lossy(),
            Link::Volume { partition, .. } => Cow::Owned(format!("p{partition}")),
            Link::Registry { key, value: None } => Cow::Borrowed(key),
            Link::Member { name } => Cow::Borrowed(name),
            Link::Process(process) => Cow::Owned(process.label()),
            Link::Region(region) => Cow::Owned(region.name()),
            Link::Registry {
                key,
                value: Some(value),
            } => {
                let value = if value.is_empty() { "(default)" } else { value };
                if key.is_empty() {
                    Cow::Owned(value.to_string())
                } else {
                    Cow::Owned(format!("{key}\\{value}"))
                }
            }
        }
    }
}

/// Where an object was found, outermost link first. Cheap to clone: the links above the object
/// (an image and its volume) are shared by every object found under them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    parent: Option<Arc<Origin>>,
    link: Link,
}

/// The image, partition and filesystem an object was read from, as reports name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageVolume<'a> {
    pub image: &'a Path,
    pub partition: u32,
    pub filesystem: &'static str,
}

impl Origin {
    /// A path of the live filesystem.
    pub fn live(path: impl Into<PathBuf>) -> Origin {
        Origin {
            parent: None,
            link: Link::Path {
                path: path.into(),
                other_names: Vec::new(),
            },
        }
    }

    /// A disk image given on the command line.
    pub fn image(path: impl Into<PathBuf>) -> Origin {
        Origin {
            parent: None,
            link: Link::Image(path.into()),
        }
    }

    /// A running process.
    pub fn of_process(info: ProcessInfo) -> Origin {
        Origin {
            parent: None,
            link: Link::Process(Arc::new(info)),
        }
    }

    /// `link`, found inside the object `parent` names.
    pub fn inside(parent: &Arc<Origin>, link: Link) -> Origin {
        Origin {
            parent: Some(Arc::clone(parent)),
            link,
        }
    }

    /// The last link: what this object itself is.
    pub fn link(&self) -> &Link {
        &self.link
    }

    /// The links from the outermost to this object's own.
    pub fn links(&self) -> Vec<&Link> {
        let mut links = vec![&self.link];
        let mut next = self.parent.as_deref();
        while let Some(origin) = next {
            links.push(&origin.link);
            next = origin.parent.as_deref();
        }
        links.reverse();
        links
    }

    /// The path as reports name the object on its host: the filesystem path, followed by the
    /// links inside the file (`C:\Windows\System32\config\SYSTEM!ControlSet001\Services\X`);
    /// for a volume of an image, `IMAGE#pN`; for an image, its file.
    pub fn path(&self) -> Cow<'_, Path> {
        match &self.link {
            Link::Path { path, .. } | Link::Image(path) => Cow::Borrowed(path),
            Link::Volume { partition, .. } => {
                let image = self.image_path().unwrap_or(Path::new(""));
                let mut name = image.as_os_str().to_owned();
                name.push(format!("#p{partition}"));
                Cow::Owned(PathBuf::from(name))
            }
            Link::Registry { .. } | Link::Member { .. } | Link::Region(_) | Link::Process(_) => {
                let links = self.links();
                // Named from the innermost file or process: what the host knows by name.
                let anchor = links
                    .iter()
                    .rposition(|link| matches!(link, Link::Path { .. } | Link::Process(_)))
                    .unwrap_or(0);
                let mut name = match links.get(anchor) {
                    Some(Link::Path { path, .. }) => path.as_os_str().to_owned(),
                    Some(link) => std::ffi::OsString::from(link.name().as_ref()),
                    None => std::ffi::OsString::new(),
                };
                for link in links.iter().skip(anchor + 1) {
                    name.push("!");
                    name.push(link.name().as_ref());
                }
                Cow::Owned(PathBuf::from(name))
            }
        }
    }

    /// The process the object belongs to (its executable, command line, memory, connections).
    pub fn process(&self) -> Option<&ProcessInfo> {
        self.links().into_iter().find_map(|link| match link {
            Link::Process(process) => Some(process.as_ref()),
            _ => None,
        })
    }

    /// The memory region the object is, for process memory.
    pub fn region(&self) -> Option<&Region> {
        match &self.link {
            Link::Region(region) => Some(region),
            _ => None,
        }
    }

    /// The file the object is in or is: the last filesystem path of the chain.
    pub fn file_path(&self) -> Option<&Path> {
        self.links().into_iter().rev().find_map(|link| match link {
            Link::Path { path, .. } => Some(path.as_path()),
            _ => None,
        })
    }

    /// Every name the object has on its host, the reported one first: what filename IOCs see.
    /// A member of a container is named as if the container were a directory
    /// (`C:\Downloads\a.zip\dir\x.dll`), so path patterns match members too. Empty for an
    /// image, a volume or a registry entry.
    pub fn names(&self) -> Vec<Cow<'_, Path>> {
        match &self.link {
            Link::Path { path, other_names } => std::iter::once(path)
                .chain(other_names)
                .map(|p| Cow::Borrowed(p.as_path()))
                .collect(),
            Link::Member { name } if name == "exe" => self
                .process()
                .and_then(|process| process.exe.as_deref())
                .map(|exe| vec![Cow::Owned(PathBuf::from(exe))])
                .unwrap_or_default(),
            Link::Member { .. } if self.process().is_some() => Vec::new(),
            Link::Member { .. } => {
                let separator = if self.windows_paths() { "\\" } else { "/" };
                let mut name = self
                    .file_path()
                    .map(|p| p.as_os_str().to_owned())
                    .unwrap_or_default();
                for link in self.links() {
                    if let Link::Member { name: member } = link {
                        name.push(separator);
                        name.push(member.replace('/', separator));
                    }
                }
                vec![Cow::Owned(PathBuf::from(name))]
            }
            _ => Vec::new(),
        }
    }

    /// Other names of the same file (hardlinks inside an image).
    pub fn other_names(&self) -> &[PathBuf] {
        match &self.link {
            Link::Path { other_names, .. } => other_names,
            _ => &[],
        }
    }

    /// The image, partition and filesystem, for an object read from a volume of a disk image.
    pub fn image_volume(&self) -> Option<ImageVolume<'_>> {
        let links = self.links();
        let image = self.image_path()?;
        links.iter().find_map(|link| match link {
            Link::Volume {
                partition,
                filesystem,
                ..
            } => Some(ImageVolume {
                image,
                partition: *partition,
                filesystem,
            }),
            _ => None,
        })
    }

    /// Whether the object's path is a Windows path (on an image's Windows volume).
    pub fn windows_paths(&self) -> bool {
        self.links().iter().any(|link| {
            matches!(
                link,
                Link::Volume {
                    windows_paths: true,
                    ..
                }
            )
        })
    }

    fn image_path(&self) -> Option<&Path> {
        self.links().into_iter().find_map(|link| match link {
            Link::Image(path) => Some(path.as_path()),
            _ => None,
        })
    }
}

/// The full name, every link joined by `!`: `/srv/a.exe` on the live host,
/// `host42.E01!p2!C:\Windows\x.dll` inside an image.
impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, link) in self.links().into_iter().enumerate() {
            if i > 0 {
                f.write_str("!")?;
            }
            f.write_str(&link.name())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn windows_file() -> Origin {
        let image = Arc::new(Origin::image("/cases/host42.E01"));
        let volume = Arc::new(Origin::inside(
            &image,
            Link::Volume {
                partition: 2,
                filesystem: "ntfs",
                windows_paths: true,
            },
        ));
        Origin::inside(
            &volume,
            Link::Path {
                path: PathBuf::from(r"C:\Windows\x.dll"),
                other_names: vec![PathBuf::from(r"C:\ProgramData\y.dll")],
            },
        )
    }

    #[test]
    fn a_file_in_an_image_is_named_through_its_volume() {
        let file = windows_file();
        assert_eq!(file.to_string(), r"/cases/host42.E01!p2!C:\Windows\x.dll");
        assert_eq!(file.path(), Path::new(r"C:\Windows\x.dll"));
        assert!(file.windows_paths());
        assert_eq!(
            file.image_volume(),
            Some(ImageVolume {
                image: Path::new("/cases/host42.E01"),
                partition: 2,
                filesystem: "ntfs"
            })
        );
        let names = file.names();
        assert_eq!(
            names,
            [
                Path::new(r"C:\Windows\x.dll"),
                Path::new(r"C:\ProgramData\y.dll")
            ]
        );
    }

    #[test]
    fn a_registry_value_is_named_after_its_hive_file() {
        let hive = Arc::new(windows_file());
        let value = Origin::inside(
            &hive,
            Link::Registry {
                key: r"ControlSet001\Services\X\Parameters".to_string(),
                value: Some("ServiceDll".to_string()),
            },
        );
        assert_eq!(
            value.path(),
            Path::new(r"C:\Windows\x.dll!ControlSet001\Services\X\Parameters\ServiceDll")
        );
        assert_eq!(value.file_path(), Some(Path::new(r"C:\Windows\x.dll")));
        assert_eq!(
            value.to_string(),
            r"/cases/host42.E01!p2!C:\Windows\x.dll!ControlSet001\Services\X\Parameters\ServiceDll"
        );
        assert!(value.names().is_empty(), "filename IOCs see files only");
        let default = Origin::inside(
            &hive,
            Link::Registry {
                key: "Software".to_string(),
                value: Some(String::new()),
            },
        );
        assert!(
            default
                .path()
                .to_string_lossy()
                .ends_with(r"x.dll!Software\(default)")
        );
    }

    #[test]
    fn a_member_is_named_with_bangs_and_seen_by_filename_iocs_as_a_path() {
        let zip = Arc::new(Origin::live("/srv/dl/outer.zip"));
        let inner = Arc::new(Origin::inside(
            &zip,
            Link::Member {
                name: "tools/inner.7z".to_string(),
            },
        ));
        let payload = Origin::inside(
            &inner,
            Link::Member {
                name: "setup/update_helper.dll".to_string(),
            },
        );
        assert_eq!(
            payload.path(),
            Path::new("/srv/dl/outer.zip!tools/inner.7z!setup/update_helper.dll")
        );
        assert_eq!(
            payload.names(),
            [Path::new(
                "/srv/dl/outer.zip/tools/inner.7z/setup/update_helper.dll"
            )]
        );
        let windows = Arc::new(windows_file());
        let member = Origin::inside(
            &windows,
            Link::Member {
                name: "a/b.exe".to_string(),
            },
        );
        assert_eq!(member.names(), [Path::new(r"C:\Windows\x.dll\a\b.exe")]);
    }

    #[test]
    fn a_live_file_is_its_path_and_a_volume_is_image_hash_partition() {
        let live = Origin::live("/srv/a.exe");
        assert_eq!(live.to_string(), "/srv/a.exe");
        assert_eq!(live.image_volume(), None);
        assert!(!live.windows_paths());

        let image = Arc::new(Origin::image("/cases/disk.raw"));
        let volume = Origin::inside(
            &image,
            Link::Volume {
                partition: 3,
                filesystem: "",
                windows_paths: false,
            },
        );
        assert_eq!(volume.path(), Path::new("/cases/disk.raw#p3"));
        assert!(volume.names().is_empty());
    }
}
