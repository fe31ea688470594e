"""Precision and recall of matched pairs against ground truth.

A predicted pair counts as correct only when it names a true pair *and* the Polymarket token that
really pays on Kalshi YES: a right pair with the wrong token loses money on every trade, so it is
an error, not a partial hit.

:func:`measure` scores a run against a list of true pairs; :func:`evaluate` judges every label of a
labeled set (true pairs and hard negatives, each with a category, negatives with a trap type) and
gives the figures overall, per category and per trap type, with the pairs behind every error.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from arb_pipeline.domain.models import ListingPair, MatchedPair, PairStatus


@dataclass(frozen=True, slots=True)
class TruthPair(ListingPair):
    polymarket_yes_token: str


def _share(part: int, whole: int) -> float:
    """``part`` of ``whole``; 1.0 for nothing out of nothing (no prediction, no wrong one)."""
    return part / whole if whole else 1.0


class _Scored(ABC):
    """Precision and recall of the counts a subclass gives: ``correct`` pairs (a true pair with
    its right token) against the pairs ``predicted`` (approved) and the ``truth`` (all true pairs)."""

    __slots__ = ()

    @abstractmethod
    def _counts(self) -> tuple[int, int, int]:
        """``(correct, predicted, truth)``."""

    @property
    def precision(self) -> float:
        """Correct over predicted; 1.0 when nothing was predicted: no pair, no wrong pair."""
        correct, predicted, _ = self._counts()
        return _share(correct, predicted)

    @property
    def recall(self) -> float:
        """Correct over the true pairs; 1.0 without true pairs."""
        correct, _, truth = self._counts()
        return _share(correct, truth)


@dataclass(frozen=True, slots=True)
class Tally(_Scored):
    predicted: int
    correct: int
    truth: int

    def _counts(self) -> tuple[int, int, int]:
        return self.correct, self.predicted, self.truth


@dataclass(frozen=True, slots=True)
class MatchQuality:
    approved: Tally
    approved_or_review: Tally
    wrong_token: tuple[tuple[str, str], ...]  # true pairs predicted with the wrong token
    false_approved: tuple[tuple[str, str], ...]  # approved pairs that are not true pairs
    missed: tuple[tuple[str, str], ...]  # true pairs neither approved nor in review

    def summary(self) -> str:
        a, f = self.approved, self.approved_or_review
        return (f"approved: precision {a.precision:.3f} recall {a.recall:.3f} ({a.correct}/{a.predicted} correct, "
                f"{a.truth} true pairs); approved+review: precision {f.precision:.3f} recall {f.recall:.3f} "
                f"({f.correct}/{f.predicted})")


def measure(pairs: Iterable[MatchedPair], truth: Iterable[TruthPair]) -> MatchQuality:
    expected = {t.key: t.polymarket_yes_token for t in truth}
    counts = {PairStatus.APPROVED: [0, 0], PairStatus.REVIEW: [0, 0]}
    found: set[tuple[str, str]] = set()
    wrong_token: list[tuple[str, str]] = []
    false_approved: list[tuple[str, str]] = []
    for pair in pairs:
        if pair.status not in counts:
            continue
        key = pair.key
        counts[pair.status][0] += 1
        if key in expected and expected[key] == pair.polymarket_yes_token:
            counts[pair.status][1] += 1
            found.add(key)
        elif key in expected:
            wrong_token.append(key)
        elif pair.status is PairStatus.APPROVED:
            false_approved.append(key)
    approved = Tally(counts[PairStatus.APPROVED][0], counts[PairStatus.APPROVED][1], len(expected))
    flagged = Tally(approved.predicted + counts[PairStatus.REVIEW][0],
                    approved.correct + counts[PairStatus.REVIEW][1], len(expected))
    missed = tuple(sorted(key for key in expected if key not in found))
    return MatchQuality(approved, flagged, tuple(sorted(wrong_token)), tuple(sorted(false_approved)), missed)


# --- labeled sets: every label judged, figures per category and per trap ------------------------


class Relation(StrEnum):
    """What a label says about a Kalshi market and a Polymarket market."""

    IDENTITY = "identity"  # the Polymarket market states the Kalshi proposition
    INVERSE = "inverse"  # it states the negation: its "Yes" pays on Kalshi NO
    NOT_EQUIVALENT = "not_equivalent"  # a hard negative: they look alike and settle differently


class Judgement(StrEnum):
    """What became of one labeled pair in a matching run."""

    CORRECT = "correct"  # a true pair approved with the token that pays on Kalshi YES
    POLARITY_ERROR = "polarity_error"  # a true pair approved with the other token
    FALSE_APPROVAL = "false_approval"  # a hard negative approved
    REVIEW = "review"
    REJECTED = "rejected"
    NOT_PROPOSED = "not_proposed"  # the matcher returned no pair for it


@dataclass(frozen=True, slots=True)
class PairLabel(ListingPair):
    relation: Relation
    category: str
    reason: str
    pays_token: str | None = None  # true pairs: the Polymarket token that pays on Kalshi YES
    trap: str | None = None  # hard negatives: the kind of look-alike

    def __post_init__(self) -> None:
        if self.is_true_pair and not self.pays_token:
            raise ValueError(f"label {self.key}: a true pair needs the token that pays on Kalshi YES")
        if not self.is_true_pair and not self.trap:
            raise ValueError(f"label {self.key}: a hard negative needs its trap type")

    @property
    def is_true_pair(self) -> bool:
        return self.relation is not Relation.NOT_EQUIVALENT


@dataclass(frozen=True, slots=True)
class JudgedPair:
    label: PairLabel
    judgement: Judgement
    pair: MatchedPair | None  # the matcher's pair, None when it returned none


@dataclass(frozen=True, slots=True)
class Figures(_Scored):
    """Counts over one slice of a labeled set (everything, a category or a trap type).

    ``approved`` counts every approved pair attributed to the slice, labeled or not; with a
    complete labeling an unlabeled approval is a false approval (every pair of the labeled markets
    not labeled true is a non-pair)."""

    # The labeled true pairs, each counted once more by what became of it.
    true_pairs: int = 0
    correct: int = 0  # approved with the token that pays on Kalshi YES
    polarity_errors: int = 0  # approved with the other token: an error, not a partial hit
    true_in_review: int = 0
    true_rejected: int = 0
    true_not_proposed: int = 0
    # The labeled hard negatives, likewise.
    negatives: int = 0
    negatives_approved: int = 0  # false approvals
    negatives_in_review: int = 0
    negatives_rejected: int = 0
    negatives_not_proposed: int = 0
    unlabeled_approved: int = 0  # approved pairs no label names, counted only for a complete labeling

    @property
    def approved(self) -> int:
        return self.correct + self.polarity_errors + self.negatives_approved + self.unlabeled_approved

    def _counts(self) -> tuple[int, int, int]:
        return self.correct, self.approved, self.true_pairs

    @property
    def labeled(self) -> int:
        return self.true_pairs + self.negatives

    @property
    def in_review(self) -> int:
        return self.true_in_review + self.negatives_in_review

    @property
    def review_rate(self) -> float:
        """Labeled pairs (true and hard negative) left for a person, over all labeled pairs."""
        return self.in_review / self.labeled if self.labeled else 0.0

    def add(self, judged: Judgement, *, true_pair: bool) -> Figures:
        total, by_judgement = ("true_pairs", _TRUE_PAIR_COUNTS) if true_pair else ("negatives", _NEGATIVE_COUNTS)
        field_name = by_judgement[judged]
        return replace(self, **{total: getattr(self, total) + 1, field_name: getattr(self, field_name) + 1})


# The count of :class:`Figures` each judgement of a true pair and of a hard negative adds to.
_TRUE_PAIR_COUNTS = {
    Judgement.CORRECT: "correct",
    Judgement.POLARITY_ERROR: "polarity_errors",
    Judgement.REVIEW: "true_in_review",
    Judgement.REJECTED: "true_rejected",
    Judgement.NOT_PROPOSED: "true_not_proposed",
}
_NEGATIVE_COUNTS = {
    Judgement.FALSE_APPROVAL: "negatives_approved",
    Judgement.REVIEW: "negatives_in_review",
    Judgement.REJECTED: "negatives_rejected",
    Judgement.NOT_PROPOSED: "negatives_not_proposed",
}


UNLABELED = "(unlabeled)"


@dataclass(frozen=True, slots=True)
class Evaluation:
    overall: Figures
    by_category: dict[str, Figures]
    by_trap: dict[str, Figures]
    judged: tuple[JudgedPair, ...]  # one per label, in label order
    unlabeled_approvals: tuple[MatchedPair, ...]  # approved pairs no label covers
    review_queue: int  # every pair the run left in review, labeled or not
    complete: bool  # whether unlabeled approvals count as false approvals

    def with_judgement(self, *judgements: Judgement) -> tuple[JudgedPair, ...]:
        return tuple(j for j in self.judged if j.judgement in judgements)

    @property
    def false_approvals(self) -> tuple[JudgedPair, ...]:
        return self.with_judgement(Judgement.FALSE_APPROVAL)

    @property
    def polarity_errors(self) -> tuple[JudgedPair, ...]:
        return self.with_judgement(Judgement.POLARITY_ERROR)

    @property
    def missed(self) -> tuple[JudgedPair, ...]:
        """True pairs not approved (polarity errors are listed apart)."""
        return tuple(j for j in self.judged
                     if j.label.is_true_pair and j.judgement in (Judgement.REVIEW, Judgement.REJECTED, Judgement.NOT_PROPOSED))


def _judge(label: PairLabel, pair: MatchedPair | None) -> Judgement:
    if pair is None:
        return Judgement.NOT_PROPOSED
    if pair.status is PairStatus.REVIEW:
        return Judgement.REVIEW
    if pair.status is PairStatus.REJECTED:
        return Judgement.REJECTED
    if not label.is_true_pair:
        return Judgement.FALSE_APPROVAL
    return Judgement.CORRECT if pair.polymarket_yes_token == label.pays_token else Judgement.POLARITY_ERROR


def evaluate(pairs: Iterable[MatchedPair], labels: Sequence[PairLabel], *, complete: bool = True) -> Evaluation:
    """Judge every label against a matching run's pairs.

    A true pair counts as found only when approved with the token that pays on Kalshi YES.
    ``complete``: the labels cover every true pair among their markets, so an approved pair no
    label names is a false approval (it counts against precision, attributed to the category of a
    label that shares one of its markets). Without it such approvals are only listed."""
    by_key: dict[tuple[str, str], MatchedPair] = {}
    for pair in pairs:
        for ticker in pair.kalshi_legs:
            by_key.setdefault((ticker, pair.polymarket_market_id), pair)
    seen: set[tuple[str, str]] = set()
    for label in labels:
        if label.key in seen:
            raise ValueError(f"label {label.key}: the pair is labeled twice")
        seen.add(label.key)

    overall = Figures()
    by_category: dict[str, Figures] = {}
    by_trap: dict[str, Figures] = {}
    judged = []
    for label in labels:
        pair = by_key.get(label.key)
        judgement = _judge(label, pair)
        judged.append(JudgedPair(label, judgement, pair))
        overall = overall.add(judgement, true_pair=label.is_true_pair)
        by_category[label.category] = by_category.get(label.category, Figures()).add(judgement, true_pair=label.is_true_pair)
        if label.trap is not None:
            by_trap[label.trap] = by_trap.get(label.trap, Figures()).add(judgement, true_pair=False)

    category_of: dict[str, str] = {}
    for label in labels:
        category_of.setdefault(label.kalshi_ticker, label.category)
        category_of.setdefault(label.polymarket_market_id, label.category)
    unlabeled = []
    for pair in _unique(pairs):
        if pair.status is not PairStatus.APPROVED or any((t, pair.polymarket_market_id) in seen for t in pair.kalshi_legs):
            continue
        unlabeled.append(pair)
        if complete:
            category = category_of.get(pair.kalshi_ticker) or category_of.get(pair.polymarket_market_id) or UNLABELED
            overall = replace(overall, unlabeled_approved=overall.unlabeled_approved + 1)
            held = by_category.get(category, Figures())
            by_category[category] = replace(held, unlabeled_approved=held.unlabeled_approved + 1)
    review_queue = sum(1 for pair in _unique(pairs) if pair.status is PairStatus.REVIEW)
    return Evaluation(overall, dict(sorted(by_category.items())), dict(sorted(by_trap.items())), tuple(judged),
                      tuple(unlabeled), review_queue, complete)


def _unique(pairs: Iterable[MatchedPair]) -> list[MatchedPair]:
    seen: set[tuple[tuple[str, ...], str]] = set()
    unique = []
    for pair in pairs:
        key = (pair.kalshi_legs, pair.polymarket_market_id)
        if key not in seen:
            seen.add(key)
            unique.append(pair)
    return unique
