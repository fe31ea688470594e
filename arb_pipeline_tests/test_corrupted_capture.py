"""Corrupted captures: one sandbox capture, scanned once as the clean baseline; each case copies it,
changes ONE file, and runs ``inspect-capture`` and ``scan`` through the command line. Each case
states the exit codes and messages it expects, and the scan must find exactly the clean
opportunities minus those that depend on what the change broke: nothing false is added, nothing
sound is lost.

Adding a case: append a :class:`Case` to ``CASES``. Its ``corrupt(directory, clean)`` edits one
file of the copy in ``directory`` (helpers: :func:`edit_json`, :func:`edit_manifest`,
:meth:`Clean.file_with`) and returns a :class:`Broken`: the keys it takes out of play and,
optionally, a message both commands must print. An opportunity depends on its Kalshi markets
(``kalshi``), their books (``kalshi_book``) and series (``series``), its Polymarket market
(``polymarket``) and the token it buys (``token_book``). Pick targets from
:meth:`Clean.opportunity` so that each case provably removes something (the test checks that the
keys matter), or return no keys for a change that must remove nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from arb_pipeline.cli import main
from arb_pipeline.config import Credentials
from arb_pipeline.sandbox.keys import SANDBOX_KEY_ID, sandbox_key_pair
from arb_pipeline.sandbox.server import SandboxExchange
from arb_pipeline.venues.capture import Capture, capture, load_capture

pytestmark = pytest.mark.integration

Key = tuple[str, str]  # (kind, id): kind is kalshi, kalshi_book, series, polymarket or token_book


# --- running the command line ----------------------------------------------------------------


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str
    document: dict[str, Any] | None = None  # the scan's JSON, when it wrote one

    @property
    def text(self) -> str:
        return self.out + self.err


def run_cli(*args: str) -> CliRun:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return CliRun(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def default_settings() -> Iterator[None]:
    """Scan settings at their defaults, whatever the environment running the tests holds."""
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith("ARB_") and name not in {"ARB_HOME", "ARB_TEST_DATABASE_URL"}:
                patch.delenv(name)
        yield


def run_scan(directory: Path, result: Path, *extra: str) -> CliRun:
    with default_settings():
        run = run_cli("scan", "--capture", str(directory), "--out", str(result), *extra)
    document = json.loads(result.read_text()) if result.exists() else None
    return CliRun(run.code, run.out, run.err, document)


# --- the clean baseline ----------------------------------------------------------------------


@dataclass(frozen=True)
class Clean:
    """The clean capture, what it loads to, and its scan."""

    directory: Path
    capture: Capture
    scan: dict[str, Any]
    files: dict[str, bytes]  # every file's bytes, by relative path

    @property
    def opportunities(self) -> list[dict[str, Any]]:
        return self.scan["opportunities"]

    def opportunity(self, rank: int) -> dict[str, Any]:
        """The ``rank``-th most profitable clean opportunity (the scan's own order)."""
        return self.opportunities[rank]

    def legs(self, opportunity: dict[str, Any]) -> list[str]:
        (pair,) = [
            p
            for p in self.scan["pairs"]
            if (p["kalshi_ticker"], p["polymarket_market_id"]) == (opportunity["kalshi_ticker"], opportunity["polymarket_market_id"])
        ]
        return pair["kalshi_tickers"] or [pair["kalshi_ticker"]]

    def depends_on(self, opportunity: dict[str, Any]) -> set[Key]:
        keys: set[Key] = {("polymarket", opportunity["polymarket_market_id"]), ("token_book", opportunity["polymarket_token"])}
        for leg in self.legs(opportunity):
            keys |= {("kalshi", leg), ("kalshi_book", leg), ("series", self.capture.kalshi_markets[leg].series_id)}
        return keys

    def expected(self, broken: set[Key]) -> list[dict[str, Any]]:
        return [o for o in self.opportunities if not self.depends_on(o) & broken]

    def file_with(self, folder: str, needle: str) -> str:
        """The one file under ``folder`` whose text holds ``needle`` (e.g. a ticker), relative."""
        (path,) = [p for p in sorted((self.directory / folder).iterdir()) if needle in p.read_text()]
        return path.relative_to(self.directory).as_posix()


@pytest.fixture(scope="session")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Clean:
    root = tmp_path_factory.mktemp("corrupted-capture")
    key_path, public_pem = sandbox_key_pair(root / "keys")
    exchange = SandboxExchange(seed=7, size=1, kalshi_public_keys={SANDBOX_KEY_ID: public_pem})
    with exchange.run_in_thread() as running:
        asyncio.run(capture(root / "cap", running.endpoints, Credentials(SANDBOX_KEY_ID, str(key_path), "sandbox"), progress=False))
    run = run_scan(root / "cap", root / "scan.json")
    assert run.code == 0, run.text
    assert run.document is not None and run.document["problems"] == []
    # The cases pick their targets among these: several opportunities, on different markets.
    opportunities = run.document["opportunities"]
    assert len({o["kalshi_ticker"] for o in opportunities}) >= 3
    assert len({o["polymarket_market_id"] for o in opportunities}) >= 2
    return Clean(root / "cap", load_capture(root / "cap"), run.document, snapshot(root / "cap"))


# --- editing one file ------------------------------------------------------------------------


def edit_json(path: Path, change: Callable[[Any], object]) -> None:
    """Rewrite the JSON in ``path`` after ``change`` edited the decoded document in place."""
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


def edit_manifest(directory: Path, change: Callable[[dict[str, Any]], object]) -> None:
    edit_json(directory / "manifest.json", change)


def items(page: Any, key: str) -> list[Any]:
    """The records of a page body: Kalshi ``{key: [...]}``, Gamma a list or a keyset page."""
    return page if isinstance(page, list) else page[key]


def only(records: list[dict[str, Any]], key: str, value: str) -> dict[str, Any]:
    (record,) = [r for r in records if str(r.get(key)) == value]
    return record


def index_of(records: list[dict[str, Any]], key: str, value: str) -> int:
    (index,) = [i for i, r in enumerate(records) if str(r.get(key)) == value]
    return index


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in directory.rglob("*") if p.is_file()}


# --- the cases -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """What a corruption takes out of play (no keys: it must change no opportunity), and a
    message naming the file and field that both commands must print, when known only from the
    data."""

    keys: set[Key] = field(default_factory=set)
    says: str | None = None
    scan_says: str | None = None  # what only the scan can tell (a time, a close time: judged at scan time)


@dataclass(frozen=True)
class Case:
    name: str
    corrupt: Callable[[Path, Clean], Broken]
    inspect_exit: int
    scan_exit: int
    inspect_message: str | None = None  # a substring of inspect-capture's output
    scan_message: str | None = None  # a substring of scan's output
    scan_args: tuple[str, ...] = ()
    files: int = 1  # how many files the corruption changes (a market listed twice changes in both)

    def __str__(self) -> str:
        return self.name


def remove_manifest(directory: Path, clean: Clean) -> Broken:
    # What a capture that died before its manifest (under the old writer) left behind.
    (directory / "manifest.json").unlink()
    return Broken()


def mark_incomplete(directory: Path, clean: Clean) -> Broken:
    def change(manifest: dict[str, Any]) -> None:
        manifest["complete"] = False
        manifest["incomplete_reason"] = "VenueHttpError: polymarket GET /markets answered 503"

    edit_manifest(directory, change)
    return Broken()


def malformed_kalshi_market(directory: Path, clean: Clean) -> Broken:
    ticker = clean.opportunity(0)["kalshi_ticker"]
    page = clean.file_with("kalshi/markets", f'"{ticker}"')
    index = index_of(json.loads((clean.directory / page).read_text())["markets"], "ticker", ticker)
    edit_json(directory / page, lambda body: body["markets"][index].update(yes_bid_dollars="n/a"))
    # Its copy nested in an event still parses, but is not known to agree: left out as well.
    return Broken({("kalshi", ticker)}, f"{page}: markets[{index}] {ticker} field 'yes_bid_dollars': not a number: 'n/a'")


def malformed_polymarket_market(directory: Path, clean: Clean) -> Broken:
    market_id = clean.opportunity(0)["polymarket_market_id"]
    page = clean.file_with("polymarket/markets", f'"id":"{market_id}"')
    records = items(json.loads((clean.directory / page).read_text()), "markets")
    index = index_of(records, "id", market_id)
    edit_json(directory / page, lambda body: items(body, "markets")[index].update(clobTokenIds="not json"))
    return Broken({("polymarket", market_id)}, f"{page}: markets[{index}] {market_id} field 'clobTokenIds'")


def series_of(clean: Clean, rank: int) -> str:
    (leg, *_) = clean.legs(clean.opportunity(rank))
    return clean.capture.kalshi_markets[leg].series_id


def malformed_series(directory: Path, clean: Clean) -> Broken:
    series = series_of(clean, 1)
    page = clean.file_with("kalshi/series", f'"{series}"')
    edit_json(directory / page, lambda body: only(body["series"], "ticker", series).update(fee_multiplier="abc"))
    return Broken({("series", series)}, f"{series} field 'fee_multiplier': not a number: 'abc'")


def conflicting_duplicate_series(directory: Path, clean: Clean) -> Broken:
    series = series_of(clean, 0)
    page = clean.file_with("kalshi/series", f'"{series}"')
    edit_json(directory / page, lambda body: body["series"].append({**only(body["series"], "ticker", series), "fee_multiplier": 0}))
    return Broken({("series", series)}, f"series {series} appears twice with different terms (fee_multiplier")


def conflicting_duplicate_kalshi_market(directory: Path, clean: Clean) -> Broken:
    ticker = clean.opportunity(1)["kalshi_ticker"]
    page = clean.file_with("kalshi/markets", f'"{ticker}"')

    def change(body: dict[str, Any]) -> None:
        market = only(body["markets"], "ticker", ticker)
        later = datetime.fromisoformat(market["close_time"].replace("Z", "+00:00")) + timedelta(days=30)
        body["markets"].append({**market, "close_time": later.isoformat()})

    edit_json(directory / page, change)
    return Broken({("kalshi", ticker)}, f"market {ticker} appears twice with different terms (close_time")


def swapped_duplicate_polymarket_market(directory: Path, clean: Clean) -> Broken:
    # The same market again with its tokens the other way round: which token pays on which
    # outcome is the whole trade, so neither copy may be believed.
    market_id = clean.opportunity(3)["polymarket_market_id"]
    page = clean.file_with("polymarket/markets", f'"id":"{market_id}"')

    def change(body: Any) -> None:
        market = only(items(body, "markets"), "id", market_id)
        tokens = json.loads(market["clobTokenIds"])
        items(body, "markets").append({**market, "clobTokenIds": json.dumps(tokens[::-1])})

    edit_json(directory / page, change)
    return Broken({("polymarket", market_id)}, f"market {market_id} appears twice with different terms (outcomes")


def identical_duplicate_market(directory: Path, clean: Clean) -> Broken:
    ticker = clean.opportunity(0)["kalshi_ticker"]
    page = clean.file_with("kalshi/markets", f'"{ticker}"')
    edit_json(directory / page, lambda body: body["markets"].append(dict(only(body["markets"], "ticker", ticker))))
    return Broken()


def book_without_received_at(directory: Path, clean: Clean) -> Broken:
    ticker = clean.opportunity(2)["kalshi_ticker"]
    relative = f"kalshi/orderbooks/{ticker}.json"
    edit_manifest(directory, lambda manifest: manifest["received_at"].pop(relative))
    return Broken({("kalshi_book", ticker)}, f"{relative}: no received_at entry in manifest.json")


def book_the_capture_never_wrote(directory: Path, clean: Clean) -> Broken:
    # A leftover of another run next to the books this capture wrote.
    ticker = clean.opportunity(0)["kalshi_ticker"]
    shutil.copyfile(directory / f"kalshi/orderbooks/{ticker}.json", directory / "kalshi/orderbooks/KXLEFTOVER-1.json")
    return Broken(set(), "kalshi/orderbooks/KXLEFTOVER-1.json: no received_at entry in manifest.json")


def polymarket_book_of_another_token(directory: Path, clean: Clean) -> Broken:
    token = clean.opportunity(0)["polymarket_token"]
    other = next(t for t in sorted(clean.capture.polymarket_books) if t != token)
    shutil.copyfile(clean.directory / f"polymarket/books/{other}.json", directory / f"polymarket/books/{token}.json")
    return Broken({("token_book", token)}, f"polymarket/books/{token}.json: file is named for token {token} but holds the book of {other}")


def truncated_kalshi_book(directory: Path, clean: Clean) -> Broken:
    ticker = clean.opportunity(4)["kalshi_ticker"]
    path = directory / f"kalshi/orderbooks/{ticker}.json"
    path.write_bytes(path.read_bytes()[:20])
    return Broken({("kalshi_book", ticker)}, f"kalshi/orderbooks/{ticker}.json: JSONDecodeError")


def completed_an_hour_after_the_books(directory: Path, clean: Clean) -> Broken:
    # The scan's "now" is completed_at: an hour on, every book is older than the quote-age limit.
    later = clean.capture.completed_at + timedelta(hours=1)
    edit_manifest(directory, lambda manifest: manifest.update(completed_at=later.isoformat()))
    return Broken({("kalshi_book", leg) for o in clean.opportunities for leg in clean.legs(o)})


def received_at_as_a_list(directory: Path, clean: Clean) -> Broken:
    edit_manifest(directory, lambda manifest: manifest.update(received_at=sorted(manifest["received_at"])))
    return Broken()


def manifest_not_json(directory: Path, clean: Clean) -> Broken:
    (directory / "manifest.json").write_text('{"format": 1, "captured_at": ')
    return Broken()


def _kalshi_book_levels(body: dict[str, Any]) -> dict[str, list[list[str]]]:
    return body["orderbook_fp"]


def crossed_kalshi_book(directory: Path, clean: Clean) -> Broken:
    # A YES bid above 1 - the best NO bid: walked as it stands it looked like free money.
    ticker = clean.opportunity(0)["kalshi_ticker"]

    def change(body: dict[str, Any]) -> None:
        levels = _kalshi_book_levels(body)
        best_no = max(Decimal(price) for price, _ in levels["no_dollars"])
        levels["yes_dollars"].append([str(min(Decimal("0.99"), 1 - best_no + Decimal("0.05"))), "40.00"])

    edit_json(directory / f"kalshi/orderbooks/{ticker}.json", change)
    return Broken({("kalshi_book", ticker)}, f"bad book: kalshi {ticker} crossed: best YES bid")


def crossed_polymarket_book(directory: Path, clean: Clean) -> Broken:
    # A bid above the best ask (the ask of 0.05 under bids of 0.62-0.66, the other way up).
    token = clean.opportunity(1)["polymarket_token"]

    def change(body: dict[str, Any]) -> None:
        best_ask = min(Decimal(level["price"]) for level in body["asks"])
        body["bids"].append({"price": str(min(Decimal("0.99"), best_ask + Decimal("0.05"))), "size": "25"})

    edit_json(directory / f"polymarket/books/{token}.json", change)
    return Broken({("token_book", token)}, f"bad book: polymarket {token} crossed: best bid")


def absurd_book_size(directory: Path, clean: Clean) -> Broken:
    token = clean.opportunity(2)["polymarket_token"]
    edit_json(directory / f"polymarket/books/{token}.json", lambda body: body["asks"][-1].update(size="1e30"))
    return Broken({("token_book", token)}, "size 1E+30 at")


def book_stamped_in_2030(directory: Path, clean: Clean) -> Broken:
    token = clean.opportunity(3)["polymarket_token"]
    edit_json(directory / f"polymarket/books/{token}.json", lambda body: body.update(timestamp="1893456000000"))
    return Broken({("token_book", token)}, scan_says=f"untrusted time: polymarket book {token} venue time 2030-01-01T00:00:00+00:00")


def book_fetched_36_seconds_before_its_pair(directory: Path, clean: Clean) -> Broken:
    token = clean.opportunity(0)["polymarket_token"]
    relative = f"polymarket/books/{token}.json"

    def change(manifest: dict[str, Any]) -> None:
        received = datetime.fromisoformat(manifest["received_at"][relative]) - timedelta(seconds=36)
        manifest["received_at"][relative] = received.isoformat()

    edit_manifest(directory, change)
    return Broken({("token_book", token)}, scan_says="legs observed 3")


def market_past_its_close_time(directory: Path, clean: Clean) -> Broken:
    # Still "active", but trading closed an hour before the capture ended: both copies of the
    # market (the listing and its event) agree, so only the close time can refuse it.
    ticker = clean.opportunity(1)["kalshi_ticker"]
    closed = (clean.capture.completed_at - timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    for folder, key in (("kalshi/markets", None), ("kalshi/events", "events")):
        page = clean.file_with(folder, f'"{ticker}"')

        def change(body: dict[str, Any], key: str | None = key) -> None:
            markets = body["markets"] if key is None else [m for e in body[key] for m in e.get("markets") or []]
            only(markets, "ticker", ticker)["close_time"] = closed

        edit_json(directory / page, change)
    return Broken({("kalshi", ticker)}, scan_says=f"kalshi market {ticker} closed at")


MANIFEST_MISSING = "is not a capture folder: manifest.json is missing (it holds files, perhaps left by a failed capture"
RECEIVED_AT_LIST = "manifest.json field 'received_at': expected an object of file path -> ISO-8601 time, got list"

CASES: list[Case] = [
    Case("leftovers without a manifest", remove_manifest, 2, 2, MANIFEST_MISSING, MANIFEST_MISSING),
    Case("incomplete capture refused", mark_incomplete, 1, 2, "INCOMPLETE: the capture failed midway (VenueHttpError", "is an incomplete capture (VenueHttpError"),
    Case(
        "incomplete capture scanned on request",
        mark_incomplete,
        1,
        0,
        "INCOMPLETE",
        "warning: ",
        scan_args=("--allow-incomplete",),
    ),
    Case("malformed Kalshi market in a page", malformed_kalshi_market, 1, 0, "left out: its copy in kalshi/markets/", "left out: its copy in kalshi/markets/"),
    Case("malformed Polymarket market in a page", malformed_polymarket_market, 1, 0),
    Case("malformed series", malformed_series, 1, 0),
    Case("conflicting duplicate series", conflicting_duplicate_series, 1, 0),
    Case("conflicting duplicate Kalshi market", conflicting_duplicate_kalshi_market, 1, 0),
    Case("duplicate Polymarket market with swapped tokens", swapped_duplicate_polymarket_market, 1, 0),
    Case("identical duplicate market", identical_duplicate_market, 0, 0),
    Case("book file with no received_at", book_without_received_at, 1, 0),
    Case("book file the capture never wrote", book_the_capture_never_wrote, 1, 0),
    Case("Polymarket book file holding another token", polymarket_book_of_another_token, 1, 0),
    Case("truncated Kalshi book", truncated_kalshi_book, 1, 0),
    Case("capture completed an hour after its books", completed_an_hour_after_the_books, 0, 0),
    Case("manifest received_at is a list", received_at_as_a_list, 2, 2, RECEIVED_AT_LIST, RECEIVED_AT_LIST),
    Case("manifest is not JSON", manifest_not_json, 2, 2, "manifest.json: not readable JSON", "manifest.json: not readable JSON"),
    Case("crossed Kalshi book", crossed_kalshi_book, 1, 0),
    Case("crossed Polymarket book", crossed_polymarket_book, 1, 0),
    Case("a book size beyond any real book", absurd_book_size, 1, 0),
    Case("a book stamped in 2030", book_stamped_in_2030, 0, 0),
    Case("a book fetched 36 s before its pair", book_fetched_36_seconds_before_its_pair, 0, 0),
    Case("an active market past its close time", market_past_its_close_time, 0, 0, files=2),
]


def by_key(opportunities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(opportunities, key=lambda o: (o["kalshi_ticker"], o["kalshi_side"], o["polymarket_token"]))


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_corrupted_capture(case: Case, clean: Clean, tmp_path: Path) -> None:
    directory = tmp_path / "cap"
    shutil.copytree(clean.directory, directory, copy_function=shutil.copyfile)
    broken = case.corrupt(directory, clean)
    after = snapshot(directory)
    changed = {path for path in clean.files.keys() | after.keys() if clean.files.get(path) != after.get(path)}
    assert len(changed) == case.files, changed
    # The keys a case breaks must matter to some clean opportunity, or the case proves nothing.
    assert not broken.keys or any(clean.depends_on(o) & broken.keys for o in clean.opportunities), broken.keys

    inspect = run_cli("inspect-capture", str(directory))
    assert inspect.code == case.inspect_exit, inspect.text
    for message in (case.inspect_message, broken.says):
        assert message is None or message in inspect.text, inspect.text

    scan = run_scan(directory, tmp_path / "scan.json", *case.scan_args)
    assert scan.code == case.scan_exit, scan.text
    for message in (case.scan_message, broken.says, broken.scan_says):
        assert message is None or message in scan.text, scan.text
    if case.scan_exit != 0:
        assert scan.document is None
        return
    assert scan.document is not None
    expected = clean.expected(broken.keys)
    assert len(expected) < len(clean.opportunities) if broken.keys else expected == clean.opportunities
    assert by_key(scan.document["opportunities"]) == by_key(expected)
    assert all(o in clean.scan["intra_venue_opportunities"] for o in scan.document["intra_venue_opportunities"])
    manifest = json.loads((directory / "manifest.json").read_text())
    assert (scan.document["captured_at"], scan.document["completed_at"]) == (manifest["captured_at"], manifest["completed_at"])
