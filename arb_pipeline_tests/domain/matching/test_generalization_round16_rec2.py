"""Forms of the sixteenth round's blind sets outside sports (awards, television, space, weather,
storms, transport), on invented markets."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

# --- a work's option written author first, its title longer than a name -----------------------------


def _album_prize() -> Market:
    return kalshi("KXMUSICAOTY-29-RVAL", title="Harmony Awards 2029: Album of the Year",
                  yes_sub_title="Rhea Vale - The Weight of a Quiet Morning", close_time="2029-02-10T06:00:00Z",
                  category="Entertainment",
                  rules="If The Weight of a Quiet Morning by Rhea Vale wins Album of the Year at the 12th Harmony "
                        "Awards, then the market resolves to Yes.")


def _prize_question(market_id: str, question: str, description: str, group: str) -> Market:
    # One market of the event's group per artist, as Polymarket lists a category's nominees.
    return gamma(market_id, question=question, end="2029-02-10T05:00:00Z", description=description, group=group,
                 event_title="Harmony Awards 2029: Album of the Year")


def test_an_author_first_work_is_the_artist_who_wins_its_prize() -> None:
    p = _prize_question("1601", "Will Rhea Vale win Album of the Year at the 2029 Harmony Awards?",
                        "This market resolves \"Yes\" if Rhea Vale's \"The Weight of a Quiet Morning\" wins Album of the "
                        "Year at the 12th Harmony Awards. Otherwise \"No\".", "Rhea Vale")
    assert approved(_album_prize(), p) == [token_named(p, "Yes")]


def test_the_same_artist_in_another_category_is_rejected() -> None:
    p = _prize_question("1602", "Will Rhea Vale win Record of the Year at the 2029 Harmony Awards?",
                        "This market resolves \"Yes\" if a recording by Rhea Vale wins Record of the Year at the 12th "
                        "Harmony Awards. Otherwise \"No\".", "Rhea Vale")
    assert not approved(_album_prize(), p)
    assert verdict(_album_prize(), p).rejected


def test_another_artist_for_the_same_prize_is_rejected() -> None:
    p = _prize_question("1603", "Will Jonah Brant win Album of the Year at the 2029 Harmony Awards?",
                        "This market resolves \"Yes\" if Jonah Brant's album wins Album of the Year at the 12th Harmony "
                        "Awards. Otherwise \"No\".", "Jonah Brant")
    assert not approved(_album_prize(), p)


def _chart_author_first() -> Market:
    return kalshi("KXTOPALBUM-29MAR03-RVAL", title="Top album on the Melody 100 for Mar 3, 2029",
                  yes_sub_title="Rhea Vale - The Weight of a Quiet Morning",
                  rules="If The Weight of a Quiet Morning by Rhea Vale is #1 on the Melody 100 chart dated Mar 3, 2029, "
                        "then the market resolves to Yes.", close_time="2029-02-28T17:00:00Z", category="Entertainment")


def test_an_author_first_chart_option_against_the_author_alone_waits_for_a_person() -> None:
    p = gamma("1604", question="Will Rhea Vale have the #1 album on the Melody 100 dated March 3, 2029?",
              description="This market will resolve to \"Yes\" if any album credited to Rhea Vale is No. 1 on the "
                          "Melody 100 dated March 3, 2029. Otherwise, this market will resolve to \"No\".",
              end="2029-02-28T17:00:00Z")
    assert approved(_chart_author_first(), p) == []
