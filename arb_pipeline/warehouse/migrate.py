"""Schema creation and upgrades, run by the project so a user never types SQL to start.

:func:`ensure_schema` brings a warehouse schema to the current version: it creates the schema
and whatever tables, columns and indexes the current definition (schema.py) has and the
recorded version lacks, and records each version applied in ``schema_version``. Upgrades are
additive only, so code one version behind keeps working against an upgraded database during a
rolling deploy. Every step runs in one transaction under a PostgreSQL advisory lock per schema:
the Dagster daemon, run workers and the streamer may all call it at start-up at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.schema import CreateColumn

from arb_pipeline.warehouse.connection import transaction
from arb_pipeline.warehouse.schema import (
    DEFAULT_SCHEMA,
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    check_schema_name,
    metadata_at,
    version_table,
)

log = logging.getLogger(__name__)

# First key of the two-key advisory lock: a constant of this project (the ASCII of "arbw"),
# so the lock cannot collide with another application's advisory locks on a shared server.
# The second key is hashtext(schema name): migrations of different schemas do not wait on
# each other.
_LOCK_NAMESPACE = 0x61726277


class WarehouseSchemaError(RuntimeError):
    """The warehouse schema cannot be brought to the version this code needs."""


def current_version(connection: Connection, schema: str = DEFAULT_SCHEMA) -> int:
    """The highest version recorded in ``schema``; 0 when nothing was ever applied."""
    check_schema_name(schema)
    if not sa.inspect(connection).has_table("schema_version", schema=schema):
        return 0
    table = version_table(schema)
    return connection.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.version), 0))).scalar_one()


def schema_lock(connection: Connection, schema: str) -> None:
    """Hold ``schema``'s advisory lock until the transaction ends: what creates, upgrades or
    resets the schema takes it, so those never interleave."""
    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_NAMESPACE, sa.func.hashtext(schema))))


def ensure_schema(engine: Engine, schema: str = DEFAULT_SCHEMA, *, target_version: int = SCHEMA_VERSION) -> int:
    """Create or upgrade ``schema`` to ``target_version`` and return the version it is at.
    Idempotent and safe to call from several processes at once."""
    check_schema_name(schema)
    if target_version not in SCHEMA_HISTORY:
        raise ValueError(f"unknown warehouse schema version {target_version} (known: {sorted(SCHEMA_HISTORY)})")
    with transaction(engine) as connection:
        schema_lock(connection, schema)
        # Checked first rather than CREATE ... IF NOT EXISTS: PostgreSQL checks the CREATE
        # privilege before existence, and a production role may use a schema a DBA created.
        if not sa.inspect(connection).has_schema(schema):
            connection.execute(sa.schema.CreateSchema(schema))
        version_table(schema).create(connection, checkfirst=True)
        version = current_version(connection, schema)
        if version > SCHEMA_VERSION:
            # Additive upgrades keep older code working; say so rather than refuse.
            log.warning(
                "warehouse schema %s is at version %d, newer than this code's %d; continuing, "
                "since upgrades only add tables and columns",
                schema,
                version,
                SCHEMA_VERSION,
            )
            return version
        if version >= target_version:
            return version
        _upgrade(connection, schema, version, target_version)
        log.info("warehouse schema %s upgraded from version %d to %d", schema, version, target_version)
        return target_version


def _upgrade(connection: Connection, schema: str, from_version: int, to_version: int) -> None:
    old = metadata_at(schema, from_version)
    new = metadata_at(schema, to_version)
    for table in new.sorted_tables:
        previous = old.tables.get(table.key)
        if previous is None:
            table.create(connection, checkfirst=True)
            continue
        _add_columns(connection, previous, table)
        _check_constraints_unchanged(previous, table)
        known_indexes = {index.name for index in previous.indexes}
        for index in table.indexes:
            if index.name not in known_indexes:
                index.create(connection, checkfirst=True)
    versions = version_table(schema)
    applied_at = datetime.now(tz=UTC)
    connection.execute(
        versions.insert(),
        [
            {"version": version, "description": SCHEMA_HISTORY[version], "applied_at": applied_at}
            for version in range(from_version + 1, to_version + 1)
        ],
    )


def _add_columns(connection: Connection, previous: sa.Table, table: sa.Table) -> None:
    preparer = connection.dialect.identifier_preparer
    for column in table.columns:
        if column.key in previous.columns:
            continue
        if not column.nullable and column.server_default is None:
            # Rows already in the table would violate it: the upgrade could not be additive.
            raise WarehouseSchemaError(
                f"column {table.fullname}.{column.name} was added in a later version as NOT NULL without "
                "a server default; added columns must be nullable or defaulted"
            )
        definition = CreateColumn(column).compile(dialect=connection.dialect)
        connection.exec_driver_sql(
            f"ALTER TABLE {preparer.format_table(table)} ADD COLUMN IF NOT EXISTS {definition}"
        )


def _check_constraints_unchanged(previous: sa.Table, table: sa.Table) -> None:
    def names(t: sa.Table) -> set[str]:
        return {str(constraint.name) for constraint in t.constraints}

    added = names(table) - names(previous)
    if added:
        raise WarehouseSchemaError(
            f"constraints {sorted(added)} were added to the existing table {table.fullname}; upgrades are "
            "additive and cannot validate old rows against a new constraint: add a new table or index instead"
        )
