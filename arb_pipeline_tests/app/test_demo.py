"""The README's main command, `arb-pipeline demo`, run whole as a user runs it: a process of its own
with its own ARB_HOME, its warehouse in a schema of its own on the test server beside a user's
schema. Run twice in the same ARB_HOME, it shows the same day both times; its summary says what
the day did, and the warehouse it filled and the report it wrote agree."""

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


#: The lines of the demo's output that carry the day's figures: the same on every run of the seed.
FIGURES = re.compile(
    r"^(pairs|opportunities|offline scan of the capture|paper trading|settlement|arbitrage PnL today): .*$"
    r"|^  (opportunities|best net profit, one snapshot|best net edge|peak capacity|pairs|arbitrage PnL): .*$",
    re.MULTILINE,
)


def _run_demo(env: dict[str, str], capture: Path, schema: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "arb_pipeline.cli", "demo", "--out", str(capture), "--seconds", "3", "--schema", schema],
        env=env, capture_output=True, text=True, timeout=420,
    )  # fmt: skip
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr[-5000:]}"
    return done.stdout


def _user_tables(warehouse: Warehouse) -> dict[str, int]:
    with warehouse.engine.connect() as connection:
        names = sa.inspect(connection).get_table_names(schema=warehouse.schema)
        return {name: connection.execute(sa.text(f"select count(*) from {warehouse.schema}.{name}")).scalar() for name in names}


# The whole day takes 35-80 s on an idle two-core machine; a busy one (other suites sharing it)
# can take several times that. Each run is stopped at 420 s, together before pytest's own limit.
@pytest.mark.timeout(900)
def test_the_demo_runs_the_whole_day_twice_alike_and_says_where_to_look(warehouse: Warehouse, second_schema: str,
                                                                        tmp_path: Path):
    home = tmp_path / "home"
    env = {name: value for name, value in os.environ.items() if not name.startswith(_OUTSIDE)}
    env.update({
        "ARB_HOME": str(home),
        "ARB_WAREHOUSE_URL": warehouse.engine.url.render_as_string(hide_password=False),
        # A user's own warehouse schema on the same server: the demo writes its own beside it.
        "ARB_WAREHOUSE_SCHEMA": warehouse.schema,
    })  # fmt: skip
    users = _user_tables(warehouse)
    first = _run_demo(env, tmp_path / "capture-1", second_schema)
    # Again in the same ARB_HOME, warehouse and schema: the sandbox serves the same world with the
    # same tickers, and the run starts on its own empty schema, so it adds up to the same day.
    out = _run_demo(env, tmp_path / "capture-2", second_schema)
    figures = [m.group(0) for m in FIGURES.finditer(first)]
    assert len(figures) == 12 and [m.group(0) for m in FIGURES.finditer(out)] == figures, (first, out)
    assert _user_tables(warehouse) == users, "the user's schema is neither written nor dropped"

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
    # Everything traded was settled: nothing of the run is left open.
    assert _one(r"^arbitrage PnL today: .*, unrealized (\S+)$", out) == ("$0.00",)
    # The day's report counts this run's streamer alone.
    [opened] = _one(r"opportunity events: (\d+) open", out)
    assert _one(r"lifetimes: (\d+) episodes from the streamer", out) == (opened,)

    [report] = _one(r"^  report +(\S+report\.html)", out)
    html = Path(report)
    assert html.is_relative_to(home / "demo"), "the report belongs under the demo's own directory"
    assert "<html" in html.read_text(encoding="utf-8").lower()
    assert sorted(html.parent.glob("*.csv")), "the report's tables are written beside it as CSVs"
    assert f"DAGSTER_HOME={home / 'demo' / 'dagster'}" in out, "the demo says how to open the UI on its own runs"
    assert f"ARB_WAREHOUSE_SCHEMA={second_schema} .venv/bin/arb-pipeline psql" in out

    # The warehouse it filled says the same: the second run's day alone.
    with warehouse.engine.connect() as connection:
        pairs = connection.execute(sa.text(f"select count(*) from {second_schema}.matched_pairs where status = 'approved'")).scalar()
        settlements = connection.execute(sa.text(f"select count(*) from {second_schema}.paper_settlements")).scalar()
        trades = connection.execute(sa.text(f"select count(*) from {second_schema}.paper_trades where outcome = 'complete'")).scalar()
    assert (pairs, settlements, trades) == (APPROVED_PAIRS, int(settled), traded)
