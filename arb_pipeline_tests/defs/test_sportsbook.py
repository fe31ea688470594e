"""Sportsbook value signals as Dagster materializes them against the sandbox: the odds of every
league with an open Kalshi game are stored per read, and every open Kalshi game side mapped to an
odds event is priced against the consensus, stored apart from arbitrage."""

import dagster as dg
import pytest

from arb_pipeline.defs.catalog.assets import kalshi_markets, kalshi_series
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG, quote_snapshots
from arb_pipeline.defs.sportsbook.assets import sportsbook_edges, sportsbook_odds
from arb_pipeline.defs.sportsbook.checks import sportsbook_edges_expectations, sportsbook_odds_expectations
from arb_pipeline.defs.trading.resources import TradingSettingsResource
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.warehouse import Warehouse, sportsbook
from arb_pipeline_tests.defs.scan_runs import materialize_shards
from arb_pipeline_tests.defs.test_pipeline import resources_for

pytestmark = pytest.mark.integration


def test_odds_are_stored_and_kalshi_games_priced_against_the_consensus(warehouse_engine, warehouse_schema, tmp_path):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    url = warehouse_engine.url.render_as_string(hide_password=False)
    with exchange.run_in_thread() as running:
        resources = {**resources_for(running, key_path, url, warehouse_schema),
                     "trading_settings": TradingSettingsResource(profile="very_aggressive")}
        assert dg.materialize([kalshi_series, kalshi_markets], resources=resources).success
        # Every scan shard's books of the snapshot, then the odds and the edges priced on them.
        assert all(r.success for r in materialize_shards([quote_snapshots], resources, {SNAPSHOT_TAG: "games"}))
        result = dg.materialize([sportsbook_odds, sportsbook_edges, sportsbook_odds_expectations,
                                 sportsbook_edges_expectations], resources=resources)
        assert result.success
    # The odds and edges as the pipeline stores them pass their suites.
    evaluations = result.get_asset_check_evaluations()
    assert {e.check_name for e in evaluations} == {"sportsbook_odds_expectations", "sportsbook_edges_expectations"}
    assert all(e.passed for e in evaluations), [(e.check_name, e.metadata) for e in evaluations]
    store = Warehouse(warehouse_engine, warehouse_schema)
    with store.transaction() as connection:
        events = sportsbook.load_latest_odds(connection, schema=store.schema)
        edges = sportsbook.load_edges(connection, schema=store.schema)
    assert events and all(event.prices for event in events)
    [odds] = result.asset_materializations_for_node("sportsbook_odds")
    assert odds.metadata["dagster/row_count"].value == sum(len(event.prices) for event in events)
    assert edges, result.asset_materializations_for_node("sportsbook_edges")[0].metadata
    assert {edge["side"] for edge in edges} == {"yes", "no"}
    # Games the books price are compared at the Kalshi ask plus its fee with the consensus.
    priced = [edge for edge in edges if edge["consensus"] is not None and edge["cost_per_contract"] is not None]
    assert priced and all(edge["edge"] == edge["consensus"] - edge["cost_per_contract"] for edge in priced)
    # Every side says why it is not a signal, or is flagged with a size and an edge at the minimum.
    for edge in edges:
        assert edge["flagged"] == (not edge["reasons"])
        if edge["flagged"]:
            assert edge["contracts"] > 0 and edge["edge"] >= 0
