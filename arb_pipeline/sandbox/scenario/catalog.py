"""What exists in the simulated world: every category, repeated once per ``size`` block.

A block is a slice of the calendar (the next few days of games, weather and prices, the next Fed
meetings and CPI prints, two state races), so ``size=k`` gives k times the markets with distinct
dates and tickers rather than copies.
"""

from __future__ import annotations

from datetime import timedelta

from arb_pipeline.domain.models import Venue
from arb_pipeline.sandbox.scenario.calendar import today_eastern
from arb_pipeline.sandbox.scenario.economy import cpi_months, fed_meetings, list_cpi_month, list_fed_meeting, list_kalshi_only_macro
from arb_pipeline.sandbox.scenario.extras import list_combos, list_polymarket_only
from arb_pipeline.sandbox.scenario.politics import STATES, list_presidential, list_state_race
from arb_pipeline.sandbox.scenario.prices import list_crypto_block, list_index_block, list_up_or_down, quarter_hours
from arb_pipeline.sandbox.scenario.sports import NBA, Schedule, list_championship, list_sports_block, schedule_games
from arb_pipeline.sandbox.scenario.venues import VenueWriter
from arb_pipeline.sandbox.scenario.weather import list_settled_weather, list_weather_block

COMBOS_PER_BLOCK = 30
COMBO_LEG_CATEGORIES = ("sports", "crypto", "weather", "finance")


def list_odds_sports(w: VenueWriter) -> None:
    w.odds_sport("basketball_nba", "Basketball", "NBA", "US Basketball")
    w.odds_sport("americanfootball_nfl", "American Football", "NFL", "US Football")
    w.odds_sport("icehockey_nhl", "Ice Hockey", "NHL", "US Ice Hockey")
    w.odds_sport("soccer_epl", "Soccer", "EPL", "English Premier League")
    w.odds_sport("baseball_mlb", "Baseball", "MLB", "Major League Baseball", active=False)


def build_catalog(w: VenueWriter, size: int) -> None:
    today = today_eastern(w.now)
    first_day = today + timedelta(days=1)
    schedule = Schedule()
    list_odds_sports(w)
    meetings = fed_meetings(w.now, 3 * size)
    rng = w.rng
    btc_center = 1_000 * round(rng.uniform(85, 115))
    eth_center = 100 * round(rng.uniform(28, 38))
    sol_center = 10 * round(rng.uniform(12, 26))
    spx_center = 25 * round(rng.uniform(6_000, 7_000) / 25)
    ndx_center = 100 * round(rng.uniform(210, 250))
    for block in range(size):
        block_start = len(w.listings)
        if block == 0:
            # A few markets that settled before `now`: finalized on Kalshi, closed on Polymarket.
            schedule_games(w, schedule, NBA, today - timedelta(days=2), 2, settled=True)
            list_settled_weather(w, today - timedelta(days=2))
            list_up_or_down(w, quarter_hours(w.now, -1, 1)[0], kalshi=True)
            list_presidential(w)
            list_championship(w)
        list_sports_block(w, schedule, block, first_day)
        for order in range(3 * block, 3 * block + 3):
            list_fed_meeting(w, meetings[order], order, with_thresholds=order % 3 != 2)
        for order, (month, release) in enumerate(cpi_months(w.now, 2, skip=2 * block)):
            list_cpi_month(w, month, release, order, with_alternatives=order == 0)
        list_kalshi_only_macro(w, block)
        list_weather_block(w, first_day, block)
        list_crypto_block(w, first_day, block, btc_center, eth_center, sol_center)
        list_index_block(w, first_day, block, spx_center, ndx_center)
        for k in (2 * block, 2 * block + 1):
            state, code = STATES[k % len(STATES)]
            list_state_race(w, state, code, "Senate" if (k // len(STATES)) % 2 == 0 else "Governor")
        list_polymarket_only(w, first_day, block)
        legs = [
            listing for listing in w.listings[block_start:]
            if listing.venue is Venue.KALSHI and listing.category in COMBO_LEG_CATEGORIES
            and listing.quantity.resolves_at > w.now
        ]
        list_combos(w, legs, COMBOS_PER_BLOCK)
