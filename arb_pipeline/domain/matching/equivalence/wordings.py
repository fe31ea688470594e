"""Words two statements write differently for one thing, settled by what else both markets say:
the words that only introduce a chart's day, and the nouns of one deal being completed. Each is
taken out of the words only one statement says (see ``compare_words``) when, and only when, the
rest of the two markets proves they name the same thing."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.propositions.model import DateRule, Proposition

# Words that introduce the day a weekly chart is known by: "for the week of", "released",
# "dated", "published". Once both markets are read on one day, they say nothing more.
_CHART_DAY_WORDS = frozenset({"week", "releas", "release", "date", "publish"})


def drop_chart_day_words(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition,
                         audit: Audit) -> None:
    """"#1 on the Hot 100 for the week of January 16" and "#1 on the chart released January 12"
    whose rules name the chart dated January 16: once the dates agree (the reader dates a chart by
    what its rules say), the words that introduced each day are no difference."""
    k_when, p_when = kalshi.when, polymarket.when
    if not (k_when.rule is p_when.rule is DateRule.ON and k_when.day is not None and k_when.day == p_when.day):
        return
    if "chart" not in kalshi.frame.context or "chart" not in polymarket.frame.context:
        return
    dropped = [w for w in (*k_only, *p_only) if w in _CHART_DAY_WORDS]
    if dropped:
        k_only[:] = [w for w in k_only if w not in _CHART_DAY_WORDS]
        p_only[:] = [w for w in p_only if w not in _CHART_DAY_WORDS]
        audit.verified(f"one chart, dated {k_when.day}: '{' '.join(sorted(set(dropped)))}' only say how each names its day")


# A transaction between companies, in its nouns and verbs (canonical stems): "merger", "deal"
# (read as "agree"), "acquisition", "takeover", "buyout".
_DEAL_STEMS = ("merg", "acquisit", "acquir", "takeover", "buyout", "agree")
# Its completion: "closes", "completed", "finalized", "consummated".
_DONE_STEMS = ("close", "complet", "finaliz", "finalis", "consummat")


def _has(words: frozenset[str], stems: tuple[str, ...]) -> bool:
    return any(word.startswith(stems) for word in words)


def drop_completed_deal(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition,
                        audit: Audit) -> None:
    """"The Globex-Initech merger closes" and "Globex completes its acquisition of Initech": when
    both statements say a deal is completed, "merger", "deal" and "acquisition" name that one
    deal (the names compared apart say between whom), and "closes" is "completes". A deal
    announced, agreed or approved is no deal completed: without a word of completion on both
    sides, nothing is taken out."""
    stems = (*_DEAL_STEMS, *_DONE_STEMS)
    if not any(w.startswith(stems) for w in (*k_only, *p_only)):
        return
    k_words, p_words = kalshi.frame.words, polymarket.frame.words
    if not (_has(k_words, _DONE_STEMS) and _has(p_words, _DONE_STEMS)
            and _has(k_words, _DEAL_STEMS) and _has(p_words, _DEAL_STEMS)):
        return
    dropped = [w for w in (*k_only, *p_only) if w.startswith(stems)]
    k_only[:] = [w for w in k_only if not w.startswith(stems)]
    p_only[:] = [w for w in p_only if not w.startswith(stems)]
    audit.verified(f"one deal completed on both: '{' '.join(sorted(set(dropped)))}' name it and its completion")
