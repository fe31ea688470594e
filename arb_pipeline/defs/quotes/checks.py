"""Blocking checks on a quote snapshot: spreads never build on books that cannot be real, or on a
snapshot stored twice."""


import dagster as dg

from arb_pipeline.defs.quotes.assets import quote_snapshots, snapshot_id_for
from arb_pipeline.defs.shared.resources import WarehouseResource
from arb_pipeline.domain.quality import book_problems
from arb_pipeline.warehouse.expectations import snapshot_frame, validate_quote_snapshot


@dg.asset_check(
    asset=quote_snapshots,
    blocking=True,
    description="No book in the snapshot is crossed, priced outside (0, 1) or holds a non-positive size.",
)
def no_crossed_or_out_of_range_books(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    books = warehouse.get().snapshot_books(snapshot_id_for(context))
    problems = book_problems(books.kalshi.values(), books.polymarket.values())
    return dg.AssetCheckResult(
        passed=bool(books.kalshi or books.polymarket) and not problems,
        metadata={
            "kalshi_books": len(books.kalshi),
            "polymarket_books": len(books.polymarket),
            "problems": dg.MetadataValue.json(problems[:50]),
        },
    )


@dg.asset_check(
    asset=quote_snapshots,
    blocking=True,
    description="Each instrument side appears once per snapshot: a retried snapshot never duplicates rows.",
)
def no_duplicate_snapshot_rows(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    duplicates = int(warehouse.get().snapshot_duplicate_rows(snapshot_id_for(context)))
    return dg.AssetCheckResult(passed=duplicates == 0, metadata={"duplicate_rows": duplicates})


@dg.asset_check(
    asset=quote_snapshots,
    blocking=True,
    description="Great Expectations suite over the snapshot's rows: venue, instrument, side and receive time "
    "present; best prices strictly inside (0, 1); sizes positive; one row per instrument side.",
)
def quote_snapshot_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    result = validate_quote_snapshot(snapshot_frame(warehouse.get(), snapshot_id_for(context)))
    return dg.AssetCheckResult(
        passed=result.success and result.rows > 0,
        metadata={
            "rows": result.rows,
            "expectations_evaluated": result.evaluated,
            "failed_expectations": dg.MetadataValue.json(list(result.failed)),
        },
    )
