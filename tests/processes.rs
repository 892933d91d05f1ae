//! Live processes (`needle scan --processes`): real child processes started by the test, one
//! holding a C2 URL only in its heap (assembled at run time: in no file and not in its command
//! line), one whose executable was deleted after it started, one connected to a loopback
//! listener whose address a test C2 indicator names. Loopback only.

mod util;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use util::{Host, Run, needle};

/// A child process, killed when the test ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a Python child running `script`, and waits until it prints `ready`.
fn python_child(script: &str) -> Running {
    let mut child = util::test_tools::command("python3")
        .args(["-c", script])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 starts");
    let stdout = child.stdout.take().expect("piped");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the child says it is ready");
    assert_eq!(line.trim(), "ready", "child output");
    Running(child)
}

fn scan_processes(extra: &[&str]) -> Run {
    let mut args = vec!["scan", "--processes", "--format", "jsonl", "-q"];
    args.extend_from_slice(extra);
    needle(args)
}

/// The findings about process `pid`.
fn findings_of(run: &Run, pid: u32) -> Vec<Value> {
    run.of_type("finding")
        .into_iter()
        .filter(|f| f["process"]["pid"] == pid)
        .collect()
}

#[test]
fn a_c2_url_held_only_in_a_process_heap_is_found_with_its_pid() {
    if !util::test_tools::available(&["python3"]) {
        return;
    }
    // The URL exists only once the child has joined its halves; its command line holds them
    // apart, reversed.
    let script = r#"
import sys, time
a = "php.xedni/ehcac/eroc/ur.nediam"[::-1]
b = "-nori.murof"[::-1]
held = [("https://" + b + a) * 1 for _ in range(3)]
print("ready", flush=True)
time.sleep(120)
"#;
    let child = python_child(script);
    let pid = child.0.id();
    let run = scan_processes(&[]);
    let findings = findings_of(&run, pid);
    let memory = findings
        .iter()
        .find(|f| {
            f["reasons"]
                .as_array()
                .is_some_and(|r| r.iter().any(|r| r["kind"] == "c2"))
        })
        .unwrap_or_else(|| panic!("the URL in pid {pid}'s memory: {}", run.stdout));
    assert!(
        memory["path"]
            .as_str()
            .is_some_and(|p| p.starts_with(&format!("pid {pid} ("))),
        "{memory}"
    );
    assert!(matches!(
        memory["level"].as_str(),
        Some("alert" | "warning")
    ));
    assert!(memory["process"]["region"].as_str().is_some(), "{memory}");
    assert_eq!(memory["process"]["cmdline"][0], "python3");
    // Not found in the command line: the halves are reversed there.
    assert!(
        findings
            .iter()
            .all(|f| !f["path"].as_str().is_some_and(|p| p.ends_with("!cmdline"))),
        "{findings:?}"
    );
    drop(child);
}

#[test]
fn a_process_whose_executable_was_deleted_is_flagged() {
    let work = Host::new();
    let program = work.path("bin/sleeper");
    std::fs::create_dir_all(program.parent().expect("dir")).expect("dir");
    std::fs::copy("/bin/sleep", &program).expect("copy sleep");
    let child = Running(
        Command::new(&program)
            .arg("120")
            .spawn()
            .expect("the copy of sleep starts"),
    );
    let pid = child.0.id();
    // Wait until the kernel shows the program as its executable, then delete it.
    let exe = Path::new("/proc").join(pid.to_string()).join("exe");
    for _ in 0..100 {
        if std::fs::read_link(&exe).is_ok_and(|target| target == program) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::fs::remove_file(&program).expect("delete the executable");
    let run = scan_processes(&[]);
    let finding = findings_of(&run, pid)
        .into_iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("!exe")))
        .unwrap_or_else(|| panic!("pid {pid}'s deleted executable: {}", run.stdout));
    assert_eq!(finding["level"], "warning", "{finding}");
    assert_eq!(finding["process"]["exe_deleted"], true);
    assert_eq!(finding["reasons"][0]["id"], "process_deleted_executable");
    assert!(
        finding["reasons"][0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("deleted")),
        "{finding}"
    );
    drop(child);
}

#[test]
fn a_process_connected_to_a_c2_address_is_an_alert_naming_both() {
    if !util::test_tools::available(&["python3"]) {
        return;
    }
    let listener = std::net::TcpListener::bind("127.0.0.2:0").expect("listen on 127.0.0.2");
    let port = listener.local_addr().expect("address").port();
    let script = format!(
        "import socket, time\n\
         s = socket.create_connection(('127.0.0.2', {port}))\n\
         print('ready', flush=True)\n\
         time.sleep(120)\n"
    );
    let child = python_child(&script);
    let pid = child.0.id();
    let iocs = Host::new();
    let ioc_file = iocs.write("c2.txt", b"127.0.0.2;75;test C2 address\n");
    let run = scan_processes(&["--iocs", ioc_file.to_str().expect("UTF-8")]);
    let finding = findings_of(&run, pid)
        .into_iter()
        .find(|f| {
            f["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("!connections"))
        })
        .unwrap_or_else(|| panic!("pid {pid}'s connection: {}", run.stdout));
    assert_eq!(finding["level"], "alert", "{finding}");
    let reasons = finding["reasons"].as_array().expect("reasons");
    assert!(
        reasons
            .iter()
            .any(|r| r["kind"] == "c2" && r["id"] == "127.0.0.2")
    );
    assert!(
        reasons.iter().any(|r| r["id"] == "process_c2_connection"
            && r["description"]
                .as_str()
                .is_some_and(|d| d.contains(&format!("pid {pid}")))),
        "{finding}"
    );
    drop(child);
    drop(listener);
}

#[test]
fn a_process_started_with_the_loader_s_argument_gate_is_flagged() {
    if !util::test_tools::available(&["python3"]) {
        return;
    }
    let child = Running(
        util::test_tools::command("python3")
            .args(["-c", "import time; time.sleep(120)", "Sx6BrUk4v4rqBFBV"])
            .spawn()
            .expect("python3 starts"),
    );
    let pid = child.0.id();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let run = scan_processes(&[]);
    let finding = findings_of(&run, pid)
        .into_iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("!cmdline")))
        .unwrap_or_else(|| panic!("pid {pid}'s command line: {}", run.stdout));
    assert_eq!(finding["level"], "alert", "{finding}");
    assert_eq!(
        finding["reasons"][0]["id"],
        "ThreatNeedle_Process_Argument_Gate"
    );
    drop(child);
}

#[test]
fn processes_alone_scan_no_files_and_count_what_they_read() {
    let run = scan_processes(&[]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    let summary = run.summary();
    assert_eq!(summary["roots"], serde_json::json!(["processes"]));
    let processes = &summary["processes"];
    assert!(processes["processes"].as_u64() > Some(0), "{summary}");
    assert!(processes["memory_bytes"].as_u64() > Some(0), "{summary}");
    // needle itself (this scan, and the other tests' scans running meanwhile) is left out: its
    // memory holds the whole pack.
    let needle_seen = run
        .of_type("finding")
        .into_iter()
        .chain(run.of_type("skipped"))
        .any(|r| r["path"].as_str().is_some_and(|p| p.contains("(needle)")));
    assert!(!needle_seen, "{}", run.stdout);
}
