//! Each format against archives made by the real tools at test time, and the ClamAV test files.

use super::super::{Kind, Limits, detect};
use super::{Rng, Scratch, Seen, clam_file, data_of, list, names, python, run, sha256};

/// Sample file contents: some text, some incompressible bytes, one multi-block file.
fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let mut rng = Rng::new(7);
    let random: Vec<u8> = (0..70_000).map(|_| rng.next() as u8).collect();
    let text: Vec<u8> = (0..40_000)
        .flat_map(|line| {
            format!("line {line}: the quick brown fox {}\n", line * 7919 % 1000).into_bytes()
        })
        .collect();
    vec![
        ("a.txt", b"hello archive\n".to_vec()),
        ("b.bin", random),
        ("dir/c.txt", text),
        ("empty.txt", Vec::new()),
    ]
}

fn write_samples(scratch: &Scratch) -> Vec<(&'static str, Vec<u8>)> {
    let samples = samples();
    for (name, contents) in &samples {
        scratch.write(name, contents);
    }
    samples
}

fn assert_members_match(seen: &[super::SeenMember], expected: &[(&str, Vec<u8>)]) {
    let mut listed = names(seen);
    listed.sort_unstable();
    let mut wanted: Vec<&str> = expected.iter().map(|(name, _)| *name).collect();
    wanted.sort_unstable();
    assert_eq!(listed, wanted, "member names");
    for (name, contents) in expected {
        assert_eq!(
            sha256(data_of(seen, name)),
            sha256(contents),
            "contents of {name}"
        );
    }
}

#[test]
fn zip_from_python_with_every_method() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("zip-python");
    let samples = write_samples(&scratch);
    python(
        r#"
import zipfile
with zipfile.ZipFile('out.zip', 'w') as z:
    z.write('a.txt', 'stored.txt', compress_type=zipfile.ZIP_STORED)
    z.write('b.bin', 'deflated.bin', compress_type=zipfile.ZIP_DEFLATED)
    z.write('dir/c.txt', 'dir/bzip2.txt', compress_type=zipfile.ZIP_BZIP2)
    z.write('dir/c.txt', 'dir/sub/lzma.txt', compress_type=zipfile.ZIP_LZMA)
    z.write('empty.txt', 'empty.txt', compress_type=zipfile.ZIP_DEFLATED)
    z.writestr(zipfile.ZipInfo('only/a/directory/'), b'')
    z.write('a.txt', 'ünïcødé/名前.txt', compress_type=zipfile.ZIP_DEFLATED)
    link = zipfile.ZipInfo('link-to-a')
    link.external_attr = 0o120777 << 16
    z.writestr(link, 'stored.txt')
"#,
        scratch.dir(),
    );
    let archive = scratch.read("out.zip");
    assert_eq!(detect(&archive), Some(Kind::Zip));
    let (seen, problems) = list(Kind::Zip, &archive, &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    let by_name = |name| {
        samples
            .iter()
            .find(|(sample, _)| *sample == name)
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    };
    let expected = vec![
        ("stored.txt", by_name("a.txt")),
        ("deflated.bin", by_name("b.bin")),
        ("dir/bzip2.txt", by_name("dir/c.txt")),
        ("dir/sub/lzma.txt", by_name("dir/c.txt")),
        ("empty.txt", Vec::new()),
        ("ünïcødé/名前.txt", by_name("a.txt")),
    ];
    assert_members_match(&seen, &expected);
    assert_eq!(names(&seen)[0], "stored.txt", "archive order");
    let lzma = seen
        .iter()
        .find(|member| member.name == "dir/sub/lzma.txt")
        .map(|member| member.declared_size);
    assert_eq!(lzma, Some(Some(by_name("dir/c.txt").len() as u64)));
}

#[test]
fn zip_encrypted_by_7z_zipcrypto_and_aes() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("zip-encrypted");
    let samples = write_samples(&scratch);
    run(
        "7z",
        &[
            "a",
            "-tzip",
            "-pinfected",
            "zipcrypto.zip",
            "a.txt",
            "b.bin",
            "dir",
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
            "b.bin",
            "dir",
        ],
        scratch.dir(),
    );
    let expected: Vec<(&str, Vec<u8>)> = samples
        .into_iter()
        .filter(|(name, _)| *name != "empty.txt")
        .collect();
    for archive_name in ["zipcrypto.zip", "aes.zip"] {
        let archive = scratch.read(archive_name);
        let limits = Limits {
            passwords: vec!["wrong".to_string(), "infected".to_string()],
            ..Limits::default()
        };
        let (seen, problems) = list(Kind::Zip, &archive, &limits);
        assert!(problems.is_empty(), "{archive_name}: {problems:?}");
        assert_members_match(&seen, &expected);

        let no_passwords = Limits {
            passwords: Vec::new(),
            ..Limits::default()
        };
        let (seen, problems) = list(Kind::Zip, &archive, &no_passwords);
        assert!(problems.is_empty(), "{archive_name}: {problems:?}");
        assert_eq!(seen.len(), 3, "{archive_name}");
        assert!(
            seen.iter().all(|member| member.seen == Seen::Encrypted),
            "{archive_name}: {seen:?}"
        );

        // Damaged data under the right password: no password decodes b.bin, the right one opens
        // it, so it is read and reported damaged, not left as encrypted; the others decode.
        let mut damaged = archive.clone();
        let at = damaged
            .windows(5)
            .position(|w| w == b"b.bin")
            .expect("b.bin's local header");
        let middle = at + 5 + 20_000;
        damaged[middle] ^= 0xff;
        let (seen, problems) = list(Kind::Zip, &damaged, &limits);
        let b = seen
            .iter()
            .find(|m| m.name == "b.bin")
            .expect("b.bin listed");
        assert!(matches!(b.seen, Seen::Data(_)), "{archive_name}: {b:?}");
        assert!(
            problems.iter().any(|p| p.member.as_deref() == Some("b.bin")
                && p.message.starts_with("data unreadable after")),
            "{archive_name}: {problems:?}"
        );
        let a = seen
            .iter()
            .find(|m| m.name == "a.txt")
            .expect("a.txt listed");
        assert!(matches!(a.seen, Seen::Data(_)), "{archive_name}: {a:?}");
    }
}

#[test]
fn zip_zstd_entries_decode_with_ruzstd() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("zip-zstd");
    let samples = write_samples(&scratch);
    run(
        "zstd",
        &["-q", "-19", "dir/c.txt", "-o", "c.zst"],
        scratch.dir(),
    );
    // No common tool writes method 93 yet, so the zip is assembled around zstd's output.
    python(
        r#"
import struct, zlib
raw = open('dir/c.txt', 'rb').read()
packed = open('c.zst', 'rb').read()
name = b'c.txt'
crc = zlib.crc32(raw)
local = struct.pack('<IHHHHHIIIHH', 0x04034b50, 63, 0, 93, 0, 0, crc, len(packed), len(raw), len(name), 0) + name
central = struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 63, 63, 0, 93, 0, 0, crc, len(packed), len(raw), len(name), 0, 0, 0, 0, 0, 0) + name
end = struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, 1, 1, len(central), len(local) + len(packed), 0)
open('zstd.zip', 'wb').write(local + packed + central + end)
"#,
        scratch.dir(),
    );
    let (seen, problems) = list(Kind::Zip, &scratch.read("zstd.zip"), &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(sha256(data_of(&seen, "c.txt")), sha256(&samples[2].1));
}

#[test]
fn zip_with_broken_central_directory_falls_back_to_local_headers() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("zip-local");
    let samples = write_samples(&scratch);
    python(
        r#"
import zipfile
with zipfile.ZipFile('out.zip', 'w') as z:
    z.write('a.txt', 'a.txt', compress_type=zipfile.ZIP_DEFLATED)
    z.write('b.bin', 'b.bin', compress_type=zipfile.ZIP_STORED)
    z.write('dir/c.txt', 'c.txt', compress_type=zipfile.ZIP_BZIP2)
"#,
        scratch.dir(),
    );
    // Cut off the central directory entirely, as a truncated download would.
    python(
        "import zipfile\nstart = zipfile.ZipFile('out.zip').start_dir\nopen('cut.zip', 'wb').write(open('out.zip', 'rb').read()[:start])",
        scratch.dir(),
    );
    let archive = scratch.read("cut.zip");
    let (seen, problems) = list(Kind::Zip, &archive, &Limits::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].message.contains("local headers"),
        "{problems:?}"
    );
    assert_members_match(
        &seen,
        &[
            ("a.txt", samples[0].1.clone()),
            ("b.bin", samples[1].1.clone()),
            ("c.txt", samples[2].1.clone()),
        ],
    );
}

#[test]
fn zip_streamed_with_data_descriptors_read_from_local_headers() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("zip-descriptor");
    let samples = write_samples(&scratch);
    // Writing to a pipe makes zipfile use data descriptors; the directory is then cut off.
    python(
        r#"
import zipfile, io
class Pipe(io.RawIOBase):
    def __init__(self): self.data = bytearray()
    def writable(self): return True
    def write(self, b): self.data += b; return len(b)
pipe = Pipe()
with zipfile.ZipFile(pipe, 'w') as z:
    for name, method in (('a.txt', zipfile.ZIP_DEFLATED), ('b.bin', zipfile.ZIP_DEFLATED), ('dir/c.txt', zipfile.ZIP_BZIP2)):
        with open(name, 'rb') as source, z.open(name, 'w') as target:
            target.write(source.read())
data = bytes(pipe.data)
open('streamed.zip', 'wb').write(data[:data.index(b'PK\x01\x02')])
"#,
        scratch.dir(),
    );
    let (seen, problems) = list(Kind::Zip, &scratch.read("streamed.zip"), &Limits::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_members_match(
        &seen,
        &[
            ("a.txt", samples[0].1.clone()),
            ("b.bin", samples[1].1.clone()),
            ("dir/c.txt", samples[2].1.clone()),
        ],
    );
}

#[test]
fn zip_with_repeated_names_lists_every_entry() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("zip-duplicate");
    python(
        r#"
import zipfile, warnings
warnings.simplefilter('ignore')
with zipfile.ZipFile('dup.zip', 'w') as z:
    z.writestr('same.txt', b'first hidden payload')
    z.writestr('same.txt', b'second')
"#,
        scratch.dir(),
    );
    let (seen, problems) = list(Kind::Zip, &scratch.read("dup.zip"), &Limits::default());
    assert_eq!(problems.len(), 1, "{problems:?}");
    let contents: Vec<&Seen> = seen.iter().map(|member| &member.seen).collect();
    assert_eq!(
        contents,
        vec![
            &Seen::Data(b"first hidden payload".to_vec()),
            &Seen::Data(b"second".to_vec())
        ]
    );
}

#[test]
fn sevenz_solid_lzma2_with_several_files() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("7z-solid");
    let samples = write_samples(&scratch);
    std::fs::create_dir_all(scratch.path("emptydir")).expect("mkdir");
    run(
        "7z",
        &[
            "a",
            "-t7z",
            "-m0=lzma2",
            "-ms=on",
            "-mx=5",
            "solid.7z",
            "a.txt",
            "b.bin",
            "dir",
            "empty.txt",
            "emptydir",
        ],
        scratch.dir(),
    );
    let archive = scratch.read("solid.7z");
    assert_eq!(detect(&archive), Some(Kind::SevenZip));
    let (seen, problems) = list(Kind::SevenZip, &archive, &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_members_match(&seen, &samples);
}

#[test]
fn sevenz_and_zip_with_the_other_7zip_coders() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("7z-coders");
    let samples = write_samples(&scratch);
    let inputs = ["a.txt", "b.bin", "dir", "empty.txt"];
    let made = [
        ("ppmd.7z", "-m0=PPMd", Kind::SevenZip),
        ("deflate.7z", "-m0=Deflate", Kind::SevenZip),
        ("bzip2.7z", "-m0=BZip2", Kind::SevenZip),
        ("bcj.7z", "-mf=BCJ2", Kind::SevenZip),
        ("ppmd.zip", "-mm=PPMd", Kind::Zip),
        ("lzma.zip", "-mm=LZMA", Kind::Zip),
        ("deflate64.zip", "-mm=Deflate64", Kind::Zip),
    ];
    for (archive_name, method, kind) in made {
        let kind_switch = if kind == Kind::Zip { "-tzip" } else { "-t7z" };
        let mut args = vec!["a", kind_switch, method, archive_name];
        args.extend(inputs);
        run("7z", &args, scratch.dir());
        let (seen, problems) = list(kind, &scratch.read(archive_name), &Limits::default());
        assert!(problems.is_empty(), "{archive_name}: {problems:?}");
        assert_members_match(&seen, &samples);
    }
}

#[test]
fn sevenz_encrypted_headers_and_content() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("7z-encrypted");
    let samples = write_samples(&scratch);
    run(
        "7z",
        &[
            "a",
            "-t7z",
            "-pinfected",
            "-mhe=on",
            "hidden.7z",
            "a.txt",
            "b.bin",
            "dir",
            "empty.txt",
        ],
        scratch.dir(),
    );
    run(
        "7z",
        &[
            "a",
            "-t7z",
            "-pinfected",
            "-ms=off",
            "open.7z",
            "a.txt",
            "b.bin",
        ],
        scratch.dir(),
    );
    let limits = Limits {
        passwords: vec!["nope".to_string(), "infected".to_string()],
        ..Limits::default()
    };
    let (seen, problems) = list(Kind::SevenZip, &scratch.read("hidden.7z"), &limits);
    assert!(problems.is_empty(), "{problems:?}");
    assert_members_match(&seen, &samples);

    let no_passwords = Limits {
        passwords: Vec::new(),
        ..Limits::default()
    };
    let (seen, problems) = list(Kind::SevenZip, &scratch.read("hidden.7z"), &no_passwords);
    assert!(seen.is_empty(), "{seen:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("encrypted"), "{problems:?}");

    let (seen, problems) = list(Kind::SevenZip, &scratch.read("open.7z"), &limits);
    assert!(problems.is_empty(), "{problems:?}");
    assert_members_match(&seen, &samples[..2]);
    let (seen, problems) = list(Kind::SevenZip, &scratch.read("open.7z"), &no_passwords);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(names(&seen), vec!["a.txt", "b.bin"]);
    assert!(
        seen.iter().all(|member| member.seen == Seen::Encrypted),
        "{seen:?}"
    );
}

#[test]
fn cab_from_gcab_stored_and_mszip() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("cab");
    let samples = write_samples(&scratch);
    let mut expected = samples.clone();
    // A larger, compressible file spans many 32 KiB MSZIP blocks that refer back across blocks.
    let long_text: Vec<u8> = (0..30_000)
        .flat_map(|n| format!("{} ", n % 977).into_bytes())
        .collect();
    scratch.write("long.txt", &long_text);
    expected.push(("long.txt", long_text));
    let inputs = ["a.txt", "b.bin", "dir/c.txt", "empty.txt", "long.txt"];
    let mut stored = vec!["-c", "stored.cab"];
    stored.extend(inputs);
    run("gcab", &stored, scratch.dir());
    let mut mszip = vec!["-c", "-z", "mszip.cab"];
    mszip.extend(inputs);
    run("gcab", &mszip, scratch.dir());
    for cab in ["stored.cab", "mszip.cab"] {
        let archive = scratch.read(cab);
        assert_eq!(detect(&archive), Some(Kind::Cab));
        let (seen, problems) = list(Kind::Cab, &archive, &Limits::default());
        assert!(problems.is_empty(), "{cab}: {problems:?}");
        assert_members_match(&seen, &expected);
    }
}

/// The two-file LZX cabinet of the `cab` crate's own test suite (MIT): no tool here writes LZX.
pub(super) const LZX_CAB: &[u8] = b"\x4d\x53\x43\x46\x00\x00\x00\x00\x97\x00\x00\x00\x00\x00\x00\
\x00\x2c\x00\x00\x00\x00\x00\x00\x00\x03\x01\x01\x00\x02\x00\
\x00\x00\x2d\x05\x00\x00\x5b\x00\x00\x00\x01\x00\x03\x13\x0f\
\x00\x00\x00\x00\x00\x00\x00\x00\x00\x21\x53\x0d\xb2\x20\x00\
\x68\x69\x2e\x74\x78\x74\x00\x10\x00\x00\x00\x0f\x00\x00\x00\
\x00\x00\x21\x53\x0b\xb2\x20\x00\x62\x79\x65\x2e\x74\x78\x74\
\x00\x5c\xef\x2a\xc7\x34\x00\x1f\x00\x5b\x80\x80\x8d\x00\x30\
\xf0\x01\x10\x00\x00\x00\x01\x00\x00\x00\x01\x00\x00\x00\x48\
\x65\x6c\x6c\x6f\x2c\x20\x77\x6f\x72\x6c\x64\x21\x0d\x0a\x53\
\x65\x65\x20\x79\x6f\x75\x20\x6c\x61\x74\x65\x72\x21\x0d\x0a\
\x00";

#[test]
fn cab_lzx() {
    let (seen, problems) = list(Kind::Cab, LZX_CAB, &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(data_of(&seen, "hi.txt"), b"Hello, world!\r\n");
    assert_eq!(data_of(&seen, "bye.txt"), b"See you later!\r\n");
}

#[test]
fn tar_ustar_gnu_and_pax_from_python() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("tar");
    let samples = write_samples(&scratch);
    python(
        r#"
import tarfile
def build(path, fmt, long_name):
    with tarfile.open(path, 'w', format=fmt) as t:
        t.add('a.txt', arcname='a.txt')
        t.add('dir', arcname='dir')
        t.add('b.bin', arcname=long_name)
        t.add('empty.txt', arcname='empty.txt')
        link = tarfile.TarInfo('link-to-a')
        link.type = tarfile.SYMTYPE
        link.linkname = 'a.txt'
        t.addfile(link)
        hard = tarfile.TarInfo('hard-to-a')
        hard.type = tarfile.LNKTYPE
        hard.linkname = 'a.txt'
        t.addfile(hard)
build('ustar.tar', tarfile.USTAR_FORMAT, 'deep/' + 'y' * 100 + '/b.bin')
build('gnu.tar', tarfile.GNU_FORMAT, 'long/' + 'x' * 150 + '/b.bin')
build('pax.tar', tarfile.PAX_FORMAT, 'päx/' + 'z' * 150 + '/b.bin')
"#,
        scratch.dir(),
    );
    let long_names = [
        ("ustar.tar", format!("deep/{}/b.bin", "y".repeat(100))),
        ("gnu.tar", format!("long/{}/b.bin", "x".repeat(150))),
        ("pax.tar", format!("päx/{}/b.bin", "z".repeat(150))),
    ];
    for (tar_name, long_name) in &long_names {
        let archive = scratch.read(tar_name);
        assert_eq!(detect(&archive), Some(Kind::Tar), "{tar_name}");
        let (seen, problems) = list(Kind::Tar, &archive, &Limits::default());
        assert!(problems.is_empty(), "{tar_name}: {problems:?}");
        let expected = vec![
            ("a.txt", samples[0].1.clone()),
            ("dir/c.txt", samples[2].1.clone()),
            (long_name.as_str(), samples[1].1.clone()),
            ("empty.txt", Vec::new()),
        ];
        assert_members_match(&seen, &expected);
    }
}

#[test]
fn tar_v7_is_detected_by_its_checksum() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("tar-v7");
    scratch.write("a.txt", b"v7 contents\n");
    python(
        r#"
import tarfile
with tarfile.open('u.tar', 'w', format=tarfile.USTAR_FORMAT) as t:
    t.add('a.txt')
data = bytearray(open('u.tar', 'rb').read())
data[257:265] = bytes(8)
data[148:156] = b'        '
checksum = sum(data[:512])
data[148:156] = b'%06o\x00 ' % checksum
open('v7.tar', 'wb').write(bytes(data))
"#,
        scratch.dir(),
    );
    let archive = scratch.read("v7.tar");
    assert_eq!(detect(&archive), Some(Kind::Tar));
    let (seen, problems) = list(Kind::Tar, &archive, &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(data_of(&seen, "a.txt"), b"v7 contents\n");
    let mut not_tar = archive.clone();
    not_tar[0] ^= 1;
    assert_eq!(detect(&not_tar), None);
}

#[test]
fn gzip_bzip2_xz_zstd_single_and_concatenated() {
    if !crate::test_tools::available(&["7z", "bzip2", "gcab", "python3", "xz", "zstd"]) {
        return;
    }
    let scratch = Scratch::new("compressed");
    let samples = write_samples(&scratch);
    let (text, random) = (&samples[2].1, &samples[1].1);
    python(
        r#"
import gzip
for name, source in (('one.gz', 'dir/c.txt'), ('two.gz', 'b.bin')):
    with open(name, 'wb') as out, gzip.GzipFile(filename='inner-' + source.split('/')[-1], mode='wb', fileobj=out) as z:
        z.write(open(source, 'rb').read())
"#,
        scratch.dir(),
    );
    run("bzip2", &["-k", "dir/c.txt", "b.bin"], scratch.dir());
    run("xz", &["-k", "dir/c.txt", "b.bin"], scratch.dir());
    run("zstd", &["-q", "dir/c.txt", "-o", "one.zst"], scratch.dir());
    run(
        "zstd",
        &["-q", "--no-check", "b.bin", "-o", "two.zst"],
        scratch.dir(),
    );
    let concat = |first: &str, second: &str, between: &[u8]| {
        let mut joined = scratch.read(first);
        joined.extend_from_slice(between);
        joined.extend(scratch.read(second));
        joined
    };
    let mut both = text.clone();
    both.extend_from_slice(random);
    let skippable: &[u8] = b"\x50\x2a\x4d\x18\x03\x00\x00\x00abc";
    let cases: Vec<(Kind, Vec<u8>, &str, Vec<u8>)> = vec![
        (
            Kind::Gzip,
            scratch.read("one.gz"),
            "inner-c.txt",
            text.clone(),
        ),
        (
            Kind::Gzip,
            concat("one.gz", "two.gz", b""),
            "inner-c.txt",
            both.clone(),
        ),
        (Kind::Bzip2, scratch.read("dir/c.txt.bz2"), "", text.clone()),
        (
            Kind::Bzip2,
            concat("dir/c.txt.bz2", "b.bin.bz2", b""),
            "",
            both.clone(),
        ),
        (Kind::Xz, scratch.read("dir/c.txt.xz"), "", text.clone()),
        (
            Kind::Xz,
            concat("dir/c.txt.xz", "b.bin.xz", b""),
            "",
            both.clone(),
        ),
        (Kind::Zstd, scratch.read("one.zst"), "", text.clone()),
        (
            Kind::Zstd,
            concat("one.zst", "two.zst", skippable),
            "",
            both.clone(),
        ),
    ];
    for (kind, data, name, expected) in cases {
        assert_eq!(detect(&data), Some(kind));
        let (seen, problems) = list(kind, &data, &Limits::default());
        assert!(problems.is_empty(), "{kind:?}: {problems:?}");
        assert_eq!(names(&seen), vec![name], "{kind:?}");
        assert_eq!(sha256(data_of(&seen, name)), sha256(&expected), "{kind:?}");
    }
}

#[test]
fn clamav_test_files_yield_clam_exe() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let clam = clam_file("clam.exe");
    for (file, kind, member) in [
        ("clam.zip", Kind::Zip, "clam.exe"),
        ("clam.7z", Kind::SevenZip, "clam.exe"),
        ("clam.cab", Kind::Cab, "clam.exe"),
        ("clam.bz2.zip", Kind::Zip, "clam.exe"),
        ("clam.d64.zip", Kind::Zip, "clam.exe"),
        ("clam.exe.bz2", Kind::Bzip2, ""),
    ] {
        let archive = clam_file(file);
        assert_eq!(detect(&archive), Some(kind), "{file}");
        let (seen, problems) = list(kind, &archive, &Limits::default());
        assert!(problems.is_empty(), "{file}: {problems:?}");
        assert_eq!(data_of(&seen, member), clam.as_slice(), "{file}");
    }
}

#[test]
fn clamav_tar_gz_two_levels() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let clam = clam_file("clam.exe");
    let outer = clam_file("clam.tar.gz");
    assert_eq!(detect(&outer), Some(Kind::Gzip));
    let (seen, problems) = list(Kind::Gzip, &outer, &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(seen.len(), 1);
    let Seen::Data(tar) = &seen[0].seen else {
        panic!("gzip member is {:?}", seen[0].seen);
    };
    assert_eq!(detect(tar), Some(Kind::Tar));
    let (inner, problems) = list(Kind::Tar, tar, &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(data_of(&inner, "clam.exe"), clam.as_slice());
}

#[test]
fn clamav_implode_is_reported_unsupported() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let (seen, problems) = list(Kind::Zip, &clam_file("clam.impl.zip"), &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(names(&seen), vec!["CLAM.EXE"]);
    assert_eq!(seen[0].seen, Seen::Unsupported("implode".to_string()));
}

#[test]
fn detect_rejects_what_is_not_an_archive() {
    for data in [
        &b""[..],
        b"PK",
        b"BZh0",
        b"MZ\x90\x00",
        &[0u8; 1024][..],
        b"\x1f",
    ] {
        assert_eq!(detect(data), None, "{data:?}");
    }
    assert_eq!(detect(b"PK\x05\x06"), Some(Kind::Zip));
    assert_eq!(detect(b"BZh9"), Some(Kind::Bzip2));
}

#[test]
fn zip_empty_and_with_a_spanning_marker() {
    if !crate::test_tools::available(&["python3"]) {
        return;
    }
    let scratch = Scratch::new("zip-marker");
    python(
        r#"
import zipfile
zipfile.ZipFile('empty.zip', 'w').close()
with zipfile.ZipFile('one.zip', 'w') as z:
    z.writestr('inside.txt', b'behind the marker')
open('spanned.zip', 'wb').write(b'PK\x07\x08' + open('one.zip', 'rb').read())
"#,
        scratch.dir(),
    );
    let empty = scratch.read("empty.zip");
    assert_eq!(detect(&empty), Some(Kind::Zip));
    let (seen, problems) = list(Kind::Zip, &empty, &Limits::default());
    assert!(
        seen.is_empty() && problems.is_empty(),
        "{seen:?} {problems:?}"
    );
    let spanned = scratch.read("spanned.zip");
    assert_eq!(detect(&spanned), Some(Kind::Zip));
    let (seen, problems) = list(Kind::Zip, &spanned, &Limits::default());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(data_of(&seen, "inside.txt"), b"behind the marker");
}

#[test]
fn visitor_stop_and_panic() {
    if !crate::test_tools::available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    use super::super::{Budget, Flow, members};
    let archive = clam_file("clam.zip");
    let limits = Limits::default();
    let budget = Budget::new(&limits);
    let mut visited = 0;
    let problems = members(Kind::Zip, &archive, &limits, &budget, &mut |_| {
        visited += 1;
        Flow::Stop
    });
    assert_eq!((visited, problems.len()), (1, 0));
    // A panic in the caller's visitor is the caller's: it is not turned into a problem.
    let caught = std::panic::catch_unwind(|| {
        let budget = Budget::new(&limits);
        members(Kind::Zip, &archive, &limits, &budget, &mut |_| {
            panic!("visitor bug")
        })
    });
    assert!(caught.is_err());
    assert_eq!(Kind::SevenZip.name(), "7z");
    assert_eq!(Kind::Zstd.name(), "zstd");
}
