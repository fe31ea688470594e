"""The paper-trading suites: a stored trade, the books it filled on, its settlement, the positions
rebuilt from them and the day's PnL pass; a fill priced outside [0, 1] or filled in the future, a
fill off its book's levels or larger than its level, an order whose fills do not add up or that
bought above its limit, a trade whose volume does not add up or traded before it was found, a
short or badly marked position, a settlement whose payout or PnL does not add up, a day whose
fees are not its fills' fees and a circuit-breaker trip or kill switch from the future fail, named
by row."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pandas as pd
import pytest
import sqlalchemy as sa

from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.models import KalshiOrderBook
from arb_pipeline.domain.trading import (
    LimitKind,
    PositionBook,
    Resolution,
    RiskState,
    TradeOutcome,
    Trip,
    daily_pnl,
    execute_arbitrage,
    settle,
)
from arb_pipeline.warehouse import Warehouse, trading
from arb_pipeline.warehouse.expectations.trading import (
    controls_frames,
    daily_pnl_frame,
    fills_frame,
    fills_in_book_frame,
    orders_frame,
    positions_frame,
    resolutions_frame,
    settlements_frame,
    trades_frame,
    validate_controls,
    validate_daily_pnl,
    validate_fills,
    validate_fills_in_book,
    validate_orders,
    validate_positions,
    validate_resolutions,
    validate_settlements,
    validate_trades,
)
from arb_pipeline.warehouse.quotes import write_quote_snapshot
from arb_pipeline.warehouse.trading import KillSwitch, TradeContext
from arb_pipeline_tests.domain.trading.builders import NOW, kalshi_book, markets, state, token_book, yes_intent

LATER = NOW + timedelta(seconds=1)
SKEW_S = 5.0
TICKER = "KXFED-26JAN-T4.00"


@pytest.fixture
def traded(warehouse: Warehouse) -> Warehouse:
    """One complete trade, the books it filled on stored as its entry snapshot, the Kalshi leg
    settled at $1 a contract, positions rebuilt and the day's PnL computed."""
    world = markets()
    books = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 50)]),
                  token_book("tok-yes", asks=[("0.70", 10)]))  # fmt: skip
    result = execute_arbitrage(yes_intent(books, world), world, books)
    assert result.outcome is TradeOutcome.COMPLETE
    resolution = Resolution(Venue.KALSHI, TICKER, {"yes": Decimal(1), "no": Decimal(0)}, LATER, "yes")
    batch = settle(PositionBook.replay(result.fills).positions, resolution, set())
    context = TradeContext("snap-1", "snap-2", "snap-3", "standard", LATER)
    stored = books.books.values()
    write_quote_snapshot(warehouse, "snap-2", NOW, [b for b in stored if isinstance(b, KalshiOrderBook)],
                         [b for b in stored if not isinstance(b, KalshiOrderBook)])
    with warehouse.transaction() as connection:
        trading.record_trade(connection, result, context, decided_at=NOW, schema=warehouse.schema)
        trading.record_resolution(connection, resolution, "kalshi_rest", LATER, schema=warehouse.schema)
        trading.record_settlements(connection, batch.settlements, schema=warehouse.schema)
        settled = PositionBook.replay(result.fills, batch.settlements)
        trading.replace_positions(connection, settled.positions, (), LATER, schema=warehouse.schema)
        report = daily_pnl(result.fills, batch.settlements, NOW.date())
        trading.replace_daily_pnl(connection, report, LATER, schema=warehouse.schema)
    return warehouse


def _execute(warehouse: Warehouse, sql: str) -> None:
    with warehouse.transaction() as connection:
        connection.execute(sa.text(sql.format(schema=warehouse.schema)))


def _fills(warehouse: Warehouse):
    return validate_fills(fills_frame(warehouse, LATER), max_clock_skew_s=SKEW_S)


def test_a_stored_trade_passes_every_suite(traded: Warehouse):
    fills = _fills(traded)
    assert fills.success, fills.failures
    assert fills.rows >= 2
    positions = validate_positions(positions_frame(traded))
    assert positions.success, positions.failures
    assert positions.rows >= 2
    settlements = validate_settlements(settlements_frame(traded))
    assert settlements.success, settlements.failures
    assert settlements.rows == 1
    residuals = ["payout_residual", "pnl_residual", "resolution_residual"]
    assert settlements_frame(traded)[residuals].values.tolist() == [[0.0, 0.0, 0.0]]
    for name, result, rows in (
        ("fills in book", validate_fills_in_book(fills_in_book_frame(traded)), fills.rows),
        ("orders", validate_orders(orders_frame(traded, LATER), max_clock_skew_s=SKEW_S), 2),
        ("trades", validate_trades(trades_frame(traded, LATER), max_clock_skew_s=SKEW_S), 1),
        ("daily PnL", validate_daily_pnl(daily_pnl_frame(traded, LATER), max_clock_skew_s=SKEW_S), 2),
        ("resolutions", validate_resolutions(resolutions_frame(traded, LATER), max_clock_skew_s=SKEW_S), 1),
    ):
        assert result.success, (name, result.failures)
        assert result.rows == rows, name
    assert fills_in_book_frame(traded)["at_a_book_level"].all()


def test_a_fill_out_of_range_or_in_the_future_fails_naming_it(traded: Warehouse):
    [first, *_] = sorted(fills_frame(traded, LATER)["fill_id"])
    _execute(traded, f"update {{schema}}.paper_fills set price = 1.5 where fill_id = '{first}'")
    _execute(traded, f"update {{schema}}.paper_fills set filled_at = filled_at + interval '1 hour' where fill_id = '{first}'")
    result = _fills(traded)
    assert not result.success
    assert [row["fill_id"] for row in result.failing_keys("fill price in [0, 1]")] == [first]
    assert [row["fill_id"] for row in result.failing_keys(f"filled no later than now (+{SKEW_S:g} s of clock skew)")] == [first]
    assert len(result.failures) == 2


def test_sizes_fees_and_fill_ids_the_table_refuses_fail_in_the_frame(traded: Warehouse):
    # The table's primary key and check constraint refuse these, so they are seeded in the frame.
    frame = fills_frame(traded, LATER)
    first = frame.iloc[0]["fill_id"]
    bad = frame.copy()
    bad.loc[0, "contracts"] = 0.0
    bad.loc[0, "fee"] = -0.01
    result = validate_fills(pd.concat([bad, frame.iloc[[0]]], ignore_index=True), max_clock_skew_s=SKEW_S)
    assert [row["fill_id"] for row in result.failing_keys("contracts filled > 0")] == [first]
    assert [row["fill_id"] for row in result.failing_keys("fee >= 0")] == [first]
    assert [row["fill_id"] for row in result.failing_keys("one row per fill id")] == [first, first]


def test_a_short_or_badly_marked_position_fails_naming_it(traded: Warehouse):
    _execute(traded, "update {schema}.paper_positions set contracts = -1, best_bid = 1.2 where outcome = 'tok-no'")
    result = validate_positions(positions_frame(traded))
    assert not result.success
    for rule in ("contracts held >= 0: paper trading never sells short", "the mark (best bid) is a price in [0, 1]"):
        assert [(row["venue"], row["outcome"]) for row in result.failing_keys(rule)] == [("polymarket", "tok-no")]
    assert len(result.failures) == 2


def test_a_settlement_that_does_not_add_up_fails_naming_it(traded: Warehouse):
    [settlement_id] = settlements_frame(traded)["settlement_id"]
    # One cent paid that the contracts do not account for, and PnL left as it was.
    _execute(traded, "update {schema}.paper_settlements set payout = payout + 0.01")
    result = validate_settlements(settlements_frame(traded))
    assert not result.success
    for rule in ("payout = contracts x payout per contract, exactly", "realized PnL = payout - cost basis, exactly"):
        assert [row["settlement_id"] for row in result.failing_keys(rule)] == [settlement_id]
    assert len(result.failures) == 2


def _orders(warehouse: Warehouse):
    return validate_orders(orders_frame(warehouse, LATER), max_clock_skew_s=SKEW_S)


def test_a_fill_off_its_books_levels_or_larger_than_its_level_fails_naming_it(traded: Warehouse):
    first, second = sorted(fills_in_book_frame(traded)["fill_id"])[:2]
    # A price no level of the walked side shows, and more contracts than the level held.
    _execute(traded, f"update {{schema}}.paper_fills set price = price + 0.001 where fill_id = '{first}'")
    _execute(traded, f"update {{schema}}.paper_fills set contracts = contracts + 1000 where fill_id = '{second}'")
    result = validate_fills_in_book(fills_in_book_frame(traded))
    assert not result.success
    off_the_book = ("every fill is at a price level of the book side it walked (asks for a buy, bids for a sale) "
                    "in its trade's entry or hedge snapshot")  # fmt: skip
    assert [row["fill_id"] for row in result.failing_keys(off_the_book)] == [first]
    [over] = result.failing_keys("no fill takes more contracts than its level showed")
    assert over["fill_id"] == second and over["contracts_over_level"] > 0
    # The other side of the book is not the book a buy walks.
    _execute(traded, f"update {{schema}}.paper_fills set price = price - 0.001 where fill_id = '{first}'")
    _execute(traded, f"update {{schema}}.paper_fills set side = 'sell' where fill_id = '{first}'")
    sold = validate_fills_in_book(fills_in_book_frame(traded))
    assert [row["fill_id"] for row in sold.failing_keys(off_the_book)] == [first]


def test_an_order_whose_fills_do_not_add_up_or_beat_its_limit_fails_naming_it(traded: Warehouse):
    first, second = sorted(orders_frame(traded, LATER)["order_id"])
    _execute(traded, f"update {{schema}}.paper_orders set filled = filled - 1 where order_id = '{first}'")
    _execute(traded, f"update {{schema}}.paper_orders set limit_price = 0.01 where order_id = '{second}'")
    result = _orders(traded)
    assert not result.success
    assert [row["order_id"] for row in result.failing_keys("contracts filled = the order's fills' contracts, exactly")] == [first]
    assert [row["order_id"] for row in result.failing_keys("no buy fills above its order's limit price")] == [second]
    assert len(result.failures) == 2
    _execute(traded, f"update {{schema}}.paper_orders set limit_price = 1.5, created_at = now() + interval '1 day' "
                     f"where order_id = '{first}'")  # fmt: skip
    later = _orders(traded)
    assert [row["order_id"] for row in later.failing_keys("limit price in [0, 1]")] == [first]
    assert [row["order_id"] for row in later.failing_keys(f"created no later than now (+{SKEW_S:g} s of clock skew)")] == [first]


def test_a_trade_whose_volume_does_not_add_up_or_traded_before_found_fails_naming_it(traded: Warehouse):
    [opportunity_id] = trades_frame(traded, LATER)["opportunity_id"]
    _execute(traded, "update {schema}.paper_trades set volume = volume + 0.01, traded_at = decided_at - interval '1 second'")
    result = validate_trades(trades_frame(traded, LATER), max_clock_skew_s=SKEW_S)
    assert not result.success
    for rule in ("volume = the notional of the trade's fills, exactly", "traded no earlier than the opportunity was found"):
        assert [row["opportunity_id"] for row in result.failing_keys(rule)] == [opportunity_id]
    assert len(result.failures) == 2
    _execute(traded, "update {schema}.paper_trades set sets = 0, volume = volume - 0.01, traded_at = decided_at")
    empty = validate_trades(trades_frame(traded, LATER), max_clock_skew_s=SKEW_S)
    assert [row["opportunity_id"] for row in empty.failing_keys("a complete trade holds sets")] == [opportunity_id]


def test_a_day_whose_fees_are_not_its_fills_fees_fails_naming_it(traded: Warehouse):
    _execute(traded, "update {schema}.daily_pnl set fees = fees + 0.01 where venue = 'kalshi'")
    _execute(traded, "update {schema}.daily_pnl set unrealized = 5, marked = false where venue = 'polymarket'")
    result = validate_daily_pnl(daily_pnl_frame(traded, LATER), max_clock_skew_s=SKEW_S)
    assert not result.success
    [fees] = result.failing_keys("fees = the day's confirmed fills' fees, exactly")
    assert (fees["day"], fees["venue"], fees["fees_residual"]) == (NOW.date().isoformat(), "kalshi", 0.01)
    [unrealized] = result.failing_keys("nothing unrealized where no bids marked the positions")
    assert unrealized["venue"] == "polymarket"
    assert len(result.failures) == 2
    _execute(traded, "update {schema}.daily_pnl set day = day + 2, fees = 0, unrealized = 0")
    ahead = validate_daily_pnl(daily_pnl_frame(traded, LATER), max_clock_skew_s=SKEW_S)
    assert len(ahead.failing_keys("a day's PnL is computed on or after that day")) == 2


def test_a_settlement_its_market_resolution_does_not_pay_fails_naming_it(traded: Warehouse):
    [settlement_id] = settlements_frame(traded)["settlement_id"]
    _execute(traded, """update {schema}.market_resolutions set payouts = '{{"yes": "0.5", "no": "0.5"}}'""")
    result = validate_settlements(settlements_frame(traded))
    rule = "payout per contract = what the market's resolution pays the outcome, exactly"
    assert [(row["settlement_id"], row["resolution_residual"]) for row in result.failing_keys(rule)] == [(settlement_id, 0.5)]
    _execute(traded, "delete from {schema}.market_resolutions")
    missing = validate_settlements(settlements_frame(traded))
    rule = "every settlement pays an outcome of its market's stored resolution"
    assert [row["settlement_id"] for row in missing.failing_keys(rule)] == [settlement_id]


def test_a_resolution_that_does_not_pay_out_a_dollar_fails_naming_it(traded: Warehouse):
    _execute(traded, """update {schema}.market_resolutions set payouts = '{{"yes": "1.2", "no": "0"}}',
                        resolved_at = now() + interval '1 day'""")  # fmt: skip
    result = validate_resolutions(resolutions_frame(traded, LATER), max_clock_skew_s=SKEW_S)
    assert not result.success
    for rule in ("every payout <= $1", "a market's payouts add up to $1, exactly", f"resolved no later than now (+{SKEW_S:g} s of clock skew)"):
        assert [(row["venue"], row["market_id"]) for row in result.failing_keys(rule)] == [("kalshi", TICKER)]
    assert len(result.failures) == 3


def test_a_trip_or_kill_switch_from_the_future_fails_naming_it(traded: Warehouse):
    trips = [Trip(LimitKind.DAILY_LOSS, "lost $120.00 today, limit $100.00", NOW, NOW + timedelta(hours=1)),
             Trip(LimitKind.KILL_SWITCH, "halted by ana: venue outage", LATER, None)]  # fmt: skip
    with traded.transaction() as connection:
        assert trading.record_trips(connection, trips, schema=traded.schema) == 2
        trading.set_kill_switch(connection, KillSwitch(True, "venue outage", "ana", LATER), schema=traded.schema)
    passed = validate_controls(*controls_frames(traded, LATER), max_clock_skew_s=SKEW_S)
    assert passed.success, passed.failures
    assert passed.rows == 3

    _execute(traded, "update {schema}.risk_trips set until = tripped_at - interval '1 second' where kind = 'daily_loss'")
    _execute(traded, "update {schema}.kill_switch set changed_at = now() + interval '1 day'")
    result = validate_controls(*controls_frames(traded, LATER), max_clock_skew_s=SKEW_S)
    assert [row["kind"] for row in result.failing_keys("a trip ends no earlier than it starts")] == ["daily_loss"]
    changed = result.failing_keys(f"the kill switch changed no later than now (+{SKEW_S:g} s of clock skew)")
    assert [row["name"] for row in changed] == ["trading"]
    assert len(result.failures) == 2


def test_fills_of_a_trade_on_unstored_books_are_not_held_to_a_snapshot_but_a_fill_without_a_trade_fails(traded: Warehouse):
    first, second = sorted(fills_in_book_frame(traded)["fill_id"])[:2]
    _execute(traded, f"update {{schema}}.paper_fills set price = price + 0.001 where fill_id = '{first}'")
    # The streamer's paper session trades on live books it does not store: no snapshot is named.
    _execute(traded, "update {schema}.paper_trades set entry_snapshot_id = null, hedge_snapshot_id = null")
    frame = fills_in_book_frame(traded)
    assert not frame["book_recorded"].any()
    assert validate_fills_in_book(frame).success
    _execute(traded, f"update {{schema}}.paper_fills set opportunity_id = 'nowhere' where fill_id = '{second}'")
    result = validate_fills_in_book(fills_in_book_frame(traded))
    assert [row["fill_id"] for row in result.failing_keys("every fill belongs to a stored trade")] == [second]


def test_a_breaker_state_that_does_not_read_back_or_counts_below_zero_fails_naming_it(traded: Warehouse):
    with traded.transaction() as connection:
        trading.lock_risk_state(connection, LATER, schema=traded.schema)
        trading.save_risk_state(connection, RiskState(trades_today=2), LATER, schema=traded.schema)
    passed = validate_controls(*controls_frames(traded, LATER), max_clock_skew_s=SKEW_S)
    assert passed.success, passed.failures
    assert len(controls_frames(traded, LATER)[2]) == 1

    _execute(traded, """update {schema}.risk_state set state = jsonb_set(state, '{{trades_today}}', '-1'),
                        updated_at = now() + interval '1 day'""")  # fmt: skip
    result = validate_controls(*controls_frames(traded, LATER), max_clock_skew_s=SKEW_S)
    names = {row["name"] for row in result.failing_keys("trades today >= 0")}
    assert names and names == {row["name"] for row in result.failing_keys(
        f"the breaker's state updated no later than now (+{SKEW_S:g} s of clock skew)")}
    assert len(result.failures) == 2

    with traded.transaction() as connection:
        trading.save_risk_state(connection, RiskState(trades_today=2), LATER, schema=traded.schema)
    _execute(traded, "update {schema}.risk_state set state = state - 'volume_today'")
    result = validate_controls(*controls_frames(traded, LATER), max_clock_skew_s=SKEW_S)
    assert {row["name"] for row in result.failing_keys("the breaker's state reads back: the next trading run starts from it")} == names
    assert len(result.failures) == 1
