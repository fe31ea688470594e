"""The reader's fast paths read exactly what the plain forms they replace read (docs/matching.md,
"Patterns the regex engine cannot jump into"): each is held to its plain form on random texts made
of the pieces that decide it."""

from __future__ import annotations

import random
import re

import pytest

from arb_pipeline.domain.matching.propositions import dates, frames, numbers, reading, text

_WORDISH = ["A", "B", "Z", "É", "a", "z", "_", "1", "9", " ", ".", "-", "é", "ß", "\n"]


@pytest.mark.parametrize(
    ("fast", "plain", "pieces"),
    [
        (reading._INITIALS, r"\b[A-Z]{3,7}[0-9]?\b", [*_WORDISH, "CPI", "USD", "X1", "NOAA", "BLS2"]),
        (frames._CAMEL, r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)+\b", [*_WORDISH, "Real", "Clear", "Politics", "Five", "xThirty"]),
    ],
)
def test_a_capital_first_pattern_finds_what_its_boundary_first_form_finds(fast: re.Pattern[str], plain: str,
                                                                          pieces: list[str]) -> None:
    reference = re.compile(plain)
    rng = random.Random(7)
    for _ in range(20000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert fast.findall(sample) == reference.findall(sample), sample


_NUMBER_PIECES = ["84", "85", "2.5", "$", "-", " ", "°", "%", "c", " to ", " or ", " and ", " or more", " or less",
                  "+", " between ", " above ", " at least ", " under ", " be ", "degrees ", "x", "2026", " per barrel",
                  "through ", ",", "either "]


def test_a_comparator_phrase_read_from_the_first_digit_is_the_one_read_from_the_start() -> None:
    # A phrase opening with its value starts at most three characters before a digit: reading it
    # from there finds the same phrase as reading every character.
    rng = random.Random(3)
    for _ in range(20000):
        sample = "".join(rng.choice(_NUMBER_PIECES) for _ in range(rng.randint(1, 9)))
        digit = numbers._DIGIT.search(sample)
        if digit is None:
            continue
        for short in (False, True):
            assert numbers._comparator_phrase(sample, short, digit.start()) == \
                numbers._comparator_phrase(sample, short, 0), sample


_TIME_PIECES = ["under ", "faster than ", "over ", "by ", "2", "02", ":", ".5", " ", "pm", "x", "heading: ", "1 minute ",
                "2 seconds", "and "]


def test_race_times_are_read_alike_with_or_without_the_colon_guard() -> None:
    def unguarded(folded: str) -> str:
        folded = text._CLOCK_COMPARED.sub(
            lambda m: f"{text._TIME_COMPARISON.get(m.group(1), m.group(1))} {text._seconds(m.group(2), m.group(3))}",
            folded)
        if " minute" in folded:
            folded = text._MINUTES_SECONDS.sub(lambda m: text._seconds(m.group(1), m.group(2)), folded)
        return folded

    rng = random.Random(5)
    for _ in range(20000):
        sample = "".join(rng.choice(_TIME_PIECES) for _ in range(rng.randint(0, 8)))
        assert text.race_times(sample) == unguarded(sample), sample


_DATE_PIECES = ["by ", "before ", "on or before ", "prior to ", "the ", "end of ", "close of ", "last day of ", "closes ",
                "finishes ", "fomc ", "meeting ", "decision ", "on ", "between ", "market creation and ", "until ",
                "friday, ", "x", "up to ", "final ", " 11:59 pm", "2027", "march 6", "jan", "year", "labor day", "5",
                "christmas ", "through "]


def _rule_without_guards(folded: str, start: int, end: int, kind: str) -> tuple[dates.DateRule, bool]:
    before_text, after_text = folded[max(0, start - 48): start], folded[end: end + 40]
    if dates._MEETING_AFTER.match(after_text) or dates._MEETING_BEFORE.search(before_text):
        return (dates.DateRule.BY, False) if dates._DEADLINE.search(before_text) and not dates._BEFORE.search(before_text) \
            else (dates.DateRule.AT, False)
    if dates._DEADLINE.search(before_text) and not (kind == "year" and dates._YEAR_OF_AN_OCCASION.match(after_text)
                                                    and before_text.endswith("the ")):
        return dates.DateRule.BY, dates._BEFORE.search(before_text) is not None \
            and not (kind == "day" and dates._LAST_MINUTE.match(after_text))
    if dates._SINCE_LISTING.search(before_text):
        return dates.DateRule.BY, False
    if dates._END_OF.search(before_text):
        return dates.DateRule.ON, False
    return (dates.DateRule.ON, False) if kind == "day" else (dates.DateRule.DURING, False)


def test_a_dates_rule_is_read_alike_with_or_without_the_word_guards() -> None:
    # Each guard is a word every match of its pattern holds: the rule read is the same.
    rng = random.Random(9)
    for _ in range(20000):
        before = "".join(rng.choice(_DATE_PIECES) for _ in range(rng.randint(0, 6)))
        after = "".join(rng.choice(_DATE_PIECES) for _ in range(rng.randint(0, 3)))
        folded = f"{before}march 6{after}"
        for kind in ("day", "year", "month"):
            assert dates._rule_for(folded, len(before), len(before) + 7, kind) == \
                _rule_without_guards(folded, len(before), len(before) + 7, kind), (folded, kind)


def test_a_text_names_a_date_by_the_digit_or_word_test_exactly_when_by_the_one_alternation() -> None:
    alternation = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|year|christmas|thanksgiving|halloween"
                             r"|valentine|patrick|independence|memorial|labor day")
    rng = random.Random(4)
    pieces = [*_DATE_PIECES, "ja", "labo", "r day", "٣", "valentin", "e", "memoria", "l"]
    for _ in range(20000):
        sample = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        fast = dates._DIGIT.search(sample) is not None or dates._DATE_WORD.search(sample) is not None
        assert fast == (alternation.search(sample) is not None), sample
