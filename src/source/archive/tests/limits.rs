//! The limits: byte budget and ratio on bombs, the member count, a budget shared by nested
//! calls, and bytes a solid block forces us to decode counted like the rest.

use std::time::Instant;

use super::super::{Budget, Content, Flow, Kind, Limits, members};
use super::{Scratch, drain_all, list_with, peak_memory, python, run, run_on_zeros};

const GIB: u64 = 1 << 30;

/// A zip holding one member of 2 GiB of zeros, deflated to about 2 MB, written streaming.
fn zip_bomb(scratch: &Scratch) -> Vec<u8> {
    python(
        r#"
import zipfile
with zipfile.ZipFile('bomb.zip', 'w', compression=zipfile.ZIP_DEFLATED) as z:
    with z.open('zeros.bin', 'w', force_zip64=True) as f:
        chunk = bytes(1 << 20)
        for _ in range(2048):
            f.write(chunk)
"#,
        scratch.dir(),
    );
    scratch.read("bomb.zip")
}

#[test]
fn zip_bomb_stops_at_the_byte_budget_then_earlier_at_the_ratio() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("bomb");
    let bomb = zip_bomb(&scratch);
    println!("zip bomb: {} bytes compressed, 2 GiB expanded", bomb.len());

    let limits = Limits::default();
    let budget = Budget::new(&limits);
    let started = Instant::now();
    let (names, read, problems) = drain_all(Kind::Zip, &bomb, &limits, &budget);
    let elapsed = started.elapsed();
    println!(
        "zip bomb, byte budget: stopped after {read} bytes in {elapsed:?}; peak memory {:?}",
        peak_memory()
    );
    assert_eq!(names, vec!["zeros.bin"]);
    assert_eq!(read, limits.max_total_bytes);
    assert_eq!(budget.bytes_left(), 0);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].member.as_deref(), Some("zeros.bin"));
    assert!(
        problems[0]
            .message
            .contains("expansion limit of 1073741824 bytes reached"),
        "{problems:?}"
    );
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
    if let Some(peak) = peak_memory() {
        assert!(peak < GIB, "peak memory {peak} bytes");
    }

    let limits = Limits {
        max_ratio: 100,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    let started = Instant::now();
    let (_, read, problems) = drain_all(Kind::Zip, &bomb, &limits, &budget);
    let elapsed = started.elapsed();
    println!("zip bomb, ratio 100: stopped after {read} bytes in {elapsed:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("compression ratio limit of 100 reached"),
        "{problems:?}"
    );
    assert!(
        read > 16 << 20 && read <= 100 * bomb.len() as u64,
        "read {read}"
    );
}

#[test]
fn zstd_bomb_is_cut_by_the_ratio_and_the_budget() {
    if !crate::test_tools::available(&["zstd"]) {
        return;
    }
    let bomb = run_on_zeros("zstd", &["-q", "-c"], 2 * GIB);
    println!("zstd bomb: {} bytes compressed, 2 GiB expanded", bomb.len());
    let limits = Limits::default();
    let budget = Budget::new(&limits);
    let started = Instant::now();
    let (_, read, problems) = drain_all(Kind::Zstd, &bomb, &limits, &budget);
    println!(
        "zstd bomb, ratio 1000: stopped after {read} bytes in {:?}",
        started.elapsed()
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .message
            .contains("compression ratio limit of 1000"),
        "{problems:?}"
    );

    let limits = Limits {
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    let started = Instant::now();
    let (_, read, problems) = drain_all(Kind::Zstd, &bomb, &limits, &budget);
    let elapsed = started.elapsed();
    println!("zstd bomb, byte budget: stopped after {read} bytes in {elapsed:?}");
    assert_eq!(read, GIB);
    assert!(
        problems[0].message.contains("expansion limit"),
        "{problems:?}"
    );
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
}

#[test]
fn zip_with_20000_members_stops_at_the_member_limit() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("many");
    python(
        r#"
import zipfile
with zipfile.ZipFile('many.zip', 'w') as z:
    for n in range(20000):
        z.writestr('f%05d' % n, b'')
"#,
        scratch.dir(),
    );
    let limits = Limits::default();
    let budget = Budget::new(&limits);
    let started = Instant::now();
    let (names, _, problems) = drain_all(Kind::Zip, &scratch.read("many.zip"), &limits, &budget);
    println!(
        "20000 members: stopped after {} in {:?}",
        names.len(),
        started.elapsed()
    );
    assert_eq!(names.len(), 10_000);
    assert_eq!(names.last().map(String::as_str), Some("f09999"));
    assert_eq!(budget.members_left(), 0);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].member.as_deref(), Some("f10000"));
    assert!(
        problems[0]
            .message
            .contains("member limit of 10000 reached"),
        "{problems:?}"
    );
}

#[test]
fn nested_calls_spend_one_budget() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("nested");
    let text: Vec<u8> = (0..100_000)
        .flat_map(|n| format!("{n}\n").into_bytes())
        .collect();
    scratch.write("inner.txt", &text);
    python(
        r#"
import gzip, zipfile
gzip.open('inner.txt.gz', 'wb').write(open('inner.txt', 'rb').read())
with zipfile.ZipFile('outer.zip', 'w') as z:
    z.write('inner.txt.gz', 'inner.txt.gz')
    z.writestr('note.txt', b'twelve bytes')
"#,
        scratch.dir(),
    );
    let outer = scratch.read("outer.zip");
    let gz_len = scratch.read("inner.txt.gz").len() as u64;

    // Reads every member and lists the gzip member within the same budget.
    let walk = |limits: &Limits, budget: &Budget| {
        let mut inner_problems = Vec::new();
        let mut inner_bytes = 0u64;
        let outer_problems = members(Kind::Zip, &outer, limits, budget, &mut |member| {
            if let Content::Data(reader) = member.content {
                let mut bytes = Vec::new();
                let _ = reader.read_to_end(&mut bytes);
                if member.name.ends_with(".gz") {
                    let (seen, problems) = list_with(Kind::Gzip, &bytes, limits, budget);
                    inner_problems = problems;
                    inner_bytes = seen
                        .iter()
                        .map(|member| match &member.seen {
                            super::Seen::Data(data) => data.len() as u64,
                            _ => 0,
                        })
                        .sum();
                }
            }
            Flow::Continue
        });
        (outer_problems, inner_problems, inner_bytes)
    };

    let limits = Limits::default();
    let budget = Budget::new(&limits);
    let (outer_problems, inner_problems, inner_bytes) = walk(&limits, &budget);
    assert!(outer_problems.is_empty() && inner_problems.is_empty());
    assert_eq!(inner_bytes, text.len() as u64);
    assert_eq!(
        budget.bytes_left(),
        limits.max_total_bytes - gz_len - 12 - text.len() as u64
    );
    assert_eq!(budget.members_left(), limits.max_members - 3);

    // Room for the outer level and a little of the inner one: the inner call hits the limit.
    let limits = Limits {
        max_total_bytes: gz_len + 1000,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    let (outer_problems, inner_problems, inner_bytes) = walk(&limits, &budget);
    assert_eq!(inner_bytes, 1000);
    assert_eq!(inner_problems.len(), 1, "{inner_problems:?}");
    assert!(
        inner_problems[0].message.contains("expansion limit"),
        "{inner_problems:?}"
    );
    // The outer level then has nothing left for its next member either.
    assert_eq!(outer_problems.len(), 1, "{outer_problems:?}");
    assert_eq!(outer_problems[0].member.as_deref(), Some("note.txt"));
}

#[test]
fn skipping_in_a_solid_7z_block_is_charged() {
    if !crate::test_tools::available(&["7z"]) {
        return;
    }
    let scratch = Scratch::new("solid-skip");
    scratch.write("big.bin", &vec![0u8; 64 << 20]);
    scratch.write("small.txt", b"after the big one\n");
    run(
        "7z",
        &[
            "a",
            "-t7z",
            "-ms=on",
            "-mx=1",
            "solid.7z",
            "big.bin",
            "small.txt",
        ],
        scratch.dir(),
    );
    let archive = scratch.read("solid.7z");
    // The visitor reads only small.txt; big.bin must still be decoded to get there.
    let read_small_only = |limits: &Limits, budget: &Budget| {
        let mut small = None;
        let problems = members(Kind::SevenZip, &archive, limits, budget, &mut |member| {
            if member.name == "small.txt"
                && let Content::Data(reader) = member.content
            {
                let mut bytes = Vec::new();
                let _ = reader.read_to_end(&mut bytes);
                small = Some(bytes);
            }
            Flow::Continue
        });
        (small, problems)
    };
    // 64 MiB of zeros is far past the default ratio; only the byte budget is under test here.
    let limits = Limits {
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    let (small, problems) = read_small_only(&limits, &budget);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(small.as_deref(), Some(&b"after the big one\n"[..]));
    assert_eq!(
        budget.bytes_left(),
        limits.max_total_bytes - (64 << 20) - 18
    );

    let limits = Limits {
        max_total_bytes: 32 << 20,
        max_ratio: u64::MAX,
        ..Limits::default()
    };
    let budget = Budget::new(&limits);
    let (small, problems) = read_small_only(&limits, &budget);
    assert_eq!(small, None);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].member.as_deref(), Some("big.bin"));
    assert!(
        problems[0]
            .message
            .contains("expansion limit of 33554432 bytes reached"),
        "{problems:?}"
    );
}
