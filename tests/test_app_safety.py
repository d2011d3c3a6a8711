"""Corpus text is data: markup and escape sequences in a record show as text in every pane,
and never reach the terminal. Also the problems branch and the help screen."""

from __future__ import annotations

from pathlib import Path

from tests.apptools import make_app, ready, screen_text, wait_for
from tests.conftest import WriteCorpus
from tui.app import ReadingRoom
from tui.screens.help import HelpScreen, binding_rows

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
        screen.tree.move_cursor(screen.tree.root.children[-1])
        await pilot.press("enter")
        await wait_for(pilot, lambda: "bad.toml:3:1" in screen_text(app), "the problems")
        text = screen_text(app)
        assert 'bad.toml:3:1  date "1950-13-01": there is no month' in text
        assert "broken.toml:2:14  not valid TOML" in text
        assert 'typo.toml:1:1  record "typo" has no title' in text
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: "Problem in bad.toml" in screen_text(app), "the problem shown")
        screen.tree.move_cursor(screen.tree.root.children[-1].children[-1])
        await pilot.press("enter")
        await wait_for(pilot, lambda: "did you mean `title` for `titel`?" in screen_text(app), "the near miss named")


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
        rows = binding_rows(app.binding_groups())
        assert len(rows) > 30
        for _pane, keys, description, _tooltip in rows:
            assert description in text, description
            assert keys.split(", ")[0] in text, keys
        assert 'person:"Mao Zedong"' in text  # the query language too
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, HelpScreen), "help to close")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), "help on F1")


def test_every_binding_has_a_description_and_an_id() -> None:
    app = ReadingRoom(Path("."))
    for pane, bindings in app.binding_groups():
        for binding in bindings:
            assert binding.description, (pane, binding.key)
    from tui.screens.main import MainScreen
    from tui.widgets.doc_tree import DocumentTree
    from tui.widgets.reading import ReadingView

    for owner in (MainScreen, ReadingView, DocumentTree, ReadingRoom):
        for binding in owner.BINDINGS:
            assert binding.id, (owner.__name__, binding.key)  # type: ignore[union-attr]


def test_keys_avoid_terminal_multiplexer_prefixes() -> None:
    app = ReadingRoom(Path("."))
    keys = {key.strip() for _pane, bindings in app.binding_groups() for b in bindings for key in b.key.split(",")}
    assert not keys & {"ctrl+b", "ctrl+a", "ctrl+enter"}
