//! The per-file hot path, for spotting regressions: `cargo bench --bench hot_path`.
//! Analyses synthetic files in memory (a small PE, a 4 MiB blob) with the built-in signatures,
//! and the one-pass hashing on its own.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use needle::analysis::{Analyzer, AnalyzerConfig, LoadedFile};
use needle::evidence::hashes::{HashKinds, hash_selected};
use needle::signatures::{self, SignatureOptions};
use needle::source::Origin;

/// A PE-looking file: MZ header, PE signature at 0x80, and pseudo-random content.
fn sample(size: usize) -> Vec<u8> {
    let mut data: Vec<u8> = (0..size as u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    data[..2].copy_from_slice(b"MZ");
    data[0x3c..0x40].copy_from_slice(&0x80u32.to_le_bytes());
    data[0x80..0x84].copy_from_slice(b"PE\0\0");
    data
}

fn bench(c: &mut Criterion) {
    let signatures = signatures::load(&SignatureOptions {
        embedded: true,
        rule_paths: Vec::new(),
        ioc_paths: Vec::new(),
        relaxed_re_syntax: false,
        rule_cache: None,
    })
    .expect("built-in signatures load");
    let config = AnalyzerConfig {
        complete_all: false,
        max_size: 64 << 20,
        timeout: Duration::from_secs(60),
    };
    let mut analyzer = Analyzer::new(&signatures, &config);

    let mut group = c.benchmark_group("analyze");
    for (name, path, size) in [
        ("pe_64KiB", "/srv/small.exe", 64 * 1024usize),
        ("blob_4MiB", "/srv/large.bin", 4 << 20),
    ] {
        group.throughput(Throughput::Bytes(size as u64));
        let file = LoadedFile {
            origin: Origin::live(path),
            data: sample(size),
            expected: size as u64,
            owner: String::new(),
            logs: Vec::new(),
        };
        group.bench_function(name, |b| {
            b.iter(|| black_box(analyzer.analyze(black_box(&file), None).score))
        });
    }
    group.finish();

    let data = sample(4 * 1024 * 1024);
    let mut group = c.benchmark_group("hash_4MiB");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("md5_sha1_sha256", |b| {
        b.iter(|| hash_selected(black_box(&data), HashKinds::ALL))
    });
    group.bench_function("md5_only", |b| {
        b.iter(|| {
            hash_selected(
                black_box(&data),
                HashKinds {
                    md5: true,
                    sha1: false,
                    sha256: false,
                },
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
