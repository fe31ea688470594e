"""General forms missed on a blind set of sports and culture markets, each tested on markets
written for this file: a part of a match (a set, a map) read from its ordinal word or its
Kalshi series, a season across two years named by the year a league names it by, ... Each
look-alike still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.matcher import match_markets
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.league_teams import team_in_full
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.names import name_key
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- a part of one match against the match ---------------------------------------------------------


_MATCH_RULES = ("If Lena Varga wins the first set of the Lena Varga vs Mia Osterholt match scheduled for Feb 3, 2027, "
                "then the market resolves to Yes.")


def _match_winner(market_id: str) -> Market:
    return gamma(market_id, question="Lisbon Open: Lena Varga vs Mia Osterholt", outcomes=("Varga", "Osterholt"),
                 end="2027-02-03T12:00:00Z", event_title="Lisbon Open: Varga vs Osterholt",
                 description="This market will resolve to Varga if Lena Varga wins the match scheduled for "
                             "February 3, 2027, otherwise to Osterholt.")


def test_a_first_set_in_words_is_not_the_match() -> None:
    k = kalshi("KXWTASETWIN-27FEB03VAROST-VAR", title="Varga vs Osterholt first set winner?", yes_sub_title="Lena Varga",
               category="Sports", close_time="2027-02-03T12:00:00Z", rules=_MATCH_RULES)
    v = verdict(k, _match_winner("101"))
    assert v.rejected, v.reasons
    assert any("set 1" in r for r in v.reasons), v.reasons


def test_a_set_series_ticker_is_not_the_match() -> None:
    k = kalshi("KXWTASET1-27FEB03VAROST-VAR", title="Varga vs Osterholt", yes_sub_title="Lena Varga",
               category="Sports", close_time="2027-02-03T12:00:00Z", rules=_MATCH_RULES)
    v = verdict(k, _match_winner("102"))
    assert v.rejected, v.reasons


def test_the_first_map_is_not_the_series_nor_the_match() -> None:
    k = kalshi("KXVALMAP1-27MAR04ORBVEX-ORB", title="Orbit vs Vexa: first map winner?", yes_sub_title="Orbit",
               category="Sports", close_time="2027-03-04T12:00:00Z",
               rules="If Orbit wins the first map of the Orbit vs Vexa match scheduled for Mar 4, 2027, then the "
                     "market resolves to Yes.")
    p = gamma("103", question="Valorant: Orbit vs Vexa", outcomes=("Orbit", "Vexa"), end="2027-03-04T12:00:00Z",
              event_title="Valorant: Orbit vs Vexa",
              description="This market will resolve to Orbit if Orbit wins the match scheduled for March 4, 2027.")
    assert verdict(k, p).rejected


# --- a season across two years, named by the year its league names it by ------------------------------


def _award(code: str, title: str, year: str, player: str) -> Market:
    return kalshi(f"KX{code}-{year[-2:]}-ORO", title=title, yes_sub_title=player, category="Sports",
                  close_time="2027-06-30T00:00:00Z", rules=f"If {player} wins the {title.rstrip('?')}, then the market resolves to Yes.")


def _award_question(market_id: str, league: str, span: str, player: str) -> Market:
    return gamma(market_id, question=f"Will {player} win the {span} {league} MVP?", group=player, end="2027-06-30T00:00:00Z",
                 description=f"This market will resolve to Yes if {player} is named the {span} {league} MVP.",
                 event_title=f"{league} MVP {span}")


def test_an_nfl_season_across_two_years_is_its_opening_year() -> None:
    k = _award("NFLMVP", "2026 NFL MVP?", "2026", "Dario Oroz")
    for dash in ("–", "—", "-"):
        v = verdict(k, _award_question("111", "NFL", f"2026{dash}27", "Dario Oroz"))
        assert v.agrees, (dash, v.reasons)


def test_the_next_nfl_season_is_another_season() -> None:
    k = _award("NFLMVP", "2027 NFL MVP?", "2027", "Dario Oroz")
    assert verdict(k, _award_question("112", "NFL", "2026–27", "Dario Oroz")).rejected


def test_an_nba_season_across_two_years_is_its_closing_year() -> None:
    v = verdict(_award("NBAMVP", "2027 NBA MVP?", "2027", "Dario Oroz"), _award_question("113", "NBA", "2026–27", "Dario Oroz"))
    assert v.agrees, v.reasons
    v = verdict(_award("NBAMVP", "2026 NBA MVP?", "2026", "Dario Oroz"), _award_question("114", "NBA", "2026–27", "Dario Oroz"))
    assert v.rejected, v.reasons


# --- delayed to a year or later: the NO of released before it --------------------------------------


def _delay(year: int) -> Market:
    return kalshi(f"KXHALOQDELAY-{year % 100}", title=f"Will Quiet Harbor be delayed to {year} or later?",
                  category="Entertainment", close_time=f"{year - 1}-12-31T00:00:00Z",
                  rules=f"If Quiet Harbor is delayed to {year} or later, then the market resolves to Yes.")


def _released_before(market_id: str, year: int, what: str = "Quiet Harbor") -> Market:
    return gamma(market_id, question=f"{what} released before {year}?", end=f"{year - 1}-12-31T00:00:00Z",
                 description=f"This market will resolve to Yes if {what} is released before January 1, {year}.")


def test_delayed_to_a_year_or_later_is_the_no_of_released_before_it() -> None:
    p = _released_before("121", 2029)
    v = verdict(_delay(2029), p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "No")


def test_delayed_to_another_year_or_another_title_is_not_the_no() -> None:
    assert verdict(_delay(2030), _released_before("122", 2029)).rejected
    assert verdict(_delay(2029), _released_before("123", 2029, "Silent Meridian")).rejected


# --- a team by its city, outside games, in a league the market names --------------------------------


def _division(code: str, side: str, division: str = "NFC North") -> Market:
    return kalshi(f"KXNFCNORTH-27-{code}", title=f"{division} winner 2027?", yes_sub_title=side, category="Sports",
                  close_time="2028-01-10T00:00:00Z",
                  rules=f"If {side} wins the 2027 {division} division, then the market resolves to Yes.")


def _division_question(market_id: str, team: str, division: str = "NFC North") -> Market:
    return gamma(market_id, question=f"Will the {team} win the {division}?", group=team, end="2028-01-10T00:00:00Z",
                 event_title=f"{division} Division Winner 2027",
                 description=f"This market will resolve to Yes if the {team} win the {division} division for the 2027 "
                             f"NFL season.")


def test_a_team_by_its_city_is_the_team_of_the_league_named() -> None:
    v = verdict(_division("MIN", "Minnesota"), _division_question("131", "Minnesota Vikings"))
    assert v.agrees, v.reasons


def test_a_city_is_not_another_team_nor_a_city_of_two_teams() -> None:
    assert verdict(_division("MIN", "Minnesota"), _division_question("132", "Detroit Lions")).rejected
    # Two NFL teams play in New York: the city alone names neither in full.
    assert team_in_full(Name(name_key("New York"), "New York"), "NFL").label == "New York"
    assert team_in_full(Name(name_key("New York J"), "New York J"), "NFL").label == "New York Jets"


def _season_wins(code: str, city: str, threshold: int) -> Market:
    return kalshi(f"KXMLBWINS-{code}-27-T{threshold}", title=f"{city} regular season wins",
                  yes_sub_title=f"{city}: {threshold}+", category="Sports", close_time="2027-10-01T00:00:00Z",
                  strike_type="greater_or_equal", floor=threshold,
                  rules=f"If the {city} win at least {threshold} games in the 2027 MLB regular season, then the market "
                        "resolves to Yes.")


def _wins_over(market_id: str, nickname: str, line: str) -> Market:
    return gamma(market_id, question=f"{nickname} over {line} wins in the 2027 regular season?", end="2027-10-01T00:00:00Z",
                 event_title="MLB 2027 season win totals",
                 description=f"This market will resolve to Yes if the {nickname} win more than {line} games in the 2027 "
                             "MLB regular season.")


def test_a_city_and_initial_is_the_nickname_and_a_half_line_is_a_count() -> None:
    v = verdict(_season_wins("LAD", "Los Angeles D", 92), _wins_over("134", "Dodgers", "91.5"))
    assert v.agrees, v.reasons


def test_the_other_team_of_the_city_or_another_line_is_not() -> None:
    assert verdict(_season_wins("LAD", "Los Angeles D", 92), _wins_over("135", "Angels", "91.5")).rejected
    assert verdict(_season_wins("LAD", "Los Angeles D", 92), _wins_over("136", "Dodgers", "92.5")).rejected


# --- a score the rules say is an integer -----------------------------------------------------------


def _score(threshold: int, rules_note: str) -> Market:
    return kalshi(f"KXMETASCORE-27-T{threshold}", title="Glass Citadel Metascore?", yes_sub_title=f"Above {threshold}",
                  category="Entertainment", close_time="2027-05-01T00:00:00Z", strike_type="greater", floor=threshold,
                  rules=f"If the Metascore of Glass Citadel is above {threshold} on May 1, 2027, then the market resolves "
                        f"to Yes. {rules_note}")


def _score_question(market_id: str, at_least: int, rules_note: str) -> Market:
    return gamma(market_id, question=f"Will Glass Citadel have a Metascore of {at_least} or higher?",
                 end="2027-05-01T00:00:00Z",
                 description=f"This market will resolve to Yes if the Metascore of Glass Citadel is {at_least} or higher "
                             f"on May 1, 2027. {rules_note}")


def test_a_score_the_rules_call_an_integer_is_on_a_whole_grid() -> None:
    v = verdict(_score(85, "The Metascore is an integer from 0 to 100."), _score_question("141", 86, ""))
    assert v.agrees, v.reasons


def test_a_score_not_said_to_be_whole_or_another_threshold_is_not() -> None:
    assert not verdict(_score(85, ""), _score_question("142", 86, "")).agrees
    assert verdict(_score(85, "The Metascore is an integer from 0 to 100."), _score_question("143", 87, "")).rejected


def test_a_finals_award_is_not_the_regular_season_award() -> None:
    k = kalshi("KXNBAMVP-27-ORO", title="2027 NBA MVP", yes_sub_title="Dario Oroz", category="Sports",
               close_time="2027-06-30T00:00:00Z",
               rules="If Dario Oroz is named the 2027 NBA Most Valuable Player (regular season), then the market "
                     "resolves to Yes.")
    p = gamma("115", question="Dario Oroz to win 2027 NBA Finals MVP?", end="2027-06-30T00:00:00Z",
              description="Resolves Yes if Dario Oroz is named 2027 NBA Finals MVP.")
    v = verdict(k, p)
    assert v.rejected, v.reasons
    assert verdict(k, _award_question("116", "NBA", "2026–27", "Dario Oroz")).agrees


# --- a surname written as its initial ------------------------------------------------------------------


def _candidates(code: str, player: str) -> Market:
    return kalshi(f"KXCHESSOPEN-27-{code}", title="Riga Chess Open 2027 winner?", yes_sub_title=player,
                  category="Sports", close_time="2027-09-30T00:00:00Z",
                  rules=f"If {player} wins the 2027 Riga Chess Open, then the market resolves to Yes.")


def _candidates_question(market_id: str, player: str) -> Market:
    return gamma(market_id, question=f"Will {player} win the 2027 Riga Chess Open?", group=player,
                 end="2027-09-30T00:00:00Z", event_title="Riga Chess Open 2027 winner",
                 description=f"This market will resolve to Yes if {player} wins the 2027 Riga Chess Open.")


def test_a_surname_written_as_its_initial_is_the_surname() -> None:
    v = verdict(_candidates("VK", "Varun K"), _candidates_question("151", "Varun Kesavan"))
    assert v.agrees, v.reasons


def test_an_initial_is_not_another_surname_nor_two_people_of_one_event() -> None:
    assert verdict(_candidates("VK", "Varun K"), _candidates_question("152", "Varun Mehta")).rejected
    assert verdict(_candidates("VK", "Varun K"), _candidates_question("153", "Arjun Kesavan")).rejected
    # Two players the initial could stand for: the matcher pairs the market with neither alone.
    pairs = match_markets([_candidates("VK", "Varun K")],
                          [_candidates_question("154", "Varun Kesavan"), _candidates_question("155", "Varun Kohli")])
    assert not [p for p in pairs if p.status is PairStatus.APPROVED], pairs


# --- a series that cannot end level: one side's NO is the other's win ---------------------------------


def _series_game(rules_length: str) -> Market:
    return kalshi("KXVALGAME-27NOV02ORBVEX-ORB", title="Will Orbit win the Orbit vs Vexa series?", yes_sub_title="Orbit",
                  category="Sports", close_time="2027-11-02T12:00:00Z",
                  rules=f"If Orbit wins the {rules_length} series against Vexa scheduled for Nov 2, 2027, then the "
                        "market resolves to Yes.")


def _beats_in_series(market_id: str, rules_length: str) -> Market:
    return gamma(market_id, question="Will Vexa beat Orbit in their series?", end="2027-11-02T12:00:00Z",
                 event_title="Valorant Masters: Orbit vs Vexa",
                 description=f"This market will resolve to Yes if Vexa wins the {rules_length} series against Orbit "
                             "scheduled for November 2, 2027. Otherwise, this market will resolve to No.")


def test_the_other_side_beating_one_in_a_best_of_five_is_its_no() -> None:
    p = _beats_in_series("161", "best-of-five")
    v = verdict(_series_game("best-of-five"), p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "No")


def test_a_series_that_may_end_level_is_no_complement() -> None:
    assert not verdict(_series_game("best-of-two"), _beats_in_series("162", "best-of-two")).agrees
    assert not verdict(_series_game("two-map"), _beats_in_series("163", "two-map")).agrees


# --- a work quoted alone, its author named elsewhere ------------------------------------------------


def _song_option(code: str, option: str) -> Market:
    return kalshi(f"KXSTREAMSONG-27-{code}", title="Most streamed song on Spotify in 2027?", yes_sub_title=option,
                  category="Entertainment", close_time="2027-12-31T00:00:00Z",
                  rules=f"If {option} is the most streamed song on Spotify globally in 2027, then the market resolves "
                        "to Yes.")


def _quoted_song(market_id: str, title: str, artist: str) -> Market:
    return gamma(market_id, question=f'Will "{title}" be the most streamed song on Spotify in 2027?',
                 end="2027-12-31T00:00:00Z", event_title="Most streamed song on Spotify 2027",
                 description=f'This market will resolve to Yes if "{title}" by {artist} is the most streamed song on '
                             "Spotify globally in 2027.")


def test_a_quoted_work_is_the_work_and_its_author() -> None:
    v = verdict(_song_option("GL", "Glass Lanterns - Ivo Renn"), _quoted_song("171", "Glass Lanterns", "Ivo Renn"))
    assert v.agrees, v.reasons


def test_the_same_title_by_another_author_or_another_title_is_not() -> None:
    assert verdict(_song_option("GL", "Glass Lanterns - Ivo Renn"), _quoted_song("172", "Glass Lanterns", "Tova Lind")).rejected
    assert verdict(_song_option("GL", "Glass Lanterns - Ivo Renn"), _quoted_song("173", "Salt Meridian", "Ivo Renn")).rejected


# --- player props ---------------------------------------------------------------------------------


def _kalshi_prop(series: str, game: str, player: str, code: str, stat: str, threshold: int,
                 event_title: str = "Denver at Phoenix") -> Market:
    return kalshi(f"{series}-{game}-{code}-{threshold}", event_ticker=f"{series}-{game}", title=f"{player}: {stat}",
                  yes_sub_title=f"{player}: {threshold}+", category="Sports", event_title=event_title,
                  close_time="2027-02-11T06:00:00Z",
                  rules=f"If {player} records {threshold}+ {stat.lower()} in the game, then the market resolves to Yes.")


def _polymarket_prop(market_id: str, player: str, stat: str, line: str, *, day: str = "2027-02-10",
                     outcomes: tuple[str, str] = ("Over", "Under"), event: str = "Nuggets vs. Suns") -> Market:
    return gamma(market_id, question=f"{player}: {stat} Over {line}", group=f"{stat} O/U {line}", outcomes=outcomes,
                 end=f"{day}T23:59:00Z", slug=f"nba-den-phx-{day}-{market_id}", event_title=event,
                 game_start_time=f"{day} 02:00:00+00",
                 description=f"This market resolves to Over if {player} records more than {line} {stat.lower()} in the "
                             f"game, otherwise Under.")


def test_a_player_prop_at_least_n_is_over_n_minus_a_half() -> None:
    k = _kalshi_prop("KXNBAPTS", "27FEB10DENPHX", "Teodor Marsh", "DENTMARSH4", "Points", 25)
    p = _polymarket_prop("181", "Teodor Marsh", "Points", "24.5")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Over")
    yes_no = _polymarket_prop("182", "Teodor Marsh", "Points", "24.5", outcomes=("Yes", "No"))
    assert verdict(k, yes_no).yes_token == token_named(yes_no, "Yes")


def test_a_player_prop_of_another_stat_line_game_or_a_combined_stat_is_not() -> None:
    k = _kalshi_prop("KXNBAPTS", "27FEB10DENPHX", "Teodor Marsh", "DENTMARSH4", "Points", 25)
    assert verdict(k, _polymarket_prop("183", "Teodor Marsh", "Rebounds", "24.5")).rejected
    assert verdict(k, _polymarket_prop("184", "Teodor Marsh", "Points", "25.5")).rejected
    assert verdict(k, _polymarket_prop("185", "Teodor Marsh", "Points", "24.5", day="2027-02-12")).rejected
    assert verdict(k, _polymarket_prop("186", "Teodor Marsh", "Points + Rebounds", "24.5")).rejected
    assert verdict(k, _polymarket_prop("187", "Ansel Frey", "Points", "24.5")).rejected


def test_passing_yards_and_an_anytime_goal() -> None:
    k = _kalshi_prop("KXNFLPASSYDS", "27JAN17KCBUF", "Cole Ardent", "KCCARDENT9", "Passing Yards", 250,
                     event_title="Kansas City at Buffalo")
    p = gamma("188", question="Cole Ardent: Passing Yards O/U 249.5", group="Passing Yards O/U 249.5",
              outcomes=("Over", "Under"), end="2027-01-17T23:59:00Z", slug="nfl-kc-buf-2027-01-17-188",
              event_title="Chiefs vs. Bills", game_start_time="2027-01-17 21:30:00+00")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    goal = _kalshi_prop("KXEPLGOAL", "27MAR06ARSCHE", "Tomas Evra", "ARSTEVRA7", "Goals", 1, event_title="Arsenal vs Chelsea")
    scores = gamma("189", question="Will Tomas Evra score a goal?", end="2027-03-06T23:59:00Z",
                   slug="epl-ars-che-2027-03-06-189", event_title="Arsenal FC vs. Chelsea FC",
                   game_start_time="2027-03-06 15:00:00+00")
    v = verdict(goal, scores)
    assert v.agrees, v.reasons
    two = _kalshi_prop("KXEPLGOAL", "27MAR06ARSCHE", "Tomas Evra", "ARSTEVRA7", "Goals", 2, event_title="Arsenal vs Chelsea")
    assert verdict(two, scores).rejected


def test_a_ladder_of_props_meets_each_rung_once() -> None:
    kalshi_rungs = [_kalshi_prop("KXNBAPTS", "27FEB10DENPHX", "Teodor Marsh", "DENTMARSH4", "Points", n) for n in (25, 30)]
    lines = [_polymarket_prop("191", "Teodor Marsh", "Points", "24.5"), _polymarket_prop("192", "Teodor Marsh", "Points", "29.5")]
    approved = {(p.kalshi_ticker, p.polymarket_market_id) for p in match_markets(kalshi_rungs, lines)
                if p.status is PairStatus.APPROVED}
    assert approved == {(kalshi_rungs[0].market_id, "191"), (kalshi_rungs[1].market_id, "192")}


# --- a nickname quoted inside a full name -------------------------------------------------------------


def test_a_quoted_nickname_is_the_player() -> None:
    k = _candidates("RMO", "Rubén 'Halcón' Moreno")
    for market_id, form in (("201", "Halcón"), ("202", "Halcon Moreno"), ("203", "Ruben Moreno")):
        pairs = match_markets([k], [_candidates_question(market_id, form)])
        assert [p.status for p in pairs] == [PairStatus.APPROVED], (form, pairs)


def test_a_quoted_nickname_is_not_another_player() -> None:
    k = _candidates("RMO", "Rubén 'Halcón' Moreno")
    assert verdict(k, _candidates_question("204", "Halcon Reyes")).rejected
    assert verdict(k, _candidates_question("205", "Tito Moreno")).rejected


def test_a_goal_in_a_tournament_is_no_game_prop() -> None:
    tournament = gamma("190", question="Will Tomas Evra score a goal in the 2027 Nations Cup?", end="2027-07-20T23:59:00Z",
                       slug="tomas-evra-goal-nations-cup-2027", event_title="Nations Cup 2027 goalscorers",
                       game_start_time="2027-06-12 15:00:00+00")
    goal = _kalshi_prop("KXEPLGOAL", "27JUN12ARSCHE", "Tomas Evra", "ARSTEVRA7", "Goals", 1, event_title="Arsenal vs Chelsea")
    assert not verdict(goal, tournament).agrees


def _team_wins_on_day(market_id: str) -> Market:
    return gamma(market_id, question="Will Harlow FC win on 2027-03-06?", end="2027-03-06T18:00:00Z",
                 slug=f"epl-har-ost-2027-03-06-{market_id}", event_title="Harlow FC vs. Ostend FC",
                 game_start_time="2027-03-06 15:00:00+00", description="This market resolves Yes if Harlow FC wins the match.")


def test_a_first_half_by_its_series_or_its_rules_is_not_the_match() -> None:
    for series, rules in (("KXEPL1H", "If Harlow leads when the match reaches its break, then the market resolves to Yes."),
                          ("KXEPLLEAD", "If Harlow leads at halftime of the Harlow vs Ostend match, then the market "
                                        "resolves to Yes.")):
        k = kalshi(f"{series}-27MAR06HAROST-HAR", title="Harlow vs Ostend", yes_sub_title="Harlow", category="Sports",
                   close_time="2027-03-06T18:00:00Z", rules=rules)
        v = verdict(k, _team_wins_on_day("211"))
        assert v.rejected, (series, v.reasons)
