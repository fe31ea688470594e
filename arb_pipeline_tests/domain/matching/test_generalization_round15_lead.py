"""Round 15: a tie settled "to 50% of the notional value" (Kalshi's words for half the payout) is a
50-50 split. Markets invented for the tests."""

from __future__ import annotations

from arb_pipeline.domain.matching.propositions.terms import settlement
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named

_GAME_RULES = ("If Denver wins the Denver at Seattle professional football game originally scheduled for Nov 8, 2027, "
               "then the market resolves to Yes. If the game ends in a tie, {tie}")


def _game(tie: str) -> object:
    return kalshi("KXNFLGAME-27NOV08DENSEA-DEN", title="Denver at Seattle Winner?", yes_sub_title="Denver",
                  rules=_GAME_RULES.format(tie=tie), category="Sports", close_time="2027-11-09T04:00:00Z")


def _sides() -> object:
    return gamma("880201", question="Broncos vs. Seahawks", outcomes=("Broncos", "Seahawks"),
                 slug="nfl-den-sea-2027-11-08", end="2027-11-09T04:00:00Z", sports_market_type="moneyline",
                 game_start_time="2027-11-09 01:15:00+00",
                 description="In the upcoming NFL game, scheduled for Nov 8:\nIf the Broncos win, the market will "
                             'resolve to "Broncos".\nIf the Seahawks win, the market will resolve to "Seahawks".\n'
                             "If the game ends in a tie, this market will resolve 50-50.")


def test_half_of_the_notional_value_is_a_split():
    assert settlement("If the game ends in a tie, both markets resolve to 50% of the notional value.") == {"draw": "50-50"}
    assert settlement("If the match is drawn, the market will settle to 50%.") == {"draw": "50-50"}


def test_a_game_whose_two_venues_split_a_tie_is_approved():
    p = _sides()
    assert approved(_game("both markets resolve to 50% of the notional value."), p) == [token_named(p, "Broncos")]


def test_a_tie_that_pays_no_on_kalshi_against_a_split_is_not_approved():
    assert approved(_game("the market resolves to No."), _sides()) == []


def test_a_percentage_that_is_no_payout_is_no_split():
    assert settlement("If the game ends in a tie, the over/under of 50% shooting does not count.") == {}


# --- a player prop rung written with its statistic, a prop whose league only its rules name ------


def _rung(threshold: int = 30, stat: str = "points") -> object:
    label = f"Dario Kell: {threshold}+ {stat}"
    return kalshi(f"KXNBAPTS-27FEB10DENPHX-DENDKELL-{threshold}", event_ticker="KXNBAPTS-27FEB10DENPHX", title=label,
                  yes_sub_title=label, category="Sports", event_title="Denver at Phoenix", close_time="2027-02-11T06:00:00Z",
                  rules=f"If Dario Kell records {threshold} or more {stat} in the game on February 10, 2027, then the market "
                        "resolves to Yes.")


def _line(market_id: str, line: str, stat: str = "Points", league: str = "NBA") -> object:
    return gamma(market_id, question=f"Dario Kell: {stat} Over {line}", group=f"{stat} O/U {line}",
                 slug=f"dario-kell-{stat.lower()}-over-{line.replace('.', '-')}", end="2027-02-10T23:59:00Z",
                 event_title="Nuggets vs. Suns", game_start_time="2027-02-11 02:00:00+00",
                 description=f"In the upcoming {league} game, scheduled for February 10 at 9:00 PM ET:\n\nThis market will "
                             f'resolve to "Yes" if Dario Kell records more than {line} {stat.lower()} during the game.')


def test_a_rung_written_with_its_statistic_against_a_line_of_a_game_its_rules_name_is_approved():
    p = _line("880202", "29.5")
    assert approved(_rung(), p) == [token_named(p, "Yes")]


def test_another_line_statistic_or_league_is_not_approved():
    assert approved(_rung(), _line("880203", "30.5")) == []
    assert approved(_rung(), _line("880204", "29.5", stat="Rebounds")) == []
    assert approved(_rung(), _line("880205", "29.5", league="NFL")) == []


def _total_kalshi() -> object:
    return kalshi("KXNBATOTAL-27FEB10DENPHX-231", event_ticker="KXNBATOTAL-27FEB10DENPHX", title="Denver at Phoenix: Total Points",
                  yes_sub_title="Over 231.5 points scored", strike_type="greater", floor=231.5, category="Sports",
                  close_time="2027-02-11T06:00:00Z",
                  rules="If Denver and Phoenix combine to score more than 231.5 points in their game on February 10, 2027, "
                        "then the market resolves to Yes.")


def _total(market_id: str, line: str) -> object:
    return gamma(market_id, question=f"Nuggets vs. Suns: O/U {line}", group=f"O/U {line}", outcomes=("Over", "Under"),
                 slug=f"nuggets-vs-suns-o-u-{line.replace('.', '-')}", end="2027-02-10T23:59:00Z",
                 sports_market_type="totals", line=float(line), game_start_time="2027-02-11 02:00:00+00",
                 description="In the upcoming NBA game, scheduled for February 10 at 9:00 PM ET:\n\nThis market will "
                             f'resolve to "Over" if the Nuggets and Suns combine to score more than {line} points.')


def test_a_game_total_whose_league_only_its_rules_name_is_approved():
    p = _total("880206", "231.5")
    assert approved(_total_kalshi(), p) == [token_named(p, "Over")]
    assert approved(_total_kalshi(), _total("880207", "232.5")) == []
