"""The demo empties only what it owns: its marked warehouse schema (and marts schema) and its
directory under ARB_HOME. A schema or directory of the same name that anything else made, and
the schema the shell's ARB_WAREHOUSE_SCHEMA names, stop it before anything is deleted."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from arb_pipeline.app.demo_state import DEMO_DIRNAME, DIR_MARKER, DemoStateError, reset_demo_state
from arb_pipeline.config import REPORTS_DIR_ENV
from arb_pipeline.warehouse import WAREHOUSE_SCHEMA_ENV, Warehouse

pytestmark = pytest.mark.integration


def _tables(engine: Engine, schema: str) -> set[str]:
    with engine.connect() as connection:
        return set(sa.inspect(connection).get_table_names(schema=schema))


def _has_schema(engine: Engine, schema: str) -> bool:
    with engine.connect() as connection:
        return sa.inspect(connection).has_schema(schema)


def test_each_reset_starts_the_demo_on_an_empty_schema_and_directory(warehouse_engine, warehouse_schema, tmp_path):
    state = reset_demo_state(warehouse_engine, warehouse_schema, tmp_path, user_schema=None)
    assert state.root == tmp_path / DEMO_DIRNAME and (state.root / DIR_MARKER).is_file()
    assert (state.dagster_home / "dagster.yaml").read_text(encoding="utf-8") == "telemetry:\n  enabled: false\n"
    assert state.env() == {WAREHOUSE_SCHEMA_ENV: warehouse_schema, "DAGSTER_HOME": str(state.dagster_home),
                           REPORTS_DIR_ENV: str(state.reports)}  # fmt: skip
    assert _tables(warehouse_engine, warehouse_schema) == set() and _has_schema(warehouse_engine, warehouse_schema + "_marts")

    # A run fills the schema, its marts and the directory ...
    Warehouse(warehouse_engine, warehouse_schema).ensure_schema()
    with warehouse_engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE TABLE {warehouse_schema}_marts.daily_arbitrage (x int)")
    (state.reports / "2026-01-02").mkdir(parents=True)
    (state.dagster_home / "runs.db").write_text("a run", encoding="utf-8")
    assert "matched_pairs" in _tables(warehouse_engine, warehouse_schema)

    # ... and the next run starts on nothing of it.
    again = reset_demo_state(warehouse_engine, warehouse_schema, tmp_path, user_schema=None)
    assert again == state
    assert _tables(warehouse_engine, warehouse_schema) == set() == _tables(warehouse_engine, warehouse_schema + "_marts")
    assert sorted(p.name for p in state.root.rglob("*")) == sorted([DIR_MARKER, "dagster", "dagster.yaml"])


def test_a_schema_the_demo_did_not_create_is_never_dropped(warehouse, second_schema, tmp_path):
    engine, theirs = warehouse.engine, warehouse.schema
    before = _tables(engine, theirs)
    assert "matched_pairs" in before
    (tmp_path / DEMO_DIRNAME).mkdir()
    (tmp_path / DEMO_DIRNAME / DIR_MARKER).write_text("", encoding="utf-8")
    (tmp_path / DEMO_DIRNAME / "kept").write_text("an earlier demo's", encoding="utf-8")

    with pytest.raises(DemoStateError, match=rf"schema '{theirs}' already exists and was not created by this command.*--schema"):
        reset_demo_state(engine, theirs, tmp_path, user_schema=None)
    assert _tables(engine, theirs) == before
    assert (tmp_path / DEMO_DIRNAME / "kept").exists(), "a refused reset deletes nothing"

    # Its marts schema counts as much: a demo schema beside someone's marts schema is refused too.
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {second_schema}_marts; CREATE TABLE {second_schema}_marts.t (x int)")
    with pytest.raises(DemoStateError, match=rf"schema '{second_schema}_marts' already exists"):
        reset_demo_state(engine, second_schema, tmp_path, user_schema=None)
    assert _tables(engine, second_schema + "_marts") == {"t"} and not _has_schema(engine, second_schema)


def test_the_schema_the_shell_names_is_refused_even_when_marked(warehouse_engine, warehouse_schema, second_schema,
                                                                 tmp_path):
    reset_demo_state(warehouse_engine, warehouse_schema, tmp_path, user_schema=None)
    Warehouse(warehouse_engine, warehouse_schema).ensure_schema()
    with pytest.raises(DemoStateError, match=f"{WAREHOUSE_SCHEMA_ENV} names"):
        reset_demo_state(warehouse_engine, warehouse_schema, tmp_path, user_schema=warehouse_schema)
    assert "matched_pairs" in _tables(warehouse_engine, warehouse_schema)
    # Nor the marts schema beside it.
    with pytest.raises(DemoStateError, match=f"{WAREHOUSE_SCHEMA_ENV} names"):
        reset_demo_state(warehouse_engine, second_schema + "_marts", tmp_path, user_schema=second_schema)
    assert not _has_schema(warehouse_engine, second_schema + "_marts")


def test_a_directory_that_is_not_the_demos_is_left_alone(warehouse_engine, warehouse_schema, tmp_path: Path):
    theirs = tmp_path / DEMO_DIRNAME
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(DemoStateError, match=rf"{theirs} exists and is not the demo's"):
        reset_demo_state(warehouse_engine, warehouse_schema, tmp_path, user_schema=None)
    assert (theirs / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not _has_schema(warehouse_engine, warehouse_schema), "checked before any schema is touched"
