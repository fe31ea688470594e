"""The control endpoints that let paper trades settle against the sandbox: a pair resolves on the
step asked for, over REST as each venue says it (Kalshi ``result``, Gamma resolved
``outcomePrices``), each venue by the event or by its own ruling; and an outcome's asks can be
pulled while its bids stay. Bad requests get a 400 saying what is wrong."""

from __future__ import annotations

import orjson

from arb_pipeline.domain.models import Venue


def _control(sandbox) -> str:
    return sandbox.endpoints.kalshi_api_url.split("/kalshi")[0] + "/_sandbox"


def _open_pair(sandbox):
    """A true pair whose markets are still trading (the one a planted arbitrage sits on)."""
    planted = sandbox.scenario.planted_arbitrage[0]
    return next(p for p in sandbox.scenario.truth_pairs if p.kalshi_ticker == planted.kalshi_ticker
                and p.polymarket_market_id == planted.polymarket_market_id)


async def test_a_pair_resolves_on_schedule_and_two_venues_can_rule_differently(sandbox, http):
    pair = _open_pair(sandbox)
    resolve = {"kalshi_ticker": pair.kalshi_ticker, "polymarket_market_id": pair.polymarket_market_id,
               "kalshi_result": "yes", "polymarket_winner": pair.polymarket_no_token}
    answer = await http.post(_control(sandbox) + "/resolve", json=resolve)
    assert answer.status_code == 200, answer.text
    tick = (await http.post(_control(sandbox) + "/tick", json={"n": 1})).json()
    resolved = {(r["venue"], r["market_id"]): r for r in tick["resolutions"]}
    assert resolved[("kalshi", pair.kalshi_ticker)]["outcome"] == "yes"
    assert resolved[("polymarket", pair.polymarket_market_id)]["winning_token"] == pair.polymarket_no_token

    kalshi = (await http.get(f"{sandbox.endpoints.kalshi_api_url}/markets/{pair.kalshi_ticker}")).json()["market"]
    assert (kalshi["status"], kalshi["result"], kalshi["settlement_value_dollars"]) == ("determined", "yes", "1.0000")
    gamma = (await http.get(f"{sandbox.endpoints.polymarket_gamma_url}/markets/{pair.polymarket_market_id}")).json()
    tokens = orjson.loads(gamma["clobTokenIds"])
    prices = dict(zip(tokens, orjson.loads(gamma["outcomePrices"]), strict=True))
    assert gamma["closed"] is True and prices[pair.polymarket_no_token] == "1" and prices[pair.polymarket_yes_token] == "0"
    # Resolved once: scheduling it again is refused.
    again = await http.post(_control(sandbox) + "/resolve", json={**resolve, "kalshi_result": "no"})
    assert again.status_code == 400 and "already settled" in again.json()["error"]


async def test_pulling_asks_keeps_the_bids(sandbox, http):
    ticker = next(t for t, book in sandbox.scenario.kalshi_books.items() if book.yes.levels and book.no.levels)
    bids = dict(sandbox.scenario.kalshi_books[ticker].yes.levels)
    answer = await http.post(_control(sandbox) + "/pull", json={"venue": "kalshi", "market_id": ticker,
                                                                "outcome": "yes"})
    assert answer.status_code == 200 and answer.json()["removed_levels"] > 0
    book = sandbox.scenario.kalshi_books[ticker]
    # YES asks are NO bids: gone; YES bids: untouched.
    assert not book.no.levels and dict(book.yes.levels) == bids
    assert sandbox.scenario.is_dislocated(Venue.KALSHI, ticker)


async def test_bad_control_requests_say_what_is_wrong(sandbox, http):
    pair = _open_pair(sandbox)
    cases = [
        ("/resolve", {"kalshi_ticker": "NOPE", "polymarket_market_id": pair.polymarket_market_id}, "no such markets"),
        ("/resolve", {"kalshi_ticker": pair.kalshi_ticker, "polymarket_market_id": pair.polymarket_market_id,
                      "kalshi_result": "maybe"}, "kalshi_result must be 'yes' or 'no'"),
        ("/resolve", {"kalshi_ticker": pair.kalshi_ticker, "polymarket_market_id": pair.polymarket_market_id,
                      "at": "2026-01-01T00:00:00"}, "must carry its UTC offset"),
        ("/pull", {"venue": "kalshi", "market_id": pair.kalshi_ticker, "outcome": "maybe"}, "'yes' or 'no'"),
        ("/pull", {"venue": "nasdaq", "market_id": "X", "outcome": "yes"}, "nasdaq"),
    ]
    for path, body, message in cases:
        answer = await http.post(_control(sandbox) + path, json=body)
        assert answer.status_code == 400 and message in answer.json()["error"], (path, answer.text)
