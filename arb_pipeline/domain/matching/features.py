"""What a market settles on, read from its own fields and rules: the settlement features two
markets are compared on.

A market pays on a *selection* inside a *frame*. The frame is everything both markets must agree
on (the measured quantity, station or source, the day, time and window, the game, the race); the
selection is what YES pays on inside it (a range of the measured value, a team, a candidate, a
direction). Kalshi's YES has one selection; each Polymarket outcome token has its own, because
Polymarket outcomes are not always "Yes"/"No" and never reliably in that order (VENUE_APIS.md
2.1: "Up"/"Down", team names).

Ranges carry strict and inclusive ends ("above 3.0%" vs "at least 3.0%") and are compared on the
grid the number is published on (whole degrees, one decimal of CPI, cents of a price), so
"85° or above" equals "above 84°" while "at least 3.0%" does not equal "above 3.0%".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum
from functools import lru_cache

from arb_pipeline.domain.matching import dates, entities
from arb_pipeline.domain.matching.normalize import NUMBER, fold, similarity_text, to_number
from arb_pipeline.domain.models import Market, Strike, Venue


class Shape(StrEnum):
    GAME_WINNER = "game winner"
    VALUE = "measured value"
    DIRECTION = "up or down"
    ELECTION = "election"
    CHAMPION = "season champion"
    UNKNOWN = "unrecognized"


# --- value ranges ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bound:
    value: Decimal
    inclusive: bool


@dataclass(frozen=True, slots=True)
class ValueRange:
    """The set of published values a selection pays on; ``None`` ends are unbounded."""

    low: Bound | None = None
    high: Bound | None = None

    @property
    def is_bucket(self) -> bool:
        return self.low is not None and self.high is not None

    def grid_units(self, grid: Decimal) -> tuple[int | None, int | None]:
        """The closed range of grid points (value / grid) the range covers. A strict "above X"
        starts at the first grid point past X, "at least X" at X itself (VENUE_APIS.md 4:
        inclusive vs strict is the classic cross-venue trap)."""
        low = high = None
        if self.low is not None:
            ratio = self.low.value / grid
            low = int(ratio.to_integral_value(ROUND_CEILING)) if self.low.inclusive else int(
                ratio.to_integral_value(ROUND_FLOOR)) + 1
        if self.high is not None:
            ratio = self.high.value / grid
            high = int(ratio.to_integral_value(ROUND_FLOOR)) if self.high.inclusive else int(
                ratio.to_integral_value(ROUND_CEILING)) - 1
        return low, high

    def describe(self, unit: str) -> str:
        if self.low is not None and self.high is not None:
            if self.low.value == self.high.value and self.low.inclusive and self.high.inclusive:
                return f"exactly {show_value(self.low.value, unit)}"
            left = "" if self.low.inclusive else " (exclusive)"
            right = "" if self.high.inclusive else " (exclusive)"
            return f"{show_value(self.low.value, unit)}{left} to {show_value(self.high.value, unit)}{right}"
        if self.low is not None:
            return f"{'≥' if self.low.inclusive else '>'} {show_value(self.low.value, unit)}"
        if self.high is not None:
            return f"{'≤' if self.high.inclusive else '<'} {show_value(self.high.value, unit)}"
        return "any value"


def show_value(value: Decimal, unit: str) -> str:
    text = f"{value:,}" if abs(value) >= 1000 else str(value)
    if unit == "$":
        return f"${text}"
    if unit == "°":
        return f"{text}°F"
    if unit == "bps":
        return f"{text} bps"
    return f"{text}{unit}"


@dataclass(frozen=True, slots=True)
class OutcomeTerm:
    """One Polymarket outcome token and what it pays on: ``selection`` (negated for the "No" of
    a Yes/No market)."""

    name: str
    token_id: str | None
    selection: ValueRange | str | None
    negated: bool = False


# --- subjects ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Subject:
    key: str
    family: str  # subjects of one family are compared (and rejected with a reason); others never meet
    label: str
    pattern: re.Pattern[str]
    unit: str
    grid: Decimal | None  # the step the number is published in, when the subject fixes it
    anchor: str  # "day" | "month" | "year": which date decides the settlement
    timed: bool = False  # a price at a time of day: the time must agree too
    needles: tuple[str, ...] = ()  # one of these substrings appears wherever the pattern matches

    def found_in(self, text: str) -> bool:
        # The substring test runs at C speed and rules most subjects out before the regex runs.
        return any(needle in text for needle in self.needles) and self.pattern.search(text) is not None


def _subject(key: str, family: str, label: str, pattern: str, unit: str, grid: str | None, anchor: str,
             needles: tuple[str, ...], timed: bool = False) -> Subject:
    return Subject(key, family, label, re.compile(pattern), unit, Decimal(grid) if grid else None, anchor, timed, needles)


# Order matters: the first subject whose pattern finds the market's title wins ("core CPI" before
# "CPI", a relative Fed decision before the Fed's level).
SUBJECTS = (
    _subject("fed_change", "fed", "Fed rate change",
             r"(?:decrease|increase|cut|hike|raise|lower)s?\s+(?:interest\s+)?rates?\s+by|no change in (?:the )?fed|"
             r"\b(?:hold|pause|keep)s?\s+(?:interest\s+)?rates?\b|\bbps\s+(?:decrease|increase|cut|hike)|fed decision",
             "bps", "25", "month", ("rate", "no change", "bps", "fed decision")),
    _subject("fed_upper_bound", "fed", "Fed funds upper bound",
             r"fed(?:eral)? funds|\bfed rate\b|fed interest rate|fed target|\bfomc\b", "%", "0.25", "month", ("fed", "fomc")),
    _subject("core_cpi", "inflation", "core CPI",
             r"\bcore\b[^.?]{0,40}\b(?:cpi|inflation|consumer price)|less food and energy", "%", "0.1", "month",
             ("core", "less food")),
    _subject("pce", "inflation", "PCE inflation", r"\bpce\b|personal consumption expenditures", "%", "0.1", "month",
             ("pce", "personal consumption")),
    _subject("cpi", "inflation", "CPI inflation", r"\bcpi\b|\binflation\b|consumer price index", "%", "0.1", "month",
             ("cpi", "inflation", "consumer price")),
    _subject("unemployment", "jobs", "unemployment rate", r"\bunemployment\b|\bu-?3\b", "%", "0.1", "month",
             ("unemployment", "u3", "u-3")),
    _subject("payrolls", "jobs", "nonfarm payrolls", r"nonfarm payrolls|\bpayrolls\b|jobs report", "", "1000", "month",
             ("payrolls", "jobs report")),
    _subject("gdp", "gdp", "GDP growth", r"\bgdp\b|gross domestic product", "%", "0.1", "month", ("gdp", "gross domestic")),
    _subject("gas_price", "gas", "US average gas price", r"\bgas prices?\b|\bgasoline\b", "$", "0.001", "day", ("gas",)),
    _subject("tsa", "tsa", "TSA checkpoint numbers", r"\btsa\b", "", "1", "day", ("tsa",)),
    _subject("high_temp", "temperature", "daily high temperature",
             r"highest temperature|\bhigh temp|daily high|maximum temperature|\bhigh of\b", "°", "1", "day", ("high", "maximum")),
    _subject("low_temp", "temperature", "daily low temperature",
             r"lowest temperature|\blow temp|daily low|minimum temperature", "°", "1", "day", ("low", "minimum")),
)


def _literal_needles(pattern: str) -> tuple[str, ...]:
    """The literal words of a plain alternation ("cf benchmarks|\\bbrti\\b"), used as a substring
    prefilter before the regex runs."""
    return tuple(part.replace("\\b", "").replace("\\.", ".") for part in pattern.split("|"))


_CRYPTO_SUBJECTS = {
    asset.key: _subject(f"crypto:{asset.key}", f"crypto:{asset.key}", f"{asset.label} price", asset.pattern, "$", "0.01",
                        "day", _literal_needles(asset.pattern), timed=True)
    for asset in entities.CRYPTO_ASSETS
}
_INDEX_SUBJECTS = {
    asset.key: _subject(f"index:{asset.key}", "index", f"{asset.label} level", asset.pattern, "", "0.01", "day",
                        _literal_needles(asset.pattern), timed=True)
    for asset in entities.INDEXES + entities.COMMODITIES
}
_NEVER = re.compile("$^")
_SPORT_TOTAL = Subject("game_total", "game_line", "game total points", _NEVER, "", Decimal(1), "day")


def _game_margin(team: str) -> Subject:
    return Subject(f"game_margin:{team}", "game_line", f"{team.rpartition(':')[2]} winning margin", _NEVER, "", Decimal(1), "day")


_GRID_HINTS = (
    (re.compile(r"one decimal place|to one decimal|nearest tenth|nearest 0\.1\b"), Decimal("0.1")),
    (re.compile(r"two decimal places|to the cent\b|nearest cent"), Decimal("0.01")),
    (re.compile(r"three decimal places"), Decimal("0.001")),
    (re.compile(r"whole degrees?|nearest (?:whole )?degree"), Decimal(1)),
)
# (variant, words that must appear for the pattern to have a chance, pattern): the substring test
# is a C-speed prefilter, since most texts name no variant at all.
_VARIANTS = (
    ("month over month", ("month", "mom"), re.compile(r"month[- ]over[- ]month|\bmom\b|month-on-month|monthly (?:change|increase)")),
    ("year over year", ("year", "yoy", "annual", "12-month"), re.compile(r"year[- ]over[- ]year|\byoy\b|year-on-year|\bannual\b|12-month|annually")),
    ("reaches at any time", ("reach", "hit", "touch", " to "), re.compile(r"\b(?:reach|reaches|hit|hits|touch|touches|dip to|dips to|fall to|falls to|drop to|drops to)\b")),
    ("seasonally adjusted", ("seasonally",), re.compile(r"(?<!not )seasonally adjusted")),
    ("intraday high", ("intraday", "all-time", "all time"), re.compile(r"intraday high|all[- ]time high")),
)
# Variants that only one market states are not conflicts; these are contradictory pairs.
CONTRADICTORY_VARIANTS = (
    frozenset({"month over month", "year over year"}),
)

SOURCE_BY_KEY = {s.key: s for s in entities.SOURCES}
_SOURCE_FINDERS = tuple((s.key, _literal_needles(s.pattern), re.compile(s.pattern)) for s in entities.SOURCES)
_STATION_FINDERS = tuple(
    (st.code, st.names, re.compile(rf"\b{st.code}\b"), re.compile(r"\b(?:" + "|".join(re.escape(n) for n in st.names) + r")\b"))
    for st in entities.STATIONS
)
_CITY_PATTERN = re.compile(
    r"\b(" + "|".join(
        sorted((re.escape(alias) for aliases in entities.CITIES.values() for alias in aliases), key=len, reverse=True)
    ) + r")\b"
)
_CITY_BY_ALIAS = {alias: city for city, aliases in entities.CITIES.items() for alias in aliases}

# --- range phrases -------------------------------------------------------------------------------

_VALUE = rf"(\$)?\s?({NUMBER})\s?(%|°|¢|bps|bp|basis points|cents?)?"
# (pattern, kind, substrings one of which the phrase contains: a C-speed prefilter).
_RANGE_PATTERNS: tuple[tuple[re.Pattern[str], str, tuple[str, ...]], ...] = (
    (re.compile(rf"between\s+{_VALUE}\s*(?:-|and|to)\s*{_VALUE}"), "between", ("between",)),
    (re.compile(rf"{_VALUE}\s*(?:-|to)\s*{_VALUE}"), "range", ("-", " to")),
    (re.compile(rf"(?:at least|at or above|no less than|minimum of|equal to or (?:greater|higher) than|greater than or equal to)\s+{_VALUE}"),
     "ge", ("at least", "at or above", "no less", "minimum", "equal to")),
    (re.compile(rf"(?:equal to or (?:less|lower) than|less than or equal to)\s+{_VALUE}"), "le", ("equal to",)),
    (re.compile(rf"{_VALUE}\s*(?:or|and)\s+(?:above|higher|more|greater|up|over)\b"), "ge", (" or ", " and ")),
    (re.compile(rf"{_VALUE}\s*\+"), "ge", ("+",)),
    (re.compile(rf"(?:at most|at or below|no more than|maximum of)\s+{_VALUE}"), "le", ("at most", "at or below", "no more", "maximum")),
    (re.compile(rf"{_VALUE}\s*(?:or|and)\s+(?:below|lower|less|fewer|under)\b"), "le", (" or ", " and ")),
    (re.compile(rf"(?:above|over|greater than|more than|higher than|exceeds?|exceeding|surpass(?:es)?|in excess of)\s+{_VALUE}"),
     "gt", ("above", "over", "greater", "more", "higher", "exceed", "surpass", "excess")),
    (re.compile(rf"(?:below|under|less than|lower than|fewer than)\s+{_VALUE}"), "lt", ("below", "under", "less", "lower", "fewer")),
    (re.compile(rf"(?:exactly|be)\s+{_VALUE}"), "eq", ("exactly", "be ")),
)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _RangeHit:
    value_range: ValueRange
    unit: str
    position: int


def _unit(symbol_dollar: str | None, suffix: str | None) -> str:
    if symbol_dollar:
        return "$"
    if suffix == "%":
        return "%"
    if suffix == "°":
        return "°"
    if suffix in ("bps", "bp", "basis points"):
        return "bps"
    if suffix in ("¢", "cent", "cents"):
        return "¢"
    return ""


def parse_range(text: str, *, short: bool = False) -> _RangeHit | None:
    """The first threshold or bucket phrase in a folded text: "above 3.0%", "84-85°", "$97000 or
    above", "between 4.25% and 4.50%". A bare "84-85" counts as a bucket only in a short label
    (Polymarket ``groupItemTitle``) or with a unit, so dates and codes are never read as buckets."""
    if not text or _DIGIT.search(text) is None:
        return None
    best: _RangeHit | None = None
    for pattern, kind, needles in _RANGE_PATTERNS:
        if not any(needle in text for needle in needles):
            continue
        for match in pattern.finditer(text):
            # Phrases compete by where their first number sits ("be 2.7% or higher" is one "at
            # least" phrase, not "exactly 2.7%"); on a tie the earlier, more specific pattern wins.
            if best is not None and match.start(2) >= best.position:
                break
            hit = _range_from_match(match, kind, short)
            if hit is not None:
                best = hit
                break
    return best


def _range_from_match(match: re.Match[str], kind: str, short: bool) -> _RangeHit | None:
    groups = match.groups()
    if kind in ("between", "range"):
        low, high = to_number(groups[1]), to_number(groups[4])
        unit = _unit(groups[0], groups[2]) or _unit(groups[3], groups[5])
        if low is None or high is None or low >= high:
            return None
        if kind == "range" and not unit and not short:
            return None
        return _RangeHit(ValueRange(Bound(low, True), Bound(high, True)), unit, match.start(2))
    value = to_number(groups[1])
    if value is None:
        return None
    unit = _unit(groups[0], groups[2])
    if kind == "eq" and not unit:
        return None
    if kind in ("gt", "lt", "ge", "le") and not unit and not short and _looks_like_year(groups[1]):
        return None
    value_range = {
        "gt": ValueRange(low=Bound(value, False)),
        "ge": ValueRange(low=Bound(value, True)),
        "lt": ValueRange(high=Bound(value, False)),
        "le": ValueRange(high=Bound(value, True)),
        "eq": ValueRange(Bound(value, True), Bound(value, True)),
    }[kind]
    return _RangeHit(value_range, unit, match.start(2))


def _looks_like_year(number: str) -> bool:
    return len(number) == 4 and number.startswith("20") and "." not in number


def range_from_strike(strike: Strike | None) -> ValueRange | None:
    """Kalshi's structured strike (VENUE_APIS.md 1.4): greater is strict "> floor", less strict
    "< cap", between inclusive at both ends; custom/structured/functional strikes carry no range."""
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


# --- the features -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarketFeatures:
    venue: Venue
    market_id: str
    shape: Shape
    text: str  # what rapidfuzz compares
    category: str | None = None
    subject: Subject | None = None
    variants: frozenset[str] = frozenset()
    location: str | None = None  # city (weather) or state (races)
    station: str | None = None
    sources: frozenset[str] = frozenset()
    day: date | None = None
    day_from_utc: bool = False  # read from a UTC start time: may sit one day off the venue's local date
    starts_at: datetime | None = None  # Polymarket gameStartTime (UTC)
    month: tuple[int, int] | None = None
    year: int | None = None
    time_of_day: time | None = None
    deadline: bool = False
    close_eastern: datetime | None = None
    grid: Decimal | None = None
    grid_stated: bool = False
    selection: ValueRange | str | None = None  # Kalshi: what YES pays on
    outcomes: tuple[OutcomeTerm, ...] = ()  # Polymarket: what each token pays on
    league: str | None = None
    teams: tuple[str, ...] = ()  # team keys, Kalshi in away-home order
    segment: str = "full game"
    office: str | None = None
    race: str | None = None  # "nomination" | "general"
    party_frame: str | None = None  # the party whose nomination it is
    up_includes_tie: bool | None = None
    window_end: datetime | None = None
    problems: tuple[str, ...] = ()

    @property
    def unit(self) -> str:
        return self.subject.unit if self.subject else ""

    @property
    def family(self) -> str | None:
        return self.subject.family if self.subject else None


# --- shared readers ------------------------------------------------------------------------------


# Titles, subtitles and event titles repeat across the markets of one event; rules do not (and are
# long), so only the short fields are cached.
_fold_short = lru_cache(maxsize=1 << 15)(fold)


def _reference_day(market: Market) -> date | None:
    moment = market.close_time or market.expiration_time or market.open_time
    return dates.eastern_date(moment) if moment else None


def _close_eastern(market: Market) -> datetime | None:
    moment = market.close_time or market.expiration_time
    return dates.eastern(moment) if moment else None


_ALL_SUBJECTS = (*SUBJECTS, *_CRYPTO_SUBJECTS.values(), *_INDEX_SUBJECTS.values())


# How much of the rules may name the measured quantity when the titles do not: the opening
# sentence ("If the S&P 500 is between 5900 and 5924.9999 at 4pm EST ..."). Later sentences mention
# other quantities in passing (a CPI market's rules name the Fed, a price market's the exchange).
_RULES_OPENING = 200


def _find_subject(head: str, rules: str) -> Subject | None:
    """The measured quantity the titles name, else the opening of the rules (a Kalshi market read
    without its event can be titled only "5,900 to 5,924.9999", VENUE_APIS.md 1.4)."""
    for text in (head, rules[:_RULES_OPENING]):
        subject = next((subject for subject in _ALL_SUBJECTS if subject.found_in(text)), None)
        if subject is not None:
            return subject
    return None


def _sources(text: str) -> frozenset[str]:
    return frozenset(
        key for key, needles, pattern in _SOURCE_FINDERS
        if any(needle in text for needle in needles) and pattern.search(text)
    )


def _variants(text: str) -> frozenset[str]:
    return frozenset(
        name for name, needles, pattern in _VARIANTS if any(needle in text for needle in needles) and pattern.search(text)
    )


def _grid(subject: Subject | None, *texts: str) -> tuple[Decimal | None, bool]:
    for text in texts:
        for pattern, step in _GRID_HINTS:
            if pattern.search(text):
                return step, True
    return (subject.grid if subject else None), False


def _station(raw_text: str, folded: str) -> str | None:
    """The one station a market names, by ICAO code (in a URL or the text) or by name; None when
    it names none or several."""
    codes = {
        code for code, names, code_pattern, name_pattern in _STATION_FINDERS
        if (code in raw_text and code_pattern.search(raw_text))
        or (any(name in folded for name in names) and name_pattern.search(folded))
    }
    return next(iter(codes)) if len(codes) == 1 else None


def _city(text: str) -> str | None:
    match = _CITY_PATTERN.search(text)
    return _CITY_BY_ALIAS[match.group(1)] if match else None


@dataclass(frozen=True, slots=True)
class _When:
    day: date | None
    month: tuple[int, int] | None
    year: int | None
    time_of_day: time | None
    deadline: bool


def _when(texts: Iterable[str], reference: date | None, *, want_time: bool = True) -> _When:
    """The first day, month, year and time of day the texts name, most specific text first.
    Texts after the one that completes the answer are not read (rules run to kilobytes)."""
    day: date | None = None
    month: tuple[int, int] | None = None
    year: int | None = None
    time_of_day: time | None = None
    deadline = False
    for text in texts:
        if not text:
            continue
        if day is None:
            days = dates.find_days(text, reference)
            if days:
                day, deadline = days[0].day, days[0].deadline
        if month is None:
            months = dates.find_months(text, reference)
            if months:
                month = months[0]
            elif day is not None:
                month = (day.year, day.month)
        if year is None:
            if month is not None:
                year = month[0]
            else:
                years = dates.find_years(text)
                if years:
                    year = years[0]
        if want_time and time_of_day is None:
            times = dates.find_times(text)
            if times:
                time_of_day = times[0]
        if day is not None and (time_of_day is not None or not want_time):
            break
    return _When(day, month, year, time_of_day, deadline)


# --- elections ---------------------------------------------------------------------------------

_ELECTION = re.compile(r"\b(?:presiden\w*|senate|senator|governor\w*|gubernatorial|house of representatives|congress\w*|mayor\w*)\b")
_ELECTION_ACT = re.compile(r"\b(?:win|wins|won|elect\w*|nomin\w*|winner|party|race|control)\b")
_NOMINATION = re.compile(r"\bnomin\w*")
_OFFICES = (
    ("president", re.compile(r"\bpresiden")),
    ("senate", re.compile(r"\bsenat")),
    ("governor", re.compile(r"\bgovern|gubernatorial")),
    ("house", re.compile(r"house of representatives|\bcongressional\b|\bhouse\b")),
    ("mayor", re.compile(r"\bmayor")),
)
_STATE_PATTERN = re.compile(r"\b(" + "|".join(sorted((re.escape(n.lower()) for n, _ in entities.US_STATES), key=len, reverse=True)) + r")\b")
_STATE_CODES = {name.lower(): code for name, code in entities.US_STATES}
_PARTY_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(a) for aliases in entities.PARTIES.values() for a in aliases), key=len, reverse=True)) + r")\b"
)
_PARTY_BY_ALIAS = {alias: code for code, aliases in entities.PARTIES.items() for alias in aliases}
_WILL_NAME = re.compile(r"^will\s+(?:the\s+)?(.+?)\s+(?:win|be|become|receive|secure|get)\b")


def _party(text: str) -> str | None:
    found = {_PARTY_BY_ALIAS[m.group(1)] for m in _PARTY_PATTERN.finditer(text)}
    return next(iter(found)) if len(found) == 1 else None


def person_key(name: str) -> str:
    words = [w for w in re.split(r"[^a-z]+", fold(name)) if w and w not in ("jr", "sr", "ii", "iii")]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _Election:
    office: str
    race: str
    state: str | None
    party_frame: str | None
    year: int | None


def _election(head: str) -> _Election | None:
    if not (_ELECTION.search(head) and _ELECTION_ACT.search(head)):
        return None
    office = next((name for name, pattern in _OFFICES if pattern.search(head)), None)
    if office is None:
        return None
    race = "nomination" if _NOMINATION.search(head) else "general"
    state_match = _STATE_PATTERN.search(head) if office != "president" else None
    years = dates.find_years(head)
    return _Election(
        office=office,
        race=race,
        state=_STATE_CODES[state_match.group(1)] if state_match else None,
        party_frame=_party(head) if race == "nomination" else None,
        year=years[0] if years else None,
    )


def _election_choice(label: str | None, question: str | None) -> str | None:
    """"party:D" for a party, "person:<name>" for a candidate."""
    for text in (label, question):
        if not text:
            continue
        folded = fold(text)
        if text is question:
            match = _WILL_NAME.match(folded)
            if match is None:
                continue
            folded = match.group(1)
        party = _party(folded)
        if party is not None and (folded.endswith("party") or len(folded.split()) <= 2):
            return f"party:{party}"
        if party is None and folded:
            return f"person:{person_key(folded)}"
    return None


# --- Kalshi ------------------------------------------------------------------------------------

_DATE_PREFIX = re.compile(r"^\d{2}[A-Z]{3}\d{2}")
_MATCHUP = re.compile(r"^(.+?)\s+(?:at|vs\.?|@)\s+(.+?)(?:\s+winner\??)?$", re.IGNORECASE)


def _event_code(market: Market) -> str:
    event = market.event_id or ""
    return event.split("-", 1)[1] if "-" in event else ""


def _outcome_code(market: Market) -> str | None:
    event = market.event_id or ""
    if event and market.market_id.startswith(event + "-"):
        return market.market_id[len(event) + 1 :]
    return None


def extract_kalshi(market: Market) -> MarketFeatures:
    title = market.title or ""
    title_f, subtitle_f, event_f = _fold_short(title), _fold_short(market.subtitle or ""), _fold_short(market.event_title or "")
    head = " ".join(p for p in (title_f, subtitle_f, event_f) if p)
    rules = fold(market.rules[:2500])
    reference = _reference_day(market)
    series = market.series_id or ""
    league = entities.KALSHI_GAME_SERIES.get(series)
    if league is not None:
        return _kalshi_game(market, league, head, rules, reference)
    text = similarity_text(title_f, subtitle_f, event_f)
    for line_series, kind in ((entities.KALSHI_TOTAL_SERIES, "total"), (entities.KALSHI_SPREAD_SERIES, "spread")):
        if series in line_series:
            return _kalshi_game_line(market, line_series[series], kind, subtitle_f, title_f, text)
    champion_league = entities.KALSHI_CHAMPION_SERIES.get(series) or _championship_league(head)
    if champion_league is not None:
        team = _team_key(champion_league, market.subtitle or "")
        return _champion(market, champion_league, head, text, team)
    code = _event_code(market)
    ticker_when = dates.ticker_date(code)
    election = _election(head)
    if election is not None:
        return _kalshi_election(market, election, title, text, code)

    subject = _find_subject(head, rules)
    if subject is None and series.startswith("KXHIGH"):
        subject = next(s for s in SUBJECTS if s.key == "high_temp")
    if subject is not None and subject.key.startswith("crypto:") and _DIRECTION.search(head):
        return _kalshi_direction(market, subject, head, rules, text)

    timed = subject is not None and subject.timed
    head_when = _when((title_f, subtitle_f, event_f), reference, want_time=timed)
    problems: list[str] = []
    day, month, time_of_day = head_when.day, head_when.month, head_when.time_of_day
    if ticker_when is not None:
        # The event code dates the observation in Eastern time (VENUE_APIS.md 1.5); a title that
        # names another day is a contradiction worth a human look.
        if ticker_when.day is not None:
            ticker_day = date(ticker_when.year, ticker_when.month, ticker_when.day)
            if day is not None and day != ticker_day and subject is not None and subject.anchor == "day":
                problems.append(f"ticker dates {ticker_day} but the title names {day}")
            day = day or ticker_day
        month = month or (ticker_when.year, ticker_when.month)
        if time_of_day is None and ticker_when.hour is not None:
            time_of_day = time(ticker_when.hour, 0)
    deadline = head_when.deadline
    if day is None or month is None or (timed and time_of_day is None):
        rules_when = _when((rules,), reference, want_time=timed)
        deadline = deadline or (day is None and rules_when.deadline)
        day = day or rules_when.day
        month = month or rules_when.month or ((day.year, day.month) if day else None)
        time_of_day = time_of_day or rules_when.time_of_day
    year = head_when.year or (month[0] if month else None)
    selection = range_from_strike(market.strike)
    text_hit = parse_range(subtitle_f, short=True) or parse_range(title_f)
    if selection is None and text_hit is not None:
        selection = text_hit.value_range
    grid, stated = _grid(subject, rules)
    if selection is not None and text_hit is not None and grid is not None and subject is not None:
        if selection.grid_units(grid) != text_hit.value_range.grid_units(grid):
            problems.append(
                f"strike says {selection.describe(subject.unit)} but the title says "
                f"{text_hit.value_range.describe(subject.unit)}"
            )
    if subject is not None and subject.key == "fed_upper_bound" and isinstance(selection, ValueRange):
        selection = _fed_range_as_upper_bound(selection, head)
    if subject is not None and subject.key == "fed_change":
        selection = _fed_change(head) or selection
    location, station = _weather_place(subject, head, rules, market.rules, series)
    if subject is None or selection is None:
        return MarketFeatures(
            venue=market.venue, market_id=market.market_id, shape=Shape.UNKNOWN, text=text, category=market.category,
            subject=subject, day=day, month=month, year=year, close_eastern=_close_eastern(market),
        )
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.VALUE, text=text, category=market.category,
        subject=subject, variants=_variants(head + " " + rules), location=location, station=station,
        sources=_sources(head + " " + rules), day=day, month=month, year=year, time_of_day=time_of_day,
        deadline=deadline, close_eastern=_close_eastern(market), grid=grid, grid_stated=stated,
        selection=selection, problems=tuple(problems),
    )


def _kalshi_election(market: Market, election: _Election, title: str, text: str, code: str) -> MarketFeatures:
    # Kalshi names the person or party YES pays on in ``custom_strike`` (VENUE_APIS.md 1.4),
    # else in the YES side's title.
    custom = market.raw.get("custom_strike")
    custom = custom if isinstance(custom, dict) else {}
    person, party = custom.get("Person"), custom.get("Party")
    if isinstance(person, str) and person:
        choice: str | None = f"person:{person_key(person)}"
    elif isinstance(party, str) and _party(fold(party)):
        choice = f"party:{_party(fold(party))}"
    else:
        choice = _election_choice(market.subtitle, title)
    year = election.year
    if year is None and len(code) == 2 and code.isdigit():
        year = 2000 + int(code)
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.ELECTION, text=text, category=market.category,
        office=election.office, race=election.race, location=election.state, party_frame=election.party_frame,
        year=year, selection=choice,
    )


def _fed_range_as_upper_bound(selection: ValueRange, head: str) -> ValueRange:
    """"Target range 4.25% to 4.50%" is one setting of the range, whose upper bound is 4.50%,
    not every rate between the two numbers."""
    if selection.is_bucket and "range" in head and selection.low and selection.high:
        width = selection.high.value - selection.low.value
        if width == Decimal("0.25"):
            return ValueRange(Bound(selection.high.value, True), Bound(selection.high.value, True))
    return selection


def _weather_place(subject: Subject | None, head: str, rules: str, raw_rules: str, series: str) -> tuple[str | None, str | None]:
    if subject is None or subject.family != "temperature":
        return None, None
    station = _station(raw_rules, rules) or _station("", head)
    city = _city(head)
    if city is None and series.startswith("KXHIGH"):
        city = entities.KALSHI_WEATHER_SERIES_CITY.get(series.removeprefix("KXHIGH"))
    if city is None and station is not None:
        city = entities.STATION_BY_CODE[station].city
    return city, station


def _kalshi_game(market: Market, league: str, head: str, rules: str, reference: date | None) -> MarketFeatures:
    code = _event_code(market)
    outcome = _outcome_code(market)
    ticker_when = dates.ticker_date(code)
    detail = _DATE_PREFIX.sub("", code)
    problems: list[str] = []
    teams: tuple[str, ...] = ()
    choice: str | None = None
    pair = entities.split_matchup_code(league, detail, outcome) if league in entities.LEAGUES else None
    if pair is not None:
        teams = (pair[0].key, pair[1].key)
        team = entities.team_by_code(league, outcome or "")
        if team is not None and team.key in teams:
            choice = team.key
        named = entities.resolve_team(league, market.subtitle) if market.subtitle else None
        if named is not None and choice is not None and named.key != choice:
            problems.append(f"ticker names {choice} but the YES side names {named.key}")
    else:
        # Leagues without a team table (college games): the matchup as the event or market title
        # writes it ("Oregon vs Indiana", "Oregon vs Indiana Winner?").
        matchup = _MATCHUP.match((market.event_title or market.title or "").strip())
        if matchup:
            teams = (f"name:{entities.alias_key(matchup.group(1))}", f"name:{entities.alias_key(matchup.group(2))}")
            if market.subtitle:
                key = f"name:{entities.alias_key(market.subtitle)}"
                choice = key if key in teams else None
    day = None
    if ticker_when is not None and ticker_when.day is not None:
        day = date(ticker_when.year, ticker_when.month, ticker_when.day)
    else:
        day = _when((head, rules), reference).day
    segment = "first half" if re.search(r"first half|1st half|\b1h\b", head) else "full game"
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.GAME_WINNER,
        text=similarity_text(head, *_team_words(league, teams)),
        category=market.category, league=league, teams=teams, day=day, selection=choice, segment=segment,
        close_eastern=_close_eastern(market), problems=tuple(problems),
    )


_WINS_BY = re.compile(r"^(.+?)\s+wins?\s+by\b")


def _kalshi_game_line(market: Market, league: str, kind: str, subtitle: str, title: str, text: str) -> MarketFeatures:
    """A Kalshi total ("Over 226.5 points") or spread ("Los Angeles L wins by over 3.5 points")
    on one game: a measured value on that game, compared with Polymarket's totals and spreads and
    never with a moneyline."""
    code = _event_code(market)
    ticker_when = dates.ticker_date(code)
    pair = entities.split_matchup_code(league, _DATE_PREFIX.sub("", code))
    teams = (pair[0].key, pair[1].key) if pair else ()
    day = date(ticker_when.year, ticker_when.month, ticker_when.day) if ticker_when and ticker_when.day else None
    hit = parse_range(subtitle, short=True) or parse_range(title)
    selection = range_from_strike(market.strike) or (hit.value_range if hit else None)
    subject: Subject = _SPORT_TOTAL
    if kind == "spread":
        named = _WINS_BY.match(subtitle) or _WINS_BY.match(title)
        team = entities.resolve_team(league, named.group(1)) if named else None
        subject = _game_margin(team.key if team else "unnamed team")
    if not teams or day is None or selection is None:
        return MarketFeatures(venue=market.venue, market_id=market.market_id, shape=Shape.UNKNOWN, text=text,
                              category=market.category, subject=subject, day=day, close_eastern=_close_eastern(market))
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.VALUE,
        text=similarity_text(text, *_team_words(league, teams)), category=market.category, subject=subject,
        league=league, teams=teams, day=day, location=_game_location(teams), grid=subject.grid, selection=selection,
        close_eastern=_close_eastern(market),
    )


def _team_words(league: str | None, teams: Iterable[str]) -> list[str]:
    words = []
    for key in teams:
        lg, _, code = key.partition(":")
        team = entities.team_by_code(lg, code) if lg in entities.LEAGUES else None
        if team is not None:
            words.append(f"{team.base_city} {team.nickname}".lower())
    return words


_UP = re.compile(r"\bup\b")
_DOWN = re.compile(r"\bdown\b")
_INCLUSIVE_UP = re.compile(r"greater than or equal|at or above|or higher|or more")
_DIRECTION = re.compile(r"up or down|\bup in (?:the )?next\b|price up\b|\bgo up\b")


def _kalshi_direction(market: Market, subject: Subject, head: str, rules: str, text: str) -> MarketFeatures:
    # The title asks whether the price goes up ("BTC price up in next 15 mins?"); the YES side's
    # title, when there is one, says so too ("Up").
    subtitle = _fold_short(market.subtitle or "")
    if not subtitle or _UP.search(subtitle):
        choice: str | None = "up"
    else:
        choice = "down" if _DOWN.search(subtitle) else None
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.DIRECTION, text=text, category=market.category,
        subject=subject, sources=_sources(head + " " + rules), window_end=market.close_time,
        close_eastern=_close_eastern(market), selection=choice,
        up_includes_tie=bool(_INCLUSIVE_UP.search(rules)) if rules else None,
    )


# --- Polymarket --------------------------------------------------------------------------------

_YES, _NO = "yes", "no"


def _slug_league(market: Market) -> str | None:
    for slug in (market.slug, market.series_id):
        if slug:
            prefix = slug.split("-", 1)[0].lower()
            if prefix in entities.POLYMARKET_SLUG_LEAGUES:
                return entities.POLYMARKET_SLUG_LEAGUES[prefix]
    return None


def _slug_day(market: Market) -> date | None:
    if not market.slug:
        return None
    # Game slugs end in the local game date (nba-mil-lal-2026-01-09); market slugs of the same
    # event extend it (nba-mil-lal-2026-01-09-spread-home-3pt5), so search, not only the end.
    match = re.search(r"(20\d{2})-(\d{2})-(\d{2})", market.slug)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _yes_no(market: Market) -> tuple[int, int] | None:
    names = [o.name.strip().lower() for o in market.outcomes]
    if len(names) == 2 and set(names) == {_YES, _NO}:
        return names.index(_YES), names.index(_NO)
    return None


_PM_GAME_TYPES = {"moneyline": "full game", "first_half_moneyline": "first half"}
_PM_TOTAL_TYPES = {"totals": "full game", "first_half_totals": "first half"}
_PM_SPREAD_TYPES = {"spreads": "full game", "first_half_spreads": "first half"}


def extract_polymarket(market: Market) -> MarketFeatures:
    question = market.title or ""
    label = market.subtitle  # groupItemTitle
    question_f, label_f, event_f = _fold_short(question), _fold_short(label or ""), _fold_short(market.event_title or "")
    head = " ".join(p for p in (question_f, label_f, event_f) if p)
    rules = fold(market.rules[:2500])
    reference = _reference_day(market)
    text = similarity_text(question_f, label_f, event_f)
    sports = _polymarket_sports(market, head, rules, reference, text)
    if sports is not None:
        return sports
    yes_no = _yes_no(market)
    champion_league = _championship_league(head)
    if champion_league is not None and yes_no is not None:
        team = _team_key(champion_league, label or "") or _team_key(champion_league, _will_subject(question_f) or "")
        return _champion(market, champion_league, head, text, team, yes_no)
    election = _election(f"{question_f} {event_f}")
    if election is not None and yes_no is not None:
        choice = _election_choice(label, question)
        return MarketFeatures(
            venue=market.venue, market_id=market.market_id, shape=Shape.ELECTION, text=text, category=market.category,
            office=election.office, race=election.race, location=election.state, party_frame=election.party_frame,
            year=election.year, outcomes=_yes_no_terms(market, yes_no, choice),
        )
    subject = _find_subject(head, rules)
    if subject is not None and subject.key.startswith("crypto:") and _DIRECTION.search(head):
        return _polymarket_direction(market, subject, head, rules, text)
    when = _when((question_f, label_f, event_f, rules), reference, want_time=subject is not None and subject.timed)
    grid, stated = _grid(subject, rules)
    problems: list[str] = []
    selection: ValueRange | None = None
    hits = [h for h in (parse_range(label_f, short=True) if label_f else None, parse_range(question_f)) if h]
    if hits:
        selection = hits[0].value_range
        if grid is not None and subject is not None and len(hits) == 2:
            if hits[0].value_range.grid_units(grid) != hits[1].value_range.grid_units(grid):
                problems.append(
                    f"group title says {hits[0].value_range.describe(subject.unit)} but the question says "
                    f"{hits[1].value_range.describe(subject.unit)}"
                )
    rules_hit = parse_range(_yes_clause(rules)) if rules else None
    if selection is None and rules_hit is not None:
        selection = rules_hit.value_range
    elif selection is not None and rules_hit is not None and grid is not None and subject is not None:
        if selection.grid_units(grid) != rules_hit.value_range.grid_units(grid):
            problems.append(
                f"question says {selection.describe(subject.unit)} but the rules say "
                f"{rules_hit.value_range.describe(subject.unit)}"
            )
    if subject is not None and subject.key == "fed_upper_bound" and selection is not None:
        selection = _fed_range_as_upper_bound(selection, head)
    if subject is not None and subject.key == "fed_change":
        selection = _fed_change(head) or selection
    location, station = _weather_place(subject, head, rules, market.rules, "")
    if subject is None or selection is None or yes_no is None:
        return MarketFeatures(
            venue=market.venue, market_id=market.market_id, shape=Shape.UNKNOWN, text=text, category=market.category,
            subject=subject, day=when.day, month=when.month, year=when.year, close_eastern=_close_eastern(market),
            outcomes=_yes_no_terms(market, yes_no, None) if yes_no else (),
        )
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.VALUE, text=text, category=market.category,
        subject=subject, variants=_variants(head + " " + rules), location=location, station=station,
        sources=_sources(head + " " + rules), day=when.day, month=when.month, year=when.year,
        time_of_day=when.time_of_day, deadline=when.deadline, close_eastern=_close_eastern(market), grid=grid,
        grid_stated=stated, outcomes=_yes_no_terms(market, yes_no, selection), problems=tuple(problems),
    )


_YES_CLAUSE = re.compile(r'resolves? to "?yes"? if (.{0,240})')


def _yes_clause(rules: str) -> str:
    """The condition Polymarket's description sets for "Yes" (its first ``resolve to "Yes" if``
    clause); the rest of a description names dates, sources and edge cases, not the threshold."""
    match = _YES_CLAUSE.search(rules)
    return match.group(1) if match else ""


def _fed_change(head: str) -> ValueRange | None:
    if re.search(r"\bno change\b|\bunchanged\b|\bhold\b|\bpause\b", head):
        return ValueRange(Bound(Decimal(0), True), Bound(Decimal(0), True))
    match = re.search(r"(decrease|cut|lower|increase|hike|raise)s?\s+(?:interest\s+)?(?:rates?\s+)?by\s+(\d+)\s*(\+)?\s*(?:bps|bp|basis points)", head)
    if match is None:
        return None
    size = Decimal(match.group(2))
    down = match.group(1) in ("decrease", "cut", "lower")
    signed = -size if down else size
    if match.group(3):
        return ValueRange(high=Bound(signed, True)) if down else ValueRange(low=Bound(signed, True))
    return ValueRange(Bound(signed, True), Bound(signed, True))


def _yes_no_terms(market: Market, yes_no: tuple[int, int] | None, selection: ValueRange | str | None) -> tuple[OutcomeTerm, ...]:
    if yes_no is None:
        return ()
    yes_index, no_index = yes_no
    terms = {
        yes_index: OutcomeTerm(market.outcomes[yes_index].name, market.outcomes[yes_index].token_id, selection, False),
        no_index: OutcomeTerm(market.outcomes[no_index].name, market.outcomes[no_index].token_id, selection, True),
    }
    return (terms[0], terms[1])


def _polymarket_direction(market: Market, subject: Subject, head: str, rules: str, text: str) -> MarketFeatures:
    terms = []
    for outcome in market.outcomes:
        name = outcome.name.strip().lower()
        terms.append(OutcomeTerm(outcome.name, outcome.token_id, name if name in ("up", "down") else None))
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.DIRECTION, text=text, category=market.category,
        subject=subject, sources=_sources(head + " " + rules), window_end=market.close_time,
        close_eastern=_close_eastern(market), outcomes=tuple(terms),
        up_includes_tie=bool(_INCLUSIVE_UP.search(rules)) if rules else None,
    )


def _polymarket_sports(market: Market, head: str, rules: str, reference: date | None, text: str) -> MarketFeatures | None:
    kind = market.market_type
    league = _slug_league(market)
    if kind is None and not _two_team_outcomes(market, league):
        return None
    segment = "full game"
    shape_kind = "other"
    if kind in _PM_GAME_TYPES:
        segment, shape_kind = _PM_GAME_TYPES[kind], "winner"
    elif kind in _PM_TOTAL_TYPES:
        segment, shape_kind = _PM_TOTAL_TYPES[kind], "total"
    elif kind in _PM_SPREAD_TYPES:
        segment, shape_kind = _PM_SPREAD_TYPES[kind], "spread"
    elif kind is None:
        shape_kind = "winner"
    day, from_utc = _slug_day(market), False
    if day is None and market.game_start_time is not None:
        day, from_utc = dates.eastern_date(market.game_start_time), True
    if day is None:
        day = _when((rules,), reference).day
    teams = _event_teams(market, league)
    words = _team_words(league, teams)
    if shape_kind == "winner":
        terms = []
        for outcome in market.outcomes:
            key = _team_key(league, outcome.name)
            terms.append(OutcomeTerm(outcome.name, outcome.token_id, key if key in teams or not teams else None))
        outcome_teams = tuple(t.selection for t in terms if isinstance(t.selection, str))
        if len(outcome_teams) == len(market.outcomes) == 2:
            teams = outcome_teams
        return MarketFeatures(
            venue=market.venue, market_id=market.market_id, shape=Shape.GAME_WINNER,
            text=similarity_text(head, *_team_words(league, teams)), category=market.category,
            league=league, teams=teams, day=day, day_from_utc=from_utc, starts_at=market.game_start_time, segment=segment,
            outcomes=tuple(terms), close_eastern=_close_eastern(market),
        )
    # Spreads, totals and props share the game's event (VENUE_APIS.md 2.1); they are kept as
    # measured values on the game so that a moneyline never pairs with them.
    line = market.strike.floor if market.strike else None
    outcomes: tuple[OutcomeTerm, ...] = ()
    if shape_kind == "total":
        subject = _SPORT_TOTAL
        if line is not None:
            over = ValueRange(low=Bound(line, False))
            outcomes = tuple(
                OutcomeTerm(o.name, o.token_id, over, negated=o.name.strip().lower() == "under") for o in market.outcomes
            )
    elif shape_kind == "spread":
        # "Spread: Lakers (-3.5)": the named team must win by more than the line; the other outcome
        # pays otherwise (venue_samples Gamma spread descriptions).
        named = _SPREAD_TEAM.match(_fold_short(market.title or ""))
        favorite = _team_key(league, named.group(1)) if named else None
        subject = _game_margin(favorite or "unnamed team")
        if favorite is not None and line is not None:
            covers = ValueRange(low=Bound(abs(line), False))
            outcomes = tuple(
                OutcomeTerm(o.name, o.token_id, covers, negated=_team_key(league, o.name) != favorite)
                for o in market.outcomes
            )
    else:
        subject = Subject(f"game_prop:{kind}", "game_line", f"player {kind}", _NEVER, "", None, "day")
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.VALUE,
        text=similarity_text(head, *words), category=market.category,
        subject=subject, league=league, teams=teams, day=day, day_from_utc=from_utc, segment=segment,
        location=_game_location(teams), grid=subject.grid, outcomes=outcomes, close_eastern=_close_eastern(market),
    )


_SPREAD_TEAM = re.compile(r"^spread:\s*(.+?)\s*\(")


def _game_location(teams: tuple[str, ...]) -> str | None:
    return "@".join(sorted(teams)) if teams else None


def _team_key(league: str | None, name: str) -> str | None:
    if league in entities.LEAGUES:
        team = entities.resolve_team(league, name)
        return team.key if team else None
    return f"name:{entities.alias_key(name)}" if name else None


def _two_team_outcomes(market: Market, league: str | None) -> bool:
    if len(market.outcomes) != 2 or league is None or _yes_no(market) is not None:
        return False
    return all(_team_key(league, o.name) is not None for o in market.outcomes) and league in entities.LEAGUES


def _event_teams(market: Market, league: str | None) -> tuple[str, ...]:
    """The game's two teams from the event title ("Bucks vs. Lakers")."""
    for title in (market.event_title, market.title):
        if not title:
            continue
        match = re.match(r"^(.+?)\s+(?:vs\.?|v\.?|at|@)\s+(.+?)(?:[:?].*)?$", title.strip(), re.IGNORECASE)
        if match:
            first, second = _team_key(league, match.group(1)), _team_key(league, match.group(2))
            if first and second:
                return (first, second)
    return ()


_CHAMPIONSHIP_PATTERNS = tuple((league, re.compile(pattern)) for league, pattern in entities.CHAMPIONSHIPS)
_CONFERENCE = re.compile(r"\bconference\b|\b(?:afc|nfc)\b|\bpennant\b|\bdivision\b")


def _championship_league(head: str) -> str | None:
    for league, pattern in _CHAMPIONSHIP_PATTERNS:
        if pattern.search(head):
            return league
    return None


def _will_subject(question: str) -> str | None:
    match = _WILL_NAME.match(question)
    return match.group(1) if match else None


def _champion(market: Market, league: str, head: str, text: str, team: str | None,
              yes_no: tuple[int, int] | None = None) -> MarketFeatures:
    """A season title: the league's championship (or a conference title, kept apart), the
    season's year, and the team YES pays on."""
    years = dates.find_years(head)
    year = years[0] if years else None
    if year is None and market.venue is Venue.KALSHI:
        code = _event_code(market)
        year = 2000 + int(code) if len(code) == 2 and code.isdigit() else None
    return MarketFeatures(
        venue=market.venue, market_id=market.market_id, shape=Shape.CHAMPION, text=text, category=market.category,
        league=league, year=year, race="conference" if _CONFERENCE.search(head) else "title",
        selection=team if market.venue is Venue.KALSHI else None,
        outcomes=_yes_no_terms(market, yes_no, team) if yes_no else (),
    )


def extract(market: Market) -> MarketFeatures:
    if market.venue is Venue.KALSHI:
        return extract_kalshi(market)
    if market.venue is Venue.POLYMARKET:
        return extract_polymarket(market)
    raise ValueError(f"market {market.market_id}: matching reads Kalshi and Polymarket markets, not {market.venue}")
