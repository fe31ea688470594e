"""Forms of the thirteenth round's blind sets (US policy, two named entities compared, one-word
names, records), on invented markets: a surname's bearer the rules name, an award's category that
acts on no one, a record broken or set against one tied."""

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


def _question(market_id: str, question: str, description: str, end: str = "2029-12-31T23:59:00Z") -> Market:
    return gamma(market_id, question=question, description=description, end=end)


# --- one-word names: a surname whose bearer the rules name -----------------------------------------


def _retires(surname_rules: str) -> Market:
    return kalshi("KXORLOVRETIRE-29", title="Will Orlov announce his retirement in 2029?", close_time="2029-12-31T23:59:00Z",
                  category="Sports", rules=f"If {surname_rules} announces his retirement from professional tennis "
                                           f"before Jan 1, 2030, then the market resolves to Yes.")


def test_a_surname_is_the_bearer_its_rules_name() -> None:
    p = _question("1", "Dmitri Orlov retires in 2029?",
                  "This market will resolve to Yes if Dmitri Orlov announces his retirement from professional tennis "
                  "by December 31, 2029. Otherwise, it resolves to No.")
    assert approved(_retires("Dmitri Orlov"), p) == [token_named(p, "Yes")]


def test_a_surname_whose_rules_name_another_bearer_rejects() -> None:
    # Two players share the surname: the title's "Orlov" is the one its rules name.
    p = _question("2", "Pavel Orlov retires in 2029?",
                  "This market will resolve to Yes if Pavel Orlov announces his retirement from professional tennis "
                  "by December 31, 2029. Otherwise, it resolves to No.")
    v = verdict(_retires("Dmitri Orlov"), p)
    assert v.rejected, v.reasons
    assert not approved(_retires("Dmitri Orlov"), p)


def test_a_one_word_stage_name_beside_another_person_waits() -> None:
    k = kalshi("KXVESPERALBUM-29", title="Will Vesper release a new album in 2029?", close_time="2029-12-31T23:59:00Z",
               category="Entertainment", rules="If Vesper releases a new studio album before Jan 1, 2030, then the market "
                                               "resolves to Yes.")
    alone = _question("3", "New Vesper album in 2029?", "This market will resolve to Yes if Vesper releases a new studio "
                                                         "album by December 31, 2029. Otherwise, it resolves to No.")
    joint = _question("4", "Will Vesper and Nico Lane release an album in 2029?",
                      "This market will resolve to Yes if Vesper and Nico Lane release a joint studio album by December "
                      "31, 2029. Otherwise, it resolves to No.")
    assert approved(k, alone) == [token_named(alone, "Yes")]
    assert not approved(k, joint)


# --- an award's category acts on no one ----------------------------------------------------------------


def _best_actress(market_id: str, question: str) -> Market:
    return gamma(market_id, question=question, end="2029-03-10T23:59:00Z",
                 description="This market will resolve to Yes if Lyra Quinn wins Best Actress at the 101st Academy "
                             "Awards. Otherwise, it resolves to No.")


def _oscar_kalshi() -> Market:
    return kalshi("KXOSCARACTRESS-29-LQUI", title="Will Lyra Quinn win the Oscar for Best Actress?", close_time="2029-03-10T23:59:00Z",
                  category="Entertainment", rules="If Lyra Quinn wins the Academy Award for Best Actress at the 2029 "
                                                  "Oscars, then the market resolves to Yes.")


def test_a_category_written_before_or_after_the_award_is_no_other_order() -> None:
    p = _best_actress("10", "Lyra Quinn wins Best Actress at the 2029 Oscars?")
    assert approved(_oscar_kalshi(), p) == [token_named(p, "Yes")]


def test_another_category_still_differs() -> None:
    p = gamma("11", question="Lyra Quinn wins Best Supporting Actress at the 2029 Oscars?", end="2029-03-10T23:59:00Z",
              description="This market will resolve to Yes if Lyra Quinn wins Best Supporting Actress at the 101st "
                          "Academy Awards. Otherwise, it resolves to No.")
    assert not verdict(_oscar_kalshi(), p).agrees


# --- records: broken or set, never tied -----------------------------------------------------------------


def _record_kalshi() -> Market:
    return kalshi("KXHALVARDWR-29", title="Will Ines Halvard set a new world record in the hammer throw in 2029?",
                  close_time="2029-12-31T23:59:00Z", category="Sports",
                  rules="If Ines Halvard sets a new hammer throw world record before Jan 1, 2030, then the market "
                        "resolves to Yes.")


def test_breaking_a_record_with_its_words_between_is_setting_one() -> None:
    for market_id, question in (("20", "Will Ines Halvard break the hammer throw world record in 2029?"),
                                ("21", "Ines Halvard breaks hammer throw world record in 2029?")):
        p = _question(market_id, question, "This market will resolve to Yes if Ines Halvard breaks the hammer throw "
                                           "world record by December 31, 2029. Otherwise, it resolves to No.")
        assert approved(_record_kalshi(), p) == [token_named(p, "Yes")], question


def test_a_record_for_most_awards_broken_or_set() -> None:
    k = kalshi("KXMIRAREC-29", title="Will Mira Sol break the record for most Grammys won in 2029?",
               close_time="2029-12-31T23:59:00Z", category="Entertainment",
               rules="If Mira Sol breaks the record for most Grammy Awards won by an artist before Jan 1, 2030, then "
                     "the market resolves to Yes.")
    p = _question("22", "Will Mira Sol set a new record for most Grammys in 2029?",
                  "This market will resolve to Yes if Mira Sol sets a new record for the most Grammy Awards won by an "
                  "artist by December 31, 2029. Otherwise, it resolves to No.")
    assert approved(k, p) == [token_named(p, "Yes")]
    tied = _question("23", "Will Mira Sol tie the record for most Grammys in 2029?",
                     "This market will resolve to Yes if Mira Sol ties the record for the most Grammy Awards won by an "
                     "artist by December 31, 2029. Otherwise, it resolves to No.")
    assert not verdict(k, tied).agrees
    assert not approved(k, tied)


def test_a_record_tied_or_equalled_is_not_broken() -> None:
    for market_id, verb in (("24", "tie"), ("25", "equal"), ("26", "match")):
        p = _question(market_id, f"Will Ines Halvard {verb} the hammer throw world record in 2029?",
                      f"This market will resolve to Yes if Ines Halvard {verb}s the hammer throw world record by "
                      f"December 31, 2029. Otherwise, it resolves to No.")
        assert not verdict(_record_kalshi(), p).agrees, verb
        assert not approved(_record_kalshi(), p), verb


# --- US policy: a deadline the rules set, a bill signed into law, an executive order issued ----------


def _shutdown_kalshi(rules_deadline: str) -> Market:
    return kalshi("KXSHUTDOWN-29OCT01", title="Will the government shut down by Oct 1?", close_time="2029-09-30T23:59:00Z",
                  category="Politics", rules=f"If the US federal government shuts down {rules_deadline}, then the "
                                             f"market resolves to Yes.")


def _shutdown_question(market_id: str, question: str, deadline: str) -> Market:
    return _question(market_id, question, f"This market will resolve to Yes if the US federal government shuts down "
                                          f"{deadline}. Otherwise, it resolves to No.", end="2029-09-30T23:59:00Z")


def test_a_titles_by_is_the_rules_before() -> None:
    p = _shutdown_question("30", "Government shutdown before October?", "before October 1, 2029")
    assert approved(_shutdown_kalshi("before Oct 1, 2029"), p) == [token_named(p, "Yes")]


def test_a_deadline_that_counts_its_day_stays_its_day() -> None:
    # "On or before Oct 1" counts a shutdown on October 1, which "before October" does not.
    p = _shutdown_question("31", "Government shutdown before October?", "before October 1, 2029")
    assert not verdict(_shutdown_kalshi("on or before Oct 1, 2029"), p).agrees
    same = _shutdown_question("32", "Government shutdown by October 1?", "by October 1, 2029, 11:59 PM ET")
    assert approved(_shutdown_kalshi("on or before Oct 1, 2029"), same) == [token_named(same, "Yes")]


def _bill_kalshi() -> Market:
    return kalshi("KXCLEARACT-29", title="Will the President sign the CLEAR Act into law in 2029?", close_time="2029-12-31T23:59:00Z",
                  category="Politics", rules="If the President signs the CLEAR Act into law before Jan 1, 2030, then "
                                             "the market resolves to Yes.")


def test_a_bill_signed_into_law_with_its_name_between_becomes_law() -> None:
    p = _question("33", "CLEAR Act becomes law in 2029?", "This market will resolve to Yes if the CLEAR Act is signed "
                                                          "into law by the President by December 31, 2029. Otherwise, "
                                                          "it resolves to No.")
    assert approved(_bill_kalshi(), p) == [token_named(p, "Yes")]


def test_a_chamber_passing_the_bill_is_not_its_signing() -> None:
    for market_id, question, description in (
            ("34", "Will the CLEAR Act pass the House in 2029?", "the CLEAR Act passes the House of Representatives"),
            ("35", "Will the Senate pass the CLEAR Act in 2029?", "the Senate passes the CLEAR Act"),
            ("36", "Will the President veto the CLEAR Act in 2029?", "the President vetoes the CLEAR Act")):
        p = _question(market_id, question, f"This market will resolve to Yes if {description} by December 31, 2029. "
                                           f"Otherwise, it resolves to No.")
        assert not approved(_bill_kalshi(), p), question


def _order_kalshi() -> Market:
    return kalshi("KXEOQUANTUM-29JUN30", title="Will Jane Doe sign an executive order on quantum computing by June 30?",
                  close_time="2029-06-30T23:59:00Z", category="Politics",
                  rules="If President Jane Doe signs an executive order on quantum computing before Jul 1, 2029, then "
                        "the market resolves to Yes.")


def test_an_executive_order_issued_or_signed_is_the_order() -> None:
    for market_id, question, verb in (
            ("37", "Will Jane Doe issue an executive order on quantum computing by June 30?", "issues"),
            ("38", "Executive order on quantum computing signed by June 30?", "signs")):
        p = _question(market_id, question, f"This market will resolve to Yes if President Jane Doe {verb} an executive "
                                           f"order on quantum computing by June 30, 2029. Otherwise, it resolves to No.",
                      end="2029-06-30T23:59:00Z")
        assert approved(_order_kalshi(), p) == [token_named(p, "Yes")], question


def test_an_order_announced_or_on_another_subject_differs() -> None:
    announced = _question("39", "Jane Doe announces executive order on quantum computing by June 30?",
                          "This market will resolve to Yes if President Jane Doe announces an executive order on "
                          "quantum computing by June 30, 2029. Otherwise, it resolves to No.", end="2029-06-30T23:59:00Z")
    other = _question("40", "Will Jane Doe issue an executive order on crypto mining by June 30?",
                      "This market will resolve to Yes if President Jane Doe signs an executive order on crypto mining "
                      "by June 30, 2029. Otherwise, it resolves to No.", end="2029-06-30T23:59:00Z")
    assert verdict(_order_kalshi(), announced).rejected
    assert verdict(_order_kalshi(), other).rejected
