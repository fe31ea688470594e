"""The sandbox exchange as a whole: faults on every venue's REST routes, the control endpoints,
running in a thread or as `arb-pipeline sandbox`, and WebSocket bursts."""

from __future__ import annotations

import asyncio
import os
import signal
import stat
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import orjson
import pytest

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline_tests.sandbox.exchange_clients import (
    KalshiMirror,
    PolymarketMirror,
    assert_clob_book,
    command,
    kalshi_top,
    kalshi_ws,
    levels_of,
    nothing_more,
    open_market_tokens,
    public_pem,
    quoted_kalshi_tickers,
    quoted_tokens,
    receive_json,
    subscribe_books,
    subscribe_tokens,
    tick_until,
)

pytestmark = pytest.mark.integration


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

    token = next(iter(sandbox.scenario.polymarket_books))
    silenced = await http.post(root + "/_sandbox/silence", json={"venue": "polymarket", "instrument": token})
    assert silenced.status_code == 200 and silenced.json() == {"silenced": [], "silenced_instruments": [token]}
    heard = await http.post(root + "/_sandbox/silence", json={"venue": "polymarket", "instrument": token, "silent": False})
    assert heard.json()["silenced_instruments"] == []
    for body, complaint in (
        ({"venue": "kalshi", "instrument": pair["kalshi_ticker"]}, "needs venue 'polymarket'"),
        ({"venue": "polymarket", "instrument": "no-such-token"}, "unknown Polymarket token"),
        ({"venue": "polymarket", "instrument": 7}, "a Polymarket token id (optional)"),
    ):
        refused = await http.post(root + "/_sandbox/silence", json=body)
        assert refused.status_code == 400 and complaint in refused.json()["error"], body


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
