"""A corpus's own common words, chosen from a sample of its files when its index is first built.

A phrase of two words that are each in a large share of the records ("foreign affairs", "not
printed" in FRUS) makes the engine check positions in every record holding both: 37 ms at
1,000,000 records. Such words join English's commonest (see pairs.py), so that every phrase with
one of them is one term of the index. The choice is made once, from a sample, and kept with the
index: each record's pairs depend on it, so it holds for the records indexed later too, until
the index is built afresh (`readingroom index --rebuild`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from tui.index.pairs import COMMON, LONG, words_of
from tui.model.discover import FoundFile
from tui.model.parse import parse_records_file

SAMPLE_FILES = 256  # files read, spread evenly over the corpus in path order
SAMPLE_RECORDS = 200  # a smaller sample chooses none: its shares say little, and its corpus is small
# A word in more than this share of the sample's bodies is common. A phrase of two rarer words
# is checked by positions in at most this share of the records (at 1,000,000 records, about
# 12 ms for a fifth).
SHARE = 0.2
MOST = 256  # words at most, the most frequent first: each adds pairs to every record holding it


def sample(files: Sequence[FoundFile]) -> list[FoundFile]:
    """At most SAMPLE_FILES of `files`, spread evenly over them."""
    if len(files) <= SAMPLE_FILES:
        return list(files)
    return [files[n * len(files) // SAMPLE_FILES] for n in range(SAMPLE_FILES)]


def common_words(bodies: Sequence[str]) -> list[str]:
    """The words in more than SHARE of these bodies that are not already common, most frequent
    first (ties alphabetically); none for fewer than SAMPLE_RECORDS bodies."""
    if len(bodies) < SAMPLE_RECORDS:
        return []
    holding: Counter[str] = Counter()
    for body in bodies:
        holding.update({word for word in words_of(body) if len(word) < LONG})
    least = SHARE * len(bodies)
    chosen = sorted((word for word, count in holding.items() if count > least and word not in COMMON),
                    key=lambda word: (-holding[word], word))
    return chosen[:MOST]


def corpus_words(files: Sequence[FoundFile]) -> list[str]:
    """The common words of the corpus whose files these are, from a sample of them."""
    bodies = [record.body for file in sample(files)
              for record in parse_records_file(Path(file.path), file.rel).records]
    return common_words(bodies)
