"""What the search-layer tests share: writing a small corpus, opening its index, reading results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tui.index.library import Library
from tui.index.search import Results


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write files (relative path -> text or bytes) under `root`; returns `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def record(rid: str, title: str, **keys: object) -> str:
    """One record file's text; string values are written as TOML basic strings (escapes allowed)."""
    lines = [f'id = "{rid}"', f'title = "{title}"']
    source = keys.pop("source", None)
    for key, value in keys.items():
        if isinstance(value, list):
            lines.append(f"{key} = [" + ", ".join(f'"{v}"' for v in value) + "]")
        elif isinstance(value, str) and not value.startswith("@"):
            lines.append(f'{key} = "{value}"')
        else:  # "@1950-10-08": a bare TOML value
            lines.append(f"{key} = {str(value).lstrip('@')}")
    if isinstance(source, dict):
        lines.append("[source]")
        lines += [f'{key} = "{value}"' for key, value in source.items()]
    return "\n".join(lines) + "\n"


def build(corpus: Path, index: Path, notify: Callable[[str], None] | None = None) -> Library:
    """Open and fill the index of `corpus` in `index` (never the user's cache)."""
    library = Library.open(corpus, index_dir=index, notify=notify or (lambda _message: None))
    library.refresh()
    return library


def ids(results: Results) -> list[str]:
    """The ids of a page of results, in rank order."""
    return [hit.card.id for hit in results.hits]


def found(library: Library, query: str) -> set[str]:
    """Every id a query finds (the whole result set, not a page)."""
    results = library.search(query, limit=1000, snippets=False)
    assert results.error is None, (query, results.error)
    assert results.total == len(results.hits)
    return set(ids(results))
