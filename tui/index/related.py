"""Words of about the same meaning (related_words.txt): a reader's "truce" for a record's "armistice".

They only rank the records with some of a query's words (see plan.FILL_FIELDS), where a reader
describes a document in their own words; a query's meaning never changes by them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from tui.index.fold import fold

if TYPE_CHECKING:
    from tui.model.manifest import AliasGroup

VOWELS = frozenset("aeiou")


def inflections(word: str) -> set[str]:
    """An English word's plain form and the forms it may take: -s, -es, -ed, -ing, with a final
    e dropped, a y turned to ie and a last consonant doubled (scrap, scrapped)."""
    forms = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if len(word) > 2 and word.endswith("y") and word[-2] not in VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) > 2 and word[-1] not in VOWELS and word[-1] not in "wxy" and word[-2] in VOWELS:
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def phrase_forms(words: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """A word's or a phrase's forms, the phrase's last word inflected ("legal advisers")."""
    for last in sorted(inflections(words[-1])):
        yield (*words[:-1], last)


class RelatedWords:
    """Groups of words, each looked up by any form of any of its words, and each holding for the
    records below a folder ("" everywhere): the built-in ones, and those a manifest declares."""

    def __init__(self, groups: Sequence[tuple[str, Sequence[tuple[str, ...]]]]) -> None:
        self.groups = [(folder, list(members)) for folder, members in groups]
        self.by_form: dict[tuple[str, ...], list[int]] = {}
        for number, (_folder, members) in enumerate(self.groups):
            for words in members:
                for form in phrase_forms(words):
                    numbers = self.by_form.setdefault(form, [])
                    if number not in numbers:
                        numbers.append(number)

    @staticmethod
    def parse(text: str) -> list[tuple[str, list[tuple[str, ...]]]]:
        """Groups from lines of comma-separated words; `#` starts a comment."""
        groups = []
        for line in text.splitlines():
            group = [tuple(fold(entry)) for entry in line.split("#", 1)[0].split(",") if fold(entry)]
            if len(group) > 1:
                groups.append(("", group))
        return groups

    @classmethod
    def with_declared(cls, declared: Sequence[AliasGroup]) -> RelatedWords:
        """The built-in groups and those the manifests declare (see Manifests.related_groups)."""
        groups: list[tuple[str, Sequence[tuple[str, ...]]]] = [*built_in()]
        for group in declared:
            members = [tuple(fold(word)) for word in group.names if fold(word)]
            if len(members) > 1:
                groups.append((group.folder, members))
        return cls(groups)

    def of(self, words: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
        """The other words of every group holding any form of `words`, each in its plain form with
        the folder its group holds below. A word's own other forms are left out: they would be
        stemming, which measured no better (see the README)."""
        related: list[tuple[tuple[str, ...], str]] = []
        for number in self.by_form.get(words, []):
            folder, members = self.groups[number]
            for member in members:
                if words not in set(phrase_forms(member)) and (member, folder) not in related:
                    related.append((member, folder))
        return related


@cache
def built_in() -> tuple[tuple[str, list[tuple[str, ...]]], ...]:
    """The groups that come with Reading Room (related_words.txt)."""
    return tuple(RelatedWords.parse(files("tui.index").joinpath("related_words.txt").read_text("utf-8")))
