"""The date of a market no topic reader claimed: read from its titles, then its Kalshi ticker,
then its rules, each correcting the others where they say more (a deadline the rules count to, a
window whose end the title pays before, a chart known by the day it is dated, the hour a ticker
names).

Apart from general.py, which assembles the proposition: the date is read from the same texts
but takes only the measure from the other fields, and weighs the venues' date sources against
each other, a topic of its own.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date, time, timedelta

from arb_pipeline.domain.kalshi_tickers import KalshiTickerParts
from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.charts import dated_by_rules
from arb_pipeline.domain.matching.propositions.model import NO_DATE, DateRule, Measure, When
from arb_pipeline.domain.matching.propositions.reading import Reading, kalshi_ticker
from arb_pipeline.domain.models import Venue


def _before_the_window_end(deadline: When, window: When, title: str) -> bool:
    """A title "before Apr 1, 2027" whose rules count "between December 1, 2026 and April 1,
    2027": the rules' last day is the one the title pays before, so the window ends the day
    before it, the title's deadline."""
    return window.end is not None and deadline.day is not None and window.end == deadline.day + timedelta(days=1) \
        and f"before {deadline.label}" in title


def statement_when(reading: Reading, measure: Measure | None, timed: bool, problems: list[str]) -> When:
    """The date of the statement: the titles first, then (Kalshi) the ticker's event date, then
    the rules."""
    market = reading.market
    when = NO_DATE
    if measure is not None and reading.event and market.venue is Venue.KALSHI:
        # The rungs of a Kalshi ladder share their event's date (its ticker says so too): read it
        # once per event.
        when, _ = dates.read_when((reading.event,), reading.reference, want_time=timed)
    if not when.stated:
        when, _ = dates.read_when((reading.title, reading.label, reading.event), reading.reference, want_time=timed)
    ticker = kalshi_ticker(market)
    if not when.stated and ticker is not None and ticker.event_date is not None and measure is None:
        # The ticker dates the event ("-27JUN30") and the rules say how ("before Jul 1, 2027"):
        # a deadline on the ticker's day is that deadline, not a reading on that day.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.BY and from_rules.day == ticker.event_date:
            when = replace(from_rules, from_rules=True)
    if measure is None and when.rule is DateRule.DURING and _whole_year(when):
        # "Tim Cook out as Apple CEO in 2027?" whose rules count anything "by December 31, 2027"
        # (or "between market creation and" that day) from a listing before 2027: the rules say
        # it is a deadline. Rules that count only the year ("at any point in 2027") keep the window.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.BY and from_rules.day == when.end:
            when = from_rules
    elif measure is None and (ruled := dates.before_the_day(when, reading.rules, reading.reference)) is not None:
        when = ruled
    elif when.rule is DateRule.BY and when.day is not None and ("between" in reading.rules or "from" in reading.rules):
        # "Will Litecoin reach $500 by December 31, 2029?" whose rules count only "any time
        # between January 1 and December 31, 2029" (or "from January 1 through March 31"): the
        # rules' window is what pays, the question's deadline only its end.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.DURING and from_rules.start is not None \
                and (from_rules.end == when.day or _before_the_window_end(when, from_rules, reading.title)):
            # Both ends are stated, so the window is compared as written, not as a date that may be
            # only when the figure is reported; the title's "before" says which end the rules mean.
            when = replace(from_rules, end=when.day)
    elif when.rule is DateRule.DURING and when.start is not None and when.end is not None \
            and (when.end - when.start).days == 6 and "dated" in reading.rules:
        # "#1 on the Hot 100 for the week of January 16" whose rules name "the chart dated
        # January 16": a chart is known by its date, one day.
        from_rules, _ = dates.read_when((reading.rules,), reading.reference)
        if from_rules.rule is DateRule.ON and from_rules.day == when.start \
                and f"dated {from_rules.label}" in reading.rules:
            when = from_rules
    if when.rule is DateRule.ON and when.day is not None and measure is None and "dated" in market.rules \
            and "chart" in reading.rules:
        # "#1 on the chart released January 12" whose rules name "the chart dated January 16":
        # the chart is known by its date, as the other venue's "week of January 16" names it.
        dated = dated_by_rules(reading.rules, when.day, reading.reference)
        if dated is not None:
            when = When(DateRule.ON, day=dated, label=f"the chart dated {dated}")
    if when.rule is DateRule.ON and when.day is not None and (when.day.month, when.day.day) == (12, 31):
        when = dates.last_session_dated(when, reading.rules)
    if ticker is not None and ticker.event_year is not None and ticker.event_month is not None:
        when = _with_ticker(when, ticker, measure, problems)
    if not when.stated or (timed and when.time_of_day is None):
        from_rules, _ = dates.read_when((reading.rules,), reading.reference, want_time=timed)
        if not when.stated:
            when = replace(from_rules, from_rules=True)
        elif from_rules.time_of_day is not None:
            when = When(when.rule, when.day, when.start, when.end, from_rules.time_of_day, when.label)
    return when


def _whole_year(when: When) -> bool:
    return when.start is not None and when.end is not None and (when.start.month, when.start.day) == (1, 1) \
        and (when.end.month, when.end.day) == (12, 31) and when.start.year == when.end.year


def _with_ticker(when: When, ticker: KalshiTickerParts, measure: Measure | None, problems: list[str]) -> When:
    """The Kalshi event code dates the observation in Eastern time; a title that names another day
    is a contradiction worth a human look."""
    year, month = ticker.event_year, ticker.event_month
    assert year is not None and month is not None
    if ticker.event_date is not None:
        day = ticker.event_date
        if not when.stated:
            when = When(DateRule.ON, day=day, label=f"{day}")
        elif when.rule is DateRule.ON and when.day != day and measure is not None and measure.anchor == "day":
            problems.append(f"ticker dates {day} but the title names {when.day}")
    elif not when.stated:
        first = date(year, month, 1)
        last = date(year, month, calendar.monthrange(year, month)[1])
        when = When(DateRule.DURING, start=first, end=last, label=first.strftime("%B %Y"))
    if when.time_of_day is None and ticker.event_hour is not None and measure is not None and measure.timed:
        when = When(when.rule, when.day, when.start, when.end, time(ticker.event_hour, 0), when.label)
    return when
