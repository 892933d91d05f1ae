//! Embeds the `signatures/` pack into the binary.
//!
//! The rule and IOC files are packed into one archive and deflate-compressed, so the scanner
//! binary does not carry its own signatures in clear text (a scan of the install directory must
//! not match the scanner itself).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::DeflateEncoder;

/// This crate's directory, read when the script runs: `env!` would freeze the path of whichever
/// checkout first built the script, and a target directory shared by two checkouts would then
/// embed the other one's signatures.
fn manifest_dir() -> PathBuf {
    PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR is set by cargo"),
    )
}

fn main() {
    let root = manifest_dir().join("signatures");
    println!("cargo:rerun-if-changed={}", root.display());

    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    // An empty pack would build a scanner that finds nothing and says so nowhere.
    assert!(
        files.iter().any(|(name, _)| name.starts_with("rules/")),
        "no rules found under {}",
        root.display()
    );

    // Archive format (read by src/signatures/embedded.rs): for each file,
    // u32 LE name length, name (UTF-8, '/'-separated, relative to signatures/),
    // u64 LE content length, content.
    let mut archive = Vec::new();
    for (name, path) in &files {
        let content = fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        archive.extend_from_slice(&(name.len() as u32).to_le_bytes());
        archive.extend_from_slice(name.as_bytes());
        archive.extend_from_slice(&(content.len() as u64).to_le_bytes());
        archive.extend_from_slice(&content);
    }

    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(&archive)
        .expect("compressing the signature pack");
    let compressed = encoder.finish().expect("compressing the signature pack");

    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR is set by cargo"));
    fs::write(out.join("signatures.deflate"), compressed).expect("writing the signature pack");

    println!("cargo:rustc-env=NEEDLE_YARA_X_VERSION={}", yara_x_version());
}

/// The YARA-X version in Cargo.lock, reported in scan summaries (compiled rules and results are
/// tied to it).
fn yara_x_version() -> String {
    let lock = manifest_dir().join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let text = fs::read_to_string(lock).unwrap_or_default();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"yara-x\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = "))
        {
            return version.trim_matches('"').to_string();
        }
    }
    "unknown".to_string()
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.expect("listing signatures/");
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(root, &path, files);
        } else if let Ok(rel) = path.strip_prefix(root) {
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            if !name.ends_with(".md") {
                files.push((name, path));
            }
        }
    }
}
