//! Mach-O binaries and `needle inspect`: thin and universal binaries (x86-64 and arm64) built
//! here, their architectures, dylibs, minimum OS and code signatures (ad hoc or with a
//! certificate, team, entitlements) reported; the anomalies of a macOS program flagged in a
//! scan; hostile Mach-O bytes give notes, never a crash; and `inspect` shows every object of a
//! tree (members of archives included) without scoring it.

mod util;

use serde_json::Value;
use util::macho::{
    MH_BUNDLE, MH_DYLIB, MachoCpu, MachoSignature, MachoSpec, build_macho, build_universal,
};
use util::samples::{ZipEntry, ZipMethod, build_zip};
use util::{Host, Run, needle, sha256_hex};

const ENTITLEMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>com.apple.security.cs.disable-library-validation</key><true/>
<key>com.apple.security.cs.allow-jit</key><false/>
<key>com.apple.security.network.client</key><true/>
</dict></plist>"#;

fn signed_app(cpu: MachoCpu) -> Vec<u8> {
    build_macho(&MachoSpec {
        cpu,
        dylibs: vec![
            "/usr/lib/libSystem.B.dylib",
            "/System/Library/Frameworks/Foundation.framework/Versions/C/Foundation",
        ],
        rpaths: vec!["@executable_path/../Frameworks"],
        min_macos: (11, 0),
        signature: Some(MachoSignature {
            identifier: "com.example.tradingapp",
            team_id: Some("ABCDE12345"),
            ad_hoc: false,
            entitlements: Some(ENTITLEMENTS.to_string()),
        }),
        ..MachoSpec::default()
    })
}

fn inspect_json(paths: &[&std::path::Path]) -> (Run, Vec<Value>) {
    let mut args = vec!["inspect".to_string(), "--format".into(), "json".into()];
    args.extend(paths.iter().map(|p| p.to_str().expect("UTF-8").to_string()));
    let run = needle(args);
    let records: Vec<Value> = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("inspect --format json is one array: {e}\n{}", run.stdout));
    (run, records)
}

fn object<'a>(records: &'a [Value], suffix: &str) -> &'a Value {
    records
        .iter()
        .find(|r| r["type"] == "object" && r["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
        .unwrap_or_else(|| panic!("no object for {suffix}: {records:#?}"))
}

#[test]
fn a_universal_binary_reports_both_architectures_and_their_signatures() {
    let host = Host::new();
    let universal = build_universal(&[
        (MachoCpu::X86_64, signed_app(MachoCpu::X86_64)),
        (MachoCpu::Arm64, signed_app(MachoCpu::Arm64)),
    ]);
    let path = host.write("Applications/Trader.app/Contents/MacOS/Trader", &universal);
    let (run, records) = inspect_json(&[&path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let trader = object(&records, "MacOS/Trader");
    assert_eq!(trader["file_type"], "mach_o");
    assert_eq!(trader["sha256"], sha256_hex(&universal));
    let binary = &trader["binary"];
    assert_eq!(binary["format"], "mach_o");
    assert_eq!(binary["universal"], true);
    let arches = binary["architectures"].as_array().expect("architectures");
    let cpus: Vec<&str> = arches
        .iter()
        .map(|a| a["cpu"].as_str().expect("cpu"))
        .collect();
    assert_eq!(cpus, ["x86_64", "arm64"]);
    for arch in arches {
        assert_eq!(arch["file_type"], "execute");
        assert_eq!(arch["pie"], true);
        assert_eq!(arch["min_os"], "macos 11.0");
        assert_eq!(
            arch["dylibs"],
            serde_json::json!([
                "/usr/lib/libSystem.B.dylib",
                "/System/Library/Frameworks/Foundation.framework/Versions/C/Foundation"
            ])
        );
        assert_eq!(
            arch["rpaths"],
            serde_json::json!(["@executable_path/../Frameworks"])
        );
        let signature = &arch["code_signature"];
        assert_eq!(signature["identifier"], "com.example.tradingapp");
        assert_eq!(signature["team_id"], "ABCDE12345");
        assert_eq!(signature["ad_hoc"], false);
        // The entitlement set to false is not granted.
        assert_eq!(
            signature["entitlements"],
            serde_json::json!([
                "com.apple.security.cs.disable-library-validation",
                "com.apple.security.network.client"
            ])
        );
    }

    // The text view says the same, one line per architecture.
    let run = needle(["inspect", path.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 0);
    for cpu in ["x86_64", "arm64"] {
        assert!(
            run.stdout.contains(&format!(
                "{cpu}: {cpu} execute, macos 11.0, signed (team ABCDE12345, identifier \
                 com.example.tradingapp), 2 entitlements"
            )),
            "{}",
            run.stdout
        );
    }
    assert!(
        run.stdout
            .contains("type mach_o (universal Mach-O: x86_64 execute")
    );
    assert!(
        run.stdout
            .contains("  entitlement com.apple.security.network.client")
    );
}

#[test]
fn thin_arm64_dylibs_bundles_ad_hoc_and_unsigned_binaries_are_told_apart() {
    let host = Host::new();
    let ad_hoc = host.write(
        "lib/libhelper.dylib",
        &build_macho(&MachoSpec {
            cpu: MachoCpu::Arm64,
            file_type: MH_DYLIB,
            signature: Some(MachoSignature {
                identifier: "libhelper",
                team_id: None,
                ad_hoc: true,
                entitlements: None,
            }),
            ..MachoSpec::default()
        }),
    );
    let unsigned = host.write(
        "plugins/Plugin.bundle",
        &build_macho(&MachoSpec {
            file_type: MH_BUNDLE,
            ..MachoSpec::default()
        }),
    );
    let (run, records) = inspect_json(&[&ad_hoc, &unsigned]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let dylib = &object(&records, "libhelper.dylib")["binary"];
    assert_eq!(dylib["universal"], false);
    let arch = &dylib["architectures"][0];
    assert_eq!(arch["cpu"], "arm64");
    assert_eq!(arch["file_type"], "dylib");
    assert_eq!(arch["pie"], false);
    assert_eq!(arch["code_signature"]["ad_hoc"], true);
    assert_eq!(arch["code_signature"]["identifier"], "libhelper");
    assert!(arch["code_signature"].get("team_id").is_none());
    let bundle = &object(&records, "Plugin.bundle")["binary"]["architectures"][0];
    assert_eq!(bundle["file_type"], "bundle");
    assert!(bundle.get("code_signature").is_none(), "unsigned: {bundle}");
}

#[test]
fn a_macos_program_disguised_as_a_document_loading_code_from_tmp_is_flagged() {
    let host = Host::new();
    host.write(
        "Users/alice/Downloads/invoice.pdf",
        &build_macho(&MachoSpec {
            dylibs: vec!["/usr/lib/libSystem.B.dylib", "/private/tmp/.helper.dylib"],
            ..MachoSpec::default()
        }),
    );
    // The same program where programs live is not.
    host.write(
        "Applications/Tool.app/Contents/MacOS/Tool",
        &build_macho(&MachoSpec::default()),
    );
    let run = util::scan(&[host.root()], &[]);
    assert_eq!(
        run.code, 0,
        "notices do not change the verdict: {}",
        run.stderr
    );
    let finding = run.finding("Downloads/invoice.pdf");
    assert_eq!(finding["level"], "notice");
    let ids: Vec<&str> = finding["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        ["macho_disguised_extension", "macho_writable_library_path"]
    );
    assert_eq!(
        finding["reasons"][1]["evidence"],
        serde_json::json!(["/private/tmp/.helper.dylib"])
    );
    assert!(!run.has_finding("MacOS/Tool"));
}

#[test]
fn hostile_macho_bytes_give_notes_and_java_classes_are_not_macho() {
    let host = Host::new();
    let good = build_macho(&MachoSpec::default());
    let truncated = host.write("truncated", &good[..300]);
    let mut fat = vec![0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 3];
    fat.extend_from_slice(&[0xff; 64]);
    let bad_fat = host.write("bad-fat", &fat);
    let mut signature_damaged = build_macho(&MachoSpec {
        signature: Some(MachoSignature {
            identifier: "x",
            team_id: Some("T"),
            ad_hoc: false,
            entitlements: Some("<plist><dict>".repeat(40)),
        }),
        ..MachoSpec::default()
    });
    let end = signature_damaged.len();
    // Blob offsets pointing past the end.
    signature_damaged[end - 40..].fill(0xff);
    let damaged = host.write("damaged-signature", &signature_damaged);
    // The fuzzer's goblin overflow: an entry offset that wraps past __TEXT's base. The binary
    // keeps its facts (goblin wraps the entry point as dyld would); the suite's release build
    // has no overflow checks in goblin, so the panic itself is replayed by the fuzz target,
    // whose seeds hold the input it found (fuzz/corpus/binary/goblin-lc-main-overflow).
    let mut wrapping_entry = build_macho(&MachoSpec::default());
    let lc_main = wrapping_entry
        .windows(8)
        .position(|w| w == [0x28, 0, 0, 0x80, 24, 0, 0, 0])
        .expect("an executable has LC_MAIN");
    wrapping_entry[lc_main + 8..lc_main + 16].fill(0xff);
    let wrapping_entry = host.write("wrapping-entry", &wrapping_entry);
    let class = host.write(
        "Main.class",
        b"\xca\xfe\xba\xbe\x00\x00\x00\x34rest of a class",
    );
    let (run, records) = inspect_json(&[&truncated, &bad_fat, &damaged, &wrapping_entry, &class]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let truncated = object(&records, "/truncated");
    assert!(truncated.get("binary").is_none());
    assert!(
        truncated["notes"][0]
            .as_str()
            .is_some_and(|n| n.starts_with("malformed Mach-O")),
        "{truncated}"
    );
    assert!(object(&records, "/bad-fat").get("binary").is_none());
    let damaged = object(&records, "/damaged-signature");
    assert_eq!(damaged["binary"]["architectures"][0]["cpu"], "x86_64");
    let wrapping_entry = object(&records, "/wrapping-entry");
    assert_eq!(
        wrapping_entry["binary"]["architectures"][0]["dylibs"][0], "/usr/lib/libSystem.B.dylib",
        "{wrapping_entry}"
    );
    assert!(wrapping_entry.get("notes").is_none(), "{wrapping_entry}");
    assert_eq!(object(&records, "Main.class")["file_type"], "unknown");
}

#[test]
fn inspect_lists_every_object_of_a_tree_with_the_members_of_its_archives() {
    let host = Host::new();
    let tool = build_macho(&MachoSpec::default());
    host.write(
        "Downloads/bundle.zip",
        &build_zip(&[
            ZipEntry::new("Tool", tool.clone(), ZipMethod::Deflated),
            ZipEntry::new("readme.txt", b"read me".to_vec(), ZipMethod::Stored),
        ]),
    );
    host.write("notes.txt", b"plain");
    let (run, records) = inspect_json(&[host.root()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let member = object(&records, "bundle.zip!Tool");
    assert_eq!(member["sha256"], sha256_hex(&tool));
    assert_eq!(member["binary"]["architectures"][0]["cpu"], "x86_64");
    object(&records, "bundle.zip!readme.txt");
    object(&records, "Downloads/bundle.zip");
    object(&records, "/notes.txt");
    assert!(
        records
            .iter()
            .all(|r| r.get("score").is_none() && r["type"] != "finding"),
        "inspect scores nothing: {records:#?}"
    );
    // Every object gets the three digests, flagged or not.
    assert!(member["md5"].as_str().is_some_and(|h| h.len() == 32));
    assert!(member["sha1"].as_str().is_some_and(|h| h.len() == 40));
}

/// The samples are real Mach-O files: LLVM's otool and lipo (an independent reader) see the
/// architectures, dylibs, rpaths and signature needle reports.
#[test]
fn llvm_reads_the_samples_as_needle_does() {
    if !util::test_tools::available(&["llvm-otool-14", "llvm-lipo-14"]) {
        return;
    }
    let host = Host::new();
    let universal = host.write(
        "Trader",
        &build_universal(&[
            (MachoCpu::X86_64, signed_app(MachoCpu::X86_64)),
            (MachoCpu::Arm64, signed_app(MachoCpu::Arm64)),
        ]),
    );
    let path = universal.to_str().expect("UTF-8");
    let lipo = util::test_tools::command("llvm-lipo-14")
        .args(["-archs", path])
        .output()
        .expect("llvm-lipo runs");
    assert_eq!(String::from_utf8_lossy(&lipo.stdout).trim(), "x86_64 arm64");
    let otool = util::test_tools::command("llvm-otool-14")
        .args(["-arch", "arm64", "-l", "-L", path])
        .output()
        .expect("llvm-otool runs");
    let listing = String::from_utf8_lossy(&otool.stdout);
    assert!(otool.status.success(), "{listing}");
    for expected in [
        "/usr/lib/libSystem.B.dylib (compatibility version 1.0.0",
        "/System/Library/Frameworks/Foundation.framework/Versions/C/Foundation",
        "path @executable_path/../Frameworks",
        "cmd LC_CODE_SIGNATURE",
        "cmd LC_BUILD_VERSION",
        "minos 11.0",
    ] {
        assert!(listing.contains(expected), "{expected} in\n{listing}");
    }
}
