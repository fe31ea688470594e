"""The warehouse as one object: an engine and a schema name, and the transactions over them.

Dagster resources, the CLI and the streamer hold a :class:`Warehouse`. The table modules
(:mod:`~arb_pipeline.warehouse.markets`, :mod:`~arb_pipeline.warehouse.pairs`,
:mod:`~arb_pipeline.warehouse.quotes`, :mod:`~arb_pipeline.warehouse.spreads`) read and write
through either one: given the warehouse, a function runs in a transaction of its own; given a
:class:`Session` (``with warehouse.session() as session``), several reads and writes land
together."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.engine import Connection, Engine

from arb_pipeline.config import SettingsError
from arb_pipeline.warehouse.connection import get_engine, transaction
from arb_pipeline.warehouse.migrate import ensure_schema
from arb_pipeline.warehouse.schema import DEFAULT_SCHEMA, SchemaNameError, WarehouseTables, check_schema_name, warehouse_tables

WAREHOUSE_SCHEMA_ENV = "ARB_WAREHOUSE_SCHEMA"


class Warehouse:
    def __init__(self, engine: Engine, schema: str = DEFAULT_SCHEMA) -> None:
        self.engine = engine
        self.schema = check_schema_name(schema)

    @classmethod
    def connect(cls, url: str | None = None, schema: str | None = None, *, migrate: bool = True) -> Warehouse:
        """The warehouse at ``url`` (default: ``ARB_WAREHOUSE_URL`` or the embedded server) in
        ``schema`` (default: ``ARB_WAREHOUSE_SCHEMA`` or "arb"), created or upgraded unless
        ``migrate`` is false."""
        if not schema:
            configured = os.environ.get(WAREHOUSE_SCHEMA_ENV)
            try:
                schema = check_schema_name(configured) if configured else DEFAULT_SCHEMA
            except SchemaNameError as exc:
                raise SettingsError(f"{WAREHOUSE_SCHEMA_ENV}={configured!r} is not valid: {exc}") from None
        warehouse = cls(get_engine(url), schema)
        if migrate:
            warehouse.ensure_schema()
        return warehouse

    def __repr__(self) -> str:
        return f"Warehouse({self.engine.url.render_as_string(hide_password=True)!r}, schema={self.schema!r})"

    @property
    def tables(self) -> WarehouseTables:
        return warehouse_tables(self.schema)

    def ensure_schema(self) -> int:
        return ensure_schema(self.engine, self.schema)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction for several writes that must land together."""
        with transaction(self.engine) as connection:
            yield connection

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction for several table reads and writes that must land together."""
        with self.transaction() as connection:
            yield Session(connection, self.schema)


@dataclass(frozen=True, slots=True)
class Session:
    """An open transaction on one warehouse schema."""

    connection: Connection
    schema: str

    @property
    def tables(self) -> WarehouseTables:
        return warehouse_tables(self.schema)


#: What the table modules read and write through: a warehouse, or a session already open on one.
Db = Warehouse | Session


@contextmanager
def opened(db: Db) -> Iterator[Session]:
    """``db`` itself when it is a session (the caller's transaction holds everything), else a new
    transaction on the warehouse, committed when the block ends."""
    if isinstance(db, Session):
        yield db
    else:
        with db.session() as session:
            yield session
