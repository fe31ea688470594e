"""Player props: one player's statistic in one game against a line.

Kalshi lists a ladder per player and statistic: the title "Jalen Brunson: Points", the YES side
"Jalen Brunson: 25+", the ticker dating the game and coding its teams
(``KXNBAPTS-27JAN05NYKBOS-NYKJBRUNSON11-25``). Polymarket asks "Jalen Brunson: Points Over 24.5"
(group "Points O/U 24.5") with Over/Under or Yes/No outcomes, or "Will Bukayo Saka score a goal?"
under the game's event. Both are read as a threshold on one measure, the player's statistic in
that game: "25+" is "over 24.5" on a grid of whole units (a statistic is a count), another
statistic, a combined one ("points + rebounds"), another line or another game day is another
measure or another threshold (docs/matching.md, "Player props").
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from arb_pipeline.domain.matching.propositions.games import GAME_LINE
from arb_pipeline.domain.matching.propositions.lexicon import sports as lexicon
from arb_pipeline.domain.matching.propositions.model import Bound, Kind, Measure, OutcomeTerm, Proposition, ValueRange
from arb_pipeline.domain.matching.propositions.names import name_key
from arb_pipeline.domain.matching.propositions.outcomes import is_pair_of, yes_no_terms
from arb_pipeline.domain.matching.propositions.reading import RULES_READ, Reading, kalshi_ticker
from arb_pipeline.domain.matching.propositions.sports import (
    _event_teams,
    _game_frame,
    _matchup_teams,
    _on,
    _team_words,
    game_day,
    game_place,
    slug_league,
    team_key,
)
from arb_pipeline.domain.matching.propositions.text import fold_short, similarity_text

# Each statistic in its one name: the words venues write for it, longest first when read.
_STATISTICS = (
    ("points", ("points", "pts", "point")),
    ("rebounds", ("rebounds", "rebs", "reb")),
    ("assists", ("assists", "ast", "asts")),
    ("threes", ("three-pointers made", "3-pointers made", "three pointers made", "threes made", "three-pointers",
                "3-pointers", "three pointers", "threes", "3pm", "3pt")),
    ("steals", ("steals", "stl")),
    ("blocks", ("blocks", "blk")),
    ("passing yards", ("passing yards", "pass yards", "pass yds", "passing yds")),
    ("rushing yards", ("rushing yards", "rush yards", "rush yds", "rushing yds")),
    ("receiving yards", ("receiving yards", "rec yards", "rec yds", "receiving yds")),
    ("receptions", ("receptions", "catches")),
    ("passing touchdowns", ("passing touchdowns", "passing tds", "pass tds")),
    # The touchdowns a player scores (rushing, receiving, returns): what "anytime TD" pays on at one
    # or more; a passer's touchdown passes are the statistic above.
    ("touchdowns", ("touchdowns", "touchdown", "tds", "td")),
    ("goals", ("goals", "goal")),
    ("shots on goal", ("shots on goal", "sog")),
    ("saves", ("saves",)),
    ("strikeouts", ("strikeouts", "pitcher strikeouts", "ks")),
    ("hits", ("hits",)),
    ("home runs", ("home runs", "homers", "hr")),
    ("total bases", ("total bases",)),
)
_STATISTIC = {word: name for name, words in _STATISTICS for word in words}
# A statistic of several added together: "Points + Rebounds", "Pts & Ast", "points and assists".
_JOINED = re.compile(r"\s*(?:\+|&|\band\b)\s*")


def statistic(text: str) -> str | None:
    """The statistic a folded phrase names, one name per statistic, several joined by "+"
    ("points+rebounds"); None when a part is no statistic known here."""
    parts = [p.strip() for p in _JOINED.split(text.strip()) if p.strip()]
    named = [_STATISTIC.get(p) for p in parts]
    if not named or any(n is None for n in named):
        return None
    return "+".join(sorted({n for n in named if n is not None}))


# Kalshi: "Jalen Brunson: Points" with YES "Jalen Brunson: 25+".
_KALSHI_TITLE = re.compile(r"^([a-z][a-z.'\- ]{2,40}?):\s*([a-z0-9 +&/'\-]{2,40}?)\??$")
_KALSHI_LABEL = re.compile(r"^([a-z][a-z.'\- ]{2,40}?):\s*(\d{1,4})\+$")
# The rung with its statistic after it, in the title and the YES side alike: "LeBron James: 25+ points".
_KALSHI_RUNG = re.compile(r"^([a-z][a-z.'\- ]{2,40}?):\s*(\d{1,4})\+\s*([a-z0-9 +&/'\-]{2,40}?)\??$")
# Polymarket: "Jalen Brunson: Points Over 24.5", "Jalen Brunson: Points O/U 24.5".
_POLYMARKET_QUESTION = re.compile(r"^([a-z][a-z.'\- ]{2,40}?):\s*([a-z0-9 +&/'\-]{2,40}?)\s+"
                                  r"(?:o/u|over/under|over)\s+(\d{1,4}(?:\.5)?)\??$")
# "Will Bukayo Saka score a goal?", "Bukayo Saka: anytime goalscorer": one goal or more in the
# game (a goal "in the World Cup" is a tournament's, not one game's).
_ANY_GOAL = re.compile(r"^(?:will ([a-z][a-z.'\- ]{2,40}?) score (?:a|at least one|an anytime|1\+) goal"
                       r"(?: (?:against|vs\.?) .+?)?|([a-z][a-z.'\- ]{2,40}?):? anytime goal ?scorer)\??$")
# "Josh Allen: Anytime TD?", "Will Josh Allen score a touchdown?", "Josh Allen anytime touchdown
# scorer": one touchdown or more in the game. The first touchdown of the game, two or more, or a
# touchdown "in" a season or a tournament on Polymarket (no one game) are other statements.
_TOUCHDOWN = r"(?:td|touchdown)"
_ANY_TOUCHDOWN = re.compile(rf"^(?:will ([a-z][a-z.'\- ]{{2,40}}?) score (?:a|an anytime|at least one|1\+) {_TOUCHDOWN}"
                            rf"(?: (?:against|vs\.?) .+?)?|([a-z][a-z.'\- ]{{2,40}}?):? anytime {_TOUCHDOWN}s?(?: scorer)?)\??$")
# Kalshi's ticker dates the game, so its question may name the game it is in ("... in Chiefs at Bills?").
_KALSHI_ANY_TOUCHDOWN = re.compile(rf"^will ([a-z][a-z.'\- ]{{2,40}}?) score (?:a|an anytime|at least one|1\+) "
                                   rf"{_TOUCHDOWN} in .+?\??$")


def _any_touchdown(title: str, *, kalshi: bool) -> str | None:
    """The player a market on an anytime touchdown names, or None."""
    if "t" not in title or ("td" not in title and "touchdown" not in title):
        return None
    found = _ANY_TOUCHDOWN.match(title) or (_KALSHI_ANY_TOUCHDOWN.match(title) if kalshi else None)
    return next((g for g in found.groups() if g), None) if found is not None else None


# Kalshi series of one league's props are named for the league ("KXNBAPTS", "KXNFLPASSYDS").
_SERIES_LEAGUE = re.compile(r"^KX(NBA|NFL|NHL|MLB)")


def _measure(player: str, stat: str) -> Measure:
    return Measure(f"player_prop:{name_key(player)}:{stat}", GAME_LINE, f"{player} {stat}", grid=Decimal(1),
                   anchor="day")


def _proposition(reading: Reading, player: str, stat: str, league: str | None, teams: tuple[str, ...],
                 day: date, **fields: object) -> Proposition:
    market = reading.market
    measure = _measure(player, stat)
    return Proposition(
        venue=market.venue, market_id=market.market_id, kind=Kind.THRESHOLD, topic=GAME_LINE, category=market.category,
        text=similarity_text(reading.text, *_team_words(league, teams)), measure=measure, league=league, teams=teams,
        when=_on(day), place=game_place(teams), grid=measure.grid, frame=_game_frame("full game"),
        close_eastern=reading.close_eastern, **fields,  # type: ignore[arg-type]
    )


def _titled_rung(reading: Reading) -> re.Match[str] | None:
    """The rung a title states with its statistic ("Nikola Jokic: 30+ points") when the YES side
    is that player's same rung alone ("Nikola Jokic: 30+")."""
    rung, label = _KALSHI_RUNG.match(reading.title), _KALSHI_LABEL.match(reading.label)
    if rung is None or label is None or name_key(rung.group(1)) != name_key(label.group(1)) \
            or rung.group(2) != label.group(2):
        return None
    return rung


def kalshi_prop(reading: Reading) -> Proposition | None:
    """A Kalshi player prop rung, or None when the market is not one."""
    # The question is the title or, for a market served as its YES side alone, the label.
    scorer = _any_touchdown(reading.title, kalshi=True) or _any_touchdown(reading.label, kalshi=True)
    if scorer is not None:
        player, number, stat = scorer, "1", "touchdowns"
    elif ":" not in reading.label or "+" not in reading.label:
        return None
    elif (rung := _KALSHI_RUNG.match(reading.label) or _titled_rung(reading)) is not None:
        player, number, stat = rung.group(1), rung.group(2), statistic(rung.group(3))
    else:
        title, label = _KALSHI_TITLE.match(reading.title), _KALSHI_LABEL.match(reading.label)
        if title is None or label is None or name_key(title.group(1)) != name_key(label.group(1)):
            return None
        player, number, stat = title.group(1), label.group(2), statistic(title.group(2))
    ticker = kalshi_ticker(reading.market)
    if stat is None or ticker is None or ticker.event_date is None:
        return None
    coded = _SERIES_LEAGUE.match(ticker.series_ticker)
    league = coded.group(1) if coded else None
    detail = (ticker.event_detail or "").split("-")[0]
    pair = lexicon.split_matchup_code(league, detail) if league in lexicon.LEAGUES else None
    teams = (pair[0].key, pair[1].key) if pair else _matchup_teams(league, reading.market.event_title)
    at_least = ValueRange(low=Bound(Decimal(number), True))
    return _proposition(reading, player, stat, league, teams, ticker.event_date, selection=at_least)


# "Will Jokic score 30+ points vs. the Thunder on December 18?": one player's rung against the
# other side of his game, the player often by his surname alone.
_WILL_REACH = re.compile(r"^will ([a-z][a-z.'\- ]{2,40}?) (?:score|record|have|get) (\d{1,3})(?:\+| or more) "
                         r"([a-z0-9 +&'\-]{2,30}?) (?:vs\.?|against) (?:the )?([a-z][a-z.' ]{1,30}?)(?: on .+?)?\??$")


def _one_league(side: str) -> str | None:
    """The one league whose team table knows the side ("Thunder"); None for none or several ("Kings")."""
    leagues = [league for league in lexicon.LEAGUES if lexicon.resolve_team(league, side) is not None]
    return leagues[0] if len(leagues) == 1 else None


def _full_name(surname: str, raw_rules: str) -> str:
    """The player the rules name in full whose surname the question writes alone ("Jokic" in
    "if Nikola Jokic records 30 or more points": the capitalised word before it); the name as
    written otherwise, which then measures no other market's player."""
    if " " in surname:
        return surname
    named = re.search(rf"\b[A-Z][\w.'\-]+ (?i:{re.escape(surname)})\b", raw_rules)
    return fold_short(named.group(0)) if named is not None else surname


def _rung_against(reading: Reading) -> Proposition | None:
    """"Will <player> score N+ <statistic> vs. the <side>?": a threshold on the player's statistic
    in the game against that side, which the game's two teams (its event, its rules) must hold."""
    reach = _WILL_REACH.match(reading.title)
    if reach is None or (stat := statistic(reach.group(3))) is None:
        return None
    market = reading.market
    league = slug_league(market) or _one_league(reach.group(4))
    opponent = team_key(league, reach.group(4)) if league in lexicon.LEAGUES else None
    teams = _event_teams(market, league) or _matchup_teams(league, market.rules[:RULES_READ])
    day, from_utc = game_day(reading)
    outcomes = yes_no_terms(market, ValueRange(low=Bound(Decimal(reach.group(2)), True)))
    if opponent is None or opponent not in teams or day is None or not outcomes:
        return None
    return _proposition(reading, _full_name(reach.group(1), market.rules[:RULES_READ]), stat, league, teams, day,
                        outcomes=outcomes, day_from_utc=from_utc, starts_at=market.game_start_time)


def polymarket_prop(reading: Reading) -> Proposition | None:
    """A Polymarket player prop, or None when the market is not one."""
    title = reading.title
    if title.startswith("will ") and ("+" in title or " or more " in title):
        rung = _rung_against(reading)
        if rung is not None:
            return rung
    scorer = _any_touchdown(title, kalshi=False)
    if ":" not in title and "goal" not in title and scorer is None:
        return None
    market = reading.market
    over = _POLYMARKET_QUESTION.match(title)
    goal = _ANY_GOAL.match(title) if over is None and "goal" in title else None
    if over is not None:
        player, stat, line = over.group(1), statistic(over.group(2)), Decimal(over.group(3))
        paid = ValueRange(low=Bound(line, False))
    elif goal is not None or scorer is not None:
        player, stat = (goal.group(1) or goal.group(2), "goals") if goal is not None else (scorer, "touchdowns")
        paid = ValueRange(low=Bound(Decimal(1), True))
    else:
        return None
    if stat is None:
        return None
    if is_pair_of(market, "over", "under"):
        outcomes = tuple(OutcomeTerm(o.name, o.token_id, paid, negated=o.name.strip().lower() == "under")
                         for o in market.outcomes)
    else:
        outcomes = yes_no_terms(market, paid)
    league = slug_league(market)
    day, from_utc = game_day(reading)
    if not outcomes or day is None:
        return None
    return _proposition(reading, player, stat, league, _event_teams(market, league), day, outcomes=outcomes,
                        day_from_utc=from_utc, starts_at=market.game_start_time)
