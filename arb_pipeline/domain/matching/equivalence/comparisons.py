"""Two comparisons of the same two sides (``propositions/comparisons.py``): the sides, then every
other part as the general comparison reads it (names beside the sides, the measure's words, the
date, the source), then which Polymarket outcome pays when the Kalshi side comes out ahead.

"A more than B" is NO on a tie. A Polymarket market whose outcomes are the two sides pays on a
tie as its rules say: when they say nothing and the measure cannot end level in practice (streams,
views, a market value, a gross: large counts or amounts), the side ahead is the pair; otherwise a
tie is a case the two may settle apart and the pair waits for a person. A yes/no market asking
the reversed question ("B more than A") is the NO of "A more than B" only where no tie can
happen; where one can, both pay NO on it and neither is the other's NO."""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.equivalence.axes import compare_axes
from arb_pipeline.domain.matching.equivalence.names import compare_names
from arb_pipeline.domain.matching.equivalence.sources import compare_place, compare_sources
from arb_pipeline.domain.matching.equivalence.statements import compare_quoted, compare_words
from arb_pipeline.domain.matching.equivalence.timing import compare_when
from arb_pipeline.domain.matching.propositions.frames import canonical
from arb_pipeline.domain.matching.propositions.model import Name, OutcomeTerm, Proposition
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import name_kind

# What is measured in amounts or counts so large that two sides never end level in practice.
_NO_TIE = frozenset(canonical(w) for w in (
    "streams", "streamed", "views", "viewed", "listeners", "marketcap", "price", "gross", "grossing", "boxoffice",
    "subscribers", "followers", "sales", "revenue", "valuation", "viewers", "downloads", "spending"))
_TIE = re.compile(r"\btie[sd]?\b|\bdraw\b|\bsame number\b|\bequal\b|\b50-50\b")


def _sides(p: Proposition) -> tuple[Name, ...]:
    return tuple(Name(key[5:], key[5:], name_kind(key[5:])) for key in p.teams)


def _no_tie(kalshi: Proposition, polymarket: Proposition) -> str | None:
    """The word of a measure no tie is expected on, when both markets measure it."""
    shared = kalshi.frame.words & polymarket.frame.words & _NO_TIE
    return sorted(shared)[0] if shared else None


def compare_comparisons(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    k_sides, p_sides = _sides(kalshi), _sides(polymarket)
    if not (all(any(same_name(k, p) for p in p_sides) for k in k_sides)
            and all(any(same_name(p, k) for k in k_sides) for p in p_sides)):
        audit.reject(f"different sides compared: Kalshi {' / '.join(s.label for s in k_sides)} vs Polymarket "
                     f"{' / '.join(s.label for s in p_sides)}")
        return None
    audit.verified(f"the same two sides compared: {' / '.join(s.label for s in k_sides)}")
    compare_axes(kalshi, polymarket, audit)
    compare_quoted(kalshi, polymarket, audit)
    compare_names(kalshi, polymarket, audit)
    compare_words(kalshi, polymarket, audit)
    compare_place(kalshi, polymarket, audit)
    compare_sources(kalshi, polymarket, audit)
    compare_when(kalshi, polymarket, audit)
    k_day, p_day = kalshi.when.day, polymarket.when.day
    if k_day is not None and p_day is not None and k_day != p_day:
        # Two sides compared on two days (two weeks' charts) are two contests, even where a date only
        # the rules give could be a day the figure is reported.
        audit.unverified("date", f"the sides are compared on two days: Kalshi {k_day}, Polymarket {p_day}")
    if audit.rejected:
        return None
    ahead = kalshi.selection
    assert isinstance(ahead, Name)
    terms = polymarket.outcomes
    if len(terms) != 2:
        audit.reject(f"Polymarket market has {len(terms)} outcomes, not two")
        return None
    no_tie = _no_tie(kalshi, polymarket)
    if any(t.negated for t in terms):
        yes, no = (terms[0], terms[1]) if not terms[0].negated else (terms[1], terms[0])
        assert isinstance(yes.selection, Name)
        if same_name(ahead, yes.selection):
            audit.verified(f"both pay when '{ahead.label}' comes out ahead (a tie is NO on both); "
                           f"Polymarket '{yes.name}' pays on Kalshi YES")
            return yes, no
        if no_tie is None:
            audit.reject("the reversed comparison: a tie is NO on both, so neither is the other's NO")
            return None
        audit.verified(f"the reversed comparison, with no tie expected in {no_tie}: Polymarket '{no.name}' pays on "
                       f"Kalshi YES")
        return no, yes
    for index, term in enumerate(terms):
        if isinstance(term.selection, Name) and same_name(ahead, term.selection):
            if _TIE.search(polymarket.frame.rules):
                audit.unverified("settlement", "Polymarket's rules settle a tie, on which Kalshi's 'more than' pays NO")
            elif no_tie is None:
                audit.unverified("settlement", "the two sides may tie, and only Kalshi says how that settles (NO)")
            else:
                audit.verified(f"no tie expected in {no_tie}")
            audit.verified(f"Kalshi YES = '{ahead.label}' ahead = Polymarket '{term.name}'")
            return term, terms[1 - index]
    audit.reject(f"no Polymarket outcome is '{ahead.label}'")
    return None
