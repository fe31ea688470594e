"""A party or a chamber named in its country's language on one venue and in English on the other
(``lexicon/parties.py``), given to the comparison as names the market declares equal: the same
hook as "Strategy (formerly MicroStrategy)" (equivalence/aliases.py), so a form is used against
the other market only where that market does not name both apart."""

from __future__ import annotations

import re
from functools import lru_cache

from arb_pipeline.domain.matching.propositions.lexicon.parties import CHAMBERS, COUNTRY_WORDS, PARTIES
from arb_pipeline.domain.matching.propositions.text import ascii_letters


def _words(form: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(ascii_letters(form).lower())}(?![a-z0-9])")


# Per country: every (English name, form, pattern of the form) of its parties and chambers. A
# name is matched in lower case, an abbreviation as written ("PiS", not "pis").
_FORMS: dict[str, tuple[tuple[str, str, re.Pattern[str], bool], ...]] = {
    country: tuple(
        [(english, form, _words(form), False) for c, english, natives, _ in PARTIES if c == country
         for form in (english, *natives)]
        + [(english, form, re.compile(rf"(?<![A-Za-z0-9]){re.escape(ascii_letters(form))}(?![A-Za-z0-9])"), True)
           for c, english, _, abbreviations in PARTIES if c == country for form in abbreviations]
        + [(englishes[0], form, _words(form), False) for c, englishes, natives in CHAMBERS if c == country
           for form in (*englishes, *natives)])
    for country in COUNTRY_WORDS
}
# A country is named by its words or by its chamber's own name ("the Sejm" is Poland's).
_COUNTRY = {country: re.compile(r"\b(?:" + "|".join(map(re.escape, (
    *words, *(ascii_letters(native).lower() for c, _, natives in CHAMBERS if c == country for native in natives)))) + r")\b")
    for country, words in COUNTRY_WORDS.items()}
# Every party's name in each of its forms, in lower case: one name, however many names it holds
# ("Social Democratic Party of Finland" is not the "Democratic Party" and some other words).
PARTY_NAMES = frozenset(ascii_letters(form).lower() for _, english, natives, _ in PARTIES for form in (english, *natives))
PARTY_NAMES_WITH_AND = frozenset(name for name in PARTY_NAMES if " and " in name)
# Every chamber's name in lower case: a chamber is never where a race is run.
CHAMBER_NAMES = frozenset(ascii_letters(form).lower() for _, englishes, natives in CHAMBERS for form in (*englishes, *natives))


@lru_cache(maxsize=1 << 14)
def known_aliases(raw: str) -> tuple[tuple[str, str], ...]:
    """(English name, other form) of every party and chamber of a country ``raw`` names that
    ``raw`` names in any form: "Partido Popular" in a market on Spain's election declares "People's
    Party" / "Partido Popular" and "People's Party" / "PP"."""
    text = ascii_letters(raw)
    lowered = text.lower()
    found: list[tuple[str, str]] = []
    for country, country_words in _COUNTRY.items():
        if country_words.search(lowered) is None:
            continue
        forms = _FORMS[country]
        named = {english for english, _, pattern, cased in forms if pattern.search(text if cased else lowered)}
        found.extend((english, form) for english, form, _, _ in forms if english in named and form != english)
        # A market on the country's parliament that writes only its adjective ("the 2027 Polish
        # parliamentary election") names the chamber the other writes in its own language ("Sejm").
        adjective = COUNTRY_WORDS[country][1].capitalize()
        found.extend((adjective, native) for c, _, natives in CHAMBERS if c == country for native in natives)
    return tuple(found)
