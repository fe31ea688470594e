"""Column and table builders every warehouse table uses, so each table module states its columns
the same way: money as NUMERIC with no precision or scale (the exact Decimal in and out, never
float8), times as timestamptz, value lists as named CHECK constraints, and every constraint and
index named after its table by one rule."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa


def money(name: str, *, nullable: bool = True, comment: str | None = None) -> sa.Column:
    return sa.Column(name, sa.Numeric(asdecimal=True), nullable=nullable, comment=comment)


def time(name: str, *, nullable: bool = True, comment: str | None = None) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, comment=comment)


def text(name: str, *, nullable: bool = True, comment: str | None = None) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=nullable, comment=comment)


def money_columns(*names: str, nullable: bool = True) -> tuple[sa.Column, ...]:
    """Several money columns in a row that need no comment: one line states the group."""
    return tuple(money(name, nullable=nullable) for name in names)


def text_columns(*names: str, nullable: bool = True) -> tuple[sa.Column, ...]:
    return tuple(text(name, nullable=nullable) for name in names)


def time_columns(*names: str, nullable: bool = True) -> tuple[sa.Column, ...]:
    return tuple(time(name, nullable=nullable) for name in names)


def event_tags() -> tuple[sa.Column, sa.Column]:
    """The event and category a row belongs to, which reports group by (NULL where unknown)."""
    return text("event_id"), text("category")


def one_of(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    quoted = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({quoted})", name=name)


def identity(name: str) -> sa.Column:
    """A surrogate key the database numbers: for rows whose natural key may be NULL or long."""
    return sa.Column(name, sa.BigInteger, sa.Identity(always=True), primary_key=True)


def table(
    metadata: sa.MetaData,
    name: str,
    comment: str,
    *columns: sa.Column,
    key: tuple[str, ...] = (),
    unique: Mapping[str, tuple[str, ...]] | None = None,
    values: Mapping[str, tuple[str, ...]] | None = None,
    checks: Mapping[str, str] | None = None,
    indexes: Mapping[str, tuple[str, ...]] | None = None,
) -> sa.Table:
    """The table ``name`` with ``columns``, and its constraints and indexes named after it by one
    rule: ``key`` is the primary key ``<name>_pkey``; ``unique``, ``checks`` and ``indexes`` map a
    suffix to the columns or SQL it covers (``<name>_<suffix>``); ``values`` maps a column to the
    values it may hold (``<name>_<column>_check``). Constraints are created in that order, so the
    DDL lists them the same way for every table."""
    return sa.Table(
        name,
        metadata,
        *columns,
        *((sa.PrimaryKeyConstraint(*key, name=f"{name}_pkey"),) if key else ()),
        *(sa.UniqueConstraint(*cols, name=f"{name}_{suffix}") for suffix, cols in (unique or {}).items()),
        *(one_of(column, allowed, f"{name}_{column}_check") for column, allowed in (values or {}).items()),
        *(sa.CheckConstraint(sql, name=f"{name}_{suffix}") for suffix, sql in (checks or {}).items()),
        *(sa.Index(f"{name}_{suffix}", *cols) for suffix, cols in (indexes or {}).items()),
        comment=comment,
    )
