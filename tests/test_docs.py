"""The README says what the program does: its keys table, its commands and its first screen."""

from __future__ import annotations

import re
from pathlib import Path

from tui.app import ReadingRoom
from tui.cli import build_parser
from tui.screens.help import binding_groups, markdown_keys
from tui.screens.main import MainScreen

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_keys_table_is_made_from_the_bindings() -> None:
    table = re.search(r"<!-- keys:[^>]*-->\n(.*?)\n<!-- /keys -->", README, re.DOTALL)
    assert table is not None
    assert table.group(1) == markdown_keys(binding_groups(MainScreen.BINDINGS, ReadingRoom.BINDINGS))


def test_every_command_is_documented() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[union-attr]
    for name in commands:
        if name != "browse":
            assert f"`readingroom {name}" in README, name


def test_first_screen_has_exactly_the_two_commands() -> None:
    first_screen = README.split("\n## ")[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", first_screen, re.DOTALL)
    assert blocks == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/readingroom",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]
