"""Forms of true pairs blind sets missed in the twelfth round, on invented markets: a league's
initials found inside another's ("NBA" in "WNBA"), short forms of competitions only their context
settles ("Worlds", "TI", "LoL"), sport awards in other words ("Golden Boot", "ROY"), relegation as
a finishing place, and a player known by one name. Each look-alike (another league, another
event, another award, another place in the table, another person) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.names import mentioned, name_key
from arb_pipeline.domain.matching.propositions.short_forms import written_out
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved_token(k: Market, p: Market) -> str | None:
    pairs = [x for x in match_markets([k], [p]) if x.status is PairStatus.APPROVED]
    return pairs[0].polymarket_yes_token if pairs else None


def assert_paired(k: Market, p: Market, pays_on_kalshi_yes: str) -> None:
    """Proposed, agreed part by part, and approved with the outcome that pays on Kalshi YES."""
    assert (0, 0) in candidate_pairs([read(k)], [read(p)])
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert approved_token(k, p) == token_named(p, pays_on_kalshi_yes)


def assert_apart(k: Market, p: Market) -> None:
    v = verdict(k, p)
    assert not v.agrees, v.reasons
    assert approved_token(k, p) is None


# --- a league's initials inside another's ------------------------------------------------------------


def _name(label: str) -> Name:
    return Name(name_key(label), label)


def test_a_leagues_initials_are_no_part_of_another_leagues() -> None:
    assert mentioned(_name("NBA"), "will the liberty win the 2027 nba finals?")
    assert not mentioned(_name("NBA"), "will the liberty win the 2027 wnba finals?")
    assert not mentioned(_name("PGA"), "if she wins the 2027 lpga championship")
    assert not mentioned(_name("NFL"), "the 2027 ufl season")
    assert not mentioned(_name("MLS"), "the 2027 nwsl championship")
    # A name's plural or possessive still follows it.
    assert mentioned(_name("Grammy"), "the 2027 grammys")


# --- short forms of competitions their context settles ------------------------------------------------


def _will_win(market_id: str, who: str, what: str, end: str, rules_what: str | None = None) -> Market:
    """A Polymarket "Will <who> win <what>?" whose rules may name ``what`` in other words."""
    return gamma(market_id, question=f"Will {who} win {what}?", end=end,
                 description=f"This market will resolve to Yes if {who} wins {rules_what or what}. Otherwise No.")


def _lol(market_id: str, competition: str, rules_competition: str | None = None) -> Market:
    return _will_win(market_id, "Gen.G", f"the 2027 {competition}", "2027-11-10T20:00:00Z",
                     f"the 2027 {rules_competition or competition}")


def _worlds(rules: str, series: str = "KXLOLWORLDS") -> Market:
    return kalshi(f"{series}-27-GENG", title="Will Gen.G win Worlds 2027?", yes_sub_title="Gen.G", category="Sports",
                  close_time="2027-11-10T20:00:00Z", rules=f"If Gen.G wins {rules}, then the market resolves to Yes.")


def test_worlds_in_a_league_of_legends_market_is_its_world_championship() -> None:
    # The context is the rules' game, or only the Kalshi series.
    k = _worlds("the 2027 League of Legends World Championship")
    assert_paired(k, _lol("1", "LoL World Championship"), "Yes")
    assert_paired(k, _lol("2", "League of Legends World Championship"), "Yes")
    assert_paired(_worlds("Worlds 2027"), _lol("3", "League of Legends World Championship"), "Yes")
    assert_paired(_worlds("the 2027 LoL Worlds", series="KXESPORTS"),
                  _lol("4", "World Championship", "League of Legends World Championship"), "Yes")


def test_another_event_of_the_game_or_worlds_of_no_game_stays_apart() -> None:
    k = _worlds("the 2027 League of Legends World Championship")
    assert_apart(k, _lol("5", "Mid-Season Invitational", "League of Legends Mid-Season Invitational"))
    assert_apart(k, _will_win("6", "Gen.G", "the 2028 LoL World Championship", "2028-11-10T20:00:00Z"))
    # Without a game's context "Worlds" stays as written: another sport's Worlds is not it.
    skating = kalshi("KXSKATEWORLDS-27-IMAL", title="Will Ilia Malinin win Worlds 2027?", yes_sub_title="Ilia Malinin",
                     category="Sports", close_time="2027-03-30T20:00:00Z",
                     rules="If Ilia Malinin wins the men's event at Worlds 2027, then the market resolves to Yes.")
    assert "League of Legends" not in written_out(skating).title
    assert "World Championship" not in written_out(skating).rules


def _the_international(market_id: str, year: int) -> Market:
    return _will_win(market_id, "Team Spirit", f"The International {year}", f"{year}-09-20T20:00:00Z",
                     f"The International {year}, the Dota 2 world championship")


def test_ti_in_a_dota_market_is_the_international() -> None:
    k = kalshi("KXDOTA2TI-27-SPIR", title="Will Team Spirit win TI 2027?", yes_sub_title="Team Spirit", category="Sports",
               close_time="2027-09-20T20:00:00Z", rules="If Team Spirit wins TI 2027, then the market resolves to Yes.")
    assert_paired(k, _the_international("7", 2027), "Yes")
    assert_apart(k, _the_international("8", 2028))
    elsewhere = kalshi("KXTI-27-SPIR", title="Will Team Spirit win TI 2027?", yes_sub_title="Team Spirit",
                       category="Sports", close_time="2027-09-20T20:00:00Z",
                       rules="If Team Spirit wins TI 2027, then the market resolves to Yes.")
    assert written_out(elsewhere).title == "Will Team Spirit win TI 2027?"


def _golf_masters(market_id: str, player: str) -> Market:
    return _will_win(market_id, player, "the 2027 Masters Tournament", "2027-04-12T20:00:00Z",
                     "the 2027 Masters Tournament at Augusta National Golf Club")


def test_the_masters_of_golf_is_not_snookers() -> None:
    golf = kalshi("KXMASTERS-27-SSCH", title="Will Scottie Scheffler win the Masters?", yes_sub_title="Scottie Scheffler",
                  category="Sports", close_time="2027-04-12T20:00:00Z",
                  rules="If Scottie Scheffler wins the 2027 Masters golf tournament, then the market resolves to Yes.")
    assert_paired(golf, _golf_masters("9", "Scottie Scheffler"), "Yes")
    snooker = kalshi("KXMASTERS-27-STEV", title="Will Alex Stevens win the Masters?", yes_sub_title="Alex Stevens",
                     category="Sports", close_time="2027-04-12T20:00:00Z",
                     rules="If Alex Stevens wins the 2027 Masters snooker tournament, then the market resolves to Yes.")
    v = verdict(snooker, _golf_masters("10", "Alex Stevens"))
    assert not v.agrees and any("different sports" in reason for reason in v.reasons), v.reasons


# --- relegation as a place in the table -----------------------------------------------------------------


def _relegated(league: str = "Premier League", code: str = "KXEPLRELEGATION") -> Market:
    return kalshi(f"{code}-27-WOL", title=f"Will Wolves be relegated from the {league}?", yes_sub_title="Wolves",
                  category="Sports", close_time="2027-05-31T20:00:00Z",
                  rules=f"If Wolves are relegated from the 2026-27 {league}, then the market resolves to Yes.")


def _place(market_id: str, place: str, league: str = "Premier League") -> Market:
    return gamma(market_id, question=f"Will Wolves finish in the {place} of the 2026-27 {league}?", end="2027-05-31T20:00:00Z",
                 description=f"This market will resolve to Yes if Wolves finish in the {place} of the 2026-27 {league} "
                             f"table. Otherwise No.")


def test_the_bottom_three_of_a_league_relegating_three_is_relegation() -> None:
    assert_paired(_relegated(), _place("11", "bottom three"), "Yes")
    assert_paired(_relegated("Serie A", "KXSERIEARELEGATION"), _place("12", "bottom 3", "Serie A"), "Yes")


def test_another_place_or_a_league_relegating_two_is_not_relegation() -> None:
    assert_apart(_relegated(), _place("13", "bottom four"))
    last = gamma("14", question="Will Wolves finish last in the 2026-27 Premier League?", end="2027-05-31T20:00:00Z",
                 description="This market will resolve to Yes if Wolves finish 20th in the 2026-27 Premier League table. "
                             "Otherwise No.")
    assert_apart(_relegated(), last)
    # The Bundesliga's 16th plays off: its bottom three are not its relegated sides.
    assert_apart(_relegated("Bundesliga", "KXBUNDESLIGARELEGATION"), _place("15", "bottom three", "Bundesliga"))


# --- sport awards in other words ----------------------------------------------------------------------------


def _award(code: str, player: str, award: str) -> Market:
    return kalshi(f"KXAWARD-27-{code}", title=f"Will {player} win the {award}?", yes_sub_title=player, category="Sports",
                  close_time="2027-06-30T20:00:00Z",
                  rules=f"If {player} wins the {award}, then the market resolves to Yes.")


def _top_scorer(market_id: str, player: str, league: str, what: str = "top goalscorer") -> Market:
    return gamma(market_id, question=f"Will {player} be the 2026-27 {league} {what}?", end="2027-06-30T20:00:00Z",
                 description=f"This market will resolve to Yes if {player} is the {what} of the 2026-27 {league} "
                             f"season. Otherwise No.")


def test_a_leagues_top_goalscorer_wins_its_golden_boot() -> None:
    k = _award("EHAA", "Erling Haaland", "2026-27 Premier League Golden Boot")
    assert_paired(k, _top_scorer("16", "Erling Haaland", "Premier League"), "Yes")
    assert_paired(k, _top_scorer("17", "Erling Haaland", "Premier League", "top scorer"), "Yes")
    heading = gamma("18", question="Premier League Top Scorer 2026-27", group="Erling Haaland", end="2027-06-30T20:00:00Z",
                    description="This market will resolve to Yes if Erling Haaland finishes as the top scorer of the "
                                "2026-27 Premier League. Otherwise No.")
    assert_paired(k, heading, "Yes")


def test_another_leagues_scorer_another_award_or_another_player_is_not_the_golden_boot() -> None:
    k = _award("EHAA", "Erling Haaland", "2026-27 Premier League Golden Boot")
    assert_apart(k, _top_scorer("19", "Erling Haaland", "La Liga"))
    assert_apart(k, _top_scorer("20", "Erling Haaland", "Premier League", "top assist provider"))
    assert_apart(k, _top_scorer("21", "Mohamed Salah", "Premier League"))
    assert_apart(_award("EHAA", "Erling Haaland", "2026-27 Premier League Golden Glove"),
                 _top_scorer("22", "Erling Haaland", "Premier League"))


def test_roy_is_the_rookie_of_the_year() -> None:
    k = _award("CFLA", "Cooper Flagg", "2026-27 NBA ROY")
    rookie = _will_win("23", "Cooper Flagg", "the 2026-27 NBA Rookie of the Year", "2027-06-30T20:00:00Z")
    assert_paired(k, rookie, "Yes")
    assert_apart(k, _will_win("24", "Cooper Flagg", "the 2026-27 NBA MVP", "2027-06-30T20:00:00Z"))
    assert_apart(k, _will_win("25", "Dylan Harper", "the 2026-27 NBA Rookie of the Year", "2027-06-30T20:00:00Z"))
    assert_apart(_award("CFLA", "Cooper Flagg", "2026-27 NBA ROY"),
                 _will_win("26", "Cooper Flagg", "the 2026-27 NBA Defensive Rookie of the Year", "2027-06-30T20:00:00Z"))


# --- a fight no market dates but by its card ------------------------------------------------------------------


def _fight(code: str, card: str = "", close: str = "2027-10-18T20:00:00Z") -> Market:
    at = f" at {card}" if card else ""
    return kalshi(f"KXUFCFIGHT-27OCT04{code}-PER", title=f"Will Alex Pereira win the Pereira vs {code.title()} fight?",
                  event_title=f"{card}: Pereira vs {code.title()}" if card else None,
                  yes_sub_title="Alex Pereira", category="Sports", close_time=close,
                  rules=f"If Alex Pereira wins the Pereira vs {code.title()} professional MMA fight{at}, then the market "
                        f"resolves to Yes.")


def _card(market_id: str, card: str, end: str, opponent: str = "Magomed Ankalaev") -> Market:
    surname = opponent.split()[-1]
    return gamma(market_id, question=f"{card}: Alex Pereira vs. {opponent}", end=end, outcomes=("Pereira", surname),
                 description=f"This market refers to the {card} fight between Alex Pereira and {opponent}. If Alex "
                             f"Pereira wins, the market resolves to Pereira. If {opponent} wins, {surname}.")


def test_the_same_two_fighters_on_one_card_are_one_fight_whatever_day_it_states() -> None:
    # Kalshi dates the fight by its ticker and closes a week after it; Polymarket closes two weeks after.
    assert_paired(_fight("ANKALAEV", close="2027-10-11T20:00:00Z"), _card("27", "UFC 320", "2027-10-18T20:00:00Z"), "Pereira")
    assert_paired(_fight("ANKALAEV", "UFC 320"), _card("28", "UFC 320", "2027-10-18T20:00:00Z"), "Pereira")


def test_a_rematch_on_another_card_or_another_opponent_is_another_fight() -> None:
    v = verdict(_fight("ANKALAEV", "UFC 320"), _card("29", "UFC 330", "2027-10-18T20:00:00Z"))
    assert not v.agrees and any("different events" in reason for reason in v.reasons), v.reasons
    # The rematch months later: its market closes long after the dated fight.
    assert_apart(_fight("ANKALAEV"), _card("30", "UFC 330", "2028-03-18T20:00:00Z"))
    assert_apart(_fight("ANKALAEV"), _card("31", "UFC 320", "2027-10-18T20:00:00Z", "Jiri Prochazka"))


# --- a player by the initial of the family name ------------------------------------------------------------------


def _chess(code: str, player: str) -> Market:
    return kalshi(f"KXCHESSWC-27-{code}", title=f"Will {player} win the 2027 World Chess Championship?",
                  yes_sub_title=player, category="Sports", close_time="2027-12-31T20:00:00Z",
                  rules=f"If {player} wins the 2027 World Chess Championship, then the market resolves to Yes.")


def _chess_question(market_id: str, player: str) -> Market:
    return _will_win(market_id, player, "the 2027 World Chess Championship", "2027-12-31T20:00:00Z")


def test_a_family_names_initial_before_the_name_is_the_full_name() -> None:
    assert_paired(_chess("GUK", "Gukesh Dommaraju"), _chess_question("32", "D. Gukesh"), "Yes")
    assert_paired(_chess("GUK", "Gukesh"), _chess_question("33", "D. Gukesh"), "Yes")


def test_another_initial_or_another_name_is_another_player() -> None:
    assert_apart(_chess("GUK", "Gukesh Dommaraju"), _chess_question("34", "R. Gukesh"))
    assert_apart(_chess("GUK", "Gukesh Dommaraju"), _chess_question("35", "R. Praggnanandhaa"))
    assert_apart(_chess("GUK", "Gukesh Dommaraju"), _chess_question("36", "Gukesh Rao"))


# --- a cricket international titled by codes and its number ----------------------------------------------------


def _t20i(day: str = "12") -> Market:
    return kalshi(f"KXT20I-27JAN{day}INDAUS-IND", title="India vs Australia, 2nd T20I: Will India win?", yes_sub_title="India",
                  category="Sports", close_time="2027-01-26T20:00:00Z",
                  rules=f"If India wins the 2nd T20I between India and Australia originally scheduled for Jan {day}, "
                        f"2027, then the market resolves to Yes.")


def _coded(market_id: str, match: str, day: str = "12") -> Market:
    return gamma(market_id, question=f"IND v AUS {match}", end=f"2027-01-{int(day) + 1}T20:00:00Z",
                 outcomes=("India", "Australia"),
                 description=f"This market refers to the {match} between India and Australia scheduled for January "
                             f"{day}, 2027. If India wins, the market resolves to India. If Australia wins, Australia.")


def test_an_international_titled_by_codes_and_number_is_the_match() -> None:
    assert_paired(_t20i(), _coded("37", "T20 International #2"), "India")
    assert_paired(_t20i(), _coded("38", "2nd T20I"), "India")


def test_another_format_number_or_day_is_another_match() -> None:
    v = verdict(_t20i(), _coded("39", "ODI #2"))
    assert not v.agrees and any("different match" in reason for reason in v.reasons), v.reasons
    v = verdict(_t20i(), _coded("40", "T20 International #1"))
    assert not v.agrees and any("different match of the series" in reason for reason in v.reasons), v.reasons
    assert_apart(_t20i(), _coded("41", "T20 International #3", "15"))


# --- a trade deadline its year names, and an app chart in other words --------------------------------------------


def _traded_by(code: str = "KXNBATRADE") -> Market:
    return kalshi(f"{code}-27-DBOO", title="Devin Booker traded by Feb 6?", yes_sub_title="Devin Booker", category="Sports",
                  close_time="2027-02-06T20:00:00Z",
                  rules="If Devin Booker is traded by Feb 6, 2027, then the market resolves to Yes.")


def _before_deadline(market_id: str, year: int, end: str) -> Market:
    return gamma(market_id, question="Will Devin Booker be traded before the NBA trade deadline?", end=end,
                 description=f"This market will resolve to Yes if Devin Booker is traded before the {year} NBA trade "
                             f"deadline. Otherwise No.")


def test_before_a_years_deadline_is_no_date_before_that_year() -> None:
    assert_paired(_traded_by(), _before_deadline("42", 2027, "2027-02-06T20:00:00Z"), "Yes")
    assert_apart(_traded_by(), _before_deadline("43", 2028, "2028-02-06T20:00:00Z"))
    by_march = gamma("44", question="Will Devin Booker be traded by March 31?", end="2027-03-31T20:00:00Z",
                     description="This market will resolve to Yes if Devin Booker is traded by March 31, 2027. Otherwise No.")
    assert_apart(_traded_by(), by_march)


def _top_app(market_id: str, chart: str, day: str = "January 18") -> Market:
    return gamma(market_id, question=f"#1 free app on {chart} on {day}?", group="ChatGPT", end="2027-01-18T20:00:00Z",
                 description=f"This market will resolve to Yes if ChatGPT is the #1 free app on {chart} on {day}, 2027. "
                             f"Otherwise No.")


def test_the_top_free_iphone_app_is_the_app_stores_first() -> None:
    k = kalshi("KXAPPRANK-27JAN18-CHAT", title="Top free iPhone app Jan 18?", yes_sub_title="ChatGPT", category="Tech",
               close_time="2027-01-18T20:00:00Z",
               rules="If ChatGPT is the #1 free app on the US Apple App Store on Jan 18, 2027, then the market resolves "
                     "to Yes.")
    assert_paired(k, _top_app("45", "the US App Store"), "Yes")
    for index, other in enumerate(("Google Play", "the UK App Store")):
        assert_apart(k, _top_app(f"4{6 + index}", other))
    assert_apart(k, _top_app("48", "the US App Store", "January 19"))
    paid = gamma("49", question="#1 paid app on the US App Store on January 18?", group="ChatGPT", end="2027-01-18T20:00:00Z",
                 description="This market will resolve to Yes if ChatGPT is the #1 paid app on the US App Store on January "
                             "18, 2027. Otherwise No.")
    assert_apart(k, paid)
