"""The browser on a hostile corpus, in secure mode too: every record opened from the results,
and nothing from it reaches the terminal raw; links only to good http(s) and mailto URLs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.segment import Segment

from tests.apptools import make_app, ready, settled, wait_for
from tests.hostile import GOOD_URL, PAYLOADS, raw, write_hostile_corpus
from tui.model.text import link_target
from tui.widgets.metadata import MetadataPane
from tui.widgets.reading import ReadingView
from tui.widgets.results import ResultsList

# What Textual itself writes: CSI sequences (styles, cursor, modes) and OSC 8 hyperlinks.
_CSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]")
_OSC8 = re.compile(r"\x1b\]8;[^;\x1b\x07]*;([^\x1b\x07]*)\x1b\\")


def _links(segments: list[Segment]) -> set[str]:
    return {segment.style.link for segment in segments if segment.style and segment.style.link}


@pytest.mark.parametrize("secure", [True, False])
async def test_hostile_records_reach_the_screen_made_visible(tmp_path: Path, config_dir: Path,
                                                             secure: bool) -> None:
    root = tmp_path / "hostile"
    ids = write_hostile_corpus(root)
    app = make_app(root, tmp_path / "index", config_dir, secure=secure)
    written: list[str] = []
    links: set[str] = set()
    shown: set[str] = set()
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await ready(pilot)
        driver = app._driver
        assert driver is not None
        original = driver.write

        def write(data: str) -> None:
            written.append(data)
            original(data)

        driver.write = write  # type: ignore[method-assign]
        await pilot.press("slash", *"words OR good")
        await wait_for(pilot, lambda: screen.results is not None and screen.results.total == len(ids), "the results")
        results = screen.query_one(ResultsList)
        await settled(pilot)
        opened = set()
        for number in range(len(ids)):
            results.focus()
            results.highlighted = number
            await pilot.press("enter")
            rid = results.cards[number].id
            await wait_for(pilot, lambda: screen.record is not None and screen.record.id == rid,  # noqa: B023
                           "the record")
            await settled(pilot)
            opened.add(rid)
            reading = screen.query_one(ReadingView)
            document = reading.document
            assert document is not None
            for y in range(len(document.lines)):
                strip = reading._draw(y, 120)
                assert raw(strip.text) == [], (rid, strip.text)
                links |= _links(list(strip))
            pane = screen.query_one(MetadataPane)
            for index in range(pane.option_count):
                prompt = pane.get_option_at_index(index).prompt
                shown.add(str(prompt))
                assert raw(str(prompt).replace("\n", "")) == [], (rid, str(prompt))
                for span in getattr(prompt, "spans", []):
                    link = getattr(span.style, "link", None)
                    if link:
                        links.add(link)
            pane.focus()
            await pilot.pause()
        assert opened == set(ids.values())
    assert "note ^[]2;Owned^G" in shown  # an unknown key's name, as its label
    assert "  https://example.org/^[]52;c;SGFja2VkIQ==^G" in shown  # a bad URL: text, no link
    output = "".join(written)
    targets = {match for match in _OSC8.findall(output) if match}
    assert GOOD_URL in links and "https://example.org/ok" in links
    assert all(link_target(link) == link for link in links | targets), links | targets
    assert targets <= links
    rest = _OSC8.sub("", _CSI.sub("", output))
    assert raw(rest.replace("\n", "").replace("\r", "")) == []
    for payload in PAYLOADS.values():
        assert payload not in output
