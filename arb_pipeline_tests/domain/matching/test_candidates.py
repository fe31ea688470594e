"""Blocking: far fewer candidates than all pairs, and never a true pair dropped."""

from __future__ import annotations

from arb_pipeline.domain.matching import candidate_pairs, read
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi
from arb_pipeline_tests.domain.matching.labeled_set import (
    NEEDS_NBA_RECORDINGS,
    LabeledSet,
    labeled_set,
    sandbox_labeled_set,
)


def candidate_keys(labeled: LabeledSet) -> tuple[set[tuple[str, str]], int]:
    kalshi_features = [read(m) for m in labeled.kalshi]
    polymarket_features = [read(m) for m in labeled.polymarket]
    pairs = candidate_pairs(kalshi_features, polymarket_features)
    keys = {(kalshi_features[k].market_id, polymarket_features[p].market_id) for k, p in pairs}
    assert len(keys) == len(pairs), "each candidate pair is produced once"
    return keys, len(pairs)


@NEEDS_NBA_RECORDINGS
def test_blocking_keeps_every_true_pair_of_the_labeled_set() -> None:
    labeled = labeled_set()
    keys, count = candidate_keys(labeled)
    assert {(t.kalshi_ticker, t.polymarket_market_id) for t in labeled.truth} <= keys
    all_pairs = len(labeled.kalshi) * len(labeled.polymarket)
    assert count < all_pairs / 50, (count, all_pairs)


def test_blocking_keeps_every_true_pair_of_the_sandbox() -> None:
    labeled = sandbox_labeled_set(seed=7, size=1)
    keys, count = candidate_keys(labeled)
    kalshi_by_id = {m.market_id: m for m in labeled.kalshi}
    polymarket_by_id = {m.market_id: m for m in labeled.polymarket}
    dropped = [(t.kalshi_ticker, t.polymarket_market_id) for t in labeled.truth
               if (t.kalshi_ticker, t.polymarket_market_id) not in keys]
    # Only the sandbox's Democratic-vs-Republican "complements" are not compared: a race market
    # meets the other venue's markets on its own candidate or party (a third candidate can win,
    # so another party's market is never its complement).
    for kalshi_ticker, polymarket_id in dropped:
        k, p = read(kalshi_by_id[kalshi_ticker]), read(polymarket_by_id[polymarket_id])
        assert k.topic == "election" and k.selection != next(t.selection for t in p.outcomes if not t.negated)
    assert count < len(labeled.kalshi) * len(labeled.polymarket) / 20


def test_markets_the_reader_does_not_understand_meet_through_rare_shared_words() -> None:
    k = kalshi("KXMOVIE-26JAN-T70", title="Will The Long Meridian gross over $70M opening weekend?", category="Culture")
    same = gamma("1", question="Will The Long Meridian gross over $70M opening weekend?")
    other = gamma("2", question="Will Northwind AI have the best AI model at the end of January 2026?")
    pairs = candidate_pairs([read(k)], [read(same), read(other)])
    assert pairs == [(0, 0)]


def test_undated_markets_meet_every_market_of_their_block() -> None:
    dated = kalshi("KXCPIYOY-25DEC-T3.0", title="Will CPI inflation be above 3.0% in Dec 2025?", strike_type="greater",
                   floor=3.0, close_time="2026-01-13T13:25:00Z")
    other_month = gamma("3", question="Will annual CPI inflation be above 3.0% in November 2025?", end="2025-12-18T13:30:00Z")
    undated = gamma("4", question="Will annual CPI inflation be above 3.0%?", end="2026-01-13T13:30:00Z")
    assert not read(undated).when.stated
    assert candidate_pairs([read(dated)], [read(other_month), read(undated)]) == [(0, 1)]


def test_statements_sharing_one_word_and_their_day_meet() -> None:
    k = kalshi("KXGAZACEASEFIRE-26MAR31-HOLD", title="Gaza ceasefire holds?", yes_sub_title="Holds through Mar 31",
               category="World", close_time="2026-03-31T23:00:00Z",
               rules="If the Israel-Hamas ceasefire in Gaza remains in effect through Mar 31, 2026, then the market resolves to Yes.")
    same_day = gamma("5", question="Israel x Hamas ceasefire breaks down by March 31?", end="2026-03-31T23:00:00Z")
    other_day = gamma("6", question="Israel x Hamas ceasefire breaks down by June 30?", end="2026-06-30T23:00:00Z")
    assert candidate_pairs([read(k)], [read(same_day), read(other_day)]) == [(0, 0)]
