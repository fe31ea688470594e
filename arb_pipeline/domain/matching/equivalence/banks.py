"""A central bank under the words a venue writes for it: "India's central bank" (or "the central
bank of India") is the bank whose long name holds that country, "RBI" for the Reserve Bank of
India; and the rate a question names ("the cash rate", "the repo rate") is the policy rate its
own rules pay on, when both markets' rules pay on the policy rate."""

from __future__ import annotations

import re
from functools import lru_cache

from arb_pipeline.domain.matching.propositions.lexicon.measures import CENTRAL_BANK_PATTERN
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import ALIAS_KEY, CENTRAL_BANKS, COUNTRIES
from arb_pipeline.domain.matching.propositions.model import Name, Proposition
from arb_pipeline.domain.matching.propositions.demonyms import same_country_word


@lru_cache(maxsize=1)
def _bank_countries() -> dict[str, frozenset[str]]:
    """The countries each listed central bank's long names hold ("reserve bank of india" ->
    india, "bank of england" -> uk, "swiss national bank" -> switzerland)."""
    found: dict[str, set[str]] = {bank: set() for bank in CENTRAL_BANKS}
    for alias, bank in ALIAS_KEY.items():
        if bank in found:
            for word in alias.split():
                found[bank].update(country for country in COUNTRIES
                                   if ALIAS_KEY.get(word, word) == country or same_country_word(word, country))
    return {bank: frozenset(countries) for bank, countries in found.items()}


def _central_bank_of(country: Name, context: str) -> bool:
    """Whether a market writes ``country`` as the owner of its central bank ("india's central
    bank", "mexico central bank", "the central bank of brazil")."""
    key = re.escape(country.key)
    return re.search(rf"\b{key}(?:'s|’s)?\s+central bank\b|\bcentral bank of (?:the )?{key}\b", context) is not None


def _owned_banks(own: Proposition, other: Proposition) -> list[tuple[Name, str]]:
    """The countries ``own`` writes as the owner of its central bank, each with the bank of that
    country ``other`` names ("India's central bank" against "RBI")."""
    banks = [n.key for n in other.frame.names if n.key in CENTRAL_BANKS]
    if not banks or "central bank" not in own.frame.context:
        return []
    return [(country, bank) for country in own.frame.names
            if country.key in COUNTRIES and _central_bank_of(country, own.frame.context)
            for bank in banks if country.key in _bank_countries()[bank]]


def country_banks(own_unsaid: list[Name], other_unsaid: list[Name], own: Proposition,
                  other: Proposition) -> tuple[list[Name], list[Name]]:
    """Both lists of names left unsaid without a country ``own`` writes as the owner of its central
    bank and the bank of that country ``other`` names: one bank. Another country's bank stays
    apart ("India's central bank" against "RBA")."""
    for country, bank in _owned_banks(own, other):
        own_unsaid = [n for n in own_unsaid if n is not country]
        other_unsaid = [n for n in other_unsaid if n.key != bank]
    return own_unsaid, other_unsaid


_RATE_NAMED = re.compile(r"\b([a-z]+) rate\b")
# The bank's policy rate as folded rules write it ("cuts its policy rate", "a reduction of its key
# policy rate" fold to "its rate", "its key rate").
_POLICY_RATE = re.compile(r"\bits (?:key |main |benchmark )?(?:policy )?rate\b")


def drop_bank_words(k_only: list[str], p_only: list[str], kalshi: Proposition, polymarket: Proposition) -> None:
    """Words of a central bank's decision that name no other thing than the other market's: the
    generic "central bank" where the other names the bank ("Mexico central bank cut" against
    "Banxico decision: Cut"), and the name of the rate a question cuts ("cut the cash rate") when
    its own rules pay on the bank's policy rate, as the other's do. A rate the rules never call
    the policy rate ("the 10-year yield", "the reverse repo rate" beside a policy rate) stays."""
    if not k_only and not p_only:
        return
    if CENTRAL_BANK_PATTERN.search(kalshi.frame.context) is None \
            or CENTRAL_BANK_PATTERN.search(polymarket.frame.context) is None:
        return
    for own_only, own, other_only, other in ((k_only, kalshi, p_only, polymarket), (p_only, polymarket, k_only, kalshi)):
        for country, bank in _owned_banks(own, other):
            for words, word in ((own_only, country.key), (other_only, bank)):
                if word in words:
                    words.remove(word)
    for own_only, own in ((k_only, kalshi), (p_only, polymarket)):
        if "central bank" in own.frame.context:
            own_only[:] = [w for w in own_only if w not in ("central", "bank")]
    if _POLICY_RATE.search(kalshi.frame.rules) is None or _POLICY_RATE.search(polymarket.frame.rules) is None:
        return
    for own_only, own in ((k_only, kalshi), (p_only, polymarket)):
        for match in _RATE_NAMED.finditer(own.text):
            word = match.group(1)
            if word in own_only and re.search(rf"\b{word}\b", own.frame.rules) is None \
                    and f"reverse {word}" not in own.text:
                own_only.remove(word)
