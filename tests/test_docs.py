"""The README says what the program does: its keys table, its commands and its first screen."""

from __future__ import annotations

import re
from argparse import ArgumentParser
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


def command_table() -> dict[str, str]:
    """The README's table of commands: each command's name (browse for the bare one) and its row."""
    section = README.split("\n## Commands\n")[1].split("\n## ")[0]
    rows = {}
    for line in section.splitlines():
        found = re.match(r"\| `readingroom( [a-z]+)?", line)
        if found:
            name = (found.group(1) or "").strip()
            rows["browse" if not name or name.isupper() else name] = line
    return rows


def options(parser: ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings if o.startswith("--")} - {"--help"}


def test_every_command_and_option_is_in_the_readme() -> None:
    commands = build_parser().subcommands
    rows = command_table()
    assert set(rows) == set(commands), "the README's commands differ from the command line's"
    for name, parser in commands.items():
        for option in options(parser):
            assert option in rows[name], f"readingroom {name} {option} is not in the README's table"
    assert "`readingroom --version`" in README


def test_the_readme_names_no_command_or_option_that_is_not_there() -> None:
    commands = build_parser().subcommands
    everything = set().union(*(options(parser) for parser in commands.values())) | {"--version"}
    for name in re.findall(r"`readingroom ([a-z][a-z-]*)", README):
        assert name in commands, f"the README names `readingroom {name}`"
    # Options in code spans that run a command: `readingroom … --x`, or `search --x` and the like.
    spans = re.findall(r"`([^`\n]+)`", README)
    for span in spans:
        words = span.split()
        if not words or not ({words[0], words[0].rsplit("/", 1)[-1]} & {"readingroom", *commands}):
            continue
        command = words[1] if words[0].endswith("readingroom") and len(words) > 1 else words[0]
        known = options(commands[command]) if command in commands else everything
        for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", span):
            assert option in known | {"--version"}, f"the README's `{span}` has {option}"


def test_first_screen_has_exactly_the_two_commands() -> None:
    first_screen = README.split("\n## ")[0]
    blocks = re.findall(r"```sh\n(.*?)\n```", first_screen, re.DOTALL)
    assert blocks == [
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/readingroom",
        "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest",
    ]


def test_every_command_runs_as_itself_not_as_the_browser() -> None:
    """`readingroom NAME --help` reaches NAME's own help for every subcommand (a command missing from
    the dispatch would open the browser on a corpus called NAME)."""
    import subprocess
    import sys

    for name in build_parser().subcommands:
        result = subprocess.run([sys.executable, "-m", "tui", name, "--help"], capture_output=True, text=True,
                                timeout=60)
        assert result.returncode == 0 and f"usage: readingroom {name}" in result.stdout, (name, result.stderr)
