"""Sports pairs the matcher never proposed or could not settle: season futures asked by a team's
city on one venue and its nickname on the other, a season written across two years in any place,
"miss the playoffs" as the NO of making them, "No <name> fight by ...?" whose rules say "does not",
national rugby sides and esports teams by their short names, and a fight's question under its
card's heading. Each look-alike (another league's team of the same city, another season, another
opponent, another date, another threshold) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.frames import negated, no_subject
from arb_pipeline.domain.matching.propositions.games import GAME
from arb_pipeline.domain.matching.propositions.sports import same_team
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def proposed(k: Market, p: Market) -> bool:
    return (0, 0) in candidate_pairs([read(k)], [read(p)])


def approved_token(k: Market, p: Market) -> str | None:
    pairs = [x for x in match_markets([k], [p]) if x.status is PairStatus.APPROVED]
    return pairs[0].polymarket_yes_token if pairs else None


def assert_paired(k: Market, p: Market, pays_on_kalshi_yes: str) -> None:
    """Proposed, agreed part by part, and approved with the outcome that pays on Kalshi YES."""
    assert proposed(k, p)
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert approved_token(k, p) == token_named(p, pays_on_kalshi_yes)


# --- a season future by city and by nickname -----------------------------------------------------------


def _city_playoffs(code: str, city: str, sport: str, season: str = "2026-27", series: str = "KXNFLPLAYOFF") -> Market:
    return kalshi(f"{series}-{season[-2:]}-{code}", title=f"Will {city} make the playoffs?", yes_sub_title=city,
                  category="Sports", close_time="2027-01-10T00:00:00Z",
                  rules=f"If {city} qualifies for the {season} professional {sport} postseason, then the market "
                        f"resolves to Yes.")


def _nickname_playoffs(market_id: str, question: str, description: str, event_title: str | None = None) -> Market:
    return gamma(market_id, question=question, end="2027-01-10T00:00:00Z", event_title=event_title,
                 description=description)


def test_a_team_by_its_city_meets_the_team_by_its_nickname() -> None:
    k = _city_playoffs("DEN", "Denver", "football")
    p = _nickname_playoffs("1", "Will the Broncos make the NFL Playoffs?",
                           "This market will resolve to Yes if the Denver Broncos qualify for the 2026-27 NFL Playoffs. "
                           "Otherwise No.", event_title="NFL Playoffs 2026-27: Which teams make it?")
    assert_paired(k, p, "Yes")


def test_another_leagues_team_of_the_city_is_another_team() -> None:
    k = _city_playoffs("DEN", "Denver", "football")
    p = _nickname_playoffs("2", "Will the Nuggets make the NBA Playoffs?",
                           "This market will resolve to Yes if the Denver Nuggets qualify for the 2026-27 NBA Playoffs. "
                           "Otherwise No.")
    assert not verdict(k, p).agrees
    assert approved_token(k, p) is None


def test_missing_the_playoffs_is_the_no_of_making_them() -> None:
    k = _city_playoffs("BOS", "Boston", "hockey", series="KXNHLPLAYOFF")
    p = _nickname_playoffs("3", "Will the Bruins miss the playoffs?",
                           "This market will resolve to Yes if the Boston Bruins do not qualify for the 2026-27 NHL "
                           "Stanley Cup Playoffs. Otherwise No.")
    assert_paired(k, p, "No")
    # Another team of the city, and the city's team in another season, are other markets.
    celtics = _nickname_playoffs("4", "Will the Celtics miss the playoffs?",
                                 "This market will resolve to Yes if the Boston Celtics do not qualify for the 2026-27 "
                                 "NBA Playoffs. Otherwise No.")
    assert not verdict(k, celtics).agrees
    earlier = _nickname_playoffs("5", "Will the Bruins miss the playoffs?",
                                 "This market will resolve to Yes if the Boston Bruins do not qualify for the 2025-26 NHL "
                                 "Stanley Cup Playoffs. Otherwise No.")
    assert not verdict(k, earlier).agrees


def test_miss_before_its_object_says_not() -> None:
    assert negated("will the bruins miss the playoffs")
    # Missing the cut is a word of its own, the antonym of making it: not read as "not" as well.
    assert not negated("will tiger woods miss the cut at the masters")
    # A title is no verb.
    assert not negated("will miss universe 2027 be from brazil")


# --- a season written across two years ---------------------------------------------------------------


def test_a_season_across_two_years_is_its_second_wherever_it_is_written() -> None:
    def years(text: str) -> list[int]:
        return [m.first.year for m in date_mentions(fold(text), None)]

    assert years("the 2026-27 professional hockey postseason") == [2027]
    assert years("NFL Playoffs 2026-27: Which teams make it?") == [2027]
    assert years("Spurs 49 or fewer wins in 2026-27?") == [2027]
    # A league that names its season by its first year still does, and other spans stay.
    assert years("the 2026-27 NFL regular season MVP") == [2026]
    assert years("from 2027-28 levels") == [2027]


def _wins(market_id: str, question: str, wins: str, season: str = "2026-27") -> Market:
    return gamma(market_id, question=question, end="2027-04-15T00:00:00Z",
                 description=f"This market will resolve to Yes if the San Antonio Spurs win {wins} regular season "
                             f"games in the {season} NBA season. Otherwise No.")


def test_a_win_total_and_its_complement_meet_in_one_season() -> None:
    k = kalshi("KXNBAWINS-27-SAS-T49.5", title="Will the Spurs win more than 49.5 games?",
               yes_sub_title="Over 49.5 wins", category="Sports", close_time="2027-04-15T00:00:00Z",
               rules="If the San Antonio Spurs win more than 49.5 regular season games in the 2026-27 NBA season, then "
                     "the market resolves to Yes.")
    p = _wins("6", "Spurs 49 or fewer wins in 2026-27?", "49 or fewer")
    assert_paired(k, p, "No")
    assert not verdict(k, _wins("7", "Spurs 47 or fewer wins in 2026-27?", "47 or fewer")).agrees
    assert not verdict(k, _wins("8", "Spurs 49 or fewer wins in 2025-26?", "49 or fewer", "2025-26")).agrees


# --- "No <name> <event> by ...?" --------------------------------------------------------------------------


def _canelo(market_id: str, day: str, iso: str) -> Market:
    return gamma(market_id, question=f"No Canelo fight by {day}, 2027?", end=f"{iso}T00:00:00Z",
                 description=f"This market will resolve to Yes if Canelo Alvarez does not fight a professional boxing "
                             f"bout by {day}, 2027, 11:59 PM ET. Otherwise No.")


def test_no_before_a_name_is_not_when_the_rules_say_so() -> None:
    k = kalshi("KXCANELOFIGHT-27JUL01", title="Will Canelo fight before July 2027?", category="Sports",
               close_time="2027-07-01T00:00:00Z",
               rules="If Canelo Alvarez competes in a professional boxing fight before Jul 1, 2027, then the market "
                     "resolves to Yes.")
    p = _canelo("9", "June 30", "2027-06-30")
    assert_paired(k, p, "No")
    assert not verdict(k, _canelo("10", "March 31", "2027-03-31")).agrees


def test_no_before_a_name_whose_rules_say_yes_is_a_name() -> None:
    rules = 'This market will resolve to "Yes" if the No Labels candidate receives at least 5% of the vote.'
    assert not no_subject("No Labels candidate gets 5%?", rules)
    assert no_subject("No Canelo fight by June 30?", "This market will resolve to Yes if Canelo does not fight.")


# --- short names of sides ----------------------------------------------------------------------------------


def _test_match(code: str, home: str, away: str) -> Market:
    return kalshi(f"KXRUGBYGAME-27MAR14{code}-RSA", title=f"{home} vs {away} winner?", yes_sub_title=home,
                  category="Sports", close_time="2027-03-28T00:00:00Z",
                  rules=f"If {home} wins the {home} vs {away} professional rugby union game originally scheduled for "
                        f"Mar 14, 2027, then the market resolves to Yes.")


def _nicknames(market_id: str, first: str, second: str) -> Market:
    return gamma(market_id, question=f"{first} vs. {second}", outcomes=(first, second), end="2027-03-15T00:00:00Z",
                 sports_market_type="moneyline", game_start_time="2027-03-14T17:00:00Z",
                 description=f"This market resolves to {first} if {first} wins the test match on March 14, 2027.")


def test_a_national_rugby_side_by_its_nickname_is_the_country() -> None:
    k = _test_match("RSANZL", "South Africa", "New Zealand")
    p = _nicknames("11", "Springboks", "All Blacks")
    assert_paired(k, p, "Springboks")
    assert not verdict(k, _nicknames("12", "Springboks", "Wallabies")).agrees


def test_an_esports_team_by_its_syllables_and_a_title_with_its_best_of_and_event() -> None:
    assert same_team("name:navi", "name:natus vincere")
    assert not same_team("name:navi", "name:ninjas in pyjamas")
    k = kalshi("KXCS2GAME-27MAR14NAVIFAZE-NAVI", title="Natus Vincere vs FaZe Clan", yes_sub_title="Natus Vincere",
               category="Sports", close_time="2027-03-28T00:00:00Z",
               rules="If Natus Vincere wins the Natus Vincere vs FaZe Clan CS2 match originally scheduled for Mar 14, "
                     "2027, then the market resolves to Yes.")
    p = gamma("13", question="Counter-Strike: NAVI vs FaZe (BO3) - BLAST Premier World Final", outcomes=("NAVI", "FaZe"),
              end="2027-03-15T00:00:00Z", sports_market_type="moneyline", game_start_time="2027-03-14T17:00:00Z",
              description="This market resolves to the team that wins the best-of-three match.")
    assert read(p).teams == ("name:navi", "name:faze")
    v = verdict(k, p)
    # The same game; whether Kalshi's "match" is the whole best-of-three is for a person.
    assert not v.rejected, v.reasons
    other = gamma("14", question="Counter-Strike: NAVI vs G2 (BO3) - BLAST Premier World Final", outcomes=("NAVI", "G2"),
                  end="2027-03-15T00:00:00Z", sports_market_type="moneyline", game_start_time="2027-03-14T17:00:00Z",
                  description="This market resolves to the team that wins the best-of-three match.")
    assert verdict(k, other).rejected


# --- a fight under its card's heading ---------------------------------------------------------------------


def _bout(market_id: str, question: str) -> Market:
    return gamma(market_id, question=question, end="2027-03-08T00:00:00Z",
                 description="This market will resolve to Yes if the first named fighter wins the bout at UFC 330 on "
                             "March 7, 2027. Otherwise No.")


def test_a_fight_question_after_its_cards_heading_is_the_fight() -> None:
    # Kalshi closes two weeks after the fight; the day its rules schedule the fight is the one read.
    k = kalshi("KXUFCFIGHT-27MAR07JONASP-JON", title="Will Jon Jones win the Jones vs Aspinall fight?",
               yes_sub_title="Jon Jones", category="Sports", close_time="2027-03-21T00:00:00Z",
               rules="If Jon Jones wins the Jones vs Aspinall professional MMA fight originally scheduled for Mar 7, "
                     "2027, then the market resolves to Yes.")
    p = _bout("15", "UFC 330: Will Jon Jones defeat Tom Aspinall?")
    assert read(p).topic == GAME
    assert proposed(k, p)
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert not verdict(k, _bout("16", "UFC 330: Will Jon Jones defeat Stipe Miocic?")).agrees
    # A heading before a question that is no contest leaves it to the other readers.
    assert read(gamma("17", question="Super Bowl LXI: Will the halftime show run long?")).topic != GAME


# --- a Test's draw and a side beating the other -------------------------------------------------------------


def _test_draw(market_id: str, question: str, day: str = "January 3") -> Market:
    return gamma(market_id, question=question, end="2027-01-08T00:00:00Z",
                 description=f"This market will resolve to Yes if the 2nd Test between Australia and India, scheduled to "
                             f"begin on {day}, 2027, ends in a draw. Otherwise No.")


def test_a_tests_draw_named_by_its_noun_before_its_sides_is_the_games_draw() -> None:
    k = kalshi("KXCRICKETTEST-27JAN03AUSIND-DRAW", title="Will the 2nd Test between Australia and India end in a draw?",
               yes_sub_title="Draw", category="Sports", close_time="2027-01-17T00:00:00Z",
               rules="If the 2nd Test between Australia and India originally scheduled for Jan 3, 2027 ends in a draw, "
                     "then the market resolves to Yes.")
    assert read(k).teams == ("name:australia", "name:india")
    p = _test_draw("18", "Will the 2nd Test between Australia and India end in a draw?")
    assert read(p).teams == ("name:australia", "name:india")
    assert_paired(k, p, "Yes")
    assert not verdict(k, _test_draw("19", "Will the 3rd Test between Australia and India end in a draw?",
                                      "January 14")).agrees
    win = gamma("20", question="Will Australia win the 2nd Test against India?", end="2027-01-08T00:00:00Z",
                description="This market will resolve to Yes if Australia wins the 2nd Test against India, scheduled to "
                            "begin on January 3, 2027. Otherwise No.")
    assert not verdict(k, win).agrees


def _six_nations(market_id: str, question: str) -> Market:
    return gamma(market_id, question=question, end="2027-03-14T00:00:00Z",
                 description="This market will resolve to Yes if the first named side wins the Six Nations match "
                             "against the other on March 13, 2027. A draw resolves No.")


def test_one_side_beating_the_other_is_their_game_on_both_venues() -> None:
    k = kalshi("KXSIXNATIONS-27MAR13FRAENG-FRA", title="Will France beat England?", yes_sub_title="France",
               category="Sports", close_time="2027-03-27T00:00:00Z",
               rules="If France beats England in the professional rugby union match originally scheduled for Mar 13, "
                     "2027, then the market resolves to Yes. A draw resolves No.")
    assert read(k).topic == GAME
    p = _six_nations("21", "Six Nations: Will France beat England?")
    assert read(p).topic == GAME
    assert_paired(k, p, "Yes")
    assert not verdict(k, _six_nations("22", "Six Nations: Will England beat France?")).agrees
    assert not verdict(k, _six_nations("23", "Six Nations: Will France beat Wales?")).agrees
    # A race between two companies whose rules name no match is no game.
    cap = gamma("24", question="Will Nvidia beat Apple?", end="2027-03-14T00:00:00Z",
                description="This market will resolve to Yes if Nvidia has a larger market cap than Apple on March 13, "
                            "2027.")
    assert read(cap).topic != GAME


# --- a school by its mascot -------------------------------------------------------


def _national_title(market_id: str, side: str, full: str) -> Market:
    return gamma(market_id, question=f"Will the {side} win the 2027 CFP National Championship?", end="2027-01-20T00:00:00Z",
                 description=f"This market will resolve to Yes if the {full} win the 2026-27 College Football Playoff "
                             f"National Championship. Otherwise No.")


def test_a_school_by_the_mascot_only_it_carries_is_the_school() -> None:
    k = kalshi("KXNCAAF-27-OSU", title="Will Ohio State win the College Football Playoff?", yes_sub_title="Ohio State",
               category="Sports", close_time="2027-01-20T00:00:00Z",
               rules="If Ohio State wins the 2026-27 College Football Playoff National Championship, then the market "
                     "resolves to Yes.")
    assert_paired(k, _national_title("25", "Buckeyes", "Ohio State Buckeyes"), "Yes")
    assert not verdict(k, _national_title("26", "Wolverines", "Michigan Wolverines")).agrees



def test_a_club_by_its_short_name_meets_the_club() -> None:
    k = kalshi("KXUCL-27-ATM", title="Will Atleti win the Champions League?", yes_sub_title="Atleti", category="Sports",
               close_time="2027-06-01T00:00:00Z",
               rules="If Atleti wins the 2026-27 UEFA Champions League, then the market resolves to Yes.")
    p = gamma("27", question="Will Atlético Madrid win the 2026-27 Champions League?", end="2027-06-01T00:00:00Z",
              description="This market will resolve to Yes if Atlético Madrid wins the 2026-27 UEFA Champions League. "
                          "Otherwise No.")
    assert_paired(k, p, "Yes")
    other = gamma("28", question="Will Real Madrid win the 2026-27 Champions League?", end="2027-06-01T00:00:00Z",
                  description="This market will resolve to Yes if Real Madrid wins the 2026-27 UEFA Champions League. "
                              "Otherwise No.")
    assert not verdict(k, other).agrees


# --- the WNBA's teams, national sides by their other names ----------------------------------------------------


def test_a_wnba_team_by_its_city_meets_the_team_by_its_nickname() -> None:
    k = kalshi("KXWNBAPLAYOFF-27-LV", title="Will Las Vegas make the playoffs?", yes_sub_title="Las Vegas",
               category="Sports", close_time="2027-09-20T00:00:00Z",
               rules="If Las Vegas qualifies for the 2027 professional women's basketball postseason, then the market "
                     "resolves to Yes.")

    def playoffs(market_id: str, nickname: str, city: str) -> Market:
        return gamma(market_id, question=f"Will the {nickname} make the 2027 WNBA Playoffs?", end="2027-09-20T00:00:00Z",
                     description=f"This market will resolve to Yes if the {city} {nickname} qualify for the 2027 WNBA "
                                 f"Playoffs. Otherwise No.")

    assert_paired(k, playoffs("29", "Aces", "Las Vegas"), "Yes")
    assert not verdict(k, playoffs("30", "Liberty", "New York")).agrees
    # The NBA's team of another city is not the WNBA's.
    nba = gamma("31", question="Will the Spurs make the 2027 NBA Playoffs?", end="2027-09-20T00:00:00Z",
                description="This market will resolve to Yes if the San Antonio Spurs qualify for the 2027 NBA Playoffs.")
    assert not verdict(k, nba).agrees


def test_a_national_side_by_its_other_name_is_the_side() -> None:
    k = kalshi("KXWCQGAME-27MAR25MEXUSA-MEX", title="Mexico vs United States", yes_sub_title="Mexico", category="Sports",
               close_time="2027-04-08T00:00:00Z",
               rules="If Mexico wins the Mexico vs United States World Cup qualifier originally scheduled for Mar 25, "
                     "2027, then the market resolves to Yes. A draw resolves No.")

    def qualifier(market_id: str, opponent: str) -> Market:
        return gamma(market_id, question=f"Will Mexico beat {opponent} in their World Cup qualifier?",
                     end="2027-03-26T00:00:00Z",
                     description=f"This market will resolve to Yes if Mexico wins the World Cup qualifying match against "
                                 f"{opponent} on March 25, 2027. A draw resolves No.")

    assert_paired(k, qualifier("32", "the USA"), "Yes")
    assert not verdict(k, qualifier("33", "Canada")).agrees
