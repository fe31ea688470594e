"""Elections: who is nominated, who wins, which party wins, and who controls a chamber.

The trap every real pair list warns about: "Will X be the nominee?" and "Will X
win the presidency?" name the same person and settle differently. Candidates are ordered by party
inside the winner quantity, so "a Democrat wins" is one range of outcomes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.scenario.names import DEMOCRATIC_CANDIDATES, REPUBLICAN_CANDIDATES
from arb_pipeline.sandbox.scenario.outcomes import Categorical, Predicate
from arb_pipeline.sandbox.scenario.venues import KalshiStrike, VenueWriter

CONVENTIONS = datetime(2028, 8, 31, 23, 0, tzinfo=UTC)
ELECTION = datetime(2028, 11, 8, 5, 0, tzinfo=UTC)
MIDTERMS = datetime(2026, 11, 4, 5, 0, tzinfo=UTC)
PARTY_NAMES = {"D": "Democratic", "R": "Republican"}
# The matcher and the world share one table of state names and codes.
STATES = US_STATES


def _code(name: str) -> str:
    first, *_, last = name.split()
    return (first[0] + last[:3]).upper()


def _weights(w: VenueWriter, count: int) -> list[float]:
    return sorted((w.rng.paretovariate(1.2) for _ in range(count)), reverse=True)


def _yes_no_rules(question: str) -> str:
    return f"This market will resolve to \"Yes\" if {question} Otherwise, this market will resolve to \"No\"."


def list_presidential(w: VenueWriter) -> None:
    nominee_markets: dict[str, dict[str, Listing]] = {}
    for party, candidates in (("D", DEMOCRATIC_CANDIDATES), ("R", REPUBLICAN_CANDIDATES)):
        party_name = PARTY_NAMES[party]
        nominee = w.quantity(Categorical(f"NOMINEE:{party}:2028", CONVENTIONS, _weights(w, len(candidates)) + [0.3]))
        series_ticker = f"KXPRESNOM{party}"
        series = w.kalshi_series_for(series_ticker, f"{party_name} presidential nominee", "Elections",
                                     frequency="custom", fee_type="quadratic", fee_multiplier=1,
                                     sources=[(f"{party_name} National Committee", "https://www.fec.gov/")],
                                     tags=["Politics", "2028"])
        event = w.kalshi_event(series, f"{series_ticker}-28", f"{party_name} presidential nominee in 2028",
                               "2028 nomination", mutually_exclusive=True, strike_date=CONVENTIONS)
        gamma = w.gamma_event(
            f"{party_name.lower()}-presidential-nominee-2028", f"{party_name} Presidential Nominee 2028",
            f"Who will be formally nominated by the {party_name} Party at its 2028 national convention?",
            tags=["politics"], end=CONVENTIONS, neg_risk=True, series_slug="us-presidential-election-2028",
        )
        nominee_markets[party] = {}
        for index, name in enumerate(candidates):
            predicate = Predicate(index, index)
            if index != len(candidates) - 1:
                nominee_markets[party][name] = w.kalshi_market(
                    event, f"{series_ticker}-28-{_code(name)}", category="politics",
                    title=f"Will {name} be the {party_name} presidential nominee in 2028?", yes_sub_title=name,
                    quantity=nominee, predicate=predicate, strike=KalshiStrike("custom", custom={"Person": name}),
                    rules_primary=(f"If {name} is formally nominated as the {party_name} Party's candidate for "
                                   "President of the United States in 2028, then the market resolves to Yes."),
                    rules_secondary="The nomination is the vote of the party's national convention.",
                    close_time=CONVENTIONS,
                )
            if index != 0:
                w.gamma_market(
                    gamma, category="politics", question=f"Will {name} win the 2028 {party_name} presidential nomination?",
                    slug=f"will-{name.lower().replace(' ', '-')}-win-the-2028-{party_name.lower()}-presidential-nomination",
                    description=_yes_no_rules(f"{name} is the {party_name} Party's nominee for the 2028 US presidential "
                                              "election, as chosen at its national convention."),
                    outcomes=("Yes", "No"), quantity=nominee, predicate=predicate, end=CONVENTIONS,
                    resolution_source="https://www.fec.gov/", tick=Decimal("0.001"), group_item_title=name,
                    phrasing="reworded",
                )

    candidates = list(DEMOCRATIC_CANDIDATES) + list(REPUBLICAN_CANDIDATES)
    winner = w.quantity(Categorical("PRESIDENT:2028", ELECTION,
                                    _weights(w, len(DEMOCRATIC_CANDIDATES)) + _weights(w, len(REPUBLICAN_CANDIDATES))
                                    + [0.2]))
    series = w.kalshi_series_for("KXPRESPERSON", "Presidential election winner", "Elections", frequency="custom",
                                 fee_type="quadratic", fee_multiplier=1,
                                 sources=[("National Archives", "https://www.archives.gov/electoral-college")],
                                 tags=["Politics", "2028"])
    event = w.kalshi_event(series, "KXPRESPERSON-28", "2028 presidential election winner", "2028 election",
                           mutually_exclusive=True, strike_date=ELECTION)
    gamma = w.gamma_event(
        "presidential-election-winner-2028", "Presidential Election Winner 2028",
        "Who will win the 2028 US presidential election?", tags=["politics"], end=ELECTION, neg_risk=True,
        series_slug="us-presidential-election-2028",
    )
    winner_markets: dict[str, Listing] = {}
    for index, name in enumerate(candidates):
        predicate = Predicate(index, index)
        if index % 7 < 5:
            w.kalshi_market(
                event, f"KXPRESPERSON-28-{_code(name)}", category="politics",
                title=f"Will {name} win the 2028 presidential election?", yes_sub_title=name, quantity=winner,
                predicate=predicate, strike=KalshiStrike("custom", custom={"Person": name}),
                rules_primary=(f"If {name} wins the 2028 United States presidential election, then the market "
                               "resolves to Yes."),
                rules_secondary="The winner is the candidate certified by Congress in January 2029.",
                close_time=ELECTION,
            )
        if index % 7 < 4:
            winner_markets[name] = w.gamma_market(
                gamma, category="politics", question=f"Will {name} win the 2028 US Presidential Election?",
                slug=f"will-{name.lower().replace(' ', '-')}-win-the-2028-us-presidential-election",
                description=_yes_no_rules(f"{name} wins the 2028 US Presidential Election."),
                outcomes=("Yes", "No"), quantity=winner, predicate=predicate, end=ELECTION,
                resolution_source="https://www.archives.gov/electoral-college", tick=Decimal("0.001"),
                group_item_title=name, phrasing="reworded",
            )

    party_series = w.kalshi_series_for("KXPRESPARTY", "Presidential election party winner", "Elections",
                                       frequency="custom", fee_type="quadratic", fee_multiplier=1,
                                       sources=[("National Archives", "https://www.archives.gov/electoral-college")],
                                       tags=["Politics", "2028"])
    party_event = w.kalshi_event(party_series, "KXPRESPARTY-2028", "Which party will win the 2028 presidential election?",
                                 "2028 election", mutually_exclusive=True, strike_date=ELECTION)
    party_gamma = w.gamma_event(
        "which-party-wins-2028-us-presidential-election", "Which party wins 2028 US Presidential Election?",
        "Which party's candidate will win the 2028 US presidential election?", tags=["politics"], end=ELECTION,
        neg_risk=True, series_slug="us-presidential-election-2028",
    )
    split = len(DEMOCRATIC_CANDIDATES)
    party_markets: dict[str, Listing] = {}
    for party, predicate in (("D", Predicate(0, split - 1)), ("R", Predicate(split, len(candidates) - 1))):
        party_name = PARTY_NAMES[party]
        party_markets[party] = w.kalshi_market(
            party_event, f"KXPRESPARTY-2028-{party}", category="politics",
            title="Which party will win the 2028 presidential election?", yes_sub_title=f"{party_name} party",
            quantity=winner, predicate=predicate, strike=KalshiStrike("custom", custom={"Party": party_name}),
            rules_primary=(f"If the {party_name} Party's candidate wins the 2028 United States presidential election, "
                           "then the market resolves to Yes."),
            rules_secondary="An independent or third-party winner resolves every party market to No.",
            close_time=ELECTION,
        )
        w.gamma_market(
            party_gamma, category="politics",
            question=f"Will the {party_name} Party win the 2028 US presidential election?",
            slug=f"will-the-{party_name.lower()}-party-win-the-2028-us-presidential-election",
            description=_yes_no_rules(f"the {party_name} Party's nominee wins the 2028 US presidential election."),
            outcomes=("Yes", "No"), quantity=winner, predicate=predicate, end=ELECTION,
            resolution_source="https://www.archives.gov/electoral-college", group_item_title=party_name,
            phrasing="reworded",
        )
    for name in (DEMOCRATIC_CANDIDATES[1], REPUBLICAN_CANDIDATES[1]):
        party = "D" if name in DEMOCRATIC_CANDIDATES else "R"
        w.negative(nominee_markets[party][name], winner_markets[name], "nominee_vs_winner")
    w.negative(party_markets["D"], winner_markets[DEMOCRATIC_CANDIDATES[0]], "party_vs_candidate")


def list_state_race(w: VenueWriter, state: str, state_code: str, office: str) -> None:
    """A 2026 Senate or governor race: one party market per venue and party. An independent
    winner resolves both party markets No, so the two are never complements."""
    key = f"{office.upper()}:{state}:2026"
    democrat = min(0.95, max(0.05, w.rng.betavariate(2, 2)))
    # An independent can win a state race, and then both party markets resolve No: the
    # Democratic and Republican markets are not complements, as the matcher also reasons.
    independent = 0.02
    race = w.quantity(Categorical(key, MIDTERMS, [democrat * (1 - independent), (1 - democrat) * (1 - independent), independent]))
    series_ticker = f"KX{'SEN' if office == 'Senate' else 'GOV'}{state_code}"
    series = w.kalshi_series_for(series_ticker, f"{state} {office} race", "Elections", frequency="custom",
                                 fee_type="quadratic", fee_multiplier=1,
                                 sources=[(f"{state} Secretary of State", "https://www.nass.org/")],
                                 tags=["Politics", "2026"])
    event = w.kalshi_event(series, f"{series_ticker}-26", f"{state} {office} race 2026: winning party",
                           "2026 midterms", mutually_exclusive=True, strike_date=MIDTERMS)
    office_words = "U.S. Senate seat" if office == "Senate" else "governorship"
    gamma = w.gamma_event(
        f"{state.lower().replace(' ', '-')}-{office.lower()}-election-winner-2026",
        f"{state} {office} Election Winner", f"Which party will win the 2026 {state} {office_words} race?",
        tags=["politics"], end=MIDTERMS, neg_risk=True, series_slug="us-midterms-2026",
    )
    for index, party in enumerate(("D", "R")):
        party_name = PARTY_NAMES[party]
        w.kalshi_market(
            event, f"{series_ticker}-26-{party}", category="politics",
            title=f"Which party will win the {state} {office} race in 2026?", yes_sub_title=f"{party_name} party",
            quantity=race, predicate=Predicate(index, index), strike=KalshiStrike("custom", custom={"Party": party_name}),
            rules_primary=(f"If the {party_name} Party's candidate wins the 2026 {state} {office_words} election, then "
                           "the market resolves to Yes."),
            rules_secondary="The certified result is final.", close_time=MIDTERMS,
        )
        w.gamma_market(
            gamma, category="politics", question=f"Will the {party_name} Party win the {state} {office} race in 2026?",
            slug=f"{gamma['slug']}-{party_name.lower()}",
            description=_yes_no_rules(f"the {party_name} Party's candidate wins the 2026 {state} {office_words} race."),
            outcomes=("Yes", "No"), quantity=race, predicate=Predicate(index, index), end=MIDTERMS,
            resolution_source="https://www.nass.org/", group_item_title=party_name, phrasing="reworded",
        )
