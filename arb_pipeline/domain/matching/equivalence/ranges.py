"""Thresholds and ranges compared on the grid the value is published on, and the explanation of a
boundary on which two ranges settle differently."""

from __future__ import annotations

from decimal import Decimal

from arb_pipeline.domain.matching.equivalence.audit import ASSUMED_GRID, Audit
from arb_pipeline.domain.matching.propositions.model import OutcomeTerm, Proposition, ValueRange, show_value
from arb_pipeline.domain.matching.propositions.numbers import same_or_complement


def numbers_can_meet(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Whether any Polymarket outcome's range relates to Kalshi's (the same, or a complement),
    before the paths of the two are known."""
    k_range = kalshi.selection
    assert isinstance(k_range, ValueRange)
    k_grid, p_grid = kalshi.grid, polymarket.grid
    grid = k_grid if p_grid is None else p_grid if k_grid is None else min(k_grid, p_grid)
    # A loop, not any() over a generator: it runs for every candidate of a ladder, 100,000 times in
    # a 20,000 x 20,000 match.
    for term in polymarket.outcomes:
        if isinstance(term.selection, ValueRange) and same_or_complement(k_range, term.selection, grid) is not None:
            return True
    return False


def _grid_words(grid: Decimal) -> str:
    return {Decimal(1): "whole units", Decimal("0.1"): "one decimal", Decimal("0.01"): "two decimals",
            Decimal("0.25"): "quarter-point steps", Decimal(25): "25 bps steps"}.get(grid, f"steps of {grid}")


def map_range(kalshi: Proposition, polymarket: Proposition, k_range: ValueRange,
               audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    unit = kalshi.unit or polymarket.unit
    if kalshi.unit and polymarket.unit and kalshi.unit != polymarket.unit:
        audit.reject(f"different unit: Kalshi {kalshi.unit} vs Polymarket {polymarket.unit}")
        return None
    grids = [g for g in (kalshi.grid, polymarket.grid) if g is not None]
    # Two grids that disagree: compare on the finer one, where fewer values coincide.
    grid = min(grids) if grids else None
    terms = polymarket.outcomes
    if len(terms) != 2 or not all(isinstance(t.selection, ValueRange) for t in terms):
        audit.reject("Polymarket outcomes carry no threshold or range")
        return None
    for index, term in enumerate(terms):
        p_range = term.selection
        assert isinstance(p_range, ValueRange)
        relation = same_or_complement(k_range, p_range, grid)
        if audit.path_opposed:
            # Touching a level is the NO of staying on the other side of it all along.
            if term.negated and relation == "complement":
                _explain_equal(kalshi, polymarket, k_range, p_range, term, grid, relation, unit, audit)
                return term, terms[1 - index]
            continue
        if relation == ("complement" if term.negated else "same"):
            _explain_equal(kalshi, polymarket, k_range, p_range, term, grid, relation, unit, audit)
            return term, terms[1 - index]
    positive = next(t for t in terms if not t.negated)
    p_range = positive.selection
    assert isinstance(p_range, ValueRange)
    audit.reject(lambda: _difference(k_range, p_range, unit, grid))
    return None


def _explain_equal(kalshi: Proposition, polymarket: Proposition, k_range: ValueRange, p_range: ValueRange,
                   term: OutcomeTerm, grid: Decimal | None, relation: str, unit: str, audit: Audit) -> None:
    k_text, p_text = k_range.describe(unit), p_range.describe(unit)
    if relation == "same" and k_range == p_range:
        kind = "bucket" if k_range.is_bucket else "threshold"
        audit.verified(f"{kind} {k_text}{_inclusivity(k_range)} on both; Polymarket '{term.name}' pays on Kalshi YES")
        return
    if relation == "same":
        audit.verified(f"Kalshi {k_text} = Polymarket {p_text} on a grid of {_grid_words(grid or Decimal(1))}; "
                       f"Polymarket '{term.name}' pays on Kalshi YES")
    else:
        audit.verified(f"complement: Kalshi {k_text} vs Polymarket {p_text}; Polymarket '{term.name}' pays on Kalshi YES")
    if grid is not None and not (kalshi.grid_stated or polymarket.grid_stated) and k_range != p_range:
        label = kalshi.measure.label if kalshi.measure else "the value"
        audit.assumed(f"assumes {label} is published in {_grid_words(grid)}", ASSUMED_GRID)


def _inclusivity(value_range: ValueRange) -> str:
    if value_range.is_bucket:
        return ""
    bound = value_range.low or value_range.high
    assert bound is not None
    return " inclusive" if bound.inclusive else " strict"


def _difference(k_range: ValueRange, p_range: ValueRange, unit: str, grid: Decimal | None) -> str:
    k_text, p_text = k_range.describe(unit), p_range.describe(unit)
    if k_range.is_bucket != p_range.is_bucket:
        bucket, tail = ("Kalshi", "Polymarket") if k_range.is_bucket else ("Polymarket", "Kalshi")
        return f"bucket vs cumulative: {bucket} pays on a range, {tail} on a tail (Kalshi {k_text} vs Polymarket {p_text})"
    boundary = None if k_range.is_bucket else _single_boundary(k_range, p_range, grid)
    if boundary is not None:
        at = show_value(boundary, unit)
        if (k_range.low is None) == (p_range.low is None):
            k_kind, k_note = _at_boundary(k_range, boundary, unit, grid)
            p_kind, p_note = _at_boundary(p_range, boundary, unit, grid)
            return (f"Kalshi {k_kind} {k_text}{k_note} vs Polymarket {p_kind} {p_text}{p_note} "
                    f"(a value of exactly {at} settles them differently)")
        return (f"not complements at the boundary: Kalshi {k_text} vs Polymarket {p_text} (a value of exactly {at} pays on "
                "both sides or on neither)")
    return f"threshold differs: Kalshi {k_text} vs Polymarket {p_text}"


def _at_boundary(value_range: ValueRange, boundary: Decimal, unit: str, grid: Decimal | None) -> tuple[str, str]:
    """("inclusive" | "strict", note): whether the range pays at the boundary value, and, when
    its written number is not the boundary itself, what it amounts to on the grid ("> $93,999.99"
    is "≥ $94,000" to the cent)."""
    bound = value_range.low or value_range.high
    assert bound is not None
    if grid is None or bound.value == boundary:
        return ("inclusive" if bound.inclusive else "strict"), ""
    low, high = value_range.grid_units(grid)
    units = low if low is not None else high
    inclusive = units is not None and units * grid == boundary
    symbol = ("≥" if value_range.low else "≤") if inclusive else (">" if value_range.low else "<")
    return ("inclusive" if inclusive else "strict"), f" (= {symbol} {show_value(boundary, unit)} in {_grid_words(grid)})"


def _single_boundary(k_range: ValueRange, p_range: ValueRange, grid: Decimal | None) -> Decimal | None:
    """The one value on which two one-sided ranges disagree, when they disagree on one value only:
    "> 3.0%" vs ">= 3.0%" (3.0% itself), or "> 3.0%" vs "< 3.0%" as would-be complements."""
    same_side = (k_range.low is None) == (p_range.low is None)
    if grid is None:
        k_bound, p_bound = k_range.low or k_range.high, p_range.low or p_range.high
        if k_bound is None or p_bound is None or k_bound.value != p_bound.value:
            return None
        differs = k_bound.inclusive != p_bound.inclusive
        return k_bound.value if differs == same_side else None
    k_low, k_high = k_range.grid_units(grid)
    p_low, p_high = p_range.grid_units(grid)
    if same_side:
        if k_low is not None and p_low is not None and abs(k_low - p_low) == 1:
            return min(k_low, p_low) * grid
        if k_high is not None and p_high is not None and abs(k_high - p_high) == 1:
            return max(k_high, p_high) * grid
        return None
    low, high = (k_low, p_high) if k_low is not None else (p_low, k_high)
    if low is None or high is None:
        return None
    if low == high:  # one value pays on both sides
        return low * grid
    if low == high + 2:  # one value pays on neither
        return (high + 1) * grid
    return None
