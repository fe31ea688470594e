"""Schema creation, idempotent re-runs, upgrades from an older version, concurrent start-up."""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from arb_pipeline.warehouse import (
    SCHEMA_HISTORY,
    SCHEMA_VERSION,
    SchemaNameError,
    Warehouse,
    current_version,
    ensure_schema,
)
from arb_pipeline.warehouse.markets import read_series
from arb_pipeline.warehouse.pairs import read_pairs
from arb_pipeline.warehouse.schema import metadata_at, version_table

TABLES = {
    "venue_markets", "kalshi_series", "matched_pairs", "quote_snapshots", "spreads", "opportunities", "pair_decisions",
    "book_ticks", "book_depth_snapshots", "opportunity_events", "stream_health",
    "paper_trades", "paper_orders", "paper_fills", "paper_positions", "paper_settlements", "market_resolutions",
    "risk_state", "risk_trips", "kill_switch", "daily_pnl", "sportsbook_odds", "sportsbook_edges",
}  # fmt: skip


def _structure(connection: Connection, schema: str) -> dict[str, object]:
    """Every column (name, type, nullability, default), index and constraint of ``schema``,
    with the schema name taken out so two schemas compare."""
    columns = connection.execute(
        sa.text(
            "SELECT table_name, column_name, ordinal_position, data_type, udt_name, is_nullable, "
            "column_default, is_identity FROM information_schema.columns WHERE table_schema = :schema "
            "ORDER BY table_name, ordinal_position"
        ),
        {"schema": schema},
    ).all()
    indexes = connection.execute(
        sa.text("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = :schema ORDER BY indexname"),
        {"schema": schema},
    ).all()
    constraints = connection.execute(
        sa.text(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = CAST(:schema AS regnamespace) ORDER BY conname"
        ),
        {"schema": schema},
    ).all()
    return {
        "columns": [tuple(row) for row in columns],
        "indexes": [tuple(str(value).replace(f"{schema}.", "") for value in row) for row in indexes],
        "constraints": [tuple(str(value).replace(f"{schema}.", "") for value in row) for row in constraints],
    }


def _versions(connection: Connection, schema: str) -> list[int]:
    table = version_table(schema)
    return list(connection.execute(sa.select(table.c.version).order_by(table.c.version)).scalars())


def test_fresh_schema_has_every_table_and_records_each_version(warehouse_engine: Engine, warehouse_schema: str) -> None:
    assert ensure_schema(warehouse_engine, warehouse_schema) == SCHEMA_VERSION

    with warehouse_engine.connect() as connection:
        assert set(sa.inspect(connection).get_table_names(schema=warehouse_schema)) == TABLES | {"schema_version"}
        assert _versions(connection, warehouse_schema) == sorted(SCHEMA_HISTORY)
        assert current_version(connection, warehouse_schema) == SCHEMA_VERSION


def test_money_is_numeric_and_only_the_match_confidence_is_a_float(warehouse: Warehouse) -> None:
    with warehouse.engine.connect() as connection:
        columns = {
            (table, column): udt
            for table, column, udt in connection.execute(
                sa.text(
                    "SELECT table_name, column_name, udt_name FROM information_schema.columns "
                    "WHERE table_schema = :schema"
                ),
                {"schema": warehouse.schema},
            )
        }
    floats = {key for key, udt in columns.items() if udt in ("float4", "float8", "_float4", "_float8")}
    assert floats == {("matched_pairs", "confidence")}
    money = [
        ("venue_markets", "tick_size"), ("venue_markets", "fee_multiplier"), ("venue_markets", "fee_rate"),
        ("venue_markets", "top_bid"), ("kalshi_series", "fee_multiplier"), ("quote_snapshots", "best_price"),
        ("quote_snapshots", "depth"), ("spreads", "cost"), ("spreads", "net_profit"), ("spreads", "apy"),
        ("opportunities", "kalshi_fee"), ("opportunities", "contracts"), ("book_ticks", "best_bid"),
        ("book_ticks", "best_ask_size"), ("opportunity_events", "net_profit"), ("opportunity_events", "apy"),
        ("opportunity_events", "lifetime_s"), ("stream_health", "max_staleness_s"),
    ]  # fmt: skip
    assert {columns[key] for key in money} == {"numeric"}
    depth = ("bid_prices", "bid_sizes", "ask_prices", "ask_sizes")
    assert {columns[("book_depth_snapshots", name)] for name in depth} == {"_numeric"}
    assert columns[("quote_snapshots", "level_prices")] == columns[("quote_snapshots", "level_sizes")] == "_numeric"


def test_rerun_changes_nothing_and_keeps_rows(warehouse: Warehouse) -> None:
    with warehouse.engine.connect() as connection:
        before = _structure(connection, warehouse.schema)
    with warehouse.engine.begin() as connection:
        connection.execute(
            sa.insert(warehouse.tables.kalshi_series),
            {
                "ticker": "KXFED", "title": "Fed", "fee_type": "quadratic", "fee_multiplier": 1,
                "first_seen": datetime.now(UTC), "last_seen": datetime.now(UTC), "updated_at": datetime.now(UTC),
                "raw": {},
            },
        )  # fmt: skip

    assert warehouse.ensure_schema() == SCHEMA_VERSION
    assert warehouse.ensure_schema() == SCHEMA_VERSION

    with warehouse.engine.connect() as connection:
        assert _structure(connection, warehouse.schema) == before
        assert _versions(connection, warehouse.schema) == sorted(SCHEMA_HISTORY)
    assert list(read_series(warehouse)) == ["KXFED"]


def test_upgrade_from_version_1_keeps_rows_and_ends_like_a_fresh_schema(
    warehouse_engine: Engine, warehouse_schema: str
) -> None:
    assert ensure_schema(warehouse_engine, warehouse_schema, target_version=1) == 1
    old_pairs = metadata_at(warehouse_schema, 1).tables[f"{warehouse_schema}.matched_pairs"]
    with warehouse_engine.begin() as connection:
        tables = set(sa.inspect(connection).get_table_names(schema=warehouse_schema))
        assert "quote_snapshots" not in tables and "spreads" not in tables
        columns = {c["name"] for c in sa.inspect(connection).get_columns("matched_pairs", schema=warehouse_schema)}
        assert "category" not in columns
        connection.execute(
            sa.insert(old_pairs),
            {
                "kalshi_ticker": "KXNBAGAME-26JAN09MILLAL-MIL", "kalshi_tickers": [],
                "polymarket_market_id": "1103520", "polymarket_yes_token": "111", "polymarket_no_token": "222",
                "confidence": 0.97, "status": "approved", "reasons": ["same game"], "transform": "identity",
                "decided_by": "matcher", "decided_at": datetime.now(UTC),
            },
        )  # fmt: skip

    assert ensure_schema(warehouse_engine, warehouse_schema) == SCHEMA_VERSION

    warehouse = Warehouse(warehouse_engine, warehouse_schema)
    [pair] = read_pairs(warehouse)
    assert (pair.kalshi_ticker, pair.polymarket_yes_token, pair.category) == ("KXNBAGAME-26JAN09MILLAL-MIL", "111", None)
    fresh_schema = f"{warehouse_schema}_fresh"
    try:
        ensure_schema(warehouse_engine, fresh_schema)
        with warehouse_engine.connect() as connection:
            assert _structure(connection, warehouse_schema) == _structure(connection, fresh_schema)
            assert _versions(connection, warehouse_schema) == sorted(SCHEMA_HISTORY)
    finally:
        with warehouse_engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {fresh_schema} CASCADE")


def test_upgrade_from_version_2_adds_the_streamer_tables_and_keeps_rows(
    warehouse_engine: Engine, warehouse_schema: str
) -> None:
    assert ensure_schema(warehouse_engine, warehouse_schema, target_version=2) == 2
    with warehouse_engine.begin() as connection:
        tables = set(sa.inspect(connection).get_table_names(schema=warehouse_schema))
        assert "book_ticks" not in tables and "opportunity_events" not in tables
        connection.exec_driver_sql(
            f"INSERT INTO {warehouse_schema}.kalshi_series (ticker, title, fee_type, fee_multiplier, first_seen, "
            "last_seen, updated_at, raw) VALUES ('KXFED', 'Fed', 'quadratic', 1, now(), now(), now(), '{}')"
        )

    assert ensure_schema(warehouse_engine, warehouse_schema) == SCHEMA_VERSION

    assert list(read_series(Warehouse(warehouse_engine, warehouse_schema))) == ["KXFED"]
    fresh_schema = f"{warehouse_schema}_fresh"
    try:
        ensure_schema(warehouse_engine, fresh_schema)
        with warehouse_engine.connect() as connection:
            assert _structure(connection, warehouse_schema) == _structure(connection, fresh_schema)
            assert _versions(connection, warehouse_schema) == sorted(SCHEMA_HISTORY)
    finally:
        with warehouse_engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {fresh_schema} CASCADE")


def test_every_upgrade_is_additive() -> None:
    # A column added to an existing table must accept the rows already there.
    upgrades = sorted(SCHEMA_HISTORY)[1:]
    assert upgrades, "only one schema version: no upgrade to check"
    tables_compared, added = 0, []
    for version in upgrades:
        old, new = metadata_at("arb", version - 1), metadata_at("arb", version)
        for key, table in new.tables.items():
            if key not in old.tables:
                continue
            tables_compared += 1
            for column in table.columns:
                if column.key not in old.tables[key].columns:
                    assert column.nullable or column.server_default is not None, f"{key}.{column.name}"
                    added.append(f"{key}.{column.name}")
            assert {c.name for c in table.constraints} == {c.name for c in old.tables[key].constraints}
    # Version 2 kept the three tables of version 1 and added matched_pairs.category.
    assert tables_compared >= 3 and "arb.matched_pairs.category" in added


def test_a_database_newer_than_the_code_is_used_as_it_is(
    warehouse: Warehouse, caplog: pytest.LogCaptureFixture
) -> None:
    with warehouse.engine.begin() as connection:
        connection.execute(
            sa.insert(version_table(warehouse.schema)),
            {"version": SCHEMA_VERSION + 1, "description": "from newer code", "applied_at": datetime.now(UTC)},
        )

    with caplog.at_level(logging.WARNING, logger="arb_pipeline.warehouse.migrate"):
        assert warehouse.ensure_schema() == SCHEMA_VERSION + 1

    assert f"newer than this code's {SCHEMA_VERSION}" in caplog.text


def test_two_threads_creating_the_schema_at_once_both_succeed(warehouse_engine: Engine, warehouse_schema: str) -> None:
    start = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def start_up() -> None:
        start.wait()
        try:
            results.append(ensure_schema(warehouse_engine, warehouse_schema))
        except BaseException as exc:  # reported by the assertion below, with its traceback
            errors.append(exc)

    threads = [threading.Thread(target=start_up) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert results == [SCHEMA_VERSION, SCHEMA_VERSION]
    with warehouse_engine.connect() as connection:
        assert _versions(connection, warehouse_schema) == sorted(SCHEMA_HISTORY)
        assert set(sa.inspect(connection).get_table_names(schema=warehouse_schema)) == TABLES | {"schema_version"}


@pytest.mark.parametrize("name", ["Arb", "arb; drop table x", "1arb", "pg_arb", "", "a" * 64])
def test_schema_names_that_are_not_plain_identifiers_are_refused(warehouse_engine: Engine, name: str) -> None:
    with pytest.raises(SchemaNameError, match="not a plain PostgreSQL identifier"):
        ensure_schema(warehouse_engine, name)


def test_an_unknown_target_version_is_refused(warehouse_engine: Engine, warehouse_schema: str) -> None:
    with pytest.raises(ValueError, match=f"unknown warehouse schema version {SCHEMA_VERSION + 1}"):
        ensure_schema(warehouse_engine, warehouse_schema, target_version=SCHEMA_VERSION + 1)


def test_a_role_that_may_not_create_schemas_uses_one_already_there(warehouse: Warehouse) -> None:
    # Production often runs the app as a role a DBA granted one schema to, nothing more.
    role = f"{warehouse.schema}_app"
    with warehouse.engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
        connection.exec_driver_sql(f"GRANT USAGE ON SCHEMA {warehouse.schema} TO {role}")
        connection.exec_driver_sql(f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {warehouse.schema} TO {role}")
    app_engine = sa.create_engine(warehouse.engine.url, connect_args={"options": f"-c role={role}"})
    try:
        with app_engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT current_user").scalar_one() == role
        app = Warehouse(app_engine, warehouse.schema)

        assert app.ensure_schema() == SCHEMA_VERSION
        assert read_pairs(app) == []
    finally:
        app_engine.dispose()
        with warehouse.engine.begin() as connection:
            connection.exec_driver_sql(f"DROP OWNED BY {role}")
            connection.exec_driver_sql(f"DROP ROLE {role}")
