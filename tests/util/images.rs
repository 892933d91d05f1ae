//! Disk images for the image tests, built at test time without root, FUSE or loop devices, with
//! the Debian tools `scripts/test` installs (e2fsprogs, dosfstools, mtools, ntfs-3g, gdisk,
//! qemu-utils, ewf-tools); each test checks first that they are there (`test_tools::available`).

use std::path::{Path, PathBuf};

use super::test_tools::run as tool;

fn text(path: &Path) -> &str {
    path.to_str().expect("temp paths are UTF-8")
}

/// An ext4 filesystem image of `size_mib` holding the tree `source` (htree indexes built).
pub fn ext4_image(source: &Path, image: &Path, size_mib: u64) {
    tool(
        "mkfs.ext4",
        &[
            "-q",
            "-F",
            "-L",
            "linuxroot",
            "-d",
            text(source),
            text(image),
            &format!("{size_mib}M"),
        ],
        &[0],
    );
    tool("e2fsck", &["-fyD", text(image)], &[0, 1]);
}

/// An XFS (v5) filesystem image of `size_mib` holding the tree `source`, labelled `linuxroot`,
/// made by mkfs.xfs from a prototype file (no mount).
pub fn xfs_image(source: &Path, image: &Path, size_mib: u64) {
    super::test_tools::mkfs_xfs(source, image, size_mib, &["-L", "linuxroot"]);
}

/// A btrfs filesystem image of `size_mib` holding the tree `source`, labelled `linuxroot`, made
/// by mkfs.btrfs --rootdir (no mount).
pub fn btrfs_image(source: &Path, image: &Path, size_mib: u64) {
    super::test_tools::mkfs_btrfs(source, image, size_mib, &["-L", "linuxroot"]);
}

/// A FAT16 filesystem image of `size_mib` holding every entry of the directory `source`.
pub fn fat_image(source: &Path, image: &Path, size_mib: u64) {
    tool(
        "mkfs.fat",
        &[
            "-C",
            "-F",
            "16",
            "-n",
            "WINDOWS",
            text(image),
            &(size_mib * 1024).to_string(),
        ],
        &[0],
    );
    for entry in std::fs::read_dir(source).expect("source tree") {
        let entry = entry.expect("source entry").path();
        tool(
            "mcopy",
            &["-s", "-i", text(image), text(&entry), "::/"],
            &[0],
        );
    }
}

/// An NTFS filesystem image; every file written into it is LZNT1-compressed when `compressed`.
/// `files` are (name in the root, content); `streams` are (file name, stream name, content).
pub fn ntfs_image(
    work: &Path,
    image: &Path,
    size_mib: u64,
    compressed: bool,
    files: &[(&str, &[u8])],
    streams: &[(&str, &str, &[u8])],
) {
    tool(
        "truncate",
        &["-s", &format!("{size_mib}M"), text(image)],
        &[0],
    );
    let mut args = vec!["-q", "-F", "-Q", "-c", "4096", "-L", "ntfsdata"];
    if compressed {
        args.push("-C");
    }
    args.push(text(image));
    tool("mkntfs", &args, &[0]);
    for (index, (name, content)) in files.iter().enumerate() {
        let source = work.join(format!("ntfs-file-{index}"));
        std::fs::write(&source, content).expect("write NTFS source file");
        tool(
            "ntfscp",
            &["-q", "-f", text(image), text(&source), &format!("/{name}")],
            &[0],
        );
    }
    for (index, (name, stream, content)) in streams.iter().enumerate() {
        let source = work.join(format!("ntfs-stream-{index}"));
        std::fs::write(&source, content).expect("write NTFS stream source");
        tool(
            "ntfscp",
            &[
                "-q",
                "-f",
                "-N",
                stream,
                text(image),
                text(&source),
                &format!("/{name}"),
            ],
            &[0],
        );
    }
}

/// A partition for [`gpt_disk`]: a filesystem image (or raw bytes) and its sgdisk type code.
pub struct Partition<'a> {
    pub content: &'a Path,
    pub type_code: &'a str,
    pub name: &'a str,
}

/// A raw GPT disk with the partitions in order, each starting on a 1 MiB boundary. Returns the
/// byte offset of each partition.
pub fn gpt_disk(disk: &Path, partitions: &[Partition]) -> Vec<u64> {
    const MIB: u64 = 1 << 20;
    let mut next = MIB;
    let mut args = Vec::new();
    let mut offsets = Vec::new();
    for (index, partition) in partitions.iter().enumerate() {
        let size = std::fs::metadata(partition.content)
            .expect("partition content")
            .len()
            .div_ceil(MIB)
            * MIB;
        let number = index + 1;
        args.push(format!(
            "-n{number}:{}:{}",
            next / 512,
            (next + size) / 512 - 1
        ));
        args.push(format!("-t{number}:{}", partition.type_code));
        args.push(format!("-c{number}:{}", partition.name));
        offsets.push(next);
        next += size;
    }
    let total = next + MIB;
    tool("truncate", &["-s", &total.to_string(), text(disk)], &[0]);
    let mut sgdisk: Vec<&str> = args.iter().map(String::as_str).collect();
    sgdisk.push(text(disk));
    tool("sgdisk", &sgdisk, &[0]);
    for (partition, offset) in partitions.iter().zip(&offsets) {
        tool(
            "dd",
            &[
                &format!("if={}", text(partition.content)),
                &format!("of={}", text(disk)),
                "bs=1M",
                &format!("seek={}", offset / MIB),
                "conv=notrunc",
                "status=none",
            ],
            &[0],
        );
    }
    offsets
}

/// The container formats the tests convert a raw disk into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Qcow2,
    Qcow2Compressed,
    VmdkSparse,
    VmdkStream,
    VhdDynamic,
    Vhdx,
    E01,
    /// E01 of 16 MiB chunks (`ewfacquire -b 32768`, the largest it offers).
    E01LargeChunks,
}

impl Container {
    pub const ALL: [Container; 8] = [
        Container::Qcow2,
        Container::Qcow2Compressed,
        Container::VmdkSparse,
        Container::VmdkStream,
        Container::VhdDynamic,
        Container::Vhdx,
        Container::E01,
        Container::E01LargeChunks,
    ];
}

/// Converts `raw` into `container` next to it; returns the image path to scan. The file name
/// never says the format: images are recognised by content.
pub fn convert(raw: &Path, container: Container) -> PathBuf {
    let dir = raw.parent().expect("raw disk in a directory");
    let name = format!("{container:?}").to_lowercase();
    let out = dir.join(format!("{name}-evidence.bin"));
    let qemu = |format: &str, options: &[&str]| {
        let mut args = vec!["convert", "-f", "raw", "-O", format];
        args.extend_from_slice(options);
        args.push(text(raw));
        args.push(text(&out));
        tool("qemu-img", &args, &[0]);
    };
    match container {
        Container::Qcow2 => qemu("qcow2", &[]),
        Container::Qcow2Compressed => qemu("qcow2", &["-c"]),
        Container::VmdkSparse => qemu("vmdk", &[]),
        Container::VmdkStream => qemu("vmdk", &["-o", "subformat=streamOptimized"]),
        Container::VhdDynamic => qemu("vpc", &["-o", "subformat=dynamic,force_size=on"]),
        Container::Vhdx => qemu("vhdx", &[]),
        Container::E01 | Container::E01LargeChunks => {
            let target = dir.join(&name);
            let sectors_per_chunk = if container == Container::E01 {
                "64"
            } else {
                "32768"
            };
            tool(
                "ewfacquire",
                &[
                    "-q",
                    "-b",
                    sectors_per_chunk,
                    "-u",
                    "-t",
                    text(&target),
                    "-f",
                    "encase6",
                    "-c",
                    "deflate:fast",
                    "-S",
                    "1GiB",
                    "-C",
                    "case",
                    "-D",
                    "disk",
                    "-E",
                    "evidence",
                    "-e",
                    "examiner",
                    "-N",
                    "notes",
                    text(raw),
                ],
                &[0],
            );
            return dir.join(format!("{name}.E01"));
        }
    }
    out
}
