"""Column builders every warehouse table uses, so each table module states its columns the same
way: money as NUMERIC with no precision or scale (the exact Decimal in and out, never float8),
times as timestamptz, and value lists as named CHECK constraints."""

from __future__ import annotations

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
