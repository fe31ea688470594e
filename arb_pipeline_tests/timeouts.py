"""pytest-timeout's limits beyond the suite's 120 s (pyproject.toml), for tests whose work is long
by nature rather than stuck.

``DBT_AND_DAGSTER_RUNS``: a test that runs dbt builds or the whole batch path through Dagster. Such
a test takes 20-60 s on an idle two-core machine; the suite runs in two worker processes, and the
machine may be shared with other suites, which together make it several times slower without
anything being wrong. The limit still stops a run that hangs."""

import pytest

DBT_AND_DAGSTER_RUNS = pytest.mark.timeout(480)
