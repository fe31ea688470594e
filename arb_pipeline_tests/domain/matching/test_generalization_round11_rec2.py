"""A central bank's decision whose YES side is only what the bank does ("Cut", "Hike",
"Increase", "No change") under a title that states no direction ("ECB decision on Apr 15,
2027?"): the side is the statement, compared with "ECB cuts rates in April?", not a name the other
market never writes. One meeting is still never a window holding several, another bank, another
month, another size or another direction."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


# --- a decision's YES side that is only what the bank does --------------------------------------


def _ecb(code: str, side: str, rules_move: str = "lowers its deposit facility rate") -> Market:
    return kalshi(f"KXECBDECISION-27APR-{code}", title="ECB decision on Apr 15, 2027?", yes_sub_title=side,
                  close_time="2027-04-15T12:15:00Z",
                  rules=f"If the European Central Bank {rules_move} at its meeting on Apr 15, 2027, then the market "
                        f"resolves to Yes.")


def _ecb_question(market_id: str, question: str, move: str, *, end: str = "2027-04-15T12:15:00Z",
                  when: str = "at its April 15, 2027 monetary policy meeting") -> Market:
    return gamma(market_id, question=question, end=end,
                 description=f"This market will resolve to Yes if the European Central Bank {move} {when}. "
                             f"Otherwise, this market will resolve to No.")


def _boc(code: str, side: str, move: str) -> Market:
    return kalshi(f"KXBOCDECISION-27MAR-{code}", title="Bank of Canada rate decision in March 2027?", yes_sub_title=side,
                  close_time="2027-03-10T14:00:00Z",
                  rules=f"If the Bank of Canada {move} its target for the overnight rate at its meeting on Mar 10, 2027, "
                        f"then the market resolves to Yes.")


def _boc_question(market_id: str, verb: str, move: str) -> Market:
    return gamma(market_id, question=f"Will the Bank of Canada {verb} rates at its March 2027 meeting?",
                 end="2027-03-10T14:00:00Z",
                 description=f"This market will resolve to Yes if the Bank of Canada announces {move} to its overnight "
                             f"rate target at its March 2027 meeting. Otherwise, this market will resolve to No.")


def test_a_bare_cut_is_the_statement_of_a_cut() -> None:
    v = verdict(_ecb("CUT", "Cut"), _ecb_question("1", "ECB cuts rates in April?", "announces a reduction of its deposit facility rate"))
    assert v.agrees, v.reasons
    assert v.yes_token is not None


def test_a_decisions_sides_pair_with_their_own_questions_end_to_end() -> None:
    sides = [_ecb("CUT", "Cut"), _ecb("HIKE", "Hike", "raises its deposit facility rate"),
             _ecb("HOLD", "Hold", "leaves its deposit facility rate unchanged")]
    cut = _ecb_question("16", "ECB cuts rates in April?", "announces a reduction of its deposit facility rate")
    change = _ecb_question("17", "Will the ECB change rates in April?", "raises or lowers its deposit facility rate")
    approved = {(m.kalshi_ticker, m.polymarket_market_id, m.polymarket_yes_token)
                for m in match_markets(sides, [cut, change]) if m.status is PairStatus.APPROVED}
    assert approved == {("KXECBDECISION-27APR-CUT", "16", read(cut).outcomes[0].token_id),
                        ("KXECBDECISION-27APR-HOLD", "17", read(change).outcomes[1].token_id)}


def test_a_bare_hike_is_the_statement_of_a_raise() -> None:
    v = verdict(_boc("HIKE", "Hike", "raises"), _boc_question("2", "raise", "an increase"))
    assert v.agrees, v.reasons


def test_a_bare_increase_is_a_hike() -> None:
    v = verdict(_boc("INC", "Increase", "raises"), _boc_question("3", "hike", "an increase"))
    assert v.agrees, v.reasons


def test_a_bare_hike_is_never_a_cut() -> None:
    v = verdict(_boc("HIKE", "Hike", "raises"), _boc_question("5", "cut", "a decrease"))
    assert v.rejected, v.reasons


def test_a_bare_cut_is_no_change_of_either_direction() -> None:
    # "Cut" pays on a cut only; "change" also pays on a hike: no complement, no same statement.
    change = _ecb_question("6", "Will the ECB change rates in April?", "raises or lowers its deposit facility rate")
    v = verdict(_ecb("CUT", "Cut"), change)
    assert v.rejected, v.reasons


def test_a_bare_cut_is_not_a_cut_of_a_stated_size() -> None:
    v = verdict(_ecb("CUT", "Cut"), _ecb_question("7", "ECB 50 bps cut in April?", "lowers its deposit facility rate by 50 bps"))
    assert v.rejected, v.reasons


def test_a_bare_cut_is_not_another_banks_cut() -> None:
    fed = gamma("8", question="Will the Fed cut rates in April?", end="2027-04-29T18:00:00Z",
                description="This market will resolve to Yes if the Federal Reserve lowers the federal funds target "
                            "range at its April 2027 meeting.")
    assert verdict(_ecb("CUT", "Cut"), fed).rejected


def test_a_bare_cut_is_not_the_next_months_cut() -> None:
    june = _ecb_question("9", "ECB cuts rates in June?", "lowers its deposit facility rate", end="2027-06-10T12:15:00Z",
                         when="at its June 2027 meeting")
    v = verdict(_ecb("CUT", "Cut"), june)
    assert v.rejected, v.reasons


def test_one_meeting_is_not_any_meeting_of_the_year() -> None:
    year = _ecb_question("10", "Will the ECB cut rates in 2027?", "lowers its deposit facility rate",
                         end="2027-12-31T12:15:00Z", when="at any meeting in 2027")
    v = verdict(_ecb("CUT", "Cut"), year)
    assert not v.agrees, v.reasons
    yes_no = kalshi("KXECBCUT-27APR15", title="Will the ECB cut rates at its Apr 15, 2027 meeting?",
                    close_time="2027-04-15T12:15:00Z",
                    rules="If the European Central Bank lowers its deposit facility rate at its meeting on Apr 15, "
                          "2027, then the market resolves to Yes.")
    assert not verdict(yes_no, year).agrees


def test_a_bare_no_change_is_the_no_of_a_change() -> None:
    hold = kalshi("KXBOEDECISION-27MAY-NC", title="BoE decision in May 2027?", yes_sub_title="No change",
                  close_time="2027-05-06T11:00:00Z",
                  rules="If the Bank of England leaves Bank Rate unchanged at its meeting on May 6, 2027, then the "
                        "market resolves to Yes.")
    change = gamma("11", question="Will the BoE change rates in May?", end="2027-05-06T11:00:00Z",
                   description="This market will resolve to Yes if the Bank of England raises or lowers Bank Rate at "
                               "its May 2027 meeting. Otherwise, this market will resolve to No.")
    v = verdict(hold, change)
    assert v.agrees, v.reasons
    assert v.yes_token == read(change).outcomes[1].token_id



def test_a_cut_of_one_step_or_more_is_every_cut() -> None:
    # On the 25 bps grid decisions are read on, "by 25 bps or more" is any cut at all.
    k = _ecb("CUT", "Cut", "lowers its deposit facility rate by 25 basis points or more")
    p = _ecb_question("12", "ECB cuts rates in April?", "lowers its deposit facility rate")
    v = verdict(k, p)
    assert v.agrees and _paying(v, p) == "Yes", v.reasons


def test_a_cut_of_two_steps_or_more_is_not_every_cut() -> None:
    k = _ecb("CUT50", "Cut >25bps", "lowers its deposit facility rate by 50 basis points or more")
    assert verdict(k, _ecb_question("13", "ECB cuts rates in April?", "lowers its deposit facility rate")).rejected


def test_every_cut_is_not_a_raise() -> None:
    k = _ecb("CUT", "Cut", "lowers its deposit facility rate by 25 basis points or more")
    assert verdict(k, _ecb_question("14", "ECB raises rates in April?", "raises its deposit facility rate")).rejected


def test_every_cut_is_not_an_emergency_cut() -> None:
    k = _ecb("CUT", "Cut", "lowers its deposit facility rate by 25 basis points or more")
    p = _ecb_question("15", "Emergency ECB rate cut in April?", "announces an emergency cut to its deposit facility rate",
                      when="outside a scheduled meeting in April 2027")
    assert not verdict(k, p).agrees

# --- event verbs in their other wordings, and complements of one event ---------------------------


def _yes_no(ticker: str, title: str, rules: str, market_id: str, question: str, description: str, *,
            end: str = "2027-12-31T23:59:00Z") -> tuple[Market, Market]:
    return (kalshi(ticker, title=title, close_time=end, category="Politics", rules=rules),
            gamma(market_id, question=question, end=end, description=description))


def _paying(v: Verdict, p: Market) -> str:
    assert v.yes_token is not None, v.reasons
    return next(t.name for t in read(p).outcomes if t.token_id == v.yes_token)


_CONVICTED = ("KXVOSSCONVICT-27", "Will Dale Voss be convicted in 2027?",
              "If Dale Voss is convicted of any crime before Jan 1, 2028, then the market resolves to Yes. A guilty "
              "plea counts.")


def test_found_guilty_is_convicted() -> None:
    k, p = _yes_no(*_CONVICTED, "20", "Will Dale Voss be found guilty in 2027?",
                   "This market will resolve to Yes if Dale Voss is found guilty of any crime by December 31, 2027. A "
                   "guilty plea counts.")
    v = verdict(k, p)
    assert v.agrees and _paying(v, p) == "Yes", v.reasons


def test_convicted_is_still_not_indicted() -> None:
    k, p = _yes_no(*_CONVICTED, "21", "Will Dale Voss be indicted in 2027?",
                   "This market will resolve to Yes if Dale Voss is indicted on any charge by December 31, 2027.")
    assert verdict(k, p).rejected


def _indicted(rules_new: str) -> tuple[Market, Market]:
    return _yes_no("KXVOSSINDICT-27", "Will Dale Voss be indicted again in 2027?",
                   "If Dale Voss is indicted on any new charge before Jan 1, 2028, then the market resolves to Yes.",
                   "22", "Will Dale Voss be indicted in 2027?",
                   f"This market will resolve to Yes if Dale Voss is indicted on {rules_new} by December 31, 2027.")


def test_indicted_again_is_indicted_when_both_count_any_new_indictment() -> None:
    v = verdict(*_indicted("any new charge"))
    assert v.agrees, v.reasons


def test_indicted_again_waits_when_the_other_does_not_count_a_new_indictment() -> None:
    assert not verdict(*_indicted("a charge of fraud")).agrees


_RELEASED = ("KXVOSSFREE-27", "Will Dale Voss be released from prison in 2027?",
             "If Dale Voss is released from prison before Jan 1, 2028, then the market resolves to Yes.")


def test_leaving_prison_is_being_released_from_it() -> None:
    k, p = _yes_no(*_RELEASED, "44", "Dale Voss leaves prison in 2027?",
                   "This market will resolve to Yes if Dale Voss leaves prison by December 31, 2027.")
    v = verdict(k, p)
    assert v.agrees and _paying(v, p) == "Yes", v.reasons


def test_leaving_a_post_is_not_leaving_prison() -> None:
    k, p = _yes_no(*_RELEASED, "45", "Dale Voss out as CEO in 2027?",
                   "This market will resolve to Yes if Dale Voss leaves his role as CEO by December 31, 2027.")
    assert verdict(k, p).rejected


_FILIBUSTER = ("KXFILIBUSTER-27", "Will the Senate eliminate the filibuster in 2027?",
               "If the Senate eliminates the legislative filibuster before Jan 1, 2028, then the market resolves to Yes.")


def test_nuking_or_abolishing_the_filibuster_is_eliminating_it() -> None:
    for market_id, question in (("23", "Senate nukes the filibuster in 2027?"),
                                ("24", "Will the Senate abolish the filibuster in 2027?")):
        k, p = _yes_no(*_FILIBUSTER, market_id, question,
                       "This market will resolve to Yes if the US Senate abolishes the legislative filibuster by "
                       "December 31, 2027.")
        v = verdict(k, p)
        assert v.agrees and _paying(v, p) == "Yes", (question, v.reasons)


def test_a_vote_on_the_filibuster_is_not_eliminating_it() -> None:
    k, p = _yes_no(*_FILIBUSTER, "25", "Will the Senate vote on the filibuster in 2027?",
                   "This market will resolve to Yes if the US Senate holds a vote on changing the legislative "
                   "filibuster by December 31, 2027.")
    assert not verdict(k, p).agrees


_IPO = ("KXORBITIPO-27", "Will Orbitron IPO before 2028?",
        "If Orbitron completes an initial public offering before Jan 1, 2028, then the market resolves to Yes.")


def test_remaining_private_is_the_no_of_an_ipo() -> None:
    k, p = _yes_no(*_IPO, "26", "Will Orbitron remain private through 2027?",
                   "This market will resolve to Yes if Orbitron has not completed an IPO by December 31, 2027. "
                   "Otherwise, this market will resolve to No.")
    v = verdict(k, p)
    assert v.agrees and _paying(v, p) == "No", v.reasons


def test_taking_a_company_private_is_no_complement_of_an_ipo() -> None:
    k, p = _yes_no(*_IPO, "27", "Will Orbitron be taken private in 2027?",
                   "This market will resolve to Yes if an agreement to take Orbitron private closes by December 31, "
                   "2027.")
    assert not verdict(k, p).agrees


def _golf(market_id: str, question: str, description: str, event: str = "2027 PGA Championship") -> tuple[Market, Market]:
    return _yes_no("KXGOLFCUT-27MAY-BALDO", "Will Ben Aldo make the cut at the 2027 PGA Championship?",
                   "If Ben Aldo makes the cut at the 2027 PGA Championship, then the market resolves to Yes. A "
                   "withdrawal before the cut counts as missing the cut.",
                   market_id, question.format(event=event), description.format(event=event), end="2027-05-17T23:00:00Z")


_MISS = ("Will Ben Aldo miss the cut at the {event}?",
         "This market will resolve to Yes if Ben Aldo misses the cut at the {event}. A withdrawal before the cut "
         "counts as missing the cut.")


def test_missing_the_cut_is_the_no_of_making_it() -> None:
    k, p = _golf("28", *_MISS)
    v = verdict(k, p)
    assert v.agrees and _paying(v, p) == "No", v.reasons


def test_missing_the_cut_at_another_tournament_is_another_market() -> None:
    k, p = _golf("29", *_MISS, event="2027 Byron Open")
    assert not verdict(k, p).agrees


def _monaco(market_id: str, question: str, description: str, race: str = "Monaco") -> tuple[Market, Market]:
    return _yes_no("KXF1SAFETYCAR-27MON", "Will a safety car be deployed at the 2027 Monaco Grand Prix?",
                   "If a safety car is deployed during the 2027 Monaco Grand Prix, then the market resolves to Yes.",
                   market_id, question.format(race=race), description.format(race=race), end="2027-05-30T16:00:00Z")


_FREE = ("Safety-car-free race at the 2027 {race} Grand Prix?",
         "This market will resolve to Yes if no safety car is deployed during the 2027 {race} Grand Prix.")


def test_a_safety_car_free_race_is_the_no_of_a_safety_car() -> None:
    k, p = _monaco("30", *_FREE)
    v = verdict(k, p)
    assert v.agrees and _paying(v, p) == "No", v.reasons


def test_a_safety_car_free_race_elsewhere_is_another_market() -> None:
    k, p = _monaco("31", *_FREE, race="Canadian")
    assert not verdict(k, p).agrees


def _grammys(market_id: str, question: str) -> tuple[Market, Market]:
    return _yes_no("KXGRAMMYANY-27-LVALE", "Will Luna Vale win at least one Grammy in 2027?",
                   "If Luna Vale wins at least one Grammy Award at the 2027 Grammy Awards, then the market resolves "
                   "to Yes.",
                   market_id, question,
                   "This market will resolve to Yes if Luna Vale wins no Grammy Award at the 2027 Grammy Awards.",
                   end="2027-02-07T23:00:00Z")


def test_going_home_empty_handed_is_the_no_of_winning_at_least_one() -> None:
    for market_id, question in (("32", "Will Luna Vale go home empty-handed at the 2027 Grammys?"),
                                ("33", "Luna Vale leave shut out at the 2027 Grammys?")):
        k, p = _grammys(market_id, question)
        v = verdict(k, p)
        assert v.agrees and _paying(v, p) == "No", (question, v.reasons)


def test_a_team_shut_out_in_a_game_is_no_complement_of_a_win() -> None:
    k, p = _yes_no("KXOTTERWIN-27", "Will the Otters win on Jun 3, 2027?",
                   "If the Otters win their game on Jun 3, 2027, then the market resolves to Yes.",
                   "34", "Will the Otters be shut out on June 3, 2027?",
                   "This market will resolve to Yes if the Otters score no runs in their game on June 3, 2027.",
                   end="2027-06-03T23:00:00Z")
    assert not verdict(k, p).agrees


def test_returning_to_the_octagon_is_fighting() -> None:
    k, p = _yes_no("KXUFCRETURN-27", "Will Max Dorn fight in the UFC in 2027?",
                   "If Max Dorn competes in a completed UFC bout before Jan 1, 2028, then the market resolves to Yes.",
                   "35", "Will Max Dorn return to the octagon in 2027?",
                   "This market will resolve to Yes if Max Dorn competes in a completed UFC bout by December 31, 2027.")
    v = verdict(k, p)
    assert v.agrees and _paying(v, p) == "Yes", v.reasons


_PHONE = ("KXZEPHYR-27", "Will the Zephyr phone become available in 2027?",
          "If the Zephyr phone is generally available for purchase before Jan 1, 2028, then the market resolves to Yes.")


def test_becoming_available_is_being_released() -> None:
    k, p = _yes_no(*_PHONE, "36", "Zephyr phone released in 2027?",
                  "This market will resolve to Yes if the Zephyr phone is generally available for purchase by December "
                  "31, 2027.")
    assert verdict(k, p).agrees


def test_becoming_available_is_not_being_announced() -> None:
    k, p = _yes_no(*_PHONE, "37", "Zephyr phone announced in 2027?",
                  "This market will resolve to Yes if the Zephyr phone is officially announced by December 31, 2027.")
    assert verdict(k, p).rejected


def test_traded_before_the_deadline_is_traded_by_its_day() -> None:
    k, p = _yes_no("KXTRADELHART-27FEB06", "Will Leo Hart be traded before the deadline?",
                   "If Leo Hart is traded before Feb 6, 2027, then the market resolves to Yes.",
                   "38", "Leo Hart traded by Feb 6?", "This market will resolve to Yes if Leo Hart is traded by "
                   "February 6, 2027.", end="2027-02-06T20:00:00Z")
    assert verdict(k, p).agrees


_ARMS = ("KXARMS-27", "Will the US and Russia sign an arms control treaty in 2027?",
         "If the US and Russia sign a strategic arms control agreement before Jan 1, 2028, then the market resolves to "
         "Yes.")


def test_an_arms_control_treaty_is_a_strategic_arms_agreement() -> None:
    k, p = _yes_no(*_ARMS, "39", "US and Russia sign a strategic arms agreement in 2027?",
                 "This market will resolve to Yes if the US and Russia sign a strategic arms control agreement by "
                 "December 31, 2027.")
    assert verdict(k, p).agrees


def test_an_arms_control_treaty_is_not_a_ceasefire() -> None:
    k, p = _yes_no(*_ARMS, "40", "US and Russia agree a ceasefire in 2027?",
                 "This market will resolve to Yes if the US and Russia agree to a ceasefire by December 31, 2027.")
    assert not verdict(k, p).agrees


_CATCH = ("KXSTARSHIPCATCH-27", "Will SpaceX catch the Starship upper stage in 2027?",
          "If SpaceX catches the Starship upper stage with the launch tower before Jan 1, 2028, then the market "
          "resolves to Yes.")
_CATCH_SHIP = ("Will SpaceX catch the ship in 2027?",
               "This market will resolve to Yes if SpaceX catches a Starship ship with the launch tower by December 31, "
               "2027.")


def test_catching_the_ship_is_catching_the_upper_stage() -> None:
    k, p = _yes_no(*_CATCH, "42", *_CATCH_SHIP)
    assert verdict(k, p).agrees


def test_catching_the_booster_is_not_catching_the_ship() -> None:
    booster = ("KXSTARSHIPCATCH-27", "Will SpaceX catch the Starship booster in 2027?",
               "If SpaceX catches the Super Heavy booster with the launch tower before Jan 1, 2028, then the market "
               "resolves to Yes.")
    k, p = _yes_no(*booster, "43", *_CATCH_SHIP)
    assert verdict(k, p).rejected


def test_a_pardon_is_still_not_a_commutation() -> None:
    k, p = _yes_no("KXVOSSPARDON-27", "Will Dale Voss be pardoned in 2027?",
                   "If Dale Voss receives a presidential pardon before Jan 1, 2028, then the market resolves to Yes.",
                   "41", "Will Dale Voss's sentence be commuted in 2027?",
                   "This market will resolve to Yes if Dale Voss's sentence is commuted by December 31, 2027.")
    assert verdict(k, p).rejected


# --- an over/under line only the description states; a close against the day before -------------


def _deliveries() -> Market:
    return kalshi("KXTSLADEL-27Q1-T450000", title="Tesla deliveries in Q1 2027?", yes_sub_title="Above 450,000",
                  strike_type="greater", floor=450000, close_time="2027-04-02T14:00:00Z", category="Companies",
                  rules="If Tesla reports more than 450,000 vehicle deliveries for Q1 2027, then the market resolves "
                        "to Yes.")


def _over_under(market_id: str, line: str) -> Market:
    return gamma(market_id, question="Tesla Q1 2027 deliveries: Over/Under?", outcomes=("Over", "Under"),
                 end="2027-04-02T14:00:00Z",
                 description=f"This market is on Tesla's vehicle deliveries for Q1 2027 as first reported by Tesla. "
                             f"Over pays if Tesla reports more than {line} deliveries; Under pays otherwise.")


def test_an_over_under_line_only_the_description_states_is_the_threshold() -> None:
    p = _over_under("50", "450,000")
    v = verdict(_deliveries(), p)
    assert v.agrees and _paying(v, p) == "Over", v.reasons
    [pair] = [m for m in match_markets([_deliveries()], [p]) if m.status is PairStatus.APPROVED]
    assert pair.polymarket_yes_token == v.yes_token


def test_an_over_under_line_in_a_sentence_that_ends_on_over_is_the_threshold() -> None:
    p = gamma("57", question="Tesla Q1 2027 deliveries: Over/Under?", outcomes=("Over", "Under"),
              end="2027-04-02T14:00:00Z",
              description="If Tesla reports more than 450,000 vehicle deliveries for Q1 2027, this market resolves to "
                          "Over. Otherwise, it resolves to Under.")
    v = verdict(_deliveries(), p)
    assert v.agrees and _paying(v, p) == "Over", v.reasons


def test_another_line_in_the_description_is_another_threshold() -> None:
    assert verdict(_deliveries(), _over_under("51", "470,000")).rejected


def test_an_over_under_description_without_a_line_is_still_unread() -> None:
    p = gamma("52", question="Tesla Q1 2027 deliveries: Over/Under?", outcomes=("Over", "Under"),
              end="2027-04-02T14:00:00Z", description="This market is on Tesla's vehicle deliveries for Q1 2027.")
    assert not read(p).understood


def _close_against(day: str, before: str, direction: str = "higher") -> Market:
    return kalshi(f"KXINXUD-27JAN{day[-2:]}", title=f"Will the S&P 500 close {direction} on {day}, 2027 than on {before}?",
                  close_time="2027-01-04T21:00:00Z", category="Financials",
                  rules=f"If the closing value of the S&P 500 on {day}, 2027 is {direction} than its closing value on "
                        f"{before}, then the market resolves to Yes.")


def _up_or_down(market_id: str, against: str = "its close on the previous trading day") -> Market:
    return gamma(market_id, question="S&P 500 up or down on Jan 4?", outcomes=("Up", "Down"), end="2027-01-04T21:00:00Z",
                 description=f'This market will resolve to "Up" if the S&P 500 closes higher on January 4, 2027 than '
                             f'{against}. Otherwise (including if the close is unchanged), this market will resolve '
                             f'to "Down".')


def test_a_close_higher_than_the_day_before_is_up() -> None:
    p = _up_or_down("53")
    v = verdict(_close_against("Jan 4", "Jan 3, 2027"), p)
    assert v.agrees and _paying(v, p) == "Up", v.reasons


def test_a_close_lower_than_the_last_session_before_a_holiday_is_down() -> None:
    p = _up_or_down("54")
    v = verdict(_close_against("Jan 4", "Dec 31, 2026", "lower"), p)
    assert v.agrees and _paying(v, p) == "Down", v.reasons


def test_a_close_against_a_week_before_is_no_days_move() -> None:
    assert not verdict(_close_against("Jan 8", "Jan 4, 2027"), _up_or_down("55")).agrees


def test_a_close_against_the_days_open_is_not_against_the_day_before() -> None:
    assert not verdict(_close_against("Jan 4", "Jan 3, 2027"), _up_or_down("56", "its open on that day")).agrees


# --- a mention's term and its spelled-out form ---------------------------------------------------


def _says(rules: str, side: str = "AI") -> Market:
    return kalshi(f"KXVANCEMENTION-27MAR04-{side[:2].upper()}", title="What will Vance say during his Mar 4, 2027 speech?",
                  yes_sub_title=side, close_time="2027-03-04T23:00:00Z", category="Mentions", rules=rules)


def _say_question(market_id: str, description: str, term: str = "AI (or 'artificial intelligence')") -> Market:
    return gamma(market_id, question=f'Will Vance say "{term}" during his March 4 speech?', group=term,
                 end="2027-03-04T23:00:00Z", event_title="What will Vance say during his March 4 speech?",
                 description=description)


_BOTH_FORMS = ('This market will resolve to "Yes" if JD Vance says "AI" or "artificial intelligence" during his speech '
               'on March 4, 2027.')
_KALSHI_AI = 'If JD Vance says "AI" during his speech on Mar 4, 2027, then the market resolves to Yes.'


def test_the_spelled_out_form_another_sentence_counts_is_the_same_word_list() -> None:
    k = _says(f'{_KALSHI_AI} The spelled-out form "artificial intelligence" also counts.')
    v = verdict(k, _say_question("60", _BOTH_FORMS))
    assert v.agrees, v.reasons


def test_the_spelled_out_form_a_bracket_includes_is_the_same_word_list() -> None:
    k = _says('If JD Vance says "AI" (including "artificial intelligence") during his speech on Mar 4, 2027, then the '
              'market resolves to Yes.')
    v = verdict(k, _say_question("61", _BOTH_FORMS))
    assert v.agrees, v.reasons


def test_a_question_listing_the_other_form_in_brackets_pays_on_both() -> None:
    k = _says('If JD Vance says "AI" or "artificial intelligence" during his speech on Mar 4, 2027, then the market '
              'resolves to Yes.')
    p = _say_question("62", 'This market will resolve to "Yes" if JD Vance says the listed term during his speech on '
                            'March 4, 2027. The phrase "artificial intelligence" counts as AI.')
    v = verdict(k, p)
    assert v.agrees, v.reasons


def test_a_form_the_rules_exclude_is_not_counted() -> None:
    k = _says(f'{_KALSHI_AI} The phrase "artificial intelligence" does not count.')
    assert not verdict(k, _say_question("63", _BOTH_FORMS)).agrees


def test_another_term_with_its_other_form_is_another_market() -> None:
    k = _says(f'{_KALSHI_AI} The spelled-out form "artificial intelligence" also counts.')
    p = _say_question("64", 'This market will resolve to "Yes" if JD Vance says "tariff" or "tariffs" during his speech '
                            'on March 4, 2027.', term="Tariff (or 'tariffs')")
    assert verdict(k, p).rejected
