"""The sandbox exchange over real sockets, with plain httpx and aiohttp: every endpoint's wire
shape and paging, Kalshi signatures, each fault, and WebSocket streams that must reproduce the
sandbox's own books exactly."""

from __future__ import annotations

import asyncio
import base64
import functools
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import httpx
import orjson
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from arb_pipeline.domain.models import BookSide, Venue
from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.sandbox.keys import public_key_pem
from arb_pipeline.sandbox.server import SandboxExchange

pytestmark = pytest.mark.integration

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


@pytest.fixture(scope="module")
def _resting_exchange() -> Iterator[SandboxExchange]:
    with SandboxExchange().run_in_thread() as exchange:
        yield exchange


@pytest.fixture
def resting(_resting_exchange: SandboxExchange, kalshi_credentials: tuple[str, Path]) -> SandboxExchange:
    """One exchange shared by the tests that only read from it: nobody ticks it or arms faults,
    so its world is the opening one. The test's Kalshi key is registered with it."""
    key_id, _ = kalshi_credentials
    _resting_exchange.keyring.register(key_id, public_pem(kalshi_credentials))
    return _resting_exchange


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


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


# ============================================================================================
# Kalshi REST
# ============================================================================================


async def kalshi_pages(http: httpx.AsyncClient, url: str, key: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages = []
    cursor = None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        response = await http.get(url, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        pages.append(body[key])
        cursor = body["cursor"]
        if cursor == "":
            return pages


async def test_kalshi_markets_page_through_the_whole_catalog_with_parlays_first(resting, http):
    url = resting.endpoints.kalshi_api_url + "/markets"
    pages = await kalshi_pages(http, url, "markets", limit=37)
    markets = [market for page in pages for market in page]
    assert all(len(page) == 37 for page in pages[:-1])
    assert len(pages[-1]) <= 37
    tickers = [market["ticker"] for market in markets]
    assert len(tickers) == len(set(tickers)) == len(resting.scenario.kalshi_markets)
    parlay = [bool(market.get("mve_selected_legs")) for market in markets]
    # Without mve_filter the venue lists parlays first (docs/venues.md#kalshi-markets).
    assert any(parlay)
    assert parlay == sorted(parlay, reverse=True)


async def test_kalshi_markets_default_page_is_100(resting, http):
    body = (await http.get(resting.endpoints.kalshi_api_url + "/markets")).json()
    assert len(body["markets"]) == min(100, len(resting.scenario.kalshi_markets))
    assert isinstance(body["cursor"], str)


@pytest.mark.parametrize(("mve_filter", "parlays"), [("exclude", False), ("only", True)])
async def test_kalshi_mve_filter(resting, http, mve_filter, parlays):
    url = resting.endpoints.kalshi_api_url + "/markets"
    markets = [m for page in await kalshi_pages(http, url, "markets", limit=1000, mve_filter=mve_filter) for m in page]
    expected = [m for m in resting.scenario.kalshi_markets if bool(m.get("mve_selected_legs")) is parlays]
    assert markets
    assert sorted(m["ticker"] for m in markets) == sorted(m["ticker"] for m in expected)


async def test_kalshi_markets_filters(resting, http):
    url = resting.endpoints.kalshi_api_url + "/markets"
    scenario = resting.scenario
    event = next(e for e in scenario.kalshi_events if not e["event_ticker"].startswith("KXMVE"))
    by_event = (await http.get(url, params={"event_ticker": event["event_ticker"], "limit": 1000})).json()["markets"]
    assert by_event
    assert {m["event_ticker"] for m in by_event} == {event["event_ticker"]}

    series = event["series_ticker"]
    events_of_series = {e["event_ticker"] for e in scenario.kalshi_events if e["series_ticker"] == series}
    by_series = (await http.get(url, params={"series_ticker": event["series_ticker"], "limit": 1000})).json()["markets"]
    assert {m["event_ticker"] for m in by_series} <= events_of_series
    assert len(by_series) == sum(1 for m in scenario.kalshi_markets if m["event_ticker"] in events_of_series)

    two = [m["ticker"] for m in scenario.kalshi_markets[:2]]
    by_tickers = (await http.get(url, params={"tickers": ",".join(two)})).json()["markets"]
    assert sorted(m["ticker"] for m in by_tickers) == sorted(two)

    open_markets = (await http.get(url, params={"status": "open", "limit": 1000})).json()["markets"]
    # The filter word "open" selects market.status "active" (docs/venues.md#kalshi-markets).
    assert open_markets and {m["status"] for m in open_markets} == {"active"}

    close_times = sorted(epoch(m["close_time"]) for m in scenario.kalshi_markets)
    middle = int(close_times[len(close_times) // 2])
    late = (await http.get(url, params={"min_close_ts": middle, "limit": 1000, "mve_filter": "exclude"})).json()
    assert late["markets"]
    assert all(epoch(m["close_time"]) >= middle for m in late["markets"])
    early = (await http.get(url, params={"max_close_ts": middle - 1, "limit": 1000})).json()["markets"]
    assert early
    assert all(epoch(m["close_time"]) < middle for m in early)


@pytest.mark.parametrize(
    ("params", "complaint"),
    [
        ({"limit": 0}, "limit must be between 1 and 1000"),
        ({"limit": 1001}, "limit must be between 1 and 1000"),
        ({"limit": "ten"}, "limit must be an integer"),
        ({"status": "active"}, "status must be one of"),
        ({"mve_filter": "some"}, "mve_filter must be"),
        ({"cursor": "not-a-cursor"}, "invalid cursor"),
        ({"min_close_ts": "yesterday"}, "unix timestamp"),
    ],
)
async def test_kalshi_markets_rejects_bad_params_with_an_error_body(resting, http, params, complaint):
    response = await http.get(resting.endpoints.kalshi_api_url + "/markets", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    assert complaint in error["message"]


async def test_kalshi_market_by_ticker_and_not_found(resting, http):
    market = resting.scenario.kalshi_markets[0]
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/markets/{market['ticker']}")).json()
    assert body == {"market": market}
    missing = await http.get(f"{resting.endpoints.kalshi_api_url}/markets/NOPE-1")
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert "NOPE-1" in missing.json()["error"]["message"]


async def test_kalshi_events_page_without_parlays_and_nest_markets_on_request(resting, http):
    url = resting.endpoints.kalshi_api_url + "/events"
    pages = await kalshi_pages(http, url, "events", limit=5)
    events = [event for page in pages for event in page]
    assert len(pages) > 1
    assert all("markets" not in event for event in events)
    tickers = {event["event_ticker"] for event in events}
    assert not any(ticker.startswith("KXMVE") for ticker in tickers)
    markets_by_event: dict[str, list[str]] = {}
    for market in resting.scenario.kalshi_markets:
        markets_by_event.setdefault(market["event_ticker"], []).append(market["ticker"])
    non_parlay = {
        e["event_ticker"]
        for e in resting.scenario.kalshi_events
        if not all(ticker.startswith("KXMVE") for ticker in markets_by_event.get(e["event_ticker"], ["x"]))
    }
    assert tickers == non_parlay

    nested = (await http.get(url, params={"with_nested_markets": "true", "limit": 3})).json()
    assert len(nested["events"]) == 3
    for event in nested["events"]:
        assert [m["ticker"] for m in event["markets"]] == markets_by_event[event["event_ticker"]]
    assert nested["milestones"] == []

    too_many = await http.get(url, params={"limit": 201})
    assert too_many.status_code == 400


async def test_kalshi_events_filter_by_series_and_status(resting, http):
    url = resting.endpoints.kalshi_api_url + "/events"
    event = resting.scenario.kalshi_events[0]
    body = (await http.get(url, params={"series_ticker": event["series_ticker"]})).json()
    assert body["events"] and {e["series_ticker"] for e in body["events"]} == {event["series_ticker"]}
    open_events = (await http.get(url, params={"status": "open"})).json()["events"]
    # An event is open while one of its markets is active; parlays are never listed.
    active = {
        m["event_ticker"]
        for m in resting.scenario.kalshi_markets
        if m["status"] == "active" and not m.get("mve_selected_legs")
    }
    assert len(resting.scenario.kalshi_events) <= 200
    assert {e["event_ticker"] for e in open_events} == active


async def test_kalshi_event_by_ticker_nests_markets_twice(resting, http):
    event = next(e for e in resting.scenario.kalshi_events if not e["event_ticker"].startswith("KXMVE"))
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/events/{event['event_ticker']}")).json()
    assert body["event"]["event_ticker"] == event["event_ticker"]
    assert body["event"]["markets"] == body["markets"]
    assert {m["event_ticker"] for m in body["markets"]} == {event["event_ticker"]}
    missing = await http.get(f"{resting.endpoints.kalshi_api_url}/events/NOPE")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


async def test_kalshi_series(resting, http):
    url = resting.endpoints.kalshi_api_url + "/series"
    every = (await http.get(url)).json()["series"]
    assert every == resting.scenario.kalshi_series
    category = every[0]["category"]
    by_category = (await http.get(url, params={"category": category})).json()["series"]
    assert by_category == [s for s in every if s["category"] == category]
    one = (await http.get(f"{url}/{every[0]['ticker']}")).json()
    assert one == {"series": every[0]}
    assert (await http.get(f"{url}/NOPE")).status_code == 404


def quoted_kalshi_ticker(sandbox: SandboxExchange) -> str:
    for ticker, book in sandbox.scenario.kalshi_books.items():
        if book.no.levels and len(book.yes.levels) > 2:
            return ticker
    raise AssertionError("the scenario quotes no Kalshi market")


async def test_kalshi_orderbook_is_ascending_strings_best_last(resting, http):
    ticker = quoted_kalshi_ticker(resting)
    book = resting.scenario.kalshi_books[ticker]
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/markets/{ticker}/orderbook")).json()
    assert set(body) == {"orderbook_fp"}
    for side, levels in (("yes_dollars", book.yes.levels), ("no_dollars", book.no.levels)):
        wire = body["orderbook_fp"][side]
        prices = [Decimal(price) for price, _ in wire]
        assert prices == sorted(prices)
        assert all(isinstance(p, str) and isinstance(c, str) and len(p.split(".")[1]) >= 4 for p, c in wire)
        assert all(len(c.split(".")[1]) == 2 for _, c in wire)
        assert levels_of(wire) == levels

    url = f"{resting.endpoints.kalshi_api_url}/markets/{ticker}/orderbook"
    depth = (await http.get(url, params={"depth": 2})).json()
    top_two = sorted(book.yes.levels)[-2:]
    assert [Decimal(p) for p, _ in depth["orderbook_fp"]["yes_dollars"]] == top_two
    bad_depth = await http.get(url, params={"depth": 101})
    assert bad_depth.status_code == 400


async def test_kalshi_orderbook_omits_an_empty_side(resting, http):
    empty = next(t for t, b in resting.scenario.kalshi_books.items() if not b.yes.levels and not b.no.levels)
    body = (await http.get(f"{resting.endpoints.kalshi_api_url}/markets/{empty}/orderbook")).json()
    assert body == {"orderbook_fp": {}}
    missing = await http.get(f"{resting.endpoints.kalshi_api_url}/markets/NOPE/orderbook")
    assert missing.status_code == 404


async def test_kalshi_batch_orderbooks_need_a_signature(resting, http, kalshi_credentials):
    url = resting.endpoints.kalshi_api_url + "/markets/orderbooks"
    tickers = list(resting.scenario.kalshi_books)[:3]
    params = [("tickers", ticker) for ticker in tickers]
    unsigned = await http.get(url, params=params)
    assert unsigned.status_code == 401
    assert "missing authentication headers" in unsigned.json()["error"]["message"]

    signed = await http.get(url, params=params, headers=sign(kalshi_credentials, "GET", url))
    assert signed.status_code == 200, signed.text
    books = signed.json()["orderbooks"]
    assert [b["ticker"] for b in books] == tickers
    for entry in books:
        book = resting.scenario.kalshi_books[entry["ticker"]]
        wire = entry["orderbook_fp"]
        assert levels_of(wire.get("yes_dollars", [])) == book.yes.levels
        assert levels_of(wire.get("no_dollars", [])) == book.no.levels


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda h, c, url: sign(c, "GET", "/trade-api/v2/markets/orderbooks"), id="real-venue-path"),
        pytest.param(lambda h, c, url: sign_text(c, "GET", urlsplit(url).path + "?tickers=X"), id="signed-with-query"),
        pytest.param(lambda h, c, url: sign(c, "GET", url, int((time.time() - 120) * 1000)), id="stale-timestamp"),
        pytest.param(lambda h, c, url: {**h, "KALSHI-ACCESS-KEY": "other"}, id="unknown-key"),
    ],
)
async def test_kalshi_batch_orderbooks_reject_bad_signatures(resting, http, kalshi_credentials, tamper):
    url = resting.endpoints.kalshi_api_url + "/markets/orderbooks"
    ticker = next(iter(resting.scenario.kalshi_books))
    headers = tamper(sign(kalshi_credentials, "GET", url), kalshi_credentials, url)
    response = await http.get(url, params={"tickers": ticker}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


async def test_kalshi_batch_orderbooks_validate_the_ticker_list(resting, http, kalshi_credentials):
    url = resting.endpoints.kalshi_api_url + "/markets/orderbooks"
    headers = sign(kalshi_credentials, "GET", url)
    none = await http.get(url, headers=headers)
    assert none.status_code == 400 and "between 1 and 100" in none.json()["error"]["message"]
    many = await http.get(url, params=[("tickers", f"T{i}") for i in range(101)], headers=headers)
    assert many.status_code == 400
    unknown = await http.get(url, params={"tickers": "NOPE-1"}, headers=headers)
    assert unknown.status_code == 404 and "NOPE-1" in unknown.json()["error"]["message"]


# ============================================================================================
# Kalshi WebSocket
# ============================================================================================


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


async def tick_and_count(sandbox: SandboxExchange, tickers: list[str], n: int = 1) -> int:
    """Step the world until at least one subscribed market moved; return the deltas to expect."""
    wanted = set(tickers)
    expected = 0
    for _ in range(50):
        steps = await sandbox.tick(n)
        expected += sum(1 for step in steps for change in step.kalshi_changes if change.ticker in wanted)
        if expected:
            return expected
    raise AssertionError("50 ticks moved none of the subscribed markets")


async def test_kalshi_ws_handshake_must_be_signed(resting, session, kalshi_credentials):
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await session.ws_connect(resting.endpoints.kalshi_ws_url)
    assert refused.value.status == 401
    url = resting.endpoints.kalshi_ws_url
    # Signed over the real venue's path instead of the URL actually used.
    wrong = sign(kalshi_credentials, "GET", "/trade-api/ws/v2")
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await session.ws_connect(url, headers=wrong)
    assert refused.value.status == 401


async def test_kalshi_ws_snapshots_then_deltas_reproduce_the_books(sandbox, session, kalshi_credentials):
    tickers = quoted_kalshi_tickers(sandbox, 40)
    mirror = KalshiMirror()
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        await subscribe_books(ws, mirror, tickers)
        mirror.assert_matches(sandbox)
        snapshot_wire = sandbox.scenario.kalshi_books[tickers[0]]
        assert mirror.books[tickers[0]]["yes"] == snapshot_wire.yes.levels
        for _ in range(5):
            expected = await tick_and_count(sandbox, tickers)
            for _ in range(expected):
                mirror.apply(await receive_json(ws))
            mirror.assert_matches(sandbox)
        await nothing_more(ws)


async def test_kalshi_ws_snapshot_levels_are_ascending_and_empty_sides_absent(resting, session, kalshi_credentials):
    quoted = quoted_kalshi_tickers(resting, 1)[0]
    empty = next(t for t, b in resting.scenario.kalshi_books.items() if not b.yes.levels and not b.no.levels)
    async with await kalshi_ws(session, resting, kalshi_credentials) as ws:
        await ws.send_json(command(9, "subscribe", channels=["orderbook_delta"], market_tickers=[quoted, empty]))
        assert (await receive_json(ws))["type"] == "subscribed"
        first, second = await receive_json(ws), await receive_json(ws)
        prices = [Decimal(p) for p, _ in first["msg"]["yes_dollars_fp"]]
        assert prices == sorted(prices)
        assert (first["sid"], first["seq"], second["seq"]) == (1, 1, 2)
        assert set(second["msg"]) == {"market_ticker", "market_id"}


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


async def test_kalshi_ws_ticker_channel_reports_top_of_book_moves(sandbox, session, kalshi_credentials):
    books = sandbox.scenario.kalshi_books
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        # The ticker channel without a market spec covers every market (docs/venues.md#kalshi-websocket).
        await ws.send_json({"id": 1, "cmd": "subscribe", "params": {"channels": ["ticker"]}})
        assert (await receive_json(ws)) == {"id": 1, "type": "subscribed", "msg": {"channel": "ticker", "sid": 1}}
        before = {ticker: kalshi_top(book) for ticker, book in books.items()}
        moved: set[str] = set()
        while not moved:
            await tick_until(sandbox, lambda step: step.kalshi_changes)
            moved = {ticker for ticker, book in books.items() if kalshi_top(book) != before[ticker]}
        last: dict[str, dict[str, Any]] = {}
        while True:
            try:
                message = await receive_json(ws, timeout=0.3)
            except asyncio.TimeoutError:
                break
            assert message["type"] == "ticker" and message["sid"] == 1 and "seq" not in message
            last[message["msg"]["market_ticker"]] = message["msg"]
        assert moved <= set(last)
        for ticker, msg in last.items():
            fields = ("yes_bid_dollars", "yes_bid_size_fp", "yes_ask_dollars", "yes_ask_size_fp")
            reported = tuple(Decimal(msg[field]) for field in fields)
            assert reported == kalshi_top(books[ticker]), ticker
            assert isinstance(msg["ts_ms"], int) and msg["market_id"]


async def test_kalshi_ws_command_errors(resting, session, kalshi_credentials):
    ticker = quoted_kalshi_tickers(resting, 1)[0]
    cases = [
        ({"id": 1, "cmd": "subscribe", "params": {"channels": ["orderbook_delta"]}}, 14),
        ({"id": 2, "cmd": "subscribe", "params": {"channels": ["fills_of_others"], "market_ticker": ticker}}, 8),
        ({"id": 3, "cmd": "subscribe", "params": {"channels": []}}, 3),
        ({"id": 4, "cmd": "subscribe"}, 2),
        ({"id": 5, "cmd": "dance", "params": {}}, 5),
        ({"id": 6, "cmd": "unsubscribe", "params": {"sids": [42]}}, 7),
        ({"id": 7, "cmd": "unsubscribe", "params": {}}, 4),
        ({"id": 8, "cmd": "subscribe", "params": {"channels": ["ticker"], "market_tickers": ["NOPE-1"]}}, 11),
        ({"id": 9, "cmd": "update_subscription", "params": {"sids": [1, 2], "action": "add_markets"}}, 12),
        ({"id": 10, "cmd": "update_subscription", "params": {"sids": [1]}}, 15),
        ({"id": 11, "cmd": "update_subscription", "params": {"sids": [1], "action": "merge"}}, 13),
    ]
    async with await kalshi_ws(session, resting, kalshi_credentials) as ws:
        for command, code in cases:
            await ws.send_json(command)
            error = await receive_json(ws)
            assert error["type"] == "error", (command, error)
            assert error["id"] == command["id"]
            assert error["msg"]["code"] == code, (command, error)
            assert error["msg"]["msg"]
        await ws.send_str("{not json")
        error = await receive_json(ws)
        assert error["msg"]["code"] == 1 and "id" not in error


async def test_kalshi_ws_market_limit_per_subscription(resting, session, kalshi_credentials):
    tickers = [market["ticker"] for market in resting.scenario.kalshi_markets]
    assert len(tickers) > 256, "the size-1 scenario lists more than one subscription's worth of markets"
    async with await kalshi_ws(session, resting, kalshi_credentials) as ws:
        await ws.send_json(command(1, "subscribe", channels=["orderbook_delta"], market_tickers=tickers[:257]))
        error = await receive_json(ws)
        assert (error["type"], error["msg"]["code"]) == ("error", 26)
        await ws.send_json(command(2, "subscribe", channels=["ticker"], market_tickers=tickers[:256]))
        assert (await receive_json(ws))["type"] == "subscribed"
        add = command(3, "update_subscription", sids=[1], market_tickers=[tickers[256]], action="add_markets")
        await ws.send_json(add)
        error = await receive_json(ws)
        assert (error["id"], error["msg"]["code"]) == (3, 26)


async def test_kalshi_ws_unsubscribe_stops_the_stream(sandbox, session, kalshi_credentials):
    tickers = quoted_kalshi_tickers(sandbox, 40)
    mirror = KalshiMirror()
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        sid = await subscribe_books(ws, mirror, tickers)
        await ws.send_json({"id": 2, "cmd": "unsubscribe", "params": {"sids": [sid]}})
        assert await receive_json(ws) == {"id": 2, "sid": sid, "seq": len(tickers), "type": "unsubscribed"}
        await sandbox.tick(5)
        await nothing_more(ws)


async def test_kalshi_ws_update_subscription(sandbox, session, kalshi_credentials):
    first, second, third, *others = quoted_kalshi_tickers(sandbox, 150)
    mirror = KalshiMirror()
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        sid = await subscribe_books(ws, mirror, [first])
        added = [second, third, *others]
        await ws.send_json(command(2, "update_subscription", sids=[sid], market_tickers=added, action="add_markets"))
        ok = await receive_json(ws)
        assert ok == {"id": 2, "sid": sid, "seq": 1, "type": "ok", "msg": {"market_tickers": sorted([first, *added])}}
        for ticker in added:
            snapshot = await receive_json(ws)
            assert snapshot["msg"]["market_ticker"] == ticker
            mirror.apply(snapshot)

        await ws.send_json(command(3, "update_subscription", sid=sid, market_ticker=third, action="delete_markets"))
        ok = await receive_json(ws)
        assert ok["type"] == "ok" and ok["msg"]["market_tickers"] == sorted([first, second, *others])
        del mirror.books[third]

        # get_snapshot re-sends snapshots, tagged with the command id, in the same seq stream.
        snapshot_of_second = command(4, "update_subscription", sids=[sid], market_tickers=[second], action="get_snapshot")
        await ws.send_json(snapshot_of_second)
        snapshot = await receive_json(ws)
        assert (snapshot["type"], snapshot["id"], snapshot["msg"]["market_ticker"]) == ("orderbook_snapshot", 4, second)
        mirror.apply(snapshot)
        await ws.send_json(command(5, "update_subscription", sids=[sid], action="get_snapshot"))
        for ticker in sorted([first, second, *others]):
            snapshot = await receive_json(ws)
            assert snapshot["id"] == 5 and snapshot["msg"]["market_ticker"] == ticker
            mirror.apply(snapshot)

        subscribed = [first, second, *others]
        for _ in range(3):
            expected = await tick_and_count(sandbox, subscribed)
            for _ in range(expected):
                message = await receive_json(ws)
                assert message["msg"]["market_ticker"] != third
                mirror.apply(message)
        mirror.assert_matches(sandbox)


async def test_kalshi_ws_pings_with_heartbeat_body(kalshi_credentials, session):
    key_id, _ = kalshi_credentials
    exchange = SandboxExchange(
        kalshi_public_keys={key_id: public_pem(kalshi_credentials)}, heartbeat_interval_s=0.05
    )
    await exchange.start()
    try:
        async with await kalshi_ws(session, exchange, kalshi_credentials, autoping=False) as ws:
            message = await ws.receive(timeout=5)
            assert message.type is aiohttp.WSMsgType.PING
            assert message.data == b"heartbeat"
            await ws.pong(message.data)
    finally:
        await exchange.stop()


async def test_kalshi_seq_gap_fault_skips_one_number_once(sandbox, session, kalshi_credentials):
    tickers = quoted_kalshi_tickers(sandbox, 60)
    mirror = KalshiMirror()
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        sid = await subscribe_books(ws, mirror, tickers)
        sandbox.inject(Fault(FaultKind.SEQ_GAP, Venue.KALSHI, "ws"))
        expected = await tick_and_count(sandbox, tickers)
        first = await receive_json(ws)
        assert first["type"] == "orderbook_delta"
        assert first["seq"] == mirror.seq[sid] + 2
        # The client would resync; here the test takes the delta and follows on.
        mirror.seq[sid] += 1
        mirror.apply(first)
        for _ in range(expected - 1):
            mirror.apply(await receive_json(ws))
        expected = await tick_and_count(sandbox, tickers)
        for _ in range(expected):
            mirror.apply(await receive_json(ws))
        mirror.assert_matches(sandbox)
        assert sandbox.fault_stats[FaultKind.SEQ_GAP] == 1


async def test_kalshi_lost_update_fault_spends_the_seq_and_sends_nothing(sandbox, session, kalshi_credentials):
    tickers = quoted_kalshi_tickers(sandbox, 60)
    mirror = KalshiMirror()
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        sid = await subscribe_books(ws, mirror, tickers)
        sandbox.inject(Fault(FaultKind.LOST_UPDATE, Venue.KALSHI, "ws"))
        expected = await tick_and_count(sandbox, tickers)
        [(venue, lost)] = sandbox.lost_updates
        assert venue is Venue.KALSHI and lost["type"] == "orderbook_delta" and lost["sid"] == sid
        assert lost["seq"] == mirror.seq[sid] + 1
        # What the client would have received, applied by hand; the rest of the stream follows on.
        mirror.apply(lost)
        for _ in range(expected - 1):
            mirror.apply(await receive_json(ws))
        mirror.assert_matches(sandbox)
        await nothing_more(ws)
    assert sandbox.fault_stats[FaultKind.LOST_UPDATE] == 1


async def test_kalshi_malformed_frame_fault_sends_garbage_then_the_real_stream(sandbox, session, kalshi_credentials):
    tickers = quoted_kalshi_tickers(sandbox, 60)
    mirror = KalshiMirror()
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        await subscribe_books(ws, mirror, tickers)
        sandbox.inject(Fault(FaultKind.MALFORMED_FRAME, Venue.KALSHI, "ws", count=2))
        garbage = []
        for _ in range(3):
            expected = await tick_and_count(sandbox, tickers)
            received = 0
            while received < expected:
                message = await ws.receive(timeout=5)
                try:
                    decoded = orjson.loads(message.data)
                except orjson.JSONDecodeError:
                    garbage.append("not json")
                    continue
                if "msg" not in decoded or "seq" not in decoded:
                    garbage.append("missing fields")
                    continue
                mirror.apply(decoded)
                received += 1
        # One of each kind, and the stream around them is intact (seq checked by the mirror).
        assert sorted(garbage) == ["missing fields", "not json"]
        mirror.assert_matches(sandbox)
        assert sandbox.fault_stats[FaultKind.MALFORMED_FRAME] == 2


async def test_kalshi_ws_drop_connection_fault_cuts_the_socket(sandbox, session, kalshi_credentials):
    tickers = quoted_kalshi_tickers(sandbox, 60)
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        await subscribe_books(ws, KalshiMirror(), tickers)
        sandbox.inject(Fault(FaultKind.DROP_CONNECTION, Venue.KALSHI, "ws"))
        await tick_and_count(sandbox, tickers)
        message = await ws.receive(timeout=5)
        assert message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE)
    # The next connection is served normally: the fault fired once.
    mirror = KalshiMirror()
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        await subscribe_books(ws, mirror, tickers)
        expected = await tick_and_count(sandbox, tickers)
        for _ in range(expected):
            mirror.apply(await receive_json(ws))
        mirror.assert_matches(sandbox)
    assert sandbox.fault_stats[FaultKind.DROP_CONNECTION] == 1


async def test_kalshi_ws_handshake_status_fault(sandbox, session, kalshi_credentials):
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, Venue.KALSHI, "ws", status=429, retry_after_s=2))
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await kalshi_ws(session, sandbox, kalshi_credentials)
    assert refused.value.status == 429
    assert refused.value.headers is not None and refused.value.headers["Retry-After"] == "2"
    async with await kalshi_ws(session, sandbox, kalshi_credentials) as ws:
        assert not ws.closed


# ============================================================================================
# Polymarket Gamma
# ============================================================================================


def open_gamma_markets(sandbox: SandboxExchange) -> list[dict[str, Any]]:
    return [market for market in sandbox.scenario.polymarket_markets if not market["closed"]]


async def test_gamma_markets_offset_paging_defaults_to_open_markets(resting, http):
    url = resting.endpoints.polymarket_gamma_url + "/markets"
    seen = []
    offset = 0
    while True:
        page = (await http.get(url, params={"limit": 40, "offset": offset})).json()
        assert isinstance(page, list)
        if not page:
            break
        seen.extend(page)
        offset += len(page)
    assert sorted(m["id"] for m in seen) == sorted(m["id"] for m in open_gamma_markets(resting))
    # JSON inside JSON, as the venue sends it (docs/venues.md#polymarket-gamma-catalog).
    assert all(isinstance(m["clobTokenIds"], str) and isinstance(m["outcomes"], str) for m in seen)

    only_closed = (await http.get(url, params={"closed": "true", "limit": 1000})).json()
    closed_ids = [m["id"] for m in resting.scenario.polymarket_markets if m["closed"]]
    assert closed_ids
    assert sorted(m["id"] for m in only_closed) == sorted(closed_ids)


async def test_gamma_markets_lookups_and_ordering(resting, http):
    url = resting.endpoints.polymarket_gamma_url + "/markets"
    first, second, third = open_gamma_markets(resting)[:3]
    by_id = (await http.get(url, params=[("id", first["id"]), ("id", second["id"])])).json()
    assert sorted(m["id"] for m in by_id) == sorted([first["id"], second["id"]])
    by_slug = (await http.get(url, params={"slug": third["slug"]})).json()
    assert [m["id"] for m in by_slug] == [third["id"]]
    token = orjson.loads(second["clobTokenIds"])[1]
    by_token = (await http.get(url, params={"clob_token_ids": token})).json()
    assert [m["id"] for m in by_token] == [second["id"]]
    by_condition = (await http.get(url, params={"condition_ids": first["conditionId"]})).json()
    assert [m["id"] for m in by_condition] == [first["id"]]

    by_volume = (await http.get(url, params={"order": "volume24hr", "ascending": "false", "limit": 1000})).json()
    volumes = [m["volume24hr"] for m in by_volume]
    assert volumes == sorted(volumes, reverse=True)
    by_end = (await http.get(url, params={"order": "end_date", "ascending": "true", "limit": 1000})).json()
    assert [m["endDate"] for m in by_end] == sorted(m["endDate"] for m in by_end)


@pytest.mark.parametrize(
    ("path", "params", "complaint"),
    [
        ("/markets", {"limit": -1}, "limit must be between"),
        ("/markets", {"limit": "many"}, "limit must be an integer"),
        ("/markets", {"closed": "maybe"}, "closed must be true or false"),
        ("/markets", {"order": "popularity"}, "unknown field"),
        ("/markets/keyset", {"offset": 10}, "does not take offset"),
        ("/markets/keyset", {"after_cursor": "zzz"}, "not a cursor"),
        ("/events/keyset", {"offset": 0}, "does not take offset"),
        ("/events", {"limit": 501}, "limit must be between"),
    ],
)
async def test_gamma_rejects_bad_params(resting, http, path, params, complaint):
    response = await http.get(resting.endpoints.polymarket_gamma_url + path, params=params)
    assert response.status_code == 400
    assert complaint in response.json()["error"]


async def keyset_pages(http: httpx.AsyncClient, url: str, key: str, **params: Any) -> list[list[dict[str, Any]]]:
    pages = []
    cursor = None
    while True:
        body = (await http.get(url, params={**params, **({"after_cursor": cursor} if cursor else {})})).json()
        pages.append(body[key])
        if "next_cursor" not in body:
            return pages
        cursor = body["next_cursor"]
        assert cursor


async def test_gamma_markets_keyset_pages_until_next_cursor_is_absent(resting, http):
    url = resting.endpoints.polymarket_gamma_url + "/markets/keyset"
    pages = await keyset_pages(http, url, "markets", limit=45)
    assert len(pages) > 1 and all(len(page) == 45 for page in pages[:-1])
    ids = [m["id"] for page in pages for m in page]
    assert len(ids) == len(set(ids))
    assert sorted(ids) == sorted(m["id"] for m in open_gamma_markets(resting))

    ordered = await keyset_pages(http, url, "markets", limit=45, order="volume24hr", ascending="false")
    volumes = [m["volume24hr"] for page in ordered for m in page]
    assert len(volumes) == len(ids) and volumes == sorted(volumes, reverse=True)


async def test_gamma_market_and_event_by_id(resting, http):
    base = resting.endpoints.polymarket_gamma_url
    market = resting.scenario.polymarket_markets[0]
    assert (await http.get(f"{base}/markets/{market['id']}")).json() == market
    event = resting.scenario.polymarket_events[0]
    body = (await http.get(f"{base}/events/{event['id']}")).json()
    assert body["id"] == event["id"] and body["markets"] == event["markets"]
    for path in ("/markets/1", "/events/1"):
        missing = await http.get(base + path)
        assert missing.status_code == 404 and "not found" in missing.json()["error"]


async def test_gamma_events_offset_and_keyset(resting, http):
    base = resting.endpoints.polymarket_gamma_url
    open_events = [e for e in resting.scenario.polymarket_events if not e["closed"]]
    listed = (await http.get(base + "/events", params={"limit": 500})).json()
    assert sorted(e["id"] for e in listed) == sorted(e["id"] for e in open_events)
    assert all("markets" in event for event in listed)
    pages = await keyset_pages(http, base + "/events/keyset", "events", limit=7)
    assert sorted(e["id"] for page in pages for e in page) == sorted(e["id"] for e in open_events)
    one = (await http.get(base + "/events", params={"slug": open_events[0]["slug"]})).json()
    assert [e["id"] for e in one] == [open_events[0]["id"]]


# ============================================================================================
# Polymarket CLOB REST
# ============================================================================================


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


async def test_clob_book_wire_shape(sandbox, http):
    tokens = list(sandbox.scenario.polymarket_books)[:500]
    body = [{"token_id": token} for token in tokens]
    books = (await http.post(sandbox.endpoints.polymarket_clob_url + "/books", json=body)).json()
    opening_hashes = {book["asset_id"]: book["hash"] for book in books}
    token = quoted_tokens(sandbox, 1)[0]
    book = sandbox.scenario.polymarket_books[token]
    response = await http.get(sandbox.endpoints.polymarket_clob_url + "/book", params={"token_id": token})
    wire = response.json()
    assert set(wire) == {
        "market", "asset_id", "timestamp", "hash", "bids", "asks",
        "min_order_size", "tick_size", "neg_risk", "last_trade_price",
    }
    assert wire["asset_id"] == token
    assert wire["market"] == book.market_id
    assert_clob_book(wire, book)
    assert wire["timestamp"].isdigit() and abs(int(wire["timestamp"]) / 1000 - time.time()) < 60
    assert Decimal(wire["tick_size"]) == book.tick_size
    assert isinstance(wire["neg_risk"], bool)

    step = await tick_until(sandbox, lambda step: any(c.token_id in opening_hashes for c in step.polymarket_changes))
    token = next(c.token_id for c in step.polymarket_changes if c.token_id in opening_hashes)
    moved = (await http.get(sandbox.endpoints.polymarket_clob_url + "/book", params={"token_id": token})).json()
    assert moved["hash"] != opening_hashes[token]
    assert_clob_book(moved, sandbox.scenario.polymarket_books[token])


async def test_clob_book_errors_are_json(resting, http):
    url = resting.endpoints.polymarket_clob_url + "/book"
    missing = await http.get(url)
    assert missing.status_code == 400 and "token_id" in missing.json()["error"]
    unknown = await http.get(url, params={"token_id": "123"})
    assert unknown.status_code == 404
    assert unknown.json() == {"error": "No orderbook exists for the requested token id"}


async def test_clob_post_books(resting, http):
    url = resting.endpoints.polymarket_clob_url + "/books"
    tokens = quoted_tokens(resting, 4)
    books = (await http.post(url, json=[{"token_id": token} for token in tokens])).json()
    assert [book["asset_id"] for book in books] == tokens
    for wire in books:
        assert_clob_book(wire, resting.scenario.polymarket_books[wire["asset_id"]])
    for body, status in (
        ({"token_id": tokens[0]}, 400),
        ([], 400),
        ([{"token": tokens[0]}], 400),
        ([{"token_id": tokens[0]}] * 501, 400),
        ([{"token_id": "123"}], 404),
    ):
        response = await http.post(url, json=body)
        assert response.status_code == status, body
        assert response.json()["error"]
    not_json = await http.post(url, content=b"[{")
    assert not_json.status_code == 400


# ============================================================================================
# Polymarket market WebSocket
# ============================================================================================


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


async def tick_tokens(sandbox: SandboxExchange, tokens: list[str]) -> int:
    """Step until a subscribed token moved; return the price_change messages to expect (one per
    condition per step)."""
    wanted = set(tokens)
    expected = 0
    for _ in range(50):
        for step in await sandbox.tick():
            expected += len({c.condition_id for c in step.polymarket_changes if c.token_id in wanted})
        if expected:
            return expected
    raise AssertionError("50 ticks moved none of the subscribed tokens")


async def read_price_changes(
    ws: aiohttp.ClientWebSocketResponse, mirror: PolymarketMirror, expected: int
) -> list[dict[str, Any]]:
    others = []
    while expected:
        event = await receive_json(ws)
        assert isinstance(event, dict)
        if event["event_type"] == "price_change":
            mirror.apply(event)
            expected -= 1
        else:
            others.append(event)
    return others


async def test_polymarket_ws_snapshots_then_price_changes_reproduce_the_books(sandbox, session):
    tokens = quoted_tokens(sandbox, 60)
    mirror = PolymarketMirror()
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await subscribe_tokens(ws, mirror, tokens)
        assert len(mirror.books) == len(tokens) == 60
        mirror.assert_matches(sandbox)
        others = []
        for _ in range(5):
            others += await read_price_changes(ws, mirror, await tick_tokens(sandbox, tokens))
            mirror.assert_matches(sandbox)
        for event in others:
            # Without custom features only book-related extras arrive.
            assert event["event_type"] in ("last_trade_price", "tick_size_change"), event
            assert event["asset_id"] in tokens


def open_market_tokens(sandbox: SandboxExchange, limit: int = 500) -> list[str]:
    """Both tokens of as many open markets as fit in one connection."""
    tokens = [t for m in open_gamma_markets(sandbox) for t in orjson.loads(m["clobTokenIds"])]
    assert len(tokens) >= limit - limit % 2, f"the scenario has {len(tokens)} open tokens, {limit} wanted"
    return tokens[: limit - limit % 2]


async def test_polymarket_price_change_covers_both_tokens_of_a_condition(sandbox, session):
    tokens = open_market_tokens(sandbox)
    mirror = PolymarketMirror()
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await subscribe_tokens(ws, mirror, tokens)
        events = []
        for _ in range(3):
            expected = await tick_tokens(sandbox, tokens)
            while expected:
                event = await receive_json(ws)
                if event["event_type"] == "price_change":
                    events.append(event)
                    mirror.apply(event)
                    expected -= 1
        # The scenario mirrors a bid on one token as an ask on the other: one message, both tokens.
        token_lists = [orjson.loads(m["clobTokenIds"]) for m in sandbox.scenario.polymarket_markets]
        pairs = {token: set(tokens) for tokens in token_lists for token in tokens}
        assert len(events) >= 3, "each of the three ticks moved a subscribed token"
        for event in events:
            assert {c["asset_id"] for c in event["price_changes"]} == pairs[event["price_changes"][0]["asset_id"]]
            sides = {c["asset_id"]: c["side"] for c in event["price_changes"]}
            assert set(sides.values()) <= {"BUY", "SELL"}
        mirror.assert_matches(sandbox)


async def test_polymarket_ws_ping_pong_and_later_operations(sandbox, session):
    first, second = quoted_tokens(sandbox, 2)
    mirror = PolymarketMirror()
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await subscribe_tokens(ws, mirror, [first])
        await ws.send_str("PING")
        pong = await ws.receive(timeout=5)
        assert (pong.type, pong.data) == (aiohttp.WSMsgType.TEXT, "PONG")

        await ws.send_json({"assets_ids": [second, "999"], "operation": "subscribe"})
        frame = await receive_json(ws)
        # Unknown token ids get no book, as on the venue.
        assert [event["asset_id"] for event in frame] == [second]
        mirror.apply(frame[0])

        await ws.send_json({"assets_ids": [first, second], "operation": "unsubscribe"})
        await ws.send_str("PING")
        assert (await ws.receive(timeout=5)).data == "PONG"
        await sandbox.tick(5)
        await nothing_more(ws)


async def test_polymarket_ws_custom_features(sandbox, session):
    tokens = open_market_tokens(sandbox)
    mirror = PolymarketMirror()
    opened = sandbox.scenario.now
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await subscribe_tokens(ws, mirror, tokens, custom=True)
        seen: dict[str, dict[str, Any]] = {}
        while "best_bid_ask" not in seen:
            for event in await read_price_changes(ws, mirror, await tick_tokens(sandbox, tokens)):
                seen[event["event_type"]] = event
            assert sandbox.scenario.now - opened < timedelta(minutes=5), "no best bid/ask moved in 300 steps"
        best = seen["best_bid_ask"]
        assert set(best) == {"event_type", "market", "asset_id", "best_bid", "best_ask", "spread", "timestamp"}
        assert Decimal(best["spread"]) == Decimal(best["best_ask"]) - Decimal(best["best_bid"])


async def test_polymarket_market_resolved_reaches_custom_subscribers(sandbox, session):
    from arb_pipeline.sandbox.state import MarketResolution, StepResult

    market = sandbox.scenario.polymarket_markets[0]
    tokens = orjson.loads(market["clobTokenIds"])
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as plain, session.ws_connect(
        sandbox.endpoints.polymarket_ws_url
    ) as custom:
        await plain.send_json({"assets_ids": tokens, "type": "market"})
        await custom.send_json({"assets_ids": tokens, "type": "market", "custom_feature_enabled": True})
        await receive_json(plain)
        await receive_json(custom)
        resolution = MarketResolution(Venue.POLYMARKET, market["id"], "Yes", tokens[0], datetime.now(tz=UTC))
        sandbox.polymarket.publish(StepResult(datetime.now(tz=UTC), resolutions=[resolution]))
        event = await receive_json(custom)
        assert event["event_type"] == "market_resolved"
        assert (event["winning_asset_id"], event["winning_outcome"], event["market"]) == (
            tokens[0], "Yes", market["conditionId"]
        )
        assert event["assets_ids"] == tokens
        await nothing_more(custom)
        await nothing_more(plain)


async def test_polymarket_tick_size_change_and_last_trade_from_a_lifted_ask(sandbox, session):
    from arb_pipeline.sandbox.state import PolymarketLevelChange, StepResult

    token = quoted_tokens(sandbox, 1)[0]
    book = sandbox.scenario.polymarket_books[token]
    best_ask = min(book.asks.levels)
    left = book.asks.levels[best_ask] - 7
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await ws.send_json({"assets_ids": [token], "type": "market"})
        await receive_json(ws)
        # A taker lifts 7 contracts off the best ask while the venue changes the tick size.
        book.asks.set(best_ask, left)
        old_tick = book.tick_size
        new_tick = Decimal("0.001") if old_tick == Decimal("0.01") else Decimal("0.01")
        book.tick_size = new_tick
        change = PolymarketLevelChange(token, book.market_id, BookSide.ASK, best_ask, left)
        sandbox.polymarket.publish(StepResult(datetime.now(tz=UTC), polymarket_changes=[change]))
        events = {}
        for _ in range(3):
            event = await receive_json(ws)
            events[event["event_type"]] = event
    assert events["price_change"]["price_changes"][0]["size"] == format(left.normalize(), "f")
    tick = events["tick_size_change"]
    assert (Decimal(tick["old_tick_size"]), Decimal(tick["new_tick_size"])) == (old_tick, new_tick)
    trade = events["last_trade_price"]
    assert (trade["side"], Decimal(trade["price"]), Decimal(trade["size"])) == ("BUY", best_ask, Decimal(7))
    assert trade["fee_rate_bps"].isdigit()
    async with httpx.AsyncClient() as http:
        rest = (await http.get(sandbox.endpoints.polymarket_clob_url + "/book", params={"token_id": token})).json()
    assert (Decimal(rest["tick_size"]), Decimal(rest["last_trade_price"])) == (new_tick, best_ask)


@pytest.mark.parametrize(
    "first_message",
    [
        pytest.param("hello", id="not-json"),
        pytest.param('{"type": "market"}', id="no-assets"),
        pytest.param('{"assets_ids": ["1"], "type": "user"}', id="wrong-channel"),
    ],
)
async def test_polymarket_ws_closes_on_a_bad_first_message(resting, session, first_message):
    async with session.ws_connect(resting.endpoints.polymarket_ws_url) as ws:
        await ws.send_str(first_message)
        closed = await ws.receive(timeout=5)
        assert closed.type is aiohttp.WSMsgType.CLOSE
        assert closed.data == aiohttp.WSCloseCode.POLICY_VIOLATION


async def test_polymarket_ws_limits_assets_per_connection(resting, session):
    tokens = list(resting.scenario.polymarket_books)
    assert len(tokens) > 500
    async with session.ws_connect(resting.endpoints.polymarket_ws_url) as ws:
        await ws.send_json({"assets_ids": tokens[:500], "type": "market"})
        assert len(await receive_json(ws)) == 500
        await ws.send_json({"assets_ids": tokens[500:501], "operation": "subscribe"})
        closed = await ws.receive(timeout=5)
        assert closed.type is aiohttp.WSMsgType.CLOSE and "500" in closed.extra


async def test_polymarket_lost_update_fault_keeps_one_price_change_back(sandbox, session):
    tokens = quoted_tokens(sandbox, 60)
    mirror = PolymarketMirror()
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await subscribe_tokens(ws, mirror, tokens)
        sandbox.inject(Fault(FaultKind.LOST_UPDATE, Venue.POLYMARKET, "ws"))
        expected = await tick_tokens(sandbox, tokens)
        [(venue, lost)] = sandbox.lost_updates
        assert venue is Venue.POLYMARKET and lost["event_type"] == "price_change"
        assert {change["asset_id"] for change in lost["price_changes"]} <= set(tokens)
        await read_price_changes(ws, mirror, expected - 1)
        # Nothing in the stream says an update is missing; the lost one is what makes it whole.
        with pytest.raises(AssertionError):
            mirror.assert_matches(sandbox)
        mirror.apply(lost)
        mirror.assert_matches(sandbox)
    assert sandbox.fault_stats[FaultKind.LOST_UPDATE] == 1


async def test_polymarket_ws_malformed_and_drop_faults(sandbox, session):
    tokens = quoted_tokens(sandbox, 60)
    mirror = PolymarketMirror()
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await subscribe_tokens(ws, mirror, tokens)
        sandbox.inject(Fault(FaultKind.MALFORMED_FRAME, Venue.POLYMARKET, "ws", count=2))
        garbage = []
        for _ in range(3):
            expected = await tick_tokens(sandbox, tokens)
            while expected:
                message = await ws.receive(timeout=5)
                try:
                    event = orjson.loads(message.data)
                except orjson.JSONDecodeError:
                    garbage.append("not json")
                    continue
                if event["event_type"] == "price_change" and "price_changes" not in event:
                    garbage.append("missing fields")
                    continue
                if mirror.apply(event):
                    expected -= 1
        assert sorted(garbage) == ["missing fields", "not json"]
        mirror.assert_matches(sandbox)

        sandbox.inject(Fault(FaultKind.DROP_CONNECTION, Venue.POLYMARKET, "ws"))
        await tick_tokens(sandbox, tokens)
        while True:
            message = await ws.receive(timeout=5)
            if message.type is not aiohttp.WSMsgType.TEXT:
                break
        assert message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE)
    assert sandbox.fault_stats[FaultKind.MALFORMED_FRAME] == 2
    assert sandbox.fault_stats[FaultKind.DROP_CONNECTION] == 1


# ============================================================================================
# The Odds API
# ============================================================================================


def quota(response: httpx.Response) -> tuple[int, int, int]:
    headers = response.headers
    return int(headers["x-requests-remaining"]), int(headers["x-requests-used"]), int(headers["x-requests-last"])


def odds_sport(sandbox: SandboxExchange) -> str:
    return next(sport for sport, events in sandbox.scenario.odds_events.items() if events)


async def test_odds_api_key_is_required(resting, http):
    response = await http.get(resting.endpoints.odds_api_url + "/v4/sports")
    assert response.status_code == 401
    assert response.json()["error_code"] == "MISSING_KEY" and "apiKey" in response.json()["message"]


async def test_odds_sports_and_events_are_free(sandbox, http):
    base = sandbox.endpoints.odds_api_url + "/v4/sports"
    sports = await http.get(base, params={"apiKey": "any"})
    assert sports.json() == [s for s in sandbox.scenario.odds_sports if s["active"]]
    assert quota(sports) == (500, 0, 0)
    sport = odds_sport(sandbox)
    events = await http.get(f"{base}/{sport}/events", params={"apiKey": "any"})
    assert quota(events) == (500, 0, 0)
    body = events.json()
    assert [e["id"] for e in body] == [e["id"] for e in sandbox.scenario.odds_events[sport]]
    assert all("bookmakers" not in event for event in body)
    assert set(body[0]) == {"id", "sport_key", "sport_title", "commence_time", "home_team", "away_team"}


async def test_odds_cost_is_markets_times_regions_and_empty_results_are_free(sandbox, http):
    url = f"{sandbox.endpoints.odds_api_url}/v4/sports/{odds_sport(sandbox)}/odds"
    one = await http.get(url, params={"apiKey": "k", "regions": "us", "markets": "h2h"})
    assert quota(one) == (499, 1, 1)
    four = await http.get(url, params={"apiKey": "k", "regions": "us,uk", "markets": "h2h,spreads"})
    assert quota(four) == (495, 5, 4)
    empty = await http.get(url, params={"apiKey": "k", "regions": "us", "eventIds": "no-such-event"})
    assert empty.json() == [] and quota(empty) == (495, 5, 0)
    by_books = await http.get(url, params={"apiKey": "k", "bookmakers": "draftkings,fanduel"})
    assert quota(by_books) == (494, 6, 1)
    assert {b["key"] for e in by_books.json() for b in e["bookmakers"]} == {"draftkings", "fanduel"}


async def test_odds_formats(resting, http):
    sport = odds_sport(resting)
    url = f"{resting.endpoints.odds_api_url}/v4/sports/{sport}/odds"
    decimal = (await http.get(url, params={"apiKey": "k", "regions": "us"})).json()
    params = {"apiKey": "k", "regions": "us", "oddsFormat": "american", "dateFormat": "unix"}
    american = (await http.get(url, params=params)).json()
    assert [e["id"] for e in decimal] == [e["id"] for e in american]
    assert len(decimal) == len(resting.scenario.odds_events[sport]) > 0
    for plain, us in zip(decimal, american, strict=True):
        assert len(plain["bookmakers"]) >= 4
        h2h = plain["bookmakers"][0]["markets"][0]
        assert {plain["home_team"], plain["away_team"]} == {outcome["name"] for outcome in h2h["outcomes"]}
        assert isinstance(us["commence_time"], int)
        assert us["commence_time"] == int(epoch(plain["commence_time"]))
        for book, us_book in zip(plain["bookmakers"], us["bookmakers"], strict=True):
            assert isinstance(us_book["last_update"], int)
            outcomes, us_outcomes = book["markets"][0]["outcomes"], us_book["markets"][0]["outcomes"]
            for outcome, us_outcome in zip(outcomes, us_outcomes, strict=True):
                assert isinstance(outcome["price"], float) and outcome["price"] > 1
                assert isinstance(us_outcome["price"], int) and abs(us_outcome["price"]) >= 100
                # An American favourite (< 0) is a decimal price under 2, an underdog over 2.
                assert (us_outcome["price"] < 0) == (outcome["price"] < 2)


async def test_odds_commence_time_window(resting, http):
    sport = odds_sport(resting)
    events = resting.scenario.odds_events[sport]
    starts = sorted(e["commence_time"] for e in events)
    url = f"{resting.endpoints.odds_api_url}/v4/sports/{sport}/odds"
    later = (await http.get(url, params={"apiKey": "k", "regions": "us", "commenceTimeFrom": starts[-1]})).json()
    assert [e["commence_time"] for e in later] == [starts[-1]] * len(later) and later


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("/v4/sports/curling_mars/odds", {"regions": "us"}, "UNKNOWN_SPORT"),
        ("/v4/sports/{sport}/odds", {}, "MISSING_REGION"),
        ("/v4/sports/{sport}/odds", {"regions": "moon"}, "INVALID_REGION"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "markets": "props"}, "INVALID_MARKET"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "oddsFormat": "fractional"}, "INVALID_ODDS_FORMAT"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "dateFormat": "excel"}, "INVALID_DATE_FORMAT"),
        ("/v4/sports/{sport}/odds", {"regions": "us", "commenceTimeFrom": "tomorrow"}, "INVALID_COMMENCETIMEFROM"),
        ("/v4/sports/curling_mars/events", {}, "UNKNOWN_SPORT"),
    ],
)
async def test_odds_rejects_bad_params_with_422(resting, http, path, params, code):
    url = resting.endpoints.odds_api_url + path.format(sport=odds_sport(resting))
    response = await http.get(url, params={"apiKey": "k", **params})
    assert response.status_code == 422
    assert response.json()["error_code"] == code
    assert quota(response)[2] == 0


async def test_odds_quota_runs_out_with_429(http):
    exchange = SandboxExchange(odds_api_key="secret", odds_quota=3)
    endpoints = await exchange.start()
    try:
        sport = odds_sport(exchange)
        url = f"{endpoints.odds_api_url}/v4/sports/{sport}/odds"
        wrong = await http.get(url, params={"apiKey": "guess", "regions": "us"})
        assert wrong.status_code == 401 and wrong.json()["error_code"] == "INVALID_KEY"
        two = await http.get(url, params={"apiKey": "secret", "regions": "us,uk"})
        assert quota(two) == (1, 2, 2)
        refused = await http.get(url, params={"apiKey": "secret", "regions": "us,uk"})
        assert refused.status_code == 429
        assert refused.json()["error_code"] == "OUT_OF_USAGE_CREDITS"
        assert quota(refused) == (1, 2, 0)
        last = await http.get(url, params={"apiKey": "secret", "regions": "us"})
        assert quota(last) == (0, 3, 1)
    finally:
        await exchange.stop()


# ============================================================================================
# REST faults and control endpoints
# ============================================================================================


async def test_http_status_fault_fires_count_times_on_its_prefix_only(sandbox, http):
    base = sandbox.endpoints.kalshi_api_url
    sandbox.inject(
        Fault(FaultKind.HTTP_STATUS, Venue.KALSHI, path_prefix="/markets", count=2, status=429, retry_after_s=1.5)
    )
    assert (await http.get(base + "/series")).status_code == 200
    for _ in range(2):
        refused = await http.get(base + "/markets", params={"limit": 1})
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == "1.5"
        assert refused.json()["error"]["code"] == "too_many_requests"
    assert (await http.get(base + "/markets", params={"limit": 1})).status_code == 200
    assert sandbox.fault_stats[FaultKind.HTTP_STATUS] == 2


async def test_http_status_fault_speaks_each_venues_error_shape(sandbox, http):
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, Venue.POLYMARKET, path_prefix="/book", status=503))
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, Venue.ODDS_API, status=500))
    token = quoted_tokens(sandbox, 1)[0]
    clob = sandbox.endpoints.polymarket_clob_url
    # "/book" matches whole segments: POST /books is not hit.
    assert (await http.post(clob + "/books", json=[{"token_id": token}])).status_code == 200
    failed = await http.get(clob + "/book", params={"token_id": token})
    assert failed.status_code == 503 and isinstance(failed.json()["error"], str)
    odds = await http.get(sandbox.endpoints.odds_api_url + "/v4/sports", params={"apiKey": "k"})
    assert odds.status_code == 500 and odds.json()["message"]
    assert (await http.get(clob + "/book", params={"token_id": token})).status_code == 200


async def test_drop_connection_fault_closes_without_a_response(sandbox, http):
    sandbox.inject(Fault(FaultKind.DROP_CONNECTION, Venue.POLYMARKET, path_prefix="/gamma/markets"))
    url = sandbox.endpoints.polymarket_gamma_url + "/markets"
    with pytest.raises(httpx.RemoteProtocolError):
        await http.get(url, params={"limit": 1})
    assert (await http.get(url, params={"limit": 1})).status_code == 200
    assert sandbox.fault_stats[FaultKind.DROP_CONNECTION] == 1


async def test_slow_fault_delays_then_answers(sandbox):
    sandbox.inject(Fault(FaultKind.SLOW, Venue.KALSHI, path_prefix="/series", delay_s=1.0))
    url = sandbox.endpoints.kalshi_api_url + "/series"
    async with httpx.AsyncClient(timeout=0.2) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            await impatient.get(url)
        assert (await impatient.get(url)).status_code == 200
    assert sandbox.fault_stats[FaultKind.SLOW] == 1


async def test_stale_book_fault_serves_the_opening_book(sandbox, http, kalshi_credentials):
    kalshi_url = sandbox.endpoints.kalshi_api_url + "/markets/{}/orderbook"
    clob_url = sandbox.endpoints.polymarket_clob_url + "/book"
    tokens = list(sandbox.scenario.polymarket_books)
    opening_clob = {
        book["asset_id"]: book
        for book in (await http.post(clob_url + "s", json=[{"token_id": t} for t in tokens[:500]])).json()
    }
    step = await tick_until(
        sandbox,
        lambda step: step.kalshi_changes and any(c.token_id in opening_clob for c in step.polymarket_changes),
    )
    ticker = step.kalshi_changes[0].ticker
    token = next(c.token_id for c in step.polymarket_changes if c.token_id in opening_clob)
    # What the ticker's book looked like before this step: undo the step's deltas.
    opening_kalshi = {side: dict(getattr(sandbox.scenario.kalshi_books[ticker], side).levels) for side in ("yes", "no")}
    for change in reversed(step.kalshi_changes):
        if change.ticker == ticker:
            levels = opening_kalshi[change.side]
            levels[change.price] = levels.get(change.price, Decimal(0)) - change.delta
            if not levels[change.price]:
                del levels[change.price]

    sandbox.inject(Fault(FaultKind.STALE_BOOK, Venue.KALSHI, path_prefix="/markets", count=1))
    sandbox.inject(Fault(FaultKind.STALE_BOOK, Venue.POLYMARKET, path_prefix="/book", count=1))
    stale = (await http.get(kalshi_url.format(ticker))).json()["orderbook_fp"]
    assert levels_of(stale.get("yes_dollars", [])) == opening_kalshi["yes"]
    assert levels_of(stale.get("no_dollars", [])) == opening_kalshi["no"]
    fresh = (await http.get(kalshi_url.format(ticker))).json()["orderbook_fp"]
    assert levels_of(fresh.get("yes_dollars", [])) == sandbox.scenario.kalshi_books[ticker].yes.levels

    stale_clob = (await http.get(clob_url, params={"token_id": token})).json()
    opening = opening_clob[token]
    assert [stale_clob[key] for key in ("bids", "asks", "hash")] == [opening[key] for key in ("bids", "asks", "hash")]
    assert int(stale_clob["timestamp"]) / 1000 < time.time() - 3000
    fresh_clob = (await http.get(clob_url, params={"token_id": token})).json()
    assert fresh_clob["hash"] != opening["hash"]
    assert_clob_book(fresh_clob, sandbox.scenario.polymarket_books[token])
    assert sandbox.fault_stats[FaultKind.STALE_BOOK] == 2


async def test_unknown_venue_paths_answer_in_the_venue_shape(resting, http):
    kalshi = await http.get(resting.endpoints.kalshi_api_url + "/portfolio/balance")
    assert kalshi.status_code == 404 and kalshi.json()["error"]["code"] == "not_found"
    gamma = await http.get(resting.endpoints.polymarket_gamma_url + "/tags")
    assert gamma.status_code == 404 and "no such endpoint" in gamma.json()["error"]
    wrong_method = await http.post(resting.endpoints.kalshi_api_url + "/markets")
    assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == "method_not_allowed"


async def test_control_endpoints(sandbox, http):
    root = sandbox.endpoints.kalshi_api_url.split("/kalshi")[0]
    armed = await http.post(root + "/_sandbox/faults", json={"kind": "http_status", "venue": "kalshi", "status": 502})
    assert armed.status_code == 200 and armed.json()["armed"]["status"] == 502
    assert (await http.get(sandbox.endpoints.kalshi_api_url + "/series")).status_code == 502
    bad = await http.post(root + "/_sandbox/faults", json={"kind": "http_status", "venue": "kalshi"})
    assert bad.status_code == 400 and "4xx/5xx" in bad.json()["error"]

    before = sandbox.scenario.now
    ticked = (await http.post(root + "/_sandbox/tick", json={"n": 3})).json()
    assert ticked["ticks"] == 3 and sandbox.scenario.now > before
    assert ticked["kalshi_changes"] > 0 and ticked["polymarket_changes"] > 0
    assert (await http.post(root + "/_sandbox/tick")).json()["ticks"] == 1
    assert (await http.post(root + "/_sandbox/tick", json={"n": 0})).status_code == 400

    truth = (await http.get(root + "/_sandbox/truth")).json()
    assert truth == orjson.loads(orjson.dumps(sandbox.truth()))
    assert truth["truth_pairs"] and truth["hard_negatives"]
    pair = truth["truth_pairs"][0]
    assert pair["kalshi_ticker"] in {m["ticker"] for m in sandbox.scenario.kalshi_markets}

    for body in ({"venue": "odds_api", "messages": 5}, {"venue": "kalshi", "messages": 0}, {"venue": "kalshi"}):
        assert (await http.post(root + "/_sandbox/burst", json=body)).status_code == 400


# ============================================================================================
# Running the exchange: a thread for synchronous callers, and the `arb-pipeline sandbox` entry
# ============================================================================================


def test_run_in_thread_serves_synchronous_callers():
    exchange = SandboxExchange(tick_interval_s=None)
    with exchange.run_in_thread() as running, httpx.Client(timeout=10) as client:
        root = running.endpoints.kalshi_api_url.split("/kalshi")[0]
        assert client.get(running.endpoints.kalshi_api_url + "/markets", params={"limit": 2}).status_code == 200
        running.inject(Fault(FaultKind.HTTP_STATUS, Venue.KALSHI, status=503))
        assert client.get(running.endpoints.kalshi_api_url + "/series").status_code == 503
        assert client.post(root + "/_sandbox/tick", json={"n": 2}).json()["ticks"] == 2
    with pytest.raises(httpx.ConnectError), httpx.Client(timeout=2) as client:
        client.get(running.endpoints.kalshi_api_url + "/series")


async def test_background_ticks_move_the_books_and_stream_them(kalshi_credentials, session):
    key_id, _ = kalshi_credentials
    exchange = SandboxExchange(tick_interval_s=0.02, kalshi_public_keys={key_id: public_pem(kalshi_credentials)})
    await exchange.start()
    try:
        tickers = quoted_kalshi_tickers(exchange, 100)
        mirror = KalshiMirror()
        async with await kalshi_ws(session, exchange, kalshi_credentials) as ws:
            await subscribe_books(ws, mirror, tickers)
            # Nobody calls tick(): deltas flow from the background task, seq unbroken.
            for _ in range(20):
                mirror.apply(await receive_json(ws))
    finally:
        await exchange.stop()


def test_serve_prints_exports_and_reuses_its_key(tmp_path):
    script = (
        "import sys; from pathlib import Path; from arb_pipeline.sandbox.server import serve; "
        "serve(port=0, tick_interval_s=None, key_dir=Path(sys.argv[1]))"
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    exports: list[dict[str, str]] = []
    for _ in range(2):
        with subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path / "keys")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            try:
                lines = [process.stdout.readline().strip() for _ in range(9)]
                if not all(line.startswith("export ") for line in lines):
                    process.kill()
                    raise AssertionError(f"serve() printed {lines!r}; stderr: {process.stderr.read()}")
                values = dict(line.removeprefix("export ").split("=", 1) for line in lines)
                response = httpx.get(values["ARB_KALSHI_API_URL"] + "/markets", params={"limit": 1}, timeout=10)
                assert response.status_code == 200
            finally:
                if process.poll() is None:
                    process.send_signal(signal.SIGINT)
            # Ctrl-C is a clean shutdown.
            assert process.wait(timeout=20) == 0, process.stderr.read()
        exports.append(values)
    first, second = exports
    assert set(first) == {
        "ARB_KALSHI_API_URL", "ARB_KALSHI_WS_URL", "ARB_POLYMARKET_GAMMA_URL", "ARB_POLYMARKET_CLOB_URL",
        "ARB_POLYMARKET_WS_URL", "ARB_ODDS_API_URL", "KALSHI_API_KEY_ID", "KALSHI_PRIVATE_KEY_PATH", "ODDS_API_KEY",
    }
    assert first["ARB_KALSHI_WS_URL"].startswith("ws://127.0.0.1:") and first["ODDS_API_KEY"] == "sandbox"
    key_path = Path(first["KALSHI_PRIVATE_KEY_PATH"])
    assert key_path == Path(second["KALSHI_PRIVATE_KEY_PATH"])
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600


# ============================================================================================
# Bursts
# ============================================================================================


async def post_burst(sandbox: SandboxExchange, venue: str, messages: int) -> dict[str, Any]:
    root = sandbox.endpoints.kalshi_api_url.split("/kalshi")[0]
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.post(root + "/_sandbox/burst", json={"venue": venue, "messages": messages})
    assert response.status_code == 200, response.text
    return response.json()


async def drain(ws: aiohttp.ClientWebSocketResponse, apply: Any) -> None:
    """Apply whatever is still in flight once the server says it has written everything."""
    while True:
        try:
            message = await ws.receive(timeout=0.3)
        except asyncio.TimeoutError:
            return
        apply(orjson.loads(message.data))


async def test_kalshi_burst_keeps_every_subscriber_in_step(sandbox, session, kalshi_credentials):
    open_tickers = [m["ticker"] for m in sandbox.scenario.kalshi_markets if m["status"] == "active"]
    books = sandbox.scenario.kalshi_books
    tops_before = {ticker: kalshi_top(book) for ticker, book in books.items()}
    everything, some = KalshiMirror(), KalshiMirror()
    last_ticker: dict[str, dict[str, Any]] = {}
    async with (
        await kalshi_ws(session, sandbox, kalshi_credentials) as whole,
        await kalshi_ws(session, sandbox, kalshi_credentials) as partial,
        await kalshi_ws(session, sandbox, kalshi_credentials) as tickers,
    ):
        for start in range(0, len(open_tickers), 200):
            await subscribe_books(whole, everything, open_tickers[start : start + 200], command_id=start + 1)
        await subscribe_books(partial, some, open_tickers[:10])
        await tickers.send_json(command(1, "subscribe", channels=["ticker"]))
        assert (await receive_json(tickers))["type"] == "subscribed"
        burst = asyncio.create_task(post_burst(sandbox, "kalshi", 3000))
        # Every burst update lands on a subscribed market: 3000 deltas, then one normal update.
        for _ in range(3001):
            message = await receive_json(whole)
            assert message["type"] == "orderbook_delta"
            everything.apply(message)
        result = await burst
        await drain(partial, some.apply)
        await drain(tickers, lambda message: last_ticker.__setitem__(message["msg"]["market_ticker"], message["msg"]))
        await nothing_more(whole)
    assert (result["venue"], result["messages"], result["subscribers"]) == ("kalshi", 3000, 2)
    assert result["frames"] > 3000 and result["prepare_s"] > 0
    everything.assert_matches(sandbox)
    some.assert_matches(sandbox)
    # The ticker channel hears of every top of book the burst moved, once it is over.
    moved = {ticker for ticker, book in books.items() if kalshi_top(book) != tops_before[ticker]}
    assert moved and moved <= set(last_ticker)
    fields = ("yes_bid_dollars", "yes_bid_size_fp", "yes_ask_dollars", "yes_ask_size_fp")
    for ticker, msg in last_ticker.items():
        assert tuple(Decimal(msg[field]) for field in fields) == kalshi_top(books[ticker]), ticker


async def test_polymarket_burst_answers_before_a_client_reads(sandbox, session):
    tokens = open_market_tokens(sandbox)
    mirror = PolymarketMirror()
    async with session.ws_connect(sandbox.endpoints.polymarket_ws_url) as ws:
        await subscribe_tokens(ws, mirror, tokens)
        # More than the socket buffers hold: the answer must not wait for the client to read.
        result = await post_burst(sandbox, "polymarket", 20000)
        applied = 0
        while applied < 20001:
            event = await receive_json(ws)
            if event["event_type"] == "price_change":
                mirror.apply(event)
                applied += 1
        await drain(ws, mirror.apply)
    assert (result["messages"], result["subscribers"], result["frames"]) == (20000, 1, 20000)
    mirror.assert_matches(sandbox)


async def test_burst_without_subscribers_sends_nothing(sandbox):
    result = await post_burst(sandbox, "kalshi", 10)
    assert (result["messages"], result["subscribers"], result["frames"]) == (0, 0, 0)
