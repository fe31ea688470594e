"""Precision and recall: a right pair with the wrong token is an error, not a hit."""

from __future__ import annotations

from arb_pipeline.domain.matching import TruthPair, measure
from arb_pipeline.domain.models import MatchedPair, PairStatus


def pair(kalshi: str, polymarket: str, yes: str, status: PairStatus) -> MatchedPair:
    return MatchedPair(kalshi, polymarket, yes, "other", 1.0, status, ("test",))


def test_measure_counts_approved_and_review_separately() -> None:
    truth = [TruthPair("K1", "P1", "y1"), TruthPair("K2", "P2", "y2"), TruthPair("K3", "P3", "y3"), TruthPair("K4", "P4", "y4")]
    pairs = [
        pair("K1", "P1", "y1", PairStatus.APPROVED),
        pair("K2", "P2", "wrong", PairStatus.APPROVED),
        pair("K9", "P9", "y9", PairStatus.APPROVED),
        pair("K3", "P3", "y3", PairStatus.REVIEW),
        pair("K4", "P4", "y4", PairStatus.REJECTED),
    ]
    quality = measure(pairs, truth)
    assert (quality.approved.predicted, quality.approved.correct, quality.approved.truth) == (3, 1, 4)
    assert quality.approved.precision == 1 / 3 and quality.approved.recall == 1 / 4
    assert (quality.approved_or_review.predicted, quality.approved_or_review.correct) == (4, 2)
    assert quality.wrong_token == (("K2", "P2"),)
    assert quality.false_approved == (("K9", "P9"),)
    assert quality.missed == (("K2", "P2"), ("K4", "P4"))
    assert quality.summary().startswith("approved: precision 0.333 recall 0.250")


def test_nothing_predicted_is_perfect_precision_and_zero_recall() -> None:
    quality = measure([], [TruthPair("K1", "P1", "y1")])
    assert (quality.approved.precision, quality.approved.recall) == (1.0, 0.0)
