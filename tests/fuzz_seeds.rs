//! Every fuzz target's committed seeds (fuzz/corpus/TARGET), and damaged copies of them, run
//! through the same entry point as the fuzz target on every test run: what the fuzzers start
//! from keeps working between campaigns, and the commonest hostile shapes (a file cut short, a
//! few bytes overwritten) are tried on every parser each time, not only when someone fuzzes.
//! A panic fails the test with the target, the seed and the damage that caused it.

mod util;

use std::path::Path;

use needle::panics;
use needle::source::archive::Kind;
use needle::source::image::container::Format;
use util::test_rng::Rng;

/// A fuzz target: its name (fuzz/fuzz_targets/NAME.rs), the call its file makes, and that call.
struct Target {
    name: &'static str,
    call: &'static str,
    run: fn(&[u8]),
}

macro_rules! targets {
    ($($name:literal => |$data:ident| $call:expr;)+) => {
        [$(Target {
            name: $name,
            call: stringify!($call),
            run: |$data: &[u8]| $call,
        }),+]
    };
}

/// Every target of fuzz/, as its file calls it (checked against the files below).
fn all_targets() -> Vec<Target> {
    targets! {
        "binary" => |data| needle::fuzzing::binary(data);
        "btrfs" => |data| needle::fuzzing::btrfs(data);
        "bundle" => |data| needle::fuzzing::bundle(data);
        "c2_rules" => |data| needle::fuzzing::c2_rules(data);
        "cab" => |data| needle::fuzzing::archive(Kind::Cab, data);
        "clamav" => |data| needle::fuzzing::clamav(data);
        "compressed" => |data| needle::fuzzing::compressed(data);
        "ewf" => |data| needle::fuzzing::container(Format::Ewf, data);
        "exfat" => |data| needle::fuzzing::exfat(data);
        "ext" => |data| needle::fuzzing::ext(data);
        "fat" => |data| needle::fuzzing::fat(data);
        "hive" => |data| needle::fuzzing::hive(data);
        "hive_log" => |data| needle::fuzzing::hive_log(data);
        "launchd" => |data| needle::fuzzing::launchd(data);
        "linux_autostart" => |data| needle::fuzzing::linux_autostart(data);
        "loki" => |data| needle::fuzzing::loki(data);
        "lznt1" => |data| needle::fuzzing::lznt1(data);
        "misp_csv" => |data| needle::fuzzing::misp_csv(data);
        "misp_json" => |data| needle::fuzzing::misp_json(data);
        "ntfs" => |data| needle::fuzzing::ntfs(data);
        "ole" => |data| needle::fuzzing::ole(data);
        "ole_streams" => |data| needle::fuzzing::ole_streams(data);
        "ooxml" => |data| needle::fuzzing::ooxml(data);
        "proc_maps" => |data| needle::fuzzing::proc_maps(data);
        "proc_net" => |data| needle::fuzzing::proc_net(data);
        "qcow2" => |data| needle::fuzzing::container(Format::Qcow2, data);
        "report" => |data| needle::fuzzing::report(data);
        "rtf" => |data| needle::fuzzing::rtf(data);
        "sevenz" => |data| needle::fuzzing::archive(Kind::SevenZip, data);
        "shortcut" => |data| needle::fuzzing::shortcut(data);
        "stix" => |data| needle::fuzzing::stix(data);
        "tar" => |data| needle::fuzzing::archive(Kind::Tar, data);
        "task" => |data| needle::fuzzing::task(data);
        "vhd" => |data| needle::fuzzing::container(Format::Vhd, data);
        "vhdx" => |data| needle::fuzzing::container(Format::Vhdx, data);
        "vmdk" => |data| needle::fuzzing::container(Format::Vmdk, data);
        "volumes" => |data| needle::fuzzing::volumes(data);
        "xfs" => |data| needle::fuzzing::xfs(data);
        "zip" => |data| needle::fuzzing::archive(Kind::Zip, data);
    }
    .into()
}

fn fuzz_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz"))
}

/// Ignores whitespace, which `stringify!` and rustfmt place differently.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_table_names_every_fuzz_target_with_the_call_its_file_makes() {
    let targets = all_targets();
    let mut files: Vec<String> = std::fs::read_dir(fuzz_dir().join("fuzz_targets"))
        .expect("fuzz/fuzz_targets")
        .map(|entry| entry.expect("a directory entry").file_name())
        .filter_map(|name| name.to_str()?.strip_suffix(".rs").map(str::to_string))
        .collect();
    files.sort();
    let names: Vec<&str> = targets.iter().map(|t| t.name).collect();
    assert_eq!(files, names, "fuzz/fuzz_targets against this test's table");
    for target in &targets {
        let path = fuzz_dir().join(format!("fuzz_targets/{}.rs", target.name));
        let source = std::fs::read_to_string(&path).expect("a fuzz target's source");
        assert!(
            squeezed(&source).contains(&squeezed(target.call)),
            "{} does not call {}",
            path.display(),
            target.call
        );
    }
}

/// Damaged copies of `seed`: cut at a few points, and a few bytes overwritten (at random places
/// and at the start, where headers are), each from its own seed so a failure replays.
fn damaged(seed: &[u8], rng: &mut Rng) -> Vec<(String, Vec<u8>)> {
    let mut copies = Vec::new();
    for cut in [
        seed.len() / 2,
        seed.len() * 9 / 10,
        seed.len().saturating_sub(1),
    ] {
        copies.push((format!("cut at {cut}"), seed[..cut].to_vec()));
    }
    for round in 0..6 {
        let mut copy = seed.to_vec();
        let span = if round % 2 == 0 {
            copy.len()
        } else {
            copy.len().min(4096)
        };
        let mut changed = Vec::new();
        for _ in 0..1 + round {
            if span == 0 {
                break;
            }
            let at = rng.below(span);
            copy[at] = rng.next() as u8;
            changed.push(at);
        }
        copies.push((format!("bytes {changed:?} overwritten"), copy));
    }
    copies
}

#[test]
fn every_seed_and_damaged_copies_of_it_run_through_its_target_without_a_panic() {
    let mut failures = Vec::new();
    let mut inputs = 0;
    for target in all_targets() {
        let corpus = fuzz_dir().join("corpus").join(target.name);
        let mut seeds: Vec<_> = std::fs::read_dir(&corpus)
            .unwrap_or_else(|e| panic!("{}: {e}", corpus.display()))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "{}: no seeds", corpus.display());
        for (index, path) in seeds.iter().enumerate() {
            let seed = std::fs::read(path).expect("a seed");
            let mut rng = Rng::new(index as u64 ^ seed.len() as u64);
            let mut runs = vec![("as committed".to_string(), seed.clone())];
            runs.extend(damaged(&seed, &mut rng));
            for (damage, input) in runs {
                inputs += 1;
                if let Err(message) = panics::catch(|| (target.run)(&input)) {
                    failures.push(format!(
                        "{} {} ({damage}): {message}",
                        target.name,
                        path.display()
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {inputs} inputs panicked:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 39 targets with at least one seed, 10 runs per seed.
    assert!(inputs >= 390, "{inputs} inputs");
}
