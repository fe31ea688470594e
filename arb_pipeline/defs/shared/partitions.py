"""The scan's shards as Dagster partitions: the matching, quote, spread and opportunity assets are
split into ``ARB_SCAN_SHARDS`` static partitions (domain/scan_shards.py says what each owns), one
run per partition, so the run launcher puts each on its own process or pod.

The count is read when the code location loads, the one setting read then: partitions are part of
the definitions. Every process of a deployment (webserver, daemon, code server, run workers) must
be given the same value; changing it starts a new set of partitions."""

import dagster as dg

from arb_pipeline.config import scan_shards
from arb_pipeline.domain.scan_shards import ScanShard, partition_keys

SCAN_SHARDS = dg.StaticPartitionsDefinition(partition_keys(scan_shards()))


def scan_shard(context: dg.AssetExecutionContext) -> ScanShard:
    return ScanShard.from_partition_key(context.partition_key, len(SCAN_SHARDS.get_partition_keys()))


def shard_run_requests(run_key: str, tags: dict[str, str]) -> list[dg.RunRequest]:
    """One run request per shard, all with ``tags`` (the scan's snapshot id among them, so every
    shard writes into one snapshot), keyed ``<run_key>/shard-<n>`` so a re-evaluated tick launches
    none twice."""
    return [
        dg.RunRequest(run_key=f"{run_key}/shard-{key}", partition_key=key, tags=dict(tags))
        for key in SCAN_SHARDS.get_partition_keys()
    ]
