"""The document tree's data: groups with counts, and the records of a group, page by page.

Every level is one aggregation over the index, so a tree of 100,000
records opens at once and a branch is filled only when it is opened.
A tree narrowed to a search uses the same calls with the search's query.
"""

from __future__ import annotations

import calendar
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import tantivy

from tui.index.cards import Card
from tui.index.schema import UNDATED

Occur = tantivy.Occur
GROUPINGS = {
    "date": "Date",
    "collection": "Collection",
    "repository": "Repository",
    "type": "Type",
    "correspondent": "Correspondent",
    "folder": "Folder",
}
UNDATED_KEY = "undated"
NONE_LABEL = {"collection": "No collection", "repository": "No repository", "type": "No type",
              "correspondent": "No correspondent", "folder": "Corpus folder"}
MAX_BUCKETS = 65000
Key = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """A branch of the tree: its label, how many records it holds, and the path to it."""

    label: str
    count: int
    path: Key
    leaves: bool  # its children are records, not groups


class Browse:
    """Groups and records over one searcher."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher,
                 cards: Callable[[list[int]], list[Card | None]]) -> None:
        self.schema = schema
        self.searcher = searcher
        self.cards = cards

    # Queries

    def _term(self, field: str, value: object) -> tantivy.Query:
        if isinstance(value, int):
            return tantivy.Query.range_query(self.schema, field, tantivy.FieldType.Integer, value, value)
        return tantivy.Query.term_query(self.schema, field, str(value))

    def _filter(self, grouping: str, path: Key) -> list[tantivy.Query]:
        if grouping == "date":
            if path[:1] == (UNDATED_KEY,):
                return [tantivy.Query.range_query(self.schema, "sort", tantivy.FieldType.Integer, UNDATED, None)]
            return [self._term(field, value) for field, value in zip(("decade", "year", "month"), path, strict=False)]
        if grouping == "folder":
            return [self._term("folder_raw", path[-1])] if path and path[-1] is not None else []
        fields = {"collection": ("collection_raw",), "repository": ("repository_raw", "ref_raw"),
                  "type": ("type_raw",), "correspondent": ("correspondent_raw",)}[grouping]
        return [self._term(field, value) for field, value in zip(fields, path, strict=False)]

    def _combine(self, within: tantivy.Query | None, filters: Sequence[tantivy.Query]) -> tantivy.Query:
        clauses = [(Occur.Must, q) for q in ([within] if within is not None else []) + list(filters)]
        if not clauses:
            return tantivy.Query.all_query()
        return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def _counts(self, field: str, query: tantivy.Query) -> dict[Any, int]:  # keys: the engine's JSON values
        found = self.searcher.aggregate(query, {"g": {"terms": {"field": field, "size": MAX_BUCKETS}}})
        return {bucket["key"]: int(bucket["doc_count"]) for bucket in found["g"]["buckets"]}

    def count(self, within: tantivy.Query | None = None) -> int:
        return self.searcher.search(within or tantivy.Query.all_query(), 1, count=True).count or 0

    # Groups

    def groups(self, grouping: str, path: Key = (), within: tantivy.Query | None = None) -> list[Group]:
        """The branches under `path` in `grouping`, with counts, in reading order."""
        if grouping == "date":
            return self._date_groups(path, within)
        if grouping == "folder":
            return self._folder_groups(path, within)
        field = {"collection": ["collection_raw"], "repository": ["repository_raw", "ref_raw"],
                 "type": ["type_raw"], "correspondent": ["correspondent_raw"]}[grouping][len(path)]
        last_level = grouping != "repository" or len(path) == 1
        counts = self._counts(field, self._combine(within, self._filter(grouping, path)))
        ordered = sorted(counts.items(), key=lambda item: (item[0] == "", str(item[0]).casefold()))
        none = NONE_LABEL[grouping] if not path else "No reference"
        return [Group(str(value) or none, count, (*path, value), last_level) for value, count in ordered]

    def _date_groups(self, path: Key, within: tantivy.Query | None) -> list[Group]:
        query = self._combine(within, self._filter("date", path))
        field = ("decade", "year", "month")[len(path)]
        counts = self._counts(field, query)
        groups = []
        for value, count in sorted(counts.items(), key=lambda item: int(item[0])):
            value = int(value)
            if field == "decade":
                label = f"{value}s"
            elif field == "year":
                label = str(value)
            else:
                label = calendar.month_name[value] if value else "Month unknown"
            groups.append(Group(label, count, (*path, value), field == "month"))
        if not path:
            # Every dated record has a decade: the rest are undated. (Counted apart, they cost a
            # pass over a million records' dates, and 8 MB of the index's pages held in memory.)
            every = self.searcher.num_docs if within is None else self.count(within)
            undated = every - sum(counts.values())
            if undated:
                groups.append(Group("Undated", undated, (UNDATED_KEY,), True))
        return groups

    def _folder_groups(self, path: Key, within: tantivy.Query | None) -> list[Group]:
        """Folders as a tree: `path` is (folder,) or () for the root; records sit in their folder."""
        counts = self._counts("folder_raw", self._combine(within, []))
        here = str(path[-1]) if path else ""
        below: dict[str, int] = defaultdict(int)
        for folder, count in counts.items():
            folder = str(folder)
            if here and not folder.startswith(here + "/"):
                continue
            rest = folder[len(here) + 1:] if here else folder
            if not rest:
                continue
            child = (here + "/" if here else "") + rest.split("/", 1)[0]
            below[child] += count
        groups = [Group(name.rsplit("/", 1)[-1] + "/", count, (name,), False)
                  for name, count in sorted(below.items(), key=lambda item: item[0].casefold())]
        direct = counts.get(here, 0)
        if direct:
            groups.append(Group("Records here" if groups else "Records", direct, (*path, here) if path else (here,),
                                True))
        return groups

    # Records

    def records(self, grouping: str, path: Key, within: tantivy.Query | None = None, *,
                offset: int = 0, limit: int = 500) -> tuple[list[Card], int]:
        """The records of a leaf group in date order, one page at a time, and how many there are."""
        query = self._combine(within, self._filter(grouping, path))
        found = self.searcher.search(query, max(limit, 1), count=True, offset=offset, order_by_field="sort",
                                     order=tantivy.Order.Asc)
        keys = self.searcher.fast_field_values("key", [address for _sort, address in found.hits])
        return [card for card in self.cards(keys) if card is not None], found.count or 0



def dump(groups: list[Group]) -> str:
    """A compact text form of groups, for tests and debugging."""
    return json.dumps([(g.label, g.count) for g in groups], ensure_ascii=False)
