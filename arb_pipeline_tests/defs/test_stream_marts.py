"""The marts over the streamer's tables, built by Dagster on a real PostgreSQL: opportunity
lifetimes from the streamer's open/change/close events where it saw an opportunity (REST
snapshots elsewhere), and venue_health from stream_health and book_ticks, over a two-day
backfill, each figure checked against the same figure computed here from the seeded rows."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import dagster as dg
import pytest
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG

from arb_pipeline.domain.opportunity_events import EventType, OpportunityEvent, QuoteTimes, SpreadKey
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse import stream
from arb_pipeline.warehouse.stream import StreamTable
from arb_pipeline_tests.defs.test_reports import (
    D1,
    D2,
    DIRECTIONS,
    EVALUATIONS,
    _daily_rows,
    _key_of,
    _materialized,
    _percentile_disc,
    _resources,
    _rows,
    _seed,
    _seed_catalog,
    expected_episodes,
)
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS
from arb_pipeline_tests.warehouse.rows import at

pytestmark = DBT_AND_DAGSTER_RUNS


@dataclass(frozen=True, slots=True)
class Opening:
    """One opportunity the streamer tracked: opened, changed at ``changes``, closed at ``closed``
    (None: still open). ``costs`` the cost of the open and each change, out of 100 contracts."""

    key: str
    opened: datetime
    changes: tuple[datetime, ...]
    closed: datetime | None
    costs: tuple[str, ...]


OPENINGS = [
    # X on D1: twice, the second closing after midnight (it stays D1's: it opened then).
    Opening("X", at(D1, "10:00:05"), (at(D1, "10:00:20"),), at(D1, "10:00:50"), ("98", "97")),
    Opening("X", at(D1, "23:59:10"), (), at(D2, "00:00:10"), ("96.5",)),
    # Y on D2, still open at the last event read; no REST snapshot published Y that day.
    Opening("Y", at(D2, "00:05:00"), (at(D2, "00:05:30"),), None, ("99", "98.8")),
]


def _events(opening: Opening) -> list[OpportunityEvent]:
    direction = DIRECTIONS[opening.key]
    key = SpreadKey(
        direction["kind"], direction["kalshi_ticker"], direction["polymarket_market_id"],
        direction["kalshi_side"], direction["polymarket_token"],
    )  # fmt: skip
    steps = [(EventType.OPEN, opening.opened)] + [(EventType.CHANGE, when) for when in opening.changes]
    if opening.closed is not None:
        steps.append((EventType.CLOSE, opening.closed))
    events = []
    for step, (event_type, when) in enumerate(steps):
        cost = Decimal(opening.costs[min(step, len(opening.costs) - 1)] if event_type is not EventType.CLOSE else "100.5")
        events.append(
            OpportunityEvent(
                event_key=f"{opening.key}-{opening.opened.isoformat()}-{step}", event_type=event_type, key=key,
                kalshi_tickers=(direction["kalshi_ticker"],), contracts=Decimal(100), kalshi_avg_price=None,
                polymarket_avg_price=None, kalshi_fee=Decimal(0), polymarket_fee=Decimal(0), cost=cost,
                net_profit=100 - cost, edge_per_contract=(100 - cost) / 100, days_to_resolution=Decimal(50),
                apy=Decimal("0.5"), opened_at=opening.opened, evaluated_at=when, times=QuoteTimes(),
                lifetime=when - opening.opened if event_type is EventType.CLOSE else None,
                reason="no edge" if event_type is EventType.CLOSE else None,
            )
        )  # fmt: skip
    return events


def expected_stream_episodes() -> dict[tuple[str, str], list[dict[str, Any]]]:
    episodes: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for opening in sorted(OPENINGS, key=lambda o: (o.key, o.opened)):
        seen = [opening.opened, *opening.changes]
        end = opening.closed or seen[-1]
        costs = [Decimal(cost) for cost in opening.costs]
        episodes.setdefault((opening.opened.date().isoformat(), opening.key), []).append({
            "opened_at": opening.opened, "last_seen_at": seen[-1], "closed_at": opening.closed,
            "lifetime_seconds": Decimal((end - opening.opened).total_seconds()), "snapshots": len(seen),
            "best_net_edge": max((100 - cost) / 100 for cost in costs), "max_capacity_usd": max(costs),
            "lifetime_source": "stream",
        })  # fmt: skip
    return episodes


# --- stream health: (venue, start, end, messages, gaps, reconnects, resyncs, connected, staleness) --

HEALTH = [
    ("kalshi", at(D1, "10:00:00"), at(D1, "10:00:15"), 100, 0, 0, 0, True, "1.5"),
    ("kalshi", at(D1, "10:00:15"), at(D1, "10:00:30"), 50, 1, 1, 1, False, "4"),
    # A second shard over the same minutes: its time is not counted twice.
    ("kalshi", at(D1, "10:00:10"), at(D1, "10:00:25"), 30, 0, 0, 0, True, "2"),
    # Nothing from 10:00:30 to 10:01:00: a 30 s silence.
    ("kalshi", at(D1, "10:01:00"), at(D1, "10:01:15"), 20, 2, 0, 1, True, "0.5"),
    ("polymarket", at(D2, "08:00:00"), at(D2, "08:00:20"), 400, 0, 2, 0, True, None),
]
# (venue, instrument, received, venue time - receipt in ms; None: no venue time)
TICKS = [
    ("kalshi", "KXA-26MAR01-A:yes", at(D1, "10:00:01"), 10),
    ("kalshi", "KXA-26MAR01-A:no", at(D1, "10:00:02"), 20),
    ("kalshi", "KXA-26MAR01-A:yes", at(D1, "10:00:03"), 500),
    ("kalshi", "KXB-26MAR01-B:yes", at(D1, "10:00:04"), None),
    ("polymarket", "1001-yes", at(D2, "08:00:01"), 35),
]


def _seed_stream(warehouse: Warehouse) -> None:
    events = [stream.event_row(event) for opening in OPENINGS for event in _events(opening)]
    health = [
        (f"h{n}", venue, start, end, messages, 1, {"bad_json": 1}, gaps, reconnects, resyncs, 300 - n, n, None if stale is None else Decimal(stale), connected)
        for n, (venue, start, end, messages, gaps, reconnects, resyncs, connected, stale) in enumerate(HEALTH)
    ]  # fmt: skip
    ticks = [
        (f"t{n}", venue, instrument, instrument.split(":")[0], Decimal("0.41"), Decimal(5), Decimal("0.43"), Decimal(7),
         None if late is None else received - timedelta(milliseconds=late), received)
        for n, (venue, instrument, received, late) in enumerate(TICKS)
    ]  # fmt: skip
    with warehouse.transaction() as connection:
        for table, rows in ((StreamTable.OPPORTUNITY_EVENTS, events), (StreamTable.STREAM_HEALTH, health), (StreamTable.BOOK_TICKS, ticks)):
            assert all(stream.row_problem(table, row) is None for row in rows)
            stream.insert_rows(connection, table, rows, schema=warehouse.schema)


def _covered(periods: list[tuple[datetime, datetime]]) -> tuple[Decimal, Decimal]:
    """(seconds in the union of the periods, the longest stretch between them none covers)."""
    merged: list[list[datetime]] = []
    for start, end in sorted(periods):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    covered = sum((end - start).total_seconds() for start, end in merged)
    silences = [(later[0] - earlier[1]).total_seconds() for earlier, later in itertools.pairwise(merged)]
    return Decimal(covered), Decimal(max(silences, default=0))


def expected_venue_health() -> dict[tuple[str, str], dict[str, Any]]:
    rows = {}
    days = {(end.date().isoformat(), venue) for venue, _, end, *_ in HEALTH}
    for day, venue in sorted(days):
        periods = [h for h in HEALTH if h[0] == venue and h[2].date().isoformat() == day]
        ticks = [t for t in TICKS if t[0] == venue and t[2].date().isoformat() == day]
        covered, silence = _covered([(start, end) for _, start, end, *_ in periods])
        latencies = [Decimal(late) for *_, late in ticks if late is not None]
        staleness = [Decimal(h[8]) for h in periods if h[8] is not None]
        messages = sum(h[3] for h in periods)
        rows[(day, venue)] = {
            "health_periods": len(periods), "covered_seconds": covered, "longest_silence_seconds": silence,
            "messages": messages, "messages_per_second": (messages / covered).quantize(Decimal("0.001")),
            "decode_errors": len(periods), "gaps": sum(h[4] for h in periods), "reconnects": sum(h[5] for h in periods),
            "resyncs": sum(h[6] for h in periods), "disconnected_periods": sum(1 for h in periods if not h[7]),
            "max_staleness_s": max(staleness, default=None),
            "median_staleness_s": _percentile_disc(staleness, 0.5) if staleness else None,
            "book_ticks": len(ticks), "instruments_ticked": len({t[1] for t in ticks}),
            "latency_p50_ms": _percentile_disc(latencies, 0.5), "latency_p95_ms": _percentile_disc(latencies, 0.95),
            "latency_max_ms": max(latencies),
        }  # fmt: skip
    return rows


@pytest.fixture
def daily_marts():
    from dagster_dbt import DbtCliResource

    from arb_pipeline.defs.reports.assets import daily_marts
    from arb_pipeline.defs.reports.project import arb_dbt_project

    return daily_marts, DbtCliResource(project_dir=arb_dbt_project)


def test_stream_lifetimes_and_venue_health_over_a_two_day_backfill(warehouse: Warehouse, daily_marts) -> None:
    marts, dbt = daily_marts
    _seed_catalog(warehouse)
    _seed(warehouse, EVALUATIONS)
    _seed_stream(warehouse)

    result = dg.materialize(
        [marts], resources=_resources(warehouse, dbt),
        tags={ASSET_PARTITION_RANGE_START_TAG: D1, ASSET_PARTITION_RANGE_END_TAG: D2},
    )  # fmt: skip
    assert result.success
    assert {("venue_health", D1), ("venue_health", D2), ("opportunity_episodes", D1)} <= _materialized(result)
    checks = result.get_asset_check_evaluations()
    assert {c.asset_key.to_user_string() for c in checks} >= {"venue_health", "opportunity_episodes"}
    assert all(check.passed for check in checks), [c.check_name for c in checks if not c.passed]

    # Episodes: the streamer's where it saw the opportunity that day, the snapshots' elsewhere.
    streamed = expected_stream_episodes()
    got: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in sorted(_rows(warehouse, "select * from {marts}.opportunity_episodes"), key=lambda r: (r["opened_at"], r["episode_no"])):
        got.setdefault((row["arb_date"].isoformat(), _key_of(row)), []).append(row)
    from_snapshots = {}
    for episode in expected_episodes(EVALUATIONS):
        from_snapshots.setdefault((episode["arb_date"], episode["key"]), []).append(episode)
    assert set(got) == set(streamed) | set(from_snapshots)
    for day_key, rows in got.items():
        want = streamed.get(day_key) or [{**e, "lifetime_source": "snapshots"} for e in from_snapshots[day_key]]
        assert [{name: row[name] for name in w if name not in ("arb_date", "key")} for row, w in zip(rows, want, strict=True)] == [
            {name: value for name, value in w.items() if name not in ("arb_date", "key")} for w in want
        ], day_key
    # The literal figures: X on D1 lived 45 s, then 60 s across midnight; Y on D2 is still open.
    assert [row["lifetime_seconds"] for row in got[(D1, "X")]] == [45, 60]
    assert [(row["lifetime_seconds"], row["closed_at"]) for row in got[(D2, "Y")]] == [(30, None)]

    daily = _daily_rows(warehouse)
    x1 = daily[(D1, "X")]
    assert (x1["lifetime_source"], x1["opportunities_seen"], x1["longest_lifetime_seconds"], x1["total_lifetime_seconds"]) == ("stream", 2, 60, 105)
    assert daily[(D1, "Y")]["lifetime_source"] == "snapshots"
    assert (D2, "Y") not in daily  # the streamer saw it, but no published snapshot did

    health = {(row["arb_date"].isoformat(), row["venue"]): row for row in _rows(warehouse, "select * from {marts}.venue_health")}
    want_health = expected_venue_health()
    assert set(health) == set(want_health)
    for day_venue, want in want_health.items():
        assert {name: health[day_venue][name] for name in want} == want, day_venue
    kalshi = health[(D1, "kalshi")]
    assert (kalshi["covered_seconds"], kalshi["longest_silence_seconds"], kalshi["messages"]) == (45, 30, 200)
    assert (kalshi["messages_per_second"], kalshi["latency_p50_ms"], kalshi["latency_max_ms"]) == (Decimal("4.444"), 20, 500)
