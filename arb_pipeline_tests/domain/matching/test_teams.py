"""Teams across venues: Kalshi ticker codes and cities, Polymarket nicknames and slug codes."""

from __future__ import annotations

import pytest

from arb_pipeline.domain.matching.propositions.lexicon.sports import resolve_team, split_matchup_code, team_by_code


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
