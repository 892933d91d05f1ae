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

/// A copy of the E01 `e01` (one segment, as `convert` writes it) that records `ranges` (first
/// sector, count) as sectors the acquisition could not read: an `error2` section in libewf's
/// layout (`ewf_error.h`: count, 512 zero bytes, checksum, then the entries and their
/// checksum) put before the `done` section. The data stays as acquired; `ewfinfo` lists the
/// ranges, which is how the test checks the section is the one libewf writes.
pub fn with_acquisition_errors(e01: &Path, ranges: &[(u32, u32)]) -> PathBuf {
    const DESCRIPTOR: usize = 76;
    let mut bytes = std::fs::read(e01).expect("the E01");
    let mut at = 13;
    while &bytes[at..at + 4] != b"done" {
        let next = u64::from_le_bytes(bytes[at + 16..at + 24].try_into().expect("8 bytes"));
        assert!(next as usize > at, "a section chain that does not move on");
        at = next as usize;
    }
    bytes.truncate(at);
    let mut data = (ranges.len() as u32).to_le_bytes().to_vec();
    data.extend_from_slice(&[0; 512]);
    data.extend_from_slice(&adler32(&data).to_le_bytes());
    let mut entries = Vec::new();
    for &(first, count) in ranges {
        entries.extend_from_slice(&first.to_le_bytes());
        entries.extend_from_slice(&count.to_le_bytes());
    }
    entries.extend_from_slice(&adler32(&entries).to_le_bytes());
    data.extend_from_slice(&entries);
    let done = at + DESCRIPTOR + data.len();
    let descriptor = |kind: &[u8], next: usize, size: usize| {
        let mut d = [0u8; DESCRIPTOR];
        d[..kind.len()].copy_from_slice(kind);
        d[16..24].copy_from_slice(&(next as u64).to_le_bytes());
        d[24..32].copy_from_slice(&(size as u64).to_le_bytes());
        let checksum = adler32(&d[..72]);
        d[72..].copy_from_slice(&checksum.to_le_bytes());
        d
    };
    bytes.extend_from_slice(&descriptor(b"error2", done, DESCRIPTOR + data.len()));
    bytes.extend_from_slice(&data);
    bytes.extend_from_slice(&descriptor(b"done", done, 0));
    let out = e01.with_file_name("read-errors.E01");
    std::fs::write(&out, bytes).expect("write the E01");
    out
}

/// Adler-32, EWF's section checksum.
fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in bytes {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}
