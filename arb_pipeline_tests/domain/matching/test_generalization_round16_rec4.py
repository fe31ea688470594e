"""Round 16 forms of the legal, politics and world-leader markets of the blind sets, on invented
markets: a verb's "re-" as the act again, the court of a conviction, a court ruling on a case, a
nickname before a possessive, an office "of" a country, and an office held on a day."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

_OTHERWISE = ' Otherwise, this market will resolve to "No".'


def _question(market_id: str, question: str, description: str, end: str = "2029-06-30T23:59:00Z") -> Market:
    return gamma(market_id, question=question, description=description + _OTHERWISE, end=end)


def _deadline_kalshi(ticker: str, title: str, yes: str, rules: str, close: str = "2029-06-30T23:00:00Z") -> Market:
    return kalshi(ticker, title=title, yes_sub_title=yes, close_time=close, category="Politics",
                  rules=f"If {rules}, then the market resolves to Yes.")


# --- a verb's "re-" is the act again ------------------------------------------------------------


def _indicted_again() -> Market:
    return _deadline_kalshi("KXWHITFIELD-29JUL", "Dana Whitfield indicted again before Jul 1, 2029?",
                            "Before Jul 1, 2029",
                            "a federal grand jury returns a new indictment against Dana Whitfield before July 1, 2029")


def test_re_indicted_is_indicted_again() -> None:
    p = _question("160401", "Will Dana Whitfield be re-indicted by June 30, 2029?",
                  'Resolves "Yes" if Dana Whitfield is charged in a new federal indictment returned by a grand jury '
                  "by June 30, 2029.")
    assert approved(_indicted_again(), p) == [token_named(p, "Yes")]


def test_re_indicted_is_no_first_indictment_nor_another_person() -> None:
    first = _question("160402", "Will Dana Whitfield be indicted by June 30, 2029?",
                      'Resolves "Yes" if Dana Whitfield is indicted by a federal grand jury by June 30, 2029.')
    other = _question("160403", "Will Lena Whitfield be re-indicted by June 30, 2029?",
                      'Resolves "Yes" if Lena Whitfield is charged in a new federal indictment by June 30, 2029.')
    for p in (first, other):
        assert not approved(_indicted_again(), p), p.title


# --- the court of a conviction -------------------------------------------------------------------


def _convicted_in_trial() -> Market:
    return _deadline_kalshi("KXORTEGA-29-STATE", "Ray Ortega convicted in Texas state murder trial before Jul 1, 2029?",
                            "Convicted",
                            "a Texas state jury finds Ray Ortega guilty of murder before July 1, 2029")


def test_convicted_in_state_court_is_convicted_in_the_state_trial() -> None:
    p = _question("160411", "Will Ray Ortega be convicted of murder in Texas state court by June 30, 2029?",
                  'This market resolves to "Yes" if a jury in a Texas state court finds Ray Ortega guilty of murder '
                  "by June 30, 2029.")
    assert approved(_convicted_in_trial(), p) == [token_named(p, "Yes")]


def test_a_conviction_in_another_court_or_a_court_order_stays_apart() -> None:
    federal = _question("160412", "Will Ray Ortega be convicted in federal court by June 30, 2029?",
                        'Resolves "Yes" if Ray Ortega is found guilty on any count in his federal case by June 30, 2029.')
    dismissed = _question("160413", "Will a Texas state court dismiss the murder charges against Ray Ortega by June 30, "
                                    "2029?",
                          'Resolves "Yes" if a Texas state court dismisses the murder charges against Ray Ortega by '
                          "June 30, 2029.")
    for p in (federal, dismissed):
        assert not approved(_convicted_in_trial(), p), p.title


# --- a court that rules on a case ----------------------------------------------------------------


def _decision_issued() -> Market:
    return _deadline_kalshi("KXSCOTUS-WATERRIGHTS-29", "Supreme Court decision in the Halvorsen water rights case before "
                                                      "Jul 1, 2029?", "Decision issued",
                            "the Supreme Court issues a merits opinion in the Halvorsen water rights case before "
                            "July 1, 2029")


def test_ruling_on_a_case_is_its_decision_issued() -> None:
    p = _question("160421", "Will SCOTUS rule on the Halvorsen water rights case by June 30, 2029?",
                  'Resolves "Yes" if the U.S. Supreme Court issues a merits decision in the Halvorsen water rights '
                  "case by June 30, 2029.")
    assert approved(_decision_issued(), p) == [token_named(p, "Yes")]


def test_how_the_court_rules_is_not_that_it_rules() -> None:
    against = _question("160422", "Will SCOTUS rule against Halvorsen in the water rights case by June 30, 2029?",
                        'Resolves "Yes" if the Supreme Court rules against Halvorsen in the water rights case by '
                        "June 30, 2029.")
    ordered = _question("160423", "Will the Supreme Court order new water allocations in the Halvorsen case by June 30, "
                                  "2029?",
                        'Resolves "Yes" if the Supreme Court issues a decision requiring new water allocations in the '
                        "Halvorsen case by June 30, 2029.")
    for p in (against, ordered):
        assert not approved(_decision_issued(), p), p.title


# --- a nickname quoted inside a full name, before its possessive ----------------------------------


def _overturned() -> Market:
    return _deadline_kalshi("KXBELLAPPEAL-29JUL", "Marcus Bell conviction overturned before Jul 1, 2029?", "Overturned",
                            "a federal appeals court vacates or reverses Marcus Bell's 2027 fraud convictions before "
                            "July 1, 2029")


def test_a_nickname_before_a_possessive_is_the_person() -> None:
    p = _question("160431", "Slick conviction overturned on appeal by June 30, 2029?",
                  'Resolves "Yes" if the Ninth Circuit vacates or reverses Marcus "Slick" Bell\'s fraud convictions by '
                  "June 30, 2029.")
    assert approved(_overturned(), p) == [token_named(p, "Yes")]


def test_the_nickname_of_another_person_or_another_act_stays_apart() -> None:
    bellamy = _question("160432", "Slick conviction overturned on appeal by June 30, 2029?",
                        'Resolves "Yes" if the Ninth Circuit vacates or reverses Marcus "Slick" Bellamy\'s fraud '
                        "convictions by June 30, 2029.")
    pardon = _question("160433", "Will the President pardon Slick by June 30, 2029?",
                       'Resolves "Yes" if the President pardons Marcus "Slick" Bell\'s or commutes his sentence by June '
                       "30, 2029.")
    for p in (bellamy, pardon):
        assert not approved(_overturned(), p), p.title


# --- an office "of" a country is no bearer of a surname --------------------------------------------


def _out_as_chancellor() -> Market:
    return _deadline_kalshi("KXBRENNEROUT-29", "Lukas Brenner out as Austria chancellor before 2030?",
                            "Before Jan 1, 2030",
                            "Lukas Brenner ceases to be Federal Chancellor of the Republic of Austria before January 1, "
                            "2030", close="2029-12-31T23:00:00Z")


def test_still_chancellor_of_the_country_at_the_end_of_the_year_is_the_no_of_out_before_it() -> None:
    p = _question("160441", "Will Lukas Brenner still be Chancellor of Austria at the end of 2029?",
                  'This market will resolve to "Yes" if Lukas Brenner holds the office of Federal Chancellor of the '
                  "Republic of Austria on December 31, 2029.", end="2029-12-31T23:59:00Z")
    assert approved(_out_as_chancellor(), p) == [token_named(p, "No")]


def test_another_holder_of_the_office_stays_apart() -> None:
    p = _question("160442", "Will Maria Brenner still be Chancellor of Austria at the end of 2029?",
                  'This market will resolve to "Yes" if Maria Brenner holds the office of Federal Chancellor of the '
                  "Republic of Austria on December 31, 2029.", end="2029-12-31T23:59:00Z")
    assert not approved(_out_as_chancellor(), p)


# --- an office held on a day, with no verb ------------------------------------------------------------


def _president_on_the_day() -> Market:
    return kalshi("KXOKAFOR-29JUN30", title="Okafor Kenyan President on Jun 30, 2029?", yes_sub_title="Yes",
                  close_time="2029-06-30T20:00:00Z", category="Politics",
                  rules="If Bola Okafor is President of Kenya (including in an acting capacity) on June 30, 2029, then "
                        "the market resolves to Yes.")


def test_an_office_held_on_a_day_is_the_no_of_leaving_it_by_that_day() -> None:
    p = _question("160451", "Okafor out as Kenyan President by June 30, 2029?",
                  'Resolves "Yes" if Bola Okafor is no longer President of Kenya by June 30, 2029. Serving in an acting '
                  "capacity counts as remaining in office.")
    assert approved(_president_on_the_day(), p) == [token_named(p, "No")]
    assert verdict(_president_on_the_day(), p).yes_token == token_named(p, "No")


def test_an_office_held_on_a_day_is_no_new_government_nor_leaving_by_another_day() -> None:
    coalition = _question("160452", "Will Okafor form a new government by June 30, 2029?",
                          'Resolves "Yes" if a new government led by Bola Okafor is sworn in by June 30, 2029.')
    earlier = _question("160453", "Okafor out as Kenyan President by May 31, 2029?",
                        'Resolves "Yes" if Bola Okafor is no longer President of Kenya by May 31, 2029.',
                        end="2029-05-31T23:59:00Z")
    for p in (coalition, earlier):
        assert not approved(_president_on_the_day(), p), p.title


# --- a year before the noun it dates, and the title's deadline ---------------------------------------


def _announces_run() -> Market:
    return _deadline_kalshi("KXDELGADORUN-30", "Rosa Delgado announces 2032 presidential run before 2031?",
                            "Before Jan 1, 2031",
                            "Rosa Delgado formally announces a campaign for the 2032 presidential election before "
                            "January 1, 2031", close="2030-12-31T23:00:00Z")


def test_a_year_before_its_noun_dates_the_run_and_the_deadline_dates_the_market() -> None:
    p = _question("160461", "Will Rosa Delgado announce a presidential run in 2030?",
                  'Resolves "Yes" if Rosa Delgado publicly and formally declares her candidacy for President in the '
                  "2032 election between now and December 31, 2030.", end="2030-12-31T23:59:00Z")
    assert approved(_announces_run(), p) == [token_named(p, "Yes")]


def test_the_run_announced_by_another_day_or_the_nomination_stays_apart() -> None:
    earlier = _question("160462", "Will Rosa Delgado announce a presidential run by June 30, 2030?",
                        'Resolves "Yes" if Rosa Delgado publicly and formally declares her candidacy for President in '
                        "the 2032 election by June 30, 2030.", end="2030-06-30T23:59:00Z")
    nominee = _question("160463", "Will Rosa Delgado win the 2032 Democratic presidential nomination?",
                        'Resolves "Yes" if Rosa Delgado is the Democratic nominee for the 2032 presidential election.',
                        end="2032-08-31T23:59:00Z")
    for p in (earlier, nominee):
        assert not approved(_announces_run(), p), p.title


# --- a party a market names twice, in its question and as its option --------------------------------


def _most_seats_kalshi(party: str, code: str) -> Market:
    return kalshi(f"KXBRAZILPARTY-30-{code}", title="Brazil general election: most seats?", yes_sub_title=party,
                  close_time="2030-10-06T18:00:00Z", category="Elections",
                  rules=f"If the {party} wins the most seats in the October 2030 Brazilian general election, then "
                        f"the market resolves to Yes.")


def _most_seats_gamma(market_id: str, party: str, group: str) -> Market:
    return gamma(market_id, question=f"Brazil General Election: Which party wins the most seats? - {party}",
                 group=group, end="2030-10-06T18:00:00Z",
                 description=f'This market will resolve to "Yes" if the {party} wins the greatest number of seats in '
                             f"the 2030 Brazilian general election." + _OTHERWISE)


def test_a_party_named_in_the_question_and_by_its_initials_as_the_option_is_one_party() -> None:
    p = _most_seats_gamma("160471", "Liberal Party", "PL")
    assert approved(_most_seats_kalshi("Liberal Party", "PL"), p) == [token_named(p, "Yes")]


def test_another_party_stays_apart_from_the_option_and_its_initials() -> None:
    p = _most_seats_gamma("160472", "Liberal Party", "PL")
    k = _most_seats_kalshi("Workers' Party", "PT")
    assert not approved(k, p)
    assert verdict(k, p).rejected


# --- one side of a league game, asked to win on its day ------------------------------------------------


def _league_game(code: str, side: str) -> Market:
    return kalshi(f"KXEPLGAME-29JAN02TOTNEW-{code}", title="Tottenham vs Newcastle Winner?", yes_sub_title=side,
                  close_time="2029-01-02T19:30:00Z", category="Sports",
                  rules=f"If {side} wins the Tottenham vs Newcastle match on January 2, 2029 in regulation time, then "
                        f"the market resolves to Yes.")


def _side_on_a_day(market_id: str, club: str, day: str = "2029-01-02", league: str = "EPL ") -> Market:
    return gamma(market_id, question=f"Will {club} win on {day}?", group=club, end=f"{day}T19:30:00Z",
                 description=f'Resolves "Yes" if {club} wins. In the upcoming {league}game, scheduled for January 2, '
                             f"2029, this market resolves based on the result after 90 minutes plus stoppage time.")


def test_one_side_asked_to_win_its_league_game_that_day_is_that_side_in_the_game() -> None:
    p = _side_on_a_day("160481", "Tottenham Hotspur FC")
    assert approved(_league_game("TOT", "Tottenham"), p) == [token_named(p, "Yes")]


def test_the_other_side_the_draw_another_day_or_no_league_stay_apart() -> None:
    other = _side_on_a_day("160482", "Newcastle United FC")
    later = _side_on_a_day("160483", "Tottenham Hotspur FC", day="2029-01-05")
    unnamed = _side_on_a_day("160484", "Tottenham Hotspur FC", league="")
    for p in (other, later, unnamed):
        assert not approved(_league_game("TOT", "Tottenham"), p), p.title
    assert not approved(_league_game("TIE", "Tie"), _side_on_a_day("160485", "Tottenham Hotspur FC"))
    assert verdict(_league_game("TOT", "Tottenham"), other).rejected
