"""Correspondence: who wrote to whom, asked of the index and the ledger, never of the records files.

A name stands for its whole alias group (below the folder whose manifest declares it), so the
letters of "Feng Xi" are Stalin's. The index finds the records naming any of the person's names
among authors or recipients (a phrase query on the folded name fields); the ledger's cards then
say exactly who wrote and who received each one, and the index's sort value gives its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import tantivy

from tui.index.cards import Card
from tui.index.fold import fold
from tui.index.schema import UNDATED
from tui.model.manifest import MANIFEST_NAME, Manifests, read_manifest

if TYPE_CHECKING:
    from tui.index.library import Library

_DAY_SECONDS = 1 << 17  # as tui.index.documents packs a day and its seconds into the sort value


def day_of(sort: int) -> dt.date | None:
    """The earliest day a record's date allows, from its sort value; None when undated."""
    if sort >= UNDATED or sort < _DAY_SECONDS:
        return None
    return dt.date.fromordinal(sort // _DAY_SECONDS)


def name_key(name: str) -> tuple[str, ...]:
    """A name as the index folds it: "Kim Il-sung" and "kim il sung" are one name."""
    return tuple(fold(name))


@dataclass(frozen=True, slots=True)
class Correspondent:
    """Someone a person wrote to or heard from, as the manifests' main name."""

    name: str
    sent: int  # letters the person wrote to them
    received: int  # letters the person had from them
    first: str | None  # the display date of the earliest dated letter between them
    last: str | None
    first_day: dt.date | None
    last_day: dt.date | None
    organisation: bool = False

    @property
    def total(self) -> int:
        return self.sent + self.received


@dataclass(frozen=True, slots=True)
class Letter:
    """One letter of an exchange: its card, which way it went, and the time since the previous one."""

    card: Card
    outgoing: bool  # True: from the exchange's person to the other (→); False: ← back
    day: dt.date | None
    gap_days: int | None  # days since the previous dated letter of the exchange

    @property
    def arrow(self) -> str:
        return "→" if self.outgoing else "←"


@dataclass(slots=True)
class Exchange:
    """The letters between two correspondents, in date order (undated last), both ways."""

    person: str
    other: str
    letters: list[Letter] = field(default_factory=list)

    def position(self, record_id: str) -> int | None:
        """The index in `letters` of the record with this id, or None when it is not of the exchange."""
        return next((i for i, letter in enumerate(self.letters) if letter.card.id == record_id), None)

    def next(self, record_id: str) -> Letter | None:
        where = self.position(record_id)
        return self.letters[where + 1] if where is not None and where + 1 < len(self.letters) else None

    def previous(self, record_id: str) -> Letter | None:
        where = self.position(record_id)
        return self.letters[where - 1] if where else None

    def label(self, record_id: str) -> str | None:
        """"letter 4 of 17 between Joseph Stalin and Kim Il Sung", or None."""
        where = self.position(record_id)
        if where is None:
            return None
        return f"letter {where + 1} of {len(self.letters)} between {self.person} and {self.other}"

    def years(self) -> dict[int, int]:
        """How many letters of the exchange fall in each year (for the timeline), undated left out."""
        counts: dict[int, int] = {}
        for letter in self.letters:
            if letter.day is not None:
                counts[letter.day.year] = counts.get(letter.day.year, 0) + 1
        return dict(sorted(counts.items()))

    @property
    def sent(self) -> int:
        return sum(letter.outgoing for letter in self.letters)

    @property
    def received(self) -> int:
        return len(self.letters) - self.sent


@dataclass(frozen=True, slots=True)
class _Row:
    card: Card
    sort: int


class Correspondence:
    """Correspondents and exchanges over a library's index as it is now."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.manifests = full_manifests(library.corpus, library.manifests)
        # (folder, folded name) -> the group's main name, per manifest folder.
        self._groups: dict[str, dict[tuple[str, ...], str]] = {}
        for group in self.manifests.alias_groups():
            names = self._groups.setdefault(group.folder, {})
            for name in group.names:
                names.setdefault(name_key(name), group.names[0])
        self.organisations: set[tuple[str, ...]] = {
            name_key(name) for manifest in self.manifests.by_folder.values()
            for name in _strings(manifest.extra.get("organisations"))}

    # Names

    def canonical(self, name: str, path: str = "") -> str:
        """The main name of `name`'s alias group for a record at `path` (the innermost manifest
        that names it wins); the name itself when no manifest does."""
        key = name_key(name)
        for folder in reversed(_folders(path)):
            found = self._groups.get(folder, {}).get(key)
            if found is not None:
                return found
        return name.strip()

    def resolve(self, name: str) -> str:
        """The main name a reader means by `name`: that of the outermost alias group naming it
        (the corpus's own before a part's), else the name itself."""
        key = name_key(name)
        for folder in sorted(self._groups, key=lambda f: (f.count("/"), f) if f else (-1, "")):
            found = self._groups[folder].get(key)
            if found is not None:
                return found
        return name.strip()

    def _variants(self, name: str) -> set[tuple[str, ...]]:
        """Every folded name that may stand for `name` somewhere in the corpus."""
        key = name_key(name)
        variants = {key}
        for group in self.manifests.alias_groups():
            keys = {name_key(n) for n in group.names}
            if key in keys:
                variants |= keys
        return {v for v in variants if v}

    def _is(self, name: str, wanted: str, path: str) -> bool:
        """True when `name`, on a record at `path`, is the person whose main name is `wanted`."""
        return name_key(self.canonical(name, path)) == name_key(wanted)

    # Queries

    def _rows(self, names: Iterable[tuple[str, ...]]) -> list[_Row]:
        """Every record naming one of these folded names among its authors or recipients, by date."""
        schema = self.library.index.schema
        clauses = []
        for words in names:
            for field_name in ("author", "recipient"):
                query = (tantivy.Query.term_query(schema, field_name, words[0]) if len(words) == 1
                         else tantivy.Query.phrase_query(schema, field_name, list(words)))
                clauses.append((tantivy.Occur.Should, query))
        if not clauses:
            return []
        query = tantivy.Query.boolean_query(clauses)
        searcher = self.library.searcher()
        total = searcher.search(query, 1, count=True).count or 0
        if not total:
            return []
        found = searcher.search(query, total, order_by_field="sort", order=tantivy.Order.Asc)
        addresses = [address for _sort, address in found.hits]
        keys = searcher.fast_field_values("key", addresses)
        sorts = searcher.fast_field_values("sort", addresses)
        cards = self.library.cards([int(k or 0) for k in keys])
        rows = [_Row(card, int(sort if sort is not None else UNDATED))
                for card, sort in zip(cards, sorts, strict=True) if card is not None]
        rows.sort(key=lambda row: (row.sort, row.card.id))
        return rows

    def correspondents(self, name: str) -> list[Correspondent]:
        """Everyone `name` wrote to or heard from, most letters first (then by name)."""
        name = self.resolve(name)
        tallies: dict[str, list[int]] = {}  # main name -> [sent, received]
        spans: dict[str, list[_Row]] = {}  # main name -> [earliest, latest] dated letter
        for row in self._rows(self._variants(name)):
            card = row.card
            wrote = any(self._is(a, name, card.path) for a in card.authors)
            heard = any(self._is(r, name, card.path) for r in card.recipients)
            others: dict[str, int] = {}
            if wrote:
                for recipient in card.recipients:
                    if not self._is(recipient, name, card.path):
                        others[self.canonical(recipient, card.path)] = 0
            if heard:
                for author in card.authors:
                    if not self._is(author, name, card.path):
                        others.setdefault(self.canonical(author, card.path), 1)
            for other, way in others.items():
                tallies.setdefault(other, [0, 0])[way] += 1
                if row.sort < UNDATED:  # rows come in date order: the first seen is the earliest
                    spans.setdefault(other, [row, row])[1] = row
        people = []
        for other, (sent, received) in tallies.items():
            dated = spans.get(other) or []
            first, last = (dated[0], dated[-1]) if dated else (None, None)
            people.append(Correspondent(
                other, sent, received, first.card.date if first else None, last.card.date if last else None,
                day_of(first.sort) if first else None, day_of(last.sort) if last else None,
                name_key(other) in self.organisations))
        people.sort(key=lambda c: (-c.total, c.name.casefold()))
        return people

    def exchange(self, person: str, other: str) -> Exchange:
        """The letters between `person` and `other`, both ways, in date order."""
        person, other = self.resolve(person), self.resolve(other)
        letters: list[Letter] = []
        previous: dt.date | None = None
        for row in self._rows(self._variants(person)):
            card = row.card
            outgoing = (any(self._is(a, person, card.path) for a in card.authors)
                        and any(self._is(r, other, card.path) for r in card.recipients))
            incoming = (any(self._is(a, other, card.path) for a in card.authors)
                        and any(self._is(r, person, card.path) for r in card.recipients))
            if not (outgoing or incoming):
                continue
            day = day_of(row.sort)
            gap = (day - previous).days if day is not None and previous is not None else None
            letters.append(Letter(card, outgoing, day, gap))
            previous = day or previous
        return Exchange(person, other, letters)

    def exchange_of(self, record_id: str) -> list[Exchange]:
        """The exchanges a record belongs to: one for each (author, recipient) pair it names."""
        card = self.library.card(record_id)
        if card is None:
            return []
        pairs = dict.fromkeys((self.canonical(a, card.path), self.canonical(r, card.path))
                              for a in card.authors for r in card.recipients)
        return [self.exchange(a, r) for a, r in pairs if name_key(a) != name_key(r)]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _folders(path: str) -> list[str]:
    """"" and every folder above `path`, outermost first."""
    parts = path.split("/")[:-1]
    return ["", *("/".join(parts[: i + 1]) for i in range(len(parts)))]


def full_manifests(corpus: Path, known: Manifests) -> Manifests:
    """The manifests with their extra keys (`organisations`, `[identifiers]`), which the ledger
    does not keep: read again from the few `corpus.toml` files it lists."""
    full = Manifests()
    for folder, manifest in known.by_folder.items():
        path = corpus / folder / MANIFEST_NAME if folder else corpus / MANIFEST_NAME
        read, _problems = read_manifest(path, folder) if path.is_file() else (None, [])
        full.by_folder[folder] = read if read is not None else manifest
    return full

