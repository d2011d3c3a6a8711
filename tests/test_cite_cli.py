"""`readingroom cite` and `readingroom export`, run as a user runs them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import rispy

from tests.cite_helpers import FRUS, STALIN
from tests.test_cli import run

SCHEMA = json.loads((Path(__file__).resolve().parent / "csl" / "csl-data.json").read_text(encoding="utf-8"))


def test_cite_in_each_style() -> None:
    result = run("cite", STALIN, "--style", "chicago-short", "--date-style", "day-first")
    assert result.returncode == 0 and result.stdout == "Stalin to Kim, 8 October 1950.\n"
    result = run("cite", STALIN, FRUS)
    assert result.stdout.splitlines()[1].startswith(
        "Telegram From the Embassy in the Soviet Union to the Department of State, March 20, 1961, in "
        "Foreign Relations of the United States, 1961–1963, vol. V, Soviet Union, doc. 48, pp. 106–108")
    data = json.loads(run("cite", STALIN, FRUS, "--style", "csl-json").stdout)
    jsonschema.validate(data, SCHEMA)
    assert [item["id"] for item in data] == [STALIN, FRUS]
    assert data[1]["container-title"] == "Foreign Relations of the United States, 1961–1963"
    assert len(rispy.loads(run("cite", STALIN, FRUS, "--style", "ris").stdout)) == 2
    assert run("cite", STALIN, "--style", "biblatex").stdout.startswith("@misc{1950-10-08-stalin-kim,\n")


def test_cite_an_unknown_id_says_so_and_cites_the_rest() -> None:
    result = run("cite", "no-such-id", STALIN)
    assert result.returncode == 1
    assert "no record with id 'no-such-id'" in result.stderr
    assert result.stdout.startswith("Joseph Stalin to Kim Il Sung")


def test_the_date_style_setting_is_the_default(tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "readingroom").mkdir(parents=True)
    (config / "readingroom" / "settings.toml").write_text('date_style = "day-first"\n')
    result = run("cite", STALIN, env={"READINGROOM_CONFIG": str(config / "readingroom")})
    assert "8 October 1950" in result.stdout
    result = run("cite", STALIN, "--date-style", "month-first", env={"READINGROOM_CONFIG": str(config / "readingroom")})
    assert "October 8, 1950" in result.stdout


def test_export_everything_as_csl_json_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "corpus.json"
    result = run("export", "--format", "csl-json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)
    assert len(data) == 990 and f"{len(data)} records written to" in result.stderr
    assert len({item["id"] for item in data}) == len(data)


def test_export_a_query_in_each_format(tmp_path: Path) -> None:
    env = {"READINGROOM_INDEX": str(tmp_path / "index")}
    csv_text = run("export", "Stalin", "--format", "csv", env=env).stdout
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert rows and any(row["id"] == STALIN for row in rows)
    stalin = next(row for row in rows if row["id"] == STALIN)
    assert stalin["authors"] == "Joseph Stalin" and stalin["subjects"] == "Korean War, 1950-1953; Sino-Soviet relations"
    assert stalin["reference"] == "f. 45, op. 1, d. 347, listy 65-67"
    lines = run("export", "Stalin", "--format", "jsonl", env=env).stdout.splitlines()
    assert len(lines) == len(rows) and json.loads(lines[0])["id"] == rows[0]["id"]
    markdown = run("export", f"id:{FRUS}", "--format", "markdown", env=env).stdout
    assert "in *Foreign Relations of the United States, 1961–1963*, vol. V, *Soviet Union*, doc. 48" in markdown
    bib = run("export", "Stalin", "--format", "biblatex", env=env).stdout
    assert bib.startswith("% Encoding: UTF-8\n") and bib.count("\n@") == len(rows)
    assert run("export", "nothing-matches-this-zzz", "--format", "csl-json", env=env).stdout == "[]\n"


def test_export_a_malformed_query_says_where() -> None:
    result = run("export", "(unclosed", "--format", "ris")
    assert result.returncode == 2 and "malformed query" in result.stderr


def test_export_says_which_records_did_not_load(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.toml").write_text('id = "g"\ntitle = "Good"\nauthors = ["Joseph Stalin"]\ndate = "1950?"\n')
    (corpus / "broken.toml").write_text('id = "b"\ntitle = \n')
    (corpus / "untitled.toml").write_text('id = "u"\n')
    result = run("export", "--corpus", str(corpus), "--format", "ris")
    assert result.returncode == 0
    [entry] = rispy.loads(result.stdout)
    assert entry["id"] == "g" and entry["date"] == "1950///1950?"
    assert "broken.toml:2:" in result.stderr and "untitled.toml:1:" in result.stderr
    assert "2 problems in the corpus; a record that did not load is not exported" in result.stderr
