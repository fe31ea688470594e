"""A market as the world holds it: its wire object, what it pays on, and its book.

The wire object is the venue's JSON (current format, docs/venues.md#kalshi-markets and
#polymarket-gamma-catalog) and is the same dict the server returns, so when the book moves or the
market settles the fields a client reads (``yes_bid_dollars``, ``bestBid``, ``status``,
``outcomePrices``...) move with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from arb_pipeline.domain.models import KalshiFeeSchedule, PolymarketFeeSchedule, Venue
from arb_pipeline.sandbox.scenario.formats import (
    count_fp,
    dollars,
    game_start_time,
    gamma_number,
    gamma_price,
    iso_z,
    json_in_string,
)
from arb_pipeline.sandbox.scenario.ladders import QuotedBook, best_ask, top_size
from arb_pipeline.sandbox.scenario.outcomes import Predicate, Quantity

# Quotes stay inside [1%, 99%]: a book needs a tick on each side of fair value.
LOWEST_FAIR = 10
HIGHEST_FAIR = 990

# Kalshi reports a market "determined" when the result is known and "finalized" once paid out
# (market.status vocabulary, docs/venues.md#kalshi-markets); the world pays out this long after.
SETTLEMENT_DELAY = timedelta(minutes=5)


@dataclass(eq=False)
class Listing:
    venue: Venue
    market_id: str  # Kalshi ticker, or Gamma market id
    market: dict[str, Any]
    event: dict[str, Any]
    quantity: Quantity
    predicate: Predicate  # Kalshi YES, or Polymarket outcome 0, pays when this holds
    category: str
    book: QuotedBook
    quoted: bool  # False: an open market nobody quotes (its book stays empty)
    outcomes: tuple[str, str]  # ("yes", "no"), or the Gamma outcome names
    tokens: tuple[str, str] | None = None
    fees: KalshiFeeSchedule | PolymarketFeeSchedule = PolymarketFeeSchedule()  # what a taker pays here
    phrasing: str | None = None  # how a Polymarket market words a question Kalshi also lists
    pinned: bool = False  # its book is held in place by planted arbitrage
    settled: bool = False

    def fair(self) -> int:
        """Mills of the chance that outcome 0 (Kalshi YES) pays."""
        mills = round(1000 * self.quantity.probability(self.predicate))
        return min(HIGHEST_FAIR, max(LOWEST_FAIR, mills))

    @property
    def kalshi_fees(self) -> KalshiFeeSchedule:
        if not isinstance(self.fees, KalshiFeeSchedule):
            raise ValueError(f"{self.venue} market {self.market_id} has no Kalshi series fee schedule")
        return self.fees

    @property
    def polymarket_fees(self) -> PolymarketFeeSchedule:
        if not isinstance(self.fees, PolymarketFeeSchedule):
            raise ValueError(f"{self.venue} market {self.market_id} has no Gamma fee schedule")
        return self.fees

    @property
    def token_pair(self) -> tuple[str, str]:
        """Polymarket outcome 0's and outcome 1's token ids."""
        if self.tokens is None:
            raise ValueError(f"Kalshi market {self.market_id} has no outcome tokens")
        return self.tokens

    def refresh_quotes(self) -> None:
        if self.venue is Venue.KALSHI:
            self._refresh_kalshi_quotes()
        else:
            self._refresh_gamma_quotes()

    def _refresh_kalshi_quotes(self) -> None:
        # An empty side reads as price 0 (bid) or 1 (ask) with size "0.00" (docs/venues.md#kalshi-markets).
        market, book = self.market, self.book
        yes_bid, no_bid = book.best(0), book.best(1)
        market["yes_bid_dollars"] = dollars(yes_bid or 0)
        market["no_bid_dollars"] = dollars(no_bid or 0)
        market["yes_ask_dollars"] = dollars(1000 - no_bid if no_bid else 1000)
        market["no_ask_dollars"] = dollars(1000 - yes_bid if yes_bid else 1000)
        market["yes_bid_size_fp"] = count_fp(top_size(book, 0))
        market["yes_ask_size_fp"] = count_fp(top_size(book, 1))

    def _refresh_gamma_quotes(self) -> None:
        # Gamma drops bestBid/bestAsk when a side is empty (docs/venues.md#polymarket-gamma-catalog).
        market, book = self.market, self.book
        bid, ask = book.best(0), best_ask(book, 0)
        for key, value in (("bestBid", bid), ("bestAsk", ask)):
            if value is None:
                market.pop(key, None)
            else:
                market[key] = gamma_number(value)
        if bid is not None and ask is not None:
            market["spread"] = gamma_number(ask - bid)
            shown = (bid + ask) // 2
        else:
            market.pop("spread", None)
            shown = self.fair()
        # Display prices only (docs/venues.md#polymarket-gamma-catalog): the midpoint, or fair value with a side empty.
        market["outcomePrices"] = json_in_string([gamma_price(shown), gamma_price(1000 - shown)])

    def settle(self, pays_outcome_zero: bool, moment: datetime) -> str:
        """Write the result into the wire object; returns the winning outcome's name."""
        self.settled = True
        if self.venue is Venue.KALSHI:
            result = "yes" if pays_outcome_zero else "no"
            self.market.update(
                status="determined",
                result=result,
                settlement_value_dollars=dollars(1000 if pays_outcome_zero else 0),
                last_price_dollars=dollars(1000 if pays_outcome_zero else 0),
                yes_bid_dollars=dollars(0),
                yes_ask_dollars=dollars(1000),
                no_bid_dollars=dollars(0),
                no_ask_dollars=dollars(1000),
                yes_bid_size_fp=count_fp(0),
                yes_ask_size_fp=count_fp(0),
            )
            return result
        winner = 0 if pays_outcome_zero else 1
        self.market.update(
            closed=True,
            acceptingOrders=False,
            # Resolved markets show outcomePrices ["1","0"] (docs/venues.md#polymarket-gamma-catalog).
            outcomePrices=json_in_string(["1", "0"] if winner == 0 else ["0", "1"]),
            umaResolutionStatus="resolved",
            umaResolutionStatuses=json_in_string(["resolved"]),
            closedTime=game_start_time(moment),
            lastTradePrice=1 if winner == 0 else 0,
        )
        for key in ("bestBid", "bestAsk", "spread"):
            self.market.pop(key, None)
        return self.outcomes[winner]

    def finalize(self, moment: datetime) -> None:
        """Kalshi pays out: status "finalized" with the settlement time."""
        self.market.update(status="finalized", settlement_ts=iso_z(moment))

    @property
    def winning_token(self) -> str | None:
        if self.tokens is None or not self.settled:
            return None
        return self.tokens[0] if self.market["outcomePrices"] == json_in_string(["1", "0"]) else self.tokens[1]
