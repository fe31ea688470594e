"""Polymarket whole-venue reads for the pipeline (its :class:`~arb_pipeline.venues.protocols.CatalogProvider`):
every open Gamma market merged with the events that carry categories, and the CLOB books of many
tokens.

Markets and books are parsed one by one: a malformed one is logged, listed in ``problems`` and
skipped, never failing the whole read. One that arrives twice with different terms is left out
and listed, never taken last-wins (:mod:`arb_pipeline.venues.records` says which terms count).
"""

from __future__ import annotations

from collections.abc import Sequence

from arb_pipeline.config import VenueEndpoints
from arb_pipeline.domain.models import Market, OrderBook, Venue
from arb_pipeline.venues.http import numbered_pages
from arb_pipeline.venues.polymarket.parsing.gamma import parse_events_page, parse_markets_page
from arb_pipeline.venues.polymarket.rest import PolymarketClobClient, PolymarketGammaClient
from arb_pipeline.venues.protocols import VenueBooks, VenueRead
from arb_pipeline.venues.records import RecordProblem, malformed_ids, merge_catalog


class PolymarketCatalog:
    venue = Venue.POLYMARKET

    def __init__(self, endpoints: VenueEndpoints) -> None:
        self.endpoints = endpoints

    async def read_markets(self) -> VenueRead:
        read = VenueRead()
        problems: list[RecordProblem] = []
        async with PolymarketGammaClient(self.endpoints.polymarket_gamma_url) as gamma:
            listed: list[tuple[Market, str]] = []
            async for body, where in numbered_pages(gamma.market_pages(), "polymarket gamma /markets"):
                markets, _ = parse_markets_page(body, where=where, problems=problems)
                listed.extend((market, where) for market in markets)
            from_events: list[tuple[Market, str]] = []
            async for body, where in numbered_pages(gamma.event_pages(), "polymarket gamma /events"):
                events, _ = parse_events_page(body, where=where, problems=problems)
                from_events.extend((market, where) for event in events for market in event.markets)
        read.markets = merge_catalog(listed, from_events, problems, malformed_ids(problems, "market"))
        read.problems.extend(str(problem) for problem in problems)
        return read

    async def read_markets_by_id(self, market_ids: Sequence[str]) -> VenueRead:
        """The given Gamma markets, open and closed (settlement reads resolved ones); an id Gamma
        does not know is absent, a malformed market listed in ``problems``."""
        read = VenueRead()
        problems: list[RecordProblem] = []
        async with PolymarketGammaClient(self.endpoints.polymarket_gamma_url) as gamma:
            markets = await gamma.fetch_markets_by_ids(market_ids, problems=problems)
        read.markets = {market.market_id: market for market in markets}
        read.problems.extend(str(problem) for problem in problems)
        return read

    async def read_books(self, instrument_ids: Sequence[str]) -> VenueBooks[OrderBook]:
        """Books of the given tokens, 500 tokens per ``POST /books``."""
        problems: list[RecordProblem] = []
        async with PolymarketClobClient(self.endpoints.polymarket_clob_url) as clob:
            books = await clob.fetch_books(instrument_ids, problems)
        return VenueBooks(books, [str(problem) for problem in problems])
