#!/usr/bin/env python3
"""Independent OpenSSH servers on loopback, one per test "host", with an Ansible inventory.

Each host gets its own sshd (the system's /usr/sbin/sshd, in the foreground: -D -e) on a free
127.0.0.1 port, its own host key, config file and log, and (when run as root, where `unshare`
allows it) its own UTS namespace with the host's name as hostname, so that `needle scan` on it
reports that name. One client key pair, generated here, is authorized on all of them. Nothing
outside the work directory is read or written but /run/sshd, the privilege separation directory
sshd needs as root (created when missing, as Debian's sshd.service does); the machine's ssh
configuration, known_hosts and ~/.ssh are never used (ssh runs with -F /dev/null and
UserKnownHostsFile=/dev/null).

Library use:

    with SshdHosts(workdir, ["hostA", "hostB"], host_vars={"hostA": {...}}) as hosts:
        subprocess.run(["ansible-playbook", "-i", hosts.inventory, ...])

Command line:

    sshd_hosts.py --workdir DIR --host hostA --host hostB [--host-vars JSON] -- COMMAND...
        starts the servers, runs COMMAND (NEEDLE_TEST_INVENTORY names the inventory), stops the
        servers and exits with COMMAND's exit code;
    sshd_hosts.py --workdir DIR --host hostA --host hostB --ready-file FILE
        starts the servers, writes FILE (the inventory path) and serves until SIGTERM, SIGINT
        or SIGHUP, or until its parent process exits.

Layout of DIR: inventory.ini, host_vars/NAME.yml (from --host-vars), client_key(.pub),
authorized_keys, and NAME/ with sshd_config, ssh_host_ed25519_key, sshd.log, ansible-tmp/ and
ansible-async/ (Ansible's remote temporary and async directories for that host, so nothing is
written under the login user's home).
"""

import argparse
import ctypes
import json
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

SSHD = os.environ.get("SSHD", "/usr/sbin/sshd")
PRIVSEP_DIR = "/run/sshd"
START_TIMEOUT = 15.0
PORT_ATTEMPTS = 5
PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36


def log(message):
    print(f"sshd_hosts: {message}", file=sys.stderr, flush=True)


class HarnessError(Exception):
    pass


def _die_with_parent():
    """In the child before exec: SIGTERM when the harness process dies, whatever kills it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _banner(port):
    """The SSH identification string on 127.0.0.1:port, or None."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0) as s:
            s.settimeout(2.0)
            return s.recv(256)
    except OSError:
        return None


def _children_map():
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may contain spaces and parentheses.
        fields = stat[stat.rfind(b")") + 2:].split()
        children.setdefault(int(fields[1]), []).append(int(entry))
    return children


def _descendants(pid):
    children = _children_map()
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _signal(pids, sig):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rfind(b")") + 2:][:1] != b"Z"


def _become_subreaper():
    """Orphaned descendants (sshd's session processes, ssh's ControlPersist masters) are
    reparented to this process instead of init, which in a container may never reap them."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)
    except (OSError, AttributeError):
        pass


def _reap_orphans(timeout=2.0):
    """Waits for the zombies among this process's children (not the ones subprocess manages,
    which are waited for already)."""
    deadline = time.monotonic() + timeout
    while True:
        children = _children_map().get(os.getpid(), [])
        zombies = [p for p in children if _exists(p) and not _alive(p)]
        for pid in zombies:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
        if not zombies or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def _exists(pid):
    return os.path.exists(f"/proc/{pid}")


def _can_unshare_uts():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        ["unshare", "--uts", "true"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return probe.returncode == 0


class SshdHost:
    def __init__(self, name, directory):
        self.name = name
        self.dir = directory
        self.port = None
        self.process = None
        self.log_path = os.path.join(directory, "sshd.log")
        self.host_key = os.path.join(directory, "ssh_host_ed25519_key")
        self.config = os.path.join(directory, "sshd_config")
        self.remote_tmp = os.path.join(directory, "ansible-tmp")
        self.async_dir = os.path.join(directory, "ansible-async")


class SshdHosts:
    """Starts one sshd per name on entering, stops them all (and their sessions) on exit."""

    def __init__(self, workdir, names, host_vars=None, uts="auto", user=None):
        if not names:
            raise HarnessError("no host names")
        if len(set(names)) != len(names):
            raise HarnessError(f"duplicate host names: {names}")
        for name in names:
            if not name.replace("-", "").replace("_", "").isalnum():
                raise HarnessError(f"host name {name!r}: letters, digits, - and _ only")
        self.workdir = os.path.abspath(workdir)
        self.names = list(names)
        self.host_vars = host_vars or {}
        self.uts = uts
        self.user = user or pwd.getpwuid(os.geteuid()).pw_name
        self.hosts = [SshdHost(n, os.path.join(self.workdir, n)) for n in self.names]
        self.inventory = os.path.join(self.workdir, "inventory.ini")
        self.client_key = os.path.join(self.workdir, "client_key")
        self.authorized_keys = os.path.join(self.workdir, "authorized_keys")
        self.own_hostnames = False

    # -- setup -------------------------------------------------------------------------------

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()
        return False

    def start(self):
        if not os.access(SSHD, os.X_OK):
            raise HarnessError(f"{SSHD} not found: install openssh-server")
        if not shutil.which("ssh-keygen"):
            raise HarnessError("ssh-keygen not found: install openssh-client")
        os.makedirs(self.workdir, exist_ok=True)
        _become_subreaper()
        if os.geteuid() == 0:
            self._check_root_can_log_in()
            if not os.path.isdir(PRIVSEP_DIR):
                log(f"creating {PRIVSEP_DIR}: sshd started as root needs its privilege separation directory")
                os.makedirs(PRIVSEP_DIR, mode=0o755, exist_ok=True)
        if self.uts == "yes" or (self.uts == "auto" and _can_unshare_uts()):
            self.own_hostnames = True
        elif self.uts == "yes":
            raise HarnessError("cannot give each host its own hostname (unshare --uts needs root)")
        self._keygen(self.client_key, "needle-fleet-test client")
        shutil.copyfile(self.client_key + ".pub", self.authorized_keys)
        os.chmod(self.authorized_keys, 0o600)
        for host in self.hosts:
            os.makedirs(host.dir, exist_ok=True)
            for d in (host.remote_tmp, host.async_dir):
                os.makedirs(d, mode=0o700, exist_ok=True)
            self._keygen(host.host_key, f"needle-fleet-test {host.name}")
            self._start_host(host)
        self._write_inventory()
        names = ", ".join(f"{h.name}=127.0.0.1:{h.port}" for h in self.hosts)
        hostnames = "own hostnames" if self.own_hostnames else "the machine's hostname"
        log(f"{len(self.hosts)} sshd running as {self.user} ({names}; {hostnames}); inventory {self.inventory}")

    def _check_root_can_log_in(self):
        # Without PAM, sshd refuses an account whose password field is locked ("!...").
        try:
            with open("/etc/shadow") as f:
                for line in f:
                    fields = line.split(":")
                    if fields[0] == self.user and fields[1].startswith("!"):
                        raise HarnessError(
                            f"the {self.user} account is locked in /etc/shadow: sshd (UsePAM no) refuses it"
                        )
        except OSError:
            pass

    @staticmethod
    def _keygen(path, comment):
        for stale in (path, path + ".pub"):
            if os.path.exists(stale):
                os.remove(stale)
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path],
            check=True,
            stdin=subprocess.DEVNULL,
        )

    def _write_config(self, host):
        config = f"""\
# sshd for the test host {host.name}, written by tests/tools/sshd_hosts.py
ListenAddress 127.0.0.1
Port {host.port}
HostKey {host.host_key}
PidFile none
AuthorizedKeysFile {self.authorized_keys}
AllowUsers {self.user}
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowAgentForwarding no
AllowTcpForwarding no
Subsystem sftp internal-sftp
LogLevel INFO
"""
        with open(host.config, "w") as f:
            f.write(config)

    def _start_host(self, host):
        last_log = ""
        for _ in range(PORT_ATTEMPTS):
            host.port = _free_port()
            self._write_config(host)
            argv = [SSHD, "-D", "-e", "-f", host.config]
            if self.own_hostnames:
                argv = ["unshare", "--uts", "--", "sh", "-c",
                        'hostname "$0" && exec "$@"', host.name] + argv
            logfile = open(host.log_path, "ab")
            host.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=logfile,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent,
            )
            logfile.close()
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                if host.process.poll() is not None:
                    break
                banner = _banner(host.port)
                if banner and banner.startswith(b"SSH-2.0-") and host.process.poll() is None:
                    return
                time.sleep(0.1)
            self._stop_host(host)
            with open(host.log_path, errors="replace") as f:
                last_log = f.read()[-2000:]
            if "Address already in use" not in last_log:
                break
        raise HarnessError(f"sshd for {host.name} did not start; {host.log_path}:\n{last_log}")

    def _write_inventory(self):
        common = " ".join([
            "-F /dev/null",
            "-o StrictHostKeyChecking=no",
            "-o UserKnownHostsFile=/dev/null",
            "-o GlobalKnownHostsFile=/dev/null",
            "-o IdentitiesOnly=yes",
            "-o PreferredAuthentications=publickey",
            "-o LogLevel=ERROR",
        ])
        lines = [
            "# Written by tests/tools/sshd_hosts.py: one OpenSSH server on loopback per host.",
            "[needle_test_hosts]",
        ]
        for h in self.hosts:
            lines.append(
                f"{h.name} ansible_host=127.0.0.1 ansible_port={h.port}"
                f" ansible_remote_tmp={h.remote_tmp} ansible_async_dir={h.async_dir}"
            )
        lines += [
            "",
            "[needle_test_hosts:vars]",
            f"ansible_user={self.user}",
            f"ansible_ssh_private_key_file={self.client_key}",
            f"ansible_ssh_common_args={shlex.quote(common)}",
            "ansible_python_interpreter=/usr/bin/python3",
            "",
        ]
        with open(self.inventory, "w") as f:
            f.write("\n".join(lines))
        host_vars_dir = os.path.join(self.workdir, "host_vars")
        for name, variables in self.host_vars.items():
            if name not in self.names:
                raise HarnessError(f"host_vars for unknown host {name!r}")
            os.makedirs(host_vars_dir, exist_ok=True)
            with open(os.path.join(host_vars_dir, f"{name}.yml"), "w") as f:
                json.dump(variables, f, indent=2)  # JSON is YAML
                f.write("\n")

    # -- teardown ----------------------------------------------------------------------------

    @staticmethod
    def _stop_host(host):
        process = host.process
        if process is None:
            return
        if process.poll() is None:
            # The connection processes sshd forked (and their sessions) first: they outlive the
            # listener otherwise, kept open by ssh's ControlPersist.
            # Orphans among them come to this process (a child subreaper), which reaps them.
            sessions = _descendants(process.pid)
            _signal(sessions, signal.SIGTERM)
            deadline = time.monotonic() + 5
            while any(_alive(p) for p in sessions) and time.monotonic() < deadline:
                time.sleep(0.05)
            _signal([p for p in sessions if _alive(p)], signal.SIGKILL)
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        host.process = None

    def stop(self):
        for host in self.hosts:
            self._stop_host(host)
        _reap_orphans()


# -- command line ----------------------------------------------------------------------------

class _Stop(Exception):
    pass


def _raise_stop(signum, _frame):
    # Once: a second signal must not cut the cleanup short.
    for other in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(other, signal.SIG_IGN)
    raise _Stop(signum)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", required=True, help="directory for keys, configs, logs and the inventory")
    parser.add_argument("--host", action="append", default=[], help="host name (repeatable)")
    parser.add_argument("--count", type=int, help="N hosts named host1..hostN (instead of --host)")
    parser.add_argument("--host-vars", default="{}", help='JSON {"NAME": {VAR: VALUE}} written to host_vars/NAME.yml')
    parser.add_argument("--hostnames", choices=["auto", "yes", "no"], default="auto",
                        help="give each sshd its own UTS namespace and hostname (root only; default: when possible)")
    parser.add_argument("--ready-file", help="without COMMAND: write the inventory path here once serving")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND to run while the servers are up")
    args = parser.parse_args(argv)

    names = args.host or [f"host{i}" for i in range(1, (args.count or 2) + 1)]
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command and not args.ready_file:
        parser.error("give -- COMMAND or --ready-file")

    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _raise_stop)
    parent = os.getppid()
    child = None
    try:
        with SshdHosts(args.workdir, names, json.loads(args.host_vars), uts=args.hostnames) as hosts:
            try:
                if command:
                    env = dict(os.environ, NEEDLE_TEST_INVENTORY=hosts.inventory)
                    child = subprocess.Popen(command, env=env)
                    return child.wait()
                tmp = args.ready_file + ".tmp"
                with open(tmp, "w") as f:
                    f.write(hosts.inventory + "\n")
                os.replace(tmp, args.ready_file)
                while os.getppid() == parent:
                    for host in hosts.hosts:
                        if host.process is not None and host.process.poll() is not None:
                            raise HarnessError(f"sshd for {host.name} exited; see {host.log_path}")
                    time.sleep(0.5)
                log("parent process gone: stopping")
                return 0
            except _Stop as stop:
                signum = stop.args[0]
                if child is not None and child.poll() is None:
                    child.send_signal(signum)
                    try:
                        child.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        child.kill()
                        child.wait()
                log(f"stopping on signal {signum}")
                return 128 + signum
    except _Stop as stop:
        log(f"interrupted while starting (signal {stop.args[0]})")
        return 128 + stop.args[0]
    except HarnessError as e:
        log(f"error: {e}")
        return 1

if __name__ == "__main__":
    sys.exit(main())
