"""Do two markets settle on the same outcome, and which Polymarket token pays when the Kalshi
market resolves YES?

Every aspect of settlement is checked on its own and leaves a reason a trader can read: the
measured quantity, its station or source, the day, time and window, the game or race, and the
selection YES pays on. An aspect both markets state and agree on is *verified*; one that only one
market states is *unverified* and lowers the certainty; one they disagree on rejects the pair.
Only a pair whose every aspect is verified reaches full certainty, so nothing uncertain can be
approved automatically.

The token is decided from each Polymarket outcome's own meaning, never from its position
(VENUE_APIS.md 2.1: outcomes are not always Yes/No and not in a fixed order): for a complement
phrasing ("below $97,000" against Kalshi's "$97,000 or above") it is Polymarket's "No" token; for
a game it is the token of the team the Kalshi market names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from arb_pipeline.domain.matching import dates, entities
from arb_pipeline.domain.matching.features import (
    CONTRADICTORY_VARIANTS,
    SOURCE_BY_KEY,
    MarketFeatures,
    OutcomeTerm,
    Shape,
    ValueRange,
    show_value,
)

# How much an aspect that only one market states (or neither does) lowers the certainty. One
# such aspect is enough to keep a pair below the default auto-approve threshold of 0.9.
UNSTATED = 0.85
# The markets' rules read differently (the question and the rules of one market disagree):
# a human must look.
CONTRADICTION = 0.6
# Equal only on a publication grid neither market's rules state (the subject's usual grid is
# assumed): close to certain, still said in the reasons.
ASSUMED_GRID = 0.97
# Leagues where a game can end level: NO then also covers the draw on one venue while the other
# may split or void; the reasons say so.
TIE_POSSIBLE = 0.96

# Measures whose number depends on who publishes it, and the source family that decides it: a
# crypto price is a reference rate (CF Benchmarks' index vs an exchange's candle differ), an
# inflation figure an index (BLS CPI vs Truflation). For these, a pair is verified only when both
# markets name the same publisher.
_DECISIVE_SOURCES = {"inflation": "inflation_index"}


def _decisive_source_family(features: MarketFeatures) -> str | None:
    family = features.family
    if family is None:
        return None
    if family.startswith("crypto:"):
        return "crypto_rate"
    return _DECISIVE_SOURCES.get(family)


@dataclass
class _Audit:
    reasons: list[str] = field(default_factory=list)
    certainty: float = 1.0
    rejected: bool = False

    def verified(self, reason: str) -> None:
        self.reasons.append(reason)

    def unverified(self, reason: str, factor: float = UNSTATED) -> None:
        self.reasons.append(reason)
        self.certainty *= factor

    def reject(self, reason: str) -> None:
        self.rejected = True
        self.reasons.append(f"REJECT: {reason}")


@dataclass(frozen=True, slots=True)
class Verdict:
    """``yes_token`` pays when the Kalshi market resolves YES, ``no_token`` when it resolves NO.
    ``understood`` is False when either market's settlement could not be read, so only text
    similarity speaks for the pair (it can then reach review, never approval)."""

    yes_token: str | None
    no_token: str | None
    certainty: float
    reasons: tuple[str, ...]
    rejected: bool
    understood: bool = True

    @property
    def mapped(self) -> bool:
        return self.yes_token is not None and self.no_token is not None and not self.rejected


def compare(kalshi: MarketFeatures, polymarket: MarketFeatures) -> Verdict:
    if kalshi.shape is Shape.UNKNOWN or polymarket.shape is Shape.UNKNOWN:
        return _unread(kalshi, polymarket)
    audit = _Audit()
    if kalshi.shape is not polymarket.shape:
        audit.reject(f"Kalshi {kalshi.shape} market vs Polymarket {_describe_shape(polymarket)}")
        return _verdict(audit, None)
    for problem in kalshi.problems:
        audit.unverified(f"Kalshi market contradicts itself: {problem}", CONTRADICTION)
    for problem in polymarket.problems:
        audit.unverified(f"Polymarket market contradicts itself: {problem}", CONTRADICTION)
    if kalshi.shape is Shape.GAME_WINNER:
        mapping = _compare_games(kalshi, polymarket, audit)
    elif kalshi.shape is Shape.VALUE:
        mapping = _compare_values(kalshi, polymarket, audit)
    elif kalshi.shape is Shape.ELECTION:
        mapping = _compare_elections(kalshi, polymarket, audit)
    elif kalshi.shape is Shape.CHAMPION:
        mapping = _compare_champions(kalshi, polymarket, audit)
    else:
        mapping = _compare_directions(kalshi, polymarket, audit)
    return _verdict(audit, mapping)


def _verdict(audit: _Audit, mapping: tuple[OutcomeTerm, OutcomeTerm] | None) -> Verdict:
    if audit.rejected or mapping is None:
        return Verdict(None, None, 0.0, tuple(audit.reasons), rejected=True)
    yes, no = mapping
    return Verdict(yes.token_id, no.token_id, audit.certainty, tuple(audit.reasons), rejected=False)


def _describe_shape(features: MarketFeatures) -> str:
    if features.shape is Shape.VALUE and features.subject is not None and features.family == "game_line":
        return f"{features.subject.label} market ({features.segment})"
    return f"{features.shape} market"


def _unread(kalshi: MarketFeatures, polymarket: MarketFeatures) -> Verdict:
    unread = [f"{venue} market not understood ({f.subject.label if f.subject else 'no known measure'})"
              for venue, f in (("Kalshi", kalshi), ("Polymarket", polymarket)) if f.shape is Shape.UNKNOWN]
    terms = polymarket.outcomes
    if len(terms) == 2 and {t.name.strip().lower() for t in terms} == {"yes", "no"}:
        yes = next(t for t in terms if t.name.strip().lower() == "yes")
        no = next(t for t in terms if t is not yes)
        reasons = (*unread, "token mapping unverified: assumes Polymarket 'Yes' pays on Kalshi YES")
        return Verdict(yes.token_id, no.token_id, 0.0, reasons, rejected=False, understood=False)
    return Verdict(None, None, 0.0, (*unread, "no Yes/No outcomes to map without reading the market"), rejected=True,
                   understood=False)


# --- games -------------------------------------------------------------------------------------


def _team_label(key: str) -> str:
    league, _, code = key.partition(":")
    return code.upper() if league != "name" else code


def _game_label(teams: tuple[str, ...]) -> str:
    return "@".join(_team_label(t) for t in teams) if len(teams) == 2 else "/".join(_team_label(t) for t in teams)


def _compare_games(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    if kalshi.league and polymarket.league and kalshi.league != polymarket.league:
        audit.reject(f"different league: Kalshi {kalshi.league} vs Polymarket {polymarket.league}")
    if kalshi.segment != polymarket.segment:
        audit.reject(f"Kalshi {kalshi.segment} vs Polymarket {polymarket.segment} winner")
    if not kalshi.teams or not polymarket.teams:
        audit.unverified("teams of one game not read")
    elif set(kalshi.teams) != set(polymarket.teams):
        audit.reject(f"different game: Kalshi {_game_label(kalshi.teams)} vs Polymarket {_game_label(polymarket.teams)}")
    if kalshi.day is None or polymarket.day is None:
        audit.unverified("game date not stated by both markets")
    elif kalshi.day != polymarket.day:
        # Kalshi dates a game by its local day; a start read from Polymarket's UTC gameStartTime
        # (VENUE_APIS.md 2.1) is that day in some US time zone, not always in Eastern time.
        starts = polymarket.starts_at
        if polymarket.day_from_utc and starts is not None and kalshi.day in dates.us_local_dates(starts):
            audit.verified(f"Polymarket start {starts:%Y-%m-%d %H:%M} UTC falls on {kalshi.day} in US local time")
        else:
            audit.reject(f"different game date: Kalshi {kalshi.day} vs Polymarket {polymarket.day}")
    if audit.rejected:
        return None
    audit.verified(f"same game {_game_label(kalshi.teams)} {kalshi.day}")
    league = kalshi.league or polymarket.league
    if league in entities.LEAGUES_WITH_TIES:
        audit.unverified(f"{league} games can end tied: each venue's tie rule settles that case", TIE_POSSIBLE)
    if not isinstance(kalshi.selection, str):
        audit.reject("Kalshi market names no team for YES")
        return None
    return _map_choice(kalshi.selection, polymarket, audit, exhaustive=league not in entities.LEAGUES_WITH_TIES,
                       label=_team_label(kalshi.selection), what="wins")


def _map_choice(choice: str, polymarket: MarketFeatures, audit: _Audit, *, exhaustive: bool, label: str,
                what: str) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    """The Polymarket outcome that pays exactly when ``choice`` happens, and the other one."""
    terms = polymarket.outcomes
    if len(terms) != 2:
        audit.reject(f"Polymarket market has {len(terms)} outcomes, not two")
        return None
    for index, term in enumerate(terms):
        other = terms[1 - index]
        if term.selection == choice and not term.negated:
            audit.verified(f"Kalshi YES = {label} {what} = Polymarket '{term.name}'")
            return term, other
    for index, term in enumerate(terms):
        other = terms[1 - index]
        # "No" on "Will A win?" pays when B wins only if one of the two must win.
        if term.negated and isinstance(term.selection, str) and term.selection != choice and exhaustive:
            audit.verified(f"complement: Kalshi YES = {label} {what} = Polymarket '{term.name}' "
                           f"(the other side of {_team_label(term.selection)})")
            return term, other
    named = ", ".join(f"'{t.name}'" for t in terms)
    audit.reject(f"no Polymarket outcome ({named}) pays exactly when {label} {what}")
    return None


# --- measured values ------------------------------------------------------------------------------


def _compare_values(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    k_subject, p_subject = kalshi.subject, polymarket.subject
    assert k_subject is not None and p_subject is not None
    if k_subject.key != p_subject.key:
        audit.reject(f"different measure: Kalshi {k_subject.label} vs Polymarket {p_subject.label}")
        return None
    audit.verified(f"same measure: {k_subject.label}")
    _compare_variants(kalshi, polymarket, audit)
    _compare_place(kalshi, polymarket, audit)
    _compare_sources(kalshi, polymarket, audit)
    _compare_dates(kalshi, polymarket, audit)
    if audit.rejected:
        return None
    if not isinstance(kalshi.selection, ValueRange):
        audit.reject("Kalshi market states no threshold or range")
        return None
    return _map_range(kalshi, polymarket, kalshi.selection, audit)


def _compare_variants(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> None:
    explained: set[str] = set()
    for contradictory in CONTRADICTORY_VARIANTS:
        k_side, p_side = kalshi.variants & contradictory, polymarket.variants & contradictory
        if k_side and p_side and k_side != p_side:
            audit.reject(f"Kalshi {', '.join(sorted(k_side))} vs Polymarket {', '.join(sorted(p_side))}")
            explained |= k_side | p_side
    path = "reaches at any time"
    if (path in kalshi.variants) != (path in polymarket.variants):
        who = "Polymarket" if path in polymarket.variants else "Kalshi"
        audit.reject(f"{who} pays if the value is reached at any time in the window; the other reads it at one moment")
    explained.add(path)
    for variant in sorted((kalshi.variants ^ polymarket.variants) - explained):
        who = "Kalshi" if variant in kalshi.variants else "Polymarket"
        audit.unverified(f"only {who} states '{variant}'")


def _station_label(code: str) -> str:
    station = entities.STATION_BY_CODE.get(code)
    return f"{station.label} ({code})" if station else code


def _compare_place(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> None:
    if kalshi.location and polymarket.location and kalshi.location != polymarket.location:
        if kalshi.family == "game_line":
            audit.reject(f"different game: Kalshi {_game_label(kalshi.teams)} vs Polymarket {_game_label(polymarket.teams)}")
        else:
            audit.reject(f"different place: Kalshi {kalshi.location} vs Polymarket {polymarket.location}")
        return
    if kalshi.family == "game_line" and kalshi.location:
        audit.verified(f"same game {_game_label(kalshi.teams)}")
    if kalshi.family != "temperature":
        return
    if kalshi.station and polymarket.station:
        if kalshi.station != polymarket.station:
            audit.reject(f"different station: Kalshi {_station_label(kalshi.station)} vs Polymarket "
                         f"{_station_label(polymarket.station)}")
        else:
            audit.verified(f"same station {_station_label(kalshi.station)}")
    else:
        missing = [v for v, f in (("Kalshi", kalshi), ("Polymarket", polymarket)) if not f.station]
        audit.unverified(f"station not named by {' and '.join(missing)}")


def _compare_sources(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> None:
    families = {SOURCE_BY_KEY[s].family for s in kalshi.sources | polymarket.sources}
    for family in sorted(families):
        k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == family}
        p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == family}
        if k_side and p_side and not k_side & p_side:
            audit.reject(f"different source: Kalshi {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side))} vs "
                         f"Polymarket {', '.join(SOURCE_BY_KEY[s].label for s in sorted(p_side))}")
    needed = _decisive_source_family(kalshi)
    if needed is None:
        return
    k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == needed}
    p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == needed}
    if k_side & p_side:
        audit.verified(f"same source: {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side & p_side))}")
    elif not (k_side and p_side):
        missing = [v for v, side in (("Kalshi", k_side), ("Polymarket", p_side)) if not side]
        audit.unverified(f"resolution source not named by {' and '.join(missing)}")


def _compare_dates(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> None:
    subject = kalshi.subject
    assert subject is not None
    if subject.anchor == "day":
        if kalshi.day is None or polymarket.day is None:
            audit.unverified("observation day not stated by both markets")
        elif kalshi.day != polymarket.day:
            audit.reject(f"different day: Kalshi {kalshi.day} vs Polymarket {polymarket.day}")
        else:
            audit.verified(f"same day {kalshi.day}")
    elif subject.anchor == "month":
        if kalshi.month is None or polymarket.month is None:
            audit.unverified("month not stated by both markets")
        elif kalshi.month != polymarket.month:
            audit.reject(f"different month: Kalshi {_month(kalshi.month)} vs Polymarket {_month(polymarket.month)}")
        else:
            audit.verified(f"same month {_month(kalshi.month)}")
    elif kalshi.year is None or polymarket.year is None:
        audit.unverified("year not stated by both markets")
    elif kalshi.year != polymarket.year:
        audit.reject(f"different year: Kalshi {kalshi.year} vs Polymarket {polymarket.year}")
    if kalshi.deadline != polymarket.deadline:
        by, on = ("Polymarket", "Kalshi") if polymarket.deadline else ("Kalshi", "Polymarket")
        audit.reject(f"{by} pays if it happens by the date; {on} reads the date itself")
    if subject.timed:
        _compare_times(kalshi, polymarket, audit)


def _month(month: tuple[int, int]) -> str:
    return f"{month[0]}-{month[1]:02d}"


def _compare_times(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> None:
    k_time, p_time = kalshi.time_of_day, polymarket.time_of_day
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
    audit.unverified("time of day not stated by both markets")


def _grid_words(grid: Decimal) -> str:
    return {Decimal(1): "whole units", Decimal("0.1"): "one decimal", Decimal("0.01"): "cents",
            Decimal("0.25"): "quarter-point steps", Decimal(25): "25 bps steps"}.get(grid, f"steps of {grid}")


def _map_range(kalshi: MarketFeatures, polymarket: MarketFeatures, k_range: ValueRange,
               audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    unit = kalshi.unit
    grids = [g for g in (kalshi.grid, polymarket.grid) if g is not None]
    # Two grids that disagree: compare on the finer one, where fewer values coincide.
    grid = min(grids) if len(grids) == 2 else None
    terms = polymarket.outcomes
    if len(terms) != 2 or not all(isinstance(t.selection, ValueRange) for t in terms):
        audit.reject("Polymarket outcomes carry no threshold or range")
        return None
    for index, term in enumerate(terms):
        p_range = term.selection
        assert isinstance(p_range, ValueRange)
        relation = _relation(k_range, p_range, grid)
        if relation == ("complement" if term.negated else "same"):
            _explain_equal(kalshi, polymarket, k_range, p_range, term, grid, relation, audit)
            return term, terms[1 - index]
    positive = next(t for t in terms if not t.negated)
    assert isinstance(positive.selection, ValueRange)
    audit.reject(_difference(k_range, positive.selection, unit, grid))
    return None


def _relation(k_range: ValueRange, p_range: ValueRange, grid: Decimal | None) -> str | None:
    if grid is not None:
        k_low, k_high = k_range.grid_units(grid)
        p_low, p_high = p_range.grid_units(grid)
        if (k_low, k_high) == (p_low, p_high):
            return "same"
        if k_low is None and p_high is None and k_high is not None and p_low is not None and k_high + 1 == p_low:
            return "complement"
        if k_high is None and p_low is None and k_low is not None and p_high is not None and p_high + 1 == k_low:
            return "complement"
        return None
    if k_range == p_range:
        return "same"
    if k_range.low is None and p_range.high is None and k_range.high and p_range.low:
        if k_range.high.value == p_range.low.value and k_range.high.inclusive != p_range.low.inclusive:
            return "complement"
    if k_range.high is None and p_range.low is None and k_range.low and p_range.high:
        if k_range.low.value == p_range.high.value and k_range.low.inclusive != p_range.high.inclusive:
            return "complement"
    return None


def _explain_equal(kalshi: MarketFeatures, polymarket: MarketFeatures, k_range: ValueRange, p_range: ValueRange,
                   term: OutcomeTerm, grid: Decimal | None, relation: str, audit: _Audit) -> None:
    unit = kalshi.unit
    k_text, p_text = k_range.describe(unit), p_range.describe(unit)
    if relation == "same" and k_range == p_range:
        kind = "bucket" if k_range.is_bucket else "threshold"
        inclusive = _inclusivity(k_range)
        audit.verified(f"{kind} {k_text}{inclusive} on both; Polymarket '{term.name}' pays on Kalshi YES")
        return
    if relation == "same":
        audit.verified(f"Kalshi {k_text} = Polymarket {p_text} on a grid of {_grid_words(grid or Decimal(1))}; "
                       f"Polymarket '{term.name}' pays on Kalshi YES")
    else:
        audit.verified(f"complement: Kalshi {k_text} vs Polymarket {p_text}; Polymarket '{term.name}' pays on "
                       "Kalshi YES")
    if grid is not None and not (kalshi.grid_stated or polymarket.grid_stated) and k_range != p_range:
        audit.unverified(f"assumes {kalshi.subject.label if kalshi.subject else 'the value'} is published in "
                         f"{_grid_words(grid)}", ASSUMED_GRID)


def _inclusivity(value_range: ValueRange) -> str:
    if value_range.is_bucket:
        return ""
    bound = value_range.low or value_range.high
    assert bound is not None
    return " inclusive" if bound.inclusive else " strict"


def _difference(k_range: ValueRange, p_range: ValueRange, unit: str, grid: Decimal | None) -> str:
    k_text, p_text = k_range.describe(unit), p_range.describe(unit)
    if k_range.is_bucket != p_range.is_bucket:
        bucket, tail = ("Kalshi", "Polymarket") if k_range.is_bucket else ("Polymarket", "Kalshi")
        return f"bucket vs cumulative: {bucket} pays on a range, {tail} on a tail (Kalshi {k_text} vs Polymarket {p_text})"
    boundary = None if k_range.is_bucket else _single_boundary(k_range, p_range, grid)
    if boundary is not None:
        at = show_value(boundary, unit)
        if (k_range.low is None) == (p_range.low is None):
            k_kind, k_note = _at_boundary(k_range, boundary, unit, grid)
            p_kind, p_note = _at_boundary(p_range, boundary, unit, grid)
            return (f"Kalshi {k_kind} {k_text}{k_note} vs Polymarket {p_kind} {p_text}{p_note} "
                    f"(a value of exactly {at} settles them differently)")
        return (f"not complements at the boundary: Kalshi {k_text} vs Polymarket {p_text} (a value of exactly {at} pays on "
                "both sides or on neither)")
    return f"threshold differs: Kalshi {k_text} vs Polymarket {p_text}"


def _at_boundary(value_range: ValueRange, boundary: Decimal, unit: str, grid: Decimal | None) -> tuple[str, str]:
    """("inclusive" | "strict", note): whether the range pays at the boundary value, and, when
    its written number is not the boundary itself, what it amounts to on the grid ("> $93,999.99"
    is "≥ $94,000" to the cent)."""
    bound = value_range.low or value_range.high
    assert bound is not None
    if grid is None or bound.value == boundary:
        return ("inclusive" if bound.inclusive else "strict"), ""
    low, high = value_range.grid_units(grid)
    units = low if low is not None else high
    inclusive = units is not None and units * grid == boundary
    symbol = ("≥" if value_range.low else "≤") if inclusive else (">" if value_range.low else "<")
    return ("inclusive" if inclusive else "strict"), f" (= {symbol} {show_value(boundary, unit)} in {_grid_words(grid)})"


def _single_boundary(k_range: ValueRange, p_range: ValueRange, grid: Decimal | None) -> Decimal | None:
    """The one value on which two one-sided ranges disagree, when they disagree on one value only:
    "> 3.0%" vs ">= 3.0%" (3.0% itself), or "> 3.0%" vs "< 3.0%" as would-be complements."""
    same_side = (k_range.low is None) == (p_range.low is None)
    if grid is None:
        k_bound, p_bound = k_range.low or k_range.high, p_range.low or p_range.high
        if k_bound is None or p_bound is None or k_bound.value != p_bound.value:
            return None
        differs = k_bound.inclusive != p_bound.inclusive
        return k_bound.value if differs == same_side else None
    k_low, k_high = k_range.grid_units(grid)
    p_low, p_high = p_range.grid_units(grid)
    if same_side:
        if k_low is not None and p_low is not None and abs(k_low - p_low) == 1:
            return min(k_low, p_low) * grid
        if k_high is not None and p_high is not None and abs(k_high - p_high) == 1:
            return max(k_high, p_high) * grid
        return None
    low, high = (k_low, p_high) if k_low is not None else (p_low, k_high)
    if low is None or high is None:
        return None
    if low == high:  # one value pays on both sides
        return low * grid
    if low == high + 2:  # one value pays on neither
        return (high + 1) * grid
    return None


# --- elections ---------------------------------------------------------------------------------


def _compare_elections(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    if kalshi.office != polymarket.office:
        audit.reject(f"different office: Kalshi {kalshi.office} vs Polymarket {polymarket.office}")
    if kalshi.race != polymarket.race:
        audit.reject(f"{'nominee' if kalshi.race == 'nomination' else 'winner'} vs "
                     f"{'nominee' if polymarket.race == 'nomination' else 'winner'}: Kalshi {kalshi.race} vs "
                     f"Polymarket {polymarket.race}")
    if kalshi.location != polymarket.location:
        audit.reject(f"different state: Kalshi {kalshi.location or 'national'} vs Polymarket {polymarket.location or 'national'}")
    if kalshi.race == polymarket.race == "nomination" and kalshi.party_frame != polymarket.party_frame:
        audit.reject(f"different party's nomination: Kalshi {kalshi.party_frame} vs Polymarket {polymarket.party_frame}")
    if kalshi.year is None or polymarket.year is None:
        audit.unverified("election year not stated by both markets")
    elif kalshi.year != polymarket.year:
        audit.reject(f"different election: Kalshi {kalshi.year} vs Polymarket {polymarket.year}")
    if audit.rejected:
        return None
    where = f" {kalshi.location}" if kalshi.location else ""
    audit.verified(f"same race: {kalshi.year}{where} {kalshi.office} {kalshi.race}")
    choice = kalshi.selection
    if not isinstance(choice, str):
        audit.reject("Kalshi market names no candidate or party for YES")
        return None
    positive = next((t for t in polymarket.outcomes if not t.negated), None)
    if positive is not None and isinstance(positive.selection, str) and positive.selection.split(":")[0] != choice.split(":")[0]:
        audit.reject(f"party vs candidate: Kalshi {_choice_label(choice)} vs Polymarket {_choice_label(positive.selection)}")
        return None
    if positive is not None and isinstance(positive.selection, str) and _same_person(choice, positive.selection):
        if positive.selection != choice:
            audit.unverified(f"names differ in middle names: Kalshi {_choice_label(choice)} vs Polymarket "
                             f"{_choice_label(positive.selection)}", ASSUMED_GRID)
        choice = positive.selection
    # Candidates and parties are never exhaustive (a third candidate can win), so the "No" of one
    # is never the YES of another.
    return _map_choice(choice, polymarket, audit, exhaustive=False, label=_choice_label(choice), what="wins")


def _choice_label(choice: str) -> str:
    kind, _, value = choice.partition(":")
    if kind == "party":
        return f"{entities.PARTY_LABELS.get(value, value)} party"
    return value.title()


def _same_person(a: str, b: str) -> bool:
    if not (a.startswith("person:") and b.startswith("person:")):
        return False
    a_words, b_words = a[7:].split(), b[7:].split()
    return bool(a_words and b_words) and a_words[0] == b_words[0] and a_words[-1] == b_words[-1]


# --- season champions ---------------------------------------------------------------------------


def _compare_champions(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    if kalshi.league != polymarket.league:
        audit.reject(f"different league: Kalshi {kalshi.league} vs Polymarket {polymarket.league}")
    if kalshi.race != polymarket.race:
        audit.reject(f"Kalshi {kalshi.race} vs Polymarket {polymarket.race}")
    if kalshi.year is None or polymarket.year is None:
        audit.unverified("season not stated by both markets")
    elif kalshi.year != polymarket.year:
        audit.reject(f"different season: Kalshi {kalshi.year} vs Polymarket {polymarket.year}")
    if audit.rejected:
        return None
    audit.verified(f"same competition: {kalshi.year} {kalshi.league} {kalshi.race}")
    if not isinstance(kalshi.selection, str):
        audit.reject("Kalshi market names no team for YES")
        return None
    # Many teams can win a title: the "No" of one team is never another team's YES.
    return _map_choice(kalshi.selection, polymarket, audit, exhaustive=False, label=_team_label(kalshi.selection),
                       what="wins the title")


# --- up or down ----------------------------------------------------------------------------------


def _compare_directions(kalshi: MarketFeatures, polymarket: MarketFeatures, audit: _Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    if kalshi.subject is None or polymarket.subject is None or kalshi.subject.key != polymarket.subject.key:
        audit.reject("different asset")
        return None
    if kalshi.window_end is None or polymarket.window_end is None:
        audit.unverified("window end not stated by both markets")
    elif kalshi.window_end != polymarket.window_end:
        audit.reject(f"different window: Kalshi ends {kalshi.window_end:%Y-%m-%d %H:%M} UTC vs Polymarket "
                     f"{polymarket.window_end:%Y-%m-%d %H:%M} UTC")
    else:
        audit.verified(f"same window ending {kalshi.window_end:%Y-%m-%d %H:%M} UTC")
    if kalshi.up_includes_tie is not None and polymarket.up_includes_tie is not None:
        if kalshi.up_includes_tie != polymarket.up_includes_tie:
            audit.reject("an unchanged price counts as up on one venue and not on the other")
        else:
            audit.verified("an unchanged price settles the same way on both")
    else:
        audit.unverified("how an unchanged price settles is not stated by both markets")
    _compare_sources(kalshi, polymarket, audit)
    if audit.rejected:
        return None
    if not isinstance(kalshi.selection, str):
        audit.reject("Kalshi market names no direction for YES")
        return None
    return _map_choice(kalshi.selection, polymarket, audit, exhaustive=False, label="price", what=kalshi.selection)
