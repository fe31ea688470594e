"""Sportsbook value: Kalshi game contracts against the de-vigged consensus of several sportsbooks,
mapped by teams and start time. One-legged value bets, a signal kind of their own."""

from arb_pipeline.domain.sportsbook.devig import (
    DRAW,
    BookLine,
    book_lines,
    devig_exact,
    devig_multiplicative,
    implied_probability,
    mean_probability,
    overround,
)
from arb_pipeline.domain.sportsbook.games import (
    GAME_SERIES,
    GameMatch,
    GameTicker,
    League,
    match_game,
    names_match,
    parse_game_ticker,
)
from arb_pipeline.domain.sportsbook.value import (
    DEFAULT_MAX_ODDS_AGE,
    BookView,
    ValueSignal,
    consensus_probability,
    evaluate_game,
    evaluate_side,
)

__all__ = [
    "DEFAULT_MAX_ODDS_AGE",
    "DRAW",
    "GAME_SERIES",
    "BookLine",
    "BookView",
    "GameMatch",
    "GameTicker",
    "League",
    "ValueSignal",
    "book_lines",
    "consensus_probability",
    "devig_exact",
    "devig_multiplicative",
    "evaluate_game",
    "evaluate_side",
    "implied_probability",
    "match_game",
    "mean_probability",
    "names_match",
    "overround",
    "parse_game_ticker",
]
