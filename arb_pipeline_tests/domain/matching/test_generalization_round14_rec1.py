"""Forms of the fourteenth round's blind sets, on invented markets: a person written by initials
alone, a demonym before an office, a central bank's decision as a bare word, a hurricane's grade,
a running count reaching a number, and words one venue uses for an event."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _question(market_id: str, question: str, condition: str, end: str = "2028-06-30T23:59:00Z", **fields: str) -> Market:
    return gamma(market_id, question=question, end=end, **fields,
                 description=f'This market will resolve to "Yes" if {condition}. Otherwise, it will resolve to "No".')


# --- a person written by initials alone -------------------------------------------------------------


def _indicted(ticker: str, title: str, subject: str) -> Market:
    return kalshi(ticker, title=title, close_time="2028-06-30T23:59:00Z", category="Politics",
                  rules=f"If {subject} is indicted on federal charges before Jul 1, 2028, then the market resolves to Yes.")


def _indicted_question(market_id: str, subject: str, condition_subject: str | None = None) -> Market:
    return _question(market_id, f"Will {subject} be indicted by June 30?",
                     f"{condition_subject or subject} is indicted on federal charges by June 30, 2028")


def test_two_letters_alone_are_not_a_full_name_of_those_initials() -> None:
    # "AJ" may be anyone named A... J...: neither market says who.
    k = _indicted("KXAJINDICT-28JUN30", "Will AJ be indicted before July 2028?", "AJ")
    for market_id, person in (("1", "Anna Jansen"), ("2", "Arthur Jessop")):
        p = _indicted_question(market_id, person)
        assert not approved(k, p), verdict(k, p).reasons


def test_dotted_initials_alone_are_not_a_full_name_of_those_initials() -> None:
    k = _indicted("KXJDWINDICT-28JUN30", "Will Jacob Dwyer be indicted before July 2028?", "Jacob Dwyer")
    p = _indicted_question("3", "J.D.")
    assert not approved(k, p), verdict(k, p).reasons


def test_three_initials_alone_are_not_a_full_name_of_those_initials() -> None:
    k = _indicted("KXMTGINDICT-28JUN30", "Will MTG be indicted before July 2028?", "MTG")
    p = _indicted_question("4", "Mary Tate Gordon")
    assert not approved(k, p), verdict(k, p).reasons


def test_initials_whose_rules_spell_the_name_are_that_name() -> None:
    k = _indicted("KXMTGINDICT-28JUN30", "Will MTG be indicted before July 2028?", "Mary Tate Gordon")
    p = _indicted_question("5", "Mary Tate Gordon")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_initials_the_full_names_market_writes_are_that_name() -> None:
    k = _indicted("KXJDWINDICT-28JUN30", "Will Jacob Dwyer be indicted before July 2028?", "Jacob Dwyer")
    p = _indicted_question("6", "JD", "Jacob Dwyer (JD)")
    assert approved(k, p) == [token_named(p, "Yes")]


def _senate_option(option: str, person: str) -> Market:
    return kalshi(f"KXGASEN-28-{option.replace('.', '').replace(' ', '').upper()[:5]}",
                  title="Who will win the 2028 Georgia Senate race?", yes_sub_title=option,
                  close_time="2028-11-08T23:59:00Z", category="Elections",
                  rules=f"If {person} wins the 2028 Georgia Senate election, then the market resolves to Yes.")


def _senate_question(market_id: str, option: str, person: str) -> Market:
    return _question(market_id, f"Will {option} win the 2028 Georgia Senate race?", f"{person} wins the 2028 Georgia Senate election",
                     end="2028-11-08T23:59:00Z", group=option, event_title="Georgia Senate Election Winner 2028")


def test_a_candidates_initials_meet_no_other_candidate_of_those_initials() -> None:
    # Two candidates of one race share the initials MTG: one venue writes them alone.
    k = _senate_option("MTG", "MTG")
    for market_id, person in (("7", "Mark T. Green"), ("8", "Mary Tate Gordon")):
        p = _senate_question(market_id, person, person)
        assert not approved(k, p), verdict(k, p).reasons


def test_a_candidates_initials_are_the_name_their_market_spells() -> None:
    p = _senate_question("9", "MTG", "Mark T. Green")
    k = _senate_option("Mark T. Green", "Mark T. Green")
    assert approved(k, p) == [token_named(p, "Yes")]
    other = _senate_option("Mary Tate Gordon", "Mary Tate Gordon")
    assert not approved(other, p), verdict(other, p).reasons


def test_two_letters_of_a_candidate_are_the_name_their_rules_spell() -> None:
    k = _senate_option("JD", "Jacob Dwyer")
    p = _senate_question("10", "Jacob Dwyer", "Jacob Dwyer")
    assert approved(k, p) == [token_named(p, "Yes")]
    other = _senate_question("11", "Julia Dent", "Julia Dent")
    assert not approved(k, other), verdict(k, other).reasons


# --- a demonym beside an office ---------------------------------------------------------------------


def _visits(ticker: str, office: str) -> Market:
    return _before_july(ticker, f"Will the {office} visit Beijing before July 2028?",
                           f"the {office} makes an official visit to Beijing")


def _before_july(ticker: str, title: str, condition: str) -> Market:
    return kalshi(ticker, title=title, close_time="2028-06-30T23:59:00Z", category="Politics",
                  rules=f"If {condition} before Jul 1, 2028, then the market resolves to Yes.")


def _visit_question(market_id: str, office: str) -> Market:
    return _question(market_id, f"Will the {office} visit Beijing by June 30?",
                     f"the {office} makes an official visit to Beijing by June 30, 2028")


def test_a_demonym_before_an_office_is_the_office_of_the_country() -> None:
    k = _visits("KXCANPMBEIJING-28JUN30", "Canadian Prime Minister")
    p = _visit_question("20", "Prime Minister of Canada")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_another_countrys_office_or_a_deputy_is_no_such_office() -> None:
    k = _visits("KXCANPMBEIJING-28JUN30", "Canadian Prime Minister")
    for market_id, office in (("21", "Prime Minister of Australia"), ("22", "Deputy Prime Minister of Canada")):
        p = _visit_question(market_id, office)
        v = verdict(k, p)
        assert v.rejected, v.reasons


def test_a_former_holder_of_the_office_is_not_approved() -> None:
    k = _visits("KXCANPMBEIJING-28JUN30", "Canadian Prime Minister")
    p = _question("23", "Will a former Prime Minister of Canada visit Beijing by June 30?",
                  "a former Prime Minister of Canada makes an official visit to Beijing by June 30, 2028")
    assert not approved(k, p), verdict(k, p).reasons


def _leaves(ticker: str, office: str) -> Market:
    return _before_july(ticker, f"Will the {office} leave office before July 2028?", f"the {office} leaves office")


def test_a_demonym_before_an_office_is_the_countrys_office_written_as_words() -> None:
    k = _leaves("KXBRAPRESOUT-28JUN30", "Brazilian President")
    for market_id, question, holder in (("24", "President of Brazil out by June 30?", "the President of Brazil"),
                                        ("25", "Brazil's President out by June 30?", "Brazil's President")):
        p = _question(market_id, question, f"{holder} leaves office by June 30, 2028")
        assert approved(k, p) == [token_named(p, "Yes")]
    other = _question("26", "President of Argentina out by June 30?", "the President of Argentina leaves office by June 30, 2028")
    v = verdict(k, other)
    assert v.rejected, v.reasons


# --- a central bank's decision as a bare word ---------------------------------------------------------


def _decision(code: str, yes: str, rules: str | None = None) -> Market:
    return kalshi(f"KXBOCDECISION-28JUL-{code}", title="Bank of Canada decision in Jul 2028?", yes_sub_title=yes,
                  close_time="2028-07-12T14:00:00Z", category="Economics",
                  rules=rules or f"If the Bank of Canada's announced decision at its Jul 12, 2028 meeting is {yes}, then "
                                 "the market resolves to Yes.")


def _move(market_id: str, question: str, condition: str, group: str | None = None, month: str = "July",
          day: str = "2028-07-12") -> Market:
    return gamma(market_id, question=question, group=group, event_title=f"Bank of Canada decision in {month}?",
                 end=f"{day}T14:00:00Z",
                 description=f"The Bank of Canada is scheduled to announce its policy rate decision on {month} "
                             f"{int(day[-2:])}, 2028. This market will resolve to \"Yes\" if {condition}. Otherwise, this "
                             "market will resolve to \"No\".")


def _decrease(market_id: str, size: str, words: str) -> Market:
    return _move(market_id, f"Bank of Canada decreases interest rates by {size} bps after July 2028 meeting?",
                 f"the Bank of Canada decreases its policy interest rate by {words} at its July 2028 meeting",
                 group=f"{size} bps decrease")


def test_a_bare_cut_is_every_decrease_on_the_grid() -> None:
    p = _decrease("30", "25+", "25 basis points or more")
    assert approved(_decision("C", "Cut"), p) == [token_named(p, "Yes")]
    hike = _move("31", "Bank of Canada increases interest rates by 25+ bps after July 2028 meeting?",
                 "the Bank of Canada increases its policy interest rate by 25 basis points or more at its July 2028 meeting",
                 group="25+ bps increase")
    assert approved(_decision("H", "Hike"), hike) == [token_named(hike, "Yes")]


def test_a_bare_cut_is_no_cut_of_one_size() -> None:
    for market_id, size, words in (("32", "25", "25 basis points"), ("33", "50+", "50 basis points or more")):
        p = _decrease(market_id, size, words)
        v = verdict(_decision("C", "Cut"), p)
        assert v.rejected, v.reasons


def test_a_decision_only_its_ticker_codes_is_that_move() -> None:
    served = "The market resolves according to the Bank of Canada's announced decision on Jul 12, 2028."
    cut = _decrease("34", "25", "25 basis points")
    hold = _move("35", "No change in Bank of Canada interest rates after July 2028 meeting?",
                 "the Bank of Canada makes no change to its policy interest rate at its July 2028 meeting", group="No change")
    assert approved(_decision("C25", "", served), cut) == [token_named(cut, "Yes")]
    assert approved(_decision("H0", "", served), hold) == [token_named(hold, "Yes")]
    assert not approved(_decision("C26", "", served), cut)


def test_a_range_of_sizes_is_both_sizes_not_its_larger() -> None:
    # "25-50 bps decrease" was read as exactly 50 bps, and approved a cut of 50.
    p = _decrease("36", "25-50", "between 25 and 50 basis points")
    for code, yes in (("C50", "Cut 50bps"), ("C25", "Cut 25bps"), ("C", "Cut")):
        v = verdict(_decision(code, yes), p)
        assert v.rejected, (yes, v.reasons)


def test_a_cut_at_another_meeting_rejects() -> None:
    p = _move("37", "Bank of Canada decreases interest rates by 25+ bps after September 2028 meeting?",
              "the Bank of Canada decreases its policy interest rate by 25 basis points or more at its September 2028 "
              "meeting", group="25+ bps decrease", month="September", day="2028-09-06")
    assert not approved(_decision("C", "Cut"), p)


# --- a hurricane's grade ------------------------------------------------------------------------------


def _landfall_kalshi(title: str, condition: str) -> Market:
    return kalshi("KXHURLANDUS-28", title=title, close_time="2028-11-30T23:59:00Z", category="Climate and Weather",
                  rules=f"If {condition} before Dec 1, 2028, then the market resolves to Yes.")


def _storm(market_id: str, question: str, condition: str) -> Market:
    return gamma(market_id, question=question, end="2028-11-30T23:59:00Z",
                 description=f'This market will resolve to "Yes" if {condition} by November 30, 2028, according to the '
                             'National Hurricane Center. Otherwise, this market will resolve to "No".')


def _us_landfall(market_id: str, grade: str) -> Market:
    return _storm(market_id, f"Will a {grade} hurricane make landfall in the US in 2028?",
                  f"a hurricane of {grade} makes landfall in the United States")


def test_or_stronger_is_a_grade_or_higher() -> None:
    k = _landfall_kalshi("Will a Category 3+ hurricane make landfall in the US in 2028?",
                         "a hurricane of Category 3 or higher makes landfall in the United States")
    p = _us_landfall("40", "Category 3 or stronger")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_a_major_hurricane_is_one_of_category_3_or_higher() -> None:
    k = _landfall_kalshi("Will a major hurricane make landfall in the US in 2028?",
                         "a major hurricane makes landfall in the United States")
    p = _us_landfall("41", "Category 3 or stronger")
    assert approved(k, p) == [token_named(p, "Yes")]
    stronger = _us_landfall("42", "Category 4 or stronger")
    v = verdict(k, stronger)
    assert v.rejected, v.reasons


def test_a_grade_exactly_forming_or_anywhere_is_not_a_us_landfall_of_that_grade_or_higher() -> None:
    k = _landfall_kalshi("Will a Category 3+ hurricane make landfall in the US in 2028?",
                         "a hurricane of Category 3 or higher makes landfall in the United States")
    exactly = _storm("43", "Category 3 hurricane landfall in the US in 2028?",
                     "a hurricane makes landfall in the United States at exactly Category 3 intensity")
    forms = _storm("44", "Will a Category 3 or stronger hurricane form in 2028?",
                   "a hurricane of Category 3 or stronger forms in the Atlantic basin")
    anywhere = _storm("45", "Will a Category 3 or stronger hurricane make landfall in 2028?",
                      "a hurricane of Category 3 or stronger makes landfall anywhere")
    for p in (exactly, forms):
        assert not approved(k, p), verdict(k, p).reasons
    v = verdict(k, anywhere)
    assert v.rejected, v.reasons


# --- a running count reaching a number ------------------------------------------------------------------


def _cases_reach() -> Market:
    return kalshi("KXVELDTFEVER-28JUN30-T1000", title="Will US Veldt fever cases reach 1,000 by June 30, 2028?",
                  close_time="2028-06-30T23:59:00Z", category="Health",
                  rules="If the cumulative number of Veldt fever cases in the United States in 2028 reported by the CDC "
                        "reaches 1,000 on or before Jun 30, 2028, then the market resolves to Yes.")


def _cases(market_id: str, question: str, condition: str, end: str = "2028-06-30T23:59:00Z") -> Market:
    return gamma(market_id, question=question, end=end,
                 description=f'This market will resolve to "Yes" if {condition}. Otherwise, this market will resolve to "No".')


def test_a_running_count_reaching_a_number_by_a_day_is_that_many_or_more_by_it() -> None:
    p = _cases("50", "1,000 or more US Veldt fever cases by June 30?",
               "the cumulative number of confirmed Veldt fever cases in the United States for 2028 is 1,000 or more by "
               "June 30, 2028, according to the CDC")
    assert approved(_cases_reach(), p) == [token_named(p, "Yes")]


def test_a_weekly_count_another_publisher_or_another_day_rejects() -> None:
    weekly = _cases("51", "1,000 or more US Veldt fever cases in a single week by June 30?",
                    "the CDC reports 1,000 or more confirmed Veldt fever cases in the United States in any single week by "
                    "June 30, 2028")
    publisher = _cases("52", "1,000 or more US Veldt fever cases by June 30?",
                       "the cumulative number of confirmed Veldt fever cases in the United States for 2028 is 1,000 or "
                       "more by June 30, 2028, according to the WHO")
    later = _cases("53", "1,000 or more US Veldt fever cases by September 30?",
                   "the cumulative number of confirmed Veldt fever cases in the United States for 2028 is 1,000 or more by "
                   "September 30, 2028, according to the CDC", end="2028-09-30T23:59:00Z")
    for p in (weekly, publisher, later):
        v = verdict(_cases_reach(), p)
        assert v.rejected, v.reasons


# --- words one venue uses for an event ------------------------------------------------------------------


def _goes_to_trial() -> Market:
    return kalshi("KXTRIALROE-28JUN01", title="Will Jonas Roe go to trial before June 2028?", close_time="2028-05-31T23:59:00Z",
                  category="Politics", rules="If Jonas Roe goes to trial before Jun 1, 2028, then the market resolves to Yes.")


def test_going_to_trial_is_the_trial_beginning() -> None:
    p = _cases("60", "Will Jonas Roe's trial begin by May 31?", "the criminal trial of Jonas Roe begins by May 31, 2028",
               end="2028-05-31T23:59:00Z")
    assert approved(_goes_to_trial(), p) == [token_named(p, "Yes")]


def test_going_to_trial_is_no_conviction_and_no_charges_dropped() -> None:
    for market_id, question, condition in (
            ("61", "Will Jonas Roe be convicted by May 31?", "Jonas Roe is convicted by May 31, 2028"),
            ("62", "Will the charges against Jonas Roe be dropped by May 31?",
             "the charges against Jonas Roe are dropped by May 31, 2028")):
        p = _cases(market_id, question, condition, end="2028-05-31T23:59:00Z")
        v = verdict(_goes_to_trial(), p)
        assert v.rejected, v.reasons
