"""The Kalshi adapter against the sandbox exchange over real sockets: catalog paging, series,
single and batch books, injected REST faults, and the WebSocket keeping books identical to the
sandbox's own through ticks, sequence gaps, garbage frames and dropped connections."""

import asyncio
import contextlib
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from arb_pipeline.config import Credentials
from arb_pipeline.domain.models import PriceLevel
from arb_pipeline.sandbox.faults import Fault, FaultKind
from arb_pipeline.venues.backoff import WS_RECONNECT
from arb_pipeline.venues.http import RetryPolicy
from arb_pipeline.venues.kalshi import (
    KalshiCredentialsError,
    KalshiRestClient,
    KalshiSigner,
    KalshiMarketStream,
    is_parlay,
    load_private_key,
)
from arb_pipeline.venues.kalshi.catalog import UNSIGNED_BOOK_FETCHES, KalshiCatalog
from arb_pipeline.venues.wire import to_decimal

pytestmark = pytest.mark.integration

FAST = RetryPolicy(max_attempts=4, base_delay_s=0.01, max_delay_s=0.5)


@pytest.fixture
def signer(kalshi_credentials) -> KalshiSigner:
    key_id, path = kalshi_credentials
    return KalshiSigner(key_id, load_private_key(path))


def best_first(levels: dict[Decimal, Decimal]) -> tuple[PriceLevel, ...]:
    return tuple(PriceLevel(price, size) for price, size in sorted(levels.items(), reverse=True) if size > 0)


def open_tickers(sandbox) -> list[str]:
    return [m["ticker"] for m in sandbox.scenario.kalshi_markets if m["status"] == "active" and not is_parlay(m)]


def booked_tickers(sandbox) -> list[str]:
    return sorted(sandbox.scenario.kalshi_books)


def books_match(client: KalshiMarketStream, sandbox, tickers) -> bool:
    truth = sandbox.scenario.kalshi_books
    return all(
        client.is_synced(t)
        and client.books[t].yes.as_decimals() == truth[t].yes.levels
        and client.books[t].no.as_decimals() == truth[t].no.levels
        for t in tickers
    )


def quotes_match(client: KalshiMarketStream, sandbox) -> bool:
    """Every ticker message's top of book equals the sandbox's book: YES bid = max YES bid,
    YES ask = 1 - max NO bid."""
    truth = sandbox.scenario.kalshi_books
    for ticker, quote in client.top_of_book.items():
        yes, no = truth[ticker].yes.levels, truth[ticker].no.levels
        if quote.bid != (max(yes) if yes else None) or quote.ask != (1 - max(no) if no else None):
            return False
    return True


async def tick_until(sandbox, condition, max_ticks: int = 30) -> None:
    """Step the scenario until ``condition()`` holds: a WebSocket fault fires only on a tick
    that moves a book."""
    for _ in range(max_ticks):
        await sandbox.tick()
        if condition():
            return
    raise AssertionError(f"condition still false after {max_ticks} ticks")


async def until(condition, timeout_s: float = 15.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not condition():
            await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def streaming(client: KalshiMarketStream):
    task = asyncio.create_task(client.run())
    try:
        yield task
    finally:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await task


# --- REST ---------------------------------------------------------------------------------


async def test_full_catalog_pages_through_every_open_market(sandbox):
    expected = open_tickers(sandbox)
    # A page size that needs several pages, while staying inside the basic tier's 20 reads/s.
    assert len(expected) > 2 * 50
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, retry=FAST) as kalshi:
        pages = [page async for page in kalshi.market_pages(limit=50)]
        markets = await kalshi.fetch_markets(limit=50)
    assert len(pages) == -(-len(expected) // 50)
    assert [m.market_id for m in markets] == expected
    assert not any(is_parlay(m) for m in markets)
    for market in markets:
        assert market.top_of_book is not None
        assert market.title


async def test_events_with_nested_markets_and_series_fees(sandbox):
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, retry=FAST) as kalshi:
        series = await kalshi.fetch_series()
        events = await kalshi.fetch_events(limit=20, series=series)
    truth_series = {s["ticker"]: s for s in sandbox.scenario.kalshi_series}
    assert set(series) == set(truth_series)
    for ticker, parsed in series.items():
        assert parsed.fee.fee_type == truth_series[ticker]["fee_type"]
        assert parsed.fee.multiplier == to_decimal(truth_series[ticker]["fee_multiplier"], "truth")
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, retry=FAST) as kalshi:
        one = await kalshi.fetch_series_by_ticker(next(iter(truth_series)))
    assert one == series[one.ticker]
    assert events
    nested = [m for event in events for m in event.markets]
    assert nested
    for market in nested:
        assert market.fee == series[market.series_id].fee
        assert market.event_title
    assert {m.market_id for m in nested} >= set(open_tickers(sandbox))


async def test_series_fee_changes_are_listed_until_due_and_then_in_the_series(sandbox):
    series = sandbox.scenario.kalshi_series[0]["ticker"]
    now = datetime.now(tz=UTC)
    sandbox.schedule_kalshi_fee_change(series, "quadratic_with_maker_fees", Decimal("1.5"), now + timedelta(hours=1))
    sandbox.schedule_kalshi_fee_change(series, "flat", Decimal("0.5"), now - timedelta(seconds=1))
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, retry=FAST) as kalshi:
        upcoming = await kalshi.fetch_fee_changes()
        every = await kalshi.fetch_fee_changes(series_ticker=series, show_historical=True)
        other = await kalshi.fetch_fee_changes(series_ticker="NO-SUCH-SERIES", show_historical=True)
        current = await kalshi.fetch_series_by_ticker(series)
    [ahead] = upcoming
    assert (ahead.series_ticker, ahead.fee.fee_type, ahead.fee.multiplier) == (series, "quadratic_with_maker_fees", Decimal("1.5"))
    assert abs((ahead.scheduled_at - (now + timedelta(hours=1))).total_seconds()) < 1
    assert [change.fee.fee_type for change in every] == ["quadratic_with_maker_fees", "flat"] and other == []
    # The change already due is the series' fee now.
    assert (current.fee.fee_type, current.fee.multiplier) == ("flat", Decimal("0.5"))


def signed(kalshi_credentials) -> Credentials:
    key_id, path = kalshi_credentials
    return Credentials(key_id, str(path), None)


async def test_the_catalog_read_with_stored_series_equals_the_one_that_reads_them(sandbox, kalshi_credentials):
    credentials = signed(kalshi_credentials)
    alone = await KalshiCatalog(sandbox.endpoints, credentials).read_markets()
    series = await KalshiCatalog(sandbox.endpoints, credentials).read_series()
    stored = await KalshiCatalog(sandbox.endpoints, credentials, series=series.series).read_markets()
    assert (alone.problems, series.problems, stored.problems) == ([], [], [])
    assert alone.series == series.series
    assert len(alone.markets) >= len(open_tickers(sandbox))
    assert stored.markets == alone.markets
    assert all(market.fee == series.series[market.series_id].fee for market in stored.markets.values())


async def test_unsigned_book_reads_equal_the_signed_batch(sandbox, kalshi_credentials):
    tickers = booked_tickers(sandbox)
    assert len(tickers) > UNSIGNED_BOOK_FETCHES
    batch = await KalshiCatalog(sandbox.endpoints, signed(kalshi_credentials)).read_books(tickers)
    one_by_one = await KalshiCatalog(sandbox.endpoints, Credentials(None, None, None)).read_books(tickers)
    assert (batch.problems, one_by_one.problems) == ([], [])
    assert list(one_by_one.books) == tickers
    assert set(batch.books) == set(tickers)
    truth = sandbox.scenario.kalshi_books
    for ticker in tickers:
        book = one_by_one.books[ticker]
        assert (book.yes_bids, book.no_bids) == (batch.books[ticker].yes_bids, batch.books[ticker].no_bids), ticker
        assert (book.yes_bids, book.no_bids) == (best_first(truth[ticker].yes.levels), best_first(truth[ticker].no.levels))


async def test_single_and_batch_books_equal_the_sandbox_books(sandbox, signer):
    tickers = booked_tickers(sandbox)
    truth = sandbox.scenario.kalshi_books
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, signer, retry=FAST) as kalshi:
        single = await kalshi.fetch_orderbook(tickers[0])
        batch = await kalshi.fetch_orderbooks(tickers)
        requests = kalshi.http.stats.requests
    assert single.yes_bids == best_first(truth[tickers[0]].yes.levels)
    assert single.no_bids == best_first(truth[tickers[0]].no.levels)
    assert set(batch) == set(tickers)
    for ticker in tickers:
        assert batch[ticker].yes_bids == best_first(truth[ticker].yes.levels), ticker
        assert batch[ticker].no_bids == best_first(truth[ticker].no.levels), ticker
    assert requests == 1 + -(-len(tickers) // 100)


async def test_batch_books_need_credentials(sandbox):
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, retry=FAST) as kalshi:
        with pytest.raises(KalshiCredentialsError, match="KALSHI_API_KEY_ID"):
            await kalshi.fetch_orderbooks(booked_tickers(sandbox)[:3])


@pytest.mark.parametrize(
    "fault",
    [
        Fault(FaultKind.HTTP_STATUS, "kalshi", path_prefix="/markets", status=429, retry_after_s=0.2),
        Fault(FaultKind.HTTP_STATUS, "kalshi", path_prefix="/markets", status=503),
        Fault(FaultKind.DROP_CONNECTION, "kalshi", path_prefix="/markets"),
    ],
    ids=["429-retry-after", "503", "dropped-connection"],
)
async def test_rest_fault_then_success(sandbox, fault):
    ticker = booked_tickers(sandbox)[0]
    sandbox.inject(fault)
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, retry=FAST) as kalshi:
        result = await kalshi.fetch_orderbook_raw(ticker)
        book = await kalshi.fetch_orderbook(ticker)
        stats = kalshi.http.stats
    assert result.attempts == 2
    assert stats.retries == 1 and stats.failures == 0
    if fault.status is not None:
        assert stats.retried_statuses == {fault.status: 1}
    assert sandbox.fault_stats[fault.kind] == 1
    assert book.yes_bids == best_first(sandbox.scenario.kalshi_books[ticker].yes.levels)


async def test_slow_response_within_timeout(sandbox):
    sandbox.inject(Fault(FaultKind.SLOW, "kalshi", path_prefix="/markets", delay_s=0.3))
    async with KalshiRestClient(sandbox.endpoints.kalshi_api_url, retry=FAST) as kalshi:
        markets = await kalshi.fetch_markets()
        stats = kalshi.http.stats
    assert [m.market_id for m in markets] == open_tickers(sandbox)
    assert stats.retries == 0
    assert sandbox.fault_stats[FaultKind.SLOW] == 1


# --- WebSocket ----------------------------------------------------------------------------


async def test_snapshots_and_deltas_track_the_sandbox_books_exactly(sandbox, signer):
    tickers = booked_tickers(sandbox)
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers)
    async with streaming(client):
        await until(lambda: books_match(client, sandbox, tickers))
        steps = await sandbox.tick(10)
        changes = sum(len(step.kalshi_changes) for step in steps)
        assert changes > 0
        # Ticker messages (sent when a top of book moves) must agree with the books too.
        await until(
            lambda: books_match(client, sandbox, tickers) and client.top_of_book and quotes_match(client, sandbox)
        )
    assert client.stats.gaps == 0 and client.stats.malformed == 0 and client.stats.reconnects == 0
    assert client.stats.updates >= len(tickers) + changes


async def test_seq_gap_resyncs_to_the_sandbox_book(sandbox, signer):
    tickers = booked_tickers(sandbox)
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers)
    async with streaming(client):
        await until(lambda: books_match(client, sandbox, tickers))
        sandbox.inject(Fault(FaultKind.SEQ_GAP, "kalshi", channel="ws"))
        await tick_until(sandbox, lambda: sandbox.fault_stats[FaultKind.SEQ_GAP] == 1)
        await until(lambda: client.stats.gaps == 1 and books_match(client, sandbox, tickers))
        assert client.stats.resyncs >= 1
        await sandbox.tick(3)
        await until(lambda: books_match(client, sandbox, tickers))
    assert sandbox.fault_stats[FaultKind.SEQ_GAP] == 1
    assert client.stats.reconnects == 0


async def test_a_lost_delta_shows_as_a_seq_gap_and_the_books_end_equal(sandbox, signer):
    tickers = booked_tickers(sandbox)
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers)
    async with streaming(client):
        await until(lambda: books_match(client, sandbox, tickers))
        sandbox.inject(Fault(FaultKind.LOST_UPDATE, "kalshi", channel="ws"))
        await tick_until(sandbox, lambda: sandbox.fault_stats[FaultKind.LOST_UPDATE] == 1)
        [(_, lost)] = sandbox.lost_updates
        assert lost["type"] == "orderbook_delta"
        # The seq number of the lost delta was spent: the sid's next delta reveals the gap.
        for _ in range(30):
            if client.stats.gaps:
                break
            await sandbox.tick()
            await asyncio.sleep(0.02)
        await until(lambda: client.stats.gaps == 1 and books_match(client, sandbox, tickers))
        assert client.stats.resyncs >= 1 and client.stats.reconnects == 0


async def test_malformed_frames_are_counted_and_skipped(sandbox, signer):
    tickers = booked_tickers(sandbox)
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers)
    async with streaming(client):
        await until(lambda: books_match(client, sandbox, tickers))
        sandbox.inject(Fault(FaultKind.MALFORMED_FRAME, "kalshi", channel="ws", count=2))
        await tick_until(sandbox, lambda: sandbox.fault_stats[FaultKind.MALFORMED_FRAME] == 2)
        await until(lambda: client.stats.malformed == 2 and books_match(client, sandbox, tickers))
    assert sandbox.fault_stats[FaultKind.MALFORMED_FRAME] == 2
    assert client.stats.reconnects == 0


async def test_dropped_connection_reconnects_and_resubscribes(sandbox, signer):
    tickers = booked_tickers(sandbox)
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers, reconnect=replace(WS_RECONNECT, base_delay_s=0.05))
    async with streaming(client):
        await until(lambda: books_match(client, sandbox, tickers))
        sandbox.inject(Fault(FaultKind.DROP_CONNECTION, "kalshi", channel="ws"))
        await tick_until(sandbox, lambda: sandbox.fault_stats[FaultKind.DROP_CONNECTION] == 1)
        await until(lambda: client.stats.reconnects == 1 and books_match(client, sandbox, tickers))
        await sandbox.tick(3)
        await until(lambda: books_match(client, sandbox, tickers))
    assert sandbox.fault_stats[FaultKind.DROP_CONNECTION] == 1


@pytest.mark.parametrize("status", [429, 503])
async def test_refused_handshakes_count_as_reconnects_and_wait_the_venues_retry_after(sandbox, signer, status):
    tickers = booked_tickers(sandbox)[:20]
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "kalshi", channel="ws", status=status, retry_after_s=0.25, count=2))
    # Backoff alone would wait 15 s or more before the second attempt: only Retry-After gets the
    # books live inside until()'s timeout.
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers, reconnect=replace(WS_RECONNECT, base_delay_s=30))
    started = time.monotonic()
    async with streaming(client):
        await until(lambda: books_match(client, sandbox, tickers), timeout_s=10)
    assert time.monotonic() - started >= 0.5  # waited what the venue asked, twice
    assert (client.stats.reconnects, client.stats.connect_failures) == (2, 2)
    assert client.stats.errors == {f"handshake_{status}": 2}
    assert sandbox.fault_stats[FaultKind.HTTP_STATUS] == 2


async def test_a_refusal_without_retry_after_backs_off_and_a_drop_is_no_connect_failure(sandbox, signer):
    tickers = booked_tickers(sandbox)[:20]
    sandbox.inject(Fault(FaultKind.HTTP_STATUS, "kalshi", channel="ws", status=503))
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, tickers, reconnect=replace(WS_RECONNECT, base_delay_s=0.05))
    async with streaming(client):
        await until(lambda: books_match(client, sandbox, tickers))
        assert (client.stats.reconnects, client.stats.connect_failures) == (1, 1)
        sandbox.inject(Fault(FaultKind.DROP_CONNECTION, "kalshi", channel="ws"))
        await tick_until(sandbox, lambda: sandbox.fault_stats[FaultKind.DROP_CONNECTION] == 1)
        await until(lambda: client.stats.reconnects == 2 and books_match(client, sandbox, tickers))
    assert client.stats.connect_failures == 1 and client.stats.errors == {"handshake_503": 1}


async def test_updates_iterator_yields_book_changes(sandbox, signer):
    ticker = booked_tickers(sandbox)[0]
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, signer, [ticker])
    async with asyncio.timeout(15):
        async for update in client.updates():
            assert update.instrument_id == ticker
            break
    await client.close()
    assert client.is_synced(ticker)


async def test_unsigned_websocket_is_refused_with_a_clear_error(sandbox):
    client = KalshiMarketStream(sandbox.endpoints.kalshi_ws_url, None, booked_tickers(sandbox)[:1])
    with pytest.raises(KalshiCredentialsError, match=r"refused the unsigned handshake \(HTTP 401\).*KALSHI_API_KEY_ID"):
        async with asyncio.timeout(15):
            await client.run()
