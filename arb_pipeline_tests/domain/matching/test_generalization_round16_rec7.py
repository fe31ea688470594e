"""Forms of counts, playoff games and player props, on invented markets: a count of happenings
cannot go below zero, so "exactly 0" of them ("Will 0 rate cuts happen?", the option "0 (0 bps)")
is the NO of "at least 1"; an NFL postseason game a market states cannot end tied, so one side's NO
is the other's win; "Will <surname> score N+ points vs. the <side>?" is the player's rung in that
game. Each look-alike (exactly 0 against at least 2 or of a level that can fall below zero, a
regular-season game, another rung, player, statistic or game) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi
from arb_pipeline_tests.domain.matching.test_generalization_round16_rec0 import (
    assert_approved,
    assert_not_approved,
)

# --- a count of zero happenings is the complement of at least one ---------------------------------

_YEAR_END = "2029-12-31T23:59:00Z"


def _cuts_kalshi(least: int) -> Market:
    return kalshi(f"KXBOECUTS-29-T{least}", title="Number of Bank of England rate cuts in 2029?",
                  yes_sub_title=f"At least {least}", close_time="2029-12-16T19:00:00Z",
                  strike_type="greater_or_equal", floor=least,
                  rules=f"If the Bank of England cuts rates at least {least} times in 2029, then the market resolves to Yes.")


def _cuts_poly(count: str, group: str | None) -> Market:
    return gamma("8800", question=f"Will {count} Bank of England rate cuts happen in 2029?", group=group, end=_YEAR_END,
                 description="This market will resolve according to the exact number of times the Bank of England "
                             f'cuts rates during 2029. This market resolves "Yes" if exactly {count} cuts occur in '
                             '2029. Otherwise "No".')


def test_zero_cuts_is_the_no_of_at_least_one_cut() -> None:
    assert_approved(_cuts_kalshi(1), _cuts_poly("0", "0 (0 bps)"), outcome="No")


def test_zero_written_as_a_word_with_no_option_is_the_same_count() -> None:
    assert_approved(_cuts_kalshi(1), _cuts_poly("zero", None), outcome="No")


def test_zero_cuts_is_not_the_no_of_at_least_two_cuts() -> None:
    assert_not_approved(_cuts_kalshi(2), _cuts_poly("0", "0 (0 bps)"))


def test_exactly_one_cut_is_not_at_least_one_cut() -> None:
    assert_not_approved(_cuts_kalshi(1), _cuts_poly("1", "1 (25 bps)"))


def test_zero_of_a_level_that_can_fall_below_zero_is_no_count() -> None:
    # Net jobs added can be negative: 0 of them is no complement of "above 0".
    k = kalshi("KXPAYROLLS-29MAR-T0", title="Jobs added in March 2029?", yes_sub_title="Above 0",
               strike_type="greater", floor=0, close_time="2029-04-06T12:30:00Z",
               rules="If nonfarm payrolls change by more than 0 in March 2029, then the market resolves to Yes.")
    p = gamma("8801", question="Will 0 net jobs be added in March 2029?", group="0", end="2029-04-06T12:30:00Z",
              description='This market resolves "Yes" if the BLS reports exactly 0 net jobs added in March 2029. '
                          'Otherwise "No".')
    assert_not_approved(k, p)


# --- an NFL postseason game cannot end tied ---------------------------------------------------------

_KICKOFF = "2029-01-20T23:30:00Z"


def _nfl_game(side: str) -> Market:
    return kalshi(f"KXNFLGAME-29JAN20BUFKC-{side}", title="Buffalo at Kansas City Winner?", category="Sports",
                  yes_sub_title={"BUF": "Buffalo", "KC": "Kansas City"}[side], close_time=_KICKOFF,
                  rules=f"If {({'BUF': 'Buffalo', 'KC': 'Kansas City'})[side]} wins the Buffalo at Kansas City game "
                        "originally scheduled for Jan 20, then the market resolves to Yes.")


def _beats(question: str, description: str = "") -> Market:
    return gamma("8810", question=question, end=_KICKOFF,
                 description=description or 'This market will resolve to "Yes" if the Kansas City Chiefs defeat the '
                                            'Buffalo Bills in their game scheduled for January 20, 2029. Otherwise, '
                                            'this market will resolve to "No". Overtime counts.')


def test_the_other_side_of_a_conference_championship_is_its_no() -> None:
    p = _beats("Will the Chiefs beat the Bills in the AFC Championship Game?")
    assert_approved(_nfl_game("BUF"), p, outcome="No")
    assert_approved(_nfl_game("KC"), p)


def test_a_wild_card_game_its_rules_name_is_a_postseason_game() -> None:
    p = _beats("Will the Chiefs beat the Bills on January 20?",
               'This market will resolve to "Yes" if the Kansas City Chiefs defeat the Buffalo Bills in their AFC '
               'Wild Card Round game scheduled for January 20, 2029. Otherwise, this market will resolve to "No".')
    assert_approved(_nfl_game("BUF"), p, outcome="No")


def test_a_regular_season_game_in_january_may_still_end_tied() -> None:
    assert_not_approved(_nfl_game("BUF"), _beats("Will the Chiefs beat the Bills on January 20?"))


def test_a_super_bowl_rematch_is_a_regular_season_game() -> None:
    assert_not_approved(_nfl_game("BUF"), _beats("Super Bowl rematch: will the Chiefs beat the Bills?"))


def test_rules_that_only_mention_playoff_games_state_no_postseason() -> None:
    p = _beats("Will the Chiefs beat the Bills on January 20?",
               'This market will resolve to "Yes" if the Kansas City Chiefs defeat the Buffalo Bills in their game '
               'scheduled for January 20, 2029. Unlike a playoff game, this game can end in a tie, in which case '
               'this market will resolve to "No".')
    assert_not_approved(_nfl_game("BUF"), p)


# --- "Will <surname> score N+ points vs. the <side>?" -----------------------------------------------

_TIP_OFF = "2029-02-04T01:00:00Z"


def _points_rung(least: int, label_least: int | None = None) -> Market:
    return kalshi(f"KXNBAPTS-29FEB03PHXMIA-MDELRAY{least}", title=f"Marco Delray: {least}+ points", category="Sports",
                  yes_sub_title=f"Marco Delray: {label_least or least}+", close_time=_TIP_OFF,
                  rules=f"If Marco Delray records {least} or more points in the Phoenix at Miami game originally "
                        "scheduled for Feb 3, 2029, then the market resolves to Yes.")


def _scores(question: str, player: str = "Marco Delray", game: str = "Suns vs. Heat", what: str = "25 or more points",
            day: str = "February 3, 2029") -> Market:
    return gamma("8820", question=question, end=_TIP_OFF,
                 description=f'This market will resolve to "Yes" if {player} records {what} in the {game} game on '
                             f'{day}. Otherwise "No".')


def test_a_surname_scoring_a_rung_against_the_other_side_is_the_players_rung() -> None:
    assert_approved(_points_rung(25), _scores("Will Delray score 25+ points vs. the Heat on February 3?"))


def test_another_rung_of_the_same_player_is_another_threshold() -> None:
    assert_not_approved(_points_rung(30), _scores("Will Delray score 25+ points vs. the Heat on February 3?"))


def test_a_title_rung_its_yes_side_contradicts_is_not_read() -> None:
    assert_not_approved(_points_rung(25, label_least=30), _scores("Will Delray score 25+ points vs. the Heat on February 3?"))


def test_another_player_of_that_surname_is_another_measure() -> None:
    p = _scores("Will Delray score 25+ points vs. the Heat on February 3?", player="Tomas Delray")
    assert_not_approved(_points_rung(25), p)


def test_another_statistic_is_another_measure() -> None:
    p = _scores("Will Delray record 25+ rebounds vs. the Heat on February 3?", what="25 or more rebounds")
    assert_not_approved(_points_rung(25), p)


def test_a_side_that_is_not_in_the_game_is_another_game() -> None:
    p = _scores("Will Delray score 25+ points vs. the Celtics on February 3?", game="Suns vs. Celtics")
    assert_not_approved(_points_rung(25), p)


def test_another_day_is_another_game() -> None:
    p = _scores("Will Delray score 25+ points vs. the Heat on February 5?", day="February 5, 2029")
    assert_not_approved(_points_rung(25), p)


def test_a_side_two_leagues_name_is_not_read_without_the_league() -> None:
    k = kalshi("KXNBAPTS-29FEB03PHXSAC-MDELRAY25", title="Marco Delray: 25+ points", category="Sports",
               yes_sub_title="Marco Delray: 25+", close_time=_TIP_OFF,
               rules="If Marco Delray records 25 or more points in the Phoenix at Sacramento game originally "
                     "scheduled for Feb 3, 2029, then the market resolves to Yes.")
    p = _scores("Will Delray score 25+ points vs. the Kings on February 3?", game="Suns vs. Kings")
    assert_not_approved(k, p)
