from datetime import UTC, datetime
from decimal import Decimal

import pytest

from arb_pipeline.venues.wire import (
    WireFormatError,
    cents_to_dollars,
    json_list,
    optional_decimal,
    optional_decimal_field,
    optional_time_field,
    parse_time,
    require,
    to_decimal,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0.4200", "0.4200"), (".48", "0.48"), (42, "42"), (0.1, "0.1"), (0.07, "0.07"), (" 13.00 ", "13.00")],
)
def test_to_decimal_never_picks_up_float_noise(raw, expected):
    assert to_decimal(raw, "f") == Decimal(expected)


@pytest.mark.parametrize("raw", ["abc", "", None, True, "NaN", "Infinity", [1]])
def test_to_decimal_rejects_with_field_name(raw):
    with pytest.raises(WireFormatError, match="book.price"):
        to_decimal(raw, "book.price")


def test_optional_and_cents():
    assert optional_decimal("", "f") is None
    assert optional_decimal(None, "f") is None
    assert cents_to_dollars(42, "f") == Decimal("0.42")


def test_optional_fields_read_by_key_and_name_the_field_they_reject():
    market = {"tick_size": "0.01", "closes": "2025-01-02T05:00:00Z", "blank": "", "null": None}
    assert optional_decimal_field(market, "tick_size", "m") == Decimal("0.01")
    assert optional_time_field(market, "closes", "m") == datetime(2025, 1, 2, 5, tzinfo=UTC)
    for absent in ("blank", "null", "missing"):
        assert optional_decimal_field(market, absent, "m") is None
        assert optional_time_field(market, absent, "m") is None
    with pytest.raises(WireFormatError, match="^kalshi market X field 'closes': not an ISO-8601"):
        optional_time_field({"closes": "soon"}, "closes", "kalshi market X")
    with pytest.raises(WireFormatError, match="^book field 'tick_size': "):
        optional_decimal_field({"tick_size": "a cent"}, "tick_size", "book")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-01-02T05:00:00Z", datetime(2025, 1, 2, 5, tzinfo=UTC)),
        ("2025-12-30T17:10:15.861305Z", datetime(2025, 12, 30, 17, 10, 15, 861305, tzinfo=UTC)),
        ("2026-01-05 02:30:00+00", datetime(2026, 1, 5, 2, 30, tzinfo=UTC)),
        ("1782753357257", datetime.fromtimestamp(1782753357.257, tz=UTC)),
        (1669149841000, datetime(2022, 11, 22, 20, 44, 1, tzinfo=UTC)),
        (1669149841, datetime(2022, 11, 22, 20, 44, 1, tzinfo=UTC)),
        ("2025-12-31", datetime(2025, 12, 31, tzinfo=UTC)),
    ],
)
def test_parse_time_accepts_every_venue_format(raw, expected):
    assert parse_time(raw, "ts") == expected


def test_parse_time_rejects_garbage():
    with pytest.raises(WireFormatError, match="market.endDate"):
        parse_time("next tuesday", "market.endDate")
    with pytest.raises(WireFormatError, match="out of range"):
        parse_time("9" * 30, "ts")


def test_json_list_decodes_json_inside_json_and_accepts_arrays():
    assert json_list('["Yes", "No"]', "outcomes") == ["Yes", "No"]
    assert json_list(["Up", "Down"], "outcomes") == ["Up", "Down"]
    assert json_list(None, "outcomes") == []
    with pytest.raises(WireFormatError, match="clobTokenIds.*did not decode"):
        json_list('["123", ', "clobTokenIds")
    with pytest.raises(WireFormatError, match="expected a JSON array"):
        json_list('{"a": 1}', "clobTokenIds")


def test_require_names_missing_field():
    with pytest.raises(WireFormatError, match="kalshi market X: missing field 'ticker'"):
        require({}, "ticker", "kalshi market X")
