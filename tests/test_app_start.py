"""A first start without an index: the screen comes at once and fills as records arrive."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

import tui.index.library as library_module
import tui.screens.main as main_module
from tests.apptools import main_screen, make_app, settled, wait_for
from tests.gen import generate
from tui.app import ReadingRoom
from tui.index.ahead import OpenAhead
from tui.index.browse import Browse, Group, Key
from tui.session import Session
from tui.widgets.answers import Answer, Requests, post_answer


async def test_tree_fills_while_the_index_is_built(tmp_path: Path, config_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = generate(tmp_path / "corpus", 240, seed=3).root
    gate = threading.Event()
    real = library_module.parse_files

    def gated(files: Any, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for number, prepared in enumerate(real(files, *args, **kwargs)):
            if number == 120:
                gate.wait(timeout=60)  # hold the build half way until the test has looked
            yield prepared

    monkeypatch.setattr(library_module, "parse_files", gated)
    monkeypatch.setattr(library_module, "FIRST_COMMIT_SECONDS", 0.0)  # the first file shows at once
    monkeypatch.setattr(main_module, "TREE_REFRESH_SECONDS", 0.0)
    app = make_app(corpus, tmp_path / "index", config_dir)
    app.session.refresh_here = True  # the gate above holds this process's parsing
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, main_module.MainScreen), "the first screen")
        screen = main_screen(app)

        def shown_so_far() -> int:
            return sum(node.data.group.count for node in screen.doc_tree.root.children
                       if node.data is not None and node.data.group is not None)

        await wait_for(pilot, lambda: 0 < shown_so_far() < 240, "records in the tree while indexing")
        assert re.search(r"indexing: \d+ of 240 files", screen.status.activity)
        assert "building the index of 240 files" in "\n".join(n.message for n in app._notifications)
        gate.set()
        await wait_for(pilot, lambda: screen.status.index.startswith("240 records"), "the index to finish")
        await settled(pilot)
        await wait_for(pilot, lambda: shown_so_far() == 240, "every record in the tree")


async def test_next_start_uses_the_index_at_once(tmp_path: Path, config_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = generate(tmp_path / "corpus", 60, seed=4).root
    first = make_app(corpus, tmp_path / "index", config_dir)
    async with first.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(first.screen, main_module.MainScreen)
                       and main_screen(first).status.index.startswith("60 records"), "the first build")
    read: list[int] = []
    real = library_module.parse_files
    monkeypatch.setattr(library_module, "parse_files",
                        lambda files, *a, **k: (read.append(len(files)), real(files, *a, **k))[1])
    second: ReadingRoom = make_app(corpus, tmp_path / "index", config_dir)
    second.session.refresh_here = True  # so that the files it reads are seen here
    async with second.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(second.screen, main_module.MainScreen)
                       and main_screen(second).status.index.startswith("60 records"), "the second start")
        await settled(pilot)
    assert read == []  # nothing changed: no records file was read again


async def test_the_index_opened_ahead_gives_the_first_screen_its_tree(
        bundled: Path, bundled_index: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The command opens the index and counts the tree's first level while the screens load: the
    # first screen shows those counts, and counts nothing again on the app's own thread.
    counted: list[tuple[str, str, Key]] = []
    real = Browse.groups

    def spy(self: Browse, grouping: str, path: Key = (), within: Any = None) -> list[Group]:
        counted.append((threading.current_thread().name, grouping, path))
        return real(self, grouping, path, within)

    monkeypatch.setattr(Browse, "groups", spy)
    ahead = OpenAhead(bundled, index_dir=str(bundled_index), secure=False, grouping="date")
    app = ReadingRoom(bundled, index_dir=str(bundled_index), config_dir=config_dir, ahead=ahead)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, main_module.MainScreen)
                       and bool(main_screen(app).doc_tree.root.children), "the first screen's tree")
        shown = [(node.data.group.label, node.data.group.count) for node in main_screen(app).doc_tree.root.children
                 if node.data is not None and node.data.group is not None]
    in_app = list(counted)
    plain = Session(bundled, index_dir=str(bundled_index))
    assert plain.open_existing()
    assert shown == [(group.label, group.count) for group in plain.groups("date")]
    assert in_app[0] == ("open-ahead", "date", ())
    assert ("MainThread", "date", ()) not in in_app


def test_a_tree_counted_ahead_in_another_grouping_is_counted_again(bundled: Path, bundled_index: Path) -> None:
    ahead = OpenAhead(bundled, index_dir=str(bundled_index), secure=False, grouping="type")
    session = Session(bundled, index_dir=str(bundled_index), ahead=ahead)
    assert session.open_existing()
    plain = Session(bundled, index_dir=str(bundled_index))
    assert plain.open_existing()
    assert session.groups("date") == plain.groups("date")
    assert session.groups("type") == plain.groups("type")


def test_no_index_to_open_ahead_leaves_the_session_to_build_one(tmp_path: Path, bundled: Path) -> None:
    ahead = OpenAhead(bundled, index_dir=str(tmp_path / "none"), secure=False, grouping="date")
    session = Session(bundled, index_dir=str(tmp_path / "none"), ahead=ahead)
    assert session.open_existing() is False
    assert session.library is None


async def test_the_browser_refreshes_its_index_in_a_child_process(tmp_path: Path, config_dir: Path) -> None:
    """A file changed since the last start is read by a child process; the browser shows it."""
    corpus = generate(tmp_path / "corpus", 40, seed=5).root
    first = make_app(corpus, tmp_path / "index", config_dir)
    async with first.run_test() as pilot:
        await wait_for(pilot, lambda: isinstance(first.screen, main_module.MainScreen)
                       and main_screen(first).index_ready, "the first build")
    (corpus / "late.toml").write_text('id = "late"\ntitle = "Added later"\ndate = 1999-01-01\n')
    second = make_app(corpus, tmp_path / "index", config_dir)
    async with second.run_test() as pilot:
        screen = main_screen(second)
        await wait_for(pilot, lambda: isinstance(second.screen, main_module.MainScreen) and screen.index_ready,
                       "the second start's refresh")
        await settled(pilot)
        assert screen.status.index.startswith("41 records")
        assert second.session.card("late") is not None


class Found(Answer):
    kind = "probe"


class Listener(Static):
    """A pane that keeps the answers it is given."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self.answers: list[int] = []

    def on_found(self, answer: Found) -> None:
        self.answers.append(answer.request)


async def test_what_a_worker_finds_after_its_widget_has_gone_is_dropped(bundled: Path, bundled_index: Path,
                                                                       config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test() as pilot:
        screen = main_screen(app)
        gone, staying = Listener(id="soon-gone"), Listener(id="staying")
        await screen.mount(gone, staying)
        await gone.remove()
        # As from a worker thread finishing while its pane closes or the app quits.
        await asyncio.to_thread(post_answer, gone, Found(1))
        await asyncio.to_thread(post_answer, staying, Found(2))
        await wait_for(pilot, lambda: staying.answers == [2], "the answer to the pane still there")
        await pilot.pause()
        assert gone.answers == []


async def test_a_cancelled_worker_posts_nothing(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test() as pilot:
        screen = main_screen(app)
        listener = Listener(id="listener")
        await screen.mount(listener)
        started, go_on = threading.Event(), threading.Event()

        def slow(request: int) -> None:
            started.set()
            go_on.wait(10)
            post_answer(listener, Found(request))

        first = listener.run_worker(lambda: slow(1), thread=True, exclusive=True, group="probe")
        await asyncio.to_thread(started.wait, 10)
        listener.run_worker(lambda: post_answer(listener, Found(2)), thread=True, exclusive=True, group="probe")
        assert first.is_cancelled
        go_on.set()
        await settled(pilot)
        assert listener.answers == [2]


def test_requests_keep_only_the_latest_answer_of_each_kind() -> None:
    requests = Requests()
    first = requests.start("probe")
    assert requests.is_current(Found(first))
    second = requests.start("probe")
    assert not requests.is_current(Found(first)) and requests.is_current(Found(second))
    requests.start("other")
    assert requests.is_current(Found(second)) and requests.latest("probe") == second


def test_the_tree_counts_undated_records_whole_and_narrowed_to_a_search(bundled: Path, bundled_index: Path) -> None:
    session = Session(bundled, index_dir=str(bundled_index))
    assert session.open_existing()
    for scope in (None, session.scope("korea")):
        groups = session.groups("date", (), scope)
        undated = next(group for group in groups if group.label == "Undated")
        _cards, total = session.records("date", undated.path, scope)  # found by their dates, apart
        assert undated.count == total > 0
        assert sum(group.count for group in groups) == session.count(scope)
