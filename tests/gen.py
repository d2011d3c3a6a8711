"""Deterministic generator of large test corpora in the record format.

    python -m tests.gen OUT_DIR --records N [--seed S] [--per-file K] [--markdown-share F] [--ocr]

`--ocr` garbles a word in twelve as a scanner's text recognition does (one character read
wrong), so that the corpus has millions of distinct words, most of them in one record only.

One seed gives the same bytes on every run: all randomness comes from one
`random.Random(seed)`, and files are produced in sorted path order.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from random import Random

from tests import gen_words as W

# ---------------------------------------------------------------- TOML writer

_ESC = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
        0x22: '\\"', 0x5C: "\\\\"}
_BASIC = {c: _ESC.get(c, f"\\u{c:04X}") for c in (*range(0x20), 0x22, 0x5C, 0x7F)}
# Multi-line strings keep newlines and tabs as they are and leave quotes alone.
_MULTI = {c: e for c, e in _BASIC.items() if c not in (0x09, 0x0A, 0x22)}
_BASIC_RE = re.compile(r'[\x00-\x1f"\\\x7f]')
_MULTI_RE = re.compile(r"[\x00-\x08\x0b-\x1f\\\x7f]")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_str(s: str) -> str:
    """A basic string; the regex test keeps the common case a plain copy."""
    return '"' + (s.translate(_BASIC) if _BASIC_RE.search(s) else s) + '"'


def toml_multiline(s: str) -> str:
    """A multi-line basic string that reads back exactly as `s`."""
    if _MULTI_RE.search(s):
        s = s.translate(_MULTI)
    core = s.rstrip('"')
    tail = len(s) - len(core)
    # A run of three quotes would close the string; so would quotes at the end.
    core = core.replace('"""', '""\\"')
    return '"""\n' + core + '\\"' * tail + '"""'


def toml_value(v: object) -> str:
    """Render str, int, bool, date, datetime or a list of those."""
    if isinstance(v, str):
        return toml_multiline(v) if "\n" in v else toml_str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, date):  # datetime too: isoformat is valid TOML for both
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(map(toml_value, v)) + "]"
    raise TypeError(f"no TOML form for {type(v).__name__}")


def toml_key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) else toml_str(k)


def toml_table(table: dict[str, object], prefix: str = "") -> str:
    """Keys first, sub-tables after: a key below a table header belongs to it."""
    lines = [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()
             if not isinstance(v, dict)]
    for k, v in table.items():
        if isinstance(v, dict):
            name = f"{prefix}.{toml_key(k)}" if prefix else toml_key(k)
            lines.append(f"\n[{name}]\n" + toml_table(v, name).rstrip("\n"))
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------- records


@dataclass(frozen=True)
class GeneratedCorpus:
    """What `generate` wrote, and facts about it that tests can rely on."""

    root: Path
    files: int  # every .toml file, manifests included
    records: int
    bytes: int
    collections: tuple[str, ...]  # collection folders, relative POSIX paths, sorted
    titles: tuple[str, ...]  # collection titles, in the order of `collections`
    sample_ids: dict[str, str]  # collection folder -> one id of a record in it
    related_id: str | None  # a record whose `related` is not empty
    aliases: dict[str, dict[str, tuple[str, ...]]]  # manifest folder ("" = root) -> groups


_SAID = ("said that", "noted that", "insisted that", "told us that", "replied that")
OCR_EVERY = 12  # one word in so many is misread in an --ocr corpus
_OCR_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789eeaaiioonnrrsstt"
_CLOSINGS = ("Yours sincerely,", "With comradely greetings,", "Respectfully,")


def _low(s: str) -> str:
    return s[:1].lower() + s[1:]


class _Writer:
    """Holds the word, sentence and name pools, and builds one record at a time."""

    def __init__(self, rng: Random, records: int, markdown_share: float, ocr: bool = False) -> None:
        self.rng = rng
        self.ocr = ocr
        self.n = records
        self.width = len(str(records))
        self.markdown_share = markdown_share
        vocab = W.build_vocabulary(rng)
        self.words = vocab[300:]  # rarer words for titles and code names
        # Bodies are joined from a pool of ready sentences: drawing every word
        # of 500 MB of text one by one would take minutes.
        self.sentences = W.build_sentences(rng, vocab, max(3000, min(40_000, records * 20)))
        self.avg = sum(map(len, self.sentences)) / len(self.sentences) + 1
        self.people = W.build_people(rng)
        self.translators = [p.name for p in self.people[len(W.FAMOUS):len(W.FAMOUS) + 30]]
        self.types = [t for t, _ in W.TYPES]
        self.type_cum = list(itertools.accumulate(w for _, w in W.TYPES))

    def rid(self, i: int) -> str:
        return f"gen-{i:0{self.width}d}"

    def name(self) -> str:
        p = self.rng.choice(self.people)
        return p.name if not p.variants or self.rng.random() < 0.5 else self.rng.choice(p.variants)

    def place(self) -> str:
        name, other = self.rng.choice(W.PLACES)
        return self.rng.choice(other) if other and self.rng.random() < 0.3 else name

    def record(self, i: int, titles: list[str], home: int, span: tuple[int, int]) -> dict[str, object]:
        """Record number `i` of a collection whose ids run over `span`."""
        rng = self.rng
        kind = rng.choices(self.types, cum_weights=self.type_cum)[0]
        when, day = W.make_date(rng)
        authors = [rng.choice(W.ORGANIZATIONS)] if rng.random() < 0.15 else [self.name()]
        if rng.random() < 0.1:
            authors.append(self.name())
        recipients = [self.name() for _ in range(rng.choice((0, 1, 1, 1, 2)))]
        people = list(dict.fromkeys(self.name() for _ in range(rng.randint(0, 6))))
        places = list(dict.fromkeys(self.place() for _ in range(rng.randint(1, 4))))
        to = recipients[0] if recipients else rng.choice(W.ORGANIZATIONS)
        title = {"Letter": f"Letter from {authors[0]} to {to}",
                 "Telegram": f"Telegram from {authors[0]} to {to}",
                 "Memorandum of Conversation": f"Memorandum of Conversation between {authors[0]} and {to}",
                 "Diary": f"Diary of {authors[0]}, {W.spelt(day)}",
                 "Minutes": f"Minutes of the Meeting of the {rng.choice(W.ORGANIZATIONS)}"}.get(
                     kind, f"{kind} on {rng.choice(W.SUBJECTS)}")
        if rng.random() < 0.03:
            title += f' ("Operation {rng.choice(self.words).capitalize()}")'
        rec: dict[str, object] = {"id": self.rid(i), "title": title}
        if when is not None:
            rec["date"] = when
        rec["type"] = kind
        if rng.random() < 0.6:
            rec["summary"] = " ".join(rng.choices(self.sentences, k=rng.randint(1, 2)))
        rec["authors"] = authors
        if recipients:
            rec["recipients"] = recipients
        if people:
            rec["people"] = people
        rec["places"] = places
        rec["subjects"] = rng.sample(W.SUBJECTS, rng.randint(1, 3))
        sets = [titles[home]]
        if len(titles) > 1 and rng.random() < 0.15:
            sets.append(rng.choice([t for t in titles if t != titles[home]]))
        rec["collections"] = sets
        r = rng.random()
        rec["language"] = "en" if r < 0.97 else rng.choice(W.LANGUAGES)
        if r < 0.12:
            rec["original_language"] = rng.choice(W.LANGUAGES)
            rec["translators"] = rng.sample(self.translators, rng.randint(1, 2))
        if self.n > 1 and rng.random() < 0.10:
            near = rng.random() < 0.5 and span[1] > span[0]
            lo, hi = span if near else (1, self.n)
            links = {rng.randint(lo, hi) for _ in range(rng.randint(1, 3))} - {i}
            if links:
                rec["related"] = [self.rid(j) for j in sorted(links)]
        for key, share, value in (("chapter", 0.10, W.CHAPTERS), ("box", 0.08, None),
                                  ("folder_note", 0.05, self.sentences), ("note", 0.03, self.sentences)):
            if rng.random() < share:
                rec[key] = rng.randint(1, 400) if value is None else rng.choice(value)
        names = authors + recipients + people
        if rng.random() < self.markdown_share:
            rec["body"] = self.markdown(title, names, places)
            rec["body_format"] = "markdown"
        else:
            rec["body"] = self.text(kind, day, authors[0], to, names, places)
        if rng.random() < 0.92:
            rec["source"] = self.source(i)
        return rec

    def source(self, i: int) -> dict[str, object]:
        rng = self.rng
        repo, ref = rng.choice(W.REPOSITORIES)
        a, b, c, d = rng.randint(1, 99), rng.randint(1, 30), rng.randint(100, 9999), rng.randint(1, 300)
        src: dict[str, object] = {"repository": repo}
        if rng.random() < 0.95:
            src["reference"] = ref.format(a=a, b=b, c=c, d=d, e=d + rng.randint(1, 9))
        if rng.random() < 0.2:
            src["pages"] = f"{d}–{d + rng.randint(1, 5)}"
        if rng.random() < 0.3:
            src["url"] = f"https://archive.example.org/document/{c}/{self.rid(i)}"
        if rng.random() < 0.25:
            src["rights"] = rng.choice(W.RIGHTS)
        if rng.random() < 0.05:
            src["microfilm"] = f"Reel {b}, frames {c}-{c + rng.randint(1, 20)}"
        if rng.random() < 0.4:
            src["uploaded"] = date(rng.randint(2005, 2023), rng.randint(1, 12), rng.randint(1, 28))
        return src

    def paragraphs(self, target: int, names: list[str], places: list[str], marks: bool) -> tuple[list[str], list[str]]:
        """Paragraphs of about `target` characters, and footnotes for them."""
        rng = self.rng
        sents = rng.choices(self.sentences, k=int(target / self.avg) + 12)
        notes: list[str] = []
        # A few sentences are edited in place: names, places, editorial insertions.
        for _ in range(rng.randint(2, 6)):
            j = rng.randrange(len(sents) - 6)
            s = sents[j]
            cut = s.find(" ", len(s) // 2)
            kind = rng.randrange(8 if marks else 2)
            if kind == 0 and names:
                s = f"{rng.choice(names)} {rng.choice(_SAID)} {_low(s)}"
            elif kind == 1:
                s = f"In {rng.choice(places)}, {_low(s)}"
            elif kind == 2 and cut > 0:
                s = s[:cut] + " [sic]" + s[cut:]
            elif kind == 3 and cut > 0:
                end = s.find(" ", cut + 1)
                s = s[:cut] + " [illegible]" + (s[end:] if end > 0 else ".")
            elif kind == 4 and cut > 0:
                s = s[:cut] + f" [{rng.choice(W.GLOSSES)}]" + s[cut:]
            elif kind == 5:
                s += f" [Handwritten: {_low(rng.choice(self.sentences))}]"
            elif kind in (6, 7):
                notes.append(f"[Footnote {len(notes) + 1}: {rng.choice(('Not printed.', rng.choice(self.sentences)))}]")
                s += f"[{len(notes)}]"
            sents[j] = s
        paras: list[str] = []
        size, at = sum(len(n) + 2 for n in notes), 0
        while size < target:
            if at + 8 > len(sents):
                sents += rng.choices(self.sentences, k=16)
            n = rng.randint(2, 7)
            p = " ".join(sents[at:at + n])
            at += n
            if self.ocr:
                p = self.garble(p)
            paras.append(p)
            size += len(p) + 2
        return paras, notes

    def garble(self, text: str) -> str:
        """`text` with a word in twelve misread: one of its characters replaced."""
        rng = self.rng
        words = text.split(" ")
        for j in rng.sample(range(len(words)), len(words) // OCR_EVERY):
            w = words[j]
            at = rng.randrange(len(w))
            words[j] = w[:at] + rng.choice(_OCR_CHARS) + w[at + 1:]
        return " ".join(words)

    def text(self, kind: str, day: date, author: str, to: str, names: list[str], places: list[str]) -> str:
        """A plain-text body: a frame that depends on the type, paragraphs, footnotes."""
        rng = self.rng
        where, when = rng.choice(places), W.spelt(day)
        if kind == "Telegram":
            head = [f"TELEGRAM\nFrom: {author}\nTo: {to}\nNo. {rng.randint(1, 3999)}, {when}",
                    rng.choice(("top secret", "secret priority", "confidential", "niact"))]
        elif kind == "Letter":
            head = [f"{to}\n{rng.choice(W.ROLES)}\n{where}", f"{where}, {when}", f"Dear {to},"]
        elif kind in ("Minutes", "Memorandum of Conversation"):
            head = [f"{where}, {when}", "Present:\n" + "\n".join(names[:6] or [author])]
        else:
            head = [f"{where}, {when}.", f"Subject: {rng.choice(W.SUBJECTS)}"]
        tail = [f"{rng.choice(_CLOSINGS)}\n{author}\n{rng.choice(W.ROLES)}"]
        if rng.random() < 0.01:  # exercises the writer's escapes in real files
            tail.append('[Transcriber: the stencil shows """ and \\\\ and a lone " in the margin.]')
        target = rng.randint(1100, 8400) - sum(map(len, head + tail))
        paras, notes = self.paragraphs(max(300, target), names, places, True)
        if kind == "Telegram" and rng.random() < 0.3:
            paras[0] = paras[0].upper()
        return "\n\n".join(head + paras + tail + notes) + "\n"

    def markdown(self, title: str, names: list[str], places: list[str]) -> str:
        """A CommonMark body: headings, emphasis and lists around paragraphs."""
        rng = self.rng
        paras, _ = self.paragraphs(rng.randint(1000, 6000), names, places, False)
        out = [f"# {title}"]
        for k, p in enumerate(paras):
            if k % 3 == 0:
                out.append(f"## {rng.choice(W.SUBJECTS)}")
            if k % 4 == 1:
                out.append("\n".join(f"- {s}" for s in rng.choices(self.sentences, k=3)))
            if k % 5 == 2:
                picks = rng.choices(names or places, k=2)
                out.append("\n".join(f"{n}. **{s}**" for n, s in enumerate(picks, 1)))
            # Emphasise the word a third of the way in, its punctuation left outside.
            a = p.find(" ", len(p) // 3)
            b = p.find(" ", a + 1)
            word = p[a + 1:b].rstrip(".,?")
            out.append(f"{p[:a]} *{word}*{p[a + 1 + len(word):]}" if 0 < a < b and word else p)
        return "\n\n".join(out) + "\n"


# -------------------------------------------------------------------- layout


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", W.fold(s).lower()).strip("-")


def generate(out: Path, records: int, *, seed: int = 0, per_file: int = 1,
             markdown_share: float = 0.02, ocr: bool = False) -> GeneratedCorpus:
    """Write a corpus of `records` records under `out` (missing or empty); `ocr` misreads words."""
    if records < 1 or per_file < 1 or not 0 <= markdown_share <= 1:
        raise ValueError("records and per_file must be >= 1, markdown_share in [0, 1]")
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder")
    rng = Random(seed)
    gen = _Writer(rng, records, markdown_share, ocr)

    # Collections: random sizes, every one non-empty; some sit one folder deeper.
    count = min(records, max(5, min(50, records // 2000)))
    cuts = [0, *sorted(rng.sample(range(1, records), count - 1)), records]
    themes = rng.sample(W.THEMES, count)
    titles, homes, folders = [], [], []  # folders: (parts, collection, size)
    for c, theme in enumerate(themes):
        y1 = rng.randint(1945, 1985)
        titles.append(f"{theme}, {y1}-{rng.randint(y1 + 1, 1991)}")
        name = f"c{c + 1:02d}-{_slug(theme)}"
        home = (rng.choice(("deposits", "series-a", "series-b")), name) if c % 4 == 1 else (name,)
        homes.append(home)
        size = cuts[c + 1] - cuts[c]
        boxes = rng.randint(1, 3) if c % 3 == 2 and size >= 4 else 0
        for b in range(boxes):
            folders.append(((*home, f"box-{b + 1:02d}"), c, size // (boxes + 1)))
        folders.append((home, c, size - boxes * (size // (boxes + 1))))

    # Alias groups: places and half of the people at the root, the rest spread out.
    aliases: dict[tuple[str, ...], dict[str, list[str]]] = {(): {}}
    aliases.update((h, {}) for h in homes)
    for p in gen.people:
        if p.variants:
            scope = () if rng.random() < 0.5 else homes[rng.randrange(count)]
            aliases[scope][p.name] = list(p.variants)
    aliases[()].update((n, list(v)) for n, v in W.PLACES if v)

    units: list[tuple[tuple[str, ...], object]] = [(("corpus.toml",), {
        "title": f"Generated reading-room corpus (seed {seed})",
        "description": f"{records} pseudo-English records in {count} collections, for tests and benchmarks.",
        "rights": W.RIGHTS[2], "aliases": aliases[()]})]
    for c, home in enumerate(homes):
        manifest = {"title": titles[c], "description": " ".join(rng.choices(gen.sentences, k=3)),
                    "rights": rng.choice(W.RIGHTS)}
        if aliases[home]:
            manifest["aliases"] = aliases[home]
        units.append(((*home, "corpus.toml"), manifest))
    # Ids follow the sorted folder order, so they also rise along the files.
    # A folder's own files sort after its sub-folders ("box-01" < "gen-..."),
    # hence the high sentinel in the key.
    spans: dict[int, tuple[int, int]] = {}
    first = 1
    for parts, c, size in sorted(folders, key=lambda f: (*f[0], "\uffff")):
        spans[c] = (spans[c][0] if c in spans else first, first + size - 1)
        for start in range(first, first + size, per_file):
            stop = min(start + per_file, first + size)
            name = f"{gen.rid(start)}.toml" if per_file == 1 else f"records-{start:0{gen.width}d}.toml"
            units.append(((*parts, name), (c, start, stop)))
        first += size

    written = nbytes = 0
    related_id: str | None = None
    made: set[Path] = set()
    for parts, what in sorted(units, key=lambda u: u[0]):
        path = out.joinpath(*parts)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        if isinstance(what, dict):
            text = toml_table(what)
        else:
            c, start, stop = what
            recs = [gen.record(i, titles, c, spans[c]) for i in range(start, stop)]
            if related_id is None:
                related_id = next((str(r["id"]) for r in recs if "related" in r), None)
            text = toml_table(recs[0]) if per_file == 1 else "\n".join(
                "[[record]]\n" + toml_table(r, "record") for r in recs)
        data = text.encode()
        path.write_bytes(data)
        written += 1
        nbytes += len(data)

    order = sorted(range(count), key=lambda c: homes[c])
    return GeneratedCorpus(
        root=out, files=written, records=records, bytes=nbytes,
        collections=tuple("/".join(homes[c]) for c in order),
        titles=tuple(titles[c] for c in order),
        sample_ids={"/".join(homes[c]): gen.rid(spans[c][0]) for c in order},
        related_id=related_id,
        aliases={"/".join(k): {n: tuple(v) for n, v in g.items()} for k, g in aliases.items()})


def main(argv: list[str] | None = None) -> int:
    """The command line: generate, then print a one-line summary."""
    ap = argparse.ArgumentParser(prog="python -m tests.gen", description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path, metavar="OUT_DIR")
    ap.add_argument("--records", type=int, required=True, metavar="N")
    ap.add_argument("--seed", type=int, default=0, metavar="S")
    ap.add_argument("--per-file", type=int, default=1, metavar="K")
    ap.add_argument("--markdown-share", type=float, default=0.02, metavar="F")
    ap.add_argument("--ocr", action="store_true",
                    help="misread a word in twelve, as text recognition does: millions of distinct words")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        res = generate(args.out, args.records, seed=args.seed, per_file=args.per_file,
                       markdown_share=args.markdown_share, ocr=args.ocr)
    except (FileExistsError, ValueError) as e:
        print(f"gen: {e}", file=sys.stderr)
        return 2
    secs = time.perf_counter() - t0
    print(f"{res.records} records, {res.files} files, {res.bytes / 1e6:.1f} MB, {secs:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
