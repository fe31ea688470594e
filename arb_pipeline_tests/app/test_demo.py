"""The README's main command, `arb-pipeline demo`, run whole as a user runs it: a process of its own
with its own ARB_HOME and Dagster home, its warehouse in a schema of its own on the test server.
Its summary says what the day did, and the warehouse it filled and the report it wrote agree."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from arb_pipeline.warehouse import Warehouse

pytestmark = pytest.mark.integration

#: The sandbox world of the demo's seed pairs this many markets, every one approved.
APPROVED_PAIRS = 134
#: Every job the day runs, each reported as one line with its result.
JOBS = {"catalog_refresh_job", "matching_job", "scan_job", "paper_trade_job", "settlement_job", "pnl_job", "reports_job"}
#: Settings a developer's shell may carry that would point the demo elsewhere than its own world.
_OUTSIDE = ("ARB_", "DAGSTER_", "KALSHI_", "POLYMARKET_", "ODDS_API_")


def _one(pattern: str, text: str) -> tuple[str, ...]:
    found = re.search(pattern, text, re.MULTILINE)
    assert found, f"the demo's output has no line matching {pattern!r}:\n{text}"
    return found.groups()


# The whole day takes 35-80 s on an idle two-core machine; a busy one (other suites sharing it)
# can take several times that. The subprocess is stopped at 840 s, before pytest's own limit.
@pytest.mark.timeout(900)
def test_the_demo_runs_the_whole_day_and_says_where_to_look(warehouse: Warehouse, tmp_path: Path):
    home = tmp_path / "home"
    env = {name: value for name, value in os.environ.items() if not name.startswith(_OUTSIDE)}
    env.update({
        "ARB_HOME": str(home),
        "DAGSTER_HOME": str(home / "dagster"),
        "ARB_WAREHOUSE_URL": warehouse.engine.url.render_as_string(hide_password=False),
        "ARB_WAREHOUSE_SCHEMA": warehouse.schema,
    })  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "arb_pipeline.cli", "demo", "--out", str(tmp_path / "capture"), "--seconds", "3"],
        env=env, capture_output=True, text=True, timeout=840,
    )  # fmt: skip
    out = done.stdout
    assert done.returncode == 0, f"{out}\n{done.stderr[-5000:]}"

    [approved] = _one(r"^pairs: (\d+) approved", out)
    assert int(approved) == APPROVED_PAIRS
    cross, planted = _one(r"^opportunities: (\d+) cross-venue \(the sandbox planted (\d+)\)", out)
    assert int(cross) == int(planted) > 0
    [offline] = _one(r"^offline scan of the capture: .*, (\d+) cross-venue opportunities, 0 unreadable files", out)
    assert offline == planted

    runs = re.findall(r"^dagster (\w+) .*: (SUCCESS|FAILURE)", out, re.MULTILINE)
    assert {job for job, _ in runs} == JOBS
    assert all(result == "SUCCESS" for _, result in runs), runs
    checks = dict(re.findall(r"^  check (\S+): (passed|FAILED)$", out, re.MULTILINE))
    assert checks and set(checks.values()) == {"passed"}, checks
    # The trading suites ran on the day's fills, and every fill lay within the book it took.
    assert {"fills.fills_within_quoted_book", "paper_orders.paper_orders_expectations",
            "settlements.market_resolutions_expectations"} <= set(checks)  # fmt: skip

    decided, traded = map(int, _one(r"^paper trading: (\d+) opportunities decided: (\d+) traded", out))
    assert decided >= traded > 0
    [settled] = _one(r"^settlement: \d+ pairs resolved in the sandbox, (\d+) positions settled", out)
    assert int(settled) > 0

    [report] = _one(r"^  report +(\S+report\.html)", out)
    html = Path(report)
    assert html.is_relative_to(home), "the report belongs under the demo's ARB_HOME"
    assert "<html" in html.read_text(encoding="utf-8").lower()
    assert sorted(html.parent.glob("*.csv")), "the report's tables are written beside it as CSVs"
    assert "DAGSTER_HOME=" + str(home / "dagster") in out, "the demo says how to open the UI on its own runs"

    # The warehouse it filled says the same.
    schema = warehouse.schema
    with warehouse.engine.connect() as connection:
        pairs = connection.execute(sa.text(f"select count(*) from {schema}.matched_pairs where status = 'approved'")).scalar()
        settlements = connection.execute(sa.text(f"select count(*) from {schema}.paper_settlements")).scalar()
        trades = connection.execute(sa.text(f"select count(*) from {schema}.paper_trades where outcome = 'complete'")).scalar()
    assert (pairs, settlements, trades) == (APPROVED_PAIRS, int(settled), traded)
