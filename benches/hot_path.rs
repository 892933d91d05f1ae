//! The per-file hot path, for spotting regressions: `cargo bench --bench hot_path`.
//! Analyses synthetic files (a small PE, a 4 MiB blob) with the built-in signatures, and the
//! one-pass hashing on its own.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use needle::analysis::hash::{HashKinds, hash_selected};
use needle::analysis::{Analyzer, AnalyzerConfig, FileOutcome};
use needle::signatures::{self, SignatureOptions};
use needle::source::FileEntry;

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
    let dir = tempfile::tempdir().expect("temp dir");
    let small = dir.path().join("small.exe");
    let large = dir.path().join("large.bin");
    std::fs::write(&small, sample(64 * 1024)).expect("write");
    std::fs::write(&large, sample(4 * 1024 * 1024)).expect("write");

    let signatures = signatures::load(&SignatureOptions {
        embedded: true,
        rule_paths: Vec::new(),
        ioc_paths: Vec::new(),
        relaxed_re_syntax: false,
        rule_cache: None,
    })
    .expect("built-in signatures load");
    let config = AnalyzerConfig {
        max_size: 64 << 20,
        timeout: Duration::from_secs(60),
    };
    let mut analyzer = Analyzer::new(&signatures, &config);

    let mut group = c.benchmark_group("analyze");
    for (name, path, size) in [
        ("pe_64KiB", &small, 64 * 1024u64),
        ("blob_4MiB", &large, 4 << 20),
    ] {
        group.throughput(Throughput::Bytes(size));
        let entry = FileEntry {
            path: PathBuf::from(path),
        };
        group.bench_function(name, |b| {
            b.iter(|| match analyzer.analyze(black_box(&entry)) {
                FileOutcome::Analyzed(report) => black_box(report.score),
                FileOutcome::Failed { message, .. } => panic!("{message}"),
            })
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
