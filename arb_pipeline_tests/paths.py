"""Where test inputs live. ../shared sits beside the clone, locally and on CI; the public venue
recordings are read there in place, never copied into the project."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DIR = REPO_ROOT.parent / "shared"
VENUE_SAMPLES = SHARED_DIR / "venue_samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
