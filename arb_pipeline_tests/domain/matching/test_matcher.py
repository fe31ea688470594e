"""The matcher end to end on real payloads, the cross-category labeled set and the sandbox
scenario: the real NBA pairs with the right token per team, precision and recall floors, hard
negatives never approved, and the queue a reviewer sees."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import fields, replace
from decimal import Decimal

import pytest

from arb_pipeline.app.match_eval import named_set
from arb_pipeline.domain.matching import Kind, MatchConfig, candidate_pairs, compare, match_markets, match_report, measure, read
from arb_pipeline.domain.matching.equivalence import rejects
from arb_pipeline.domain.matching.propositions import Proposition
from arb_pipeline.domain.fees import KalshiFeeSchedule, PolymarketFeeSchedule
from arb_pipeline.domain.matching.matcher import PRICE_FIELDS, _reading_key
from arb_pipeline.domain.models import Market, MatchedPair, PairStatus, TopOfBook, Venue
from arb_pipeline.venues.kalshi.parsing import parse_market, parse_markets_page
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi
from arb_pipeline_tests.domain.matching.labeled_set import (
    MATCHING,
    NEEDS_NBA_RECORDINGS,
    LabeledSet,
    labeled_set,
    nba_gold_pairs,
    nba_kalshi_markets,
    nba_polymarket_markets,
    sandbox_labeled_set,
)


def by_key(pairs: list[MatchedPair]) -> dict[tuple[str, str], MatchedPair]:
    return {(p.kalshi_ticker, p.polymarket_market_id): p for p in pairs}


@NEEDS_NBA_RECORDINGS
def test_the_real_nba_pairs_are_approved_with_each_teams_token() -> None:
    gold = nba_gold_pairs()
    assert len(gold) == 30  # 15 NBA games of the gold file are in the Polymarket recording, two Kalshi markets each
    pairs = by_key(match_markets(nba_kalshi_markets(), nba_polymarket_markets()))
    for truth in gold:
        pair = pairs.get((truth.kalshi_ticker, truth.polymarket_market_id))
        assert pair is not None, truth
        assert pair.status is PairStatus.APPROVED, pair.reasons
        assert pair.polymarket_yes_token == truth.polymarket_yes_token
        assert pair.polymarket_no_token not in ("", truth.polymarket_yes_token)
        assert pair.reasons[0].startswith("same game ")


@NEEDS_NBA_RECORDINGS
def test_the_moneyline_is_the_only_approved_market_of_a_game_event() -> None:
    pairs = match_markets(nba_kalshi_markets(), nba_polymarket_markets())
    kinds = {m.market_id: m.market_type for m in nba_polymarket_markets()}
    approved = [p for p in pairs if p.status is PairStatus.APPROVED]
    assert len(approved) == len(nba_kalshi_markets()) == 54
    assert {kinds[p.polymarket_market_id] for p in approved} == {"moneyline"}
    # Each Kalshi market keeps its nearest rejected look-alikes, with the reason.
    rejected = [p for p in pairs if p.status is PairStatus.REJECTED]
    assert rejected and all(p.reasons[0].startswith("REJECT:") for p in rejected)
    assert all(p.confidence == 0.0 and p.polymarket_yes_token == "" for p in rejected)
    assert max(Counter(p.kalshi_ticker for p in rejected).values()) <= MatchConfig().max_rejected_per_kalshi


def assert_hard_negatives_never_approved(labeled: LabeledSet, pairs: list[MatchedPair]) -> None:
    found = by_key(pairs)
    for negative in labeled.hard_negatives:
        pair = found.get((negative.kalshi_ticker, negative.polymarket_market_id))
        assert pair is None or pair.status is PairStatus.REJECTED, (negative, pair and pair.reasons)


@NEEDS_NBA_RECORDINGS
def test_labeled_set_precision_and_recall() -> None:
    labeled = labeled_set()
    pairs = match_markets(labeled.kalshi, labeled.polymarket)
    quality = measure(pairs, labeled.truth)
    assert len(labeled.truth) == 90
    assert quality.false_approved == () and quality.wrong_token == ()
    assert quality.approved.precision == 1.0
    assert quality.approved.recall >= 0.95, quality.missed
    assert quality.approved_or_review.recall >= 0.97, quality.missed
    assert_hard_negatives_never_approved(labeled, pairs)


@NEEDS_NBA_RECORDINGS
def test_labeled_hard_negatives_that_meet_are_rejected_with_the_reason() -> None:
    labeled = labeled_set()
    found = by_key(match_markets(labeled.kalshi, labeled.polymarket, config=MatchConfig(max_rejected_per_kalshi=50)))
    expected = {
        "inclusive_vs_strict": "inclusive",
        "different_station": "different station",
        "bucket_vs_cumulative": "bucket vs cumulative",
        "nominee_vs_winner": "nominee vs winner",
        "different_measure": "different measure",
        "different_source": "different source",
        "first_half_not_full_game": "first half",
    }
    seen = set()
    for negative in labeled.hard_negatives:
        pair = found.get((negative.kalshi_ticker, negative.polymarket_market_id))
        if pair is not None and negative.trap in expected:
            assert pair.status is PairStatus.REJECTED
            assert any(expected[negative.trap] in reason for reason in pair.reasons if reason.startswith("REJECT")), pair.reasons
            seen.add(negative.trap)
    assert seen == set(expected)


@NEEDS_NBA_RECORDINGS
def test_kalshi_markets_read_without_their_events_match_as_well() -> None:
    # A capture's kalshi/markets pages come without event titles or categories (events are
    # optional, docs/operations.md#capture-scan-and-stream): tickers, titles and rules must suffice.
    nba = parse_markets_page(json.loads((MATCHING / "kalshi_nba_markets_2026-01.json").read_text())).markets
    cross = [parse_market(m) for event in json.loads((MATCHING / "kalshi_events_cross_category.json").read_text())["events"]
             for m in event["markets"]]
    assert all(m.event_title is None for m in [*nba, *cross])
    labeled = labeled_set()
    quality = measure(match_markets([*nba, *cross], labeled.polymarket), labeled.truth)
    assert quality.approved.precision == 1.0 and quality.approved.recall == 1.0, quality.missed


def test_sandbox_scenario_precision_and_recall() -> None:
    labeled = sandbox_labeled_set(seed=7, size=1)
    pairs = match_markets(labeled.kalshi, labeled.polymarket)
    quality = measure(pairs, labeled.truth)
    assert quality.false_approved == () and quality.wrong_token == ()
    assert quality.approved.precision == 1.0
    # The misses are deliberate: Polymarket's relative Fed decisions ("No change") cannot be tied to
    # Kalshi's absolute levels without the pre-meeting rate, and a Democratic and a Republican
    # market are no complements where a third candidate can win.
    assert quality.approved.recall >= 0.85, quality.missed
    missed_kalshi = {k for k, _ in quality.missed}
    assert all(k.startswith(("KXFED", "KXSEN", "KXGOV")) for k in missed_kalshi), missed_kalshi
    assert_hard_negatives_never_approved(labeled, pairs)


def test_confidence_is_in_unit_range_and_only_full_confidence_is_approved() -> None:
    labeled = sandbox_labeled_set(seed=7, size=1)
    config = MatchConfig()
    pairs = match_markets(labeled.kalshi, labeled.polymarket, config=config)
    approved = [pair for pair in pairs if pair.status is PairStatus.APPROVED]
    # Every truth pair the matcher finds, and hundreds of compared look-alikes besides.
    assert len(approved) >= 150 and len(pairs) >= 2 * len(approved)
    for pair in pairs:
        assert 0.0 <= pair.confidence <= 1.0
        assert pair.reasons
    for pair in approved:
        assert pair.confidence >= config.auto_approve_confidence
        assert not any(r.startswith("REJECT") or "not understood" in r for r in pair.reasons)


@NEEDS_NBA_RECORDINGS
def test_a_stricter_threshold_sends_pairs_to_review_instead() -> None:
    labeled = labeled_set()
    strict = match_markets(labeled.kalshi, labeled.polymarket, config=MatchConfig(auto_approve_confidence=1.0))
    statuses = Counter(p.status for p in strict)
    assert statuses[PairStatus.REVIEW] > 0 and statuses[PairStatus.APPROVED] > 0
    assert all(p.confidence == 1.0 for p in strict if p.status is PairStatus.APPROVED)


def test_two_polymarket_markets_that_both_qualify_go_to_review() -> None:
    k = kalshi("KXCPIYOY-25DEC-T3.0", title="Will CPI inflation be above 3.0% in Dec 2025?", yes_sub_title="Above 3.0%",
               strike_type="greater", floor=3.0, close_time="2026-01-13T13:25:00Z",
               rules="The year-over-year change in CPI-U as first published by the Bureau of Labor Statistics, to one decimal place.")
    twins = [gamma(market_id, question="Will annual inflation be above 3.0% in December 2025?", end="2026-01-13T13:30:00Z",
                   description="CPI-U as first published by the Bureau of Labor Statistics, to one decimal place.")
             for market_id in ("700", "701")]
    pairs = match_markets([k], twins)
    assert [p.status for p in pairs] == [PairStatus.REVIEW, PairStatus.REVIEW]
    assert all("several Polymarket markets qualify for this Kalshi market (700, 701): a human picks" in p.reasons
               for p in pairs)


def test_of_two_qualifying_polymarket_markets_the_one_that_assumes_nothing_is_approved() -> None:
    k = kalshi("KXCPIYOY-26MAY-T3.0", title="CPI year-over-year in May 2026: Above 3.0%", yes_sub_title="Above 3.0%",
               event_title="CPI year-over-year in May 2026", strike_type="greater", floor=3.0, close_time="2026-06-10T12:30:00Z",
               rules="If the year-over-year change in the CPI for May 2026, as released by the BLS, is above 3.0%, then "
                     "the market resolves to Yes.")
    stated = gamma("710", question="Will May 2026 CPI inflation be above 3.0%?", end="2026-06-10T12:30:00Z",
                   description='Resolves "Yes" if the year-over-year CPI inflation for May 2026, as released by the BLS, '
                               'is above 3.0%.')
    # Equal to the Kalshi market only on a one-decimal grid its rules do not state.
    on_a_grid = gamma("711", question="Will May 2026 CPI inflation be 3.1% or higher?", end="2026-06-10T12:30:00Z",
                      description='Resolves "Yes" if the year-over-year CPI inflation for May 2026, as released by the BLS, '
                                  'is 3.1% or higher.')
    pairs = {p.polymarket_market_id: p for p in match_markets([k], [on_a_grid, stated])}
    assert pairs["710"].status is PairStatus.APPROVED
    assert pairs["711"].status is PairStatus.REVIEW
    assert "Polymarket 710 states this Kalshi market with fewer assumptions: a human picks" in pairs["711"].reasons


def test_parlays_are_skipped_and_venues_are_checked() -> None:
    parlay = kalshi("KXMVECROSSCATEGORY-S2026-ABC", title="yes Boston,yes Miami", category="Sports")
    assert match_report([parlay], []).kalshi_markets == 0
    with pytest.raises(ValueError, match="is a polymarket market, passed as kalshi"):
        match_markets([gamma("1", question="Q?")], [])


def test_match_config_rejects_inconsistent_thresholds() -> None:
    with pytest.raises(ValueError, match="review_confidence <= auto_approve_confidence"):
        MatchConfig(auto_approve_confidence=0.5, review_confidence=0.8)


@NEEDS_NBA_RECORDINGS
def test_every_labeled_market_is_read_by_a_known_shape() -> None:
    labeled = labeled_set()
    unread = [m.market_id for m in labeled.kalshi if read(m).kind is Kind.UNKNOWN]
    assert unread == []
    assert all(m.venue is Venue.KALSHI for m in labeled.kalshi)


def _repriced(market: Market) -> Market:
    """The same market with every price, fee and tick size changed."""
    return replace(
        market,
        fee=KalshiFeeSchedule(multiplier=Decimal("3")) if market.venue is Venue.KALSHI else PolymarketFeeSchedule(),
        top_of_book=TopOfBook(bid=Decimal("0.01"), ask=Decimal("0.99"), bid_size=Decimal(1), ask_size=Decimal(2),
                              last=Decimal("0.5")),
        tick_size=Decimal("0.001"),
        outcomes=tuple(replace(outcome, display_price=Decimal("0.123")) for outcome in market.outcomes),
    )


def test_a_reading_ignores_prices_fees_and_tick_sizes_which_the_reading_cache_leaves_out_of_its_key() -> None:
    """The matcher reads a market once for as long as its key is unchanged, and its key leaves out
    what moves all day: that is right only while no reading depends on those fields."""
    assert PRICE_FIELDS <= {f.name for f in fields(Market) if f.compare}
    # The project's own sets (no public recording needed, so the test stands on any clone).
    dev, sandbox = named_set("dev"), sandbox_labeled_set()
    markets = [*dev.kalshi, *dev.polymarket, *sandbox.kalshi, *sandbox.polymarket]
    assert len(markets) > 500
    for market in markets:
        repriced = _repriced(market)
        assert repriced != market and _reading_key(repriced) == _reading_key(market)
        assert _settled(read(repriced)) == _settled(read(market)), market.market_id


def _settled(proposition: Proposition) -> tuple[object, ...]:
    """A proposition with its frame's lazy parts read (the frame holds the functions that read
    them, which compare by identity)."""
    frame = proposition.frame
    rest = tuple(getattr(proposition, f.name) for f in fields(proposition) if f.name != "frame")
    return rest, (dict(frame.axes), frame.negated, frame.words, frame.names, frame.context, frame.rules)


def test_a_pair_rejected_on_its_kinds_measures_or_numbers_alone_is_rejected_with_the_full_comparisons_reasons() -> None:
    """The matcher compares such a pair in full only when it keeps it as a near miss: right only
    while ``rejects`` never says what ``compare`` would not, and a kept one carries every reason."""
    for labeled in (named_set("dev"), named_set("holdout"), sandbox_labeled_set()):
        kalshi, polymarket = [read(m) for m in labeled.kalshi], [read(m) for m in labeled.polymarket]
        told = [(k, p) for k, p in candidate_pairs(kalshi, polymarket) if rejects(kalshi[k], polymarket[p])]
        verdicts = {(kalshi[k].market_id, polymarket[p].market_id): compare(kalshi[k], polymarket[p]) for k, p in told}
        assert verdicts and all(verdict.rejected for verdict in verdicts.values())
        kept = [pair for pair in match_markets(labeled.kalshi, labeled.polymarket)
                if (pair.kalshi_ticker, pair.polymarket_market_id) in verdicts]
        assert kept
        for pair in kept:
            verdict = verdicts[(pair.kalshi_ticker, pair.polymarket_market_id)]
            assert pair.status is PairStatus.REJECTED and pair.reasons[:-1] == verdict.reasons
