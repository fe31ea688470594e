"""Forms of the sixteenth round's sports markets, on invented markets: a dotted team name in a game
whose title brackets the competition after it."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _question(market_id: str, question: str, condition: str, end: str = "2028-07-12T23:59:00Z", **fields: str) -> Market:
    return gamma(market_id, question=question, end=end, **fields,
                 description=f'This market will resolve to "Yes" if {condition}. Otherwise, this market will resolve to "No".')


def _sports(ticker: str, title: str, side: str, close: str, rules: str) -> Market:
    return kalshi(ticker, title=title, yes_sub_title=side, close_time=close, category="Sports", rules=rules)


# --- a dotted team name in a game ---------------------------------------------------------------------


def _series(code: str, side: str) -> Market:
    return _sports(f"KXLOLGAME-28MAR14KAPNOVA-{code}", "Kappa vs Nova.X (Spring Cup 2028 Final)", side, "2028-03-14T23:59:00Z",
                   f"If {side} wins the best-of-five Spring Cup 2028 final series against its opponent on Mar 14, "
                   "2028, then the market resolves to Yes.")


def _series_winner(market_id: str, title: str, second: str) -> Market:
    return gamma(market_id, question=title, outcomes=("Kappa", second), end="2028-03-14T20:00:00Z",
                 description=f"This market will resolve to the winner of the Spring Cup 2028 grand final series (best of "
                             f"five) between Kappa and {second} scheduled for March 14, 2028.")


def test_a_dotted_team_name_keeps_its_last_letter_in_a_game() -> None:
    p = _series_winner("11", "LoL: Kappa vs Nova.X (BO5) - Spring Cup Final", "Nova.X")
    for code, side in (("KAP", "Kappa"), ("NOVA", "Nova.X")):
        k = _series(code, side)
        assert approved(k, p) == [token_named(p, side)], verdict(k, p).reasons


def test_a_dotted_name_with_another_letter_is_another_team() -> None:
    p = _series_winner("12", "LoL: Kappa vs Nova.Y (BO5) - Spring Cup Final", "Nova.Y")
    for code, side in (("KAP", "Kappa"), ("NOVA", "Nova.X")):
        k = _series(code, side)
        assert not approved(k, p), verdict(k, p).reasons


def test_one_game_of_the_dotted_team_series_is_not_the_series() -> None:
    p = _series_winner("13", "LoL: Kappa vs Nova.X - Game 1 Winner", "Nova.X")
    k = _series("NOVA", "Nova.X")
    assert not approved(k, p), verdict(k, p).reasons


# --- "Team USA" as an option, "the United States" in a question ------------------------------------


def _team_cup(side: str) -> Market:
    return _sports(f"KXHARBORCUP-28-{side[-3:].upper()}", "2028 Harbor Cup", side, "2028-09-24T23:59:00Z",
                   "If the side named wins the 2028 Harbor Cup outright, then the market resolves to Yes.")


def test_team_of_a_country_is_the_country_the_question_names() -> None:
    p = _question("21", "Will the United States win the 2028 Harbor Cup?", "the United States wins the 2028 Harbor Cup outright",
                  end="2028-09-24T22:00:00Z")
    k = _team_cup("Team USA")
    assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_team_of_a_country_is_not_another_country() -> None:
    k = _team_cup("Team USA")
    for market_id, country in (("22", "Great Britain"), ("23", "Europe")):
        p = _question(market_id, f"Will {country} win the 2028 Harbor Cup?", f"{country} wins the 2028 Harbor Cup outright",
                      end="2028-09-24T22:00:00Z")
        assert not approved(k, p), verdict(k, p).reasons


# --- a club by its place alone against its place and plural nickname -------------------------------


def _premiership(club: str) -> Market:
    return _sports(f"KXVFL-28-{club[:3].upper()}", "VFL 2028 Premiership", club, "2028-09-24T23:59:00Z",
                   f"If {club} wins the 2028 VFL Grand Final, then the market resolves to Yes.")


def _premier(market_id: str, club: str, competition: str = "VFL") -> Market:
    return _question(market_id, f"Will {club} win the 2028 {competition} Premiership?",
                     f"{club} wins the 2028 {competition} Grand Final and is crowned premier", end="2028-09-24T22:00:00Z",
                     group=club)


def test_a_club_by_its_place_is_the_club_with_its_plural_nickname() -> None:
    for kalshi_club, poly_club, market_id in (("Ballarat Bears", "Ballarat", "31"), ("Mildura", "Mildura Magpies", "32")):
        k, p = _premiership(kalshi_club), _premier(market_id, poly_club)
        assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_a_place_with_another_word_or_nickname_is_another_club() -> None:
    k = _premiership("Ballarat Bears")
    for market_id, club in (("33", "Ballarat Rovers"), ("34", "Ballarat City"), ("35", "Ballarat Reserves")):
        p = _premier(market_id, club)
        assert not approved(k, p), verdict(k, p).reasons
    p = _premier("36", "Ballarat United")
    assert not approved(_premiership("Ballarat"), p), verdict(_premiership("Ballarat"), p).reasons


def test_a_club_by_its_place_in_another_competition_stays_apart() -> None:
    k = _premiership("Ballarat")
    p = _premier("37", "Ballarat Bears", competition="NRL")
    assert not approved(k, p), verdict(k, p).reasons


def test_a_given_name_is_not_the_person_with_a_surname_ending_in_s() -> None:
    k = _premiership("Jordan")
    for market_id, person in (("38", "Jordan Davis"), ("39", "Jordan Ross")):
        p = _premier(market_id, person)
        assert not approved(k, p), verdict(k, p).reasons


# --- "plays" an event against "skips" it -------------------------------------------------------------


def _plays(event: str = "Harbor Open") -> Market:
    return _sports("KXHOPLAY-28-LVAR", f"Will Lena Varga play at the 2028 {event}?", "Varga plays", "2028-02-01T23:59:00Z",
                   f"If Lena Varga plays at least one main-draw singles match at the 2028 {event}, then the market "
                   "resolves to Yes.")


def _skips(market_id: str, event: str) -> Market:
    return _question(market_id, f"Will Lena Varga skip the 2028 {event}?",
                     f"Lena Varga does not play any main-draw singles match at the 2028 {event}", end="2028-01-31T20:00:00Z")


def test_skipping_an_event_is_the_no_of_playing_it() -> None:
    p = _skips("41", "Harbor Open")
    assert approved(_plays(), p) == [token_named(p, "No")], verdict(_plays(), p).reasons


def test_skipping_another_event_or_winning_this_one_is_not_playing_it() -> None:
    p = _skips("42", "Lakeside Open")
    assert not approved(_plays(), p), verdict(_plays(), p).reasons
    p = _question("43", "Will Lena Varga win the 2028 Harbor Open?", "Lena Varga wins the 2028 Harbor Open singles title",
                  end="2028-01-31T20:00:00Z")
    assert not approved(_plays(), p), verdict(_plays(), p).reasons


# --- "on the podium" of a race with its YES side "Top 3", against "top 3" -----------------------------


def _podium() -> Market:
    return _sports("KXTOURPODIUM-28-AMOR", "Aldo Moretti on the 2028 Tour of the Lakes podium", "Top 3", "2028-06-20T23:59:00Z",
                   "If Aldo Moretti finishes in the top 3 of the final general classification of the 2028 Tour of "
                   "the Lakes, then the market resolves to Yes.")


def test_a_podium_with_its_top_3_side_is_a_top_3_finish() -> None:
    p = _question("51", "Aldo Moretti top 3 at the 2028 Tour of the Lakes?",
                  "Aldo Moretti's final GC position at the 2028 Tour of the Lakes is 3rd or better", end="2028-06-20T20:00:00Z")
    assert approved(_podium(), p) == [token_named(p, "Yes")], verdict(_podium(), p).reasons


def test_a_podium_is_not_a_win_a_stage_or_a_top_5() -> None:
    for market_id, question in (("52", "Will Aldo Moretti win the 2028 Tour of the Lakes?"),
                                ("53", "Will Aldo Moretti win a stage at the 2028 Tour of the Lakes?"),
                                ("54", "Aldo Moretti top 5 at the 2028 Tour of the Lakes?")):
        p = _question(market_id, question, "the rider does so at the 2028 Tour of the Lakes", end="2028-06-20T20:00:00Z")
        assert not approved(_podium(), p), verdict(_podium(), p).reasons


# --- a top place "incl. ties" against a "top 10 finish" whose rules count ties -----------------------


def _top_ten() -> Market:
    return _sports("KXHARBORTOP10-28-MHOL", "Mia Holt top 10 at the 2028 Harbor Classic", "Top 10 incl. ties", "2028-04-09T23:59:00Z",
                   "If Mia Holt finishes in the top 10, including ties, at the 2028 Harbor Classic, then the market "
                   "resolves to Yes.")


def _top_finish(market_id: str, place: int, ties: str) -> Market:
    return _question(market_id, f"Mia Holt Top {place} finish at the Harbor Classic 2028?",
                     f"Mia Holt's final position at the 2028 Harbor Classic is {place}th or better{ties}",
                     end="2028-04-09T20:00:00Z")


def test_a_top_finish_counting_ties_is_the_top_place_incl_ties() -> None:
    p = _top_finish("61", 10, ", ties included (e.g. T10 counts)")
    assert approved(_top_ten(), p) == [token_named(p, "Yes")], verdict(_top_ten(), p).reasons


def test_a_top_finish_silent_on_ties_or_another_place_is_not_approved() -> None:
    for market_id, place, ties in (("62", 10, ""), ("63", 5, ", ties included")):
        p = _top_finish(market_id, place, ties)
        assert not approved(_top_ten(), p), verdict(_top_ten(), p).reasons


# --- a race named by its places, in another language and written together ---------------------------


def _classic() -> Market:
    return _sports("KXVSM-28-LBRA", "Castel-Santa Marta 2028 winner", "Luca Brandt", "2028-03-18T23:59:00Z",
                   "If Luca Brandt wins the 2028 Castel-Santa Marta, then the market resolves to Yes.")


def _classic_question(market_id: str, race: str) -> Market:
    return _question(market_id, f"Will Luca Brandt win {race} 2028?", f"Luca Brandt is the official winner of {race} 2028",
                     end="2028-03-18T20:00:00Z")


def test_a_race_of_places_written_in_their_local_form_and_together_is_the_race() -> None:
    p = _classic_question("71", "Castelo-Santamarta")
    assert approved(_classic(), p) == [token_named(p, "Yes")], verdict(_classic(), p).reasons


def test_a_race_with_another_place_in_turn_is_another_race() -> None:
    for market_id, race in (("72", "Castelo-Santa Lucia"), ("73", "Padova-Santa Marta")):
        p = _classic_question(market_id, race)
        assert not approved(_classic(), p), verdict(_classic(), p).reasons


# --- a side that retains a trophy, against the other side's win --------------------------------------


def _series_win(side: str, draw: str = " A drawn series resolves No.") -> Market:
    return _sports(f"KXVESTA-28-{side[:3].upper()}", "The Vesta Trophy 2028 series", f"{side} wins", "2028-08-30T23:59:00Z",
                   f"If {side} wins the 2028 Vesta Trophy series, then the market resolves to Yes.{draw}")


def _retains(market_id: str, kept: str = "wins or draws") -> Market:
    return gamma(market_id, question="Will Norway retain the Vesta Trophy in 2028?", end="2028-08-30T20:00:00Z",
                 description=f'Resolves "Yes" if Norway {kept} the 2028 Vesta Trophy series and thus retains the trophy. '
                             'Resolves "No" if Sweden wins the series.')


def test_retaining_a_trophy_is_the_no_of_the_other_side_winning_it() -> None:
    p = _retains("81")
    for draw in (" A drawn series resolves No.", " A 7-7 tie does not count as a win."):
        k = _series_win("Sweden", draw)
        assert approved(k, p) == [token_named(p, "No")], verdict(k, p).reasons


def test_retaining_is_not_approved_where_a_draw_settles_otherwise_or_is_unstated() -> None:
    p = _retains("82")
    for draw in (" A drawn series resolves 50-50.", ""):
        k = _series_win("Sweden", draw)
        assert not approved(k, p), verdict(k, p).reasons


def test_retaining_is_not_the_holders_win_nor_read_without_the_draw_in_its_rules() -> None:
    p = _retains("83")
    assert not approved(_series_win("Norway"), p), verdict(_series_win("Norway"), p).reasons
    p = _retains("84", kept="wins")
    assert not approved(_series_win("Sweden"), p), verdict(_series_win("Sweden"), p).reasons


# --- a bout a title names by its place on the card, against the bout by its fighters -----------------


def _distance() -> Market:
    return _sports("KXUFCDIST-28MAR04VAROKA", "UFC 412 main event goes the distance", "Goes the distance",
                   "2028-03-05T06:00:00Z",
                   "If the Varga vs Okafor fight at UFC 412 goes to a judges' decision after all scheduled rounds, then the "
                   "market resolves to Yes.")


def _bout_question(market_id: str, question: str, bout: str) -> Market:
    return _question(market_id, question, f"the UFC 412 {bout} reaches the judges' scorecards after all scheduled rounds",
                     end="2028-03-05T05:00:00Z")


def test_a_main_event_by_its_card_place_is_the_bout_its_rules_name() -> None:
    p = _bout_question("91", "Will Varga vs. Okafor go the distance?", "main event between Milan Varga and Tunde Okafor")
    assert approved(_distance(), p) == [token_named(p, "Yes")], verdict(_distance(), p).reasons


def test_another_bout_or_a_rounds_line_is_not_the_main_event_distance() -> None:
    for market_id, question, bout in (
            ("92", "Will Brenner vs. Valko go the distance?", "co-main event between Theo Brenner and Dario Valko"),
            ("93", "Varga vs. Okafor: Over 2.5 rounds?", "main event between Milan Varga and Tunde Okafor")):
        p = _bout_question(market_id, question, bout)
        assert not approved(_distance(), p), verdict(_distance(), p).reasons
