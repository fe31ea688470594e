"""The circuit breaker every trade passes before its orders go out (issue 10, "Risk controls").

A pure state machine: :class:`RiskState` is immutable, every function takes the state and the
time (the caller's clock; nothing here reads one) and returns the next state. The app stores the
state and each trip.

- :func:`check_trade` decides whether a proposed trade may go out. Any limit the trade would
  breach trips the breaker: the trip is recorded with its reason, the trade is refused, and
  every later trade is refused too until the trip's cooldown passes or an operator resets it.
- :func:`record_trade` books what a trade did (capital tied up, volume, orders sent, a loss an
  unwind realized, slippage against the quote) and trips on what only shows afterwards:
  slippage, the day's loss, a run of losing trades.
- :func:`close_pair` releases a pair's capital when it settles or exits and books its PnL.
- The kill switch is a trip only an operator lifts (:func:`engage_kill_switch`,
  :func:`release_kill_switch`); :func:`manual_reset` clears every other trip.

Days are UTC calendar days: the daily limits (loss, trades, volume) start again at 00:00 UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, localcontext
from enum import StrEnum

from arb_pipeline.domain.fees import EXACT, QUOTIENT, ceil_to_cent, show
from arb_pipeline.domain.models import ZERO, OpportunityKind, Spread, Venue
from arb_pipeline.domain.trading.execution import TradeOutcome, TradeResult
from arb_pipeline.domain.trading.records import OrderStatus, SignalKind

_MINUTE = timedelta(minutes=1)


class LimitKind(StrEnum):
    KILL_SWITCH = "kill_switch"
    POSITION_SIZE = "position_size"
    CAPITAL_PER_TRADE = "capital_per_trade"
    TOTAL_CAPITAL = "total_capital"
    VENUE_CAPITAL = "venue_capital"
    DAILY_LOSS = "daily_loss"
    TRADES_PER_DAY = "trades_per_day"
    VOLUME_PER_DAY = "volume_per_day"
    EVENT_EXPOSURE = "event_exposure"
    CATEGORY_EXPOSURE = "category_exposure"
    ORDERS_PER_MINUTE = "orders_per_minute"
    CONSECUTIVE_LOSSES = "consecutive_losses"
    SLIPPAGE = "slippage"


@dataclass(frozen=True, slots=True)
class RiskLimits:
    """Every limit, in dollars, contracts or counts. ``max_slippage`` is dollars per set (what a
    set cost at fill time above what it cost when found). ``cooldown`` is how long a trip halts
    trading unless ``cooldowns`` names another duration for its kind."""

    max_position_contracts: Decimal
    max_capital_per_trade: Decimal
    max_total_capital: Decimal
    max_venue_capital: Decimal
    daily_loss_limit: Decimal
    max_trades_per_day: int
    max_volume_per_day: Decimal
    max_event_exposure: Decimal
    max_category_exposure: Decimal
    max_orders_per_minute: int
    max_consecutive_losses: int
    max_slippage: Decimal
    cooldown: timedelta = timedelta(minutes=15)
    cooldowns: Mapping[LimitKind, timedelta] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name in ("max_position_contracts", "max_capital_per_trade", "max_total_capital", "max_venue_capital",
                     "daily_loss_limit", "max_volume_per_day", "max_event_exposure", "max_category_exposure"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name}: {getattr(self, name)} must be positive")
        for name in ("max_trades_per_day", "max_orders_per_minute", "max_consecutive_losses"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name}: {getattr(self, name)} must be at least 1")
        if self.max_slippage < 0:
            raise ValueError(f"max_slippage: {self.max_slippage} must not be negative")
        if self.cooldown <= timedelta(0) or any(c <= timedelta(0) for c in self.cooldowns.values()):
            raise ValueError("cooldowns must be positive durations")

    def cooldown_for(self, kind: LimitKind) -> timedelta:
        return self.cooldowns.get(kind, self.cooldown)


def default_limits(bankroll: Decimal) -> RiskLimits:
    """Starting limits scaled to a bankroll, for an operator to tighten: at most 10% of it in one
    trade, 80% deployed in all, 50% on one venue, 20% on one event, 40% on one category; stop
    for the day after losing 5%; 50 trades and 5× the bankroll traded a day; 30 orders a
    minute; 5 losing trades in a row; 2 cents a set of slippage."""
    with localcontext(EXACT):
        return RiskLimits(
            max_position_contracts=bankroll,
            max_capital_per_trade=bankroll * Decimal("0.10"),
            max_total_capital=bankroll * Decimal("0.80"),
            max_venue_capital=bankroll * Decimal("0.50"),
            daily_loss_limit=bankroll * Decimal("0.05"),
            max_trades_per_day=50,
            max_volume_per_day=bankroll * 5,
            max_event_exposure=bankroll * Decimal("0.20"),
            max_category_exposure=bankroll * Decimal("0.40"),
            max_orders_per_minute=30,
            max_consecutive_losses=5,
            max_slippage=Decimal("0.02"),
        )


@dataclass(frozen=True, slots=True)
class Trip:
    """One breach: what tripped, why (with the numbers), when, and until when it halts trading
    (None: until an operator lifts it)."""

    kind: LimitKind
    reason: str
    tripped_at: datetime
    until: datetime | None

    def active(self, now: datetime) -> bool:
        return self.until is None or now < self.until


@dataclass(frozen=True, slots=True)
class Exposure:
    """Capital one trade holds, per venue, and the event and category it is exposed to."""

    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    capital: tuple[tuple[Venue, Decimal], ...]
    event_id: str | None
    category: str | None

    @property
    def total(self) -> Decimal:
        with localcontext(EXACT):
            return sum((amount for _, amount in self.capital), ZERO)

    def on(self, venue: Venue) -> Decimal:
        with localcontext(EXACT):
            return sum((amount for v, amount in self.capital if v is venue), ZERO)


@dataclass(frozen=True, slots=True)
class RiskState:
    """Everything the breaker remembers: today's counters, recent order times, the run of losses,
    open exposures, active trips and the kill switch."""

    day: date | None = None
    realized_today: Decimal = ZERO
    trades_today: int = 0
    volume_today: Decimal = ZERO
    order_times: tuple[datetime, ...] = ()
    consecutive_losses: int = 0
    exposures: tuple[Exposure, ...] = ()
    trips: tuple[Trip, ...] = ()
    kill_switch: Trip | None = None

    @property
    def total_capital(self) -> Decimal:
        with localcontext(EXACT):
            return sum((e.total for e in self.exposures), ZERO)

    def venue_capital(self, venue: Venue) -> Decimal:
        with localcontext(EXACT):
            return sum((e.on(venue) for e in self.exposures), ZERO)

    def event_exposure(self, event_id: str) -> Decimal:
        with localcontext(EXACT):
            return sum((e.total for e in self.exposures if e.event_id == event_id), ZERO)

    def category_exposure(self, category: str) -> Decimal:
        with localcontext(EXACT):
            return sum((e.total for e in self.exposures if e.category == category), ZERO)


@dataclass(frozen=True, slots=True)
class TradeTicket:
    """A trade about to be sent: its size, the capital it would tie up per venue, what it is
    exposed to, and how many orders it sends."""

    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    contracts: Decimal
    capital: Mapping[Venue, Decimal]
    event_id: str | None
    category: str | None
    orders: int

    @property
    def total(self) -> Decimal:
        with localcontext(EXACT):
            return sum(self.capital.values(), ZERO)


#: Venue prices and sizes have at most six decimal places each, so what a leg paid has at most
#: twelve: rebuilt from its 28-digit average price, it is exact once rounded to this grid.
_PAID_GRID = Decimal("1e-12")


def spread_capital(spread: Spread, sets: int) -> dict[Venue, Decimal]:
    """The capital ``sets`` of ``spread`` would tie up on each venue, at the prices and fees it
    was found at, each rounded up to the cent.

    A share of a spread's cost is a quotient (a fee of $0.12 over 7 contracts is $0.0171428...
    each), so the exact share is not always a finite decimal; rounding it up to the cent gives the
    figure a person reads in a refusal, and never understates what the limits are checked against."""
    if spread.kind is OpportunityKind.CROSS_VENUE:
        totals = {
            Venue.KALSHI: spread.kalshi_fee + _paid(spread.kalshi_avg_price, spread.contracts),
            Venue.POLYMARKET: spread.polymarket_fee + _paid(spread.polymarket_avg_price, spread.contracts),
        }
    else:
        venue = Venue.KALSHI if spread.kind is OpportunityKind.KALSHI_YES_NO else Venue.POLYMARKET
        totals = {venue: spread.cost}
    with localcontext(EXACT):
        shares = {venue: total * sets for venue, total in totals.items()}
    return {venue: ceil_to_cent(QUOTIENT.divide(share, spread.contracts)) for venue, share in shares.items()}


def _paid(average: Decimal | None, contracts: Decimal) -> Decimal:
    if average is None:
        return ZERO
    return QUOTIENT.multiply(average, contracts).quantize(_PAID_GRID, context=QUOTIENT).normalize(QUOTIENT)


@dataclass(frozen=True, slots=True)
class TradeRecord:
    """What a trade did, as the breaker books it: the capital it still holds per venue, the
    volume and orders it sent, the PnL realized inside it (an unwind's loss), its slippage per
    set, and whether it is over (``closed``: unwound, or never filled; an unwound trade may still
    hold a fraction of a share, whose capital stays counted until its pair settles)."""

    opportunity_id: str
    signal_kind: SignalKind
    pair_key: str
    capital: Mapping[Venue, Decimal]
    volume: Decimal
    orders_sent: int
    realized_pnl: Decimal
    slippage_per_set: Decimal | None
    filled: bool
    closed: bool
    event_id: str | None
    category: str | None


def sent_orders(result: TradeResult) -> int:
    """The orders of a trade that reached a venue (a rejected one never left)."""
    return sum(1 for order in result.orders if order.status is not OrderStatus.REJECTED)


def trade_record(result: TradeResult) -> TradeRecord:
    """The breaker's view of one executed trade."""
    sent = sent_orders(result)
    capital = result.capital_by_venue()
    return TradeRecord(
        result.opportunity_id, result.signal_kind, result.pair_key, capital, result.volume, sent,
        result.realized_pnl, result.slippage_per_set, bool(result.fills),
        result.outcome in (TradeOutcome.UNWOUND, TradeOutcome.NOT_TRADED),
        result.event_id, result.category,
    )


@dataclass(frozen=True, slots=True)
class RiskDecision:
    """``allowed``: may the trade go out. ``trips``: the breaches this call recorded (to store).
    ``reasons``: why it was refused, in a trader's words. ``state``: the breaker afterwards."""

    allowed: bool
    state: RiskState
    trips: tuple[Trip, ...] = ()
    reasons: tuple[str, ...] = ()


def _today(now: datetime) -> date:
    return now.astimezone(UTC).date()


def _advance(state: RiskState, now: datetime) -> RiskState:
    """The state at ``now``: expired trips dropped, order times older than a minute forgotten,
    and the daily counters started again on a new UTC day."""
    state = replace(
        state,
        trips=tuple(trip for trip in state.trips if trip.active(now)),
        order_times=tuple(t for t in state.order_times if now - t < _MINUTE),
    )
    if state.day != _today(now):
        state = replace(state, day=_today(now), realized_today=ZERO, trades_today=0, volume_today=ZERO)
    return state


def halt_reasons(state: RiskState, now: datetime) -> tuple[str, ...]:
    """Why trading is halted at ``now`` (empty when it is not)."""
    reasons = []
    if state.kill_switch is not None:
        reasons.append(f"kill switch engaged at {state.kill_switch.tripped_at.isoformat()}: {state.kill_switch.reason}")
    for trip in state.trips:
        if trip.active(now):
            until = trip.until.isoformat() if trip.until else "a manual reset"
            reasons.append(f"halted by {trip.kind} until {until}: {trip.reason}")
    return tuple(reasons)


def _trip(limits: RiskLimits, kind: LimitKind, reason: str, now: datetime) -> Trip:
    return Trip(kind, reason, now, now + limits.cooldown_for(kind))


def _breaches(state: RiskState, ticket: TradeTicket, limits: RiskLimits) -> list[tuple[LimitKind, str]]:
    found: list[tuple[LimitKind, str]] = []
    total = ticket.total
    with localcontext(EXACT):
        if ticket.contracts > limits.max_position_contracts:
            found.append((LimitKind.POSITION_SIZE,
                          f"{show(ticket.contracts)} contracts > max position {show(limits.max_position_contracts)}"))
        if total > limits.max_capital_per_trade:
            found.append((LimitKind.CAPITAL_PER_TRADE,
                          f"${show(total)} for one trade > max ${show(limits.max_capital_per_trade)}"))
        if state.total_capital + total > limits.max_total_capital:
            found.append((LimitKind.TOTAL_CAPITAL, f"${show(state.total_capital)} deployed + ${show(total)} > max "
                                                   f"${show(limits.max_total_capital)}"))
        for venue, amount in sorted(ticket.capital.items()):
            held = state.venue_capital(venue)
            if held + amount > limits.max_venue_capital:
                found.append((LimitKind.VENUE_CAPITAL,
                              f"${show(held)} on {venue} + ${show(amount)} > max "
                              f"${show(limits.max_venue_capital)} a venue"))
        if ticket.event_id is not None:
            held = state.event_exposure(ticket.event_id)
            if held + total > limits.max_event_exposure:
                found.append((LimitKind.EVENT_EXPOSURE, f"${show(held)} on event {ticket.event_id} + "
                                                        f"${show(total)} > max ${show(limits.max_event_exposure)}"))
        if ticket.category is not None:
            held = state.category_exposure(ticket.category)
            if held + total > limits.max_category_exposure:
                found.append((LimitKind.CATEGORY_EXPOSURE, f"${show(held)} on {ticket.category} + ${show(total)} > max "
                                                           f"${show(limits.max_category_exposure)}"))
        if state.trades_today + 1 > limits.max_trades_per_day:
            found.append((LimitKind.TRADES_PER_DAY,
                          f"trade {state.trades_today + 1} today > max {limits.max_trades_per_day}"))
        if state.volume_today + total > limits.max_volume_per_day:
            found.append((LimitKind.VOLUME_PER_DAY, f"${show(state.volume_today)} traded today + ${show(total)} > max "
                                                    f"${show(limits.max_volume_per_day)}"))
        if len(state.order_times) + ticket.orders > limits.max_orders_per_minute:
            found.append((LimitKind.ORDERS_PER_MINUTE, f"{len(state.order_times)} orders in the last minute + "
                                                       f"{ticket.orders} > max {limits.max_orders_per_minute}"))
    found.extend(_standing_breaches(state, limits))
    return found


def _standing_breaches(state: RiskState, limits: RiskLimits) -> list[tuple[LimitKind, str]]:
    """Breaches that stand whatever the next trade is: the day's loss, the run of losses."""
    found = []
    if state.realized_today <= -limits.daily_loss_limit:
        found.append((LimitKind.DAILY_LOSS,
                      f"${show(-state.realized_today)} lost today >= limit ${show(limits.daily_loss_limit)}"))
    if state.consecutive_losses >= limits.max_consecutive_losses:
        found.append((LimitKind.CONSECUTIVE_LOSSES,
                      f"{state.consecutive_losses} losing trades in a row >= max {limits.max_consecutive_losses}"))
    return found


def check_trade(state: RiskState, ticket: TradeTicket, limits: RiskLimits, now: datetime) -> RiskDecision:
    """May ``ticket`` go out at ``now``? Refused while halted (no new trip); otherwise every
    limit it would breach trips, and a trip halts this and every later trade."""
    state = _advance(state, now)
    halted = halt_reasons(state, now)
    if halted:
        return RiskDecision(False, state, (), halted)
    trips = tuple(_trip(limits, kind, reason, now) for kind, reason in _breaches(state, ticket, limits))
    if trips:
        state = replace(state, trips=state.trips + trips)
        return RiskDecision(False, state, trips, tuple(f"{trip.kind}: {trip.reason}" for trip in trips))
    return RiskDecision(True, state)


def _book_outcome(state: RiskState, realized: Decimal) -> RiskState:
    """A trade that closed: its PnL counts today, and a loss extends the run (a gain ends it)."""
    with localcontext(EXACT):
        state = replace(state, realized_today=state.realized_today + realized)
    if realized < 0:
        return replace(state, consecutive_losses=state.consecutive_losses + 1)
    if realized > 0:
        return replace(state, consecutive_losses=0)
    return state


def _after(state: RiskState, limits: RiskLimits, now: datetime,
           extra: list[tuple[LimitKind, str]]) -> RiskDecision:
    breaches = extra + _standing_breaches(state, limits)
    active = {trip.kind for trip in state.trips}
    trips = tuple(_trip(limits, kind, reason, now) for kind, reason in breaches if kind not in active)
    return RiskDecision(True, replace(state, trips=state.trips + trips), trips,
                        tuple(f"{trip.kind}: {trip.reason}" for trip in trips))


def record_trade(state: RiskState, record: TradeRecord, limits: RiskLimits, now: datetime) -> RiskDecision:
    """Book a trade that went out: its orders, volume and held capital; a closed (unwound) trade
    books its PnL. Trips on slippage beyond the limit, on the day's loss and on a run of
    losses, halting the trades that follow. ``allowed`` is always True here: the trade is done."""
    state = _advance(state, now)
    with localcontext(EXACT):
        if record.filled:
            state = replace(state, trades_today=state.trades_today + 1,
                            volume_today=state.volume_today + record.volume)
        state = replace(state, order_times=state.order_times + (now,) * record.orders_sent)
        if any(amount > 0 for amount in record.capital.values()):
            capital = tuple(sorted((venue, amount) for venue, amount in record.capital.items() if amount > 0))
            state = replace(state, exposures=state.exposures + (
                Exposure(record.opportunity_id, record.signal_kind, record.pair_key, capital, record.event_id,
                         record.category),))
    if record.closed and record.filled:
        state = _book_outcome(state, record.realized_pnl)
    elif record.realized_pnl:
        with localcontext(EXACT):
            state = replace(state, realized_today=state.realized_today + record.realized_pnl)
    extra = []
    if record.slippage_per_set is not None and record.slippage_per_set > limits.max_slippage:
        extra.append((LimitKind.SLIPPAGE, f"trade {record.opportunity_id} filled {show(record.slippage_per_set)} a set "
                                          f"above its quote > max {show(limits.max_slippage)}"))
    return _after(state, limits, now, extra)


def close_pair(state: RiskState, signal_kind: SignalKind, pair_key: str, realized_pnl: Decimal, limits: RiskLimits,
               now: datetime, *, exit_volume: Decimal | None = None, exit_orders: int = 0) -> RiskDecision:
    """A pair settled or was exited: release every exposure it held and book its realized PnL
    (the rest of it: what its trades did not realize already) as one trade outcome. An early
    exit (``exit_volume`` dollars sold in ``exit_orders`` orders) is a trade sent to the venues: it
    counts in the day's trades and volume and its orders in the per-minute rate, as an entry
    does; a settlement sends nothing."""
    state = _advance(state, now)
    if exit_volume is not None:
        with localcontext(EXACT):
            state = replace(state, trades_today=state.trades_today + 1, volume_today=state.volume_today + exit_volume,
                            order_times=state.order_times + (now,) * exit_orders)
    kept = tuple(e for e in state.exposures if not (e.signal_kind is signal_kind and e.pair_key == pair_key))
    state = _book_outcome(replace(state, exposures=kept), realized_pnl)
    return _after(state, limits, now, [])


def engage_kill_switch(state: RiskState, reason: str, now: datetime) -> RiskState:
    """Halt all trading until an operator releases the switch; the reason is recorded."""
    return replace(state, kill_switch=Trip(LimitKind.KILL_SWITCH, reason, now, None))


def release_kill_switch(state: RiskState) -> RiskState:
    return replace(state, kill_switch=None)


def manual_reset(state: RiskState) -> RiskState:
    """An operator clears every trip (not the kill switch, which has its own release) and the
    run of losses; today's counters stay, so a limit still breached trips again on the next
    trade."""
    return replace(state, trips=(), consecutive_losses=0)
