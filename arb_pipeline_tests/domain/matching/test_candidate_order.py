"""Candidate generation gives the same pairs in the same order whatever Python's hash seed: the
statement and fallback joins sum weights over sets of words and cut each market's list at a fixed
length, so an order taken from a set's iteration could let two runs keep different candidates
where scores tie at the cut."""

from __future__ import annotations

import os
import subprocess
import sys

_PRINT_CANDIDATES = """
from arb_pipeline.app.match_eval import named_set
from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.propositions import read
labeled = named_set("all")
pairs = candidate_pairs([read(m) for m in labeled.kalshi], [read(m) for m in labeled.polymarket])
print(len(pairs), pairs)
"""


def _candidates(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", _PRINT_CANDIDATES], env=env, capture_output=True, text=True,
                          check=True, timeout=300)
    return done.stdout


def test_candidates_do_not_depend_on_the_hash_seed() -> None:
    first = _candidates("1")
    assert first.split(" ", 1)[0].isdigit() and int(first.split(" ", 1)[0]) > 1000
    assert _candidates("2") == first
    assert _candidates("3") == first
