"""Whether a name or a word one market states is said in the other market's texts: the name in
one of its forms or its aliases (``named_by``, ``_name_said``, ``_partly_said``), a word in its
spellings, a state by its code, an ordinal as written (``_said_in``, ``_context_words``); and a
restatement in brackets of a market's rules ("the NRL Premiership (the NRL Grand Final)":
``_bracketed``, ``_restated``).

Apart from names.py, which compares the names two statements make: these tests are shared by
the name and the word comparisons (:mod:`.statements`, :mod:`.restated_words`) and read only a
market's folded texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from arb_pipeline.domain.matching.equivalence.wordings import alias_phrases, alias_written
from arb_pipeline.domain.matching.propositions.demonyms import same_country_word
from arb_pipeline.domain.matching.propositions.frames import canonical, canonical_phrases
from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.name_variants import qualified_in, same_name
from arb_pipeline.domain.matching.propositions.names import GENERATIONS, mentioned, same_word_spelling
from arb_pipeline.domain.matching.propositions.text import STOPWORDS, same_word, words


def named_by(name: Name, own: tuple[Name, ...], other: tuple[Name, ...]) -> bool:
    """Whether the other market names ``name``: in one of its forms, or (a full name) by the one
    word of it its own market also writes alone ("Gukesh Dommaraju" with a YES side "Gukesh":
    the other market's "Gukesh" is that person)."""
    if any(same_name(name, m) for m in other):
        return True
    if any(name in (a, b) and m.words == a.words + b.words for a, b in zip(own, own[1:], strict=False) for m in other):
        # A title with a subtitle read as two names ("Sandworm: Part Three") is the one name the
        # other market writes whole.
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


def _name_said(name: Name, context: str) -> bool:
    """A name the other market's texts use, as a name or as words ("Oscars" where the other writes
    "Oscar for Best Actor", "Golden Globes" in a headline In Title Case)."""
    if mentioned(name, context) or _state_said(name.key, context):
        return True
    if any(alias_written(phrase, context) for phrase in alias_phrases(name)):
        # "EPL" where the other market writes "Premier League" in a headline In Title Case.
        return True
    said = _context_words(context)
    if len(name.words) == 1 and any(same_country_word(name.words[0], word) for word in said):
        # "Israeli" where the other market writes "Israel", "Chinese" against "China".
        return True
    if not name.words or not all(canonical(word) in said for word in name.words[1:]):
        return False
    if canonical(name.words[0]) in said:
        return True
    # "Brazilian President" where the other market writes "the President of Brazil" or "Brazil's
    # President": the country's adjective before what the other says of it. A qualifier the other
    # writes before those words ("the Deputy Prime Minister") names another office there.
    return len(name.words) >= 2 and any(same_country_word(name.words[0], word) for word in said) \
        and not qualified_in(name.words[1:], context)


def _partly_said(name: Name, context: str) -> bool:
    said = _context_words(context)
    return len(name.words) >= 2 and any(canonical(word) in said for word in name.words)


@lru_cache(maxsize=1 << 12)
def _context_words(context: str) -> frozenset[str]:
    # A term the texts list only as one alternative in brackets ("any medal (gold, silver or
    # bronze)") is one way to pay, not what they say the market pays on.
    if "(" in context:
        context = _BRACKET_LIST.sub(" ", context)
    # Numbers as statements keep them: "98th" is "98".
    return frozenset((w.rstrip("stndrdh") or w) if w[0].isdigit() else canonical(w.split("'", 1)[0])
                     for w in words(canonical_phrases(context)))


_ORDINAL_ENDINGS = frozenset({"st", "nd", "rd", "th"})


def _said_in(word: str, context: str) -> bool:
    if word[0].isdigit() and word[-2:] in _ORDINAL_ENDINGS:
        # An ordinal is said where the texts write it ("the 120th Congress"), not where they write
        # its number alone ("3 goals" says no "3rd period"); the words of a context keep no suffix.
        return re.search(rf"(?<![\w.]){re.escape(word)}\b", context) is not None
    said = _context_words(context)
    return word in said or any(same_word(word, other) or same_word_spelling(word, other) for other in said) \
        or _state_said(word, context)


# A US state by its postal code ("NY state trial") is said where the other market writes its name
# ("the New York state trial").
_STATE_BY_CODE = {code.lower(): state.lower() for state, code in US_STATES}


def _state_said(word: str, context: str) -> bool:
    state = _STATE_BY_CODE.get(word) if len(word) == 2 else None
    return state is not None and re.search(rf"\b{state}\b", context) is not None
