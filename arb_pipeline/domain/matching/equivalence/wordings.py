"""Words two statements write differently for one thing, settled by what else both markets say:
the words that only introduce a chart's day, the nouns of one deal being completed, the season of
a market whose rules count the calendar year, a company's "quarterly" figure and the earnings it
beats. Each is taken out of the words only one statement says (see ``compare_words``) when, and
only when, the rest of the two markets proves they name the same thing."""

from __future__ import annotations

import re
from functools import lru_cache

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.frames import canonical
from arb_pipeline.domain.matching.propositions.text import STOPWORDS
from arb_pipeline.domain.matching.propositions.model import DateRule, Proposition

# Words that introduce the day a weekly chart is known by: "for the week of", "released",
# "dated", "published". Once both markets are read on one day, they say nothing more.
_CHART_DAY_WORDS = frozenset({"week", "releas", "release", "date", "publish"})


# "claims for the week ending January 9" / "(reported|released|published) ... on January 14".
_WEEK_ENDING = re.compile(r"\bweek ending\s+(?:(?:on\s+)?(?:saturday|sunday|friday),?\s+)?$")
_RELEASED_ON = re.compile(r"\b(?:reported|released|published|issued|report|release)\b[^.;]{0,80}?\bon\s+"
                          r"(?:(?:thursday|wednesday|friday),?\s+)?$")


def week_released_on(market: Proposition, other: Proposition) -> bool:
    """A weekly figure dated by the week it covers in one market and by the day it is released in
    the other: "claims for the week ending January 9" whose own rules say the claims are "reported
    by the Department of Labor on January 14", against "the January 14 release". Only the market
    whose texts name both days together says they are one figure; a rule of thumb never does."""
    own, released = market.when.day, other.when.day
    if market.when.rule is not DateRule.ON or other.when.rule is not DateRule.ON or own is None or released is None \
            or own == released or "week ending" not in market.frame.context:
        return False
    context = market.frame.context
    mentions = date_mentions(context, own)
    return any(m.kind == "day" and m.first == own and _WEEK_ENDING.search(context, 0, m.start) for m in mentions) \
        and any(m.kind == "day" and m.first == released and _RELEASED_ON.search(context[max(0, m.start - 120):m.start])
                for m in mentions)


def drop_chart_day_words(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition,
                         audit: Audit) -> None:
    """"#1 on the Hot 100 for the week of January 16" and "#1 on the chart released January 12"
    whose rules name the chart dated January 16: once the dates agree (the reader dates a chart by
    what its rules say), the words that introduced each day are no difference. So for a weekly
    figure one market dates by its week and the other by its release, when the first says both."""
    k_when, p_when = kalshi.when, polymarket.when
    if week_released_on(kalshi, polymarket) or week_released_on(polymarket, kalshi):
        k_only[:] = [w for w in k_only if w not in _CHART_DAY_WORDS]
        p_only[:] = [w for w in p_only if w not in _CHART_DAY_WORDS]
        return
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


# The sentence of the rules that says when YES pays: Kalshi's "If ..., then the market resolves to
# Yes", Polymarket's 'resolve to "Yes" if ...'.
_KALSHI_YES = re.compile(r"\bif (.{4,300}?),? then the market resolves to \"?yes")
_POLYMARKET_YES = re.compile(r"\bresolves? to \"?yes\"? if (.{4,300}?)(?:\. |\.$|;| otherwise|$)")
_CLAUSE_WORD = re.compile(r"[a-z0-9]+")
_NEGATION = re.compile(r"\b(?:not|no|never|without|fails?|avoids?|prevents?|neither|nor)\b|n't\b")


_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# A date and a clock time in a sentence of the rules: the dates are compared on their own, and one
# venue's "June 30, 11:59 PM ET" is the other's "before Jul 1".
_DATE_PHRASE = re.compile(rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? (?:19|20)\d\d)?\b|\b(?:19|20)\d\d\b"
                          rf"|\b\d{{1,2}}:\d\d ?(?:[ap]m)?(?: e[sd]?t| utc)?\b|\b{_MONTH}\b")


@lru_cache(maxsize=1 << 12)
def _yes_clause_words(rules: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of the sentence that says when YES pays, and the same without its dates."""
    match = _KALSHI_YES.search(rules) or _POLYMARKET_YES.search(rules)
    if match is None or _NEGATION.search(match.group(1)):
        # "If X does not win ...": the sentence's words without its "not" would say the opposite.
        return frozenset(), frozenset()
    clause = match.group(1)
    return _canonical_words(clause), _canonical_words(_DATE_PHRASE.sub(" ", clause))


@lru_cache(maxsize=1 << 12)
def _canonical_words(text: str) -> frozenset[str]:
    return frozenset(canonical(word) for word in _CLAUSE_WORD.findall(text) if word not in STOPWORDS)


def defined_by_rules(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition,
                     audit: Audit) -> bool:
    """"Will X finish on the podium?" whose rules pay "if X finishes in the top 3", against "X top 3
    finish?": the sentence of one market's rules that says when YES pays states every word only
    the other statement says, and none of the words only its own title says, and the other market
    says every word of that sentence somewhere (so the sentence narrows nothing the other leaves
    open, as "federal" would "charged"). The rules settle the market, so its title's word means
    what they say. True when that settles the words (both lists are then emptied)."""
    for own_only, own, other_only, other, who in ((k_only, kalshi, p_only, polymarket, "Kalshi"),
                                                  (p_only, polymarket, k_only, kalshi, "Polymarket")):
        if not own_only or not other_only or kalshi.frame.negated != polymarket.frame.negated:
            continue
        said, undated = _yes_clause_words(own.frame.rules)
        if said and all(word in said for word in other_only) and not any(word in said for word in own_only) \
                and undated <= _canonical_words(other.frame.context):
            audit.verified(f"{who}'s rules pay on '{' '.join(other_only)}', the other's words, where its title says "
                           f"'{' '.join(own_only)}'")
            k_only.clear()
            p_only.clear()
            return True
    return False


# A YES its rules define as the measure not being approved ("fails to be approved on the November
# ballot", "is not approved by voters").
_NOT_APPROVED = re.compile(r"\b(?:fails? to (?:be approved|pass)|(?:is|are) not approved|does not pass)\b")


def rejected_is_not_approved(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition,
                             audit: Audit) -> None:
    """"Will voters reject Prop 1?" whose rules pay when it "fails to be approved", against "Will
    Prop 1 pass?": the one pays on the NO of the other (a measure taken off the ballot is not
    approved either). A rejection the rules leave undefined (a veto, an agency's decision that may
    not come) stays another statement."""
    for own, other, market in ((k_only, p_only, kalshi), (p_only, k_only, polymarket)):
        if "reject" in own and "approve" in other and _NOT_APPROVED.search(market.frame.rules):
            own.remove("reject")
            other.remove("approve")
            audit.opposite = not audit.opposite
            audit.verified("opposite statements: rejected, as its rules say, is not approved")
            return


# A quarter a market is about: "Q4 FY2027", "for its fiscal Q1 2027", "for the fiscal quarter
# ending January 2027" (not a release named in passing, "in its fourth quarter earnings release").
_QUARTER_NAMED = re.compile(r"\bq[1-4]\b|\bfor (?:its |the )?(?:fiscal )?quarter\b")


def drop_quarterly(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Nvidia quarterly revenue above $80 billion?" against "Nvidia Q4 FY2027 revenue": a
    company's "quarterly" figure is the figure of the quarter the other market names, and both
    markets' dates then say which quarter. Against a market that names no quarter (a year's
    revenue) the word stays."""
    for own_only, other in ((k_only, polymarket), (p_only, kalshi)):
        if "quarterly" in own_only and _QUARTER_NAMED.search(other.frame.context) is not None:
            own_only.remove("quarterly")


_EPS = re.compile(r"\beps\b|\bearnings per share\b")
_AGAINST_ESTIMATE = re.compile(r"\b(?:consensus|estimates?|expectations?)\b")
_ESTIMATE_WORDS = ("estimate", "expectation", "consensus")


def drop_earnings_beat(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Will Apple beat quarterly earnings?" whose rules pay when it "reports diluted EPS above the
    consensus estimate", against "Apple beats EPS estimates": the earnings a company beats are its
    EPS, as that market's own rules say, and what it beats is the estimate both rules name. Beating
    revenue estimates, or earnings the rules never call EPS, stays another statement."""
    if "beat" not in kalshi.frame.words or "beat" not in polymarket.frame.words:
        return
    for own_only, own, other_only in ((k_only, kalshi, p_only), (p_only, polymarket, k_only)):
        if "earning" in own_only and "eps" in other_only and _EPS.search(own.frame.rules) is not None:
            own_only.remove("earning")
            other_only.remove("eps")
    if _AGAINST_ESTIMATE.search(kalshi.frame.rules) and _AGAINST_ESTIMATE.search(polymarket.frame.rules):
        for own_only in (k_only, p_only):
            own_only[:] = [w for w in own_only if w not in _ESTIMATE_WORDS]


def drop_season_of_the_rules_year(k_only: list[str], p_only: list[str], kalshi: Proposition,
                                  polymarket: Proposition) -> None:
    """"17 or more named storms in the 2029 Atlantic season?" whose rules count the storms recorded
    "in 2029", against "Atlantic named storms in 2029": both markets read that calendar year, and
    the season market's rules settle on the year, never saying "season". A season its rules name
    ("the 2029 regular season", which may run into the next year) stays a word of the statement."""
    k_when, p_when = kalshi.when, polymarket.when
    if not (k_when.rule is p_when.rule is DateRule.DURING and k_when.start == p_when.start and k_when.end == p_when.end
            and k_when.start is not None and k_when.end is not None and k_when.start.year == k_when.end.year
            and (k_when.start.month, k_when.start.day, k_when.end.month, k_when.end.day) == (1, 1, 12, 31)):
        return
    year = str(k_when.start.year)
    for own, market in ((k_only, kalshi), (p_only, polymarket)):
        if "season" in own and "season" not in market.frame.rules and year in market.frame.rules:
            own.remove("season")


# A shared place counted, in the folded texts of a market: "ties included", "including ties",
# "incl. ties", or a tied place ("T10") said to count.
_TIES_COUNT = re.compile(r"\bties? (?:included|count)|\bincl(?:uding|\.)? ties\b|\bt\d{1,2} counts?\b")


def drop_top_finish(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"X top 10 finish?" against "X top 10 (incl. ties)" whose rules say X "finishes in the top 10,
    including ties": a top place is where a player finishes, and ties count on both when the other
    market's texts say so too ("ties included", "T10 counts"). A market silent on ties keeps the
    word: a shared 10th place may then be settled another way (a dead heat)."""
    if "top" not in kalshi.frame.words or "top" not in polymarket.frame.words:
        return
    for own_only, other in ((k_only, polymarket), (p_only, kalshi)):
        if "finish" in own_only and re.search(r"\bfinish(?:es|ed)?\b", other.frame.rules) is not None:
            own_only.remove("finish")
        if "inclties" in own_only and _TIES_COUNT.search(other.frame.context) is not None:
            own_only.remove("inclties")
