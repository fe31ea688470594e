"""Proper names: found in a market's own capitalisation and resolved through their aliases.

The venues name one person, team or body many ways: "Jerome Powell" / "Powell", "Ohio St." /
"Ohio State", "Zelenskyy" / "Zelensky" / "Zelenskiy", "Erdoğan" / "Erdogan", "European Central
Bank" / "ECB", "Tesla" / "Tesla, Inc.". A name is a run of capitalised words the market writes
mid-sentence (titles are mostly sentence case; rules always are), or an alias the vocabulary
knows. This module finds names and keys them, with the spelling, initials and surname-first rules
the finding needs; whether two names found are one is name_variants.py's, a country's adjective
demonyms.py's, a work written with its author works.py's, and the names a market declares equal
live in declarations.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.domain.matching.propositions.lexicon.sports import TEAM_ALIAS
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import (
    ALIAS_KEY,
    COMPETITIONS,
    PERSON_KEY,
    PHRASE_CANONICAL,
    PHRASE_PATTERN,
    WRITTEN_SHORT,
    state_forms,
)
from arb_pipeline.domain.matching.propositions.holidays import HOLIDAY_NAMES
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.parties import PARTY_NAMES, PARTY_NAMES_WITH_AND
from arb_pipeline.domain.matching.propositions.text import RENAMED, ascii_letters, fold_short, provisions_written_out

# A slash between words separates two names ("Crypto / Cryptocurrency"): it is a token of its own.
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9&'’.\-]*[A-Za-z0-9]|[A-Za-z0-9]|(?<= )/(?= )")
# Small words that sit inside a name ("Bank of England", "Charles de Gaulle").
NAME_PARTICLES = frozenset({"of", "de", "la", "del", "van", "von", "da", "di", "le", "bin", "al", "el", "du", "dos", "the"})
# The same in other languages, written in lower case only ("Prawo i Sprawiedliwość", "Partido dos
# Trabalhadores", "Camera dei Deputati"): a capital "I" or "E" is no such word.
_INSIDE_LOWER = frozenset({"i", "y", "e", "und", "dei", "della", "degli", "das", "der", "des", "voor", "en", "los", "las"})
# Capitalised words that are not names: question words, months, days, units, outcomes.
NOT_NAMES = frozenset(
    """will who which what when where how does do did is are was were can could should would may might must has have
    the a an in on at by for of to if and or not no yes up down over under above below more less than this that
    these those it its there their before after between during until from with without into per vs v
    january february march april may june july august september october november december jan feb mar apr jun jul aug
    sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    et est edt pt pst utc gmt am pm q1 q2 q3 q4 h1 h2 fy ok
    cpi gdp pce ppi ath ipo ceo cfo usd yoy mom bps o/u ou mvp ppg
    highest lowest high low price prices close closing open opening weekend total spread moneyline winner wins win
    game match matches season series final finals round week month year day daily weekly monthly annual
    market markets question rules resolution number total count amount odds x tie draw reach out before after
    etf top first""".split()
)
_COMPANY_SUFFIXES = frozenset({"inc", "corp", "corporation", "co", "company", "ltd", "plc", "llc", "group", "holdings",
                               "sa", "ag", "nv", "se"})


_MINOR = frozenset({"the", "and", "for", "nor", "but", "yet", "via", "per", "from", "into", "with", "over", "than", "onto",
                    "upon", "off", "out", "vs"})


def _title_case(tokens: list[str]) -> bool:
    """A headline written In Title Case (every word but the minor ones capitalised): capitals
    there say nothing about names."""
    content = [t for t in tokens[1:] if t.isalpha() and len(t) >= 3 and t.lower() not in _MINOR]
    return len(content) >= 2 and all(t[0].isupper() for t in content)


def _capitalised(token: str) -> bool:
    return token[0].isupper()


def _inside_party(current: list[str], token: str, rest: list[str]) -> bool:
    """"and" inside a party's name the table knows ("Law and Justice"), not between two names."""
    if token != "and" or not rest:
        return False
    phrase = ascii_letters(" ".join((*current, token, rest[0]))).lower()
    return any(name.startswith(phrase) for name in PARTY_NAMES_WITH_AND)


@lru_cache(maxsize=1 << 15)
def capitalised_runs(raw: str) -> tuple[tuple[str, bool], ...]:
    """The runs of capitalised words in a raw text, each with whether it starts a sentence (a
    sentence-initial capital proves nothing on its own)."""
    # "S&P 500 (SPX)", "European Central Bank (ECB)", "Tesla (TSLA)": an abbreviation in brackets
    # after a name is that name again, not another one.
    # "11:59 PM Eastern Time" is a clock, not a name; "Eastern Conference" or "Central Bank" are names.
    text = _TIME_ZONE.sub("", _BRACKETED_ABBREVIATION.sub("", provisions_written_out(ascii_letters(raw))))
    if any(needle in text for needle in _HOLIDAY_CAPITALS):
        # "on New Year's Eve 2026" is a day (read by the date reader), not a name.
        text = HOLIDAY_NAMES.sub(" ", text)
    if ", " in text:
        # "If Tovar, Lucia wins ...": a person written surname first as the subject of the
        # condition is one name, in the usual order.
        text = _SUBJECT_SURNAME_FIRST.sub(_given_name_first_in_text, text)
    if "." in text:
        # "U.S. Open", "St. John's", "Jones vs. Aspinall": the points of an abbreviation end no
        # sentence, so the name runs on ("US Open", not a name "U" and a sentence "S. Open").
        text = _ABBREVIATION_POINT.sub("", _DOTTED_INITIALS.sub(_initials_joined, _initial_points(text)))
    for full, short in WRITTEN_SHORT:
        if full in text:
            text = text.replace(full, short)
    runs: list[tuple[str, bool]] = []
    for sentence_start, sentence in _sentences(text):
        tokens = _TOKEN.findall(sentence)
        if _title_case(tokens):
            continue
        current: list[str] = []
        first_index = -1
        for index, token in enumerate(tokens):
            lower = token.lower().strip(".")
            if _capitalised(token) and lower not in NOT_NAMES and not _PERIOD.match(lower):
                if not current:
                    first_index = index
                current.append(token)
            elif current and (lower in NAME_PARTICLES or token in _INSIDE_LOWER
                              or _inside_party(current, token, tokens[index + 1:])) \
                    and index + 1 < len(tokens) and _capitalised(tokens[index + 1]) \
                    and tokens[index + 1].lower() not in NOT_NAMES:
                current.append(token)
            else:
                if current:
                    runs.append((" ".join(current), sentence_start and first_index == 0))
                current = []
        if current:
            runs.append((" ".join(current), sentence_start and first_index == 0))
    return tuple(runs)


_SUBJECT_SURNAME_FIRST = re.compile(r"(?:^|(?<=[Ii]f ))([A-Z][a-z'’\-]{2,}), ([A-Z][a-z'’\-]{2,})"
                                    r"(?= (?:wins?|is|finishes|becomes|receives|places|takes|claims)\b)")


def _given_name_first_in_text(match: re.Match[str]) -> str:
    turned = given_name_first(match.group(0))
    return turned if turned is not None else match.group(0)


_DOTTED_INITIALS = re.compile(r"\b(?:[A-Z]\.){2,4}(?![A-Za-z])")
_ABBREVIATION_POINT = re.compile(r"(?<=\b(?:St|Mt|Ft|Dr|Mr|Ms|vs))\.(?= )|(?<=\b(?:Mrs|Sgt))\.(?= )|(?<= v)\.(?= )")


def _initials_joined(match: re.Match[str]) -> str:
    return match.group(0).replace(".", "")


def _initial_points(text: str) -> str:
    """``text`` without the point of a single initial before a name ("if D. Gukesh wins": "D
    Gukesh"), which ends no sentence. Only an initial after a word in lower case or a question's
    first word counts: "Plan A. The" and "World War I. Then" end theirs. A loop over the points,
    not a regex: rules hold many points and few initials."""
    at = text.find(". ")
    kept, start = [], 0
    while at >= 2:
        if text[at - 1].isupper() and text[at - 2] == " " and _NAME_AFTER.match(text, at + 2) is not None:
            before = text[text.rfind(" ", 0, at - 2) + 1:at - 2]
            if before[:1].islower() or before in _QUESTION_WORDS:
                kept.append(text[start:at])
                start = at + 1
        at = text.find(". ", at + 2)
    return "".join((*kept, text[start:])) if kept else text


# A capitalised word that may be a name, not one that starts a sentence of rules.
_NAME_AFTER = re.compile(r"(?!(?:The|This|That|These|If|In|It|Otherwise|An?|On|For|Any|All|No|Yes|Only|Each|Should|Then)\b)"
                         r"[A-Z][a-z]")
_QUESTION_WORDS = frozenset({"Will", "Can", "Does", "Did", "Is", "Who", "Which"})


_BRACKETED_ABBREVIATION = re.compile(r"\s*\((?:[A-Z][A-Z0-9&.\-]{1,9})\)")
_ABBREVIATED = re.compile(r"((?:[A-Z][\w'’.\-]*\s+(?:(?:of|de|la|del|the|and|for)\s+)?)*[A-Z][\w'’.\-]*)\s*"
                          r"\(([A-Z][A-Z0-9&.\-]{1,9})\)")


def abbreviated_names(raw: str) -> tuple[tuple[str, str], ...]:
    """(name, abbreviation) for each name a text writes with its abbreviation in brackets after it
    ("the Socialist Workers' Party (PSOE)", "Tesla (TSLA)"): the two are one name, whatever
    language the abbreviation comes from."""
    found = []
    for match in _ABBREVIATED.finditer(ascii_letters(raw)):
        words = match.group(1).split()
        while words and words[0].lower().strip(".") in NOT_NAMES:
            words.pop(0)
        if words:
            found.append((" ".join(words), match.group(2)))
    return tuple(found)
_PERIOD = re.compile(r"(?:fy|q[1-4]|h[12])'?\d{2,4}$")  # "FY2026", "Q3'25": a period, not a name
_HOLIDAY_CAPITALS = ("Year", "Christmas", "Thanksgiving", "Halloween", "Valentine", "Patrick", "Juneteenth",
                     "Independence Day", "Memorial Day", "Labor Day")
_TIME_ZONE = re.compile(r"\b(?:Eastern|Pacific|Central|Mountain|Atlantic)(?: (?:Standard|Daylight))? Time\b")
# A point between two letters ("Gen.G Esports", "Booking.com") is inside a name, no sentence's end.
_SENTENCE = re.compile(r"(?:[^.?!:;\n]|(?<=[A-Za-z])\.(?=[A-Za-z]))+")


def _sentences(text: str) -> list[tuple[bool, str]]:
    return [(True, m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0).strip()]


_LEVEL_RESULT = frozenset({"tie", "draw", "tied"})
_NOT_NAME_CHARACTER = re.compile(r"[^a-z0-9& ]+")
_INNER_POINT = re.compile(r"(?<=[a-z]{2})\.(?=[a-z])")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 15)
def name_key(label: str) -> str:
    """The form a name is compared in: folded, aliases resolved ("European Central Bank" -> "ecb"),
    company suffixes and possessives off."""
    folded = fold_short(label).replace("'s", "").replace("’s", "")
    if "." in folded:
        # "Gen.G" is one word: its letter after the point is no initial of a longer name.
        folded = _INNER_POINT.sub("", folded)
    folded = _NOT_NAME_CHARACTER.sub(" ", folded)
    words = [RENAMED.get(w, w) for w in folded.split() if w]
    while len(words) > 1 and words[-1] in _COMPANY_SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    key = " ".join(joined_initials(words))
    if key in _LEVEL_RESULT:
        # A match that ends level: "Tie" on one venue, "Draw" on the other.
        return "draw"
    if key in ALIAS_KEY:
        return ALIAS_KEY[key]
    if key.startswith("team ") and key[5:] in ALIAS_KEY:
        # "Team USA" is the side of the country the other venue writes "the USA" (its key "us").
        return f"team {ALIAS_KEY[key[5:]]}"
    if key in PERSON_KEY:
        return PERSON_KEY[key]
    if key in TEAM_ALIAS:
        return TEAM_ALIAS[key]
    return canonical_phrases(key)


def joined_initials(words: list[str]) -> list[str]:
    """"J. D. Vance" and "JD Vance": initials written apart are one word ("Robert F. Kennedy"
    keeps its one initial)."""
    if sum(len(w) == 1 for w in words) < 2:
        return words
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        joined.extend(["".join(run)] if len(run) >= 2 else run)
        run = []
        if word:
            joined.append(word)
    return joined


def canonical_phrases(text: str) -> str:
    return PHRASE_PATTERN.sub(lambda m: PHRASE_CANONICAL[m.group(0)], state_forms(text))


def name_kind(key: str) -> str:
    return "org" if key in ALIAS_KEY.values() else "name"


def _split_aliases(run: str) -> list[str]:
    """A run of capitalised words that holds a known name as well ("Republican Senate", "Federal
    Reserve Board"): the known name on its own, and the rest."""
    words = run.split()
    if len(words) < 2 or ascii_letters(run).lower() in PARTY_NAMES:
        return [run]
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(words):
        for size in range(min(5, len(words) - index), 0, -1):
            phrase = " ".join(words[index:index + size])
            known = ALIAS_KEY.get(fold_short(phrase).strip("."))
            if known is not None and not (current and known in COMPETITIONS):
                if current:
                    parts.append(" ".join(current))
                    current = []
                parts.append(phrase)
                index += size
                break
        else:
            current.append(words[index])
            index += 1
    if current:
        parts.append(" ".join(current))
    return parts


def names_in(raws: tuple[str, ...], evidence: str) -> tuple[Name, ...]:
    """The proper names of a market's titles. A run that only starts a sentence counts when the
    market writes it capitalised elsewhere (``evidence``: its rules and other texts, raw) or the
    vocabulary knows it."""
    found: dict[str, Name] = {}
    for raw in raws:
        if not raw:
            continue
        for whole, at_start in capitalised_runs(raw):
            for position, run in enumerate(_split_aliases(whole)):
                words = run.split()
                if at_start and position == 0 and len(words) == 1 and not label_initials(run):
                    # An initialism ("SNP", "RBNZ") is a name wherever it stands; another word
                    # that starts a sentence is one only if written capitalised elsewhere too.
                    key = name_key(run)
                    # The run is read without diacritics ("Pogačar" as "Pogacar"), so is the evidence.
                    if key not in ALIAS_KEY.values() and not _capitalised_elsewhere(run, ascii_letters(evidence)):
                        continue
                key = name_key(run)
                if key and key not in found:
                    found[key] = Name(key, run, name_kind(key))
    return tuple(found.values())


def _capitalised_elsewhere(word: str, evidence: str) -> bool:
    """``word`` written capitalised somewhere it does not start a sentence."""
    for match in re.finditer(rf"\b{re.escape(word)}\b", evidence):
        before = evidence[max(0, match.start() - 3): match.start()].rstrip(" \"'(")
        if before and before[-1] not in ".?!:\n":
            return True
    return False


@lru_cache(maxsize=1 << 16)
def spelling_key(word: str) -> str:
    """One spelling for a transliterated word: doubled letters single, "iy"/"yi"/"ij" and a
    final "i" as "y", "kh" as "h", "ph" as "f", "w" as "v" ("Zelenskyy" / "Zelenskiy" /
    "Zelensky", "Navalnyi" / "Navalny")."""
    key = _DOUBLED.sub(r"\1", word)
    for old, new in (("iy", "y"), ("yi", "y"), ("ij", "y"), ("kh", "h"), ("ph", "f"), ("w", "v"), ("dzh", "j"), ("tch", "ch")):
        key = key.replace(old, new)
    return key[:-1] + "y" if key.endswith("i") and len(key) > 4 else key


def same_word_spelling(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) < 5 or len(b) < 5:
        return False
    if spelling_key(a) == spelling_key(b):
        return True
    return Levenshtein.normalized_similarity(a, b) >= 0.85 and a[0] == b[0]


GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})
# "Duplantis, Armand": a surname of one or two words, a comma, then the given names.
_SURNAME_FIRST = re.compile(r"([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)?), ([A-Z][\w'’\-.]+(?: [A-Z][\w'’\-.]+)?)")
# "DUPLANTIS Armand": a surname in capitals, then the given name, as entry lists write it.
_CAPITAL_SURNAME_FIRST = re.compile(r"([A-Z][A-Z'’\-]+(?: [A-Z][A-Z'’\-]+)?) ([A-Z][a-z][\w'’\-]*(?: [A-Z][a-z][\w'’\-]*)?)")
# What follows a comma without being a given name: a company's suffix ("Tesla, Inc."), a
# generation ("King, Jr."), a state after its city ("Portland, Oregon", "Austin, TX").
_NOT_GIVEN = frozenset({*_COMPANY_SUFFIXES, *GENERATIONS, *(name.lower() for name, _ in US_STATES),
                        *(code.lower() for _, code in US_STATES), "dc", "d.c"})


def given_name_first(label: str) -> str | None:
    """A name written surname first ("Duplantis, Armand", "DUPLANTIS Armand") in the usual order
    ("Armand Duplantis"); None for any other label."""
    match = _SURNAME_FIRST.fullmatch(label.strip()) or _CAPITAL_SURNAME_FIRST.fullmatch(label.strip())
    if match is None or fold_short(match.group(2)).strip(".") in _NOT_GIVEN:
        return None
    return f"{match.group(2)} {match.group(1)}"


def label_initials(label: str) -> str:
    """"PTA" -> "pta"; "" unless the label is written as initials (2 to 5 capitals)."""
    compact = label.replace(".", "").strip()
    return compact.lower() if 2 <= len(compact) <= 5 and compact.isalpha() and compact.isupper() else ""


def mentioned(name: Name, context: str) -> bool:
    """Whether a market's own folded texts name ``name`` somewhere (its rules included), from the
    start of a word: "nba" is no part of "wnba", nor "pga" of "lpga"."""
    if name.key in context and _word_start(name.key, context):
        return True
    words = name.words
    return bool(words) and all(re.search(rf"\b{re.escape(word)}", context) is not None for word in words)


def _word_start(key: str, context: str) -> bool:
    """Whether ``key`` starts a word somewhere in ``context`` (a plural or a possessive may follow)."""
    at = context.find(key)
    while at >= 0:
        if at == 0 or not context[at - 1].isalnum():
            return True
        at = context.find(key, at + 1)
    return False
