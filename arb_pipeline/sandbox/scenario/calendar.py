"""Dates of the simulated world, all relative to its ``now`` and laid out in Eastern time, the
clock both venues write titles and tickers in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from arb_pipeline.sandbox.scenario.formats import EASTERN, eastern


def at_eastern(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=EASTERN).astimezone(UTC)


def today_eastern(now: datetime) -> date:
    return eastern(now).date()


def weekdays_from(start: date, count: int) -> list[date]:
    """The next ``count`` weekdays on or after ``start``: index closes are on trading days."""
    days: list[date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def month_add(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)
