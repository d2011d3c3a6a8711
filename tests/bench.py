"""The benchmark: build, start, memory, search, command line, a long document, restarts.

    python -m tests.bench [--sizes 10000,100000] [--workdir DIR] [--keep]
                          [--only load,build,ocr,start,memory,search,cli,open,restart,export,import,trail,letters]

For each size it generates a corpus (seed 0; kept in the work folder and reused while complete),
measures every figure beside a reference taken in the same run, and prints one Markdown table,
after the machine, the date and the command line. Progress goes to stderr, the report to stdout.
Needs tmux and ripgrep (`rg`).

0. load     `readingroom check` (the whole corpus read, every rule): wall time, peak RSS;
            against a bare tomli parse of the same files in 1 and in 2 processes.
1. build    `readingroom index` from nothing: wall time, peak RSS (main process, process tree);
            against tomli parsing the files in 2 processes plus the engine's bare insert.
   ocr      the same build of a corpus as large whose words are misread as by text recognition
            (`tests.gen --ocr`: millions of distinct words): wall time, peak RSS.
2. start    warm start in tmux to the first useful screen (the tree with its counts);
            against a bare Textual app's first frame (medians of 7).
3. memory   RSS, PSS and USS of the app after browsing; against the bare app's.
4. search   p50 and p95 of `Library.search` per query class; against SQLite FTS5.
5. cli      `readingroom search WORD --format json`; against `rg -l -i WORD`.
6. open     a 1 MB record opened in-process and in the app; against tomli reading its file,
            and opening a short record.
7. restart  the next start and `readingroom index` after touching one file, and after adding
            100 and deleting 100 files; against the warm start (the corpus is put back after).
8. export   `readingroom export --format csl-json` of every record: wall time against
            `readingroom check`, peak RSS of the process tree.
9. import   `readingroom import` of each FRUS volume of the shared sources (a 4 MB one under 3 s), and
            of a generated CSV of as many rows as records; against the csv module reading it and
            writing as many files (tests/bench_import.py; needs no generated corpus).
10. trail   a reading list of 2,000 records opened; 1,000 notes read, against the warm start;
            the p95 that searching 1,000 notes adds to a search; in the terminal, the warm start
            with that trail kept against none, and `m` answered on screen.
11. letters correspondents, an exchange, and the concordance of a word in 10% of the records: its
            first screenful (under 300 ms), every occurrence, the memory they hold, and in the app a
            key answered while it streams (tests/bench_letters.py).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import psutil

from tests.bench_common import PYTHON, REPO, Row, log, markdown, run_timed

STEPS = ("load", "build", "ocr", "start", "memory", "search", "cli", "open", "restart", "export", "import", "trail",
         "letters")
TERMINAL_STEPS = {"start", "memory", "open", "restart", "trail"}
START_RUNS = 7


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of record counts: {text!r}") from None
    if not sizes or min(sizes) < 500:
        raise argparse.ArgumentTypeError("sizes are record counts of 500 or more")
    return sizes


def _steps(text: str) -> list[str]:
    steps = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(steps) - set(STEPS))
    if unknown or not steps:
        raise argparse.ArgumentTypeError(f"steps are some of {','.join(STEPS)} (not {','.join(unknown)})")
    return steps


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[10_000, 100_000], metavar="N,N",
                        help="corpus sizes in records (default: 10000,100000)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/readingroom-bench"), metavar="DIR",
                        help="where corpora are generated and kept, and runs work (default: /tmp/readingroom-bench)")
    parser.add_argument("--keep", action="store_true", help="keep each run's indexes and files, not only the corpora")
    parser.add_argument("--only", type=_steps, default=list(STEPS), metavar="STEPS",
                        help=f"run only these steps, comma-separated: {','.join(STEPS)}")
    return parser.parse_args(argv)


# The machine


def _first_line(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=10).stdout.splitlines()[0].strip()
    except (OSError, IndexError, subprocess.SubprocessError):
        return "not found"


def machine() -> list[str]:
    """What the figures were measured on."""
    import sqlite3

    cpu = platform.processor() or "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
    physical = psutil.cpu_count(logical=False)
    return [
        f"- Machine: {cpu}; {os.cpu_count()} logical cores ({physical or '?'} physical); "
        f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM; {platform.platform()}",
        f"- Python {platform.python_version()}; tantivy {importlib.metadata.version('tantivy')}; "
        f"Textual {importlib.metadata.version('textual')}; SQLite {sqlite3.sqlite_version}; "
        f"{_first_line(['rg', '--version'])}; {_first_line(['tmux', '-V'])}",
        f"- Date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
    ]


# Corpora


def _generator_digest() -> str:
    digest = hashlib.sha256()
    for name in ("gen.py", "gen_words.py"):
        digest.update((REPO / "tests" / name).read_bytes())
    return digest.hexdigest()[:16]


def _tree_facts(root: Path) -> tuple[int, int]:
    """Files and bytes under `root`."""
    files = size = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            size += os.stat(os.path.join(folder, name)).st_size
    return files, size


def prepare_corpus(workdir: Path, records: int, *, ocr: bool = False) -> tuple[Path, int, int]:
    """The corpus of `records` records (seed 0), reused when its marker and its files agree."""
    from tests.gen import generate

    name = f"corpus-{records}{'-ocr' * ocr}"
    root, marker = workdir / name, workdir / f"{name}.json"
    wanted = {"records": records, "seed": 0, "per_file": 1, "generator": _generator_digest(), "ocr": ocr}
    with contextlib.suppress(OSError, ValueError):
        facts = json.loads(marker.read_text())
        if all(facts.get(k) == v for k, v in wanted.items()) and root.is_dir():
            if _tree_facts(root) == (facts["files"], facts["bytes"]):
                log(f"reusing {root}")
                return root, facts["files"], facts["bytes"]
            log(f"{root} differs from when it was made: generating it again")
    marker.unlink(missing_ok=True)
    shutil.rmtree(root, ignore_errors=True)
    log(f"generating {records:,} records in {root}")
    made = generate(root, records, seed=0, ocr=ocr)
    marker.write_text(json.dumps({**wanted, "files": made.files, "bytes": made.bytes}))
    return root, made.files, made.bytes


def warm_page_cache(root: Path) -> None:
    """Read every file once, so that no step pays for the disk and every step reads the same way."""
    for folder, _dirs, names in os.walk(root):
        for name in names:
            with open(os.path.join(folder, name), "rb") as stream:
                while stream.read(1 << 20):
                    pass


# One size


def run_size(records: int, args: argparse.Namespace) -> tuple[str, list[Row]]:
    """Every chosen step on one corpus; a heading line and the rows."""
    from tests import bench_app, bench_build, bench_export, bench_search, bench_trail
    from tests.bench_term import BARE_APP, Tmux
    from tui.index.library import Library

    if args.only == ["import"]:
        from tests import bench_import

        return f"## Import, {records:,} CSV rows", bench_import.imports(args.workdir / "import", records)
    corpus, files, size = prepare_corpus(args.workdir, records)
    heading = f"## {records:,} records ({files:,} files, {size / 1e6:.1f} MB)"
    work = args.workdir / f"run-{records}"
    work.mkdir(parents=True, exist_ok=True)
    index = work / "index"
    timeout = 60 + records * 0.001
    warm_page_cache(corpus)
    rows: list[Row] = []
    steps = args.only

    def attempt(step: str, number: str, action: Callable[[], list[Row] | None]) -> None:
        if step not in steps and step != "setup":
            return
        try:
            rows.extend(action() or [])
        except Exception as error:  # one step failing must not lose the others' figures
            traceback.print_exc(file=sys.stderr)
            message = " ".join(str(error).split())
            if len(message) > 300:  # a screen's last lines say most: keep the start and the end
                message = message[:110] + " … " + message[-180:]
            rows.append(Row(number, f"{step} failed: {type(error).__name__}: {message}", None, met=False))

    library: list[Library] = []

    def setup() -> None:
        if not set(steps) - {"load", "build", "ocr", "export"}:  # no later step reads the index
            return
        if not (index / "CURRENT").exists() or "build" not in steps:
            log("bringing the index up to date (untimed)")
            run_timed([PYTHON, "-m", "tui", "index", str(corpus), "--out", str(index)],
                      timeout=bench_build.build_timeout(records))
        if {"memory", "search", "cli", "trail", "letters"} & set(steps):
            library.append(Library.open(corpus, index_dir=index, notify=log))
            library[0].refresh()

    try:
        attempt("load", "0", lambda: bench_build.load(corpus, work, records))
        attempt("build", "1", lambda: bench_build.cold_build(corpus, index, work, records))

        def ocr_build() -> list[Row]:
            ocr_corpus = prepare_corpus(args.workdir, records, ocr=True)[0]
            warm_page_cache(ocr_corpus)
            return bench_build.ocr_build(ocr_corpus, work / "ocr-index", records)

        attempt("ocr", "1", ocr_build)
        attempt("export", "8", lambda: bench_export.export(corpus, work, records))
        attempt("setup", "–", setup)
        word = bench_search.medium_word(library[0]) if library else "government"
        bare = work / "bare_app.py"
        bare.write_text(BARE_APP)
        warm: list[tuple[float, float]] = []
        with contextlib.ExitStack() as stack:
            tmux = stack.enter_context(Tmux(work / "terminal", work / "config")) if TERMINAL_STEPS & set(steps) \
                else None

            def start() -> list[Row]:
                assert tmux is not None
                found, median_start = bench_app.warm_start(tmux, corpus, index, bare, START_RUNS, timeout)
                warm.append(median_start)
                return found

            attempt("start", "2", start)
            attempt("memory", "3", lambda: bench_app.browsing_memory(tmux, corpus, index, bare, word, timeout))
            if library:
                attempt("search", "4", lambda: bench_search.search_latency(library[0], corpus, work))
                attempt("cli", "5", lambda: bench_search.cli_against_rg(library[0], corpus, index, timeout))
                attempt("trail", "10", lambda: bench_trail.trail_figures(library[0], work, warm[0] if warm else None))
                from tests import bench_trail_app

                def trail_app() -> list[Row]:
                    assert tmux is not None
                    return bench_trail_app.trail_in_app(tmux, corpus, index, library[0], work, word, START_RUNS,
                                                        timeout)

                attempt("trail", "10", trail_app)
                from tests import bench_letters

                attempt("letters", "11", lambda: bench_letters.letters(library[0], corpus, index))
                library[0].close()
            attempt("open", "6", lambda: bench_app.big_document(tmux, work, timeout))

            def restart() -> list[Row]:
                assert tmux is not None
                if not warm:  # step 7's reference is step 2's figure: measured here when 2 did not run
                    warm.append(bench_app.warm_start(tmux, corpus, index, bare, 3, timeout)[1])
                return bench_app.restart(tmux, corpus, index, work, warm[0], timeout)

            attempt("restart", "7", restart)
        from tests import bench_import

        attempt("import", "9", lambda: bench_import.imports(work / "import", records))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return heading, sorted(rows, key=lambda row: int(row.step) if row.step.isdigit() else -1)


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    args = parse_args(arguments)
    needed = (["tmux"] if TERMINAL_STEPS & set(args.only) else []) + (["rg"] if "cli" in args.only else [])
    missing = [tool for tool in needed if shutil.which(tool) is None]
    if missing:
        print(f"bench: needs {' and '.join(missing)} on the PATH (apt-get install tmux ripgrep)", file=sys.stderr)
        return 2
    args.workdir = args.workdir.expanduser().resolve()
    args.workdir.mkdir(parents=True, exist_ok=True)
    # The app starts as installed: pip compiles a package to bytecode, as it did Textual's, which
    # the reference app reads. A checkout run with PYTHONDONTWRITEBYTECODE would otherwise compile
    # every module at every start (about 100 ms).
    compileall.compile_dir(REPO / "tui", quiet=1)
    print("# Reading Room benchmark\n")
    print("\n".join(machine()))
    print(f"- Command: `{shlex.join(['python', '-m', 'tests.bench', *arguments])}`")
    print("- Every ratio is the figure over its reference, both measured in this run.", flush=True)
    missed = 0
    for records in args.sizes:
        heading, rows = run_size(records, args)
        missed += sum(row.met is False for row in rows)
        print(f"\n{heading}\n\n{markdown(rows)}", flush=True)
    print(f"\n{missed} target{'s' * (missed != 1)} missed or not measured." if missed else "\nEvery target met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
