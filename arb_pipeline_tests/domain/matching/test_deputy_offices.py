"""A deputy office is its own race: a lieutenant governor's election is not the governor's, a vice
presidential nomination is not the presidential one. A blind set approved "Republican wins the
Lieutenant Governor race" as the YES of "the Republican Party wins the governor election": the
office was read from "governor" inside "Lieutenant Governor"."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def _governor(party: str = "Democratic Party") -> Market:
    return kalshi("KXGOVKY-27-D", title="Kentucky Governor election winner?", yes_sub_title=party,
                  category="Elections", close_time="2027-11-03T05:00:00Z",
                  rules=f"If the {party}'s nominee wins the 2027 Kentucky gubernatorial election, then the market "
                        f"resolves to Yes.")


def _race_question(market_id: str, office: str) -> Market:
    return gamma(market_id, question=f"Democrat wins Kentucky {office} race in 2027?", end="2027-11-30T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if the Democratic nominee wins the 2027 election "
                             f"for {office} of Kentucky. Otherwise \"No\".")


def test_the_governor_race_still_agrees_with_itself() -> None:
    v = verdict(_governor(), _race_question("1", "Governor"))
    assert v.agrees, v.reasons


def test_a_lieutenant_governor_race_is_not_the_governor_race() -> None:
    for office in ("Lieutenant Governor", "Lt. Governor"):
        v = verdict(_governor(), _race_question("2", office))
        assert v.rejected, (office, v.reasons)


def test_a_lieutenant_governor_race_agrees_with_itself() -> None:
    k = kalshi("KXLTGOVKY-27-D", title="Kentucky Lieutenant Governor election winner?", yes_sub_title="Democratic Party",
               category="Elections", close_time="2027-11-03T05:00:00Z",
               rules="If the Democratic Party's nominee wins the 2027 Kentucky lieutenant governor election, then the "
                     "market resolves to Yes.")
    v = verdict(k, _race_question("3", "Lieutenant Governor"))
    assert v.agrees, v.reasons


def _nominee(office: str, market_id: str) -> Market:
    return gamma(market_id, question=f"Will Dana Whitfield be the 2028 Republican {office} nominee?",
                 end="2028-08-31T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if Dana Whitfield is formally nominated as the "
                             f"Republican Party's {office} candidate for the 2028 election. Otherwise \"No\".")


def test_a_vice_presidential_nomination_is_not_the_presidential_one() -> None:
    k = kalshi("KXPRESNOMR-28-DWHI", title="Who will be the 2028 Republican presidential nominee?",
               yes_sub_title="Dana Whitfield", category="Elections", close_time="2028-08-31T23:59:00Z",
               rules="If Dana Whitfield is the Republican Party's nominee for President in the 2028 election, then "
                     "the market resolves to Yes.")
    assert verdict(k, _nominee("presidential", "4")).agrees
    v = verdict(k, _nominee("vice presidential", "5"))
    assert not v.agrees, v.reasons
