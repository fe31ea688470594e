"""Whole-venue reads the pipeline needs: every open market of each venue (the listing, enriched by
the events that carry titles and categories), Kalshi series, and the books of many instruments.

Items are parsed one by one: a single malformed series, market or book is logged, counted in
``problems`` and skipped, never failing the whole read (a bad page, or a venue that stays down,
still fails it, so a run retries rather than storing a partial catalog as if it were whole). A
series, market or book that arrives twice with different terms is left out and listed, never
taken last-wins (arb_pipeline.venues.records says which terms count).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import KalshiOrderBook, Market, OrderBook, Series
from arb_pipeline.venues.kalshi import (
    KalshiRestClient,
    KalshiSigner,
    is_parlay,
    parse_events_page as parse_kalshi_events_page,
    parse_markets_page as parse_kalshi_markets_page,
    parse_batch_orderbook_list,
    parse_orderbook,
    parse_series_page,
)
from arb_pipeline.venues.polymarket import (
    PolymarketClobClient,
    PolymarketGammaClient,
    parse_book,
    parse_events_page as parse_polymarket_events_page,
    parse_markets_page as parse_polymarket_markets_page,
)
from arb_pipeline.venues.records import (
    KeyedRecords,
    RecordProblem,
    kalshi_book_terms,
    malformed_ids,
    market_terms,
    parse_records,
    series_terms,
    token_book_terms,
)

log = logging.getLogger(__name__)

KALSHI_BATCH = 100


@dataclass
class VenueRead:
    """What one venue read produced, and every item it had to skip."""

    markets: dict[str, Market] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def merge_catalog(
    listed: Iterable[tuple[Market, str]],
    from_events: Iterable[tuple[Market, str]],
    problems: list[RecordProblem] | None,
    malformed: Mapping[str, str] | None = None,
) -> dict[str, Market]:
    """Markets by id from (market, where it came from) pairs: the market listing, with each market
    that also came nested in an event replaced by that version, because only the event carries its
    title and category (Kalshi ``/markets`` has neither). Copies that disagree on the market's
    terms (status, times, strike, outcome tokens, rules, fee, result; see ``market_terms``) are a
    conflict: the market is left out and listed in ``problems`` (with None, a conflict raises).
    So is a market in ``malformed`` (id -> where a copy failed to parse). Parlays are dropped:
    they have no counterpart (VENUE_APIS.md 1.4)."""
    merged = KeyedRecords("market", lambda m: m.market_id, market_terms, problems)
    merged.exclude_malformed(malformed or {})
    for market, source in listed:
        if not is_parlay(market):
            merged.add(market, source)
    for market, source in from_events:
        if not is_parlay(market):
            merged.add(market, source, replace=True)
    return merged.records()


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


def _record(read: VenueRead, problems: list[RecordProblem]) -> None:
    read.problems.extend(str(problem) for problem in problems)


async def _read_series(kalshi: KalshiRestClient, read: VenueRead) -> None:
    problems: list[RecordProblem] = []
    pages: list[tuple[Series, str]] = []
    number = 0
    async for page in kalshi.series_pages():
        number += 1
        where = f"kalshi GET /series page {number}"
        pages.extend((one, where) for one in parse_series_page(page.json(), where=where, problems=problems))
    read.series = merge_series(pages, problems, malformed_ids(problems, "series"))
    _record(read, problems)


async def fetch_kalshi_series(endpoints: VenueEndpoints, credentials: Credentials) -> VenueRead:
    read = VenueRead()
    async with KalshiRestClient(endpoints.kalshi_api_url, KalshiSigner.from_credentials(credentials)) as kalshi:
        await _read_series(kalshi, read)
    return read


async def fetch_kalshi_catalog(endpoints: VenueEndpoints, credentials: Credentials) -> VenueRead:
    """Series and markets together: every market's fee schedule comes from its series."""
    read = VenueRead()
    async with KalshiRestClient(endpoints.kalshi_api_url, KalshiSigner.from_credentials(credentials)) as kalshi:
        await _read_series(kalshi, read)
        problems: list[RecordProblem] = []
        listed: list[tuple[Market, str]] = []
        number = 0
        async for page in kalshi.market_pages():
            number += 1
            where = f"kalshi GET /markets page {number}"
            parsed = parse_kalshi_markets_page(page.json(), where=where, series_by_ticker=read.series, problems=problems)
            listed.extend((market, where) for market in parsed.markets)
        from_events: list[tuple[Market, str]] = []
        number = 0
        async for page in kalshi.event_pages(with_nested_markets=True):
            number += 1
            where = f"kalshi GET /events page {number}"
            events = parse_kalshi_events_page(page.json(), where=where, series_by_ticker=read.series, problems=problems)
            from_events.extend((market, where) for event in events.events for market in event.markets)
    read.markets = merge_catalog(listed, from_events, problems, malformed_ids(problems, "market"))
    _record(read, problems)
    return read


async def fetch_polymarket_catalog(endpoints: VenueEndpoints) -> VenueRead:
    read = VenueRead()
    problems: list[RecordProblem] = []
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        listed: list[tuple[Market, str]] = []
        number = 0
        async for page in gamma.market_pages():
            number += 1
            where = f"polymarket gamma /markets page {number}"
            markets, _ = parse_polymarket_markets_page(page.json(), where=where, problems=problems)
            listed.extend((market, where) for market in markets)
        from_events: list[tuple[Market, str]] = []
        number = 0
        async for page in gamma.event_pages():
            number += 1
            where = f"polymarket gamma /events page {number}"
            events, _ = parse_polymarket_events_page(page.json(), where=where, problems=problems)
            from_events.extend((market, where) for event in events for market in event.markets)
    read.markets = merge_catalog(listed, from_events, problems, malformed_ids(problems, "market"))
    _record(read, problems)
    return read


@dataclass
class BooksRead:
    kalshi: dict[str, KalshiOrderBook] = field(default_factory=dict)
    polymarket: dict[str, OrderBook] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


async def fetch_books(
    endpoints: VenueEndpoints,
    credentials: Credentials,
    kalshi_tickers: Sequence[str],
    polymarket_tokens: Sequence[str],
) -> BooksRead:
    """Books of the given instruments. Kalshi uses the signed 100-ticker batch when a key is
    configured and one GET per market otherwise; Polymarket batches 500 tokens per POST /books."""
    read = BooksRead()
    problems: list[RecordProblem] = []
    tickers = list(dict.fromkeys(kalshi_tickers))
    if tickers:
        kalshi_problems: list[RecordProblem] = []
        kalshi_books = KeyedRecords("kalshi book", lambda b: b.ticker, kalshi_book_terms, kalshi_problems)
        signer = KalshiSigner.from_credentials(credentials)
        async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi:
            if signer is not None:
                for start in range(0, len(tickers), KALSHI_BATCH):
                    result = await kalshi.fetch_orderbooks_raw(tickers[start : start + KALSHI_BATCH])
                    where = f"kalshi GET /markets/orderbooks batch {start // KALSHI_BATCH + 1}"
                    for book in parse_batch_orderbook_list(result.json(), result.received_ts, where=where, problems=kalshi_problems):
                        kalshi_books.add(book, where)
            else:
                for ticker in tickers:
                    result = await kalshi.fetch_orderbook_raw(ticker)
                    where = f"kalshi GET /markets/{ticker}/orderbook"
                    for book in parse_records(
                        [result.json()],
                        where,
                        lambda body, at, ticker=ticker, received=result.received_ts: parse_orderbook(body, ticker, received, where=at),
                        kalshi_problems,
                        kind="book",
                    ):
                        kalshi_books.add(book, where)
        read.kalshi = kalshi_books.settle(kalshi_problems, problems, "book")
    if polymarket_tokens:
        token_problems: list[RecordProblem] = []
        token_books = KeyedRecords("polymarket book", lambda b: b.instrument_id, token_book_terms, token_problems)
        async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
            for number, result in enumerate(await clob.fetch_books_raw(polymarket_tokens), start=1):
                where = f"polymarket clob POST /books batch {number}"
                for book in parse_records(
                    result.json(),
                    where,
                    lambda obj, at, received=result.received_ts: parse_book(obj, received_ts=received, where=at),
                    token_problems,
                    kind="book",
                    id_keys=("asset_id",),
                ):
                    token_books.add(book, where)
        read.polymarket = token_books.settle(token_problems, problems, "book")
    read.problems.extend(str(problem) for problem in problems)
    return read
