"""The streamer service's feeds against the sandbox over real WebSockets: books exact after
faults, the pair set changed while running, the warehouse lost and back, the watchdog, shards,
/metrics and /healthz."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from arb_pipeline.config import StreamerShard
from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.faults import Channel, Fault, FaultKind
from arb_pipeline.streamer.pairs import pair_key
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse import Warehouse, get_engine
from arb_pipeline.warehouse import stream
from arb_pipeline_tests.streamer.live import approve, streamer, wait_for
from arb_pipeline_tests.streamer.proxy import proxied_url, proxy_to

pytestmark = pytest.mark.integration


def _books_match(service, exchange) -> bool:
    kalshi = service.kalshi.stream
    for ticker in service.kalshi.watched:
        truth = exchange.scenario.kalshi_books[ticker]
        if not kalshi.is_synced(ticker):
            return False
        book = kalshi.books[ticker]
        if book.yes.as_decimals() != truth.yes.levels or book.no.as_decimals() != truth.no.levels:
            return False
    polymarket = service.polymarket.stream
    for token in service.polymarket.watched:
        truth = exchange.scenario.polymarket_books[token]
        book = polymarket.books.get(token)
        if book is None or book.bids.as_decimals() != truth.bids.levels or book.asks.as_decimals() != truth.asks.levels:
            return False
    return True


async def test_books_equal_the_sandbox_books_after_a_burst_with_gaps_drops_and_malformed_frames(world, tmp_path):
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:20])
    service = streamer(exchange, store, credentials, tmp_path)
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: service.kalshi.books_received and _books_match(service, exchange), what="the first books")
    exchange.inject(Fault(FaultKind.SEQ_GAP, Venue.KALSHI, channel=Channel.WS, count=3))
    for venue in (Venue.KALSHI, Venue.POLYMARKET):
        exchange.inject(Fault(FaultKind.MALFORMED_FRAME, venue, channel=Channel.WS, count=3))

    async def burst() -> None:
        for _ in range(4):
            await exchange.burst(Venue.KALSHI, 300)
            await exchange.burst(Venue.POLYMARKET, 300)
            await asyncio.sleep(0.05)

    await burst()
    await wait_for(lambda: service.kalshi.stats.gaps and service.polymarket.stats.malformed, what="the gaps and bad frames")
    for venue in (Venue.KALSHI, Venue.POLYMARKET):
        exchange.inject(Fault(FaultKind.DROP_CONNECTION, venue, channel=Channel.WS))
    await burst()
    await wait_for(lambda: service.kalshi.stats.reconnects and service.polymarket.stats.reconnects, what="the reconnects")
    await wait_for(lambda: _books_match(service, exchange), timeout_s=30, what="the books to resync")
    await burst()
    await wait_for(lambda: _books_match(service, exchange), timeout_s=30, what="the books to equal the sandbox's")
    service.stop()
    await running
    kalshi, polymarket = service.kalshi.stats, service.polymarket.stats
    assert kalshi.gaps >= 1 and kalshi.malformed >= 1 and kalshi.reconnects >= 1
    assert polymarket.malformed >= 1 and polymarket.reconnects >= 1 and polymarket.resyncs >= 1
    exposition = service.metrics.exposition().decode()
    assert 'arb_streamer_decode_errors_total{kind="malformed",venue="kalshi"}' in exposition
    assert 'arb_streamer_reconnects_total{venue="polymarket"}' in exposition


async def test_every_socket_read_leaves_no_book_change_waiting_for_its_pass(world, tmp_path):
    # A read's changes are evaluated at the end of that read, inside it: no other callback and no
    # poll of the loop (where the writer thread can take the GIL) between a change and its pass
    # (docs/streamer.md#the-hot-path). Checked after every read of every venue socket.
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:20])
    service = streamer(exchange, store, credentials, tmp_path)
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: all(feed.watched and feed.books_received == len(feed.watched) for feed in service.feeds), what="the first books")
    reads: list[int] = []
    waiting: list[tuple[int, ...]] = []

    def after_read() -> None:
        reads.append(1)
        left = tuple(len(feed.changed) for feed in service.feeds)
        if any(left) or service._turn.pending:
            waiting.append(left)

    sockets = [service.kalshi.stream._ws] + [conn.ws for conn in service.polymarket.stream._connections if conn.ws is not None]
    unwatch = [ws.watch_reads(lambda: None, after_read) for ws in sockets]
    changes = sum(feed.changes for feed in service.feeds)
    for _ in range(3):
        await exchange.burst(Venue.KALSHI, 300)
        await exchange.burst(Venue.POLYMARKET, 300)
    await wait_for(lambda: sum(feed.changes for feed in service.feeds) - changes >= 1_000, what="the bursts")
    for stop in unwatch:
        stop()
    service.stop()
    await running
    assert len(reads) >= 3 and waiting == []


async def test_a_pair_approved_while_running_is_subscribed_and_evaluated(world, tmp_path):
    exchange, store, credentials = world
    truths = exchange.scenario.truth_pairs
    approve(store, truths[:5])
    service = streamer(exchange, store, credentials, tmp_path, pair_poll_interval_s="0.2")
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: service.kalshi.books_received == 5, what="the first five books")
    [added] = approve(store, truths[5:6])
    await wait_for(lambda: service.kalshi.is_live(added.kalshi_ticker), what="the new pair's Kalshi book")
    await wait_for(lambda: service.polymarket.is_live(added.polymarket_yes_token), what="the new pair's Polymarket book")
    assert pair_key(added) in service.evaluator.watch_set.keys()
    service.stop()
    report = await running
    assert report.pairs == 6


async def test_a_pair_refresh_that_reads_the_same_pairs_leaves_the_evaluation_as_it_was(world, tmp_path):
    exchange, store, credentials = world
    truths = exchange.scenario.truth_pairs
    approve(store, truths[:5])
    service = streamer(exchange, store, credentials, tmp_path)
    assert await service.refresh_pairs()
    watch, screens = service.evaluator.watch_set, service.evaluator._screens_of
    assert await service.refresh_pairs()
    # Nothing changed: the indexes and screens built at the first read are the ones in use.
    assert service.evaluator.watch_set is watch and service.evaluator._screens_of is screens
    assert service.report.pairs == 5
    approve(store, truths[5:6])
    assert await service.refresh_pairs()
    assert service.evaluator._screens_of is not screens and len(service.evaluator.watch_set.pairs) == 6
    assert service.report.pairs == 6
    for feed in service.feeds:
        await feed.close()


async def test_a_warehouse_outage_mid_stream_loses_no_tick(world, warehouse_engine, tmp_path):
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:30])
    with proxy_to(warehouse_engine) as proxy:
        engine = get_engine(proxied_url(warehouse_engine, proxy.port).render_as_string(hide_password=False))
        try:
            proxied = Warehouse(engine, store.schema)
            service = streamer(exchange, proxied, credentials, tmp_path, write_statement_timeout_s="2")
            running = asyncio.create_task(service.run(install_signals=False))
            await wait_for(lambda: service.report.ticks > 0, what="the first ticks")
            proxy.cut()
            before = service.report.ticks
            for _ in range(10):
                await exchange.tick(5)
                await asyncio.sleep(0.1)
            await wait_for(lambda: service.writer.stats().in_outage, what="the writer noticing the outage")
            assert service.report.ticks > before and service.writer.stats().backlog_rows > 0
            proxy.restore()
            await exchange.tick(5)
            service.stop()
            report = await running
        finally:
            engine.dispose()
    assert report.writer is not None and report.writer.backlog_rows == 0
    with store.engine.connect() as connection:
        assert stream.count_rows(connection, stream.StreamTable.BOOK_TICKS, schema=store.schema) == report.ticks


async def test_the_watchdog_resubscribes_then_reconnects_a_silent_feed_which_resyncs_from_rest(world, tmp_path):
    exchange, store, credentials = world
    truths = exchange.scenario.truth_pairs
    approve(store, truths[:3])
    service = streamer(
        exchange, store, credentials, tmp_path,
        pair_poll_interval_s="0.2", watchdog_first_event_s="0.5", watchdog_silence_s="60",
    )  # fmt: skip
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(
        lambda: service.polymarket.books_received == len(service.polymarket.watched) > 0, what="the first books"
    )
    # Polymarket goes quiet: subscriptions are accepted, nothing is sent.
    exchange.silence(Venue.POLYMARKET)
    # A pair on a Polymarket market not yet watched: its tokens are new subscriptions.
    watched = {truth.polymarket_market_id for truth in truths[:3]}
    [added] = approve(store, [next(truth for truth in truths[3:] if truth.polymarket_market_id not in watched)])
    token = added.polymarket_yes_token
    await wait_for(lambda: token in service.polymarket.stream.books, timeout_s=20, what="the REST resync of the new token")
    service.stop()
    await running
    exposition = service.metrics.exposition().decode()
    # The reconnect's own REST resync brings the book (the socket stays quiet), so the third
    # step is not needed.
    for action in ("resubscribe", "reconnect"):
        assert f'arb_streamer_watchdog_actions_total{{action="{action}",venue="polymarket"}}' in exposition
    assert service.polymarket.stats.resyncs >= 1
    exchange.silence(Venue.POLYMARKET, False)


async def test_the_watchdog_resyncs_a_silent_kalshi_market_from_rest_when_resubscribe_and_reconnect_bring_nothing(
    world, tmp_path
):
    exchange, store, credentials = world
    truths = exchange.scenario.truth_pairs
    approve(store, truths[:3])
    service = streamer(
        exchange, store, credentials, tmp_path,
        pair_poll_interval_s="0.2", watchdog_first_event_s="0.5", watchdog_silence_s="60",
    )  # fmt: skip
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: service.kalshi.books_received == len(service.kalshi.watched) > 0, what="the first books")
    # Kalshi goes quiet: the socket stays up and takes commands, and sends nothing, so neither a
    # snapshot request nor a new connection brings the new market's book; only REST can.
    exchange.silence(Venue.KALSHI)
    watched = set(service.kalshi.watched)
    books = exchange.scenario.kalshi_books
    # A market with resting orders, so the book REST brings is told apart from the empty new one.
    [added] = approve(store, [next(
        truth for truth in truths[3:]
        if truth.kalshi_ticker not in watched and books[truth.kalshi_ticker].yes.levels and books[truth.kalshi_ticker].no.levels
    )])  # fmt: skip
    ticker = added.kalshi_ticker
    truth = books[ticker]

    def resynced() -> bool:
        book = service.kalshi.stream.books.get(ticker) if service.kalshi.stream else None
        return book is not None and bool(book.yes.levels) and book.yes.as_decimals() == truth.yes.levels and book.no.as_decimals() == truth.no.levels

    await wait_for(resynced, timeout_s=20, what="the REST resync of the new market")
    service.stop()
    await running
    exchange.silence(Venue.KALSHI, False)
    exposition = service.metrics.exposition().decode()
    for action in ("resubscribe", "reconnect", "rest_resync"):
        assert f'arb_streamer_watchdog_actions_total{{action="{action}",venue="kalshi"}} 1.0' in exposition, action
    assert service.kalshi.stats.resyncs >= 1
    # A REST book carries no seq: it is shown, but not traded on until a snapshot follows it.
    assert not service.kalshi.stream.is_synced(ticker)


async def _run_with_short_staleness(world, tmp_path, venue: str):
    """A streamer on three pairs whose books go stale after 2 s, the watchdog's silence step at
    1 s coming before that (quiet healthy books are re-confirmed in time), running until the
    first books of ``venue``'s feed arrived; with every (instrument, reason) the sweep closes as
    stale from the start."""
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:3])
    service = streamer(
        exchange, store, credentials, tmp_path,
        watchdog_first_event_s="1", watchdog_silence_s="1", stale_book_s="2",
    )  # fmt: skip
    closed: list[tuple[str, str]] = []
    close_stale = service.evaluator.close_stale

    def record_close(instrument: str, reason: str) -> int:
        closed.append((instrument, reason))
        return close_stale(instrument, reason)

    service.evaluator.close_stale = record_close
    running = asyncio.create_task(service.run(install_signals=False))
    feed = getattr(service, venue)
    await wait_for(lambda: feed.books_received == len(feed.watched) > 0, what="the first books")
    return exchange, service, feed, closed, running


async def test_a_token_silent_on_a_busy_connection_is_excluded_then_reconfirmed_by_the_watchdog(world, tmp_path):
    exchange, service, polymarket, closed, running = await _run_with_short_staleness(world, tmp_path, "polymarket")
    assert len(polymarket.stream.connection_token_ids) == 1
    token, *others = polymarket.watched
    # REST answers with books older than the live ones, so a reconnect's resync confirms
    # nothing: only the socket could, and it says nothing more about this token.
    exchange.inject(Fault(FaultKind.STALE_BOOK, Venue.POLYMARKET, path_prefix="/clob/books", count=1000))
    exchange.silence(Venue.POLYMARKET, instrument=token)

    stale = (token, "book stale: no update or confirmation for 2 s")

    def excluded_alone() -> bool:
        now = utc_now()
        return (
            stale in closed and polymarket.is_live(token) and polymarket.book(token, now) is None
            and all(polymarket.book(other, now) is not None for other in others)
        )  # fmt: skip

    await wait_for(excluded_alone, timeout_s=20, what="the silent token excluded while its connection's others are live")
    assert [instrument for instrument, reason in closed if "confirmation" in reason] == [token]
    # What operators see is the silent book's own age, though its connection stays busy.
    await wait_for(lambda: _book_staleness(service, "polymarket") >= 2.0, timeout_s=10,
                   what="the silent token's age in the staleness gauge")  # fmt: skip
    exchange.silence(Venue.POLYMARKET, False, instrument=token)
    await wait_for(lambda: polymarket.book(token, utc_now()) is not None, timeout_s=20, what="the token re-confirmed")
    service.stop()
    await running
    exposition = service.metrics.exposition().decode()
    assert 'arb_streamer_watchdog_actions_total{action="resubscribe",venue="polymarket"}' in exposition


def _book_staleness(service, venue: str) -> float:
    prefix = f'arb_streamer_book_staleness_seconds{{venue="{venue}"}} '
    lines = [line for line in service.metrics.exposition().decode().splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, f"no staleness gauge for {venue}"
    return float(lines[0].removeprefix(prefix))


async def test_kalshi_books_follow_the_same_rule_confirmed_while_quiet_and_excluded_when_silent(world, tmp_path):
    exchange, service, kalshi, closed, running = await _run_with_short_staleness(world, tmp_path, "kalshi")
    # Past stale_book_s: markets the sandbox leaves alone are re-confirmed by the watchdog's
    # snapshots in time, never excluded.
    await asyncio.sleep(3.5)
    assert all(kalshi.book(ticker, utc_now()) is not None for ticker in kalshi.watched)
    assert not [reason for _, reason in closed if "confirmation" in reason]
    # The socket stays up and says nothing: each book goes stale on its own clock.
    exchange.silence(Venue.KALSHI)
    await wait_for(
        lambda: {ticker for ticker, reason in closed if "confirmation" in reason} == set(kalshi.watched),
        timeout_s=20, what="every silent Kalshi book excluded",
    )  # fmt: skip
    assert all(kalshi.book(ticker, utc_now()) is None for ticker in kalshi.watched)
    exchange.silence(Venue.KALSHI, False)
    await wait_for(
        lambda: all(kalshi.book(ticker, utc_now()) is not None for ticker in kalshi.watched),
        timeout_s=30, what="the Kalshi books re-confirmed",
    )  # fmt: skip
    service.stop()
    await running
    exposition = service.metrics.exposition().decode()
    assert 'arb_streamer_watchdog_actions_total{action="resubscribe",venue="kalshi"}' in exposition


async def test_two_shards_together_watch_every_approved_pair_exactly_once(world, tmp_path):
    exchange, store, credentials = world
    pairs = approve(store, exchange.scenario.truth_pairs)
    watched = []
    for shard in (0, 1):
        service = streamer(exchange, store, credentials, tmp_path / str(shard))
        service.shard = StreamerShard(shard, 2)
        assert await service.refresh_pairs()
        watched.append(service.evaluator.watch_set.keys())
        for feed in service.feeds:
            await feed.close()
    assert watched[0] and watched[1] and not watched[0] & watched[1]
    assert watched[0] | watched[1] == {pair_key(pair) for pair in pairs}


async def test_metrics_are_served_and_healthz_fails_when_the_sandbox_stops_sending(world, tmp_path):
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:5])
    service = streamer(exchange, store, credentials, tmp_path, health_max_disconnected_s="0.5", health_max_silent_s="30")
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: service.kalshi.books_received == 5, what="the first books")
    base = f"http://127.0.0.1:{service.server.port}"
    async with httpx.AsyncClient() as client:

        statuses: list[int] = []

        async def poll(expected: int) -> httpx.Response:
            # The answer that carried the expected status is the one inspected: a second request
            # could meet the next reconnect attempt and list other problems.
            for _ in range(100):
                answer = await client.get(base + "/healthz")
                statuses.append(answer.status_code)
                if answer.status_code == expected:
                    return answer
                await asyncio.sleep(0.1)
            raise AssertionError(f"/healthz never answered {expected}: {statuses[-5:]}")

        await poll(200)
        metrics = (await client.get(base + "/metrics")).text
        for name in (
            "arb_streamer_messages_total", "arb_streamer_pairs_evaluated_total", "arb_streamer_opportunities_open",
            "arb_streamer_message_to_opportunity_seconds_bucket", "arb_streamer_write_backlog_rows",
            "arb_streamer_book_staleness_seconds", "arb_streamer_venue_connected",
        ):  # fmt: skip
            assert name in metrics, name
        await exchange.stop()
        body = (await poll(503)).json()
    service.stop()
    await running
    assert any("disconnected" in problem for problem in body["problems"])
