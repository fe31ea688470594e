"""Paper-trading the scan's opportunities: what the ``paper_orders`` and ``fills`` assets run.

An opportunity found in snapshot S is traded on later books, never on the ones that found it
(decision latency): its first leg fills on the snapshot ``entry_delay_snapshots`` after S, the
other legs (and any unwind) ``hedge_delay_snapshots`` after that. An opportunity whose later
snapshots do not exist yet waits; one already decided (traded, refused, or not tradable) is never
tried again: the warehouse keys trades by the opportunity's id.

Every trade first passes the circuit breaker (:mod:`arb_pipeline.domain.trading.risk`), whose
state lives in the warehouse under a row lock held for the whole run, so two runs at once take
turns. The kill switch (``arb-pipeline halt``, or the file ``TRADING_KILL_SWITCH_FILE``) halts
everything until released.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal, localcontext
from typing import Protocol

from sqlalchemy.engine import Connection

from arb_pipeline.app.early_exits import exit_pairs
from arb_pipeline.config import TradingSettings
from arb_pipeline.domain.fees import EXACT, QUOTIENT
from arb_pipeline.domain.models import Market, Spread, Venue
from arb_pipeline.domain.spreads import index_books, index_markets
from arb_pipeline.domain.trading import (
    ArbitrageIntent,
    ExecutionConfig,
    IntentError,
    MarketState,
    RiskState,
    SignalKind,
    Instrument,
    TradeResult,
    TradeTicket,
    Trip,
    arbitrage_intent,
    check_trade,
    engage_kill_switch,
    ValueIntent,
    execute_arbitrage,
    execute_value_bet,
    opportunity_id,
    pair_key,
    record_trade,
    release_kill_switch,
    spread_capital,
    trade_record,
)
from arb_pipeline.warehouse import Warehouse, sportsbook, trading
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.quotes import read_snapshot_books
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities
from arb_pipeline.warehouse.trading import TradeContext

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Snapshot:
    snapshot_id: str
    taken_at: datetime


@dataclass
class TradingRun:
    """What one run decided: outcomes by opportunity, the trips it recorded, the opportunities
    left waiting for later books, and why anything was not traded."""

    outcomes: Counter[str] = field(default_factory=Counter)
    trades: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    trips: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)


def snapshot_state(store: Warehouse, snapshot: Snapshot) -> MarketState:
    """The books of one snapshot as they stood when it was complete (its last book's receive
    time): the moment an order sent on that snapshot's decision would meet them."""
    books = read_snapshot_books(store, snapshot.snapshot_id)
    indexed = index_books(books.kalshi.values(), books.polymarket.values())
    received = [book.received_ts for book in (*books.kalshi.values(), *books.polymarket.values())]
    return MarketState(indexed, max(received, default=snapshot.taken_at))


def kill_switch_reason(connection: Connection, settings: TradingSettings, schema: str) -> str | None:
    """Why the kill switch is engaged (its row, or its file), or None."""
    switch = trading.load_kill_switch(connection, schema=schema)
    if switch is not None and switch.engaged:
        return f"{switch.reason} (by {switch.changed_by} at {switch.changed_at.isoformat()})"
    path = settings.kill_switch_file
    if path is not None and path.exists():
        return f"kill-switch file {path} exists"
    return None


def apply_switch(state: RiskState, reason: str | None, now: datetime) -> RiskState:
    if reason is None:
        return release_kill_switch(state) if state.kill_switch is not None else state
    return engage_kill_switch(state, reason, now) if state.kill_switch is None else state


def _sized(spread: Spread, settings: TradingSettings) -> int:
    """Sets to ask for: the spread's size, capped by the position limit and by what the
    capital-per-trade limit buys at the quoted cost."""
    limits = settings.limits
    per_set = QUOTIENT.divide(spread.cost, spread.contracts)
    affordable = QUOTIENT.divide(limits.max_capital_per_trade, per_set).to_integral_value(rounding=ROUND_FLOOR)
    cap = min(affordable, limits.max_position_contracts.to_integral_value(rounding=ROUND_FLOOR))
    return max(0, int(min(spread.contracts.to_integral_value(rounding=ROUND_FLOOR), cap)))


@dataclass(frozen=True, slots=True)
class _Books:
    found: Snapshot
    entry: Snapshot
    hedge: Snapshot
    entry_state: MarketState
    hedge_state: MarketState


class PaperTrader:
    """Trades the opportunities of stored snapshots under ``settings`` into ``store``."""

    def __init__(self, store: Warehouse, settings: TradingSettings) -> None:
        self.store = store
        self.settings = settings
        self._markets: dict[str, Market] | None = None

    @property
    def markets(self) -> dict[str, Market]:
        if self._markets is None:
            self._markets = index_markets(read_markets(self.store, Venue.KALSHI) + read_markets(self.store, Venue.POLYMARKET))
        return self._markets

    def later_snapshots(self, connection: Connection, found: Snapshot) -> list[Snapshot]:
        wanted = self.settings.entry_delay_snapshots + self.settings.hedge_delay_snapshots
        rows = trading.snapshots_after(connection, found.taken_at, wanted, schema=self.store.schema)
        return [Snapshot(snapshot_id, taken_at) for snapshot_id, taken_at in rows]

    def _books(self, connection: Connection, found: Snapshot) -> _Books | None:
        later = self.later_snapshots(connection, found)
        entry_index = self.settings.entry_delay_snapshots - 1
        hedge_index = entry_index + self.settings.hedge_delay_snapshots
        if len(later) <= hedge_index:
            return None
        entry, hedge = later[entry_index], later[hedge_index]
        entry_state = snapshot_state(self.store, entry)
        hedge_state = entry_state if hedge == entry else snapshot_state(self.store, hedge)
        return _Books(found, entry, hedge, entry_state, hedge_state)

    def run(self, found_snapshots: Sequence[Snapshot], now: datetime, *, value_bets: bool = True) -> TradingRun:
        """Trade every undecided opportunity of ``found_snapshots`` whose later books exist (and,
        with ``value_bets``, every flagged sportsbook value signal whose next books exist), in
        one transaction holding the breaker's lock."""
        run = TradingRun()
        schema = self.store.schema
        with self.store.transaction() as connection:
            state = trading.lock_risk_state(connection, now, schema=schema)
            state = apply_switch(state, kill_switch_reason(connection, self.settings, schema), now)
            for found in sorted(found_snapshots, key=lambda s: (s.taken_at, s.snapshot_id)):
                spreads = read_snapshot_opportunities(self.store, found.snapshot_id)
                ids = {opportunity_id(spread): spread for spread in spreads}
                decided = trading.decided_opportunities(connection, ids, schema=schema)
                pending = [(oid, spread) for oid, spread in ids.items() if oid not in decided]
                if not pending:
                    continue
                books = self._books(connection, found)
                if books is None:
                    run.waiting.extend(oid for oid, _ in pending)
                    continue
                for oid, spread in pending:
                    state = self._trade(connection, state, oid, spread, books, run)
            if value_bets:
                state = trade_value_bets(self, connection, state, run)
            state = self._exit(connection, state, run)
            trading.save_risk_state(connection, state, now, schema=schema)
        return run

    def _exit(self, connection: Connection, state: RiskState, run: TradingRun) -> RiskState:
        """Early exits on the latest snapshot, when any pair is held."""
        latest = trading.latest_snapshot(connection, schema=self.store.schema)
        if latest is None:
            return state

        def exited(result: TradeResult) -> None:
            run.outcomes[result.outcome.value] += 1
            run.trades.append(result.opportunity_id)

        snapshot = Snapshot(*latest)
        return exit_pairs(connection, self.store.schema, self.settings, self.markets, state,
                          snapshot_state(self.store, snapshot), snapshot.snapshot_id, exited)

    def _context(self, books: _Books, at: datetime) -> TradeContext:
        return TradeContext(books.found.snapshot_id, books.entry.snapshot_id, books.hedge.snapshot_id,
                            self.settings.profile.name.value, at)

    def _trade(self, connection: Connection, state: RiskState, oid: str, spread: Spread, books: _Books,
               run: TradingRun) -> RiskState:
        ledger = WarehouseLedger(connection, self.store.schema)
        return trade_spread(ledger, self.settings, self.markets, state, oid, spread, self._context(books, books.hedge_state.at),
                            books.entry_state, books.hedge_state, run)

    def gate(self, connection: Connection, state: RiskState, ticket: TradeTicket, legs: Sequence[Instrument],
             context: TradeContext, decided_at: datetime, now: datetime, run: TradingRun) -> tuple[RiskState, bool]:
        return gate(WarehouseLedger(connection, self.store.schema), self.settings, state, ticket, legs, context,
                    decided_at, now, run)

    def book(self, connection: Connection, state: RiskState, result: TradeResult, context: TradeContext,
             decided_at: datetime, at: datetime, run: TradingRun) -> RiskState:
        return book(WarehouseLedger(connection, self.store.schema), self.settings, state, result, context, decided_at,
                    at, run)


class TradeLedger(Protocol):
    """Where a trading run keeps what it decided: the warehouse for a live run, memory for a
    backtest (which must never write into the live trading tables)."""

    def record_trips(self, trips: Sequence[Trip], opportunity_id: str | None) -> None: ...

    def record_refusal(self, opportunity_id: str, signal_kind: SignalKind, pair_key: str, legs: Sequence[Instrument],
                       target: int, reasons: Sequence[str], context: TradeContext, *, decided_at: datetime,
                       event_id: str | None = None, category: str | None = None, outcome: str = "refused") -> None: ...

    def record_trade(self, result: TradeResult, context: TradeContext, *, decided_at: datetime) -> bool: ...


@dataclass(frozen=True, slots=True)
class WarehouseLedger:
    """The trading tables of the warehouse, in the caller's transaction."""

    connection: Connection
    schema: str

    def record_trips(self, trips: Sequence[Trip], opportunity_id: str | None) -> None:
        trading.record_trips(self.connection, trips, opportunity_id, schema=self.schema)

    def record_refusal(self, opportunity_id: str, signal_kind: SignalKind, pair_key: str, legs: Sequence[Instrument],
                       target: int, reasons: Sequence[str], context: TradeContext, *, decided_at: datetime,
                       event_id: str | None = None, category: str | None = None, outcome: str = "refused") -> None:
        trading.record_refusal(self.connection, opportunity_id, signal_kind, pair_key, legs, target, reasons, context,
                               decided_at=decided_at, event_id=event_id, category=category, outcome=outcome,
                               schema=self.schema)

    def record_trade(self, result: TradeResult, context: TradeContext, *, decided_at: datetime) -> bool:
        return trading.record_trade(self.connection, result, context, decided_at=decided_at, schema=self.schema)

    def save_risk_state(self, state: RiskState, at: datetime) -> None:
        trading.save_risk_state(self.connection, state, at, schema=self.schema)


def gate(ledger: TradeLedger, settings: TradingSettings, state: RiskState, ticket: TradeTicket,
         legs: Sequence[Instrument], context: TradeContext, decided_at: datetime, now: datetime,
         run: TradingRun) -> tuple[RiskState, bool]:
    """The circuit breaker on one trade: its trips kept, a refusal kept with its reasons."""
    decision = check_trade(state, ticket, settings.limits, now)
    ledger.record_trips(decision.trips, ticket.opportunity_id)
    run.trips.extend(f"{trip.kind}: {trip.reason}" for trip in decision.trips)
    if not decision.allowed:
        log.warning("opportunity %s refused by the circuit breaker: %s", ticket.opportunity_id,
                    "; ".join(decision.reasons))
        ledger.record_refusal(ticket.opportunity_id, ticket.signal_kind, ticket.pair_key, legs, int(ticket.contracts),
                              decision.reasons, context, decided_at=decided_at, event_id=ticket.event_id,
                              category=ticket.category)
        run.outcomes["refused"] += 1
        run.reasons.extend(decision.reasons)
    return decision.state, decision.allowed


def book(ledger: TradeLedger, settings: TradingSettings, state: RiskState, result: TradeResult,
         context: TradeContext, decided_at: datetime, at: datetime, run: TradingRun) -> RiskState:
    """Keep what a trade did and book it with the breaker."""
    booked = record_trade(state, trade_record(result), settings.limits, at)
    ledger.record_trips(booked.trips, result.opportunity_id)
    run.trips.extend(f"{trip.kind}: {trip.reason}" for trip in booked.trips)
    ledger.record_trade(result, context, decided_at=decided_at)
    run.outcomes[result.outcome.value] += 1
    run.trades.append(result.opportunity_id)
    if result.reasons:
        log.info("trade %s %s: %s", result.opportunity_id, result.outcome, "; ".join(result.reasons))
        run.reasons.extend(result.reasons)
    return booked.state


def trade_spread(ledger: TradeLedger, settings: TradingSettings, markets: Mapping[str, Market], state: RiskState,
                 oid: str, spread: Spread, context: TradeContext, entry: MarketState, hedge: MarketState,
                 run: TradingRun) -> RiskState:
    """Paper-trade one opportunity: sized under the limits, through the circuit breaker, its
    first leg filled on the ``entry`` books and the others on the ``hedge`` books (both later
    than the books that found it: the caller's decision latency)."""
    sets = _sized(spread, settings)
    try:
        if sets < 1:
            raise IntentError(f"the risk limits allow no set of {pair_key(spread)} "
                              f"(max ${settings.limits.max_capital_per_trade} a trade)")
        intent: ArbitrageIntent = arbitrage_intent(spread, markets, max_contracts=sets)
    except IntentError as exc:
        reason = f"opportunity {oid} cannot become a trade: {exc}"
        log.warning(reason)
        ledger.record_refusal(oid, SignalKind.ARBITRAGE, pair_key(spread), (), max(sets, 0), [str(exc)], context,
                              decided_at=spread.evaluated_at, outcome="not_traded")
        run.outcomes["not_traded"] += 1
        run.reasons.append(reason)
        return state
    ticket = TradeTicket(oid, SignalKind.ARBITRAGE, intent.pair_key, Decimal(intent.contracts),
                         spread_capital(spread, intent.contracts), intent.event_id, intent.category, len(intent.legs))
    state, allowed = gate(ledger, settings, state, ticket, intent.legs, context, spread.evaluated_at, entry.at, run)
    if not allowed:
        return state
    config = ExecutionConfig(min_edge=settings.profile.min_edge)
    result = execute_arbitrage(intent, markets, entry, config, hedge=hedge)
    return book(ledger, settings, state, result, context, spread.evaluated_at, hedge.at, run)


def trade_value_bets(trader: PaperTrader, connection: Connection, state: RiskState, run: TradingRun) -> RiskState:
    """Paper-trade every flagged sportsbook value signal not yet decided: one leg, on the
    snapshot taken ``entry_delay_snapshots`` after the signal was evaluated (never on the books
    that found it), sized as the signal's Kelly stake said, at prices still clearing the
    profile's minimum edge under the consensus."""
    schema = trader.store.schema
    settings = trader.settings
    for signal in sportsbook.undecided_signals(connection, schema=schema):
        later = trading.snapshots_after(connection, signal.evaluated_at, settings.entry_delay_snapshots, schema=schema)
        if len(later) < settings.entry_delay_snapshots:
            run.waiting.append(signal.signal_id)
            continue
        entry = Snapshot(*later[-1])
        entry_state = snapshot_state(trader.store, entry)
        context = TradeContext(None, entry.snapshot_id, entry.snapshot_id, settings.profile.name.value, entry_state.at)
        instrument = Instrument.kalshi(signal.kalshi_ticker, signal.side)
        intent = ValueIntent(signal.signal_id, f"value:{signal.kalshi_ticker}:{signal.side}", instrument,
                             signal.contracts, signal.consensus, settings.profile.min_edge, signal.cost_per_contract,
                             signal.evaluated_at, event_id=signal.event_id, category=signal.category)
        with localcontext(EXACT):
            capital = {Venue.KALSHI: signal.cost_per_contract * signal.contracts}
        ticket = TradeTicket(intent.opportunity_id, SignalKind.SPORTSBOOK_VALUE, intent.pair_key,
                             Decimal(intent.contracts), capital, intent.event_id, intent.category, 1)
        state, allowed = trader.gate(connection, state, ticket, (instrument,), context, signal.evaluated_at,
                                     entry_state.at, run)
        if not allowed:
            continue
        result = execute_value_bet(intent, trader.markets, entry_state, ExecutionConfig(min_edge=settings.profile.min_edge))
        state = trader.book(connection, state, result, context, signal.evaluated_at, entry_state.at, run)
    return state


def pending_snapshot_counts(store: Warehouse, since: datetime | None = None) -> list[tuple[Snapshot, int]]:
    """Snapshots holding an opportunity no trade or refusal has decided yet, oldest first, each
    with the opportunities it stores so far (more when a late scan shard has written since)."""
    with store.transaction() as connection:
        rows = trading.undecided_snapshots(connection, since, schema=store.schema)
    return [(Snapshot(snapshot_id, taken_at), stored) for snapshot_id, taken_at, stored in rows]


def pending_snapshots(store: Warehouse, since: datetime | None = None) -> list[Snapshot]:
    """Snapshots holding an opportunity no trade or refusal has decided yet, oldest first."""
    return [snapshot for snapshot, _ in pending_snapshot_counts(store, since)]


def outcome_counts(run: TradingRun) -> Mapping[str, int]:
    return dict(sorted(run.outcomes.items()))
