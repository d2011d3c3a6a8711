"""What the workers answer, by message: the latest request wins; the palette; what is copied and echoed."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import TypeVar

from textual.command import CommandPalette
from textual.message import Message

from tests.apptools import make_app, ready, screen_text, settled, wait_for
from tests.conftest import WriteCorpus
from tui.screens.main_messages import IndexRefreshed, RecordLoaded, ResultsFound
from tui.session import Card

SLOW = "1950-10-08-stalin-kim"
QUICK = "frus1955-57v23p2-d8"
M = TypeVar("M", bound=Message)
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def posted(messages: list[Message], kind: type[M]) -> list[M]:
    """Each message of `kind` once (the hook sees a message at every node that handles it)."""
    return list({id(m): m for m in messages if isinstance(m, kind)}.values())


async def test_open_a_then_b_with_a_slow_shows_b(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    """A record asked for first but read last is not shown over the one asked for since."""
    app = make_app(bundled, bundled_index, config_dir)
    messages: list[Message] = []
    async with app.run_test(size=(160, 48), message_hook=messages.append) as pilot:
        screen = await ready(pilot)
        reading_a, let_a_finish = threading.Event(), threading.Event()
        read = screen.session.record

        def record(card: Card):  # type: ignore[no-untyped-def]
            if card.id == SLOW:
                reading_a.set()
                let_a_finish.wait(30)
            return read(card)

        screen.session.record = record  # type: ignore[method-assign]
        await pilot.press("colon", *SLOW, "enter")
        await wait_for(pilot, reading_a.is_set, "A to be read")
        await pilot.press("colon", *QUICK, "enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == QUICK, "B shown")
        let_a_finish.set()
        await settled(pilot)
        assert screen.record is not None and screen.record.id == QUICK
        assert screen.record.title[:40] in screen_text(app)
        loaded = [m.record.id for m in posted(messages, RecordLoaded)]
        assert loaded == [QUICK], loaded  # A's worker was cancelled: its answer was never posted


async def test_a_late_answer_is_dropped_when_it_arrives(bundled: Path, bundled_index: Path,
                                                        config_dir: Path) -> None:
    """Posted all the same (as by a worker that missed its cancelling), an old answer changes nothing."""
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("colon", *QUICK, "enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == QUICK, "B shown")
        await settled(pilot)
        stale_record = screen.session.record(screen.session.card(SLOW))  # type: ignore[arg-type]
        assert stale_record is not None and screen.document is not None
        screen.post_message(RecordLoaded(screen.requests.latest("record") - 1, stale_record, screen.document, None,
                                         {}, from_search=False, remember=True))
        await settled(pilot)
        assert screen.record.id == QUICK


async def test_search_and_open_post_their_answers(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    messages: list[Message] = []
    async with app.run_test(size=(160, 48), message_hook=messages.append) as pilot:
        screen = await ready(pilot)
        assert any(isinstance(m, IndexRefreshed) for m in messages)
        await pilot.press("slash", *"stalin divisions", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the top result")
        await settled(pilot)
        found = posted(messages, ResultsFound)
        assert found and found[-1].results.query == "stalin divisions" and found[-1].results.hits
        assert found[-1].scope.text == "stalin divisions" and found[-1].years
        loaded = posted(messages, RecordLoaded)
        assert [m.record.id for m in loaded] == [found[-1].results.hits[0].card.id]
        assert loaded[0].from_search and loaded[0].document.hits  # laid out with the search's hits


async def palette_titles(pilot, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What the palette offers for `text` once every provider has answered."""
    app = pilot.app
    await pilot.press("ctrl+p", *text)
    await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
    await settled(pilot)
    lines = [line.strip() for line in screen_text(app).splitlines()]
    await pilot.press("escape")
    return lines


async def test_open_record_finds_words_of_titles(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        for words in ("kim", "letter", "LETT", "feng kim"):
            lines = await palette_titles(pilot, words)
            assert any(line.startswith("Open: ") for line in lines), (words, lines)
        lines = await palette_titles(pilot, "kim il")
        assert "Open: Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtykov)" in lines
        await pilot.press("ctrl+p", *"feng kim")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await settled(pilot)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: screen.record is not None and screen.record.id == SLOW, "the record opened")


async def test_a_long_id_is_echoed_short(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await ready(pilot)
        long_id = "x" * 92_000
        await pilot.press("colon")
        await wait_for(pilot, lambda: app.screen.query("#answer"), "the id field")
        app.screen.query_one("#answer").value = long_id  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: "No record has the id" in screen_text(app), "the notice")
        notices = list(app._notifications)
        assert notices and len(notices[-1].message) < 200
        assert notices[-1].message.endswith("…")
        assert sum(line.count("x") for line in screen_text(app).splitlines()) < 200


HOSTILE = (
    'id = "hostile"\n'
    'title = "Title \\u001b[2J \\u009b31m \\u202edesrever end"\n'
    "date = 1950-10-08\n"
    'authors = ["Author \\u001b]52;c;aGk=\\u0007"]\n'
    'body = """\n'
    "Body \\u001b[2J and \\u0085 and \\u2066isolate\\u2069 and \\u001b]52;c;aGk=\\u0007 stop.\n"
    '"""\n'
)


async def test_nothing_copied_holds_a_control_character(write_corpus: WriteCorpus, tmp_path: Path,
                                                        config_dir: Path) -> None:
    root = write_corpus({"hostile.toml": HOSTILE})
    app = make_app(root, tmp_path / "index", config_dir)
    copied: list[str] = []
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        copy = app.copy_to_clipboard

        def copy_to_clipboard(text: str) -> None:  # what goes out by OSC 52
            copied.append(text)
            copy(text)

        app.copy_to_clipboard = copy_to_clipboard  # type: ignore[method-assign]
        await pilot.press("colon", *"hostile", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        for key in ("c", "y", "Y"):
            await pilot.press(key)
        metadata = screen.metadata
        metadata.focus()
        metadata.highlighted = next(i for i, c in metadata.choices.items() if c.kind == "copy")
        await pilot.press("enter")
        await settled(pilot)
        assert len(copied) == 4, copied
        assert "Body ^[[2J and <U+0085> and <U+2066>isolate<U+2069>" in copied[2]
        for text in copied:
            assert not CONTROLS.search(text), repr(text)
        assert app.clipboard == copied[-1]
