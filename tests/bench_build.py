"""Step 1 of the benchmark: the cold index build against tomli in two processes plus the engine's bare insert.

The two parts of the reference run as subprocesses of their own, measured as the build is:

    python -m tests.bench_build parse FILE_LIST
    python -m tests.bench_build insert PREPARED INDEX_DIR
"""

from __future__ import annotations

import json
import pickle
import shutil
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tests.bench_common import MIB, PYTHON, Measured, Row, log, median, ratio_row, run_measured, run_timed

CHUNK = 64  # files per task, as the app's parse workers take them
BATCH = 256  # prepared documents per pickle in the spill file
MEMORY_LIMIT_MIB = 400


def build_timeout(records: int) -> float:
    return 300 + records * 0.015


def _check(measured: Measured, what: str) -> Measured:
    if measured.returncode != 0:
        raise RuntimeError(f"{what} exited {measured.returncode}: {measured.stderr.strip()[-800:]}")
    return measured


def cold_build(corpus: Path, index: Path, work: Path, records: int) -> list[Row]:
    """Build the index from nothing in a subprocess, then the reference, and compare."""
    if index.exists():
        shutil.rmtree(index)
    log(f"step 1: cold build of {corpus.name}")
    command = [PYTHON, "-m", "tui", "index", str(corpus), "--out", str(index)]
    built = _check(run_measured(command, timeout=build_timeout(records)), "readingroom index")
    log(f"  built in {built.seconds:.2f} s: {built.stdout.strip()}")
    # What of that is start-up, the walk and the comparison: the same command with nothing to do.
    again = median([run_timed(command, timeout=build_timeout(records))[0] for _ in range(3)])

    from tui.index.documents import Preparing
    from tui.index.pair_words import corpus_words
    from tui.index.pairs import Pairs
    from tui.model import discover
    from tui.model.discover import path_order
    from tui.model.loader import parse_files, read_manifests

    discovery = discover(corpus)
    listing = work / "files.txt"
    listing.write_text("\n".join(f.path for f in [*discovery.manifests, *discovery.files]) + "\n")
    log("  reference: tomli in two processes")
    parse = _check(run_measured([PYTHON, "-m", "tests.bench_build", "parse", str(listing)],
                                timeout=build_timeout(records)), "the tomli reference")
    parsed = json.loads(parse.stdout)

    # The documents are made beforehand, untimed, exactly as the app makes them, and spilled to a
    # file a batch at a time: holding 100,000 bodies in memory would cost over a gigabyte.
    log("  reference: preparing the documents (untimed)")
    manifests, _problems = read_manifests(discovery.manifests)
    files = sorted(discovery.files, key=lambda f: path_order(f.rel))  # as the build reads them
    preparing = Preparing(manifests, Pairs.with_words(corpus_words(files)))
    spill = work / "prepared.pickle"
    count = 0
    with spill.open("wb") as out:
        batch: list[dict[str, Any]] = []
        for prepared in parse_files(discovery.files, transform="tui.index.documents:prepare", context=preparing):
            batch.extend(prepared.documents)
            if len(batch) >= BATCH:
                pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
                count += len(batch)
                batch = []
        if batch:
            pickle.dump(batch, out, protocol=pickle.HIGHEST_PROTOCOL)
            count += len(batch)
    log("  reference: the engine's bare insert")
    bare_index = work / "bare-index"
    try:
        insert = _check(run_measured([PYTHON, "-m", "tests.bench_build", "insert", str(spill), str(bare_index)],
                                     timeout=build_timeout(records)), "the insert reference")
    finally:
        spill.unlink(missing_ok=True)
        shutil.rmtree(bare_index, ignore_errors=True)
        listing.unlink(missing_ok=True)
    inserted = json.loads(insert.stdout)
    reference = parsed["seconds"] + inserted["seconds"]

    def mem_row(measure: str, value: int, reference: str, ref_value: int) -> Row:
        mib = value / MIB
        return Row("1", measure, mib, "MiB", reference, ref_value / MIB, f"< {MEMORY_LIMIT_MIB} MiB",
                   mib < MEMORY_LIMIT_MIB)

    return [
        ratio_row("1", f"Cold build `readingroom index` ({count:,} records), wall", built.seconds,
                  "tomli ×2 processes + bare insert", reference, 1.2),
        Row("1", "… reference part: tomli, 2 processes, chunks of 64", parsed["seconds"]),
        Row("1", f"… reference part: bare insert + commit + merge (net of {inserted['readback']:.2f} s "
                 "reading the prepared documents back)", inserted["seconds"]),
        Row("1", "… `readingroom index` again with nothing to do (start-up, walk, compare), median of 3", again),
        mem_row("Cold build, peak RSS of the main process", built.main_peak,
                "bare insert process", insert.main_peak),
        mem_row("Cold build, peak RSS of the process tree (workers summed)", built.tree_peak,
                "largest reference tree", max(parse.tree_peak, insert.tree_peak)),
        Row("1", "… wait4 ru_maxrss of the build (largest single process)", built.maxrss / MIB, "MiB",
            "bare insert process", insert.maxrss / MIB),
        Row("1", "… peak of the main process's own memory (RSS less the index files it maps)",
            built.main_anon_peak / MIB, "MiB"),
        Row("1", "… the index on disk", folder_size(index) / MIB, "MiB"),
    ]


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def ocr_build(corpus: Path, index: Path, records: int) -> list[Row]:
    """The cold build of a corpus of misread words (`tests.gen --ocr`): millions of distinct words."""
    if index.exists():
        shutil.rmtree(index)
    log(f"step 1: cold build of {corpus.name}")
    command = [PYTHON, "-m", "tui", "index", str(corpus), "--out", str(index)]
    built = _check(run_measured(command, timeout=build_timeout(records)), "readingroom index")
    log(f"  built in {built.seconds:.2f} s: {built.stdout.strip()}")
    size = folder_size(index)
    shutil.rmtree(index, ignore_errors=True)
    limit = f"< {MEMORY_LIMIT_MIB} MiB"
    return [
        Row("1", f"Cold build of an OCR corpus (`tests.gen --ocr`, {records:,} records), wall", built.seconds),
        Row("1", "… peak RSS of the main process", built.main_peak / MIB, "MiB", target=limit,
            met=built.main_peak / MIB < MEMORY_LIMIT_MIB),
        Row("1", "… peak RSS of the process tree (workers summed)", built.tree_peak / MIB, "MiB", target=limit,
            met=built.tree_peak / MIB < MEMORY_LIMIT_MIB),
        Row("1", "… peak of the main process's own memory (RSS less the index files it maps)",
            built.main_anon_peak / MIB, "MiB"),
        Row("1", "… the index on disk", size / MIB, "MiB"),
    ]


# The reference parts, run as subprocesses.


def _parse_chunk(paths: list[str]) -> tuple[int, int]:
    """Records and bytes in a chunk of files; nothing parsed is kept."""
    import tomli

    records = size = 0
    for path in paths:
        data = Path(path).read_bytes()
        table = tomli.loads(data.decode("utf-8"))
        size += len(data)
        entries = table.get("record")
        records += len(entries) if isinstance(entries, list) else int("id" in table)
    return records, size


def parse_reference(listing: Path, processes: int = 2) -> dict[str, float]:
    """Read, decode and parse every listed file with tomli, in one process or a pool."""
    paths = listing.read_text().split()
    chunks = [paths[i:i + CHUNK] for i in range(0, len(paths), CHUNK)]
    started = time.perf_counter()
    records = size = 0
    if processes == 1:
        results = map(_parse_chunk, chunks)
    else:
        pool = ProcessPoolExecutor(max_workers=processes)
        results = pool.map(_parse_chunk, chunks)
    for chunk_records, chunk_size in results:
        records += chunk_records
        size += chunk_size
    if processes != 1:
        pool.shutdown()
    return {"seconds": time.perf_counter() - started, "files": len(paths), "records": records, "bytes": size}


def load(corpus: Path, work: Path, records: int, label: str = "") -> list[Row]:
    """Reading a whole corpus as `readingroom check` does (every rule, every problem), against
    tomli parsing the same files bare in one process and in two."""
    from tui.model import discover

    log(f"step 0: loading {corpus.name}")
    discovery = discover(corpus)
    listing = work / "load-files.txt"
    listing.write_text("\n".join(f.path for f in [*discovery.manifests, *discovery.files]) + "\n")
    try:
        check = run_measured([PYTHON, "-m", "tui", "check", str(corpus)], timeout=build_timeout(records))
        one = _check(run_measured([PYTHON, "-m", "tests.bench_build", "parse1", str(listing)],
                                  timeout=build_timeout(records)), "tomli in one process")
        two = _check(run_measured([PYTHON, "-m", "tests.bench_build", "parse", str(listing)],
                                  timeout=build_timeout(records)), "tomli in two processes")
    finally:
        listing.unlink(missing_ok=True)
    what = label or f"{records:,} records"
    return [
        Row("0", f"Load {what} (`readingroom check`: parse, every rule, problems), wall", check.seconds, "s",
            "bare tomli parse, 1 process", one.seconds),
        Row("0", "… the same beside a bare tomli parse in 2 processes", check.seconds, "s",
            "bare tomli parse, 2 processes", two.seconds),
        Row("0", "… peak RSS, main process / whole tree", check.main_peak / MIB, "MiB",
            "bare tomli, 2 processes (tree)", two.tree_peak / MIB),
        Row("0", "… peak RSS of the whole tree (workers summed)", check.tree_peak / MIB, "MiB",
            "bare tomli, 1 process", one.main_peak / MIB),
    ]


def _batches(spill: Path) -> Iterator[list[dict[str, Any]]]:
    with spill.open("rb") as stream:
        while True:
            try:
                yield pickle.load(stream)
            except EOFError:
                return


def insert_reference(spill: Path, folder: Path) -> dict[str, float]:
    """The engine alone: documents in, one commit, merges done; the read-back time taken out."""
    import tantivy

    from tui.index.library import WRITER_HEAP
    from tui.index.schema import build_schema, register

    folder.mkdir(parents=True)
    schema = build_schema()
    index = tantivy.Index(schema, path=str(folder))
    register(index)
    # A first pass reads the spill alone: it warms the page cache and times what the insert pass
    # spends reading, which is then taken out of its time.
    started = time.perf_counter()
    documents = sum(len(batch) for batch in _batches(spill))
    readback = time.perf_counter() - started
    writer = index.writer(heap_size=WRITER_HEAP)
    started = time.perf_counter()
    for batch in _batches(spill):
        for fields in batch:
            writer.add_document(tantivy.Document.from_dict(fields, schema))
    writer.commit()
    writer.wait_merging_threads()
    gross = time.perf_counter() - started
    return {"seconds": max(gross - readback, 0.0), "gross": gross, "readback": readback, "documents": documents}


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "parse":
        result = parse_reference(Path(argv[1]))
    elif len(argv) == 2 and argv[0] == "parse1":
        result = parse_reference(Path(argv[1]), processes=1)
    elif len(argv) == 3 and argv[0] == "insert":
        result = insert_reference(Path(argv[1]), Path(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
