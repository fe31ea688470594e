"""Races for office, read with the politics lexicon: the office, the stage (a party's nomination
or the election), the state, the year, and the candidate or party YES pays on.

Kalshi names the candidate or party in ``custom_strike`` (``{"Person": ...}``, ``{"Party": ...}``)
or the YES side's title; Polymarket in ``groupItemTitle`` or the question ("Will Alicia Moreno
win ...?").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from arb_pipeline.domain.matching.propositions import dates
from arb_pipeline.domain.matching.propositions.frames import condition, context_of
from arb_pipeline.domain.matching.propositions.lexicon import politics
from arb_pipeline.domain.matching.propositions.lexicon.vocabulary import DEFAULT_PLACES, PERSON_KEY
from arb_pipeline.domain.matching.propositions.model import DateRule, Frame, Kind, Name, OutcomeTerm, Proposition, When
from arb_pipeline.domain.matching.propositions.names import joined_initials, names_in
from arb_pipeline.domain.matching.propositions.outcomes import yes_no_terms
from arb_pipeline.domain.matching.propositions.parties import CHAMBER_NAMES
from arb_pipeline.domain.matching.propositions.reading import RULES_READ, Reading, ticker_year
from arb_pipeline.domain.matching.propositions.text import contains_any, fold, fold_short
from arb_pipeline.domain.models import Market

ELECTION = "election"

# "Which party will win the House?", "House control", "a majority in the House": the chamber named
# by its short name where its control is asked (the House passing a bill is no race).
_HOUSE_CONTROL = (r"(?:win|wins|control|controls|flip|flips|keep|keeps|hold|holds|retain|retains|take|takes)"
                  r" (?:control of )?the house\b|\bhouse (?:control|majority)\b|\bmajority (?:in|of) the house\b")
_ELECTION = re.compile(r"\b(?:presiden\w*|vp|senate|senator|governor\w*|gubernatorial|house of representatives|congress\w*"
                       rf"|mayor\w*)\b|{_HOUSE_CONTROL}")
# A substring of each phrase of ``_ELECTION``, tested first: most heads name no office.
_OFFICE_NEEDLES = ("presiden", "vp", "senat", "governor", "gubernatorial", "house", "congress", "mayor")
# "Next Mayor of Paris" names the race by the office's next holder.
# A party keeping, retaining or flipping a chamber ("Democrats keep the Virginia Senate") asks who
# controls it; "the Senate holds a vote" is no race, so "hold" is not among them.
_ELECTION_ACT = re.compile(r"\b(?:win|wins|won|elect\w*|nomin\w*|winner|party|race|control|primary|primaries|runoff|next)\b"
                           r"|\b(?:keep|keeps|retain|retains|flip|flips) (?:the )?(?:[a-z]+ ){0,2}(?:senate|house)\b(?! seats?\b)")
_NOMINATION = re.compile(r"\bnomin\w*")
_NOMINEE_WINS = re.compile(r"\b(?:nominee|candidate)s?\s+(?:wins|win|is elected|takes)\b")
_PRIMARY = re.compile(r"\bprimary\b|\bprimaries\b")
# A deputy's office is its own race ("Lieutenant Governor", "vice presidential nominee"); the
# principal's pattern skips the deputy's title, so a market naming both offices is the principal's.
_OFFICES = (
    ("president", re.compile(r"(?<!vice )(?<!vice-)\bpresiden")),
    ("vice president", re.compile(r"\bvice[- ]presiden|\bvp\b")),
    ("senate", re.compile(r"\bsenat")),
    ("governor", re.compile(r"(?<!lieutenant )(?<!lt\. )(?<!lt )\bgovern(?!ment)|gubernatorial")),
    ("lieutenant governor", re.compile(r"\b(?:lieutenant|lt\.?) govern")),
    ("house", re.compile(r"house of representatives|\bcongressional\b|\bhouse\b")),
    ("mayor", re.compile(r"\bmayor")),
)
_STATE_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(n.lower()) for n, _ in politics.US_STATES), key=len, reverse=True)) + r")\b")
_STATE_CODES = {name.lower(): code for name, code in politics.US_STATES}
_PARTY_PATTERN = re.compile(
    r"\b(" + "|".join(sorted((re.escape(a) for aliases in politics.PARTIES.values() for a in aliases), key=len, reverse=True))
    + r")\b")
_PARTY_BY_ALIAS = {alias: code for code, aliases in politics.PARTIES.items() for alias in aliases}
_WILL_NAME = re.compile(r"^will\s+(?:the\s+|a\s+|an\s+)?(.+?)\s+(?:win|be|become|receive|secure|get|advance|finish|make|qualify)\b")


_INITIALISM = re.compile(r"[A-Z]{2,5}")


@lru_cache(maxsize=1 << 14)
def party(text: str) -> str | None:
    """The one party a folded text names, else None. Remembered: every Yes/No market asks it of its
    outcomes' names, the same few words over a whole catalog."""
    found = {_PARTY_BY_ALIAS[m.group(1)] for m in _PARTY_PATTERN.finditer(text)}
    return next(iter(found)) if len(found) == 1 else None


def person_key(name: str) -> str:
    """A candidate's or a party's name in one form: without a generation suffix, and without the
    word "party" one venue writes after a party's name ("People Power Party" / "People Power")."""
    found = [w for w in re.split(r"[^a-z]+", fold(name)) if w and w not in ("jr", "sr", "ii", "iii", "party")]
    # "J.D. Vance" and "JD Vance": initials written apart are one word.
    return " ".join(joined_initials(found))


def party_option(code: str) -> Name:
    return Name(f"party:{code}", f"{politics.PARTY_LABELS.get(code, code)} party", "party")


def person_option(name: str) -> Name:
    """A candidate in one form: a name the vocabulary knows under another ("AOC") resolved to it;
    a name written as initials keeps its capitals, so it can stand for a full name."""
    key = person_key(name)
    key = PERSON_KEY.get(key, key)
    written = name.strip()
    label = written if _INITIALISM.fullmatch(written) else key.title()
    return Name(f"person:{key}", label, "person")


@dataclass(frozen=True, slots=True)
class Race:
    office: str
    stage: str  # "nomination" | "primary" | "general" | "first round" | "runoff"
    state: str | None
    party_frame: str | None  # the party whose nomination it is
    year: int | None


_ROUND = re.compile(r"\b(?:(runoff|run-off|second round|round two)|first round|round one|1st round)\b")
# A place in the runoff ("Candidates in the 2032 presidential runoff", "advance to the second
# round", "make it to the runoff"): a candidate who gets there may still lose it, so it is a stage
# of its own, not winning the runoff.
_RUNOFF_PLACE = re.compile(r"\b(?:candidates? in|advanc\w* to|mak(?:e|es|ing) it (?:in)?to|made it (?:in)?to|qualif\w* for"
                           r"|reach\w*|(?:a )?(?:place|spot|berth) in|through to)\b[^.?]{0,40}?\b(?:runoff|run-off|second round)\b"
                           r"|\b(?:runoff|run-off|second round) (?:candidates?|qualifiers?|spot|place|berth)\b")
RUNOFF_PLACE = "runoff place"
# A round the election is won "including" ("wins the presidential election, including any second
# round (ballotage)"): the election counted whole, whichever round decides it, not that round (nor
# the round's other name in brackets after it).
_INCLUDED_ROUND = re.compile(r"\bincluding (?:any |a |the |an )?(?:possible |potential |eventual )?"
                             r"(?:runoff|run-off|second round|round two|ballotage)\b(?: ?\([^)]{0,30}\))?")
# A top-two finish in an election ("finish in the top two", "finishes first or second"): the
# second behind an outright winner finishes there too, so it is neither winning the race nor,
# unless the rules of YES say so, a place in a runoff (none is held after an outright win). The
# name of a top-two primary system is no finish.
_TOP_TWO = re.compile(r"\btop[- ](?:two|2)\b(?![- ]primar)|\bfirst or second\b")
TOP_TWO = "top two"
# Standing in the race ("be a candidate in", "on the ballot", "run in"): a candidate may lose it.
_CANDIDACY = re.compile(r"\b(?:be|become|is|as) (?:an? )?(?:official |formal |declared )?candidate\b"
                        r"|\b(?:be|appear|appears|qualif\w*|get|gets|make|makes) (?:on|for) the (?:\w+ )?ballot\b"
                        r"|\b(?:run|runs|running) (?:in|for)\b")
CANDIDACY = "candidacy"
_FINISH_FIRST = re.compile(r"\b(?:finish|finishes|come|comes|place|places) first in\b")


# A count of seats ("225+ House seats", "More than 224" under "Democratic House seats") is a
# threshold on a number, not the race: a party may control a chamber with fewer seats than a
# threshold, or miss a threshold and still control it. A year is no count.
_SEATS = re.compile(r"\bseats\b")
_SEAT_NUMBER = re.compile(r"(?<![\d,.])(?!(?:19|20)\d\d\b)\d{1,3}(?:,\d{3})?\+?(?![\d%])")


def race(head: str, side: str | None = None) -> Race | None:
    """The race a market's titles (``head``, folded) name; ``side`` is a Kalshi YES side, which
    says a title that only names an office and a year ("Kentucky governor 2031?" with YES
    "Democratic") asks who wins it, as a verb would."""
    if not (contains_any(head, _OFFICE_NEEDLES) and _ELECTION.search(head)
            and (_ELECTION_ACT.search(head) or (_party_side(side) and _bare_race(head)))):
        return None
    if _SEATS.search(head) and _SEAT_NUMBER.search(head):
        return None
    office = next((name for name, pattern in _OFFICES if pattern.search(head)), None)
    if office is None:
        return None
    # "Will X be the Democratic nominee" is the nomination; "the Republican nominee wins the Senate
    # election" is the election.
    stage = "nomination" if _NOMINATION.search(head) and not _NOMINEE_WINS.search(head) else "general"
    if _PRIMARY.search(head):
        # A state office's primary decides the party's nomination; a presidential primary is one
        # state's contest of many.
        stage = "primary" if office == "president" else "nomination"
    if stage == "general":
        # One round of a two-round election is not the election: the most votes in the first round
        # or a place in the runoff does not win it.
        round_match = _ROUND.search(head) if "including" not in head else _ROUND.search(_INCLUDED_ROUND.sub("", head))
        if round_match is not None:
            stage = "runoff" if round_match.group(1) else "first round"
            if stage == "runoff" and _RUNOFF_PLACE.search(head):
                stage = RUNOFF_PLACE
        if "top" in head or "second" in head:
            if _TOP_TWO.search(head):
                stage = TOP_TWO
        if "candida" in head or "ballot" in head or " run " in f" {head} ":
            if _CANDIDACY.search(head):
                stage = CANDIDACY
        if "first" in head and stage == "general" and _FINISH_FIRST.search(head):
            # "Finish first in the February mayoral election": the most votes in a vote a runoff
            # may follow, not the office.
            stage = "first round"
    state_match = _STATE_PATTERN.search(head) if office != "president" else None
    years = dates.find_years(head)
    return Race(
        office=office, stage=stage, state=_STATE_CODES[state_match.group(1)] if state_match else None,
        party_frame=party(head) if stage == "nomination" else None, year=years[0] if years else None,
    )


def _party_side(side: str | None) -> bool:
    """A YES side that is only a party ("Democratic", "Republican Party")."""
    if not side:
        return False
    folded = fold(side)
    return len(folded.split()) <= 2 and party(folded) is not None


# The words of a title that names only a race ("Kentucky governor 2031?"), besides its state, its
# year and the party of its YES side: a title saying anything more ("Senate filibuster vote") asks
# something else of the party.
_BARE_RACE_WORDS = frozenset("""
    the of in who will be next election elections race governor gubernatorial senate senator house mayor mayoral
    president presidential general party
    """.split()) | frozenset(word for name, _ in politics.US_STATES for word in name.lower().split())


def _bare_race(head: str) -> bool:
    return all(word in _BARE_RACE_WORDS or word.isdigit() or party(word) is not None
               for word in re.findall(r"[a-z]+|\d+", head))


def election_choice(label: str | None, question: str | None) -> Name | None:
    """The party or candidate a label or a "Will <name> win ...?" question names."""
    for text in (label, question):
        if not text or (text is label and fold(text) in ("yes", "no")):
            # A YES side "Yes" names no candidate: the question does.
            continue
        folded = fold(text)
        if text is question:
            # "Philadelphia Democratic mayoral primary: will Jane Doe win?": the question after a
            # heading's colon.
            match = _WILL_NAME.match(folded) or _WILL_NAME.match(folded.rsplit(": ", 1)[-1])
            if match is None:
                continue
            folded = match.group(1)
        code = party(folded)
        if code is not None and (folded.endswith("party") or len(folded.split()) <= 2):
            return party_option(code)
        if code is None and folded:
            return person_option(text if text is label else folded)
    if question:
        # "Michigan Senate race: Democrats win?": the one party a question names.
        code = party(fold(question))
        if code is not None:
            return party_option(code)
    return None


# Words of a race's titles that are not where it is run ("Seoul Mayor Election Winner (Party)",
# "Next Mayor of Paris"), nor are the offices and votes a chamber's rules name beside its control
# ("the Vice President's tie-breaking vote", "the VP's tie-breaker", "the Speaker").
_RACE_WORDS = frozenset("""
    next who will win wins won the of a an in for to mayor mayoral election elections winner winners party parties
    presidential president presidency governor gubernatorial senate senator race municipal general primary runoff
    house representatives congress congressional nominee nomination candidate candidates round vote votes seat seats
    control city council local national state become becomes elected elect
    vice vp lieutenant speaker leader majority minority tie breaking tiebreaking breaker tiebreaker
    """.split())


_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
# Words that make a name a body, not a place: the commission that runs an election and declares
# its result ("the Independent National Electoral Commission", "the Electoral Commission").
_BODY_WORDS = frozenset({"commission", "committee", "authority", "agency", "bureau", "tribunal", "institute", "ministry",
                         "department"})
# Words that make a name an occasion, not a place: where a nominee is chosen or candidates meet
# ("the 2028 Democratic National Convention", "the G7 Summit", "a party conference"), and the two US
# parties' conventions and committees by their initials.
_OCCASION_WORDS = frozenset({"convention", "conventions", "summit", "conference", "debate", "caucus", "caucuses", "congress"})
_OCCASION_INITIALS = frozenset({"dnc", "rnc"})


def _body(name: Name) -> bool:
    """A body or an occasion named in a race's texts by its words ("the Electoral Commission", "the
    Democratic National Convention"). One named by its initials alone ("INEC") stays, but for the
    US parties' "DNC" and "RNC": initials may name a place too ("CDMX")."""
    return not _BODY_WORDS.isdisjoint(name.words) or not _OCCASION_WORDS.isdisjoint(name.words) \
        or fold(name.label) in _OCCASION_INITIALS


def _where(reading: Reading, option: Name | None) -> str:
    """Where a race that names no US state is run ("Seoul", "Paris"): the words of the proper names
    its titles and rules make, but for the option, its parties, the words of a race and the place markets
    default to, as labels (" | " between two). One mayor's race is not another city's."""
    market = reading.market
    # A headline In Title Case hides its names; the sentence of the rules that says when YES pays
    # writes them as names.
    # "U.S." is one initialism, not the sentences "U" and "S".
    raws = tuple(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), t)
                 for t in (reading.raw_title, market.event_title, condition(market.rules)) if t)
    own = set(re.split(r"[^a-z]+", fold(market.subtitle or ""))) - {""}
    initials = ""
    if option is not None and option.kind == "person":
        own.update(option.key.split(":", 1)[-1].split())
        initials = option.label.lower() if _INITIALISM.fullmatch(option.label) else ""
    found = set()
    for name in names_in(raws, reading.evidence):
        if not own.isdisjoint(name.words) or not own.isdisjoint(re.split(r"[^a-z]+", fold(name.label))) \
                or (initials and initials == "".join(word[0] for word in name.words)):
            # The option itself, in any of its forms ("Lula" of "Luiz Inácio Lula da Silva"), as
            # written when the vocabulary resolves it to another form ("AOC"), and in full when the
            # option is written as its initials.
            continue
        if _body(name) or fold(name.label) in CHAMBER_NAMES:
            # A chamber ("the Sejm", "the Bundestag") is what the race fills, not where it is run.
            continue
        kept = [token for token in name.label.split()
                if (word := fold(token)).isalpha() and word not in _RACE_WORDS and party(word) is None]
        if kept and fold(" ".join(kept)) not in DEFAULT_PLACES:
            found.add(" ".join(kept))
    return " | ".join(sorted(found))


def party_outcomes(market: Market) -> tuple[OutcomeTerm, ...]:
    """The outcomes of a market whose two outcomes are two parties ("Republican" / "Democrat"
    under "Kentucky Governor Election: Republican vs. Democrat"), each paying on its party; empty
    for any other market."""
    if len(market.outcomes) != 2 or not all(o.token_id for o in market.outcomes):
        return ()
    # Outcome names repeat across a catalog ("Yes" / "No" on most markets): folded through the cache.
    codes = [party(fold_short(o.name)) for o in market.outcomes]
    if None in codes or codes[0] == codes[1] or any(len(fold_short(o.name).split()) > 2 for o in market.outcomes):
        return ()
    return tuple(OutcomeTerm(o.name, o.token_id, party_option(code or "")) for o, code in zip(market.outcomes, codes, strict=True))


def _proposition(reading: Reading, found: Race, option: Name | None, *, polymarket: bool,
                 outcomes: tuple[OutcomeTerm, ...] = ()) -> Proposition:
    market = reading.market
    if found.stage == RUNOFF_PLACE and _TOP_TWO.search(fold(condition(market.rules))):
        # "Advance to the runoff" whose rules pay on "finishes in the top two in the first round,
        # or wins outright": a top-two finish.
        found = replace(found, stage=TOP_TWO)
    when = (When(DateRule.DURING, start=date(found.year, 1, 1), end=date(found.year, 12, 31), label=str(found.year))
            if found.year else When())
    axes = {"office": found.office, "stage": found.stage}
    where = "" if found.state else _where(reading, option)
    if where:
        axes["where"] = where
    if found.party_frame:
        axes["party"] = found.party_frame
    if polymarket and option is not None and not outcomes:
        outcomes = yes_no_terms(market, option)
    unread = ""
    if option is None and not outcomes:
        unread = "a race whose candidate or party could not be read"
    elif polymarket and not outcomes:
        unread = "a race market without Yes/No outcomes"
    return Proposition(
        venue=market.venue, market_id=market.market_id, kind=Kind.UNKNOWN if unread else Kind.CHOICE, topic=ELECTION,
        category=market.category, text=reading.text, when=when, place=found.state,
        # Its texts tie a candidate's initials to the full name ("Jacob Dwyer (JD)").
        frame=Frame(axes=axes, context_source=context_of(reading.head, market.rules[:RULES_READ])),
        selection=None if polymarket else option, outcomes=outcomes, close_eastern=reading.close_eastern, unread=unread,
    )


# "Ramaphosa re-elected?", "Lula re-election in 2030?", "Will Okafor win re-election?", "Will Okafor
# lose the 2030 election?", "Will Dupont make it to the second round?", "Will Dupont finish first in
# round one?", "Jane Doe wins OH Dem primary?", "Will Jane Doe be the 2032 Democratic nominee?": a
# question on one candidate's race that names no office. Its rules' sentence of YES names the race
# (office, place, year); the office is never assumed.
_IMPLIED = re.compile(r"^(?:will\s+)?(.+?)\s+(?:(?:be\s+|get\s+)?re-?elected\b|re-?election\b"
                      r"|(?:win|wins|(lose|loses))\s+(?:(?:the|his|her|their)\s+)?(?:(?:20\d\d|next)\s+)?(?:re-?)?election\b"
                      r"|(?P<place>(?:make|makes|advance|advances|qualify|qualifies|reach|reaches|get|gets)\b.*"
                      r"\b(?:runoff|run-off|second round)\b)"
                      r"|(?P<first>(?:finish|finishes|come|comes|place|places)\s+first\s+in\s+(?:the\s+)?"
                      r"(?:first round|round one|1st round)\b)"
                      r"|(?:win|wins)\s+(?:the\s+)?(?:20\d\d\s+)?(?:(?P<state>[a-z]{2})\s+)?(?P<party>[a-z]+)\s+primary\b"
                      r"|(?:be|become|becomes|win|wins)\s+(?:the\s+)?(?:20\d\d\s+)?(?P<nominee>[a-z]+)(?:\s+party)?\s+"
                      r"(?:nominee|nomination)\b)")
# What the question says of its race: the stages its rules must name.
_GENERAL, _PRIMARY_STAGES, _FIRST_ROUND = frozenset({"general"}), frozenset({"nomination", "primary"}), frozenset({"first round"})
# "Will X be the 2032 Democratic nominee?": the party's nomination itself, not a primary (a
# presidential primary is one state's contest of many).
_NOMINATION_STAGE = frozenset({"nomination"})
# A sentence of YES that pays when the candidate does not win.
_LOSES = re.compile(r"\b(?:not|loses?|lost|defeated|fails? to)\b")


@dataclass(frozen=True, slots=True)
class ImpliedRace:
    race: Race
    option: Name
    loses: bool  # "Will X lose ...?": YES pays when the option does not win


def implied_race(reading: Reading) -> ImpliedRace | None:
    """The race of a question that names a candidate's election and no office, read from the
    sentence of the rules that says when YES pays; None when that sentence names no office, or
    another candidate, or pays the other way round ("does not win" under a question of winning)."""
    title = reading.title
    if not contains_any(title, ("elect", "round", "runoff", "run-off", "primary", "nomin")):
        return None
    match = _IMPLIED.match(title.rsplit(": ", 1)[-1])
    if match is None:
        return None
    subject = match.group(1)
    said = fold(condition(reading.market.rules))
    found = race(said)
    stages = (frozenset({RUNOFF_PLACE}) if match.group("place") else _FIRST_ROUND if match.group("first")
              else _NOMINATION_STAGE if match.group("nominee")
              else _PRIMARY_STAGES if match.group("party") else _GENERAL)
    if found is None or found.stage not in stages or not _names_subject(subject, said):
        return None
    asked_party = match.group("party") or match.group("nominee")
    if asked_party and (party(asked_party) is None or party(asked_party) != found.party_frame
                        or (match.group("state") and (found.state or "").lower() != match.group("state"))):
        # "OH Dem primary": the state's code and the party the question writes are the rules'.
        return None
    loses = match.group(2) is not None
    if loses != (_LOSES.search(said) is not None):
        return None
    years, stated = dates.find_years(title), found.year
    if years and stated is not None and years[0] != stated:
        return None
    code = party(subject)
    option = party_option(code) if code is not None and len(subject.split()) <= 2 \
        else person_option(_full_name(subject, reading.market.rules))
    year = years[0] if years else stated
    return ImpliedRace(Race(found.office, found.stage, found.state, found.party_frame, year), option, loses)


def _names_subject(subject: str, said: str) -> bool:
    """The rules' sentence of YES (``said``, folded) names the question's candidate: every word of
    it, as a word ("Lula" of "Luiz Inácio Lula da Silva"), its initials written together or apart
    ("J.D. Vance" of "JD Vance")."""
    if set(subject.split()) <= set(re.findall(r"[a-z0-9'-]+", said)):
        return True
    return set(person_key(subject).split()) <= set(joined_initials(re.split(r"[^a-z]+", said)))


# Words that open the sentence of YES before a name ("If Jordan Bardella receives ...").
_OPENERS = frozenset({"if", "when", "whether", "the", "yes", "resolves"})


def _full_name(subject: str, rules: str) -> str:
    """A one-word subject ("Bardella") as the rules' sentence of YES writes it in full ("Jordan
    Bardella"): another person of that surname is another candidate."""
    if " " in subject:
        return subject
    match = re.search(rf"((?:\b[A-Z][\w'.-]*\s+){{1,3}})(?i:{re.escape(subject)})\b", condition(rules))
    if match is None:
        return subject
    given = [w for w in match.group(1).split() if w.lower() not in _OPENERS]
    return " ".join([*given, subject])


def kalshi_race(reading: Reading, found: Race, named: Name | None = None) -> Proposition:
    """``named``: the candidate a question that names no office asks about ("Okafor re-elected?"),
    when neither the strike nor the YES side names one."""
    market = reading.market
    # Kalshi names the person or party YES pays on in ``custom_strike``, else in the YES side's title.
    custom = market.raw.get("custom_strike")
    custom = custom if isinstance(custom, dict) else {}
    person, party_name = custom.get("Person"), custom.get("Party")
    if isinstance(person, str) and person:
        option: Name | None = person_option(person)
    elif isinstance(party_name, str) and party(fold(party_name)):
        option = party_option(party(fold(party_name)) or "")
    else:
        option = election_choice(market.subtitle, market.title) or named
    if found.year is None:
        year = ticker_year(market)
        if year is not None:
            found = Race(found.office, found.stage, found.state, found.party_frame, year)
    return _proposition(reading, found, option, polymarket=False)


def polymarket_race(reading: Reading, found: Race) -> Proposition:
    market = reading.market
    parties = party_outcomes(market)
    if parties:
        return _proposition(reading, found, None, polymarket=True, outcomes=parties)
    return _proposition(reading, found, election_choice(market.subtitle, market.title), polymarket=True)


def implied_polymarket_race(reading: Reading, implied: ImpliedRace) -> Proposition:
    """A Yes/No question on a race its rules name; "Will X lose ...?" pays on its "No" when X wins
    (one candidate wins the office, so X losing is X not winning it)."""
    outcomes = yes_no_terms(reading.market, implied.option)
    if implied.loses:
        outcomes = tuple(replace(term, negated=not term.negated) for term in outcomes)
    return _proposition(reading, implied.race, implied.option, polymarket=True, outcomes=outcomes)
