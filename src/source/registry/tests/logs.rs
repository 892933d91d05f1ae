//! Transaction-log tests: hand-built new-format (HvLE) and old-format (DIRT) logs, Marvin32.

use super::builder::{HiveBuilder, TestKey, build_with, fix_checksum, set_u32, utf16z};
use super::within;
use crate::source::registry::marvin::marvin32;
use crate::source::registry::{Hive, REG_SZ};

/// The seed Windows uses for log entry hashes, written out independently of the parser's.
const SEED: u64 = 0x82EF_4D88_7A4E_55C5;
const PAGE: usize = 4096;

#[test]
fn marvin32_matches_the_dotnet_test_vectors() {
    let seed_1 = 0x004F_B61A_001B_DBCC;
    let seed_3 = 0x804F_B61A_801B_DBCC;
    let cases: [(u64, &[u8], u64); 6] = [
        (seed_1, &[], 0x30ED_35C1_00CD_3C7D),
        (seed_1, &[0xaf], 0x48E7_3FC7_7D75_DDC1),
        (seed_1, &[0x37, 0xf4, 0x95], 0xF0B0_7C78_9B8C_F7E8),
        (
            seed_1,
            &[0xab, 0x42, 0x7e, 0xa8, 0xd1, 0x0f, 0xc7],
            0xE118_47E4_F067_8C41,
        ),
        (seed_3, &[0x00, 0xff, 0x00, 0xff], 0x24EA_A279_D9A5_29CA),
        (
            seed_3,
            &[0xff, 0x00, 0xff, 0x00, 0xff],
            0x920B_62BB_CA3E_0B72,
        ),
    ];
    for (seed, data, expected) in cases {
        assert_eq!(marvin32(seed, data), expected, "{data:02x?}");
    }
}

fn run_key(command: &str, extra: bool) -> TestKey {
    let run = TestKey::new("Run").value("Updater", REG_SZ, utf16z(command));
    let mut software = TestKey::new("Software").child(run);
    if extra {
        software =
            software.child(TestKey::new("Evil").value("Payload", REG_SZ, utf16z("C:\\p.exe")));
    }
    TestKey::new("ROOT").child(software)
}

fn hive_bytes(root: &TestKey, sequences: (u32, u32)) -> Vec<u8> {
    let mut builder = HiveBuilder::new();
    builder.sequences = sequences;
    build_with(builder, root)
}

/// The three states of the scenario: before, after entry 1 (value changed), after entry 2 (key added).
fn states() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    (
        hive_bytes(&run_key("C:\\old.exe", false), (5, 4)),
        hive_bytes(&run_key("C:\\new-updater.exe", false), (5, 5)),
        hive_bytes(&run_key("C:\\new-updater.exe", true), (6, 6)),
    )
}

fn bins_size(hive: &[u8]) -> u32 {
    u32::from_le_bytes(hive[40..44].try_into().unwrap())
}

/// The 4 KiB pages of `new`'s hive bins that differ from `old`'s.
fn changed_pages(old: &[u8], new: &[u8]) -> Vec<(u32, Vec<u8>)> {
    new[4096..]
        .chunks(PAGE)
        .enumerate()
        .filter(|(index, page)| {
            old.get(4096 + index * PAGE..4096 + (index + 1) * PAGE) != Some(*page)
        })
        .map(|(index, page)| ((index * PAGE) as u32, page.to_vec()))
        .collect()
}

fn log_entry(sequence: u32, bins_size: u32, pages: &[(u32, Vec<u8>)]) -> Vec<u8> {
    let mut entry = vec![0u8; 40];
    entry[..4].copy_from_slice(b"HvLE");
    set_u32(&mut entry, 12, sequence);
    set_u32(&mut entry, 16, bins_size);
    set_u32(&mut entry, 20, pages.len() as u32);
    for (offset, page) in pages {
        entry.extend(offset.to_le_bytes());
        entry.extend((page.len() as u32).to_le_bytes());
    }
    for (_, page) in pages {
        entry.extend(page);
    }
    entry.resize(entry.len().next_multiple_of(512), 0);
    let size = entry.len() as u32;
    set_u32(&mut entry, 4, size);
    seal(&mut entry);
    entry
}

/// Recomputes both hashes of an entry after its bytes were changed.
pub(super) fn seal(entry: &mut [u8]) {
    let hash_1 = marvin32(SEED, &entry[40..]);
    entry[24..32].copy_from_slice(&hash_1.to_le_bytes());
    let hash_2 = marvin32(SEED, &entry[..32]);
    entry[32..40].copy_from_slice(&hash_2.to_le_bytes());
}

fn log_file(hive: &[u8], file_type: u32, sequence: u32, body: &[Vec<u8>]) -> Vec<u8> {
    let mut log = hive[..512].to_vec();
    set_u32(&mut log, 4, sequence);
    set_u32(&mut log, 8, sequence);
    set_u32(&mut log, 28, file_type);
    fix_checksum(&mut log);
    for part in body {
        log.extend(part);
    }
    log
}

/// A hive that was not cleanly written, as `before`, and the new-format log whose one entry
/// brings it to `after`: for tests of the scan's handling of logs.
pub(crate) fn dirty_hive_and_log(before: &TestKey, after: &TestKey) -> (Vec<u8>, Vec<u8>) {
    let old = hive_bytes(before, (5, 4));
    let new = hive_bytes(after, (5, 5));
    let entry = log_entry(5, bins_size(&new), &changed_pages(&old, &new));
    let log = log_file(&old, 6, 5, &[entry]);
    (old, log)
}

fn updater(hive: &Hive) -> String {
    let run = hive.key("Software\\Run").unwrap().expect("Run key");
    run.value("Updater").unwrap().unwrap().text().unwrap()
}

fn has_evil(hive: &Hive) -> bool {
    hive.key("software\\evil").unwrap().is_some()
}

fn entries() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (before, middle, after) = states();
    let first = log_entry(5, bins_size(&middle), &changed_pages(&before, &middle));
    let second = log_entry(6, bins_size(&after), &changed_pages(&middle, &after));
    (before, first, second)
}

#[test]
fn new_format_log_changes_a_value_and_adds_a_key() {
    let (before, first, second) = entries();
    let log = log_file(&before, 6, 5, &[first, second]);
    let hive = Hive::open(before).unwrap();
    assert_eq!(updater(&hive), "C:\\old.exe");
    let (hive, notes) = hive.replay_named_logs(&[("NTUSER.DAT.LOG1", &log)]);
    assert_eq!(
        notes,
        ["applied 2 log entries from NTUSER.DAT.LOG1 (sequence 5 to 6)"]
    );
    assert_eq!(updater(&hive), "C:\\new-updater.exe");
    assert!(has_evil(&hive));
    assert!(!hive.is_dirty());
    assert!(hive.notes().is_empty(), "{:?}", hive.notes());
}

#[test]
fn corrupted_hash_stops_replay_at_that_entry() {
    let (before, first, mut second) = entries();
    second[600] ^= 0x40;
    let second_at = 512 + first.len();
    let log = log_file(&before, 6, 5, &[first, second]);
    let (hive, notes) = Hive::open(before).unwrap().replay_logs(&[&log]);
    assert_eq!(
        notes[0],
        "applied 1 log entries from log 1 (sequence 5 to 5)"
    );
    assert_eq!(
        notes[1],
        format!("log 1: hash-1 mismatch at entry 2 (log offset 0x{second_at:x}), stopped there")
    );
    assert_eq!(updater(&hive), "C:\\new-updater.exe");
    assert!(!has_evil(&hive));
}

#[test]
fn log1_and_log2_are_applied_in_sequence_order_whatever_the_argument_order() {
    let (before, first, second) = entries();
    let log_a = log_file(&before, 6, 5, &[first]);
    let log_b = log_file(&before, 6, 6, &[second]);
    for logs in [[&log_a, &log_b], [&log_b, &log_a]] {
        let hive = Hive::open(before.clone()).unwrap();
        let (hive, notes) = hive.replay_logs(&[logs[0].as_slice(), logs[1].as_slice()]);
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(notes[0].contains("(sequence 5 to 5)") && notes[1].contains("(sequence 6 to 6)"));
        assert_eq!(updater(&hive), "C:\\new-updater.exe");
        assert!(has_evil(&hive));
    }
}

#[test]
fn stale_log_is_skipped_and_a_gap_stops_the_chain() {
    let (before, first, second) = entries();
    let stale = log_file(
        &before,
        6,
        2,
        &[log_entry(2, bins_size(&before), &[(0, vec![0; 4096])])],
    );
    let current = log_file(&before, 6, 5, &[first]);
    let (hive, notes) = Hive::open(before.clone())
        .unwrap()
        .replay_logs(&[&stale, &current]);
    assert!(
        notes[0].starts_with("applied 1 log entries from log 2"),
        "{notes:?}"
    );
    assert!(
        notes[1].contains("log 1: entries from sequence 2 predate the hive"),
        "{notes:?}"
    );
    assert_eq!(updater(&hive), "C:\\new-updater.exe");

    let gap = log_file(&before, 6, 7, &[second]);
    let (_, notes) = Hive::open(before)
        .unwrap()
        .replay_logs(&[&log_file(&states().0, 6, 5, &[entries().1]), &gap]);
    assert!(
        notes
            .iter()
            .any(|n| n.contains("starts at sequence 7, but replay reached 5")),
        "{notes:?}"
    );
}

#[test]
fn damaged_base_block_is_recovered_from_the_latest_log() {
    let (mut before, first, _) = entries();
    let after = states().2;
    let log_a = log_file(&before, 6, 5, &[first]);
    let log_b = log_file(
        &before,
        6,
        6,
        &[log_entry(
            6,
            bins_size(&after),
            &changed_pages(&before, &after),
        )],
    );
    before[200] ^= 0xff;
    let (hive, notes) = Hive::open(before).unwrap().replay_logs(&[&log_a, &log_b]);
    assert!(notes[0].contains("base block is damaged"), "{notes:?}");
    assert!(!hive.is_dirty(), "{:?}", hive.notes());
    assert!(has_evil(&hive));
}

#[test]
fn clean_hive_ignores_logs_and_dirty_hive_without_logs_is_still_read() {
    let (_, middle, _) = states();
    let (hive, notes) = Hive::open(middle).unwrap().replay_logs(&[b"garbage"]);
    assert_eq!(notes, ["hive is clean; transaction logs not needed"]);
    assert_eq!(updater(&hive), "C:\\new-updater.exe");

    let (before, _, _) = states();
    let (hive, notes) = Hive::open(before)
        .unwrap()
        .replay_logs(&[&[], b"not a log"]);
    assert!(
        notes[0].contains("log 2: not a transaction log"),
        "{notes:?}"
    );
    assert!(
        notes[1].starts_with("dirty hive not recovered"),
        "{notes:?}"
    );
    assert!(
        hive.notes()
            .iter()
            .any(|n| n.starts_with("dirty hive not recovered"))
    );
    assert_eq!(updater(&hive), "C:\\old.exe");
}

#[test]
fn entry_of_size_zero_stops_with_a_note() {
    let (before, _, _) = states();
    let mut entry = log_entry(5, bins_size(&before), &[(0, before[4096..8192].to_vec())]);
    set_u32(&mut entry, 4, 0);
    seal(&mut entry);
    let log = log_file(&before, 6, 5, &[entry]);
    within(10, move || {
        let (_, notes) = Hive::open(before).unwrap().replay_logs(&[&log]);
        assert!(
            notes[0].contains("entry size 0 is not a positive multiple of 512 at entry 1"),
            "{notes:?}"
        );
    });
}

#[test]
fn page_references_past_the_hive_are_refused() {
    let (before, _, _) = states();
    let page = before[4096..8192].to_vec();
    let past_end = log_entry(5, bins_size(&before), &[(bins_size(&before), page.clone())]);
    let huge = log_entry(5, 0x7fff_f000, &[(0x7fff_e000, page.clone())]);
    let short = {
        let mut entry = log_entry(5, bins_size(&before), &[(0, page)]);
        set_u32(&mut entry, 44, 0x0100_0000);
        seal(&mut entry);
        entry
    };
    let cases = [
        (past_end, "lies past the hive bins data size"),
        (huge, "more than the log holds"),
        (short, "lies past the hive bins data size"),
    ];
    for (entry, expected) in cases {
        let log = log_file(&before, 6, 5, &[entry]);
        let (hive, notes) = Hive::open(before.clone()).unwrap().replay_logs(&[&log]);
        assert!(notes[0].contains(expected), "{notes:?}");
        assert_eq!(updater(&hive), "C:\\old.exe");
    }
}

/// An old-format log: base block (type 1), "DIRT" and a bitmap of 512-byte pages, then the pages.
fn dirty_vector_log(hive: &[u8], new: &[u8]) -> Vec<u8> {
    let bins = bins_size(new) as usize;
    let mut bitmap = vec![0u8; bins / 4096];
    let mut pages = Vec::new();
    for (index, page) in new[4096..].chunks(512).enumerate() {
        if hive.get(4096 + index * 512..4096 + (index + 1) * 512) != Some(page) {
            bitmap[index / 8] |= 1 << (index % 8);
            pages.extend(page);
        }
    }
    let mut vector = b"DIRT".to_vec();
    vector.extend(bitmap);
    vector.resize(vector.len().next_multiple_of(512), 0);
    let mut base = new[..512].to_vec();
    set_u32(&mut base, 4, 5);
    set_u32(&mut base, 8, 5);
    fix_checksum(&mut base);
    log_file(&base, 1, 5, &[vector, pages])
}

#[test]
fn old_format_log_is_replayed_when_its_timestamp_matches() {
    let (before, _, after) = states();
    let log = dirty_vector_log(&before, &after);
    let (hive, notes) = Hive::open(before.clone())
        .unwrap()
        .replay_named_logs(&[("SYSTEM.LOG", &log)]);
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].starts_with("applied ")
            && notes[0].ends_with("dirty pages from SYSTEM.LOG (old-format log)")
    );
    assert!(has_evil(&hive));
    assert!(!hive.is_dirty());

    let mut other_time = log.clone();
    other_time[12] ^= 1;
    fix_checksum(&mut other_time);
    let (hive, notes) = Hive::open(before.clone())
        .unwrap()
        .replay_logs(&[&other_time]);
    assert!(notes[0].contains("not applicable"), "{notes:?}");
    assert!(!has_evil(&hive));

    let truncated = &log[..log.len() - 512];
    let (hive, notes) = Hive::open(before).unwrap().replay_logs(&[truncated]);
    assert!(notes[0].contains("fewer than the"), "{notes:?}");
    assert!(!has_evil(&hive));
}
