"""Dates for citations: Chicago's words in either order, EDTF for data, CSL's date object.

Chicago writes "October 8, 1950" by default and allows "8 October 1950"; an approximate
date takes "ca.", an uncertain one a question mark, a span an en dash, and an undated
document "n.d.".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui.model.dates import MONTHS

if TYPE_CHECKING:
    from tui.model.dates import ArchivalDate, DatePoint

MONTH_FIRST = "month-first"
DAY_FIRST = "day-first"
DATE_STYLES = (MONTH_FIRST, DAY_FIRST)
UNDATED = "n.d."


def _point(point: DatePoint, style: str, *, year: bool = True, month: bool = True) -> str:
    """One point without qualifiers; `year`/`month` False leave them out (the shared part of a span)."""
    name = MONTHS[point.month - 1] if point.month else ""
    if point.day and point.month:
        if style == DAY_FIRST:
            text = f"{point.day} {name}" if month else str(point.day)
            return f"{text} {point.year}" if year else text
        text = f"{name} {point.day}" if month else str(point.day)
        return f"{text}, {point.year}" if year else text
    if point.month:
        return f"{name} {point.year}" if year else name
    return str(point.year)


def _qualified(point: DatePoint, text: str) -> str:
    if point.approximate:
        text = "ca. " + text
    return text + "?" if point.uncertain else text


def date_words(date: ArchivalDate | None, style: str = MONTH_FIRST) -> str:
    """The date as a Chicago note writes it: "October 7–9, 1950", "ca. 1950?", "n.d."."""
    if date is None:
        return UNDATED
    start, end = date.start, date.end
    if not date.interval:
        assert start is not None
        return _qualified(start, _point(start, style))
    if start is None:
        assert end is not None
        return f"{_qualified(end, _point(end, style))} or earlier"
    if end is None:
        return f"{_qualified(start, _point(start, style))} or later"
    if start.qualified or end.qualified or start.precision != end.precision or start.year != end.year:
        return f"{_qualified(start, _point(start, style))}–{_qualified(end, _point(end, style))}"
    if start.precision == "year":
        return str(start.year)
    if start.precision == "month":
        return f"{MONTHS[start.month - 1]}–{_point(end, style)}" if start.month else str(start.year)
    same_month = start.month == end.month
    if style == DAY_FIRST:
        return f"{_point(start, style, year=False, month=not same_month)}–{_point(end, style)}"
    head = _point(start, style, year=False)
    tail = _point(end, style, month=not same_month)
    return f"{head}–{tail}"


def edtf(date: ArchivalDate | None) -> str | None:
    """The date in the Extended Date/Time Format, without a time of day: "1950-10-08", "1950?/1951"."""
    if date is None:
        return None

    def point(p: DatePoint | None) -> str:
        if p is None:
            return ".."
        text = f"{p.year:04d}"
        if p.month:
            text += f"-{p.month:02d}"
            if p.day:
                text += f"-{p.day:02d}"
        if p.uncertain and p.approximate:
            return text + "%"
        return text + ("?" if p.uncertain else "~" if p.approximate else "")

    if not date.interval:
        return point(date.start)
    return f"{point(date.start)}/{point(date.end)}"


def _parts(p: DatePoint) -> list[int]:
    return [value for value in (p.year, p.month, p.day) if value]


def csl_date(date: ArchivalDate | None, style: str = MONTH_FIRST) -> dict[str, Any] | None:
    """CSL's date object: `date-parts` (two for a span), `circa` when uncertain or approximate,
    and the EDTF in `raw`; an open span, which date-parts cannot hold, is given as `literal` words."""
    if date is None:
        return None
    value: dict[str, Any] = {}
    if date.interval and (date.start is None or date.end is None):
        value["literal"] = date_words(date, style)
    else:
        assert date.start is not None and date.end is not None
        value["date-parts"] = [_parts(date.start)] if not date.interval else [_parts(date.start), _parts(date.end)]
    if date.uncertain or date.approximate:
        value["circa"] = True
    value["raw"] = edtf(date)
    return value


def ris_date(date: ArchivalDate | None) -> str | None:
    """RIS's DA: YYYY/MM/DD/other, the parts it lacks left empty, a span or its doubt in "other"."""
    if date is None:
        return None
    point = date.start or date.end
    assert point is not None
    month = f"{point.month:02d}" if point.month else ""
    day = f"{point.day:02d}" if point.day else ""
    other = edtf(date) if date.interval or date.uncertain or date.approximate else ""
    return f"{point.year:04d}/{month}/{day}/{other}"
