"""Where the settling value is read and who publishes it: the place (for a game line, the game),
the weather station, and the resolution source."""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.propositions.games import GAME_LINE
from arb_pipeline.domain.matching.propositions.lexicon.markets import NATIONAL_OFFICE_COUNTRY, SOURCE_BY_KEY
from arb_pipeline.domain.matching.propositions.lexicon.weather import STATION_BY_CODE
from arb_pipeline.domain.matching.propositions.model import Kind, Proposition
from arb_pipeline.domain.matching.propositions.sports import same_teams, team_label


def game_label(teams: tuple[str, ...]) -> str:
    return "@".join(team_label(t) for t in teams) if len(teams) == 2 else "/".join(team_label(t) for t in teams)


def _station_label(code: str) -> str:
    station = STATION_BY_CODE.get(code)
    return f"{station.label} ({code})" if station else code


def compare_place(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    if kalshi.topic == GAME_LINE and kalshi.league and polymarket.league and kalshi.league != polymarket.league:
        # Two leagues share team codes ("DEN" is the Nuggets and the Broncos): a game line of one
        # is never the other's.
        audit.reject(f"different league: Kalshi {kalshi.league} vs Polymarket {polymarket.league}")
        return
    if kalshi.place and polymarket.place and kalshi.place != polymarket.place:
        if kalshi.topic == GAME_LINE and same_teams(kalshi.teams, polymarket.teams):
            # One game whose sides the venues write in two forms ("Dario Valko" / "Valko").
            audit.verified(f"same game {game_label(kalshi.teams)}")
            return
        if kalshi.topic == GAME_LINE:
            audit.reject(f"different game: Kalshi {game_label(kalshi.teams)} vs Polymarket {game_label(polymarket.teams)}")
        else:
            audit.reject(f"different place: Kalshi {kalshi.place} vs Polymarket {polymarket.place}")
        return
    if kalshi.topic == GAME_LINE and kalshi.place:
        audit.verified(f"same game {game_label(kalshi.teams)}")
    if kalshi.measure is None or not kalshi.measure.placed:
        return
    if kalshi.station and polymarket.station:
        if kalshi.station != polymarket.station:
            audit.reject(f"different station: Kalshi {_station_label(kalshi.station)} vs Polymarket "
                         f"{_station_label(polymarket.station)}")
        else:
            audit.verified(f"same station {_station_label(kalshi.station)}")
    else:
        missing = [v for v, p in (("Kalshi", kalshi), ("Polymarket", polymarket)) if not p.station]
        audit.unverified("station", f"station not named by {' and '.join(missing)}")


# Source families of figures an official agency publishes: a market silent on its source means
# that agency's release. Prices (crypto reference rates, index publishers) have no such default.
_OFFICIAL_RELEASES = frozenset({"inflation_index", "jobs_report"})


# The one agency that publishes a US figure, as a listed source's key or a publisher's initials
# (``publisher_key``): the BLS its CPI and its jobs report, the BEA its PCE.
_OFFICIAL_PUBLISHER: dict[str, frozenset[str]] = {
    "cpi": frozenset({"bls"}), "core_cpi": frozenset({"bls"}), "payrolls": frozenset({"bls_jobs", "bls"}),
    "pce": frozenset({"bea"}),
}


def _official_or_silent(named: set[str], official: frozenset[str]) -> bool:
    return not named or bool(named & official)


def _national_office(named: set[str], kalshi: Proposition, polymarket: Proposition) -> bool:
    """Whether the sources one market names are all national statistics offices, each of a country
    both markets write ("Statistics Canada" on two markets about Canada's CPI)."""
    return bool(named) and all(
        s in NATIONAL_OFFICE_COUNTRY and NATIONAL_OFFICE_COUNTRY[s].search(kalshi.frame.context) is not None
        and NATIONAL_OFFICE_COUNTRY[s].search(polymarket.frame.context) is not None for s in named)


def _official_label(keys: set[str] | frozenset[str]) -> str:
    return ", ".join(SOURCE_BY_KEY[s].label if s in SOURCE_BY_KEY else s.upper() for s in sorted(keys))


def _written_whole(p: Proposition) -> bool:
    """Whether a market's rules write its publisher by its initials or one word ("the CDC"), the
    form two markets name one body alike."""
    return re.search(rf"\b{re.escape(p.publisher)}\b", p.frame.rules) is not None


def _unwritten_initials(own: Proposition, other: Proposition) -> list[str]:
    """``own``'s initials that ``other`` neither writes nor spells out."""
    unshared = own.initials - other.initials
    if not unshared:
        # Most pairs share every initial: the other market's whole rules are folded only for one
        # left to look for (folding them took 1.6 % of a 20,000 x 20,000 match).
        return []
    said = f"{other.frame.context} {other.frame.rules}"
    return sorted(i for i in unshared
                  if re.search(rf"\b{i.lower()}\b", said) is None and _spelled_out(i.lower(), said) is None)


def _spelled_out(letters: str, said: str) -> re.Match[str] | None:
    """Words whose first letters are ``letters``, small connecting words between them passed
    over ("SEP": "Summary of Economic Projections")."""
    if not letters.isalpha():
        return None
    pattern = r"\s+(?:(?:of|and|for|on|the|de|du|des|&)\s+){0,2}".join(rf"{letter}\w*" for letter in letters)
    return re.search(rf"\b{pattern}\b", said)


def _judges(market: Proposition, initials: list[str]) -> list[str]:
    """Those of ``initials`` the market's rules name as the body that settles it."""
    rules = market.frame.rules
    return [i for i in initials if re.search(
        rf"\b(?:per|according to|as (?:reported|published|determined|announced) by|by) (?:the )?{i.lower()}\b"
        rf"|\b{i.lower()}(?:'s)? (?:announces?|declares?|determines?|reports?|publishes|confirms?|certifies)\b", rules)]


def _initials_apart(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    # A measured value whose markets each name a body or a series the other never writes
    # ("NSIDC" against "JAXA", "GISTEMP" against "ERA5", "PMMS" against "MBA") may be two
    # publishers' figures of one thing; no list of sources can know every agency. A weather
    # reading's station codes are compared as stations.
    if kalshi.station or polymarket.station or not (kalshi.initials and polymarket.initials):
        return
    k_own, p_own = _unwritten_initials(kalshi, polymarket), _unwritten_initials(polymarket, kalshi)
    if Kind.EVENT in (kalshi.kind, polymarket.kind):
        # An event's initials are as often who acts or what flies ("NASA", "SLS") as who settles
        # it; only a body its own rules make the judge counts: "if the NBER announces a recession"
        # against "two quarters of negative GDP per BEA advance estimates" are two definitions.
        k_own, p_own = _judges(kalshi, k_own), _judges(polymarket, p_own)
    if k_own and p_own:
        audit.unverified("source", f"each names a body the other never writes: Kalshi {', '.join(k_own)} vs "
                                   f"Polymarket {', '.join(p_own)}")


def compare_sources(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    _initials_apart(kalshi, polymarket, audit)
    families = {SOURCE_BY_KEY[s].family for s in kalshi.sources | polymarket.sources}
    for family in sorted(families):
        k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == family}
        p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == family}
        if k_side and p_side and not k_side & p_side:
            audit.reject(f"different source: Kalshi {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side))} vs "
                         f"Polymarket {', '.join(SOURCE_BY_KEY[s].label for s in sorted(p_side))}")
    needed = kalshi.measure.decisive_sources if kalshi.measure else None
    if needed is None:
        if kalshi.measure is None and polymarket.measure is None and kalshi.publisher and polymarket.publisher \
                and kalshi.publisher != polymarket.publisher and not kalshi.sources and not polymarket.sources \
                and _written_whole(kalshi) and _written_whole(polymarket):
            # A figure of no known measure (a count of cases) published by two bodies ("reported by
            # the CDC" against "according to the WHO"): two tallies of one thing, which differ. A
            # known measure's publishers have their own forms ("the Federal Reserve", "the FOMC"), and
            # so do bodies written in full ("the NWS Monthly Climate Report", "NWS Los Angeles").
            audit.reject(f"different publisher: Kalshi {kalshi.publisher.upper()} vs Polymarket {polymarket.publisher.upper()}")
        return
    k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == needed}
    p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == needed}
    k_named = k_side | ({kalshi.publisher} if kalshi.publisher else set())
    p_named = p_side | ({polymarket.publisher} if polymarket.publisher else set())
    official = _OFFICIAL_PUBLISHER.get(kalshi.measure.key) if kalshi.measure else None
    if k_side & p_side:
        audit.verified(f"same source: {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side & p_side))}")
    elif not k_side and not p_side and kalshi.publisher and kalshi.publisher == polymarket.publisher:
        # A publisher no list names, read from the rules ("as first released by the BEA").
        audit.verified(f"same publisher named in both rules: {kalshi.publisher.upper()}")
    elif not (k_side or p_side or kalshi.publisher or polymarket.publisher) and needed in _OFFICIAL_RELEASES:
        # An official statistic (core PCE, CPI, payrolls) that neither market attributes to anyone
        # is the statistics agency's own release on both; an alternative index (Truflation, ADP)
        # is named wherever it settles a market, and one market naming any source still waits.
        audit.verified(f"neither names a source: both settle on the official {kalshi.measure.label} release")
    elif official is not None and _official_or_silent(k_named, official) and _official_or_silent(p_named, official):
        # A US figure one agency publishes (CPI and payrolls: the BLS; PCE: the BEA) is that
        # agency's release on a market naming no source, and whichever name of it a market writes
        # ("the BLS", "the Employment Situation report").
        named = {s for s in (k_named | p_named) & official if SOURCE_BY_KEY[s].family == needed} \
            if (k_named | p_named) & official & SOURCE_BY_KEY.keys() else (k_named | p_named) & official
        audit.verified(f"both settle on the official {kalshi.measure.label} release ({_official_label(named)}), "
                       f"named by {'both' if k_named and p_named else 'Kalshi' if k_named else 'Polymarket'}")
    elif official is not None and (not k_named or not p_named) and _national_office(k_side | p_side, kalshi, polymarket):
        # Another country's figure (Canada's CPI, Japan's core CPI) is its national statistics
        # office's release, named or not, as a US one is the BLS's (docs/matching.md).
        audit.verified(f"both settle on the official {kalshi.measure.label} release of "
                       f"{_official_label(k_side | p_side)}, named by {'Kalshi' if k_side else 'Polymarket'}")
    elif official is not None and (not k_named or not p_named):
        # The other market names a private index or a nowcast (Truflation, ADP): another number.
        silent, named = ("Kalshi", p_named) if not k_named else ("Polymarket", k_named)
        audit.reject(f"different source: the official {kalshi.measure.label} release ({silent} names none) vs "
                     f"{_official_label(named)}")
    elif not (k_side and p_side):
        missing = [v for v, side in (("Kalshi", k_side), ("Polymarket", p_side)) if not side]
        audit.unverified("resolution source", f"resolution source not named by {' and '.join(missing)}")
