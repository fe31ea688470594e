"""Review decisions in the warehouse: recorded with who and when, replaced by a later decision,
withdrawn; the pair they make wins over the matcher until withdrawn; the queue reads oldest first."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from arb_pipeline.domain.matching.review import REVIEW_DECIDER, Decision, PairDecision
from arb_pipeline.domain.models import Market, MarketStatus, MatchedPair, Outcome, PairStatus, Venue
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import write_markets
from arb_pipeline.warehouse.pairs import delete_decision, read_decisions, read_pairs, read_review_queue, write_decision, write_match_run, write_pairs

T0 = datetime(2026, 1, 9, 15, 0, tzinfo=UTC)


def approval(ticker: str = "KXCPIYOY-26JAN-T2.8", market_id: str = "1100001", **changes: object) -> PairDecision:
    decision = PairDecision(ticker, market_id, Decision.APPROVE, "alice", T0, "rules read side by side", "111")
    return dataclasses.replace(decision, **changes)


def pair(ticker: str = "KXCPIYOY-26JAN-T2.8", market_id: str = "1100001", **changes: object) -> MatchedPair:
    base = MatchedPair(ticker, market_id, "111", "222", 0.62, PairStatus.REVIEW, ("same measure", "source unclear"))
    return dataclasses.replace(base, **changes)


def market(venue: Venue, market_id: str, title: str, outcomes: tuple[Outcome, ...]) -> Market:
    return Market(venue=venue, market_id=market_id, event_id=None, series_id=None, title=title, subtitle=None,
                  rules="rules", category="Economics", status=MarketStatus.OPEN, venue_status="active",
                  outcomes=outcomes, open_time=None, close_time=None, expiration_time=None)


def test_a_decision_round_trips_and_a_later_one_replaces_it(warehouse: Warehouse) -> None:
    first = approval()
    write_decision(warehouse, first)
    assert read_decisions(warehouse) == [first]

    later = PairDecision(first.kalshi_ticker, first.polymarket_market_id, Decision.REJECT, "bob",
                         T0 + timedelta(days=1), "Polymarket counts revisions")
    write_decision(warehouse, later)
    assert read_decisions(warehouse) == [later]

    assert delete_decision(warehouse, first.kalshi_ticker, first.polymarket_market_id) == later
    assert read_decisions(warehouse) == []
    assert delete_decision(warehouse, first.kalshi_ticker, first.polymarket_market_id) is None


def test_decisions_come_back_oldest_first(warehouse: Warehouse) -> None:
    late = approval("KXB", decided_at=T0 + timedelta(hours=2))
    early = approval("KXA", decided_at=T0)
    write_decision(warehouse, late)
    write_decision(warehouse, early)
    assert [d.kalshi_ticker for d in read_decisions(warehouse)] == ["KXA", "KXB"]


def test_the_table_refuses_an_approval_without_its_token_or_a_rejection_without_a_reason(warehouse: Warehouse) -> None:
    table = warehouse.tables.pair_decisions
    row = {"kalshi_ticker": "K", "polymarket_market_id": "1", "decided_by": "alice", "decided_at": T0}
    for bad in ({"decision": "approve", "pays_on_kalshi_yes": None}, {"decision": "reject", "reason": None},
                {"decision": "maybe", "pays_on_kalshi_yes": "111"}):
        with pytest.raises(IntegrityError), warehouse.transaction() as connection:
            connection.execute(sa.insert(table), {**row, **bad})
    assert read_decisions(warehouse) == []


def test_a_review_decision_wins_over_the_matcher_until_withdrawn(warehouse: Warehouse) -> None:
    decided = pair(status=PairStatus.APPROVED, confidence=1.0, decided_by=REVIEW_DECIDER, reasons=("approved in review",))
    write_decision(warehouse, approval(), decided)
    assert read_pairs(warehouse) == [decided]

    # A matcher run that still sees the pair in review cannot replace the person's decision.
    write_match_run(warehouse, [pair(), decided])
    assert write_pairs(warehouse, [pair(confidence=0.4)]) == 0
    assert read_pairs(warehouse) == [decided]

    # Withdrawn: the pair leaves the table until the matcher decides it again.
    delete_decision(warehouse, decided.kalshi_ticker, decided.polymarket_market_id)
    assert read_pairs(warehouse) == []
    write_match_run(warehouse, [pair()])
    assert read_pairs(warehouse) == [pair()]


def test_a_run_that_no_longer_carries_a_review_decision_releases_its_pair(warehouse: Warehouse) -> None:
    decided = pair(status=PairStatus.REJECTED, confidence=0.0, decided_by=REVIEW_DECIDER, polymarket_yes_token="",
                   polymarket_no_token="")
    write_match_run(warehouse, [decided], decided_at=T0)
    write_match_run(warehouse, [pair()], decided_at=T0 + timedelta(hours=1))
    assert read_pairs(warehouse) == [pair()]


def test_only_a_review_pair_can_be_recorded_with_a_decision(warehouse: Warehouse) -> None:
    with pytest.raises(ValueError, match="decided by matcher"):
        write_decision(warehouse, approval(), pair())
    assert read_decisions(warehouse) == []


def test_the_queue_lists_pairs_in_review_oldest_first_with_titles_and_the_paying_outcome(warehouse: Warehouse) -> None:
    write_markets(warehouse, [
        market(Venue.KALSHI, "KXCPIYOY-26JAN-T2.8", "Will CPI inflation be above 2.8% in January 2026?", ()),
        market(Venue.POLYMARKET, "1100001", "Will annual inflation be above 2.8% in January?",
               (Outcome("Yes", "111"), Outcome("No", "222"))),
    ], seen_at=T0)
    newer = pair()
    older = pair("KXCPIYOY-26FEB-T2.7", "1100002", polymarket_yes_token="333")
    write_pairs(warehouse, [newer], decided_at=T0 + timedelta(hours=3))
    write_pairs(warehouse, [older], decided_at=T0)
    write_pairs(warehouse, [pair("KXOTHER", "1100003", status=PairStatus.APPROVED)], decided_at=T0)

    queue = read_review_queue(warehouse)

    assert [q.pair for q in queue] == [older, newer]
    assert [q.in_review_since for q in queue] == [T0, T0 + timedelta(hours=3)]
    assert (queue[1].kalshi_title, queue[1].polymarket_title, queue[1].paying_outcome) == (
        "Will CPI inflation be above 2.8% in January 2026?", "Will annual inflation be above 2.8% in January?", "Yes")
    # Markets outside the catalog still show, without titles.
    assert (queue[0].kalshi_title, queue[0].polymarket_title, queue[0].paying_outcome) == (None, None, None)
