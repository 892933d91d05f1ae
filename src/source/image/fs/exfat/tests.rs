//! Tests of the exFAT reader: volumes written by the test writer (checked by `fsck.exfat` and
//! read by The Sleuth Kit), Debian's exFAT sample image, and damaged volumes.

// The test writer of exFAT volumes, shared with the integration tests.
#[path = "../../../../../tests/util/exfat.rs"]
mod writer;

use std::path::{Path, PathBuf};

use super::super::testing::{
    Seen, assert_same_files, debian_sample, debian_sample_originals, errors, file_sha256,
    files_by_path, items_after_stop, noise, sha256, slice, tree_files, tsk_files, walk_all,
    walk_hostile,
};
use super::*;
use crate::test_tools::{run, write_tree};
use writer::{Options, Placement, exfat_image};

const SAMPLE: &str = "/usr/share/forensics-samples/fs.exfat.xz";
const ORIGINALS: &str = "/usr/share/forensics-samples/original-files/text1/a-text.pdf";

/// A removable-medium tree: long and Unicode names, a deep path, an empty file and an empty
/// directory, a directory of many entries, files of one cluster and of many.
fn source_tree(root: &Path) {
    write_tree(
        root,
        &[
            ("Autorun.inf", b"[autorun]\nopen=setup.exe\n"),
            (
                "Tools/Network Utilities/a name longer than fifteen characters.txt",
                b"long name",
            ),
            (
                "\u{fc}n\u{ef}c\u{f6}d\u{e9} \u{65e5}\u{672c}.txt",
                b"unicode name",
            ),
            ("d1/d2/d3/d4/deep.txt", b"deep inside"),
            ("empty.dat", b""),
            ("one-cluster.bin", &[7u8; 4096]),
        ],
    );
    std::fs::create_dir_all(root.join("Empty Folder")).expect("empty dir");
    for i in 0..200 {
        let name = format!("many/report {i:03} of the quarter.docx");
        write_tree(root, &[(name.as_str(), format!("report {i}").as_bytes())]);
    }
    std::fs::write(root.join("big.bin"), noise(3, 3 * 1024 * 1024 + 777)).expect("big");
}

struct Fixture {
    _dir: tempfile::TempDir,
    source: PathBuf,
    image: PathBuf,
}

fn fixture(options: &Options) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("src");
    source_tree(&source);
    let image = dir.path().join("exfat.img");
    exfat_image(&source, &image, options);
    Fixture {
        _dir: dir,
        source,
        image,
    }
}

/// The layouts the tests read: 512-byte and 4 KiB sectors, small and large clusters,
/// contiguous (NoFatChain) and fragmented (FAT chain) placement.
fn variants() -> Vec<(&'static str, Options<'static>)> {
    vec![
        (
            "512-byte sectors, 4 KiB clusters, contiguous",
            Options::default(),
        ),
        (
            "512-byte sectors, 512-byte clusters, fragmented",
            Options {
                cluster_shift: 0,
                placement: Placement::Fragmented,
                ..Options::default()
            },
        ),
        (
            "4 KiB sectors, 32 KiB clusters, fragmented",
            Options {
                sector_shift: 12,
                cluster_shift: 3,
                size: 64 << 20,
                placement: Placement::Fragmented,
                ..Options::default()
            },
        ),
    ]
}

#[test]
fn exfat_volumes_read_as_the_source_tree() {
    for (variant, options) in variants() {
        let fixture = fixture(&options);
        let before = file_sha256(&fixture.image);
        let mut fs = open(slice(&fixture.image)).expect("open exFAT image");
        assert_eq!(fs.kind(), "exfat");
        assert_eq!(fs.label().as_deref(), Some("NEEDLEXFAT"), "{variant}");
        let seen = walk_all(&mut fs);
        assert_eq!(errors(&seen), Vec::<&Seen>::new(), "{variant}");
        assert_same_files(&files_by_path(&seen), &tree_files(&fixture.source), variant);
        let mut root = fs.root_names().expect("root names");
        root.sort();
        assert!(root.contains(&b"Autorun.inf".to_vec()), "{variant}");
        assert!(root.contains(&b"Empty Folder".to_vec()), "{variant}");
        assert_eq!(file_sha256(&fixture.image), before, "{variant}: modified");
    }
}

#[test]
fn the_test_writer_makes_volumes_fsck_exfat_accepts() {
    if !crate::test_tools::available(&["fsck.exfat"]) {
        return;
    }
    for (_, options) in variants() {
        let fixture = fixture(&options);
        let image = fixture.image.to_str().expect("utf-8");
        run("fsck.exfat", &["-n", image], &[0]);
    }
}

#[test]
fn exfat_agrees_with_the_sleuth_kit() {
    if !crate::test_tools::available(&["fls", "icat"]) {
        return;
    }
    for (variant, options) in variants() {
        let fixture = fixture(&options);
        let seen = walk_all(&mut open(slice(&fixture.image)).expect("open"));
        assert_same_files(&files_by_path(&seen), &tsk_files(&fixture.image), variant);
    }
}

/// Debian's fs.exfat: every allocated file (18), as The Sleuth Kit reads them and as they were
/// copied in; the deleted directories are not listed.
#[test]
fn debian_exfat_sample_reads_every_allocated_file() {
    if !crate::test_tools::available(&[SAMPLE, ORIGINALS, "xz", "fls", "icat"]) {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let partition = debian_sample("exfat", dir.path());
    let mut fs = open(slice(&partition)).expect("open the sample");
    assert_eq!(fs.label(), None);
    let seen = walk_all(&mut fs);
    assert_eq!(errors(&seen), Vec::<&Seen>::new());
    let files = files_by_path(&seen);
    assert_eq!(files.len(), 18);
    assert_same_files(&files, &tsk_files(&partition), "TSK");
    assert_same_files(&files, &debian_sample_originals(), "original files");
}

#[test]
fn bytes_past_the_valid_data_length_read_as_zeros() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("src");
    let content = noise(5, 10_000);
    write_tree(
        &source,
        &[("partly.bin", &content), ("whole.bin", b"whole")],
    );
    let image = dir.path().join("vdl.img");
    let options = Options {
        valid_lengths: &[("/partly.bin", 4100)],
        ..Options::default()
    };
    exfat_image(&source, &image, &options);
    let seen = walk_all(&mut open(slice(&image)).expect("open"));
    assert_eq!(errors(&seen), Vec::<&Seen>::new());
    let mut expected = content[..4100].to_vec();
    expected.resize(content.len(), 0);
    let files = files_by_path(&seen);
    assert_eq!(files[&b"/partly.bin".to_vec()], sha256(&expected));
    assert_eq!(files[&b"/whole.bin".to_vec()], sha256(b"whole"));
}

/// Past ValidDataLength nothing is read, but the FAT chain must still hold the file's length
/// and end there: a chain that ends early or loops there is an error, as in the valid data.
#[test]
fn a_chain_past_the_valid_data_length_must_still_hold_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let source = dir.path().join("src");
    let content = noise(6, 10 * 4096);
    write_tree(&source, &[("partly.bin", &content)]);
    let image = dir.path().join("tail.img");
    let options = Options {
        placement: Placement::Fragmented,
        valid_lengths: &[("/partly.bin", 4100)],
        ..Options::default()
    };
    exfat_image(&source, &image, &options);
    let good = std::fs::read(&image).expect("image");
    let fs = open(slice(&image)).expect("open");
    let fat_entry = |cluster: u32| (fs.geometry.fat_offset + u64::from(cluster) * 4) as usize;
    let mut chain = vec![first_cluster(&good, "partly.bin")];
    while chain.len() < 10 {
        let last = *chain.last().expect("cluster");
        chain.push(le32(&good, fat_entry(last)));
    }
    assert_eq!(le32(&good, fat_entry(chain[9])), END_OF_CHAIN);
    assert!(
        chain.windows(2).any(|pair| pair[1] != pair[0] + 1),
        "fragmented"
    );

    let mut expected = content[..4100].to_vec();
    expected.resize(content.len(), 0);
    let seen = walk_all(&mut open(slice(&image)).expect("open"));
    assert_eq!(errors(&seen), Vec::<&Seen>::new());
    assert_eq!(
        files_by_path(&seen)[&b"/partly.bin".to_vec()],
        sha256(&expected)
    );
    for (at, value, name) in [
        (chain[3], END_OF_CHAIN, "short.img"),
        (chain[5], chain[2], "looped.img"),
        (chain[9], chain[0], "looped-at-end.img"),
    ] {
        let mut bytes = good.clone();
        bytes[fat_entry(at)..fat_entry(at) + 4].copy_from_slice(&value.to_le_bytes());
        let seen = walk_hostile(dir.path(), name, bytes, open).expect("opens");
        assert!(
            error_at(&seen, b"/partly.bin"),
            "{name}: {:?}",
            errors(&seen)
        );
        assert!(files_by_path(&seen).is_empty(), "{name}");
    }
}

#[test]
fn stop_returns_early() {
    let fixture = fixture(&Options::default());
    let mut fs = open(slice(&fixture.image)).expect("open");
    assert_eq!(items_after_stop(&mut fs), 1);
}

/// Byte position of the file entry whose set holds the (at most 15-character) `name`.
fn entry_set_of(image: &[u8], name: &str) -> usize {
    let units: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let at = image
        .windows(units.len())
        .enumerate()
        .position(|(at, w)| w == units && at % ENTRY_SIZE == 2 && image[at - 2] == ENTRY_NAME)
        .expect("name entry in image");
    at - 2 - 2 * ENTRY_SIZE
}

/// Rewrites the stream extension of `name`'s set with `change`, then fixes the set checksum.
fn edit_stream(image: &mut [u8], name: &str, change: impl FnOnce(&mut [u8])) {
    let set = entry_set_of(image, name);
    change(&mut image[set + ENTRY_SIZE..set + 2 * ENTRY_SIZE]);
    let len = (1 + usize::from(image[set + 1])) * ENTRY_SIZE;
    let checksum = writer::set_checksum(&image[set..set + len]);
    image[set + 2..set + 4].copy_from_slice(&checksum.to_le_bytes());
}

fn first_cluster(image: &[u8], name: &str) -> u32 {
    le32(image, entry_set_of(image, name) + ENTRY_SIZE + 20)
}

fn error_at(seen: &[Seen], wanted: &[u8]) -> bool {
    seen.iter()
        .any(|item| matches!(item, Seen::Error(path, _) if path == wanted))
}

#[test]
fn loops_broken_chains_and_bad_entry_sets_are_errors() {
    let fixture = fixture(&Options {
        placement: Placement::Fragmented,
        ..Options::default()
    });
    let good = std::fs::read(&fixture.image).expect("image");
    let dir = tempfile::tempdir().expect("tempdir");
    let fs = open(slice(&fixture.image)).expect("open");
    let geometry = &fs.geometry;
    let fat_entry = |cluster: u32| (geometry.fat_offset + u64::from(cluster) * 4) as usize;

    // d1/d2/d3 pointing back at d1: a directory loop.
    let mut bytes = good.clone();
    let d1 = first_cluster(&bytes, "d1");
    edit_stream(&mut bytes, "d3", |stream| {
        stream[20..24].copy_from_slice(&d1.to_le_bytes())
    });
    let seen = walk_hostile(dir.path(), "loop.img", bytes, open).expect("opens");
    assert!(error_at(&seen, b"/d1/d2/d3"), "{:?}", errors(&seen));
    assert!(files_by_path(&seen).contains_key(&b"/big.bin"[..]));

    // The big directory's FAT chain turned back to its start after two clusters: what those
    // hold is read once, the loop is an error.
    let many = first_cluster(&good, "many");
    let mut chains = Chains::new(&fs.volume, geometry);
    let second = chains
        .next(&Run::chained(many, None), many)
        .expect("chain")
        .expect("the big directory spans several clusters");
    let mut bytes = good.clone();
    bytes[fat_entry(second)..fat_entry(second) + 4].copy_from_slice(&many.to_le_bytes());
    let seen = walk_hostile(dir.path(), "cycle.img", bytes, open).expect("opens");
    assert!(error_at(&seen, b"/many"), "{:?}", errors(&seen));
    let listed = files_by_path(&seen)
        .keys()
        .filter(|p| p.starts_with(b"/many/"))
        .count();
    assert!((1..200).contains(&listed), "{listed}");

    // big.bin's chain cut short, looped back on itself, sent to a free cluster, to a cluster
    // marked bad and past the last cluster.
    let big = first_cluster(&good, "big.bin");
    for (value, name) in [
        (END_OF_CHAIN, "short.img"),
        (big, "looped.img"),
        (0, "free.img"),
        (0xFFFF_FFF7, "bad.img"),
        (geometry.max_cluster() + 1, "outside.img"),
    ] {
        let mut bytes = good.clone();
        let second = big + 1;
        bytes[fat_entry(second)..fat_entry(second) + 4].copy_from_slice(&value.to_le_bytes());
        let seen = walk_hostile(dir.path(), name, bytes, open).expect("opens");
        assert!(error_at(&seen, b"/big.bin"), "{name}: {:?}", errors(&seen));
    }

    // A contiguous file said to run past the last cluster.
    let mut bytes = good.clone();
    edit_stream(&mut bytes, "big.bin", |stream| {
        stream[1] |= FLAG_NO_FAT_CHAIN;
        stream[20..24].copy_from_slice(&(geometry.max_cluster() - 2).to_le_bytes());
    });
    let seen = walk_hostile(dir.path(), "beyond.img", bytes, open).expect("opens");
    assert!(error_at(&seen, b"/big.bin"), "{:?}", errors(&seen));

    // A chained file said to be longer than the whole cluster heap.
    let mut bytes = good.clone();
    let huge = (u64::from(geometry.cluster_count) + 1) * geometry.cluster_size;
    edit_stream(&mut bytes, "big.bin", |stream| {
        stream[8..16].copy_from_slice(&huge.to_le_bytes());
        stream[24..32].copy_from_slice(&huge.to_le_bytes());
    });
    let seen = walk_hostile(dir.path(), "huge.img", bytes, open).expect("opens");
    assert!(
        errors(&seen)
            .iter()
            .any(|e| matches!(e, Seen::Error(path, m)
            if path == b"/big.bin" && m.contains("outside the cluster heap"))),
        "{:?}",
        errors(&seen)
    );
    assert!(!files_by_path(&seen).contains_key(&b"/big.bin"[..]));

    // A set whose checksum does not match: reported, the rest still read.
    let mut bytes = good.clone();
    let set = entry_set_of(&bytes, "empty.dat");
    bytes[set + ENTRY_SIZE + 8] ^= 0x01;
    let seen = walk_hostile(dir.path(), "checksum.img", bytes, open).expect("opens");
    assert!(
        errors(&seen)
            .iter()
            .any(|e| matches!(e, Seen::Error(path, m) if path == b"/" && m.contains("checksum"))),
        "{:?}",
        errors(&seen)
    );
    assert!(!files_by_path(&seen).contains_key(&b"/empty.dat"[..]));
    assert!(files_by_path(&seen).contains_key(&b"/big.bin"[..]));

    // A file entry announcing no secondary entries: an error, its stream and name entries
    // are not taken for another file, the rest is read.
    let mut bytes = good.clone();
    let set = entry_set_of(&bytes, "Autorun.inf");
    bytes[set + 1] = 0;
    let seen = walk_hostile(dir.path(), "secondaries.img", bytes, open).expect("opens");
    assert!(
        errors(&seen).iter().any(
            |e| matches!(e, Seen::Error(path, m) if path == b"/" && m.contains("secondary entries"))
        ),
        "{:?}",
        errors(&seen)
    );
    let files = files_by_path(&seen);
    assert!(!files.contains_key(&b"/Autorun.inf"[..]));
    assert_eq!(files.len(), tree_files(&fixture.source).len() - 1);

    // ValidDataLength above DataLength.
    let mut bytes = good.clone();
    edit_stream(&mut bytes, "Autorun.inf", |stream| {
        stream[8..16].copy_from_slice(&u64::MAX.to_le_bytes())
    });
    let seen = walk_hostile(dir.path(), "vdl.img", bytes, open).expect("opens");
    assert!(!files_by_path(&seen).contains_key(&b"/Autorun.inf"[..]));
    assert!(!errors(&seen).is_empty());
}

#[test]
fn a_file_on_clusters_marked_free_is_reported_and_read() {
    let fixture = fixture(&Options::default());
    let mut bytes = std::fs::read(&fixture.image).expect("image");
    let fs = open(slice(&fixture.image)).expect("open");
    let big = first_cluster(&bytes, "big.bin");
    // The bitmap is the first cluster of the heap.
    let at = fs.geometry.cluster_offset(2) as usize + (big as usize - 2) / 8;
    bytes[at] &= !(1 << ((big - 2) % 8));
    let dir = tempfile::tempdir().expect("tempdir");
    let seen = walk_hostile(dir.path(), "free.img", bytes, open).expect("opens");
    assert!(error_at(&seen, b"/big.bin"), "{:?}", errors(&seen));
    assert_eq!(
        files_by_path(&seen)[&b"/big.bin".to_vec()],
        file_sha256(&fixture.source.join("big.bin"))
    );
}

#[test]
fn a_damaged_main_boot_region_is_read_through_the_backup() {
    let fixture = fixture(&Options::default());
    let good = std::fs::read(&fixture.image).expect("image");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut bytes = good.clone();
    // The cluster count halved in the main boot sector only: its checksum no longer holds.
    bytes[92..96].copy_from_slice(&(le32(&good, 92) / 2).to_le_bytes());
    let seen = walk_hostile(dir.path(), "boot.img", bytes.clone(), open).expect("opens");
    assert!(
        matches!(&seen[0], Seen::Error(path, m) if path == b"/" && m.contains("backup")),
        "{:?}",
        seen[0]
    );
    assert_same_files(
        &files_by_path(&seen),
        &tree_files(&fixture.source),
        "through the backup",
    );
    // With the backup damaged too, the main boot sector is used as it is.
    bytes[12 * 512 + 100] ^= 0xFF;
    let seen = walk_hostile(dir.path(), "both.img", bytes, open).expect("opens");
    assert!(
        matches!(&seen[0], Seen::Error(_, m) if m.contains("no intact backup")),
        "{:?}",
        seen[0]
    );
}

#[test]
fn hostile_images_give_errors_not_panics_or_hangs() {
    let fixture = fixture(&Options {
        placement: Placement::Fragmented,
        ..Options::default()
    });
    let good = std::fs::read(&fixture.image).expect("image");
    let dir = tempfile::tempdir().expect("tempdir");
    let try_image = |name: &str, bytes| walk_hostile(dir.path(), name, bytes, open);
    assert!(try_image("random.img", noise(1, 1 << 20)).is_none());
    // Boot sector fields with absurd values (in both boot regions, so the backup cannot help).
    for (offset, value) in [
        (108usize, &[8u8][..]),
        (108, &[13]),
        (108, &[200]),
        (109, &[30]),
        (110, &[0]),
        (80, &[0, 0, 0, 0]),
        (84, &[1, 0, 0, 0]),
        (88, &[0xFF, 0xFF, 0xFF, 0x7F]),
        (92, &[0xFF, 0xFF, 0xFF, 0xFF]),
        (96, &[0, 0, 0, 0]),
        (96, &[0xFF, 0xFF, 0xFF, 0x0F]),
        (72, &[1, 0, 0, 0, 0, 0, 0, 0]),
    ] {
        let mut bytes = good.clone();
        for region in [0, 12 * 512] {
            bytes[region + offset..region + offset + value.len()].copy_from_slice(value);
        }
        assert!(try_image("boot.img", bytes).is_none(), "offset {offset}");
    }
    // Truncated. The writer puts the root directory last, after everything it holds: cut just
    // past it, only free clusters are lost and every file reads; cut before it, the volume
    // cannot be opened, and says why.
    let fs = open(slice(&fixture.image)).expect("open");
    let root_end =
        (fs.geometry.cluster_offset(fs.geometry.root_cluster) + fs.geometry.cluster_size) as usize;
    assert!(root_end < good.len() / 2, "the fixture leaves free space");
    let seen = try_image("truncated.img", good[..root_end].to_vec())
        .expect("a volume cut after its last used cluster opens");
    assert_eq!(errors(&seen), Vec::<&Seen>::new());
    assert_same_files(
        &files_by_path(&seen),
        &tree_files(&fixture.source),
        "truncated",
    );
    let cut = dir.path().join("cut.img");
    std::fs::write(&cut, &good[..root_end - fs.geometry.cluster_size as usize]).expect("write");
    let error = open(slice(&cut))
        .err()
        .expect("no root directory, no volume");
    assert!(error.to_string().contains("root directory"), "{error}");
    // Garbage over the FAT, the bitmap, the root directory and the first directories.
    let heap = fs.geometry.heap_offset as usize;
    for seed in 0..24 {
        let mut bytes = good.clone();
        let garbage = noise(seed, 8 * 1024);
        let start = 24 * 512 + (seed as usize * 7919) % (heap + 256 * 1024);
        bytes[start..start + garbage.len()].copy_from_slice(&garbage);
        try_image("garbage.img", bytes);
    }
    // Every byte of the root directory's first entries flipped, one at a time.
    let root = fs.geometry.cluster_offset(fs.geometry.root_cluster) as usize;
    for at in (root..root + 12 * ENTRY_SIZE).step_by(7) {
        let mut bytes = good.clone();
        bytes[at] ^= 0xFF;
        try_image("flipped.img", bytes);
    }
}

/// The fuzz target's seeds (written by scripts/fuzz-seeds) are volumes the reader reads whole:
/// mutations start from real structure, not from bytes it refuses at once.
#[test]
fn the_fuzz_seeds_are_readable_volumes() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/exfat");
    // scripts/fuzz-seeds writes `seq 1 400` there.
    let numbers: String = (1..=400).map(|i| format!("{i}\n")).collect();
    let mut seeds = 0;
    for seed in std::fs::read_dir(&corpus).expect("fuzz/corpus/exfat") {
        let seed = seed.expect("seed").path();
        let bytes = std::fs::read(&seed).expect("read seed");
        let volume = crate::fuzzing::SparseDisk::decode(&bytes).into_volume();
        let mut fs = open(volume).unwrap_or_else(|e| panic!("{}: {e}", seed.display()));
        let seen = walk_all(&mut fs);
        assert_eq!(errors(&seen), Vec::<&Seen>::new(), "{}", seed.display());
        let files = files_by_path(&seen);
        if seed.ends_with("mkfs-empty") {
            assert!(files.is_empty());
        } else {
            assert_eq!(
                files.get(&b"/dir/sub/numbers.txt"[..]),
                Some(&sha256(numbers.as_bytes())),
                "{}",
                seed.display()
            );
        }
        seeds += 1;
    }
    assert_eq!(seeds, 4);
}
