"""The daily report of a sandbox day: the pipeline scans the sandbox exchange twice into a real
PostgreSQL, dbt builds the day's marts, and the report (``arb-pipeline report`` and the
``daily_report`` asset) must show the figures computed here, independently, from the
opportunities the warehouse stored."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from decimal import Decimal

import dagster as dg
import httpx
import pytest

from arb_pipeline import cli
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG
from arb_pipeline.domain.models import Spread
from arb_pipeline.reports import markdown, values
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities
from arb_pipeline_tests.defs.scan_runs import materialize_everything, materialize_shards
from arb_pipeline_tests.defs.test_pipeline import CATALOG, MATCHING, SCAN, resources_for
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS

pytestmark = [pytest.mark.integration, DBT_AND_DAGSTER_RUNS]

SNAPSHOTS = ("day-1", "day-2")


def _key(s: Spread) -> tuple:
    return (s.kind.value, s.kalshi_ticker or "", s.kalshi_side or "", s.polymarket_market_id or "", s.polymarket_token or "")


def _summary(printed: str, what: str) -> str:
    """The value of one summary line ("  what   value") of the printed report."""
    (line,) = [line for line in printed.splitlines() if line.startswith(f"  {what}  ") or line.startswith(f"  {what} ")]
    return line[len(what) + 2 :].strip()


def _csv(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_report_of_a_sandbox_day_matches_the_stored_opportunities(warehouse_engine, warehouse_schema, tmp_path, monkeypatch, capsys):
    from dagster_dbt import DbtCliResource

    from arb_pipeline.defs.reports.assets import current_marts, daily_marts
    from arb_pipeline.defs.reports.daily_report import REPORTS_DIR_ENV, daily_report
    from arb_pipeline.defs.reports.project import arb_dbt_project

    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    url = warehouse_engine.url.render_as_string(hide_password=False)
    with exchange.run_in_thread() as running:
        resources = resources_for(running, key_path, url, warehouse_schema)
        assert all(r.success for r in materialize_everything(CATALOG, MATCHING, SCAN, resources, SNAPSHOTS[0]))
        # The world moves between the two snapshots: edges and sizes change, some opportunities go.
        control = running.endpoints.kalshi_api_url.split("/kalshi/")[0] + "/_sandbox"
        httpx.post(control + "/tick", json={"n": 20}, timeout=10).raise_for_status()
        second = materialize_shards(SCAN, resources, {SNAPSHOT_TAG: SNAPSHOTS[1]})
        assert all(result.success for result in second)

    store = Warehouse(warehouse_engine, warehouse_schema)
    stored = {snapshot: read_snapshot_opportunities(store, snapshot) for snapshot in SNAPSHOTS}
    day = min(s.evaluated_at for s in stored[SNAPSHOTS[0]]).date()
    # A run straddling UTC midnight puts the second snapshot on the next day: only the first day's count.
    same_day = [snapshot for snapshot in SNAPSHOTS if all(s.evaluated_at.date() == day for s in stored[snapshot])]

    by_key: dict[tuple, list[Spread]] = defaultdict(list)
    for snapshot in same_day:
        for s in stored[snapshot]:
            by_key[_key(s)].append(s)
    assert by_key, "the sandbox plants arbitrage: the day has opportunities"

    dbt = DbtCliResource(project_dir=arb_dbt_project)
    monkeypatch.setenv(REPORTS_DIR_ENV, str(tmp_path / "asset"))
    built = dg.materialize(
        [daily_marts, current_marts, daily_report], partition_key=day.isoformat(),
        resources={"dbt": dbt, "warehouse": resources["warehouse"]},
    )  # fmt: skip
    assert built.success

    monkeypatch.setenv("ARB_WAREHOUSE_URL", url)
    monkeypatch.setenv("ARB_WAREHOUSE_SCHEMA", warehouse_schema)
    out = tmp_path / "cli"
    assert cli.main(["report", "--date", day.isoformat(), "--out", str(out)]) == 0
    printed = capsys.readouterr().out

    # Every opportunity of the day, with figures from the stored spreads.
    rows = _csv(out / "daily_arbitrage.csv")
    got = {(r["kind"], r["kalshi_ticker"], r["kalshi_side"], r["polymarket_market_id"], r["polymarket_token"]): r for r in rows}
    assert set(got) == set(by_key)
    for key, seen in by_key.items():
        row = got[key]
        assert Decimal(row["best_net_profit_usd"]) == max(s.net_profit for s in seen), key
        assert Decimal(row["max_capacity_usd"]) == max(s.cost for s in seen), key
        assert Decimal(row["best_net_edge"]) == max(s.edge_per_contract for s in seen), key
        assert int(row["opportunity_snapshots"]) == len(seen), key
        # Two snapshots in a row: one episode, however many of them found it.
        assert int(row["opportunities_seen"]) == 1, key
    everything = [s for seen in by_key.values() for s in seen]
    assert len(_csv(out / "opportunities.csv")) == len(everything)

    # The summary people read, in dollars and cents, from the same stored spreads.
    best = max(s.net_profit for s in everything)
    peak = sum((max(s.cost for s in seen) for seen in by_key.values()), Decimal(0))
    cross = sum(1 for key in by_key if key[0] == "cross_venue")
    assert _summary(printed, "opportunities") == f"{len(by_key)} ({cross} cross-venue)"
    assert _summary(printed, "best net profit, one snapshot") == values.money(best)
    assert _summary(printed, "peak capacity") == f"{values.money(peak)} (each opportunity at its largest)"
    episodes = len(by_key)
    assert _summary(printed, "episodes") == f"{episodes} in {len(everything)} opportunity snapshots"
    top = max(everything, key=lambda s: (s.net_profit, s.kalshi_ticker or ""))
    assert values.money(top.net_profit) in printed and (top.kalshi_ticker or top.polymarket_market_id) in printed
    assert f"{len(by_key)} opportunities by best net profit" in printed or f"top 20 of {len(by_key)} opportunities" in printed

    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Net edge over time" in page and "Opportunity lifetimes" in page and "Opportunities by category" in page
    # Self-contained: plotly's code is in the page, nothing is loaded from elsewhere.
    assert "<script src=" not in page and "Plotly.newPlot" in page and len(page) > 1_000_000
    assert values.money(best) in page

    # The asset shows the same report, and wrote the same files.
    (materialization,) = [m for m in built.get_asset_materialization_events() if m.asset_key == dg.AssetKey("daily_report")]
    metadata = materialization.materialization.metadata
    from arb_pipeline.app.report import report_text
    from arb_pipeline.reports.daily import build
    from arb_pipeline.warehouse.marts import load_day

    with warehouse_engine.connect() as connection:
        report = build(load_day(connection, warehouse_schema, day))
    assert metadata["opportunity_count"].value == len(by_key)
    assert metadata["opportunities"].value == markdown.table(report.sections[0].table)
    assert metadata["venue_health"].value == markdown.table(report.sections[2].table)
    assert metadata["match_quality"].value == markdown.table(report.sections[3].table)
    assert metadata["by_category"].value == markdown.table(report.sections[1].table)
    assert f"**best net profit, one snapshot**: {values.money(best)}" in metadata["summary"].value
    assert "█" in metadata["opportunity_snapshots_by_hour"].value
    asset_dir = tmp_path / "asset" / day.isoformat()
    assert metadata["html_report"].value == str(asset_dir / "report.html")
    assert (asset_dir / "daily_arbitrage.csv").read_text() == (out / "daily_arbitrage.csv").read_text()
    assert report_text(report) in printed
