"""The review queue as a workflow: pairs the matcher could not settle wait for a person, whose
decision then wins over the matcher on every later run.

A decision is an approval (a pin confirmed by a person, with the Polymarket token that pays on
Kalshi YES) or a rejection (with the reason). Decisions are shared by everyone running the
pipeline (the warehouse keeps them) and join the pairs file as pins and rejections when matching
runs. The pairs file is version-controlled and deliberate, so on a pair both decide the file wins
and the review decision is reported as overridden. ``review export`` writes decisions in the pairs
file's format so a team can move them into version control.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

import yaml

from arb_pipeline.domain.matching.pairs_file import PairsFile, PinnedPair, RejectedPair
from arb_pipeline.domain.models import ListingPair, MatchedPair, PairTransform

# MatchedPair.decided_by of a pair a person approved or rejected from the review queue.
REVIEW_DECIDER = "review"


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"


@dataclass(frozen=True, slots=True)
class PairDecision(ListingPair):
    """A person's decision on one Kalshi x Polymarket pair. ``pays_on_kalshi_yes`` is the token id
    of the Polymarket outcome that pays when the Kalshi market resolves YES (approvals only);
    ``reason`` is the note of an approval or the reason of a rejection."""

    decision: Decision
    decided_by: str
    decided_at: datetime
    reason: str | None = None
    pays_on_kalshi_yes: str | None = None

    def __post_init__(self) -> None:
        where = f"decision on {self.kalshi_ticker} x {self.polymarket_market_id}"
        if self.decision is Decision.APPROVE and not self.pays_on_kalshi_yes:
            raise ValueError(f"{where}: an approval names the Polymarket token that pays on Kalshi YES")
        if self.decision is Decision.REJECT and (self.pays_on_kalshi_yes or not self.reason):
            raise ValueError(f"{where}: a rejection carries a reason and no token")
        if not self.decided_by.strip():
            raise ValueError(f"{where}: say who decided")
        if self.decided_at.tzinfo is None:
            raise ValueError(f"{where}: decided_at must carry a time zone")

    @property
    def origin(self) -> str:
        verb = "approved" if self.decision is Decision.APPROVE else "rejected"
        return f"review ({verb} by {self.decided_by} on {self.decided_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC)"


def with_review_decisions(pairs_file: PairsFile | None,
                          decisions: Sequence[PairDecision]) -> tuple[PairsFile, tuple[str, ...]]:
    """The pairs file with the review decisions added as pins and rejections, and the decisions
    left out because the file decides the same pair (the file wins)."""
    base = pairs_file or PairsFile(source="review")
    in_file: dict[tuple[str, str], str] = {}
    for pin in base.pins:
        for ticker in pin.kalshi_tickers:
            in_file[(ticker, pin.polymarket_market_id)] = pin.entry
    for rejection in base.rejections:
        in_file[(rejection.kalshi_ticker, rejection.polymarket_market_id)] = rejection.entry
    pins, rejections, overridden = list(base.pins), list(base.rejections), []
    for index, decision in enumerate(decisions):
        if decision.key in in_file:
            overridden.append(f"{decision.origin} on {decision.kalshi_ticker} x {decision.polymarket_market_id} is "
                              f"overridden by {base.source} {in_file[decision.key]}")
            continue
        entry = f"review[{index}]"
        if decision.decision is Decision.APPROVE:
            # The token is exact: the pin names the paying outcome by token id, so the transform
            # is identity (the named outcome pays on Kalshi YES) whatever the outcomes are called.
            pins.append(PinnedPair(entry, (decision.kalshi_ticker,), decision.polymarket_market_id,
                                   PairTransform.IDENTITY, decision.pays_on_kalshi_yes, decision.reason,
                                   decided_by=REVIEW_DECIDER, origin=decision.origin))
        else:
            rejections.append(RejectedPair(entry, decision.kalshi_ticker, decision.polymarket_market_id,
                                           decision.reason, decided_by=REVIEW_DECIDER, origin=decision.origin))
    return PairsFile(tuple(pins), tuple(rejections), base.source), tuple(overridden)


def pairs_file_text(decisions: Sequence[PairDecision], outcome_names: Mapping[str, str]) -> str:
    """The decisions as a pairs file (YAML), to commit to version control. A paying token is
    written as its outcome name when ``outcome_names`` (token id -> name) knows it."""
    pins, rejections = [], []
    for decision in decisions:
        when = f"{decision.decided_at.astimezone(UTC):%Y-%m-%d}"
        if decision.decision is Decision.APPROVE:
            assert decision.pays_on_kalshi_yes is not None
            note = f"approved in review by {decision.decided_by} on {when}"
            pins.append({
                "kalshi": decision.kalshi_ticker,
                "polymarket": decision.polymarket_market_id,
                "pays_on_kalshi_yes": outcome_names.get(decision.pays_on_kalshi_yes, decision.pays_on_kalshi_yes),
                "note": f"{note}: {decision.reason}" if decision.reason else note,
            })
        else:
            rejections.append({
                "kalshi": decision.kalshi_ticker,
                "polymarket": decision.polymarket_market_id,
                "reason": f"{decision.reason} (rejected in review by {decision.decided_by} on {when})",
            })
    document: dict[str, object] = {"version": 1}
    if pins:
        document["pin"] = pins
    if rejections:
        document["reject"] = rejections
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)


@dataclass(frozen=True, slots=True)
class QueuedPair:
    """A pair waiting in review, with what a person needs to decide it."""

    pair: MatchedPair
    in_review_since: datetime
    kalshi_title: str | None = None
    polymarket_title: str | None = None
    paying_outcome: str | None = None  # name of the outcome the matcher says pays on Kalshi YES


@dataclass(frozen=True, slots=True)
class QueueSummary:
    size: int
    oldest_since: datetime | None
    oldest_age: timedelta | None

    def describe(self) -> str:
        if not self.size or self.oldest_age is None:
            return "review queue empty"
        return f"{self.size} pairs pending; the oldest waits since {self.oldest_since:%Y-%m-%d %H:%M} UTC ({age(self.oldest_age)})"


def summarize_queue(queue: Sequence[QueuedPair], now: datetime) -> QueueSummary:
    if not queue:
        return QueueSummary(0, None, None)
    oldest = min(q.in_review_since for q in queue)
    return QueueSummary(len(queue), oldest.astimezone(UTC), max(now - oldest, timedelta(0)))


def age(delta: timedelta) -> str:
    """A waiting time a person reads at a glance: 45m, 7h, 3d 4h."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 48:
        return f"{hours}h"
    return f"{hours // 24}d {hours % 24}h"
