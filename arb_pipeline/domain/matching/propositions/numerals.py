"""Numbers in the written forms one venue uses and the other does not, in one form before a market
is read: Roman numerals that number a title or an event, a sequel's digit written onto initials
("RDR3" is "RDR 3"), and a season across two years ("2027/2028" is "2027-28").

"Final Fantasy XVII" is "Final Fantasy 17", "WrestleMania XLIII" "WrestleMania 43", "Artemis II"
"Artemis 2": one venue writes the numeral, the other the digits, and read as they stand the digits
were a number only one market states. A numeral is read as a number only where it is a word of its
own right after a capitalised word (a title or a name), in capitals, of two letters or more among
I, V, X and L, and written the one correct way ("XIV", never "VIX"): "I" is a pronoun, "X" and "V"
alone name things ("Model X", "Section V"), and a numeral inside a word ("MIX", "CIVIC") is no
numeral. A reign's number stays as written ("Pope Leo XIV", "King Charles III": the regnal reading
in :mod:`.name_variants` needs it), and so does a generation after a person's name: "II", "III"
and "IV" after two capitalised words or more ("Trey Murphy III") may be one, so they are read only
after a single word ("Artemis II", "Part II", "GTA IV"). All capitals ("FINAL FANTASY XVII RELEASE")
say nothing of what is a title, and are left alone. (docs/matching.md, "Number forms of the
thirteenth round".)
"""

from __future__ import annotations

import re
from dataclasses import replace

from arb_pipeline.domain.models import Market

# Two numeral letters or more: the one test most texts fail (a search for the first letter of a
# character class the regex engine skips to).
_CANDIDATE = re.compile(r"[IVXL]{2,7}")
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}
_ROMAN_UNITS = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
# The capitalised words right before a numeral, each followed by one space: the title it numbers.
_RUN_BEFORE = re.compile(r"(?:(?<=[\s:(\"'“‘])|^)((?:[A-Z][\w'’&.-]* )+)$")
# Words that open a question or a clause: capitalised there, no part of a title.
_OPENERS = frozenset({"Will", "Does", "Did", "Is", "Are", "Was", "Can", "Could", "Should", "Would", "Who", "What",
                      "Which", "When", "How", "Has", "Have", "The", "A", "An", "If", "In", "On", "At", "By", "Before",
                      "After"})
_REGNAL_TITLES = frozenset({"Pope", "King", "Queen", "Emperor", "Tsar", "Sultan", "Prince", "Princess"})
_GENERATIONS = frozenset({"II", "III", "IV"})


def _value(numeral: str) -> int | None:
    """The number a numeral writes, or None when it is not written the one correct way."""
    total = 0
    for letter, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = _VALUES[letter]
        total += -value if following != " " and _VALUES[following] > value else value
    written = ""
    rest = total
    for unit, letters in _ROMAN_UNITS:
        while rest >= unit:
            written += letters
            rest -= unit
    return total if written == numeral and total >= 2 else None


def _digits(match: re.Match[str], text: str) -> str:
    numeral = match.group(0)
    start, end = match.span()
    if end < len(text) and (text[end].isalnum() or text[end] in "-'’") and not text.startswith(("'s", "’s"), end):
        return numeral
    if start and text[start - 1].isalnum():
        return numeral
    value = _value(numeral)
    run = _RUN_BEFORE.search(text, max(0, start - 80), start)
    if value is None or run is None:
        return numeral
    words = run.group(1).split()
    while words and words[0] in _OPENERS:
        words = words[1:]
    if not words or any(word in _REGNAL_TITLES for word in words):
        return numeral
    if words[-1].isupper() and len(words[-1]) > 5:
        # A heading in capitals ("FINAL FANTASY XVII") marks no title apart from its other words.
        return numeral
    if numeral in _GENERATIONS and len(words) >= 2:
        # "Trey Murphy III": a person's generation, which names the person, not a number.
        return numeral
    return str(value)


# Initials with a one-digit number written onto them ("RDR3", "TES6"): the initials of a name and
# the number of its sequel, as "Red Dead Redemption 3" writes them apart. Three letters at least:
# two are codes of their own ("BO3" a best-of-three, "CS2" a game). A second digit may be a year
# ("WWDC26", "FY27"), read elsewhere.
_INITIALS_NUMBER = re.compile(r"(?<![\w-])([A-Z]{3,5})([1-9])(?![\w-])")
_LETTER_DIGIT = re.compile(r"[A-Z][1-9]")


# Two years in a row, as a season or a fiscal year writes them ("2027-2028", "2027/28", "2027/2028",
# "2027–28"): one form, "2027-28", which the date reader reads as one season or term.
_YEAR_PAIR = re.compile(r"(?<![\w/.-])((?:19|20)\d\d) ?[/–—-] ?((?:19|20)?\d\d)(?![\w/–-]|\.\d)")
_YEAR_PAIR_HINT = re.compile(r"\d\d ?[/–—-] ?\d\d")


def _one_season(match: re.Match[str]) -> str:
    first, second = int(match.group(1)), int(match.group(2))
    if (second if second >= 100 else first // 100 * 100 + second) != first + 1:
        return match.group(0)
    return f"{first}-{second % 100:02d}"


def _rewritten(text: str) -> str:
    if _CANDIDATE.search(text) is not None:
        text = _CANDIDATE.sub(lambda match: _digits(match, text), text)
    if _LETTER_DIGIT.search(text) is not None:
        text = _INITIALS_NUMBER.sub(r"\1 \2", text)
    if _YEAR_PAIR_HINT.search(text) is not None:
        text = _YEAR_PAIR.sub(_one_season, text)
    return text


def numerals_read(market: Market) -> Market:
    """``market`` with the Roman numerals that number its titles and events written as digits."""
    # Only a market whose titles write such a number is rewritten (its rules with them, so the
    # number they restate reads alike): the short titles are searched, not kilobytes of rules.
    heads = "\n".join((market.title, market.subtitle or "", market.event_title or ""))
    if _CANDIDATE.search(heads) is None and _LETTER_DIGIT.search(heads) is None and _YEAR_PAIR_HINT.search(heads) is None:
        return market
    texts = (market.title, market.subtitle or "", market.event_title or "", market.rules)
    title, subtitle, event_title, rules = (_rewritten(text) for text in texts)
    if (title, subtitle, event_title, rules) == texts:
        return market
    return replace(market, title=title, subtitle=subtitle if market.subtitle is not None else None,
                   event_title=event_title if market.event_title is not None else None, rules=rules)
