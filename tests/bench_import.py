"""Benchmark step 8, import: FRUS volumes (TEI) and a generated CSV of as many rows as records.

    python -m tests.bench_import [--rows 100000] [--workdir DIR]

A FRUS volume of 4 MB must import in under 3 s; the CSV in at most twice the time of reading it
with the csv module and writing as many files (both measured as whole commands, Python's start
included).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from pathlib import Path

from tests.bench_common import PYTHON, Row, log, markdown, ratio_row, run_timed
from tests.import_helpers import find_sources

FRUS_LIMIT = 3.0
CSV_LIMIT = 2.0
REFERENCE = """
import csv, os, sys
source, out = sys.argv[1], sys.argv[2]
os.mkdir(out)
with open(source, newline="", encoding="utf-8") as stream:
    rows = csv.reader(stream)
    next(rows)
    for number, row in enumerate(rows):
        with open(os.path.join(out, f"{number}.toml"), "w", encoding="utf-8") as file:
            file.write("\\n".join(row))
"""
WORDS = ["treaty", "embassy", "minister", "telegram", "armistice", "delegation", "conference", "memorandum",
         "frontier", "settlement", "cabinet", "ambassador", "consul", "garrison", "harbour", "railway"]


def write_csv(path: Path, rows: int, seed: int = 0) -> None:
    """A spreadsheet of letters in record-key columns, about 200 bytes a row."""
    chance = random.Random(seed)
    people = [f"{chance.choice(['Adams', 'Brandt', 'Chen', 'Dubois', 'Eriksen'])}, {chr(65 + n % 26)}."
              for n in range(300)]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "title", "date", "type", "authors", "recipients", "places", "summary"])
        for number in range(rows):
            year = 1900 + chance.randrange(100)
            writer.writerow([
                f"row-{number}", " ".join(chance.choices(WORDS, k=5)).capitalize(),
                f"{year}-{chance.randrange(1, 13):02d}-{chance.randrange(1, 29):02d}", "Letter",
                chance.choice(people), "|".join(chance.sample(people, 2)), chance.choice(["Paris", "Bonn", "Oslo"]),
                " ".join(chance.choices(WORDS, k=12)) + ".",
            ])


def imports(work: Path, rows: int) -> list[Row]:
    """The import step's rows."""
    work.mkdir(parents=True, exist_ok=True)
    found: list[Row] = []
    shared = find_sources()
    volumes = sorted((shared / "tei").glob("*.xml")) if shared else []
    if not volumes:
        found.append(Row("8", "Import a FRUS volume: the shared sources are not here (READINGROOM_SOURCES)", None,
                         met=False))
    for volume in volumes:
        out = work / f"frus-{volume.stem}"
        shutil.rmtree(out, ignore_errors=True)
        log(f"importing {volume.name}")
        seconds, _ = run_timed([PYTHON, "-m", "tui", "import", str(volume), "--into", str(out)], timeout=120)
        documents = sum(1 for _ in out.glob("*.toml")) - 1
        size = volume.stat().st_size / 1e6
        row = Row("8", f"`readingroom import` {volume.name} ({size:.1f} MB, {documents} documents), wall", seconds,
                  target=f"< {FRUS_LIMIT:g} s" if size >= 3.5 else "")
        row.met = seconds < FRUS_LIMIT if row.target else None
        found.append(row)
        shutil.rmtree(out, ignore_errors=True)
    source = work / f"rows-{rows}.csv"
    if not source.exists():
        log(f"writing a CSV of {rows:,} rows")
        write_csv(source, rows)
    reference_out, import_out = work / "csv-reference", work / "csv-import"
    for folder in (reference_out, import_out):
        shutil.rmtree(folder, ignore_errors=True)
    log("reading the CSV with the csv module and writing as many files")
    reference, _ = run_timed([PYTHON, "-c", REFERENCE, str(source), str(reference_out)], timeout=60 + rows * 0.01)
    log(f"importing the CSV of {rows:,} rows")
    seconds, _ = run_timed([PYTHON, "-m", "tui", "import", str(source), "--into", str(import_out)],
                           timeout=60 + rows * 0.01)
    found.append(ratio_row("8", f"`readingroom import` a CSV of {rows:,} rows ({source.stat().st_size / 1e6:.1f} MB), "
                                "wall", seconds, "csv module reading it + writing as many files", reference,
                           CSV_LIMIT))
    for folder in (reference_out, import_out):
        shutil.rmtree(folder, ignore_errors=True)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench_import", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the generated CSV (default: 100000)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/readingroom-bench/import"), metavar="DIR")
    args = parser.parse_args(argv)
    print(markdown(imports(args.workdir, args.rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
