"""The daily report's PnL and match-quality sections as a trader reads them: a pair's legs side by
side, and ages that say when they were measured."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import sqlalchemy as sa

from arb_pipeline.reports.daily import match_quality_table, pnl_table
from arb_pipeline.warehouse import marts


def _pnl_row(pair: str, venue: str, realized: str) -> dict:
    return {
        "signal_kind": "arbitrage", "pair_key": pair, "venue": venue, "realized": Decimal(realized),
        "unrealized": Decimal(0), "marked": True, "fees": Decimal("0.50"), "fills": 1, "volume_usd": Decimal("10"),
        "settlements": 1, "cumulative_realized": Decimal(realized),
    }  # fmt: skip


def test_the_days_pnl_rows_come_a_pair_at_a_time(warehouse_engine, warehouse_schema):
    # One leg of an arbitrage alone reads as a large win or loss; its pair's other leg belongs next to it.
    legs = [("B~2", "kalshi", "-490.32"), ("A~1", "polymarket", "146.03"), ("B~2", "polymarket", "510.20"),
            ("A~1", "kalshi", "-136.80")]  # fmt: skip
    day = date(2026, 12, 7)
    schema = f"{warehouse_schema}_marts"
    with warehouse_engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
        connection.exec_driver_sql(
            f"CREATE TABLE {schema}.daily_pnl (arb_date date, signal_kind text, pair_key text, venue text, realized numeric)"
        )
        for pair, venue, realized in legs:
            connection.execute(
                sa.text(f"INSERT INTO {schema}.daily_pnl VALUES (:day, 'arbitrage', :pair, :venue, :realized)"),
                {"day": day, "pair": pair, "venue": venue, "realized": Decimal(realized)},
            )
        read = connection.execute(sa.text(marts._DAY_QUERIES["pnl"].format(marts=schema)), {"day": day}).all()
    assert [(row.pair_key, row.venue) for row in read] == [
        ("A~1", "kalshi"), ("A~1", "polymarket"), ("B~2", "kalshi"), ("B~2", "polymarket")
    ]
    table = pnl_table([_pnl_row(pair, venue, realized) for pair, venue, realized in legs])
    assert "each pair's legs together" in table.caption
    assert [row[3] for row in table.rows] == ["-$490.32", "$146.03", "$510.20", "-$136.80"]


def test_match_quality_ages_say_when_they_were_measured():
    built = datetime(2026, 12, 7, 2, 56, 8, tzinfo=timezone(timedelta(hours=1)))
    row = {
        "as_of": built, "status": "approved", "confidence_band": "0.9-1.0", "pairs": 134, "pinned_by_pairs_file": 0,
        "with_open_markets": 134, "max_age_hours": Decimal("0.05"),
    }  # fmt: skip
    table = match_quality_table([row])
    assert table.caption == "matched pairs as of 2026-12-07 01:56 UTC, by status and confidence; ages as of then"
    assert table.rows[0][-1] == "3 min 00 s ago"
    assert match_quality_table([]).caption == "matched pairs, by status and confidence; ages as of then"
