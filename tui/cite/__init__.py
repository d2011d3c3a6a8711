"""Citations: a record cited in the Chicago style for archival documents, and as data.

"Joseph Stalin to Kim Il Sung, October 8, 1950, f. 45, op. 1, d. 347, listy 65-67,
Archive of the President, Russian Federation (APRF)."

The styles `readingroom cite` offers are in STYLES; each takes a record and Options.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.cite.dates import DATE_STYLES, MONTH_FIRST
from tui.cite.names import join_names, natural_name

if TYPE_CHECKING:
    from tui.model import Manifests, Record

__all__ = ["DATE_STYLES", "STYLES", "Options", "chicago", "chicago_bib", "chicago_short", "cite", "join_names",
           "natural_name"]


@dataclass(frozen=True, slots=True)
class Options:
    """What a citation depends on beyond the record: the date's order and the corpus's manifests."""

    date_style: str = MONTH_FIRST
    manifests: Manifests | None = None


@functools.cache
def saved_date_style() -> str:
    """The reader's date order from the settings file, read once a process."""
    from tui.config import Settings

    style = Settings.load().date_style
    return style if style in DATE_STYLES else MONTH_FIRST


def chicago(record: Record, *, date_style: str | None = None, manifests: Manifests | None = None) -> str:
    """The record's full Chicago note, in one sentence of plain text."""
    from tui.cite.notes import note_parts, plain

    return plain(note_parts(record, date_style=date_style or saved_date_style(), manifests=manifests))


def chicago_short(record: Record, *, date_style: str | None = None, manifests: Manifests | None = None) -> str:
    """The shortened note for later references: "Stalin to Kim, October 8, 1950."."""
    from tui.cite.notes import plain, short_parts

    return plain(short_parts(record, date_style=date_style or saved_date_style(), manifests=manifests))


def chicago_bib(record: Record, *, date_style: str | None = None, manifests: Manifests | None = None) -> str:
    """The bibliography entry."""
    from tui.cite.notes import bibliography_parts, plain

    return plain(bibliography_parts(record, date_style=date_style or saved_date_style(), manifests=manifests))


def _csl_json(record: Record, options: Options) -> str:
    from tui.cite.csl_json import dumps

    return dumps([record], options, indent=2)


def _biblatex(record: Record, options: Options) -> str:
    from tui.cite.biblatex import entry

    return entry(record, options)


def _ris(record: Record, options: Options) -> str:
    from tui.cite.ris import entry

    return entry(record, options)


STYLES: dict[str, Callable[[Record, Options], str]] = {
    "chicago": lambda r, o: chicago(r, date_style=o.date_style, manifests=o.manifests),
    "chicago-short": lambda r, o: chicago_short(r, date_style=o.date_style, manifests=o.manifests),
    "chicago-bib": lambda r, o: chicago_bib(r, date_style=o.date_style, manifests=o.manifests),
    "csl-json": _csl_json,
    "biblatex": _biblatex,
    "ris": _ris,
}


def cite(record: Record, style: str = "chicago", options: Options | None = None) -> str:
    """The record in one of STYLES."""
    return STYLES[style](record, options or Options())
