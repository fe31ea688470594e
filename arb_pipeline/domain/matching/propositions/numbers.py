"""Numbers a market pays on: comparator phrases, Kalshi strikes, units and the grid a figure is
published on.

Ranges keep strict and inclusive ends ("above 3.0%" vs "at least 3.0%") and are compared on the
grid the number is published on, so "above 199" equals "200 or more" for a count, "85° or above"
equals "above 84°" in whole degrees and "above $1.60" equals "$1.61 or more" in cents, while "at
least 3.0%" never equals "above 3.0%".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from arb_pipeline.domain.matching.propositions.model import Bound, ValueRange
from arb_pipeline.domain.matching.propositions.text import NUMBER, contains_any, to_number
from arb_pipeline.domain.models import Strike

_VALUE = rf"(\$)?\s?({NUMBER})\s?(%|°|¢|bps|bp|basis points|cents?|(?<=\d)c\b|percent|pct|percentage points?|pp\b)?"
# The same value where a phrase starts with it ("84-85°", "$97000 or above"), written for the
# regex engine, which otherwise tries the phrase at every character and again at every digit of
# every number: the lookahead skips at once where no value can start; a run of digits is tried from
# its first digit only, and taken whole (a match starting later in the run, or ending the number
# early, would need a digit right after the number, which no comparator or separator is). The
# matches are the same, found in about half the time.
_LEADING_VALUE = (r"(?=[$\s\d-])(?!(?<=\d)\d)(\$)?\s?(-?\d++(?:\.\d++)?)\s?"
                  r"(%|°|¢|bps|bp|basis points|cents?|(?<=\d)c\b|percent|pct|percentage points?|pp\b)?")
# The lower and the upper comparator of a bucket written with two ("at least X and no greater than
# Y"); a longer wording comes before its prefix ("greater than or equal to" before "greater than").
_INCLUSIVE_LOW = ("at least", "at or above", "no less than", "not less than", "greater than or equal to",
                  "equal to or greater than", "equal to or more than")
_INCLUSIVE_HIGH = ("at most", "at or below", "no more than", "not more than", "no greater than", "not greater than",
                   "no higher than", "not higher than", "less than or equal to", "equal to or less than")
_LOW_WORDS = "|".join((*_INCLUSIVE_LOW, "greater than", "more than", "higher than", "above", "over", "in excess of"))
_HIGH_WORDS = "|".join((*_INCLUSIVE_HIGH, "less than", "lower than", "fewer than", "below", "under"))
# Up to three words of a unit between a number and the comparator written after it ("$70.00 per
# barrel or higher", "$3.10 a gallon or more", "2.5 inches or less"); no word that joins or compares
# ("40 or 50 or more" is no unit), nor a verb or a preposition of a clause ("the S&P 500 at or above",
# "January 30, 2026 is equal to or higher than").
_UNIT_WORDS = (r"(?P<gap>(?:(?!(?:or|and|than|not|no|nor|at|on|in|by|of|to|for|from|with|as|is|be|are|was|were|will|the"
               r"|equal|et|am|pm)\b)[a-z]+\s+){0,3})")
# (pattern, kind, substrings one of which the phrase contains: a C-speed prefilter).
_RANGE_PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    # "at least $100,000 and less than $102,500", "at least 18,000.00 and no greater than 18,499.99",
    # "greater than 2.5% but at most 3.0%": a bucket whose ends are inclusive or not as its two
    # comparators say.
    (re.compile(rf"\b(?=[aeghimno])({_LOW_WORDS})\s+{_VALUE}\s*(?:,\s*)?(?:and|but)\s+({_HIGH_WORDS})\s+{_VALUE}"),
     "two_sided", (" and ", " but ")),
    (re.compile(rf"between\s+{_VALUE}\s*(?:-|and|to)\s*{_VALUE}"), "between", ("between",)),
    (re.compile(rf"{_LEADING_VALUE}\s*(?:-|to|through)\s*{_VALUE}"), "range", ("-", " to", "through")),
    # "45°F or 46°F", "2.9% or 3.0%": two neighbouring values on the number's own grid are the
    # bucket of both, not the first value exactly (any other pair of values is no range).
    (re.compile(rf"{_LEADING_VALUE}\s*or\s+(?:either\s+)?{_VALUE}"), "either", (" or ",)),
    (re.compile(rf"(?:at least|at or above|no less than|minimum of|equal to or (?:greater|higher|more) than|greater than or equal to"
                rf"|(?:reach|reaches|hit|hits|touch|touches)(?: or exceed)?(?:\s+(?:a|an|the))?)\s+{_VALUE}"),
     "ge", ("at least", "at or above", "no less", "minimum", "equal to", "reach", "hit", "touch")),
    (re.compile(rf"(?:equal to or (?:less|lower|fewer) than|less than or equal to|(?:dip|dips|fall|falls|drop|drops) to)\s+{_VALUE}"),
     "le", ("equal to", "dip", "fall", "drop")),
    (re.compile(rf"{_LEADING_VALUE}\s*{_UNIT_WORDS}(?:or|and)\s+(?:above|higher|more|greater|up|over|longer|stronger)\b"), "ge", (" or ", " and ")),
    (re.compile(rf"{_LEADING_VALUE}\s*\+"), "ge", ("+",)),
    (re.compile(rf"(?:at most|at or below|no more than|maximum of|up to)\s+{_VALUE}"),
     "le", ("at most", "at or below", "no more", "maximum", "up to")),
    (re.compile(rf"{_LEADING_VALUE}\s*{_UNIT_WORDS}(?:or|and)\s+(?:below|lower|less|fewer|under|shorter|weaker)\b"), "le", (" or ", " and ")),
    (re.compile(rf"(?:above|over|greater than|more than|higher than|longer than|exceeds?|exceeding|surpass(?:es)?|in excess of"
                rf"|beyond|beats?)\s+{_VALUE}"),
     "gt", ("above", "over", "greater", "more", "higher", "longer", "exceed", "surpass", "excess", "beyond", "beat")),
    (re.compile(rf"(?:below|under|less than|lower than|fewer than|shorter than|beneath)\s+{_VALUE}"), "lt",
     ("below", "under", "less", "lower", "fewer", "shorter", "beneath")),
    (re.compile(rf"(?:exactly|be|is|at|of)\s+{_VALUE}"), "eq", ("exactly", "be ", "is ", "at ", "of ")),
)
_DIGIT = re.compile(r"\d")
# A comparison stated in words; without a number read next to it, the threshold is not understood.
COMPARED = re.compile(r"\b(?:above|below|over|under|at least|at most|more than|less than|greater than|fewer than|longer than"
                      r"|shorter than"
                      r"|or more|or less|or higher|or lower|or stronger|or weaker|exceeds?|between)\b")
# "At least one dissent", "one or more hikes": a count of some thing of at least one, which is
# whether that thing happens, never a threshold on the measure the market also names (a number
# in the measure's unit, "at least one percent", "at least 1 basis point", is still a threshold).
AT_LEAST_ONE_THING = re.compile(r"\b(?:at least (?:one|1)|(?:one|1) or more)\s+"
                                r"(?!(?:percent|percentage|per cent|basis|bps?|points?|pct)\b)[a-z]")


@dataclass(frozen=True, slots=True)
class RangeHit:
    value_range: ValueRange
    unit: str
    start: int  # where the phrase starts in the text
    end: int  # where it ends
    count_noun: str | None = None  # "vehicles" in "more than 400000 vehicles": the value is a count
    bare: bool = False  # a number without a comparator, read as the value exactly


def unit_of(symbol_dollar: str | None, suffix: str | None) -> str:
    if symbol_dollar:
        return "$"
    if suffix in ("%", "percent", "pct"):
        return "%"
    if suffix and (suffix == "pp" or suffix.startswith("percentage point")):
        return "pp"
    if suffix == "°":
        return "°"
    if suffix in ("bps", "bp", "basis points"):
        return "bps"
    if suffix in ("¢", "cent", "cents", "c"):
        return "¢"
    return ""


# Where a "c" written onto a number ("30c") is degrees Celsius, not cents.
_CELSIUS_CONTEXT = ("°", "temp", "celsius", "degree", "weather", "heat", "cold")


def _in_dollars(hit: RangeHit, text: str) -> RangeHit | None:
    """A price in cents ("below 3 cents", "3¢", "3c") is that many hundredths of a dollar: "SHIB
    below 3 cents" pays where the rules' "below $0.03" does, and is compared in dollars."""
    if contains_any(text, _CELSIUS_CONTEXT) and re.search(r"\dc\b", text[hit.start:hit.end]):
        return None
    hundredth = Decimal("0.01")
    low, high = hit.value_range.low, hit.value_range.high
    value_range = ValueRange(None if low is None else Bound(low.value * hundredth, low.inclusive),
                             None if high is None else Bound(high.value * hundredth, high.inclusive))
    return replace(hit, value_range=value_range, unit="$")


# A plural noun right after an integer ("400000 vehicles", "15 named storms", "200 seats") makes
# the value a count, published in whole units. Days are counted whole too ("a shutdown lasting more
# than 21 days" is one of 22 days or more); hours, minutes and longer spans are not. The "+" a
# comparator verb leaves behind ("hit 50+ home runs") stands between them, and so may a two-word
# name of what is counted ("more than 5 Sky Harbor flights").
_COUNT_NOUN = re.compile(r"\+?\s*((?:[a-z]+\s+){0,2}[a-z]{3,}s)\b")
_NOT_COUNT = frozenset({"points", "degrees", "percent", "cents", "dollars", "basis", "times", "hours", "minutes",
                        "weeks", "months", "years", "is", "was", "has", "as", "this", "its", "us", "yes",
                        # Measured in fractions as well: "2 inches or less" is no count of inches.
                        "inches", "feet", "miles", "meters", "metres", "seconds", "pounds", "ounces", "gallons", "barrels",
                        "tons", "tonnes", "grams", "kilograms"})


# What is only ever counted whole, so that a line half a unit off it ("over 94.5 wins", "2.5
# goals") is set there because the count is whole: the value is a count too.
_HALF_LINE_COUNTS = frozenset({"wins", "losses", "goals", "runs", "games", "sets", "maps", "rounds", "touchdowns", "tds",
                               "assists", "rebounds", "hits", "strikeouts", "corners", "cards", "shots", "saves", "aces",
                               "kills", "seats", "votes", "yards", "receptions", "sacks", "interceptions", "birdies",
                               "medals", "titles", "threes", "steals", "blocks"})


@lru_cache(maxsize=1 << 15)
def parse_range(text: str, *, short: bool = False) -> RangeHit | None:
    """The first threshold or bucket phrase in a folded text: "above 3.0%", "84-85°", "$97000 or
    above", "between 4.25% and 4.50%", "reach $150000". A bare "84-85" counts as a bucket only in
    a short label (Polymarket ``groupItemTitle``, Kalshi ``yes_sub_title``) or with a unit, and a
    bare "exactly N" only with a unit, so dates and codes are never read as numbers paid on."""
    digit = _DIGIT.search(text) if text else None
    if digit is None:
        return None
    hit = _comparator_phrase(text, short, digit.start()) or _bare_number(text, short)
    return _in_dollars(hit, text) if hit is not None and hit.unit == "¢" else hit


# A phrase that opens with its value (:data:`_LEADING_VALUE`) starts at most three characters ("$",
# a space, "-") before a digit, so none starts before the text's first digit less three. The regex
# engine cannot skip there by itself (the phrase opens with a lookahead, no first character) and
# tries every character before it; the search starts there instead, lookbehinds still seeing the
# text before it. On a question whose number comes late ("Will the highest temperature in Denver
# be between 52-53°F on January 12?") that is most of its characters.
_LEADING_REACH = 3
_RANGE_SEARCHES = tuple((pattern, kind, needles, pattern.pattern.startswith(_LEADING_VALUE))
                        for pattern, kind, needles in _RANGE_PATTERNS)


def _comparator_phrase(text: str, short: bool, first_digit: int) -> RangeHit | None:
    """The first comparator phrase of ``text``, whose first digit is at ``first_digit`` (0 reads
    every phrase from the text's start, the same phrases)."""
    best: RangeHit | None = None
    best_position = len(text) + 1
    lead = max(0, first_digit - _LEADING_REACH)
    for pattern, kind, needles, leading in _RANGE_SEARCHES:
        if not contains_any(text, needles):
            continue
        for match in pattern.finditer(text, lead if leading else 0):
            # Phrases compete by where their first number sits ("be 2.7% or higher" is one "at
            # least" phrase, not "exactly 2.7%"); on a tie the earlier, more specific pattern wins.
            if match.start(2) >= best_position:
                break
            hit = _range_from_match(text, match, kind, short)
            if hit is not None:
                best, best_position = hit, match.start(2)
                break
    return best


# A label that is a number ("0.2%", "2 cuts"), a question that starts with one ("0 Fed rate cuts in
# 2026?"), or a question whose one number has a unit ("Monthly inflation 0.2% in March?"): the
# value exactly.
_BARE_LABEL = re.compile(rf"^\s*{_VALUE}(?:\s+([a-z][a-z ]{{0,30}}?))?\s*\??$")
_LEADING_NUMBER = re.compile(rf"^\s*(?:will there be\s+)?{_VALUE}\s+([a-z]+(?:\s+[a-z]+){{0,3}})")
_UNIT_NUMBER = re.compile(rf"(\$)?\s?({NUMBER})\s?(%|°|¢|bps|bp|basis points|cents?|percent|percentage points?|pp\b)")


def _bare_number(text: str, short: bool) -> RangeHit | None:
    match = _BARE_LABEL.match(text) if short else _LEADING_NUMBER.match(text)
    if match is not None and not _looks_like_year(match.group(2)) and not _is_time_or_date(text, match.end(2)):
        value = to_number(match.group(2))
        if value is not None:
            noun = match.group(4)
            plural = noun is not None and any(w.endswith("s") and len(w) > 3 for w in noun.split())
            count = noun if plural and "." not in match.group(2) else None
            return RangeHit(ValueRange(Bound(value, True), Bound(value, True)), unit_of(match.group(1), match.group(3)),
                            match.start(), match.end(2) + len(match.group(3) or ""), count, bare=True)
    if short:
        return None
    with_unit = [m for m in _UNIT_NUMBER.finditer(text) if to_number(m.group(2)) is not None]
    if len(with_unit) == 1:
        m = with_unit[0]
        value = to_number(m.group(2))
        assert value is not None
        return RangeHit(ValueRange(Bound(value, True), Bound(value, True)), unit_of(m.group(1), m.group(3)), m.start(),
                        m.end(), bare=True)
    return None


def _range_from_match(text: str, match: re.Match[str], kind: str, short: bool) -> RangeHit | None:
    groups = match.groups()
    if kind == "two_sided":
        low, high = to_number(groups[2]), to_number(groups[6])
        if low is None or high is None or low >= high:
            return None
        unit = unit_of(groups[1], groups[3]) or unit_of(groups[5], groups[7])
        value_range = ValueRange(Bound(low, groups[0] in _INCLUSIVE_LOW), Bound(high, groups[4] in _INCLUSIVE_HIGH))
        return RangeHit(value_range, unit, match.start(), match.end(), _count_noun(text, match.end(), groups[6]))
    if kind in ("between", "range"):
        low, high = to_number(groups[1]), to_number(groups[4])
        unit = unit_of(groups[0], groups[2]) or unit_of(groups[3], groups[5])
        if low is None or high is None or low >= high:
            return None
        if kind == "range" and not unit and not short:
            return None
        if kind == "range" and (_looks_like_year(groups[1]) or _looks_like_year(groups[4])) and not unit:
            return None
        return RangeHit(ValueRange(Bound(low, True), Bound(high, True)), unit, match.start(), match.end(),
                        _count_noun(text, match.end(), groups[4]))
    if kind == "either":
        return _neighbours(text, match, short)
    value = to_number(groups[1])
    if value is None:
        return None
    unit = unit_of(groups[0], groups[2])
    if kind == "eq" and not unit and not short:
        return None
    # "2,000+ cases", "2000 or more": a comparator written after the number makes it an amount
    # (the folded text has lost the comma that said so); "above 2026" may still be a year.
    postfix = kind in ("ge", "le") and not text[match.start():match.start(2)].strip(" $") and not match.groupdict().get("gap")
    if not unit and not short and not postfix and _looks_like_year(groups[1]):
        return None
    if not unit and _is_time_or_date(text, match.end(2)):
        return None
    value_range = {
        "gt": ValueRange(low=Bound(value, False)),
        "ge": ValueRange(low=Bound(value, True)),
        "lt": ValueRange(high=Bound(value, False)),
        "le": ValueRange(high=Bound(value, True)),
        "eq": ValueRange(Bound(value, True), Bound(value, True)),
    }[kind]
    # A unit written between the number and its comparator ("151 seats or more") is where a count
    # names what it counts.
    gap = match.groupdict().get("gap")
    noun_at = match.start("gap") if gap else match.end()
    return RangeHit(value_range, unit, match.start(), match.end(), _count_noun(text, noun_at, groups[1]))


def _neighbours(text: str, match: re.Match[str], short: bool) -> RangeHit | None:
    """Two values joined by "or" that are one step apart on the grid their decimals write ("45 or
    46", "2.9 or 3.0"): every value of the bucket between them, both ends included."""
    groups = match.groups()
    low, high = to_number(groups[1]), to_number(groups[4])
    unit = unit_of(groups[0], groups[2]) or unit_of(groups[3], groups[5])
    if low is None or high is None or (not unit and not short) or _looks_like_year(groups[1]) or unit in ("$", "¢"):
        # A price is quoted in cents whatever its figures show: "$1 or $2" are two prices, no bucket.
        return None
    places = [len(g.split(".", 1)[1]) if "." in g else 0 for g in (groups[1], groups[4])]
    if places[0] != places[1] or high - low != Decimal(1).scaleb(-places[0]):
        return None
    return RangeHit(ValueRange(Bound(low, True), Bound(high, True)), unit, match.start(), match.end(),
                    _count_noun(text, match.end(), groups[4]))


_COMPARED_AFTER = re.compile(r"\s*or (?:more|fewer|less|higher|lower|above|below)\b")


def _count_noun(text: str, end: int, number: str) -> str | None:
    if "." in number and not number.endswith(".5"):
        return None
    match = _COUNT_NOUN.match(text, end)
    if match is None:
        # "Hit 50 or more home runs": the comparator written after the number stands between it
        # and what it counts.
        after = _COMPARED_AFTER.match(text, end)
        match = _COUNT_NOUN.match(text, after.end()) if after is not None else None
    if match is None:
        return None
    noun = match.group(1).split()[-1]
    if noun in _NOT_COUNT and match.group(1) != noun:
        # "60+ wins this season": the pair of words ran onto the next word; the first is the noun.
        noun = match.group(1).split()[0]
        if noun not in _HALF_LINE_COUNTS:
            return None
        return noun
    if "." in number and noun not in _HALF_LINE_COUNTS:
        # "9.5 seconds", "2.5 inches": a fraction of a measured value, not a count.
        return None
    if noun == "times" and "." not in number and _MULTIPLIED.match(text, match.end()) is None:
        # "Fly more than 6 times in 2027": how often it happens, a count; "3 times the price"
        # or "2 times higher" multiplies another value.
        return noun
    return None if noun in _NOT_COUNT else match.group(1)


# What follows a multiplier's "times": the value it multiplies, or the comparison it makes.
_MULTIPLIED = re.compile(r"\s*(?:(?:the|as|that|this|its|their|his|her|our|what|higher|lower|more|less|larger|greater"
                         r"|bigger|smaller|over|faster|slower)\b|[$\d])")


def _looks_like_year(number: str) -> bool:
    return len(number) == 4 and number.startswith("20") and "." not in number


_TIME_OR_DATE_AFTER = re.compile(r"\s*(?::\d|am\b|pm\b|a\.m|p\.m|st\b|nd\b|rd\b|th\b|,\s*20\d\d)")


def _is_time_or_date(text: str, end: int) -> bool:
    """"at 5pm", "at 12:00", "on the 9th": a time or a day, not a value."""
    return _TIME_OR_DATE_AFTER.match(text, end) is not None


_NEVER = re.compile(r"\bnever\s+(?:be\s+|trade\s+|go\s+|close\s+)?$")


def stated_range(text: str, hit: RangeHit) -> ValueRange:
    """The range a phrase pays on, "never above $250,000" being the complement of "above
    $250,000"."""
    if _NEVER.search(text[max(0, hit.start - 20): hit.start]):
        return complement(hit.value_range) or hit.value_range
    return hit.value_range


# How the rules settle a value on a bound of a range whose title only says "$100,000-$102,500".
_STATED_BOUNDS = tuple((bounds, re.compile(pattern)) for bounds, pattern in (
    ((True, False), r"(?:at least|at or above|greater than or equal to) the lower bound and (?:strictly )?(?:less than|below|under) "
                    r"the upper bound|lower bound (?:is )?inclusive,? (?:and )?(?:the )?upper bound (?:is )?exclusive"),
    ((False, True), r"(?:greater than|above) the lower bound and (?:at most|less than or equal to|at or below) the upper bound"
                    r"|lower bound (?:is )?exclusive,? (?:and )?(?:the )?upper bound (?:is )?inclusive"),
    ((False, False), r"(?:greater than|above) the lower bound and (?:less than|below|under) the upper bound|both bounds (?:are )?excluded"),
    ((True, True), r"both bounds (?:are )?(?:included|inclusive)|inclusive of both bounds"),
))


def stated_bounds(rules: str) -> tuple[bool, bool] | None:
    """Whether the rules count the lower and the upper bound of a range inside it."""
    if "bound" not in rules:
        return None
    return next((bounds for bounds, pattern in _STATED_BOUNDS if pattern.search(rules)), None)


def with_bounds(value_range: ValueRange, bounds: tuple[bool, bool] | None) -> ValueRange:
    """A bucket whose bounds are settled as the rules say."""
    if bounds is None or value_range.low is None or value_range.high is None:
        return value_range
    return ValueRange(Bound(value_range.low.value, bounds[0]), Bound(value_range.high.value, bounds[1]))


def complement(value_range: ValueRange) -> ValueRange | None:
    """The other side of a one-sided range: "> X" is "≤ X", "≥ X" is "< X"."""
    if value_range.low is not None and value_range.high is None:
        return ValueRange(high=Bound(value_range.low.value, not value_range.low.inclusive))
    if value_range.high is not None and value_range.low is None:
        return ValueRange(low=Bound(value_range.high.value, not value_range.high.inclusive))
    return None


def range_from_strike(strike: Strike | None) -> ValueRange | None:
    """Kalshi's structured strike: greater is strict "> floor", less strict "< cap", between
    inclusive at both ends; custom/structured/functional strikes carry no range."""
    if strike is None or strike.strike_type is None:
        return None
    kind, floor, cap = strike.strike_type, strike.floor, strike.cap
    if kind == "greater" and floor is not None:
        return ValueRange(low=Bound(floor, False))
    if kind == "greater_or_equal" and floor is not None:
        return ValueRange(low=Bound(floor, True))
    if kind == "less" and cap is not None:
        return ValueRange(high=Bound(cap, False))
    if kind == "less_or_equal" and cap is not None:
        return ValueRange(high=Bound(cap, True))
    if kind == "between" and floor is not None and cap is not None:
        return ValueRange(Bound(floor, True), Bound(cap, True))
    return None


# --- grids ------------------------------------------------------------------------------------

_GRID_HINTS = (
    ("tenth", r"one decimal place|to one decimal|nearest tenth|nearest 0\.1\b|\b0\.1 ?(?:%|percentage point) increments",
     Decimal("0.1")),
    ("cent", r"two decimal places|to the cent\b|nearest cent|nearest 0\.01\b|nearest \$0\.01\b|nearest hundredth"
             r"|(?:quoted|priced|reported|published) in (?:whole )?cents", Decimal("0.01")),
    ("mill", r"three decimal places|tenth of a cent|nearest 0\.001\b", Decimal("0.001")),
    ("degree", r"whole degrees?|nearest (?:whole )?degree", Decimal(1)),
    ("whole", r"whole[- ](?:number|percent|percentage)|nearest (?:whole )?(?:percent|percentage point|integer|whole number)"
              r"|\b(?:an|as|in) integers?\b|\binteger (?:value|score|number)s?\b"
              r"|rounded to the nearest (?:1|one)\b|nearest (?:whole )?dollar\b|whole dollars", Decimal(1)),
    ("thousand", r"nearest thousand\b|(?:reported|published|rounded) (?:in|to) (?:the nearest )?thousands\b", Decimal(1000)),
)
# One pass over the rules: the first hint in the text wins.
_GRID_HINT = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern, _ in _GRID_HINTS))
# Every hint above holds one of these words: most rules hold none and skip the regex.
_GRID_NEEDLES = ("decimal", "cent", "nearest", "whole", "increment", "thousand", "tenth", "integer")
_GRID_STEP = {name: step for name, _, step in _GRID_HINTS}


def stated_grid(*texts: str) -> Decimal | None:
    """The publication step the rules state ("to one decimal place", "in whole degrees")."""
    for text in texts:
        if not text or not contains_any(text, _GRID_NEEDLES):
            continue
        match = _GRID_HINT.search(text)
        if match is not None and match.lastgroup is not None:
            return _GRID_STEP[match.lastgroup]
    return None


def grid_units(value_range: ValueRange, grid: Decimal) -> tuple[int | None, int | None]:
    """:meth:`ValueRange.grid_units`, remembered: a ladder's rungs are compared with each other
    many times over. Remembered by the ends' values, not by the range: hashing a range runs three
    dataclass ``__hash__`` methods, and a 20,000 x 20,000 match looks half a million ranges up."""
    low, high = value_range.low, value_range.high
    if low is None:
        return _grid_units(None, False, None, False, grid) if high is None else \
            _grid_units(None, False, high.value, high.inclusive, grid)
    if high is None:
        return _grid_units(low.value, low.inclusive, None, False, grid)
    return _grid_units(low.value, low.inclusive, high.value, high.inclusive, grid)


@lru_cache(maxsize=1 << 16)
def _grid_units(low: Decimal | None, low_inclusive: bool, high: Decimal | None, high_inclusive: bool,
                grid: Decimal) -> tuple[int | None, int | None]:
    return ValueRange(None if low is None else Bound(low, low_inclusive),
                      None if high is None else Bound(high, high_inclusive)).grid_units(grid)


def same_or_complement(k_range: ValueRange, p_range: ValueRange, grid: Decimal | None) -> str | None:
    """"same" when both ranges pay on the same published values, "complement" when one pays
    exactly where the other does not (two tails meeting at one grid step), else None."""
    if grid is not None:
        k_low, k_high = grid_units(k_range, grid)
        p_low, p_high = grid_units(p_range, grid)
        if (k_low, k_high) == (p_low, p_high):
            return "same"
        if k_low is None and p_high is None and k_high is not None and p_low is not None and k_high + 1 == p_low:
            return "complement"
        if k_high is None and p_low is None and k_low is not None and p_high is not None and p_high + 1 == k_low:
            return "complement"
        return None
    if k_range == p_range:
        return "same"
    if k_range.low is None and p_range.high is None and k_range.high and p_range.low:
        if k_range.high.value == p_range.low.value and k_range.high.inclusive != p_range.low.inclusive:
            return "complement"
    if k_range.high is None and p_range.low is None and k_range.low and p_range.high:
        if k_range.low.value == p_range.high.value and k_range.low.inclusive != p_range.high.inclusive:
            return "complement"
    return None
