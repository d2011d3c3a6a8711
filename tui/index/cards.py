"""The card of a record: what a list or the tree shows of it without reading its file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Card:
    """What a list shows of a record without opening it."""

    id: str
    title: str
    date: str | None
    type: str | None
    authors: tuple[str, ...]
    recipients: tuple[str, ...]
    path: str
    line: int
    position: int
    short: str = "Undated"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Card:
        return cls(data["id"], data["title"], data["date"], data["type"], tuple(data["from"]), tuple(data["to"]),
                   data["path"], data["line"], data["position"], data.get("short", "Undated"))
