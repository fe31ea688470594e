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


def _forms(country: str) -> tuple[tuple[str, str, re.Pattern[str], bool], ...]:
    """Every (English name, form, pattern of the form, matched as written) of a country's parties
    and chamber. A name is matched in lower case, an abbreviation as written ("PiS", not "pis")."""
    parties = PARTIES.get(country, ())
    forms = [(english, form, _words(form), False) for english, natives, _ in parties for form in (english, *natives)]
    forms += [(english, form, re.compile(rf"(?<![A-Za-z0-9]){re.escape(ascii_letters(form))}(?![A-Za-z0-9])"), True)
              for english, _, abbreviations in parties for form in abbreviations]
    if country in CHAMBERS:
        englishes, natives = CHAMBERS[country]
        forms += [(englishes[0], form, _words(form), False) for form in (*englishes, *natives)]
    return tuple(forms)


_FORMS = {country: _forms(country) for country in COUNTRY_WORDS}
# A country is named by its words or by its chamber's own name ("the Sejm" is Poland's): one pass
# over a text finds every country it names.
_COUNTRY_BY_WORD = {**{word: country for country, words in COUNTRY_WORDS.items() for word in words},
                    **{ascii_letters(native).lower(): country for country, (_, natives) in CHAMBERS.items() for native in natives}}
_COUNTRY = re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(_COUNTRY_BY_WORD, key=len, reverse=True))) + r")\b")
# The alternation is slow to try at every word, and most titles name no country. A country's first
# word (ASCII letters, as every country word is) is then a whole word of the text, so it is one of
# the words its UTF-8 bytes split into once every byte that is no ASCII letter, digit or "_" is a
# space: where none of them is, the pattern cannot match.
_COUNTRY_FIRST_WORDS = frozenset(word.split()[0].encode() for word in _COUNTRY_BY_WORD)
_WORD_BYTES = bytes(b if chr(b).isascii() and (chr(b).isalnum() or chr(b) == "_") else ord(" ") for b in range(256))
# Every party's name in each of its forms, in lower case: one name, however many names it holds
# ("Social Democratic Party of Finland" is not the "Democratic Party" and some other words).
PARTY_NAMES = frozenset(ascii_letters(form).lower() for parties in PARTIES.values() for english, natives, _ in parties
                        for form in (english, *natives))
PARTY_NAMES_WITH_AND = frozenset(name for name in PARTY_NAMES if " and " in name)
# A party by its initials in two or more languages, written with a slash between them ("SVP/UDC",
# "SP/PS"): each of them names it.
SLASHED_INITIALS = re.compile(r"[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,4}(?:/[A-ZÄÖÜ][A-Za-zÄÖÜ]{1,4})+")
# Every chamber's name in lower case: a chamber is never where a race is run.
CHAMBER_NAMES = frozenset(ascii_letters(form).lower() for englishes, natives in CHAMBERS.values() for form in (*englishes, *natives))


@lru_cache(maxsize=1 << 14)
def known_aliases(heads: str, opening: str) -> tuple[tuple[str, str], ...]:
    """(English name, other form) of every party and chamber of a country the titles (``heads``)
    name, that the titles or the opening of the rules name in any form: "Partido Popular" in a
    market on Spain's election declares "People's Party" / "PP". A form the market writes itself is
    not declared: the comparison renames only the other market's names, so the other market's
    "Partido Popular" would become "People's Party" while this one's stayed as written. The
    country is looked for in the titles alone, where a market names its election: most markets
    name none, and leave at that one short search."""
    lowered = heads.lower()
    if _COUNTRY_FIRST_WORDS.isdisjoint(lowered.encode().translate(_WORD_BYTES).split()):
        return ()
    countries = dict.fromkeys(_COUNTRY_BY_WORD[word] for word in _COUNTRY.findall(lowered))
    if not countries:
        return ()
    text = ascii_letters(f"{heads} | {opening}")
    lowered = text.lower()
    found: list[tuple[str, str]] = []
    for country in countries:
        forms = _FORMS[country]
        written = {form for _, form, pattern, cased in forms if pattern.search(text if cased else lowered)}
        named = {english for english, form, _, _ in forms if form in written}
        # A market writing the English name beside another form ("the National Rally (RN)")
        # declares that form too: the other market's "RN" is then the "National Rally" it names.
        found.extend((english, form) for english, form, _, _ in forms
                     if english in named and form != english and (form not in written or english in written))
        # A market on the country's parliament that writes only its adjective ("the 2027 Polish
        # parliamentary election") names the chamber the other writes in its own language ("Sejm").
        adjective = COUNTRY_WORDS[country][1].capitalize()
        _, natives = CHAMBERS.get(country, ((), ()))
        found.extend((adjective, native) for native in natives if native not in written)
    return tuple(found)
