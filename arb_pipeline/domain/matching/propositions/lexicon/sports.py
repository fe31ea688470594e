"""Sports: leagues, teams and their names on both venues, and the Kalshi series and Polymarket
slugs of games, lines and season titles.

The two venues name the same thing differently: Kalshi titles use a team's city ("Los Angeles L",
venue_samples/kalshi_events_nba_2026-01.json) and ticker codes (``KXNBAGAME-26JAN09MILLAL-MIL``),
Polymarket the nickname ("Bucks vs. Lakers" with outcome tokens "Bucks"/"Lakers",
venue_samples/polymarket_gamma_events_nba_2026-01.json) and lower-case slug codes
(``nfl-la-car-2026-01-10``). Every alias below resolves to one canonical key per league.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from arb_pipeline.domain.matching.propositions.lexicon import table_rows


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
    for parts in table_rows(rows, 4):
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

# The WNBA's teams, for the season markets that name a team by its city on one venue and by its
# nickname on the other ("Will New York make the playoffs?" / "Will the Liberty make the WNBA
# Playoffs?"). Its games are still read by name, as those of leagues without a table: the codes
# below are this table's own, not Kalshi's ticker codes.
WNBA = _league("WNBA", """
    ATL | Atlanta | Dream
    CHI | Chicago | Sky
    CON | Connecticut | Sun
    DAL | Dallas | Wings
    GSV | Golden State | Valkyries
    IND | Indiana | Fever
    LVA | Las Vegas | Aces
    LAS | Los Angeles | Sparks
    MIN | Minnesota | Lynx
    NYL | New York | Liberty
    PHX | Phoenix | Mercury
    POR | Portland | Fire
    SEA | Seattle | Storm
    TOR | Toronto | Tempo
    WAS | Washington | Mystics
""")
# Every league whose teams are named in two forms: the game leagues and the WNBA.
TEAM_TABLES: Mapping[str, tuple[Team, ...]] = {**LEAGUES, "WNBA": WNBA}

# Leagues whose games can end level: a game-winner market's NO then also covers the draw, so
# "team A wins" is not the complement of "team B wins" there.
LEAGUES_WITH_TIES = frozenset({"NFL"})

# Leagues whose games cannot end level (overtime, extra innings, a deciding set): the NO of "A
# wins" is "B wins". Soccer draws, and the NFL can tie.
LEAGUES_WITHOUT_DRAWS = frozenset({"NBA", "WNBA", "NHL", "MLB", "NCAAB", "NCAAF", "ATP", "WTA"})

# Kalshi series (KX<LEAGUE>GAME, KX<TOUR>MATCH) and Polymarket slug prefixes per league; a series
# of that shape not listed here is still a game, of the league its name says.
KALSHI_GAME_SERIES = {
    "KXNBAGAME": "NBA", "KXNFLGAME": "NFL", "KXNHLGAME": "NHL", "KXMLBGAME": "MLB",
    "KXWNBAGAME": "WNBA", "KXNCAAFGAME": "NCAAF", "KXNCAAMBGAME": "NCAAB", "KXNCAABGAME": "NCAAB",
    "KXNCAAWBGAME": "NCAAW",
    "KXEPLGAME": "EPL", "KXLALIGAGAME": "LALIGA", "KXSERIEAGAME": "SERIEA", "KXBUNDESLIGAGAME": "BUNDESLIGA",
    "KXLIGUE1GAME": "LIGUE1", "KXUCLGAME": "UCL", "KXMLSGAME": "MLS", "KXATPMATCH": "ATP", "KXWTAMATCH": "WTA",
}
KALSHI_GAME_PATTERN = re.compile(r"^KX([A-Z0-9]+?)(?:GAME|MATCH)$")
KALSHI_LINE_PATTERN = re.compile(r"^KX([A-Z0-9]+?)(TOTAL|SPREAD)$")
# Season futures: one Kalshi market per team on the title (KXNBA-26-BOS, "2026 Pro Basketball
# Finals champion?") against Polymarket's "2026 NBA Champion" event of Yes/No markets per team.
KALSHI_CHAMPION_SERIES = {"KXNBA": "NBA", "KXSB": "NFL", "KXNHL": "NHL", "KXMLB": "MLB", "KXWNBA": "WNBA"}
CHAMPIONSHIPS = (
    ("NBA", r"\bnba (?:finals|championship|champion)\b|pro basketball (?:finals|champion)"),
    ("WNBA", r"\bwnba (?:finals|championship|champion)\b"),
    ("NFL", r"\bsuper bowl\b|pro football champion"),
    ("NHL", r"\bstanley cup\b|pro hockey champion"),
    ("MLB", r"\bworld series\b|pro baseball champion"),
    # College titles are played as tournaments, and a school's men's and women's titles are two
    # competitions; Europe's club title is named the same in every country's wording.
    ("NCAAW", r"\bncaa (?:division i )?women's (?:basketball )?(?:tournament|champion)|\bwomen's college basketball champion"),
    ("NCAAB", r"\bncaa (?:division i )?(?:men's )?(?:basketball )?(?:tournament|champion)|\bmen's college basketball champion"
              r"|\bmarch madness\b"),
    ("NCAAF", r"\bcollege football (?:playoff|champion)|\bcfp national championship"),
    ("UCL", r"(?<!afc )(?<!caf )(?<!concacaf )\b(?:uefa )?champions league\b"),
)
# National leagues by the country that plays them, as each venue may name it ("Spanish La Liga",
# "Spain's La Liga" / "La Liga"): the league's own country before its name adds nothing, another
# country's ("Brazilian Serie A", "Austrian Bundesliga", "Indian Premier League") names another
# league. (league as written, its country's adjectives and the country's name)
NATIONAL_LEAGUES = (
    ("Premier League", ("English",), "England"),
    ("La Liga", ("Spanish",), "Spain"),
    ("Serie A", ("Italian",), "Italy"),
    ("Bundesliga", ("German",), "Germany"),
    ("Ligue 1", ("French",), "France"),
    ("Eredivisie", ("Dutch",), "Netherlands"),
    ("Primeira Liga", ("Portuguese",), "Portugal"),
    ("Liga MX", ("Mexican",), "Mexico"),
    ("Süper Lig", ("Turkish",), "Turkey"),
)

# A national football league under its other names, as each venue may write it: its sponsor's
# spelling ("LaLiga", "LALIGA"), its name in its own language ("Primera División", with no other
# country's word before it: Argentina's and Chile's top flights have that name too) and "the
# <country's adjective> league", which names that country's top football league only where the
# market is about football (Spain's basketball league is another). A tier or a side's league
# ("LaLiga Hypermotion", "Serie B", "Bundesliga 2", "Liga F", "Women's Super League") is another name.
# (league as written, spellings read anywhere, "<adjective> league" read in football only)
LEAGUE_OTHER_NAMES = (
    ("La Liga", ("LaLiga", "LALIGA", "Laliga", "Primera División", "Primera Division"), "Spanish"),
    ("Serie A", (), "Italian"),
    ("Bundesliga", (), "German"),
    ("Ligue 1", (), "French"),
)


def _league_words(league: str) -> set[tuple[str, ...]]:
    """A national league's name as the words of a name, also without the one-letter word a title's
    capitals may leave out of a name ("Serie A" read as "Serie")."""
    plain = unicodedata.normalize("NFKD", league).encode("ascii", "ignore").decode().lower()
    words = tuple(re.split(r"[^a-z0-9]+", plain))
    return {words, tuple(word for word in words if len(word) > 1)}


NATIONAL_LEAGUE_WORDS = frozenset(words for league, _, _ in NATIONAL_LEAGUES for words in _league_words(league))
KALSHI_TOTAL_SERIES = {"KXNBATOTAL": "NBA", "KXNFLTOTAL": "NFL", "KXNHLTOTAL": "NHL", "KXMLBTOTAL": "MLB"}
KALSHI_SPREAD_SERIES = {"KXNBASPREAD": "NBA", "KXNFLSPREAD": "NFL", "KXNHLSPREAD": "NHL", "KXMLBSPREAD": "MLB"}
# The women's league of a men's one, for a game a market marks as the women's ("Duke vs. Kentucky
# (Women)", "In the upcoming NCAAW game") under the men's slug or series: the two schools meet in
# both, on the same day, and only the league tells the games apart.
WOMENS_LEAGUES = {"NCAAB": "NCAAW", "NBA": "WNBA"}
POLYMARKET_SLUG_LEAGUES = {
    "nba": "NBA", "nfl": "NFL", "nhl": "NHL", "mlb": "MLB", "wnba": "WNBA",
    "cfb": "NCAAF", "cfp": "NCAAF", "ncaaf": "NCAAF", "cbb": "NCAAB", "ncaab": "NCAAB", "cwbb": "NCAAW",
    "epl": "EPL", "lal": "LALIGA", "sea": "SERIEA", "bun": "BUNDESLIGA", "fl1": "LIGUE1", "ucl": "UCL", "mls": "MLS",
    "atp": "ATP", "wta": "WTA",
}

# Clubs and schools under their other names, for leagues without a team table: each alias to one
# name ("UConn" is Connecticut, "Man City" Manchester City, "FC Internazionale Milano" Inter).
_TEAM_ALIASES = (
    ("connecticut", "uconn"), ("mississippi", "ole miss"), ("miami", "miami fl", "miami (fl)", "miami florida"),
    ("miami oh", "miami (oh)", "miami redhawks"),
    ("louisiana state", "lsu"), ("north carolina state", "nc state"), ("southern california", "usc"),
    ("brigham young", "byu"), ("texas christian", "tcu"), ("southern methodist", "smu"),
    ("central florida", "ucf"), ("nevada las vegas", "unlv"), ("virginia commonwealth", "vcu"),
    ("manchester city", "man city"), ("manchester united", "man united", "man utd"),
    ("atletico madrid", "club atletico de madrid", "atletico de madrid"), ("inter", "inter milan", "internazionale",
                                                                           "internazionale milano"),
    ("bayern munich", "bayern munchen", "bayern"), ("psg", "paris saint-germain", "paris saint germain", "paris sg"),
    ("tottenham", "tottenham hotspur", "spurs"), ("wolverhampton", "wolves", "wolverhampton wanderers"),
    ("marseille", "om", "olympique de marseille"), ("lyon", "ol", "olympique lyonnais"),
    ("los angeles fc", "lafc"), ("ac milan", "milan"), ("borussia dortmund", "dortmund", "bvb"),
    ("atletico madrid", "atleti"),
    # National sides under the other names their federations and the venues use.
    ("united states", "usa", "usmnt"), ("south korea", "korea republic"), ("iran", "ir iran"),
    ("ivory coast", "cote d ivoire"), ("turkey", "turkiye"), ("czech republic", "czechia"),
    # Sides of two words by their initials, as cricket and rugby scorecards write them ("ENG vs NZ").
    ("new zealand", "nz"), ("south africa", "rsa"), ("sri lanka", "sl"), ("west indies", "wi"),
    # National rugby union sides by the nickname only that side carries.
    ("south africa", "springboks"), ("new zealand", "all blacks"), ("australia", "wallabies"),
    # National sides of other sports by the nickname only that side carries.
    ("new zealand", "black caps", "blackcaps"), ("australia", "socceroos"), ("france", "les bleus"),
    # Schools by the mascot only that school carries ("the Buckeyes" win the national title); a
    # mascot many schools share ("Tigers", "Bulldogs", "Wildcats", "Huskies") names none of them.
    ("ohio state", "buckeyes"), ("michigan", "wolverines"), ("alabama", "crimson tide"), ("texas", "longhorns"),
    ("penn state", "nittany lions"), ("notre dame", "fighting irish"), ("oklahoma", "sooners"),
    ("florida state", "seminoles"), ("florida", "gators"), ("tennessee", "volunteers", "vols"),
    ("arkansas", "razorbacks"), ("nebraska", "cornhuskers"), ("iowa", "hawkeyes"), ("wisconsin", "badgers"),
    ("duke", "blue devils"), ("north carolina", "tar heels"), ("kansas", "jayhawks"), ("indiana", "hoosiers"),
    ("south carolina", "gamecocks"), ("oregon", "ducks"),
)
_CLUB_WORDS = frozenset({"fc", "cf", "afc", "sc", "club", "ac", "de", "the", "bv", "tsg", "vfb", "vfl", "sv"})
TEAM_ALIAS = {alias: names[0] for names in _TEAM_ALIASES for alias in names}
# The names an alias extends by one word ("miami" of "miami redhawks"): only these can be another
# team once the rules add a nickname.
EXTENDED_NAMES = frozenset(alias.rsplit(" ", 1)[0] for alias in TEAM_ALIAS if " " in alias)


# Derbies by the names they are known by: "El Clásico" is Real Madrid against Barcelona, whichever
# is at home (folded keys; the clubs as club_key reads them).
DERBIES = {name: (home, away) for name, home, away in table_rows("""
    el clasico             | Real Madrid         | Barcelona
    madrid derby           | Real Madrid         | Atletico Madrid
    der klassiker          | Bayern Munich       | Borussia Dortmund
    de klassieker          | Ajax                | Feyenoord
    derby della madonnina  | Inter               | AC Milan
    milan derby            | Inter               | AC Milan
    derby della capitale   | Roma                | Lazio
    le classique           | Paris Saint-Germain | Marseille
    north london derby     | Arsenal             | Tottenham
    manchester derby       | Manchester City     | Manchester United
    merseyside derby       | Liverpool           | Everton
    old firm               | Celtic              | Rangers
    north west derby       | Liverpool           | Manchester United
    tyne-wear derby        | Newcastle           | Sunderland
    revierderby            | Borussia Dortmund   | Schalke
    derby d'italia         | Inter               | Juventus
    derby della mole       | Juventus            | Torino
    derby della lanterna   | Genoa               | Sampdoria
    superclasico           | Boca Juniors        | River Plate
    seville derby          | Sevilla             | Real Betis
    lisbon derby           | Benfica             | Sporting CP
    o classico             | Benfica             | Porto
    edinburgh derby        | Hearts              | Hibernian
    intercontinental derby | Fenerbahce          | Galatasaray
""", 3)}


def club_key(name: str) -> str:
    """A team of a league without a table, as compared: aliases resolved, "FC"/"CF"/"Club" off
    ("Real Madrid CF" is "Real Madrid", "Club Atlético de Madrid" is "Atletico Madrid")."""
    folded = re.sub(r"[^a-z0-9() ]+", " ", name.lower()).strip()
    if folded in TEAM_ALIAS:
        return TEAM_ALIAS[folded]
    # The number a club carries in its full name ("Borussia 09 Dortmund", "Schalke 04", "TSG 1899
    # Hoffenheim") and the initials of its sports club ("BV", "TSG", "VfB") say no other club.
    words = [w for w in folded.replace("(", " ").replace(")", " ").split()
             if w not in _CLUB_WORDS and not (w.isdigit() and len(w) in (2, 4))]
    for size in range(len(words), 0, -1):
        # "UConn Huskies": the school under its other name, then its mascot.
        head = " ".join(words[:size])
        if head in TEAM_ALIAS:
            return " ".join([TEAM_ALIAS[head], *words[size:]])
    return " ".join(words)


def alias_key(text: str) -> str:
    """The form names are compared in: lower case, letters and digits only ("Trail Blazers",
    "trail-blazers" and "TRAIL BLAZERS" are one alias)."""
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def _team_aliases(teams: tuple[Team, ...]) -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = {}
    for team in teams:
        names = {team.code, team.nickname, team.city, f"{team.city} {team.nickname}", *team.aliases}
        names.add(f"{team.base_city} {team.nickname}")
        # Kalshi tells two teams of one city apart by the nickname's initial ("New York K").
        names.add(f"{team.city} {team.nickname[:1]}")
        for name in names:
            index.setdefault(alias_key(name), set()).add(team.code)
    return {alias: frozenset(codes) for alias, codes in index.items()}


_ALIASES = {league: _team_aliases(teams) for league, teams in TEAM_TABLES.items()}
_BY_CODE = {league: {team.code: team for team in teams} for league, teams in TEAM_TABLES.items()}


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
