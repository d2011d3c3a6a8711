"""What the import tests share: where the shared sources are, and reading a corpus folder back."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
VOLUMES = {
    "frus1951v07p2": "frus-1951v07p2",
    "frus1955-57v23p2": "frus-1955-57v23p2",
    "frus1961-63v05": "frus-1961-63v05",
}


def _candidates() -> list[Path]:
    given = os.environ.get("READINGROOM_SOURCES")
    return [Path(given)] if given else [REPO.parent / "shared" / "sources", REPO.parent.parent / "shared" / "sources"]


def find_sources() -> Path | None:
    """The shared sources folder: $READINGROOM_SOURCES, else `shared/sources` beside the checkout."""
    return next((c for c in _candidates() if (c / "tei").is_dir()), None)


def sources() -> Path:
    """The shared sources folder, for a test.

    Where it is missing the test is skipped, except in CI (READINGROOM_REQUIRE_E2E=1), where
    it fails, so that nothing is silently left out there.
    """
    found = find_sources()
    if found is not None:
        return found
    candidates = _candidates()
    reason = "the shared sources are not here: " + ", ".join(str(c) for c in candidates) + \
        " (set READINGROOM_SOURCES to the folder)"
    if os.environ.get("READINGROOM_REQUIRE_E2E"):
        pytest.fail(reason)
    pytest.skip(reason)


def read_folder(folder: Path) -> dict[str, dict[str, Any]]:
    """Every record file below `folder` by id (manifests left out)."""
    records = {}
    for path in sorted(folder.rglob("*.toml")):
        if path.name != "corpus.toml":
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            records[str(data["id"])] = data
    return records


def check_clean(folder: Path) -> None:
    """The folder loads with no problem at all, as `readingroom check` reads it."""
    from tui.model import CorpusScan

    scan = CorpusScan(folder)
    problems = list(scan.problems)
    for result in scan.results():
        problems += result.problems
    problems += scan.finish()
    assert not problems, "\n".join(str(p) for p in problems)
