"""The live evaluation's kept screen: each pair's verdict from its legs' best asks, recomputed only
when a changed book's ask moved, must always be what screening the pair afresh says."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal

from arb_pipeline.domain.books import TICKS_PER_DOLLAR
from arb_pipeline.domain.models import MatchedPair, PairStatus, PairTransform
from arb_pipeline.domain.spreads import Thresholds, pair_has_top_edge
from arb_pipeline.streamer.evaluation import LiveEvaluator
from arb_pipeline.streamer.pairs import WatchSet

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
THRESHOLDS = Thresholds(
    min_net_edge=Decimal("0.01"), min_apy=Decimal("0.10"), min_contracts=Decimal(1), max_quote_age_s=10.0,
    min_net_profit=Decimal(0),
)


class AskFeed:
    """Books reduced to their best asks in ticks; no book is live, so a walk finds nothing and
    counts its directions."""

    def __init__(self) -> None:
        self.asks: dict[tuple[str, str | None], int | None] = {}

    def book(self, instrument, observed_at):
        return None

    def times(self, instrument):
        return None, None

    def best_ask(self, instrument, side):
        return self.asks.get((instrument, side))


def _pair(market: str, tickers: tuple[str, ...], yes: str, no: str) -> MatchedPair:
    return MatchedPair(
        kalshi_ticker=tickers[0], polymarket_market_id=market, polymarket_yes_token=yes, polymarket_no_token=no,
        confidence=1.0, status=PairStatus.APPROVED, reasons=("test",),
        transform=PairTransform.SUM if len(tickers) > 1 else PairTransform.IDENTITY,
        kalshi_tickers=tickers if len(tickers) > 1 else (),
    )  # fmt: skip


def _watched() -> tuple[list[MatchedPair], AskFeed, AskFeed, LiveEvaluator]:
    """Four pairs watched on empty books: shared legs, shared tokens and a basket."""
    pairs = [
        _pair("1", ("KA",), "t1", "t2"),
        # The same Kalshi market in a second pair, and a token shared with the first.
        _pair("2", ("KA",), "t3", "t2"),
        _pair("3", ("KB",), "t4", "t5"),
        # A basket: YES on every leg + the token that pays on NO, one direction.
        _pair("4", ("KC", "KD"), "t6", "t7"),
    ]
    kalshi, polymarket = AskFeed(), AskFeed()
    evaluator = LiveEvaluator(THRESHOLDS, lambda event, received_ns: None, clock=lambda: NOW)
    evaluator.set_watch(WatchSet(tuple(pairs)), kalshi, polymarket)
    return pairs, kalshi, polymarket, evaluator


def test_the_kept_screen_walks_exactly_the_pairs_a_fresh_screen_passes_after_every_change():
    pairs, kalshi, polymarket, evaluator = _watched()
    legs = [(ticker, side) for ticker in ("KA", "KB", "KC", "KD") for side in ("yes", "no")]
    tokens = [f"t{n}" for n in range(1, 8)]
    rng = random.Random(7)
    walked = 0
    for _ in range(3000):
        # A change of one book: its ask moves, often, or stays (a change away from the top).
        if rng.random() < 0.5:
            ticker, side = rng.choice(legs)
            feed, instrument = kalshi, ticker
            if rng.random() < 0.7:
                kalshi.asks[ticker, side] = rng.choice([None, *range(2000, 8001, 500)])
        else:
            feed, instrument = polymarket, rng.choice(tokens)
            if rng.random() < 0.7:
                polymarket.asks[instrument, None] = rng.choice([None, *range(2000, 8001, 500)])
        expected = sum(
            len(pair.kalshi_legs) == 1 and 2 or 1
            for pair in pairs
            if instrument in (*pair.kalshi_legs, pair.polymarket_yes_token, pair.polymarket_no_token)
            and pair_has_top_edge(pair, lambda i, s: (kalshi if i.startswith("K") else polymarket).best_ask(i, s), TICKS_PER_DOLLAR)
        )
        assert evaluator.on_books_changed({instrument: None}) == expected, (instrument, feed.asks)
        walked += expected
    # Both verdicts came up many times.
    assert walked and evaluator.screened


def test_told_which_tops_moved_the_screen_still_walks_exactly_the_pairs_a_fresh_screen_passes():
    """The streamer tells the evaluation which changed books' tops moved since it last saw them;
    only their asks are read again. The pairs are re-watched now and then: that reads every ask
    from the books as they are, ahead of the tops the feed compares with, so a book whose ask then
    moves back looks unmoved to the feed and must still be read."""
    pairs, kalshi, polymarket, evaluator = _watched()
    tickers = ("KA", "KB", "KC", "KD")
    tokens = [f"t{n}" for n in range(1, 8)]

    def asks_of(instrument: str) -> tuple[int | None, ...]:
        if instrument.startswith("K"):
            return kalshi.asks.get((instrument, "yes")), kalshi.asks.get((instrument, "no"))
        return (polymarket.asks.get((instrument, None)),)

    # What the feed compares with: each book's top as the last pass took it.
    stored = {instrument: asks_of(instrument) for instrument in (*tickers, *tokens)}
    rng = random.Random(11)
    walked = rewatched = 0
    for _ in range(4000):
        instrument = rng.choice((*tickers, *tokens))
        if rng.random() < 0.6:
            if instrument.startswith("K"):
                kalshi.asks[instrument, rng.choice(("yes", "no"))] = rng.choice([None, *range(2000, 8001, 1500)])
            else:
                polymarket.asks[instrument, None] = rng.choice([None, *range(2000, 8001, 1500)])
        if rng.random() < 0.05:
            # Re-watched while this change is pending: its asks are read as they are now.
            evaluator.set_watch(WatchSet(tuple(pairs)), kalshi, polymarket)
            rewatched += 1
            if rng.random() < 0.5:
                # ... and the book goes back to the top the feed last took, before its pass.
                for (ticker_or_token, side), ask in list((kalshi if instrument.startswith("K") else polymarket).asks.items()):
                    if ticker_or_token == instrument:
                        index = 0 if side in ("yes", None) else 1
                        (kalshi if instrument.startswith("K") else polymarket).asks[ticker_or_token, side] = stored[instrument][index]
        now = asks_of(instrument)
        # A top also moves when only a size at it changed: told moved, no ask moved.
        moved = now != stored[instrument] or rng.random() < 0.2
        stored[instrument] = now
        expected = sum(
            len(pair.kalshi_legs) == 1 and 2 or 1
            for pair in pairs
            if instrument in (*pair.kalshi_legs, pair.polymarket_yes_token, pair.polymarket_no_token)
            and pair_has_top_edge(pair, lambda i, s: (kalshi if i.startswith("K") else polymarket).best_ask(i, s), TICKS_PER_DOLLAR)
        )
        assert evaluator.on_books_changed({instrument: None}, {instrument} if moved else set()) == expected, (instrument, now)
        walked += expected
    assert walked and evaluator.screened and rewatched


def test_a_change_below_the_top_is_looked_at_only_for_the_pairs_with_an_edge():
    """A book whose top did not move kept its asks: the pairs it is a leg of keep their verdict, so
    it is not looked at (nothing screened) unless one of them has an edge, which is walked."""
    pairs, kalshi, polymarket, evaluator = _watched()
    for instrument in ("KA", "KB", "KC", "KD"):
        kalshi.asks[instrument, "yes"] = kalshi.asks[instrument, "no"] = 6000
    for token in ("t1", "t2", "t3", "t4", "t5", "t6", "t7"):
        polymarket.asks[token, None] = 6000
    evaluator.set_watch(WatchSet(tuple(pairs)), kalshi, polymarket)
    # Every book changed once: read afresh after the watch, as the feed's first pass does.
    books = ["KA", "KB", "KC", "KD", "t1", "t2", "t3", "t4", "t5", "t6", "t7"]
    assert evaluator.on_books_changed(dict.fromkeys(books), set(books)) == 0
    screened = evaluator.screened
    assert evaluator.on_books_changed({"KA": None, "t1": None, "t4": None}, set()) == 0
    assert evaluator.screened == screened
    # Pair 3 (KB, t4, t5) gets an edge: KB's NO ask and t4's ask sum below $1.
    kalshi.asks["KB", "no"] = 3000
    polymarket.asks["t4", None] = 3000
    assert evaluator.on_books_changed({"KB": None, "t4": None}, {"KB", "t4"}) == 2
    # A change below the top of one of its books walks it again; one of another pair's does not.
    assert evaluator.on_books_changed({"t5": None, "t1": None}, set()) == 2
    assert evaluator.screened == screened
    # Its edge gone, its books' changes below the top are not looked at either.
    kalshi.asks["KB", "no"] = polymarket.asks["t4", None] = 6000
    assert evaluator.on_books_changed({"KB": None, "t4": None}, {"KB", "t4"}) == 0
    screened = evaluator.screened
    assert evaluator.on_books_changed({"KB": None, "t5": None}, set()) == 0
    assert evaluator.screened == screened
