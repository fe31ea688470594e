"""The opportunity lifecycle on hand-made sequences of evaluations: open, change (size or net
profit only), close with its lifetime, forced closes, out-of-order evaluations, stable keys."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from arb_pipeline.domain.models import KalshiOrderBook, OpportunityKind, OrderBook, PriceLevel, Spread, Venue
from arb_pipeline.domain.opportunity_events import EventType, OpportunityTracker, QuoteTimes, SpreadKey

D = Decimal
T0 = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
TICKER = "KXFED-26MAR-T4.00"


def spread(
    at_s: float,
    *,
    contracts: str = "40",
    net_profit: str = "1.80",
    apy: str = "0.9",
    side: str = "yes",
    ticker: str = TICKER,
    opportunity: bool = True,
    reasons: tuple[str, ...] = (),
) -> Spread:
    return Spread(
        kind=OpportunityKind.CROSS_VENUE,
        kalshi_ticker=ticker,
        polymarket_market_id="512345",
        kalshi_side=side,
        polymarket_token="7133" if side == "yes" else "7134",
        contracts=D(contracts),
        kalshi_avg_price=D("0.41"),
        polymarket_avg_price=D("0.5375"),
        kalshi_fee=D("0.68"),
        polymarket_fee=D("0.0123"),
        cost=D("38.1923"),
        net_profit=D(net_profit),
        edge_per_contract=D("0.045"),
        days_to_resolution=D("12.5"),
        apy=D(apy),
        top_gross_edge=D("0.05"),
        quote_received_ts=T0,
        evaluated_at=T0 + timedelta(seconds=at_s),
        is_opportunity=opportunity,
        rejection_reasons=reasons,
        kalshi_tickers=(ticker,),
    )


def test_open_change_on_size_or_profit_only_then_close_with_lifetime() -> None:
    tracker = OpportunityTracker()
    sequence = [
        spread(0, opportunity=False, reasons=("no edge: best asks sum to 1.01 >= $1",)),
        spread(1),
        spread(2, apy="0.95"),  # APY alone moved: nothing a trader sizes on
        spread(3, contracts="55", net_profit="2.40"),
        spread(4, contracts="55", net_profit="2.40"),
        spread(5, net_profit="2.10", contracts="55"),
        spread(9.5, opportunity=False, reasons=("edge 0.001 < min 0.005", "size 3 < min 5 contracts")),
        spread(10, opportunity=False, reasons=("no edge",)),
    ]
    events = [tracker.update(evaluation) for evaluation in sequence]

    kinds = [event.event_type if event else None for event in events]
    assert kinds == [None, EventType.OPEN, None, EventType.CHANGE, None, EventType.CHANGE, EventType.CLOSE, None]
    opened, grew, shrank, closed = (event for event in events if event is not None)
    assert opened.opened_at == opened.evaluated_at == T0 + timedelta(seconds=1)
    assert (grew.contracts, grew.net_profit) == (D(55), D("2.40"))
    assert shrank.net_profit == D("2.10") and shrank.opened_at == opened.opened_at
    assert closed.lifetime == timedelta(seconds=8.5)
    assert closed.reason == "edge 0.001 < min 0.005; size 3 < min 5 contracts"
    assert all(event.lifetime is None for event in (opened, grew, shrank))
    assert len({event.event_key for event in (opened, grew, shrank, closed)}) == 4
    assert tracker.open_count == 0


def test_directions_and_pairs_are_tracked_apart_and_reopen_as_new_opportunities() -> None:
    tracker = OpportunityTracker()
    yes_open = tracker.update(spread(0))
    no_open = tracker.update(spread(0, side="no"))
    other_open = tracker.update(spread(0, ticker="KXFED-26MAR-T4.25"))
    assert {e.event_type for e in (yes_open, no_open, other_open) if e} == {EventType.OPEN}
    assert tracker.open_count == 3

    closed = tracker.update(spread(1, opportunity=False))
    reopened = tracker.update(spread(2))
    assert closed is not None and closed.key == SpreadKey.of(spread(0))
    assert reopened is not None and reopened.event_type is EventType.OPEN
    assert reopened.opened_at == T0 + timedelta(seconds=2) and reopened.event_key != yes_open.event_key


def test_event_keys_are_the_same_for_the_same_history() -> None:
    # A replay of the same evaluations (a restarted process fed the same books) makes the same
    # keys, which the warehouse holds unique.
    history = [spread(0), spread(1, contracts="45"), spread(2, opportunity=False)]
    first = [OpportunityTracker().update(history[0])]
    tracker_a, tracker_b = OpportunityTracker(), OpportunityTracker()
    keys_a = [e.event_key for s in history if (e := tracker_a.update(s))]
    keys_b = [e.event_key for s in history if (e := tracker_b.update(s))]
    assert keys_a == keys_b and len(keys_a) == 3
    assert first[0] is not None and first[0].event_key == keys_a[0]


def test_forced_closes_use_the_last_numbers_seen() -> None:
    tracker = OpportunityTracker()
    tracker.update(spread(0))
    tracker.update(spread(1, contracts="60", net_profit="2.70"))
    tracker.update(spread(0, side="no"))
    tracker.update(spread(0, ticker="KXOTHER"))

    stale = tracker.close(SpreadKey.of(spread(0, side="no")), T0 + timedelta(seconds=30), "polymarket book 7133 stale")
    assert stale is not None and stale.reason == "polymarket book 7133 stale" and stale.lifetime == timedelta(seconds=30)
    assert tracker.close(SpreadKey.of(spread(0, side="no")), T0, "again") is None

    dropped = tracker.close_pair(TICKER, "512345", T0 + timedelta(seconds=40), "pair no longer approved")
    assert [(e.key.kalshi_side, e.contracts, e.net_profit) for e in dropped] == [("yes", D(60), D("2.70"))]
    assert dropped[0].lifetime == timedelta(seconds=40)

    remaining = tracker.close_all(T0 + timedelta(seconds=50), "streamer stopping")
    assert [e.key.kalshi_ticker for e in remaining] == ["KXOTHER"] and tracker.open_count == 0


def test_an_evaluation_older_than_the_last_one_changes_nothing() -> None:
    tracker = OpportunityTracker()
    assert tracker.update(spread(5)) is not None
    assert tracker.update(spread(4, opportunity=False)) is None
    assert tracker.out_of_order == 1 and tracker.open_count == 1
    # The same instant again is not out of order (two books changed in one message).
    event = tracker.update(spread(5, contracts="41"))
    assert event is not None and event.event_type is EventType.CHANGE


def test_quote_times_are_the_oldest_per_venue() -> None:
    kalshi = [
        KalshiOrderBook(TICKER, (PriceLevel(D("0.4"), D(1)),), (), received_ts=T0 + timedelta(seconds=2), venue_ts=T0),
        KalshiOrderBook("KX2", (), (), received_ts=T0 + timedelta(seconds=1), venue_ts=None),
    ]
    token = OrderBook(Venue.POLYMARKET, "7133", (), (), received_ts=T0 + timedelta(seconds=3), venue_ts=T0 + timedelta(seconds=2))
    times = QuoteTimes.of_books([*kalshi, token])
    assert times == QuoteTimes(T0, T0 + timedelta(seconds=1), T0 + timedelta(seconds=2), T0 + timedelta(seconds=3))
    tracker = OpportunityTracker()
    event = tracker.update(spread(0), times)
    assert event is not None and event.times == times
    with pytest.raises(ValueError, match="odds_api book"):
        QuoteTimes.of_books([replace(token, venue=Venue.ODDS_API)])
