from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arb_pipeline.domain.books import LevelMap, LiveKalshiBook, LiveTokenBook
from arb_pipeline.domain.models import BookSide, KalshiOrderBook, OrderBook, PriceLevel, Venue

D = Decimal
NOW = datetime(2026, 1, 9, 12, tzinfo=UTC)


def lv(price, size):
    return PriceLevel(D(price), D(size))


def test_order_book_sorts_best_first_whatever_the_wire_order():
    # Polymarket's wire order: bids ascending, asks descending (best LAST).
    book = OrderBook.from_levels(
        Venue.POLYMARKET, "tok", [lv("0.40", 5), lv("0.45", 100)], [lv("0.60", 7), lv("0.46", 150)], NOW
    )
    assert book.best_bid == lv("0.45", 100)
    assert book.best_ask == lv("0.46", 150)
    assert [level.price for level in book.asks] == [D("0.46"), D("0.60")]
    assert not book.is_crossed


def test_zero_sizes_dropped_and_duplicate_prices_merged():
    book = OrderBook.from_levels(Venue.POLYMARKET, "tok", [lv("0.4", 0), lv("0.3", 2), lv("0.3", 3)], [], NOW)
    assert book.bids == (lv("0.3", 5),)
    assert book.best_ask is None


def test_kalshi_yes_ask_is_one_minus_best_no_bid():
    # The venue's documented example (docs/venues.md#kalshi-order-books): arrays ascending, best bid LAST.
    book = KalshiOrderBook.from_levels(
        "FED-23DEC-T3.00", [lv("0.42", 13), lv("0.45", 100)], [lv("0.54", 20), lv("0.56", 146)], NOW
    )
    yes = book.yes_book
    assert yes.best_bid == lv("0.45", 100)
    assert yes.best_ask == lv("0.44", 146)  # 1 - 0.56
    assert [level.price for level in yes.asks] == [D("0.44"), D("0.46")]
    no = book.no_book
    assert no.best_bid == lv("0.56", 146)
    assert no.best_ask == lv("0.55", 100)  # 1 - 0.45
    assert yes.is_crossed  # 0.45 bid >= 0.44 ask: a crossed book is detectable
    with pytest.raises(ValueError, match="'yes' or 'no'"):
        book.side_book("maybe")


def test_level_map_absolute_and_signed_updates():
    side = LevelMap([lv("0.5", 10)])
    assert side.add(D("0.5"), D("-4")) == D(6)
    assert side.add(D("0.5"), D("-6")) == D(0)
    assert len(side) == 0
    side.set(D("0.52"), D(3))
    side.set(D("0.51"), D(1))
    assert side.best(BookSide.BID) == lv("0.52", 3)
    assert side.best(BookSide.ASK) == lv("0.51", 1)
    side.set(D("0.52"), D(0))
    assert side.best(BookSide.BID) == lv("0.51", 1)


# Prices on a coarse grid so that operations hit the same levels (and the best one) often.
_operations = st.lists(
    st.tuples(
        st.sampled_from(["add", "set", "replace"]),
        st.integers(1, 12).map(lambda n: D(n) / 16),
        st.integers(-3, 3).map(D),
    ),
    max_size=60,
)


@given(_operations)
def test_level_map_keeps_its_highest_and_lowest_through_any_changes(operations):
    side = LevelMap()
    for operation, price, amount in operations:
        if operation == "add":
            side.add(price, amount)
        elif operation == "set":
            side.set(price, amount)
        else:
            side.replace([PriceLevel(price, amount), PriceLevel(price / 2, D(1))])
        # The kept prices are always those of a full walk, whichever is asked first.
        assert side.highest() == (max(side.levels) if side.levels else None)
        assert side.lowest() == (min(side.levels) if side.levels else None)
        assert side.best(BookSide.BID) == (PriceLevel(max(side.levels), side.levels[max(side.levels)]) if side.levels else None)


def test_level_map_finds_the_next_best_after_the_best_level_goes():
    side = LevelMap([lv("0.40", 1), lv("0.45", 2), lv("0.50", 3)])
    assert (side.highest(), side.lowest()) == (D("0.50"), D("0.40"))
    side.add(D("0.50"), D(-3))
    side.set(D("0.40"), D(0))
    assert (side.highest(), side.lowest()) == (D("0.45"), D("0.45"))
    side.add(D("0.55"), D(1))
    side.set(D("0.35"), D(4))
    assert (side.highest(), side.lowest()) == (D("0.55"), D("0.35"))
    side.replace([])
    assert (side.highest(), side.lowest(), side.best(BookSide.ASK)) == (None, None, None)


def test_live_books_best_asks_follow_their_changes():
    kalshi = LiveKalshiBook("T")
    assert kalshi.best_ask("yes") is None
    kalshi.no.set(D("0.60"), D(2))
    kalshi.no.set(D("0.58"), D(1))
    assert kalshi.best_ask("yes") == D("0.40")  # 1 - the best NO bid
    kalshi.no.add(D("0.60"), D(-2))
    assert kalshi.best_ask("yes") == D("0.42")
    token = LiveTokenBook("tok")
    token.asks.set(D("0.47"), D(5))
    token.asks.set(D("0.46"), D(5))
    assert token.best_ask() == D("0.46")
    token.asks.set(D("0.46"), D(0))
    assert token.best_ask() == D("0.47")


def test_live_kalshi_book_freezes_into_sorted_view():
    live = LiveKalshiBook("T")
    with pytest.raises(ValueError, match="not received"):
        live.to_order_book()
    live.yes.set(D("0.30"), D(5))
    live.yes.set(D("0.32"), D(1))
    live.no.set(D("0.60"), D(2))
    live.received_ts = NOW
    frozen = live.to_order_book()
    assert frozen.yes_bids[0] == lv("0.32", 1)
    assert frozen.yes_book.best_ask == lv("0.40", 2)
