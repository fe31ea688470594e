"""Words only one statement says that the other says in other words, taken out of both before the
statements are compared: initials and the words they spell ("TGA" / "The Game Awards"), a verb
written apart or as one word ("shut down" / "shutdown"), the first rank and a superlative, a
peace treaty and a peace deal, a bill signed into law and one enacted, a party's leader its rules
call president, a pardon received and granted, a product out and released, a country's name and
its adjective.

Apart from statements.py, which compares the words: each rule here is one known restatement,
read from the two markets' word lists and texts, and adding one touches nothing else.
"""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.equivalence.names import spelled_out
from arb_pipeline.domain.matching.equivalence.said import _said_in
from arb_pipeline.domain.matching.propositions.demonyms import same_country_word
from arb_pipeline.domain.matching.propositions.frames import canonical
from arb_pipeline.domain.matching.propositions.model import Proposition
from arb_pipeline.domain.matching.propositions.text import same_word, stem


def drop_spelled_initials(own_only: list[str], other_only: list[str], own: Proposition, other: Proposition) -> None:
    """Initials one market names ("TGA") and the words of the other market they spell ("The Game
    Awards", read as the name "Awards" and the word "game"): one name, taken out of both sides.
    Only a name the market writes in capitals is initials."""
    if not other_only:
        return
    for label in sorted({n.label for n in own.frame.names if n.label.isupper()}):
        phrase = spelled_out(label, other.frame.context)
        if phrase is None:
            continue
        spelled = [w for w in other_only if any(same_word(w, canonical(word)) for word in phrase)]
        if spelled:
            if (key := label.lower().replace(".", "")) in own_only:
                own_only.remove(key)
            for word in spelled:
                other_only.remove(word)


def drop_written_apart(parts: list[str], joined: list[str]) -> None:
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
# of a ranking is the same place; so is the superlative a chart ranks by ("the highest-grossing
# film", "the most-streamed song", "the biggest") against a rank written "#1". Another rank ("#2",
# "top 3") is a number the other market never states.
_FIRST_RANK = frozenset({"1", "best"})
_SUPERLATIVES = frozenset({"best", "high", "most", "largest", "greatest"})


def drop_first_rank(k_only: list[str], p_only: list[str]) -> None:
    k_rank = [w for w in k_only if w in _FIRST_RANK or w in _SUPERLATIVES]
    p_rank = [w for w in p_only if w in _FIRST_RANK or w in _SUPERLATIVES]
    if len(k_rank) == len(p_rank) == 1 and "1" in (k_rank[0], p_rank[0]):
        k_only.remove(k_rank[0])
        p_only.remove(p_rank[0])


def drop_peace_treaty(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """A peace treaty is a peace deal or agreement (read "peace"): "treaty" beside the peace both
    markets state adds nothing ("peace treaty signed" against "sign a peace deal")."""
    if "peace" in kalshi.frame.words and "peace" in polymarket.frame.words:
        for own in (k_only, p_only):
            if "treaty" in own:
                own.remove("treaty")


# Rules that pay on a bill signed into law, as the reader writes them ("the President signs into law
# a bill" reads "law a bill", "a bill is signed into law" reads "is law"), and rules that pay on one
# becoming law in any words ("is enacted", "becomes law").
_SIGNED_INTO_LAW = re.compile(r"\blaw (?:a |the |an )?(?:bill|legislation|act)\b|\b(?:is|be|are) law\b")
_ENACTED = re.compile(r"\benacted\b|\b(?:is|be|are|becomes?) law\b|\blaw (?:a |the |an )?(?:bill|legislation|act)\b")


def drop_signed_law(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """A bill "signed by September 30" whose own rules pay when the President "signs into law" a
    bill is enacted, which the other market's rules pay on ("is enacted", "becomes law"): the
    title's "signed" is read as an agreement's word ("agree"), and is the enactment only there."""
    for own, other_own, market, other in ((k_only, p_only, kalshi, polymarket), (p_only, k_only, polymarket, kalshi)):
        if "agree" in own and not other_own and _SIGNED_INTO_LAW.search(market.frame.rules) \
                and _ENACTED.search(other.frame.rules):
            own.remove("agree")
            return


def drop_leader_as_president(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """"Cease to be LDP leader" whose own rules pay when she is "no longer president of the Liberal
    Democratic Party", against "out as LDP president": the title's "leader" is the office its rules
    name. Rules that say "leader" too keep the word (a parliamentary group's leader is no party's
    president)."""
    for own, other_own, market in ((k_only, p_only, kalshi), (p_only, k_only, polymarket)):
        if "leader" in own and "president" in other_own and _said_in("president", market.frame.rules) \
                and not _said_in("leader", market.frame.rules):
            own.remove("leader")
            other_own.remove("president")
            return


def drop_received(k_only: list[str], p_only: list[str]) -> None:
    """"Netanyahu receives a pardon" against "Herzog pardons Netanyahu": receiving what the other
    market does to the same person is the one act said from its other side, when "receive" is the
    only word the statement adds (its other words, a grantor the rules name, are compared as ever)."""
    for own in (k_only, p_only):
        if own == ["receive"]:
            own.clear()
            return


_OUT = re.compile(r"\bout\b")


def drop_product_out(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """A thing "out by June 30" whose own rules pay on its release ("makes Vela 3 publicly
    available") is released, which the other market says: the title's "out" is read as leaving
    ("out as CEO"), and is that only where no other word, in the title or the rules, says so."""
    for own, other_own, market in ((k_only, p_only, kalshi), (p_only, k_only, polymarket)):
        if "leave" in own and "release" in other_own and "out" in market.text and _OUT.search(market.text) \
                and _said_in("release", market.frame.rules) and not _said_in("leave", _OUT.sub(" ", market.text)) \
                and not _said_in("leave", _OUT.sub(" ", market.frame.rules)):
            own.remove("leave")
            other_own.remove("release")
            return


def drop_country_forms(k_only: list[str], p_only: list[str]) -> None:
    """A country's adjective on one side and its name on the other ("a Scottish referendum" / "a
    Scotland referendum") are one word."""
    for a in list(k_only):
        b = next((b for b in p_only if same_country_word(a, b)), None)
        if b is not None:
            k_only.remove(a)
            p_only.remove(b)
