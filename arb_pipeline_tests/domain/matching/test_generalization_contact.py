"""Mechanisms found by measuring the matcher on a fresh set of markets it was never shown: what a
side wins can be a competition rather than an opponent; college and European club titles are
season titles; a season written across two years is decided in the second. Each look-alike still
never agrees."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.games import GAME
from arb_pipeline.domain.matching.propositions.demonyms import same_country_word
from arb_pipeline.domain.matching.propositions.sports import same_team, team_key
from arb_pipeline.domain.matching.propositions.titles import TITLE, season_end_year
from arb_pipeline.domain.models import Market, MatchedPair, PairStatus, PairTransform
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


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


# --- names in their other forms ------------------------------------------------------------------


def _race_option(ticker: str, title: str, option: str, rules: str, close: str) -> Market:
    return kalshi(ticker, title=title, yes_sub_title=option, category="Elections", close_time=close, rules=rules)


def _gop_nominee(code: str, person: str) -> Market:
    return _race_option(f"KXPRESNOMR-28-{code}", "2028 Republican presidential nominee?", person,
                        f"If {person} is the Republican Party's nominee for the 2028 U.S. presidential election, then "
                        "the market resolves to Yes.", "2028-08-31T00:00:00Z")


def test_a_candidate_written_as_initials_is_the_full_name() -> None:
    p = gamma("1", question="Will MTG win the 2028 Republican presidential nomination?", group="MTG",
              end="2028-08-31T00:00:00Z", event_title="Republican Presidential Nominee 2028",
              description='Resolves "Yes" if Marjorie Taylor Greene is selected as the Republican nominee for President '
                          'in 2028. Otherwise "No".')
    k = _gop_nominee("MTG", "Marjorie Taylor Greene")
    assert candidate_pairs([read(k)], [read(p)]) == [(0, 0)]
    v = verdict(k, p)
    assert v.agrees, v.reasons


def test_initials_of_another_candidate_do_not_agree() -> None:
    p = gamma("2", question="Will MTG win the 2028 Republican presidential nomination?", group="MTG",
              end="2028-08-31T00:00:00Z", description='Resolves "Yes" if MTG is the Republican nominee in 2028.')
    assert not verdict(_gop_nominee("MTM", "Mark Thomas Miller"), p).agrees


def test_a_dotted_country_initialism_in_the_rules_is_no_place_of_the_race() -> None:
    k = read(_gop_nominee("MTG", "Marjorie Taylor Greene"))
    assert "where" not in k.frame.axes, k.frame.axes


def _most_seats(code: str, party: str) -> Market:
    return _race_option(f"KXFRLEGIS-27-{code}", "French legislative election - most seats?", party,
                        f"If {party} wins the most seats in the National Assembly in the next French legislative "
                        "election held before Jul 1, 2027, then the market resolves to Yes.", "2027-07-01T00:00:00Z")


def test_a_party_named_before_its_bracketed_abbreviation_is_that_option() -> None:
    # "RN" abbreviates the French "Rassemblement National": no initials of "National Rally" spell it.
    p = gamma("1", question="Will the National Rally (RN) win the most seats in the next French legislative election?",
              group="RN", end="2027-07-01T00:00:00Z",
              description='Resolves "Yes" if the Rassemblement National wins the most seats in the National Assembly at '
                          'the next French legislative election, if held by June 30, 2027. Otherwise "No".')
    v = verdict(_most_seats("RN", "RN"), p)
    assert v.agrees, v.reasons


def test_another_party_with_its_abbreviation_does_not_agree() -> None:
    p = gamma("2", question="Will the Socialist Party (PS) win the most seats in the next French legislative election?",
              group="PS", end="2027-07-01T00:00:00Z",
              description='Resolves "Yes" if the Parti Socialiste wins the most seats in the National Assembly at the '
                          'next French legislative election, if held by June 30, 2027. Otherwise "No".')
    assert not verdict(_most_seats("RN", "RN"), p).agrees


# --- commodities ---------------------------------------------------------------------------------


def test_brent_is_not_wti_even_under_a_crude_oil_heading() -> None:
    k = kalshi("KXWTI-27MAR31-T80", title="WTI crude oil price on Mar 31, 2027?", yes_sub_title="Above $80",
               strike_type="greater", floor=80, close_time="2027-03-31T19:30:00Z",
               rules="If the NYMEX front-month WTI crude oil futures settlement price on Mar 31, 2027 is above $80, then "
                     "the market resolves to Yes.")
    brent = gamma("1", question="Will Brent close above $80 on March 31, 2027?", event_title="Crude oil close on March 31?",
                  end="2027-03-31T19:30:00Z", description='Resolves "Yes" if the front-month ICE Brent futures settlement '
                                                         'on March 31, 2027 is greater than $80.00. Otherwise "No".')
    wti = gamma("2", question="Will WTI close above $80 on March 31, 2027?", event_title="Crude oil close on March 31?",
                end="2027-03-31T19:30:00Z", description='Resolves "Yes" if the front-month NYMEX WTI futures settlement '
                                                       'on March 31, 2027 is greater than $80.00. Otherwise "No".')
    assert verdict(k, brent).rejected
    assert verdict(k, wti).agrees, verdict(k, wti).reasons


# --- a proposition and its complement on Polymarket ------------------------------------------------


def _leaves_by(event_of_remains: str) -> list[MatchedPair]:
    k = kalshi("KXCEOOUT-27SEP30-JD", title="Will Jamie Dimon leave as CEO of JPMorgan before Oct 1, 2027?",
               yes_sub_title="Before Oct 1, 2027", category="Companies", close_time="2027-09-30T23:59:00Z",
               rules="If Jamie Dimon ceases to be the Chief Executive Officer of JPMorgan Chase before Oct 1, 2027, then "
                     "the market resolves to Yes.")
    out = gamma("1", question="Jamie Dimon out as JPMorgan CEO by September 30, 2027?", end="2027-09-30T23:59:00Z",
                event_title="Jamie Dimon out as JPMorgan CEO?",
                description='Resolves "Yes" if Jamie Dimon ceases to be CEO of JPMorgan Chase by September 30, 2027, '
                            '11:59 PM ET. Otherwise "No".')
    remains = gamma("2", question="Will Jamie Dimon remain JPMorgan CEO through September 30, 2027?",
                    end="2027-09-30T23:59:00Z", event_title="Jamie Dimon out as JPMorgan CEO?",
                    description='Resolves "Yes" if Jamie Dimon holds the role of JPMorgan Chase CEO continuously through '
                                'September 30, 2027, 11:59 PM ET. Otherwise "No".')
    return match_markets([k], [replace(out, event_id="E1"), replace(remains, event_id=event_of_remains)])


def test_a_statement_and_its_complement_in_one_event_are_both_the_pair() -> None:
    pairs = _leaves_by("E1")
    assert [p.status for p in pairs] == [PairStatus.APPROVED, PairStatus.APPROVED], [p.reasons for p in pairs]
    transforms = {p.polymarket_market_id: p.transform for p in pairs}
    assert transforms == {"1": PairTransform.IDENTITY, "2": PairTransform.INVERSE}


def test_a_statement_and_its_complement_from_two_events_are_both_the_pair() -> None:
    pairs = _leaves_by("E2")
    assert [p.status for p in pairs] == [PairStatus.APPROVED, PairStatus.APPROVED], [p.reasons for p in pairs]
    assert {p.polymarket_market_id: p.transform for p in pairs} == {"1": PairTransform.IDENTITY,
                                                                       "2": PairTransform.INVERSE}


# --- words in their other forms ------------------------------------------------------------------


def test_a_verb_and_its_particle_are_the_compound_noun() -> None:
    k = kalshi("KXSHANGHAILOCK-27JUN01", title="Will Shanghai lock down before Jun 1, 2027?", yes_sub_title="Yes",
               close_time="2027-05-31T23:59:00Z", category="World",
               rules="If the city of Shanghai is locked down by its government between Jan 1, 2027 and May 31, 2027, "
                     "then the market resolves to Yes.")
    lockdown = gamma("1", question="Shanghai lockdown by May 31, 2027?", end="2027-05-31T23:59:00Z",
                     description='Resolves "Yes" if the government of Shanghai imposes a citywide lockdown by May 31, '
                                 '2027, 11:59 PM ET. Otherwise "No".')
    # Kalshi's rules count only their window from Jan 1, 2027: both markets list when it opens.
    opened = datetime(2027, 1, 1, 15, tzinfo=UTC)
    v = verdict(replace(k, open_time=opened), replace(lockdown, open_time=opened))
    assert v.agrees, v.reasons


def _top_image_model(code: str, lab: str) -> Market:
    return kalshi(f"KXTOPIMAGE-27MAY31-{code}", title="Top image model on May 31, 2027?", yes_sub_title=lab,
                  category="Tech", close_time="2027-05-31T23:59:00Z",
                  rules=f"If {lab} owns the top-ranked model on the Artificial Analysis text-to-image leaderboard on May 31, "
                        "2027 at 12:00 PM ET, then the market resolves to Yes.")


def test_the_best_model_of_a_ranking_is_its_top_model() -> None:
    p = gamma("1", question="Will Midjourney have the best image model at the end of May 2027?", group="Midjourney",
              end="2027-05-31T16:00:00Z",
              description='Resolves per the Artificial Analysis text-to-image leaderboard on May 31, 2027, 12:00 PM ET: '
                          '"Yes" if Midjourney owns the top model. Otherwise "No".')
    v = verdict(_top_image_model("MJ", "Midjourney"), p)
    assert v.agrees, v.reasons


def test_the_best_model_of_another_month_does_not_agree() -> None:
    p = gamma("2", question="Will Midjourney have the best image model at the end of June 2027?", group="Midjourney",
              end="2027-06-30T16:00:00Z",
              description='Resolves per the Artificial Analysis text-to-image leaderboard on June 30, 2027, 12:00 PM ET: '
                          '"Yes" if Midjourney owns the top model. Otherwise "No".')
    assert not verdict(_top_image_model("MJ", "Midjourney"), p).agrees


def _wimbledon(code: str, player: str) -> Market:
    return kalshi(f"KXWIMBLEDONW-27-{code}", title=f"Will {player} win the 2027 Wimbledon women's singles?",
                  yes_sub_title=player, category="Sports", close_time="2027-07-12T00:00:00Z",
                  rules=f"If {player} wins the 2027 Wimbledon Ladies' Singles tournament, then the market resolves to Yes.")


def test_winning_the_title_is_winning_the_singles() -> None:
    p = gamma("1", question="Will Mirra Andreeva win the 2027 Wimbledon women's title?", group="Mirra Andreeva",
              end="2027-07-11T18:00:00Z",
              description='Resolves "Yes" if Mirra Andreeva wins the 2027 Wimbledon ladies\' singles. Otherwise "No".')
    v = verdict(_wimbledon("MAND", "Mirra Andreeva"), p)
    assert v.agrees, v.reasons


def test_reaching_the_final_is_still_not_winning_the_title() -> None:
    p = gamma("2", question="Will Mirra Andreeva reach the 2027 Wimbledon women's final?", end="2027-07-10T18:00:00Z",
              description='Resolves "Yes" if Mirra Andreeva plays in the 2027 Wimbledon ladies\' singles final. '
                          'Otherwise "No".')
    assert verdict(_wimbledon("MAND", "Mirra Andreeva"), p).rejected


# --- countries by their adjective, relations both ways, light verbs ----------------------------


# (Kalshi title, Kalshi rules, Polymarket question, Polymarket rules, whether they agree): events by
# the end of 2027, as Kalshi ("before 2028") and Polymarket ("by December 31, 2027") word them.
_BY_2028 = (
    # A country named by its adjective on one venue and by its name on the other.
    ("Will Mark Carney leave office before 2028?", "If Mark Carney ceases to be Prime Minister of Canada before Jan 1, "
     "2028, then the market resolves to Yes.", "Carney out as Canadian PM by end of 2027?",
     'Resolves "Yes" if Mark Carney ceases to be Prime Minister of Canada by December 31, 2027, 11:59 PM ET.', True),
    # Two people who meet meet in either order ...
    ("Will Modi and Sharif meet in person before 2028?", "If Narendra Modi and Shehbaz Sharif meet in person before "
     "Jan 1, 2028, then the market resolves to Yes.", "Sharif and Modi meet in person by December 31, 2027?",
     'Resolves "Yes" if Shehbaz Sharif and Narendra Modi meet face to face by December 31, 2027.', True),
    # ... but who strikes whom still depends on the order.
    ("Will India strike Pakistan before 2028?", "If India conducts a military strike on Pakistan before Jan 1, 2028, "
     "then the market resolves to Yes.", "Pakistan strikes India by December 31, 2027?",
     'Resolves "Yes" if Pakistan conducts a military strike on India by December 31, 2027.', False),
    # A light verb adds nothing to its noun.
    ("Will North Korea conduct a nuclear test before 2028?", "If North Korea conducts a nuclear weapons test before "
     "Jan 1, 2028, then the market resolves to Yes.", "North Korea nuclear test by December 31, 2027?",
     'Resolves "Yes" if North Korea detonates a nuclear device in a nuclear weapons test by December 31, 2027.', True),
)


@pytest.mark.parametrize(("title", "rules", "question", "description", "agrees"), _BY_2028)
def test_events_by_the_end_of_2027(title: str, rules: str, question: str, description: str, agrees: bool) -> None:
    k = kalshi("KXEVENT-28-YES", title=title, yes_sub_title="Before 2028", category="World",
               close_time="2027-12-31T23:59:00Z", rules=rules)
    p = gamma("1", question=question, end="2027-12-31T23:59:00Z", description=description + ' Otherwise "No".')
    v = verdict(k, p)
    assert v.agrees is agrees, v.reasons


def test_country_adjectives() -> None:
    assert same_country_word("israel", "israeli") and same_country_word("chinese", "china")
    assert same_country_word("ukraine", "ukrainian") and same_country_word("germany", "german")
    assert not same_country_word("niger", "nigerian") and not same_country_word("austria", "australian")
    assert not same_country_word("iran", "iraqi")


# --- contests of sports no lexicon lists ---------------------------------------------------------


def _bout(code: str, fighter: str) -> Market:
    return kalshi(f"KXBOXING-27MAR14PAUJOS-{code}", title=f"Will {fighter} win the Paul vs Joshua fight?",
                  yes_sub_title=fighter, event_title="Paul vs Joshua", category="Sports", close_time="2027-03-28T05:00:00Z",
                  rules=f"If {fighter} wins the Paul vs Joshua professional boxing fight scheduled for Mar 14, 2027, then "
                        "the market resolves to Yes.")


def _bout_winner() -> Market:
    return gamma("1", question="Jake Paul vs. Anthony Joshua", outcomes=("Paul", "Joshua"), end="2027-03-15T04:00:00Z",
                 event_title="Boxing: Jake Paul vs. Anthony Joshua",
                 description='This market refers to the boxing match between Jake Paul and Anthony Joshua scheduled for '
                             'March 14, 2027. If Jake Paul wins, resolves to "Paul". If Anthony Joshua wins, resolves to '
                             '"Joshua". A draw resolves 50-50.')


def test_a_bout_whose_outcomes_are_its_two_sides_is_a_game() -> None:
    k, p = _bout("JOS", "Anthony Joshua"), _bout_winner()
    assert read(p).topic == GAME
    assert candidate_pairs([read(k)], [read(p)]) == [(0, 0)]
    v = verdict(k, p)
    assert v.mapped and v.yes_token == token_named(p, "Joshua"), v.reasons
    assert any("can end level" in r for r in v.reasons)
    # Polymarket splits a draw 50-50; Kalshi's YES needs a win, so a draw is its NO: a person
    # decides whether that case matters before the pair trades.
    assert v.unsettled == ("settlement",)


def test_a_win_by_knockout_is_not_the_bout() -> None:
    ko = gamma("2", question="Will Anthony Joshua win by KO/TKO?", end="2027-03-15T04:00:00Z",
               description='Resolves "Yes" if Anthony Joshua defeats Jake Paul by KO or TKO on March 14, 2027.')
    assert not verdict(_bout("JOS", "Anthony Joshua"), ko).agrees


# --- any amount is the event; a verb of motion beside a threshold adds nothing -------------------


def _snow(code: str) -> Market:
    return kalshi(f"KXSNOWCHI-27JAN20-{code}", title="Will it snow in Chicago on Jan 20, 2027?", yes_sub_title="Snow",
                  category="Climate and Weather", close_time="2027-01-21T06:00:00Z",
                  rules="If Chicago O'Hare International Airport records more than 0 inches of snowfall on Jan 20, 2027 "
                        "per the NWS Climatological Report, then the market resolves to Yes.")


def test_more_than_nothing_in_the_rules_is_the_event_the_question_asks() -> None:
    p = gamma("1", question="Will it snow in Chicago on January 20, 2027?", end="2027-01-21T06:00:00Z",
              description='Resolves "Yes" if Chicago O\'Hare International Airport (KORD) records measurable snowfall '
                          '(more than 0 inches) on January 20, 2027, per the NWS daily climate report. Otherwise "No".')
    v = verdict(_snow("YES"), p)
    assert v.agrees, v.reasons


def test_a_real_amount_in_the_rules_is_still_a_threshold() -> None:
    p = gamma("2", question="Will it snow in Chicago on January 20, 2027?", end="2027-01-21T06:00:00Z",
              description='Resolves "Yes" if Chicago O\'Hare International Airport records more than 2 inches of '
                          'snowfall on January 20, 2027, per the NWS daily climate report. Otherwise "No".')
    assert not verdict(_snow("YES"), p).agrees


def _usdc_below(code: str) -> Market:
    return kalshi(f"KXUSDC-27JUL01-{code}", title="Will USDC trade below $0.97 before Jul 1, 2027?", yes_sub_title="Yes",
                  category="Crypto", close_time="2027-06-30T23:59:00Z", strike_type="less", cap=0.97,
                  rules="If the price of USDC is below $0.97 on CoinGecko at any time before Jul 1, 2027, then the "
                        "market resolves to Yes.")


def _agrees_with_the_first_only(k: Market, *questions: tuple[str, str, str]) -> None:
    """``k`` against Polymarket markets written (question, end, description): the first agrees,
    every other does not."""
    verdicts = [verdict(k, gamma(str(i), question=q, end=end, description=d)) for i, (q, end, d) in enumerate(questions)]
    assert verdicts[0].agrees, verdicts[0].reasons
    assert not any(v.agrees for v in verdicts[1:]), [v.reasons for v in verdicts[1:]]


def test_a_verb_that_moves_a_value_to_its_threshold_adds_nothing() -> None:
    below = 'Resolves "Yes" if USD Coin (USDC) trades below ${} per CoinGecko at any point by June 30, 2027. Otherwise "No".'
    _agrees_with_the_first_only(
        _usdc_below("T0.97"),
        ("Will USDC dip below $0.97 by June 30, 2027?", "2027-06-30T23:59:00Z", below.format("0.97")),
        ("Will USDC dip below $0.90 by June 30, 2027?", "2027-06-30T23:59:00Z", below.format("0.90")))


# --- a deadline the ticker dates and the rules state; holding an office on a day ----------------


def _benchmark(code: str) -> Market:
    return kalshi(f"KXARCAGI-27SEP30-{code}", title="AI score on ARC-AGI-3?", yes_sub_title="Above 60%",
                  strike_type="greater", floor=60, category="Tech", close_time="2027-09-30T23:59:00Z",
                  rules="If any AI system's verified score on ARC-AGI-3, per the ARC Prize leaderboard, is above 60% "
                        "before Oct 1, 2027, then the market resolves to Yes.")


def test_a_deadline_the_rules_state_on_the_tickers_day_is_a_deadline() -> None:
    score = ('Resolves "Yes" if any AI system achieves a verified score above 60% on ARC-AGI-3 on the ARC Prize '
             'leaderboard by {}, 2027. Otherwise "No".')
    _agrees_with_the_first_only(
        _benchmark("T60"),
        ("Will an AI score above 60% on ARC-AGI-3 by September 30, 2027?", "2027-09-30T23:59:00Z",
         score.format("September 30")),
        ("Will an AI score above 60% on ARC-AGI-3 by December 31, 2027?", "2027-12-31T23:59:00Z",
         score.format("December 31")))


def test_being_the_ceo_on_a_day_is_the_no_of_leaving_by_it() -> None:
    k = kalshi("KXPICHAICEO-27-YES", title="Will Sundar Pichai be CEO of Alphabet on Dec 31, 2027?", yes_sub_title="Yes",
               category="Companies", close_time="2027-12-31T23:59:00Z",
               rules="If Sundar Pichai is the Chief Executive Officer of Alphabet on Dec 31, 2027, then the market "
                     "resolves to Yes.")
    out = gamma("1", question="Sundar Pichai out as Alphabet CEO by December 31, 2027?", end="2027-12-31T23:59:00Z",
                description='Resolves "Yes" if Sundar Pichai ceases to be CEO of Alphabet at any time by December 31, 2027, '
                            '11:59 PM ET. Otherwise "No".')
    v = verdict(k, out)
    assert v.agrees and v.yes_token == token_named(out, "No"), v.reasons
