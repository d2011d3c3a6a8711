"""Corpus text is data: markup and escape sequences in a record show as text in every pane,
and never reach the terminal. Also the problems branch and the help screen."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from tests.apptools import make_app, ready, screen_text, wait_for
from tests.conftest import WriteCorpus
from tui.app import ReadingRoom
from tui.screens.help import HelpScreen, binding_groups, binding_rows
from tui.screens.main import MainScreen

HOSTILE = (
    'id = "hostile"\n'
    'title = "Title [bold]x[/] [/foo] \\u001b[2J \\u001b]52;c;aGk=\\u0007 end"\n'
    "date = 1950-10-08\n"
    'type = "Letter [red]"\n'
    'authors = ["Author [link=http://x]y[/link]"]\n'
    'people = ["[/foo] Person \\u001b[31m"]\n'
    'summary = "Sum [b]mary[/b]"\n'
    'chapter = "Unknown [i]key[/i] \\u009b2J"\n'
    'body = """\n'
    "Body [bold]x[/] and [/foo] and \\u001b[2J and \\u001b]52;c;aGk=\\u0007 stop.\n"
    '"""\n'
    "[source]\n"
    'repository = "Repo [reverse]r[/]"\n'
)


async def test_markup_and_escapes_show_as_text_in_every_pane(write_corpus: WriteCorpus, tmp_path: Path,
                                                             config_dir: Path) -> None:
    root = write_corpus({"hostile.toml": HOSTILE})
    app = make_app(root, tmp_path / "index", config_dir)
    written: list[str] = []
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await ready(pilot)
        driver = app._driver
        assert driver is not None
        original = driver.write
        driver.write = lambda data: (written.append(data), original(data))[1]  # type: ignore[method-assign]
        # The tree: a record label.
        await pilot.press("enter")
        await wait_for(pilot, lambda: "1950" in screen_text(app), "the year")
        await pilot.press("down", "enter", "down", "enter")
        await wait_for(pilot, lambda: "8 Oct 1950" in screen_text(app), "the record's leaf")
        text = screen_text(app)
        assert "8 Oct 1950  Title [bold]x[/] [/foo] ^[[2J ^[]52;c;aGk" in text  # the tree's label
        # The reading view and the metadata pane.
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the record")
        text = screen_text(app)
        assert "Body [bold]x[/] and [/foo] and ^[[2J and ^[]52;c;aGk=^G stop." in text
        assert "Sum [b]mary[/b]" in text
        assert "Letter [red]" in text
        assert "Author [link=http://x]y[/link]" in text
        assert "[/foo] Person ^[[31m" in text
        assert "Unknown [i]key[/i] <U+009B>2J" in text
        assert "Repo [reverse]r[/]" in text
        # The results list and its snippet.
        await pilot.press("slash", *"stop")
        await wait_for(pilot, lambda: screen.results is not None, "the results")
        # The list is drawn at the next refresh after the results arrive.
        await wait_for(pilot, lambda: "1. Title" in screen_text(app), "the results drawn")
        text = screen_text(app)
        assert "1. Title [bold]x[/] [/foo] ^[[2J" in text
        assert "Body [bold]x[/] and [/foo] and ^[[2J and ^[]52;c;aGk=^G stop." in text
    # Nothing from the record reached the terminal as a control sequence.
    output = "".join(written)
    assert "\x1b[2J" not in output
    assert "\x1b]52;c;aGk=" not in output


async def test_problems_branch_lists_each_problem(write_corpus: WriteCorpus, tmp_path: Path,
                                                  config_dir: Path) -> None:
    root = write_corpus({
        "good.toml": 'id = "good"\ntitle = "Good"\ndate = 1950-01-01\n',
        "bad.toml": 'id = "bad"\ntitle = "Bad"\ndate = "1950-13-01"\n',
        "broken.toml": 'id = "x"\ntitle = "oops\n',
        "typo.toml": 'id = "typo"\ntitel = "Typed in haste"\n',
    })
    app = make_app(root, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await ready(pilot)
        await wait_for(pilot, lambda: "Problems  3" in screen_text(app), "the problems branch")
        assert "2 records, 3 problems" in screen_text(app)
        screen.doc_tree.move_cursor(screen.doc_tree.root.children[-1])
        await pilot.press("enter")
        await wait_for(pilot, lambda: "bad.toml:3:1" in screen_text(app), "the problems")
        text = screen_text(app)
        assert 'bad.toml:3:1  date "1950-13-01": there is no month' in text
        assert "broken.toml:2:14  not valid TOML" in text
        assert 'typo.toml:1:1  record "typo" has no title' in text
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: "Problem in bad.toml" in screen_text(app), "the problem shown")
        screen.doc_tree.move_cursor(screen.doc_tree.root.children[-1].children[-1])
        await pilot.press("enter")
        # The message wraps at the reading measure: its two halves, each on a line of its own.
        halves = ("(did you", "mean `title` for `titel`?)")
        await wait_for(pilot, lambda: all(half in screen_text(app) for half in halves), "the near miss named")


async def test_help_lists_every_binding(bundled: Path, bundled_index: Path, config_dir: Path) -> None:
    app = make_app(bundled, bundled_index, config_dir)
    async with app.run_test(size=(160, 60)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        text = help_screen.plain_text()
        assert "Keys" in screen_text(app)
        rows = binding_rows(help_screen.groups)
        assert len(rows) > 30
        for _pane, keys, description, _tooltip, _id in rows:
            assert description in text, description
            assert keys.split(", ")[0] in text, keys
        assert 'person:"Mao Zedong"' in text  # the query language too
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), "help to close")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help on F1")


def every_binding_class() -> list[type]:
    """Every class in the browser's modules that defines bindings of its own."""
    import importlib
    import inspect
    import pkgutil

    import tui
    from tui.app import ReadingRoom

    owners: set[type] = {ReadingRoom}
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.split(".")[1] not in ("app", "screens", "widgets", "commands"):
            continue
        for _name, value in inspect.getmembers(importlib.import_module(info.name), inspect.isclass):
            if value.__module__ == info.name and "BINDINGS" in vars(value):
                owners.add(value)
    return sorted(owners, key=lambda owner: owner.__qualname__)


def test_every_binding_has_a_description_and_an_id() -> None:
    owners = every_binding_class()
    assert {"MainScreen", "ReadingView", "DocumentTree", "HelpScreen", "AskScreen", "FindBar", "SearchBar",
            "Timeline", "ReadingRoom"} <= {owner.__name__ for owner in owners}
    ids: dict[str, str] = {}
    for owner in owners:
        for binding in owner.BINDINGS:
            assert isinstance(binding, Binding), (owner.__name__, binding)
            assert binding.description, (owner.__name__, binding.key)
            assert binding.id, (owner.__name__, binding.key)
            assert ids.setdefault(binding.id, owner.__name__) == owner.__name__, f"{binding.id} used twice"


def test_keys_avoid_terminal_multiplexer_prefixes() -> None:
    keys = {key.strip() for _pane, bindings in binding_groups(MainScreen.BINDINGS, ReadingRoom.BINDINGS)
            for b in bindings for key in b.key.split(",")}
    assert not keys & {"ctrl+b", "ctrl+a", "ctrl+enter"}
