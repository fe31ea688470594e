"""Streamer shards: every pair in exactly one shard, the same shard in every process, and a new
replica takes only its own share of the pairs."""

import json
import os
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arb_pipeline.domain.models import MatchedPair, PairStatus
from arb_pipeline.domain.sharding import pair_shard_key, pairs_for_shard, shard_of

# Shards fixed once: a change of digest, of the key's encoding or of the jump step moves pairs
# between running replicas, and must show up here rather than in production.
FIXED = {
    "KXFEDDECISION-26DEC-H0~516710": {2: 1, 3: 1, 5: 1, 8: 6, 16: 6, 100: 62},
    "KXNBAGAME-26JAN09MILLAL-MIL~1096983": {2: 1, 3: 2, 5: 2, 8: 2, 16: 13, 100: 52},
    "KXBTC-26JUN0717-B51375~540236": {2: 0, 3: 0, 5: 4, 8: 4, 16: 12, 100: 65},
    "naïve~ünïcode": {2: 1, 3: 1, 5: 1, 8: 1, 16: 15, 100: 68},
}

KEYS = st.lists(st.text(max_size=40), min_size=1, max_size=60, unique=True)
REPLICAS = st.integers(min_value=1, max_value=64)


def _pair(kalshi: str, polymarket: str) -> MatchedPair:
    return MatchedPair(kalshi, polymarket, f"{polymarket}-yes", f"{polymarket}-no", 0.95, PairStatus.APPROVED, ())


@given(keys=KEYS, replicas=REPLICAS)
def test_every_key_lands_in_exactly_one_shard(keys, replicas):
    shards = [pairs_for_shard(keys, shard, replicas, key=str) for shard in range(replicas)]
    assert sum(len(members) for members in shards) == len(keys)
    assert sorted(key for members in shards for key in members) == sorted(keys)
    for shard, members in enumerate(shards):
        assert all(shard_of(key, replicas) == shard for key in members)


@given(
    pairs=st.lists(st.tuples(st.from_regex(r"KX[A-Z0-9-]{1,20}", fullmatch=True), st.from_regex(r"[0-9]{1,8}", fullmatch=True)),
                   min_size=1, max_size=40, unique=True),
    replicas=REPLICAS,
)
def test_matched_pairs_are_partitioned_by_their_warehouse_identity(pairs, replicas):
    matched = [_pair(kalshi, polymarket) for kalshi, polymarket in pairs]
    owners = {}
    for shard in range(replicas):
        for pair in pairs_for_shard(matched, shard, replicas):
            key = (pair.kalshi_ticker, pair.polymarket_market_id)
            assert key not in owners, f"{key} watched by shards {owners[key]} and {shard}"
            owners[key] = shard
    assert set(owners) == set(pairs)


@given(key=st.text(max_size=60), replicas=st.integers(min_value=1, max_value=500))
def test_one_more_replica_only_takes_keys_for_itself(key, replicas):
    before, after = shard_of(key, replicas), shard_of(key, replicas + 1)
    assert 0 <= before < replicas
    assert after in (before, replicas)


@pytest.mark.parametrize("replicas", [1, 2, 3, 4, 5, 8, 12, 16, 31])
def test_growing_by_one_replica_moves_about_one_in_n_plus_one_pairs(replicas):
    keys = [f"KXMARKET-{i:05d}~{(i * 7919) % 1_000_003}" for i in range(10_000)]
    before = [shard_of(key, replicas) for key in keys]
    after = [shard_of(key, replicas + 1) for key in keys]
    moved = [b != a for b, a in zip(before, after, strict=True)]
    assert len(moved) == 10_000
    fraction = sum(moved) / len(keys)
    # Binomial(10k, 1/(N+1)): the standard deviation is under 0.005; 0.015 is three of them.
    assert 1 / (replicas + 1) - 0.015 <= fraction <= 1 / (replicas + 1) + 0.015
    assert all(a == replicas for a, m in zip(after, moved, strict=True) if m)
    # Each shard carries its share: the new replica's load is not a tail of the others'.
    counts = [after.count(shard) for shard in range(replicas + 1)]
    expected = len(keys) / (replicas + 1)
    assert min(counts) >= 0.8 * expected and max(counts) <= 1.2 * expected, counts


def test_shards_are_fixed_for_known_keys():
    for key, expected in FIXED.items():
        assert {replicas: shard_of(key, replicas) for replicas in expected} == expected, key
        assert shard_of(key, 1) == 0


def test_every_process_computes_the_same_shards():
    # str hashes are salted per process: a different PYTHONHASHSEED in the child must not matter.
    keys = [*FIXED, *(f"KX-{i}~{i}" for i in range(50))]
    script = (
        "import json, sys\n"
        "from arb_pipeline.domain.sharding import shard_of\n"
        "keys = json.loads(sys.stdin.read())\n"
        "print(json.dumps([shard_of(k, n) for k in keys for n in (2, 3, 7, 40)]))\n"
    )
    expected = [shard_of(key, n) for key in keys for n in (2, 3, 7, 40)]
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script], input=json.dumps(keys), capture_output=True, text=True,
                                env=env, check=True, timeout=60)
        assert json.loads(result.stdout) == expected


def test_shard_settings_out_of_range_are_refused():
    with pytest.raises(ValueError, match="replicas must be an integer >= 1, got 0"):
        shard_of("K~1", 0)
    with pytest.raises(ValueError, match="replicas must be an integer >= 1, got True"):
        shard_of("K~1", True)
    with pytest.raises(ValueError, match="shard must be an integer from 0 to 2 for 3 replicas, got 3"):
        pairs_for_shard([_pair("K", "1")], 3, 3)
    with pytest.raises(ValueError, match="got -1"):
        pairs_for_shard([_pair("K", "1")], -1, 3)


def test_the_pair_key_is_the_warehouse_identity():
    assert pair_shard_key(_pair("KXFEDDECISION-26DEC-H0", "516710")) == "KXFEDDECISION-26DEC-H0~516710"


@settings(max_examples=50)
@given(keys=KEYS)
def test_one_replica_watches_everything(keys):
    assert pairs_for_shard(keys, 0, 1, key=str) == keys
