"""Mechanisms found on two more outside sets: a bracket that lists several alternatives restates
a broader term, not one of them; a pair in review never carries a token its negation would
reverse; a market and its complement both pair with the Kalshi market they settle with."""

from __future__ import annotations

from datetime import date

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import DateRule
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- a bracket listing alternatives restates the broader term ------------------------------------


def _podium(code: str, rules: str) -> Market:
    return kalshi(f"KXSWIMPODIUM-28-{code}", title="Will Ariane Titmus win a medal at the 2028 Pan Pacific Championships?",
                  yes_sub_title="Yes", category="Sports", close_time="2028-08-20T00:00:00Z", rules=rules)


def _top_prize(market_id: str, prize: str) -> Market:
    return gamma(market_id, question=f"Will Ariane Titmus win {prize} at the 2028 Pan Pacific Championships?",
                 end="2028-08-19T00:00:00Z",
                 description=f'This market resolves to "Yes" if Ariane Titmus wins {prize} at the 2028 Pan Pacific '
                             'Championships. Otherwise it resolves to "No".')


_MEDAL_RULES = ("If Ariane Titmus wins a medal (gold, silver or bronze) in any event at the 2028 Pan Pacific "
                "Championships, then the market resolves to Yes.")


def test_a_bracket_listing_alternatives_does_not_make_the_broader_term_one_of_them() -> None:
    v = verdict(_podium("AT", _MEDAL_RULES), _top_prize("1", "gold"))
    assert not v.agrees, v.reasons
    v = verdict(_podium("AT", _MEDAL_RULES.replace("(gold, silver or bronze)", "(gold/silver/bronze)")),
                _top_prize("2", "silver"))
    assert not v.agrees, v.reasons


def test_a_term_the_rules_list_as_one_alternative_is_not_what_they_pay_on() -> None:
    # The other market's rules write "a gold medal": "medal" is said there, and "gold" only as one
    # of the alternatives of this market's bracket.
    gold = gamma("4", question="Will Ariane Titmus win gold at the 2028 Pan Pacific Championships?",
                 end="2028-08-19T00:00:00Z",
                 description='This market resolves to "Yes" if Ariane Titmus wins a gold medal at the 2028 Pan '
                             'Pacific Championships. Otherwise it resolves to "No".')
    v = verdict(_podium("AT", _MEDAL_RULES), gold)
    assert not v.agrees, v.reasons


def test_a_bracket_restating_one_term_still_makes_them_the_same() -> None:
    rules = ("If Ariane Titmus wins a medal (a podium finish) in any event at the 2028 Pan Pacific Championships, "
             "then the market resolves to Yes.")
    v = verdict(_podium("AT", rules), _top_prize("3", "a podium finish"))
    assert not v.rejected, v.reasons


# --- polarity: "avoid" reads as "not"; an unexplained word of polarity proposes no token ------------


def _yes(p: Market) -> str:
    return next(o.token_id for o in p.outcomes if o.name == "Yes")


def _no(p: Market) -> str:
    return next(o.token_id for o in p.outcomes if o.name == "No")


def _strike_by(day: str = "Mar 1, 2027") -> Market:
    return kalshi("KXPORTSTRIKE-27MAR01", title=f"Will dockworkers go on strike before {day}?", yes_sub_title=f"Before {day}",
                  rules=f"If ILA dockworkers begin a strike at East Coast ports before {day}, then the market resolves to Yes.",
                  close_time="2027-02-28T23:59:00Z")


def test_avoiding_an_event_is_its_no() -> None:
    p = gamma("11", question="Will the ports avoid a dockworker strike through February 28?", end="2027-02-28T23:59:00Z",
              description='This market will resolve to "Yes" if no ILA dockworker strike begins at East Coast ports '
                          'between market creation and February 28, 2027, 11:59 PM ET. If a strike begins in that '
                          'period, this market resolves "No".')
    v = verdict(_strike_by(), p)
    assert v.yes_token == _no(p), v.reasons
    assert v.agrees, v.reasons


def test_avoiding_an_event_in_review_carries_the_no_token() -> None:
    # Another actor named only on Polymarket keeps the pair for a person, with the right token.
    p = gamma("12", question="Will the union avoid a dockworker strike through February 28?", end="2027-02-28T23:59:00Z",
              description='This market will resolve to "Yes" if no ILA dockworker strike begins at East Coast ports '
                          'between market creation and February 28, 2027. Otherwise "No".')
    v = verdict(_strike_by(), p)
    assert not v.agrees and not v.rejected, v.reasons
    assert v.yes_token in (None, _no(p)), v.reasons


def test_an_unexplained_word_of_polarity_proposes_no_token() -> None:
    k = kalshi("KXPEG-27JUN30", title="Will the Widgetland central bank abandon the dollar peg before Jul 1, 2027?",
               yes_sub_title="Before Jul 1, 2027", close_time="2027-06-30T23:59:00Z",
               rules="If the Widgetland central bank abandons its peg to the US dollar before Jul 1, 2027, then the "
                     "market resolves to Yes.")
    p = gamma("13", question="Will the Widgetland central bank abandon the dollar peg and retain reserves by June 30, 2027?",
              end="2027-06-30T23:59:00Z",
              description='This market resolves to "Yes" if the Widgetland central bank abandons its peg to the US '
                          'dollar by June 30, 2027. Otherwise "No".')
    v = verdict(k, p)
    assert not v.rejected and not v.agrees, v.reasons
    assert v.yes_token is None and "polarity" in v.unsettled, v.reasons
    assert not any("pays on Kalshi YES" in r for r in v.reasons), v.reasons


# --- dates: the rules decide what a title's year means ----------------------------------------------


def _ceo_out_before_2028() -> Market:
    return kalshi("KXCEOOUT-27-MROE", title="Will Maria Roe stop being Globex CEO before 2028?", yes_sub_title="Before Jan 1, 2028",
                  category="Companies", close_time="2027-12-31T23:59:00Z",
                  rules="If Maria Roe leaves her position as CEO of Globex before Jan 1, 2028, then the market resolves to Yes.")


def _ceo_out_in_2027(market_id: str, rules: str) -> Market:
    return gamma(market_id, question="Maria Roe out as Globex CEO in 2027?", end="2027-12-31T23:59:00Z",
                 description=f'This market will resolve to "Yes" if Maria Roe leaves her position as CEO of Globex {rules}. '
                             'Otherwise "No".')


def test_a_title_year_whose_rules_set_a_deadline_is_that_deadline() -> None:
    for market_id, rules in (("21", "by December 31, 2027, 11:59 PM ET"),
                             ("22", "between market creation and December 31, 2027, 11:59 PM ET")):
        p = _ceo_out_in_2027(market_id, rules)
        assert read(p).when.rule is DateRule.BY and read(p).when.day == date(2027, 12, 31)
        v = verdict(_ceo_out_before_2028(), p)
        assert v.agrees and v.yes_token == _yes(p), v.reasons


def test_a_title_year_whose_rules_count_only_that_year_stays_a_window() -> None:
    for market_id, rules in (("23", "at any point in 2027"), ("24", "at any point between January 1 and December 31, 2027")):
        p = _ceo_out_in_2027(market_id, rules)
        assert read(p).when.rule is DateRule.DURING
        assert not verdict(_ceo_out_before_2028(), p).agrees


def test_on_or_before_a_day_ends_on_that_day() -> None:
    k = kalshi("KXCEOOUT-27-MROE", title="Will Maria Roe leave as Globex CEO?", yes_sub_title="Yes",
               category="Companies", close_time="2028-01-01T05:00:00Z",
               rules="If Maria Roe ceases to be CEO of Globex on or before Dec 31, 2027, then the market resolves to Yes.")
    assert read(k).when.day == date(2027, 12, 31)


def test_a_chart_week_whose_rules_name_the_chart_date_is_that_day() -> None:
    p = gamma("25", question="Will Olivia Rodrigo be #1 on the Hot 100 for the week of March 6?", end="2027-03-03T00:00:00Z",
              description='Resolves "Yes" if the #1 song on the Billboard Hot 100 chart dated March 6, 2027 is credited '
                          'to Olivia Rodrigo as lead artist. Otherwise "No".')
    when = read(p).when
    assert (when.rule, when.day) == (DateRule.ON, date(2027, 3, 6))


# --- sibling events the reader tells apart -----------------------------------------------------------


def _sprint_winner(market_id: str, distance: str) -> Market:
    return gamma(market_id, question=f"Pan American Games 2027: Women's {distance} winner - Doe?", group="Jane Doe",
                 end="2027-08-01T00:00:00Z",
                 description=f'This market will resolve to "Yes" if Jane Doe wins the women\'s {distance} final at the '
                             '2027 Pan American Games. Otherwise "No".')


def test_a_race_distance_names_the_event() -> None:
    k = kalshi("KXPANAM100M-27-JDOE", title="Who will win the women's 100m at the 2027 Pan American Games?",
               yes_sub_title="Jane Doe", category="Sports", close_time="2027-08-01T00:00:00Z",
               rules="If Jane Doe wins the women's 100m final at the 2027 Pan American Games, then the market resolves to Yes.")
    assert verdict(k, _sprint_winner("31", "200m")).rejected
    same = _sprint_winner("32", "100m")
    v = verdict(k, same)
    assert v.agrees and v.yes_token == _yes(same), v.reasons


def test_an_amount_in_millions_is_still_an_amount() -> None:
    assert "100m" not in fold("Will the film gross over $100m in its opening weekend?")
    assert "100m" not in fold("Will the video pass 100M views?")


def _conference(market_id: str, verb: str) -> Market:
    return gamma(market_id, question=f"Will Carolina {verb} the 2027 Eastern Conference Finals?", end="2027-06-01T00:00:00Z",
                 description=f'Resolves "Yes" if Carolina {verb}es the 2027 NHL Eastern Conference Finals. Otherwise "No".'
                 if verb == "reach" else 'Resolves "Yes" if Carolina wins the 2027 NHL Eastern Conference Finals. Otherwise "No".')


def test_winning_the_conference_is_winning_its_conference_final() -> None:
    k = kalshi("KXNHLEAST-27-CAR", title="Who will win the Eastern Conference?", yes_sub_title="Carolina",
               category="Sports", close_time="2027-06-01T00:00:00Z",
               rules="If Carolina wins the 2027 NHL Eastern Conference Finals, then the market resolves to Yes.")
    wins = _conference("41", "win")
    v = verdict(k, wins)
    assert v.agrees and v.yes_token == _yes(wins), v.reasons
    assert not verdict(k, _conference("42", "reach")).agrees


# --- several Polymarket markets of one game each pair with the Kalshi game -------------------------


def _hawks_game(team: str, city: str) -> Market:
    return kalshi(f"KXNBAGAME-27FEB03ATLMIA-{team}", title="Atlanta at Miami Winner?", yes_sub_title=city,
                  event_title="Atlanta at Miami", strike_type="structured", category="Sports",
                  close_time="2027-02-18T03:30:00Z")


def _hawks_moneyline() -> Market:
    return gamma("51", question="Hawks vs. Heat", outcomes=("Hawks", "Heat"), slug="nba-atl-mia-2027-02-03",
                 event_title="Hawks vs. Heat", sports_market_type="moneyline", game_start_time="2027-02-04 00:30:00+00",
                 series_slug="nba-2027", end="2027-02-04T04:00:00Z")


def _heat_beat_hawks(start: str = "2027-02-04 00:30:00+00") -> Market:
    return gamma("52", question="Will the Heat beat the Hawks?", slug="nba-atl-mia-2027-02-03-heat-win",
                 event_title="Will the Heat beat the Hawks?", game_start_time=start, end="2027-02-04T04:00:00Z",
                 description='Resolves "Yes" if the Miami Heat win their game against the Atlanta Hawks on February 3, '
                             '2027. Otherwise "No".')


def test_a_moneyline_and_a_yes_no_question_of_the_same_game_are_both_the_pair() -> None:
    heat = _hawks_game("MIA", "Miami")
    ml, question = _hawks_moneyline(), _heat_beat_hawks()
    pairs = {p.polymarket_market_id: p for p in match_markets([heat], [ml, question]) if p.kalshi_ticker == heat.market_id}
    assert pairs["51"].status is PairStatus.APPROVED and pairs["51"].polymarket_yes_token == token_named(ml, "Heat"), \
        pairs["51"].reasons
    assert pairs["52"].status is PairStatus.APPROVED and pairs["52"].polymarket_yes_token == _yes(question), \
        pairs["52"].reasons


def test_a_question_of_another_game_the_same_day_is_no_second_pair() -> None:
    heat = _hawks_game("MIA", "Miami")
    later = _heat_beat_hawks(start="2027-02-04 06:30:00+00")
    pairs = {p.polymarket_market_id: p for p in match_markets([heat], [_hawks_moneyline(), later])
             if p.kalshi_ticker == heat.market_id}
    assert pairs["52"].status is not PairStatus.APPROVED, pairs["52"].reasons
