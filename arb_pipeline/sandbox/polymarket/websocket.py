"""Polymarket's CLOB market WebSocket as the sandbox speaks it
(docs/venues.md#polymarket-market-websocket): subscribe by token, the initial books as one array
frame, ``price_change`` with absolute sizes and no sequence numbers, ``last_trade_price`` and
``tick_size_change``, and with custom features ``best_bid_ask`` and ``market_resolved``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from aiohttp import WSCloseCode, WSMsgType, web

from arb_pipeline.domain.models import BookSide, Venue
from arb_pipeline.sandbox.context import Exchange, Subscriber
from arb_pipeline.sandbox.faults import Channel, FaultKind
from arb_pipeline.sandbox.feeds import Feed
from arb_pipeline.sandbox.polymarket.books import BookStates
from arb_pipeline.sandbox.polymarket.catalog import PolymarketCatalog
from arb_pipeline.sandbox.polymarket.wire import (
    Top,
    book_side,
    market_tick,
    price_change,
    top_of_book,
    wire_number,
)
from arb_pipeline.sandbox.state import MarketResolution, PolymarketLevelChange, StepResult
from arb_pipeline.venues.wire import json_list, to_decimal

ASSETS_PER_CONNECTION = 500  # docs/venues.md#polymarket-market-websocket

#: A frame that is not JSON, and a price_change that lacks its price_changes.
MALFORMED_FRAMES = (
    b'{"event_type":"price_change","market":"0x',
    b'{"event_type":"price_change","market":"0x0","timestamp":"0"}',
)


@dataclass(eq=False)
class PolymarketConnection:
    socket: Subscriber
    assets: set[str]
    custom_features: bool = False
    subscribed: bool = False


class PolymarketFeed(Feed[PolymarketConnection]):
    def __init__(self, exchange: Exchange, catalog: PolymarketCatalog, states: BookStates) -> None:
        super().__init__(exchange, Venue.POLYMARKET, MALFORMED_FRAMES)
        self.catalog = catalog
        self.states = states
        self._tops: dict[str, Top] = {
            token: top_of_book(book) for token, book in exchange.scenario.polymarket_books.items()
        }

    # -- the connection ----------------------------------------------------------------------

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        refused = self.exchange.refused_handshake(Venue.POLYMARKET)
        if refused is not None:
            return refused
        async with self.exchange.subscriber(request, Venue.POLYMARKET) as socket:
            connection = PolymarketConnection(socket, set())
            self.connections.add(connection)
            try:
                async for message in socket.ws:
                    if message.type is not WSMsgType.TEXT:
                        continue
                    if message.data == "PING":
                        # Keepalive is the text PING, answered by the text PONG
                        # (docs/venues.md#polymarket-market-websocket).
                        socket.send(b"PONG")
                        continue
                    problem = self._command(connection, message.data)
                    if problem is not None:
                        await socket.ws.close(code=WSCloseCode.POLICY_VIOLATION, message=problem.encode()[:120])
                        break
            finally:
                self.connections.discard(connection)
        return socket.ws

    def _command(self, connection: PolymarketConnection, text: str) -> str | None:
        """Apply one subscription message; return why the connection must close, or None."""
        try:
            command = orjson.loads(text)
        except orjson.JSONDecodeError:
            return "message is not JSON"
        if not isinstance(command, dict):
            return "message must be a JSON object"
        assets = command.get("assets_ids")
        if not isinstance(assets, list) or not all(isinstance(asset, str) for asset in assets):
            return "assets_ids must be a list of token id strings"
        if not connection.subscribed:
            if str(command.get("type", "")).lower() != "market":
                return 'the first message must be {"assets_ids": [...], "type": "market"}'
            connection.subscribed = True
            connection.custom_features = bool(command.get("custom_feature_enabled", False))
            operation = "subscribe"
        else:
            operation = command.get("operation")
            if operation not in ("subscribe", "unsubscribe"):
                return f"operation must be 'subscribe' or 'unsubscribe', got {operation!r}"
            if "custom_feature_enabled" in command:
                connection.custom_features = bool(command["custom_feature_enabled"])
        if operation == "unsubscribe":
            connection.assets.difference_update(assets)
            return None
        new = [asset for asset in dict.fromkeys(assets) if asset not in connection.assets]
        if len(connection.assets) + len(new) > ASSETS_PER_CONNECTION:
            return f"at most {ASSETS_PER_CONNECTION} assets per connection"
        connection.assets.update(new)
        # Unknown token ids get no book, as on the real venue.
        self.catalog.refresh()
        books = self.exchange.scenario.polymarket_books
        muted = self.exchange.silenced_instruments
        known = [asset for asset in new if asset in books and asset in self.catalog.tokens and asset not in muted]
        if known:
            # The initial snapshots arrive as ONE JSON array frame (docs/venues.md#polymarket-market-websocket).
            connection.socket.send(orjson.dumps([self._book_event(asset) for asset in known]))
        return None

    def _book_event(self, token_id: str) -> dict[str, Any]:
        book = self.exchange.scenario.polymarket_books[token_id]
        return {
            "event_type": "book",
            "asset_id": token_id,
            "market": self.catalog.tokens[token_id].condition_id,
            "bids": book_side(book.bids, BookSide.BID),
            "asks": book_side(book.asks, BookSide.ASK),
            "timestamp": str(int(time.time() * 1000)),
            "hash": self.states.hash(token_id),
        }

    # -- broadcasting --------------------------------------------------------------------------

    def publish(self, step: StepResult) -> None:
        self.broadcast(step.polymarket_changes, step.resolutions, ([], []))

    def broadcast(
        self,
        changes: list[PolymarketLevelChange],
        resolutions: list[MarketResolution],
        moved_earlier: tuple[list[str], list[dict[str, Any]]],
    ) -> None:
        """price_change messages for ``changes`` and the extras they cause (trades, tick size,
        and with custom features best_bid_ask and market_resolved). ``moved_earlier``: tokens
        whose top moved and tick_size_change events a burst already found."""
        self.catalog.refresh()
        timestamp = str(int(time.time() * 1000))
        trades = self._trades(changes, timestamp)
        moved, tick_events = self.update_tops((change.token_id for change in changes), timestamp)
        moved = list(dict.fromkeys(moved_earlier[0] + moved))
        tick_events = moved_earlier[1] + tick_events
        for trade in trades:
            self.states.last_trade[trade["asset_id"]] = Decimal(trade["price"])
        changes_by_condition = self.price_changes(changes)
        if not self.connections:
            return
        price_changes = [
            (condition_id, entries, orjson.dumps(price_change(condition_id, entries, timestamp)))
            for condition_id, entries in changes_by_condition
        ]
        per_token = [(event["asset_id"], orjson.dumps(event)) for event in tick_events + trades]
        best_bid_ask = [(token, orjson.dumps(self._best_bid_ask_event(token, timestamp))) for token in moved]
        resolved = [
            (tokens, orjson.dumps(event))
            for resolution in resolutions
            for tokens, event in self._resolved_event(resolution, timestamp)
        ]
        muted = self.exchange.silenced_instruments
        for connection in list(self.connections):
            # A silenced token's subscription is dead: nothing about it reaches any connection.
            assets = connection.assets - muted if muted else connection.assets
            frames: list[bytes] = []
            for condition_id, entries, encoded in price_changes:
                mine = [entry for entry in entries if entry["asset_id"] in assets]
                if len(mine) == len(entries):
                    frames.append(encoded)
                elif mine:
                    frames.append(orjson.dumps(price_change(condition_id, mine, timestamp)))
            if frames and self.exchange.faults.take(Venue.POLYMARKET, Channel.WS, {FaultKind.LOST_UPDATE}):
                # The first book update for this subscriber is never sent; the extras that follow
                # (trades, best bid/ask) still are, as when one frame is lost on the way.
                self.exchange.lost_updates.append((Venue.POLYMARKET, orjson.loads(frames.pop(0))))
            frames.extend(encoded for token, encoded in per_token if token in assets)
            if connection.custom_features:
                frames.extend(encoded for token, encoded in best_bid_ask if token in assets)
                frames.extend(encoded for tokens, encoded in resolved if not assets.isdisjoint(tokens))
            if frames:
                self.deliver(connection, frames)

    def update_tops(self, tokens: Iterable[str], timestamp: str) -> tuple[list[str], list[dict[str, Any]]]:
        """Tokens whose best bid or ask moved, and tick_size_change events, since last asked."""
        books = self.exchange.scenario.polymarket_books
        moved: list[str] = []
        tick_events: list[dict[str, Any]] = []
        for token in dict.fromkeys(tokens):
            if token not in books:
                continue
            top = top_of_book(books[token])
            before = self._tops.get(token)
            if before is not None and before.tick_size != top.tick_size and top.tick_size is not None:
                tick_events.append(self._tick_size_event(token, before.tick_size, top.tick_size, timestamp))
            if before is None or (before.best_bid, before.best_ask) != (top.best_bid, top.best_ask):
                moved.append(token)
            self._tops[token] = top
        return moved, tick_events

    def price_changes(self, changes: list[PolymarketLevelChange]) -> list[tuple[str, list[dict[str, Any]]]]:
        """One ``price_change`` per condition, covering both of its tokens when both changed
        (docs/venues.md#polymarket-market-websocket); sizes are absolute, best_bid/best_ask as
        after the step."""
        self.states.changed(change.token_id for change in changes)
        by_condition: dict[str, list[dict[str, Any]]] = {}
        for change in changes:
            if change.token_id in self.exchange.scenario.polymarket_books:
                by_condition.setdefault(change.condition_id, []).append(self._entry(change))
        return list(by_condition.items())

    def _entry(self, change: PolymarketLevelChange) -> dict[str, Any]:
        book = self.exchange.scenario.polymarket_books[change.token_id]
        # The ladders keep their best prices (domain.books.LevelMap): no walk per change.
        best_bid, best_ask = book.bids.highest(), book.asks.lowest()
        return {
            "asset_id": change.token_id,
            "price": wire_number(change.price),
            "size": wire_number(change.size),
            "side": "BUY" if change.side is BookSide.BID else "SELL",
            "hash": self.states.hash(change.token_id),
            # An empty side shows as 0 (bid) and 1 (ask), as in the venue's examples.
            "best_bid": "0" if best_bid is None else wire_number(best_bid),
            "best_ask": "1" if best_ask is None else wire_number(best_ask),
        }

    def _trades(self, changes: list[PolymarketLevelChange], timestamp: str) -> list[dict[str, Any]]:
        """A best level that shrank was most plausibly hit by a taker: report it as the last
        trade, so ``last_trade_price`` messages come from what the book actually did."""
        trades = []
        for change in changes:
            top = self._tops.get(change.token_id)
            if top is None:
                continue
            if change.side is BookSide.ASK and change.price == top.best_ask and change.size < top.ask_size:
                traded, side = top.ask_size - change.size, "BUY"
            elif change.side is BookSide.BID and change.price == top.best_bid and change.size < top.bid_size:
                traded, side = top.bid_size - change.size, "SELL"
            else:
                continue
            info = self.catalog.tokens.get(change.token_id)
            fee_bps = "0"
            if info is not None and info.market.get("feesEnabled"):
                rate = (info.market.get("feeSchedule") or {}).get("rate", 0)
                fee_bps = wire_number(to_decimal(rate, "feeSchedule.rate") * 10000)
            trades.append(
                {
                    "event_type": "last_trade_price",
                    "asset_id": change.token_id,
                    "market": change.condition_id,
                    "fee_rate_bps": fee_bps,
                    "price": wire_number(change.price),
                    "side": side,
                    "size": wire_number(traded),
                    "timestamp": timestamp,
                }
            )
        return trades

    def _tick_size_event(self, token: str, old: Decimal | None, new: Decimal, timestamp: str) -> dict[str, Any]:
        old = old if old is not None else market_tick(self.catalog.tokens[token].market)
        return {
            "event_type": "tick_size_change",
            "asset_id": token,
            "market": self.catalog.tokens[token].condition_id,
            "old_tick_size": wire_number(old),
            "new_tick_size": wire_number(new),
            "timestamp": timestamp,
        }

    def _best_bid_ask_event(self, token: str, timestamp: str) -> dict[str, Any]:
        top = self._tops[token]
        best_bid = top.best_bid if top.best_bid is not None else Decimal(0)
        best_ask = top.best_ask if top.best_ask is not None else Decimal(1)
        return {
            "event_type": "best_bid_ask",
            "market": self.catalog.tokens[token].condition_id,
            "asset_id": token,
            "best_bid": wire_number(best_bid),
            "best_ask": wire_number(best_ask),
            "spread": wire_number(best_ask - best_bid),
            "timestamp": timestamp,
        }

    def _resolved_event(
        self, resolution: MarketResolution, timestamp: str
    ) -> list[tuple[frozenset[str], dict[str, Any]]]:
        """``market_resolved`` (a custom feature, docs/venues.md#polymarket-market-websocket)
        with the tokens it concerns."""
        if resolution.venue is not Venue.POLYMARKET:
            return []
        market = self.catalog.market_by_id.get(resolution.market_id)
        if market is None:
            return []
        where = f"sandbox Polymarket market {resolution.market_id}"
        tokens = json_list(market.get("clobTokenIds"), where + " clobTokenIds")
        event = {
            "event_type": "market_resolved",
            "id": market["id"],
            "question": market.get("question", ""),
            "market": market["conditionId"],
            "slug": market.get("slug", ""),
            "assets_ids": tokens,
            "outcomes": json_list(market.get("outcomes"), where + " outcomes"),
            "winning_asset_id": resolution.winning_token,
            "winning_outcome": resolution.outcome,
            "timestamp": timestamp,
        }
        return [(frozenset(tokens), event)]
