"""Dates and how they settle: on a day, by a day ("before June 1" is "by May 31"), during a
window (a month, a quarter, a year), at a meeting or an event (its date)."""

from __future__ import annotations

from datetime import date, time

import pytest

from arb_pipeline.domain.matching.propositions import DateRule
from arb_pipeline.domain.matching.propositions.dates import date_mentions, find_years, read_when
from arb_pipeline.domain.matching.propositions.text import fold

REFERENCE = date(2026, 1, 10)


def when_of(text: str):  # type: ignore[no-untyped-def]
    return read_when((fold(text),), REFERENCE, want_time=True)[0]


@pytest.mark.parametrize(
    ("text", "rule", "day"),
    [
        ("Will the high temp in Miami be 85° or above on Jan 10, 2026?", DateRule.ON, date(2026, 1, 10)),
        ("Will Powell leave before June 1?", DateRule.BY, date(2026, 5, 31)),
        ("Powell out by May 31?", DateRule.BY, date(2026, 5, 31)),
        ("SpaceX IPO before 2027?", DateRule.BY, date(2026, 12, 31)),
        ("Will it happen before June?", DateRule.BY, date(2026, 5, 31)),
        ("by the end of 2026", DateRule.BY, date(2026, 12, 31)),
        ("Will Elon Musk remain Tesla CEO through 2026?", DateRule.BY, date(2026, 12, 31)),
        ("largest company at the end of 2026", DateRule.ON, date(2026, 12, 31)),
        ("S&P 500 closes 2026 at or above 8,000?", DateRule.ON, date(2026, 12, 31)),
        ("Will it happen before year-end?", DateRule.BY, date(2026, 12, 31)),
        ("Fed chair confirmed by EOY?", DateRule.BY, date(2026, 12, 31)),
        ("Fed chair confirmed by EOY 2027?", DateRule.BY, date(2027, 12, 31)),
        ("Will it happen by 12/31/2026?", DateRule.BY, date(2026, 12, 31)),
        ("Gold price on 3/31/26", DateRule.ON, date(2026, 3, 31)),
    ],
)
def test_days_and_deadlines(text: str, rule: DateRule, day: date) -> None:
    when = when_of(text)
    assert (when.rule, when.day) == (rule, day)


def test_before_a_day_and_by_the_day_before_are_one_deadline() -> None:
    before, by = when_of("before June 1, 2026"), when_of("by May 31, 2026")
    assert (before.rule, before.day) == (by.rule, by.day) == (DateRule.BY, date(2026, 5, 31))


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("CPI for December 2025", date(2025, 12, 1), date(2025, 12, 31)),
        ("Tesla deliveries in Q1 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("first quarter of 2026 deliveries", date(2026, 1, 1), date(2026, 3, 31)),
        ("US recession in 2026?", date(2026, 1, 1), date(2026, 12, 31)),
        ("between January 1 and March 31, 2026", date(2026, 1, 1), date(2026, 3, 31)),
        ("Elon Musk tweets Mar 1 - Mar 7, 2026?", date(2026, 3, 1), date(2026, 3, 7)),
        ("tweets Mar 1-7?", date(2026, 3, 1), date(2026, 3, 7)),
        ("March 1 – 14, 2027", date(2027, 3, 1), date(2027, 3, 14)),
        ("box office for the week of March 1, 2026", date(2026, 3, 1), date(2026, 3, 7)),
    ],
)
def test_windows(text: str, start: date, end: date) -> None:
    when = when_of(text)
    assert (when.rule, when.start, when.end) == (DateRule.DURING, start, end)


def test_a_meeting_is_its_date() -> None:
    day_meeting = when_of("after the Fed's Jan 21, 2026 meeting")
    assert (day_meeting.rule, day_meeting.day) == (DateRule.AT, date(2026, 1, 21))
    month_meeting = when_of("Will the Fed cut rates at the March 2026 meeting?")
    assert (month_meeting.rule, month_meeting.start, month_meeting.end) == (DateRule.AT, date(2026, 3, 1), date(2026, 3, 31))


def test_time_of_day_is_read_with_the_day() -> None:
    when = when_of("Bitcoin above ___ on January 10 at 5:00 PM ET")
    assert (when.day, when.time_of_day) == (date(2026, 1, 10), time(17, 0))


def test_an_amount_is_not_a_year() -> None:
    assert find_years(fold("Will Ethereum dip to $2,000 in 2026?")) == [2026]
    assert [m.kind for m in date_mentions(fold("Will Ethereum dip to $2,000 in 2026?"), REFERENCE)] == ["year"]


def test_a_text_without_dates_names_none() -> None:
    assert date_mentions("will the fed cut rates", REFERENCE) == ()
    assert not when_of("Will the Lakers win?").stated


def test_a_dash_after_a_day_that_is_not_a_day_leaves_the_day() -> None:
    # "45-46°" is a temperature bucket, "9 - 10.5" a spread: neither is a run of days.
    assert (when_of("Jan 9 - 10.5 points").rule, when_of("Jan 9 - 10.5 points").day) == (DateRule.ON, date(2026, 1, 9))
    assert when_of("Will the high temp be 45-46° on Jan 9, 2026?").day == date(2026, 1, 9)
