"""Archival dates: the format's subset of the Extended Date/Time Format (EDTF).

A date is a day, a month or a year, optionally uncertain (``?``),
approximate (``~``) or both (``%``), or an interval ``A/B`` of two such
points where either end may be open (``..``). TOML dates and date-times are
days; a date-time keeps its time of day (and offset) for display.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from tui.model.text import quote

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
ADVICE = "write YYYY-MM-DD, YYYY-MM or YYYY, optionally with ?, ~ or %, or an interval A/B"
OPEN = ".."

_POINT = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([?~%])?")
_LOOSE_POINT = re.compile(r"(\d{1,4})(?:[-./](\d{1,2})(?:[-./](\d{1,2}))?)?[?~%]?")


class DateError(ValueError):
    """A value that is not a date of the subset; the message tells what to write."""


@dataclass(frozen=True, slots=True)
class DatePoint:
    """One end of a date: a year, a month or a day, with its qualifiers."""

    year: int
    month: int | None = None
    day: int | None = None
    uncertain: bool = False
    approximate: bool = False
    time: dt.time | None = None

    @property
    def earliest(self) -> dt.date:
        """The first day this point allows."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day this point allows."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    @property
    def precision(self) -> str:
        """"day", "month" or "year"."""
        return "day" if self.day else "month" if self.month else "year"

    def plain(self, *, with_time: bool = True) -> str:
        """The point in words, without its qualifiers: "8 October 1950"."""
        if self.day and self.month:
            text = f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        elif self.month:
            text = f"{MONTHS[self.month - 1]} {self.year}"
        else:
            text = str(self.year)
        if self.time is not None and with_time:
            text += ", " + _time_words(self.time)
        return text

    def short(self) -> str:
        """The point in few letters, for lists: "8 Oct 1950", "Oct 1950", "1950"."""
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month - 1][:3]} {self.year}"
        return f"{MONTHS[self.month - 1][:3]} {self.year}" if self.month else str(self.year)

    def display(self, *, with_time: bool = True) -> str:
        """The point in words with its qualifiers: "about October 1950 (uncertain)"."""
        text = self.plain(with_time=with_time)
        if self.approximate:
            text = "about " + text
        if self.uncertain:
            text += " (uncertain)"
        return text

    @property
    def qualified(self) -> bool:
        return self.uncertain or self.approximate


def _time_words(time: dt.time) -> str:
    text = time.strftime("%H:%M:%S" if time.second or time.microsecond else "%H:%M")
    offset = time.utcoffset()
    if offset is not None:
        if not offset:
            return text + " UTC"
        sign = "+" if offset >= dt.timedelta(0) else "-"
        minutes = abs(int(offset.total_seconds())) // 60
        text += f" UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return text


@dataclass(frozen=True, slots=True)
class ArchivalDate:
    """A parsed date: one point, or an interval whose ends may be open."""

    text: str
    start: DatePoint | None
    end: DatePoint | None
    interval: bool = False

    @property
    def earliest(self) -> dt.date | None:
        """The first day the date allows; None when the interval is open at its start."""
        return self.start.earliest if self.start else None

    @property
    def latest(self) -> dt.date | None:
        """The last day the date allows; None when the interval is open at its end."""
        return self.end.latest if self.end else None

    @property
    def anchor(self) -> dt.date:
        """The day a reader files this date under: its start, else its known end."""
        point = self.start or self.end
        assert point is not None
        return point.earliest

    @property
    def uncertain(self) -> bool:
        return any(p.uncertain for p in (self.start, self.end) if p)

    @property
    def approximate(self) -> bool:
        return any(p.approximate for p in (self.start, self.end) if p)

    @property
    def qualifier_words(self) -> str:
        """The uncertainty in words: "uncertain", "approximate", both, or ""."""
        words = [w for w, on in (("uncertain", self.uncertain), ("approximate", self.approximate)) if on]
        return " and ".join(words)

    @property
    def time(self) -> dt.time | None:
        return self.start.time if self.start and not self.interval else None

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Sorts by the earliest day allowed (an open start first), then the latest."""
        earliest = self.earliest.toordinal() if self.earliest else 0
        latest = self.latest.toordinal() if self.latest else dt.date.max.toordinal()
        seconds = 0
        if self.time is not None:
            seconds = self.time.hour * 3600 + self.time.minute * 60 + self.time.second
        return (0, earliest, latest, seconds)

    @property
    def short(self) -> str:
        """A compact form for lists: "8 Oct 1950", "c. 1950", "1950?", "1950–", "–1950"."""
        point = self.start or self.end
        assert point is not None
        text = point.short()
        if self.interval:
            text = text + "–" if self.start is not None else "–" + text
        if self.approximate:
            text = "c. " + text
        return text + "?" if self.uncertain else text

    @property
    def display(self) -> str:
        """The date as a reader says it: "7–9 October 1950", "1950 or later"."""
        if not self.interval:
            assert self.start is not None
            return self.start.display()
        return self.day_display

    @property
    def day_display(self) -> str:
        """The date in words without a time of day (for citations and labels)."""
        start, end = self.start, self.end
        if not self.interval:
            assert start is not None
            return start.display(with_time=False)
        if start is None:
            assert end is not None
            return f"{end.display()} or earlier"
        if end is None:
            return f"{start.display()} or later"
        return _interval_words(start, end)


UNDATED_SORT_KEY = (1, 0, 0, 0)


def _interval_words(start: DatePoint, end: DatePoint) -> str:
    if start.qualified or end.qualified or start.time or end.time or start.precision != end.precision:
        return f"{start.display()} – {end.display()}"
    if start.precision == "year":
        return f"{start.year}–{end.year}"
    assert start.month and end.month
    if start.precision == "month":
        if start.year == end.year:
            return f"{MONTHS[start.month - 1]}–{MONTHS[end.month - 1]} {end.year}"
        return f"{start.plain()} – {end.plain()}"
    if start.year == end.year and start.month == end.month:
        return f"{start.day}–{end.day} {MONTHS[end.month - 1]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month - 1]} – {end.plain()}"
    return f"{start.plain()} – {end.plain()}"


def parse_date(value: object) -> ArchivalDate:
    """Parse a `date` value as TOML gives it; raise DateError saying what to write."""
    if isinstance(value, dt.datetime):
        point = DatePoint(value.year, value.month, value.day, time=value.timetz())
        return ArchivalDate(value.isoformat(), point, point)
    if isinstance(value, dt.date):
        point = DatePoint(value.year, value.month, value.day)
        return ArchivalDate(value.isoformat(), point, point)
    if isinstance(value, str):
        return _parse_text(value)
    raise DateError(_wrong_type(value))


def _wrong_type(value: object) -> str:
    if isinstance(value, dt.time):
        return (
            f"date {quote(value)}: a time of day without a day; "
            "write a TOML date-time such as 1950-10-07T22:15:00, or a date"
        )
    kind = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )
    if isinstance(value, int) and not isinstance(value, bool):
        return f'date {quote(value)}: {kind}, not a date; write "{value}" in quotes, or a date such as {value}-01-31'
    return f"date {quote(value)}: {kind}, not a date; write a TOML date such as 1950-10-08, or a string: {ADVICE}"


def _parse_text(text: str) -> ArchivalDate:
    def fail(reason: str) -> DateError:
        return DateError(f"date {quote(text)}: {reason}; {ADVICE}")

    if not text.strip():
        raise fail("empty")
    if text != text.strip():
        raise fail("spaces around the date")
    if "/" not in text:
        if text == OPEN:
            raise fail("'..' stands only for an open end of an interval")
        point = _parse_point(text, fail)
        return ArchivalDate(text, point, point)
    parts = text.split("/")
    if len(parts) != 2:
        if all(part.isdigit() for part in parts) and any(len(part) <= 2 for part in parts):
            raise fail("write the year first, with '-' between the parts")
        raise fail("an interval has exactly two ends, A/B")
    start = None if parts[0] == OPEN else _parse_point(parts[0], fail)
    end = None if parts[1] == OPEN else _parse_point(parts[1], fail)
    if start is None and end is None:
        raise fail("an interval needs at least one end that is not open")
    if start and end and end.latest < start.earliest:
        raise fail("the interval ends before it starts")
    return ArchivalDate(text, start, end, interval=True)


def _parse_point(text: str, fail: Callable[[str], DateError]) -> DatePoint:
    match = _POINT.fullmatch(text)
    if match is None:
        raise fail(_shape_hint(text))
    year_text, month_text, day_text, qualifier = match.groups()
    year = int(year_text)
    if year == 0:
        raise fail("there is no year 0000")
    month = int(month_text) if month_text else None
    if month is not None and not 1 <= month <= 12:
        raise fail(f"there is no month {month_text}")
    day = int(day_text) if day_text else None
    if day is not None:
        assert month is not None
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise fail(f"{MONTHS[month - 1]} {year} has no day {day_text}")
    return DatePoint(
        year, month, day, uncertain=qualifier in ("?", "%"), approximate=qualifier in ("~", "%")
    )


def _shape_hint(text: str) -> str:
    if "T" in text or ":" in text:
        return "a time of day can't be written in a string; use a TOML date-time (unquoted)"
    if _LOOSE_POINT.fullmatch(text):
        return "years take four digits, months and days two, joined by '-'"
    return "not a date of the subset"
