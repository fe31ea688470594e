"""Polymarket limits and protocol constants, declared as data (docs/venues.md#polymarket).

Rate limits are Cloudflare throttles on the venue side (requests are delayed rather than refused),
so staying under them client-side keeps catalog refreshes and resyncs predictable.
"""

from __future__ import annotations

from arb_pipeline.domain.models import Venue
from arb_pipeline.venues.http import RateLimit

VENUE = Venue.POLYMARKET
VENUE_NAME = "polymarket"

# Gamma (docs/venues.md#polymarket-gamma-catalog, Polymarket's rate-limit page). A rule's prefix
# matches whole path segments, so "/markets" also throttles "/markets/keyset" and "/markets/{id}",
# and "/events" covers "/events/keyset": the keyset variants share the budget of the list they
# replace.
GAMMA_RATE_LIMITS: tuple[RateLimit, ...] = (
    RateLimit("gamma_general", 4000, 10.0),
    RateLimit("gamma_events", 500, 10.0, "/events"),
    RateLimit("gamma_markets", 300, 10.0, "/markets"),
)

# CLOB public market data (docs/venues.md#polymarket-clob-books). "/book" does not throttle
# "/books": RateLimit matches whole path segments.
CLOB_RATE_LIMITS: tuple[RateLimit, ...] = (
    RateLimit("clob_book", 1500, 10.0, "/book"),
    RateLimit("clob_books", 500, 10.0, "/books"),
    RateLimit("clob_price", 1500, 10.0, "/price"),
    RateLimit("clob_midpoint", 1500, 10.0, "/midpoint"),
)

# Gamma paths.
MARKETS_PATH = "/markets"
MARKETS_KEYSET_PATH = "/markets/keyset"
EVENTS_PATH = "/events"
EVENTS_KEYSET_PATH = "/events/keyset"

# CLOB paths.
BOOK_PATH = "/book"
BOOKS_PATH = "/books"

# Page sizes. /markets/keyset accepts at most 100 per page and /events/keyset at most 500
# (nautilus_polymarket gamma module; polyoxide claims 1000, so the smaller figure is the safe one).
MAX_MARKETS_PAGE_SIZE = 100
MAX_EVENTS_PAGE_SIZE = 500
# Events nest every market of the event (a single NBA game carries ~15 markets), so a smaller
# default page keeps each response to a few MB.
DEFAULT_EVENTS_PAGE_SIZE = 100

# Gamma's URL cap is about 8 KB; beyond it the venue answers 414
# (docs/venues.md#polymarket-gamma-catalog).
MAX_IDS_PER_LOOKUP = 400
MAX_SLUGS_PER_LOOKUP = 100
MAX_CONDITION_IDS_PER_LOOKUP = 100

# POST /books takes at most 500 token ids per request (docs/venues.md#polymarket-clob-books).
MAX_BOOKS_PER_REQUEST = 500

# Market WebSocket (docs/venues.md#polymarket-market-websocket): at most 500 assets per connection,
# text PING every 10 s.
MAX_ASSETS_PER_CONNECTION = 500
PING_INTERVAL_S = 10.0
PING_MESSAGE = "PING"
PONG_MESSAGE = "PONG"
# With a PING every 10 s the venue answers PONG at least that often; three missed intervals
# means the socket is dead even if TCP has not noticed.
RECEIVE_TIMEOUT_S = 3 * PING_INTERVAL_S
