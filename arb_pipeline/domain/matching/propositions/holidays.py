"""US holidays by name ("Christmas", "Thanksgiving", "Labor Day") and the day each falls on in a
year, fixed or the nth weekday of its month; the pattern that finds them in a folded text, and
the one that finds them as a raw text capitalises them (a day, never a name).

Apart from dates.py because the table of holidays and their rules is its own: dates.py reads a
holiday found here as a day, and names.py skips its capitals.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth given weekday of a month (nth -1: the last)."""
    if nth < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


# US holidays by name, each with the day it falls on in a year. A name that also names something
# else ("Christmas number one", "Thanksgiving weekend", the film "Independence Day") is a day only
# after "on" or with its year; the names below are days wherever they stand.
_HOLIDAYS: dict[str, object] = {
    "new year's eve": (12, 31), "new years eve": (12, 31), "new year's day": (1, 1), "new years day": (1, 1),
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "halloween": (10, 31),
    "valentine's day": (2, 14), "valentines day": (2, 14), "juneteenth": (6, 19), "independence day": (7, 4),
    "st. patrick's day": (3, 17), "st patrick's day": (3, 17), "saint patrick's day": (3, 17),
    "thanksgiving day": lambda year: _nth_weekday(year, 11, 3, 4), "thanksgiving": lambda year: _nth_weekday(year, 11, 3, 4),
    "memorial day": lambda year: _nth_weekday(year, 5, 0, -1), "labor day": lambda year: _nth_weekday(year, 9, 0, 1),
}
GUARDED_HOLIDAYS = frozenset({"christmas", "thanksgiving", "independence day"})
HOLIDAY = re.compile(r"\b(?P<on>on\s+(?:the\s+)?)?(?P<name>" + "|".join(
    re.escape(name) for name in sorted(_HOLIDAYS, key=len, reverse=True)) + r")\b(?:,?\s+(?:of\s+)?(?P<year>20\d{2})\b)?")
# The same names as a raw text capitalises them: a day, never a name of the proposition.
HOLIDAY_NAMES = re.compile(r"\b(?:" + "|".join(re.escape(name).replace("'", "['’]?") for name in _HOLIDAYS) + r")\b",
                           re.IGNORECASE)
# Every holiday above holds one of these: most texts hold none and skip the regex.
HOLIDAY_NEEDLES = ("new year", "christmas", "thanksgiving", "halloween", "valentine", "patrick", "juneteenth",
                   "independence day", "memorial day", "labor day")


def holiday_day(name: str, year: int) -> date:
    rule = _HOLIDAYS[name]
    if callable(rule):
        return rule(year)
    month, day = rule  # type: ignore[misc]
    return date(year, month, day)
