"""The date subset: every form, its display, its bounds, its sort key, and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.model.dates import UNDATED_SORT_KEY, DateError, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("value", "display", "earliest", "latest"),
    [
        ("1950", "1950", D(1950, 1, 1), D(1950, 12, 31)),
        ("1950-10", "October 1950", D(1950, 10, 1), D(1950, 10, 31)),
        ("1952-02", "February 1952", D(1952, 2, 1), D(1952, 2, 29)),
        ("1950-10-08", "8 October 1950", D(1950, 10, 8), D(1950, 10, 8)),
        ("1950-10?", "October 1950 (uncertain)", D(1950, 10, 1), D(1950, 10, 31)),
        ("1950~", "about 1950", D(1950, 1, 1), D(1950, 12, 31)),
        ("1950-10-08%", "about 8 October 1950 (uncertain)", D(1950, 10, 8), D(1950, 10, 8)),
        ("1950-10-07/1950-10-09", "7–9 October 1950", D(1950, 10, 7), D(1950, 10, 9)),
        ("1950-10-07/1950-11-09", "7 October – 9 November 1950", D(1950, 10, 7), D(1950, 11, 9)),
        ("1950-12-30/1951-01-02", "30 December 1950 – 2 January 1951", D(1950, 12, 30), D(1951, 1, 2)),
        ("1950-10/1950-12", "October–December 1950", D(1950, 10, 1), D(1950, 12, 31)),
        ("1950/1953", "1950–1953", D(1950, 1, 1), D(1953, 12, 31)),
        ("1950/..", "1950 or later", D(1950, 1, 1), None),
        ("../1950", "1950 or earlier", None, D(1950, 12, 31)),
        ("1950~/1953", "about 1950 – 1953", D(1950, 1, 1), D(1953, 12, 31)),
        ("1950-10/1950-10-20", "October 1950 – 20 October 1950", D(1950, 10, 1), D(1950, 10, 20)),
        (D(1950, 10, 8), "8 October 1950", D(1950, 10, 8), D(1950, 10, 8)),
        (dt.datetime(1950, 10, 7, 22, 15), "7 October 1950, 22:15", D(1950, 10, 7), D(1950, 10, 7)),
    ],
)
def test_forms(value: object, display: str, earliest: D | None, latest: D | None) -> None:
    date = parse_date(value)
    assert date.display == display
    assert date.earliest == earliest
    assert date.latest == latest


def test_flags() -> None:
    assert parse_date("1950?").uncertain and not parse_date("1950?").approximate
    assert parse_date("1950~").approximate and not parse_date("1950~").uncertain
    both = parse_date("1950%")
    assert both.uncertain and both.approximate
    assert both.qualifier_words == "uncertain and approximate"
    assert parse_date("1950?/1951").uncertain
    assert parse_date("1950").qualifier_words == ""


def test_date_time_keeps_its_time_and_offset() -> None:
    local = parse_date(dt.datetime(1950, 10, 7, 22, 15))
    assert local.time == dt.time(22, 15)
    offset = dt.timezone(dt.timedelta(hours=3))
    aware = parse_date(dt.datetime(1950, 10, 7, 22, 15, tzinfo=offset))
    assert aware.display == "7 October 1950, 22:15 UTC+03:00"
    assert aware.time is not None and aware.time.utcoffset() == dt.timedelta(hours=3)
    assert aware.day_display == "7 October 1950"
    assert parse_date(dt.datetime(1950, 1, 1, 0, 0, 5, tzinfo=dt.UTC)).display == "1 January 1950, 00:00:05 UTC"


def test_sort_by_earliest_day_undated_last() -> None:
    keys = {
        text: parse_date(text).sort_key for text in ["1950", "1950-10", "1950-10-08", "1949/1951", "../1950", "1951/.."]
    }
    ordered = sorted(keys, key=keys.__getitem__)
    assert ordered == ["../1950", "1949/1951", "1950", "1950-10", "1950-10-08", "1951/.."]
    assert max(keys.values()) < UNDATED_SORT_KEY
    morning = parse_date(dt.datetime(1950, 10, 8, 9, 0)).sort_key
    evening = parse_date(dt.datetime(1950, 10, 8, 21, 0)).sort_key
    assert morning < evening


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1950-13-01", "there is no month 13"),
        ("1950-00", "there is no month 00"),
        ("1950-02-30", "February 1950 has no day 30"),
        ("1951-02-29", "February 1951 has no day 29"),
        ("1950-10-32", "October 1950 has no day 32"),
        ("10/08/1950", "write the year first"),
        ("1950-1-5", "years take four digits"),
        ("50", "years take four digits"),
        ("../..", "at least one end"),
        ("1953/1950", "ends before it starts"),
        ("1950/1951/1952", "exactly two ends"),
        ("", "empty"),
        (" 1950", "spaces"),
        ("..", "open end"),
        ("1950-10-07T22:15", "TOML date-time"),
        ("October 1950", "not a date of the subset"),
        ("0000", "no year 0000"),
        ("1950??", "not a date of the subset"),
    ],
)
def test_refusals_say_what_to_write(value: str, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)
    message = str(caught.value)
    assert message.startswith(f'date "{value}"') or value == " 1950"
    assert reason in message
    assert message.endswith("write YYYY-MM-DD, YYYY-MM or YYYY, optionally with ?, ~ or %, or an interval A/B")


def test_the_issue_example_message() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("1950-13-01")
    assert str(caught.value) == (
        'date "1950-13-01": there is no month 13; write YYYY-MM-DD, YYYY-MM or YYYY, '
        "optionally with ?, ~ or %, or an interval A/B"
    )


@pytest.mark.parametrize("value", [1950, 19.5, True, ["1950"], {"y": 1950}, dt.time(22, 15)])
def test_wrong_types(value: object) -> None:
    with pytest.raises(DateError) as caught:
        parse_date(value)
    assert "not a date" in str(caught.value) or "time of day" in str(caught.value)


def test_control_characters_never_reach_a_message() -> None:
    with pytest.raises(DateError) as caught:
        parse_date("\x1b[2J1950")
    assert "\x1b" not in str(caught.value)
    assert "^[[2J1950" in str(caught.value)


# Property tests: every valid form gives a display form and a sort key;
# every other string is a DateError, never another exception.

years = st.integers(min_value=1, max_value=9999)


@st.composite
def points(draw: st.DrawFn) -> str:
    year = draw(years)
    text = f"{year:04d}"
    if draw(st.booleans()):
        month = draw(st.integers(1, 12))
        text += f"-{month:02d}"
        if draw(st.booleans()):
            import calendar

            day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
            text += f"-{day:02d}"
    return text + draw(st.sampled_from(["", "?", "~", "%"]))


@given(points())
def test_every_valid_point_parses(text: str) -> None:
    date = parse_date(text)
    assert date.display
    assert date.sort_key < UNDATED_SORT_KEY
    assert date.earliest is not None and date.latest is not None
    assert date.earliest <= date.latest


@given(points(), points())
def test_every_valid_interval_parses_or_is_reversed(a: str, b: str) -> None:
    try:
        date = parse_date(f"{a}/{b}")
    except DateError as error:
        assert "ends before it starts" in str(error)
        return
    assert date.display and date.interval
    assert date.earliest is not None and date.latest is not None and date.earliest <= date.latest


@given(points())
def test_open_intervals(text: str) -> None:
    assert parse_date(f"{text}/..").display.endswith("or later")
    assert parse_date(f"../{text}").display.endswith("or earlier")


@given(st.text(max_size=30))
def test_any_string_is_a_date_or_a_date_error(text: str) -> None:
    try:
        date = parse_date(text)
    except DateError as error:
        assert str(error).startswith("date ")
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in str(error))
    else:
        assert date.display
