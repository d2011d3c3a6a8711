"""Records for the citation tests, built from TOML values as the loader builds them."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from tui.model import Record, load_corpus
from tui.model.record import build_record

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STALIN = "1950-10-08-stalin-kim"
FRUS = "frus1961-63v05-d48"


def make(**keys: Any) -> Record:
    data: dict[str, Any] = {"id": "r1", "title": "A document"}
    data.update(keys)
    record, issues = build_record(data, path="x/r1.toml", line=1, position=0)
    assert record is not None and not issues, issues
    return record


# Each kind of incomplete or awkward record a historian meets, as (name, record).
BAD_DATA: list[tuple[str, Record]] = [
    ("no author", make(title="Report on the harvest", type="Report", date=dt.date(1951, 3, 2),
                       source={"repository": "RGASPI", "reference": "f. 17, op. 3, d. 1"})),
    ("no date", make(authors=["Dulles, John Foster"], recipients=["Syngman Rhee"], type="Letter",
                     source={"repository": "National Archives"})),
    ("interval", make(authors=["Joseph Stalin"], date="1950-10-07/1950-10-09", type="Telegram",
                      source={"repository": "APRF"})),
    ("open date", make(authors=["Joseph Stalin"], date="1950-10/..", source={"repository": "APRF"})),
    ("uncertain and approximate", make(authors=["Joseph Stalin"], date="1950~", type="Memorandum")),
    ("organisation recipient", make(authors=["Embassy in the Soviet Union"], recipients=["Department of State"],
                                    date=dt.date(1962, 10, 16), type="Telegram",
                                    source={"repository": "NARA", "reference": "RG 59, 611.61/10-1662"})),
    ("quotes and braces", make(title='On the "big war" {draft} & 100% _final_ #2 \\ ~', date="1950-10",
                               source={"repository": "Archive {A} & Co.", "reference": "f. 45 {op. 1}"})),
    ("only a URL", make(title="Letter from Feng Xi", source={"url": "https://digitalarchive.example/document/1"})),
]


@functools.cache
def _bundled() -> Any:
    return load_corpus(CORPUS)


def corpus_record(record_id: str) -> tuple[Record, Any]:
    corpus = _bundled()
    return corpus.by_id[record_id], corpus.manifests
