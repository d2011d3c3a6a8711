"""The status line: hits and time, corrections, a malformed query's message, indexing progress.

Its parts, and the facts within a part, are set apart by one separator, `SEP`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.model.text import visible
from tui.session import notes_only

if TYPE_CHECKING:
    from tui.session import Progress, Results

SEP = " · "
QUERY_SHOWN = 80  # characters of a query echoed back (a pasted page is not)


def years_text(span: tuple[int, int] | None) -> str:
    """ "1945–1991" for the years the corpus covers."""
    if span is None:
        return ""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def nothing_found(results: Results, span: tuple[int, int] | None) -> list[str]:
    """What the reader is told when no record matches: what was looked for, and what there is."""
    query = visible(results.query[:QUERY_SHOWN + 1], keep_layout=False).strip()
    query = query if len(query) <= QUERY_SHOWN else query[:QUERY_SHOWN - 1] + "…"
    if notes_only(results.query) is not None:
        return [f"No note of yours matches {query}", "note: searches your notes only; A lists them all"]
    lines = [f"No record matches {query}"]
    if span is not None:
        lines.append(f"The corpus covers {years_text(span)}")
    return lines


class StatusLine(Widget):
    """One line under the search bar; every part is text, never markup."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"status--error"}

    search: reactive[Text] = reactive(Text, layout=False)
    index: reactive[str] = reactive("")
    place: reactive[str] = reactive("")
    activity: reactive[str] = reactive("")

    def render(self) -> Text:
        parts = [part for part in (self.search, Text(self.place, style="dim"), Text(self.index, style="dim"),
                                   Text(self.activity, style="dim italic")) if part.plain]
        return Text(SEP).join(parts) if parts else Text(" ")

    def show_results(self, results: Results, span: tuple[int, int] | None = None) -> None:
        """Hits and time, and what else the words matched; or where a query can't be read;
        or, where nothing matched, what was looked for and which years the corpus covers."""
        status = Text()
        if results.error is not None:
            error_style = self.get_component_rich_style("status--error", partial=True)
            status.append(f"Can't read this query at column {results.error.position + 1}: ", style=error_style)
            status.append(visible(results.error.message, keep_layout=False))
        elif notes_only(results.query) is not None:  # the reader's notes alone
            count = results.total
            if count:
                status.append(f"{count:,} record{'s' * (count != 1)} with notes matching", style="bold")
                status.append(f" in {results.seconds * 1000:.0f} ms")
            else:
                status.append("No note of yours matches", style="bold")
            status.append(SEP + "searching your notes only (note:)")
        elif not results.total:
            first, *rest = nothing_found(results, span)
            status.append(first, style="bold")
            for line in rest:
                status.append(SEP + line)
        else:
            status.append(f"{results.total:,} hit{'s' * (results.total != 1)}", style="bold")
            status.append(f" in {results.seconds * 1000:.0f} ms")
            if results.partial:
                status.append(SEP + visible(results.note, keep_layout=False), style="italic")
            if results.by_notes:
                status.append(SEP + "some found in your notes", style="italic")
            if results.corrections:
                status.append(SEP + "also matched: ")
                status.append(", ".join(f"{a} → {b}" for a, b in results.corrections), style="italic")
        for notice in results.notices:  # how the query was read, what its bounds left out, a damaged index
            status.append(SEP + visible(notice, keep_layout=False), style="italic")
        self.search = status

    def show_counts(self, records: int, problems: int | None, title: str) -> None:
        """ "990 records, 2 problems in <title>" (problems once the corpus has been checked)."""
        if not records and problems is None:
            self.index = "reading the corpus…"
            return
        count = f"{records:,} record{'s' * (records != 1)}"
        trouble = f", {problems:,} problem{'s' * (problems != 1)}" if problems else ""
        self.index = f"{count}{trouble} in {visible(title, keep_layout=False)}"

    def show_progress(self, step: Progress) -> None:
        """What the index is doing in the background."""
        if step.phase == "waiting":
            self.activity = "another Reading Room is indexing this corpus: waiting"
        elif step.phase == "reading" and step.total:
            self.activity = f"indexing: {step.done:,} of {step.total:,} files"
