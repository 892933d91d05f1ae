//! Hashing ceiling for the benchmark harness (scripts/bench): times MD5, SHA-1 and SHA-256 each
//! alone over the same bytes, then needle's one-pass MD5+SHA-1+SHA-256, and prints needle's
//! throughput as a fraction of the sum-of-costs ceiling (1.0 = no overhead over hashing alone).
//!
//! Also times the multi-lane `md5_many` over the same files, in the groups a scanner worker would
//! hash together (up to 16 files or 32 MiB), on each SIMD path this CPU has.
//!
//! `cargo run --release --example hash_ceiling -- FILE...` (files are read into memory first, so
//! only hashing is timed; each measurement is the best of 3 runs).

use std::time::{Duration, Instant};

use md5::Md5;
use needle::analysis::md5_lanes::{Lanes, md5_many_with};
use sha1::Sha1;
use sha2::{Digest, Sha256};

fn best_of_3<D, T>(data: &[D], hash: impl Fn(&D) -> T) -> Duration {
    (0..3)
        .map(|_| {
            let started = Instant::now();
            for file in data {
                std::hint::black_box(hash(file));
            }
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Consecutive groups of up to 16 files or 32 MiB (at least one file each).
fn groups(data: &[Vec<u8>]) -> Vec<Vec<&[u8]>> {
    let mut groups: Vec<Vec<&[u8]>> = Vec::new();
    let mut bytes = 0;
    for file in data {
        match groups.last_mut() {
            Some(group) if group.len() < 16 && bytes + file.len() <= 32 << 20 => {
                group.push(file);
                bytes += file.len();
            }
            _ => {
                groups.push(vec![file]);
                bytes = file.len();
            }
        }
    }
    groups
}

fn main() -> std::io::Result<()> {
    let mut data = Vec::new();
    for path in std::env::args_os().skip(1) {
        data.push(std::fs::read(&path)?);
    }
    let bytes: usize = data.iter().map(Vec::len).sum();
    if bytes == 0 {
        eprintln!("usage: hash_ceiling FILE...");
        std::process::exit(2);
    }
    let mb = bytes as f64 / 1e6;
    let md5 = best_of_3(&data, |d| Md5::digest(d));
    let sha1 = best_of_3(&data, |d| Sha1::digest(d));
    let sha256 = best_of_3(&data, |d| Sha256::digest(d));
    let needle = best_of_3(&data, |d| needle::evidence::hashes::hash_bytes(d));
    let ceiling = md5 + sha1 + sha256;
    let groups = groups(&data);
    let mut md5_many: Vec<(String, Duration)> = [Lanes::Avx512, Lanes::Avx2]
        .into_iter()
        .filter(|lanes| lanes.is_available())
        .map(|lanes| {
            let time = best_of_3(&groups, |group| md5_many_with(group, lanes));
            (format!("md5_many {lanes:?}"), time)
        })
        .collect();
    // For comparison: every file in one call, so a big file's tail overlaps the others.
    let all: Vec<&[u8]> = groups.concat();
    let time = best_of_3(&[all], |all| md5_many_with(all, Lanes::detect()));
    md5_many.push(("md5_many one call".to_string(), time));
    for (name, time) in [
        ("md5", md5),
        ("sha1", sha1),
        ("sha256", sha256),
        ("sum of the three", ceiling),
        ("needle one pass", needle),
    ] {
        println!(
            "{name:>18}: {:8.3} s  {:8.1} MB/s",
            time.as_secs_f64(),
            mb / time.as_secs_f64()
        );
    }
    for (name, time) in md5_many {
        println!(
            "{name:>18}: {:8.3} s  {:8.1} MB/s",
            time.as_secs_f64(),
            mb / time.as_secs_f64()
        );
    }
    println!(
        "files {} bytes {bytes}: needle hashing at {:.1}% of the sum-of-costs ceiling",
        data.len(),
        100.0 * ceiling.as_secs_f64() / needle.as_secs_f64()
    );
    println!(
        "md5_many: {} groups of up to 16 files or 32 MiB, {:?} detected",
        groups.len(),
        Lanes::detect()
    );
    Ok(())
}
