"""The Polymarket adapter against the sandbox exchange over real sockets: catalogs, books,
injected faults, and the market WebSocket keeping books identical to the exchange's own."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import httpx
import pytest

from arb_pipeline.domain.models import MarketStatus, OrderBook, Venue
from arb_pipeline.sandbox.faults import Channel, Fault, FaultKind
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.backoff import WS_RECONNECT
from arb_pipeline.venues.http import RetryPolicy
from arb_pipeline.venues.polymarket import PolymarketClobClient, PolymarketGammaClient, PolymarketMarketStream
from arb_pipeline.venues.records import RecordProblem
from arb_pipeline.venues.wire import WireFormatError, json_list

pytestmark = pytest.mark.integration

FAST = RetryPolicy(max_attempts=4, base_delay_s=0.01, max_delay_s=0.5)
POLYMARKET = "polymarket"


@pytest.fixture
async def gamma(sandbox: SandboxExchange) -> AsyncIterator[PolymarketGammaClient]:
    async with PolymarketGammaClient(sandbox.endpoints.polymarket_gamma_url, retry=FAST) as client:
        yield client


@pytest.fixture
async def clob(sandbox: SandboxExchange) -> AsyncIterator[PolymarketClobClient]:
    async with PolymarketClobClient(sandbox.endpoints.polymarket_clob_url, retry=FAST) as client:
        yield client


def wire_ids(items: list[dict[str, Any]], closed: bool) -> list[str]:
    return sorted(str(item["id"]) for item in items if bool(item.get("closed")) == closed)


def all_tokens(sandbox: SandboxExchange) -> list[str]:
    return sorted(
        token
        for market in sandbox.scenario.polymarket_markets
        for token in json_list(market.get("clobTokenIds"), "sandbox clobTokenIds")
        if token in sandbox.scenario.polymarket_books
    )


def exchange_levels(sandbox: SandboxExchange, token: str) -> tuple[dict[Decimal, Decimal], dict[Decimal, Decimal]]:
    book = sandbox.scenario.polymarket_books[token]
    return dict(book.bids.levels), dict(book.asks.levels)


def book_levels(book: OrderBook) -> tuple[dict[Decimal, Decimal], dict[Decimal, Decimal]]:
    return {level.price: level.size for level in book.bids}, {level.price: level.size for level in book.asks}


# ---------------------------------------------------------------------------------------------
# Gamma


@pytest.mark.parametrize("keyset", [True, False], ids=["keyset", "offset"])
async def test_full_open_catalog(sandbox: SandboxExchange, gamma: PolymarketGammaClient, keyset: bool) -> None:
    markets = await gamma.fetch_markets(limit=25, keyset=keyset)

    expected = wire_ids(sandbox.scenario.polymarket_markets, closed=False)
    assert len(expected) > 25, "the sandbox catalog should span several pages"
    assert sorted(m.market_id for m in markets) == expected
    assert all(m.status is not MarketStatus.SETTLED for m in markets)
    assert all(len(m.outcomes) >= 2 and all(o.token_id for o in m.outcomes) for m in markets)


@pytest.mark.parametrize("keyset", [True, False], ids=["keyset", "offset"])
async def test_closed_catalog(sandbox: SandboxExchange, gamma: PolymarketGammaClient, keyset: bool) -> None:
    markets = await gamma.fetch_markets(closed=True, keyset=keyset)
    assert sorted(m.market_id for m in markets) == wire_ids(sandbox.scenario.polymarket_markets, closed=True)


@pytest.mark.parametrize("keyset", [True, False], ids=["keyset", "offset"])
async def test_events_with_nested_markets(sandbox: SandboxExchange, gamma: PolymarketGammaClient, keyset: bool) -> None:
    events = await gamma.fetch_events(limit=7, keyset=keyset)

    assert sorted(e.event_id for e in events) == wire_ids(sandbox.scenario.polymarket_events, closed=False)
    assert len(events) > 7, "more than one page"
    wire_events = {str(e["id"]): e for e in sandbox.scenario.polymarket_events}
    for event in events:
        assert [m.market_id for m in event.markets] == [str(m["id"]) for m in wire_events[event.event_id].get("markets") or []]
        assert all(m.event_id == event.event_id for m in event.markets)


async def test_lookup_by_id_finds_open_and_closed_markets(sandbox: SandboxExchange, gamma: PolymarketGammaClient) -> None:
    wire = sandbox.scenario.polymarket_markets
    wanted = [str(m["id"]) for m in wire if m.get("closed")][:3] + [str(m["id"]) for m in wire if not m.get("closed")][:3]
    markets = await gamma.fetch_markets_by_ids([*wanted, "999999999"])
    assert [m.market_id for m in markets] == wanted


async def test_raw_pages_are_what_the_venue_sent(gamma: PolymarketGammaClient) -> None:
    pages = [page async for page in gamma.market_pages(limit=50)]
    assert pages and all(page.status == 200 and page.content.startswith(b"{") for page in pages)
    assert b"next_cursor" not in pages[-1].content


# ---------------------------------------------------------------------------------------------
# CLOB books


async def test_single_and_batch_books_equal_the_exchange(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    single = await clob.fetch_book(tokens[0])
    assert book_levels(single) == exchange_levels(sandbox, tokens[0])
    assert single.venue_ts is not None and single.market_id is not None

    books = await clob.fetch_books(tokens)
    assert sorted(books) == tokens
    for token in tokens:
        assert book_levels(books[token]) == exchange_levels(sandbox, token)


# ---------------------------------------------------------------------------------------------
# Faults: each ends in success through the one retry policy


async def test_throttled_with_retry_after_then_succeeds(sandbox: SandboxExchange, gamma: PolymarketGammaClient) -> None:
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, POLYMARKET, path_prefix="/gamma/markets", status=429, retry_after_s=0.05, count=2))
    markets = await gamma.fetch_markets()
    assert sorted(m.market_id for m in markets) == wire_ids(sandbox.scenario.polymarket_markets, closed=False)
    assert gamma.http.stats.retried_statuses == {429: 2}
    assert sandbox.fault_stats[FaultKind.HTTP_STATUS] == 2


async def test_server_errors_then_succeeds(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, POLYMARKET, path_prefix="/clob/books", status=503, count=2))
    tokens = all_tokens(sandbox)
    books = await clob.fetch_books(tokens)
    assert sorted(books) == tokens
    assert clob.http.stats.retried_statuses == {503: 2}


async def test_dropped_connection_then_succeeds(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    sandbox.inject(Fault(FaultKind.DROP_CONNECTION, POLYMARKET, path_prefix="/clob/book"))
    token = all_tokens(sandbox)[0]
    book = await clob.fetch_book(token)
    assert book_levels(book) == exchange_levels(sandbox, token)
    assert clob.http.stats.retries == 1
    assert sandbox.fault_stats[FaultKind.DROP_CONNECTION] == 1


async def test_slow_answer_times_out_then_succeeds(sandbox: SandboxExchange) -> None:
    sandbox.inject(Fault(FaultKind.SLOW, POLYMARKET, path_prefix="/gamma/events", delay_s=1.0))
    async with PolymarketGammaClient(
        sandbox.endpoints.polymarket_gamma_url, retry=FAST, timeout=httpx.Timeout(0.3)
    ) as gamma:
        events = await gamma.fetch_events()
        assert gamma.http.stats.retries == 1
    assert sorted(e.event_id for e in events) == wire_ids(sandbox.scenario.polymarket_events, closed=False)


# ---------------------------------------------------------------------------------------------
# Market WebSocket


async def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


def books_match(stream: PolymarketMarketStream, sandbox: SandboxExchange, tokens: list[str]) -> bool:
    return all(
        token in stream.books
        and (stream.books[token].bids.as_decimals(), stream.books[token].asks.as_decimals()) == exchange_levels(sandbox, token)
        for token in tokens
    )


async def tick_until_fired(sandbox: SandboxExchange, kind: FaultKind, times: int = 1) -> None:
    """Step until the armed WebSocket fault has fired: it fires when a step has frames to send,
    and not every step moves a Polymarket book."""
    fired = sandbox.fault_stats[kind] + times
    for _ in range(50):
        if sandbox.fault_stats[kind] >= fired:
            return
        await sandbox.tick()
    raise AssertionError(f"{kind} never fired in 50 steps")


@contextlib.asynccontextmanager
async def running_stream(sandbox: SandboxExchange, clob: PolymarketClobClient | None, tokens: list[str], **options: Any) -> AsyncIterator[PolymarketMarketStream]:
    stream = PolymarketMarketStream(sandbox.endpoints.polymarket_ws_url, tokens, clob, reconnect=replace(WS_RECONNECT, base_delay_s=0.05), **options)
    runner = asyncio.create_task(stream.run())
    try:
        await eventually(lambda: set(stream.books) == set(tokens))
        yield stream
    finally:
        await stream.close()
        await runner


async def test_stream_books_equal_the_exchange_after_ticks(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    async with running_stream(sandbox, clob, tokens) as stream:
        assert books_match(stream, sandbox, tokens)
        changes = 0
        for _ in range(5):
            steps = await sandbox.tick()
            changes += len(steps[0].polymarket_changes)
            await eventually(lambda: books_match(stream, sandbox, tokens))
        assert changes > 0, "the ticks should have moved some Polymarket book"
        assert stream.stats.updates > len(tokens)
        assert stream.stats.malformed == 0 and stream.stats.reconnects == 0


async def test_connections_split_and_resubscribe_by_operation(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    first, later = tokens[: len(tokens) // 2], tokens[len(tokens) // 2 :]
    async with running_stream(sandbox, clob, first, max_assets_per_connection=max(1, len(tokens) // 3)) as stream:
        assert len(stream.connection_token_ids) >= 2
        stream.subscribe(later)
        await eventually(lambda: set(stream.books) == set(tokens))
        await sandbox.tick(3)
        await eventually(lambda: books_match(stream, sandbox, tokens))
        stream.unsubscribe(later)
        assert set(stream.books) == set(first)
        await sandbox.tick(2)
        await eventually(lambda: books_match(stream, sandbox, first))
        assert set(stream.books) == set(first)


async def test_malformed_frames_are_counted_and_skipped(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    async with running_stream(sandbox, clob, tokens) as stream:
        sandbox.inject(Fault(FaultKind.MALFORMED_FRAME, POLYMARKET, channel=Channel.WS, count=2))
        await tick_until_fired(sandbox, FaultKind.MALFORMED_FRAME, times=2)
        await eventually(lambda: stream.stats.malformed == 2 and books_match(stream, sandbox, tokens))
        await sandbox.tick()
        await eventually(lambda: books_match(stream, sandbox, tokens))
        assert stream.stats.reconnects == 0


async def test_dropped_socket_reconnects_resubscribes_and_resyncs_from_rest(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    async with running_stream(sandbox, clob, tokens) as stream:
        sandbox.inject(Fault(FaultKind.DROP_CONNECTION, POLYMARKET, channel=Channel.WS))
        # The drop swallows that step's updates; only the resync can bring them back.
        await tick_until_fired(sandbox, FaultKind.DROP_CONNECTION)
        await eventually(lambda: stream.stats.reconnects == 1 and stream.stats.resyncs == 1)
        await eventually(lambda: books_match(stream, sandbox, tokens))
        assert clob.http.stats.requests >= 1
        # Resubscribed: between them the exchange's live connections carry every token again.
        await eventually(lambda: set(tokens) <= set().union(*(c.assets for c in sandbox.polymarket.connections)))
        await sandbox.tick(3)
        await eventually(lambda: books_match(stream, sandbox, tokens))
        assert stream.stats.malformed == 0


@pytest.mark.parametrize("status", [429, 503])
async def test_refused_handshakes_count_as_reconnects_and_wait_the_venues_retry_after(
    sandbox: SandboxExchange, clob: PolymarketClobClient, status: int
) -> None:
    tokens = all_tokens(sandbox)[:20]
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, POLYMARKET, channel=Channel.WS, status=status, retry_after_s=0.25, count=2))
    # Backoff alone would wait 15 s or more before the second attempt.
    stream = PolymarketMarketStream(sandbox.endpoints.polymarket_ws_url, tokens, clob, reconnect=replace(WS_RECONNECT, base_delay_s=30))
    started = time.monotonic()
    runner = asyncio.create_task(stream.run())
    try:
        await eventually(lambda: books_match(stream, sandbox, tokens))
    finally:
        await stream.close()
        await runner
    assert time.monotonic() - started >= 0.5  # waited what the venue asked, twice
    assert (stream.stats.reconnects, stream.stats.connect_failures) == (2, 2)
    assert stream.stats.errors == {f"handshake_{status}": 2}
    # Refused attempts never connected, so there was nothing to resync from REST yet.
    assert stream.stats.resyncs == 0


async def test_a_drop_counts_as_a_reconnect_but_not_as_a_connect_failure(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)[:20]
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, POLYMARKET, channel=Channel.WS, status=503))
    async with running_stream(sandbox, clob, tokens) as stream:
        assert (stream.stats.reconnects, stream.stats.connect_failures) == (1, 1)
        sandbox.inject(Fault(FaultKind.DROP_CONNECTION, POLYMARKET, channel=Channel.WS))
        await tick_until_fired(sandbox, FaultKind.DROP_CONNECTION)
        await eventually(lambda: stream.stats.reconnects == 2 and books_match(stream, sandbox, tokens))
        assert stream.stats.connect_failures == 1 and stream.stats.errors == {"handshake_503": 1}


async def test_a_lost_update_is_found_by_the_audit_and_the_books_end_equal(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    async with running_stream(sandbox, clob, tokens, audit_interval_s=0.2) as stream:
        sandbox.inject(Fault(FaultKind.LOST_UPDATE, POLYMARKET, channel=Channel.WS))
        # One price_change never reaches the stream: no seq number will tell it so.
        await tick_until_fired(sandbox, FaultKind.LOST_UPDATE)
        [(venue, lost)] = sandbox.lost_updates
        lost_tokens = {change["asset_id"] for change in lost["price_changes"]}
        assert venue is Venue.POLYMARKET and lost_tokens <= set(tokens)
        # The audits compare each book with REST POST /books; the lost state is one the stream
        # never announced. One divergence per token the lost message changed, nothing else.
        await eventually(
            lambda: stream.stats.divergences == len(lost_tokens) and stream.stats.audits >= 2 and books_match(stream, sandbox, tokens)
        )
        assert stream.stats.reconnects == 0 and stream.stats.resyncs == 0
        await sandbox.tick(3)
        await eventually(lambda: books_match(stream, sandbox, tokens))
        await asyncio.sleep(0.5)  # more audits: a stream that is whole again shows nothing more
        assert stream.stats.divergences == len(lost_tokens)


async def test_stale_rest_resync_never_rolls_books_back(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    async with running_stream(sandbox, clob, tokens) as stream:
        await sandbox.tick(3)
        await eventually(lambda: books_match(stream, sandbox, tokens))
        sandbox.inject(Fault(FaultKind.STALE_BOOK, POLYMARKET, path_prefix="/clob/books"))
        sandbox.inject(Fault(FaultKind.DROP_CONNECTION, POLYMARKET, channel=Channel.WS))
        await tick_until_fired(sandbox, FaultKind.DROP_CONNECTION)
        await eventually(lambda: stream.stats.reconnects == 1 and stream.stats.resyncs == 1)
        # The stale answer is refused; the snapshots sent on resubscribe restore the books.
        await eventually(lambda: books_match(stream, sandbox, tokens))
        assert stream.stats.errors.get("stale_rest_book", 0) >= 1


async def test_books_stay_exact_through_a_burst(sandbox: SandboxExchange, clob: PolymarketClobClient) -> None:
    tokens = all_tokens(sandbox)
    async with running_stream(sandbox, clob, tokens) as stream:
        before = stream.stats.messages
        await sandbox.burst(Venue.POLYMARKET, 2000)
        await eventually(lambda: stream.stats.messages - before >= 2000 and books_match(stream, sandbox, tokens))
        assert stream.stats.malformed == 0 and stream.stats.reconnects == 0


async def test_a_malformed_market_costs_only_itself_in_every_parsed_fetch(sandbox: SandboxExchange, gamma: PolymarketGammaClient) -> None:
    open_ids = wire_ids(sandbox.scenario.polymarket_markets, closed=False)
    broken = next(m for m in sandbox.scenario.polymarket_markets if str(m["id"]) == open_ids[0])
    broken["clobTokenIds"] = "not json"
    with pytest.raises(WireFormatError, match=f"{open_ids[0]} field 'clobTokenIds'"):
        await gamma.fetch_markets()
    problems: list[RecordProblem] = []
    markets = await gamma.fetch_markets(problems=problems)
    assert sorted(m.market_id for m in markets) == open_ids[1:] and len(open_ids) > 100
    assert [(p.kind, p.record_id) for p in problems] == [("market", open_ids[0])]
    problems = []
    events = await gamma.fetch_events(problems=problems)
    assert events and [(p.kind, p.record_id) for p in problems] == [("market", open_ids[0])]
    problems = []
    looked_up = await gamma.fetch_markets_by_ids(open_ids[:3], problems=problems)
    assert [m.market_id for m in looked_up] == open_ids[1:3]
    assert [p.record_id for p in problems] == [open_ids[0]]
