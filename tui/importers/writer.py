"""Writing a plan into the target folder so that an interrupted import leaves it as it was.

Every file is first written into a temporary folder beside the target (on the same file
system, so moves are renames). A target that does not exist yet is then that folder, renamed
into place in one step. Into a folder that exists, the files are moved in one by one after the
files they replace have been linked aside and a journal written; an error (or Ctrl+C) while
moving puts every replaced file back, and an import killed outright is undone by the next one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from tui.importers.plan import Plan

JOURNAL = "journal.json"
COMMITTING = "committing"


def _prefix(into: Path) -> str:
    return f".{into.name}.import-"


def recover(into: Path) -> list[str]:
    """Undo what an import that was killed left beside `into`; say what was done."""
    notes: list[str] = []
    parent = into.parent
    if not parent.is_dir():
        return notes
    for work in sorted(parent.glob(_prefix(into) + "*")):
        if not work.is_dir() or work.is_symlink():
            continue
        if (work / COMMITTING).exists():
            journal = json.loads((work / JOURNAL).read_text(encoding="utf-8"))
            _roll_back(into, work, [(rel, existed) for rel, existed in journal["moves"]], journal["made"])
            notes.append(f"an import into {into} was interrupted while moving its files in; they were put back")
        else:
            notes.append(f"an unfinished import into {into} was cleared away ({work.name})")
        shutil.rmtree(work, ignore_errors=True)
    return notes


def commit(plan: Plan, into: Path, progress: Callable[[int, int], None] | None = None) -> None:
    """Write the plan; on any error the target is left as it was and the error raised."""
    into.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=_prefix(into), dir=into.parent))
    try:
        fresh = not into.exists()
        staging = work / "new" if not fresh else work
        _write_all(plan, staging, progress)
        if fresh:
            os.chmod(work, 0o777 & ~_umask())
            os.rename(work, into)
            return
        _move_in(plan, into, work, staging)
    except BaseException:
        # Past the journal, the folder beside is what puts the target back: it stays for `recover`
        # unless the roll-back below finished.
        if work.exists() and not (work / COMMITTING).exists():
            shutil.rmtree(work, ignore_errors=True)
        raise
    shutil.rmtree(work, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def _write_all(plan: Plan, staging: Path, progress: Callable[[int, int], None] | None) -> None:
    made: set[Path] = set()
    total = len(plan.write)
    for number, (rel, text) in enumerate(plan.write.items(), 1):
        path = staging / rel
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        with open(path, "x", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        if progress and number % 500 == 0:
            progress(number, total)


def _move_in(plan: Plan, into: Path, work: Path, staging: Path) -> None:
    """Move the staged files into `into`, keeping each replaced file aside until all are in."""
    old = work / "old"
    moves: list[tuple[str, bool]] = [(rel, (into / rel).exists()) for rel in plan.write]
    moves += [(rel, True) for rel in plan.remove]
    made = sorted({str(Path(rel).parent) for rel in plan.write if not (into / rel).parent.exists()})
    for rel, existed in moves:
        if existed:
            (old / rel).parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(into / rel, old / rel)
            except OSError:
                shutil.copy2(into / rel, old / rel)
    (work / JOURNAL).write_text(json.dumps({"moves": moves, "made": made}), encoding="utf-8")
    (work / COMMITTING).touch()
    done: list[tuple[str, bool]] = []
    try:
        for folder in made:
            (into / folder).mkdir(parents=True, exist_ok=True)
        for rel, existed in moves:
            if rel in plan.write:
                os.replace(staging / rel, into / rel)
            else:
                os.unlink(into / rel)
            done.append((rel, existed))
    except BaseException:
        _roll_back(into, work, done, made)
        (work / COMMITTING).unlink()
        raise


def _roll_back(into: Path, work: Path, moves: list[tuple[str, bool]], made: list[str]) -> None:
    """Put back every file a move replaced or removed, and take away every file it added."""
    for rel, existed in reversed(moves):
        target = into / rel
        if existed and (work / "old" / rel).exists():
            os.replace(work / "old" / rel, target)
        elif not existed:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(target)
    for folder in sorted(made, key=len, reverse=True):
        with contextlib.suppress(OSError):
            (into / folder).rmdir()
