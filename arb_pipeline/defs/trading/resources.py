"""The trading settings as a Dagster resource: every field left unset comes from the
environment (``TRADING_PROFILE``, ``TRADING_BANKROLL``, the ``TRADING_MAX_*`` limits...,
README "Paper trading") when a run needs it."""

from dataclasses import replace
from decimal import Decimal

import dagster as dg

from arb_pipeline.config import SettingsError, TradingSettings
from arb_pipeline.defs.shared.resources import set_fields
from arb_pipeline.domain.trading import ProfileError, parse_bankroll, parse_profile


class TradingSettingsResource(dg.ConfigurableResource):
    """``profile`` and ``bankroll`` (a decimal string) override ``TRADING_PROFILE`` and
    ``TRADING_BANKROLL``; ``min_edge`` the profile's minimum edge; the delays, how many snapshots
    after the finding one the legs fill."""

    profile: str | None = None
    bankroll: str | None = None
    min_edge: str | None = None
    entry_delay_snapshots: int | None = None
    hedge_delay_snapshots: int | None = None

    def settings(self) -> TradingSettings:
        settings = TradingSettings.from_env()
        try:
            if self.profile is not None or self.min_edge is not None:
                name = self.profile or settings.profile.name.value
                overrides = {"min_edge": Decimal(self.min_edge)} if self.min_edge is not None else {}
                settings = replace(settings, profile=parse_profile(name, overrides))
            if self.bankroll is not None:
                settings = replace(settings, bankroll=parse_bankroll(self.bankroll, "bankroll"))
        except ProfileError as exc:
            raise SettingsError(str(exc)) from None
        settings = replace(settings, **set_fields(self, ("entry_delay_snapshots", "hedge_delay_snapshots")))
        if settings.entry_delay_snapshots < 1 or settings.hedge_delay_snapshots < 0:
            raise SettingsError("trading_settings: an opportunity fills at least one snapshot after the one that "
                                "found it, and the hedge never before the entry")
        return settings
