"""Resources every pipeline asset uses: the warehouse, the venue endpoints and credentials, and
the scan settings. Every field left unset is read from the environment when a run needs it
(README "Configuration"), never when this module is imported."""


from collections.abc import Callable, Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import dagster as dg

from arb_pipeline.config import Credentials, ScanSettings, VenueEndpoints
from arb_pipeline.warehouse import Warehouse


def set_fields(
    resource: dg.ConfigurableResource,
    names: Iterable[str],
    *,
    convert: Callable[[Any], Any] = lambda value: value,
    blank_is_unset: bool = False,
) -> dict[str, Any]:
    """The fields among ``names`` that the resource's config sets, converted: what overrides the
    settings read from the environment. An unset field is None; with ``blank_is_unset`` an empty
    string is unset too (a URL or key left blank in the launchpad)."""
    fields = {name: getattr(resource, name) for name in names}
    return {
        name: convert(value)
        for name, value in fields.items()
        if value is not None and not (blank_is_unset and value == "")
    }


class WarehouseResource(dg.ConfigurableResource):
    """The PostgreSQL warehouse: ``url`` (default ``ARB_WAREHOUSE_URL``, else the embedded
    server under ``ARB_HOME``) and ``schema_name`` (default ``ARB_WAREHOUSE_SCHEMA`` or "arb")."""

    url: str | None = None
    schema_name: str | None = None

    def get(self) -> Warehouse:
        return Warehouse.connect(self.url, self.schema_name)


class VenuesResource(dg.ConfigurableResource):
    """Venue base URLs and credentials; unset fields come from the ``ARB_*_URL``,
    ``KALSHI_API_KEY_ID``, ``KALSHI_PRIVATE_KEY_PATH`` and ``ODDS_API_KEY`` variables."""

    kalshi_api_url: str | None = None
    kalshi_ws_url: str | None = None
    polymarket_gamma_url: str | None = None
    polymarket_clob_url: str | None = None
    polymarket_ws_url: str | None = None
    odds_api_url: str | None = None
    kalshi_api_key_id: str | None = None
    kalshi_private_key_path: str | None = None
    odds_api_key: str | None = None

    def endpoints(self) -> VenueEndpoints:
        from_env = VenueEndpoints.from_env()
        urls = ("kalshi_api_url", "kalshi_ws_url", "polymarket_gamma_url", "polymarket_clob_url", "polymarket_ws_url", "odds_api_url")
        return replace(from_env, **set_fields(self, urls, blank_is_unset=True))

    def credentials(self) -> Credentials:
        from_env = Credentials.from_env()
        keys = ("kalshi_api_key_id", "kalshi_private_key_path", "odds_api_key")
        return replace(from_env, **set_fields(self, keys, blank_is_unset=True))


class ScanSettingsResource(dg.ConfigurableResource):
    """Opportunity thresholds, the pairs file and the matcher's approval bar; unset fields come
    from ``ARB_MIN_NET_EDGE``, ``ARB_MIN_APY``, ``ARB_MIN_CONTRACTS``, ``ARB_MIN_NET_PROFIT``,
    ``ARB_MAX_QUOTE_AGE_S``, ``ARB_MAX_LEG_SKEW_S``, ``ARB_MAX_CLOCK_SKEW_S``, ``ARB_PAIRS_FILE``,
    ``ARB_AUTO_APPROVE_CONFIDENCE`` and ``ARB_PAIR_CLOSE_WINDOW_DAYS``. Money
    values are strings so they reach the domain as exact Decimals."""

    min_net_edge: str | None = None
    min_apy: str | None = None
    min_contracts: str | None = None
    min_net_profit: str | None = None
    max_quote_age_s: float | None = None
    max_leg_skew_s: float | None = None
    max_clock_skew_s: float | None = None
    pairs_file: str | None = None
    auto_approve_confidence: float | None = None
    pair_close_window_days: float | None = None

    def clock_skew_s(self) -> float:
        """How far a stored time may lie ahead of now before a check calls it from the future."""
        return self.settings().thresholds().max_clock_skew_s

    def settings(self) -> ScanSettings:
        settings = ScanSettings.from_env()
        money = set_fields(self, ("min_net_edge", "min_apy", "min_contracts", "min_net_profit"), convert=Decimal)
        others = set_fields(
            self,
            ("max_quote_age_s", "max_leg_skew_s", "max_clock_skew_s", "pairs_file", "auto_approve_confidence",
             "pair_close_window_days"),
        )  # fmt: skip
        return replace(settings, **money, **others)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.Definitions(
        resources={
            "warehouse": WarehouseResource(),
            "venues": VenuesResource(),
            "scan_settings": ScanSettingsResource(),
        }
    )
