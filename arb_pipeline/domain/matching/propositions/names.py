"""Proper names: found in a market's own capitalisation, resolved through their aliases, and
compared in their variants.

The venues name one person, team or body many ways: "Jerome Powell" / "Powell", "Ohio St." /
"Ohio State", "Zelenskyy" / "Zelensky" / "Zelenskiy", "Erdoğan" / "Erdogan", "European Central
Bank" / "ECB", "Tesla" / "Tesla, Inc.". A name is a run of capitalised words the market writes
mid-sentence (titles are mostly sentence case; rules always are), or an alias the vocabulary
knows; two names are one when their keys agree, when one is the other's surname or short form, or
when they spell one transliteration two ways.

Past 600 lines on purpose: finding a name in a text and telling two names apart read the same
tables of particles, suffixes, initials and generations, and each rule of one has its mirror in the
other; the names a market declares equal live apart, in declarations.py.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from arb_pipeline.domain.matching.propositions.lexicon.parties import COUNTRY_WORDS
from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.domain.matching.propositions.lexicon.sports import NATIONAL_LEAGUE_WORDS, TEAM_ALIAS
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import (
    ALIAS_KEY,
    COMPETITIONS,
    PERSON_KEY,
    PHRASE_CANONICAL,
    PHRASE_PATTERN,
    SYNONYMS,
    WRITTEN_SHORT,
    state_forms,
)
from arb_pipeline.domain.matching.propositions.dates import HOLIDAY_NAMES
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.parties import PARTY_NAMES, PARTY_NAMES_WITH_AND, SLASHED_INITIALS
from arb_pipeline.domain.matching.propositions.text import RENAMED, ascii_letters, fold_short, provisions_written_out, stem, words

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


# A work and its author as one option: "Title - Artist", "Title by Artist" (both parts capitalised).
WORK_BY = re.compile(r"([A-Z0-9][^()]*?[\w.!?'’)]) (?:by|-|–|—) ([A-Z][\w'’.]*(?: [\w'’.&]+){0,5})")


def work_and_author(label: str, context: str) -> tuple[str, str] | None:
    """The work and its author of an option written as both, or None: "Title - Artist" unless the
    market's own texts write the parts the other way round ("Taylor Swift - The Life of a
    Showgirl" whose rules say "The Life of a Showgirl by Taylor Swift")."""
    work = WORK_BY.fullmatch(label)
    if work is None:
        return None
    first, second = work.groups()
    return (second, first) if f"{second.lower()} by {first.lower()}" in context else (first, second)


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
                if at_start and position == 0 and len(words) == 1 and not _initials(run):
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


# The endings a country's adjective or people take ("Israeli", "Chinese", "Ukrainian", "Mexican",
# "Turkish"), and those its name ends in ("China", "Ukraine", "Mexico", "Germany").
_DEMONYM_ENDINGS = ("ese", "ian", "ean", "ish", "an", "i")
_COUNTRY_ENDINGS = ("a", "e", "o", "y")
# Adjectives whose form fits another country than their own ("Nigerian" is Nigeria's, not Niger's).
_NOT_ADJECTIVE_OF = frozenset({("nigerian", "niger"), ("dominican", "dominica")})


def _adjective_of(adjective: str, country: str) -> bool:
    country_stem = next((country[: -len(e)] for e in _COUNTRY_ENDINGS if country.endswith(e) and len(country) > 4),
                        country)
    if (adjective, country) in _NOT_ADJECTIVE_OF:
        return False
    if adjective == country_stem != country:
        return True  # "German" of "Germany"
    if country.endswith("land") and _land_adjective(adjective, country[:-4]):
        return True
    return any(adjective.endswith(e) and len(adjective) - len(e) >= 4 and adjective[: -len(e)] in (country, country_stem)
               for e in _DEMONYM_ENDINGS)


def _land_adjective(adjective: str, stem: str) -> bool:
    """The adjective of a country named "<stem>land": the stem with "-ish" after its last consonant,
    doubled or not ("Scottish", "Finnish"), the stem alone ("Thai"), or the whole name with "-ic"
    ("Icelandic")."""
    if len(stem) < 3:
        return False  # "Poland": "Polish" is also a verb
    if adjective.endswith("ish") and adjective[:-3] in (stem, stem + stem[-1]):
        return True
    return (len(stem) >= 4 and adjective == stem) or adjective == f"{stem}landic"


def same_country_word(a: str, b: str) -> bool:
    """A country and its adjective ("Israel" / "Israeli", "China" / "Chinese", "Ukraine" /
    "Ukrainian", "Germany" / "German"): the same stem once the adjective's and the name's
    endings are off."""
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or not (a.isalpha() and b.isalpha()):
        return False
    country = _COUNTRY_OF_WORD.get(a)
    if country is not None and country == _COUNTRY_OF_WORD.get(b):
        # An adjective no ending rule makes ("French" of "France", "Spanish" of "Spain").
        return True
    return _adjective_of(a, b) or _adjective_of(b, a)


# The one-word names and adjectives of the countries the party table lists (lexicon/parties.py),
# but for an adjective that is also a verb ("polish").
_COUNTRY_OF_WORD = {word: country for country, words in COUNTRY_WORDS.items() for word in words
                    if " " not in word and word != "polish"}


def same_name(a: Name, b: Name) -> bool:
    """One person, team or body: equal keys, one the short form of the other ("Powell" in
    "Jerome Powell", "Ohio State" in "Ohio State Buckeyes", "PTA" for "Paul Thomas Anderson",
    "Fidesz" for "Fidesz-KDNP"), or one transliteration."""
    if a.key == b.key:
        return True
    if "-" in a.label and "-" in b.label and _same_route(a.label, b.label):
        return True
    if ("of" in a.words or "of" in b.words) and (_office_of(a.words, b.words) or _office_of(b.words, a.words)):
        return True
    a_category, b_category = _category_words(a), _category_words(b)
    if a_category is not None and b_category is not None:
        # A word more names another category ("Best Supporting Actress", "Best Animated Film"),
        # never a longer form of this one.
        return a_category == b_category
    if (a_category is not None and len(b.words) == 1) or (b_category is not None and len(a.words) == 1):
        # "Drama" alone is a genre, not the category "Best Motion Picture - Drama".
        return False
    for one, other in ((a, b), (b, a)):
        # "Duplantis, Armand" and "DUPLANTIS Armand", as start lists and rankings write a person,
        # are "Armand Duplantis"; a surname in capitals only against a full name ("NBA Finals" is
        # not "NBA").
        surname_first = "," in one.label or (one.label[1:3].isupper() and len(other.words) >= 2)
        turned = given_name_first(one.label) if surname_first and one.label != other.label else None
        if turned is not None and same_name(Name(name_key(turned), turned, one.kind), other):
            return True
    for one, other in ((a, b), (b, a)):
        if " / " in one.label:
            # An option that lists its forms ("Crypto / Cryptocurrency") is each of them.
            return any(same_name(Name(name_key(part), part, one.kind), other) for part in one.label.split(" / "))
        if "/" in one.label and SLASHED_INITIALS.fullmatch(one.label):
            # A party by its initials in two languages ("SVP/UDC") is each of them.
            return any(same_name(Name(name_key(part), part, one.kind), other) for part in one.label.split("/"))
    bracketed = _bracketed_same(a, b)
    if bracketed is not None:
        return bracketed
    for one, other in ((a, b), (b, a)):
        nickname = _NICKNAME.search(one.label) if ("'" in one.label or '"' in one.label) else None
        if nickname is not None and not _NICKNAME.search(other.label):
            # "Saúl 'Canelo' Álvarez" is "Canelo", "Canelo Álvarez" and "Saúl Álvarez".
            plain = " ".join((one.label[:nickname.start()] + " " + one.label[nickname.end():]).split())
            forms = (nickname.group(1), plain, f"{nickname.group(1)} {plain.split()[-1]}" if plain else "")
            if any(same_name(Name(name_key(form), form, one.kind), other) for form in forms if form):
                return True
    for one, other in ((a, b), (b, a)):
        work = WORK_BY.fullmatch(one.label)
        if work and not WORK_BY.fullmatch(other.label):
            # A work written with its author ("Mayhem - Lady Gaga", "Golden Hour by Kacey
            # Musgraves") is the option the other venue names by either.
            return any(same_name(Name(name_key(part), part, one.kind), other) for part in work.groups())
    a_words, b_words = _regnal_off(a.words, b.words), _regnal_off(b.words, a.words)
    if not a_words or not b_words:
        return False
    a_suffix, b_suffix = _generation(a_words), _generation(b_words)
    if a_suffix != b_suffix:
        # "Donald Trump Jr." is not "Donald Trump"; "Kennedy" alone may still be either.
        if a_suffix and b_suffix or len(a_words if not a_suffix else b_words) >= 2:
            return False
    a_words, b_words = a_words[:len(a_words) - bool(a_suffix)], b_words[:len(b_words) - bool(b_suffix)]
    if not a_words or not b_words:
        return False
    short, long = (a_words, b_words) if len(a_words) <= len(b_words) else (b_words, a_words)
    short_name, long_name = (a, b) if short is a_words else (b, a)
    if len(short) == 1 and len(long) >= 2:
        initials = _initials(short_name.label.removesuffix(" Jr.").removesuffix(" Jr"))
        if initials and initials in ("".join(word[0] for word in long), _content_initials(long)):
            return True
        if initials and _owner_first(long_name.label) and len(long) >= 3 \
                and initials in ("".join(word[0] for word in long[1:]), _content_initials(long[1:])):
            # "INEC" of "Nigeria's Independent National Electoral Commission": the body's initials
            # leave out the country that owns it.
            return True
        if f"{short[0]}-" in fold_short(long_name.label) and long_name.label.find("-") > 0:
            return fold_short(long_name.label).startswith(f"{short[0]}-")
        if short[0] == long[0] and all(word in _ORGANISATION_WORDS for word in long[1:]):
            return True  # "FaZe" of "FaZe Clan": the rest says only that it is a team
        if "person" not in (a.kind, b.kind) and syllables_of(_initials(short_name.label), long):
            return True
    if len(short) == len(long):
        return all(same_word_spelling(x, y) for x, y in zip(short, long, strict=True)) \
            or (_initial_for_surname(short, long) and "org" not in (a.kind, b.kind)) or _initialled(short, long)
    if tuple(short) in NATIONAL_LEAGUE_WORDS and len(long) > len(short) and tuple(long[-len(short):]) == tuple(short):
        # "Austrian Bundesliga", "Brazilian Serie A": a national league's own country was read off its
        # name (short_forms.py), so a word still before it names another country's league.
        return False
    matched = [any(same_word_spelling(word, other) for other in long) for word in short]
    if not all(matched):
        return False
    extra = [word for word in long if not any(same_word_spelling(word, other) for other in short)]
    if _NARROWING.intersection(extra) or _qualified(short, long):
        # "Chinese Grand Prix Sprint" is not the "Chinese Grand Prix": a word naming a lesser
        # session, a side or a grade of a competition makes it another one; so does a qualifier
        # of an office or a thing ("Virtual Safety Car" is not the "Safety Car").
        return False
    if len(short) >= 2 and _led_by_initials(a) and _led_by_initials(b) and _inserted(short, long) \
            and not all(word in _UNMARKED for word in extra):
        # "AFL Minor Premiership" is not "AFL Premiership": a word set inside the name of an
        # organisation's competition or body (not after it, as "Ohio State Buckeyes" extends
        # "Ohio State") names another one. A person's middle name ("Rafael Mariano Grossi") does not.
        return False
    # A single word stands for a longer name only as its last word (a surname, "Madrid" of
    # "Real Madrid"); "Manchester" alone names neither Manchester club.
    return len(short) >= 2 or same_word_spelling(short[0], long[-1])


def _same_route(a: str, b: str) -> bool:
    """Whether two names of places joined by hyphens ("Milan-San Remo" / "Milano-Sanremo", a
    race's or a route's) name the same places in turn, each written apart or together ("San Remo"
    / "Sanremo") and in its own language or another that adds a final vowel ("Milan" / "Milano").
    Another place in turn ("Paris-Nice" / "Paris-Roubaix") is another route."""
    a_parts, b_parts = _route_parts(a), _route_parts(b)
    return len(a_parts) == len(b_parts) >= 2 and all(_same_place(x, y) for x, y in zip(a_parts, b_parts, strict=True))


def _route_parts(label: str) -> list[str]:
    return ["".join(words(fold_short(part))) for part in label.split("-")]


def _same_place(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return bool(short) and (same_word_spelling(a, b)
                            or (len(short) >= 5 and len(long) == len(short) + 1 and long.startswith(short)
                                and long[-1] in "aeiou"))


def _office_of(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether an office of a country ("Prime Minister of Canada", "President of the Philippines")
    is the other name, its office after the country's adjective or name ("Canadian Prime Minister",
    "Canada's Prime Minister"): the same office words, no more ("Deputy Prime Minister" is
    another office)."""
    if "of" not in one[1:-1]:
        return False
    at = one.index("of")
    office, country = one[:at], one[at + 1:]
    if country[:1] == ("the",):
        country = country[1:]
    return len(country) == 1 and len(other) == len(office) + 1 and other[1:] == office \
        and same_country_word(other[0], country[0])


def is_category(name: Name) -> bool:
    """An award's category ("Best Actress"): what is won, never who acts."""
    return _category_words(name) is not None


def _category_words(name: Name) -> frozenset[str] | None:
    """The words of an award's category ("Best Motion Picture - Drama"), in their one spelling and
    any order: "Best Drama Film" and "Best Picture (Drama)" are that category, "Best Picture -
    Comedy" is not. None for a name that is no category."""
    if len(name.words) < 2 or name.words[0] != "best":
        return None
    return frozenset(_CATEGORY_NOUNS.get(word) or SYNONYMS.get(stem(word)) or stem(word) for word in name.words)


# A film award's noun in its three words ("Best Picture", "Best Film", "Best Movie").
_CATEGORY_NOUNS = {"picture": "film", "movie": "film", "films": "film", "pictures": "film"}


_LABEL_ABBREVIATION = re.compile(r"^(.*\S)\s*\(([A-Z][A-Z0-9&.\-]{1,9})\)$")


def _split_abbreviation(name: Name) -> tuple[Name, str] | None:
    """"Acme Corp (ACME)" -> (Acme Corp, "ACME"): an option written with its abbreviation or ticker
    in brackets after it."""
    if not name.label.endswith(")"):
        return None
    match = _LABEL_ABBREVIATION.match(name.label)
    if match is None:
        return None
    base = match.group(1)
    return Name(name_key(base), base, name.kind), match.group(2).replace(".", "")


def _bracketed_same(a: Name, b: Name) -> bool | None:
    """Two names of which one or both carry a bracketed abbreviation: both the same abbreviation
    ("Partido Verde (PV)" / "Green Party (PV)": the venues tie each name to it) is one name, two
    different ones are two; one alone is its name ("Acme Corp (ACME)" / "Acme Corp") or its
    abbreviation ("Social Liberal Party (SLP)" / "SLP"). None when neither carries one."""
    a_split, b_split = _split_abbreviation(a), _split_abbreviation(b)
    if a_split is None and b_split is None:
        return None
    if a_split is not None and b_split is not None:
        if a_split[1] != b_split[1]:
            return False
        # The same code after two names is one name only where it abbreviates one of them: a
        # party's or a state's code after two candidates ("(GOP)", "(R-TX)") names neither.
        return _abbreviates(*a_split) or _abbreviates(*b_split) or same_name(a_split[0], b_split[0])
    (base, abbreviation), other = (a_split, b) if a_split is not None else (b_split, a)  # type: ignore[misc]
    if other.label.replace(".", "").strip() == abbreviation:
        return _abbreviates(base, abbreviation)
    if abbreviation in _STATE_CODES:
        # "Miami (OH)" is another school than "Miami": a state's code names which one.
        return False
    return same_name(base, other)


_STATE_CODES = frozenset(code for _, code in US_STATES)


def _abbreviates(name: Name, abbreviation: str) -> bool:
    """Whether ``abbreviation`` spells the initials of ``name``'s words, with or without the small
    words inside it ("PV" of "Partido Verde", "SLP" of "Social Liberal Party")."""
    code = abbreviation.lower()
    words = name_key(name.label.replace("-", " ")).split()
    return code in ("".join(word[0] for word in words),
                    "".join(word[0] for word in words if word not in NAME_PARTICLES and word != "and"))


def _initialled(a: tuple[str, ...] | list[str], b: tuple[str, ...] | list[str]) -> bool:
    """"L. Tovar" of "Lucia Tovar": the same surname, and each given name either the same or
    written by its initial on one side (at least one is)."""
    if len(a) < 2 or not any(len(word) == 1 for word in (*a[:-1], *b[:-1])) or len(a[-1]) < 3 \
            or not same_word_spelling(a[-1], b[-1]):
        return False
    initial = False
    for x, y in zip(a[:-1], b[:-1], strict=True):
        if same_word_spelling(x, y):
            continue
        one, other = (x, y) if len(x) == 1 else (y, x)
        if len(one) != 1 or len(other) < 2 or not one.isalpha() or other[0] != one:
            return False
        initial = True
    return initial


# A nickname quoted inside a full name: "Saúl 'Canelo' Álvarez", 'Dwayne "The Rock" Johnson'.
_NICKNAME = re.compile(r"""(?:(?<=\s)|^)['"‘“]([A-Z][\w.\- ]{1,24}?)['"’”](?=\s|$)""")


def _initial_for_surname(a: tuple[str, ...] | list[str], b: tuple[str, ...] | list[str]) -> bool:
    """"Gukesh D" of "Gukesh Dommaraju": the same given names, and a surname written as its
    initial on one side; or, as South Indian names are written, "D Gukesh", the family name's
    initial first. Two people of one event whose names differ only there are left to the
    matcher, which never pairs one market with two."""
    if len(a) == 2 and len(b) == 2:
        for one, other in ((a, b), (b, a)):
            if len(one[0]) == 1 and len(one[1]) >= 3 and one[1] == other[0] and len(other[1]) >= 2 \
                    and other[1][0] == one[0]:
                return True
    if len(a) < 2 or a[:-1] != b[:-1] or len(a[0]) < 3:
        return False
    last_a, last_b = a[-1], b[-1]
    initial, full = (last_a, last_b) if len(last_a) == 1 else (last_b, last_a)
    return len(initial) == 1 and len(full) >= 2 and full[0] == initial


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
# "Pope Leo XIV" is "Pope Leo" while one of that name reigns: a title's holder with the number
# of the reign, against the same title and name without one.
_REGNAL_TITLES = frozenset({"pope", "king", "queen", "emperor", "tsar", "sultan"})
_ROMAN = re.compile(r"[ivxlc]+")


def _regnal_off(words: tuple[str, ...], other: tuple[str, ...]) -> tuple[str, ...]:
    if len(words) >= 3 and words[0] in _REGNAL_TITLES and _ROMAN.fullmatch(words[-1]) \
            and other[:1] == words[:1] and not (other and _ROMAN.fullmatch(other[-1])):
        return words[:-1]
    return words


# Words that say a name is a team, a company or a competition and nothing else about which one
# ("the Masters Tournament" is "the Masters").
_ORGANISATION_WORDS = frozenset({"clan", "gaming", "esports", "team", "club", "fc", "inc", "corp", "group", "tournament",
                                 "championship", "championships"})
# Words that make a competition's name another competition: a lesser session, the other sex, a
# grade of age or level.
_NARROWING = frozenset({"sprint", "qualifying", "qualifier", "qualifiers", "practice", "shootout", "women", "woman",
                        "womens", "w", "junior", "juniors", "youth", "u17", "u19", "u20", "u21", "u23", "reserve",
                        "reserves", "minor", "preseason", "exhibition", "amateur", "senior", "seniors", "paralympic",
                        # A championship's Grand Slam or Triple Crown is a feat within it, not the title.
                        "slam", "triple"})
# Words that make a name another thing of its kind: an office held for a time or by a deputy
# ("Interim CEO", "Acting Director", "Deputy Prime Minister"), a stand-in for the thing ("Virtual
# Safety Car"), a former holder, written right before the name they qualify. A name is a longer
# one's short form only when the words it leaves out say nothing of the kind (a given name, a
# club's city); these words always do.
_QUALIFIERS = frozenset({"interim", "acting", "virtual", "deputy", "vice", "assistant", "associate", "former",
                         "honorary", "provisional", "caretaker", "shadow", "lieutenant", "temporary", "alternate",
                         "emeritus", "designate", "elect", "co", "ex", "sub", "under", "pro", "semi", "mini",
                         # A flight's kind written before its vehicle ("Crewed Starship flight").
                         "crewed", "uncrewed", "manned", "unmanned", "orbital", "suborbital"})


def qualified_in(words: tuple[str, ...], context: str) -> bool:
    """Whether a market's folded texts write a qualifier right before these words ("the deputy pm
    of canada"): they name another office there."""
    phrase = " ".join(words)
    return phrase in context and any(f"{qualifier} {phrase}" in context for qualifier in _QUALIFIERS)


def _qualified(short: list[str] | tuple[str, ...], long: list[str] | tuple[str, ...]) -> bool:
    """Whether ``long`` is ``short`` with a qualifier written right before it ("Acting Managing
    Director"); a title before a person's name ("Vice Chancellor Jane Doe") qualifies no office."""
    start = next((i for i, word in enumerate(long) if same_word_spelling(word, short[0])), 0)
    return start > 0 and long[start - 1] in _QUALIFIERS


# What a competition's name leaves unmarked: "the ICC Cricket World Cup" is the men's.
_UNMARKED = frozenset({"men", "mens", "man"})


def syllables_of(short: str, long: list[str] | tuple[str, ...]) -> bool:
    """"NAVI" of "Natus Vincere": an initialism of four or five capitals that spells the first two
    or three letters of each word of the long name in turn."""
    if len(short) < 4:
        return False

    def spells(rest: str, words: list[str] | tuple[str, ...]) -> bool:
        if not words:
            return not rest
        return any(len(words[0]) > size and rest.startswith(words[0][:size]) and spells(rest[size:], words[1:])
                   for size in (2, 3))

    return len(long) >= 2 and spells(short, long)


def _content_initials(words: tuple[str, ...]) -> str:
    """The initials of a name's words without the small words inside it ("Director of National
    Intelligence" -> "dni", "Bank of England" -> "be"): how an office or a body is abbreviated.
    Three letters at least, so that two words joined by "of" spell no short code."""
    found = "".join(word[0] for word in words if word not in NAME_PARTICLES and word != "and")
    return found if len(found) >= 3 else ""


def _owner_first(label: str) -> bool:
    """A name that starts with its owner's possessive ("Nigeria's Independent National Electoral
    Commission", "Canada's Competition Bureau")."""
    first = label.split(maxsplit=1)[0] if label.strip() else ""
    return first.endswith(("'s", "’s")) and first[:1].isupper()


def _led_by_initials(name: Name) -> bool:
    """A name that starts with an organisation's initials ("AFL Premiership", "NRL Grand Final")."""
    first = name.label.split(maxsplit=1)[0] if name.label.strip() else ""
    return 2 <= len(first) <= 5 and first.isalpha() and first.isupper()


def _inserted(short: list[str] | tuple[str, ...], long: list[str] | tuple[str, ...]) -> bool:
    """Whether ``long`` holds a word of its own between two words of ``short``."""
    places = [next((i for i, other in enumerate(long) if same_word_spelling(word, other)), -1) for word in short]
    return any(later - earlier > 1 for earlier, later in zip(places, places[1:]) if earlier >= 0 and later > earlier)


def _generation(words: tuple[str, ...]) -> str:
    return words[-1] if len(words) >= 2 and words[-1] in GENERATIONS else ""


def initials_of(short: Name, long: Name) -> str:
    """The letters of ``short`` when it is written as initials ("JD", "A.J.", "MTG") spelling the
    words of ``long``, another name of two words or more; "" otherwise. Such letters fit anyone
    whose name starts that way: what ties them to one bearer is the markets' texts."""
    letters = _initials(short.label)
    if not letters or len(short.words) != 1 or not personal(long) or short.key == long.key:
        return ""
    return letters if letters == "".join(word[0] for word in long.words) else ""


# Words that make a name of capitalised words a body, an office or an occasion, not a person.
_IMPERSONAL = frozenset({
    "party", "bank", "national", "union", "league", "council", "association", "company", "group", "fund", "agency",
    "commission", "committee", "bureau", "authority", "institute", "ministry", "department", "office", "house",
    "court", "federation", "alliance", "front", "movement", "chief", "director", "minister", "secretary",
    "president", "general", "pm", "awards", "games", "cup", "open", "championship", "series", "trophy", "prix"})


def personal(name: Name) -> bool:
    """A name that may be a person's: two to four words, none small ("of", "and") or of a body,
    an office or an occasion ("Paul Thomas Anderson", not "Chief of Naval Logistics")."""
    if name.kind == "person":
        return len(name.words) >= 2
    return name.kind == "name" and 2 <= len(name.words) <= 4 and _IMPERSONAL.isdisjoint(name.words) \
        and NAME_PARTICLES.isdisjoint(name.words) and "and" not in name.words


def _initials(label: str) -> str:
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
