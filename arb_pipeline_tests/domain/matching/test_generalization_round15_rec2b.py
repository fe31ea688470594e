"""Hurricane grades as questions write them: "Cat 4" for "Category 4", and a grade's definition
restated in brackets after it ("Category 4 (130+ mph sustained winds)"), which is no threshold of
its own (docs/matching.md, "Hurricane grades"); and a word joined to itself by "to" ("ship-to-ship")
read as one modifier (docs/matching.md, "Words")."""

from __future__ import annotations

from arb_pipeline.domain.matching.propositions.frames import statement_words
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _grade_kalshi(grade: int = 4) -> object:
    return kalshi(f"KXEPACCAT{grade}-28", title=f"Category {grade} Eastern Pacific hurricane in 2028?", yes_sub_title="Yes",
                  close_time="2028-12-01T05:00:00Z", category="Climate and Weather",
                  rules=f"If any Eastern Pacific tropical cyclone reaches Category {grade} intensity during the 2028 "
                        "season per NHC, then the market resolves to Yes.")


def _grade_gamma(market_id: str, question: str, reached: str) -> object:
    return gamma(market_id, question=question, end="2028-12-01T05:00:00Z",
                 description='This market will resolve to "Yes" if the National Hurricane Center reports any Eastern '
                             f'Pacific hurricane {reached} in 2028. Otherwise, this market will resolve to "No".')


def test_a_grade_written_short_is_the_grade():
    p = _grade_gamma("880301", "Will a Cat 4 hurricane form in the Eastern Pacific in 2028?", "reaching Category 4")
    assert approved(_grade_kalshi(), p) == [token_named(p, "Yes")]


def test_a_wind_speed_bracketed_after_the_grade_is_no_threshold():
    p = _grade_gamma("880302", "Will a Category 4 hurricane form in the Eastern Pacific in 2028?",
                     "reaching Category 4 (130+ mph sustained winds)")
    assert approved(_grade_kalshi(), p) == [token_named(p, "Yes")]


def test_both_forms_at_once():
    p = _grade_gamma("880303", "Will a Cat 4 hurricane form in the Eastern Pacific in 2028?",
                     "reaching Category 4 (130+ mph sustained winds)")
    assert approved(_grade_kalshi(), p) == [token_named(p, "Yes")]


def test_another_grade_written_short_stays_rejected():
    p = _grade_gamma("880304", "Will a Cat 3 hurricane form in the Eastern Pacific in 2028?",
                     "reaching Category 3 (111+ mph sustained winds)")
    assert approved(_grade_kalshi(), p) == []
    assert verdict(_grade_kalshi(), p).rejected


def test_a_landfall_at_the_grade_written_short_is_not_a_formation():
    p = _grade_gamma("880305", "Will a Cat 4 hurricane make landfall in Mexico in 2028?",
                     "making landfall in Mexico at Category 4 (130+ mph sustained winds)")
    assert approved(_grade_kalshi(), p) == []


def test_a_wind_speed_the_question_states_stays_a_threshold():
    p = _grade_gamma("880306", "Will an Eastern Pacific hurricane reach 140+ mph sustained winds in 2028?",
                     "reaching 140+ mph sustained winds")
    assert approved(_grade_kalshi(), p) == []



# A word joined to itself by "to" ("ship-to-ship") is one modifier, not the verb it spells.

def _transfer_kalshi() -> object:
    return kalshi("KXNOVAFUEL-28", title="Nova Dynamics ship-to-ship fuel transfer before 2029?",
                  yes_sub_title="Before Jan 1, 2029", close_time="2029-01-01T05:00:00Z", category="Science and Technology",
                  rules="If Nova Dynamics completes a ship-to-ship fuel transfer in orbit before January 1, 2029, then the "
                        "market resolves to Yes.")


def test_a_word_joined_to_itself_is_no_verb():
    said = statement_words("will the tanker fleet run ship-to-ship fuel transfers in 2028?", None)
    assert "release" not in said
    assert "release" in statement_words("will the studio ship the game in 2028?", None)


def test_a_launch_is_not_a_ship_to_ship_transfer():
    p = gamma("880401", question="Will Nova Dynamics launch before 2029?", end="2028-12-31T23:59:00Z",
              description='This market will resolve to "Yes" if Nova Dynamics launches its first vehicle by December 31, '
                          '2028. Otherwise "No".')
    assert approved(_transfer_kalshi(), p) == []


def test_the_same_ship_to_ship_transfer_stays_approved():
    p = gamma("880402", question="Nova Dynamics ship-to-ship fuel transfer in 2028?", end="2028-12-31T23:59:00Z",
              description='This market will resolve to "Yes" if Nova Dynamics completes a ship-to-ship fuel transfer in '
                          'orbit by December 31, 2028. Otherwise "No".')
    assert approved(_transfer_kalshi(), p) == [token_named(p, "Yes")]
