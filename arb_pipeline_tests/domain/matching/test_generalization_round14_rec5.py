"""Forms of the fourteenth round's blind sets in combat sports, baseball, basketball and esports,
on invented markets: a bout asked after its card's heading, the number of a rematch."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named


# --- a bout asked after its card's heading ------------------------------------------------------


def _beats(code: str, fighter: str, opponent: str, card: str = "UFC 344", day: str = "March 20, 2027") -> Market:
    return kalshi(f"KXUFCFIGHT-27MAR20VALBRE-{code}", title=f"{card}: Will {fighter} beat {opponent}?",
                  yes_sub_title=fighter, close_time="2027-03-21T23:59:00Z", category="Sports",
                  rules=f"If {fighter} wins his fight against {opponent} at {card} on {day}, then the market "
                        "resolves to Yes.")


def _bout(market_id: str, title: str, sides: tuple[str, str], day: str = "March 20, 2027",
          end: str = "2027-03-20T23:00:00Z") -> Market:
    return gamma(market_id, question=title, outcomes=sides, end=end,
                 description=f"In the upcoming match scheduled for {day}:\nIf {sides[0]} wins, the market will resolve "
                             f"to \"{sides[0]}\".\nIf {sides[1]} wins, the market will resolve to \"{sides[1]}\".\nIf "
                             "the match is postponed, this market will remain open until it has been completed. If it "
                             "is canceled entirely, this market will resolve 50-50.")


def test_a_will_a_beat_b_question_after_the_cards_heading_is_the_bout() -> None:
    p = _bout("1", "UFC 344: Valko vs. Brenner", ("Valko", "Brenner"))
    assert approved(_beats("VAL", "Dario Valko", "Theo Brenner"), p) == [token_named(p, "Valko")]
    assert approved(_beats("BRE", "Theo Brenner", "Dario Valko"), p) == [token_named(p, "Brenner")]


def test_another_bout_of_the_card_or_a_way_of_winning_is_not_the_bout() -> None:
    other = _bout("2", "UFC 344: Valko vs. Okafor", ("Valko", "Okafor"))
    knockout = gamma("3", question="Will Valko knock out Brenner?", end="2027-03-20T23:00:00Z",
                     description="This market will resolve to \"Yes\" if Dario Valko wins by KO or TKO against Theo "
                                 "Brenner at UFC 344. Otherwise, this market will resolve to \"No\".")
    k = _beats("VAL", "Dario Valko", "Theo Brenner")
    assert not approved(k, other)
    assert not approved(k, knockout)


# --- the number of a rematch ------------------------------------------------------------------------


def test_the_number_of_a_rematch_is_no_part_of_a_sides_name() -> None:
    for title in ("UFC 344: Valko vs. Brenner 3", "Valko vs. Brenner III"):
        p = _bout("4", title, ("Valko", "Brenner"))
        assert approved(_beats("VAL", "Dario Valko", "Theo Brenner"), p) == [token_named(p, "Valko")], title
    k = kalshi("KXBOX-27MAR20VALBRE-BRE", title="Valko vs. Brenner II: Will Theo Brenner win?", yes_sub_title="Theo Brenner",
               close_time="2027-03-21T23:59:00Z", category="Sports",
               rules="If Theo Brenner is declared the winner of his heavyweight bout against Dario Valko on March 20, "
                     "2027, then the market resolves to Yes.")
    p = _bout("5", "Valko vs. Brenner 2", ("Dario Valko", "Theo Brenner"))
    assert approved(k, p) == [token_named(p, "Theo Brenner")]


def test_a_rematch_on_another_day_is_another_bout() -> None:
    first = _bout("6", "UFC 330: Valko vs. Brenner", ("Valko", "Brenner"), day="October 4, 2026",
                  end="2026-10-04T23:00:00Z")
    assert not approved(_beats("VAL", "Dario Valko", "Theo Brenner"), first)


# --- a game whose slug names no league -------------------------------------------------------------


def _cubs(day: str, code: str) -> Market:
    return kalshi(f"KXMLBGAME-27MAY{code}CHCSTL-CHC", title=f"Chicago C vs St. Louis: Will the Cubs win? (May {day})",
                  yes_sub_title="Chicago C", close_time=f"2027-05-{int(day) + 1:02d}T23:59:00Z", category="Sports",
                  rules=f"If the Chicago Cubs beat the St. Louis Cardinals in their game on May {day}, 2027, then the "
                        "market resolves to Yes.")


def _cubs_game(market_id: str, title: str, day: str) -> Market:
    return gamma(market_id, question=title, outcomes=("Cubs", "Cardinals"), slug=f"cubs-vs-cardinals-{market_id}",
                 end=f"2027-05-{int(day) + 1:02d}T00:00:00Z",
                 description=f"In the upcoming match scheduled for May {day}, 2027 at 7:15 PM ET:\nIf Cubs wins, the "
                             "market will resolve to \"Cubs\".\nIf Cardinals wins, the market will resolve to "
                             "\"Cardinals\".\nIf the match is postponed, this market will remain open until it has "
                             "been completed. If it is canceled entirely, this market will resolve 50-50.")


def test_a_games_league_is_the_one_whose_table_knows_both_outcomes() -> None:
    p = _cubs_game("10", "Cubs vs. Cardinals", "4")
    assert approved(_cubs("4", "04"), p) == [token_named(p, "Cubs")]


def test_another_game_of_the_series_is_not_the_game() -> None:
    # The next day's game, and a game the question numbers (a doubleheader's second game, or the
    # series' second) that the Kalshi question does not.
    assert not approved(_cubs("4", "04"), _cubs_game("11", "Cubs vs. Cardinals", "5"))
    assert not approved(_cubs("5", "05"), _cubs_game("12", "Cubs vs. Cardinals (Game 2)", "5"))


# --- a WNBA champion by its city on one venue and its nickname on the other --------------------------


def _wnba_champion(city: str, code: str) -> Market:
    return kalshi(f"KXWNBACHAMP-29-{code}", title=f"Will the {city} win the 2029 WNBA Finals?", yes_sub_title=city.rsplit(" ", 1)[0],
                  close_time="2029-10-20T23:59:00Z", category="Sports",
                  rules=f"If the {city} win the 2029 WNBA championship, then the market resolves to Yes.")


def _champion_question(market_id: str, question: str, team: str) -> Market:
    return gamma(market_id, question=question, end="2029-10-20T00:00:00Z", group=question.rsplit(": ", 1)[1],
                 description=f"This market will resolve to \"Yes\" if the {team} win the 2029 WNBA Finals. Otherwise, "
                             "this market will resolve to \"No\".")


def test_a_wnba_champion_by_city_is_the_champion_by_nickname() -> None:
    p = _champion_question("20", "WNBA Champion 2029: Storm", "Seattle Storm")
    assert approved(_wnba_champion("Seattle Storm", "SEA"), p) == [token_named(p, "Yes")]


def test_another_wnba_team_or_the_nba_champion_is_not_the_champion() -> None:
    k = _wnba_champion("New York Liberty", "NYL")
    assert not approved(k, _champion_question("21", "WNBA Champion 2029: Storm", "Seattle Storm"))
    knicks = gamma("22", question="NBA Champion 2029: Knicks", end="2029-06-30T00:00:00Z", group="Knicks",
                   description="This market will resolve to \"Yes\" if the New York Knicks win the 2029 NBA Finals. "
                               "Otherwise, this market will resolve to \"No\".")
    assert not approved(k, knicks)


# --- a season's count reached, an award and an average by their short names --------------------------


def _question(market_id: str, question: str, description: str, end: str = "2029-10-01T00:00:00Z") -> Market:
    return gamma(market_id, question=question, end=end,
                 description=f"This market will resolve to \"Yes\" if {description}. Otherwise, this market will resolve "
                             "to \"No\".")


def _season(ticker: str, title: str, condition: str, close: str = "2029-10-01T23:59:00Z", side: str = "") -> Market:
    return kalshi(ticker, title=title, close_time=close, category="Sports", yes_sub_title=side,
                  rules=f"If {condition}, then the market resolves to Yes.")


def _home_runs(stage: str = "regular season") -> Market:
    return _season("KXMLBHR-29-QUILL-T40", f"Will Rafe Quill hit 40+ home runs in the 2029 {stage}?",
                   f"Rafe Quill hits at least 40 home runs in the 2029 MLB {stage}")


def test_a_count_that_only_grows_hit_at_any_time_is_its_final_value() -> None:
    p = _question("30", "Quill 40+ homers in 2029?", "Rafe Quill records 40 or more regular-season home runs in 2029")
    assert approved(_home_runs(), p) == [token_named(p, "Yes")]


def test_a_value_that_can_fall_or_another_stage_is_not_the_count() -> None:
    k = _season("KXMLBAVG-29-QUILL-T300", "Will Rafe Quill hit a .300 batting average in 2029?",
                "Rafe Quill's batting average reaches .300 at any time during the 2029 MLB regular season")
    finish = _question("31", "Quill to finish 2029 batting .300 or better?",
                       "Rafe Quill finishes the 2029 MLB regular season with a batting average of .300 or higher")
    assert not approved(k, finish)
    playoffs = _question("32", "Quill 40+ homers in 2029?", "Rafe Quill records 40 or more regular-season home runs in 2029")
    assert not approved(_home_runs("postseason"), playoffs)


def _defensive_award() -> Market:
    return _season("KXWNBADPOY-29-OYELARAN", "Will Tamsin Oyelaran win 2029 WNBA Defensive Player of the Year?",
                   "Tamsin Oyelaran is named 2029 WNBA Defensive Player of the Year")


def test_an_award_by_its_short_name_is_the_award() -> None:
    p = _question("33", "WNBA DPOY 2029: Tamsin Oyelaran?",
                  "Tamsin Oyelaran wins the 2029 WNBA Defensive Player of the Year award")
    assert approved(_defensive_award(), p) == [token_named(p, "Yes")]


def test_another_award_by_its_short_name_is_not_the_award() -> None:
    for question, award in (("WNBA MVP 2029: Tamsin Oyelaran?", "Most Valuable Player"),
                            ("WNBA ROY 2029: Tamsin Oyelaran?", "Rookie of the Year")):
        p = _question("34", question, f"Tamsin Oyelaran wins the 2029 WNBA {award} award")
        assert not approved(_defensive_award(), p), question


def _scoring_average() -> Market:
    return _season("KXNBAPTS-29-OKORO-T27", "Will Nadal Okoro average 27+ points per game in 2028-29?",
                   "Nadal Okoro's 2028-29 regular-season scoring average is at least 27.0 points per game",
                   close="2029-04-20T23:59:00Z")


def test_ppg_is_points_per_game() -> None:
    p = _question("35", "Okoro 27+ PPG this season?", "Nadal Okoro averages 27.0 or more points per game in the 2028-29 NBA "
                                                      "regular season per NBA.com", end="2029-04-20T00:00:00Z")
    assert approved(_scoring_average(), p) == [token_named(p, "Yes")]


def test_an_average_is_not_a_total_or_one_games_points() -> None:
    total = _question("36", "Okoro 2,000+ points this season?", "Nadal Okoro scores 2,000 or more total points in the "
                                                                "2028-29 NBA regular season", end="2029-04-20T00:00:00Z")
    one_game = _question("37", "Okoro 27+ points in the season opener?", "Nadal Okoro scores 27 or more points in his "
                                                                         "team's 2028-29 season opener",
                         end="2029-04-20T00:00:00Z")
    assert not approved(_scoring_average(), total)
    assert not approved(_scoring_average(), one_game)


# --- a best-of match is the match ---------------------------------------------------------------------


def _grand_final(code: str = "GAME", title: str = "Will Nova Helix beat Ember Pact in the Rift Masters 2029 grand final?",
                 condition: str = "Nova Helix wins the Rift Masters 2029 grand final against Ember Pact") -> Market:
    return _season(f"KXCS2{code}-29MAR14NOVEMB-NOV", title, condition, close="2029-03-15T23:59:00Z", side="Nova Helix")


def _best_of(market_id: str, question: str, rules: str = "This is the best-of-five grand final of Rift Masters 2029. ") -> Market:
    return gamma(market_id, question=question, outcomes=("Nova Helix", "Ember Pact"), end="2029-03-14T00:00:00Z",
                 description="In the upcoming match scheduled for March 14, 2029:\nIf Nova Helix wins, the market will "
                             "resolve to \"Nova Helix\".\nIf Ember Pact wins, the market will resolve to \"Ember Pact\".\n"
                             f"{rules}If the match is postponed, this market will remain open until it has been "
                             "completed. If it is canceled entirely, this market will resolve 50-50.")


def test_a_best_of_match_is_the_match_the_other_names() -> None:
    p = _best_of("40", "Counter-Strike: Nova Helix vs Ember Pact (BO5) - Rift Masters Grand Final")
    assert approved(_grand_final(), p) == [token_named(p, "Nova Helix")]
    k = _grand_final(title="Nova Helix vs. Ember Pact: Will Nova Helix win? (Rift Masters, Mar 14)",
                     condition="Nova Helix defeat Ember Pact in their Rift Masters 2029 match on March 14, 2029")
    assert approved(k, p) == [token_named(p, "Nova Helix")]


def test_a_map_or_a_game_of_a_series_is_not_the_best_of_match() -> None:
    best_of = _best_of("41", "Counter-Strike: Nova Helix vs Ember Pact (BO5) - Rift Masters Grand Final")
    first_map = _grand_final("MAP", "Will Nova Helix win Map 1 of the Rift Masters 2029 grand final vs Ember Pact?",
                             "Nova Helix wins the first map of the Rift Masters 2029 grand final against Ember Pact")
    assert not approved(first_map, best_of)
    # A game on the day, against a market on a series of games, still waits for a person.
    game = _grand_final(title="Will Nova Helix beat Ember Pact on March 14?",
                        condition="Nova Helix beat Ember Pact in their game on March 14, 2029")
    series = _best_of("42", "Nova Helix vs Ember Pact (Best of 7)",
                      rules="This market refers to the best-of-seven series between the two teams. ")
    assert not approved(game, series)
    assert not approved(_grand_final(), series)


# --- games won are wins -------------------------------------------------------------------------------


def _wins(where: str = "") -> Market:
    return _season("KXNBAWINS-29-HCG-T50", f"Will the Harbor City Gulls win 50+ {where}games in the 2028-29 regular season?",
                   f"the Harbor City Gulls win at least 50 regular season {where}games in 2028-29",
                   close="2029-04-20T23:59:00Z")


def _over_under(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, outcomes=("Over", "Under"), end="2029-04-20T00:00:00Z",
                 description=f"This market will resolve to \"Over\" if {description}. Otherwise, it will resolve to "
                             "\"Under\".")


def _season_wins(market_id: str) -> Market:
    return _over_under(market_id, "Harbor City Gulls over 49.5 regular season wins?",
                       "the Harbor City Gulls finish the 2028-29 regular season with 50 or more wins")


def test_games_won_are_wins() -> None:
    p = _season_wins("50")
    assert approved(_wins(), p) == [token_named(p, "Over")]


def test_home_games_won_or_playoff_wins_are_not_the_seasons_wins() -> None:
    season = _season_wins("51")
    playoffs = _over_under("52", "Harbor City Gulls over 49.5 playoff wins?",
                           "the Harbor City Gulls win 50 or more playoff games in 2029")
    assert not approved(_wins("home "), season)
    assert not approved(_wins(), playoffs)


# --- one map of a match -------------------------------------------------------------------------------


def _map_kalshi(number: int) -> Market:
    return _season(f"KXCS2MAP-29MAR14NOVEMB-M{number}NOV",
                   f"Will Nova Helix win Map {number} of the Rift Masters 2029 grand final vs Ember Pact?",
                   f"Nova Helix wins map {number} of the Rift Masters 2029 grand final against Ember Pact",
                   close="2029-03-15T23:59:00Z", side=f"Nova Helix Map {number}")


def _map_winner(market_id: str, number: int) -> Market:
    return _best_of(market_id, f"Nova Helix vs Ember Pact - Map {number} Winner (Rift Masters Final)",
                    rules=f"This market refers only to map {number} played in the match. ")


def test_a_map_asked_between_the_sides_is_that_map() -> None:
    p = _map_winner("60", 1)
    assert approved(_map_kalshi(1), p) == [token_named(p, "Nova Helix")]


def test_another_map_or_the_match_is_not_the_map() -> None:
    assert not approved(_map_kalshi(1), _map_winner("61", 2))
    assert not approved(_map_kalshi(1), _best_of("62", "Counter-Strike: Nova Helix vs Ember Pact (BO5) - Rift Masters Grand Final"))


# --- a tournament by its short name, its trophy lifted -----------------------------------------------------


def _invitational() -> Market:
    return _season("KXLOLMSI-29-NOV", "Will Nova Helix win the 2029 Mid-Season Invitational?",
                   "Nova Helix wins the 2029 League of Legends Mid-Season Invitational", close="2029-07-15T23:59:00Z")


def test_lifting_the_msi_trophy_is_winning_the_mid_season_invitational() -> None:
    p = _question("70", "LoL MSI 2029: Will Nova Helix lift the trophy?",
                  "Nova Helix wins the 2029 Mid-Season Invitational grand final", end="2029-07-15T00:00:00Z")
    assert approved(_invitational(), p) == [token_named(p, "Yes")]


def test_another_tournament_or_reaching_its_final_is_not_winning_the_msi() -> None:
    worlds = _question("71", "Will Nova Helix win Worlds 2029?",
                       "Nova Helix is the champion of the League of Legends 2029 World Championship", end="2029-07-15T00:00:00Z")
    final = _question("72", "LoL MSI 2029: Will Nova Helix reach the final?",
                      "Nova Helix plays in the 2029 Mid-Season Invitational grand final", end="2029-07-15T00:00:00Z")
    assert not approved(_invitational(), worlds)
    assert not approved(_invitational(), final)


# --- who knocks out whom ---------------------------------------------------------------------------------


def _by_knockout() -> Market:
    return _season("KXUFCKO-27MAR20VALBRE-VALKO", "UFC 344: Will Valko win by KO/TKO?",
                   "Dario Valko defeats Theo Brenner by knockout or technical knockout at UFC 344",
                   close="2027-03-21T23:59:00Z", side="Valko by KO/TKO")


def test_the_opponent_knocking_him_out_or_a_submission_is_not_his_ko() -> None:
    # Reading "knock out" as "knockout" word by word approved the opponent's knockout: the words
    # say who wins only in their order.
    for question, description in (
            ("Will Brenner knock out Valko?", "Theo Brenner wins by KO or TKO against Dario Valko at UFC 344"),
            ("Will Valko win by submission?", "Dario Valko wins by submission against Theo Brenner at UFC 344")):
        p = _question("81", question, description, end="2027-03-20T23:00:00Z")
        assert not approved(_by_knockout(), p), question
