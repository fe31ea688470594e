"""Where test inputs live: the project's own fixtures, and the public venue recordings.

The recordings (docs/venues.md#recorded-payloads-used-in-tests) are read in place from the folder
``ARB_VENUE_SAMPLES`` names (a relative path is taken from the repository root), by default
``../shared/venue_samples`` beside the clone; they are never copied into the project. A test that
reads them says which with ``@pytest.mark.venue_samples(name, ...)``: where one is missing the
test is skipped with a line naming the file and the setting, unless ``ARB_REQUIRE_VENUE_SAMPLES=1``
(CI sets it), which makes it fail instead (conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

VENUE_SAMPLES_ENV = "ARB_VENUE_SAMPLES"
REQUIRE_VENUE_SAMPLES_ENV = "ARB_REQUIRE_VENUE_SAMPLES"
DEFAULT_VENUE_SAMPLES = Path("..") / "shared" / "venue_samples"

KALSHI_NBA_EVENTS = "kalshi_events_nba_2026-01.json"
POLYMARKET_NBA_EVENTS = "polymarket_gamma_events_nba_2026-01.json"
NBA_MATCHED_PAIRS = "nba_matched_pairs_2026-01-09.json"


def _venue_samples_dir() -> Path:
    path = Path(os.environ.get(VENUE_SAMPLES_ENV) or DEFAULT_VENUE_SAMPLES).expanduser()
    # Resolved, so a skip line names the folder a user can look for, not repo/../shared/...
    return (REPO_ROOT / path).resolve()


VENUE_SAMPLES = _venue_samples_dir()


def venue_samples_required() -> bool:
    return os.environ.get(REQUIRE_VENUE_SAMPLES_ENV, "").strip() not in ("", "0")


def missing_venue_sample(names: tuple[str, ...] | list[str]) -> str | None:
    """One line naming the first of ``names`` missing from :data:`VENUE_SAMPLES`, the setting and
    where to get the recordings; None when every one is there."""
    for name in names:
        path = VENUE_SAMPLES / name
        if not path.is_file():
            setting = os.environ.get(VENUE_SAMPLES_ENV) or f"unset, so {DEFAULT_VENUE_SAMPLES} beside the repository"
            return (
                f"public venue recording {path} is missing ({VENUE_SAMPLES_ENV}: {setting}); set {VENUE_SAMPLES_ENV} "
                "to the folder holding it, see docs/venues.md#recorded-payloads-used-in-tests for where to get it"
            )
    return None


def venue_sample(name: str) -> Path:
    """The path of one public recording; a missing one raises FileNotFoundError with the line
    :func:`missing_venue_sample` gives (for readers outside pytest, such as the benchmarks)."""
    problem = missing_venue_sample([name])
    if problem is not None:
        raise FileNotFoundError(problem)
    return VENUE_SAMPLES / name
