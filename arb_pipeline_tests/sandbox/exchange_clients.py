"""How the sandbox tests talk to the exchange as a client would: Kalshi request signatures,
WebSocket reads, and mirrors that rebuild the sandbox's books from its streams."""

from __future__ import annotations

import asyncio
import base64
import functools
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import orjson
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from arb_pipeline.sandbox.keys import public_key_pem
from arb_pipeline.sandbox.server import SandboxExchange


PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


def sign(credentials: tuple[str, Path], method: str, url: str, ts_ms: int | None = None) -> dict[str, str]:
    """Kalshi's RSA-PSS headers over ts + METHOD + the URL's path (no query)."""
    return sign_text(credentials, method, urlsplit(url).path, ts_ms)


@functools.cache
def private_key(pem: bytes) -> rsa.RSAPrivateKey:
    # Loading checks the RSA key, which is slow: once per key, not per request.
    key = serialization.load_pem_private_key(pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def public_pem(credentials: tuple[str, Path]) -> bytes:
    return public_key_pem(private_key(credentials[1].read_bytes()))


def sign_text(credentials: tuple[str, Path], method: str, path: str, ts_ms: int | None = None) -> dict[str, str]:
    """The headers for exactly ``ts + method + path``, right or wrong."""
    key_id, key_path = credentials
    ts = str(ts_ms if ts_ms is not None else int(time.time() * 1000))
    signature = private_key(key_path.read_bytes()).sign(f"{ts}{method}{path}".encode(), PSS, hashes.SHA256())
    return {
        "KALSHI-ACCESS-KEY": key_id,
        "KALSHI-ACCESS-TIMESTAMP": ts,
        "KALSHI-ACCESS-SIGNATURE": base64.b64encode(signature).decode(),
    }


def epoch(iso: str) -> float:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def levels_of(wire: list[list[str]]) -> dict[Decimal, Decimal]:
    """A Kalshi ``[[price, count], ...]`` side as price -> size."""
    return {Decimal(price): Decimal(count) for price, count in wire}


def command(command_id: int, cmd: str, **params: Any) -> dict[str, Any]:
    """A Kalshi WebSocket command (docs/venues.md#kalshi-websocket)."""
    return {"id": command_id, "cmd": cmd, "params": params}


async def receive_json(ws: aiohttp.ClientWebSocketResponse, timeout: float = 5) -> Any:
    message = await ws.receive(timeout=timeout)
    assert message.type is aiohttp.WSMsgType.TEXT, message
    return orjson.loads(message.data)


async def nothing_more(ws: aiohttp.ClientWebSocketResponse) -> None:
    """Nothing else arrives (within a short wait: a stream has no end-of-data marker)."""
    with pytest.raises(asyncio.TimeoutError):
        await ws.receive(timeout=0.2)


async def kalshi_ws(
    session: aiohttp.ClientSession, sandbox: SandboxExchange, credentials: tuple[str, Path], **kwargs: Any
) -> aiohttp.ClientWebSocketResponse:
    url = sandbox.endpoints.kalshi_ws_url
    return await session.ws_connect(url, headers=sign(credentials, "GET", url), **kwargs)


class KalshiMirror:
    """What a client rebuilds from snapshots and deltas, checking seq per sid."""

    def __init__(self) -> None:
        self.books: dict[str, dict[str, dict[Decimal, Decimal]]] = {}
        self.seq: dict[int, int] = {}

    def apply(self, message: dict[str, Any]) -> None:
        sid, seq = message["sid"], message["seq"]
        assert seq == self.seq.get(sid, 0) + 1, f"seq gap on sid {sid}: {self.seq.get(sid)} -> {seq}"
        self.seq[sid] = seq
        msg = message["msg"]
        if message["type"] == "orderbook_snapshot":
            self.books[msg["market_ticker"]] = {
                side: {Decimal(p): Decimal(c) for p, c in msg.get(f"{side}_dollars_fp", [])} for side in ("yes", "no")
            }
            return
        assert message["type"] == "orderbook_delta", message
        assert {"price_dollars", "delta_fp", "side", "ts_ms", "market_ticker", "market_id"} <= set(msg)
        levels = self.books[msg["market_ticker"]][msg["side"]]
        price = Decimal(msg["price_dollars"])
        size = levels.get(price, Decimal(0)) + Decimal(msg["delta_fp"])
        if size > 0:
            levels[price] = size
        else:
            levels.pop(price, None)

    def assert_matches(self, sandbox: SandboxExchange) -> None:
        assert self.books, "the mirror holds no book: nothing was compared"
        for ticker, sides in self.books.items():
            book = sandbox.scenario.kalshi_books[ticker]
            assert sides["yes"] == book.yes.levels, ticker
            assert sides["no"] == book.no.levels, ticker


def quoted_kalshi_tickers(sandbox: SandboxExchange, count: int) -> list[str]:
    tickers = [t for t, b in sandbox.scenario.kalshi_books.items() if b.yes.levels or b.no.levels]
    assert len(tickers) >= count
    return tickers[:count]


async def subscribe_books(
    ws: aiohttp.ClientWebSocketResponse, mirror: KalshiMirror, tickers: list[str], command_id: int = 1
) -> int:
    await ws.send_json(command(command_id, "subscribe", channels=["orderbook_delta"], market_tickers=tickers))
    subscribed = await receive_json(ws)
    assert subscribed["type"] == "subscribed" and subscribed["id"] == command_id
    assert subscribed["msg"]["channel"] == "orderbook_delta"
    for ticker in tickers:
        snapshot = await receive_json(ws)
        assert snapshot["type"] == "orderbook_snapshot" and snapshot["msg"]["market_ticker"] == ticker
        mirror.apply(snapshot)
    return subscribed["msg"]["sid"]


def kalshi_top(book: Any) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(yes bid, size, yes ask, size) as the ticker channel reports them: an empty side is
    0 / 1 with size 0; a NO bid at p is a YES ask at 1 - p."""
    best_yes = max(book.yes.levels, default=None)
    best_no = max(book.no.levels, default=None)
    return (
        best_yes if best_yes is not None else Decimal(0),
        book.yes.levels[best_yes] if best_yes is not None else Decimal(0),
        1 - best_no if best_no is not None else Decimal(1),
        book.no.levels[best_no] if best_no is not None else Decimal(0),
    )


def open_gamma_markets(sandbox: SandboxExchange) -> list[dict[str, Any]]:
    return [market for market in sandbox.scenario.polymarket_markets if not market["closed"]]


async def tick_until(sandbox: SandboxExchange, moved: Any, ticks: int = 200) -> Any:
    """Step the world until a step satisfies ``moved``; return that step."""
    for _ in range(ticks):
        (step,) = await sandbox.tick()
        if moved(step):
            return step
    raise AssertionError(f"{ticks} ticks and the world did not move as the test needs")


def quoted_tokens(sandbox: SandboxExchange, count: int) -> list[str]:
    books = sandbox.scenario.polymarket_books
    tokens = [token for token, book in books.items() if len(book.bids.levels) > 1 and len(book.asks.levels) > 1]
    assert len(tokens) >= count
    return tokens[:count]


def assert_clob_book(wire: dict[str, Any], book: Any) -> None:
    bids = [Decimal(level["price"]) for level in wire["bids"]]
    asks = [Decimal(level["price"]) for level in wire["asks"]]
    # Bids ascending and asks descending: both bests LAST (docs/venues.md#polymarket-clob-books).
    assert bids == sorted(bids) and asks == sorted(asks, reverse=True)
    assert {Decimal(l["price"]): Decimal(l["size"]) for l in wire["bids"]} == book.bids.levels
    assert {Decimal(l["price"]): Decimal(l["size"]) for l in wire["asks"]} == book.asks.levels
    assert all(isinstance(l["price"], str) and isinstance(l["size"], str) for l in wire["bids"] + wire["asks"])


class PolymarketMirror:
    """What a client rebuilds from ``book`` frames and ``price_change`` messages."""

    def __init__(self) -> None:
        self.books: dict[str, dict[str, dict[Decimal, Decimal]]] = {}

    def apply(self, event: dict[str, Any]) -> bool:
        """Apply a book-changing event; False for the other event types."""
        if event["event_type"] == "book":
            self.books[event["asset_id"]] = {
                side: {Decimal(l["price"]): Decimal(l["size"]) for l in event[side]} for side in ("bids", "asks")
            }
            return True
        if event["event_type"] != "price_change":
            return False
        assert "asset_id" not in event and event["timestamp"].isdigit()
        for change in event["price_changes"]:
            levels = self.books[change["asset_id"]]["bids" if change["side"] == "BUY" else "asks"]
            size = Decimal(change["size"])  # absolute, not a delta (docs/venues.md#polymarket-market-websocket)
            if size > 0:
                levels[Decimal(change["price"])] = size
            else:
                levels.pop(Decimal(change["price"]), None)
        return True

    def assert_matches(self, sandbox: SandboxExchange) -> None:
        assert self.books, "the mirror holds no book: nothing was compared"
        for token, sides in self.books.items():
            book = sandbox.scenario.polymarket_books[token]
            assert sides["bids"] == book.bids.levels, token
            assert sides["asks"] == book.asks.levels, token


async def subscribe_tokens(
    ws: aiohttp.ClientWebSocketResponse, mirror: PolymarketMirror, tokens: list[str], *, custom: bool = False
) -> None:
    await ws.send_json({"assets_ids": tokens, "type": "market", "custom_feature_enabled": custom})
    frame = await receive_json(ws)
    # The initial snapshots arrive as ONE JSON array (docs/venues.md#polymarket-market-websocket).
    assert isinstance(frame, list) and [event["asset_id"] for event in frame] == tokens
    for event in frame:
        assert event["event_type"] == "book" and event["hash"] and event["market"]
        mirror.apply(event)


def open_market_tokens(sandbox: SandboxExchange, limit: int = 500) -> list[str]:
    """Both tokens of as many open markets as fit in one connection."""
    tokens = [t for m in open_gamma_markets(sandbox) for t in orjson.loads(m["clobTokenIds"])]
    assert len(tokens) >= limit - limit % 2, f"the scenario has {len(tokens)} open tokens, {limit} wanted"
    return tokens[: limit - limit % 2]
