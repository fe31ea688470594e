"""Forms that need knowledge no single market text states, on invented markets: an office under
its secondary name ("Secretary of War" is the Secretary of Defense), a title's "leave the Cabinet"
whose rules pay on leaving one office, a surname against the full name of the one person of an
event, national leagues and esports titles under their other names, and touchdown props. Each
look-alike (another office, leaving the Cabinet by its rules, another person of one surname,
another league or tier, another game, another prop) still never agrees."""

from __future__ import annotations

import pytest

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _question(market_id: str, question: str, condition: str, end: str, **fields: str) -> Market:
    return gamma(market_id, question=question, end=end, **fields,
                 description=f'This market will resolve to "Yes" if {condition}. Otherwise, this market will resolve to "No".')


def assert_approved(k: Market, p: Market, outcome: str = "Yes") -> None:
    assert approved(k, p) == [token_named(p, outcome)], verdict(k, p).reasons


def assert_not_approved(k: Market, p: Market) -> None:
    assert not approved(k, p), verdict(k, p).reasons


# --- an office under its secondary name; a title's Cabinet its rules restate as one office -------------

_MARCH_31 = "2028-03-31T23:59:00Z"


def _leaves(title: str, condition: str, event_title: str = "Dana Whitlock out as Secretary of War?") -> Market:
    return kalshi("KXWHITLOCKOUT-28APR01-OUT", title=title, yes_sub_title="Before Apr 1, 2028", category="Politics",
                  event_title=event_title, close_time=_MARCH_31,
                  rules=f"If {condition} before Apr 1, 2028, then the market resolves to Yes.")


def _out_as(market_id: str, office: str, person: str = "Dana Whitlock") -> Market:
    return _question(market_id, f"{person.split()[-1]} out as {office} by March 31?",
                     f"{person} ceases to hold the position of {office} for any reason by March 31, 2028, 11:59 PM ET",
                     _MARCH_31)


def test_the_secretary_of_war_is_the_secretary_of_defense() -> None:
    k = _leaves("Will Dana Whitlock be out as Secretary of War before Apr 1, 2028?",
                "Dana Whitlock ceases to be Secretary of War")
    assert_approved(k, _out_as("1", "Secretary of Defense"))
    assert_approved(k, _out_as("2", "Defense Secretary"))


def test_the_secretary_of_war_is_no_other_secretary() -> None:
    k = _leaves("Will Dana Whitlock be out as Secretary of War before Apr 1, 2028?",
                "Dana Whitlock ceases to be Secretary of War")
    assert_not_approved(k, _out_as("3", "Secretary of State"))
    assert_not_approved(k, _out_as("4", "Secretary of the Army"))


def test_leaving_the_cabinet_whose_rules_name_the_office_is_leaving_the_office() -> None:
    k = _leaves("Will Dana Whitlock leave the Cabinet before Apr 1, 2028?", "Dana Whitlock ceases to be Secretary of War")
    assert_approved(k, _out_as("5", "Secretary of Defense"))


def test_leaving_the_cabinet_by_its_rules_is_not_leaving_one_office() -> None:
    # A move to another Cabinet post leaves the office and stays in the Cabinet.
    k = _leaves("Will Dana Whitlock leave the Cabinet before Apr 1, 2028?",
                "Dana Whitlock ceases to be a member of the Cabinet")
    assert_not_approved(k, _out_as("6", "Secretary of Defense"))


def test_leaving_the_office_is_not_another_event_nor_another_office_nor_another_person() -> None:
    k = _leaves("Will Dana Whitlock leave the Cabinet before Apr 1, 2028?", "Dana Whitlock ceases to be Secretary of War")
    assert_not_approved(k, _question("7", "Whitlock impeached by March 31?",
                                     "the House of Representatives votes to impeach Dana Whitlock by March 31, 2028",
                                     _MARCH_31))
    assert_not_approved(k, _out_as("8", "Secretary of State"))
    assert_not_approved(k, _out_as("9", "Secretary of Defense", person="Marcus Whitlock"))


# --- national football leagues under their other names -------------------------------------------------

_SEASON_END = "2031-06-01T00:00:00Z"


def _league_title(series: str, league: str, club: str = "Sevilla", code: str = "SEV") -> Market:
    return kalshi(f"{series}-31-{code}", title=f"{league} 2030-31 winner", yes_sub_title=club, category="Sports",
                  close_time=_SEASON_END, rules=f"If {club} wins the 2030-31 {league}, then the market resolves to Yes.")


def _league_winner(market_id: str, league: str, club: str = "Sevilla", sport: str = "football") -> Market:
    return gamma(market_id, question=f"{league} Winner 2030-31: {club}", group=club, end=_SEASON_END,
                 event_title=f"{league} Winner 2030-31",
                 description=f'This market will resolve to "Yes" if {club} wins the 2030-31 {league} {sport} season. '
                             'Otherwise, it will resolve to "No".')


@pytest.mark.parametrize(("series", "league", "other", "market_id"), [
    ("KXLALIGA", "La Liga", "LaLiga", "11"), ("KXLALIGA", "La Liga", "Primera División", "12"),
    ("KXLALIGA", "La Liga", "Spanish league", "13"), ("KXSERIEA", "Serie A", "Italian league", "14"),
    ("KXBUNDESLIGA", "Bundesliga", "German league", "15"), ("KXLIGUE1", "Ligue 1", "French league", "16"),
    ("KXEPL", "EPL", "Premier League", "17"), ("KXEPL", "EPL", "English Premier League", "18")])
def test_a_national_league_under_its_other_names_is_the_league(series: str, league: str, other: str, market_id: str) -> None:
    assert_approved(_league_title(series, league), _league_winner(market_id, other))


@pytest.mark.parametrize(("series", "league", "other", "market_id"), [
    ("KXLALIGA", "La Liga", "LaLiga Hypermotion", "21"), ("KXLALIGA", "La Liga", "Liga MX", "22"),
    ("KXLALIGA", "La Liga", "Argentine Primera División", "23"), ("KXLALIGA", "La Liga", "Liga F", "24"),
    ("KXLALIGA", "La Liga", "Spanish women's league", "25"), ("KXBUNDESLIGA", "Bundesliga", "Bundesliga 2", "26"),
    ("KXSERIEA", "Serie A", "Serie B", "27"), ("KXEPL", "EPL", "Women's Super League", "28"),
    ("KXEPL", "EPL", "Indian Premier League", "29"), ("KXEPL", "Premier League", "Caribbean Premier League", "30")])
def test_another_tier_side_or_country_of_the_league_stays_another_league(series: str, league: str, other: str,
                                                                         market_id: str) -> None:
    assert_not_approved(_league_title(series, league), _league_winner(market_id, other))


def test_a_countrys_league_of_another_sport_is_not_its_football_league() -> None:
    basketball = kalshi("KXACB-31-SEV", title="Liga ACB 2030-31 winner", yes_sub_title="Sevilla", category="Sports",
                        close_time=_SEASON_END, rules="If Sevilla wins the 2030-31 Liga ACB, then the market resolves to Yes.")
    assert_not_approved(basketball, _league_winner("31", "Spanish league", sport="basketball"))
    assert_not_approved(_league_title("KXLALIGA", "La Liga"), _league_winner("32", "Spanish league", sport="basketball"))


# --- esports titles in their other written forms -------------------------------------------------------

_EVENT_END = "2028-06-20T23:59:00Z"


def _esports_winner(series: str, competition: str, team: str = "Halcyon", code: str = "HAL") -> Market:
    return kalshi(f"{series}-28-{code}", title=f"Who will win the {competition} 2028?", yes_sub_title=team,
                  category="Sports", close_time=_EVENT_END,
                  rules=f"If {team} wins the {competition} 2028, then the market resolves to Yes.")


def _esports_question(market_id: str, competition: str, team: str = "Halcyon") -> Market:
    return _question(market_id, f"Will {team} win the {competition} 2028?", f"{team} wins the {competition} 2028",
                     _EVENT_END)


def test_an_esports_title_in_its_other_written_form_is_the_title() -> None:
    for series, own, other, market_id in (
            ("KXCS2MAJOR", "CS2 Major", "Counter-Strike 2 Major", "41"),
            ("KXCS2MAJOR", "Counter-Strike 2 Major", "CS2 Major", "42"),
            ("KXLOLMSI", "LoL Mid-Season Invitational", "League of Legends Mid-Season Invitational", "43"),
            ("KXDOTARM", "Dota 2 Riyadh Masters", "Dota2 Riyadh Masters", "44"),
            ("KXVALMASTERS", "VCT Masters Toronto", "Valorant Masters Toronto", "45")):
        assert_approved(_esports_winner(series, own), _esports_question(market_id, other))


def test_another_game_or_the_game_cs2_replaced_stays_apart() -> None:
    cs2 = _esports_winner("KXCS2MAJOR", "CS2 Major")
    for market_id, other in (("46", "CS:GO Major"), ("47", "Valorant Champions"), ("48", "Counter-Strike Major"),
                             ("49", "Dota 2 Major")):
        assert_not_approved(cs2, _esports_question(market_id, other))
    assert_not_approved(_esports_winner("KXVALAMER", "VCT Americas"), _esports_question("50", "Valorant Masters Toronto"))


def _esports_game(title: str, game: str) -> Market:
    return kalshi("KXCS2GAME-28MAR04HALORB-HAL", title=title, yes_sub_title="Halcyon", category="Sports",
                  close_time="2028-03-04T23:00:00Z",
                  rules=f"If Halcyon wins the {game} match against Orbis scheduled for Mar 4, 2028, then the market "
                        "resolves to Yes.")


def _esports_line(market_id: str, heading: str) -> Market:
    return gamma(market_id, question=f"{heading}: Halcyon vs Orbis (BO3) - Spring Finals", outcomes=("Halcyon", "Orbis"),
                 end="2028-03-04T23:00:00Z", game_start_time="2028-03-04 17:00:00+00",
                 description=f"In the upcoming {heading} match scheduled for March 4, 2028, this market resolves to "
                             "Halcyon if Halcyon wins, and to Orbis otherwise.")


def test_a_game_of_one_title_in_its_other_written_form_is_the_game() -> None:
    k = _esports_game("Halcyon vs Orbis", "Counter-Strike 2")
    assert_approved(k, _esports_line("53", "Counter-Strike"), "Halcyon")
    assert_approved(k, _esports_line("54", "CS2"), "Halcyon")


def test_one_clubs_sides_in_two_games_are_two_matches() -> None:
    k = _esports_game("Halcyon vs Orbis", "Counter-Strike 2")
    assert_not_approved(k, _esports_line("51", "Valorant"))
    assert_not_approved(k, _esports_line("52", "League of Legends"))


# --- a surname against the full name of the one rider of that surname ----------------------------------

_RACE_END = "2028-07-26T23:59:00Z"


def _race_winner(rider: str, code: str) -> Market:
    return kalshi(f"KXROMANDIE-28-{code}", title="Tour de Romandie 2028 Winner", yes_sub_title=rider, category="Sports",
                  close_time=_RACE_END, rules=f"If {rider} wins the 2028 Tour de Romandie, then the market resolves to Yes.")


def _rider_option(market_id: str, option: str, rider: str | None = None) -> Market:
    rider = rider or option
    return gamma(market_id, question=f"Will {rider} win the 2028 Tour de Romandie?", group=option, end=_RACE_END,
                 event_title="Tour de Romandie 2028 Winner",
                 description=f'This market will resolve to "Yes" if {rider} wins the 2028 Tour de Romandie. Otherwise, '
                             'this market will resolve to "No".')


def test_a_surname_with_diacritics_is_the_full_name_of_its_one_rider() -> None:
    # "Rogačar" alone was no name (its capital was looked for in the rules with the diacritic on).
    assert_approved(_race_winner("Rogačar", "KOV"), _rider_option("61", "Luka Rogačar"))
    assert_approved(_race_winner("Luka Rogačar", "LKOV"), _rider_option("62", "Rogačar"))


def test_a_surname_option_whose_question_names_another_rider_is_not_the_full_name() -> None:
    # The option "Brenner" under "Will Luka Brenner win ...?" was approved against Matej Brenner.
    assert_not_approved(_race_winner("Matej Brenner", "MBRE"), _rider_option("63", "Brenner", "Luka Brenner"))
    assert_not_approved(_race_winner("Matej Brenner", "MBRE"), _rider_option("64", "Luka Brenner"))


def test_two_riders_of_one_surname_leave_the_surname_to_a_person() -> None:
    brothers = [_rider_option("65", "Luka Rogačar"), _rider_option("66", "Matej Rogačar")]
    pairs = match_markets([_race_winner("Rogačar", "KOV")], brothers)
    assert pairs and all(pair.status is not PairStatus.APPROVED for pair in pairs), [p.reasons for p in pairs]


# --- an NFL player's anytime touchdown -----------------------------------------------------------------

_KICKOFF = "2028-10-08T17:00:00Z"


def _touchdown_rung(title: str, *, game: str = "28OCT08KCBUF", code: str = "KCRVALE4", label: str = "") -> Market:
    return kalshi(f"KXNFLANYTD-{game}-{code}", event_ticker=f"KXNFLANYTD-{game}", title=title,
                  yes_sub_title=label or "Ruben Vale", category="Sports", event_title="Kansas City at Buffalo",
                  close_time="2028-10-09T06:00:00Z",
                  rules="If Ruben Vale scores a touchdown in the game, then the market resolves to Yes.")


def _touchdown_question(market_id: str, question: str, *, day: str = "2028-10-08", outcomes: tuple[str, str] = ("Yes", "No"),
                        group: str | None = None) -> Market:
    return gamma(market_id, question=question, end=f"{day}T23:59:00Z", slug=f"nfl-kc-buf-{day}-{market_id}",
                 event_title="Chiefs vs. Bills", game_start_time=f"{day} 17:00:00+00", outcomes=outcomes, group=group)


def test_an_anytime_touchdown_is_one_touchdown_or_more_in_the_game_on_both_venues() -> None:
    for title in ("Ruben Vale: Anytime TD?", "Will Ruben Vale score a touchdown in Kansas City at Buffalo?"):
        k = _touchdown_rung(title)
        for market_id, question in (("71", "Will Ruben Vale score a touchdown?"), ("72", "Ruben Vale: Anytime Touchdown Scorer"),
                                    ("73", "Ruben Vale Anytime TD")):
            assert_approved(k, _touchdown_question(market_id, question))
        assert_approved(k, _touchdown_question("74", "Ruben Vale: Touchdowns O/U 0.5", outcomes=("Over", "Under"),
                                               group="Touchdowns O/U 0.5"), "Over")


def test_first_touchdown_two_touchdowns_another_game_or_player_are_not_an_anytime_touchdown() -> None:
    k = _touchdown_rung("Ruben Vale: Anytime TD?")
    assert_not_approved(k, _touchdown_question("75", "Ruben Vale: First Touchdown Scorer"))
    assert_not_approved(k, _touchdown_question("76", "Will Ruben Vale score the first touchdown?"))
    assert_not_approved(k, _touchdown_question("77", "Ruben Vale: Touchdowns O/U 1.5", outcomes=("Over", "Under"),
                                               group="Touchdowns O/U 1.5"))
    assert_not_approved(k, _touchdown_question("78", "Will Ruben Vale score a touchdown?", day="2028-10-15"))
    assert_not_approved(k, _touchdown_question("79", "Will Omar Reyes score a touchdown?"))
    assert_not_approved(k, _touchdown_question("80", "Ruben Vale: Passing Touchdowns O/U 0.5", outcomes=("Over", "Under"),
                                               group="Passing Touchdowns O/U 0.5"))
    assert_not_approved(k, _question("81", "Will Ruben Vale score a touchdown in the 2028 season?",
                                     "Ruben Vale scores a touchdown in the 2028 NFL regular season", "2029-01-08T23:59:00Z"))


def test_two_touchdowns_are_the_rung_of_two() -> None:
    two = _touchdown_rung("Ruben Vale: TDs", code="KCRVALE4-2", label="Ruben Vale: 2+")
    assert_approved(two, _touchdown_question("82", "Ruben Vale: Touchdowns O/U 1.5", outcomes=("Over", "Under"),
                                             group="Touchdowns O/U 1.5"), "Over")
    assert_not_approved(two, _touchdown_question("83", "Will Ruben Vale score a touchdown?"))


# --- the Speaker's election as an option against "be elected Speaker" ----------------------------------

_SPEAKER_VOTE = "2031-01-31T23:59:00Z"


def _speaker_option(title: str, member: str = "Dana Whitfield") -> Market:
    return kalshi(f"KXSPEAKER-31-{member.split()[-1][:4].upper()}", title=title, yes_sub_title=member, category="Politics",
                  close_time=_SPEAKER_VOTE, event_title=title,
                  rules=f"If {member} is elected Speaker of the House before Feb 1, 2031, then the market resolves to Yes.")


def _elected(market_id: str, question: str, condition: str = "Dana Whitfield is elected Speaker of the U.S. House of "
                                                              "Representatives by January 31, 2031") -> Market:
    return _question(market_id, question, condition, _SPEAKER_VOTE)


def test_the_winner_of_the_speakers_election_is_the_member_elected_speaker() -> None:
    for title in ("Speaker of the House election winner", "Who will win the Speaker of the House election?"):
        assert_approved(_speaker_option(title), _elected("91", "Will Dana Whitfield be elected Speaker of the House?"))


def test_another_member_a_nomination_a_ballot_or_an_election_held_is_not_the_speaker_elected() -> None:
    k = _speaker_option("Speaker of the House election winner")
    assert_not_approved(k, _elected("92", "Will Marcus Oyelaran be elected Speaker of the House?",
                                    "Marcus Oyelaran is elected Speaker of the U.S. House of Representatives by January 31, 2031"))
    assert_not_approved(k, _elected("93", "Will Dana Whitfield be the Republican nominee for Speaker?",
                                    "the House Republican Conference nominates Dana Whitfield for Speaker by January 31, 2031"))
    assert_not_approved(k, _elected("94", "Will Dana Whitfield be elected Speaker on the first ballot?",
                                    "Dana Whitfield is elected Speaker of the House on the first ballot by January 31, 2031"))
    assert_not_approved(k, _elected("95", "Will Dana Whitfield be elected House Majority Leader?",
                                    "Dana Whitfield is elected Majority Leader of the U.S. House by January 31, 2031"))
    assert_not_approved(k, _elected("96", "Will the House hold a Speaker election before February 2031?",
                                    "the House of Representatives holds a vote to elect a Speaker by January 31, 2031"))


def test_a_place_or_a_person_only_a_title_names_still_waits_for_a_person() -> None:
    # The sentence of YES leaves them out, but a later sentence of the rules may still require them.
    for title in ("Will Dana Whitlock leave office in Alaska before Apr 1, 2028?",
                  "Will Marcus Reyes fire Dana Whitlock before Apr 1, 2028?"):
        k = _leaves(title, "Dana Whitlock ceases to be Secretary of War")
        assert_not_approved(k, _out_as("10", "Secretary of Defense"))
