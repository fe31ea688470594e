"""Which streamer replica watches which pair.

Past one machine the streamer runs as N replicas (a Kubernetes StatefulSet, docs in
``deploy/k8s/streamer-statefulset.yaml``); replica ``i`` watches the pairs whose shard is ``i``.
Two rules matter to a trader: every pair is watched by exactly one replica (none twice, none
dropped), and changing the replica count moves as few pairs as possible, because a moved pair is
blind from the moment its old owner lets it go until its new owner has the books again.

The shard is the jump consistent hash (Lamping and Veach, "A Fast, Minimal Memory, Consistent Hash
Algorithm", 2014) of a 64-bit BLAKE2b digest of the pair's key:

- every key maps to exactly one shard in ``[0, replicas)``;
- going from N to N + 1 replicas moves only the keys that now belong to the new shard N, about
  1 / (N + 1) of them, and no key moves between the shards that existed before;
- the digest is the same in every process, on every machine and in every Python version. Python's
  own ``hash()`` of a str is salted per process (``PYTHONHASHSEED``): two replicas using it would
  disagree about nearly every pair.

Jump hash numbers its buckets 0..N-1 and grows or shrinks them at the end, which is exactly how a
StatefulSet numbers its pods and scales them. The division is done in exact integers (the paper
uses doubles), so no platform's floating point can move a key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import TypeVar

from arb_pipeline.domain.models import MatchedPair

T = TypeVar("T")

#: The 64-bit linear congruential step of the jump hash paper.
_JUMP_MULTIPLIER = 2862933555777941757
_MASK_64 = (1 << 64) - 1


def pair_shard_key(pair: MatchedPair) -> str:
    """The key a pair is sharded by: its Kalshi key and Polymarket market id, the pair's identity
    in the warehouse (``matched_pairs`` is unique on the two)."""
    return f"{pair.kalshi_ticker}~{pair.polymarket_market_id}"


def shard_of(pair_key: str, replicas: int) -> int:
    """The shard in ``[0, replicas)`` that watches ``pair_key``."""
    _check_replicas(replicas)
    digest = hashlib.blake2b(pair_key.encode("utf-8"), digest_size=8).digest()
    return _jump(int.from_bytes(digest, "big"), replicas)


def pairs_for_shard(
    pairs: Iterable[T], shard: int, replicas: int, key: Callable[[T], str] = pair_shard_key  # type: ignore[assignment]
) -> list[T]:
    """The pairs replica ``shard`` of ``replicas`` watches, in their given order. ``key`` names a
    pair (default: :func:`pair_shard_key` of a :class:`MatchedPair`)."""
    _check_replicas(replicas)
    if isinstance(shard, bool) or not isinstance(shard, int) or not 0 <= shard < replicas:
        raise ValueError(f"shard must be an integer from 0 to {replicas - 1} for {replicas} replicas, got {shard!r}")
    return [pair for pair in pairs if shard_of(key(pair), replicas) == shard]


def _check_replicas(replicas: int) -> None:
    if isinstance(replicas, bool) or not isinstance(replicas, int) or replicas < 1:
        raise ValueError(f"replicas must be an integer >= 1, got {replicas!r}")


def _jump(key: int, buckets: int) -> int:
    bucket, candidate = -1, 0
    while candidate < buckets:
        bucket = candidate
        key = (key * _JUMP_MULTIPLIER + 1) & _MASK_64
        candidate = ((bucket + 1) << 31) // ((key >> 33) + 1)
    return bucket
