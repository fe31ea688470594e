"""Text similarity and the confidence a pair is given.

Similarity is rapidfuzz's token_set_ratio (WRatio is 2.3x slower and picked the right market far
less often on market titles). It never decides equivalence: a verified settlement match with
dissimilar titles ("Milwaukee at Los Angeles L Winner?" vs "Bucks vs. Lakers") is still a match,
and near-identical titles with a strict vs inclusive threshold are not. It ranks, breaks ties,
and is the only evidence for markets the reader could not understand, which can therefore reach
review (without a token mapping) but never approval.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from arb_pipeline.domain.matching.equivalence import Verdict

# Share of a verified pair's confidence that text similarity can move.
_SIMILARITY_WEIGHT = 0.05
# Ceiling for pairs backed by text alone: below any sensible auto-approve threshold.
UNREAD_CEILING = 0.6


def title_similarity(a: str, b: str) -> float:
    """0-100, on the folded similarity texts of the two markets."""
    return fuzz.token_set_ratio(a, b, processor=None)


def confidence(verdict: Verdict, similarity: float) -> float:
    if verdict.rejected:
        return 0.0
    if not verdict.understood:
        return round(UNREAD_CEILING * similarity / 100, 4)
    return round(verdict.certainty * (1 - _SIMILARITY_WEIGHT + _SIMILARITY_WEIGHT * similarity / 100), 4)
