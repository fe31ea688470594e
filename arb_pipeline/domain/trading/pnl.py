"""PnL arithmetic for reports: one day's realized PnL, unrealized PnL and fees, by signal kind,
pair and venue, aggregated from fills and settlements alone (the positions are rebuilt from them).

- Realized: what sells (unwinds, early exits) and settlements realized that day
  (:mod:`~arb_pipeline.domain.trading.positions` explains the accounting).
- Fees: the fees charged by the day's fills, cash fees and fees taken in shares (at the fill
  price) alike. They are already inside realized and unrealized PnL; this column says how much
  of the result went to the venues.
- Unrealized: the positions open at the end of the day, marked at the best bids the caller
  supplies (contracts × best bid − cost basis).

Arbitrage and sportsbook value are separate signal kinds and are never summed together: a report
gives totals per kind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal, localcontext
from operator import attrgetter
from typing import TypeVar

from arb_pipeline.domain.fees import EXACT
from arb_pipeline.domain.models import ZERO, Venue
from arb_pipeline.domain.trading.positions import PositionBook, mark_to_market
from arb_pipeline.domain.trading.records import Fill, Settlement, SignalKind

_Group = TypeVar("_Group")

LineKey = tuple[SignalKind, str, Venue]


@dataclass(frozen=True, slots=True)
class PnLTotals:
    realized: Decimal = ZERO
    unrealized: Decimal = ZERO
    fees: Decimal = ZERO

    def __add__(self, other: PnLTotals) -> PnLTotals:
        with localcontext(EXACT):
            return PnLTotals(self.realized + other.realized, self.unrealized + other.unrealized,
                             self.fees + other.fees)


@dataclass(frozen=True, slots=True)
class PnLLine:
    """One day's PnL of one pair on one venue, for one signal kind."""

    day: date
    signal_kind: SignalKind
    pair_key: str
    venue: Venue
    totals: PnLTotals


@dataclass(frozen=True, slots=True)
class PnLReport:
    """``marked`` is False when no bids were supplied: unrealized PnL is then not known (shown
    as zero), not zero."""

    day: date
    lines: tuple[PnLLine, ...]
    marked: bool

    def total(self, signal_kind: SignalKind) -> PnLTotals:
        """One signal kind's totals (kinds are never added together)."""
        result = PnLTotals()
        for line in self.lines:
            if line.signal_kind is signal_kind:
                result = result + line.totals
        return result

    def _grouped(self, signal_kind: SignalKind, group_of: Callable[[PnLLine], _Group]) -> dict[_Group, PnLTotals]:
        result: dict[_Group, PnLTotals] = {}
        for line in self.lines:
            if line.signal_kind is signal_kind:
                group = group_of(line)
                result[group] = result.get(group, PnLTotals()) + line.totals
        return result

    def by_venue(self, signal_kind: SignalKind) -> dict[Venue, PnLTotals]:
        return self._grouped(signal_kind, attrgetter("venue"))

    def by_pair(self, signal_kind: SignalKind) -> dict[str, PnLTotals]:
        return self._grouped(signal_kind, attrgetter("pair_key"))


def day_bounds(day: date, zone: tzinfo = UTC) -> tuple[datetime, datetime]:
    """[start, end) of ``day`` in ``zone``."""
    start = datetime.combine(day, time(0), zone)
    return start, start + timedelta(days=1)


def daily_pnl(fills: Iterable[Fill], settlements: Iterable[Settlement], day: date, *,
              bids: Mapping[str, Decimal | None] | None = None, zone: tzinfo = UTC) -> PnLReport:
    """The PnL of ``day`` (in ``zone``). ``bids`` maps instrument keys to their best bid at the
    end of the day, for the unrealized column. Only confirmed fills count, each fill id once."""
    start, end = day_bounds(day, zone)
    fills = list(fills)
    settlements = list(settlements)
    book = PositionBook.replay([f for f in fills if f.filled_at < end], [s for s in settlements if s.settled_at < end])
    lines: dict[LineKey, PnLTotals] = {}

    def add(key: LineKey, totals: PnLTotals) -> None:
        lines[key] = lines.get(key, PnLTotals()) + totals

    for event in book.realized:
        if start <= event.at < end:
            add((event.signal_kind, event.pair_key, event.instrument.venue), PnLTotals(realized=event.amount))
    counted: set[str] = set()
    for fill in fills:
        if fill.counts and start <= fill.filled_at < end and fill.fill_id not in counted:
            counted.add(fill.fill_id)
            add((fill.signal_kind, fill.pair_key, fill.instrument.venue), PnLTotals(fees=fill.fee))
    if bids is not None:
        for mark in mark_to_market(book.open_positions(), bids):
            position = mark.position
            add((position.signal_kind, position.pair_key, position.venue), PnLTotals(unrealized=mark.unrealized_pnl))
    ordered = sorted(lines.items(), key=lambda item: (item[0][0].value, item[0][1], item[0][2].value))
    return PnLReport(day, tuple(PnLLine(day, kind, pair, venue, totals) for (kind, pair, venue), totals in ordered),
                     bids is not None)
