"""General forms of name equivalence a market states itself: a second name its own text declares
("formerly", "d/b/a", "also known as", a party's native name in brackets, a nickname quoted in a
full name) used against the other venue's market; a candidate's short name against the full one
with two surnames; a body's initials without the country that owns it; and a release "delayed
past" or "after" a year as the NO of "released before" the next. Every market here is invented,
in both venues' payload shapes, and each look-alike still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.declarations import declared_aliases
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import name_key
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def _name(label: str) -> Name:
    return Name(name_key(label), label)


# --- a second name the market's own text declares ---------------------------------------------------


def _split(option: str, rules_option: str | None = None) -> Market:
    return kalshi("KXSTOCKSPLIT-28-" + option.split()[0].upper()[:6], category="Companies",
                  title="Which companies will announce a stock split by December 31, 2028?", yes_sub_title=option,
                  close_time="2028-12-31T00:00:00Z",
                  rules=f"If {rules_option or option} announces a stock split before Jan 1, 2029, then the market "
                        f"resolves to Yes.")


def _split_question(market_id: str, name: str, described: str | None = None) -> Market:
    return gamma(market_id, question=f"Will {name} announce a stock split by December 31, 2028?",
                 end="2028-12-31T00:00:00Z",
                 description=f"This market will resolve to Yes if {described or name} announces a stock split by "
                             f"December 31, 2028. Otherwise, it will resolve to No.")


def test_a_former_name_in_one_market_s_rules_is_the_other_market_s_name() -> None:
    k, p = _split("Corvane", "Corvane (formerly Halbrook Data)"), _split_question("1", "Halbrook Data")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Yes")
    assert any("declares equal" in r for r in v.reasons)


def test_a_former_name_in_the_other_venue_s_description_works_the_other_way() -> None:
    v = verdict(_split("Halbrook Data"), _split_question("2", "Corvane", "Corvane (formerly known as Halbrook Data)"))
    assert v.agrees, v.reasons


def test_an_option_written_with_its_former_name_is_the_option() -> None:
    v = verdict(_split("Corvane (formerly Halbrook Data)"), _split_question("3", "Halbrook Data"))
    assert v.agrees, v.reasons


def test_a_trade_name_and_an_alias_clause_are_the_company() -> None:
    assert verdict(_split("Vantor Labs"), _split_question("4", "Quillon Holdings", "Quillon Holdings d/b/a Vantor Labs")).agrees
    assert verdict(_split("Vantor Labs"), _split_question("5", "Quillon", "Quillon, also known as Vantor Labs,")).agrees
    assert verdict(_split("Quillon", "Quillon (a.k.a. Vantor Labs)"), _split_question("6", "Vantor Labs")).agrees


def test_without_a_declaration_two_companies_stay_two() -> None:
    v = verdict(_split("Vantor Labs"), _split_question("7", "Quillon Holdings"))
    assert v.rejected, v.reasons


def test_a_former_role_is_no_name() -> None:
    # "formerly Halbrook Data's chief executive" says what a person was, not another name of hers.
    assert declared_aliases("If Ines Marlow, formerly Halbrook Data's chief executive, announces") == ()
    assert declared_aliases("Ines Marlow (formerly of Halbrook Data)") == ()
    v = verdict(_split("Halbrook Data"), _split_question("8", "Ines Marlow", "Ines Marlow, formerly Halbrook Data's CEO,"))
    assert not v.agrees, v.reasons


def test_a_former_office_is_no_name_but_a_renamed_office_is_the_office() -> None:
    assert declared_aliases("Will Ines Marlow, formerly Prime Minister of Valdoria, resign?") == ()
    assert declared_aliases("Ines Marlow (formerly Minister of Ports)") == ()
    assert declared_aliases("the Minister of Coasts (formerly Minister of Ports)") == (
        ("Minister of Coasts", "Minister of Ports"),)


def test_a_declaration_the_other_market_tells_apart_is_not_used() -> None:
    # The Kalshi market names both as two companies, one buying the other: the Polymarket
    # description's "formerly" cannot make them one.
    k = kalshi("KXACQUIRE-28-VANTOR", title="Will Corvane acquire Halbrook Data by December 31, 2028?", category="Companies",
               close_time="2028-12-31T00:00:00Z",
               rules="If Corvane announces a completed acquisition of Halbrook Data before Jan 1, 2029, then the "
                     "market resolves to Yes.")
    p = gamma("9", question="Will Corvane acquire Halbrook Data by December 31, 2028?", end="2028-12-31T00:00:00Z",
              description="This market will resolve to Yes if Corvane (formerly Halbrook Data) announces a completed "
                          "acquisition of Halbrook Data by December 31, 2028.")
    v = verdict(k, p)
    assert not any("declares equal" in r for r in v.reasons), v.reasons


def _seats(code: str, option: str, written: str | None = None) -> Market:
    return kalshi(f"KXVALDSEATS-28-{code}", title="Which party will win the most seats in the 2028 Valdoria election?",
                  yes_sub_title=option, category="Politics", close_time="2028-09-20T00:00:00Z",
                  rules=f"If {written or option} wins the most seats in the 2028 Valdoria parliamentary election, then "
                        f"the market resolves to Yes.")


def _seats_question(market_id: str, option: str, written: str | None = None) -> Market:
    return gamma(market_id, question=f"Will {option} win the most seats in the 2028 Valdoria election?", group=option,
                 end="2028-09-20T00:00:00Z", event_title="Valdoria parliamentary election: most seats",
                 description=f"This market will resolve to Yes if {written or option} wins the most seats in the 2028 "
                             f"Valdoria parliamentary election.")


def test_a_party_s_native_name_in_brackets_is_the_party_on_either_venue() -> None:
    declared = "the National Unity Party (Yhtenaisyys)"
    assert verdict(_seats("NUP", "National Unity Party", declared), _seats_question("10", "Yhtenaisyys")).agrees
    assert verdict(_seats("YHT", "Yhtenaisyys"), _seats_question("11", "National Unity Party", declared)).agrees


def test_a_translated_party_name_in_brackets_is_the_party() -> None:
    v = verdict(_seats("FDV", "Fratelli di Valdoria"),
                _seats_question("12", "Brothers of Valdoria", "Brothers of Valdoria (Fratelli di Valdoria)"))
    assert v.agrees, v.reasons
    v = verdict(_seats("FDV", "Fratelli d'Orsa"), _seats_question("13", "Brothers of Orsa", "Brothers of Orsa (Fratelli d'Orsa)"))
    assert v.agrees, v.reasons


def test_another_party_is_still_another_party() -> None:
    v = verdict(_seats("CIV", "Civic Front"), _seats_question("14", "National Unity Party", "the National Unity Party (Yhtenaisyys)"))
    assert v.rejected, v.reasons


def test_a_candidate_s_party_in_brackets_is_not_the_candidate() -> None:
    assert declared_aliases("If Odile Quarrie (National Unity Party) wins") == ()
    v = verdict(_seats("NUP", "National Unity Party"), _seats_question("15", "Odile Quarrie", "Odile Quarrie (National Unity Party)"))
    assert not v.agrees, v.reasons


def test_what_tells_one_share_place_or_rank_from_another_is_no_second_name() -> None:
    for text in ("Corvane (Class C) shares", "Kansas City (Missouri)", "Ostrava (Czechia)", "the Calder Trophy (runner-up)",
                 "Mira Sol (Best Pop Album)", "Vexa (Formula One)"):
        assert declared_aliases(text) == (), text


def test_a_sibling_s_bracket_tells_it_apart_and_is_not_read_against_the_other_venue() -> None:
    # "Mira Sol (Best Pop Album)" is Mira Sol's market of another award, not a second name.
    k = kalshi("KXAOTY-28-MSOL", title="Album of the Year at the 2028 Lyra Awards: Mira Sol", yes_sub_title="Mira Sol",
               category="Entertainment", close_time="2028-02-10T00:00:00Z",
               rules="If Mira Sol wins Album of the Year at the 2028 Lyra Awards, then the market resolves to Yes.")
    p = gamma("16", question="Will Mira Sol win Best Pop Album at the 2028 Lyra Awards?", group="Mira Sol (Best Pop Album)",
              end="2028-02-10T00:00:00Z", event_title="Lyra Awards 2028",
              description="This market will resolve to Yes if Mira Sol wins Best Pop Album at the 2028 Lyra Awards.")
    assert not verdict(k, p).agrees


def _vault(code: str, name: str, written: str | None = None) -> Market:
    return kalshi(f"KXPVRECORD-28-{code}", title=f"Will {name} break the pole vault world record in 2028?",
                  category="Sports", close_time="2028-12-31T00:00:00Z",
                  rules=f"If {written or name} sets a new men's pole vault world record between Jan 1, 2028 and Dec "
                        f"31, 2028, then the market resolves to Yes.")


def _vault_question(market_id: str, name: str, written: str | None = None) -> Market:
    return gamma(market_id, question=f"Will {name} break the pole vault world record in 2028?", end="2028-12-31T00:00:00Z",
                 description=f"This market will resolve to Yes if {written or name} sets a new men's pole vault world "
                             f"record between January 1, 2028 and December 31, 2028.")


def test_a_nickname_the_rules_quote_inside_the_full_name_is_the_person() -> None:
    v = verdict(_vault("TKOV", "Tomas Kovar", "Tomas 'Rocket' Kovar"), _vault_question("17", "Rocket Kovar"))
    assert v.agrees, v.reasons


def test_a_nickname_is_not_another_person_of_the_same_surname() -> None:
    v = verdict(_vault("TKOV", "Tomas Kovar", "Tomas 'Rocket' Kovar"), _vault_question("18", "Pavel Kovar"))
    assert not v.agrees, v.reasons


def test_a_declared_name_meets_its_market_in_one_match() -> None:
    k = _seats("YHT", "Yhtenaisyys")
    unity = _seats_question("19", "National Unity Party", "the National Unity Party (Yhtenaisyys)")
    civic = _seats_question("20", "Civic Front")
    pairs = {(pair.kalshi_ticker, pair.polymarket_market_id): pair for pair in match_markets([k], [unity, civic])}
    assert pairs[(k.market_id, "19")].status is PairStatus.APPROVED, pairs
    assert pairs.get((k.market_id, "20")) is None or pairs[(k.market_id, "20")].status is not PairStatus.APPROVED


# --- a candidate's short name against the full one -------------------------------------------------


def _president(code: str, name: str) -> Market:
    return kalshi(f"KXVALPRES-28-{code}", title="Who will win the 2028 Valdorian presidential election?", yes_sub_title=name,
                  category="Politics", close_time="2028-10-30T00:00:00Z",
                  rules=f"If {name} wins the 2028 Valdorian presidential election, then the market resolves to Yes.")


def _president_question(market_id: str, name: str) -> Market:
    return gamma(market_id, question=f"Will {name} win the 2028 Valdorian presidential election?", group=name,
                 end="2028-10-30T00:00:00Z", event_title="Valdoria presidential election winner",
                 description=f"This market will resolve to Yes if {name} wins the 2028 Valdorian presidential election.")


def test_a_given_name_and_the_first_surname_are_the_full_name() -> None:
    v = verdict(_president("NRAM", "Nuria Ramos"), _president_question("21", "Nuria Isabel Ramos Quintero"))
    assert v.agrees, v.reasons
    v = verdict(_president("NRAM", "Nuria Isabel Ramos Quintero"), _president_question("22", "Nuria Ramos"))
    assert v.agrees, v.reasons


def test_another_given_name_or_surname_is_another_candidate() -> None:
    assert verdict(_president("NRAM", "Nuria Ramos"), _president_question("23", "Nerea Isabel Ramos Quintero")).rejected
    assert verdict(_president("NRAM", "Nuria Ramos"), _president_question("24", "Nuria Isabel Quintero Ruiz")).rejected


def test_two_candidates_the_short_name_could_stand_for_are_told_apart_by_the_event() -> None:
    # "Nuria Ramos" and "Nuria Ramos Vidal" both run: each venue's exact name is the pair, the
    # short name never approved for the other candidate.
    short, long = _president("NRAM", "Nuria Ramos"), _president("NRAMV", "Nuria Ramos Vidal")
    p_short, p_long = _president_question("25", "Nuria Ramos"), _president_question("26", "Nuria Ramos Vidal")
    pairs = {(pair.kalshi_ticker, pair.polymarket_market_id): pair.status
             for pair in match_markets([short, long], [p_short, p_long])}
    assert pairs[(short.market_id, "25")] is PairStatus.APPROVED
    assert pairs[(long.market_id, "26")] is PairStatus.APPROVED
    assert pairs.get((short.market_id, "26")) is not PairStatus.APPROVED
    assert pairs.get((long.market_id, "25")) is not PairStatus.APPROVED
    # One venue lists both, the other only the longer name: the exact one is still the pair.
    pairs = {(pair.kalshi_ticker, pair.polymarket_market_id): pair.status for pair in match_markets([short, long], [p_long])}
    assert pairs[(long.market_id, "26")] is PairStatus.APPROVED
    assert pairs.get((short.market_id, "26")) is not PairStatus.APPROVED


# --- a body's initials without its country ---------------------------------------------------------


def test_a_body_s_initials_leave_out_the_country_that_owns_it() -> None:
    assert same_name(_name("VNEB"), _name("Valdoria's National Elections Board"))
    assert not same_name(_name("VNEB"), _name("Valdoria's National Broadcasting Board"))
    assert not same_name(_name("NEB"), _name("Valdoria's National Elections Bureau Tribunal"))
    k = kalshi("KXNEBRESULT-28", title="Will the NEB announce the final results by March 5, 2028?", category="Politics",
               close_time="2028-03-05T00:00:00Z",
               rules="If the NEB announces the final results of the presidential vote before Mar 6, 2028, then the market "
                     "resolves to Yes.")
    p = gamma("27", question="Will Valdoria's National Elections Board announce the final results by March 5, 2028?",
              end="2028-03-05T00:00:00Z",
              description="This market will resolve to Yes if Valdoria's National Elections Board announces the final "
                          "results of the presidential vote by March 5, 2028.")
    v = verdict(k, p)
    assert v.agrees, v.reasons


# --- a release after a year ---------------------------------------------------------------------------


def _released_before(year: int) -> Market:
    return kalshi(f"KXSKYFORGE-{year % 100}", title=f"Will Skyforge 7 be released before {year}?", category="Entertainment",
                  close_time=f"{year - 1}-12-31T00:00:00Z",
                  rules=f"If Skyforge 7 is released before Jan 1, {year}, then the market resolves to Yes.")


def _late_question(market_id: str, question: str, end_year: int = 2027) -> Market:
    return gamma(market_id, question=question, end=f"{end_year}-12-31T00:00:00Z",
                 description="This market will resolve to Yes if Skyforge 7 is not released before January 1, 2028. "
                             "Otherwise, this market will resolve to No.")


def test_a_release_past_or_after_a_year_is_the_no_of_a_release_before_the_next() -> None:
    k = _released_before(2028)
    for index, question in enumerate(("Skyforge 7 delayed past 2027?", "Will Skyforge 7 be released after 2027?",
                                      "Skyforge 7 not released before 2028?", "Skyforge 7 released no earlier than 2028?")):
        p = _late_question(str(30 + index), question)
        v = verdict(k, p)
        assert v.agrees, (question, v.reasons)
        assert v.yes_token == token_named(p, "No"), question


def test_a_release_after_another_year_or_a_month_is_not_the_pair() -> None:
    assert not verdict(_released_before(2029), _late_question("35", "Skyforge 7 delayed past 2027?")).agrees
    v = verdict(_released_before(2028), _late_question("36", "Will Skyforge 7 be released after June 2027?"))
    assert not (v.agrees and v.yes_token is not None and v.yes_token == token_named(_late_question("36", "x"), "Yes"))


# --- an award its market describes ------------------------------------------------------------------


def _award(code: str, player: str, award: str, described: str) -> Market:
    return kalshi(f"KXPHLAWARD-28-{code}", title=f"Who will win the 2027-28 {award}?", yes_sub_title=player,
                  category="Sports", close_time="2028-06-30T00:00:00Z",
                  rules=f"If {player} wins the {award}, awarded to the {described}, for the 2027-28 season, then the "
                        f"market resolves to Yes.")


def _award_question(market_id: str, player: str, what: str, named: str | None = None) -> Market:
    return gamma(market_id, question=f"Will {player} win the 2027-28 {what}?", group=player, end="2028-06-30T00:00:00Z",
                 event_title=f"{what} 2027-28",
                 description=f"This market will resolve to Yes if {player} is named the {named or what} for the 2027-28 "
                             f"season.")


def test_an_award_the_rules_describe_is_what_they_describe() -> None:
    k = _award("LVES", "Lars Vesterholm", "Brannock Memorial Trophy", "PHL's most valuable player")
    v = verdict(k, _award_question("50", "Lars Vesterholm", "PHL MVP", "PHL's Most Valuable Player"))
    assert v.agrees, v.reasons


def test_an_award_described_for_something_else_is_not_that_award() -> None:
    k = _award("LVES", "Lars Vesterholm", "Ostrander Trophy", "PHL's best goaltender")
    assert not verdict(k, _award_question("51", "Lars Vesterholm", "PHL MVP", "PHL's Most Valuable Player")).agrees
    # The runner-up of the vote is not its winner.
    k = _award("LVES", "Lars Vesterholm", "Brannock Memorial Trophy", "PHL's most valuable player")
    assert not verdict(k, _award_question("52", "Lars Vesterholm", "PHL MVP runner-up",
                                          "runner-up for the PHL's Most Valuable Player")).agrees
    # Another award the other market names is another award, whatever the description says.
    assert not verdict(k, _award_question("53", "Lars Vesterholm", "Keller Award", "PHL's most valuable player")).agrees
