"""Positions per pair and leg, rebuilt from confirmed fills and settlements.

A position is one instrument held for one pair (or one value bet): the contracts held, what
they cost including every cash fee, and every fee charged on the leg. Sells (unwinds, early
exits) realize ``proceeds - average cost of the contracts sold``; a settlement realizes
``payout - cost basis`` and closes the position. Only confirmed fills count: a trade the venue
matched but has not confirmed is not a position yet.

Money conservation: every dollar paid or received lands in exactly one of cost basis or realized
PnL, so once a position is settled its realized PnL is exactly cash received (sells and payouts)
minus cash paid (buys and their cash fees), whatever the order of events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from arb_pipeline.domain.fees import EXACT, QUOTIENT
from arb_pipeline.domain.models import ZERO, KalshiOrderBook, OrderBook, Venue
from arb_pipeline.domain.trading.records import ExposureGroups, Fill, FillLedger, Instrument, Settlement, Side, SignalKind

PositionKey = tuple[SignalKind, str, Instrument]


@dataclass(frozen=True, slots=True)
class Position(ExposureGroups):
    """``contracts`` held now; ``cost_basis`` the dollars paid for them, cash fees included;
    ``fees_paid`` every fee charged on this leg (cash fees, and fees taken in shares valued at
    the fill price); ``realized_pnl`` what sells and settlement realized so far."""

    signal_kind: SignalKind
    pair_key: str
    instrument: Instrument
    contracts: Decimal = ZERO
    cost_basis: Decimal = ZERO
    fees_paid: Decimal = ZERO
    realized_pnl: Decimal = ZERO
    bought: Decimal = ZERO
    sold: Decimal = ZERO
    settlement_id: str | None = None

    @property
    def key(self) -> PositionKey:
        return (self.signal_kind, self.pair_key, self.instrument)

    @property
    def is_open(self) -> bool:
        return self.contracts > 0

    @property
    def venue(self) -> Venue:
        return self.instrument.venue

    @property
    def average_cost(self) -> Decimal | None:
        if not self.contracts:
            return None
        return QUOTIENT.divide(self.cost_basis, self.contracts)


@dataclass(frozen=True, slots=True)
class RealizedEvent:
    """PnL realized at ``at`` on one leg: by a sell (``source`` "sell", ``ref`` the fill id) or
    a settlement (``source`` "settlement", ``ref`` the settlement id)."""

    at: datetime
    signal_kind: SignalKind
    pair_key: str
    instrument: Instrument
    amount: Decimal
    source: str
    ref: str


#: Balances on both venues hold at most six decimals of a dollar (USDC's unit).
MICRO_DOLLAR = Decimal("0.000001")


def cost_of_sold(position: Position, sold: Decimal) -> Decimal:
    """The share of the cost basis that leaves with ``sold`` contracts (average cost). Selling
    everything takes the whole basis; a part is rounded to the micro-dollar, and whatever the
    rounding leaves stays in the basis, so no cent is lost between basis and realized PnL."""
    if sold >= position.contracts:
        return position.cost_basis
    share = QUOTIENT.divide(QUOTIENT.multiply(position.cost_basis, sold), position.contracts)
    return share.quantize(MICRO_DOLLAR, rounding=ROUND_HALF_EVEN, context=QUOTIENT)


class PositionBook:
    """Positions keyed by (signal kind, pair, instrument), and the PnL realized on the way."""

    __slots__ = ("_positions", "realized")

    def __init__(self) -> None:
        self._positions: dict[PositionKey, Position] = {}
        self.realized: list[RealizedEvent] = []

    @classmethod
    def replay(cls, fills: Iterable[Fill], settlements: Iterable[Settlement] = ()) -> PositionBook:
        """The book after every confirmed fill (each fill id once) and every settlement, applied
        in time order; at equal times fills come before settlements."""
        ledger = FillLedger(fills)
        events: list[tuple[datetime, int, str, Fill | Settlement]] = [
            (fill.filled_at, 0, fill.fill_id, fill) for fill in ledger.confirmed
        ]
        seen: set[str] = set()
        for settlement in settlements:
            if settlement.settlement_id not in seen:
                seen.add(settlement.settlement_id)
                events.append((settlement.settled_at, 1, settlement.settlement_id, settlement))
        events.sort(key=lambda event: event[:3])
        book = cls()
        for _, kind, _, item in events:
            if kind == 0:
                book.apply_fill(item)  # type: ignore[arg-type]
            else:
                book.apply_settlement(item)  # type: ignore[arg-type]
        return book

    def _get(self, key: PositionKey, event_id: str | None, category: str | None) -> Position:
        position = self._positions.get(key)
        if position is None:
            position = Position(key[0], key[1], key[2], event_id=event_id, category=category)
        return position

    def apply_fill(self, fill: Fill) -> None:
        """Add one confirmed fill. A buy adds its contracts net of any fee taken in shares and
        adds its cash to the basis; a sell realizes proceeds against the average cost."""
        if not fill.counts:
            raise ValueError(f"fill {fill.fill_id} is {fill.status}: only confirmed fills make positions")
        key = (fill.signal_kind, fill.pair_key, fill.instrument)
        position = self._get(key, fill.event_id, fill.category)
        with localcontext(EXACT):
            fees = position.fees_paid + fill.fee
            if fill.side is Side.BUY:
                position = replace(
                    position,
                    contracts=position.contracts + fill.position_delta,
                    cost_basis=position.cost_basis - fill.cash_flow,
                    fees_paid=fees,
                    bought=position.bought + fill.contracts,
                    settlement_id=None,
                )
            else:
                if fill.contracts > position.contracts:
                    raise ValueError(
                        f"fill {fill.fill_id} sells {fill.contracts} {fill.instrument.key} but only "
                        f"{position.contracts} are held in {fill.pair_key}"
                    )
                basis_out = cost_of_sold(position, fill.contracts)
                gain = fill.cash_flow - basis_out
                position = replace(
                    position,
                    contracts=position.contracts - fill.contracts,
                    cost_basis=position.cost_basis - basis_out,
                    fees_paid=fees,
                    realized_pnl=position.realized_pnl + gain,
                    sold=position.sold + fill.contracts,
                )
                self.realized.append(
                    RealizedEvent(fill.filled_at, fill.signal_kind, fill.pair_key, fill.instrument, gain, "sell",
                                  fill.fill_id)
                )
        self._positions[key] = position

    def apply_settlement(self, settlement: Settlement) -> None:
        """Close a position at resolution: its payout against its whole cost basis."""
        key = (settlement.signal_kind, settlement.pair_key, settlement.instrument)
        position = self._positions.get(key)
        if position is None or position.contracts != settlement.contracts:
            held = position.contracts if position is not None else ZERO
            raise ValueError(
                f"settlement {settlement.settlement_id} pays {settlement.contracts} {settlement.instrument.key} "
                f"but {held} are held in {settlement.pair_key}"
            )
        with localcontext(EXACT):
            self._positions[key] = replace(
                position,
                contracts=ZERO,
                cost_basis=ZERO,
                realized_pnl=position.realized_pnl + settlement.realized_pnl,
                settlement_id=settlement.settlement_id,
            )
        self.realized.append(
            RealizedEvent(settlement.settled_at, settlement.signal_kind, settlement.pair_key, settlement.instrument,
                          settlement.realized_pnl, "settlement", settlement.settlement_id)
        )

    @property
    def positions(self) -> tuple[Position, ...]:
        return tuple(self._positions.values())

    def open_positions(self) -> tuple[Position, ...]:
        return tuple(position for position in self._positions.values() if position.is_open)

    def pair(self, signal_kind: SignalKind, pair_key: str) -> tuple[Position, ...]:
        """Every leg of one pair (open or closed)."""
        return tuple(p for p in self._positions.values() if p.signal_kind is signal_kind and p.pair_key == pair_key)

    def get(self, signal_kind: SignalKind, pair_key: str, instrument: Instrument) -> Position | None:
        return self._positions.get((signal_kind, pair_key, instrument))


def best_bid(books: Mapping[str, KalshiOrderBook | OrderBook], instrument: Instrument) -> Decimal | None:
    """The best price ``instrument`` can be sold at now: the YES or NO bid of a Kalshi book, the
    bid of a Polymarket token book; None when there is no book or no bid."""
    if instrument.venue is Venue.KALSHI:
        book = books.get(instrument.market_id)
        if not isinstance(book, KalshiOrderBook):
            return None
        bids = book.yes_bids if instrument.outcome == "yes" else book.no_bids
    else:
        book = books.get(instrument.outcome)
        if not isinstance(book, OrderBook):
            return None
        bids = book.bids
    return bids[0].price if bids else None


@dataclass(frozen=True, slots=True)
class Mark:
    """An open position marked at the best bid: ``value`` = contracts × best bid (zero when
    nobody bids: what the position could be sold for is then nothing), ``unrealized_pnl`` =
    value − cost basis. Fees a sale would pay are not deducted: the mark is the best bid, as
    issue 10 defines it."""

    position: Position
    best_bid: Decimal | None
    value: Decimal
    unrealized_pnl: Decimal


def mark_to_market(positions: Iterable[Position], bids: Mapping[str, Decimal | None]) -> tuple[Mark, ...]:
    """Every open position marked at ``bids[instrument.key]`` (the best bid now)."""
    marks = []
    with localcontext(EXACT):
        for position in positions:
            if not position.is_open:
                continue
            bid = bids.get(position.instrument.key)
            value = position.contracts * bid if bid is not None else ZERO
            marks.append(Mark(position, bid, value, value - position.cost_basis))
    return tuple(marks)
