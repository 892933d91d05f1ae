//! Fleet deployment: deploy/ansible/needle-scan.yml run end to end by tests/tools/fleet_test.sh
//! against two real OpenSSH servers on loopback (one host planted with a ThreatNeedle file name,
//! one clean), with this build of needle.

mod util;

use util::test_tools;

#[test]
fn ansible_playbook_sweeps_two_sshd_hosts_and_merges_their_reports() {
    // ansible-playbook: the virtual environment scripts/test puts first on the search path.
    if !test_tools::available(&[
        "ansible-playbook",
        "/usr/sbin/sshd",
        "ssh-keygen",
        "python3",
    ]) {
        return;
    }
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/fleet_test.sh");
    // test_tools::command keeps the search path (the venv first) and adds the sbin directories.
    let output = test_tools::command("bash")
        .arg(script)
        .env("NEEDLE_BIN", env!("CARGO_BIN_EXE_needle"))
        .output()
        .expect("running tests/tools/fleet_test.sh");
    assert!(
        output.status.success(),
        "fleet_test.sh exited {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_velociraptor_artifact_is_printed_for_the_binary_it_ships() {
    if !test_tools::python_modules(&["yaml"]) {
        return;
    }
    let needle = env!("CARGO_BIN_EXE_needle");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/velociraptor-artifact");
    let output = test_tools::command(script)
        .args([needle, "https://files.internal/needle"])
        .output()
        .expect("running scripts/velociraptor-artifact");
    assert!(output.status.success(), "{output:?}");
    let artifact = String::from_utf8(output.stdout).expect("UTF-8");
    // Parsed as YAML by PyYAML (the library Ansible uses), then read back as JSON.
    let mut parse = test_tools::command("python3")
        .args([
            "-c",
            "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3");
    std::io::Write::write_all(parse.stdin.as_mut().expect("piped"), artifact.as_bytes())
        .expect("write to python3");
    let parsed = parse.wait_with_output().expect("python3 ran");
    assert!(
        parsed.status.success(),
        "the artifact is not YAML: {parsed:?}"
    );
    let artifact: serde_json::Value =
        serde_json::from_slice(&parsed.stdout).expect("python3 printed JSON");
    let tool = &artifact["tools"][0];
    let binary = std::fs::read(needle).expect("the needle binary");
    assert_eq!(tool["name"], "Needle_linux_amd64");
    assert_eq!(tool["expected_hash"], util::sha256_hex(&binary));
    assert_eq!(tool["url"], "https://files.internal/needle");
    assert_eq!(tool["version"], env!("CARGO_PKG_VERSION"));
    let sources: Vec<&str> = artifact["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .map(|s| s["name"].as_str().expect("a name"))
        .collect();
    assert_eq!(sources, ["Scan", "Findings", "Summary"]);
    let scan = artifact["sources"][0]["query"].as_str().expect("VQL");
    for needed in [
        "Generic.Utils.FetchBinary(ToolName=\"Needle_linux_amd64\")",
        "execve(argv=",
        "parse_jsonl(filename=ReportPath)",
        "\"--format\", \"jsonl\"",
    ] {
        assert!(scan.contains(needed), "{needed} in {scan}");
    }
}
