"""Back and forward through what the reader looked at: a query and the record open with it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Place:
    """One stop: the search as typed and the record open then (either may be empty)."""

    query: str
    record_id: str | None


@dataclass(slots=True)
class History:
    """A browser's history: visiting a new place drops the places ahead of the current one."""

    places: list[Place] = field(default_factory=list)
    index: int = -1
    limit: int = 500

    @property
    def current(self) -> Place | None:
        return self.places[self.index] if 0 <= self.index < len(self.places) else None

    def visit(self, place: Place) -> None:
        if place == self.current:
            return
        del self.places[self.index + 1:]
        self.places.append(place)
        if len(self.places) > self.limit:
            del self.places[0]
        self.index = len(self.places) - 1

    def back(self) -> Place | None:
        if self.index <= 0:
            return None
        self.index -= 1
        return self.places[self.index]

    def forward(self) -> Place | None:
        if self.index >= len(self.places) - 1:
            return None
        self.index += 1
        return self.places[self.index]
