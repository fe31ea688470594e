"""Markets, series and matched pairs: exact round trips of real venue payloads, idempotent
upserts, and the pairs file winning over the matcher."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from arb_pipeline.domain.matching.pairs_file import PAIRS_FILE_DECIDER
from arb_pipeline.domain.models import (
    KalshiFeeSchedule,
    Market,
    MarketStatus,
    MatchedPair,
    Outcome,
    PairStatus,
    PairTransform,
    PolymarketFeeSchedule,
    Series,
    Strike,
    TopOfBook,
    Venue,
)
from arb_pipeline.domain.scan_shards import Placement
from arb_pipeline.venues import kalshi, polymarket
from arb_pipeline.warehouse import Warehouse, WarehouseDataError
from arb_pipeline.warehouse.markets import (
    read_markets,
    read_placements,
    read_series,
    write_catalog,
    write_markets,
    write_series,
)
from arb_pipeline.warehouse.pairs import read_pairs, write_match_run, write_pairs
from arb_pipeline_tests.paths import FIXTURES, POLYMARKET_NBA_EVENTS, venue_sample

T0 = datetime(2026, 1, 9, 15, 0, tzinfo=UTC)


def _json(path: Any) -> Any:
    return orjson.loads(path.read_bytes())


def _kalshi_series() -> dict[str, Series]:
    return kalshi.parse_series_response(_json(FIXTURES / "kalshi" / "series_list.json"))


def _kalshi_markets() -> list[Market]:
    series = _kalshi_series()
    markets = []
    for name in ("markets_page_current", "markets_page_legacy", "markets_open_with_parlay"):
        markets += kalshi.parse_markets_page(_json(FIXTURES / "kalshi" / f"{name}.json"), series_by_ticker=series).markets
    markets.append(kalshi.parse_market_response(_json(FIXTURES / "kalshi" / "market_finalized.json")))
    for event in kalshi.parse_events_page(_json(FIXTURES / "kalshi" / "events_nested.json"), series_by_ticker=series).events:
        markets += event.markets
    return list({m.market_id: m for m in markets}.values())


def _polymarket_markets() -> list[Market]:
    events, _ = polymarket.parse_events_page(_json(venue_sample(POLYMARKET_NBA_EVENTS)))
    markets = [market for event in events for market in event.markets]
    for name in ("gamma_market_fees", "gamma_market_real_arrays", "gamma_market_recorded"):
        markets.append(polymarket.parse_gamma_market(_json(FIXTURES / "polymarket" / f"{name}.json")))
    return list({m.market_id: m for m in markets}.values())


def _decimal_texts(value: Any) -> list[str]:
    """Every Decimal inside a model as text, so 0.4200 stored as 0.42 would show."""
    if isinstance(value, Decimal):
        return [str(value)]
    if dataclasses.is_dataclass(value):
        return [text for f in dataclasses.fields(value) for text in _decimal_texts(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [text for item in value for text in _decimal_texts(item)]
    return []


def _assert_same_markets(loaded: list[Market], expected: Iterable[Market]) -> None:
    expected = sorted(expected, key=lambda m: m.market_id)
    assert loaded == expected
    assert [m.raw for m in loaded] == [dict(m.raw) for m in expected]
    assert [_decimal_texts(m) for m in loaded] == [_decimal_texts(m) for m in expected]


def test_real_kalshi_markets_come_back_exactly(warehouse: Warehouse) -> None:
    markets = _kalshi_markets()
    assert {type(m.fee) for m in markets} == {KalshiFeeSchedule, type(None)}

    assert write_markets(warehouse, markets, seen_at=T0) == len(markets)

    _assert_same_markets(read_markets(warehouse, Venue.KALSHI), markets)
    assert read_markets(warehouse, "polymarket") == []


@pytest.mark.venue_samples(POLYMARKET_NBA_EVENTS)
def test_real_polymarket_markets_come_back_exactly_over_several_copy_batches(warehouse: Warehouse) -> None:
    markets = _polymarket_markets()
    assert len(markets) > 700

    with warehouse.session() as session:
        written = write_markets(session, markets, seen_at=T0, batch_size=100)

    assert written == len(markets)
    _assert_same_markets(read_markets(warehouse, Venue.POLYMARKET), markets)


def _market(**changes: Any) -> Market:
    market = Market(
        venue=Venue.KALSHI,
        market_id="KXFEDDECISION-26DEC-C25",
        event_id="KXFEDDECISION-26DEC",
        series_id="KXFEDDECISION",
        title="Fed cuts 25 bps in December?",
        subtitle="Cut 25bps",
        rules="Resolves YES if the upper bound of the target range is lowered by exactly 25 bps.",
        category="Economics",
        status=MarketStatus.OPEN,
        venue_status="active",
        outcomes=(Outcome("Yes"), Outcome("No")),
        open_time=datetime(2026, 10, 1, 14, 0, tzinfo=UTC),
        close_time=datetime(2026, 12, 9, 18, 59, 59, 999999, tzinfo=UTC),
        expiration_time=datetime(2026, 12, 10, 19, 0, tzinfo=UTC),
        fee=KalshiFeeSchedule("quadratic_with_maker_fees", Decimal("0.035")),
        strike=Strike("between", Decimal("4.7500"), Decimal("5.0000")),
        top_of_book=TopOfBook(Decimal("0.4200"), Decimal("0.4300"), Decimal("13.50"), Decimal("100.00"), None),
        tick_size=Decimal("0.0010"),
        raw={"ticker": "KXFEDDECISION-26DEC-C25", "yes_bid_dollars": "0.4200", "volume_fp": 1520.25},
    )
    return dataclasses.replace(market, **changes)


def test_decimals_keep_every_digit_and_absent_parts_stay_absent(warehouse: Warehouse) -> None:
    precise = _market(
        market_id="PRECISE",
        strike=Strike("greater", Decimal("0.123456789012345678901234567890"), None),
        tick_size=Decimal("0.000001"),
        fee=PolymarketFeeSchedule(True, Decimal("0.0625"), Decimal("2"), False, Decimal("0.20")),
        venue=Venue.POLYMARKET,
        outcomes=(Outcome("Up", "1" * 77, Decimal("0.5850")), Outcome("Down", "2" * 77, None)),
    )
    bare = _market(market_id="BARE", fee=None, strike=None, top_of_book=None, tick_size=None, subtitle=None)
    empty_hint = _market(market_id="EMPTY-HINT", top_of_book=TopOfBook())

    write_markets(warehouse, [_market(), bare, empty_hint], seen_at=T0)
    write_markets(warehouse, [precise], seen_at=T0)

    _assert_same_markets(read_markets(warehouse, Venue.KALSHI), [_market(), bare, empty_hint])
    _assert_same_markets(read_markets(warehouse, Venue.POLYMARKET), [precise])
    [loaded] = read_markets(warehouse, Venue.POLYMARKET)
    assert str(loaded.strike.floor) == "0.123456789012345678901234567890"
    assert str(loaded.outcomes[0].display_price) == "0.5850"


def test_a_stored_fee_schedule_missing_a_field_is_named_not_guessed(warehouse: Warehouse) -> None:
    write_markets(warehouse, [_market()], seen_at=T0)
    table = warehouse.tables.venue_markets
    with warehouse.engine.begin() as connection:
        connection.execute(sa.update(table).values(fee_multiplier=None))
    with pytest.raises(WarehouseDataError, match="kalshi market KXFEDDECISION-26DEC-C25: stored kalshi fee schedule has fee_type but no fee_multiplier"):
        read_markets(warehouse, Venue.KALSHI)


def _bookkeeping(warehouse: Warehouse, market_id: str) -> tuple[datetime, datetime, datetime]:
    table = warehouse.tables.venue_markets
    with warehouse.engine.connect() as connection:
        row = connection.execute(
            sa.select(table.c.first_seen, table.c.last_seen, table.c.updated_at).where(table.c.market_id == market_id)
        ).one()
    return tuple(row)


def test_reloading_a_catalog_moves_last_seen_and_updated_at_only_when_the_market_changed(warehouse: Warehouse) -> None:
    t1, t2, t3, t4 = (T0 + timedelta(hours=h) for h in range(4))
    write_markets(warehouse, [_market()], seen_at=t1)

    assert write_markets(warehouse, [_market()], seen_at=t2) == 1
    assert _bookkeeping(warehouse, _market().market_id) == (t1, t2, t1)

    moved_quote = TopOfBook(Decimal("0.4400"), Decimal("0.4500"), Decimal("1.00"), Decimal("2.00"), Decimal("0.4400"))
    write_markets(warehouse, [_market(top_of_book=moved_quote)], seen_at=t3)
    assert _bookkeeping(warehouse, _market().market_id) == (t1, t3, t1)

    write_markets(warehouse, [_market(top_of_book=moved_quote, status=MarketStatus.CLOSED)], seen_at=t4)
    assert _bookkeeping(warehouse, _market().market_id) == (t1, t4, t4)
    [stored] = read_markets(warehouse, Venue.KALSHI)
    assert (stored.status, stored.top_of_book) == (MarketStatus.CLOSED, moved_quote)


def test_a_late_older_catalog_never_overwrites_a_newer_one(warehouse: Warehouse) -> None:
    write_markets(warehouse, [_market(title="newer title")], seen_at=T0 + timedelta(hours=1))

    assert write_markets(warehouse, [_market(title="older title")], seen_at=T0) == 0

    [stored] = read_markets(warehouse, Venue.KALSHI)
    assert stored.title == "newer title"


def test_a_market_given_twice_in_one_load_is_stored_once_as_the_last_one(warehouse: Warehouse) -> None:
    assert write_markets(warehouse, [_market(title="first"), _market(title="second")], seen_at=T0) == 1

    assert [m.title for m in read_markets(warehouse, Venue.KALSHI)] == ["second"]


def test_nul_characters_postgresql_cannot_store_are_dropped_from_venue_text(warehouse: Warehouse) -> None:
    market = _market(title="Fed\x00 cuts?", rules="Rules\x00.", raw={"title": "Fed\x00 cuts?", "nested": ["a\x00b"]})

    write_markets(warehouse, [market], seen_at=T0)

    [stored] = read_markets(warehouse, Venue.KALSHI)
    assert (stored.title, stored.rules) == ("Fed cuts?", "Rules.")
    assert stored.raw == {"title": "Fed cuts?", "nested": ["ab"]}


def test_times_without_a_timezone_are_refused(warehouse: Warehouse) -> None:
    with pytest.raises(WarehouseDataError, match="seen_at must be timezone-aware"):
        write_markets(warehouse, [_market()], seen_at=datetime(2026, 1, 9, 15, 0))


def test_real_series_fee_parameters_come_back_exactly_and_reloads_update_in_place(warehouse: Warehouse) -> None:
    series = _kalshi_series()

    assert write_series(warehouse, series.values(), seen_at=T0) == len(series)
    assert write_series(warehouse, series.values(), seen_at=T0 + timedelta(hours=1)) == len(series)

    loaded = read_series(warehouse)
    assert loaded == series
    assert {ticker: s.raw for ticker, s in loaded.items()} == {ticker: dict(s.raw) for ticker, s in series.items()}
    assert str(loaded["KXINXU"].fee.multiplier) == str(series["KXINXU"].fee.multiplier)
    with warehouse.engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(warehouse.tables.kalshi_series)).scalar() == 3


def test_the_latest_series_read_leaves_out_a_series_it_did_not_list(warehouse: Warehouse) -> None:
    series = _kalshi_series()
    assert len(series) == 3
    left_out, *listed = sorted(series)
    write_series(warehouse, series.values(), seen_at=T0)
    # The next read left one series out (its copies disagreed on fees, say): its markets must not
    # take the fee schedule an older read stored.
    write_series(warehouse, [series[ticker] for ticker in listed], seen_at=T0 + timedelta(hours=1))

    assert set(read_series(warehouse, latest_read=True)) == set(listed)
    assert set(read_series(warehouse)) == set(series)


def _pair(kalshi_ticker: str = "KXNBAGAME-26JAN09MILLAL-MIL", **changes: Any) -> MatchedPair:
    pair = MatchedPair(
        kalshi_ticker=kalshi_ticker,
        polymarket_market_id="1103520",
        polymarket_yes_token="7132" + "0" * 70,
        polymarket_no_token="5211" + "0" * 70,
        confidence=0.9731,
        status=PairStatus.APPROVED,
        reasons=("same game: Bucks at Lakers, 2026-01-09", 'team "MIL" = Bucks, token 0', "a, b"),
        category="sports",
    )
    return dataclasses.replace(pair, **changes)


def test_pairs_of_every_transform_come_back_exactly(warehouse: Warehouse) -> None:
    pairs = [
        _pair(),
        _pair("KXFED-26DEC-T4.75", polymarket_market_id="2252241", transform=PairTransform.INVERSE,
              status=PairStatus.REVIEW, confidence=0.55, category=None, reasons=()),
        _pair("KXFED-26DEC-B4.875", polymarket_market_id="2252242", transform=PairTransform.SUM,
              kalshi_tickers=("KXFED-26DEC-B4.875", "KXFED-26DEC-T5.00"), decided_by=PAIRS_FILE_DECIDER,
              status=PairStatus.REJECTED, confidence=1.0),
    ]  # fmt: skip

    assert write_pairs(warehouse, pairs, decided_at=T0) == 3

    assert read_pairs(warehouse) == sorted(pairs, key=lambda p: (p.kalshi_ticker, p.polymarket_market_id))
    assert read_pairs(warehouse, PairStatus.APPROVED) == [pairs[0]]
    assert read_pairs(warehouse, "review") == [pairs[1]]


def _decided_at(warehouse: Warehouse) -> datetime:
    with warehouse.engine.connect() as connection:
        return connection.execute(sa.select(warehouse.tables.matched_pairs.c.decided_at)).scalar_one()


def test_a_matcher_decision_never_replaces_a_pairs_file_decision(warehouse: Warehouse) -> None:
    pinned = _pair(decided_by=PAIRS_FILE_DECIDER, status=PairStatus.APPROVED, confidence=1.0, reasons=("pinned by user",))
    write_pairs(warehouse, [pinned], decided_at=T0)

    rejected_by_matcher = _pair(status=PairStatus.REJECTED, confidence=0.2, reasons=("dates differ",))
    assert write_pairs(warehouse, [rejected_by_matcher], decided_at=T0 + timedelta(hours=1)) == 0

    assert read_pairs(warehouse) == [pinned]
    assert _decided_at(warehouse) == T0


def test_a_pairs_file_decision_replaces_a_matcher_decision(warehouse: Warehouse) -> None:
    write_pairs(warehouse, [_pair()], decided_at=T0)
    rejected = _pair(decided_by=PAIRS_FILE_DECIDER, status=PairStatus.REJECTED, reasons=("user: different resolution source",))

    assert write_pairs(warehouse, [rejected], decided_at=T0 + timedelta(hours=1)) == 1

    assert read_pairs(warehouse) == [rejected]
    assert _decided_at(warehouse) == T0 + timedelta(hours=1)


def test_given_both_decisions_for_one_pair_in_one_load_the_pairs_file_wins(warehouse: Warehouse) -> None:
    pinned = _pair(decided_by=PAIRS_FILE_DECIDER, transform=PairTransform.INVERSE)

    write_pairs(warehouse, [pinned, _pair(), _pair(confidence=0.5)], decided_at=T0)

    assert read_pairs(warehouse) == [pinned]


def test_a_matcher_rerun_with_the_same_decision_keeps_its_decision_time(warehouse: Warehouse) -> None:
    write_pairs(warehouse, [_pair()], decided_at=T0)

    write_pairs(warehouse, [_pair()], decided_at=T0 + timedelta(hours=1))
    assert _decided_at(warehouse) == T0

    write_pairs(warehouse, [_pair(confidence=0.8)], decided_at=T0 + timedelta(hours=2))
    assert _decided_at(warehouse) == T0 + timedelta(hours=2)
    assert [p.confidence for p in read_pairs(warehouse)] == [0.8]


def test_a_pin_taken_out_of_the_pairs_file_stops_binding(warehouse: Warehouse) -> None:
    pinned = _pair(decided_by=PAIRS_FILE_DECIDER, status=PairStatus.APPROVED, confidence=1.0, reasons=("pinned by user",))
    other_pin = _pair("KXFED-26DEC-T4.75", polymarket_market_id="2252241", decided_by=PAIRS_FILE_DECIDER,
                      status=PairStatus.REJECTED, confidence=1.0)  # fmt: skip
    write_match_run(warehouse, [pinned, other_pin], decided_at=T0)

    # The next run still carries the second pin but not the first: the matcher's view of the
    # first pair replaces it, the second pin stays.
    matcher_view = _pair(status=PairStatus.REVIEW, confidence=0.6, reasons=("dates differ by a day",))
    write_match_run(warehouse, [matcher_view, other_pin], decided_at=T0 + timedelta(hours=1))

    assert read_pairs(warehouse) == [other_pin, matcher_view]
    assert read_pairs(warehouse, PairStatus.APPROVED) == []


def test_a_run_that_still_carries_the_pin_keeps_it(warehouse: Warehouse) -> None:
    pinned = _pair(decided_by=PAIRS_FILE_DECIDER, status=PairStatus.APPROVED, confidence=1.0, reasons=("pinned by user",))
    write_match_run(warehouse, [pinned], decided_at=T0)
    write_match_run(warehouse, [pinned, _pair(status=PairStatus.REJECTED, confidence=0.1)], decided_at=T0 + timedelta(hours=1))
    assert read_pairs(warehouse) == [pinned]


def test_a_market_the_venue_stops_listing_is_retired(warehouse: Warehouse) -> None:
    staying = _market()
    leaving = _market(market_id="KXFEDDECISION-26DEC-H0", subtitle="Hold")
    polymarket = _market(venue=Venue.POLYMARKET, market_id="2252240")
    write_catalog(warehouse, Venue.KALSHI, [staying, leaving], seen_at=T0)
    write_markets(warehouse, [polymarket], seen_at=T0)

    written, retired = write_catalog(warehouse, Venue.KALSHI, [staying], seen_at=T0 + timedelta(hours=1))

    assert retired == 1
    status = {m.market_id: (m.status, m.venue_status) for m in read_markets(warehouse, Venue.KALSHI)}
    assert status == {staying.market_id: (MarketStatus.OPEN, "active"), leaving.market_id: (MarketStatus.CLOSED, "active")}
    # Another venue's markets are not touched by a Kalshi read.
    assert [m.status for m in read_markets(warehouse, Venue.POLYMARKET)] == [MarketStatus.OPEN]
    # Listed again later, it is open again.
    write_catalog(warehouse, Venue.KALSHI, [staying, leaving], seen_at=T0 + timedelta(hours=2))
    assert {m.status for m in read_markets(warehouse, Venue.KALSHI)} == {MarketStatus.OPEN}


def test_a_scan_shard_reads_placements_of_every_market_and_chosen_markets_in_full(warehouse: Warehouse) -> None:
    lone = _market(market_id="KXLONE-1", event_id=None)
    leaving = _market(market_id="KXFEDDECISION-26DEC-H0", subtitle="Hold")
    polymarket = _market(venue=Venue.POLYMARKET, market_id="2252240", event_id="pev")
    write_catalog(warehouse, Venue.KALSHI, [_market(), leaving, lone], seen_at=T0)
    write_catalog(warehouse, Venue.KALSHI, [_market(), lone], seen_at=T0 + timedelta(hours=1))
    write_markets(warehouse, [polymarket], seen_at=T0)

    assert read_placements(warehouse) == [
        Placement(Venue.KALSHI, "KXFEDDECISION-26DEC-C25", "KXFEDDECISION-26DEC", MarketStatus.OPEN),
        Placement(Venue.KALSHI, "KXFEDDECISION-26DEC-H0", "KXFEDDECISION-26DEC", MarketStatus.CLOSED),
        Placement(Venue.KALSHI, "KXLONE-1", None, MarketStatus.OPEN),
        Placement(Venue.POLYMARKET, "2252240", "pev", MarketStatus.OPEN),
    ]
    chosen = read_markets(warehouse, Venue.KALSHI, ["KXLONE-1", "KXFEDDECISION-26DEC-C25", "2252240", "KXNOPE"])
    assert chosen == [m for m in read_markets(warehouse, Venue.KALSHI) if m.market_id != leaving.market_id]
    assert read_markets(warehouse, Venue.POLYMARKET, []) == []
