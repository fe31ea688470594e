"""A Great Expectations suite's result as a Dagster asset check result: passed or not, and in
the metadata every broken rule with how many rows broke it and which (their keys), so the UI
shows what is wrong without a query."""

import dagster as dg

from arb_pipeline.warehouse.expectations import SuiteResult

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
