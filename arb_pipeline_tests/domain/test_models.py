from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from arb_pipeline.domain.books import (
    KalshiTickBook,
    LevelMap,
    OffGridError,
    TokenTickBook,
    price_of,
    price_ticks,
    size_of,
    size_units,
    tick_levels,
    time_ns,
)
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
    side = LevelMap([(D("0.5"), D(10))])
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
    for step, (operation, price, amount) in enumerate(operations):
        if operation == "add":
            side.add(price, amount)
        elif operation == "set":
            side.set(price, amount)
        else:
            side.replace([(price, amount), (price / 2, D(1))])
        top = (max(side.levels), side.levels[max(side.levels)]) if side.levels else (None, None)
        bottom = (min(side.levels), side.levels[min(side.levels)]) if side.levels else (None, None)
        if step % 2:
            # The levels asked first, when the best may not be kept yet.
            assert (side.highest_level(), side.lowest_level()) == (top, bottom)
        # The kept prices are always those of a full walk, whichever is asked first.
        assert side.highest() == top[0]
        assert side.lowest() == bottom[0]
        assert (side.highest_level(), side.lowest_level()) == (top, bottom)
        assert side.best(BookSide.BID) == (PriceLevel(max(side.levels), side.levels[max(side.levels)]) if side.levels else None)


def test_level_map_finds_the_next_best_after_the_best_level_goes():
    side = LevelMap([(D("0.40"), D(1)), (D("0.45"), D(2)), (D("0.50"), D(3))])
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
    kalshi = KalshiTickBook("T")
    assert kalshi.best_ask("yes") is None
    kalshi.no.set(6000, 2)
    kalshi.no.set(5800, 1)
    assert kalshi.best_ask("yes") == 4000  # 1 - the best NO bid, in ticks
    kalshi.no.add(6000, -2)
    assert kalshi.best_ask("yes") == 4200
    token = TokenTickBook("tok")
    token.asks.set(4700, 5)
    token.asks.set(4600, 5)
    assert token.best_ask() == 4600
    token.asks.set(4600, 0)
    assert token.best_ask() == 4700


def test_live_kalshi_book_freezes_into_sorted_view():
    live = KalshiTickBook("T")
    with pytest.raises(ValueError, match="not received"):
        live.to_order_book()
    live.yes.replace(tick_levels([lv("0.30", 5), lv("0.32", 1)]))
    live.no.replace(tick_levels([lv("0.60", 2)]))
    live.received_ns = time_ns(NOW)
    frozen = live.to_order_book()
    assert frozen.yes_bids[0] == lv("0.32", 1)
    assert frozen.yes_book.best_ask == lv("0.40", 2)


def test_ticks_and_units_hold_every_venue_step_exactly():
    # Polymarket's finest tick (0.0001) and sub-cent ticks (0.001), Kalshi's four-decimal dollar
    # strings, Polymarket's six-decimal sizes and Kalshi's two-decimal counts
    # (docs/venues.md#book-units): each round-trips to the same Decimal value.
    for text, ticks in (("0.0001", 1), ("0.001", 10), (".48", 4800), ("0.9600", 9600), ("1", 10_000), ("0", 0)):
        assert price_ticks(D(text)) == ticks
        assert price_of(ticks) == D(text)
    for text, units in (("219.217767", 219_217_767), ("13.00", 13_000_000), ("-54.00", -54_000_000), ("0.5", 500_000)):
        assert size_units(D(text)) == units
        assert size_of(units) == D(text)


@pytest.mark.parametrize("price", ["0.12345", "0.00001", "0.999999", "0.12340000000000000000000000001"])
def test_a_price_off_the_tick_grid_is_refused_never_rounded(price):
    with pytest.raises(OffGridError, match="not a whole number of \\$0.0001 ticks"):
        price_ticks(D(price))


def test_conversions_are_exact_past_the_decimal_contexts_28_digits():
    # Decimal arithmetic rounds to 28 digits; the conversions do not, either way.
    long = D("123456789012345678901234567890.123456")
    assert size_of(size_units(long)) == long
    with pytest.raises(OffGridError, match="out of range"):
        size_units(D("1E+999999"))
    assert size_units(D("0E+999999")) == 0
    with pytest.raises(OffGridError, match="finite"):
        price_ticks(D("NaN"))


def test_a_size_finer_than_a_millionth_is_refused_never_rounded():
    with pytest.raises(OffGridError, match="millionths"):
        size_units(D("1.0000001"))
    with pytest.raises(OffGridError):
        tick_levels([lv("0.5", "1.0000001")])


# Prices on the venues' grids, sub-cent included, and fractional sizes to six decimals.
_tick_prices = st.integers(1, 9_999).map(lambda n: D(n) / 10_000)
_sizes = st.integers(0, 5_000_000_000).map(lambda n: D(n) / 1_000_000)
_changes = st.lists(st.tuples(st.sampled_from(["add", "set", "replace"]), _tick_prices, _sizes, st.booleans()), max_size=60)


@given(_changes)
def test_a_tick_book_holds_the_same_decimal_levels_as_a_decimal_book(changes):
    # The same changes to a Decimal map (the path before ticks) and a tick map: the tick map's
    # levels, best prices and frozen book are exactly the Decimal map's.
    decimal, ticks = LevelMap(), LevelMap()
    live = TokenTickBook("tok")
    live.asks = ticks
    for operation, price, size, negative in changes:
        if operation == "add":
            delta = -size if negative else size
            decimal.add(price, delta)
            ticks.add(price_ticks(price), size_units(delta))
        elif operation == "set":
            decimal.set(price, size)
            ticks.set(price_ticks(price), size_units(size))
        else:
            levels = [lv(price, size), lv("0.001", "0.000001")]
            decimal.replace((level.price, level.size) for level in levels)
            ticks.replace(tick_levels(levels))
        assert ticks.as_decimals() == decimal.levels
        assert (None if ticks.lowest() is None else price_of(ticks.lowest())) == decimal.lowest()
        assert (None if ticks.highest() is None else price_of(ticks.highest())) == decimal.highest()
    live.received_ns = time_ns(NOW)
    frozen = live.to_order_book()
    assert frozen.asks == OrderBook.from_levels(Venue.POLYMARKET, "tok", [], decimal.to_levels(), received_ts=NOW).asks
