"""Which outcome pays: what each Polymarket token pays on, read from the outcome's own name, and
what Kalshi's YES pays on.

Polymarket lists two outcome tokens per market, not always "Yes"/"No" and never reliably in that
order ("No" first, "Up"/"Down", "Over"/"Under", team names), so every token is read by its name.
A market whose outcomes cannot be read gets no token mapping at all: a default "Yes pays on
YES" is exactly the mistake that buys the same outcome twice.
"""

from __future__ import annotations

import re
from dataclasses import replace

from arb_pipeline.domain.matching.propositions.model import Name, OutcomeTerm, Selection
from arb_pipeline.domain.models import Market

YES, NO = "yes", "no"
UP, DOWN = "up", "down"
OVER, UNDER = "over", "under"


def outcome_names(market: Market) -> list[str]:
    return [o.name.strip().lower() for o in market.outcomes]


def yes_no(market: Market) -> tuple[int, int] | None:
    """The positions of "Yes" and "No", whatever their order, or of an outcome and its negation
    ("Guilty" / "Not Guilty": the question asks whether the first holds); None for other outcomes."""
    names = outcome_names(market)
    if len(names) == 2 and set(names) == {YES, NO}:
        return names.index(YES), names.index(NO)
    negated = negated_pair(names)
    if negated is not None:
        return names.index(negated), names.index(f"not {negated}")
    return None


def negated_pair(names: list[str]) -> str | None:
    """The outcome of two whose other is its negation ("guilty" of "guilty" / "not guilty")."""
    if len(names) != 2:
        return None
    for one, other in (names, reversed(names)):
        if other == f"not {one}" and one not in (YES, NO):
            return one
    return None


def is_pair_of(market: Market, first: str, second: str) -> bool:
    names = outcome_names(market)
    return len(names) == 2 and set(names) == {first, second}


# "Someone other than Milei", "anyone but Okafor", "a candidate other than Okafor": whoever is not
# the one name after it (never a list of names: "other than Milei or Bullrich" is no one's NO).
_OTHER_THAN = re.compile(r"^(?:someone|somebody|anyone|anybody|(?:an?|any|another)(?: other)? (?:candidate|player|team|"
                         r"person|party|horse|driver|artist|nominee)) (?:other than|besides|except|but) (?!.*\b(?:or|and|nor)\b)")


def _other_than(selection: Selection) -> Name | None:
    """The one name an option of "someone other than" it pays against; None for any other option."""
    if not isinstance(selection, Name) or " " not in selection.label:
        return None
    kind, _, key = selection.key.rpartition(":")
    found = _OTHER_THAN.match(key)
    if found is None or found.end() == len(key):
        return None
    label_words = selection.label.split()
    rest = key[found.end():]
    return replace(selection, key=f"{kind}:{rest}" if kind else rest,
                   label=" ".join(label_words[len(label_words) - len(rest.split()):]))


def yes_no_terms(market: Market, selection: Selection) -> tuple[OutcomeTerm, ...]:
    """"Yes" pays on ``selection``, "No" on everything else, in the market's own order; "Yes" on
    "someone other than" a name is "No" on that name."""
    positions = yes_no(market)
    if positions is None:
        return ()
    yes_index, _ = positions
    other = _other_than(selection)
    return tuple(
        OutcomeTerm(outcome.name, outcome.token_id, other or selection, negated=(index != yes_index) != (other is not None))
        for index, outcome in enumerate(market.outcomes)
    )


def direction_terms(market: Market) -> tuple[OutcomeTerm, ...]:
    terms = []
    for outcome in market.outcomes:
        name = outcome.name.strip().lower()
        terms.append(OutcomeTerm(outcome.name, outcome.token_id, name if name in (UP, DOWN) else None))
    return tuple(terms)
