"""Records as data for other programs: JSON values, and the export formats."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.model import Record



def plain(value: Any) -> Any:
    """A TOML value as JSON can hold it: dates and times as ISO 8601 strings."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no inf or nan
    return value


def date_json(record: Record) -> dict[str, Any] | None:
    """The parsed date's fields, or None for an undated record or one whose date is invalid."""
    date = record.date
    if date is None:
        return None
    return {
        "display": date.display,
        "earliest": date.earliest.isoformat() if date.earliest else None,
        "latest": date.latest.isoformat() if date.latest else None,
        "uncertain": date.uncertain,
        "approximate": date.approximate,
        "interval": date.interval,
        "time": date.time.isoformat() if date.time else None,
    }


def record_json(record: Record) -> dict[str, Any]:
    """Every key as loaded, in the order written, plus where the record is and its parsed date.

    A corpus author's own key wins over an added one of the same name, so
    nothing written is ever hidden.
    """
    data: dict[str, Any] = plain(record.fields)
    data["id"] = record.id  # 77 and "77" are one id: always a string
    added = {"path": record.path, "line": record.line, "parsed_date": date_json(record)}
    for key, value in added.items():
        data.setdefault(key, value)
    return data
