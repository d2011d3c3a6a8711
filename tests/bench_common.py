"""What the benchmark's parts share: table rows, formatting, statistics, measured subprocesses."""

from __future__ import annotations

import contextlib
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
MIB = 1024 * 1024


_BEGUN = time.monotonic()


def log(message: str) -> None:
    """Progress on stderr, so that stdout holds only the report."""
    print(f"bench {time.monotonic() - _BEGUN:7.1f}s: {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    """One line of the report: a figure, its reference, and the target it is held to."""

    step: str
    measure: str
    value: float | None
    unit: str = "s"  # "s", "MiB", or "" for a plain number
    reference: str = ""
    ref_value: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.ref_value:
            return None
        return self.value / self.ref_value


def ratio_row(step: str, measure: str, value: float, reference: str, ref_value: float, limit: float,
              unit: str = "s") -> Row:
    """A figure held to at most `limit` times its reference."""
    row = Row(step, measure, value, unit, reference, ref_value, f"≤ {limit:g}× ref")
    row.met = row.ratio is not None and row.ratio <= limit
    return row


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "MiB":
        return f"{value:.1f} MiB"
    return f"{value:,.0f}" if value == int(value) else f"{value:.2f}"


def markdown(rows: Sequence[Row]) -> str:
    """The rows as one Markdown table."""
    lines = ["| # | Measure | Value | Reference | Ref. value | Ratio | Target | Met |",
             "|---|---|---:|---|---:|---:|---|---|"]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else "—"
        met = {True: "met", False: "**missed**", None: ""}[row.met]
        cells = [row.step, row.measure, fmt(row.value, row.unit), row.reference or "—",
                 fmt(row.ref_value, row.unit) if row.reference else "—", ratio, row.target, met]
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile (p95 of 50 runs is the 48th smallest)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def child_env(**extra: str) -> dict[str, str]:
    """This environment, with the repository importable from any folder."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


@dataclass
class Measured:
    """A finished subprocess: wall time, peak memory, exit status and output."""

    seconds: float
    main_peak: int  # bytes: the process itself, polled
    tree_peak: int  # bytes: it and every descendant alive at a poll, summed
    maxrss: int  # bytes: wait4's ru_maxrss (the largest single process, waited-for children included)
    returncode: int
    stdout: str
    stderr: str
    # bytes: the process's own memory at its peak, leaving out the pages of files it maps (the
    # index's, which the kernel may drop at any time and reads again when they are used)
    main_anon_peak: int = 0


def kill_tree(process: int | psutil.Process) -> None:
    """End a process this benchmark started, and its descendants (a psutil.Process is checked
    against its start time first, so a pid taken since by another process is left alone)."""
    try:
        parent = process if isinstance(process, psutil.Process) else psutil.Process(process)
        if not parent.is_running():
            return
        family = [*parent.children(recursive=True), parent]
    except psutil.NoSuchProcess:
        return
    for process in family:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()


def run_measured(command: Sequence[str], *, timeout: float, cwd: Path = REPO, env: dict[str, str] | None = None,
                 interval: float = 0.05) -> Measured:
    """Run a command, polling its memory and its process tree's every `interval` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), cwd=cwd, env=env or child_env(), stdout=out, stderr=err)
        peaks = [0, 0, 0]
        done = threading.Event()

        def sample() -> None:
            try:
                main = psutil.Process(process.pid)
            except psutil.NoSuchProcess:
                return
            while not done.is_set():
                try:
                    info = main.memory_info()
                    rss = info.rss
                    children = main.children(recursive=True)
                except psutil.NoSuchProcess:
                    return
                total = rss
                for child in children:
                    with contextlib.suppress(psutil.NoSuchProcess):
                        total += child.memory_info().rss
                peaks[0], peaks[1] = max(peaks[0], rss), max(peaks[1], total)
                peaks[2] = max(peaks[2], rss - getattr(info, "shared", 0))
                done.wait(interval)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4 blocks until the exact end; a timer ends the tree if it runs too long.
        expired: list[bool] = []
        timer = threading.Timer(timeout, lambda: (expired.append(True), kill_tree(process.pid)))
        timer.start()
        try:
            _pid, status, usage = os.wait4(process.pid, 0)
        except BaseException:  # interrupted: leave nothing running
            kill_tree(process.pid)
            raise
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if expired:
        raise TimeoutError(f"{' '.join(command[:4])} … ran past {timeout:.0f} s")
    return Measured(seconds, peaks[0], peaks[1], usage.ru_maxrss * 1024, process.returncode, stdout, stderr,
                    peaks[2])


def run_timed(command: Sequence[str], *, timeout: float, cwd: Path = REPO, env: dict[str, str] | None = None,
              check: bool = True) -> tuple[float, str]:
    """Wall time and stdout of a command (no memory polling: nothing else runs beside it)."""
    started = time.perf_counter()
    done = subprocess.run(list(command), cwd=cwd, env=env or child_env(), capture_output=True, text=True,
                          timeout=timeout)
    seconds = time.perf_counter() - started
    if check and done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} … exited {done.returncode}: {done.stderr.strip()[-500:]}")
    return seconds, done.stdout
