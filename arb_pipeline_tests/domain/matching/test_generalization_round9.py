"""General forms found on markets the matcher had not seen: places under their former names, a work
written with its author, the points of abbreviations, the number of a rematch, a year span of a
term or season, an amount written "2,000+", a traded value's close against the day's figure,
initialisms of one-word names, a thing that comes to be ("forms", "a record broken"), a seat left
vacant, and a name's back-reference ("the Court"). Each look-alike still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.names import capitalised_runs, name_key
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- places under their former names --------------------------------------------------------------


def _ipl(code: str, side: str) -> Market:
    return kalshi(f"KXIPLWIN-28-{code}", title="IPL 2028 Champion?", yes_sub_title=side, category="Sports",
                  close_time="2028-06-01T00:00:00Z",
                  rules=f"If {side} wins the 2028 Indian Premier League, then the market resolves to Yes.")


def _ipl_question(market_id: str, side: str) -> Market:
    return gamma(market_id, question=f"Will {side} win the 2028 IPL?", group=side, end="2028-06-01T00:00:00Z",
                 description=f"This market resolves Yes if {side} win the 2028 Indian Premier League.",
                 event_title="IPL 2028 Winner")


def test_a_city_under_its_former_name_is_the_city() -> None:
    assert name_key("Royal Challengers Bangalore") == name_key("Royal Challengers Bengaluru")
    assert name_key("Bombay") == name_key("Mumbai")
    v = verdict(_ipl("RCB", "Royal Challengers Bangalore"), _ipl_question("1", "Royal Challengers Bengaluru"))
    assert v.agrees, v.reasons


def test_a_renamed_city_is_still_not_another_city() -> None:
    v = verdict(_ipl("RCB", "Royal Challengers Bangalore"), _ipl_question("2", "Chennai Super Kings"))
    assert v.rejected, v.reasons


# --- a work written with its author -------------------------------------------------------------


def _song(code: str, option: str) -> Market:
    return kalshi(f"KXSONGOTY-28-{code}", title="Song of the Year at the 2028 Grammys?", yes_sub_title=option,
                  category="Entertainment", close_time="2028-02-07T00:00:00Z",
                  rules=f"If {option} wins Song of the Year at the 2028 Grammy Awards, then the market resolves to Yes.")


def _song_question(market_id: str, option: str) -> Market:
    return gamma(market_id, question=f"Will {option} win Song of the Year?", group=option, end="2028-02-07T00:00:00Z",
                 event_title="Grammys 2028: Song of the Year",
                 description=f"This market will resolve to Yes if {option} wins Song of the Year at the 70th Grammy Awards.")


def test_a_title_by_its_artist_is_the_title() -> None:
    v = verdict(_song("SLT", "Silver Lanterns by Mara Quill"), _song_question("3", "Silver Lanterns"))
    assert v.agrees, v.reasons
    assert v.yes_token is not None


def test_a_title_dash_artist_is_the_artist() -> None:
    v = verdict(_song("MQ", "Mara Quill"), _song_question("4", "Silver Lanterns - Mara Quill"))
    assert v.agrees, v.reasons


def test_another_title_of_the_same_artist_is_another_option() -> None:
    v = verdict(_song("SLT", "Silver Lanterns by Mara Quill"), _song_question("5", "Paper Harbor - Mara Quill"))
    assert not v.agrees, v.reasons
    v = verdict(_song("SLT", "Silver Lanterns by Mara Quill"), _song_question("6", "Iron Orchard"))
    assert v.rejected, v.reasons


# --- the points of abbreviations ----------------------------------------------------------------


def test_dotted_initials_and_abbreviations_end_no_sentence() -> None:
    assert capitalised_runs("If Ana Duarte wins the 2028 U.S. Open golf championship, then yes.") == (
        ("Ana Duarte", False), ("US", False))
    assert capitalised_runs("If St. Bonaventure wins the title.")[0][0] == "St Bonaventure"
    assert [run for run, _ in capitalised_runs("The fight Ruiz vs. Okafor in Reno.")] == ["Ruiz", "Okafor", "Reno"]


# --- a rematch's number -------------------------------------------------------------------------


def _fight(code: str, fighter: str, title: str) -> Market:
    return kalshi(f"KXBOXING-28MAR04RUIOKA-{code}", title=title, yes_sub_title=fighter, category="Sports",
                  close_time="2028-03-05T06:00:00Z",
                  rules=f"If {fighter} wins the boxing match scheduled for Mar 4, 2028, then the market resolves to Yes.")


def _bout(market_id: str, first: str, second: str) -> Market:
    return gamma(market_id, question=f"Boxing: {first} vs. {second}", outcomes=(first.split()[-1], second.split()[-1]),
                 end="2028-03-05T06:00:00Z", sports_market_type="moneyline", game_start_time="2028-03-05 04:00:00+00",
                 description=f"This market is on the boxing match between {first} and {second} scheduled for March 4, "
                             f"2028. The market resolves to the winner.")


def test_a_rematch_number_is_no_part_of_the_second_side() -> None:
    k = _fight("RUI", "Dario Ruiz", "Will Dario Ruiz win the Ruiz vs Okafor 2 fight?")
    v = verdict(k, _bout("7", "Dario Ruiz", "Femi Okafor"))
    assert v.agrees, v.reasons


def test_a_rematch_is_still_not_a_fight_against_someone_else() -> None:
    k = _fight("RUI", "Dario Ruiz", "Will Dario Ruiz win the Ruiz vs Okafor 2 fight?")
    v = verdict(k, _bout("8", "Dario Ruiz", "Lev Petrov"))
    assert not v.agrees, v.reasons


# --- a term or season across two years ----------------------------------------------------------


def test_a_term_across_two_years_is_decided_in_the_second() -> None:
    mentions = date_mentions(fold("in the 2027-28 term"), None)
    assert [(m.first.year, m.last.year) for m in mentions] == [(2028, 2028)]
    assert [m.first.year for m in date_mentions(fold("during the 2027-2028 season"), None)] == [2028]
    # A span of years that is not one term or season stays what it writes.
    assert [m.first.year for m in date_mentions(fold("from 2027-28 levels"), None)] == [2027]


def _ruling(market_id: str, question: str, end: str = "2028-07-01T00:00:00Z") -> Market:
    return gamma(market_id, question=question, end=end,
                 description=f"This market resolves to Yes if the Supreme Court issues its decision in the water "
                             f"rights case during its {question.split('the ')[-1].rstrip('?')}.")


def test_a_court_term_pairs_with_the_kalshi_market_dated_by_its_second_year() -> None:
    k = kalshi("KXSCOTUSWATER-28-RULE", title="Will the Supreme Court rule on the water rights case this term?",
               yes_sub_title="Rules in the 2027-28 term", category="Politics", close_time="2028-07-01T00:00:00Z",
               rules="If the Supreme Court issues a decision in the water rights case during its 2027-28 term, then "
                     "the market resolves to Yes.")
    p = _ruling("9", "Supreme Court rules on the water rights case in the 2027-28 term?")
    assert read(p).when.end is not None and read(p).when.end.year == 2028
    v = compare(read(k), read(p))
    assert v.agrees, v.reasons
    other = _ruling("10", "Supreme Court rules on the water rights case in the 2026-27 term?", end="2027-07-01T00:00:00Z")
    assert not compare(read(k), read(other)).agrees


# --- an amount written with "+" -----------------------------------------------------------------


def test_an_amount_with_a_plus_is_a_threshold_not_a_year() -> None:
    hit = parse_range(fold("2,000+ flu deaths in Ohio in 2028?"))
    assert hit is not None and hit.value_range.low is not None and hit.value_range.low.value == 2000
    assert [m.first.year for m in date_mentions(fold("2,000+ flu deaths in Ohio in 2028?"), None)] == [2028]
    assert parse_range(fold("Will it happen by 2028?")) is None


def _deaths(code: str, floor: int) -> Market:
    return kalshi(f"KXOHFLU-28-T{floor}", title="How many flu deaths in Ohio in 2028?", yes_sub_title=f"{floor:,} or more",
                  strike_type="greater_or_equal", floor=floor, category="Health", close_time="2029-01-20T00:00:00Z",
                  rules=f"If the Ohio Department of Health reports at least {floor:,} flu deaths for 2028, then the "
                        f"market resolves to Yes.")


def test_a_count_with_a_plus_pairs_with_the_same_bucket_only() -> None:
    def question(market_id: str, floor: int) -> Market:
        return gamma(market_id, question=f"{floor:,}+ flu deaths in Ohio in 2028?", end="2029-01-20T00:00:00Z",
                     description=f"Resolves Yes if the Ohio Department of Health reports {floor:,} or more flu deaths "
                                 f"for 2028.")

    assert verdict(_deaths("A", 2000), question("11", 2000)).agrees
    assert verdict(_deaths("A", 2000), question("12", 2500)).rejected


# --- a traded value's close against the day's figure ---------------------------------------------


def _bond(floor: str, verb: str) -> Market:
    return kalshi(f"KXBUND-28MAR15-T{floor}", title=f"Will the 10-year Bund yield {verb} above {floor}% on Mar 15, 2028?",
                  yes_sub_title=f"Above {floor}%", strike_type="greater", floor=float(floor), category="Financials",
                  close_time="2028-03-15T17:00:00Z",
                  rules=f"If the 10-year German Bund yield {verb}s above {floor}% on Mar 15, 2028, then the market "
                        f"resolves to Yes.")


def _bund_question(market_id: str, floor: str) -> Market:
    return gamma(market_id, question=f"10-year Bund yield above {floor}% on March 15, 2028?", end="2028-03-15T17:00:00Z",
                 description=f"This market resolves to Yes if the 10-year German Bund yield for March 15, 2028, as "
                             f"published by the Bundesbank, is above {floor}%.")


def test_a_yield_that_closes_above_a_level_is_the_days_yield() -> None:
    v = verdict(_bond("2.5", "close"), _bund_question("13", "2.5"))
    assert v.agrees, v.reasons


def test_a_yield_that_opens_above_a_level_is_not_the_days_close() -> None:
    v = verdict(_bond("2.5", "open"), _bund_question("14", "2.5"))
    assert not v.agrees, v.reasons


def test_a_stock_price_on_a_day_is_its_close() -> None:
    k = kalshi("KXORCL-28MAR15-T300", title="Oracle stock price on Mar 15, 2028?", yes_sub_title="Above $300",
               strike_type="greater", floor=300, category="Financials", close_time="2028-03-15T21:00:00Z",
               rules="If Oracle's stock price on Mar 15, 2028 is above $300, then the market resolves to Yes.")
    p = gamma("15", question="Will Oracle (ORCL) close above $300 on March 15, 2028?", end="2028-03-15T21:00:00Z",
              description="This market resolves to Yes if Oracle (ORCL) closes above $300 on March 15, 2028 according "
                          "to the official NYSE closing price.")
    assert verdict(k, p).agrees
    touched = gamma("16", question="Will Oracle (ORCL) hit $300 on March 15, 2028?", end="2028-03-15T21:00:00Z",
                    description="This market resolves to Yes if Oracle (ORCL) trades at or above $300 at any time on "
                                "March 15, 2028.")
    assert not verdict(k, touched).agrees


# --- an initialism of a one-word name ------------------------------------------------------------


def _ballot(market_id: str, source: str) -> Market:
    return gamma(market_id, question=f"Republicans lead the generic ballot by 2+ points on May 31 ({source})?",
                 end="2028-05-31T23:00:00Z",
                 description=f"This market resolves to Yes if the {source} generic congressional vote average on May "
                             f"31, 2028 shows Republicans ahead by 2 points or more.")


def test_an_initialism_in_brackets_is_the_one_word_name_of_its_capitals() -> None:
    k = kalshi("KXGENBALLOT-28MAY31-R2", title="Generic ballot margin on May 31, 2028?", yes_sub_title="Republicans +2 or more",
               strike_type="greater_or_equal", floor=2, category="Politics", close_time="2028-05-31T23:00:00Z",
               rules="If the Republican lead on the generic congressional ballot on May 31, 2028 is at least 2 points "
                     "according to PollTracker, then the market resolves to Yes.")
    v = verdict(k, _ballot("17", "PT"))
    assert v.agrees, v.reasons
    assert not verdict(k, _ballot("18", "RCP")).agrees


# --- a thing that comes to be -------------------------------------------------------------------


def _event(market_id: str, question: str, description: str) -> Market:
    return gamma(market_id, question=question, description=description, end="2026-11-30T23:00:00Z")


def test_a_storm_that_forms_is_the_storm_and_a_grade_is_no_actor() -> None:
    k = kalshi("KXPACCAT5-26-YES", title="Will a Category 5 typhoon form in the Pacific in 2026?", yes_sub_title="Yes",
               category="Climate and Weather", close_time="2026-11-30T23:00:00Z",
               rules="If a Category 5 typhoon forms in the Pacific in 2026 according to the Joint Typhoon Warning "
                     "Center, then the market resolves to Yes.")
    same = _event("19", "Will a Pacific typhoon reach Category 5 in 2026?",
                  "This market resolves to Yes if any Pacific typhoon reaches Category 5 in 2026 according to the "
                  "Joint Typhoon Warning Center.")
    assert verdict(k, same).agrees, verdict(k, same).reasons
    weaker = _event("20", "Will a Pacific typhoon reach Category 4 in 2026?",
                    "This market resolves to Yes if any Pacific typhoon reaches Category 4 in 2026 according to the "
                    "Joint Typhoon Warning Center.")
    assert verdict(k, weaker).rejected


def test_a_record_broken_is_a_new_record() -> None:
    k = kalshi("KXPOLEVAULT-26-WR", title="Will the women's pole vault world record be broken in 2026?", yes_sub_title="Yes",
               category="Sports", close_time="2026-12-31T23:00:00Z",
               rules="If the women's pole vault world record is broken in 2026 as ratified by World Athletics, then the "
                     "market resolves to Yes.")
    same = gamma("21", question="New women's pole vault world record in 2026?", end="2026-12-31T23:00:00Z",
                 description="This market resolves to Yes if a new women's pole vault world record is set in 2026, as "
                             "ratified by World Athletics.")
    assert verdict(k, same).agrees, verdict(k, same).reasons
    men = gamma("22", question="New men's pole vault world record in 2026?", end="2026-12-31T23:00:00Z",
                description="This market resolves to Yes if a new men's pole vault world record is set in 2026, as "
                            "ratified by World Athletics.")
    assert verdict(k, men).rejected


# --- a seat left vacant, and a name's back-reference ---------------------------------------------


def test_a_justice_leaving_the_court_is_a_vacancy_on_it() -> None:
    k = kalshi("KXSCOTUSEXIT-26-YES", title="Will a Supreme Court justice leave the Court before 2027?",
               yes_sub_title="Before 2027", category="Politics", close_time="2026-12-31T23:00:00Z",
               rules="If any sitting Justice of the Supreme Court leaves the Court (by retirement, resignation or "
                     "death) before Jan 1, 2027, then the market resolves to Yes.")
    vacancy = gamma("23", question="Supreme Court vacancy in 2026?", end="2026-12-31T23:00:00Z",
                    description="This market resolves to Yes if a seat on the US Supreme Court becomes vacant in "
                                "2026, by the retirement, resignation or death of a justice.")
    assert verdict(k, vacancy).agrees, verdict(k, vacancy).reasons
    named = gamma("24", question="Will Justice Alito leave the Supreme Court in 2026?", end="2026-12-31T23:00:00Z",
                  description="This market resolves to Yes if Samuel Alito ceases to be a justice of the US Supreme "
                              "Court in 2026.")
    assert not verdict(k, named).agrees


# --- a medal's metal, and a medal of any colour --------------------------------------------------


def _medal(code: str, question: str, rules: str) -> Market:
    return kalshi(f"KXEUROSWIM-27-{code}", title=question, yes_sub_title="Yes", category="Sports",
                  close_time="2027-08-20T15:00:00Z", rules=rules)


def test_a_gold_medal_is_no_gold_price_and_any_medal_is_not_gold() -> None:
    k = _medal("LKIN", "Will Lena Kinsey win a medal at the 2027 European Swimming Championships?",
               "If Lena Kinsey wins any medal (gold, silver or bronze) at the 2027 European Swimming Championships, "
               "then the market resolves to Yes.")
    gold = gamma("30", question="Will Lena Kinsey win gold at the 2027 European Swimming Championships?",
                 end="2027-08-20T15:00:00Z",
                 description="This market will resolve to Yes if Lena Kinsey wins a gold medal at the 2027 European "
                             "Swimming Championships.")
    assert read(gold).measure is None and read(k).measure is None
    assert verdict(k, gold).rejected, verdict(k, gold).reasons
    medal = gamma("31", question="Will Lena Kinsey win a medal at the 2027 European Swimming Championships?",
                  end="2027-08-20T15:00:00Z",
                  description="This market will resolve to Yes if Lena Kinsey wins a gold, silver or bronze medal at "
                              "the 2027 European Swimming Championships.")
    assert verdict(k, medal).agrees, verdict(k, medal).reasons


# --- a side winning on a day, under its game's event --------------------------------------------


def _eredivisie(code: str, side: str) -> Market:
    return kalshi(f"KXEREDIVISIEGAME-27FEB14AJAPSV-{code}", title="Ajax vs PSV", yes_sub_title=side, category="Sports",
                  close_time="2027-02-14T15:30:00Z",
                  rules=f"If {side} wins the Ajax vs PSV Eredivisie match originally scheduled for Feb 14, 2027, then "
                        f"the market resolves to Yes.")


def _wins_on(market_id: str, side: str, event: str = "AFC Ajax vs. PSV Eindhoven", day: str = "2027-02-14") -> Market:
    return gamma(market_id, question=f"Will {side} win on {day}?", group=side, end=f"{day}T15:30:00Z",
                 slug=f"will-{side.lower().replace(' ', '-')}-win-on-{day.replace('-', '')}", event_title=event,
                 description=f"In the upcoming Eredivisie game, scheduled for {day}:\nIf {side} wins, the market will "
                             f"resolve to \"Yes\".\nOtherwise, this market will resolve to \"No\".")


def test_a_side_winning_on_a_day_is_that_side_in_the_events_game() -> None:
    p = read(_wins_on("32", "AFC Ajax"))
    assert p.topic == "game" and len(p.teams) == 2
    v = verdict(_eredivisie("AJA", "Ajax"), _wins_on("32", "AFC Ajax"))
    assert v.agrees, v.reasons
    assert not verdict(_eredivisie("AJA", "Ajax"), _wins_on("33", "PSV Eindhoven")).agrees
    other_day = _wins_on("34", "AFC Ajax", day="2027-03-14")
    assert not verdict(_eredivisie("AJA", "Ajax"), other_day).agrees


def test_a_clubs_number_and_sports_club_initials_name_no_other_club() -> None:
    from arb_pipeline.domain.matching.propositions.lexicon.sports import club_key
    assert club_key("VfB 1893 Stuttgart") == club_key("Stuttgart")
    assert club_key("FC Schalke 04") == club_key("Schalke")
    assert club_key("Hertha BSC") != club_key("Stuttgart")


# --- a competition's lesser session, its generic noun, its unmarked men's draw --------------------


def test_a_sprint_is_not_the_grand_prix_and_a_tournament_noun_adds_nothing() -> None:
    from arb_pipeline.domain.matching.propositions.model import Name
    from arb_pipeline.domain.matching.propositions.name_variants import same_name

    def name(label: str) -> Name:
        return Name(name_key(label), label)

    assert not same_name(name("Austrian Grand Prix Sprint"), name("Austrian Grand Prix"))
    assert not same_name(name("Copa America Femenina Women"), name("Copa America Femenina"))
    assert same_name(name("Players Championship"), name("Players"))
    assert same_name(name("Memorial Tournament"), name("Memorial"))
    assert same_name(name("ICC Men's Champions Trophy"), name("ICC Champions Trophy"))
    assert not same_name(name("ICC Women's Champions Trophy"), name("ICC Champions Trophy"))


def _trophy(code: str, side: str, women: bool = False) -> Market:
    draw = "Women's " if women else "Men's "
    return kalshi(f"KXCHAMPTROPHY-29-{code}", title=f"Who will win the 2029 ICC {draw}Champions Trophy?", yes_sub_title=side,
                  category="Sports", close_time="2029-03-20T12:00:00Z",
                  rules=f"If {side} wins the 2029 ICC {draw}Champions Trophy, then the market resolves to Yes.")


def test_an_unmarked_competition_is_the_mens() -> None:
    p = gamma("35", question="Will Pakistan win the 2029 ICC Champions Trophy?", end="2029-03-20T12:00:00Z",
              description="This market resolves to Yes if Pakistan wins the 2029 ICC Champions Trophy.")
    assert verdict(_trophy("PAK", "Pakistan"), p).agrees, verdict(_trophy("PAK", "Pakistan"), p).reasons
    assert not verdict(_trophy("PAK", "Pakistan", women=True), p).agrees


# --- what a market opens its rules with, a question's noun, a ceremony's edition ------------------


def test_a_leaderboard_named_in_the_rules_opening_is_said_there() -> None:
    k = kalshi("KXTOPVIDEO-27MAR31-LUMA", title="Top video model on Arena Board on Mar 31, 2027?", yes_sub_title="Luma",
               category="Science and Technology", close_time="2027-03-31T16:00:00Z",
               rules="If the top-ranked model on the Arena Board video leaderboard on Mar 31, 2027 at 12:00 PM ET "
                     "belongs to Luma, then the market resolves to Yes.")
    p = gamma("36", question="Will Luma have the best video model at the end of March 2027?", end="2027-03-31T16:00:00Z",
              description="This market will resolve according to the company that owns the model with the highest "
                          "score on the Arena Board video leaderboard when checked on March 31, 2027, 12:00 PM ET.\n\n"
                          "This market will resolve to \"Yes\" if Luma owns the top model. Otherwise \"No\".")
    v = verdict(k, p)
    assert v.agrees, v.reasons


def _picture(code: str, film: str) -> Market:
    return kalshi(f"KXBAFTAFILM-28-{code}", title="Which film will win Best Film at the 2028 BAFTAs?", yes_sub_title=film,
                  category="Entertainment", close_time="2028-02-20T00:00:00Z",
                  rules=f"If {film} wins Best Film at the 2028 BAFTA Film Awards, then the market resolves to Yes.")


def test_a_question_noun_and_a_ceremony_edition_of_its_year_add_nothing() -> None:
    p = gamma("37", question='Will "Harbor Lights" win Best Film at the 81st BAFTA Film Awards?', end="2028-02-20T00:00:00Z",
              description='This market will resolve to "Yes" if "Harbor Lights" wins Best Film at the 81st British '
                          'Academy Film Awards, held in 2028.')
    v = verdict(_picture("HL", "Harbor Lights"), p)
    assert v.agrees, v.reasons
    earlier = gamma("38", question='Will "Harbor Lights" win Best Film at the 80th BAFTA Film Awards?',
                    end="2028-02-20T00:00:00Z",
                    description='This market will resolve to "Yes" if "Harbor Lights" wins Best Film at the 80th '
                                'British Academy Film Awards.')
    assert not verdict(_picture("HL", "Harbor Lights"), earlier).agrees


# --- avoiding an event is its complement; ceasing to be is leaving ------------------------------


def test_avoiding_an_event_pays_on_its_no() -> None:
    k = kalshi("KXRECESSIONDE-27", title="Will Germany enter a recession in 2027?", yes_sub_title="Yes", category="Economics",
               close_time="2027-12-31T23:00:00Z",
               rules="If Germany enters a recession in 2027 as reported by Destatis, then the market resolves to Yes.")
    p = gamma("39", question="Will Germany avoid a recession in 2027?", end="2027-12-31T23:00:00Z",
              description="This market will resolve to Yes if Germany avoids a recession in 2027 as reported by "
                          "Destatis.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "No")


def test_stopping_being_ceo_is_leaving() -> None:
    k = kalshi("KXCEOOUT-27-ARNO", title="Will Bernard Arnault stop being LVMH CEO before Dec 31, 2027?",
               yes_sub_title="Before Dec 31, 2027", category="Companies", close_time="2027-12-30T23:00:00Z",
               rules="If Bernard Arnault stops being the CEO of LVMH before Dec 31, 2027, then the market resolves to Yes.")
    p = gamma("40", question="Bernard Arnault out as LVMH CEO by December 30, 2027?", end="2027-12-30T23:00:00Z",
              description="This market will resolve to Yes if Bernard Arnault leaves the role of LVMH CEO by December "
                          "30, 2027.")
    v = verdict(k, p)
    assert v.agrees, v.reasons


# --- initials written apart, a series' league, a team by city and initial, a reign's number -------


def test_a_candidate_written_with_dotted_initials_is_the_candidate() -> None:
    from arb_pipeline.domain.matching.propositions.elections import person_key
    assert person_key("J.B. Pritzker") == person_key("JB Pritzker")
    k = kalshi("KXPRESPERSON-32-JBPR", title="Will J.B. Pritzker win the 2032 presidential election?", yes_sub_title="Yes",
               category="Elections", close_time="2032-11-10T00:00:00Z",
               rules="If J.B. Pritzker wins the 2032 United States presidential election, then the market resolves to Yes.")
    p = gamma("41", question="Will JB Pritzker win the 2032 US Presidential Election?", end="2032-11-10T00:00:00Z",
              description="This market will resolve to Yes if JB Pritzker wins the 2032 US Presidential Election.")
    assert verdict(k, p).agrees, verdict(k, p).reasons


def test_the_league_a_kalshi_series_is_named_for_is_said_by_its_market() -> None:
    k = kalshi("KXNHLHART-28-CMCD", title="Will Connor McDavid win 2027-28 Hart Trophy?", yes_sub_title="Yes",
               category="Sports", close_time="2028-06-20T00:00:00Z",
               rules="If Connor McDavid wins the Hart Trophy for the 2027-28 season, then the market resolves to Yes.")
    p = gamma("42", question="Will Connor McDavid win the 2027-28 NHL Hart Trophy?", end="2028-06-20T00:00:00Z",
              description="This market will resolve to Yes if Connor McDavid wins the NHL Hart Trophy for the "
                          "2027-28 season.")
    assert verdict(k, p).agrees, verdict(k, p).reasons
    other_league = gamma("43", question="Will Connor McDavid win the 2027-28 AHL Les Cunningham Award?",
                         end="2028-06-20T00:00:00Z",
                         description="This market will resolve to Yes if Connor McDavid wins the AHL Les Cunningham "
                                     "Award for the 2027-28 season.")
    assert not verdict(k, other_league).agrees


def test_a_title_market_without_a_yes_side_names_its_team_by_the_ticker() -> None:
    from arb_pipeline.domain.matching.propositions.lexicon.sports import resolve_team
    assert resolve_team("NBA", "Los Angeles C") is not None and resolve_team("NBA", "Los Angeles C").code == "LAC"
    k = kalshi("KXNBA-28-LAC", title="Will Los Angeles C win the 2028 Pro Basketball Finals?", category="Sports",
               close_time="2028-06-25T00:00:00Z",
               rules="If Los Angeles C wins the 2028 Pro Basketball Finals, then the market resolves to Yes.")
    assert read(k).topic == "title"
    p = gamma("44", question="Will the LA Clippers win the 2028 NBA Finals?", end="2028-06-25T00:00:00Z", slug="nba-2028-clippers",
              description="This market will resolve to Yes if the Los Angeles Clippers win the 2028 NBA Finals.")
    assert verdict(k, p).agrees, verdict(k, p).reasons
    lakers = gamma("45", question="Will the Los Angeles Lakers win the 2028 NBA Finals?", end="2028-06-25T00:00:00Z",
                   slug="nba-2028-lakers",
                   description="This market will resolve to Yes if the Los Angeles Lakers win the 2028 NBA Finals.")
    assert verdict(k, lakers).rejected


def test_a_reigns_number_is_the_reigning_holder_of_the_name() -> None:
    from arb_pipeline.domain.matching.propositions.model import Name
    from arb_pipeline.domain.matching.propositions.name_variants import same_name
    def name(label: str) -> Name:
        return Name(name_key(label), label)

    assert same_name(name("King Carl III"), name("King Carl"))
    assert not same_name(name("King Carl III"), name("King Carl IV"))
    assert not same_name(name("Carl Jensen III"), name("Carl Jensen"))


# --- one game of a series, a race's metres, named sides meeting on a day --------------------------


def test_rules_that_place_a_game_in_its_series_make_no_series_market() -> None:
    from arb_pipeline.domain.matching.propositions.terms import contest_terms
    assert contest_terms("Denver at Phoenix Winner?", "This is Game 3 of the Western Conference semifinal series.") == {}
    assert contest_terms("Who will win the Denver vs. Phoenix series?", "") == {"whole": "series"}
    assert contest_terms("Denver at Phoenix Winner?", "The market is on the series as a whole.") == {"whole": "series"}


def test_a_races_metres_are_not_millions() -> None:
    assert fold("Who will win the women's 400m at the Diamond League final?") == \
        "who will win the women's 400m at the diamond league final?"
    assert fold("the 110m hurdles") == "the 110m hurdles"
    assert fold("Will the film gross $150M?") == "will the film gross $150000000?"
    assert fold("20m subscribers by June") == "20000000 subscribers by june"


def test_a_national_team_by_its_initials_is_the_country() -> None:
    assert name_key("USWNT") == name_key("United States")


def test_two_named_sides_that_meet_on_a_day_are_a_game_and_its_draw() -> None:
    def kalshi_game(code: str, side: str) -> Market:
        return kalshi(f"KXRUGBYGAME-28FEB05WALSCO-{code}", title="Wales vs Scotland", yes_sub_title=side, category="Sports",
                      close_time="2028-02-05T19:00:00Z",
                      rules=f"If {'the match ends in a tie' if side == 'Tie' else side + ' wins the Wales vs Scotland match'} "
                            f"scheduled for Feb 5, 2028, then the market resolves to Yes.")

    beat = gamma("46", question="Will Wales beat Scotland in the Six Nations on February 5?", end="2028-02-05T19:00:00Z",
                 description="This market will resolve to \"Yes\" if Wales wins its 2028 Six Nations match against "
                             "Scotland on February 5, 2028. If Scotland wins or the match is drawn, it resolves \"No\".")
    assert read(beat).topic == "game"
    assert verdict(kalshi_game("WAL", "Wales"), beat).agrees, verdict(kalshi_game("WAL", "Wales"), beat).reasons
    assert not verdict(kalshi_game("SCO", "Scotland"), beat).agrees
    draw = gamma("47", question="Wales vs. Scotland: Draw?", end="2028-02-05T19:00:00Z",
                 description="This market will resolve to \"Yes\" if the 2028 Six Nations match between Wales and "
                             "Scotland on February 5, 2028 ends in a draw. Otherwise \"No\".")
    assert verdict(kalshi_game("TIE", "Tie"), draw).agrees, verdict(kalshi_game("TIE", "Tie"), draw).reasons
    # A question without a day, or whose other side is no name, is no game.
    assert read(gamma("48", question="Will Nvidia beat earnings on May 28?", end="2028-05-29T00:00:00Z")).topic != "game"
    assert read(gamma("49", question="Will Wales beat Scotland?", end="2028-02-05T19:00:00Z")).topic != "game"


# --- the two games of a doubleheader -------------------------------------------------------------


def _doubleheader_kalshi(clock: str, side: str, numbered: str = "") -> Market:
    return kalshi(f"KXMLBGAME-28JUN06{clock}SEAOAK-{side}", title="Seattle at Oakland Winner?",
                  yes_sub_title="Seattle" if side == "SEA" else "Oakland", category="Sports",
                  close_time="2028-06-07T06:00:00Z",
                  rules=f"If {'Seattle' if side == 'SEA' else 'Oakland'} wins the Seattle at Oakland professional baseball "
                        f"game originally scheduled for Jun 6, 2028{numbered}, then the market resolves to Yes.")


def _doubleheader_game(market_id: str, clock: str, second: bool) -> Market:
    start = {"1305": "1:05PM", "1905": "7:05PM"}[clock]
    utc = {"1305": "17:05", "1905": "23:05"}[clock]
    return gamma(market_id, question=f"Mariners vs. Athletics{' (Game 2)' if second else ''}", outcomes=("Mariners", "Athletics"),
                 slug=f"mlb-sea-oak-2028-06-06{'-game-2' if second else ''}", end=f"2028-06-06T{utc}:00Z",
                 sports_market_type="moneyline",
                 description=f"In the upcoming MLB game, scheduled for June 6 at {start} ET:\nIf the Mariners win, the "
                             f"market will resolve to \"Mariners\".")


def test_the_games_of_a_doubleheader_are_told_apart_by_their_start() -> None:
    first, second = _doubleheader_game("50", "1305", False), _doubleheader_game("51", "1905", True)
    early, late = _doubleheader_kalshi("1305", "SEA"), _doubleheader_kalshi("1905", "SEA", " (game 2)")
    assert verdict(early, first).agrees, verdict(early, first).reasons
    assert verdict(late, second).agrees, verdict(late, second).reasons
    assert verdict(early, second).rejected
    assert verdict(late, first).rejected


def test_a_works_title_may_keep_its_short_words_lower_case() -> None:
    k = _song("NOTW", "Notes on a Winter Sky - Mara Quill")
    assert read(k).selection is not None and read(k).selection.label == "Notes on a Winter Sky - Mara Quill"
    v = verdict(k, _song_question("52", "Mara Quill"))
    assert v.agrees, v.reasons


def test_the_last_trading_day_of_a_year_is_its_last_day() -> None:
    mentions = date_mentions(fold("settle over $5,000 on the last trading day of 2028?"), None)
    assert [(m.kind, m.first.isoformat()) for m in mentions] == [("day", "2028-12-31")]


# --- a game's two-sided market and its Yes/No market are both the pair ----------------------------


def test_a_games_sides_market_and_its_yes_no_market_are_both_the_pair() -> None:
    from arb_pipeline.domain.matching import match_markets
    from arb_pipeline.domain.models import PairStatus
    k = kalshi("KXNBAGAME-28JAN20DENPHX-PHX", title="Denver at Phoenix Winner?", yes_sub_title="Phoenix", category="Sports",
               close_time="2028-01-21T06:00:00Z",
               rules="If Phoenix wins the Denver at Phoenix professional basketball game originally scheduled for Jan 20, "
                     "2028, then the market resolves to Yes.")
    sides = gamma("53", question="Nuggets vs. Suns", outcomes=("Nuggets", "Suns"), slug="nba-den-phx-2028-01-20",
                  end="2028-01-21T06:00:00Z", sports_market_type="moneyline", game_start_time="2028-01-21 02:00:00+00")
    yes_no = gamma("54", question="Will the Suns beat the Nuggets?", slug="nba-den-phx-2028-01-20-suns",
                   end="2028-01-21T06:00:00Z",
                   description="This market resolves to Yes if the Phoenix Suns beat the Denver Nuggets on January 20, 2028.")
    pairs = match_markets([k], [sides, yes_no])
    assert {p.polymarket_market_id: p.status for p in pairs} == {"53": PairStatus.APPROVED, "54": PairStatus.APPROVED}, \
        [p.reasons for p in pairs]
    second_game = gamma("55", question="Nuggets vs. Suns (late game)", outcomes=("Nuggets", "Suns"),
                        slug="nba-den-phx-2028-01-20-late", end="2028-01-21T06:00:00Z", sports_market_type="moneyline",
                        game_start_time="2028-01-21 02:00:00+00")
    assert {p.status for p in match_markets([k], [sides, second_game])} == {PairStatus.REVIEW}
