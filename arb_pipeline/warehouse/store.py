"""The warehouse as one object: an engine, a schema name and the loads and reads over them.
Dagster resources and the streamer hold one of these; each call is its own transaction."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection, Engine

from arb_pipeline.config import SettingsError
from arb_pipeline.domain.matching.review import REVIEW_DECIDER, PairDecision, QueuedPair
from arb_pipeline.domain.models import (
    KalshiOrderBook,
    Market,
    MatchedPair,
    OrderBook,
    PairStatus,
    Series,
    Spread,
    Venue,
)
from arb_pipeline.warehouse import load
from arb_pipeline.warehouse.connection import get_engine, transaction
from arb_pipeline.warehouse.load import SpreadLoad, StoredBooks
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
        """One transaction for several loads that must land together."""
        with transaction(self.engine) as connection:
            yield connection

    def upsert_markets(self, markets: Iterable[Market], *, seen_at: datetime | None = None) -> int:
        with self.transaction() as connection:
            return load.upsert_markets(connection, markets, schema=self.schema, seen_at=seen_at)

    def record_catalog(self, venue: Venue | str, markets: Iterable[Market], *, seen_at: datetime | None = None) -> tuple[int, int]:
        """Store a complete read of ``venue``'s open listing: upsert its markets, then retire the
        ones it no longer lists, in one transaction. Returns (rows written, markets retired)."""
        seen_at = seen_at or datetime.now(tz=UTC)
        with self.transaction() as connection:
            written = load.upsert_markets(connection, markets, schema=self.schema, seen_at=seen_at)
            return written, load.retire_unlisted(connection, venue, seen_at, schema=self.schema)

    def upsert_series(self, series: Iterable[Series], *, seen_at: datetime | None = None) -> int:
        with self.transaction() as connection:
            return load.upsert_series(connection, series, schema=self.schema, seen_at=seen_at)

    def upsert_pairs(self, pairs: Iterable[MatchedPair], *, decided_at: datetime | None = None) -> int:
        with self.transaction() as connection:
            return load.upsert_pairs(connection, pairs, schema=self.schema, decided_at=decided_at)

    def record_match(self, pairs: Sequence[MatchedPair], *, decided_at: datetime | None = None) -> int:
        """Store a whole matching run: pairs-file decisions the run no longer carries are
        released, then every pair is upserted, in one transaction."""
        with self.transaction() as connection:
            load.release_pins(connection, pairs, schema=self.schema)
            return load.upsert_pairs(connection, pairs, schema=self.schema, decided_at=decided_at)

    def record_shard_match(
        self,
        owns: Callable[[str], bool],
        settle: Callable[[list[MatchedPair]], Sequence[MatchedPair]],
        *,
        decided_at: datetime | None = None,
    ) -> tuple[MatchedPair, ...]:
        """Store one shard's matching run, ``owns`` telling its Kalshi key tickers. In one
        transaction that holds ``matched_pairs`` against the other shards' runs: ``settle`` is
        given the other shards' stored approved and review pairs and returns this run's pairs
        (domain/scan_shards.py), the shard's released decisions go, its pairs are upserted.
        Nothing of another shard is written. Returns the pairs stored."""
        with self.transaction() as connection:
            load.lock_pairs(connection, schema=self.schema)
            stored = load.load_pairs(connection, (PairStatus.APPROVED, PairStatus.REVIEW), schema=self.schema)
            pairs = tuple(settle([p for p in stored if not owns(p.kalshi_ticker)]))
            load.release_pins(connection, pairs, schema=self.schema, owns=owns)
            load.upsert_pairs(connection, pairs, schema=self.schema, decided_at=decided_at)
            return pairs

    def load_pair(self, kalshi_ticker: str, polymarket_market_id: str) -> MatchedPair | None:
        with self.transaction() as connection:
            return load.load_pair(connection, kalshi_ticker, polymarket_market_id, schema=self.schema)

    def load_review_queue(self) -> list[QueuedPair]:
        """Pairs in review, the longest waiting first."""
        with self.transaction() as connection:
            return load.load_review_queue(connection, schema=self.schema)

    def record_decision(self, decision: PairDecision, pair: MatchedPair | None = None) -> None:
        """Record a person's decision and, when given, the pair it makes (decided_by "review"),
        in one transaction: the pair leaves the queue at once, and the next matching run applies
        the decision like a pin or a rejection."""
        if pair is not None and pair.decided_by != REVIEW_DECIDER:
            raise ValueError(f"pair {pair.kalshi_ticker} x {pair.polymarket_market_id} is decided by {pair.decided_by}, "
                             f"not by a review decision")
        with self.transaction() as connection:
            load.upsert_pair_decision(connection, decision, schema=self.schema)
            if pair is not None:
                load.upsert_pairs(connection, [pair], schema=self.schema, decided_at=decision.decided_at)

    def withdraw_decision(self, kalshi_ticker: str, polymarket_market_id: str) -> PairDecision | None:
        """Remove a decision and the pair it made: nothing trades on the pair until the next
        matching run decides it again. Returns the decision withdrawn, or None."""
        with self.transaction() as connection:
            decision = load.delete_pair_decision(connection, kalshi_ticker, polymarket_market_id, schema=self.schema)
            if decision is not None:
                load.delete_pair(connection, kalshi_ticker, polymarket_market_id, decided_by=REVIEW_DECIDER,
                                 schema=self.schema)
            return decision

    def load_pair_decisions(self) -> list[PairDecision]:
        with self.transaction() as connection:
            return load.load_pair_decisions(connection, schema=self.schema)

    def insert_quote_snapshot(
        self,
        snapshot_id: str,
        snapshot_ts: datetime,
        kalshi_books: Iterable[KalshiOrderBook] | Mapping[str, KalshiOrderBook],
        polymarket_books: Iterable[OrderBook] | Mapping[str, OrderBook],
    ) -> int:
        with self.transaction() as connection:
            return load.insert_quote_snapshot(
                connection, snapshot_id, snapshot_ts, kalshi_books, polymarket_books, schema=self.schema
            )

    def insert_spreads(self, snapshot_id: str, spreads: Iterable[Spread], *, with_opportunities: bool = True) -> SpreadLoad:
        with self.transaction() as connection:
            return load.insert_spreads(
                connection, snapshot_id, spreads, schema=self.schema, with_opportunities=with_opportunities
            )

    def load_market(self, venue: Venue | str, market_id: str) -> Market | None:
        with self.transaction() as connection:
            return load.load_market(connection, venue, market_id, schema=self.schema)

    def load_markets(self, venue: Venue | str) -> list[Market]:
        with self.transaction() as connection:
            return load.load_markets(connection, venue, schema=self.schema)

    def load_series(self, *, latest_read: bool = False) -> dict[str, Series]:
        with self.transaction() as connection:
            return load.load_series(connection, schema=self.schema, latest_read=latest_read)

    def load_pairs(self, status: PairStatus | str | Iterable[PairStatus | str] | None = None) -> list[MatchedPair]:
        with self.transaction() as connection:
            return load.load_pairs(connection, status, schema=self.schema)

    def latest_books(self, max_age: timedelta | None = None, *, now: datetime | None = None) -> StoredBooks:
        with self.transaction() as connection:
            return load.latest_books(connection, max_age, schema=self.schema, now=now)

    def snapshot_books(
        self,
        snapshot_id: str,
        *,
        kalshi_tickers: Collection[str] | None = None,
        polymarket_tokens: Collection[str] | None = None,
    ) -> StoredBooks:
        with self.transaction() as connection:
            return load.snapshot_books(
                connection,
                snapshot_id,
                schema=self.schema,
                kalshi_tickers=kalshi_tickers,
                polymarket_tokens=polymarket_tokens,
            )

    def snapshot_duplicate_rows(self, snapshot_id: str) -> int:
        with self.transaction() as connection:
            return load.snapshot_duplicate_rows(connection, snapshot_id, schema=self.schema)

    def load_spreads(self, snapshot_id: str) -> list[Spread]:
        with self.transaction() as connection:
            return load.load_spreads(connection, snapshot_id, schema=self.schema)

    def insert_opportunities(
        self,
        snapshot_id: str,
        *,
        kalshi_tickers: Collection[str] | None = None,
        polymarket_market_ids: Collection[str] | None = None,
    ) -> int:
        with self.transaction() as connection:
            return load.insert_opportunities(
                connection,
                snapshot_id,
                schema=self.schema,
                kalshi_tickers=kalshi_tickers,
                polymarket_market_ids=polymarket_market_ids,
            )

    def load_snapshot_opportunities(self, snapshot_id: str) -> list[Spread]:
        with self.transaction() as connection:
            return load.load_snapshot_opportunities(connection, snapshot_id, schema=self.schema)

    def load_opportunities(self, since: datetime) -> list[Spread]:
        with self.transaction() as connection:
            return load.load_opportunities(connection, since, schema=self.schema)
