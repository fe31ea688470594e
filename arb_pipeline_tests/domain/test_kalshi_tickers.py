"""The one Kalshi ticker grammar: series, event, outcome, and the event's date to the precision the
event code gives."""

from __future__ import annotations

from datetime import date

import pytest

from arb_pipeline.domain.kalshi_tickers import TickerFormatError, split_ticker


@pytest.mark.parametrize(
    ("ticker", "year", "month", "day", "hour", "detail"),
    [
        ("KXNBAGAME-26JAN09MILLAL-MIL", 2026, 1, date(2026, 1, 9), None, "MILLAL"),
        ("KXTEMPNYCH-26JAN0917-T40", 2026, 1, date(2026, 1, 9), 17, "17"),
        ("KXCPIYOY-25DEC-T3.0", 2025, 12, None, None, "25DEC"),
        ("KXSCOTPARL-26-SNP", 2026, None, None, None, "26"),
        # 30 February is no day: the code dates nothing.
        ("KXHIGHNY-26FEB30-T40", None, None, None, None, "26FEB30"),
        ("KXDOW-26MAR31H1600-T49999.99", 2026, 3, date(2026, 3, 31), None, "H1600"),
    ],
)
def test_event_code_dates_the_event_as_precisely_as_it_says(ticker: str, year: int | None, month: int | None,
                                                            day: date | None, hour: int | None, detail: str) -> None:
    parts = split_ticker(ticker)
    assert (parts.event_year, parts.event_month, parts.event_date, parts.event_hour, parts.event_detail) == (
        year, month, day, hour, detail)


def test_event_ticker_given_keeps_dashes_of_the_outcome_code() -> None:
    parts = split_ticker("KXMVECROSSCATEGORY-S2026A1B2C3D4E5F-9F8E7D6C5B4", "KXMVECROSSCATEGORY-S2026A1B2C3D4E5F")
    assert (parts.series_ticker, parts.event_code, parts.outcome_code) == (
        "KXMVECROSSCATEGORY", "S2026A1B2C3D4E5F", "9F8E7D6C5B4")


def test_malformed_ticker_names_itself() -> None:
    with pytest.raises(TickerFormatError, match="kalshi ticker KXNBAGAME: expected SERIES-EVENT"):
        split_ticker("KXNBAGAME")
