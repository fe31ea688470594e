"""Blocking checks on a quote snapshot: spreads never build on books that cannot be real, or on a
snapshot stored twice; venue book times that cannot be trusted are flagged (a warning)."""


import dagster as dg

from arb_pipeline.defs.quotes.assets import quote_snapshots, snapshot_id_for
from arb_pipeline.defs.shared.checks import suite_check_result
from arb_pipeline.defs.shared.partitions import scan_shard, shard_scope
from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.domain.models import PairStatus
from arb_pipeline.domain.quality import book_problems
from arb_pipeline.domain.scan_shards import QuoteInstruments
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse.expectations.quotes import (
    QuoteLimits,
    books_frame,
    snapshot_frame,
    validate_quote_snapshot,
    validate_quote_venue_times,
)
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.quotes import read_snapshot_books, read_snapshot_duplicate_rows
from arb_pipeline.warehouse.store import Warehouse


def _instruments(context: dg.AssetCheckExecutionContext, store: Warehouse) -> QuoteInstruments:
    """The Kalshi tickers and Polymarket tokens the shard's quote_snapshots fetched."""
    approved = read_pairs(store, PairStatus.APPROVED)
    return shard_scope(context, store, approved).quote_instruments(approved)


def _own_rows(context: dg.AssetCheckExecutionContext, store: Warehouse) -> QuoteInstruments | None:
    """The rows the snapshot suites judge: the shard's instruments, not the whole snapshot the
    shards that ran before wrote, so every row is judged once; with one shard, the snapshot is
    the shard's and the suites read it without placing a market."""
    if scan_shard(context).shards == 1:
        return None
    return _instruments(context, store)


@dg.asset_check(
    asset=quote_snapshots,
    blocking=True,
    description="No book the shard fetched into the snapshot is crossed, priced outside (0, 1) or holds a "
    "non-positive size; a shard with instruments to fetch stored at least one book.",
)
def no_crossed_or_out_of_range_books(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource
) -> dg.AssetCheckResult:
    # The books of the shard's own instruments (quote_snapshots' list), not the whole snapshot
    # the shards that ran before wrote: every shard checks what it fetched, once.
    store = warehouse.get()
    instruments = _instruments(context, store)
    books = read_snapshot_books(store, snapshot_id_for(context), instruments)
    problems = book_problems(books.kalshi.values(), books.polymarket.values())
    had_any_to_fetch = bool(instruments.kalshi_tickers or instruments.polymarket_tokens)
    return dg.AssetCheckResult(
        passed=bool(books.kalshi or books.polymarket or not had_any_to_fetch) and not problems,
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
    duplicates = int(read_snapshot_duplicate_rows(warehouse.get(), snapshot_id_for(context)))
    return dg.AssetCheckResult(passed=duplicates == 0, metadata={"duplicate_rows": duplicates})


def quote_limits(scan_settings: ScanSettingsResource) -> QuoteLimits:
    settings = scan_settings.settings()
    return QuoteLimits(max_age_s=settings.max_quote_age_s, max_clock_skew_s=settings.thresholds().max_clock_skew_s)


@dg.asset_check(
    asset=quote_snapshots,
    blocking=True,
    description="Great Expectations suite over the shard's rows of the snapshot: venue, instrument, side and receive time "
    "present; best prices strictly inside (0, 1); sizes positive; one row per instrument side; no crossed book; "
    "every book received by now and at most ARB_MAX_QUOTE_AGE_S before the snapshot started.",
)
def quote_snapshot_expectations(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, scan_settings: ScanSettingsResource
) -> dg.AssetCheckResult:
    store, snapshot_id = warehouse.get(), snapshot_id_for(context)
    own = _own_rows(context, store)
    rows = snapshot_frame(store, snapshot_id, utc_now(), own)
    result = validate_quote_snapshot(rows, books_frame(store, snapshot_id, own), quote_limits(scan_settings))
    # A shard with nothing to fetch stores no book; one with instruments stores at least one.
    return suite_check_result(result, require_rows=own is None or bool(own.kalshi_tickers or own.polymarket_tokens))


@dg.asset_check(
    asset=quote_snapshots,
    description="Venue book times of the shard's rows no later than our receipt and at most ARB_MAX_QUOTE_AGE_S before the snapshot. "
    "A warning: a venue's clock or a stale book causes it, and spreads refuse such books one by one.",
)
def quote_snapshot_venue_times(
    context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, scan_settings: ScanSettingsResource
) -> dg.AssetCheckResult:
    store = warehouse.get()
    rows = snapshot_frame(store, snapshot_id_for(context), utc_now(), _own_rows(context, store))
    return suite_check_result(validate_quote_venue_times(rows, quote_limits(scan_settings)), severity=dg.AssetCheckSeverity.WARN)
