"""How single values are shown to people. Money is dollars and cents ("$326.65"), prices the
exact decimal ("0.43"), an APY a percentage with one decimal ("513.5%"); all from ``Decimal``,
never through float, so no binary noise ever reaches a table.

Rounding for display is half-even (what ``format(Decimal, ".2f")`` does), and only for display:
the warehouse and the JSON outputs keep every digit.
"""

from __future__ import annotations

import uuid
from decimal import ROUND_HALF_EVEN, Context, Decimal

# Wide enough for any amount a venue can produce; only quantize() rounds, to the places asked.
_SHOW = Context(prec=80)
_CENT = Decimal("0.01")
_TENTH = Decimal("0.1")
_HUNDREDTH = Decimal("0.01")
#: Ladder prices have at most four decimals (Kalshi sub-penny, Polymarket ticks); an average
#: price is a quotient and may have 28 digits: six decimals tell two such prices apart.
_PRICE_PLACES = Decimal("0.000001")
_TOKEN_TAIL = 8
_RUN_ID_HEAD = 8


def _plain(value: Decimal) -> str:
    """``value`` without trailing zeros and never in exponent notation ("10", not "1E+1")."""
    return format(value.normalize(_SHOW), "f")


def money(amount: Decimal) -> str:
    """Dollars and cents: 326.6467 -> "$326.65", -1.2 -> "-$1.20", 1234.5 -> "$1,234.50"."""
    cents = amount.quantize(_CENT, rounding=ROUND_HALF_EVEN, context=_SHOW)
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents):,.2f}"


def price(value: Decimal) -> str:
    """A price in dollars per contract as its exact decimal, trailing zeros dropped ("0.4300" ->
    "0.43"). A price with more than six decimals (an average over several levels) is shown to
    six and marked "≈", so a shown price is never mistaken for an exact one."""
    shown = value.quantize(_PRICE_PLACES, rounding=ROUND_HALF_EVEN, context=_SHOW)
    return _plain(shown) if shown == value else "≈" + _plain(shown)


def contracts(value: Decimal) -> str:
    """A size in contracts, exact (Kalshi allows fractional counts): "751", "12.5"."""
    return _plain(value)


def percent(fraction: Decimal) -> str:
    """A yearly return or any fraction as a percentage with one decimal: 5.1349 -> "513.5%"."""
    shown = (fraction * 100).quantize(_TENTH, rounding=ROUND_HALF_EVEN, context=_SHOW)
    # A tiny negative rounds to -0.0; people read that as a sign that is not there.
    return f"{abs(shown) if shown == 0 else shown:,.1f}%"


def days(value: Decimal) -> str:
    """Days to resolution to the hundredth: "3.25"."""
    return f"{value.quantize(_HUNDREDTH, rounding=ROUND_HALF_EVEN, context=_SHOW):,.2f}"


def short_token(token_id: str) -> str:
    """A Polymarket token id (77 digits) by its last eight: "…12345678"."""
    return token_id if len(token_id) <= _TOKEN_TAIL + 1 else "…" + token_id[-_TOKEN_TAIL:]


def short_snapshot_id(snapshot_id: str) -> str:
    """A snapshot id as people read it: a Dagster run id (the id of a run started by hand) by its
    first eight characters, as Dagster's UI shows runs; a named snapshot (a schedule tick's
    "scan-<time>", a demo run) as it is."""
    try:
        uuid.UUID(snapshot_id)
    except ValueError:
        return snapshot_id
    return snapshot_id[:_RUN_ID_HEAD]


def cents(dollars: Decimal) -> str:
    """An amount per contract in cents to the hundredth: 0.0451925 -> "4.52¢" (an edge per
    contract is a fraction of the $1 a set pays, so cents read best)."""
    shown = (dollars * 100).quantize(_HUNDREDTH, rounding=ROUND_HALF_EVEN, context=_SHOW)
    return f"{abs(shown) if shown == 0 else shown:,.2f}¢"


def duration(seconds: Decimal) -> str:
    """A lifetime or a silence as people say it, to the second: "0 s", "45 s", "13 min 56 s",
    "2 h 05 min" (hours drop the seconds)."""
    whole = int(seconds.quantize(Decimal(1), rounding=ROUND_HALF_EVEN, context=_SHOW))
    sign = "-" if whole < 0 else ""
    hours, rest = divmod(abs(whole), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours} h {minutes:02d} min"
    if minutes:
        return f"{sign}{minutes} min {secs:02d} s"
    return f"{sign}{secs} s"
