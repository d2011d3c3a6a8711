"""A private OpenSSH server that serves Reading Room the way the README deploys it.

Everything lives in one temporary folder: the sshd configuration and host key, a client key
and known_hosts, the app installed as a venv of the system Python, and the home of a user made
for this run. Nothing depends on the machine's own sshd or ~/.ssh. `ArchiveServer.close()` ends
every process it started, by pid, removes the user and the folder, even after a failure half way
through `start()`. `Tmux` is a tmux server of its own (-L NAME) whose panes run ssh clients.

Needs root (useradd, sshd), OpenSSH, tmux and /usr/bin/python3 of the same minor version as the
interpreter running the tests (else the app is installed with pip, which needs the index).
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar

import psutil

REPO = Path(__file__).resolve().parents[2]
SSHD = "/usr/sbin/sshd"  # sshd re-executes itself for each connection: it refuses a relative path
SYSTEM_PYTHON = "/usr/bin/python3"
PROGRAMS = ("ssh", "sftp", "scp", "ssh-keygen", "ssh-agent", "tmux", "useradd", "userdel", "setpriv", SSHD,
            SYSTEM_PYTHON)
LOOPBACK = "127.0.0.1"
UNUSED_CONNECTION_TIMEOUT = 10  # seconds; the README's value, so `ssh -N` cannot hold a connection open

T = TypeVar("T")


def wait_for(predicate: Callable[[], T], timeout: float, what: str | Callable[[], str]) -> T:
    """Poll `predicate` until it returns something truthy and return that; TimeoutError after `timeout` s.

    `what` names what was awaited, or is called to describe the state at the timeout (a screen, a log).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            detail = what() if callable(what) else what
            raise TimeoutError(f"still waiting after {timeout:g} s for {detail}")
        time.sleep(0.05)  # the polling interval


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def force_command(app: str | Path, *, corpus: str | Path | None, index: str | Path | None) -> str:
    """The README's ForceCommand: secure mode, the shared index; `exec` so no shell waits behind the app."""
    words = ["exec", "env", "READINGROOM_SECURE=1", str(app)]
    if corpus is not None:
        words.append(str(corpus))
    if index is not None:
        words += ["--index", str(index)]
    return shlex.join(words)


def match_block(user: str, command: str) -> str:
    """The README's `Match User` block for the archive account."""
    return textwrap.dedent(f"""\
        Match User {user}
            ForceCommand {command}
            PermitTTY yes
            DisableForwarding yes
            AllowAgentForwarding no
            AllowTcpForwarding no
            AllowStreamLocalForwarding no
            X11Forwarding no
            PermitTunnel no
            PermitUserRC no
            AcceptEnv COLORTERM NO_COLOR
            UnusedConnectionTimeout {UNUSED_CONNECTION_TIMEOUT}s
            ClientAliveInterval 30
            ClientAliveCountMax 4
        """)


def server_config(*, port: int, host_key: Path, user: str, command: str) -> str:
    """A whole sshd_config: Debian's defaults that matter here, then the README's Match block."""
    return textwrap.dedent(f"""\
        Port {port}
        ListenAddress {LOOPBACK}
        HostKey {host_key}
        PidFile none
        LogLevel VERBOSE
        UsePAM no
        PermitRootLogin no
        PubkeyAuthentication yes
        PasswordAuthentication no
        KbdInteractiveAuthentication no
        AuthorizedKeysFile .ssh/authorized_keys
        StrictModes yes
        AllowUsers {user}
        PrintMotd no
        PrintLastLog no
        # The default, 10:30:100, drops 30% of connections beyond 10 still logging in: a class
        # (or tests.e2e.sessions) opening 20 sessions at once would lose some. The README's value.
        MaxStartups 50:30:100
        # As in Debian's /etc/ssh/sshd_config: the Match block must win over these.
        AcceptEnv LANG LC_*
        X11Forwarding yes
        Subsystem sftp /usr/lib/openssh/sftp-server

        """) + match_block(user, command)


# --- Installing the app where the test user can read it ---------------------------------


@dataclass
class Installed:
    """Reading Room installed in a venv: its command, how it got there and how long it took."""

    prefix: Path
    command: Path
    corpus: Path
    how: str
    seconds: float


def runtime_distributions() -> list[metadata.Distribution]:
    """The installed distributions the app needs at run time: the project's dependencies, and theirs."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending = [Requirement(line) for line in project["dependencies"]]
    seen: set[tuple[str, frozenset[str]]] = set()
    found: dict[str, metadata.Distribution] = {}
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        extras = frozenset(requirement.extras)
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        try:
            dist = found.get(name) or metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            raise RuntimeError(f"{requirement.name} is not installed: install the project's dependencies") from None
        found[name] = dist
        environments = [{"extra": extra} for extra in sorted(extras)] or [{"extra": ""}]
        for line in dist.requires or ():
            sub = Requirement(line)
            if sub.marker is None or any(sub.marker.evaluate(env) for env in environments):
                pending.append(sub)
    return list(found.values())


def _copy_distribution(dist: metadata.Distribution, site: Path) -> None:
    """Copy one distribution's files (from its RECORD) into `site`, bytecode included."""
    if dist.files is None:
        raise RuntimeError(f"{dist.metadata['Name']} has no RECORD: cannot tell its files")
    for file in dist.files:
        if file.parts[0] == "..":
            continue  # console scripts in bin/: the app runs none of them
        source = Path(str(dist.locate_file(file)))
        if source.is_file():
            target = site / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)  # keeps mtimes, so the copied .pyc files stay valid


def _readable_by_all(top: Path) -> None:
    """chmod a+rX below `top`: the test user must read what root wrote, whatever root's umask."""
    for folder, _dirs, files in os.walk(top):
        os.chmod(folder, os.stat(folder).st_mode | 0o555)
        for name in files:
            path = os.path.join(folder, name)
            mode = os.stat(path, follow_symlinks=False).st_mode
            if not os.path.islink(path):
                os.chmod(path, mode | 0o444 | (0o111 if mode & 0o100 else 0))


def _same_minor(python: str) -> bool:
    found = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                           capture_output=True, text=True, check=True).stdout.split()
    return tuple(map(int, found)) == sys.version_info[:2]


def install_app(prefix: Path, *, how: str | None = None) -> Installed:
    """Install Reading Room into a venv of the system Python at `prefix`, as the README does in /opt.

    A venv of the interpreter running the tests would not do: pyenv's lives under /root, which the
    test user cannot enter. With how="copy" (the default when /usr/bin/python3 has the same minor
    version), the project's runtime distributions are copied from this interpreter's site-packages
    and the working tree's `tui` package (and the corpus, as the wheel bundles it) beside them: two or
    three seconds with the bytecode, no network. how="pip" runs `pip install` of the working tree
    instead: the real install path, but slower (about 8 s here) and it needs the package index.
    """
    start = time.monotonic()
    how = how or ("copy" if _same_minor(SYSTEM_PYTHON) else "pip")
    # --without-pip: Debian's python3 has no ensurepip unless python3-venv is installed.
    subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--without-pip", str(prefix)], check=True)
    python = prefix / "bin" / "python3"
    site = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    command = prefix / "bin" / "readingroom"
    if how == "pip":
        subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(REPO)],
                       check=True)
    elif how == "copy":
        for dist in runtime_distributions():
            _copy_distribution(dist, site)
        skip = shutil.ignore_patterns("__pycache__", "*.pyc", ".readingroom")
        shutil.copytree(REPO / "tui", site / "tui", ignore=skip)
        shutil.copytree(REPO / "corpus", site / "tui" / "bundled_corpus", ignore=skip)
        command.write_text(f"#!{python}\nimport sys\n\nfrom tui.cli import main\n\nsys.exit(main())\n")
        command.chmod(0o755)
        # Bytecode now, as pip does: the test user cannot write __pycache__ here, and compiling
        # Textual at every start would cost each session a second or more.
        subprocess.run([python, "-m", "compileall", "-q", "-j", "0", str(site)], check=True,
                       stdout=subprocess.DEVNULL)
    else:
        raise ValueError(f"unknown install method: {how}")
    _readable_by_all(prefix)
    return Installed(prefix, command, site / "tui" / "bundled_corpus", how, time.monotonic() - start)


def app_environment(home: Path) -> dict[str, str]:
    """A clean environment to run the installed app as root: a PYTHONPATH or READINGROOM_* variable
    of the test runner's must not change which `tui` it imports or which corpus it reads."""
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}


def build_index(installed: Installed, out: Path) -> Path | None:
    """The README's shared index: `readingroom index CORPUS --out DIR`, run as root.

    None while the installed app has no `index` command yet; the ForceCommand then has no --index.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    env = app_environment(out.parent)
    probe = subprocess.run([installed.command, "index", "--help"], capture_output=True, text=True, env=env)
    if probe.returncode != 0:
        if "invalid choice: 'index'" in probe.stderr:
            return None
        raise RuntimeError(f"readingroom index --help failed: {probe.stderr.strip()}")
    done = subprocess.run([installed.command, "index", str(installed.corpus), "--out", str(out)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"readingroom index failed ({done.returncode}): {done.stderr.strip()}")
    _readable_by_all(out)
    return out


def share_index(index: Path, group: int) -> None:
    """The README's step after `readingroom index`: let the archive user's group take tantivy's
    reader lock. Opening a reader opens `.tantivy-meta.lock` for writing; root's 0644 file makes
    the app give up the shared index and build one in memory in every session."""
    for lock in index.rglob(".tantivy-meta.lock"):
        os.chown(lock, -1, group)
        lock.chmod(0o664)


# --- Processes --------------------------------------------------------------------------


def running(process: psutil.Process) -> bool:
    """Still the same process and not a zombie. A zombie runs nothing and holds no memory: it only
    waits for its parent to collect its status, and some containers' pid 1 takes seconds to do so."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def end_processes(processes: Iterable[psutil.Process], timeout: float = 5) -> None:
    """SIGTERM each process, then SIGKILL those still running after `timeout` s."""
    processes = [process for process in processes if running(process)]
    for stop in (psutil.Process.terminate, psutil.Process.kill):
        for process in processes:
            with suppress(psutil.NoSuchProcess):
                stop(process)
        with suppress(TimeoutError):
            wait_for(lambda: not any(running(process) for process in processes), timeout, "processes to end")
            return


def end_popen(process: subprocess.Popen[Any], timeout: float = 5) -> None:
    """End a child we started, and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def describe(processes: Iterable[psutil.Process]) -> str:
    """One line per process: pid, user, command line."""
    lines = []
    for process in processes:
        with suppress(psutil.Error):
            # sshd pads its retitled command line with empty arguments
            command = " ".join(word for word in process.cmdline() if word) or process.name()
            lines.append(f"  {process.pid} {process.username()}: {command}")
    return "\n".join(lines) or "  (none)"


# --- The server ---------------------------------------------------------------------------


class ArchiveServer:
    """A private sshd on 127.0.0.1 serving Reading Room to a user made for this run.

    Use as a context manager, or call start() and close(); close() is safe after a failed start().
    """

    def __init__(self, *, how: str | None = None) -> None:
        self.how = how
        self.root = Path(tempfile.mkdtemp(prefix="readingroom-e2e-"))
        # The test user walks through this folder to its home and to the app.
        self.root.chmod(0o755)
        self.user = f"rrtest{os.getpid()}"
        self.home = self.root / "home" / self.user
        self.etc = self.root / "etc"
        self.log_path = self.root / "sshd.log"
        self.client_key = self.etc / "client_ed25519"
        self.known_hosts = self.etc / "known_hosts"
        self.port = 0
        self.uid = self.gid = -1
        self.installed: Installed | None = None
        self.index: Path | None = None
        self.command = ""
        self.sshd: subprocess.Popen[bytes] | None = None
        self._user_created = False
        self._children: list[subprocess.Popen[Any]] = []

    def __enter__(self) -> ArchiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Setting up

    def start(self) -> ArchiveServer:
        """Install the app, make the user and keys, start sshd; everything undone if a step fails."""
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def _start(self) -> None:
        self.etc.mkdir(mode=0o700)
        self._make_user()
        self.installed = install_app(self.root / "opt" / "readingroom", how=self.how)
        self.index = build_index(self.installed, self.root / "var" / "index")
        if self.index is not None:
            share_index(self.index, self.gid)
        # The corpus named in full, as on a server: the index records the path it was built from.
        self.command = force_command(self.installed.command, corpus=self.installed.corpus, index=self.index)
        host_key = self.etc / "ssh_host_ed25519_key"
        self._keygen(host_key, "host")
        self._keygen(self.client_key, "client")
        self._authorize(Path(f"{self.client_key}.pub"))
        self._start_sshd(host_key)
        host_public = Path(f"{host_key}.pub").read_text().split()
        self.known_hosts.write_text(f"[{LOOPBACK}]:{self.port} {host_public[0]} {host_public[1]}\n")

    def _make_user(self) -> None:
        self.home.parent.mkdir(mode=0o755)
        # -p '*': no password, but not locked either ('!'), which sshd refuses when UsePAM is off.
        # /bin/sh: sshd runs the ForceCommand through the login shell, so nologin would refuse it.
        subprocess.run(["useradd", "--create-home", "--home-dir", str(self.home), "--shell", "/bin/sh",
                        "--password", "*", "--user-group", "--comment", "Reading Room e2e test", self.user],
                       check=True, capture_output=True)
        self._user_created = True
        entry = pwd.getpwnam(self.user)
        self.uid, self.gid = entry.pw_uid, entry.pw_gid

    @staticmethod
    def _keygen(path: Path, comment: str) -> None:
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
                       check=True, capture_output=True)

    def _authorize(self, public_key: Path) -> None:
        # Owned by root, so the user cannot change its own keys; StrictModes accepts root or the
        # user as owner and checks folders up to the home only, so /tmp's mode does not matter.
        ssh_dir = self.home / ".ssh"
        ssh_dir.mkdir(mode=0o755)
        keys = ssh_dir / "authorized_keys"
        keys.write_text(public_key.read_text())
        keys.chmod(0o644)

    def _start_sshd(self, host_key: Path) -> None:
        # The privilege-separation folder; Debian's service creates it, a bare container lacks it.
        os.makedirs("/run/sshd", mode=0o755, exist_ok=True)
        config = self.etc / "sshd_config"
        for _ in range(3):  # another program may take the free port before sshd binds it
            self.port = free_port()
            config.write_text(server_config(port=self.port, host_key=host_key, user=self.user,
                                            command=self.command))
            check = subprocess.run([SSHD, "-t", "-f", str(config)], capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError(f"sshd rejects its configuration: {check.stderr.strip()}")
            if self._launch_sshd(config):
                return
        raise RuntimeError(f"sshd did not start; its log:\n{self.log()}")

    def _launch_sshd(self, config: Path) -> bool:
        """Start sshd on self.port; False if it exited instead of listening."""
        self.log_path.write_text("")
        sshd = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(self.log_path)], stdin=subprocess.DEVNULL)
        self.sshd = sshd
        listening = f"Server listening on {LOOPBACK} port {self.port}"
        wait_for(lambda: sshd.poll() is not None or listening in self.log(), 10,
                 lambda: f"sshd to listen; its log:\n{self.log()}")
        if sshd.poll() is None:
            return True
        self.sshd = None
        return False

    # Clients

    def client_options(self, agent: Path | None = None) -> list[str]:
        """Options that make ssh, sftp and scp use only this run's key and known_hosts, and no
        ssh-agent but `agent` (IdentityAgent=none also keeps ssh from forwarding one)."""
        return ["-F", "/dev/null", "-i", str(self.client_key), "-o", f"IdentityAgent={agent or 'none'}",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", f"UserKnownHostsFile={self.known_hosts}", "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "UpdateHostKeys=no",
                "-o", "ControlMaster=no", "-o", "ControlPath=none", "-o", "ConnectTimeout=10"]

    @property
    def destination(self) -> str:
        return f"{self.user}@{LOOPBACK}"

    def ssh(self, *options: str, command: Sequence[str] = (), agent: Path | None = None) -> list[str]:
        """The argv of `ssh [options] user@127.0.0.1 [command]`."""
        return ["ssh", *self.client_options(agent), "-p", str(self.port), *options, self.destination, *command]

    def sftp(self, *options: str) -> list[str]:
        """The argv of `sftp [options] user@127.0.0.1`."""
        return ["sftp", *self.client_options(), "-P", str(self.port), *options, self.destination]

    def scp(self, *options: str, remote: str, local: Path) -> list[str]:
        """The argv of `scp [options] user@127.0.0.1:remote local`."""
        return ["scp", *self.client_options(), "-P", str(self.port), *options,
                f"{self.destination}:{remote}", str(local)]

    def spawn(self, argv: Sequence[str], *, stdin: int | IO[Any] | None = subprocess.DEVNULL,
              stdout: int | IO[Any] | None = subprocess.PIPE,
              stderr: int | IO[Any] | None = subprocess.PIPE) -> subprocess.Popen[bytes]:
        """Start a client; close() ends it if the caller does not."""
        process = subprocess.Popen(list(argv), stdin=stdin, stdout=stdout, stderr=stderr)
        self._children.append(process)
        return process

    def run(self, argv: Sequence[str], *, input: bytes | None = None, timeout: float = 30,
            ) -> subprocess.CompletedProcess[str]:
        """Run a client to its end; its output as text."""
        process = self.spawn(argv, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL)
        try:
            out, err = process.communicate(input, timeout=timeout)
        finally:
            end_popen(process)
        return subprocess.CompletedProcess(list(argv), process.returncode,
                                           out.decode(errors="replace"), err.decode(errors="replace"))

    def run_app_as_user(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run the installed `readingroom ARGS` as the test user, in secure mode, without SSH."""
        assert self.installed is not None
        environment = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(self.home), "READINGROOM_SECURE": "1"}
        argv = ["setpriv", f"--reuid={self.uid}", f"--regid={self.gid}", "--clear-groups",
                "env", "-i", *(f"{key}={value}" for key, value in environment.items()),
                str(self.installed.command), *args]
        return self.run(argv, timeout=timeout)

    # What runs on the server

    def user_processes(self) -> list[psutil.Process]:
        """Every process running as the test user."""
        found = []
        for process in psutil.process_iter(["uids"]):
            uids = process.info["uids"]
            if uids is not None and self.uid in (uids.real, uids.effective) and running(process):
                found.append(process)
        return found

    def connection_processes(self) -> list[psutil.Process]:
        """sshd's per-connection processes (root's `sshd: user [priv]` and what it forked)."""
        if self.sshd is None:
            return []
        with suppress(psutil.NoSuchProcess):
            return [child for child in psutil.Process(self.sshd.pid).children(recursive=True) if running(child)]
        return []

    def session_processes(self) -> list[psutil.Process]:
        """What any connection of the test user keeps running, sshd's share and the user's."""
        found = {p.pid: p for p in self.connection_processes()}
        found.update((p.pid, p) for p in self.user_processes())
        return sorted(found.values(), key=lambda p: p.pid)

    def app_processes(self) -> list[psutil.Process]:
        """The Reading Room processes (python running bin/readingroom) of the test user."""
        command = str(self.installed.command) if self.installed else "readingroom"
        found = []
        for process in self.user_processes():
            with suppress(psutil.Error):
                if command in process.cmdline()[:2]:
                    found.append(process)
        return found

    def wait_until_idle(self, timeout: float = 15) -> None:
        """Assert that every connection ends and leaves no process within `timeout` s."""
        try:
            wait_for(lambda: not self.session_processes(), timeout, "the sessions' processes to end")
        except TimeoutError:
            left = describe(self.session_processes())
            raise AssertionError(f"processes left after the sessions ended:\n{left}\n"
                                 f"sshd log (end):\n{self.log()[-3000:]}") from None

    def end_sessions(self) -> None:
        """End our clients and whatever the test user still runs, by pid."""
        for process in self._children:
            end_popen(process)
        self._children.clear()
        end_processes(self.session_processes())

    def log(self) -> str:
        """sshd's log so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    # Tearing down

    def close(self) -> None:
        """End every process started here, remove the user and the folder; raise the first error at the end."""
        errors: list[BaseException] = []
        steps: list[Callable[[], None]] = [self.end_sessions, self._stop_sshd, self._remove_user,
                                           lambda: shutil.rmtree(self.root, ignore_errors=True)]
        for step in steps:
            try:
                step()
            except Exception as error:  # the later steps still have to run
                errors.append(error)
        if errors:
            raise errors[0]

    def _stop_sshd(self) -> None:
        if self.sshd is not None:
            end_popen(self.sshd)
            self.sshd = None

    def _remove_user(self) -> None:
        if self._user_created:
            # userdel refuses while the user runs anything: end_sessions() has ended it all.
            done = subprocess.run(["userdel", "--remove", self.user], capture_output=True, text=True)
            # 12: the mail spool or home could not be removed; the home goes with the folder anyway.
            if done.returncode not in (0, 12):
                raise RuntimeError(f"userdel {self.user} failed ({done.returncode}): {done.stderr.strip()}")
            self._user_created = False


# --- tmux ---------------------------------------------------------------------------------


class Tmux:
    """A tmux server of its own (`tmux -L NAME`), ended with its panes by close()."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder / f"tmux-{name}"
        self.folder.mkdir(mode=0o700)
        self.config = self.folder / "tmux.conf"
        # No status line: the pane gets the whole window, so the app sees exactly -x by -y.
        # remain-on-exit: a finished pane keeps its last screen, for the error messages.
        self.config.write_text("set -g status off\nset -g remain-on-exit on\nset -g default-terminal tmux-256color\n")
        # psutil handles, taken while the processes run: they will not kill a later owner of the pid.
        self.server: psutil.Process | None = None
        self.panes: list[psutil.Process] = []
        self.socket: Path | None = None
        self._status: dict[str, Path] = {}
        self._env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "TMUX_PANE")}

    def tmux(self, *args: str) -> str:
        """Run a tmux command against this server; its output."""
        done = subprocess.run(["tmux", "-L", self.name, "-f", str(self.config), *args],
                              capture_output=True, text=True, env=self._env)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout

    def open(self, argv: Sequence[str], *, width: int, height: int, env: dict[str, str] | None = None) -> str:
        """Run `argv` in a new pane of `width` x `height`; the pane's id. The first call starts the server."""
        status = self.folder / f"status-{len(self._status)}"
        # A shell records the exit status: tmux 3.3a sometimes leaves a pane's program a zombie
        # it never collects, and then #{pane_dead_status} stays empty.
        wrapped = ["/bin/sh", "-c", f'"$@"; echo $? >{shlex.quote(str(status))}', "sh", *argv]
        environment = [f"-e{key}={value}" for key, value in (env or {}).items()]
        if self.server is None:
            pane = self.tmux("new-session", "-d", "-P", "-F", "#{pane_id}", "-s", "rr", "-x", str(width),
                             "-y", str(height), *environment, *wrapped).strip()
            pid, socket_path = self.tmux("display-message", "-p", "#{pid} #{socket_path}").strip().split(" ", 1)
            self.server = psutil.Process(int(pid))
            self.socket = Path(socket_path)
        else:
            pane = self.tmux("new-window", "-d", "-P", "-F", "#{pane_id}", "-t", "rr", *environment,
                             *wrapped).strip()
            self.resize(pane, width, height)
        self._status[pane] = status
        with suppress(psutil.NoSuchProcess):  # a client that failed at once is gone already
            self.panes.append(psutil.Process(int(self.tmux("display-message", "-p", "-t", pane, "#{pane_pid}"))))
        return pane

    def capture(self, pane: str) -> list[str]:
        """The pane's screen, one string a row (trailing blanks dropped by tmux)."""
        return self.tmux("capture-pane", "-p", "-t", pane).split("\n")[:-1]

    def keys(self, pane: str, *keys: str) -> None:
        """Press keys by tmux name (Escape, C-q, Enter...)."""
        if keys:
            self.tmux("send-keys", "-t", pane, *keys)

    def type(self, pane: str, text: str) -> None:
        """Type text literally."""
        self.tmux("send-keys", "-t", pane, "-l", text)

    def resize(self, pane: str, width: int, height: int) -> None:
        """Resize the pane's window, as a reader resizing their terminal."""
        self.tmux("resize-window", "-t", pane, "-x", str(width), "-y", str(height))

    def exit_status(self, pane: str) -> int | None:
        """The exit status of the pane's program once it ended (128 + N if signal N killed it), else None."""
        try:
            status = self._status[pane].read_text().strip()
        except FileNotFoundError:
            return None
        return int(status) if status else None  # empty: the shell is writing it

    def client_pid(self, pane: str) -> int:
        """The pid of the program the pane runs (the ssh client), below its recording shell."""
        shell = psutil.Process(int(self.tmux("display-message", "-p", "-t", pane, "#{pane_pid}")))
        [client] = shell.children()
        return client.pid

    def close(self) -> None:
        """End the server and every program its panes ran, by pid."""
        if self.server is not None:
            clients = []
            for pane in self.panes:
                with suppress(psutil.NoSuchProcess):
                    clients += pane.children(recursive=True)
            with suppress(RuntimeError):
                self.tmux("kill-server")
            end_processes([self.server, *self.panes, *clients])
        if self.socket is not None:
            self.socket.unlink(missing_ok=True)  # a killed server leaves its socket behind
        self.server = None
        self.panes.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def kill(pid: int) -> None:
    """SIGKILL one process, as a client that vanishes."""
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
