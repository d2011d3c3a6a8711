"""The reader's `[keys]` table: read as written, checked against the bindings, kept when saving."""

from __future__ import annotations

from pathlib import Path

from tui.app import ReadingRoom
from tui.config import Settings
from tui.screens.help import reader_keymap
from tui.screens.main import MainScreen


def keymap(text: str, folder: Path) -> tuple[dict[str, str], list[str]]:
    (folder / "settings.toml").write_text(text, encoding="utf-8")
    found = reader_keymap(Settings.load(folder).keys, MainScreen.BINDINGS, ReadingRoom.BINDINGS)
    return found.keys, found.problems


def test_ids_written_with_or_without_quotes(tmp_path: Path) -> None:
    keys, problems = keymap('[keys]\nmain.quit = "ctrl+q"\n"search.clear" = "ctrl+l"\n', tmp_path)
    assert keys == {"main.quit": "ctrl+q", "search.clear": "ctrl+l"} and problems == []


def test_keys_are_read_as_textual_names_them(tmp_path: Path) -> None:
    keys, problems = keymap('[keys]\n"main.help" = "?, F5"\n"main.copy_citation" = "c,Ctrl+k"\n', tmp_path)
    assert keys == {"main.help": "question_mark,f5", "main.copy_citation": "c,ctrl+k"} and problems == []


def test_each_mistake_is_named_and_left_out(tmp_path: Path) -> None:
    keys, problems = keymap('[keys]\n"main.nothing" = "z"\n"main.help" = "ctrl+nope"\n"main.quit" = 5\n'
                            '"main.grouping" = "n"\n"main.tree" = "D"\n', tmp_path)
    assert keys == {"main.tree": "D"}
    assert problems == ["no binding has the id 'main.nothing'", "main.help: no such key 'ctrl+nope'",
                        'main.quit: give its keys as a string ("x" or "x,ctrl+k")',
                        "main.grouping: n is taken by reading.next"]


def test_a_key_taken_in_another_pane_only_is_no_clash(tmp_path: Path) -> None:
    # g is the tree's and the results' "first", but nothing of the screen's: the help's g is its own.
    keys, problems = keymap('[keys]\n"help.top" = "t"\n"results.first" = "f"\n', tmp_path)
    assert keys == {"help.top": "t", "results.first": "f"} and problems == []


def test_saving_the_settings_keeps_the_table(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('theme = "nord"\n[keys]\nmain.quit = "x"\n"a\\"b" = "y"\n')
    settings = Settings.load(tmp_path)
    settings.grouping = "collection"
    assert settings.save(tmp_path)
    again = Settings.load(tmp_path)
    assert again.keys == {"main.quit": "x", 'a"b': "y"} and again.grouping == "collection"
