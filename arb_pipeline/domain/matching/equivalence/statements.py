"""The parts of a statement compared one by one: qualifier axes, names, quoted terms, the words of the
statement, the place and station, the resolution source, and which outcome pays on an option or an
event.

Past 600 lines on purpose: the name and word comparisons share the tests of whether a name or a
word is said in the other market's text (``named_by``, ``_name_said``, ``_context_words``,
``_option_names``); split apart, those would become an interface between modules that nothing
else uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from arb_pipeline.domain.matching.equivalence.audit import ASSUMED_GRID, Audit
from arb_pipeline.domain.matching.equivalence.wordings import (
    defined_by_rules,
    drop_chart_day_words,
    drop_completed_deal,
)
from arb_pipeline.domain.matching.propositions.frames import canonical, canonical_phrases
from arb_pipeline.domain.matching.propositions.lexicon.axes import AXES
from arb_pipeline.domain.matching.propositions.lexicon.markets import SOURCE_BY_KEY
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import (
    ANNOUNCING,
    ANTONYMS,
    CONTRAST_OF,
    DEFAULT_PLACES,
    IMPLIED_WORDS,
    LEVEL_MOTION,
    NEGATING,
    POLARITY_CUES,
    SYMMETRIC,
    is_subject,
)
from arb_pipeline.domain.matching.propositions.lexicon.weather import STATION_BY_CODE
from arb_pipeline.domain.matching.propositions.model import (
    DateRule,
    Happens,
    Kind,
    Name,
    OutcomeTerm,
    Proposition,
    ValueRange,
)
from arb_pipeline.domain.matching.propositions.names import (
    GENERATIONS,
    WORK_BY,
    mentioned,
    name_key,
    same_country_word,
    same_name,
    same_word_spelling,
)
from arb_pipeline.domain.matching.propositions.sports import GAME_LINE, team_label
from arb_pipeline.domain.matching.propositions.text import STOPWORDS, fold_short, same_word, stem, words


_AXIS_BY_NAME = {axis.name: axis for axis in AXES}
_DEFAULTED_AXES = frozenset(a.name for a in AXES if a.default)


def compare_axes(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    for name in sorted(_DEFAULTED_AXES.union(kalshi.frame.axes, polymarket.frame.axes)):
        axis = _AXIS_BY_NAME.get(name)
        if axis is not None and kalshi.kind not in axis.kinds:
            continue
        default = axis.default if axis else None
        k_value = kalshi.frame.axes.get(name, default)
        p_value = polymarket.frame.axes.get(name, default)
        if k_value == p_value:
            if name == "path" and k_value in _PATHS:
                audit.verified(f"both pay if the value {_PATHS[k_value]}")
            elif axis is not None and k_value is not None and k_value != default:
                audit.verified(f"both {k_value}")
            continue
        if name == "path" and {k_value, p_value} == {"touch", "always"}:
            audit.path_opposed = True
            audit.verified(f"Kalshi pays if {'touched' if k_value == 'touch' else 'held all along'}, Polymarket if "
                           f"{'touched' if p_value == 'touch' else 'held all along'}: complements when the levels are")
        elif name == "counts" and k_value is not None and p_value is not None and _zero_or_not(kalshi, polymarket):
            # No meeting with a cut is no cut, whatever a cut's size: counts of two things differ
            # from one up, never at zero.
            audit.verified(f"zero or not: Kalshi counts '{k_value}', Polymarket counts '{p_value}', and none of either "
                           "is none of the other")
        elif k_value is not None and p_value is not None:
            audit.reject(_axis_difference(name, k_value, p_value, axis.what if axis else name))
        elif name == "counts":
            # Only one market says what it counts: the titles say the rest.
            continue
        elif name in ("adjustment", "change", "release"):
            # How a figure is adjusted or compared is usually said by one venue only, and read
            # the usual way by the other ("payrolls" are seasonally adjusted, "annual inflation"
            # is year over year): noted, not settled by a human.
            who, value = ("Kalshi", k_value) if k_value is not None else ("Polymarket", p_value)
            audit.assumed(f"only {who} states '{value}'; the other states no {axis.what if axis else name}", ASSUMED_GRID)
        else:
            who, value = ("Kalshi", k_value) if k_value is not None else ("Polymarket", p_value)
            other = polymarket if k_value is not None else kalshi
            if axis is not None and not axis.in_rules and axis.read(other.frame.context) == value:
                # "Will Trump leave office?" whose rules say "ceases to be President".
                audit.verified(f"both {value} ({'Polymarket' if other is polymarket else 'Kalshi'} in its rules)")
            else:
                audit.unverified(name, f"only {who} states '{value}'")


def _zero_or_not(kalshi: Proposition, polymarket: Proposition) -> bool:
    """Whether both counts only tell zero from more than zero."""
    ranges = [kalshi.selection, *(t.selection for t in polymarket.outcomes)]
    return all(isinstance(r, ValueRange) and r.grid_units(Decimal(1)) in ((0, 0), (1, None), (None, 0)) for r in ranges)


_PATHS = {"touch": "is reached at any time", "always": "stays there all along", "close": "is there at the close of any day"}


def _axis_difference(name: str, k_value: str, p_value: str, what: str) -> str:
    if name == "path":
        if "point" in (k_value, p_value):
            who, path = ("Polymarket", p_value) if k_value == "point" else ("Kalshi", k_value)
            return f"{who} pays if the value {_PATHS[path]} in the window; the other reads it at one moment"
        return f"Kalshi pays if the value {_PATHS[k_value]} in the window, Polymarket if it {_PATHS[p_value]}"
    if name == "segment":
        return f"Kalshi {k_value} vs Polymarket {p_value}"
    if name == "stage":
        what = "nominee vs winner" if "nomination" in (k_value, p_value) else "another stage of the race"
        return f"{what}: Kalshi {k_value} vs Polymarket {p_value}"
    if name == "counts":
        return f"counts different things: Kalshi counts '{k_value}', Polymarket counts '{p_value}'"
    return f"{what}: Kalshi {k_value} vs Polymarket {p_value}"


def _option_names(p: Proposition) -> tuple[Name, ...]:
    """The names a statement makes with its option put back: a Kalshi "Who wins Best Picture?"
    market with YES on "Oppenheimer" says what Polymarket's "Will Oppenheimer win Best Picture?"
    says."""
    if isinstance(p.selection, Name):
        return (*p.frame.names, p.selection)
    if p.kind is Kind.CHOICE and p.venue.value == "polymarket":
        options = [t.selection for t in p.outcomes if isinstance(t.selection, Name) and not t.negated]
        if len(options) == 1:
            return (*p.frame.names, options[0])
    return p.frame.names


def compare_names(kalshi: Proposition, polymarket: Proposition, audit: Audit, *, measured: bool = False) -> None:
    mixed = kalshi.kind is not polymarket.kind
    k_names = _option_names(kalshi) if mixed else kalshi.frame.names
    p_names = _option_names(polymarket) if mixed else polymarket.frame.names
    k_left = [n for n in k_names if not named_by(n, k_names, p_names)
              and not _back_reference(n, k_names, p_names, polymarket.frame.context)]
    p_left = [n for n in p_names if not named_by(n, p_names, k_names)
              and not _back_reference(n, p_names, k_names, kalshi.frame.context)]
    matched = [n.label for n in k_names if n not in k_left]
    k_unsaid = [n for n in k_left if n.key not in DEFAULT_PLACES and not _name_said(n, polymarket.frame.context)]
    p_unsaid = [n for n in p_left if n.key not in DEFAULT_PLACES and not _name_said(n, kalshi.frame.context)]
    if mixed:
        # The option of one market and the subject of the other's event must be the same name.
        k_unsaid = [n for n in k_unsaid if n not in k_names[len(kalshi.frame.names):]] + [
            n for n in k_names[len(kalshi.frame.names):] if n in k_left]
        p_unsaid = [n for n in p_unsaid if n not in p_names[len(polymarket.frame.names):]] + [
            n for n in p_names[len(polymarket.frame.names):] if n in p_left]
    # A name one market's rules restate in brackets ("the NRL Premiership (the NRL Grand Final)")
    # is the name in the brackets, when the other market names that.
    k_unsaid = [n for n in k_unsaid if not _restated(n.words, kalshi.frame.rules, polymarket.frame.context)]
    p_unsaid = [n for n in p_unsaid if not _restated(n.words, polymarket.frame.rules, kalshi.frame.context)]
    if measured:
        # The measure says what is measured; a publisher or an office one venue names beside it
        # changes nothing, a country does ("UK CPI" against CPI).
        # A name that extends one both say is a narrower subject ("Dow Jones Transportation
        # Average" against "Dow Jones").
        k_unsaid = [n for n in k_unsaid if is_subject(n.key) or _partly_said(n, polymarket.frame.context)]
        p_unsaid = [n for n in p_unsaid if is_subject(n.key) or _partly_said(n, kalshi.frame.context)]
    if k_unsaid and p_unsaid:
        audit.reject(f"different names: Kalshi {_labels(k_unsaid)} vs Polymarket {_labels(p_unsaid)}")
    elif k_unsaid or p_unsaid:
        who, unsaid = ("Kalshi", k_unsaid) if k_unsaid else ("Polymarket", p_unsaid)
        audit.unverified("names", f"only {who} names {_labels(unsaid)}")
    elif kalshi.kind is Kind.EVENT and polymarket.kind is Kind.EVENT \
            and _reordered(_actors(k_names, kalshi, polymarket), _actors(p_names, polymarket, kalshi)) \
            and not (SYMMETRIC & kalshi.frame.words and SYMMETRIC & polymarket.frame.words):
        # "India strikes Pakistan" is not "Pakistan strikes India": the same names in another
        # order may swap who does what to whom, which no word comparison sees. Two people who
        # meet, talk or sign together do it to each other, in either order.
        audit.unverified("statement", f"the same names in another order: Kalshi {_labels(list(k_names))}, "
                                      f"Polymarket {_labels(list(p_names))}")
    elif matched:
        audit.verified(f"same names: {_labels_text(matched)}")


def named_by(name: Name, own: tuple[Name, ...], other: tuple[Name, ...]) -> bool:
    """Whether the other market names ``name``: in one of its forms, or (a full name) by the one
    word of it its own market also writes alone ("Gukesh Dommaraju" with a YES side "Gukesh":
    the other market's "Gukesh" is that person)."""
    if any(same_name(name, m) for m in other):
        return True
    if len(name.words) < 2 or name.words[-1] in GENERATIONS:
        return False
    return any(len(short.words) == 1 and short.words[0] in name.words and any(same_name(short, m) for m in other)
               for short in own if short is not name)


# Words, then a restatement of the last of them in brackets: "the NRL Premiership (the NRL Grand
# Final)", "the House of Councillors (upper house)".
_BRACKET = re.compile(r"([^()]{1,80})\(([^()]{2,60})\)")
_BEFORE_BRACKET = 4
_LISTED = re.compile(r",| or | and/or ")
# A bracket that lists alternatives ("any medal (gold, silver or bronze)"): the words in it are
# ways to pay, not what the market says it pays on.
_BRACKET_LIST = re.compile(r"\([^()]*(?:,| or | and/or )[^()]*\)")


@lru_cache(maxsize=1 << 12)
def _brackets(rules: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """What a market's rules restate in brackets: (the last words before the bracket, the words in
    it), canonical."""
    if "(" not in rules:
        return ()
    found = []
    for match in _BRACKET.finditer(rules):
        if _LISTED.search(match.group(2)):
            # "any medal (gold, silver or bronze)" lists what counts: one of them is narrower.
            continue
        before = [canonical(w) for w in words(match.group(1)) if w not in STOPWORDS][-_BEFORE_BRACKET:]
        inside = [canonical(w) for w in words(match.group(2)) if w not in STOPWORDS]
        if before and inside:
            found.append((frozenset(before), frozenset(inside)))
    return tuple(found)


def _covered(terms: Iterable[str], by: frozenset[str]) -> bool:
    return all(any(same_word(canonical(term), word) for word in by) for term in terms)


def _bracketed(own: Iterable[str], other: Iterable[str], rules: str) -> bool:
    """Whether ``rules`` restate the words only one statement says (``own``) in brackets by the
    words only the other says (``other``)."""
    own, other = tuple(own), tuple(other)
    return bool(own) and bool(other) and any(_covered(own, before) and _covered(other, inside)
                                             for before, inside in _brackets(rules))


def _restated(name_words: tuple[str, ...], rules: str, other_context: str) -> bool:
    """Whether ``rules`` restate a name in brackets by words the other market says."""
    said = _context_words(other_context)
    return bool(name_words) and any(_covered(name_words, before) and _covered(inside, said)
                                    for before, inside in _brackets(rules))


def _actors(names: tuple[Name, ...], own: Proposition, other: Proposition) -> tuple[Name, ...]:
    """The names that may act on each other: not a label both markets write before a number
    ("Category 5", "Level 4"), which names a grade, not who does what to whom, nor a competition
    both say is won ("wins the 2027 Lisbon Open", "Lisbon Open winner: Ana Ruiz?"), which is what
    is won, not who wins it."""
    return tuple(n for n in names if not (_numbered(n, own.frame.context) and _numbered(n, other.frame.context))
                 and not (_won(n, own.frame.context) and _won(n, other.frame.context)))


def _won(name: Name, context: str) -> bool:
    if not name.words or ("win" not in context and "won" not in context):
        return False
    written = re.escape(" ".join(name.words))
    # The name follows "win", or precedes "winner" with at most three words of the competition
    # between ("lisbon open women's winner"), never a second side ("tovar vs ruiz winner").
    return re.search(rf"\bw(?:in|ins|on|inning) (?:the )?(?:(?:19|20)\d\d )?{written}\b"
                     rf"|\b{written}(?: (?:19|20)\d\d)?(?: (?!(?:vs|v|and|or|against|beats?)\b)[a-z']+){{0,3}} "
                     rf"(?:winner|champion)\b", context) is not None


def _numbered(name: Name, context: str) -> bool:
    return bool(name.words) and re.search(rf"\b{re.escape(' '.join(name.words))} \d", context) is not None


def _reordered(k_names: tuple[Name, ...], p_names: tuple[Name, ...]) -> bool:
    """Whether two names both statements make come in the opposite order."""
    # A name written again in short ("Gukesh" after "Gukesh Dommaraju") keeps its first place.
    positions = [next((i for i, m in enumerate(p_names) if named_by(n, k_names, (m,))), None)
                 for at, n in enumerate(k_names) if not any(set(n.words) <= set(first.words) for first in k_names[:at])]
    found = [i for i in positions if i is not None]
    return any(a > b for a, b in zip(found, found[1:]))


def _name_said(name: Name, context: str) -> bool:
    """A name the other market's texts use, as a name or as words ("Oscars" where the other writes
    "Oscar for Best Actor", "Golden Globes" in a headline In Title Case)."""
    if mentioned(name, context):
        return True
    said = _context_words(context)
    if len(name.words) == 1 and any(same_country_word(name.words[0], word) for word in said):
        # "Israeli" where the other market writes "Israel", "Chinese" against "China".
        return True
    return bool(name.words) and all(canonical(word) in said for word in name.words)


def _partly_said(name: Name, context: str) -> bool:
    said = _context_words(context)
    return len(name.words) >= 2 and any(canonical(word) in said for word in name.words)


def _labels(names: list[Name]) -> str:
    return _labels_text([n.label for n in names])


def _labels_text(labels: list[str]) -> str:
    return ", ".join(f"'{label}'" for label in labels)


@lru_cache(maxsize=1 << 12)
def _context_words(context: str) -> frozenset[str]:
    # A term the texts list only as one alternative in brackets ("any medal (gold, silver or
    # bronze)") is one way to pay, not what they say the market pays on.
    if "(" in context:
        context = _BRACKET_LIST.sub(" ", context)
    # Numbers as statements keep them: "98th" is "98".
    return frozenset((w.rstrip("stndrdh") or w) if w[0].isdigit() else canonical(w.split("'", 1)[0])
                     for w in words(canonical_phrases(context)))


def _said_in(word: str, context: str) -> bool:
    said = _context_words(context)
    return word in said or any(same_word(word, other) or same_word_spelling(word, other) for other in said)


def _name_words(names: Iterable[Name]) -> frozenset[str]:
    return frozenset(canonical(word) for name in names for word in name.words if len(word) > 1)


def _without_implied_win(own: frozenset[str], other: frozenset[str]) -> frozenset[str]:
    if "win" in own and not (CONTRAST_OF["win"] - {"win"}) & other:
        return own - {"win"}
    return own


def _quoted_or_option(p: Proposition, other: Proposition) -> frozenset[str]:
    if p.quoted:
        return p.quoted
    option = p.selection if isinstance(p.selection, Name) else None
    if option is None:
        return frozenset()
    work = WORK_BY.fullmatch(option.label)
    if work is not None and mentioned(Name(name_key(work.group(2)), work.group(2)), other.frame.context):
        # "Neon Lullaby - Mara Quill" against a quoted "Neon Lullaby" whose market names Mara
        # Quill elsewhere: the work is the term, its author said on both.
        return frozenset({fold_short(work.group(1))})
    return frozenset({fold_short(option.label)})


def compare_quoted(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """A term one market quotes is said word for word: another quoted term (or option) on the other
    side is another market ("say 'tariff'" against "say 'crypto'")."""
    if not (kalshi.quoted or polymarket.quoted):
        return
    k_terms = kalshi.alternatives or _quoted_or_option(kalshi, polymarket)
    p_terms = polymarket.alternatives or _quoted_or_option(polymarket, kalshi)
    if not k_terms or not p_terms:
        return
    if not any(_same_term(a, b) for a in k_terms for b in p_terms):
        audit.reject(f"different quoted terms: Kalshi '{', '.join(sorted(k_terms))}' vs Polymarket '{', '.join(sorted(p_terms))}'")
        return
    # Each market pays on every term it accepts: one that only one side accepts ("AI" besides
    # "Artificial Intelligence") pays there alone.
    k_more = sorted(a for a in k_terms if not any(_same_term(a, b) for b in p_terms))
    p_more = sorted(b for b in p_terms if not any(_same_term(a, b) for a in k_terms))
    if k_more or p_more:
        who, more = ("Kalshi", k_more) if k_more else ("Polymarket", p_more)
        audit.unverified("quoted terms", f"only {who} also pays on '{', '.join(more)}'")
    else:
        audit.verified(f"both pay on '{', '.join(sorted(k_terms))}'" if len(k_terms) > 1 else
                       f"both quote '{sorted(k_terms & p_terms or k_terms)[0]}'")


def _same_term(a: str, b: str) -> bool:
    """One term word for word, up to plural and verb endings ("tariffs"), never by a shared
    start ("crypto" is not "cryptocurrency")."""
    a_words, b_words = a.split(), b.split()
    return a == b or (len(a_words) == len(b_words) and all(stem(x) == stem(y) for x, y in zip(a_words, b_words)))


_EXTREMES = frozenset({"high", "low"})
_DAY_CLOSE = frozenset({"close", "stock", "share"})
_SESSION_POINTS = frozenset({"open", "high", "low", "intraday", "average", "ath"})


def compare_words(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    """The words of the two statements, in one spelling each. Words of one contrast group, or two
    different numbers, on the two sides prove a difference; a pair of antonyms makes the
    statements complements; words on both sides that the other statement lacks leave them
    unsettled, and so does a word one side states that the other never uses, in its titles or the
    sentence of its rules that says when YES pays."""
    # Names are words of the statement too: a headline In Title Case hides which are names, and
    # "Best Motion Picture" is both.
    k_names, p_names = _option_names(kalshi), _option_names(polymarket)
    k_context, p_context = kalshi.frame.context, polymarket.frame.context
    k_words = (kalshi.frame.words | _name_words(_unshared(k_names, p_names, p_context))) - IMPLIED_WORDS
    p_words = (polymarket.frame.words | _name_words(_unshared(p_names, k_names, k_context))) - IMPLIED_WORDS
    k_words -= _back_references(kalshi.frame.words, k_names, p_names, p_context)
    p_words -= _back_references(polymarket.frame.words, p_names, k_names, k_context)
    if Kind.CHOICE in (kalshi.kind, polymarket.kind):
        # An option "wins" whether or not a question says so; another outcome of the competition
        # ("reach the final") still contradicts it.
        k_words, p_words = _without_implied_win(k_words, p_words), _without_implied_win(p_words, k_words)
    if kalshi.kind is Kind.THRESHOLD and polymarket.kind is Kind.THRESHOLD:
        # "Trade below", "fall below", "dip to": the threshold's comparison says where the value
        # goes; the verb that moves it there adds nothing.
        k_words, p_words = k_words - LEVEL_MOTION, p_words - LEVEL_MOTION
    if kalshi.kind is Kind.THRESHOLD and polymarket.kind is Kind.THRESHOLD \
            and kalshi.when.rule is polymarket.when.rule is DateRule.ON \
            and not (_SESSION_POINTS & (k_words | p_words)) and "path" not in kalshi.frame.axes \
            and "path" not in polymarket.frame.axes:
        # A traded value read on a day is its close, the day's published figure: "closes above
        # 4.5%" against "the yield for that day above 4.5%", "stock price" against "close". Another
        # point of the session ("open", "high", "intraday") still differs.
        k_words, p_words = k_words - _DAY_CLOSE, p_words - _DAY_CLOSE
    if kalshi.frame.axes.get("path") == polymarket.frame.axes.get("path") == "touch":
        # Both pay when the value reaches the threshold at any time: that is the high (or the low)
        # of the period, whether or not a market names it; the thresholds say which.
        k_words, p_words = k_words - _EXTREMES, p_words - _EXTREMES
    # The verb of a negated statement ("avoid a shutdown", "fail to pass") is read as its "not".
    k_words = k_words - _NEGATION_WORDS if kalshi.frame.negated else k_words
    p_words = p_words - _NEGATION_WORDS if polymarket.frame.negated else p_words
    k_only = sorted(w for w in k_words if not any(same_word(w, x) for x in p_words))
    p_only = sorted(w for w in p_words if not any(same_word(w, x) for x in k_words))
    for own, market in ((k_only, kalshi), (p_only, polymarket)):
        # "Which film will win Best Picture?": the question's noun says what kind of thing its
        # options are; the option says which.
        noun = _question_noun(market)
        if noun in own:
            own.remove(noun)
        # "Will X win at the 99th Academy Awards?": the edition is the year the other states.
        for number in [w for w in own if w[0].isdigit() and _edition_of_year(w, market)]:
            own.remove(number)
    for own, other in ((k_only, polymarket), (p_only, kalshi)):
        if "avoid" in own and not _said_in("avoid", other.frame.context):
            # "Will Congress avoid a shutdown?" pays when the other's event does not happen.
            own.remove("avoid")
            audit.opposite = not audit.opposite
            audit.verified("opposite statements: one market pays on avoiding what the other pays on")
    for own, market, other in ((k_only, kalshi, polymarket), (p_only, polymarket, kalshi)):
        if "final" in own and "win" in market.frame.words and "conference final" in market.text \
                and "conference" in other.text and "final" not in other.frame.words:
            # Winning a conference's finals (NBA, NHL, MLS) is winning the conference: its
            # champion is that series' winner. Reaching them is not: no "win" is said there.
            own.remove("final")
    for own, other in ((k_only, polymarket), (p_only, kalshi)):
        if "man" in own and not _said_in("woman", other.frame.context):
            # A competition no market marks as the women's is the men's ("the ICC Cricket World
            # Cup" against "the ICC Men's Cricket World Cup").
            own.remove("man")
    drop_chart_day_words(k_only, p_only, kalshi, polymarket, audit)
    drop_completed_deal(k_only, p_only, kalshi, polymarket, audit)
    _drop_written_apart(k_only, p_only)
    _drop_written_apart(p_only, k_only)
    _drop_first_rank(k_only, p_only)
    _drop_country_forms(k_only, p_only)
    if defined_by_rules(k_only, p_only, kalshi, polymarket, audit):
        return
    for a in k_only:
        for b in p_only:
            if frozenset({a, b}) in ANTONYMS:
                audit.opposite = not audit.opposite
                audit.verified(f"opposite statements: Kalshi says '{a}', Polymarket says '{b}'")
                k_only.remove(a)
                p_only.remove(b)
                break
    for a in k_only:
        for b in p_only:
            group = CONTRAST_OF.get(a)
            if group is not None and b in group and a != b:
                audit.reject(f"Kalshi says '{a}', Polymarket says '{b}'")
                return
    for who, own, other in (("Kalshi", k_only, polymarket), ("Polymarket", p_only, kalshi)):
        announced = [w for w in own if w in ANNOUNCING and not _said_in(w, other.frame.context)]
        if announced:
            audit.reject(f"announcement vs the event: only {who} pays on it being announced")
            return
    k_numbers = [w for w in k_only if w[0].isdigit()]
    p_numbers = [w for w in p_only if w[0].isdigit()]
    if k_numbers and p_numbers:
        # "10-year" against "2-year", "20th package" against "19th package": numbers of the
        # statement that are neither its threshold nor its date name different things.
        audit.reject(f"Kalshi says '{' '.join(k_numbers)}', Polymarket says '{' '.join(p_numbers)}'")
        return
    for who, numbers, other in (("Kalshi", k_numbers, polymarket), ("Polymarket", p_numbers, kalshi)):
        if numbers and not any(_said_in(n, other.frame.rules) or _said_in(n, other.frame.context) for n in numbers):
            # "in the first 10 minutes", "top 5": a number one statement adds that the other
            # market never uses anywhere narrows what it pays on.
            audit.reject(f"only {who} states '{' '.join(numbers)}', which the other market never uses")
            return
    k_unsaid = [w for w in k_only if not _said_in(w, polymarket.frame.context)]
    p_unsaid = [w for w in p_only if not _said_in(w, kalshi.frame.context)]
    if k_only and p_only and (_bracketed(k_only, p_only, kalshi.frame.rules)
                              or _bracketed(p_only, k_only, polymarket.frame.rules)):
        audit.verified(f"the same thing, as one market's rules restate it in brackets: Kalshi '{' '.join(k_only)}', "
                       f"Polymarket '{' '.join(p_only)}'")
        return
    stage = _season_stages(k_unsaid, p_unsaid, kalshi, polymarket)
    if stage is not None:
        audit.reject(stage)
        return
    if k_only and p_only:
        if not k_unsaid and not p_unsaid:
            # "Hungary parliamentary election: Tisza" and "Tisza wins the most seats": each
            # market's sentence of YES says what the other's title says.
            audit.verified(f"the same statement as each market's rules state it: Kalshi '{' '.join(k_only)}', "
                           f"Polymarket '{' '.join(p_only)}'")
            return
        if kalshi.kind is not Kind.THRESHOLD and k_unsaid and p_unsaid \
                and not any(_said_in(w, polymarket.frame.rules) for w in k_unsaid) \
                and not any(_said_in(w, kalshi.frame.rules) for w in p_unsaid):
            # Each states an event the other's whole rules never mention ("a peace deal signed"
            # against "direct talks"): two statements. (A figure's statement is mostly the generic
            # words around its number, "change", "up", "estimate": those stay for a person.)
            audit.reject(f"different statements: Kalshi says '{' '.join(k_unsaid)}', Polymarket says "
                         f"'{' '.join(p_unsaid)}', neither anywhere in the other's rules")
            return
        audit.unverified("statement", f"the statements differ: Kalshi says '{' '.join(k_only)}', Polymarket says "
                                      f"'{' '.join(p_only)}'")
        _polarity_cues(k_only + p_only, audit)
        return
    if k_unsaid or p_unsaid:
        # One market states more than the other ("major hurricane", "reach the final"): the
        # extra word may narrow what it pays on, and no rule settles that.
        who, unsaid = ("Kalshi", k_unsaid) if k_unsaid else ("Polymarket", p_unsaid)
        audit.unverified("statement", f"only {who} says '{' '.join(unsaid)}'")
        _polarity_cues(unsaid, audit)
        return
    shared = sorted(k_words & p_words)
    audit.verified(f"same statement: {' '.join(shared)}" if shared else "same statement")


# The parts of a league's season: an award or a record of one ("Finals MVP", "playoff wins") is
# not the other's ("MVP (regular season)").
_SEASON_PARTS = frozenset({"final", "playoff", "postseason"})
_REGULAR_SEASON = re.compile(r"\bregular[- ]season\b")


def _season_stages(k_unsaid: list[str], p_unsaid: list[str], kalshi: Proposition, polymarket: Proposition) -> str | None:
    """Why one market's finals or playoffs are not the other's regular season, which its texts
    name; None when no such difference is said."""
    for who, unsaid, other in (("Kalshi", k_unsaid, polymarket), ("Polymarket", p_unsaid, kalshi)):
        part = next((w for w in unsaid if w in _SEASON_PARTS), None)
        if part is not None and (_REGULAR_SEASON.search(other.frame.context) or _REGULAR_SEASON.search(other.frame.rules)):
            return f"only {who} pays on the {part}s; the other on the regular season"
    return None


# "Fails to" negates the statement it heads (a bank that fails is another statement).
_NEGATION_WORDS = NEGATING | frozenset({"fail"})


def _polarity_cues(unexplained: list[str], audit: Audit) -> None:
    """A word left unexplained that may make one statement the other's NO ("avoid", "remain",
    "retain"): the pair waits for a person with no token proposed, never with a guessed one."""
    cues = sorted(POLARITY_CUES.intersection(unexplained))
    if cues:
        audit.polarity_unsettled = True
        audit.unverified("polarity", f"'{' '.join(cues)}' may make one statement the other's NO: no token proposed")


_QUESTION_NOUN = re.compile(r"^(?:which|what) ([a-z]+) ")


def _question_noun(p: Proposition) -> str | None:
    if p.kind is not Kind.CHOICE:
        return None
    match = _QUESTION_NOUN.match(p.frame.context)
    return canonical(match.group(1)) if match else None


# Ceremonies and games numbered by edition, with the year before their first: the 99th Academy
# Awards are held in 1928 + 99 = 2027.
_EDITIONS = (
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?(?:academy awards?|oscars?)\b"), 1928),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?grammy(?: awards?|s)?\b"), 1958),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?(?:primetime )?emmy(?: awards?|s)?\b"), 1948),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?golden globe(?: awards?|s)?\b"), 1943),
    (re.compile(r"\b(\d{1,3})(?:st|nd|rd|th) (?:annual )?(?:bafta|british academy film awards?)\b"), 1947),
)


def _edition_of_year(number: str, p: Proposition) -> bool:
    """Whether ``number`` is the edition of a numbered ceremony the market names, held in the year
    the market's own date states."""
    year = p.when.last_day.year if p.when.last_day else None
    if year is None or not number.isdigit():
        return False
    return any(match.group(1) == number and first + int(number) == year
               for pattern, first in _EDITIONS for match in pattern.finditer(p.frame.context))


def _unshared(own: tuple[Name, ...], other: tuple[Name, ...], other_context: str) -> list[Name]:
    return [n for n in own if not named_by(n, own, other) and not _back_reference(n, own, other, other_context)]


def _back_reference(name: Name, own: tuple[Name, ...], other: tuple[Name, ...], other_context: str) -> bool:
    """A one-word name that is a word of a longer name the market writes and the other market
    names or says too: "the Court" after "the Supreme Court", "the Bank" after "the Bank of Korea"."""
    if len(name.words) != 1:
        return False
    return any(m is not name and len(m.label.split()) >= 2 and name.words[0] in fold_short(m.label).split()
               and (named_by(m, own, other) or _name_said(m, other_context)) for m in own)


def _back_references(statement: frozenset[str], own: tuple[Name, ...], other: tuple[Name, ...],
                     other_context: str) -> frozenset[str]:
    return frozenset(canonical(n.words[0]) for n in own if _back_reference(n, own, other, other_context)) & statement


def _drop_written_apart(parts: list[str], joined: list[str]) -> None:
    """A verb and its particle one market writes apart ("shut down", "lock down", "sell off") and
    the other as one word ("shutdown"): one word, taken out of both sides."""
    for word in list(joined):
        for first in parts:
            rest = word[len(first):] if word.startswith(first) and len(first) >= 3 else ""
            second = next((w for w in parts if w != first and rest and stem(rest) == w), None)
            if second is not None:
                joined.remove(word)
                parts.remove(first)
                parts.remove(second)
                break


# The first rank in its words: "top" is read as "1" ("the top model", "#1"), and "the best model"
# of a ranking is the same place.
_FIRST_RANK = frozenset({"1", "best"})


def _drop_first_rank(k_only: list[str], p_only: list[str]) -> None:
    k_rank, p_rank = [w for w in k_only if w in _FIRST_RANK], [w for w in p_only if w in _FIRST_RANK]
    if len(k_rank) == len(p_rank) == 1:
        k_only.remove(k_rank[0])
        p_only.remove(p_rank[0])


def _drop_country_forms(k_only: list[str], p_only: list[str]) -> None:
    """A country's adjective on one side and its name on the other ("a Scottish referendum" / "a
    Scotland referendum") are one word."""
    for a in list(k_only):
        b = next((b for b in p_only if same_country_word(a, b)), None)
        if b is not None:
            k_only.remove(a)
            p_only.remove(b)


def game_label(teams: tuple[str, ...]) -> str:
    return "@".join(team_label(t) for t in teams) if len(teams) == 2 else "/".join(team_label(t) for t in teams)


def _station_label(code: str) -> str:
    station = STATION_BY_CODE.get(code)
    return f"{station.label} ({code})" if station else code


def compare_place(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    if kalshi.place and polymarket.place and kalshi.place != polymarket.place:
        if kalshi.topic == GAME_LINE:
            audit.reject(f"different game: Kalshi {game_label(kalshi.teams)} vs Polymarket {game_label(polymarket.teams)}")
        else:
            audit.reject(f"different place: Kalshi {kalshi.place} vs Polymarket {polymarket.place}")
        return
    if kalshi.topic == GAME_LINE and kalshi.place:
        audit.verified(f"same game {game_label(kalshi.teams)}")
    if kalshi.measure is None or not kalshi.measure.placed:
        return
    if kalshi.station and polymarket.station:
        if kalshi.station != polymarket.station:
            audit.reject(f"different station: Kalshi {_station_label(kalshi.station)} vs Polymarket "
                         f"{_station_label(polymarket.station)}")
        else:
            audit.verified(f"same station {_station_label(kalshi.station)}")
    else:
        missing = [v for v, p in (("Kalshi", kalshi), ("Polymarket", polymarket)) if not p.station]
        audit.unverified("station", f"station not named by {' and '.join(missing)}")


# Source families of figures an official agency publishes: a market silent on its source means
# that agency's release. Prices (crypto reference rates, index publishers) have no such default.
_OFFICIAL_RELEASES = frozenset({"inflation_index", "jobs_report"})


def compare_sources(kalshi: Proposition, polymarket: Proposition, audit: Audit) -> None:
    families = {SOURCE_BY_KEY[s].family for s in kalshi.sources | polymarket.sources}
    for family in sorted(families):
        k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == family}
        p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == family}
        if k_side and p_side and not k_side & p_side:
            audit.reject(f"different source: Kalshi {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side))} vs "
                         f"Polymarket {', '.join(SOURCE_BY_KEY[s].label for s in sorted(p_side))}")
    needed = kalshi.measure.decisive_sources if kalshi.measure else None
    if needed is None:
        return
    k_side = {s for s in kalshi.sources if SOURCE_BY_KEY[s].family == needed}
    p_side = {s for s in polymarket.sources if SOURCE_BY_KEY[s].family == needed}
    if k_side & p_side:
        audit.verified(f"same source: {', '.join(SOURCE_BY_KEY[s].label for s in sorted(k_side & p_side))}")
    elif not k_side and not p_side and kalshi.publisher and kalshi.publisher == polymarket.publisher:
        # A publisher no list names, read from the rules ("as first released by the BEA").
        audit.verified(f"same publisher named in both rules: {kalshi.publisher.upper()}")
    elif not (k_side or p_side or kalshi.publisher or polymarket.publisher) and needed in _OFFICIAL_RELEASES:
        # An official statistic (core PCE, CPI, payrolls) that neither market attributes to anyone
        # is the statistics agency's own release on both; an alternative index (Truflation, ADP)
        # is named wherever it settles a market, and one market naming any source still waits.
        audit.verified(f"neither names a source: both settle on the official {kalshi.measure.label} release")
    elif not (k_side and p_side):
        missing = [v for v, side in (("Kalshi", k_side), ("Polymarket", p_side)) if not side]
        audit.unverified("resolution source", f"resolution source not named by {' and '.join(missing)}")



# --- options and events -----------------------------------------------------------------------------


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
            if isinstance(term.selection, Name) and not term.negated and same_name(k_option, term.selection):
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
                # No token is proposed (see _polarity_cues): the reasons claim none either.
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
