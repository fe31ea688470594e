"""An office held on a day, as a title writes it with no verb: "Vance US President on Jun 30?"
whose rules pay "if JD Vance is President of the United States on June 30" states the holder
still in office that day, the NO of "out as President by June 30"."""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions.model import DateRule, Proposition

# The offices a holder "is" on a day, in the words the reader folds them to ("prime minister" is
# "pm").
_OFFICES = frozenset({"pm", "president", "ceo", "chancellor", "premier", "governor", "mayor", "chair", "chairman",
                      "speaker", "leader"})
_IS_OFFICE = re.compile(r"\bis (?:the |still )?(?:[a-z]+ ){0,2}?(" + "|".join(sorted(_OFFICES)) + r")\b")


def read_office_held(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """A market on one day whose title only names a holder and an office, which the other market
    says is left ("out as"), and whose own rules pay when the holder "is" that office on the day:
    it states the holder remaining there, and the antonyms then make the two complements. A title
    with a verb of its own ("forms a government", "wins") says something else and is left as it is."""
    for own, other_own, market in ((k_only, p_only, kalshi), (p_only, k_only, polymarket)):
        if own or other_own != ["leave"] or market.when.rule is not DateRule.ON:
            continue
        held = _IS_OFFICE.search(market.frame.context)
        if held is not None and held.group(1) in market.frame.words:
            own.append("remain")
            return
