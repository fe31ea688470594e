"""Run the sandbox exchange in its own process for benchmarks (``benchmarks/``, ``arb-pipeline bench
stream``), so the exchange and the client under measurement each get a core (this machine has
two) instead of sharing one event loop."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from arb_pipeline.config import Credentials, VenueEndpoints


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"


@contextmanager
def sandbox_process(size: int = 1, seed: int = 7) -> Iterator[tuple[VenueEndpoints, Credentials]]:
    key_dir = Path(tempfile.mkdtemp(prefix="arb-bench-keys-"))
    process = subprocess.Popen(
        [sys.executable, "-m", "arb_pipeline.cli", "sandbox", "--port", "0", "--tick", "0",
         "--size", str(size), "--seed", str(seed), "--key-dir", str(key_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        exports: dict[str, str] = {}
        assert process.stdout is not None
        while "ODDS_API_KEY" not in exports:
            line = process.stdout.readline()
            if not line:
                raise RuntimeError(f"sandbox exited before printing its settings (code {process.poll()})")
            if line.startswith("export "):
                name, _, value = line.removeprefix("export ").strip().partition("=")
                exports[name] = value
        credentials = Credentials(exports["KALSHI_API_KEY_ID"], exports["KALSHI_PRIVATE_KEY_PATH"], exports["ODDS_API_KEY"])
        yield VenueEndpoints.from_env(exports), credentials
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
