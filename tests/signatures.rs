//! The built-in rule pack (`signatures/rules/*.yar`), rule by rule: a synthetic sample carrying
//! each rule's traits must be reported with that rule, and near misses (one byte changed, the
//! traits in the wrong kind of file, a different URL path, a macro without a shortcut...) must
//! not. The real binary scans a temp dir with the embedded pack, as in tests/scan.rs.
//!
//! No sample is malware: each is a small, well-formed file assembled here that only carries the
//! published indicators. C2 URLs are kept defanged in this file and re-fanged at run time.

mod util;

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
use util::samples::{
    self, ElfSpec, PeSection, PeSpec, VbaCache, VbaModule, ZipEntry, ZipMethod, build_elf,
    build_pe, build_zip, doc_with_macros, docx_with_settings_rels, flat_opc_with_settings_rels,
    settings_rels_xml,
};
use util::{Host, INSTALLER_KEY, Run, needle, pe_with};

/// The ThreatNeedle loader RC4 key (public, from the intel sheet).
const LOADER_KEY: [u8; 16] = [
    0x3D, 0x68, 0xD0, 0x0A, 0xB1, 0x0E, 0xC6, 0xAF, 0xDD, 0xEE, 0x18, 0x8E, 0xF4, 0xA1, 0xD6, 0x20,
];

/// The license-key-like argument of the published uploader command line.
const LICENSE_KEY: &str = "S0RMM-50QQE-F65DN-DCPYN-5QEQA";

/// The published C2 URLs, defanged exactly as in the intel sheet.
const C2_URLS_DEFANGED: &[&str] = &[
    "hxxp://forum.iron-maiden[.]ru/core/cache/index[.]php",
    "hxxp://www.au-pair[.]org/admin/Newspaper[.]asp",
    "hxxp://www.au-pair[.]org/admin/login[.]asp",
    "hxxp://www.colasprint[.]com/_vti_log/upload[.]asp",
    "hxxp://www.djasw.or[.]kr/sub/popup/images/upfiles[.]asp",
    "hxxp://www.kwwa[.]org/popup/160307/popup_160308[.]asp",
    "hxxp://www.kwwa[.]org/DR6001/FN6006LS[.]asp",
    "hxxp://www.sanatoliacare[.]com/include/index[.]asp",
    "hxxps://americanhotboats[.]com/forums/core/cache/index[.]php",
    "hxxps://docentfx[.]com/wp-admin/includes/upload[.]php",
    "hxxps://kannadagrahakarakoota[.]org/forums/admincp/upload[.]php",
    "hxxps://polyboatowners[.]com/2010/images/BOTM/upload[.]php",
    "hxxps://ryanmcbain[.]com/forum/core/cache/upload[.]php",
    "hxxps://shinwonbook.co[.]kr/basket/pay/open[.]asp",
    "hxxps://shinwonbook.co[.]kr/board/editor/upload[.]asp",
    "hxxps://theforceawakenstoys[.]com/vBulletin/core/cache/upload[.]php",
    "hxxps://www.automercado.co[.]cr/empleo/css/main[.]jsp",
    "hxxps://www.curiofirenze[.]com/include/inc-site[.]asp",
    "hxxps://www.digitaldowns[.]us/artman/exec/upload[.]php",
    "hxxps://www.dronerc[.]it/forum/uploads/index[.]php",
    "hxxps://www.dronerc[.]it/shop_testbr/Adapter/Adapter_Config[.]php",
    "hxxps://www.edujikim[.]com/intro/blue/view[.]asp",
    "hxxps://www.edujikim[.]com/pay/sample/INIstart[.]asp",
    "hxxps://www.edujikim[.]com/smarteditor/img/upload[.]asp",
    "hxxps://www.fabioluciani[.]com/ae/include/constant[.]asp",
    "hxxps://www.fabioluciani[.]com/es/include/include[.]asp",
    "hxxp://www.juvillage.co[.]kr/img/upload[.]asp",
    "hxxps://www.lyzeum[.]com/board/bbs/bbs_read[.]asp",
    "hxxps://www.lyzeum[.]com/images/board/upload[.]asp",
    "hxxps://martiancartel[.]com/forum/customavatars/avatars[.]php",
    "hxxps://www.polyboatowners[.]com/css/index[.]php",
    "hxxps://www.sanlorenzoyacht[.]com/newsl/include/inc-map[.]asp",
    "hxxps://www.raiestatesandbuilders[.]com/admin/installer/installer/index[.]php",
    "hxxp://156.245.16[.]55/admin/admin[.]asp",
    "hxxp://fredrikarnell[.]com/marocko2014/index[.]php",
    "hxxp://roit.co[.]kr/xyz/mainpage/view[.]asp",
    "hxxps://www.waterdoblog[.]com/uploads/index[.]asp",
    "hxxp://www.kbcwainwrightchallenge.org[.]uk/connections/dbconn[.]asp",
    "hxxps://prototypetrains[.]com:443/forums/core/cache/index[.]php",
    "hxxps://newidealupvc[.]com:443/img/prettyPhoto/jquery.max[.]php",
    "hxxps://mdim.in[.]ua:443/core/cache/index[.]php",
    "hxxps://forum.snowreport[.]gr:443/cache/template/upload[.]php",
    "hxxps://www.gonnelli[.]it/uploads/catalogo/thumbs/thumb[.]asp",
    "hxxps://www.dellarocca[.]net/it/content/img/img[.]asp",
    "hxxps://www.astedams[.]it/photos/image/image[.]asp",
    "hxxps://www.geeks-board[.]com/blog/wp-content/uploads/2017/cache[.]php",
    "hxxps://cloudarray[.]com/images/logo/videos/cache[.]jsp",
];

fn refang(url: &str) -> String {
    url.replacen("hxxp", "http", 1).replace("[.]", ".")
}

// The Lazarus rules beyond ThreatNeedle key on names and command lines that would make this file
// itself a match (a scan of the repository must not flag its own tests), so their indicators are
// assembled at run time from pieces.

/// The Windows Update client.
fn wuauclt() -> String {
    ["wua", "uclt.exe"].concat()
}

/// The DreamJob Startup shortcut's name.
fn dreamjob_lnk() -> String {
    ["WindowsUpdate", "Conf.lnk"].concat()
}

/// The Windows Update client's DLL proxy-execution arguments around `dll`.
fn wuauclt_arguments(dll: &str) -> String {
    format!(
        "{} {dll} {}",
        ["/UpdateDeployment", "Provider"].concat(),
        ["/RunHandler", "ComServer"].concat()
    )
}

fn rundll32() -> String {
    ["rund", "ll32"].concat()
}

/// A Visual Studio project whose pre-build event runs `command`.
fn vcxproj(event: &str, command: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Project DefaultTargets=\"Build\" ToolsVersion=\"16.0\" xmlns=\"http://schemas.microsoft.com/developer/msbuild/2003\">\r\n  <ItemDefinitionGroup Condition=\"'$(Configuration)|$(Platform)'=='Debug|x64'\">\r\n    <{event}>\r\n      <Command>{command}</Command>\r\n    </{event}>\r\n  </ItemDefinitionGroup>\r\n  <ItemGroup>\r\n    <ClCompile Include=\"main.cpp\" />\r\n  </ItemGroup>\r\n</Project>\r\n"
    )
    .into_bytes()
}

/// The pre-build event Microsoft published for the ZINC research project, with `export`.
fn zinc_build_event(export: &str) -> String {
    format!(
        "powershell -executionpolicy bypass -windowstyle hidden if(([system.environment]::osversion.version.major -eq 10) -and [system.environment]::is64bitoperatingsystem -and (Test-Path x64\\Debug\\Browse.VC.db)){{{} x64\\Debug\\Browse.VC.db,{export} 7am1cKZAEb9Nl1pL 4201 }}",
        rundll32()
    )
}

/// A macOS package postinstall script moving `plist` (hidden in the app bundle `app`) into
/// /Library/LaunchDaemons, as the AppleJeus installers do.
fn postinstall(app: &str, plist: &str) -> Vec<u8> {
    format!(
        "#!/bin/sh\nmv /Applications/{app}.app/Contents/Resources/.{plist} /Library/LaunchDaemons/{plist}\nchmod 644 /Library/LaunchDaemons/{plist}\n"
    )
    .into_bytes()
}

/// A published AppleJeus LaunchDaemon property list name (`org.jmt` + `trading.plist`...).
fn applejeus_plist(parts: [&str; 2]) -> String {
    parts.concat()
}

// ---------------------------------------------------------------------------
// Sample helpers

/// NUL-terminated ASCII.
fn ascii(text: &str) -> Vec<u8> {
    let mut out = text.as_bytes().to_vec();
    out.push(0);
    out
}

/// NUL-terminated UTF-16LE, as Windows programs store wide strings.
fn wide(text: &str) -> Vec<u8> {
    let mut out: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    out.extend_from_slice(&[0, 0]);
    out
}

/// Strings laid out one after the other, as in a `.rdata` section.
fn strings(parts: &[Vec<u8>]) -> Vec<u8> {
    parts.concat()
}

/// A PE32+ executable with `code` in `.text`, `rdata` in `.rdata` and a real import table.
fn pe(code: &[u8], rdata: &[u8], imports: Vec<(&'static str, Vec<&'static str>)>) -> Vec<u8> {
    let mut spec = PeSpec::default();
    if !code.is_empty() {
        spec.sections[0].data = code.to_vec();
    }
    spec.sections.push(PeSection {
        name: ".rdata",
        data: rdata.to_vec(),
        executable: false,
    });
    spec.imports = imports;
    build_pe(&spec)
}

/// Code comparing the 16-bit config header at [rcx] with `magic`:
/// `cmp word ptr [rcx], magic; jne +3; xor eax, eax; ret; mov eax, 1; ret`.
fn header_check(magic: u16) -> Vec<u8> {
    let [low, high] = magic.to_le_bytes();
    vec![
        0x66, 0x81, 0x39, low, high, // cmp word ptr [rcx], imm16
        0x75, 0x03, // jne +3
        0x31, 0xC0, // xor eax, eax
        0xC3, // ret
        0xB8, 0x01, 0x00, 0x00, 0x00, // mov eax, 1
        0xC3, // ret
    ]
}

/// Imports of a service installer.
fn service_imports(wide_api: bool) -> Vec<(&'static str, Vec<&'static str>)> {
    let functions = if wide_api {
        vec!["OpenSCManagerW", "CreateServiceW", "StartServiceW"]
    } else {
        vec!["OpenSCManagerA", "CreateServiceA", "StartServiceA"]
    };
    vec![("ADVAPI32.dll", functions), ("KERNEL32.dll", vec!["Sleep"])]
}

// ---------------------------------------------------------------------------
// Running the scan

/// Runs `needle scan` with the embedded pack over the host.
fn scan(host: &Host) -> Run {
    let root = host.root().to_str().expect("temp dirs are UTF-8");
    let run = needle(["scan", "--format", "jsonl", "-q", root]);
    assert!(
        run.code == 0 || run.code == 1,
        "exit {}: {}",
        run.code,
        run.stderr
    );
    let summary = run.summary();
    assert_eq!(summary["signatures"]["rule_errors"], 0, "{}", run.stderr);
    assert_eq!(summary["errors"], 0, "{}", run.stdout);
    run
}

/// The finding for the file at `relative` (exactly that path), if any.
fn finding_for(run: &Run, relative: &str) -> Option<Value> {
    let suffix = format!("/{relative}");
    let found: Vec<Value> = run
        .of_type("finding")
        .into_iter()
        .filter(|f| f["path"].as_str().is_some_and(|p| p.ends_with(&suffix)))
        .collect();
    assert!(found.len() <= 1, "several findings for {relative}");
    found.into_iter().next()
}

/// Names and scores of the rules reported for the file at `relative` (empty: not flagged).
fn rules_on(run: &Run, relative: &str) -> Vec<(String, i64)> {
    finding_for(run, relative).map_or_else(Vec::new, |finding| {
        finding["reasons"]
            .as_array()
            .expect("reasons is an array")
            .iter()
            .filter(|r| r["kind"] == "rule")
            .map(|r| {
                (
                    r["id"].as_str().expect("id").to_string(),
                    r["score"].as_i64().expect("score"),
                )
            })
            .collect()
    })
}

fn rule_names_on(run: &Run, relative: &str) -> Vec<String> {
    rules_on(run, relative)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

#[track_caller]
fn assert_fires(run: &Run, relative: &str, rule: &str) {
    let names = rule_names_on(run, relative);
    assert!(
        names.iter().any(|n| n == rule),
        "{rule} must fire on {relative}; rules reported: {names:?}\n{}",
        run.stdout
    );
}

#[track_caller]
fn assert_silent(run: &Run, relative: &str, rule: &str) {
    let names = rule_names_on(run, relative);
    assert!(
        !names.iter().any(|n| n == rule),
        "{rule} must not fire on {relative}; rules reported: {names:?}"
    );
}

/// The file must not be reported by any rule of the pack.
#[track_caller]
fn assert_no_rule(run: &Run, relative: &str) {
    let names = rule_names_on(run, relative);
    assert!(
        names.is_empty(),
        "no rule may fire on {relative}: {names:?}"
    );
}

/// Writes the samples into a fresh host, scans it and returns both.
fn scan_samples(samples: &[(&str, Vec<u8>)]) -> (Host, Run) {
    let host = Host::new();
    for (relative, data) in samples {
        host.write(relative, data);
    }
    let run = scan(&host);
    assert_eq!(
        run.summary()["files_scanned"].as_u64(),
        Some(samples.len() as u64),
        "every sample is scanned"
    );
    (host, run)
}

// ---------------------------------------------------------------------------
// One positive sample per rule. The coverage test below scans all of them at once and checks
// that every rule of signatures/rules has an entry here, so a new rule without a test fails.

struct Positive {
    rule: &'static str,
    score: i64,
    path: &'static str,
    data: Vec<u8>,
}

fn positive_samples() -> Vec<Positive> {
    let uploader_rdata = strings(&[
        ascii("POST"),
        ascii("application/x-www-form-urlencoded"),
        ascii("fr=%s&fp=%s"),
    ]);
    vec![
        Positive {
            rule: "ThreatNeedle_Installer_RC4_Key",
            score: 85,
            path: "ProgramData/Adobe/load.bin",
            data: pe_with(&INSTALLER_KEY),
        },
        Positive {
            rule: "ThreatNeedle_Loader_RC4_Key",
            score: 85,
            path: "Windows/system/loader.drv",
            data: pe_with(&LOADER_KEY),
        },
        Positive {
            rule: "ThreatNeedle_Installer_Marker_File",
            score: 70,
            path: "Temp/installer.exe",
            data: pe_with(&wide(r"%SYSTEMROOT%\system32\bcdbootinfo.tlp")),
        },
        Positive {
            rule: "ThreatNeedle_VNC_Uploader_Traits",
            score: 80,
            path: "Users/alice/AppData/Roaming/Comms/uploader.exe",
            data: pe(&header_check(0x8406), &uploader_rdata, Vec::new()),
        },
        Positive {
            rule: "ThreatNeedle_VNC_Uploader_Command_Line",
            score: 75,
            path: "Users/alice/AppData/Roaming/Comms/run.bat",
            data: format!(
                "@echo off\r\n\"%APPDATA%\\Comms\\Comms.dat\" {LICENSE_KEY} https://upload.example.test/u/thumb.asp %APPDATA%\\Comms\\cab59.tmp FL0509 15000\r\n"
            )
            .into_bytes(),
        },
        Positive {
            rule: "ThreatNeedle_C2_URL",
            score: 80,
            path: "Users/alice/AppData/Roaming/Microsoft/config.dat",
            data: wide(&refang(C2_URLS_DEFANGED[0])),
        },
        Positive {
            rule: "ThreatNeedle_C2_Host_And_Path_PE",
            score: 75,
            path: "Users/alice/AppData/Local/Temp/ETS4659.tmp",
            data: pe(
                &[],
                &strings(&[wide("docentfx.com"), wide("/wp-admin/includes/upload.php")]),
                vec![("WININET.dll", vec!["InternetConnectW", "HttpOpenRequestW"])],
            ),
        },
        Positive {
            rule: "ThreatNeedle_Service_Sys_Payload",
            score: 80,
            path: "ProgramData/ntnser.dat",
            data: pe(
                &[],
                &wide(r"%SystemRoot%\System32\WmdmPmSp.sys"),
                service_imports(true),
            ),
        },
        Positive {
            rule: "ThreatNeedle_Netsvcs_Service_Name",
            score: 65,
            path: "ProgramData/svcinst.exe",
            data: pe(
                &[],
                &strings(&[
                    ascii(r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Svchost"),
                    ascii("netsvcs"),
                    ascii("Nwsapagent"),
                ]),
                service_imports(false),
            ),
        },
        Positive {
            rule: "ThreatNeedle_Registry_Config_Keys",
            score: 75,
            path: "Windows/System32/payload.sys",
            data: pe(
                &[],
                &strings(&[
                    wide(r"SOFTWARE\Microsoft\Windows\CurrentVersion\GameConfig"),
                    wide("Description"),
                ]),
                vec![("ADVAPI32.dll", vec!["RegSetValueExW"])],
            ),
        },
        Positive {
            rule: "ThreatNeedle_Startup_Shortcut_Name",
            score: 75,
            path: "Users/alice/AppData/Roaming/Microsoft/backdoor.db",
            data: pe_with(&wide(
                r"%APPDATA%\Microsoft\Windows\Start Menu\Programs\Startup\OneDrives.lnk",
            )),
        },
        Positive {
            rule: "ThreatNeedle_Process_Argument_Gate",
            score: 85,
            path: "evidence/proc/4242/cmdline",
            data: b"C:\\ProgramData\\ntuser.bin\nSx6BrUk4v4rqBFBV\n".to_vec(),
        },
        Positive {
            rule: "DreamJob_Wuauclt_Loads_Wuaueng_Dll",
            score: 85,
            path: "evidence/startup/arguments.bin",
            data: wide(&wuauclt_arguments(
                r"C:\Users\alice\AppData\Local\Microsoft\Windows\wuaueng.dll",
            )),
        },
        Positive {
            rule: "DreamJob_Wuauclt_Dll_Proxy_Execution",
            score: 70,
            path: "ProgramData/tasks/update.bat",
            data: format!(
                "@echo off\r\n{} {}\r\n",
                wuauclt(),
                wuauclt_arguments(r"C:\ProgramData\Intel\helper.dll")
            )
            .into_bytes(),
        },
        Positive {
            rule: "DreamJob_Startup_Shortcut_Dropper",
            score: 80,
            path: "Users/alice/AppData/Local/Temp/drops_lnk.dll",
            data: pe(
                &[],
                &strings(&[
                    wide(&format!(
                        r"\Microsoft\Windows\Start Menu\Programs\Startup\{}",
                        dreamjob_lnk()
                    )),
                    wide(&format!(r"C:\Windows\System32\{}", wuauclt())),
                ]),
                vec![("OLE32.dll", vec!["CoCreateInstance"])],
            ),
        },
        Positive {
            rule: "DreamJob_Startup_Shortcut_Name_PE",
            score: 70,
            path: "Users/alice/AppData/Local/Temp/stage.dll",
            data: pe_with(&ascii(&format!(r"Startup\{}", dreamjob_lnk()))),
        },
        Positive {
            rule: "DreamJob_ELF_Posing_As_PDF",
            score: 65,
            path: "home/alice/Downloads/HSBC job offer.pdf",
            data: build_elf(&ElfSpec::default()),
        },
        Positive {
            rule: "Comebacker_VS_Project_Build_Event_Runs_Database",
            score: 85,
            path: "Users/alice/source/repos/poc/poc.vcxproj",
            data: vcxproj("PreBuildEvent", &zinc_build_event("DllMain2")),
        },
        Positive {
            rule: "Comebacker_VS_Project_Build_Event_Runs_Rundll32",
            score: 60,
            path: "Users/alice/source/repos/tool/tool.vcxproj",
            data: vcxproj(
                "PostBuildEvent",
                &format!("{} $(OutDir)helper.dll,Register", rundll32()),
            ),
        },
        Positive {
            rule: "Comebacker_Rundll32_Export_Command_Line",
            score: 80,
            path: "evidence/proc/3141/cmdline",
            data: format!(
                "{}.exe\nC:\\ProgramData\\VMware\\vmnat-update.bin,sql_blob_open\n4729\n",
                rundll32()
            )
            .into_bytes(),
        },
        Positive {
            rule: "AppleJeus_Published_LaunchDaemon_Name",
            score: 70,
            path: "private/tmp/PKInstallSandbox.x/Scripts/postinstall",
            data: postinstall("JMTTrader", &applejeus_plist(["org.jmt", "trading.plist"])),
        },
        Positive {
            rule: "AppleJeus_Postinstall_Hidden_LaunchDaemon",
            score: 65,
            path: "private/tmp/PKInstallSandbox.y/Scripts/postinstall",
            data: postinstall("TradeDesk", "com.tradedesk.updater.plist"),
        },
        Positive {
            rule: "Bridge_Router_Apache_Proxy_Between_Private_Segments",
            score: 60,
            path: "etc/httpd/conf.d/bridge.conf",
            data: b"Listen 8080\n<IfModule mod_proxy.c>\n    ProxyRequests On\n    AllowCONNECT 22 443\n    ProxyPass /plc http://10.40.1.20/\n</IfModule>\n".to_vec(),
        },
        Positive {
            rule: "Bridge_Router_Apache_Open_Forward_Proxy",
            score: 50,
            path: "etc/httpd/conf.d/forward.conf",
            data: b"Listen 3128\nProxyRequests On\nProxyVia On\n".to_vec(),
        },
        Positive {
            rule: "Bridge_Router_Apache_Reverse_Proxy_To_Private_Address",
            score: 40,
            path: "etc/httpd/conf.d/scada.conf",
            data: b"<VirtualHost *:80>\n    ProxyPass / http://192.168.50.10:8080/\n    ProxyPassReverse / http://192.168.50.10:8080/\n</VirtualHost>\n".to_vec(),
        },
        Positive {
            rule: "Bridge_Router_Logrotate_Script_Deletes_Logs",
            score: 60,
            path: "etc/logrotate.d/syslog",
            data: b"/var/log/messages /var/log/secure {\n    daily\n    rotate 1\n    postrotate\n        rm -f /var/log/messages.1 /var/log/secure.1\n    endscript\n}\n".to_vec(),
        },
        Positive {
            rule: "Bridge_Router_Logrotate_Keeps_No_Security_Log",
            score: 45,
            path: "etc/logrotate.d/secure",
            data: b"/var/log/secure {\n    weekly\n    rotate 0\n    missingok\n}\n".to_vec(),
        },
        Positive {
            rule: "Bridge_Router_Webmin_Root_Login",
            score: 40,
            path: "etc/webmin/miniserv.users",
            data: b"root:$1$Xb2k$Q0mN1lFfCzR6yC5aVv2aT/:0\n".to_vec(),
        },
        Positive {
            rule: "Bridge_Router_Webmin_Used_As_Root",
            score: 50,
            path: "var/webmin/miniserv.log",
            data: b"10.10.0.7 - root [21/May/2020:10:02:11 +0000] \"GET /net/list_routes.cgi HTTP/1.1\" 200 5120\n".to_vec(),
        },
        Positive {
            rule: "Bridge_Router_Persistent_SSH_Tunnel",
            score: 45,
            path: "etc/cron.d/tunnel",
            // Split so that this source line is no tunnel command itself.
            data: [
                "@reboot root autossh -M 0 -f -N -R 2222:",
                "localhost:22 relay@203.0.113.5\n",
            ]
            .concat()
            .into_bytes(),
        },
        Positive {
            rule: "ThreatNeedle_Macro_Drops_Payload_And_Shortcut",
            score: 75,
            path: "Users/alice/Downloads/covid19_notice.doc",
            data: doc_with_macros(
                &dropper_macro(Dropper::ShortcutAndRun),
                VbaCache::Identifiers,
                "COVID-19: updated guidance from the medical centre",
            ),
        },
    ]
}

/// Rule names declared in signatures/rules/*.yar (`rule NAME` at the start of a line).
fn declared_rules() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("signatures/rules");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("signatures/rules exists") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yar") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("rule files are UTF-8");
        for line in text.lines() {
            let mut words = line.split_whitespace();
            let first = words.next();
            let first = match first {
                Some("private" | "global") => words.next(),
                other => other,
            };
            if first == Some("rule")
                && let Some(name) = words.next()
            {
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                assert!(names.insert(name.clone()), "rule {name} declared twice");
            }
        }
    }
    names
}

#[test]
fn every_rule_in_the_pack_has_a_positive_sample_that_it_detects() {
    let declared = declared_rules();
    assert!(declared.len() >= 3, "{declared:?}");
    let positives = positive_samples();
    let tested: BTreeSet<String> = positives.iter().map(|p| p.rule.to_string()).collect();
    let untested: Vec<&String> = declared.difference(&tested).collect();
    assert!(
        untested.is_empty(),
        "rules without a positive sample in tests/signatures.rs: {untested:?}"
    );
    let stale: Vec<&String> = tested.difference(&declared).collect();
    assert!(
        stale.is_empty(),
        "samples for rules that no longer exist: {stale:?}"
    );

    let sources =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/signatures.md"))
            .expect("docs/signatures.md");
    let host = Host::new();
    for positive in &positives {
        host.write(positive.path, &positive.data);
    }
    let run = scan(&host);
    assert_eq!(
        run.summary()["signatures"]["rules"].as_u64(),
        Some(declared.len() as u64),
        "the embedded pack compiles every declared rule"
    );
    for positive in &positives {
        let rules = rules_on(&run, positive.path);
        assert!(
            rules.contains(&(positive.rule.to_string(), positive.score)),
            "{} (score {}) must fire on {}; reported: {rules:?}",
            positive.rule,
            positive.score,
            positive.path
        );
        let finding = finding_for(&run, positive.path).expect("flagged");
        let reason = finding["reasons"]
            .as_array()
            .expect("array")
            .iter()
            .find(|r| r["id"] == positive.rule)
            .expect("the rule's reason")
            .clone();
        assert_eq!(reason["author"], "needle project", "{}", positive.rule);
        let reference = reason["reference"].as_str().unwrap_or_default();
        assert!(
            reference.starts_with("https://") && sources.contains(&format!("<{reference}>")),
            "{} cites {reference:?}, which docs/signatures.md must list as a source",
            positive.rule
        );
        assert!(
            reason["description"].as_str().is_some_and(|d| d.len() > 20),
            "{} has a description",
            positive.rule
        );
    }
}

#[test]
fn every_rule_carries_the_required_meta() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("signatures/rules");
    for entry in std::fs::read_dir(&dir).expect("signatures/rules exists") {
        let path = entry.expect("dir entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("yar") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        // Split at rule headers; each block's meta section must name every field.
        for block in format!("\n{text}").split("\nrule ").skip(1) {
            let name = block.split_whitespace().next().expect("rule name");
            let meta = block
                .split("strings:")
                .next()
                .expect("text before strings")
                .split("condition:")
                .next()
                .expect("meta");
            for field in [
                "description = \"",
                "reference = \"https://",
                "author = \"needle project\"",
                "date = \"20",
                "score = ",
                "mitre_attack = \"T",
                "keys_on = \"",
            ] {
                assert!(
                    meta.contains(field),
                    "{name} in {} lacks meta {field}",
                    path.display()
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------
// RC4 keys and the installer marker (the three original rules)

#[test]
fn rc4_keys_fire_only_as_whole_keys_inside_pe_files() {
    let mut installer_near = INSTALLER_KEY;
    installer_near[7] ^= 0x01;
    let mut loader_near = LOADER_KEY;
    loader_near[0] ^= 0x80;
    let (_host, run) = scan_samples(&[
        ("a/installer.exe", pe_with(&INSTALLER_KEY)),
        ("a/loader.dll", pe_with(&LOADER_KEY)),
        ("b/installer_near.exe", pe_with(&installer_near)),
        ("b/loader_near.dll", pe_with(&loader_near)),
        ("b/installer_key.bin", INSTALLER_KEY.to_vec()),
        ("b/loader_key.bin", LOADER_KEY.to_vec()),
        ("b/half_key.exe", pe_with(&LOADER_KEY[..15])),
    ]);
    assert_fires(&run, "a/installer.exe", "ThreatNeedle_Installer_RC4_Key");
    assert_silent(&run, "a/installer.exe", "ThreatNeedle_Loader_RC4_Key");
    assert_fires(&run, "a/loader.dll", "ThreatNeedle_Loader_RC4_Key");
    assert_silent(&run, "a/loader.dll", "ThreatNeedle_Installer_RC4_Key");
    for near in [
        "b/installer_near.exe",
        "b/loader_near.dll",
        "b/installer_key.bin",
        "b/loader_key.bin",
        "b/half_key.exe",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn installer_marker_name_fires_in_pe_files_only() {
    let (_host, run) = scan_samples(&[
        ("a/wide.exe", pe_with(&wide(r"\system32\bcdbootinfo.tlp"))),
        ("a/ascii_upper.exe", pe_with(&ascii("BCDBOOTINFO.TLP"))),
        (
            "b/other_ext.exe",
            pe_with(&wide(r"\system32\bcdbootinfo.tmp")),
        ),
        (
            "b/notes.txt",
            b"the installer writes bcdbootinfo.tlp".to_vec(),
        ),
    ]);
    assert_fires(&run, "a/wide.exe", "ThreatNeedle_Installer_Marker_File");
    assert_fires(
        &run,
        "a/ascii_upper.exe",
        "ThreatNeedle_Installer_Marker_File",
    );
    assert_no_rule(&run, "b/other_ext.exe");
    assert_no_rule(&run, "b/notes.txt");
}

// ---------------------------------------------------------------------------
// Trojanised VNC uploader

#[test]
fn vnc_uploader_needs_the_post_fields_and_a_second_trait() {
    const RULE: &str = "ThreatNeedle_VNC_Uploader_Traits";
    let urlencoded = ascii("fr=%s&fp=%s");
    let multipart = strings(&[
        wide("Content-Disposition: form-data; name=\"fp\""),
        wide("Content-Disposition: form-data; name=\"fr\"; filename=\"%s\""),
    ]);
    let key = ascii(LICENSE_KEY);
    let (_host, run) = scan_samples(&[
        // fields + config header compare
        (
            "a/cmp.exe",
            pe(&header_check(0x8406), &urlencoded, Vec::new()),
        ),
        // multipart fields (wide) + license key
        (
            "a/key.exe",
            pe(&[], &strings(&[multipart.clone(), key.clone()]), Vec::new()),
        ),
        // fields in the other order, 32-bit PE-style compare `cmp eax, 0x8406`
        (
            "a/eax.exe",
            pe(
                &[0x3D, 0x06, 0x84, 0x00, 0x00, 0xC3],
                &ascii("fp=%s&fr=%s"),
                Vec::new(),
            ),
        ),
        // near misses
        ("b/fields_only.exe", pe(&[], &urlencoded, Vec::new())),
        (
            "b/cmp_and_key.exe",
            pe(&header_check(0x8406), &key, Vec::new()),
        ),
        (
            "b/other_magic.exe",
            pe(&header_check(0x8407), &urlencoded, Vec::new()),
        ),
        (
            "b/one_field.exe",
            pe(&header_check(0x8406), &ascii("fr=%s&fx=%s"), Vec::new()),
        ),
        (
            "b/half_multipart.exe",
            pe(
                &[],
                &strings(&[wide("name=\"fr\""), key.clone()]),
                Vec::new(),
            ),
        ),
        (
            "b/not_a_pe.bin",
            strings(&[header_check(0x8406), urlencoded.clone(), key.clone()]),
        ),
    ]);
    for positive in ["a/cmp.exe", "a/key.exe", "a/eax.exe"] {
        assert_fires(&run, positive, RULE);
    }
    for near in [
        "b/fields_only.exe",
        "b/cmp_and_key.exe",
        "b/other_magic.exe",
        "b/one_field.exe",
        "b/half_multipart.exe",
        "b/not_a_pe.bin",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn vnc_uploader_command_line_needs_the_whole_argument_order() {
    const RULE: &str = "ThreatNeedle_VNC_Uploader_Command_Line";
    let published = format!(
        r"%APPDATA%\Comms\Comms.dat {LICENSE_KEY} {} %APPDATA%\Comms\cab59.tmp FL0509 15000",
        refang("hxxps://www.gonnelli[.]it/uploads/catalogo/thumbs/thumb[.]asp")
    );
    let (_host, run) = scan_samples(&[
        ("a/run.bat", published.clone().into_bytes()),
        // UTF-16 arguments, as in a shortcut or a scheduled task, with another key and host.
        (
            "a/task.bin",
            // Assembled at run time so this file does not carry a whole command line itself.
            wide(&format!(
                r#"{} "https://cdn.example.test/a/b.php" C:\Users\Public\x.tmp AB12 300"#,
                ["ABCDE", "12345", "FGHIJ", "67890", "KLMNO"].join("-")
            )),
        ),
        // near misses: a product key in a licence note, and the key + URL without the rest
        (
            "b/license.txt",
            format!(
                "Product key: {LICENSE_KEY}\r\nActivate at https://activation.example.test/\r\n"
            )
            .into_bytes(),
        ),
        (
            "b/partial.bat",
            format!("Comms.dat {LICENSE_KEY} https://cdn.example.test/a/b.php\r\n").into_bytes(),
        ),
        (
            "b/lowercase_key.bat",
            published
                .replace(LICENSE_KEY, "s0rmm-50qqe-f65dn-dcpyn-5qeqa")
                .replace(
                    &refang("hxxps://www.gonnelli[.]it/uploads/catalogo/thumbs/thumb[.]asp"),
                    "https://cdn.example.test/a/b.php",
                )
                .into_bytes(),
        ),
    ]);
    assert_fires(&run, "a/run.bat", RULE);
    assert_fires(&run, "a/run.bat", "ThreatNeedle_C2_URL");
    assert_fires(&run, "a/task.bin", RULE);
    assert_no_rule(&run, "b/license.txt");
    assert_no_rule(&run, "b/partial.bat");
    assert_no_rule(&run, "b/lowercase_key.bat");
}

// ---------------------------------------------------------------------------
// C2 URLs

#[test]
fn every_published_c2_url_is_detected_in_any_file_ascii_or_wide() {
    let mut samples = Vec::new();
    let mut names = Vec::new();
    for (i, defanged) in C2_URLS_DEFANGED.iter().enumerate() {
        let url = refang(defanged);
        assert!(!url.contains("hxxp") && !url.contains("[.]"), "{url}");
        // Vary the encoding and the case; every fourth URL loses its scheme.
        let text = match i % 4 {
            0 => url.clone(),
            1 => url.to_uppercase(),
            2 => url.split_once("://").expect("scheme").1.to_string(),
            _ => format!("cfg={url};retry=3"),
        };
        let data = if i % 2 == 0 {
            wide(&text)
        } else {
            format!("junk\n{text}\n").into_bytes()
        };
        names.push(format!("a/url{i:02}.dat"));
        samples.push((names[i].clone(), data));
    }
    let borrowed: Vec<(&str, Vec<u8>)> = samples
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    let (_host, run) = scan_samples(&borrowed);
    for name in &names {
        assert_fires(&run, name, "ThreatNeedle_C2_URL");
    }
}

#[test]
fn c2_url_near_misses_are_not_detected() {
    let url = refang("hxxps://docentfx[.]com/wp-admin/includes/upload[.]php");
    let yara_source = format!(
        "rule Copy_Of_A_C2_Rule\n{{\n    strings:\n        $a = \"{}\"\n    condition:\n        $a\n}}\n",
        url.split_once("://").expect("scheme").1
    );
    let (_host, run) = scan_samples(&[
        ("a/config.txt", format!("server={url}\n").into_bytes()),
        // Same host, another path.
        (
            "b/other_path.txt",
            b"server=https://docentfx.com/wp-admin/includes/update.php\n".to_vec(),
        ),
        // Same path, another host.
        (
            "b/other_host.txt",
            b"server=https://docentfx.net/wp-admin/includes/upload.php\n".to_vec(),
        ),
        // A longer host that only ends like the C2 host.
        (
            "b/longer_host.txt",
            b"server=https://mydocentfx.com/wp-admin/includes/upload.php\n".to_vec(),
        ),
        // The defanged form of a report or the intel sheet.
        (
            "b/report.md",
            format!("C2: `{}`\n", C2_URLS_DEFANGED[9]).into_bytes(),
        ),
        // A YARA rule source listing the URL (another scanner's signatures).
        ("b/c2.yar", yara_source.into_bytes()),
    ]);
    assert_fires(&run, "a/config.txt", "ThreatNeedle_C2_URL");
    for near in [
        "b/other_path.txt",
        "b/other_host.txt",
        "b/longer_host.txt",
        "b/report.md",
        "b/c2.yar",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn c2_host_and_path_stored_apart_fire_in_pe_files_only() {
    const RULE: &str = "ThreatNeedle_C2_Host_And_Path_PE";
    let wininet = || vec![("WININET.dll", vec!["InternetConnectW", "HttpOpenRequestW"])];
    let (_host, run) = scan_samples(&[
        (
            "a/apart.exe",
            pe(
                &[],
                &strings(&[ascii("www.edujikim.com"), ascii("/pay/sample/INIstart.asp")]),
                wininet(),
            ),
        ),
        (
            "a/ip.exe",
            pe(
                &[],
                &strings(&[wide("156.245.16.55"), wide("/admin/admin.asp")]),
                wininet(),
            ),
        ),
        // The whole URL: reported by the URL rule, not twice.
        (
            "a/whole.exe",
            pe(
                &[],
                &wide(&refang(
                    "hxxps://www.edujikim[.]com/pay/sample/INIstart[.]asp",
                )),
                wininet(),
            ),
        ),
        // Host of one URL with the path of another host's URL.
        (
            "b/mixed.exe",
            pe(
                &[],
                &strings(&[ascii("www.edujikim.com"), ascii("/core/cache/index.php")]),
                wininet(),
            ),
        ),
        // The IP address as a prefix of a longer one.
        (
            "b/longer_ip.exe",
            pe(
                &[],
                &strings(&[wide("156.245.16.551"), wide("/admin/admin.asp")]),
                wininet(),
            ),
        ),
        // The pair outside a PE.
        (
            "b/apart.txt",
            b"host=www.edujikim.com\npath=/pay/sample/INIstart.asp\n".to_vec(),
        ),
    ]);
    assert_fires(&run, "a/apart.exe", RULE);
    assert_fires(&run, "a/ip.exe", RULE);
    assert_eq!(
        rule_names_on(&run, "a/whole.exe"),
        ["ThreatNeedle_C2_URL"],
        "a whole URL is reported once"
    );
    assert_no_rule(&run, "b/mixed.exe");
    assert_no_rule(&run, "b/longer_ip.exe");
    assert_no_rule(&run, "b/apart.txt");
}

// ---------------------------------------------------------------------------
// Services, registry configuration, Startup shortcut

#[test]
fn service_payload_names_need_the_sys_form_and_the_service_api() {
    const STRONG: &str = "ThreatNeedle_Service_Sys_Payload";
    const WEAK: &str = "ThreatNeedle_Netsvcs_Service_Name";
    let (_host, run) = scan_samples(&[
        (
            "a/wide_api.exe",
            pe(
                &[],
                &wide(r"%SystemRoot%\System32\WmdmPmSp.sys"),
                service_imports(true),
            ),
        ),
        // Dynamically resolved ANSI API names, netsvcs group instead of StartService.
        (
            "a/dynamic.exe",
            pe(
                &[],
                &strings(&[
                    ascii("CreateServiceA"),
                    ascii("netsvcs"),
                    ascii(r"C:\Windows\System32\pcaudit.sys"),
                ]),
                vec![("KERNEL32.dll", vec!["GetProcAddress", "LoadLibraryA"])],
            ),
        ),
        // Also named in the netsvcs group: only the strong rule is reported.
        (
            "a/both.exe",
            pe(
                &[],
                &strings(&[ascii("netsvcs"), ascii("helpsvc"), ascii("helpsvc.sys")]),
                service_imports(false),
            ),
        ),
        // near misses: the genuine .dll form, no CreateService, not a PE
        (
            "b/genuine_dll.exe",
            pe(
                &[],
                &wide(r"%SystemRoot%\System32\WmdmPmSp.dll"),
                service_imports(true),
            ),
        ),
        (
            "b/no_create.exe",
            pe(
                &[],
                &wide(r"%SystemRoot%\System32\WmdmPmSp.sys"),
                vec![("ADVAPI32.dll", vec!["OpenSCManagerW", "StartServiceW"])],
            ),
        ),
        (
            "b/create_only.exe",
            pe(
                &[],
                &wide(r"%SystemRoot%\System32\WmdmPmSp.sys"),
                vec![("ADVAPI32.dll", vec!["CreateServiceW"])],
            ),
        ),
        (
            "b/script.txt",
            b"OpenSCManagerW CreateServiceW StartServiceW WmdmPmSp.sys netsvcs".to_vec(),
        ),
    ]);
    assert_fires(&run, "a/wide_api.exe", STRONG);
    assert_fires(&run, "a/dynamic.exe", STRONG);
    assert_eq!(rule_names_on(&run, "a/both.exe"), [STRONG]);
    assert_silent(&run, "a/wide_api.exe", WEAK);
    for near in [
        "b/genuine_dll.exe",
        "b/no_create.exe",
        "b/create_only.exe",
        "b/script.txt",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn netsvcs_service_name_needs_the_group_the_whole_name_and_create_service() {
    const RULE: &str = "ThreatNeedle_Netsvcs_Service_Name";
    let rdata = |parts: &[&str]| strings(&parts.iter().map(|p| wide(p)).collect::<Vec<_>>());
    let (_host, run) = scan_samples(&[
        (
            "a/nwcworkstation.exe",
            pe(
                &[],
                &rdata(&["netsvcs", "NWCWorkstation"]),
                service_imports(true),
            ),
        ),
        (
            "a/srservice.exe",
            pe(
                &[],
                &rdata(&["netsvcs", "srservice"]),
                service_imports(false),
            ),
        ),
        // near misses
        (
            "b/no_group.exe",
            pe(&[], &rdata(&["NWCWorkstation"]), service_imports(true)),
        ),
        (
            "b/longer_name.exe",
            pe(
                &[],
                &rdata(&["netsvcs", "NWCWorkstationEx"]),
                service_imports(true),
            ),
        ),
        (
            "b/no_create.exe",
            pe(
                &[],
                &rdata(&["netsvcs", "NWCWorkstation"]),
                vec![("ADVAPI32.dll", vec!["OpenSCManagerW", "StartServiceW"])],
            ),
        ),
        (
            "b/svchost.reg",
            b"[HKLM\\...\\Svchost]\r\n\"netsvcs\"=hex(7):NWCWorkstation CreateServiceW\r\n"
                .to_vec(),
        ),
    ]);
    assert_fires(&run, "a/nwcworkstation.exe", RULE);
    assert_fires(&run, "a/srservice.exe", RULE);
    for near in [
        "b/no_group.exe",
        "b/longer_name.exe",
        "b/no_create.exe",
        "b/svchost.reg",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn registry_config_keys_need_the_key_and_its_value_name() {
    const RULE: &str = "ThreatNeedle_Registry_Config_Keys";
    let regapi = || vec![("ADVAPI32.dll", vec!["RegCreateKeyExW", "RegSetValueExW"])];
    let (_host, run) = scan_samples(&[
        (
            "a/kernelconfig.exe",
            pe(
                &[],
                &strings(&[
                    ascii(r"SOFTWARE\Microsoft\Windows\CurrentVersion\KernelConfig"),
                    ascii("SubVersion"),
                ]),
                regapi(),
            ),
        ),
        // near misses: key without its value, another key, the key in a .reg export
        (
            "b/no_value.exe",
            pe(
                &[],
                &wide(r"SOFTWARE\Microsoft\Windows\CurrentVersion\KernelConfig"),
                regapi(),
            ),
        ),
        (
            "b/other_key.exe",
            pe(
                &[],
                &strings(&[
                    wide(r"SOFTWARE\Microsoft\Windows\CurrentVersion\GameConfigStore"),
                    wide("Description"),
                ]),
                regapi(),
            ),
        ),
        (
            "b/export.reg",
            b"[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\GameConfig]\r\n\"Description\"=hex:00\r\n"
                .to_vec(),
        ),
    ]);
    assert_fires(&run, "a/kernelconfig.exe", RULE);
    assert_no_rule(&run, "b/no_value.exe");
    assert_no_rule(&run, "b/other_key.exe");
    assert_no_rule(&run, "b/export.reg");
}

#[test]
fn startup_shortcut_name_is_the_misspelt_one_in_a_pe() {
    const RULE: &str = "ThreatNeedle_Startup_Shortcut_Name";
    let (_host, run) = scan_samples(&[
        ("a/ascii.exe", pe_with(&ascii(r"\Startup\OneDrives.lnk"))),
        ("b/genuine.exe", pe_with(&wide(r"\Startup\OneDrive.lnk"))),
        ("b/longer.exe", pe_with(&wide(r"\Startup\MyOneDrives.lnk"))),
        (
            "b/notes.txt",
            b"persistence: Startup\\OneDrives.lnk".to_vec(),
        ),
    ]);
    assert_fires(&run, "a/ascii.exe", RULE);
    assert_no_rule(&run, "b/genuine.exe");
    assert_no_rule(&run, "b/longer.exe");
    assert_no_rule(&run, "b/notes.txt");
}

// ---------------------------------------------------------------------------
// Documents: remote template

fn remote_template_rels() -> String {
    settings_rels_xml("https://templates.example.test/Boeing_AERO_GS.dotm", true)
}

/// The ids of the document reasons on a path's finding (none when it has no finding).
fn document_reasons(run: &util::Run, path: &str) -> Vec<String> {
    finding_for(run, path)
        .map(|finding| {
            finding["reasons"]
                .as_array()
                .expect("reasons")
                .iter()
                .filter(|r| r["kind"] == "document")
                .map(|r| r["id"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_remote_template_is_found_by_reading_the_package_stored_or_compressed() {
    // Attribute order and quoting vary between producers.
    let reordered = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship TargetMode='External' Target='http://203.0.113.7/t.dotm' Type='http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate' Id='rId9'/></Relationships>"#;
    let local = settings_rels_xml(
        "file:///C:/Users/alice/AppData/Roaming/Microsoft/Templates/Report.dotm",
        true,
    );
    let internal = settings_rels_xml("https://templates.example.test/t.dotm", false);
    // An external hyperlink next to an internal template: the attributes are in different
    // relationships, which must not combine.
    let split = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="Templates/Normal.dotm"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.test/" TargetMode="External"/></Relationships>"#;
    let (_host, run) = scan_samples(&[
        (
            "a/stored.docx",
            docx_with_settings_rels(&remote_template_rels(), ZipMethod::Stored),
        ),
        (
            "a/compressed.docx",
            docx_with_settings_rels(&remote_template_rels(), ZipMethod::Deflated),
        ),
        (
            "a/reordered.docx",
            docx_with_settings_rels(reordered, ZipMethod::Stored),
        ),
        (
            "a/flat.xml",
            flat_opc_with_settings_rels(&remote_template_rels()),
        ),
        // near misses
        (
            "b/local.docx",
            docx_with_settings_rels(&local, ZipMethod::Deflated),
        ),
        (
            "b/internal.docx",
            docx_with_settings_rels(&internal, ZipMethod::Deflated),
        ),
        (
            "b/split.docx",
            docx_with_settings_rels(split, ZipMethod::Deflated),
        ),
        ("b/flat_local.xml", flat_opc_with_settings_rels(&local)),
        // The relationship as loose text, not in a document.
        ("b/settings.xml.rels", remote_template_rels().into_bytes()),
        // Another part of the package holds it: Word does not fetch templates from there.
        (
            "b/other_part.docx",
            build_zip(&[
                ZipEntry::new("[Content_Types].xml", "<Types/>", ZipMethod::Deflated),
                ZipEntry::new(
                    "word/_rels/document.xml.rels",
                    remote_template_rels(),
                    ZipMethod::Deflated,
                ),
            ]),
        ),
    ]);
    for lure in ["a/stored.docx", "a/compressed.docx", "a/reordered.docx"] {
        let part = format!("{lure}!word/_rels/settings.xml.rels");
        assert_eq!(
            document_reasons(&run, &part),
            ["document_remote_template"],
            "{part}"
        );
        let finding = finding_for(&run, lure).expect("the document itself");
        assert_eq!(finding["level"], "alert", "{lure}");
    }
    assert_eq!(
        document_reasons(&run, "a/flat.xml"),
        ["document_remote_template"]
    );
    for near in [
        "b/local.docx",
        "b/internal.docx",
        "b/split.docx",
        "b/flat_local.xml",
        "b/settings.xml.rels",
        "b/other_part.docx",
    ] {
        assert!(finding_for(&run, near).is_none(), "{near}: {}", run.stdout);
    }
}

// ---------------------------------------------------------------------------
// Documents: macro dropping a payload and a shortcut

/// What the dropper macro does after writing its payload.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Dropper {
    /// Makes a shortcut to the payload and runs it (the published behaviour).
    ShortcutAndRun,
    /// Runs the payload without making a shortcut (near miss).
    RunOnly,
    /// Makes the shortcut but runs nothing (near miss).
    ShortcutOnly,
}

/// A macro in the style of the related lure: writes a payload with ADODB.Stream, then (per
/// `kind`) makes a shortcut and/or runs it.
fn dropper_macro(kind: Dropper) -> Vec<VbaModule> {
    let mut body = String::from(
        r#"Private Sub DropPayload(path As String, data As String)
    Dim st As Object
    Set st = CreateObject("ADODB.Stream")
    st.Type = 2
    st.Open
    st.WriteText data
    st.SaveToFile path, 2
    st.Close
End Sub

Sub AutoOpen()
    Dim p As String
    p = Environ("APPDATA") & "\Microsoft\update.tmp"
    DropPayload p, ActiveDocument.Variables("blob").Value
    Dim sh As Object
    Set sh = CreateObject("WScript.Shell")
"#,
    );
    if kind != Dropper::RunOnly {
        body += r#"    Dim lnk As Object
    Set lnk = sh.CreateShortcut(Environ("APPDATA") & "\Microsoft\Windows\Start Menu\Programs\Startup\OneDrives.lnk")
    lnk.TargetPath = p
    lnk.Arguments = "7486513879852"
    lnk.Save
"#;
    }
    if kind != Dropper::ShortcutOnly {
        body += "    sh.Run Chr(34) & p & Chr(34) & \" 7486513879852\", 0\n";
    }
    body += "End Sub\n";
    vec![
        VbaModule::this_document("Private Sub Document_Open()\n    AutoOpen\nEnd Sub\n"),
        VbaModule::standard("Module1", &body),
    ]
}

#[test]
fn macro_fallback_reads_the_uncompressed_identifiers_of_doc_files() {
    const RULE: &str = "ThreatNeedle_Macro_Drops_Payload_And_Shortcut";
    let cached = VbaCache::Identifiers;
    let identifiers_text = "CreateObject ADODB.Stream SaveToFile WScript.Shell CreateShortcut \
                            OneDrives.lnk Run _VBA_PROJECT";
    let (_host, run) = scan_samples(&[
        (
            "a/lure.doc",
            doc_with_macros(&dropper_macro(Dropper::ShortcutAndRun), cached, ""),
        ),
        // near misses
        (
            "b/run_only.doc",
            doc_with_macros(&dropper_macro(Dropper::RunOnly), cached, ""),
        ),
        (
            "b/shortcut_only.doc",
            doc_with_macros(&dropper_macro(Dropper::ShortcutOnly), cached, ""),
        ),
        // The words in the text of a document without macros, and in a plain file.
        (
            "b/no_project.doc",
            samples::build_cfb(&[samples::CfbNode::Stream(
                "WordDocument".into(),
                identifiers_text.as_bytes().to_vec(),
            )]),
        ),
        ("b/notes.txt", identifiers_text.as_bytes().to_vec()),
    ]);
    assert_fires(&run, "a/lure.doc", RULE);
    for near in [
        "b/run_only.doc",
        "b/shortcut_only.doc",
        "b/no_project.doc",
        "b/notes.txt",
    ] {
        assert_no_rule(&run, near);
    }
}

/// YARA-X 1.22.1's vba module cannot be enabled (its olecf dependency does not compile), so the
/// macro rule in the pack keys on raw strings. This fails once a YARA-X upgrade makes the module
/// available: then a rule on the decompressed macro source (`vba.modules[i].code`) should replace
/// the fallback in signatures/rules/threatneedle_macros.yar.
#[test]
fn vba_module_is_unavailable_so_the_macro_rule_uses_raw_strings() {
    let rules = Host::new();
    let rule = rules.write(
        "macro_vba.yar",
        b"import \"vba\"\nrule Uses_Vba { condition: vba.has_macros }\n",
    );
    let run = needle(["rules", "check", rule.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("unknown module"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// DreamJob: the Windows Update client as DLL loader, its Startup shortcut, the Linux lure

#[test]
fn dreamjob_wuauclt_rules_need_a_dll_between_the_published_flags() {
    const SPECIFIC: &str = "DreamJob_Wuauclt_Loads_Wuaueng_Dll";
    const GENERIC: &str = "DreamJob_Wuauclt_Dll_Proxy_Execution";
    let dropped = r"C:\Users\alice\AppData\Local\Microsoft\Windows\wuaueng.dll";
    let (_host, run) = scan_samples(&[
        // A task's arguments (UTF-16, as Windows writes task XML and shortcut arguments).
        ("a/task_arguments.bin", wide(&wuauclt_arguments(dropped))),
        // A process command line, one argument per line.
        (
            "a/proc/77/cmdline",
            format!(
                "{}\n{}\n",
                wuauclt(),
                wuauclt_arguments(dropped).replace(' ', "\n")
            )
            .into_bytes(),
        ),
        // Any other DLL: the generic rule only.
        (
            "a/other.bat",
            format!(
                "{} {}\r\n",
                wuauclt(),
                wuauclt_arguments(r"C:\ProgramData\x\upd.dll")
            )
            .into_bytes(),
        ),
        // near misses: the genuine engine, no DLL, the flags apart, the flags reversed
        (
            "b/genuine.bat",
            format!(
                "{} {}\r\n",
                wuauclt(),
                wuauclt_arguments(r"C:\Windows\System32\wuaueng.dll")
            )
            .into_bytes(),
        ),
        (
            "b/no_dll.bat",
            format!("{} {}\r\n", wuauclt(), wuauclt_arguments("")).into_bytes(),
        ),
        (
            "b/notes.txt",
            format!(
                "The client takes {} to name a DLL.\nIt is then run with {}.\n",
                ["/UpdateDeployment", "Provider"].concat(),
                ["/RunHandler", "ComServer"].concat()
            )
            .into_bytes(),
        ),
        (
            "b/reversed.bat",
            format!(
                "{} {} {} {}\r\n",
                wuauclt(),
                ["/RunHandler", "ComServer"].concat(),
                dropped,
                ["/UpdateDeployment", "Provider"].concat()
            )
            .into_bytes(),
        ),
    ]);
    assert_eq!(rule_names_on(&run, "a/task_arguments.bin"), [SPECIFIC]);
    assert_eq!(rule_names_on(&run, "a/proc/77/cmdline"), [SPECIFIC]);
    assert_eq!(rule_names_on(&run, "a/other.bat"), [GENERIC]);
    for near in [
        "b/genuine.bat",
        "b/no_dll.bat",
        "b/notes.txt",
        "b/reversed.bat",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn dreamjob_shortcut_name_counts_in_programs_and_macros_not_in_notes() {
    const DROPPER: &str = "DreamJob_Startup_Shortcut_Dropper";
    const NAME: &str = "DreamJob_Startup_Shortcut_Name_PE";
    let startup = format!(
        r"\Microsoft\Windows\Start Menu\Programs\Startup\{}",
        dreamjob_lnk()
    );
    let macro_module = format!(
        "Sub AutoOpen()\r\n    Dim sh As Object\r\n    Set sh = CreateObject(\"WScript.Shell\")\r\n    Set lnk = sh.CreateShortcut(Environ(\"APPDATA\") & \"{startup}\")\r\n    lnk.TargetPath = \"C:\\Windows\\System32\\{}\"\r\n    lnk.Save\r\nEnd Sub\r\n",
        wuauclt()
    );
    let (_host, run) = scan_samples(&[
        (
            "a/dropper.dll",
            pe(
                &[],
                &strings(&[ascii(&startup), ascii(&wuauclt())]),
                Vec::new(),
            ),
        ),
        ("a/name_only.dll", pe_with(&wide(&startup))),
        // near misses: a longer name, the words in notes, the name in a plain script
        (
            "b/longer.dll",
            pe_with(&wide(&startup.replace(".lnk", "ig.lnk"))),
        ),
        (
            "b/report.md",
            format!(
                "The macro drops `{}` and starts `{}`.\n",
                dreamjob_lnk(),
                wuauclt()
            )
            .into_bytes(),
        ),
        (
            "b/cleanup.ps1",
            format!("Remove-Item \"$env:APPDATA{startup}\"\n").into_bytes(),
        ),
    ]);
    assert_eq!(rule_names_on(&run, "a/dropper.dll"), [DROPPER]);
    assert_eq!(rule_names_on(&run, "a/name_only.dll"), [NAME]);
    for near in ["b/longer.dll", "b/report.md", "b/cleanup.ps1"] {
        assert_no_rule(&run, near);
    }

    // The macro source, as needle extracts it from a Word 97-2003 document.
    let (_host, run) = scan_samples(&[(
        "lure/offer.doc",
        doc_with_macros(
            &[VbaModule::standard("Module1", &macro_module)],
            VbaCache::Identifiers,
            "Lockheed Martin: job opportunities",
        ),
    )]);
    let macro_findings: Vec<Value> = run
        .of_type("finding")
        .into_iter()
        .filter(|f| {
            f["path"]
                .as_str()
                .is_some_and(|p| p.contains("/lure/offer.doc!") && p.ends_with("Module1"))
        })
        .collect();
    assert_eq!(macro_findings.len(), 1, "{}", run.stdout);
    let ids: Vec<&str> = macro_findings[0]["reasons"]
        .as_array()
        .expect("reasons")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(ids.contains(&DROPPER), "{ids:?}");
}

#[test]
fn dreamjob_elf_lure_is_an_executable_named_as_a_pdf() {
    const RULE: &str = "DreamJob_ELF_Posing_As_PDF";
    let elf = build_elf(&ElfSpec::default());
    let (_host, run) = scan_samples(&[
        ("a/HSBC job offer.pdf", elf.clone()),
        ("a/OFFER.PDF", elf.clone()),
        // near misses: a real PDF, an ELF named otherwise, .pdf not at the end
        (
            "b/offer.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec(),
        ),
        ("b/offer.bin", elf.clone()),
        ("b/offer.pdf.part", elf),
    ]);
    assert_fires(&run, "a/HSBC job offer.pdf", RULE);
    assert_fires(&run, "a/OFFER.PDF", RULE);
    for near in ["b/offer.pdf", "b/offer.bin", "b/offer.pdf.part"] {
        assert_silent(&run, near, RULE);
    }
}

// ---------------------------------------------------------------------------
// Comebacker: the research project's build event and the rundll32 exports

#[test]
fn comebacker_build_event_must_run_a_database_file_with_rundll32() {
    const DB: &str = "Comebacker_VS_Project_Build_Event_Runs_Database";
    const ANY: &str = "Comebacker_VS_Project_Build_Event_Runs_Rundll32";
    let (_host, run) = scan_samples(&[
        (
            "a/published.vcxproj",
            vcxproj("PreBuildEvent", &zinc_build_event("ENGINE_get_RAND")),
        ),
        (
            "a/postlink.vcxproj",
            vcxproj(
                "PostBuildEvent",
                &format!("{}.exe \"$(IntDir)cache.db\", Start", rundll32()),
            ),
        ),
        (
            "a/helper.vcxproj",
            vcxproj(
                "PreLinkEvent",
                &format!("{} $(OutDir)helper.dll,Install", rundll32()),
            ),
        ),
        // near misses: an ordinary build event, rundll32 outside any event, the command in a
        // batch file (no project), the database opened by sqlite3
        (
            "b/copy.vcxproj",
            vcxproj(
                "PostBuildEvent",
                "xcopy /y \"$(OutDir)tool.exe\" \"$(SolutionDir)bin\\\"",
            ),
        ),
        (
            "b/outside.vcxproj",
            [
                vcxproj("PostBuildEvent", "echo built"),
                format!("<!-- {} x64\\Debug\\Browse.VC.db,Start -->\r\n", rundll32()).into_bytes(),
            ]
            .concat(),
        ),
        (
            "b/build.bat",
            format!("{} x64\\Debug\\Browse.VC.db,Start\r\n", rundll32()).into_bytes(),
        ),
        (
            "b/sqlite.vcxproj",
            vcxproj(
                "PreBuildEvent",
                "sqlite3 x64\\Debug\\Browse.VC.db \"VACUUM;\"",
            ),
        ),
    ]);
    assert_fires(&run, "a/published.vcxproj", DB);
    assert_fires(&run, "a/postlink.vcxproj", DB);
    assert_silent(&run, "a/published.vcxproj", ANY);
    assert_eq!(rule_names_on(&run, "a/helper.vcxproj"), [ANY]);
    for near in [
        "b/copy.vcxproj",
        "b/outside.vcxproj",
        "b/build.bat",
        "b/sqlite.vcxproj",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn comebacker_exports_count_only_as_a_rundll32_call() {
    const RULE: &str = "Comebacker_Rundll32_Export_Command_Line";
    let call = |path: &str, export: &str| format!("{}.exe {path},{export} 4729", rundll32());
    let (_host, run) = scan_samples(&[
        (
            "a/task.xml",
            wide(&format!(
                "<Exec><Command>{}.exe</Command><Arguments>C:\\ProgramData\\USOShared\\uso.bin,SSL_HandShaking 1</Arguments></Exec>",
                rundll32()
            )),
        ),
        (
            "a/run.bat",
            call(r"C:\ProgramData\VirtualBox\update.bin", "deflateSuffix").into_bytes(),
        ),
        // near misses: another export, a longer name, the names listed in a hunting query
        (
            "b/other_export.bat",
            call(r"C:\Windows\System32\shell32.dll", "Control_RunDLL").into_bytes(),
        ),
        (
            "b/longer.bat",
            call(r"C:\ProgramData\x.bin", "ENGINE_get_RANDOM").into_bytes(),
        ),
        (
            "b/hunting.kql",
            format!(
                "let tokens = dynamic([\"SSL_HandShaking\", \"sql_blob_open\"]);\nDeviceProcessEvents\n| where FileName =~ \"{}.exe\"\n| where ProcessCommandLine has_any (tokens)\n",
                rundll32()
            )
            .into_bytes(),
        ),
    ]);
    assert_fires(&run, "a/task.xml", RULE);
    assert_fires(&run, "a/run.bat", RULE);
    for near in ["b/other_export.bat", "b/longer.bat", "b/hunting.kql"] {
        assert_no_rule(&run, near);
    }
}

// ---------------------------------------------------------------------------
// AppleJeus: the installers' LaunchDaemons

#[test]
fn applejeus_launch_daemon_rules_read_installer_scripts() {
    const NAME: &str = "AppleJeus_Published_LaunchDaemon_Name";
    const MOVE: &str = "AppleJeus_Postinstall_Hidden_LaunchDaemon";
    let celas = applejeus_plist(["com.celas", "tradepro.plist"]);
    let union = applejeus_plist(["vip.union", "crypto.plist"]);
    let (_host, run) = scan_samples(&[
        ("a/celas/postinstall", postinstall("CelasTradePro", &celas)),
        ("a/union/postinstall", postinstall("UnionCryptoTrader", &union)),
        // The name in a Mach-O updater's strings (UTF-16 too).
        (
            "a/updater",
            [
                vec![0xCF, 0xFA, 0xED, 0xFE],
                vec![0; 28],
                wide(&format!("/Library/LaunchDaemons/{union}")),
            ]
            .concat(),
        ),
        (
            "a/generic/postinstall",
            postinstall("TradeDesk", "com.tradedesk.updater.plist"),
        ),
        // near misses: a visible plist copied from the bundle, a hidden plist kept in the
        // bundle, the move described in notes, a published name under LaunchAgents
        (
            "b/visible/postinstall",
            b"#!/bin/sh\ncp /Applications/TradeDesk.app/Contents/Resources/com.tradedesk.updater.plist /Library/LaunchDaemons/\n".to_vec(),
        ),
        (
            "b/kept/postinstall",
            b"#!/bin/sh\nmv /Applications/TradeDesk.app/Contents/Resources/.cache.plist /Applications/TradeDesk.app/Contents/Resources/cache.plist\n".to_vec(),
        ),
        (
            "b/notes.txt",
            postinstall("TradeDesk", "com.tradedesk.updater.plist")[10..].to_vec(),
        ),
        (
            "b/agent/postinstall",
            format!("#!/bin/sh\nlaunchctl load /Library/LaunchAgents/{celas}\n").into_bytes(),
        ),
    ]);
    assert_fires(&run, "a/celas/postinstall", NAME);
    assert_silent(&run, "a/celas/postinstall", MOVE);
    assert_fires(&run, "a/union/postinstall", NAME);
    assert_fires(&run, "a/updater", NAME);
    assert_eq!(rule_names_on(&run, "a/generic/postinstall"), [MOVE]);
    for near in [
        "b/visible/postinstall",
        "b/kept/postinstall",
        "b/notes.txt",
        "b/agent/postinstall",
    ] {
        assert_no_rule(&run, near);
    }
}

// ---------------------------------------------------------------------------
// The bridge router: Apache proxy, logrotate, Webmin, SSH tunnels

#[test]
fn bridge_router_apache_rules_need_active_proxy_directives() {
    const BRIDGE: &str = "Bridge_Router_Apache_Proxy_Between_Private_Segments";
    const FORWARD: &str = "Bridge_Router_Apache_Open_Forward_Proxy";
    const REVERSE: &str = "Bridge_Router_Apache_Reverse_Proxy_To_Private_Address";
    let (_host, run) = scan_samples(&[
        (
            "a/bridge.conf",
            b"ProxyRequests On\nProxyRemote * http://172.20.0.1:3128\n".to_vec(),
        ),
        ("a/forward.conf", b"\tproxyrequests on\n".to_vec()),
        (
            "a/reverse.conf",
            b"ProxyPassMatch ^/(.*)$ https://10.0.8.4/$1\n".to_vec(),
        ),
        // near misses: the distribution's commented default, a reverse proxy to a public name,
        // addresses just outside the private ranges, the manual's HTML
        (
            "b/proxy.conf",
            b"<IfModule mod_proxy.c>\n#ProxyRequests On\n#<Proxy *>\n#   AddDefaultCharset off\n#</Proxy>\n</IfModule>\n"
                .to_vec(),
        ),
        (
            "b/public.conf",
            b"ProxyRequests Off\nProxyPass / https://app.example.test/\n".to_vec(),
        ),
        (
            "b/ranges.conf",
            b"ProxyPass /a http://172.32.0.1/\nProxyPass /b http://192.169.1.1/\nProxyPass /c http://11.0.0.1/\n"
                .to_vec(),
        ),
        (
            "b/mod_proxy.html",
            b"<html><body><pre>\nProxyRequests On\nProxyPass /x http://10.0.0.1/\n</pre></body></html>\n"
                .to_vec(),
        ),
    ]);
    assert_eq!(rule_names_on(&run, "a/bridge.conf"), [BRIDGE]);
    assert_eq!(rule_names_on(&run, "a/forward.conf"), [FORWARD]);
    assert_eq!(rule_names_on(&run, "a/reverse.conf"), [REVERSE]);
    assert_eq!(
        rules_on(&run, "a/bridge.conf"),
        [(BRIDGE.to_string(), 60)],
        "one warning, never the two notices added up"
    );
    for near in [
        "b/proxy.conf",
        "b/public.conf",
        "b/ranges.conf",
        "b/mod_proxy.html",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn bridge_router_logrotate_rules_need_log_wiping() {
    const SCRIPT: &str = "Bridge_Router_Logrotate_Script_Deletes_Logs";
    const ROTATE0: &str = "Bridge_Router_Logrotate_Keeps_No_Security_Log";
    let (_host, run) = scan_samples(&[
        (
            "a/shred",
            b"/var/log/httpd/*log {\n    missingok\n    lastaction\n        shred -u /var/log/httpd/*.1\n    endscript\n}\n"
                .to_vec(),
        ),
        (
            "a/truncate",
            b"/var/log/audit/audit.log {\n    prerotate\n        truncate -s 0 /var/log/audit/audit.log\n    endscript\n}\n"
                .to_vec(),
        ),
        (
            "a/webmin",
            b"/var/webmin/miniserv.log /var/log/webmin/miniserv.error {\n    rotate 0\n    daily\n}\n"
                .to_vec(),
        ),
        // near misses: a distribution's reload script, removing a pid file, rotate 0 on an
        // application log, a long retention on the security log
        (
            "b/nginx",
            b"/var/log/nginx/*.log {\n    daily\n    rotate 14\n    postrotate\n        invoke-rc.d nginx rotate >/dev/null 2>&1\n    endscript\n}\n"
                .to_vec(),
        ),
        (
            "b/pidfile",
            b"/var/log/app/*.log {\n    postrotate\n        rm -f /run/app/app.pid && systemctl restart app\n    endscript\n}\n"
                .to_vec(),
        ),
        (
            "b/app",
            b"/var/log/app/debug.log {\n    rotate 0\n    size 10M\n}\n".to_vec(),
        ),
        (
            "b/secure",
            b"/var/log/secure {\n    rotate 10\n    weekly\n}\n".to_vec(),
        ),
    ]);
    assert_eq!(rule_names_on(&run, "a/shred"), [SCRIPT]);
    assert_eq!(rule_names_on(&run, "a/truncate"), [SCRIPT]);
    assert_eq!(rule_names_on(&run, "a/webmin"), [ROTATE0]);
    for near in ["b/nginx", "b/pidfile", "b/app", "b/secure"] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn bridge_router_webmin_rules_read_only_webmin_files() {
    const LOGIN: &str = "Bridge_Router_Webmin_Root_Login";
    const USED: &str = "Bridge_Router_Webmin_Used_As_Root";
    let root_request =
        b"192.0.2.10 - root [03/Jun/2020:08:15:00 +0000] \"POST /proc/run.cgi HTTP/1.1\" 200 311\n";
    let (_host, run) = scan_samples(&[
        (
            "a/etc/webmin/miniserv.users",
            b"admin:x:0\nroot:x:0\n".to_vec(),
        ),
        ("a/var/webmin/miniserv.log.2", root_request.to_vec()),
        // near misses: no root login, root in another server's access log, another user
        ("b/etc/webmin/miniserv.users", b"admin:x:0\n".to_vec()),
        ("b/var/log/httpd/access_log", root_request.to_vec()),
        (
            "b/var/webmin/miniserv.log",
            b"192.0.2.10 - admin [03/Jun/2020:08:15:00 +0000] \"GET / HTTP/1.1\" 200 10\n".to_vec(),
        ),
        (
            "b/etc/passwd",
            b"root:x:0:0:root:/root:/bin/bash\n".to_vec(),
        ),
    ]);
    assert_fires(&run, "a/etc/webmin/miniserv.users", LOGIN);
    assert_fires(&run, "a/var/webmin/miniserv.log.2", USED);
    for near in [
        "b/etc/webmin/miniserv.users",
        "b/var/log/httpd/access_log",
        "b/var/webmin/miniserv.log",
        "b/etc/passwd",
    ] {
        assert_no_rule(&run, near);
    }
}

#[test]
fn bridge_router_ssh_tunnel_needs_a_forward_kept_open_without_a_shell() {
    const RULE: &str = "Bridge_Router_Persistent_SSH_Tunnel";
    // Assembled so that these source lines are no tunnel commands themselves.
    let forward = |flag: &str| format!("{flag} 8443:{}:443", ["10.20", ".0.5"].concat());
    let (_host, run) = scan_samples(&[
        (
            "a/tunnel.service",
            format!(
                "[Service]\nExecStart=/usr/bin/ssh -N {} -o ServerAliveInterval=30 relay@198.51.100.7\nRestart=always\n",
                forward("-L")
            )
            .into_bytes(),
        ),
        (
            "a/rc.local",
            format!("#!/bin/sh\nautossh -M 0 -f {} relay@198.51.100.7\n", forward("-R")).into_bytes(),
        ),
        // near misses: an interactive forward, -N without a forward, a manual page, scp
        (
            "b/interactive.sh",
            format!("ssh {} admin@jump\n", forward("-L")).into_bytes(),
        ),
        ("b/keepalive.sh", b"ssh -N -o ServerAliveInterval=30 admin@jump\n".to_vec()),
        (
            "b/ssh.1",
            format!(".Dd $Mdocdate$\n.Dt SSH 1\nssh -N {} host\n", forward("-L")).into_bytes(),
        ),
        ("b/copy.sh", b"scp -P 2222 backup.tgz admin@10.0.0.5:/srv/\n".to_vec()),
    ]);
    assert_fires(&run, "a/tunnel.service", RULE);
    assert_fires(&run, "a/rc.local", RULE);
    for near in ["b/interactive.sh", "b/keepalive.sh", "b/ssh.1", "b/copy.sh"] {
        assert_no_rule(&run, near);
    }
}
