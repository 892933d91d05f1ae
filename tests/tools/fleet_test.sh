#!/usr/bin/env bash
# End-to-end check of deploy/ansible/needle-scan.yml against real OpenSSH servers on loopback
# (tests/tools/sshd_hosts.py): two hosts, hostA scanning a tree planted with a ThreatNeedle file
# name (ProgramData/ntnser.bin) and files only a shipped rule and IOC list flag, hostB a clean
# tree (each host's scan path comes from its host_vars). Checks that both reports come back with
# the right verdicts, that nothing is left on the hosts (a planted leftover of an earlier run
# included), that a failing scan fails its host and still cleans up, and the fleet summary the
# playbook's merge step writes.
#
#   NEEDLE_BIN=target/release/needle tests/tools/fleet_test.sh
#
# Environment: NEEDLE_BIN (default target/release/needle), ANSIBLE_PLAYBOOK (default
# ansible-playbook from PATH), KEEP_WORKDIR=1 keeps the work directory (it is always kept on
# failure). Exits non-zero with a "fleet_test: FAIL:" line on any failure.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
needle=${NEEDLE_BIN:-$root/target/release/needle}
playbook_cmd=${ANSIBLE_PLAYBOOK:-ansible-playbook}
playbook=$root/deploy/ansible/needle-scan.yml

say() { printf 'fleet_test: %s\n' "$*" >&2; }
fail() {
    say "FAIL: $*"
    exit 1
}

[ -x "$needle" ] || fail "no needle binary at $needle (set NEEDLE_BIN)"
command -v "$playbook_cmd" >/dev/null || fail "$playbook_cmd not found (ansible-core)"
command -v python3 >/dev/null || fail "python3 not found"
[ -x /usr/sbin/sshd ] || [ -x "${SSHD:-}" ] || fail "/usr/sbin/sshd not found (openssh-server)"
needle=$(cd "$(dirname "$needle")" && pwd)/$(basename "$needle")

# Short: ssh's control sockets live under it (a socket path has at most 107 bytes).
work=$(mktemp -d "${TMPDIR:-/tmp}/needle-fleet.XXXXXX")
harness_pid=
status=1
cleanup() {
    if [ -n "$harness_pid" ] && kill -0 "$harness_pid" 2>/dev/null; then
        kill -TERM "$harness_pid" 2>/dev/null || true
        wait "$harness_pid" 2>/dev/null || true
    fi
    if [ "$status" -eq 0 ] && [ "${KEEP_WORKDIR:-}" != 1 ]; then
        rm -rf "$work"
    else
        say "work directory kept: $work"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# A snapshot: the build under test must not change between the playbook's hash and its copy.
cp "$needle" "$work/needle"
needle=$work/needle

# Ansible on the controller: its own configuration, home and temporary directories here, never
# ~/.ansible, ~/.ssh, /etc/ansible or an ansible.cfg found in the current directory.
printf '[defaults]\nretry_files_enabled = False\n' >"$work/ansible.cfg"
export ANSIBLE_CONFIG=$work/ansible.cfg
export ANSIBLE_HOME=$work/ansible-home
export ANSIBLE_LOCAL_TEMP=$work/ansible-local
# Tasks delegated to localhost run their modules there, in the remote temporary directory.
export ANSIBLE_REMOTE_TMP=$work/ansible-remote-tmp
export ANSIBLE_ASYNC_DIR=$work/ansible-async
export ANSIBLE_SSH_CONTROL_PATH_DIR=$work/cp
export ANSIBLE_NOCOLOR=1
export ANSIBLE_HOST_KEY_CHECKING=False

# The two hosts' file systems, and the parent of each one's needle work directory.
trees=$work/trees
mkdir -p "$trees/hostA/ProgramData" "$trees/hostA/Users/bob" "$trees/hostB/etc" "$trees/hostB/srv"
printf 'planted by the fleet test: a ThreatNeedle installer file name\n' >"$trees/hostA/ProgramData/ntnser.bin"
printf 'ordinary document\n' >"$trees/hostA/Users/bob/notes.txt"
# Found only by the responder's own rule and IOC list below, which the playbook ships.
printf 'x needle-fleet-test-marker-%s y\n' 7d1f >"$trees/hostA/Users/bob/marker.txt"
printf 'dropped\n' >"$trees/hostA/Users/bob/fleet-test-dropper.bin"
mkdir -p "$work/rules" "$work/iocs"
cat >"$work/rules/fleet_test.yar" <<'RULE'
rule FleetTestMarker
{
    meta:
        description = "fleet test: a marker string only the planted file holds"
        score = 70
    strings:
        $marker = "needle-fleet-test-marker-7d1f"
    condition:
        $marker
}
RULE
cat >"$work/iocs/fleet-test-filename-iocs.txt" <<'IOCS'
# fleet test: a responder's own file name IOC
fleet-test-dropper\.bin$;85
IOCS
printf 'hostB\n' >"$trees/hostB/etc/hostname"
printf 'ordinary file\n' >"$trees/hostB/srv/index.html"
mkdir -p "$work/remote/hostA" "$work/remote/hostB"
# What an interrupted earlier run would leave: the playbook must replace it.
mkdir -p "$work/remote/hostA/needle-sweep-hostA"
printf 'stale\n' >"$work/remote/hostA/needle-sweep-hostA/report.jsonl"

host_vars=$(python3 -c '
import json, sys
work = sys.argv[1]
print(json.dumps({
    h: {"needle_scan_paths": [f"{work}/trees/{h}"], "needle_remote_tmp": f"{work}/remote/{h}"}
    for h in ("hostA", "hostB")
}))' "$work")

say "starting two sshd hosts"
python3 "$root/tests/tools/sshd_hosts.py" --workdir "$work/hosts" --host hostA --host hostB \
    --host-vars "$host_vars" --ready-file "$work/ready" &
harness_pid=$!
for _ in $(seq 1 300); do
    [ -s "$work/ready" ] && break
    kill -0 "$harness_pid" 2>/dev/null || fail "sshd_hosts.py exited before the hosts were up"
    sleep 0.1
done
[ -s "$work/ready" ] || fail "the sshd hosts did not come up within 30 s"
inventory=$(cat "$work/ready")

sha256=$(sha256sum "$needle" | cut -d' ' -f1)
run_playbook() {
    local log=$1
    shift
    local rc=0
    "$playbook_cmd" -i "$inventory" "$playbook" \
        -e "needle_binary=$needle" -e "needle_binary_sha256=$sha256" \
        -e "needle_rules_dir=$work/rules" -e "needle_iocs_dir=$work/iocs" \
        -e needle_cpu_limit=50 -e needle_poll_interval=1 "$@" >"$log" 2>&1 || rc=$?
    return "$rc"
}

# 1. The sweep: both hosts succeed, hostA compromised, hostB clean.
say "sweep: ansible-playbook on hostA and hostB"
start=$(date +%s)
rc=0
run_playbook "$work/sweep.log" -e "needle_reports_dir=$work/reports" || rc=$?
cat "$work/sweep.log"
[ "$rc" -eq 0 ] || fail "ansible-playbook exited $rc for the sweep (log above)"
say "sweep took $(($(date +%s) - start)) s"

for host in hostA hostB; do
    [ -s "$work/reports/$host.jsonl" ] || fail "no report fetched for $host at $work/reports/$host.jsonl"
done
python3 - "$work" <<'EOF' || fail "the fetched reports are not what the planted trees call for"
import json, sys
work = sys.argv[1]
def records(host):
    with open(f"{work}/reports/{host}.jsonl") as f:
        return [json.loads(line) for line in f]
problems = []
for host, verdict in (("hostA", "compromised"), ("hostB", "clean")):
    recs = records(host)
    summary = recs[-1]
    if summary.get("type") != "summary":
        problems.append(f"{host}: last record is not the summary")
        continue
    if summary.get("verdict") != verdict:
        problems.append(f"{host}: verdict {summary.get('verdict')}, expected {verdict}")
    if summary.get("roots") != [f"{work}/trees/{host}"]:
        problems.append(f"{host}: scanned {summary.get('roots')}, expected its own tree (host_vars)")
    findings = [r for r in recs if r.get("type") == "finding"]
    if host == "hostA":
        # The built-in pack's file name IOC, and the rule and IOC list the playbook shipped.
        expected = [("/ProgramData/ntnser.bin", "filename", "ntnser"),
                    ("/Users/bob/marker.txt", "rule", "FleetTestMarker"),
                    ("/Users/bob/fleet-test-dropper.bin", "filename", "fleet-test-dropper")]
        for suffix, kind, ident in expected:
            if not any(f["path"].endswith(suffix)
                       and any(r["kind"] == kind and ident in r["id"] for r in f["reasons"])
                       for f in findings):
                problems.append(f"hostA: no {kind} finding {ident} for {suffix}")
    elif findings:
        problems.append(f"hostB: unexpected findings {[f['path'] for f in findings]}")
    print(f"fleet_test: {host}: host {summary.get('host')!r}, verdict {summary.get('verdict')}, "
          f"{len(findings)} finding(s), {summary.get('files_scanned')} files", file=sys.stderr)
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
EOF
for host in hostA hostB; do
    leftovers=$(ls -A "$work/remote/$host")
    [ -z "$leftovers" ] || fail "$host: the playbook left $leftovers in $work/remote/$host"
    leftovers=$(ls -A "$work/hosts/$host/ansible-async")
    [ -z "$leftovers" ] || fail "$host: async job files left: $leftovers"
done
say "OK: both reports fetched with the right verdicts; nothing left on the hosts"

# 2. The merge (needle report merge), run by the playbook on the controller.
for file in fleet-summary.txt fleet-summary.html fleet-summary.csv; do
    [ -e "$work/reports/$file" ] || fail "the playbook's merge step wrote no $work/reports/$file"
done
text=$work/reports/fleet-summary.txt
# The host names the reports carry (the sshd hosts' own hostnames when sshd_hosts.py could
# give them one, else this machine's name twice).
names=$(python3 -c '
import json, sys
for path in sys.argv[1:]:
    with open(path) as f:
        print(json.loads(f.readlines()[-1])["host"])' "$work/reports/hostA.jsonl" "$work/reports/hostB.jsonl")
for word in $names compromised clean; do
    grep -qi -- "$word" "$text" || fail "the fleet summary does not mention $word:
$(cat "$text")"
done
grep -qi '<html' "$work/reports/fleet-summary.html" ||
    fail "$work/reports/fleet-summary.html is not an HTML page ($(wc -c <"$work/reports/fleet-summary.html") bytes)"
grep -q 'ntnser.bin' "$work/reports/fleet-summary.csv" ||
    fail "fleet-summary.csv has no row for hostA's finding:
$(cat "$work/reports/fleet-summary.csv")"
rc=0
"$needle" report merge "$work/reports/hostA.jsonl" "$work/reports/hostB.jsonl" >/dev/null || rc=$?
[ "$rc" -eq 1 ] || fail "needle report merge exited $rc on a fleet with a compromised host, expected 1"
say "OK: fleet summary (text, HTML, CSV) names both hosts; merge exits 1"
cat "$text" >&2

# 3. A scan that fails (exit 2: nothing could be scanned) fails its host and leaves nothing.
say "failure path: hostB scanning a path that does not exist"
rc=0
run_playbook "$work/failure.log" --limit hostB -e needle_merge=false \
    -e "needle_reports_dir=$work/reports-failure" \
    -e '{"needle_scan_paths": ["/nonexistent/needle-fleet-test"]}' || rc=$?
[ "$rc" -ne 0 ] || {
    cat "$work/failure.log"
    fail "ansible-playbook succeeded although needle exited 2"
}
grep -q 'needle scan exited 2' "$work/failure.log" || {
    cat "$work/failure.log"
    fail "the failure does not say that needle exited 2"
}
[ -z "$(ls -A "$work/remote/hostB")" ] || fail "hostB: the failed run left $(ls -A "$work/remote/hostB")"
[ ! -e "$work/reports-failure/hostB.jsonl" ] || fail "the failed scan's report was filed as a good one"
[ -s "$work/reports-failure/failed/hostB.jsonl" ] || fail "the failed scan's report was not kept in failed/"
say "OK: exit 2 fails the host (ansible-playbook exit $rc), report kept in failed/, nothing left on the host"

status=0
say "PASS"
