"""Text folding and date reading: the spellings both venues use for thresholds, days and times."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time

import pytest

from arb_pipeline.domain.matching.propositions.dates import (
    date_mentions,
    eastern_date,
    find_days,
    find_months,
    find_times,
    us_local_dates,
)
from arb_pipeline.domain.matching.propositions.parties import known_aliases
from arb_pipeline.domain.matching.propositions.text import any_needle, contains_any, fold, similarity_text

REFERENCE = date(2026, 1, 10)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("≥3.0%", "at least 3.0%"),
        ("<$97,000", "below $97000"),
        ("84°F or higher", "84° or higher"),
        ("84 degrees Fahrenheit", "84°"),
        ("$1.2m", "$1200000"),
        ("97k", "97000"),
        ("price .48", "price 0.48"),
        # A separator needs a digit before it and exactly three after; a point starts a number
        # only where no digit or point comes before it, the text's first character included.
        (",500 then 1,000,000 not 12,3456", ",500 then 1000000 not 12,3456"),
        (".5% or ..5 or 1.5 or (.25)", "0.5% or ..5 or 1.5 or (0.25)"),
        ("Bucks  vs.\nLakers", "bucks vs lakers"),
        ("Ohio St. vs Michigan St.", "ohio state vs michigan state"),
        ("St. Louis Blues", "saint louis blues"),
        ("Erdoğan", "erdogan"),
        ("U.S. GDP", "us gdp"),
        ("Man Utd", "man united"),
        ("4.75–5.00%", "4.75-5.00%"),
        ("Australian GP", "australian grand prix"),
        ("Q1 FY26 EPS", "q1 fiscal year 2026 eps"),
        ("FY2026", "fiscal year 2026"),
    ],
)
def test_fold_spells_symbols_and_numbers_one_way(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_leaves_words_that_only_look_like_scaled_numbers() -> None:
    assert fold("BTC price up in next 15 mins?") == "btc price up in next 15 mins?"
    assert fold("50+ bps") == "50+ bps"


def test_similarity_text_drops_filler_words_and_punctuation() -> None:
    # Comparator words are read as a number range, not as words.
    assert similarity_text(fold("Will the price of Bitcoin be above $92,000?")) == "price bitcoin $92000"


@pytest.mark.parametrize(
    ("text", "day", "deadline"),
    [
        ("Will the high temp in NYC be 45-46° on Jan 9, 2026?", date(2026, 1, 9), False),
        ("recorded on 10 Jan '26 at the station", date(2026, 1, 10), False),
        ("scheduled for January 9 at 10:30PM ET", date(2026, 1, 9), False),
        ("Will Bitcoin reach $100,000 by January 31?", date(2026, 1, 31), True),
        ("nba-mil-lal-2026-01-09", date(2026, 1, 9), False),
        ("in December", None, False),
    ],
)
def test_find_days(text: str, day: date | None, deadline: bool) -> None:
    days = find_days(fold(text), REFERENCE)
    assert (days[0].day if days else None) == day
    if days:
        assert days[0].deadline is deadline


def test_a_year_less_day_is_the_one_nearest_the_market_dates() -> None:
    # "December 31" read by a market closing in early January is last year's.
    assert find_days("on december 31", date(2026, 1, 3))[0].day == date(2025, 12, 31)
    assert find_days("on january 2", date(2025, 12, 30))[0].day == date(2026, 1, 2)


def test_month_words_inside_other_words_are_not_dates() -> None:
    assert find_days(fold("for 9 decades"), REFERENCE) == []
    assert find_months(fold("in mayhem"), REFERENCE) == []


def test_find_months() -> None:
    assert find_months(fold("CPI in December 2025"), REFERENCE) == [(2025, 12)]
    assert find_months(fold("after the January meeting"), REFERENCE) == [(2026, 1)]


def test_find_times() -> None:
    assert find_times(fold("at 5pm EST")) == [time(17, 0)]
    assert find_times(fold("5:00 PM ET")) == [time(17, 0)]
    assert find_times(fold("12:00 in the ET timezone (noon)")) == [time(12, 0)]
    assert find_times(fold("12:30 AM")) == [time(0, 30)]


def test_a_late_west_coast_game_has_two_us_local_dates() -> None:
    start = datetime(2026, 1, 10, 6, 0, tzinfo=UTC)  # 10:00 PM Pacific on January 9, 1:00 AM Eastern on the 10th
    assert eastern_date(start) == date(2026, 1, 10)
    assert us_local_dates(start) == {date(2026, 1, 9), date(2026, 1, 10)}


def test_any_needle_finds_a_text_exactly_when_a_substring_test_does() -> None:
    # The prefilters of the lexicons are trees of shared prefixes: one needle inside another, a
    # needle cut short and a needle beside another must be told as the substring test tells them.
    needles = ("first half", "first quarter", "fi", "core cpi", "cpi", "u.s.", "a+b", "seasonally adjusted")
    pattern = any_needle(needles)
    rng = random.Random(11)
    pieces = [*needles, *(n[: len(n) // 2] for n in needles), "x", " ", ".", "+", "é", "FI"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert (pattern.search(text) is not None) == contains_any(text, needles), text


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("q1 2026 gdp", [("quarter", 0, 7)]),
        ("aq1 2026", [("year", 4, 8)]),  # a "q1" inside a word is no quarter
        ("h1 2026", [("half", 0, 7)]),
        ("th1 2026", [("year", 4, 8)]),
        ("x2026 and 2027", [("year", 10, 14)]),  # a year must start its word
        ("$2026", []),
        ("2026-01-05", [("day", 0, 10)]),
        ("x2026-01-05", []),
        ("9 jan 2026", [("day", 0, 10)]),
        ("a9 jan 2026", [("month", 3, 11)]),
        ("by year-end", [("day", 3, 11)]),
    ],
)
def test_dates_start_at_a_word_boundary(text: str, read: list[tuple[str, int, int]]) -> None:
    # The patterns are written from their first digit or letter, the boundary before it looked
    # behind for (docs/matching.md, the speed paragraphs): a digit or letter glued before still
    # keeps them from matching.
    assert [(m.kind, m.start, m.end) for m in date_mentions(text, REFERENCE)] == read


def test_a_country_is_named_beside_any_punctuation() -> None:
    # The country's words are looked for only where its first word is a whole word of the titles,
    # split on every byte that is no ASCII letter or digit: a curly apostrophe or a guillemet
    # beside the name still leaves it whole.
    for heads in ("Will the Partido Popular win the most seats in Spain’s election?", "«Spain» election: Partido Popular?"):
        assert ("People's Party", "PP") in known_aliases(heads, "")
    assert known_aliases("Will the Partido Popular win in xspain?", "") == ()
