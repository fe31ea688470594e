"""Matching one scan shard's Kalshi markets finds exactly that shard's part of what matching every
Kalshi market finds, by construction: blocking weighs words and ranks candidates over the whole
catalog (docs/operations.md#scale-out). Checked with blocking settings under which each shard's
own word counts and rankings would give other candidates and other pairs."""

from __future__ import annotations

from arb_pipeline.app.match_eval import named_set
from arb_pipeline.domain.matching import MatchConfig, MatchReport, match_report
from arb_pipeline.domain.matching.candidates import BlockingConfig
from arb_pipeline.domain.models import MatchedPair
from arb_pipeline.domain.scan_shards import ScanShard, ShardScope

SHARDS = 3
# Few markets per word and one candidate per market: a word's count and a market's best
# counterpart then depend on which Kalshi markets blocking sees.
NARROW = MatchConfig(blocking=BlockingConfig(
    statement_max_document_frequency=3, statement_max_per_market=1,
    fallback_max_document_frequency=2, fallback_max_per_market=1,
))


def _pairs(reports: list[MatchReport]) -> list[tuple]:
    found: list[MatchedPair] = [pair for report in reports for pair in report.pairs]
    return sorted((p.kalshi_ticker, p.polymarket_market_id, p.status, p.polymarket_yes_token, p.confidence) for p in found)


def test_shards_together_match_what_one_pass_matches_where_shard_local_blocking_would_not():
    labeled = named_set("dev")
    kalshi, polymarket = list(labeled.kalshi), list(labeled.polymarket)
    scopes = [ShardScope(ScanShard(shard, SHARDS), [*kalshi, *polymarket]) for shard in range(SHARDS)]
    one_pass = match_report(kalshi, polymarket, config=NARROW)

    sharded = [match_report(kalshi, polymarket, config=NARROW, owns_kalshi=scope.owns_kalshi) for scope in scopes]
    assert _pairs(sharded) == _pairs([one_pass])
    assert sum(report.candidates for report in sharded) == one_pass.candidates
    assert sum(report.kalshi_markets for report in sharded) == one_pass.kalshi_markets
    for scope, report in zip(scopes, sharded, strict=True):
        assert report.pairs and all(scope.owns_kalshi(pair.kalshi_ticker) for pair in report.pairs)

    # The case the construction guards against: each shard blocking over its own Kalshi markets
    # alone compares other candidates and stores other pairs.
    local = [
        match_report([m for m in kalshi if scope.owns_kalshi(m.market_id)], polymarket, config=NARROW)
        for scope in scopes
    ]
    assert sum(report.candidates for report in local) != one_pass.candidates
    assert _pairs(local) != _pairs([one_pass])
