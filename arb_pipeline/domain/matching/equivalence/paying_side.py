"""Which Polymarket outcome pays when the Kalshi statement is true (:func:`map_statement`): the
same option, the event itself, or its complement when exactly one of the two statements says
"not" or they are opposites.

Apart from statements.py, which compares the words of the two statements: this takes the
verdict of that comparison (opposite, polarity unsettled) and settles only the tokens.
"""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.propositions.model import Happens, Kind, Name, OutcomeTerm, Proposition
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.sports import club_by_place


def map_statement(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> tuple[OutcomeTerm, OutcomeTerm] | None:
    """The Polymarket outcome that pays when the Kalshi statement is true: the same option, the
    event itself, or its complement when exactly one of the two statements says "not"."""
    terms = polymarket.outcomes
    if len(terms) != 2:
        audit.reject(f"Polymarket market has {len(terms)} outcomes, not two")
        return None
    k_option = kalshi.selection if isinstance(kalshi.selection, Name) else None
    if kalshi.kind is Kind.CHOICE and polymarket.kind is Kind.CHOICE:
        assert k_option is not None
        for index, term in enumerate(terms):
            if isinstance(term.selection, Name) and not term.negated and (
                    same_name(k_option, term.selection)
                    or club_by_place(k_option, term.selection, kalshi.frame.context, polymarket.frame.context)):
                audit.verified(f"Kalshi YES = '{k_option.label}' = Polymarket '{term.name}'")
                return term, terms[1 - index]
        offered = ", ".join(f"'{t.selection.label}'" for t in terms if isinstance(t.selection, Name) and not t.negated)
        audit.reject(f"different option: Kalshi '{k_option.label}' vs Polymarket {offered}")
        return None
    # One side names its option inside the statement ("Will Oppenheimer win Best Picture?") and
    # the names were compared with the option put back; the event side's "Yes" pays on it.
    negated = kalshi.frame.negated != polymarket.frame.negated
    flipped = negated != audit.opposite
    for index, term in enumerate(terms):
        if term.negated is flipped and isinstance(term.selection, Name | Happens):
            if audit.polarity_unsettled:
                # No token is proposed (see statements._polarity_cues): the reasons claim none either.
                return term, terms[1 - index]
            if flipped:
                why = (f"only {'Kalshi' if kalshi.frame.negated else 'Polymarket'}'s statement says 'not'" if negated
                       else "the statements are opposites")
                audit.verified(f"complement: {why}; Polymarket '{term.name}' pays on Kalshi YES")
            else:
                audit.verified(f"the same event; Polymarket '{term.name}' pays on Kalshi YES")
            return term, terms[1 - index]
    audit.reject("no Polymarket outcome pays exactly when the Kalshi statement is true")
    return None
