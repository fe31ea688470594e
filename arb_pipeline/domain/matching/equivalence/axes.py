"""The qualifier axes of two statements compared: how the value is read (at a moment, touched,
held all along), the segment of a game, the stage of a race, what a count counts, how a figure
is adjusted; an axis one market leaves unstated takes its default
(:mod:`arb_pipeline.domain.matching.propositions.lexicon.axes`)."""

from __future__ import annotations

import re
from decimal import Decimal

from arb_pipeline.domain.matching.equivalence.audit import ASSUMED_GRID, Audit
from arb_pipeline.domain.matching.equivalence.timing import running_total_past
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.lexicon.axes import AXES
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import FOREIGN_CURRENCIES
from arb_pipeline.domain.matching.propositions.model import DateRule, Proposition, ValueRange


_AXIS_BY_NAME = {axis.name: axis for axis in AXES}
_DEFAULTED_AXES = frozenset(a.name for a in AXES if a.default)


def compare_axes(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    for name in sorted(_DEFAULTED_AXES.union(kalshi.frame.axes, polymarket.frame.axes)):
        axis = _AXIS_BY_NAME.get(name)
        if axis is not None and kalshi.kind not in axis.kinds:
            continue
        default = axis.default if axis else None
        k_value = kalshi.frame.axes.get(name, default)
        p_value = polymarket.frame.axes.get(name, default)
        if k_value == p_value:
            if name == "path" and k_value in _PATHS:
                audit.verified(f"both pay if the value {_PATHS[k_value]}")
            elif axis is not None and k_value is not None and k_value != default:
                audit.verified(f"both {k_value}")
            continue
        if name == "path" and {k_value, p_value} == {"touch", "always"}:
            audit.path_opposed = True
            audit.verified(f"Kalshi pays if {'touched' if k_value == 'touch' else 'held all along'}, Polymarket if "
                           f"{'touched' if p_value == 'touch' else 'held all along'}: complements when the levels are")
        elif name == "path" and {k_value, p_value} == {"touch", "point"} and _by_one_day(kalshi, polymarket) \
                and running_total_past(kalshi, polymarket):
            # A running total only grows: reaching 1,000 cases by June 30 is having 1,000 or more
            # as of June 30.
            audit.verified("a running total only grows: reaching the threshold by the day is being past it that day")
        elif name == "counts" and k_value is not None and p_value is not None and _zero_or_not(kalshi, polymarket):
            # No meeting with a cut is no cut, whatever a cut's size: counts of two things differ
            # from one up, never at zero.
            audit.verified(f"zero or not: Kalshi counts '{k_value}', Polymarket counts '{p_value}', and none of either "
                           "is none of the other")
        elif k_value is not None and p_value is not None:
            audit.reject(_axis_difference(name, k_value, p_value, axis.what if axis else name))
        elif name == "counts":
            # Only one market says what it counts: the titles say the rest.
            continue
        elif name == "release" and "advance estimate" in (k_value, p_value) \
                and _FIRST_RELEASE.search((polymarket if k_value is not None else kalshi).frame.rules) is not None:
            # "As first released by the BLS" is the initial release the other market names: the
            # words are read only here, where the other market states a release (they are
            # boilerplate in the rules of a stock's close or a snowfall total).
            audit.verified("both the first release (one says 'initial release', the other 'first released')")
        elif name == "adjustment" and _inflation_over_a_year(kalshi, polymarket):
            # An inflation rate over twelve months is computed from the unadjusted index (the BLS,
            # Eurostat and the ONS publish it so): a market that does not say so reads that figure,
            # and an adjusted one is another number.
            if "not seasonally adjusted" in (k_value, p_value):
                audit.verified("both not seasonally adjusted (a 12-month inflation rate is computed from the unadjusted "
                               "index)")
            else:
                audit.unverified(name, f"only {'Kalshi' if k_value else 'Polymarket'} states 'seasonally adjusted', "
                                       "where a 12-month inflation rate is computed from the unadjusted index")
        elif name == "span" and _window_of(kalshi if k_value is None else polymarket) == (k_value or p_value):
            # "Opening weekend (December 18-20)" states its three days by its dates.
            who = "Polymarket" if k_value is None else "Kalshi"
            audit.verified(f"both {k_value or p_value} ({who}'s dates)")
        elif name in ("adjustment", "change", "release"):
            # How a figure is adjusted or compared is usually said by one venue only, and read
            # the usual way by the other ("payrolls" are seasonally adjusted, "annual inflation"
            # is year over year): noted, not settled by a human.
            who, value = ("Kalshi", k_value) if k_value is not None else ("Polymarket", p_value)
            audit.assumed(f"only {who} states '{value}'; the other states no {axis.what if axis else name}", ASSUMED_GRID)
        else:
            who, value = ("Kalshi", k_value) if k_value is not None else ("Polymarket", p_value)
            other = polymarket if k_value is not None else kalshi
            if name == "instrument" and _exchange_rate(other):
                # An exchange rate written with no qualifier ("EUR/USD", "the euro above $1.15") is
                # the spot rate; a futures contract or a forward rate is another price.
                if value == "spot":
                    audit.verified(f"both spot ({'Polymarket' if other is polymarket else 'Kalshi'} quotes an exchange "
                                   "rate with no qualifier)")
                else:
                    audit.reject(f"different instrument: {who} {value} vs the spot rate of an exchange rate with no "
                                 "qualifier")
            # A session only the other's rules name is not the one it pays on: rules name the
            # sprint to set it aside ("the main race (not the sprint)").
            elif axis is not None and not axis.in_rules and name != "session" and axis.read(other.frame.context) == value:
                # "Will Trump leave office?" whose rules say "ceases to be President".
                audit.verified(f"both {value} ({'Polymarket' if other is polymarket else 'Kalshi'} in its rules)")
            else:
                audit.unverified(name, f"only {who} states '{value}'")


# The rules are read with their ordinals in figures ("as 1 released").
_FIRST_RELEASE = re.compile(r"\b(?:first|1) (?:official )?(?:release[ds]?|published)\b")


def _inflation_over_a_year(kalshi: Proposition, polymarket: Proposition) -> bool:
    return all(p.measure is not None and p.measure.family == "inflation" and p.frame.axes.get("change") == "year over year"
               for p in (kalshi, polymarket))


def _window_of(p: Proposition) -> str | None:
    """The length of the window a market's dates state, in the span axis's words: its date, else
    the one window its rules name ("opening weekend (Mar 9-11, 2029)")."""
    when = p.when
    if when.rule is DateRule.DURING and when.start is not None and when.end is not None:
        return f"{(when.end - when.start).days + 1} days"
    reference = p.opens_at.date() if p.opens_at is not None else None
    lengths = {(m.last - m.first).days + 1 for m in date_mentions(p.frame.rules, reference) if m.kind == "window"}
    return f"{lengths.pop()} days" if len(lengths) == 1 else None


def _by_one_day(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Both markets read to the same day, by it or on it."""
    return kalshi.when.day is not None and kalshi.when.day == polymarket.when.day \
        and {kalshi.when.rule, polymarket.when.rule} <= {DateRule.BY, DateRule.ON}


def _exchange_rate(p: Proposition) -> bool:
    """Whether a statement is about an exchange rate: it names a currency other than the dollar."""
    return not FOREIGN_CURRENCIES.isdisjoint(p.frame.words)


def _zero_or_not(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Whether both counts only tell zero from more than zero."""
    ranges = [kalshi.selection, *(t.selection for t in polymarket.outcomes)]
    return all(isinstance(r, ValueRange) and r.grid_units(Decimal(1)) in ((0, 0), (1, None), (None, 0)) for r in ranges)


_PATHS = {"touch": "is reached at any time", "always": "stays there all along", "close": "is there at the close of any day"}


def _axis_difference(name: str, k_value: str, p_value: str, what: str) -> str:
    if name == "path":
        if "point" in (k_value, p_value):
            who, path = ("Polymarket", p_value) if k_value == "point" else ("Kalshi", k_value)
            return f"{who} pays if the value {_PATHS[path]} in the window; the other reads it at one moment"
        return f"Kalshi pays if the value {_PATHS[k_value]} in the window, Polymarket if it {_PATHS[p_value]}"
    if name == "segment":
        return f"Kalshi {k_value} vs Polymarket {p_value}"
    if name == "stage":
        what = "nominee vs winner" if "nomination" in (k_value, p_value) else "another stage of the race"
        return f"{what}: Kalshi {k_value} vs Polymarket {p_value}"
    if name == "counts":
        return f"counts different things: Kalshi counts '{k_value}', Polymarket counts '{p_value}'"
    return f"{what}: Kalshi {k_value} vs Polymarket {p_value}"
