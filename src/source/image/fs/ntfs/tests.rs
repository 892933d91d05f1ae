//! Tests on images built at test time: mkntfs -C (files copied in with ntfscp are LZNT1
//! compressed), then a tree applied with wimapply (directories, hardlinks, symlinks as reparse
//! points, non-ASCII names: ntfs-3g's own tools cannot make directories without FUSE), then
//! alternate data streams with ntfscp -N. Hostile cases patch those images.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

use super::super::testing::{assert_same_files, items_after_stop, sha256, tsk_files};
use super::record::{ATTR_ATTRIBUTE_LIST, ATTR_DATA, ATTR_REPARSE_POINT, find_run};
use super::*;
use crate::source::image::disk::Disk;
use crate::test_rng::Rng;
use crate::test_tools::{run, write_tree};

/// A disk in memory: `base` with some bytes changed (`patches`) and cut at `len`.
struct MemDisk {
    base: Arc<Vec<u8>>,
    patches: HashMap<u64, u8>,
    len: u64,
}

impl Disk for MemDisk {
    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let start = offset.min(self.len) as usize;
        let end = (offset.saturating_add(buf.len() as u64)).min(self.len) as usize;
        let n = end - start;
        buf[..n].copy_from_slice(&self.base[start..end]);
        for (&at, &patched) in &self.patches {
            if (start as u64..end as u64).contains(&at) {
                buf[(at - offset) as usize] = patched;
            }
        }
        Ok(n)
    }

    fn size(&self) -> u64 {
        self.len
    }

    fn format(&self) -> String {
        "raw".into()
    }
}

fn volume(base: Arc<Vec<u8>>, patches: HashMap<u64, u8>, len: u64) -> Slice {
    let disk: Box<dyn Disk> = Box::new(MemDisk { base, patches, len });
    Slice::new(Arc::new(Mutex::new(disk)), 0, len)
}

fn volume_of(bytes: Vec<u8>) -> Slice {
    let len = bytes.len() as u64;
    volume(Arc::new(bytes), HashMap::new(), len)
}

fn text(n: usize, seed: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(n);
    let mut line = 0;
    while out.len() < n {
        out.extend_from_slice(format!("{seed} line {line}: compressible text\n").as_bytes());
        line += 1;
    }
    out.truncate(n);
    out
}

/// 160 compression units of 64 KiB: mostly text (LZNT1: allocated clusters then a sparse run,
/// two data runs per unit, enough to need an `$ATTRIBUTE_LIST`), some zeros (stored sparse) and
/// random bytes (stored raw); it ends mid-unit.
fn fragmented() -> Vec<u8> {
    let mut rng = Rng(0x5EED);
    let mut out = Vec::new();
    for unit in 0..160 {
        match unit % 10 {
            0 => out.extend_from_slice(&[0; 65536]),
            5 => out.extend_from_slice(&rng.bytes(65536)),
            _ => out.extend_from_slice(&text(65536, &format!("unit {unit}"))),
        }
    }
    out.truncate(out.len() - 777);
    out
}

struct Fixture {
    _dir: tempfile::TempDir,
    image: PathBuf,
    /// Every readable stream: path (or `path:stream`) and content.
    expected: BTreeMap<String, Vec<u8>>,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let tree = dir.path().join("tree");
    let mut rng = Rng(42);
    let kernel32 = rng.bytes(150_000);
    let notepad = text(200_000, "notepad");
    let non_ascii = "Users/Zoë/Desktop/😀 résumé 文件.txt";
    let mut tree_files: Vec<(String, Vec<u8>)> = vec![
        ("Windows/System32/kernel32.dll".into(), kernel32),
        (
            "Windows/System32/drivers/etc/hosts".into(),
            b"127.0.0.1 localhost\n".to_vec(),
        ),
        ("Windows/notepad.exe".into(), notepad),
        (non_ascii.into(), b"non-ascii name\n".to_vec()),
        ("small.txt".into(), b"hello\n".to_vec()),
        ("docs/longfilename.txt".into(), b"long name\n".to_vec()),
        ("loop/inner/x.txt".into(), b"x\n".to_vec()),
        ("empty.txt".into(), Vec::new()),
    ];
    for i in 0..300 {
        tree_files.push((
            format!("many/file_with_a_long_name_{i:03}.txt"),
            format!("file {i}\n").into_bytes(),
        ));
    }
    let borrowed: Vec<(&str, &[u8])> = tree_files
        .iter()
        .map(|(path, content)| (path.as_str(), content.as_slice()))
        .collect();
    write_tree(&tree, &borrowed);
    std::fs::hard_link(tree.join("small.txt"), tree.join("docs/hard.txt")).expect("hardlink");
    std::fs::hard_link(
        tree.join("docs/longfilename.txt"),
        tree.join("docs/LONGFI~1.TXT"),
    )
    .expect("hardlink");
    std::fs::create_dir_all(tree.join("links")).expect("mkdir");
    for (link, target) in [
        ("docs/link", "../small.txt"),
        ("dirlink", "docs"),
        ("links/wof.dll", "../small.txt"),
        ("links/dedup.dll", "../small.txt"),
    ] {
        std::os::unix::fs::symlink(target, tree.join(link)).expect("symlink");
    }

    let loose = dir.path().join("loose");
    let root_files: Vec<(&str, Vec<u8>)> = vec![
        ("compressed.txt", text(300_000, "compressed")),
        ("random.bin", Rng(7).bytes(200_000)),
        ("frag.bin", fragmented()),
        ("tiny.txt", b"tiny\n".to_vec()),
    ];
    let streams: Vec<(&str, &str, Vec<u8>)> = vec![
        (
            "Windows/notepad.exe",
            "Zone.Identifier",
            b"[ZoneTransfer]\nZoneId=3\n".to_vec(),
        ),
        ("small.txt", "evil", text(70_000, "evil stream")),
        ("links/wof.dll", "WofCompressedData", b"xpress".to_vec()),
    ];

    let image = dir.path().join("ntfs.img");
    let img = image.to_str().expect("utf-8 path");
    run("truncate", &["-s", "32M", img], &[0]);
    run(
        "mkntfs",
        &["-q", "-F", "-Q", "-C", "-c", "4096", "-L", "FIXTURE", img],
        &[0],
    );
    for (name, content) in &root_files {
        let source = loose.join(name);
        write_tree(&loose, &[(name, content.as_slice())]);
        let target = format!("/{name}");
        run(
            "ntfscp",
            &["-q", img, source.to_str().expect("utf-8"), &target],
            &[0],
        );
    }
    let wim = dir.path().join("tree.wim");
    let wim = wim.to_str().expect("utf-8 path");
    run(
        "wimcapture",
        &[tree.to_str().expect("utf-8"), wim, "--compress=none"],
        &[0],
    );
    run("wimapply", &[wim, img], &[0]);
    for (i, (file, stream, content)) in streams.iter().enumerate() {
        let source = loose.join(format!("stream{i}"));
        std::fs::write(&source, content).expect("write stream");
        let target = format!("/{file}");
        run(
            "ntfscp",
            &[
                "-q",
                "-N",
                stream,
                img,
                source.to_str().expect("utf-8"),
                &target,
            ],
            &[0],
        );
    }

    let mut expected = BTreeMap::new();
    for (path, content) in tree_files {
        expected.insert(format!("/{path}"), content);
    }
    for (name, content) in root_files {
        expected.insert(format!("/{name}"), content);
    }
    for (alias, original) in [
        ("/docs/hard.txt", "/small.txt"),
        ("/docs/LONGFI~1.TXT", "/docs/longfilename.txt"),
    ] {
        let content = expected[original].clone();
        expected.insert(alias.into(), content);
    }
    for (file, stream, content) in streams {
        if stream != "WofCompressedData" {
            expected.insert(format!("/{file}:{stream}"), content.clone());
        }
        if file == "small.txt" {
            expected.insert(format!("/docs/hard.txt:{stream}"), content);
        }
    }
    // Before the WOF patch, the links' stream is an ordinary alternate data stream.
    expected.insert(
        "/links/wof.dll:WofCompressedData".into(),
        b"xpress".to_vec(),
    );
    Fixture {
        _dir: dir,
        image,
        expected,
    }
}

/// Path to SHA-256, as [`assert_same_files`] compares them.
fn digests(map: &BTreeMap<String, Vec<u8>>) -> BTreeMap<Vec<u8>, String> {
    map.iter()
        .map(|(k, v)| (k.clone().into_bytes(), sha256(v)))
        .collect()
}

/// What a walk handed out.
#[derive(Default)]
struct Walked {
    /// Each readable stream: all its names and its content.
    files: Vec<(Vec<String>, u64, io::Result<Vec<u8>>)>,
    links: BTreeSet<String>,
    not_scanned: BTreeMap<String, (u64, String)>,
    errors: Vec<(String, String)>,
}

impl Walked {
    /// Name to content of everything read, every name listed.
    fn contents(&self) -> BTreeMap<String, Vec<u8>> {
        let mut all = BTreeMap::new();
        for (names, _, content) in &self.files {
            for name in names {
                let content = content.as_ref().expect("readable").clone();
                assert!(all.insert(name.clone(), content).is_none(), "{name} twice");
            }
        }
        all
    }
}

fn text_of(path: &[u8]) -> String {
    String::from_utf8(path.to_vec()).expect("paths are UTF-8")
}

/// Walks `fs`, reading each stream in chunks of up to 1 MiB and at most `cap` bytes.
fn walk_all(fs: &mut NtfsFileSystem, cap: u64) -> Walked {
    let mut walked = Walked::default();
    let stop = AtomicBool::new(false);
    fs.walk(&stop, &mut |item| match item {
        FsItem::File(file) => {
            let mut content = Vec::new();
            let mut chunk = vec![0; 1 << 20];
            let result = loop {
                match file.content.read(&mut chunk) {
                    Ok(0) => break Ok(content),
                    Ok(n) => {
                        content.extend_from_slice(&chunk[..n]);
                        if content.len() as u64 >= cap {
                            break Ok(content);
                        }
                    }
                    Err(error) => break Err(error),
                }
            };
            let names = file.names.iter().map(|name| text_of(name)).collect();
            walked.files.push((names, file.size, result));
        }
        FsItem::NotScanned { path, size, reason } => {
            walked.not_scanned.insert(text_of(&path), (size, reason));
        }
        FsItem::Link { path } => {
            walked.links.insert(text_of(&path));
        }
        FsItem::Special { path, kind } => panic!("special {kind} at {}", text_of(&path)),
        FsItem::Error { path, message } => walked.errors.push((text_of(&path), message)),
    });
    walked
}

fn open_bytes(bytes: Vec<u8>) -> io::Result<NtfsFileSystem> {
    open(volume_of(bytes))
}

/// Opens `image` and reads everything in it.
fn walk_bytes(image: Vec<u8>) -> Walked {
    walk_all(&mut open_bytes(image).expect("open"), u64::MAX)
}

/// The fixture's image in memory, for patching, and the filesystem read from it.
fn image_and_fs(fixture: &Fixture) -> (Vec<u8>, NtfsFileSystem) {
    let image = read_image(fixture);
    let fs = open_bytes(image.clone()).expect("open");
    (image, fs)
}

fn read_image(fixture: &Fixture) -> Vec<u8> {
    std::fs::read(&fixture.image).expect("read image")
}

fn all_links() -> BTreeSet<String> {
    [
        "/dirlink",
        "/docs/link",
        "/links/dedup.dll",
        "/links/wof.dll",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// Record number and sequence of `path`, found through the directory indexes.
fn lookup(fs: &NtfsFileSystem, path: &str) -> (u64, u16) {
    let mut current = (ROOT, 0);
    for component in path.split('/').filter(|c| !c.is_empty()) {
        let dir = fs.load(current.0).expect("directory");
        let entry = fs
            .entries(&dir)
            .expect("index")
            .map(|entry| entry.expect("entry"))
            .find(|entry| String::from_utf16_lossy(&entry.name.name) == component)
            .unwrap_or_else(|| panic!("{component} not found in {path}"));
        current = (entry.record, entry.sequence);
    }
    current
}

/// Byte position of MFT record `number` in the image (the fixture's MFT is contiguous there).
fn record_position(fs: &NtfsFileSystem, number: u64) -> usize {
    let size = fs.geometry.record_size as u64;
    let cluster = fs.geometry.cluster_size;
    let offset = number * size;
    let run = find_run(&fs.mft_runs, offset / cluster).expect("mapped");
    assert!((offset + size - 1) / cluster < run.end(), "record split");
    let lcn = run.lcn.expect("allocated") + offset / cluster - run.vcn;
    (lcn * cluster + offset % cluster) as usize
}

/// Applies `patch` to the bytes of the first attribute of type `ty` in record `number`, checking
/// that no fixup position (the last two bytes of each 512-byte stride) is touched.
fn patch_attribute(
    image: &mut [u8],
    fs: &NtfsFileSystem,
    number: u64,
    ty: u32,
    patch: impl FnOnce(&mut [u8]),
) {
    let start = record_position(fs, number);
    let record = &mut image[start..start + fs.geometry.record_size];
    let before = record.to_vec();
    let mut offset = usize::from(u16::from_le_bytes([record[20], record[21]]));
    loop {
        let found = u32::from_le_bytes(record[offset..offset + 4].try_into().unwrap());
        let length = u32::from_le_bytes(record[offset + 4..offset + 8].try_into().unwrap());
        assert_ne!(
            found, 0xFFFF_FFFF,
            "attribute {ty:#x} not in record {number}"
        );
        if found == ty {
            patch(&mut record[offset..offset + length as usize]);
            break;
        }
        offset += length as usize;
    }
    for end in (512..=record.len()).step_by(512) {
        assert_eq!(
            record[end - 2..end],
            before[end - 2..end],
            "fixup bytes touched"
        );
    }
}

/// Positions of the index entries (not `$FILE_NAME` attributes) for `name` in the image.
fn index_entries_named(image: &[u8], name: &str) -> Vec<usize> {
    let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let key_length = 66 + units.len() as u16;
    let mut found = Vec::new();
    for at in 82..image.len() - units.len() {
        if image[at..at + units.len()] == units[..] && usize::from(image[at - 2]) * 2 == units.len()
        {
            let entry = at - 82;
            if image[entry + 10..entry + 12] == key_length.to_le_bytes() {
                found.push(entry);
            }
        }
    }
    found
}

#[test]
fn reads_every_stream_with_every_name() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let mut fs = open_bytes(read_image(&fixture)).expect("open");
    assert_eq!(fs.kind(), "ntfs");
    assert_eq!(fs.label().as_deref(), Some("FIXTURE"));
    let root: BTreeSet<Vec<u8>> = fs.root_names().expect("root").into_iter().collect();
    for name in ["Windows", "frag.bin", "many", "dirlink"] {
        assert!(root.contains(name.as_bytes()), "{name} in the root");
    }
    assert!(!root.iter().any(|name| name.starts_with(b"$")), "{root:?}");

    let walked = walk_all(&mut fs, u64::MAX);
    assert!(walked.errors.is_empty(), "{:?}", walked.errors);
    assert!(walked.not_scanned.is_empty(), "{:?}", walked.not_scanned);
    assert_eq!(walked.links, all_links());
    assert_same_files(
        &digests(&walked.contents()),
        &digests(&fixture.expected),
        "ntfs",
    );
    for (names, size, content) in &walked.files {
        assert_eq!(*size, content.as_ref().unwrap().len() as u64, "{names:?}");
    }

    // Hardlinks are read once, with all their names; so are their streams.
    let names_of = |first: &str| -> BTreeSet<String> {
        let (names, _, _) = walked
            .files
            .iter()
            .find(|(names, _, _)| names.iter().any(|name| name == first))
            .expect("listed");
        names.iter().cloned().collect()
    };
    let set = |names: &[&str]| names.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        names_of("/small.txt"),
        set(&["/small.txt", "/docs/hard.txt"])
    );
    assert_eq!(
        names_of("/small.txt:evil"),
        set(&["/small.txt:evil", "/docs/hard.txt:evil"])
    );
    assert_eq!(walked.files.len(), fixture.expected.len() - 3);

    // The fixture exercises what it is meant to: LZNT1 with sparse units and an attribute
    // list, resident data, an index in several blocks.
    let (frag, _) = lookup(&fs, "/frag.bin");
    let file = fs.load(frag).unwrap();
    assert!(
        file.record
            .attributes()
            .any(|a| a.unwrap().ty == ATTR_ATTRIBUTE_LIST)
    );
    let data = file.find(ATTR_DATA, "").unwrap();
    assert_ne!(data.flags & FLAG_COMPRESSED, 0);
    let Value::NonResident(value) = &data.value else {
        panic!("frag.bin resident")
    };
    assert!(value.runs.iter().any(|run| run.lcn.is_none()));
    let (small, _) = lookup(&fs, "/small.txt");
    let small = fs.load(small).unwrap();
    assert!(matches!(
        small.find(ATTR_DATA, "").unwrap().value,
        Value::Resident(_)
    ));
    let (many, _) = lookup(&fs, "/many");
    assert!(
        fs.load(many)
            .unwrap()
            .find(ATTR_INDEX_ALLOCATION, "$I30")
            .is_some()
    );
}

#[test]
fn matches_the_sleuth_kit() {
    if !crate::test_tools::available(&["fls", "icat", "mkntfs", "ntfscp", "wimapply", "wimcapture"])
    {
        return;
    }
    let fixture = fixture();
    let walked = walk_bytes(read_image(&fixture));
    let mut theirs = tsk_files(&fixture.image);
    // Links are regular files to The Sleuth Kit; they are never read as files here.
    theirs.retain(|path, _| !walked.links.contains(&*String::from_utf8_lossy(path)));
    assert_same_files(&digests(&walked.contents()), &theirs, "ntfs");
    assert!(
        theirs.contains_key(&b"/frag.bin"[..])
            && theirs.contains_key(&b"/Windows/notepad.exe:Zone.Identifier"[..])
    );
}

#[test]
fn lznt1_units_from_the_image_expand_to_the_original() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let fs = open_bytes(read_image(&fixture)).expect("open");
    let original = &fixture.expected["/compressed.txt"];
    let (number, _) = lookup(&fs, "/compressed.txt");
    let file = fs.load(number).unwrap();
    let data = file.find(ATTR_DATA, "").unwrap();
    let Value::NonResident(value) = &data.value else {
        panic!("resident")
    };
    assert_eq!(value.compression_unit, 4);
    let cluster = fs.geometry.cluster_size;
    let unit = 16 * cluster as usize;
    let mut compressed_units = 0;
    for (index, expected) in original.chunks(unit).enumerate() {
        // The allocated clusters of the unit, the rest being sparse.
        let first = index as u64 * 16;
        let mut packed = Vec::new();
        for vcn in first..first + 16 {
            let run = find_run(&value.runs, vcn).expect("mapped");
            if let Some(lcn) = run.lcn {
                let mut cluster_bytes = vec![0; cluster as usize];
                fs.volume
                    .read_exact_at((lcn + vcn - run.vcn) * cluster, &mut cluster_bytes)
                    .unwrap();
                packed.extend_from_slice(&cluster_bytes);
            }
        }
        assert!(packed.len() < unit, "unit {index} stored raw");
        compressed_units += 1;
        let mut output = vec![0; unit];
        lznt1::decompress(&packed, &mut output).unwrap();
        assert_eq!(&output[..expected.len()], expected, "unit {index}");
    }
    assert!(compressed_units >= 4);
}

#[test]
fn dos_aliases_are_skipped() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let mut image = read_image(&fixture);
    // Turn one hardlink into what Windows writes for an 8.3 alias: the DOS namespace, in the
    // directory index and in the file's own $FILE_NAME.
    let units: Vec<u8> = "LONGFI~1.TXT"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let mut patched = 0;
    for at in 2..image.len() - units.len() {
        if image[at..at + units.len()] == units[..] && image[at - 2] == 12 {
            image[at - 1] = NAMESPACE_DOS;
            patched += 1;
        }
    }
    assert_eq!(patched, 2, "the name in the index and in the record");
    let walked = walk_bytes(image);
    assert!(walked.errors.is_empty(), "{:?}", walked.errors);
    let (names, _, _) = walked
        .files
        .iter()
        .find(|(names, _, _)| names[0].starts_with("/docs/long"))
        .expect("listed");
    assert_eq!(names, &["/docs/longfilename.txt".to_string()]);
    assert!(!walked.contents().keys().any(|name| name.contains('~')));
}

/// Rewrites a resident reparse point: its tag, then `data` as the first words of its data.
fn set_tag(tag: u32, data: &[u32]) -> impl FnOnce(&mut [u8]) + '_ {
    move |attribute: &mut [u8]| {
        let value = usize::from(u16::from_le_bytes([attribute[20], attribute[21]]));
        attribute[value..value + 4].copy_from_slice(&tag.to_le_bytes());
        for (i, word) in data.iter().enumerate() {
            let at = value + 8 + 4 * i;
            attribute[at..at + 4].copy_from_slice(&word.to_le_bytes());
        }
    }
}

#[test]
fn wof_dedup_and_efs_are_reported_not_scanned() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let (mut image, fs) = image_and_fs(&fixture);
    let (wof, _) = lookup(&fs, "/links/wof.dll");
    // WOF_EXTERNAL_INFO version 1, file provider; file provider info version 1, LZX.
    patch_attribute(
        &mut image,
        &fs,
        wof,
        ATTR_REPARSE_POINT,
        set_tag(REPARSE_WOF, &[1, 2, 1, 1]),
    );
    let (dedup, _) = lookup(&fs, "/links/dedup.dll");
    patch_attribute(
        &mut image,
        &fs,
        dedup,
        ATTR_REPARSE_POINT,
        set_tag(REPARSE_DEDUP, &[]),
    );
    let (kernel32, _) = lookup(&fs, "/Windows/System32/kernel32.dll");
    patch_attribute(&mut image, &fs, kernel32, ATTR_DATA, |attribute| {
        // Flags 0x4000 (encrypted): the high byte of the little-endian field.
        attribute[13] |= 0x40;
    });

    let walked = walk_bytes(image);
    assert!(walked.errors.is_empty(), "{:?}", walked.errors);
    let reason = |path: &str| walked.not_scanned[path].1.clone();
    assert_eq!(
        reason("/links/wof.dll"),
        "WOF-compressed (LZX): not decompressed"
    );
    assert!(reason("/links/dedup.dll").starts_with("deduplicated"));
    assert_eq!(
        walked.not_scanned["/Windows/System32/kernel32.dll"],
        (150_000, "EFS-encrypted: not decrypted".to_string())
    );
    assert_eq!(walked.not_scanned.len(), 3);
    let contents = walked.contents();
    assert!(
        !contents
            .keys()
            .any(|name| name.contains("WofCompressedData"))
    );
    assert!(!contents.contains_key("/Windows/System32/kernel32.dll"));
    assert_eq!(walked.links.len(), 2);
}

#[test]
fn zeroed_record_is_an_error_and_the_walk_goes_on() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let (mut image, fs) = image_and_fs(&fixture);
    let (hosts, _) = lookup(&fs, "/Windows/System32/drivers/etc/hosts");
    let start = record_position(&fs, hosts);
    image[start..start + fs.geometry.record_size].fill(0);
    let walked = walk_bytes(image);
    assert_eq!(walked.errors.len(), 1, "{:?}", walked.errors);
    let (path, message) = &walked.errors[0];
    assert_eq!(path, "/Windows/System32/drivers/etc/hosts");
    assert!(message.contains("zeroed"), "{message}");
    let mut expected = fixture.expected.clone();
    expected.remove("/Windows/System32/drivers/etc/hosts");
    assert_same_files(
        &digests(&walked.contents()),
        &digests(&expected),
        "zeroed record",
    );
}

#[test]
fn directory_loop_is_an_error() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let (mut image, fs) = image_and_fs(&fixture);
    let (parent, sequence) = lookup(&fs, "/loop");
    let entries = index_entries_named(&image, "inner");
    assert_eq!(entries.len(), 1);
    let reference = (u64::from(sequence) << 48) | parent;
    image[entries[0]..entries[0] + 8].copy_from_slice(&reference.to_le_bytes());
    let walked = walk_bytes(image);
    assert_eq!(walked.errors.len(), 1, "{:?}", walked.errors);
    assert_eq!(walked.errors[0].0, "/loop/inner");
    assert!(walked.errors[0].1.contains("directory loop"));
    assert!(!walked.contents().contains_key("/loop/inner/x.txt"));
}

#[test]
fn stop_ends_the_walk() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let mut fs = open_bytes(read_image(&fixture)).expect("open");
    let items = items_after_stop(&mut fs);
    assert!((1..=3).contains(&items), "{items} items");
}

#[test]
fn truncated_images_give_errors_not_panics() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let image = Arc::new(read_image(&fixture));
    let full = image.len() as u64;
    let mut opened = 0;
    for len in [0, 511, 512, 4096, 20_000, 40_000, 1 << 20, 5 << 20, 8 << 20] {
        let Ok(mut fs) = open(volume(image.clone(), HashMap::new(), len)) else {
            continue;
        };
        opened += 1;
        let walked = walk_all(&mut fs, u64::MAX);
        let read_errors = walked.files.iter().filter(|(_, _, r)| r.is_err()).count();
        assert!(
            read_errors + walked.errors.len() > 0,
            "no error on an image cut at {len} of {full}"
        );
    }
    assert!(opened >= 3, "only {opened} truncated images opened");
}

#[test]
fn absurd_boot_sectors_are_rejected() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let image = read_image(&fixture);
    let cases: [(&str, usize, &[u8]); 8] = [
        ("signature", 3, b"NTFX"),
        ("sector size", 11, &[0x00, 0x03]),
        ("sectors per cluster", 13, &[3]),
        ("cluster above 2 MiB", 13, &[0xF0]),
        ("MFT beyond the volume", 0x30, &[0, 0, 0, 0, 0, 0, 0, 0x10]),
        ("MFT at zero", 0x30, &[0; 8]),
        ("record size", 0x40, &[0x7F]),
        ("sector count overflow", 0x28, &[0xFF; 8]),
    ];
    for (name, offset, bytes) in cases {
        let mut patched = image.clone();
        patched[offset..offset + bytes.len()].copy_from_slice(bytes);
        assert!(open_bytes(patched).is_err(), "{name}");
    }
    // A plausible MFT position that holds no MFT.
    let mut patched = image.clone();
    patched[0x30..0x38].copy_from_slice(&100u64.to_le_bytes());
    assert!(open_bytes(patched).is_err());
}

#[test]
fn random_bytes_are_rejected() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let mut rng = Rng(99);
    assert!(open_bytes(rng.bytes(4 << 20)).is_err());
    // A real boot sector over random bytes: the MFT is garbage.
    let fixture = fixture();
    let mut bytes = rng.bytes(32 << 20);
    bytes[..512].copy_from_slice(&read_image(&fixture)[..512]);
    assert!(open_bytes(bytes).is_err());
}

#[test]
fn mutated_images_never_panic_or_hang() {
    if !crate::test_tools::available(&["mkntfs", "ntfscp", "wimapply", "wimcapture"]) {
        return;
    }
    let fixture = fixture();
    let image = Arc::new(read_image(&fixture));
    let fs = open(volume_of(image.to_vec())).expect("open");
    let mft = record_position(&fs, 0) as u64;
    let records = 450 * fs.geometry.record_size as u64;
    // Directory index blocks and data: where the non-resident structures are.
    let (many, _) = lookup(&fs, "/many");
    let index_runs = match &fs
        .load(many)
        .unwrap()
        .find(ATTR_INDEX_ALLOCATION, "$I30")
        .unwrap()
        .value
    {
        Value::NonResident(value) => value.runs.clone(),
        Value::Resident(_) => panic!("resident index"),
    };
    let index = index_runs[0].lcn.unwrap() * fs.geometry.cluster_size;
    let mut rng = Rng(2024);
    let mut failures = 0;
    for round in 0..300 {
        let mut patches = HashMap::new();
        for _ in 0..1 + rng.next() % 24 {
            let at = match rng.next() % 8 {
                0 => index + rng.next() % (index_runs[0].clusters * 4096),
                1 => rng.next() % 512,
                2 => rng.next() % image.len() as u64,
                _ => mft + rng.next() % records,
            };
            patches.insert(at, rng.next() as u8);
        }
        let Ok(mut fs) = open(volume(image.clone(), patches, image.len() as u64)) else {
            failures += 1;
            continue;
        };
        let walked = walk_all(&mut fs, 1 << 20);
        let _ = fs.root_names();
        if !walked.errors.is_empty() {
            failures += 1;
        }
        assert!(walked.files.len() < 10_000, "round {round}");
    }
    assert!(failures > 30, "mutations barely noticed: {failures}");
}

#[test]
fn empty_volume_lists_nothing() {
    if !crate::test_tools::available(&["mkntfs"]) {
        return;
    }
    // Metadata records are skipped: a fresh volume (1 KiB clusters here) holds no file.
    let dir = tempfile::tempdir().unwrap();
    let image = dir.path().join("empty.img");
    let img = image.to_str().unwrap();
    run("truncate", &["-s", "8M", img], &[0]);
    run("mkntfs", &["-q", "-F", "-Q", "-c", "1024", img], &[0]);
    let mut fs = open_bytes(std::fs::read(Path::new(img)).unwrap()).expect("open");
    assert_eq!(fs.label(), None);
    let walked = walk_all(&mut fs, u64::MAX);
    assert!(walked.files.is_empty() && walked.errors.is_empty() && walked.links.is_empty());
    assert!(fs.root_names().unwrap().is_empty());
}

#[test]
fn names_are_utf16_converted_lossily() {
    assert_eq!(join(b"/", &[0x57, 0x69, 0x6E]), b"/Win");
    // An unpaired surrogate, which NTFS allows, becomes U+FFFD.
    assert_eq!(
        join(b"/dir", &[0xD800, 0x61]),
        "/dir/\u{FFFD}a".as_bytes().to_vec()
    );
}
