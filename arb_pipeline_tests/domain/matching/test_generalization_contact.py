"""Mechanisms found by measuring the matcher on a fresh set of markets it was never shown: what a
side wins can be a competition rather than an opponent; college and European club titles are
season titles; a season written across two years is decided in the second. Each look-alike still
never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.sports import TITLE, season_end_year, same_team, team_key
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- season titles of college and club competitions ----------------------------------------------


def _marmad(code: str, school: str) -> Market:
    return kalshi(f"KXMARMAD-28-{code}", title="2028 Men's College Basketball Champion", yes_sub_title=school,
                  event_title="2028 Men's College Basketball Champion", category="Sports", close_time="2028-04-04T12:00:00Z",
                  rules=f"If {school} wins the 2028 NCAA Division I Men's Basketball Tournament, then the market resolves to Yes.")


def _tournament(market_id: str, school: str, *, women: bool = False) -> Market:
    which = "NCAA Women's Tournament" if women else "NCAA Tournament"
    return gamma(market_id, question=f"Will {school} win the 2028 {which}?", group=school,
                 slug=f"{'ncaaw' if women else 'ncaab'}-2028-{school.lower().replace(' ', '-')}", end="2028-04-03T12:00:00Z",
                 description=f'Resolves "Yes" if {school} wins the 2028 {which}. Otherwise "No".')


def test_a_school_winning_the_ncaa_tournament_is_a_title_not_a_game_against_the_tournament() -> None:
    p = read(_tournament("1", "Kansas Jayhawks"))
    assert p.topic == TITLE and p.league == "NCAAB" and not p.teams


def test_the_mens_college_title_pairs_with_the_school_under_its_mascot() -> None:
    v = verdict(_marmad("KU", "Kansas"), _tournament("1", "Kansas Jayhawks"))
    assert v.agrees, v.reasons


def test_the_womens_tournament_is_another_title_than_the_mens() -> None:
    v = verdict(_marmad("KU", "Kansas"), _tournament("2", "Kansas", women=True))
    assert v.rejected, v.reasons


def test_a_school_named_with_a_state_code_is_another_school() -> None:
    assert not same_team(team_key("NCAAB", "Miami (FL)") or "", team_key("NCAAB", "Miami (OH)") or "")
    assert same_team(team_key("NCAAB", "Miami (FL)") or "", team_key("NCAAB", "Miami Hurricanes") or "")
    v = verdict(_marmad("MIA", "Miami (FL)"), _tournament("3", "Miami (OH)"))
    assert not v.agrees


def test_a_school_and_its_mascot_form_meet_in_blocking() -> None:
    k, p = read(_marmad("KU", "Kansas")), read(_tournament("1", "Kansas Jayhawks"))
    assert candidate_pairs([k], [p]) == [(0, 0)]


def test_ncaa_division_one_is_no_division_title() -> None:
    k = read(_marmad("KU", "Kansas"))
    assert k.topic == TITLE and k.frame.axes.get("competition") == "title"


def _champions_league(code: str, club: str) -> Market:
    return kalshi(f"KXUCL-28-{code}", title="Champions League Winner?", yes_sub_title=club, category="Sports",
                  event_title="Champions League Winner?", close_time="2028-06-05T00:00:00Z",
                  rules=f"If {club} wins the 2027-28 UEFA Champions League final, then the market resolves to Yes.")


def test_a_champions_league_winner_pairs_across_season_spellings() -> None:
    p = gamma("1", question="Will Inter win the 2027–28 Champions League?", group="Inter", slug="ucl-2028-inter",
              end="2028-05-27T20:00:00Z", description='Resolves "Yes" if Inter wins the 2027–28 UEFA Champions League.')
    v = verdict(_champions_league("INT", "Inter"), p)
    assert v.agrees, v.reasons


def test_another_season_of_the_champions_league_does_not_agree() -> None:
    p = gamma("2", question="Will Inter win the 2028–29 Champions League?", group="Inter", slug="ucl-2029-inter",
              end="2029-05-26T20:00:00Z", description='Resolves "Yes" if Inter wins the 2028–29 UEFA Champions League.')
    assert verdict(_champions_league("INT", "Inter"), p).rejected


def test_a_domestic_league_title_is_not_the_champions_league() -> None:
    p = gamma("3", question="Will Inter win Serie A 2027-28?", group="Inter", slug="sea-2028-inter",
              end="2028-05-28T20:00:00Z", description='Resolves "Yes" if Inter wins the 2027-28 Serie A.')
    assert not verdict(_champions_league("INT", "Inter"), p).agrees


def test_a_season_across_two_years_is_decided_in_the_second() -> None:
    assert season_end_year("the 2027-28 season") == 2028
    assert season_end_year("2027–28 uefa champions league") == 2028
    assert season_end_year("the 2027/2028 season") == 2028
    assert season_end_year("on 2027-01-09") is None
    assert season_end_year("2027-29") is None
