"""Known-item search over the bundled corpus: success@1, success@10 and MRR, ours beside a grep baseline.

Ours is measured through `readingroom search --format json` (its documented shape, built
from the same call the command makes), so scripts get what the figures promise.

The cases are in known_items.toml. The baseline is what `rg -l -i` with every word required
would give: a document matches when its file contains every query word (field names and quotes
stripped) in any case, and matches are listed in path order. Run with -s to see the tables.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest

from tests.index_helpers import build
from tui.index.library import Library
from tui.model.loader import load_corpus

HERE = Path(__file__).resolve().parent
BUNDLED = HERE.parent / "corpus"
CASES_FILE = HERE / "known_items.toml"
CLASSES = ("exact", "paraphrase", "fielded", "typo", "variant", "diacritics", "phrase", "date")
DEPTH = 10  # success@10 and MRR look this far down
REQUIRED_SUCCESS_AT_10 = 0.95
REQUIRED_PER_CLASS = 0.9  # paraphrases too (tests/test_paraphrases.py measures a larger set of them)
_FIELD = re.compile(r"^[A-Za-z]+:")


@dataclass(frozen=True, slots=True)
class Case:
    query: str
    id: str
    kind: str
    note: str


def load_cases() -> list[Case]:
    data = tomllib.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [Case(c["query"], c["id"], c["class"], c.get("note", "")) for c in data["case"]]


CASES = load_cases()
Ranker = Callable[[str], Sequence[str]]


@dataclass(frozen=True, slots=True)
class Figures:
    """success@1, success@10 and MRR (reciprocal rank, 0 below DEPTH) over some cases."""

    cases: int
    at1: float
    at10: float
    mrr: float

    @classmethod
    def of(cls, ranks: Sequence[int | None]) -> Figures:
        n = len(ranks) or 1
        return cls(
            len(ranks),
            sum(r == 1 for r in ranks) / n,
            sum(r is not None and r <= DEPTH for r in ranks) / n,
            sum(1 / r for r in ranks if r is not None and r <= DEPTH) / n,
        )


def rank_of(ranked: Sequence[str], wanted: str) -> int | None:
    """1-based rank of `wanted`, or None when it is not in `ranked`."""
    return ranked.index(wanted) + 1 if wanted in ranked else None


def baseline_words(query: str) -> list[str]:
    """The query's words as a grep user would pass them: quotes and field names stripped."""
    return [_FIELD.sub("", word) for word in query.replace('"', " ").split() if _FIELD.sub("", word)]


def grep_baseline(root: Path) -> Ranker:
    """Every record file's text, searched for all of a query's words, in any case, in path order."""
    corpus = load_corpus(root)
    texts = {r.id: (root / r.path).read_text(encoding="utf-8").casefold() for r in corpus.records}
    order = sorted(texts, key=lambda rid: next(r.path for r in corpus.records if r.id == rid))

    def rank(query: str) -> list[str]:
        words = [w.casefold() for w in baseline_words(query)]
        return [rid for rid in order if all(w in texts[rid] for w in words)]

    return rank


def table(title: str, figures: dict[str, Figures]) -> str:
    lines = [title, f"{'class':<12}{'cases':>6}{'s@1':>8}{'s@10':>8}{'MRR':>8}"]
    for name, f in figures.items():
        lines.append(f"{name:<12}{f.cases:>6}{f.at1:>8.2f}{f.at10:>8.2f}{f.mrr:>8.3f}")
    return "\n".join(lines)


def evaluate(ranker: Ranker) -> tuple[dict[str, Figures], list[tuple[Case, int | None]]]:
    """Figures per class and overall, and each case's rank."""
    ranked = [(case, rank_of(ranker(case.query), case.id)) for case in CASES]
    by_class: dict[str, list[int | None]] = defaultdict(list)
    for case, rank in ranked:
        by_class[case.kind].append(rank)
    figures = {kind: Figures.of(by_class[kind]) for kind in CLASSES if kind in by_class}
    figures["all"] = Figures.of([rank for _case, rank in ranked])
    return figures, ranked


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return build(BUNDLED, tmp_path_factory.mktemp("known") / "index")


def ours(library: Library) -> Ranker:
    from tui.cli.search import as_json

    def rank(query: str) -> list[str]:
        # As `readingroom search QUERY --format json --limit 10` answers (and the browser lists).
        results = library.search(query, limit=DEPTH, partial=True)
        assert results.error is None, (query, results.error)
        listed = cast(list[dict[str, object]], as_json(results)["results"])
        return [str(result["id"]) for result in listed]

    return rank


def test_the_set_is_well_formed(library: Library) -> None:
    assert len(CASES) >= 80
    assert {case.kind for case in CASES} == set(CLASSES)
    assert all(sum(case.kind == kind for case in CASES) >= 5 for kind in CLASSES)
    for case in CASES:
        assert library.record(case.id) is not None, f"no record {case.id} for {case.query!r}"


def test_known_items(library: Library) -> None:
    figures, ranked = evaluate(ours(library))
    base, _ = evaluate(grep_baseline(BUNDLED))
    missed = [f"  {case.kind:<11} {case.query!r} -> {case.id}: {'not in the first 10' if rank is None else rank}"
              for case, rank in ranked if rank != 1]
    print()
    print(table("Reading Room search", figures))
    print(table("Baseline: every word in the file, any case, path order (rg -l -i)", base))
    print("Cases not found first:")
    print("\n".join(missed))
    assert figures["all"].at10 >= REQUIRED_SUCCESS_AT_10, "\n".join(missed)
    for kind in CLASSES:
        assert figures[kind].at10 >= REQUIRED_PER_CLASS, (kind, "\n".join(missed))
    # The index must do better than grep at putting the document first.
    assert figures["all"].mrr > base["all"].mrr


def test_baseline_words() -> None:
    assert baseline_words('type:"Intelligence Estimate" Taiwan') == ["Intelligence", "Estimate", "Taiwan"]
    assert baseline_words("wheat sale date:1963-10") == ["wheat", "sale", "1963-10"]
