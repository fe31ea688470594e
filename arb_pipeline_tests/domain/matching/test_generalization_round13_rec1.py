"""Sports forms a blind set missed, each tested on markets written for this file: two drivers'
head-to-head in one race, how long a match or a fight lasts in its other words, golf's Open under
its two names, a tennis Grand Slam as a major and "WR" as the world record. Each look-alike
(another session or race of the weekend, a podium, another number of sets, a knockout alone, a
fighter's own decision, the US Open, the calendar Grand Slam, the women's record) still never
agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.short_forms import written_out
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved_token(k: Market, p: Market) -> str | None:
    pairs = [x for x in match_markets([k], [p]) if x.status is PairStatus.APPROVED]
    return pairs[0].polymarket_yes_token if pairs else None


# --- two drivers in one race ------------------------------------------------------------------------


def _ahead(code: str = "VER", first: str = "Mika Verlaan", second: str = "Tomas Rydell") -> Market:
    return kalshi(f"KXF1H2H-29JUN28VERRYD-{code}",
                  title=f"Will {first} finish ahead of {second} at the Styrian Grand Prix?", yes_sub_title=first,
                  event_title="Verlaan vs Rydell: Styrian Grand Prix", category="Sports",
                  close_time="2029-06-29T06:00:00Z",
                  rules=f"If {first} finishes ahead of {second} in the 2029 Styrian Grand Prix, then the market "
                        "resolves to Yes.")


def _higher(market_id: str, *, race: str = "Styrian Grand Prix", place: str = "Styria", verb: str = "finishes",
            end: str = "2029-06-28T20:00:00Z") -> Market:
    return gamma(market_id, question=f"Verlaan vs Rydell: who {verb} higher in {place}?", outcomes=("Verlaan", "Rydell"),
                 end=end, event_title=f"{race}: Driver Head-to-Head",
                 description=f"This market will resolve to \"Verlaan\" if Mika Verlaan {verb} ahead of Tomas Rydell in "
                             f"the 2029 {race}, and to \"Rydell\" otherwise.")


def test_finishing_ahead_of_the_other_driver_is_the_head_to_head_outcome_of_that_driver() -> None:
    p = _higher("1")
    assert approved_token(_ahead(), p) == token_named(p, "Verlaan")
    assert approved_token(_ahead("RYD", "Tomas Rydell", "Mika Verlaan"), p) == token_named(p, "Rydell")


def test_a_question_that_one_driver_finishes_ahead_of_the_other_is_their_head_to_head() -> None:
    p = gamma("2", question="Will Verlaan finish ahead of Rydell at the Styrian GP?", end="2029-06-28T20:00:00Z",
              description="Resolves Yes if Mika Verlaan finishes ahead of Tomas Rydell at the 2029 Styrian Grand Prix "
                          "on June 28, 2029. Otherwise No.")
    assert approved_token(_ahead(), p) == token_named(p, "Yes")
    # The other driver ahead is no complement (neither may be classified), and a podium is another
    # proposition.
    reverse = gamma("3", question="Will Rydell finish ahead of Verlaan at the Styrian GP?", end="2029-06-28T20:00:00Z",
                    description="Resolves Yes if Tomas Rydell finishes ahead of Mika Verlaan at the 2029 Styrian Grand "
                                "Prix on June 28, 2029. Otherwise No.")
    assert approved_token(_ahead(), reverse) is None
    podium = gamma("4", question="Will Mika Verlaan finish on the podium at the Styrian Grand Prix?",
                   end="2029-06-28T20:00:00Z",
                   description="Resolves Yes if Mika Verlaan finishes in the top 3 of the 2029 Styrian Grand Prix.")
    assert verdict(_ahead(), podium).rejected
    # The season's standings are no race, whatever race ends the season on the day.
    standings = gamma("4a", question="Will Verlaan finish ahead of Rydell in the 2029 Drivers' Championship?",
                      end="2029-06-28T20:00:00Z",
                      description="Resolves Yes if Mika Verlaan finishes ahead of Tomas Rydell in the final 2029 Drivers' "
                                  "Championship standings, after the Styrian Grand Prix on June 28, 2029.")
    assert verdict(_ahead(), standings).rejected


def test_kalshis_yes_no_head_to_head_is_the_contest_whatever_its_ticker_dates() -> None:
    # YES "Yes" pays on the first driver; a ticker without the race's day leaves the day to the Grand
    # Prix both name, run once a year: markets closing within days of each other are on that race.
    yes_side = kalshi("KXF1H2H-29STY-VERRYD", title="Will Mika Verlaan finish ahead of Tomas Rydell at the Styrian Grand "
                      "Prix?", yes_sub_title="Yes", category="Sports", close_time="2029-06-29T06:00:00Z",
                      rules="If Mika Verlaan finishes ahead of Tomas Rydell in the 2029 Styrian Grand Prix, then the "
                            "market resolves to Yes.")
    p = _higher("2a")
    assert approved_token(yes_side, p) == token_named(p, "Verlaan")
    question = gamma("2b", question="Will Verlaan finish ahead of Rydell at the Styrian GP?", end="2029-06-28T20:00:00Z",
                     description="Resolves Yes if Mika Verlaan finishes ahead of Tomas Rydell at the 2029 Styrian "
                                 "Grand Prix. Otherwise No.")
    assert approved_token(yes_side, question) == token_named(question, "Yes")
    # The same race a year later, and the sprint of the weekend, are other contests.
    assert approved_token(yes_side, _higher("2c", end="2030-06-27T20:00:00Z")) is None
    assert verdict(yes_side, _higher("2d", race="Styrian Grand Prix Sprint", place="the Styria sprint")).rejected


def _battle(market_id: str, heading: str = "Styrian Grand Prix", outcomes: tuple[str, str] = ("Mika Verlaan", "Tomas Rydell"),
            end: str = "2029-06-28T20:00:00Z") -> Market:
    return gamma(market_id, question=f"{heading}: Arrow Teammate Battle", outcomes=outcomes, end=end,
                 event_title=f"{heading}: Teammate Battles",
                 description=f"This market will resolve to the Arrow driver who finishes higher in the 2029 {heading}.")


def test_a_teammate_battle_whose_outcomes_are_the_drivers_is_their_head_to_head() -> None:
    p = _battle("9")
    assert approved_token(_ahead(), p) == token_named(p, "Mika Verlaan")
    # Another session, another race, another pair of drivers.
    assert verdict(_ahead(), _battle("9a", "Styrian Grand Prix Qualifying")).rejected
    assert verdict(_ahead(), _battle("9b", "Belgian Grand Prix", end="2029-07-26T20:00:00Z")).rejected
    assert verdict(_ahead(), _battle("9c", outcomes=("Ines Kaur", "Tomas Rydell"))).rejected


def test_another_session_or_race_of_the_season_is_another_head_to_head() -> None:
    # Qualifying and the sprint order the two drivers apart from the race (both were approved as the
    # race's head-to-head: the same two sides on the same day).
    qualifying = _higher("5", race="Styrian Grand Prix Qualifying", verb="qualifies")
    assert "qualifying" in verdict(_ahead(), qualifying).reasons[0]
    assert verdict(_ahead(), qualifying).rejected
    assert verdict(_ahead(), _higher("6", race="Styrian Grand Prix Sprint", place="the Styria sprint")).rejected
    # Another Grand Prix, even one whose market ends the same day.
    assert verdict(_ahead(), _higher("7", race="Belgian Grand Prix", place="Belgium")).rejected
    assert verdict(_ahead(), _higher("8", race="Belgian Grand Prix", place="Belgium", end="2029-07-26T20:00:00Z")).rejected


# --- how long a match or a fight lasts ----------------------------------------------------------------


_KALSHI_SETS = kalshi("KXATPFIVESETS-29JUL02SORVAL", title="Will the Soria vs Valen match go 5 sets?",
                      yes_sub_title="Yes", event_title="Soria vs Valen: Wimbledon Round 2", category="Sports",
                      close_time="2029-07-03T06:00:00Z",
                      rules="If the Wimbledon men's singles match between Marco Soria and Luca Valen originally "
                            "scheduled for Jul 2, 2029 goes to five sets, then the market resolves to Yes.")


def _sets(market_id: str, question: str, best_of: str = "best-of-five ") -> Market:
    return gamma(market_id, question=question, end="2029-07-02T23:00:00Z",
                 event_title="Wimbledon: Marco Soria vs Luca Valen",
                 description=f"This market will resolve to Yes if the {best_of}Wimbledon match between Marco Soria and "
                             "Luca Valen scheduled for July 2, 2029 goes the full distance. Otherwise No.")


def test_a_best_of_five_match_goes_the_distance_when_it_goes_five_sets() -> None:
    p = _sets("10", "Soria vs. Valen: Will the match go the distance?")
    assert approved_token(_KALSHI_SETS, p) == token_named(p, "Yes")
    # A best-of-three's distance is three sets; a distance with no best-of named is not read as sets;
    # four sets are not five.
    assert verdict(_KALSHI_SETS, _sets("11", "Soria vs. Valen: Will the match go the distance?",
                                       "best-of-three ")).rejected
    assert approved_token(_KALSHI_SETS, _sets("12", "Soria vs. Valen: Will the match go the distance?", "")) is None
    assert verdict(_KALSHI_SETS, _sets("13", "Soria vs. Valen: Will the match go 4 sets?")).rejected
    # A fight's distance is no number of sets.
    assert "go the distance" in written_out(
        gamma("14", question="Will Valko vs. Brenner go the distance?", description="A best-of-five rounds bout.")).title


def _kalshi_fight(series: str, title: str, condition: str) -> Market:
    return kalshi(f"{series}-29MAR14VALBRE-YES", title=title, yes_sub_title="Yes", event_title="Valko vs Brenner",
                  category="Sports", close_time="2029-03-28T06:00:00Z",
                  rules=f"If {condition} in the Valko vs Brenner professional MMA fight originally scheduled for Mar "
                        "14, 2029, then the market resolves to Yes.")


def _poly_fight(market_id: str, question: str, condition: str) -> Market:
    return gamma(market_id, question=question, end="2029-03-15T06:00:00Z", event_title="UFC 340: Valko vs. Brenner",
                 description=f"This market will resolve to Yes if {condition} in the UFC 340 bout between Dario Valko "
                             "and Theo Brenner scheduled for March 14, 2029. Otherwise No.")


_DISTANCE = _kalshi_fight("KXUFCDISTANCE", "Will the Valko vs Brenner fight go the distance?",
                          "the fight goes the full scheduled distance")
_INSIDE = _kalshi_fight("KXUFCINSIDE", "Will the Valko vs Brenner fight end inside the distance?",
                        "the fight ends before the final bell")


def test_a_fight_that_ends_by_decision_or_on_the_scorecards_went_the_distance() -> None:
    decision = _poly_fight("20", "Will Valko vs. Brenner end by decision?", "the fight is decided by the judges")
    assert approved_token(_DISTANCE, decision) == token_named(decision, "Yes")
    cards = _poly_fight("21", "Will Valko vs. Brenner go to the judges' scorecards?",
                        "the fight goes to the judges' scorecards")
    assert approved_token(_DISTANCE, cards) == token_named(cards, "Yes")
    assert approved_token(_INSIDE, decision) == token_named(decision, "No")
    # One fighter winning by decision is one way of winning, not the fight's length.
    own = _poly_fight("22", "Will Dario Valko win by decision?", "Dario Valko wins by decision")
    assert verdict(_DISTANCE, own).rejected


def test_a_fight_that_ends_by_ko_tko_or_submission_ended_inside_the_distance() -> None:
    stopped = _poly_fight("23", "Will Valko vs. Brenner end by KO/TKO or submission?",
                          "the fight ends by KO, TKO or submission")
    assert approved_token(_INSIDE, stopped) == token_named(stopped, "Yes")
    assert approved_token(_DISTANCE, stopped) == token_named(stopped, "No")
    # A knockout alone, or a round, is not every way inside the distance.
    knockout = _poly_fight("24", "Will Valko vs. Brenner end by KO/TKO?", "the fight ends by KO or TKO")
    assert verdict(_INSIDE, knockout).rejected
    assert verdict(_DISTANCE, knockout).rejected
    assert verdict(_DISTANCE, _poly_fight("25", "Will Valko vs. Brenner end in round 3?", "the fight ends in round 3")
                   ).rejected


# --- golf's Open by its two names ---------------------------------------------------------------------


def _open(title: str = "Will Ria Holm win The Open Championship?", rules_name: str = "2029 Open Championship") -> Market:
    return kalshi("KXPGAMAJOR-29OPEN-RHOL", title=title, yes_sub_title="Ria Holm", event_title="2029 Open Championship",
                  category="Sports", close_time="2029-07-21T06:00:00Z",
                  rules=f"If Ria Holm wins the {rules_name}, then the market resolves to Yes.")


def _golf(market_id: str, event: str) -> Market:
    return gamma(market_id, question=f"Will Ria Holm win the 2029 {event}?", end="2029-07-20T23:00:00Z",
                 event_title=f"{event} Winner 2029",
                 description=f"This market will resolve to Yes if Ria Holm wins the 2029 {event} golf tournament. "
                             "Otherwise No.")


def test_the_open_championship_is_the_british_open_in_golf() -> None:
    p = _golf("30", "British Open")
    assert approved_token(_open(), p) == token_named(p, "Yes")
    assert approved_token(_open("Will Ria Holm win The Open?", "2029 Open"), p) == token_named(p, "Yes")
    # The US Open was approved as "the Open" ("US" is the place markets leave unsaid); another
    # Open is still another event.
    assert approved_token(_open("Will Ria Holm win The Open?", "2029 Open"), _golf("31", "US Open")) is None
    assert verdict(_open(), _golf("32", "Australian Open")).rejected
    # Outside golf, or before another name, "the Open" stays as written.
    tennis = gamma("33", question="Will Lena Soria win the Open?", description="The Wimbledon tennis championships.")
    assert written_out(tennis).title == "Will Lena Soria win the Open?"
    scottish = gamma("34", question="Will Ria Holm win the Open de France?", description="A golf tournament.")
    assert written_out(scottish).title == "Will Ria Holm win the Open de France?"


# --- a tennis Grand Slam is a major --------------------------------------------------------------------


_SLAM = kalshi("KXTENNISSLAM-29-LSOR", title="Will Lena Soria win a Grand Slam in 2029?", yes_sub_title="Lena Soria",
               category="Sports", close_time="2029-12-31T06:00:00Z",
               rules="If Lena Soria wins at least one Grand Slam singles title in 2029 (Australian Open, French Open, "
                     "Wimbledon or US Open), then the market resolves to Yes.")


def test_winning_a_grand_slam_in_tennis_is_winning_a_major() -> None:
    p = gamma("40", question="Will Soria win any major in 2029?", end="2029-12-31T23:00:00Z",
              description="This market will resolve to Yes if Lena Soria wins any of the four tennis majors "
                          "(Australian Open, French Open, Wimbledon, US Open) in 2029. Otherwise No.")
    assert approved_token(_SLAM, p) == token_named(p, "Yes")
    # The calendar Grand Slam is all four; golf's Grand Slam stays as written.
    calendar = gamma("41", question="Will Soria complete the calendar Grand Slam in 2029?", end="2029-12-31T23:00:00Z",
                     description="This market will resolve to Yes if Lena Soria wins all four tennis majors in 2029.")
    assert approved_token(_SLAM, calendar) is None
    golf = gamma("42", question="Will Ria Holm win a Grand Slam?", description="All four golf majors in one year.")
    assert written_out(golf).title == "Will Ria Holm win a Grand Slam?"


# --- "WR" is the world record where races are run ---------------------------------------------------


def test_a_wr_in_a_race_is_the_world_record() -> None:
    k = kalshi("KXWORLDSWR-29-400H", title="Will a WR be set in the women's 400m hurdles at the 2029 World Championships?",
               yes_sub_title="Yes", category="Sports", close_time="2029-08-30T06:00:00Z",
               rules="If a WR is set in the women's 400m hurdles at the 2029 World Athletics Championships, then the "
                     "market resolves to Yes.")
    p = gamma("50", question="Will the women's 400m hurdles world record be broken at the 2029 Worlds?",
              end="2029-08-30T06:00:00Z",
              description="This market will resolve to Yes if the women's 400m hurdles world record is broken at the "
                          "2029 World Athletics Championships. Otherwise No.")
    assert approved_token(k, p) == token_named(p, "Yes")
    men = gamma("51", question="Will the men's 400m hurdles world record be broken at the 2029 Worlds?",
                end="2029-08-30T06:00:00Z",
                description="This market will resolve to Yes if the men's 400m hurdles world record is broken at the "
                            "2029 World Athletics Championships. Otherwise No.")
    assert verdict(k, men).rejected
    # A wide receiver is no record.
    receiver = gamma("52", question="Will a WR score in Super Bowl LXIV?", description="Any wide receiver.")
    assert written_out(receiver).title == "Will a WR score in Super Bowl LXIV?"


# --- a set by its complement --------------------------------------------------------------------------


def _conference_title(market_id: str, question: str, condition: str) -> Market:
    return gamma(market_id, question=question, end="2030-01-21T06:00:00Z",
                 description=f"This market will resolve to Yes if {condition} wins the 2029-30 College Football Playoff "
                             "National Championship. Otherwise No.")


_SEC = kalshi("KXCFPCONF-30-SEC", title="Will an SEC team win the College Football Playoff?", yes_sub_title="Yes",
              category="Sports", close_time="2030-01-21T06:00:00Z",
              rules="If a team from the SEC wins the 2029-30 College Football Playoff National Championship, then the "
                    "market resolves to Yes.")


def test_a_team_outside_a_conference_winning_is_the_no_of_one_of_its_teams_winning() -> None:
    # The YES side "Yes" was read as a school named "Yes", and the Polymarket subject as a school.
    outside = _conference_title("60", "Will a team outside the SEC win the College Football Playoff?",
                                "a team that is not a member of the SEC")
    assert approved_token(_SEC, outside) == token_named(outside, "No")
    non = _conference_title("61", "Will a non-SEC team win the 2029-30 College Football Playoff?", "a non-SEC team")
    assert approved_token(_SEC, non) == token_named(non, "No")
    inside = _conference_title("62", "Will an SEC team win the 2029-30 College Football Playoff?", "an SEC team")
    assert approved_token(_SEC, inside) == token_named(inside, "Yes")
    # Another conference is another set; outside a ranking's top is a rank, no set's complement.
    big_ten = _conference_title("63", "Will a team outside the Big Ten win the College Football Playoff?",
                                "a team that is not a member of the Big Ten")
    assert approved_token(_SEC, big_ten) is None
    top = kalshi("KXMASTERSTOP-29", title="Will a player ranked in the top 10 win the 2029 Masters?", yes_sub_title="Yes",
                 category="Sports", close_time="2029-04-15T06:00:00Z",
                 rules="If a golfer ranked in the top 10 of the world ranking wins the 2029 Masters Tournament, then the "
                       "market resolves to Yes.")
    ranked = gamma("64", question="Will a player outside the top 10 win the 2029 Masters?", end="2029-04-15T06:00:00Z",
                   description="This market will resolve to Yes if a golfer ranked outside the top 10 of the world "
                               "ranking wins the 2029 Masters Tournament. Otherwise No.")
    assert approved_token(top, ranked) is None


# --- the women's tournament by the men's words ----------------------------------------------------------


def _tournament(market_id: str, question: str, rules_name: str) -> Market:
    return gamma(market_id, question=question, end="2029-04-08T23:00:00Z", group="Cedar State",
                 description=f"This market will resolve to Yes if Cedar State wins the 2029 {rules_name}. Otherwise No.")


_WOMENS_MADNESS = kalshi("KXWMARMAD-29-CEDS", title="Will Cedar State win Women's March Madness?",
                         yes_sub_title="Cedar State", event_title="Women's March Madness 2029", category="Sports",
                         close_time="2029-04-08T06:00:00Z",
                         rules="If Cedar State wins the 2029 Women's March Madness tournament, then the market resolves "
                               "to Yes.")


def test_womens_march_madness_is_the_womens_ncaa_tournament_never_the_mens() -> None:
    women = _tournament("70", "Will Cedar State win the 2029 NCAA Division I Women's Basketball Tournament?",
                        "NCAA Division I Women's Basketball Tournament")
    assert approved_token(_WOMENS_MADNESS, women) == token_named(women, "Yes")
    # Both were read as the men's title: the men's market was approved for the women's.
    men = _tournament("71", "Will Cedar State win the 2029 NCAA Tournament?", "NCAA Division I Men's Basketball Tournament")
    assert verdict(_WOMENS_MADNESS, men).rejected
    assert verdict(_WOMENS_MADNESS, _tournament("72", "Will Cedar State win March Madness 2029?", "NCAA Tournament")
                   ).rejected
    mens_madness = kalshi("KXMARMAD-29-CEDS", title="Will Cedar State win March Madness?", yes_sub_title="Cedar State",
                          event_title="March Madness 2029", category="Sports", close_time="2029-04-08T06:00:00Z",
                          rules="If Cedar State wins the 2029 NCAA Division I Men's Basketball Tournament, then the "
                                "market resolves to Yes.")
    assert approved_token(mens_madness, men) == token_named(men, "Yes")
    assert verdict(mens_madness, women).rejected


# --- a team event that may end level -------------------------------------------------------------------


def test_retaining_a_cup_on_a_tie_is_not_winning_it() -> None:
    usa = kalshi("KXRYDERCUP-27-USA", title="Will the USA win the 2027 Ryder Cup?", yes_sub_title="USA",
                 event_title="2027 Ryder Cup winner", category="Sports", close_time="2027-09-27T06:00:00Z",
                 rules="If Team USA wins the 2027 Ryder Cup, then the market resolves to Yes. If the Ryder Cup ends in a "
                       "14-14 tie, the market resolves to No.")
    winner = gamma("80", question="Will the USA win the 2027 Ryder Cup?", group="USA", event_title="Ryder Cup Winner 2027",
                   end="2027-09-26T23:00:00Z",
                   description="This market will resolve to Yes if Team USA wins the 2027 Ryder Cup outright. A 14-14 "
                               "tie resolves this market to No.")
    assert approved_token(usa, winner) == token_named(winner, "Yes")
    retain = gamma("81", question="Will the USA retain the Ryder Cup in 2027?", end="2027-09-26T23:00:00Z",
                   description="This market will resolve to Yes if the USA retains the Ryder Cup in 2027, by winning or "
                               "tying the 2027 Ryder Cup.")
    assert approved_token(usa, retain) is None
    tie = gamma("82", question="Will the 2027 Ryder Cup end in a tie?", group="Tie", event_title="Ryder Cup Winner 2027",
                end="2027-09-26T23:00:00Z", description="This market will resolve to Yes if the 2027 Ryder Cup ends 14-14.")
    assert approved_token(usa, tie) is None


# --- a series won outright ----------------------------------------------------------------------------


def _series(draw: str = "the market resolves to No") -> Market:
    return kalshi("KXTESTSERIES-29-IND", title="Will India win the Test series against England?", yes_sub_title="India",
                  event_title="India vs England Test series 2029", category="Sports", close_time="2029-03-20T06:00:00Z",
                  rules=f"If India wins the 2029 India vs England Test series, then the market resolves to Yes. If the "
                        f"series is drawn, {draw}.")


def _series_question(market_id: str, question: str, condition: str) -> Market:
    return gamma(market_id, question=question, end="2029-03-19T23:00:00Z", event_title="India vs England Test Series 2029",
                 description=f"This market will resolve to Yes if India {condition} the 2029 Test series against England"
                             f"{' outright. A drawn series resolves No' if 'outright' in question else ''}.")


def test_a_series_won_outright_is_a_series_won_where_the_other_pays_no_on_a_draw() -> None:
    outright = _series_question("90", "Will India win the Test series against England outright?", "wins")
    assert approved_token(_series(), outright) == token_named(outright, "Yes")
    # A draw the other market splits, the series not lost, and a score are other propositions.
    assert approved_token(_series("the market resolves 50-50"), outright) is None
    not_lost = _series_question("91", "Will India not lose the Test series against England?", "wins or draws")
    assert approved_token(_series(), not_lost) is None
    assert verdict(_series(), _series_question("92", "Will India win the Test series against England 2-0?", "wins 2-0")
                   ).rejected
