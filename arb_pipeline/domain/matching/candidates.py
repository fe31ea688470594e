"""Candidate pairs without an all-pairs loop: blocking on what two equivalent propositions must
share, not on shared title words.

All-pairs fuzzy matching of two 20,000-market catalogs takes minutes (rapidfuzz's cdist: 161 s and
1.5 GB), and almost every pair is hopeless. Propositions are grouped in three ways:

- by topic or measure (a game, a season title, a race, a known measure's family, an up/down
  window), then by the date the block is anchored on (observation day, reference month, year,
  window end), with a cheap filter on the named entity (team, city, candidate);
- by the canonical parts of their statements, for every proposition no lexicon measures: its
  names (aliases resolved, "ECB" = "European Central Bank", "Zelenskyy" = "Zelensky"), its words
  in one spelling per synonym class ("cut rates" = "lower interest rates", "leave office" = "out
  as", "jobs added" = "nonfarm payrolls") and its option, within the same year. Two phrasings of
  one proposition meet here even when their titles share no word;
- markets the reader could not read, through rare shared words within a close-date window, so an
  unusual phrasing is still seen (it can reach review, never approval).

Blocking never compares thresholds: near-miss thresholds must meet so the matcher can say why
they differ.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from arb_pipeline.domain.matching.propositions.comparisons import COMPARISON
from arb_pipeline.domain.matching.propositions.elections import ELECTION
from arb_pipeline.domain.matching.propositions.frames import canonical, canonical_phrases
from arb_pipeline.domain.matching.propositions.games import GAME, GAME_LINE
from arb_pipeline.domain.matching.propositions.lexicon.sports import TEAM_TABLES
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import ALIAS_KEY, IMPLIED_WORDS
from arb_pipeline.domain.matching.propositions.model import DateRule, Kind, Name, Proposition, ValueRange
from arb_pipeline.domain.matching.propositions.names import spelling_key
from arb_pipeline.domain.matching.propositions.reader import DIRECTION
from arb_pipeline.domain.matching.propositions.series import SERIES
from arb_pipeline.domain.matching.propositions.text import STOPWORDS, fold, similarity_text, whole_phrases, words
from arb_pipeline.domain.matching.propositions.titles import TITLE

# A Polymarket game day read from a UTC start time may sit one day off the Eastern date Kalshi
# uses (gameStartTime is UTC); such markets are filed under both neighbours.
_UTC_SLACK = (timedelta(days=-1), timedelta(0), timedelta(days=1))


@dataclass(frozen=True, slots=True)
class BlockingConfig:
    fallback_max_document_frequency: int = 50  # a word in more markets than this says nothing
    fallback_min_shared_words: int = 2
    fallback_max_per_market: int = 20
    fallback_close_window: timedelta = timedelta(days=21)
    # Statement blocking: a part in more markets than this is too common to propose a pair on
    # its own; a market keeps at most this many statement candidates, the most specific first.
    statement_max_document_frequency: int = 400
    statement_max_per_market: int = 12


def _structured(p: Proposition) -> bool:
    return bool(p.topic) or p.measure is not None


def _block(p: Proposition) -> Hashable | None:
    if p.topic in (GAME, GAME_LINE):
        return ("game",)
    if p.topic == TITLE:
        return ("title", p.league)
    if p.topic == SERIES:
        return ("series", p.league)
    if p.topic == ELECTION:
        return ("election",)
    if p.topic == DIRECTION:
        return ("direction", p.measure.key if p.measure else None)
    if p.topic == COMPARISON:
        # Two sides compared on a measure meet on their sides, whatever words each question uses.
        return ("comparison",)
    if p.measure is not None:
        return ("value", p.measure.family)
    return None


def _anchors(p: Proposition) -> tuple[tuple[Hashable, ...], Hashable | None]:
    """The dates a proposition is filed under (() when it states none: it then meets every
    proposition of its block), and, for a measure read on a day, the month it falls in: a
    proposition that states only a month or a year for such a measure ("in 2026", "Q1") meets the
    day-dated ones of that month ("by December 31, 2026")."""
    when = p.when
    if p.topic in (GAME, GAME_LINE):
        if when.day is None:
            return (), None
        return (tuple(when.day + slack for slack in _UTC_SLACK) if p.day_from_utc else (when.day,)), None
    if p.topic in (TITLE, ELECTION, SERIES):
        return ((when.start.year,) if when.start else ()), None
    if p.topic == COMPARISON:
        return ((when.last_day.year,) if when.last_day else ()), None
    if p.topic == DIRECTION:
        return ((p.window_end,) if p.window_end is not None else ()), None
    last = when.last_day
    if p.measure is None or last is None:
        return (), None
    if p.measure.anchor == "day":
        month = ("month", last.year, last.month)
        return ((last,) if when.day is not None else ()), month
    if p.measure.anchor == "month":
        return ((last.year, last.month),), None
    return (last.year,), None


def _entities(p: Proposition) -> frozenset[str]:
    """What a pair must share inside a group (empty: anything goes)."""
    if p.teams:
        # Teams known only by name meet on their first word ("Clemson" / "Clemson Tigers"), and
        # fighters and players on their last ("Topuria" / "Ilia Topuria"); a one-word side on its
        # first three letters too, its code ("IND" / "India").
        return frozenset(form for t in p.teams
                         for form in ((t,) if not t.startswith("name:") else (
                             "name:" + t[5:].split()[0], "name:" + t.split()[-1], *_code_of(t[5:]))))
    if p.topic == "" and p.place:
        return frozenset({p.place})
    if p.topic in (TITLE, ELECTION):
        # A market whose outcomes are both options ("Republican" / "Democrat") meets either.
        choices = (p.selection,) if isinstance(p.selection, Name) else tuple(
            t.selection for t in p.outcomes if not t.negated and isinstance(t.selection, Name))
        return frozenset().union(*(_choice_entities(choice) for choice in choices))
    return frozenset()


def _code_of(side: str) -> tuple[str, ...]:
    return (f"name:{side[:3]}",) if " " not in side and len(side) >= 5 else ()


def _choice_entities(choice: Name) -> frozenset[str]:
    if choice.kind == "person":
        # Any name word: "Robert Vance Miller" and "Robert Miller", "Lula" and "Luiz Inácio Lula
        # da Silva" meet.
        words = choice.key[7:].split()
        # ... and a name written as initials ("MTG") meets the full name they stand for.
        initials = choice.label.lower() if choice.label.isupper() else "".join(w[0] for w in words)
        spelled = {f"initials:{initials}"} if len(initials) >= 2 else set()
        return frozenset({f"person:{word}" for word in words if len(word) >= 3} | spelled)
    if choice.key.startswith("name:"):
        # A club or school known only by name meets its longer form ("Indiana" / "Indiana
        # Hoosiers") on its first word, as teams of a game do.
        return frozenset({"name:" + choice.key[5:].split(" ", 1)[0]})
    return frozenset({choice.key})


@dataclass
class _Group:
    kalshi: dict[Hashable, list[int]]
    polymarket: dict[Hashable, list[int]]
    kalshi_undated: list[int]
    polymarket_undated: list[int]
    kalshi_months: dict[Hashable, list[int]]  # every day-dated proposition by month
    polymarket_months: dict[Hashable, list[int]]
    kalshi_month_only: dict[Hashable, list[int]]  # propositions dated only by a month or more
    polymarket_month_only: dict[Hashable, list[int]]


def candidate_pairs(
    kalshi: Sequence[Proposition],
    polymarket: Sequence[Proposition],
    config: BlockingConfig = BlockingConfig(),
) -> list[tuple[int, int]]:
    """(Kalshi index, Polymarket index) pairs worth comparing, each once."""
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []
    for k, p in _structured_pairs(kalshi, polymarket):
        if (k, p) not in seen:
            seen.add((k, p))
            pairs.append((k, p))
    for k, p in (*_statement_pairs(kalshi, polymarket, config), *_fallback_pairs(kalshi, polymarket, config)):
        if (k, p) not in seen:
            seen.add((k, p))
            pairs.append((k, p))
    return pairs


def _structured_pairs(kalshi: Sequence[Proposition], polymarket: Sequence[Proposition]) -> list[tuple[int, int]]:
    groups: dict[Hashable, _Group] = {}
    for side, propositions in (("k", kalshi), ("p", polymarket)):
        for index, p in enumerate(propositions):
            if not p.understood:
                continue
            block = _block(p)
            if block is None:
                continue
            group = groups.get(block)
            if group is None:
                group = groups[block] = _Group(defaultdict(list), defaultdict(list), [], [], defaultdict(list),
                                               defaultdict(list), defaultdict(list), defaultdict(list))
            anchors, month = _anchors(p)
            by_anchor = group.kalshi if side == "k" else group.polymarket
            for anchor in anchors:
                by_anchor[anchor].append(index)
            if month is not None:
                (group.kalshi_months if side == "k" else group.polymarket_months)[month].append(index)
                if not anchors:
                    (group.kalshi_month_only if side == "k" else group.polymarket_month_only)[month].append(index)
            elif not anchors:
                (group.kalshi_undated if side == "k" else group.polymarket_undated).append(index)

    entities_k = [_entities(p) for p in kalshi]
    entities_p = [_entities(p) for p in polymarket]
    pairs: list[tuple[int, int]] = []

    def add(k: int, p: int) -> None:
        a, b = entities_k[k], entities_p[p]
        if not (a and b and not a & b):
            pairs.append((k, p))

    for group in groups.values():
        for anchor, k_indices in group.kalshi.items():
            p_indices = group.polymarket.get(anchor)
            if p_indices:
                for k in k_indices:
                    for p in p_indices:
                        add(k, p)
        if group.kalshi_undated:
            every_p = [p for indices in group.polymarket.values() for p in indices] + group.polymarket_undated
            for k in group.kalshi_undated:
                for p in every_p:
                    add(k, p)
        if group.polymarket_undated:
            every_k = [k for indices in group.kalshi.values() for k in indices]
            for p in group.polymarket_undated:
                for k in every_k:
                    add(k, p)
        for month, k_indices in group.kalshi_month_only.items():
            for k in k_indices:
                for p in group.polymarket_months.get(month, ()):
                    add(k, p)
        for month, p_indices in group.polymarket_month_only.items():
            for p in p_indices:
                for k in group.kalshi_months.get(month, ()):
                    add(k, p)
    return pairs


# --- statements -------------------------------------------------------------------------------


_CALENDAR_WORDS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october
    nov november dec december monday tuesday wednesday thursday friday saturday sunday today tomorrow""".split())


@lru_cache(maxsize=1 << 16)
def _word_key(word: str) -> str | None:
    if word in STOPWORDS or word in _CALENDAR_WORDS or len(word) < 3 or not word[0].isalpha():
        return None
    form = canonical(word)
    if form in IMPLIED_WORDS or form in STOPWORDS:
        return None
    return spelling_key(form)[:6]


def _city_keys_by_nickname() -> dict[str, frozenset[str]]:
    """The key of each team nickname's last word ("broncos", "blazers") to the keys of the words of
    every city a team of that nickname plays for: one venue asks a season's question by the city
    ("Will Denver make the playoffs?"), the other by the nickname ("Will the Broncos make the NFL
    Playoffs?"), and the two share no other specific word."""
    cities: dict[str, set[str]] = defaultdict(set)
    for teams in TEAM_TABLES.values():
        for team in teams:
            nickname = _word_key(team.nickname.lower().split()[-1])
            city = {key for word in words(team.base_city.lower()) if (key := _word_key(word)) is not None}
            if nickname is not None and city:
                cities[nickname] |= city
    return {nickname: frozenset(keys) for nickname, keys in cities.items()}


_CITY_KEYS = _city_keys_by_nickname()


def _long_forms() -> dict[str, frozenset[str]]:
    """A body's long name as a similarity text writes it ("bank england", small words dropped) to
    the keys of its short name ("boe"): one venue asks "Will the Bank of England cut rates?", the
    other "BoE decision? Cut", and the two share one word besides the name."""
    forms: dict[str, frozenset[str]] = {}
    for name, key in ALIAS_KEY.items():
        form = similarity_text(fold(name))
        short = frozenset(found for word in words(key) if (found := _word_key(word)) is not None)
        if " " in form and short - {_word_key(word) for word in form.split()}:
            forms[form] = short
    return forms


_LONG_FORMS = _long_forms()
_LONG_FORM = whole_phrases(_LONG_FORMS)


def _statement_keys(p: Proposition) -> frozenset[str]:
    """The canonical words of a statement, in one spelling per synonym class and per
    transliteration: what two phrasings of one proposition share whatever their wording. Read
    from the similarity text, which every proposition carries, so blocking never pays for
    reading a statement's frame. A team's nickname brings its city's words along."""
    keys = {key for word in words(canonical_phrases(p.text)) if (key := _word_key(word)) is not None}
    for key in keys & _CITY_KEYS.keys():
        keys |= _CITY_KEYS[key]
    for found in _LONG_FORM.finditer(p.text):
        keys |= _LONG_FORMS[found.group(0)]
    if p.measure is not None:
        keys.add(f"m:{p.measure.key}")
    if p.kind is Kind.THRESHOLD:
        # The number a rung pays on: the rungs of two ladders ("More than 5,000" / ">5,000") share
        # every word, and only their number tells which rung of one is the other's, before the
        # per-market cut keeps a dozen of them.
        selection = p.selection if isinstance(p.selection, ValueRange) else next(
            (t.selection for t in p.outcomes if isinstance(t.selection, ValueRange)), None)
        if selection is not None:
            keys.update(f"n:{value.normalize():f}" for value in selection.numbers())
    if p.when.day is not None:
        # The day a statement is settled on or by is one of its parts: "Gaza ceasefire holds
        # through Mar 31" and "Israel x Hamas ceasefire breaks down by March 31" share a word and
        # a day. (A year's window says little: most markets of a catalog end in it.)
        keys.add(f"d:{p.when.day.isoformat()}")
        # Leaving "before January 1" is read by December 31, and still holding on January 1 is its
        # NO: the two meet on the day the state is read.
        if p.when.rule is DateRule.BY and "leave" in keys:
            keys.add(f"held:{(p.when.day + timedelta(days=1)).isoformat()}")
        elif p.when.rule is DateRule.ON and "remain" in keys:
            keys.add(f"held:{p.when.day.isoformat()}")
    elif p.when.month is not None:
        # So is the month a monthly figure is about ("rain in February").
        keys.add(f"mo:{p.when.month[0]}-{p.when.month[1]:02d}")
    return frozenset(keys)


def _year(p: Proposition) -> int | None:
    last = p.when.last_day or (p.when.start if p.when.start else None)
    return last.year if last else None


def _statement_pairs(kalshi: Sequence[Proposition], polymarket: Sequence[Proposition],
                     config: BlockingConfig) -> list[tuple[int, int]]:
    """Pairs where at least one proposition is read by the general reader (no topic, no known
    measure), joined on the most specific parts of their statements in the same year."""
    # A Polymarket game with no day is also a choice between its two sides ("World Chess
    # Championship 2027: Carlsen vs Nepomniachtchi"), which a Kalshi market on the contest's winner
    # meets by its statement.
    polymarket = [p.choice if p.choice is not None else p for p in polymarket]
    general_k = [i for i, p in enumerate(kalshi) if p.understood and not _structured(p)]
    general_p = [i for i, p in enumerate(polymarket) if p.understood and not _structured(p)]
    if not general_k and not general_p:
        return []
    keys_k = [_statement_keys(p) if p.understood and p.topic == "" else frozenset() for p in kalshi]
    keys_p = [_statement_keys(p) if p.understood and p.topic == "" else frozenset() for p in polymarket]
    frequency: Counter[str] = Counter()
    for keys in (*keys_k, *keys_p):
        frequency.update(keys)
    total = len(kalshi) + len(polymarket)
    weight = {key: math.log(1 + total / n) for key, n in frequency.items() if n <= config.statement_max_document_frequency}

    def index(keys_by_market: list[frozenset[str]]) -> dict[str, list[int]]:
        inverted: dict[str, list[int]] = defaultdict(list)
        for i, keys in enumerate(keys_by_market):
            for key in keys:
                if key in weight:
                    inverted[key].append(i)
        return inverted

    pairs: list[tuple[int, int]] = []
    for sources, targets, source_indices, source_keys, target_index, source_is_kalshi in (
        (kalshi, polymarket, general_k, keys_k, index(keys_p), True),
        (polymarket, kalshi, general_p, keys_p, index(keys_k), False),
    ):
        for i in source_indices:
            scores: Counter[int] = Counter()
            shared: Counter[int] = Counter()
            year = _year(sources[i])
            # Keys in a fixed order and ties broken by index: a set's iteration order follows the
            # hash seed, and with it the float sums and which of the tied candidates survive the cut.
            usable = sorted(key for key in source_keys[i] if key in weight)
            needed = min(2, len(usable))
            for key in usable:
                for j in target_index.get(key, ()):
                    scores[j] += weight[key]
                    shared[j] += 1
            ranked = [
                j for j in sorted(scores, key=lambda j: (-scores[j], j))
                if needed and shared[j] >= needed
                and (_same_year(year, _year(targets[j])) or _next_day(sources[i], targets[j]))
            ][: config.statement_max_per_market]
            pairs.extend((i, j) if source_is_kalshi else (j, i) for j in ranked)
    return pairs


def _same_year(a: int | None, b: int | None) -> bool:
    return a is None or b is None or a == b


def _next_day(a: Proposition, b: Proposition) -> bool:
    """Two statements settled on days one apart across a new year: "out before January 1, 2027" is
    read by December 31, 2026, and "still Prime Minister on January 1, 2027" on its day."""
    return a.when.day is not None and b.when.day is not None and abs((a.when.day - b.when.day).days) == 1


# --- unread markets ---------------------------------------------------------------------------


def _words(p: Proposition) -> set[str]:
    return {w for w in p.text.split() if len(w) >= 3}


def _fallback_pairs(kalshi: Sequence[Proposition], polymarket: Sequence[Proposition],
                    config: BlockingConfig) -> list[tuple[int, int]]:
    """Pairs where at least one market was not understood, joined on rare shared words."""
    unread_k = [i for i, p in enumerate(kalshi) if p.kind is Kind.UNKNOWN]
    unread_p = [i for i, p in enumerate(polymarket) if p.kind is Kind.UNKNOWN]
    if not unread_k and not unread_p:
        return []
    words_k = [_words(p) for p in kalshi]
    words_p = [_words(p) for p in polymarket]
    frequency: Counter[str] = Counter()
    for found in (*words_k, *words_p):
        frequency.update(found)
    rare = {w for w, n in frequency.items() if n <= config.fallback_max_document_frequency}

    def index(words_by_market: list[set[str]]) -> dict[str, list[int]]:
        inverted: dict[str, list[int]] = defaultdict(list)
        for i, found in enumerate(words_by_market):
            for word in found & rare:
                inverted[word].append(i)
        return inverted

    pairs: list[tuple[int, int]] = []
    for sources, targets, source_words, target_index, source_is_kalshi in (
        (kalshi, polymarket, [(i, words_k[i]) for i in unread_k], index(words_p), True),
        (polymarket, kalshi, [(i, words_p[i]) for i in unread_p], index(words_k), False),
    ):
        for i, found in source_words:
            shared: Counter[int] = Counter()
            for word in found & rare:
                shared.update(target_index.get(word, ()))
            close = sources[i].close_eastern
            best = [
                j for j in sorted(shared, key=lambda j: (-shared[j], j))
                if shared[j] >= config.fallback_min_shared_words and _close_together(close, targets[j].close_eastern, config)
            ][: config.fallback_max_per_market]
            pairs.extend((i, j) if source_is_kalshi else (j, i) for j in best)
    return pairs


def _close_together(a: datetime | None, b: datetime | None, config: BlockingConfig) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= config.fallback_close_window
