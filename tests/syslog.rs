//! `--syslog`: a real rsyslog, started by the test on loopback ports, receives one message per
//! finding and one for the summary, over UDP and TCP, in RFC 5424 (structured data), RFC 3164
//! and JSON-in-message; a collector that is not there fails before the scan starts.

mod util;

use std::net::{TcpListener, TcpStream, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use util::{Host, installer_pe, needle, sha256_hex, test_tools};

/// An rsyslogd of its own, writing every raw message it receives into a file.
struct Rsyslog {
    child: Child,
    dir: tempfile::TempDir,
    udp: u16,
    tcp: u16,
}

impl Rsyslog {
    fn start() -> Rsyslog {
        let dir = tempfile::tempdir().expect("temp dir");
        let udp = free_port(|port| UdpSocket::bind(("127.0.0.1", port)).is_ok());
        let tcp = free_port(|port| TcpListener::bind(("127.0.0.1", port)).is_ok());
        let config = format!(
            r#"global(workDirectory="{dir}")
module(load="imudp")
module(load="imtcp")
template(name="raw" type="string" string="%rawmsg%\n")
ruleset(name="needle") {{
  action(type="omfile" file="{dir}/received.log" template="raw")
}}
input(type="imudp" address="127.0.0.1" port="{udp}" ruleset="needle")
input(type="imtcp" address="127.0.0.1" port="{tcp}" ruleset="needle")
"#,
            dir = dir.path().display()
        );
        let conf = dir.path().join("rsyslog.conf");
        std::fs::write(&conf, config).expect("write the configuration");
        let child = test_tools::command("rsyslogd")
            .arg("-n")
            .arg("-f")
            .arg(&conf)
            .arg("-i")
            .arg(dir.path().join("rsyslogd.pid"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start rsyslogd");
        let mut rsyslog = Rsyslog {
            child,
            dir,
            udp,
            tcp,
        };
        // Listening on TCP means its inputs are up (both start together).
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", tcp)).is_err() {
            if let Ok(Some(status)) = rsyslog.child.try_wait() {
                panic!("rsyslogd exited: {status}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "rsyslogd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        rsyslog
    }

    fn log(&self) -> PathBuf {
        self.dir.path().join("received.log")
    }

    /// The messages received, once `count` have arrived (rsyslog writes asynchronously).
    fn messages(&self, count: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(self.log()).unwrap_or_default();
            let lines: Vec<String> = text.lines().map(str::to_string).collect();
            if lines.len() >= count || started.elapsed() > Duration::from_secs(20) {
                // A little longer, to catch messages beyond the count.
                std::thread::sleep(Duration::from_millis(300));
                let text = std::fs::read_to_string(self.log()).unwrap_or_default();
                return text.lines().map(str::to_string).collect();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn clear(&self) {
        let _ = std::fs::remove_file(self.log());
        // rsyslog reopens the file it writes to only on HUP.
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-HUP", &pid]).status();
        std::thread::sleep(Duration::from_millis(300));
    }
}

impl Drop for Rsyslog {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port(usable: impl Fn(u16) -> bool) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("an ephemeral port");
    let base = listener.local_addr().expect("address").port();
    drop(listener);
    (0..200)
        .map(|i| base.wrapping_add(i))
        .find(|&port| port > 1024 && usable(port))
        .expect("a free port")
}

/// A host with an alert (the installer), a warning (a lure's name) and a notice-free rest.
fn compromised_host() -> Host {
    let host = Host::new();
    host.write("ProgramData/ntnser.bin", &installer_pe());
    host.write("Users/bob/Boeing_AERO_GS.docx", b"lure");
    host.write("Users/bob/notes.txt", b"nothing to see");
    host
}

fn scan_to_syslog(host: &Path, url: &str, format: &str) -> util::Run {
    needle([
        "scan",
        "-q",
        "--format",
        "jsonl",
        "--host",
        "alpha",
        "--syslog",
        url,
        "--syslog-format",
        format,
        host.to_str().expect("UTF-8 temp path"),
    ])
}

#[test]
fn rsyslog_receives_one_message_per_finding_and_the_summary() {
    if !test_tools::available(&["rsyslogd"]) {
        return;
    }
    let rsyslog = Rsyslog::start();
    let host = compromised_host();

    // RFC 5424 over UDP: structured data carries the finding's facts.
    let run = scan_to_syslog(
        host.root(),
        &format!("udp://127.0.0.1:{}", rsyslog.udp),
        "rfc5424",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let findings = run.of_type("finding");
    assert_eq!(findings.len(), 2, "{}", run.stdout);
    let messages = rsyslog.messages(findings.len() + 1);
    assert_eq!(messages.len(), findings.len() + 1, "{messages:#?}");
    for finding in &findings {
        let sha256 = finding["sha256"].as_str().expect("sha256");
        let message = messages
            .iter()
            .find(|m| m.contains(&format!("sha256=\"{sha256}\"")))
            .unwrap_or_else(|| panic!("no message for {sha256}: {messages:#?}"));
        // <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] MSG, facility local0.
        let fields: Vec<&str> = message.splitn(7, ' ').collect();
        let severity = if finding["level"] == "alert" { 1 } else { 4 };
        assert_eq!(fields[0], format!("<{}>1", 16 * 8 + severity), "{message}");
        assert!(
            fields[1].ends_with('Z') && fields[1].contains('T'),
            "{message}"
        );
        assert_eq!(fields[2..6], ["alpha", "needle", fields[4], "finding"][..]);
        assert!(fields[6].starts_with("[needle@32473 level="), "{message}");
        assert!(message.contains(&format!(
            "level=\"{}\"",
            finding["level"].as_str().expect("level")
        )));
    }
    assert_eq!(
        messages
            .iter()
            .filter(|m| m.contains(" summary [needle@32473 host=\"alpha\" verdict=\"compromised\""))
            .count(),
        1,
        "{messages:#?}"
    );
    assert!(
        messages.last().expect("messages").contains(" summary "),
        "the summary comes last"
    );

    // JSON in the message, over TCP (octet-counted frames): the records themselves.
    rsyslog.clear();
    let run = scan_to_syslog(
        host.root(),
        &format!("tcp://127.0.0.1:{}", rsyslog.tcp),
        "json",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let messages = rsyslog.messages(3);
    assert_eq!(messages.len(), 3, "{messages:#?}");
    let records: Vec<Value> = messages
        .iter()
        .map(|m| {
            let json = &m[m.find(" - {").unwrap_or_else(|| panic!("no JSON in {m}")) + 3..];
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
        })
        .collect();
    assert_eq!(records[2]["type"], "summary");
    assert_eq!(records[2]["host"], "alpha");
    let installer = records
        .iter()
        .find(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("ntnser.bin"))
        })
        .expect("the installer's record");
    assert_eq!(installer["sha256"], sha256_hex(&installer_pe()));

    // RFC 3164 over UDP, for old collectors.
    rsyslog.clear();
    let run = scan_to_syslog(
        host.root(),
        &format!("udp://127.0.0.1:{}", rsyslog.udp),
        "rfc3164",
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let messages = rsyslog.messages(3);
    assert_eq!(messages.len(), 3, "{messages:#?}");
    for message in &messages {
        let month = &message[message.find('>').expect("PRI") + 1..][..3];
        assert!(
            [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
            ]
            .contains(&month),
            "{message}"
        );
        assert!(message.contains(" alpha needle["), "{message}");
    }
    assert!(
        messages[2].contains("alpha is COMPROMISED"),
        "{}",
        messages[2]
    );
}

#[test]
fn a_syslog_collector_that_is_not_there_stops_the_scan_before_it_starts() {
    let host = compromised_host();
    // A port nothing listens on.
    let port = free_port(|port| TcpListener::bind(("127.0.0.1", port)).is_ok());
    let run = scan_to_syslog(host.root(), &format!("tcp://127.0.0.1:{port}"), "rfc5424");
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("--syslog tcp://127.0.0.1:"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let run = scan_to_syslog(host.root(), "syslog.example:514", "rfc5424");
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("not a syslog address"),
        "{}",
        run.stderr
    );
}
