"""The frame of a statement: its words and names once the selection, the numbers and the dates
are taken out, its qualifiers on their axes, and the texts it can be checked against.

"Will the high temp in Miami be 85° or above on Jan 10, 2026?" and "Will the highest temperature
in Miami be 85°F or higher on January 10?" both leave the words {high, temp} and the name Miami:
the threshold and the day are compared as numbers and dates, the rest as words, in one canonical
spelling each (:mod:`.lexicon.vocabulary`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, partial

from arb_pipeline.domain.matching.propositions.dates import date_mentions, fiscal_quarters
from arb_pipeline.domain.matching.propositions.league_teams import team_in_full
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import (
    ALIAS_KEY,
    OUT_OF_TOP,
    PHRASE_CANONICAL,
    PHRASE_GATE_WORDS,
    PHRASE_PATTERN,
    SYNONYMS,
    WRITTEN_SHORT,
    enactments,
    flights,
    records,
    rulings,
    state_forms,
    without_count_verb,
)
from arb_pipeline.domain.matching.propositions.model import Frame, Kind, Name
from arb_pipeline.domain.matching.propositions.names import abbreviated_names, name_key, names_in, same_name
from arb_pipeline.domain.matching.propositions.numbers import parse_range
from arb_pipeline.domain.matching.propositions.text import STOPWORDS, fold, fold_short, stem, words

_TIME_PHRASE = re.compile(r"\b(?:at\s+)?\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?:\s*(?:et|est|edt|utc|pt|ct))?\b"
                          r"|\b(?:et|est|edt|utc)\b|\bnoon\b|\bmidnight\b"
                          r"|\b(?:eastern|pacific|central|mountain)(?: standard| daylight)? time\b")
_NUMBERISH = re.compile(r"^[\d.$%°]+$")
# A number of the statement itself ("10-year", "20th", "top 10"), kept as a word: it names what is
# measured, unlike the threshold and the date, which are taken out first.
_STATEMENT_NUMBER = re.compile(r"^\d+(?:st|nd|rd|th)?$")
# A unit written onto its number ("25bps", "50bp") is the number: one venue writes the unit, the
# other leaves it to the rules.
_GLUED_UNIT = re.compile(r"^(\d+)(?:bps|bp|pp)$")
# A word joined to itself by "to" is one modifier ("ship-to-ship transfer", "door-to-door"): its
# word is no verb of the statement ("ship" would be a release).
_SELF_COMPOUND = re.compile(r"\b([a-z]+)-to-\1\b")


def canonical(word: str) -> str:
    """A word in its one spelling: stemmed, then through the synonym groups ("cuts" -> "cut" ->
    "decrease", "temperatures" -> "temp")."""
    if word in ALIAS_KEY:
        return ALIAS_KEY[word]
    stemmed = stem(word)
    found = SYNONYMS.get(stemmed) or SYNONYMS.get(word) or ALIAS_KEY.get(stemmed)
    if found is None and word.endswith(("ed", "ing")):
        # The stemmer puts a lost "e" back on short roots only ("voted" -> "vote"): a long one
        # stays cut ("declared" -> "declar", "announced" -> "announc"). A root whose "e" form is a
        # word of a synonym group is that word, in every tense ("NOAA declares" / "declared").
        found = SYNONYMS.get(stemmed + "e")
    return found or stemmed


def canonical_phrases(text: str) -> str:
    """Multi-word phrases in their one word ("federal reserve" -> "fed", "step down" -> "leave"),
    and an ordinal in words as the ordinal in figures ("first pick" is the "#1 pick", as "1st" is
    1; "the top free app" is the "#1 free app"), unless it counts what follows ("the first 10
    minutes", "a top 10 finish")."""
    split = _SPLIT.split(text)
    if not _ORDINAL_WORDS.isdisjoint(split):
        text = _ORDINAL.sub(lambda m: _ORDINAL_FIGURES[m.group(1)], text)
    text = flights(enactments(rulings(records(state_forms(text)))))
    if PHRASE_GATE_WORDS.isdisjoint(split):
        return text
    return PHRASE_PATTERN.sub(lambda m: PHRASE_CANONICAL[m.group(0)], text)


_ORDINAL_FIGURES = {"first": "1", "second": "2", "third": "3", "top": "1"}
_ORDINAL_WORDS = frozenset(_ORDINAL_FIGURES)
_ORDINAL = re.compile(r"\b(first|second|third|top)\b(?!\s+\d)")


_WRITTEN_SHORT = tuple((full.lower(), short.lower()) for full, short in WRITTEN_SHORT)


_SPLIT = re.compile(r"[^a-z0-9+]+")
_WON_BEFORE = re.compile(r"\bwins?\s*$")
_GAMES_AFTER = re.compile(r"\+?\s*(?:regular[- ]season\s+)?(games)\b")


@lru_cache(maxsize=1 << 15)
def statement_words(text: str, reference: date | None, blanks: tuple[str, ...] = ()) -> frozenset[str]:
    """The canonical content words of one folded text, with its dates, times, threshold phrase
    and ``blanks`` (the option's name, the name of the selection) taken out."""
    for blank in blanks:
        if blank:
            text = text.replace(blank, " ")
    for full, short in _WRITTEN_SHORT:
        if full in text:
            # "Indianapolis 500" is a race, not a threshold of 500.
            text = text.replace(full, short)
    text = without_count_verb(text)
    cuts: list[tuple[int, int]] = [(m.start, m.end) for m in date_mentions(text, reference)]
    cuts.extend(fiscal_quarters(text))
    hit = parse_range(text, short=True)
    if hit is not None:
        cuts.append((hit.start, hit.end))
        # "win 60+ (regular season) games" counts wins, as "60+ wins" does: the games are what is won.
        games = _GAMES_AFTER.match(text, hit.end) if "games" in text and _WON_BEFORE.search(text, 0, hit.start) else None
        if games is not None:
            cuts.append((games.start(1), games.end(1)))
    if cuts:
        pieces, position = [], 0
        for start, end in sorted(cuts):
            if start >= position:
                pieces.append(text[position:start])
                position = end
        pieces.append(text[position:])
        text = " ".join(pieces)
    if any(c.isdigit() for c in text) or " et" in text or "noon" in text or " time" in text:
        text = _TIME_PHRASE.sub(" ", text)
    if "-to-" in text:
        text = _SELF_COMPOUND.sub(r"\1to\1", text)
    text = canonical_phrases(text)
    found = set()
    for word in words(text):
        glued = _GLUED_UNIT.match(word)
        if glued is not None:
            word = glued.group(1)
        if _STATEMENT_NUMBER.match(word) and len(word) <= 4:
            found.add(word.rstrip("stndrdh") or word)
            continue
        if word in STOPWORDS or len(word) < 2 or _NUMBERISH.match(word):
            continue
        word = word.split("'", 1)[0]
        form = canonical(word)
        if form not in STOPWORDS:
            found.add(form)
    return frozenset(found)


def name_words(names: tuple[Name, ...]) -> frozenset[str]:
    found: set[str] = set()
    for name in names:
        for word in words(fold_short(name.label)):
            found.add(canonical(word))
        found.update(canonical(w) for w in name.words)
    return frozenset(found)


# "Avoid", "avert", "prevent" and "escape" a thing say it does not happen: "Will Congress avoid a
# shutdown?" is the NO of "Will the government shut down?". So does missing it ("Will the Bruins
# miss the playoffs?" is the NO of "Will Boston make the playoffs?"), written as a verb before its
# object: "Miss Universe" is a title. Being eliminated (knocked out) before a stage is not reaching
# it ("eliminated before the final"); "a non-American" (a non-European team, a non-LCK team) is
# anyone but one, while "a non-binding resolution" is a kind of resolution. Missing the cut is not
# read so: the vocabulary has it as a word of its own, the antonym of making the cut, and read
# twice it would turn the NO back to YES.
# Who is counted as one of a set ("a team outside the SEC", "a non-SEC school"): anyone but its
# members. "Outside the top 10" is a rank, not a set's complement.
_MEMBER = r"(?:team|school|club|program|player|driver|golfer|nation|country|side)s?\b"
_NEGATION = re.compile(r"\bnot\b|n't\b|\bfail(?:s)? to\b|\bwithout\b|\bnever\b|\bthere (?:will )?(?:be|is|are|has been|have been) no\b|\b(?:eliminated|knocked out) before\b"
                       r"|\b(?:a|an|any) non-(?:[a-z]+(?:ican|ean|ian|ese|ish|ch|ss)|lck|lec|lpl|lcs|us|uk|eu)\b"
                       r"|\b(?:a|an|any) non-[a-z0-9]{2,5} " + _MEMBER +
                       r"|\b(?:a|an|any) " + _MEMBER + r" (?:from )?outside (?:of )?(?!(?:the )?(?:top|bottom)\b|(?:the )?\d)(?:the )?[a-z]"
                       r"|\b(?:someone|somebody|anyone|anybody) other than\b"
                       r"|\b(?:avoid|avert|prevent|escape)(?:s|ed|ing)?\b|\bmiss(?:es|ed)? (?:the|a|an|out on)\b(?! cut\b)"
                       r"|" + OUT_OF_TOP.pattern)


def negated(head: str) -> bool:
    return _NEGATION.search(head) is not None


# "Will no Fed rate cuts happen in 2027?", "No rate cut in 2027?": a question whose subject is "no"
# X. "No" that starts the question is one only before a word in lower case ("No Labels" is a name),
# and "No-hitter", "no change" and "no longer" are no "not".
_NO_SUBJECT = re.compile(r"^(?:Will no (?!change\b|longer\b|one\b)\w|No (?!change\b|longer\b|one\b)[a-z])")


# "No Canelo fight by June 30?": "No" before a capital may also start a name ("No Labels"), so it
# is "not" only when the rules' YES condition says so too ("if Canelo Alvarez does not fight", "if
# no Starship has been launched": the condition's own subject is "no" X, written in lower case).
_NO_NAMED_SUBJECT = re.compile(r"^No [A-Z]")
_NO_CONDITION = re.compile(r"\s*no (?!change\b|longer\b|one\b)\w")


def no_subject(raw_question: str, raw_rules: str = "") -> bool:
    if _NO_SUBJECT.match(raw_question) is not None:
        return True
    if _NO_NAMED_SUBJECT.match(raw_question) is None:
        return False
    stated = stated_condition(raw_rules)
    return stated is not None and (negated(fold(stated.group(1))) or _NO_CONDITION.match(stated.group(1)) is not None)


@dataclass(frozen=True, slots=True)
class FrameParts:
    texts: tuple[str, ...]  # folded title-ish texts whose words make the statement
    raw: tuple[str, ...]  # the same texts as written, whose capitals say which words are names
    evidence: str  # raw rules and titles: where else a name is written capitalised
    options: tuple[Name, ...] = ()  # the names the selection is made of, not part of the frame
    blanks: tuple[str, ...] = ()  # folded strings to take out: the option, the selection label
    league: str | None = None  # the one league with a team table the market names: its teams in full

    def read(self, reference: date | None) -> tuple[frozenset[str], tuple[Name, ...]]:
        key = (self.texts, self.raw, self.options, self.blanks, self.league, reference)
        found = _FRAMES.get(key)
        if found is None:
            if len(_FRAMES) >= _FRAMES_KEPT:
                _FRAMES.clear()
            found = _FRAMES[key] = self._read(reference)
        return found

    def _read(self, reference: date | None) -> tuple[frozenset[str], tuple[Name, ...]]:
        every = names_in(self.raw, self.evidence)
        names = tuple(n for n in every if not any(same_name(n, o) for o in self.options))
        # The option in another of its forms ("the People's Party (PP)" of the option "PP") is the
        # selection too, not words of the statement.
        option_forms = tuple(n for n in every if n not in names)
        written_as_option = {name_key(full) for raw in self.raw for full, short in abbreviated_names(raw)
                             if any(same_name(Name(name_key(short), short), o) for o in self.options)}
        if written_as_option:
            option_forms += tuple(n for n in names if n.key in written_as_option)
            names = tuple(n for n in names if n.key not in written_as_option)
        found: set[str] = set()
        for text in self.texts:
            if text:
                found |= statement_words(text, reference, self.blanks)
        # A name's abbreviation in brackets after it ("Oracle (ORCL)", "the Liberal Democrats
        # (LD)") is the name again, not a word of the statement.
        bracketed = frozenset(canonical(short.lower()) for raw in self.raw if "(" in raw
                              for full, short in abbreviated_names(raw))
        names = tuple(n for n in names if not _inside_a_phrase(n, self.texts, found))
        words = frozenset(found - name_words(names) - name_words(option_forms) - bracketed)
        if self.league is not None:
            names = tuple(team_in_full(n, self.league) for n in names)
        return words, names


def _inside_a_phrase(name: Name, texts: tuple[str, ...], found: set[str]) -> bool:
    """Whether every word of ``name`` is inside one longer phrase of the vocabulary its statement
    was read with: "KO/TKO" of "end by KO/TKO or submission" is the fight ending inside the
    distance, no name only one market writes. A name with a word the statement kept, or a name
    that is a phrase itself ("Supreme Court"), is a name."""
    wanted = set(words(fold_short(name.label)))
    if not wanted or not name_words((name,)).isdisjoint(found):
        return False
    for text in texts:
        if text and not PHRASE_GATE_WORDS.isdisjoint(_SPLIT.split(text)) \
                and any(wanted < set(words(match.group(0))) for match in PHRASE_PATTERN.finditer(text)):
            return True
    return False


# Markets of one event read the same statement from the same titles: read it once. The rules
# (``evidence``) only confirm a capital that starts a sentence, and differ within an event in
# numbers only, so they are not part of the key.
_FRAMES: dict[tuple[object, ...], tuple[frozenset[str], tuple[Name, ...]]] = {}
_FRAMES_KEPT = 1 << 15


# A term in quotes after a space or bracket, closed before a space or punctuation: "say 'tariff'"
# (an apostrophe inside a word, "Trump's", opens nothing).
_QUOTED = re.compile(r"(?:^|(?<=[\s(]))[\"\u201c\u2018']([^\"\u201c\u201d\u2018\u2019']{1,40}?)[\"\u201d\u2019'](?=[\s?.,:;!)]|$)")


def quoted_terms(raw: str) -> frozenset[str]:
    """The terms a title quotes, folded: what a "will X say ..." market pays on word for word. A
    quoted term that lists its other form in brackets ("AI (or 'artificial intelligence')") is
    both terms."""
    if not any(mark in raw for mark in "\"'\u201c\u2018"):
        return frozenset()
    listed = _OR_FORMS.findall(raw) if "(or " in raw else ()
    return frozenset(term for match in _QUOTED.finditer(raw) if (term := fold(match.group(1)))) \
        | frozenset(fold(part) for pair in listed for part in pair if fold(part))


# A term and its other form in brackets: "AI (or 'artificial intelligence')", "Tariff (or tariffs)".
_OR_FORMS = re.compile(r"([^\"\u201c\u201d\u2018\u2019'()/]{1,40}?)\s*\(or\s+[\"\u201c\u2018']?"
                       r"([^\"\u201c\u201d\u2018\u2019'()]{1,40}?)[\"\u201d\u2019']?\)")


# Quoted terms joined by "or": '"Crypto" or "Cryptocurrency"'.
_OR_TERMS = re.compile(r"[\"\u201c]([^\"\u201d]{1,40})[\"\u201d](?:,?\s+or\s+[\"\u201c]([^\"\u201d]{1,40})[\"\u201d])+")


def alternative_terms(raw_rules: str, option: str | None) -> frozenset[str]:
    """The terms a market accepts in place of each other: quoted terms its YES condition joins by
    "or", and the parts of an option written "A / B"; folded. Empty when it lists none."""
    found: set[str] = set()
    listed = ' or "' in raw_rules or " or \u201c" in raw_rules
    said = condition(raw_rules)
    match = _OR_TERMS.search(said) if listed else None
    if match is not None:
        found.update(fold(term) for term in _IN_QUOTES.findall(match.group(0)))
    also = _also_counted(raw_rules) if "count" in raw_rules or "includ" in raw_rules else frozenset()
    if also:
        # "... says "AI" ... The spelled-out form "artificial intelligence" also counts": the term
        # of the condition and the forms counted with it.
        found.update(also, (fold(term) for term in _IN_QUOTES.findall(said)))
    if option and " / " in option:
        found.update(fold(part) for part in option.split(" / "))
    if option and "(or " in option:
        found.update(fold(part) for pair in _OR_FORMS.findall(option) for part in pair)
    return frozenset(term for term in found if term)


_IN_QUOTES = re.compile(r"[\"\u201c]([^\"\u201d]{1,40})[\"\u201d]")
# A sentence of the rules that counts another form too ("... also counts", "will also count",
# "counts as AI", "(including "artificial intelligence")", a sentence of its own that says a
# quoted form "counts"), not one that excludes it.
_ALSO = re.compile(r"\balso counts?\b|\bwill also count\b|\bcounts? as\b|\bincluding\b"
                   r"|(?:^|[.\n])\s*[\"\u201c][^\"\u201d]{1,40}[\"\u201d] (?:counts|will count|is counted)\b")
_EXCLUDES = re.compile(r"\bnot\b|n't\b|\bonly\b|\bexclud")


def _also_counted(raw_rules: str) -> frozenset[str]:
    """The quoted terms of the rules' sentences that count them besides the condition's term."""
    found: set[str] = set()
    for sentence in raw_rules.split(". "):
        folded = sentence.lower()
        if _ALSO.search(folded) and not _EXCLUDES.search(folded):
            quoted = _IN_QUOTES.findall(sentence)
            if "including" in folded and "count" not in folded:
                # Only what the bracket lists: the condition's own term is read from the condition.
                bracket = folded.split("including", 1)[1]
                quoted = _IN_QUOTES.findall(bracket)
            found.update(fold(term) for term in quoted)
    return frozenset(term for term in found if term)


def build_frame(parts: FrameParts, reference: date | None, kind: Kind, head: str, raw_rules: str,
                axes: dict[str, str]) -> Frame:
    return Frame(axes=axes, context_source=context_of(head, raw_rules),
                 negated=kind is Kind.EVENT and (negated(head) or no_subject(parts.raw[0] if parts.raw else "", raw_rules)),
                 source=partial(parts.read, reference),
                 rules_source=partial(_folded_rules, raw_rules),
                 rules_names_source=partial(_condition_names, raw_rules))


def context_of(head: str, raw_rules: str) -> Callable[[], str]:
    """A market's own folded texts (its heading, the rules' opening and sentence of YES), read
    when a comparison first asks for them."""
    return partial(_context, head, raw_rules)


def _condition_names(raw_rules: str) -> tuple[Name, ...]:
    return names_in((condition(raw_rules),), raw_rules)


def _folded_rules(raw_rules: str) -> str:
    return canonical_phrases(fold(raw_rules))


# A sentence ends at a full stop that does not close an initial or an abbreviation ("the U.S.
# Treasury's", "Jerome H. Powell", "St. Louis", "Warner Bros. Discovery"). The stop is matched before the abbreviations are
# looked behind for: the lazy sentence tries its end at every character, and most are no stop.
_CONDITION = re.compile(r"(?:^\s*if\b|resolves?(?: to)? \"?yes\"? if)(.{4,500}?)"
                        r"(?:,? then\b|\.(?<![\s.][A-Z]\.)(?<!\bSt\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bJr\.)(?<!\bSr\.)"
                        r"(?<!\bvs\.)(?<!\bBros\.)(?:\s|$)|$)",
                        re.IGNORECASE | re.DOTALL)


def condition(raw_rules: str) -> str:
    """The sentence of a market's rules that says when YES pays ("If X, then the market resolves to
    Yes", "This market will resolve to "Yes" if X."): what the market states, without the
    exclusions and edge cases that follow it ("a blockade alone does not count")."""
    match = stated_condition(raw_rules)
    return match.group(1) if match else raw_rules[:200]


def stated_condition(raw_rules: str) -> re.Match[str] | None:
    """The match of :data:`_CONDITION` in the first 1,500 characters of the rules. A match starts
    at the rules' start or at a "resolve": the case-blind pattern has no first letter the regex
    engine could jump to, so where the lower-cased text lines up with it character for character
    (no long s, the one letter that case-folds onto one of "resolve"), the search starts at the
    first "resolve" instead of trying every character before it."""
    text = raw_rules[:1500]
    match = _CONDITION.match(text)
    if match is not None:
        return match
    lowered = text.lower()
    if len(lowered) != len(text) or "\u017f" in text:
        return _CONDITION.search(text)
    start = lowered.find("resolve", 1)
    return _CONDITION.search(text, start) if start > 0 else None


def _context(head: str, raw_rules: str) -> str:
    said = condition(raw_rules)
    opening = _OPENING.match(raw_rules)
    if opening is not None and opening.group(0) not in said and said not in opening.group(0):
        # Rules that open by saying what the market is about ("This market will resolve according
        # to the company that owns the top model on the LMArena leaderboard") before the sentence
        # of YES: both say what the market states; the exclusions come later.
        said = f"{opening.group(0)} {said}"
    return canonical_phrases(f"{head} {fold(said)}{camel_initials(said)}")


# The first sentence of a market's rules, up to a full stop that ends no abbreviation (the stop
# matched first, as in :data:`_CONDITION`).
_OPENING = re.compile(r"[^\n]{10,300}?\.(?<![\s.][A-Z]\.)(?<!\bSt\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bJr\.)(?<!\bvs\.)(?=\s|$)")


# A name written as one word of several capitalised parts ("RealClearPolitics", "FiveThirtyEight").
# Written capital first, the boundary before it looked behind for once found (as ``_INITIALS`` of
# reading.py): the regex engine jumps from capital to capital instead of trying every character.
_CAMEL = re.compile(r"[A-Z](?<!\w[A-Z])[a-z]+(?:[A-Z][a-z]+)+\b")


def camel_initials(raw: str) -> str:
    """The initialisms of the one-word names a text writes in capitalised parts, each after a space
    ("RealClearPolitics" -> " rcp"): what the other venue writes "(RCP)" is said there."""
    if not any(c.isupper() for c in raw[1:]):
        return ""
    return "".join(f" {''.join(c for c in m.group(0) if c.isupper()).lower()}" for m in _CAMEL.finditer(raw))
