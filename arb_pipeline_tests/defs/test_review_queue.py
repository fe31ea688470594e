"""The matching asset and the review queue, through Dagster on a real PostgreSQL: the queue is in
the asset's metadata, oldest first, with its size and age; a person's decision wins over the
matcher on the next run; the pairs file wins over a review decision; a withdrawn decision hands
the pair back to the matcher."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from arb_pipeline.app import review
from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.matching.review import REVIEW_DECIDER
from arb_pipeline.domain.models import PairStatus
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import read_markets, write_catalog, write_markets
from arb_pipeline.warehouse.pairs import read_decisions, read_pair, read_review_queue
from arb_pipeline_tests.defs.scan_runs import materialize_shards, shard_keys
from arb_pipeline_tests.review_helpers import CATEGORIES, labeled_markets, queued_yes_no


def materialize_by_shard(store: Warehouse, pairs_file: Path | None = None) -> list[dict[str, dg.MetadataValue]]:
    """Every shard's matching run; the metadata of each."""
    resources = {
        "warehouse": WarehouseResource(url=store.engine.url.render_as_string(hide_password=False), schema_name=store.schema),
        "scan_settings": ScanSettingsResource(pairs_file=str(pairs_file) if pairs_file else None),
    }
    results = materialize_shards([matched_pairs], resources)
    assert [result.success for result in results] == [True] * len(shard_keys())
    return [result.asset_materializations_for_node("matched_pairs")[0].metadata for result in results]


def materialize(store: Warehouse, pairs_file: Path | None = None) -> dict[str, Any]:
    """Every shard's matching run; the counts added up and the issues of all shards."""
    shards = materialize_by_shard(store, pairs_file)
    counts = ("review", "decided_in_review", "review_queue_size", "review_decisions_lapsed")
    totals: dict[str, Any] = {name: sum(m[name].value for m in shards) for name in counts}
    totals["pairs_file_issues"] = [issue for m in shards for issue in m["pairs_file_issues"].value]
    return totals


@pytest.fixture
def store(warehouse: Warehouse, monkeypatch: pytest.MonkeyPatch) -> Warehouse:
    monkeypatch.delenv("ARB_PAIRS_FILE", raising=False)
    kalshi, polymarket = labeled_markets(CATEGORIES)
    write_markets(warehouse, [*kalshi, *polymarket])
    return warehouse


def test_the_asset_shows_the_review_queue_oldest_first_with_its_size_and_age(store: Warehouse) -> None:
    shards = materialize_by_shard(store)
    queue = read_review_queue(store)
    assert len(queue) >= 5
    # Each shard shows the queue of its own Kalshi events; together, the whole queue.
    assert sum(m["review_queue_size"].value for m in shards) == len(queue) == sum(m["review"].value for m in shards)
    first = queue[0].pair
    showing_first = []
    for metadata in shards:
        size = metadata["review_queue_size"].value
        assert metadata["review_queue_oldest_hours"].value == 0.0
        table = metadata["review_queue"].value
        rows = [line for line in table.splitlines() if line.startswith("| 0m | ")]
        assert len(rows) == min(size, 25)
        if size:
            assert table.startswith(f"{size} pairs pending; the oldest waits since ")
            assert "| waiting | Kalshi | Polymarket | pays on Kalshi YES | confidence | reasons |" in table
        if any(row.startswith(f"| 0m | {first.kalshi_ticker}: ") for row in rows):
            showing_first.append(rows[0])
    # The oldest pair is listed by its own shard only, first there as it is first overall.
    [top] = showing_first
    assert top.startswith(f"| 0m | {first.kalshi_ticker}: ") and f"| {first.polymarket_market_id}: " in top


def test_decisions_win_over_the_matcher_on_the_next_run_and_a_withdrawal_hands_back(store: Warehouse) -> None:
    materialize(store)
    to_approve, to_reject = queued_yes_no(store, 0), queued_yes_no(store, 1)
    matcher_view = read_pair(store, to_reject[0], to_reject[1])
    review.approve(store, to_approve[0], to_approve[1], by="alice", note="same rules")
    review.reject(store, to_reject[0], to_reject[1], by="bob", reason="different source")

    metadata = materialize(store)

    approved = read_pair(store, to_approve[0], to_approve[1])
    rejected = read_pair(store, to_reject[0], to_reject[1])
    assert approved is not None and rejected is not None
    assert (approved.status, approved.decided_by) == (PairStatus.APPROVED, REVIEW_DECIDER)
    assert approved.polymarket_yes_token == to_approve[2]["Yes"]
    assert (rejected.status, rejected.decided_by) == (PairStatus.REJECTED, REVIEW_DECIDER)
    assert metadata["decided_in_review"] == 2
    queued = {(q.pair.kalshi_ticker, q.pair.polymarket_market_id) for q in read_review_queue(store)}
    assert (to_approve[0], to_approve[1]) not in queued and (to_reject[0], to_reject[1]) not in queued
    assert metadata["review_queue_size"] == len(queued)

    review.withdraw(store, to_reject[0], to_reject[1])
    materialize(store)
    assert read_pair(store, to_reject[0], to_reject[1]) == matcher_view


def test_the_pairs_file_wins_over_a_review_decision(store: Warehouse, tmp_path: Path) -> None:
    materialize(store)
    ticker, market_id, _ = queued_yes_no(store)
    review.approve(store, ticker, market_id, by="alice")
    pairs_file = tmp_path / "pairs.yaml"
    pairs_file.write_text(f"reject:\n  - kalshi: {ticker}\n    polymarket: \"{market_id}\"\n    reason: checked by the desk\n")

    metadata = materialize(store, pairs_file)

    stored = read_pair(store, ticker, market_id)
    assert stored is not None and (stored.status, stored.decided_by) == (PairStatus.REJECTED, "pairs_file")
    [issue] = metadata["pairs_file_issues"]
    assert issue.startswith("review (approved by alice on ") and f"is overridden by {pairs_file} reject[0]" in issue
    assert metadata["decided_in_review"] == 0


def test_a_decision_on_a_market_no_longer_open_lapses_quietly(store: Warehouse) -> None:
    materialize(store)
    ticker, market_id, _ = queued_yes_no(store)
    review.approve(store, ticker, market_id, by="alice")
    [kalshi] = [m for m in read_markets(store, "kalshi") if m.market_id == ticker]
    write_catalog(store, "kalshi", [m for m in read_markets(store, "kalshi") if m.market_id != ticker])

    metadata = materialize(store)

    assert kalshi.market_id not in {m.market_id for m in read_markets(store, "kalshi") if m.status.value == "open"}
    assert metadata["review_decisions_lapsed"] == 1
    assert metadata["pairs_file_issues"] == []
    assert read_pair(store, ticker, market_id) is None
    assert [d.key for d in read_decisions(store)] == [(ticker, market_id)]
