"""Polymarket's CLOB REST book routes as the sandbox speaks it (docs/venues.md#polymarket-clob-books):
one token's book, or many in one POST, with hash, tick size and last trade.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
from aiohttp import web

from arb_pipeline.domain.books import LevelMap
from arb_pipeline.domain.models import BookSide, Venue
from arb_pipeline.sandbox.context import Exchange
from arb_pipeline.sandbox.http import json_response, stale_book_requested
from arb_pipeline.sandbox.polymarket.books import BookStates
from arb_pipeline.sandbox.polymarket.catalog import PolymarketCatalog
from arb_pipeline.sandbox.polymarket.wire import (
    CLOB_BASE,
    VENUE_ROOT,
    book_hash,
    book_side,
    error_response,
    market_tick,
    wire_number,
)
from arb_pipeline.venues.wire import to_decimal

BOOKS_MAX_TOKENS = 500  # POST /books, docs/venues.md#polymarket-clob-books
NO_BOOK = "No orderbook exists for the requested token id"

#: How long ago a STALE_BOOK fault pretends its book was taken.
STALE_AGE_S = 3600


class ClobApi:
    def __init__(self, exchange: Exchange, catalog: PolymarketCatalog, states: BookStates) -> None:
        self.exchange = exchange
        self.catalog = catalog
        self.states = states
        # Books as they were when the exchange started: what a STALE_BOOK fault serves.
        self._stale_books = {
            token: (dict(book.bids.levels), dict(book.asks.levels), book.tick_size)
            for token, book in exchange.scenario.polymarket_books.items()
        }

    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get(CLOB_BASE + "/book", self.get_book)
        router.add_post(CLOB_BASE + "/books", self.post_books)

    async def get_book(self, request: web.Request) -> web.Response:
        token_id = request.query.get("token_id")
        if not token_id:
            return error_response(400, "token_id is required: GET /book?token_id=<clob token id>")
        self.catalog.refresh()
        if token_id not in self.catalog.tokens or token_id not in self.exchange.scenario.polymarket_books:
            return error_response(404, NO_BOOK)
        stale = self._take_stale(request)
        return json_response(self._book_body(token_id, stale))

    async def post_books(self, request: web.Request) -> web.Response:
        try:
            body = orjson.loads(await request.read())
        except orjson.JSONDecodeError:
            return error_response(400, 'POST /books: the body must be a JSON array of {"token_id": ...}')
        if not isinstance(body, list) or not body:
            return error_response(400, 'POST /books: the body must be a non-empty JSON array of {"token_id": ...}')
        if len(body) > BOOKS_MAX_TOKENS:
            return error_response(400, f"POST /books: at most {BOOKS_MAX_TOKENS} tokens, got {len(body)}")
        token_ids = []
        for index, item in enumerate(body):
            if not isinstance(item, dict) or not isinstance(item.get("token_id"), str) or not item["token_id"]:
                return error_response(400, f"POST /books: item {index} has no string token_id")
            token_ids.append(item["token_id"])
        self.catalog.refresh()
        books = self.exchange.scenario.polymarket_books
        unknown = [t for t in token_ids if t not in self.catalog.tokens or t not in books]
        if unknown:
            return error_response(404, f"{NO_BOOK}: {', '.join(unknown)}")
        stale = self._take_stale(request)
        return json_response([self._book_body(token_id, stale) for token_id in token_ids])

    def _take_stale(self, request: web.Request) -> bool:
        return stale_book_requested(self.exchange.faults, Venue.POLYMARKET, request, CLOB_BASE, VENUE_ROOT)

    def _book_body(self, token_id: str, stale: bool) -> dict[str, Any]:
        info = self.catalog.tokens[token_id]
        book = self.exchange.scenario.polymarket_books[token_id]
        if stale:
            bids_levels, asks_levels, tick = self._stale_books.get(token_id, ({}, {}, book.tick_size))
            bids, asks = (LevelMap(side.items()) for side in (bids_levels, asks_levels))
            timestamp_ms = int((self.exchange.started_at_s - STALE_AGE_S) * 1000)
            state_hash = book_hash(token_id, 0)
        else:
            bids, asks, tick = book.bids, book.asks, book.tick_size
            timestamp_ms = int(time.time() * 1000)
            state_hash = self.states.hash(token_id)
        tick = tick if tick is not None else market_tick(info.market)
        last = self.states.last_trade.get(token_id)
        return {
            "market": info.condition_id,
            "asset_id": token_id,
            "timestamp": str(timestamp_ms),
            "hash": state_hash,
            "bids": book_side(bids, BookSide.BID),
            "asks": book_side(asks, BookSide.ASK),
            "min_order_size": wire_number(to_decimal(info.market.get("orderMinSize", 5), "orderMinSize")),
            "tick_size": wire_number(tick),
            "neg_risk": bool(info.market.get("negRisk", False)),
            "last_trade_price": wire_number(last) if last is not None else "",
        }
