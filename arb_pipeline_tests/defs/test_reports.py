"""The dbt marts as Dagster builds them, on a real PostgreSQL: warehouse tables seeded with known
evaluations over two UTC days, a two-day backfill in one run, a rebuild of one day that leaves
the other alone, and every figure of the marts checked against the same figures computed here,
in Python, from the seeded rows. dbt's tests arrive as asset checks that pass, and fail when a
published opportunity loses money."""

from __future__ import annotations

import itertools
import math
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import dagster as dg
import pytest
import sqlalchemy as sa
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.models import MarketStatus, OpportunityKind, PairStatus
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline.warehouse.pairs import write_pairs
from arb_pipeline.warehouse.spreads import write_spreads
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS
from arb_pipeline_tests.warehouse.rows import at, kalshi_market, pair, polymarket_market, spread

pytestmark = DBT_AND_DAGSTER_RUNS

D1, D2 = "2026-01-08", "2026-01-09"
SIX_PLACES = Decimal("0.000001")

DIRECTIONS: dict[str, dict[str, Any]] = {
    "X": dict(kind=OpportunityKind.CROSS_VENUE, kalshi_ticker="KXA-26MAR01-A", polymarket_market_id="1001", kalshi_side="yes", polymarket_token="1001-no"),
    "Y": dict(kind=OpportunityKind.CROSS_VENUE, kalshi_ticker="KXB-26MAR01-B", polymarket_market_id="1002", kalshi_side="no", polymarket_token="1002-yes"),
    "Z": dict(kind=OpportunityKind.KALSHI_YES_NO, kalshi_ticker="KXB-26MAR01-B", polymarket_market_id=None, kalshi_side=None, polymarket_token=None),
}  # fmt: skip
CLOSED_MARKET = "KXC-26MAR01-C"
# X's pair names its category; Y's pair has none, so its Kalshi market's is used; Z has no pair.
CATEGORY = {"X": "sports", "Y": "Economics", "Z": "Economics"}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One direction evaluated in one snapshot. ``published``: written to the opportunities
    table (a spread marked as an opportunity whose run never published it is not one)."""

    snapshot: str
    at: datetime
    key: str
    opportunity: bool = False
    published: bool = False
    contracts: str = "0"
    cost: str = "0"
    apy: str | None = None

    @property
    def day(self) -> str:
        return self.at.date().isoformat()

    @property
    def net_profit(self) -> Decimal:
        return Decimal(self.contracts) - Decimal(self.cost)

    @property
    def edge(self) -> Decimal:
        return self.net_profit / Decimal(self.contracts)


def _opportunity(snapshot: str, when: datetime, key: str, contracts: str, cost: str, apy: str, published: bool = True) -> Evaluation:
    return Evaluation(snapshot, when, key, True, published, contracts, cost, apy)


EVALUATIONS = [
    # D1: X open at 10:00-10:01, gone at 10:02, back at 10:03, and again alone at 23:59.
    _opportunity("s1", at(D1, "10:00"), "X", "100", "97.5", "0.5"),
    Evaluation("s1", at(D1, "10:00"), "Y"),
    _opportunity("s1", at(D1, "10:00"), "Z", "40", "39.6", "0.8"),
    _opportunity("s2", at(D1, "10:01"), "X", "200", "195", "0.7"),
    _opportunity("s2", at(D1, "10:01"), "Y", "10", "9.7", "2.5"),
    Evaluation("s2", at(D1, "10:01"), "Z"),
    Evaluation("s3", at(D1, "10:02"), "X"),
    _opportunity("s3", at(D1, "10:02"), "Y", "30", "29.25", "3.1"),
    _opportunity("s4", at(D1, "10:03"), "X", "50", "49", "0.9"),
    Evaluation("s4", at(D1, "10:03"), "Y"),
    _opportunity("s5", at(D1, "23:59"), "X", "100", "96", "1.2"),
    _opportunity("s5", at(D1, "23:59"), "Y", "25", "24", "4.0", published=False),
    # D2: X again from 00:00:30 to 00:01:30, gone at 00:02:30.
    _opportunity("s6", at(D2, "00:00:30"), "X", "100", "98", "0.6"),
    _opportunity("s7", at(D2, "00:01:30"), "X", "80", "79.2", "0.4"),
    Evaluation("s8", at(D2, "00:02:30"), "X"),
]
# Added after the first build: D1 gets a later snapshot with Y published.
LATE_D1 = [_opportunity("s9", at(D1, "12:00"), "Y", "20", "19.5", "1.9")]

PAIRS = [
    pair("KXA-26MAR01-A", "1001", "1001-yes", "1001-no", confidence=0.95),
    pair("KXB-26MAR01-B", "1002", "1002-yes", "1002-no", confidence=1.0, category=None, decided_by=PAIRS_FILE_DECIDER),
    pair("KXA-26MAR01-A", "1002", "1002-yes", "1002-no", status=PairStatus.REVIEW, confidence=0.62),
    pair("KXB-26MAR01-B", "1001", "1001-yes", "1001-no", status=PairStatus.REVIEW, confidence=0.68),
    pair(CLOSED_MARKET, "1001", "1001-yes", "1001-no", status=PairStatus.REJECTED, confidence=0.3),
]
DECIDED_AT = [at("2026-01-05", "09:00"), at("2026-01-05", "09:00"), at("2026-01-06", "12:00"), at("2026-01-07", "06:30"), at("2026-01-07", "08:00")]


def _seed(warehouse: Warehouse, evaluations: Sequence[Evaluation]) -> None:
    for snapshot, group in itertools.groupby(sorted(evaluations, key=lambda e: e.snapshot), key=lambda e: e.snapshot):
        group = list(group)
        spreads = [
            spread(e.at, contracts=e.contracts, cost=e.cost, apy=e.apy, opportunity=e.opportunity, **DIRECTIONS[e.key])
            for e in group
        ]
        write_spreads(warehouse, snapshot, spreads)
        for e in group:
            if e.opportunity and not e.published:
                with warehouse.transaction() as connection:
                    connection.execute(
                        sa.text(f"delete from {warehouse.schema}.opportunities where snapshot_id = :s and kind = :k and kalshi_side is not distinct from :side and kalshi_ticker = :t"),
                        {"s": snapshot, "k": DIRECTIONS[e.key]["kind"].value, "side": DIRECTIONS[e.key]["kalshi_side"], "t": DIRECTIONS[e.key]["kalshi_ticker"]},
                    )


def _seed_catalog(warehouse: Warehouse) -> None:
    write_markets(warehouse, 
        [
            kalshi_market("KXA-26MAR01-A"),
            kalshi_market("KXB-26MAR01-B", category="Economics"),
            kalshi_market(CLOSED_MARKET, category="Economics", status=MarketStatus.CLOSED),
            polymarket_market("1001", "1001-yes", "1001-no"),
            polymarket_market("1002", "1002-yes", "1002-no", category="Politics"),
        ]
    )
    for matched, decided in zip(PAIRS, DECIDED_AT, strict=True):
        write_pairs(warehouse, [matched], decided_at=decided)


# --- the same figures, computed here --------------------------------------------------------------


def _percentile_disc(values: Iterable[Any], fraction: float) -> Any:
    ordered = sorted(values)
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


def _avg6(values: Sequence[Decimal]) -> Decimal:
    return (sum(values, Decimal(0)) / len(values)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def _apy_quantiles(apys: Sequence[Decimal]) -> dict[str, Decimal]:
    return {
        "apy_min": min(apys), "apy_p25": _percentile_disc(apys, 0.25), "apy_median": _percentile_disc(apys, 0.5),
        "apy_p75": _percentile_disc(apys, 0.75), "apy_p90": _percentile_disc(apys, 0.9), "apy_max": max(apys),
    }  # fmt: skip


def expected_episodes(evaluations: Sequence[Evaluation]) -> list[dict[str, Any]]:
    """Runs of consecutive snapshots of one day in each of which a direction was published."""
    episodes = []
    for day in sorted({e.day for e in evaluations}):
        snapshots = sorted({(e.at, e.snapshot) for e in evaluations if e.day == day})
        number_of = {snapshot: n for n, (_, snapshot) in enumerate(snapshots)}
        for key in sorted({e.key for e in evaluations if e.day == day}):
            published = sorted(
                (number_of[e.snapshot], e) for e in evaluations if e.day == day and e.key == key and e.published
            )
            # Consecutive snapshot numbers minus their rank stay constant within a run.
            runs = itertools.groupby(enumerate(published), key=lambda item: item[1][0] - item[0])
            for episode_no, (_, run) in enumerate(runs, start=1):
                seen = [e for _, (_, e) in run]
                following = number_of[seen[-1].snapshot] + 1
                opened, last = seen[0].at, seen[-1].at
                episodes.append({
                    "arb_date": day, "key": key, "episode_no": episode_no, "opened_at": opened, "last_seen_at": last,
                    "closed_at": snapshots[following][0] if following < len(snapshots) else None,
                    "lifetime_seconds": Decimal((last - opened).total_seconds()), "snapshots": len(seen),
                    "best_net_edge": max(e.edge for e in seen), "max_capacity_usd": max(Decimal(e.cost) for e in seen),
                })  # fmt: skip
    return episodes


def expected_daily(evaluations: Sequence[Evaluation]) -> dict[tuple[str, str], dict[str, Any]]:
    episodes = expected_episodes(evaluations)
    rows = {}
    ordered = sorted(evaluations, key=lambda e: (e.day, e.key, e.at))
    for (day, key), group in itertools.groupby(ordered, key=lambda e: (e.day, e.key)):
        group = list(group)
        seen = [e for e in group if e.published]
        if not seen:
            continue
        lifetimes = [ep["lifetime_seconds"] for ep in episodes if (ep["arb_date"], ep["key"]) == (day, key)]
        rows[(day, key)] = {
            "category": CATEGORY[key],
            "snapshots_evaluated": len(group),
            "opportunity_snapshots": len(seen),
            "opportunities_seen": len(lifetimes),
            "first_seen_at": seen[0].at,
            "last_seen_at": seen[-1].at,
            "best_net_edge": max(e.edge for e in seen),
            "avg_net_edge": _avg6([e.edge for e in seen]),
            "best_net_profit_usd": max(e.net_profit for e in seen),
            "max_contracts": max(Decimal(e.contracts) for e in seen),
            "max_capacity_usd": max(Decimal(e.cost) for e in seen),
            "avg_capacity_usd": _avg6([Decimal(e.cost) for e in seen]),
            **_apy_quantiles([Decimal(e.apy) for e in seen]),
            "longest_lifetime_seconds": max(lifetimes),
            "median_lifetime_seconds": _percentile_disc(lifetimes, 0.5),
            "total_lifetime_seconds": sum(lifetimes, Decimal(0)),
            "lifetime_source": "snapshots",
        }
    return rows


def expected_by_category(evaluations: Sequence[Evaluation]) -> dict[tuple[str, str, str], dict[str, Any]]:
    daily = expected_daily(evaluations)
    episodes = expected_episodes(evaluations)
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for day, key in daily:
        groups[(day, CATEGORY[key], DIRECTIONS[key]["kind"].value)].append(key)
    rows = {}
    for (day, category, kind), keys in groups.items():
        members = [daily[(day, key)] for key in keys]
        seen = [e for e in evaluations if e.published and e.day == day and e.key in keys]
        lifetimes = [ep["lifetime_seconds"] for ep in episodes if ep["arb_date"] == day and ep["key"] in keys]
        rows[(day, category, kind)] = {
            "opportunities": len(keys),
            "pairs": sum(1 for key in keys if DIRECTIONS[key]["kind"] is OpportunityKind.CROSS_VENUE),
            "opportunities_seen": sum(m["opportunities_seen"] for m in members),
            "opportunity_snapshots": sum(m["opportunity_snapshots"] for m in members),
            "best_net_edge": max(m["best_net_edge"] for m in members),
            "avg_net_edge": _avg6([e.edge for e in seen]),
            "best_net_profit_usd": max(m["best_net_profit_usd"] for m in members),
            "max_capacity_usd": max(m["max_capacity_usd"] for m in members),
            "peak_capacity_usd": sum((m["max_capacity_usd"] for m in members), Decimal(0)),
            **_apy_quantiles([Decimal(e.apy) for e in seen]),
            "longest_lifetime_seconds": max(lifetimes),
            "median_lifetime_seconds": _percentile_disc(lifetimes, 0.5),
        }
    return rows


# --- reading the marts ----------------------------------------------------------------------------


def _rows(warehouse: Warehouse, sql: str) -> list[dict[str, Any]]:
    with warehouse.engine.connect() as connection:
        return [dict(row) for row in connection.execute(sa.text(sql.format(marts=f"{warehouse.schema}_marts"))).mappings()]


def _key_of(row: dict[str, Any]) -> str:
    legs = {name: row[name] for name in ("kalshi_ticker", "polymarket_market_id", "kalshi_side", "polymarket_token")}
    (key,) = [k for k, d in DIRECTIONS.items() if d["kind"].value == row["kind"] and all(d[n] == v for n, v in legs.items())]
    return key


def _daily_rows(warehouse: Warehouse) -> dict[tuple[str, str], dict[str, Any]]:
    rows = _rows(warehouse, "select * from {marts}.daily_arbitrage")
    return {(row["arb_date"].isoformat(), _key_of(row)): row for row in rows}


def _pair_ids(warehouse: Warehouse) -> dict[tuple[str, str], int]:
    rows = _rows(warehouse, f"select pair_id, kalshi_ticker, polymarket_market_id from {warehouse.schema}.matched_pairs")
    return {(row["kalshi_ticker"], row["polymarket_market_id"]): row["pair_id"] for row in rows}


def assert_marts_match(warehouse: Warehouse, evaluations: Sequence[Evaluation]) -> None:
    pair_ids = _pair_ids(warehouse)
    expected = expected_daily(evaluations)
    actual = _daily_rows(warehouse)
    assert set(actual) == set(expected)
    for day_key, want in expected.items():
        row = actual[day_key]
        direction = DIRECTIONS[day_key[1]]
        assert row["pair_id"] == pair_ids.get((direction["kalshi_ticker"], direction["polymarket_market_id"])), day_key
        assert {name: row[name] for name in want} == want, day_key

    episodes = _rows(warehouse, "select * from {marts}.opportunity_episodes")
    got = sorted(({**row, "arb_date": row["arb_date"].isoformat(), "key": _key_of(row)} for row in episodes), key=lambda r: (r["arb_date"], r["key"], r["episode_no"]))
    want_episodes = expected_episodes(evaluations)
    assert len(got) == len(want_episodes)
    for row, want in zip(got, want_episodes, strict=True):
        assert {name: row[name] for name in want} == want

    by_category = {
        (row["arb_date"].isoformat(), row["category"], row["kind"]): row
        for row in _rows(warehouse, "select * from {marts}.daily_arbitrage_by_category")
    }
    want_categories = expected_by_category(evaluations)
    assert set(by_category) == set(want_categories)
    for group, want in want_categories.items():
        assert {name: by_category[group][name] for name in want} == want, group


def assert_match_quality(warehouse: Warehouse) -> None:
    rows = {(row["status"], row["confidence_band"]): row for row in _rows(warehouse, "select * from {marts}.match_quality")}
    as_of = {row["as_of"] for row in rows.values()}
    assert len(as_of) == 1
    (built,) = as_of
    expected: dict[tuple[str, str], list] = defaultdict(list)
    for matched, when in zip(PAIRS, DECIDED_AT, strict=True):
        band = min(int(matched.confidence * 10), 9)
        expected[(matched.status.value, f"{band / 10:.1f}-{(band + 1) / 10:.1f}")].append((matched, when))
    assert set(rows) == set(expected)

    def hours(delta: timedelta) -> Decimal:
        return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    for group, members in expected.items():
        row, times = rows[group], sorted(when for _, when in members)
        assert row["pairs"] == len(members), group
        assert row["pinned_by_pairs_file"] == sum(1 for matched, _ in members if matched.decided_by == PAIRS_FILE_DECIDER)
        assert row["with_open_markets"] == sum(1 for matched, _ in members if matched.kalshi_ticker != CLOSED_MARKET)
        assert row["oldest_decided_at"] == times[0]
        assert row["max_age_hours"] == hours(built - times[0])
        assert row["median_age_hours"] == hours(built - _percentile_disc(times, 0.5))
    review = [row for (status, _), row in rows.items() if status == "review"]
    assert sum(row["pairs"] for row in review) == 2


# --- the tests ------------------------------------------------------------------------------------


@pytest.fixture
def report_assets():
    from dagster_dbt import DbtCliResource

    from arb_pipeline.defs.reports.assets import current_marts, daily_marts
    from arb_pipeline.defs.reports.project import arb_dbt_project

    return daily_marts, current_marts, DbtCliResource(project_dir=arb_dbt_project)


def _resources(warehouse: Warehouse, dbt: Any) -> dict[str, Any]:
    from arb_pipeline.defs.shared.resources import WarehouseResource

    url = warehouse.engine.url.render_as_string(hide_password=False)
    return {"dbt": dbt, "warehouse": WarehouseResource(url=url, schema_name=warehouse.schema)}


def _materialized(result: dg.ExecuteInProcessResult) -> set[tuple[str, str | None]]:
    return {(e.asset_key.to_user_string(), e.partition) for e in result.get_asset_materialization_events()}


def test_a_two_day_backfill_then_a_one_day_rebuild(warehouse: Warehouse, report_assets):
    daily_marts, current_marts, dbt = report_assets
    _seed_catalog(warehouse)
    _seed(warehouse, EVALUATIONS)

    # A backfill of two past days as one run over their window (the assets' single-run policy).
    backfill = dg.materialize(
        [daily_marts, current_marts],
        resources=_resources(warehouse, dbt),
        tags={ASSET_PARTITION_RANGE_START_TAG: D1, ASSET_PARTITION_RANGE_END_TAG: D2},
    )
    assert backfill.success
    daily = {"opportunity_episodes", "daily_arbitrage", "daily_arbitrage_by_category", "venue_health", "daily_pnl"}
    assert _materialized(backfill) == {(name, day) for name in daily for day in (D1, D2)} | {("match_quality", None)}
    checks = backfill.get_asset_check_evaluations()
    assert len(checks) >= 30
    assert all(check.passed for check in checks), [c.check_name for c in checks if not c.passed]
    assert_marts_match(warehouse, EVALUATIONS)
    assert_match_quality(warehouse)
    # Literal figures for the busiest direction, as a reader of the report would check them.
    # X was found at 10:00 and 10:01, missed at 10:02, found at 10:03 and, in the next
    # snapshot, at 23:59: two episodes, the second 13 h 56 min long.
    x1 = _daily_rows(warehouse)[(D1, "X")]
    assert (x1["opportunity_snapshots"], x1["opportunities_seen"], x1["snapshots_evaluated"]) == (4, 2, 5)
    assert (x1["longest_lifetime_seconds"], x1["best_net_edge"], x1["max_capacity_usd"]) == (50160, Decimal("0.04"), Decimal("195"))
    assert (x1["apy_min"], x1["apy_median"], x1["apy_max"]) == (Decimal("0.5"), Decimal("0.7"), Decimal("1.2"))

    # A later snapshot lands in D1; rebuilding D1 alone picks it up and leaves D2 as it was.
    before_d2 = {k: v for k, v in _daily_rows(warehouse).items() if k[0] == D2}
    _seed(warehouse, LATE_D1)
    rebuild = dg.materialize([daily_marts], resources=_resources(warehouse, dbt), partition_key=D1)
    assert rebuild.success
    assert _materialized(rebuild) == {(name, D1) for name in daily}
    assert_marts_match(warehouse, EVALUATIONS + LATE_D1)
    assert {k: v for k, v in _daily_rows(warehouse).items() if k[0] == D2} == before_d2
    # The 12:00 snapshot did not evaluate X: it ends X's run from 10:03, which now lasted 0 s.
    assert _daily_rows(warehouse)[(D1, "Y")]["opportunities_seen"] == 2
    x1 = _daily_rows(warehouse)[(D1, "X")]
    assert (x1["opportunities_seen"], x1["longest_lifetime_seconds"]) == (3, 60)


def test_a_losing_published_opportunity_fails_the_dbt_test(warehouse: Warehouse, report_assets, tmp_path, monkeypatch):
    daily_marts, _, dbt = report_assets
    # A failed build keeps its dbt target directory for its debug log: here, under tmp_path.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _seed_catalog(warehouse)
    # Published as an opportunity while it costs more than it pays: what the opportunities
    # suite blocks in the pipeline, seeded straight into the tables.
    _seed(warehouse, [_opportunity("bad-1", at(D1, "09:00"), "X", "100", "101", "0.5")])
    result = dg.materialize([daily_marts], resources=_resources(warehouse, dbt), partition_key=D1, raise_on_error=False)
    assert not result.success
    evaluations = {check.check_name: check for check in result.get_asset_check_evaluations()}
    failed = {name for name, check in evaluations.items() if not check.passed}
    assert failed == {"daily_arbitrage_edges_positive_and_ordered"}
    check = evaluations["daily_arbitrage_edges_positive_and_ordered"]
    assert check.asset_key == dg.AssetKey("daily_arbitrage")
    assert check.metadata["dagster_dbt/failed_row_count"].value == 1
    assert len(evaluations) > len(failed)
    # dbt stops at the failed test: the category rollup is not built on the bad rows; the feed
    # health and the PnL, which do not read them, are.
    assert _materialized(result) == {("opportunity_episodes", D1), ("daily_arbitrage", D1), ("venue_health", D1), ("daily_pnl", D1)}
    (kept,) = tmp_path.glob("arb-dbt-*")
    assert "daily_arbitrage_edges_positive_and_ordered" in (kept / "dbt.log").read_text()
