"""The words of a statement in one spelling, and the qualifiers on their axes."""

from __future__ import annotations

from datetime import date

import pytest

from arb_pipeline.domain.matching.propositions import Kind
from arb_pipeline.domain.matching.propositions.frames import canonical, condition, negated, quoted_terms, statement_words
from arb_pipeline.domain.matching.propositions.lexicon.axes import read_axes, rules_axes
from arb_pipeline.domain.matching.propositions.text import fold, same_word, stem

REFERENCE = date(2026, 1, 10)


def words_of(text: str) -> frozenset[str]:
    return statement_words(fold(text), REFERENCE)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Will the Fed cut interest rates in March?", "Will the Federal Reserve lower rates in March?"),
        ("Will Powell step down before June 1?", "Will Powell leave before June 1?"),
        ("Will SpaceX go public in 2026?", "SpaceX IPO in 2026?"),
        ("Jobs added in February?", "Nonfarm payrolls in February?"),
        ("Will Israel and Hamas agree to a cease-fire?", "Israel Hamas ceasefire deal?"),
        ("Will Macron cease to be president before July 1 (Eastern Time)?", "Will Macron leave as president before July 1?"),
        ("Two straight negative GDP quarters?", "Two consecutive negative GDP quarters?"),
        ("2026 college basketball champion", "2026 NCAA basketball champion"),
        ("Atlantic named storms in 2026", "Atlantic tropical storms in 2026"),
    ],
)
def test_two_wordings_leave_one_statement(first: str, second: str) -> None:
    assert words_of(first) == words_of(second)


def test_numbers_dates_and_thresholds_are_taken_out() -> None:
    assert words_of("Will the high temp in Miami be 85° or above on Jan 10, 2026?") == {"high", "temp", "miami"}
    # A number that names what is measured stays: "10-year" is not "2-year".
    assert "10" in words_of("10-year Treasury yield above 4.25% on Feb 27?")


def test_stems_and_word_forms() -> None:
    assert [stem(w) for w in ("deliveries", "delivered", "named", "cutting", "opening")] == [
        "delivery", "deliver", "name", "cut", "open"]
    assert same_word("delivery", "deliver") and same_word("nominee", "nomination")
    assert not same_word("high", "low")
    assert canonical("lowers") == "decrease" and canonical("oscars") == "ampas"


@pytest.mark.parametrize(
    ("head", "rules", "kind", "expected"),
    [
        ("will core cpi be above 3%", "", Kind.THRESHOLD, {"basis": "core"}),
        ("will x win the democratic nomination", "", Kind.CHOICE, {"stage": "nomination"}),
        ("will bitcoin reach $150000 in 2026", "", Kind.THRESHOLD, {"path": "touch"}),
        ("will bitcoin stay below $250000 through 2026", "", Kind.THRESHOLD, {"path": "always"}),
        ("gdp growth above 2%", "the advance estimate of real gdp, seasonally adjusted", Kind.THRESHOLD,
         {"release": "advance estimate", "adjustment": "seasonally adjusted"}),
        ("cpi above 0.2%", "the month-over-month change", Kind.THRESHOLD, {"change": "month over month"}),
        ("will unadjusted cpi rise more than 0.2%", "", Kind.THRESHOLD, {"adjustment": "not seasonally adjusted"}),
        ("cpi above 0.2%", "the not seasonally adjusted cpi-u index", Kind.THRESHOLD, {"adjustment": "not seasonally adjusted"}),
        ("close above $6 trillion", "at the close of any trading day before jul 1", Kind.THRESHOLD, {"path": "close"}),
        ("will nvidia hit $6 trillion", "at the close of any trading day before jul 1", Kind.THRESHOLD, {"path": "close"}),
    ],
)
def test_qualifiers_on_their_axes(head: str, rules: str, kind: Kind, expected: dict[str, str]) -> None:
    assert read_axes(head, rules_axes(rules), kind) == expected


def test_negation() -> None:
    assert negated(fold("Will the Fed not cut rates in March?"))
    assert not negated(fold("Will the Fed cut rates in March?"))


def test_the_sentence_of_yes_runs_past_initials_and_abbreviations() -> None:
    assert condition('Resolves "Yes" if the U.S. Treasury\'s 10-year par yield for March 31 is 4.00% or lower. '
                     'Otherwise "No".') == " the U.S. Treasury's 10-year par yield for March 31 is 4.00% or lower"
    assert condition("If Jerome H. Powell leaves. Then more.") == " Jerome H. Powell leaves"


def test_currencies_by_name_and_by_code_are_one() -> None:
    assert words_of("USD/JPY above 160 on March 31?") == words_of("Will the dollar be above 160 yen on March 31?")


def test_quoted_terms_are_read_and_apostrophes_are_not_quotes() -> None:
    assert quoted_terms("Will Trump say 'tariff' during the State of the Union?") == {"tariff"}
    assert quoted_terms('Will Powell say \u201csoft landing\u201d at the press conference?') == {"soft landing"}
    assert quoted_terms("Will Trump's approval be above 45%?") == frozenset()
