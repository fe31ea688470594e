"""The dbt marts as Dagster assets: the daily marts partitioned by UTC day, the current-state
marts (match quality) unpartitioned. dbt tests arrive as asset checks on the models they test.

dbt reads the warehouse the pipeline writes: the ``warehouse`` resource resolves it
(``ARB_WAREHOUSE_URL``, else the embedded server) and the profile's ``ARB_DBT_*`` variables are
set from it for the run (warehouse/dbt_profile.py)."""

import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from arb_pipeline.defs.matching.assets import matched_pairs
from arb_pipeline.defs.quotes.assets import quote_snapshots
from arb_pipeline.defs.reports.partitions import DAILY_PARTITIONS
from arb_pipeline.defs.reports.project import arb_dbt_project
from arb_pipeline.defs.spreads.assets import opportunities, spreads
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.warehouse.dbt_profile import dbt_env, dbt_environment

#: The dbt models built one UTC day at a time (dbt_project.yml tags them).
DAILY_MODELS = "tag:daily"

#: The assets split into scan shards (defs/shared/partitions.py) that the marts read.
_SHARDED = frozenset(asset.key for asset in (matched_pairs, quote_snapshots, spreads, opportunities))


class MartTranslator(DagsterDbtTranslator):
    """A day's marts read every scan shard's rows, so their dependency on a sharded asset spans all
    of its partitions. Dagster's default maps a day to the shard of the same name, which does not
    exist: a backfill of the whole graph from the UI ("Materialize all") was refused."""

    def get_partition_mapping(
        self, dbt_resource_props: Mapping[str, Any], dbt_parent_resource_props: Mapping[str, Any]
    ) -> dg.PartitionMapping | None:
        if self.get_asset_key(dbt_parent_resource_props) in _SHARDED:
            return dg.AllPartitionMapping()
        return super().get_partition_mapping(dbt_resource_props, dbt_parent_resource_props)


def _dbt_build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource, dbt_vars: Mapping[str, str]
) -> Iterator[Any]:
    store = warehouse.get()
    args = ["build", *(["--vars", json.dumps(dict(dbt_vars))] if dbt_vars else [])]
    # A fresh target directory per run: dbt writes its artifacts and debug log there, and
    # dagster-dbt's default (a new folder under dbt/target per run) would grow without end. A
    # failed build keeps it, so the debug log its error names can still be read.
    target = Path(tempfile.mkdtemp(prefix="arb-dbt-"))
    with dbt_environment(dbt_env(store.engine.url, store.schema)):
        yield from dbt.cli(args, context=context, target_path=target).stream()
    shutil.rmtree(target, ignore_errors=True)


@dbt_assets(
    manifest=arb_dbt_project.manifest_path,
    project=arb_dbt_project,
    select=DAILY_MODELS,
    name="daily_marts",
    dagster_dbt_translator=MartTranslator(),
    partitions_def=DAILY_PARTITIONS,
    # A backfill of many days is one dbt run over their whole window, not one run per day.
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def daily_marts(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    window = context.partition_time_window
    dbt_vars = {"min_date": window.start.date().isoformat(), "max_date": window.end.date().isoformat()}
    yield from _dbt_build(context, dbt, warehouse, dbt_vars)


@dbt_assets(
    manifest=arb_dbt_project.manifest_path,
    project=arb_dbt_project,
    exclude=DAILY_MODELS,
    name="current_marts",
)
def current_marts(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    yield from _dbt_build(context, dbt, warehouse, {})
