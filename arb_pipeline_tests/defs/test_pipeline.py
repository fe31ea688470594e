"""The whole pipeline as Dagster materializes it: against the sandbox exchange over real HTTP,
into a real PostgreSQL, every shard its own run. The opportunities it finds must be the ones the
sandbox opened."""

from decimal import Decimal
from pathlib import Path

import pytest

from arb_pipeline.defs.catalog.assets import kalshi_markets, kalshi_series, polymarket_markets
from arb_pipeline.defs.catalog.checks import (
    kalshi_catalog_not_empty,
    kalshi_markets_expectations,
    kalshi_markets_have_fee_schedules,
    kalshi_series_expectations,
    kalshi_series_have_fees,
    polymarket_catalog_not_empty,
    polymarket_markets_expectations,
    polymarket_outcomes_have_tokens,
)
from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.matching.checks import (
    approved_pairs_markets_open,
    approved_pairs_token_mapping_valid,
    matched_pairs_expectations,
)
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG, quote_snapshots
from arb_pipeline.defs.quotes.checks import (
    no_crossed_or_out_of_range_books,
    no_duplicate_snapshot_rows,
    quote_snapshot_expectations,
    quote_snapshot_venue_times,
)
from arb_pipeline.defs.shared.resources import ScanSettingsResource, VenuesResource, WarehouseResource
from arb_pipeline.defs.spreads.assets import opportunities, spreads
from arb_pipeline.defs.spreads.checks import opportunities_expectations, spreads_expectations
from arb_pipeline.domain.models import OpportunityKind, PairStatus, Venue
from arb_pipeline.domain.scan_shards import ScanShard, ShardScope
from arb_pipeline.reports import markdown
from arb_pipeline.reports.tables import opportunity_table
from arb_pipeline.reports.values import money
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.quotes import read_snapshot_duplicate_rows
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities, read_spreads
from arb_pipeline_tests.defs.scan_runs import check_evaluations, materialize_everything, materialize_shards, materialized, shard_keys
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS

pytestmark = [pytest.mark.integration, DBT_AND_DAGSTER_RUNS]

CATALOG = [
    kalshi_series,
    kalshi_markets,
    polymarket_markets,
    kalshi_series_have_fees,
    kalshi_series_expectations,
    kalshi_catalog_not_empty,
    kalshi_markets_have_fee_schedules,
    kalshi_markets_expectations,
    polymarket_catalog_not_empty,
    polymarket_outcomes_have_tokens,
    polymarket_markets_expectations,
]
MATCHING = [matched_pairs, approved_pairs_token_mapping_valid, matched_pairs_expectations, approved_pairs_markets_open]
# The assets and checks of one snapshot: quotes, spreads and opportunities.
SCAN = [
    quote_snapshots,
    spreads,
    opportunities,
    spreads_expectations,
    opportunities_expectations,
    no_crossed_or_out_of_range_books,
    quote_snapshot_expectations,
    quote_snapshot_venue_times,
    no_duplicate_snapshot_rows,
]
CHECKS_PER_PASS = 8 + 3 * len(shard_keys()) + 6 * len(shard_keys())


def resources_for(exchange: SandboxExchange, key_path: Path, warehouse_url: str, schema: str) -> dict:
    e = exchange.endpoints
    return {
        "warehouse": WarehouseResource(url=warehouse_url, schema_name=schema),
        "venues": VenuesResource(
            kalshi_api_url=e.kalshi_api_url,
            kalshi_ws_url=e.kalshi_ws_url,
            polymarket_gamma_url=e.polymarket_gamma_url,
            polymarket_clob_url=e.polymarket_clob_url,
            polymarket_ws_url=e.polymarket_ws_url,
            odds_api_url=e.odds_api_url,
            kalshi_api_key_id=SANDBOX_KEY_ID,
            kalshi_private_key_path=str(key_path),
            odds_api_key="sandbox",
        ),
        "scan_settings": ScanSettingsResource(),
    }


def test_materialize_everything_finds_the_planted_arbitrage(warehouse_engine, warehouse_schema, tmp_path):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    url = warehouse_engine.url.render_as_string(hide_password=False)
    with exchange.run_in_thread() as running:
        resources = resources_for(running, key_path, url, warehouse_schema)
        results = materialize_everything(CATALOG, MATCHING, SCAN, resources, "e2e-1")
        assert all(result.success for result in results)
        evaluations = check_evaluations(results)
        assert len(evaluations) == CHECKS_PER_PASS
        assert all(evaluation.passed for evaluation in evaluations), [
            (e.check_name, e.metadata) for e in evaluations if not e.passed
        ]
        # Materializing the same snapshot again (a retried run) must not duplicate a row.
        again = materialize_shards(SCAN, resources, {SNAPSHOT_TAG: "e2e-1"})
        assert all(result.success for result in again)

    store = Warehouse(warehouse_engine, warehouse_schema)
    found = {
        (s.kalshi_ticker, s.kalshi_side, s.polymarket_token)
        for s in read_snapshot_opportunities(store, "e2e-1")
        if s.kind is OpportunityKind.CROSS_VENUE
    }
    planted = {(p.kalshi_ticker, p.kalshi_side, p.polymarket_token) for p in exchange.scenario.planted_arbitrage}
    assert found == planted
    assert read_snapshot_duplicate_rows(store, "e2e-1") == 0
    # People see the opportunities in dollars and cents, through the one reporting module.
    stored = read_snapshot_opportunities(store, "e2e-1")
    markets = read_markets(store, Venue.KALSHI) + read_markets(store, Venue.POLYMARKET)
    approved_pairs = read_pairs(store, PairStatus.APPROVED)
    keys = shard_keys()
    for key, result in zip(keys, results[-len(keys):], strict=True):
        [shown] = result.asset_materializations_for_node("opportunities")
        scope = ShardScope(ScanShard(int(key), len(keys)), markets, approved_pairs)
        own = [s for s in stored if scope.owns_spread(s)]
        assert shown.metadata["top_opportunities"].value == markdown.table(opportunity_table(own, snapshot_id="e2e-1"))
        assert shown.metadata["total_net_profit"].value == money(sum((s.net_profit for s in own), Decimal(0)))
    # Every truth pair the matcher approved maps the right token; nothing approved is a hard negative.
    approved = {(p.kalshi_ticker, p.polymarket_market_id): p for p in read_pairs(store, PairStatus.APPROVED)}
    truth = {(t.kalshi_ticker, t.polymarket_market_id): t for t in exchange.scenario.truth_pairs}
    approved_truth = set(approved) & set(truth)
    assert len(approved_truth) >= 100
    for key in approved_truth:
        assert approved[key].polymarket_yes_token == truth[key].polymarket_yes_token, key
    negatives = {(n.kalshi_ticker, n.polymarket_market_id) for n in exchange.scenario.hard_negatives}
    assert not negatives & set(approved)
    assert len(read_markets(store, Venue.KALSHI)) > 0


def test_a_crossed_book_blocks_spreads(warehouse_engine, warehouse_schema, tmp_path):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    # A YES bid at 0.99 beside resting NO bids: a book no venue would leave standing.
    ticker, book = next((t, b) for t, b in exchange.scenario.kalshi_books.items() if len(b.no) and len(b.yes))
    book.yes.set(Decimal("0.99"), Decimal(10))
    url = warehouse_engine.url.render_as_string(hide_password=False)
    with exchange.run_in_thread() as running:
        resources = resources_for(running, key_path, url, warehouse_schema)
        results = materialize_everything(CATALOG, MATCHING, SCAN, resources, "crossed-1", raise_on_error=False)
    crossed = next(e for e in check_evaluations(results) if e.check_name == "no_crossed_or_out_of_range_books" and not e.passed)
    assert ticker in str(crossed.metadata["problems"].value)
    done = materialized(results)
    assert "quote_snapshots" in done
    assert not {"spreads", "opportunities"} & done
    assert read_spreads(Warehouse(warehouse_engine, warehouse_schema), "crossed-1") == []


def test_the_pairs_file_wins_over_the_matcher(warehouse_engine, warehouse_schema, tmp_path):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    planted = exchange.scenario.planted_arbitrage[0]
    rejected_pair = (planted.kalshi_ticker, planted.polymarket_market_id)
    pairs_file = tmp_path / "pairs.yaml"
    pairs_file.write_text(
        "reject:\n"
        f"  - kalshi: {planted.kalshi_ticker}\n"
        f"    polymarket: \"{planted.polymarket_market_id}\"\n"
        "    reason: rules differ on overtime\n"
    )
    url = warehouse_engine.url.render_as_string(hide_password=False)
    with exchange.run_in_thread() as running:
        resources = resources_for(running, key_path, url, warehouse_schema)
        resources["scan_settings"] = ScanSettingsResource(pairs_file=str(pairs_file))
        results = materialize_everything(CATALOG, MATCHING, SCAN, resources, "pins-1")
        assert all(result.success for result in results)
    store = Warehouse(warehouse_engine, warehouse_schema)
    (stored,) = [p for p in read_pairs(store) if (p.kalshi_ticker, p.polymarket_market_id) == rejected_pair]
    assert stored.status is PairStatus.REJECTED and stored.decided_by == "pairs_file"
    found = {(s.kalshi_ticker, s.polymarket_market_id) for s in read_snapshot_opportunities(store, "pins-1")}
    assert rejected_pair not in found
    assert found  # the other planted arbitrage is still found
