"""Sportsbook value signals: what the ``sportsbook_odds`` and ``sportsbook_edges`` assets run.

The odds of every league with an open Kalshi game market are read from The Odds API (moneylines
of the profile's bookmakers) and stored per read; each open Kalshi game market is mapped to its
odds event by teams and start time, and both its sides are priced against the de-vigged consensus
(:mod:`arb_pipeline.domain.sportsbook`). These are one-legged value bets, their own signal kind:
stored apart from arbitrage and never summed with it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from arb_pipeline.config import Credentials, TradingSettings, VenueEndpoints
from arb_pipeline.domain.models import Market, SportsEvent, Venue
from arb_pipeline.domain.quality import open_markets
from arb_pipeline.domain.sportsbook import ValueSignal, evaluate_game, match_game, parse_game_ticker
from arb_pipeline.domain.spreads import index_books
from arb_pipeline.domain.trading import US_BOOKMAKERS
from arb_pipeline.venues.odds_api.rest import OddsApiClient
from arb_pipeline.venues.records import RecordProblem
from arb_pipeline.warehouse import Warehouse
from arb_pipeline.warehouse.markets import read_markets
from arb_pipeline.warehouse.quotes import read_latest_books

log = logging.getLogger(__name__)


def game_markets(markets: Iterable[Market]) -> list[Market]:
    """The open Kalshi markets that are games of a league the odds feed lists."""
    return [m for m in open_markets(markets) if m.venue is Venue.KALSHI
            and parse_game_ticker(m.market_id, m.event_id) is not None]


def sport_keys(markets: Iterable[Market]) -> list[str]:
    keys: dict[str, None] = {}
    for market in markets:
        game = parse_game_ticker(market.market_id, market.event_id)
        if game is not None:
            keys.update(dict.fromkeys(game.league.sport_keys))
    return list(keys)


@dataclass
class OddsRead:
    events: list[SportsEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


async def read_odds(endpoints: VenueEndpoints, credentials: Credentials, sports: Sequence[str],
                    bookmakers: Sequence[str] = US_BOOKMAKERS) -> OddsRead:
    """The moneylines of ``bookmakers`` on every event of ``sports``; a malformed event is
    listed in ``problems`` and skipped."""
    read = OddsRead()
    problems: list[RecordProblem] = []
    async with OddsApiClient(endpoints.odds_api_url, credentials.odds_api_key) as odds:
        for sport in sports:
            read.events.extend(await odds.fetch_odds(sport, problems=problems, markets=("h2h",),
                                                     bookmakers=tuple(bookmakers)))
    read.problems.extend(str(problem) for problem in problems)
    return read


@dataclass
class EdgeRun:
    signals: list[ValueSignal] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def evaluate_edges(store: Warehouse, settings: TradingSettings, events: Sequence[SportsEvent], now: datetime,
                   max_book_age: timedelta) -> EdgeRun:
    """Both sides of every open Kalshi game market mapped to an odds event, on the latest books."""
    run = EdgeRun()
    markets = game_markets(read_markets(store, Venue.KALSHI))
    books = read_latest_books(store, max_book_age, now=now)
    indexed = index_books(books.kalshi.values(), books.polymarket.values())
    limits = settings.limits
    for market in markets:
        match = match_game(market, events)
        if isinstance(match, str):
            run.unmatched.append(match)
            continue
        run.signals.extend(evaluate_game(
            match, market, indexed, settings.profile, settings.bankroll, now,
            max_stake=limits.max_capital_per_trade, max_contracts=int(limits.max_position_contracts),
        ))
    for reason in run.unmatched:
        log.info("no odds event: %s", reason)
    return run
