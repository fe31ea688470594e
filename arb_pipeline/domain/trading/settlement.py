"""Settlement: when a market resolves, every position on it is paid and its PnL realized.

A resolution says what one contract of each outcome pays, in dollars:
- Kalshi (``result`` "yes" / "no" / "scalar", docs/venues.md): YES pays $1 on "yes" and NO pays
  $1 on "no"; a scalar market pays its ``settlement_value`` on YES and the rest of the dollar on
  NO. Neither side pays anything on an unresolved market (``result`` "").
- Polymarket (Gamma's resolved ``outcomePrices``, or the ``market_resolved`` stream event's
  ``winning_asset_id``): the winning token pays $1 and the others nothing; a market resolved
  50-50 (a cancelled game) pays $0.50 on each token.

Realized PnL of a settled position = contracts × payout − its cost basis (which holds every cash
fee paid for it; a fee paid in shares already shows as fewer contracts). Nothing is netted across
the two venues of a pair: when they resolve differently, both legs can lose (or both pay), and
the pair shows that true loss or gain. Settlement ids are deterministic, so a duplicate
resolution message is recognised and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation, localcontext

from arb_pipeline.domain.fees import EXACT
from arb_pipeline.domain.models import ONE, ZERO, Market, MarketStatus, MatchedPair, Venue
from arb_pipeline.domain.trading.positions import Position
from arb_pipeline.domain.trading.records import Settlement


class ResolutionError(ValueError):
    """A resolution that cannot be read (unresolved, payouts that do not add up to $1...)."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """How one market resolved: ``payouts`` maps each outcome ("yes"/"no" on Kalshi, the token id
    on Polymarket) to the dollars one contract pays; ``detail`` says it in a trader's words."""

    venue: Venue
    market_id: str
    payouts: Mapping[str, Decimal]
    resolved_at: datetime
    detail: str

    def __post_init__(self) -> None:
        where = f"{self.venue} market {self.market_id}"
        if not self.payouts:
            raise ResolutionError(f"{where}: a resolution needs the payout of every outcome")
        for outcome, payout in self.payouts.items():
            if not ZERO <= payout <= ONE:
                raise ResolutionError(f"{where}: outcome {outcome} pays {payout}, outside [0, 1]")
        with localcontext(EXACT):
            total = sum(self.payouts.values(), ZERO)
        if total != ONE:
            raise ResolutionError(f"{where}: payouts add up to {total}, not $1")


def _decimal(value: object, where: str) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            raise ResolutionError(f"{where}: {value!r} is not a number") from None
        if number.is_finite():
            return number
    raise ResolutionError(f"{where}: {value!r} is not a dollar amount")


def kalshi_resolution(ticker: str, result: str | None, resolved_at: datetime,
                      settlement_value: Decimal | str | None = None) -> Resolution:
    """A Kalshi market's ``result`` and (for scalar markets) ``settlement_value_dollars``, the
    dollars a YES contract pays. A given settlement value must agree with a yes/no result."""
    where = f"kalshi market {ticker}"
    word = (result or "").strip().lower()
    value = _decimal(settlement_value, f"{where} settlement value") if settlement_value is not None else None
    if word in ("yes", "no"):
        yes = ONE if word == "yes" else ZERO
        if value is not None and value != yes:
            raise ResolutionError(f"{where}: result {word!r} but settlement value {value}")
        return Resolution(Venue.KALSHI, ticker, {"yes": yes, "no": ONE - yes}, resolved_at, word)
    if word == "scalar":
        if value is None:
            raise ResolutionError(f"{where}: a scalar result needs its settlement value")
        with localcontext(EXACT):
            return Resolution(Venue.KALSHI, ticker, {"yes": value, "no": ONE - value}, resolved_at, f"scalar {value}")
    raise ResolutionError(f"{where}: result {result!r} is not resolved (expected yes, no or scalar)")


def polymarket_resolution(market_id: str, payouts: Mapping[str, Decimal | str], resolved_at: datetime,
                          detail: str | None = None) -> Resolution:
    """A Polymarket market from its resolved outcome prices (token id -> "1" / "0" / "0.5")."""
    where = f"polymarket market {market_id}"
    parsed = {token: _decimal(value, f"{where} token {token}") for token, value in payouts.items()}
    if detail is None:
        winners = [token for token, value in parsed.items() if value == ONE]
        detail = f"token {winners[0]} won" if len(winners) == 1 else "50-50"
    return Resolution(Venue.POLYMARKET, market_id, parsed, resolved_at, detail)


def polymarket_winner(market: Market, winning_token: str, resolved_at: datetime) -> Resolution:
    """A ``market_resolved`` stream event: ``winning_asset_id`` pays $1, every other token of the
    market nothing."""
    if winning_token not in market.token_ids:
        raise ResolutionError(f"polymarket market {market.market_id}: winner {winning_token} is not one of its tokens")
    name = market.outcome_by_token(winning_token).name
    payouts = {token: ONE if token == winning_token else ZERO for token in market.token_ids}
    return Resolution(Venue.POLYMARKET, market.market_id, payouts, resolved_at, f"{name} won")


def resolution_from_market(market: Market, resolved_at: datetime) -> Resolution:
    """The resolution a catalog row carries: a Kalshi market's ``result`` (and
    ``settlement_value_dollars``), a settled Polymarket market's outcome display prices."""
    if market.venue is Venue.KALSHI:
        value = market.raw.get("settlement_value_dollars")
        return kalshi_resolution(market.market_id, market.result, resolved_at, None if value in ("", None) else value)
    if market.status is not MarketStatus.SETTLED:
        raise ResolutionError(f"polymarket market {market.market_id} is {market.status}, not resolved")
    prices = {o.token_id: o.display_price for o in market.outcomes if o.token_id is not None}
    if not prices or any(price is None for price in prices.values()):
        raise ResolutionError(f"polymarket market {market.market_id}: resolved without outcome prices")
    return polymarket_resolution(market.market_id, prices, resolved_at, market.result)  # type: ignore[arg-type]


def settlement_id(resolution: Resolution, position: Position) -> str:
    """One id per position and resolved market: a second message about the same resolution
    yields the same id."""
    return (f"settle/{resolution.venue}/{resolution.market_id}/{position.signal_kind}/{position.pair_key}/"
            f"{position.instrument.outcome}")


@dataclass(frozen=True, slots=True)
class SettlementBatch:
    """What one resolution settles, and the reasons for everything it did not (a market never
    traded, a duplicate message, an outcome the resolution does not price)."""

    resolution: Resolution
    settlements: tuple[Settlement, ...]
    skipped: tuple[str, ...]


def settle(positions: Iterable[Position], resolution: Resolution, settled_ids: Collection[str]) -> SettlementBatch:
    """Pay every open position on the resolved market. ``settled_ids`` are the settlements
    already recorded: a position settled before is skipped as a duplicate, never paid twice.
    Pure: the caller stores the settlements and replays them into the positions."""
    where = f"{resolution.venue} market {resolution.market_id}"
    on_market = [p for p in positions if p.instrument.venue is resolution.venue
                 and p.instrument.market_id == resolution.market_id]
    if not on_market:
        never = f"resolution for a market never traded: {where} ({resolution.detail})"
        return SettlementBatch(resolution, (), (never,))
    settlements: list[Settlement] = []
    skipped: list[str] = []
    for position in on_market:
        sid = settlement_id(resolution, position)
        if sid in settled_ids or position.settlement_id == sid:
            skipped.append(f"duplicate settlement: {sid} was already recorded")
            continue
        if not position.is_open:
            skipped.append(f"nothing held: {position.instrument.key} in {position.pair_key} was closed before "
                           f"{where} resolved")
            continue
        payout_per_contract = resolution.payouts.get(position.instrument.outcome)
        if payout_per_contract is None:
            skipped.append(f"{where} resolved without a payout for {position.instrument.key}: not settled")
            continue
        with localcontext(EXACT):
            payout = position.contracts * payout_per_contract
            settlements.append(Settlement(
                sid, position.signal_kind, position.pair_key, position.instrument, position.contracts,
                payout_per_contract, payout, position.cost_basis, payout - position.cost_basis,
                resolution.resolved_at, resolution.detail, event_id=position.event_id, category=position.category,
            ))
    return SettlementBatch(resolution, tuple(settlements), tuple(skipped))


def pair_divergence(pair: MatchedPair, kalshi: Iterable[Resolution], polymarket: Resolution) -> str | None:
    """Why a pair's two venues resolved differently, or None when they agree. They agree when
    the Kalshi YES payout (summed over a basket's legs) equals the payout of the token the pair
    maps to Kalshi YES. A divergent pair's legs both lose (or both pay): its loss is real, and
    shows in its PnL as such."""
    by_ticker = {r.market_id: r for r in kalshi if r.venue is Venue.KALSHI}
    missing = [ticker for ticker in pair.kalshi_legs if ticker not in by_ticker]
    if missing:
        raise ResolutionError(f"pair {pair.kalshi_ticker}: no resolution for kalshi {', '.join(missing)}")
    if polymarket.market_id != pair.polymarket_market_id:
        raise ResolutionError(f"pair {pair.kalshi_ticker}: resolution is for polymarket {polymarket.market_id}, "
                              f"not {pair.polymarket_market_id}")
    with localcontext(EXACT):
        kalshi_yes = sum((by_ticker[ticker].payouts["yes"] for ticker in pair.kalshi_legs), ZERO)
    token_yes = polymarket.payouts.get(pair.polymarket_yes_token)
    if token_yes == kalshi_yes:
        return None
    details = ", ".join(by_ticker[ticker].detail for ticker in pair.kalshi_legs)
    return (f"pair {'+'.join(pair.kalshi_legs)} ~ {pair.polymarket_market_id} resolved differently: Kalshi YES pays "
            f"{kalshi_yes} ({details}) but the token mapped to YES pays {token_yes} ({polymarket.detail})")
