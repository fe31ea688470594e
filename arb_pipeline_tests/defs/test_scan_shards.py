"""The scan's shards through Dagster against the sandbox world, on a real PostgreSQL: each shard's
runs write only that shard's rows; all shards together store exactly what one unpartitioned pass
finds (the same pairs, spreads and opportunities); a shard's runs retried duplicate nothing and
leave the other shards' rows as they were."""

from __future__ import annotations

from datetime import UTC, datetime

import dagster as dg
import pytest

from arb_pipeline.config import ScanSettings
from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG
from arb_pipeline.domain.matching import MatchConfig, match_report
from arb_pipeline.domain.models import MarketStatus, PairStatus, Spread, Venue
from arb_pipeline.domain.scan_shards import ScanShard, ShardScope
from arb_pipeline.domain.spreads import evaluate_all, index_books, index_markets
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations.quotes import snapshot_frame
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.quotes import read_snapshot_books, read_snapshot_duplicate_rows
from arb_pipeline.warehouse.spreads import read_snapshot_opportunities, read_spreads
from arb_pipeline_tests.defs.scan_runs import check_evaluations, materialize_shards, shard_keys
from arb_pipeline_tests.defs.test_pipeline import CATALOG, MATCHING, SCAN, resources_for
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS

pytestmark = [pytest.mark.integration, DBT_AND_DAGSTER_RUNS]


def _key(s: Spread) -> tuple:
    return (s.kind, s.kalshi_ticker, s.polymarket_market_id, s.kalshi_side, s.polymarket_token)


def _money(s: Spread) -> tuple:
    return (*_key(s), s.contracts, s.cost, s.net_profit, s.is_opportunity)


def _one_shard(results: list[dg.ExecuteInProcessResult]) -> None:
    assert [result.success for result in results] == [True]


def test_each_shard_writes_its_own_rows_and_all_shards_equal_one_pass(warehouse_engine, warehouse_schema, tmp_path):
    key_path, public_pem = sandbox_key_pair(tmp_path / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    url = warehouse_engine.url.render_as_string(hide_password=False)
    store = Warehouse(warehouse_engine, warehouse_schema)
    keys = shard_keys()
    assert len(keys) == 3
    with exchange.run_in_thread() as running:
        resources = resources_for(running, key_path, url, warehouse_schema)
        assert dg.materialize(CATALOG, resources=resources).success
        markets = read_markets(store, Venue.KALSHI) + read_markets(store, Venue.POLYMARKET)
        scopes = [ShardScope(ScanShard(int(key), len(keys)), markets) for key in keys]

        # Shard 0 alone: its matching stores its own Kalshi events' pairs and nothing else.
        _one_shard([dg.materialize(MATCHING, resources=resources, partition_key="0")])
        first = read_pairs(store)
        assert first and all(scopes[0].owns_pair(p) for p in first)
        matching = materialize_shards(MATCHING, resources)
        assert all(result.success for result in matching)
        approved = read_pairs(store, PairStatus.APPROVED)
        scopes = [ShardScope(ScanShard(int(key), len(keys)), markets, approved) for key in keys]

        # Shard 0's scan alone: its books, spreads and opportunities only.
        tags = {SNAPSHOT_TAG: "shards-1"}
        _one_shard([dg.materialize(SCAN, resources=resources, partition_key="0", tags=tags)])
        tickers, tokens = scopes[0].quote_instruments(approved)
        books = read_snapshot_books(store, "shards-1")
        assert set(books.kalshi) == set(tickers) and set(books.polymarket) == set(tokens)
        shard_0 = read_spreads(store, "shards-1")
        assert shard_0 and all(scopes[0].owns_spread(s) for s in shard_0)
        assert all(scopes[0].owns_spread(s) for s in read_snapshot_opportunities(store, "shards-1"))
        scans = materialize_shards(SCAN, resources, tags)
        assert all(result.success for result in scans)

        # Each shard's suites judge its own rows: the pairs and spreads once over the shards, the
        # books each shard fetched (a book two shards fetch is judged by both).
        def judged(results: list[dg.ExecuteInProcessResult], check: str) -> list[int]:
            return [int(e.metadata["rows"].value) for e in check_evaluations(results) if e.check_name == check]

        assert sum(judged(matching, "matched_pairs_expectations")) == len(read_pairs(store))
        assert sum(judged(scans, "spreads_expectations")) == len(read_spreads(store, "shards-1"))
        assert sum(judged(scans, "opportunities_expectations")) == len(read_snapshot_opportunities(store, "shards-1"))
        quote_rows = judged(scans, "quote_snapshot_expectations")
        snapshot_rows = len(snapshot_frame(store, "shards-1", datetime.now(tz=UTC)))
        assert len(quote_rows) == len(keys) and max(quote_rows) < snapshot_rows <= sum(quote_rows)

        # A shard's runs again: no row twice, no other shard's row changed.
        before = (read_pairs(store), read_spreads(store, "shards-1"), read_snapshot_opportunities(store, "shards-1"))
        books_before = read_snapshot_books(store, "shards-1")
        for stage, stage_tags in ((MATCHING, {}), (SCAN, tags)):
            _one_shard([dg.materialize(stage, resources=resources, partition_key="1", tags=stage_tags)])
        after = (read_pairs(store), read_spreads(store, "shards-1"), read_snapshot_opportunities(store, "shards-1"))
        assert after == before
        assert read_snapshot_books(store, "shards-1") == books_before
        assert read_snapshot_duplicate_rows(store, "shards-1") == 0

    # Every shard together: what one unpartitioned pass over the same catalog and books finds.
    settings = ScanSettings.from_env()
    open_kalshi = [m for m in markets if m.venue is Venue.KALSHI and m.status is MarketStatus.OPEN]
    open_polymarket = [m for m in markets if m.venue is Venue.POLYMARKET and m.status is MarketStatus.OPEN]
    one_pass = match_report(
        open_kalshi, open_polymarket, config=MatchConfig(auto_approve_confidence=settings.auto_approve_confidence)
    )
    stored_pairs = before[0]
    assert {(p.kalshi_ticker, p.polymarket_market_id, p.status, p.polymarket_yes_token) for p in stored_pairs} == {
        (p.kalshi_ticker, p.polymarket_market_id, p.status, p.polymarket_yes_token) for p in one_pass.pairs
    }
    assert len([p for p in stored_pairs if p.status is PairStatus.APPROVED]) >= 100
    stored_spreads = before[1]
    all_books = read_snapshot_books(store, "shards-1")

    def one_pass_at(now: datetime) -> dict[tuple, Spread]:
        spreads = evaluate_all(
            [p for p in one_pass.pairs if p.status is PairStatus.APPROVED],
            index_markets(markets),
            index_books(all_books.kalshi.values(), all_books.polymarket.values()),
            now,
            settings.thresholds(),
        )
        return {_key(s): s for s in spreads}

    # The same spreads, and the same money, as one pass over the snapshot's books; judged at the
    # time each shard evaluated them (quote age and APY depend on it).
    assert len({_key(s) for s in stored_spreads}) == len(stored_spreads)
    assert {_key(s) for s in stored_spreads} == set(one_pass_at(stored_spreads[0].evaluated_at))
    for evaluated_at in {s.evaluated_at for s in stored_spreads}:
        reference = one_pass_at(evaluated_at)
        shard = [s for s in stored_spreads if s.evaluated_at == evaluated_at]
        assert [_money(s) for s in shard] == [_money(reference[_key(s)]) for s in shard]
    found = before[2]
    assert sorted(map(_money, found)) == sorted(_money(s) for s in stored_spreads if s.is_opportunity)
    planted = {(p.kalshi_ticker, p.kalshi_side, p.polymarket_token) for p in exchange.scenario.planted_arbitrage}
    assert {(s.kalshi_ticker, s.kalshi_side, s.polymarket_token) for s in found} >= planted
    # Each shard's own opportunities, as their partitions' metadata counted them, add up.
    assert sum(sum(scope.owns_spread(s) for s in found) for scope in scopes) == len(found)
