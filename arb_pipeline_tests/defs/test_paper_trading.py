"""Paper trading end to end, as Dagster materializes it: the scan finds the sandbox's planted
arbitrage, each opportunity is traded on the snapshots after the one that found it, the second
legs of some fail and are unwound, the markets resolve (one pair differently on its two venues),
and the realized PnL in the warehouse equals, to the cent, what this test adds up itself from the
stored fills and settlements."""

from datetime import UTC, datetime
from decimal import Decimal

import dagster as dg
import httpx
import pytest

from arb_pipeline.app.paper_trading import pending_snapshots
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG, quote_snapshots
from arb_pipeline.defs.spreads.assets import opportunities, spreads
from arb_pipeline.defs.trading.assets import FOUND_SNAPSHOT_TAG, paper_trading, pnl, positions, settlements
from arb_pipeline.defs.trading.checks import (
    daily_pnl_expectations,
    fills_expectations,
    fills_within_quoted_book,
    market_resolutions_expectations,
    no_limit_breached,
    paper_orders_expectations,
    paper_trades_expectations,
    positions_expectations,
    positions_reconcile_with_fills,
    realized_pnl_equals_fills_plus_settlements,
    settlements_expectations,
    trades_hedged_or_unwound,
    trading_controls_expectations,
)
from arb_pipeline.defs.trading.jobs import new_opportunities_sensor
from arb_pipeline.defs.trading.resources import TradingSettingsResource
from arb_pipeline.domain.models import OpportunityKind
from arb_pipeline.domain.sharding import shard_of
from arb_pipeline.domain.trading import OrderPurpose, Side, SignalKind, opportunity_id
from arb_pipeline.reports.values import money
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.warehouse import Warehouse, trading
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities
from arb_pipeline_tests.defs.scan_runs import materialize_everything, materialize_shards, shard_keys
from arb_pipeline_tests.defs.test_pipeline import CATALOG, MATCHING, SCAN, resources_for
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS

pytestmark = [pytest.mark.integration, DBT_AND_DAGSTER_RUNS]

D = Decimal
CHECKS = [positions_reconcile_with_fills, trades_hedged_or_unwound, no_limit_breached,
          realized_pnl_equals_fills_plus_settlements, fills_expectations, positions_expectations,
          settlements_expectations, fills_within_quoted_book, paper_orders_expectations, paper_trades_expectations,
          daily_pnl_expectations, market_resolutions_expectations, trading_controls_expectations]


def _post(exchange: SandboxExchange, path: str, body: dict) -> dict:
    response = httpx.post(exchange.endpoints.kalshi_api_url.split("/kalshi")[0] + path, json=body, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def _snapshot(resources: dict, snapshot_id: str) -> None:
    assert all(r.success for r in materialize_shards([quote_snapshots], resources, {SNAPSHOT_TAG: snapshot_id}))


def _sensor_requests(resources: dict) -> list[dg.RunRequest]:
    # The sensor reads the warehouse only, so it is evaluated without a Dagster instance.
    context = dg.build_sensor_context(resources=resources, sensor_name=new_opportunities_sensor.name)
    return list(new_opportunities_sensor(context).run_requests or [])


def _checks_pass(result: dg.ExecuteInProcessResult) -> None:
    evaluations = result.get_asset_check_evaluations()
    assert evaluations and all(e.passed for e in evaluations), [(e.check_name, e.metadata) for e in evaluations]


def test_opportunities_are_paper_traded_unwound_settled_and_the_pnl_adds_up(warehouse_engine, warehouse_schema,
                                                                            tmp_path):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    url = warehouse_engine.url.render_as_string(hide_password=False)
    store = Warehouse(warehouse_engine, warehouse_schema)
    with exchange.run_in_thread() as running:
        resources = {
            **resources_for(running, key_path, url, warehouse_schema),
            # The planted edges clear a tenth of a cent a set after fees; the hedge lands one
            # snapshot after the entry, so a book that moves in between leaves a leg to unwind.
            "trading_settings": TradingSettingsResource(profile="very_aggressive", min_edge="0.001",
                                                        bankroll="100000", entry_delay_snapshots=1,
                                                        hedge_delay_snapshots=1),
        }
        assert all(r.success for r in materialize_everything(CATALOG, MATCHING, SCAN, resources, "found"))
        found = [s for s in read_snapshot_opportunities(store, "found") if s.kind is OpportunityKind.CROSS_VENUE]
        assert len(found) >= 3
        # Nothing trades on the books that found it: with only that snapshot, every opportunity waits.
        waiting = dg.materialize([paper_trading], resources=resources, tags={FOUND_SNAPSHOT_TAG: "found"})
        assert waiting.asset_materializations_for_node("paper_trading")[0].metadata["decided"].value == 0
        assert _sensor_requests(resources) == []

        _post(running, "/_sandbox/tick", {"n": 1})
        _snapshot(resources, "entry")
        # Before the hedges land, the liquidity of two pairs leaves: both legs' asks are pulled, so
        # whichever leg filled first finds no hedge and is sold back into its (untouched) bids.
        failing = found[:2]
        for spread in failing:
            _post(running, "/_sandbox/pull", {"venue": "kalshi", "market_id": spread.kalshi_ticker,
                                              "outcome": spread.kalshi_side})
            _post(running, "/_sandbox/pull", {"venue": "polymarket", "market_id": spread.polymarket_market_id,
                                              "outcome": spread.polymarket_token})
        _post(running, "/_sandbox/tick", {"n": 1})
        _snapshot(resources, "hedge")
        # Both later snapshots exist: the sensor asks for one run, keyed by the finding snapshot
        # and the opportunities it stores.
        [request] = _sensor_requests(resources)
        stored = len(read_snapshot_opportunities(store, "found"))
        assert request.run_key == f"paper-trade-found-{stored}" and request.tags[FOUND_SNAPSHOT_TAG] == "found"

        traded = dg.materialize([paper_trading, positions, *CHECKS], resources=resources,
                                tags={FOUND_SNAPSHOT_TAG: "found"})
        assert traded.success
        _checks_pass(traded)
        with store.transaction() as connection:
            trades = {t.opportunity_id: t for t in trading.load_trades(connection, schema=store.schema)}
        outcomes = {t.outcome for t in trades.values()}
        for spread in failing:
            trade = trades[opportunity_id(spread)]
            assert trade.outcome == "unwound", trade.reasons
            assert trade.realized_pnl < 0
        assert "complete" in outcomes
        # Traded once: a second run (a retried sensor request) decides nothing new.
        again = dg.materialize([paper_trading], resources=resources, tags={FOUND_SNAPSHOT_TAG: "found"})
        assert again.asset_materializations_for_node("paper_trading")[0].metadata["decided"].value == 0

        # The markets of every complete trade resolve; one pair's venues rule against each other,
        # each against the leg held there.
        complete = [s for s in found if trades[opportunity_id(s)].outcome == "complete"]
        divergent = complete[0]
        held_token = divergent.polymarket_token
        pair = next(p for p in read_pairs(store) if p.kalshi_ticker == divergent.kalshi_ticker
                    and p.polymarket_market_id == divergent.polymarket_market_id)
        other_token = pair.polymarket_no_token if held_token == pair.polymarket_yes_token else pair.polymarket_yes_token
        _post(running, "/_sandbox/resolve", {
            "kalshi_ticker": divergent.kalshi_ticker, "polymarket_market_id": divergent.polymarket_market_id,
            "kalshi_result": "no" if divergent.kalshi_side == "yes" else "yes", "polymarket_winner": other_token,
        })
        for spread in complete[1:]:
            _post(running, "/_sandbox/resolve", {"kalshi_ticker": spread.kalshi_ticker,
                                                 "polymarket_market_id": spread.polymarket_market_id})
        _post(running, "/_sandbox/tick", {"n": 1})
        today = datetime.now(tz=UTC).date().isoformat()
        settled = dg.materialize([settlements, positions, pnl, *CHECKS], resources=resources, partition_key=today)
        assert settled.success
        _checks_pass(settled)
        # A second settlement run (the schedule after the sensor) pays nothing twice.
        assert dg.materialize([settlements], resources=resources).success

    with store.transaction() as connection:
        fills = trading.load_fills(connection, schema=store.schema)
        paid = trading.load_settlements(connection, schema=store.schema)
        rows = trading.load_daily_pnl(connection, schema=store.schema)
        positions_now = [p.position for p in trading.load_positions(connection, schema=store.schema)]
    assert {s.pair_key for s in paid} == {trades[opportunity_id(s)].pair_key for s in complete}
    assert len({s.settlement_id for s in paid}) == len(paid)
    # Realized PnL computed here from the recorded fills and settlements: every dollar in and out,
    # plus what is still held at cost (money paid for an open position is not lost yet).
    cash = D(0)
    for fill in fills:
        if fill.side is Side.BUY:
            cash -= fill.contracts * fill.price + (D(0) if fill.fee_shares else fill.fee)
        else:
            cash += fill.contracts * fill.price - fill.fee
    cash += sum((s.payout for s in paid), D(0))
    held_at_cost = sum((p.cost_basis for p in positions_now), D(0))
    expected = cash + held_at_cost
    realized = sum((row.realized for row in rows), D(0))
    assert money(realized) == money(expected)
    assert realized == expected
    # The unwinds' losses are in it, and the pair the venues resolved differently lost both legs.
    assert all(f.purpose is not OrderPurpose.UNWIND or f.side is Side.SELL for f in fills)
    lost = [s for s in paid if s.pair_key == trades[opportunity_id(divergent)].pair_key]
    assert lost and all(s.payout == 0 for s in lost)
    assert sum((row.realized for row in rows if row.pair_key == lost[0].pair_key), D(0)) < 0
    assert all(row.signal_kind is SignalKind.ARBITRAGE for row in rows)


def _launch(instance: dg.DagsterInstance, resources: dict, requests: list[dg.RunRequest]) -> list[str]:
    """What the sensor daemon does with the sensor's requests: a request whose run key already
    names a run of this sensor is skipped; any other becomes a run tagged with its key. Returns
    the keys launched."""
    launched = []
    for request in requests:
        # The daemon's own tags for a sensor's run (dagster/run_key, dagster/sensor_name).
        tags = {"dagster/run_key": request.run_key, "dagster/sensor_name": new_opportunities_sensor.name}
        if instance.get_runs(filters=dg.RunsFilter(tags=tags), limit=1):
            continue
        result = dg.materialize([paper_trading, positions], resources=resources, instance=instance,
                                tags={**request.tags, **tags})
        assert result.success
        launched.append(request.run_key)
    return launched


def _planted_in_two_shards(public_pem: str) -> SandboxExchange:
    """A sandbox whose planted arbitrage lies in at least two scan shards. The sandbox builds its
    world from the current minute, so with one fixed seed the planted events all hashed into one
    shard on some runs; the first seed from 7 whose events span two shards is taken."""
    shards = len(shard_keys())
    for seed in range(7, 57):
        exchange = SandboxExchange(seed=seed, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
        event_of = {market["ticker"]: market["event_ticker"] for market in exchange.scenario.kalshi_markets}
        if len({shard_of(event_of[p.kalshi_ticker], shards) for p in exchange.scenario.planted_arbitrage}) >= 2:
            return exchange
    raise AssertionError(f"no sandbox seed from 7 to 56 plants arbitrage in two of {shards} shards")


def test_a_scan_shard_that_writes_after_the_snapshot_was_traded_is_traded_too(warehouse_engine, warehouse_schema,
                                                                                  tmp_path):
    """A snapshot's scan shards are separate runs: one may store its opportunities after the
    sensor launched the snapshot's paper trading for the others. Those are traded by a run of
    their own, and a sensor evaluated again with nothing new launches nothing."""
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = _planted_in_two_shards(public_pem)
    url = warehouse_engine.url.render_as_string(hide_password=False)
    store = Warehouse(warehouse_engine, warehouse_schema)
    with exchange.run_in_thread() as running, dg.DagsterInstance.ephemeral() as instance:
        resources = {
            **resources_for(running, key_path, url, warehouse_schema),
            "trading_settings": TradingSettingsResource(profile="very_aggressive", min_edge="0.001",
                                                        bankroll="100000", entry_delay_snapshots=1,
                                                        hedge_delay_snapshots=1),
        }
        assert all(r.success for r in materialize_everything(CATALOG, MATCHING, [quote_snapshots], resources, "found"))
        # The books of every shard are in, and the later snapshots too, before any shard's
        # opportunities land: each shard's spreads then write as late as a slow shard's would.
        for later in ("entry", "hedge"):
            _post(running, "/_sandbox/tick", {"n": 1})
            _snapshot(resources, later)

        def evaluate() -> list[dg.RunRequest]:
            context = dg.build_sensor_context(instance=instance, resources=resources,
                                              sensor_name=new_opportunities_sensor.name)
            return list(new_opportunities_sensor(context).run_requests or [])

        launched: list[str] = []
        with_opportunities = 0
        for key in shard_keys():
            before = len(read_snapshot_opportunities(store, "found"))
            assert dg.materialize([spreads, opportunities], resources=resources, partition_key=key,
                                  tags={SNAPSHOT_TAG: "found"}).success
            added = len(read_snapshot_opportunities(store, "found")) - before
            with_opportunities += added > 0
            requests = evaluate()
            launched += _launch(instance, resources, requests)
            # Nothing is left undecided behind a key already used ...
            assert pending_snapshots(store) == [], (key, requests, launched)
            # ... and the same state asked for again launches nothing.
            assert _launch(instance, resources, evaluate()) == []
        assert with_opportunities >= 2, "the planted opportunities fall in at least two shards"
        assert len(launched) == with_opportunities and len(set(launched)) == len(launched)

    stored = read_snapshot_opportunities(store, "found")
    with store.transaction() as connection:
        decided = {t.opportunity_id for t in trading.load_trades(connection, schema=store.schema)
                   if t.found_snapshot_id == "found"}
    assert decided == {opportunity_id(s) for s in stored}
