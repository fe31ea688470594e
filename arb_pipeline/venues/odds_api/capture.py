"""The Odds API's part of a capture (the layout is in :mod:`arb_pipeline.venues.capture`): the h2h
odds of each sport asked for, and reading them back.

    odds/<sport_key>/*.json            The Odds API GET /v4/sports/<sport>/odds bodies
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from arb_pipeline.config import VenueEndpoints
from arb_pipeline.venues.capture_folder import SAFE_NAME, CaptureError, CaptureFolder, CaptureRun, CaptureSettings, read_json
from arb_pipeline.venues.http import VenueHttpError
from arb_pipeline.venues.odds_api.parsing import parse_odds
from arb_pipeline.venues.odds_api.rest import OddsApiClient
from arb_pipeline.venues.protocols import CaptureVenue
from arb_pipeline.venues.records import RecordProblem

log = logging.getLogger(__name__)

#: Capture always asks The Odds API for decimal prices, and reads them back as such: inferring the
#: format per price would take a decimal price sent as an integer (a 100.0 long shot) for American
#: odds (docs/venues.md#the-odds-api).
CAPTURE_ODDS_FORMAT = "decimal"
DEFAULT_ODDS_SPORTS = ("basketball_nba", "americanfootball_nfl")


def _source(endpoints: VenueEndpoints) -> str:
    return f"odds={endpoints.odds_api_url}"


def _chosen_sports(sports: Iterable[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(sport.strip() for sport in sports))
    bad = [sport for sport in chosen if not SAFE_NAME.match(sport)]
    if bad or not chosen:
        raise CaptureError(
            f"--odds-sports: {', '.join(repr(sport) for sport in bad) or 'no sport'} is not an Odds API sport key "
            "(letters, digits, '.', '_', '-'; e.g. basketball_nba)"
        )
    return chosen


class OddsCaptureWriter:
    """Building it checks the sport keys (they become folder names) before any request. Without
    an API key the odds are skipped, and the capture says so."""

    def __init__(self, settings: CaptureSettings) -> None:
        self.api_url = settings.endpoints.odds_api_url
        self.api_key = settings.credentials.odds_api_key
        self.sports = _chosen_sports(DEFAULT_ODDS_SPORTS if settings.odds_sports is None else settings.odds_sports)

    async def write(self, run: CaptureRun) -> None:
        if not self.api_key:
            run.skipped.append("odds: ODDS_API_KEY is not set")
            return
        async with OddsApiClient(self.api_url, self.api_key) as odds:
            for sport in self.sports:
                run.bar.set_description(f"odds {sport}")
                try:
                    result = await odds.odds_raw(sport, odds_format=CAPTURE_ODDS_FORMAT)
                except VenueHttpError as exc:
                    # 422 = sport out of season or unknown (The Odds API): the rest still captures.
                    run.skipped.append(f"odds {sport}: {exc}")
                    log.warning("odds capture skipped %s: %s", sport, exc)
                    continue
                run.files.write(f"odds/{sport}/h2h.json", result.content, result.received_ts)
                body = result.json()
                run.counts[f"odds_{sport}"] = len(body) if isinstance(body, list) else 0
                run.bar.update(1)
            quota = odds.last_quota
        if quota is not None:
            run.manifest["odds_quota"] = {"remaining": quota.remaining, "used": quota.used, "last_cost": quota.last_cost}


def read_odds_capture(folder: CaptureFolder) -> None:
    odds_root = folder.directory / "odds"
    if not odds_root.is_dir():
        return
    for sport_dir in sorted(p for p in odds_root.iterdir() if p.is_dir()):
        sport = sport_dir.name

        def read_odds(path: Path, relative: str, found: list[RecordProblem], sport: str = sport) -> None:
            events = parse_odds(read_json(path), CAPTURE_ODDS_FORMAT, where=relative, problems=found)
            folder.capture.odds_events.setdefault(sport, []).extend(events)

        folder.read(f"odds/{sport}", read_odds)


CAPTURE = CaptureVenue("odds", _source, OddsCaptureWriter, read_odds_capture)
