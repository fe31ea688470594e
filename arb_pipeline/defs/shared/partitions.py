"""The scan's shards as Dagster partitions: the matching, quote, spread and opportunity assets are
split into ``ARB_SCAN_SHARDS`` static partitions (domain/scan_shards.py says what each owns), one
run per partition, so the run launcher puts each on its own process or pod.

The count is read when the code location loads, the one setting read then: partitions are part of
the definitions. Every process of a deployment (webserver, daemon, code server, run workers) must
be given the same value; changing it starts a new set of partitions."""

from collections.abc import Iterable, Sequence

import dagster as dg
import pandas as pd

from arb_pipeline.config import scan_shards
from arb_pipeline.domain.models import MatchedPair
from arb_pipeline.domain.scan_shards import ScanShard, ShardScope, partition_keys
from arb_pipeline.warehouse.markets import read_markets, read_placements
from arb_pipeline.warehouse.store import Warehouse

SCAN_SHARDS = dg.StaticPartitionsDefinition(partition_keys(scan_shards()))


Context = dg.AssetExecutionContext | dg.AssetCheckExecutionContext


def scan_shard(context: Context) -> ScanShard:
    """The shard of an asset's run, or of the run its check evaluates in."""
    return ScanShard.from_partition_key(context.partition_key, len(SCAN_SHARDS.get_partition_keys()))


def shard_placement(context: Context, store: Warehouse, approved: Sequence[MatchedPair] = ()) -> ShardScope:
    """What this partition owns, placed over every stored market of both venues and the approved
    pairs, holding no market in full."""
    return ShardScope(scan_shard(context), (), approved, catalog=read_placements(store))


def shard_scope(context: Context, store: Warehouse, approved: Sequence[MatchedPair]) -> ShardScope:
    """:func:`shard_placement` holding in full the partition's own markets and its pairs' legs,
    the only ones it reads whole."""
    placed = shard_placement(context, store, approved)
    wanted = placed.markets_to_read(approved)
    return placed.reading(market for venue, ids in wanted.items() for market in read_markets(store, venue, ids))


def shard_rows(frame: pd.DataFrame, owned: Iterable[bool]) -> pd.DataFrame:
    """The rows of a suite's frame that ``owned`` marks as the partition's, in their order: a
    suite run as a partition's check judges that shard's rows, and the shards together judge
    every row once."""
    return frame.loc[pd.Series(list(owned), index=frame.index, dtype=bool)].reset_index(drop=True)


def shard_run_requests(run_key: str, tags: dict[str, str]) -> list[dg.RunRequest]:
    """One run request per shard, all with ``tags`` (the scan's snapshot id among them, so every
    shard writes into one snapshot), keyed ``<run_key>/shard-<n>`` so a re-evaluated tick launches
    none twice."""
    return [
        dg.RunRequest(run_key=f"{run_key}/shard-{key}", partition_key=key, tags=dict(tags))
        for key in SCAN_SHARDS.get_partition_keys()
    ]
