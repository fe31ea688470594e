"""The batch path as the deployment runs it, with the test's resources: the catalog assets once,
then every shard's matching, then every shard's scan of one snapshot, each a Dagster run."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dagster as dg

from arb_pipeline.defs.quotes.assets import SNAPSHOT_TAG
from arb_pipeline.defs.shared.partitions import SCAN_SHARDS

AssetsOrChecks = Sequence[dg.AssetsDefinition | dg.AssetChecksDefinition]


def shard_keys() -> list[str]:
    return SCAN_SHARDS.get_partition_keys()


def materialize_shards(
    assets: AssetsOrChecks, resources: dict[str, Any], tags: dict[str, str] | None = None, **kwargs: Any
) -> list[dg.ExecuteInProcessResult]:
    """One run per shard of ``assets``; stops after a failed run when ``raise_on_error`` is False."""
    results = []
    for key in shard_keys():
        results.append(dg.materialize(assets, resources=resources, partition_key=key, tags=tags or {}, **kwargs))
        if not results[-1].success:
            break
    return results


def materialize_everything(
    catalog: AssetsOrChecks,
    matching: AssetsOrChecks,
    scan: AssetsOrChecks,
    resources: dict[str, Any],
    snapshot_id: str,
    **kwargs: Any,
) -> list[dg.ExecuteInProcessResult]:
    """Catalogs, every shard's matching, every shard's scan into ``snapshot_id``: the runs done."""
    results = [dg.materialize(catalog, resources=resources, **kwargs)]
    for stage, tags in ((matching, {}), (scan, {SNAPSHOT_TAG: snapshot_id})):
        if not results[-1].success:
            break
        results.extend(materialize_shards(stage, resources, tags, **kwargs))
    return results


def check_evaluations(results: Sequence[dg.ExecuteInProcessResult]) -> list[dg.AssetCheckEvaluation]:
    return [evaluation for result in results for evaluation in result.get_asset_check_evaluations()]


def materialized(results: Sequence[dg.ExecuteInProcessResult]) -> set[str]:
    return {event.asset_key.to_user_string() for result in results for event in result.get_asset_materialization_events()}
