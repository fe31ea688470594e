"""The shared HTTP policy against a real local HTTP server (aiohttp on loopback)."""

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from arb_pipeline.venues.http import (
    RateLimit,
    RateLimiter,
    RetryPolicy,
    VenueHttpClient,
    VenueHttpError,
    parse_retry_after,
)

FAST = RetryPolicy(max_attempts=4, base_delay_s=0.01, max_delay_s=0.5)


class Script:
    """Answers each request with the next scripted action, then 200."""

    def __init__(self, *actions):
        self.actions = list(actions)
        self.seen = []

    async def handler(self, request: web.Request) -> web.StreamResponse:
        self.seen.append((request.method, request.path_qs, dict(request.headers)))
        action = self.actions.pop(0) if self.actions else ("ok",)
        kind = action[0]
        if kind == "status":
            headers = {"Retry-After": action[2]} if len(action) > 2 else {}
            return web.json_response({"error": "nope"}, status=action[1], headers=headers)
        if kind == "drop":
            request.transport.close()
            await asyncio.sleep(0.05)
            return web.Response()
        return web.json_response({"ok": True, "path": request.path})


@pytest.fixture
async def server():
    async def start(script):
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", script.handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        runners.append(runner)
        return f"http://127.0.0.1:{port}/api"

    runners = []
    yield start
    for runner in runners:
        await runner.cleanup()


async def test_retries_429_honouring_retry_after_then_succeeds(server):
    script = Script(("status", 429, "0.2"), ("status", 503))
    async with VenueHttpClient("test", await server(script), retry=FAST) as client:
        started = time.monotonic()
        result = await client.get("/markets", params={"limit": 5})
        elapsed = time.monotonic() - started
    assert result.json() == {"ok": True, "path": "/api/markets"}
    assert result.attempts == 3
    assert elapsed >= 0.2  # the server's Retry-After was waited out
    assert client.stats.retried_statuses == {429: 1, 503: 1}
    assert script.seen[0][1] == "/api/markets?limit=5"


async def test_dropped_connection_is_retried(server):
    script = Script(("drop",))
    async with VenueHttpClient("test", await server(script), retry=FAST) as client:
        result = await client.get("/x")
    assert result.attempts == 2
    assert client.stats.retries == 1


async def test_non_retryable_status_fails_at_once_naming_the_request(server):
    script = Script(("status", 404))
    async with VenueHttpClient("kalshi", await server(script), retry=FAST) as client:
        with pytest.raises(VenueHttpError, match=r"kalshi GET .*/api/markets/NOPE: HTTP 404"):
            await client.get("/markets/NOPE")
    assert len(script.seen) == 1


async def test_gives_up_after_max_attempts(server):
    script = Script(*[("status", 500)] * 10)
    async with VenueHttpClient("test", await server(script), retry=FAST) as client:
        with pytest.raises(VenueHttpError, match="gave up after 4 attempts"):
            await client.get("/x")
    assert len(script.seen) == 4


async def test_signer_called_per_attempt_with_url_path_without_query(server):
    script = Script(("status", 502))
    calls = []

    def signer(method, path):
        calls.append((method, path))
        return {"X-Sig": f"{method}{path}"}

    async with VenueHttpClient("test", await server(script), retry=FAST, signer=signer) as client:
        await client.get("/portfolio/orders", params={"limit": 5}, sign=True)
    assert calls == [("GET", "/api/portfolio/orders")] * 2
    assert script.seen[-1][2]["X-Sig"] == "GET/api/portfolio/orders"


async def test_signing_without_credentials_is_a_clear_error(server):
    async with VenueHttpClient("kalshi", await server(Script())) as client:
        with pytest.raises(VenueHttpError, match="no credentials are configured"):
            await client.get("/markets/orderbooks", sign=True)


async def test_post_sends_json(server):
    script = Script()
    async with VenueHttpClient("test", await server(script)) as client:
        await client.post("/books", [{"token_id": "1"}])
    assert script.seen[0][0] == "POST"
    assert script.seen[0][2]["Content-Type"] == "application/json"


def test_rate_limit_matches_whole_path_segments():
    book = RateLimit("book", 1500, 10.0, "/book")
    assert book.applies_to("GET", "/book")
    assert not book.applies_to("POST", "/books")
    assert RateLimit("all", 20, 1.0).applies_to("GET", "/anything")
    assert not RateLimit("post", 1, 1.0, method="POST").applies_to("GET", "/x")


async def test_rate_limiter_waits_for_window_room():
    now = [0.0]
    limiter = RateLimiter([RateLimit("r", 2, 1.0)], clock=lambda: now[0])
    await limiter.acquire("GET", "/a")
    await limiter.acquire("GET", "/a")
    assert limiter._wait_needed("GET", "/a", now[0]) == pytest.approx(1.0)
    now[0] = 0.5
    assert limiter._wait_needed("GET", "/a", now[0]) == pytest.approx(0.5)
    now[0] = 1.0
    assert limiter._wait_needed("GET", "/a", now[0]) == 0


async def test_rate_limiter_really_throttles():
    limiter = RateLimiter([RateLimit("r", 5, 0.2)])
    started = time.monotonic()
    for _ in range(11):
        await limiter.acquire("GET", "/x")
    # 11 requests at 5 per 0.2 s need at least two full windows.
    assert time.monotonic() - started >= 0.4
    assert limiter.waited_s > 0


def test_retry_after_seconds_and_http_date():
    now = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert parse_retry_after("3") == 3.0
    later = (now + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert parse_retry_after(later, now=now) == pytest.approx(30)
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_backoff_is_jittered_exponential_and_capped():
    policy = RetryPolicy(base_delay_s=1.0, max_delay_s=8.0)
    for attempt, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (6, 8.0)]:
        delays = {policy.delay(attempt, None) for _ in range(20)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1
    assert policy.delay(1, 100.0) == 8.0
