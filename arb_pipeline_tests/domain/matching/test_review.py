"""Review decisions as pins and rejections: the pairs file wins on a pair both decide, an approval
pins the exact token whatever the outcomes are called, the export reads back as a pairs file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from arb_pipeline.domain.matching.pairs_file import apply_pairs_file, parse_pairs_file
from arb_pipeline.domain.matching.review import (
    REVIEW_DECIDER,
    Decision,
    PairDecision,
    QueuedPair,
    age,
    pairs_file_text,
    summarize_queue,
    with_review_decisions,
)
from arb_pipeline.domain.models import MatchedPair, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named

T0 = datetime(2026, 2, 5, 14, 30, tzinfo=UTC)
KALSHI = kalshi("KXNBAGAME-26FEB05BOSNYK-BOS", title="Boston at New York Winner?", yes_sub_title="Boston",
                rules="If Boston wins the Boston at New York game, then the market resolves to Yes.")
POLYMARKET = gamma("1200001", question="Celtics vs. Knicks", outcomes=("Celtics", "Knicks"),
                   description="If the Celtics win, \"Celtics\". If the Knicks win, \"Knicks\".")
CATALOGS = ({KALSHI.market_id: KALSHI}, {POLYMARKET.market_id: POLYMARKET})


def approve(token: str, **changes: object) -> PairDecision:
    values = {"decided_by": "alice", "decided_at": T0, "reason": "Boston is the Celtics"} | changes
    return PairDecision(KALSHI.market_id, POLYMARKET.market_id, Decision.APPROVE, pays_on_kalshi_yes=token, **values)


def test_an_approval_pins_the_named_token_and_is_decided_in_review() -> None:
    knicks = token_named(POLYMARKET, "Knicks")
    pairs_file, overridden = with_review_decisions(None, [approve(knicks)])
    assert overridden == ()
    [pinned] = apply_pairs_file(pairs_file, *CATALOGS).pairs
    assert (pinned.status, pinned.decided_by, pinned.confidence) == (PairStatus.APPROVED, REVIEW_DECIDER, 1.0)
    assert (pinned.polymarket_yes_token, pinned.polymarket_no_token) == (knicks, token_named(POLYMARKET, "Celtics"))
    assert pinned.reasons == (
        "pinned in review (approved by alice on 2026-02-05 14:30 UTC): identity (KXNBAGAME-26FEB05BOSNYK-BOS); "
        "Polymarket 'Knicks' pays on Kalshi YES",
        "note: Boston is the Celtics",
    )


def test_a_rejection_keeps_the_pair_out_with_the_reason() -> None:
    rejection = PairDecision(KALSHI.market_id, POLYMARKET.market_id, Decision.REJECT, "bob", T0, "overtime rules differ")
    [rejected] = apply_pairs_file(with_review_decisions(None, [rejection])[0], *CATALOGS).pairs
    assert (rejected.status, rejected.decided_by, rejected.polymarket_yes_token) == (PairStatus.REJECTED, REVIEW_DECIDER, "")
    assert rejected.reasons == ("REJECT: rejected in review (rejected by bob on 2026-02-05 14:30 UTC): overtime rules differ",)


def test_the_pairs_file_wins_on_a_pair_both_decide() -> None:
    pairs_file = parse_pairs_file(f"reject:\n  - kalshi: {KALSHI.market_id}\n    polymarket: \"{POLYMARKET.market_id}\"\n",
                                  source="pairs.yaml")
    other = PairDecision("KXOTHER-1", "1200002", Decision.REJECT, "bob", T0, "different game")
    combined, overridden = with_review_decisions(pairs_file, [approve(token_named(POLYMARKET, "Celtics")), other])
    assert [(r.kalshi_ticker, r.decided_by) for r in combined.rejections] == [(KALSHI.market_id, "pairs_file"),
                                                                               ("KXOTHER-1", REVIEW_DECIDER)]
    assert combined.pins == () and combined.source == "pairs.yaml"
    assert overridden == ("review (approved by alice on 2026-02-05 14:30 UTC) on KXNBAGAME-26FEB05BOSNYK-BOS x 1200001 "
                          "is overridden by pairs.yaml reject[0]",)
    # Entries of both origins are applied; the ones on markets outside the catalogs are reported.
    applied = apply_pairs_file(combined, *CATALOGS)
    assert [p.decided_by for p in applied.pairs] == ["pairs_file"]
    assert applied.issues == ("review (rejected by bob on 2026-02-05 14:30 UTC): Kalshi market KXOTHER-1 is not in the "
                              "catalog; entry skipped",
                              "review (rejected by bob on 2026-02-05 14:30 UTC): Polymarket market 1200002 is not in "
                              "the catalog; entry skipped")


def test_the_export_reads_back_as_a_pairs_file_that_pins_the_same_token() -> None:
    celtics = token_named(POLYMARKET, "Celtics")
    decisions = [approve(celtics),
                 PairDecision("KXNBAGAME-26FEB05BOSNYK-NYK", POLYMARKET.market_id, Decision.REJECT, "bob", T0, "wrong side")]
    text = pairs_file_text(decisions, {celtics: "Celtics"})
    exported = parse_pairs_file(text, source="export")
    [pin], [rejection] = exported.pins, exported.rejections
    assert (pin.pays_on_kalshi_yes, pin.note) == ("Celtics", "approved in review by alice on 2026-02-05: Boston is the Celtics")
    assert rejection.reason == "wrong side (rejected in review by bob on 2026-02-05)"
    [pinned] = apply_pairs_file(parse_pairs_file(pairs_file_text(decisions[:1], {})), *CATALOGS).pairs
    assert pinned.polymarket_yes_token == celtics  # a token id is a valid pays_on_kalshi_yes too
    assert parse_pairs_file(pairs_file_text([], {})).pins == ()


def test_a_decision_is_complete_or_refused() -> None:
    with pytest.raises(ValueError, match="names the Polymarket token"):
        approve("")
    with pytest.raises(ValueError, match="carries a reason and no token"):
        PairDecision("K", "1", Decision.REJECT, "bob", T0)
    with pytest.raises(ValueError, match="say who decided"):
        approve("111", decided_by=" ")
    with pytest.raises(ValueError, match="time zone"):
        approve("111", decided_at=datetime(2026, 2, 5))


def test_the_queue_summary_gives_its_size_and_the_oldest_wait() -> None:
    pair = MatchedPair("K", "1", "y", "n", 0.6, PairStatus.REVIEW, ("unsure",))
    queue = [QueuedPair(pair, T0 + timedelta(hours=5)), QueuedPair(pair, T0)]
    summary = summarize_queue(queue, T0 + timedelta(days=3, hours=2))
    assert (summary.size, summary.oldest_since, summary.oldest_age) == (2, T0, timedelta(days=3, hours=2))
    assert summary.describe() == "2 pairs pending; the oldest waits since 2026-02-05 14:30 UTC (3d 2h)"
    assert summarize_queue([], T0).describe() == "review queue empty"
    assert [age(timedelta(minutes=m)) for m in (0, 59, 60, 47 * 60 + 59, 48 * 60)] == ["0m", "59m", "1h", "47h", "2d 0h"]
