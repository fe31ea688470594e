"""What a subject covers, compared between two markets' texts: a region (the euro area is not the
European Union; a worldwide ranking is not one country's), a subject one market widens ("or any
other crewed mission"), and a work named with its author against the author alone. Split from
:mod:`.names`, whose name comparison calls each of these."""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions.lexicon import weather
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import COUNTRIES
from arb_pipeline.domain.matching.propositions.model import Name, Proposition
from arb_pipeline.domain.matching.propositions.names import WORK_BY, mentioned, name_key, same_name, work_and_author


# The euro area (the countries that use the euro) and the European Union (all its members) are two
# regions, each with its own GDP, inflation and jobless figures from Eurostat.
_EURO_AREA = re.compile(r"\beuro ?(?:area|zone)\b|\beurozone\b|\bea20\b|\bea21\b")
_EU = re.compile(r"\beu\b|\beuropean union\b|\beu27\b")


def widened(who: str, names: tuple[Name, ...], context: str, other_context: str) -> str | None:
    """Why a market that widens its subject right after naming it ("Artemis III, or any other
    crewed lunar landing mission, launches") may pay where the other, on that subject alone, does
    not."""
    if "or any" not in context:
        return None
    for name in names:
        if not name.key or name.key not in context:
            continue
        widening = re.compile(rf"\b{re.escape(name.key)}(?: [\w.]+){{0,2}}?\s*[,(]\s*or any(?: other)?\b")
        found = widening.search(context)
        if found is not None and widening.search(other_context) is None:
            return f"{who} also pays on what it adds to '{name.label}' ('{found.group(0)} ...'), the other market on it alone"
    return None


def author_alone(who: str, own: tuple[Name, ...], other: tuple[Name, ...], context: str, other_context: str) -> str | None:
    """Why a work named with its author ("The Long Road - Ana Reyes", Kalshi's chart options) may
    not be the other market's subject when that market names the author alone: "Will Ana Reyes
    have the #1 album?" pays on any album of hers. Only where the other market never names the
    work itself, and not for a prize one wins ("Will Ana Reyes win Song of the Year?"): a category
    nominates an artist once, so the artist is the work there."""
    for name in own:
        work = work_and_author(name.label, context) if " " in name.label else None
        if work is None:
            continue
        title, author = work
        if mentioned(Name(name_key(title), title), other_context):
            continue
        author_name = Name(name_key(author), author, name.kind)
        if any(same_name(author_name, m) for m in other if not WORK_BY.fullmatch(m.label)):
            return f"{who} names the work '{title}'; the other market names only its author {author}, any of whose works may pay"
    return None


def euro_area_apart(k_context: str, p_context: str) -> str | None:
    k_area, p_area = _EURO_AREA.search(k_context) is not None, _EURO_AREA.search(p_context) is not None
    if k_area == p_area:
        return None
    other = p_context if k_area else k_context
    if _EU.search(other) is None:
        return None
    return ("different place: Kalshi the euro area vs Polymarket the European Union" if k_area
            else "different place: Kalshi the European Union vs Polymarket the euro area")


# A ranking or a figure across the world against the same in one country ("most-streamed artist
# globally" against "in the US"): two lists, two figures.
# A chart named "global" ("Top Global Artist", "the Global Top 50"; "top" is read as "1") is the
# worldwide list too.
WORLDWIDE = re.compile(r"\b(?:globally|worldwide|world-wide|around the world|across the world|in the world"
                        r"|(?:top|1) global|global (?:top|1|charts?|lists?|rankings?))\b")
_IN_COUNTRY = re.compile(r"\bin (?:the )?(" + "|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True)) + r")\b")


def worldwide_apart(k_context: str, p_context: str) -> str | None:
    k_world, p_world = WORLDWIDE.search(k_context) is not None, WORLDWIDE.search(p_context) is not None
    if k_world == p_world:
        return None
    world, other = (k_context, p_context) if k_world else (p_context, k_context)
    country = _IN_COUNTRY.search(other)
    if country is None or _IN_COUNTRY.search(world) is not None:
        return None
    place = country.group(1).upper() if len(country.group(1)) <= 3 else country.group(1).title()
    return (f"different region: Kalshi worldwide vs Polymarket in {place}" if k_world
            else f"different region: Kalshi in {place} vs Polymarket worldwide")


def city_of_the_station(city_market: Proposition, station_market: Proposition) -> tuple[str, str] | None:
    """The city one market names ("Will NYC have a snowless Christmas?") and the station the other
    names in it ("Snow in Central Park"), as their folded words, when the city's market's own rules
    name that station ("Central Park, NY records ..."): both read the one station. None otherwise."""
    station = weather.station_in("", station_market.frame.context)
    if station is None or weather.station_in("", city_market.frame.rules) != station:
        return None
    city = weather.STATION_BY_CODE[station].city
    for name in city_market.frame.names:
        if weather.city_in(name.key) == city and not mentioned(name, station_market.frame.context):
            named = next(n for n in weather.STATION_BY_CODE[station].names if n in station_market.frame.context)
            return name.key, named
    return None
