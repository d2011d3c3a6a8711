"""What a notice may echo of a record's text or of what the reader typed: one short, harmless line."""

from __future__ import annotations

from tui.model.text import visible

NOTICE = 120  # the most characters a notice echoes


def shortened(text: str, limit: int = NOTICE) -> str:
    """`text` made one harmless line and cut to `limit` characters with an ellipsis."""
    shown = visible(text[:limit + 1], keep_layout=False)  # a megabyte is never made visible whole
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"
