"""The build's memory: a first build commits by the amount read, so it makes few segments to merge."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.index_helpers import build, found, record, write_files
from tui.index import library as library_module

FILES = 12


def corpus(root: Path) -> tuple[Path, int]:
    """A dozen records of one size; the folder and the size of a file."""
    files = {f"r{i:02d}.toml": record(f"r{i:02d}", "title", body=f"word{i} " * 200) for i in range(FILES)}
    write_files(root, files)
    return root, (root / "r00.toml").stat().st_size


@pytest.mark.parametrize(("files_per_commit", "segments"), [(4, 3), (FILES * 10, 1)])
def test_a_build_commits_after_so_many_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             files_per_commit: int, segments: int) -> None:
    root, size = corpus(tmp_path / "corpus")
    monkeypatch.setattr(library_module, "FIRST_COMMIT_SECONDS", 1e9)
    monkeypatch.setattr(library_module, "COMMIT_EVERY_SECONDS", 1e9)
    monkeypatch.setattr(library_module, "COMMIT_EVERY_BYTES", files_per_commit * size)
    library = build(root, tmp_path / "index")
    # Each commit ends a segment: as many as the bytes read call for, however long it took.
    assert library.searcher().num_segments == segments
    assert found(library, "word0 OR word11") == {"r00", "r11"}
    assert library.counts() == (FILES, FILES)


def test_a_first_build_shows_records_early_then_commits_by_the_clock_seldom() -> None:
    assert library_module.FIRST_COMMIT_SECONDS <= 1
    assert library_module.COMMIT_EVERY_SECONDS >= 30
    # The writer's heap, which the engine writes out as a segment when full, bounds its memory.
    assert library_module.WRITER_HEAP <= 150_000_000 and library_module.WRITER_THREADS == 1
