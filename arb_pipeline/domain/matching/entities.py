"""Reference data the matcher reads titles and rules with: teams, weather stations, cities,
resolution sources, crypto assets, indexes, US states and parties.

The two venues name the same thing differently: Kalshi titles use a team's city ("Los Angeles L",
venue_samples/kalshi_events_nba_2026-01.json) and ticker codes (``KXNBAGAME-26JAN09MILLAL-MIL``),
Polymarket the nickname ("Bucks vs. Lakers" with outcome tokens "Bucks"/"Lakers",
venue_samples/polymarket_gamma_events_nba_2026-01.json) and lower-case slug codes
(``nfl-la-car-2026-01-10``). Every alias below resolves to one canonical key per league.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Team:
    league: str
    code: str  # canonical code, Kalshi's ticker code where Kalshi lists the league
    city: str  # as Kalshi titles write it ("Los Angeles L")
    nickname: str  # as Polymarket outcomes write it ("Lakers")
    aliases: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.league}:{self.code}"

    @property
    def base_city(self) -> str:
        """The city without Kalshi's same-city letter: "Los Angeles L" -> "Los Angeles"."""
        head, _, last = self.city.rpartition(" ")
        return head if head and last.isupper() and len(last) <= 2 else self.city


def _league(league: str, rows: str) -> tuple[Team, ...]:
    teams = []
    for row in rows.strip().splitlines():
        parts = [part.strip() for part in row.split("|")]
        code, city, nickname = parts[:3]
        aliases = tuple(a.strip() for a in parts[3].split(",")) if len(parts) > 3 and parts[3] else ()
        teams.append(Team(league, code, city, nickname, aliases))
    return tuple(teams)


# Codes: Kalshi ticker codes (KXNBAGAME-26JAN09MILLAL-MIL); extra aliases are the other spellings
# seen on the venues and in sportsbook feeds (Polymarket slugs use the same codes in lower case).
NBA = _league("NBA", """
    ATL | Atlanta | Hawks
    BOS | Boston | Celtics
    BKN | Brooklyn | Nets | BRK
    CHA | Charlotte | Hornets | CHO
    CHI | Chicago | Bulls
    CLE | Cleveland | Cavaliers | Cavs
    DAL | Dallas | Mavericks | Mavs
    DEN | Denver | Nuggets
    DET | Detroit | Pistons
    GSW | Golden State | Warriors | GS
    HOU | Houston | Rockets
    IND | Indiana | Pacers
    LAC | Los Angeles C | Clippers | LA Clippers
    LAL | Los Angeles L | Lakers | LA Lakers
    MEM | Memphis | Grizzlies
    MIA | Miami | Heat
    MIL | Milwaukee | Bucks
    MIN | Minnesota | Timberwolves | Wolves
    NOP | New Orleans | Pelicans | NO, NOR
    NYK | New York | Knicks | NY
    OKC | Oklahoma City | Thunder
    ORL | Orlando | Magic
    PHI | Philadelphia | 76ers | Sixers
    PHX | Phoenix | Suns | PHO
    POR | Portland | Trail Blazers | Blazers
    SAC | Sacramento | Kings
    SAS | San Antonio | Spurs | SA
    TOR | Toronto | Raptors
    UTA | Utah | Jazz | UTAH
    WAS | Washington | Wizards | WSH
""")

# Kalshi writes the Rams "LA" (KXNFLGAME-26JAN10LACAR-CAR) and Polymarket "la"
# (nfl-la-car-2026-01-10), venue_samples/nba_matched_pairs_2026-01-09.json.
NFL = _league("NFL", """
    ARI | Arizona | Cardinals
    ATL | Atlanta | Falcons
    BAL | Baltimore | Ravens
    BUF | Buffalo | Bills
    CAR | Carolina | Panthers
    CHI | Chicago | Bears
    CIN | Cincinnati | Bengals
    CLE | Cleveland | Browns
    DAL | Dallas | Cowboys
    DEN | Denver | Broncos
    DET | Detroit | Lions
    GB | Green Bay | Packers | GNB
    HOU | Houston | Texans
    IND | Indianapolis | Colts
    JAC | Jacksonville | Jaguars | JAX
    KC | Kansas City | Chiefs | KAN
    LV | Las Vegas | Raiders | LVR
    LAC | Los Angeles C | Chargers | LA Chargers
    LA | Los Angeles R | Rams | LAR, LA Rams
    MIA | Miami | Dolphins
    MIN | Minnesota | Vikings
    NE | New England | Patriots | NWE
    NO | New Orleans | Saints | NOR
    NYG | New York G | Giants
    NYJ | New York J | Jets
    PHI | Philadelphia | Eagles
    PIT | Pittsburgh | Steelers
    SF | San Francisco | 49ers | SFO, Niners
    SEA | Seattle | Seahawks
    TB | Tampa Bay | Buccaneers | TAM, Bucs
    TEN | Tennessee | Titans
    WAS | Washington | Commanders | WSH
""")

NHL = _league("NHL", """
    ANA | Anaheim | Ducks
    BOS | Boston | Bruins
    BUF | Buffalo | Sabres
    CGY | Calgary | Flames
    CAR | Carolina | Hurricanes | Canes
    CHI | Chicago | Blackhawks
    COL | Colorado | Avalanche | Avs
    CBJ | Columbus | Blue Jackets
    DAL | Dallas | Stars
    DET | Detroit | Red Wings
    EDM | Edmonton | Oilers
    FLA | Florida | Panthers
    LA | Los Angeles | Kings | LAK
    MIN | Minnesota | Wild
    MTL | Montreal | Canadiens | MON, Habs
    NSH | Nashville | Predators | Preds
    NJ | New Jersey | Devils | NJD
    NYI | New York I | Islanders
    NYR | New York R | Rangers
    OTT | Ottawa | Senators
    PHI | Philadelphia | Flyers
    PIT | Pittsburgh | Penguins
    SJ | San Jose | Sharks | SJS
    SEA | Seattle | Kraken
    STL | St. Louis | Blues
    TB | Tampa Bay | Lightning | TBL
    TOR | Toronto | Maple Leafs | Leafs
    UTA | Utah | Mammoth | Utah Hockey Club
    VAN | Vancouver | Canucks
    VGK | Vegas | Golden Knights | VEG
    WSH | Washington | Capitals | WAS, Caps
    WPG | Winnipeg | Jets
""")

MLB = _league("MLB", """
    ARI | Arizona | Diamondbacks | AZ, D-backs
    ATL | Atlanta | Braves
    BAL | Baltimore | Orioles
    BOS | Boston | Red Sox
    CHC | Chicago C | Cubs
    CWS | Chicago WS | White Sox | CHW
    CIN | Cincinnati | Reds
    CLE | Cleveland | Guardians
    COL | Colorado | Rockies
    DET | Detroit | Tigers
    HOU | Houston | Astros
    KC | Kansas City | Royals | KCR
    LAA | Los Angeles A | Angels
    LAD | Los Angeles D | Dodgers
    MIA | Miami | Marlins
    MIL | Milwaukee | Brewers
    MIN | Minnesota | Twins
    NYM | New York M | Mets
    NYY | New York Y | Yankees
    ATH | Athletics | Athletics | OAK, Oakland
    PHI | Philadelphia | Phillies
    PIT | Pittsburgh | Pirates
    SD | San Diego | Padres | SDP
    SF | San Francisco | Giants | SFG
    SEA | Seattle | Mariners
    STL | St. Louis | Cardinals
    TB | Tampa Bay | Rays | TBR
    TEX | Texas | Rangers
    TOR | Toronto | Blue Jays | Jays
    WSH | Washington | Nationals | WAS, Nats
""")

LEAGUES: Mapping[str, tuple[Team, ...]] = {"NBA": NBA, "NFL": NFL, "NHL": NHL, "MLB": MLB}

# Leagues whose games can end level: a game-winner market's NO then also covers the draw, so
# "team A wins" is not the complement of "team B wins" there.
LEAGUES_WITH_TIES = frozenset({"NFL"})

# Kalshi series (KX<LEAGUE>GAME, VENUE_APIS.md 1.5) and Polymarket slug prefixes per league.
KALSHI_GAME_SERIES = {
    "KXNBAGAME": "NBA", "KXNFLGAME": "NFL", "KXNHLGAME": "NHL", "KXMLBGAME": "MLB",
    "KXWNBAGAME": "WNBA", "KXNCAAFGAME": "NCAAF", "KXNCAAMBGAME": "NCAAB", "KXNCAABGAME": "NCAAB",
}
# Season futures: one Kalshi market per team on the title (KXNBA-26-BOS, "2026 Pro Basketball
# Finals champion?") against Polymarket's "2026 NBA Champion" event of Yes/No markets per team.
KALSHI_CHAMPION_SERIES = {"KXNBA": "NBA", "KXSB": "NFL", "KXNHL": "NHL", "KXMLB": "MLB", "KXWNBA": "WNBA"}
CHAMPIONSHIPS = (
    ("NBA", r"\bnba (?:finals|championship|champion)\b|pro basketball (?:finals|champion)"),
    ("NFL", r"\bsuper bowl\b|pro football champion"),
    ("NHL", r"\bstanley cup\b|pro hockey champion"),
    ("MLB", r"\bworld series\b|pro baseball champion"),
)
KALSHI_TOTAL_SERIES = {"KXNBATOTAL": "NBA", "KXNFLTOTAL": "NFL", "KXNHLTOTAL": "NHL", "KXMLBTOTAL": "MLB"}
KALSHI_SPREAD_SERIES = {"KXNBASPREAD": "NBA", "KXNFLSPREAD": "NFL", "KXNHLSPREAD": "NHL", "KXMLBSPREAD": "MLB"}
POLYMARKET_SLUG_LEAGUES = {
    "nba": "NBA", "nfl": "NFL", "nhl": "NHL", "mlb": "MLB", "wnba": "WNBA",
    "cfb": "NCAAF", "cfp": "NCAAF", "ncaaf": "NCAAF", "cbb": "NCAAB", "ncaab": "NCAAB",
}


def alias_key(text: str) -> str:
    """The form names are compared in: lower case, letters and digits only ("Trail Blazers",
    "trail-blazers" and "TRAIL BLAZERS" are one alias)."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _team_aliases(teams: tuple[Team, ...]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for team in teams:
        names = {team.code, team.nickname, team.city, f"{team.city} {team.nickname}", *team.aliases}
        names.add(f"{team.base_city} {team.nickname}")
        for name in names:
            index.setdefault(alias_key(name), set()).add(team.code)
    return {alias: frozenset(codes) for alias, codes in index.items()}


_ALIASES = {league: _team_aliases(teams) for league, teams in LEAGUES.items()}
_BY_CODE = {league: {team.code: team for team in teams} for league, teams in LEAGUES.items()}


def team_by_code(league: str, code: str) -> Team | None:
    return _BY_CODE.get(league, {}).get(code.upper())


def resolve_team(league: str, name: str) -> Team | None:
    """The one team of ``league`` that ``name`` (code, city, nickname, full name or alias) names;
    None when unknown or ambiguous (a bare "Los Angeles" names two NBA teams)."""
    codes = _ALIASES.get(league, {}).get(alias_key(name))
    if codes is None or len(codes) != 1:
        return None
    return _BY_CODE[league][next(iter(codes))]


def split_matchup_code(league: str, detail: str, known_code: str | None = None) -> tuple[Team, Team] | None:
    """The two teams of a Kalshi event detail such as ``MILLAL`` (away first, then home). Codes are
    2-3 letters without separator, so every split is tried and only an unambiguous one is kept;
    ``known_code`` (the market's own outcome code) settles a tie."""
    codes = _BY_CODE.get(league)
    if not codes:
        return None
    detail = detail.upper()
    splits = [
        (codes[detail[:cut]], codes[detail[cut:]])
        for cut in range(2, len(detail) - 1)
        if detail[:cut] in codes and detail[cut:] in codes
    ]
    if known_code is not None and len(splits) > 1:
        splits = [s for s in splits if known_code.upper() in (s[0].code, s[1].code)]
    return splits[0] if len(splits) == 1 else None


# --- weather stations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Station:
    code: str  # ICAO
    city: str  # canonical city key
    label: str
    names: tuple[str, ...]  # how rules name it (lower case)


# Kalshi settles its KXHIGH series on the NWS Daily Climate Report of one station, Polymarket on
# Weather Underground's history of one station; the two venues need not use the same station for a
# city (New York: Central Park on Kalshi, LaGuardia on Polymarket), which makes the same city and
# day a different number.
STATIONS = (
    Station("KNYC", "new york city", "Central Park", ("central park",)),
    Station("KLGA", "new york city", "LaGuardia", ("laguardia", "la guardia")),
    Station("KJFK", "new york city", "JFK", ("jfk airport", "john f. kennedy", "kennedy international")),
    Station("KMDW", "chicago", "Midway", ("midway",)),
    Station("KORD", "chicago", "O'Hare", ("o'hare", "ohare", "o hare")),
    Station("KMIA", "miami", "Miami International Airport", ("miami international",)),
    Station("KAUS", "austin", "Austin-Bergstrom", ("austin-bergstrom", "bergstrom", "austin bergstrom")),
    Station("KATT", "austin", "Camp Mabry", ("camp mabry",)),
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


# --- resolution sources -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    key: str
    family: str  # sources of one family publish the same kind of number; two differing ones conflict
    label: str
    pattern: str  # regex over folded text


# Families where a different publisher means a different number: the crypto reference rate
# (CF Benchmarks' Real-Time Index vs an exchange's candle), the inflation figure (BLS CPI vs
# Truflation's index). Weather publishers are not here: the station decides the number, and
# both the NWS climate report and Weather Underground read the same station.
SOURCES = (
    Source("cf_benchmarks", "crypto_rate", "CF Benchmarks Real-Time Index", r"cf benchmarks|\bbrti\b|real-time index"),
    Source("binance", "crypto_rate", "Binance", r"\bbinance\b"),
    Source("coinbase", "crypto_rate", "Coinbase", r"\bcoinbase\b"),
    Source("kraken", "crypto_rate", "Kraken", r"\bkraken\b"),
    Source("coingecko", "crypto_rate", "CoinGecko", r"\bcoingecko\b"),
    Source("bls", "inflation_index", "BLS CPI", r"bureau of labor statistics|\bbls\b|bls\.gov"),
    Source("truflation", "inflation_index", "Truflation", r"\btruflation\b"),
    Source("sp_dji", "index_publisher", "S&P Dow Jones Indices", r"s&p dow jones indices"),
    Source("yahoo_finance", "index_publisher", "Yahoo Finance", r"yahoo finance"),
    Source("google_finance", "index_publisher", "Google Finance", r"google finance"),
)


# --- measured subjects ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Asset:
    key: str
    label: str
    pattern: str


CRYPTO_ASSETS = (
    Asset("BTC", "Bitcoin", r"\bbitcoin\b|\bbtc\b"),
    Asset("ETH", "Ethereum", r"\bethereum\b|\beth\b|\bether\b"),
    Asset("SOL", "Solana", r"\bsolana\b|\bsol\b"),
    Asset("XRP", "XRP", r"\bxrp\b|\bripple\b"),
    Asset("DOGE", "Dogecoin", r"\bdogecoin\b|\bdoge\b"),
)
INDEXES = (
    Asset("SPX", "S&P 500", r"s&p 500|s&p500|\bspx\b|\binx\b|\bs and p 500\b"),
    Asset("NDX", "Nasdaq-100", r"nasdaq-100|nasdaq 100|nasdaq100|\bndx\b"),
    Asset("DJI", "Dow Jones", r"dow jones industrial|\bdow jones\b|\bdjia\b"),
    Asset("RUT", "Russell 2000", r"russell 2000|\brut\b"),
)
COMMODITIES = (
    Asset("GOLD", "Gold", r"\bgold\b"),
    Asset("WTI", "WTI crude oil", r"\bwti\b|crude oil"),
)

# --- politics ----------------------------------------------------------------------------------

US_STATES = (
    ("Alabama", "AL"), ("Alaska", "AK"), ("Arizona", "AZ"), ("Arkansas", "AR"), ("California", "CA"),
    ("Colorado", "CO"), ("Connecticut", "CT"), ("Delaware", "DE"), ("Florida", "FL"), ("Georgia", "GA"),
    ("Hawaii", "HI"), ("Idaho", "ID"), ("Illinois", "IL"), ("Indiana", "IN"), ("Iowa", "IA"), ("Kansas", "KS"),
    ("Kentucky", "KY"), ("Louisiana", "LA"), ("Maine", "ME"), ("Maryland", "MD"), ("Massachusetts", "MA"),
    ("Michigan", "MI"), ("Minnesota", "MN"), ("Mississippi", "MS"), ("Missouri", "MO"), ("Montana", "MT"),
    ("Nebraska", "NE"), ("Nevada", "NV"), ("New Hampshire", "NH"), ("New Jersey", "NJ"), ("New Mexico", "NM"),
    ("New York", "NY"), ("North Carolina", "NC"), ("North Dakota", "ND"), ("Ohio", "OH"), ("Oklahoma", "OK"),
    ("Oregon", "OR"), ("Pennsylvania", "PA"), ("Rhode Island", "RI"), ("South Carolina", "SC"),
    ("South Dakota", "SD"), ("Tennessee", "TN"), ("Texas", "TX"), ("Utah", "UT"), ("Vermont", "VT"),
    ("Virginia", "VA"), ("Washington", "WA"), ("West Virginia", "WV"), ("Wisconsin", "WI"), ("Wyoming", "WY"),
)

PARTIES = {
    "D": ("democratic", "democrat", "democrats", "dem", "dems"),
    "R": ("republican", "republicans", "gop"),
    "I": ("independent",),
    "L": ("libertarian",),
    "G": ("green party",),
}
PARTY_LABELS = {"D": "Democratic", "R": "Republican", "I": "Independent", "L": "Libertarian", "G": "Green"}
