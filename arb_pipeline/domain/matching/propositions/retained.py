"""A side that retains a trophy: the NO of the other side winning it.

"Will Europe retain the Ryder Cup?" whose rules pay when Europe "wins or ties" and not when "the
USA wins" is the NO of "Will the USA win the Ryder Cup?": a tie keeps the trophy with its holder,
and a win outright is the only way the other side takes it. The market is read as that win,
negated, so it meets the other venue's market on the win (docs/matching.md, "Names and
numbers")."""

from __future__ import annotations

import re
from dataclasses import replace

from arb_pipeline.domain.models import Market

_RETAIN = re.compile(r"^will (?:the )?(?P<holder>[^?]+?) retain (?:the )?[^?]+\?$", re.IGNORECASE)
# 'Resolves "No" if the USA wins.': the only side whose win pays NO.
_NO_IF_WINS = re.compile(r"\b(?i:resolves? (?:to )?[\"“]?no[\"”]? if (?:the )?)(?P<other>[A-Z][\w.'’ -]{0,40}?) wins\b(?! or)")


def retained_as_win(market: Market) -> Market | None:
    """The market read as the other side's win when it asks whether one side retains a trophy and
    its rules pay YES when that side wins or draws (ties) and NO when the other side wins; None
    otherwise. The reader negates what it reads of the returned market."""
    title = market.title or ""
    if "retain" not in title:
        return None
    asked = _RETAIN.match(title.strip())
    rules = market.rules or ""
    other = _NO_IF_WINS.search(rules)
    if asked is None or other is None:
        return None
    holder = asked.group("holder")
    kept = re.search(rf"\b{re.escape(holder)} wins or (?:ties|draws)\b(?: \([^)]*\))? (?P<what>the [^.,]+?)(?: and\b|[.,])",
                     rules)
    if kept is None or other.group("other").lower() == holder.lower():
        return None
    return replace(market, title=f"Will {other.group('other')} win {kept.group('what')}?", subtitle="", event_title="")
