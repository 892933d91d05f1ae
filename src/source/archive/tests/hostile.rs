//! Damaged and hostile input: truncation at many lengths, random byte flips, and headers that
//! claim absurd sizes and counts. Each case runs in a thread under a timeout; a panic, a hang
//! or an allocation the machine cannot satisfy fails the test.

use std::io::{self, Read};
use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use super::super::{Budget, Kind, Limits, Problem};
use super::{Rng, Scratch, crc32, drain_all, python, run};

const CASE_TIMEOUT: Duration = Duration::from_secs(20);

/// Limits for hostile cases: small enough that no case can spend long expanding.
fn hostile_limits() -> Limits {
    Limits {
        max_total_bytes: 64 << 20,
        max_members: 1000,
        ..Limits::default()
    }
}

/// Lists `data` in a thread, failing the test if it panics or takes longer than the timeout.
fn run_case(kind: Kind, data: Vec<u8>, label: &str) -> Vec<Problem> {
    let (sender, receiver) = mpsc::channel();
    let worker = thread::Builder::new()
        .name(format!("case {label}"))
        .spawn(move || {
            let limits = hostile_limits();
            let budget = Budget::new(&limits);
            let (_, _, problems) = drain_all(kind, &data, &limits, &budget);
            let _ = sender.send(problems);
        })
        .expect("spawn case thread");
    match receiver.recv_timeout(CASE_TIMEOUT) {
        Ok(problems) => {
            let _ = worker.join();
            problems
        }
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{label}: no answer within {CASE_TIMEOUT:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let _ = worker.join();
            panic!("{label}: the listing panicked")
        }
    }
}

/// No case may have needed much memory: every sample is a few KiB and the budget is 64 MiB.
fn assert_memory_stayed_small() {
    if let Some(peak) = super::peak_memory() {
        println!("peak memory so far: {} MiB", peak >> 20);
        assert!(peak < 1 << 30, "peak memory {peak} bytes");
    }
}

struct Sample {
    label: &'static str,
    kind: Kind,
    data: Vec<u8>,
}

/// Small archives of every kind, made once by the real tools.
fn samples() -> &'static [Sample] {
    static SAMPLES: OnceLock<Vec<Sample>> = OnceLock::new();
    SAMPLES.get_or_init(|| {
        let scratch = Scratch::new("hostile");
        let mut rng = Rng::new(99);
        let random: Vec<u8> = (0..1500).map(|_| rng.next() as u8).collect();
        let text: Vec<u8> = (0..400)
            .flat_map(|n| format!("{n} bottles\n").into_bytes())
            .collect();
        scratch.write("a.txt", &text);
        scratch.write("r.bin", &random);
        scratch.write("d/e.txt", b"tiny");
        python(
            r#"
import zipfile, tarfile, gzip
with zipfile.ZipFile('s.zip', 'w') as z:
    z.write('a.txt', compress_type=zipfile.ZIP_DEFLATED)
    z.write('r.bin', compress_type=zipfile.ZIP_STORED)
    z.write('a.txt', 'b.txt', compress_type=zipfile.ZIP_BZIP2)
    z.write('a.txt', 'l.txt', compress_type=zipfile.ZIP_LZMA)
with tarfile.open('s.tar', 'w', format=tarfile.GNU_FORMAT) as t:
    t.add('a.txt')
    t.add('r.bin', arcname='long/' + 'n' * 120 + '/r.bin')
    t.add('d')
with tarfile.open('p.tar', 'w', format=tarfile.PAX_FORMAT) as t:
    t.add('a.txt', arcname='päx-' + 'q' * 110)
    t.add('r.bin')
open('a.txt.gz', 'wb').write(gzip.compress(open('a.txt', 'rb').read()))
start = zipfile.ZipFile('s.zip').start_dir
open('local.zip', 'wb').write(open('s.zip', 'rb').read()[:start])
"#,
            scratch.dir(),
        );
        run("bzip2", &["-k", "a.txt"], scratch.dir());
        run("xz", &["-k", "a.txt"], scratch.dir());
        run("zstd", &["-q", "a.txt", "-o", "a.txt.zst"], scratch.dir());
        run(
            "7z",
            &["a", "-t7z", "-ms=on", "s.7z", "a.txt", "r.bin", "d"],
            scratch.dir(),
        );
        run(
            "7z",
            &[
                "a", "-t7z", "-mhc=off", "-ms=off", "plain.7z", "a.txt", "r.bin", "d",
            ],
            scratch.dir(),
        );
        run(
            "7z",
            &[
                "a",
                "-t7z",
                "-pinfected",
                "-mhe=on",
                "e.7z",
                "a.txt",
                "r.bin",
            ],
            scratch.dir(),
        );
        run(
            "7z",
            &[
                "a",
                "-tzip",
                "-pinfected",
                "-mem=AES256",
                "aes.zip",
                "a.txt",
                "r.bin",
            ],
            scratch.dir(),
        );
        for (archive, switches) in [
            ("ppmd.7z", &["-t7z", "-m0=PPMd"][..]),
            ("bcj2.7z", &["-t7z", "-mf=BCJ2"]),
            ("ppmd.zip", &["-tzip", "-mm=PPMd"]),
            ("d64.zip", &["-tzip", "-mm=Deflate64"]),
            ("crypto.zip", &["-tzip", "-pinfected"]),
        ] {
            let mut args = vec!["a"];
            args.extend(switches);
            args.extend([archive, "a.txt", "r.bin"]);
            run("7z", &args, scratch.dir());
        }
        // zip method 93 around zstd's own output: no common tool writes it.
        python(
            r#"
import struct, zlib
raw = open('a.txt', 'rb').read()
packed = open('a.txt.zst', 'rb').read()
name = b'a.txt'
crc = zlib.crc32(raw)
local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 63, 0, 93, 0, 0, crc, len(packed), len(raw), len(name), 0) + name
central = struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 63, 63, 0, 93, 0, 0, crc, len(packed), len(raw), len(name), 0, 0, 0, 0, 0, 0) + name
end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 1, 1, len(central), len(local) + len(packed), 0)
open('zstd.zip', 'wb').write(local + packed + central + end)
"#,
            scratch.dir(),
        );
        run(
            "gcab",
            &["-c", "-z", "s.cab", "a.txt", "r.bin", "d/e.txt"],
            scratch.dir(),
        );
        run(
            "gcab",
            &["-c", "stored.cab", "a.txt", "r.bin"],
            scratch.dir(),
        );
        let sample = |label, kind, file: &str| Sample {
            label,
            kind,
            data: scratch.read(file),
        };
        vec![
            sample("zip", Kind::Zip, "s.zip"),
            sample("aes-zip", Kind::Zip, "aes.zip"),
            sample("zipcrypto-zip", Kind::Zip, "crypto.zip"),
            sample("ppmd-zip", Kind::Zip, "ppmd.zip"),
            sample("deflate64-zip", Kind::Zip, "d64.zip"),
            sample("zstd-zip", Kind::Zip, "zstd.zip"),
            sample("local-headers-zip", Kind::Zip, "local.zip"),
            sample("gnu-tar", Kind::Tar, "s.tar"),
            sample("pax-tar", Kind::Tar, "p.tar"),
            sample("gzip", Kind::Gzip, "a.txt.gz"),
            sample("bzip2", Kind::Bzip2, "a.txt.bz2"),
            sample("xz", Kind::Xz, "a.txt.xz"),
            sample("zstd", Kind::Zstd, "a.txt.zst"),
            sample("7z", Kind::SevenZip, "s.7z"),
            sample("plain-7z", Kind::SevenZip, "plain.7z"),
            sample("encrypted-7z", Kind::SevenZip, "e.7z"),
            sample("ppmd-7z", Kind::SevenZip, "ppmd.7z"),
            sample("bcj2-7z", Kind::SevenZip, "bcj2.7z"),
            sample("mszip-cab", Kind::Cab, "s.cab"),
            sample("stored-cab", Kind::Cab, "stored.cab"),
            Sample {
                label: "lzx-cab",
                kind: Kind::Cab,
                data: super::formats::LZX_CAB.to_vec(),
            },
        ]
    })
}

#[test]
fn truncation_at_many_lengths() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let started = Instant::now();
    let mut cases = 0usize;
    for sample in samples() {
        let length = sample.data.len();
        let step = (length / 1500).max(1);
        for cut in (0..length).step_by(step) {
            let label = format!("{} cut to {cut} of {length}", sample.label);
            run_case(sample.kind, sample.data[..cut].to_vec(), &label);
            cases += 1;
        }
    }
    println!("{cases} truncations in {:?}", started.elapsed());
    assert_memory_stayed_small();
}

#[test]
fn random_byte_flips() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let started = Instant::now();
    let samples = samples();
    let mut rng = Rng::new(2024);
    let iterations = 10_000;
    for iteration in 0..iterations {
        let sample = &samples[iteration % samples.len()];
        let mut data = sample.data.clone();
        let flips = 1 + rng.below(8);
        for _ in 0..flips {
            let at = rng.below(data.len());
            data[at] = match rng.below(3) {
                0 => data[at] ^ (1 << rng.below(8)),
                1 => rng.next() as u8,
                _ => 0xFF,
            };
        }
        run_case(
            sample.kind,
            data,
            &format!("{} flip iteration {iteration}", sample.label),
        );
    }
    println!("{iterations} flipped archives in {:?}", started.elapsed());
    assert_memory_stayed_small();
}

/// Flips bytes inside a plain (uncompressed) 7z header and fixes both header CRCs, so the
/// damage reaches the header parser instead of failing the checksum.
#[test]
fn sevenz_header_flips_behind_valid_checksums() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let plain = &samples()
        .iter()
        .find(|sample| sample.label == "plain-7z")
        .expect("plain 7z sample")
        .data;
    let read_u64 = |at: usize| u64::from_le_bytes(plain[at..at + 8].try_into().unwrap_or_default());
    let header_start = 32 + read_u64(12) as usize;
    let header_len = read_u64(20) as usize;
    assert_eq!(
        header_start + header_len,
        plain.len(),
        "plain header at the end"
    );
    let mut rng = Rng::new(7);
    let started = Instant::now();
    for iteration in 0..3000 {
        let mut data = plain.clone();
        for _ in 0..1 + rng.below(4) {
            let at = header_start + rng.below(header_len);
            data[at] = match rng.below(3) {
                0 => data[at] ^ (1 << rng.below(8)),
                1 => rng.next() as u8,
                _ => 0xFF,
            };
        }
        let header_crc = crc32(&data[header_start..]);
        data[28..32].copy_from_slice(&header_crc.to_le_bytes());
        let start_crc = crc32(&data[12..32]);
        data[8..12].copy_from_slice(&start_crc.to_le_bytes());
        run_case(Kind::SevenZip, data, &format!("7z header flip {iteration}"));
    }
    println!("3000 7z header flips in {:?}", started.elapsed());
    assert_memory_stayed_small();
}

#[test]
fn sevenz_start_header_claiming_huge_sizes() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let plain = &samples()
        .iter()
        .find(|sample| sample.label == "plain-7z")
        .expect("plain 7z sample")
        .data;
    for (offset, size) in [
        (0u64, u64::MAX / 2),
        (u64::MAX - 100, 64),
        (0, 1 << 40),
        (1 << 62, 1 << 62),
    ] {
        let mut data = plain.clone();
        data[12..20].copy_from_slice(&offset.to_le_bytes());
        data[20..28].copy_from_slice(&size.to_le_bytes());
        let start_crc = crc32(&data[12..32]);
        data[8..12].copy_from_slice(&start_crc.to_le_bytes());
        let problems = run_case(
            Kind::SevenZip,
            data,
            &format!("7z next header {offset} + {size}"),
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}

#[test]
fn zip_directory_claiming_four_billion_entries() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("zip-claims");
    python(
        r#"
import struct, zipfile
with zipfile.ZipFile('s.zip', 'w') as z:
    z.writestr('kept.txt', b'still listed')
data = open('s.zip', 'rb').read()
end = data.rindex(b'PK\x05\x06')
cd_size, cd_offset = struct.unpack('<II', data[end + 12:end + 20])
zip64_end = struct.pack('<IQHHIIQQQQ', 0x06064b50, 44, 45, 45, 0, 0, 4000000000, 4000000000, cd_size, cd_offset)
locator = struct.pack('<IIQI', 0x07064b50, 0, end, 1)
eocd = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 0xFFFF, 0xFFFF, cd_size, cd_offset, 0)
open('claims.zip', 'wb').write(data[:end] + zip64_end + locator + eocd)
"#,
        scratch.dir(),
    );
    let data = scratch.read("claims.zip");
    let limits = hostile_limits();
    let (seen, problems) = super::list(Kind::Zip, &data, &limits);
    assert!(
        problems
            .iter()
            .any(|problem| problem.message.contains("4000000000")),
        "{problems:?}"
    );
    assert_eq!(super::data_of(&seen, "kept.txt"), b"still listed");
}

#[test]
fn zip_entry_claiming_huge_sizes() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("zip-sizes");
    python(
        r#"
import struct, zlib
payload = zlib.compress(b'x' * 1000)[2:-4]
name = b'huge.bin'
extra = struct.pack('<HHQQ', 1, 16, 1 << 62, 1 << 61)
local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 45, 0, 8, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra)) + name + extra
central = struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 45, 45, 0, 8, 0, 0, 0, 0xFFFFFFFF, 0xFFFFFFFF, len(name), len(extra), 0, 0, 0, 0, 0) + name + extra
end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 1, 1, len(central), len(local) + len(payload), 0)
open('sizes.zip', 'wb').write(local + payload + central + end)
"#,
        scratch.dir(),
    );
    let problems = run_case(
        Kind::Zip,
        scratch.read("sizes.zip"),
        "zip entry of 2^62 bytes",
    );
    println!("{problems:?}");
}

#[test]
fn tar_and_cab_headers_claiming_huge_sizes_and_counts() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let samples = samples();
    let tar = &samples
        .iter()
        .find(|sample| sample.label == "gnu-tar")
        .expect("tar sample")
        .data;
    for size_field in [
        &b"77777777777\0"[..],
        b"\x80\x00\x00\x00\x7f\xff\xff\xff\xff\xff\xff\xff",
    ] {
        let mut data = tar.clone();
        data[124..136].copy_from_slice(size_field);
        data[148..156].copy_from_slice(b"        ");
        let checksum: u32 = data[..512].iter().map(|&byte| u32::from(byte)).sum();
        data[148..156].copy_from_slice(format!("{checksum:06o}\0 ").as_bytes());
        let problems = run_case(Kind::Tar, data, "tar member of a huge size");
        assert!(!problems.is_empty());
    }

    let cab = &samples
        .iter()
        .find(|sample| sample.label == "stored-cab")
        .expect("cab sample")
        .data;
    let mut counts = cab.clone();
    counts[26..30].copy_from_slice(&[0xFF; 4]);
    run_case(Kind::Cab, counts, "cab claiming 65535 folders and files");
    let mut blocks = cab.clone();
    let folder = 36;
    blocks[folder + 4..folder + 6].copy_from_slice(&[0xFF, 0xFF]);
    run_case(Kind::Cab, blocks, "cab folder claiming 65535 data blocks");
    let mut file_size = cab.clone();
    let first_file = u32::from_le_bytes(cab[16..20].try_into().unwrap_or_default()) as usize;
    file_size[first_file..first_file + 4].copy_from_slice(&[0xFF; 4]);
    run_case(Kind::Cab, file_size, "cab file claiming 4 GiB");
}

/// A password is taken for a member only when the member decodes with it; failing that, the first
/// whose key check passes, so that damage under the right password is reported as damage.
#[test]
fn the_password_chosen_is_the_first_that_decodes_else_the_first_that_opens() {
    use super::super::{PASSWORD_TRIAL_BYTES, Trial, pick_password, trial_decode};
    let passwords: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let pick = |trials: [Trial; 3]| {
        pick_password(&passwords, |p| trials[usize::from(p.as_bytes()[0] - b'a')])
    };
    assert_eq!(
        pick([Trial::Opens, Trial::Decodes, Trial::Opens]).as_deref(),
        Some("b")
    );
    assert_eq!(
        pick([Trial::Fails, Trial::Opens, Trial::Opens]).as_deref(),
        Some("b")
    );
    assert_eq!(pick([Trial::Fails; 3]), None);

    // Decodes: the whole member, or the first PASSWORD_TRIAL_BYTES + 1 of a larger one.
    assert_eq!(trial_decode(&mut &[7u8; 100][..], 100), Trial::Decodes);
    assert_eq!(trial_decode(&mut &[7u8; 100][..], 101), Trial::Opens);
    let large = vec![0u8; PASSWORD_TRIAL_BYTES as usize + 10];
    assert_eq!(trial_decode(&mut &large[..], 1 << 30), Trial::Decodes);
    // Some bytes, then an error (a checksum at the end): it opens, it does not decode.
    let mut failing = (&[1u8; 10][..]).chain(FailingReader);
    assert_eq!(trial_decode(&mut failing, 20), Trial::Opens);
    assert_eq!(trial_decode(&mut FailingReader, 20), Trial::Fails);
}

struct FailingReader;

impl io::Read for FailingReader {
    fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
        Err(io::Error::other("checksum mismatch"))
    }
}
