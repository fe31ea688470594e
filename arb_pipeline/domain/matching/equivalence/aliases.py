"""Names a market declares equal, used against both markets.

A market often names its entity twice: "Strategy (formerly MicroStrategy)", "Quillon Holdings
d/b/a Vantor Labs", "the National Coalition Party (Kokoomus)", "Armand 'Mondo' Duplantis"
(:func:`..propositions.declarations.declared_aliases`). What one market says of the entity holds on the
other venue too, so before the parts are compared every name either market writes in one of the
declared forms is written in the other: "MicroStrategy" on Polymarket is "Strategy" once Kalshi's
rules say so, "Kokoomus" on Kalshi is "National Coalition Party" once Polymarket's do.

A declaration merges nothing a market tells apart: when the market that did not declare it names
both forms as two names, the pair is not used ("Alphabet" and "Google" as two options).

An award a market describes ("the Hart Memorial Trophy, awarded to the NHL's most valuable
player") is what it describes, against a market that never names the award and says every word of
the description ("Will X win the NHL MVP?"): the award's name gives way to those words.
"""

from __future__ import annotations

from dataclasses import replace

from arb_pipeline.domain.matching.propositions.elections import person_option
from arb_pipeline.domain.matching.propositions.frames import name_words, statement_words
from arb_pipeline.domain.matching.propositions.model import Frame, Name, Proposition
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import mentioned, name_key
from arb_pipeline.domain.matching.propositions.text import fold, same_word

Alias = tuple[Name, Name]
# The quotes a nickname stands in, as the venues write them.
_QUOTES = (('"', '"'), ("'", "'"), ('“', '”'), ('‘', '’'))


def with_declared_aliases(kalshi: Proposition, polymarket: Proposition) -> tuple[Proposition, Proposition, str]:
    """Both propositions with every second name one market declares written as the first in the
    other market, and a reason naming the declarations used ("" and the propositions themselves
    when none applies). A market's own names stay as it writes them: a bracket there may also
    tell it from its siblings ("Bad Bunny (Música Urbana)"), which only its own texts can say."""
    if not kalshi.aliases and not polymarket.aliases and not kalshi.awards and not polymarket.awards:
        return kalshi, polymarket, ""
    k_renamed, k_used = _described(*_renamed(kalshi, _usable(polymarket, kalshi) + _nicknamed(kalshi, polymarket)),
                                   polymarket)
    p_renamed, p_used = _described(*_renamed(polymarket, _usable(kalshi, polymarket) + _nicknamed(polymarket, kalshi)),
                                   kalshi)
    used = list(dict.fromkeys(k_used + p_used))
    if not used:
        return kalshi, polymarket, ""
    return k_renamed, p_renamed, "names a market declares equal: " + ", ".join(used)


def _described(p: Proposition, used: list[str], other: Proposition) -> tuple[Proposition, list[str]]:
    """``p`` with each award it describes written as its description, where ``other`` never
    names the award and says every word of the description."""
    for award, description in p.awards:
        award_name = Name(name_key(award), award)
        if any(same_name(n, award_name) for n in other.frame.names):
            continue
        described = statement_words(fold(description), None)
        said = other.frame.words | name_words(other.frame.names)
        if not described or not all(any(same_word(word, s) for s in said) for word in described):
            continue
        names = tuple(n for n in p.frame.names if not same_name(n, award_name))
        if len(names) == len(p.frame.names):
            continue
        p = replace(p, frame=_frame_with(p.frame, names, p.frame.words | described))
        used = [*used, f"'{award}' / '{description}'"]
    return p, used


def _usable(declaring: Proposition, other: Proposition) -> list[Alias]:
    """The pairs ``declaring`` states that may rename ``other``'s names; not one whose second form
    is ``declaring``'s own option ("The Life of a Showgirl (Taylor Swift)" with the option "Taylor
    Swift"): the other market's name in that form already is the option."""
    pairs: list[Alias] = []
    own = [n for n in _selections(declaring) if isinstance(n, Name)]
    for first, second in declaring.aliases:
        pair = (Name(name_key(first), first), Name(name_key(second), second))
        if same_name(*pair) or _told_apart(pair, other) or any(n.key == pair[1].key for n in own):
            continue
        pairs.append(pair)
    return pairs


def _nicknamed(declaring: Proposition, other: Proposition) -> list[Alias]:
    """The nicknames ``declaring`` calls a person by while its rules spell them out in quotes
    inside the full name ('Rolf "Blaze" Halvorsen'), where ``other`` names that full name: the
    nickname is then no sibling's mark but the person the other market names
    (docs/matching.md, "Names a market states equal itself")."""
    pairs: list[Alias] = []
    for first, second in declaring.aliases:
        if " " in second or not _quoted_in(second, declaring.frame.rules):
            continue
        full = Name(name_key(first), first)
        if mentioned(full, other.frame.context) and not _told_apart((full, Name(name_key(second), second)), other):
            pairs.append((full, Name(name_key(second), second)))
    return pairs


def _quoted_in(nickname: str, rules: str) -> bool:
    folded = fold(nickname)
    return any(f"{opening}{folded}{closing}" in rules for opening, closing in _QUOTES)


def _selections(p: Proposition) -> tuple[object, ...]:
    return (p.selection, *(t.selection for t in p.outcomes))


def _told_apart(pair: Alias, other: Proposition) -> bool:
    """Whether the market that did not declare ``pair`` names both forms as two names. A market
    that declares the pair itself names one thing twice ("Finns Party" in its question, "PS" as
    its option), never two."""
    first, second = pair
    if any(same_name(Name(name_key(a), a), first) and same_name(Name(name_key(b), b), second) for a, b in other.aliases):
        return False
    names = [*other.frame.names, *(n for n in _selections(other) if isinstance(n, Name))]
    as_first = [n for n in names if same_name(n, first) and not same_name(n, second)]
    as_second = [n for n in names if same_name(n, second) and not same_name(n, first)]
    return bool(as_first) and bool(as_second)


def _renamed(p: Proposition, pairs: list[Alias]) -> tuple[Proposition, list[str]]:
    used: list[str] = []

    def rename(name: Name) -> Name:
        for first, second in pairs:
            if same_name(name, second) and not same_name(name, first):
                used.append(f"'{first.label}' / '{second.label}'")
                return _written_as(name, first.label)
        return name

    selection = rename(p.selection) if isinstance(p.selection, Name) else p.selection
    outcomes = tuple(replace(t, selection=rename(t.selection)) if isinstance(t.selection, Name) else t
                     for t in p.outcomes)
    names: dict[str, Name] = {}
    for name in p.frame.names:
        renamed = rename(name)
        names.setdefault(renamed.key, renamed)
    if not used:
        return p, used
    frame = _frame_with(p.frame, tuple(names.values()), p.frame.words)
    return replace(p, selection=selection, outcomes=outcomes, frame=frame), used


def _written_as(name: Name, label: str) -> Name:
    """``label`` as the reader that made ``name`` would have written it: a candidate keeps the
    race's form of a person."""
    if name.key.startswith("person:"):
        return person_option(label)
    return Name(name_key(label), label, name.kind)


def _frame_with(frame: Frame, names: tuple[Name, ...], statement: frozenset[str]) -> Frame:
    """``frame`` with other names and words, and the same context and rules."""
    return replace(frame, source=None, _read=[(statement, names)], _context=list(frame._context),
                   _rules=list(frame._rules))
