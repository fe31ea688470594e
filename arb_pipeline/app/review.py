"""``arb-pipeline review``: the pairs the matcher left for a person, and their decisions.

Decisions go to the warehouse (``pair_decisions``), shared by everyone running the pipeline, with
who took them, when and why. Recording one also rewrites the pair in ``matched_pairs`` at once, as
the next matching run will: an approval is a pin confirmed by a person, with the exact token that
pays on Kalshi YES; a rejection keeps the pair out of trading. The matching asset applies every
decision on each run, after the pairs file, which wins on a pair both decide. ``review export``
writes the decisions in the pairs file's format for version control.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from arb_pipeline.domain.matching.pairs_file import PairsFile, apply_pairs_file
from arb_pipeline.domain.matching.review import (
    Decision,
    PairDecision,
    QueuedPair,
    age,
    pairs_file_text,
    summarize_queue,
    with_review_decisions,
)
from arb_pipeline.domain.models import Market, MatchedPair, PairStatus, Venue
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import read_market
from arb_pipeline.warehouse.pairs import delete_decision, read_decisions, read_pair, write_decision

REVIEWER_ENV = "ARB_REVIEWER"


class ReviewError(ValueError):
    """A decision that cannot be recorded as asked; the message says what to fix."""


def reviewer(explicit: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """Who is deciding: ``--by``, else ``ARB_REVIEWER``, else the login name."""
    env = os.environ if env is None else env
    name = (explicit or env.get(REVIEWER_ENV) or "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise ReviewError(f"cannot tell who is deciding: pass --by NAME or set {REVIEWER_ENV}") from None


def _markets(store: Warehouse, kalshi_ticker: str, polymarket_market_id: str) -> tuple[Market, Market]:
    kalshi = read_market(store, Venue.KALSHI, kalshi_ticker)
    if kalshi is None:
        raise ReviewError(f"Kalshi market {kalshi_ticker} is not in the warehouse catalog (check the ticker, or "
                          "materialize the catalog assets first)")
    polymarket = read_market(store, Venue.POLYMARKET, polymarket_market_id)
    if polymarket is None:
        raise ReviewError(f"Polymarket market {polymarket_market_id} is not in the warehouse catalog (give the Gamma "
                          "market id, a string of digits)")
    return kalshi, polymarket


def _paying_token(market: Market, named: str | None, proposed: MatchedPair | None) -> str:
    names = "/".join(o.name for o in market.outcomes)
    with_tokens = [o for o in market.outcomes if o.token_id]
    if len(market.outcomes) != 2 or len(with_tokens) != 2:
        raise ReviewError(f"Polymarket market {market.market_id} has {len(market.outcomes)} outcomes ({names}), "
                          f"{len(with_tokens)} with a token; a pair needs exactly two with tokens")
    if named is not None:
        chosen = [o for o in with_tokens if o.token_id == named or o.name.strip().lower() == named.strip().lower()]
        if len(chosen) != 1:
            raise ReviewError(f"--pays-on-kalshi-yes {named!r} is not one outcome of Polymarket market "
                              f"{market.market_id} ({names}) nor one of its token ids")
        return chosen[0].token_id or ""
    if proposed is not None and proposed.polymarket_yes_token in {o.token_id for o in with_tokens}:
        return proposed.polymarket_yes_token
    if proposed is not None and proposed.status is PairStatus.REVIEW:
        # The matcher saw the pair and proposed no token: which outcome pays is what it could not
        # read (a market not understood, a word that may make one statement the other's NO), so
        # "Yes" by default would be a guess (docs/matching.md#the-review-queue-arb-pipeline-review).
        raise ReviewError(f"the matcher proposes no token for this pair ({names}): name the outcome that pays on "
                          "Kalshi YES with --pays-on-kalshi-yes")
    yes = [o for o in with_tokens if o.name.strip().lower() == "yes"]
    if len(yes) == 1:
        return yes[0].token_id or ""
    raise ReviewError(f"the matcher proposes no token for this pair and Polymarket market {market.market_id} has no "
                      f"'Yes' outcome ({names}): name the outcome that pays on Kalshi YES with --pays-on-kalshi-yes")


def _decided_pair(decision: PairDecision, kalshi: Market, polymarket: Market) -> MatchedPair:
    """The pair exactly as the next matching run makes it from this decision."""
    pairs_file, _ = with_review_decisions(None, [decision])
    applied = apply_pairs_file(pairs_file, {kalshi.market_id: kalshi}, {polymarket.market_id: polymarket})
    if applied.issues or len(applied.pairs) != 1:
        raise ReviewError("; ".join(applied.issues) or f"decision on {decision.key} could not be applied")
    return applied.pairs[0]


def _overriding_entry(pairs_file: PairsFile | None, kalshi_ticker: str, polymarket_market_id: str) -> str | None:
    if pairs_file is None:
        return None
    for pin in pairs_file.pins:
        if kalshi_ticker in pin.kalshi_tickers and pin.polymarket_market_id == polymarket_market_id:
            return f"{pairs_file.source} {pin.entry}"
    for rejection in pairs_file.rejections:
        if (rejection.kalshi_ticker, rejection.polymarket_market_id) == (kalshi_ticker, polymarket_market_id):
            return f"{pairs_file.source} {rejection.entry}"
    return None


@dataclass(frozen=True, slots=True)
class Recorded:
    pair: MatchedPair  # the pair as the decision makes it, already stored
    paying_outcome: str | None  # approvals: the name of the outcome that pays on Kalshi YES
    warnings: tuple[str, ...]

    def describe(self, by: str) -> str:
        pair = self.pair
        if pair.status is PairStatus.APPROVED:
            return (f"approved {pair.kalshi_ticker} x {pair.polymarket_market_id} ({by}): Polymarket "
                    f"'{self.paying_outcome}' (token …{pair.polymarket_yes_token[-8:]}) pays on Kalshi YES")
        return f"rejected {pair.kalshi_ticker} x {pair.polymarket_market_id} ({by})"


def approve(store: Warehouse, kalshi_ticker: str, polymarket_market_id: str, *, by: str,
            pays_on_kalshi_yes: str | None = None, note: str | None = None, now: datetime | None = None,
            pairs_file: PairsFile | None = None) -> Recorded:
    """Approve a pair: the outcome named, else the one the matcher proposes, else "Yes", pays on
    Kalshi YES."""
    kalshi, polymarket = _markets(store, kalshi_ticker, polymarket_market_id)
    token = _paying_token(polymarket, pays_on_kalshi_yes, read_pair(store, kalshi_ticker, polymarket_market_id))
    decision = PairDecision(kalshi_ticker, polymarket_market_id, Decision.APPROVE, by, now or datetime.now(tz=UTC),
                            note.strip() if note and note.strip() else None, token)
    pair = _decided_pair(decision, kalshi, polymarket)
    write_decision(store, decision, pair)
    name = next(o.name for o in polymarket.outcomes if o.token_id == token)
    return Recorded(pair, name, _warnings(pairs_file, kalshi_ticker, polymarket_market_id))


def reject(store: Warehouse, kalshi_ticker: str, polymarket_market_id: str, *, by: str, reason: str,
           now: datetime | None = None, pairs_file: PairsFile | None = None) -> Recorded:
    if not reason or not reason.strip():
        raise ReviewError("a rejection needs --reason: the next reviewer should know why")
    kalshi, polymarket = _markets(store, kalshi_ticker, polymarket_market_id)
    decision = PairDecision(kalshi_ticker, polymarket_market_id, Decision.REJECT, by, now or datetime.now(tz=UTC),
                            reason.strip())
    pair = _decided_pair(decision, kalshi, polymarket)
    write_decision(store, decision, pair)
    return Recorded(pair, None, _warnings(pairs_file, kalshi_ticker, polymarket_market_id))


def _warnings(pairs_file: PairsFile | None, kalshi_ticker: str, polymarket_market_id: str) -> tuple[str, ...]:
    entry = _overriding_entry(pairs_file, kalshi_ticker, polymarket_market_id)
    if entry is None:
        return ()
    return (f"{entry} also decides this pair; the pairs file wins over review decisions on the next matching run",)


def withdraw(store: Warehouse, kalshi_ticker: str, polymarket_market_id: str) -> PairDecision:
    decision = delete_decision(store, kalshi_ticker, polymarket_market_id)
    if decision is None:
        raise ReviewError(f"no review decision on {kalshi_ticker} x {polymarket_market_id} to withdraw")
    return decision


def queue_text(queue: Sequence[QueuedPair], now: datetime, *, limit: int | None = None) -> str:
    summary = summarize_queue(queue, now)
    lines = [summary.describe()]
    if queue:
        lines.append("decide with: arb-pipeline review approve KALSHI POLYMARKET [--pays-on-kalshi-yes OUTCOME] "
                     "| review reject KALSHI POLYMARKET --reason TEXT")
    shown = queue if limit is None else queue[:limit]
    for index, queued in enumerate(shown, start=1):
        pair = queued.pair
        lines += [
            "",
            f"[{index}] {pair.kalshi_ticker} x {pair.polymarket_market_id}  confidence {pair.confidence:.2f}  "
            f"in review {age(now - queued.in_review_since)}" + (f"  [{pair.category}]" if pair.category else ""),
            f"    Kalshi:     {queued.kalshi_title or '(not in the catalog)'}",
            f"    Polymarket: {queued.polymarket_title or '(not in the catalog)'}",
            f"    pays on Kalshi YES per the matcher: {queued.paying_outcome or pair.polymarket_yes_token or 'none proposed'}",
            *(f"    - {reason}" for reason in pair.reasons),
        ]
    if len(shown) < len(queue):
        lines += ["", f"... {len(queue) - len(shown)} more (--limit)"]
    return "\n".join(lines) + "\n"


def decisions_text(decisions: Sequence[PairDecision]) -> str:
    if not decisions:
        return "no review decisions recorded\n"
    lines = [f"{len(decisions)} review decisions (they win over the matcher; the pairs file wins over them)"]
    for d in decisions:
        detail = f"token …{(d.pays_on_kalshi_yes or '')[-8:]} pays on Kalshi YES" if d.decision is Decision.APPROVE else "rejected"
        lines.append(f"  {d.decided_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC  {d.decided_by:<12} {d.decision.value:<7} "
                     f"{d.kalshi_ticker} x {d.polymarket_market_id}: {detail}" + (f" ({d.reason})" if d.reason else ""))
    return "\n".join(lines) + "\n"


def export_text(store: Warehouse) -> tuple[str, int]:
    """The recorded decisions as a pairs file, and how many there are."""
    decisions = read_decisions(store)
    names: dict[str, str] = {}
    for decision in decisions:
        if decision.pays_on_kalshi_yes is None:
            continue
        market = read_market(store, Venue.POLYMARKET, decision.polymarket_market_id)
        outcomes = market.outcomes if market is not None else ()
        by_token = {o.token_id: o.name for o in outcomes if o.token_id}
        name = by_token.get(decision.pays_on_kalshi_yes)
        # A name is what a person reads in the file, but only a name that picks one outcome.
        if name is not None and sum(1 for o in outcomes if o.name.strip().lower() == name.strip().lower()) == 1:
            names[decision.pays_on_kalshi_yes] = name
    return pairs_file_text(decisions, names), len(decisions)
