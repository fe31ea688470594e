"""A stage of a competition short of winning it: a side that reaches the final may still lose it.

The title readers read a market that names a championship ("the 2027 NBA Finals", "the Champions
League") as the title's; a question whose side only reaches, makes, qualifies for or plays in it
is read by the general reader instead, so it never pairs with the title.
"""

from __future__ import annotations

import re

# Reaching a stage of a competition ("reach the NBA Finals", "make the final", "qualify for", "play
# in"): a team that gets there may still lose it, so the market is not the title's.
_REACH = re.compile(r"\b(?:reach(?:es)?|make|makes|advance(?:s)? to|qualif(?:y|ies) for|play(?:s)? in|appear(?:s)? in|"
                    r"earn(?:s)? a (?:spot|place|berth) in|berth)\b")


def reaches_a_stage(question: str) -> bool:
    """Whether a question (folded) asks whether a side reaches a stage, not whether it wins."""
    return _REACH.search(question) is not None and "win" not in question
