"""Schemas a command owns outright and rebuilds from nothing on every run (the demo's,
docs/operations.md#the-demos-own-state).

Such a schema is created with a comment naming its owner, and only a schema carrying exactly
that comment is ever dropped: a schema of the same name that anything else created (a user's
tables, a production warehouse) stops the command with an error naming it instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from arb_pipeline.warehouse.connection import transaction
from arb_pipeline.warehouse.migrate import schema_lock
from arb_pipeline.warehouse.schema import check_schema_name


class SchemaNotOwnedError(RuntimeError):
    """A schema to reset exists but was not created by the command that wants to reset it."""


def _comment(connection: sa.Connection, schema: str) -> str | None:
    query = sa.text("select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = :schema")
    return connection.execute(query, {"schema": schema}).scalar()


def reset_owned_schemas(engine: Engine, schemas: Sequence[str], mark: str) -> None:
    """Drop each of ``schemas`` with everything in it, and create it again, empty and marked
    ``mark``; in one transaction, so either every schema is reset or none is touched. A schema
    that exists without ``mark`` raises :class:`SchemaNotOwnedError` before anything is dropped."""
    for schema in schemas:
        check_schema_name(schema)
    with transaction(engine) as connection:
        for schema in schemas:
            # The same lock ensure_schema takes: no migration of these schemas runs meanwhile.
            schema_lock(connection, schema)
        for schema in schemas:
            if not sa.inspect(connection).has_schema(schema):
                continue
            found = _comment(connection, schema)
            if found != mark:
                raise SchemaNotOwnedError(
                    f"schema {schema!r} already exists and was not created by this command "
                    f"(its comment is {found!r}, not {mark!r}); it is left as it is: "
                    "choose another schema name, or drop that schema yourself if it holds nothing you need"
                )
        preparer = connection.dialect.identifier_preparer
        for schema in schemas:
            quoted = preparer.quote_schema(schema)
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {quoted} CASCADE")
            connection.exec_driver_sql(f"CREATE SCHEMA {quoted}")
            # COMMENT takes a literal, not a bind parameter: the dialect renders it quoted.
            literal = sa.literal(mark, sa.Text).compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
            connection.exec_driver_sql(f"COMMENT ON SCHEMA {quoted} IS {literal}")
