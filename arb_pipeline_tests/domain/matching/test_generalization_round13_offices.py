"""Office holders as a blind set wrote them: "leave her post" (an official's post is the office, no
social-media post), "leaves office", and "still" with no verb ("Merz still German Chancellor on
June 30") as the state going on, which is then the NO of leaving by that day."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def approved(k: Market, p: Market) -> list[str | None]:
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]


def _leaves_post() -> Market:
    return kalshi("KXENERGYSECOUT-28", title="Will Dana Whitfield leave her post before May 1, 2028?",
                  yes_sub_title="Leaves before May 1", close_time="2028-05-01T04:00:00Z", category="Politics",
                  rules="If Dana Whitfield ceases to serve as Secretary of Energy before May 1, 2028, then the market "
                        "resolves to Yes.")


def test_an_official_leaving_her_post_leaves_the_office() -> None:
    p = gamma("51", question="Whitfield out as Energy Secretary by April 30?", end="2028-05-01T04:00:00Z",
              description="This market will resolve to \"Yes\" if Dana Whitfield leaves the position of Secretary of Energy "
                          "by April 30, 2028, 11:59 PM ET. Otherwise, this market will resolve to \"No\".")
    assert approved(_leaves_post(), p) == [token_named(p, "Yes")]


def test_a_social_media_post_is_not_leaving_the_post() -> None:
    p = gamma("52", question="Will Dana Whitfield post about oil prices by April 30?", end="2028-05-01T04:00:00Z",
              description="This market will resolve to \"Yes\" if Dana Whitfield posts about oil prices on X by April 30, "
                          "2028, 11:59 PM ET. Otherwise, this market will resolve to \"No\".")
    assert not approved(_leaves_post(), p)


def test_leaves_office_is_leaving() -> None:
    k = kalshi("KXNORWAYPMOUT-28", title="Will Ingrid Solberg cease to be Prime Minister of Norway before Jan 1, 2029?",
               yes_sub_title="Leaves office", close_time="2029-01-01T05:00:00Z", category="Politics",
               rules="If Ingrid Solberg ceases to hold the office of Prime Minister of Norway before January 1, 2029, "
                     "then the market resolves to Yes.")
    p = gamma("53", question="Solberg out as Norway PM by December 31, 2028?", end="2029-01-01T05:00:00Z",
              description="This market will resolve to \"Yes\" if Ingrid Solberg is no longer Prime Minister of Norway at "
                          "any point by December 31, 2028, 11:59 PM ET. Otherwise, this market will resolve to \"No\".")
    assert approved(k, p) == [token_named(p, "Yes")]


def _chancellor_on(day: str) -> Market:
    return gamma("54" if "September" in day else "55", question=f"Huber still Chancellor of Austria on {day}?",
                 end="2029-01-01T05:00:00Z",
                 description=f"This market will resolve to \"Yes\" if Lukas Huber is the Federal Chancellor of Austria on "
                             f"{day}. Otherwise, this market will resolve to \"No\".")


def _be_chancellor() -> Market:
    return kalshi("KXAUSTRIACHANC-28SEP30-HUBER", title="Will Lukas Huber be Chancellor of Austria on Sep 30, 2028?",
                  yes_sub_title="Huber is Chancellor", close_time="2028-10-01T04:00:00Z", category="Politics",
                  rules="If Lukas Huber holds the office of Federal Chancellor of Austria on September 30, 2028, then the "
                        "market resolves to Yes.")


def test_still_chancellor_on_a_day_is_being_chancellor_on_it() -> None:
    p = _chancellor_on("September 30, 2028")
    assert approved(_be_chancellor(), p) == [token_named(p, "Yes")]


def test_still_chancellor_on_another_day_differs() -> None:
    assert not approved(_be_chancellor(), _chancellor_on("December 31, 2028"))


def test_still_ceo_on_a_day_is_the_no_of_leaving_by_it() -> None:
    k = kalshi("KXACMECEOOUT-28SEP30", title="Will Rosa Lind leave as Acme CEO before October 2028?", yes_sub_title="Out",
               close_time="2028-10-01T04:00:00Z", category="Companies",
               rules="If Rosa Lind ceases to be CEO of Acme Corp. before October 1, 2028, then the market resolves to Yes.")
    p = gamma("56", question="Rosa Lind still Acme CEO on September 30, 2028?", end="2028-10-01T04:00:00Z",
              description="This market will resolve to \"Yes\" if Rosa Lind holds the position of Chief Executive Officer "
                          "of Acme on September 30, 2028. This market will resolve to \"No\" if she has ceased to hold the "
                          "role by then.")
    assert approved(k, p) == [token_named(p, "No")]
