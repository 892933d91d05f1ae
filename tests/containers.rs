//! Inside containers: archives made by the real tools (Python's zipfile and tarfile, p7zip,
//! gcab, gzip/bzip2/xz/zstd), ClamAV's own test containers (Debian's clamav-testfiles), Office
//! documents, nesting, bombs. Members go through the full analysis and are named with `!`.

mod util;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;
use util::samples::{self, PeSpec, ZipEntry, ZipMethod, build_zip};
use util::test_tools::{self, available};
use util::{Host, Run, installer_pe, md5_hex, scan};

const CLAMAV: &str = "/usr/share/clamav-testfiles";

fn finding(run: &Run, suffix: &str) -> Option<Value> {
    run.of_type("finding")
        .into_iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
}

fn level(run: &Run, suffix: &str) -> Option<String> {
    finding(run, suffix).map(|f| f["level"].as_str().unwrap_or_default().to_string())
}

#[test]
fn a_nested_zip_s_loader_is_flagged_with_its_full_member_path() {
    let host = Host::new();
    let inner = build_zip(&[
        ZipEntry::new(
            "setup/update_helper.dll",
            installer_pe(),
            ZipMethod::Deflated,
        ),
        ZipEntry::new(
            "setup/readme.txt",
            b"install me".to_vec(),
            ZipMethod::Deflated,
        ),
    ]);
    let outer = build_zip(&[
        ZipEntry::new("tools.zip", inner, ZipMethod::Stored),
        ZipEntry::new("notes.txt", b"see tools".to_vec(), ZipMethod::Deflated),
    ]);
    let zip = host.write("Users/bob/Downloads/outer.zip", &outer);
    let run = scan(&[host.root()], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let member = finding(&run, "outer.zip!tools.zip!setup/update_helper.dll")
        .unwrap_or_else(|| panic!("the loader inside: {}", run.stdout));
    assert_eq!(member["level"], "alert");
    assert_eq!(member["file_type"], "pe");
    // Both containers are flagged for what they hold.
    assert_eq!(level(&run, "outer.zip!tools.zip").as_deref(), Some("alert"));
    let outer_finding = finding(&run, "Downloads/outer.zip").expect("the outer zip");
    assert!(
        outer_finding["reasons"]
            .as_array()
            .expect("reasons")
            .iter()
            .any(|r| r["kind"] == "member"),
        "{outer_finding}"
    );
    assert_eq!(
        outer_finding["md5"],
        md5_hex(&std::fs::read(&zip).expect("zip"))
    );
    let summary = run.summary();
    assert_eq!(summary["files_scanned"], 1);
    // tools.zip, notes.txt, and the two files inside tools.zip.
    assert_eq!(summary["members_scanned"], 4);
    util::assert_reads_back(&run.stdout);
}

#[test]
fn a_zip_of_benign_dlls_stays_below_warning() {
    let host = Host::new();
    let dll = samples::build_pe(&PeSpec {
        dll: true,
        ..PeSpec::default()
    });
    let entries: Vec<ZipEntry> = (0..20)
        .map(|i| {
            ZipEntry::new(
                &format!("lib/module{i}.dll"),
                dll.clone(),
                ZipMethod::Deflated,
            )
        })
        .collect();
    host.write("opt/vendor/libs.zip", &build_zip(&entries));
    let run = scan(&[host.root()], &[]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert_eq!(run.summary()["members_scanned"], 20);
}

/// Runs a tool in `dir`.
fn tool_in(dir: &Path, program: &str, args: &[&str]) {
    let output = test_tools::command(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn members_of_every_tool_made_format_are_analysed() {
    if !available(&["7z", "gcab", "gzip", "bzip2", "xz", "zstd", "python3"]) {
        return;
    }
    let work = Host::new();
    let payload = installer_pe();
    let src = work.write("src/payload.exe", &payload);
    let src_dir = src.parent().expect("dir").to_path_buf();
    let out = work.path("out");
    std::fs::create_dir_all(&out).expect("out dir");
    let o = |name: &str| out.join(name).to_string_lossy().into_owned();
    tool_in(
        &src_dir,
        "7z",
        &["a", "-bd", "-y", &o("p.7z"), "payload.exe"],
    );
    tool_in(&src_dir, "gcab", &["-c", "-z", &o("p.cab"), "payload.exe"]);
    for (program, extension) in [
        ("gzip", "gz"),
        ("bzip2", "bz2"),
        ("xz", "xz"),
        ("zstd", "zst"),
    ] {
        let output = test_tools::command(program)
            .args(["-c", src.to_str().expect("UTF-8")])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        assert!(output.status.success(), "{program}");
        std::fs::write(out.join(format!("payload.exe.{extension}")), output.stdout).expect("write");
    }
    let script = format!(
        "import zipfile, tarfile\n\
         zipfile.ZipFile({zip:?}, 'w', zipfile.ZIP_DEFLATED).write('payload.exe')\n\
         with tarfile.open({tgz:?}, 'w:gz') as t: t.add('payload.exe')\n",
        zip = o("p.zip"),
        tgz = o("p.tar.gz"),
    );
    tool_in(&src_dir, "python3", &["-c", &script]);
    std::fs::remove_file(&src).expect("remove the source");

    let run = scan(&[&out], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for member in [
        "p.7z!payload.exe",
        "p.cab!payload.exe",
        "p.zip!payload.exe",
        "p.tar.gz!p.tar!payload.exe",
        "payload.exe.gz!payload.exe",
        "payload.exe.bz2!",
        "payload.exe.xz!",
        "payload.exe.zst!",
    ] {
        assert_eq!(
            level(&run, member).as_deref(),
            Some("alert"),
            "{member}: {}",
            run.stdout
        );
    }
}

/// ClamAV's test program, and the formats Debian's clamav-testfiles wrap it in.
#[test]
fn clam_exe_is_found_inside_every_clamav_test_container() {
    if !available(&["/usr/share/clamav-testfiles/clam.exe"]) {
        return;
    }
    let clam = std::fs::read(Path::new(CLAMAV).join("clam.exe")).expect("clam.exe");
    let iocs = Host::new();
    let ioc_file = iocs.write(
        "clam.txt",
        format!("{};90;ClamAV test file\n", md5_hex(&clam)).as_bytes(),
    );
    let host = Host::new();
    let containers = [
        "clam.zip",
        "clam.7z",
        "clam.cab",
        "clam.tar.gz",
        "clam.exe.bz2",
        "clam.bz2.zip",
        "clam.d64.zip",
        "clam.ole.doc",
        "clam.exe.rtf",
        "clam.ppt",
    ];
    for name in containers {
        let bytes = std::fs::read(Path::new(CLAMAV).join(name)).expect("test file");
        host.write(name, &bytes);
    }
    let run = scan(
        &[host.root()],
        &["--iocs", ioc_file.to_str().expect("UTF-8")],
    );
    for name in containers {
        let member = run
            .of_type("finding")
            .into_iter()
            .find(|f| {
                f["path"]
                    .as_str()
                    .is_some_and(|p| p.contains(&format!("/{name}!")))
                    && f["md5"] == md5_hex(&clam)
            })
            .unwrap_or_else(|| panic!("clam.exe inside {name}: {}", run.stdout));
        assert!(
            matches!(member["level"].as_str(), Some("alert" | "warning")),
            "{member}"
        );
        assert!(level(&run, &format!("/{name}")).is_some(), "{name} itself");
    }
    util::assert_reads_back(&run.stdout);
}

#[test]
fn an_implode_zip_and_an_encrypted_zip_are_reported_not_scanned() {
    if !available(&["7z"]) {
        return;
    }
    let host = Host::new();
    let implode = Path::new(CLAMAV).join("clam.impl.zip");
    if implode.is_file() {
        host.write("a/clam.impl.zip", &std::fs::read(&implode).expect("read"));
    }
    let src = host.write("b/secret.exe", &installer_pe());
    let dir = src.parent().expect("dir").to_path_buf();
    tool_in(
        &dir,
        "7z",
        &[
            "a",
            "-bd",
            "-y",
            "-psecret",
            "-tzip",
            "locked.zip",
            "secret.exe",
        ],
    );
    std::fs::remove_file(&src).expect("remove");
    tool_in(
        &dir,
        "7z",
        &[
            "a",
            "-bd",
            "-y",
            "-pinfected",
            "-tzip",
            "sample.zip",
            "../a",
        ],
    );
    let run = scan(&[host.root()], &[]);
    let skipped = run.of_type("skipped");
    let details: Vec<String> = skipped
        .iter()
        .map(|s| format!("{} {}", s["path"], s["detail"]))
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d.contains("locked.zip!secret.exe") && d.contains("encrypted")),
        "{details:#?}"
    );
    if implode.is_file() {
        assert!(
            details
                .iter()
                .any(|d| d.contains("clam.impl.zip!") && d.contains("cannot expand")),
            "{details:#?}"
        );
        // The sample zipped with `infected` is opened with the default password.
        assert!(
            run.stdout.contains("sample.zip!a/clam.impl.zip"),
            "{}",
            run.stdout
        );
    }
}

/// A zip holding 2 GiB of zeros in one member, deflated (about 2 MB), built without holding
/// the 2 GiB: one fully flushed deflate block of 1 MiB of zeros, repeated.
fn zip_bomb(path: &Path) {
    use flate2::{Compress, Compression, FlushCompress};
    let zeros = vec![0u8; 1 << 20];
    let mut compress = Compress::new(Compression::best(), false);
    let mut block = Vec::with_capacity(1 << 16);
    compress
        .compress_vec(&zeros, &mut block, FlushCompress::Full)
        .expect("deflate");
    let mut end = Vec::with_capacity(64);
    compress
        .compress_vec(&[], &mut end, FlushCompress::Finish)
        .expect("deflate end");
    let repeats: u32 = 2048;
    let size = u64::from(repeats) << 20;
    let mut crc = flate2::Crc::new();
    for _ in 0..repeats {
        crc.update(&zeros);
    }
    let crc = crc.sum();
    let compressed = block.len() as u64 * u64::from(repeats) + end.len() as u64;
    let name = b"zeros.bin";
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let header = |signature: u32, central: bool| {
        let mut h = Vec::new();
        h.extend(signature.to_le_bytes());
        if central {
            h.extend(20u16.to_le_bytes());
        }
        h.extend(20u16.to_le_bytes()); // version needed
        h.extend(0u16.to_le_bytes()); // flags
        h.extend(8u16.to_le_bytes()); // deflate
        h.extend(0u32.to_le_bytes()); // time, date
        h.extend(crc.to_le_bytes());
        h.extend((compressed as u32).to_le_bytes());
        h.extend((size as u32).to_le_bytes());
        h.extend((name.len() as u16).to_le_bytes());
        h.extend(0u16.to_le_bytes()); // extra
        if central {
            h.extend([0u8; 10]); // comment length, disk, internal and external attributes
            h.extend(0u32.to_le_bytes()); // local header offset
        }
        h.extend(name);
        h
    };
    let local = header(0x0403_4B50, false);
    file.write_all(&local).expect("write");
    for _ in 0..repeats {
        file.write_all(&block).expect("write");
    }
    file.write_all(&end).expect("write");
    let central = header(0x0201_4B50, true);
    file.write_all(&central).expect("write");
    let mut eocd = Vec::new();
    eocd.extend(0x0605_4B50u32.to_le_bytes());
    eocd.extend([0u8; 4]);
    eocd.extend(1u16.to_le_bytes());
    eocd.extend(1u16.to_le_bytes());
    eocd.extend((central.len() as u32).to_le_bytes());
    eocd.extend(((local.len() as u64 + compressed) as u32).to_le_bytes());
    eocd.extend(0u16.to_le_bytes());
    file.write_all(&eocd).expect("write");
}

#[test]
fn a_two_gib_zip_bomb_is_bounded_and_reported() {
    let host = Host::new();
    let bomb: PathBuf = host.path("bomb.zip");
    zip_bomb(&bomb);
    assert!(std::fs::metadata(&bomb).expect("bomb").len() < 8 << 20);
    let started = std::time::Instant::now();
    let run = scan(&[host.root()], &["--archive-max-bytes", "256M"]);
    let elapsed = started.elapsed();
    let errors = run.of_type("error");
    assert!(
        errors.iter().any(
            |e| e["path"].as_str().is_some_and(|p| p.ends_with("bomb.zip"))
                && e["message"].as_str().is_some_and(|m| m.contains("limit"))
        ),
        "{}",
        run.stdout
    );
    assert!(
        errors.iter().any(|e| e["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("bomb.zip!zeros.bin"))),
        "{}",
        run.stdout
    );
    // Not a timing assertion: a bound far above any honest run, so a bomb that expands
    // without limit fails instead of passing slowly.
    assert!(elapsed.as_secs() < 100, "{elapsed:?}");
}

#[test]
fn a_deeply_nested_zip_stops_at_the_depth_limit_and_says_so() {
    let host = Host::new();
    let mut data = installer_pe();
    let mut name = "payload.dll".to_string();
    for level in 0..8 {
        data = build_zip(&[ZipEntry::new(&name, data, ZipMethod::Stored)]);
        name = format!("level{level}.zip");
    }
    host.write(&name, &data);
    let run = scan(&[host.root()], &["--archive-depth", "3"]);
    let errors = run.of_type("error");
    assert!(
        errors.iter().any(|e| e["message"]
            .as_str()
            .is_some_and(|m| m.contains("nested deeper than 3"))),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("payload.dll\""),
        "the payload is 9 levels down"
    );
}

#[test]
fn office_documents_remote_templates_and_local_templates() {
    let host = Host::new();
    let remote =
        samples::settings_rels_xml("https://templates.example.test/Boeing_AERO_GS.dotm", true);
    let local = samples::settings_rels_xml(
        r"file:///C:\Users\engineer\AppData\Roaming\Microsoft\Templates\Normal.dotm",
        true,
    );
    host.write(
        "Users/a/Downloads/lure.docx",
        &samples::docx_with_settings_rels(&remote, ZipMethod::Deflated),
    );
    host.write(
        "Users/a/Documents/ordinary.docx",
        &samples::docx_with_settings_rels(&local, ZipMethod::Deflated),
    );
    let run = scan(&[host.root()], &[]);
    assert_eq!(
        level(&run, "Downloads/lure.docx").as_deref(),
        Some("alert"),
        "{}",
        run.stdout
    );
    assert_eq!(
        level(&run, "lure.docx!word/_rels/settings.xml.rels").as_deref(),
        Some("alert")
    );
    assert!(finding(&run, "ordinary.docx").is_none(), "{}", run.stdout);
}
