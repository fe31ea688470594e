"""A central bank's decision whose YES side is only what the bank does ("Cut", "Hike",
"Increase", "No change") under a title that states no direction ("ECB decision on Apr 15,
2027?"): the side is the statement, compared with "ECB cuts rates in April?", not a name the other
market never writes. One meeting is still never a window holding several, another bank, another
month, another size or another direction."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market
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
