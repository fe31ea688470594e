"""The streamer service against the sandbox exchange over real WebSockets, on a real PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import re
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import orjson
import pytest
import sqlalchemy as sa

from arb_pipeline.config import Credentials
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.opportunity_events import EventType, SpreadKey
from arb_pipeline.domain.spreads import evaluate_pair
from arb_pipeline.sandbox.keys import public_key_pem
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.kalshi import load_private_key
from arb_pipeline.streamer.evaluation import _LiveBooks
from arb_pipeline.streamer import service as service_module
from arb_pipeline.streamer.service import SWITCH_INTERVAL_S, latency_runtime
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.markets import read_market, write_markets
from arb_pipeline_tests.streamer.live import WebhookReceiver, approve, sandbox_markets, streamer, wait_for

pytestmark = pytest.mark.integration


async def test_a_planted_arbitrage_is_detected_stored_alerted_once_and_closed(world, tmp_path):
    exchange, store, credentials = world
    # The sandbox forgets a plant once it is released: keep the list as it was.
    planted = list(exchange.scenario.planted_arbitrage)
    truths = [t for t in exchange.scenario.truth_pairs if t.kalshi_ticker in {p.kalshi_ticker for p in planted}]
    approve(store, truths)
    async with WebhookReceiver() as hook:
        service = streamer(
            exchange, store, credentials, tmp_path,
            alert_webhook_url=hook.url, alert_min_net_profit="0.01", alert_min_apy="0",
        )  # fmt: skip
        running = asyncio.create_task(service.run(install_signals=False))
        wanted = {(p.kalshi_ticker, p.kalshi_side, p.polymarket_token) for p in planted}

        def opened():
            return {(k.kalshi_ticker, k.kalshi_side, k.polymarket_token) for k in service.evaluator.tracker.open_keys()}

        await wait_for(lambda: opened() >= wanted, what="every planted arbitrage opening")
        assert opened() == wanted
        first = planted[0]
        await exchange.close_arbitrage(first.kalshi_ticker)
        await wait_for(lambda: (first.kalshi_ticker, first.kalshi_side, first.polymarket_token) not in opened(), what="the close")
        await wait_for(lambda: len(hook.posts) >= len({p.kalshi_ticker for p in planted}), what="the alerts")
        service.stop()
        report = await running
    with store.engine.connect() as connection:
        events = stream.load_opportunity_events(connection, schema=store.schema)
    closed = [e for e in events if e.key.kalshi_ticker == first.kalshi_ticker and e.event_type is EventType.CLOSE]
    assert closed and closed[0].lifetime is not None and closed[0].reason
    assert {(e.key.kalshi_ticker, e.key.kalshi_side, e.key.polymarket_token) for e in events if e.event_type is EventType.OPEN} == wanted
    # One alert per pair: the cooldown holds back the change events of the same pair.
    assert sorted(post["kalshi_ticker"] for post in hook.posts) == sorted({p.kalshi_ticker for p in planted})
    assert report.writer is not None and report.writer.backlog_rows == 0
    # The run was shorter than a health period: its one row per venue is the one written at the
    # stop, and it describes the live books the stop found, not the closed feeds after it.
    with store.engine.connect() as connection:
        health = connection.execute(sa.text(
            f"select venue, live_books, connected from {store.schema}.stream_health order by period_end"
        )).all()  # fmt: skip
    last = {venue: (live, connected) for venue, live, connected in health}
    assert set(last) == {"kalshi", "polymarket"}
    assert all(live > 0 and connected for live, connected in last.values()), health


async def test_the_screened_live_evaluation_finds_exactly_what_evaluating_every_pair_finds_on_the_same_books(world, tmp_path):
    exchange, store, credentials = world
    pairs = approve(store, exchange.scenario.truth_pairs)
    service = streamer(exchange, store, credentials, tmp_path)
    running = asyncio.create_task(service.run(install_signals=False))
    evaluator = service.evaluator
    await wait_for(lambda: evaluator.tracker.open_count, what="the planted arbitrage opening")
    for _ in range(3):
        await exchange.burst(Venue.KALSHI, 500)
        await exchange.burst(Venue.POLYMARKET, 500)
        await exchange.open_arbitrage()
        await asyncio.sleep(0.2)
    # The changes still pending are applied now; from here to the comparison nothing awaits, so
    # the books cannot move in between.
    service._evaluate_dirty()
    now = utc_now()
    books = _LiveBooks(evaluator._feed_of, now)
    found = {
        SpreadKey.of(spread)
        for pair in pairs
        for spread in evaluate_pair(pair, evaluator._markets, books, now, evaluator.thresholds)
        if spread.is_opportunity
    }
    assert found and set(evaluator.tracker.open_keys()) == found
    # The screen did spare walks: most pairs' best asks sum to $1 or more.
    assert evaluator.screened > evaluator.evaluations
    service.stop()
    await running


def test_the_cli_runs_until_sigterm_then_flushes_and_exits_0(kalshi_credentials, warehouse, warehouse_engine, tmp_path):
    key_id, key_path = kalshi_credentials
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={key_id: public_key_pem(load_private_key(key_path))})
    with exchange.run_in_thread() as running:
        credentials = Credentials(key_id, str(key_path), "sandbox")
        write_markets(warehouse, asyncio.run(sandbox_markets(running, credentials, tmp_path / "capture")))
        pairs = approve(warehouse, exchange.scenario.truth_pairs[:10])
        env = {
            **os.environ, **running.endpoints.as_env(),
            "KALSHI_API_KEY_ID": key_id, "KALSHI_PRIVATE_KEY_PATH": str(key_path),
            "ARB_WAREHOUSE_URL": warehouse_engine.url.render_as_string(hide_password=False),
            "ARB_WAREHOUSE_SCHEMA": warehouse.schema, "ARB_HOME": str(tmp_path / "home"), "TRADING_BANKROLL": "2500",
        }  # fmt: skip
        process = subprocess.Popen(
            [sys.executable, "-m", "arb_pipeline.cli", "--log-level", "INFO", "streamer", "--metrics-port", "0",
             "--record", str(tmp_path / "frames"), "--paper-trade"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with warehouse.engine.connect() as connection:
                    if stream.count_rows(connection, stream.StreamTable.BOOK_TICKS, schema=warehouse.schema) > 0:
                        break
                time.sleep(0.2)
            process.send_signal(signal.SIGTERM)
            out, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
    assert process.returncode == 0, err
    assert "SIGTERM: stopping the streamer" in err
    with warehouse.engine.connect() as connection:
        ticks = stream.count_rows(connection, stream.StreamTable.BOOK_TICKS, schema=warehouse.schema)
        health = stream.count_rows(connection, stream.StreamTable.STREAM_HEALTH, schema=warehouse.schema)
    # Everything it received is stored: the report's ticks are all in the warehouse, and the
    # health rows of the last period were written on the way out.
    reported = int(re.search(r"(\d+) ticks, \d+ depth snapshots: (\d+) rows written, 0 spilled", out)[1])
    assert ticks == reported > 0 and health >= 2
    assert f"{len(pairs)} approved pairs watched" in out
    # --record kept every frame as it came: the first books of both venues among them.
    lines = [orjson.loads(line) for line in (tmp_path / "frames" / "kalshi.jsonl").read_bytes().splitlines()]
    kalshi = [record for record in lines if "frame" in record]
    polymarket = (tmp_path / "frames" / "polymarket.jsonl").read_bytes().splitlines()
    assert any('"orderbook_snapshot"' in record["frame"] for record in kalshi)
    # Beside them, each read of Kalshi's series fee changes (the first at the start).
    assert [record for record in lines if "frame" not in record] and all(
        "fee_changes" in record for record in lines if "frame" not in record)
    assert polymarket and all(orjson.loads(line)["received_ns"] > 0 for line in polymarket)
    assert f"recorded {len(kalshi)} kalshi frames, {len(polymarket)} polymarket frames" in out
    # --paper-trade traded on those frames; the manifest names its settings, and the recording
    # replays from the command line.
    assert re.search(r"paper trading: \d+ trades", out)
    manifest = orjson.loads((tmp_path / "frames" / "manifest.json").read_bytes())
    assert manifest["trading"]["env"]["TRADING_BANKROLL"] == "2500" and len(manifest["pairs"]) == len(pairs)
    replay = subprocess.run([sys.executable, "-m", "arb_pipeline.cli", "backtest", "--recording", str(tmp_path / "frames")],
                            env={**os.environ, "ARB_HOME": str(tmp_path / "home")}, capture_output=True, text=True,
                            timeout=120)
    assert replay.returncode == 0, replay.stderr
    assert f"backtest of {tmp_path / 'frames'}: {len(pairs)} pairs" in replay.stdout and "PnL for " in replay.stdout


async def test_a_kalshi_fee_update_on_the_socket_reprices_live_evaluation(world, tmp_path):
    exchange, store, credentials = world
    planted = exchange.scenario.planted_arbitrage[0]
    [truth] = [t for t in exchange.scenario.truth_pairs if t.kalshi_ticker == planted.kalshi_ticker]
    approve(store, [truth])
    event_ticker = read_market(store, Venue.KALSHI, planted.kalshi_ticker).event_id
    service = streamer(exchange, store, credentials, tmp_path)
    running = asyncio.create_task(service.run(install_signals=False))

    def is_open() -> bool:
        return any(key.kalshi_ticker == planted.kalshi_ticker for key in service.evaluator.tracker.open_keys())

    await wait_for(is_open, what="the planted arbitrage opening")
    # Ten times the series' fees eat a few cents of edge: the opportunity closes with no book change.
    assert exchange.kalshi_fee_update(event_ticker, None, Decimal(10)) == 1
    await wait_for(lambda: not is_open(), what="the close under the new fees")
    exchange.kalshi_fee_update(event_ticker, None, None)
    await wait_for(is_open, what="the reopening once the override is cleared")
    service.stop()
    report = await running
    opens = [e for e in report.opened if e.key.kalshi_ticker == planted.kalshi_ticker]
    assert len(opens) == 2 and report.events[EventType.CLOSE] >= 2


async def test_a_scheduled_kalshi_series_fee_change_reprices_live_evaluation_when_it_takes_effect(world, tmp_path):
    exchange, store, credentials = world
    planted = exchange.scenario.planted_arbitrage[0]
    [truth] = [t for t in exchange.scenario.truth_pairs if t.kalshi_ticker == planted.kalshi_ticker]
    approve(store, [truth])
    market = read_market(store, Venue.KALSHI, planted.kalshi_ticker)
    service = streamer(exchange, store, credentials, tmp_path, fee_poll_interval_s="0.2")
    running = asyncio.create_task(service.run(install_signals=False))

    def is_open() -> bool:
        return any(key.kalshi_ticker == planted.kalshi_ticker for key in service.evaluator.tracker.open_keys())

    await wait_for(is_open, what="the planted arbitrage opening")
    # Ten times the fees, from a second on: listed at once, applied when due.
    at = datetime.now(tz=UTC) + timedelta(seconds=1)
    exchange.schedule_kalshi_fee_change(market.series_id, market.fee.fee_type, market.fee.multiplier * 10, at)
    await wait_for(lambda: service._fee_changes, what="the change read")
    assert is_open()
    await wait_for(lambda: not is_open(), what="the close under the new fees")
    assert datetime.now(tz=UTC) >= at
    exchange.schedule_kalshi_fee_change(market.series_id, market.fee.fee_type, market.fee.multiplier, datetime.now(tz=UTC))
    await wait_for(is_open, what="the reopening once the series' fees are back")
    service.stop()
    report = await running
    assert len([e for e in report.opened if e.key.kalshi_ticker == planted.kalshi_ticker]) == 2


async def test_the_feeds_run_under_the_runtime_the_streamer_is_given_and_it_is_left_when_the_streamer_stops(world, tmp_path):
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:3])
    interval = sys.getswitchinterval()
    seen = []

    @contextlib.contextmanager
    def runtime():
        # Entered once the pairs are read and before any feed connects.
        seen.append(("entered", len(service.evaluator.watch_set.pairs), service.kalshi.books_received))
        with latency_runtime():
            yield
        seen.append(("left", service.kalshi.books_received))

    service = streamer(exchange, store, credentials, tmp_path)
    running = asyncio.create_task(service.run(install_signals=False, runtime=runtime()))
    await wait_for(lambda: service.kalshi.books_received == 3, what="the first books")
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
    assert gc.get_freeze_count() > 0
    service.stop()
    report = await running
    assert seen == [("entered", 3, 0), ("left", 3)]
    assert sys.getswitchinterval() == pytest.approx(interval)
    assert gc.get_freeze_count() == 0
    assert report.writer is not None and report.writer.backlog_rows == 0


async def test_the_sweep_hands_the_event_loop_back_while_it_walks_the_books(world, tmp_path, monkeypatch):
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:10])
    service = streamer(exchange, store, credentials, tmp_path)
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: all(feed.watched and feed.books_received == len(feed.watched) for feed in service.feeds), what="the books")
    # Every book its own slice.
    monkeypatch.setattr(service_module, "PASS_SLICE_S", 0.0)
    exchange.silence(Venue.KALSHI, True)
    service.kalshi.stale_ns = 0
    sweep = asyncio.create_task(service.sweep())
    turns = 0
    while not sweep.done():
        turns += 1
        await asyncio.sleep(0)
    await sweep
    # Another task ran between the books, and the walk still found every Kalshi book stale.
    assert turns > len(service.kalshi.watched)
    assert service._stale >= set(service.kalshi.watched)
    service.stop()
    await running


async def test_health_rows_are_written_every_interval_one_period_after_the_other(world, tmp_path):
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:5])
    service = streamer(exchange, store, credentials, tmp_path, health_write_interval_s="0.2")
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: service.kalshi.books_received == 5, what="the first books")
    await wait_for(lambda: service.writer.stats().rows_written and len(_health_rows(store)) >= 6, what="three health periods")
    service.stop()
    await running
    rows = _health_rows(store)
    for venue in ("kalshi", "polymarket"):
        periods = [(start, end) for name, start, end, _ in rows if name == venue]
        assert len(periods) >= 3
        # Each period starts where the one before ended: no time is left out or counted twice.
        assert all(later[0] == earlier[1] for earlier, later in zip(periods, periods[1:], strict=False))
    assert {live for name, _, _, live in rows if name == "kalshi"} >= {5}


def _health_rows(store) -> list[tuple[str, datetime, datetime, int]]:
    with store.engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(
            f"SELECT venue, period_start, period_end, live_books FROM {store.schema}.stream_health ORDER BY health_id"
        )]  # fmt: skip


async def test_a_depth_snapshot_pass_covers_every_live_book_and_hands_the_event_loop_back_between_slices(world, tmp_path, monkeypatch):
    exchange, store, credentials = world
    approve(store, exchange.scenario.truth_pairs[:10])
    # Every book its own slice.
    monkeypatch.setattr(service_module, "PASS_SLICE_S", 0.0)
    service = streamer(exchange, store, credentials, tmp_path, depth_snapshot_interval_s="0.2")
    running = asyncio.create_task(service.run(install_signals=False))
    await wait_for(lambda: all(feed.watched and feed.books_received == len(feed.watched) for feed in service.feeds), what="the books")
    # A Kalshi book is stored as its yes and its no side; a Polymarket token as itself.
    per_pass = 2 * len(service.kalshi.watched) + len(service.polymarket.watched)
    seen: list[int] = []

    async def watch() -> None:
        while True:
            seen.append(service.report.depth_snapshots)
            await asyncio.sleep(0)

    watcher = asyncio.create_task(watch())
    await wait_for(lambda: service.report.depth_snapshots >= 2 * per_pass, what="two depth passes")
    watcher.cancel()
    service.stop()
    report = await running
    # Another task ran while a pass was part way through its books.
    assert any(count % per_pass for count in seen)
    with store.engine.connect() as connection:
        stored = connection.exec_driver_sql(
            f"SELECT taken_at, count(*), count(DISTINCT instrument_id) FROM {store.schema}.book_depth_snapshots GROUP BY taken_at"
        ).all()
    # One row per book and pass; the stop may cut the last pass short.
    assert sum(rows for _, rows, _ in stored) == report.depth_snapshots
    assert all(rows == books <= per_pass for _, rows, books in stored)
    assert sum(1 for _, rows, _ in stored if rows == per_pass) >= 2
