"""From a parsed query to an engine query: fields and weights, aliases, prefixes, typos.

Words with no field search every text field, title and names weighing
most. A run of words that spells an alias name (`Jiang Jieshi`) also finds
the other names of its group, below the folder whose manifest declares
it. A prefix is expanded to the index's own most frequent words for the
ranking, with a constant-score clause that keeps every match. A word that
finds nothing or little also matches the index's words one edit away (two
from nine letters), ranked below exact matches, and the reader is told.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import tantivy

from tui.index.clauses import Clause, label_of, may_lack
from tui.index.fold import Alias, AliasIndex, fold, fold_whole, within
from tui.index.highlight import Highlight
from tui.index.pairs import PAIR_FIELDS, Pairs
from tui.index.query import And, DateRange, Node, Not, Or, Phrase, Word
from tui.index.related import RelatedWords, phrase_forms
from tui.index.schema import FIELD_TEXT, TEXT_FIELDS
from tui.index.scripts import base_letters, forms_pattern, has_other_script

Occur = tantivy.Occur
FUZZY_FROM = 5  # letters from which a typo is forgiven
FUZZY_TWO_FROM = 9  # letters from which two are
LITTLE = 3  # a word in fewer documents than this "finds little"
PREFIX_TERMS = 24  # words a prefix is expanded to for ranking
# Its other words, up to this many, are matched each as it is (the engine then reads only their
# own lists, not again those of the words ranked); past it, by a pattern.
PREFIX_LISTED = 2000
PREFIX_FLAT = 200  # of those, up to this many are each a term of the query, not one set of them
RANKED_OUT = 0.001  # the weight of a prefix's words past PREFIX_TERMS
# Words of one query expanded to the index's words (typos, prefixes ranked): each costs a scan
# of the term dictionary and, for a typo, reading a few documents. Past this, words are
# searched as typed, a prefix by its every match unranked, and the reader is told.
MAX_EXPANDED = 8
CORRECTION_WEIGHT = 0.4
# A word found in a title or among a record's people outranks one found only in other text: a
# constant far above what the text fields' scores for one word reach. (Their scores alone can't
# promise it: a short body beats a long title, and a field few records fill, like people, is
# scored down against an average length taken over every record.)
# A word (or pair of words) in the body of more than half the records names nothing ("of",
# "of the"): it earns no bonus, and its query stays a plain union of the fields' words, which
# the engine scores twice as fast (at 1,000,000 records, 12 ms against 26 ms for "of").
NAMED_BONUS = 1000.0
NAMED_FIELDS = ("title", "person")
# Where records with some of the words are shown (a reader's description of a document in their
# own words, mostly), those with every word come first: a constant far above what the words'
# scores reach, small enough that the engine's 32-bit scores still tell those records apart.
EVERY_WORD = 100_000.0
# The rest rank by the engine's score (BM25) of the words they hold, the rarer words weighing
# more, with these weights: the body counts as much as anything, and a title or the metadata half
# as much (titles like "Telegram From the Embassy in Korea" match many a description's words but
# tell little). A title or a name holding a word earns no bonus here. Measured against counting
# the words a record holds (rarer words weighing more or not), proximity of the query's words and
# English stemming, on tests/paraphrases.toml and tests/known_items.toml: see the README.
FILL_FIELDS = {
    "title": 0.5,
    "person": 1.0,
    "summary": 1.0,
    "meta": 0.5,
    "body": 1.0,
}
assert FILL_FIELDS.keys() == TEXT_FIELDS.keys()
# A word of the same group as the reader's (related_words.txt) counts this much of the reader's word.
RELATED_WEIGHT = 0.7
# A possessive's ending, which the analyzer would take for a word of its own (Khrushchev's is
# searched as Khrushchev, not as the phrase "khrushchev s").
POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
NAME_FIELDS = (None, "person", "author", "recipient")
UNMARKED = ("type", "collection", "repository", "ref")
FILTERS = (*UNMARKED, "id", "lang")


@dataclass(slots=True)
class Plan:
    """An engine query and what the reader should see of how it was read."""

    query: tantivy.Query
    scored: bool
    corrections: list[tuple[str, str]] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    phrases: set[tuple[str, ...]] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)
    # The query's words or groups (filters and phrases each count one), those a record may lack
    # when records with some of them are shown, and those it may never lack (filters, phrases).
    words: int = 0
    loose: list[Clause] = field(default_factory=list)
    held: list[Clause] = field(default_factory=list)

    @property
    def highlight(self) -> Highlight:
        """What to mark in a matching record's text."""
        return Highlight(frozenset(self.terms), tuple(sorted(self.prefixes)), tuple(sorted(self.phrases)))


class Part(NamedTuple):
    """One clause of an all-of query: how it occurs, how the reader wrote it, whether a record
    among those with some of the words may lack it (see `may_lack`), and the query those records
    are ranked by where it is more than the clause's own (see `Planner._with_related`)."""

    occur: tantivy.Occur
    query: tantivy.Query
    label: str
    loose: bool
    ranking: tantivy.Query | None = None


def _filters(node: Node) -> bool:
    """True for a word or phrase in a field that chooses records without ranking them."""
    return isinstance(node, Word | Phrase) and node.field in FILTERS


def _or(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])


def _word(text: str) -> list[str]:
    """A plain word's folded words, a possessive's ending dropped."""
    return fold(POSSESSIVE.sub("", text))


def _boost(query: tantivy.Query, weight: float) -> tantivy.Query:
    return query if weight == 1.0 else tantivy.Query.boost_query(query, weight)


class Planner:
    """Plans queries against one searcher (its words and counts) and the corpus's aliases."""

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher, aliases: AliasIndex,
                 pairs: Pairs, related: RelatedWords) -> None:
        self.schema = schema
        self.searcher = searcher
        self.aliases = aliases
        self.pairs = pairs
        self.related = related

    def plan(self, node: Node, *, partial: bool = False) -> Plan | None:
        """The engine query for `node`, or None when nothing in it can be searched for.

        `partial` asks for the records with some of the words of an all-words query, those with
        every word first, then the best of the rest (see FILL_FIELDS; None when the query has
        fewer than two words to choose from).
        """
        self._corrections: list[tuple[str, str]] = []
        self._terms: set[str] = set()
        self._prefixes: set[str] = set()
        self._phrases: set[tuple[str, ...]] = set()
        self._scored = False
        self._marking = True
        self._negated = 0
        self._expandable = MAX_EXPANDED
        self._notices: list[str] = []
        self._partial = partial
        words = 1
        loose: list[Clause] = []
        held: list[Clause] = []
        if isinstance(node, Not | Or):
            query = None if partial else self._node(node)
            words = int(isinstance(node, Or))
        else:
            clauses = self._clauses(node.items if isinstance(node, And) else [node])
            loose = [Clause(part.query, part.label) for part in clauses if part.loose]
            held = [Clause(part.query, part.label) for part in clauses if part.occur == Occur.Must and not part.loose]
            words = len(loose) + len(held)
            query = self._some_of(clauses) if partial else self._all_of(clauses)
        if query is None:
            return None
        if isinstance(node, Not):
            query = tantivy.Query.boolean_query([(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, query)])
        return Plan(query, self._scored, self._corrections, self._terms, self._prefixes, self._phrases,
                    self._notices, words, loose, held)

    # Nodes

    def _node(self, node: Node) -> tantivy.Query | None:
        if isinstance(node, And):
            return self._and(node.items)
        if isinstance(node, Or):
            parts = [q for q in (self._or_item(item) for item in node.items) if q is not None]
            return _or(parts) if parts else None
        if isinstance(node, Not):
            # The query of what `node` negates; its callers exclude it. When that is itself a
            # negation (NOT NOT x, -NOT x), its query must be "all but x".
            self._negated += 1
            try:
                query = self._node(node.item)
            finally:
                self._negated -= 1
            if query is not None and isinstance(node.item, Not):
                query = tantivy.Query.boolean_query([(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, query)])
            return query
        if isinstance(node, DateRange):
            return self._dates(node)
        return self._and([node])

    def _or_item(self, node: Node) -> tantivy.Query | None:
        if isinstance(node, Not):
            inner = self._node(node)
            if inner is None:
                return None
            return tantivy.Query.boolean_query([(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, inner)])
        return self._node(node)

    def _and(self, items: Sequence[Node]) -> tantivy.Query | None:
        return self._all_of(self._clauses(items))

    @staticmethod
    def _all_of(parts: Sequence[Part]) -> tantivy.Query | None:
        clauses = [(part.occur, part.query) for part in parts]
        if not clauses:
            return None
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.insert(0, (Occur.Must, tantivy.Query.all_query()))
        if len(clauses) == 1 and clauses[0][0] == Occur.Must:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    def _clauses(self, items: Sequence[Node]) -> list[Part]:
        """The clauses of an all-of query with how the reader wrote each, each marked True where a
        record among those with some of the words may lack it (see `may_lack`)."""
        clauses: list[Part] = []
        index = 0
        while index < len(items):
            item = items[index]
            if isinstance(item, Not):
                inner = self._node(item)
                if inner is not None:
                    clauses.append(Part(Occur.MustNot, inner, label_of(item.item), False))
                index += 1
                continue
            if isinstance(item, Word) and not item.prefix and item.field in NAME_FIELDS:
                end = index
                while (end < len(items) and isinstance(items[end], Word) and not items[end].prefix  # type: ignore[union-attr]
                       and items[end].field == item.field):  # type: ignore[union-attr]
                    end += 1
                loose = item.field is None
                clauses += [Part(Occur.Must, q, label, loose, ranking)
                            for q, label, ranking in self._words(items[index:end])]  # type: ignore[arg-type]
                index = end
                continue
            query = self._single(item)
            if query is not None:
                clauses.append(Part(Occur.Must, query, label_of(item), may_lack(item)))
            index += 1
        return clauses

    def _some_of(self, clauses: Sequence[Part]) -> tantivy.Query | None:
        """Records with at least one of the plain words, those with every one first, then the rest
        by the engine's score of the words they hold (see FILL_FIELDS); fields, phrases, dates and
        exclusions hold as before."""
        wanted = [part for part in clauses if part.loose]
        if len(wanted) < 2:
            return None
        every = tantivy.Query.boolean_query([(Occur.Must, part.query) for part in wanted])
        ranked = [part.query if part.ranking is None else part.ranking for part in wanted]
        some = _or([*ranked, tantivy.Query.const_score_query(every, EVERY_WORD)])
        rest = [(part.occur, part.query) for part in clauses if not part.loose]
        if any(part.ranking is not None for part in wanted):
            # Related words rank a record, never find one: it holds one of the reader's own words.
            own = _or([part.query for part in wanted])
            rest.append((Occur.Must, tantivy.Query.const_score_query(own, 0.0)))
        return tantivy.Query.boolean_query([(Occur.Must, some), *rest])

    def _single(self, node: Node) -> tantivy.Query | None:
        if _filters(node):
            # A record's type, collection, repository or reference, its id or its language
            # choose records but rank none: the results of a filter alone are in date order.
            scored = self._scored
            query = self._match(node)
            self._scored = scored
            return None if query is None else tantivy.Query.const_score_query(query, 0.0)
        return self._match(node)

    def _match(self, node: Node) -> tantivy.Query | None:
        if isinstance(node, Word):
            if node.field == "id":
                return self._id(node)
            if node.field == "lang":
                return self._lang(node)
            words = fold(node.text) if node.prefix or node.field is not None else _word(node.text)
            if not words:
                return None
            fields = self._fields(node.field)
            if node.prefix:
                return self._prefix(words, fields)
            if len(words) > 1:
                return self._phrase(words, fields)
            return self._term(words[0], fields, typed=node.text)
        if isinstance(node, Phrase):
            if node.field in ("id", "lang"):  # a whole value, quoted or not: `id:"a b"` is one id
                return self._match(Word(node.text, node.field, False, node.start))
            words = fold(node.text)
            if not words:
                return None
            matches = self.aliases.lookup(words) if node.field in NAME_FIELDS else []
            if matches:
                return self._alias(words, matches, self._fields(node.field))
            return self._phrase(words, self._fields(node.field))
        return self._node(node)

    def _words(self, run: Sequence[Word]) -> list[tuple[tantivy.Query, str, tantivy.Query | None]]:
        """Plain words in a row, with any alias name they spell taken as one; each with its label,
        and how it ranks where that differs (see `_with_related`)."""
        folded = [_word(word.text) if word.field is None else fold(word.text) for word in run]
        fields = self._fields(run[0].field)
        queries: list[tuple[tantivy.Query, str, tantivy.Query | None]] = []
        start = 0
        while start < len(run):
            for size in range(min(len(run) - start, max(self.aliases.longest, 1)), 0, -1):
                words = [w for part in folded[start:start + size] for w in part]
                matches = self.aliases.lookup(words) if words else []
                if matches:
                    label = label_of(Word(" ".join(w.text for w in run[start:start + size]), run[start].field))
                    queries.append((self._alias(words, matches, fields), label, None))
                    start += size
                    break
            else:
                query = self._single(run[start])
                if query is not None:
                    ranking = self._with_related(query, folded[start]) if run[start].field is None else None
                    queries.append((query, label_of(run[start]), ranking))
                start += 1
        return queries

    def _with_related(self, query: tantivy.Query, words: Sequence[str]) -> tantivy.Query | None:
        """Where records with some of the words are ranked, a word or the words of its group in
        related_words.txt, at RELATED_WEIGHT: a record scores for the better of the two."""
        if not self._partial or not words:
            return None
        fields = self._fields(None)
        alternatives = []
        for member, folder in self.related.of(tuple(words)):
            for form in phrase_forms(member):
                if all(any(self.searcher.doc_freq(f, word) for f in fields) for word in form):
                    alternatives.append(self._scoped(self._phrase(form, fields, named=False), folder))
        if not alternatives:
            return None
        related = _boost(tantivy.Query.disjunction_max_query(alternatives), RELATED_WEIGHT)
        return tantivy.Query.disjunction_max_query([query, related])

    # Building blocks

    def _fields(self, name: str | None) -> dict[str, float]:
        # A match on a record's type or archival reference is not marked in its text.
        self._marking = name not in UNMARKED
        if name is None:
            return FILL_FIELDS if self._partial else TEXT_FIELDS
        return {FIELD_TEXT[name]: 1.0}

    def _note(self, words: Sequence[str]) -> None:
        """A positive match on these words: the query ranks, and they are marked in texts."""
        if not self._negated:
            self._scored = True
            if self._marking:
                if len(words) == 1:
                    self._terms.update(words)
                elif words:
                    self._phrases.add(tuple(words))

    def _named(self, fields: dict[str, float], query_in: Callable[[str], tantivy.Query],
               words: Sequence[str] = ()) -> list[tantivy.Query]:
        """The bonus for a match in a title or among the people, when every field is searched (and
        every word is asked for: see FILL_FIELDS), unless `words` are in most records' bodies."""
        if not self._earns_bonus(fields) or (words and self._everywhere(words)):
            return []
        return [tantivy.Query.const_score_query(_or([query_in(f) for f in NAMED_FIELDS]), NAMED_BONUS)]

    def _earns_bonus(self, fields: dict[str, float]) -> bool:
        """Whether a match in a title or among the people earns NAMED_BONUS: when every field is
        searched and every word asked for (see FILL_FIELDS), and not in what is excluded."""
        return fields is TEXT_FIELDS and not self._negated

    def _everywhere(self, words: Sequence[str]) -> bool:
        """Whether the bodies of more than half the records hold this word, or this pair of words
        (see NAMED_BONUS); a phrase checked by positions is never counted."""
        term = words[0] if len(words) == 1 else self.pairs.term(words)
        if term is None:
            return False
        field = "body" if len(words) == 1 else PAIR_FIELDS["body"]
        return bool(2 * self.searcher.doc_freq(field, term) > self.searcher.num_docs)

    def _term(self, word: str, fields: dict[str, float], *, typed: str | None = None,
              named: bool = True) -> tantivy.Query:
        if has_other_script(word):
            return self._forms(word, fields, named=named)
        self._note([word])
        query = _or([_boost(tantivy.Query.term_query(self.schema, f, word), w) for f, w in fields.items()]
                    + (self._named(fields, lambda f: tantivy.Query.term_query(self.schema, f, word), [word])
                       if named else []))
        if typed is None or self._negated or len(word) < FUZZY_FROM or not word.isalpha():
            return query
        found = sum(self.searcher.doc_freq(f, word) for f in fields)
        if found >= LITTLE or not self._expand():
            return query
        distance = 2 if len(word) >= FUZZY_TWO_FROM else 1
        corrections = self._corrections_for(word, fields, distance)
        if not corrections and found:
            return query
        clauses = [query]
        for correction in corrections:
            self._corrections.append((typed, correction))
            self._terms.add(correction)
            clauses.append(_boost(_or([_boost(tantivy.Query.term_query(self.schema, f, correction), w)
                                       for f, w in fields.items()]), CORRECTION_WEIGHT))
        # Words one edit away that the sample below did not show still match, just below the rest.
        fuzzy = _or([tantivy.Query.fuzzy_term_query(self.schema, f, word, distance, True) for f in fields])
        clauses.append(tantivy.Query.const_score_query(fuzzy, 0.01))
        return _or(clauses)

    def _forms(self, word: str, fields: dict[str, float], *, named: bool) -> tantivy.Query:
        """A word of a script the index keeps accents in (Greek, Cyrillic…): every accented form of
        its base letters, the form typed ranking first."""
        self._note([base_letters(word)])
        pattern = forms_pattern(word)

        def any_form(name: str) -> tantivy.Query:
            return _or([tantivy.Query.term_query(self.schema, name, word),
                        tantivy.Query.regex_query(self.schema, name, pattern)])

        return _or([_boost(any_form(f), w) for f, w in fields.items()]
                   + (self._named(fields, any_form) if named else []))

    def _expand(self) -> bool:
        """Whether one more word may be expanded to the index's words (see MAX_EXPANDED)."""
        if self._expandable > 0:
            self._expandable -= 1
            return True
        notice = f"typos and prefixes looked up for the first {MAX_EXPANDED} such words only"
        if notice not in self._notices:
            self._notices.append(notice)
        return False

    def _corrections_for(self, word: str, fields: dict[str, float], distance: int) -> list[str]:
        """The index's own words near `word`, read from a few documents that have them."""
        fuzzy = _or([tantivy.Query.fuzzy_term_query(self.schema, f, word, distance, True) for f in fields])
        near: Counter[str] = Counter()
        for _score, address in self.searcher.search(fuzzy, 10, count=False).hits:
            stored = self.searcher.doc(address)
            seen: set[str] = set()
            for name in fields:
                for value in stored.get_all(name):
                    if isinstance(value, str):
                        seen.update(fold(value))
            for candidate in seen:
                if candidate != word and abs(len(candidate) - len(word)) <= distance and within(
                        candidate, word, distance):
                    near[candidate] += 1
        ranked = sorted(near, key=lambda c: -sum(self.searcher.doc_freq(f, c) for f in fields))
        return ranked[:3]

    def _phrase(self, words: Sequence[str], fields: dict[str, float], *, named: bool = True) -> tantivy.Query:
        if len(words) == 1:
            return self._term(words[0], fields, named=named)
        if any(has_other_script(word) for word in words):
            self._note([base_letters(word) for word in words])
            patterns = [forms_pattern(word) if has_other_script(word) else re.escape(word) for word in words]

            def phrase_in(name: str) -> tantivy.Query:
                return tantivy.Query.regex_phrase_query(self.schema, name, patterns)
        else:
            self._note(words)

            def phrase_in(name: str) -> tantivy.Query:
                return self.pairs.phrase_query(self.schema, name, words)  # a pair with a common word is one term

        return _or([_boost(phrase_in(f), w) for f, w in fields.items()]
                   + (self._named(fields, phrase_in, words) if named else []))

    def _prefix(self, words: Sequence[str], fields: dict[str, float]) -> tantivy.Query:
        stem = words[-1]
        if not self._negated:
            self._scored = True
            if self._marking:
                self._prefixes.add(stem)
                self._terms.update(words[:-1])
        if len(words) > 1:
            def phrase(name: str) -> tantivy.Query:
                return tantivy.Query.phrase_prefix_query(self.schema, name, list(words))

            return _or([_boost(phrase(f), w) for f, w in fields.items()] + self._named(fields, phrase))
        every_match = re.escape(stem) + ".*"
        if not self._expand():
            def every(name: str) -> tantivy.Query:
                return tantivy.Query.regex_query(self.schema, name, every_match)

            return _or([tantivy.Query.const_score_query(every(f), w) for f, w in fields.items()]
                       + self._named(fields, every))
        # One flat union of term queries (boosted), which the engine walks far faster than nested
        # unions or any clause of another kind (at 1,000,000 records, "sta*" took 17 ms against 24).
        clauses: list[tantivy.Query] = []
        others: list[tantivy.Query] = []
        named = self._earns_bonus(fields)
        for name, weight in fields.items():
            terms = [term for term, _count in
                     self.searcher.terms_with_prefix(name, stem, limit=PREFIX_TERMS + PREFIX_LISTED)]
            clauses += [_boost(tantivy.Query.term_query(self.schema, name, term), weight)
                        for term in terms[:PREFIX_TERMS]]
            rest = terms[PREFIX_TERMS:]
            # The rest match unranked (a score too small to change the order): each word as it
            # is where they are few, else all of them at once, or by the pattern past what is listed.
            listed = len(terms) < PREFIX_TERMS + PREFIX_LISTED
            if not listed:
                others.append(tantivy.Query.const_score_query(
                    tantivy.Query.regex_query(self.schema, name, every_match), RANKED_OUT))
            elif len(rest) <= PREFIX_FLAT:
                clauses += [_boost(tantivy.Query.term_query(self.schema, name, term), weight * RANKED_OUT)
                            for term in rest]
            else:
                others.append(tantivy.Query.const_score_query(
                    tantivy.Query.term_set_query(self.schema, name, rest), RANKED_OUT))
            if named and name in NAMED_FIELDS:
                # A title or a name holding a word with the prefix: the bonus as a weight, which keeps
                # the union flat (a constant would not), far above what the text fields reach.
                clauses += [_boost(tantivy.Query.term_query(self.schema, name, term), NAMED_BONUS)
                            for term in terms]
                if not listed:
                    others.append(tantivy.Query.const_score_query(
                        tantivy.Query.regex_query(self.schema, name, every_match), NAMED_BONUS))
        if not clauses and not others:
            return tantivy.Query.empty_query()
        return _or(clauses + others)

    def _alias(self, words: Sequence[str], matches: Sequence[Alias], fields: dict[str, float]) -> tantivy.Query:
        """The name as written, or any other name of its group below the group's folder."""
        # One bonus for the group, however many of its names a title or the people hold.
        clauses = [self._phrase(words, fields, named=False)]
        named: list[Callable[[str], tantivy.Query]] = [lambda f: self._name_query(f, words)]
        for alias in matches:
            for name in alias.names:
                if list(name) == list(words):
                    continue
                query = self._phrase(name, fields, named=False)
                clauses.append(self._scoped(query, alias.folder))

                def name_in(f: str, name: Sequence[str] = name, folder: str = alias.folder) -> tantivy.Query:
                    return self._scoped(self._name_query(f, name), folder)

                named.append(name_in)
        # A record holding several names of the group scores as for the best of them: a name that
        # has many counts once, as a word does.
        best = tantivy.Query.disjunction_max_query(clauses) if len(clauses) > 1 else clauses[0]
        return _or([best, *self._named(fields, lambda f: _or([query_in(f) for query_in in named]))])

    def _name_query(self, field: str, words: Sequence[str]) -> tantivy.Query:
        if len(words) == 1:
            return tantivy.Query.term_query(self.schema, field, words[0])
        return tantivy.Query.phrase_query(self.schema, field, list(words))

    def _scoped(self, query: tantivy.Query, folder: str) -> tantivy.Query:
        """`query` limited to the records below `folder` ("" is everywhere)."""
        if not folder:
            return query
        scope = tantivy.Query.term_query(self.schema, "folders", folder)
        return tantivy.Query.boolean_query([(Occur.Must, query), (Occur.Must, scope)])

    def _id(self, node: Word) -> tantivy.Query:
        value = fold_whole(node.text)
        if node.prefix:
            return tantivy.Query.regex_query(self.schema, "id_fold", re.escape(value) + ".*")
        return tantivy.Query.term_query(self.schema, "id_fold", value)

    def _lang(self, node: Word) -> tantivy.Query:
        value = re.escape(fold_whole(node.text))
        pattern = value + ".*" if node.prefix else value + "(-.*)?"  # lang:zh finds zh-Hant too
        return tantivy.Query.regex_query(self.schema, "lang", pattern)

    def _dates(self, node: DateRange) -> tantivy.Query:
        clauses = []
        if node.end is not None:
            clauses.append((Occur.Must, tantivy.Query.range_query(
                self.schema, "date_lo", tantivy.FieldType.Integer, None, node.end.toordinal())))
        if node.start is not None:
            clauses.append((Occur.Must, tantivy.Query.range_query(
                self.schema, "date_hi", tantivy.FieldType.Integer, node.start.toordinal(), None)))
        return tantivy.Query.boolean_query(clauses)
