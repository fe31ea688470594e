"""Round 15 forms of the macro, central bank, company and geopolitics markets of the blind sets, on
invented markets: a deadline whose own rules open the window it ends."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

_OTHERWISE = ' Otherwise, this market will resolve to "No".'


def _question(market_id: str, question: str, description: str, end: str = "2029-06-30T23:59:00Z") -> Market:
    return gamma(market_id, question=question, description=description + _OTHERWISE, end=end)


# --- a deadline whose rules open the window it ends ---------------------------------------------------


def _protocol_kalshi(rules_window: str = "between February 1, 2029 and July 1, 2029",
                     title: str = "African Union adopts a new trade protocol before Jul 1, 2029?") -> Market:
    return kalshi("KXAUTRADE-29JUL", title=title, yes_sub_title="Before Jul 1, 2029", close_time="2029-07-01T03:59:00Z",
                  category="World",
                  rules=f"If the African Union formally adopts a new continental trade protocol {rules_window}, then "
                        f"the market resolves to Yes.")


def _protocol_gamma(market_id: str, window: str) -> Market:
    return _question(market_id, "New African Union trade protocol adopted by June 30?",
                     f'This market will resolve to "Yes" if the African Union formally adopts a new continental trade '
                     f"protocol {window}, 11:59 PM ET.")


def test_a_before_deadline_whose_rules_end_the_window_on_that_day_is_the_window() -> None:
    p = _protocol_gamma("150401", "between February 1, 2029 and June 30, 2029")
    assert approved(_protocol_kalshi(), p) == [token_named(p, "Yes")]


def test_a_by_deadline_whose_rules_count_from_a_day_through_it_is_the_window() -> None:
    k = kalshi("KXOPECCUT-29Q2", title="OPEC announces a production cut by Jun 30, 2029?", yes_sub_title="Cut by Jun 30",
               close_time="2029-06-30T23:59:00Z", category="World",
               rules="If OPEC announces a cut to its members' production targets at any meeting from April 1, 2029 "
                     "through June 30, 2029, then the market resolves to Yes.")
    p = _question("150402", "Will OPEC announce a production cut in Q2 2029?",
                  'This market will resolve to "Yes" if OPEC announces a cut to its members\' production targets at '
                  "any meeting between April 1 and June 30, 2029.")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_a_window_is_not_a_plain_deadline_nor_another_window() -> None:
    # The other market pays on an adoption since its listing, before the window opens.
    plain = _question("150403", "New African Union trade protocol adopted by June 30?",
                      'This market will resolve to "Yes" if the African Union formally adopts a new continental trade '
                      "protocol by June 30, 2029, 11:59 PM ET.")
    later = _protocol_gamma("150404", "between March 1, 2029 and June 30, 2029")
    for p in (plain, later):
        assert not approved(_protocol_kalshi(), p), p.title
        assert verdict(_protocol_kalshi(), p).rejected, p.title


def test_a_rules_window_past_a_by_deadline_stays_apart() -> None:
    # "By Jun 30" with rules to July 1: the title does not say the rules' last day is excluded.
    k = _protocol_kalshi(title="African Union adopts a new trade protocol by Jun 30, 2029?")
    p = _protocol_gamma("150405", "between February 1, 2029 and June 30, 2029")
    assert not approved(k, p)
