"""The general vocabulary of prediction markets: words and phrases that say the same thing,
words that exclude each other, and the organisations and countries markets abbreviate.

Two venues word one proposition differently ("cut rates" / "lower interest rates", "leave
office" / "out as", "jobs added" / "nonfarm payrolls", "named storms" / "tropical storms"). Each
phrase below is folded to one canonical word before two statements are compared, so wording
never decides a match; words of one contrast group ("high" / "low", "cut" / "hike") prove that two
statements differ.
"""

from __future__ import annotations

import re

from arb_pipeline.domain.matching.propositions.lexicon.politics import US_STATES
from arb_pipeline.domain.matching.propositions.lexicon.weather import CITIES
from arb_pipeline.domain.matching.propositions.text import STOPWORDS, whole_phrases

# Shows, races and award categories by their short names, one thing whichever a market writes:
# their full names hold a word that ends a run of capitals (a weekday, "in a") or reads as a
# threshold (a number), so the name and statement readers take each as its short name, which the
# aliases below know. An acting award's category without its role is the leading role's.
WRITTEN_SHORT = (("Saturday Night Live", "SNL"), ("Formula 1", "F1"), ("Formula One", "F1"),
                 ("Indianapolis 500", "Indy500"), ("Indy 500", "Indy500"),
                 ("Best Actress in a Leading Role", "Best Actress"), ("Best Actor in a Leading Role", "Best Actor"),
                 ("Best Actress in a Supporting Role", "Best Supporting Actress"),
                 ("Best Actor in a Supporting Role", "Best Supporting Actor"),
                 # "ROY" is the Rookie of the Year award; a side's award is another one.
                 ("Defensive Rookie of the Year", "DROY"), ("Offensive Rookie of the Year", "OROY"),
                 ("Rookie of the Year", "ROY"),
                 # "DPOY" is the Defensive Player of the Year award, "OPOY" the offensive one.
                 ("Defensive Player of the Year", "DPOY"), ("Offensive Player of the Year", "OPOY"))

# Multi-word phrases first (applied to folded text before it is split into words), longest first.
_PHRASES = (
    ("federal reserve", "fed"), ("federal open market committee", "fed"), ("fomc", "fed"),
    ("federal funds rate", "fed rate"), ("fed funds rate", "fed rate"), ("federal funds", "fed rate"),
    ("interest rates", "rate"), ("interest rate", "rate"), ("policy rate", "rate"), ("benchmark rate", "rate"),
    ("basis points", "bps"), ("basis point", "bps"),
    ("no change", "hold"), ("keep rates unchanged", "hold"), ("leave rates unchanged", "hold"),
    ("still be", "remain"), ("still is", "remain"), ("still hold", "remain"),
    # Being the holder of an office on a day is still holding it then ("be CEO of Tesla on Dec 31");
    # ceasing "to be" the holder is leaving it, and stays as written.
    ("be ceo", "remain ceo"), ("be the ceo", "remain ceo"), ("be prime minister", "remain pm"),
    ("be president", "remain president"), ("be chancellor", "remain chancellor"),
    ("to be ceo", "to be ceo"), ("to be the ceo", "to be the ceo"), ("to be prime minister", "to be pm"),
    ("to be president", "to be president"), ("to be chancellor", "to be chancellor"), ("step down", "leave"), ("steps down", "leave"), ("stepping down", "leave"), ("no longer", "leave"),
    # A thing still standing stays in place: a ban, a tariff, sanctions.
    ("stay in place", "remain"), ("stays in place", "remain"), ("remain in place", "remain"),
    ("remains in place", "remain"), ("still in place", "remain"), ("still banned", "remain banned"),
    ("leave office", "leave"), ("leaves office", "leave"), ("leaving office", "leave"), ("left office", "leave"),
    # An official's "post" is the office held, no social-media post: "leave her post".
    *((f"{verb} {whose} post", "leave") for verb in ("leave", "leaves", "leaving", "left")
      for whose in ("his", "her", "their", "the")),
    ("stop being", "leave"), ("stops being", "leave"), ("out as", "leave"), ("be removed", "leave"), ("exit office", "leave"),
    # A case that goes to trial is its trial starting ("John Roe goes to trial" / "Roe's trial begins").
    ("go to trial", "trial start"), ("goes to trial", "trial start"), ("going to trial", "trial start"),
    ("go public", "ipo"), ("goes public", "ipo"), ("initial public offering", "ipo"), ("public listing", "ipo"),
    ("nonfarm payrolls", "payrolls"), ("non-farm payrolls", "payrolls"), ("nonfarm payroll", "payrolls"),
    ("jobs report", "payrolls"), ("jobs added", "payrolls"), ("add jobs", "payrolls"), ("adds jobs", "payrolls"),
    ("jobs created", "payrolls"), ("job growth", "payrolls"), ("jobless rate", "unemployment"),
    ("named storms", "storm"), ("named storm", "storm"), ("tropical storms", "storm"), ("tropical storm", "storm"),
    ("consumer price index", "cpi"), ("consumer prices", "cpi"),
    ("producer price index", "ppi"), ("producer prices", "ppi"), ("gross domestic product", "gdp"),
    ("market capitalization", "marketcap"), ("market cap", "marketcap"), ("market value", "marketcap"),
    ("most valuable player", "mvp"), ("mid-season invitational", "msi"), ("mid season invitational", "msi"),
    # Lifting a competition's trophy is winning it.
    ("lift the trophy", "win"), ("lift trophy", "win"), ("lifts the trophy", "win"),
    ("points per game", "ppg"), ("home runs", "homer"), ("home run", "homer"),
    ("most valuable", "largest"), ("all-time high", "ath"), ("all time high", "ath"), ("record high", "ath"),
    ("motion picture", "film"), ("box office", "boxoffice"), ("opening weekend", "opening"), ("roland garros", "french open"),
    ("roland-garros", "french open"),
    ("cease-fire", "ceasefire"), ("cease fire", "ceasefire"), ("peace deal", "peace"), ("peace agreement", "peace"),
    ("prime minister", "pm"), ("supreme court", "scotus"), ("white house", "whitehouse"),
    ("popular vote", "popularvote"), ("electoral college", "electoral"),
    # A parliament's largest party is the one with the most seats, one word: "most" alone is a
    # stopword, and winning seats is not winning the most (nor is the most votes).
    ("most seats", "mostseats"), ("largest party", "mostseats"), ("biggest party", "mostseats"),
    ("largest number of seats", "mostseats"), ("most parliamentary seats", "mostseats"),
    ("european central bank", "ecb"), ("bank of england", "boe"), ("bank of japan", "boj"), ("bank of canada", "boc"),
    # H5N1 is bird flu, and a WHO "global health emergency" is its public health emergency of
    # international concern.
    ("bird flu", "h5n1"), ("avian flu", "h5n1"), ("avian influenza", "h5n1"),
    ("public health emergency of international concern", "pheic"), ("global health emergency", "pheic"),
    # Boeing's (or Airbus's) commercial deliveries are its jets: airliners, in every wording.
    ("commercial deliveries", "jet deliveries"), ("commercial airplanes", "jets"), ("commercial airplane", "jet"),
    ("commercial aircraft", "jets"), ("commercial jets", "jets"), ("commercial jet", "jet"),
    ("united states", "us"), ("united kingdom", "uk"), ("european union", "eu"), ("united nations", "un"),
    ("hurricane season", "season"), ("breaks down", "collapse"), ("break down", "collapse"), ("fall apart", "collapse"),
    ("new york city", "nyc"),
    # An iPhone app's ranking is the App Store's (Apple's, on iOS); Google Play's is another chart.
    ("iphone apps", "app store apps"), ("iphone app", "app store app"), ("apple app store", "app store"),
    ("ios app store", "app store"),
    # The statutory cap on federal borrowing under its two names.
    ("debt ceiling", "debtlimit"), ("debt limit", "debtlimit"),
    # Shows and races by their short names: one event, whichever a market writes.
    *((full.lower(), short.lower()) for full, short in WRITTEN_SHORT),
    # A record broken, beaten or set is a new record: the verb only says it comes to be.
    ("record broken", "record"), ("record be broken", "record"), ("record is broken", "record"),
    ("record to be broken", "record"), ("break the record", "record"), ("breaks the record", "record"),
    ("broke the record", "record"), ("beat the record", "record"), ("set a record", "record"),
    ("set a new record", "record"), ("sets a new record", "record"), ("new record", "record"),
    # One legal outcome in its two wordings: a court that strikes a law down rules against it.
    ("strike down", "invalidate"), ("strikes down", "invalidate"), ("struck down", "invalidate"),
    ("striking down", "invalidate"), ("rule against", "invalidate"), ("rules against", "invalidate"),
    ("ruled against", "invalidate"), ("ruling against", "invalidate"),
    # A bill that becomes law is one signed into law: the verb before "law" only says it comes to be.
    *((f"{verb} law", "law") for verb in ("become", "becomes", "became", "becoming")),
    *((f"{verb} into law", "law") for verb in ("signed", "sign", "signs", "signing", "enacted")),
    # A thing that stays legal is not banned: the state whose end a ban is (ANTONYMS).
    *((f"{verb} legal", "unbanned") for verb in ("remain", "remains", "stay", "stays", "still", "still be",
                                                   "continue to be", "continues to be")),
    # Event verbs in their other wordings. A verdict of guilt is a conviction (what counts, a
    # plea, is the rules' to say); the "nuclear option" on the filibuster abolishes it; a return
    # to the octagon or the ring is a fight; a product that becomes available is released; an
    # arms control treaty is a strategic arms agreement.
    ("found guilty", "convict"), ("find guilty", "convict"), ("finds guilty", "convict"),
    ("guilty verdict", "convict"),
    # The government shutting down is a shutdown (verb and noun).
    *((f"{verb} down", "shutdown") for verb in ("shut", "shuts", "shutting")),
    # A company that ceases operations shuts down (a suspension is no end: not listed).
    *((f"{verb} operations", "shutdown") for verb in ("cease", "ceases", "ceasing", "ceased")),
    # A net figure "worse than -10" is below it, "better than -10" above it.
    ("worse than", "below"), ("better than", "above"),
    ("nuke the filibuster", "eliminate the filibuster"), ("nukes the filibuster", "eliminate the filibuster"),
    ("nuking the filibuster", "eliminate the filibuster"),
    ("leave prison", "release prison"), ("leaves prison", "release prison"), ("left prison", "release prison"),
    # Staying free of a thing through a day is avoiding it by then ("stay free of tariffs through
    # June 30" / "tariffs in effect by June 30"; a thing in effect or imposed is that thing, see
    # IMPLIED_WORDS). Only verbs other phrases start with: a phrase's first word makes every text
    # holding it run the phrase pattern.
    *((f"{verb} free of", "avoid") for verb in ("stay", "stays", "remain", "remains", "still be", "be")),
    ("walk free", "release"), ("walks free", "release"), ("walked free", "release"),
    ("freed from prison", "release prison"),
    ("return to the octagon", "fight"), ("returns to the octagon", "fight"),
    ("return to the ring", "fight"), ("returns to the ring", "fight"),
    ("become available", "release"), ("becomes available", "release"), ("became available", "release"),
    ("publicly available", "release"),
    ("arms control treaty", "armscontrol agreement"), ("arms control agreement", "armscontrol agreement"),
    ("strategic arms agreement", "armscontrol agreement"), ("strategic arms treaty", "armscontrol agreement"),
    ("arms control deal", "armscontrol agreement"),
    # A rocket's ship is its upper stage: catching one is catching the other.
    ("catch the ship", "catch the upperstage"), ("catches the ship", "catch the upperstage"),
    ("caught the ship", "catch the upperstage"), ("upper stage", "upperstage"),
    # Complements of one event, each a word of its own paired in ANTONYMS: missing the cut is not
    # making it, a race free of safety cars had none deployed, an artist shut out won nothing, a
    # company that remains private has not listed.
    ("make the cut", "makecut"), ("makes the cut", "makecut"), ("made the cut", "makecut"),
    ("making the cut", "makecut"),
    ("miss the cut", "misscut"), ("misses the cut", "misscut"), ("missed the cut", "misscut"),
    ("missing the cut", "misscut"),
    ("safety car be deployed", "safetycar"), ("safety car is deployed", "safetycar"),
    ("safety car deployed", "safetycar"), ("safety car deployment", "safetycar"),
    ("safety-car-free race", "nosafetycar"), ("safety car free race", "nosafetycar"),
    ("safety-car-free", "nosafetycar"), ("safety car free", "nosafetycar"),
    # "At least one" award is any award; an artist shut out or going home empty-handed wins none
    # (a team "shut out" in a game scored nothing, which is no such word).
    ("win at least one grammy", "win grammy"), ("wins at least one grammy", "win grammy"),
    ("win at least one oscar", "win oscar"), ("wins at least one oscar", "win oscar"),
    ("win at least one emmy", "win emmy"), ("wins at least one emmy", "win emmy"),
    ("win at least one award", "win award"), ("wins at least one award", "win award"),
    ("win at least one medal", "win medal"), ("wins at least one medal", "win medal"),
    ("leave shut out", "nowin"), ("leaves shut out", "nowin"), ("go home empty-handed", "nowin"),
    ("goes home empty-handed", "nowin"), ("go home empty handed", "nowin"), ("goes home empty handed", "nowin"),
    ("leave empty-handed", "nowin"), ("leaves empty-handed", "nowin"), ("walk away empty-handed", "nowin"),
    # A fight that lasts all its scheduled rounds goes the distance (to the judges' decision); one
    # stopped before the final bell ends inside it: complements. Winning it "by decision" is one
    # way of winning, as a knockout or a submission is another.
    *((f"{verb} the {full}distance", "fulldistance") for verb in ("go", "goes", "went", "going")
      for full in ("", "full ", "full scheduled ")),
    ("go to a decision", "fulldistance"), ("goes to a decision", "fulldistance"),
    ("go to the judges", "fulldistance"), ("goes to the judges", "fulldistance"),
    # The fight (not one fighter) ending by the judges' decision went the distance; one ending by a
    # knockout or a submission, the two ways of stopping it the venues name, ended inside it. A
    # fighter winning "by decision" stays one way of winning.
    *((f"{verb} {how}", "fulldistance") for verb in ("end", "ends", "ended", "finish", "finishes")
      for how in ("by decision", "by a decision", "in a decision", "by judges' decision", "by the judges' decision",
                  "on the scorecards", "on the judges' scorecards")),
    *((f"{verb} to the {whose}scorecards", "fulldistance") for verb in ("go", "goes", "went")
      for whose in ("", "judges' ", "judges ")),
    ("decided by the judges", "fulldistance"), ("decided on the scorecards", "fulldistance"),
    *((f"{verb} by {ways}", "insidedistance") for verb in ("end", "ends", "ended", "finish", "finishes")
      for ways in ("ko/tko or submission", "ko, tko or submission", "ko, tko, or submission", "knockout or submission",
                   "ko or submission", "tko or submission")),
    *((f"{verb} inside the distance", "insidedistance") for verb in ("end", "ends", "finish", "finishes", "ended")),
    ("inside the distance", "insidedistance"), ("within the distance", "insidedistance"),
    ("by decision", "bydecision"), ("by unanimous decision", "bydecision"), ("via decision", "bydecision"),
    ("technical knockout", "knockout"),
    # Put out of a competition before a stage is not reaching it: the reader reads "eliminated
    # before" as the statement's "not", so what stays is reaching the stage.
    *((f"{out} before", "reach") for out in ("eliminated", "knocked out", "be eliminated", "be knocked out",
                                               "is eliminated", "is knocked out", "are eliminated")),
    # Horse racing is no election race; the favourite at post time is the betting favourite; a year
    # that passes without a thing is the thing's "not" (the reader reads "without").
    ("horse racing", "horseracing"), ("horse race", "horserace"), ("horse races", "horserace"),
    ("post-time favorite", "favorite"), ("post time favorite", "favorite"), ("betting favorite", "favorite"),
    ("favorite at post time", "favorite"),
    ("pass without", "without"), ("passes without", "without"), ("end without", "without"),
    ("ends without", "without"),
    # A world record set, broken or beaten is a new world record.
    *((f"{new}world record{verb}", "worldrecord") for new in ("", "new ")
      for verb in ("", " be set", " is set", " to be set", " be broken", " is broken", " to be broken", " broken")),
    *((f"{verb} {article} world record", "worldrecord") for verb in ("break", "breaks", "broke", "set", "sets", "beat",
                                                                    "beats") for article in ("the", "a new")),
    # A podium is a top-3 finish; pole position is pole, taken or started from; a race run
    # without a thing is its "not".
    ("finish on the podium", "top 3 finish"), ("finishes on the podium", "top 3 finish"),
    # A place "including ties" counts a shared place ("T10"), whichever way it is written.
    ("including ties", "inclties"), ("incl. ties", "inclties"), ("incl ties", "inclties"),
    ("ties included", "inclties"),
    ("podium finish", "top 3 finish"), ("on the podium", "top 3"), ("podium", "top 3"), ("pole position", "pole"),
    ("on pole", "pole"),
    ("take pole position", "pole"), ("takes pole position", "pole"), ("take pole", "pole"), ("takes pole", "pole"), ("start from pole", "pole"), ("starts from pole", "pole"),
    ("run without", "without"), ("runs without", "without"),
    ("remain private", "unlist"), ("remains private", "unlist"), ("stay private", "unlist"),
    ("stays private", "unlist"), ("still private", "unlist"),
)
# Still being held is the NO of being released ("still be in prison on March 31" / "released before
# April 1"): one word, paired with "release" in ANTONYMS. A pattern of its own, run only on texts
# naming a place or state of custody: as phrases, its forms would lengthen the alternation every
# text holding "still" or "remain" runs.
_STILL_HELD = re.compile(r"\b(?:still(?: be)?|remains?|stays?)(?: held)? (?:in (?:prison|jail|custody|detention)|behind bars"
                         r"|detained|imprisoned|jailed|incarcerated)\b")
_HELD_NEEDLES = ("prison", "jail", "custody", "detention", "behind bars", "detained", "incarcerated")


# Falling out of a chart's top N is not being in it ("drop out of Netflix's Top 10" is the NO of
# "in Netflix's Top 10"; the reader marks the statement negated, frames._NEGATION): only before a
# "top N", since "drop out of the race" is withdrawing. The verb then says nothing more.
# An official leaving "the AG post", "her Treasury post" leaves that office: the office's words stay,
# "post" goes, as it does in "leave her post" (no social-media post; a post office is a place).
_OFFICE_POST = re.compile(r"\b(leave|leaves|leaving|left)\s+(?:his|her|their|the)\s+((?:[a-z0-9.'&-]+\s+){1,3}?)post\b"
                          r"(?!\s+office)")
OUT_OF_TOP = re.compile(r"\b(?:drops?|dropped|dropping|falls?|fell|falling) out of ((?:[a-z0-9'&.]+ ){0,5}?top \d+)\b")


def state_forms(text: str) -> str:
    """``text`` (folded) with "still in prison", "remains in custody"... as "incustody prison",
    "drops out of the top 10" as "the top 10" (its negation is read apart), and "leave the AG
    post" as "leave the AG"."""
    if any(needle in text for needle in _HELD_NEEDLES) and _STILL_HELD.search(text):
        text = _STILL_HELD.sub("incustody prison", text)
    if " out of " in text and "top" in text:
        text = OUT_OF_TOP.sub(r"\1", text)
    if " post" in text and "le" in text:
        text = _OFFICE_POST.sub(r"\1 \2", text)
    return text


# A record broken, beaten or set with words of what it is between ("break the pole vault world
# record", "set a new record for most Grammys"): the verb only says the record comes to be. A record
# tied, equalled or matched is not broken (the holder still holds it): it keeps a word of its own.
_RECORD_BROKEN = re.compile(r"\b(?:break|breaks|broke|breaking|set|sets|setting|beat|beats|beating)\s+"
                            r"(?:(?:the|a new|a|an|new)\s+)?((?:[a-z0-9'-]+\s+){0,3}?)(world\s+)?record\b")
_RECORD_TIED = re.compile(r"\b(?:tie|ties|tied|tying|equal|equals|equaled|equalled|equaling|equalling|match|matches|"
                          r"matched|matching)\s+(?:the|a)\s+((?:[a-z0-9'-]+\s+){0,3}?)(world\s+)?record\b")


# A count a place "records" past a threshold ("Will the US record more than 1,000 measles cases?")
# is the count itself: the verb before a comparison only says the cases are counted, no record.
_RECORD_COUNTED = re.compile(r"\b(?:record|records|recorded|recording)\s+(?=(?:more|fewer|less|over|under|above|below"
                             r"|at least|at most|exactly)\b)")


def without_count_verb(text: str) -> str:
    """``text`` (folded) without the verb of a count recorded past a threshold; run before the
    threshold phrase is cut out, which the verb stands before."""
    return _RECORD_COUNTED.sub("", text) if "record" in text else text


def records(text: str) -> str:
    """``text`` (folded) with a record broken or set as the record ("pole vault world record") and
    a record tied as the record and "tiedrecord"."""
    if "record" not in text:
        return text
    text = _RECORD_TIED.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}record tiedrecord", text)
    return _RECORD_BROKEN.sub(lambda m: f"{m.group(1)}{m.group(2) or ''}record", text)


# A bill signed into law with its name between ("sign the GENIUS Act into law") becomes law, as
# "signed into law" does; an executive order signed or issued is the order: the President's verb
# only says it comes to be ("sign" is otherwise an agreement's word).
_SIGNED_INTO_LAW = re.compile(r"\b(?:sign|signs|signed|signing)\s+((?:[a-z0-9'&.-]+\s+){1,6}?)into\s+law\b")
_ORDER_SIGNED = re.compile(r"\b(?:(?:sign|signs|signed|signing|issue|issues|issued|issuing)\s+(?:an?\s+|the\s+|new\s+)?"
                           r"(executive\s+orders?)|(executive\s+orders?)\s+(?:(?:is|be|are|was|being)\s+)?"
                           r"(?:signed|issued))\b")


# A court that issues its decision in a case rules on it, whichever way ("SCOTUS rules on the
# tariff case" / "Supreme Court decision issued" / "issues a merits opinion"); how it rules is
# another statement.
_RULED_ON = re.compile(r"\b(?:rul(?:e|es|ed|ing) on|(?:decision|ruling|opinion) issued"
                       r"|issu(?:e|es|ed|ing) (?:an? |its |the )?(?:merits )?(?:decision|ruling|opinion))\b")


def rulings(text: str) -> str:
    """``text`` (folded) with a court's decision issued, or its ruling on a case, as "rule"."""
    if ("rul" in text or "issu" in text) and _RULED_ON.search(text):
        return _RULED_ON.sub("rule", text)
    return text


def enactments(text: str) -> str:
    """``text`` (folded) with "sign X into law" as "X law" and an executive order signed or issued
    as the order."""
    if " law" in text:
        text = _SIGNED_INTO_LAW.sub(lambda m: f"{m.group(1)}law", text)
    if "executive order" in text:
        text = _ORDER_SIGNED.sub(lambda m: m.group(1) or m.group(2), text)
    return text


# A rocket or a spacecraft flies when it launches: "Will Starship fly again?" is "launch again", and
# "another Starship flight" a launch. Read only in texts about spaceflight (a launch vehicle's own
# words), where a flight is no trip someone takes.
_SPACEFLIGHT = re.compile(r"\b(?:rocket|rockets|spacecraft|booster|orbit|orbital|suborbital|spaceflight|capsule|"
                          r"starship|spacex|nasa|launch|launches|launched)\b")
_FLIES = re.compile(r"\b(?:fly|flies|flew|flown|flying|flight|flights)\b")


def flights(text: str) -> str:
    """``text`` (folded) with a flight of a rocket or spacecraft as its launch."""
    if "fl" not in text or _FLIES.search(text) is None or _SPACEFLIGHT.search(text) is None:
        return text
    return _FLIES.sub("launch", text)


_FLIES_WRITTEN = re.compile(_FLIES.pattern, re.IGNORECASE)


def flights_of_the_rules(title: str, rules: str) -> str:
    """A question whose rules are about spaceflight with its flights as launches: "Will New Glenn
    fly more than 6 times?" whose rules count launches ("launches New Glenn at least 7 times")
    names no spaceflight word itself, and says "launch" as the other venue does."""
    if "fl" not in title or _FLIES_WRITTEN.search(title) is None or _SPACEFLIGHT.search(rules.lower()) is None:
        return title
    return _FLIES_WRITTEN.sub("launch", title)


PHRASE_PATTERN = whole_phrases(phrase for phrase, _ in _PHRASES)
PHRASE_CANONICAL = dict(_PHRASES)
# A text runs the phrase pattern only when it holds, as a word, the longest word of one of the
# phrases (split as the reader splits a text): a phrase's first word is often one nearly every
# text holds ("be", "by", "on", "end"), its longest seldom.
PHRASE_GATE_WORDS = frozenset(max(re.split(r"[^a-z0-9+]+", phrase), key=lambda word: (word not in STOPWORDS, len(word)))
                              for phrase, _ in _PHRASES)

# Single words, after stemming, to their canonical word.
_SYNONYM_GROUPS = (
    ("decrease", "cut decrease lower reduce reduction slash drop"),
    ("increase", "hike increase raise rise rais increas"),
    ("hold", "hold pause unchanged maintain keep"),
    # A seat left is a vacant seat ("a justice leaves the Court" / "a Supreme Court vacancy").
    ("leave", "leave resign depart exit oust ousted removed replaced quit departure resignation out cease vacancy vacate "
              "vacant"),
    # Being fired is one way of leaving, not every way: "fired by June 30" is not the NO of "still
    # CEO on June 30" (a resignation is neither).
    ("fire", "fire fired sack sacked dismiss dismissed"),
    # A thing that remains or stays in place (still serving, a ban still standing) remains.
    # "Merz still German Chancellor on June 30": "still" with no verb is the state going on.
    ("remain", "remain stay continue survive serv still"),
    ("collapse", "collapse"),
    ("start", "start begin began beginning starting onset"),
    ("land", "land territory soil"),
    ("win", "win victory victor triumph capture claim clinch elect champion championship title"),
    ("lose", "lose loss defeated"),
    ("say", "say mention utter speak tweet post"),
    ("ceasefire", "ceasefire truce armistice"),
    ("recession", "recession"),
    ("storm", "storm"),
    ("largest", "largest large big biggest valuable"),
    ("high", "high highest peak maximum max"),
    # The hottest year on record is the warmest one.
    ("hottest", "hottest warmest"),
    ("low", "low lowest bottom minimum min"),
    ("temp", "temp temperature"),
    ("gas", "gas gasoline petrol fuel"),
    ("price", "price value level quote"),
    ("close", "close closing settle settlement"),
    ("nominee", "nominee nomination nominate nominated candidacy"),
    ("election", "election race contest vote ballot poll"),
    ("approve", "approve pass passed confirm confirmed ratify"),
    # Becoming law is more than passing one chamber: it is its own word.
    ("law", "law enact enactment"),
    ("agree", "agree agreement deal sign signed signing accord"),
    ("ipo", "ipo listing"),
    # A verdict of "Guilty" (an outcome of "Guilty or Not Guilty?") is a conviction.
    ("convict", "convict conviction guilty"),
    # A verb's "re-" written apart ("re-indicted", "re-arrested") is the act again: "indicted again".
    ("again", "again re"),
    ("eliminate", "eliminate abolish elimination abolition"),
    ("announce", "announce announcement declare declaration unveil reveal"),
    ("sell", "sell sale divest divestiture"),
    ("invalidate", "invalidate overturn annul"),
    # A judge's order is the order of the court the judge sits on.
    ("court", "court judge"),
    ("meet", "meet meeting summit talks"),
    ("visit", "visit travel trip"),
    ("release", "release releas launch ship"),
    ("marry", "marry wed wedd"),
    ("seat", "seat seats"),
    ("impose", "impose impos imposition"),
    ("prison", "prison jail custody detention incarceration imprisonment"),
    ("payrolls", "payrolls payroll jobs job employment"),
    ("unemployment", "unemployment jobless u3"),
    ("inflation", "inflation cpi"),
    ("happen", "happen occur occurs"),
    ("consecutive", "consecutive straight successive"),
    ("college", "college collegiate ncaa"),
    # Currencies by name and by ISO code ("USD/JPY" is "the dollar in yen").
    ("dollar", "dollar usd greenback"), ("yen", "yen jpy"), ("euro", "euro eur"), ("pound", "pound gbp sterling"),
    ("yuan", "yuan cny renminbi rmb"), ("franc", "franc chf"), ("peso", "peso mxn"), ("rupee", "rupee inr"),
    ("crypto", "crypto cryptocurrency"),
    ("draw", "draw tie tied"),
    # "By KO/TKO" and "by knockout": one way of winning a fight, as the venues count it.
    ("knockout", "knockout ko tko"),
    ("fight", "fight bout"),
    ("rain", "rain rainfall precipitation"), ("snow", "snow snowfall"),
    ("company", "company firm corporation"),
    # What a film takes at the box office is its gross.
    ("boxoffice", "boxoffice gross grosses"),
    # A poll's lead is the margin between the two sides.
    ("margin", "margin lead"),
    # A channel's "subs" are its subscribers; a company's workers are its employees (a layoff's
    # count); "30-yr" is "30-year".
    # The University of Michigan's consumer sentiment index is "UMich" for short. A maker's
    # delivered "planes" are its jets (airliners), as its "commercial deliveries" are.
    ("subscriber", "subscriber sub"), ("astronaut", "astronaut human"), ("michigan", "michigan umich"),
    ("jet", "jet airliner plane airplane"), ("employee", "employee worker staff staffer"), ("year", "year yr"),
)
SYNONYMS = {word: canonical for canonical, group in _SYNONYM_GROUPS for word in group.split()}

# Canonical words of one group exclude each other: a market that says one and a market that says
# another pay on different things.
# Words of a pair state opposite propositions: "X remains CEO through June 30" is exactly the NO of
# "X leaves by June 30", "the ceasefire holds through March 31" the NO of "the ceasefire breaks down
# by March 31". Two statements that differ only by such a pair are complements.
# Verbs of a thing that does not happen ("avoid a shutdown", "miss the playoffs"): the reader marks the statement
# negated, so the verb itself adds nothing more.
NEGATING = frozenset({"avoid", "avert", "prevent", "escape", "miss"})
# Words that may turn a statement into its NO ("remain", "stays", "survives", "still is",
# "retain"), canonical: when one market says one that the comparison does not explain, which token
# pays on Kalshi YES is not known.
POLARITY_CUES = NEGATING | frozenset({"remain", "retain"})

ANTONYMS = frozenset({
    frozenset({"leave", "remain"}),
    frozenset({"hold", "collapse"}),
    frozenset({"makecut", "misscut"}),
    frozenset({"safetycar", "nosafetycar"}),
    frozenset({"fulldistance", "insidedistance"}),
    frozenset({"win", "nowin"}),
    frozenset({"ipo", "unlist"}),
    frozenset({"incustody", "release"}),
    # A ban, a tariff or sanctions still in place through a day are not lifted by it.
    frozenset({"remain", "lift"}),
    # A thing still legal through a day was not banned by it (a permission given to someone, "allowed
    # to sell", is no such state: it may come with a ban on others, or after one).
    frozenset({"ban", "unban"}),
    # A player or team that skips an event does not play in it ("Will X skip the Open?" / "Will X
    # play at the Open?"): what it pays on is the other's NO.
    frozenset({"play", "skip"}),
})

# Opposites of a state that does not come back once it ends, as markets mean it: an office left is
# not taken again, a prisoner released is not held again before the day. "Still CEO on June 30" is
# then exactly the NO of "leaves by June 30". A state that may end and start again (a ban, a tariff,
# a ceasefire) is the NO of its end only through the day ("stays in place through June 30"), never
# on it: a tariff imposed in May and lifted in June is off on June 30 and was in effect by then.
LASTING_STATES = frozenset({frozenset({"leave", "remain"}), frozenset({"incustody", "release"})})

CONTRASTS = (
    frozenset({"decrease", "increase", "hold"}),
    frozenset({"high", "low"}),
    frozenset({"win", "lose"}),
    frozenset({"approve", "reject", "veto"}),
    frozenset({"invalidate", "uphold"}),
    frozenset({"ath", "low"}),
    frozenset({"buy", "sell"}),
    frozenset({"open", "close"}),
    frozenset({"senate", "house", "governor", "president", "mayor"}),
    frozenset({"man", "woman"}),
    # Outcomes of one competition: winning it is not reaching its final, a top-10 finish or a
    # place on a shortlist.
    frozenset({"win", "final", "semifinal", "quarterfinal", "shortlist", "top", "podium", "qualify", "runner", "pole"}),
    # What is counted or done, where a venue lists the one next to the other.
    frozenset({"deliver", "delivery", "production", "produce"}),
    frozenset({"ceasefire", "peace"}),
    frozenset({"invade", "invasion", "blockade"}),
    frozenset({"domestic", "worldwide", "international"}),
    frozenset({"critic", "audience"}),
    frozenset({"chair", "board"}),
    # Awards of one ceremony ("Album of the Year" is not "Record of the Year").
    frozenset({"album", "record", "song", "artist"}),
    # Every hurricane is a named storm, not every named storm a hurricane: their counts differ.
    frozenset({"hurricane", "storm"}),
    frozenset({"popularvote", "electoral"}),
    # How a fight ends: a knockout is no submission, a decision no stoppage.
    frozenset({"knockout", "submission", "bydecision", "insidedistance", "fulldistance"}),
    # A medal of any colour is not the gold: one colour only narrows it.
    frozenset({"gold", "silver", "bronze", "medal"}),
    # Sectors a survey or an index is read for ("ISM manufacturing" is not "ISM services").
    frozenset({"manufactur", "service", "construction"}),
)
CONTRAST_OF = {word: group for group in CONTRASTS for word in group}

# Currencies other than the dollar, in canonical words: a statement naming one is an exchange rate
# (a "dollar" alone may be the dollar index).
FOREIGN_CURRENCIES = frozenset({"yen", "euro", "pound", "yuan", "franc", "peso", "rupee"})

# A statement about the announcement of an event is not about the event: "Apple announces a
# foldable iPhone" pays before any ships, "Patel announces his resignation" before he leaves.
ANNOUNCING = frozenset({"announce"})

# Words a statement can leave out without changing what it pays on: the place markets default to,
# generic nouns of a measure, units named beside a number, and the light verbs that only carry an
# action's noun ("conduct a strike" is a strike).
IMPLIED_WORDS = frozenset(
    """us national nationwide american america federal official annual overall total average
    united states u.s usa year percent point number amount count figure data report
    reading index rate level value price market number any midterm general regular
    happen event outcome result decision occur form effect impose trial verdict
    conduct carry undertake perform feature include enter deadline""".split()
)

# Verbs that move a value to a level, in canonical form: beside a threshold they restate its
# comparison ("fall below $0.95" is "below $0.95"; "return to negative rates" is rates below 0%,
# whatever they stood at before).
LEVEL_MOTION = frozenset({"fall", "dip", "trade", "sink", "climb", "tumble", "plunge", "soar", "jump", "slide", "go",
                          "top", "return"})

# Relations that hold both ways: "A meets B" is "B meets A" (canonical words).
SYMMETRIC = frozenset({"meet", "agree", "ceasefire", "peace"})
# Holding an office or a place and leaving it are done by one party to nothing: "the Fed Chair is
# still Jane Doe" and "Jane Doe out as Fed Chair" name the holder and the office in either order.
HOLDING = frozenset({"remain", "leave", "incustody", "release"})

# Organisations, bodies and countries under their short and long names, to one key each: a row's
# first name is its key, the names after it read as that key.
_ALIASES: tuple[tuple[str, ...], ...] = (
    ("fed", "federal reserve", "fomc", "federal open market committee", "the fed", "us federal reserve"),
    ("ecb", "european central bank"),
    ("boe", "bank of england"),
    ("boj", "bank of japan"),
    ("boc", "bank of canada"),
    ("rba", "reserve bank of australia"),
    ("snb", "swiss national bank"),
    ("pboc", "people's bank of china", "peoples bank of china"),
    ("rbi", "reserve bank of india"),
    ("us", "usa", "united states", "united states of america", "america", "u.s.", "uswnt", "usmnt"),
    ("uk", "united kingdom", "britain", "great britain", "england"),
    ("eu", "european union"),
    ("un", "united nations"),
    ("uae", "united arab emirates"),
    ("prc", "china", "people's republic of china"),
    ("russia", "russian federation"),
    ("scotus", "supreme court", "us supreme court"),
    ("sec", "securities and exchange commission"),
    ("doj", "department of justice", "justice department"),
    ("imf", "international monetary fund"),
    ("nato", "north atlantic treaty organization"),
    ("opec", "opec+"),
    ("bls", "bureau of labor statistics"),
    ("bea", "bureau of economic analysis"),
    ("nhc", "national hurricane center"),
    ("noaa", "national oceanic and atmospheric administration"),
    ("nws", "national weather service"),
    ("ampas", "oscars", "oscar", "academy awards", "academy award"),
    # The tennis majors by the short forms their markets write ("RG 2029", "AO", "USO").
    ("french open", "roland garros", "roland-garros", "rg"),
    # Races and tournaments by the venue that names them in their markets ("pole at Monza", "at
    # Augusta", "at Churchill Downs"): venues that hold one such event a year.
    ("italian grand prix", "italian gp", "monza"),
    ("british grand prix", "british gp", "silverstone"),
    ("australian grand prix", "australian gp", "albert park"),
    ("masters", "masters tournament", "augusta", "augusta national"),
    ("kentucky derby", "churchill downs"),
    ("australian open", "ao"),
    ("us open", "uso"),
    ("gop", "republican party", "republicans", "republican"),
    ("dem", "democratic party", "democrats", "democrat", "democratic", "dems"),
    # The UK's (and Canada's) Conservatives by their nickname.
    ("tory", "tories", "conservative party", "conservatives", "conservative", "conservative and unionist party"),
    ("nyc", "new york city"),
    ("google", "alphabet", "alphabet inc", "googl"),
    ("meta", "meta platforms", "facebook"),
    ("nvidia", "nvda"),
    ("microsoft", "msft"),
    ("apple", "aapl"),
    ("amazon", "amzn"),
    ("tesla", "tsla"),
    ("openai", "open ai"),
    ("spacex", "space x"),
    ("snl", "saturday night live"),
    ("f1", "formula 1", "formula one"),
    ("indy500", "indy 500", "indianapolis 500"),
    # The US major leagues, as a venue writes them by their sport.
    *((league, f"pro {sport}") for league, sport in (("nba", "basketball"), ("nfl", "football"), ("nhl", "hockey"),
                                                     ("mlb", "baseball"))),
    ("ucl", "champions league", "uefa champions league"),
    ("epl", "premier league", "english premier league"),
    ("ipl", "indian premier league"),
    ("rugby world cup", "rwc"),
)
ALIAS_KEY = {name: names[0] for names in _ALIASES for name in names}
# The forms of several words a known name is written in ("premier league" for "epl"), by its key.
ALIAS_PHRASES: dict[str, tuple[str, ...]] = {}
for _names in _ALIASES:
    ALIAS_PHRASES[_names[0]] = (*ALIAS_PHRASES.get(_names[0], ()), *(name for name in _names if " " in name))
# Competitions: another word written before one's name in a run of capitalised words names
# another competition ("Caribbean Premier League", "Scottish Premiership"), never this one.
COMPETITIONS = frozenset({"epl", "ipl", "ucl", "nba", "wnba", "nfl", "nhl", "mlb", "mls", "f1", "ufc", "pga", "atp", "wta"})

# People whose short form is not their surname: a family name written first ("Xi"), a nickname
# ("Bibi"), a name known by its initials with a suffix ("RFK Jr.").
_PEOPLE = (
    ("xi jinping", ("xi", "president xi")),
    ("kim jong un", ("kim jong-un", "kim jongun")),
    ("luiz inacio lula da silva", ("lula", "lula da silva", "luiz inacio lula")),
    ("benjamin netanyahu", ("bibi", "bibi netanyahu")),
    ("robert f kennedy jr", ("rfk jr", "rfk", "robert kennedy jr")),
    ("mohammed bin salman", ("mbs", "mohammad bin salman", "muhammad bin salman")),
    ("alexandria ocasio cortez", ("aoc",)),
)
PERSON_KEY = {alias: key for key, aliases in _PEOPLE for alias in aliases}
# Countries and economic areas: a figure of one is not a figure of another.
COUNTRIES = frozenset({
    "us", "uk", "eu", "prc", "russia", "uae", "japan", "canada", "germany", "france", "italy", "spain", "australia",
    "india", "brazil", "mexico", "south korea", "korea", "switzerland", "sweden", "norway", "netherlands", "turkey",
    "argentina", "south africa", "eurozone", "euro area", "israel", "ukraine", "iran", "taiwan", "poland",
})
CENTRAL_BANKS = frozenset({"fed", "ecb", "boe", "boj", "boc", "rba", "snb", "pboc", "rbi"})
# Names that say whose figure or decision a measured market is about, beside its measure.
SUBJECTS = COUNTRIES | CENTRAL_BANKS
# A bank no list names is a subject by its form ("Norges Bank", "Riksbank", "Bank of Korea"):
# one bank's decision is not another's.
_BANK_NAME = re.compile(r"bank\b|\bbanxico\b")


# Regions inside a country: a state's or a city's figure (AAA's California average gas price, a
# state's unemployment rate, a city's home prices) is another figure than the national one.
# Short city aliases ("la", "sf", "dc") stay out: they are also state codes and initials.
REGIONS = frozenset({*(name.lower() for name, _ in US_STATES),
                     *(alias for aliases in CITIES.values() for alias in aliases if len(alias) > 3)})


def is_subject(key: str) -> bool:
    return key in SUBJECTS or key in REGIONS or _BANK_NAME.search(key) is not None
# Names that say where a market is and that a market about that place may leave unsaid.
DEFAULT_PLACES = frozenset({"us"})
