"""`readingroom import` as a person runs it: the summary, exit codes, and opening what it made."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.apptools import make_app, ready, screen_text, wait_for
from tests.import_helpers import REPO, sources
from tui.cli import main


def test_import_summary_then_check_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "letters.csv"
    source.write_text("sender,addressee,senderDate,senderPlace\nA. Writer,B. Reader,1850-03-05,Leipzig\n",
                      encoding="utf-8")
    out = tmp_path / "corpus"
    assert main(["import", str(source), "--into", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed == [
        "1 record from 1 CSV source: 2 files written, 0 rewritten, 0 removed, 0 skipped; 0 problems",
        "1 ids and 1 titles were made from the records' other fields (row number, sender, addressee, date)",
        f"open it with: readingroom {out}",
    ]
    assert main(["check", str(out)]) == 0
    capsys.readouterr()
    assert main(["show", "letters-1", "--corpus", str(out), "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["title"] == "A. Writer to B. Reader, 5 March 1850" and shown["sent_from"] == "Leipzig"
    # Again without --update: nothing is overwritten, and the exit status says something was skipped.
    assert main(["import", str(source), "--into", str(out)]) == 1
    assert "skipped letters-1.toml: written by an earlier import of letters.csv; --update rewrites it" in \
        capsys.readouterr().out
    assert main(["import", str(source), "--into", str(out), "--update"]) == 0


def test_dry_run_and_cannot_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "broken.xml"
    source.write_text("<TEI>\n<text></TEI>", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "tui", "import", str(source), "--into", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"readingroom: {source}:2:9: not well-formed XML (mismatched tag)\n"
    assert not (tmp_path / "out").exists()
    good = tmp_path / "one.csv"
    good.write_text("id,title\n1,One\n", encoding="utf-8")
    assert main(["import", str(good), "--into", str(tmp_path / "out"), "--dry-run"]) == 0
    assert "2 files would be written" in capsys.readouterr().out and not (tmp_path / "out").exists()
    assert main(["import", str(tmp_path / "missing.csv"), "--into", str(tmp_path / "out")]) == 2


async def test_the_imported_volume_opens_and_searches(tmp_path: Path, config_dir: Path) -> None:
    out = tmp_path / "frus"
    assert main(["import", str(sources() / "tei" / "frus1961-63v05.xml"), "--into", str(out)]) == 0
    app = make_app(out, tmp_path / "index", config_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash", *"tvardovsky frost", "enter")
        await wait_for(pilot, lambda: screen.record is not None, "the top result to open")
        assert screen.record is not None and screen.record.id == "frus1961-63v05-d237"
        assert "Memorandum of Conversation" in screen_text(app)


def test_import_loads_neither_textual_nor_rich(tmp_path: Path) -> None:
    code = ("import sys\nfrom tui.cli import main\n"
            f"main(['import', {str(REPO / 'corpus' / 'corpus.toml')!r}, '--into', {str(tmp_path / 'x')!r}, "
            "'--from', 'csv', '--dry-run'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.stdout.splitlines()[-1] == "[]", result.stdout + result.stderr
