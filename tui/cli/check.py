"""`readingroom check`: every problem of a corpus, in the form editors jump to."""

from __future__ import annotations

import argparse
import sys

from tui.cli.common import one_corpus, print_json
from tui.model import CorpusScan, Problem


def run(args: argparse.Namespace) -> int:
    root = one_corpus(args.corpus_arg, args.corpus)
    scan = CorpusScan(root)
    problems: list[Problem] = list(scan.problems)
    for result in scan.results():
        problems += result.problems
    problems += scan.finish()
    problems.sort(key=Problem.sort_key)
    if args.format == "json":
        print_json({
            "corpus": str(root),
            "files": len(scan.files),
            "records": scan.records,
            "problems": [problem.to_json() for problem in problems],
        })
    else:
        out = sys.stdout
        for problem in problems:
            out.write(f"{problem}\n")
        out.write(summary(len(scan.files), scan.records, problems) + "\n")
    return 1 if problems else 0


def summary(files: int, records: int, problems: list[Problem]) -> str:
    """The last line of the text report."""
    loaded = f"{records} record{'s' * (records != 1)} loaded from {files} file{'s' * (files != 1)}"
    if not problems:
        return f"{loaded}; no problems"
    paths = len({problem.path for problem in problems})
    return f"{len(problems)} problem{'s' * (len(problems) != 1)} in {paths} file{'s' * (paths != 1)}; {loaded}"
