//! The pages rendered from real reports (three hosts of a small fleet, in `SAMPLES`): the hooks a
//! responder's tooling queries, escaping of hostile names, reports cut short, determinism, no
//! reference to the network; and a real browser (headless Chromium) rendering and running them.

use std::path::PathBuf;

use serde_json::{Value, json};

use super::{SCRIPT, SCRIPT_HASH, fleet_page, scan_page};
use crate::test_tools;

/// `needle scan --format jsonl` of hostA.
const HOST_A: &str = r#"{"type":"note","path":"/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.zip!clam.exe","note":"malformed PE: Malformed entity: Cannot find name from rva 0x80000010 in sections: [SectionTable { name: [91, 67, 76, 65, 77, 65, 86, 93], real_name: None, virtual_size: 4096, virtual_address: 4096, size_of_raw_data: 512, pointer_to_raw_data: 1, pointer_to_relocations: 0, pointer_to_linenumbers: 0, number_of_relocations: 0, number_of_linenumbers: 0, characteristics: 3221225472 }]. This may be a packed binary or malformed sections.","schema":1}
{"type":"finding","path":"/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.zip!clam.exe","size":544,"md5":"aa15bcf478d165efd2065190eb473bcb","sha1":"62dd70f5e7530e0239901ac186f1f9ae39292561","sha256":"71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495","file_type":"pe","score":90,"level":"alert","reasons":[{"kind":"hash","id":"aa15bcf478d165efd2065190eb473bcb","score":90,"description":"ClamAV test file","source":"/tmp/fleet-samples/iocs.txt:1","evidence":["MD5 aa15bcf478d165efd2065190eb473bcb"]}],"rule_scanned":true,"notes":["malformed PE: Malformed entity: Cannot find name from rva 0x80000010 in sections: [SectionTable { name: [91, 67, 76, 65, 77, 65, 86, 93], real_name: None, virtual_size: 4096, virtual_address: 4096, size_of_raw_data: 512, pointer_to_raw_data: 1, pointer_to_relocations: 0, pointer_to_linenumbers: 0, number_of_relocations: 0, number_of_linenumbers: 0, characteristics: 3221225472 }]. This may be a packed binary or malformed sections."],"schema":1}
{"type":"finding","path":"/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.zip","size":404,"md5":"ce2ff87e1e11eb0044e7db6b2c7a2717","sha1":"8959c24490bb6547a69f8245952b6f6a2e20d5fc","sha256":"d7c5ab686ee8bba09555d19bb854cfbcbe06d4bcbf87e3e3285878e8d47b80de","file_type":"zip","score":90,"level":"alert","reasons":[{"kind":"member","id":"clam.exe","score":90,"description":"holds clam.exe, flagged (alert)","evidence":["/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.zip!clam.exe"]}],"rule_scanned":true,"schema":1}
{"type":"note","path":"/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.7z!clam.exe","note":"malformed PE: Malformed entity: Cannot find name from rva 0x80000010 in sections: [SectionTable { name: [91, 67, 76, 65, 77, 65, 86, 93], real_name: None, virtual_size: 4096, virtual_address: 4096, size_of_raw_data: 512, pointer_to_raw_data: 1, pointer_to_relocations: 0, pointer_to_linenumbers: 0, number_of_relocations: 0, number_of_linenumbers: 0, characteristics: 3221225472 }]. This may be a packed binary or malformed sections.","schema":1}
{"type":"finding","path":"/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.7z!clam.exe","size":544,"md5":"aa15bcf478d165efd2065190eb473bcb","sha1":"62dd70f5e7530e0239901ac186f1f9ae39292561","sha256":"71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495","file_type":"pe","score":90,"level":"alert","reasons":[{"kind":"hash","id":"aa15bcf478d165efd2065190eb473bcb","score":90,"description":"ClamAV test file","source":"/tmp/fleet-samples/iocs.txt:1","evidence":["MD5 aa15bcf478d165efd2065190eb473bcb"]}],"rule_scanned":true,"notes":["malformed PE: Malformed entity: Cannot find name from rva 0x80000010 in sections: [SectionTable { name: [91, 67, 76, 65, 77, 65, 86, 93], real_name: None, virtual_size: 4096, virtual_address: 4096, size_of_raw_data: 512, pointer_to_raw_data: 1, pointer_to_relocations: 0, pointer_to_linenumbers: 0, number_of_relocations: 0, number_of_linenumbers: 0, characteristics: 3221225472 }]. This may be a packed binary or malformed sections."],"schema":1}
{"type":"finding","path":"/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.7z","size":362,"md5":"30cc73fe9ec56e474c4d19c57ffe0546","sha1":"994d8977dc4f9406319c0a17b22dfc608cf2f3d5","sha256":"eb9075912c0ecd1ddc840922f87795061466314f403f20ea8bb9daf5d533c242","file_type":"unknown","score":90,"level":"alert","reasons":[{"kind":"member","id":"clam.exe","score":90,"description":"holds clam.exe, flagged (alert)","evidence":["/tmp/fleet-samples/hostA/Users/bob/Downloads/clam.7z!clam.exe"]}],"rule_scanned":true,"schema":1}
{"type":"autostart","path":"/tmp/fleet-samples/hostA/Windows/System32/config/SOFTWARE!Microsoft\\Windows\\CurrentVersion\\Run\\SecurityHealth","kind":"run","command":"%windir%\\system32\\SecurityHealthSystray.exe","program":"%windir%\\system32\\SecurityHealthSystray.exe","value":{"type":"REG_EXPAND_SZ","data":"%windir%\\system32\\SecurityHealthSystray.exe"},"target":{"path":"C:\\Windows\\system32\\SecurityHealthSystray.exe","status":"missing"},"score":25,"reasons":[{"kind":"autostart","id":"target_missing","score":25,"description":"starts C:\\Windows\\system32\\SecurityHealthSystray.exe, which is not on the host"}],"schema":1}
{"type":"finding","path":"/tmp/fleet-samples/hostA/Windows/System32/config/SOFTWARE!Microsoft\\Windows\\CurrentVersion\\GameConfig\\Description","size":9,"md5":"30d3a5d14d78a1b6ae2f0e166bbc219e","sha1":"3147dc5846e2c28672d5138429cfd095ef6fc3e6","sha256":"e377f73cc5351f1bc009955aa7b5dbc4067c4fc4ee39faf5dfcd015227bf0998","file_type":"unknown","score":80,"level":"alert","reasons":[{"kind":"registry","id":"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\GameConfig\\Description","score":80,"description":"ThreatNeedle installer configuration, RC4-encrypted (T1112)","source":"embedded:iocs/threatneedle-registry-iocs.txt:6","evidence":["present in the hive as /tmp/fleet-samples/hostA/Windows/System32/config/SOFTWARE!Microsoft\\Windows\\CurrentVersion\\GameConfig\\Description"]}],"rule_scanned":true,"entry":{"value":{"type":"REG_BINARY","data":"8f3a5c0011d2e4b7a9 (9 bytes)"}},"schema":1}
{"type":"summary","host":"hostA","os":{"family":"linux","name":"Debian GNU/Linux 12 (bookworm)","kernel":"6.18.44-fc-v1300"},"scanner":{"name":"needle","version":"0.1.0","yara_x":"1.22.1"},"signatures":{"digest":"6caf2dabe0070b4ee49763b465e9182a8560ae8c229b61ffb28e1d248cef26a6","rule_files":7,"rules":13,"rule_errors":0,"rule_warnings":0,"iocs":{"md5":55,"sha1":0,"sha256":0,"filename":21,"false_positive_hashes":0,"c2_domains":0,"c2_urls":47,"c2_ips":0,"registry":2},"ioc_problems":0},"roots":["/tmp/fleet-samples/hostA"],"start":"2026-12-07T05:04:27Z","end":"2026-12-07T05:04:27Z","duration_secs":0.001,"files_scanned":3,"members_scanned":2,"bytes_scanned":13054,"findings":{"alert":5,"warning":0,"notice":0},"errors":0,"skipped":{},"symlinks":0,"excluded":0,"allowlisted":0,"notes":2,"cached":0,"autostarts":1,"interrupted":false,"verdict":"compromised","schema":1}
"#;

/// `needle scan --format jsonl` of hostB.
const HOST_B: &str = r#"{"type":"finding","path":"/tmp/fleet-samples/hostB/Boeing_AERO_GS.docx","size":11,"md5":"20a6adb3ed692b77400559a4702671fd","sha1":"2812113a0f2feed7efc880f9dfc8e84e54e6c260","sha256":"290634126baf42f66a235d782266d867e71a1f19291a2718c6ab88b1c9cfbccd","file_type":"unknown","score":60,"level":"warning","reasons":[{"kind":"filename","id":"\\\\Boeing_AERO_GS\\.docx$","score":60,"description":"ThreatNeedle lure document (remote template)","source":"embedded:iocs/threatneedle-filename-iocs.txt:38","evidence":["path matches /\\\\Boeing_AERO_GS\\.docx$/i"]}],"rule_scanned":true,"schema":1}
{"type":"autostart","path":"/tmp/fleet-samples/hostB/etc/cron.d/job","line":1,"kind":"cron","command":"/tmp/.x/kworker","program":"/tmp/.x/kworker","user":"root","details":["*/5 * * * *"],"target":{"path":"/tmp/.x/kworker","status":"missing"},"score":55,"level":"notice","reasons":[{"kind":"autostart","id":"target_missing","score":25,"description":"starts /tmp/.x/kworker, which is not on the host"},{"kind":"autostart","id":"target_user_writable","score":30,"description":"starts /tmp/.x/kworker, in a place users can write to"}],"schema":1}
{"type":"finding","path":"/tmp/fleet-samples/hostB/etc/cron.d/job","size":33,"md5":"7d68f5a254bfc40e804f97d2b55d4b39","sha1":"ae92a6711af15a0ae054056f2f7df823e6b172e1","sha256":"da7eb51169a04bed9c785b9bb16cb018d43ac580eba56555a6772c7abe01275b","file_type":"unknown","score":55,"level":"notice","reasons":[{"kind":"autostart","id":"target_missing","score":25,"description":"starts /tmp/.x/kworker, which is not on the host"},{"kind":"autostart","id":"target_user_writable","score":30,"description":"starts /tmp/.x/kworker, in a place users can write to"}],"rule_scanned":true,"entry":{"line":1,"autostart":{"kind":"cron","command":"/tmp/.x/kworker","program":"/tmp/.x/kworker","user":"root","details":["*/5 * * * *"]},"target":{"path":"/tmp/.x/kworker","status":"missing"}},"schema":1}
{"type":"summary","host":"hostB","os":{"family":"linux","name":"Debian GNU/Linux 12 (bookworm)","kernel":"6.18.44-fc-v1300"},"scanner":{"name":"needle","version":"0.1.0","yara_x":"1.22.1"},"signatures":{"digest":"0861dd6be8b9fc478c6e6dbc700959e68dde5e4c509248fa096d0adda4a0c480","rule_files":7,"rules":13,"rule_errors":0,"rule_warnings":0,"iocs":{"md5":54,"sha1":0,"sha256":0,"filename":21,"false_positive_hashes":0,"c2_domains":0,"c2_urls":47,"c2_ips":0,"registry":2},"ioc_problems":0},"roots":["/tmp/fleet-samples/hostB"],"start":"2026-12-07T05:04:31Z","end":"2026-12-07T05:04:31Z","duration_secs":0.001,"files_scanned":2,"members_scanned":0,"bytes_scanned":44,"findings":{"alert":0,"warning":1,"notice":1},"errors":0,"skipped":{},"symlinks":0,"excluded":0,"allowlisted":0,"notes":0,"cached":0,"autostarts":1,"interrupted":false,"verdict":"suspicious","schema":1}
"#;

/// `needle scan --format jsonl` of hostC.
const HOST_C: &str = r#"{"type":"summary","host":"hostC","os":{"family":"linux","name":"Debian GNU/Linux 12 (bookworm)","kernel":"6.18.44-fc-v1300"},"scanner":{"name":"needle","version":"0.1.0","yara_x":"1.22.1"},"signatures":{"digest":"0861dd6be8b9fc478c6e6dbc700959e68dde5e4c509248fa096d0adda4a0c480","rule_files":7,"rules":13,"rule_errors":0,"rule_warnings":0,"iocs":{"md5":54,"sha1":0,"sha256":0,"filename":21,"false_positive_hashes":0,"c2_domains":0,"c2_urls":47,"c2_ips":0,"registry":2},"ioc_problems":0},"roots":["/usr/share/doc/bash"],"start":"2026-12-07T05:04:27Z","end":"2026-12-07T05:04:27Z","duration_secs":0.005,"files_scanned":15,"members_scanned":11,"bytes_scanned":328794,"findings":{"alert":0,"warning":0,"notice":0},"errors":0,"skipped":{},"symlinks":0,"excluded":0,"allowlisted":0,"notes":0,"cached":0,"autostarts":0,"interrupted":false,"verdict":"clean","schema":1}
"#;

/// The records of a JSON Lines report.
fn records(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("the samples are JSON Lines"))
        .collect()
}

/// hostA's report cut short after its first three records: no summary, so no verdict; it shares
/// its two flagged files with hostA.
fn host_d() -> String {
    HOST_A.lines().take(3).collect::<Vec<_>>().join("\n")
}

/// What `needle report merge` computes from these reports, built the simple way.
fn fleet_of(reports: &[(&str, &str)]) -> (Value, Vec<(String, Value)>) {
    let mut hosts = Vec::new();
    let mut findings = Vec::new();
    let mut verdicts = json!({"compromised": 0, "suspicious": 0, "clean": 0, "unknown": 0});
    let mut totals = json!({"alert": 0, "warning": 0, "notice": 0});
    let mut problems = Vec::new();
    for (host, jsonl) in reports {
        let records = records(jsonl);
        let summary = records.iter().find(|record| record["type"] == "summary");
        let mine: Vec<&Value> = records
            .iter()
            .filter(|record| record["type"] == "finding")
            .collect();
        let mut counts = json!({"alert": 0, "warning": 0, "notice": 0});
        for finding in &mine {
            let level = finding["level"].as_str().expect("findings have a level");
            counts[level] = json!(counts[level].as_i64().unwrap_or(0) + 1);
            totals[level] = json!(totals[level].as_i64().unwrap_or(0) + 1);
            findings.push((host.to_string(), (*finding).clone()));
        }
        let verdict = summary.map_or(Value::Null, |summary| summary["verdict"].clone());
        let tally = verdict.as_str().unwrap_or("unknown");
        verdicts[tally] = json!(verdicts[tally].as_i64().unwrap_or(0) + 1);
        let mut own_problems = Vec::new();
        if summary.is_none() {
            own_problems.push("no summary at the end: the scan did not finish writing this report");
            problems.push(format!(
                "{host}.jsonl: no summary at the end: the scan did not finish writing this report"
            ));
        }
        let summary = summary.cloned().unwrap_or(Value::Null);
        hosts.push(json!({
            "host": host, "report": format!("{host}.jsonl"), "verdict": verdict,
            "findings": counts, "errors": summary["errors"].as_i64().unwrap_or(0),
            "interrupted": summary["interrupted"].as_bool().unwrap_or(false),
            "complete": !summary.is_null(),
            "scanner": summary["scanner"]["version"].as_str().map(|v| format!("needle {v}")),
            "signatures_digest": summary["signatures"]["digest"],
            "start": summary["start"], "end": summary["end"],
            "files_scanned": summary["files_scanned"], "problems": own_problems,
        }));
    }
    let fleet = json!({
        "type": "fleet", "schema": 1, "hosts": hosts, "verdicts": verdicts, "findings": totals,
        "artifacts": shared_artifacts(&findings),
        "versions": [
            "needle 0.1.0, signatures 0861dd6be8b9fc478c6e6dbc700959e68dde5e4c509248fa096d0adda4a0c480",
            "needle 0.1.0, signatures 6caf2dabe0070b4ee49763b465e9182a8560ae8c229b61ffb28e1d248cef26a6",
        ],
        "problems": problems,
    });
    (fleet, findings)
}

/// Flagged files (by SHA-256) found on more than one host.
fn shared_artifacts(findings: &[(String, Value)]) -> Vec<Value> {
    let mut by_hash: std::collections::BTreeMap<&str, Vec<&(String, Value)>> = Default::default();
    for finding in findings {
        let sha256 = finding.1["sha256"].as_str().expect("findings are hashed");
        by_hash.entry(sha256).or_default().push(finding);
    }
    by_hash
        .into_iter()
        .filter_map(|(sha256, seen)| {
            let mut hosts: Vec<&str> = seen.iter().map(|(host, _)| host.as_str()).collect();
            hosts.dedup();
            let first = &seen[0].1;
            (hosts.len() > 1).then(|| {
                json!({
                    "sha256": sha256, "md5": first["md5"], "level": first["level"],
                    "score": first["score"], "hosts": hosts,
                    "paths": seen.iter().map(|(host, f)| format!("{host}: {}", f["path"].as_str().unwrap_or(""))).collect::<Vec<_>>(),
                    "reasons": first["reasons"].as_array().map(|reasons| reasons.iter().map(|r| r["id"].clone()).collect::<Vec<_>>()),
                })
            })
        })
        .collect()
}

fn sample_fleet() -> (Value, Vec<(String, Value)>) {
    let host_d = host_d();
    fleet_of(&[
        ("hostA", HOST_A),
        ("hostB", HOST_B),
        ("hostC", HOST_C),
        ("hostD", &host_d),
    ])
}

/// The text of the element with this id (a leaf element: text up to the next tag).
fn text_of_id(html: &str, id: &str) -> Option<String> {
    let start = html.find(&format!(" id=\"{id}\""))?;
    let text = &html[start..];
    let text = &text[text.find('>')? + 1..];
    Some(text[..text.find('<')?].to_string())
}

/// The values of `attribute` on the `<tr>` rows of this class, in document order.
fn row_attributes(html: &str, class: &str, attribute: &str) -> Vec<String> {
    let opening = format!("<tr class=\"{class}\" {attribute}=\"");
    html.match_indices(&opening)
        .map(|(at, _)| {
            let value = &html[at + opening.len()..];
            value[..value.find('"').unwrap_or(0)].to_string()
        })
        .collect()
}

/// The start tags of the markup (text never holds a raw `<`: it is escaped).
fn tags(html: &str) -> Vec<&str> {
    html.split('<')
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap_or(rest.len())])
        .collect()
}

#[test]
fn the_samples_show_their_verdicts_counts_and_rows() {
    let cases = [
        (HOST_A, "COMPROMISED", vec!["alert"; 5]),
        (HOST_B, "SUSPICIOUS", vec!["warning", "notice"]),
        (HOST_C, "CLEAN", vec![]),
    ];
    for (report, verdict, levels) in cases {
        let html = scan_page(&records(report));
        assert_eq!(text_of_id(&html, "verdict").as_deref(), Some(verdict));
        assert_eq!(
            text_of_id(&html, "finding-count"),
            Some(levels.len().to_string())
        );
        assert_eq!(row_attributes(&html, "finding", "data-level"), levels);
        assert!(!html.contains("id=\"incomplete\""), "{verdict}");
    }
}

#[test]
fn a_scan_page_shows_what_was_scanned_and_every_section() {
    let html = scan_page(&records(HOST_A));
    for expected in [
        "Debian GNU/Linux 12 (bookworm)",
        "<code>/tmp/fleet-samples/hostA</code>",
        "6caf2dabe0070b4ee49763b465e9182a8560ae8c229b61ffb28e1d248cef26a6",
        "ClamAV test file",
        "<code>/tmp/fleet-samples/iocs.txt:1</code>",
        "<code>clam.exe</code>",
        "<span class=\"kind\">REG_BINARY</span> <code>8f3a5c0011d2e4b7a9 (9 bytes)</code>",
        "71e7b604d18aefd839e51a39c88df8383bb4c071dc31f87f00a2b5df580d4495",
        "<tr class=\"autostart\" data-level=\"none\">",
        "id=\"notes-table\"",
        "@media print",
    ] {
        assert!(html.contains(expected), "{expected} missing");
    }
    let cron = scan_page(&records(HOST_B));
    assert!(
        cron.contains("<code>/tmp/.x/kworker</code> <span class=\"tag tag-bad\">missing</span>")
    );
    assert!(cron.contains("<li>*/5 * * * *</li>"));
}

#[test]
fn the_fleet_page_lists_hosts_worst_first() {
    let (fleet, findings) = sample_fleet();
    let html = fleet_page(&fleet, &findings);
    assert_eq!(text_of_id(&html, "host-count").as_deref(), Some("4"));
    assert_eq!(text_of_id(&html, "verdict").as_deref(), Some("COMPROMISED"));
    assert_eq!(
        row_attributes(&html, "host", "data-verdict"),
        ["compromised", "suspicious", "unknown", "clean"]
    );
    assert_eq!(text_of_id(&html, "finding-count").as_deref(), Some("9"));
    assert_eq!(
        row_attributes(&html, "finding", "data-level"),
        [vec!["alert"; 7], vec!["warning", "notice"]].concat()
    );
    assert!(html.contains("unknown / incomplete"));
    assert!(html.contains("hostD.jsonl: no summary at the end"));
    assert_eq!(
        row_attributes(&html, "artifact", "data-level"),
        ["alert", "alert"]
    );
    let order = [
        "id=\"verdicts\"",
        "id=\"hosts\"",
        "id=\"artifacts\"",
        "id=\"findings\"",
    ];
    let positions: Vec<usize> = order.iter().map(|id| html.find(id).expect(id)).collect();
    assert!(positions.is_sorted(), "{positions:?}");
}

/// A finding whose name, rule text and level were chosen by an attacker.
fn hostile_finding() -> Value {
    json!({
        "type": "finding",
        "path": "/tmp/<script>alert(1)</script>\" onmouseover=\"alert(2)' x=\n\u{1b}[31m\u{202e}fdp.exe",
        "size": 1, "md5": "<b>", "file_type": "pe", "score": 90, "level": "alert\"><script>",
        "reasons": [{"kind": "rule", "id": "R'<i>", "score": 90,
                     "description": "<img src=x onerror=alert(3)>", "source": "a&b",
                     "evidence": ["$a at 0x0 <iframe>"]}],
        "schema": 1
    })
}

#[test]
fn hostile_names_render_as_text() {
    let summary = json!({"type": "summary", "host": "</title><script>alert(4)</script>",
                         "verdict": "clean\" onload=\"x", "schema": 1});
    let html = scan_page(&[hostile_finding(), summary]);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    for tag in tags(&html) {
        assert!(
            !["onmouseover", "onerror", "onload", "<img", "iframe"]
                .iter()
                .any(|bad| tag.contains(bad)),
            "{tag}"
        );
        assert!(!tag.starts_with("b>") && !tag.starts_with("i>"), "{tag}");
    }
    for escaped in [
        "/tmp/&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;alert(2)&#39; x=",
        "<span class=\"ctl\">\\n</span><span class=\"ctl\">\\u{1b}</span>[31m<span class=\"ctl\">\\u{202e}</span>fdp.exe",
        "&lt;img src=x onerror=alert(3)&gt;",
        "<title>needle scan of &lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;: UNKNOWN</title>",
        "<code>a&amp;b</code>",
    ] {
        assert!(html.contains(escaped), "{escaped} missing");
    }
    assert_eq!(row_attributes(&html, "finding", "data-level"), ["none"]);
    assert!(!html.chars().any(|c| c.is_control() && c != '\n'));
}

#[test]
fn a_name_that_is_not_utf8_is_shown_lossy_and_flagged() {
    let finding = json!({"type": "finding", "path": "/home/bob/caf\u{fffd}.bin",
                         "path_b64": "L2hvbWUvYm9iL2NhZukuYmlu", "score": 80, "level": "alert",
                         "reasons": []});
    let html = scan_page(&[finding]);
    assert!(
        html.contains(
            "<code>/home/bob/caf\u{fffd}.bin</code> <span class=\"tag\">(not UTF-8)</span>"
        )
    );
    assert!(html.contains("<code>L2hvbWUvYm9iL2NhZukuYmlu</code>"));
}

#[test]
fn a_report_cut_short_says_so_first() {
    let html = scan_page(&records(&host_d()));
    assert_eq!(text_of_id(&html, "verdict").as_deref(), Some("UNKNOWN"));
    assert_eq!(text_of_id(&html, "finding-count").as_deref(), Some("2"));
    let warning = html
        .find("id=\"incomplete\"")
        .expect("the incomplete warning");
    assert!(warning < html.find("id=\"findings\"").expect("findings"));
    assert!(html.contains("<span class=\"n\">2</span> alerts"));
}

#[test]
fn empty_reports_render() {
    let nothing = scan_page(&[]);
    assert_eq!(text_of_id(&nothing, "verdict").as_deref(), Some("UNKNOWN"));
    assert_eq!(text_of_id(&nothing, "finding-count").as_deref(), Some("0"));
    let clean = scan_page(&records(HOST_C));
    assert!(clean.contains("No findings"));
    assert!(!clean.contains("<tr class=\"finding\""));
    let (fleet, _) = fleet_of(&[]);
    let empty_fleet = fleet_page(&fleet, &[]);
    assert_eq!(text_of_id(&empty_fleet, "host-count").as_deref(), Some("0"));
    assert_eq!(
        text_of_id(&empty_fleet, "verdict").as_deref(),
        Some("UNKNOWN")
    );
}

#[test]
fn output_is_deterministic_and_independent_of_arrival_order() {
    let hostile = hostile_finding();
    let mut a = records(HOST_A);
    a.insert(0, hostile);
    assert_eq!(scan_page(&a), scan_page(&a));
    let summary = a.pop().expect("the summary");
    let mut shuffled: Vec<Value> = a.iter().rev().cloned().collect();
    shuffled.push(summary.clone());
    a.push(summary);
    assert_eq!(scan_page(&a), scan_page(&shuffled));
    let (fleet, findings) = sample_fleet();
    assert_eq!(fleet_page(&fleet, &findings), fleet_page(&fleet, &findings));
}

/// Every `src=`, `href=` and `url(` in the page, with the value that follows it.
fn references(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    ["src=", "href=", "url("]
        .iter()
        .flat_map(|marker| {
            lower
                .match_indices(marker)
                .map(|(at, m)| &lower[at + m.len()..])
        })
        .map(|value| {
            let value = value.trim_start_matches(['"', '\'', ' ']);
            value.chars().take(40).collect()
        })
        .collect()
}

#[test]
fn pages_reference_nothing_outside_themselves() {
    let (fleet, findings) = sample_fleet();
    let mut pages: Vec<String> = [HOST_A, HOST_B, HOST_C]
        .iter()
        .map(|report| scan_page(&records(report)))
        .collect();
    pages.push(fleet_page(&fleet, &findings));
    for html in &pages {
        let found = references(html);
        assert!(!found.is_empty(), "the links to the sections are found");
        for value in found {
            assert!(value.starts_with('#'), "reference to {value}");
            assert!(
                !["http:", "https:", "//"]
                    .iter()
                    .any(|url| value.starts_with(url))
            );
        }
        assert!(!html.contains("<link") && !html.contains("@import") && !html.contains("://"));
        assert!(html.contains("content=\"default-src 'none';"));
    }
}

#[test]
fn the_script_hash_in_the_policy_is_the_scripts() {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(SCRIPT.as_bytes());
    let expected = format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    );
    assert_eq!(SCRIPT_HASH, expected, "set SCRIPT_HASH to the new value");
}

/// The pages and their screenshots go where `NEEDLE_TEST_SCREENSHOTS` says, to be looked at;
/// else into a temporary directory, only checked.
#[test]
fn chromium_renders_the_pages_and_runs_their_script() {
    if !test_tools::available(&[test_tools::CHROMIUM]) {
        return;
    }
    let work = tempfile::tempdir().expect("a temp dir");
    let shots = std::env::var_os("NEEDLE_TEST_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| work.path().to_path_buf());
    std::fs::create_dir_all(&shots).expect("the screenshot directory");
    let (fleet, findings) = sample_fleet();
    let mut hostile = records(HOST_B);
    hostile.insert(0, hostile_finding());
    let pages = [
        (
            "scan-hostA",
            scan_page(&records(HOST_A)),
            "COMPROMISED",
            "5",
        ),
        ("scan-hostB-hostile", scan_page(&hostile), "SUSPICIOUS", "3"),
        ("scan-hostC", scan_page(&records(HOST_C)), "CLEAN", "0"),
        (
            "scan-hostD-cut-short",
            scan_page(&records(&host_d())),
            "UNKNOWN",
            "2",
        ),
        ("fleet", fleet_page(&fleet, &findings), "COMPROMISED", "9"),
    ];
    for (index, (name, html, verdict, count)) in pages.iter().enumerate() {
        let page = shots.join(format!("{name}.html"));
        std::fs::write(&page, html).expect("writing the page");
        let profile = work.path().join(format!("profile-{index}"));
        let dom = test_tools::browser_dom(&page, &profile);
        assert!(
            dom.contains("data-ready=\"1\""),
            "{name}: the script did not finish"
        );
        assert_eq!(
            text_of_id(&dom, "verdict").as_deref(),
            Some(*verdict),
            "{name}"
        );
        assert_eq!(
            text_of_id(&dom, "finding-count").as_deref(),
            Some(*count),
            "{name}"
        );
        if *count != "0" {
            let shown = format!("{count} of {count} shown");
            assert_eq!(
                text_of_id(&dom, "findings-table-shown").as_deref(),
                Some(shown.as_str()),
                "{name}: the filter ran"
            );
        }
        assert_eq!(dom.matches("<script").count(), 1, "{name}");
        for tag in tags(&dom) {
            assert!(
                !tag.contains("onmouseover") && !tag.contains("onerror"),
                "{tag}"
            );
        }
        let png = test_tools::browser_screenshot(&page, &profile, &shots);
        let bytes = std::fs::read(&png).expect("the screenshot is written");
        assert!(bytes.starts_with(b"\x89PNG"), "{name}: not a PNG");
        assert!(bytes.len() > 20_000, "{name}: a blank screenshot?");
    }
}
