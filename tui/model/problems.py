"""Problems: what is wrong with a corpus, where, and what to write instead."""

from __future__ import annotations

from dataclasses import dataclass

from tui.model.text import visible


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem of a corpus, located as precisely as it can be.

    `path` is relative to the corpus root with `/` separators; `line` and
    `column` count from 1 and are None where no place in the file applies.
    """

    path: str
    line: int | None
    column: int | None
    id: str | None
    message: str

    def location(self) -> str:
        """``path:line:column``, as far as it is known; the path's controls made visible."""
        parts = [visible(self.path, keep_layout=False)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {visible(self.message, keep_layout=False)}"

    def to_json(self) -> dict[str, object]:
        """The problem in the shape of `readingroom check --format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "id": self.id,
            "message": visible(self.message, keep_layout=False),
        }

    def sort_key(self) -> tuple[tuple[str, ...], int, int]:
        return (tuple(self.path.split("/")), self.line or 0, self.column or 0)
