"""The command line: `readingroom [CORPUS]` opens the browser; subcommands work without a screen.

Headless subcommands import neither Textual nor the app, so they start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from tui import __version__

PROG = "readingroom"
INTERNAL_ERROR = 70  # EX_SOFTWARE: a fault of this program, never a verdict on the corpus
DEBUG_VARIABLE = "READINGROOM_DEBUG"


class CliError(Exception):
    """A reason the command cannot run: one line on stderr, exit status 2."""


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr and exit status 2."""

    subcommands: dict[str, OneLineParser]  # set by build_parser on the top-level parser

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """Add an argument, noting its option strings (see `operands_after_options`)."""
        action = super().add_argument(*args, **kwargs)
        self.__dict__.setdefault("options", {}).update(dict.fromkeys(action.option_strings, action))
        return action

    def operands_after_options(self, arguments: list[str]) -> list[str]:
        """`search -korea`: a word starting with "-" that is no option of this command is an
        operand (a query, an id), so it is moved after a "--", where argparse takes it as one."""
        options: dict[str, argparse.Action] = self.__dict__.get("options", {})
        kept: list[str] = []
        operands: list[str] = []
        rest = iter(arguments)
        for word in rest:
            if word == "--":
                operands += rest
                break
            name = word.partition("=")[0]
            # "--anything" stays an option (argparse names the unknown ones); "-word" only if it is one.
            if not (word.startswith("--") or (word.startswith("-") and name in options)):
                operands.append(word)
                continue
            kept.append(word)
            exact = name in options or not name.startswith("--")
            long = [name] if exact else [o for o in options if o.startswith(name)]
            action = options.get(long[0]) if len(long) == 1 else None  # argparse allows --lim for --limit
            if action is not None and action.nargs != 0 and "=" not in word:
                value = next(rest, None)
                if value is not None:
                    kept.append(value)
        return [*kept, "--", *operands] if operands else kept


Handler = Callable[[argparse.Namespace], int]


def _formats(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


def _corpus_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", metavar="CORPUS",
                        help="corpus folder (default: $READINGROOM_CORPUS, else the bundled corpus)")


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", metavar="DIR", help="index folder to use (default: $READINGROOM_INDEX, "
                        "else CORPUS/.readingroom if present, else the user's cache)")


def build_parser() -> OneLineParser:
    """Every subcommand, its arguments and its help."""
    parser = OneLineParser(
        prog=PROG,
        description="A keyboard-first reading room for archival document collections kept as TOML files.",
        epilog=f"Run '{PROG} COMMAND --help' for a command's options. With no command, opens the browser.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)

    browse = commands.add_parser("browse", help="open the browser (the default command)",
                                 description="Open the reading room on a corpus.")
    browse.add_argument("corpus", nargs="?", metavar="CORPUS", help="corpus folder")
    _index_option(browse)
    browse.add_argument("--secure", action="store_true", default=None,
                        help="secure mode: no shell, editor or other corpus; nothing written, lists and notes "
                             "kept for the session only "
                             "(also READINGROOM_SECURE=1)")
    browse.set_defaults(handler=_run("tui.cli.browse"))

    check = commands.add_parser("check", help="report every problem of a corpus (a linter for corpus authors)",
                                description="Read a whole corpus and report every problem as path:line:column: "
                                            "message. Exit status: 0 no problems, 1 problems, 2 cannot run.")
    check.add_argument("corpus_arg", nargs="?", metavar="CORPUS", help="corpus folder")
    _corpus_option(check)
    _formats(check)
    check.set_defaults(handler=_run("tui.cli.check"))

    show = commands.add_parser("show", help="show one record", description="Show one record by its id.")
    show.add_argument("id", metavar="ID", help="the record's id")
    _corpus_option(show)
    _index_option(show)
    _formats(show)
    show.set_defaults(handler=_run("tui.cli.show"))

    search = commands.add_parser("search", help="search a corpus from the command line",
                                 description="Search with the query language: words, \"phrases\", prefix*, OR, "
                                             "-word, NOT, (groups), field:word (title author recipient person "
                                             "place subject collection type id lang repository ref) and "
                                             "date:1950, date:1950-06..1951-03, date:..1950, date:1962.. "
                                             "Records whose notes match come after those whose text does; "
                                             "a query starting with note: searches the notes alone. "
                                             "Exit status: 0 (also with no results), 2 for a malformed query.")
    search.add_argument("query", nargs="?", metavar="QUERY", help="the query (quote it for the shell)")
    search.add_argument("--saved", metavar="NAME", help="run the search saved under NAME instead of a QUERY")
    search.add_argument("--save", metavar="NAME", help="save the query under NAME (replacing one of that name)")
    _corpus_option(search)
    _index_option(search)
    search.add_argument("--limit", type=int, default=20, help="results to show (default: 20)")
    search.add_argument("--all-words", action="store_true",
                        help="only records with every word (by default, where fewer than --limit have "
                             "them all, the list goes on with those that have some of them, best first)")
    search.add_argument("--rescan", action="store_true",
                        help="check every file's time, not just the folders' (finds files edited in place)")
    _formats(search)
    search.set_defaults(handler=_run("tui.cli.search"))

    index = commands.add_parser("index", help="build or update a corpus's search index ahead of time",
                                description="Build the search index (or read only what changed since). With "
                                            "--out, write it to DIR, e.g. beside a shared corpus on a server; "
                                            "commands then use it with --index DIR or READINGROOM_INDEX=DIR, "
                                            "and find CORPUS/.readingroom by themselves.")
    index.add_argument("corpus_arg", nargs="?", metavar="CORPUS", help="corpus folder")
    _corpus_option(index)
    index.add_argument("--out", metavar="DIR", help="index folder to write (default: the user's cache)")
    index.add_argument("--rebuild", action="store_true",
                       help="build the index afresh, replacing what the folder holds (also an index of "
                            "another corpus, which is otherwise refused)")
    index.set_defaults(handler=_run("tui.cli.index"))

    _cite_commands(commands)

    serve = commands.add_parser("serve", help="serve the browser to web browsers",
                                description="Serve Reading Room over HTTP: each browser tab gets its own app, "
                                            "in secure mode. No authentication: keep it on loopback or behind a "
                                            "proxy that has it.")
    serve.add_argument("corpus", nargs="?", metavar="CORPUS", help="corpus folder")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                       help="a host name browsers reach this server by, e.g. through a proxy (repeatable; "
                            "addresses and localhost are always allowed)")
    serve.add_argument("--max-apps", type=int, default=50, metavar="N",
                       help="browser tabs served at once, each its own app process of about 50 MB; "
                            "more are refused until one closes (default: 50)")
    _index_option(serve)
    serve.set_defaults(handler=_run("tui.cli.serve"))

    _trail_commands(commands)
    from tui.cli.import_cmd import add_parser  # argparse only: start-up stays fast

    add_parser(commands, _run("tui.cli.import_cmd"))
    from tui.cli import kwic, letters

    letters.add_parser(commands, _run("tui.cli.letters"))
    kwic.add_parser(commands, _run("tui.cli.kwic"))
    parser.subcommands = dict(commands.choices)
    return parser


def _trail_commands(commands: argparse._SubParsersAction[OneLineParser]) -> None:
    """The reading lists and notes, from the command line."""
    lists = commands.add_parser("lists", help="the reading lists and saved searches of a corpus",
                                description="Show every reading list (* marks the current one) and every "
                                            "saved search, and the folder they are kept in.")
    _corpus_option(lists)
    _formats(lists)
    lists.set_defaults(handler=_run("tui.cli.lists"))

    one = commands.add_parser("list", help="one reading list's records, in order",
                              description="Show a reading list's records in order: id, title, date, comment. "
                                          "A record no longer in the corpus is kept and shown as such.")
    one.add_argument("name", metavar="NAME", help="the list's name (case does not matter)")
    _corpus_option(one)
    _index_option(one)
    _formats(one)
    one.set_defaults(handler=_run("tui.cli.lists"))

    notes = commands.add_parser("notes", help="the reader's notes, newest first, or those a query finds",
                                description="Show every note, newest first, or those QUERY finds (words, "
                                            "\"phrases\", prefix*, OR, -word; folded as the search folds).")
    notes.add_argument("query", nargs="?", metavar="QUERY", help="words the notes must have")
    _corpus_option(notes)
    _index_option(notes)
    _formats(notes)
    notes.set_defaults(handler=_run("tui.cli.notes"))

    for verb, text in (("mark", "add records to a reading list (made if there is none of that name)"),
                       ("unmark", "take records off a reading list")):
        command = commands.add_parser(verb, help=text, description=text[0].upper() + text[1:] + ".")
        command.add_argument("name", metavar="NAME", help="the list's name")
        command.add_argument("ids", nargs="+", metavar="ID", help="record ids")
        if verb == "mark":
            command.add_argument("--comment", metavar="TEXT", help="a one-line comment for each record added")
        _corpus_option(command)
        _index_option(command)
        command.set_defaults(handler=_run("tui.cli.mark"))


def _cite_commands(commands: Any) -> None:
    from tui.cite import DATE_STYLES, STYLES
    from tui.export.formats import FORMATS

    def date_style(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--date-style", choices=DATE_STYLES, help="'month-first': October 8, 1950; "
                            "'day-first': 8 October 1950 (default: the settings' date_style, else month-first)")

    cite = commands.add_parser("cite", help="cite records in Chicago style or as CSL-JSON, biblatex or RIS",
                               description="Cite records by id. Styles: chicago (the full note), chicago-short "
                                           "(the shortened note), chicago-bib (the bibliography entry), csl-json, "
                                           "biblatex, ris. Exit status: 0, or 1 when an id is not found.")
    cite.add_argument("ids", nargs="+", metavar="ID", help="record ids")
    cite.add_argument("--style", choices=tuple(STYLES), default="chicago", help="citation style (default: chicago)")
    _corpus_option(cite)
    date_style(cite)
    cite.set_defaults(handler=_run("tui.cli.cite"))

    export = commands.add_parser("export", help="export the records a query matches (or all) for other programs",
                                 description="Stream every record a query matches, or all records when there is "
                                             "none, in corpus order: csl-json, biblatex, ris (reference managers), "
                                             "markdown (a Chicago note each), csv (a column per field), jsonl, "
                                             "cmif (the letters' metadata as TEI correspDesc, for correspSearch).")
    export.add_argument("query", nargs="?", metavar="QUERY", help="the query (quote it for the shell)")
    export.add_argument("--format", choices=FORMATS, required=True, help="output format")
    export.add_argument("--out", metavar="FILE", help="file to write (default: standard output)")
    export.add_argument("--list", metavar="NAME", help="a reading list's records, in its order, in place of a query")
    export.add_argument("--notes", action="store_true",
                        help="the reader's notes too: under each note (markdown), annote (csl-json), N1 (ris), "
                             "reader_notes (csv, jsonl)")
    _corpus_option(export)
    _index_option(export)
    date_style(export)
    export.set_defaults(handler=_run("tui.cli.export"))


def _run(module: str) -> Handler:
    """A handler that imports its command's module only when that command runs."""

    def handler(args: argparse.Namespace) -> int:
        import importlib

        return importlib.import_module(module).run(args)

    return handler


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not arguments or arguments[0] not in {*parser.subcommands, "-h", "--help", "--version"}:
        arguments.insert(0, "browse")  # `readingroom [CORPUS]` opens the browser
    if arguments[0] in parser.subcommands:  # an operand (a query, an id) may start with "-"
        arguments[1:] = parser.subcommands[arguments[0]].operands_after_options(arguments[1:])
    args = parser.parse_args(arguments)
    try:
        return args.handler(args)
    except CliError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader closed the pipe (| head): not an error worth a traceback.
        sys.stderr.close()
        return 0
    except Exception as error:  # a fault here, not in the corpus: never reported as a result
        return internal_error(error)


def internal_error(error: BaseException) -> int:
    """Say in one line that the program failed (the traceback with READINGROOM_DEBUG=1)."""
    if os.environ.get(DEBUG_VARIABLE, "").strip() not in ("", "0"):
        import traceback

        traceback.print_exception(error)
    else:
        from tui.model.text import visible

        what = visible(f"{type(error).__name__}: {error}", keep_layout=False)
        what = what if len(what) <= 300 else what[:300] + "…"
        print(f"{PROG}: internal error, so the command did not finish ({what}); this is a fault of "
              f"{PROG}, not of the corpus; {DEBUG_VARIABLE}=1 shows where", file=sys.stderr)
    return INTERNAL_ERROR
