"""Orders, fills and settlements: immutable records with ids derived from the opportunity, and one status
lifecycle.

Ids are deterministic (the same opportunity always yields the same order and fill ids), so a
replay of a recording, or a job that runs twice, writes the same rows again instead of new ones,
and a fill recovered over REST after a socket gap is recognised as one already counted.

Status lifecycle (issue 10): an order is ``new`` until the venue answers; ``matched`` means the
venue matched it but has not confirmed it (Polymarket matches off-chain and settles on-chain, so
a match can still fail), and a matched trade is not a position yet; ``confirmed`` is final and
counts; ``rejected`` (refused, or a match that failed) and ``cancelled`` (nothing filled, or the
unfilled rest of an immediate-or-cancel order) never count.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal, localcontext
from enum import StrEnum

from arb_pipeline.domain.fees import EXACT
from arb_pipeline.domain.models import ZERO, OpportunityKind, Spread, Venue


class SignalKind(StrEnum):
    """What produced a trade. Arbitrage sets and sportsbook value bets are reported apart and
    never summed together: one locks in $1 a set, the other is a one-legged bet on an estimate."""

    ARBITRAGE = "arbitrage"
    SPORTSBOOK_VALUE = "sportsbook_value"


class Side(StrEnum):
    BUY = "buy"
    SELL = "sell"


class OrderPurpose(StrEnum):
    ENTRY = "entry"  # a leg of a new trade
    UNWIND = "unwind"  # selling back a leg whose hedge did not fill
    EXIT = "exit"  # selling a held pair early, when that beats holding to resolution


class OrderStatus(StrEnum):
    NEW = "new"
    MATCHED = "matched"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


_NEXT: dict[OrderStatus, frozenset[OrderStatus]] = {
    OrderStatus.NEW: frozenset(
        {OrderStatus.MATCHED, OrderStatus.CONFIRMED, OrderStatus.REJECTED, OrderStatus.CANCELLED}
    ),
    # A Polymarket match either confirms on-chain or fails (then it never was a trade).
    OrderStatus.MATCHED: frozenset({OrderStatus.CONFIRMED, OrderStatus.REJECTED}),
    OrderStatus.CONFIRMED: frozenset(),
    OrderStatus.REJECTED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}


class LifecycleError(ValueError):
    """A status change the lifecycle does not allow (a confirmed fill cannot go back to matched)."""


def check_transition(current: OrderStatus, new: OrderStatus, what: str) -> None:
    if new not in _NEXT[current]:
        allowed = ", ".join(sorted(_NEXT[current])) or "nothing (final)"
        raise LifecycleError(f"{what}: cannot go from {current} to {new} (allowed: {allowed})")


@dataclass(frozen=True, slots=True)
class Instrument:
    """What a position holds: one side of a Kalshi market (``outcome`` "yes" or "no") or one
    Polymarket outcome token (``outcome`` the token id)."""

    venue: Venue
    market_id: str
    outcome: str

    @classmethod
    def kalshi(cls, ticker: str, side: str) -> Instrument:
        if side not in ("yes", "no"):
            raise ValueError(f"Kalshi side must be 'yes' or 'no', got {side!r}")
        return cls(Venue.KALSHI, ticker, side)

    @classmethod
    def polymarket(cls, market_id: str, token_id: str) -> Instrument:
        return cls(Venue.POLYMARKET, market_id, token_id)

    @property
    def key(self) -> str:
        return f"{self.venue}:{self.market_id}:{self.outcome}"


@dataclass(frozen=True, slots=True)
class ExposureGroups:
    """The Kalshi event and the category a trade's exposure counts toward in the risk limits
    (docs/trading.md): carried by every intent, fill, trade, position and settlement the trade
    makes, None where the listing names neither. Keyword-only, so the record's own fields keep
    their order ahead of them."""

    event_id: str | None = field(default=None, kw_only=True)
    category: str | None = field(default=None, kw_only=True)


@dataclass(frozen=True, slots=True)
class Order:
    """One order sent (or about to be) to a venue. ``contracts`` is what was asked for,
    ``filled`` what the venue matched; an immediate-or-cancel order's unfilled rest is cancelled
    on the spot, so a confirmed order may have ``filled < contracts``. ``limit_price`` is the
    worst price the order accepts (None: any price, as an unwind takes)."""

    order_id: str
    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    leg: int
    purpose: OrderPurpose
    instrument: Instrument
    side: Side
    contracts: Decimal
    limit_price: Decimal | None
    created_at: datetime
    status: OrderStatus = OrderStatus.NEW
    filled: Decimal = ZERO
    reason: str | None = None

    def advanced(self, status: OrderStatus, *, filled: Decimal | None = None, reason: str | None = None) -> Order:
        """This order in its next status (checked against the lifecycle)."""
        check_transition(self.status, status, f"order {self.order_id}")
        new_filled = self.filled if filled is None else filled
        if new_filled > self.contracts:
            raise LifecycleError(f"order {self.order_id}: filled {new_filled} of {self.contracts} contracts")
        return replace(self, status=status, filled=new_filled, reason=reason if reason is not None else self.reason)


@dataclass(frozen=True, slots=True)
class Fill(ExposureGroups):
    """One execution against one price level.

    ``fee`` is the fee's value in dollars, decided at fill time from the market's own schedule
    by the one fee implementation. A Polymarket BUY pays it in shares, not cash: ``fee_shares``
    is how many of the ``contracts`` bought the venue kept, so the position grows by
    ``contracts - fee_shares`` while the cash paid is ``contracts × price`` alone. Every other
    fill pays its fee in cash (``fee_shares`` is zero)."""

    fill_id: str
    order_id: str
    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    instrument: Instrument
    side: Side
    price: Decimal
    contracts: Decimal
    fee: Decimal
    fee_shares: Decimal
    status: OrderStatus
    filled_at: datetime
    purpose: OrderPurpose = OrderPurpose.ENTRY

    def __post_init__(self) -> None:
        if self.status not in (OrderStatus.MATCHED, OrderStatus.CONFIRMED, OrderStatus.REJECTED):
            raise LifecycleError(f"fill {self.fill_id}: a fill is matched, confirmed or rejected, not {self.status}")
        if self.contracts <= 0:
            raise ValueError(f"fill {self.fill_id}: {self.contracts} contracts is not a fill")
        if self.fee < 0 or self.fee_shares < 0:
            raise ValueError(f"fill {self.fill_id}: negative fee")
        if self.fee_shares and self.side is not Side.BUY:
            raise ValueError(f"fill {self.fill_id}: only a buy can pay its fee in shares")
        if self.fee_shares >= self.contracts:
            raise ValueError(f"fill {self.fill_id}: fee of {self.fee_shares} shares on {self.contracts} bought")

    @property
    def notional(self) -> Decimal:
        with localcontext(EXACT):
            return self.contracts * self.price

    @property
    def fee_in_shares(self) -> bool:
        return self.fee_shares > 0

    @property
    def cash_fee(self) -> Decimal:
        """The part of the fee paid in dollars."""
        return ZERO if self.fee_in_shares else self.fee

    @property
    def position_delta(self) -> Decimal:
        """Contracts this fill adds to (buy) or removes from (sell) the position."""
        with localcontext(EXACT):
            if self.side is Side.BUY:
                return self.contracts - self.fee_shares
            return -self.contracts

    @property
    def cash_flow(self) -> Decimal:
        """Dollars in (+) or out (-): a buy pays notional and any cash fee, a sell receives
        notional less its fee."""
        with localcontext(EXACT):
            if self.side is Side.BUY:
                return -(self.notional + self.cash_fee)
            return self.notional - self.fee

    @property
    def counts(self) -> bool:
        """Whether this fill is part of a position: only once the venue confirmed it."""
        return self.status is OrderStatus.CONFIRMED

    def economics(self) -> tuple[object, ...]:
        """Everything but the status: two reports of one fill must agree on these."""
        return (self.order_id, self.instrument, self.side, self.price, self.contracts, self.fee, self.fee_shares)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]


def opportunity_id(spread: Spread) -> str:
    """A stable id for one evaluated opportunity: the same spread (kind, legs, direction and the
    time it was evaluated) always gets the same id, so trading it twice is recognised."""
    legs = spread.kalshi_tickers or ((spread.kalshi_ticker,) if spread.kalshi_ticker else ())
    return "arb-" + _digest(
        spread.kind.value,
        "+".join(legs),
        spread.kalshi_side or "",
        spread.polymarket_market_id or "",
        spread.polymarket_token or "",
        spread.evaluated_at.isoformat(),
    )


def pair_key(spread: Spread) -> str:
    """What positions are grouped by: the pair of listings (both directions of a pair are one
    pair; its legs tell them apart), or the one market an intra-venue set uses."""
    legs = "+".join(spread.kalshi_tickers or ((spread.kalshi_ticker,) if spread.kalshi_ticker else ()))
    if spread.kind is OpportunityKind.CROSS_VENUE:
        return f"{legs}~{spread.polymarket_market_id}"
    if spread.kind is OpportunityKind.KALSHI_YES_NO:
        return legs
    return f"polymarket:{spread.polymarket_market_id}"


def value_signal_id(ticker: str, side: str, odds_event_id: str, evaluated_at: datetime) -> str:
    """A stable id for one sportsbook value signal."""
    return "val-" + _digest(ticker, side, odds_event_id, evaluated_at.isoformat())


def exit_id(pair: str, at: datetime) -> str:
    """The id an early exit of ``pair`` at ``at`` trades under."""
    return "exit-" + _digest(pair, at.isoformat())


def order_id(opportunity: str, purpose: OrderPurpose, leg: int) -> str:
    return f"{opportunity}/{purpose.value}/{leg}"


def fill_id(order: str, sequence: int) -> str:
    return f"{order}/{sequence}"


@dataclass(frozen=True, slots=True)
class Settlement(ExposureGroups):
    """One position paid at resolution: ``payout`` = contracts × payout per contract;
    ``realized_pnl`` = payout − ``cost_basis``."""

    settlement_id: str
    signal_kind: SignalKind
    pair_key: str
    instrument: Instrument
    contracts: Decimal
    payout_per_contract: Decimal
    payout: Decimal
    cost_basis: Decimal
    realized_pnl: Decimal
    settled_at: datetime
    detail: str


class LedgerEvent(StrEnum):
    ADDED = "added"
    DUPLICATE = "duplicate"  # seen before (a REST recovery of a streamed fill): not counted again
    CONFIRMED = "confirmed"  # a matched fill the venue now confirmed: it counts from now on
    FAILED = "failed"  # a matched fill the venue rejected: it never counted
    CONFLICT = "conflict"  # same id, different price or size: refused, the first report stands


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    event: LedgerEvent
    fill: Fill
    reason: str | None = None


class FillLedger:
    """Every fill once, by fill id. Fills arrive from the paper executor, a socket, or a REST
    recovery after a gap, in any order and any number of times; each id counts once, and only
    in its latest lifecycle status."""

    __slots__ = ("_fills",)

    def __init__(self, fills: Iterable[Fill] = ()) -> None:
        self._fills: dict[str, Fill] = {}
        for fill in fills:
            self.record(fill)

    def record(self, fill: Fill) -> LedgerEntry:
        known = self._fills.get(fill.fill_id)
        if known is None:
            self._fills[fill.fill_id] = fill
            return LedgerEntry(LedgerEvent.ADDED, fill)
        if known.economics() != fill.economics():
            return LedgerEntry(
                LedgerEvent.CONFLICT,
                fill,
                f"fill {fill.fill_id} reported again with different terms "
                f"({fill.contracts} @ {fill.price}, fee {fill.fee}) than first recorded "
                f"({known.contracts} @ {known.price}, fee {known.fee}): the first report stands",
            )
        if fill.status is known.status or fill.status not in _NEXT[known.status]:
            # The same state again, or an older one (a REST page still saying "matched" after the
            # socket said "confirmed"): nothing changes.
            return LedgerEntry(LedgerEvent.DUPLICATE, fill)
        self._fills[fill.fill_id] = fill
        event = LedgerEvent.CONFIRMED if fill.status is OrderStatus.CONFIRMED else LedgerEvent.FAILED
        return LedgerEntry(event, fill)

    def __len__(self) -> int:
        return len(self._fills)

    def __contains__(self, fill_id: object) -> bool:
        return fill_id in self._fills

    @property
    def fills(self) -> tuple[Fill, ...]:
        return tuple(self._fills.values())

    @property
    def confirmed(self) -> tuple[Fill, ...]:
        """The fills positions are made of."""
        return tuple(fill for fill in self._fills.values() if fill.counts)

    @property
    def pending(self) -> tuple[Fill, ...]:
        """Matched by the venue, not yet confirmed: shown, never counted."""
        return tuple(fill for fill in self._fills.values() if fill.status is OrderStatus.MATCHED)
