"""Step 10 of the benchmark, in a real terminal: the trail as the app carries it.

- the warm start with a reader's trail (a list of 2,000 records and 1,000 notes in the data
  folder), against the warm start with none, taken in turn;
- marking: from `m` to the mark showing on the open record's title (or going again).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from tests.bench_common import Row, log, median, ratio_row
from tests.bench_term import HITS, Pane, Tmux, app_command, app_opened, app_ready
from tests.bench_trail import write_trail
from tui.index.library import Library
from tui.trail.trail import Trail, corpus_key
from tui.widgets.marks import MARK

START_LIMIT = 1.10  # the warm start with 1,000 notes, against none
MARK_LIMIT = 0.050
MARKS = 8
LISTS_LIMIT = 0.100
LISTS_RUNS = 8


def _launch(tmux: Tmux, corpus: Path, index: Path, data: Path) -> Pane:
    return tmux.launch(["env", f"READINGROOM_DATA={data}", *app_command(corpus, index)])


def _start(tmux: Tmux, corpus: Path, index: Path, data: Path, timeout: float) -> float:
    pane = _launch(tmux, corpus, index, data)
    try:
        seen, _screen = tmux.wait(pane, app_opened, timeout, "the tree and the record count")
        return seen - pane.started()
    finally:
        tmux.finish(pane, "q")


def _marked(screen: str) -> bool:
    """The open record's title carries the mark (the mark says it: no notice then)."""
    return MARK in screen


def trail_in_app(tmux: Tmux, corpus: Path, index: Path, library: Library, work: Path, word: str,
                 runs: int, timeout: float) -> list[Row]:
    log("step 10: the warm start with a trail of 1,000 notes, and marking")
    with_trail, without = work / "data-trail", work / "data-none"
    shutil.rmtree(with_trail, ignore_errors=True)
    shutil.rmtree(without, ignore_errors=True)
    without.mkdir(parents=True)
    write_trail(with_trail / "corpora" / corpus_key(corpus), library)
    _start(tmux, corpus, index, with_trail, timeout)  # untimed: caches warm
    plain, trailed = [], []
    for _ in range(runs):
        plain.append(_start(tmux, corpus, index, without, timeout))
        trailed.append(_start(tmux, corpus, index, with_trail, timeout))
    log(f"  warm start {median(trailed):.3f} s with the trail, {median(plain):.3f} s without")
    rows = [ratio_row("10", f"Warm start with a 2,000-record list and 1,000 notes kept, median of {runs}",
                      median(trailed), "warm start, no trail", median(plain), START_LIMIT)]
    rows.append(_mark_latency(tmux, corpus, index, with_trail, word, timeout))
    rows.append(lists_latency(tmux, corpus, index, library, with_trail, timeout))
    return rows


def lists_latency(tmux: Tmux, corpus: Path, index: Path, library: Library, data: Path, timeout: float) -> Row:
    """`L` with a list of 2,000 records: the time until the Lists view shows the list's first
    records by title (their cards fetched and drawn), then `L` again to hide it; taken in turn."""
    trail = Trail.open(corpus)
    first_ids = trail.lists.get("Bench").ids[:3] if trail.lists.get("Bench") else []
    titles = [library.card(record_id) for record_id in first_ids]
    wanted = [card.title[:30] for card in titles if card is not None]

    def shown(screen: str) -> bool:
        return "Bench  2,000" in screen and all(title in screen for title in wanted)

    pane = _launch(tmux, corpus, index, data)
    try:
        tmux.wait(pane, app_ready, timeout, "the status line's 'records in'")
        times = []
        for _ in range(LISTS_RUNS):
            sent = time.time()
            tmux.keys(pane, "L")
            seen, _screen = tmux.wait(pane, shown, 10, "the list's first records by title")
            times.append(seen - sent)
            tmux.keys(pane, "L")
            tmux.wait(pane, lambda s: "Bench  2,000" not in s, 10, "the Lists view to go")
    finally:
        tmux.finish(pane, "q")
    value = median(times)
    log(f"  the Lists view with a 2,000-record list in {value * 1000:.1f} ms (median of {LISTS_RUNS})")
    return Row("10", f"`L`: the Lists view shows a 2,000-record list by title (median of {LISTS_RUNS}, "
               "capture-pane polling)", value, "s", target=f"≤ {LISTS_LIMIT * 1000:.0f} ms", met=value <= LISTS_LIMIT)


def _mark_latency(tmux: Tmux, corpus: Path, index: Path, data: Path, word: str, timeout: float) -> Row:
    """`m` on the open record, again and again: the time until the screen says so."""
    pane = _launch(tmux, corpus, index, data)
    try:
        tmux.wait(pane, app_ready, timeout, "the status line's 'records in'")
        tmux.keys(pane, "/")
        tmux.keys(pane, word, literal=True)
        tmux.keys(pane, "Enter")
        tmux.wait(pane, lambda s: bool(HITS.search(s)), 20, f"the results for {word!r}")
        tmux.keys(pane, "Enter")  # the top result opens
        _seen, screen = tmux.wait(pane, lambda s: "No document open" not in s, 20, "the open record")
        first = not _marked(screen)  # the record may be on the list already
        times = []
        for number in range(MARKS):
            wanted = first if number % 2 == 0 else not first  # marked, then unmarked again (or the other way)
            tmux.wait(pane, lambda s, w=wanted: _marked(s) != w, 10, "the mark as it was")
            sent = time.time()
            tmux.keys(pane, "m")
            seen, _screen = tmux.wait(pane, lambda s, w=wanted: _marked(s) == w, 10, "the mark to come or go")
            times.append(seen - sent)
        floor = _round_trips(tmux, pane)
    finally:
        tmux.finish(pane, "Escape", "q")
    value = median(times)
    log(f"  marking answered in {value * 1000:.1f} ms (median of {MARKS}); a line's scroll in {floor * 1000:.1f} ms")
    return Row("10", f"`m`: the mark shows on the title, or goes (median of {MARKS}, capture-pane polling)", value,
               "s", "`j`/`k`: the text scrolled a line, the same way", floor, f"≤ {MARK_LIMIT * 1000:.0f} ms",
               met=value <= MARK_LIMIT)


def _round_trips(tmux: Tmux, pane: Pane) -> float:
    """What a key costs through the terminal and the polling alone: `j` and `k` scroll the open
    record a line down and up again, a change as small as a mark's, timed the same way."""
    times = []
    for number in range(MARKS):
        before = tmux.capture(pane)
        sent = time.time()
        tmux.keys(pane, "j" if number % 2 == 0 else "k")
        seen, _screen = tmux.wait(pane, lambda s, was=before: s != was, 10, "the text to scroll")
        times.append(seen - sent)
    return median(times)
