"""Word-pair terms: a phrase of two words, one of them common, as one term of the index.

A phrase such as "of the" makes the engine check the positions of both words in nearly every
record (70-85 ms at 100,000 records), and one such as "telegram from" in every record that has
both (64 ms at 1,000,000 records). As search engines do ("common grams"), each place in a
title, summary, body, person's name or the other metadata where one of the commonest words
meets another word is indexed once more as one term ("of_the", "telegram_from"), in a field of
its own with no positions; the phrase is then looked up as that one term, and finds exactly the
records the phrase finds. A large corpus's own commonest words count as common too (see
pair_words): "foreign affairs" in a quarter of a million records took 37 ms by positions. A
phrase of two rarer words is checked by positions: its rarer word keeps that short.

Both sides must split text into the same words in the same places: the pairs are made from the
index's own analyzer, minus its removal of overlong words (those keep their place in the
sequence, as they do in the engine's positions, so no pair is made across one).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import tantivy

# The commonest words of English, most frequent first: a pair with any of them is indexed.
_COMMON_TEXT = """
the of and to a in that is was he for it with as his on be at by this had not are but from or
have an they which one you were her all she there would their we him been has when who will
more no if out so said what up its about into than them can only other new some could time
these two may then do first any my now such like our over man me even most made after also did
many before must through back years where much your way well down should because each just
those people how too little state good very make world still own see men work long get here
between both life being under never day same another know while last might us great old year
"""
COMMON = frozenset(_COMMON_TEXT.split())
LONG = 60  # as in schema.fold_analyzer
SEPARATOR = "_"  # no word of the analyzer holds it, so no word can be taken for a pair
# The fields whose phrases cost most to check (long, or in most records), and the field that
# holds each one's pairs (see schema.build_schema). The people are short, but a phrase left to
# positions in one field makes the engine score the union of all five the slow way (a pair in
# most records at 1,000,000: 30 ms against 20).
PAIR_FIELDS = {name: f"{name}_pairs" for name in ("title", "summary", "meta", "body", "person")}


def _analyzer() -> tantivy.TextAnalyzer:
    """The index's word analyzer (see schema.fold_analyzer) keeping overlong words in place."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.lowercase())
        .build()
    )


class _Analyzers(threading.local):
    """One analyzer for each thread: the engine's can't be used by two at once."""

    def __init__(self) -> None:
        self.words = _analyzer()


_analyzers = _Analyzers()


def words_of(text: str) -> list[str]:
    """The words of `text` as the pairs are made of them."""
    words: list[str] = _analyzers.words.analyze(text)
    return words


@dataclass(frozen=True, slots=True)
class Pairs:
    """The pairs of one index: those with a word of English's commonest, or of its corpus's own
    (see pair_words; the index keeps them, as each record's pairs depend on them)."""

    common: frozenset[str] = COMMON

    @classmethod
    def with_words(cls, words: Iterable[str]) -> Pairs:
        """English's commonest words and these."""
        return cls(COMMON | frozenset(words))

    def terms(self, text: str) -> str:
        """Every pair of adjacent words of which one is common in `text`, as terms separated by spaces."""
        words = words_of(text)
        common = self.common
        # A word of LONG or more letters is never indexed (nor asked for): no pair holds one.
        return " ".join([a + SEPARATOR + b for a, b in itertools.pairwise(words)
                         if (a in common or b in common) and len(a) < LONG and len(b) < LONG])

    def terms_of(self, value: str | list[str]) -> str:
        """The pairs of a field's text, or of each of its values: none across two values, as the
        engine's positions put a gap between values."""
        if isinstance(value, str):
            return self.terms(value)
        return " ".join(terms for item in value if (terms := self.terms(item)))

    def term(self, words: Sequence[str]) -> str | None:
        """The single term of a phrase of two (folded) words, one of them common; None for any other."""
        if len(words) == 2 and (words[0] in self.common or words[1] in self.common):
            return words[0] + SEPARATOR + words[1]
        return None

    def phrase_query(self, schema: tantivy.Schema, field: str, words: Sequence[str]) -> tantivy.Query:
        """The phrase `words` in `field`: one pair term where the field has them, else positions."""
        term = self.term(words)
        if term is not None and field in PAIR_FIELDS:
            return tantivy.Query.term_query(schema, PAIR_FIELDS[field], term)
        return tantivy.Query.phrase_query(schema, field, list(words))
