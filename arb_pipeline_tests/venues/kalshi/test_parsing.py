"""Contract tests: Kalshi REST payloads in the venue's shapes (fixtures/kalshi/, docs/venues.md#kalshi)
and the public recordings (docs/venues.md#recorded-payloads-used-in-tests) parse into exact Decimal values, times, statuses and fees."""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import orjson
import pytest

from arb_pipeline.domain.models import KalshiFeeSchedule, MarketStatus, PriceLevel, Venue
from arb_pipeline.venues.kalshi.parsing import (
    describe_error, next_cursor, parse_batch_orderbooks, parse_event_response, parse_events_page, parse_fee_changes,
    parse_market, parse_market_response, parse_markets_page, parse_orderbook, parse_series_response,
)
from arb_pipeline.venues.kalshi.tickers import is_parlay, is_parlay_ticker, split_ticker
from arb_pipeline.venues.wire import WireFormatError
from arb_pipeline_tests.paths import FIXTURES, KALSHI_NBA_EVENTS, NBA_MATCHED_PAIRS, venue_sample

KALSHI = FIXTURES / "kalshi"
RECEIVED = datetime(2026, 1, 9, 16, 0, tzinfo=UTC)
BATCH = "kalshi GET /markets/orderbooks"
D = Decimal


def load(name: str):
    # orjson, as the clients decode: JSON numbers arrive as Python floats/ints.
    return orjson.loads((KALSHI / name).read_bytes())


def assert_all_decimal(*values):
    for value in values:
        assert value is None or type(value) is Decimal, value


# --- markets ------------------------------------------------------------------------------


def test_current_market_single_response():
    market = parse_market_response(load("market_current.json"))
    assert market.venue is Venue.KALSHI
    assert market.market_id == "KXHIGHNY-25JAN01-T50"
    assert market.event_id == "KXHIGHNY-25JAN01"
    assert market.series_id == "KXHIGHNY"
    assert market.title == "Will the high temp in NYC be >50° on Jan 1, 2025?"
    assert market.subtitle == "50 degrees or above"
    assert market.status is MarketStatus.OPEN
    assert market.venue_status == "active"
    assert [o.name for o in market.outcomes] == ["Yes", "No"]
    assert market.open_time == datetime(2024, 12, 31, 15, 0, tzinfo=UTC)
    assert market.close_time == datetime(2025, 1, 2, 5, 0, tzinfo=UTC)
    assert market.expiration_time == datetime(2025, 1, 2, 15, 0, tzinfo=UTC)
    top = market.top_of_book
    assert (top.bid, top.ask, top.bid_size, top.ask_size, top.last) == (D("0.34"), D("0.35"), D(120), D(80), D("0.35"))
    assert_all_decimal(top.bid, top.ask, top.bid_size, top.ask_size, top.last)
    assert market.strike.strike_type == "greater"
    assert market.strike.floor == D(50) and market.strike.cap is None
    assert market.tick_size == D("0.01")
    assert market.rules.startswith("If the highest temperature recorded in Central Park")
    assert market.rules.endswith("NWS Daily Climate Report.")
    assert "\n\n" in market.rules
    assert market.result is None
    assert market.fee is None


def test_markets_page_cursor_tapered_ticks_and_missing_title():
    page = parse_markets_page(load("markets_page_current.json"))
    assert page.cursor == "CgsIqPuZvAYQ4Kz3NBIXS1hJTlhVLTI1SkFOMDNIMTYwMC1CNTkxMi41"
    inx = page.markets[1]
    # No deprecated `title`: named from the YES side.
    assert inx.title == "5,900 to 5,924.9999"
    assert inx.status is MarketStatus.PAUSED
    assert inx.tick_size == D("0.001")
    assert inx.strike.floor == D(5900)
    assert inx.strike.cap == D("5924.9999")
    # yes_ask_size_fp "0.00" means no ask rests, whatever the price says.
    assert inx.top_of_book.bid == D("0.045") and inx.top_of_book.bid_size == D("12.5")
    assert inx.top_of_book.ask is None and inx.top_of_book.ask_size is None
    assert inx.top_of_book.last is None
    assert inx.rules == "If the S&P 500 is between 5900 and 5924.9999 at 4pm EST on Jan 3, 2025, then the market resolves to Yes."


def test_series_fee_schedule_attached_by_series_ticker():
    series = parse_series_response(load("series_list.json"))
    page = parse_markets_page(load("markets_page_current.json"), series_by_ticker=series)
    highny, inx = page.markets
    assert highny.fee == KalshiFeeSchedule("quadratic", D(1))
    assert inx.fee == KalshiFeeSchedule("quadratic", D("0.5"))
    assert inx.category == "Financials"


def test_series_fee_changes_parse_exactly_and_a_malformed_one_names_its_series_and_field():
    body = orjson.loads(
        b'{"series_fee_change_arr": [{"id": "c1", "series_ticker": "KXFED", "fee_type": "quadratic_with_maker_fees",'
        b' "fee_multiplier": 0.5, "scheduled_ts": "2026-02-01T15:00:00Z"}]}'
    )
    [change] = parse_fee_changes(body)
    assert change.series_ticker == "KXFED" and change.change_id == "c1"
    assert change.fee == KalshiFeeSchedule("quadratic_with_maker_fees", D("0.5"))
    assert change.scheduled_at == datetime(2026, 2, 1, 15, tzinfo=UTC)
    assert parse_fee_changes({"series_fee_change_arr": None}) == []
    for field, value, problem in (
        ("fee_type", "cubic", "unknown fee type 'cubic'"),
        ("fee_multiplier", -1, "negative multiplier"),
        ("scheduled_ts", "soon", "not an ISO-8601 time"),
    ):
        bad = {"series_fee_change_arr": [{**body["series_fee_change_arr"][0], field: value}]}
        with pytest.raises(WireFormatError, match=problem) as raised:
            parse_fee_changes(bad)
        assert "KXFED" in str(raised.value) and field in str(raised.value)


def test_legacy_cent_markets():
    page = parse_markets_page(load("markets_page_legacy.json"))
    assert page.cursor is None
    fed, band = page.markets
    top = fed.top_of_book
    assert (top.bid, top.ask, top.last) == (D("0.50"), D("0.51"), D("0.50"))
    assert_all_decimal(top.bid, top.ask, top.last)
    assert top.bid_size is None and top.ask_size is None
    assert fed.tick_size == D("0.01")
    assert fed.subtitle == "Above 3.00%"
    assert fed.expiration_time == datetime(2023, 12, 13, 19, 0, tzinfo=UTC)
    assert fed.strike.floor == D("3.0")
    # Legacy cents at the extremes (0 bid, 100 ask) are empty sides, not quotes.
    assert band.top_of_book.bid is None and band.top_of_book.ask is None
    assert band.top_of_book.last == D("0.07")
    assert band.status is MarketStatus.CLOSED
    assert (band.strike.strike_type, band.strike.floor, band.strike.cap) == ("between", D("3.25"), D("3.5"))


def test_parlay_is_identified_and_its_empty_sides_are_not_quotes():
    page = parse_markets_page(load("markets_open_with_parlay.json"))
    assert page.cursor is None
    parlay, game = page.markets
    assert is_parlay(parlay) and is_parlay(parlay.raw) and is_parlay_ticker(parlay.market_id)
    assert not is_parlay(game) and not is_parlay(game.raw)
    # Open parlay with no quotes: yes_ask "0.0000", no_bid "1.0000" (docs/venues.md#kalshi-markets).
    assert parlay.top_of_book.bid is None and parlay.top_of_book.ask is None and parlay.top_of_book.last is None
    assert parlay.strike.strike_type == "custom"
    assert game.top_of_book.ask == D("0.62") and game.top_of_book.ask_size == D("1433.5")


def test_parlay_by_legs_without_prefix():
    assert is_parlay({"ticker": "SOMETHING-1", "mve_selected_legs": [{"market_ticker": "A"}]})
    assert not is_parlay({"ticker": "SOMETHING-1", "mve_selected_legs": []})


def test_finalized_market_inverted_empty_side_encoding():
    market = parse_market_response(load("market_finalized.json"))
    assert market.status is MarketStatus.SETTLED
    assert market.venue_status == "finalized"
    assert market.result == "yes"
    # Finalized: yes_ask "1.0000", no_bid "0.0000" - the opposite of the open parlay's encoding.
    assert market.top_of_book.bid is None and market.top_of_book.ask is None
    assert market.top_of_book.last == D("0.99")


@pytest.mark.parametrize(
    ("venue_status", "status"),
    [
        ("initialized", MarketStatus.UNOPENED),
        ("active", MarketStatus.OPEN),
        ("inactive", MarketStatus.PAUSED),
        ("closed", MarketStatus.CLOSED),
        ("determined", MarketStatus.SETTLED),
        ("disputed", MarketStatus.SETTLED),
        ("amended", MarketStatus.SETTLED),
        ("finalized", MarketStatus.SETTLED),
    ],
)
def test_status_mapping(venue_status, status):
    obj = {**load("market_current.json")["market"], "status": venue_status}
    assert parse_market(obj).status is status


def test_market_errors_name_ticker_and_field():
    obj = load("market_current.json")["market"]
    with pytest.raises(WireFormatError, match=r"KXHIGHNY-25JAN01-T50 field 'yes_bid_dollars'.*not a number"):
        parse_market({**obj, "yes_bid_dollars": "thirty"})
    with pytest.raises(WireFormatError, match=r"KXHIGHNY-25JAN01-T50 field 'status'.*'halted'"):
        parse_market({**obj, "status": "halted"})
    with pytest.raises(WireFormatError, match=r"KXHIGHNY-25JAN01-T50 field 'yes_ask_dollars'.*outside 0..1"):
        parse_market({**obj, "yes_ask_dollars": "1.2000"})
    with pytest.raises(WireFormatError, match=r"KXHIGHNY-25JAN01-T50.*no 'title'"):
        parse_market({k: v for k, v in obj.items() if k not in ("title", "yes_sub_title")})
    with pytest.raises(WireFormatError, match=r"missing field 'ticker'"):
        parse_market({k: v for k, v in obj.items() if k != "ticker"})
    with pytest.raises(WireFormatError, match=r"KXHIGHNY-25JAN01-T50 field 'close_time'"):
        parse_market({**obj, "close_time": "tomorrow"})


@pytest.mark.parametrize(("body", "cursor"), [({"cursor": ""}, None), ({"cursor": None}, None), ({}, None), ({"cursor": "abc"}, "abc")])
def test_cursor_end_of_pages(body, cursor):
    assert next_cursor({"markets": [], **body}, "kalshi GET /markets") == cursor


# --- events -------------------------------------------------------------------------------


def test_events_with_nested_markets_propagate_event_fields():
    page = parse_events_page(load("events_nested.json"))
    assert page.cursor is None
    (event,) = page.events
    assert event.event_ticker == "KXNBAGAME-26JAN11HOUSAC"
    assert event.series_ticker == "KXNBAGAME"
    assert event.category == "Sports"
    assert event.mutually_exclusive is True
    hou, sac = event.markets
    assert hou.title == "Houston at Sacramento: Houston"
    assert sac.title == "Houston at Sacramento: Sacramento"
    assert hou.event_title == "Houston at Sacramento"
    assert hou.category == "Sports" and hou.series_id == "KXNBAGAME"
    assert hou.top_of_book.bid == D("0.67") and sac.top_of_book.ask == D("0.33")


def test_events_fee_schedule_from_series():
    series = parse_series_response(load("series_list.json"))
    (event,) = parse_events_page(load("events_nested.json"), series_by_ticker=series).events
    assert {m.fee for m in event.markets} == {KalshiFeeSchedule("quadratic_with_maker_fees", D(1))}


def test_single_event_merges_deprecated_top_level_markets():
    event = parse_event_response(load("event_single.json"))
    assert event.event_ticker == "KXNBAGAME-26JAN09MILLAL"
    assert event.strike_date == datetime(2026, 1, 10, 3, 30, tzinfo=UTC)
    assert [m.market_id for m in event.markets] == ["KXNBAGAME-26JAN09MILLAL-MIL", "KXNBAGAME-26JAN09MILLAL-LAL"]
    assert event.markets[1].title == "Milwaukee at Los Angeles L: Los Angeles L"


def test_single_event_with_only_top_level_markets():
    body = load("event_single.json")
    del body["event"]["markets"]
    event = parse_event_response(body)
    assert len(event.markets) == 2


@pytest.mark.venue_samples(KALSHI_NBA_EVENTS)
def test_real_kalshi_nba_events_recording():
    page = parse_events_page(orjson.loads(venue_sample(KALSHI_NBA_EVENTS).read_bytes()))
    assert page.cursor is None
    assert len(page.events) == 27
    first = page.events[0]
    assert first.event_ticker == "KXNBAGAME-26JAN11HOUSAC"
    assert first.title == "Houston at Sacramento"
    assert first.sub_title == "HOU at SAC (Jan 11)"
    assert first.markets == ()
    for event in page.events:
        assert event.series_ticker == "KXNBAGAME"
        assert event.category == "Sports"
        assert event.mutually_exclusive is True
        assert event.strike_date is None
        parts = split_ticker(event.event_ticker)
        # "HOU at SAC (Jan 11)": the date in the ticker is the game's date.
        assert event.sub_title.endswith(f"(Jan {parts.event_date.day})")
        assert parts.event_date.month == 1 and parts.event_date.year == 2026
        away, home = event.sub_title.split(" (")[0].split(" at ")
        assert parts.event_detail == away + home


# --- series -------------------------------------------------------------------------------


def test_series_list():
    series = parse_series_response(load("series_list.json"))
    assert list(series) == ["KXNBAGAME", "KXINXU", "KXHIGHNY"]
    nba = series["KXNBAGAME"]
    assert nba.fee == KalshiFeeSchedule("quadratic_with_maker_fees", D(1))
    assert type(nba.fee.multiplier) is Decimal
    assert nba.category == "Sports" and nba.frequency == "custom"
    assert nba.settlement_sources == ("NBA",)
    assert series["KXINXU"].fee.multiplier == D("0.5")


def test_series_single():
    series = parse_series_response(load("series_single.json"))
    fed = series["FED"]
    assert (fed.title, fed.category, fed.frequency) == ("Fed funds rate", "Economics", "custom")
    assert fed.fee == KalshiFeeSchedule("quadratic", D(1))


def test_series_fee_errors():
    body = load("series_single.json")
    with pytest.raises(WireFormatError, match=r"series\[0\] FED field 'fee_type'.*'tiered'"):
        parse_series_response({"series": {**body["series"], "fee_type": "tiered"}})
    with pytest.raises(WireFormatError, match=r"series\[0\] FED: missing field 'fee_multiplier'"):
        parse_series_response({"series": {k: v for k, v in body["series"].items() if k != "fee_multiplier"}})


def test_fee_multiplier_float_goes_through_repr():
    body = {"series": {"ticker": "X", "fee_type": "quadratic", "fee_multiplier": 0.035}}
    assert parse_series_response(orjson.loads(json.dumps(body)))["X"].fee.multiplier == D("0.035")


# --- order books --------------------------------------------------------------------------


def test_orderbook_fp_best_is_max_and_yes_ask_derived_from_no():
    book = parse_orderbook(load("orderbook_fp.json"), "FED-23DEC-T3.00", RECEIVED)
    assert book.ticker == "FED-23DEC-T3.00"
    assert book.received_ts == RECEIVED
    assert book.yes_bids == (PriceLevel(D("0.45"), D(100)), PriceLevel(D("0.42"), D(13)))
    assert book.no_bids == (PriceLevel(D("0.56"), D(146)), PriceLevel(D("0.54"), D(20)))
    yes = book.yes_book
    assert yes.best_bid == PriceLevel(D("0.45"), D(100))
    assert yes.best_ask == PriceLevel(D("0.44"), D(146))  # 1 - max(NO bid 0.56)
    no = book.no_book
    assert no.best_bid == PriceLevel(D("0.56"), D(146))
    assert no.best_ask == PriceLevel(D("0.55"), D(100))  # 1 - max(YES bid 0.45)
    for level in book.yes_bids + book.no_bids:
        assert_all_decimal(level.price, level.size)


def test_orderbook_legacy_prefers_dollars_with_int_counts():
    book = parse_orderbook(load("orderbook_legacy.json"), "FED-23DEC-T3.00", RECEIVED)
    assert book.yes_bids == (PriceLevel(D("0.45"), D(100)), PriceLevel(D("0.42"), D(13)))
    assert book.no_bids == (PriceLevel(D("0.54"), D(20)),)
    assert book.yes_book.best_ask.price == D("0.46")


def test_orderbook_legacy_cents_with_null_side_and_unsorted_levels():
    book = parse_orderbook(load("orderbook_legacy_cents_null_side.json"), "T", RECEIVED)
    assert book.yes_bids[0] == PriceLevel(D("0.38"), D(25))
    assert [level.price for level in book.yes_bids] == [D("0.38"), D("0.12"), D("0.01")]
    assert book.no_bids == ()
    assert book.yes_book.best_ask is None
    assert book.no_book.best_ask == PriceLevel(D("0.62"), D(25))


def test_orderbook_legacy_cents_with_absent_side():
    book = parse_orderbook(load("orderbook_legacy_cents_absent_side.json"), "T", RECEIVED)
    assert book.yes_bids == ()
    assert book.no_bids[0] == PriceLevel(D("0.61"), D(7))
    assert book.yes_book.best_ask == PriceLevel(D("0.39"), D(7))
    assert book.yes_book.best_bid is None


def test_orderbook_fp_one_side_unsorted():
    book = parse_orderbook(load("orderbook_fp_one_side.json"), "T", RECEIVED)
    assert book.yes_bids == ()
    assert book.no_bids[0] == PriceLevel(D("0.045"), D("12.5"))
    assert book.yes_book.best_ask == PriceLevel(D("0.955"), D("12.5"))


def test_batch_orderbooks():
    books = parse_batch_orderbooks([(load("orderbooks_batch.json"), RECEIVED, BATCH)])
    assert list(books) == ["KXNBAGAME-26JAN09MILLAL-MIL", "KXNBAGAME-26JAN09MILLAL-LAL", "KXHIGHNY-25JAN01-T50"]
    mil = books["KXNBAGAME-26JAN09MILLAL-MIL"]
    assert mil.yes_book.best_bid == PriceLevel(D("0.38"), D("1433.5"))
    assert mil.yes_book.best_ask == PriceLevel(D("0.39"), D(2210))
    lal = books["KXNBAGAME-26JAN09MILLAL-LAL"]
    assert lal.yes_book.best_bid == PriceLevel(D("0.61"), D(2210))
    assert lal.yes_book.best_ask == PriceLevel(D("0.62"), D("1433.5"))
    empty = books["KXHIGHNY-25JAN01-T50"]
    assert empty.yes_bids == () and empty.no_bids == ()


def test_orderbook_errors_name_ticker_and_field():
    with pytest.raises(WireFormatError, match=r"T field 'yes_dollars'\[0\]: bid price 1.2000"):
        parse_orderbook({"orderbook_fp": {"yes_dollars": [["1.2000", "1.00"]]}}, "T", RECEIVED)
    with pytest.raises(WireFormatError, match=r"T field 'no_dollars'\[1\] count: not a number"):
        parse_orderbook({"orderbook_fp": {"no_dollars": [["0.5", "1.00"], ["0.4", "lots"]]}}, "T", RECEIVED)
    with pytest.raises(WireFormatError, match=r"T field 'yes'\[0\]: expected \[price, count\]"):
        parse_orderbook({"orderbook": {"yes": [42]}}, "T", RECEIVED)
    with pytest.raises(WireFormatError, match=r"T: neither 'orderbook_fp' nor 'orderbook'"):
        parse_orderbook({"book": {}}, "T", RECEIVED)
    with pytest.raises(WireFormatError, match=r"orderbooks\[0\]: missing field 'ticker'"):
        parse_batch_orderbooks([({"orderbooks": [{"orderbook_fp": {}}]}, RECEIVED, BATCH)])


# --- errors and tickers -------------------------------------------------------------------


def test_error_body_is_readable():
    assert describe_error((KALSHI / "error_404.json").read_bytes()) == "not found (not_found)"
    assert describe_error(load("error_404.json")) == "not found (not_found)"
    assert describe_error(b"<html>Bad gateway</html>") == "<html>Bad gateway</html>"
    assert describe_error(b"") == "(empty body)"


def test_split_ticker():
    parts = split_ticker("KXNBAGAME-26JAN09MILLAL-MIL")
    assert parts.series_ticker == "KXNBAGAME"
    assert parts.event_ticker == "KXNBAGAME-26JAN09MILLAL"
    assert parts.event_date == date(2026, 1, 9)
    assert parts.event_detail == "MILLAL"
    assert parts.outcome_code == "MIL"
    fed = split_ticker("FED-23DEC-T3.00")
    assert (fed.series_ticker, fed.event_ticker, fed.event_date, fed.event_detail, fed.outcome_code) == (
        "FED", "FED-23DEC", None, "23DEC", "T3.00"
    )
    parlay = split_ticker("KXMVECROSSCATEGORY-S2026A1B2C3D4E5F-9F8E7D6C5B4", event_ticker="KXMVECROSSCATEGORY-S2026A1B2C3D4E5F")
    assert parlay.outcome_code == "9F8E7D6C5B4" and parlay.event_date is None
    with pytest.raises(WireFormatError, match="does not extend its event ticker"):
        split_ticker("KXNBAGAME-26JAN09MILLAL-MIL", event_ticker="KXNBAGAME-26JAN10MINCLE")
    with pytest.raises(WireFormatError, match="expected SERIES-EVENT"):
        split_ticker("KXNBAGAME")


@pytest.mark.venue_samples(NBA_MATCHED_PAIRS)
def test_matched_pairs_tickers_split_into_event_and_team():
    pairs = json.loads(venue_sample(NBA_MATCHED_PAIRS).read_text())["markets"]
    assert len(pairs) >= 10
    for pair in pairs:
        main = split_ticker(pair["kalshi"]["markets"]["main"])
        opponent = split_ticker(pair["kalshi"]["markets"]["opponent"])
        assert main.event_ticker == opponent.event_ticker
        assert main.event_ticker.lower() == pair["event_id"]
        assert main.series_ticker in {"KXNBAGAME", "KXNFLGAME", "KXNCAAFGAME"}
        # The game date in the ticker is the date in the Polymarket slug (nba-mil-lal-2026-01-09).
        assert main.event_date == date.fromisoformat(pair["polymarket"]["markets"]["slug"][-10:])
        assert {main.outcome_code, opponent.outcome_code} == set(pair["poly_token_ids"])


# --- record by record -----------------------------------------------------------------------


def test_a_malformed_market_costs_only_itself_and_is_listed():
    body = load("markets_page_current.json")
    body["markets"].insert(1, {**body["markets"][0], "ticker": "KXBAD-1", "yes_bid_dollars": "n/a"})
    body["markets"].append("not a market")
    problems: list = []
    page = parse_markets_page(body, where="page-1", problems=problems)
    assert [m.market_id for m in page.markets] == ["KXHIGHNY-25JAN01-T50", "KXINXU-25JAN03H1600-B5912.5"]
    assert page.cursor is not None
    assert [(p.where, p.index, p.record_id) for p in problems] == [("page-1 markets", 1, "KXBAD-1"), ("page-1 markets", 3, None)]
    assert str(problems[0]) == "page-1 markets[1] KXBAD-1 field 'yes_bid_dollars': not a number: 'n/a'"
    # Without a problems list the same page is all or nothing.
    with pytest.raises(WireFormatError, match=r"markets\[1\] KXBAD-1 field 'yes_bid_dollars'"):
        parse_markets_page(body)


def test_a_malformed_nested_market_or_event_costs_only_itself():
    body = load("events_nested.json")
    event = body["events"][0]
    good, bad = event["markets"]
    bad["status"] = "exploded"
    body["events"].append({"event_ticker": "KXNOTITLE-1"})
    problems: list = []
    page = parse_events_page(body, problems=problems)
    assert [e.event_ticker for e in page.events] == ["KXNBAGAME-26JAN11HOUSAC"]
    assert [m.market_id for m in page.events[0].markets] == [good["ticker"]]
    assert [(p.index, p.record_id) for p in problems] == [(1, bad["ticker"]), (1, "KXNOTITLE-1")]
    assert "unknown market status 'exploded'" in problems[0].problem
    assert "missing field 'title'" in problems[1].problem


def test_one_bad_series_costs_only_that_series():
    body = load("series_list.json")
    body["series"][1]["fee_multiplier"] = "abc"
    problems: list = []
    series = parse_series_response(body, problems=problems)
    assert set(series) == {"KXNBAGAME", "KXHIGHNY"}
    assert [(p.index, p.record_id) for p in problems] == [(1, "KXINXU")]
    assert "field 'fee_multiplier': not a number: 'abc'" in problems[0].problem
    # A readable copy of the same series does not stand in for the unreadable one.
    body["series"].append({**body["series"][1], "fee_multiplier": 1})
    problems = []
    assert set(parse_series_response(body, problems=problems)) == {"KXNBAGAME", "KXHIGHNY"}
    assert [(p.index, p.record_id) for p in problems] == [(1, "KXINXU"), (None, "KXINXU")]
    assert "series KXINXU left out: its copy in kalshi GET /series series[1] is malformed" in problems[1].problem


def test_a_conflicting_duplicate_series_is_left_out_and_an_identical_one_is_fine():
    body = load("series_list.json")
    nba = body["series"][0]
    body["series"].append(dict(nba))  # identical: fine
    body["series"].append({**nba, "fee_multiplier": 0})  # same ticker, different fee: conflict
    body["series"].append(dict(nba))  # an agreeing copy after the conflict does not bring it back
    problems: list = []
    series = parse_series_response(body, where="series.json", problems=problems)
    assert set(series) == {"KXINXU", "KXHIGHNY"}
    assert len(problems) == 1 and problems[0].record_id == "KXNBAGAME"
    assert "series KXNBAGAME appears twice with different terms (fee_multiplier 1 in series.json but 0 in series.json)" in problems[0].problem
    with pytest.raises(WireFormatError, match="series KXNBAGAME appears twice"):
        parse_series_response(body)


def test_a_book_answered_twice_with_different_levels_is_left_out():
    body = load("orderbooks_batch.json")
    first = body["orderbooks"][0]
    body["orderbooks"].append(dict(first))
    changed = json.loads(json.dumps(body["orderbooks"][1]))
    changed["orderbook_fp"]["yes_dollars"] = [["0.01", "1.00"]]
    body["orderbooks"].append(changed)
    problems: list = []
    books = parse_batch_orderbooks([(body, RECEIVED, BATCH)], problems=problems)
    assert set(books) == {first["ticker"], body["orderbooks"][2]["ticker"]}
    assert [p.record_id for p in problems] == [changed["ticker"]]
    assert "different terms (yes_bids" in problems[0].problem


def test_a_book_two_batches_answer_differently_is_left_out_and_an_equal_copy_kept():
    first, second = load("orderbooks_batch.json"), load("orderbooks_batch.json")
    changed = second["orderbooks"][1]
    changed["orderbook_fp"]["yes_dollars"] = [["0.01", "1.00"]]
    answers = [(first, RECEIVED, f"{BATCH} batch 1"), (second, RECEIVED, f"{BATCH} batch 2")]
    problems: list = []

    books = parse_batch_orderbooks(answers, problems=problems)

    assert list(books) == [first["orderbooks"][0]["ticker"], first["orderbooks"][2]["ticker"]]
    assert [p.record_id for p in problems] == [changed["ticker"]]
    assert "batch 1" in problems[0].problem and "batch 2" in problems[0].problem
    with pytest.raises(WireFormatError, match="different terms"):
        parse_batch_orderbooks(answers)
