"""The embedded PostgreSQL server: a real PostgreSQL 16 from the pgserver wheel, so a laptop with
no database server still runs the warehouse in the one SQL dialect production uses
(docs/operations.md#embedded-postgresql-the-default).

The server lives under ``data_dir()/pgdata`` and is shared by every process of the project (the
Dagster webserver and daemon, run workers, the streamer): pgserver records which processes hold
it and stops it when the last one exits. It listens on a Unix socket only, never on a TCP port.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL, make_url

from arb_pipeline.config import data_dir

log = logging.getLogger(__name__)

PGDATA_DIRNAME = "pgdata"

_servers: dict[Path, Any] = {}
# pgserver's own instance registry is checked outside its lock; two threads asking for the
# same directory at once must not both start a postmaster.
_servers_lock = threading.Lock()


class EmbeddedWarehouseError(RuntimeError):
    """The embedded PostgreSQL server could not be started."""


def embedded_pgdata(env: Mapping[str, str] | None = None) -> Path:
    return data_dir(env) / PGDATA_DIRNAME


def _how_to_avoid() -> str:
    return (
        "or set ARB_WAREHOUSE_URL=postgresql+psycopg://user:password@host:5432/dbname "
        "to use a PostgreSQL server instead"
    )


def _start(pgdata: Path) -> Any:
    try:
        with warnings.catch_warnings():
            # pgserver keeps its cross-process lock file in the user's runtime directory and,
            # without XDG_RUNTIME_DIR (containers, CI, cron), in /tmp/runtime-<uid>: the same
            # place for every process of the user, which is all the lock needs.
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
            import pgserver
    except ImportError:
        raise EmbeddedWarehouseError(
            "ARB_WAREHOUSE_URL is not set and the embedded PostgreSQL is not installed: "
            f"install it with pip install 'arb-pipeline[embedded]' (pgserver), {_how_to_avoid()}"
        ) from None
    try:
        pgdata.parent.mkdir(parents=True, exist_ok=True)
        return pgserver.get_server(pgdata)
    except Exception as exc:
        server_log = pgdata / "log"
        hint = f"; the server log is {server_log}" if server_log.exists() else ""
        raise EmbeddedWarehouseError(
            f"the embedded PostgreSQL under {pgdata} did not start: {type(exc).__name__}: {exc}{hint}. "
            f"Check that the directory is usable (ARB_HOME moves it), {_how_to_avoid()}"
        ) from exc


def embedded_url(pgdata: Path) -> str:
    """Start the server under ``pgdata`` (or attach to the one already running there) and
    return its URL with the psycopg driver."""
    pgdata = pgdata.expanduser().resolve()
    with _servers_lock:
        server = _servers.get(pgdata)
        if server is None:
            log.info("starting or attaching to the embedded PostgreSQL under %s", pgdata)
            server = _start(pgdata)
            _servers[pgdata] = server
    # pgserver answers postgresql://postgres:@/postgres?host=<socket dir>: name the driver, and
    # drop the empty password (the server trusts local connections) so logs show no "***".
    answered = make_url(server.get_uri())
    url = URL.create(
        "postgresql+psycopg",
        username=answered.username,
        host=answered.host,
        port=answered.port,
        database=answered.database,
        query=answered.query,
    )
    return url.render_as_string(hide_password=False)


def stop_embedded(pgdata: Path) -> None:
    """Release this process's hold on the server under ``pgdata``; pgserver stops it if no other
    process holds it (a fast shutdown: open sessions are ended)."""
    pgdata = pgdata.expanduser().resolve()
    with _servers_lock:
        server = _servers.pop(pgdata, None)
    if server is not None:
        server.cleanup()
