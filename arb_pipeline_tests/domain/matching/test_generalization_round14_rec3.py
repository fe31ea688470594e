"""Forms of the fourteenth round's blind sets (elections, offices, Congress, courts, mentions,
awards), on invented markets: a top-two finish in a race's first round is neither winning the race
nor (unless its rules say so) a place in a runoff."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named
from arb_pipeline_tests.domain.matching.test_generalization_round13_rec2 import _question, approved, verdict


# --- a top-two finish in a race's first round ----------------------------------------------------------


def _top_two(title: str = "Will Marta Velez finish in the top two in the March 2029 Tucson mayoral election?",
             finishes: str = "finishes first or second") -> Market:
    return kalshi("KXMAYORTUCR1-29-VELEZ", title=title, close_time="2029-03-05T23:59:00Z", category="Elections",
                  rules=f"If Marta Velez {finishes} in the March 4, 2029 Tucson municipal election, then the market "
                        "resolves to Yes.")


def _wins_race() -> Market:
    return gamma("10", question="Tucson Mayor 2029: Marta Velez re-elected?", group="Marta Velez", end="2029-05-10T23:59:00Z",
                 description="This market will resolve to \"Yes\" if incumbent Marta Velez is elected Mayor of Tucson in "
                             "2029, including the May runoff. Otherwise, this market will resolve to \"No\".")


def test_a_top_two_finish_is_not_winning_the_race() -> None:
    for k in (_top_two(), _top_two("Tucson mayoral election 2029: will Marta Velez finish top-two?", "finishes in the top 2")):
        v = verdict(k, _wins_race())
        assert v.rejected, v.reasons
        assert not approved(k, _wins_race())


def _advances(market_id: str, rules: str) -> Market:
    return _question(market_id, "Will Marta Velez advance to the Tucson mayoral runoff?", rules, end="2029-03-05T23:59:00Z")


def test_a_runoff_place_whose_rules_pay_on_a_top_two_finish_is_a_top_two_finish() -> None:
    p = _advances("11", "This market will resolve to \"Yes\" if Marta Velez finishes in the top two in the first round "
                        "on March 4, 2029, or wins outright. Otherwise, this market will resolve to \"No\".")
    assert approved(_top_two(), p) == [token_named(p, "Yes")]


def test_a_runoff_place_its_rules_do_not_call_a_top_two_finish_is_no_top_two_finish() -> None:
    # A candidate second behind an outright winner finishes in the top two, but no runoff is held.
    p = _advances("12", "This market will resolve to \"Yes\" if Marta Velez is one of the two candidates in the May "
                        "2029 Tucson mayoral runoff. If no runoff is held, this market will resolve to \"No\".")
    assert not approved(_top_two(), p)


# --- a country by its adjective: one no ending rule makes ----------------------------------------------


def _french_race() -> Market:
    return kalshi("KXFRPRES-32-CLAM", title="French Presidential Election 2032 Winner", yes_sub_title="Claire Lambert",
                  custom_strike={"Person": "Claire Lambert"}, close_time="2032-05-10T23:59:00Z", category="Elections",
                  rules="If Claire Lambert wins the 2032 French presidential election, then the market resolves to Yes.")


def _presidential(market_id: str, country: str) -> Market:
    return gamma(market_id, question=f"{country} Presidential Election: Claire Lambert", group="Claire Lambert",
                 end="2032-05-10T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if Claire Lambert wins the 2032 presidential election "
                             f"in {country}. Otherwise, it will resolve to \"No\".")


def test_a_country_and_its_irregular_adjective_are_one_place() -> None:
    p = _presidential("20", "France")
    assert approved(_french_race(), p) == [token_named(p, "Yes")]


def test_another_country_than_the_adjectives_is_another_race() -> None:
    for country in ("Belgium", "Spain"):
        v = verdict(_french_race(), _presidential("21", country))
        assert v.rejected, v.reasons


def _spanish_most_seats(party: str) -> Market:
    return kalshi(f"KXSPAINELECT-31-{party}", title="Spanish general election 2031: most seats", yes_sub_title=party,
                  close_time="2031-12-31T23:59:00Z", category="Elections",
                  rules=f"If {party} wins the most seats in the Congress of Deputies in the 2031 Spanish general "
                        "election, then the market resolves to Yes.")


def _spain_most_seats(market_id: str, party: str, country: str = "Spain") -> Market:
    return gamma(market_id, question=f"{country} election: Will {party} win the most seats?", end="2031-12-31T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if {party} wins the most seats in the 2031 general "
                             f"election in {country}. Otherwise, it will resolve to \"No\".")


def test_the_most_seats_in_a_country_named_by_its_adjective() -> None:
    p = _spain_most_seats("30", "Partido Popular")
    assert approved(_spanish_most_seats("PP"), p) == [token_named(p, "Yes")]


def test_the_most_seats_of_another_party_or_country_is_not_approved() -> None:
    assert not approved(_spanish_most_seats("PP"), _spain_most_seats("31", "Vox"))
    assert not approved(_spanish_most_seats("PP"), _spain_most_seats("32", "Partido Popular", "Portugal"))


# --- an ordinal the other market's rules write ---------------------------------------------------------


def _speaker_kalshi() -> Market:
    return kalshi("KXSPEAKER-31-WHIT", title="Will Dana Whitfield be elected Speaker of the House on January 3, 2031?",
                  close_time="2031-01-10T23:59:00Z", category="Politics",
                  rules="If Dana Whitfield is elected Speaker of the House when the 122nd Congress convenes, then the "
                        "market resolves to Yes.")


def _speaker_poly(market_id: str, ordinal: str) -> Market:
    return gamma(market_id, question=f"Who will be Speaker of the House in the {ordinal} Congress? - Dana Whitfield",
                 group="Dana Whitfield", end="2031-01-10T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if Dana Whitfield is the first person elected Speaker "
                             f"of the House in the {ordinal} Congress. Otherwise, this market will resolve to \"No\".")


def test_an_ordinal_the_other_markets_rules_write_is_said_there() -> None:
    p = _speaker_poly("40", "122nd")
    assert approved(_speaker_kalshi(), p) == [token_named(p, "Yes")]


def test_another_ordinal_than_the_other_markets_rules_write_rejects() -> None:
    v = verdict(_speaker_kalshi(), _speaker_poly("41", "123rd"))
    assert v.rejected, v.reasons


# --- a deadline before a day's last minute ---------------------------------------------------------------


def _ceo_leaves() -> Market:
    return kalshi("KXCEODEPART-31-NFIE", title="Will Nora Field step down as Vantix CEO in 2031?",
                  yes_sub_title="Before Jan 1, 2032", close_time="2031-12-31T23:59:00Z", category="Companies",
                  rules="If Vantix announces that Nora Field will cease to be CEO before Jan 1, 2032, then the market "
                        "resolves to Yes.")


def _ceo_out(market_id: str, question: str, deadline: str) -> Market:
    return _question(market_id, question,
                     f"Resolves \"Yes\" if Vantix officially announces, before {deadline}, that Nora Field is leaving or "
                     "will leave the CEO role.", end="2031-12-31T23:59:00Z")


def test_before_a_days_last_minute_is_by_that_day() -> None:
    for deadline in ("December 31, 2031 11:59 PM ET", "December 31, 2031 at 11:59 p.m. ET"):
        p = _ceo_out("50", "Nora Field out as Vantix CEO before 2032?", deadline)
        assert approved(_ceo_leaves(), p) == [token_named(p, "Yes")]


def test_before_a_day_without_its_last_minute_is_by_the_day_before() -> None:
    p = _ceo_out("51", "Nora Field out as Vantix CEO before December 31, 2031?", "December 31, 2031")
    assert not approved(_ceo_leaves(), p)


# --- what is said at one occasion of a month, named by its month or by its day ---------------------------


def _presser_kalshi(title: str = "Will the Fed Chair say \"stagflation\" at the June 2029 FOMC press conference?",
                    close: str = "2029-06-13T23:59:00Z") -> Market:
    return kalshi("KXFEDCHAIRMENTION-29JUN13-STAG", title=title, yes_sub_title="Stagflation", close_time=close,
                  category="Mentions",
                  rules="If the Fed Chair says \"stagflation\" during the press conference following the June 12-13, "
                        "2029 FOMC meeting, then the market resolves to Yes.")


def _presser_poly(market_id: str, word: str, day: str) -> Market:
    return _question(market_id, f"Fed Chair says \"{word}\" at the {day}, 2029 presser?",
                     f"This market will resolve to \"Yes\" if the Fed Chair says \"{word.lower()}\" during the {day}, "
                     "2029 FOMC press conference. Otherwise, this market will resolve to \"No\".",
                     end=f"2029-{'06' if 'June' in day else '07'}-{day.split()[-1]}T00:00:00Z")


def test_a_press_conference_by_its_month_and_by_its_day_is_one_occasion() -> None:
    p = _presser_poly("60", "Stagflation", "June 13")
    assert approved(_presser_kalshi(), p) == [token_named(p, "Yes")]


def test_another_day_word_or_a_whole_month_is_not_the_occasion() -> None:
    assert verdict(_presser_kalshi(), _presser_poly("61", "Stagflation", "July 25")).rejected
    assert not approved(_presser_kalshi(), _presser_poly("62", "Tariffs", "June 13"))
    # A market closing at the month's end pays on the word said at any time in it.
    month = _presser_kalshi("Will the Fed Chair say \"stagflation\" in June 2029?", "2029-06-30T23:59:00Z")
    assert not approved(month, _presser_poly("63", "Stagflation", "June 13"))


# --- a US state by its postal code ------------------------------------------------------------------------


def _state_trial(court: str = "the New York state trial", title: str = "Victor Hale state trial") -> Market:
    return kalshi("KXHALE-29-CONVICT", title=title, yes_sub_title="Guilty of murder",
                  close_time="2029-12-31T23:59:00Z", category="Politics",
                  rules=f"If Victor Hale is convicted of murder (any degree) in {court} before Jan 1, 2030, then the "
                        "market resolves to Yes.")


def _guilty(market_id: str, where: str) -> Market:
    return _question(market_id, f"Victor Hale found guilty of murder in {where} state trial by end of 2029?",
                     "Resolves \"Yes\" if Hale is convicted of murder in the first or second degree in state court by "
                     "December 31, 2029.")


def test_a_state_by_its_postal_code_is_the_state() -> None:
    p = _guilty("70", "NY")
    assert approved(_state_trial(), p) == [token_named(p, "Yes")]


def test_another_states_code_or_another_court_is_not_approved() -> None:
    assert not approved(_state_trial(), _guilty("71", "NJ"))
    federal = _state_trial("the federal trial in the Southern District of New York", "Victor Hale federal trial")
    assert not approved(federal, _guilty("72", "NY"))


# --- the end of a company, and a peace treaty -------------------------------------------------------------


def _ceases() -> Market:
    return kalshi("KXNIMBUSCEASE-29JUN30", title="Will Nimbus Air cease operations by Jun 30, 2029?",
                  yes_sub_title="Before Jul 1, 2029", close_time="2029-06-30T23:59:00Z", category="Companies",
                  rules="If Nimbus Air permanently ceases all scheduled flight operations before Jul 1, 2029, then the "
                        "market resolves to Yes.")


def test_ceasing_operations_is_shutting_down() -> None:
    p = _question("80", "Nimbus Air shuts down by June 30, 2029?",
                  "Resolves \"Yes\" if Nimbus Air permanently stops operating all scheduled flights by June 30, 2029.")
    assert approved(_ceases(), p) == [token_named(p, "Yes")]


def test_suspending_operations_or_bankruptcy_is_no_shutdown() -> None:
    for question in ("Nimbus Air suspends operations by June 30, 2029?", "Nimbus Air files for bankruptcy by June 30, 2029?"):
        p = _question("81", question, "Resolves \"Yes\" if Nimbus Air does so by June 30, 2029.")
        assert not approved(_ceases(), p)


def _treaty() -> Market:
    return kalshi("KXVALDORPEACE-29DEC31", title="Valdoria-Ostmark peace treaty signed in 2029?",
                  yes_sub_title="Before Jan 1, 2030", close_time="2029-12-31T23:59:00Z", category="World",
                  rules="If Valdoria and Ostmark sign a formal peace treaty before Jan 1, 2030, then the market resolves "
                        "to Yes.")


def test_a_peace_treaty_is_a_peace_deal() -> None:
    p = _question("82", "Will Valdoria and Ostmark sign a peace deal in 2029?",
                  "Resolves \"Yes\" if a formal peace agreement between Valdoria and Ostmark is signed by both "
                  "governments by December 31, 2029.")
    assert approved(_treaty(), p) == [token_named(p, "Yes")]


def test_a_ceasefire_is_no_peace_treaty() -> None:
    p = _question("83", "Will Valdoria and Ostmark agree to a ceasefire in 2029?",
                  "Resolves \"Yes\" if Valdoria and Ostmark agree to a ceasefire by December 31, 2029.")
    assert not approved(_treaty(), p)


# --- the first round's leader, asked of a candidate by surname ----------------------------------------------


def _first_round_leader() -> Market:
    return kalshi("KXFRPRESR1-32-LMOR", title="French Presidential Election 2032: First round leader",
                  yes_sub_title="Lucas Moreau", custom_strike={"Person": "Lucas Moreau"}, close_time="2032-04-12T23:59:00Z",
                  category="Elections",
                  rules="If Lucas Moreau receives the most votes in the first round of the 2032 French presidential "
                        "election, then the market resolves to Yes.")


def _finishes_first(market_id: str, given: str, question: str = "Will Moreau finish first in round one?") -> Market:
    return _question(market_id, question,
                     f"Resolves \"Yes\" if {given} Moreau receives the most votes in the first round of the 2032 French "
                     "presidential election, per the Conseil constitutionnel.", end="2032-04-12T23:59:00Z")


def test_finishing_first_in_round_one_leads_the_first_round() -> None:
    p = _finishes_first("90", "Lucas")
    assert approved(_first_round_leader(), p) == [token_named(p, "Yes")]


def test_another_moreau_or_winning_the_election_is_not_the_first_rounds_leader() -> None:
    assert not approved(_first_round_leader(), _finishes_first("91", "Camille"))
    won = _question("92", "Will Moreau be elected President of France in 2032?",
                    "Resolves \"Yes\" if Lucas Moreau wins the 2032 French presidential election.", end="2032-05-10T23:59:00Z")
    assert not approved(_first_round_leader(), won)


# --- a ballot measure rejected, as its rules define it, is the NO of its passing ---------------------------


def _passes() -> Market:
    return kalshi("KXBALLOTOR-30-MEAS7-YES", title="Will Oregon's 2030 Measure 7 (transit levy) pass?",
                  yes_sub_title="Pass", close_time="2030-11-10T23:59:00Z", category="Elections",
                  rules="If Oregon Measure 7 on the November 5, 2030 ballot is approved by voters, then the market "
                        "resolves to Yes.")


def _rejects(market_id: str, number: int, rule: str) -> Market:
    return _question(market_id, f"Will Oregon voters reject Measure {number} in 2030?",
                     f"This market will resolve to \"Yes\" if Oregon Measure {number} (transit levy) {rule} on the "
                     "November 2030 ballot. Otherwise, this market will resolve to \"No\".", end="2030-11-10T23:59:00Z")


def test_a_measure_its_rules_say_fails_to_be_approved_is_the_no_of_passing() -> None:
    p = _rejects("100", 7, "fails to be approved")
    assert approved(_passes(), p) == [token_named(p, "No")]


def test_a_rejection_left_undefined_or_another_measure_is_not_approved() -> None:
    assert not approved(_passes(), _rejects("101", 7, "is rejected by voters"))
    assert not approved(_passes(), _rejects("102", 8, "fails to be approved"))
