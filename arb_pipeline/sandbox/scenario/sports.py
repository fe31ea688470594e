"""NBA and NFL games on Kalshi (one binary market per team), Polymarket (one moneyline market with
two team tokens, plus spreads and totals in the same event) and The Odds API (h2h by full name).

Shapes follow the recorded NBA payloads (docs/venues.md#recorded-payloads-used-in-tests): Kalshi
``KXNBAGAME-26JAN09MILLAL`` titled "Milwaukee at Los Angeles L" with markets ``-MIL``/``-LAL``;
Polymarket ``nba-mil-lal-2026-01-09`` "Bucks vs. Lakers" with outcomes ["Bucks", "Lakers"].
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from arb_pipeline.sandbox.scenario.calendar import at_eastern
from arb_pipeline.sandbox.scenario.formats import clock_et, long_date, kalshi_date_code, short_date
from arb_pipeline.sandbox.scenario.listings import Listing
from arb_pipeline.sandbox.scenario.names import NBA_TEAMS, NFL_TEAMS, PLAYER_FIRST_NAMES, PLAYER_LAST_NAMES, Team
from arb_pipeline.sandbox.scenario.outcomes import Categorical, GameMargin, Measured, Predicate
from arb_pipeline.sandbox.scenario.venues import MILL, KalshiStrike, VenueWriter, gamma_sports_fields

AWAY_WINS = Predicate(0, 0)
HOME_WINS = Predicate(1, 1)


@dataclass(frozen=True, slots=True)
class League:
    name: str
    series: str
    series_title: str
    competition: str
    sport_words: str  # as Kalshi rules name the game
    slug_prefix: str
    gamma_series: str
    tags: tuple[str, ...]
    odds_key: str
    odds_title: str
    resolution_source: str
    teams: tuple[Team, ...]
    start_times: tuple[tuple[int, int], ...]  # Eastern (hour, minute)
    duration: timedelta
    total_mean: float
    total_sd: float
    margin_sd: float
    home_edge: float


NBA = League(
    "NBA", "KXNBAGAME", "Professional Basketball Game", "Pro Basketball (M)", "professional basketball",
    "nba", "nba-2026", ("sports", "nba", "games", "basketball"), "basketball_nba", "NBA",
    "https://www.nba.com/", NBA_TEAMS,
    ((19, 0), (19, 30), (20, 0), (20, 30), (21, 0), (22, 0), (22, 30)),
    timedelta(hours=3), 226.0, 18.0, 12.0, 0.08,
)
NFL = League(
    "NFL", "KXNFLGAME", "Professional Football Game", "Pro Football", "professional football",
    "nfl", "nfl-2025", ("sports", "nfl", "games", "football"), "americanfootball_nfl", "NFL",
    "https://www.nfl.com/", NFL_TEAMS,
    ((13, 0), (16, 5), (16, 25), (20, 20)),
    timedelta(hours=3, minutes=30), 44.0, 10.0, 13.0, 0.06,
)


@dataclass
class Game:
    league: League
    away: Team
    home: Team
    start: datetime
    day: date
    winner: Categorical
    kalshi_away: Listing | None = None
    kalshi_home: Listing | None = None
    moneyline: Listing | None = None
    first_half: Listing | None = None
    spread: Listing | None = None
    totals: list[Listing] = field(default_factory=list)


class Schedule:
    """Which teams already play on which day: nobody plays twice a day, and a rematch lands on a
    day both teams are free."""

    def __init__(self) -> None:
        self._busy: set[tuple[str, date, str]] = set()

    def free_teams(self, league: League, day: date) -> list[Team]:
        return [team for team in league.teams if (league.name, day, team.code) not in self._busy]

    def book(self, league: League, day: date, *teams: Team) -> None:
        for team in teams:
            self._busy.add((league.name, day, team.code))


def schedule_games(w: VenueWriter, schedule: Schedule, league: League, day: date, count: int, *,
                   settled: bool = False) -> list[Game]:
    games = []
    free = schedule.free_teams(league, day)
    w.rng.shuffle(free)
    for index in range(min(count, len(free) // 2)):
        away, home = free[2 * index], free[2 * index + 1]
        schedule.book(league, day, away, home)
        hour, minute = w.rng.choice(league.start_times)
        start = at_eastern(day, hour, minute)
        roll = w.rng.random()
        on_kalshi = settled or roll < 0.86
        on_polymarket = settled or roll < 0.72 or roll >= 0.86
        games.append(list_game(w, league, away, home, start, day, kalshi=on_kalshi, polymarket=on_polymarket,
                               odds=w.rng.random() < 0.9))
    return games


def list_game(w: VenueWriter, league: League, away: Team, home: Team, start: datetime, day: date, *,
              kalshi: bool, polymarket: bool, odds: bool) -> Game:
    home_chance = min(0.85, max(0.15, w.rng.gauss(0.5 + league.home_edge, 0.15)))
    resolves = start + league.duration
    key = f"{league.name}:{day.isoformat()}:{away.code}@{home.code}"
    winner = w.quantity(Categorical(key, resolves, [1 - home_chance, home_chance]))
    game = Game(league, away, home, start, day, winner)
    if kalshi:
        list_kalshi_game(w, game)
    if polymarket:
        list_polymarket_game(w, game)
    if odds:
        w.odds_game(league.odds_key, league.odds_title, away, home, start, winner)
    return game


def list_kalshi_game(w: VenueWriter, game: Game) -> None:
    league, away, home = game.league, game.away, game.home
    series = w.kalshi_series_for(
        league.series, league.series_title, "Sports", frequency="custom", fee_type="quadratic_with_maker_fees",
        fee_multiplier=1, sources=[(league.name, league.resolution_source)], tags=["Sports", league.name],
    )
    event_ticker = f"{league.series}-{kalshi_date_code(game.start)}{away.code}{home.code}"
    matchup = f"{away.city} at {home.city}"
    event = w.kalshi_event(
        series, event_ticker, matchup, f"{away.code} at {home.code} ({short_date(game.start)})",
        mutually_exclusive=True, strike_date=game.start,
        product_metadata={"competition": league.competition, "competition_scope": "Game"},
    )
    day_text = f"{short_date(game.start)}, {game.start:%Y}"
    for team, predicate in ((away, AWAY_WINS), (home, HOME_WINS)):
        listing = w.kalshi_market(
            event, f"{event_ticker}-{team.code}", category="sports",
            title=f"{matchup} Winner?", yes_sub_title=team.city,
            quantity=game.winner, predicate=predicate,
            strike=KalshiStrike("structured", custom={"team": team.full_name}),
            rules_primary=(f"If {team.city} wins the {matchup} {league.sport_words} game originally scheduled "
                           f"for {day_text}, then the market resolves to Yes."),
            rules_secondary=("If the game is postponed, the market stays open until the game is played. If the "
                             "game is cancelled and not made up within two weeks, the market resolves to No. "
                             "Overtime counts."),
            close_time=game.winner.resolves_at,
        )
        if team is away:
            game.kalshi_away = listing
        else:
            game.kalshi_home = listing


def list_polymarket_game(w: VenueWriter, game: Game) -> None:
    league, away, home = game.league, game.away, game.home
    # Polymarket names the away team first, except on some games (a swapped order the matcher must
    # not read as polarity).
    swapped = w.rng.random() < 0.3
    first, second = (home, away) if swapped else (away, home)
    slug = f"{league.slug_prefix}-{first.slug_code}-{second.slug_code}-{game.day.isoformat()}"
    title = f"{first.nickname} vs. {second.nickname}"
    when = f"{long_date(game.start)} at {clock_et(game.start, spaced=False)} ET"
    description = (
        f"In the upcoming {league.name} game, scheduled for {when}:\n"
        f"If the {first.nickname} win, the market will resolve to \"{first.nickname}\".\n"
        f"If the {second.nickname} win, the market will resolve to \"{second.nickname}\".\n"
        "If the game is postponed, this market will remain open until the game has been completed.\n"
        "If the game is canceled entirely, with no make-up game, this market will resolve 50-50.\n"
        "The result will be determined based on the final score including any overtime periods."
    )
    event = w.gamma_event(
        slug, title, description, tags=list(league.tags), end=game.start, series_slug=league.gamma_series,
        extra={"eventDate": game.day.isoformat(), "startTime": game.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
               "gameId": w.rng.randrange(10_000_000, 30_000_000)},
    )
    game.moneyline = w.gamma_market(
        event, category="sports", question=title, slug=slug, description=description,
        outcomes=(first.nickname, second.nickname), quantity=game.winner,
        predicate=AWAY_WINS if first is away else HOME_WINS, end=game.start,
        resolution_source=league.resolution_source, tick=MILL,
        sports=gamma_sports_fields("moneyline", game.start), phrasing="swapped_teams" if swapped else "same",
    )
    first_half = w.quantity(Categorical(f"{game.winner.key}:first_half", game.start + league.duration / 2,
                                        list(game.winner.weights)))
    game.first_half = w.gamma_market(
        event, category="sports", question=f"{title}: 1H Moneyline", slug=f"{slug}-1h-moneyline",
        description=(f"In the upcoming {league.name} game, scheduled for {when}:\nThis market resolves to the team "
                     "leading at the end of the first half. If the score is tied at halftime, it resolves 50-50."),
        outcomes=(first.nickname, second.nickname), quantity=first_half,
        predicate=AWAY_WINS if first is away else HOME_WINS, end=game.start,
        resolution_source=league.resolution_source, tick=MILL, group_item_title="1H Moneyline",
        sports=gamma_sports_fields("first_half_moneyline", game.start),
    )
    list_spread_and_totals(w, game, event, slug, title)


def list_spread_and_totals(w: VenueWriter, game: Game, event: dict, slug: str, title: str) -> None:
    league, away, home = game.league, game.away, game.home
    home_chance = game.winner.weights[1]
    margin = w.quantity(GameMargin(
        f"{game.winner.key}:margin", game.winner.resolves_at, winner=game.winner,
        mean=(home_chance - 0.5) * 2.5 * league.margin_sd, sd=league.margin_sd,
    ))
    favorite, underdog = (home, away) if home_chance >= 0.5 else (away, home)
    when = f"{long_date(game.start)} at {clock_et(game.start)} ET"
    postponed = ("If the game is postponed, this market will remain open until the game has been completed. If "
                 "the game is canceled entirely, with no make-up game, this market will resolve 50-50.")
    base_points = max(1, round(abs(margin.mean)))
    for points in (base_points, base_points + 3):
        # "Lakers (-3.5)": the favorite must win by 4 or more, as the spread rules of the recorded
        # Gamma NBA events say.
        cover = Predicate(low=points + 1) if favorite is home else Predicate(high=-(points + 1))
        spread = w.gamma_market(
            event, category="sports", question=f"Spread: {favorite.nickname} (-{points}.5)",
            slug=f"{slug}-spread-{'home' if favorite is home else 'away'}-{points}pt5",
            description=(f"In the upcoming {league.name} game, scheduled for {when}:\n\nThis market will resolve to "
                         f"\"{favorite.nickname}\" if the {favorite.nickname} win the game by {points + 1} or more "
                         f"points.\n\nOtherwise, this market will resolve to \"{underdog.nickname}\".\n\n{postponed}"),
            outcomes=(favorite.nickname, underdog.nickname), quantity=margin, predicate=cover, end=game.start,
            resolution_source=league.resolution_source, tick=MILL, group_item_title=f"Spread -{points}.5",
            sports=gamma_sports_fields("spreads", game.start, Decimal(f"-{points}.5")),
        )
        game.spread = game.spread or spread
    total = w.quantity(Measured(f"{game.winner.key}:total", game.winner.resolves_at,
                                mean=w.rng.gauss(league.total_mean, league.total_sd / 3), sd=league.total_sd,
                                unit=Decimal(1)))
    base = round(total.mean)
    for line in (base - 3, base, base + 3):
        over = total.above(Decimal(f"{line}.5"))
        game.totals.append(w.gamma_market(
            event, category="sports", question=f"{title}: O/U {line}.5", slug=f"{slug}-total-{line}pt5",
            description=(f"In the upcoming {league.name} game, scheduled for {when}:\n\nThis market will resolve "
                         f"to \"Over\" if the {away.nickname} and {home.nickname} combine to score {line + 1} or "
                         f"more points in this game.\n\nIf the combined total is less than {line + 1}, this "
                         f"market will resolve to \"Under\".\n\n{postponed}"),
            outcomes=("Over", "Under"), quantity=total, predicate=over, end=game.start,
            resolution_source=league.resolution_source, tick=MILL, group_item_title=f"O/U {line}.5",
            sports=gamma_sports_fields("totals", game.start, Decimal(f"{line}.5")),
        ))
    # A player prop, as Gamma nests them in every game event (the recorded NBA events carry
    # "points" markets).
    team = w.rng.choice((away, home))
    player = f"{w.rng.choice(PLAYER_FIRST_NAMES)} {w.rng.choice(PLAYER_LAST_NAMES)}"
    scored = w.quantity(Measured(f"{game.winner.key}:points:{player}", game.winner.resolves_at,
                                 mean=w.rng.uniform(12, 30) * league.total_mean / 226, sd=6.0, unit=Decimal(1)))
    line = round(scored.mean)
    w.gamma_market(
        event, category="sports", question=f"{player}: Points Over {line}.5",
        slug=f"{slug}-points-{player.lower().replace(' ', '-')}-{line}pt5",
        description=(f"In the upcoming {league.name} game, scheduled for {when}:\n\nThis market will resolve to "
                     f"\"Yes\" if {player} ({team.nickname}) scores more than {line}.5 points during the game."
                     f"\n\nIf the player does not take the court, the market will resolve \"No\".\n\n{postponed}"),
        outcomes=("Yes", "No"), quantity=scored, predicate=scored.above(Decimal(f"{line}.5")), end=game.start,
        resolution_source=league.resolution_source, tick=MILL, group_item_title=f"Points O/U {line}.5",
        sports=gamma_sports_fields("points", game.start, Decimal(f"{line}.5")),
    )


def list_rematch(w: VenueWriter, schedule: Schedule, game: Game) -> Game | None:
    """The same two teams on another date, listed on Polymarket only: a look-alike of ``game``'s
    Kalshi markets that settles on a different night."""
    for gap in w.rng.sample(range(6, 15), 9):
        day = game.day + timedelta(days=gap)
        free = {team.code for team in schedule.free_teams(game.league, day)}
        if game.away.code in free and game.home.code in free:
            schedule.book(game.league, day, game.away, game.home)
            hour, minute = w.rng.choice(game.league.start_times)
            return list_game(w, game.league, game.home, game.away, at_eastern(day, hour, minute), day,
                             kalshi=False, polymarket=True, odds=False)
    return None


def list_sports_block(w: VenueWriter, schedule: Schedule, block: int, first_day: date) -> list[Game]:
    games: list[Game] = []
    for offset in range(3):
        day = first_day + timedelta(days=3 * block + offset)
        games += schedule_games(w, schedule, NBA, day, 6)
    games += schedule_games(w, schedule, NFL, first_day + timedelta(days=3 * block + 1), 5)
    cross_listed = [
        (g, g.kalshi_away, g.kalshi_home, g.moneyline, g.spread)
        for g in games
        if g.kalshi_away and g.kalshi_home and g.moneyline and g.spread
    ]
    for position, (game, kalshi_away, kalshi_home, _, spread) in enumerate(cross_listed[:3]):
        if position == 0:
            rematch = list_rematch(w, schedule, game)
            if rematch is not None and rematch.moneyline is not None:
                w.negative(kalshi_away, rematch.moneyline, "near_miss_date")
                w.negative(kalshi_home, rematch.moneyline, "near_miss_date")
        else:
            w.negative(kalshi_home if game.winner.weights[1] >= 0.5 else kalshi_away, spread, "spread_not_moneyline")
            w.negative(kalshi_away, game.totals[0], "total_not_moneyline")
            if game.first_half is not None:
                w.negative(kalshi_away, game.first_half, "first_half_not_full_game")
    return games


CHAMPIONSHIP = (2026, 6, 20)


def list_championship(w: VenueWriter) -> None:
    """Season futures: Kalshi KXNBA (one market per team, "Will Boston win the 2026 Pro Basketball
    Finals?") against Polymarket's "2026 NBA Champion" negRisk event."""
    decided = at_eastern(date(*CHAMPIONSHIP), 23)
    teams = list(NBA_TEAMS)
    champion = w.quantity(Categorical("NBA:CHAMPION:2026", decided, [w.rng.paretovariate(1.1) for _ in teams]))
    series = w.kalshi_series_for("KXNBA", "Pro Basketball Champion", "Sports", frequency="annual",
                                 fee_type="quadratic_with_maker_fees", fee_multiplier=1,
                                 sources=[("NBA", NBA.resolution_source)], tags=["Sports", "NBA"])
    event = w.kalshi_event(series, "KXNBA-26", "2026 Pro Basketball Finals champion", "2026 season",
                           mutually_exclusive=True, strike_date=decided,
                           product_metadata={"competition": NBA.competition, "competition_scope": "Season"})
    gamma = w.gamma_event(
        "2026-nba-champion", "2026 NBA Champion", "Which team will win the 2026 NBA Finals?",
        tags=["sports", "nba", "basketball"], end=decided, neg_risk=True, series_slug="nba-2026",
    )
    for index, team in enumerate(teams):
        if index % 10 != 9:
            w.kalshi_market(
                event, f"KXNBA-26-{team.code}", category="sports", title="2026 Pro Basketball Finals champion?",
                yes_sub_title=team.city, quantity=champion, predicate=Predicate(index, index),
                strike=KalshiStrike("structured", custom={"team": team.full_name}),
                rules_primary=f"If {team.city} wins the 2026 Pro Basketball Finals, then the market resolves to Yes.",
                rules_secondary="The champion is the winner of the final series of the 2025-26 season.",
                close_time=decided,
            )
        if index % 10 != 4:
            w.gamma_market(
                gamma, category="sports", question=f"Will the {team.full_name} win the 2026 NBA Finals?",
                slug=f"will-the-{team.full_name.lower().replace(' ', '-')}-win-the-2026-nba-finals",
                description=(f"This market will resolve to \"Yes\" if the {team.full_name} win the 2026 NBA Finals. "
                             "Otherwise, this market will resolve to \"No\"."),
                outcomes=("Yes", "No"), quantity=champion, predicate=Predicate(index, index), end=decided,
                resolution_source=NBA.resolution_source, tick=MILL, group_item_title=team.full_name,
                phrasing="reworded",
            )
