"""Words two statements write differently for one thing, settled by what else both markets say:
the words that only introduce a chart's day, the nouns of one deal being completed, the season of
a market whose rules count the calendar year, a company's "quarterly" figure and the earnings it
beats, a person's given name or a known name's other form the other statement leaves unsaid. Each is taken out of the words only one statement says (see ``compare_words``) when, and
only when, the rest of the two markets proves they name the same thing."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.frames import canonical
from arb_pipeline.domain.matching.equivalence.scope import city_of_the_station
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import ALIAS_PHRASES, is_subject
from arb_pipeline.domain.matching.propositions.model import DateRule, Kind, Name, Proposition, ValueRange
from arb_pipeline.domain.matching.propositions.names import mentioned, personal
from arb_pipeline.domain.matching.propositions.text import STOPWORDS, same_word

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


def title_name_the_rules_replace(name: Name, own: Proposition, other: Proposition) -> bool:
    """A name only one market's title writes ("Will Jane Roe leave the Cabinet?") that the sentence
    of its own rules saying when YES pays never names ("If Jane Roe ceases to be Secretary of
    State ..."), when the other market says every word of that sentence somewhere: the rules
    settle the market, so the title's name is what they pay on, as :func:`defined_by_rules` reads
    a title's words. Rules that name it ("ceases to be a member of the Cabinet") keep it, and so
    does a person or a place ("Will Roe meet Doe in Alaska?"): a later sentence of the rules may
    still require them, which the sentence of YES alone does not show."""
    if own.frame.negated != other.frame.negated or name.kind == "person" or personal(name) or is_subject(name.key):
        return False
    said, undated = _yes_clause_words(own.frame.rules)
    return bool(said) and not any(canonical(word) in said for word in name.words) \
        and undated <= _canonical_words(other.frame.context)


def alias_phrases(name: Name) -> tuple[str, ...]:
    """The forms of several words of a known name ("premier league" for "EPL")."""
    return ALIAS_PHRASES.get(name.key, ()) if name.kind == "org" else ()


def alias_written(phrase: str, context: str) -> bool:
    """Whether ``context`` writes ``phrase`` with no word before it but "the": a word before it
    names another thing ("Caribbean Premier League", "Indian Premier League")."""
    return phrase in context and re.search(rf"(?:(?<![a-z0-9] )|(?<=\bthe ))(?<![a-z0-9]){re.escape(phrase)}\b",
                                           context) is not None


def given_names(names: Iterable[Name], other_words: frozenset[str], other_context: str) -> frozenset[str]:
    """The given names of a full name the other market writes by its surname in its statement
    ("Hegseth out as ...") and in full elsewhere ("Pete Hegseth ceases to hold ..."): one person,
    whose given name the other statement leaves unsaid. A surname the other never writes with
    this given name (another person of that family) keeps it."""
    return frozenset(canonical(word) for name in names if personal(name)
                     and canonical(name.words[-1]) in other_words and mentioned(name, other_context)
                     for word in name.words[:-1])


def written_as_words(own_words: frozenset[str], other_words: frozenset[str], own_names: Iterable[Name],
                      other_context: str) -> tuple[frozenset[str], frozenset[str]]:
    """A known name one market names ("EPL") that the other writes in another of its forms among
    the words of a headline In Title Case, which hides names ("Premier League Winner"): the name on
    both, no word of either statement. A word before that form in the other's texts ("Caribbean
    Premier League") names another thing, and the words stay."""
    for name in own_names:
        for phrase in alias_phrases(name):
            words = frozenset(canonical(word) for word in phrase.split() if word not in STOPWORDS)
            if words <= other_words and alias_written(phrase, other_context):
                return own_words - {canonical(word) for word in name.words}, other_words - words
    return own_words, other_words


_ELECTED = re.compile(r"\b(?:is|be|are|was|gets?|getting) elected\b")


def drop_election_won(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Speaker of the House election winner" (an option) or "win the Speaker election" against
    "Will Dana Roe be elected Speaker?": winning an office's election is being elected to it, so the
    election is no word the other leaves out. An election that only takes place ("a Speaker
    election before March", no winner) or a stage of one ("primary") stays its own statement."""
    for own_only, own, other in ((k_only, kalshi, polymarket), (p_only, polymarket, kalshi)):
        if "election" in own_only and ("win" in own.frame.words or own.kind is Kind.CHOICE) \
                and "win" in other.frame.words and _ELECTED.search(other.frame.context) is not None:
            own_only.remove("election")


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


def drop_court_of_conviction(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Convicted in a state murder trial" against "convicted of murder in state court": a
    conviction is a court's, whichever of its court or its trial a market names (which court,
    state or federal, stays a word of its own). Without a conviction on both sides, a court stays
    a word of the statement (a court's order is no jury's verdict)."""
    if "convict" in kalshi.frame.words and "convict" in polymarket.frame.words:
        for own in (k_only, p_only):
            if "court" in own:
                own.remove("court")


# The nouns of an audience counted by a threshold, in canonical form.
_AUDIENCE = frozenset({"viewer", "viewership", "audience", "attendance", "crowd", "spectator"})
_DRAWS = frozenset({"draw", "drew"})


def audience_drawn(words: frozenset[str]) -> frozenset[str]:
    """The words of a threshold on an audience without the verb that counts it: a telecast that
    "draws more than 20 million viewers" has viewership above 20 million. "Draw" stays where no
    audience is counted (a game's draw)."""
    return words - _DRAWS if _DRAWS & words and _AUDIENCE & words else words


# "Launch" in canonical form (the word of releases, launches and shipping).
_LAUNCH = "release"


def drop_launched_rocket(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Will SpaceX launch more than 180 Falcon rockets?" counts the launches "SpaceX Falcon
    launches" counts: where both statements launch, the rocket is what every launch sends up."""
    if _LAUNCH not in kalshi.frame.words or _LAUNCH not in polymarket.frame.words:
        return
    for own in (k_only, p_only):
        if "rocket" in own:
            own.remove("rocket")


# "First" before the noun or verb of what happens ("first delivery", "first launched").
_FIRST = re.compile(r"\bfirst (\w+)")


def drop_first_occurrence(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Boeing 777X first delivery before Jul 1" against "777X delivered by June 30": an event
    happens by a deadline exactly when its first occurrence does, so the "first" ("1") of the
    event both markets state adds nothing. Only for two events by one deadline, and only where
    "first" numbers that event, not another thing ("the first round", "first place")."""
    k_when, p_when = kalshi.when, polymarket.when
    if not (kalshi.kind is polymarket.kind is Kind.EVENT and k_when.rule is p_when.rule is DateRule.BY
            and k_when.day == p_when.day):
        return
    for own, market, other in ((k_only, kalshi, polymarket), (p_only, polymarket, kalshi)):
        if "1" not in own or "first" not in market.text:
            continue
        if any(any(same_word(canonical(found.group(1)), word) for word in other.frame.words)
               for found in _FIRST.finditer(market.text)):
            own.remove("1")


def drop_station_city(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """The city one statement names and the station the other names in it ("NYC" / "Central
    Park"), when the city's market's rules name that station: one place, said twice."""
    if not k_only or not p_only:
        return
    for city_only, station_only, city_market, station_market in ((k_only, p_only, kalshi, polymarket),
                                                                 (p_only, k_only, polymarket, kalshi)):
        found = city_of_the_station(city_market, station_market)
        if found is None:
            continue
        city, station = found
        for own, words in ((city_only, city.split()), (station_only, station.split())):
            for word in words:
                if canonical(word) in own:
                    own.remove(canonical(word))


def drop_less_suffix(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"A snowless Christmas" whose rules pay on less than 0.1 inches of snowfall, against "Snow
    on Christmas Day" at 0.1 inches or more: "-less" is the threshold's side, which the ranges
    compare; the word is the other's "snow"."""
    if kalshi.kind is not Kind.THRESHOLD or polymarket.kind is not Kind.THRESHOLD:
        return
    for own, other_only, market in ((k_only, p_only, kalshi), (p_only, k_only, polymarket)):
        if not _below_only(market):
            continue
        for word in [w for w in own if len(w) > 6 and w.endswith("less")]:
            root = [x for x in other_only if same_word(word[:-4], x)]
            if root:
                own.remove(word)
                other_only.remove(root[0])


def _below_only(market: Proposition) -> bool:
    """Whether the market's YES pays below a threshold, with no lower bound."""
    selection = market.selection if isinstance(market.selection, ValueRange) else next(
        (t.selection for t in market.outcomes if not t.negated and isinstance(t.selection, ValueRange)), None)
    return selection is not None and selection.high is not None and selection.low is None


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


# A fight's list of ways it ends, and a bout said to end some way.
_METHOD_HEADING = re.compile(r"\bmethod of (?:victory|finish)\b")
_BOUT_ENDS = re.compile(r"\bends? (?:by|in|via)\b")


def drop_method_heading(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"X vs Y: method of victory" with the option "KO/TKO" against "Will X vs. Y end by KO/TKO?":
    the heading's "method" only introduces its options, each a way the bout ends whoever wins
    it, which "ends by" says too. A market that says a fighter wins ("Will X win by KO/TKO?")
    keeps the word: one fighter's win by KO is not every KO of the bout."""
    for own_only, market, other in ((k_only, kalshi, polymarket), (p_only, polymarket, kalshi)):
        if "method" in own_only and "win" not in other.frame.words \
                and _METHOD_HEADING.search(market.frame.context) is not None \
                and _BOUT_ENDS.search(other.frame.context) is not None:
            own_only.remove("method")
