"""The large labeled sets (fixtures/matching/labeled/{dev,holdout}) are well formed: every payload
is in the venues' current wire shape and parses with the venue parsers, every label applies, and
the two parts share no market."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from arb_pipeline.app.match_eval import named_set
from arb_pipeline.domain.matching.evaluation import Relation
from arb_pipeline_tests.domain.matching.labeled_builder import (
    AuthoringError,
    _check_keys,
    gamma_market_id,
    labeled_document,
)

KALSHI_WIRE_FIELDS = {
    "ticker", "event_ticker", "market_type", "yes_sub_title", "no_sub_title", "open_time", "close_time",
    "expected_expiration_time", "latest_expiration_time", "status", "yes_bid_dollars", "yes_ask_dollars",
    "no_bid_dollars", "no_ask_dollars", "yes_bid_size_fp", "yes_ask_size_fp", "last_price_dollars", "volume_fp",
    "open_interest_fp", "notional_value_dollars", "result", "strike_type", "floor_strike", "cap_strike",
    "rules_primary", "rules_secondary", "price_level_structure", "price_ranges",
}  # fmt: skip
GAMMA_WIRE_FIELDS = {
    "id", "question", "conditionId", "slug", "description", "outcomes", "outcomePrices", "clobTokenIds", "endDate",
    "active", "closed", "acceptingOrders", "negRisk", "feesEnabled", "orderPriceMinTickSize", "volume", "liquidity",
}  # fmt: skip


def kalshi_markets(document: dict) -> list[dict]:
    return [m for record in document["kalshi"] for m in ([record] if "ticker" in record else record["markets"])]


def gamma_markets(document: dict) -> list[dict]:
    return [m for record in document["polymarket"] for m in ([record] if "question" in record else record["markets"])]


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_every_market_and_label_of_the_set_is_read(split: str) -> None:
    labeled = named_set(split)
    assert labeled.problems == ()
    document = labeled_document(split)
    assert len(labeled.labels) == len(document["labels"])
    assert len(labeled.kalshi) == len(kalshi_markets(document))
    assert len(labeled.polymarket) == len(gamma_markets(document))


def test_the_sets_are_large_and_varied() -> None:
    dev, holdout = named_set("dev"), named_set("holdout")
    assert dev.true_pairs >= 220 and dev.negatives >= 220
    assert holdout.true_pairs >= 100 and holdout.negatives >= 100
    assert dev.true_pairs + holdout.true_pairs >= 330 and dev.negatives + holdout.negatives >= 330
    labels = dev.labels + holdout.labels
    assert len({label.category for label in labels}) >= 14
    assert len({label.trap for label in labels if label.trap}) >= 20
    relations = Counter(label.relation for label in labels)
    assert relations[Relation.INVERSE] >= 15
    # Holdout keeps categories and phrasings the development part never shows.
    only_in_holdout = {label.category for label in holdout.labels} - {label.category for label in dev.labels}
    assert len(only_in_holdout) >= 2, only_in_holdout


def test_dev_and_holdout_share_no_market_and_no_label() -> None:
    dev, holdout = named_set("dev"), named_set("holdout")
    assert not {m.market_id for m in dev.kalshi} & {m.market_id for m in holdout.kalshi}
    assert not {m.market_id for m in dev.polymarket} & {m.market_id for m in holdout.polymarket}
    assert len(named_set("all").labels) == len(dev.labels) + len(holdout.labels)


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_payloads_are_in_the_venues_current_wire_shapes(split: str) -> None:
    document = labeled_document(split)
    kalshi, gamma = kalshi_markets(document), gamma_markets(document)
    assert kalshi and gamma
    for market in kalshi:
        assert KALSHI_WIRE_FIELDS <= set(market), market["ticker"]
        assert market["ticker"].startswith(market["event_ticker"] + "-")
    for market in gamma:
        assert GAMMA_WIRE_FIELDS <= set(market), market["id"]
        # Gamma sends these lists as JSON text inside JSON.
        assert isinstance(market["outcomes"], str) and isinstance(market["clobTokenIds"], str)
        assert len(json.loads(market["outcomes"])) == len(json.loads(market["clobTokenIds"]))
    # Both ways each venue serves a market: nested in events and on their own.
    assert any("ticker" in record for record in document["kalshi"])
    assert any("markets" in record for record in document["kalshi"])
    assert any("question" in record and record.get("events") for record in document["polymarket"])
    assert any("markets" in record for record in document["polymarket"])
    # Kalshi's deprecated title is sometimes absent; Polymarket outcomes are not always Yes/No.
    assert any("title" not in market for market in kalshi)
    assert any(json.loads(market["outcomes"]) != ["Yes", "No"] for market in gamma)


def test_true_pairs_name_the_paying_token_and_negatives_their_trap() -> None:
    labeled = named_set("all")
    outcomes = {m.market_id: {o.token_id: o.name for o in m.outcomes} for m in labeled.polymarket}
    for label in labeled.labels:
        assert label.reason, label
        if label.is_true_pair:
            assert label.pays_token in outcomes[label.polymarket_market_id]
            assert label.trap is None
        else:
            assert label.trap and label.pays_token is None
    inverse = [label for label in labeled.labels if label.relation is Relation.INVERSE]
    assert inverse and all(outcomes[label.polymarket_market_id][label.pays_token] == "No" for label in inverse)


def test_the_builder_names_the_entry_it_cannot_read() -> None:
    with pytest.raises(AuthoringError, match="somewhere: unknown key"):
        _check_keys({"ticker": "X", "colour": "blue"}, {"ticker"}, "somewhere")
    assert gamma_market_id("a-slug") == gamma_market_id("a-slug") != gamma_market_id("another-slug")
