"""Refreshing an index in a child process, so that a long-running browser never holds the
corpus's file list (100,000 names and times) nor the indexing itself in its own memory.

The child (`python -m tui.index.background CORPUS INDEX`) opens the same index, refreshes
it, and reports progress and notices as JSON lines; the browser reloads what it committed.
An index kept in memory can't be shared with another process: it refreshes in place.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from tui.index.errors import IndexWriteFailed
from tui.index.library import Library, Progress
from tui.model.text import visible


def refresh_elsewhere(library: Library, progress: Callable[[Progress], None]) -> int:
    """Refresh `library` in a child process (in this one when the index lives in memory);
    returns the number of files read again or dropped."""
    if library.store is None or not library.writable:
        return library.refresh(progress).files
    package_root = str(Path(__file__).resolve().parent.parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "tui.index.background", str(library.corpus), str(library.store.folder)]
    files = 0
    # The child's errors go to a file, not to this process's terminal, where a browser draws.
    with tempfile.TemporaryFile() as errors:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, stderr=errors, env=env,
                              text=True) as child:
            assert child.stdout is not None
            for line in child.stdout:
                message = json.loads(line)
                if "notice" in message:
                    library.notify(message["notice"])
                elif "files" in message:
                    files = int(message["files"])
                else:
                    library.reread()  # what the child has committed so far
                    progress(Progress(message["done"], message["total"], message["phase"]))
        if child.returncode:
            errors.seek(0)
            lines = errors.read().decode(errors="replace").strip().splitlines()
            why = visible(lines[-1], keep_layout=False) if lines else f"exit status {child.returncode}"
            library.notify(f"indexing in the background failed ({why}): indexing here instead")
            return library.refresh(progress).files
    library.reread()
    return files


def main(corpus: str, index: str) -> int:
    def say(payload: dict[str, object]) -> None:
        sys.stdout.write(json.dumps(payload) + "\n")
        sys.stdout.flush()

    library = Library.open(Path(corpus), index_dir=index, notify=lambda text: say({"notice": text}))
    try:
        changes = library.refresh(lambda step: say({"done": step.done, "total": step.total, "phase": step.phase}))
    except IndexWriteFailed as error:  # said once; doing it again in the browser would fail the same way
        say({"notice": f"{error}: showing the index as it was"})
        say({"files": 0})
        return 0
    say({"files": changes.files})
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
