import random
from datetime import UTC, datetime
from decimal import Decimal, localcontext

import pytest

from arb_pipeline.domain.fees import kalshi_taker_fee, polymarket_taker_fee
from arb_pipeline.domain.models import (
    KalshiFeeSchedule,
    KalshiOrderBook,
    OrderBook,
    PolymarketFeeSchedule,
    PriceLevel,
    Venue,
)
from arb_pipeline.domain.walker import Leg, fill_sets, min_sets, price_sets

D = Decimal
NOW = datetime(2026, 1, 9, 12, tzinfo=UTC)
KALSHI = KalshiFeeSchedule("quadratic", D(1))
PM_FREE = PolymarketFeeSchedule()
PM_SPORTS = PolymarketFeeSchedule(enabled=True, rate=D("0.03"), exponent=D(1))


def ladder(*levels: tuple[str, str | int]) -> tuple[PriceLevel, ...]:
    return tuple(PriceLevel(D(price), D(size)) for price, size in levels)


def kalshi_leg(*levels, fee=KALSHI) -> Leg:
    return Leg("K:yes", ladder(*levels), fee)


def pm_leg(*levels, fee=PM_FREE, min_order_size=None) -> Leg:
    return Leg("pm-token", ladder(*levels), fee, min_order_size)


def test_single_level_walk_buys_all_profitable_depth():
    # Gross 1 - 0.40 - 0.55 = 0.05 a set; Kalshi fee 0.07 × 0.4 × 0.6 = 0.0168 a contract.
    # Ten sets: one Kalshi fill of 10 -> fee ceil(0.168) = 0.17; profit 0.50 - 0.17 = 0.33.
    result = fill_sets([kalshi_leg(("0.40", 10)), pm_leg(("0.55", 10))])
    assert result.sets == 10
    kalshi, pm = result.legs
    assert (kalshi.contracts, kalshi.average_price, kalshi.notional) == (D(10), D("0.40"), D("4.00"))
    assert kalshi.fee == D("0.17")
    assert (pm.contracts, pm.average_price, pm.fee) == (D(10), D("0.55"), D(0))
    assert result.cost == D("9.67")
    assert result.net_profit == D("0.33")
    assert result.edge_per_contract == D("0.033")
    assert result.top_gross_edge == D("0.05")
    assert result.min_sets == 1


def test_multi_level_walk_stops_where_the_marginal_set_loses():
    # Kalshi asks 0.40×5, 0.42×5, 0.45×10; Polymarket (rate 0.03) asks 0.52×8, 0.55×20.
    # Sets 1-5: 0.40 + 0.52; sets 6-8: 0.42 + 0.52; sets 9-10: 0.42 + 0.55, marginal
    # 1 - 0.97 - 0.017052 - 0.007425 = +0.005523; set 11: 0.45 + 0.55 = 1.00, a loss.
    # Kalshi fills: 5@0.40 fee ceil(0.084) = 0.09, 5@0.42 fee ceil(0.08526) = 0.09.
    # Polymarket fills: 8@0.52 fee 8 × 0.007488 = 0.059904 -> 0.0600, 2@0.55 fee 2 × 0.007425 =
    # 0.01485 -> 0.0149 (each rounded up to $0.0001).
    # Cost 4.10 + 0.18 + 5.26 + 0.0749 = 9.6149; profit 0.3851. 9 sets: Kalshi 3.68 + 0.16, Polymarket
    # 4.71 + 0.0600 + ceil(0.007425) = 0.0075: profit 0.3825.
    legs = [
        kalshi_leg(("0.40", 5), ("0.42", 5), ("0.45", 10)),
        pm_leg(("0.52", 8), ("0.55", 20), fee=PM_SPORTS),
    ]
    result = fill_sets(legs)
    assert result.sets == 10
    kalshi, pm = result.legs
    assert kalshi.fills == ladder(("0.40", 5), ("0.42", 5))
    assert (kalshi.notional, kalshi.fee, kalshi.average_price) == (D("4.10"), D("0.18"), D("0.41"))
    assert pm.fills == ladder(("0.52", 8), ("0.55", 2))
    assert (pm.notional, pm.fee, pm.average_price) == (D("5.26"), D("0.0749"), D("0.526"))
    assert result.cost == D("9.6149")
    assert result.net_profit == D("0.3851")
    assert price_sets(legs, 9).net_profit == D("0.3825")
    assert price_sets(legs, 11).net_profit < result.net_profit


def test_fees_eat_a_positive_gross_edge():
    # Gross 0.02 a set, fees 0.0175 (Kalshi at 0.50) + 0.007488 (Polymarket 0.03 at 0.48): no size pays.
    result = fill_sets([kalshi_leg(("0.50", 100)), pm_leg(("0.48", 100), fee=PM_SPORTS)])
    assert result.sets == 0
    assert result.top_gross_edge == D("0.02")
    assert (result.cost, result.net_profit, result.edge_per_contract) == (D(0), D(0), D(0))
    assert all(leg.contracts == 0 and leg.average_price is None and leg.fills == () for leg in result.legs)


def test_ceil_jitter_first_set_loses_but_four_sets_win():
    # Kalshi 0.50 (fee 0.0175 a contract), Polymarket 0.481 free: gross 0.019 a set.
    # n:       1       2       3      4      5      6      7      8
    # fee:   0.02    0.04    0.06   0.07   0.09   0.11   0.13   0.14
    # profit -0.001 -0.002 -0.003 +0.006 +0.005 +0.004 +0.003 +0.012
    # Stopping at the first unprofitable set would buy nothing.
    seven = fill_sets([kalshi_leg(("0.50", 7)), pm_leg(("0.481", 100))])
    assert (seven.sets, seven.net_profit, seven.legs[0].fee) == (4, D("0.006"), D("0.07"))
    eight = fill_sets([kalshi_leg(("0.50", 8)), pm_leg(("0.481", 100))])
    assert (eight.sets, eight.net_profit) == (8, D("0.012"))
    three = fill_sets([kalshi_leg(("0.50", 3)), pm_leg(("0.481", 100))])
    assert three.sets == 0


def test_ties_keep_the_smaller_size():
    # 0.50 + 0.48, Polymarket free: gross 0.02 a set against Kalshi's ceil(0.0175 n). Profits
    # 0, 0, 0, 0.01 (0.08 - 0.07), 0.01 (0.10 - 0.09): four and five sets make the same; four is kept.
    result = fill_sets([kalshi_leg(("0.50", 5)), pm_leg(("0.48", 5))])
    assert (result.sets, result.net_profit) == (4, D("0.01"))
    assert price_sets([kalshi_leg(("0.50", 5)), pm_leg(("0.48", 5))], 5).net_profit == D("0.01")


def test_polymarket_min_order_size_forces_a_larger_size_or_none():
    # Kalshi 0.40×3 then 0.49×10, Polymarket 0.50 free with a 5-contract minimum.
    # Without the minimum the best is 3 sets (0.30 - fee ceil(0.0504) = 0.24). With it, 5 sets:
    # Kalshi 3@0.40 (fee 0.06) + 2@0.49 (fee ceil(0.034986) = 0.04), Polymarket 5@0.50:
    # cost 2.18 + 0.10 + 2.50 = 4.78, profit 0.22 (6 sets: 0.21).
    free = fill_sets([kalshi_leg(("0.40", 3), ("0.49", 10)), pm_leg(("0.50", 100))])
    assert (free.sets, free.net_profit) == (3, D("0.24"))
    minimum = fill_sets([kalshi_leg(("0.40", 3), ("0.49", 10)), pm_leg(("0.50", 100), min_order_size=D(5))])
    assert (minimum.sets, minimum.net_profit, minimum.min_sets) == (5, D("0.22"), 5)
    # With 0.60 as Kalshi's second level, 5 sets cost 2.40 + 0.10 + 2.50 = 5.00: zero profit.
    too_dear = fill_sets([kalshi_leg(("0.40", 3), ("0.60", 10)), pm_leg(("0.50", 100), min_order_size=D(5))])
    assert too_dear.sets == 0
    # Not enough depth for the minimum at all.
    shallow = fill_sets([kalshi_leg(("0.40", 4)), pm_leg(("0.50", 100), min_order_size=D(5))])
    assert shallow.sets == 0


def test_min_sets_rounds_fractional_minimums_up():
    assert min_sets([kalshi_leg(("0.4", 1)), pm_leg(("0.5", 1), min_order_size=D("2.5"))]) == 3
    assert min_sets([kalshi_leg(("0.4", 1))]) == 1


def test_max_sets_and_max_cost_caps():
    legs = [kalshi_leg(("0.40", 10)), pm_leg(("0.55", 10))]
    assert fill_sets(legs, max_sets=4).sets == 4
    assert fill_sets(legs, max_sets=0).sets == 0
    # cost(n) = 0.95 n + ceil(0.0168 n): 5 sets 4.84, 6 sets 5.70 + 0.11 = 5.81.
    capped = fill_sets(legs, max_cost=D(5))
    assert (capped.sets, capped.cost) == (5, D("4.84"))
    assert fill_sets(legs, max_cost=D("4.84")).sets == 5
    assert fill_sets(legs, max_cost=D("0.5")).sets == 0
    with pytest.raises(ValueError, match="negative max_sets"):
        fill_sets(legs, max_sets=-1)
    with pytest.raises(ValueError, match="negative max_cost"):
        fill_sets(legs, max_cost=D(-1))


def test_fractional_level_sizes_straddle_in_whole_sets():
    # Kalshi offers 2.5 at 0.40: the third contract is half 0.40, half 0.41. Each level consumed
    # is its own fill: ceil(2.5 × 0.0168 = 0.042) = 0.05 and ceil(0.5 × 0.0169... = 0.00847) = 0.01.
    legs = [kalshi_leg(("0.40", "2.5"), ("0.41", 10)), pm_leg(("0.50", 10))]
    three = price_sets(legs, 3)
    assert three.legs[0].fills == ladder(("0.40", "2.5"), ("0.41", "0.5"))
    assert (three.legs[0].notional, three.legs[0].fee) == (D("1.205"), D("0.06"))
    assert three.net_profit == D(3) - D("1.205") - D("0.06") - D("1.50")
    assert fill_sets(legs).sets == 10


def test_legs_from_kalshi_side_books_and_token_books():
    # Kalshi YES asks are 1 - NO bids, in the wire's ascending order; Polymarket asks arrive
    # descending. from_levels sorts both best first; the walker takes them as they are.
    kalshi = KalshiOrderBook.from_levels("KX-T", ladder(("0.30", 4)), ladder(("0.55", 2), ("0.58", 3)), NOW)
    asks = ladder(("0.40", 9), ("0.38", 9))
    token = OrderBook.from_levels(Venue.POLYMARKET, "tok", [], asks, NOW, min_order_size=D(5))
    yes = Leg.from_kalshi_book(kalshi, "yes", KALSHI)
    assert yes == Leg.from_book(kalshi.side_book("yes"), KALSHI)
    no_token = Leg.from_book(token, PM_FREE)
    assert yes.asks == ladder(("0.42", 3), ("0.45", 2))
    assert no_token.min_order_size == D(5)
    assert Leg.from_book(token, PM_FREE, min_order_size=D(1)).min_order_size == D(1)
    result = fill_sets([yes, no_token])
    # 5 sets (the Polymarket minimum, all Kalshi depth): 3@0.42 fee ceil(0.051156) = 0.06,
    # 2@0.45 fee ceil(0.03465) = 0.04; cost 1.26 + 0.90 + 0.10 + 1.90 = 4.16.
    assert (result.sets, result.cost, result.net_profit) == (5, D("4.16"), D("0.84"))
    assert [leg.venue for leg in result.legs] == [Venue.KALSHI, Venue.POLYMARKET]


def test_kalshi_asks_equal_the_side_books_asks():
    # The cheap derivation must agree with KalshiOrderBook.side_book on any book from_levels built,
    # duplicates, zero sizes and wire order included.
    rng = random.Random(11)
    for _ in range(200):
        def bids():
            return [PriceLevel(D(rng.randint(1, 99)) / 100, D(rng.choice(["0", "1", "2.50", "13.00", "146.00"])))
                    for _ in range(rng.randint(0, 8))]
        book = KalshiOrderBook.from_levels("KX-T", bids(), bids(), NOW)
        for side in ("yes", "no"):
            leg = Leg.from_kalshi_book(book, side, KALSHI)
            assert leg.asks == book.side_book(side).asks
            assert leg.instrument_id == book.side_book(side).instrument_id == f"KX-T:{side}"
    with pytest.raises(ValueError, match="'yes' or 'no'"):
        Leg.from_kalshi_book(book, "maybe", KALSHI)


def test_empty_ladder_means_no_sets_and_no_top_edge():
    result = fill_sets([kalshi_leg(("0.40", 10)), pm_leg()])
    assert (result.sets, result.top_gross_edge) == (0, None)


def test_bad_ladders_are_refused_with_the_instrument_named():
    with pytest.raises(ValueError, match="pm-token: asks are not sorted best"):
        fill_sets([kalshi_leg(("0.40", 1)), pm_leg(("0.55", 1), ("0.50", 1))])
    with pytest.raises(ValueError, match=r"K:yes: ask price 0 is outside \(0, 1\]"):
        fill_sets([kalshi_leg(("0", 1)), pm_leg(("0.55", 1))])
    with pytest.raises(ValueError, match="ask size -1 at 0.40 is not positive"):
        fill_sets([kalshi_leg(("0.40", -1)), pm_leg(("0.55", 1))])
    with pytest.raises(ValueError, match="at least one leg"):
        fill_sets([])
    with pytest.raises(ValueError, match="only 10 contracts offered, 11 needed"):
        price_sets([kalshi_leg(("0.40", 10)), pm_leg(("0.55", 20))], 11)
    with pytest.raises(ValueError, match="negative number of sets"):
        price_sets([kalshi_leg(("0.40", 10))], -1)


# Brute force: price every size from scratch with the venue fee functions, contract ladders
# consumed level by level, and take the smallest size with the largest positive profit.

KALSHI_SCHEDULES = [
    KalshiFeeSchedule("quadratic", D(1)),
    KalshiFeeSchedule("quadratic_with_maker_fees", D(1)),
    KalshiFeeSchedule("quadratic", D("0.5")),
    KalshiFeeSchedule("flat", D(1)),
    KalshiFeeSchedule("quadratic", D(2)),
]
PM_SCHEDULES = [
    PolymarketFeeSchedule(),
    PolymarketFeeSchedule(enabled=True, rate=D("0.03"), exponent=D(1)),
    PolymarketFeeSchedule(enabled=True, rate=D("0.04"), exponent=D(1)),
    PolymarketFeeSchedule(enabled=True, rate=D("0.07"), exponent=D(2)),
    PolymarketFeeSchedule(enabled=True, rate=D("0.05"), exponent=D("0.5")),
]


def reference_profit(legs, n):
    with localcontext() as context:
        context.prec = 100
        cost = D(0)
        for leg in legs:
            remaining = D(n)
            for level in leg.asks:
                if not remaining:
                    break
                taken = min(level.size, remaining)
                # The oracle prices with the venue functions, never through the schedule's own
                # methods the walker uses.
                schedule = leg.fee
                if isinstance(schedule, KalshiFeeSchedule):
                    fee = kalshi_taker_fee(taken, level.price, schedule)
                else:
                    fee = polymarket_taker_fee(taken, level.price, schedule)
                cost += taken * level.price + fee
                remaining -= taken
            if remaining:
                return None, None
        return n - cost, cost


def reference_best(legs, max_sets=None, max_cost=None):
    smallest = min_sets(legs)
    best_n, best_profit = 0, D(0)
    n = smallest
    while max_sets is None or n <= max_sets:
        profit, cost = reference_profit(legs, n)
        if profit is None or (max_cost is not None and cost > max_cost):
            break
        if profit > best_profit:
            best_n, best_profit = n, profit
        n += 1
    return best_n, best_profit


def random_legs(rng: random.Random, size_scale: int):
    count = rng.choice([2, 2, 2, 3, 4])
    top_sum = D(rng.randint(880, 1010)) / 1000
    shares = [rng.random() + 0.2 for _ in range(count)]
    legs = []
    allotted = D(0)
    for index in range(count):
        if index == count - 1:
            price = top_sum - allotted
        else:
            price = (top_sum * D(shares[index] / sum(shares))).quantize(D("0.001"))
        price = min(max(price, D("0.01")), D("0.97"))
        allotted += price
        levels = []
        for _ in range(rng.randint(1, 4)):
            size = D(rng.choice(["1", "2", "3", "4", "5", "7", "10", "0.5", "1.5", "2.25"])) * size_scale
            levels.append(PriceLevel(price, size))
            price += D(rng.choice(["0.001", "0.005", "0.01", "0.01", "0.02", "0.03"]))
            if price >= 1:
                break
        if rng.random() < 0.5:
            fee = rng.choice(KALSHI_SCHEDULES)
            minimum = None
        else:
            fee = rng.choice(PM_SCHEDULES)
            minimum = rng.choice([None, None, D(5), D("2.5"), D(1)])
        legs.append(Leg(f"leg{index}", tuple(levels), fee, minimum))
    return legs


def check_against_reference(legs, max_sets=None, max_cost=None):
    result = fill_sets(legs, max_sets=max_sets, max_cost=max_cost)
    expected_n, expected_profit = reference_best(legs, max_sets, max_cost)
    assert (result.sets, result.net_profit) == (expected_n, expected_profit), legs
    if result.sets:
        profit, cost = reference_profit(legs, result.sets)
        assert result.cost == cost
        assert result.net_profit > 0
        # The last set adds profit (or the size is the executable minimum).
        if result.sets > result.min_sets:
            assert reference_profit(legs, result.sets - 1)[0] < result.net_profit
        for leg, fill in zip(legs, result.legs):
            assert fill.contracts == result.sets
            assert fill.notional + fill.fee == fill.cost
            assert sum((level.size for level in fill.fills), D(0)) == result.sets


@pytest.mark.parametrize("seed", range(6))
def test_walker_matches_brute_force_on_small_random_books(seed):
    rng = random.Random(seed)
    for _ in range(300):
        legs = random_legs(rng, 1)
        max_sets = rng.choice([None, None, None, rng.randint(1, 12)])
        max_cost = rng.choice([None, None, None, D(rng.randint(1, 200)) / 10])
        check_against_reference(legs, max_sets, max_cost)


def test_walker_matches_brute_force_on_deep_levels():
    # Levels of tens to hundreds of contracts: the walk skips most sizes, so the windows and
    # periods that let it skip them are what is under test here.
    rng = random.Random(2026)
    for _ in range(40):
        check_against_reference(random_legs(rng, rng.choice([10, 37, 60])))


def test_walker_matches_brute_force_on_jitter_heavy_books():
    # Margins of a fraction of a cent a set, where cent ceilings decide the size.
    rng = random.Random(99)
    for _ in range(400):
        kalshi_price = D(rng.randint(20, 80)) / 100
        schedule = rng.choice(KALSHI_SCHEDULES[:3])
        rate = kalshi_taker_fee(D(1000), kalshi_price, schedule) / 1000
        pm_price = (1 - kalshi_price - rate - D(rng.randint(-30, 30)) / 10000).quantize(D("0.0001"))
        legs = [
            Leg(
                "k",
                ladder((str(kalshi_price), rng.randint(1, 40)), (str(kalshi_price + D("0.01")), rng.randint(1, 40))),
                schedule,
            ),
            Leg("p", ladder((str(pm_price), rng.randint(1, 60))), PM_FREE, rng.choice([None, D(5)])),
        ]
        check_against_reference(legs)
