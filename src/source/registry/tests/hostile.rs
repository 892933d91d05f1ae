//! Hostile input: truncation, random corruption, loops, absurd counts and sizes. Every case
//! must end in errors or notes, never a panic or a hang.

use std::panic::{AssertUnwindSafe, catch_unwind};

use super::builder::{
    HiveBuilder, KeyNode, ListKind, NO_CELL, TestKey, build, fix_checksum, multi_sz, set_u32,
    utf16z,
};
use super::logs::seal;
use super::{Rng, exercise, exercise_hive, within};
use crate::source::registry::{Hive, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD, REG_SZ, Walk};

fn sample() -> Vec<u8> {
    let mut rooted = TestKey::new("Rooted").list(ListKind::Ri(2));
    rooted.subkeys = (0..5).map(|i| TestKey::new(&format!("r{i}"))).collect();
    let root = TestKey::new("ROOT").list(ListKind::Lf).child(rooted).child(
        TestKey::new("Software")
            .list(ListKind::Li)
            .value("", REG_SZ, utf16z("default"))
            .value("n", REG_DWORD, 5u32.to_le_bytes())
            .value("q", REG_QWORD, 5u64.to_le_bytes())
            .value("m", REG_MULTI_SZ, multi_sz(&["a", "b"]))
            .value("big", REG_BINARY, vec![0x5a; 17000])
            .child(TestKey::new("Größe").child(TestKey::new("Ключ").value(
                "v",
                REG_SZ,
                utf16z("x"),
            ))),
    );
    build(&root)
}

fn walk_errors(hive: &Hive) -> (Vec<String>, Vec<String>) {
    let mut paths = Vec::new();
    let errors = hive.walk(&mut |path, _| {
        paths.push(path.to_string());
        Walk::Continue
    });
    (paths, errors)
}

#[test]
fn truncated_hives_never_panic() {
    let bytes = sample();
    within(60, move || {
        let lengths = (0..4200).chain((4200..bytes.len()).step_by(13));
        for len in lengths {
            exercise(bytes[..len].to_vec());
        }
    });
}

#[test]
fn truncated_hive_reads_what_is_present_and_says_so() {
    let bytes = sample();
    let hive = Hive::open(bytes[..bytes.len() - 4096].to_vec()).unwrap();
    assert!(
        hive.notes()
            .iter()
            .any(|n| n.contains("only") && n.contains("truncated")),
        "{:?}",
        hive.notes()
    );
    assert!(hive.root().is_ok());
}

/// Overwrites a random spot with a random byte or with a 32-bit value that tends to be
/// meaningful to the parser (zero, all ones, the resident-data bit, small offsets).
fn corrupt(bytes: &mut [u8], rng: &mut Rng) {
    const INTERESTING: [u32; 8] = [
        0,
        u32::MAX,
        0x8000_0000,
        0x7fff_ffff,
        0x20,
        0x1000,
        0xffff,
        0x8000_0004,
    ];
    let at = if rng.below(8) == 0 {
        rng.below(512)
    } else {
        4096 + rng.below(bytes.len() - 4096)
    };
    if rng.below(2) == 0 {
        bytes[at] = rng.next() as u8;
    } else if let Some(word) = bytes.get_mut(at & !3..(at & !3) + 4) {
        word.copy_from_slice(&INTERESTING[rng.below(INTERESTING.len())].to_le_bytes());
    }
}

#[test]
fn random_corruption_never_panics_or_hangs() {
    let base = sample();
    within(300, move || {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for iteration in 0..4000 {
            let mut bytes = base.clone();
            for _ in 0..=rng.below(4) {
                corrupt(&mut bytes, &mut rng);
            }
            if rng.below(4) == 0 {
                fix_checksum(&mut bytes);
            }
            let outcome = catch_unwind(AssertUnwindSafe(|| exercise(bytes)));
            assert!(outcome.is_ok(), "panic at iteration {iteration}");
        }
    });
}

fn key_node(builder: &HiveBuilder, name: &[u8], subkey_count: u32, subkey_list: u32) -> Vec<u8> {
    KeyNode {
        name,
        latin1: true,
        subkey_count,
        subkey_list,
        value_count: 0,
        value_list: NO_CELL,
    }
    .bytes(NO_CELL, builder.security())
}

#[test]
fn subkey_list_naming_its_own_key_is_a_reported_loop() {
    let mut builder = HiveBuilder::new();
    let node = builder.alloc(&key_node(&builder, b"loop", 1, NO_CELL));
    let list = builder.write_subkey_list(&[(node, "loop")], ListKind::Lh);
    builder.patch(node, 28, list);
    let hive = Hive::open(builder.finish(node)).unwrap();
    let (paths, errors) = walk_errors(&hive);
    assert_eq!(paths, [""]);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].contains(&format!("refers to key cell 0x{node:x} again")),
        "{errors:?}"
    );
    assert!(hive.key("loop\\loop\\loop").unwrap().is_some());
}

#[test]
fn subkey_list_naming_itself_is_not_a_key() {
    let mut builder = HiveBuilder::new();
    let node = builder.alloc(&key_node(&builder, b"root", 1, NO_CELL));
    let list = builder.write_subkey_list(&[(0, "x")], ListKind::Lf);
    builder.patch(list, 4, list);
    builder.patch(node, 28, list);
    let hive = Hive::open(builder.finish(node)).unwrap();
    let (_, errors) = walk_errors(&hive);
    assert!(
        errors[0].contains("expected a key node (nk), found \"lf\""),
        "{errors:?}"
    );
}

#[test]
fn index_root_naming_itself_or_repeating_a_leaf_is_refused() {
    let mut builder = HiveBuilder::new();
    let node = builder.alloc(&key_node(&builder, b"root", 1, NO_CELL));
    let mut ri = b"ri".to_vec();
    ri.extend(1u16.to_le_bytes());
    ri.extend(0u32.to_le_bytes());
    let ri = builder.alloc(&ri);
    builder.patch(ri, 4, ri);
    builder.patch(node, 28, ri);
    let hive = Hive::open(builder.finish(node)).unwrap();
    let (_, errors) = walk_errors(&hive);
    assert!(
        errors[0].contains("index root (ri) found where a leaf list belongs"),
        "{errors:?}"
    );

    let mut builder = HiveBuilder::new();
    let node = builder.alloc(&key_node(&builder, b"root", 1, NO_CELL));
    let child = builder.alloc(&key_node(&builder, b"child", 0, NO_CELL));
    let leaf = builder.write_subkey_list(&[(child, "child")], ListKind::Li);
    let mut ri = b"ri".to_vec();
    ri.extend(60000u16.to_le_bytes());
    ri.extend((0..60000).flat_map(|_| leaf.to_le_bytes()));
    let ri = builder.alloc(&ri);
    builder.patch(node, 28, ri);
    let hive = Hive::open(builder.finish(node)).unwrap();
    let error = hive.root().unwrap().subkeys().unwrap_err();
    assert!(
        error
            .to_string()
            .contains(&format!("lists subkey list 0x{leaf:x} twice")),
        "{error}"
    );
}

/// Offsets of the sample's cells, found through the parser itself.
struct Cells {
    software: u32,
    list: u32,
    dword: u32,
    multi: u32,
    big: u32,
}

fn cells(bytes: &[u8]) -> Cells {
    let hive = Hive::open(bytes.to_vec()).unwrap();
    let software = hive.key("Software").unwrap().unwrap();
    let value = |name: &str| software.value(name).unwrap().unwrap().offset();
    let root_list = u32::from_le_bytes(
        bytes[4096 + hive.root().unwrap().offset() as usize + 4 + 28..][..4]
            .try_into()
            .unwrap(),
    );
    Cells {
        software: software.offset(),
        list: root_list,
        dword: value("n"),
        multi: value("m"),
        big: value("big"),
    }
}

fn patched(bytes: &[u8], cell: u32, at: usize, value: u32) -> Hive {
    let mut bytes = bytes.to_vec();
    set_u32(&mut bytes, 4096 + cell as usize + at, value);
    Hive::open(bytes).unwrap()
}

#[test]
fn absurd_counts_and_sizes_are_errors() {
    let bytes = sample();
    let c = cells(&bytes);
    let data_cell = |at: usize| 4 + at;
    let cases: Vec<(u32, usize, u32, &str)> = vec![
        (c.list, data_cell(2), 0xffff, "list claims 65535 entries"),
        (
            c.software,
            data_cell(36),
            0x7fff_ffff,
            "list claims 2147483647 entries",
        ),
        (
            c.software,
            data_cell(72),
            0xffff,
            "key name of 65535 bytes runs past the cell",
        ),
        (
            c.big,
            data_cell(4),
            0x7fff_fff0,
            "exceeds the hive bins data",
        ),
        (c.multi, data_cell(4), 0x0000_0100, "does not fit its cell"),
        (
            c.dword,
            data_cell(4),
            0x8000_0010,
            "claims 16 bytes (at most 4 fit)",
        ),
        (
            c.dword,
            data_cell(2),
            0xffff,
            "value name of 65535 bytes runs past the cell",
        ),
        (
            c.dword,
            0,
            0x8000_0000,
            "runs past the end of the hive bins data",
        ),
        (c.dword, 0, 0x0000_0020, "not allocated"),
        (c.software, data_cell(40), 0x0000_0021, "not 8-byte aligned"),
    ];
    for (cell, at, value, expected) in cases {
        let hive = patched(&bytes, cell, at, value);
        let mut problems: Vec<String> = walk_errors(&hive).1;
        if let Ok(Some(key)) = hive.key("Software") {
            if let Err(error) = key.values() {
                problems.push(error.to_string());
            }
            if let Ok(values) = key.values() {
                problems.extend(
                    values
                        .iter()
                        .filter_map(|v| v.data().err())
                        .map(|e| e.to_string()),
                );
            }
        }
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "{expected}: {problems:?}"
        );
    }
}

#[test]
fn big_data_with_an_absurd_segment_count_is_an_error() {
    let bytes = sample();
    let hive = Hive::open(bytes.clone()).unwrap();
    let big = hive
        .key("Software")
        .unwrap()
        .unwrap()
        .value("big")
        .unwrap()
        .unwrap();
    let data_offset = u32::from_le_bytes(
        bytes[4096 + big.offset() as usize + 4 + 8..][..4]
            .try_into()
            .unwrap(),
    );
    let mut broken = bytes.clone();
    broken[4096 + data_offset as usize + 4 + 2..][..2].copy_from_slice(&0xffffu16.to_le_bytes());
    let hive = Hive::open(broken).unwrap();
    let error = hive
        .key("Software")
        .unwrap()
        .unwrap()
        .value("big")
        .unwrap()
        .unwrap()
        .data()
        .unwrap_err();
    assert!(
        error.to_string().contains("list claims 65535 entries"),
        "{error}"
    );
    assert!(
        hive.key("Software")
            .unwrap()
            .unwrap()
            .value("big")
            .unwrap()
            .unwrap()
            .display()
            .starts_with("<unreadable")
    );
}

#[test]
fn root_pointing_nowhere_and_oversized_bins_are_handled() {
    let mut bytes = sample();
    set_u32(&mut bytes, 36, NO_CELL);
    set_u32(&mut bytes, 40, 0xffff_f000);
    fix_checksum(&mut bytes);
    let hive = Hive::open(bytes).unwrap();
    assert!(
        hive.notes().iter().any(|n| n.contains("truncated")),
        "{:?}",
        hive.notes()
    );
    assert!(
        hive.root()
            .unwrap_err()
            .to_string()
            .contains("points nowhere")
    );
    assert_eq!(walk_errors(&hive).1.len(), 1);
}

#[test]
fn nesting_deeper_than_the_bound_stops_descent() {
    let mut key = TestKey::new("leaf");
    for depth in 0..600 {
        key = TestKey::new(&format!("k{depth}")).child(key);
    }
    let hive = Hive::open(build(&TestKey::new("ROOT").child(key))).unwrap();
    let (paths, errors) = walk_errors(&hive);
    assert_eq!(paths.len(), 513);
    assert_eq!(errors.len(), 1);
    assert!(errors[0].contains("nested deeper than 512"), "{errors:?}");
}

#[test]
fn shared_subkey_lists_cannot_blow_up_the_walk() {
    let mut builder = HiveBuilder::new();
    let children: Vec<(u32, String)> = (0..3000)
        .map(|i| {
            let name = format!("c{i}");
            (
                builder.alloc(&key_node(&builder, name.as_bytes(), 0, NO_CELL)),
                name,
            )
        })
        .collect();
    let named: Vec<(u32, &str)> = children.iter().map(|(o, n)| (*o, n.as_str())).collect();
    let list = builder.write_subkey_list(&named, ListKind::Lf);
    for &(child, _) in &named {
        builder.patch(child, 20, 3000);
        builder.patch(child, 28, list);
    }
    let root = builder.alloc(&key_node(&builder, b"root", 3000, list));
    let hive = Hive::open(builder.finish(root)).unwrap();
    within(20, move || {
        let (paths, errors) = walk_errors(&hive);
        assert_eq!(paths.len(), 3001);
        assert!(errors.len() <= 1002, "{}", errors.len());
        assert!(
            errors
                .last()
                .unwrap()
                .starts_with("walk stopped descending"),
            "{:?}",
            errors.last()
        );
    });
}

#[test]
fn corrupted_logs_never_panic_or_hang() {
    let mut builder = HiveBuilder::new();
    builder.sequences = (3, 2);
    let hive = super::builder::build_with(
        builder,
        &TestKey::new("ROOT").value("v", REG_SZ, utf16z("x")),
    );
    let mut log = hive[..512].to_vec();
    set_u32(&mut log, 4, 2);
    set_u32(&mut log, 8, 2);
    set_u32(&mut log, 28, 6);
    fix_checksum(&mut log);
    let mut entry = b"HvLE".to_vec();
    for field in [4608u32, 0, 2, 4096, 1] {
        entry.extend(field.to_le_bytes());
    }
    entry.extend([0; 16]);
    entry.extend(0u32.to_le_bytes());
    entry.extend(4096u32.to_le_bytes());
    entry.extend(&hive[4096..8192]);
    entry.resize(4608, 0);
    seal(&mut entry);
    log.extend(&entry);
    within(120, move || {
        let mut rng = Rng(7);
        for iteration in 0..1500 {
            let mut damaged = log.clone();
            for _ in 0..=rng.below(3) {
                let at = 512 + rng.below(64);
                damaged[at] = rng.next() as u8;
            }
            // Resealed damage gets past the hashes to the structural checks behind them.
            if rng.below(2) == 0 {
                seal(&mut damaged[512..]);
            }
            let cut = damaged.len() - rng.below(damaged.len() / 2);
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                let (hive, notes) = Hive::open(hive.clone())
                    .unwrap()
                    .replay_logs(&[&damaged[..cut], &damaged]);
                assert!(!notes.is_empty());
                exercise_hive(&hive);
            }));
            assert!(outcome.is_ok(), "panic at iteration {iteration}");
        }
    });
}

#[test]
fn values_shared_by_every_key_cannot_make_a_scan_quadratic() {
    let mut builder = HiveBuilder::new();
    let data = builder.alloc(&[0x41; 1000]);
    let mut value = b"vk".to_vec();
    value.extend(1u16.to_le_bytes());
    for field in [1000u32, data, REG_BINARY] {
        value.extend(field.to_le_bytes());
    }
    value.extend([1, 0, 0, 0, b'v']);
    let value = builder.alloc(&value);
    let list: Vec<u8> = (0..3000).flat_map(|_| value.to_le_bytes()).collect();
    let list = builder.alloc(&list);
    let children: Vec<(u32, String)> = (0..3000)
        .map(|i| {
            let name = format!("c{i}");
            let node = builder.alloc(&key_node(&builder, name.as_bytes(), 0, NO_CELL));
            builder.patch(node, 36, 3000);
            builder.patch(node, 40, list);
            (node, name)
        })
        .collect();
    let named: Vec<(u32, &str)> = children.iter().map(|(o, n)| (*o, n.as_str())).collect();
    let subkeys = builder.write_subkey_list(&named, ListKind::Lh);
    let root = builder.alloc(&key_node(&builder, b"root", 3000, subkeys));
    let hive = Hive::open(builder.finish(root)).unwrap();
    within(60, move || {
        let mut limited = 0;
        hive.walk(&mut |_, key| {
            match key.values() {
                Ok(values) => {
                    for value in values {
                        if value.data().is_err() {
                            limited += 1;
                            break;
                        }
                    }
                }
                Err(_) => limited += 1,
            }
            Walk::Continue
        });
        assert!(limited > 2900, "{limited}");
        let error = hive.key("c2999").unwrap_err();
        assert!(error.to_string().starts_with("limit reached"), "{error}");
    });
}
