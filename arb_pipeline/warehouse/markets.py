"""The catalog tables: venue markets and Kalshi series, written by bulk upsert and read back as
domain models."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.sql import Executable, TableClause

from arb_pipeline.domain.fees import STORED_FEE_FIELDS, fee_schedule_from_stored
from arb_pipeline.domain.models import KalshiFeeSchedule, Market, MarketStatus, Outcome, Series, Strike, TopOfBook, Venue
from arb_pipeline.domain.scan_shards import Placement
from arb_pipeline.warehouse.bulk import (
    COPY_BATCH_ROWS,
    WarehouseDataError,
    any_changed,
    aware,
    clean_text,
    copy_merge,
    decimal_text,
    json_text,
    optional_decimal,
    select_in_key_order,
    text_array,
)
from arb_pipeline.warehouse.store import Db, opened

# What a market *is*; a change here moves updated_at. Quote hints, raw and bookkeeping move every
# refresh and do not.
_MARKET_DEFINITION = (
    "event_id", "series_id", "title", "subtitle", "rules", "category", "status", "venue_status",
    "open_time", "close_time", "expiration_time", "strike_type", "floor_strike", "cap_strike",
    "tick_size", "condition_id", "slug", "market_type", "result", "event_title", "game_start_time",
    "neg_risk", "outcomes", "fee_type", "fee_multiplier", "fees_enabled", "fee_rate", "fee_exponent",
    "fee_taker_only", "fee_rebate_rate",
)  # fmt: skip
_MARKET_COLUMNS = (
    "venue", "market_id", *_MARKET_DEFINITION, "has_top_of_book", "top_bid", "top_ask", "top_bid_size",
    "top_ask_size", "last_price", "first_seen", "last_seen", "updated_at", "raw",
)  # fmt: skip
# Market fields stored under their own name as they are, and the texts stored cleaned of what
# PostgreSQL text refuses; both read back as stored.
_MARKET_AS_STORED = (
    "market_id", "event_id", "series_id", "venue_status", "open_time", "close_time", "expiration_time", "tick_size",
    "condition_id", "slug", "market_type", "result", "game_start_time", "neg_risk",
)  # fmt: skip
_MARKET_TEXTS = ("title", "subtitle", "rules", "category", "event_title")


def _market_row(market: Market, seen_at: datetime) -> tuple[Any, ...]:
    if market.venue not in (Venue.KALSHI, Venue.POLYMARKET):
        raise WarehouseDataError(f"market {market.market_id}: venue {market.venue!r} has no market catalog")
    fee_fields = dict.fromkeys(STORED_FEE_FIELDS) | (market.fee.stored() if market.fee else {})
    strike = market.strike or Strike()
    top = market.top_of_book
    values = {
        "venue": market.venue.value,
        **{name: getattr(market, name) for name in _MARKET_AS_STORED},
        **{name: clean_text(getattr(market, name)) for name in _MARKET_TEXTS},
        "status": MarketStatus(market.status).value,
        "strike_type": strike.strike_type,
        "floor_strike": strike.floor,
        "cap_strike": strike.cap,
        "outcomes": json_text(
            [
                {"name": o.name, "token_id": o.token_id, "display_price": decimal_text(o.display_price)}
                for o in market.outcomes
            ]
        ),
        **fee_fields,
        "has_top_of_book": top is not None,
        "top_bid": top.bid if top else None,
        "top_ask": top.ask if top else None,
        "top_bid_size": top.bid_size if top else None,
        "top_ask_size": top.ask_size if top else None,
        "last_price": top.last if top else None,
        "first_seen": seen_at,
        "last_seen": seen_at,
        "updated_at": seen_at,
        "raw": json_text(dict(market.raw)),
    }
    return tuple(values[name] for name in _MARKET_COLUMNS)


def _market_merge(target: sa.Table) -> Callable[[TableClause], Executable]:
    def merge(staging: TableClause) -> Executable:
        insert = pg_insert(target).from_select(
            _MARKET_COLUMNS, select_in_key_order(staging, _MARKET_COLUMNS, ("venue", "market_id"))
        )
        excluded = insert.excluded
        updates: dict[str, Any] = {
            name: excluded[name] for name in _MARKET_COLUMNS if name not in ("venue", "market_id", "first_seen")
        }
        updates["updated_at"] = sa.case(
            (any_changed(target, excluded, _MARKET_DEFINITION), excluded.updated_at), else_=target.c.updated_at
        )
        return insert.on_conflict_do_update(
            constraint="venue_markets_pkey",
            set_=updates,
            # A catalog loaded late (a retried older run) never overwrites a newer one.
            where=excluded.last_seen >= target.c.last_seen,
        )

    return merge


def write_markets(db: Db, markets: Iterable[Market], *, seen_at: datetime | None = None,
                  batch_size: int = COPY_BATCH_ROWS) -> int:
    """Insert new markets and update known ones (keyed by venue and market id); returns the rows
    written. ``seen_at`` (default now) becomes ``last_seen``, ``first_seen`` on new rows, and
    ``updated_at`` where the market's definition changed. A market given twice: the last wins."""
    seen_at = aware(seen_at, "seen_at")
    latest = {(market.venue, market.market_id): market for market in markets}
    rows = (_market_row(market, seen_at) for market in latest.values())
    with opened(db) as session:
        target = session.tables.venue_markets
        return copy_merge(session.connection, target, _MARKET_COLUMNS, rows, [_market_merge(target)], batch_size)[0]


def write_catalog(db: Db, venue: Venue | str, markets: Iterable[Market], *,
                  seen_at: datetime | None = None) -> tuple[int, int]:
    """Store a complete read of ``venue``'s open listing: write its markets, then close the ones
    it no longer lists, in one transaction. Returns (rows written, markets closed)."""
    seen_at = seen_at or datetime.now(tz=UTC)
    with opened(db) as session:
        return write_markets(session, markets, seen_at=seen_at), _close_unlisted(session, venue, seen_at)


#: Statuses a market can hold while it is still in a venue's open listing.
_LISTED_STATUSES = (MarketStatus.UNOPENED.value, MarketStatus.OPEN.value, MarketStatus.PAUSED.value)


def _close_unlisted(db: Db, venue: Venue | str, seen_at: datetime) -> int:
    """After a complete read of ``venue``'s open listing stored at ``seen_at``: every market the
    read did not see is no longer listed as open there (closed, settled or delisted), so it is
    marked closed and stops being matched and snapshotted. Without this, a market that left the
    venue would stay "open" here forever and its book requests would fail. The venue's own status
    word is kept. Returns the markets closed."""
    seen_at = aware(seen_at, "seen_at")
    with opened(db) as session:
        table = session.tables.venue_markets
        statement = (
            sa.update(table)
            .where(table.c.venue == Venue(venue).value, table.c.status.in_(_LISTED_STATUSES), table.c.last_seen < seen_at)
            .values(status=MarketStatus.CLOSED.value, updated_at=seen_at)
        )
        return session.connection.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


def _market_from_row(row: Row[Any]) -> Market:
    try:
        fee = fee_schedule_from_stored(row._mapping)
    except ValueError as exc:
        raise WarehouseDataError(f"{row.venue} market {row.market_id}: {exc}") from None
    has_strike = row.strike_type is not None or row.floor_strike is not None or row.cap_strike is not None
    return Market(
        venue=Venue(row.venue),
        **{name: getattr(row, name) for name in (*_MARKET_AS_STORED, *_MARKET_TEXTS)},
        status=MarketStatus(row.status),
        outcomes=tuple(
            Outcome(o["name"], o.get("token_id"), optional_decimal(o.get("display_price"))) for o in row.outcomes
        ),
        fee=fee,
        strike=Strike(row.strike_type, row.floor_strike, row.cap_strike) if has_strike else None,
        top_of_book=TopOfBook(row.top_bid, row.top_ask, row.top_bid_size, row.top_ask_size, row.last_price)
        if row.has_top_of_book
        else None,
        raw=row.raw,
    )


def read_market(db: Db, venue: Venue | str, market_id: str) -> Market | None:
    with opened(db) as session:
        table = session.tables.venue_markets
        row = session.connection.execute(
            sa.select(table).where(table.c.venue == Venue(venue).value, table.c.market_id == market_id)
        ).one_or_none()
        return _market_from_row(row) if row is not None else None


def read_markets(db: Db, venue: Venue | str, market_ids: Collection[str] | None = None) -> list[Market]:
    """Every stored market of ``venue``, by market id; given ``market_ids``, only those."""
    with opened(db) as session:
        table = session.tables.venue_markets
        query = sa.select(table).where(table.c.venue == Venue(venue).value)
        if market_ids is not None:
            query = query.where(table.c.market_id == sa.any_(text_array(market_ids)))
        return [_market_from_row(row) for row in session.connection.execute(query.order_by(table.c.market_id))]


def read_placements(db: Db) -> list[Placement]:
    """Where every stored market of both venues sits (its event, whether it trades), without the
    rest of its row: what a scan shard needs of the markets it does not read in full."""
    with opened(db) as session:
        table = session.tables.venue_markets
        query = sa.select(table.c.venue, table.c.market_id, table.c.event_id, table.c.status)
        return [
            Placement(Venue(row.venue), row.market_id, row.event_id, MarketStatus(row.status))
            for row in session.connection.execute(query.order_by(table.c.venue, table.c.market_id))
        ]


# --- series -------------------------------------------------------------------------------------

_SERIES_DEFINITION = ("title", "category", "frequency", "fee_type", "fee_multiplier", "settlement_sources")
_SERIES_COLUMNS = ("ticker", *_SERIES_DEFINITION, "first_seen", "last_seen", "updated_at", "raw")


def _series_row(series: Series, seen_at: datetime) -> tuple[Any, ...]:
    return (
        series.ticker,
        clean_text(series.title),
        clean_text(series.category),
        series.frequency,
        series.fee.fee_type,
        series.fee.multiplier,
        [clean_text(source) for source in series.settlement_sources],
        seen_at,
        seen_at,
        seen_at,
        json_text(dict(series.raw)),
    )


def _series_merge(target: sa.Table) -> Callable[[TableClause], Executable]:
    def merge(staging: TableClause) -> Executable:
        insert = pg_insert(target).from_select(
            _SERIES_COLUMNS, select_in_key_order(staging, _SERIES_COLUMNS, ("ticker",))
        )
        excluded = insert.excluded
        updates: dict[str, Any] = {name: excluded[name] for name in _SERIES_COLUMNS if name not in ("ticker", "first_seen")}
        updates["updated_at"] = sa.case(
            (any_changed(target, excluded, _SERIES_DEFINITION), excluded.updated_at), else_=target.c.updated_at
        )
        return insert.on_conflict_do_update(
            constraint="kalshi_series_pkey", set_=updates, where=excluded.last_seen >= target.c.last_seen
        )

    return merge


def write_series(db: Db, series: Iterable[Series], *, seen_at: datetime | None = None) -> int:
    """Insert or update Kalshi series (keyed by ticker) with their fee parameters; returns the
    rows written."""
    seen_at = aware(seen_at, "seen_at")
    latest = {item.ticker: item for item in series}
    rows = (_series_row(item, seen_at) for item in latest.values())
    with opened(db) as session:
        target = session.tables.kalshi_series
        return copy_merge(session.connection, target, _SERIES_COLUMNS, rows, [_series_merge(target)])[0]


def read_series(db: Db, *, latest_read: bool = False) -> dict[str, Series]:
    """Every stored Kalshi series, by ticker. ``latest_read``: only the series the newest read
    stored (one read stamps every series it lists with the same ``last_seen``); a series that read
    left out, malformed or listed twice with different fees, keeps an older stamp and is not
    returned, so its markets get no fee schedule, as from the read itself."""
    with opened(db) as session:
        table = session.tables.kalshi_series
        query = sa.select(table).order_by(table.c.ticker)
        if latest_read:
            query = query.where(table.c.last_seen == sa.select(sa.func.max(table.c.last_seen)).scalar_subquery())
        return {
            row.ticker: Series(
                ticker=row.ticker,
                title=row.title,
                category=row.category,
                frequency=row.frequency,
                fee=KalshiFeeSchedule(row.fee_type, row.fee_multiplier),
                settlement_sources=tuple(row.settlement_sources),
                raw=row.raw,
            )
            for row in session.connection.execute(query)
        }
