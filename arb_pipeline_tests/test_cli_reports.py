"""`arb-pipeline dbt` and `arb-pipeline psql` on the default warehouse: the embedded PostgreSQL,
reached by dbt and psql through its Unix socket, with the marts in their own schema."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from arb_pipeline.cli import main
from arb_pipeline.warehouse import embedded_pgdata, embedded_url, get_engine
from arb_pipeline_tests.timeouts import DBT_AND_DAGSTER_RUNS

pytestmark = DBT_AND_DAGSTER_RUNS


@pytest.fixture
def embedded_warehouse(embedded_home: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("ARB_WAREHOUSE_URL", raising=False)
    monkeypatch.setenv("ARB_HOME", str(embedded_home))
    schema = f"arb_cli_{uuid.uuid4().hex[:12]}"
    monkeypatch.setenv("ARB_WAREHOUSE_SCHEMA", schema)
    yield schema
    engine = get_engine(embedded_url(embedded_pgdata({"ARB_HOME": str(embedded_home)})))
    with engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE; DROP SCHEMA IF EXISTS {schema}_marts CASCADE")


def test_dbt_builds_and_psql_reads_the_marts_over_the_socket(embedded_warehouse: str, tmp_path: Path, capfd):
    window = "{min_date: '2026-01-08', max_date: '2026-01-09'}"
    assert main(["dbt", "build", "--vars", window, "--target-path", str(tmp_path / "target")]) == 0
    built = capfd.readouterr().out
    assert f"{embedded_warehouse}_marts.daily_arbitrage" in built
    assert "Completed successfully" in built

    # The marts and the warehouse tables answer by their bare names.
    query = "select (select count(*) from daily_arbitrage) || '/' || (select count(*) from matched_pairs)"
    assert main(["psql", "--", "-At", "-c", query]) == 0
    assert capfd.readouterr().out.strip() == "0/0"
