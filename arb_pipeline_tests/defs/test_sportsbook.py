"""Sportsbook value signals as Dagster materializes them against the sandbox: the odds of every
league with an open Kalshi game are stored per read, and every open Kalshi game side mapped to an
odds event is priced against the consensus, stored apart from arbitrage."""

from datetime import UTC, datetime
from decimal import Decimal

import dagster as dg
import pytest

from arb_pipeline.app.trading_desk import print_pnl
from arb_pipeline.defs.catalog.assets import kalshi_markets, kalshi_series
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG, quote_snapshots
from arb_pipeline.defs.sportsbook.assets import sportsbook_edges, sportsbook_odds
from arb_pipeline.defs.sportsbook.checks import sportsbook_edges_expectations, sportsbook_odds_expectations
from arb_pipeline.defs.trading.assets import paper_trading
from arb_pipeline.defs.trading.resources import TradingSettingsResource
from arb_pipeline.domain.trading import SignalKind, kelly_contracts
from arb_pipeline.reports.values import money
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.warehouse import Warehouse, sportsbook, trading
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


def test_the_planted_value_game_is_flagged_kelly_sized_paper_traded_and_reported_apart(
        warehouse_engine, warehouse_schema, tmp_path):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    [plant] = exchange.scenario.planted_value
    trading_settings = TradingSettingsResource(profile="standard")
    settings = trading_settings.settings()
    url = warehouse_engine.url.render_as_string(hide_password=False)
    with exchange.run_in_thread() as running:
        resources = {**resources_for(running, key_path, url, warehouse_schema), "trading_settings": trading_settings}
        assert dg.materialize([kalshi_series, kalshi_markets], resources=resources).success
        assert all(r.success for r in materialize_shards([quote_snapshots], resources, {SNAPSHOT_TAG: "found"}))
        assert dg.materialize([sportsbook_odds, sportsbook_edges], resources=resources).success
        # The value bet fills on the snapshot after the one it was priced on, never on that one.
        assert all(r.success for r in materialize_shards([quote_snapshots], resources, {SNAPSHOT_TAG: "next"}))
        traded = dg.materialize([paper_trading], resources=resources)
        assert traded.success
    store = Warehouse(warehouse_engine, warehouse_schema)
    with store.transaction() as connection:
        edges = sportsbook.load_edges(connection, schema=store.schema)
        trades = trading.load_trades(connection, schema=store.schema)
        fills = trading.load_fills(connection, schema=store.schema)
    # Both ways of buying the away team on Kalshi are flagged: its YES, and NO on the home team.
    flagged = {(edge["kalshi_ticker"], edge["side"]): edge for edge in edges if edge["flagged"]}
    assert set(flagged) == {(plant.away_ticker, "yes"), (plant.home_ticker, "no")}
    limits = settings.limits
    for edge in flagged.values():
        assert edge["edge"] > settings.profile.min_edge and edge["consensus"] > plant.fair + Decimal("0.12")
        kelly = kelly_contracts(edge["cost_per_contract"], edge["consensus"], settings.bankroll,
                                settings.profile.kelly_multiplier, max_stake=limits.max_capital_per_trade,
                                max_contracts=int(limits.max_position_contracts))
        assert edge["contracts"] == kelly.contracts > 0
    # Paper-traded as their own signal kind: one Kalshi leg each, nothing of it arbitrage.
    # Both bets are on one game: the second may meet the breaker's event exposure, and is then
    # refused with its reason.
    assert trades and all(t.signal_kind is SignalKind.SPORTSBOOK_VALUE for t in trades)
    assert "complete" in {t.outcome for t in trades} and {t.outcome for t in trades} <= {"complete", "refused"}
    assert all(t.reasons for t in trades if t.outcome == "refused")
    assert fills and {f.instrument.market_id for f in fills} <= {plant.away_ticker, plant.home_ticker}
    assert all(f.signal_kind is SignalKind.SPORTSBOOK_VALUE for f in fills)
    printed: list[str] = []
    today = datetime.now(UTC).date()
    print_pnl(store, today, today, printed.append)
    assert "arbitrage: realized $0.00, unrealized $0.00, fees $0.00" in printed
    fees = sum((f.fee for f in fills), Decimal(0))
    [value_line] = [line for line in printed if line.startswith("sportsbook_value:")]
    assert value_line.endswith(f"fees {money(fees)}") and fees > 0
