"""Round 16, hard negatives a blind set written at the round's end approved when matched alone:
standing in an election against winning it, the most votes in a first round against the office,
a race weekend's sprint against its race, reaching a final against winning the competition, and a
sum of several things against one of them. Markets invented for the tests."""

from __future__ import annotations

from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _race_kalshi(ticker: str, title: str, option: str, rules: str, close: str) -> object:
    return kalshi(ticker, title=title, yes_sub_title=option, event_ticker=ticker.rsplit("-", 1)[0], close_time=close,
                  category="Elections", rules=rules)


def test_standing_in_an_election_is_not_winning_it():
    k = _race_kalshi("KXPTPRES-31-AVAZ", "Portuguese presidential election 2031", "Ana Vaz",
                     "If Ana Vaz wins the 2031 Portuguese presidential election (second round), then the market resolves "
                     "to Yes.", "2031-02-10T18:00:00Z")
    p = gamma("880701", question="Will Ana Vaz be a candidate in the 2031 Portuguese presidential election?",
              end="2031-01-05T19:00:00Z",
              description='Resolves "Yes" if Ana Vaz appears on the official first-round candidate list.')
    assert approved(k, p) == []
    assert verdict(k, p).rejected


def test_the_most_votes_in_a_first_vote_is_not_the_office():
    k = _race_kalshi("KXDENMAYOR-31-RLIN", "Denver mayoral election 2031", "Rosa Lind",
                     "If Rosa Lind wins the 2031 Denver mayoral election (including any June runoff), then the market "
                     "resolves to Yes.", "2031-06-07T05:00:00Z")
    p = gamma("880702", question="Will Rosa Lind finish first in the April 2031 Denver mayoral election?",
              end="2031-04-05T06:00:00Z",
              description='Resolves "Yes" if Rosa Lind receives the most votes in the April 4, 2031 first-round '
                          "municipal election, regardless of the runoff.")
    assert approved(k, p) == []
    assert verdict(k, p).rejected


def test_winning_the_election_still_meets_winning_it():
    k = _race_kalshi("KXDENMAYOR-31-RLIN", "Denver mayoral election 2031", "Rosa Lind",
                     "If Rosa Lind wins the 2031 Denver mayoral election (including any June runoff), then the market "
                     "resolves to Yes.", "2031-06-07T05:00:00Z")
    p = gamma("880703", question="Will Rosa Lind win the 2031 Denver mayoral election?", end="2031-06-07T05:00:00Z",
              description='Resolves "Yes" if Rosa Lind wins the 2031 Denver mayoral election, including any runoff.')
    assert approved(k, p) == [token_named(p, "Yes")]


def _grand_prix_kalshi() -> object:
    return kalshi("KXMOTOGP-28QATGP-PSAN", title="MotoGP Qatar Grand Prix 2028 winner", yes_sub_title="Pedro Santos",
                  event_ticker="KXMOTOGP-28QATGP", close_time="2028-03-06T18:00:00Z", category="Sports",
                  rules="If Pedro Santos wins the main race (not the sprint) of the 2028 MotoGP Qatar Grand Prix, then "
                        "the market resolves to Yes.")


def test_a_sprint_winner_is_not_the_grand_prix_winner():
    p = gamma("880711", question="Qatar MotoGP 2028 Sprint winner", group="Pedro Santos", end="2028-03-06T18:00:00Z",
              description='Resolves "Yes" if Pedro Santos wins the Saturday Sprint of the 2028 MotoGP Qatar Grand Prix.')
    assert approved(_grand_prix_kalshi(), p) == []


def test_reaching_the_final_is_not_winning_the_championship():
    k = kalshi("KXSNOOKERWC-28-JWEN", title="World Snooker Championship 2028 winner", yes_sub_title="Jia Wen",
               event_ticker="KXSNOOKERWC-28", close_time="2028-05-05T22:00:00Z", category="Sports",
               rules="If Jia Wen wins the 2028 World Snooker Championship final at the Crucible, then the market "
                     "resolves to Yes.")
    for question, rules in (("Will Jia Wen reach the 2028 World Snooker Championship final?",
                             'Resolves "Yes" if Jia Wen plays in the final of the 2028 World Snooker Championship.'),
                            ("Will Jia Wen make the semi-finals of the 2028 World Snooker Championship?",
                             'Resolves "Yes" if Jia Wen plays in a semi-final of the 2028 World Snooker Championship.')):
        p = gamma("880712", question=question, end="2028-05-05T22:00:00Z", description=rules)
        assert approved(k, p) == [], question


def test_recalls_summed_over_a_quarter_are_not_one_recall():
    k = kalshi("KXRECALL-28Q2", title="NHTSA Rivet recall over 500,000 vehicles in Q2 2028", yes_sub_title="Yes",
               event_ticker="KXRECALL", close_time="2028-06-30T23:59:00Z", category="Companies",
               rules="If NHTSA publishes a single Rivet recall covering more than 500,000 vehicles between April 1 and "
                     "June 30, 2028, then the market resolves to Yes.")
    p = gamma("880721", question="Rivet recalls totaling 500k+ vehicles in Q2 2028?", end="2028-07-01T03:59:00Z",
              description='Resolves "Yes" if Rivet recalls filed with NHTSA in Q2 2028 together cover more than 500,000 '
                          "vehicles.")
    assert approved(k, p) == []
