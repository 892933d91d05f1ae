//! Tests on images built at test time by mkfs.xfs from a prototype file (v5 with 4 KiB and
//! 1 KiB blocks, v4 without checksums or file types), edited with xfs_db where a prototype file
//! cannot say it (hardlinks, sockets, devices, loops, damage) and byte by byte where xfs_db
//! cannot either (scattered files, a dirty log: craft.rs). The Sleuth Kit of Debian bookworm
//! (4.11) does not read XFS, so files are compared with the tree they were made from, and the
//! shapes built are confirmed with xfs_db and xfs_repair.

pub(super) mod craft;

use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::super::testing::{
    LINUX_BASICS, Seen, assert_fuzz_seed_read_whole, assert_same_files, errors, file_sha256,
    files_by_path, fuzz_volume, items_after_stop, noise, sha256, slice, tree_files, walk_all,
    walk_hostile,
};
use super::bmap::Record;
use super::*;
use crate::test_tools::{command, mkfs_xfs, run, write_tree};

const NON_UTF8: &[u8] = b"/caf\xe9-\xff.bin";
const TOOLS: [&str; 3] = ["mkfs.xfs", "xfs_db", "xfs_repair"];

/// The filesystems every tree test is run on: (what, mkfs.xfs options).
const VARIANTS: [(&str, &[&str]); 3] = [
    ("v5", &[]),
    // Directory blocks (4 KiB) then span four filesystem blocks.
    ("v5, 1 KiB blocks", &["-b", "size=1024"]),
    ("v4", &["-m", "crc=0", "-n", "ftype=0", "-i", "size=256"]),
];

/// A Linux-like tree with a directory of each form: short-form (`sf`), block (`block`), leaf
/// (`leaf`), node (`node`) and node with a B+tree map (`btree`).
fn source_tree(root: &Path) {
    write_tree(root, &LINUX_BASICS);
    write_tree(
        root,
        &[
            ("d1/d2/d3/deep.txt", b"deep inside"),
            // Becomes a second name of hard/one (xfs_db), with the same content.
            ("other/two", b"one file, two names"),
            ("other/readme", b"the other name of hard/one is here"),
            ("sf/a", b"a"),
            ("sf/b", b"b"),
        ],
    );
    let many = |dir: &str, count: usize, name: &dyn Fn(usize) -> String, full: bool| {
        std::fs::create_dir_all(root.join(dir)).expect("mkdir");
        for i in 0..count {
            let content = if full {
                format!("{dir} {i}\n")
            } else {
                String::new()
            };
            std::fs::write(root.join(dir).join(name(i)), content).expect("write entry");
        }
    };
    many("block", 60, &|i| format!("file-{i}"), true);
    many("leaf", 400, &|i| format!("file-{i}"), true);
    many(
        "node",
        1500,
        &|i| format!("a-file-with-a-longer-name-{i:05}"),
        true,
    );
    // Empty files: their inode chunks come between the directory's blocks, so its map has more
    // extents than the inode holds.
    many("btree", 6000, &|i| format!("entry-{i}"), false);
    std::fs::write(root.join("big.bin"), noise(7, 3 * 1024 * 1024 + 12345)).expect("big");
    let name = std::ffi::OsStr::from_bytes(&NON_UTF8[1..]);
    std::fs::write(root.join(name), b"not utf-8").expect("non-utf8 name");
    std::os::unix::fs::symlink("../etc/passwd", root.join("hard/link")).expect("symlink");
    // Too long for the inode: the target is kept in a block.
    std::os::unix::fs::symlink("x/".repeat(500), root.join("long-link")).expect("symlink");
    // Made a character device and a socket by xfs_db: a prototype file has no sockets, and
    // device nodes need root to exist in the source tree.
    for fifo in ["fifo", "chardev", "socket"] {
        let path = root.join(fifo);
        run("mkfifo", &[path.to_str().expect("utf-8 path")], &[0]);
    }
}

struct Fixture {
    _dir: tempfile::TempDir,
    source: PathBuf,
    image: PathBuf,
}

/// The tree on a new filesystem made with `options`, with its second name given to hard/one
/// and the FIFOs `chardev` and `socket` turned into what they are named.
fn fixture(options: &[&str]) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("src");
    let image = dir.path().join("fs.img");
    source_tree(&source);
    let mut options = options.to_vec();
    options.extend_from_slice(&["-L", "needle-xfs"]);
    mkfs_xfs(&source, &image, 64, &options);
    let one = inode_number(&image, "/hard/one");
    let two = short_form_entry(&image, "/other", "two");
    xfs_db(
        &image,
        &[
            "path /other",
            &format!("write {two}.inumber.i4 {one}"),
            "path /hard/one",
            "write core.nlinkv2 2",
            "path /chardev",
            "write core.mode 020644",
            "path /socket",
            "write core.mode 0140644",
        ],
    );
    Fixture {
        _dir: dir,
        source,
        image,
    }
}

/// Runs xfs_db on `image` (writing, in expert mode) and returns what it printed.
fn xfs_db(image: &Path, commands: &[&str]) -> String {
    xfs_db_with("-x", image, commands)
}

fn xfs_db_read(image: &Path, commands: &[&str]) -> String {
    xfs_db_with("-r", image, commands)
}

fn xfs_db_with(mode: &str, image: &Path, commands: &[&str]) -> String {
    let mut args = vec![mode];
    for command in commands {
        args.extend_from_slice(&["-c", command]);
    }
    args.push(image.to_str().expect("utf-8 path"));
    let output = command("xfs_db").args(&args).output().expect("run xfs_db");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && !stdout.contains("not found"),
        "xfs_db {args:?}: {stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// The inode number of `path` in `image`, as xfs_db resolves it.
fn inode_number(image: &Path, path: &str) -> u64 {
    let stack = xfs_db_read(image, &[&format!("path {path}"), "stack"]);
    let after = stack
        .split("inode ")
        .nth(1)
        .unwrap_or_else(|| panic!("{path}: no inode in {stack}"));
    after
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{path}: {stack}"))
}

/// The xfs_db field of the entry `name` of the short-form directory `dir`
/// (`u3.sfdir3.list[1]` on v5, `u.sfdir2.list[1]` on v4).
fn short_form_entry(image: &Path, dir: &str, name: &str) -> String {
    let printed = xfs_db_read(image, &[&format!("path {dir}"), "print"]);
    let line = printed
        .lines()
        .find(|line| line.ends_with(&format!(".name = \"{name}\"")))
        .unwrap_or_else(|| panic!("{dir}/{name} not in {printed}"));
    line.split(".name").next().expect("field").to_string()
}

/// The extents of `path`'s data fork as xfs_db maps them.
fn xfs_db_bmap(image: &Path, path: &str) -> Vec<Record> {
    let printed = xfs_db_read(image, &[&format!("path {path}"), "bmap"]);
    printed
        .lines()
        .map(|line| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let number = |after: &str| -> u64 {
                let at = words.iter().position(|w| *w == after).expect(after);
                words[at + 1].parse().expect("number")
            };
            Record {
                offset: number("offset"),
                start: number("startblock"),
                count: number("count"),
                unwritten: number("flag") == 1,
            }
        })
        .collect()
}

/// How xfs_db says `path` is stored: its data fork format and, for directories in blocks, the
/// form that the blocks above 32 GiB (hash index) and 64 GiB (free index) give.
fn dir_form(image: &Path, path: &str) -> (&'static str, &'static str) {
    let printed = xfs_db_read(image, &[&format!("path {path}"), "print core.format"]);
    let fork = if printed.contains("(local)") {
        return ("short-form", "inode");
    } else if printed.contains("(btree)") {
        "B+tree"
    } else {
        "extents"
    };
    let sb = craft::superblock(image);
    let highest = xfs_db_bmap(image, path)
        .iter()
        .map(|record| record.offset * sb.block_size)
        .max()
        .unwrap_or(0);
    let form = match highest {
        h if h >= 64 << 30 => "node",
        h if h >= 32 << 30 => "leaf",
        _ => "block",
    };
    (form, fork)
}

fn walk_image(image: &Path) -> (XfsFileSystem, Vec<Seen>) {
    let mut fs = open(slice(image)).expect("open XFS image");
    let seen = walk_all(&mut fs);
    (fs, seen)
}

fn error_paths(seen: &[Seen]) -> Vec<Vec<u8>> {
    errors(seen)
        .iter()
        .map(|item| match item {
            Seen::Error(path, _) => path.clone(),
            _ => unreachable!(),
        })
        .collect()
}

fn repair_check(image: &Path) -> (i32, String) {
    let output = command("xfs_repair")
        // Small test filesystems have one AG: without force_geometry xfs_repair stops in phase 1.
        .args([
            "-n",
            "-o",
            "force_geometry",
            image.to_str().expect("utf-8 path"),
        ])
        .output()
        .expect("run xfs_repair");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout),
    )
}

#[test]
fn xfs_v5_and_v4_read_as_the_source_tree() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    for (variant, options) in VARIANTS {
        let fixture = fixture(options);
        let before = file_sha256(&fixture.image);
        let (mut fs, seen) = walk_image(&fixture.image);
        assert_eq!(fs.kind(), "xfs");
        assert_eq!(fs.label().as_deref(), Some("needle-xfs"));
        assert_eq!(errors(&seen), Vec::<&Seen>::new(), "{variant}");
        assert_same_files(&files_by_path(&seen), &tree_files(&fixture.source), variant);
        let hardlinked: Vec<_> = seen
            .iter()
            .filter_map(|item| match item {
                Seen::File { names, .. } if names.len() > 1 => {
                    let mut names = names.clone();
                    names.sort();
                    Some(names)
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            hardlinked,
            vec![vec![b"/hard/one".to_vec(), b"/other/two".to_vec()]],
            "{variant}"
        );
        for link in [&b"/hard/link"[..], b"/long-link"] {
            assert!(seen.contains(&Seen::Link(link.to_vec())), "{variant}");
        }
        for (path, kind) in [
            (&b"/fifo"[..], "fifo"),
            (b"/chardev", "character device"),
            (b"/socket", "socket"),
        ] {
            assert!(
                seen.contains(&Seen::Special(path.to_vec(), kind)),
                "{variant}"
            );
        }
        assert!(files_by_path(&seen).contains_key(NON_UTF8));
        let mut root = fs.root_names().expect("root names");
        root.sort();
        assert!(root.contains(&b"etc".to_vec()) && root.contains(&b"usr".to_vec()));
        assert!(!root.contains(&b".".to_vec()) && !root.contains(&b"..".to_vec()));
        // The directories have the forms they are named after.
        for (dir, form) in [
            ("/sf", ("short-form", "inode")),
            ("/block", ("block", "extents")),
            ("/leaf", ("leaf", "extents")),
            ("/btree", ("node", "B+tree")),
        ] {
            assert_eq!(dir_form(&fixture.image, dir), form, "{variant} {dir}");
        }
        assert_eq!(dir_form(&fixture.image, "/node").0, "node", "{variant}");
        assert_eq!(
            file_sha256(&fixture.image),
            before,
            "{variant}: the image was modified"
        );
    }
}

/// Files whose map xfs_db agrees is scattered over extents in the inode, a one-level and a
/// two-level B+tree, with holes, unwritten extents and a hole at the end.
#[test]
fn scattered_files_read_as_xfs_maps_them() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("src");
    // Block counts for whole leaves of 40 records: 3 leaves, and 30 leaves under one node.
    let shapes = [
        ("in-inode", 0u16, 20u64),
        ("one-level", 1, 123),
        ("two-levels", 2, 1231),
    ];
    for (index, (name, _, blocks)) in shapes.iter().enumerate() {
        let content = noise(index as u64, (*blocks * 1024) as usize);
        write_tree(&source, &[(&format!("scattered/{name}"), &content[..])]);
    }
    write_tree(&source, &[("plain", b"left alone")]);
    let image = dir.path().join("fs.img");
    mkfs_xfs(&source, &image, 32, &["-b", "size=1024"]);
    let mut expected = tree_files(&source);
    for (name, levels, _) in shapes {
        let path = format!("/scattered/{name}");
        let scattered = craft::scatter(&image, inode_number(&image, &path), levels);
        assert_eq!(xfs_db_bmap(&image, &path), scattered.records, "{path}");
        let format = xfs_db_read(&image, &[&format!("path {path}"), "print core.format"]);
        let wanted = if levels == 0 { "(extents)" } else { "(btree)" };
        assert!(format.contains(wanted), "{path}: {format}");
        if levels > 0 {
            let level = xfs_db_read(&image, &[&format!("path {path}"), "print u3.bmbt.level"]);
            assert!(level.contains(&format!("= {levels}")), "{path}: {level}");
        }
        assert!(scattered.records.iter().any(|r| r.unwritten));
        expected.insert(path.into_bytes(), sha256(&scattered.content));
    }
    let (code, report) = repair_check(&image);
    assert_eq!(
        code, 0,
        "xfs_repair -n finds the edits inconsistent: {report}"
    );
    let (_, seen) = walk_image(&image);
    assert_eq!(errors(&seen), Vec::<&Seen>::new());
    assert_same_files(&files_by_path(&seen), &expected, "scattered");
}

/// The log is judged as xfs_repair judges it: clean after mkfs and after the log is formatted
/// to a later cycle (a log that has wrapped), dirty with a transaction after the unmount
/// record.
#[test]
fn a_log_holding_changes_is_reported_and_a_clean_one_is_not() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("src");
    write_tree(&source, &[("etc/hostname", b"bridge\n")]);
    let image = dir.path().join("fs.img");
    mkfs_xfs(&source, &image, 16, &[]);
    let stale = |image: &Path| {
        let (_, seen) = walk_image(image);
        seen.iter().any(|item| {
            matches!(item, Seen::Error(path, message)
                if path == b"/" && message.starts_with("log not replayed"))
        })
    };
    let repair_says_dirty = |image: &Path| {
        repair_check(image)
            .1
            .contains("valuable metadata changes in a log")
    };
    assert!(!stale(&image) && !repair_says_dirty(&image), "after mkfs");
    xfs_db(&image, &["logformat -c 5"]);
    assert!(!stale(&image) && !repair_says_dirty(&image), "wrapped");
    craft::append_transaction(&image);
    assert!(repair_says_dirty(&image), "the crafted record is a change");
    assert!(stale(&image), "dirty");
    let (_, seen) = walk_image(&image);
    assert!(files_by_path(&seen).contains_key(&b"/etc/hostname"[..]));
}

#[test]
fn readers_are_send() {
    fn send<T: Send>() {}
    send::<XfsFileSystem>();
}

#[test]
fn stop_returns_early() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    let fixture = fixture(&[]);
    let mut fs = open(slice(&fixture.image)).expect("open");
    assert_eq!(items_after_stop(&mut fs), 1);
}

#[test]
fn checksum_mismatches_are_reported_and_the_data_still_read() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    let fixture = fixture(&[]);
    let sb = craft::superblock(&fixture.image);
    // A byte of the inode's padding, of a directory block's log sequence number and of the
    // superblock's unused tail: nothing a reader needs, but each checksum breaks.
    let passwd = inode_number(&fixture.image, "/etc/passwd");
    let inode_at = sb.inode_offset(passwd).expect("inode");
    craft::patch(&fixture.image, inode_at + 0x88, &[0x5A]);
    let block = xfs_db_bmap(&fixture.image, "/block")[0].start;
    let block_at = sb.block_offset(block).expect("block");
    craft::patch(&fixture.image, block_at + 0x10, &[0x5A]);
    craft::patch(&fixture.image, 0x1F0, &[0x5A]);
    let (_, seen) = walk_image(&fixture.image);
    let messages: Vec<(Vec<u8>, String)> = errors(&seen)
        .into_iter()
        .map(|item| match item {
            Seen::Error(path, message) => (path.clone(), message.clone()),
            _ => unreachable!(),
        })
        .collect();
    let reported =
        |path: &[u8], words: &str| messages.iter().any(|(p, m)| p == path && m.contains(words));
    assert!(
        reported(b"/etc/passwd", "checksum mismatch"),
        "{messages:?}"
    );
    assert!(reported(b"/block", "checksum mismatch"), "{messages:?}");
    assert!(
        reported(b"/", "superblock checksum mismatch"),
        "{messages:?}"
    );
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_same_files(
        &files_by_path(&seen),
        &tree_files(&fixture.source),
        "read anyway",
    );
}

#[test]
fn directory_loops_corrupt_inodes_and_bad_extents_are_errors() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    let fixture = fixture(&[]);
    let image = &fixture.image;
    let d1 = inode_number(image, "/d1");
    let d3 = short_form_entry(image, "/d1/d2", "d3");
    let leaf = xfs_db_bmap(image, "/leaf");
    xfs_db(
        image,
        &[
            "path /d1/d2",
            &format!("write {d3}.inumber.i4 {d1}"),
            "path /etc/passwd",
            "write -d core.magic 0",
            "path /etc/hostname",
            "write -d u3.bmx[0].startblock 4503599627370495",
            "path /other/readme",
            "write -d core.format 1",
            // The leaf directory's second block is its first again.
            "path /leaf",
            &format!("write u3.bmx[1].startblock {}", leaf[0].start),
        ],
    );
    let (_, seen) = walk_image(image);
    let paths = error_paths(&seen);
    for path in [
        &b"/d1/d2/d3"[..],
        b"/etc/passwd",
        b"/etc/hostname",
        b"/other/readme",
        b"/leaf",
    ] {
        assert!(
            paths.contains(&path.to_vec()),
            "{}: {seen:?}",
            String::from_utf8_lossy(path)
        );
    }
    // The rest is still read.
    let files = files_by_path(&seen);
    assert!(files.contains_key(&b"/big.bin"[..]));
    assert!(files.contains_key(&b"/btree/entry-5999"[..]));
    assert!(files.contains_key(&b"/leaf/file-0"[..]));
}

#[test]
fn hostile_images_give_errors_not_panics_or_hangs() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    let fixture = fixture(&[]);
    let good = std::fs::read(&fixture.image).expect("image");
    let dir = tempfile::tempdir().expect("tempdir");
    let try_image = |name: &str, bytes| walk_hostile(dir.path(), name, bytes, open);
    assert!(try_image("random.img", noise(1, 4 << 20)).is_none());
    // Superblock fields with absurd values.
    for (offset, value) in [
        (0x04usize, &[0u8, 0, 0x10, 0][..]),
        (0x08, &[0xFF; 8]),
        (0x30, &[0xFF; 8]),
        (0x38, &[0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]),
        (0x54, &[0, 0, 0, 1]),
        (0x58, &[0xFF, 0xFF, 0xFF, 0xFF]),
        (0x60, &[0xFF, 0xFF, 0xFF, 0xFF]),
        (0x68, &[0, 0x10]),
        (0x7C, &[40]),
        (0xC0, &[20]),
    ] {
        let mut bytes = good.clone();
        bytes[offset..offset + value.len()].copy_from_slice(value);
        // Either refused, or opened with everything past the damage an error.
        try_image("superblock.img", bytes);
    }
    // Truncated: the metadata at the start survives, files past the cut are errors.
    let seen = try_image("truncated.img", good[..good.len() / 10].to_vec()).expect("opens");
    assert!(!errors(&seen).is_empty());
    // Garbage over the metadata: no panic, no hang.
    for seed in 0..24 {
        let mut bytes = good.clone();
        let garbage = noise(seed, 64 * 1024);
        let start = 512 + (seed as usize * 37 * 1024) % (8 << 20);
        bytes[start..start + garbage.len()].copy_from_slice(&garbage);
        try_image("garbage.img", bytes);
    }
    // Single bytes flipped in the inodes of the tree's first directories and files.
    let sb = craft::superblock(&fixture.image);
    let root = sb.inode_offset(sb.root_inode).expect("root") as usize;
    for seed in 0..64u64 {
        let mut bytes = good.clone();
        let at = root + (seed as usize * 4099) % 65536;
        bytes[at] ^= 1 << (seed % 8);
        try_image("flipped.img", bytes);
    }
}

/// A tree block pointing back at itself or at the root's level is an error for its file.
#[test]
fn extent_tree_cycles_are_errors() {
    if !crate::test_tools::available(&TOOLS) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("src");
    write_tree(&source, &[("scattered", &noise(3, 1231 * 1024)[..])]);
    let image = dir.path().join("fs.img");
    mkfs_xfs(&source, &image, 32, &["-b", "size=1024"]);
    let number = inode_number(&image, "/scattered");
    let scattered = craft::scatter(&image, number, 2);
    let sb = craft::superblock(&image);
    let node = scattered.node.expect("two levels");
    let node_at = sb.block_offset(node).expect("node");
    // The node's second child: the node itself.
    let pointers = 72 + (1024 - 72) / 16 * 8;
    craft::patch(&image, node_at + pointers as u64 + 8, &node.to_be_bytes());
    craft::fix_checksum(&image, node_at, 1024, 64);
    let (_, seen) = walk_image(&image);
    assert_eq!(error_paths(&seen), vec![b"/scattered".to_vec()], "{seen:?}");
}

/// The seeds `scripts/fuzz-seeds` writes for the xfs fuzz target are whole filesystems: each
/// opens and every file of its tree is read, so the fuzzer starts from deep inside the reader.
#[test]
fn the_fuzz_seeds_are_readable_filesystems() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/xfs");
    for (seed, leaf_directory) in [
        ("xfs-v5", false),
        ("xfs-v4", false),
        ("xfs-v5-1k-leaf", true),
    ] {
        let input = std::fs::read(corpus.join(seed)).expect("seed");
        let mut fs = open(fuzz_volume(&input)).expect(seed);
        let seen = walk_all(&mut fs);
        assert_fuzz_seed_read_whole(&seen, seed, if leaf_directory { 200 } else { 0 });
        crate::fuzzing::xfs(&input);
    }
}
