"""The venues the project knows. Apart from :mod:`arb_pipeline.domain.models` so that
:mod:`arb_pipeline.domain.fees`, which models builds on, can name the venue a schedule belongs to
without importing models back; every other module imports ``Venue`` from models."""

from __future__ import annotations

from enum import StrEnum


class Venue(StrEnum):
    KALSHI = "kalshi"
    POLYMARKET = "polymarket"
    ODDS_API = "odds_api"
