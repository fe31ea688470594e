"""Markets with no counterpart: Kalshi multivariate combos, and Polymarket-only questions.

Kalshi's combos (``KXMVECROSSCATEGORY-...``, with ``mve_selected_legs`` and ``custom_strike`` and a
comma-joined title) come first and in bulk from ``GET /markets`` unless ``mve_filter=exclude``
(docs/venues.md#kalshi-markets); most have no quotes at all.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from arb_pipeline.sandbox.scenario.calendar import at_eastern, month_add
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.scenario.outcomes import PAYS_ON_ONE, Categorical, Measured, Parlay, Predicate
from arb_pipeline.sandbox.scenario.venues import KalshiStrike, VenueWriter

COMBO_SERIES = "KXMVECROSSCATEGORY"
AI_LABS = ("Northwind AI", "Helix Labs", "Quanta Research", "Lumen Systems", "Arcadia Intelligence")
FILMS = ("The Long Meridian", "Glass Harbor", "Night Orchard", "Saltwater Kings", "Paper Comets", "Iron Lanterns")


def list_combos(w: VenueWriter, candidates: list[Listing], count: int) -> list[Listing]:
    """Combos over ``candidates`` (open Kalshi markets), each leg on a different quantity."""
    series = w.kalshi_series_for(COMBO_SERIES, "Cross-category combos", "Sports", frequency="custom",
                                 fee_type="quadratic", fee_multiplier=1, sources=[], tags=["Combos"])
    combos = []
    for _ in range(count):
        legs: list[Listing] = []
        wanted = w.rng.randint(2, 4)
        for listing in w.rng.sample(candidates, min(len(candidates), 8)):
            if all(listing.quantity is not leg.quantity for leg in legs):
                legs.append(listing)
            if len(legs) == wanted:
                break
        if len(legs) < 2:
            continue
        sides = [w.rng.random() < 0.75 for _ in legs]
        combo = w.quantity(Parlay(
            "COMBO:" + "+".join(leg.market_id for leg in legs),
            [(leg.quantity, leg.predicate, wants_yes) for leg, wants_yes in zip(legs, sides, strict=True)],
        ))
        event_ticker = f"{COMBO_SERIES}-S{legs[0].market['close_time'][:4]}{w.rng.getrandbits(40):010X}"
        ticker = f"{event_ticker}-{w.rng.getrandbits(44):011X}"
        title = ",".join(f"{'yes' if wants_yes else 'no'} {leg.market['yes_sub_title']}"
                         for leg, wants_yes in zip(legs, sides, strict=True))
        event = w.kalshi_event(series, event_ticker, title, "", mutually_exclusive=False, strike_date=None)
        selected = [{"event_ticker": leg.market["event_ticker"], "market_ticker": leg.market_id,
                     "side": "yes" if wants_yes else "no"} for leg, wants_yes in zip(legs, sides, strict=True)]
        combos.append(w.kalshi_market(
            event, ticker, category="combo", title=title, yes_sub_title=title, quantity=combo, predicate=PAYS_ON_ONE,
            strike=KalshiStrike("custom", custom={
                "Associated Markets": ",".join(leg.market_id for leg in legs),
                "Associated Events": ",".join(leg.market["event_ticker"] for leg in legs),
            }),
            rules_primary=f"If every selected leg resolves as chosen ({title}), then the market resolves to Yes.",
            rules_secondary="If any leg resolves otherwise, the market resolves to No.",
            close_time=combo.resolves_at, quoted=w.rng.random() < 0.3,
            extra={"mve_collection_ticker": COMBO_SERIES, "mve_selected_legs": selected},
        ))
    return combos


def list_polymarket_only(w: VenueWriter, first_day: date, block: int) -> None:
    month_end = month_add(first_day, block + 1) - timedelta(days=1)
    resolves = at_eastern(month_end, 23, 59)
    weights = [w.rng.paretovariate(1.5) for _ in AI_LABS]
    lab = w.quantity(Categorical(f"AILAB:{month_end.isoformat()}", resolves, weights))
    event = w.gamma_event(
        f"which-company-has-best-ai-model-end-of-{month_end:%B-%Y}".lower(),
        f"Which company has best AI model end of {month_end:%B}?",
        f"Resolves to the company whose model tops a public text leaderboard on {month_end:%B %d, %Y}.",
        tags=["tech"], end=resolves, neg_risk=True,
    )
    for index, name in enumerate(AI_LABS):
        w.gamma_market(
            event, category="tech", question=f"Will {name} have the best AI model at the end of {month_end:%B %Y}?",
            slug=f"{event['slug']}-{name.lower().replace(' ', '-')}",
            description=f"This market resolves to \"Yes\" if {name} has the top-ranked model on {month_end:%B %d, %Y}.",
            outcomes=("Yes", "No"), quantity=lab, predicate=Predicate(index, index), end=resolves,
            resolution_source="https://lmarena.ai/leaderboard", group_item_title=name,
        )
    film = FILMS[block % len(FILMS)]
    weekend = first_day + timedelta(days=(6 - first_day.weekday()) % 7 + 7 * block)
    opening = w.quantity(Measured(f"BOXOFFICE:{film}:{weekend.isoformat()}", at_eastern(weekend + timedelta(days=1), 12),
                                  mean=w.rng.uniform(40, 120), sd=12, unit=Decimal("0.1")))
    box_event = w.gamma_event(
        f"{film.lower().replace(' ', '-')}-opening-weekend-box-office-{weekend.isoformat()}",
        f"{film} opening weekend box office?",
        f"Domestic opening weekend gross of {film} as reported by Box Office Mojo.", tags=["culture"],
        end=opening.resolves_at,
    )
    for millions in (round(opening.mean * 0.1 / 10) * 10, round(opening.mean * 0.1 / 10) * 10 + 20):
        w.gamma_market(
            box_event, category="culture", question=f"Will {film} gross over ${millions}M opening weekend?",
            slug=f"{box_event['slug']}-over-{millions}m",
            description=(f"This market resolves to \"Yes\" if {film}'s domestic opening weekend gross is over "
                         f"${millions} million per Box Office Mojo."),
            outcomes=("Yes", "No"), quantity=opening, predicate=opening.above(Decimal(millions)), end=opening.resolves_at,
            resolution_source="https://www.boxofficemojo.com/", group_item_title=f">${millions}M",
        )
    deadline = at_eastern(first_day + timedelta(days=60 + 30 * block), 23, 59)
    accord = w.quantity(Categorical(f"ACCORD:{block}", deadline, [0.3, 0.7]))
    accord_event = w.gamma_event(
        f"northern-straits-accord-signed-by-{deadline:%B-%d}".lower(), f"Northern Straits accord signed by {deadline:%B %d}?",
        "Whether the proposed Northern Straits fisheries accord is signed by both governments.",
        tags=["geopolitics"], end=deadline,
    )
    # Geopolitics markets are fee-free (docs/venues.md#polymarket-fees).
    w.gamma_market(
        accord_event, category="geopolitics", question=f"Northern Straits accord signed by {deadline:%B %d}?",
        slug=accord_event["slug"],
        description="This market resolves to \"Yes\" if both governments sign the accord by the date in the title.",
        outcomes=("Yes", "No"), quantity=accord, predicate=Predicate(0, 0), end=deadline,
        resolution_source="https://www.un.org/", fees=False,
    )
