"""Tests of the corpus generator in tests/gen.py."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from random import Random

import pytest
import tomli
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.gen import GeneratedCorpus, generate, toml_multiline, toml_str, toml_table
from tests.gen_words import make_date

N = 400


def digest(root: Path) -> str:
    """sha256 over every file's relative path and bytes, in sorted order."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def load(root: Path) -> tuple[list[dict], dict[str, dict]]:
    """All records, and all manifests by folder ("" for the root)."""
    records: list[dict] = []
    manifests: dict[str, dict] = {}
    for p in sorted(root.rglob("*.toml")):
        data = tomli.loads(p.read_text(encoding="utf-8"))
        if p.name == "corpus.toml":
            manifests[p.parent.relative_to(root).as_posix().strip(".")] = data
        elif "record" in data:
            assert "id" not in data
            records.extend(data["record"])
        else:
            records.append(data)
    return records, manifests


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[GeneratedCorpus, list[dict], dict[str, dict]]:
    res = generate(tmp_path_factory.mktemp("gen") / "c", N, seed=3)
    return (res, *load(res.root))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 150, seed=11)
    b = generate(tmp_path / "b", 150, seed=11)
    c = generate(tmp_path / "c", 150, seed=12)
    assert digest(a.root) == digest(b.root) != digest(c.root)
    assert (a.files, a.bytes, a.sample_ids, a.aliases) == (b.files, b.bytes, b.sample_ids, b.aliases)


def test_count_ids_and_files(corpus) -> None:
    res, records, manifests = corpus
    ids = [r["id"] for r in records]
    assert len(ids) == N == res.records and len(set(ids)) == N
    assert all(re.fullmatch(r"gen-\d{3}", i) for i in ids)
    assert res.files == N + len(manifests) == N + len(res.collections) + 1
    assert res.bytes == sum(p.stat().st_size for p in res.root.rglob("*.toml"))
    assert all(r["title"] and isinstance(r["title"], str) for r in records)
    assert ids == sorted(ids)  # ids rise along the files in sorted path order


def test_collections_and_manifests(corpus) -> None:
    res, records, manifests = corpus
    assert 5 <= len(res.collections) <= 50
    assert set(manifests) == {"", *res.collections}
    assert manifests[""]["title"] and manifests[""]["description"] and manifests[""]["aliases"]
    titles = {manifests[c]["title"] for c in res.collections}
    assert titles == set(res.titles)
    assert all(1 <= len(r["collections"]) <= 2 and set(r["collections"]) <= titles for r in records)
    assert any(c.count("/") == 1 for c in res.collections)  # a collection one level deeper
    assert list(res.root.rglob("box-*"))  # records in a sub-folder of a collection
    by_id = {r["id"]: r for r in records}
    for folder, rid in res.sample_ids.items():
        assert manifests[folder]["title"] == by_id[rid]["collections"][0]


def test_aliases(corpus) -> None:
    res, records, manifests = corpus
    for folder, groups in res.aliases.items():
        written = manifests[folder].get("aliases", {})
        assert {k: tuple(v) for k, v in written.items()} == groups
    names = [n for g in res.aliases.values() for k, v in g.items() for n in (k, *v)]
    assert len(names) == len(set(names))
    assert {"Nikita Khrushchev", "Chruschtschow"} <= set(names)
    used = {n for r in records for key in ("authors", "recipients", "people") for n in r.get(key, [])}
    variants = {n for g in res.aliases.values() for v in g.values() for n in v}
    assert used & variants  # records do use the other names
    assert any(not n.isascii() for n in used)
    assert any(not p.isascii() for r in records for p in r["places"])


def test_related_links_exist(corpus) -> None:
    res, records, _ = corpus
    ids = {r["id"] for r in records}
    linked = [r for r in records if "related" in r]
    assert 0.04 * N < len(linked) < 0.2 * N
    assert res.related_id in {r["id"] for r in linked}
    for r in linked:
        assert 1 <= len(r["related"]) <= 3 and set(r["related"]) <= ids - {r["id"]}


_DAY = r"\d{4}(?:-\d{2}(?:-\d{2})?)?[?~%]?"
_DATE = re.compile(rf"{_DAY}|(?:{_DAY}|\.\.)/(?:{_DAY}|\.\.)")
# One pattern per form the generator must produce, as named in the brief.
_FORMS = {
    "year": r"\d{4}", "month": r"\d{4}-\d\d", "day?": r"\d{4}-\d\d-\d\d\?",
    "year~": r"\d{4}~", "month%": r"\d{4}-\d\d%", "days": r"\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d",
    "years": r"\d{4}/\d{4}", "open end": r"[-\d]+/\.\.", "open start": r"\.\./[-\d]+",
}


def _earliest(part: str) -> date:
    y, m, d = [*part.rstrip("?~%").split("-"), "1", "1"][:3]
    return date(int(y), int(m), int(d))  # raises on a day the calendar lacks


def _check_date(v: object) -> str:
    """Fail unless `v` is a valid date of the format in 1945-1991; return its kind."""
    if isinstance(v, datetime):
        assert 1945 <= v.year <= 1991
        return "datetime"
    if isinstance(v, date):
        assert date(1945, 1, 1) <= v <= date(1991, 12, 31)
        return "date"
    assert isinstance(v, str) and _DATE.fullmatch(v), v
    ends = [_earliest(p) for p in v.split("/") if p != ".."]
    assert ends == sorted(ends) and all(1945 <= e.year <= 1991 for e in ends), v
    return "string"


def test_dates_in_corpus(corpus) -> None:
    _, records, _ = corpus
    kinds = Counter(_check_date(r["date"]) if "date" in r else "undated" for r in records)
    assert kinds["date"] > N / 2 and 0 < kinds["undated"] < N / 10 and kinds["datetime"] and kinds["string"]


def test_date_forms() -> None:
    rng = Random(0)
    values = [make_date(rng)[0] for _ in range(5000)]
    assert 100 < values.count(None) < 200  # about 3% undated
    strings = [v for v in values if v is not None and _check_date(v) == "string"]
    for form, pattern in _FORMS.items():
        assert any(re.fullmatch(pattern, v) for v in strings), form


def test_bodies(corpus) -> None:
    _, records, _ = corpus
    bodies = [r["body"] for r in records]
    assert all(1000 <= len(b.encode()) <= 10_240 for b in bodies)
    text = "\n".join(bodies)
    for mark in ("[sic]", "[illegible]", "[Handwritten: ", "[Footnote 1: ", "\n\n"):
        assert mark in text
    assert re.search(r"[a-z]\n[A-Z]", text)  # a line break inside a paragraph
    assert text.count(" the ") > text.count(" committee ") > 0  # Zipf ranks


def test_unknown_keys_and_source(corpus) -> None:
    _, records, _ = corpus
    top = Counter(k for r in records for k in r)
    src = Counter(k for r in records for k in r.get("source", {}))
    assert top["chapter"] and top["box"] and top["folder_note"]
    assert src["repository"] > N * 0.8 and src["reference"] and src["url"] and src["rights"]
    assert src["pages"] and all(isinstance(r["source"].get("uploaded", date.today()), date)
                                for r in records if "source" in r)
    assert top["original_language"] and top["translators"] and top["language"] == N


def test_per_file(tmp_path: Path) -> None:
    res = generate(tmp_path / "p", 200, seed=5, per_file=7)
    records, manifests = load(res.root)
    assert sorted(r["id"] for r in records) == [f"gen-{i:03d}" for i in range(1, 201)]
    files = [p for p in res.root.rglob("*.toml") if p.name != "corpus.toml"]
    assert res.files == len(files) + len(manifests) and len(files) < 200 / 7 + len(manifests)
    assert all(p.read_text().startswith("[[record]]\n") for p in files)
    assert any("\n[record.source]\n" in p.read_text() for p in files)
    assert any(isinstance(r.get("source"), dict) for r in records)


@pytest.mark.parametrize("share", [0.0, 0.5])
def test_markdown_share(tmp_path: Path, share: float) -> None:
    res = generate(tmp_path / "m", 200, seed=1, markdown_share=share)
    records, _ = load(res.root)
    md = [r["body"] for r in records if r.get("body_format") == "markdown"]
    if share == 0:
        assert not md
    else:
        assert 60 < len(md) < 140
    for body in md:
        assert body.startswith("# ") and "\n## " in body and "\n- " in body and "*" in body


def test_cli(tmp_path: Path) -> None:
    cwd = Path(__file__).resolve().parent.parent
    outs = []
    # Two processes with different string hashing must still agree byte for byte.
    for hash_seed in ("1", "2"):
        out = tmp_path / f"x{hash_seed}"
        run = [sys.executable, "-m", "tests.gen", str(out), "--records", "40", "--seed", "9"]
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        ok = subprocess.run(run, capture_output=True, text=True, cwd=cwd, env=env, check=True)
        assert re.fullmatch(r"40 records, \d+ files, [\d.]+ MB, [\d.]+ s\n", ok.stdout)
        outs.append(digest(out))
    assert outs[0] == outs[1]
    again = subprocess.run(run, check=False, capture_output=True, text=True, cwd=cwd)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and not again.stdout


def test_refuses_non_empty(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FileExistsError):
        generate(tmp_path, 10)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_escapes_in_real_files(tmp_path: Path) -> None:
    # One body in a hundred carries quotes and backslashes for the writer.
    res = generate(tmp_path / "e", 600, seed=2)
    records, _ = load(res.root)
    assert any('"""' in r["body"] and "\\\\" in r["body"] for r in records)
    assert any('"' in r["title"] for r in records)


# Any text, and text made mostly of the characters that need escapes.
_TEXT = st.text(st.characters(blacklist_categories=("Cs",))) | st.text(
    st.sampled_from(['"', "\\", "\n", "\r", "\t", "\x00", "\x1b", "\x7f", "a", "é", " "]))


# The known traps, tried on every run; random text may not hit them.
@example('"""')
@example('a""""b""')
@example('ends in "')
@example("\\\n\r\n\x00\x1b[31m\x7f")
@settings(database=None, max_examples=300)  # leave no example database in the work tree
@given(_TEXT)
def test_string_round_trip(s: str) -> None:
    assert tomli.loads(f"a = {toml_str(s)}\nb = {toml_multiline(s)}") == {"a": s, "b": s}


@settings(database=None)
@given(st.dictionaries(_TEXT, _TEXT | st.lists(_TEXT), max_size=4))
def test_table_round_trip(d: dict) -> None:
    doc = {"x": 1, "when": date(1950, 10, 8), "t": d, "u": {"at": datetime(1962, 10, 27, 9, 30)}}
    assert tomli.loads(toml_table(doc)) == doc


def _words(records: list[dict]) -> Counter[str]:
    return Counter(w for r in records for w in re.findall(r"[a-z0-9]+", r["body"].lower()))


def test_ocr_misreads_words(tmp_path: Path) -> None:
    plain = generate(tmp_path / "plain", 200, seed=4)
    ocr = generate(tmp_path / "ocr", 200, seed=4, ocr=True)
    again = generate(tmp_path / "again", 200, seed=4, ocr=True)
    assert digest(ocr.root) == digest(again.root) != digest(plain.root)
    (plain_records, _), (ocr_records, _) = load(plain.root), load(ocr.root)
    assert [r["id"] for r in ocr_records] == [r["id"] for r in plain_records]
    assert abs(ocr.bytes - plain.bytes) < plain.bytes * 0.1  # as large, word for word
    plain_words, ocr_words = _words(plain_records), _words(ocr_records)
    # Misread words are mostly new, and mostly in one record: the vocabulary of scanned text.
    once = [w for w, n in ocr_words.items() if n == 1 and w not in plain_words]
    assert len(once) > 25 * 200 and len(ocr_words) > 1.5 * len(plain_words)
    assert ocr_words["the"] > 0.8 * plain_words["the"]  # the common words mostly read right


def test_cli_ocr(tmp_path: Path) -> None:
    cwd = Path(__file__).resolve().parent.parent
    run = [sys.executable, "-m", "tests.gen", str(tmp_path / "o"), "--records", "20", "--seed", "4", "--ocr"]
    subprocess.run(run, capture_output=True, text=True, cwd=cwd, check=True)
    assert digest(tmp_path / "o") == digest(generate(tmp_path / "p", 20, seed=4, ocr=True).root)
