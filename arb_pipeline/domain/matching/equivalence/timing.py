"""Dates compared with their rules: on a day, by a deadline, during a window, at a meeting or event,
and the time of day of a value read at one moment."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.equivalence.editions import close_together, edition_of_the_year
from arb_pipeline.domain.matching.equivalence.wordings import week_released_on
from arb_pipeline.domain.matching.propositions.dates import fiscal_quarter_keys
from arb_pipeline.domain.matching.propositions.lexicon.markets import INDEXES
from arb_pipeline.domain.matching.propositions.model import DateRule, Kind, Proposition, ValueRange, When


def _show_when(when: When) -> str:
    if when.rule is DateRule.DURING:
        if when.start == when.end:
            return f"on {when.start}"
        month = when.month
        if month is not None and when.start is not None and when.end is not None and when.start.day == 1 \
                and (when.end + timedelta(days=1)).month != when.end.month:
            return f"in {month[0]}-{month[1]:02d}"
        return f"from {when.start} to {when.end}"
    if when.rule is DateRule.AT:
        return f"at the event of {when.day}" if when.day else f"at the event in {_month_of(when)}"
    return f"{when.rule} {when.day}"


_REPORT_LAG = timedelta(days=92)  # from a fiscal quarter's end to its earnings release, at most


def _end_and_report(k: When, p: When) -> bool:
    """Two dates of a fiscal quarter that end within a report's lag of each other, neither of them
    a deadline (a report due by a day may come too late)."""
    k_days, p_days = _days(k), _days(p)
    return k.stated and p.stated and k_days is not None and p_days is not None and k_days != p_days \
        and DateRule.BY not in (k.rule, p.rule) and abs(k_days[1] - p_days[1]) <= _REPORT_LAG


def _month_of(when: When) -> str:
    month = when.month or ((when.start.year, when.start.month) if when.start else None)
    return f"{month[0]}-{month[1]:02d}" if month else "an unstated month"


def _days(when: When) -> tuple[date, date] | None:
    """The days a date covers: one day, or a window."""
    if when.rule is DateRule.DURING or (when.rule is DateRule.AT and when.day is None):
        return (when.start, when.end) if when.start and when.end else None
    return (when.day, when.day) if when.day else None


def compare_when(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    k, p = kalshi.when, polymarket.when
    k_quarters, p_quarters = fiscal_quarter_keys(kalshi.text), fiscal_quarter_keys(polymarket.text)
    if k_quarters and p_quarters and not k_quarters & p_quarters:
        # A fiscal quarter is no date the reader turns into months: two different ones are two
        # reports or calls, whatever dates each market states besides.
        audit.reject(f"different fiscal quarter: Kalshi {_show_quarters(k_quarters)} vs Polymarket "
                     f"{_show_quarters(p_quarters)}")
        return
    anchor = kalshi.measure.anchor if kalshi.measure else None
    shared = k_quarters & p_quarters
    if shared and _end_and_report(k, p):
        # One fiscal quarter both name, dated by one market at its end ("ending January 2027") and
        # by the other at its report (a Kalshi event in February): one figure.
        audit.verified(f"same fiscal quarter {_show_quarters(shared)}: Kalshi {_show_when(k)} and Polymarket "
                       f"{_show_when(p)} are its end and its report")
    elif not k.stated or not p.stated:
        _one_date(kalshi, polymarket, audit)
    elif anchor == "month" and k.month is not None and p.month is not None and DateRule.BY not in (k.rule, p.rule) \
            and not (k.day is not None and p.day is not None and k.day != p.day):
        # A monthly figure is read by its month, whatever day each venue dates it by; two days
        # that differ name two weekly readings (claims for the week ending Feb 14 and Feb 21).
        if k.month != p.month:
            audit.reject(f"different month: Kalshi {k.month[0]}-{k.month[1]:02d} vs Polymarket {p.month[0]}-{p.month[1]:02d}")
        else:
            audit.verified(f"same month {k.month[0]}-{k.month[1]:02d}")
    else:
        _compare_rules(kalshi, polymarket, audit)
    if kalshi.measure is not None and kalshi.measure.timed and not audit.rejected and \
            DateRule.ON in (k.rule, p.rule) and not ({k.rule, p.rule} - {DateRule.ON, None}):
        # A time of day decides a value read at one moment; a deadline or a window ends with its
        # day, whatever clock time each venue writes for that end ("11:59 PM" or "before 12:00 AM").
        _compare_times(kalshi, polymarket, audit)


def _one_date(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    k, p = kalshi.when, polymarket.when
    k_close = kalshi.close_eastern.date() if kalshi.close_eastern else None
    p_close = polymarket.close_eastern.date() if polymarket.close_eastern else None
    if not k.stated and not p.stated:
        if k_close is not None and p_close is not None and abs((k_close - p_close).days) <= _SETTLEMENT_LAG:
            audit.verified(f"neither states a date; they close on {k_close} and {p_close}")
        else:
            audit.unverified("date", "neither market states a date, and they close on different days")
        return
    stated, who, other_close = (k, "Kalshi", p_close) if k.stated else (p, "Polymarket", k_close)
    last = stated.last_day
    quarter = _same_fiscal_quarter(kalshi, polymarket)
    if quarter is not None:
        audit.verified(f"{who} states {_show_when(stated)}; both name fiscal {_show_quarters(frozenset({quarter}))}")
        return
    # A market closes on the day it states, or a few days later while the figure is published
    # (an opening weekend closes the Monday after, a year's count the first days of the next).
    if last is not None and other_close is not None and -1 <= (other_close - last).days <= _SETTLEMENT_LAG:
        audit.verified(f"{who} states {_show_when(stated)}; the other market closes on {other_close}")
    elif _picks_a_winner(kalshi, polymarket) and stated.start is not None and last is not None \
            and other_close is not None and stated.start <= other_close <= last:
        # A winner is picked once: "Best Actress" that closes in March 2026 is the 2026 award,
        # whichever venue names the option and whichever asks "Will X win?".
        audit.verified(f"{who} states {_show_when(stated)}; the other market picks its winner inside it, closing on "
                       f"{other_close}")
    elif (edition := edition_of_the_year(polymarket, kalshi) if k.stated else edition_of_the_year(kalshi, polymarket)):
        # "84th Golden Globes" that closes with "Golden Globes 2027", in 2027: that year's edition.
        audit.verified(f"{who} states {_show_when(stated)}; the other market names its {edition} edition, closing "
                       f"with it on {other_close}")
    else:
        audit.unverified("date", f"only {who} states a date ({_show_when(stated)})")


_SETTLEMENT_LAG = 7


def _show_quarters(quarters: frozenset[tuple[int, int]]) -> str:
    return ", ".join(f"Q{number} FY{year}" for number, year in sorted(quarters))


def _same_fiscal_quarter(kalshi: Proposition, polymarket: Proposition) -> tuple[int, int] | None:
    """The one fiscal quarter both markets name ("Q4 FY2026" / "Q4 of fiscal 2026"): a date of its
    own, which only a company's calendar turns into months, so the one date a market states
    (a Kalshi event's month) is that quarter's."""
    k_keys, p_keys = fiscal_quarter_keys(kalshi.text), fiscal_quarter_keys(polymarket.text)
    return next(iter(k_keys)) if len(k_keys) == 1 and k_keys == p_keys else None


def _picks_a_winner(kalshi: Proposition, polymarket: Proposition) -> bool:
    """One of them names an option among several, or both ask whether someone wins."""
    if Kind.CHOICE in (kalshi.kind, polymarket.kind):
        return True
    return kalshi.kind is polymarket.kind is Kind.EVENT and "win" in kalshi.frame.words and "win" in polymarket.frame.words


_MONTH_LONG = timedelta(days=30)


# "Closes above 50,000 on its final trading day of 2026 (December 30, 2026)", "on the last Tokyo
# trading session of 2026": the exchange's calendar names the day, which one market may write as
# the period's end ("at end of 2026").
_LAST_SESSION = re.compile(r"\b(?:last|final) (?:[a-z]+ ){0,2}trading (?:day|session)s? of (?:the )?([a-z0-9]+)")
_LAST_SESSION_SLACK = 4  # days from the last trading session to the period's end (a holiday season)
_MONTH_NAMES = frozenset(name.lower() for name in calendar.month_name[1:])


def _periods_closed(rules: str) -> frozenset[str]:
    """The periods whose last trading session the rules read: a year ("of 2026", "of the year"),
    a month ("of December"), or what else they name ("of the week")."""
    if "last" not in rules and "final" not in rules:
        return frozenset()
    return frozenset("year" if period.isdigit() and len(period) == 4 else "month" if period in _MONTH_NAMES else period
                     for period in _LAST_SESSION.findall(rules))


def _last_session_of_one_period(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Both rules read the last trading session of one kind of period, and the days the two
    markets give are of one month and within a few days: one session the exchange's calendar
    names, which one market may write as the period's end."""
    k_day, p_day = kalshi.when.day, polymarket.when.day
    if k_day is None or p_day is None or (k_day.year, k_day.month) != (p_day.year, p_day.month) \
            or abs((k_day - p_day).days) > _LAST_SESSION_SLACK:
        return False
    k_periods = _periods_closed(kalshi.frame.rules)
    return bool(k_periods) and k_periods == _periods_closed(polymarket.frame.rules)


def _one_of_several_meetings(k: When, k_days: tuple[date, date], p: When, p_days: tuple[date, date]) -> bool:
    """A meeting on its day against a window longer than a month (a quarter, a year), in which
    the same body may meet more than once."""
    (meeting, _), (_, window) = sorted(((k, k_days), (p, p_days)), key=lambda pair: pair[1][1] - pair[1][0])
    return meeting.rule is DateRule.AT and meeting.day is not None and window[1] - window[0] > _MONTH_LONG


# A competition's edition named by its year, before or after its noun ("the 2027 League of Legends
# World Championship", "Worlds 2027"); "in 2027" or "by 2027" dates an event, no edition.
_COMPETITION_NOUNS = (r"(?:championships?|world cup|worlds|olympics|olympic games|cup|open|tournament|finals?|grand prix|"
                      r"series|masters|trophy|invitational|classic|six nations|grand slam)")
_EDITION = re.compile(r"(?<!\bin )(?<!\bby )(?<!\bbefore )(?<!\bduring )\b(20\d\d) (?:[a-z0-9'-]+ ){0,5}?"
                      + _COMPETITION_NOUNS + r"\b|\b" + _COMPETITION_NOUNS + r" (20\d\d)\b")


_WON = re.compile(r"\b(?:win|wins|won|winner|champions?)\b")


def _won_at_an_edition_of_its_year(window: When, market: Proposition) -> bool:
    """The window is a whole year and the market asks who wins a competition's edition of that
    year."""
    start, end = window.start, window.end
    if start is None or end is None or (start.month, start.day, end.month, end.day) != (1, 1, 12, 31) \
            or start.year != end.year:
        return False
    year = str(start.year)
    context = market.frame.context
    return year in context and _WON.search(context) is not None \
        and any(year in (match.group(1), match.group(2)) for match in _EDITION.finditer(context))


def _compare_rules(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    k, p = kalshi.when, polymarket.when
    rules = {k.rule, p.rule}
    k_days, p_days = _days(k), _days(p)
    if (k.from_rules or p.from_rules) and k_days and p_days:
        # A date found only in the rules may be when the figure is reported, not what it is for:
        # the two dates agree when they end within the publication lag of each other.
        if abs((k_days[1] - p_days[1]).days) <= _SETTLEMENT_LAG:
            audit.verified(f"dates agree as the rules state them: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        elif (p_days[0] <= k_days[0] <= p_days[1] or k_days[0] <= p_days[0] <= k_days[1]) and (
                kalshi.kind is Kind.CHOICE or close_together(kalshi, polymarket)):
            # A winner is picked once, and a statement about one occasion ("during the State of
            # the Union") is settled when both markets close: a date only the rules give (a
            # deadline for the occasion to take place) that overlaps the other's names it too.
            audit.verified(f"the same event: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        else:
            audit.unverified("date", f"dates differ as the rules state them: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        return
    if k.rule is p.rule and k_days == p_days:
        audit.verified(f"same date: {_show_when(k)}")
        return
    if k.rule is p.rule and k.rule is not DateRule.AT:
        if week_released_on(kalshi, polymarket) or week_released_on(polymarket, kalshi):
            audit.verified(f"one weekly figure: {_show_when(k)} and {_show_when(p)} are its week and its release, "
                           f"as the market naming both says")
            return
        if _last_session_of_one_period(kalshi, polymarket):
            audit.verified(f"both read the last trading session of the period: Kalshi {_show_when(k)}, Polymarket "
                           f"{_show_when(p)}")
            return
        audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if DateRule.AT in rules and k_days and p_days:
        # A meeting or an event is its date: "at its Jan 28, 2026 meeting" is "after the January
        # 2026 meeting" when the day falls in that month.
        if k_days[0] <= p_days[1] and p_days[0] <= k_days[1] and (k_days[0] == k_days[1] or p_days[0] == p_days[1]
                                                                  or k_days == p_days):
            if _one_of_several_meetings(k, k_days, p, p_days):
                # A month holds one meeting of a bank; a year or a quarter holds several, and "at
                # any meeting in 2027" is not the April meeting.
                audit.unverified("date", f"one meeting or event against a longer window: Kalshi {_show_when(k)}, "
                                         f"Polymarket {_show_when(p)}")
            else:
                audit.verified(f"same meeting or event: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        else:
            audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if rules == {DateRule.BY, DateRule.DURING}:
        deadline, window = (k, p) if k.rule is DateRule.BY else (p, k)
        if window.end == deadline.day and window.start is not None:
            opened = [d.date() for d in (kalshi.opens_at, polymarket.opens_at) if d is not None]
            deadline_opened = (kalshi if deadline is k else polymarket).opens_at
            if len(opened) == 2 and window.start <= min(opened):
                audit.verified(f"the window {window.start} to {window.end} began before both markets opened: "
                               f"the same as by {deadline.day}")
            elif _won_at_an_edition_of_its_year(window, kalshi if window is k else polymarket):
                # "Wins the 2027 League of Legends World Championship" against "by December 31,
                # 2027": that edition cannot be won before it is played, within its year.
                audit.verified(f"the {window.start.year} edition of a competition is won within its year: "
                               f"the same as by {deadline.day}")
            elif deadline_opened is not None and window.start > deadline_opened.date():
                audit.reject(f"window vs deadline: {_show_when(window)} starts after the market that pays by "
                             f"{deadline.day} opened ({deadline_opened.date()}): what happens before the window counts there only")
            else:
                audit.unverified("date", f"window vs deadline: {_show_when(window)} against by {deadline.day}")
        else:
            audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if rules == {DateRule.ON, DateRule.BY}:
        if k.day == p.day and audit.opposite and audit.lasting:
            # "Out by December 31" against "still in office at the end of December 31": leaving
            # by a day is the NO of still holding it that day (a state that does not come back,
            # vocabulary LASTING_STATES).
            audit.verified(f"ending by {k.day} is the NO of still holding on {k.day}")
            return
        by_day, on_day = (k.day, p.day) if k.rule is DateRule.BY else (p.day, k.day)
        if audit.opposite and audit.lasting and by_day is not None and on_day == by_day + timedelta(days=1):
            # "Out before January 1" against "still Prime Minister on January 1": whoever left
            # before the day does not hold the office on it, and whoever holds it then had not.
            audit.verified(f"ending before {on_day} is the NO of still holding on {on_day}")
            return
        if k.day == p.day and running_total_past(kalshi, polymarket):
            audit.verified(f"a running total only grows: above its threshold as of {k.day} is past it by {k.day}")
            return
        if k.day == p.day:
            by, on = ("Polymarket", "Kalshi") if p.rule is DateRule.BY else ("Kalshi", "Polymarket")
            audit.reject(f"{by} pays if it happens by the date; {on} reads the date itself")
        else:
            audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")
        return
    if k_days and p_days and k_days == p_days:
        audit.verified(f"same date: Kalshi {_show_when(k)}, Polymarket {_show_when(p)}")
        return
    if rules == {DateRule.ON, DateRule.DURING} and k_days and p_days:
        # Who wins an award or a race is decided at its event: "the 2026 Golden Globes" and "the
        # Golden Globes on January 11, 2026" name one ceremony. So is what is said at one occasion
        # of a month that both markets close on ("the March 2027 FOMC press conference", "the
        # March 17, 2027 presser"); a market on the whole month closes at its end.
        day, window = (k_days, p_days) if k.rule is DateRule.ON else (p_days, k_days)
        if window[0] <= day[0] <= window[1] and (
                kalshi.kind is Kind.CHOICE or (window[1] - window[0] <= _MONTH_LONG and close_together(kalshi, polymarket))):
            spread = polymarket if k.rule is DateRule.ON else kalshi
            if _ANY_OCCASION.search(spread.frame.context) is not None:
                # "Hosts any episode that airs in January" against the January 16 episode: the
                # window holds several occasions, any of which pays.
                audit.unverified("date", f"{'Polymarket' if spread is polymarket else 'Kalshi'} pays on any occasion "
                                         f"from {window[0]} to {window[1]}, the other on the one of {day[0]}")
                return
            audit.verified(f"the same event: {day[0]} falls in {window[0]} to {window[1]}")
            return
    audit.reject(f"different date: Kalshi {_show_when(k)} vs Polymarket {_show_when(p)}")


# A window's market that pays on any of several occasions in it ("any episode that airs in
# January", "at least one of its games").
_ANY_OCCASION = re.compile(r"\b(?:any|each|every|at least one)(?: of (?:the|its|their))? (?:[a-z]+ ){0,2}?(?:episodes?|editions?|shows?"
                           r"|broadcasts?|games?|matches|races?|meetings?|appearances?|performances?|concerts?)\b")


# A total that only grows over time (a film's gross, a cumulative count): its value as of a day is
# past a threshold exactly when it got past it by that day.
_RUNNING_TOTAL = re.compile(r"\b(?:gross(?:es|ed)?|cumulative(?:ly)?|lifetime|to date|so far|running total)\b")


# A count over each period apart ("in any single week", "weekly"), which falls back as well as rises.
_PER_PERIOD = re.compile(r"\b(?:single|any one) (?:day|week|month)\b|\b(?:weekly|daily|monthly)\b|\bper (?:day|week|month)\b"
                         r"|\bin (?:a|any|one) (?:day|week|month)\b")


def running_total_past(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Both markets pay when a running total is above a threshold: "above $2B as of March 1" and
    "$2B by March 1" are one proposition, and so are "cases reach 1,000 by June 30" and "1,000 or
    more cumulative cases by June 30"; "below" as of a day is not "below" by it, nor a count of a
    single week a running total."""
    if not any(_RUNNING_TOTAL.search(p.frame.context) for p in (kalshi, polymarket)) \
            or any(_PER_PERIOD.search(p.frame.context) for p in (kalshi, polymarket)):
        return False
    selections = [kalshi.selection, *(t.selection for t in polymarket.outcomes if not t.negated)]
    return len(selections) == 2 and all(
        isinstance(s, ValueRange) and s.low is not None and s.high is None for s in selections)


def _compare_times(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    k_time, p_time = kalshi.when.time_of_day, polymarket.when.time_of_day
    if k_time is not None and p_time is not None:
        if k_time != p_time:
            audit.reject(f"different time: Kalshi {k_time:%H:%M} ET vs Polymarket {p_time:%H:%M} ET")
        else:
            audit.verified(f"same time {k_time:%H:%M} ET")
        return
    stated, other, stated_by = (k_time, polymarket, "Kalshi") if k_time is not None else (p_time, kalshi, "Polymarket")
    if stated is not None and other.close_eastern is not None and other.close_eastern.time() == stated:
        audit.verified(f"{stated_by} states {stated:%H:%M} ET, when the other market closes")
        return
    if stated is None and kalshi.close_eastern and polymarket.close_eastern and kalshi.close_eastern == polymarket.close_eastern:
        audit.verified(f"both close at {kalshi.close_eastern:%Y-%m-%d %H:%M} ET")
        return
    if _SETTLEMENT_PRICE.search(kalshi.frame.rules) and _SETTLEMENT_PRICE.search(polymarket.frame.rules):
        # An exchange publishes one settlement price a day: the day names the reading, whenever
        # each market closes.
        audit.verified("both read the exchange's settlement price of the day")
        return
    if all(p.measure is not None and p.measure.key in _STOCK_INDEXES and _OFFICIAL_CLOSE.search(p.frame.rules)
           for p in (kalshi, polymarket)):
        # A stock index has one official close a trading day, published by its index provider.
        # (Crypto trades around the clock, and a futures close is not its settlement: neither
        # has this reading.)
        audit.verified("both read the index's official close of the day")
        return
    audit.unverified("time of day", "time of day not stated by both markets")


# "the front-month gold futures settlement price", "the active-month COMEX gold (GC) futures
# settlement", "COMEX front-month silver (SI) settles above", "the front-month WTI futures settle
# above": the exchange's daily settlement of a futures contract. "The market settles" alone is the
# market's own settling, no price.
_SETTLEMENT_PRICE = re.compile(r"\b(?:futures|front-month|active-month)\b.{0,60}\b(?:settlement|settles|settled|settle)\b"
                               r"|\bsettlement price\b.{0,60}\bfutures\b")
_STOCK_INDEXES = frozenset(f"index:{asset.key}" for asset in INDEXES)
_OFFICIAL_CLOSE = re.compile(r"\bclosing (?:value|level|price)\b|\bofficial clos(?:e|ing)\b|\bclose[sd]? (?:at|above|below)\b")
