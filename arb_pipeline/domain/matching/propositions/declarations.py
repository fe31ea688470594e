"""Names a market declares equal.

The venues often name one entity twice in one text: "Strategy (formerly MicroStrategy)", "Meta
Platforms, the parent of Facebook", "Alphabet Inc. (Google)", "the National Coalition Party
(Kokoomus)", "Quillon Holdings d/b/a Vantor Labs", "Armand 'Mondo' Duplantis". What one market
declares is true of the entity whichever venue names it, so the comparison lets either name stand
for the other (equivalence/aliases.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import ALIAS_KEY
from arb_pipeline.domain.matching.propositions.names import NAME_PARTICLES, NOT_NAMES, name_key
from arb_pipeline.domain.matching.propositions.text import ascii_letters, contains_any, fold_short

# A word of a name: capitalised, or a capitalised word after an elided article ("d'Italia").
_DECLARED_WORD = r"(?:[dl]['’])?[A-Z][\w&'’.\-]*"
_DECLARED_NAME = (rf"{_DECLARED_WORD}(?:\s+(?:(?:of|de|di|del|della|da|do|dos|la|le|van|von|the|and|&|y|e)\s+)*"
                  rf"{_DECLARED_WORD})*")
# The words that say the next name is the same entity's other name.
_CLAUSE_CUE = (r"(?:formerly(?: known as| called| named)?|previously(?: known as| called)?|also known as"
               r"|a\.k\.a\.?|aka|f/k/a|fka|d/b/a|dba|doing business as|trading as)")
# In brackets "now" renames too ("Twitter (now X)"); in running text it is mostly a time.
_BRACKET_CUE = rf"(?:{_CLAUSE_CUE}|now(?: known as| called)?|known as)"
# The cued ways of naming one entity twice, each read as (name, other name).
_CUED_ALIASES = (
    re.compile(rf"({_DECLARED_NAME})\s*\((?:the\s+)?{_BRACKET_CUE}\s+(?:the\s+)?({_DECLARED_NAME})\)"),
    re.compile(rf"({_DECLARED_NAME}),?\s+{_CLAUSE_CUE}\s+(?:the\s+)?({_DECLARED_NAME})"),
    # "Meta Platforms, the parent of Facebook", "Facebook's parent company Meta Platforms": a
    # parent and the brand it owns are one company to a market on either.
    re.compile(rf"({_DECLARED_NAME}),\s+(?:the\s+)?parent(?: company)? of\s+({_DECLARED_NAME})"),
    re.compile(rf"({_DECLARED_NAME})['’]s\s+parent(?: company)?,?\s+({_DECLARED_NAME})"),
)
# "the National Coalition Party (Kokoomus)": a name restated in brackets by another name.
_NAME_IN_BRACKETS = re.compile(rf"\((?:the\s+)?({_DECLARED_NAME})\)")
_NAME_BEFORE_BRACKET = re.compile(rf"({_DECLARED_NAME})\s*$")
# 'Armand "Mondo" Duplantis': the nickname with the surname is the full name.
# The pattern starts at the quote, which the regex engine finds fast (the letter and space before
# it are looked behind for once it is found); the given name is read back.
_QUOTED_NICKNAME = re.compile(r"""['"‘“](?<=[A-Za-z] ['"‘“])([A-Z][\w.\-]+(?: [A-Z][\w.\-]+)?)['"’”] ([A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)?)""")
_POSSESSIVE = re.compile(r"['’]s\b")
_GIVEN_BEFORE = re.compile(r"\b([A-Z][\w'’\-]+) $")
# A nickname's quote opens after a space (an apostrophe inside a word, "Trump's", opens none).
_OPENING_QUOTES = (" '", ' "', "‘", "“")
_ALIAS_WORDS = ("formerly", "previously", "known as", "a.k.a", "aka ", "f/k/a", "fka ", "d/b/a", "dba ",
                "doing business", "trading as", "now ", "parent")
# What a bracket after a name may say without naming the same entity: a class of its shares, a
# person's office or party, a place, a stage or a rank ("Alphabet (Class C)", "Maria Lopez
# (Republican)", "Kansas City (Missouri)", "Hart Trophy (runner-up)").
_NOT_RESTATING = frozenset({
    "class", "series", "share", "shares", "stock", "common", "ordinary", "preferred", "adr", "adrs", "units",
    "leader", "chair", "chairman", "chairwoman", "president", "ceo", "founder", "owner", "nominee", "candidate",
    "incumbent", "runner", "runner-up", "finalist", "republican", "republicans", "democrat", "democrats",
    "democratic", "independent", "libertarian", "green", "party", "county", "city", "state", "province",
    "region", "district", "time", "edition", "season", "round", "division", "conference", "league", "men", "women",
    "mens", "womens", "junior", "senior", "cup", "championship", "championships", "tournament", "open", "prix",
    "formula", "olympics", "games", "world", "best"})
_STATE_NAMES = frozenset(name.lower() for name, _ in US_STATES)


@lru_cache(maxsize=1 << 15)
def market_declarations(heads: str, opening: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The second names (:func:`declared_aliases`) and the award descriptions
    (:func:`award_descriptions`) of a market's titles and the opening of its rules, read once per
    distinct pair of texts. Most markets declare nothing, and leave at :func:`_may_declare`."""
    if not _may_declare(heads) and not _may_declare(opening):
        return (), ()
    aliases = tuple(dict.fromkeys((*declared_aliases(heads), *declared_aliases(opening))))
    awards = tuple(dict.fromkeys((*award_descriptions(heads), *award_descriptions(opening))))
    return aliases, awards


def _may_declare(raw: str) -> bool:
    """Whether ``raw`` holds what every declaration needs: a bracket, a cue word of a second name
    or of an award's description, or a nickname in quotes. One short test per text, where reading
    each form's own cues cost about 10 µs a market (docs/matching.md, "Names a market states equal
    itself")."""
    return "(" in raw or contains_any(raw, _DECLARATION_WORDS) or _QUOTED_NICKNAME.search(raw) is not None


@lru_cache(maxsize=1 << 14)
def cued_aliases(raw: str) -> tuple[tuple[str, str], ...]:
    """(name, other name) for every entity ``raw`` names twice after words that say so
    ("formerly", "also known as", "d/b/a", "the parent of"): the declarations an option's own
    label may make. A plain bracket in a label ("Bad Bunny (Música Urbana)") tells the market from
    its siblings instead."""
    if not raw or not contains_any(raw, _ALIAS_WORDS):
        return ()
    found: list[tuple[str, str]] = []
    text = ascii_letters(raw)  # rare: only texts with a cue word get here
    for pattern in _CUED_ALIASES:
        for match in pattern.finditer(text):
            _declare(found, match.group(1), match.group(2))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=1 << 14)
def declared_aliases(raw: str) -> tuple[tuple[str, str], ...]:
    """(name, other name) for every entity ``raw`` names twice: after "formerly", "also known as",
    "a.k.a.", "d/b/a", "doing business as", "trading as" (in brackets or in a clause), as a parent
    "of" its brand, as a name restated by another in brackets, or as a nickname quoted inside a
    full name. Empty for a text that declares none (most of them: a substring test rules them out
    before any pattern runs)."""
    if not raw:
        return ()
    quoted = contains_any(raw, _OPENING_QUOTES)
    found = list(cued_aliases(raw))
    if not found and not quoted and "(" not in raw:
        return ()
    # The raw text, not its ASCII letters: folding every text with a bracket or a quote costs more
    # than the rare name that starts with an accented capital is worth; name_key folds what is found.
    if "(" in raw:
        for match in _NAME_IN_BRACKETS.finditer(raw):
            inside = match.group(1)
            if not _restating(inside):
                # Initials or a code ("(CLI)", most brackets of rules): no name is looked for before it.
                continue
            before = _NAME_BEFORE_BRACKET.search(raw, max(0, match.start() - 80), match.start())
            if before is not None and _restates(before.group(1), inside):
                _declare(found, before.group(1), inside)
    if quoted:
        for match in _QUOTED_NICKNAME.finditer(raw):
            given = _GIVEN_BEFORE.search(raw, max(0, match.start() - 30), match.start())
            if given is None:
                continue
            nickname, surname = match.groups()
            # 'Sean "Puff" Combs's convictions': the possessive ends the surname.
            surname = _POSSESSIVE.split(surname, 1)[0]
            _declare(found, f"{given.group(1)} {surname}", f"{nickname} {surname}")
            _declare(found, f"{given.group(1)} {surname}", nickname)
    return tuple(dict.fromkeys(found))


# "the Hart Memorial Trophy, awarded to the NHL's most valuable player", "the Calder Medal, which
# is presented annually to the best rookie": an award and whom it goes to.
_AWARDED_TO = re.compile(rf"({_DECLARED_NAME} (?:Trophy|Award|Medal|Prize|Cup|Plate|Belt))\s*(?:,|\()\s*(?:which is |the award )?"
                         r"(?:awarded|given|presented)(?: each year| annually| every year| each season)? to the "
                         r"([^,.;()]{5,80})")
_AWARD_WORDS = ("awarded", "given", "presented")
_DECLARATION_WORDS = (*_ALIAS_WORDS, *_AWARD_WORDS)


@lru_cache(maxsize=1 << 14)
def award_descriptions(raw: str) -> tuple[tuple[str, str], ...]:
    """(award, whom it goes to) for each award ``raw`` describes: what a market that names the
    award only by what it is for ("the NHL's MVP") pays on."""
    if not raw or not contains_any(raw, _AWARD_WORDS):
        return ()
    found = []
    for match in _AWARDED_TO.finditer(ascii_letters(raw)):
        award = _declared(match.group(1))
        if award:
            found.append((award, match.group(2).strip()))
    return tuple(found)


def _declare(found: list[tuple[str, str]], name: str, other: str) -> None:
    name, other = _declared(name), _declared(other)
    if "'s" in other or "’s" in other or "'s" in name or "’s" in name:
        # "Jane Doe, formerly Acme's CEO": an office someone held is no name of theirs.
        return
    if name and other and name_key(name) != name_key(other) and _office(name) == _office(other):
        found.append((name, other))


# Words of an office or a role: "Jane Doe, formerly Prime Minister" says what she was, not another
# name of hers; an office renamed ("Secretary of War (formerly Secretary of Defense)") is one office.
_OFFICE_WORDS = frozenset({
    "president", "minister", "secretary", "governor", "senator", "mayor", "director", "chief", "officer", "ceo",
    "chair", "chairman", "chairwoman", "leader", "head", "commissioner", "ambassador", "judge", "justice", "speaker",
    "chancellor", "premier", "coach", "manager", "captain", "member", "representative", "founder", "owner"})


def _office(name: str) -> bool:
    return not _OFFICE_WORDS.isdisjoint(w.lower().strip(".,") for w in name.split())


def _declared(name: str) -> str:
    """A declared name without the sentence's words before it ("Will Strategy" -> "Strategy") and
    without a leading "the"."""
    words = name.split()
    while words and (words[0].lower().strip(".") in NOT_NAMES or words[0].lower() in NAME_PARTICLES):
        words.pop(0)
    return " ".join(words).rstrip(".,")


def _restating(inside: str) -> bool:
    """Whether a bracket's words may name an entity again: words, not the initials, which
    :func:`abbreviated_names` reads, nor a code with a digit. Capitals alone ("CPI-U",
    "ETHUSD_RTI") are an abbreviation or a code."""
    inside = _declared(inside)
    return bool(inside) and not inside.isupper() and not any(c.isdigit() for c in inside)


def _restates(outside: str, inside: str) -> bool:
    """Whether a bracket after a name, whose words are :func:`_restating`, names the same entity:
    another name in words, neither a place nor what tells one share, office, party or rank of the
    entity from another, and no name inside a longer one."""
    outside, inside = _declared(outside), _declared(inside)
    if not outside or any(c.isdigit() for c in outside):
        return False
    words = {w.lower().strip(".,'’") for w in f"{outside} {inside}".split()}
    inside_words = {w.lower().strip(".,'’") for w in inside.split()}
    if _NOT_RESTATING & inside_words and not (_NOT_RESTATING & inside_words) <= words - inside_words:
        # "Maria Lopez (National Unity Party)" would merge a candidate into her party: a party,
        # office, share or place word only the bracket writes says what kind of thing it names,
        # which the name outside may not be (so "Kokoomus (National Coalition Party)" is not read
        # either; "National Coalition Party (Kokoomus)" is).
        return False
    if fold_short(inside) in _STATE_NAMES or fold_short(outside) in _STATE_NAMES:
        return False
    known = ALIAS_KEY.values()
    if name_key(outside) in known or name_key(inside) in known:
        # The vocabulary already names a known body or competition in all its forms: a bracket
        # pairing it with another name says where or what it is part of ("Mercedes (Formula One)").
        return False
    if len(outside.split()) == 1 and len(inside.split()) == 1:
        # "Paris (France)", "Georgia (Tbilisi)": two one-word names in brackets are as often a
        # place and where it is as one name twice.
        return False
    return name_key(outside) != name_key(inside)