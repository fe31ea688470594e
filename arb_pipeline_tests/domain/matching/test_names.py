"""Names in their variants: capitals that make a name, aliases, short forms, initials,
transliterations and diacritics, schools and clubs by their other names."""

from __future__ import annotations

import pytest

from arb_pipeline.domain.matching.propositions import Name
from arb_pipeline.domain.matching.propositions.lexicon.sports import club_key
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import capitalised_runs, name_key, names_in
from arb_pipeline.domain.matching.propositions.sports import same_team
from arb_pipeline.domain.matching.propositions.text import fold


def name(label: str) -> Name:
    return Name(name_key(label), label)


def keys(*raws: str, evidence: str = "") -> list[str]:
    return [n.key for n in names_in(raws, evidence)]


def test_names_are_the_capitals_a_sentence_writes_mid_sentence() -> None:
    assert keys("Will Israel and Hamas agree to a ceasefire by March 31?", evidence="If Israel and Hamas sign") == [
        "israel", "hamas"]
    assert keys("Will Jerome Powell leave the Fed before June 1?") == ["jerome powell", "fed"]
    # A word that only starts a sentence is a name when the rules write it capitalised too.
    assert keys("Tesla deliveries in Q1 2026?", evidence="If Tesla reports") == ["tesla"]
    assert keys("Highest temperature in Miami on Jan 10?") == ["miami"]


def test_aliases_brackets_and_title_case() -> None:
    assert keys("Will the European Central Bank cut rates in March?") == ["ecb"]
    assert keys("Will the S&P 500 (SPX) close above 6,000?") == ["s&p"]
    assert keys("Republican Senate seats after 2026: More than 52") == ["gop", "senate"]
    # A headline In Title Case says nothing about which words are names.
    assert keys("Fed Decision In January?") == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Jerome Powell", "Powell"),
        ("Zelenskyy", "Zelensky"),
        ("Zelenskiy", "Zelensky"),
        ("Novak Đoković", "Novak Djokovic"),
        ("Timothée Chalamet", "Timothee Chalamet"),
        ("PTA", "Paul Thomas Anderson"),
        ("Fidesz-KDNP", "Fidesz"),
        ("Alphabet", "Google"),
        ("European Central Bank", "ECB"),
        ("Ohio St.", "Ohio State"),
        ("UConn", "Connecticut"),
        ("J.D. Vance", "JD Vance"),
        ("RFK Jr.", "Robert F. Kennedy Jr."),
        ("Kennedy", "Robert F. Kennedy Jr."),
        ("Xi", "Xi Jinping"),
        ("Lula", "Luiz Inácio Lula da Silva"),
        ("Bibi Netanyahu", "Benjamin Netanyahu"),
        ("AOC", "Alexandria Ocasio-Cortez"),
    ],
)
def test_one_name_in_two_spellings(first: str, second: str) -> None:
    assert same_name(name(first), name(second))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Manchester", "Manchester City"),  # a first word alone names neither club
        ("Israel", "Hamas"),
        ("Fed", "ECB"),
        ("Jerome Powell", "Kevin Warsh"),
        ("Donald Trump Jr.", "Donald Trump"),  # a generation apart
        ("Ken Griffey Jr.", "Ken Griffey Sr."),
    ],
)
def test_different_names(first: str, second: str) -> None:
    assert not same_name(name(first), name(second))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Club Atlético de Madrid", "atletico madrid"),
        ("Real Madrid CF", "real madrid"),
        ("FC Internazionale Milano", "inter"),
        ("Man City", "manchester city"),
        ("UConn Huskies", "connecticut huskies"),
        ("Miami (FL)", "miami"),
        ("Ole Miss", "mississippi"),
    ],
)
def test_clubs_and_schools_by_their_other_names(raw: str, key: str) -> None:
    assert club_key(fold(raw)) == key


def test_teams_meet_on_their_start_or_a_players_surname() -> None:
    assert same_team("name:clemson", "name:clemson tigers")
    assert same_team("name:connecticut", "name:connecticut huskies")
    assert same_team("name:sinner", "name:jannik sinner")
    assert not same_team("name:north carolina", "name:north carolina state")
    assert not same_team("name:duke", "name:north carolina")
    assert not same_team("NBA:LAL", "NBA:LAC")


def test_a_time_zone_is_a_clock_not_a_name() -> None:
    runs = capitalised_runs("The market closes at 11:59 PM Eastern Time if Jerome Powell leaves the Eastern Conference.")
    assert [run for run, _ in runs] == ["Jerome Powell", "Eastern Conference"]


def test_a_fiscal_period_is_not_a_name() -> None:
    assert [run for run, _ in capitalised_runs("Will Apple report EPS above $2.10 for Q1 FY2026?")] == ["Apple", "EPS"]
