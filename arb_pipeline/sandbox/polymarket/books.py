"""What the CLOB reports about a token's book besides its levels: the state number behind its
hash and its last trade price. The REST routes and the WebSocket feed share one record, so both
give the same hash and the same last trade for the same state."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from arb_pipeline.sandbox.polymarket.catalog import PolymarketCatalog
from arb_pipeline.sandbox.polymarket.wire import book_hash
from arb_pipeline.venues.wire import to_decimal


class BookStates:
    def __init__(self, catalog: PolymarketCatalog) -> None:
        self.last_trade: dict[str, Decimal] = {}
        self._versions: dict[str, int] = {}
        for token, info in catalog.tokens.items():
            last = info.market.get("lastTradePrice")
            # Gamma's lastTradePrice is the first outcome's; the other token trades at 1 - it.
            if last is not None:
                price = to_decimal(last, "lastTradePrice")
                self.last_trade[token] = price if info.outcome_index == 0 else 1 - price

    def changed(self, tokens: Iterable[str]) -> None:
        """Each of ``tokens`` moved to a new book state."""
        for token in dict.fromkeys(tokens):
            self._versions[token] = self._versions.get(token, 0) + 1

    def hash(self, token_id: str) -> str:
        """The hash of the token's current book state."""
        return book_hash(token_id, self._versions.get(token_id, 0))
