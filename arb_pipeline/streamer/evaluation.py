"""Live evaluation: on every book change, the pairs that book touches, walked by the batch scan's
own code (:func:`arb_pipeline.domain.spreads.evaluate_pair`: the same walker, fees, thresholds
and quality guards), and the opportunity events that result.

A book that is not live (its subscription broken, never synced, or its venue silent past the
stale limit) is left out of the evaluation, so the pair's spread says which book is missing and
no opportunity opens on it; an opportunity open on a book that goes stale is closed at once
(:meth:`LiveEvaluator.close_stale`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from arb_pipeline.domain.books import TICKS_PER_DOLLAR
from arb_pipeline.domain.fees import KalshiFeeSchedule
from arb_pipeline.domain.models import KalshiOrderBook, Market, MatchedPair, OrderBook, Spread
from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent, OpportunityTracker, QuoteTimes, SpreadKey
from arb_pipeline.domain.spreads import AskLeg, Thresholds, asks_total, evaluate_pair, pair_directions
from arb_pipeline.streamer.pairs import PairKey, WatchSet, pair_instruments, pair_key
from arb_pipeline.venues.kalshi.parsing.markets import SeriesFeeChange
from arb_pipeline.venues.kalshi.parsing.ws_messages import FeeUpdateMessage
from arb_pipeline.venues.wire import utc_now

log = logging.getLogger(__name__)

#: Called with every event the evaluation makes, and the receive time (epoch ns) of the message
#: behind it: store it, alert on it.
OnEvent = Callable[[OpportunityEvent, int | None], None]
#: Called with the spread behind every opportunity that opens (paper trading acts on it).
OnOpen = Callable[[Spread], None]


class BookFeed(Protocol):
    """Where the evaluation reads a venue's books: a live feed, or the books a replay rebuilt
    from recorded frames."""

    def book(self, instrument: str, observed_at: datetime) -> KalshiOrderBook | OrderBook | None:
        """The instrument's book current up to ``observed_at``, or None when it is not live."""

    def times(self, instrument: str) -> tuple[datetime | None, datetime | None]:
        """(venue time, receive time) of the instrument's last book change."""

    def best_ask(self, instrument: str, side: str | None) -> int | None:
        """The book's best ask in ticks of $0.0001 (a Kalshi ``side``, "yes" or "no"), or None
        when it has none or is not held: what the pre-screen (:func:`~arb_pipeline.domain.spreads.pair_has_top_edge`) reads."""


class _LiveBooks(Mapping[str, KalshiOrderBook | OrderBook]):
    """The books of one evaluation as :func:`evaluate_pair` reads them: a frozen view of each
    live book, made only when the evaluation asks for it."""

    __slots__ = ("_feed_of", "now")

    def __init__(self, feed_of: Mapping[str, BookFeed], now: datetime) -> None:
        self._feed_of = feed_of
        self.now = now

    def __getitem__(self, instrument: str) -> KalshiOrderBook | OrderBook:
        feed = self._feed_of.get(instrument)
        book = None if feed is None else feed.book(instrument, self.now)
        if book is None:
            raise KeyError(instrument)
        return book

    def __iter__(self) -> Iterator[str]:
        return iter(self._feed_of)

    def __len__(self) -> int:
        return len(self._feed_of)


class _PairScreen:
    """A watched pair and what the screen knows of it: its directions' legs and whether any
    direction's best asks, in ticks, sum below $1 (:func:`~arb_pipeline.domain.spreads.pair_has_top_edge`),
    recomputed only when one of its legs' best asks moved (docs/streamer.md#the-hot-path)."""

    __slots__ = ("pair", "key", "directions", "edge", "instruments")

    def __init__(self, pair: MatchedPair) -> None:
        self.pair = pair
        self.key = pair_key(pair)
        self.directions = pair_directions(pair)
        self.edge = False
        #: Every book the pair's evaluation reads.
        self.instruments = tuple(dict.fromkeys(pair_instruments(pair)))

    def rescreen(self, asks: Mapping[AskLeg, int | None]) -> None:
        ask = asks.get
        for direction in self.directions:
            total = asks_total(direction, lambda instrument, side: ask((instrument, side)))
            if total is not None and total < TICKS_PER_DOLLAR:
                self.edge = True
                return
        self.edge = False


class LiveEvaluator:
    """The watched pairs indexed by the books they read, and an :class:`OpportunityTracker`
    fed with every re-evaluation."""

    def __init__(self, thresholds: Thresholds, on_event: OnEvent, *, clock: Callable[[], datetime] = utc_now,
                 on_open: OnOpen | None = None) -> None:
        self.thresholds = thresholds
        self.on_event = on_event
        self.on_open = on_open
        self.tracker = OpportunityTracker()
        self._clock = clock
        self._watch = WatchSet()
        self._pairs_by_instrument: dict[str, list[MatchedPair]] = {}
        self._screens_of: dict[str, list[_PairScreen]] = {}
        self._feed_of: dict[str, BookFeed] = {}
        #: Each watched instrument's feed's ``best_ask``, bound, and the sides its pairs read.
        self._ask_of: dict[str, tuple[Callable[[str, str | None], int | None], tuple[str | None, ...]]] = {}
        #: Every watched leg's best ask in ticks as the screen last read it.
        self._asks: dict[AskLeg, int | None] = {}
        #: Watched instruments whose asks are read at their next change even if their top did
        #: not move (``on_books_changed``'s ``tops_moved``).
        self._unread: set[str] = set()
        self._markets: dict[str, Market] = {}
        self._fee_overrides: dict[str, FeeUpdateMessage] = {}
        self._series_fees: dict[str, KalshiFeeSchedule] = {}
        self.evaluations = 0
        #: Pair re-evaluations the top-of-book screen showed could not open anything.
        self.screened = 0
        #: The books of the watched pairs whose screen finds an edge (some direction's best
        #: asks below $1), each with how many such pairs it is a book of.
        self._edge_legs: dict[str, int] = {}
        self._screen_of_key: dict[PairKey, _PairScreen] = {}
        #: The open opportunities' keys as ``_open_legs`` last read them, and their pairs' books.
        self._legs_of_open: tuple[list[SpreadKey] | None, set[str]] = (None, set())

    @property
    def watch_set(self) -> WatchSet:
        return self._watch

    @property
    def markets(self) -> Mapping[str, Market]:
        """The watched markets as the evaluation prices them now: Kalshi fee overrides applied."""
        return self._markets

    def set_watch(self, watch: WatchSet, kalshi: BookFeed, polymarket: BookFeed) -> list[PairKey]:
        """Evaluate ``watch`` from now on; the opportunities of pairs no longer in it are closed.
        Returns the keys of the pairs dropped."""
        dropped = sorted(self._watch.keys() - watch.keys())
        now = self._clock()
        for kalshi_ticker, market_id in dropped:
            for event in self.tracker.close_pair(kalshi_ticker, market_id, now, "pair no longer watched"):
                self.on_event(event, None)
        self._watch = watch
        self._markets = dict(watch.markets)
        self._reprice(lambda market: True)
        index: dict[str, list[MatchedPair]] = {}
        feed_of: dict[str, BookFeed] = {}
        for pair in watch.pairs:
            for instrument in pair_instruments(pair):
                index.setdefault(instrument, []).append(pair)
            for ticker in pair.kalshi_legs:
                feed_of[ticker] = kalshi
            feed_of[pair.polymarket_yes_token] = polymarket
            feed_of[pair.polymarket_no_token] = polymarket
        self._pairs_by_instrument = index
        self._feed_of = feed_of
        screens = [_PairScreen(pair) for pair in watch.pairs]
        # Every book a pair reads re-evaluates it (a basket's YES token too, which no direction
        # buys); the screen reads the asks of the legs its directions buy.
        screens_of: dict[str, list[_PairScreen]] = {}
        sides: dict[str, dict[str | None, None]] = {}
        for screen in screens:
            for instrument in pair_instruments(screen.pair):
                screens_of.setdefault(instrument, []).append(screen)
                sides.setdefault(instrument, {})
            for direction in screen.directions:
                for instrument, side in direction:
                    sides[instrument][side] = None
        self._screens_of = screens_of
        self._ask_of = {instrument: (feed_of[instrument].best_ask, tuple(read)) for instrument, read in sides.items()}
        # Every leg read afresh: a book may have changed while it was not watched. A book with a
        # change pending was read from itself, ahead of the top its feed compares with: its next
        # change reads it again, whether or not that top moved.
        self._unread = set(self._ask_of)
        self._asks = {
            (instrument, side): best_ask(instrument, side)
            for instrument, (best_ask, read) in self._ask_of.items()
            for side in read
        }
        for screen in screens:
            screen.rescreen(self._asks)
        self._edge_legs = {}
        for screen in screens:
            if screen.edge:
                for leg in screen.instruments:
                    self._edge_legs[leg] = self._edge_legs.get(leg, 0) + 1
        self._screen_of_key = {screen.key: screen for screen in screens}
        self._legs_of_open = (None, set())
        return dropped

    def pairs_of(self, instrument: str) -> list[MatchedPair]:
        return self._pairs_by_instrument.get(instrument, [])

    def on_book_change(self, instrument: str, received_ns: int | None = None) -> int:
        """Re-evaluate every pair ``instrument``'s book is a leg of; returns the directions
        evaluated. ``received_ns``: when the message behind the change arrived, epoch ns (the
        events' latency is measured from it)."""
        return self.on_books_changed({instrument: received_ns})

    def on_books_changed(self, changed: Mapping[str, int | None], tops_moved: Set[str] | None = None) -> int:
        """Re-evaluate, once each, the pairs any of the ``changed`` books (instrument -> the
        receive time, epoch ns, of the first message that changed it) is a leg of.
        ``tops_moved``: the changed books whose top of book moved since their last call here
        (a best ask is part of the top, so only theirs are read again); None: read them all."""
        screens_of = self._screens_of
        unread = self._unread
        # A book whose top did not move kept its best asks, so the verdicts of its pairs stand:
        # only the pairs that are walked whatever the screen says (an edge, something open)
        # need it, and the rest of the changed books are skipped here, most at full speed
        # (docs/streamer.md#the-compiled-book-change).
        wanted = None if tops_moved is None else self._needed(tops_moved)
        pairs: dict[_PairScreen, int | None] = {}
        for instrument, received_ts in changed.items():
            if wanted is not None and instrument not in wanted and instrument not in unread:
                continue
            screens = screens_of.get(instrument)
            if screens is None:
                continue
            if tops_moved is None or instrument in tops_moved or (unread and instrument in unread):
                unread.discard(instrument)
                self._read_asks(instrument, screens)
            for screen in screens:
                if screen in pairs:
                    known = pairs[screen]
                    if received_ts is None or (known is not None and known <= received_ts):
                        continue
                pairs[screen] = received_ts
        evaluated = 0
        screened = 0
        tracker = self.tracker
        # Read once a pass: a walk below that opens a pair's first opportunity changes nothing
        # for the other pairs, whose screens do not name it.
        any_open = tracker.open_count > 0
        books: _LiveBooks | None = None
        open_pairs: set[PairKey] | None = None
        for screen, received_ts in pairs.items():
            # A pair with nothing open and no direction whose best asks sum below $1 cannot
            # open: its walk would change nothing (docs/streamer.md#the-hot-path).
            if not screen.edge:
                if not any_open:
                    screened += 1
                    continue
                if open_pairs is None:
                    open_pairs = {key.pair for key in tracker.open_keys()}
                if screen.key not in open_pairs:
                    screened += 1
                    continue
            if books is None:
                books = _LiveBooks(self._feed_of, self._clock())
            pair = screen.pair
            for spread in evaluate_pair(pair, self._markets, books, books.now, self.thresholds):
                evaluated += 1
                event = tracker.update(spread, self._times(pair))
                if event is not None:
                    self.on_event(event, received_ts)
                    if self.on_open is not None and event.event_type is EventType.OPEN:
                        self.on_open(spread)
        self.evaluations += evaluated
        self.screened += screened
        return evaluated

    def _needed(self, tops_moved: Set[str]) -> Set[str]:
        """The books whose change must be looked at beside those whose top moved: the legs of
        the pairs with an edge and of those with an opportunity open."""
        hot = self._edge_legs
        if not self.tracker.open_count:
            return tops_moved | hot.keys() if hot else tops_moved
        return tops_moved | hot.keys() | self._open_legs()

    def _open_legs(self) -> set[str]:
        """The books of the pairs with an opportunity open, gathered again only when the open
        opportunities changed: a pass at full speed asks for them and they seldom change."""
        keys = self.tracker.open_keys()
        if keys != self._legs_of_open[0]:
            legs: set[str] = set()
            screen_of = self._screen_of_key
            for key in keys:
                screen = screen_of.get(key.pair)
                if screen is not None:
                    legs.update(screen.instruments)
            self._legs_of_open = (keys, legs)
        return self._legs_of_open[1]

    def _read_asks(self, instrument: str, screens: list[_PairScreen]) -> None:
        """Read a changed book's best asks; the pairs it is a leg of are screened again only
        when one moved (a change away from the top costs nothing more)."""
        best_ask, sides = self._ask_of[instrument]
        asks = self._asks
        moved = False
        for side in sides:
            leg = (instrument, side)
            ask = best_ask(instrument, side)
            if asks.get(leg) != ask:
                asks[leg] = ask
                moved = True
        if moved:
            hot = self._edge_legs
            for screen in screens:
                had = screen.edge
                screen.rescreen(asks)
                if screen.edge is not had:
                    for leg in screen.instruments:
                        count = hot.get(leg, 0) + (1 if screen.edge else -1)
                        if count:
                            hot[leg] = count
                        else:
                            del hot[leg]

    def apply_fee_update(self, update: FeeUpdateMessage) -> int:
        """Price the event's Kalshi markets with the override Kalshi announced (a field left None
        is the series' own value again), and re-evaluate their pairs at once; returns the
        directions evaluated. The override outlives pair refreshes."""
        self._fee_overrides[update.event_ticker] = update
        changed = self._reprice(lambda market: market.event_id == update.event_ticker)
        log.info("kalshi fee update for event %s: %s; %d watched markets repriced", update.event_ticker, update, len(changed))
        return sum(self.on_book_change(ticker) for ticker in changed)

    def apply_series_fees(self, changes: Iterable[SeriesFeeChange], now: datetime) -> int:
        """Take Kalshi's scheduled series fee changes (``GET /series/fee_changes``): per series
        the latest one due by ``now`` is the series' fee from now on (an event override still
        comes first), and the pairs of the markets whose fees changed are re-evaluated at once.
        Returns the directions evaluated; changes still ahead are applied by a later call."""
        due: dict[str, SeriesFeeChange] = {}
        for change in sorted(changes, key=lambda c: c.scheduled_at):
            if change.scheduled_at <= now:
                due[change.series_ticker] = change
        fresh = {series: change.fee for series, change in due.items() if self._series_fees.get(series) != change.fee}
        if not fresh:
            return 0
        self._series_fees.update(fresh)
        changed = self._reprice(lambda market: market.series_id in fresh)
        log.info("kalshi series fee changes in effect: %s; %d watched markets repriced", fresh, len(changed))
        return sum(self.on_book_change(ticker) for ticker in changed)

    def _reprice(self, affected: Callable[[Market], bool]) -> list[str]:
        """Recompute the fees of the watched Kalshi markets ``affected`` selects (all, at a pair
        refresh): the series' fee (a scheduled change in effect, else the catalog's), then the
        event's override over it. Returns the markets whose fees changed."""
        changed = []
        for market_id, series_market in self._watch.markets.items():
            base = self._series_fees.get(series_market.series_id or "", series_market.fee)
            if not isinstance(base, KalshiFeeSchedule) or not affected(series_market):
                continue
            fee = base
            update = self._fee_overrides.get(series_market.event_id or "")
            if update is not None:
                fee = KalshiFeeSchedule(
                    fee_type=base.fee_type if update.fee_type is None else update.fee_type,
                    multiplier=base.multiplier if update.multiplier is None else update.multiplier,
                )
            if self._markets[market_id].fee != fee:
                self._markets[market_id] = replace(series_market, fee=fee)
                changed.append(market_id)
        return changed

    def close_stale(self, instrument: str, reason: str) -> int:
        """Close every opportunity open on a pair that reads ``instrument``'s book."""
        now = self._clock()
        closed = 0
        for pair in self._pairs_by_instrument.get(instrument, []):
            kalshi_ticker, market_id = pair_key(pair)
            for event in self.tracker.close_pair(kalshi_ticker, market_id, now, reason):
                self.on_event(event, None)
                closed += 1
        return closed

    def open_instruments(self) -> set[str]:
        """The instruments some open opportunity reads."""
        open_pairs = {key.pair for key in self.tracker.open_keys()}
        return {
            instrument
            for pair in self._watch.pairs
            if pair_key(pair) in open_pairs
            for instrument in pair_instruments(pair)
        }

    def close_all(self, reason: str) -> list[OpportunityEvent]:
        events = self.tracker.close_all(self._clock(), reason)
        for event in events:
            self.on_event(event, None)
        return events

    def _times(self, pair: MatchedPair) -> QuoteTimes:
        # The venue and receive times of the last change of each book the pair reads: per venue
        # the oldest, as QuoteTimes.of_books takes them.
        kalshi = self._oldest(pair.kalshi_legs)
        polymarket = self._oldest((pair.polymarket_yes_token, pair.polymarket_no_token))
        return QuoteTimes(*kalshi, *polymarket)

    def _oldest(self, instruments: Iterable[str]) -> tuple[datetime | None, datetime | None]:
        venue_times: list[datetime] = []
        received_times: list[datetime] = []
        for instrument in instruments:
            feed = self._feed_of.get(instrument)
            if feed is None:
                continue
            venue_ts, received_ts = feed.times(instrument)
            if venue_ts is not None:
                venue_times.append(venue_ts)
            if received_ts is not None:
                received_times.append(received_ts)
        return min(venue_times, default=None), min(received_times, default=None)
