//! The tests' exFAT writer as a command, for scripts/bench-image (std only, so plain `rustc`
//! builds it):
//!
//!     rustc --edition 2024 -O -o write-exfat tests/tools/write_exfat.rs
//!     write-exfat SOURCE_DIR IMAGE SIZE_MIB

#[path = "../util/exfat.rs"]
#[allow(dead_code)]
mod exfat;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, source, image, size_mib] = &args[..] else {
        eprintln!("usage: write-exfat SOURCE_DIR IMAGE SIZE_MIB");
        std::process::exit(2);
    };
    let size_mib: u64 = size_mib.parse().expect("SIZE_MIB is a number");
    let options = exfat::Options {
        size: size_mib << 20,
        // 32 KiB clusters, as Windows formats volumes of this size.
        cluster_shift: 6,
        ..Default::default()
    };
    exfat::exfat_image(source.as_ref(), image.as_ref(), &options);
}
