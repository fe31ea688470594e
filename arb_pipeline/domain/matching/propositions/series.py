"""Who wins a playoff series: a best-of-N contest between two teams of a league with a team table
(NBA, NHL, MLB), read as one choice between its two teams.

Kalshi lists one market per team ("Boston vs Toronto: who will win the series?", YES side
"Boston"); Polymarket writes "Bruins vs. Maple Leafs series winner" with the two teams as its
outcomes, or "Will the Bruins win the series against the Maple Leafs?" with Yes/No. A series is
not one of its games: a market that names a game of it ("Game 3"), an exact result ("4-2", "in
six games", a sweep) or a regular season's head-to-head ("season series") is not read here, so it
never meets the series as the same contest.
"""

from __future__ import annotations

import re
from datetime import date

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.lexicon import sports as lexicon
from arb_pipeline.domain.matching.propositions.model import DateRule, Frame, Kind, OutcomeTerm, Proposition, When
from arb_pipeline.domain.matching.propositions.outcomes import yes_no, yes_no_terms
from arb_pipeline.domain.matching.propositions.reading import Reading, kalshi_ticker
from arb_pipeline.domain.matching.propositions.sports import slug_league, team_option
from arb_pipeline.domain.matching.propositions.text import similarity_text
from arb_pipeline.domain.matching.propositions.titles import season_end_year
from arb_pipeline.domain.models import Venue

SERIES = "series"

# "series" of the contest as a whole: not the World Series (a season's title), not a regular
# season's head-to-head.
_SERIES = re.compile(r"(?<!world )(?<!season )(?<!regular-season )\bseries\b|\b(?:al|nl)(?:ds|cs|wc)\b")
# What makes a market about more, or less, than who wins the series.
_NOT_THE_WINNER = re.compile(
    r"\b(?:game|match)\s+[1-9]\b|\b[1-9](?:st|nd|rd|th) game\b|\b[0-4]\s?[-–]\s?[0-4]\b|\b(?:four|five|six|seven|[4-7]) games\b"
    r"|\bsweep\w*\b|\bexact\w*\b|\bhow many games\b|\bgo(?:es)? (?:the distance|to (?:a )?game)\b|\blead\w*\b|\btied?\b"
    r"|\bcomeback\b|\bregular season\b|\bmvp\b|\bspread\b|\b(?:over|under) \d")
_KALSHI_SERIES = re.compile(r"^KX([A-Z]+?)(?:PLAYOFFS?)?SERIES$")
_HEADING = re.compile(r"^[^:]{2,60}:\s+(?=.*\s(?:vs\.?|v\.?|@|at)\s)")
# The words a series' round is named by, after its second side ("... Red Sox ALDS series winner").
_ROUND = (r"(?: (?:(?:al|nl)(?:ds|cs|wc)|playoffs?|nba|nhl|mlb|first|second|round|division|championship|conference|"
          r"(?:semi|quarter)?-?finals?|wild|card|eastern|western|american|national|league|(?:19|20)\d\d))*")
_VS = re.compile(r"^(?:who will win (?:the )?)?(?:the )?(.+?) (?:vs\.?|v\.?|@|at) (?:the )?(.+?)" + _ROUND
                 + r"(?: series)?(?: winner)?(?:[:?].*)?$")
_WIN_AGAINST = re.compile(r"^will (?:the )?(.+?) (?:win|beat|eliminate|advance past) (?:the |their )?(?:[a-z0-9' -]+ )?"
                          r"series (?:against|vs\.?|v\.?|over|with) (?:the )?(.+?)\??$"
                          r"|^will (?:the )?(.+?) (?:beat|defeat|eliminate) (?:the )?(.+?) in (?:the |their )?"
                          r"(?:[a-z0-9' -]+ )?series\??$")
_BETWEEN = re.compile(r"\bseries (?:between|of) (?:the )?(.+?) and (?:the )?(.+?)(?:[,.;(]| in | to | for |$)")


def _league(reading: Reading, first: str, second: str) -> str | None:
    """The league a series is played in: the one a Kalshi series ticker or a Polymarket slug
    names, else the one league whose team table knows both sides."""
    market = reading.market
    named: str | None = None
    if market.venue is Venue.KALSHI:
        match = _KALSHI_SERIES.match(market.series_id or "")
        named = match.group(1) if match else None
    else:
        named = slug_league(market)
    if named in lexicon.LEAGUES:
        return named
    found = [league for league in lexicon.LEAGUES
             if lexicon.resolve_team(league, first) is not None and lexicon.resolve_team(league, second) is not None]
    return found[0] if len(found) == 1 else None


def _sides(reading: Reading) -> tuple[str, str, bool] | None:
    """The two sides as the texts write them, and whether the first is the side a "Will X win the
    series against Y?" question pays on."""
    title = reading.title
    match = _WIN_AGAINST.match(title)
    if match is not None:
        return match.group(1) or match.group(3), match.group(2) or match.group(4), True
    for text in (title, reading.event):
        match = _VS.match(_HEADING.sub("", text)) if text else None
        if match is not None:
            return match.group(1), match.group(2), False
    match = _BETWEEN.search(reading.rules[:600])
    return (match.group(1), match.group(2), False) if match is not None else None


def _year(reading: Reading) -> int | None:
    head = f"{reading.head} {reading.rules[:400]}"
    year = season_end_year(head)
    if year is not None:
        return year
    years = dates.find_years(head)
    if years:
        return years[0]
    ticker = kalshi_ticker(reading.market)
    if ticker is not None and ticker.event_year is not None:
        return ticker.event_year
    close = reading.close_eastern
    return close.year if close is not None else None


def _may_name_a_series(text: str) -> bool:
    # "lds", "lcs", "lwc": the MLB rounds' initials.
    return "series" in text or "lds" in text or "lcs" in text or "lwc" in text


def series_contest(reading: Reading) -> Proposition | None:
    """A playoff series' winner market, or None when the market is not one."""
    # Every market of both catalogs passes here: plain substring tests rule out almost all of them
    # before any text is joined or searched.
    market = reading.market
    if not (_may_name_a_series(reading.title) or _may_name_a_series(reading.label)
            or (market.venue is Venue.KALSHI and _may_name_a_series(reading.event))):
        return None
    kalshi = market.venue is Venue.KALSHI
    question = f"{reading.title} {reading.label}"
    said = f"{question} {reading.event}" if kalshi else question
    if _SERIES.search(said) is None or _NOT_THE_WINNER.search(question):
        return None
    sides = _sides(reading)
    if sides is None:
        return None
    first, second, first_pays = sides
    league = _league(reading, first, second)
    if league is None:
        return None
    teams = tuple(lexicon.resolve_team(league, side) for side in (first, second))
    if teams[0] is None or teams[1] is None or teams[0] is teams[1]:
        return None
    keys = (teams[0].key, teams[1].key)
    year = _year(reading)
    when = When(DateRule.DURING, start=date(year, 1, 1), end=date(year, 12, 31), label=str(year)) if year else When()
    common = dict(venue=market.venue, market_id=market.market_id, kind=Kind.CHOICE, topic=SERIES,
                  category=market.category, text=similarity_text(reading.head), league=league, teams=keys, when=when,
                  frame=Frame(axes={"competition": "series"}), close_eastern=reading.close_eastern,
                  exclusive_options=True)
    if kalshi:
        choice = _kalshi_choice(reading, league, first if first_pays else None)
        if choice not in keys:
            return None
        return Proposition(selection=team_option(choice), **common)  # type: ignore[arg-type]
    if yes_no(market) is not None:
        named = lexicon.resolve_team(league, reading.label) if reading.label else None
        choice = named.key if named is not None else (keys[0] if first_pays else None)
        if choice not in keys:
            return None
        return Proposition(outcomes=yes_no_terms(market, team_option(choice)), **common)  # type: ignore[arg-type]
    terms = []
    for outcome in market.outcomes:
        team = lexicon.resolve_team(league, outcome.name)
        if team is None or team.key not in keys:
            return None
        terms.append(OutcomeTerm(outcome.name, outcome.token_id, team_option(team.key)))
    if len(terms) != 2 or terms[0].selection == terms[1].selection:
        return None
    return Proposition(outcomes=tuple(terms), **common)  # type: ignore[arg-type]


def _kalshi_choice(reading: Reading, league: str, asked: str | None) -> str | None:
    """The team a Kalshi series market's YES pays on: its YES side, else its ticker's outcome
    code, else the team its question asks about."""
    market = reading.market
    label = (market.subtitle or "").strip()
    if label and label.lower() not in ("yes", "no"):
        team = lexicon.resolve_team(league, label)
        return team.key if team is not None else None
    ticker = kalshi_ticker(market)
    if ticker is not None and ticker.outcome_code:
        team = lexicon.team_by_code(league, ticker.outcome_code)
        if team is not None:
            return team.key
    team = lexicon.resolve_team(league, asked) if asked else None
    return team.key if team is not None else None
