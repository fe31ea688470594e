"""The value types of the command line's options. A value no command can use (a negative
duration, a port past 65535, a limit below zero) is refused by the parser with a usage line and
exit code 2, before anything starts: a sandbox, a warehouse connection or a benchmark would
otherwise fail later with a traceback, or run on a meaningless value (a negative ``--limit``
slices off the end of a list)."""

from __future__ import annotations

import argparse
import math
from datetime import date, datetime


def day(text: str) -> date:
    # strptime, not date.fromisoformat: that also takes "20260108" and "2026-W02-4".
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def positive(text: str) -> float:
    """A finite number > 0: seconds, milliseconds, a rate."""
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number > 0")
    return value


def not_negative(text: str) -> float:
    """A finite number >= 0, where 0 has a meaning the help states (``--tick 0``: never move)."""
    value = _number(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number >= 0")
    return value


def _whole(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number >= {minimum}")
    return value


def count(text: str) -> int:
    """A whole number >= 0: how many to list."""
    return _whole(text, 0)


def at_least_one(text: str) -> int:
    """A whole number >= 1: a size, how many messages or markets."""
    return _whole(text, 1)


def port(text: str) -> int:
    """A TCP port; 0 asks the system for a free one."""
    value = _whole(text, 0)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a TCP port (0 to 65535)")
    return value
