"""Names as citations need them: people split into family and given names only when that is safe.

A name written "Family, Given" is split there. A name written in reading order is split
before its last word when it plainly is a Western personal name ("Joseph Stalin"), and
after its first when it begins with a common East Asian family name ("Kim Il Sung",
"Mao Zedong"). Organisations ("Department of State", "Embassy in the Soviet Union") and
anything else are kept whole, as written: a name is never split on a doubtful guess.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

SUFFIXES = frozenset({"Jr.", "Sr.", "Jr", "Sr", "II", "III", "IV"})
# Lower-case words a personal name may hold; any other lower-case word marks an organisation.
PARTICLES = frozenset({"von", "van", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin",
                       "ibn", "al", "el", "y", "ter", "zu", "dos", "das"})
_ORGANISATION_WORDS = """
academy administration agency archive archives army association bank board bureau cabinet central chancellery
church command commission committee company conference congress consulate corporation council court delegation
department directorate division embassy executive federation force forces foundation front government group
headquarters house institute intelligence legation league library mission ministry navy nations office
organization organisation parliament party politburo presidium press radio republic secretariat section senate
service services society soviet staff state states station tass union university
"""
ORGANISATION_WORDS = frozenset(_ORGANISATION_WORDS.split())
# Family names that come first in Chinese, Korean and Vietnamese names as usually romanised.
_EAST_ASIAN_FAMILIES = """
Kim Yi Ri Park Pak Choe Choi Jang Chang Jung Chung Kang Cho Yoon Yun Han Lim Im Shin Sin Ho Nguyen Tran Le
Pham Ngo Vo Mao Zhou Chou Chiang Jiang Deng Liu Zhu Chu Peng Lin Wang Zhang Chen Huang Zhao Wu Xu Sun Ma Gao
Guo He Luo Song Tang Kuo Sung Hu Yeh Ye Li Lu Pan Peng Wei Dong Tung Yang Yuan Zhang Cheng Tsai Hsu
"""
EAST_ASIAN_FAMILIES = frozenset(_EAST_ASIAN_FAMILIES.split())
_ACRONYM = re.compile(r"[A-Z][A-Z&.]{1,}")


@dataclass(frozen=True, slots=True)
class Name:
    """A name as written, and its parts where they are known."""

    text: str
    family: str | None = None
    given: str | None = None
    suffix: str | None = None
    organisation: bool = False

    @property
    def natural(self) -> str:
        """The name in reading order: "Nikita S. Khrushchev", "Kim Il Sung", "Department of State"."""
        if self.family is None or not self.given:
            return self.text
        if self.text.startswith(self.family + " "):  # family-first as written (Kim Il Sung)
            return self.text
        return " ".join(part for part in (self.given, self.family, self.suffix) if part)

    @property
    def inverted(self) -> str:
        """The name as a bibliography sorts it: "Khrushchev, Nikita S.", "Kim Il Sung"."""
        if self.family is None or not self.given or self.text.startswith(self.family + " "):
            return self.natural
        return ", ".join(part for part in (self.family, self.given, self.suffix) if part)

    @property
    def short(self) -> str:
        """The family name alone, for shortened notes; the whole name where none is known."""
        return self.family or self.text

    @property
    def split(self) -> bool:
        return self.family is not None and bool(self.given)


def is_organisation(text: str) -> bool:
    """Whether a name without a comma names a body rather than a person."""
    words = text.replace(",", " ").split()
    if not words or any(ch.isdigit() for ch in text):
        return bool(words)
    for word in words:
        bare = word.strip("().,;:'\"")
        if bare.lower() in ORGANISATION_WORDS or _ACRONYM.fullmatch(bare):
            return True
        if bare[:1].islower() and bare not in PARTICLES:
            return True
    return False


@functools.lru_cache(maxsize=8192)  # names recur across a corpus; a Name is immutable
def parse_name(text: str) -> Name:
    """A written name, split into its parts where that is safe (see the module's docstring)."""
    text = " ".join(text.split())
    parts = [part.strip() for part in text.split(",")]
    if len(parts) in (2, 3) and all(parts) and not is_organisation(parts[0]):
        suffix = parts[2] if len(parts) == 3 else None
        if suffix is None or suffix in SUFFIXES:
            return Name(text, parts[0], parts[1], suffix)
    if "," in text or is_organisation(text):
        return Name(text, organisation=is_organisation(text))
    words = text.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() or w in PARTICLES for w in words):
        return Name(text)
    if words[0] in EAST_ASIAN_FAMILIES and len(words) <= 3:
        return Name(text, words[0], " ".join(words[1:]))
    suffix = words[-1] if words[-1] in SUFFIXES else None
    if suffix:
        words = words[:-1]
    if len(words) < 2:
        return Name(text)
    first = len(words) - 1
    while first > 1 and words[first - 1] in PARTICLES:  # "Ludwig van Beethoven": family "van Beethoven"
        first -= 1
    return Name(text, " ".join(words[first:]), " ".join(words[:first]), suffix)


def natural_name(name: str) -> str:
    """ "Khrushchev, Nikita S." -> "Nikita S. Khrushchev"; other names stay as written."""
    return parse_name(name).natural


def join_names(names: tuple[str, ...] | list[str], *, short: bool = False) -> str:
    """ "A", "A and B", "A, B, and C" (Chicago's serial comma); family names alone when `short`."""
    shown = [parse_name(n).short if short else natural_name(n) for n in names]
    if len(shown) <= 2:
        return " and ".join(shown)
    return ", ".join(shown[:-1]) + ", and " + shown[-1]
