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


def one_of(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    quoted = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({quoted})", name=name)
