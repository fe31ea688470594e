"""Teams across venues: Kalshi ticker codes and cities, Polymarket nicknames and slug codes."""

from __future__ import annotations

import pytest

from arb_pipeline.domain.matching.propositions.lexicon.sports import resolve_team, split_matchup_code, team_by_code
from arb_pipeline.domain.matching.propositions.reading import rules_profile


@pytest.mark.parametrize(
    ("league", "name", "code"),
    [
        ("NBA", "Lakers", "LAL"),
        ("NBA", "Los Angeles L", "LAL"),
        ("NBA", "Los Angeles Lakers", "LAL"),
        ("NBA", "LA Clippers", "LAC"),
        ("NBA", "Trail Blazers", "POR"),
        ("NBA", "trail-blazers", "POR"),
        ("NBA", "76ers", "PHI"),
        ("NBA", "Sixers", "PHI"),
        ("NBA", "Golden State", "GSW"),
        ("NFL", "Rams", "LA"),
        ("NFL", "Los Angeles R", "LA"),
        ("NFL", "la", "LA"),
        ("NFL", "JAX", "JAC"),
        ("NHL", "Kings", "LA"),
        ("MLB", "New York Y", "NYY"),
    ],
)
def test_every_venue_spelling_names_one_team(league: str, name: str, code: str) -> None:
    team = resolve_team(league, name)
    assert team is not None and team.code == code


def test_an_ambiguous_or_unknown_name_resolves_to_nothing() -> None:
    # Two NBA teams play in Los Angeles; "Kings" is Sacramento in the NBA and Los Angeles in the NHL.
    assert resolve_team("NBA", "Los Angeles") is None
    assert resolve_team("NBA", "Kings").code == "SAC"  # type: ignore[union-attr]
    assert resolve_team("NBA", "Oregon") is None
    assert resolve_team("CRICKET", "Lakers") is None


@pytest.mark.parametrize(
    ("league", "detail", "own", "away", "home"),
    [
        ("NBA", "MILLAL", "MIL", "MIL", "LAL"),
        ("NBA", "NOPWAS", None, "NOP", "WAS"),
        ("NFL", "LACAR", "CAR", "LA", "CAR"),
        ("NFL", "GBCHI", "GB", "GB", "CHI"),
    ],
)
def test_kalshi_event_detail_splits_into_away_and_home(league: str, detail: str, own: str | None, away: str,
                                                      home: str) -> None:
    split = split_matchup_code(league, detail, own)
    assert split is not None
    assert (split[0].code, split[1].code) == (away, home)


def test_an_unsplittable_detail_gives_nothing() -> None:
    assert split_matchup_code("NBA", "XXXYYY") is None
    assert split_matchup_code("NCAAF", "OREIND") is None


def test_base_city_drops_kalshis_same_city_letter() -> None:
    assert team_by_code("NBA", "LAL").base_city == "Los Angeles"  # type: ignore[union-attr]
    assert team_by_code("NBA", "GSW").base_city == "Golden State"  # type: ignore[union-attr]


def test_a_rules_text_places_its_market_in_a_league_whatever_its_numbers() -> None:
    """The rungs of a ladder share one reading of their rules (their numbers aside), and with it
    the league the rules name: no league's words hold a digit."""
    first = rules_profile("Resolves Yes if the team wins at least 10 games in the 2027 NHL Eastern Conference Finals.")
    second = rules_profile("Resolves Yes if the team wins at least 12 games in the 2028 NHL Eastern Conference Finals.")
    assert first is second and first.league == "NHL"
    assert rules_profile("Resolves Yes if the team wins 90 games in the AL East.").league == "MLB"
    assert rules_profile("Resolves Yes if 3 or more games are played.").league is None
