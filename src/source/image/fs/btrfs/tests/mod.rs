//! Tests on Debian's btrfs sample, on images built at test time by mkfs.btrfs --rootdir, and on
//! images crafted byte by byte (craft.rs) for what btrfs-progs 6.2 cannot make without mounting
//! (subvolumes and snapshots, compressed, preallocated and sparse extents, RAID chunks) and for
//! damage. Nothing reads btrfs to compare with (The Sleuth Kit 4.11 cannot): files are compared
//! with the trees they were made from, and Debian's sample with its original files.

mod craft;

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use self::craft::{FsTree, Image, MODE_FILE, Regular};
use super::super::testing::{
    LINUX_BASICS, Seen, assert_fuzz_seed_read_whole, assert_same_files, debian_sample,
    debian_sample_originals, errors, files_by_path, fuzz_volume, items_after_stop, noise, sha256,
    slice, tree_files, walk_all, walk_hostile,
};
use super::chunks::ChunkMap;
use super::lzo;
use super::tree::Key;
use super::*;
use crate::test_tools::{mkfs_btrfs, write_tree};

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/source/image/fs/testdata");

fn crafted(image: Vec<u8>) -> (tempfile::TempDir, BtrfsFileSystem) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crafted.img");
    std::fs::write(&path, image).expect("write image");
    let fs = open(slice(&path)).expect("the crafted image opens");
    (dir, fs)
}

fn error_messages(seen: &[Seen]) -> Vec<String> {
    errors(seen)
        .iter()
        .map(|item| match item {
            Seen::Error(path, message) => format!("{}: {message}", String::from_utf8_lossy(path)),
            _ => unreachable!(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Keys, chunks, LZO

#[test]
fn keys_parse_little_endian_and_sort_by_object_type_offset() {
    let mut raw = 257u64.to_le_bytes().to_vec();
    raw.push(INODE_ITEM);
    raw.extend_from_slice(&0x1122u64.to_le_bytes());
    assert_eq!(Key::parse(&raw), Some(Key::new(257, INODE_ITEM, 0x1122)));
    assert_eq!(Key::parse(&raw[..16]), None, "a cut key");
    let mut keys = vec![
        Key::new(257, EXTENT_DATA, 0),
        Key::new(256, DIR_INDEX, 9),
        Key::new(257, INODE_ITEM, 5),
        Key::new(256, DIR_INDEX, 2),
    ];
    keys.sort();
    assert_eq!(
        keys,
        vec![
            Key::new(256, DIR_INDEX, 2),
            Key::new(256, DIR_INDEX, 9),
            Key::new(257, INODE_ITEM, 5),
            Key::new(257, EXTENT_DATA, 0),
        ]
    );
}

#[test]
fn chunks_map_single_dup_and_striped_profiles_onto_this_device() {
    const DUP: u64 = 1 << 5;
    const RAID10: u64 = 1 << 6;
    const RAID5: u64 = 1 << 7;
    const K64: u64 = 65536;
    let map = ChunkMap::new(
        vec![
            craft::chunk(1 << 20, 1 << 20, 2, K64, 1, &[(1, 5 << 20)]),
            // DUP: two copies on this device; the first is read.
            craft::chunk(
                8 << 20,
                1 << 20,
                4 | DUP,
                K64,
                1,
                &[(1, 20 << 20), (1, 30 << 20)],
            ),
            // RAID0 over this device twice (as one device may hold several stripes).
            craft::chunk(
                16 << 20,
                4 * K64,
                1 | craft::RAID0,
                K64,
                1,
                &[(1, 40 << 20), (1, 50 << 20)],
            ),
            // RAID10 over devices 1, 2 (a pair) and 3, 4.
            craft::chunk(
                32 << 20,
                4 * K64,
                1 | RAID10,
                K64,
                2,
                &[(1, 0), (2, 0), (3, 0), (4, 0)],
            ),
            // RAID5 over three devices: parity rotates.
            craft::chunk(
                64 << 20,
                4 * K64,
                1 | RAID5,
                K64,
                1,
                &[(2, 0), (1, 60 << 20), (3, 0)],
            ),
        ],
        1,
    )
    .expect("a consistent map");
    assert_eq!(
        map.map((1 << 20) + 100).expect("single"),
        ((5 << 20) + 100, (1 << 20) - 100)
    );
    assert_eq!(map.map((8 << 20) + 7).expect("dup").0, (20 << 20) + 7);
    // Stripe 0 on the first stripe, 1 on the second, 2 back on the first one row down.
    assert_eq!(map.map(16 << 20).expect("raid0"), (40 << 20, K64));
    assert_eq!(
        map.map((16 << 20) + K64 + 5).expect("raid0").0,
        (50 << 20) + 5
    );
    assert_eq!(
        map.map((16 << 20) + 2 * K64 + 9).expect("raid0"),
        ((40 << 20) + K64 + 9, K64 - 9)
    );
    // RAID10: stripe 0 on the pair (1, 2), read from device 1; stripe 1 on devices 3 and 4.
    assert_eq!(map.map(32 << 20).expect("raid10").0, 0);
    let other = map.map((32 << 20) + K64).expect_err("on devices 3 and 4");
    assert!(other.to_string().contains("device 3"), "{other}");
    // RAID5 row 0: data on stripes 0 and 1 (device 2, then this one); row 1 shifts by one.
    assert!(map.map(64 << 20).is_err());
    assert_eq!(map.map((64 << 20) + K64).expect("raid5 row 0").0, 60 << 20);
    assert_eq!(
        map.map((64 << 20) + 2 * K64).expect("raid5 row 1").0,
        (60 << 20) + K64
    );
    assert!(
        map.map((64 << 20) + 3 * K64).is_err(),
        "row 1, stripe 2: device 3"
    );
    let outside = map.map(3 << 20).expect_err("in no chunk");
    assert!(outside.to_string().contains("in no chunk"), "{outside}");
}

#[test]
fn overlapping_or_impossible_chunks_are_refused() {
    let overlapping = ChunkMap::new(
        vec![
            craft::chunk(0, 1 << 20, 1, 65536, 1, &[(1, 0)]),
            craft::chunk(1 << 19, 1 << 20, 1, 65536, 1, &[(1, 0)]),
        ],
        1,
    );
    assert!(overlapping.is_err());
    for raw in [
        craft::chunk_item(0, 1, 65536, 1, &[(1, 0)]),
        craft::chunk_item(1 << 20, 1, 65536, 1, &[]),
        craft::chunk_item(1 << 20, 1 | craft::RAID0, 0, 1, &[(1, 0)]),
        craft::chunk_item(1 << 20, 1 | (1 << 6), 65536, 0, &[(1, 0), (2, 0)]),
        craft::chunk_item(1 << 20, 1 | (1 << 8), 65536, 1, &[(1, 0), (2, 0)]),
    ] {
        assert!(Chunk::parse(0, &raw).is_err(), "{raw:?}");
    }
    let mut cut = craft::chunk_item(1 << 20, 1, 65536, 1, &[(1, 0), (2, 0)]);
    cut.truncate(100);
    assert!(Chunk::parse(0, &cut).is_err(), "stripes past the item");
    assert!(
        Chunk::parse(
            u64::MAX - 5,
            &craft::chunk_item(1 << 20, 1, 65536, 1, &[(1, 0)])
        )
        .is_err()
    );
}

/// The text of the LZO fixtures (`testdata/lzo1x-*-repeats`, made by python3-lzo): lines that
/// repeat every 23,000 bytes, so the encoder's long-distance matches are used.
fn lzo_repeats() -> Vec<u8> {
    (0..3000)
        .flat_map(|i| format!("{:05} needle lzo match\n", i % 1000).into_bytes())
        .collect()
}

#[test]
fn lzo1x_streams_from_liblzo_decode_at_both_levels() {
    let text = lzo_repeats();
    for fixture in ["lzo1x-1-repeats", "lzo1x-999-repeats"] {
        let packed = std::fs::read(Path::new(TESTDATA).join(fixture)).expect("fixture");
        let mut out = Vec::new();
        lzo::lzo1x(&packed, &mut out, text.len()).expect(fixture);
        assert_eq!(out, text, "{fixture}");
        // One byte less of room, one byte less of input, a byte too many: errors.
        assert!(lzo::lzo1x(&packed, &mut Vec::new(), text.len() - 1).is_err());
        assert!(lzo::lzo1x(&packed[..packed.len() - 1], &mut Vec::new(), text.len()).is_err());
        let mut longer = packed.clone();
        longer.push(0);
        assert!(lzo::lzo1x(&longer, &mut Vec::new(), text.len()).is_err());
    }
}

/// An LZO1X stream of literals only (at most 238), as the encoder starts one.
fn lzo_literals(bytes: &[u8]) -> Vec<u8> {
    assert!(bytes.len() <= 238 && bytes.len() >= 4);
    let mut stream = vec![17 + bytes.len() as u8];
    stream.extend_from_slice(bytes);
    stream.extend_from_slice(&[0x11, 0, 0]);
    stream
}

#[test]
fn btrfs_lzo_extents_decode_segment_by_segment_past_sector_padding() {
    let text: Vec<u8> = (0..455)
        .flat_map(|i| format!("{i:05} needle btrfs lzo\n").into_bytes())
        .collect();
    let extent = std::fs::read(Path::new(TESTDATA).join("btrfs-lzo-extent")).expect("fixture");
    assert_eq!(
        lzo::decompress_btrfs(&extent, text.len(), 4096),
        Ok(text.clone())
    );
    assert_eq!(
        lzo::decompress_btrfs(&extent, 5000, 4096).expect("a prefix"),
        text[..5000]
    );
    // A segment ending 2 bytes before a sector boundary: the next length starts on the next
    // sector, the 2 bytes between being padding.
    let first = lzo_literals(&[b'a'; 200]);
    let mut extent = vec![0u8; 4];
    extent.extend_from_slice(&(first.len() as u32).to_le_bytes());
    extent.extend_from_slice(&first);
    let mut expected = vec![b'a'; 200];
    // Segments of literals (each costs its count plus 8 bytes) until 2 bytes are left.
    let mut target = 4096 - extent.len() - 2;
    while target > 0 {
        let cost = match target {
            0..=246 => target,
            247..=257 => target - 12,
            _ => 246,
        };
        let segment = lzo_literals(&vec![b'c'; cost - 8]);
        extent.extend_from_slice(&(segment.len() as u32).to_le_bytes());
        extent.extend_from_slice(&segment);
        expected.extend(std::iter::repeat_n(b'c', cost - 8));
        target -= cost;
    }
    let left = 4096 - extent.len() % 4096;
    assert!(
        left < 4,
        "the test leaves {left} bytes, padding only below 4"
    );
    extent.resize(extent.len() + left, 0);
    let last = lzo_literals(b"last segment");
    extent.extend_from_slice(&(last.len() as u32).to_le_bytes());
    extent.extend_from_slice(&last);
    expected.extend_from_slice(b"last segment");
    let total = extent.len() as u32;
    extent[..4].copy_from_slice(&total.to_le_bytes());
    assert_eq!(
        lzo::decompress_btrfs(&extent, expected.len(), 4096),
        Ok(expected)
    );
}

#[test]
fn hostile_lzo_is_an_error_not_a_panic() {
    // A match reaching before the start, a literal run past the input, a total past the
    // extent, a segment past the total, a segment decoding to more than a sector.
    assert!(lzo::lzo1x(&[0x40, 0xFF, 0x11, 0, 0], &mut Vec::new(), 4096).is_err());
    assert!(lzo::lzo1x(&[0x00, 0x00, 0x00], &mut Vec::new(), 4096).is_err());
    assert!(lzo::lzo1x(&[], &mut Vec::new(), 4096).is_err());
    let mut total_past = 100u32.to_le_bytes().to_vec();
    total_past.extend_from_slice(&[0; 8]);
    assert!(lzo::decompress_btrfs(&total_past, 4096, 4096).is_err());
    let segment = lzo_literals(b"abcd");
    let mut segment_past = ((8 + segment.len()) as u32).to_le_bytes().to_vec();
    segment_past.extend_from_slice(&(segment.len() as u32 + 1).to_le_bytes());
    segment_past.extend_from_slice(&segment);
    assert!(lzo::decompress_btrfs(&segment_past, 4096, 4096).is_err());
    assert!(lzo::lzo1x(&lzo_literals(&[1; 200]), &mut Vec::new(), 100).is_err());
    for seed in 0..2000 {
        let bytes = noise(seed, 64 + (seed as usize % 300));
        let _ = lzo::decompress_btrfs(&bytes, 128 * 1024, 4096);
        let _ = lzo::lzo1x(&bytes, &mut Vec::new(), 4096);
    }
}

// ---------------------------------------------------------------------------------------------
// Crafted filesystems

const FILE: u8 = 1;
const DIR: u8 = 2;
const STRIPED_AT: u64 = 16 << 20;
const K64: u64 = 65536;

fn text(seed: usize, len: usize) -> Vec<u8> {
    (0..)
        .flat_map(|i| format!("line {i} of file {seed}\n").into_bytes())
        .take(len)
        .collect()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("compress");
    encoder.finish().expect("compress")
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

/// An inline LZO extent's data: the total length, one segment's length, the segment.
fn btrfs_lzo_inline(bytes: &[u8]) -> Vec<u8> {
    let segment = lzo_literals(bytes);
    let mut data = ((segment.len() + 8) as u32).to_le_bytes().to_vec();
    data.extend_from_slice(&(segment.len() as u32).to_le_bytes());
    data.extend_from_slice(&segment);
    data
}

/// Adds regular file `number` named `name` in directory `parent` (the root or `/snapdir`) and
/// its expected content.
fn add_file(
    fs: &mut FsTree,
    files: &mut BTreeMap<Vec<u8>, String>,
    parent: u64,
    number: u64,
    name: &str,
    content: &[u8],
) {
    fs.inode(
        parent,
        number,
        name.as_bytes(),
        MODE_FILE,
        content.len() as u64,
    );
    let dir = if parent == 272 { "/snapdir/" } else { "/" };
    files.insert(format!("{dir}{name}").into_bytes(), sha256(content));
}

/// What the crafted filesystem holds, and what a walk must report.
struct Showcase {
    image: Vec<u8>,
    /// Every regular file's names -> content.
    files: BTreeMap<Vec<u8>, String>,
    /// The FS tree's root block and where its first leaf lies (for damage).
    fs_root: tree::TreeRoot,
}

/// A filesystem of every extent kind, subvolumes, a snapshot sharing its subvolume's tree, a
/// nested subvolume, a deleted one, hardlinks, special files, and a RAID0 chunk half on a
/// device missing from the image. Its filesystem tree has six items a leaf, so it spans many
/// leaves under a node.
fn showcase(per_leaf: usize) -> Showcase {
    let mut img = Image::new();
    let mut fs = FsTree::new();
    let mut files = BTreeMap::new();
    let inline = b"hello inline\n".to_vec();
    add_file(&mut fs, &mut files, 256, 257, "inline.txt", &inline);
    fs.extent(
        257,
        0,
        craft::inline_extent(0, inline.len() as u64, &inline),
    );
    let small = text(258, 3000);
    add_file(&mut fs, &mut files, 256, 258, "inline-zlib", &small);
    fs.extent(258, 0, craft::inline_extent(1, 3000, &zlib(&small)));
    add_file(&mut fs, &mut files, 256, 259, "inline-zstd", &small);
    fs.extent(259, 0, craft::inline_extent(3, 3000, &zstd(&small)));
    let tiny = text(260, 200);
    add_file(&mut fs, &mut files, 256, 260, "inline-lzo", &tiny);
    fs.extent(
        260,
        0,
        craft::inline_extent(2, 200, &btrfs_lzo_inline(&tiny)),
    );

    // One zlib extent referenced twice: the second file extent starts 8 KiB into it.
    let big = text(261, 20000);
    add_file(&mut fs, &mut files, 256, 261, "zlib", &big);
    let packed = zlib(&big);
    let at = img.data(&packed);
    for (offset, length) in [(0, 8192), (8192, 20000 - 8192)] {
        let extent = Regular {
            compression: 1,
            disk_bytenr: at,
            disk_bytes: (packed.len() as u64).div_ceil(4096) * 4096,
            offset,
            length,
            ram_bytes: 20000,
            kind: 1,
        };
        fs.extent(261, offset, extent.item());
    }
    let big = text(262, 30000);
    add_file(&mut fs, &mut files, 256, 262, "zstd", &big);
    let packed = zstd(&big);
    let at = img.data(&packed);
    let extent = Regular {
        compression: 3,
        disk_bytes: (packed.len() as u64).div_ceil(4096) * 4096,
        ..Regular::plain(at, 30000)
    };
    fs.extent(262, 0, extent.item());
    let lzo_text: Vec<u8> = (0..455)
        .flat_map(|i| format!("{i:05} needle btrfs lzo\n").into_bytes())
        .collect();
    add_file(&mut fs, &mut files, 256, 263, "lzo", &lzo_text);
    let packed = std::fs::read(Path::new(TESTDATA).join("btrfs-lzo-extent")).expect("fixture");
    let at = img.data(&packed);
    let extent = Regular {
        compression: 2,
        disk_bytes: 4096,
        ..Regular::plain(at, lzo_text.len() as u64)
    };
    fs.extent(263, 0, extent.item());

    // Data, an implicit hole (no-holes), an explicit hole, a preallocated extent, data, and
    // zeros past the last extent up to the size.
    let first = noise(1, 4096);
    let last = noise(2, 4196);
    let mut holes = first.clone();
    holes.extend(std::iter::repeat_n(0, 3 * 4096));
    holes.extend_from_slice(&last);
    holes.extend(std::iter::repeat_n(0, 2000));
    add_file(&mut fs, &mut files, 256, 264, "holes", &holes);
    let at = img.data(&first);
    fs.extent(264, 0, Regular::plain(at, 4096).item());
    fs.extent(264, 8192, Regular::plain(0, 4096).item());
    let prealloc = Regular {
        kind: 2,
        ..Regular::plain(img.data(&[0xEE; 4096]), 4096)
    };
    fs.extent(264, 12288, prealloc.item());
    let at = img.data(&last);
    fs.extent(264, 16384, Regular::plain(at, 4196).item());

    // Forty extents laid out backwards on the disk.
    let many = noise(3, 40 * 4096);
    add_file(&mut fs, &mut files, 256, 265, "many-extents", &many);
    for (index, block) in many.chunks(4096).enumerate().rev() {
        let at = img.data(block);
        fs.extent(265, index as u64 * 4096, Regular::plain(at, 4096).item());
    }

    fs.inode(256, 266, b"encrypted", MODE_FILE, 4096);
    let mut encrypted = Regular::plain(img.data(&[1; 4096]), 4096).item();
    encrypted[17] = 1;
    fs.extent(266, 0, encrypted);
    fs.inode(256, 267, b"unknown-compression", MODE_FILE, 4096);
    let unknown = Regular {
        compression: 7,
        ..Regular::plain(img.data(&[2; 4096]), 4096)
    };
    fs.extent(267, 0, unknown.item());
    fs.inode(256, 268, b"link", 0o120777, 10);
    fs.extent(268, 0, craft::inline_extent(0, 10, b"inline.txt"));
    fs.inode(256, 269, b"fifo", 0o10644, 0);
    fs.inode(256, 270, b"null", 0o20666, 0);

    let shared = b"one file, two names\n".to_vec();
    fs.items.insert(
        Key::new(271, INODE_ITEM, 0),
        craft::inode_item(MODE_FILE, shared.len() as u64, 2),
    );
    fs.entry(256, b"hard-a", Key::new(271, INODE_ITEM, 0), FILE);
    fs.extent(
        271,
        0,
        craft::inline_extent(0, shared.len() as u64, &shared),
    );
    fs.dir(256, 272, b"snapdir");
    fs.entry(272, b"hard-b", Key::new(271, INODE_ITEM, 0), FILE);
    files.insert(b"/hard-a".to_vec(), sha256(&shared));
    files.insert(b"/snapdir/hard-b".to_vec(), sha256(&shared));
    fs.entry(272, b"sub", Key::new(256, ROOT_ITEM, u64::MAX), DIR);
    fs.entry(272, b"snap", Key::new(257, ROOT_ITEM, u64::MAX), DIR);

    // A RAID0 chunk over this device (stripe 0, 6 MiB in) and device 2.
    img.extra_chunks.push((
        Key::new(256, CHUNK_ITEM, STRIPED_AT),
        craft::chunk_item(2 * K64, 1 | craft::RAID0, K64, 1, &[(1, 6 << 20), (2, 0)]),
    ));
    let striped = noise(4, 4096);
    img.put(6 << 20, &striped);
    add_file(&mut fs, &mut files, 256, 273, "on-this-device", &striped);
    fs.extent(273, 0, Regular::plain(STRIPED_AT, 4096).item());
    fs.inode(256, 274, b"on-device-2", MODE_FILE, 4096);
    fs.extent(274, 0, Regular::plain(STRIPED_AT + K64, 4096).item());
    fs.items.insert(Key::new(256, INODE_REF, 256), vec![0; 10]);
    let fs_root = img.tree(FS_TREE, &fs.items, per_leaf);

    // Subvolume 256 (a file and the nested subvolume 258), its snapshot 257 sharing its
    // tree, 258, and 259 deleted.
    let mut sub = FsTree::new();
    let in_sub = b"in the subvolume\n".to_vec();
    sub.inode(256, 257, b"file", MODE_FILE, in_sub.len() as u64);
    sub.extent(
        257,
        0,
        craft::inline_extent(0, in_sub.len() as u64, &in_sub),
    );
    sub.entry(256, b"nested", Key::new(258, ROOT_ITEM, u64::MAX), DIR);
    let sub_root = img.tree(256, &sub.items, 100);
    for path in ["/snapdir/sub/file", "/snapdir/snap/file"] {
        files.insert(path.as_bytes().to_vec(), sha256(&in_sub));
    }
    let mut nested = FsTree::new();
    let deep = b"deep in a nested subvolume\n".to_vec();
    nested.inode(256, 257, b"deep.txt", MODE_FILE, deep.len() as u64);
    nested.extent(257, 0, craft::inline_extent(0, deep.len() as u64, &deep));
    let nested_root = img.tree(258, &nested.items, 100);
    files.insert(b"/snapdir/sub/nested/deep.txt".to_vec(), sha256(&deep));
    let deleted_root = img.tree(259, &FsTree::new().items, 100);

    let roots = BTreeMap::from([
        (
            Key::new(FS_TREE, ROOT_ITEM, 0),
            craft::root_item(fs_root, 256, 1),
        ),
        (
            Key::new(256, ROOT_ITEM, 0),
            craft::root_item(sub_root, 256, 1),
        ),
        (
            Key::new(256, ROOT_BACKREF, 5),
            craft::root_backref(272, b"sub"),
        ),
        (
            Key::new(257, ROOT_ITEM, 9),
            craft::root_item(sub_root, 256, 1),
        ),
        (
            Key::new(257, ROOT_BACKREF, 5),
            craft::root_backref(272, b"snap"),
        ),
        (
            Key::new(258, ROOT_ITEM, 0),
            craft::root_item(nested_root, 256, 1),
        ),
        (
            Key::new(258, ROOT_BACKREF, 256),
            craft::root_backref(256, b"nested"),
        ),
        (
            Key::new(259, ROOT_ITEM, 0),
            craft::root_item(deleted_root, 256, 0),
        ),
    ]);
    let root = img.tree(1, &roots, 100);
    Showcase {
        image: img.finish(root),
        files,
        fs_root,
    }
}

#[test]
fn a_crafted_filesystem_reads_every_extent_kind_and_subvolume() {
    let showcase = showcase(6);
    assert_eq!(
        showcase.fs_root.level, 1,
        "the filesystem tree spans several leaves"
    );
    let (_dir, mut fs) = crafted(showcase.image);
    assert_eq!(fs.label().as_deref(), Some("needle"));
    let seen = walk_all(&mut fs);
    assert_same_files(&files_by_path(&seen), &showcase.files, "crafted btrfs");
    let hardlinked = seen.iter().find_map(|item| match item {
        Seen::File { names, .. } if names.len() > 1 => Some(names.clone()),
        _ => None,
    });
    assert_eq!(
        hardlinked,
        Some(vec![b"/hard-a".to_vec(), b"/snapdir/hard-b".to_vec()])
    );
    assert!(seen.contains(&Seen::Link(b"/link".to_vec())));
    assert!(seen.contains(&Seen::Special(b"/fifo".to_vec(), "fifo")));
    assert!(seen.contains(&Seen::Special(b"/null".to_vec(), "character device")));
    let not_scanned: Vec<_> = seen
        .iter()
        .filter_map(|item| match item {
            Seen::NotScanned(path, why) => {
                Some((String::from_utf8_lossy(path).into_owned(), why.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(not_scanned.len(), 2, "{not_scanned:?}");
    assert!(not_scanned[0].0 == "/encrypted" && not_scanned[0].1.contains("encrypted"));
    assert!(
        not_scanned[1].0 == "/unknown-compression" && not_scanned[1].1.contains("compression (7)")
    );
    let errors = error_messages(&seen);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with("/: subvolume 259: deleted"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("/on-device-2: read: ") && errors[1].contains("device 2"),
        "{errors:?}"
    );
}

#[test]
fn subvolumes_are_listed_where_they_appear_on_the_host() {
    let (_dir, mut fs) = crafted(showcase(30).image);
    let listed: Vec<(u64, Result<String, String>)> = fs
        .subvolumes()
        .into_iter()
        .map(|s| {
            (
                s.id,
                s.path.map(|p| String::from_utf8_lossy(&p).into_owned()),
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            (256, Ok("/snapdir/sub".to_string())),
            (257, Ok("/snapdir/snap".to_string())),
            (258, Ok("/snapdir/sub/nested".to_string())),
            (
                259,
                Err("deleted, not cleaned up yet: not read".to_string())
            ),
        ]
    );
    assert_eq!(items_after_stop(&mut fs), 1);
    let mut names: Vec<Vec<u8>> = [
        "inline.txt",
        "inline-zlib",
        "inline-zstd",
        "inline-lzo",
        "zlib",
        "zstd",
        "lzo",
        "holes",
        "many-extents",
        "encrypted",
        "unknown-compression",
        "link",
        "fifo",
        "null",
        "hard-a",
        "snapdir",
        "on-this-device",
        "on-device-2",
    ]
    .iter()
    .map(|name| name.as_bytes().to_vec())
    .collect();
    names.sort();
    let mut actual = fs.root_names().expect("root");
    actual.sort();
    assert_eq!(actual, names);
}

/// The crafted filesystem as a bare image: recognised, and its subvolumes in the layout that
/// `image ls` prints.
#[test]
fn image_ls_lists_the_subvolumes() {
    use crate::source::image::container::Format;
    use crate::source::image::layout::{self, SubvolumeInfo};
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bare.img");
    std::fs::write(&path, showcase(30).image).expect("write image");
    let opened = layout::open(&path, Format::Raw).expect("opens");
    let volume = &opened.layout.volumes[0];
    assert_eq!(
        (volume.content.as_str(), volume.mount.as_deref()),
        ("btrfs", Some("/"))
    );
    let at = |id: u64, path: &str| SubvolumeInfo {
        id,
        path: Some(path.to_string()),
        not_walked: None,
    };
    assert_eq!(
        volume.subvolumes,
        vec![
            at(256, "/snapdir/sub"),
            at(257, "/snapdir/snap"),
            at(258, "/snapdir/sub/nested"),
            SubvolumeInfo {
                id: 259,
                path: None,
                not_walked: Some("deleted, not cleaned up yet: not read".to_string()),
            },
        ]
    );
    // The text of `needle image ls`: each subvolume under its volume.
    let mut text = Vec::new();
    crate::report::text::Text::new(&mut text, false, false)
        .image(&opened.layout)
        .expect("text");
    let text = String::from_utf8(text).expect("utf-8");
    let lines: Vec<&str> = text.lines().skip(2).collect();
    assert_eq!(
        lines,
        [
            "    subvolume 256 at /snapdir/sub",
            "    subvolume 257 at /snapdir/snap",
            "    subvolume 258 at /snapdir/sub/nested",
            "    subvolume 259: deleted, not cleaned up yet: not read",
        ],
        "{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// Damage

/// The showcase with `damage` done to its image, walked (within a minute); None if it does not
/// open.
fn damaged(per_leaf: usize, damage: impl FnOnce(&mut Vec<u8>, &Showcase)) -> Option<Vec<Seen>> {
    let mut showcase = showcase(per_leaf);
    let mut image = std::mem::take(&mut showcase.image);
    damage(&mut image, &showcase);
    let dir = tempfile::tempdir().expect("temp dir");
    walk_hostile(dir.path(), "damaged.img", image, open)
}

/// The address in the node at `node` of its child `index`.
fn child_pointer(node: u64, index: usize) -> usize {
    node as usize + 0x65 + index * 33 + 17
}

/// Where the data of item `key` lies in the image if the leaf at `leaf` holds it.
fn find_in_leaf(image: &[u8], leaf: u64, key: Key) -> Option<std::ops::Range<usize>> {
    let read32 = |at: usize| u32::from_le_bytes(image[at..at + 4].try_into().expect("4")) as usize;
    (0..read32(leaf as usize + 0x60)).find_map(|index| {
        let at = leaf as usize + 0x65 + index * 25;
        let start = leaf as usize + 0x65 + read32(at + 17);
        (Key::parse(&image[at..]) == Some(key)).then(|| start..start + read32(at + 21))
    })
}

/// Where the data of item `key` of the showcase's root tree (a single leaf) lies, and the leaf.
fn item_range_in(image: &[u8], key: Key) -> (std::ops::Range<usize>, u64) {
    let root = u64::from_le_bytes(image[0x10050..0x10058].try_into().expect("8"));
    let range = find_in_leaf(image, root, key).unwrap_or_else(|| panic!("no item {key:?}"));
    (range, root)
}

#[test]
fn a_node_pointing_to_itself_or_twice_to_a_leaf_is_an_error_not_a_loop() {
    // The filesystem tree's node points to itself.
    let seen = damaged(6, |image, showcase| {
        let root = showcase.fs_root.bytenr;
        let at = child_pointer(root, 0);
        image[at..at + 8].copy_from_slice(&root.to_le_bytes());
        craft::reseal(image, root);
    })
    .expect("opens: the root tree is whole");
    let errors = error_messages(&seen);
    assert!(
        errors.iter().any(|e| e.contains("pointed to twice")),
        "{errors:?}"
    );
    // Subvolume 256's root item gives its leaf as a node of level 1: no descent can start.
    let seen = damaged(6, |image, _| {
        let (range, leaf) = item_range_in(image, Key::new(256, ROOT_ITEM, 0));
        image[range.start + 238] = 1;
        craft::reseal(image, leaf);
    })
    .expect("opens");
    let errors = error_messages(&seen);
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("/snapdir/sub: ")
                && e.contains("has level 0 where 1 was expected")),
        "{errors:?}"
    );
    // The second pointer leads to the first leaf again: met twice in one walk. What lies in the
    // other leaves is still read.
    let seen = damaged(6, |image, showcase| {
        let root = showcase.fs_root.bytenr;
        let first = image[child_pointer(root, 0)..child_pointer(root, 0) + 8].to_vec();
        let at = child_pointer(root, 1);
        image[at..at + 8].copy_from_slice(&first);
        craft::reseal(image, root);
    })
    .expect("opens");
    let errors = error_messages(&seen);
    assert!(
        errors.iter().any(|e| e.contains("pointed to twice")),
        "{errors:?}"
    );
    assert!(!files_by_path(&seen).is_empty());
}

#[test]
fn a_leaf_with_a_bad_checksum_is_an_error_for_what_it_holds() {
    let seen = damaged(6, |image, showcase| {
        let root = showcase.fs_root.bytenr as usize;
        let leaf = u64::from_le_bytes(
            image[child_pointer(root as u64, 3)..][..8]
                .try_into()
                .expect("8"),
        );
        image[leaf as usize + 0x200] ^= 1;
    })
    .expect("opens");
    // The fourth leaf holds the inodes of /inline.txt and /inline-zlib, and the end of the
    // root directory's index (/on-this-device and /on-device-2); the entries of the other
    // leaves are listed and read.
    let errors = error_messages(&seen);
    assert_eq!(errors.len(), 4, "{errors:?}");
    for (error, path) in errors[1..].iter().zip(["/inline.txt", "/inline-zlib", "/"]) {
        assert!(
            error.starts_with(&format!("{path}: ")) && error.ends_with("checksum mismatch"),
            "{errors:?}"
        );
    }
    let files = files_by_path(&seen);
    assert_eq!(files.len(), 12, "{errors:?}");
}

/// Where the data of item `key` of the showcase's filesystem tree (a node over leaves) lies in
/// the image, and the leaf holding it.
fn item_range(image: &[u8], root: u64, key: Key) -> (std::ops::Range<usize>, u64) {
    let count = u32::from_le_bytes(image[root as usize + 0x60..][..4].try_into().expect("4"));
    (0..count as usize)
        .find_map(|child| {
            let pointer = child_pointer(root, child);
            let leaf = u64::from_le_bytes(image[pointer..pointer + 8].try_into().expect("8"));
            find_in_leaf(image, leaf, key).map(|range| (range, leaf))
        })
        .unwrap_or_else(|| panic!("no item {key:?}"))
}

#[test]
fn bad_extents_are_errors_for_their_file_and_the_rest_is_read() {
    let edits: [(&str, u64, u64, usize, &[u8]); 6] = [
        // disk_bytenr far outside the device.
        ("/zstd", 262, 0, 21, &(1u64 << 40).to_le_bytes()),
        // A compressed extent claiming a gigabyte on disk.
        ("/zlib", 261, 0, 29, &(1u64 << 30).to_le_bytes()),
        // An extent running past the largest offset.
        ("/many-extents", 265, 4096, 45, &u64::MAX.to_le_bytes()),
        // Bytes used past the end of an uncompressed disk extent.
        ("/holes", 264, 16384, 37, &(1u64 << 20).to_le_bytes()),
        // An unknown extent type.
        ("/on-this-device", 273, 0, 20, &[9]),
        // Inline zstd data damaged.
        ("/inline-zstd", 259, 0, 21 + 6, &[0xFF, 0xFF, 0xFF]),
    ];
    for (path, number, offset, field, bytes) in edits {
        let seen = damaged(6, |image, showcase| {
            let (range, leaf) = item_range(
                image,
                showcase.fs_root.bytenr,
                Key::new(number, EXTENT_DATA, offset),
            );
            let at = range.start + field;
            image[at..at + bytes.len()].copy_from_slice(bytes);
            craft::reseal(image, leaf);
        })
        .expect("opens");
        let errors = error_messages(&seen);
        assert!(
            errors.iter().any(|e| e.starts_with(&format!("{path}: "))),
            "{path}: {errors:?}"
        );
        let files = files_by_path(&seen);
        assert!(
            !files.contains_key(path.as_bytes()),
            "{path} read in spite of the damage"
        );
        // 15 names in all, one of them damaged.
        assert_eq!(files.len(), 14, "{path}");
    }
    // Compressed data that does not decode: zlib and LZO.
    for (path, number) in [("/zlib", 261u64), ("/lzo", 263)] {
        let seen = damaged(6, |image, showcase| {
            let (range, _) = item_range(
                image,
                showcase.fs_root.bytenr,
                Key::new(number, EXTENT_DATA, 0),
            );
            let disk =
                u64::from_le_bytes(image[range.start + 21..][..8].try_into().expect("8")) as usize;
            image[disk + 8..disk + 40].fill(0xA5);
        })
        .expect("opens");
        let errors = error_messages(&seen);
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with(&format!("{path}: read: ")) && e.contains("data")),
            "{path}: {errors:?}"
        );
    }
}

#[test]
fn a_file_larger_than_the_filesystem_is_not_scanned() {
    let seen = damaged(6, |image, showcase| {
        let (range, leaf) =
            item_range(image, showcase.fs_root.bytenr, Key::new(257, INODE_ITEM, 0));
        image[range.start + 16..range.start + 24].copy_from_slice(&(1u64 << 50).to_le_bytes());
        craft::reseal(image, leaf);
    })
    .expect("opens");
    assert!(
        seen.iter()
            .any(|item| matches!(item, Seen::NotScanned(path, why)
        if path == b"/inline.txt" && why.contains("larger than the filesystem")))
    );
}

/// The superblock of an image, edited by `edit` (and resealed unless `keep_checksum`).
fn superblock_edited(edit: impl Fn(&mut [u8]), reseal: bool) -> Vec<u8> {
    let mut image = showcase(30).image;
    let sb = &mut image[0x10000..0x11000];
    edit(sb);
    if reseal {
        craft::seal_superblock(sb);
    }
    image
}

/// An edit of the superblock's bytes.
type SuperblockEdit<'a> = &'a dyn Fn(&mut [u8]);

#[test]
fn superblock_damage_is_an_error_or_a_note() {
    let dir = tempfile::tempdir().expect("temp dir");
    let refused: [(&str, SuperblockEdit); 7] = [
        ("magic", &|sb| sb[0x40] = b'x'),
        ("node size", &|sb| {
            sb[0x94..0x98].copy_from_slice(&3000u32.to_le_bytes())
        }),
        ("sector size", &|sb| {
            sb[0x90..0x94].copy_from_slice(&512u32.to_le_bytes())
        }),
        ("incompat", &|sb| {
            sb[0xBC..0xC4].copy_from_slice(&(1u64 << 40).to_le_bytes())
        }),
        ("system chunk array", &|sb| {
            sb[0xA0..0xA4].copy_from_slice(&4000u32.to_le_bytes())
        }),
        ("root level", &|sb| sb[0xC6] = 9),
        ("chunk root", &|sb| {
            sb[0x58..0x60].copy_from_slice(&(1u64 << 40).to_le_bytes())
        }),
    ];
    for (what, edit) in refused {
        let image = superblock_edited(edit, true);
        assert!(
            walk_hostile(dir.path(), "sb.img", image, open).is_none(),
            "{what}"
        );
    }
    // A wrong checksum is noted, and the rest read.
    let seen = walk_hostile(
        dir.path(),
        "sb.img",
        superblock_edited(|sb| sb[0x300] ^= 1, false),
        open,
    )
    .expect("opens");
    let errors = error_messages(&seen);
    assert!(
        errors[0].contains("superblock checksum mismatch"),
        "{errors:?}"
    );
    assert!(files_by_path(&seen).contains_key(&b"/lzo"[..]));
}

#[test]
fn another_checksum_algorithm_is_read_without_verifying_and_noted() {
    // xxhash64: tree blocks keep their CRC-32C here, but nothing is checked any more.
    let mut image = superblock_edited(|sb| sb[0xC4] = 1, true);
    image[(1 << 20) + 0x300] ^= 1;
    let (_dir, mut fs) = crafted(image);
    let seen = walk_all(&mut fs);
    let errors = error_messages(&seen);
    assert!(
        errors[0].contains("checksums are xxhash64") && errors[0].contains("without verifying"),
        "{errors:?}"
    );
    assert!(files_by_path(&seen).contains_key(&b"/inline-zlib"[..]));
}

// ---------------------------------------------------------------------------------------------
// Debian's sample and mkfs.btrfs images

#[test]
fn debian_btrfs_sample_reads_every_file_with_its_original_content() {
    if !crate::test_tools::available(&[
        "/usr/share/forensics-samples/fs.btrfs.xz",
        "/usr/share/forensics-samples/original-files/text1/a-text.pdf",
        "xz",
    ]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let partition = debian_sample("btrfs", dir.path());
    let mut fs = open(slice(&partition)).expect("opens");
    assert_eq!(fs.kind(), "btrfs");
    assert!(fs.subvolumes().is_empty());
    // Metadata is DUP; /movie1/VID_20191220_170832.mp4 has an explicit hole extent, and
    // /pic1/debian_logo.png and /pic1/empty.jpg are inline.
    let seen = walk_all(&mut fs);
    assert!(errors(&seen).is_empty(), "{:?}", errors(&seen));
    let files = files_by_path(&seen);
    assert_eq!(files.len(), 18);
    assert_same_files(&files, &debian_sample_originals(), "Debian fs.btrfs");
}

const NON_UTF8: &[u8] = b"/caf\xe9-\xff.bin";

/// A Linux-like tree with small files (inline) and files about the inline limit, a large one,
/// deep directories, a directory of 3000 entries (its index over many leaves), hardlinks, a
/// symlink, a FIFO and a name that is not UTF-8.
fn source_tree(root: &Path) {
    write_tree(root, &LINUX_BASICS);
    write_tree(
        root,
        &[("d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/deep.txt", b"deep inside")],
    );
    for size in [2047, 2048, 2049, 4095, 4096, 4097, 65537] {
        std::fs::write(root.join(format!("size-{size}")), noise(size as u64, size)).expect("write");
    }
    std::fs::write(root.join("large.bin"), noise(9, 3 << 20)).expect("write");
    std::fs::create_dir_all(root.join("many")).expect("mkdir");
    for i in 0..3000 {
        std::fs::write(root.join(format!("many/entry-{i:04}")), format!("{i}\n")).expect("write");
    }
    std::fs::hard_link(root.join("hard/one"), root.join("etc/two")).expect("hardlink");
    std::os::unix::fs::symlink("passwd", root.join("etc/link")).expect("symlink");
    let fifo = root.join("fifo");
    let status = crate::test_tools::command("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let name = std::ffi::OsStr::from_bytes(&NON_UTF8[1..]);
    std::fs::write(root.join(name), b"latin-1 name").expect("write");
}

/// The filesystems the tree is copied onto: (what, mkfs.btrfs options, notes expected).
const VARIANTS: [(&str, &[&str], usize); 4] = [
    ("default (DUP metadata)", &[], 0),
    // Trees of 4 KiB blocks: the filesystem tree is several levels deep.
    ("4 KiB nodes", &["-n", "4096"], 0),
    (
        "single metadata, mixed block groups",
        &["-M", "-m", "single", "-d", "single"],
        0,
    ),
    // Not verified: one note says so.
    ("xxhash checksums", &["--csum", "xxhash"], 1),
];

#[test]
fn mkfs_btrfs_trees_are_read_whole_on_every_variant() {
    if !crate::test_tools::available(&["mkfs.btrfs", "mkfifo"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("tree");
    source_tree(&source);
    let mut expected = tree_files(&source);
    // One file with two names: listed under both.
    assert!(expected.contains_key(&b"/etc/two"[..]));
    expected.insert(NON_UTF8.to_vec(), sha256(b"latin-1 name"));
    for (what, options, notes) in VARIANTS {
        let image = dir.path().join("btrfs.img");
        mkfs_btrfs(
            &source,
            &image,
            128,
            &[&["-L", "linuxroot"], options].concat(),
        );
        let mut fs = open(slice(&image)).expect(what);
        assert_eq!(fs.label().as_deref(), Some("linuxroot"), "{what}");
        let seen = walk_all(&mut fs);
        assert_eq!(errors(&seen).len(), notes, "{what}: {:?}", errors(&seen));
        assert_same_files(&files_by_path(&seen), &expected, what);
        assert!(
            seen.iter()
                .any(|item| matches!(item, Seen::File { names, .. }
            if names == &[b"/etc/two".to_vec(), b"/hard/one".to_vec()])),
            "{what}"
        );
        assert!(seen.contains(&Seen::Link(b"/etc/link".to_vec())), "{what}");
        assert!(
            seen.contains(&Seen::Special(b"/fifo".to_vec(), "fifo")),
            "{what}"
        );
        let mut names = fs.root_names().expect("root names");
        names.sort();
        assert_eq!(
            names[..3],
            [
                b"caf\xe9-\xff.bin".to_vec(),
                b"d1".to_vec(),
                b"empty".to_vec()
            ],
            "{what}"
        );
    }
}

/// The seeds `scripts/fuzz-seeds` writes for the btrfs fuzz target are whole filesystems: each
/// opens and every file of its tree is read, so the fuzzer starts from deep inside the reader.
#[test]
fn the_fuzz_seeds_are_readable_filesystems() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/btrfs");
    for (seed, many) in [("btrfs-mixed", 0), ("btrfs-mixed-many", 200)] {
        let input = std::fs::read(corpus.join(seed)).expect("seed");
        let mut fs = open(fuzz_volume(&input)).expect(seed);
        let seen = walk_all(&mut fs);
        assert_fuzz_seed_read_whole(&seen, seed, many);
        // The hardlink: one file under both names.
        assert!(
            seen.iter()
                .any(|item| matches!(item, Seen::File { names, .. }
            if names.len() == 2 && names.contains(&b"/dir/hello-again.txt".to_vec())))
        );
        crate::fuzzing::btrfs(&input);
    }
}

#[test]
fn an_entry_leading_to_a_missing_subvolume_is_an_error() {
    // Subvolume 256's entry `nested` (shared by its snapshot) now leads to subvolume 260.
    let seen = damaged(6, |image, _| {
        let (root_item, _) = item_range_in(image, Key::new(256, ROOT_ITEM, 0));
        let leaf = u64::from_le_bytes(image[root_item.start + 176..][..8].try_into().expect("8"));
        let entry = find_in_leaf(image, leaf, Key::new(256, DIR_INDEX, 3)).expect("nested");
        image[entry.start..entry.start + 8].copy_from_slice(&260u64.to_le_bytes());
        craft::reseal(image, leaf);
    })
    .expect("opens");
    let errors = error_messages(&seen);
    for dir in ["/snapdir/sub", "/snapdir/snap"] {
        let expected = format!(
            "{dir}: directory 256 of subvolume {}: an entry leads to subvolume 260, which has \
             no root item",
            if dir.ends_with("sub") { 256 } else { 257 }
        );
        assert!(errors.contains(&expected), "{errors:?}");
    }
    assert!(!files_by_path(&seen).contains_key(&b"/snapdir/sub/nested/deep.txt"[..]));
}
