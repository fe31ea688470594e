"""The streamer's Kalshi feed: the order-book channel of the approved pairs' tickers on one
connection, fee changes applied live, and the watchdog's steps done the Kalshi way (the base
class and the watchdog are in :mod:`arb_pipeline.streamer.feeds`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.books import TICKS_PER_DOLLAR, KalshiTickBook
from arb_pipeline.domain.models import KalshiOrderBook, Venue
from arb_pipeline.venues.kalshi.auth import KalshiSigner
from arb_pipeline.venues.kalshi.constants import KalshiChannel
from arb_pipeline.venues.kalshi.parsing.markets import SeriesFeeChange
from arb_pipeline.venues.kalshi.rest import KalshiRestClient
from arb_pipeline.venues.kalshi.parsing.ws_messages import FeeUpdateMessage
from arb_pipeline.venues.kalshi.websocket import KalshiMarketStream
from arb_pipeline.venues.stream import BookUpdate, StreamStats, UpdateKind
from arb_pipeline.streamer.feeds import Feed, Levels, TickRow, Top, Turn, depth_row

log = logging.getLogger(__name__)


def kalshi_best_ask(book: KalshiTickBook | None, side: str | None) -> int | None:
    """A live Kalshi book's best ask of ``side`` in ticks, or None (no book, no side, no bid on
    the other side)."""
    return None if book is None or side is None else book.best_ask(side)


class KalshiFeed(Feed):
    """Kalshi's order-book channel on one connection (tickers in subscriptions of at most
    ``kalshi_tickers_per_subscription``, as the client chunks them)."""

    venue = Venue.KALSHI

    def __init__(
        self,
        endpoints: VenueEndpoints,
        credentials: Credentials,
        turn: Turn,
        *,
        on_fees: Callable[[FeeUpdateMessage], None],
        **watchdog: float,
    ) -> None:
        super().__init__(turn, **watchdog)
        self.on_fees = on_fees
        #: book_ticks' instrument ids of each market's two sides.
        self._stored_ids: dict[str, tuple[str, str]] = {}
        self.endpoints = endpoints
        self.signer = KalshiSigner.from_credentials(credentials)
        self.stream: KalshiMarketStream | None = None
        self._on_frame: Callable[[str | bytes], None] | None = None
        self._empty_stats = StreamStats()

    @property
    def stats(self) -> StreamStats:
        return self._empty_stats if self.stream is None else self.stream.stats

    def connections(self) -> list[tuple[str, bool]]:
        if self.stream is None or not self.stream.tickers:
            return []
        return [("main", self.stream.connected)]

    def _subscribe(self, instruments: list[str]) -> None:
        if self.stream is None:
            # The client needs its first tickers to exist; it is built when there are some.
            self.stream = KalshiMarketStream(
                self.endpoints.kalshi_ws_url,
                self.signer,
                instruments,
                # market_lifecycle_v2 carries the events' fee overrides (event_fee_update).
                channels=(KalshiChannel.ORDERBOOK_DELTA, KalshiChannel.MARKET_LIFECYCLE),
            )
            self.stream.on_frame = self._on_frame
            self.stream.on_update = self._on_update
            self.stream.tops_touched = self._top_dirty
            self.stream.sink = self
            self.stream.reads = self.turn
            self._launch()
        else:
            self.stream.add_tickers(instruments)

    def _unsubscribe(self, instruments: list[str]) -> None:
        if self.stream is not None:
            self.stream.remove_tickers(instruments)

    def _forget(self, instrument: str) -> None:
        super()._forget(instrument)
        self._stored_ids.pop(instrument, None)

    def record(self, on_frame: Callable[[str | bytes], None]) -> None:
        self._on_frame = on_frame
        if self.stream is not None:
            self.stream.on_frame = on_frame

    def is_live(self, instrument: str) -> bool:
        stream = self.stream
        return stream is not None and stream.connected and stream.is_synced(instrument)

    def _freeze(self, instrument: str) -> KalshiOrderBook:
        assert self.stream is not None
        return self.stream.books[instrument].to_order_book()

    def _received_ns(self, instrument: str) -> int | None:
        book = self.stream.books.get(instrument) if self.stream is not None else None
        return None if book is None else book.received_ns

    def best_ask(self, instrument: str, side: str | None) -> int | None:
        top = self._tops.get(instrument)
        if top is None or instrument in self.changed:
            return kalshi_best_ask(self.stream.books.get(instrument) if self.stream is not None else None, side)
        # The top as the last pass took it, current unless a change is pending: a YES ask is
        # the NO side's best bid at 1 - p, and a NO ask the YES side's (docs/venues.md#kalshi-order-books).
        bid = top[2] if side == "yes" else top[0] if side == "no" else None
        return None if bid is None else TICKS_PER_DOLLAR - bid

    def times(self, instrument: str) -> tuple[datetime | None, datetime | None]:
        book = self.stream.books.get(instrument) if self.stream is not None else None
        return (None, None) if book is None else (book.venue_ts, book.received_ts)

    def _moved_rows(self, instruments: list[str], moved: set[str]) -> list[TickRow]:
        assert self.stream is not None
        books = self.stream.books
        tops = self._tops
        stored_ids = self._stored_ids
        rows: list[TickRow] = []
        for instrument in instruments:
            book = books[instrument]
            top: Top = book.yes.highest_level() + book.no.highest_level()
            if tops.get(instrument) == top:
                continue
            tops[instrument] = top
            moved.add(instrument)
            yes_bid, yes_bid_size, no_bid, no_bid_size = top
            # A NO bid at p is a YES ask at 1 - p (docs/venues.md#kalshi-order-books).
            yes_ask = None if no_bid is None else TICKS_PER_DOLLAR - no_bid
            no_ask = None if yes_bid is None else TICKS_PER_DOLLAR - yes_bid
            stored = stored_ids.get(instrument)
            if stored is None:
                stored = stored_ids[instrument] = (f"{instrument}:yes", f"{instrument}:no")
            venue_ns, received_ns = book.venue_ns, book.received_ns
            rows.append((stored[0], instrument, (yes_bid, yes_bid_size, yes_ask, no_bid_size), venue_ns, received_ns))
            rows.append((stored[1], instrument, (no_bid, no_bid_size, no_ask, yes_bid_size), venue_ns, received_ns))
        return rows

    def depth(self, instrument: str) -> list[tuple[str, str | None, Levels, Levels]]:
        assert self.stream is not None
        frozen = self.stream.books[instrument].to_order_book()
        return [depth_row(frozen.side_book(side), instrument) for side in ("yes", "no")]

    def _runnable(self) -> bool:
        return self.stream is not None

    def _on_other(self, update: BookUpdate) -> None:
        if update.kind is UpdateKind.FEES:
            assert self.stream is not None
            self.on_fees(self.stream.fee_overrides[update.instrument_id])

    async def run(self) -> None:
        assert self.stream is not None
        await self.stream.run()

    async def close(self) -> None:
        if self.stream is not None:
            await self.stream.close()
        await self._stop_task()

    async def fee_changes(self) -> list[SeriesFeeChange]:
        """Kalshi's series fee changes, those in effect and those scheduled
        (``GET /series/fee_changes``, docs/venues.md#kalshi-fees)."""
        async with KalshiRestClient(self.endpoints.kalshi_api_url, self.signer) as rest:
            return await rest.fetch_fee_changes(show_historical=True)

    async def _act(self, action: str, instruments: list[str]) -> None:
        stream = self.stream
        if stream is None:
            return
        if action == "resubscribe":
            stream.confirm(instruments)
        elif action == "reconnect":
            await stream.reconnect()
        else:
            async with KalshiRestClient(self.endpoints.kalshi_api_url, self.signer) as rest:
                books = await rest.fetch_orderbooks(instruments)
            for book in books.values():
                update = stream.apply_rest_book(book)
                if update is not None:
                    self._on_update(update)
