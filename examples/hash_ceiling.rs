//! Hashing ceiling for the benchmark harness (scripts/bench): times MD5, SHA-1 and SHA-256 each
//! alone over the same bytes, then needle's one-pass MD5+SHA-1+SHA-256, and prints needle's
//! throughput as a fraction of the sum-of-costs ceiling (1.0 = no overhead over hashing alone).
//!
//! `cargo run --release --example hash_ceiling -- FILE...` (files are read into memory first, so
//! only hashing is timed; each measurement is the best of 3 runs).

use std::time::{Duration, Instant};

use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

fn best_of_3<T>(data: &[Vec<u8>], hash: impl Fn(&[u8]) -> T) -> Duration {
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
    let needle = best_of_3(&data, needle::analysis::hash::hash_bytes);
    let ceiling = md5 + sha1 + sha256;
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
    println!(
        "files {} bytes {bytes}: needle hashing at {:.1}% of the sum-of-costs ceiling",
        data.len(),
        100.0 * ceiling.as_secs_f64() / needle.as_secs_f64()
    );
    Ok(())
}
