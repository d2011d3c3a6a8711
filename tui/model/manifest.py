"""The manifest `corpus.toml`: a folder's title, description, rights, aliases and related words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.model.discover import MANIFEST_NAME as MANIFEST_NAME  # named where discovery finds manifests
from tui.model.discover import FoundFile
from tui.model.problems import Problem

if TYPE_CHECKING:
    from tui.model.toml_file import TomlText

# Reading a manifest needs the TOML reader; holding one (as the index does) does not.

@dataclass(frozen=True, slots=True)
class Manifest:
    """What one `corpus.toml` says of the records below its folder.

    `folder` is relative to the corpus root ("" for the root itself).
    `aliases` maps a name to the other names it goes by, `related` a word to words of about the
    same meaning (they rank the records with some of a query's words: see tui.index.related).
    """

    folder: str
    title: str | None = None
    description: str | None = None
    rights: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The title, or the folder's name when the manifest gives none."""
        return self.title or self.folder.rsplit("/", 1)[-1] or "Corpus"


def read_manifest(path: Path, folder: str) -> tuple[Manifest | None, list[Problem]]:
    """Read the manifest of `folder`; bad keys are problems, the rest still holds."""
    from tui.model.toml_file import read_toml

    rel = f"{folder}/{MANIFEST_NAME}" if folder else MANIFEST_NAME
    parsed = read_toml(path, rel)
    if isinstance(parsed, Problem):
        return None, [parsed]
    return build_manifest(parsed, folder, rel)


def build_manifest(parsed: TomlText, folder: str, rel: str) -> tuple[Manifest, list[Problem]]:
    """Check a parsed manifest's keys."""
    from tui.model.locate import ROOT, scan_keys
    from tui.model.record import kind_of
    from tui.model.text import quote

    table = parsed.table
    problems: list[tuple[tuple[str, ...], str]] = []
    texts: dict[str, str | None] = {}
    for key in ("title", "description", "rights"):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            problems.append(((key,), f'{key} {quote(value)}: {kind_of(value)}, not a string; write {key} = "..."'))
            value = None
        texts[key] = value
    aliases = _lists_of_names(table.get("aliases"), problems, "aliases", "names",
                              '"Joseph Stalin" = ["Stalin", "Feng Xi"]')
    related = _lists_of_names(table.get("related"), problems, "related", "words",
                              '"armistice" = ["truce", "cease-fire"]')
    extra = {key: value for key, value in table.items()
             if key not in ("title", "description", "rights", "aliases", "related")}
    manifest = Manifest(folder, texts["title"], texts["description"], texts["rights"], aliases, related, extra)
    located: list[Problem] = []
    if problems:
        keys = scan_keys(parsed.text)
        for key_path, message in problems:
            line, column = keys.find(ROOT, key_path) or (None, None)
            located.append(Problem(rel, line, column, None, message))
    return manifest, located


def _lists_of_names(value: object, problems: list[tuple[tuple[str, ...], str]], table: str, what: str,
                    example: str) -> dict[str, tuple[str, ...]]:
    """A table such as [aliases]: each name or word, the others that stand for it."""
    from tui.model.record import kind_of
    from tui.model.text import quote

    if value is None:
        return {}
    advice = f"write [{table}] with lines such as {example}"
    if not isinstance(value, dict):
        problems.append(((table,), f"{table} {quote(value)}: {kind_of(value)}, not a table; {advice}"))
        return {}
    lists: dict[str, tuple[str, ...]] = {}
    for name, others in value.items():
        if isinstance(others, str):
            others = [others]
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            message = f"{table}.{quote(name)} {quote(others)}: not a list of {what}; {advice}"
            problems.append(((table, name), message))
            continue
        lists[name] = tuple(others)
    return lists


@dataclass(frozen=True, slots=True)
class AliasGroup:
    """Names (or words) that stand for one another, for records below `folder` ("" is everywhere)."""

    folder: str
    names: tuple[str, ...]


@dataclass(slots=True)
class Manifests:
    """Every manifest of a corpus by folder, and what follows from them for a path."""

    by_folder: dict[str, Manifest] = field(default_factory=dict)

    def above(self, path: str) -> list[Manifest]:
        """The manifests that hold for `path`, outermost first."""
        parts = path.split("/")[:-1]
        folders = [""] + ["/".join(parts[: i + 1]) for i in range(len(parts))]
        return [self.by_folder[f] for f in folders if f in self.by_folder]

    def rights(self, path: str) -> str | None:
        """The nearest manifest's rights statement for `path`."""
        for manifest in reversed(self.above(path)):
            if manifest.rights:
                return manifest.rights
        return None

    def parts(self, path: str) -> list[Manifest]:
        """The titled sub-corpora that hold `path` (the root manifest excluded), outermost first."""
        return [m for m in self.above(path) if m.folder]

    @property
    def title(self) -> str | None:
        root = self.by_folder.get("")
        return root.title if root else None

    def alias_groups(self) -> list[AliasGroup]:
        """Every alias group, each scoped to its manifest's folder."""
        return [AliasGroup(folder, (name, *others)) for folder, manifest in sorted(self.by_folder.items())
                for name, others in manifest.aliases.items()]

    def related_groups(self) -> list[AliasGroup]:
        """Every group of related words, each scoped to its manifest's folder."""
        return [AliasGroup(folder, (word, *others)) for folder, manifest in sorted(self.by_folder.items())
                for word, others in manifest.related.items()]


def read_manifests(found: Sequence[FoundFile]) -> tuple[Manifests, list[Problem]]:
    """Read every manifest; a broken one is a problem and the folder goes without."""
    manifests = Manifests()
    problems: list[Problem] = []
    for file in found:
        manifest, trouble = read_manifest(Path(file.path), file.folder)
        problems += trouble
        if manifest is not None:
            manifests.by_folder[file.folder] = manifest
    return manifests, problems
