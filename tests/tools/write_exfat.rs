//! The tests' exFAT writer as a command, for scripts/bench-image and scripts/fuzz-seeds (std
//! only, so plain `rustc` builds it):
//!
//!     rustc --edition 2024 -O -o write-exfat tests/tools/write_exfat.rs
//!     write-exfat [--sector BYTES] [--cluster BYTES] [--fragmented] SOURCE_DIR IMAGE SIZE_MIB
//!
//! Without options: 512-byte sectors and 32 KiB clusters (as Windows formats volumes of a few
//! hundred MiB), each file in one contiguous run. `--fragmented` links files and directories
//! through the FAT in runs of two clusters.

#[path = "../util/exfat.rs"]
#[allow(dead_code)]
mod exfat;

const USAGE: &str =
    "usage: write-exfat [--sector BYTES] [--cluster BYTES] [--fragmented] SOURCE_DIR IMAGE SIZE_MIB";

fn fail(message: &str) -> ! {
    eprintln!("write-exfat: {message}\n{USAGE}");
    std::process::exit(2);
}

/// log2 of a power of two in `range`.
fn shift_of(value: Option<&String>, range: std::ops::RangeInclusive<u32>) -> u8 {
    let value: u64 = value
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| fail("a size in bytes is expected"));
    let shift = value.trailing_zeros();
    if !value.is_power_of_two() || !range.contains(&shift) {
        fail(&format!("{value} is not a possible size here"));
    }
    shift as u8
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut sector_shift = 9;
    let mut cluster_bytes_shift = 15;
    let mut placement = exfat::Placement::Contiguous;
    let mut positional = Vec::new();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--sector" => sector_shift = shift_of(args.next().as_ref(), 9..=12),
            "--cluster" => cluster_bytes_shift = shift_of(args.next().as_ref(), 9..=25),
            "--fragmented" => placement = exfat::Placement::Fragmented,
            _ => positional.push(arg),
        }
    }
    let [source, image, size_mib] = &positional[..] else {
        fail("three arguments are expected");
    };
    if cluster_bytes_shift < sector_shift {
        fail("a cluster is at least a sector");
    }
    let size_mib: u64 = size_mib
        .parse()
        .unwrap_or_else(|_| fail("SIZE_MIB is a number"));
    let options = exfat::Options {
        size: size_mib << 20,
        sector_shift,
        cluster_shift: cluster_bytes_shift - sector_shift,
        placement,
        ..Default::default()
    };
    exfat::exfat_image(source.as_ref(), image.as_ref(), &options);
}
