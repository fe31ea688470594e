"""Season titles and elections a blind set never proposed, on invented markets: a national league
after its own country's adjective ("Spanish La Liga"), a title question without its "Will"
("Celtics win the 2028 NBA Finals?"), a division title of a league that names its seasons by their
first year, and elections whose office and country only the rules name ("Okafor re-elected?").
Each look-alike (another country's league, another division, the conference, another year,
another office, a primary) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi
from arb_pipeline_tests.domain.matching.test_generalization_round11_rec1 import assert_paired, proposed
from arb_pipeline_tests.domain.matching.test_generalization_round12_rec5 import assert_apart


# --- a national league after its own country's adjective -----------------------------------------------


def _national_league(series: str, league: str, club: str, code: str) -> Market:
    return kalshi(f"{series}-31-{code}", title=f"{league} 2030-31 winner", yes_sub_title=club, category="Sports",
                  close_time="2031-06-01T00:00:00Z",
                  rules=f"If {club} wins the 2030-31 {league}, then the market resolves to Yes.")


def _league_winner(market_id: str, league: str, club: str) -> Market:
    return gamma(market_id, question=f"{league} Winner 2030-31: {club}", group=club, end="2031-06-01T00:00:00Z",
                 event_title=f"{league} Winner 2030-31",
                 description=f"This market will resolve to \"Yes\" if {club} wins the 2030-31 {league} season. "
                             "Otherwise, it will resolve to \"No\".")


def test_a_league_after_its_own_countrys_adjective_is_the_league() -> None:
    for series, country, league, club, code, market_id in (
            ("KXLALIGA", "Spanish", "La Liga", "Valencia", "VAL", "101"),
            ("KXSERIEA", "Italian", "Serie A", "Atalanta", "ATA", "102"),
            ("KXBUNDESLIGA", "German", "Bundesliga", "Freiburg", "FRE", "103")):
        assert_paired(_national_league(series, f"{country} {league}", club, code),
                      _league_winner(market_id, league, club), "Yes")


def test_another_countrys_league_of_the_same_name_stays_another_league() -> None:
    # Brazil's Serie A and Austria's Bundesliga are not Italy's and Germany's.
    assert_apart(_national_league("KXBRASILEIRAO", "Brazilian Serie A", "Palmeiras", "PAL"),
                 _league_winner("104", "Serie A", "Palmeiras"))
    assert_apart(_national_league("KXAUTBL", "Austrian Bundesliga", "Sturm Graz", "STU"),
                 _league_winner("105", "Bundesliga", "Sturm Graz"))
    # Another country's adjective before another league, and another league of the same club.
    assert_apart(_national_league("KXLALIGA", "Spanish La Liga", "Valencia", "VAL"),
                 _league_winner("106", "Premier League", "Valencia"))


# --- a title question without its "Will" ---------------------------------------------------------------


def _pro_title(series: str, sport: str, city: str, code: str, year: int = 2031) -> Market:
    return kalshi(f"{series}-{year % 100}-{code}", title=f"Pro {sport} Champion {year}?", yes_sub_title=city,
                  category="Sports", close_time=f"{year}-06-30T00:00:00Z",
                  rules=f"If {city} wins the {year} Pro {sport} Finals, then the market resolves to Yes.")


def _title_question(market_id: str, question: str, team: str, competition: str, end: str = "2031-06-30") -> Market:
    return gamma(market_id, question=question, end=f"{end}T00:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the {team} win the {competition}. "
                             "Otherwise, it will resolve to \"No\".")


def test_a_title_question_without_will_names_its_team() -> None:
    assert_paired(_pro_title("KXNBA", "Basketball", "Denver", "DEN"),
                  _title_question("201", "Nuggets win the 2031 NBA Finals?", "Denver Nuggets", "2031 NBA Finals"), "Yes")
    assert_paired(_pro_title("KXNHL", "Hockey", "Dallas", "DAL"),
                  _title_question("202", "Stars win the 2031 Stanley Cup?", "Dallas Stars", "2031 Stanley Cup"), "Yes")


def test_a_title_question_without_will_keeps_its_team_year_and_stage() -> None:
    kalshi_denver = _pro_title("KXNBA", "Basketball", "Denver", "DEN")
    assert_apart(kalshi_denver, _title_question("203", "Suns win the 2031 NBA Finals?", "Phoenix Suns",
                                                "2031 NBA Finals"))
    assert_apart(kalshi_denver, _title_question("204", "Nuggets win the 2032 NBA Finals?", "Denver Nuggets",
                                                "2032 NBA Finals", end="2032-06-30"))
    assert_apart(kalshi_denver, _title_question("205", "Nuggets reach the 2031 NBA Finals?", "Denver Nuggets",
                                                "2031 Western Conference Finals"))
    # A team of another league's table: the Stars are no NBA team.
    assert_apart(kalshi_denver, _title_question("206", "Stars win the 2031 Stanley Cup?", "Dallas Stars",
                                                "2031 Stanley Cup"))


# --- a division title -----------------------------------------------------------------------------------


def _division(division: str, team: str, code: str, season: str = "2030-31") -> Market:
    return kalshi(f"KXNFL{division.replace(' ', '').upper()}-30-{code}", title=f"{division} division winner {season}",
                  yes_sub_title=team, category="Sports", close_time="2031-01-10T00:00:00Z",
                  rules=f"If the {team} win the {division} division in the {season} NFL season, then the market "
                        "resolves to Yes.")


def _division_winner(market_id: str, division: str, nickname: str, team: str, year: int = 2030) -> Market:
    return gamma(market_id, question=f"{division} Winner: {nickname}", group=nickname, event_title=f"{division} Winner",
                 end=f"{year + 1}-01-10T00:00:00Z",
                 description=f"This market will resolve to \"Yes\" if the {team} win the {division} division in the "
                             f"{year} NFL regular season. Otherwise, it will resolve to \"No\".")


def test_a_division_title_meets_across_the_seasons_two_namings() -> None:
    # The NFL names a season by the year it opens in: the "2030 NFL regular season" is "2030-31".
    assert_paired(_division("NFC North", "Detroit Lions", "DET"),
                  _division_winner("301", "NFC North", "Lions", "Detroit Lions"), "Yes")
    assert_paired(_division("AFC West", "Denver Broncos", "DEN"),
                  _division_winner("302", "AFC West", "Broncos", "Denver Broncos"), "Yes")


def test_a_division_is_no_other_division_nor_the_conference_nor_another_season() -> None:
    lions = _division("NFC North", "Detroit Lions", "DET")
    assert_apart(lions, _division_winner("303", "NFC South", "Lions", "Detroit Lions"))
    assert_apart(lions, _division_winner("304", "NFC North", "Lions", "Detroit Lions", year=2031))
    assert_apart(_division("AFC North", "Cleveland Browns", "CLE"),
                 _division_winner("305", "NFC North", "Browns", "Cleveland Browns"))
    assert_apart(lions, gamma("306", question="NFC Champion: Lions", group="Lions", event_title="NFC Champion",
                              end="2031-01-30T00:00:00Z",
                              description="This market will resolve to \"Yes\" if the Detroit Lions win the NFC in "
                                          "the 2030 NFL season. Otherwise, it will resolve to \"No\"."))
    super_bowl = gamma("307", question="Will the Lions win Super Bowl 2031?", end="2031-02-10T00:00:00Z",
                       description="This market will resolve to \"Yes\" if the Detroit Lions win Super Bowl LXV. "
                                   "Otherwise, it will resolve to \"No\".")
    assert_apart(lions, super_bowl)
    assert proposed(_division("NFC North", "Detroit Lions", "DET"),
                    _division_winner("308", "NFC North", "Lions", "Detroit Lions"))


# --- an election whose office only the rules name -----------------------------------------------------


def _presidential(country: str, adjective: str, candidate: str, code: str, year: int = 2031) -> Market:
    return kalshi(f"KX{code}PRES-{year % 100}-{candidate.split()[-1][:4].upper()}",
                  title=f"{country} presidential election {year} winner", yes_sub_title=candidate, category="Elections",
                  close_time=f"{year}-11-30T00:00:00Z",
                  rules=f"If {candidate} wins the {year} {adjective} presidential election, then the market resolves to Yes.")


def _candidate_question(market_id: str, question: str, condition: str, end: str = "2031-11-30") -> Market:
    return gamma(market_id, question=question, end=f"{end}T00:00:00Z",
                 description=f"This market will resolve to \"Yes\" if {condition}. Otherwise, it will resolve to \"No\".")


def test_a_candidates_election_takes_its_office_and_country_from_the_rules() -> None:
    okafor = _presidential("Nigeria", "Nigerian", "Tunde Okafor", "NG")
    assert_paired(okafor, _candidate_question(
        "401", "Okafor re-elected?", "Tunde Okafor is re-elected in the 2031 Nigerian presidential election"), "Yes")
    assert_paired(okafor, _candidate_question(
        "402", "Okafor re-election in 2031?", "Tunde Okafor wins the 2031 Nigerian presidential election"), "Yes")
    assert_paired(okafor, _candidate_question(
        "403", "Will Okafor win re-election?", "Tunde Okafor is elected President of Nigeria in the 2031 election"),
        "Yes")


def test_losing_a_one_winner_race_is_the_no_of_winning_it() -> None:
    assert_paired(_presidential("Nigeria", "Nigerian", "Tunde Okafor", "NG"), _candidate_question(
        "404", "Will Okafor lose the 2031 election?", "Tunde Okafor does not win the 2031 Nigerian presidential "
                                                      "election"), "No")


def test_an_implied_race_keeps_its_year_office_stage_and_candidate() -> None:
    okafor = _presidential("Nigeria", "Nigerian", "Tunde Okafor", "NG")
    for market_id, question, condition, end in (
            # Another year's election.
            ("405", "Okafor re-elected?", "Tunde Okafor is re-elected in the 2027 Nigerian presidential election",
             "2027-11-30"),
            # Another office: a state's governor.
            ("406", "Okafor re-elected?", "Tunde Okafor is re-elected Governor of Lagos State in the 2031 election",
             "2031-11-30"),
            # A primary is no general election.
            ("407", "Will Okafor win re-election?", "Tunde Okafor wins the 2031 presidential primary of his party",
             "2031-11-30"),
            # Rules that name no office: nothing is assumed.
            ("408", "Okafor re-elected?", "Tunde Okafor is re-elected in 2031", "2031-11-30"),
            # Another candidate, and a question of losing whose rules pay on winning.
            ("409", "Adeyemi re-elected?", "Bola Adeyemi is re-elected in the 2031 Nigerian presidential election",
             "2031-11-30"),
            ("410", "Will Okafor lose the 2031 election?", "Tunde Okafor wins the 2031 Nigerian presidential election",
             "2031-11-30"),
            # Another country's presidential election.
            ("411", "Okafor re-elected?", "Tunde Okafor is re-elected in the 2031 Ghanaian presidential election",
             "2031-11-30")):
        assert_apart(okafor, _candidate_question(market_id, question, condition, end=end))


# --- the most seats, the largest party -------------------------------------------------------------------


def _most_seats(party: str, code: str, country: str = "Portuguese", election: str = "legislative election") -> Market:
    return kalshi(f"KXPTPARTY-30-{code}", title=f"Party with most seats in the next {country} {election}",
                  yes_sub_title=party, category="Elections", close_time="2030-10-30T00:00:00Z",
                  rules=f"If {party} wins the most seats in the next {country} {election}, then the market resolves "
                        "to Yes.")


def _party_question(market_id: str, question: str, condition: str) -> Market:
    return _candidate_question(market_id, question, condition, end="2030-10-30")


def test_the_party_with_most_seats_is_the_largest_party() -> None:
    chega = _most_seats("Chega", "CH")
    assert_paired(chega, _party_question("501", "Chega most seats in the Portuguese election?",
                                         "Chega wins the most seats in the next Portuguese legislative election"), "Yes")
    assert_paired(chega, _party_question("502", "Will Chega be the largest party in the Portuguese election?",
                                         "Chega is the largest party in the next Portuguese legislative election"),
                  "Yes")


def test_a_party_written_in_two_languages_initials_is_its_english_name() -> None:
    assert_paired(_most_seats("SP/PS", "SP", "Swiss", "federal election"), _party_question(
        "503", "Social Democratic Party of Switzerland largest party in the Swiss election?",
        "the Social Democratic Party of Switzerland wins the most seats in the next Swiss federal election"), "Yes")


def test_the_most_seats_is_no_other_count_of_seats_or_votes() -> None:
    chega = _most_seats("Chega", "CH")
    for market_id, question, condition in (
            ("504", "Chega most votes in the Portuguese election?",
             "Chega wins the most votes in the next Portuguese legislative election"),
            ("505", "Will Chega win seats in the Portuguese election?",
             "Chega wins seats in the next Portuguese legislative election"),
            ("506", "Will Chega win a majority in the Portuguese election?",
             "Chega wins a majority of seats in the next Portuguese legislative election"),
            ("507", "Will Chega form the next Portuguese government?",
             "Chega leads the government formed after the next Portuguese legislative election"),
            ("508", "Livre most seats in the Portuguese election?",
             "Livre wins the most seats in the next Portuguese legislative election")):
        assert_apart(chega, _party_question(market_id, question, condition))
    # Another Swiss party's initials.
    assert_apart(_most_seats("SVP/UDC", "SVP", "Swiss", "federal election"), _party_question(
        "509", "Social Democratic Party of Switzerland largest party in the Swiss election?",
        "the Social Democratic Party of Switzerland wins the most seats in the next Swiss federal election"))


# --- a place in the runoff --------------------------------------------------------------------------------


def _runoff_candidates(candidate: str, code: str) -> Market:
    return kalshi(f"KXPERUPRESRUNOFF-31-{code}", title="Candidates in the 2031 Peruvian presidential runoff",
                  yes_sub_title=candidate, category="Elections", close_time="2031-04-20T00:00:00Z",
                  rules=f"If {candidate} advances to the second round (runoff) of the 2031 Peruvian presidential "
                        "election, then the market resolves to Yes.")


def test_making_the_second_round_is_a_place_in_the_runoff() -> None:
    assert_paired(_runoff_candidates("Rosa Quispe", "QUI"), _candidate_question(
        "601", "Will Rosa Quispe make it to the second round?",
        "Rosa Quispe qualifies for the second round of the 2031 Peruvian presidential election", end="2031-04-20"), "Yes")


def test_a_place_in_the_runoff_is_not_winning_it() -> None:
    quispe = _runoff_candidates("Rosa Quispe", "QUI")
    assert_apart(quispe, _candidate_question(
        "602", "Will Rosa Quispe win the runoff?",
        "Rosa Quispe wins the second round of the 2031 Peruvian presidential election", end="2031-06-10"))
    winner = kalshi("KXPERUPRES-31-QUI", title="Winner of the 2031 Peruvian presidential runoff",
                    yes_sub_title="Rosa Quispe", category="Elections", close_time="2031-06-10T00:00:00Z",
                    rules="If Rosa Quispe wins the second round (runoff) of the 2031 Peruvian presidential election, then "
                          "the market resolves to Yes.")
    assert_apart(winner, _candidate_question(
        "603", "Will Rosa Quispe make it to the second round?",
        "Rosa Quispe qualifies for the second round of the 2031 Peruvian presidential election", end="2031-04-20"))
    # Another candidate's place.
    assert_apart(quispe, _candidate_question(
        "604", "Will Luis Torres make it to the second round?",
        "Luis Torres qualifies for the second round of the 2031 Peruvian presidential election", end="2031-04-20"))


# --- a primary by its state's code and its party's short name ---------------------------------------------------


def _state_primary(state: str, party: str, office: str, candidate: str, code: str) -> Market:
    return kalshi(f"KX{code}{office[:3].upper()}PRIM{party[0]}-30-{candidate.split()[-1].upper()}",
                  title=f"{state} {party} {office.lower()} primary 2030", yes_sub_title=candidate, category="Elections",
                  close_time="2030-05-10T00:00:00Z",
                  rules=f"If {candidate} wins the 2030 {state} {party} primary for {office}, then the market resolves "
                        "to Yes.")


def test_a_primary_by_its_states_code_and_its_partys_short_name() -> None:
    assert_paired(_state_primary("Ohio", "Democratic", "Governor", "Mara Lindqvist", "OH"), _candidate_question(
        "701", "Mara Lindqvist wins OH Dem primary?",
        "Mara Lindqvist wins the 2030 Democratic primary for Governor of Ohio", end="2030-05-10"), "Yes")
    assert_paired(_state_primary("Arizona", "Republican", "Senate", "Dale Whitcomb", "AZ"), _candidate_question(
        "702", "Will Dale Whitcomb win the AZ GOP primary?",
        "Dale Whitcomb wins the 2030 Republican primary for U.S. Senate in Arizona", end="2030-05-10"), "Yes")


def test_a_primary_keeps_its_party_office_and_state() -> None:
    lindqvist = _state_primary("Ohio", "Democratic", "Governor", "Mara Lindqvist", "OH")
    for market_id, question, condition, end in (
            # The other party's primary, the Senate's, another state's, and a code the rules contradict.
            ("703", "Mara Lindqvist wins OH GOP primary?",
             "Mara Lindqvist wins the 2030 Republican primary for Governor of Ohio", "2030-05-10"),
            ("704", "Mara Lindqvist wins OH Dem primary?",
             "Mara Lindqvist wins the 2030 Democratic primary for U.S. Senate in Ohio", "2030-05-10"),
            ("705", "Mara Lindqvist wins PA Dem primary?",
             "Mara Lindqvist wins the 2030 Democratic primary for Governor of Pennsylvania", "2030-05-10"),
            ("706", "Mara Lindqvist wins PA Dem primary?",
             "Mara Lindqvist wins the 2030 Democratic primary for Governor of Ohio", "2030-05-10"),
            # The general election is no primary.
            ("707", "Mara Lindqvist wins election?", "Mara Lindqvist wins the 2030 election for Governor of Ohio",
             "2030-11-10")):
        assert_apart(lindqvist, _candidate_question(market_id, question, condition, end=end))
