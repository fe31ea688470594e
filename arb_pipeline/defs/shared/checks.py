"""A Great Expectations suite's result as a Dagster asset check result: passed or not, and in
the metadata every broken rule with how many rows broke it and which (their keys), so the UI
shows what is wrong without a query; and the checks that run one suite over the warehouse, or
list the problems one recomputation finds, built one way."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

import dagster as dg

from arb_pipeline.defs.shared.resources import ScanSettingsResource, WarehouseResource
from arb_pipeline.venues.wire import utc_now
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.expectations import SuiteResult

CheckTarget = dg.AssetsDefinition | str

# Rows named per rule in the Markdown table; the JSON metadata carries up to MAX_FAILING_ROWS.
_ROWS_IN_TABLE = 5


def _markdown(result: SuiteResult) -> str:
    lines = ["| rule | failing rows | first failing rows |", "|---|---|---|"]
    for failure in result.failures:
        shown = failure.error or "; ".join(
            ", ".join(f"{name}={value}" for name, value in row.items()) for row in failure.rows[:_ROWS_IN_TABLE]
        )
        count = "?" if failure.unexpected is None else str(failure.unexpected)
        lines.append(f"| {failure.rule} | {count} | {shown.replace('|', '/')} |")
    return "\n".join(lines)


def suite_check_result(
    result: SuiteResult,
    *,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
    require_rows: bool = False,
) -> dg.AssetCheckResult:
    """``require_rows``: an empty table fails too (a snapshot with no books is no snapshot)."""
    empty = require_rows and result.rows == 0
    metadata: dict[str, object] = {
        "rows": result.rows,
        "expectations_evaluated": result.evaluated,
        "failed_rules": dg.MetadataValue.json([failure.rule for failure in result.failures]),
        "failures": dg.MetadataValue.json([failure.as_json() for failure in result.failures]),
    }
    if result.failures:
        metadata["failing_rows"] = dg.MetadataValue.md(_markdown(result))
    if empty:
        metadata["empty"] = dg.MetadataValue.text(f"no rows to validate: {result.suite} needs at least one")
    return dg.AssetCheckResult(passed=result.success and not empty, severity=severity, metadata=metadata)


def suite_check(
    asset: CheckTarget,
    name: str,
    description: str,
    frame: Callable[[Warehouse], Any],
    validate: Callable[[Any], SuiteResult],
) -> dg.AssetChecksDefinition:
    """A blocking check: ``frame`` reads the rows from the warehouse, ``validate`` holds them to their rules."""

    @dg.asset_check(asset=asset, name=name, blocking=True, description=description)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        return suite_check_result(validate(frame(warehouse.get())))

    return _check


def timed_suite_check(
    asset: CheckTarget,
    name: str,
    description: str,
    frame: Callable[[Warehouse, datetime], Any],
    validate: Callable[..., SuiteResult],
    *,
    blocking: bool = True,
    severity: dg.AssetCheckSeverity = dg.AssetCheckSeverity.ERROR,
) -> dg.AssetChecksDefinition:
    """A check whose rows carry times: ``frame`` reads them as of now, and ``validate`` holds them
    to their rules with the configured clock skew (``max_clock_skew_s``) for "no later than now"."""

    @dg.asset_check(asset=asset, name=name, blocking=blocking, description=description)
    def _check(warehouse: WarehouseResource, scan_settings: ScanSettingsResource) -> dg.AssetCheckResult:
        rows = frame(warehouse.get(), utc_now())
        return suite_check_result(validate(rows, max_clock_skew_s=scan_settings.clock_skew_s()), severity=severity)

    return _check


def problems_check(
    asset: CheckTarget, name: str, description: str, problems: Callable[[Warehouse], list[str]], checked: str
) -> dg.AssetChecksDefinition:
    """A blocking check that recomputes what ``checked`` names and lists each problem it finds."""

    @dg.asset_check(asset=asset, name=name, blocking=True, description=description)
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        return problems_result(problems(warehouse.get()), checked)

    return _check


def problems_result(problems: list[str], checked: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=not problems,
        metadata={"problems": len(problems), "first_problems": dg.MetadataValue.json(problems[:20]), "checked": checked},
    )
