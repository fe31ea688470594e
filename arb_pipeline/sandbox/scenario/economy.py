"""Economic releases: Fed decisions, CPI, and Kalshi-only macro series.

The traps here are the ones real cross-venue pairs fall into: cumulative thresholds ("above 4.25%") against
buckets ("4.25% to 4.50%"), Kalshi's strict "above 3.0%" against Polymarket's inclusive "at least
3.0%" on a figure published to one decimal, and the same number from a different source.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from arb_pipeline.sandbox.scenario.calendar import at_eastern, month_add, today_eastern
from arb_pipeline.sandbox.scenario.formats import short_date
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.scenario.outcomes import Categorical, Measured, Predicate
from arb_pipeline.sandbox.scenario.venues import KalshiStrike, VenueWriter

# The Fed's upper bound after a meeting; the world starts at a 4.25%-4.50% target range.
FED_LEVELS = tuple(Decimal(v) for v in ("3.50", "3.75", "4.00", "4.25", "4.50", "4.75", "5.00"))
UNCHANGED = FED_LEVELS.index(Decimal("4.50"))
FED_SOURCE = ("Federal Reserve", "https://www.federalreserve.gov/monetarypolicy/openmarket.htm")
BLS_SOURCE = ("Bureau of Labor Statistics", "https://www.bls.gov/cpi/")


#: Phrasing of a market that settles on a change against a level neither catalog states (the
#: Fed "25 bps decrease" markets settle against the rate before the meeting): it moves with the
#: Kalshi level markets in this world, but no catalog-only matcher can confirm that it settles the
#: same way, so it is never ground truth.
RELATIVE = "relative"


def _pct(value: Decimal) -> str:
    return f"{value:.2f}"


def _day_text(moment: datetime) -> str:
    return f"{short_date(moment)}, {moment:%Y}"


def fed_meetings(now: datetime, count: int) -> list[datetime]:
    """FOMC decisions, 2pm Eastern on a Wednesday, six weeks apart, the first at least 12 days
    out so the whole curve is open."""
    day = today_eastern(now) + timedelta(days=12)
    day += timedelta(days=(2 - day.weekday()) % 7)
    return [at_eastern(day + timedelta(weeks=6 * k), 14) for k in range(count)]


def list_fed_meeting(w: VenueWriter, decision: datetime, order: int, *, with_thresholds: bool) -> None:
    cut_lean = 0.03 * order
    weights = [0.004, 0.01, 0.03 + cut_lean, 0.14 + 2 * cut_lean, 0.72 - 3 * cut_lean, 0.08, 0.016]
    weights = [max(0.004, x * w.rng.uniform(0.8, 1.25)) for x in weights]
    rate = w.quantity(Categorical(f"FED:{decision:%Y-%m-%d}", decision, weights))
    month_code = f"{decision:%y}{decision:%b}".upper()
    day = _day_text(decision)
    kalshi: dict[str, Listing] = {}

    thresholds = w.kalshi_series_for(
        "KXFED", "Fed funds rate", "Economics", frequency="custom", fee_type="quadratic_with_maker_fees",
        fee_multiplier=1, sources=[FED_SOURCE], tags=["Fed", "Interest rates"],
    )
    event = w.kalshi_event(thresholds, f"KXFED-{month_code}", f"Fed funds rate after the {day} meeting",
                           f"After the {day} meeting", mutually_exclusive=False, strike_date=decision)
    for level in FED_LEVELS[1:6]:
        above = Predicate(low=next(i for i, v in enumerate(FED_LEVELS) if v > level))
        kalshi[f"T{level}"] = w.kalshi_market(
            event, f"KXFED-{month_code}-T{_pct(level)}", category="economics",
            title=f"Will the upper bound of the federal funds rate be above {_pct(level)}% after the Fed's {day} meeting?",
            yes_sub_title=f"Above {_pct(level)}%", quantity=rate, predicate=above,
            strike=KalshiStrike("greater", floor=float(level)),
            rules_primary=(f"If the upper bound of the federal funds target range set by the Federal Open Market "
                           f"Committee at its {day} meeting is above {_pct(level)}%, then the market resolves to Yes."),
            rules_secondary=("The market settles on the FOMC statement published on federalreserve.gov. If no "
                             "decision is announced, the range in effect at the scheduled decision time counts."),
            close_time=decision,
        )

    ranges = w.kalshi_series_for(
        "KXFEDRANGE", "Fed target range", "Economics", frequency="custom", fee_type="quadratic_with_maker_fees",
        fee_multiplier=1, sources=[FED_SOURCE], tags=["Fed", "Interest rates"],
    )
    bucket_event = w.kalshi_event(ranges, f"KXFEDRANGE-{month_code}", f"Fed target range after the {day} meeting",
                                  f"After the {day} meeting", mutually_exclusive=True, strike_date=decision)
    for index in range(2, 6):
        low, high = FED_LEVELS[index - 1], FED_LEVELS[index]
        kalshi[f"B{high}"] = w.kalshi_market(
            bucket_event, f"KXFEDRANGE-{month_code}-B{(low + high) / 2:.3f}", category="economics",
            title=f"Will the federal funds target range be {_pct(low)}% to {_pct(high)}% after the Fed's {day} meeting?",
            yes_sub_title=f"{_pct(low)}% to {_pct(high)}%", quantity=rate, predicate=Predicate(index, index),
            strike=KalshiStrike("between", floor=float(low), cap=float(high)),
            rules_primary=(f"If the federal funds target range set by the Federal Open Market Committee at its {day} "
                           f"meeting is {_pct(low)}% to {_pct(high)}%, then the market resolves to Yes."),
            rules_secondary="The market settles on the FOMC statement published on federalreserve.gov.",
            close_time=decision,
        )

    month = f"{decision:%B}"
    month_year = f"{decision:%B %Y}"
    decision_event = w.gamma_event(
        f"fed-decision-in-{month.lower()}-{decision:%Y}", f"Fed decision in {month}?",
        ("The FED interest rates are defined in this market by the upper bound of the target federal funds range. "
         f"This market resolves to the change in basis points of that upper bound versus its level before the "
         f"Federal Reserve's {month_year} meeting."),
        tags=["economics", "fed"], end=decision, neg_risk=True, series_slug="fed-decisions",
    )
    for label, question, predicate in (
        ("50+ bps decrease", f"Fed decreases interest rates by 50+ bps after {month_year} meeting?",
         Predicate(None, UNCHANGED - 2)),
        ("25 bps decrease", f"Fed decreases interest rates by 25 bps after {month_year} meeting?",
         Predicate(UNCHANGED - 1, UNCHANGED - 1)),
        ("No change", f"No change in Fed interest rates after {month_year} meeting?", Predicate(UNCHANGED, UNCHANGED)),
        ("25+ bps increase", f"Fed increases interest rates by 25+ bps after {month_year} meeting?",
         Predicate(UNCHANGED + 1, None)),
    ):
        w.gamma_market(
            decision_event, category="economics", question=question,
            slug=f"fed-{label.lower().replace('+', '').replace(' ', '-')}-after-{month.lower()}-{decision:%Y}-meeting",
            description=(f"{decision_event['description']}\n\nThis market resolves to \"Yes\" if the outcome is: "
                         f"{label}. The resolution source is the FOMC statement on federalreserve.gov."),
            outcomes=("Yes", "No"), quantity=rate, predicate=predicate, end=decision,
            resolution_source=FED_SOURCE[1], group_item_title=label, phrasing=RELATIVE,
        )

    if with_thresholds:
        threshold_event = w.gamma_event(
            f"fed-rate-above-after-{month.lower()}-{decision:%Y}-meeting", f"Fed rate above ___ after {month} meeting?",
            f"Upper bound of the target federal funds range after the Federal Reserve's {month_year} meeting.",
            tags=["economics", "fed"], end=decision,
        )
        polymarket: dict[str, Listing] = {}
        for level in (Decimal("4.25"), Decimal("4.75")):
            above = Predicate(low=next(i for i, v in enumerate(FED_LEVELS) if v > level))
            polymarket[str(level)] = w.gamma_market(
                threshold_event, category="economics",
                question=f"Will the Fed rate be above {_pct(level)}% after the {month} meeting?",
                slug=f"fed-rate-above-{str(level).replace('.', 'pt')}-after-{month.lower()}-{decision:%Y}",
                description=(f"This market will resolve to \"Yes\" if the upper bound of the target federal funds "
                             f"range is above {_pct(level)}% after the Federal Reserve's {month} {decision.day}, "
                             f"{decision:%Y} meeting. Otherwise it resolves to \"No\". Source: federalreserve.gov."),
                outcomes=("Yes", "No"), quantity=rate, predicate=above, end=decision,
                resolution_source=FED_SOURCE[1], group_item_title=f"{_pct(level)}%", phrasing="same",
            )
        w.negative(kalshi["B4.50"], polymarket["4.25"], "bucket_vs_cumulative")
        w.negative(kalshi["T4.50"], polymarket["4.25"], "near_miss_threshold")


def cpi_months(now: datetime, count: int, skip: int) -> list[tuple[date, datetime]]:
    """(reference month, release time): the BLS publishes a month's CPI around the 12th of the
    next month at 8:30am Eastern."""
    month = month_add(today_eastern(now), -1)
    while at_eastern(month_add(month, 1).replace(day=12), 8, 30) <= now + timedelta(hours=1):
        month = month_add(month, 1)
    months = [month_add(month, skip + k) for k in range(count)]
    return [(m, at_eastern(month_add(m, 1).replace(day=12), 8, 30)) for m in months]


def list_cpi_month(w: VenueWriter, month: date, release: datetime, order: int, *, with_alternatives: bool) -> None:
    tenth = Decimal("0.1")
    spread = 0.12 + 0.05 * order
    headline = w.quantity(Measured(f"CPI:{month:%Y-%m}", release, mean=w.rng.gauss(2.9, 0.1), sd=spread, unit=tenth))
    core = w.quantity(Measured(f"CORECPI:{month:%Y-%m}", release, mean=w.rng.gauss(3.0, 0.1), sd=spread, unit=tenth))
    code = f"{month:%y}{month:%b}".upper()
    name = f"{month:%B %Y}"
    released = _day_text(release)
    kalshi: dict[str, Listing] = {}
    for series_ticker, title, measure, quantity, levels in (
        ("KXCPIYOY", "CPI year-over-year", "the Consumer Price Index for All Urban Consumers (CPI-U)", headline,
         ("2.6", "2.8", "3.0", "3.2")),
        ("KXCPICOREYOY", "Core CPI year-over-year",
         "the Consumer Price Index for All Urban Consumers less food and energy (core CPI)", core,
         ("2.8", "3.0", "3.2")),
    ):
        series = w.kalshi_series_for(
            series_ticker, title, "Economics", frequency="monthly", fee_type="quadratic_with_maker_fees",
            fee_multiplier=1, sources=[BLS_SOURCE], tags=["Inflation", "CPI"],
        )
        event = w.kalshi_event(series, f"{series_ticker}-{code}", f"{title} in {name}", f"{name} data",
                               mutually_exclusive=False, strike_date=release)
        word = "core CPI inflation" if quantity is core else "CPI inflation"
        for text in levels:
            level = Decimal(text)
            kalshi[f"{series_ticker}:{text}"] = w.kalshi_market(
                event, f"{series_ticker}-{code}-T{text}", category="economics",
                title=f"Will {word} be above {text}% for {name}?", yes_sub_title=f"Above {text}%",
                quantity=quantity, predicate=quantity.above(level), strike=KalshiStrike("greater", floor=float(level)),
                rules_primary=(f"If the year-over-year percent change in {measure} for {name}, as first published "
                               f"by the Bureau of Labor Statistics, is above {text}%, then the market resolves to Yes."),
                rules_secondary=(f"The change is read to one decimal place as published on {released}. "
                                 "Later revisions do not count."),
                close_time=release,
            )

    event = w.gamma_event(
        f"us-annual-inflation-{month:%B}-{month:%Y}".lower(), f"US annual inflation in {name}?",
        f"Annual change of the US CPI-U for {name} as published by the BLS.", tags=["economics"], end=release,
    )
    common = ("The annual (12-month) change in the US Consumer Price Index (CPI-U, not seasonally adjusted) for "
              f"{name}, as first published by the Bureau of Labor Statistics, decides this market. The BLS "
              "publishes it to one decimal place.")
    polymarket: dict[str, Listing] = {}
    for text, inclusive in (("2.6", False), ("2.8", False), ("3.0", True), ("3.2", False)):
        level = Decimal(text)
        wording = "at least" if inclusive else "above"
        polymarket[text] = w.gamma_market(
            event, category="economics", question=f"Will annual US inflation be {wording} {text}% in {name}?",
            slug=f"annual-us-inflation-{wording.replace(' ', '-')}-{text.replace('.', 'pt')}-{month:%B-%Y}".lower(),
            description=f"This market resolves to \"Yes\" if the figure is {wording} {text}%. {common}",
            outcomes=("Yes", "No"), quantity=headline,
            predicate=headline.at_least(level) if inclusive else headline.above(level), end=release,
            resolution_source=BLS_SOURCE[1], group_item_title=f"{'≥' if inclusive else '>'}{text}%",
            phrasing="reworded",
        )
    w.negative(kalshi["KXCPIYOY:3.0"], polymarket["3.0"], "inclusive_vs_strict")
    if with_alternatives:
        truflation = w.quantity(Measured(f"TRUFLATION:{month:%Y-%m}", release, mean=headline.mean * float(tenth) + 0.1,
                                         sd=spread * 1.5, unit=Decimal("0.01")))
        # Hard negatives of Kalshi's headline 3.0% rung: the same level on another measure, and
        # from another publisher.
        for quantity, question, slug, description, source, group_title, phrasing, trap in (
            (core, f"Will annual core CPI inflation be above 3.0% in {name}?", "annual-core-cpi-above-3pt0",
             "the 12-month change in US CPI less food and energy "
             f"for {name}, as first published by the Bureau of Labor Statistics, is above 3.0%.",
             BLS_SOURCE[1], "Core >3.0%", "reworded", "different_measure"),
            (truflation, f"Will Truflation's US inflation index be above 3.0% for {name}?",
             "truflation-us-inflation-above-3pt0",
             "the Truflation US Inflation Index year-over-year "
             f"reading for the last day of {name}, as shown on truflation.com, is above 3.0%.",
             "https://truflation.com/", "Truflation >3.0%", None, "different_source"),
        ):
            alternative = w.gamma_market(
                event, category="economics", question=question, slug=f"{slug}-{month:%B-%Y}".lower(),
                description=f"This market resolves to \"Yes\" if {description}", outcomes=("Yes", "No"),
                quantity=quantity, predicate=quantity.above(Decimal("3.0")), end=release, resolution_source=source,
                group_item_title=group_title, phrasing=phrasing,
            )
            w.negative(kalshi["KXCPIYOY:3.0"], alternative, trap)


def list_kalshi_only_macro(w: VenueWriter, block: int) -> None:
    """Series Polymarket does not list: no counterpart exists, and a matcher must say so."""
    today = today_eastern(w.now)
    for series_ticker, title, fee_type, unit, mean, sd, levels, fmt, resolves, source in (
        ("KXGDP", "US GDP growth", "quadratic_with_maker_fees", Decimal("0.1"), 2.0, 0.6,
         ("1.0", "1.5", "2.0", "2.5", "3.0"), "{}%", at_eastern(today + timedelta(days=20 + 30 * block), 8, 30),
         ("Bureau of Economic Analysis", "https://www.bea.gov/")),
        ("KXU3", "Unemployment rate", "quadratic_with_maker_fees", Decimal("0.1"), 4.25, 0.1,
         ("4.1", "4.2", "4.3", "4.4"), "{}%", at_eastern(today + timedelta(days=9 + 30 * block), 8, 30),
         ("Bureau of Labor Statistics", "https://www.bls.gov/")),
        ("KXAAAGASM", "US average gas price", "quadratic", Decimal("0.001"), 3.10, 0.08,
         ("2.90", "3.00", "3.10", "3.20", "3.30"), "${}", at_eastern(today + timedelta(days=15 + 30 * block), 10),
         ("AAA", "https://gasprices.aaa.com/")),
        ("KXTSAW", "TSA checkpoint travel numbers", "flat", Decimal(1), 2_450_000, 90_000,
         ("2300000", "2400000", "2500000"), "{}", at_eastern(today + timedelta(days=4 + 7 * block), 12),
         ("TSA", "https://www.tsa.gov/travel/passenger-volumes")),
    ):
        series = w.kalshi_series_for(series_ticker, title, "Economics", frequency="custom", fee_type=fee_type,
                                     fee_multiplier=1, sources=[source], tags=["Economics"])
        quantity = w.quantity(Measured(f"{series_ticker}:{resolves:%Y-%m-%d}", resolves, mean=mean, sd=sd, unit=unit))
        code = f"{series_ticker}-{resolves:%y%b%d}".upper()
        event = w.kalshi_event(series, code, f"{title} on {_day_text(resolves)}", _day_text(resolves),
                               mutually_exclusive=False, strike_date=resolves)
        for text in levels:
            shown = fmt.format(f"{int(text):,}" if unit == 1 else text)
            w.kalshi_market(
                event, f"{code}-T{text}", category="economics", title=f"{title} above {shown}?",
                yes_sub_title=f"Above {shown}", quantity=quantity, predicate=quantity.above(Decimal(text)),
                strike=KalshiStrike("greater", floor=float(text) if unit != 1 else int(text)),
                rules_primary=(f"If the {title.lower()} reported by {source[0]} for {_day_text(resolves)} is above "
                               f"{shown}, then the market resolves to Yes."),
                rules_secondary=f"Settles on the first figure published by {source[0]}.",
                close_time=resolves,
            )
