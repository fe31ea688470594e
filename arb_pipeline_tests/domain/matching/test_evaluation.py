"""Precision and recall: a right pair with the wrong token is an error, not a hit; every label of a
labeled set is judged and counted per category and per trap type."""

from __future__ import annotations

import pytest

from arb_pipeline.domain.matching import TruthPair, measure
from arb_pipeline.domain.matching.evaluation import UNLABELED, Figures, Judgement, PairLabel, Relation, evaluate
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


# --- labeled sets: evaluate() ---------------------------------------------------------------------

def true_label(kalshi: str, polymarket: str, pays: str, category: str = "cpi") -> PairLabel:
    return PairLabel(kalshi, polymarket, Relation.IDENTITY, category, "same", pays_token=pays)


def negative(kalshi: str, polymarket: str, trap: str, category: str = "cpi") -> PairLabel:
    return PairLabel(kalshi, polymarket, Relation.NOT_EQUIVALENT, category, "look-alike", trap=trap)


def test_evaluate_judges_every_label_and_counts_by_category_and_trap() -> None:
    labels = [
        true_label("K1", "P1", "y1"),  # approved, right token
        true_label("K2", "P2", "y2"),  # approved, wrong token
        true_label("K3", "P3", "y3"),  # review
        true_label("K4", "P4", "y4", category="fed"),  # rejected
        true_label("K5", "P5", "y5", category="fed"),  # never proposed
        negative("K1", "P9", "strict_vs_inclusive"),  # approved: a false approval
        negative("K2", "P8", "strict_vs_inclusive"),  # review
        negative("K4", "P7", "different_meeting", category="fed"),  # rejected
        negative("K5", "P6", "different_meeting", category="fed"),  # never proposed
    ]
    pairs = [
        pair("K1", "P1", "y1", PairStatus.APPROVED),
        pair("K2", "P2", "n2", PairStatus.APPROVED),
        pair("K3", "P3", "y3", PairStatus.REVIEW),
        pair("K4", "P4", "", PairStatus.REJECTED),
        pair("K1", "P9", "t9", PairStatus.APPROVED),
        pair("K2", "P8", "t8", PairStatus.REVIEW),
        pair("K4", "P7", "", PairStatus.REJECTED),
        pair("K3", "P0", "t0", PairStatus.APPROVED),  # no label: a false approval in a complete set
        pair("KX", "PX", "tx", PairStatus.REVIEW),  # unlabeled, only in the queue
    ]
    result = evaluate(pairs, labels)
    assert [j.judgement for j in result.judged] == [
        Judgement.CORRECT, Judgement.POLARITY_ERROR, Judgement.REVIEW, Judgement.REJECTED, Judgement.NOT_PROPOSED,
        Judgement.FALSE_APPROVAL, Judgement.REVIEW, Judgement.REJECTED, Judgement.NOT_PROPOSED,
    ]
    overall = result.overall
    assert overall == Figures(
        true_pairs=5, correct=1, polarity_errors=1, true_in_review=1, true_rejected=1, true_not_proposed=1,
        negatives=4, negatives_approved=1, negatives_in_review=1, negatives_rejected=1, negatives_not_proposed=1,
        unlabeled_approved=1,
    )
    # 4 approvals (right, wrong token, hard negative, unlabeled): 1 correct.
    assert (overall.approved, overall.precision, overall.recall) == (4, 0.25, 0.2)
    assert overall.review_rate == 2 / 9
    assert result.by_category["cpi"] == Figures(
        true_pairs=3, correct=1, polarity_errors=1, true_in_review=1, negatives=2, negatives_approved=1,
        negatives_in_review=1, unlabeled_approved=1,
    )
    assert result.by_category["cpi"].precision == 1 / 4 and result.by_category["cpi"].recall == 1 / 3
    fed = result.by_category["fed"]
    assert (fed.approved, fed.precision, fed.recall, fed.review_rate) == (0, 1.0, 0.0, 0.0)
    assert result.by_trap["strict_vs_inclusive"] == Figures(negatives=2, negatives_approved=1, negatives_in_review=1)
    assert result.by_trap["different_meeting"] == Figures(negatives=2, negatives_rejected=1, negatives_not_proposed=1)
    assert [(j.label.kalshi_ticker, j.label.polymarket_market_id) for j in result.false_approvals] == [("K1", "P9")]
    assert [j.label.key for j in result.polarity_errors] == [("K2", "P2")]
    assert [(j.label.key, j.judgement) for j in result.missed] == [
        (("K3", "P3"), Judgement.REVIEW), (("K4", "P4"), Judgement.REJECTED), (("K5", "P5"), Judgement.NOT_PROPOSED),
    ]
    assert [(p.kalshi_ticker, p.polymarket_market_id) for p in result.unlabeled_approvals] == [("K3", "P0")]
    assert result.review_queue == 3


def test_an_incomplete_labeling_lists_unlabeled_approvals_without_counting_them() -> None:
    labels = [true_label("K1", "P1", "y1")]
    pairs = [pair("K1", "P1", "y1", PairStatus.APPROVED), pair("K7", "P7", "y7", PairStatus.APPROVED)]
    complete = evaluate(pairs, labels)
    assert complete.overall.precision == 0.5 and complete.by_category[UNLABELED].unlabeled_approved == 1
    partial = evaluate(pairs, labels, complete=False)
    assert partial.overall.precision == 1.0 and UNLABELED not in partial.by_category
    assert [p.kalshi_ticker for p in partial.unlabeled_approvals] == ["K7"]


def test_a_basket_pair_is_found_through_any_of_its_legs() -> None:
    basket = MatchedPair("K1", "P1", "y1", "n1", 1.0, PairStatus.APPROVED, ("pinned",), kalshi_tickers=("K1", "K2"))
    result = evaluate([basket], [true_label("K2", "P1", "y1")])
    assert result.overall.correct == 1 and result.unlabeled_approvals == ()


def test_nothing_labeled_true_is_perfect_recall_and_labels_are_checked() -> None:
    assert evaluate([], [negative("K1", "P1", "x")]).overall.recall == 1.0
    with pytest.raises(ValueError, match="labeled twice"):
        evaluate([], [true_label("K1", "P1", "y"), negative("K1", "P1", "x")])
    with pytest.raises(ValueError, match="needs the token"):
        PairLabel("K1", "P1", Relation.INVERSE, "c", "r")
    with pytest.raises(ValueError, match="needs its trap"):
        PairLabel("K1", "P1", Relation.NOT_EQUIVALENT, "c", "r")
