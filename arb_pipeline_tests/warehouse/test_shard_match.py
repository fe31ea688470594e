"""One shard's matching run in the warehouse (pairs.write_shard_match_run): it releases only its
own shard's pins, never writes another shard's pairs, and holds an approval another shard's
matcher already claimed on the same token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.models import MatchedPair, PairStatus
from arb_pipeline.domain.scan_shards import CROSS_SHARD_HOLD, hold_cross_shard_conflicts
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.pairs import read_pairs, write_match_run, write_shard_match_run

T0 = datetime(2026, 1, 9, 12, tzinfo=UTC)


def _pair(ticker: str, market: str, *, status: PairStatus = PairStatus.APPROVED, by: str = "matcher") -> MatchedPair:
    return MatchedPair(ticker, market, f"{market}-yes", f"{market}-no", 0.95, status, ("test",), decided_by=by)


def _in_a(ticker: str) -> bool:
    return ticker.startswith("KXA")


def test_a_shards_run_releases_its_own_pins_only_and_leaves_the_other_shards_rows(warehouse: Warehouse) -> None:
    a_pin, b_pin = _pair("KXA-1", "100", by=PAIRS_FILE_DECIDER), _pair("KXB-1", "200", by=PAIRS_FILE_DECIDER)
    b_matched = _pair("KXB-2", "201", status=PairStatus.REJECTED)
    write_match_run(warehouse, [a_pin, b_pin, b_matched], decided_at=T0)
    seen: list[list[MatchedPair]] = []

    def settle(others: list[MatchedPair]) -> list[MatchedPair]:
        seen.append(others)
        return [_pair("KXA-2", "101")]

    # Shard A's file no longer pins KXA-1: its pin goes; shard B's pin is not A's to judge.
    stored = write_shard_match_run(warehouse, _in_a, settle, decided_at=T0 + timedelta(hours=1))

    assert stored == (_pair("KXA-2", "101"),)
    # The other shards' approved and review pairs are what settle sees (a rejection claims nothing).
    assert seen == [[b_pin]]
    assert read_pairs(warehouse) == [_pair("KXA-2", "101"), b_pin, b_matched]


def test_a_token_another_shard_claimed_is_held_and_a_rerun_writes_the_same_rows(warehouse: Warehouse) -> None:
    write_match_run(warehouse, [_pair("KXB-1", "300")], decided_at=T0)

    def run() -> tuple[MatchedPair, ...]:
        return write_shard_match_run(
            warehouse,
            _in_a, lambda others: hold_cross_shard_conflicts([_pair("KXA-1", "300"), _pair("KXA-2", "301")], others)
        )

    held, free = run()
    assert held.status is PairStatus.REVIEW and held.reasons[-1].startswith(CROSS_SHARD_HOLD)
    assert free.status is PairStatus.APPROVED
    before = read_pairs(warehouse)
    assert run() == (held, free)
    assert read_pairs(warehouse) == before and len(before) == 3
