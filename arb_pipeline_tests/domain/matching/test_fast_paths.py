"""The reader's fast paths read exactly what the plain forms they replace read (docs/matching.md,
"Patterns the regex engine cannot jump into"): each is held to its plain form on random texts made
of the pieces that decide it."""

from __future__ import annotations

import random
import re

import pytest

from arb_pipeline.domain.matching.propositions import frames, numbers, reading, text

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
