"""Season titles: a league's championship (or a conference title, kept apart), the season's
year, and the team YES pays on, as both venues write them ("Will Boston win the 2027 NBA
Finals?", Kalshi's title series)."""

from __future__ import annotations

import re
from datetime import date

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.lexicon import sports as lexicon
from arb_pipeline.domain.matching.propositions.model import DateRule, Kind, Proposition, When
from arb_pipeline.domain.matching.propositions.outcomes import yes_no_terms
from arb_pipeline.domain.matching.propositions.reading import Reading, ticker_year, unread
from arb_pipeline.domain.matching.propositions.sports import _game_frame, team_key, team_option
from arb_pipeline.domain.matching.propositions.text import contains_any

TITLE = "title"
# "NCAA Division I" is the tier the national title is played in, not a division title.
_CONFERENCE = re.compile(r"\bconference\b|\b(?:afc|nfc)\b|\bpennant\b|\bdivision\b(?! (?:i|ii|iii|1|2|3)\b)")
_CHAMPIONSHIP = re.compile("|".join(f"(?P<{league}>{pattern})" for league, pattern in lexicon.CHAMPIONSHIPS))
_CHAMPIONSHIP_WORDS = ("nba", "basketball", "super bowl", "football", "stanley cup", "hockey", "world series", "baseball",
                       "ncaa", "march madness", "champions league", "cfp")


# The women's tournament named by the men's words ("Women's March Madness", "the NCAA Tournament
# (Women's)"): a market whose titles say "women's" is never on the men's title.
_WOMENS = re.compile(r"\bwomen'?s?\b|\(w\)")


def championship_league(head: str) -> str | None:
    if not contains_any(head, _CHAMPIONSHIP_WORDS):
        return None
    match = _CHAMPIONSHIP.search(head)
    if match is None:
        return None
    if match.lastgroup == "NCAAB" and ("women" in head or "(w)" in head) and _WOMENS.search(head) is not None:
        return "NCAAW"
    return match.lastgroup


_SEASON = re.compile(r"\b(20\d{2})\s?[-–/]\s?(\d{2}|20\d{2})\b")


def season_end_year(text: str) -> int | None:
    """The year a season written across two years ("2026-27", "2026/2027") is decided in: its
    title is won at its end, the year a market naming only that year ("the 2027 Finals") names."""
    for match in _SEASON.finditer(text):
        first, second = int(match.group(1)), int(match.group(2))
        if second == first + 1 or second == (first + 1) % 100:
            return first + 1
    return None


def season_title(reading: Reading, league: str, team: str | None, *, polymarket: bool) -> Proposition:
    """A season title: the league's championship (or a conference title, kept apart), the
    season's year, and the team YES pays on."""
    market = reading.market
    year = season_end_year(reading.head)
    if year is None:
        years = dates.find_years(reading.head)
        year = years[0] if years else ticker_year(market)
    when = When(DateRule.DURING, start=date(year, 1, 1), end=date(year, 12, 31), label=str(year)) if year else When()
    competition = "conference" if _CONFERENCE.search(reading.head) else "title"
    option = team_option(_in_full(league, team)) if team else None
    if option is None:
        return unread(reading, f"a {league} title market whose team could not be read")
    outcomes = yes_no_terms(market, option) if polymarket else ()
    if polymarket and not outcomes:
        return unread(reading, f"a {league} title market without Yes/No outcomes")
    return Proposition(
        venue=market.venue, market_id=market.market_id, kind=Kind.CHOICE, topic=TITLE, category=market.category,
        text=reading.text, league=league, when=when, frame=_game_frame(competition, axis="competition"),
        selection=None if polymarket else option, outcomes=outcomes, close_eastern=reading.close_eastern,
    )


def _in_full(league: str, team: str) -> str:
    """A team of a league whose games are read by name (the WNBA) in its table's full form: one
    venue's champion is "Las Vegas", the other's "Aces", both the "Las Vegas Aces"."""
    found = lexicon.resolve_team(league, team[5:]) if team.startswith("name:") and league in lexicon.TEAM_TABLES else None
    return (team_key(None, f"{found.base_city} {found.nickname}") or team) if found is not None else team
