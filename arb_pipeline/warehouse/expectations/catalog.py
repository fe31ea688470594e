"""Suites over the catalog tables: each venue's markets as its latest catalog read stored them,
and the Kalshi series with the fee parameters every market of a series pays."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from arb_pipeline.domain.fees import KALSHI_FEE_TYPES
from arb_pipeline.domain.models import MarketStatus, Venue
from arb_pipeline.warehouse.expectations.suite import Part, SuiteResult, gx_expectations, read_frame, run_suite
from arb_pipeline.warehouse.store import Warehouse

MARKET_KEYS = ("venue", "market_id")
_MARKET_PRICES = ("top_bid", "top_ask", "last_price", "outcome_price_min", "outcome_price_max")
# A year outside these is a unit error (milliseconds read as seconds, a zero epoch), not a market.
SANE_YEARS = (2000, 2100)
_CATALOG_COLUMNS = (
    "venue", "market_id", "title", "status", "top_bid", "top_ask", "last_price", "outcome_price_min",
    "outcome_price_max", "tick_size", "fee_multiplier", "fee_rate", "close_after_open_s", "open_year",
    "close_year", "expiration_year",
)  # fmt: skip


def catalog_frame(warehouse: Warehouse, venue: Venue | str) -> pd.DataFrame:
    """The markets of ``venue`` that its latest catalog read wrote (every row of one read shares
    its ``last_seen``): what the catalog asset just stored, not the venue's whole history."""
    markets = f"{warehouse.schema}.venue_markets"
    query = sa.text(
        f"""
        select venue, market_id, title, status, top_bid, top_ask, last_price,
            (select min((o ->> 'display_price')::numeric) from jsonb_array_elements(outcomes) as o) as outcome_price_min,
            (select max((o ->> 'display_price')::numeric) from jsonb_array_elements(outcomes) as o) as outcome_price_max,
            tick_size, fee_multiplier, fee_rate,
            extract(epoch from close_time - open_time) as close_after_open_s,
            extract(year from open_time at time zone 'UTC') as open_year,
            extract(year from close_time at time zone 'UTC') as close_year,
            extract(year from expiration_time at time zone 'UTC') as expiration_year
        from {markets}
        where venue = :venue and last_seen = (select max(last_seen) from {markets} where venue = :venue)
        order by market_id
        """
    ).bindparams(venue=Venue(venue).value)
    return read_frame(warehouse, query, _CATALOG_COLUMNS, numeric=_CATALOG_COLUMNS[4:])


def validate_catalog(frame: pd.DataFrame, venue: Venue | str) -> SuiteResult:
    gxe = gx_expectations()
    low, high = SANE_YEARS
    expectations = [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"every market has a {c}") for c in ("market_id", "title", "status")),
        gxe.ExpectColumnValuesToBeInSet(column="venue", value_set=[Venue(venue).value], description=f"every row is a {Venue(venue).value} market"),
        gxe.ExpectColumnValuesToBeInSet(
            column="status", value_set=[s.value for s in MarketStatus], description="status is a known lifecycle state"
        ),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=list(MARKET_KEYS), description="one row per venue and market id"),
        *(
            gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=1, description=f"{c} is a price in [0, 1]")
            for c in _MARKET_PRICES
        ),
        gxe.ExpectColumnValuesToBeBetween(
            column="tick_size", min_value=0, max_value=1, strict_min=True, description="tick size in (0, 1]"
        ),
        gxe.ExpectColumnValuesToBeBetween(column="fee_multiplier", min_value=0, description="fee multiplier >= 0"),
        gxe.ExpectColumnValuesToBeBetween(column="fee_rate", min_value=0, description="fee rate >= 0"),
        gxe.ExpectColumnValuesToBeBetween(
            column="close_after_open_s", min_value=0, description="a market closes at or after it opens"
        ),
        *(
            gxe.ExpectColumnValuesToBeBetween(
                column=c, min_value=low, max_value=high, description=f"{c.removesuffix('_year')} time is a real date ({low}-{high})"
            )
            for c in ("open_year", "close_year", "expiration_year")
        ),
    ]
    return run_suite(f"{Venue(venue).value}_markets", [Part("markets", frame, MARKET_KEYS, expectations)])


def series_frame(warehouse: Warehouse) -> pd.DataFrame:
    table = warehouse.tables.kalshi_series
    columns = ("ticker", "title", "fee_type", "fee_multiplier")
    query = sa.select(*(table.c[name] for name in columns)).order_by(table.c.ticker)
    return read_frame(warehouse, query, columns, numeric=["fee_multiplier"])


def validate_series(frame: pd.DataFrame) -> SuiteResult:
    gxe = gx_expectations()
    expectations = [
        *(gxe.ExpectColumnValuesToNotBeNull(column=c, description=f"every series has a {c}") for c in ("ticker", "title", "fee_type", "fee_multiplier")),
        gxe.ExpectColumnValuesToBeUnique(column="ticker", description="one row per series ticker"),
        gxe.ExpectColumnValuesToBeInSet(
            column="fee_type", value_set=sorted(KALSHI_FEE_TYPES), description=f"fee type is one of {', '.join(sorted(KALSHI_FEE_TYPES))}"
        ),
        gxe.ExpectColumnValuesToBeBetween(column="fee_multiplier", min_value=0, description="fee multiplier >= 0"),
    ]
    return run_suite("kalshi_series", [Part("series", frame, ("ticker",), expectations)])
