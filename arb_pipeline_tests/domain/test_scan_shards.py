"""Scan shards (domain/scan_shards.py): every market, pair and spread has exactly one owner, an
event's markets stay together, a shard's quotes cover both legs of its pairs, and a token claimed
by two shards' matchers is held for review on both sides."""

from __future__ import annotations

from dataclasses import replace

import pytest

from arb_pipeline.domain.matching.pairs_file import PairsFile, PinnedPair, RejectedPair
from arb_pipeline.domain.models import (
    Market,
    MarketStatus,
    MatchedPair,
    OpportunityKind,
    Outcome,
    PairStatus,
    PairTransform,
    Spread,
    Venue,
)
from arb_pipeline.domain.scan_shards import (
    CROSS_SHARD_HOLD,
    Placement,
    ScanShard,
    ShardScope,
    hold_cross_shard_conflicts,
    partition_keys,
)
from arb_pipeline.domain.sharding import shard_of


def market(venue: Venue, market_id: str, event: str | None = None, status: MarketStatus = MarketStatus.OPEN) -> Market:
    outcomes = (
        (Outcome("Yes", f"{market_id}-y"), Outcome("No", f"{market_id}-n"))
        if venue is Venue.POLYMARKET
        else (Outcome("Yes"), Outcome("No"))
    )
    return Market(
        venue=venue, market_id=market_id, event_id=event, series_id=None, title=market_id, subtitle=None, rules="",
        category=None, status=status, venue_status=None, outcomes=outcomes, open_time=None, close_time=None,
        expiration_time=None,
    )  # fmt: skip


def pair(ticker: str, polymarket: str, *, status: PairStatus = PairStatus.APPROVED, yes: str | None = None,
         decided_by: str = "matcher", reasons: tuple[str, ...] = (), legs: tuple[str, ...] = ()) -> MatchedPair:
    return MatchedPair(
        kalshi_ticker=ticker, polymarket_market_id=polymarket, polymarket_yes_token=yes or f"{polymarket}-y",
        polymarket_no_token=f"{polymarket}-n", confidence=0.95, status=status, reasons=reasons,
        transform=PairTransform.SUM if legs else PairTransform.IDENTITY, kalshi_tickers=legs, decided_by=decided_by,
    )  # fmt: skip


def spread(kind: OpportunityKind, kalshi: str | None, polymarket: str | None) -> Spread:
    from decimal import Decimal

    zero = Decimal(0)
    return Spread(
        kind=kind, kalshi_ticker=kalshi, polymarket_market_id=polymarket, kalshi_side=None, polymarket_token=None,
        contracts=zero, kalshi_avg_price=None, polymarket_avg_price=None, kalshi_fee=zero, polymarket_fee=zero,
        cost=zero, net_profit=zero, edge_per_contract=zero, days_to_resolution=None, apy=None, top_gross_edge=None,
        quote_received_ts=None, evaluated_at=None, is_opportunity=False, rejection_reasons=(),
    )  # fmt: skip


def world() -> tuple[list[Market], list[MatchedPair]]:
    kalshi = [market(Venue.KALSHI, f"KXEV{e}-M{m}", f"KXEV{e}") for e in range(40) for m in range(3)]
    kalshi.append(market(Venue.KALSHI, "KXLONE", None))
    kalshi.append(market(Venue.KALSHI, "KXSHUT-1", "KXSHUT", MarketStatus.CLOSED))
    polymarket = [market(Venue.POLYMARKET, str(100 + i), f"pev{i}") for i in range(90)]
    pairs = [pair(k.market_id, polymarket[i].market_id) for i, k in enumerate(kalshi[:80:2])]
    pairs.append(pair("KXEV1-M0", "150", legs=("KXEV1-M0", "KXEV1-M1")))
    pairs.append(pair("KXGONE-1", "151"))  # a ticker no stored market has
    return [*kalshi, *polymarket], pairs


@pytest.mark.parametrize("shards", [1, 2, 3, 5, 8])
def test_every_market_pair_and_spread_has_exactly_one_shard(shards: int) -> None:
    markets, pairs = world()
    scopes = [ShardScope(ScanShard(s, shards), markets, pairs) for s in range(shards)]
    for m in markets:
        assert sum(scope.owns_market(m) for scope in scopes) == 1, m.market_id
    for p in pairs:
        assert sum(scope.owns_pair(p) for scope in scopes) == 1, p.kalshi_ticker
    probes = [
        spread(OpportunityKind.CROSS_VENUE, "KXGONE-1", "151"),
        spread(OpportunityKind.KALSHI_YES_NO, "KXEV3-M2", None),
        spread(OpportunityKind.POLYMARKET_BOTH_TOKENS, None, "117"),
    ]
    for s in probes:
        assert sum(scope.owns_spread(s) for scope in scopes) == 1
    assert sorted(m.market_id for scope in scopes for m in scope.own_markets()) == sorted(m.market_id for m in markets)
    assert partition_keys(shards) == [str(s) for s in range(shards)]


@pytest.mark.parametrize("shards", [1, 3, 5])
def test_a_shard_placed_over_the_catalog_reads_only_its_own_and_its_legs_and_decides_alike(shards: int) -> None:
    markets, pairs = world()
    catalog = [Placement(m.venue, m.market_id, m.event_id, m.status) for m in markets]
    rival = pair("KXEV9-M2", "100", reasons=(CROSS_SHARD_HOLD,), status=PairStatus.REVIEW)
    read_in_full = 0
    for s in range(shards):
        whole = ShardScope(ScanShard(s, shards), markets, pairs)
        placed = ShardScope(ScanShard(s, shards), (), pairs, catalog=catalog)
        wanted = placed.markets_to_read(pairs)
        scope = placed.reading(m for m in markets if m.market_id in wanted[m.venue])
        read_in_full += len(scope.markets)
        assert [m.market_id for m in scope.own_markets()] == [m.market_id for m in whole.own_markets()]
        assert placed.own_market_ids(Venue.KALSHI) == [m.market_id for m in whole.own_markets(Venue.KALSHI)]
        assert scope.quote_instruments(pairs) == whole.quote_instruments(pairs)
        assert placed.open_ids() == whole.open_ids() == {m.market_id for m in markets if m.status is MarketStatus.OPEN}
        assert scope.hold_conflicts(pairs, [*pairs, rival]) == whole.hold_conflicts(pairs, [*pairs, rival])
        assert [placed.owns_market(m) for m in markets] == [whole.owns_market(m) for m in markets]
        assert [placed.owns_pair(p) for p in pairs] == [whole.owns_pair(p) for p in pairs]
        # What the scope holds in full is its own and its pairs' legs, nothing of the others.
        assert all(scope.owns_market(m) or any(
            m.market_id in {*p.kalshi_legs, p.polymarket_market_id} for p in scope.own_pairs(pairs)
        ) for m in scope.markets.values())  # fmt: skip
    # Together the shards read each market about once: only a pair's legs in another shard twice.
    assert len(markets) <= read_in_full <= len(markets) + 2 * len(pairs)
    with pytest.raises(ValueError, match="both a kalshi and a polymarket market"):
        ShardScope(ScanShard(0, 2), (), catalog=[*catalog, Placement(Venue.POLYMARKET, "KXLONE", None, MarketStatus.OPEN)])


def test_an_events_markets_share_a_shard_by_the_one_stable_hash() -> None:
    markets, _ = world()
    scopes = [ShardScope(ScanShard(s, 4), markets) for s in range(4)]
    for event in range(40):
        owners = {next(i for i, scope in enumerate(scopes) if scope.owns_kalshi(f"KXEV{event}-M{m}")) for m in range(3)}
        assert owners == {shard_of(f"KXEV{event}", 4)}
    # A market without an event, and a ticker no stored market has, go by their own ticker.
    assert scopes[shard_of("KXLONE", 4)].owns_kalshi("KXLONE")
    assert scopes[shard_of("KXGONE-1", 4)].owns_kalshi("KXGONE-1")
    assert scopes[shard_of("117", 4)].owns_market(next(m for m in markets if m.market_id == "117"))


def test_a_shards_quotes_hold_both_legs_of_its_pairs_and_together_every_open_market() -> None:
    markets, pairs = world()
    by_id = {m.market_id: m for m in markets}
    shards = 3
    fetched_tickers: set[str] = set()
    fetched_tokens: set[str] = set()
    for s in range(shards):
        scope = ShardScope(ScanShard(s, shards), markets, pairs)
        tickers, tokens = scope.quote_instruments(pairs)
        assert len(tickers) == len(set(tickers)) and len(tokens) == len(set(tokens))
        for p in scope.own_pairs(pairs):
            assert {leg for leg in p.kalshi_legs if leg in by_id} <= set(tickers)
            assert {p.polymarket_yes_token, p.polymarket_no_token} <= set(tokens)
        # Every book is fetched by one shard only: a pair's Polymarket market follows the pair.
        assert not fetched_tickers & set(tickers) and not fetched_tokens & set(tokens)
        fetched_tickers.update(tickers)
        fetched_tokens.update(tokens)
    open_markets = [m for m in markets if m.status is MarketStatus.OPEN]
    assert fetched_tickers == {m.market_id for m in open_markets if m.venue is Venue.KALSHI}
    assert fetched_tokens == {t for m in open_markets if m.venue is Venue.POLYMARKET for t in m.token_ids}
    assert "KXSHUT-1" not in fetched_tickers


def test_a_shard_applies_only_the_pins_and_rejections_of_its_own_kalshi_markets() -> None:
    markets, _ = world()
    pins = tuple(PinnedPair(f"pin[{i}]", (f"KXEV{i}-M0",), str(100 + i), PairTransform.IDENTITY) for i in range(10))
    rejections = tuple(RejectedPair(f"reject[{i}]", f"KXEV{i}-M1", str(120 + i), "no") for i in range(10))
    pairs_file = PairsFile(pins, rejections, "pairs.yaml")
    split = [ShardScope(ScanShard(s, 3), markets).own_pairs_file(pairs_file) for s in range(3)]
    assert sorted(p.entry for part in split for p in part.pins) == sorted(p.entry for p in pins)
    assert sorted(r.entry for part in split for r in part.rejections) == sorted(r.entry for r in rejections)
    assert {part.source for part in split} == {"pairs.yaml"}


def test_a_token_two_shards_claim_is_held_on_both_sides() -> None:
    own = [pair("KXA-1", "500"), pair("KXA-2", "501"), pair("KXA-3", "502", decided_by="pairs_file")]
    other = [pair("KXB-1", "500"), pair("KXB-3", "502")]
    held = hold_cross_shard_conflicts(own, other)
    assert held[0].status is PairStatus.REVIEW
    assert held[0].reasons[-1] == f"{CROSS_SHARD_HOLD} (KXB-1): a human picks"
    assert held[1] == own[1]  # no rival for token 501-y
    assert held[2] == own[2]  # a person's pin is never held back by the matcher's rules
    # The other side's next run sees the held pair's claim and holds its own.
    assert hold_cross_shard_conflicts(other, held)[0].status is PairStatus.REVIEW
    # A review pair the matcher itself sent to review claims nothing; another token is no rival.
    quiet = [pair("KXB-1", "500", status=PairStatus.REVIEW), pair("KXB-9", "500", yes="500-n")]
    assert hold_cross_shard_conflicts(own, quiet) == own


def test_a_claim_on_a_market_that_stopped_trading_binds_nobody() -> None:
    markets, _ = world()
    scope = ShardScope(ScanShard(0, 1), markets)
    own = [pair("KXEV0-M0", "100")]
    assert scope.hold_conflicts(own, [pair("KXSHUT-1", "100")]) == own
    # With one shard every stored pair is the shard's own: nothing is ever held.
    assert scope.hold_conflicts(own, [pair("KXEV5-M0", "100")]) == own
    two = [ShardScope(ScanShard(s, 2), markets) for s in range(2)]
    a, b = next(t for t in ("KXEV0-M0", "KXEV1-M0", "KXEV2-M0") if two[0].owns_kalshi(t)), next(
        t for t in ("KXEV0-M0", "KXEV1-M0", "KXEV2-M0", "KXEV3-M0") if two[1].owns_kalshi(t)
    )
    [held] = two[0].hold_conflicts([pair(a, "100")], [pair(b, "100")])
    assert held.status is PairStatus.REVIEW


@pytest.mark.parametrize(("shard", "shards"), [(0, 0), (2, 2), (-1, 3), (True, 2)])
def test_a_shard_outside_the_count_is_refused(shard: int, shards: int) -> None:
    with pytest.raises(ValueError, match="shard"):
        ScanShard(shard, shards)


def test_a_partition_key_names_its_shard() -> None:
    assert ScanShard.from_partition_key("2", 4) == ScanShard(2, 4)
    assert str(ScanShard(2, 4)) == "shard 2 of 4"
    with pytest.raises(ValueError, match="not a shard number"):
        ScanShard.from_partition_key("two", 4)


def test_ownership_of_a_pair_follows_its_kalshi_key_not_its_polymarket_leg() -> None:
    markets, _ = world()
    scopes = [ShardScope(ScanShard(s, 5), markets) for s in range(5)]
    base = pair("KXEV7-M1", "100")
    moved = replace(base, polymarket_market_id="189")
    assert [s.owns_pair(base) for s in scopes] == [s.owns_pair(moved) for s in scopes]


def test_a_polymarket_market_follows_its_pairs_shard_and_the_lowest_of_two() -> None:
    markets, pairs = world()
    scopes = [ShardScope(ScanShard(s, 3), markets, pairs) for s in range(3)]
    for p in pairs:
        [owner] = [s for s in scopes if s.owns_pair(p)]
        if p.polymarket_market_id in owner.markets:
            assert owner.owns_market(owner.markets[p.polymarket_market_id])
    # Paired into two shards: the lower shard owns it, and the other still fetches it for its pair.
    a, b = (next(f"KXEV{e}-M0" for e in range(40) if scopes[0].owns_kalshi(f"KXEV{e}-M0")),
            next(f"KXEV{e}-M0" for e in range(40) if scopes[2].owns_kalshi(f"KXEV{e}-M0")))
    twice = [pair(a, "180"), pair(b, "180", yes="180-n")]
    placed = [ShardScope(ScanShard(s, 3), markets, twice) for s in range(3)]
    assert [s.owns_polymarket("180") for s in placed] == [True, False, False]
    assert "180-y" in placed[2].quote_instruments(twice)[1]
    # Unpaired, a Polymarket market goes by its Gamma id.
    assert [s.owns_polymarket("181") for s in placed] == [shard_of("181", 3) == s for s in range(3)]
