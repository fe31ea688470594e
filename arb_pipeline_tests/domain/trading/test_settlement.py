"""Settlement, positions and early exit on one hand-computed trade: Kalshi YES 10 @ 0.40 (fee
0.17, cost 4.17) + tok-no 10 @ 0.55 (free market, cost 5.50); ten $1 sets for 9.67."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

import pytest

from arb_pipeline.domain.models import MarketStatus, Outcome, Venue
from arb_pipeline.domain.trading import (
    ExitQuote, Instrument, OrderPurpose, PositionBook, ResolutionError, Side, SignalKind, TradeOutcome, best_bid,
    execute_arbitrage, execute_exit, kalshi_resolution, mark_to_market, pair_divergence, polymarket_resolution,
    polymarket_winner, quote_exit, resolution_from_market, settle,
)
from arb_pipeline_tests.domain.trading.builders import (
    NOW,
    PM_ID,
    PM_SPORTS,
    TICKER,
    D,
    kalshi_book,
    kalshi_market,
    markets,
    pair,
    pm_market,
    state,
    token_book,
    yes_intent,
)

KALSHI_YES = Instrument.kalshi(TICKER, "yes")
TOK_NO = Instrument.polymarket(PM_ID, "tok-no")
RESOLVED = NOW + timedelta(days=20)


def traded(pm_fee=None):
    world = markets(pm=pm_market(fee=pm_fee) if pm_fee else None)
    books = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 10)]))
    result = execute_arbitrage(yes_intent(books, world), world, books)
    assert result.outcome is TradeOutcome.COMPLETE
    return world, result


def settle_all(fills, *resolutions):
    """Settle every resolution in turn, as the settlement job would, returning the settlements."""
    done = []
    for resolution in resolutions:
        book = PositionBook.replay(fills, done)
        batch = settle(book.positions, resolution, {s.settlement_id for s in done})
        assert batch.skipped == ()
        done.extend(batch.settlements)
    return done


def pnl(fills, settlements):
    return sum((e.amount for e in PositionBook.replay(fills, settlements).realized), Decimal(0))


def test_consistent_resolution_pays_one_dollar_a_set():
    _, result = traded()
    # Kalshi resolves NO (YES pays 0), tok-no wins: 0 - 4.17 + 10 - 5.50 = +0.33 = 10 - 9.67.
    settlements = settle_all(result.fills, kalshi_resolution(TICKER, "no", RESOLVED),
                             polymarket_resolution(PM_ID, {"tok-yes": "0", "tok-no": "1"}, RESOLVED))
    assert [(s.instrument, s.payout, s.cost_basis, s.realized_pnl) for s in settlements] == [
        (KALSHI_YES, D(0), D("4.17"), D("-4.17")), (TOK_NO, D(10), D("5.50"), D("4.50"))]
    assert pnl(result.fills, settlements) == D("0.33")
    book = PositionBook.replay(result.fills, settlements)
    assert book.open_positions() == ()
    assert {p.instrument: p.settlement_id is not None for p in book.positions} == {KALSHI_YES: True, TOK_NO: True}


def test_divergent_resolution_shows_the_whole_loss():
    _, result = traded()
    # Kalshi says NO, Polymarket says YES: both legs lose. -4.17 - 5.50 = -9.67, not hidden.
    kalshi = kalshi_resolution(TICKER, "no", RESOLVED)
    polymarket = polymarket_resolution(PM_ID, {"tok-yes": "1", "tok-no": "0"}, RESOLVED)
    settlements = settle_all(result.fills, kalshi, polymarket)
    assert pnl(result.fills, settlements) == D("-9.67")
    assert pair_divergence(pair(), [kalshi], polymarket) == (
        f"pair {TICKER} ~ {PM_ID} resolved differently: Kalshi YES pays 0 (no) but the token mapped to YES pays 1 "
        "(token tok-yes won)")
    # And the other way both pay: 10 - 4.17 + 10 - 5.50 = +10.33.
    both = settle_all(result.fills, kalshi_resolution(TICKER, "yes", RESOLVED),
                      polymarket_resolution(PM_ID, {"tok-yes": "0", "tok-no": "1"}, RESOLVED))
    assert pnl(result.fills, both) == D("10.33")
    assert pair_divergence(pair(), [kalshi_resolution(TICKER, "no", RESOLVED)],
                           polymarket_resolution(PM_ID, {"tok-yes": "0", "tok-no": "1"}, RESOLVED)) is None


def test_fee_paid_in_shares_costs_only_when_that_leg_wins():
    _, result = traded(PM_SPORTS)
    # tok-no holds 9.864909 shares. If tok-no wins: 9.864909 - 5.50 - 4.17 = +0.194909.
    no_wins = settle_all(result.fills, kalshi_resolution(TICKER, "no", RESOLVED),
                         polymarket_resolution(PM_ID, {"tok-yes": "0", "tok-no": "1"}, RESOLVED))
    assert [s.payout for s in no_wins] == [D(0), D("9.864909")]
    assert pnl(result.fills, no_wins) == D("0.194909")
    # If Kalshi YES wins: 10 - 4.17 - 5.50 = +0.33, the shares kept were worth nothing.
    yes_wins = settle_all(result.fills, kalshi_resolution(TICKER, "yes", RESOLVED),
                          polymarket_resolution(PM_ID, {"tok-yes": "1", "tok-no": "0"}, RESOLVED))
    assert pnl(result.fills, yes_wins) == D("0.33")


def test_scalar_and_split_resolutions():
    _, result = traded()
    # Kalshi scalar 0.37: YES pays 3.70 on 10; a 50-50 Polymarket pays 5.00 on tok-no.
    settlements = settle_all(result.fills, kalshi_resolution(TICKER, "scalar", RESOLVED, "0.37"),
                             polymarket_resolution(PM_ID, {"tok-yes": "0.5", "tok-no": "0.5"}, RESOLVED))
    assert [s.payout for s in settlements] == [D("3.70"), D("5.0")]
    assert settlements[1].detail == "50-50"
    # 3.70 - 4.17 + 5.00 - 5.50 = -0.97.
    assert pnl(result.fills, settlements) == D("-0.97")


def test_a_market_never_traded_and_a_duplicate_change_nothing():
    _, result = traded()
    book = PositionBook.replay(result.fills)
    other = settle(book.positions, kalshi_resolution("KXOTHER-26JAN", "yes", RESOLVED), set())
    assert (other.settlements, other.skipped) == (
        (), ("resolution for a market never traded: kalshi market KXOTHER-26JAN (yes)",))
    first = settle(book.positions, kalshi_resolution(TICKER, "no", RESOLVED), set())
    assert len(first.settlements) == 1
    seen = {s.settlement_id for s in first.settlements}
    again = settle(book.positions, kalshi_resolution(TICKER, "no", RESOLVED), seen)
    assert again.settlements == ()
    assert again.skipped == (f"duplicate settlement: {first.settlements[0].settlement_id} was already recorded",)
    # Replayed after settling, the position itself remembers it.
    settled_book = PositionBook.replay(result.fills, first.settlements)
    assert settle(settled_book.positions, kalshi_resolution(TICKER, "no", RESOLVED), set()).settlements == ()
    # A settlement replayed twice counts once.
    assert pnl(result.fills, first.settlements * 2) == D("-4.17")


def test_resolutions_are_read_strictly():
    assert kalshi_resolution(TICKER, "yes", RESOLVED, "1.0000").payouts == {"yes": D(1), "no": D(0)}
    with pytest.raises(ResolutionError, match="result 'yes' but settlement value 0"):
        kalshi_resolution(TICKER, "yes", RESOLVED, "0")
    with pytest.raises(ResolutionError, match="result '' is not resolved"):
        kalshi_resolution(TICKER, "", RESOLVED)
    with pytest.raises(ResolutionError, match="a scalar result needs its settlement value"):
        kalshi_resolution(TICKER, "scalar", RESOLVED)
    with pytest.raises(ResolutionError, match="payouts add up to 1.5, not"):
        polymarket_resolution(PM_ID, {"tok-yes": "1", "tok-no": "0.5"}, RESOLVED)
    with pytest.raises(ResolutionError, match=r"outcome tok-yes pays -1, outside \[0, 1\]"):
        polymarket_resolution(PM_ID, {"tok-yes": "-1", "tok-no": "2"}, RESOLVED)
    with pytest.raises(ResolutionError, match="'one' is not a number"):
        polymarket_resolution(PM_ID, {"tok-yes": "one", "tok-no": "0"}, RESOLVED)


def test_resolutions_from_catalog_rows_and_stream_events():
    kalshi = replace(kalshi_market(), status=MarketStatus.SETTLED, result="no",
                     raw={"settlement_value_dollars": "0.0000"})
    assert resolution_from_market(kalshi, RESOLVED).payouts == {"yes": D(0), "no": D(1)}
    settled = replace(pm_market(), status=MarketStatus.SETTLED, result="No",
                      outcomes=(Outcome("Yes", "tok-yes", D(0)), Outcome("No", "tok-no", D(1))))
    resolution = resolution_from_market(settled, RESOLVED)
    assert (resolution.payouts, resolution.detail) == ({"tok-yes": D(0), "tok-no": D(1)}, "No")
    with pytest.raises(ResolutionError, match="polymarket market 501 is open, not resolved"):
        resolution_from_market(pm_market(), RESOLVED)
    streamed = polymarket_winner(pm_market(), "tok-yes", RESOLVED)
    assert (streamed.payouts, streamed.detail) == ({"tok-yes": D(1), "tok-no": D(0)}, "Yes won")
    with pytest.raises(ResolutionError, match="winner tok-maybe is not one of its tokens"):
        polymarket_winner(pm_market(), "tok-maybe", RESOLVED)


def test_mark_to_market_at_the_best_bid():
    _, result = traded()
    books = state(kalshi_book(yes_bids=[("0.38", 50)], no_bids=[("0.60", 10)]),
                  token_book("tok-no", bids=[("0.50", 40)], asks=[("0.55", 10)]))
    bids = {i.key: best_bid(books.books, i) for i in (KALSHI_YES, TOK_NO)}
    assert bids == {KALSHI_YES.key: D("0.38"), TOK_NO.key: D("0.50")}
    marks = mark_to_market(result.book().positions, bids)
    # 10 × 0.38 - 4.17 = -0.37; 10 × 0.50 - 5.50 = -0.50.
    assert [(m.position.instrument, m.value, m.unrealized_pnl) for m in marks] == [
        (KALSHI_YES, D("3.80"), D("-0.37")), (TOK_NO, D("5.00"), D("-0.50"))]
    # Nobody bidding: worth nothing now.
    assert mark_to_market(result.book().positions, {})[0].unrealized_pnl == D("-4.17")
    assert best_bid({}, KALSHI_YES) is None


def exit_books(yes_bid="0.70", no_bid="0.40"):
    return state(kalshi_book(yes_bids=[(yes_bid, 10)], no_bids=[("0.25", 10)], at=NOW + timedelta(days=3)),
                 token_book("tok-no", bids=[(no_bid, 10)], asks=[("0.48", 10)], at=NOW + timedelta(days=3)),
                 at=NOW + timedelta(days=3))


def test_early_exit_when_selling_now_beats_holding_by_the_margin():
    world, result = traded()
    legs = result.book().open_positions()
    # Sell 10 YES at 0.70, fee ceil(10 × 0.07 × 0.7 × 0.3 = 0.147) = 0.15: 6.85; 10 tok-no at 0.40
    # free: 4.00. Exit 10.85 against 10 at resolution: +0.85.
    quote = quote_exit(legs, world, exit_books())
    assert (quote.exit_value, quote.hold_value, quote.gain, quote.sellable) == (D("10.85"), D(10), D("0.85"), True)
    assert quote.beats_holding(D("0.50")) and not quote.beats_holding(D("0.86"))
    held = execute_exit(legs, world, exit_books(), D("1.00"))
    assert isinstance(held, ExitQuote) and held == quote
    exited = execute_exit(legs, world, exit_books(), D("0.50"))
    assert exited.outcome is TradeOutcome.EXITED and exited.opportunity_id.startswith("exit-")
    assert [(f.instrument, f.side, f.purpose, f.price, f.contracts, f.fee) for f in exited.fills] == [
        (KALSHI_YES, Side.SELL, OrderPurpose.EXIT, D("0.70"), D(10), D("0.15")),
        (TOK_NO, Side.SELL, OrderPurpose.EXIT, D("0.40"), D(10), D(0))]
    # Realized: 6.85 - 4.17 + 4.00 - 5.50 = +1.18, and nothing is left.
    book = PositionBook.replay(result.fills + exited.fills)
    assert book.open_positions() == ()
    assert sum(e.amount for e in book.realized) == D("1.18")


def test_no_exit_when_a_leg_cannot_be_sold_in_full():
    world, result = traded()
    books = exit_books()
    thin = state(books.books[TICKER], token_book("tok-no", bids=[("0.99", 4)], at=books.at), at=books.at)
    quote = quote_exit(result.book().open_positions(), world, thin)
    assert not quote.sellable and not quote.beats_holding(D(0))
    assert quote.reasons == ("sell polymarket:501:tok-no: only 4 of 10 contracts bid for",)


def test_exit_leaves_a_fraction_of_a_share_recorded():
    world, result = traded(PM_SPORTS)
    legs = result.book().open_positions()
    # tok-no holds 9.864909: 9 whole shares sell, 0.864909 stays to resolution, recorded.
    quote = quote_exit(legs, world, exit_books(no_bid="0.45"))
    assert quote.hold_value == D("9.864909")
    # 6.85 for YES; 9 × 0.45 = 4.05 less 9 × 0.03 × 0.45 × 0.55 = 0.066825, charged 0.0669:
    # 10.8331 > 9.864909.
    assert quote.exit_value == D("10.8331")
    exited = execute_exit(legs, world, exit_books(no_bid="0.45"), D(0))
    assert exited.outcome is TradeOutcome.EXITED
    assert [(r.instrument, r.contracts) for r in exited.residuals] == [(TOK_NO, D("0.864909"))]


def test_an_exit_takes_the_legs_of_one_held_pair():
    world, result = traded()
    legs = result.book().open_positions()
    with pytest.raises(ValueError, match="one pair, not of several"):
        quote_exit([legs[0], replace(legs[1], pair_key="other")], world, exit_books())
    with pytest.raises(ValueError, match="each leg once"):
        quote_exit([legs[0], legs[0]], world, exit_books())
    with pytest.raises(ValueError, match="nothing is held of kalshi"):
        quote_exit([replace(legs[0], contracts=D(0))], world, exit_books())


def test_positions_refuse_what_cannot_be_held():
    _, result = traded()
    book = result.book()
    sell = replace(result.fills[0], fill_id="x", side=Side.SELL, contracts=D(11))
    with pytest.raises(ValueError, match="sells 11 kalshi:KXFED-26JAN-T4.00:yes but only 10 are held"):
        book.apply_fill(sell)
    first = settle(book.positions, kalshi_resolution(TICKER, "no", RESOLVED), set()).settlements[0]
    with pytest.raises(ValueError, match="pays 5 .* but 10 are held"):
        book.apply_settlement(replace(first, contracts=D(5)))
    assert book.get(SignalKind.ARBITRAGE, f"{TICKER}~{PM_ID}", KALSHI_YES).average_cost == D("0.417")
    assert {p.venue for p in book.pair(SignalKind.ARBITRAGE, f"{TICKER}~{PM_ID}")} == {Venue.KALSHI, Venue.POLYMARKET}
