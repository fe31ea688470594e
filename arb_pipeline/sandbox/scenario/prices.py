"""Crypto and index prices at a fixed time: Kalshi KXBTCD/KXETHD/KXBTC15M/KXINXU against
Polymarket's "Bitcoin above ___", "Ethereum less than", "Up or Down" and S&P 500 close markets.

Kalshi writes "$97,000 or above" as strike_type greater with floor 96999.99 on a price quoted to
the cent, which is exactly Polymarket's "at or above $97,000" and exactly the complement of
"less than $97,000": the token that pays on Kalshi YES there is Polymarket's "No".
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from arb_pipeline.sandbox.scenario.calendar import at_eastern, weekdays_from
from arb_pipeline.sandbox.scenario.formats import clock_et, eastern, kalshi_date_code, long_date, short_date
from arb_pipeline.sandbox.scenario.ladders import TickGrid
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.scenario.outcomes import Categorical, Measured, Predicate
from arb_pipeline.sandbox.scenario.venues import KalshiStrike, VenueWriter

PENNY = Decimal("0.01")
BRTI = ("CF Benchmarks", "https://www.cfbenchmarks.com/data/indices/BRTI")
ETHUSD_RTI = ("CF Benchmarks", "https://www.cfbenchmarks.com/data/indices/ETHUSD_RTI")
SOLUSD_RTI = ("CF Benchmarks", "https://www.cfbenchmarks.com/data/indices/SOLUSD_RTI")
COINS = {
    "BTC": ("Bitcoin", "BTC", "KXBTCD", BRTI),
    "ETH": ("Ethereum", "ETH", "KXETHD", ETHUSD_RTI),
    "SOL": ("Solana", "SOL", "KXSOLD", SOLUSD_RTI),
}
SPX_SOURCE = ("S&P Dow Jones Indices", "https://www.spglobal.com/spdji/en/indices/equity/sp-500/")


def _day_text(moment: datetime) -> str:
    return f"{short_date(moment)}, {moment:%Y}"


def _daily_event(w: VenueWriter, series: dict[str, Any], code: str, what: str, close: datetime, clock: str, *,
                 mutually_exclusive: bool = False) -> dict[str, Any]:
    """Kalshi's event for one day's reading: "Bitcoin price on Dec 8, 2026 at 5pm EST?"."""
    day_text = _day_text(close)
    return w.kalshi_event(series, code, f"{what} on {day_text} at {clock} EST?", f"On {day_text} at {clock} EST",
                          mutually_exclusive=mutually_exclusive, strike_date=close)


def _lead_days(w: VenueWriter, moment: datetime) -> float:
    return max(0.05, (moment - w.now).total_seconds() / 86_400)


def list_coin_day(w: VenueWriter, coin: str, day: date, center: int, step: int, *, polymarket_step: int,
                  complement: bool, noon_look_alike: bool) -> None:
    name, symbol, series_ticker, source = COINS[coin]
    close = at_eastern(day, 17)
    sd = center * 0.02 * math.sqrt(_lead_days(w, close))
    price = w.quantity(Measured(f"{symbol}:{close:%Y-%m-%dT%H}", close, mean=center * (1 + w.rng.gauss(0, 0.004)),
                                sd=sd, unit=PENNY))
    series = w.kalshi_series_for(series_ticker, f"{name} price", "Crypto", frequency="daily", fee_type="quadratic",
                                 fee_multiplier=1, sources=[source], tags=["Crypto", symbol])
    code = f"{series_ticker}-{kalshi_date_code(close)}17"
    day_text = _day_text(close)
    event = _daily_event(w, series, code, f"{name} price", close, "5pm")
    kalshi: dict[int, Listing] = {}
    for k in range(-5, 5):
        strike = center + step * k
        floor = Decimal(strike) - PENNY
        kalshi[strike] = w.kalshi_market(
            event, f"{code}-T{floor}", category="crypto",
            title=f"Will the {name} price be ${strike:,} or above on {day_text} at 5pm EST?",
            yes_sub_title=f"${strike:,} or above", quantity=price, predicate=price.above(floor),
            strike=KalshiStrike("greater", floor=float(floor)),
            rules_primary=(f"If the {source[0]} {symbol} Real-Time Index is above ${floor:,} at 5:00 PM EST on "
                           f"{day_text}, then the market resolves to Yes."),
            rules_secondary="The index value is the one-minute average ending at the stated time, to the cent.",
            close_time=close, grid=TickGrid.TAPERED_DECI_CENT,
        )
    wording = "less than" if complement else "at or above"
    slug_word = "less-than" if complement else "above"
    event_pm = w.gamma_event(
        f"{name.lower()}-{slug_word}-on-{long_date(close).lower().replace(' ', '-')}",
        f"{name} {'less than' if complement else 'above'} ___ on {long_date(close)}?",
        f"{name} price at 5:00 PM ET on {long_date(close)} per the {source[0]} {symbol} Real-Time Index.",
        tags=["crypto"], end=close,
    )
    ranges = list_coin_ranges(w, price, close, center, step) if coin == "BTC" else {}
    polymarket: dict[int, Listing] = {}
    for k in range(-3, 4):
        strike = center + polymarket_step * k
        polymarket[strike] = w.gamma_market(
            event_pm, category="crypto",
            question=f"Will the price of {name} be {wording} ${strike:,} on {long_date(close)} at 5:00 PM ET?",
            slug=f"{event_pm['slug']}-{strike}",
            description=(f"This market will resolve to \"Yes\" if the {source[0]} {symbol} Real-Time Index value at "
                         f"5:00 PM ET on {long_date(close)}, {close:%Y} is {wording} ${strike:,}.00. Otherwise it "
                         "resolves to \"No\". Prices are taken to the cent."),
            outcomes=("Yes", "No"), quantity=price,
            predicate=price.below(Decimal(strike)) if complement else price.at_least(Decimal(strike)), end=close,
            resolution_source=source[1], group_item_title=f"{'<' if complement else '≥'}{strike:,}",
            phrasing="complement" if complement else "reworded",
        )
    w.negative(kalshi[center + step], polymarket[center], "near_miss_threshold")
    if center in ranges:
        w.negative(ranges[center], polymarket[center], "bucket_vs_cumulative")
    if noon_look_alike:
        noon = at_eastern(day, 12)
        noon_price = w.quantity(Measured(f"{symbol}:{noon:%Y-%m-%dT%H}", noon, mean=price.mean * float(PENNY),
                                         sd=sd * 0.9, unit=PENNY))
        noon_event = w.gamma_event(
            f"{name.lower()}-above-at-noon-on-{long_date(noon).lower().replace(' ', '-')}",
            f"{name} above ___ at noon on {long_date(noon)}?", f"{name} price at 12:00 PM ET on {long_date(noon)}.",
            tags=["crypto"], end=noon,
        )
        noon_market = w.gamma_market(
            noon_event, category="crypto",
            question=f"Will the price of {name} be at or above ${center:,} on {long_date(noon)} at 12:00 PM ET?",
            slug=f"{noon_event['slug']}-{center}",
            description=(f"This market will resolve to \"Yes\" if the Binance {symbol}/USDT 1-minute candle for "
                         f"12:00 PM ET on {long_date(noon)} closes at or above ${center:,}.00."),
            outcomes=("Yes", "No"), quantity=noon_price, predicate=noon_price.at_least(Decimal(center)), end=noon,
            resolution_source=f"https://www.binance.com/en/trade/{symbol}_USDT",
            group_item_title=f"≥{center:,}",
        )
        w.negative(kalshi[center], noon_market, "near_miss_date")


def list_coin_ranges(w: VenueWriter, price: Measured, close: datetime, center: int, step: int) -> dict[int, Listing]:
    """Kalshi's KXBTC range markets ("$96,500 to $96,999.99", strike_type between) next to the
    KXBTCD thresholds: a bucket that shares a number with an "at or above" market."""
    series = w.kalshi_series_for("KXBTC", "Bitcoin price range", "Crypto", frequency="daily", fee_type="quadratic",
                                 fee_multiplier=1, sources=[BRTI], tags=["Crypto", "BTC"])
    code = f"KXBTC-{kalshi_date_code(close)}17"
    day_text = _day_text(close)
    event = _daily_event(w, series, code, "Bitcoin price range", close, "5pm", mutually_exclusive=True)
    ranges: dict[int, Listing] = {}
    for k in range(-5, 5):
        low = center + step * k
        high = Decimal(low + step) - PENNY
        ranges[low] = w.kalshi_market(
            event, f"{code}-B{low + step // 2}", category="crypto",
            title=f"Will the Bitcoin price be ${low:,} to ${high:,} on {day_text} at 5pm EST?",
            yes_sub_title=f"${low:,} to ${high:,}", quantity=price, predicate=price.between(Decimal(low), high),
            strike=KalshiStrike("between", floor=low, cap=float(high)),
            rules_primary=(f"If the CF Benchmarks BTC Real-Time Index is between ${low:,} and ${high:,} at 5:00 PM EST "
                           f"on {day_text}, then the market resolves to Yes."),
            rules_secondary="The index value is the one-minute average ending at the stated time, to the cent.",
            close_time=close, grid=TickGrid.TAPERED_DECI_CENT,
        )
    return ranges


def quarter_hours(now: datetime, first: int, count: int) -> list[datetime]:
    """Ends of 15-minute windows: the one running now is index 0."""
    start = now.replace(second=0, microsecond=0)
    end = start + timedelta(minutes=15 - start.minute % 15)
    return [end + timedelta(minutes=15 * (first + k)) for k in range(count)]


def list_up_or_down(w: VenueWriter, end: datetime, *, kalshi: bool, coin: str = "BTC") -> None:
    start = end - timedelta(minutes=15)
    name = "Bitcoin" if coin == "BTC" else "Ethereum"
    up = w.quantity(Categorical(f"{coin}:UPDOWN:{end:%Y-%m-%dT%H:%M}", end, [0.5 + w.rng.gauss(0, 0.02), 0.5]))
    rule = (f"the {name} price at the end of the window ({clock_et(end)} ET) is greater than or equal to the price "
            f"at its start ({clock_et(start)} ET)")
    if kalshi:
        series = w.kalshi_series_for(
            f"KX{coin}15M", f"{name} price up or down in 15 minutes", "Crypto", frequency="fifteen_min",
            fee_type="quadratic", fee_multiplier=1, sources=[BRTI], tags=["Crypto", coin],
        )
        local_code = f"{kalshi_date_code(end)}{eastern(end):%H%M}"
        event = w.kalshi_event(series, f"KX{coin}15M-{local_code}", f"{coin} price up in next 15 mins?",
                               f"{clock_et(start)} to {clock_et(end)} ET", mutually_exclusive=False, strike_date=end)
        w.kalshi_market(
            event, f"KX{coin}15M-{local_code}-15", category="crypto", title=f"{coin} price up in next 15 mins?",
            yes_sub_title="Up", no_sub_title="Down", quantity=up, predicate=Predicate(0, 0),
            strike=KalshiStrike("custom", custom={"window_start": start.strftime("%Y-%m-%dT%H:%M:%SZ")}),
            rules_primary=f"If {rule}, per the CF Benchmarks Real-Time Index, then the market resolves to Yes.",
            rules_secondary="Index values are one-minute averages ending at the stated times.",
            close_time=end, grid=TickGrid.DECI_CENT,
        )
    event_pm = w.gamma_event(
        f"{coin.lower()}-updown-15m-{int(start.timestamp())}",
        f"{name} Up or Down - {long_date(start)}, {clock_et(start, spaced=False)}-{clock_et(end, spaced=False)} ET",
        f"This market will resolve to \"Up\" if {rule}. Otherwise, it will resolve to \"Down\".",
        tags=["crypto"], end=end, series_slug=f"{coin.lower()}-up-or-down-15m",
    )
    w.gamma_market(
        event_pm, category="crypto", question=event_pm["title"], slug=event_pm["slug"],
        description=event_pm["description"] + " The resolution source is the CF Benchmarks Real-Time Index.",
        outcomes=("Up", "Down"), quantity=up, predicate=Predicate(0, 0), end=end, resolution_source=BRTI[1],
        fees=True, phrasing="reworded",
    )


def list_crypto_block(w: VenueWriter, first_day: date, block: int, btc_center: int, eth_center: int,
                      sol_center: int) -> None:
    for offset in range(2):
        day = first_day + timedelta(days=2 * block + offset)
        list_coin_day(w, "BTC", day, btc_center, 500, polymarket_step=1000, complement=False,
                      noon_look_alike=offset == 0)
        list_coin_day(w, "ETH", day, eth_center, 50, polymarket_step=100, complement=True, noon_look_alike=False)
        list_coin_day(w, "SOL", day, sol_center, 5, polymarket_step=10, complement=False, noon_look_alike=False)
    for index, end in enumerate(quarter_hours(w.now, 3 * block, 3)):
        list_up_or_down(w, end, kalshi=True)
        if index == 0:
            list_up_or_down(w, end, kalshi=False, coin="ETH")


def list_index_day(w: VenueWriter, day: date, center: int, *, nasdaq_center: int) -> None:
    close = at_eastern(day, 16)
    lead = _lead_days(w, close)
    day_text = _day_text(close)
    spx = w.quantity(Measured(f"SPX:{day.isoformat()}", close, mean=center * (1 + w.rng.gauss(0, 0.002)),
                              sd=center * 0.009 * math.sqrt(lead), unit=PENNY))
    # Index series pay half the standard taker fee (fee_multiplier 0.5, docs/venues.md#kalshi-fees).
    series = w.kalshi_series_for("KXINXU", "S&P 500 above/below", "Financials", frequency="daily",
                                 fee_type="quadratic", fee_multiplier=0.5, sources=[SPX_SOURCE], tags=["S&P 500"])
    code = f"KXINXU-{kalshi_date_code(close)}H1600"
    event = _daily_event(w, series, code, "S&P 500 price", close, "4pm")
    kalshi: dict[int, Listing] = {}
    for k in range(-4, 4):
        strike = center + 25 * k
        kalshi[strike] = w.kalshi_market(
            event, f"{code}-T{strike}", category="finance", title=f"Will the S&P 500 close above {strike:,} on {day_text}?",
            yes_sub_title=f"Above {strike:,}", quantity=spx, predicate=spx.above(Decimal(strike)),
            strike=KalshiStrike("greater", floor=strike),
            rules_primary=(f"If the S&P 500 index closes above {strike:,}.00 on {day_text}, as published by "
                           f"{SPX_SOURCE[0]}, then the market resolves to Yes."),
            rules_secondary="The official closing value is final; later corrections do not count.",
            close_time=close, grid=TickGrid.TAPERED_DECI_CENT,
        )
    event_pm = w.gamma_event(
        f"sp-500-close-above-on-{long_date(close).lower().replace(' ', '-')}",
        f"S&P 500 close above ___ on {long_date(close)}?", f"Official S&P 500 closing value on {long_date(close)}.",
        tags=["finance"], end=close,
    )
    polymarket: dict[int, Listing] = {}
    for k in range(-2, 3):
        strike = center + 50 * k
        polymarket[strike] = w.gamma_market(
            event_pm, category="finance", question=f"Will the S&P 500 (SPX) close above {strike:,} on {long_date(close)}?",
            slug=f"{event_pm['slug']}-{strike}",
            description=(f"This market will resolve to \"Yes\" if the official closing value of the S&P 500 index on "
                         f"{long_date(close)}, {close:%Y} is above {strike:,}.00. Otherwise it resolves to \"No\"."),
            outcomes=("Yes", "No"), quantity=spx, predicate=spx.above(Decimal(strike)), end=close,
            resolution_source=SPX_SOURCE[1], group_item_title=f">{strike:,}", phrasing="same",
        )
    w.negative(kalshi[center + 25], polymarket[center], "near_miss_threshold")

    ndx = w.quantity(Measured(f"NDX:{day.isoformat()}", close, mean=float(nasdaq_center),
                              sd=nasdaq_center * 0.012 * math.sqrt(lead), unit=PENNY))
    ndx_series = w.kalshi_series_for("KXNASDAQ100U", "Nasdaq-100 above/below", "Financials", frequency="daily",
                                     fee_type="quadratic", fee_multiplier=0.5,
                                     sources=[("Nasdaq", "https://www.nasdaq.com/")], tags=["Nasdaq-100"])
    ndx_code = f"KXNASDAQ100U-{kalshi_date_code(close)}H1600"
    ndx_event = _daily_event(w, ndx_series, ndx_code, "Nasdaq-100 price", close, "4pm")
    for k in range(-3, 3):
        strike = nasdaq_center + 100 * k
        w.kalshi_market(
            ndx_event, f"{ndx_code}-T{strike}", category="finance",
            title=f"Will the Nasdaq-100 close above {strike:,} on {day_text}?", yes_sub_title=f"Above {strike:,}",
            quantity=ndx, predicate=ndx.above(Decimal(strike)), strike=KalshiStrike("greater", floor=strike),
            rules_primary=f"If the Nasdaq-100 index closes above {strike:,}.00 on {day_text}, the market resolves to Yes.",
            rules_secondary="The official closing value is final.", close_time=close, grid=TickGrid.TAPERED_DECI_CENT,
        )


def list_index_block(w: VenueWriter, first_day: date, block: int, spx_center: int, ndx_center: int) -> None:
    days = weekdays_from(first_day, 2 * block + 2)[2 * block:]
    for day in days:
        list_index_day(w, day, spx_center, nasdaq_center=ndx_center)
