"""The offline scan: a capture folder in, matched pairs and opportunities out, with no network and
no warehouse. The capture's ``completed_at`` (when its last body was received) is "now" for quote
ages and days to resolution: every book was observed before it, so no age comes out negative.

Other tools rely on the output's exact shape (issue 3)::

    {"captured_at": "...", "completed_at": "...", "complete": true,
     "pairs": [{"kalshi_ticker", "polymarket_market_id", "polymarket_yes_token",
                "polymarket_no_token", "confidence", "status", "reasons"}],
     "opportunities": [{"kalshi_ticker", "polymarket_market_id", "kalshi_side", "polymarket_token",
                "contracts", "kalshi_avg_price", "polymarket_avg_price", "kalshi_fee",
                "polymarket_fee", "cost", "net_profit", "days_to_resolution", "apy"}]}

Numbers are JSON numbers. A bad file in the capture is reported and skipped; the rest scans.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson

from arb_pipeline.config import ScanSettings
from arb_pipeline.domain.matching import MatchConfig, match_report
from arb_pipeline.domain.models import MatchedPair, OpportunityKind, Spread
from arb_pipeline.domain.spreads import evaluate_all, index_books, index_markets
from arb_pipeline.venues.capture import Capture, CaptureProblem, load_capture

log = logging.getLogger(__name__)


@dataclass
class OfflineScanResult:
    capture: Capture
    pairs: list[MatchedPair]
    spreads: list[Spread]
    pairs_file_issues: tuple[str, ...]

    @property
    def problems(self) -> list[CaptureProblem]:
        return self.capture.problems

    @property
    def opportunities(self) -> list[Spread]:
        return [s for s in self.spreads if s.is_opportunity and s.kind is OpportunityKind.CROSS_VENUE]

    @property
    def intra_venue_opportunities(self) -> list[Spread]:
        return [s for s in self.spreads if s.is_opportunity and s.kind is not OpportunityKind.CROSS_VENUE]

    @property
    def turned_down(self) -> list[Spread]:
        """Cross-venue spreads the books priced at a profit that are still not opportunities: a
        crossed or stale book, legs seen too far apart, a closed market, a threshold. A trader
        sees what was refused and why instead of a silently shorter list."""
        return [
            s
            for s in self.spreads
            if not s.is_opportunity and s.kind is OpportunityKind.CROSS_VENUE and s.net_profit > 0
        ]


def run_offline_scan(
    capture_dir: Path, settings: ScanSettings, *, allow_incomplete: bool = False
) -> OfflineScanResult:
    capture = load_capture(capture_dir, allow_incomplete=allow_incomplete)
    pairs_file = settings.load_pairs_file()
    kalshi = list(capture.kalshi_markets.values())
    polymarket = list(capture.polymarket_markets.values())
    report = match_report(
        kalshi,
        polymarket,
        pairs_file=pairs_file,
        config=MatchConfig(auto_approve_confidence=settings.auto_approve_confidence),
    )
    for issue in report.pairs_file_issues:
        log.warning("pairs file: %s", issue)
    markets = index_markets(kalshi + polymarket)
    books = index_books(capture.kalshi_books.values(), capture.polymarket_books.values())
    spreads = evaluate_all(report.pairs, markets, books, capture.completed_at, settings.thresholds())
    return OfflineScanResult(capture, list(report.pairs), spreads, report.pairs_file_issues)


def _number(value: Decimal | None) -> str | None:
    # Money, prices and sizes as exact decimal strings ("0.606181566181566181566181566"): a JSON
    # number is a binary float to most readers, and an average price is a quotient with more
    # digits than a float holds. Never in exponent notation.
    if value is None:
        return None
    return format(value, "f")


def pair_json(pair: MatchedPair) -> dict[str, Any]:
    return {
        "kalshi_ticker": pair.kalshi_ticker,
        "polymarket_market_id": pair.polymarket_market_id,
        "polymarket_yes_token": pair.polymarket_yes_token,
        "polymarket_no_token": pair.polymarket_no_token,
        "confidence": pair.confidence,
        "status": pair.status.value,
        "reasons": list(pair.reasons),
        "transform": pair.transform.value,
        "kalshi_tickers": list(pair.kalshi_legs),
    }


# A spread's direction, and the figures each listing of spreads shows (as exact decimal text).
_DIRECTION = ("kalshi_ticker", "polymarket_market_id", "kalshi_side", "polymarket_token")
_OPPORTUNITY_FIGURES = (
    "contracts", "kalshi_avg_price", "polymarket_avg_price", "kalshi_fee", "polymarket_fee", "cost", "net_profit",
    "days_to_resolution", "apy",
)  # fmt: skip
_INTRA_VENUE_FIGURES = ("contracts", "cost", "net_profit", "days_to_resolution", "apy")


def _spread_json(spread: Spread, names: Sequence[str], figures: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(spread, name) for name in names} | {name: _number(getattr(spread, name)) for name in figures}


def opportunity_json(spread: Spread) -> dict[str, Any]:
    return _spread_json(spread, _DIRECTION, _OPPORTUNITY_FIGURES)


def intra_venue_json(spread: Spread) -> dict[str, Any]:
    return {"kind": spread.kind.value} | _spread_json(spread, _DIRECTION[:2], _INTRA_VENUE_FIGURES)


def turned_down_json(spread: Spread) -> dict[str, Any]:
    return _spread_json(spread, _DIRECTION, ("contracts", "net_profit")) | {"reasons": list(spread.rejection_reasons)}


def result_json(result: OfflineScanResult) -> bytes:
    document = {
        "captured_at": result.capture.captured_at.isoformat(),
        "completed_at": result.capture.completed_at.isoformat(),
        "complete": result.capture.complete,
        "pairs": [pair_json(pair) for pair in result.pairs],
        "opportunities": [opportunity_json(s) for s in sorted(result.opportunities, key=lambda s: -s.net_profit)],
        "intra_venue_opportunities": [intra_venue_json(s) for s in result.intra_venue_opportunities],
        "turned_down": [turned_down_json(s) for s in sorted(result.turned_down, key=lambda s: -s.net_profit)],
        "problems": [{"file": p.path, "record": p.record, "problem": p.problem} for p in result.problems],
        "pairs_file_issues": list(result.pairs_file_issues),
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2)
