"""Paper trading on the streamer's raw venue frames: live (``arb-pipeline streamer --paper-trade``)
and in a backtest (``arb-pipeline backtest``), one piece of code, so that replaying a recording
reaches the live run's trades exactly (docs/streamer.md#recording-and-backtest).

A :class:`StreamPaperSession` hears every frame in the order the streamer handled it, with the
time it was received. It keeps books of its own, rebuilt from those frames alone by the venue
clients' own decoders (:class:`KalshiBooks`, :class:`PolymarketBooks`), evaluates the pairs a
changed book touches with the streamer's :class:`LiveEvaluator` (the batch scan's walker, fees
and thresholds), and trades with the batch paper trader's :func:`trade_spread` (sizing, circuit
breaker, :func:`execute_arbitrage`). Every time it uses is a frame's receive time, never the
clock, and nothing it decides depends on how the event loop batched the frames: the same frames
make the same trades.

Decision latency: an opportunity found on one state of the books is traded on the next state of
the books its pair reads, i.e. after the next frame that changes one of them (before that frame's
own evaluation); every leg fills on that state. Books the streamer fetched over REST (a
watchdog's snapshot, a Polymarket resync after a reconnect) are not in the frames, so the session
waits for the venue's next snapshot on the socket: a replay could not see them either.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Protocol

from arb_pipeline.app.paper_trading import (
    TradeLedger,
    TradingRun,
    WarehouseLedger,
    apply_switch,
    kill_switch_reason,
    trade_spread,
)
from arb_pipeline.config import ScanSettings, TradingSettings
from arb_pipeline.domain.books import time_ns
from arb_pipeline.domain.models import KalshiOrderBook, MatchedPair, OrderBook, Spread, Venue
from arb_pipeline.domain.opportunity_events import OpportunityEvent
from arb_pipeline.domain.spreads import index_books
from arb_pipeline.domain.trading import (
    Instrument,
    MarketState,
    RiskState,
    SignalKind,
    TradeResult,
    Trip,
    best_bid,
    opportunity_id,
)
from arb_pipeline.streamer.evaluation import LiveEvaluator
from arb_pipeline.streamer.kalshi_feed import kalshi_best_ask
from arb_pipeline.streamer.polymarket_feed import token_best_ask
from arb_pipeline.streamer.manifest import Manifest
from arb_pipeline.streamer.pairs import WatchSet, pair_instruments, pair_key
from arb_pipeline.venues.kalshi.constants import KalshiChannel
from arb_pipeline.venues.kalshi.parsing.markets import SeriesFeeChange
from arb_pipeline.venues.kalshi.ws_books import KalshiBooks
from arb_pipeline.venues.polymarket.ws_books import PolymarketBooks
from arb_pipeline.venues.stream import UpdateKind
from arb_pipeline.warehouse import Warehouse, trading
from arb_pipeline.warehouse.trading import TradeContext, risk_state_json

log = logging.getLogger(__name__)

#: The channels the streamer's Kalshi feed subscribes, in its order: the session's subscription
#: commands must carry the same ids as the feed's for the venue's answers to map back.
KALSHI_CHANNELS = (KalshiChannel.ORDERBOOK_DELTA, KalshiChannel.MARKET_LIFECYCLE)
#: Settings a paper session is recorded with: the ``TRADING_*`` environment variables.
TRADING_PREFIX = "TRADING_"

Book = KalshiOrderBook | OrderBook


def trading_env(env: Mapping[str, str]) -> dict[str, str]:
    """The ``TRADING_*`` variables of ``env``: what :meth:`TradingSettings.from_env` reads."""
    return {name: value for name, value in sorted(env.items()) if name.startswith(TRADING_PREFIX)}


def receive_time(received_ns: int) -> datetime:
    """A frame's receive time as the session's clock (microseconds, as datetimes hold)."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=received_ns // 1000)


class _FrameFeed:
    """One venue's books as the evaluation reads them (:class:`BookFeed`): live when a snapshot
    made them and a frame changed or confirmed that book itself within ``stale_s`` (the
    streamer's rule, docs/streamer.md#the-service: one token's subscription can die while its
    connection stays busy with others, so the venue's other frames prove nothing about it),
    current up to the frame being handled (as :meth:`Feed.book` takes a live book). ``best_ask``
    reads the live book for the evaluation's pre-screen as the streamer's feeds do; a stale book
    still answers it, as the screen only skips pairs that cannot open and the evaluation refuses
    stale books itself."""

    def __init__(self, freeze: Callable[[str], Book | None], best_ask: Callable[[str, str | None], Decimal | None],
                 stale_s: float) -> None:
        self._freeze = freeze
        self.best_ask = best_ask
        self._stale = timedelta(seconds=stale_s)
        self._frozen: dict[str, Book] = {}
        #: When a frame last changed or confirmed each book (a snapshot counts even when it
        #: repeats the book): the book's own clock for staleness.
        self.changed_at: dict[str, datetime] = {}

    def changed(self, instrument: str, at: datetime) -> None:
        self.changed_at[instrument] = at
        self._frozen.pop(instrument, None)

    def book(self, instrument: str, observed_at: datetime) -> Book | None:
        changed_at = self.changed_at.get(instrument)
        if changed_at is None or observed_at - changed_at >= self._stale:
            return None
        frozen = self._frozen_book(instrument)
        return None if frozen is None else replace(frozen, received_ts=observed_at, venue_ts=None)

    def _frozen_book(self, instrument: str) -> Book | None:
        frozen = self._frozen.get(instrument)
        if frozen is None:
            frozen = self._freeze(instrument)
            if frozen is not None:
                self._frozen[instrument] = frozen
        return frozen

    def times(self, instrument: str) -> tuple[datetime | None, datetime | None]:
        return None, self.changed_at.get(instrument)


class SessionLedger(TradeLedger, Protocol):
    def save_risk_state(self, state: RiskState, at: datetime) -> None: ...


@dataclass
class MemoryLedger:
    """A backtest's ledger: every trade, refusal and trip kept in memory, nothing written to the
    warehouse (whose trading tables belong to live paper runs)."""

    trades: list[TradeResult] = field(default_factory=list)
    refusals: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    trips: list[Trip] = field(default_factory=list)
    state: RiskState = field(default_factory=RiskState)

    def record_trips(self, trips: Sequence[Trip], opportunity_id: str | None) -> None:
        self.trips.extend(trips)

    def record_refusal(self, opportunity_id: str, signal_kind: SignalKind, pair_key: str, legs: Sequence[Instrument],
                       target: int, reasons: Sequence[str], context: TradeContext, *, decided_at: datetime,
                       event_id: str | None = None, category: str | None = None, outcome: str = "refused") -> None:
        self.refusals.append((opportunity_id, outcome, tuple(reasons)))

    def record_trade(self, result: TradeResult, context: TradeContext, *, decided_at: datetime) -> bool:
        if any(trade.opportunity_id == result.opportunity_id for trade in self.trades):
            return False
        self.trades.append(result)
        return True

    def save_risk_state(self, state: RiskState, at: datetime) -> None:
        self.state = state

    @contextmanager
    def open(self) -> Iterator[MemoryLedger]:
        yield self


def warehouse_ledgers(store: Warehouse) -> Callable[[], AbstractContextManager[SessionLedger]]:
    """A live session's ledger: each trade in a transaction of its own, holding the breaker's
    row lock while it is written."""

    @contextmanager
    def open_ledger() -> Iterator[SessionLedger]:
        with store.transaction() as connection:
            trading.lock_risk_state(connection, datetime.now(UTC), schema=store.schema)
            yield WarehouseLedger(connection, store.schema)

    return open_ledger


class StreamPaperSession:
    """Paper-trades the opportunities the frames reveal (a :class:`FrameTap` of the streamer).

    ``state``: the circuit breaker's state at the start. The session keeps it from then on and
    saves it with every trade, so a replay starting from the same state decides the same way;
    batch paper-trading runs while a session runs are not seen by it. ``kill_switch``: why
    trading is halted now (the live kill switch), or None."""

    def __init__(self, settings: TradingSettings, scan: ScanSettings, state: RiskState,
                 open_ledger: Callable[[], AbstractContextManager[SessionLedger]], *, stale_s: float,
                 kill_switch: Callable[[], str | None] | None = None) -> None:
        self.settings = settings
        self.state = state
        self.run = TradingRun()
        self._open_ledger = open_ledger
        self._kill_switch = kill_switch
        self._stale_s = stale_s
        self.now: datetime | None = None
        self.frames = 0
        self.evaluator = LiveEvaluator(scan.thresholds(), self._on_event, clock=self._clock, on_open=self._on_open)
        self.kalshi: KalshiBooks | None = None
        self.polymarket = PolymarketBooks(None, 1)
        self._feeds = {
            "kalshi": _FrameFeed(self._kalshi_book, self._kalshi_best_ask, stale_s),
            "polymarket": _FrameFeed(self._polymarket_book,
                                     lambda token, side: token_best_ask(self.polymarket.books.get(token)), stale_s),
        }
        self._pairs: dict[tuple[str, str], MatchedPair] = {}
        self._fee_changes: list[SeriesFeeChange] = []
        self._fees_due: datetime | None = None
        #: Opportunities found and not traded yet, in the order found: (spread, books it reads).
        self._pending: dict[str, tuple[Spread, frozenset[str]]] = {}

    # --- FrameTap ---------------------------------------------------------------------------

    def begin(self, watch: WatchSet, started_ns: int) -> None:
        self.now = receive_time(started_ns)
        self.evaluator.set_watch(watch, self._feeds["kalshi"], self._feeds["polymarket"])
        self._pairs = {pair_key(pair): pair for pair in watch.pairs}
        tickers = watch.kalshi_tickers
        if tickers:
            self.kalshi = KalshiBooks(tickers, KALSHI_CHANNELS, resync_timeout_s=5.0)
            # The commands of the feed's first connection, so the venue's answers map back.
            self.kalshi.start_session()
            self.kalshi.outbox.clear()
        self.polymarket.accept(watch.polymarket_tokens)
        log.info("paper session: %d pairs, %d kalshi markets, %d polymarket tokens", len(watch.pairs), len(tickers),
                 len(watch.polymarket_tokens))

    def frame(self, venue: str, text: str, received_ns: int) -> None:
        at = self.now = receive_time(received_ns)
        self.frames += 1
        if self._fee_changes:
            self._apply_due_fees(at)
        feed = self._feeds[venue]
        changed: list[str] = []
        fees = []
        if venue == "kalshi":
            if self.kalshi is None:
                return
            update = self.kalshi.apply_frame(text)
            # The streamer's own client sends what the venue needs; these books only listen.
            self.kalshi.outbox.clear()
            if update is not None:
                if update.kind is UpdateKind.FEES:
                    fees.append(self.kalshi.fee_overrides[update.instrument_id])
                elif update.kind in (UpdateKind.SNAPSHOT, UpdateKind.DELTA):
                    changed.append(update.instrument_id)
        else:
            changed.extend(u.instrument_id for u in self.polymarket.apply_frame(text)
                           if u.kind in (UpdateKind.SNAPSHOT, UpdateKind.DELTA))
        for instrument in changed:
            feed.changed(instrument, at)
        if changed and self._pending:
            self._trade_due(set(changed), at)
        if changed:
            self.evaluator.on_books_changed(dict.fromkeys(changed, time_ns(at)))
        for update in fees:
            self.evaluator.apply_fee_update(update)

    def fee_changes(self, changes: Sequence[SeriesFeeChange], received_ns: int) -> None:
        self.now = receive_time(received_ns)
        self._fee_changes = list(changes)
        self._fees_due = None
        self._apply_due_fees(self.now)

    def _apply_due_fees(self, at: datetime) -> None:
        """The scheduled series fee changes due by ``at``, applied by the evaluation (its markets
        are the ones trades fill with); checked again at the next change's time."""
        if not self._fee_changes or (self._fees_due is not None and self._fees_due > at):
            return
        self.evaluator.apply_series_fees(self._fee_changes, at)
        self._fees_due = min((c.scheduled_at for c in self._fee_changes if c.scheduled_at > at), default=None)

    def close(self) -> None:
        if self._pending:
            log.info("paper session: %d opportunities found but never traded (no later book change)",
                     len(self._pending))

    # --- deciding -----------------------------------------------------------------------------

    def _clock(self) -> datetime:
        assert self.now is not None
        return self.now

    def _on_event(self, event: OpportunityEvent, received_ns: int | None) -> None:
        log.debug("paper session: opportunity %s %s", event.event_type.value, event.key.describe())

    def _on_open(self, spread: Spread) -> None:
        # Every spread the evaluation makes is of a watched pair, under the pair's own key.
        pair = self._pairs[spread.kalshi_ticker or "", spread.polymarket_market_id or ""]
        self._pending[opportunity_id(spread)] = (spread, frozenset(pair_instruments(pair)))

    def _trade_due(self, changed: set[str], at: datetime) -> None:
        due = [(oid, spread, books) for oid, (spread, books) in self._pending.items() if books & changed]
        for oid, spread, books in due:
            del self._pending[oid]
            entry = MarketState(self._books(books, at), at)
            context = TradeContext(None, None, None, self.settings.profile.name.value, at)
            with self._open_ledger() as ledger:
                state = apply_switch(self.state, None if self._kill_switch is None else self._kill_switch(), at)
                state = trade_spread(ledger, self.settings, self.evaluator.markets, state, oid, spread, context,
                                     entry, entry, self.run)
                ledger.save_risk_state(state, at)
            self.state = state

    def _books(self, instruments: frozenset[str], at: datetime) -> dict[str, Book]:
        kalshi, tokens = [], []
        for instrument in sorted(instruments):
            for venue, feed in self._feeds.items():
                book = feed.book(instrument, at) if instrument in feed.changed_at else None
                if book is not None:
                    (kalshi if venue == "kalshi" else tokens).append(book)
        return index_books(kalshi, tokens)  # type: ignore[arg-type]

    def _kalshi_book(self, ticker: str) -> Book | None:
        books = self.kalshi
        if books is None or not books.is_synced(ticker) or ticker not in books.books:
            return None
        return books.books[ticker].to_order_book()

    def _kalshi_best_ask(self, ticker: str, side: str | None) -> int | None:
        return kalshi_best_ask(None if self.kalshi is None else self.kalshi.books.get(ticker), side)

    def _polymarket_book(self, token: str) -> Book | None:
        live = self.polymarket.books.get(token)
        return None if live is None else live.to_order_book()

    # --- what it holds ------------------------------------------------------------------------

    def best_bids(self, instruments: Sequence[Instrument]) -> dict[str, Decimal | None]:
        """The best bid of each instrument on the books as the last frame left them."""
        if self.now is None:
            return {}
        books = self._books(frozenset(i.market_id if i.venue is Venue.KALSHI else i.outcome for i in instruments),
                            self.now)
        return {i.key: best_bid(books, i) for i in instruments}

    def manifest(self, scan: ScanSettings, env: Mapping[str, str]) -> Manifest:
        """What a recording of this session needs beyond its frames (the watch set comes at
        :meth:`begin`)."""
        return Manifest(0, WatchSet(), scan, trading_env(env), risk_state_json(self.state))


def live_session(store: Warehouse, settings: TradingSettings, scan: ScanSettings, *, stale_s: float) -> StreamPaperSession:
    """A session trading into the warehouse, from the breaker's stored state, halted by the
    kill switch (its row or its file)."""
    with store.transaction() as connection:
        state = trading.lock_risk_state(connection, datetime.now(UTC), schema=store.schema)

    def kill_switch() -> str | None:
        with store.transaction() as connection:
            return kill_switch_reason(connection, settings, store.schema)

    return StreamPaperSession(settings, scan, state, warehouse_ledgers(store), stale_s=stale_s, kill_switch=kill_switch)
