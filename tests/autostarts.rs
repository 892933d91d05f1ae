//! Persistence artifacts: registry hives written by hivex (the real registry library), shortcuts
//! written by pylnk3, scheduled tasks in the Task Scheduler schema, and Linux cron and systemd
//! files. A Windows tree whose only traces are a service, a registry value, a Run value, a
//! Startup shortcut and a task gets each one flagged, in the tree and inside a disk image; a
//! Linux tree whose cron line and unit start flagged binaries gets them flagged; the benign
//! twins stay below warning.

mod util;

use std::path::PathBuf;

use serde_json::{Value, json};
use util::images::{self, Partition};
use util::samples::{self, ElfSpec, PeSpec};
use util::test_tools::{self, available, python_modules};
use util::{Host, Run, installer_pe, needle, scan};

/// The tools the fixtures are built with.
fn tools_present() -> bool {
    available(&["python3", "pylnk3"]) && python_modules(&["hivex", "pylnk3"])
}

/// Writes a hive with hivex from a JSON spec (tests/tools/make_hive.py).
fn hive(host: &Host, relative: &str, spec: Value) -> PathBuf {
    let path = host.path(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("hive directory");
    let spec_path = host.path(&format!("{relative}.spec.json"));
    std::fs::write(&spec_path, spec.to_string()).expect("write the spec");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/make_hive.py");
    let out = path.to_str().expect("UTF-8");
    test_tools::run(
        "python3",
        &[script, out, spec_path.to_str().expect("UTF-8")],
        &[0],
    );
    std::fs::remove_file(&spec_path).expect("remove the spec");
    path
}

/// Writes a shortcut with pylnk3.
fn shortcut(host: &Host, relative: &str, target: &str, arguments: &str) {
    let path = host.path(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("shortcut directory");
    let mut args = vec!["c", target, path.to_str().expect("UTF-8")];
    if !arguments.is_empty() {
        args.extend(["-a", arguments]);
    }
    test_tools::run("pylnk3", &args, &[0]);
}

/// A scheduled task definition, UTF-16LE with a BOM as Windows writes them.
fn task(host: &Host, relative: &str, uri: &str, command: &str, arguments: &str) {
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo><URI>{uri}</URI></RegistrationInfo>
  <Triggers><CalendarTrigger><StartBoundary>2020-05-21T10:00:00</StartBoundary></CalendarTrigger></Triggers>
  <Principals><Principal id="Author"><UserId>S-1-5-18</UserId></Principal></Principals>
  <Settings><Enabled>true</Enabled><Hidden>false</Hidden></Settings>
  <Actions Context="Author"><Exec><Command>{command}</Command><Arguments>{arguments}</Arguments></Exec></Actions>
</Task>
"#
    );
    let mut bytes = vec![0xff, 0xfe];
    bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    host.write(relative, &bytes);
}

/// A Windows drive whose only traces of ThreatNeedle are its autostarts, with benign twins.
fn windows_tree() -> Host {
    let host = Host::new();
    let benign_pe = samples::build_pe(&PeSpec::default());
    for file in [
        "Windows/System32/svchost.exe",
        "Windows/System32/dnsrslvr.dll",
        "Windows/System32/SecurityHealthSystray.exe",
        "Windows/System32/rundll32.exe",
        "Windows/System32/defrag.exe",
        "Users/alice/AppData/Local/slack/slack.exe",
    ] {
        host.write(file, &benign_pe);
    }
    // The backdoor the Run value starts: flagged by its content, under an innocent name.
    host.write(
        "Users/alice/AppData/Roaming/Microsoft/Windows/update.exe",
        &installer_pe(),
    );
    hive(
        &host,
        "Windows/System32/config/SYSTEM",
        json!({
            "name": r"\SystemRoot\System32\Config\SYSTEM",
            "keys": {
                "Select": {"values": {"Current": ["dword", 1]}},
                r"ControlSet001\Services\WmdmPmSp": {"values": {
                    "ImagePath": ["expand_sz", r"%SystemRoot%\System32\svchost.exe -k netsvcs"],
                    "Start": ["dword", 2], "Type": ["dword", 32]}},
                r"ControlSet001\Services\WmdmPmSp\Parameters": {"values": {
                    "ServiceDll": ["expand_sz", r"%SystemRoot%\System32\WmdmPmSp.sys"]}},
                r"ControlSet001\Services\Dnscache": {"values": {
                    "ImagePath": ["expand_sz", r"%SystemRoot%\system32\svchost.exe -k NetworkService -p"],
                    "Start": ["dword", 2], "Type": ["dword", 32]}},
                r"ControlSet001\Services\Dnscache\Parameters": {"values": {
                    "ServiceDll": ["expand_sz", r"%SystemRoot%\System32\dnsrslvr.dll"]}}
            }
        }),
    );
    hive(
        &host,
        "Windows/System32/config/SOFTWARE",
        json!({
            "name": r"\SystemRoot\System32\Config\SOFTWARE",
            "keys": {
                r"Microsoft\Windows\CurrentVersion\GameConfig": {"values": {
                    "Description": ["binary", "8f3a5c0011d2e4b7a9"]}},
                r"Microsoft\Windows\CurrentVersion\Run": {"values": {
                    "SecurityHealth": ["expand_sz", r"%windir%\system32\SecurityHealthSystray.exe"]}},
                r"Microsoft\Windows NT\CurrentVersion\Winlogon": {"values": {
                    "Userinit": ["sz", r"C:\Windows\system32\userinit.exe,"]}}
            }
        }),
    );
    hive(
        &host,
        "Users/alice/NTUSER.DAT",
        json!({
            "name": r"\??\C:\Users\alice\ntuser.dat",
            "keys": {
                r"Software\Microsoft\Windows\CurrentVersion\Run": {"values": {
                    "Updater": ["expand_sz", r"%APPDATA%\Microsoft\Windows\update.exe"],
                    "com.squirrel.slack.slack": ["sz", r#""C:\Users\alice\AppData\Local\slack\slack.exe" --process-start-args --startup"#]}},
                "Environment": {"values": {"TEMP": ["expand_sz", r"%USERPROFILE%\AppData\Local\Temp"]}}
            }
        }),
    );
    let startup = "Users/alice/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup";
    shortcut(
        &host,
        &format!("{startup}/OneNote Helper.lnk"),
        r"C:\Windows\System32\rundll32.exe",
        r"C:\ProgramData\Microsoft\MSDN\msdn.bin,Start 7486513879852",
    );
    shortcut(
        &host,
        &format!("{startup}/Slack.lnk"),
        r"C:\Users\alice\AppData\Local\slack\slack.exe",
        "",
    );
    task(
        &host,
        "Windows/System32/Tasks/Microsoft/Windows/Defrag/ScheduledDefrag",
        r"\Microsoft\Windows\Defrag\ScheduledDefrag",
        r"%windir%\system32\defrag.exe",
        "-c -h -o -$",
    );
    task(
        &host,
        "Windows/System32/Tasks/PerfLog Uploader",
        r"\PerfLog Uploader",
        r"C:\PerfLogs\log.bin",
        "-s",
    );
    host
}

/// The finding whose path ends with `suffix`, and its level.
fn level_of(run: &Run, suffix: &str) -> Option<String> {
    run.of_type("finding")
        .into_iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
        .map(|f| f["level"].as_str().unwrap_or_default().to_string())
}

/// The autostart record whose path ends with `suffix` (and, for several entries of one file,
/// whose command contains `command`).
fn autostart(run: &Run, suffix: &str, command: &str) -> Value {
    let found: Vec<Value> = run
        .of_type("autostart")
        .into_iter()
        .filter(|a| a["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
        .filter(|a| a["command"].as_str().is_some_and(|c| c.contains(command)))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "autostart {suffix} {command}:\n{}",
        run.stdout
    );
    found.into_iter().next().expect("checked")
}

fn score(record: &Value) -> i64 {
    record["score"].as_i64().expect("score")
}

/// The Windows footprints, as named in `run` (`drive` is how the drive's paths start).
fn assert_windows_footprints(run: &Run) {
    // The service: a .sys ServiceDll named like ThreatNeedle's, its file gone.
    let service = autostart(run, r"Services\WmdmPmSp\Parameters\ServiceDll", "");
    assert_eq!(service["kind"], "service");
    assert!(
        service["target"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with(r"\Windows\System32\WmdmPmSp.sys")),
        "{service}"
    );
    assert_eq!(service["target"]["status"], "missing");
    assert_eq!(service["level"], "alert", "{service}");
    let ids: Vec<&str> = service["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"service_dll_not_dll"), "{ids:?}");
    assert!(ids.contains(&"target_missing"), "{ids:?}");
    assert_eq!(
        level_of(run, r"Services\WmdmPmSp\Parameters\ServiceDll").as_deref(),
        Some("alert")
    );

    // The configuration value: a registry indicator.
    let config = level_of(
        run,
        r"config\SOFTWARE!Microsoft\Windows\CurrentVersion\GameConfig\Description",
    )
    .or_else(|| {
        level_of(
            run,
            "config/SOFTWARE!Microsoft\\Windows\\CurrentVersion\\GameConfig\\Description",
        )
    });
    assert_eq!(config.as_deref(), Some("alert"), "{}", run.stdout);

    // The Run value starting a file needle flags by content.
    let updater = autostart(run, r"CurrentVersion\Run\Updater", "");
    assert_eq!(updater["target"]["status"], "found");
    let ids: Vec<&str> = updater["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&"target_flagged"), "{updater}");
    assert_eq!(updater["level"], "alert");
    assert_eq!(updater["user"], "alice");

    // The benign-named shortcut running the installer through rundll32.
    let helper = autostart(run, "OneNote Helper.lnk", "");
    assert_eq!(helper["kind"], "startup_shortcut");
    assert!(
        helper["target"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with(r"\ProgramData\Microsoft\MSDN\msdn.bin")),
        "{helper}"
    );
    assert_eq!(helper["level"], "alert", "{helper}");

    // The task running the installer from PerfLogs.
    let uploader = autostart(run, "PerfLog Uploader", "");
    assert_eq!(uploader["kind"], "scheduled_task");
    assert_eq!(uploader["level"], "alert", "{uploader}");

    // The benign twins stay below warning.
    for (suffix, command) in [
        (r"Services\Dnscache\Parameters\ServiceDll", ""),
        (r"CurrentVersion\Run\SecurityHealth", ""),
        (r"CurrentVersion\Run\com.squirrel.slack.slack", ""),
        ("Slack.lnk", ""),
        ("ScheduledDefrag", ""),
        (r"Winlogon\Userinit", "userinit.exe"),
    ] {
        let record = autostart(run, suffix, command);
        assert!(score(&record) < 60, "{suffix}: {record}");
        assert!(
            record.get("level").is_none() || record["level"] == "notice",
            "{record}"
        );
    }
}

#[test]
fn a_windows_tree_gets_every_autostart_footprint_flagged_and_the_twins_left_alone() {
    if !tools_present() {
        return;
    }
    let host = windows_tree();
    let run = scan(&[host.root()], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_windows_footprints(&run);
    // Two services, three Run values, Userinit, two shortcuts, two tasks.
    assert_eq!(run.summary()["autostarts"], 10);
    util::assert_reads_back(&run.stdout);

    // Hives are read whole above --max-size (SOFTWARE often is larger than the default).
    let small = scan(&[host.root()], &["--max-size", "8K"]);
    assert_windows_footprints(&small);
}

#[test]
fn the_same_windows_drive_inside_a_disk_image_gets_the_same_footprints_flagged() {
    if !tools_present() || !available(&["mkfs.fat", "mcopy", "sgdisk"]) {
        return;
    }
    let host = windows_tree();
    let work = Host::new();
    let fat = work.path("windows.img");
    images::fat_image(host.root(), &fat, 24);
    let raw = work.path("disk.raw");
    images::gpt_disk(
        &raw,
        &[Partition {
            content: &fat,
            type_code: "0700",
            name: "Windows",
        }],
    );
    let run = scan(&[&raw], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_windows_footprints(&run);
    assert_windows_footprints(&scan(&[&raw], &["--max-size", "8K"]));
    let service = autostart(&run, r"Services\WmdmPmSp\Parameters\ServiceDll", "");
    assert!(
        service["path"]
            .as_str()
            .is_some_and(|p| p.starts_with(r"C:\Windows\System32\config\SYSTEM!ControlSet001")),
        "{service}"
    );
    assert_eq!(service["image"]["filesystem"], "fat16");
}

/// A Linux root whose cron line and systemd unit start binaries needle flags, next to Debian's
/// own e2scrub_all cron file and systemd-timesyncd unit.
fn linux_tree() -> Host {
    let host = Host::new();
    let c2 = ["forum.iron-", "maiden.ru/core/cache/index.php"].concat();
    let flagged = samples::build_elf(&ElfSpec {
        payload: format!("GET https://{c2} HTTP/1.1").into_bytes(),
        ..ElfSpec::default()
    });
    let benign = samples::build_elf(&ElfSpec::default());
    host.write("usr/local/bin/syncd", &flagged);
    host.write("opt/netmon/netmon", &flagged);
    host.write("lib/systemd/systemd-timesyncd", &benign);
    host.write(
        "usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron",
        b"#!/bin/sh\nexit 0\n",
    );
    host.write(
        "etc/cron.d/sync",
        b"SHELL=/bin/sh\n*/5 * * * * root /usr/local/bin/syncd --quiet\n",
    );
    host.write(
        "etc/cron.d/e2scrub_all",
        b"30 3 * * 0 root test -e /run/systemd/system || SERVICE_MODE=1 /usr/lib/x86_64-linux-gnu/e2fsprogs/e2scrub_all_cron\n10 3 * * * root test -e /run/systemd/system || SERVICE_MODE=1 /sbin/e2scrub_all -A -r\n",
    );
    host.write(
        "etc/systemd/system/netmon.service",
        b"[Unit]\nDescription=Network monitor\n\n[Service]\nExecStart=/opt/netmon/netmon -d\nRestart=always\n\n[Install]\nWantedBy=multi-user.target\n",
    );
    host.write(
        "lib/systemd/system/systemd-timesyncd.service",
        b"[Unit]\nDescription=Network Time Synchronization\n\n[Service]\nType=notify\nExecStart=!!/lib/systemd/systemd-timesyncd\nUser=systemd-timesync\n",
    );
    host
}

#[test]
fn a_linux_tree_gets_its_cron_line_and_unit_flagged_for_the_binaries_they_start() {
    let host = linux_tree();
    let run = scan(&[host.root()], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let cron = autostart(&run, "etc/cron.d/sync", "syncd");
    assert_eq!(cron["kind"], "cron");
    assert_eq!(cron["line"], 2);
    assert_eq!(cron["target"]["status"], "found");
    assert!(
        matches!(cron["level"].as_str(), Some("alert" | "warning")),
        "{cron}"
    );
    let unit = autostart(&run, "netmon.service", "netmon");
    assert_eq!(unit["kind"], "systemd");
    assert!(
        matches!(unit["level"].as_str(), Some("alert" | "warning")),
        "{unit}"
    );
    for (suffix, command) in [
        ("etc/cron.d/e2scrub_all", "e2scrub_all_cron"),
        ("systemd-timesyncd.service", "timesyncd"),
    ] {
        let record = autostart(&run, suffix, command);
        assert!(score(&record) < 60, "{record}");
    }
    util::assert_reads_back(&run.stdout);
}

/// An XML launchd job plist.
fn launchd_job(label: &str, arguments: &[&str], extra: &str) -> Vec<u8> {
    let arguments: String = arguments
        .iter()
        .map(|a| format!("<string>{a}</string>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0"><dict>
<key>Label</key><string>{label}</string>
<key>ProgramArguments</key><array>{arguments}</array>
{extra}
</dict></plist>"#
    )
    .into_bytes()
}

/// A macOS tree: a LaunchDaemon starting a flagged program, a user's LaunchAgent (written as a
/// binary plist by Python's plistlib) starting a program hidden in /Users/Shared that is gone,
/// and ordinary Apple-style jobs whose programs are there.
fn macos_tree() -> Host {
    let host = Host::new();
    let c2 = ["forum.iron-", "maiden.ru/core/cache/index.php"].concat();
    let flagged = util::macho::build_macho(&util::macho::MachoSpec {
        strings: format!("https://{c2}\0").into_bytes(),
        ..util::macho::MachoSpec::default()
    });
    host.write("Library/TradeHelper/Updater", &flagged);
    host.write(
        "Library/LaunchDaemons/com.tradehelper.updater.plist",
        &launchd_job(
            "com.tradehelper.updater",
            &["/Library/TradeHelper/Updater", "CheckUpdate"],
            "<key>RunAtLoad</key><true/><key>KeepAlive</key><true/>",
        ),
    );
    let xml = launchd_job(
        "com.apple.sync",
        &["/Users/Shared/.sync/agent"],
        "<key>RunAtLoad</key><true/><key>StartInterval</key><integer>600</integer>",
    );
    let xml_path = host.write("work/agent.xml", &xml);
    let binary_path = host.path("Users/alice/Library/LaunchAgents/com.apple.sync.plist");
    std::fs::create_dir_all(binary_path.parent().expect("parent")).expect("LaunchAgents");
    test_tools::run(
        "python3",
        &[
            "-c",
            "import plistlib, sys; plistlib.dump(plistlib.load(open(sys.argv[1], 'rb')), \
             open(sys.argv[2], 'wb'), fmt=plistlib.FMT_BINARY)",
            xml_path.to_str().expect("UTF-8"),
            binary_path.to_str().expect("UTF-8"),
        ],
        &[0],
    );
    std::fs::remove_file(&xml_path).expect("remove the XML copy");
    host.write(
        "usr/libexec/backupd",
        &util::macho::build_macho(&util::macho::MachoSpec::default()),
    );
    host.write(
        "System/Library/LaunchDaemons/com.apple.backupd.plist",
        &launchd_job(
            "com.apple.backupd",
            &["/usr/libexec/backupd"],
            "<key>KeepAlive</key><dict><key>SuccessfulExit</key><false/></dict>",
        ),
    );
    host.write(
        "Library/LaunchAgents/com.example.calendar.plist",
        &launchd_job(
            "com.example.calendar",
            &["/usr/libexec/backupd", "--calendar"],
            "<key>StartCalendarInterval</key><dict><key>Hour</key><integer>3</integer></dict>",
        ),
    );
    host
}

#[test]
fn a_macos_tree_gets_its_launch_daemon_and_agent_flagged_and_apple_style_jobs_left_alone() {
    if !available(&["python3"]) {
        return;
    }
    let host = macos_tree();
    let run = scan(&[host.root()], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);

    let daemon = autostart(&run, "com.tradehelper.updater.plist", "Updater");
    assert_eq!(daemon["kind"], "launch_daemon");
    assert_eq!(
        daemon["command"],
        "/Library/TradeHelper/Updater CheckUpdate"
    );
    assert_eq!(daemon["program"], "/Library/TradeHelper/Updater");
    assert_eq!(
        daemon["details"],
        json!([
            "label com.tradehelper.updater",
            "RunAtLoad",
            "KeepAlive always"
        ])
    );
    assert_eq!(daemon["target"]["status"], "found");
    assert_eq!(
        daemon["level"], "alert",
        "it starts a flagged program: {daemon}"
    );
    assert_eq!(
        level_of(&run, "com.tradehelper.updater.plist").as_deref(),
        Some("alert")
    );

    let agent = autostart(&run, "LaunchAgents/com.apple.sync.plist", "agent");
    assert_eq!(agent["kind"], "launch_agent");
    assert_eq!(agent["user"], "alice");
    assert_eq!(agent["target"]["status"], "missing");
    let ids: Vec<&str> = agent["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    assert!(
        ids.contains(&"target_missing") && ids.contains(&"target_user_writable"),
        "{agent}"
    );
    assert!(
        matches!(agent["level"].as_str(), Some("notice" | "warning")),
        "{agent}"
    );

    for (suffix, command) in [
        ("com.apple.backupd.plist", "backupd"),
        ("com.example.calendar.plist", "--calendar"),
    ] {
        let record = autostart(&run, suffix, command);
        assert_eq!(record["target"]["status"], "found", "{record}");
        assert!(record.get("level").is_none(), "{record}");
    }
    let calendar = autostart(&run, "com.example.calendar.plist", "--calendar");
    assert_eq!(calendar["kind"], "launch_agent");
    assert!(
        calendar["details"]
            .as_array()
            .is_some_and(|d| d.iter().any(|x| x == "on a calendar schedule"))
    );
    util::assert_reads_back(&run.stdout);
}

#[test]
fn autostarts_only_reads_the_defining_files_and_what_they_start() {
    if !tools_present() {
        return;
    }
    let host = windows_tree();
    host.write("Users/alice/Documents/big-report.bin", &vec![7u8; 1 << 20]);
    let run = scan(&[host.root()], &["--autostarts-only"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_windows_footprints(&run);
    let summary = run.summary();
    assert_eq!(summary["autostarts_only"], true);
    assert!(summary["not_selected"].as_u64() >= Some(1), "{summary}");
    // The document is neither read nor reported; the flagged program the Run value starts is.
    assert!(!run.stdout.contains("big-report.bin"));
    assert!(level_of(&run, "Microsoft/Windows/update.exe").is_some());
}

#[test]
fn a_text_report_lists_the_autostarts_before_the_summary() {
    let host = linux_tree();
    let run = needle(["scan", "-q", host.root().to_str().expect("UTF-8")]);
    let listing = run
        .stdout
        .split("autostarts:\n")
        .nth(1)
        .expect("an autostart listing");
    assert!(listing.contains("cron"), "{listing}");
    assert!(listing.contains("/usr/local/bin/syncd"), "{listing}");
    assert!(
        run.stdout.contains("autostart entries read:"),
        "{}",
        run.stdout
    );
}
