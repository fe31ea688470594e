"""The decorator of every asset that reads, calls the domain and writes the warehouse (the layout of
docs/architecture.md): what varies between them is their group, what they follow, how they are
partitioned and what they hold."""

from collections.abc import Sequence
from typing import Any

import dagster as dg


def warehouse_asset(
    group: str,
    *,
    description: str,
    deps: Sequence[Any] | None = None,
    partitions_def: dg.PartitionsDefinition | None = None,
) -> Any:
    return dg.asset(
        group_name=group, kinds={"python", "postgres"}, deps=deps, partitions_def=partitions_def, description=description
    )
