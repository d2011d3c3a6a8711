"""The command line's own edges: a fault is never reported as a result, and an operand may start with "-"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, WriteCorpus
from tests.test_hostile_input import run_main
from tui.cli import INTERNAL_ERROR, main
from tui.model.loader import CorpusScan

ROOT = Path(__file__).resolve().parent.parent


def _fail(*_args: object, **_kwargs: object) -> object:
    raise RuntimeError("the disk went away\nsecond line")


def test_a_crash_of_check_exits_70_in_one_line_never_1(
        write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_corpus({"bad.toml": 'id = "bad"\n'})  # a corpus with a problem: 1 would be a verdict
    monkeypatch.delenv("READINGROOM_DEBUG", raising=False)
    monkeypatch.setattr(CorpusScan, "finish", _fail)
    assert main(["check", str(root)]) == INTERNAL_ERROR == 70
    captured = capsys.readouterr()
    assert "problem" not in captured.out  # no summary: the run did not finish
    assert captured.err == ("readingroom: internal error, so the command did not finish (RuntimeError: the disk "
                            "went away^Jsecond line); this is a fault of readingroom, not of the corpus; "
                            "READINGROOM_DEBUG=1 shows where\n")


def test_the_traceback_is_shown_when_asked(
        write_corpus: WriteCorpus, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_corpus({"a.toml": 'id = "a"\ntitle = "A"\n'})
    monkeypatch.setenv("READINGROOM_DEBUG", "1")
    monkeypatch.setattr(CorpusScan, "finish", _fail)
    assert main(["check", str(root), "--format", "json"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "RuntimeError: the disk went away" in err


def test_a_crash_in_a_real_process_exits_70(write_corpus: WriteCorpus) -> None:
    """As a reader meets it: a parse worker that dies (here: its program can't be found)."""
    root = write_corpus({f"r{n:04}.toml": f'id = "r{n}"\ntitle = "R"\n' for n in range(2000)})
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONSAFEPATH": "1"}
    env.pop("READINGROOM_DEBUG", None)
    code = ("import sys, tui.model.workers as w; w.sys.executable = '/bin/false'; "
            "from tui.cli import main; sys.exit(main(sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "check", str(root)], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env=env)
    assert done.returncode == 70
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("readingroom: internal error, so the command did not finish (EOFError: ")


def test_a_query_may_start_with_a_dash(bundled_index: Path) -> None:
    common = ["--corpus", str(BUNDLED), "--index", str(bundled_index), "--format", "json"]
    code, out, err = run_main("search", "-korea", *common)
    assert code == 0, err
    dashed = json.loads(out)
    assert dashed["query"] == "-korea" and dashed["total"] > 0
    for spelling in (["--", "-korea"], ["NOT korea"]):
        code, out, _ = run_main("search", *common, *spelling)
        assert code == 0 and json.loads(out)["total"] == dashed["total"]
    # Options before and after it, in every spelling argparse takes.
    code, out, _ = run_main("search", "--limit", "1", "-korea", "--format=json", "--corpus", str(BUNDLED),
                            "--index", str(bundled_index))
    assert code == 0 and len(json.loads(out)["results"]) == 1
    code, out, _ = run_main("search", "-korea", "--lim=2", *common)
    assert code == 0 and len(json.loads(out)["results"]) == 2


def test_unknown_long_options_are_still_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["search", "korea", "--frmat", "json"])
    assert exit_.value.code == 2
    assert "unrecognized arguments: --frmat" in capsys.readouterr().err


def test_an_id_may_start_with_a_dash(write_corpus: WriteCorpus) -> None:
    root = write_corpus({"a.toml": 'id = "-x"\ntitle = "Dashed"\n', "b.toml": 'id = "-h-1"\ntitle = "H"\n'})
    code, out, _ = run_main("show", "-x", "--corpus", str(root), "--format", "json")
    assert code == 0 and json.loads(out)["title"] == "Dashed"
    code, out, _ = run_main("show", "--corpus", str(root), "-h-1")
    assert code == 0 and "H" in out
    code, _, err = run_main("show", "-y", "--corpus", str(root))
    assert code == 1 and "no record with id '-y'" in err
