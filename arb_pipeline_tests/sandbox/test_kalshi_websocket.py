"""The sandbox's Kalshi WebSocket over real sockets: signed handshake, commands and their errors,
snapshots and deltas that reproduce the books exactly, ticker messages, heartbeats and faults."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import aiohttp
import orjson
import pytest

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline_tests.sandbox.exchange_clients import (
    KalshiMirror,
    command,
    kalshi_top,
    kalshi_ws,
    nothing_more,
    public_pem,
    quoted_kalshi_tickers,
    receive_json,
    sign,
    subscribe_books,
    tick_until,
)

pytestmark = pytest.mark.integration


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
        for request, code in cases:
            await ws.send_json(request)
            error = await receive_json(ws)
            assert error["type"] == "error", (request, error)
            assert error["id"] == request["id"]
            assert error["msg"]["code"] == code, (request, error)
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
