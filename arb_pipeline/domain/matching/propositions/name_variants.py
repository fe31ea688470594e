"""When two names are one: the same key, one the short form, the initials or the surname of the
other ("Powell" / "Jerome Powell", "PTA" / "Paul Thomas Anderson"), one transliteration, a quoted
nickname, a bracketed abbreviation, an office of a country written two ways; and the words that
make a longer name another one (a qualifier of an office, a narrower competition, a regnal
number, an award's category).

Apart from names.py, which finds names in a market's texts and keys them: this module only
compares two names already found, and reads the key, spelling and initials rules from there.
"""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions.demonyms import same_country_word
from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.domain.matching.propositions.lexicon.sports import NATIONAL_LEAGUE_WORDS
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import SYNONYMS
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.names import (
    GENERATIONS,
    NAME_PARTICLES,
    given_name_first,
    label_initials,
    name_key,
    same_word_spelling,
)
from arb_pipeline.domain.matching.propositions.parties import SLASHED_INITIALS
from arb_pipeline.domain.matching.propositions.text import fold_short, stem, words
from arb_pipeline.domain.matching.propositions.works import WORK_BY


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
        initials = label_initials(short_name.label.removesuffix(" Jr.").removesuffix(" Jr"))
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
        if "person" not in (a.kind, b.kind) and syllables_of(label_initials(short_name.label), long):
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
    letters = label_initials(short.label)
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
