"""A country and its adjective or people as one word of a name ("Israel" / "Israeli", "China" /
"Chinese", "Finland" / "Finnish", "France" / "French").

Apart from names.py because it compares single words by their endings and the party table's
country words, not names by their spellings; the name comparison (name_variants.py) and the
equivalence checks of banks, contests and statements use it alone.
"""

from __future__ import annotations

from arb_pipeline.domain.matching.propositions.lexicon.parties import COUNTRY_WORDS

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
