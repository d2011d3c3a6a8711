"""Whether the engine's files are as the last writer left them, checked before the engine reads them.

The engine trusts its files: random bytes in a segment give wrong answers or a Rust panic at
search time, and a `meta.json` that lists fewer segments silently drops records. So the ledger
keeps each engine file's size and modification time as the writer left them (a few dozen
`stat` calls to compare at open); where they differ, the checksums the engine writes at the end
of each segment file (a CRC-32 of the rest) are verified, which reads every byte once.
"""

from __future__ import annotations

import json
import os
import struct
import zlib
from pathlib import Path

FOOTER_MAGIC = 1337  # the engine's footer: JSON {"version": …, "crc": n}, its length (u32), this (u32)
CHUNK = 1 << 20


class Damaged(Exception):
    """An engine file that is missing, cut short or changed; the message names it."""


def engine_files(text: Path) -> list[str]:
    """`meta.json` and the files of every segment it lists (its deletes as of now), sorted."""
    segments = _segments(text)
    names = ["meta.json"] if (text / "meta.json").exists() else []
    with os.scandir(text) as entries:
        for entry in entries:
            segment, _dot, rest = entry.name.partition(".")
            if segment in segments and ("." not in rest or rest == segments[segment]):
                names.append(entry.name)
    return sorted(names)


def fingerprint(text: Path) -> str:
    """Every engine file's size and modification time (its own lock and bookkeeping files aside),
    as JSON to keep in the ledger. Files a merge has left for the engine to delete count too: a
    writer notes this after its merges, and a reader only compares it, so reading meta.json is
    left to `verify`."""
    states = {}
    with os.scandir(text) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                state = entry.stat()
                states[entry.name] = [state.st_size, state.st_mtime_ns]
    return json.dumps(states, sort_keys=True)


def verify(text: Path) -> None:
    """Check every segment file against its checksum; raise Damaged naming the first that fails."""
    segments = set(_segments(text))
    found = {name.partition(".")[0] for name in engine_files(text) if name != "meta.json"}
    if missing := segments - found:
        raise Damaged(f"segment {sorted(missing)[0]} is missing")
    for name in engine_files(text):
        if name != "meta.json":
            _check(text / name)


def _segments(text: Path) -> dict[str, str]:
    """Each segment's file name stem, and the name of its deletes file after the stem ("" none)."""
    try:
        meta = json.loads((text / "meta.json").read_bytes())
        segments = {}
        for segment in meta["segments"]:
            deletes = segment.get("deletes")
            segments[str(segment["segment_id"]).replace("-", "")] = f"{deletes['opstamp']}.del" if deletes else ""
        return segments
    except FileNotFoundError:
        return {}  # an index no writer has committed to yet
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as error:
        raise Damaged(f"meta.json can't be read ({type(error).__name__})") from error


def _check(path: Path) -> None:
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size < 8:
                raise Damaged(f"{path.name} is cut short")
            stream.seek(size - 8)
            length, magic = struct.unpack("<II", stream.read(8))
            if magic != FOOTER_MAGIC or length > size - 8:
                raise Damaged(f"{path.name} has no checksum (cut short or overwritten)")
            stream.seek(size - 8 - length)
            try:
                expected = int(json.loads(stream.read(length))["crc"])
            except (ValueError, TypeError, KeyError) as error:
                raise Damaged(f"{path.name} has no checksum (cut short or overwritten)") from error
            stream.seek(0)
            crc, left = 0, size - 8 - length
            while left > 0:
                chunk = stream.read(min(CHUNK, left))
                if not chunk:
                    raise Damaged(f"{path.name} is cut short")
                crc = zlib.crc32(chunk, crc)
                left -= len(chunk)
    except OSError as error:
        raise Damaged(f"{path.name} can't be read ({error.strerror or error})") from error
    if crc != expected:
        raise Damaged(f"{path.name} does not match its checksum")


def engine_failure(error: BaseException) -> bool:
    """True for the engine's own failures on a damaged index: an error it raises, or a Rust panic
    (pyo3's PanicException, a BaseException that names no importable class)."""
    return isinstance(error, ValueError | OSError) or type(error).__name__ == "PanicException"


def one_line(error: BaseException) -> str:
    """An engine's message, on one line and not too long."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:159] + "…"
