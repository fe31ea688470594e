"""How dbt reaches the warehouse the pipeline writes: the ``ARB_DBT_*`` variables that
``dbt/profiles.yml`` reads, derived from the one resolved warehouse URL.

One code path for both environments: ``ARB_WAREHOUSE_URL`` when it is set (a server), else the
embedded server's URL, whose host is a Unix-socket directory given as ``?host=``
(connection.py). libpq, under dbt-postgres, reads a host that is a directory as a socket
directory, so the same variables serve both. The marts go to their own schema beside the
warehouse schema (``<schema>_marts``): a dbt run can never replace a table the pipeline writes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from arb_pipeline.warehouse.connection import WarehouseUnavailableError, describe_url
from arb_pipeline.warehouse.schema import check_schema_name

#: The dbt project, at the repository root beside the package.
DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt"
MARTS_SUFFIX = "_marts"
DEFAULT_PORT = 5432

HOST, PORT, USER, PASSWORD, DBNAME, SCHEMA, SOURCE_SCHEMA, SSLMODE = (
    "ARB_DBT_HOST", "ARB_DBT_PORT", "ARB_DBT_USER", "ARB_DBT_PASSWORD", "ARB_DBT_DBNAME", "ARB_DBT_SCHEMA",
    "ARB_DBT_SOURCE_SCHEMA", "ARB_DBT_SSLMODE",
)  # fmt: skip
DBT_ENV_NAMES = (HOST, PORT, USER, PASSWORD, DBNAME, SCHEMA, SOURCE_SCHEMA, SSLMODE)

# URL query parameters the dbt profile can carry; any other would change how the pipeline
# connects without changing how dbt does, so it is refused rather than dropped.
_PROFILE_PARAMETERS = frozenset({"host", "port", "sslmode"})


def marts_schema(warehouse_schema: str) -> str:
    """The schema dbt builds the marts in, beside ``warehouse_schema``."""
    check_schema_name(warehouse_schema)
    try:
        return check_schema_name(warehouse_schema + MARTS_SUFFIX)
    except ValueError:
        raise WarehouseUnavailableError(
            f"warehouse schema {warehouse_schema!r} is too long to name its marts schema "
            f"{warehouse_schema + MARTS_SUFFIX!r} (PostgreSQL identifiers hold 63 characters): "
            "choose a shorter ARB_WAREHOUSE_SCHEMA"
        ) from None


def _single(url: URL, name: str) -> str | None:
    value = url.query.get(name)
    if isinstance(value, tuple):
        if len(value) != 1:
            raise WarehouseUnavailableError(f"warehouse URL {describe_url(url.render_as_string())} gives {name} more than once")
        value = value[0]
    return value or None


def dbt_env(url: str | URL, warehouse_schema: str) -> dict[str, str]:
    """The ``ARB_DBT_*`` variables for the warehouse at ``url`` with its tables in
    ``warehouse_schema``."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise WarehouseUnavailableError(f"not a database URL: {describe_url(str(url))}") from None
    shown = describe_url(parsed.render_as_string(hide_password=False))
    unsupported = sorted(set(parsed.query) - _PROFILE_PARAMETERS)
    if unsupported:
        raise WarehouseUnavailableError(
            f"warehouse URL {shown} sets {', '.join(unsupported)}, which the dbt profile cannot pass on "
            f"(it takes {', '.join(sorted(_PROFILE_PARAMETERS))}): dbt would connect differently from the pipeline"
        )
    host = _single(parsed, "host") or parsed.host
    if not host:
        raise WarehouseUnavailableError(f"warehouse URL {shown} names no host or socket directory")
    port = parsed.port or _single(parsed, "port") or DEFAULT_PORT
    if not parsed.username:
        raise WarehouseUnavailableError(f"warehouse URL {shown} names no user")
    if not parsed.database:
        raise WarehouseUnavailableError(f"warehouse URL {shown} names no database")
    return {
        HOST: host,
        PORT: str(port),
        USER: parsed.username,
        PASSWORD: parsed.password or "",
        DBNAME: parsed.database,
        SCHEMA: marts_schema(warehouse_schema),
        SOURCE_SCHEMA: warehouse_schema,
        SSLMODE: _single(parsed, "sslmode") or "prefer",
    }


def dbt_executable() -> str:
    """dbt installed beside this interpreter (dbt-core's console script in the venv), else the
    ``dbt`` on PATH: commands started as ``.venv/bin/...`` without an activated venv have no
    venv on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


@contextmanager
def dbt_environment(env: Mapping[str, str]) -> Iterator[None]:
    """``env`` in ``os.environ`` for the duration, then what was there before. dbt reads its
    profile from the environment of the process that starts it (and dagster-dbt also renders the
    profile in this process), so the variables must be set here, not only in a child's env."""
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
