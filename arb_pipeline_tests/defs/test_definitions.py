"""The code location as Dagster loads it: the asset graph, jobs, schedules and their settings."""

from datetime import UTC, datetime

import dagster as dg

from arb_pipeline.definitions import defs
from arb_pipeline.defs.reports.partitions import DAILY_PARTITIONS
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG
from arb_pipeline.defs.shared.partitions import SCAN_SHARDS

SCAN_ASSETS = {"kalshi_series", "kalshi_markets", "polymarket_markets", "matched_pairs", "quote_snapshots", "spreads", "opportunities"}
REPORT_ASSETS = {"match_quality", "opportunity_episodes", "daily_arbitrage", "daily_arbitrage_by_category", "venue_health", "daily_report", "daily_pnl"}
#: Written by the streamer, observed by Dagster.
STREAM_TABLES = {"book_ticks", "book_depth_snapshots", "opportunity_events", "stream_health"}
TRADING_ASSETS = {"paper_orders", "fills", "settlements", "positions", "pnl", "sportsbook_odds", "sportsbook_edges"}


def test_the_asset_graph_has_every_asset_and_its_lineage():
    graph = defs().resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert keys == SCAN_ASSETS | REPORT_ASSETS | STREAM_TABLES | TRADING_ASSETS
    assert {key.to_user_string() for key in graph.materializable_asset_keys} == SCAN_ASSETS | REPORT_ASSETS | TRADING_ASSETS
    parents = {key.to_user_string(): {p.to_user_string() for p in graph.get(key).parent_keys} for key in graph.get_all_asset_keys()}
    assert parents["kalshi_markets"] == {"kalshi_series"}
    assert parents["matched_pairs"] == {"kalshi_markets", "polymarket_markets"}
    assert parents["spreads"] == {"quote_snapshots", "matched_pairs"}
    assert parents["opportunities"] == {"spreads"}
    assert parents["paper_orders"] == {"opportunities", "sportsbook_edges"}
    assert parents["fills"] == {"paper_orders"}
    assert parents["settlements"] == {"fills"}
    assert parents["positions"] == {"fills", "settlements"}
    assert parents["pnl"] == {"positions"}
    assert parents["sportsbook_odds"] == {"kalshi_markets"}
    assert parents["sportsbook_edges"] == {"sportsbook_odds", "quote_snapshots"}
    assert {graph.get(dg.AssetKey(name)).group_name for name in TRADING_ASSETS} == {"trading", "sportsbook"}
    # dbt's sources name the assets that write each table, so the marts hang off them.
    assert parents["match_quality"] == {"matched_pairs", "kalshi_markets", "polymarket_markets"}
    assert parents["opportunity_episodes"] == {"spreads", "opportunities", "opportunity_events"}
    assert parents["venue_health"] == {"stream_health", "book_ticks"}
    assert parents["daily_report"] == {"daily_arbitrage", "daily_arbitrage_by_category", "opportunity_episodes", "venue_health", "daily_pnl", "match_quality"}
    assert parents["daily_pnl"] == {"pnl", "fills", "settlements"}
    assert parents["daily_arbitrage"] == {"spreads", "opportunities", "opportunity_episodes", "matched_pairs", "kalshi_markets", "polymarket_markets"}
    assert {graph.get(dg.AssetKey(name)).group_name for name in REPORT_ASSETS} == {"reports"}
    blocking = {
        check.name
        for node in graph.asset_nodes
        for check in node.check_keys
        for spec in [graph.get_check_spec(check)]
        if spec.blocking
    }
    assert {
        "no_crossed_or_out_of_range_books", "approved_pairs_token_mapping_valid", "quote_snapshot_expectations",
        "kalshi_series_expectations", "kalshi_markets_expectations", "polymarket_markets_expectations",
        "matched_pairs_expectations", "spreads_expectations", "opportunities_expectations",
        "positions_reconcile_with_fills", "trades_hedged_or_unwound", "no_limit_breached",
        "realized_pnl_equals_fills_plus_settlements", "fills_expectations", "positions_expectations",
        "settlements_expectations", "fills_within_quoted_book", "paper_orders_expectations",
        "paper_trades_expectations", "daily_pnl_expectations", "sportsbook_odds_expectations",
        "sportsbook_edges_expectations", "market_resolutions_expectations",
    } <= blocking  # fmt: skip
    checks = {check.name for node in graph.asset_nodes for check in node.check_keys}
    # Warnings, not blocking: markets close, venue clocks drift; spreads refuse those one by one.
    assert {"approved_pairs_markets_open", "quote_snapshot_venue_times", "pair_decisions_expectations",
            "trading_controls_expectations"} <= checks - blocking
    # dbt's tests are checks on the marts they test.
    assert {
        "daily_arbitrage_one_row_per_day_and_opportunity", "match_quality_one_row_per_status_and_band",
        "venue_health_one_row_per_day_and_venue", "venue_health_latency_ordered",
    } <= checks  # fmt: skip
    stream_checks = {
        (check.asset_key.to_user_string(), check.name)
        for node in graph.asset_nodes
        if node.key.to_user_string() in STREAM_TABLES
        for check in node.check_keys
    }
    assert stream_checks == {
        ("stream_health", "streamer_is_writing"), ("stream_health", "freshness_check"),
        ("book_ticks", "freshness_check"), ("book_depth_snapshots", "freshness_check"),
        ("book_ticks", "book_ticks_expectations"), ("opportunity_events", "opportunity_events_expectations"),
        ("stream_health", "stream_health_expectations"), ("book_depth_snapshots", "book_depth_snapshots_expectations"),
    }  # fmt: skip


def test_jobs_and_schedules_with_default_and_configured_crons(monkeypatch):
    monkeypatch.delenv("ARB_CATALOG_CRON", raising=False)
    monkeypatch.setenv("ARB_SCAN_CRON", "*/5 * * * *")
    loaded = defs()
    assert {job.name for job in loaded.resolve_all_job_defs()} >= {"catalog_refresh_job", "matching_job", "scan_job"}
    assert loaded.resolve_schedule_def("catalog_refresh_schedule").cron_schedule == "0 * * * *"
    assert loaded.resolve_schedule_def("scan_schedule").cron_schedule == "*/5 * * * *"
    scan_assets = {key.to_user_string() for key in loaded.resolve_job_def("scan_job").asset_layer.selected_asset_keys}
    assert scan_assets == {"quote_snapshots", "spreads", "opportunities"}


def _job_assets(loaded: dg.Definitions, name: str) -> set[str]:
    return {key.to_user_string() for key in loaded.resolve_job_def(name).asset_layer.selected_asset_keys}


def test_each_job_selects_exactly_its_assets():
    loaded = defs()
    assert _job_assets(loaded, "catalog_refresh_job") == {"kalshi_series", "kalshi_markets", "polymarket_markets"}
    assert _job_assets(loaded, "matching_job") == {"matched_pairs"}
    assert _job_assets(loaded, "reports_job") == REPORT_ASSETS
    # Trading never rides along with a scan, and each trading job names its own assets.
    assert _job_assets(loaded, "paper_trade_job") == {"paper_orders", "fills", "positions"}
    assert _job_assets(loaded, "settlement_job") == {"settlements", "positions"}
    assert _job_assets(loaded, "pnl_job") == {"pnl"}
    assert _job_assets(loaded, "sportsbook_job") == {"sportsbook_odds", "sportsbook_edges"}
    assert loaded.resolve_job_def("pnl_job").partitions_def == DAILY_PARTITIONS
    reports = loaded.resolve_job_def("reports_job")
    assert reports.partitions_def == DAILY_PARTITIONS
    assert (DAILY_PARTITIONS.start.isoformat(), DAILY_PARTITIONS.end_offset) == ("2025-01-01T00:00:00+00:00", 1)


def test_the_daily_reports_schedule_builds_the_day_that_ended(monkeypatch):
    monkeypatch.delenv("ARB_REPORTS_CRON", raising=False)
    schedule = defs().resolve_schedule_def("daily_reports_schedule")
    assert schedule.cron_schedule == "15 0 * * *"
    assert schedule.execution_timezone == "UTC"
    tick = datetime(2026, 1, 10, 0, 15, tzinfo=UTC)
    # The context enters an instance of its own: closed with it, or a later test's definitions
    # load finds a closed instance in Dagster's current-state variable.
    with dg.instance_for_test() as instance, dg.build_schedule_context(instance=instance, scheduled_execution_time=tick) as context:
        request = schedule(context)
    assert request.partition_key == "2026-01-09"
    assert request.run_key == "2026-01-09"
    monkeypatch.setenv("ARB_REPORTS_CRON", "30 2 * * *")
    assert defs().resolve_schedule_def("daily_reports_schedule").cron_schedule == "30 2 * * *"


def test_each_scan_tick_runs_every_shard_into_one_snapshot():
    loaded = defs()
    schedule = loaded.resolve_schedule_def("scan_schedule")
    tick = datetime(2026, 1, 9, 15, 7, tzinfo=UTC)
    with dg.instance_for_test() as instance, dg.build_schedule_context(
        instance=instance, scheduled_execution_time=tick, repository_def=loaded.get_repository_def()
    ) as context:
        requests = schedule.evaluate_tick(context).run_requests
    assert [request.partition_key for request in requests] == SCAN_SHARDS.get_partition_keys() == ["0", "1", "2"]
    assert {request.tags[SNAPSHOT_TAG] for request in requests} == {f"scan-{tick.isoformat()}"}
    assert [request.run_key for request in requests] == [f"{tick.isoformat()}/shard-{key}" for key in "012"]


def test_a_catalog_refresh_launches_every_shards_matching():
    loaded = defs()
    sensor = loaded.resolve_sensor_def("matching_after_catalog_sensor")
    assert sensor.default_status is dg.DefaultSensorStatus.RUNNING
    scan = {job: loaded.resolve_job_def(job).partitions_def for job in ("matching_job", "scan_job")}
    assert scan == {"matching_job": SCAN_SHARDS, "scan_job": SCAN_SHARDS}
    assert loaded.resolve_job_def("catalog_refresh_job").partitions_def is None
    with dg.instance_for_test() as instance:
        run = instance.create_run_for_job(loaded.resolve_job_def("catalog_refresh_job"))
        context = dg.build_run_status_sensor_context(
            sensor_name=sensor.name,
            dagster_instance=instance,
            dagster_run=run,
            repository_def=loaded.get_repository_def(),
            dagster_event=dg.DagsterEvent(
                event_type_value="PIPELINE_SUCCESS", job_name="catalog_refresh_job", event_specific_data=None
            ),
        )
        requests = sensor(context)
    assert [(r.partition_key, r.run_key) for r in requests] == [(k, f"catalog-{run.run_id}/shard-{k}") for k in "012"]


def test_every_partition_of_every_asset_depends_only_on_partitions_that_exist():
    # "Materialize all" from the UI launches one backfill over the whole graph; Dagster refuses it
    # when a partition depends on one that does not exist (a day's marts on a shard named after
    # the day), so each dependency across partition kinds must say which partitions it reads.
    graph = defs().resolve_asset_graph()
    today = DAILY_PARTITIONS.get_last_partition_key()
    missing = []
    for key in graph.materializable_asset_keys:
        partitions = graph.get(key).partitions_def
        for partition in ([None] if partitions is None else [partitions.get_first_partition_key(), today]
                          if partitions is DAILY_PARTITIONS else partitions.get_partition_keys()):
            result = graph.get_parents_partitions(key, partition)
            missing += [f"{key.to_user_string()}[{partition}] -> {p.asset_key.to_user_string()}[{p.partition_key}]"
                        for p in result.required_but_nonexistent_parents_partitions]
    assert missing == []
