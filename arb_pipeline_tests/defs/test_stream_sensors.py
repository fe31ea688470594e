"""The sensors on the streamer's writes, with Dagster's sensor test helpers on a real warehouse:
a scan requested for fresh ticks under a stable run key, skips when nothing changed, and the
silent-streamer report."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import dagster as dg
import pytest
from sqlalchemy.engine import Engine

from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG
from arb_pipeline.defs.quotes.sensors import CHANGED_PAIRS_TAG, stream_scan_sensor, streamer_silence_sensor
from arb_pipeline.defs.quotes.stream_tables import LAST_UPDATED, SILENCE_CHECK
from arb_pipeline.defs.shared.partitions import SCAN_SHARDS
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.domain.models import MatchedPair, PairStatus
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.pairs import write_pairs
from arb_pipeline.warehouse.stream import StreamTable


def _resources(warehouse: Warehouse) -> dict[str, WarehouseResource]:
    url = warehouse.engine.url.render_as_string(hide_password=False)
    return {"warehouse": WarehouseResource(url=url, schema_name=warehouse.schema)}


def _ticks(warehouse: Warehouse, *instruments: tuple[str, str]) -> None:
    now = datetime.now(UTC)
    rows = [
        (uuid.uuid4().hex, venue, instrument, None, Decimal("0.45"), Decimal(10), Decimal("0.47"), Decimal(5), None, now)
        for venue, instrument in instruments
    ]
    with warehouse.transaction() as connection:
        stream.insert_rows(connection, StreamTable.BOOK_TICKS, rows, schema=warehouse.schema)


def _evaluate(sensor: dg.SensorDefinition, instance: dg.DagsterInstance, warehouse: Warehouse, cursor: str | None) -> dg.SensorResult:
    context = dg.build_sensor_context(
        instance=instance, cursor=cursor, resources=_resources(warehouse), sensor_name=sensor.name
    )
    result = sensor(context)
    assert isinstance(result, dg.SensorResult)
    return result


@pytest.fixture
def paired(warehouse: Warehouse) -> Warehouse:
    write_pairs(warehouse, 
        [
            MatchedPair("KXFED-26MAR-T4.00", "512345", "tok-yes", "tok-no", 0.97, PairStatus.APPROVED, ("test",)),
            MatchedPair("KXCPI-26MAR-T3.0", "612345", "cpi-yes", "cpi-no", 0.97, PairStatus.APPROVED, ("test",)),
            MatchedPair("KXREVIEW", "700000", "r-yes", "r-no", 0.7, PairStatus.REVIEW, ("test",)),
        ]
    )
    return warehouse


def test_fresh_ticks_request_every_shards_scan_under_stable_run_keys(paired: Warehouse) -> None:
    with dg.instance_for_test() as instance:
        first = _evaluate(stream_scan_sensor, instance, paired, None)
        assert first.run_requests == [] and "starting after tick 0" in str(first.skip_reason)

        _ticks(paired, ("kalshi", "KXFED-26MAR-T4.00:yes"), ("polymarket", "cpi-no"), ("kalshi", "KXREVIEW:no"))
        fresh = _evaluate(stream_scan_sensor, instance, paired, first.cursor)
        # One run per shard, all into one snapshot named by the range.
        requests = fresh.run_requests
        assert [(r.partition_key, r.run_key) for r in requests] == [
            (key, f"stream-ticks-0-3-events-0-0/shard-{key}") for key in SCAN_SHARDS.get_partition_keys()
        ]
        for request in requests:
            assert request.tags[SNAPSHOT_TAG] == "stream-ticks-0-3-events-0-0"
            assert request.tags[CHANGED_PAIRS_TAG] == "2: KXCPI-26MAR-T3.0/612345, KXFED-26MAR-T4.00/512345"
        assert json.loads(str(fresh.cursor)) == {"tick_id": 3, "event_id": 0}

        # The same tick evaluated again (a sensor tick retried from the old cursor) asks for the
        # same run keys, which Dagster launches once.
        again = _evaluate(stream_scan_sensor, instance, paired, first.cursor)
        assert [r.run_key for r in again.run_requests] == [r.run_key for r in requests]

        quiet = _evaluate(stream_scan_sensor, instance, paired, fresh.cursor)
        assert quiet.run_requests == [] and quiet.skip_reason is not None
        assert "no tick after 3 and no opportunity event after 0" in str(quiet.skip_reason)

        _ticks(paired, ("polymarket", "unpaired-token"), ("kalshi", "KXREVIEW:yes"))
        unpaired = _evaluate(stream_scan_sensor, instance, paired, fresh.cursor)
        assert unpaired.run_requests == [] and "touched no approved pair" in str(unpaired.skip_reason)
        assert json.loads(str(unpaired.cursor)) == {"tick_id": 5, "event_id": 0}

        # A cursor past what the tables hold (they were recreated) starts again from them.
        ahead = json.dumps({"tick_id": 900, "event_id": 0})
        restarted = _evaluate(stream_scan_sensor, instance, paired, ahead)
        assert restarted.run_requests == [] and "restarted below the cursor" in str(restarted.skip_reason)
        assert json.loads(str(restarted.cursor)) == {"tick_id": 5, "event_id": 0}


def test_no_second_scan_while_one_it_launched_is_running(paired: Warehouse) -> None:
    with dg.instance_for_test() as instance:
        start = _evaluate(stream_scan_sensor, instance, paired, None)
        instance.add_run(
            dg.DagsterRun(
                job_name="scan_job",
                run_id=str(uuid.uuid4()),
                status=dg.DagsterRunStatus.STARTED,
                tags={"dagster/sensor_name": "stream_scan_sensor"},
            )
        )
        _ticks(paired, ("kalshi", "KXFED-26MAR-T4.00:no"))
        waiting = _evaluate(stream_scan_sensor, instance, paired, start.cursor)
        assert waiting.run_requests == [] and "is still going" in str(waiting.skip_reason)
        # The cursor stays: the ticks are picked up by the evaluation after the run ends.
        assert waiting.cursor == start.cursor


def test_a_scan_request_is_valid_for_the_code_location(paired: Warehouse) -> None:
    from arb_pipeline.definitions import defs

    loaded = defs()
    sensor = loaded.resolve_sensor_def("stream_scan_sensor")
    assert sensor.job_name == "scan_job" and sensor.default_status is dg.DefaultSensorStatus.RUNNING
    assert loaded.resolve_schedule_def("scan_schedule").default_status is dg.DefaultScheduleStatus.STOPPED
    with dg.instance_for_test() as instance:
        start = _evaluate(sensor, instance, paired, None)
        _ticks(paired, ("polymarket", "tok-yes"))
        context = dg.build_sensor_context(
            instance=instance, cursor=start.cursor, resources=_resources(paired), definitions=loaded,
            sensor_name=sensor.name,
        )  # fmt: skip
        data = sensor.evaluate_tick(context)
    # The sensor targets one job, so its requests name none: they launch scan_job, one per shard.
    assert [request.run_key for request in data.run_requests] == [
        f"stream-ticks-0-1-events-0-0/shard-{key}" for key in SCAN_SHARDS.get_partition_keys()
    ]
    assert data.skip_message is None


def _set_written_at(warehouse: Warehouse, engine: Engine, ago: timedelta) -> None:
    with engine.begin() as connection:
        for table in (StreamTable.STREAM_HEALTH, StreamTable.BOOK_TICKS):
            connection.exec_driver_sql(
                f"UPDATE {warehouse.schema}.{table.value} SET written_at = now() - interval '{int(ago.total_seconds())} seconds'"
            )


def _health_row(warehouse: Warehouse) -> None:
    now = datetime.now(UTC)
    row = (uuid.uuid4().hex, "kalshi", now - timedelta(seconds=15), now, 10, 0, {}, 0, 0, 0, 1, 0, None, True)
    with warehouse.transaction() as connection:
        stream.insert_rows(connection, StreamTable.STREAM_HEALTH, [row], schema=warehouse.schema)


def test_a_silent_streamer_fails_its_check_and_the_tables_are_observed(
    warehouse: Warehouse, warehouse_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARB_STREAMER_MAX_SILENCE_S", "120")
    with dg.instance_for_test() as instance:
        never = _evaluate(streamer_silence_sensor, instance, warehouse, None)
        assert "never written" in str(never.skip_reason)
        assert [e for e in never.asset_events if isinstance(e, dg.AssetCheckEvaluation)] == []
        assert len(never.asset_events) == 4

        _health_row(warehouse)
        _ticks(warehouse, ("kalshi", "KXFED-26MAR-T4.00:yes"))
        live = _evaluate(streamer_silence_sensor, instance, warehouse, None)
        (check,) = [e for e in live.asset_events if isinstance(e, dg.AssetCheckEvaluation)]
        assert check.passed and check.check_name == SILENCE_CHECK and check.asset_key == dg.AssetKey("stream_health")
        observed = {e.asset_key.to_user_string(): e for e in live.asset_events if isinstance(e, dg.AssetObservation)}
        assert set(observed) == {table.value for table in StreamTable}
        assert LAST_UPDATED in observed["book_ticks"].metadata
        assert LAST_UPDATED not in observed["opportunity_events"].metadata

        _set_written_at(warehouse, warehouse_engine, timedelta(minutes=10))
        silent = _evaluate(streamer_silence_sensor, instance, warehouse, None)
        (check,) = [e for e in silent.asset_events if isinstance(e, dg.AssetCheckEvaluation)]
        assert not check.passed and check.severity is dg.AssetCheckSeverity.ERROR
        assert check.description is not None
        assert check.description.startswith("the streamer is silent: no row in stream_health or book_ticks for 60")
        assert "(limit 120 s, ARB_STREAMER_MAX_SILENCE_S)" in check.description

        # Reported to the instance, the observations drive the freshness checks the UI shows.
        for event in silent.asset_events:
            if isinstance(event, dg.AssetObservation):
                instance.report_runless_asset_event(event)
        record = instance.fetch_observations(dg.AssetKey("book_ticks"), limit=1).records[0]
        stamp = record.asset_observation.metadata[LAST_UPDATED].value  # type: ignore[union-attr]
        assert datetime.now(UTC).timestamp() - stamp > 590
