"""Step 8 of the benchmark: `readingroom export --format csl-json` of the whole corpus, against
`readingroom check` of it; the export must stream (bounded memory) and take at most twice as long."""

from __future__ import annotations

from pathlib import Path

from tests.bench_common import MIB, PYTHON, Row, log, ratio_row, run_measured

MEMORY_LIMIT_MIB = 150
TIME_LIMIT = 2.0


def export(corpus: Path, work: Path, records: int) -> list[Row]:
    """Export every record to CSL-JSON in a subprocess, measured as `check` is, and compare."""
    timeout = 300 + records * 0.01
    out = work / "export.json"
    log(f"step 8: exporting {corpus.name} to CSL-JSON")
    check = run_measured([PYTHON, "-m", "tui", "check", str(corpus)], timeout=timeout)
    exported = run_measured([PYTHON, "-m", "tui", "export", "--corpus", str(corpus), "--format", "csl-json",
                             "--out", str(out)], timeout=timeout)
    if exported.returncode != 0:
        raise RuntimeError(f"readingroom export exited {exported.returncode}: {exported.stderr.strip()[-800:]}")
    size = out.stat().st_size / MIB
    out.unlink(missing_ok=True)
    memory = Row("8", f"… peak RSS of the whole tree (main and parse workers; {size:.0f} MiB written)",
                 exported.tree_peak / MIB, "MiB", "", None, f"< {MEMORY_LIMIT_MIB} MiB")
    memory.met = memory.value is not None and memory.value < MEMORY_LIMIT_MIB
    return [
        ratio_row("8", f"Export {records:,} records to CSL-JSON (`readingroom export --format csl-json`), wall",
                  exported.seconds, "`readingroom check`", check.seconds, TIME_LIMIT),
        memory,
    ]
