"""Steps 2, 3, 6 and 7 of the benchmark: the app in a real terminal (and a 1 MB document in-process).

2. warm start to the first useful screen, against a bare Textual app's first frame;
3. memory after browsing, against the bare app's;
6. opening a 1 MB document, against tomli reading its file (and, in the app, a short one);
7. the next start after changes to the corpus, against the warm start.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time
from collections import Counter
from pathlib import Path

from tests.bench_common import PYTHON, Row, log, median, ratio_row, run_timed
from tests.bench_term import (
    Pane,
    Tmux,
    app_command,
    app_ready,
    bare_ready,
    browse,
    memory,
    time_app_start,
    time_bare_start,
)

MEMORY_LIMIT_MIB = 100
OPEN_LIMIT = 0.3
BIG_ID, SMALL_ID = "long-report", "short-note"
BIG_FIRST, SMALL_FIRST = "Opening paragraph of a very long report.", "Opening paragraph of a short note."


def warm_start(tmux: Tmux, corpus: Path, index: Path, bare: Path, runs: int, timeout: float) -> tuple[list[Row], float]:
    """Medians of `runs` starts of the app and of the bare app, taken in turn; and the app's median."""
    log(f"step 2: warm start, {runs} runs of each")
    time_app_start(tmux, corpus, index, timeout)  # untimed: page cache and bytecode warm
    time_bare_start(tmux, bare, timeout)
    opened, ready, bare_times = [], [], []
    for _ in range(runs):
        start, _pane = time_app_start(tmux, corpus, index, timeout)
        opened.append(start.opened)
        ready.append(start.ready)
        bare_times.append(time_bare_start(tmux, bare, timeout))
    warm = median(opened)
    log(f"  app {warm:.3f} s (refreshed {median(ready):.3f} s), bare app {median(bare_times):.3f} s")
    return [
        ratio_row("2", f"Warm start to the first useful screen (the tree with its counts, the record count), "
                       f"median of {runs}", warm, "bare Textual app, first frame", median(bare_times), 2.0),
        Row("2", "… and until the background check of every file's time is done",
            median(ready), "s", "bare Textual app, first frame", median(bare_times)),
    ], (warm, median(ready))


def browsing_memory(tmux: Tmux, corpus: Path, index: Path, bare: Path, word: str, timeout: float) -> list[Row]:
    """The app's RSS, PSS and USS after a reader's browsing, against the bare app after its first frame."""
    log("step 3: memory while browsing")
    pane = tmux.launch([PYTHON, str(bare)])
    try:
        tmux.wait(pane, bare_ready, timeout, "the bare app's READY")
        time.sleep(0.5)
        reference = memory(tmux.app_process(pane))
    finally:
        tmux.finish(pane, "C-q")
    _start, pane = time_app_start(tmux, corpus, index, timeout, keep=True)
    try:
        process = tmux.app_process(pane)
        browse(tmux, pane, word)
        used = memory(process)
    finally:
        tmux.finish(pane, "Escape", "q")
    return [Row("3", f"Memory after browsing (tree, search '{word}', 4 results read): {name}", value, "MiB",
                "bare Textual app", ref, f"≤ {MEMORY_LIMIT_MIB} MiB", value <= MEMORY_LIMIT_MIB)
            for name, value, ref in zip(("RSS", "PSS", "USS"), used, reference, strict=True)]


# Step 6


def _write_big_corpus(folder: Path, work: Path) -> tuple[int, str]:
    """A corpus of two records: one with a body of about 1 MB in paragraphs, and a short one.
    Returns the long body's size in bytes and a word it holds often, to search for."""
    import tomli

    from tests.gen import generate, toml_table
    from tui.index.fold import fold

    source = work / "bodies"
    shutil.rmtree(source, ignore_errors=True)
    generate(source, 400, seed=0)
    bodies: list[str] = []
    size = 0
    for path in sorted(source.rglob("gen-*.toml")):
        body = tomli.loads(path.read_text(encoding="utf-8")).get("body", "")
        bodies.append(body.strip())  # generated bodies carry [sic], [illegible] and footnotes
        size += len(body) + 2
        if size >= 1_000_000:
            break
    shutil.rmtree(source)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "corpus.toml").write_text(toml_table({"title": "One long document"}))
    body = BIG_FIRST + "\n\n" + "\n\n".join(bodies) + "\n"
    big = {"id": BIG_ID, "title": "A very long report", "date": dt.date(1962, 10, 22), "type": "Report",
           "body": body}
    small = {"id": SMALL_ID, "title": "A short note", "date": dt.date(1962, 10, 23), "type": "Note",
             "body": SMALL_FIRST + "\n\n" + bodies[0] + "\n"}
    (folder / "long-report.toml").write_text(toml_table(big), encoding="utf-8")
    (folder / "short-note.toml").write_text(toml_table(small), encoding="utf-8")
    frequent = Counter(w for w in fold(body) if len(w) >= 8 and w.isalpha())
    return len(body.encode()), frequent.most_common(1)[0][0]


def big_document(tmux: Tmux | None, work: Path, timeout: float) -> list[Row]:
    """What the browser does to open a 1 MB record, in-process and through the app."""
    import tomli

    from tui.render.document import Document
    from tui.session import Session

    log("step 6: opening a 1 MB document")
    folder, index = work / "long-document", work / "long-document-index"
    size, word = _write_big_corpus(folder, work)
    session = Session(folder, index_dir=str(index))
    session.open()
    session.refresh()
    card = session.card(BIG_ID)
    if card is None:
        raise RuntimeError("the long record is not in its index")
    highlight = session.search(word, limit=50).highlight  # hits marked, as when opened from a search
    opened, parsed = [], []
    for _ in range(5):
        started = time.perf_counter()
        record = session.record(card)
        assert record is not None
        document = Document(record, highlight=highlight)
        document.layout(120)
        opened.append(time.perf_counter() - started)
        started = time.perf_counter()
        tomli.loads((folder / "long-report.toml").read_bytes().decode("utf-8"))
        parsed.append(time.perf_counter() - started)
    log(f"  in-process {median(opened):.3f} s; {len(document.lines):,} lines at 120 columns, "
        f"{len(document.hits):,} hits of {word!r}")
    rows = [Row("6", f"Open a {size / 1e6:.2f} MB document in-process: Session.record + Document + layout(120), "
                     "median of 5", median(opened), "s", "tomli reading the same file", median(parsed),
                f"< {OPEN_LIMIT * 1000:.0f} ms", median(opened) < OPEN_LIMIT)]
    if tmux is not None:
        big, small = _open_in_app(tmux, folder, index, timeout)
        rows.append(Row("6", "… through the app in tmux: Enter on its id (`:`) to its first body line, median of 3",
                        big, "s", "the same for a short record", small, f"< {OPEN_LIMIT * 1000:.0f} ms",
                        big < OPEN_LIMIT))
    return rows


def _open_in_app(tmux: Tmux, folder: Path, index: Path, timeout: float) -> tuple[float, float]:
    """Medians of opening the long and the short record by id, from Enter to the first body line."""
    pane = tmux.launch(app_command(folder, index))
    try:
        tmux.wait(pane, app_ready, timeout, "the app on the long document's corpus")
        big, small = [], []
        for _ in range(3):
            small.append(_jump(tmux, pane, SMALL_ID, SMALL_FIRST, timeout))
            big.append(_jump(tmux, pane, BIG_ID, BIG_FIRST, timeout))
        return median(big), median(small)
    finally:
        tmux.finish(pane, "Escape", "q")


def _jump(tmux: Tmux, pane: Pane, record_id: str, first_line: str, timeout: float) -> float:
    tmux.keys(pane, "Escape")
    tmux.keys(pane, ":")
    tmux.wait(pane, lambda s: "Go to the record" in s, timeout, "the go-to-id prompt")
    tmux.keys(pane, record_id, literal=True)
    time.sleep(0.2)
    started = time.time()
    tmux.keys(pane, "Enter")
    seen, _screen = tmux.wait(pane, lambda s: first_line in s, timeout, f"the first line of {record_id}")
    return seen - started


# Step 7


def _record_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.toml") if p.name != "corpus.toml")


class TouchOne:
    """One records file edited in place: a comment line appended (a new size and time)."""

    label = "touching one file"

    def __init__(self, corpus: Path) -> None:
        files = _record_files(corpus)
        self.path = files[len(files) // 2]
        self.original = self.path.read_bytes()

    def apply(self, run: int) -> None:
        self.path.write_bytes(self.original + f"# revised, pass {run}\n".encode())

    def revert(self) -> None:
        self.path.write_bytes(self.original)


class AddRemove:
    """100 records files added (copies under new ids) and 100 others taken away."""

    label = "adding 100 and deleting 100 files"

    def __init__(self, corpus: Path, stash: Path, count: int = 100) -> None:
        files = _record_files(corpus)
        step = max(len(files) // count, 1)
        self.removed = files[::step][:count]
        self.sources = files[step // 2::step][:count]
        self.corpus, self.stash = corpus, stash
        self.added: list[Path] = []

    def apply(self, run: int) -> None:
        for number, source in enumerate(self.sources):
            target = source.with_name(f"added-{number:03d}.toml")
            text = source.read_text(encoding="utf-8")
            target.write_text(re.sub(r'^id = ".*"$', f'id = "added-{run}-{number:03d}"', text, count=1,
                                     flags=re.MULTILINE), encoding="utf-8")
            self.added.append(target)
        for path in self.removed:
            kept = self.stash / path.relative_to(self.corpus)
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, kept)

    def revert(self) -> None:
        for path in self.added:
            path.unlink(missing_ok=True)
        self.added = []
        for path in self.removed:
            kept = self.stash / path.relative_to(self.corpus)
            if kept.exists():
                os.replace(kept, path)


def restart(tmux: Tmux, corpus: Path, index: Path, work: Path, warm: tuple[float, float], timeout: float,
            runs: int = 3) -> list[Row]:
    """Starts and incremental index runs after each change, against the warm start; the corpus is
    put back as it was after every run."""
    update = [PYTHON, "-m", "tui", "index", str(corpus), "--out", str(index)]
    rows: list[Row] = []
    for change in (TouchOne(corpus), AddRemove(corpus, work / "stash")):
        log(f"step 7: the next start after {change.label}")
        opened, starts, updates = [], [], []
        try:
            for run in range(runs):
                change.apply(run)
                start, _pane = time_app_start(tmux, corpus, index, timeout)
                opened.append(start.opened)
                starts.append(start.ready)
                change.revert()
                run_timed(update, timeout=timeout)
            for run in range(runs):
                change.apply(run)
                updates.append(run_timed(update, timeout=timeout)[0])
                change.revert()
                run_timed(update, timeout=timeout)
        finally:
            change.revert()
        warm_screen, warm_done = warm
        rows.append(ratio_row("7", f"Start after {change.label}: first useful screen, median of {runs}",
                              median(opened), "warm start (step 2)", warm_screen, 1.3))
        rows.append(ratio_row("7", "… and until the change is read into the index",
                              median(starts), "warm start, check done (step 2)", warm_done, 1.3))
        rows.append(Row("7", f"… `readingroom index` after {change.label} (incremental, every file's time "
                             f"checked), median of {runs}", median(updates), "s", "warm start (step 2)", warm_screen))
    shutil.rmtree(work / "stash", ignore_errors=True)
    return rows
