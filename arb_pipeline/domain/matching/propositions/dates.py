"""Dates as market titles and rules write them, and what they mean for settlement.

Both venues write the day a market observes in US Eastern time ("Jan 9, 2026", "January 9",
"9 Jan '26", "on January 9 at 5:00 PM ET"); Kalshi also encodes it in the event ticker (``26JAN09``,
read by :mod:`arb_pipeline.domain.kalshi_tickers`),
while Polymarket's ``gameStartTime`` and ``endDate`` are UTC. A late game on January 9 Eastern
starts on January 10 UTC, so every UTC time is turned into an Eastern date before two markets'
days are compared.

A date also says how it settles (:class:`DateRule`): "on January 9" reads one day, "by January 31"
and "before February 1" pay if it happens up to January 31 (the same deadline), "in Q1 2026" and
"for December 2025" cover a window, and "at the January 2026 meeting" is the meeting's date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from arb_pipeline.domain.matching.propositions.model import NO_DATE, DateRule, When
from arb_pipeline.domain.matching.propositions.text import any_needle, contains_any

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
_MONTHS = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
# A month's name or its short form, as other readers write it into their patterns.
MONTH_PATTERN = rf"(?:{_MONTHS})(?![a-z])\.?"
_MONTH = rf"({_MONTHS})(?![a-z])\.?"
_YEAR = r"(?:,?\s*(?:'(\d{2})|(\d{4})))?"

# "January 9, 2026", "Jan 9", "Jan. 9th 2026"
# A colon after the day starts a clock time only when a digit follows ("March 31: ChatGPT?" is a day).
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!:\d|\s*(?:am|pm)\b){_YEAR}")
# "9 Jan '26", "9 January 2026". Patterns that start at a word boundary before a digit or a
# letter are written from that digit or letter, the boundary looked behind for once it is found:
# the regex engine then jumps to it instead of trying the boundary at every character.
_DAY_MONTH = re.compile(rf"(\d(?<!\w\d)\d?)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}{_YEAR}")
_NAMED_YEAR = re.compile(r"\s+(?:of\s+)?(20\d{2})\b")
_NUMERIC_DAY = re.compile(r"(?<![\d/.$])\b(\d{1,2})/(\d{1,2})/(20\d{2}|\d{2})\b(?![/\d])")
_ISO_DAY = re.compile(r"(2(?<!\w2)0\d{2})-(\d{2})-(\d{2})\b")
# "December 2025", "Dec 2025" (a month, not followed by a day number)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(20\d{{2}})\b")
# A year, not an amount ("$2000", "2000 points" after a comparator, "2,000+ cases", "2000 or
# more" and "more than 2,000 flu deaths" are numbers, not years).
# The Russell 2000 is an index, no year.
_YEAR_ONLY = re.compile(r"(?=20\d\d)(?<!russell )(?<!more than )(?<!fewer than )(?<!less than )(?<!above )(?<!below )(?<!at least )(?<!at most )"
                        r"(2(?<![$\d.,]2)(?<!\w2)0\d{2})\b(?![%°.,]\d|%|°|\+|\s*(?:points|pts|bps)\b"
                        r"|\s+or (?:more|fewer|less|higher|lower|above|below|greater)\b)")
_LAST_DAY_OF_YEAR = re.compile(r"\blast (?:trading |business )?day of (?:the year )?(20\d{2})\b")
# Two years written with a hyphen are one term or season before its noun or a league's or a
# competition's word, and after them ("the 2026-27 professional hockey postseason", "NFL Playoffs
# 2026-27"), and when it ends the question ("Spurs 49 or fewer wins in 2026-27?"): read as its
# first year alone, one venue's season fell a year before the other's.
_SEASON_WORDS = (r"nfl|nba|wnba|nhl|mlb|ncaa\w*|college|league|liga|serie a|bundesliga|ligue 1|epl|euroleague|mvp|trophy"
                 r"|award|cup|champion\w*|finals?|title|season|playoffs?|postseason")
_YEAR_SPAN = re.compile(r"\b(20\d{2})-(\d{2}|20\d{2})\b(?= (?:term|season|session|campaign)\b)"
                        r"|\b(20\d{2})-(\d{2})\b(?=(?: [a-z'&]+){0,3}? (?:" + _SEASON_WORDS + r"|professional)\b|\?|$)"
                        r"|\b(?:" + _SEASON_WORDS + r")(?: [a-z'&]+){0,2}? (20\d{2})-(\d{2})\b(?!-\d)")
_BARE_MONTH = re.compile(rf"\b(?:in|for|during|after the|at the|by|before|the|end of|through)\s+{_MONTH}(?!\s*\d)")
_QUARTER = re.compile(r"\bq([1-4])\s*(?:of\s+)?(?:'(\d{2})\b|(20\d{2})\b|fy\s?(\d{2,4})\b)?"
                      r"|\b(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?(?:\s+(20\d{2}))?")
_Q_HINT = re.compile(r"q(?<!\wq)[1-4]")
_H_HINT = re.compile(r"h(?<!\wh)[12]\b")
# A text with none of these names no date: no digit, no month, no "this year" or "year-end", no holiday.
# A digit, or a word every other date needs: what a text must hold to name a date. The digit is
# looked for on its own and the words as a tree of shared prefixes (``any_needle``), each of which
# the regex engine jumps to; an alternation opening with "\d" gives it no first character to jump to.
_DIGIT = re.compile(r"\d")
_DATE_WORD = any_needle(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "year",
                         "christmas", "thanksgiving", "halloween", "valentine", "patrick", "independence", "memorial",
                         "labor day"))
_HALF_YEAR = re.compile(r"\b(?:h([12])|(first|second) half of)\s+(20\d{2})\b")
_THIS_YEAR = re.compile(r"\b(?:this year|year[- ]end|end of (?:the )?year|the year's end)\b")
_NAMED_DEADLINE = re.compile(r"(?:\s+[a-z]+){0,3}\s+deadline\b")
# "Mar 1-7", "March 1 - 14, 2026": a run of days in one month. A number that goes on as a
# decimal, a time, a percentage or a temperature is not a day.
_DAY_RUN_END = re.compile(r"\s*-\s*(\d{1,2})\b(?![.:,]\d|\s*(?:%|°|am\b|pm\b))(?:,?\s+(20\d\d)\b)?")
_WEEK_OF = re.compile(r"\bweek (?:of|starting|beginning)\s+(?:[a-z]+day,?\s+)?$")

# A quarter of a company's fiscal year ("Q4 FY27", folded to "q4 fiscal year 2027"; "fiscal Q4 2027",
# "the fourth quarter of fiscal 2027"): a fiscal year may end in any month (NVIDIA's fiscal 2027 ends
# in January 2027), so its quarter names no calendar window. It is no date; what the texts date
# the occasion by (a day, a month, a deadline) is.
_QUARTER_WORD = r"(?:q[1-4]|(?:first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter)"
_FISCAL_YEAR_WORDS = r"(?:fiscal(?:\s+year)?|fy)\s*'?(?:20\d{2}|\d{2})\b"
_FISCAL_QUARTER = re.compile(
    rf"\b{_QUARTER_WORD}\s+(?:of\s+)?(?:the\s+)?{_FISCAL_YEAR_WORDS}"
    rf"|\b{_FISCAL_YEAR_WORDS}\s+{_QUARTER_WORD}"
    rf"|\bfiscal\s+(?:year\s+)?{_QUARTER_WORD}(?:\s+(?:of\s+)?(?:20\d{{2}}))?"
    rf"|\b(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+fiscal\s+quarter(?:\s+(?:of\s+)?(?:20\d{{2}}))?")


def fiscal_quarters(text: str) -> tuple[tuple[int, int], ...]:
    """Where a folded text names a fiscal quarter: no date, and no word of a statement."""
    if "fiscal" not in text and "fy" not in text:
        return ()
    return tuple((m.start(), m.end()) for m in _FISCAL_QUARTER.finditer(text))


_QUARTER_NUMBER = re.compile(r"\bq([1-4])\b|\b(first|second|third|fourth|1st|2nd|3rd|4th)\b")
_FISCAL_YEAR_NUMBER = re.compile(r"(?:fiscal(?:\s+year)?|fy)\s*'?(20\d{2}|\d{2})\b|\b(20\d{2})\b")


def fiscal_quarter_keys(text: str) -> frozenset[tuple[int, int]]:
    """The fiscal quarters a folded text names, each as (quarter, fiscal year): one company's
    "Q4 FY2026" and "the fourth quarter of fiscal 2026" are one quarter, whatever months it covers."""
    keys = set()
    for start, end in fiscal_quarters(text):
        phrase = text[start:end]
        quarter, year = _QUARTER_NUMBER.search(phrase), _FISCAL_YEAR_NUMBER.search(phrase)
        if quarter is None or year is None:
            continue
        number = int(quarter.group(1)) if quarter.group(1) else _QUARTER_WORDS[quarter.group(2)]
        keys.add((number, _fiscal_year(year.group(1) or year.group(2)) or 0))
    return frozenset(keys)


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
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_AROUND = re.compile(rf"\b({'|'.join(_WEEKDAYS)}) (after|before) (?:the )?$")
_GUARDED_HOLIDAYS = frozenset({"christmas", "thanksgiving", "independence day"})
_HOLIDAY = re.compile(r"\b(?P<on>on\s+(?:the\s+)?)?(?P<name>" + "|".join(
    re.escape(name) for name in sorted(_HOLIDAYS, key=len, reverse=True)) + r")\b(?:,?\s+(?:of\s+)?(?P<year>20\d{2})\b)?")
# The same names as a raw text capitalises them: a day, never a name of the proposition.
HOLIDAY_NAMES = re.compile(r"\b(?:" + "|".join(re.escape(name).replace("'", "['’]?") for name in _HOLIDAYS) + r")\b",
                           re.IGNORECASE)
# Every holiday above holds one of these: most texts hold none and skip the regex.
_HOLIDAY_NEEDLES = ("new year", "christmas", "thanksgiving", "halloween", "valentine", "patrick", "juneteenth",
                    "independence day", "memorial day", "labor day")


def _holiday_day(name: str, year: int) -> date:
    rule = _HOLIDAYS[name]
    if callable(rule):
        return rule(year)
    month, day = rule  # type: ignore[misc]
    return date(year, month, day)


# Kalshi event codes: 26JAN09 (day), 26JAN (month), 26JAN0917 (day and hour).
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


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


def _quarter_year(number: int, reference: date) -> int:
    """The year of a year-less quarter ("Tesla Q4 deliveries above 450k?"): the market's own year,
    unless that quarter has not begun when the market closes and the same quarter of the year
    before ended at most three months earlier, when its figures are published (a market on Q4
    closing on January 5 is about the Q4 just ended; one closing in October is about this one)."""
    if date(reference.year, 3 * number - 2, 1) <= reference:
        return reference.year
    ended = _month_span(reference.year - 1, 3 * number)[1]
    return reference.year - 1 if (reference - ended).days <= 92 else reference.year


def _explicit_year(short: str | None, full: str | None) -> int | None:
    if full:
        return int(full)
    if short:
        return 2000 + int(short)
    return None


def find_days(text: str, reference: date | None) -> list[DayMention]:
    """Every calendar day a folded text names, in order of appearance."""
    return [DayMention(m.first, m.rule is DateRule.BY, m.explicit_year)
            for m in date_mentions(text, reference) if m.kind == "day"]


def find_months(text: str, reference: date | None) -> list[tuple[int, int]]:
    """(year, month) pairs: "December 2025", and a bare "in December" dated from ``reference``."""
    return [(m.first.year, m.first.month) for m in date_mentions(text, reference) if m.kind == "month"]


def find_years(text: str) -> list[int]:
    return [int(y) for y in _YEAR_ONLY.findall(text)]


_TIME = re.compile(r"\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|\b(noon|midnight)\b")


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
        pm = match.group(3).startswith("p")
        if pm and hour != 12:
            hour += 12
        elif not pm and hour == 12:
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


# --- mentions and their settlement rule ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """One date a text names: the days it covers (``first`` .. ``last``), what kind of span it
    is, the rule the words around it give it, and where it sits in the text."""

    kind: str  # "day", "month", "quarter", "half", "year"
    first: date
    last: date
    rule: DateRule
    start: int
    end: int
    explicit_year: bool = True
    before: bool = False  # "before X": the deadline is the day before X starts

    def as_when(self, label: str = "") -> When:
        if self.rule is DateRule.BY:
            deadline = self.first - timedelta(days=1) if self.before else self.last
            return When(DateRule.BY, day=deadline, label=label)
        if self.rule is DateRule.DURING:
            return When(DateRule.DURING, start=self.first, end=self.last, label=label)
        if self.rule is DateRule.AT:
            return When(DateRule.AT, day=self.first if self.kind == "day" else None, start=self.first, end=self.last,
                        label=label)
        return When(DateRule.ON, day=self.last if self.kind != "day" else self.first, label=label)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


# The words around a date that give it its settlement rule: a meeting's date, a deadline (from
# listing, or the day before), a period's end, a stage of a competition in a year.
# A committee named right after a date, as the clause ends, is its meeting ("Dissent at Jan 2027
# FOMC?"); followed by more words it may be anything of the committee's ("FOMC minutes").
_MEETING_AFTER = re.compile(r"^\s*(?:fomc\s+|fed\s+|policy\s+|monetary policy\s+)?(?:meeting|decision|rate decision|announcement)"
                            r"|^\s*(?:fomc|mpc)\s*(?:[?.,;:!]|$)")
_MEETING_BEFORE = re.compile(r"(?:meeting|decision)\s+(?:on|of|in)\s+(?:the\s+)?$")
# These words end the text before the date, but for the date's weekday ("by Friday, March 6").
_WEEKDAY_THEN_DATE = r"(?:[a-z]+day,?\s+)?$"
_DEADLINE = re.compile(r"\b(?:by|before|prior to|no later than|on or before|until|till|through|thru|up to)\s+(?:the\s+)?"
                       r"(?:(?:end|close|last day)\s+of\s+(?:the\s+)?)?" + _WEEKDAY_THEN_DATE)
# "Between market creation and December 31, 2027": from listing to that day, a deadline.
_SINCE_LISTING = re.compile(r"\bbetween\s+(?:the\s+)?(?:(?:this\s+)?market(?:'s)?\s+creation|creation of (?:this|the) market"
                            r"|(?:the\s+)?market(?:'s)?\s+(?:launch|listing|open(?:ing)?)|now|today)\s+and\s+"
                            r"(?:the\s+)?" + _WEEKDAY_THEN_DATE)
# "Before Jan 1" ends the day before; "on or before Dec 31" ends on it.
_BEFORE = re.compile(r"\b(?<!on or )(?:before|prior to)\s+(?:the\s+)?" + _WEEKDAY_THEN_DATE)
_END_OF = re.compile(r"\b(?:end|close|last day)\s+of\s+(?:the\s+)?$|\b(?:closes?|ends?|finish(?:es)?)\s+$")
# "Before the 2029 French Open final": a year that names a stage of a competition, whose day is
# the stage's, not the year's first; the year is when it happens. ("Before the 2028 election"
# stays a deadline: the stage words say a competition is meant.)
_YEAR_OF_AN_OCCASION = re.compile(r"\s+(?:[a-z'-]+\s+){0,3}(?:final|semi-?final|quarter-?final|round of \d+|"
                                  r"knockout stage)s?\b")


# Words one of which each pattern above needs, tested before it: every pattern opens with a word
# boundary or a word and is tried at each character of the text before a date, for every date.
_DEADLINE_WORDS = ("by", "before", "prior to", "no later than", "until", "till", "through", "thru", "up to")
_MEETING_WORDS = ("meeting", "decision")
_END_WORDS = ("end", "close", "last day", "finish")


def _before(before_text: str) -> bool:
    return contains_any(before_text, ("before", "prior to")) and _BEFORE.search(before_text) is not None


# A day's last minute after it ("before December 31, 2027 11:59 PM ET"): a deadline before that
# minute is that day's end, not the day before.
_LAST_MINUTE = re.compile(r",?\s*(?:at\s+)?(?:11:59(?::59)?\s*p\.?m\b|23:59\b)")


def _rule_for(text: str, start: int, end: int, kind: str) -> tuple[DateRule, bool]:
    before_text = text[max(0, start - 48): start]
    after_text = text[end: end + 40]
    deadline = contains_any(before_text, _DEADLINE_WORDS) and _DEADLINE.search(before_text) is not None
    if _MEETING_AFTER.match(after_text) or (contains_any(before_text, _MEETING_WORDS) and _MEETING_BEFORE.search(before_text)):
        # "By the September 2029 meeting": any meeting up to and including it, a deadline.
        return (DateRule.BY, False) if deadline and not _before(before_text) else (DateRule.AT, False)
    if deadline and not (kind == "year" and _YEAR_OF_AN_OCCASION.match(after_text) and before_text.endswith("the ")):
        return DateRule.BY, _before(before_text) and not (kind == "day" and _LAST_MINUTE.match(after_text))
    if "between" in before_text and _SINCE_LISTING.search(before_text):
        return DateRule.BY, False
    if contains_any(before_text, _END_WORDS) and _END_OF.search(before_text):
        return DateRule.ON, False
    if kind == "day":
        return DateRule.ON, False
    return DateRule.DURING, False


@lru_cache(maxsize=1 << 15)
def date_mentions(text: str, reference: date | None) -> tuple[Mention, ...]:
    """Every date a folded text names, in order of appearance, each with its settlement rule.
    A day inside a wider mention (the "2026" of "January 9, 2026") is one mention, not two.
    Cached: event titles repeat across the markets of an event."""
    if _DIGIT.search(text) is None and _DATE_WORD.search(text) is None:
        return ()
    found: list[Mention] = []
    taken: list[tuple[int, int]] = list(fiscal_quarters(text))

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def add(kind: str, first: date, last: date, start: int, end: int, explicit: bool = True, *,
            an_end: bool = False) -> None:
        if not free(start, end):
            return
        rule, before = _rule_for(text, start, end, kind)
        # "before year-end" is by the year's last day, not before the year begins.
        before = before and not an_end
        taken.append((start, end))
        found.append(Mention(kind, first, last, rule, start, end, explicit, before))

    if "-" in text:
        for match in _ISO_DAY.finditer(text):
            try:
                day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            add("day", day, day, match.start(), match.end())
    if "/" in text:
        # "12/31/2026": US venues write month first.
        for match in _NUMERIC_DAY.finditer(text):
            year = int(match.group(3)) if len(match.group(3)) == 4 else 2000 + int(match.group(3))
            try:
                day = date(year, int(match.group(1)), int(match.group(2)))
            except ValueError:
                continue
            add("day", day, day, match.start(), match.end())
    for pattern, month_group, day_group in ((_MONTH_DAY, 1, 2), (_DAY_MONTH, 2, 1)):
        for match in pattern.finditer(text):
            month = MONTHS[match.group(month_group).rstrip(".")]
            day_number = int(match.group(day_group))
            year = _explicit_year(match.group(3), match.group(4))
            explicit = year is not None
            if year is None:
                if reference is None:
                    continue
                year = _year_for(month, day_number, reference)
            try:
                day = date(year, month, day_number)
            except ValueError:
                continue
            run = _DAY_RUN_END.match(text, match.end()) if pattern is _MONTH_DAY and match.group(3) is None \
                and match.group(4) is None else None
            if run is not None and day_number < int(run.group(1)) <= calendar.monthrange(year, month)[1]:
                if run.group(2):
                    year, explicit = int(run.group(2)), True
                add("window", date(year, month, day_number), date(year, month, int(run.group(1))), match.start(), run.end(),
                    explicit)
            elif _WEEK_OF.search(text[max(0, match.start() - 32): match.start()]):
                add("window", day, day + timedelta(days=6), match.start(), match.end(), explicit)
            else:
                add("day", day, day, match.start(), match.end(), explicit)
    if any(needle in text for needle in _HOLIDAY_NEEDLES):
        for match in _HOLIDAY.finditer(text):
            name = match.group("name")
            if name in _GUARDED_HOLIDAYS and not (match.group("on") or match.group("year")):
                continue
            year = int(match.group("year")) if match.group("year") else None
            if year is None and reference is None:
                continue
            if year is None:
                assert reference is not None
                near = _holiday_day(name, reference.year)
                year = _year_for(near.month, near.day, reference)
            day, start = _holiday_day(name, year), match.start("name")
            # "the Sunday after Thanksgiving 2027": the first such weekday after (or before) it.
            weekday = _WEEKDAY_AROUND.search(text, max(0, start - 24), start)
            if weekday is not None:
                wanted = _WEEKDAYS.index(weekday.group(1))
                step = 1 if weekday.group(2) == "after" else -1
                day, start = day + timedelta(days=step), weekday.start()
                while day.weekday() != wanted:
                    day += timedelta(days=step)
            add("day", day, day, start, match.end(), match.group("year") is not None)
    if "quarter" in text or _Q_HINT.search(text):
        for match in _QUARTER.finditer(text):
            number = int(match.group(1)) if match.group(1) else _QUARTER_WORDS[match.group(5)]
            year = (_explicit_year(match.group(2), match.group(3)) or _fiscal_year(match.group(4))
                    or (int(match.group(6)) if match.group(6) else None))
            explicit = year is not None
            if year is None:
                if reference is None:
                    continue
                year = _quarter_year(number, reference)
            first = date(year, 3 * number - 2, 1)
            add("quarter", first, _month_span(year, 3 * number)[1], match.start(), match.end(), explicit)
    if "half" in text or _H_HINT.search(text):
        for match in _HALF_YEAR.finditer(text):
            half = int(match.group(1)) if match.group(1) else (1 if match.group(2) == "first" else 2)
            year = int(match.group(3))
            add("half", date(year, 6 * half - 5, 1), _month_span(year, 6 * half)[1], match.start(), match.end())
    for match in _MONTH_YEAR.finditer(text):
        first, last = _month_span(int(match.group(2)), MONTHS[match.group(1).rstrip(".")])
        add("month", first, last, match.start(), match.end())
    if reference is not None:
        for match in _BARE_MONTH.finditer(text):
            month = MONTHS[match.group(1).rstrip(".")]
            first, last = _month_span(_year_for(month, 15, reference), month)
            add("month", first, last, match.start(1), match.end(), False)
        # Every phrase of ``_THIS_YEAR`` holds "year".
        for match in _THIS_YEAR.finditer(text) if "year" in text else ():
            year = reference.year
            if "end" in match.group(0):
                # "end of year 2027" names its year.
                named = _NAMED_YEAR.match(text, match.end())
                year, end = (int(named.group(1)), named.end()) if named else (year, match.end())
                add("day", date(year, 12, 31), date(year, 12, 31), match.start(), end, named is not None, an_end=True)
            else:
                add("year", date(year, 1, 1), date(year, 12, 31), match.start(), match.end(), False)
    if "last" in text:
        for match in _LAST_DAY_OF_YEAR.finditer(text):
            # "on the last trading day of 2027": the year's last day, as "at the end of 2027".
            year = int(match.group(1))
            add("day", date(year, 12, 31), date(year, 12, 31), match.start(), match.end(), an_end=True)
    if "-" in text:
        for match in _YEAR_SPAN.finditer(text):
            # "the 2026-27 term", "the 2026-2027 season", "the 2026-27 NBA MVP": a period across
            # two years is decided in the second, as a season's title is, never in the calendar
            # year it opens in; a league that names its seasons by their first year names it so.
            group = next(g for g in (1, 3, 5) if match.group(g))
            first, second = int(match.group(group)), int(match.group(group + 1)) % 100
            if second == (first + 1) % 100:
                year = first if _opening_year_season(text, match) else first + 1
                add("year", date(year, 1, 1), date(year, 12, 31), match.start(group), match.end(group + 1))
    for match in _YEAR_ONLY.finditer(text):
        if "deadline" in text and _NAMED_DEADLINE.match(text, match.end()):
            # "before the 2027 NBA trade deadline": the year says which deadline, a day no text
            # states; it is not "before 2027".
            continue
        year = int(match.group(1))
        add("year", date(year, 1, 1), date(year, 12, 31), match.start(), match.end())
    found.sort(key=lambda m: m.start)
    return tuple(_windows(text, found))


# Leagues whose season is named by the year it opens in: the "2026 NFL season" and its MVP are
# the 2026-27 season's, not the 2027 season's as in the NBA or the NHL ("the 2027 NBA MVP").
_OPENING_YEAR_LEAGUES = re.compile(r"\b(?:nfl|afc|nfc|ncaaf|college football|cfb|pro(?:fessional)? football)\b")
# A season's title is won at its end and named by that year on either venue ("Super Bowl 2027").
_SEASON_TITLE = re.compile(r"\b(?:super bowl|champion\w*|title|playoff\w*|postseason|bowl game)\b")


def _opening_year_season(text: str, match: re.Match[str]) -> bool:
    """A season written "2026-27" next to a league that names its seasons by their first year,
    and not its title (won, and named, in the second)."""
    near = text[max(0, match.start() - 40): match.end() + 40]
    return _OPENING_YEAR_LEAGUES.search(near) is not None and _SEASON_TITLE.search(near) is None


def _fiscal_year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if len(text) == 4 else 2000 + int(text)


def _in_year(day: date, year: int) -> date:
    """The same day of the month in ``year`` (February 29 as the month's last day)."""
    return date(year, 3, 1) - timedelta(days=1) if (day.month, day.day) == (2, 29) else day.replace(year=year)


_BETWEEN = re.compile(r"\b(?:between|from)\s+$")


def _windows(text: str, mentions: list[Mention]) -> list[Mention]:
    """"between January 1 and March 31", "from May 1 to May 31": one window, not two days."""
    if len(mentions) < 2:
        return mentions
    merged: list[Mention] = []
    skip = False
    for first, second in zip(mentions, mentions[1:], strict=False):
        if skip:
            skip = False
            continue
        joiner = text[first.end: second.start].strip()
        if (joiner in ("and", "to", "-", "through", "until", "thru") and _BETWEEN.search(text[max(0, first.start - 10): first.start])) \
                or (joiner == "-" and first.kind == second.kind == "day"):
            begin = first.first
            if not first.explicit_year and second.explicit_year and begin.year != second.last.year:
                # "between January 1 and December 31, 2029": the year written at the end dates both
                # ("December 1 to January 31, 2030" starts in the year before).
                begin = _in_year(begin, second.last.year)
                if begin > second.last:
                    begin = _in_year(begin, second.last.year - 1)
            merged.append(Mention("window", begin, second.last, DateRule.DURING, first.start, second.end))
            skip = True
        else:
            merged.append(first)
    if not skip:
        merged.append(mentions[-1])
    return merged


def read_when(texts: tuple[str, ...], reference: date | None, *, want_time: bool = False) -> tuple[When, tuple[Mention, ...]]:
    """The date that decides a proposition: the first date the most specific text names (titles
    before rules), with its rule, and the time of day when ``want_time``. Also returns every
    mention of that text, so a reader can take the dates out of the statement's words."""
    for text in texts:
        if not text:
            continue
        mentions = date_mentions(text, reference)
        if not mentions:
            continue
        main = _main_mention(text, mentions)
        when = main.as_when(text[main.start: main.end])
        if want_time:
            times = find_times(text)
            if times:
                when = When(when.rule, when.day, when.start, when.end, times[0], when.label)
        return when, mentions
    return NO_DATE, ()


# A year written before the noun it dates ("announces 2028 presidential run", "the 2030 World Cup
# bid"), not after a preposition that makes it the market's period ("in 2028", "for 2028").
_YEAR_BEFORE_NOUN = re.compile(r"(?<!\bin )(?<!\bduring )(?<!\bfor )(?<!\bof )(?<!\bby )20\d\d [a-z]")


def _main_mention(text: str, mentions: tuple[Mention, ...]) -> Mention:
    """A day beats a bare year of the same text ("by March 31 in the 2026 season"); a deadline
    beats a year written before the noun it dates ("announces 2028 presidential run before
    2028": the run is for 2028, the market ends before it); otherwise the first mention wins."""
    first = mentions[0]
    specific = [m for m in mentions if m.kind in ("day", "window")]
    if specific and first.kind == "year":
        return specific[0]
    if first.kind == "year" and first.rule is DateRule.DURING and _YEAR_BEFORE_NOUN.match(text, first.start):
        deadline = next((m for m in mentions[1:] if m.rule is DateRule.BY), None)
        if deadline is not None:
            return deadline
    return first


def before_the_day(when: When, rules: str, reference: date | None) -> When | None:
    """A title's deadline "by" a day whose rules pay only "before" it ("Will the government shut
    down by Oct 1?", "... before Oct 1, 2027"): a title's "by" leaves open whether its day counts,
    the rules say it does not, so the deadline is the day before. None otherwise ("on or before"
    keeps the day)."""
    if when.rule is not DateRule.BY or when.day is None or "before" not in rules:
        return None
    from_rules, _ = read_when((rules,), reference)
    if from_rules.rule is DateRule.BY and from_rules.day == when.day - timedelta(days=1):
        return replace(when, day=from_rules.day, label=f"before {when.label}")
    return None


# "the final trading day of 2027 (December 30, 2027)": the rules date the year's last session.
_LAST_SESSION_DATED = re.compile(r"\b(?:last|final) trading day of (?:the year )?(20\d\d)\s*\(([^()]{6,24})\)")


def last_session_dated(when: When, rules: str) -> When:
    """A year-end reading on December 31 ("above 50,000 at year-end 2027") whose own rules (folded)
    name the year's last trading day and date it in brackets is read on that day, as the other
    venue dates the close (the exchange's last session may fall before December 31). Rules that
    give no date keep the year's last day: the session's date is never guessed."""
    if when.day is None or "trading day" not in rules:
        return when
    match = _LAST_SESSION_DATED.search(rules)
    if match is None or int(match.group(1)) != when.day.year:
        return when
    mentions = date_mentions(match.group(2), when.day)
    if len(mentions) != 1 or mentions[0].kind != "day" or mentions[0].first.year != when.day.year \
            or mentions[0].first.month != 12:
        return when
    return When(DateRule.ON, day=mentions[0].first, label=f"the last trading day of {when.day.year}")
