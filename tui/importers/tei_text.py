"""TEI text as the record format's plain text: paragraphs, line breaks, lists, tables, notes.

Footnotes are taken out of the running text, left as a marker `[2]` where they stood, and set
after the text as `[Footnote 2: ...]`: square brackets are where the format puts what editors
added. Whitespace that only indents the XML is dropped; other runs of spaces become one.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field

from tui.importers.xml_read import local

_SPACE = re.compile(r"[ \t\r\n]+")
_BEFORE_CLOSE = re.compile(r"\s+([)\]])")
_AFTER_OPEN = re.compile(r"([(\[])\s+")
_BEFORE_COMMA = re.compile(r"\s+(,|\[\d+[a-z]?\])")
BLOCKS = {"p", "ab", "dateline", "opener", "closer", "list", "table", "quote", "lg", "postscript", "div",
          "head", "signed", "salute", "byline", "docDate", "epigraph", "argument", "trailer", "floatingText",
          "attachment", "frus:attachment", "label", "seg-block"}
LINES = {"signed", "salute", "seg", "addrLine", "address", "item", "l", "row", "dateline", "docDate", "label"}
BREAK = "\ue000"  # a line break the source marks (lb), apart from the file's own newlines
SKIP = {"pb", "fw", "figure", "graphic", "milestone", "anchor", "gap"}


def words(text: str) -> str:
    """Runs of whitespace made one space, and none inside brackets or before a comma."""
    text = _SPACE.sub(" ", text).strip()
    # The rarer patterns only where their characters are: most runs of text have none.
    if ")" in text or "]" in text:
        text = _BEFORE_CLOSE.sub(r"\1", text)
    if "(" in text or "[" in text:
        text = _AFTER_OPEN.sub(r"\1", text)
    if " ," in text or " [" in text:
        text = _BEFORE_COMMA.sub(r"\1", text)
    return text


def inline(element: ET.Element, *, notes: Callable[[ET.Element], str] | None = None) -> str:
    """The text of an element as one run, notes replaced by what `notes` gives (none by default)."""
    out: list[str] = []
    _inline(element, out, notes)
    return "".join(out)


def _inline(element: ET.Element, out: list[str], notes: Callable[[ET.Element], str] | None) -> None:
    children = list(element)
    text = element.text or ""
    if text and not (children and not text.strip() and "\n" in text):
        out.append(text)
    for index, child in enumerate(children):
        name = local(child.tag)
        if name == "note":
            if notes is not None:
                out.append(notes(child))
        elif name == "lb":
            out.append(BREAK)
        elif name not in SKIP:
            _inline(child, out, notes)
        tail = child.tail or ""
        last = index == len(children) - 1
        if tail and not (last and not tail.strip() and "\n" in tail):
            out.append(tail)


@dataclass(slots=True)
class Body:
    """A document's text as it is built: paragraphs and the footnotes met on the way."""

    paragraphs: list[str] = field(default_factory=list)
    footnotes: list[tuple[str, str]] = field(default_factory=list)
    skip_note: Callable[[ET.Element], bool] = lambda note: False

    def text(self) -> str:
        parts = [p for p in self.paragraphs if p]
        parts += [f"[Footnote {number}: {text}]" for number, text in self.footnotes]
        return "\n\n".join(parts)

    def note(self, note: ET.Element) -> str:
        """The marker left in the text for a note, which is kept for the end."""
        if self.skip_note(note):
            return ""
        number = note.get("n") or str(len(self.footnotes) + 1)
        inner = Body(skip_note=self.skip_note)
        inner.block(note)
        self.footnotes.append((number, " ".join(inner.paragraphs)))
        self.footnotes.extend(inner.footnotes)
        return f"[{number}]"

    def line(self, element: ET.Element) -> str:
        """One paragraph's worth of text, single line breaks kept."""
        raw = inline(element, notes=self.note)
        return "\n".join(words(part) for part in raw.split(BREAK) if part.strip())

    def block(self, element: ET.Element) -> None:
        """Add an element's paragraphs: blocks become paragraphs, inline text gathers into one."""
        pending: list[str] = []
        name = local(element.tag)
        if name in ("table", "list", "closer", "opener", "address"):
            self.paragraphs.append(self.table(element) if name == "table" else
                                   self.list(element) if name == "list" else self.lines(element))
            return
        has_blocks = any(local(child.tag) in BLOCKS or (local(child.tag) == "note" and child.get("rend") == "inline")
                         for child in element)
        if not has_blocks:
            self.paragraphs.append(self.line(element))
            return
        if (element.text or "").strip():
            pending.append(element.text or "")
        for child in element:
            name = local(child.tag)
            if name in BLOCKS:
                self._flush(pending)
                if name in LINES and name not in ("dateline", "docDate"):
                    self.paragraphs.append(self.lines(child))
                else:
                    self.block(child)
            elif name == "note" and child.get("rend") == "inline":
                self._flush(pending)
                if not self.skip_note(child):
                    self.paragraphs.append(self.line(child))
            elif name == "note":
                pending.append(self.note(child))
            elif name not in SKIP:
                pending.append(inline(child, notes=self.note))
            if (child.tail or "").strip():
                pending.append(child.tail or "")
        self._flush(pending)

    def _flush(self, pending: list[str]) -> None:
        if pending:
            text = "\n".join(words(part) for part in "".join(pending).split(BREAK) if part.strip())
            if text:
                self.paragraphs.append(text)
            pending.clear()

    def lines(self, element: ET.Element) -> str:
        """A closer, opener or address: each part on a line of its own."""
        parts: list[str] = []
        pending = [element.text or ""]
        for child in element:
            if local(child.tag) in LINES or local(child.tag) in BLOCKS:
                parts.append("".join(pending))
                pending = []
                parts.append(self.line(child))
            elif local(child.tag) == "lb":
                pending.append(BREAK)
            elif local(child.tag) == "note":
                pending.append(self.note(child))
            elif local(child.tag) not in SKIP:
                pending.append(inline(child, notes=self.note))
            pending.append(child.tail or "")
        parts.append("".join(pending))
        lines = [words(piece) for part in parts for piece in part.split(BREAK)]
        return "\n".join(line for line in lines if line)

    def list(self, element: ET.Element) -> str:
        """A list: its heading, then each item on a line of its own."""
        lines = []
        for child in element:
            name = local(child.tag)
            if name in ("head", "item", "label"):
                lines.append(self.line(child))
        return "\n".join(line for line in lines if line)

    def table(self, element: ET.Element) -> str:
        """A table as text: a row to a line, cells apart by ' | '."""
        lines = []
        for child in element:
            if local(child.tag) == "head":
                lines.append(self.line(child))
            elif local(child.tag) == "row":
                cells = [self.line(cell).replace("\n", " ") for cell in child if local(cell.tag) == "cell"]
                lines.append(" | ".join(cells))
        return "\n".join(line for line in lines if line.strip(" |"))
