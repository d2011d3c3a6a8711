"""The index's schema: which fields are searched, which group the tree, which are shown.

Text is folded (lower case, diacritics dropped) by one analyzer, registered
again by every process that opens the index; query words go through the
same analyzer, so `Gomulka` and `Gomułka` meet both ways.
"""

from __future__ import annotations

import tantivy

from tui.index.pairs import PAIR_FIELDS

# Bumped whenever what is indexed changes: an index of another format is rebuilt.
FORMAT = 9
# The sort value of an undated record: after every date (day 3,652,059, 31 December 9999, times
# 2**17, plus a day's seconds, is below 2**39). No higher: the engine packs a column in as few
# bits as its range needs, and a sentinel of 2**62 made the column twice as wide (3 MB more at
# 1,000,000 records, read by the tree).
UNDATED = 2**39
FOLD = "fold"
ID_FOLD = "id_fold"

# Searched text fields and how much a match in each weighs, for words with no field.
TEXT_FIELDS = {
    "title": 3.0,
    "person": 2.0,
    "summary": 1.5,
    "meta": 1.2,
    "body": 1.0,
}
# The query language's fields and the indexed field each searches.
FIELD_TEXT = {
    "title": "title",
    "author": "author",
    "recipient": "recipient",
    "person": "person",
    "place": "place",
    "subject": "subject",
    "collection": "collection",
    "type": "type",
    "repository": "repository",
    "ref": "ref",
}
# Raw (unfolded, untokenized) fast fields the tree groups by.
GROUP_FIELDS = ("type_raw", "collection_raw", "repository_raw", "ref_raw", "correspondent_raw", "folder_raw")
DATE_FIELDS = ("date_lo", "date_hi", "sort", "decade", "year", "month")


def fold_analyzer() -> tantivy.TextAnalyzer:
    """Words split at anything not a letter or digit, folded to ASCII, lower-cased."""
    # Folded before lower-casing: lower-cased first, a capital with a mark can become a letter
    # plus a combining mark that folding leaves in place (İstanbul: "i" and U+0307).
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def id_analyzer() -> tantivy.TextAnalyzer:
    """A whole id as one term, case and diacritics folded."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def build_schema() -> tantivy.Schema:
    """Every field of a record's document."""
    builder = tantivy.SchemaBuilder()
    # Identity and place in the corpus.
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("id_fold", tokenizer_name=ID_FOLD)
    builder.add_text_field("path", stored=True, tokenizer_name="raw")
    builder.add_text_field("folders", tokenizer_name="raw")  # every folder above: scopes aliases
    # Searched text; title, summary and body are stored for lists and snippets.
    for name in ("title", "summary", "body"):
        builder.add_text_field(name, stored=True, tokenizer_name=FOLD)
    # Stored too: typo tolerance reads matched documents' words to say what a typo matched.
    builder.add_text_field("meta", stored=True, tokenizer_name=FOLD)
    # Word pairs: each place one common word follows another, as one term (see pairs.py).
    for name in PAIR_FIELDS.values():
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="freq")
    for name in FIELD_TEXT:
        if name != "title":
            builder.add_text_field(name, stored=True, tokenizer_name=FOLD)
    builder.add_text_field("lang", tokenizer_name=ID_FOLD)
    # Dates: the days a date allows, and where the tree files it.
    for name in DATE_FIELDS:
        builder.add_integer_field(name, fast=True, indexed=True)
    for name in GROUP_FIELDS:
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    # The record's row in the ledger, which holds the card a list shows of it: reading cards
    # there keeps a tree of hundreds of records from paging in the stored bodies.
    builder.add_unsigned_field("key", fast=True)
    return builder.build()


def register(index: tantivy.Index) -> None:
    """Register the analyzers this schema names (each process must, before use)."""
    index.register_tokenizer(FOLD, fold_analyzer())
    index.register_tokenizer(ID_FOLD, id_analyzer())
