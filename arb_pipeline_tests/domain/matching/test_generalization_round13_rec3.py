"""Number forms a blind set missed, each tested on markets written for this file: a quarter written
without its year ("Q4") on a market that closes after that quarter ended; a Roman numeral that
numbers a title ("XVII") against its digits. Each look-alike (another measure, quarter, threshold,
sequel or title; a reign, a generation, a pronoun) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.numerals import numerals_read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved(kalshi_markets: list[Market], polymarket_markets: list[Market]) -> dict[tuple[str, str], str | None]:
    """(Kalshi id, Polymarket id) of every approved pair, with the Polymarket token paying on YES."""
    return {(pair.kalshi_ticker, pair.polymarket_market_id): pair.polymarket_yes_token
            for pair in match_markets(kalshi_markets, polymarket_markets) if pair.status is PairStatus.APPROVED}


# --- a quarter without its year ----------------------------------------------------------------------


def _output_rung(level: int, figure: str = "deliveries", quarter: str = "Q4 2026", code: str = "26Q4") -> Market:
    return kalshi(f"KXVOLTA{figure[:3].upper()}-{code}-T{level}", title=f"Voltaro {quarter} vehicle {figure}?",
                  yes_sub_title=f"Above {level:,}", strike_type="greater", floor=level,
                  close_time="2027-01-04T15:00:00Z", category="Companies",
                  rules=f"If Voltaro reports more than {level:,} vehicle {figure} for {quarter}, then the market "
                        "resolves to Yes.")


def _output_question(market_id: str, thousands: int, figure: str = "deliveries", quarter: str = "Q4",
                     end: str = "2027-01-05T17:00:00Z") -> Market:
    return gamma(market_id, question=f"Voltaro {quarter} {figure} above {thousands}k?", end=end,
                 event_title=f"Voltaro {quarter} {figure}?",
                 description=f"This market will resolve to Yes if Voltaro's official {quarter} vehicle {figure} report "
                             f"states more than {thousands},000 vehicle {figure}. Otherwise No.")


def test_a_quarter_without_its_year_is_the_one_just_ended() -> None:
    # The Polymarket market closes in January 2027, after the results of Q4 2026 are out: its "Q4"
    # is that quarter, not Q4 2027 (which has not begun), so the pair is proposed and agrees.
    rungs = [_output_rung(level) for level in (400_000, 425_000, 450_000, 475_000)]
    question = _output_question("v1", 450)
    found = approved(rungs, [question])
    assert found == {("KXVOLTADEL-26Q4-T450000", "v1"): token_named(question, "Yes")}
    assert read(question).when.start is not None and read(question).when.start.year == 2026
    # A market closing inside its quarter keeps its own year; one closing long after it, too.
    assert read(_output_question("v2", 450, end="2027-11-20T17:00:00Z")).when.start.year == 2027
    assert read(_output_question("v3", 450, quarter="Q3")).when.start.year == 2027


def test_another_figure_quarter_or_threshold_of_the_quarter_stays_apart() -> None:
    rungs = [_output_rung(450_000), _output_rung(450_000, "production"),
             _output_rung(450_000, quarter="Q3 2026", code="26Q3")]
    questions = [_output_question("w1", 460), _output_question("w2", 450, "production"),
                 _output_question("w3", 450, quarter="Q3", end="2026-10-05T17:00:00Z")]
    found = approved(rungs, questions)
    assert found == {("KXVOLTAPRO-26Q4-T450000", "w2"): token_named(questions[1], "Yes"),
                     ("KXVOLTADEL-26Q3-T450000", "w3"): token_named(questions[2], "Yes")}
    # Deliveries against production of the same company, quarter and number; Q3 against Q4; 450k
    # against 460k: each rejected with its reason.
    assert verdict(_output_rung(450_000), questions[1]).rejected
    assert verdict(_output_rung(450_000), questions[2]).rejected
    assert verdict(_output_rung(450_000), questions[0]).rejected


# --- Roman numerals ------------------------------------------------------------------------------------


def _kalshi_yes(ticker: str, title: str, yes: str, condition: str, close: str, category: str) -> Market:
    return kalshi(ticker, title=title, yes_sub_title=yes, close_time=close, category=category,
                  rules=f"If {condition}, then the market resolves to Yes.")


def _gamma_yes(market_id: str, question: str, condition: str, end: str) -> Market:
    return gamma(market_id, question=question, end=end,
                 description=f"This market will resolve to Yes if {condition}. Otherwise No.")


def _release(ticker: str, title: str) -> Market:
    return _kalshi_yes(ticker, f"Will {title} be released before 2029?", "Before 2029",
                       f"{title} is released to the public before Jan 1, 2029", "2028-12-31T23:59:00Z", "Entertainment")


def _release_question(market_id: str, title: str) -> Market:
    return _gamma_yes(market_id, f"{title} released before 2029?", f"{title} is released before January 1, 2029",
                      "2028-12-31T23:59:00Z")


def test_a_numeral_that_numbers_a_title_is_its_digits() -> None:
    for ticker, roman, arabic in (("KXSKYRIFT-28", "Skyrift Chronicles XVII", "Skyrift Chronicles 17"),
                                  ("KXEMBER-28", "Ember Saga VI", "Ember Saga 6"),
                                  ("KXHALO-28", "Halovant II", "Halovant 2")):
        k, p = _release(ticker, roman), _release_question(ticker.lower(), arabic)
        assert approved([k], [p]) == {(ticker, ticker.lower()): token_named(p, "Yes")}, roman
    k = kalshi("KXBRAWL43-28", title="Will Dax Corran win at BrawlFest XLIII?", yes_sub_title="Dax Corran",
               close_time="2028-04-20T23:59:00Z", category="Sports",
               rules="If Dax Corran wins his match at BrawlFest XLIII, then the market resolves to Yes.")
    p = gamma("b43", question="Will Dax Corran win at BrawlFest 43?", end="2028-04-20T23:59:00Z",
              description="This market will resolve to Yes if Dax Corran wins his match at BrawlFest 43. Otherwise No.")
    assert approved([k], [p]) == {("KXBRAWL43-28", "b43"): token_named(p, "Yes")}


def test_another_sequel_or_another_title_numbered_alike_stays_apart() -> None:
    # Another sequel number of the title.
    assert verdict(_release("KXSKYRIFT-28", "Skyrift Chronicles XVII"),
                   _release_question("s18", "Skyrift Chronicles 18")).rejected
    # "Part II" of one title is not part 2 of another.
    assert not verdict(_release("KXDUNEPT-28", "Sandreach: Part II"),
                       _release_question("p2", "Glass Harbor Part 2")).agrees


def _title(text: str) -> str:
    return numerals_read(kalshi("KXT-28", title=text, close_time="2028-01-01T00:00:00Z")).title


def test_only_a_numeral_after_a_title_is_a_number() -> None:
    assert _title("Will Final Vantage XVII release?") == "Will Final Vantage 17 release?"
    assert _title("Will Artemis II launch?") == "Will Artemis 2 launch?"
    assert _title("Dune: Part II gross") == "Dune: Part 2 gross"
    for unchanged in ("Will I win?",  # a pronoun
                      "MIX and CIVIC",  # letters inside words
                      "Vexa Model X deliveries", "Section V of the act",  # one letter names a thing
                      "VIX above 30?", "Will the index VIX close?",  # not written the one correct way
                      "Will Pope Leo XIV visit?", "King Charles III abdicates?",  # a reign's number
                      "Will Trey Murphy III score 20+?",  # a generation after a person's name
                      "FINAL VANTAGE XVII RELEASE",  # a heading in capitals
                      "Final Vantage XVII-era"):  # a numeral joined to another word
        assert _title(unchanged) == unchanged, unchanged


# --- initials against the name they spell --------------------------------------------------------------


def test_initials_with_a_number_or_after_the_are_the_name_the_other_market_states() -> None:
    for ticker, short, full in (("KXCDR-28", "CDR3", "Crimson Dusk Rebellion 3"),
                                ("KXTES-28", "TVS6", "The Verdant Saga 6"),
                                ("KXTVSR-28", "TVS6", "The Verdant Saga VI")):
        k, p = _release(ticker, short), _release_question(ticker.lower(), full)
        assert approved([k], [p]) == {(ticker, ticker.lower()): token_named(p, "Yes")}, (short, full)


def test_initials_spelled_out_otherwise_or_with_another_number_stay_apart() -> None:
    # Another sequel of the title the initials spell.
    assert verdict(_release("KXCDR-28", "CDR3"), _release_question("c4", "Crimson Dusk Rebellion 4")).rejected
    # The market writing the initials spells them out as another name of the same initials.
    spelled = kalshi("KXCDR-28", title="Will CDR3 be released before 2029?", yes_sub_title="Before 2029",
                     close_time="2028-12-31T23:59:00Z", category="Entertainment",
                     rules="If Crimson Dusk Rebellion 3 (CDR3) is released to the public before Jan 1, 2029, then the "
                           "market resolves to Yes.")
    assert verdict(spelled, _release_question("cx", "Cobalt Drift Racing 3")).rejected
    assert verdict(spelled, _release_question("cy", "Crimson Dusk Rebellion 3")).agrees
    # Initials of a name without its "The", and a word in lower case, are no such initials.
    assert not verdict(_release("KXVS-28", "TVS6"), _release_question("v1", "Verdant Saga 6")).agrees
    assert not verdict(_release("KXCD-28", "cdr 3"), _release_question("c5", "Crimson Dusk Rebellion 3")).agrees


def _ceremony(rules_name: str) -> Market:
    return _kalshi_yes("KXTPH-28", "Will Hollow Tide win Best Narrative at TGS 2028?", "",
                       f"Hollow Tide wins Best Narrative at {rules_name} 2028", "2028-12-12T23:59:00Z", "Entertainment")


def _ceremony_question(market_id: str, name: str) -> Market:
    return _gamma_yes(market_id, f"Will Hollow Tide win Best Narrative at {name} 2028?",
                      f"Hollow Tide wins Best Narrative at {name} 2028", "2028-12-12T23:59:00Z")


def test_initials_of_a_name_after_the_are_that_name() -> None:
    # "TGS" spells "The Game Summit", which the reader reads as the name "Summit" and the word "game".
    p = _ceremony_question("g1", "The Game Summit")
    assert approved([_ceremony("TGS")], [p]) == {("KXTPH-28", "g1"): token_named(p, "Yes")}
    # Spelled out by the Kalshi market as another name of those initials, it is not the other's.
    assert verdict(_ceremony("The Game Summit (TGS)"), _ceremony_question("g2", "The Glass Stage")).rejected
    assert verdict(_ceremony("The Game Summit (TGS)"), _ceremony_question("g3", "The Game Summit")).agrees
    # Without its "The", or another ceremony altogether, the name is not the initials'.
    assert not verdict(_ceremony("TGS"), _ceremony_question("g4", "Game Summit")).agrees
    assert not verdict(_ceremony("TGS"), _ceremony_question("g5", "The Golden Joystick")).agrees


def test_initials_with_more_digits_or_two_letters_stay_one_word() -> None:
    assert _title("Will WWDC28 open?") == "Will WWDC28 open?"
    assert _title("Q4 FY27 revenue") == "Q4 FY27 revenue"
    assert _title("Will RDR3 release?") == "Will RDR 3 release?"
    # Two letters are a code of their own: a best-of-three, a game's name.
    assert _title("NAVI vs FaZe (BO3)") == "NAVI vs FaZe (BO3)"
    assert _title("CS2 Major winner?") == "CS2 Major winner?"


# --- a season across two years in its written forms ----------------------------------------------------


def _season_champion(season: str) -> Market:
    return _kalshi_yes("KXVLEAGUE-28-ORC", f"Velmont League {season} champion?", "Orchard City",
                       f"Orchard City wins the {season} Velmont League", "2028-05-30T23:59:00Z", "Sports")


def _season_question(market_id: str, season: str) -> Market:
    return _gamma_yes(market_id, f"Will Orchard City win the {season} Velmont League?",
                      f"Orchard City wins the {season} Velmont League", "2028-05-30T23:59:00Z")


def _budget(market_id: str, season: str, kalshi_side: bool) -> Market:
    condition = f"the Vexland parliament passes the {season} budget before "
    if kalshi_side:
        return _kalshi_yes(f"KXVEXBUDGET-{market_id}", f"Will the Vexland {season} budget pass before July?",
                           "Before Jul 2027", condition + "Jul 1, 2027", "2027-07-01T03:59:00Z", "Politics")
    return _gamma_yes(market_id, f"Vexland {season} budget passed before July?", condition + "July 1, 2027",
                      "2027-07-01T03:59:00Z")


def test_a_season_written_across_two_years_is_one_season_in_any_form() -> None:
    for kalshi_form, polymarket_form in (("2027-28", "2027-2028"), ("2027/28", "2027-28"), ("2027-2028", "2027/2028"),
                                         ("2027–28", "2027/28")):
        p = _season_question("s1", polymarket_form)
        assert approved([_season_champion(kalshi_form)], [p]) == {("KXVLEAGUE-28-ORC", "s1"): token_named(p, "Yes")}
        p = _budget("b1", polymarket_form, kalshi_side=False)
        assert approved([_budget("27", kalshi_form, kalshi_side=True)], [p]) == {
            ("KXVEXBUDGET-27", "b1"): token_named(p, "Yes")}, (kalshi_form, polymarket_form)


def test_the_next_season_or_two_years_apart_stays_another() -> None:
    assert verdict(_season_champion("2027-28"), _season_question("s2", "2028-2029")).rejected
    assert verdict(_budget("27", "2027/28", kalshi_side=True), _budget("b2", "2028-29", kalshi_side=False)).rejected
    assert _title("Vexland 2027/2029 plan") == "Vexland 2027/2029 plan"
    assert _title("Released on 2027-12-28?") == "Released on 2027-12-28?"


# --- a championship match of two named sides against its winner's market -------------------------------


def _match_winner(code: str, player: str, year: int = 2027) -> Market:
    return kalshi(f"KXDRAUGHTSWC-{year % 100}-{code}", title=f"Winner of the {year} World Draughts Championship match?",
                  yes_sub_title=player, close_time=f"{year}-12-20T23:59:00Z", category="Sports",
                  rules=f"If {player} wins the {year} World Draughts Championship match, then the market resolves to Yes.")


def _match_sides(market_id: str, event: str = "World Draughts Championship", year: int = 2027, settles: str = "") -> Market:
    return gamma(market_id, question=f"{event} {year}: Lindqvist vs Okonkwo", outcomes=("Lindqvist", "Okonkwo"),
                 end=f"{year}-12-20T23:59:00Z",
                 description=f"This market will resolve to the player who wins the {year} {event} match between "
                             f"Arvid Lindqvist and Chidi Okonkwo.{settles}")


def test_a_match_of_two_named_sides_is_the_winner_market_of_either() -> None:
    p = _match_sides("m1")
    found = approved([_match_winner("ALIN", "Arvid Lindqvist"), _match_winner("COKO", "Chidi Okonkwo")], [p])
    assert found == {("KXDRAUGHTSWC-27-ALIN", "m1"): token_named(p, "Lindqvist"),
                     ("KXDRAUGHTSWC-27-COKO", "m1"): token_named(p, "Okonkwo")}


def test_another_year_event_draw_or_split_draw_stays_apart() -> None:
    winner = _match_winner("ALIN", "Arvid Lindqvist")
    # Another year's match, another event between the same two players.
    assert verdict(winner, _match_sides("m2", year=2026)).rejected
    assert not verdict(winner, _match_sides("m3", event="Draughts Grand Swiss")).agrees
    # A draw the Kalshi event lists as its own option is neither player.
    assert verdict(_match_winner("DRAW", "Draw"), _match_sides("m4")).rejected
    # A Polymarket market that splits a drawn match 50-50 is no player's win on Kalshi.
    split = _match_sides("m5", settles=" If the match ends in a draw, this market will resolve 50-50.")
    assert not verdict(winner, split).agrees
    assert approved([winner], [split]) == {}
