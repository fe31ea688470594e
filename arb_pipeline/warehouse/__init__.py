"""The PostgreSQL warehouse: schema (SQLAlchemy Core), connections (ARB_WAREHOUSE_URL or the
embedded server), migrations, and bulk loads and reads from and to the domain models."""

from arb_pipeline.warehouse.connection import (
    WAREHOUSE_URL_ENV,
    WarehouseUnavailableError,
    get_engine,
    normalize_url,
    transaction,
    warehouse_url,
)
from arb_pipeline.warehouse.embedded import EmbeddedWarehouseError, embedded_pgdata, embedded_url, stop_embedded
from arb_pipeline.warehouse.load import PAIRS_FILE, SpreadLoad, StoredBooks, WarehouseDataError
from arb_pipeline.warehouse.migrate import WarehouseSchemaError, current_version, ensure_schema
from arb_pipeline.warehouse.schema import (
    DEFAULT_SCHEMA,
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    SchemaNameError,
    WarehouseTables,
    warehouse_tables,
)
from arb_pipeline.warehouse.store import WAREHOUSE_SCHEMA_ENV, Warehouse

__all__ = [
    "DEFAULT_SCHEMA",
    "PAIRS_FILE",
    "SCHEMA_HISTORY",
    "SCHEMA_VERSION",
    "WAREHOUSE_SCHEMA_ENV",
    "WAREHOUSE_URL_ENV",
    "EmbeddedWarehouseError",
    "SchemaNameError",
    "SpreadLoad",
    "StoredBooks",
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
