"""The sportsbook suites: an odds read and the two sides of a Kalshi game priced against it, as
the pipeline stores them, pass; odds that pay back less than the stake, American odds on the wrong
side of even money or inside (-100, 100), a bookmaker time after our read, an edge that is not
the consensus less the cost, a negative fee and a flagged signal that buys nothing fail, named by
row."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from arb_pipeline.domain.sportsbook.value import evaluate_side
from arb_pipeline.warehouse import Warehouse, sportsbook
from arb_pipeline.warehouse.expectations.sportsbook import edges_frame, odds_frame, validate_edges, validate_odds
from arb_pipeline_tests.domain.sportsbook.test_value import BOOKS, GAME, MARKET, NOW, STANDARD, D, match

LATER = NOW + timedelta(seconds=1)
SKEW_S = 5.0


@pytest.fixture
def priced(warehouse: Warehouse) -> Warehouse:
    signals = [evaluate_side(match(), MARKET, side, BOOKS, STANDARD, D(1000), NOW) for side in ("yes", "no")]
    assert [s.flagged for s in signals] == [True, False]
    with warehouse.transaction() as connection:
        assert sportsbook.record_odds(connection, [GAME], NOW, schema=warehouse.schema) == 8
        assert sportsbook.record_edges(connection, signals, schema=warehouse.schema) == 2
    return warehouse


def _execute(warehouse: Warehouse, sql: str) -> None:
    with warehouse.transaction() as connection:
        connection.execute(sa.text(sql.format(schema=warehouse.schema)))


def _odds(warehouse: Warehouse):
    return validate_odds(odds_frame(warehouse, LATER), max_clock_skew_s=SKEW_S)


def _edges(warehouse: Warehouse):
    return validate_edges(edges_frame(warehouse, LATER), max_clock_skew_s=SKEW_S)


def test_a_stored_read_and_its_edges_pass(priced: Warehouse):
    odds, edges = _odds(priced), _edges(priced)
    assert odds.success, odds.failures
    assert edges.success, edges.failures
    assert (odds.rows, edges.rows) == (8, 2)
    assert edges_frame(priced, LATER)["edge_residual"].tolist() == [0.0, 0.0]


def test_only_the_latest_read_is_checked(priced: Warehouse):
    with priced.transaction() as connection:
        sportsbook.record_odds(connection, [GAME], LATER, schema=priced.schema)
    _execute(priced, f"update {{schema}}.sportsbook_odds set decimal_odds = 0.5 where fetched_at < '{LATER.isoformat()}'")
    assert _odds(priced).success


def test_bad_odds_fail_naming_them(priced: Warehouse):
    _execute(priced, "update {schema}.sportsbook_odds set decimal_odds = 0.95 where bookmaker = 'draftkings' and outcome_name = 'Milwaukee Bucks'")
    _execute(priced, "update {schema}.sportsbook_odds set american_odds = -150 where bookmaker = 'fanduel' and outcome_name = 'Los Angeles Lakers'")
    _execute(priced, "update {schema}.sportsbook_odds set american_odds = 50, last_update = fetched_at + interval '1 hour' "
                     "where bookmaker = 'betmgm' and outcome_name = 'Milwaukee Bucks'")  # fmt: skip
    result = _odds(priced)
    assert not result.success

    def named(rule: str) -> list[tuple[str, str]]:
        return [(row["bookmaker"], row["outcome_name"]) for row in result.failing_keys(rule)]

    assert named("decimal odds > 1: a winning bet pays back more than its stake") == [("draftkings", "Milwaukee Bucks")]
    assert named("American odds positive exactly when the decimal odds pay at least even money") == [
        ("betmgm", "Milwaukee Bucks"), ("fanduel", "Los Angeles Lakers"),
    ]  # fmt: skip
    assert named("American odds at least 100 either way") == [("betmgm", "Milwaukee Bucks")]
    assert named(f"the bookmaker's time no later than our read (+{SKEW_S:g} s of clock skew)") == [("betmgm", "Milwaukee Bucks")]
    assert len(result.failures) == 4


def test_bad_edges_fail_naming_them(priced: Warehouse):
    yes, no = edges_frame(priced, LATER).sort_values("side", ascending=False)["signal_id"]
    _execute(priced, "update {schema}.sportsbook_edges set edge = edge + 0.01 where side = 'yes'")
    _execute(priced, "update {schema}.sportsbook_edges set cost_per_contract = best_ask - 0.01, edge = consensus - best_ask + 0.01 "
                     "where side = 'no'")  # fmt: skip
    result = _edges(priced)
    assert not result.success
    assert [row["signal_id"] for row in result.failing_keys("edge = consensus - cost per contract, exactly")] == [yes]
    assert [row["signal_id"] for row in result.failing_keys("fee per contract >= 0")] == [no]
    assert len(result.failures) == 2
    _execute(priced, "update {schema}.sportsbook_edges set edge = edge - 0.01, contracts = 0, agreeing = 1 where side = 'yes'")
    flagged = _edges(priced)
    for rule in ("a flagged signal buys contracts", "a flagged signal has the books it requires agreeing"):
        assert [row["signal_id"] for row in flagged.failing_keys(rule)] == [yes]
