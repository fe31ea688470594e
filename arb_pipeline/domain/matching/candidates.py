"""Candidate pairs without an all-pairs loop: blocking on what two equivalent markets must share.

All-pairs fuzzy matching of two 20,000-market catalogs takes minutes (PERF_NOTES.md: 161 s and
1.5 GB for rapidfuzz's cdist), and almost every pair is hopeless. Markets are grouped first by a
block (the measured quantity's family, a game, a race, a crypto window), then by the date the
block is anchored on (observation day, reference month, election year, window end), and only
markets inside one group are paired, after a cheap filter on the named entity (team, city,
candidate). Markets the feature reader could not understand are paired through rare shared
words within a close-date window, so an unusual phrasing is still seen, but only for review.

Blocking never compares thresholds: near-miss thresholds must meet so the matcher can say why
they differ.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from arb_pipeline.domain.matching.features import MarketFeatures, Shape, person_key

# A Polymarket game day read from a UTC start time may sit one day off the Eastern date Kalshi
# uses (VENUE_APIS.md 2.1 gameStartTime is UTC); such markets are filed under both neighbours.
_UTC_SLACK = (timedelta(days=-1), timedelta(0), timedelta(days=1))


@dataclass(frozen=True, slots=True)
class BlockingConfig:
    fallback_max_document_frequency: int = 50  # a word in more markets than this says nothing
    fallback_min_shared_words: int = 2
    fallback_max_per_market: int = 20
    fallback_close_window: timedelta = timedelta(days=21)


def _block(f: MarketFeatures) -> Hashable | None:
    if f.shape is Shape.GAME_WINNER or (f.shape is Shape.VALUE and f.family == "game_line"):
        return ("game",)
    if f.shape is Shape.VALUE:
        return ("value", f.family)
    if f.shape is Shape.ELECTION:
        return ("election",)
    if f.shape is Shape.CHAMPION:
        return ("champion", f.league)
    if f.shape is Shape.DIRECTION:
        return ("direction", f.subject.key if f.subject else None)
    return None


def _anchors(f: MarketFeatures) -> tuple[Hashable, ...]:
    """The dates this market is filed under; () when it states none (it then meets every market
    of its block)."""
    if f.shape is Shape.GAME_WINNER or (f.shape is Shape.VALUE and f.family == "game_line"):
        if f.day is None:
            return ()
        return tuple(f.day + slack for slack in _UTC_SLACK) if f.day_from_utc else (f.day,)
    if f.shape is Shape.VALUE and f.subject is not None:
        anchor = {"day": f.day, "month": f.month, "year": f.year}[f.subject.anchor]
        return (anchor,) if anchor is not None else ()
    if f.shape in (Shape.ELECTION, Shape.CHAMPION):
        return (f.year,) if f.year is not None else ()
    if f.shape is Shape.DIRECTION:
        return (f.window_end,) if f.window_end is not None else ()
    return ()


def _entities(f: MarketFeatures) -> frozenset[str]:
    """What a pair must share inside a group (empty: anything goes)."""
    if f.teams:
        return frozenset(f.teams)
    if f.shape is Shape.VALUE and f.location:
        return frozenset({f.location})
    if f.shape is Shape.CHAMPION:
        team = f.selection if isinstance(f.selection, str) else next(
            (t.selection for t in f.outcomes if not t.negated and isinstance(t.selection, str)), None)
        return frozenset({team}) if team else frozenset()
    if f.shape is Shape.ELECTION:
        choice = f.selection if isinstance(f.selection, str) else next(
            (t.selection for t in f.outcomes if not t.negated and isinstance(t.selection, str)), None)
        if choice is None:
            return frozenset()
        if choice.startswith("person:"):
            words = person_key(choice[7:]).split()
            # First and last name: "Robert Vance Miller" and "Robert Miller" meet.
            return frozenset({f"person:{words[0]} {words[-1]}"}) if words else frozenset()
        return frozenset({choice})
    return frozenset()


@dataclass
class _Group:
    kalshi: dict[Hashable, list[int]]
    polymarket: dict[Hashable, list[int]]
    kalshi_undated: list[int]
    polymarket_undated: list[int]


def candidate_pairs(
    kalshi: Sequence[MarketFeatures],
    polymarket: Sequence[MarketFeatures],
    config: BlockingConfig = BlockingConfig(),
) -> list[tuple[int, int]]:
    """(Kalshi index, Polymarket index) pairs worth comparing, each once."""
    groups: dict[Hashable, _Group] = {}
    for side, features in (("k", kalshi), ("p", polymarket)):
        for index, f in enumerate(features):
            block = _block(f)
            if block is None:
                continue
            group = groups.get(block)
            if group is None:
                group = groups[block] = _Group(defaultdict(list), defaultdict(list), [], [])
            anchors = _anchors(f)
            by_anchor = group.kalshi if side == "k" else group.polymarket
            for anchor in anchors:
                by_anchor[anchor].append(index)
            if not anchors:
                (group.kalshi_undated if side == "k" else group.polymarket_undated).append(index)

    entities_k = [_entities(f) for f in kalshi]
    entities_p = [_entities(f) for f in polymarket]
    seen: set[tuple[int, int]] = set()
    pairs: list[tuple[int, int]] = []

    def add(k: int, p: int) -> None:
        a, b = entities_k[k], entities_p[p]
        if a and b and not a & b:
            return
        if (k, p) not in seen:
            seen.add((k, p))
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

    for k, p in _fallback_pairs(kalshi, polymarket, config):
        if (k, p) not in seen:
            seen.add((k, p))
            pairs.append((k, p))
    return pairs


_GENERIC_WORDS = frozenset(
    "price above below more less than over under between after before market markets daily game games "
    "total points win wins winner first last next week month year rate high low temperature election".split()
)


def _words(f: MarketFeatures) -> set[str]:
    return {w for w in f.text.split() if len(w) >= 3 and w not in _GENERIC_WORDS}


def _fallback_pairs(
    kalshi: Sequence[MarketFeatures], polymarket: Sequence[MarketFeatures], config: BlockingConfig
) -> list[tuple[int, int]]:
    """Pairs where at least one market was not understood, joined on rare shared words."""
    unread_k = [i for i, f in enumerate(kalshi) if f.shape is Shape.UNKNOWN]
    unread_p = [i for i, f in enumerate(polymarket) if f.shape is Shape.UNKNOWN]
    if not unread_k and not unread_p:
        return []
    words_k = [_words(f) for f in kalshi]
    words_p = [_words(f) for f in polymarket]
    frequency: Counter[str] = Counter()
    for words in (*words_k, *words_p):
        frequency.update(words)
    rare = {w for w, n in frequency.items() if n <= config.fallback_max_document_frequency}

    def index(words_by_market: list[set[str]]) -> dict[str, list[int]]:
        inverted: dict[str, list[int]] = defaultdict(list)
        for i, words in enumerate(words_by_market):
            for word in words & rare:
                inverted[word].append(i)
        return inverted

    pairs: list[tuple[int, int]] = []
    for sources, targets, source_words, target_index, source_is_kalshi in (
        (kalshi, polymarket, [(i, words_k[i]) for i in unread_k], index(words_p), True),
        (polymarket, kalshi, [(i, words_p[i]) for i in unread_p], index(words_k), False),
    ):
        for i, words in source_words:
            shared: Counter[int] = Counter()
            for word in words & rare:
                shared.update(target_index.get(word, ()))
            close = sources[i].close_eastern
            best = [
                j for j, n in shared.most_common()
                if n >= config.fallback_min_shared_words and _close_together(close, targets[j].close_eastern, config)
            ][: config.fallback_max_per_market]
            pairs.extend((i, j) if source_is_kalshi else (j, i) for j in best)
    return pairs


def _close_together(a: datetime | None, b: datetime | None, config: BlockingConfig) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= config.fallback_close_window
