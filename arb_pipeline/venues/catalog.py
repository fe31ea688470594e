"""Whole-venue reads the pipeline needs: every open market of each venue (the listing, enriched by
the events that carry titles and categories), Kalshi series, and the books of many instruments.

Items are parsed one by one: a single malformed market or book is logged, counted in
``problems`` and skipped, never failing the whole read (a bad page, or a venue that stays down,
still fails it, so a run retries rather than storing a partial catalog as if it were whole).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import KalshiOrderBook, Market, OrderBook, Series
from arb_pipeline.venues.kalshi import (
    KalshiRestClient,
    KalshiSigner,
    is_parlay,
    parse_market,
    parse_orderbook,
    parse_series,
)
from arb_pipeline.venues.polymarket import (
    PolymarketClobClient,
    PolymarketGammaClient,
    parse_book,
    parse_gamma_market,
)
from arb_pipeline.venues.polymarket.parsing import split_page
from arb_pipeline.venues.wire import WireFormatError

log = logging.getLogger(__name__)

T = TypeVar("T")
KALSHI_BATCH = 100


@dataclass
class VenueRead:
    """What one venue read produced, and every item it had to skip."""

    markets: dict[str, Market] = field(default_factory=dict)
    series: dict[str, Series] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse_each(items: Any, where: str, parse: Callable[[Any, str], T], problems: list[str]) -> list[T]:
    """``parse(item, where)`` for every item of a JSON array; an item that fails is recorded in
    ``problems`` and logged, and the rest are still parsed."""
    if not isinstance(items, list):
        raise WireFormatError(where, f"expected a JSON array, got {type(items).__name__}")
    parsed = []
    for index, item in enumerate(items):
        try:
            parsed.append(parse(item, f"{where}[{index}]"))
        except (WireFormatError, ValueError, TypeError) as exc:
            problems.append(str(exc))
            log.warning("skipped a malformed item: %s", exc)
    return parsed


def merge_catalog(listed: Iterable[Market], from_events: Iterable[Market]) -> dict[str, Market]:
    """Markets by id: the market listing, with each market that also came nested in an event
    replaced by that version, because only the event carries its title and category (Kalshi
    ``/markets`` has neither). Parlays are dropped: they have no counterpart (VENUE_APIS.md 1.4)."""
    merged = {market.market_id: market for market in listed if not is_parlay(market)}
    for market in from_events:
        if not is_parlay(market):
            merged[market.market_id] = market
    return merged


async def _read_series(kalshi: KalshiRestClient, read: VenueRead) -> None:
    async for page in kalshi.series_pages():
        body = page.json()
        items = body.get("series") if isinstance(body, dict) else None
        items = [items] if isinstance(items, dict) else items or []
        for one in parse_each(items, "kalshi GET /series", lambda obj, at: parse_series(obj, where=at), read.problems):
            read.series[one.ticker] = one


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
        listed: list[Market] = []
        async for page in kalshi.market_pages():
            listed.extend(
                parse_each(
                    page.json().get("markets") or [],
                    "kalshi GET /markets",
                    lambda obj, at: parse_market(obj, where=at, series_by_ticker=read.series),
                    read.problems,
                )
            )
        from_events: list[Market] = []
        async for page in kalshi.event_pages(with_nested_markets=True):
            for event in page.json().get("events") or []:
                if not isinstance(event, dict):
                    read.problems.append(f"kalshi GET /events: event is not an object: {event!r:.80}")
                    continue
                from_events.extend(
                    parse_each(
                        event.get("markets") or [],
                        f"kalshi GET /events event {event.get('event_ticker')}",
                        lambda obj, at, event=event: parse_market(obj, where=at, series_by_ticker=read.series, event=event),
                        read.problems,
                    )
                )
    read.markets = merge_catalog(listed, from_events)
    return read


async def fetch_polymarket_catalog(endpoints: VenueEndpoints) -> VenueRead:
    read = VenueRead()
    async with PolymarketGammaClient(endpoints.polymarket_gamma_url) as gamma:
        listed: list[Market] = []
        async for page in gamma.market_pages():
            items, _ = split_page(page.json(), "markets", "polymarket gamma /markets")
            listed.extend(parse_each(items, "polymarket gamma /markets", lambda obj, at: parse_gamma_market(obj, where=at), read.problems))
        from_events: list[Market] = []
        async for page in gamma.event_pages():
            events, _ = split_page(page.json(), "events", "polymarket gamma /events")
            for event in events:
                if not isinstance(event, dict):
                    read.problems.append(f"polymarket gamma /events: event is not an object: {event!r:.80}")
                    continue
                from_events.extend(
                    parse_each(
                        event.get("markets") or [],
                        f"polymarket gamma /events event {event.get('id')}",
                        lambda obj, at, event=event: parse_gamma_market(obj, where=at, event=event),
                        read.problems,
                    )
                )
    read.markets = merge_catalog(listed, from_events)
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
    if kalshi_tickers:
        signer = KalshiSigner.from_credentials(credentials)
        async with KalshiRestClient(endpoints.kalshi_api_url, signer) as kalshi:
            if signer is not None:
                tickers = list(dict.fromkeys(kalshi_tickers))
                for start in range(0, len(tickers), KALSHI_BATCH):
                    result = await kalshi.fetch_orderbooks_raw(tickers[start : start + KALSHI_BATCH])
                    items = result.json().get("orderbooks") or []

                    def one(item: Any, at: str, received=result.received_ts) -> KalshiOrderBook:
                        if not isinstance(item, dict) or not isinstance(item.get("ticker"), str):
                            raise WireFormatError(at, "book without a ticker")
                        return parse_orderbook(item, item["ticker"], received, where=at)

                    for book in parse_each(items, "kalshi GET /markets/orderbooks", one, read.problems):
                        read.kalshi[book.ticker] = book
            else:
                for ticker in kalshi_tickers:
                    result = await kalshi.fetch_orderbook_raw(ticker)
                    for book in parse_each(
                        [result.json()],
                        f"kalshi GET /markets/{ticker}/orderbook",
                        lambda body, at, ticker=ticker, received=result.received_ts: parse_orderbook(body, ticker, received, where=at),
                        read.problems,
                    ):
                        read.kalshi[ticker] = book
    if polymarket_tokens:
        async with PolymarketClobClient(endpoints.polymarket_clob_url) as clob:
            for result in await clob.fetch_books_raw(polymarket_tokens):
                for book in parse_each(
                    result.json(),
                    "polymarket clob POST /books",
                    lambda obj, at, received=result.received_ts: parse_book(obj, received_ts=received, where=at),
                    read.problems,
                ):
                    read.polymarket[book.instrument_id] = book
    return read
