"""Dates as sources write them, mapped to the nearest form of the record format.

A day becomes a TOML date and a day with a time a TOML date-time (as the format's own examples
write them); anything coarser, uncertain or a span becomes the format's EDTF string.
"""

from __future__ import annotations

import datetime as dt
import re

from tui.model.dates import MONTHS, DateError, parse_date

DateValue = str | dt.date | dt.datetime

_ISO_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?")
_POINT = re.compile(r"-?\d{4}(?:-\d{2}(?:-\d{2})?)?")
_UNSPECIFIED = re.compile(r"(\d{2,3})(X{1,2})|(\d{4})-(\d{2}|XX)-XX|(\d{4})-XX")


def iso_point(text: str) -> DateValue:
    """One ISO 8601 point (`1950`, `1950-10`, `1950-10-08`, `1950-10-08T22:15`) as a record date."""
    text = text.strip()
    if match := _ISO_TIME.fullmatch(text):
        day, time, zone = match.groups()
        if zone == "Z":
            zone = "+00:00"
        elif zone and ":" not in zone:
            zone = zone[:3] + ":" + zone[3:]
        if time.count(":") == 1:
            time += ":00"
        return dt.datetime.fromisoformat(f"{day}T{time}{zone or ''}")
    if not _POINT.fullmatch(text) or text.startswith("-"):
        raise DateError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    parse_date(text)  # raises for a month 13 or a 30 February
    return dt.date.fromisoformat(text) if len(text) == 10 else text


def as_text(value: DateValue) -> str:
    """The value as the format's string (for joining into intervals and qualifying)."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value.isoformat() if isinstance(value, dt.date) else value


def interval(start: str | None, end: str | None) -> str | None:
    """`start/end` with `..` for a missing end; None when both are missing."""
    if not start and not end:
        return None
    if start and end and start == end:
        return start
    return f"{start or '..'}/{end or '..'}"


def qualified(value: DateValue, mark: str) -> DateValue:
    """The value with an EDTF qualifier (`?`, `~` or `%`) on each end."""
    if not mark:
        return value
    text = as_text(value)
    return "/".join(part if part == ".." else part + mark for part in text.split("/"))


def tei_date(attributes: dict[str, str]) -> DateValue | None:
    """A TEI `date` element's attributes (`when`, `from`/`to`, `notBefore`/`notAfter`, `cert`)."""
    when = attributes.get("when") or attributes.get("when-iso")
    if when:
        value: DateValue = iso_point(when)
    else:
        start = attributes.get("from") or attributes.get("notBefore")
        end = attributes.get("to") or attributes.get("notAfter")
        if not start and not end:
            return None
        joined = interval(start and as_text(iso_point(start)), end and as_text(iso_point(end)))
        assert joined is not None
        value = iso_point(joined) if "/" not in joined else joined
    if attributes.get("cert") in ("low", "unknown"):
        value = qualified(value, "?")
    return value


def edtf(text: str) -> DateValue:
    """A date cell as csv2cmi accepts it: ISO, `?` `~` `%`, `a/b`, `a/`, `/b`, `[a,b]`, `{a,b}`, `X` digits."""
    text = text.strip()
    if text.startswith(("[", "{")) and text.endswith(("]", "}")):
        # One of a set, or every member: the span from the first to the last.
        parts = [p.strip() for p in re.split(r"[,]|\.\.", text[1:-1])]
        first, last = parts[0], parts[-1]
        return interval(first and _edtf_point(first), last and _edtf_point(last)) or _fail(text)
    if "/" in text:
        start, _, end = text.partition("/")
        start, end = start.strip(), end.strip()
        span = interval(None if start in ("", "..") else _edtf_point(start),
                        None if end in ("", "..") else _edtf_point(end))
        return span or _fail(text)
    mark = text[-1] if text[-1:] in ("?", "~", "%") else ""
    core = text[:-1] if mark else text
    if "X" in core:
        return _edtf_point(text)
    return qualified(iso_point(core), mark)


def _edtf_point(text: str) -> str:
    mark = text[-1] if text[-1:] in ("?", "~", "%") else ""
    core = text[:-1] if mark else text
    if match := _UNSPECIFIED.fullmatch(core):
        digits, xs, year_month, month, year = match.groups()
        if digits:  # 185X, 18XX: the span of years
            start, end = digits + "0" * len(xs), digits + "9" * len(xs)
            if mark:
                return f"{start}{mark}/{end}{mark}"
            return f"{start}/{end}"
        core = f"{year_month}-{month}" if year_month and month != "XX" else (year_month or year)
    point = as_text(iso_point(core))
    return point + mark


def _fail(text: str) -> str:
    raise DateError(f"{text!r} is not a date")


_MONTH = {name.lower(): number for number, name in enumerate(MONTHS, 1)}
_MONTH.update({name[:3].lower(): number for name, number in list(_MONTH.items())})
_MONTH["sept"] = 9
_M = r"(January|February|March|April|May|June|July|August|September|October|November|December|Sept?|[A-Z][a-z]{2})\.?"
_DAY_FIRST = re.compile(r"(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?\s+" + _M + r",?\s+(\d{4})")
_MONTH_FIRST = re.compile(_M + r"\s+(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?,?\s+(\d{4})")
_SPAN = re.compile(_M + r"\s+(\d{1,2}),?(?:\s+(\d{4}))?\s*[-–]\s*" + _M + r"\s+(\d{1,2}),?\s+(\d{4})")
_MONTH_YEAR = re.compile(_M + r",?\s+(\d{4})")
_TIME = re.compile(r"[—–-]\s*(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE)


def _day(year: str, month: str, day: str) -> dt.date | None:
    number = _MONTH.get(month.lower().rstrip("."))
    if number is None:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def from_words(text: str) -> DateValue | None:
    """A dateline's date in words: "September 13, 1962", "13 June 1951—9 p. m.", "March 18–19, 1963"."""
    text = " ".join(text.split())
    if match := _SPAN.search(text):
        m1, d1, y1, m2, d2, y2 = match.groups()
        start, end = _day(y1 or y2, m1, d1), _day(y2, m2, d2)
        if start and end:
            return interval(start.isoformat(), end.isoformat())
    day: dt.date | None = None
    rest = ""
    if match := _MONTH_FIRST.search(text):
        month, first, last, year = match.groups()
        day, rest = _day(year, month, first), text[match.end():]
        if day and last and (end := _day(year, month, last)):
            return interval(day.isoformat(), end.isoformat())
    elif match := _DAY_FIRST.search(text):
        first, last, month, year = match.groups()
        day, rest = _day(year, month, first), text[match.end():]
        if day and last and (end := _day(year, month, last)):
            return interval(day.isoformat(), end.isoformat())
    if day is None:
        if (match := _MONTH_YEAR.search(text)) and (number := _MONTH.get(match.group(1).lower().rstrip("."))):
            return f"{match.group(2)}-{number:02d}"
        return None
    if time := _TIME.match(rest.lstrip()):
        hour, minute, half = int(time.group(1)) % 12, int(time.group(2) or 0), time.group(3).lower()
        if half == "p":
            hour += 12
        if minute < 60:
            return dt.datetime(day.year, day.month, day.day, hour, minute)
    return day
