"""Paper trading's warehouse tables on a real PostgreSQL: trades, orders and fills round-trip
exactly and are written once; a matched fill only moves on in its lifecycle; settlements and
resolutions are idempotent; the breaker's state and the kill switch survive between runs."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from arb_pipeline.app.trading_checks import limit_breaches
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import (
    LimitKind,
    OrderStatus,
    PositionBook,
    Resolution,
    RiskState,
    SignalKind,
    TradeOutcome,
    Trip,
    daily_pnl,
    engage_kill_switch,
    execute_arbitrage,
    settle,
)
from arb_pipeline.domain.trading.risk import Exposure, default_limits
from arb_pipeline.warehouse import trading
from arb_pipeline.warehouse.trading import KillSwitch, TradeContext
from arb_pipeline_tests.domain.trading.builders import NOW, kalshi_book, markets, state, token_book, yes_intent

D = Decimal
LATER = NOW + timedelta(seconds=1)
CONTEXT = TradeContext("snap-1", "snap-2", "snap-3", "standard", LATER)


def _books():
    return state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                 token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 50)]),
                 token_book("tok-yes", asks=[("0.70", 10)]))


def _unwound():
    world = markets()
    books = _books()
    hedge = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", asks=[("0.62", 50)]), at=LATER)
    return execute_arbitrage(yes_intent(books, world), world, books, hedge=hedge)


def test_a_trade_is_stored_once_with_its_orders_and_fills(warehouse):
    result = _unwound()
    assert result.outcome is TradeOutcome.UNWOUND
    with warehouse.transaction() as connection:
        assert trading.record_trade(connection, result, CONTEXT, decided_at=NOW, schema=warehouse.schema)
        # The same opportunity again (a retried run): nothing new.
        assert not trading.record_trade(connection, result, CONTEXT, decided_at=NOW, schema=warehouse.schema)
    with warehouse.transaction() as connection:
        fills = trading.load_fills(connection, schema=warehouse.schema)
        orders = trading.load_orders(connection, schema=warehouse.schema)
        [trade] = trading.load_trades(connection, schema=warehouse.schema)
        assert trading.decided_opportunities(connection, [result.opportunity_id, "other"],
                                             schema=warehouse.schema) == {result.opportunity_id}
    assert sorted(fills, key=lambda f: f.fill_id) == sorted(result.fills, key=lambda f: f.fill_id)
    assert sorted(orders, key=lambda o: o.order_id) == sorted(result.orders, key=lambda o: o.order_id)
    assert trade.outcome == "unwound" and trade.realized_pnl == D("-0.54") and trade.capital == 0
    assert trade.entry_snapshot_id == "snap-2" and trade.hedge_snapshot_id == "snap-3"


def test_a_matched_fill_confirms_once_and_a_confirmed_one_never_changes(warehouse):
    fill = _unwound().fills[0]
    matched = replace(fill, status=OrderStatus.MATCHED)
    with warehouse.transaction() as connection:
        assert trading.record_fills(connection, [matched], schema=warehouse.schema) == 1
        # A REST recovery reporting it again changes nothing; the confirmation moves it on.
        assert trading.record_fills(connection, [matched], schema=warehouse.schema) == 0
        assert trading.record_fills(connection, [fill], schema=warehouse.schema) == 1
        assert trading.record_fills(connection, [replace(fill, status=OrderStatus.REJECTED)],
                                    schema=warehouse.schema) == 0
        [stored] = trading.load_fills(connection, schema=warehouse.schema)
    assert stored == fill


def test_settlements_resolutions_positions_and_pnl_round_trip(warehouse):
    world = markets()
    books = _books()
    result = execute_arbitrage(yes_intent(books, world), world, books)
    assert result.outcome is TradeOutcome.COMPLETE
    resolution = Resolution(Venue.KALSHI, "KXFED-26JAN-T4.00", {"yes": D(1), "no": D(0)}, LATER, "yes")
    book = PositionBook.replay(result.fills)
    batch = settle(book.positions, resolution, set())
    with warehouse.transaction() as connection:
        trading.record_trade(connection, result, CONTEXT, decided_at=NOW, schema=warehouse.schema)
        assert trading.record_resolution(connection, resolution, "kalshi_rest", LATER, schema=warehouse.schema)
        assert not trading.record_resolution(connection, resolution, "kalshi_rest", LATER, schema=warehouse.schema)
        assert trading.record_settlements(connection, batch.settlements, schema=warehouse.schema) == 1
        assert trading.record_settlements(connection, batch.settlements, schema=warehouse.schema) == 0
        settled = PositionBook.replay(result.fills, batch.settlements)
        trading.replace_positions(connection, settled.positions, (), LATER, schema=warehouse.schema)
        report = daily_pnl(result.fills, batch.settlements, NOW.date())
        assert trading.replace_daily_pnl(connection, report, LATER, schema=warehouse.schema) == len(report.lines)
        assert trading.replace_daily_pnl(connection, report, LATER, schema=warehouse.schema) == len(report.lines)
    with warehouse.transaction() as connection:
        assert trading.load_resolutions(connection, schema=warehouse.schema) == [resolution]
        assert trading.load_settlements(connection, schema=warehouse.schema) == list(batch.settlements)
        positions = [p.position for p in trading.load_positions(connection, schema=warehouse.schema)]
        rows = trading.load_daily_pnl(connection, NOW.date(), schema=warehouse.schema)
    assert sorted(positions, key=lambda p: p.instrument.key) == sorted(settled.positions, key=lambda p: p.instrument.key)
    assert sum(row.realized for row in rows) == report.total(SignalKind.ARBITRAGE).realized


def test_the_breaker_state_trips_and_kill_switch_persist(warehouse):
    at = datetime(2026, 1, 9, 12, tzinfo=UTC)
    trip = Trip(LimitKind.DAILY_LOSS, "$50 lost today >= limit $50", at, at + timedelta(minutes=15))
    state = RiskState(day=date(2026, 1, 9), realized_today=D("-50.25"), trades_today=3, volume_today=D("812.5"),
                      order_times=(at,), consecutive_losses=2,
                      exposures=(Exposure("arb-1", SignalKind.ARBITRAGE, "K~1", ((Venue.KALSHI, D("4.17")),),
                                          "EV", "Economics"),),
                      trips=(trip,))
    state = engage_kill_switch(state, "operator", at)
    with warehouse.transaction() as connection:
        assert trading.lock_risk_state(connection, at, schema=warehouse.schema) == RiskState()
        trading.save_risk_state(connection, state, at, schema=warehouse.schema)
        assert trading.record_trips(connection, [trip], "arb-1", schema=warehouse.schema) == 1
        assert trading.record_trips(connection, [trip], "arb-1", schema=warehouse.schema) == 0
        trading.set_kill_switch(connection, KillSwitch(True, "news", "ops", at), schema=warehouse.schema)
        trading.set_kill_switch(connection, KillSwitch(False, "resumed", "ops", at), schema=warehouse.schema)
    with warehouse.transaction() as connection:
        assert trading.lock_risk_state(connection, at, schema=warehouse.schema) == state
        assert trading.load_trips(connection, schema=warehouse.schema) == [(trip, "arb-1")]
        assert trading.load_kill_switch(connection, schema=warehouse.schema) == KillSwitch(False, "resumed", "ops", at)


def test_the_limit_check_finds_a_day_that_traded_more_volume_than_allowed(warehouse):
    result = _unwound()
    with warehouse.transaction() as connection:
        trading.record_trade(connection, result, CONTEXT, decided_at=NOW, schema=warehouse.schema)
        [trade] = trading.load_trades(connection, schema=warehouse.schema)
    assert trade.volume > 0
    roomy = default_limits(D(1000))
    assert limit_breaches(warehouse, roomy) == []
    tight = replace(roomy, max_volume_per_day=trade.volume - D("0.01"))
    assert limit_breaches(warehouse, tight) == [
        f"{LATER.date()}: ${trade.volume} traded > max ${trade.volume - D('0.01')} a day"]
    assert limit_breaches(warehouse, replace(roomy, max_volume_per_day=trade.volume)) == []
