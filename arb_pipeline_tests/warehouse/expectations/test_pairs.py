"""The matched-pairs suites: sound pairs pass; an approved pair with one token for both sides, a
market missing from the catalog or markets closing far apart fails, named by pair; approved
pairs whose markets stopped trading show in the warning suite only. People's decisions pass when
an approval names a token of its market, and fail, named by pair, when it names another market's
token or was taken in the future."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.matching.review import Decision, PairDecision
from arb_pipeline.domain.models import MarketStatus, PairStatus, PairTransform, Venue
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations.pairs import (
    decisions_frame,
    pairs_frame,
    validate_approved_pairs_open,
    validate_decisions,
    validate_pairs,
)
from arb_pipeline.warehouse.markets import read_markets, write_catalog
from arb_pipeline.warehouse.pairs import write_decision, write_pairs
from arb_pipeline_tests.warehouse.rows import CLOSE, T0, kalshi_market, pair, polymarket_market

WINDOW_DAYS = 21.0
CLOSE_RULE = "an approved pair's markets close within 21 days of each other"


def _store(warehouse: Warehouse) -> None:
    """Three Kalshi markets and three Polymarket markets, all open; pairs A and C approved (C a
    sum basket of two legs), B under review."""
    kalshi = [kalshi_market(t) for t in ("KXA-1", "KXB-1", "KXC-1", "KXC-2")]
    polymarket = [polymarket_market(m, f"{m}-yes", f"{m}-no") for m in ("1001", "1002", "1003")]
    write_catalog(warehouse, Venue.KALSHI, kalshi, seen_at=T0)
    write_catalog(warehouse, Venue.POLYMARKET, polymarket, seen_at=T0)
    write_pairs(warehouse, 
        [
            pair("KXA-1", "1001", "1001-yes", "1001-no"),
            pair("KXB-1", "1002", "1002-yes", "1002-no", status=PairStatus.REVIEW, confidence=0.6),
            pair(
                "KXC-1", "1003", "1003-yes", "1003-no", kalshi_tickers=("KXC-1", "KXC-2"), transform=PairTransform.SUM
            ),
        ],
        decided_at=T0,
    )


def _execute(warehouse: Warehouse, sql: str, **params: object) -> None:
    with warehouse.transaction() as connection:
        connection.execute(sa.text(sql.format(schema=warehouse.schema)), params)


def _failing_pairs(result, rule: str) -> list[tuple[str, str]]:
    return [(row["kalshi_ticker"], row["polymarket_market_id"]) for row in result.failing_keys(rule)]


def test_sound_pairs_pass_both_suites(warehouse: Warehouse):
    _store(warehouse)
    frame = pairs_frame(warehouse)
    assert len(frame) == 3
    result = validate_pairs(frame, close_window_days=WINDOW_DAYS)
    assert result.success, result.failures
    assert result.evaluated == 9
    assert validate_approved_pairs_open(frame).success


def test_broken_approved_pairs_fail_naming_them(warehouse: Warehouse):
    _store(warehouse)
    _execute(warehouse, "update {schema}.matched_pairs set polymarket_no_token = polymarket_yes_token where kalshi_ticker = 'KXA-1'")
    # The sum basket's second leg is gone from the catalog; the review pair's market closes
    # months away, which matters only for approved pairs.
    _execute(warehouse, "delete from {schema}.venue_markets where market_id = 'KXC-2'")
    _execute(warehouse, "update {schema}.venue_markets set close_time = close_time + interval '90 days' where market_id = 'KXB-1'")
    result = validate_pairs(pairs_frame(warehouse), close_window_days=WINDOW_DAYS)
    assert not result.success
    assert _failing_pairs(result, "an approved pair maps YES and NO to two different tokens") == [("KXA-1", "1001")]
    assert _failing_pairs(result, "every Kalshi leg of an approved pair is in the catalog") == [("KXC-1", "1003")]
    assert len(result.failures) == 2


def test_markets_closing_apart_fail_unless_the_user_pinned_the_pair(warehouse: Warehouse):
    _store(warehouse)
    _execute(warehouse, "update {schema}.venue_markets set close_time = :close where market_id = 'KXA-1'", close=CLOSE + timedelta(days=30))
    result = validate_pairs(pairs_frame(warehouse), close_window_days=WINDOW_DAYS)
    assert _failing_pairs(result, CLOSE_RULE) == [("KXA-1", "1001")]
    assert result.failing_keys(CLOSE_RULE)[0]["close_gap_days"] == 30.0
    assert validate_pairs(pairs_frame(warehouse), close_window_days=31).success

    _execute(warehouse, "update {schema}.matched_pairs set decided_by = :pinned where kalshi_ticker = 'KXA-1'", pinned=PAIRS_FILE_DECIDER)
    assert validate_pairs(pairs_frame(warehouse), close_window_days=WINDOW_DAYS).success


def test_approved_pairs_whose_markets_closed_are_a_warning_only(warehouse: Warehouse):
    _store(warehouse)
    # The next catalog reads no longer list KXC-2 or 1001: both are retired (closed).
    write_catalog(warehouse, 
        Venue.KALSHI, [kalshi_market(t) for t in ("KXA-1", "KXB-1", "KXC-1")], seen_at=T0 + timedelta(hours=1)
    )
    write_catalog(warehouse, 
        Venue.POLYMARKET,
        [polymarket_market(m, f"{m}-yes", f"{m}-no") for m in ("1002", "1003")],
        seen_at=T0 + timedelta(hours=1),
    )
    frame = pairs_frame(warehouse)
    assert validate_pairs(frame, close_window_days=WINDOW_DAYS).success
    warning = validate_approved_pairs_open(frame)
    assert not warning.success
    assert _failing_pairs(warning, "every Kalshi leg of an approved pair is open") == [("KXC-1", "1003")]
    assert _failing_pairs(warning, "the Polymarket market of an approved pair is open") == [("KXA-1", "1001")]
    assert {m.market_id for m in read_markets(warehouse, Venue.KALSHI) if m.status is MarketStatus.CLOSED} == {"KXC-2"}


def test_decisions_that_the_catalog_cannot_honor_fail_naming_them(warehouse: Warehouse):
    _store(warehouse)
    decided = T0 + timedelta(minutes=5)
    write_decision(warehouse, PairDecision("KXB-1", "1002", Decision.APPROVE, "ana", decided, "same game", "1002-yes"))
    write_decision(warehouse, PairDecision("KXA-1", "1002", Decision.REJECT, "ana", decided, "other game"))
    # A market the catalog does not hold cannot tell which tokens it has.
    write_decision(warehouse, PairDecision("KXA-1", "9999", Decision.APPROVE, "ana", decided, None, "9999-yes"))
    now = T0 + timedelta(hours=1)
    passed = validate_decisions(decisions_frame(warehouse, now), max_clock_skew_s=5)
    assert passed.success, passed.failures
    assert passed.rows == 3

    _execute(warehouse, "update {schema}.pair_decisions set pays_on_kalshi_yes = '1001-yes' where kalshi_ticker = 'KXB-1'")
    _execute(warehouse, "update {schema}.pair_decisions set decided_at = :later where decision = 'reject'", later=now + timedelta(days=1))
    result = validate_decisions(decisions_frame(warehouse, now), max_clock_skew_s=5)
    rule = "an approval names a token of its Polymarket market as paying on Kalshi YES"
    assert [(row["kalshi_ticker"], row["polymarket_market_id"]) for row in result.failing_keys(rule)] == [("KXB-1", "1002")]
    late = result.failing_keys("decided no later than now (+5 s of clock skew)")
    assert [(row["kalshi_ticker"], row["polymarket_market_id"]) for row in late] == [("KXA-1", "1002")]
    assert len(result.failures) == 2
