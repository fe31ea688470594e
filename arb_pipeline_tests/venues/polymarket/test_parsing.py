"""Contract tests: Polymarket payloads in exactly the venue's shapes (docs/venues.md#polymarket), and
the public recorded Gamma events response (docs/venues.md#recorded-payloads-used-in-tests), parsed
into domain models."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from arb_pipeline.domain.books import ns_time
from arb_pipeline.domain.models import BookSide, MarketStatus, PolymarketFeeSchedule, Venue
from arb_pipeline.venues.polymarket import (
    BestBidAskMessage, BookMessage, LastTradeMessage, MarketResolvedMessage, NewMarketMessage, PriceChangeMessage,
    TickSizeChangeMessage, parse_book, parse_books, parse_events_page, parse_fee_schedule, parse_gamma_event,
    parse_gamma_market, parse_market_message, parse_markets_page,
)
from arb_pipeline.venues.wire import WireFormatError
from arb_pipeline_tests.paths import FIXTURES, NBA_MATCHED_PAIRS, POLYMARKET_NBA_EVENTS, venue_sample

POLYMARKET = FIXTURES / "polymarket"
RECEIVED = datetime(2026, 6, 29, 17, 16, tzinfo=UTC)
BOOKS = "polymarket clob POST /books"


def fixture(name: str) -> Any:
    return json.loads((POLYMARKET / name).read_text())


# ---------------------------------------------------------------------------------------------
# Gamma markets


def test_recorded_gamma_market_decodes_json_inside_json_and_maps_tokens_by_position() -> None:
    market = parse_gamma_market(fixture("gamma_market_recorded.json"))

    assert market.venue is Venue.POLYMARKET
    assert market.market_id == "1066851"
    assert market.title == "Bitcoin Up or Down - December 31, 12:00PM-12:15PM ET"
    assert market.condition_id == "0x2e6af11e4b853b05ba7135239b21d77e808889b6ce1e735de856c94c4e5b5fce"
    assert market.slug == "btc-updown-15m-1767200400"
    assert [(o.name, o.token_id, o.display_price) for o in market.outcomes] == [
        ("Up", "8851848546962572193739008211889046036776198486765606333032192644001246174440", Decimal("0.585")),
        ("Down", "10181859819235412241349111952383458602722012323104397550162049365057126390549", Decimal("0.415")),
    ]
    assert market.outcome_by_token("10181859819235412241349111952383458602722012323104397550162049365057126390549").name == "Down"
    assert market.status is MarketStatus.OPEN
    assert market.venue_status == "active"
    assert market.result is None
    assert market.fee == PolymarketFeeSchedule(enabled=False)
    assert market.tick_size == Decimal("0.01")
    assert market.top_of_book is not None
    assert (market.top_of_book.bid, market.top_of_book.ask, market.top_of_book.last) == (
        Decimal("0.58"),
        Decimal("0.59"),
        Decimal("0.58"),
    )
    assert all(type(value) is Decimal for value in (market.top_of_book.bid, market.tick_size))
    assert market.open_time == datetime(2025, 12, 30, 17, 10, 15, 861305, tzinfo=UTC)
    assert market.close_time == market.expiration_time == datetime(2025, 12, 31, 17, 15, tzinfo=UTC)
    assert market.rules.startswith('This market will resolve to "Up"')
    assert market.neg_risk is False
    assert market.event_id is None and market.strike is None and market.game_start_time is None


def test_gamma_market_with_real_arrays_team_outcomes_and_no_best_bid() -> None:
    market = parse_gamma_market(fixture("gamma_market_real_arrays.json"))

    assert [o.name for o in market.outcomes] == ["Ravens", "Falcons"]
    assert market.outcomes[1].token_id == "91876543210987654321098765432109876543210987654321098765432109876543210987654"
    assert market.outcomes[0].display_price == Decimal("0.545")
    assert market.top_of_book is not None
    assert market.top_of_book.bid is None
    assert market.top_of_book.ask == Decimal("0.55")
    assert market.game_start_time == datetime(2026, 10, 12, 0, 20, tzinfo=UTC)
    assert (market.event_id, market.event_title, market.series_id) == ("50001", "Ravens vs. Falcons", "nfl-2026")
    assert market.market_type == "moneyline"
    assert market.fee == PolymarketFeeSchedule(enabled=False)


def test_fee_enabled_market_reads_its_fee_schedule_and_parent_event_category() -> None:
    market = parse_gamma_market(fixture("gamma_market_fees.json"))

    assert market.fee == PolymarketFeeSchedule(
        enabled=True, rate=Decimal("0.05"), exponent=Decimal(1), taker_only=True, rebate_rate=Decimal("0.25")
    )
    assert market.neg_risk is True
    assert market.subtitle == "25 bps decrease"
    assert market.tick_size == Decimal("0.001")
    # "Economy" is a topic tag, "Economics" the category that sets the fee rate.
    assert market.category == "Economics"
    assert market.event_id == "40001"


def test_fee_schedule_defaults_exponent_to_one_and_keeps_other_exponents() -> None:
    assert parse_fee_schedule({"feesEnabled": True, "feeSchedule": {"rate": "0.03"}}, "m").exponent == Decimal(1)
    schedule = parse_fee_schedule({"feesEnabled": True, "feeSchedule": {"rate": 0.02, "exponent": 2, "takerOnly": False}}, "m")
    assert (schedule.rate, schedule.exponent, schedule.taker_only, schedule.rebate_rate) == (
        Decimal("0.02"),
        Decimal(2),
        False,
        Decimal(0),
    )


def test_fees_enabled_without_a_schedule_is_refused_not_guessed() -> None:
    raw = fixture("gamma_market_fees.json")
    del raw["feeSchedule"]
    with pytest.raises(WireFormatError, match=r"2252241 field 'feeSchedule'.*fee rate is unknown"):
        parse_gamma_market(raw)


def _with(**changes: Any) -> dict[str, Any]:
    raw = fixture("gamma_market_recorded.json")
    raw.update(changes)
    return raw


@pytest.mark.parametrize(
    ("changes", "status", "venue_status", "result"),
    [
        ({"closed": True, "outcomePrices": '["0", "1"]'}, MarketStatus.SETTLED, "resolved", "Down"),
        ({"closed": True, "outcomePrices": '["1", "0"]'}, MarketStatus.SETTLED, "resolved", "Up"),
        (
            {"closed": True, "outcomePrices": '["0.5", "0.5"]', "umaResolutionStatus": "resolved"},
            MarketStatus.SETTLED,
            "resolved",
            "50-50",
        ),
        ({"closed": True, "outcomePrices": '["0.5", "0.5"]'}, MarketStatus.CLOSED, "closed", None),
        ({"closed": True, "outcomePrices": '["0.97", "0.03"]'}, MarketStatus.CLOSED, "closed", None),
        ({"archived": True}, MarketStatus.CLOSED, "archived", None),
        ({"active": False}, MarketStatus.UNOPENED, "inactive", None),
        ({"acceptingOrders": False}, MarketStatus.PAUSED, "not accepting orders", None),
    ],
)
def test_status_and_result_follow_the_gamma_flags(
    changes: dict[str, Any], status: MarketStatus, venue_status: str, result: str | None
) -> None:
    market = parse_gamma_market(_with(**changes))
    assert (market.status, market.venue_status, market.result) == (status, venue_status, result)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"clobTokenIds": '["1"]'}, r"1066851 field 'clobTokenIds': 1 token ids for 2 outcomes"),
        ({"outcomePrices": '["0.5"]'}, r"1066851 field 'outcomePrices': 1 prices for 2 outcomes"),
        ({"outcomes": '["Up", "Down"'}, r"1066851 field 'outcomes': JSON-in-string did not decode"),
        ({"outcomes": "[]"}, r"1066851 field 'outcomes': missing or empty"),
        ({"bestBid": "n/a"}, r"1066851 field 'bestBid': not a number"),
        ({"gameStartTime": "tonight"}, r"1066851 field 'gameStartTime'"),
        ({"closed": "no"}, r"1066851 field 'closed': expected true or false"),
        ({"question": None}, r"1066851: missing field 'question'"),
        ({"id": None}, r"polymarket gamma market: missing field 'id'"),
    ],
)
def test_bad_gamma_markets_name_the_market_and_the_field(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(WireFormatError, match=message):
        parse_gamma_market(_with(**changes))


def test_markets_keyset_pages_carry_the_cursor_until_the_last_page() -> None:
    markets, cursor = parse_markets_page(fixture("gamma_markets_keyset_page.json"))
    assert [m.market_id for m in markets] == ["1066851", "2252241"]
    assert cursor == "eyJpZCI6MjI1MjI0MX0="

    markets, cursor = parse_markets_page(fixture("gamma_markets_keyset_last_page.json"))
    assert [m.market_id for m in markets] == ["4024681"]
    assert cursor is None


def test_markets_offset_page_is_a_plain_list() -> None:
    markets, cursor = parse_markets_page([fixture("gamma_market_recorded.json"), fixture("gamma_market_real_arrays.json")])
    assert [m.market_id for m in markets] == ["1066851", "4024681"]
    assert cursor is None


def test_page_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(WireFormatError, match=r"/markets field 'markets': expected a list"):
        parse_markets_page({"data": []})
    with pytest.raises(WireFormatError, match=r"expected a JSON array or a keyset page object"):
        parse_markets_page("[]")


# ---------------------------------------------------------------------------------------------
# Gamma events


def test_events_page_nests_markets_with_their_event_series_and_category() -> None:
    events, cursor = parse_events_page(fixture("gamma_events_page.json"))
    assert cursor is None
    [event] = events
    assert (event.event_id, event.slug, event.title, event.series_slug, event.category) == (
        "160101",
        "nba-bos-nyk-2026-01-20",
        "Celtics vs. Knicks",
        "nba-2026",
        "Sports",
    )
    assert event.tags == ("Sports", "NBA", "Games", "Basketball")
    assert event.end_time == datetime(2026, 1, 21, 0, 30, tzinfo=UTC)
    moneyline, spread, total = event.markets
    for market in event.markets:
        assert (market.event_id, market.event_title, market.series_id, market.category) == (
            "160101",
            "Celtics vs. Knicks",
            "nba-2026",
            "Sports",
        )
    assert moneyline.market_type == "moneyline" and moneyline.strike is None
    assert [o.name for o in moneyline.outcomes] == ["Celtics", "Knicks"]
    assert spread.strike is not None and spread.strike.floor == Decimal("-4.5")
    assert spread.subtitle == "Spread -4.5"
    assert total.strike is not None and total.strike.floor == Decimal("224.5")
    assert (total.status, total.result) == (MarketStatus.SETTLED, "Over")


def test_events_keyset_page() -> None:
    events, cursor = parse_events_page(fixture("gamma_events_keyset_page.json"))
    assert [e.event_id for e in events] == ["160101"]
    assert cursor == "MTYwMTAx"


def test_bad_nested_market_names_event_and_market() -> None:
    raw = fixture("gamma_events_page.json")[0]
    raw["markets"][1]["clobTokenIds"] = "not json"
    with pytest.raises(WireFormatError, match=r"event 160101 markets\[1\] 1200002 field 'clobTokenIds'"):
        parse_gamma_event(raw)


# NBA team codes of the matched-pairs file -> the team names Polymarket uses as outcomes.
NBA_TEAM_NAMES = {
    "ATL": "Hawks", "BKN": "Nets", "BOS": "Celtics", "CHA": "Hornets", "CHI": "Bulls", "CLE": "Cavaliers",
    "DAL": "Mavericks", "DEN": "Nuggets", "DET": "Pistons", "GSW": "Warriors", "HOU": "Rockets", "IND": "Pacers",
    "LAC": "Clippers", "LAL": "Lakers", "MEM": "Grizzlies", "MIA": "Heat", "MIL": "Bucks", "MIN": "Timberwolves",
    "NOP": "Pelicans", "NYK": "Knicks", "OKC": "Thunder", "ORL": "Magic", "PHI": "76ers", "PHX": "Suns",
    "POR": "Trail Blazers", "SAC": "Kings", "SAS": "Spurs", "TOR": "Raptors", "UTA": "Jazz", "WAS": "Wizards",
}  # fmt: skip


@pytest.fixture(scope="module")
def recorded_nba_events() -> list[Any]:
    events, cursor = parse_events_page(json.loads(venue_sample(POLYMARKET_NBA_EVENTS).read_bytes()))
    assert cursor is None
    return events


@pytest.mark.venue_samples(POLYMARKET_NBA_EVENTS)
def test_every_recorded_nba_event_and_market_parses(recorded_nba_events: list[Any]) -> None:
    markets = [market for event in recorded_nba_events for market in event.markets]
    assert len(recorded_nba_events) == 50
    assert len(markets) == 738
    assert all(len(m.outcomes) == 2 and all(o.token_id for o in m.outcomes) for m in markets)
    assert all(m.series_id == "nba-2026" and m.category == "Sports" for m in markets)
    statuses = [m.status for m in markets]
    assert statuses.count(MarketStatus.OPEN) == 520
    assert statuses.count(MarketStatus.SETTLED) == 218
    assert all(m.result in {o.name for o in m.outcomes} for m in markets if m.status is MarketStatus.SETTLED)
    assert sum(m.market_type == "moneyline" for m in markets) == 50
    first = recorded_nba_events[0].markets[0]
    assert first.game_start_time == datetime(2026, 1, 5, 2, 30, tzinfo=UTC)
    assert first.tick_size == Decimal("0.001")
    assert first.top_of_book is not None and first.top_of_book.bid is None


@pytest.mark.venue_samples(POLYMARKET_NBA_EVENTS, NBA_MATCHED_PAIRS)
def test_recorded_moneyline_tokens_map_to_the_teams_of_the_matched_pairs(recorded_nba_events: list[Any]) -> None:
    by_condition = {m.condition_id: m for event in recorded_nba_events for m in event.markets}
    pairs = json.loads(venue_sample(NBA_MATCHED_PAIRS).read_text())["markets"]
    checked = 0
    for pair in pairs:
        market = by_condition.get(pair.get("poly_condition_id"))
        if market is None or pair["sport"] != "NBA":
            continue
        assert market.market_type == "moneyline"
        assert market.slug == pair["polymarket"]["markets"]["slug"]
        for team_code, token_id in pair["poly_token_ids"].items():
            assert market.outcome_by_token(token_id).name == NBA_TEAM_NAMES[team_code]
        checked += 1
    assert checked == 15


# ---------------------------------------------------------------------------------------------
# CLOB books


def test_get_book_best_levels_are_last_on_the_wire() -> None:
    book = parse_book(fixture("clob_book.json"), received_ts=RECEIVED)

    assert book.venue is Venue.POLYMARKET
    assert book.instrument_id == "107505882767833119087362880287393540813186853930102227591802437061934883150417"
    assert book.market_id == "0x747d2e4a6c8b0f1d3e5a7c9b1d3f5e7a9c1b3d5f7e9a1c3b5d7f9e1a3c5b1f75"
    assert book.best_bid is not None and book.best_ask is not None
    assert (book.best_bid.price, book.best_bid.size) == (Decimal("0.45"), Decimal("100"))
    assert (book.best_ask.price, book.best_ask.size) == (Decimal("0.46"), Decimal("150"))
    assert [level.price for level in book.bids] == [Decimal("0.45"), Decimal("0.44"), Decimal("0.40"), Decimal("0.01")]
    assert [level.price for level in book.asks] == [Decimal("0.46"), Decimal("0.47"), Decimal("0.50"), Decimal("0.99")]
    assert book.bids[1].size == Decimal("80.5")
    assert all(type(level.price) is Decimal and type(level.size) is Decimal for level in book.bids + book.asks)
    assert book.venue_ts == datetime(2026, 6, 29, 17, 15, 57, 257000, tzinfo=UTC)
    assert book.received_ts == RECEIVED
    assert (book.tick_size, book.min_order_size) == (Decimal("0.01"), Decimal("5"))
    assert book.book_hash == "0xabc1230f9e8d7c6b5a4938271605f4e3d2c1b0a9"


def test_post_books_array_accepts_iso_timestamps_empty_sides_and_any_last_trade_price() -> None:
    books = parse_books([(fixture("clob_books.json"), RECEIVED, BOOKS)])

    assert len(books) == 3
    second = books["32151847612290364098211853467542187405726839017650294165837295561049827365148"]
    assert second.venue_ts == datetime(2026, 6, 29, 17, 15, 57, 257000, tzinfo=UTC)
    assert second.best_bid is not None and second.best_bid.price == Decimal("0.53")
    assert second.best_ask is not None and second.best_ask.price == Decimal("0.55")
    third = books["71321045679252212594626385532706912750332728571942532289631379312455583992563"]
    assert third.best_bid is None
    assert third.best_ask is not None and third.best_ask.price == Decimal("0.999")
    assert third.tick_size == Decimal("0.001")


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda b: b["bids"].append({"price": "1.2", "size": "5"}), r"token 1075\d+ field 'bids'\[4\].price: price '1.2' is outside 0..1"),
        (lambda b: b["asks"].append({"price": "0.5"}), r"field 'asks'\[4\]: missing field 'size'"),
        (lambda b: b["asks"].append({"price": "0.5", "size": "-1"}), r"field 'asks'\[4\].size: size '-1' is negative"),
        (lambda b: b.update(bids="none"), r"field 'bids': expected a list of price levels"),
        (lambda b: b.update(timestamp="yesterday"), r"field 'timestamp'"),
        (lambda b: b.pop("asset_id"), r"polymarket clob /book: missing field 'asset_id'"),
    ],
)
def test_bad_books_name_the_token_and_field(mutate: Any, message: str) -> None:
    raw = copy.deepcopy(fixture("clob_book.json"))
    mutate(raw)
    with pytest.raises(WireFormatError, match=message):
        parse_book(raw, received_ts=RECEIVED)


# ---------------------------------------------------------------------------------------------
# Market WebSocket messages


T1 = "65818619657568813474341868652308942079804919287380422192892211131408793125422"
PA = "71321045679252212594626385532706912750332728571942532289631379312455583992563"
PB = "52114319501245915516055106046884209969926127482827954674443846427813813222426"


@pytest.mark.parametrize("name", ["ws_book.json", "ws_book_without_event_type.json"])
def test_book_message_with_and_without_event_type(name: str) -> None:
    message = parse_market_message(fixture(name))
    assert isinstance(message, BookMessage)
    assert message.token_id == T1
    assert max(level.price for level in message.bids) == Decimal("0.50")
    assert min(level.price for level in message.asks) == Decimal("0.52")
    assert message.venue_ts == datetime(2025, 9, 15, 4, 1, 32, tzinfo=UTC)
    assert message.book_hash == "0x0f6ae2b4"


def test_book_message_buys_sells_alias() -> None:
    message = parse_market_message(fixture("ws_book_buys_sells.json"))
    assert isinstance(message, BookMessage)
    assert sorted(level.price for level in message.bids) == [Decimal("0.47"), Decimal("0.49")]
    assert sorted(level.price for level in message.asks) == [Decimal("0.51"), Decimal("0.55")]


def test_current_price_change_covers_both_tokens() -> None:
    message = parse_market_message(fixture("ws_price_change.json"))
    assert isinstance(message, PriceChangeMessage)
    assert message.market_id == "0x5f65177b394277fd294cd75650044e32ba009a95022d88a0c1d565897d72f8f1"
    assert ns_time(message.venue_ns) == datetime(2025, 9, 15, 4, 1, 32, 351000, tzinfo=UTC)
    assert [(c.token_id, c.side, c.price, c.size) for c in message.changes] == [
        # Ticks of $0.0001 and millionths, as the live book takes them.
        (PA, BookSide.BID, 5_000, 200_000_000),
        (PB, BookSide.ASK, 5_000, 200_000_000),
    ]
    assert message.changes[0].book_hash == "56621a121a47ed9333273e21c83b660cff37ae50"


def test_legacy_price_change_takes_the_top_level_asset_id() -> None:
    message = parse_market_message(fixture("ws_price_change_legacy.json"))
    assert isinstance(message, PriceChangeMessage)
    assert [(c.token_id, c.side, c.price, c.size) for c in message.changes] == [
        (PA, BookSide.ASK, 5_700, 3_300_000_000),
        (PA, BookSide.BID, 4_600, 0),
    ]
    assert all(c.book_hash == "3cd4d61e042c81560c9037ece0c61f3b1a8fbbdd" for c in message.changes)
    assert ns_time(message.venue_ns) == datetime(2024, 10, 16, 13, 21, 17, 448000, tzinfo=UTC)


def test_other_market_channel_messages() -> None:
    tick = parse_market_message(fixture("ws_tick_size_change.json"))
    assert isinstance(tick, TickSizeChangeMessage)
    assert (tick.token_id, tick.old_tick_size, tick.new_tick_size) == (T1, Decimal("0.01"), Decimal("0.001"))

    trade = parse_market_message(fixture("ws_last_trade_price.json"))
    assert isinstance(trade, LastTradeMessage)
    assert (trade.price, trade.size, trade.taker_side, trade.fee_rate_bps) == (
        Decimal("0.456"),
        Decimal("219.217767"),
        "BUY",
        Decimal(0),
    )

    quote = parse_market_message(fixture("ws_best_bid_ask.json"))
    assert isinstance(quote, BestBidAskMessage)
    assert (quote.best_bid, quote.best_ask, quote.spread) == (Decimal("0.73"), Decimal("0.77"), Decimal("0.04"))

    new_market = parse_market_message(fixture("ws_new_market.json"))
    assert isinstance(new_market, NewMarketMessage)
    assert new_market.market_id == "0x311d0c4b6671ab54af4970c06fcf58662516f5168997bdda209ec3db5aa6b0c1"
    assert new_market.outcomes == ("Yes", "No") and len(new_market.token_ids) == 2

    resolved = parse_market_message(fixture("ws_market_resolved.json"))
    assert isinstance(resolved, MarketResolvedMessage)
    assert (resolved.winning_token_id, resolved.winning_outcome, resolved.token_ids) == (PB, "Knicks", (PA, PB))


def test_unknown_event_type_is_not_an_error() -> None:
    assert parse_market_message({"event_type": "some_future_kind", "asset_id": T1}) is None


@pytest.mark.parametrize(
    ("message", "error"),
    [
        ([], r"expected a JSON object"),
        ({"market": "0x1"}, r"no event_type and is not a book snapshot"),
        ({"event_type": [1, 2], "market": "0x1"}, r"event_type must be text, got \[1, 2\]"),
        ({"event_type": "book", "bids": []}, r"book field 'asset_id': missing"),
        ({"event_type": "book", "asset_id": T1}, r"neither bids/asks nor buys/sells"),
        ({"event_type": "price_change", "market": "0x1"}, r"neither price_changes nor changes"),
        (
            {"event_type": "price_change", "price_changes": [{"asset_id": PA, "price": "0.5", "size": "1", "side": "HOLD"}]},
            r"change\[0\] token 7132\d+ field 'side': side must be BUY or SELL",
        ),
        (
            {"event_type": "price_change", "price_changes": [{"asset_id": PA, "price": "abc", "size": "1", "side": "BUY"}]},
            r"field 'price': not a number",
        ),
        ({"event_type": "tick_size_change", "asset_id": T1}, r"missing field 'new_tick_size'"),
        ({"event_type": "market_resolved", "market": "0x1"}, r"market_resolved 0x1: missing field 'winning_asset_id'"),
    ],
)
def test_malformed_messages_raise_naming_the_field(message: Any, error: str) -> None:
    with pytest.raises(WireFormatError, match=error):
        parse_market_message(message)


def test_a_malformed_market_event_or_book_costs_only_itself() -> None:
    page = fixture("gamma_markets_keyset_page.json")
    good_ids = [str(m["id"]) for m in page["markets"]]
    page["markets"].insert(0, {**page["markets"][0], "id": "999", "clobTokenIds": "not json"})
    problems: list = []
    markets, cursor = parse_markets_page(page, where="page", problems=problems)
    assert [m.market_id for m in markets] == good_ids and cursor is not None
    assert [(p.where, p.index, p.record_id) for p in problems] == [("page markets", 0, "999")]
    assert "field 'clobTokenIds'" in problems[0].problem

    events = fixture("gamma_events_page.json")
    nested = events[0]["markets"]
    nested[1]["clobTokenIds"] = "not json"
    events.append({"id": "5", "markets": []})  # no title
    problems = []
    parsed, _ = parse_events_page(events, problems=problems)
    assert [e.event_id for e in parsed] == [str(events[0]["id"])]
    assert len(parsed[0].markets) == len(nested) - 1
    assert [(p.index, p.record_id) for p in problems] == [(1, str(nested[1]["id"])), (1, "5")]

    books = fixture("clob_books.json")
    tokens = [b["asset_id"] for b in books]
    books.append({**books[0], "bids": [{"price": "0.01", "size": "1"}]})  # the same token, other levels
    books.append({"asset_id": "77", "bids": "nope"})
    problems = []
    parsed_books = parse_books([(books, RECEIVED, BOOKS)], problems=problems)
    assert set(parsed_books) == set(tokens[1:])
    assert [(p.index, p.record_id) for p in problems] == [(4, "77"), (None, tokens[0])]
    assert "polymarket book" in problems[1].problem and "appears twice" in problems[1].problem


def test_a_books_answer_that_is_not_an_array_raises_naming_its_batch_even_when_collecting() -> None:
    answers = [(fixture("clob_books.json"), RECEIVED, f"{BOOKS} batch 1"), ({"error": "busy"}, RECEIVED, f"{BOOKS} batch 2")]

    with pytest.raises(WireFormatError, match="batch 2: expected a JSON array of books, got dict"):
        parse_books(answers, problems=[])
