"""The names two statements make, compared; and the tests the word comparison
(:mod:`.statements`) shares with it: whether a name or a word one market states is said in the
other market's texts (``named_by``, ``_name_said``, ``_said_in``, ``_context_words``), the names
a statement makes with its option put back (``_option_names``), and a restatement in brackets
of a market's rules."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from arb_pipeline.domain.matching.equivalence.audit import Audit
from arb_pipeline.domain.matching.equivalence.scope import (
    WORLDWIDE,
    author_alone,
    city_of_the_station,
    euro_area_apart,
    widened,
    worldwide_apart,
)
from arb_pipeline.domain.matching.equivalence.banks import country_banks
from arb_pipeline.domain.matching.equivalence.wordings import alias_phrases, alias_written, title_name_the_rules_replace
from arb_pipeline.domain.matching.propositions.frames import canonical, canonical_phrases
from arb_pipeline.domain.matching.propositions.lexicon.markets import sources_in
from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import (
    COMPETITIONS,
    DEFAULT_PLACES,
    HOLDING,
    REGIONS,
    SYMMETRIC,
    is_subject,
)
from arb_pipeline.domain.matching.propositions.model import Kind, Name, Proposition
from arb_pipeline.domain.matching.propositions.names import (
    GENERATIONS,
    initials_of,
    is_category,
    mentioned,
    name_key,
    qualified_in,
    same_country_word,
    same_name,
    same_word_spelling,
)
from arb_pipeline.domain.matching.propositions.sports import other_school
from arb_pipeline.domain.matching.propositions.text import STOPWORDS, contains_any, fold_short, same_word, words


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


def _names_source_of(name: Name, shared: frozenset[str], market: Proposition) -> bool:
    found = sources_in(name.key) if shared else frozenset()
    asset = market.measure.key.partition(":")[2].lower() if market.measure else ""
    return bool(found) and found <= shared and bool(asset) and asset in name.key


def compare_names(kalshi: Proposition, polymarket: Proposition, audit: Audit, *, measured: bool = False) -> None:
    mixed = kalshi.kind is not polymarket.kind
    k_names = _option_names(kalshi) if mixed else kalshi.frame.names
    p_names = _option_names(polymarket) if mixed else polymarket.frame.names
    k_left = _unshared(k_names, p_names, polymarket.frame.context, kalshi.frame.context)
    p_left = _unshared(p_names, k_names, kalshi.frame.context, polymarket.frame.context)
    matched = [n.label for n in k_names if n not in k_left]
    k_unsaid = [n for n in k_left if n.key not in DEFAULT_PLACES and not _name_said(n, polymarket.frame.context)]
    p_unsaid = [n for n in p_left if n.key not in DEFAULT_PLACES and not _name_said(n, kalshi.frame.context)]
    if mixed:
        # The option of one market and the subject of the other's event must be the same name.
        # An option that is the phrase the other market quotes ("Recession" under a question
        # whose YES is saying "recession") is that market's subject.
        k_unsaid = [n for n in k_unsaid if n not in k_names[len(kalshi.frame.names):]] + [
            n for n in k_names[len(kalshi.frame.names):]
            if n in k_left and not _numbered_in(n, p_names, polymarket) and n.key not in polymarket.quoted]
        p_unsaid = [n for n in p_unsaid if n not in p_names[len(polymarket.frame.names):]] + [
            n for n in p_names[len(polymarket.frame.names):]
            if n in p_left and not _numbered_in(n, k_names, kalshi) and n.key not in kalshi.quoted]
    # A name one market's rules restate in brackets ("the NRL Premiership (the NRL Grand Final)")
    # is the name in the brackets, when the other market names that.
    k_unsaid = [n for n in k_unsaid if not _restated(n.words, kalshi.frame.rules, polymarket.frame.context)]
    p_unsaid = [n for n in p_unsaid if not _restated(n.words, polymarket.frame.rules, kalshi.frame.context)]
    if len(k_unsaid) + len(p_unsaid) == 1:
        # The one name only a title writes, which its own rules say in the other market's words.
        k_unsaid = [n for n in k_unsaid if not title_name_the_rules_replace(n, kalshi, polymarket)]
        p_unsaid = [n for n in p_unsaid if not title_name_the_rules_replace(n, polymarket, kalshi)]
    if measured:
        # The measure says what is measured; a publisher or an office one venue names beside it
        # changes nothing, a country does ("UK CPI" against CPI).
        # A name that extends one both say is a narrower subject ("Dow Jones Transportation
        # Average" against "Dow Jones").
        k_unsaid = [n for n in k_unsaid if is_subject(n.key) or _partly_said(n, polymarket.frame.context)]
        p_unsaid = [n for n in p_unsaid if is_subject(n.key) or _partly_said(n, kalshi.frame.context)]
        # A source's own name for its index of the measured asset ("CF ETHUSD_RTI" on an Ether
        # price) is the source both markets name; an index of another asset is not.
        shared = kalshi.sources & polymarket.sources
        k_unsaid = [n for n in k_unsaid if not _names_source_of(n, shared, kalshi)]
        p_unsaid = [n for n in p_unsaid if not _names_source_of(n, shared, polymarket)]
    k_unsaid, p_unsaid = country_banks(k_unsaid, p_unsaid, kalshi, polymarket)
    p_unsaid, k_unsaid = country_banks(p_unsaid, k_unsaid, polymarket, kalshi)
    k_unsaid, p_unsaid = _station_city_off(k_unsaid, kalshi, polymarket), _station_city_off(p_unsaid, polymarket, kalshi)
    apart = _competitions_apart(k_unsaid, kalshi.frame.context, polymarket.frame.context) \
        or _competitions_apart(p_unsaid, polymarket.frame.context, kalshi.frame.context) \
        or sports_apart(kalshi.frame.context, polymarket.frame.context) \
        or _another_bearer("Kalshi", kalshi, _option_names(kalshi), _option_names(polymarket)) \
        or _another_bearer("Polymarket", polymarket, _option_names(polymarket), _option_names(kalshi)) \
        or _spelled_apart(k_names, p_names, kalshi.frame.context, polymarket.frame.context) \
        or _spelled_apart(p_names, k_names, polymarket.frame.context, kalshi.frame.context) \
        or _numbered_apart(k_names, p_names, kalshi.frame.context, polymarket.frame.context) \
        or euro_area_apart(kalshi.frame.context, polymarket.frame.context) \
        or worldwide_apart(kalshi.frame.context, polymarket.frame.context) \
        or _anywhere_apart(k_left, polymarket.frame.context, "Kalshi", "Polymarket") \
        or _anywhere_apart(p_left, kalshi.frame.context, "Polymarket", "Kalshi") \
        or (_region_apart(k_unsaid, p_unsaid, k_names, p_names, kalshi.frame.context, polymarket.frame.context) if measured else None)
    untied = None if apart is not None else \
        _initials_untied(k_names, p_names, kalshi.frame.context, polymarket.frame.context) \
        or _placed_alone("Kalshi", k_left, kalshi, polymarket) or _placed_alone("Polymarket", p_left, polymarket, kalshi) \
        or widened("Kalshi", k_names, kalshi.frame.context, polymarket.frame.context) \
        or widened("Polymarket", p_names, polymarket.frame.context, kalshi.frame.context) \
        or (None if "win" in kalshi.frame.words | polymarket.frame.words else
            author_alone("Kalshi", _option_names(kalshi), _option_names(polymarket), kalshi.frame.context,
                         polymarket.frame.context)
            or author_alone("Polymarket", _option_names(polymarket), _option_names(kalshi), polymarket.frame.context,
                            kalshi.frame.context))
    if apart is not None:
        audit.reject(apart)
    elif untied is not None:
        audit.unverified("names", untied)
    elif k_unsaid and p_unsaid:
        audit.reject(f"different names: Kalshi {_labels(k_unsaid)} vs Polymarket {_labels(p_unsaid)}")
    elif k_unsaid or p_unsaid:
        who, unsaid = ("Kalshi", k_unsaid) if k_unsaid else ("Polymarket", p_unsaid)
        audit.unverified("names", f"only {who} names {_labels(unsaid)}")
    elif kalshi.kind is Kind.EVENT and polymarket.kind is Kind.EVENT \
            and _reordered(_actors(k_names, kalshi, polymarket), _actors(p_names, polymarket, kalshi)) \
            and not (SYMMETRIC & kalshi.frame.words and SYMMETRIC & polymarket.frame.words) \
            and not (HOLDING & kalshi.frame.words and HOLDING & polymarket.frame.words):
        # "India strikes Pakistan" is not "Pakistan strikes India": the same names in another
        # order may swap who does what to whom, which no word comparison sees. Two people who
        # meet, talk or sign together do it to each other, in either order; one who holds or
        # leaves an office or a cell acts on no one.
        audit.unverified("statement", f"the same names in another order: Kalshi {_labels(list(k_names))}, "
                                      f"Polymarket {_labels(list(p_names))}")
    elif matched:
        audit.verified(f"same names: {_labels_text(matched)}")


def _station_city_off(unsaid: list[Name], own: Proposition, other: Proposition) -> list[Name]:
    """Without the city of the station the other market names, where this market's rules name it."""
    if not unsaid:
        return unsaid
    city = city_of_the_station(own, other)
    return [n for n in unsaid if city is None or n.key != city[0]]


def _numbered_in(option: Name, names: tuple[Name, ...], other: Proposition) -> bool:
    """An option whose name ends in a number ("Shrek 5") that the other market writes whole
    ("Will Shrek 5 be the #1 movie ...?") while reading only the name before the number as a name
    ("Shrek"): the same option. Another number ("Shrek 4") is never written there."""
    head, _, number = option.key.rpartition(" ")
    return bool(head) and number.isdigit() and any(n.key == head for n in names) and mentioned(option, other.frame.context)


# A figure a market says is the country's as a whole ("US national gas price", "the nationwide
# unemployment rate"), or one naming the country beside its measure.
_NATIONAL = re.compile(r"\bnational\b|\bnationwide\b|\bcountrywide\b")


def _region_apart(k_unsaid: list[Name], p_unsaid: list[Name], k_names: tuple[Name, ...], p_names: tuple[Name, ...],
                  k_context: str, p_context: str) -> str | None:
    """Why a state's or a city's figure is not the nation's: AAA's California average gas price
    against "US national gas price" (the other names the country or says "national"). A region
    only one names against a market that says neither waits for a person."""
    for regions, other_names, other_context, who, other in (
            ([n for n in k_unsaid if n.key in REGIONS], p_names, p_context, "Kalshi", "Polymarket"),
            ([n for n in p_unsaid if n.key in REGIONS], k_names, k_context, "Polymarket", "Kalshi")):
        if not regions:
            continue
        if any(n.key in DEFAULT_PLACES for n in other_names) or _NATIONAL.search(other_context) is not None:
            return f"different region: {who} {_labels(regions)} vs {other} the national figure"
    return None


# An event placed in the country a market names by default ("makes landfall in the continental
# US", "a US landfall"): where the other market names no place, an event abroad may pay there.
_IN_DEFAULT_PLACE = re.compile(r"\b(?:in|on|into|hits?|strikes?) (?:the )?(?:continental |contiguous |mainland )?us\b"
                               r"|\bus (?:landfall|soil|mainland)\b")


def _placed_alone(who: str, left: list[Name], own: Proposition, other: Proposition) -> str | None:
    if own.kind is not Kind.EVENT or other.kind is not Kind.EVENT:
        return None
    if not any(n.key in DEFAULT_PLACES and not _name_said(n, other.frame.context) for n in left) \
            or _IN_DEFAULT_PLACE.search(own.frame.context) is None:
        return None
    return f"only {who} places the event in the US; the other market names no place, and an event abroad may pay there"


def _initials_untied(k_names: tuple[Name, ...], p_names: tuple[Name, ...], k_context: str, p_context: str) -> str | None:
    """Why initials one market writes ("JD", "A.J.") are not yet the other market's full name of
    those letters ("Jacob Dwyer"): many people share them, and neither market ties them to that
    one: the initials' market never writes the full name, the full name's market never the
    initials ("Jacob Dwyer (JD)")."""
    if not any(_initial_form(n.label) for n in (*k_names, *p_names)):
        return None
    for k in k_names:
        for p in p_names:
            if initials_tied(k, p, k_context, p_context) is False:
                return f"initials stand for the other name only by their letters: Kalshi '{k.label}' vs Polymarket '{p.label}'"
    return None


def initials_tied(a: Name, b: Name, a_context: str, b_context: str) -> bool | None:
    """None unless one name is initials of the other's words; then whether a market's texts tie
    them: the initials' market writes the full name, or the full name's market the initials."""
    for short, long, short_context, long_context in ((a, b, a_context, b_context), (b, a, b_context, a_context)):
        letters = initials_of(short, long)
        if letters:
            # A name numbered after it ("Crimson Dusk Rebellion 3", "CDR3") is a work's, no person's.
            return mentioned(long, short_context) or re.search(rf"\b{letters}\b", long_context) is not None \
                or re.search(rf"\b{re.escape(' '.join(long.words))} \d", long_context) is not None
    return None


def _initial_form(label: str) -> bool:
    letters = label.replace(".", "")
    return 2 <= len(letters) <= 5 and letters.isupper() and letters.isalpha()


# Words that say an event counts wherever it happens ("makes landfall anywhere").
_ANYWHERE = re.compile(r"\b(?:anywhere|any country)\b")


def _anywhere_apart(own_left: list[Name], other_context: str, who: str, other: str) -> str | None:
    """Why the place a market may leave unsaid ("US") is not left unsaid by the other market:
    that market says the event counts anywhere, so a landfall abroad pays there and not here."""
    place = next((n for n in own_left if n.key in DEFAULT_PLACES), None)
    if place is None or (_ANYWHERE.search(other_context) is None and WORLDWIDE.search(other_context) is None):
        return None
    return f"different place: {who} '{place.label}' vs {other} anywhere"


def _numbered_apart(k_names: tuple[Name, ...], p_names: tuple[Name, ...], k_context: str, p_context: str) -> str | None:
    """Why one name with another number after it is another thing: "Artemis 2" is not "Artemis 3"
    (written "Artemis II" and "Artemis III" too, read as digits before this), "Game 6" not "Game
    7". Only a number of one or two digits right after the name, on both markets."""
    for name in k_names:
        if not name.words or not any(other.key == name.key for other in p_names):
            continue
        after = re.compile(rf"\b{re.escape(name.words[-1])}\s+(\d{{1,2}})\b(?![.,%]?\d|%|k\b)")
        k_numbers, p_numbers = set(after.findall(k_context)), set(after.findall(p_context))
        if k_numbers and p_numbers and not k_numbers & p_numbers:
            return (f"different numbers after '{name.label}': Kalshi {', '.join(sorted(k_numbers))} vs Polymarket "
                    f"{', '.join(sorted(p_numbers))}")
    return None


def _another_bearer(who: str, own: Proposition, own_names: tuple[Name, ...], other_names: tuple[Name, ...]) -> str | None:
    """Why a surname one market's titles write alone ("Will Kelce retire?") is not the other
    market's full name ("Jason Kelce"): its own rules say who it is, and that is someone else of
    the surname ("If Travis Kelce announces ..."). Rules that name no one of it leave the short
    name agreeing with any bearer."""
    for short in own_names:
        if len(short.words) != 1:
            continue
        for long in other_names:
            if len(long.words) < 2 or long.words[-1] != short.words[0] or long.key.endswith(f" of {short.words[0]}"):
                # "Prime Minister of Spain": a name that ends "of" a word is an office or a body of
                # that place, no bearer of a surname.
                continue
            written = [n for n in own.frame.rules_names if len(n.words) >= 2 and n.words[-1] == short.words[0]]
            if written and not any(same_name(n, long) for n in written):
                return f"different people: {who}'s rules name '{written[0].label}', the other market '{long.label}'"
    return None


def _spelled_apart(own: tuple[Name, ...], other: tuple[Name, ...], own_context: str, other_context: str) -> str | None:
    """Why initials one market writes ("RDR3") are not the other market's name of those initials
    ("Rogue Dust Rising 3"): the market spells them out itself as another name ("Red Dead
    Redemption 3 (RDR3)")."""
    for short in own:
        letters = short.label.replace(".", "")
        if not (2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()) or f"({letters.lower()}" not in own_context:
            continue
        for long in other:
            if not long.words or long.key == short.key \
                    or not (same_name(short, long) or _initials_with_the(short, long, own_context, other_context)):
                continue
            spelled = re.search(rf"((?:[\w'&-]+ ){{{len(letters) - 1}}}[\w'&-]+)(?: \d+)? \({letters.lower()}\b", own_context)
            words = spelled.group(1).split() if spelled is not None else []
            # The spelled-out name compares in a name's form: "People's Party" is "people party".
            if words and "".join(word[0] for word in words) == letters.lower() \
                    and tuple(name_key(spelled.group(1)).split()[-len(long.words):]) != tuple(long.words):
                return f"different names: '{short.label}' is '{spelled.group(1)}' on one market, '{long.label}' on the other"
    return None


def _competitions_apart(unsaid: list[Name], own_context: str, other_context: str) -> str | None:
    """Why a competition only one market names ("NBA") is not the other's, which its texts, ticker
    or slug place in another one (an NFL series); None when they place it in none."""
    for name in unsaid:
        if name.key in COMPETITIONS:
            other = (_context_words(other_context) & COMPETITIONS) - _context_words(own_context)
            if other:
                return f"different competitions: '{name.label}' against '{sorted(other)[0].upper()}'"
    return None


def sports_apart(kalshi_context: str, polymarket_context: str) -> str | None:
    """Why two markets whose texts each name a sport, and never the other's, are about two
    competitions: "the Masters" is golf's at Augusta and snooker's in London, whatever else the
    markets share."""
    k_sports, p_sports = _sports(kalshi_context), _sports(polymarket_context)
    if k_sports and p_sports and not k_sports & p_sports:
        return f"different sports: Kalshi '{sorted(k_sports)[0]}' vs Polymarket '{sorted(p_sports)[0]}'"
    return None


# Sports whose word a market writes to say which one it is about, and seldom in passing; an esports
# title is its game's, in any of its written forms (a club fields sides in several: "Vitality" in
# Counter-Strike is not "Vitality" in Valorant).
_SPORT_WORDS = ("golf", "snooker", "darts", "tennis", "chess", "cricket", "rugby", "cycling", "boxing", "cs2",
                "counter-strike", "counter strike", "csgo", "cs:go", "valorant", "dota", "league of legends",
                "league legends")
_SPORT = re.compile(r"\b(" + "|".join(_SPORT_WORDS) + r")\b")
_SPORT_OF = {"cs2": "counter-strike", "counter strike": "counter-strike", "csgo": "counter-strike", "cs:go": "counter-strike",
             "league legends": "league of legends"}  # a title's words without "of", as a game's are read


@lru_cache(maxsize=1 << 12)
def _sports(context: str) -> frozenset[str]:
    if not contains_any(context, _SPORT_WORDS):
        return frozenset()
    return frozenset(_SPORT_OF.get(match.group(1), match.group(1)) for match in _SPORT.finditer(context))


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


def _actors(names: tuple[Name, ...], own: Proposition, other: Proposition) -> tuple[Name, ...]:
    """The names that may act on each other: not a label both markets write before a number
    ("Category 5", "Level 4"), which names a grade, not who does what to whom, nor a competition
    both say is won ("wins the 2027 Lisbon Open", "Lisbon Open winner: Ana Ruiz?"), which is what
    is won, not who wins it, nor an occasion both markets place the statement at ("a Safety Car
    at the Italian GP" against "the Italian GP runs without a Safety Car"), nor an award's category
    ("Zendaya wins the Oscar for Best Actress" / "Zendaya wins Best Actress at the Oscars")."""
    return tuple(n for n in names if not is_category(n) and not (_numbered(n, own.frame.context) and _numbered(n, other.frame.context))
                 and not (_won(n, own.frame.context) and _won(n, other.frame.context))
                 and not (_occasion(n, own.frame.context) and _occasion(n, other.frame.context)))


def _occasion(name: Name, context: str) -> bool:
    """The name follows "at" or "during" (and a year): the occasion something happens at. Its first
    word is enough: the texts may spell the rest out ("GP" as "grand prix")."""
    if not name.words or (" at " not in context and "during" not in context):
        return False
    first = re.escape(name.words[0])
    return re.search(rf"\b(?:at|during) (?:the )?(?:(?:19|20)\d\d )?{first}\b", context) is not None


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


def _unshared(own: tuple[Name, ...], other: tuple[Name, ...], other_context: str, own_context: str) -> list[Name]:
    return [n for n in own if not named_by(n, own, other) and not _back_reference(n, own, other, other_context)
            and not any(_nicknamed(n, m, own_context, other_context) or _initials_with_the(n, m, own_context, other_context)
                        or _race_by_place(n, m, own_context, other_context) for m in other)]


def _race_by_place(a: Name, b: Name, a_context: str, b_context: str) -> bool:
    """Whether one name is a place and the other that place's Grand Prix ("Hamilton on the podium in
    Monaco" / "Monaco GP"), where the market that writes the place alone names its Grand Prix in its
    own texts: a race is called by where it is run. A place whose market names no Grand Prix there
    (the "Monaco E-Prix") stays another name."""
    for short, long, short_context in ((a, b, a_context), (b, a, b_context)):
        if short.words and long.words == (*short.words, "grand", "prix") \
                and re.search(rf"\b{re.escape(' '.join(short.words))} grand prix\b", short_context) is not None:
            return True
    return False


def _initials_with_the(a: Name, b: Name, a_context: str, b_context: str) -> bool:
    """Whether one name is initials that spell words of the other market ending in the other name:
    "TES" of "The Elder Scrolls", "TGA" of "The Game Awards" (read as the name "Awards", "game" being
    a word of its own), the "The" the market writes counted or not."""
    for short, long, long_context in ((a, b, b_context), (b, a, a_context)):
        phrase = spelled_out(short.label, long_context) if short.label.isupper() else None
        if phrase is not None and long.words and tuple(phrase[-len(long.words):]) == tuple(long.words):
            return True
    return False


def spelled_out(label: str, context: str) -> list[str] | None:
    """The words of a market's folded texts that a label written as initials spells ("TGA": "the
    game awards", its "the" off), or None: three to five capitals, each the first letter of one
    word in a row, a "the" before them counted or not."""
    letters = label.replace(".", "")
    if not (3 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()):
        return None
    return _spelled(letters.lower(), context)


@lru_cache(maxsize=1 << 10)
def _spelled(letters: str, context: str) -> list[str] | None:
    for pattern in (letters, letters[1:] if letters[0] == "t" else ""):
        if len(pattern) < 2:
            continue
        article = "the " if pattern != letters else ""
        found = re.search(rf"\b{article}" + " ".join(rf"{letter}[\w'&-]*" for letter in pattern) + r"\b", context)
        if found is not None:
            return found.group(0).split()[1 if article else 0:]
    return None


# Words that say a market is about a team's competition, one of which the texts must hold before
# a trailing word is read as a team's nickname.
_COMPETITION_CUES = ("tournament", "championship", "champion", "conference", "league", "playoff", "bowl", "cup",
                     "final", "title", " vs", " game", " match")


def _nicknamed(a: Name, b: Name, a_context: str, b_context: str) -> bool:
    """Whether one name is the other with its team's nickname after it ("Purdue" / "Purdue
    Boilermakers") in markets about a competition: one more capitalised word, plural as
    nicknames are, that says no other school ("Kansas State", "Texas A&M"), nor after a state's
    code in brackets that the texts write ("Miami (OH) RedHawks")."""
    short, long = (a, b) if len(a.words) < len(b.words) else (b, a)
    if len(long.words) != len(short.words) + 1 or long.words[:-1] != short.words or "person" in (a.kind, b.kind):
        return False
    nickname = long.label.split()[-1]
    if not (nickname[:1].isupper() and nickname.endswith("s") and not nickname.endswith(("ss", "us", "is"))) \
            or other_school(long.words[-1]) or not contains_any(a_context, _COMPETITION_CUES):
        return False
    coded = re.compile(rf"\b{re.escape(' '.join(short.words))} \((\w+)\)")
    return not any(other_school(m.group(1)) for context in (a_context, b_context) for m in coded.finditer(context))


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
