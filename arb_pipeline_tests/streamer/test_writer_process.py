"""The streamer's writer in its own process, on a real PostgreSQL: every table written exactly
from the event loop with no writer thread in the streamer's process, an event loop that never
waits for a writer process that stopped reading, an outage seen through the stats, metrics and
log records the child sends back, a stop during an outage spilled and replayed by the next
start, a held spill directory refused at start, the rows of a streamer that vanished
without closing its writer still stored, and a writer process that died started again with
every row appended after its death stored (waiting in the streamer, left unread in the pipe,
or spilled by the streamer past its bound), a child that cannot start retried with a backoff."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import pytest

from arb_pipeline.streamer.metrics import StreamerMetrics
from arb_pipeline.streamer.persistence import WriterStats
from arb_pipeline.streamer.spill import SpillDirectoryError
from arb_pipeline.streamer.writer_process import WriterProcess
from arb_pipeline.venues.backoff import Backoff
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.stream import StreamTable
from arb_pipeline_tests.streamer.proxy import TcpProxy
from arb_pipeline_tests.streamer.test_persistence import T0, _event, _tick_keys

pytestmark = pytest.mark.integration

_OPTIONS = {"batch_rows": 50, "flush_interval_s": 0.02, "max_memory_rows": 200, "statement_timeout_s": 5}


def _writer(warehouse: Warehouse, spill_dir: Path, metrics: StreamerMetrics | None = None) -> WriterProcess:
    writer = WriterProcess(warehouse, spill_dir, metrics=metrics, **_OPTIONS)
    writer.start()
    return writer


def _append_tops(writer: WriterProcess, start: int, count: int) -> None:
    for i in range(start, start + count):
        writer.append_tops("kalshi", [(f"KXTEST-{i % 7}:yes", f"M{i % 7}", (4512 + i % 10, 100_000_000 + i, 4613, None), None, time.time_ns())])


async def _flush(writer: WriterProcess, timeout_s: float) -> bool:
    return await asyncio.get_running_loop().run_in_executor(None, writer.flush, timeout_s)


def _spilling(stats: WriterStats) -> bool:
    # The stats come from the child every STATS_INTERVAL_S: wait for the ones that saw every row.
    return stats.in_outage and stats.backlog_rows == 600 and stats.spilled_rows > 0


def _metric(metrics: StreamerMetrics, name: str) -> float:
    lines = [line for line in metrics.exposition().decode().splitlines() if line.startswith(name)]
    return sum(float(line.rsplit(" ", 1)[1]) for line in lines)


async def test_every_table_goes_through_the_writer_process_exactly_and_no_writer_thread_runs_here(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    metrics = StreamerMetrics()
    writer = _writer(warehouse, tmp_path / "spill", metrics)
    assert writer.pid != os.getpid()
    assert not [thread.name for thread in threading.enumerate() if thread.name in ("stream-writer", "stream-spill")]
    _append_tops(writer, 0, 120)
    writer.append_depth("polymarket", "71234", "0xm", [(Decimal("0.41"), Decimal("10"))], [(Decimal("0.43"), Decimal("2.5"))],
                        None, time.time_ns(), T0)  # fmt: skip
    writer.append_event(_event(1))
    writer.append_health(
        "kalshi", T0, time.time_ns(), messages=5, decode_errors_by_kind={"malformed": 1}, gaps=0, reconnects=0, resyncs=0,
        live_books=3, stale_books=1, max_staleness_s=Decimal("1.250"), connected=True,
    )  # fmt: skip
    assert await _flush(writer, 20)
    flushed = writer.stats()
    assert flushed.rows_written == 123 and flushed.backlog_rows == 0
    stats = await writer.aclose(10)
    assert stats.rows_written == 123 and stats.backlog_rows == 0 and not stats.in_outage
    assert _metric(metrics, "arb_streamer_rows_written_total") == 123
    with warehouse.transaction() as connection:
        ticks = stream.load_book_ticks(connection, schema=warehouse.schema)
        counts = {table: stream.count_rows(connection, table, schema=warehouse.schema) for table in StreamTable}
    assert counts == {StreamTable.BOOK_TICKS: 120, StreamTable.BOOK_DEPTH_SNAPSHOTS: 1,
                      StreamTable.OPPORTUNITY_EVENTS: 1, StreamTable.STREAM_HEALTH: 1}  # fmt: skip
    # In the order appended, in exact Decimal from the ticks and size units.
    assert [(t.best_bid, t.best_bid_size, t.best_ask, t.best_ask_size) for t in ticks[:2]] == [
        (Decimal("0.4512"), Decimal("100"), Decimal("0.4613"), None),
        (Decimal("0.4513"), Decimal("100.000001"), Decimal("0.4613"), None),
    ]
    assert [int(t.tick_key.rsplit("-", 1)[1]) for t in ticks] == list(range(120))


async def test_the_event_loop_never_waits_for_a_writer_process_that_stopped_reading(warehouse: Warehouse, tmp_path: Path) -> None:
    # Batches of 2,000: the catch-up of 40,000 rows is 20 transactions, not 800.
    writer = WriterProcess(warehouse, tmp_path / "spill", batch_rows=2_000, max_memory_rows=100_000)
    writer.start()
    os.kill(writer.pid, signal.SIGSTOP)
    try:
        longest = 0.0
        # Far more than the pipe holds: what it cannot take waits in this process.
        async with asyncio.timeout(20):
            for start in range(0, 40_000, 500):
                began = time.perf_counter()
                _append_tops(writer, start, 500)
                await asyncio.sleep(0)
                longest = max(longest, time.perf_counter() - began)
        assert writer.pending_bytes > 0
    finally:
        os.kill(writer.pid, signal.SIGCONT)
    # 500 appends and a send are a few ms; a write that blocked on the full pipe would never end.
    assert longest < 1.0
    assert await _flush(writer, 60)
    stats = await writer.aclose(10)
    assert stats.rows_written == 40_000 and stats.backlog_rows == 0 and writer.pending_bytes == 0
    assert len(_tick_keys(warehouse)) == 40_000


async def test_an_outage_shows_in_the_stats_metrics_and_logs_and_a_stop_spills_for_the_next_start(
    proxied: tuple[Warehouse, TcpProxy], warehouse: Warehouse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    through_proxy, proxy = proxied
    spill_dir = tmp_path / "spill"
    metrics = StreamerMetrics()
    first = _writer(through_proxy, spill_dir, metrics)
    _append_tops(first, 0, 100)
    assert await _flush(first, 20)
    proxy.cut()
    with caplog.at_level(logging.WARNING):
        for start in range(100, 700, 100):
            _append_tops(first, start, 100)
            await asyncio.sleep(0.03)
        deadline = time.monotonic() + 15
        while not _spilling(first.stats()) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        during = first.stats()
        assert during.in_outage and during.backlog_rows == 600 and during.spilled_rows > 0
        assert during.oldest_unwritten_age_s > 0
        stopped = await first.aclose(0.3)
    assert stopped.spilled_rows == 600 and stopped.memory_rows == 0
    assert _metric(metrics, "arb_streamer_write_failures_total") > 0 and _metric(metrics, "arb_streamer_rows_spilled_total") > 0
    # The child's log records reach this process's handlers, under the writer's own logger.
    assert any(r.name == "arb_pipeline.streamer.persistence" and "cannot take the stream's rows" in r.getMessage()
               for r in caplog.records)  # fmt: skip

    proxy.restore()
    second = _writer(through_proxy, spill_dir)
    assert await _flush(second, 20)
    replayed = await second.aclose(10)
    assert replayed.rows_written == 600 and replayed.backlog_rows == 0
    keys = _tick_keys(warehouse)
    assert len(keys) == len(set(keys)) == 700


def test_a_spill_directory_another_writer_holds_is_refused_at_start(warehouse: Warehouse, tmp_path: Path) -> None:
    first = _writer(warehouse, tmp_path / "spill")
    with pytest.raises(SpillDirectoryError, match="in use by another streamer"):
        _writer(warehouse, tmp_path / "spill")
    _append_tops(first, 0, 10)
    assert first.close(10).rows_written == 10


_VANISHING_STREAMER = """
import os, sys, time
from pathlib import Path
from arb_pipeline.streamer.writer_process import WriterProcess
from arb_pipeline.warehouse import Warehouse
if __name__ == "__main__":
    writer = WriterProcess(Warehouse.connect(sys.argv[1], sys.argv[2], migrate=False), Path(sys.argv[3]))
    writer.start()
    for i in range(300):
        writer.append_tops("kalshi", [("KXTEST-1:yes", "M1", (4512, 1_000_000, 4613, 2_000_000), None, time.time_ns())])
    print(writer.pid, flush=True)
    os._exit(0)
"""


def test_the_rows_of_a_streamer_that_vanished_without_closing_its_writer_are_still_stored(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    script = tmp_path / "vanishing.py"
    script.write_text(_VANISHING_STREAMER)
    url = warehouse.engine.url.render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, str(script), url, warehouse.schema, str(tmp_path / "spill")],
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    assert int(done.stdout.split()[0]) > 0
    deadline = time.monotonic() + 30
    while len(_tick_keys(warehouse)) < 300 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(_tick_keys(warehouse)) == 300


async def _restarted(writer: WriterProcess, metrics: StreamerMetrics, dead: int) -> None:
    deadline = time.monotonic() + 30
    while (_metric(metrics, "arb_streamer_writer_restarts_total") < 1 or writer.pid == dead) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert writer.pid != dead


async def _death_seen(metrics: StreamerMetrics) -> None:
    deadline = time.monotonic() + 15
    while _metric(metrics, "arb_streamer_writer_restarts_total") < 1 and time.monotonic() < deadline:
        await asyncio.sleep(0.01)


async def test_a_killed_writer_process_is_restarted_and_every_row_appended_after_the_kill_is_stored(
    warehouse: Warehouse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    metrics = StreamerMetrics()
    writer = _writer(warehouse, tmp_path / "spill", metrics)
    _append_tops(writer, 0, 100)
    assert await _flush(writer, 20)
    dead = writer.pid
    os.kill(dead, signal.SIGKILL)
    # Appends neither raise nor wait, before the death is seen, while the new child starts and after.
    for start in range(100, 1_100, 100):
        _append_tops(writer, start, 100)
        await asyncio.sleep(0.05)
    await _restarted(writer, metrics, dead)
    assert await _flush(writer, 30)
    stats = await writer.aclose(10)
    assert not stats.in_outage and stats.backlog_rows == 0
    keys = _tick_keys(warehouse)
    assert len(keys) == len(set(keys)) == 1_100
    assert _metric(metrics, "arb_streamer_writer_restarts_total") == 1
    assert any(r.levelno == logging.CRITICAL and "writer process died" in r.getMessage() for r in caplog.records)


async def test_the_rows_a_killed_writer_process_left_unread_in_its_pipe_go_to_the_next_one(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    metrics = StreamerMetrics()
    writer = _writer(warehouse, tmp_path / "spill", metrics)
    dead = writer.pid
    os.kill(dead, signal.SIGSTOP)
    _append_tops(writer, 0, 300)
    await asyncio.sleep(0.05)
    # Sent: the rows are in the pipe, and the child never reads them.
    assert writer.pending_bytes == 0
    os.kill(dead, signal.SIGKILL)
    await _restarted(writer, metrics, dead)
    assert await _flush(writer, 30)
    assert (await writer.aclose(10)).backlog_rows == 0
    keys = _tick_keys(warehouse)
    assert len(keys) == len(set(keys)) == 300


async def _down_for_seconds(warehouse: Warehouse, spill_dir: Path) -> tuple[WriterProcess, int, StreamerMetrics]:
    """A writer whose child was killed and seen dead: the next starts after 4 s."""
    metrics = StreamerMetrics()
    writer = WriterProcess(warehouse, spill_dir, metrics=metrics, restart_backoff=Backoff(4.0, 4.0), **_OPTIONS)
    writer.start()
    dead = writer.pid
    os.kill(dead, signal.SIGKILL)
    await _death_seen(metrics)
    return writer, dead, metrics


async def test_rows_past_the_bound_while_no_writer_process_runs_are_spilled_and_replayed_by_the_next_one(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    spill_dir = tmp_path / "spill"
    writer, dead, metrics = await _down_for_seconds(warehouse, spill_dir)
    # No child for 2-4 s: past max_memory_rows (200) the waiting rows go to a spill file.
    _append_tops(writer, 0, 500)
    assert writer.pid == dead
    assert _metric(metrics, "arb_streamer_rows_spilled_total") == 402
    assert len(list(spill_dir.glob("segment-*.jsonl"))) == 2
    await _restarted(writer, metrics, dead)
    assert await _flush(writer, 30)
    assert (await writer.aclose(10)).backlog_rows == 0
    with warehouse.transaction() as connection:
        ticks = stream.load_book_ticks(connection, schema=warehouse.schema)
    # Every row once, in the order appended (the price carries i % 10).
    assert len({t.tick_key for t in ticks}) == len(ticks) == 500
    assert [t.best_bid for t in ticks] == [Decimal(4512 + i % 10) / 10_000 for i in range(500)]
    assert not list(spill_dir.glob("segment-*"))


async def test_a_writer_process_that_cannot_start_again_is_retried_with_a_backoff_and_no_row_is_lost(
    warehouse: Warehouse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    metrics = StreamerMetrics()
    spill_dir = tmp_path / "spill"
    writer = _writer(warehouse, spill_dir, metrics)
    with open(spill_dir / "writer.lock", "a") as held:
        os.kill(writer.pid, signal.SIGKILL)
        await _death_seen(metrics)
        # Taken as soon as the dead child let it go: every new child finds it held and ends.
        fcntl.flock(held, fcntl.LOCK_EX)
        _append_tops(writer, 0, 100)
        await asyncio.sleep(2.0)
        # Waits of 0.1-0.2, 0.2-0.4, 0.4-0.8, 0.8-1.6 s: a few tries in 2 s, not a spin.
        assert 2 <= _metric(metrics, "arb_streamer_writer_restarts_total") <= 6
    assert any("could not start" in r.getMessage() for r in caplog.records)
    assert await _flush(writer, 30)
    assert (await writer.aclose(10)).backlog_rows == 0
    assert len(_tick_keys(warehouse)) == 100


async def test_rows_appended_before_the_writer_process_is_ready_wait_in_the_pipe_and_a_start_error_comes_later(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    writer = WriterProcess(warehouse, tmp_path / "spill", **_OPTIONS)
    writer.start(wait=False)
    _append_tops(writer, 0, 50)
    await writer.started()
    second = WriterProcess(warehouse, tmp_path / "spill", **_OPTIONS)
    second.start(wait=False)
    with pytest.raises(SpillDirectoryError, match="in use by another streamer"):
        await second.started()
    assert not (await second.aclose(1)).rows_written
    assert (await writer.aclose(10)).rows_written == 50
    assert len(_tick_keys(warehouse)) == 50


async def test_a_pass_of_tops_is_one_call_counted_by_its_rows_in_memory_and_against_the_bound(
    warehouse: Warehouse, tmp_path: Path
) -> None:
    writer, dead, metrics = await _down_for_seconds(warehouse, tmp_path / "spill")
    tops = [(f"KXTEST-{n}:yes", f"M{n}", (4512, 1_000_000 + n, 4613, None), None, time.time_ns()) for n in range(150)]
    writer.append_tops("kalshi", tops)
    assert writer.stats().memory_rows == 150
    assert _metric(metrics, "arb_streamer_rows_spilled_total") == 0
    # One more call of 60 rows takes the 210 waiting past max_memory_rows (200): all spilled.
    writer.append_tops("polymarket", [(f"7{n}", "C1", (1, 2, 3, 4), 5, time.time_ns()) for n in range(60)])
    assert _metric(metrics, "arb_streamer_rows_spilled_total") == 210
    await _restarted(writer, metrics, dead)
    assert await _flush(writer, 30)
    assert (await writer.aclose(10)).backlog_rows == 0
    with warehouse.transaction() as connection:
        ticks = stream.load_book_ticks(connection, schema=warehouse.schema)
    assert [t.best_bid_size for t in ticks[:150]] == [Decimal(1_000_000 + n) / 1_000_000 for n in range(150)]
    assert [t.venue for t in ticks] == ["kalshi"] * 150 + ["polymarket"] * 60
