"""The books of many instruments on every venue at once, for a quote snapshot. Each venue reads
its own through its catalog provider (``kalshi.catalog``, ``polymarket.catalog``); this only puts
the reads side by side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from arb_pipeline.config import Credentials, VenueEndpoints
from arb_pipeline.domain.models import KalshiOrderBook, OrderBook
from arb_pipeline.venues.kalshi.catalog import KalshiCatalog
from arb_pipeline.venues.polymarket.catalog import PolymarketCatalog


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
    """Books of the given Kalshi tickers and Polymarket tokens; a malformed book, or one answered
    twice with different levels, is left out and listed in ``problems``."""
    read = BooksRead()
    if kalshi_tickers:
        kalshi = await KalshiCatalog(endpoints, credentials).read_books(kalshi_tickers)
        read.kalshi = kalshi.books
        read.problems.extend(kalshi.problems)
    if polymarket_tokens:
        polymarket = await PolymarketCatalog(endpoints).read_books(polymarket_tokens)
        read.polymarket = polymarket.books
        read.problems.extend(polymarket.problems)
    return read
