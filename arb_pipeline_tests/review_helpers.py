"""Shared by the review tests: a warehouse catalog taken from the development labeled set (real
queues, quick to match) and a pending pair whose Polymarket market has Yes/No outcomes."""

from __future__ import annotations

from arb_pipeline.app.match_eval import named_set
from arb_pipeline.domain.models import Market, Venue
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import read_market
from arb_pipeline.warehouse.pairs import read_review_queue

# Categories whose pairs leave at least five in review: as the matcher approves more, a category is
# added rather than the queue's tests weakened.
CATEGORIES = ("tournament_winners", "central_banks", "entertainment", "geopolitics", "weather")


def labeled_markets(categories: tuple[str, ...]) -> tuple[list[Market], list[Market]]:
    """The development set's markets of some categories: enough for a real queue, quick to match."""
    labeled = named_set("dev")
    ids = {key for label in labeled.labels if label.category in categories for key in label.key}
    return [m for m in labeled.kalshi if m.market_id in ids], [m for m in labeled.polymarket if m.market_id in ids]


def queued_yes_no(store: Warehouse, index: int = 0) -> tuple[str, str, dict[str, str]]:
    """A pair in review whose Polymarket market has Yes/No outcomes: (ticker, market id, token by name)."""
    found = []
    for queued in read_review_queue(store):
        market = read_market(store, Venue.POLYMARKET, queued.pair.polymarket_market_id)
        assert market is not None
        names = {o.name: o.token_id for o in market.outcomes}
        if set(names) == {"Yes", "No"} and queued.pair.polymarket_yes_token:
            found.append((queued.pair.kalshi_ticker, queued.pair.polymarket_market_id, names))
    assert len(found) > index
    return found[index]
