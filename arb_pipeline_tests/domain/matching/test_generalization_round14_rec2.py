"""Forms of the fourteenth round's blind sets (soccer, cricket, rugby, World Cup and Olympics,
college football), on invented markets: a game's day in brackets after its sides, a double chance
asked after a dash."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _question(market_id: str, question: str, description: str, end: str, outcomes: tuple[str, str] = ("Yes", "No"),
              event_title: str | None = None) -> Market:
    return gamma(market_id, question=question, description=description, end=end, outcomes=outcomes,
                 event_title=event_title)


_REGULATION = "\n\nExtra time and penalty shoot-outs are not counted; only the result after regulation time is used."


# --- a game's day in brackets after its sides ------------------------------------------------------


def _valmora_win() -> Market:
    return kalshi("KXSERIEAGAME-29FEB06VALCAS-VAL", title="Valmora vs Castelrio", yes_sub_title="Valmora",
                  close_time="2029-02-06T22:00:00Z", category="Sports",
                  rules="If Valmora wins the Valmora vs Castelrio match originally scheduled for Feb 6, 2029, then "
                        "the market resolves to Yes." + _REGULATION)


def _valmora_question(market_id: str, day: str, long_day: str) -> Market:
    return _question(market_id, f"Will Valmora beat Castelrio on {long_day}?", event_title=f"Valmora vs. Castelrio ({day})",
                     end="2029-04-09T22:00:00Z",
                     description=f"This market will resolve to \"Yes\" if Valmora wins its Serie A match against Castelrio "
                                 f"scheduled for {long_day}, 2029. A draw or a Castelrio win resolves \"No\". Only regulation "
                                 f"time plus stoppage time counts.")


def test_a_day_in_brackets_after_the_second_side_is_no_part_of_its_name() -> None:
    p = _valmora_question("1", "Feb 6", "February 6")
    assert approved(_valmora_win(), p) == [token_named(p, "Yes")]


def test_the_other_leg_in_brackets_rejects() -> None:
    p = _valmora_question("2", "Apr 9", "April 9")
    assert not approved(_valmora_win(), p)
    assert verdict(_valmora_win(), p).rejected


# --- a double chance asked after a dash ------------------------------------------------------------


def _norland_win() -> Market:
    return kalshi("KXWCQGAME-29MAR26NOREST-NOR", title="Norland vs Estovia (Mar 26): Will Norland win?",
                  yes_sub_title="Norland", close_time="2029-03-26T23:00:00Z", category="Sports",
                  rules="If Norland beats Estovia in regulation plus stoppage time on March 26, 2029, then the market "
                        "resolves to Yes.")


def _after_dash(market_id: str, ask: str, settles: str) -> Market:
    return _question(market_id, f"Norland vs. Estovia - {ask}", end="2029-03-26T23:00:00Z",
                     description=f"This market will resolve to \"Yes\" if {settles} after 90 minutes plus stoppage time on "
                                 f"March 26, 2029. Otherwise, this market will resolve to \"No\".")


def test_the_other_side_winning_or_a_draw_after_a_dash_is_the_no_of_a_win() -> None:
    p = _after_dash("3", "Will Estovia win or draw?", "Estovia wins or the match ends in a draw")
    assert approved(_norland_win(), p) == [token_named(p, "No")]


def test_the_side_itself_winning_or_a_draw_after_a_dash_is_no_win() -> None:
    p = _after_dash("4", "Will Norland win or draw?", "Norland wins or the match ends in a draw")
    assert not approved(_norland_win(), p)


def test_a_draw_after_a_dash_is_no_win() -> None:
    p = _after_dash("5", "Draw?", "the match ends in a draw")
    assert not approved(_norland_win(), p)
    assert verdict(_norland_win(), p).rejected


# --- cricket: a side's win asked after the match's heading, a draw without "will", sides by initials


def _test_match(code: str, side: str, ask: str, rules: str) -> Market:
    return kalshi(f"KXCRICKET-29JAN05NORKES-{code}", title=f"Norland vs Kestria, 3rd Test (Harbourview): {ask}",
                  yes_sub_title=side, close_time="2029-01-09T08:00:00Z", category="Sports",
                  rules=f"If {rules} the 3rd Test between Norland and Kestria starting January 5, 2029, then the market "
                        f"resolves to Yes.")


def _norland_wins() -> Market:
    return _test_match("NOR", "Norland", "Will Norland win?", "Norland wins")


def _drawn() -> Market:
    return _test_match("DRAW", "Draw", "Will the match be drawn?", "a draw ends")


def _test_question(market_id: str, question: str, settles: str, day: str = "January 5, 2029") -> Market:
    return _question(market_id, question, end="2029-01-09T08:00:00Z",
                     description=f"This market will resolve to \"Yes\" if {settles} in the Test match between Norland and "
                                 f"Kestria beginning {day}. Otherwise, this market will resolve to \"No\".")


def test_a_side_winning_asked_after_the_matchs_heading_is_its_win() -> None:
    p = _test_question("10", "NOR vs KES 3rd Test: Norland win?", "Norland wins")
    assert approved(_norland_wins(), p) == [token_named(p, "Yes")]
    other = _test_question("11", "NOR vs KES 3rd Test: Kestria win?", "Kestria wins")
    assert not approved(_norland_wins(), other)
    assert verdict(_norland_wins(), other).rejected
    assert not approved(_drawn(), p)


def test_a_draw_asked_without_will_after_the_match_is_its_draw() -> None:
    p = _test_question("12", "Norland vs Kestria 3rd Test ends in a draw?", "the match is drawn")
    assert approved(_drawn(), p) == [token_named(p, "Yes")]
    assert not approved(_norland_wins(), p)


def test_the_draw_of_another_test_rejects() -> None:
    p = _test_question("13", "Norland vs Kestria 4th Test ends in a draw?", "the match is drawn", day="January 14, 2029")
    assert not approved(_drawn(), p)
    assert verdict(_drawn(), p).rejected


def _one_day(code: str, side: str) -> Market:
    return kalshi(f"KXCRICKET-29FEB10ENGNZ-{code}", title=f"England vs New Zealand, 2nd ODI: Will {side} win?",
                  yes_sub_title=side, close_time="2029-02-10T20:00:00Z", category="Sports",
                  rules=f"If {side} wins the 2nd ODI vs the other side on February 10, 2029, then the market resolves to Yes.")


def test_two_word_sides_by_their_initials_are_those_sides() -> None:
    p = gamma("14", question="ENG vs NZ 2nd ODI", outcomes=("England", "New Zealand"), end="2029-02-10T20:00:00Z",
              description="In the upcoming match scheduled for February 10, 2029:\nIf England wins, the market will "
                          "resolve to \"England\".\nIf New Zealand wins, the market will resolve to \"New Zealand\".")
    assert approved(_one_day("NZ", "New Zealand"), p) == [token_named(p, "New Zealand")]
    assert approved(_one_day("ENG", "England"), p) == [token_named(p, "England")]
    women = gamma("15", question="ENG vs NZ 2nd ODI (W)", outcomes=("England (W)", "New Zealand (W)"),
                  end="2029-02-10T20:00:00Z",
                  description="In the upcoming women's match scheduled for February 10, 2029:\nIf England wins, the "
                              "market will resolve to \"England (W)\".\nIf New Zealand wins, the market will resolve to "
                              "\"New Zealand (W)\".")
    assert not approved(_one_day("NZ", "New Zealand"), women)


# --- rugby: the question after a competition's heading, the day in the rules beside an edition's year


def _semi(code: str, side: str, other: str) -> Market:
    return kalshi(f"KXRWCMATCH-31OCT25NORKES-{code}", title=f"Rugby World Cup semi-final: Will {side} beat {other}?",
                  yes_sub_title=side, close_time="2031-10-25T21:00:00Z", category="Sports",
                  rules=f"If {side} wins its Rugby World Cup 2031 semi-final against {other} on October 25, 2031 "
                        f"(including extra time), then the market resolves to Yes.")


def _semi_moneyline(market_id: str, day: str) -> Market:
    return _question(market_id, "RWC 2031 Semi-final: Norland vs Kestria", outcomes=("Norland", "Kestria"),
                     end="2031-11-01T21:00:00Z",
                     description=f"In the upcoming match scheduled for {day}, 2031:\nIf Norland wins, the market will resolve "
                                 f"to \"Norland\".\nIf Kestria wins, the market will resolve to \"Kestria\".")


def test_a_question_after_a_competitions_heading_is_the_game() -> None:
    p = _semi_moneyline("16", "October 25")
    assert approved(_semi("NOR", "Norland", "Kestria"), p) == [token_named(p, "Norland")]
    assert approved(_semi("KES", "Kestria", "Norland"), p) == [token_named(p, "Kestria")]


def test_the_same_sides_on_another_day_reject() -> None:
    p = _semi_moneyline("17", "November 1")
    assert not approved(_semi("NOR", "Norland", "Kestria"), p)
    assert verdict(_semi("NOR", "Norland", "Kestria"), p).rejected


# --- soccer: a side named alone after its game, a side avoiding defeat, a club by its initials ----


def _league_game(code: str, side: str) -> Market:
    return kalshi(f"KXLALIGAGAME-29JAN20VALCAS-{code}", title="Valmora vs Castelrio", yes_sub_title=side,
                  close_time="2029-01-20T22:00:00Z", category="Sports",
                  rules=f"If {side} wins the Valmora vs Castelrio match originally scheduled for Jan 20, 2029, then the "
                        f"market resolves to Yes." + _REGULATION)


def _on_the_20th(market_id: str, question: str, settles: str) -> Market:
    return _question(market_id, question, end="2029-01-20T22:00:00Z",
                     description=f"In the upcoming LaLiga game, scheduled for January 20, 2029 at 3:00 PM ET: {settles} "
                                 f"90 minutes + stoppage time only.")


def test_a_side_named_alone_after_its_game_is_its_win() -> None:
    p = _on_the_20th("20", "Valmora CF vs. Castelrio FC: Valmora",
                     "If Valmora CF wins, the market resolves to \"Yes\". Otherwise \"No\" (draw included).")
    assert approved(_league_game("VAL", "Valmora"), p) == [token_named(p, "Yes")]
    assert not approved(_league_game("CAS", "Castelrio"), p)
    assert verdict(_league_game("CAS", "Castelrio"), p).rejected


def test_a_side_avoiding_defeat_is_the_no_of_the_others_win() -> None:
    p = _on_the_20th("21", "Will Castelrio avoid defeat against Valmora on Jan 20, 2029?",
                     "Resolves \"Yes\" if Castelrio draws or wins; \"No\" if Valmora wins.")
    assert approved(_league_game("VAL", "Valmora"), p) == [token_named(p, "No")]
    # Castelrio avoiding defeat is not Castelrio winning, nor the draw.
    assert not approved(_league_game("CAS", "Castelrio"), p)
    assert not approved(_league_game("TIE", "Tie"), p)


def test_a_french_club_by_its_initials_is_that_club() -> None:
    k = kalshi("KXLIGUE1GAME-29MAR04NORLYO-LYO", title="Nordhaven vs Lyon", yes_sub_title="Lyon",
               close_time="2029-03-04T22:00:00Z", category="Sports",
               rules="If Lyon wins the Nordhaven vs Lyon match originally scheduled for Mar 4, 2029, then the market "
                     "resolves to Yes." + _REGULATION)
    p = _question("22", "Nordhaven vs. Olympique Lyonnais: Will OL win?", end="2029-03-04T22:00:00Z",
                  description="Ligue 1 match on March 4, 2029. \"Yes\" if Olympique Lyonnais wins in regulation time, "
                              "otherwise \"No\".")
    assert approved(k, p) == [token_named(p, "Yes")]


# --- a competition's edition named by its year against a deadline at the year's end -------------


def _worlds(title: str, rules: str) -> Market:
    return kalshi("KXRIFTWORLDS-29-VALK", title=title, yes_sub_title="Valkyr Esports", close_time="2029-12-31T23:59:00Z",
                  category="Sports", rules=rules)


def _by_year_end(market_id: str, question: str, settles: str) -> Market:
    return _question(market_id, question, end="2029-12-31T23:59:00Z",
                     description=f"This market will resolve to \"Yes\" if {settles}. Otherwise, this market will resolve "
                                 f"to \"No\". If the tournament is not completed by December 31, 2029, this market will "
                                 f"resolve to \"No\".")


def test_an_edition_of_a_competition_is_won_within_its_year() -> None:
    k = _worlds("Will Valkyr Esports win the 2029 Riftclash World Championship?",
                "If Valkyr Esports wins the 2029 Riftclash World Championship (Worlds 2029), then the market resolves "
                "to Yes.")
    p = _by_year_end("30", "Will Valkyr Esports win Riftclash Worlds 2029?",
                     "Valkyr Esports is the champion of the Riftclash 2029 World Championship")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_an_event_in_a_year_against_a_deadline_still_rejects() -> None:
    k = kalshi("KXORIONMERGE-29", title="Will Orion Labs announce a merger in 2029?", close_time="2029-12-31T23:59:00Z",
               category="Companies", rules="If Orion Labs announces a merger in 2029, then the market resolves to Yes.")
    p = _question("31", "Orion Labs announces a merger by December 31, 2029?", end="2029-12-31T23:59:00Z",
                  description="This market will resolve to \"Yes\" if Orion Labs announces a merger by December 31, 2029. "
                              "Otherwise, this market will resolve to \"No\".")
    assert not approved(k, p)
    assert verdict(k, p).rejected


# --- the Games by their host city's initials and year --------------------------------------------


def _okoro_200m() -> Market:
    return kalshi("KXOLY28200M-OKORO", title="Will Jalen Okoro win the men's 200m at the LA 2028 Olympics?",
                  yes_sub_title="Jalen Okoro", close_time="2028-08-10T23:59:00Z", category="Sports",
                  rules="If Jalen Okoro wins gold in the men's 200 metres at the 2028 Olympics, then the market resolves "
                        "to Yes.")


def _gold_question(market_id: str, question: str, games: str) -> Market:
    return _question(market_id, question, end="2028-08-10T23:59:00Z",
                     description=f"This market will resolve to \"Yes\" if Jalen Okoro wins the men's 200m final at the "
                                 f"{games} Olympic Games. Otherwise, this market will resolve to \"No\".")


def test_la28_is_the_los_angeles_games_of_2028() -> None:
    p = _gold_question("40", "LA28 men's 200m gold: Jalen Okoro?", "Los Angeles 2028")
    assert approved(_okoro_200m(), p) == [token_named(p, "Yes")]


def test_other_games_than_la28_reject() -> None:
    p = _gold_question("41", "Brisbane 2032 men's 200m gold: Jalen Okoro?", "Brisbane 2032")
    assert not approved(_okoro_200m(), p)
    assert verdict(_okoro_200m(), p).rejected


# --- a spread only the question writes, and a Kalshi spread named by its title ---------------------


def _carver_spread() -> Market:
    return kalshi("KXNCAAFSPREAD-29SEP01CARDUN-CAR7", title="Carver St. at Dunmore: Spread",
                  yes_sub_title="Carver St. wins by over 7.5 points", strike_type="greater", floor=7.5,
                  close_time="2029-09-02T04:00:00Z", category="Sports",
                  rules="If Carver St. wins the Sep 1, 2029 game against Dunmore by more than 7.5 points, then the "
                        "market resolves to Yes.")


def _carver_question(market_id: str, question: str, settles: str) -> Market:
    return _question(market_id, question, outcomes=("Carver State", "Dunmore"), end="2029-09-02T04:00:00Z",
                     description=f"Carver State vs. Dunmore, Sept 1, 2029. {settles}")


def test_a_spread_only_its_question_writes_is_that_line() -> None:
    p = _carver_question("50", "Spread: Carver State (-7.5)",
                         "Resolves \"Carver State\" if Carver State wins by more than 7.5 points, otherwise \"Dunmore\".")
    assert approved(_carver_spread(), p) == [token_named(p, "Carver State")]


def test_another_line_or_the_moneyline_is_no_spread() -> None:
    other = _carver_question("51", "Spread: Carver State (-6.5)",
                             "Resolves \"Carver State\" if Carver State wins by more than 6.5 points, otherwise "
                             "\"Dunmore\".")
    assert not approved(_carver_spread(), other)
    assert verdict(_carver_spread(), other).rejected
    moneyline = _carver_question("52", "Carver State vs. Dunmore",
                                 "Resolves \"Carver State\" if Carver State wins, otherwise \"Dunmore\".")
    assert not approved(_carver_spread(), moneyline)


# --- a school the question names briefly and its rules by its nickname -----------------------------


def _miami_oh_game() -> Market:
    return kalshi("KXNCAAFGAME-29NOV24MIAMKEN-MIA", title="Miami (OH) at Kent Falls", yes_sub_title="Miami (OH)",
                  close_time="2029-11-25T04:00:00Z", category="Sports",
                  rules="If Miami (OH) wins the Miami (OH) at Kent Falls college football game scheduled for Nov 24, "
                        "2029, then the market resolves to Yes.")


def _miami_question(market_id: str, nickname: str) -> Market:
    return _question(market_id, "Will Miami beat Kent Falls on November 24?", end="2029-11-25T04:00:00Z",
                     description=f"Resolves \"Yes\" if the Miami {nickname} beat the Kent Falls Owls in their game "
                                 f"scheduled for November 24, 2029.")


def test_a_school_the_rules_name_by_its_nickname_is_that_school() -> None:
    p = _miami_question("60", "RedHawks (Miami University, Ohio)")
    assert approved(_miami_oh_game(), p) == [token_named(p, "Yes")]


def test_the_other_miami_by_its_nickname_or_unnamed_rejects() -> None:
    # "Miami" alone, or the Hurricanes, is Miami (FL).
    for market_id, nickname in (("61", "Hurricanes"), ("62", "team")):
        p = _miami_question(market_id, nickname)
        assert not approved(_miami_oh_game(), p)
        assert verdict(_miami_oh_game(), p).rejected


# --- rugby: completing a Grand Slam is winning it ----------------------------------------------------


def _grand_slam() -> Market:
    return kalshi("KXSIXNATIONSGS-29-NOR", title="Will Norland win the 2029 Six Nations Grand Slam?", yes_sub_title="Norland",
                  close_time="2029-03-31T23:59:00Z", category="Sports",
                  rules="If Norland wins all five of its matches in the 2029 Six Nations Championship, then the market "
                        "resolves to Yes.")


def test_completing_a_grand_slam_is_winning_it() -> None:
    p = _question("70", "Will Norland complete a Grand Slam in the 2029 Six Nations?", end="2029-03-31T23:59:00Z",
                  description="This market will resolve to \"Yes\" if Norland wins every one of its 2029 Six Nations "
                              "matches (a Grand Slam). Otherwise, this market will resolve to \"No\".")
    assert approved(_grand_slam(), p) == [token_named(p, "Yes")]


def test_the_championship_title_is_no_grand_slam() -> None:
    p = _question("71", "Will Norland win the 2029 Six Nations?", end="2029-03-31T23:59:00Z",
                  description="This market will resolve to \"Yes\" if Norland wins the 2029 Six Nations Championship. "
                              "Otherwise, this market will resolve to \"No\".")
    assert not approved(_grand_slam(), p)
