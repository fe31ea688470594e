"""Kalshi whole-venue reads for the pipeline (its :class:`~arb_pipeline.venues.protocols.CatalogProvider`):
series with their fee schedules, every open market merged with the events that carry titles and
categories, and the books of many markets.

Series, markets and books are parsed one by one: a malformed one is logged, listed in
``problems`` and skipped, never failing the whole read. A series, market or book that arrives
twice with different terms is left out and listed, never taken last-wins
(:mod:`arb_pipeline.venues.records` says which terms count).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import partial

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import KalshiOrderBook, Market, Series, Venue
from arb_pipeline.venues.http import VenueHttpError, numbered_pages, run_bounded
from arb_pipeline.venues.kalshi.auth import KalshiSigner
from arb_pipeline.venues.kalshi.parsing.books import parse_orderbook
from arb_pipeline.venues.kalshi.parsing.markets import parse_events_page, parse_markets_page, parse_series_page
from arb_pipeline.venues.kalshi.rest import KalshiRestClient
from arb_pipeline.venues.kalshi.tickers import is_parlay
from arb_pipeline.venues.protocols import VenueBooks, VenueRead
from arb_pipeline.venues.records import KeyedRecords, RecordProblem, malformed_ids, merge_catalog, parse_records, series_terms
from arb_pipeline.venues.wire import WireFormatError

#: Unsigned book reads are one GET per market; this many run at once, paced by the client's
#: rate limiter (the basic tier's 20 reads/s), as the capture command does.
UNSIGNED_BOOK_FETCHES = 8


def merge_series(
    pages: Iterable[tuple[Series, str]], problems: list[RecordProblem] | None, malformed: Mapping[str, str] | None = None
) -> dict[str, Series]:
    """Series by ticker from (series, where it came from) pairs. A ticker whose copies disagree on
    fee_type or fee_multiplier, or one of whose copies is malformed (``malformed``: ticker ->
    where), is left out and listed: its markets then have no fee schedule, and a market without
    one is never an opportunity."""
    merged = KeyedRecords("series", lambda s: s.ticker, series_terms, problems)
    merged.exclude_malformed(malformed or {})
    for one, source in pages:
        merged.add(one, source)
    return merged.records()


def merge_markets(
    listed: Iterable[tuple[Market, str]],
    from_events: Iterable[tuple[Market, str]],
    problems: list[RecordProblem] | None,
    malformed: Mapping[str, str] | None = None,
) -> dict[str, Market]:
    """:func:`~arb_pipeline.venues.records.merge_catalog` without parlays: they never pair with a
    single-outcome market on another venue (docs/venues.md#kalshi-markets)."""
    return merge_catalog(listed, from_events, problems, malformed, keep=lambda market: not is_parlay(market))


class KalshiCatalog:
    """``series``: the fee schedules the markets take, as the last series read listed them (the
    ``kalshi_series`` asset stores them); without it, :meth:`read_markets` reads ``/series``
    first, in the same session."""

    venue = Venue.KALSHI

    def __init__(
        self, endpoints: VenueEndpoints, credentials: Credentials, *, series: Mapping[str, Series] | None = None
    ) -> None:
        self.endpoints = endpoints
        self.credentials = credentials
        self.series = series

    def _client(self) -> KalshiRestClient:
        return KalshiRestClient(self.endpoints.kalshi_api_url, KalshiSigner.from_credentials(self.credentials))

    async def read_series(self) -> VenueRead:
        async with self._client() as kalshi:
            return await self._read_series(kalshi)

    async def _read_series(self, kalshi: KalshiRestClient) -> VenueRead:
        problems: list[RecordProblem] = []
        pages: list[tuple[Series, str]] = []
        async for body, where in numbered_pages(kalshi.series_pages(), "kalshi GET /series"):
            pages.extend((one, where) for one in parse_series_page(body, where=where, problems=problems))
        series = merge_series(pages, problems, malformed_ids(problems, "series"))
        return VenueRead(series=series, problems=[str(problem) for problem in problems])

    async def read_markets(self) -> VenueRead:
        """Every open market (no parlays), each with its series' fee schedule."""
        async with self._client() as kalshi:
            read = VenueRead(series=dict(self.series)) if self.series is not None else await self._read_series(kalshi)
            problems: list[RecordProblem] = []
            listed: list[tuple[Market, str]] = []
            async for body, where in numbered_pages(kalshi.market_pages(), "kalshi GET /markets"):
                parsed = parse_markets_page(body, where=where, series_by_ticker=read.series, problems=problems)
                listed.extend((market, where) for market in parsed.markets)
            from_events: list[tuple[Market, str]] = []
            async for body, where in numbered_pages(kalshi.event_pages(with_nested_markets=True), "kalshi GET /events"):
                events = parse_events_page(body, where=where, series_by_ticker=read.series, problems=problems)
                from_events.extend((market, where) for event in events.events for market in event.markets)
        read.markets = merge_markets(listed, from_events, problems, malformed_ids(problems, "market"))
        read.problems.extend(str(problem) for problem in problems)
        return read

    async def read_markets_by_id(self, tickers: Sequence[str]) -> VenueRead:
        """The given markets whatever their status (settlement reads a market after it closed,
        for its ``result``). A ticker the venue cannot answer is listed in ``problems``."""
        read = VenueRead()
        async with self._client() as kalshi:
            for ticker in dict.fromkeys(tickers):
                try:
                    read.markets[ticker] = await kalshi.fetch_market(ticker, self.series)
                except (VenueHttpError, WireFormatError) as exc:
                    read.problems.append(f"kalshi market {ticker}: {exc}")
        return read

    async def read_books(self, instrument_ids: Sequence[str]) -> VenueBooks[KalshiOrderBook]:
        """Books of the given tickers: the signed 100-ticker batch when a key is configured, else
        one GET per market, several at once under the rate limit."""
        tickers = list(dict.fromkeys(instrument_ids))
        problems: list[RecordProblem] = []
        async with self._client() as kalshi:
            if kalshi.signer is not None:
                books = await kalshi.fetch_orderbooks(tickers, problems)
            else:
                books = await _books_one_by_one(kalshi, tickers, problems)
        return VenueBooks(books, [str(problem) for problem in problems])


async def _books_one_by_one(
    kalshi: KalshiRestClient, tickers: Sequence[str], problems: list[RecordProblem]
) -> dict[str, KalshiOrderBook]:
    fetches = [partial(kalshi.fetch_orderbook_raw, ticker) for ticker in tickers]
    books: dict[str, KalshiOrderBook] = {}
    for ticker, result in zip(tickers, await run_bounded(fetches, UNSIGNED_BOOK_FETCHES), strict=True):
        where = f"kalshi GET /markets/{ticker}/orderbook"
        books.update(
            (book.ticker, book)
            for book in parse_records(
                [result.json()],
                where,
                lambda body, at, received=result.received_ts, ticker=ticker: parse_orderbook(body, ticker, received, where=at),
                problems,
                kind="book",
            )
        )
    return books
