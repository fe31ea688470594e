"""Daily high temperature at a named station: Kalshi KXHIGH* series against Polymarket's
"Highest temperature in <city> on <day>?" events.

Temperatures are published in whole degrees, so "84° to 85°" and "84-85°F" are the same
outcomes, while a bucket one degree off, the next day, or another station (Polymarket settles New
York City on LaGuardia, Kalshi on Central Park) are look-alikes that settle differently.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from arb_pipeline.sandbox.scenario.calendar import at_eastern
from arb_pipeline.sandbox.scenario.formats import kalshi_date_code, long_date, short_date
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.scenario.names import LAGUARDIA, STATIONS, Station
from arb_pipeline.sandbox.scenario.outcomes import Measured, Predicate
from arb_pipeline.sandbox.scenario.venues import KalshiStrike, VenueWriter

NWS_URL = "https://www.weather.gov/wrh/climate"


def _buckets(center: int, shift: int) -> list[tuple[int | None, int | None]]:
    """A partition of whole degrees into a low tail, four 2-degree buckets and a high tail."""
    low = center - 4 + shift
    buckets: list[tuple[int | None, int | None]] = [(None, low - 1)]
    buckets += [(low + 2 * k, low + 2 * k + 1) for k in range(4)]
    return buckets + [(low + 8, None)]


def _kalshi_words(low: int | None, high: int | None) -> tuple[str, str, KalshiStrike, str]:
    """(ticker suffix, yes_sub_title, strike, rule phrase) in Kalshi's KXHIGH style: tails are
    strict ("greater" than the floor, "less" than the cap), buckets inclusive."""
    if low is not None and high is not None:
        return (f"B{low}.5", f"{low}° to {high}°", KalshiStrike("between", floor=low, cap=high),
                f"between {low}° and {high}°, inclusive")
    if high is not None:
        return f"T{high + 1}", f"{high}° or below", KalshiStrike("less", cap=high + 1), f"below {high + 1}°"
    return f"T{low - 1}", f"{low}° or above", KalshiStrike("greater", floor=low - 1), f"above {low - 1}°"


def _polymarket_words(low: int | None, high: int | None) -> tuple[str, str]:
    """(group item title, question phrase)."""
    if low is None:
        return f"{high}°F or below", f"{high}°F or below"
    if high is None:
        return f"{low}°F or higher", f"{low}°F or higher"
    return f"{low}-{high}°F", f"between {low}-{high}°F"


def list_station_day(w: VenueWriter, station: Station, day: date, *, kalshi: bool, polymarket: Station | None,
                     shift: int = 0) -> tuple[list[Listing], list[Listing]]:
    """One day at one station. ``polymarket`` is the station Polymarket settles on (None: not
    listed); ``shift`` moves Polymarket's bucket edges by whole degrees."""
    resolves = at_eastern(day + timedelta(days=1), 10)
    lead_days = max(0, (day - w.now.date()).days)
    normal = station.normal_highs[day.month - 1]
    high = w.quantity(Measured(f"HIGH:{station.code}:{day.isoformat()}", resolves,
                               mean=w.rng.gauss(normal, 4), sd=2.5 + 0.8 * lead_days, unit=Decimal(1)))
    center = round(high.mean)
    kalshi_listings: list[Listing] = []
    polymarket_listings: list[Listing] = []
    noon = at_eastern(day, 12)
    date_text = f"{short_date(noon)}, {day:%Y}"
    if kalshi:
        series = w.kalshi_series_for(
            station.series, f"Highest temperature in {station.city}", "Climate and Weather", frequency="daily",
            fee_type="quadratic", fee_multiplier=1,
            sources=[("National Weather Service", f"{NWS_URL}?x={station.code}")], tags=["Weather"],
        )
        code = kalshi_date_code(noon)
        event = w.kalshi_event(series, f"{station.series}-{code}", f"Highest temperature in {station.city} on {date_text}?",
                               f"On {date_text}", mutually_exclusive=True, strike_date=resolves)
        for low, top in _buckets(center, 0):
            suffix, sub_title, strike, phrase = _kalshi_words(low, top)
            kalshi_listings.append(w.kalshi_market(
                event, f"{station.series}-{code}-{suffix}", category="weather",
                title=f"Will the high temp in {station.city} be {sub_title} on {date_text}?", yes_sub_title=sub_title,
                quantity=high, predicate=Predicate(low, top), strike=strike,
                rules_primary=(f"If the highest temperature recorded at {station.name} for {date_text}, as reported "
                               f"by the National Weather Service's Daily Climate Report (CLI), is {phrase}, then "
                               "the market resolves to Yes."),
                rules_secondary="The first complete CLI report for the day is final; later corrections do not count.",
                close_time=resolves,
            ))
    if polymarket is not None:
        measured = high
        if polymarket is not station:
            measured = w.quantity(Measured(f"HIGH:{polymarket.code}:{day.isoformat()}", resolves,
                                           mean=high.mean + w.rng.choice((-1, 1)), sd=high.sd, unit=Decimal(1)))
        city_slug = polymarket.city.lower().replace(" ", "-")
        event = w.gamma_event(
            f"highest-temperature-in-{city_slug}-on-{long_date(noon).lower().replace(' ', '-')}",
            f"Highest temperature in {polymarket.city} on {long_date(noon)}?",
            f"Daily high at {polymarket.name} as recorded by Weather Underground.",
            tags=["weather"], end=at_eastern(day, 23, 59), neg_risk=True, series_slug=f"{city_slug}-daily-weather",
        )
        for low, top in _buckets(center, shift):
            title, phrase = _polymarket_words(low, top)
            polymarket_listings.append(w.gamma_market(
                event, category="weather",
                question=f"Will the highest temperature in {polymarket.city} be {phrase} on {long_date(noon)}?",
                slug=f"{event['slug']}-{title.lower().replace('°f', 'f').replace(' ', '-')}",
                description=(f"This market resolves to \"Yes\" if the highest temperature recorded at "
                             f"{polymarket.name} on {long_date(noon)}, {day:%Y} is {phrase}, as shown "
                             f"in whole degrees Fahrenheit by Weather Underground for station {polymarket.code}. "
                             "Otherwise it resolves to \"No\"."),
                outcomes=("Yes", "No"), quantity=measured, predicate=Predicate(low, top), end=at_eastern(day, 23, 59),
                resolution_source=f"https://www.wunderground.com/history/daily/{polymarket.code}",
                group_item_title=title, phrasing="reworded",
            ))
    return kalshi_listings, polymarket_listings


def list_weather_block(w: VenueWriter, first_day: date, block: int) -> None:
    days = [first_day + timedelta(days=2 * block + k) for k in range(2)]
    by_day: dict[date, dict[str, tuple[list[Listing], list[Listing]]]] = {}
    for day in days:
        by_day[day] = {}
        for position, station in enumerate(STATIONS):
            if station.series == "KXHIGHNY":
                listed = list_station_day(w, station, day, kalshi=True, polymarket=LAGUARDIA)
            elif position >= 5:
                listed = list_station_day(w, station, day, kalshi=True, polymarket=None)
            else:
                listed = list_station_day(w, station, day, kalshi=True, polymarket=station,
                                          shift=1 if station.series == "KXHIGHDEN" else 0)
            by_day[day][station.series] = listed
    first, second = by_day[days[0]], by_day[days[1]]
    new_york, denver, chicago = first["KXHIGHNY"], first["KXHIGHDEN"], first["KXHIGHCHI"]
    for index in (1, 2):
        w.negative(new_york[0][index], new_york[1][index], "different_station")
        w.negative(denver[0][index], denver[1][index], "near_miss_threshold")
    w.negative(chicago[0][5], second["KXHIGHCHI"][1][5], "near_miss_date")


def list_settled_weather(w: VenueWriter, day: date) -> None:
    for station in STATIONS[1:3]:
        list_station_day(w, station, day, kalshi=True, polymarket=station)
