"""The help screen: every key, made from the bindings themselves, and the query language."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import ClassVar

from rich.console import Console
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keymap import Keymap, key_label, only_bindings, read_keymap, with_keys
from tui.model.text import visible
from tui.screens.note_keys import NOTE_EDITOR_BINDINGS
from tui.widgets.doc_tree import DocumentTree
from tui.widgets.lists_view import ListsView
from tui.widgets.metadata import MetadataPane
from tui.widgets.notes_view import NotesView
from tui.widgets.reading import ReadingView
from tui.widgets.reading_pane import ReadingPane
from tui.widgets.results import ResultsList
from tui.widgets.search_bar import SearchBar
from tui.widgets.timeline import Timeline

Groups = list[tuple[str, list[Binding]]]
SECURE_ACTIONS = ("edit", "suspend", "external")  # what secure mode forbids: not offered in its help
HELP_KEYS = "Escape closes  ·  j/k line  ·  Space/b page  ·  g/G top and bottom"

QUERY_HELP = [
    ("stalin korea", "every word (case and accents ignored: Gomulka finds Gomułka); where no record "
                     "has them all, those with some of them, best first, and the status line says so"),
    ('"big war"', "the words together, in this order"),
    ("milit*", "words starting with milit"),
    ("stalin OR mao", "either word"),
    ("korea -china, korea NOT china", "leave out records with china"),
    ("(stalin OR mao) korea", "group with parentheses"),
    ('person:"Mao Zedong"', "authors, recipients and people; also author: recipient:"),
    ("title: place: subject: collection: type:", "search one field; also id: lang: repository: ref:"),
    ("date:1950  date:1950-10  date:1950-10-08", "records whose date overlaps that year, month or day"),
    ("date:1950-06..1951-03  date:..1950  date:1962..", "a range of dates; either end may be open"),
    ("Stalin, Jiang Jieshi", "names find their aliases (Feng Xi; Chiang Kai-shek) from the manifests"),
    ("militery", "a word that finds little also matches close spellings (military), and says so"),
]


def pane_bindings() -> dict[str, list[Binding]]:
    """Each pane's own bindings (active while it has focus, with the screen's and the app's)."""
    return {"Search box": only_bindings(SearchBar.BINDINGS),
            "Reading": only_bindings(ReadingView.BINDINGS) + only_bindings(ReadingPane.BINDINGS),
            "Tree": only_bindings(DocumentTree.BINDINGS), "Results": only_bindings(ResultsList.BINDINGS),
            "Metadata": only_bindings(MetadataPane.BINDINGS), "Timeline": only_bindings(Timeline.BINDINGS),
            "Lists": only_bindings(ListsView.BINDINGS),
            "Notes": only_bindings(NotesView.BINDINGS), "Note editor": only_bindings(NOTE_EDITOR_BINDINGS)}


def reader_keymap(keys: dict[str, str], screen: Iterable[BindingType], app: Iterable[BindingType]) -> Keymap:
    """The reader's `[keys]` checked against every binding of the reading room."""
    return read_keymap(keys, pane_bindings(), only_bindings(screen) + only_bindings(app),
                       alone=only_bindings(HelpScreen.BINDINGS))


def binding_groups(screen: Iterable[BindingType], app: Iterable[BindingType], *, secure: bool = False,
                   keymap: dict[str, str] | None = None) -> Groups:
    """Every binding the reader can use, by pane: the screen's and the app's, then each pane's,
    with the reader's own keys where `keymap` has them."""

    def bindings(owner: Iterable[BindingType]) -> list[Binding]:
        return with_keys([b for b in owner if isinstance(b, Binding) and not (secure and b.action in SECURE_ACTIONS)],
                         keymap or {})

    return [
        ("Everywhere", [*bindings(screen), *bindings(app),
                        Binding("ctrl+p", "command_palette", "Commands",
                                tooltip="Every command, and open record… by title"),
                        Binding("tab,shift+tab", "focus_next", "Next pane", tooltip="Move between the panes")]),
        ("Search box", [Binding("enter", "submit", "Open", tooltip="Open the top result"),
                        *bindings(SearchBar.BINDINGS)]),
        ("Reading", bindings(ReadingView.BINDINGS) + bindings(ReadingPane.BINDINGS)),
        ("Tree", [*bindings(DocumentTree.BINDINGS),
                  Binding("enter", "select", "Open", tooltip="Open a record or a branch"),
                  Binding("space", "toggle", "Fold/unfold")]),
        ("Results", [*bindings(ResultsList.BINDINGS), Binding("enter", "select", "Open the result")]),
        ("Metadata", [*bindings(MetadataPane.BINDINGS),
                      Binding("enter", "select", "Search for this value, open the related record, or copy")]),
        ("Timeline", bindings(Timeline.BINDINGS)),
        ("Lists", bindings(ListsView.BINDINGS)),
        ("Notes", bindings(NotesView.BINDINGS)),
        ("Note editor", bindings(NOTE_EDITOR_BINDINGS)),
    ]


def binding_rows(groups: Iterable[tuple[str, list[Binding]]]) -> list[tuple[str, str, str, str, str]]:
    """(pane, keys, description, tooltip, id) for every binding with a description."""
    rows = []
    for pane, bindings in groups:
        seen = set()
        for binding in bindings:
            if not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            keys = ", ".join(key_label(key) for key in binding.key.split(","))
            rows.append((pane, keys, binding.description, binding.tooltip, binding.id or ""))
    return rows


class HelpScreen(ModalScreen[None]):
    """Keys by pane, then the query language."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
        Binding("space,pagedown,ctrl+f", "page(1)", "Page down", show=False, id="help.page_down"),
        Binding("b,pageup,ctrl+u", "page(-1)", "Page up", show=False, id="help.page_up"),
        Binding("g,home", "edge(0)", "Top", show=False, id="help.top"),
        Binding("G,end", "edge(1)", "Bottom", show=False, id="help.bottom"),
    ]

    def __init__(self, screen: Iterable[BindingType], app: Iterable[BindingType], *, secure: bool = False,
                 keymap: dict[str, str] | None = None, trail_where: str = "") -> None:
        super().__init__()
        self.groups = binding_groups(screen, app, secure=secure, keymap=keymap)
        self.trail_note = trail_note(secure, trail_where)

    def tables(self) -> list[Table]:
        """The keys table and the query language table."""
        keys = Table(title="Keys", title_justify="left", expand=True, box=None, padding=(0, 1))
        keys.add_column("Where", style="dim", no_wrap=True)
        keys.add_column("Keys", style="bold", max_width=16)  # wraps between keys, not in one
        keys.add_column("Does")
        for pane, key, description, tooltip, _id in binding_rows(self.groups):
            keys.add_row(pane, key, Text(description + (f": {tooltip}" if tooltip else "")))
        query = Table(title="Searching", title_justify="left", expand=True, box=None, padding=(0, 1))
        query.add_column("Type", style="bold", max_width=30)
        query.add_column("Finds")
        for example, meaning in QUERY_HELP:
            query.add_row(Text(example), Text(meaning))
        return [keys, query]

    def plain_text(self, width: int = 160) -> str:
        """The help as plain text."""
        console = Console(width=width, record=True, file=io.StringIO())
        for table in self.tables():
            console.print(table)
        console.print(Text(self.trail_note))
        return console.export_text()

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static(Text(HELP_KEYS), id="help-keys")
            with VerticalScroll(id="help"):
                for table in self.tables():
                    yield Static(table)
                yield Static(Text(self.trail_note), id="help-trail")

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one("#help", VerticalScroll)

    def action_scroll(self, step: int) -> None:
        self.scroller.scroll_relative(y=step * 3, animate=False)

    def action_page(self, step: int) -> None:
        scroller = self.scroller
        scroller.scroll_relative(y=step * max(scroller.size.height - 2, 1), animate=False)

    def action_edge(self, end: int) -> None:
        (self.scroller.scroll_end if end else self.scroller.scroll_home)(animate=False)


def trail_note(secure: bool, where: str) -> str:
    """Where the reader's marks, lists, notes and saved searches are kept, in a paragraph."""
    if secure:
        return ("Your trail. Secure mode: your marks, reading lists, notes, saved searches and history are kept "
                "in memory for this session only, and nothing of them is written on the server; the next reader "
                "sees none of them. To keep them, export them from the palette (ctrl+p: “Export my notes…”, "
                "“Export list … as its file…”, or a list's records for Zotero or biblatex): they go to your own "
                "clipboard or, in a web browser, as a download.")
    kept = f" in {visible(where, keep_layout=False)}" if where else ""
    return (f"Your trail. Your marks, reading lists, notes, saved searches and history are kept{kept}, as plain "
            "files you can read, edit and version (`trail_in_corpus = true` in settings.toml keeps them in the "
            "corpus's _readingroom folder). The palette (ctrl+p) exports them.")


def markdown_keys(groups: Groups) -> str:
    """The keys as a Markdown table, for the README (a test keeps the two equal)."""
    lines = ["| where | keys | what they do | id (for `[keys]`) |", "| --- | --- | --- | --- |"]
    for pane, keys, description, tooltip, binding_id in binding_rows(groups):
        shown = " ".join(f"`{key}`" for key in keys.split(", ")).replace("`|`", "`\\|`")
        named = f"`{binding_id}`" if binding_id else ""
        lines.append(f"| {pane} | {shown} | {description}{': ' + tooltip if tooltip else ''} | {named} |")
    return "\n".join(lines)
