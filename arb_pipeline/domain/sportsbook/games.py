"""Which Odds API event a Kalshi game market is about, and which of the event's outcomes its YES
pays on.

Kalshi lists one binary market per outcome of a game: ``KXNBAGAME-26JAN09MILLAL-MIL`` pays YES
when Milwaukee wins the Milwaukee-at-Los-Angeles game of January 9 (docs/venues.md: event
ticker ``<series>-<YYMMMDD><matchup>``, market ticker ``<event ticker>-<outcome>``); a soccer
match has a third market, ``-TIE``, on the draw. The Odds API names teams in full ("Milwaukee
Bucks") with ``home_team``/``away_team`` and a UTC ``commence_time``.

A market maps to an event when the event is in the league's Odds API sport, is played on the
ticker's day (as any US time zone reads its start: Kalshi dates a game by its local day), and has
the same two teams. Teams are matched by code and alias for the leagues with a team table (NBA,
NFL, NHL, MLB: the matcher's reference data), and by name for college and soccer, whose team
names come from the market's own titles.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from arb_pipeline.domain.kalshi_tickers import split_ticker
from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.lexicon import sports as entities
from arb_pipeline.domain.models import Market, SportsEvent, Venue
from arb_pipeline.domain.sportsbook.devig import DRAW


@dataclass(frozen=True, slots=True)
class League:
    """A league's name, the Odds API sport keys its games are listed under, and whether its
    moneyline is three-way (a draw is an outcome)."""

    name: str
    sport_keys: tuple[str, ...]
    three_way: bool = False


# NFL games can end tied, but the Odds API lists its moneyline two-way (a tie is a push at US
# books): it is de-vigged as two-way; a Kalshi NO, which also pays on a tie, is then priced a
# fraction of a cent low, never high.
GAME_SERIES: Mapping[str, League] = {
    "KXNBAGAME": League("NBA", ("basketball_nba",)),
    "KXNFLGAME": League("NFL", ("americanfootball_nfl",)),
    "KXNHLGAME": League("NHL", ("icehockey_nhl",)),
    "KXMLBGAME": League("MLB", ("baseball_mlb",)),
    "KXWNBAGAME": League("WNBA", ("basketball_wnba",)),
    "KXNCAAFGAME": League("NCAAF", ("americanfootball_ncaaf",)),
    "KXNCAAMBGAME": League("NCAAB", ("basketball_ncaab",)),
    "KXNCAABGAME": League("NCAAB", ("basketball_ncaab",)),
    "KXEPLGAME": League("EPL", ("soccer_epl",), three_way=True),
    "KXUCLGAME": League("UCL", ("soccer_uefa_champs_league",), three_way=True),
    "KXLALIGAGAME": League("LALIGA", ("soccer_spain_la_liga",), three_way=True),
    "KXSERIEAGAME": League("SERIEA", ("soccer_italy_serie_a",), three_way=True),
    "KXBUNDESLIGAGAME": League("BUNDESLIGA", ("soccer_germany_bundesliga",), three_way=True),
    "KXLIGUE1GAME": League("LIGUE1", ("soccer_france_ligue_one",), three_way=True),
    "KXMLSGAME": League("MLS", ("soccer_usa_mls",), three_way=True),
    "KXLIGAMXGAME": League("LIGAMX", ("soccer_mexico_ligamx",), three_way=True),
    "KXEREDIVISIEGAME": League("EREDIVISIE", ("soccer_netherlands_eredivisie",), three_way=True),
}
#: Outcome codes and YES titles Kalshi gives the draw of a soccer match.
DRAW_WORDS = frozenset({"tie", "draw"})

_EVENT_CODE = re.compile(r"^(\d{2}[A-Z]{3}\d{2})(\d{2,4})?([A-Z].*)$")
_MATCHUP = re.compile(r"^(.+?)\s+(?:at|vs\.?|v\.?|@)\s+(.+?)(?:\s+winner\??|\?)?$", re.IGNORECASE)
# Words club and school names add or drop from one feed to the next.
_FILLER = frozenset({"fc", "cf", "afc", "sc", "the", "club"})
# Short names soccer feeds use that no token rule reaches.
_NICKNAMES = {
    "man utd": "manchester united", "man united": "manchester united", "man city": "manchester city",
    "spurs": "tottenham hotspur", "wolves": "wolverhampton wanderers", "nottm forest": "nottingham forest",
    "psg": "paris saint germain", "inter": "inter milan", "atleti": "atletico madrid",
}


@dataclass(frozen=True, slots=True)
class GameTicker:
    """A Kalshi game market ticker read: its series and league, the game's day, the matchup code
    (``MILLAL``: away then home) and the outcome code (``MIL``, ``TIE``)."""

    ticker: str
    series: str
    league: League
    day: date
    matchup: str
    outcome_code: str | None


@dataclass(frozen=True, slots=True)
class GameMatch:
    """A Kalshi game market mapped to an Odds API event: ``outcome`` is the event outcome YES
    pays on, as the odds feed names it (a team's full name, or "Draw")."""

    kalshi_ticker: str
    odds_event_id: str
    league: League
    outcome: str
    event: SportsEvent


def parse_game_ticker(ticker: str, event_ticker: str | None = None) -> GameTicker | None:
    """The parts of a Kalshi game market ticker, or None when it is not a game series Kalshi and
    the odds feed both list."""
    series = ticker.partition("-")[0]
    league = GAME_SERIES.get(series)
    if league is None or "-" not in ticker:
        return None
    extends = event_ticker is not None and ticker.startswith(event_ticker + "-")
    parts = split_ticker(ticker, event_ticker if extends else None)
    match = _EVENT_CODE.match(parts.event_code)
    if match is None or parts.event_date is None:
        return None
    return GameTicker(ticker, series, league, parts.event_date, match.group(3), parts.outcome_code)


def fold_name(name: str) -> tuple[str, ...]:
    """A team name as words to compare: accents dropped, lower case, "&" as "and", punctuation
    gone, club filler words dropped, "St." read as "State" at the end ("Fresno St.") and "Saint"
    at the start ("St. John's")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    words = [w for w in re.sub(r"[^a-z0-9]+", " ", text).split() if w not in _FILLER]
    text = _NICKNAMES.get(" ".join(words), " ".join(words))
    words = text.split()
    if words and words[-1] == "st":
        words[-1] = "state"
    if words and words[0] == "st":
        words[0] = "saint"
    return tuple(words)


def names_match(kalshi_name: str, odds_name: str) -> bool:
    """Whether two spellings name one team: the same words, or one name's words running inside
    the other's ("Fresno St." in "Fresno State Bulldogs", "Leverkusen" in "Bayer Leverkusen")."""
    short, long = sorted((fold_name(kalshi_name), fold_name(odds_name)), key=len)
    if not short or sum(len(word) for word in short) < 3:
        return False
    return any(long[i:i + len(short)] == short for i in range(len(long) - len(short) + 1))


def _odds_team(league: str, name: str) -> entities.Team | None:
    """The team of a league with a team table that an Odds API name ("Los Angeles Lakers",
    "Montréal Canadiens") names: by alias, else by a nickname that only one team has."""
    folded = " ".join(fold_name(name))
    team = entities.resolve_team(league, folded)
    if team is not None:
        return team
    words = fold_name(name)
    found = [t for t in entities.LEAGUES[league] if fold_name(t.nickname) == words[-len(fold_name(t.nickname)):]]
    return found[0] if len(found) == 1 else None


def _teams_by_table(game: GameTicker, event: SportsEvent) -> str | None | bool:
    """With a team table: the odds name YES pays on, None when the event is another game, False
    when the ticker cannot be read (not mapped)."""
    league = game.league.name
    pair = entities.split_matchup_code(league, game.matchup, game.outcome_code)
    if pair is None:
        return False
    teams = {team.code for team in pair}
    by_code = {}
    for name in (event.home_team, event.away_team):
        team = _odds_team(league, name)
        if team is None:
            return None
        by_code[team.code] = name
    if set(by_code) != teams:
        return None
    outcome = entities.team_by_code(league, game.outcome_code or "")
    return by_code.get(outcome.code) if outcome is not None else False


def _teams_by_name(game: GameTicker, market: Market, event: SportsEvent) -> str | None | bool:
    """Without a team table (college, soccer, WNBA): the matchup as the event or market title
    writes it, and the YES side's name."""
    title = (market.event_title or market.title or "").strip()
    matchup = _MATCHUP.match(title)
    if matchup is None:
        return False
    kalshi = (matchup.group(1).strip(), matchup.group(2).strip())
    odds = (event.home_team, event.away_team)
    pairing = [(k, o) for k in kalshi for o in odds if names_match(k, o)]
    if len(pairing) != 2 or {k for k, _ in pairing} != set(kalshi) or {o for _, o in pairing} != set(odds):
        return None
    yes_name = (market.subtitle or "").strip()
    if (game.outcome_code or "").lower() in DRAW_WORDS or yes_name.lower() in DRAW_WORDS:
        return DRAW if game.league.three_way else False
    named = [o for o in odds if yes_name and names_match(yes_name, o)]
    return named[0] if len(named) == 1 else False


def match_game(market: Market, events: Iterable[SportsEvent]) -> GameMatch | str:
    """The odds event ``market`` is about and the outcome its YES pays on, or why there is none
    (not a game market, no event that day with those teams, more than one)."""
    if market.venue is not Venue.KALSHI:
        return f"{market.venue} market {market.market_id} is not a Kalshi game market"
    game = parse_game_ticker(market.market_id, market.event_id)
    if game is None:
        return f"kalshi market {market.market_id} is not a game market of a league the odds feed lists"
    where = f"kalshi {game.league.name} game {market.market_id}"
    found: list[tuple[SportsEvent, str]] = []
    unreadable = False
    for event in events:
        if event.sport_key not in game.league.sport_keys or game.day not in dates.us_local_dates(event.commence_time):
            continue
        if game.league.name in entities.LEAGUES:
            outcome = _teams_by_table(game, event)
        else:
            outcome = _teams_by_name(game, market, event)
        if outcome is False:
            unreadable = True
        elif outcome is not None:
            found.append((event, outcome))
    if len(found) == 1:
        event, outcome = found[0]
        return GameMatch(market.market_id, event.event_id, game.league, outcome, event)
    if len(found) > 1:
        ids = ", ".join(event.event_id for event, _ in found)
        return f"{where}: {len(found)} odds events on {game.day.isoformat()} with the same teams ({ids})"
    if unreadable:
        return f"{where}: its teams or its YES side could not be read from the ticker and titles"
    return f"{where}: no odds event in {', '.join(game.league.sport_keys)} on {game.day.isoformat()} with its teams"
