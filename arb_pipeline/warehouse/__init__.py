"""The PostgreSQL warehouse: schema (SQLAlchemy Core), connections (ARB_WAREHOUSE_URL or the
embedded server), migrations, and the store every reader and writer goes through. Each table
family has its own module of reads and writes between the tables and the domain models:
:mod:`.markets` (markets and Kalshi series), :mod:`.pairs` (matched pairs and review decisions),
:mod:`.quotes` (quote snapshots), :mod:`.spreads` (spreads and opportunities) and :mod:`.stream`
(the streamer's tables), all over the bulk COPY path of :mod:`.bulk`."""

from arb_pipeline.warehouse.bulk import WarehouseDataError
from arb_pipeline.warehouse.connection import (
    WAREHOUSE_URL_ENV,
    WarehouseUnavailableError,
    get_engine,
    normalize_url,
    transaction,
    warehouse_url,
)
from arb_pipeline.warehouse.embedded import EmbeddedWarehouseError, embedded_pgdata, embedded_url, stop_embedded
from arb_pipeline.warehouse.migrate import WarehouseSchemaError, current_version, ensure_schema
from arb_pipeline.warehouse.schema import (
    DEFAULT_SCHEMA,
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    SchemaNameError,
    WarehouseTables,
    warehouse_tables,
)
from arb_pipeline.warehouse.store import WAREHOUSE_SCHEMA_ENV, Db, Session, Warehouse

__all__ = [
    "DEFAULT_SCHEMA",
    "Db",
    "SCHEMA_HISTORY",
    "SCHEMA_VERSION",
    "WAREHOUSE_SCHEMA_ENV",
    "WAREHOUSE_URL_ENV",
    "EmbeddedWarehouseError",
    "SchemaNameError",
    "Session",
    "Warehouse",
    "WarehouseDataError",
    "WarehouseSchemaError",
    "WarehouseTables",
    "WarehouseUnavailableError",
    "current_version",
    "embedded_pgdata",
    "embedded_url",
    "ensure_schema",
    "get_engine",
    "normalize_url",
    "stop_embedded",
    "transaction",
    "warehouse_tables",
    "warehouse_url",
]
