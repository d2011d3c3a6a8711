"""Word lists, pools and dates for the corpus generator in tests/gen.py.

Everything random here takes a `random.Random` from the caller, so one seed
fixes the whole corpus.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

# Real words first so that the top Zipf ranks read like English.
_FUNCTION_TEXT = """
the of and to a in that is was he for it with as his on be at by this had not
are but from or have an they which one you were her all she there would their
we him been has when who will more no if out so said what up its about into
than them can only other new some could time these two may then do first any my
now such like our over man me even most made after also did many before must
through back years where much your way well down should because each just those
people how too little state good very make world still own see men work long
get here between both life being under never day same another know while last
might us great old year off come since against go came right used take three
himself few house use during without again place around however home small
found thought went say part once general high upon school every does got united
left number course war until always away something fact though water less
public put think almost hand enough far took head yet government system better
set told nothing night end why called didn't eyes find going look asked later
knew point next program city business give group toward young days let room
president side social given present several order national possible rather
second face per among form important often things looked early white case
become large big need four within felt along children saw best church ever least
power development light thought seemed family interest want members others
mind country area done open god service certain kind problem began different
door thus help sense means whole matter perhaps itself times law human line
above name example action company hands local show whether five history gave
today either act feet across taken past quite anything having seen death
experience body word half really week car field already information tell
together shall million
"""
FUNCTION_WORDS = _FUNCTION_TEXT.split()

# Words of the archive's world, placed just after the function words.
_DOMAIN_TEXT = """
comrade minister embassy committee party question soviet american ambassador
secretary treaty conference delegation memorandum telegram military forces
agreement proposal situation position negotiations chinese korean german polish
border troops central economic political statement meeting communist western
regime council commission leadership congress socialist assistance security
peace armistice republic democratic foreign affairs department instructions
envoy consul premier chairman bureau plenum directive cooperation proletariat
"""
DOMAIN_WORDS = _DOMAIN_TEXT.split()

ONSETS = ("", "", "b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p",
          "r", "s", "t", "v", "w", "z", "br", "cr", "dr", "fr", "gr", "pr",
          "tr", "bl", "cl", "fl", "gl", "pl", "sl", "st", "sp", "sc", "sk",
          "sm", "sn", "sw", "th", "sh", "ch", "wh", "qu", "str", "spr")
NUCLEI = ("a", "e", "i", "o", "u", "a", "e", "i", "o", "ai", "ea", "ee",
          "oo", "ou", "io", "y")
CODAS = ("", "", "", "n", "r", "s", "t", "l", "m", "nd", "nt", "st", "rd",
         "ck", "ng", "rt", "ss", "ll", "ct", "ld", "x")
SUFFIXES = ("", "", "", "", "ing", "ed", "tion", "ment", "ly", "er", "al",
            "ous", "ive", "ness", "able", "ity", "ure", "s")
_TRIPLE = re.compile(r"(.)\1\1")


def build_vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Return `size` distinct words in Zipf rank order (most frequent first)."""
    real = list(dict.fromkeys(FUNCTION_WORDS + DOMAIN_WORDS))
    seen = set(real)
    made: list[str] = []
    while len(made) < size - len(real):
        n = rng.choices((1, 2, 3, 4), weights=(3, 5, 3, 1))[0]
        word = "".join(rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)
                       for _ in range(n)) + rng.choice(SUFFIXES)
        # No letter three times in a row: "glossssure" does not look like a word.
        if 2 <= len(word) <= 14 and word not in seen and not _TRIPLE.search(word):
            seen.add(word)
            made.append(word)
    # Short words are the frequent ones in real languages; noise keeps it loose.
    keys = [len(w) + 4 * rng.random() for w in made]
    made = [w for _, w in sorted(zip(keys, made, strict=True))]
    return real + made


def build_sentences(rng: random.Random, vocab: list[str], count: int) -> list[str]:
    """`count` sentences of 5-24 words drawn from `vocab` with Zipf weights."""
    cum = list(itertools.accumulate(1.0 / r ** 1.05 for r in range(1, len(vocab) + 1)))
    lengths = [rng.randint(5, 24) for _ in range(count)]
    flat = rng.choices(vocab, cum_weights=cum, k=sum(lengths))
    out: list[str] = []
    at = 0
    for n in lengths:
        ws = flat[at:at + n]
        at += n
        ws[0] = ws[0].capitalize()
        if n > 9 and rng.random() < 0.4:
            ws[rng.randint(2, n - 4)] += ","
        if rng.random() < 0.08:
            ws[rng.randint(1, n - 1)] = str(rng.choice((rng.randint(2, 99), rng.randint(1945, 1991))))
        out.append(" ".join(ws) + ("?" if rng.random() < 0.03 else "."))
    return out


_FIRST, _LAST = date(1945, 1, 1), date(1991, 12, 31)


def _ym(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


# Month names spelt out here: strftime's %B follows the process locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


def spelt(d: date) -> str:
    """A day as a letter heading writes it: 8 October 1950."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _later(rng: random.Random, d: date, days: int) -> date:
    return min(_LAST, d + timedelta(days=rng.randint(1, days)))


# Each string form of the format's date subset, built from one valid day.
_STRING_DATES = (
    lambda r, d: str(d.year),
    lambda r, d: _ym(d),
    lambda r, d: d.isoformat(),
    lambda r, d: d.isoformat() + r.choice("?~%"),
    lambda r, d: _ym(d) + r.choice("?~%"),
    lambda r, d: str(d.year) + r.choice("?~%"),
    lambda r, d: f"{d.isoformat()}/{_later(r, d, 40).isoformat()}",
    lambda r, d: f"{_ym(d)}/{_ym(min(_LAST, d + timedelta(days=r.randint(31, 400))))}",
    lambda r, d: f"{d.year}/{min(1991, d.year + r.randint(1, 6))}",
    lambda r, d: f"{d.year}~/{_later(r, d, 900).isoformat()}?",
    lambda r, d: r.choice((d.isoformat(), _ym(d), str(d.year))) + "/..",
    lambda r, d: "../" + r.choice((d.isoformat(), _ym(d), str(d.year))),
)


def make_date(rng: random.Random) -> tuple[object | None, date]:
    """A `date` value (None: undated) and a day it allows, for the body."""
    d = date.fromordinal(rng.randint(_FIRST.toordinal(), _LAST.toordinal()))
    r = rng.random()
    if r < 0.03:
        return None, d
    if r < 0.62:
        return d, d
    if r < 0.70:
        return datetime(d.year, d.month, d.day, rng.randrange(24), rng.randrange(0, 60, 5)), d
    return rng.choice(_STRING_DATES)(rng, d), d


# (canonical name, other names it goes by), transliterations included.
FAMOUS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Nikita Khrushchev", ("Khrushchov", "Chruschtschow", "N. S. Khrushchev", "Hruscsov")),
    ("Joseph Stalin", ("Stalin", "I. V. Stalin", "Feng Xi", "Filippov", "Iosif Stalin")),
    ("Władysław Gomułka", ("Gomułka", "Wladyslaw Gomulka", "W. Gomułka")),
    ("Milan Rastislav Štefánik", ("Štefánik", "Milan Stefanik")),
    ("Nicolae Ceaușescu", ("Ceaușescu", "Nicolae Ceauşescu", "Nicolae Ceausescu")),
    ("Ho Chi Minh", ("Hồ Chí Minh", "Nguyễn Ái Quốc", "Nguyen Ai Quoc")),
    ("Ngô Đình Diệm", ("Ngo Dinh Diem", "Diệm")),
    ("Võ Nguyên Giáp", ("Vo Nguyen Giap", "General Giáp")),
    ("Phạm Văn Đồng", ("Pham Van Dong",)),
    ("Lê Duẩn", ("Le Duan",)),
    ("Mao Zedong", ("Mao Tse-tung", "Chairman Mao", "Mao Tsé-toung")),
    ("Zhou Enlai", ("Chou En-lai", "Tschou En-lai")),
    ("Chiang Kai-shek", ("Jiang Jieshi", "Generalissimo Chiang")),
    ("Deng Xiaoping", ("Teng Hsiao-p'ing",)),
    ("Liu Shaoqi", ("Liu Shao-ch'i",)),
    ("Lin Biao", ("Lin Piao",)),
    ("Kim Il Sung", ("Kim Il-sung", "Kim Ir Sen")),
    ("Syngman Rhee", ("Yi Seung-man", "President Rhee")),
    ("Park Chung-hee", ("Pak Chŏng-hŭi", "Park Chung Hee")),
    ("Terentii Shtykov", ("Shtykov", "Shtytkov", "Terenti Schtykow")),
    ("Leonid Brezhnev", ("Breschnew", "L. I. Brezhnev", "Brejnev")),
    ("Mikhail Gorbachev", ("Gorbatschow", "Gorbachov", "M. S. Gorbachev")),
    ("Vyacheslav Molotov", ("Molotow", "V. M. Molotov", "Wiaczesław Mołotow")),
    ("Andrei Gromyko", ("Andrej Gromyko", "A. A. Gromyko", "Gromyko")),
    ("Lavrentiy Beria", ("Lavrenti Beriya", "Berija")),
    ("Georgy Malenkov", ("G. M. Malenkov", "Georgi Malenkow")),
    ("Anastas Mikoyan", ("Mikojan", "A. I. Mikoyan")),
    ("Walter Ulbricht", ("Ulbricht",)),
    ("Erich Honecker", ("Honecker",)),
    ("Otto Grotewohl", ("Grotewohl",)),
    ("Konrad Adenauer", ("Adenauer", "Chancellor Adenauer")),
    ("Willy Brandt", ("Herbert Frahm", "Chancellor Brandt")),
    ("Imre Nagy", ("Nagy Imre",)),
    ("János Kádár", ("Kádár János", "Janos Kadar")),
    ("Mátyás Rákosi", ("Rákosi Mátyás", "Matyas Rakosi")),
    ("Alexander Dubček", ("Dubček", "Alexander Dubcek")),
    ("Klement Gottwald", ("Gottwald",)),
    ("Edvard Beneš", ("Beneš", "Edvard Benes")),
    ("Václav Havel", ("Havel", "Vaclav Havel")),
    ("Bolesław Bierut", ("Bierut", "Boleslaw Bierut")),
    ("Józef Cyrankiewicz", ("Cyrankiewicz", "Jozef Cyrankiewicz")),
    ("Lech Wałęsa", ("Wałęsa", "Lech Walesa")),
    ("Wojciech Jaruzelski", ("Jaruzelski", "General Jaruzelski")),
    ("Josip Broz Tito", ("Tito", "Josip Broz", "Marshal Tito")),
    ("Enver Hoxha", ("Enver Hodscha", "Hoxha")),
    ("Todor Zhivkov", ("Todor Živkov", "Todor Schiwkow")),
    ("Gheorghe Gheorghiu-Dej", ("Gheorghiu-Dej", "Gh. Gheorghiu-Dej")),
    ("Fidel Castro", ("Fidel Castro Ruz", "Castro")),
    ("Ernesto Guevara", ('Ernesto "Che" Guevara', "Che Guevara")),
    ("Harry S. Truman", ("Truman", "H. S. Truman")),
    ("Dwight D. Eisenhower", ("Eisenhower", "Ike")),
    ("John F. Kennedy", ("JFK", "President Kennedy")),
    ("Dean Acheson", ("Acheson",)),
    ("John Foster Dulles", ("Dulles", "J. F. Dulles")),
    ("Winston Churchill", ("Churchill",)),
    ("Charles de Gaulle", ("de Gaulle", "General de Gaulle")),
    ("Jawaharlal Nehru", ("Nehru", "Pandit Nehru")),
    ("Gamal Abdel Nasser", ("Nasser", "Jamal Abd al-Nasir")),
    ("Sukarno", ("Soekarno", "Bung Karno")),
    ("Urho Kekkonen", ("Kekkonen",)),
)

# Given and family names by tradition; generated people mix within one.
NAME_PARTS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("Józef", "Stanisław", "Zbigniew", "Wiesław", "Jadwiga", "Krystyna", "Małgorzata", "Tadeusz"),
     ("Kowalczyk", "Wiśniewski", "Zieliński", "Wróblewski", "Dąbrowski", "Łukaszewicz", "Gomułka", "Szymański")),
    (("Jiří", "Miloš", "Zdeněk", "Božena", "Věra", "Ladislav", "Jaroslav"),
     ("Dvořák", "Novák", "Černý", "Procházka", "Štefánik", "Kučera", "Růžička", "Hájek")),
    (("László", "Gábor", "Zoltán", "Erzsébet", "Ilona", "Géza", "Ferenc"),
     ("Ördögh", "Szabó", "Kovács", "Tóth", "Horváth", "Molnár", "Gerő", "Münnich")),
    (("Jürgen", "Günter", "Jörg", "Ursula", "Hans", "Käthe", "Friedrich"),
     ("Müller", "Schröder", "Weiß", "Köhler", "Groß", "Fuchs", "Baumgärtel", "Schäfer")),
    (("Ștefan", "Gheorghe", "Ion", "Ioana", "Corneliu", "Emil"),
     ("Ionescu", "Popescu", "Mănescu", "Bârlădeanu", "Răutu", "Ceaușescu", "Bodnăraș")),
    (("Văn Thắng", "Thị Hoa", "Đức Minh", "Văn Tiến", "Thị Lan", "Hữu Thọ"),
     ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Võ")),
    (("John", "Robert", "Mary", "William", "Elizabeth", "George", "Charles", "Dorothy"),
     ("Smith", "Harriman", "Bohlen", "Kennan", "Thompson", "Rusk", "Lovett", "O'Brien")),
    (("François", "Hélène", "Jean-Pierre", "Cécile", "René", "Gérard"),
     ("Lefèvre", "Dubois", "Mérimée", "Béranger", "Couve", "Pléven")),
    (("José", "Ramón", "María", "Raúl", "Inés"),
     ("Núñez", "Ibáñez", "Pérez", "Roa", "Peña")),
)
# Vietnamese and Hungarian put the family name first.
FAMILY_FIRST = {5, 2}

# Russian surnames with their German and French or Polish transliterations.
RUSSIAN: tuple[tuple[str, ...], ...] = (
    ("Kuznetsov", "Kusnezow", "Kouznetsov"), ("Sokolov", "Sokolow"),
    ("Vasilyev", "Wassiljew", "Vassiliev"), ("Yudin", "Judin", "Ioudine"),
    ("Zhukov", "Schukow", "Joukov"), ("Fyodorov", "Fjodorow", "Fedorov"),
    ("Kozlov", "Koslow"), ("Zorin", "Sorin"), ("Yegorov", "Jegorow", "Egorov"),
    ("Chervonenko", "Tscherwonenko", "Czerwonenko"), ("Ponomarev", "Ponomarjow"),
    ("Shelepin", "Schelepin", "Chelepine"), ("Suslov", "Suslow", "Souslov"),
)
RUSSIAN_GIVEN = (("Sergei", "Sergey"), ("Aleksandr", "Alexander"), ("Yuri", "Juri"),
                 ("Pyotr", "Pjotr"), ("Nikolai", "Nikolay"), ("Fyodor", "Fjodor"),
                 ("Vasily", "Wassili"), ("Andrei", "Andrey"))

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss", "ø": "o"})


def fold(name: str) -> str:
    """Strip diacritics the way an English typist would."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Person:
    """One person: the name a manifest puts first, and the other names."""

    name: str
    variants: tuple[str, ...]


def build_people(rng: random.Random, count: int = 320) -> list[Person]:
    """Return FAMOUS plus generated people, every name unique across the pool."""
    people = [Person(n, v) for n, v in FAMOUS]
    taken = {n for p in people for n in (p.name, *p.variants)}
    while len(people) < count:
        if rng.random() < 0.12:
            surname = rng.choice(RUSSIAN)
            given = rng.choice(RUSSIAN_GIVEN)
            name = f"{given[0]} {surname[0]}"
            variants = [f"{given[1]} {s}" for s in surname[1:]] or [f"{given[1]} {surname[0]}"]
            variants.append(f"{given[0][0]}. {surname[0]}")
        else:
            tradition = rng.randrange(len(NAME_PARTS))
            given, family = (rng.choice(part) for part in NAME_PARTS[tradition])
            first_family = tradition in FAMILY_FIRST
            name = f"{family} {given}" if first_family else f"{given} {family}"
            variants = []
            if rng.random() < 0.45:
                variants.append(fold(name))
                if not first_family:
                    variants.append(f"{given[0]}. {family}")
        variants = [v for v in dict.fromkeys(variants) if v != name and v not in taken]
        if name in taken:
            continue
        taken.update((name, *variants))
        people.append(Person(name, tuple(variants)))
    return people


# (name, other names); the root manifest declares these.
PLACES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Moscow", ()), ("Washington", ()), ("Beijing", ("Peking", "Peiping")),
    ("Berlin", ()), ("Warsaw", ("Warszawa",)), ("Prague", ("Praha", "Prag")),
    ("Budapest", ()), ("Bucharest", ("București", "Bukarest")), ("Sofia", ()),
    ("Belgrade", ("Beograd",)), ("Tirana", ()), ("Pyongyang", ()), ("Seoul", ()),
    ("Hanoi", ("Hà Nội",)), ("Ho Chi Minh City", ("Saigon", "Sài Gòn")),
    ("Havana", ("La Habana",)), ("London", ()), ("Paris", ()), ("Bonn", ()),
    ("Kraków", ("Krakau", "Cracow")), ("Gdańsk", ("Danzig",)),
    ("Wrocław", ("Breslau",)), ("Bratislava", ("Pressburg", "Pozsony")),
    ("Kaliningrad", ("Königsberg",)), ("Leningrad", ("Saint Petersburg",)),
    ("Volgograd", ("Stalingrad",)), ("Chemnitz", ("Karl-Marx-Stadt",)),
    ("Brno", ("Brünn",)), ("Łódź", ("Lodz",)), ("Győr", ("Raab",)),
    ("Zürich", ("Zurich",)), ("Genève", ("Geneva", "Genf")), ("Reykjavík", ()),
    ("Helsinki", ("Helsingfors",)), ("Vienna", ("Wien",)), ("Tokyo", ()),
    ("Taipei", ("Taihoku",)), ("New Delhi", ()), ("Cairo", ()), ("Jakarta", ()),
    ("Korea", ()), ("China", ()), ("USSR", ("Soviet Union",)), ("United States", ()),
    ("Japan", ()), ("Taiwan", ("Formosa",)), ("Cuba", ()), ("Vietnam", ()),
    ("Poland", ()), ("Czechoslovakia", ()), ("Hungary", ()), ("Romania", ()),
    ("German Democratic Republic", ("GDR", "DDR", "East Germany")),
    ("Federal Republic of Germany", ("FRG", "West Germany")), ("Yugoslavia", ()),
    ("Albania", ()), ("Bulgaria", ()), ("Mongolia", ()), ("Laos", ()), ("Finland", ()),
)

SUBJECTS = (
    "Korean War, 1950-1953", "Sino-Soviet relations", "Berlin Crisis, 1958-1962",
    "Cuban Missile Crisis, 1962", "Nuclear arms control", "Hungarian Revolution, 1956",
    "Prague Spring, 1968", "Solidarity (Polish trade union)", "Decolonization",
    "Marshall Plan", "Warsaw Pact", "NATO", "Vietnam War, 1961-1975", "Détente",
    "Helsinki Final Act, 1975", "Economic aid", "Propaganda", "Intelligence",
    "Refugees", "Border incidents", "Trade", "Space race", "Oil",
    "Non-Aligned Movement", "German reunification", "Afghan War, 1979-1989",
    "Suez Crisis, 1956", "Taiwan Strait crises", "Polish October, 1956",
    "Human rights", "Prisoners of war", "Disarmament", "Cominform",
    "Comecon", "Sino-Indian border", "Atomic energy", "Student exchanges",
)

# Collection themes: more than the 50 collections a corpus can have.
THEMES = (
    "Korean War Origins", "Berlin Crisis Papers", "Sino-Soviet Split", "Cuban Missile Crisis",
    "Hungarian Revolution", "Prague Spring", "Polish October", "Solidarity Movement",
    "Vietnam War Diplomacy", "Warsaw Pact Meetings", "Comecon Records", "Arms Control Talks",
    "Détente Diplomacy", "Helsinki Process", "Afghanistan Intervention", "Suez Crisis",
    "Taiwan Strait Crises", "Marshall Plan Negotiations", "Tito-Stalin Split",
    "German Question", "Nuclear History", "Space Race", "Non-Aligned Movement",
    "Middle East Diplomacy", "Indochina Conference", "Geneva Summit", "Potsdam Aftermath",
    "Occupation of Japan", "Decolonization in Africa", "Latin American Policy",
    "Intelligence Reports", "Refugee Affairs", "Border Commissions", "Trade Delegations",
    "Cultural Exchanges", "Student Exchanges", "Party Congresses", "Embassy Cables",
    "Ambassadors' Diaries", "Translated Speeches", "Consular Correspondence",
    "Military Attachés' Reports", "Propaganda Directives", "Economic Aid Files",
    "Prisoner of War Affairs", "Atomic Energy Cooperation", "Oil and Energy",
    "Human Rights Petitions", "Religious Affairs Office", "Press Summaries",
    "Cominform Meetings", "Albanian Affairs", "Mongolian Relations", "Sino-Indian Border",
)

TYPES = (("Letter", 20), ("Telegram", 20), ("Memorandum", 14), ("Minutes", 8),
         ("Report", 10), ("Diary", 4), ("Memorandum of Conversation", 12),
         ("Note", 4), ("Speech", 3), ("Transcript", 3), ("Directive", 2))

ORGANIZATIONS = ("Joint Chiefs of Staff", "Politburo of the CC CPSU", "Embassy in Moscow",
                 "Department of State", "Ministry of Foreign Affairs of the USSR",
                 "Central Committee of the PZPR", "National Security Council",
                 "Secretariat of the CC SED", "Embassy in Peking", "Foreign Office")

ROLES = ("Ambassador", "Chairman", "First Secretary", "Minister of Foreign Affairs",
         "Chargé d'Affaires", "Counsellor", "Deputy Minister", "Secretary of State")

GLOSSES = ("nedovol'stvo", "k bol'shoi voine", "sic- October", "the possibility",
           "Weltanschauung", "raison d'être", "considerations of", "81st", "he said",
           "word omitted", "text garbled", "zhen fan", "Ostpolitik", "samokritika")

CHAPTERS = ("Policy toward the People's Republic of China", "The German question",
            "Negotiations on Korea", "Relations with Eastern Europe", "Indochina",
            "Economic policy; aid and trade", "The United Nations", "Disarmament")

RIGHTS = ("Public domain: a work of the United States Government.",
          "Reuse welcome for research and educational purposes; credit the archive.",
          "Creative Commons Attribution 4.0 International (CC BY 4.0).",
          "Rights reserved by the holding archive; copies for private study only.")

LANGUAGES = ("ru", "de", "pl", "cs", "hu", "ro", "vi", "zh", "fr", "es", "bg", "sk")

# (repository, reference template); fields a-d are numbers filled per record.
REPOSITORIES = (
    ("Archive of the President, Russian Federation (APRF)", "f. {a}, op. {b}, d. {c}, listy {d}-{e}"),
    ("Russian State Archive of Contemporary History (RGANI)", "f. 5, op. {b}, d. {c}, l. {d}"),
    ("National Archives and Records Administration (NARA)", "RG 59, Box {c}"),
    ("National Archives and Records Administration (NARA)", "RG 59, Central Decimal File, {a}.{b}/{d}-{e}52"),
    ("The National Archives, Kew", "FO 371/{c}"),
    ("The National Archives, Kew", "PREM 11/{a}"),
    ("Politisches Archiv des Auswärtigen Amts (PA AA)", "B 12, Bd. {a}"),
    ("SAPMO-Bundesarchiv", "DY 30/J IV 2/2/{c}"),
    ("Archiwum Akt Nowych (AAN)", "KC PZPR, sygn. {a}/V-{b}"),
    ("Národní archiv, Praha", "f. KSČ-ÚV-02/1, sv. {a}, a.j. {b}"),
    ("Magyar Nemzeti Levéltár Országos Levéltára (MNL OL)", "XIX-J-1-j, {a}. doboz"),
    ("Arhivele Naționale ale României", "fond CC al PCR, Relații Externe, dosar {a}/19{b}"),
    ("Archive of the Ministry of Foreign Affairs of the PRC", "{c}-{a}-{b}"),
    ("Vietnam National Archives Center III", "Phông Phủ Thủ tướng, hồ sơ {c}"),
    ("Dwight D. Eisenhower Presidential Library", "Ann Whitman File, International Series, Box {b}"),
)
