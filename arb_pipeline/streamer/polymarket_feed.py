"""The streamer's Polymarket feed: the market channel of the approved pairs' tokens over as many
connections as the per-connection asset limit needs, books resynced over REST, and the
watchdog's steps done the Polymarket way (the base class and the watchdog are in
:mod:`arb_pipeline.streamer.feeds`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from arb_pipeline.config import VenueEndpoints
from arb_pipeline.domain.books import TokenTickBook
from arb_pipeline.domain.models import OrderBook, Venue
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient
from arb_pipeline.venues.polymarket.websocket import PolymarketMarketStream
from arb_pipeline.venues.stream import StreamStats
from arb_pipeline.streamer.feeds import Feed, Levels, TickRow, Top, Turn, depth_row

log = logging.getLogger(__name__)


def token_best_ask(book: TokenTickBook | None) -> int | None:
    """A live Polymarket token book's best ask in ticks, or None."""
    return None if book is None else book.best_ask()


class PolymarketFeed(Feed):
    """Polymarket's market channel over as many connections as ``assets_per_connection`` needs,
    resynced from the CLOB's REST books after every reconnect."""

    venue = Venue.POLYMARKET

    def __init__(
        self, endpoints: VenueEndpoints, turn: Turn, *, assets_per_connection: int, silent_socket_s: float, **watchdog: float
    ) -> None:
        super().__init__(turn, **watchdog)
        self.clob = PolymarketClobClient(endpoints.polymarket_clob_url)
        self.stream = PolymarketMarketStream(
            endpoints.polymarket_ws_url, (), self.clob, max_assets_per_connection=assets_per_connection,
            receive_timeout_s=silent_socket_s,
        )  # fmt: skip
        self.stream.on_update = self._on_update
        self.stream.tops_touched = self._top_dirty
        self.stream.sink = self
        self.stream.reads = turn

    @property
    def stats(self) -> StreamStats:
        return self.stream.stats

    def connections(self) -> list[tuple[str, bool]]:
        return [(str(number), up) for number, up in self.stream.connections_up()]

    def _subscribe(self, instruments: list[str]) -> None:
        self.stream.subscribe(instruments)

    def _unsubscribe(self, instruments: list[str]) -> None:
        self.stream.unsubscribe(instruments)

    def record(self, on_frame: Callable[[str | bytes], None]) -> None:
        self.stream.on_frame = on_frame

    def is_live(self, instrument: str) -> bool:
        return self.stream.is_live(instrument)

    def _freeze(self, instrument: str) -> OrderBook:
        return self.stream.books[instrument].to_order_book()

    def _received_ns(self, instrument: str) -> int | None:
        book = self.stream.books.get(instrument)
        return None if book is None else book.received_ns

    def best_ask(self, instrument: str, side: str | None) -> int | None:
        top = self._tops.get(instrument)
        if top is None or instrument in self.changed:
            return token_best_ask(self.stream.books.get(instrument))
        # The top as the last pass took it, current unless a change is pending.
        return top[2]

    def times(self, instrument: str) -> tuple[datetime | None, datetime | None]:
        book = self.stream.books.get(instrument)
        return (None, None) if book is None else (book.venue_ts, book.received_ts)

    def _moved_rows(self, instruments: list[str], moved: set[str]) -> list[TickRow]:
        books = self.stream.books
        tops = self._tops
        rows: list[TickRow] = []
        for instrument in instruments:
            book = books[instrument]
            top: Top = book.bids.highest_level() + book.asks.lowest_level()
            if tops.get(instrument) != top:
                tops[instrument] = top
                moved.add(instrument)
                rows.append((instrument, book.market_id, top, book.venue_ns, book.received_ns))
        return rows

    def depth(self, instrument: str) -> list[tuple[str, str | None, Levels, Levels]]:
        book = self.stream.books[instrument]
        return [depth_row(book.to_order_book(), book.market_id)]

    async def run(self) -> None:
        await self.stream.run()

    async def close(self) -> None:
        await self.stream.close()
        await self._stop_task()
        await self.clob.aclose()

    async def _act(self, action: str, instruments: list[str]) -> None:
        if action == "resubscribe":
            self.stream.resubscribe(instruments)
        elif action == "reconnect":
            await self.stream.reconnect(instruments)
        else:
            await self.stream.resync(instruments)
