"""Precision and recall of matched pairs against ground truth.

A predicted pair counts as correct only when it names a true pair *and* the Polymarket token that
really pays on Kalshi YES: a right pair with the wrong token loses money on every trade, so it is
an error, not a partial hit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from arb_pipeline.domain.models import MatchedPair, PairStatus


@dataclass(frozen=True, slots=True)
class TruthPair:
    kalshi_ticker: str
    polymarket_market_id: str
    polymarket_yes_token: str


@dataclass(frozen=True, slots=True)
class Tally:
    predicted: int
    correct: int
    truth: int

    @property
    def precision(self) -> float:
        """1.0 when nothing was predicted: no pair, no wrong pair."""
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.truth if self.truth else 1.0


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
    expected = {(t.kalshi_ticker, t.polymarket_market_id): t.polymarket_yes_token for t in truth}
    counts = {PairStatus.APPROVED: [0, 0], PairStatus.REVIEW: [0, 0]}
    found: set[tuple[str, str]] = set()
    wrong_token: list[tuple[str, str]] = []
    false_approved: list[tuple[str, str]] = []
    for pair in pairs:
        if pair.status not in counts:
            continue
        key = (pair.kalshi_ticker, pair.polymarket_market_id)
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
