"""JSON decoders on the streamer's hot frames: how much of a message's cost is the JSON parse.

    .venv/bin/python benchmarks/bench_json_decoders.py [--rounds 200]

Decodes the 1,000 distinct Kalshi ``orderbook_delta`` and Polymarket ``price_change`` frames of ``arb-pipeline bench stream``'s decoder run
``--rounds`` times with the standard library's json, with
orjson (the project's general decoder), with msgspec when it is installed (it is not a
dependency: ``pip install msgspec`` into the venv to compare), as dicts and as typed structs;
then the project's checked message decoders on the same frames, for scale. The clients' compiled
path reads and applies a usual frame in one step, so it is timed with the books, by
``benchmarks/bench_live_books.py`` (docs/streamer.md#the-compiled-book-change).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections.abc import Callable
from typing import Any

import orjson

from arb_pipeline.app.bench_stream import decoder_alone, decode_rate, decoder_frames
from arb_pipeline.sandbox.process import machine


def msgspec_decoders() -> dict[str, Callable[[bytes], Any]]:
    if importlib.util.find_spec("msgspec") is None:
        return {}
    import msgspec

    body = msgspec.defstruct("DeltaBody", [
        ("market_ticker", str), ("side", str), ("price_dollars", str | None, None), ("delta_fp", str | None, None),
        ("ts_ms", int | None, None),
    ])  # fmt: skip
    delta = msgspec.defstruct("Delta", [("type", str), ("msg", body), ("sid", int | None, None), ("seq", int | None, None)])
    return {"msgspec (dicts)": msgspec.json.Decoder().decode, "msgspec (typed, Kalshi only)": msgspec.json.Decoder(delta).decode}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    kalshi, polymarket = decoder_frames()
    decoders: dict[str, Callable[[bytes], Any]] = {"json": json.loads, "orjson": orjson.loads, **msgspec_decoders()}
    if len(decoders) == 2:
        print("msgspec is not installed: pip install msgspec into the venv to compare it")
    for name, decode in decoders.items():
        venues = [("Kalshi", kalshi)] if "Kalshi only" in name else [("Kalshi", kalshi), ("Polymarket", polymarket)]
        print(f"{name:<30}" + "  ".join(f"{venue} {decode_rate(decode, batch, args.rounds):>11,.0f} frames/s" for venue, batch in venues))
    full = decoder_alone(args.rounds * len(kalshi))
    print(f"{'orjson + the project decoders':<30}Kalshi {full['kalshi_per_s']:>11,.0f} frames/s  Polymarket {full['polymarket_per_s']:>11,.0f} frames/s")
    print(f"machine: {machine()}")


if __name__ == "__main__":
    main()
