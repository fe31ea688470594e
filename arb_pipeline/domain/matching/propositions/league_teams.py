"""A team of a league with a table named in two forms outside a game: a futures or season market
writes "Seattle" where the other venue writes "Seattle Seahawks", Kalshi's "New York Y" where the
other writes "Yankees". The game reader resolves these forms through the league's table; a
market that is no game says its league only in its words ("the NFC West", "AL pennant"), and
the table is used only when one of them does (docs/matching.md, "Teams outside games")."""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions.lexicon import sports as lexicon
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.names import name_key
from arb_pipeline.domain.matching.propositions.text import contains_any

# Words that place a market in one league: its name, its conferences and divisions, its final,
# and the sport Kalshi's rules write for it ("the 2026-27 professional hockey postseason").
_LEAGUE_WORDS = {
    "NFL": re.compile(r"\b(?:nfl|afc|nfc|super bowl|pro(?:fessional)? football)\b"),
    "NBA": re.compile(r"\b(?:nba|pro(?:fessional)? basketball)\b"),
    "WNBA": re.compile(r"\b(?:wnba|pro(?:fessional)? women's basketball)\b"),
    "NHL": re.compile(r"\b(?:nhl|stanley cup|pro(?:fessional)? hockey)\b"),
    "MLB": re.compile(r"\b(?:mlb|american league|national league|world series|pro(?:fessional)? baseball"
                      r"|(?:al|nl) (?:east|west|central|pennant|wild card))\b"),
}


# Each league's words hold one of these: most rules hold none and skip the regexes.
_NEEDLES = ("nfl", "afc", "nfc", "super bowl", "pro ", "professional ", "nba", "wnba", "nhl", "stanley cup", "mlb", " league", "world series",
            "al ", "nl ")


def league_named(text: str) -> str | None:
    """The one league with a team table that the lower-case ``text`` places its market in, if one."""
    if not contains_any(text, _NEEDLES):
        return None
    named = [league for league, words in _LEAGUE_WORDS.items() if words.search(text)]
    return named[0] if len(named) == 1 else None


def team_in_full(name: Name, league: str) -> Name:
    """``name`` as the full name of the team of ``league`` it stands for ("Seattle" -> "Seattle
    Seahawks", "New York Y" -> "New York Yankees"); ``name`` as written when it names no team of
    the league, or two (a bare "New York" in the NFL), or a person."""
    if name.kind == "person":
        return name
    team = lexicon.resolve_team(league, name.label)
    if team is None:
        return name
    full = f"{team.base_city} {team.nickname}"
    return Name(name_key(full), full, name.kind)


def league_of_team(label: str) -> str | None:
    """The one league with a team table whose team ``label`` names ("Mavericks", "Dallas
    Mavericks" -> NBA); None when it names no team, or teams of two leagues ("Dallas" is the
    Mavericks, the Wings and the Cowboys)."""
    leagues = [league for league in lexicon.TEAM_TABLES if lexicon.resolve_team(league, label) is not None]
    return leagues[0] if len(leagues) == 1 else None
