//! Tests of the container layer on images built at test time with qemu-img, ewfacquire and
//! split from one raw disk, each read back and compared with it byte for byte.

use std::path::{Path, PathBuf};

use ::vhdx::metadata::{
    GUID_FILE_PARAMETERS, GUID_PARENT_LOCATOR, GUID_VIRTUAL_DISK_SIZE,
    GUID_VIRTUAL_DISK_SIZE_QEMU_COMPAT,
};
use sha2::{Digest, Sha256};

use super::*;
use crate::test_tools::run;

const MIB: usize = 1 << 20;
const DISK_SIZE: usize = 12 * MIB;

/// Deterministic noise: incompressible, so EWF spreads over several 1 MiB segments.
fn noise(seed: u64, out: &mut [u8]) {
    let mut state = seed | 1;
    for byte in out {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        *byte = (state >> 24) as u8;
    }
}

/// 12 MiB: noise with a 192 KiB hole (unallocated qcow2/VMDK clusters), 4 MiB of zeros with a
/// small island (one VHD block unallocated, the next allocated), then compressible text.
fn disk_content() -> Vec<u8> {
    let mut data = vec![0u8; DISK_SIZE];
    noise(0x5eed, &mut data[..4 * MIB]);
    data[MIB..MIB + 192 * 1024].fill(0);
    noise(0x1514, &mut data[6 * MIB + 12345..6 * MIB + 13345]);
    let mut text = Vec::new();
    let mut line = 0;
    while text.len() < 4 * MIB {
        text.extend_from_slice(format!("needle container test line {line}\n").as_bytes());
        line += 1;
    }
    data[8 * MIB..].copy_from_slice(&text[..4 * MIB]);
    data
}

struct Fixture {
    dir: tempfile::TempDir,
    raw: PathBuf,
    data: Vec<u8>,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let raw = dir.path().join("disk.raw");
        let data = disk_content();
        std::fs::write(&raw, &data).expect("write raw disk");
        Fixture { dir, raw, data }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `qemu-img convert` of the raw disk to `format` with `-o options` (may be empty).
    fn convert(&self, format: &str, options: &str, name: &str) -> PathBuf {
        convert(&self.raw, format, options, &self.path(name))
    }

    /// The raw disk as a qcow2 with compressed clusters.
    fn compressed_qcow2(&self, name: &str) -> PathBuf {
        let image = self.path(name);
        run(
            "qemu-img",
            &[
                "convert",
                "-c",
                "-f",
                "raw",
                "-O",
                "qcow2",
                s(&self.raw),
                s(&image),
            ],
            &[0],
        );
        image
    }

    /// An empty `format` image named `name` over the parent `base` (a name next to it).
    fn child_of(&self, format: &str, base: &str, name: &str) -> PathBuf {
        let child = self.path(name);
        run(
            "qemu-img",
            &["create", "-f", format, "-b", base, "-F", format, s(&child)],
            &[0],
        );
        child
    }

    /// [`child_content`] converted to `format` with `-o options`, named `name`.
    fn convert_child(&self, format: &str, options: &str, name: &str) -> PathBuf {
        let raw = self.path("child.raw");
        std::fs::write(&raw, child_content()).expect("write");
        convert(&raw, format, options, &self.path(name))
    }

    /// The raw disk as an E01 in 1 MiB segments (the smallest ewfacquire allows).
    fn ewf(&self) -> PathBuf {
        let target = self.path("disk");
        run(
            "ewfacquire",
            &[
                "-q",
                "-u",
                "-t",
                s(&target),
                "-f",
                "encase6",
                "-c",
                "deflate:fast",
                "-S",
                "1MiB",
                "-C",
                "c",
                "-D",
                "d",
                "-E",
                "e",
                "-e",
                "x",
                "-N",
                "n",
                s(&self.raw),
            ],
            &[0],
        );
        self.path("disk.E01")
    }
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temporary path")
}

fn convert(raw: &Path, format: &str, options: &str, out: &Path) -> PathBuf {
    let mut args = vec!["convert", "-f", "raw", "-O", format];
    if !options.is_empty() {
        args.extend(["-o", options]);
    }
    args.extend([s(raw), s(out)]);
    run("qemu-img", &args, &[0]);
    out.to_path_buf()
}

fn open_detected(path: &Path) -> Box<dyn Disk> {
    let format = detect(path)
        .expect("detect")
        .unwrap_or_else(|| panic!("{} not recognised", path.display()));
    open(path, format).unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

/// Reads the whole disk in 1 MiB chunks and at odd offsets across cluster, block and segment
/// boundaries, comparing with `want`.
fn assert_reads_back(disk: &mut dyn Disk, want: &[u8]) {
    let format = disk.format();
    assert_eq!(disk.size(), want.len() as u64, "size of {format}");
    let mut hasher = Sha256::new();
    let mut chunk = vec![0u8; MIB];
    let mut offset = 0u64;
    loop {
        let n = disk.read_at(offset, &mut chunk).expect("sequential read");
        if n == 0 {
            break;
        }
        let expected = &want[offset as usize..offset as usize + n];
        if chunk[..n] != *expected {
            let at = chunk
                .iter()
                .zip(expected)
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!("{format}: byte {} differs", offset as usize + at);
        }
        hasher.update(&chunk[..n]);
        offset += n as u64;
    }
    assert_eq!(offset, want.len() as u64, "{format}: bytes read");
    assert_eq!(hasher.finalize(), Sha256::digest(want), "{format}: SHA-256");

    let reads = [
        (0, 1),
        (1, 4097),
        (511, 2),
        (65_535, 3),
        (65_436, 70_000),
        (MIB - 7, 300_000),
        (2 * MIB - 5, 10),
        (3_000_000 - 3, 7),
        (4 * MIB - 100, 200),
        (6 * MIB + 12_000, 2_000),
        (8 * MIB - 1, 2),
        (DISK_SIZE - 70_001, 70_000),
    ];
    for (offset, len) in reads {
        let mut buf = vec![0xa5u8; len];
        let n = disk
            .read_at(offset as u64, &mut buf)
            .expect("read at odd offset");
        assert_eq!(n, len, "{format}: read of {len} at {offset}");
        assert!(
            buf == want[offset..offset + len],
            "{format}: {len} bytes at {offset}"
        );
    }
    let mut tail = vec![0u8; 100];
    let n = disk
        .read_at(want.len() as u64 - 5, &mut tail)
        .expect("read at the end");
    assert_eq!(n, 5, "{format}: short read at the end");
    assert_eq!(tail[..5], want[want.len() - 5..]);
    assert_eq!(
        disk.read_at(want.len() as u64, &mut tail)
            .expect("read past end"),
        0
    );
}

fn assert_format(path: &Path, format: Format, describes: &str) {
    assert_eq!(
        detect(path).expect("detect"),
        Some(format),
        "{}",
        path.display()
    );
    let disk = open(path, format).unwrap_or_else(|e| panic!("open: {e}"));
    assert_eq!(disk.format(), describes);
}

#[test]
fn raw_reads_back() {
    let fixture = Fixture::new();
    assert_eq!(detect(&fixture.raw).expect("detect"), None);
    let mut disk = open(&fixture.raw, Format::Raw).expect("open raw");
    assert_eq!(disk.format(), "raw");
    assert_reads_back(disk.as_mut(), &fixture.data);
}

#[test]
fn split_raw_reads_back_as_one_disk() {
    let fixture = Fixture::new();
    let prefix = fixture.path("disk.img.");
    run(
        "split",
        &[
            "-b",
            "3000000",
            "-d",
            "-a",
            "3",
            "--numeric-suffixes=1",
            s(&fixture.raw),
            s(&prefix),
        ],
        &[0],
    );
    let first = fixture.path("disk.img.001");
    let mut disk = open(&first, Format::Raw).expect("open split raw");
    assert_eq!(disk.format(), "split raw (5 segments)");
    assert_reads_back(disk.as_mut(), &fixture.data);

    let later = open(&fixture.path("disk.img.002"), Format::Raw)
        .err()
        .expect("a later segment");
    assert!(later.to_string().contains("disk.img.001"), "{later}");

    std::fs::remove_file(fixture.path("disk.img.003")).expect("remove a segment");
    let gap = open(&first, Format::Raw).err().expect("a missing segment");
    assert!(gap.to_string().contains("disk.img.003 is missing"), "{gap}");
}

#[test]
fn ewf_reads_back_across_segments() {
    if !crate::test_tools::available(&["ewfacquire"]) {
        return;
    }
    let fixture = Fixture::new();
    let e01 = fixture.ewf();
    assert!(
        fixture.path("disk.E02").exists(),
        "ewfacquire made one segment only"
    );
    let segments = (1..)
        .take_while(|n| fixture.path(&format!("disk.E{n:02}")).exists())
        .count();
    assert_eq!(detect(&e01).expect("detect"), Some(Format::Ewf));
    let mut disk = open(&e01, Format::Ewf).expect("open E01");
    assert_eq!(disk.format(), format!("ewf ({segments} segments)"));
    assert_reads_back(disk.as_mut(), &fixture.data);

    let last = fixture.path(&format!("disk.E{segments:02}"));
    std::fs::remove_file(&last).expect("remove the last segment");
    let missing = open(&e01, Format::Ewf).err().expect("a missing segment");
    assert!(
        missing
            .to_string()
            .contains(&format!("segment {} is missing", last.display())),
        "{missing}"
    );
}

#[test]
fn qcow2_reads_back() {
    if !crate::test_tools::available(&["qemu-img", "qemu-io"]) {
        return;
    }
    let fixture = Fixture::new();
    let image = fixture.convert("qcow2", "", "disk.qcow2");
    assert_format(&image, Format::Qcow2, "qcow2");
    assert_reads_back(open_detected(&image).as_mut(), &fixture.data);
    // Zeroed in place: the clusters stay allocated with the zero flag set.
    run(
        "qemu-io",
        &["-c", "write -z 131072 131072", s(&image)],
        &[0],
    );
    let mut want = fixture.data.clone();
    want[131_072..262_144].fill(0);
    assert_reads_back(open_detected(&image).as_mut(), &want);
    let v2 = fixture.convert("qcow2", "compat=0.10", "v2.qcow2");
    assert_reads_back(open_detected(&v2).as_mut(), &fixture.data);
}

#[test]
fn compressed_qcow2_reads_back() {
    if !crate::test_tools::available(&["qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let image = fixture.compressed_qcow2("compressed.qcow2");
    assert_format(&image, Format::Qcow2, "qcow2 (compressed clusters)");
    assert_reads_back(open_detected(&image).as_mut(), &fixture.data);
}

#[test]
fn vmdk_reads_back() {
    if !crate::test_tools::available(&["qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let cases = [
        ("", "sparse.vmdk", "vmdk (monolithicSparse)"),
        (
            "subformat=streamOptimized",
            "stream.vmdk",
            "vmdk (streamOptimized)",
        ),
        (
            "subformat=monolithicFlat",
            "flat.vmdk",
            "vmdk (monolithicFlat)",
        ),
    ];
    for (options, name, describes) in cases {
        let image = fixture.convert("vmdk", options, name);
        assert_format(&image, Format::Vmdk, describes);
        assert_reads_back(open_detected(&image).as_mut(), &fixture.data);
    }
    let flat = fixture.path("flat-flat.vmdk");
    assert!(flat.exists(), "qemu-img wrote no flat extent");
    std::fs::remove_file(&flat).expect("remove the extent");
    let missing = open(&fixture.path("flat.vmdk"), Format::Vmdk)
        .err()
        .expect("no extent");
    assert!(
        missing.to_string().contains("flat-flat.vmdk is missing"),
        "{missing}"
    );
}

#[test]
fn vhd_reads_back() {
    if !crate::test_tools::available(&["qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let dynamic = fixture.convert("vpc", "subformat=dynamic,force_size=on", "dynamic.vhd");
    assert_format(&dynamic, Format::Vhd, "vhd (dynamic)");
    assert_reads_back(open_detected(&dynamic).as_mut(), &fixture.data);
    let fixed = fixture.convert("vpc", "subformat=fixed,force_size=on", "fixed.vhd");
    assert_format(&fixed, Format::Vhd, "vhd (fixed)");
    assert_reads_back(open_detected(&fixed).as_mut(), &fixture.data);
}

#[test]
fn vhdx_reads_back() {
    if !crate::test_tools::available(&["qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let dynamic = fixture.convert("vhdx", "", "dynamic.vhdx");
    assert_format(&dynamic, Format::Vhdx, "vhdx");
    assert_reads_back(open_detected(&dynamic).as_mut(), &fixture.data);
    let fixed = fixture.convert("vhdx", "subformat=fixed", "fixed.vhdx");
    assert_reads_back(open_detected(&fixed).as_mut(), &fixture.data);
}

#[test]
fn formats_are_detected_by_content_not_name() {
    if !crate::test_tools::available(&["ewfacquire", "qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let images = all_images(&fixture);
    let misleading = [
        "vhdx", "vmdk", "raw", "vhd", "E01", "qcow2", "raw", "E01", "img",
    ];
    assert_eq!(images.len(), misleading.len());
    for ((image, format), extension) in images.into_iter().zip(misleading) {
        let renamed = image.with_extension(extension);
        std::fs::rename(&image, &renamed).expect("rename");
        assert_eq!(
            detect(&renamed).expect("detect"),
            Some(format),
            "{}",
            renamed.display()
        );
        if format != Format::Ewf {
            // Single-file images open under any name (the flat VMDK's extent keeps its name).
            assert_reads_back(
                open(&renamed, format).expect("open renamed").as_mut(),
                &fixture.data,
            );
        }
    }
    assert_eq!(detect(&fixture.raw).expect("detect raw"), None);
}

#[test]
fn non_images_fail_with_the_file_named() {
    let fixture = Fixture::new();
    let text = fixture.path("notes.txt");
    std::fs::write(&text, "just some notes\n".repeat(100)).expect("write");
    assert_eq!(detect(&text).expect("detect"), None);
    for format in [
        Format::Ewf,
        Format::Qcow2,
        Format::Vmdk,
        Format::Vhd,
        Format::Vhdx,
    ] {
        let error = open(&text, format)
            .err()
            .unwrap_or_else(|| panic!("{format} opened text"));
        assert!(error.to_string().contains("notes.txt"), "{format}: {error}");
    }
    let fifo = fixture.path("fifo");
    run("mkfifo", &[s(&fifo)], &[0]);
    assert_eq!(detect(&fifo).expect("detect a FIFO"), None);
    let error = open(&fifo, Format::Raw).err().expect("a FIFO");
    assert!(
        error.to_string().contains("neither a regular file"),
        "{error}"
    );
    let absent = fixture.path("absent.img");
    assert!(detect(&absent).is_err());
    let error = open(&absent, Format::Raw).err().expect("absent file");
    assert!(error.to_string().contains("absent.img"), "{error}");
}

/// Every image in the fixture directory, as (path, format) — the multi-file ones by their
/// first file.
fn all_images(fixture: &Fixture) -> Vec<(PathBuf, Format)> {
    vec![
        (fixture.ewf(), Format::Ewf),
        (fixture.convert("qcow2", "", "p.qcow2"), Format::Qcow2),
        (fixture.compressed_qcow2("z.qcow2"), Format::Qcow2),
        (fixture.convert("vmdk", "", "s.vmdk"), Format::Vmdk),
        (
            fixture.convert("vmdk", "subformat=streamOptimized", "o.vmdk"),
            Format::Vmdk,
        ),
        (
            fixture.convert("vmdk", "subformat=monolithicFlat", "f.vmdk"),
            Format::Vmdk,
        ),
        (
            fixture.convert("vpc", "subformat=dynamic,force_size=on", "d.vhd"),
            Format::Vhd,
        ),
        (
            fixture.convert("vpc", "subformat=fixed,force_size=on", "x.vhd"),
            Format::Vhd,
        ),
        (fixture.convert("vhdx", "", "v.vhdx"), Format::Vhdx),
    ]
}

/// Opens and fully reads a damaged image: it must fail with an error, not panic or succeed.
fn assert_fails(path: &Path, format: Format, what: &str) {
    let error = match open(path, format) {
        Err(error) => error.to_string(),
        Ok(mut disk) => {
            let mut chunk = vec![0u8; MIB];
            let mut offset = 0;
            loop {
                match disk.read_at(offset, &mut chunk) {
                    Ok(0) => panic!("{what} {} ({format}) read without error", path.display()),
                    Ok(n) => offset += n as u64,
                    Err(e) => break e.to_string(),
                }
            }
        }
    };
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(
        error.contains(name),
        "{what} {format}: error does not name the file: {error}"
    );
}

#[test]
fn truncated_images_fail_cleanly() {
    if !crate::test_tools::available(&["ewfacquire", "qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    for (image, format) in all_images(&fixture) {
        // The flat VMDK's data is in its extent file: cut that.
        let victim = if image.ends_with("f.vmdk") {
            fixture.path("f-flat.vmdk")
        } else {
            image.clone()
        };
        let len = std::fs::metadata(&victim).expect("size").len();
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&victim)
            .expect("open");
        file.set_len(len / 2).expect("truncate");
        assert_fails(&image, format, "truncated");
    }
}

#[test]
fn garbage_after_a_magic_fails_cleanly() {
    let fixture = Fixture::new();
    let magics: [(&[u8], Format); 7] = [
        (ewf::SIGNATURE_V1, Format::Ewf),
        (qcow2::MAGIC, Format::Qcow2),
        (b"KDMV", Format::Vmdk),
        (b"# Disk DescriptorFile\n", Format::Vmdk),
        (vhd::COOKIE, Format::Vhd),
        (vhdx::MAGIC, Format::Vhdx),
        (b"COWD", Format::Vmdk),
    ];
    for (i, (magic, format)) in magics.into_iter().enumerate() {
        for seed in 1..=3 {
            let path = fixture.path(&format!("garbage{i}-{seed}.img"));
            // A descriptor small enough to be parsed; the rest past VHDX's minimum size.
            let len = if magic.starts_with(b"#") {
                64 << 10
            } else {
                3 * MIB
            };
            let mut bytes = vec![0u8; len];
            noise(seed * 7919 + i as u64, &mut bytes);
            bytes[..magic.len()].copy_from_slice(magic);
            std::fs::write(&path, &bytes).expect("write");
            assert_eq!(detect(&path).expect("detect"), Some(format));
            assert_fails(&path, format, "garbage");
        }
    }
    // A VHD footer with the right cookie but garbage fields (the checksum catches them).
    let path = fixture.path("footer.vhd");
    let mut bytes = vec![0u8; MIB];
    noise(42, &mut bytes);
    bytes[MIB - 512..MIB - 504].copy_from_slice(vhd::COOKIE);
    std::fs::write(&path, &bytes).expect("write");
    assert_fails(&path, Format::Vhd, "garbage footer");
}

/// Overwrites `bytes` at `offset` of the file at `path`.
fn patch(path: &Path, offset: usize, bytes: &[u8]) {
    let mut data = std::fs::read(path).expect("read image");
    data[offset..offset + bytes.len()].copy_from_slice(bytes);
    std::fs::write(path, data).expect("write image");
}

fn find(path: &Path, needle: &[u8]) -> usize {
    let data = std::fs::read(path).expect("read image");
    data.windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{:?} not found in {}", needle, path.display()))
}

/// Recomputes the VHD checksum of the 512-byte footer or 1024-byte header at `offset`.
fn fix_vhd_checksum(path: &Path, offset: usize, len: usize, field: usize) {
    let mut data = std::fs::read(path).expect("read image");
    let block = &mut data[offset..offset + len];
    block[field..field + 4].fill(0);
    let sum = block
        .iter()
        .fold(0u32, |s, &b| s.wrapping_add(u32::from(b)));
    block[field..field + 4].copy_from_slice(&(!sum).to_be_bytes());
    std::fs::write(path, data).expect("write image");
}

#[test]
fn absurd_sizes_are_refused() {
    if !crate::test_tools::available(&["ewfacquire", "qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let huge = 1u64 << 62;

    let qcow2 = fixture.convert("qcow2", "", "huge.qcow2");
    patch(&qcow2, 24, &huge.to_be_bytes());
    assert_fails(&qcow2, Format::Qcow2, "huge");

    let vmdk = fixture.convert("vmdk", "", "huge.vmdk");
    patch(&vmdk, 12, &(huge / 512).to_le_bytes());
    assert_fails(&vmdk, Format::Vmdk, "huge");

    for subformat in ["dynamic", "fixed"] {
        let vhd = fixture.convert(
            "vpc",
            &format!("subformat={subformat},force_size=on"),
            &format!("huge-{subformat}.vhd"),
        );
        let footer = std::fs::metadata(&vhd).expect("size").len() as usize - 512;
        patch(&vhd, footer + 48, &huge.to_be_bytes());
        fix_vhd_checksum(&vhd, footer, 512, 64);
        assert_fails(&vhd, Format::Vhd, "huge");
    }

    let vhdx = fixture.convert("vhdx", "", "huge.vhdx");
    let metadata = find(&vhdx, b"metadata\0\0");
    let data = std::fs::read(&vhdx).expect("read");
    let entry = [GUID_VIRTUAL_DISK_SIZE, GUID_VIRTUAL_DISK_SIZE_QEMU_COMPAT]
        .iter()
        .find_map(|guid| data.windows(16).position(|w| w == guid))
        .expect("virtual disk size item");
    let item = u32::from_le_bytes(data[entry + 16..entry + 20].try_into().expect("4 bytes"));
    patch(&vhdx, metadata + item as usize, &huge.to_le_bytes());
    assert_fails(&vhdx, Format::Vhdx, "huge");

    let e01 = fixture.ewf();
    let volume = find(&e01, b"volume\0\0\0\0\0\0\0\0\0\0");
    patch(&e01, volume + 76 + 16, &(huge / 512).to_le_bytes());
    assert_fails(&e01, Format::Ewf, "huge");
}

/// The child's content for differencing tests: new noise in two 2 MiB blocks, zeros elsewhere
/// (which the converters leave unallocated, so those blocks come from the parent).
fn child_content() -> Vec<u8> {
    let mut data = vec![0u8; DISK_SIZE];
    noise(0xc41d, &mut data[..2 * MIB]);
    noise(0xc41e, &mut data[10 * MIB..]);
    data
}

/// What a child made by [`child_content`] over the fixture disk reads as.
fn merged(parent: &[u8]) -> Vec<u8> {
    let child = child_content();
    let mut want = parent.to_vec();
    want[..2 * MIB].copy_from_slice(&child[..2 * MIB]);
    want[10 * MIB..].copy_from_slice(&child[10 * MIB..]);
    want
}

/// Reads the differencing image `child`, described as `describes`, as `want`; then, with
/// `parent` removed, opening the child must fail naming the parent.
fn assert_merged(child: &Path, describes: &str, want: &[u8], parent: &Path) {
    let mut disk = open_detected(child);
    assert_eq!(disk.format(), describes);
    assert_reads_back(disk.as_mut(), want);

    std::fs::remove_file(parent).expect("remove the parent");
    let format = detect(child).expect("detect").expect("a container");
    let error = open(child, format).err().expect("missing parent");
    assert!(
        matches!(error, ContainerError::MissingParent { .. }),
        "{error}"
    );
    let name = parent.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(error.to_string().contains(&format!("{name}\"")), "{error}");
}

#[test]
fn qcow2_backing_files_are_merged() {
    if !crate::test_tools::available(&["qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let base = fixture.convert("qcow2", "", "base.qcow2");
    // A child recording its backing file by relative name, holding nothing of its own.
    let empty = fixture.child_of("qcow2", "base.qcow2", "empty.qcow2");
    let describes = "qcow2; parent base.qcow2: qcow2";
    assert_merged(&empty, describes, &fixture.data, &base);

    // A child recording an absolute path to a raw parent, with clusters of its own.
    let modified = fixture.path("modified.raw");
    let want = {
        let mut want = fixture.data.clone();
        noise(77, &mut want[3 * MIB..3 * MIB + 100_000]);
        want
    };
    std::fs::write(&modified, &want).expect("write");
    let child = fixture.path("child.qcow2");
    run(
        "qemu-img",
        &[
            "convert",
            "-f",
            "raw",
            "-O",
            "qcow2",
            "-B",
            s(&fixture.raw),
            "-F",
            "raw",
            s(&modified),
            s(&child),
        ],
        &[0],
    );
    assert_reads_back(open_detected(&child).as_mut(), &want);

    // Evidence copied elsewhere: the absolute path is gone, the parent sits next to the child.
    let moved = tempfile::tempdir().expect("temporary directory");
    std::fs::copy(&child, moved.path().join("child.qcow2")).expect("copy");
    std::fs::rename(&fixture.raw, moved.path().join("disk.raw")).expect("move parent");
    assert_reads_back(
        open_detected(&moved.path().join("child.qcow2")).as_mut(),
        &want,
    );
}

#[test]
fn vmdk_deltas_are_merged() {
    if !crate::test_tools::available(&["qemu-img", "qemu-io"]) {
        return;
    }
    let fixture = Fixture::new();
    let base = fixture.convert("vmdk", "", "base.vmdk");
    let delta = fixture.child_of("vmdk", "base.vmdk", "delta.vmdk");
    run(
        "qemu-io",
        &["-c", "write -P 0x5a 65536 200000", s(&delta)],
        &[0],
    );
    let mut want = fixture.data.clone();
    want[65_536..265_536].fill(0x5a);
    let describes = "vmdk (monolithicSparse); parent base.vmdk: vmdk (monolithicSparse)";
    assert_merged(&delta, describes, &want, &base);
}

/// Makes a qemu dynamic VHD of [`child_content`] a differencing disk over `parent` (a name
/// next to it): disk type 4, a `W2ru` locator appended before the footer, and the bitmap of
/// one allocated block cleared for sectors 8..16 (those then come from the parent).
fn make_vhd_child(fixture: &Fixture, parent: &str) -> PathBuf {
    let path = fixture.convert_child("vpc", "subformat=dynamic,force_size=on", "child.vhd");
    let mut data = std::fs::read(&path).expect("read");
    let footer = data.split_off(data.len() - 512);
    let locator_offset = data.len();
    let mut locator: Vec<u8> = format!(".\\{parent}")
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let locator_len = locator.len();
    locator.resize(512, 0);
    data.extend_from_slice(&locator);
    data.extend_from_slice(&footer);
    let header = u64::from_be_bytes(footer[16..24].try_into().expect("8 bytes")) as usize;
    let entry = header + 576;
    data[entry..entry + 4].copy_from_slice(b"W2ru");
    data[entry + 4..entry + 8].copy_from_slice(&512u32.to_be_bytes());
    data[entry + 8..entry + 12].copy_from_slice(&(locator_len as u32).to_be_bytes());
    data[entry + 16..entry + 24].copy_from_slice(&(locator_offset as u64).to_be_bytes());
    let table = u64::from_be_bytes(data[header + 16..header + 24].try_into().expect("8")) as usize;
    let last_block = u32::from_be_bytes(data[table + 20..table + 24].try_into().expect("4"));
    assert_ne!(
        last_block,
        u32::MAX,
        "block 5 of the child should be allocated"
    );
    data[last_block as usize * 512 + 1] = 0;
    let end = data.len() - 512;
    for at in [0, end] {
        data[at + 60..at + 64].copy_from_slice(&4u32.to_be_bytes());
    }
    std::fs::write(&path, &data).expect("write");
    fix_vhd_checksum(&path, 0, 512, 64);
    fix_vhd_checksum(&path, end, 512, 64);
    fix_vhd_checksum(&path, header, 1024, 36);
    path
}

#[test]
fn vhd_differencing_disks_are_merged() {
    if !crate::test_tools::available(&["qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let parent = fixture.convert("vpc", "subformat=dynamic,force_size=on", "parent.vhd");
    let child = make_vhd_child(&fixture, "parent.vhd");
    let mut want = merged(&fixture.data);
    let sectors = 10 * MIB + 8 * 512..10 * MIB + 16 * 512;
    want[sectors.clone()].copy_from_slice(&fixture.data[sectors]);
    let describes = "vhd (differencing); parent parent.vhd: vhd (dynamic)";
    assert_merged(&child, describes, &want, &parent);
}

/// Makes a qemu VHDX (1 MiB blocks) of [`child_content`] a differencing disk over `parent`:
/// the HasParent flag set and a parent locator item added to the metadata region.
fn make_vhdx_child(fixture: &Fixture, parent: &str) -> PathBuf {
    const VHDX_LOCATOR_TYPE: [u8; 16] = [
        0xB7, 0xEF, 0x4A, 0xB0, 0x9E, 0xD1, 0x81, 0x4A, 0xB7, 0x89, 0x25, 0xB8, 0xE9, 0x44, 0x59,
        0x13,
    ];
    let path = fixture.convert_child("vhdx", "block_size=1M", "child.vhdx");
    let mut data = std::fs::read(&path).expect("read");
    let region = find(&path, b"metadata\0\0");
    let le32 = |d: &[u8], at: usize| u32::from_le_bytes(d[at..at + 4].try_into().expect("4"));
    let count = u16::from_le_bytes([data[region + 10], data[region + 11]]) as usize;
    for i in 0..count {
        let entry = region + 32 + i * 32;
        if data[entry..entry + 16] == GUID_FILE_PARAMETERS {
            let flags = region + le32(&data, entry + 16) as usize + 4;
            data[flags] |= 2;
        }
    }
    let utf16 =
        |text: &str| -> Vec<u8> { text.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let pairs = [
        (
            "parent_linkage",
            "{00000000-0000-0000-0000-000000000000}".to_string(),
        ),
        ("relative_path", format!(".\\{parent}")),
    ];
    let mut locator = VHDX_LOCATOR_TYPE.to_vec();
    locator.extend_from_slice(&0u16.to_le_bytes());
    locator.extend_from_slice(&(pairs.len() as u16).to_le_bytes());
    let mut strings = Vec::new();
    let strings_start = 20 + 12 * pairs.len();
    for (key, value) in &pairs {
        let (key, value) = (utf16(key), utf16(value));
        let key_at = strings_start + strings.len();
        strings.extend_from_slice(&key);
        let value_at = strings_start + strings.len();
        strings.extend_from_slice(&value);
        locator.extend_from_slice(&(key_at as u32).to_le_bytes());
        locator.extend_from_slice(&(value_at as u32).to_le_bytes());
        locator.extend_from_slice(&(key.len() as u16).to_le_bytes());
        locator.extend_from_slice(&(value.len() as u16).to_le_bytes());
    }
    locator.extend_from_slice(&strings);
    let item = 0x8_0000;
    data[region + item..region + item + locator.len()].copy_from_slice(&locator);
    let entry = region + 32 + count * 32;
    data[entry..entry + 16].copy_from_slice(&GUID_PARENT_LOCATOR);
    data[entry + 16..entry + 20].copy_from_slice(&(item as u32).to_le_bytes());
    data[entry + 20..entry + 24].copy_from_slice(&(locator.len() as u32).to_le_bytes());
    data[entry + 24..entry + 28].copy_from_slice(&6u32.to_le_bytes());
    data[region + 10..region + 12].copy_from_slice(&(count as u16 + 1).to_le_bytes());
    // qemu marks the zero blocks PAYLOAD_BLOCK_ZERO (2); a child leaves unwritten blocks
    // NOT_PRESENT (0), to be read from the parent. Block 2 stays ZERO: it reads as zeros.
    let regions = 0x3_0000;
    let bat = (0..le32(&data, regions + 8) as usize)
        .map(|i| regions + 16 + i * 32)
        .find(|&e| data[e..e + 4] == [0x66, 0x77, 0xC2, 0x2D])
        .map(|e| u64::from_le_bytes(data[e + 16..e + 24].try_into().expect("8")) as usize)
        .expect("BAT region");
    for block in 3..10 {
        assert_eq!(data[bat + block * 8] & 7, 2, "block {block} of the child");
        data[bat + block * 8] &= !7;
    }
    std::fs::write(&path, &data).expect("write");
    path
}

#[test]
fn vhdx_differencing_disks_are_merged() {
    if !crate::test_tools::available(&["qemu-img"]) {
        return;
    }
    let fixture = Fixture::new();
    let parent = fixture.convert("vhdx", "block_size=1M", "parent.vhdx");
    let child = make_vhdx_child(&fixture, "parent.vhdx");
    let mut want = merged(&fixture.data);
    want[2 * MIB..3 * MIB].fill(0);
    assert_merged(&child, "vhdx; parent parent.vhdx: vhdx", &want, &parent);
}
