"""The circuit breaker: every limit trips, halts, waits out its cooldown and resets by hand."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from arb_pipeline.domain.fees import QUOTIENT
from arb_pipeline.domain.models import OpportunityKind, Venue
from arb_pipeline.domain.trading import (
    LimitKind, RiskLimits, RiskState, SignalKind, TradeRecord, TradeTicket, check_trade, close_pair, default_limits,
    engage_kill_switch, execute_arbitrage, halt_reasons, manual_reset, record_trade, release_kill_switch, spread_capital,
    trade_record,
)
from arb_pipeline.domain.trading.risk import Exposure
from arb_pipeline_tests.domain.trading.builders import NOW, D, kalshi_book, markets, state, token_book, yes_intent
from arb_pipeline_tests.warehouse.rows import spread

K, P = Venue.KALSHI, Venue.POLYMARKET
LIMITS = RiskLimits(
    max_position_contracts=D(100), max_capital_per_trade=D(50), max_total_capital=D(200),
    max_venue_capital=D(120), daily_loss_limit=D(20), max_trades_per_day=3, max_volume_per_day=D(150),
    max_event_exposure=D(80), max_category_exposure=D(100), max_orders_per_minute=4, max_consecutive_losses=2,
    max_slippage=D("0.02"), cooldown=timedelta(minutes=10), cooldowns={LimitKind.DAILY_LOSS: timedelta(hours=1)},
)


def ticket(contracts="10", kalshi="4", polymarket="5", event="EV-1", category="Economics", orders=2, pair="pair-a"):
    return TradeTicket("arb-t", SignalKind.ARBITRAGE, pair, D(contracts), {K: D(kalshi), P: D(polymarket)}, event,
                       category, orders)


def exposure(amount, venue=K, event="EV-0", category="Sports", pair="pair-0"):
    return Exposure("arb-0", SignalKind.ARBITRAGE, pair, ((venue, D(amount)),), event, category)


def record(realized="0", capital=None, volume="9", orders=2, slippage=None, closed=False, pair="pair-a"):
    return TradeRecord("arb-r", SignalKind.ARBITRAGE, pair, capital if capital is not None else {K: D(4), P: D(5)},
                       D(volume), orders, D(realized), slippage, True, closed, "EV-1", "Economics")


TODAY = RiskState(day=NOW.date())


@pytest.mark.parametrize(
    ("kind", "start", "proposed", "reason"),
    [
        (LimitKind.POSITION_SIZE, TODAY, ticket(contracts="101"), "101 contracts > max position 100"),
        (LimitKind.CAPITAL_PER_TRADE, TODAY, ticket(kalshi="30", polymarket="21"), "$51 for one trade > max $50"),
        (LimitKind.TOTAL_CAPITAL, replace(TODAY, exposures=(exposure("100"), exposure("95", venue=P))), ticket(),
         "$195 deployed + $9 > max $200"),
        (LimitKind.VENUE_CAPITAL, replace(TODAY, exposures=(exposure("117"),)), ticket(),
         "$117 on kalshi + $4 > max $120 a venue"),
        (LimitKind.EVENT_EXPOSURE, replace(TODAY, exposures=(exposure("75", event="EV-1"),)), ticket(),
         "$75 on event EV-1 + $9 > max $80"),
        (LimitKind.CATEGORY_EXPOSURE, replace(TODAY, exposures=(exposure("95", category="Economics"),)), ticket(),
         "$95 on Economics + $9 > max $100"),
        (LimitKind.TRADES_PER_DAY, replace(TODAY, trades_today=3), ticket(), "trade 4 today > max 3"),
        (LimitKind.VOLUME_PER_DAY, replace(TODAY, volume_today=D(145)), ticket(), "$145 traded today + $9 > max $150"),
        (LimitKind.ORDERS_PER_MINUTE, replace(TODAY, order_times=(NOW - timedelta(seconds=30),) * 3), ticket(),
         "3 orders in the last minute + 2 > max 4"),
        (LimitKind.DAILY_LOSS, replace(TODAY, realized_today=D(-20)), ticket(), "$20 lost today >= limit $20"),
        (LimitKind.CONSECUTIVE_LOSSES, replace(TODAY, consecutive_losses=2), ticket(),
         "2 losing trades in a row >= max 2"),
    ],
)
def test_each_limit_trips_and_halts_until_cooldown_or_reset(kind, start, proposed, reason):
    decision = check_trade(start, proposed, LIMITS, NOW)
    assert not decision.allowed
    assert [(trip.kind, trip.reason, trip.tripped_at) for trip in decision.trips] == [(kind, reason, NOW)]
    assert decision.reasons == (f"{kind}: {reason}",)
    cooldown = LIMITS.cooldown_for(kind)
    assert decision.trips[0].until == NOW + cooldown
    # Halted: a harmless trade a second later is refused too, and no new trip is recorded.
    small = ticket(contracts="1", kalshi="0.5", polymarket="0.5", event="EV-9", category="Other", orders=1)
    halted = check_trade(decision.state, small, LIMITS, NOW + timedelta(seconds=1))
    assert not halted.allowed and halted.trips == ()
    assert halted.reasons[0].startswith(f"halted by {kind} until {(NOW + cooldown).isoformat()}: {reason}")
    # An operator's reset lifts the halt for a trade that breaches nothing.
    cleared = replace(manual_reset(decision.state), realized_today=D(0), order_times=(), trades_today=0,
                      volume_today=D(0), exposures=())
    assert check_trade(cleared, small, LIMITS, NOW + timedelta(seconds=2)).allowed
    # So does the cooldown passing.
    after = replace(decision.state, realized_today=D(0), order_times=(), trades_today=0, volume_today=D(0),
                    exposures=(), consecutive_losses=0)
    assert check_trade(after, small, LIMITS, NOW + cooldown).allowed


def test_a_standing_daily_loss_trips_again_until_the_day_turns():
    state = replace(TODAY, realized_today=D(-25))
    first = check_trade(state, ticket(), LIMITS, NOW)
    assert [t.kind for t in first.trips] == [LimitKind.DAILY_LOSS]
    # An hour later the cooldown is over but today's loss is not: it trips again.
    again = check_trade(first.state, ticket(), LIMITS, NOW + timedelta(hours=1))
    assert [t.kind for t in again.trips] == [LimitKind.DAILY_LOSS]
    # A new UTC day starts the daily counters again.
    tomorrow = NOW.replace(hour=0, minute=0) + timedelta(days=1, hours=2)
    fresh = check_trade(again.state, ticket(), LIMITS, tomorrow)
    assert fresh.allowed and fresh.state.realized_today == 0 and fresh.state.day == tomorrow.date()


def test_orders_older_than_a_minute_no_longer_count():
    state = replace(TODAY, order_times=(NOW - timedelta(seconds=61),) * 4)
    decision = check_trade(state, ticket(), LIMITS, NOW)
    assert decision.allowed and decision.state.order_times == ()


def test_record_trade_books_capital_volume_orders_and_trips_on_slippage():
    decision = record_trade(TODAY, record(slippage=D("0.03")), LIMITS, NOW)
    state = decision.state
    assert (state.trades_today, state.volume_today, len(state.order_times)) == (1, D(9), 2)
    assert (state.total_capital, state.venue_capital(K), state.event_exposure("EV-1")) == (D(9), D(4), D(9))
    assert state.category_exposure("Economics") == D(9)
    assert [(t.kind, t.reason) for t in decision.trips] == [
        (LimitKind.SLIPPAGE, "trade arb-r filled 0.03 a set above its quote > max 0.02")]
    assert not check_trade(state, ticket(), LIMITS, NOW + timedelta(seconds=1)).allowed
    # Slippage within the limit trips nothing.
    assert record_trade(TODAY, record(slippage=D("0.02")), LIMITS, NOW).trips == ()


def test_losing_trades_in_a_row_trip_and_a_win_ends_the_run():
    one = record_trade(TODAY, record(realized="-0.54", capital={}, closed=True), LIMITS, NOW).state
    assert (one.consecutive_losses, one.realized_today) == (1, D("-0.54"))
    won = close_pair(one, SignalKind.ARBITRAGE, "pair-x", D("0.33"), LIMITS, NOW).state
    assert won.consecutive_losses == 0
    two = record_trade(one, record(realized="-1", capital={}, closed=True), LIMITS, NOW)
    assert [t.kind for t in two.trips] == [LimitKind.CONSECUTIVE_LOSSES]
    assert two.state.consecutive_losses == 2


def test_a_loss_beyond_the_daily_limit_trips_when_it_is_booked():
    decision = record_trade(TODAY, record(realized="-21", capital={}, closed=True), LIMITS, NOW)
    assert [(t.kind, t.until) for t in decision.trips] == [(LimitKind.DAILY_LOSS, NOW + timedelta(hours=1))]


def test_close_pair_releases_the_pairs_capital_and_books_its_pnl():
    state = record_trade(TODAY, record(pair="pair-a"), LIMITS, NOW).state
    state = record_trade(state, record(pair="pair-b", capital={P: D(7)}), LIMITS, NOW).state
    assert state.total_capital == D(16)
    closed = close_pair(state, SignalKind.ARBITRAGE, "pair-a", D("-9.67"), LIMITS, NOW + timedelta(days=1))
    assert [e.pair_key for e in closed.state.exposures] == ["pair-b"]
    assert closed.state.realized_today == D("-9.67") and closed.state.consecutive_losses == 1


def test_an_early_exit_counts_in_the_days_trades_volume_and_order_rate():
    entry = record_trade(TODAY, record(pair="pair-a", volume="9", orders=2), LIMITS, NOW).state
    # The exit sold both legs: 10 × 0.41 + 10 × 0.33 = 7.40 of volume in two orders, realizing 0.60.
    exited = close_pair(entry, SignalKind.ARBITRAGE, "pair-a", D("0.60"), LIMITS, NOW, exit_volume=D("7.40"),
                        exit_orders=2).state
    assert (exited.trades_today, exited.volume_today, len(exited.order_times)) == (2, D("16.40"), 4)
    assert (exited.exposures, exited.realized_today, exited.consecutive_losses) == ((), D("0.60"), 0)
    # A settlement sends nothing: the day's counters stay as they were.
    settled = close_pair(entry, SignalKind.ARBITRAGE, "pair-a", D("0.60"), LIMITS, NOW).state
    assert (settled.trades_today, settled.volume_today, len(settled.order_times)) == (1, D(9), 2)
    # Entry, exit and a third trade reach max_trades_per_day (3): the fourth trips it.
    third = record_trade(exited, record(pair="pair-b", volume="9", orders=0), LIMITS, NOW).state
    decision = check_trade(third, ticket(pair="pair-c", orders=0), LIMITS, NOW + timedelta(minutes=2))
    assert [(t.kind, t.reason) for t in decision.trips] == [(LimitKind.TRADES_PER_DAY, "trade 4 today > max 3")]


def test_kill_switch_halts_until_released_not_by_a_reset():
    state = engage_kill_switch(TODAY, "operator: venue outage", NOW)
    decision = check_trade(state, ticket(), LIMITS, NOW + timedelta(days=2))
    assert not decision.allowed
    assert decision.reasons == (f"kill switch engaged at {NOW.isoformat()}: operator: venue outage",)
    assert halt_reasons(manual_reset(state), NOW) == decision.reasons
    assert check_trade(release_kill_switch(state), ticket(), LIMITS, NOW).allowed


def test_trade_record_from_an_unwound_trade():
    world = markets()
    books = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", asks=[("0.55", 50)]))
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", asks=[("0.62", 50)]))
    result = execute_arbitrage(yes_intent(books, world), world, books, hedge=hedge)
    booked = trade_record(result)
    # Entry (confirmed), hedge (cancelled: sent, nothing at the limit) and unwind: 3 orders sent.
    # Volume 10 × 0.40 + 10 × 0.38 = 7.80; realized -0.54; nothing held.
    assert (booked.orders_sent, booked.volume, booked.realized_pnl, booked.capital) == (3, D("7.80"), D("-0.54"), {})
    assert booked.closed and booked.filled
    after = record_trade(TODAY, booked, LIMITS, NOW).state
    assert (after.consecutive_losses, after.realized_today, after.exposures) == (1, D("-0.54"), ())


def test_limits_refuse_nonsense_and_scale_with_a_bankroll():
    with pytest.raises(ValueError, match="max_capital_per_trade: 0 must be positive"):
        replace(LIMITS, max_capital_per_trade=D(0))
    with pytest.raises(ValueError, match="max_orders_per_minute: 0 must be at least 1"):
        replace(LIMITS, max_orders_per_minute=0)
    with pytest.raises(ValueError, match="cooldowns must be positive"):
        replace(LIMITS, cooldown=timedelta(0))
    limits = default_limits(D(1000))
    assert (limits.max_capital_per_trade, limits.max_total_capital, limits.daily_loss_limit) == (
        D(100), D(800), D(50))
    assert limits.cooldown_for(LimitKind.SLIPPAGE) == timedelta(minutes=15)
    assert LIMITS.cooldown_for(LimitKind.DAILY_LOSS) == timedelta(hours=1)
    assert isinstance(limits.max_slippage, Decimal)


def seven_contract_spread(kind=None):
    """7 contracts found at a Kalshi average of 2.9 / 7 (a 28-digit quotient) with a $0.12 fee, and
    Polymarket's side at $0.55 with a $0.0385 fee."""
    found = spread(NOW, contracts="7", cost="6.6085", kalshi_avg_price=QUOTIENT.divide(D("2.9"), D(7)),
                   polymarket_avg_price=D("0.55"), kalshi_fee=D("0.12"), polymarket_fee=D("0.0385"))
    return found if kind is None else replace(found, kind=kind, kalshi_avg_price=None, polymarket_avg_price=None)


def test_spread_capital_is_exact_cents_never_a_quotients_residue():
    """The whole spread ties up exactly what it cost per venue; a share of it is rounded up to the
    cent (3 of 7 sets: $1.2942... on Kalshi -> $1.30), never shown as 28 digits of a division."""
    found = seven_contract_spread()
    assert spread_capital(found, 7) == {K: D("3.02"), P: D("3.89")}
    assert spread_capital(found, 3) == {K: D("1.30"), P: D("1.67")}
    for amount in spread_capital(found, 3).values():
        assert amount == amount.quantize(D("0.01"))


def test_spread_capital_of_a_one_venue_spread_shares_its_cost():
    found = seven_contract_spread(OpportunityKind.KALSHI_YES_NO)
    assert spread_capital(found, 7) == {K: D("6.61")}
    assert spread_capital(found, 2) == {K: D("1.89")}


def test_a_refusal_shows_the_share_in_cents():
    found = seven_contract_spread()
    proposed = TradeTicket("arb-t", SignalKind.ARBITRAGE, "pair-a", D(3), spread_capital(found, 3), "EV-1",
                           "Economics", 2)
    tight = replace(LIMITS, max_capital_per_trade=D("2"))
    decision = check_trade(TODAY, proposed, tight, NOW)
    assert not decision.allowed
    assert "$2.97 for one trade > max $2" in decision.reasons[0]
