"""Warehouse fixtures: a real PostgreSQL, and a fresh schema for every test.

``warehouse_engine``: ``ARB_TEST_DATABASE_URL`` when set (CI points it at the server on
127.0.0.1:5432), else the embedded PostgreSQL, started once per session under a temporary
``ARB_HOME`` (``embedded_home``). ``warehouse_schema``: a unique schema name, dropped with
everything in it after the test. ``warehouse``: a :class:`Warehouse` on that schema at the
current version.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from arb_pipeline.warehouse import (
    Warehouse,
    embedded_pgdata,
    embedded_url,
    ensure_schema,
    get_engine,
    normalize_url,
    stop_embedded,
)

TEST_DATABASE_URL_ENV = "ARB_TEST_DATABASE_URL"


@pytest.fixture(scope="session")
def embedded_home() -> Iterator[Path]:
    """An ``ARB_HOME`` for the embedded server; whatever starts it there, it is stopped and its
    data removed at the end of the session. Not under pytest's basetemp: pytest resets that
    tree to mode 0700 at the start of every session, and run as root pgserver runs PostgreSQL
    as its own user, who must be able to reach the data directory."""
    home = Path(tempfile.mkdtemp(prefix="arb-warehouse-tests-"))
    yield home
    pgdata = embedded_pgdata({"ARB_HOME": str(home)})
    stop_embedded(pgdata)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def warehouse_engine(embedded_home: Path) -> Engine:
    configured = os.environ.get(TEST_DATABASE_URL_ENV)
    if configured:
        return get_engine(normalize_url(configured, source=TEST_DATABASE_URL_ENV))
    return get_engine(embedded_url(embedded_pgdata({"ARB_HOME": str(embedded_home)})))


@pytest.fixture
def warehouse_schema(warehouse_engine: Engine) -> Iterator[str]:
    schema = f"arb_test_{uuid.uuid4().hex[:12]}"
    yield schema
    with warehouse_engine.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture
def warehouse(warehouse_engine: Engine, warehouse_schema: str) -> Warehouse:
    ensure_schema(warehouse_engine, warehouse_schema)
    return Warehouse(warehouse_engine, warehouse_schema)
