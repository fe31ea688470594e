"""One market's texts, folded once, as every reader uses them; its Kalshi ticker; and what a reader
returns for a market it cannot read."""

from __future__ import annotations

from datetime import date, datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property

from arb_pipeline.domain.kalshi_tickers import KalshiTickerParts, TickerFormatError, split_ticker
from arb_pipeline.domain.matching.propositions.dates import eastern, eastern_date
from arb_pipeline.domain.matching.propositions.league_teams import league_named
from arb_pipeline.domain.matching.propositions.lexicon.axes import rules_axes
from arb_pipeline.domain.matching.propositions.lexicon.markets import sources_in
from arb_pipeline.domain.matching.propositions.lexicon.measures import find_measure
from arb_pipeline.domain.matching.propositions.lexicon.weather import station_in
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import flights_of_the_rules
from arb_pipeline.domain.matching.propositions.model import Kind, Measure, Proposition
from arb_pipeline.domain.matching.propositions.numbers import stated_bounds, stated_grid
from arb_pipeline.domain.matching.propositions.outcomes import negated_pair, outcome_names
from arb_pipeline.domain.matching.propositions.text import fold, fold_short, similarity_text
from arb_pipeline.domain.models import Market, Venue

# Rules run to kilobytes; the settlement condition, the dates and the sources sit in the first
# part, the rest is edge cases.
RULES_READ = 2500


# A name with its year written onto it ("WWDC26", "Euro2028"): three letters or more, then the
# year in two or four digits.
_YEAR_ONTO_NAME = re.compile(r"\b([A-Za-z]{3,})(\d{2}|\d{4})\b")
# What every such name holds: a letter right before a digit.
_LETTER_DIGIT = re.compile(r"[A-Za-z]\d")


def year_apart(text: str, reference: date | None) -> str:
    """``text`` with a name and the year written onto it set apart ("WWDC26" -> "WWDC 2026"), so
    the name is read as the name a market writes "WWDC 2026" reads, and the year as its date. Only
    the year the market closes in counts: "WWDC25" in a market closing in 2026 stays one name."""
    # A scan for a letter before a digit rules out most of a catalog's texts at a third of the cost
    # of the name's pattern, which tries every word at every length.
    if reference is None or _LETTER_DIGIT.search(text) is None or _YEAR_ONTO_NAME.search(text) is None:
        return text
    year = reference.year

    def apart(match: re.Match[str]) -> str:
        digits = match.group(2)
        if int(digits) not in (year, year % 100):
            return match.group(0)
        return f"{match.group(1)} {year}"

    return _YEAR_ONTO_NAME.sub(apart, text)


# A term an official scale defines as a threshold on it is that threshold: a "major hurricane" is
# one of Category 3 or higher on the Saffir-Simpson scale (the National Hurricane Center's
# definition). Only one storm: a count of them ("3 major hurricanes") would read two numbers.
_DEFINED_TERM = re.compile(r"\bmajor hurricane\b(?!s)", re.IGNORECASE)
# "Cat 5" is how questions shorten a Saffir-Simpson grade ("Will a Cat 5 hurricane form?"); only
# before one of the scale's five grades, in a text that says "hurricane".
_SHORT_GRADE = re.compile(r"\bcat\.? ?([1-5])\b(?!\.\d)", re.IGNORECASE)


def defined_terms(text: str) -> str:
    """``text`` with a term its scale defines written as the threshold it is, and a grade written
    short in full."""
    if "urricane" not in text:
        return text
    return _SHORT_GRADE.sub(r"Category \1", _DEFINED_TERM.sub("Category 3 or higher hurricane", text))


# A YES side's words as its rules define them by a threshold in brackets: "Measurable snow" whose
# rules say "measurable snowfall (0.1 inches or more)". After the YES side's words, the rest of
# its last word and at most one more, then the bracket: a number, its unit and its comparator.
_DEFINED_BY_BRACKET = re.compile(r"[a-z]*(?: [a-z]+)? \(((?:at least |more than |less than )?\d[\d.,]* [a-z]+"
                                 r"(?: or (?:more|less|higher|lower))?)\)")


def defined_by_rules(label: str, rules: str) -> str:
    """``label`` as the threshold its rules define its words by ("0.1 inches or more" for the YES
    side "Measurable snow"), else ``label``: a YES side of up to three words and no number."""
    if not label or "(" not in rules or len(label.split()) > 3 or any(c.isdigit() for c in label):
        return label
    words, folded = label.lower(), rules.lower()
    at = folded.find(words)
    bracket = _DEFINED_BY_BRACKET.match(folded, at + len(words)) if at >= 0 else None
    return bracket.group(1) if bracket is not None else label


# A bracket right after a grade restates what the grade is ("Category 5 (157+ mph sustained
# winds)"): the grade is the market's condition, the bracket's wind speed no threshold of its own.
_GRADE_RESTATED = re.compile(r"(\bcategory [1-5]\b) \([^()]*\)", re.IGNORECASE)


def grade_defined(clause: str) -> str:
    """``clause`` without the bracket that restates a grade it names."""
    return _GRADE_RESTATED.sub(r"\1", clause) if "ategory" in clause else clause


def _outcomes_listed_once(market: Market, raw_title: str) -> str:
    """A question that lists an outcome and its negation ("John Roe trial: Guilty or Not Guilty?")
    asks whether the first holds: the listing is that outcome, in lower case (a verdict, no name),
    and its "not" no negation of the question."""
    negated = negated_pair(outcome_names(market))
    if negated is None:
        return raw_title
    return re.sub(rf"\b{re.escape(negated)} or not {re.escape(negated)}\b", negated, raw_title, flags=re.IGNORECASE)


# "Will 0 Fed rate cuts happen in 2027?" (an option "0 (0 bps)" of a ladder of counts): a count of
# happenings, which cannot go below zero, is 0 exactly when none happens, as "Will no Fed rate cuts
# happen in 2027?" asks. Only a count of things that happen or occur: "Will 0 jobs be added?" is a
# level (a net change) that can go below zero. The option restates the count and is dropped.
_ZERO_HAPPENINGS = re.compile(r"^Will (?:0|zero) (?=[A-Za-z][\w' .-]*? (?:happen|occur|take place)\b)")
_ZERO_OPTION = re.compile(r"^(?:0|zero)(?: \(0 [a-z]+\))?$", re.IGNORECASE)


def _count_of_none(raw_title: str, label: str) -> tuple[str, str]:
    """A question that asks for a count of 0 happenings, as "no" happenings, and its option."""
    if (label and _ZERO_OPTION.match(label) is None) or _ZERO_HAPPENINGS.match(raw_title) is None:
        return raw_title, label
    return _ZERO_HAPPENINGS.sub("Will no ", raw_title), ""


class Reading:
    """A market's title (Kalshi title / Polymarket question), label (Kalshi ``yes_sub_title`` /
    Polymarket ``groupItemTitle``) and event title, folded; its rules are folded only when a
    reader asks for them (a game read from its ticker or slug never does)."""

    def __init__(self, market: Market) -> None:
        self.market = market
        moment = market.close_time or market.expiration_time or market.open_time
        self.reference: date | None = eastern_date(moment) if moment else None  # year-less dates are read near it
        self.raw_title = flights_of_the_rules(defined_terms(year_apart(market.title or "", self.reference)),
                                              market.rules[:RULES_READ])
        if market.venue is Venue.POLYMARKET and " or not " in self.raw_title.lower():
            self.raw_title = _outcomes_listed_once(market, self.raw_title)
        label = market.subtitle or ""
        if market.venue is Venue.POLYMARKET and self.raw_title[:7] in ("Will 0 ", "Will ze"):
            self.raw_title, label = _count_of_none(self.raw_title, label)
        self.title = fold_short(self.raw_title)
        if market.venue is Venue.KALSHI:
            label = defined_by_rules(label, market.rules[:RULES_READ])
        self.label = fold_short(defined_terms(year_apart(label, self.reference)))
        if market.venue is Venue.KALSHI and (not self.title or self.title == self.label):
            # A market served without its event has only its YES side's name for a title ("Above
            # 400,000", "Cut >25bps"); its rules state the whole proposition.
            condition = kalshi_condition(market.rules)
            if condition:
                self.raw_title, self.title = condition, fold_short(condition)
        self.raw_event = defined_terms(year_apart(market.event_title or "", self.reference))
        self.event = fold_short(self.raw_event)
        self.head = " ".join(p for p in (self.title, self.label, self.event) if p)
        # A Polymarket event is a heading over markets that may differ in what they measure and
        # how ("Core PCE inflation in February?" over a headline PCE market, "RBA decision" over
        # an RBNZ one): a question that states its proposition is read without it.
        self.own_head = self.head
        if market.venue is Venue.POLYMARKET and len(self.title.split()) >= _FULL_QUESTION_WORDS:
            self.own_head = " ".join(p for p in (self.title, self.label) if p)
        self.text = similarity_text(self.title, self.label, self.event)  # what rapidfuzz compares

    @cached_property
    def rules(self) -> str:
        """Kalshi rules_primary + rules_secondary / Polymarket description, folded."""
        raw = self.market.rules[:RULES_READ]
        # The profile folded these very rules when it was read from this market, not a sibling.
        return self.profile.folded(raw) or fold(raw)

    @cached_property
    def profile(self) -> RulesProfile:
        """What the rules say beyond their numbers (grid, sources, station, qualifiers), shared by
        every market of a ladder whose rules differ only in their numbers."""
        return rules_profile(self.market.rules[:RULES_READ])

    @property
    def grid_hint(self) -> Decimal | None:
        """The publication step the rules state."""
        return self.profile.grid_hint

    @property
    def evidence(self) -> str:
        """The raw texts capitalisation is read from (rules are always sentence case)."""
        m = self.market
        return "\n".join(t for t in (m.rules[:RULES_READ], self.raw_title, m.event_title) if t)

    @cached_property
    def initials(self) -> frozenset[str]:
        """The words of three or more capitals (a digit may follow) the texts write: the initials
        of a body or a data series, less currencies and time zones."""
        return frozenset(w for w in _INITIALS.findall(self.evidence) if w not in _NOT_A_BODY and not _ROMAN.issuperset(w))

    @cached_property
    def close_eastern(self) -> datetime | None:
        moment = self.market.close_time or self.market.expiration_time
        return eastern(moment) if moment else None


_FULL_QUESTION_WORDS = 4


def read_texts(market: Market) -> Reading:
    return Reading(market)


def kalshi_ticker(market: Market) -> KalshiTickerParts | None:
    """A Kalshi market's ticker read by the one ticker grammar: its event's date and code, the
    outcome code. None for a market of another venue or without an event ticker."""
    if market.venue is not Venue.KALSHI or not market.event_id:
        return None
    try:
        return split_ticker(market.market_id, market.event_id)
    except TickerFormatError:
        # A market ticker that does not extend its event's: the event still dates it.
        return split_ticker(market.event_id) if "-" in market.event_id else None


def ticker_year(market: Market) -> int | None:
    """The year a Kalshi event code names alone (``KXSCOTPARL-26``: a season or an election)."""
    ticker = kalshi_ticker(market)
    return ticker.event_year if ticker is not None and ticker.event_month is None else None


def unread(reading: Reading, why: str) -> Proposition:
    """What a reader returns for a market it claims but cannot read: :attr:`Kind.UNKNOWN` with why."""
    market = reading.market
    return Proposition(venue=market.venue, market_id=market.market_id, kind=Kind.UNKNOWN, text=reading.text,
                       category=market.category, unread=why, close_eastern=reading.close_eastern)


_CONDITION = re.compile(r"^\s*if (.{4,400}?),? then the market resolves to yes", re.IGNORECASE | re.DOTALL)


def kalshi_condition(rules: str) -> str:
    """The condition of Kalshi's ``rules_primary``: "If <condition>, then the market resolves to
    Yes." """
    match = _CONDITION.match(rules)
    return match.group(1).strip() if match else ""


class RulesProfile:
    """What a market's rules say beyond their numbers, each part read when first asked for."""

    def __init__(self, raw_rules: str) -> None:
        self._raw = raw_rules
        self._rules = fold(raw_rules)

    def folded(self, raw_rules: str) -> str:
        """The folded rules, when they are ``raw_rules``."""
        return self._rules if raw_rules == self._raw else ""

    @cached_property
    def grid_hint(self) -> Decimal | None:
        return stated_grid(self._rules)

    @cached_property
    def sources(self) -> frozenset[str]:
        return sources_in(self._rules)

    @cached_property
    def station(self) -> str | None:
        return station_in(self._raw, self._rules)

    @cached_property
    def opening_measure(self) -> Measure | None:
        """The measure the rules' opening names."""
        return find_measure(rules=self._rules)

    @cached_property
    def league(self) -> str | None:
        """The one league with a team table the rules place their market in (no league's words
        hold a digit, so the rungs of a ladder share it)."""
        return league_named(self._raw.lower())

    @cached_property
    def axes(self) -> Mapping[str, str]:
        """The qualifiers the rules state."""
        return rules_axes(self._rules)

    @cached_property
    def publisher(self) -> str:
        """Who the rules say publishes the figure ("as first released by the Bureau of Economic
        Analysis", "according to the BEA"), as :func:`publisher_key` writes it; "" when unsaid."""
        match = _PUBLISHED_BY.search(self._raw) or _RELEASE_OF.search(self._raw)
        # The body ends with its sentence ("according to the CDC. Otherwise, ..."), not at the
        # point of initials ("U.S.").
        return publisher_key(_SENTENCE_END.split(match.group(1), 1)[0]) if match else ""

    @cached_property
    def up_includes_tie(self) -> bool:
        """An unchanged price counts as up."""
        return _INCLUSIVE_UP.search(self._rules) is not None

    @cached_property
    def bounds(self) -> tuple[bool, bool] | None:
        """Whether a range's lower and upper bounds count as inside it."""
        return stated_bounds(self._rules)


# "\b[A-Z]{3,7}[0-9]?\b" written capital first, the boundary before it looked behind for once found:
# the regex engine jumps from capital to capital of the rules instead of trying every character.
_INITIALS = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z]{2,6}[0-9]?\b")
# A sequel's or a mission's number ("Artemis III", "Super Bowl LXII" aside: L and C start words).
_ROMAN = frozenset("IVX")
_NOT_A_BODY = frozenset({
    "USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF", "CNY", "USDT", "USDC",
    "UTC", "GMT", "EST", "EDT", "PST", "PDT", "CST", "CDT", "MST", "MDT", "CET", "CEST", "BST", "JST",
})


# Every digit as 0: a regex substitution, several times faster than str.translate on rules that are not
# pure ASCII (a quarter of a catalog's).
_NONZERO_DIGIT = re.compile("[1-9]")
_PROFILES: dict[str, RulesProfile] = {}
_PROFILES_KEPT = 1 << 14
_INCLUSIVE_UP = re.compile(r"greater than or equal|at or above|or higher|or more")


# A capitalised body after the words that name a publisher; connecting words may sit inside it.
_PUBLISHED_BY = re.compile(
    r"\b(?:(?:released|published|reported|announced|issued|compiled) by|according to|as per|per|[Ss]ource:)\s+(?:the\s+)?"
    r"((?:U\.S\.\s+|US\s+)?[A-Z][\w&'.-]*(?:\s+(?:(?:of|for|and|on)\s+)?(?:the\s+)?[A-Z][\w&'.-]*)*)")
# "the BEA's first release", "Eurostat's flash estimate".
_RELEASE_OF = re.compile(r"\b([A-Z][\w&.-]*(?:\s+(?:of\s+)?[A-Z][\w&.-]*)*)['’]s\s+(?:(?:first|initial|advance|final|official"
                         r"|latest|flash)\s+)?(?:release|report|data|estimate|figures?|publication)\b")
_SENTENCE_END = re.compile(r"(?<=[a-z]{2}|[A-Z]{2})\.\s")
_OPENING_WORDS = frozenset({"if", "the", "when", "whether", "unless", "as", "in", "on"})
_CONNECTING = frozenset({"of", "for", "and", "on", "the", "&"})


def publisher_key(name: str) -> str:
    """A publisher in one form: its initials when written in full ("Bureau of Economic Analysis"
    and "BEA" are both "bea"), a country prefix off."""
    words = [w for w in re.split(r"[\s]+", name.strip().rstrip(".'")) if w]
    while words and (words[0] in ("U.S.", "US") or words[0].lower() in _OPENING_WORDS):
        words = words[1:]
    if not words:
        return ""
    if len(words) == 1:
        return words[0].replace(".", "").lower()
    if _INITIALS.fullmatch(words[0]) and words[0] not in _NOT_A_BODY:
        # "the BEA Personal Income and Outlays release", "the BLS Employment Situation report":
        # the body's initials, then the name of its release; the body publishes it.
        return words[0].lower()
    return "".join(w[0] for w in words if w.lower() not in _CONNECTING).lower()


def rules_profile(raw_rules: str) -> RulesProfile:
    """Cached by the rules with every digit read as 0: a ladder's rungs ("above $94,499.99",
    "above $94,999.99") share one reading of their rules."""
    key = _NONZERO_DIGIT.sub("0", raw_rules)
    found = _PROFILES.get(key)
    if found is None:
        if len(_PROFILES) >= _PROFILES_KEPT:
            _PROFILES.clear()
        found = _PROFILES[key] = RulesProfile(raw_rules)
    return found


# --- a Polymarket description's YES clause ---------------------------------------------------------


_YES_CLAUSE = re.compile(r'resolves?(?: to)? "?yes"? if (.{0,240})')
# A sentence after the YES clause that says what resolves "No" ("A rate of 0% resolves "No"."):
# its number is the NO's, never the threshold YES pays on.
_NO_SENTENCE = re.compile(r'\.\s+[^.]*\bresolves?(?: to)? "?no\b')


def yes_clause(rules: str) -> str:
    """The condition a Polymarket description sets for "Yes" (its first ``resolve to "Yes" if``
    clause, up to a sentence that says what resolves "No"); the rest of a description names dates,
    sources and edge cases, not the threshold."""
    match = _YES_CLAUSE.search(rules)
    if match is None:
        return ""
    clause = match.group(1)
    if "no" in clause:
        after = _NO_SENTENCE.search(clause)
        if after is not None:
            return clause[:after.start() + 1]
    return clause


_RAW_YES = re.compile(r'resolves?(?: to)? "?yes"? if', re.IGNORECASE)


def market_clause(market: Market) -> str:
    """The folded text from a description's first ``resolve to "Yes" if`` on: only that much of
    a long description is folded to read the threshold it sets."""
    match = _RAW_YES.search(market.rules)
    return fold(grade_defined(market.rules[match.start(): match.start() + 320])) if match else ""
