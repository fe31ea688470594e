"""Forms of true pairs blind sets missed in the twelfth round, on invented markets: a league's
initials found inside another's ("NBA" in "WNBA"), short forms of competitions only their context
settles ("Worlds", "TI", "LoL"), sport awards in other words ("Golden Boot", "ROY"), relegation as
a finishing place, and a player known by one name. Each look-alike (another league, another
event, another award, another place in the table, another person) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.candidates import candidate_pairs
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.names import mentioned, name_key
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved_token(k: Market, p: Market) -> str | None:
    pairs = [x for x in match_markets([k], [p]) if x.status is PairStatus.APPROVED]
    return pairs[0].polymarket_yes_token if pairs else None


def assert_paired(k: Market, p: Market, pays_on_kalshi_yes: str) -> None:
    """Proposed, agreed part by part, and approved with the outcome that pays on Kalshi YES."""
    assert (0, 0) in candidate_pairs([read(k)], [read(p)])
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert approved_token(k, p) == token_named(p, pays_on_kalshi_yes)


def assert_apart(k: Market, p: Market) -> None:
    v = verdict(k, p)
    assert not v.agrees, v.reasons
    assert approved_token(k, p) is None


# --- a league's initials inside another's ------------------------------------------------------------


def _name(label: str) -> Name:
    return Name(name_key(label), label)


def test_a_leagues_initials_are_no_part_of_another_leagues() -> None:
    assert mentioned(_name("NBA"), "will the liberty win the 2027 nba finals?")
    assert not mentioned(_name("NBA"), "will the liberty win the 2027 wnba finals?")
    assert not mentioned(_name("PGA"), "if she wins the 2027 lpga championship")
    assert not mentioned(_name("NFL"), "the 2027 ufl season")
    assert not mentioned(_name("MLS"), "the 2027 nwsl championship")
    # A name's plural or possessive still follows it.
    assert mentioned(_name("Grammy"), "the 2027 grammys")
