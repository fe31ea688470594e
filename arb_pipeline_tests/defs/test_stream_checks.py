"""The streamer tables' suites run as Dagster asset checks on the external assets, on a schedule:
good rows pass, a crossed tick fails with the tick named in the check's metadata."""

from __future__ import annotations

import dagster as dg
import sqlalchemy as sa

from arb_pipeline.definitions import defs
from arb_pipeline.defs.quotes.stream_checks import STREAM_SUITES, stream_checks_job
from arb_pipeline.defs.quotes.stream_tables import STREAM_TABLE_SPECS
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse import Warehouse, stream
from arb_pipeline.warehouse.stream import StreamTable
from arb_pipeline_tests.warehouse.test_stream_tables import depth, health, tick


def _run(warehouse: Warehouse) -> dict[str, dg.AssetCheckEvaluation]:
    url = warehouse.engine.url.render_as_string(hide_password=False)
    definitions = dg.Definitions(
        assets=STREAM_TABLE_SPECS,
        asset_checks=STREAM_SUITES,
        jobs=[stream_checks_job],
        resources={"warehouse": WarehouseResource(url=url, schema_name=warehouse.schema), "scan_settings": ScanSettingsResource()},
    )
    result = definitions.resolve_job_def("stream_checks_job").execute_in_process()
    assert result.success
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


def test_the_stream_suites_run_as_checks_and_name_a_crossed_tick(warehouse: Warehouse):
    now = utc_now()
    with warehouse.transaction() as connection:
        stream.insert_rows(connection, StreamTable.BOOK_TICKS, [tick("a", venue_ts=now, received_ts=now)], schema=warehouse.schema)
        stream.insert_rows(connection, StreamTable.STREAM_HEALTH, [health("h", period_start=now, period_end=now)], schema=warehouse.schema)
        stream.insert_rows(connection, StreamTable.BOOK_DEPTH_SNAPSHOTS, [depth("d", received_ts=now, taken_at=now)], schema=warehouse.schema)
    evaluations = _run(warehouse)
    assert set(evaluations) == {c.check_key.name for c in STREAM_SUITES}
    assert all(e.passed for e in evaluations.values()), [(e.check_name, e.metadata) for e in evaluations.values()]
    with warehouse.transaction() as connection:
        connection.execute(sa.text(f"update {warehouse.schema}.book_ticks set best_ask = 0.40 where tick_key = 'a'"))
    failed = _run(warehouse)["book_ticks_expectations"]
    assert not failed.passed
    [failure] = failed.metadata["failures"].value
    assert failure["rule"] == "no crossed book: best bid below best ask"
    assert [row["tick_key"] for row in failure["rows"]] == ["a"]


def test_a_schedule_runs_every_stream_suite_without_anyone_asking(monkeypatch):
    monkeypatch.delenv("ARB_STREAM_CHECKS_CRON", raising=False)
    loaded = defs()
    schedule = loaded.resolve_schedule_def("stream_checks_schedule")
    assert schedule.default_status is dg.DefaultScheduleStatus.RUNNING
    assert (schedule.cron_schedule, schedule.execution_timezone) == ("*/10 * * * *", "UTC")
    job = loaded.resolve_job_def(schedule.job_name)
    selected = {(key.asset_key.to_user_string(), key.name) for key in job.asset_layer.asset_graph.asset_check_keys}
    assert selected == {
        ("book_ticks", "book_ticks_expectations"), ("book_depth_snapshots", "book_depth_snapshots_expectations"),
        ("opportunity_events", "opportunity_events_expectations"), ("stream_health", "stream_health_expectations"),
    }  # fmt: skip
    assert not job.asset_layer.selected_asset_keys, "the job checks the streamer's tables, it never materializes them"
    monkeypatch.setenv("ARB_STREAM_CHECKS_CRON", "*/2 * * * *")
    assert defs().resolve_schedule_def("stream_checks_schedule").cron_schedule == "*/2 * * * *"
