"""The lines that end a demo are commands for a new shell: each must reach the demo's own
warehouse and show its figures as people read them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from arb_pipeline.app.report import where_to_look

DEMO_ENV = {"ARB_WAREHOUSE_SCHEMA": "arb_demo", "DAGSTER_HOME": "/h/demo/dagster", "ARB_REPORTS_DIR": "/h/demo/reports"}


def _lines(env: dict[str, str]) -> dict[str, str]:
    text = where_to_look(date(2026, 12, 7), Path("/h/demo/reports/2026-12-07/report.html"), env, sandbox_seed=7)
    return {line.split()[0]: line for line in text.splitlines()[1:4]}


def test_an_arb_home_the_demo_ran_under_is_named_on_every_command():
    lines = _lines({"ARB_HOME": "/h", **DEMO_ENV})
    assert "again: ARB_HOME=/h ARB_WAREHOUSE_SCHEMA=arb_demo .venv/bin/arb-pipeline report --date 2026-12-07" in lines["report"]
    assert "  SQL      ARB_HOME=/h ARB_WAREHOUSE_SCHEMA=arb_demo .venv/bin/arb-pipeline psql -- -c " in lines["SQL"]
    ui = where_to_look(date(2026, 12, 7), Path("/r.html"), {"ARB_HOME": "/h", **DEMO_ENV}, sandbox_seed=7)
    assert "ARB_HOME=/h ARB_WAREHOUSE_SCHEMA=arb_demo DAGSTER_HOME=/h/demo/dagster" in ui


def test_the_default_home_needs_no_setting_and_the_query_shows_cents():
    lines = _lines(DEMO_ENV)
    assert "ARB_HOME" not in "".join(lines.values())
    assert "round(best_net_edge * 100, 2) as best_edge_cents" in lines["SQL"]
    assert "round(max_capacity_usd, 2) as max_capacity_usd" in lines["SQL"]
