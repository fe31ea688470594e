"""Forms of the fourteenth round's blind sets (courts, people), on invented markets: a person the
title calls by the nickname the rules spell out inside the full name."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named


# --- a nickname the rules spell out inside the full name -------------------------------------------


def _verdict_market(person: str) -> Market:
    return kalshi("KXVERDICT-29-HALVORSEN", title="Will Halvorsen be convicted at his fraud trial in 2029?",
                  close_time="2029-12-31T23:59:00Z", category="Politics",
                  rules=f"If {person} is found guilty of at least one count in his fraud trial on or before "
                        f"Dec 31, 2029, then the market resolves to Yes.")


def _nicknamed(full: str) -> Market:
    return gamma("11", question="Blaze convicted at fraud trial in 2029?",
                 description=f"This market will resolve to \"Yes\" if a jury convicts {full} on any count at his fraud trial "
                             f"by December 31, 2029. Otherwise, it will resolve to \"No\".", end="2029-12-31T23:59:00Z")


def test_a_nickname_the_rules_spell_inside_the_full_name_is_that_person() -> None:
    p = _nicknamed("Rolf \"Blaze\" Halvorsen")
    assert approved(_verdict_market("Rolf Halvorsen"), p) == [token_named(p, "Yes")]


def test_a_nickname_in_single_quotes_is_that_person_too() -> None:
    p = _nicknamed("Rolf 'Blaze' Halvorsen")
    assert approved(_verdict_market("Rolf Halvorsen"), p) == [token_named(p, "Yes")]


def test_a_nickname_of_another_person_is_not_approved() -> None:
    # The rules spell the nickname inside another person's name: Blaze is not Rolf Halvorsen.
    p = _nicknamed("Erik \"Blaze\" Dahl")
    assert not approved(_verdict_market("Rolf Halvorsen"), p)


def test_a_nickname_the_rules_never_spell_out_is_not_approved() -> None:
    p = gamma("12", question="Blaze convicted at fraud trial in 2029?",
              description="This market will resolve to \"Yes\" if a jury convicts Blaze on any count at his fraud trial by "
                          "December 31, 2029. Otherwise, it will resolve to \"No\".", end="2029-12-31T23:59:00Z")
    assert not approved(_verdict_market("Rolf Halvorsen"), p)


def test_a_nickname_beside_a_relative_of_the_same_surname_is_not_approved() -> None:
    # Kalshi's Halvorsen is Nora: the nickname's full name is another person of that surname.
    p = _nicknamed("Rolf \"Blaze\" Halvorsen")
    assert not approved(_verdict_market("Nora Halvorsen"), p)
