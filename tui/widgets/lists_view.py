"""The Lists view: every reading list with its records in order, then the saved searches.

Drawn with Textual's line API (only the lines on screen are made), so a list of thousands
of records opens at once; the records' cards (title, date) are fetched in a worker and the
lines say the id meanwhile. A record no longer in the corpus says so. The view changes
nothing itself: what the reader asks for goes to the screen by messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.model.text import visible
from tui.session import Card, Entry, SavedSearch, Session, Trail
from tui.widgets.cursor_keys import cursor_bindings

GONE = "not in the corpus now"


@dataclass(frozen=True, slots=True)
class Row:
    """One thing the view shows: a heading, a list's name, one of its records, a saved search, a word."""

    kind: str  # "heading", "list", "entry", "search", "note"
    text: str = ""
    list_name: str = ""
    entry: Entry | None = None
    number: int = 0  # the entry's place on its list, from 1
    count: int = 0  # a list's records
    current: bool = False  # the list `m` marks on
    search: SavedSearch | None = None

    @property
    def chosen(self) -> bool:
        """The cursor stops here (not on headings and words)."""
        return self.kind in ("list", "entry", "search")


def trail_rows(trail: Trail) -> list[Row]:
    """The lists (the current one said), each with its records in order; then the saved searches."""
    rows = [Row("heading", "Reading lists")]
    names = trail.lists.names()
    current = trail.current_list
    if not names:
        rows.append(Row("note", f"  None yet: m puts the record in focus on “{current}”"))
    for name in names:
        reading = trail.lists.get(name)
        if reading is None:
            continue
        rows.append(Row("list", name, list_name=name, count=len(reading.entries), current=name == current))
        if not reading.entries:
            rows.append(Row("note", "    No records: m marks the record in focus" if name == current
                            else "    No records"))
        rows.extend(Row("entry", list_name=name, entry=entry, number=number)
                    for number, entry in enumerate(reading.entries, 1))
    rows.append(Row("heading", ""))
    rows.append(Row("heading", "Saved searches"))
    searches = trail.searches.all()
    if not searches:
        rows.append(Row("note", "  None yet: “Save this search…” in the palette (ctrl+p)"))
    rows.extend(Row("search", saved.name, search=saved) for saved in searches)
    return rows


class ListsView(ScrollView, can_focus=True):
    """The reader's lists and saved searches; Enter opens, switches to or runs what is under the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"lists--heading", "lists--meta", "lists--gone", "lists--current",
                                             "lists--cursor"}
    BINDINGS: ClassVar[list[BindingType]] = [
        *cursor_bindings("lists"),
        Binding("enter", "choose", "Open", id="lists.open",
                tooltip="Open the record, make the list current, or run the saved search"),
        Binding("K,alt+up", "shift(-1)", "Move up", show=False, id="lists.move_up",
                tooltip="Move the record up its list"),
        Binding("J,alt+down", "shift(1)", "Move down", show=False, id="lists.move_down",
                tooltip="Move the record down its list"),
        Binding("C", "comment", "Comment", show=False, id="lists.comment",
                tooltip="Write the record's one-line comment on this list"),
        Binding("delete,x", "remove", "Remove", show=False, id="lists.remove",
                tooltip="Take the record off this list"),
    ]

    class EntryChosen(Message):
        """Open this record."""

        def __init__(self, record_id: str, card: Card | None) -> None:
            super().__init__()
            self.record_id, self.card = record_id, card

    class ListChosen(Message):
        """Make this list the current one."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class SearchChosen(Message):
        """Run this saved search."""

        def __init__(self, search: SavedSearch) -> None:
            super().__init__()
            self.search = search

    class EntryAction(Message):
        """Do something to an entry: "up", "down", "comment" or "remove"."""

        def __init__(self, what: str, list_name: str, entry: Entry, number: int) -> None:
            super().__init__()
            self.what, self.list_name, self.entry, self.number = what, list_name, entry, number

    class CardsFetched(Message):
        """The cards of these records (those in the corpus)."""

        def __init__(self, ids: list[str], cards: dict[str, Card]) -> None:
            super().__init__()
            self.ids, self.cards = ids, cards

    cursor = reactive(0, init=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session: Session | None = None
        self.rows: list[Row] = []
        self.cards: dict[str, Card] = {}  # the cards fetched so far, by record id
        self.asked: set[str] = set()  # ids asked of the index
        self.answered: set[str] = set()  # ids it answered for (found or not)
        self.lines: list[tuple[int, int]] = []  # each screen line: its row, and which of the row's lines
        self.first_line: list[int] = []  # each row's first screen line

    def _lay_out(self) -> None:
        """A record takes two lines (its title; its date and comment), anything else one."""
        lines: list[tuple[int, int]] = []
        first: list[int] = []
        for number, row in enumerate(self.rows):
            first.append(len(lines))
            lines.append((number, 0))
            if row.kind == "entry":
                lines.append((number, 1))
        self.lines, self.first_line = lines, first
        self.virtual_size = Size(self.size.width, len(lines))

    # Content

    def show_trail(self, trail: Trail, *, keep: tuple[str, str] | None = None) -> None:
        """Show the trail as it is now; the cursor stays on `keep` ((list, record id), or
        ("", list name), or ("?", search name)) where it is there, else where it was."""
        old = self.current_row
        self.rows = trail_rows(trail)
        self._lay_out()
        wanted = keep or (self._key(old) if old is not None else None)
        where = next((n for n, row in enumerate(self.rows) if wanted is not None and self._key(row) == wanted), None)
        if where is None:
            where = min(self.cursor, max(len(self.rows) - 1, 0))
        self._set_cursor(where)
        self.refresh()
        self._fetch_missing()

    @staticmethod
    def _key(row: Row) -> tuple[str, str] | None:
        if row.kind == "entry" and row.entry is not None:
            return row.list_name, row.entry.id
        if row.kind == "list":
            return "", row.list_name
        if row.kind == "search":
            return "?", row.text
        return None

    def _set_cursor(self, where: int) -> None:
        """Put the cursor on the nearest row it stops on, looking down first."""
        rows = self.rows
        for step in (1, -1):
            n = where
            while 0 <= n < len(rows):
                if rows[n].chosen:
                    self.cursor = n
                    return
                n += step
        self.cursor = 0

    def _fetch_missing(self) -> None:
        """Ask the index for the cards of the records in sight and a screen either side (a few
        milliseconds: a list of thousands is never fetched whole, so it opens at once)."""
        session = self.session
        if session is None or not session.ready or not self.lines:
            return
        height = max(self.size.height, 24)
        top = max(round(self.scroll_offset.y) - height, 0)
        rows = {self.lines[line][0] for line in range(top, min(top + 3 * height, len(self.lines)))}
        ids = [entry.id for entry in (self.rows[n].entry for n in sorted(rows))
               if entry is not None and entry.id not in self.asked]
        if ids:
            self.asked.update(ids)
            self._fetch(session, ids)

    @work(thread=True, group="lists-cards")
    def _fetch(self, session: Session, ids: list[str]) -> None:
        self.post_message(self.CardsFetched(ids, session.cards(ids)))

    @on(CardsFetched)
    def _fetched(self, message: CardsFetched) -> None:
        message.stop()
        self.cards.update(message.cards)
        self.answered.update(message.ids)
        self.refresh()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._fetch_missing()

    def forget_cards(self) -> None:
        """Ask the index again next time (it changed: a record may have come or gone)."""
        self.cards.clear()
        self.asked.clear()
        self.answered.clear()

    @property
    def current_row(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        line = self.scroll_offset.y + y
        base = self.rich_style
        if line >= len(self.lines):
            return Strip.blank(width, base)
        number, part = self.lines[line]
        text = self._text(self.rows[number]) if part == 0 else self._second_line(self.rows[number])
        text.truncate(width, overflow="ellipsis")
        text.stylize(base, 0, len(text))
        if number == self.cursor and self.rows[number].chosen:
            cursor = self.get_component_rich_style("lists--cursor") if self.has_focus else Style(reverse=True)
            text.pad_right(width - text.cell_len)
            text.stylize(cursor)
        segments = [segment for segment in text.render(self.app.console) if segment.text]
        return Strip(segments).crop_extend(0, width, base)

    def _text(self, row: Row) -> Text:
        meta = self.get_component_rich_style("lists--meta")
        if row.kind == "heading":
            return Text(" " + row.text, style=self.get_component_rich_style("lists--heading"), end="")
        if row.kind == "note":
            return Text(row.text, style=meta + Style(italic=True), end="")
        if row.kind == "list":
            text = Text(" ▸ " if not row.current else " ▶ ", end="")
            style = self.get_component_rich_style("lists--current") if row.current else Style(bold=True)
            text.append(visible(row.text, keep_layout=False), style=style)
            text.append(f"  {row.count:,}", style=meta)
            if row.current:
                text.append("  current", style=meta)
            return text
        if row.kind == "search" and row.search is not None:
            text = Text("   ", end="")
            text.append(visible(row.search.name, keep_layout=False), style=Style(bold=True))
            text.append("  " + visible(row.search.query, keep_layout=False), style=meta)
            return text
        entry = row.entry
        assert entry is not None
        text = Text(f"   {row.number:>3}. ", style=meta, end="")
        card = self.cards.get(entry.id)
        if card is not None:
            text.append(visible(card.title, keep_layout=False))
        else:
            text.append(visible(entry.id, keep_layout=False), style=None if self._gone(entry.id) else meta)
        return text

    def _gone(self, record_id: str) -> bool:
        """Asked of the index, and not found there."""
        return record_id in self.answered and record_id not in self.cards

    def _second_line(self, row: Row) -> Text:
        """Under a record's title: its date and the reader's comment (or that it is gone)."""
        meta = self.get_component_rich_style("lists--meta")
        entry = row.entry
        assert entry is not None
        text = Text(" " * 8, end="")
        card = self.cards.get(entry.id)
        if card is not None:
            text.append(card.date or "undated", style=meta)
        elif self._gone(entry.id):
            text.append(GONE, style=self.get_component_rich_style("lists--gone"))
        else:
            text.append("…", style=meta)
        if entry.comment:
            text.append("  “" + visible(entry.comment, keep_layout=False) + "”", style=meta + Style(italic=True))
        return text

    def watch_cursor(self, old: int, new: int) -> None:
        if 0 <= new < len(self.first_line):
            height = 2 if self.rows[new].kind == "entry" else 1
            self.scroll_to_region(Region(0, self.first_line[new], 1, height), animate=False)
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.lines))
        self._fetch_missing()

    # Keys

    def action_move(self, step: int) -> None:
        n = self.cursor + step
        while 0 <= n < len(self.rows):
            if self.rows[n].chosen:
                self.cursor = n
                return
            n += step
        if step < 0:
            self.scroll_to(y=0, animate=False)  # the heading above the first row in sight

    def action_page(self, step: int) -> None:
        if not self.lines:
            return
        line = self.first_line[self.cursor] + step * max(self.size.height - 2, 1)
        self._set_cursor(self.lines[max(0, min(line, len(self.lines) - 1))][0])

    def action_edge(self, end: int) -> None:
        if self.rows:
            if end:
                self._set_cursor(len(self.rows) - 1)
                n = self.cursor
                while n >= 0 and not self.rows[n].chosen:
                    n -= 1
                self.cursor = max(n, 0)
            else:
                self._set_cursor(0)
                self.scroll_to(y=0, animate=False)

    def action_choose(self) -> None:
        row = self.current_row
        if row is None or not row.chosen:
            return
        if row.kind == "entry" and row.entry is not None:
            self.post_message(self.EntryChosen(row.entry.id, self.cards.get(row.entry.id)))
        elif row.kind == "list":
            self.post_message(self.ListChosen(row.list_name))
        elif row.kind == "search" and row.search is not None:
            self.post_message(self.SearchChosen(row.search))

    def _entry_action(self, what: str) -> None:
        row = self.current_row
        if row is None or row.kind != "entry" or row.entry is None:
            self.notify("Put the cursor on a record of a list first", timeout=2, markup=False)
            return
        self.post_message(self.EntryAction(what, row.list_name, row.entry, row.number))

    def action_shift(self, by: int) -> None:
        self._entry_action("down" if by > 0 else "up")

    def action_comment(self) -> None:
        self._entry_action("comment")

    def action_remove(self) -> None:
        self._entry_action("remove")
