"""Shared fixtures: small corpora written on the fly, and the bundled corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.index_helpers import write_files

BUNDLED = Path(__file__).resolve().parent.parent / "corpus"

WriteCorpus = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture
def write_corpus(tmp_path: Path) -> WriteCorpus:
    """Write files (relative path -> text or bytes) under a fresh corpus folder."""

    def write(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "corpus"
        root.mkdir(exist_ok=True)
        return write_files(root, files)

    return write


@pytest.fixture
def bundled() -> Path:
    """The corpus that ships with Reading Room."""
    return BUNDLED


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus's index, built once for every test that browses it."""
    from tui.index.library import Library

    folder = tmp_path_factory.mktemp("bundled-index")
    library = Library.open(BUNDLED, index_dir=folder, notify=lambda _message: None)
    library.refresh()
    library.close()
    return folder


@pytest.fixture
def config_dir(tmp_path: Path) -> Path:
    """Settings in a fresh folder, so a reader's own settings never leak into a test."""
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


@pytest.fixture(autouse=True)
def _no_reader_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a test gives no settings or data folder, they go to empty ones of its own, never the
    developer's: no test sees another's lists, notes or history (a test that sets
    READINGROOM_CONFIG or READINGROOM_DATA itself still wins)."""
    monkeypatch.setenv("READINGROOM_CONFIG", str(tmp_path_factory.mktemp("no-reader-settings")))
    monkeypatch.setenv("READINGROOM_DATA", str(tmp_path_factory.mktemp("no-reader-data")))


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The reader's data folder (each corpus's trail is under it), fresh for the test and in sight of it."""
    folder = tmp_path / "data"
    monkeypatch.setenv("READINGROOM_DATA", str(folder))
    return folder
