"""Reading one TOML file: bytes to a table, or a problem saying where it broke."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli

from tui.model.files import NotRegular, read_regular
from tui.model.problems import Problem
from tui.model.text import visible
from tui.model.toml_limits import Kind, check_table, locate

BOM = "\ufeff"


@dataclass(slots=True)
class TomlText:
    """A decoded, parsed TOML file: its text (for locating keys) and its table."""

    text: str
    table: dict[str, Any]


def read_toml(path: Path, rel: str) -> TomlText | Problem:
    """Read, decode and parse `path`; any failure is a Problem naming line and column."""
    try:
        data = read_regular(path)
    except NotRegular as error:  # swapped for a pipe or a device since the walk
        return Problem(rel, None, None, None, str(error.strerror))
    except OSError as error:
        return Problem(rel, None, None, None, f"cannot read the file: {error.strerror or error}")
    return parse_toml_bytes(data, rel)


def parse_toml_bytes(data: bytes, rel: str) -> TomlText | Problem:
    """Decode UTF-8 (a byte order mark is skipped) and parse TOML."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return _not_utf8(data, rel, error)
    if text.startswith(BOM):
        text = text[1:]
    try:
        table = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        message = getattr(error, "msg", str(error))
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        return Problem(rel, line, column, None, f"not valid TOML: {visible(message, keep_layout=False)}")
    except RecursionError:  # the parser's own bounds: nesting past 400, a key of 1,000 parts
        return _beyond_limits(text, rel, "deep")
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        return _beyond_limits(text, rel, "integer")
    hazard = check_table(table)
    if hazard is not None:
        return _beyond_limits(text, rel, hazard)
    return TomlText(text, table)


def _beyond_limits(text: str, rel: str, kind: Kind) -> Problem:
    """A file that parsed (or nearly) but holds what no record may: say where."""
    hazard = locate(text, kind)
    return Problem(rel, hazard.line, hazard.column, None, hazard.message)


def _not_utf8(data: bytes, rel: str, error: UnicodeDecodeError) -> Problem:
    prefix = data[: error.start]
    line = prefix.count(b"\n") + 1
    line_bytes = prefix[prefix.rfind(b"\n") + 1 :]
    if line == 1 and line_bytes.startswith(BOM.encode()):
        line_bytes = line_bytes[3:]
    column = len(line_bytes.decode("utf-8", "replace")) + 1
    byte = data[error.start]
    return Problem(rel, line, column, None,
                   f"not valid UTF-8: byte 0x{byte:02x} can't be decoded; save the file as UTF-8")
