"""Reference data the simulated world is made of: teams as each venue names them, weather
stations, candidates.

Each venue names the same team differently, and the matcher has to bridge that: Kalshi titles
use the city ("Los Angeles L", "Golden State") and Polymarket the nickname ("Lakers"), as in the
recorded NBA events (docs/venues.md#recorded-payloads-used-in-tests); The Odds API uses the full
name ("Los Angeles Lakers", docs/venues.md#the-odds-api).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Team:
    code: str  # Kalshi ticker code (KXNBAGAME-26JAN09MILLAL-MIL)
    city: str  # Kalshi title name ("Los Angeles L")
    nickname: str  # Polymarket outcome name ("Lakers")
    full_name: str  # The Odds API team name ("Los Angeles Lakers")
    slug_code: str  # Polymarket slug code (nba-mil-lal-2026-01-09, nfl-la-car-2026-01-10)


def _teams(rows: str) -> tuple[Team, ...]:
    teams = []
    for row in rows.strip().splitlines():
        code, city, nickname, full_name = (part.strip() for part in row.split("|"))
        teams.append(Team(code, city, nickname, full_name, code.lower()))
    return tuple(teams)


NBA_TEAMS = _teams(
    """
    ATL | Atlanta | Hawks | Atlanta Hawks
    BOS | Boston | Celtics | Boston Celtics
    BKN | Brooklyn | Nets | Brooklyn Nets
    CHA | Charlotte | Hornets | Charlotte Hornets
    CHI | Chicago | Bulls | Chicago Bulls
    CLE | Cleveland | Cavaliers | Cleveland Cavaliers
    DAL | Dallas | Mavericks | Dallas Mavericks
    DEN | Denver | Nuggets | Denver Nuggets
    DET | Detroit | Pistons | Detroit Pistons
    GSW | Golden State | Warriors | Golden State Warriors
    HOU | Houston | Rockets | Houston Rockets
    IND | Indiana | Pacers | Indiana Pacers
    LAC | Los Angeles C | Clippers | Los Angeles Clippers
    LAL | Los Angeles L | Lakers | Los Angeles Lakers
    MEM | Memphis | Grizzlies | Memphis Grizzlies
    MIA | Miami | Heat | Miami Heat
    MIL | Milwaukee | Bucks | Milwaukee Bucks
    MIN | Minnesota | Timberwolves | Minnesota Timberwolves
    NOP | New Orleans | Pelicans | New Orleans Pelicans
    NYK | New York | Knicks | New York Knicks
    OKC | Oklahoma City | Thunder | Oklahoma City Thunder
    ORL | Orlando | Magic | Orlando Magic
    PHI | Philadelphia | 76ers | Philadelphia 76ers
    PHX | Phoenix | Suns | Phoenix Suns
    POR | Portland | Trail Blazers | Portland Trail Blazers
    SAC | Sacramento | Kings | Sacramento Kings
    SAS | San Antonio | Spurs | San Antonio Spurs
    TOR | Toronto | Raptors | Toronto Raptors
    UTA | Utah | Jazz | Utah Jazz
    WAS | Washington | Wizards | Washington Wizards
    """
)

# Kalshi writes the Rams as "LA" (KXNFLGAME-26JAN10LACAR-CAR) and Polymarket as "la"
# (nfl-la-car-2026-01-10), as in the recorded pairs (docs/venues.md#recorded-payloads-used-in-tests).
NFL_TEAMS = _teams(
    """
    ARI | Arizona | Cardinals | Arizona Cardinals
    ATL | Atlanta | Falcons | Atlanta Falcons
    BAL | Baltimore | Ravens | Baltimore Ravens
    BUF | Buffalo | Bills | Buffalo Bills
    CAR | Carolina | Panthers | Carolina Panthers
    CHI | Chicago | Bears | Chicago Bears
    CIN | Cincinnati | Bengals | Cincinnati Bengals
    CLE | Cleveland | Browns | Cleveland Browns
    DAL | Dallas | Cowboys | Dallas Cowboys
    DEN | Denver | Broncos | Denver Broncos
    DET | Detroit | Lions | Detroit Lions
    GB | Green Bay | Packers | Green Bay Packers
    HOU | Houston | Texans | Houston Texans
    IND | Indianapolis | Colts | Indianapolis Colts
    JAC | Jacksonville | Jaguars | Jacksonville Jaguars
    KC | Kansas City | Chiefs | Kansas City Chiefs
    LV | Las Vegas | Raiders | Las Vegas Raiders
    LAC | Los Angeles C | Chargers | Los Angeles Chargers
    LA | Los Angeles R | Rams | Los Angeles Rams
    MIA | Miami | Dolphins | Miami Dolphins
    MIN | Minnesota | Vikings | Minnesota Vikings
    NE | New England | Patriots | New England Patriots
    NO | New Orleans | Saints | New Orleans Saints
    NYG | New York G | Giants | New York Giants
    NYJ | New York J | Jets | New York Jets
    PHI | Philadelphia | Eagles | Philadelphia Eagles
    PIT | Pittsburgh | Steelers | Pittsburgh Steelers
    SF | San Francisco | 49ers | San Francisco 49ers
    SEA | Seattle | Seahawks | Seattle Seahawks
    TB | Tampa Bay | Buccaneers | Tampa Bay Buccaneers
    TEN | Tennessee | Titans | Tennessee Titans
    WAS | Washington | Commanders | Washington Commanders
    """
)


@dataclass(frozen=True, slots=True)
class Station:
    """A weather station a daily-high market settles on. ``normal_highs`` are the monthly mean
    daily highs in °F (January first), so a world built in any month quotes plausible strikes."""

    series: str  # Kalshi series ticker
    city: str  # how both venues name the city in titles
    name: str  # the station named in the rules
    code: str  # ICAO code, in the NWS climate report URL
    normal_highs: tuple[int, ...]


STATIONS = (
    Station("KXHIGHNY", "New York City", "Central Park, New York", "KNYC",
            (39, 42, 50, 62, 72, 80, 85, 84, 76, 65, 54, 44)),
    Station("KXHIGHCHI", "Chicago", "Chicago Midway Airport", "KMDW",
            (32, 36, 47, 59, 70, 80, 84, 82, 75, 62, 48, 36)),
    Station("KXHIGHMIA", "Miami", "Miami International Airport", "KMIA",
            (76, 78, 80, 83, 87, 89, 91, 91, 89, 86, 82, 78)),
    Station("KXHIGHAUS", "Austin", "Austin-Bergstrom International Airport", "KAUS",
            (62, 66, 73, 80, 86, 92, 96, 97, 91, 82, 71, 63)),
    Station("KXHIGHDEN", "Denver", "Denver International Airport", "KDEN",
            (44, 46, 54, 61, 71, 82, 89, 87, 79, 66, 53, 44)),
    Station("KXHIGHLAX", "Los Angeles", "Los Angeles International Airport", "KLAX",
            (67, 66, 67, 69, 70, 73, 76, 77, 77, 74, 70, 67)),
    Station("KXHIGHPHIL", "Philadelphia", "Philadelphia International Airport", "KPHL",
            (41, 44, 53, 64, 74, 83, 87, 85, 78, 67, 56, 46)),
)

# Polymarket settles New York City highs on LaGuardia, not on Central Park as Kalshi does: the
# same city and date, a different number (a real cross-venue trap).
LAGUARDIA = Station("", "New York City", "LaGuardia Airport", "KLGA",
                    (40, 42, 50, 61, 71, 80, 86, 84, 77, 66, 55, 45))

# Fictional candidates: the political markets test name matching, not anyone's chances.
DEMOCRATIC_CANDIDATES = (
    "Jordan Ellis", "Maria Castellanos", "Devon Whitaker", "Priya Raman",
    "Thomas Okafor", "Hannah Lindqvist", "Marcus Bell",
)
REPUBLICAN_CANDIDATES = (
    "Caroline Hayes", "Robert Vance Miller", "Luis Ortega", "Grant Sheffield",
    "Amanda Pruitt", "Wesley Dunbar", "Nolan Briggs",
)

BOOKMAKERS = (
    ("draftkings", "DraftKings"),
    ("fanduel", "FanDuel"),
    ("betmgm", "BetMGM"),
    ("williamhill_us", "Caesars"),
    ("betrivers", "BetRivers"),
    ("bovada", "Bovada"),
)

# Fictional players for Polymarket's per-game player props (points/rebounds markets).
PLAYER_FIRST_NAMES = (
    "Jalen", "Marcus", "Tyrese", "Darius", "Cole", "Andre", "Keon", "Isaiah", "Malik", "Trey",
    "Devin", "Jaylen", "Caleb", "Desmond", "Jordan", "Miles", "Terrence", "Quinn", "Rashad", "Elijah",
)
PLAYER_LAST_NAMES = (
    "Whitfield", "Okoro", "Brannigan", "Castellano", "Pryor", "Lindell", "Mbeki", "Hollins", "Rourke",
    "Achebe", "Stanton", "Delacroix", "Vaughn", "Kessler", "Oyelaran", "Maddox", "Thibodeau", "Crenshaw",
)
