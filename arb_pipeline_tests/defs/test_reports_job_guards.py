"""`reports_job` runs the checks on the paper-trading tables before it builds the marts: a fill
that breaks its blocking suite stops the daily marts and the report, and the failing check names
the fill."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import dagster as dg
import pytest

from arb_pipeline.definitions import defs
from arb_pipeline.domain.trading import OrderPurpose, OrderStatus, Side, SignalKind
from arb_pipeline.domain.trading.records import Fill, Instrument
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.trading import record_fills
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS

pytestmark = DBT_AND_DAGSTER_RUNS

DAY = datetime(2026, 3, 1, 15, tzinfo=UTC)


def test_a_fill_priced_outside_zero_to_one_stops_the_marts(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ARB_WAREHOUSE_URL", warehouse.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("ARB_WAREHOUSE_SCHEMA", warehouse.schema)
    bad = Fill("fill-bad", "order-1", "opp-1", SignalKind.ARBITRAGE, "KXA|1001", Instrument.kalshi("KXA", "yes"),
               Side.BUY, Decimal("1.5"), Decimal(10), Decimal("0.07"), Decimal(0), OrderStatus.CONFIRMED, DAY,
               OrderPurpose.ENTRY)  # fmt: skip
    with warehouse.transaction() as connection:
        record_fills(connection, [bad], schema=warehouse.schema)

    job = defs().resolve_job_def("reports_job")
    with dg.instance_for_test() as instance:
        result = job.execute_in_process(instance=instance, partition_key=DAY.date().isoformat(), raise_on_error=False)
    assert not result.success
    # The daily marts read the fills (dbt builds them in one step) and the report reads the marts;
    # match quality reads only pairs and markets, so it still builds.
    built = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert built <= {"match_quality"}, built
    failed = {e.check_name: e for e in result.get_asset_check_evaluations() if not e.passed}
    assert "fills_expectations" in failed
    [price] = [f for f in failed["fills_expectations"].metadata["failures"].value if f["rule"] == "fill price in [0, 1]"]
    assert [row["fill_id"] for row in price["rows"]] == ["fill-bad"]
