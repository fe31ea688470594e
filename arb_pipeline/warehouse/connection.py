"""Where the warehouse is and how to reach it.

``ARB_WAREHOUSE_URL`` names a PostgreSQL server; without it the embedded server under the data
directory is started (or attached to) so a fresh laptop needs no database
(docs/operations.md#embedded-postgresql-the-default). Engines are cached per URL: the Dagster resources, the streamer and the CLI in
one process share one pool.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from arb_pipeline.redaction import redact
from arb_pipeline.warehouse.embedded import embedded_pgdata, embedded_url

log = logging.getLogger(__name__)

WAREHOUSE_URL_ENV = "ARB_WAREHOUSE_URL"
DRIVER = "postgresql+psycopg"
EXAMPLE_URL = "postgresql+psycopg://user:password@host:5432/dbname"

# Fail fast on an unreachable host instead of the OS default of minutes.
CONNECT_TIMEOUT_S = 10


class WarehouseUnavailableError(RuntimeError):
    """The warehouse URL is malformed or names a server that does not answer."""


def describe_url(url: str) -> str:
    """The URL with its password masked, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return redact(url)


def normalize_url(url: str, *, source: str = WAREHOUSE_URL_ENV) -> str:
    """A PostgreSQL URL that names the psycopg (3) driver.

    SQLAlchemy 2.1 reads a bare ``postgresql://`` as psycopg 3 while 2.0 read it as psycopg2, so
    a bare URL means different drivers on different installs (docs/operations.md#a-postgresql-server);
    the bulk loads use psycopg 3's COPY, so the driver is named here, once."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise WarehouseUnavailableError(
            f"{source} is not a database URL: {redact(url)!r}; expected e.g. {EXAMPLE_URL}"
        ) from None
    backend, _, driver = parsed.drivername.partition("+")
    if backend not in ("postgresql", "postgres"):
        raise WarehouseUnavailableError(
            f"{source}={describe_url(url)} is not PostgreSQL; the warehouse runs on PostgreSQL only "
            f"(one SQL dialect for the pipeline and dbt). Set it to e.g. {EXAMPLE_URL}"
        )
    if driver == "psycopg" and backend == "postgresql":
        return url
    if driver and driver != "psycopg":
        raise WarehouseUnavailableError(
            f"{source}={describe_url(url)} names the {driver} driver; the warehouse's bulk loads use "
            f"psycopg 3's COPY: use {DRIVER}://..."
        )
    normalized = parsed.set(drivername=DRIVER).render_as_string(hide_password=False)
    log.info("%s names no driver; using %s", source, describe_url(normalized))
    return normalized


def warehouse_url(env: Mapping[str, str] | None = None) -> str:
    """``ARB_WAREHOUSE_URL`` when set, else the embedded server under ``data_dir()/pgdata``
    (started if it is not running)."""
    env = os.environ if env is None else env
    configured = env.get(WAREHOUSE_URL_ENV)
    if configured:
        return normalize_url(configured)
    return embedded_url(embedded_pgdata(env))


def json_default(value: Any) -> Any:
    # Decimal goes in as its exact text; a JSON number would be read back through float.
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _json_text(value: Any) -> str:
    return orjson.dumps(value, default=json_default).decode()


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default :func:`warehouse_url`), created once per URL."""
    url = normalize_url(url, source="warehouse URL") if url else warehouse_url()
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = sa.create_engine(
                url,
                # The embedded server stops when its last process exits and comes back on the
                # next start; pre-ping replaces pooled connections to a server that restarted.
                pool_pre_ping=True,
                json_serializer=_json_text,
                json_deserializer=orjson.loads,
                connect_args={
                    "connect_timeout": CONNECT_TIMEOUT_S,
                    "application_name": "arb_pipeline",
                    # Timestamps come back in UTC, as the domain models hold them.
                    "options": "-c timezone=UTC",
                },
            )
            _engines[url] = engine
        return engine


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction, committed on success. A server that cannot be reached raises
    :class:`WarehouseUnavailableError` naming the URL and what to set."""
    try:
        connection = engine.connect()
    except OperationalError as exc:
        url = engine.url.render_as_string(hide_password=True)
        raise WarehouseUnavailableError(
            f"cannot connect to the warehouse at {url}: {redact(str(exc.orig).strip())}. "
            f"Set {WAREHOUSE_URL_ENV} to a reachable server ({EXAMPLE_URL}), or unset it to use the "
            "embedded PostgreSQL under the data directory (ARB_HOME)"
        ) from exc
    with connection, connection.begin():
        yield connection
