"""Forms two blind sets measured at first contact: a chamber's control is no count of its seats
and seat counts meet across grids; a qualifier word names another thing ("Virtual Safety Car");
a chamber's rules that name the Vice President's tie-break name no place; "win the House" is
its control; an office, a year and a party's YES side are that office's race."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved(k: Market, p: Market) -> list[str | None]:
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]


# --- a chamber's control is no count of its seats ------------------------------------------------


def _house_control(party: str = "Democratic Party") -> Market:
    return kalshi(f"KXHOUSECTRL-30-{party[0]}", title="Which party will win the House in 2030?", yes_sub_title=party,
                  close_time="2030-11-10T15:00:00Z", category="Politics",
                  event_title="Control of the House of Representatives after the 2030 election",
                  rules=f"If the {party} wins control of the House of Representatives in the 2030 election, then the "
                        f"market resolves to Yes.")


def _seats_question(market_id: str, seats: int) -> Market:
    return gamma(market_id, question=f"Will Democrats win {seats}+ seats in the House of Representatives in 2030?",
                 end="2030-11-10T15:00:00Z",
                 description=f"This market will resolve to Yes if the Democratic Party wins {seats} or more seats in the "
                             f"US House of Representatives in the 2030 election. Otherwise, it resolves to No.")


def _seats_rung(more_than: int) -> Market:
    return kalshi(f"KXHOUSESEATSD-30-T{more_than}", title="Democratic House seats after 2030?",
                  yes_sub_title=f"More than {more_than}", close_time="2030-11-10T15:00:00Z", category="Politics",
                  event_title="Democratic seats in the House of Representatives after the 2030 election",
                  rules=f"If the Democratic Party wins more than {more_than} seats in the House of Representatives in "
                        f"the 2030 election, then the market resolves to Yes.")


def test_a_seat_count_is_not_the_chambers_control() -> None:
    v = verdict(_house_control(), _seats_question("1", 225))
    assert v.rejected, v.reasons
    assert not approved(_house_control(), _seats_question("1", 225))


def test_seat_counts_meet_across_grids() -> None:
    rung, question = _seats_rung(224), _seats_question("2", 225)
    assert approved(rung, question) == [token_named(question, "Yes")]


def test_a_near_miss_seat_count_differs() -> None:
    for seats in (226, 230):
        v = verdict(_seats_rung(224), _seats_question(str(seats), seats))
        assert v.rejected, v.reasons
    assert verdict(_seats_rung(229), _seats_question("3", 225)).rejected


def test_a_seat_count_is_not_a_race() -> None:
    # A count's rung was read as the race with a candidate "More Than".
    assert read(_seats_rung(224)).topic != "election"
    assert read(_seats_question("4", 225)).topic != "election"


# --- a qualifier word names another thing ----------------------------------------------------------


def _safety_car_kalshi() -> Market:
    return kalshi("KXF1SAFETYCAR-28MON", title="Will there be a Safety Car at the 2028 Monaco Grand Prix?",
                  close_time="2028-06-04T15:00:00Z", category="Sports",
                  rules="If a Safety Car is deployed during the 2028 Monaco Grand Prix, then the market resolves to Yes.")


def test_a_virtual_safety_car_is_not_a_safety_car() -> None:
    virtual = gamma("10", question="Will there be a Virtual Safety Car at the 2028 Monaco GP?", end="2028-06-04T15:00:00Z",
                    description="This market will resolve to Yes if a Virtual Safety Car is deployed during the 2028 "
                                "Monaco Grand Prix. Otherwise, it resolves to No.")
    assert not verdict(_safety_car_kalshi(), virtual).agrees
    assert not approved(_safety_car_kalshi(), virtual)


def test_the_safety_car_in_lower_case_is_the_safety_car() -> None:
    plain = gamma("11", question="Will there be a safety car at the 2028 Monaco GP?", end="2028-06-04T15:00:00Z",
                  description="This market will resolve to Yes if the safety car is deployed during the 2028 Monaco "
                              "Grand Prix. Otherwise, it resolves to No.")
    assert approved(_safety_car_kalshi(), plain) == [token_named(plain, "Yes")]


def _chief(market_id: str, office: str) -> Market:
    return gamma(market_id, question=f"Will Jane Doe be named {office} of Globex in 2028?", end="2028-12-31T23:59:00Z",
                 description=f"This market will resolve to Yes if Globex names Jane Doe its {office} by December 31, "
                             f"2028. Otherwise, it resolves to No.")


def test_an_acting_or_interim_office_is_not_the_office() -> None:
    director = kalshi("KXDOEDIR-28", title="Will Jane Doe be named Managing Director of Globex in 2028?",
                      close_time="2028-12-31T23:59:00Z", category="Companies",
                      rules="If Globex names Jane Doe its Managing Director by December 31, 2028, then the market "
                            "resolves to Yes.")
    assert verdict(director, _chief("12", "Managing Director")).agrees
    for office in ("Acting Managing Director", "Interim Managing Director", "Deputy Managing Director"):
        assert not verdict(director, _chief("13", office)).agrees, office


def test_a_title_before_a_persons_name_qualifies_no_office() -> None:
    k = kalshi("KXDOEVISIT-29", title="Will Vice Chancellor Jane Doe visit Ruritania in 2029?", close_time="2029-12-31T23:59:00Z",
               category="Politics", rules="If Vice Chancellor Jane Doe visits Ruritania before Jan 1, 2030, then the market "
                                          "resolves to Yes.")
    p = gamma("15", question="Will Jane Doe visit Ruritania in 2029?", end="2029-12-31T23:59:00Z",
              description="This market will resolve to Yes if Jane Doe visits Ruritania by December 31, 2029.")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_a_junior_championship_is_not_the_championship() -> None:
    senior = kalshi("KXWORLDCHAMP-28", title="Will Lena Frost win the 2028 World Championship?", close_time="2028-09-01T15:00:00Z",
                    category="Sports", rules="If Lena Frost wins the 2028 World Championship, then the market resolves to Yes.")
    junior = gamma("14", question="Will Lena Frost win the 2028 Junior World Championship?", end="2028-09-01T15:00:00Z",
                   description="This market will resolve to Yes if Lena Frost wins the 2028 Junior World Championship.")
    assert not verdict(senior, junior).agrees


# --- a chamber's control, its tie-break and its short name -----------------------------------------


def _senate_control(party: str = "Republican Party") -> Market:
    return kalshi(f"KXSENATECTRL-30-{party[0]}", title="Which party will control the Senate after 2030?",
                  yes_sub_title=party, close_time="2031-01-03T15:00:00Z", category="Politics",
                  rules=f"If the {party} has control of the U.S. Senate after the 2030 elections, including the Vice "
                        f"President's tie-breaking vote, then the market resolves to Yes.")


def _senate_question(market_id: str, who: str) -> Market:
    return gamma(market_id, question=f"Will {who} control the Senate after the 2030 election?", end="2031-01-03T15:00:00Z",
                 description=f"Resolves Yes if {who} hold a majority in the US Senate, counting the VP tie-breaker, "
                             f"after the 2030 election. Otherwise, it resolves to No.")


def test_a_tie_break_by_the_vice_president_names_no_place() -> None:
    question = _senate_question("20", "Republicans")
    v = verdict(_senate_control(), question)
    assert v.agrees, v.reasons
    assert approved(_senate_control(), question) == [token_named(question, "Yes")]


def test_a_tie_break_does_not_join_two_parties() -> None:
    assert verdict(_senate_control(), _senate_question("21", "Democrats")).rejected


def test_winning_the_house_is_its_control() -> None:
    for market_id, question in (("22", "Will Democrats control the House after the 2030 election?"),
                                ("23", "Will Democrats win a majority in the House in 2030?"),
                                ("24", "Democrats win House control in 2030?")):
        p = gamma(market_id, question=question, end="2030-11-10T15:00:00Z",
                  description="This market will resolve to Yes if the Democratic Party wins a majority of seats in the "
                              "US House of Representatives in the 2030 election. Otherwise, it resolves to No.")
        assert approved(_house_control(), p) == [token_named(p, "Yes")], question
    republicans = gamma("25", question="Will Republicans control the House after the 2030 election?", end="2030-11-10T15:00:00Z",
                        description="This market will resolve to Yes if the Republican Party wins a majority of seats "
                                    "in the US House of Representatives in the 2030 election.")
    assert verdict(_house_control(), republicans).rejected
    senate = _senate_question("26", "Democrats")
    assert verdict(_house_control(), senate).rejected


def test_vp_is_the_vice_presidents_race() -> None:
    k = kalshi("KXVPNOM-28-JDOE", title="Who will be the Republican vice presidential nominee in 2028?", yes_sub_title="Jane Doe",
               close_time="2028-08-30T15:00:00Z", category="Politics",
               rules="If Jane Doe is the Republican nominee for Vice President in 2028, then the market resolves to Yes.")
    vp = gamma("27", question="Will Jane Doe be the Republican VP nominee in 2028?", end="2028-08-30T15:00:00Z",
               description="This market will resolve to Yes if Jane Doe is the Republican Party's 2028 nominee for Vice "
                           "President. Otherwise, it resolves to No.")
    president = gamma("28", question="Will Jane Doe be the Republican presidential nominee in 2028?", end="2028-08-30T15:00:00Z",
                      description="This market will resolve to Yes if Jane Doe is the Republican Party's 2028 nominee "
                                  "for President. Otherwise, it resolves to No.")
    assert approved(k, vp) == [token_named(vp, "Yes")]
    assert verdict(k, president).rejected


# --- an office, a year and a party's YES side ------------------------------------------------------


def _governor(state: str, year: int, side: str = "Democratic") -> Market:
    return kalshi(f"KXGOV{state[:2].upper()}-{year % 100}-{side[0]}", title=f"{state} governor {year}?", yes_sub_title=side,
                  close_time=f"{year}-11-05T15:00:00Z", category="Politics",
                  rules=f"If the {side} candidate wins the {year} {state} gubernatorial election, then the market "
                        f"resolves to Yes.")


def _governor_question(market_id: str, state: str, year: int, who: str = "Democrat") -> Market:
    return gamma(market_id, question=f"{state} Governor {year}: {who} win?", end=f"{year}-11-05T15:00:00Z",
                 description=f"This market will resolve to Yes if the {who}ic Party candidate wins the {year} {state} "
                             f"governor election. Otherwise, it resolves to No." if who == "Democrat" else
                             f"This market will resolve to Yes if the {who} Party candidate wins the {year} {state} "
                             f"governor election. Otherwise, it resolves to No.")


def test_an_off_year_governor_race_by_its_party_side() -> None:
    k, p = _governor("Kentucky", 2031), _governor_question("30", "Kentucky", 2031)
    assert approved(k, p) == [token_named(p, "Yes")]


def test_an_off_year_governor_race_keeps_state_year_and_party() -> None:
    k = _governor("Kentucky", 2031)
    assert verdict(k, _governor_question("31", "Kentucky", 2031, "Republican")).rejected
    assert verdict(k, _governor_question("32", "Louisiana", 2031)).rejected
    assert not verdict(k, _governor_question("33", "Kentucky", 2027)).agrees


# --- a state held on a day against its end by that day ----------------------------------------------


def _k(ticker: str, title: str, rules: str, close: str) -> Market:
    return kalshi(ticker, title=title, close_time=f"{close}T23:59:00Z", category="Politics", rules=rules)


def _p(market_id: str, question: str, description: str, end: str) -> Market:
    return gamma(market_id, question=question, end=f"{end}T23:59:00Z",
                 description=f"{description} Otherwise, this market will resolve to No.")


def _inverse(k: Market, p: Market) -> None:
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "No"), v.reasons
    assert approved(k, p) == [token_named(p, "No")]


def _chair_still(day: str = "Sep 30, 2029", name: str = "Jane Doe") -> Market:
    return _k("KXFEDCHAIRSTILL-29SEP30", f"Will the Fed Chair still be {name} on {day}?",
              f"If {name} is the Chair of the Federal Reserve on {day}, then the market resolves to Yes.", "2029-09-30")


def test_still_in_office_on_a_day_in_either_order_is_the_no_of_out_before_the_next() -> None:
    out = _p("40", "Jane Doe out as Fed Chair before Oct 1, 2029?",
             "This market will resolve to Yes if Jane Doe ceases to be Chair of the Federal Reserve before October 1, 2029.",
             "2029-09-30")
    _inverse(_chair_still(), out)


def test_still_in_office_keeps_its_day_office_and_person() -> None:
    early = _p("41", "Jane Doe out as Fed Chair before Jan 1, 2029?",
               "This market will resolve to Yes if Jane Doe ceases to be Chair of the Federal Reserve before January 1, 2029.",
               "2028-12-31")
    assert not verdict(_chair_still(), early).agrees
    other = _p("42", "John Roe out as Fed Chair before Oct 1, 2029?",
               "This market will resolve to Yes if John Roe ceases to be Chair of the Federal Reserve before October 1, 2029.",
               "2029-09-30")
    assert not verdict(_chair_still(), other).agrees
    office = _p("43", "Jane Doe out as Treasury Secretary before Oct 1, 2029?",
                "This market will resolve to Yes if Jane Doe ceases to be Secretary of the Treasury before October 1, 2029.",
                "2029-09-30")
    assert not verdict(_chair_still(), office).agrees


def _still_in_prison(name: str = "John Roe") -> Market:
    return _k("KXROEPRISON-29MAR31", f"Will {name} still be in prison on March 31, 2029?",
              f"If {name} is in prison on March 31, 2029, then the market resolves to Yes.", "2029-03-31")


def _released(market_id: str, name: str = "John Roe", day: str = "April 1, 2029", end: str = "2029-03-31") -> Market:
    return _p(market_id, f"{name} released before {day}?",
              f"This market will resolve to Yes if {name} is released from prison before {day}.", end)


def test_still_in_prison_on_a_day_is_the_no_of_released_before_the_next() -> None:
    _inverse(_still_in_prison(), _released("44"))
    remains = _k("KXROECUSTODY-29MAR31", "Will John Roe remain in custody through March 31, 2029?",
                 "If John Roe remains in custody through March 31, 2029, then the market resolves to Yes.", "2029-03-31")
    _inverse(remains, _released("45"))


def test_still_in_prison_keeps_its_person_and_day() -> None:
    assert not verdict(_still_in_prison(), _released("46", name="Jane Poe")).agrees
    assert not verdict(_still_in_prison(), _released("47", day="January 1, 2029", end="2028-12-31")).agrees


def _tariff(market_id: str, day: str = "June 30, 2029") -> Market:
    return _p(market_id, f"Widget tariffs in effect by {day}?",
              f"This market will resolve to Yes if a US tariff on widgets is in effect by {day}.", "2029-06-30")


def test_staying_free_of_a_thing_through_a_day_is_the_no_of_it_by_that_day() -> None:
    free = _k("KXWIDGETTARIFF-29Q2", "Will widgets stay free of tariffs through Q2 2029?",
              "If no tariff on widgets is in effect at any point through June 30, 2029, then the market resolves to Yes.",
              "2029-06-30")
    _inverse(free, _tariff("48"))
    assert not verdict(free, _tariff("49", "March 31, 2029")).agrees


def test_a_state_that_can_come_back_on_a_day_is_not_the_no_of_it_by_that_day() -> None:
    # A tariff imposed in May and lifted in June: free of tariffs on June 30, and in effect by then.
    on_the_day = _k("KXWIDGETFREE-29JUN30", "Will widgets be free of tariffs on June 30, 2029?",
                    "If no tariff on widgets is in effect on June 30, 2029, then the market resolves to Yes.", "2029-06-30")
    assert not verdict(on_the_day, _tariff("50")).agrees


def test_a_slip_past_a_month_or_a_year_is_the_no_of_happening_before_it() -> None:
    slip = _k("KXSTARHOPPER-29MAR", "Will the Starhopper launch slip past March 2029?",
              "If the Starhopper does not launch by March 31, 2029, then the market resolves to Yes.", "2029-03-31")
    launch = _p("51", "Will Starhopper launch before April 2029?",
                "This market will resolve to Yes if the Starhopper launches before April 1, 2029.", "2029-03-31")
    _inverse(slip, launch)
    may = _p("52", "Will Starhopper launch before May 2029?",
             "This market will resolve to Yes if the Starhopper launches before May 1, 2029.", "2029-04-30")
    assert not verdict(slip, may).agrees
    approval = _k("KXCUREX-29", "Will the approval of Curex slip to 2030 or later?",
                  "If the FDA does not approve Curex before January 1, 2030, then the market resolves to Yes.", "2029-12-31")
    approved_in = _p("53", "Will Curex be approved in 2029?",
                     "This market will resolve to Yes if the FDA approves Curex by December 31, 2029.", "2029-12-31")
    _inverse(approval, approved_in)
    other_drug = _p("54", "Will Vitaxa be approved in 2029?",
                    "This market will resolve to Yes if the FDA approves Vitaxa by December 31, 2029.", "2029-12-31")
    assert not verdict(approval, other_drug).agrees


# --- statements in their other words -------------------------------------------------------------


def _same(k: Market, p: Market) -> None:
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, p.outcomes[0].name), v.reasons


def _debt(market_id: str, noun: str, verb: str) -> Market:
    return _p(market_id, f"{noun} {verb} by September 30, 2029?",
              f"This market will resolve to Yes if the US {noun.lower()} is {verb} by September 30, 2029.", "2029-09-30")


def test_the_debt_ceiling_raised_is_the_debt_limit_increased() -> None:
    k = _k("KXDEBTCEILING-29SEP30", "Will the debt ceiling be raised by Sep 30, 2029?",
           "If Congress raises the debt ceiling before Oct 1, 2029, then the market resolves to Yes.", "2029-09-30")
    _same(k, _debt("60", "Debt limit", "increased"))
    _same(k, _debt("61", "Debt ceiling", "raised"))
    assert not verdict(k, _debt("62", "Debt limit", "suspended")).agrees
    assert not verdict(k, _debt("63", "Debt limit", "lowered")).agrees


def _lumber(market_id: str, section: str, good: str = "lumber") -> Market:
    return _p(market_id, f"{section} {good} tariffs by June 30, 2029?",
              f"This market will resolve to Yes if the US imposes {section} tariffs on {good} by June 30, 2029.", "2029-06-30")


def test_a_numbered_provision_by_its_abbreviation() -> None:
    k = _k("KXS232LUMBER-29JUN30", "Will Section 232 tariffs on lumber be imposed by June 30, 2029?",
           "If the US imposes Section 232 tariffs on lumber by June 30, 2029, then the market resolves to Yes.", "2029-06-30")
    _same(k, _lumber("64", "Sec. 232"))
    assert not verdict(k, _lumber("65", "Sec. 301")).agrees
    assert not verdict(k, _lumber("66", "Sec. 232", "steel")).agrees


def test_convicted_is_the_guilty_outcome_of_a_verdict_market() -> None:
    k = _k("KXROECONVICT-29", "Will John Roe be convicted in 2029?",
           "If John Roe is convicted of any charge by Dec 31, 2029, then the market resolves to Yes.", "2029-12-31")
    verdict_market = gamma("67", question="John Roe trial: Guilty or Not Guilty?", outcomes=("Not Guilty", "Guilty"),
                           end="2029-12-31T23:59:00Z",
                           description="This market will resolve to Guilty if John Roe is found guilty of any charge by "
                                       "December 31, 2029. Otherwise, it will resolve to Not Guilty.")
    v = verdict(k, verdict_market)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(verdict_market, "Guilty")
    other = gamma("68", question="Jane Poe trial: Guilty or Not Guilty?", outcomes=("Guilty", "Not Guilty"),
                  end="2029-12-31T23:59:00Z",
                  description="This market will resolve to Guilty if Jane Poe is found guilty of any charge by "
                              "December 31, 2029. Otherwise, it will resolve to Not Guilty.")
    assert not verdict(k, other).agrees
    acquitted = _k("KXROEACQUIT-29", "Will John Roe be acquitted in 2029?",
                   "If John Roe is acquitted of all charges by Dec 31, 2029, then the market resolves to Yes.", "2029-12-31")
    assert not verdict(acquitted, verdict_market).agrees
    plea = _k("KXROEPLEA-29", "Will John Roe plead guilty in 2029?",
              "If John Roe pleads guilty to any charge by Dec 31, 2029, then the market resolves to Yes.", "2029-12-31")
    assert not verdict(plea, verdict_market).agrees


def _wedding(market_id: str, question: str, verb: str, who: str = "Jane Doe and John Roe") -> Market:
    return _p(market_id, question, f"This market will resolve to Yes if {who} {verb} by December 31, 2029.", "2029-12-31")


def test_getting_married_is_marrying_and_wedding() -> None:
    k = _k("KXDOEROEWED-29", "Will Jane Doe and John Roe get married in 2029?",
           "If Jane Doe and John Roe get married before Jan 1, 2030, then the market resolves to Yes.", "2029-12-31")
    _same(k, _wedding("69", "Will Jane Doe and John Roe wed in 2029?", "wed"))
    _same(k, _wedding("70", "Will Jane Doe marry John Roe in 2029?", "marry"))
    assert not verdict(k, _wedding("71", "Will Jane Doe and John Roe get engaged in 2029?", "get engaged")).agrees
    assert not verdict(k, _wedding("72", "Will Jane Doe and Max Poe wed in 2029?", "wed", "Jane Doe and Max Poe")).agrees


def test_a_stage_name_no_text_declares_is_not_guessed() -> None:
    k = _k("KXALBUM-29", "Will Marcus Lee release a new album in 2029?",
           "If Marcus Lee releases a new studio album before Jan 1, 2030, then the market resolves to Yes.", "2029-12-31")
    stage = _p("73", "Will MC Thunderclap release a new album in 2029?",
               "This market will resolve to Yes if MC Thunderclap releases a new studio album by December 31, 2029.",
               "2029-12-31")
    assert not verdict(k, stage).agrees


def _ban_lifted(market_id: str, when: str = "by June 30, 2029") -> Market:
    return _p(market_id, f"Acme chip export ban lifted {when}?",
              f"This market will resolve to Yes if the US export ban on Acme chips is lifted {when}.", "2029-06-30")


def test_a_ban_in_place_through_a_day_is_the_no_of_its_lifting_by_it() -> None:
    through = _k("KXACMEBAN-29JUN30", "Will the export ban on Acme chips stay in place through June 30, 2029?",
                 "If the US export ban on Acme chips remains in place through June 30, 2029, then the market resolves "
                 "to Yes.", "2029-06-30")
    _inverse(through, _ban_lifted("80"))
    assert not verdict(through, _ban_lifted("81", "by March 31, 2029")).agrees


def test_a_ban_still_standing_on_a_day_is_not_the_no_of_its_lifting() -> None:
    # Lifted in May and imposed again in June: banned on June 30, and lifted before July 1.
    on_the_day = _k("KXACMEBANNED-29JUN30", "Will Acme chips still be banned from export on June 30, 2029?",
                    "If the US export ban on Acme chips is in place on June 30, 2029, then the market resolves to Yes.",
                    "2029-06-30")
    assert not verdict(on_the_day, _ban_lifted("82", "before July 1, 2029")).agrees


def test_fired_is_not_every_way_of_leaving() -> None:
    still = _k("KXGLOBEXCEO-29JUN30", "Will Jane Doe still be CEO of Globex on June 30, 2029?",
               "If Jane Doe is the CEO of Globex on June 30, 2029, then the market resolves to Yes.", "2029-06-30")
    out = _p("83", "Jane Doe out as Globex CEO before July 1, 2029?",
             "This market will resolve to Yes if Jane Doe leaves her role as CEO of Globex before July 1, 2029.", "2029-06-30")
    _inverse(still, out)
    fired = _p("84", "Jane Doe fired as Globex CEO before July 1, 2029?",
               "This market will resolve to Yes if Globex fires Jane Doe as its CEO before July 1, 2029.", "2029-06-30")
    assert not verdict(still, fired).agrees


def test_all_of_a_body_still_serving_is_the_no_of_one_of_them_leaving() -> None:
    all_nine = _k("KXSCOTUSALL-29DEC31", "Will all nine justices still be serving on Dec 31, 2029?",
                  "If all nine current Supreme Court justices are still serving on the Court on Dec 31, 2029, then the "
                  "market resolves to Yes.", "2029-12-31")
    leaves = _p("85", "Will a Supreme Court justice leave the Court before Jan 1, 2030?",
                "This market will resolve to Yes if any justice of the US Supreme Court leaves the Court before January 1, "
                "2030.", "2029-12-31")
    _inverse(all_nine, leaves)
    two = _p("86", "Will two Supreme Court justices leave the Court before Jan 1, 2030?",
             "This market will resolve to Yes if two justices of the US Supreme Court leave the Court before January 1, "
             "2030.", "2029-12-31")
    assert not verdict(all_nine, two).agrees


def test_a_party_side_under_a_title_asking_more_is_no_race() -> None:
    vote = kalshi("KXFILIVOTE-31-R", title="Senate filibuster vote 2031?", yes_sub_title="Republican",
                  close_time="2031-11-05T15:00:00Z", category="Politics",
                  rules="If a majority of Republican senators vote to change the filibuster in 2031, then the market "
                        "resolves to Yes.")
    assert read(vote).topic != "election"
    senate = gamma("34", question="Senate 2031: Republican win?", end="2031-11-05T15:00:00Z",
                   description="This market will resolve to Yes if the Republican Party wins control of the Senate in "
                               "2031. Otherwise, it resolves to No.")
    assert not verdict(vote, senate).agrees
