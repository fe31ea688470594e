"""Forms of team sports blind sets missed in the twelfth round, on invented markets: a school
named with its nickname after it, a league its team implies. Each look-alike (another school, a
team of another league) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi
from arb_pipeline_tests.domain.matching.test_generalization_round11_rec1 import (
    approved_token,
    assert_paired,
    verdict,
)


def assert_apart(k: Market, p: Market) -> None:
    v = verdict(k, p)
    assert not v.agrees, v.reasons
    assert approved_token(k, p) is None


# --- a school by name only and with its nickname ---------------------------------------------------


def _conference_tournament(code: str, school: str) -> Market:
    return kalshi(f"KXNCAAMBMAC-31-{code}", title="Who will win the 2031 Mid-American Men's Basketball Tournament?",
                  yes_sub_title=school, category="Sports", close_time="2031-03-16T00:00:00Z",
                  rules=f"If {school} wins the 2031 Mid-American Men's Basketball Tournament, "
                        "then the market resolves to Yes.")


def _to_win_tournament(market_id: str, team: str) -> Market:
    return gamma(market_id, question=f"{team} to win the Mid-American Tournament 2031?", end="2031-03-16T00:00:00Z",
                 description=f"This market will resolve to Yes if the {team} win the 2031 Mid-American Men's "
                             "Basketball Tournament. Otherwise, it will resolve to No.")


def test_a_school_is_the_same_team_with_its_nickname_after_it() -> None:
    assert_paired(_conference_tournament("TOL", "Toledo"), _to_win_tournament("501", "Toledo Rockets"), "Yes")
    assert_paired(_conference_tournament("KENT", "Kent State"),
                  _to_win_tournament("502", "Kent State Golden Flashes"), "Yes")


def test_a_word_that_names_another_school_is_no_nickname() -> None:
    # "Miami (OH)" and "Miami State" are other schools than "Miami"; another school's name with
    # a nickname is still another school.
    assert_apart(_conference_tournament("MIA", "Miami"), _to_win_tournament("503", "Miami (OH) RedHawks"))
    assert_apart(_conference_tournament("LOY", "Loyola"), _to_win_tournament("506", "Loyola (MD) Greyhounds"))
    assert_apart(_conference_tournament("BALL", "Ball"), _to_win_tournament("504", "Ball State"))
    assert_apart(_conference_tournament("TOL", "Toledo"), _to_win_tournament("505", "Akron Zips"))


# --- a league its team implies ----------------------------------------------------------------------


def _conference_champion(series: str, league: str, code: str, city: str) -> Market:
    return kalshi(f"{series}-31-{code}", title=f"{league} Western Conference Champion 2031?", yes_sub_title=city,
                  category="Sports", close_time="2031-06-01T00:00:00Z",
                  rules=f"If {city} wins the 2031 {league} Western Conference Finals, then the market resolves to Yes.")


def _win_the_west(market_id: str, nickname: str, team: str) -> Market:
    return gamma(market_id, question=f"Will the {nickname} win the Western Conference?", end="2031-06-01T00:00:00Z",
                 description=f"This market will resolve to Yes if the {team} win the 2030-31 Western Conference "
                             "Finals. Otherwise, it will resolve to No.")


def test_a_team_of_one_league_says_that_league() -> None:
    assert_paired(_conference_champion("KXNBAWEST", "NBA", "DEN", "Denver"),
                  _win_the_west("511", "Nuggets", "Denver Nuggets"), "Yes")
    assert_paired(_conference_champion("KXNHLWEST", "NHL", "COL", "Colorado"),
                  _win_the_west("512", "Avalanche", "Colorado Avalanche"), "Yes")


def test_a_city_of_two_leagues_says_no_league() -> None:
    # "Dallas" plays in the NBA and the WNBA: a market naming only the city says neither.
    assert not verdict(_conference_champion("KXNBAWEST", "NBA", "DAL", "Dallas"),
                       gamma("513", question="Will Dallas win the Western Conference?", end="2031-06-01T00:00:00Z",
                             description="This market will resolve to Yes if Dallas wins the 2030-31 Western "
                                         "Conference Finals. Otherwise, it will resolve to No.")).agrees
    # A team of another league is another team.
    assert_apart(_conference_champion("KXWNBAWEST", "WNBA", "DAL", "Dallas"),
                 _win_the_west("514", "Mavericks", "Dallas Mavericks"))


# --- a double chance: one side or the draw ---------------------------------------------------------------


def _game_winner(side: str, code: str, day: str = "31APR12") -> Market:
    return kalshi(f"KXEREDIVISIEGAME-{day}AJAPSV-{code}", title="Ajax vs PSV Winner?", yes_sub_title=side,
                  category="Sports", close_time="2031-04-12T22:00:00Z",
                  rules=f"If {side} wins the Ajax vs PSV professional soccer game originally scheduled for "
                        "Apr 12, 2031, then the market resolves to Yes.")


def _game_question(market_id: str, question: str, day: str, start: str) -> Market:
    """A Yes/No question on one game, under the game's heading, with the game's start time."""
    return gamma(market_id, question=question, end=f"{day}T22:00:00Z", game_start_time=f"{day}T{start}:00Z",
                 description="This market will resolve to \"Yes\" if the outcome the question names happens in "
                             "the game. Otherwise, it will resolve to \"No\".")


def _double_chance(market_id: str, question: str, day: str = "2031-04-12") -> Market:
    return _game_question(market_id, question, day, "18:45")


def test_one_side_or_the_draw_is_the_no_of_the_other_sides_win() -> None:
    assert_paired(_game_winner("PSV", "PSV"), _double_chance("521", "Ajax vs. PSV: Ajax or Draw?"), "No")
    assert_paired(_game_winner("Ajax", "AJA"), _double_chance("522", "Ajax vs. PSV: Draw or PSV?"), "No")


def test_a_double_chance_is_not_its_own_sides_win_nor_the_draw() -> None:
    assert_apart(_game_winner("Ajax", "AJA"), _double_chance("523", "Ajax vs. PSV: Ajax or Draw?"))
    assert_apart(_game_winner("Tie", "TIE"), _double_chance("524", "Ajax vs. PSV: Ajax or Draw?"))
    # Another day's game of the two clubs.
    assert_apart(_game_winner("PSV", "PSV"), _double_chance("525", "Ajax vs. PSV: Ajax or Draw?", "2031-04-26"))


# --- a derby by its name and its day -------------------------------------------------------------------


def _serie_a(home: str, away: str, side: str, code: str, day: str, close: str) -> Market:
    return kalshi(f"KXSERIEAGAME-{day}{home[:3].upper()}{away[:3].upper()}-{code}", title=f"{home} vs {away} Winner?",
                  yes_sub_title=side, category="Sports", close_time=close,
                  rules=f"If {side} wins the {home} vs {away} professional soccer game, then the market resolves to Yes.")


def _derby_question(market_id: str, question: str, end: str) -> Market:
    return gamma(market_id, question=question, end=end,
                 description="This market will resolve to \"Yes\" if the named club wins the derby scheduled for the "
                             "day in the title. Otherwise, it will resolve to \"No\".")


def test_a_derby_named_with_its_day_is_the_game_of_its_two_clubs() -> None:
    assert_paired(_serie_a("Roma", "Lazio", "Lazio", "LAZ", "31MAR09", "2031-03-09T22:00:00Z"),
                  _derby_question("531", "Will Lazio win the Derby della Capitale on March 9?", "2031-03-09T22:00:00Z"),
                  "Yes")
    assert_paired(_serie_a("Inter", "Juventus", "Juventus", "JUV", "31APR06", "2031-04-06T22:00:00Z"),
                  _derby_question("532", "Will Juventus win the Derby d'Italia on April 6?", "2031-04-06T22:00:00Z"),
                  "Yes")


def test_a_derby_is_not_the_other_clubs_win_nor_another_days_derby() -> None:
    question = _derby_question("533", "Will Lazio win the Derby della Capitale on March 9?", "2031-03-09T22:00:00Z")
    assert_apart(_serie_a("Roma", "Lazio", "Roma", "ROM", "31MAR09", "2031-03-09T22:00:00Z"), question)
    assert_apart(_serie_a("Roma", "Lazio", "Tie", "TIE", "31MAR09", "2031-03-09T22:00:00Z"), question)
    assert_apart(_serie_a("Lazio", "Roma", "Lazio", "LAZ", "31OCT19", "2031-10-19T22:00:00Z"), question)
    # A derby of two other clubs.
    assert_apart(_serie_a("Roma", "Lazio", "Lazio", "LAZ", "31MAR09", "2031-03-09T22:00:00Z"),
                 _derby_question("534", "Will Juventus win the Derby della Mole on March 9?", "2031-03-09T22:00:00Z"))


# --- a game's day from the venues' fields -------------------------------------------------------------------


def _odi(first: str, second: str, side: str, code: str, day: str, close: str) -> Market:
    """Kalshi's winner market of an ODI, dated by its ticker (``day`` as "31MAR14")."""
    short = {"England": "ENG", "New Zealand": "NZ", "Australia": "AUS"}
    return kalshi(f"KXCRICKETODI-{day}{short[first]}{short[second]}-{code}", title=f"{first} vs {second} Winner?",
                  yes_sub_title=side, category="Sports", close_time=close,
                  rules=f"If {side} wins the {first} vs {second} match originally scheduled for {day[2:5].title()} "
                        f"{int(day[5:])}, 2031, then the market resolves to Yes.")


def _test_match(code: str, day: str = "31MAR14") -> Market:
    side = {"ENG": "England", "NZ": "New Zealand"}[code]
    return _odi("England", "New Zealand", side, code, day, "2031-03-28T19:00:00Z")


def _undated_match(market_id: str, end: str, start: str | None = None) -> Market:
    return gamma(market_id, question="England vs. New Zealand - 2nd ODI", outcomes=("England", "New Zealand"), end=end,
                 game_start_time=start,
                 description="This market will resolve to the team that wins the England vs. New Zealand match.")


def test_an_undated_game_ending_with_the_dated_game_is_that_game() -> None:
    assert_paired(_test_match("ENG"), _undated_match("541", "2031-03-15T19:00:00Z"), "England")
    assert_paired(_test_match("NZ"), _undated_match("542", "2031-03-14T23:00:00Z"), "New Zealand")


def test_an_undated_game_ending_days_later_is_not_settled_as_that_game() -> None:
    # The two sides' next game, three days on, ends later; an earlier game ended before.
    assert_apart(_test_match("ENG"), _undated_match("543", "2031-03-18T19:00:00Z"))
    assert_apart(_test_match("ENG", "31MAR17"), _undated_match("544", "2031-03-15T19:00:00Z"))
    # A start time of its own still dates the market.
    assert_apart(_test_match("ENG"), _undated_match("545", "2031-03-15T19:00:00Z", "2031-03-17T10:00:00Z"))


# --- "A vs. B: A to win?" ----------------------------------------------------------------------------------


def _rugby_winner(side: str, code: str, day: str = "31FEB22") -> Market:
    return kalshi(f"KXSIXNGAME-{day}SCOITA-{code}", title="Scotland vs Italy: Winner?", yes_sub_title=side,
                  category="Sports", close_time="2031-03-08T19:00:00Z",
                  rules=f"If {side} wins the Scotland vs Italy rugby match originally scheduled for Feb 22, 2031, "
                        "then the market resolves to Yes.")


def _to_win(market_id: str, side: str, day: str = "2031-02-22") -> Market:
    return _game_question(market_id, f"Scotland vs. Italy: {side} to win?", day, "14:15")


def test_a_side_to_win_under_its_games_heading_is_that_sides_win() -> None:
    assert_paired(_rugby_winner("Scotland", "SCO"), _to_win("551", "Scotland"), "Yes")
    assert_paired(_rugby_winner("Italy", "ITA"), _to_win("552", "Italy"), "Yes")


def test_a_side_to_win_is_not_the_other_sides_win_the_draw_or_another_day() -> None:
    looks_alike = [
        ("Italy", "ITA", _to_win("553", "Scotland")),
        ("Tie", "TIE", _to_win("554", "Scotland")),
        ("Scotland", "SCO", _to_win("555", "Scotland", "2031-03-01")),
        # A side the heading does not name plays no game of it.
        ("Scotland", "SCO", _to_win("556", "Wales")),
    ]
    for side, code, question in looks_alike:
        assert_apart(_rugby_winner(side, code), question)


# --- national sides by their nicknames ----------------------------------------------------------------------


def _odi_winner(side: str, code: str) -> Market:
    return _odi("Australia", "New Zealand", side, code, "31JAN18", "2031-02-01T19:00:00Z")


def test_a_national_side_by_the_nickname_only_it_carries_is_that_side() -> None:
    odi = gamma("561", question="Australia vs. Black Caps - 1st ODI", outcomes=("Australia", "Black Caps"),
                end="2031-01-18T23:00:00Z", description="This market will resolve to the team that wins the 1st ODI.")
    assert_paired(_odi_winner("New Zealand", "NZ"), odi, "Black Caps")
    assert_paired(_odi_winner("Australia", "AUS"), odi, "Australia")
    # The Rugby World Cup by its initials.
    assert verdict(kalshi("KXRUGBYWC-31-NZ", title="Who will win the 2031 Rugby World Cup?", yes_sub_title="New Zealand",
                          category="Sports", close_time="2031-11-01T19:00:00Z",
                          rules="If New Zealand wins the 2031 Rugby World Cup, then the market resolves to Yes."),
                   gamma("562", question="Will the All Blacks win the RWC 2031?", end="2031-11-01T19:00:00Z",
                         description="This market will resolve to Yes if the All Blacks win the 2031 RWC. "
                                     "Otherwise, it will resolve to No.")).agrees


def test_a_side_by_its_nickname_plays_only_its_own_game() -> None:
    # The two sides' next ODI, three days on.
    assert_apart(_odi_winner("New Zealand", "NZ"),
                 gamma("563", question="Australia vs. Black Caps - 2nd ODI", outcomes=("Australia", "Black Caps"),
                       end="2031-01-21T23:00:00Z", description="This market will resolve to the team that wins the 2nd ODI."))
    # Another side's nickname.
    assert_apart(_odi_winner("New Zealand", "NZ"),
                 gamma("564", question="Australia vs. Les Bleus", outcomes=("Australia", "Les Bleus"),
                       end="2031-01-18T23:00:00Z", description="This market will resolve to the team that wins the match."))
