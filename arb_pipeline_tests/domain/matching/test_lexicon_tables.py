"""The lexicon's tables as their builders read them: every row in the form the builder expects."""

from __future__ import annotations

from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import ALIAS_KEY


def test_every_alias_reads_as_the_first_name_of_its_row() -> None:
    assert all(isinstance(name, str) and isinstance(key, str) for name, key in ALIAS_KEY.items())
    assert all(ALIAS_KEY[key] == key for key in set(ALIAS_KEY.values()))
    assert (ALIAS_KEY["fed"], ALIAS_KEY["federal open market committee"], ALIAS_KEY["china"]) == ("fed", "fed", "prc")
    assert (ALIAS_KEY["ampas"], ALIAS_KEY["academy awards"], ALIAS_KEY["rwc"]) == ("ampas", "ampas", "rugby world cup")
