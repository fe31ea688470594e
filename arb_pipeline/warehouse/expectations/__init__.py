"""Great Expectations (GX Core 1.x) suites over the warehouse tables, run as Dagster asset
checks: one module per table family (catalog: markets and Kalshi series; pairs; quotes; spreads:
spreads and opportunities), each reading the rows a check covers into a frame and validating it.
suite.py runs a suite and turns each failure into the rule, its count and the failing rows' keys;
rules.py holds the rules several suites state alike.
"""

from arb_pipeline.warehouse.expectations.suite import MAX_FAILING_ROWS, Failure, Part, SuiteResult, run_suite

__all__ = ["MAX_FAILING_ROWS", "Failure", "Part", "SuiteResult", "run_suite"]
