"""The daily_pnl mart and the report's PnL, on a real PostgreSQL: paper fills over one day, their
settlement the next, each day's PnL computed by the domain and stored as the pnl asset stores it;
a two-day backfill of the marts must carry those figures, the day's fills and settlements beside
them, and realized PnL added up over the days; the report shows them in dollars and cents."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import dagster as dg
import pytest
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading.pnl import daily_pnl
from arb_pipeline.domain.trading.records import Fill, Instrument, OrderStatus, Settlement, Side, SignalKind
from arb_pipeline.reports import values
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.trading import record_fills, record_settlements, replace_daily_pnl
from arb_pipeline_tests.defs.test_reports import D1, D2, _materialized, _resources, _rows
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS
from arb_pipeline_tests.warehouse.rows import at

pytestmark = DBT_AND_DAGSTER_RUNS

PAIR = "KXA-26MAR01-A|1001"
KALSHI_YES = Instrument.kalshi("KXA-26MAR01-A", "yes")
PM_NO = Instrument(Venue.POLYMARKET, "1001", "1001-no")


def _fill(fill_id: str, instrument: Instrument, price: str, contracts: str, fee: str, when: datetime,
          status: OrderStatus = OrderStatus.CONFIRMED) -> Fill:
    return Fill(fill_id, f"order-{fill_id}", "opp-1", SignalKind.ARBITRAGE, PAIR, instrument, Side.BUY, Decimal(price),
                Decimal(contracts), Decimal(fee), Decimal(0), status, when)  # fmt: skip


FILLS = [
    _fill("f1", KALSHI_YES, "0.40", "100", "1.68", at(D1, "10:00")),
    _fill("f2", PM_NO, "0.55", "100", "0", at(D1, "10:00:01")),
    # Matched but never confirmed by the venue: no position, no fee.
    _fill("f3", KALSHI_YES, "0.41", "10", "0.17", at(D1, "11:00"), OrderStatus.MATCHED),
]


def _settlement(settlement_id: str, instrument: Instrument, pays: str, cost_basis: str) -> Settlement:
    payout = Decimal(pays) * 100
    return Settlement(settlement_id, SignalKind.ARBITRAGE, PAIR, instrument, Decimal(100), Decimal(pays), payout,
                      Decimal(cost_basis), payout - Decimal(cost_basis), at(D2, "18:00"), "resolved yes")  # fmt: skip


SETTLEMENTS = [_settlement("s1", KALSHI_YES, "1", "41.68"), _settlement("s2", PM_NO, "0", "55")]


@pytest.fixture
def report_assets():
    from dagster_dbt import DbtCliResource

    from arb_pipeline.defs.reports.assets import current_marts, daily_marts
    from arb_pipeline.defs.reports.project import arb_dbt_project

    return [daily_marts, current_marts], DbtCliResource(project_dir=arb_dbt_project)


def test_daily_pnl_over_a_two_day_backfill_and_in_the_report(warehouse: Warehouse, report_assets, tmp_path) -> None:
    from arb_pipeline.app.report import write_report

    marts, dbt = report_assets
    reports = {}
    with warehouse.transaction() as connection:
        record_fills(connection, FILLS, schema=warehouse.schema)
        record_settlements(connection, SETTLEMENTS, schema=warehouse.schema)
        for day in (D1, D2):
            reports[day] = daily_pnl(FILLS, SETTLEMENTS, datetime.fromisoformat(day).date())
            replace_daily_pnl(connection, reports[day], at(day, "23:59") + timedelta(seconds=30), schema=warehouse.schema)

    result = dg.materialize(
        marts, resources=_resources(warehouse, dbt), tags={ASSET_PARTITION_RANGE_START_TAG: D1, ASSET_PARTITION_RANGE_END_TAG: D2}
    )
    assert result.success
    assert {("daily_pnl", D1), ("daily_pnl", D2)} <= _materialized(result)
    checks = [c for c in result.get_asset_check_evaluations() if c.asset_key == dg.AssetKey("daily_pnl")]
    assert {c.check_name for c in checks} >= {"daily_pnl_fees_are_the_days_confirmed_fill_fees", "daily_pnl_one_row_per_day_pair_and_venue"}
    assert all(c.passed for c in checks), [c.check_name for c in checks if not c.passed]

    rows = {(row["arb_date"].isoformat(), row["venue"]): row for row in _rows(warehouse, "select * from {marts}.daily_pnl")}
    # The same figures, from the fills and settlements themselves.
    confirmed = [f for f in FILLS if f.status is OrderStatus.CONFIRMED]
    running: dict[str, Decimal] = {}
    for day in (D1, D2):
        for line in reports[day].lines:
            venue = line.venue.value
            row = rows.pop((day, venue))
            running[venue] = running.get(venue, Decimal(0)) + line.totals.realized
            fills = [f for f in confirmed if f.instrument.venue is line.venue and f.filled_at.date().isoformat() == day]
            settled = [s for s in SETTLEMENTS if s.instrument.venue is line.venue and s.settled_at.date().isoformat() == day]
            assert (row["realized"], row["fees"], row["cumulative_realized"]) == (line.totals.realized, line.totals.fees, running[venue])
            assert row["fees"] == sum((f.fee for f in fills), Decimal(0))
            assert (row["fills"], row["volume_usd"]) == (len(fills), sum((f.price * f.contracts for f in fills), Decimal(0)))
            assert (row["settlements"], row["payout_usd"]) == (len(settled), sum((s.payout for s in settled), Decimal(0)))
    assert rows == {}
    # The literal figures: the Kalshi leg paid $100 on a $41.68 basis, the Polymarket leg nothing on $55.
    day2 = {line.venue.value: line.totals.realized for line in reports[D2].lines}
    assert day2 == {"kalshi": Decimal("58.32"), "polymarket": Decimal("-55")}

    # The report: the day's PnL and realized PnL to date, per signal kind, in dollars and cents.
    written = write_report(warehouse, datetime.fromisoformat(D2).date(), tmp_path / "report")
    summary = dict(written.report.summary)
    assert summary["arbitrage PnL"] == (
        # Past days are not marked: their bids are gone.
        f"realized {values.money(Decimal('3.32'))}, unrealized not marked, fees $0.00; realized to date {values.money(Decimal('3.32'))}"
    )
    page = (tmp_path / "report" / "report.html").read_text(encoding="utf-8")
    assert "Cumulative realized PnL" in page and "$58.32" in page and "-$55.00" in page
    assert (tmp_path / "report" / "daily_pnl.csv").read_text(encoding="utf-8").count("\n") == 3
