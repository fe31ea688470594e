"""The batched writer on a real PostgreSQL: batches, exact values, a warehouse that goes away
mid-stream (through a TCP proxy the test cuts), a hung warehouse (a table lock), spill files
replayed after a stop or a crash, and rows that cannot be stored."""

from __future__ import annotations

import logging
import shutil
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import Engine

from arb_pipeline.domain.models import OpportunityKind
from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent, QuoteTimes, SpreadKey
from arb_pipeline.streamer.metrics import StreamerMetrics
from arb_pipeline.streamer.persistence import StreamWriter
from arb_pipeline.streamer.spill import SpillDirectoryError
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.stream import StreamTable
from arb_pipeline_tests.streamer.proxy import TcpProxy

T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def _append_ticks(writer: StreamWriter, start: int, count: int) -> None:
    for i in range(start, start + count):
        venue = "kalshi" if i % 2 else "polymarket"
        instrument = f"KXTEST-{i % 7}:yes" if venue == "kalshi" else f"7{i % 5:04d}1234567890"
        writer.append_tick(
            venue, instrument, f"M{i % 7}",
            Decimal("0.4512") + Decimal(i % 10) / 10_000, Decimal(100 + i), Decimal("0.4613"), Decimal("12.5"),
            T0 + timedelta(milliseconds=i), time.time_ns(),
        )  # fmt: skip


def _tick_keys(warehouse: Warehouse) -> list[str]:
    with warehouse.transaction() as connection:
        return [tick.tick_key for tick in stream.load_book_ticks(connection, schema=warehouse.schema)]


def _writer(warehouse: Warehouse, spill_dir: Path, **kwargs: object) -> StreamWriter:
    options: dict = {"batch_rows": 50, "flush_interval_s": 0.02, "max_memory_rows": 200, "statement_timeout_s": 5}
    options.update(kwargs)
    writer = StreamWriter(warehouse, spill_dir, **options)
    writer.start()
    return writer


def _event(step: int, event_type: EventType = EventType.OPEN) -> OpportunityEvent:
    key = SpreadKey(OpportunityKind.CROSS_VENUE, "KXFED-26MAR-T4.00", "512345", "yes", "7133")
    closing = event_type is EventType.CLOSE
    return OpportunityEvent(
        event_key=f"event-{step}",
        event_type=event_type,
        key=key,
        kalshi_tickers=("KXFED-26MAR-T4.00",),
        contracts=Decimal(40),
        kalshi_avg_price=Decimal("0.41"),
        polymarket_avg_price=Decimal("0.5375"),
        kalshi_fee=Decimal("0.68"),
        polymarket_fee=Decimal("0.0123"),
        cost=Decimal("38.1923"),
        net_profit=Decimal("1.8077"),
        edge_per_contract=Decimal("0.0451925"),
        days_to_resolution=Decimal("12.500001"),
        apy=Decimal("1.382"),
        opened_at=T0,
        evaluated_at=T0 + timedelta(seconds=step),
        times=QuoteTimes(T0, T0 + timedelta(milliseconds=3), None, T0 + timedelta(milliseconds=5)),
        lifetime=timedelta(seconds=step, microseconds=250) if closing else None,
        reason="no edge: best asks sum to 1.01 >= $1" if closing else None,
    )


def test_every_table_is_written_in_batches_with_exact_values(warehouse: Warehouse, tmp_path: Path) -> None:
    metrics = StreamerMetrics()
    writer = _writer(warehouse, tmp_path / "spill", metrics=metrics, max_memory_rows=10_000)
    _append_ticks(writer, 0, 420)
    writer.append_depth(
        "polymarket", "71321", "0xcond", [(Decimal("0.45"), Decimal("10")), (Decimal("0.449"), Decimal("3.5"))],
        [(Decimal("0.47"), Decimal("1E+3"))], None, T0, T0 + timedelta(seconds=1),
    )  # fmt: skip
    writer.append_event(_event(0))
    writer.append_event(_event(3, EventType.CLOSE))
    writer.append_health(
        "kalshi", T0, T0 + timedelta(seconds=15), messages=1200, decode_errors_by_kind={"bad_json": 2, "unknown_type": 1},
        gaps=1, reconnects=0, resyncs=1, live_books=40, stale_books=2, max_staleness_s=Decimal("4.25"), connected=True,
    )  # fmt: skip
    assert writer.flush(timeout_s=10)
    stats = writer.close()

    assert stats.rows_written == 424 and stats.rows_rejected == 0 and stats.backlog_rows == 0
    assert stats.flushes >= 420 // 50
    with warehouse.transaction() as connection:
        ticks = stream.load_book_ticks(connection, schema=warehouse.schema)
        events = stream.load_opportunity_events(connection, schema=warehouse.schema)
        depth = connection.exec_driver_sql(
            f"SELECT bid_prices, bid_sizes, ask_prices, ask_sizes FROM {warehouse.schema}.book_depth_snapshots"
        ).one()
        health = connection.exec_driver_sql(
            f"SELECT messages, decode_errors, decode_errors_by_kind, max_staleness_s FROM {warehouse.schema}.stream_health"
        ).one()
    assert len(ticks) == 420
    assert [tick.tick_id for tick in ticks] == sorted(tick.tick_id for tick in ticks)
    # In the order they were appended: the key's counter grows with the id.
    assert [int(tick.tick_key.rsplit("-", 1)[1]) for tick in ticks] == list(range(420))
    assert ticks[7].best_bid == Decimal("0.4519") and ticks[7].best_bid_size == Decimal(107)
    assert ticks[7].venue_ts == T0 + timedelta(milliseconds=7)
    assert abs(ticks[7].received_ts - datetime.now(UTC)) < timedelta(minutes=1)
    assert events == [_event(0), _event(3, EventType.CLOSE)]
    assert depth == ([Decimal("0.45"), Decimal("0.449")], [Decimal(10), Decimal("3.5")], [Decimal("0.47")], [Decimal("1E+3")])
    assert health == (1200, 3, {"bad_json": 2, "unknown_type": 1}, Decimal("4.25"))
    text = metrics.exposition().decode()
    assert 'arb_streamer_rows_written_total{table="book_ticks"} 420.0' in text
    assert "arb_streamer_write_backlog_rows 0.0" in text


def test_a_warehouse_outage_mid_stream_loses_and_duplicates_nothing(
    proxied: tuple[Warehouse, TcpProxy], warehouse: Warehouse, tmp_path: Path
) -> None:
    through_proxy, proxy = proxied
    spill_dir = tmp_path / "spill"
    writer = _writer(through_proxy, spill_dir)
    _append_ticks(writer, 0, 300)
    assert writer.flush(timeout_s=10)

    proxy.cut()
    peak_memory = 0
    for start in range(300, 1500, 100):
        _append_ticks(writer, start, 100)
        time.sleep(0.03)
        peak_memory = max(peak_memory, writer.stats().memory_rows)
    assert not writer.flush(timeout_s=0.5)
    during = writer.stats()
    assert during.in_outage and during.failures > 0
    assert during.backlog_rows == 1200
    # Bounded: past 200 rows in memory, rows went to disk (the batch in flight and what
    # arrived before the spill thread got its turn come on top).
    assert during.spilled_rows >= 1000 and sorted(spill_dir.glob("segment-*.jsonl"))
    assert peak_memory <= 200 + 50 + 2 * 100
    assert len(_tick_keys(warehouse)) == 300

    proxy.restore()
    assert writer.flush(timeout_s=20)
    after = writer.close()
    assert not after.in_outage and after.backlog_rows == 0 and after.spill_files == 0
    assert not list(spill_dir.glob("segment-*"))
    keys = _tick_keys(warehouse)
    assert len(keys) == len(set(keys)) == 1500
    # Caught up in order: tick ids follow the order the rows were appended in.
    assert [int(key.rsplit("-", 1)[1]) for key in keys] == list(range(1500))


def test_rows_a_stop_during_an_outage_spilled_are_written_by_the_next_start_once(
    proxied: tuple[Warehouse, TcpProxy], warehouse: Warehouse, tmp_path: Path
) -> None:
    through_proxy, proxy = proxied
    spill_dir = tmp_path / "spill"
    first = _writer(through_proxy, spill_dir)
    _append_ticks(first, 0, 100)
    assert first.flush(timeout_s=10)
    proxy.cut()
    _append_ticks(first, 100, 130)
    stopped = first.close(timeout_s=0.3)
    assert stopped.spilled_rows == 130 and stopped.memory_rows == 0
    saved = tmp_path / "saved"
    shutil.copytree(spill_dir, saved)

    proxy.restore()
    second = _writer(through_proxy, spill_dir)
    assert second.flush(timeout_s=20)
    second.close()
    assert len(set(_tick_keys(warehouse))) == len(_tick_keys(warehouse)) == 230

    # A crash after the warehouse took the rows but before the files were removed: the next
    # start replays them, and the warehouse already has every one. A torn last line (the crash
    # cut a write short) is reported and skipped.
    for path in saved.glob("segment-*.jsonl"):
        shutil.copy(path, spill_dir / path.name)
        with open(spill_dir / path.name, "ab") as handle:
            handle.write(b'["book_ticks", ["abc-1", "kal')
    third = _writer(through_proxy, spill_dir)
    assert third.flush(timeout_s=20)
    replayed = third.close()
    assert replayed.rows_written == 0 and replayed.rows_rejected >= 1
    assert len(_tick_keys(warehouse)) == 230


def test_a_top_in_ticks_and_size_units_is_stored_as_the_exact_tick_it_stands_for_written_or_spilled(
    proxied: tuple[Warehouse, TcpProxy], warehouse: Warehouse, tmp_path: Path
) -> None:
    through_proxy, proxy = proxied
    spill_dir = tmp_path / "spill"
    tops = [(4512, 100_500_000, 4613, 12_500_000), (None, None, 9999, 1), (1, 999_999, None, None)]
    received = time.time_ns()
    first = _writer(through_proxy, spill_dir)
    for n, top in enumerate(tops):
        first.append_top("kalshi", f"KXTEST-{n}:yes", f"KXTEST-{n}", top, received - 5_000_000 if n == 0 else None, received)
    assert first.flush(timeout_s=10)
    # Queued in units while the warehouse is away: spilled at the stop, written by the next start.
    proxy.cut()
    for n, top in enumerate(tops):
        first.append_top("polymarket", f"7{n}1234567890", "M1", top, received, received)
    assert first.close(timeout_s=0.3).spilled_rows == 3
    proxy.restore()
    second = _writer(through_proxy, spill_dir)
    assert second.flush(timeout_s=20)
    second.close()
    with warehouse.transaction() as connection:
        ticks = stream.load_book_ticks(connection, schema=warehouse.schema)
    exact = [
        (Decimal("0.4512"), Decimal("100.5"), Decimal("0.4613"), Decimal("12.5")),
        (None, None, Decimal("0.9999"), Decimal("0.000001")),
        (Decimal("0.0001"), Decimal("0.999999"), None, None),
    ]
    assert [(t.best_bid, t.best_bid_size, t.best_ask, t.best_ask_size) for t in ticks] == exact * 2
    assert [t.venue for t in ticks] == ["kalshi"] * 3 + ["polymarket"] * 3
    assert ticks[0].venue_ts == stream.as_time(received - 5_000_000) and ticks[1].venue_ts is None
    assert all(t.received_ts == stream.as_time(received) for t in ticks)


def test_a_hung_warehouse_times_out_and_the_rows_wait(warehouse: Warehouse, warehouse_engine: Engine, tmp_path: Path) -> None:
    writer = _writer(warehouse, tmp_path / "spill", statement_timeout_s=0.2)
    with warehouse_engine.connect() as blocker:
        transaction = blocker.begin()
        blocker.exec_driver_sql(f"LOCK TABLE {warehouse.schema}.book_ticks IN ACCESS EXCLUSIVE MODE")
        _append_ticks(writer, 0, 60)
        assert not writer.flush(timeout_s=1.0)
        assert writer.stats().in_outage and writer.stats().backlog_rows == 60
        transaction.rollback()
    assert writer.flush(timeout_s=20)
    writer.close()
    assert len(_tick_keys(warehouse)) == 60


def test_a_row_that_cannot_be_stored_is_left_out_alone(
    warehouse: Warehouse, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    writer = _writer(warehouse, tmp_path / "spill")
    _append_ticks(writer, 0, 20)
    writer.append_tick("kalshi", "KX:yes", "KX", 0.45, None, None, None, None, time.time_ns())  # type: ignore[arg-type]
    writer.append_tick("kalshi", "KX:yes", "KX", None, None, None, None, datetime(2026, 3, 2), time.time_ns())
    writer.append_tick("binance", "BTC", None, None, None, None, None, None, time.time_ns())
    # Finite and exact, but beyond what a PostgreSQL numeric holds: only the server refuses it.
    writer.append_tick("kalshi", "KX:yes", "KX", Decimal("1E+200000"), None, None, None, None, time.time_ns())
    _append_ticks(writer, 20, 20)
    with caplog.at_level(logging.ERROR, logger="arb_pipeline.streamer.persistence"):
        assert writer.flush(timeout_s=10)
    stats = writer.close()
    assert stats.rows_rejected == 4 and stats.rows_written == 40
    assert len(_tick_keys(warehouse)) == 40
    messages = "\n".join(record.getMessage() for record in caplog.records)
    assert "book_ticks.best_bid must be a Decimal or int, not float 0.45" in messages
    assert "naive time" in messages and "'binance' is not one of" in messages
    assert "the warehouse refused it" in messages


def test_one_spill_directory_serves_one_writer(warehouse: Warehouse, tmp_path: Path) -> None:
    first = _writer(warehouse, tmp_path / "spill")
    with pytest.raises(SpillDirectoryError, match="in use by another streamer"):
        _writer(warehouse, tmp_path / "spill")
    first.close()
    with pytest.raises(RuntimeError, match="closed"):
        first.append(StreamTable.BOOK_TICKS, ("k",) * 10)
    _writer(warehouse, tmp_path / "spill").close()


async def test_aclose_writes_everything_from_the_event_loop(warehouse: Warehouse, tmp_path: Path) -> None:
    writer = _writer(warehouse, tmp_path / "spill")
    _append_ticks(writer, 0, 75)
    stats = await writer.aclose(timeout_s=10)
    assert stats.rows_written == 75 and stats.backlog_rows == 0


def test_a_first_try_goes_straight_in_and_a_retry_after_a_lost_commit_answer_stores_nothing_twice(
    warehouse: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = _writer(warehouse, tmp_path / "spill", batch_rows=100, flush_interval_s=5)
    tries: list[bool] = []
    commit = writer._commit

    def answer_lost_once(by_table: dict, *, fresh: bool = False) -> dict[str, int]:
        tries.append(fresh)
        written = commit(by_table, fresh=fresh)
        if len(tries) == 1:
            raise psycopg.OperationalError("server closed the connection unexpectedly")
        return written

    monkeypatch.setattr(writer, "_commit", answer_lost_once)
    received = time.time_ns()
    # Both shapes of book_ticks row in one batch, in the order appended.
    _append_ticks(writer, 0, 5)
    writer.append_tops("kalshi", [(f"KXTEST-{n}:yes", f"KXTEST-{n}", (4500 + n, 1_000_000, 4600, None), None, received) for n in range(30)])
    _append_ticks(writer, 35, 5)
    assert writer.flush(timeout_s=10)
    stats = writer.close()
    # The first try was committed, its answer lost: the retry went through the merge, which
    # found every key stored and neither refused nor doubled a row.
    assert tries == [True, False]
    assert stats.failures == 1 and stats.rows_rejected == 0 and stats.backlog_rows == 0
    keys = _tick_keys(warehouse)
    assert [int(key.rsplit("-", 1)[1]) for key in keys] == list(range(40))
    with warehouse.transaction() as connection:
        ticks = stream.load_book_ticks(connection, schema=warehouse.schema)
    assert [t.best_bid for t in ticks[5:35]] == [Decimal(4500 + n) / 10_000 for n in range(30)]
    assert {t.received_ts for t in ticks[5:35]} == {stream.as_time(received)}
