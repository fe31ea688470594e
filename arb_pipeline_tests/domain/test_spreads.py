import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from arb_pipeline.domain.models import (
    KalshiFeeSchedule,
    KalshiOrderBook,
    Market,
    MarketStatus,
    MatchedPair,
    OpportunityKind,
    OrderBook,
    Outcome,
    PairStatus,
    PairTransform,
    PolymarketFeeSchedule,
    PriceLevel,
    Venue,
)
from arb_pipeline.domain.spreads import (
    pair_has_top_edge,
    Thresholds,
    annualized_return,
    days_to_resolution,
    evaluate_all,
    evaluate_intra_venue,
    evaluate_pair,
    index_books,
    index_markets,
)
from arb_pipeline.venues.kalshi import parse_market_response, parse_orderbook, parse_series_response
from arb_pipeline.venues.polymarket import parse_book, parse_gamma_market
from arb_pipeline_tests.paths import FIXTURES

D = Decimal
NOW = datetime(2026, 1, 9, 12, tzinfo=UTC)
TICKER = "KXFED-26JAN-T4.00"
PM_ID = "501"
STANDARD = KalshiFeeSchedule("quadratic", D(1))
LOOSE = Thresholds(
    min_net_edge=D("0.01"), min_apy=D("0.10"), min_contracts=D(1), max_quote_age_s=10.0, min_net_profit=D(0)
)


def levels(*pairs):
    return [PriceLevel(D(price), D(size)) for price, size in pairs]


def kalshi_market(ticker=TICKER, *, fee=STANDARD, expires=NOW + timedelta(days=20), status=MarketStatus.OPEN):
    return Market(
        venue=Venue.KALSHI, market_id=ticker, event_id="KXFED-26JAN", series_id="KXFED",
        title="Fed funds above 4.00%", subtitle=None, rules="", category="Economics", status=status,
        venue_status="active", outcomes=(Outcome("Yes"), Outcome("No")), open_time=None,
        close_time=expires, expiration_time=expires, fee=fee,
    )


def pm_market(market_id=PM_ID, *, fee=PolymarketFeeSchedule(), ends=NOW + timedelta(days=10), raw=None,
              tokens=("tok-yes", "tok-no"), status=MarketStatus.OPEN):
    return Market(
        venue=Venue.POLYMARKET, market_id=market_id, event_id="9001", series_id=None,
        title="Fed above 4% in January?", subtitle=None, rules="", category="Economics", status=status,
        venue_status="active", outcomes=tuple(Outcome(name, token) for name, token in zip(("Yes", "No"), tokens)),
        open_time=None, close_time=ends, expiration_time=ends, fee=fee, raw=raw or {},
    )


def kalshi_book(ticker=TICKER, yes_bids=(("0.38", 50),), no_bids=(("0.60", 10),), received=NOW, venue_ts=None):
    return KalshiOrderBook.from_levels(ticker, levels(*yes_bids), levels(*no_bids), received, venue_ts)


def token_book(token, asks, received=NOW, venue_ts=None, min_order_size=None):
    return OrderBook.from_levels(
        Venue.POLYMARKET, token, [], levels(*asks), received, venue_ts=venue_ts, min_order_size=min_order_size
    )


def pair(status=PairStatus.APPROVED, kalshi_tickers=(), transform=PairTransform.IDENTITY, yes="tok-yes", no="tok-no"):
    return MatchedPair(
        kalshi_ticker=kalshi_tickers[0] if kalshi_tickers else TICKER, polymarket_market_id=PM_ID,
        polymarket_yes_token=yes, polymarket_no_token=no, confidence=0.97, status=status,
        reasons=("same threshold, same meeting",), transform=transform, kalshi_tickers=kalshi_tickers,
    )


def board(kalshi=None, pm=None, books=None):
    markets = index_markets([kalshi or kalshi_market(), pm or pm_market()])
    if books is None:
        # Kalshi YES asks 0.40×10 (1 - NO bid 0.60), NO asks 0.62×50 (1 - YES bid 0.38).
        token_books = [token_book("tok-no", [("0.55", 10)]), token_book("tok-yes", [("0.56", 100)])]
        books = index_books([kalshi_book()], token_books)
    return markets, books


def test_cross_venue_both_directions_hand_computed():
    markets, books = board()
    yes, no = evaluate_pair(pair(), markets, books, NOW, LOOSE)
    # YES 0.40 + tok-no 0.55 = 0.95: ten sets, Kalshi fee ceil(10 × 0.0168) = 0.17, Polymarket free.
    assert (yes.kind, yes.kalshi_side, yes.polymarket_token) == (OpportunityKind.CROSS_VENUE, "yes", "tok-no")
    assert (yes.contracts, yes.kalshi_avg_price, yes.polymarket_avg_price) == (D(10), D("0.40"), D("0.55"))
    assert (yes.kalshi_fee, yes.polymarket_fee, yes.cost) == (D("0.17"), D(0), D("9.67"))
    assert (yes.net_profit, yes.edge_per_contract, yes.top_gross_edge) == (D("0.33"), D("0.033"), D("0.05"))
    # Money is locked until the later market resolves: Kalshi's, in 20 days.
    # APY = 0.33 / 9.67 × 365 / 20 = 120.45 / 193.4 = 0.62280248...
    assert yes.days_to_resolution == D(20)
    assert yes.apy.quantize(D("0.00000001")) == D("0.62280248")
    assert yes.is_opportunity and yes.rejection_reasons == ()
    assert (yes.quote_received_ts, yes.evaluated_at, yes.kalshi_tickers) == (NOW, NOW, ())
    # NO 0.62 + tok-yes 0.56 = 1.18: nothing to buy.
    assert (no.kalshi_side, no.polymarket_token, no.contracts) == ("no", "tok-yes", D(0))
    assert (no.kalshi_avg_price, no.polymarket_avg_price, no.apy) == (None, None, None)
    assert no.top_gross_edge == D("-0.18")
    assert no.rejection_reasons == ("no edge: best asks sum to 1.18 >= $1",)
    assert not no.is_opportunity


def _best_asks(books):
    def best_ask(instrument, side):
        book = books[instrument]
        asks = book.side_book(side).asks if side is not None else book.asks
        return asks[0].price if asks else None

    return best_ask


def test_the_top_edge_screen_passes_a_pair_with_an_edge_and_stops_one_that_cannot_open():
    markets, books = board()
    # YES 0.40 + tok-no 0.55 < $1: the screen lets it through (and the walk finds an opportunity).
    assert pair_has_top_edge(pair(), _best_asks(books))
    # tok-no at 0.60: YES 0.40 + 0.60 = $1 and NO 0.62 + 0.56 = 1.18; nothing can open.
    books["tok-no"] = token_book("tok-no", [("0.60", 10)])
    assert not pair_has_top_edge(pair(), _best_asks(books))
    assert not any(spread.is_opportunity for spread in evaluate_pair(pair(), markets, books, NOW, LOOSE))
    # A leg without asks cannot make a set either.
    books["tok-no"] = token_book("tok-no", [])
    assert not pair_has_top_edge(pair(), _best_asks(books))
    # The NO direction alone: NO 0.62 + tok-yes 0.37 < $1.
    books["tok-yes"] = token_book("tok-yes", [("0.37", 100)])
    assert pair_has_top_edge(pair(), _best_asks(books))


def test_positive_gross_edge_eaten_by_fees_is_not_an_opportunity():
    # 0.40 + 0.58 = 0.98: gross 0.02 a set; fees 0.0168 (Kalshi) + 0.03 × 0.58 × 0.42 = 0.007308.
    fee = PolymarketFeeSchedule(enabled=True, rate=D("0.03"), exponent=D(1))
    markets, books = board(pm=pm_market(fee=fee))
    books["tok-no"] = token_book("tok-no", [("0.58", 100)])
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert (yes.contracts, yes.net_profit, yes.top_gross_edge) == (D(0), D(0), D("0.02"))
    assert yes.rejection_reasons == ("no profitable size after fees (top-of-book gross edge 0.02)",)


def test_fee_multiplier_and_polymarket_fees_change_the_figures():
    # Index series (multiplier 0.5): Kalshi fee ceil(10 × 0.0084) = 0.09. Polymarket rate 0.03 at
    # 0.55: 10 × 0.03 × 0.2475 = 0.07425, charged 0.0743. Profit 0.50 - 0.09 - 0.0743 = 0.3357.
    fee = PolymarketFeeSchedule(enabled=True, rate=D("0.03"), exponent=D(1))
    markets, books = board(kalshi=kalshi_market(fee=KalshiFeeSchedule("quadratic", D("0.5"))), pm=pm_market(fee=fee))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert (yes.kalshi_fee, yes.polymarket_fee, yes.net_profit) == (D("0.09"), D("0.0743"), D("0.3357"))


def test_stale_quotes_are_never_opportunities():
    markets, books = board()
    books[TICKER] = kalshi_book(received=NOW - timedelta(seconds=42))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    # Still sized, so a user sees what was there, but turned down: too old, and too far from the
    # Polymarket leg, which was read at NOW.
    assert yes.contracts == D(10)
    assert yes.rejection_reasons == (
        f"stale quote: kalshi book {TICKER} 42.0 s old > 10 s",
        f"legs observed 42.0 s apart > 10 s: kalshi book {TICKER} at 2026-01-09T11:59:18+00:00, "
        "polymarket book tok-no at 2026-01-09T12:00:00+00:00",
    )
    assert not yes.is_opportunity
    assert yes.quote_received_ts == NOW - timedelta(seconds=42)


def test_a_venue_timestamp_far_in_the_past_is_stale_too():
    markets, books = board()
    books["tok-no"] = token_book("tok-no", [("0.55", 10)], venue_ts=NOW - timedelta(hours=1))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert yes.rejection_reasons == (
        "stale quote: polymarket book tok-no venue time 3600.0 s old > 10 s",
        "legs observed 3600.0 s apart > 10 s: polymarket book tok-no at 2026-01-09T11:00:00+00:00, "
        f"kalshi book {TICKER} at 2026-01-09T12:00:00+00:00",
    )


def test_a_crossed_kalshi_book_is_never_an_opportunity_either_way():
    # YES bid 0.95 + NO bid 0.42 = 1.37: no matching engine leaves that standing. Walked as it
    # is, it would be "YES at 0.58" and "NO at 0.05" (issue: $118 became $2,971 plus $4,531).
    markets, books = board()
    books[TICKER] = kalshi_book(yes_bids=(("0.38", 50), ("0.95", 40)), no_bids=(("0.60", 10), ("0.42", 80)))
    crossed = f"bad book: kalshi {TICKER} crossed: best YES bid 0.95 + best NO bid 0.60 = 1.55 >= 1"
    spreads = evaluate_all([pair()], markets, books, NOW, LOOSE)
    assert len(spreads) == 4  # two directions, the Kalshi YES+NO set, the Polymarket token set
    by_kind = {(s.kind, s.kalshi_side): s for s in spreads}
    for key in ((OpportunityKind.CROSS_VENUE, "yes"), (OpportunityKind.CROSS_VENUE, "no"),
                (OpportunityKind.KALSHI_YES_NO, None)):
        assert not by_kind[key].is_opportunity
        assert crossed in by_kind[key].rejection_reasons
    assert by_kind[(OpportunityKind.POLYMARKET_BOTH_TOKENS, None)].rejection_reasons[0].startswith("no edge")


def test_a_crossed_polymarket_book_is_never_an_opportunity():
    # An ask of 0.05 under bids of 0.62-0.66 (issue: a $1,628 phantom).
    markets, books = board()
    books["tok-no"] = OrderBook.from_levels(
        Venue.POLYMARKET, "tok-no", levels(("0.62", 10), ("0.66", 10)), levels(("0.05", 500), ("0.55", 10)), NOW
    )
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert not yes.is_opportunity
    assert "bad book: polymarket tok-no crossed: best bid 0.66 >= best ask 0.05" in yes.rejection_reasons


def test_absurd_sizes_are_bad_data_not_profit():
    markets, books = board()
    books["tok-no"] = token_book("tok-no", [("0.55", "1E+30")])
    books[TICKER] = kalshi_book(no_bids=(("0.60", "1E+30"),))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert not yes.is_opportunity
    assert yes.rejection_reasons[:2] == (
        f"bad book: kalshi {TICKER} no bids: size 1E+30 at 0.60 is beyond any real book "
        "(more than 1,000,000,000 contracts at one price)",
        "bad book: polymarket tok-no asks: size 1E+30 at 0.55 is beyond any real book "
        "(more than 1,000,000,000 contracts at one price)",
    )


def test_legs_observed_too_far_apart_are_not_an_opportunity():
    # Both books are young enough on their own (max age 60 s) but were read 36 s apart.
    markets, books = board()
    books[TICKER] = kalshi_book(received=NOW - timedelta(seconds=40))
    books["tok-no"] = token_book("tok-no", [("0.55", 10)], received=NOW - timedelta(seconds=4))
    lenient_age = replace(LOOSE, max_quote_age_s=60.0)
    yes = evaluate_pair(pair(), markets, books, NOW, lenient_age)[0]
    assert yes.rejection_reasons == (
        f"legs observed 36.0 s apart > 10 s: kalshi book {TICKER} at 2026-01-09T11:59:20+00:00, "
        "polymarket book tok-no at 2026-01-09T11:59:56+00:00",
    )
    assert evaluate_pair(pair(), markets, books, NOW, replace(lenient_age, max_leg_skew_s=40.0))[0].is_opportunity


def test_a_venue_time_after_the_receive_time_is_not_trusted():
    # Stamped ten minutes after it reached us: the venue's clock or the data is wrong, so the
    # book's age cannot be known.
    markets, books = board()
    books["tok-no"] = token_book("tok-no", [("0.55", 10)], venue_ts=NOW + timedelta(minutes=10))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert yes.rejection_reasons == (
        "untrusted time: polymarket book tok-no venue time 2026-01-09T12:10:00+00:00 is 600.0 s after it was received",
    )


def test_a_book_received_after_the_scan_time_is_not_trusted():
    markets, books = board()
    books[TICKER] = kalshi_book(received=datetime(2030, 1, 1, tzinfo=UTC))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert not yes.is_opportunity
    assert yes.rejection_reasons[0] == (
        f"untrusted time: kalshi book {TICKER} received 125496000.0 s after the scan time 2026-01-09T12:00:00+00:00"
    )


def test_a_small_clock_difference_is_tolerated():
    markets, books = board()
    books["tok-no"] = token_book("tok-no", [("0.55", 10)], venue_ts=NOW + timedelta(seconds=2))
    books[TICKER] = kalshi_book(received=NOW + timedelta(seconds=1))
    assert evaluate_pair(pair(), markets, books, NOW, LOOSE)[0].is_opportunity


def test_a_market_past_its_close_time_is_not_tradable_even_when_active():
    # Kalshi still said "active" but trading closed an hour ago; days to resolution would floor
    # at one hour and rank it first with an APY in the tens of thousands of percent.
    closed_at = NOW - timedelta(hours=1)
    kalshi = replace(kalshi_market(), close_time=closed_at, expiration_time=NOW + timedelta(minutes=30))
    markets, books = board(kalshi=kalshi)
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert not yes.is_opportunity
    assert yes.rejection_reasons[0] == f"kalshi market {TICKER} closed at 2026-01-09T11:00:00+00:00: not tradable"


def test_a_market_past_its_expected_resolution_is_not_tradable():
    pm = replace(pm_market(), close_time=None, expiration_time=NOW - timedelta(minutes=5))
    markets, books = board(pm=pm)
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert yes.rejection_reasons[0] == f"polymarket market {PM_ID} was due to resolve at 2026-01-09T11:55:00+00:00: not tradable"


def test_each_threshold_names_itself():
    markets, books = board()
    strict = Thresholds(
        min_net_edge=D("0.05"), min_apy=D(1), min_contracts=D(20), max_quote_age_s=10.0, min_net_profit=D(1)
    )
    yes = evaluate_pair(pair(), markets, books, NOW, strict)[0]
    assert yes.rejection_reasons == (
        "edge 0.033 < min 0.05",
        "APY 0.622802 < min 1",
        "size 10 < min 20 contracts",
        "net profit 0.33 < min 1",
    )


def test_size_caps_from_thresholds():
    markets, books = board()
    capped = evaluate_pair(pair(), markets, books, NOW, replace(LOOSE, max_sets=4))[0]
    assert (capped.contracts, capped.kalshi_fee, capped.net_profit) == (D(4), D("0.07"), D("0.13"))
    budget = evaluate_pair(pair(), markets, books, NOW, replace(LOOSE, max_cost=D(5)))[0]
    assert (budget.contracts, budget.cost) == (D(5), D("4.84"))


def test_missing_kalshi_fee_schedule_is_a_reason_not_a_default():
    markets, books = board(kalshi=kalshi_market(fee=None))
    yes, no = evaluate_pair(pair(), markets, books, NOW, LOOSE)
    reason = f"kalshi market {TICKER} has no series fee schedule (fee_type, fee_multiplier unknown)"
    for spread in (yes, no):
        assert spread.rejection_reasons == (reason,)
        assert (spread.contracts, spread.cost, spread.top_gross_edge) == (D(0), D(0), None)
        assert not spread.is_opportunity


def test_missing_market_book_and_bad_mapping_are_reasons():
    markets, books = board()
    del books["tok-yes"]
    no = evaluate_pair(pair(), markets, books, NOW, LOOSE)[1]
    assert no.rejection_reasons == ("no polymarket book for token tok-yes",)
    assert evaluate_pair(pair(no="tok-other"), markets, books, NOW, LOOSE)[0].rejection_reasons == (
        f"token tok-other is not an outcome of polymarket market {PM_ID}",
    )
    assert evaluate_pair(pair(yes="tok-no"), markets, books, NOW, LOOSE)[0].rejection_reasons == (
        "token mapping invalid: YES and NO both map to token tok-no",
    )
    without_kalshi = {PM_ID: markets[PM_ID]}
    assert evaluate_pair(pair(), without_kalshi, books, NOW, LOOSE)[0].rejection_reasons == (
        f"no kalshi market {TICKER}",
    )
    books[TICKER] = token_book(TICKER, [("0.4", 1)])
    assert evaluate_pair(pair(), markets, books, NOW, LOOSE)[0].rejection_reasons == (
        f"book for {TICKER} is not a kalshi book",
    )


def test_unsorted_or_unpriceable_books_are_reasons_not_crashes():
    markets, books = board()
    books["tok-no"] = OrderBook(Venue.POLYMARKET, "tok-no", (), tuple(levels(("0.55", 5), ("0.50", 5))), NOW)
    assert evaluate_pair(pair(), markets, books, NOW, LOOSE)[0].rejection_reasons == (
        "polymarket tok-no: asks are not sorted best (lowest) first: 0.50 after 0.55",
    )
    # A price with 70 significant digits: its fee needs more digits than exact arithmetic holds.
    books["tok-no"] = token_book("tok-no", [("0." + "5" * 70, 5)])
    markets[PM_ID] = pm_market(fee=PolymarketFeeSchedule(enabled=True, rate=D("0.03"), exponent=D(1)))
    assert evaluate_pair(pair(), markets, books, NOW, LOOSE)[0].rejection_reasons == (
        "cannot price exactly (Inexact): more digits than exact money arithmetic holds",
    )
    # The same refusal when 1 - NO bid (a Kalshi YES ask) itself needs more digits than exact holds.
    markets, books = board()
    books[TICKER] = kalshi_book(no_bids=(("0." + "6" * 90, 10),))
    assert evaluate_pair(pair(), markets, books, NOW, LOOSE)[0].rejection_reasons == (
        "cannot price exactly (Inexact): more digits than exact money arithmetic holds",
    )


def test_closed_market_is_not_an_opportunity():
    markets, books = board(kalshi=kalshi_market(status=MarketStatus.CLOSED))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert yes.rejection_reasons == (f"kalshi market {TICKER} is closed, not open",)


def test_only_approved_pairs_are_evaluated():
    markets, books = board()
    with pytest.raises(ValueError, match="is review: only approved pairs are evaluated"):
        evaluate_pair(pair(status=PairStatus.REVIEW), markets, books, NOW, LOOSE)
    pairs = [pair(status=PairStatus.REVIEW), pair(status=PairStatus.REJECTED)]
    assert evaluate_all(pairs, markets, books, NOW, LOOSE, intra_venue=False) == []


def test_polymarket_min_order_size_from_book_or_gamma():
    # Four contracts of tok-no on offer, and Polymarket will not fill fewer than five.
    markets, books = board(pm=pm_market(raw={"orderMinSize": 5}))
    books["tok-no"] = token_book("tok-no", [("0.55", 4)])
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert yes.contracts == D(0)
    assert yes.rejection_reasons == (
        "no profitable size after fees (top-of-book gross edge 0.05) at the 5-contract minimum order",
    )
    # The REST book's own min_order_size wins over Gamma's.
    books["tok-no"] = token_book("tok-no", [("0.55", 4)], min_order_size=D(1))
    assert evaluate_pair(pair(), markets, books, NOW, LOOSE)[0].contracts == D(4)
    markets[PM_ID] = pm_market(raw={"orderMinSize": "five"})
    books["tok-no"] = token_book("tok-no", [("0.55", 4)])
    assert evaluate_pair(pair(), markets, books, NOW, LOOSE)[0].rejection_reasons == (
        f"polymarket market {PM_ID} field 'orderMinSize': not a size: 'five'",
    )


def test_sum_basket_buys_yes_on_every_leg_and_skips_the_no_direction():
    # "4.75-5.00%" + "above 5.00%" = "above 4.75%": YES asks 0.20 and 0.25 (1 - NO bids), tok-no 0.50.
    legs = ("KXFED-26JAN-B4.875", "KXFED-26JAN-T5.00")
    markets = index_markets([kalshi_market(legs[0]), kalshi_market(legs[1]), pm_market()])
    books = index_books(
        [
            kalshi_book(legs[0], yes_bids=(("0.15", 50),), no_bids=(("0.80", 10),)),
            kalshi_book(legs[1], yes_bids=(("0.20", 50),), no_bids=(("0.75", 10),)),
        ],
        [token_book("tok-no", [("0.50", 10)]), token_book("tok-yes", [("0.40", 10)])],
    )
    spreads = evaluate_pair(pair(kalshi_tickers=legs, transform=PairTransform.SUM), markets, books, NOW, LOOSE)
    assert len(spreads) == 1
    (basket,) = spreads
    # Fees: ceil(10 × 0.07 × 0.2 × 0.8 = 0.112) = 0.12 and ceil(10 × 0.07 × 0.25 × 0.75 = 0.13125) = 0.14.
    assert (basket.kalshi_side, basket.polymarket_token, basket.kalshi_tickers) == ("yes", "tok-no", legs)
    assert (basket.contracts, basket.kalshi_avg_price, basket.kalshi_fee) == (D(10), D("0.45"), D("0.26"))
    assert (basket.cost, basket.net_profit) == (D("9.76"), D("0.24"))
    assert basket.is_opportunity


def test_intra_venue_polymarket_both_tokens():
    market = pm_market(raw={"orderMinSize": 5})
    books = index_books([], [token_book("tok-yes", [("0.47", 20)]), token_book("tok-no", [("0.50", 20)])])
    (spread,) = evaluate_intra_venue(market, books, NOW, LOOSE)
    assert spread.kind is OpportunityKind.POLYMARKET_BOTH_TOKENS
    assert (spread.polymarket_market_id, spread.kalshi_ticker) == (PM_ID, None)
    assert (spread.contracts, spread.polymarket_avg_price, spread.kalshi_avg_price) == (D(20), D("0.97"), None)
    assert (spread.cost, spread.net_profit, spread.kalshi_fee) == (D("19.40"), D("0.60"), D(0))
    assert spread.days_to_resolution == D(10)
    assert spread.is_opportunity
    assert evaluate_intra_venue(pm_market(tokens=(None, None)), books, NOW, LOOSE) == []


def test_intra_venue_kalshi_yes_and_no():
    # A crossed (stale or broken) book: YES bid 0.60 and NO bid 0.50 -> YES ask 0.50, NO ask 0.40.
    # Five sets: fees ceil(5 × 0.0175) = 0.09 and ceil(5 × 0.0168) = 0.09; 4.50 + 0.18 = 4.68.
    crossed = index_books([kalshi_book(yes_bids=(("0.60", 5),), no_bids=(("0.50", 5),))], [])
    (spread,) = evaluate_intra_venue(kalshi_market(), crossed, NOW, LOOSE)
    assert (spread.kind, spread.kalshi_ticker, spread.kalshi_side) == (OpportunityKind.KALSHI_YES_NO, TICKER, None)
    assert (spread.contracts, spread.kalshi_avg_price, spread.kalshi_fee) == (D(5), D("0.90"), D("0.18"))
    assert (spread.cost, spread.net_profit) == (D("4.68"), D("0.32"))
    # A sane book: YES ask 0.40 + NO ask 0.62.
    (sane,) = evaluate_intra_venue(kalshi_market(), index_books([kalshi_book()], []), NOW, LOOSE)
    assert (sane.contracts, sane.rejection_reasons) == (D(0), ("no edge: best asks sum to 1.02 >= $1",))


def test_days_to_resolution_floor_unknown_and_apy():
    past = kalshi_market(expires=NOW - timedelta(minutes=10))
    assert days_to_resolution([past], NOW) == D("0.041667")  # one hour, rounded up to a millionth of a day
    assert days_to_resolution([kalshi_market(expires=NOW + timedelta(hours=36)), pm_market()], NOW) == D(10)
    assert days_to_resolution([kalshi_market(expires=None), pm_market()], NOW) is None
    assert annualized_return(D("0.33"), D("9.67"), D(20)) == D("120.45") / D("193.4")
    markets, books = board(kalshi=kalshi_market(expires=None))
    yes = evaluate_pair(pair(), markets, books, NOW, LOOSE)[0]
    assert (yes.contracts, yes.days_to_resolution, yes.apy) == (D(10), None, None)
    assert yes.rejection_reasons == (f"APY unknown: no resolution time for kalshi market {TICKER}",)


def test_evaluate_all_covers_every_approved_pair_direction_and_intra_venue_market():
    markets, books = board()
    other = pm_market("777", tokens=("a-yes", "a-no"))
    markets["777"] = other
    markets["KXFED-26JAN-T4.25"] = kalshi_market("KXFED-26JAN-T4.25")  # no book quoted: skipped
    books["a-yes"] = token_book("a-yes", [("0.30", 10)])
    books["a-no"] = token_book("a-no", [("0.60", 10)])
    pairs = [pair(), pair(status=PairStatus.REVIEW)]
    spreads = evaluate_all(pairs, markets, books, NOW, LOOSE)
    kinds = [(s.kind, s.kalshi_ticker, s.polymarket_market_id, s.kalshi_side) for s in spreads]
    assert kinds == [
        (OpportunityKind.CROSS_VENUE, TICKER, PM_ID, "yes"),
        (OpportunityKind.CROSS_VENUE, TICKER, PM_ID, "no"),
        (OpportunityKind.KALSHI_YES_NO, TICKER, None, None),
        (OpportunityKind.POLYMARKET_BOTH_TOKENS, None, PM_ID, None),
        (OpportunityKind.POLYMARKET_BOTH_TOKENS, None, "777", None),
    ]
    opportunities = [s for s in spreads if s.is_opportunity]
    # tok-yes 0.56 + tok-no 0.55 is over $1; a-yes 0.30 + a-no 0.60 = 0.90 is a $0.10 set.
    assert [(s.kind, s.polymarket_market_id, s.contracts, s.net_profit) for s in opportunities] == [
        (OpportunityKind.CROSS_VENUE, PM_ID, D(10), D("0.33")),
        (OpportunityKind.POLYMARKET_BOTH_TOKENS, "777", D(10), D("1.00")),
    ]
    assert evaluate_all(pairs, markets, books, NOW, LOOSE, intra_venue=False) == spreads[:2]


def test_index_helpers_refuse_ids_shared_by_both_venues():
    with pytest.raises(ValueError, match="is both a kalshi and a polymarket market"):
        index_markets([kalshi_market("501"), pm_market("501")])
    with pytest.raises(ValueError, match="both a kalshi ticker and a polymarket token"):
        index_books([kalshi_book("X")], [token_book("X", [("0.5", 1)])])


def test_recorded_wire_payloads_flow_into_a_sized_spread():
    # Parsed exactly as the venues send them (docs/venues.md#kalshi-series, #kalshi-order-books,
    # #polymarket-gamma-catalog, #polymarket-clob-books): Kalshi series
    # fees, a current-format book with the best level LAST, a Gamma market with JSON-in-JSON token
    # ids and a fee schedule, a CLOB book with asks descending.
    read = lambda *parts: json.loads(FIXTURES.joinpath(*parts).read_text())  # noqa: E731
    series = parse_series_response(read("kalshi", "series_list.json"))
    kalshi = parse_market_response(read("kalshi", "market_current.json"), series_by_ticker=series)
    polymarket = parse_gamma_market(read("polymarket", "gamma_market_fees.json"))
    yes_token, no_token = polymarket.token_ids
    clob = read("polymarket", "clob_book.json")
    received = datetime.fromtimestamp(int(clob["timestamp"]) / 1000, tz=UTC)
    clob["asset_id"] = no_token  # the recorded book was for another token
    # The recorded market closed in January 2025 and the book example's best bids (YES 0.45, NO
    # 0.56) cross: re-date the market after the book and lower the YES bids, which leaves the
    # asks this spread buys (1 - NO bids) exactly as recorded.
    kalshi = replace(kalshi, close_time=received + timedelta(days=30), expiration_time=received + timedelta(days=30))
    kalshi_book_body = read("kalshi", "orderbook_fp.json")
    kalshi_book_body["orderbook_fp"]["yes_dollars"] = [["0.4000", "13.00"], ["0.4200", "100.00"]]
    books = index_books(
        [parse_orderbook(kalshi_book_body, kalshi.market_id, received_ts=received)],
        [parse_book(clob, received_ts=received)],
    )
    recorded = MatchedPair(
        kalshi_ticker=kalshi.market_id, polymarket_market_id=polymarket.market_id, polymarket_yes_token=yes_token,
        polymarket_no_token=no_token, confidence=1.0, status=PairStatus.APPROVED, reasons=("recorded payloads",),
    )
    yes, no = evaluate_pair(recorded, index_markets([kalshi, polymarket]), books, received, LOOSE)
    # Kalshi YES asks 0.44×146, 0.46×20 (1 - NO bids 0.56, 0.54); tok-no asks 0.46×150, 0.47×60...
    # Every set up to Kalshi's depth of 166 pays. Kalshi fills 146@0.44 (fee ceil(2.518208) = 2.52)
    # and 20@0.46 (ceil(0.34776) = 0.35); Polymarket (rate 0.05, exponent 1) 150@0.46 (fee 1.863)
    # and 16@0.47 (0.19928, charged 0.1993). Cost 73.44 + 2.87 + 76.52 + 2.0623 = 154.8923.
    assert (yes.contracts, yes.kalshi_fee, yes.polymarket_fee) == (D(166), D("2.87"), D("2.0623"))
    assert (yes.cost, yes.net_profit) == (D("154.8923"), D("11.1077"))
    assert yes.is_opportunity
    assert no.rejection_reasons == (f"no polymarket book for token {yes_token}",)
