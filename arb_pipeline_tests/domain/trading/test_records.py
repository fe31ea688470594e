from dataclasses import replace
from decimal import Decimal

import pytest

from arb_pipeline.domain.fees import QUOTIENT, show
from arb_pipeline.domain.models import Venue
from arb_pipeline.domain.trading import (
    Fill, FillLedger, Instrument, LedgerEvent, LifecycleError, Order, OrderPurpose, OrderStatus, PositionBook, Side,
    SignalKind,
)
from arb_pipeline.domain.trading.records import fill_id, order_id
from arb_pipeline_tests.domain.trading.builders import NOW

D = Decimal
TOKEN = Instrument.polymarket("501", "tok-no")


def fill(sequence=1, status=OrderStatus.CONFIRMED, contracts="10", price="0.55", fee="0.07425", shares="0.135"):
    oid = order_id("arb-1", OrderPurpose.ENTRY, 1)
    return Fill(fill_id(oid, sequence), oid, "arb-1", SignalKind.ARBITRAGE, "pair", TOKEN, Side.BUY, D(price),
                D(contracts), D(fee), D(shares), status, NOW)


def test_order_lifecycle_allows_only_forward_moves():
    order = Order("o", "arb-1", SignalKind.ARBITRAGE, "pair", 0, OrderPurpose.ENTRY, TOKEN, Side.BUY, D(10),
                  D("0.55"), NOW)
    matched = order.advanced(OrderStatus.MATCHED, filled=D(10))
    assert matched.advanced(OrderStatus.CONFIRMED).status is OrderStatus.CONFIRMED
    assert matched.advanced(OrderStatus.REJECTED, reason="on-chain settlement failed").reason == (
        "on-chain settlement failed")
    with pytest.raises(LifecycleError, match="order o: cannot go from matched to cancelled"):
        matched.advanced(OrderStatus.CANCELLED)
    confirmed = order.advanced(OrderStatus.CONFIRMED, filled=D(4))
    with pytest.raises(LifecycleError, match=r"cannot go from confirmed to matched \(allowed: nothing \(final\)\)"):
        confirmed.advanced(OrderStatus.MATCHED)
    with pytest.raises(LifecycleError, match="filled 11 of 10 contracts"):
        order.advanced(OrderStatus.CONFIRMED, filled=D(11))


def test_fill_money_for_a_buy_that_pays_its_fee_in_shares():
    bought = fill()
    assert (bought.notional, bought.cash_fee, bought.cash_flow, bought.position_delta) == (
        D("5.50"), D(0), D("-5.50"), D("9.865"))
    assert bought.fee_in_shares and bought.counts


def test_fill_invariants():
    with pytest.raises(LifecycleError, match="a fill is matched, confirmed or rejected, not new"):
        fill(status=OrderStatus.NEW)
    with pytest.raises(ValueError, match="0 contracts is not a fill"):
        fill(contracts="0")
    with pytest.raises(ValueError, match="only a buy can pay its fee in shares"):
        replace(fill(), side=Side.SELL)
    with pytest.raises(ValueError, match="fee of 10 shares on 10 bought"):
        fill(shares="10")


def test_ledger_counts_a_recovered_fill_once():
    ledger = FillLedger()
    streamed = fill()
    assert ledger.record(streamed).event is LedgerEvent.ADDED
    # The same fill again from a REST recovery after a socket gap: not counted twice.
    assert ledger.record(fill()).event is LedgerEvent.DUPLICATE
    assert len(ledger) == 1 and ledger.confirmed == (streamed,)
    assert PositionBook.replay([streamed, fill(), fill()]).open_positions()[0].contracts == D("9.865")


def test_ledger_moves_a_matched_fill_to_confirmed_or_failed():
    ledger = FillLedger([fill(1, OrderStatus.MATCHED), fill(2, OrderStatus.MATCHED)])
    assert (len(ledger.pending), ledger.confirmed) == (2, ())
    assert PositionBook.replay(ledger.fills).open_positions() == ()
    assert ledger.record(fill(1, OrderStatus.CONFIRMED)).event is LedgerEvent.CONFIRMED
    assert ledger.record(fill(2, OrderStatus.REJECTED)).event is LedgerEvent.FAILED
    # A late page still saying "matched" does not undo the confirmation.
    assert ledger.record(fill(1, OrderStatus.MATCHED)).event is LedgerEvent.DUPLICATE
    assert [f.fill_id for f in ledger.confirmed] == [fill(1).fill_id]
    assert ledger.pending == ()
    assert PositionBook.replay(ledger.fills).open_positions()[0].contracts == D("9.865")


def test_ledger_refuses_a_second_report_with_other_terms():
    ledger = FillLedger([fill()])
    entry = ledger.record(fill(contracts="12"))
    assert entry.event is LedgerEvent.CONFLICT
    assert "reported again with different terms (12 @ 0.55" in entry.reason
    assert ledger.confirmed[0].contracts == D(10)


def test_instrument_keys_and_kalshi_sides():
    assert Instrument.kalshi("KX-1", "yes").key == "kalshi:KX-1:yes"
    assert TOKEN.key == "polymarket:501:tok-no" and TOKEN.venue is Venue.POLYMARKET
    with pytest.raises(ValueError, match="Kalshi side must be 'yes' or 'no', got 'up'"):
        Instrument.kalshi("KX-1", "up")


def test_show_writes_amounts_as_people_read_them():
    assert (show(D("0.033000")), show(D("10")), show(D("1E+1")), show(D("-0.540"))) == ("0.033", "10", "10", "-0.54")


def test_show_drops_a_quotients_tail():
    """An edge per set is a quotient: 1/7 of $0.12 is shown to the micro-dollar, not to 28 digits."""
    assert show(QUOTIENT.divide(D("0.12"), D(7))) == "0.017143"
    assert show(QUOTIENT.divide(D("2409.0685"), D(7))) == "344.152643"
