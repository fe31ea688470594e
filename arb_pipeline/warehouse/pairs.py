"""The pair tables: matched pairs, as the matcher, the pairs file and the review queue decide
them, and the decisions people take in the review queue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Row
from sqlalchemy.sql import Executable, TableClause

from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.matching.review import REVIEW_DECIDER, Decision, PairDecision, QueuedPair
from arb_pipeline.domain.models import MatchedPair, PairStatus, PairTransform, Venue
from arb_pipeline.warehouse.bulk import any_changed, aware, clean_text, copy_merge, select_in_key_order
from arb_pipeline.warehouse.store import Db, opened

# MatchedPair.decided_by of a pair a user pinned or rejected in the pairs file, or approved or
# rejected from the review queue; such a decision always wins over the automatic matcher
# (docs/matching.md).
HUMAN_DECIDERS = (PAIRS_FILE_DECIDER, REVIEW_DECIDER)

# --- matched pairs ------------------------------------------------------------------------------

_PAIR_DECISION = (
    "kalshi_tickers", "polymarket_yes_token", "polymarket_no_token", "confidence", "status", "reasons",
    "transform", "decided_by", "category",
)  # fmt: skip
_PAIR_COLUMNS = ("kalshi_ticker", "polymarket_market_id", *_PAIR_DECISION, "decided_at")
# MatchedPair fields a row holds under their own name, as they are.
_PAIR_AS_STORED = (
    "kalshi_ticker", "polymarket_market_id", "polymarket_yes_token", "polymarket_no_token", "confidence", "decided_by",
    "category",
)  # fmt: skip


def _pair_row(pair: MatchedPair, decided_at: datetime) -> tuple[Any, ...]:
    return (
        pair.kalshi_ticker,
        pair.polymarket_market_id,
        list(pair.kalshi_tickers),
        pair.polymarket_yes_token,
        pair.polymarket_no_token,
        float(pair.confidence),
        PairStatus(pair.status).value,
        [clean_text(reason) for reason in pair.reasons],
        PairTransform(pair.transform).value,
        pair.decided_by,
        pair.category,
        decided_at,
    )


def _pair_merge(target: sa.Table) -> Callable[[TableClause], Executable]:
    def merge(staging: TableClause) -> Executable:
        insert = pg_insert(target).from_select(
            _PAIR_COLUMNS, select_in_key_order(staging, _PAIR_COLUMNS, ("kalshi_ticker", "polymarket_market_id"))
        )
        excluded = insert.excluded
        updates: dict[str, Any] = {name: excluded[name] for name in _PAIR_DECISION}
        # decided_at says when the current decision was taken: a matcher re-run that reaches the
        # same decision leaves it alone.
        updates["decided_at"] = sa.case(
            (any_changed(target, excluded, _PAIR_DECISION), excluded.decided_at), else_=target.c.decided_at
        )
        return insert.on_conflict_do_update(
            constraint="matched_pairs_kalshi_polymarket_key",
            set_=updates,
            # A person's decision always wins over the automatic matcher (docs/matching.md).
            where=sa.or_(target.c.decided_by.not_in(HUMAN_DECIDERS), excluded.decided_by.in_(HUMAN_DECIDERS)),
        )

    return merge


def write_pairs(db: Db, pairs: Iterable[MatchedPair], *, decided_at: datetime | None = None) -> int:
    """Insert or update matched pairs (keyed by Kalshi ticker and Polymarket market id); returns
    the rows written. A stored decision of a person (pairs file or review) is never replaced by a
    matcher decision; given both for one pair in one call, the person's is kept."""
    decided_at = aware(decided_at, "decided_at")
    chosen: dict[tuple[str, str], MatchedPair] = {}
    for pair in pairs:
        key = pair.key
        held = chosen.get(key)
        if held is None or pair.decided_by in HUMAN_DECIDERS or held.decided_by not in HUMAN_DECIDERS:
            chosen[key] = pair
    rows = (_pair_row(pair, decided_at) for pair in chosen.values())
    with opened(db) as session:
        target = session.tables.matched_pairs
        return copy_merge(session.connection, target, _PAIR_COLUMNS, rows, [_pair_merge(target)])[0]


def write_match_run(db: Db, pairs: Sequence[MatchedPair], *, decided_at: datetime | None = None) -> int:
    """Store a whole matching run: decisions of people the run no longer carries are released,
    then every pair is written, in one transaction. Returns the pair rows written."""
    with opened(db) as session:
        _release_human_decisions(session, pairs)
        return write_pairs(session, pairs, decided_at=decided_at)


def write_shard_match_run(
    db: Db,
    owns: Callable[[str], bool],
    settle: Callable[[list[MatchedPair]], Sequence[MatchedPair]],
    *,
    decided_at: datetime | None = None,
) -> tuple[MatchedPair, ...]:
    """Store one scan shard's matching run (docs/operations.md#scale-out), ``owns`` telling the
    shard's Kalshi key tickers. In one transaction that holds ``matched_pairs`` against the other
    shards' runs: ``settle`` is given the other shards' stored approved and review pairs and returns
    this run's pairs (:mod:`arb_pipeline.domain.scan_shards`); the shard's decisions the run no
    longer carries are released and its pairs written. Nothing of another shard is written.
    Returns the pairs stored."""
    with opened(db) as session:
        table = session.tables.matched_pairs
        # Readers go on; a second shard's run waits here until this one commits, so each sees
        # the claims of every run committed before it.
        session.connection.exec_driver_sql(f'LOCK TABLE "{table.schema}"."{table.name}" IN SHARE ROW EXCLUSIVE MODE')
        stored = read_pairs(session, (PairStatus.APPROVED, PairStatus.REVIEW))
        pairs = tuple(settle([p for p in stored if not owns(p.kalshi_ticker)]))
        _release_human_decisions(session, pairs, owns=owns)
        write_pairs(session, pairs, decided_at=decided_at)
        return pairs


def _release_human_decisions(db: Db, current: Iterable[MatchedPair], *, owns: Callable[[str], bool] | None = None) -> int:
    """Drop stored decisions of people (pairs file, review) that ``current`` (a whole matching run,
    pins included) no longer carries: a pin or rejection taken out of the file, or a review
    decision withdrawn, must stop binding, or a pair nobody vouches for any more would stay
    approved forever. The matcher's decision for that pair, written next, takes its place.
    With ``owns`` (a shard's test of a Kalshi key ticker), ``current`` is one shard's run and only
    that shard's decisions are released: another shard's pins are not this run's to judge.
    Returns the rows released."""
    keep = {p.key for p in current if p.decided_by in HUMAN_DECIDERS}
    with opened(db) as session:
        table = session.tables.matched_pairs
        key = sa.tuple_(table.c.kalshi_ticker, table.c.polymarket_market_id)
        statement = sa.delete(table).where(table.c.decided_by.in_(HUMAN_DECIDERS))
        if owns is not None:
            stored = session.connection.execute(
                sa.select(table.c.kalshi_ticker, table.c.polymarket_market_id).where(table.c.decided_by.in_(HUMAN_DECIDERS))
            )
            released = [(ticker, market) for ticker, market in stored if owns(ticker) and (ticker, market) not in keep]
            if not released:
                return 0
            statement = statement.where(key.in_(released))
        elif keep:
            statement = statement.where(key.not_in(sorted(keep)))
        return session.connection.execute(statement, execution_options={"preserve_rowcount": True}).rowcount


def read_pairs(db: Db, status: PairStatus | str | Iterable[PairStatus | str] | None = None) -> list[MatchedPair]:
    """Stored pairs, all or those with ``status`` (one, or several), by Kalshi ticker then
    Polymarket market id."""
    with opened(db) as session:
        table = session.tables.matched_pairs
        query = sa.select(table).order_by(table.c.kalshi_ticker, table.c.polymarket_market_id)
        if isinstance(status, (PairStatus, str)):
            query = query.where(table.c.status == PairStatus(status).value)
        elif status is not None:
            query = query.where(table.c.status.in_([PairStatus(s).value for s in status]))
        return [_pair_from_row(row) for row in session.connection.execute(query)]


def _pair_from_row(row: Row[Any]) -> MatchedPair:
    return MatchedPair(
        **{name: getattr(row, name) for name in _PAIR_AS_STORED},
        status=PairStatus(row.status),
        reasons=tuple(row.reasons),
        transform=PairTransform(row.transform),
        kalshi_tickers=tuple(row.kalshi_tickers),
    )


def read_pair(db: Db, kalshi_ticker: str, polymarket_market_id: str) -> MatchedPair | None:
    with opened(db) as session:
        table = session.tables.matched_pairs
        row = session.connection.execute(
            sa.select(table).where(table.c.kalshi_ticker == kalshi_ticker, table.c.polymarket_market_id == polymarket_market_id)
        ).one_or_none()
        return _pair_from_row(row) if row is not None else None


def read_review_queue(db: Db) -> list[QueuedPair]:
    """Pairs in review, the longest waiting first, with both markets' titles and the name of the
    outcome the matcher says pays on Kalshi YES. ``decided_at`` is when the pair entered review:
    a matcher run that keeps it in review leaves it alone."""
    with opened(db) as session:
        pairs, markets = session.tables.matched_pairs, session.tables.venue_markets
        kalshi = markets.alias("kalshi")
        polymarket = markets.alias("polymarket")
        query = (
            sa.select(pairs, kalshi.c.title.label("kalshi_title"), polymarket.c.title.label("polymarket_title"),
                      polymarket.c.outcomes.label("polymarket_outcomes"))
            .select_from(
                pairs.outerjoin(kalshi, sa.and_(kalshi.c.venue == Venue.KALSHI.value, kalshi.c.market_id == pairs.c.kalshi_ticker))
                .outerjoin(polymarket, sa.and_(polymarket.c.venue == Venue.POLYMARKET.value,
                                               polymarket.c.market_id == pairs.c.polymarket_market_id))
            )
            .where(pairs.c.status == PairStatus.REVIEW.value)
            .order_by(pairs.c.decided_at, pairs.c.kalshi_ticker, pairs.c.polymarket_market_id)
        )
        queue = []
        for row in session.connection.execute(query):
            names = {o.get("token_id"): o.get("name") for o in row.polymarket_outcomes or []}
            queue.append(QueuedPair(_pair_from_row(row), row.decided_at, row.kalshi_title, row.polymarket_title,
                                    names.get(row.polymarket_yes_token)))
        return queue


# --- decisions from the review queue ------------------------------------------------------------


def write_decision(db: Db, decision: PairDecision, pair: MatchedPair | None = None) -> None:
    """Record a person's decision (a later decision on the same pair replaces it) and, when given,
    the pair it makes (decided_by "review"), in one transaction: the pair leaves the queue at
    once, and the next matching run applies the decision like a pin or a rejection."""
    if pair is not None and pair.decided_by != REVIEW_DECIDER:
        raise ValueError(f"pair {pair.kalshi_ticker} x {pair.polymarket_market_id} is decided by {pair.decided_by}, "
                         f"not by a review decision")
    with opened(db) as session:
        table = session.tables.pair_decisions
        values = {
            "kalshi_ticker": decision.kalshi_ticker,
            "polymarket_market_id": decision.polymarket_market_id,
            "decision": decision.decision.value,
            "pays_on_kalshi_yes": decision.pays_on_kalshi_yes,
            "reason": clean_text(decision.reason),
            "decided_by": clean_text(decision.decided_by),
            "decided_at": aware(decision.decided_at, "decided_at"),
        }
        insert = pg_insert(table).values(values)
        session.connection.execute(insert.on_conflict_do_update(
            constraint="pair_decisions_pkey",
            set_={name: insert.excluded[name] for name in values if name not in ("kalshi_ticker", "polymarket_market_id")},
        ))
        if pair is not None:
            write_pairs(session, [pair], decided_at=decision.decided_at)


def _decision_from_row(row: Row[Any]) -> PairDecision:
    return PairDecision(row.kalshi_ticker, row.polymarket_market_id, Decision(row.decision), row.decided_by,
                        row.decided_at, row.reason, row.pays_on_kalshi_yes)


def delete_decision(db: Db, kalshi_ticker: str, polymarket_market_id: str) -> PairDecision | None:
    """Withdraw a decision and the pair it made: nothing trades on the pair until the next
    matching run decides it again. Returns the decision withdrawn, or None when the pair had none."""
    with opened(db) as session:
        decisions, pairs = session.tables.pair_decisions, session.tables.matched_pairs
        row = session.connection.execute(
            sa.delete(decisions)
            .where(decisions.c.kalshi_ticker == kalshi_ticker, decisions.c.polymarket_market_id == polymarket_market_id)
            .returning(*decisions.c)
        ).one_or_none()
        if row is None:
            return None
        session.connection.execute(sa.delete(pairs).where(
            pairs.c.kalshi_ticker == kalshi_ticker, pairs.c.polymarket_market_id == polymarket_market_id,
            pairs.c.decided_by == REVIEW_DECIDER,
        ))
        return _decision_from_row(row)


def read_decisions(db: Db) -> list[PairDecision]:
    """Every recorded decision, oldest first."""
    with opened(db) as session:
        table = session.tables.pair_decisions
        query = sa.select(table).order_by(table.c.decided_at, table.c.kalshi_ticker, table.c.polymarket_market_id)
        return [_decision_from_row(row) for row in session.connection.execute(query)]
