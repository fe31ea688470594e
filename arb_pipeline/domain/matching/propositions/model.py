"""The proposition a market states, in one structured form both venues are read into.

A market pays on a *selection* inside a *frame*. The frame is everything two equivalent markets
must agree on: what is measured or what must happen (the measure, the names, the words of the
statement, the qualifiers such as "core" or "first half"), where and by whom it is observed
(station, resolution source), and when (on a date, by a date, during a window, at a meeting or
event). The selection is what YES pays on inside the frame: a range of the measured value, one
named option among several (a team, a candidate, a film), the event itself, or a direction.

Kalshi's YES has one selection. Each Polymarket outcome token has its own, because Polymarket
outcomes are not always "Yes"/"No" and never reliably in that order ("Up"/"Down", team names):
``outcomes`` says what each token pays on, read from its name, never from its position.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from enum import StrEnum

from arb_pipeline.domain.matching.propositions.text import show_number
from arb_pipeline.domain.models import Venue

#: The structured form a market's text is read into, as the package re-exports it.
__all__ = [
    "HAPPENS",
    "Bound",
    "DateRule",
    "Frame",
    "Kind",
    "Measure",
    "Name",
    "OutcomeTerm",
    "Proposition",
    "ValueRange",
    "When",
]


class Kind(StrEnum):
    THRESHOLD = "measured value"  # a value against a number or a range
    CHOICE = "named option"  # one option among several wins, is picked or happens
    EVENT = "yes/no event"  # something happens (by a date, in a window, at an event)
    DIRECTION = "up or down"  # a price ends a window above or below where it started
    UNKNOWN = "unread"  # the reader could not read it: never mapped, never approved


class DateRule(StrEnum):
    ON = "on"  # observed at one moment: a closing price, a day's reading
    BY = "by"  # any time up to and including a day (a deadline)
    DURING = "during"  # over a window: a month's figure, a quarter's deliveries, a season
    AT = "at"  # at a named meeting or event, which is its date


# --- numbers ----------------------------------------------------------------------------------


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
        starts at the first grid point past X, "at least X" at X itself: "above 199" is "200 or
        more" for a count, "above 75%" is "at least 76%" for a figure in whole percent."""
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

    def numbers(self) -> tuple[Decimal, ...]:
        return tuple(b.value for b in (self.low, self.high) if b is not None)


def show_value(value: Decimal, unit: str) -> str:
    text = show_number(value) if abs(value) >= 1000 else str(value)
    if unit == "$":
        return f"-${text[1:]}" if text.startswith("-") else f"${text}"
    if unit == "°":
        return f"{text}°F"
    if unit in ("bps", "¢"):
        return f"{text} {unit}"
    if unit and unit != "%":
        return f"{text} {unit}"
    return f"{text}{unit}"


# --- names and options --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    """A proper name as the market writes it (``label``) and as it is compared (``key``: an
    alias resolved to its canonical form, else the folded words). ``kind`` is "team", "person",
    "party", "org", "place", "asset" or "name"."""

    key: str
    label: str
    kind: str = "name"

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.key.split(":", 1)[-1].split())


@dataclass(frozen=True, slots=True)
class Happens:
    """The selection of a yes/no event: YES pays when the frame's event happens."""

    def __str__(self) -> str:
        return "it happens"


HAPPENS = Happens()

Selection = ValueRange | Name | Happens | str | None  # str: "up" / "down"


@dataclass(frozen=True, slots=True)
class OutcomeTerm:
    """One Polymarket outcome token and what it pays on: ``selection``, negated for the "No" of
    a Yes/No market ("Under" of an over/under line, the other team's side of a spread)."""

    name: str
    token_id: str | None
    selection: Selection
    negated: bool = False


# --- when -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class When:
    """When the proposition is decided. ``day`` is the day it is read on (ON), the last day that
    counts (BY), or the meeting or event day (AT); ``start``/``end`` bound a window (DURING), and
    a month, quarter or year is a window over its days. ``label`` says it as the market does."""

    rule: DateRule | None = None
    day: date | None = None
    start: date | None = None
    end: date | None = None
    time_of_day: time | None = None
    label: str = ""
    from_rules: bool = False  # read from the rules, where dates also name when things are reported

    @property
    def stated(self) -> bool:
        return self.rule is not None

    @property
    def last_day(self) -> date | None:
        """The last day that decides the proposition, whatever the rule."""
        if self.rule is DateRule.DURING or (self.rule is DateRule.AT and self.day is None):
            return self.end
        return self.day

    @property
    def month(self) -> tuple[int, int] | None:
        last = self.last_day
        if self.rule is DateRule.DURING and self.start is not None and self.end is not None:
            if (self.start.year, self.start.month) != (self.end.year, self.end.month):
                return None
        return (last.year, last.month) if last else None


NO_DATE = When()


# --- the measure ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measure:
    """A measured quantity a topic lexicon knows: the key two markets must share, how the number
    is published (unit, grid), which date decides it (``anchor``: "day", "month", "year" or
    "window"), whether the time of day matters, and the source family whose publishers differ
    (a crypto reference rate, an inflation index), where naming the same publisher matters."""

    key: str
    family: str
    label: str
    unit: str = ""
    grid: Decimal | None = None
    anchor: str = "day"
    timed: bool = False
    decisive_sources: str | None = None
    placed: bool = False  # read at a place (a weather station): the place must agree


# --- the proposition ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Frame:
    """The generic reading of the statement, with the selection, numbers and dates taken out.

    ``words``: the canonical content words ("high", "temp", "deliver", "leave"); ``names``: proper
    names, aliases resolved; ``axes``: qualifiers that change what is paid on (segment "first
    half", basis "core", stage "nomination", path "touch"...), each on its axis; ``context``: the
    market's own folded texts, rules included, to tell a word one market leaves unsaid from a word
    it never uses; ``negated``: the statement says "not".

    Words and names are read from ``source`` the first time they are asked for: most candidate
    pairs are settled by their measure, numbers and dates, and reading every statement's words
    up front would cost a catalog of 20,000 markets seconds it does not need."""

    axes: Mapping[str, str] = field(default_factory=dict)
    context_source: Callable[[], str] | None = field(default=None, repr=False)
    negated: bool = False
    source: Callable[[], tuple[frozenset[str], tuple[Name, ...]]] | None = field(default=None, repr=False)
    rules_source: Callable[[], str] | None = field(default=None, repr=False)
    rules_names_source: Callable[[], tuple[Name, ...]] | None = field(default=None, repr=False)
    _read: list[tuple[frozenset[str], tuple[Name, ...]]] = field(default_factory=list, repr=False)
    _context: list[str] = field(default_factory=list, repr=False)
    _rules: list[str] = field(default_factory=list, repr=False)
    _rules_names: list[tuple[Name, ...]] = field(default_factory=list, repr=False)

    @property
    def context(self) -> str:
        if not self._context:
            self._context.append(self.context_source() if self.context_source is not None else "")
        return self._context[0]

    @property
    def rules(self) -> str:
        """The market's whole rules, folded: where a word it never states may still be used."""
        if not self._rules:
            self._rules.append(self.rules_source() if self.rules_source is not None else "")
        return self._rules[0]

    @property
    def rules_names(self) -> tuple[Name, ...]:
        """The proper names of the rules' sentence of YES: who a short name in the titles is
        ("Kelce" in the title, "Travis Kelce" in the rules). Read only for the few pairs that ask."""
        if not self._rules_names:
            self._rules_names.append(self.rules_names_source() if self.rules_names_source is not None else ())
        return self._rules_names[0]

    def _parts(self) -> tuple[frozenset[str], tuple[Name, ...]]:
        if not self._read:
            self._read.append(self.source() if self.source is not None else (frozenset(), ()))
        return self._read[0]

    @property
    def words(self) -> frozenset[str]:
        return self._parts()[0]

    @property
    def names(self) -> tuple[Name, ...]:
        return self._parts()[1]


@dataclass(frozen=True, slots=True)
class Proposition:
    venue: Venue
    market_id: str
    kind: Kind
    text: str  # what rapidfuzz compares
    category: str | None = None
    # The topic reader that read it ("game", "game_line", "title", "election", "direction"), whose
    # structured parts replace the generic words; "" for the general reader.
    topic: str = ""
    frame: Frame = field(default_factory=Frame)
    measure: Measure | None = None
    when: When = NO_DATE
    place: str | None = None  # city of a weather reading
    station: str | None = None
    sources: frozenset[str] = frozenset()
    publisher: str = ""  # the body the rules say publishes the figure, when no known source is named
    # A measured value's texts' initials of bodies and series ("NSIDC", "GISTEMP", "PMMS"): read
    # by no list, they still say whose figure settles it (equivalence/sources.py).
    initials: frozenset[str] = frozenset()
    league: str | None = None
    teams: tuple[str, ...] = ()  # the game's team keys, Kalshi in away-home order
    day_from_utc: bool = False  # game day read from a UTC start time: may sit one day off the local date
    starts_at: datetime | None = None
    window_end: datetime | None = None  # up/down windows
    up_includes_tie: bool | None = None
    opens_at: datetime | None = None
    close_eastern: datetime | None = None
    unit: str = ""
    grid: Decimal | None = None
    grid_stated: bool = False
    selection: Selection = None  # Kalshi: what YES pays on
    outcomes: tuple[OutcomeTerm, ...] = ()  # Polymarket: what each token pays on
    exclusive_options: bool = False  # the named options exclude each other and one must happen (two teams, no draw)
    problems: tuple[str, ...] = ()  # the market contradicts itself
    quoted: frozenset[str] = frozenset()  # terms the title quotes ("say 'tariff'"): said exactly, not paraphrased
    # Terms the rules accept in place of each other ('"AI" or "Artificial Intelligence"'), or that
    # a Kalshi option lists ("Crypto / Cryptocurrency"): what a mention market pays on.
    alternatives: frozenset[str] = frozenset()
    unread: str = ""  # why the reader could not read it (kind UNKNOWN)
    # A contest's terms its structured reading leaves out (see terms.py): the part of the contest
    # ("game 1", or "series" for the whole), a margin ("by 10+"), a way of winning ("ko"); and
    # how it settles a draw, a no contest, a contest not played or postponed ("no", "50-50", "void").
    terms: Mapping[str, str] = field(default_factory=dict)
    settles: Mapping[str, str] = field(default_factory=dict)
    # Two names of one entity the market's own texts declare ("Strategy (formerly MicroStrategy)"):
    # (name, other name), usable against either market (equivalence/aliases.py).
    aliases: tuple[tuple[str, str], ...] = ()
    # An award and whom its texts say it goes to ("the Hart Memorial Trophy, awarded to the NHL's
    # most valuable player"): (award, description).
    awards: tuple[tuple[str, str], ...] = ()
    # A Polymarket game of two named sides that no day dates ("World Chess Championship 2027: Carlsen
    # vs Nepomniachtchi") read as a choice between them, for a Kalshi market that names one side as
    # the option of that contest ("Winner of the 2027 World Chess Championship match?").
    choice: Proposition | None = None

    @property
    def family(self) -> str | None:
        return self.measure.family if self.measure else None

    @property
    def understood(self) -> bool:
        return self.kind is not Kind.UNKNOWN
