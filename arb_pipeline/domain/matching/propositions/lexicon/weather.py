"""Weather readings: the stations a city's temperature is read at and the cities markets name.

Kalshi settles its KXHIGH series on the NWS Daily Climate Report of one station, Polymarket on
Weather Underground's history of one station; the two venues need not use the same station for a
city (New York: Central Park on Kalshi, LaGuardia on Polymarket), which makes the same city and
day a different number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from arb_pipeline.domain.matching.propositions.text import contains_any


@dataclass(frozen=True, slots=True)
class Station:
    code: str  # ICAO
    city: str  # canonical city key
    label: str
    names: tuple[str, ...]  # how rules name it (lower case)
    airport: bool = True  # a US airport's ICAO code is "K" and its three-letter code ("KORD": "ORD")


STATIONS = (
    Station("KNYC", "new york city", "Central Park", ("central park",), airport=False),
    Station("KLGA", "new york city", "LaGuardia", ("laguardia", "la guardia")),
    Station("KJFK", "new york city", "JFK", ("jfk airport", "john f. kennedy", "kennedy international")),
    Station("KMDW", "chicago", "Midway", ("midway",)),
    Station("KORD", "chicago", "O'Hare", ("o'hare", "ohare", "o hare")),
    Station("KMIA", "miami", "Miami International Airport", ("miami international",)),
    Station("KAUS", "austin", "Austin-Bergstrom", ("austin-bergstrom", "bergstrom", "austin bergstrom")),
    Station("KATT", "austin", "Camp Mabry", ("camp mabry",), airport=False),
    Station("KDEN", "denver", "Denver International Airport", ("denver international",)),
    Station("KLAX", "los angeles", "LAX", ("los angeles international", "lax airport")),
    Station("KPHL", "philadelphia", "Philadelphia International Airport", ("philadelphia international",)),
    Station("KDAL", "dallas", "Love Field", ("love field",)),
    Station("KDFW", "dallas", "DFW Airport", ("dallas/fort worth", "dallas-fort worth", "dfw airport")),
    Station("KHOU", "houston", "Hobby Airport", ("hobby airport", "william p. hobby")),
    Station("KIAH", "houston", "Bush Intercontinental", ("bush intercontinental", "george bush")),
    Station("KSEA", "seattle", "Sea-Tac", ("sea-tac", "seattle-tacoma")),
    Station("KBOS", "boston", "Logan Airport", ("logan",)),
    Station("KATL", "atlanta", "Hartsfield-Jackson", ("hartsfield",)),
    Station("KSFO", "san francisco", "SFO", ("san francisco international",)),
    Station("KPHX", "phoenix", "Sky Harbor", ("sky harbor",)),
    Station("KLAS", "las vegas", "Harry Reid Airport", ("harry reid", "mccarran")),
    Station("KDCA", "washington dc", "Reagan National", ("reagan national", "ronald reagan washington")),
    Station("KMSY", "new orleans", "Louis Armstrong Airport", ("louis armstrong",)),
)
STATION_BY_CODE = {station.code: station for station in STATIONS}

CITIES: Mapping[str, tuple[str, ...]] = {
    "new york city": ("new york city", "nyc", "new york"),
    "chicago": ("chicago",),
    "miami": ("miami",),
    "austin": ("austin",),
    "denver": ("denver",),
    "los angeles": ("los angeles", "la"),
    "philadelphia": ("philadelphia", "philly"),
    "dallas": ("dallas",),
    "houston": ("houston",),
    "seattle": ("seattle",),
    "boston": ("boston",),
    "atlanta": ("atlanta",),
    "san francisco": ("san francisco", "sf"),
    "phoenix": ("phoenix",),
    "las vegas": ("las vegas",),
    "washington dc": ("washington dc", "washington, dc", "washington d.c.", "dc"),
    "new orleans": ("new orleans",),
}
# Kalshi KXHIGH<city> series codes when a title names the city only through the ticker.
KALSHI_WEATHER_SERIES_CITY = {
    "NY": "new york city", "CHI": "chicago", "MIA": "miami", "AUS": "austin", "DEN": "denver",
    "LAX": "los angeles", "PHIL": "philadelphia", "DAL": "dallas", "HOU": "houston", "SEA": "seattle",
    "BOS": "boston", "ATL": "atlanta", "SF": "san francisco", "PHX": "phoenix", "LV": "las vegas",
    "DC": "washington dc", "NOLA": "new orleans",
}


_STATION_FINDERS = tuple(
    (st.code, st.names, re.compile(rf"\b{st.code}\b"), re.compile(r"\b(?:" + "|".join(re.escape(n) for n in st.names) + r")\b"))
    for st in STATIONS
)
_CITY_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(alias) for aliases in CITIES.values() for alias in aliases), key=len, reverse=True))
    + r")\b"
)
_CITY_BY_ALIAS = {alias: city for city, aliases in CITIES.items() for alias in aliases}


def station_in(raw_text: str, folded: str) -> str | None:
    """The one station a market names, by ICAO code (in a URL or the text) or by name; None when
    it names none or several."""
    codes = {
        code for code, names, code_pattern, name_pattern in _STATION_FINDERS
        if (code in raw_text and code_pattern.search(raw_text))
        or (contains_any(folded, names) and name_pattern.search(folded))
    }
    return next(iter(codes)) if len(codes) == 1 else None


# A US airport by its three-letter code, as a title writes it in capitals ("ORD high above 40°F").
_AIRPORT_CODE = re.compile(r"\b(" + "|".join(st.code[1:] for st in STATIONS if st.airport) + r")\b")


def airport_in(raw_title: str) -> str | None:
    """The one station a title names by its airport's three-letter code, as its ICAO code."""
    codes = {f"K{code}" for code in _AIRPORT_CODE.findall(raw_title)}
    return next(iter(codes)) if len(codes) == 1 else None


def city_in(text: str) -> str | None:
    match = _CITY_PATTERN.search(text)
    return _CITY_BY_ALIAS[match.group(1)] if match else None
