"""The one rule for unsafe characters, and every command's text and JSON output of a hostile
corpus: no control, escape, bidi or invisible character from a corpus comes out raw."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from tests.hostile import FORBIDDEN, GOOD_URL, PAYLOADS, raw, write_hostile_corpus
from tui.cli import main
from tui.model.text import blanked, for_clipboard, link_target, one_line, safe_json, visible

# --- The rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAYLOADS)
def test_every_class_is_made_visible_in_both_modes(name: str) -> None:
    payload = PAYLOADS[name]
    for shown in (one_line(payload), visible(payload), for_clipboard(payload)):
        assert raw(shown.replace("\n", "")) == [], (name, shown)
    assert len(blanked(payload)) == len(one_line(payload))


def test_each_kind_has_its_symbol() -> None:
    assert one_line("a\x1b]2;X\x07") == "a^[]2;X^G"
    assert one_line("\x00\x08\x7f\r\t\n") == "^@^H^?^M^I^J"
    assert one_line("\x9b\x85") == "<U+009B><U+0085>"
    assert one_line("\u202e\u2066\u200f\u061c") == "<U+202E><U+2066><U+200F><U+061C>"
    assert one_line("\u200b\ufeff\u2060\u00ad\U000e0041") == "<U+200B><U+FEFF><U+2060><U+00AD><U+E0041>"
    assert one_line("a\u2028b\u2029c") == "a<U+2028>b<U+2029>c"
    assert one_line("\udc80") == "<U+DC80>"  # a byte of a file name that is not UTF-8


def test_layout_keeps_lines_and_reads_separators_as_breaks() -> None:
    assert visible("a\nb\tc\u2028d\u2029e") == "a\nb\tc\nd\n\ne"
    assert visible("a\rb") == "a^Mb"


def test_joiners_stay_where_a_script_needs_them() -> None:
    persian = "می\u200cخواهم"
    family = "👨\u200d👩\u200d👧"
    assert one_line(persian) == persian and one_line(family) == family
    assert one_line("ad\u200dmin") == "ad<U+200D>min"  # between Latin letters it only hides a difference
    assert one_line("\u200cx") == "<U+200C>x" and one_line("ж\u200d ") == "ж<U+200D> "
    assert blanked(persian) == persian and blanked("a\x07b") == "a  b"


def test_text_without_unsafe_characters_is_unchanged() -> None:
    text = "Ким Ир Сен 金日成 — «quoted» [sic]\n\tindented"
    assert visible(text) == text and for_clipboard(text) == text


def test_clipboard_text_reads_crlf_as_a_newline_and_can_be_one_line() -> None:
    assert for_clipboard("a\r\nb\rc\x1b[2J") == "a\nb^Mc^[[2J"
    assert for_clipboard("id\nrm -rf ~\n", keep_layout=False) == "id^Jrm -rf ~^J"


def test_json_escapes_every_class_and_keeps_the_data() -> None:
    value = {"key " + payload: [payload, "мед\u200cведь"] for payload in PAYLOADS.values()}
    text = safe_json(value)
    assert raw(text.replace("\n", "")) == []
    assert "\\u009b" in text and "\\u202e" in text and "\\u2028" in text and "\\u200c" in text
    assert "\\udb40\\udc41" in text  # a tag character, as its surrogate pair
    assert json.loads(text) == value


@pytest.mark.parametrize(("url", "target"), [
    ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
    ("  http://example.org  ", "http://example.org"),
    ("HTTPS://Example.ORG/Päth?q=ü", "https://example.org/P%C3%A4th?q=%C3%BC"),
    ("http://bücher.de/", "http://xn--bcher-kva.de/"),
    ("https://example.org/100%/a%41", "https://example.org/100%25/a%41"),
    ("https://[::1]:8080/", "https://[::1]:8080/"),
    ("mailto:archivist@example.org", "mailto:archivist@example.org"),
])
def test_good_urls_become_percent_encoded_links(url: str, target: str) -> None:
    assert link_target(url) == target
    assert target.isascii() and raw(target) == []


@pytest.mark.parametrize("url", [
    *(f"https://example.org/{payload}" for payload in PAYLOADS.values()),
    "https://example.org/a b", "javascript:alert(1)", "file:///etc/passwd", "data:text/html,x",
    "ftp://example.org/", "https://", "https:///path", "mailto:", "//example.org/", "example.org",
    "https://exa\"mple.org/", "https://example.org:99999/", "https://example.org:port/", "",
])
def test_anything_else_is_no_link(url: str) -> None:
    assert link_target(url) is None


# --- Commands ------------------------------------------------------------------------------------


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    root = tmp_path / "hostile"
    return root, write_hostile_corpus(root)


def output(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(list(args))
    captured = capsys.readouterr()
    assert raw(captured.err.replace("\n", "")) == [], captured.err
    return captured.out


def test_check_shows_hostile_file_names_made_visible(hostile: tuple[Path, dict[str, str]],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root, _ids = hostile
    text = output(capsys, "check", str(root))
    assert raw(text.replace("\n", "")) == []
    assert 'bad ^[]2;Owned^G.toml:3:1: date "1950-13-01^[[2J^[[H"' in text
    assert "folder <U+009B>2J<U+009D>0;X<U+009C>/file <U+009B>2J<U+009D>0;X<U+009C>.toml:13:1" in text
    report = json.loads(text_json := output(capsys, "check", str(root), "--format", "json"))
    assert raw(text_json.replace("\n", "")) == []
    paths = {problem["path"] for problem in report["problems"]}
    assert f"bad {PAYLOADS['title']}.toml" in paths  # JSON keeps the name exactly, escaped
    assert "\\u009b2J" in text_json and "\\u202edcba" in text_json


def test_show_makes_every_field_key_and_name_visible(hostile: tuple[Path, dict[str, str]],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root, ids = hostile
    for name, rid in ids.items():
        text = output(capsys, "show", rid, "--corpus", str(root))
        assert raw(text.replace("\n", "")) == [], (name, raw(text))
        record = json.loads(as_json := output(capsys, "show", rid, "--corpus", str(root), "--format", "json"))
        assert raw(as_json.replace("\n", "")) == [], name
        assert record["id"] == rid  # the data itself is kept, exactly
    text = output(capsys, "show", ids["title"], "--corpus", str(root))
    assert re.search(r"\nnote \^\[\]2;Owned\^G +v \^\[\]2;Owned\^G v\n", text)  # an unknown key's name
    assert re.search(r"\nsource\.extra \^\[\]2;Owned\^G +v", text)
    assert re.search(r"\nURL +https://example\.org/\^\[\]2;Owned\^G\n", text)
    text = output(capsys, "show", ids["separators"], "--corpus", str(root))
    assert "Title one<U+2028>two<U+2029>three<U+0085>four end" in text  # one line, as everywhere
    assert re.search(r"\nId +separators-one<U\+2028>two", text)
    assert "  Body words one\n  two\n\n  three<U+0085>four words" in text  # a body keeps its breaks


def test_search_output_is_clean_in_text_and_json(hostile: tuple[Path, dict[str, str]], tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root, _ids = hostile
    index = str(tmp_path / "index")
    text = output(capsys, "search", "words", "--corpus", str(root), "--index", index, "--limit", "50")
    assert raw(text.replace("\n", "")) == []
    assert "Title ^[]52;c;SGFja2VkIQ==^G end" in text
    as_json = output(capsys, "search", "words", "--corpus", str(root), "--index", index, "--format", "json",
                     "--limit", "50")
    assert raw(as_json.replace("\n", "")) == []
    assert len(json.loads(as_json)["results"]) == len(PAYLOADS)


def test_show_links_only_good_urls_in_a_terminal(hostile: tuple[Path, dict[str, str]]) -> None:
    """In a terminal, Rich writes a Markdown body's links as OSC 8: only the good one is a link,
    and no character reference becomes a control character."""
    from tui.model.lookup import find_record
    from tui.render.terminal import print_record

    root, ids = hostile
    for rid in ids.values():
        record, _manifests = find_record(root, rid)
        assert record is not None
        buffer = io.StringIO()
        print_record(Console(file=buffer, force_terminal=True, color_system="truecolor", width=100), record)
        written = buffer.getvalue()
        links = re.findall(r"\x1b]8;[^;\x1b]*;([^\x1b]*)\x1b\\", written)
        targets = [link for link in links if link]  # an empty target closes a link
        assert all(link_target(link) == link and link.startswith("https://") for link in targets), targets
        rest = re.sub(r"\x1b\[[0-9;]*m|\x1b]8;[^;\x1b]*;[^\x1b]*\x1b\\", "", written)
        assert raw(rest.replace("\n", "")) == [], (rid, raw(rest))
        if rid == "good":
            assert "https://example.org/ok" in targets and not any("javascript" in t or "file" in t for t in targets)
            # Markdown reads a reference to a control as U+FFFD; the others are made visible.
            assert "\ufffd[2J clear, \ufffd31m red, <U+202E>reversed, <U+2028>separator" in rest
            assert GOOD_URL in rest


def test_the_forbidden_pattern_matches_what_the_rule_rewrites() -> None:
    every = "".join(map(chr, range(0x3000))) + "\ufeff\U000e0041"
    kept = visible(every, keep_layout=False)
    assert FORBIDDEN.findall(every) and not FORBIDDEN.findall(kept)
