"""Dates, months, years and times of day as market titles and rules write them.

Both venues write the day a market observes in US Eastern time ("Jan 9, 2026", "January 9",
"9 Jan '26", "on January 9 at 5:00 PM ET"); Kalshi also encodes it in the event ticker (``26JAN09``,
VENUE_APIS.md 1.5), while Polymarket's ``gameStartTime`` and ``endDate`` are UTC
(VENUE_APIS.md 2.1). A late game on January 9 Eastern starts on January 10 UTC, so every UTC time
is turned into an Eastern date before two markets' days are compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")
# The US time zones a game's local date can be read in: Kalshi dates a game by its local day, and a
# 10:30 PM Pacific start is already the next day in Eastern time.
US_ZONES = tuple(ZoneInfo(name) for name in ("America/New_York", "America/Chicago", "America/Denver",
                                              "America/Los_Angeles", "Pacific/Honolulu"))

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
_YEAR = r"(?:,?\s*(?:'(\d{2})|(\d{4})))?"

# "January 9, 2026", "Jan 9", "Jan. 9th 2026"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b{_YEAR}")
# "9 Jan '26", "9 January 2026"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}{_YEAR}")
_ISO_DAY = re.compile(r"\b(20\d{2})-(\d{2})-(\d{2})\b")
# "December 2025", "Dec 2025" (a month, not followed by a day number)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(20\d{{2}})\b")
_YEAR_ONLY = re.compile(r"\b(20\d{2})\b")
_BARE_MONTH = re.compile(rf"\b(?:in|for|during|after the|the)\s+{_MONTH}(?!\s*\d)")
_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b|\b(noon|midnight)\b")
_DEADLINE = re.compile(r"\b(?:by|before|prior to|no later than)\s+(?:the end of\s+)?(?:[a-z]+day,?\s+)?$")

# Kalshi event codes: 26JAN09 (day), 26JAN (month), 26JAN0917 (day and hour), VENUE_APIS.md 1.5.
_TICKER_DATE = re.compile(r"^(\d{2})([A-Z]{3})(\d{2})?(\d{2})?")


@dataclass(frozen=True, slots=True)
class DayMention:
    day: date
    deadline: bool  # "by January 31" / "before ...": any time up to that day
    explicit_year: bool


def _year_for(month: int, day: int, reference: date) -> int:
    """A year-less "January 9" means the one nearest the market's own dates."""
    best = reference.year
    best_gap: int | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            gap = abs((date(year, month, day) - reference).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def _explicit_year(short: str | None, full: str | None) -> int | None:
    if full:
        return int(full)
    if short:
        return 2000 + int(short)
    return None


def find_days(text: str, reference: date | None) -> list[DayMention]:
    """Every calendar day a folded text names, in order of appearance."""
    found: list[tuple[int, DayMention]] = []
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        for match in pattern.finditer(text):
            month = MONTHS[match.group(month_group).rstrip(".")]
            day_number = int(match.group(day_group))
            year = _explicit_year(match.group(3), match.group(4))
            if year is None:
                if reference is None:
                    continue
                year = _year_for(month, day_number, reference)
            try:
                day = date(year, month, day_number)
            except ValueError:
                continue
            deadline = bool(_DEADLINE.search(text[max(0, match.start() - 40) : match.start()]))
            found.append((match.start(), DayMention(day, deadline, match.group(3) is not None or match.group(4) is not None)))
    for match in _ISO_DAY.finditer(text):
        try:
            day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        deadline = bool(_DEADLINE.search(text[max(0, match.start() - 40) : match.start()]))
        found.append((match.start(), DayMention(day, deadline, True)))
    found.sort(key=lambda item: item[0])
    return [mention for _, mention in found]


def find_months(text: str, reference: date | None) -> list[tuple[int, int]]:
    """(year, month) pairs: "December 2025", and a bare "in December" dated from ``reference``."""
    months: list[tuple[int, tuple[int, int]]] = []
    for match in _MONTH_YEAR.finditer(text):
        months.append((match.start(), (int(match.group(2)), MONTHS[match.group(1).rstrip(".")])))
    if reference is not None:
        for match in _BARE_MONTH.finditer(text):
            month = MONTHS[match.group(1).rstrip(".")]
            months.append((match.start(), (_year_for(month, 1, reference), month)))
    months.sort(key=lambda item: item[0])
    return [month for _, month in months]


def find_years(text: str) -> list[int]:
    return [int(y) for y in _YEAR_ONLY.findall(text)]


def find_times(text: str) -> list[time]:
    """Times of day ("5pm", "5:00 PM", "noon"); all venues write them in Eastern time."""
    times = []
    for match in _TIME.finditer(text):
        if match.group(4):
            times.append(time(12, 0) if match.group(4) == "noon" else time(0, 0))
            continue
        hour = int(match.group(1))
        minute = int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            continue
        if match.group(3) == "pm" and hour != 12:
            hour += 12
        elif match.group(3) == "am" and hour == 12:
            hour = 0
        times.append(time(hour, minute))
    return times


def eastern(moment: datetime) -> datetime:
    return moment.astimezone(EASTERN)


def eastern_date(moment: datetime) -> date:
    return moment.astimezone(EASTERN).date()


def us_local_dates(moment: datetime) -> frozenset[date]:
    """Every calendar date ``moment`` falls on somewhere in the US."""
    return frozenset(moment.astimezone(zone).date() for zone in US_ZONES)


@dataclass(frozen=True, slots=True)
class TickerDate:
    year: int
    month: int
    day: int | None
    hour: int | None


def ticker_date(event_code: str) -> TickerDate | None:
    """The date part of a Kalshi event code (the part after the series): ``26JAN09`` ->
    2026-01-09, ``26JAN`` -> January 2026, ``26JAN0917`` -> 2026-01-09 17:00."""
    match = _TICKER_DATE.match(event_code)
    if match is None or match.group(2).lower() not in MONTHS:
        return None
    year, month = 2000 + int(match.group(1)), MONTHS[match.group(2).lower()]
    day = int(match.group(3)) if match.group(3) else None
    hour = int(match.group(4)) if match.group(4) else None
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            return None
    if hour is not None and hour > 23:
        hour = None
    return TickerDate(year, month, day, hour)
