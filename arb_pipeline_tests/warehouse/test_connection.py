"""Where the warehouse is: ARB_WAREHOUSE_URL (driver named explicitly), or the embedded server;
clear errors when neither can be reached."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from arb_pipeline.warehouse import (
    EmbeddedWarehouseError,
    Warehouse,
    WarehouseUnavailableError,
    embedded_url,
    get_engine,
    normalize_url,
    warehouse_url,
)
from arb_pipeline.warehouse.pairs import read_pairs


@pytest.mark.parametrize(
    "configured",
    ["postgresql://arb:secret@db.internal:5432/arb", "postgres://arb:secret@db.internal:5432/arb"],
)
def test_a_url_without_a_driver_gets_psycopg_and_says_so(configured: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="arb_pipeline.warehouse.connection"):
        url = warehouse_url({"ARB_WAREHOUSE_URL": configured})

    assert url == "postgresql+psycopg://arb:secret@db.internal:5432/arb"
    assert "ARB_WAREHOUSE_URL names no driver; using postgresql+psycopg://arb:***@db.internal:5432/arb" in caplog.text
    assert "secret" not in caplog.text


def test_a_psycopg_url_is_used_as_given(caplog: pytest.LogCaptureFixture) -> None:
    configured = "postgresql+psycopg://arb@127.0.0.1:5432/arb?sslmode=disable"
    with caplog.at_level(logging.INFO, logger="arb_pipeline.warehouse.connection"):
        assert warehouse_url({"ARB_WAREHOUSE_URL": configured}) == configured
    assert caplog.text == ""


@pytest.mark.parametrize(
    ("configured", "problem"),
    [
        ("postgresql+psycopg2://arb:secret@db:5432/arb", "names the psycopg2 driver"),
        ("sqlite:///warehouse.db", "is not PostgreSQL"),
        ("duckdb:///warehouse.duckdb", "is not PostgreSQL"),
        ("not a url", "is not a database URL"),
    ],
)
def test_urls_the_warehouse_cannot_use_are_refused_with_the_reason(configured: str, problem: str) -> None:
    with pytest.raises(WarehouseUnavailableError, match=problem) as raised:
        normalize_url(configured)
    assert "ARB_WAREHOUSE_URL" in str(raised.value)
    assert "secret" not in str(raised.value)


def test_one_engine_per_url() -> None:
    first = get_engine("postgresql+psycopg://arb@127.0.0.1:5432/first")
    assert get_engine("postgresql+psycopg://arb@127.0.0.1:5432/first") is first
    assert get_engine("postgresql://arb@127.0.0.1:5432/first") is first
    assert get_engine("postgresql+psycopg://arb@127.0.0.1:5432/second") is not first


def test_an_unreachable_server_names_the_url_and_what_to_set() -> None:
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    warehouse = Warehouse(get_engine("postgresql+psycopg://arb:secret@127.0.0.1:1/arb"))

    with pytest.raises(WarehouseUnavailableError) as raised:
        warehouse.ensure_schema()

    message = str(raised.value)
    assert "cannot connect to the warehouse at postgresql+psycopg://arb:***@127.0.0.1:1/arb" in message
    assert "Set ARB_WAREHOUSE_URL" in message
    assert "secret" not in message


def test_without_a_url_the_embedded_server_under_the_data_directory_is_used(embedded_home: Path) -> None:
    url = warehouse_url({"ARB_HOME": str(embedded_home)})

    assert url.startswith("postgresql+psycopg://postgres@/postgres?host=")
    assert warehouse_url({"ARB_HOME": str(embedded_home), "ARB_WAREHOUSE_URL": ""}) == url
    with get_engine(url).connect() as connection:
        data_directory = connection.execute(sa.text("SHOW data_directory")).scalar_one()
    assert Path(data_directory).resolve() == (embedded_home / "pgdata").resolve()


def test_without_pgserver_installed_the_error_says_how_to_get_a_warehouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pgserver", None)

    with pytest.raises(EmbeddedWarehouseError) as raised:
        embedded_url(tmp_path / "pgdata")

    assert "pip install 'arb-pipeline[embedded]'" in str(raised.value)
    assert "ARB_WAREHOUSE_URL=postgresql+psycopg://" in str(raised.value)


def test_a_data_directory_the_server_cannot_use_is_named_in_the_error(tmp_path: Path) -> None:
    occupied = tmp_path / "not_a_directory"
    occupied.write_text("a file where the data directory's parent should be")

    with pytest.raises(EmbeddedWarehouseError) as raised:
        embedded_url(occupied / "pgdata")

    assert f"the embedded PostgreSQL under {occupied / 'pgdata'} did not start" in str(raised.value)
    assert "ARB_WAREHOUSE_URL" in str(raised.value)


def test_connect_takes_the_schema_from_the_environment_and_creates_it(
    warehouse_engine: sa.Engine, warehouse_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARB_WAREHOUSE_SCHEMA", warehouse_schema)

    warehouse = Warehouse.connect(warehouse_engine.url.render_as_string(hide_password=False))

    assert (warehouse.engine, warehouse.schema) == (warehouse_engine, warehouse_schema)
    assert read_pairs(warehouse) == []
