"""The build's memory: one writer thread whose heap bounds what it holds, whatever the vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.index_helpers import build, found, record, write_files
from tui.index import library as library_module


def test_the_writer_heap_is_bounded_and_used_by_one_thread() -> None:
    # Peak memory of a build is the heap plus the process (~60 MB) plus what a merge maps: the
    # heap must leave room for the rest under 400 MB.
    assert 15_000_000 <= library_module.WRITER_HEAP <= 100_000_000
    assert library_module.WRITER_THREADS == 1


def test_a_vocabulary_larger_than_the_heap_is_written_out_in_segments(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every record has words of its own, as a scanned corpus has: with the smallest heap the
    # engine allows, the writer ends segments as it fills, and every word is still found.
    monkeypatch.setattr(library_module, "WRITER_HEAP", 15_000_000)
    monkeypatch.setattr(library_module, "FIRST_COMMIT_SECONDS", 1e9)
    monkeypatch.setattr(library_module, "COMMIT_EVERY_SECONDS", 1e9)
    files: dict[str, str | bytes] = {
        f"r{i:03d}.toml": record(f"r{i:03d}", "t", body=" ".join(f"w{i}x{j}" for j in range(6000))) for i in range(60)}
    library = build(write_files(tmp_path / "corpus", files), tmp_path / "index")
    assert library.searcher().num_segments > 1  # the heap filled: not one segment held in memory
    assert found(library, "w0x0 OR w59x5999 OR w30x3000") == {"r000", "r059", "r030"}
    assert library.counts() == (60, 60)
