"""The sandbox's Polymarket market WebSocket over real sockets: snapshots and price changes that
reproduce the books exactly, custom features, limits and faults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import aiohttp
import httpx
import orjson
import pytest

from arb_pipeline.domain.models import BookSide, Venue
from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline_tests.sandbox.exchange_clients import (
    PolymarketMirror,
    nothing_more,
    open_market_tokens,
    quoted_tokens,
    receive_json,
    subscribe_tokens,
)

pytestmark = pytest.mark.integration


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
