"""Forms of the thirteenth round's blind sets (US policy, two named entities compared, one-word
names, records), on invented markets: a surname's bearer the rules name, an award's category that
acts on no one, a record broken or set against one tied."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved(k: Market, p: Market) -> list[str | None]:
    return [m.polymarket_yes_token for m in match_markets([k], [p]) if m.status is PairStatus.APPROVED]


def _question(market_id: str, question: str, description: str, end: str = "2029-12-31T23:59:00Z") -> Market:
    return gamma(market_id, question=question, description=description, end=end)


# --- one-word names: a surname whose bearer the rules name -----------------------------------------


def _retires(surname_rules: str) -> Market:
    return kalshi("KXORLOVRETIRE-29", title="Will Orlov announce his retirement in 2029?", close_time="2029-12-31T23:59:00Z",
                  category="Sports", rules=f"If {surname_rules} announces his retirement from professional tennis "
                                           f"before Jan 1, 2030, then the market resolves to Yes.")


def test_a_surname_is_the_bearer_its_rules_name() -> None:
    p = _question("1", "Dmitri Orlov retires in 2029?",
                  "This market will resolve to Yes if Dmitri Orlov announces his retirement from professional tennis "
                  "by December 31, 2029. Otherwise, it resolves to No.")
    assert approved(_retires("Dmitri Orlov"), p) == [token_named(p, "Yes")]


def test_a_surname_whose_rules_name_another_bearer_rejects() -> None:
    # Two players share the surname: the title's "Orlov" is the one its rules name.
    p = _question("2", "Pavel Orlov retires in 2029?",
                  "This market will resolve to Yes if Pavel Orlov announces his retirement from professional tennis "
                  "by December 31, 2029. Otherwise, it resolves to No.")
    v = verdict(_retires("Dmitri Orlov"), p)
    assert v.rejected, v.reasons
    assert not approved(_retires("Dmitri Orlov"), p)


def test_a_one_word_stage_name_beside_another_person_waits() -> None:
    k = kalshi("KXVESPERALBUM-29", title="Will Vesper release a new album in 2029?", close_time="2029-12-31T23:59:00Z",
               category="Entertainment", rules="If Vesper releases a new studio album before Jan 1, 2030, then the market "
                                               "resolves to Yes.")
    alone = _question("3", "New Vesper album in 2029?", "This market will resolve to Yes if Vesper releases a new studio "
                                                         "album by December 31, 2029. Otherwise, it resolves to No.")
    joint = _question("4", "Will Vesper and Nico Lane release an album in 2029?",
                      "This market will resolve to Yes if Vesper and Nico Lane release a joint studio album by December "
                      "31, 2029. Otherwise, it resolves to No.")
    assert approved(k, alone) == [token_named(alone, "Yes")]
    assert not approved(k, joint)


# --- an award's category acts on no one ----------------------------------------------------------------


def _best_actress(market_id: str, question: str) -> Market:
    return gamma(market_id, question=question, end="2029-03-10T23:59:00Z",
                 description="This market will resolve to Yes if Lyra Quinn wins Best Actress at the 101st Academy "
                             "Awards. Otherwise, it resolves to No.")


def _oscar_kalshi() -> Market:
    return kalshi("KXOSCARACTRESS-29-LQUI", title="Will Lyra Quinn win the Oscar for Best Actress?", close_time="2029-03-10T23:59:00Z",
                  category="Entertainment", rules="If Lyra Quinn wins the Academy Award for Best Actress at the 2029 "
                                                  "Oscars, then the market resolves to Yes.")


def test_a_category_written_before_or_after_the_award_is_no_other_order() -> None:
    p = _best_actress("10", "Lyra Quinn wins Best Actress at the 2029 Oscars?")
    assert approved(_oscar_kalshi(), p) == [token_named(p, "Yes")]


def test_another_category_still_differs() -> None:
    p = gamma("11", question="Lyra Quinn wins Best Supporting Actress at the 2029 Oscars?", end="2029-03-10T23:59:00Z",
              description="This market will resolve to Yes if Lyra Quinn wins Best Supporting Actress at the 101st "
                          "Academy Awards. Otherwise, it resolves to No.")
    assert not verdict(_oscar_kalshi(), p).agrees


# --- records: broken or set, never tied -----------------------------------------------------------------


def _record_kalshi() -> Market:
    return kalshi("KXHALVARDWR-29", title="Will Ines Halvard set a new world record in the hammer throw in 2029?",
                  close_time="2029-12-31T23:59:00Z", category="Sports",
                  rules="If Ines Halvard sets a new hammer throw world record before Jan 1, 2030, then the market "
                        "resolves to Yes.")


def test_breaking_a_record_with_its_words_between_is_setting_one() -> None:
    for market_id, question in (("20", "Will Ines Halvard break the hammer throw world record in 2029?"),
                                ("21", "Ines Halvard breaks hammer throw world record in 2029?")):
        p = _question(market_id, question, "This market will resolve to Yes if Ines Halvard breaks the hammer throw "
                                           "world record by December 31, 2029. Otherwise, it resolves to No.")
        assert approved(_record_kalshi(), p) == [token_named(p, "Yes")], question


def test_a_record_for_most_awards_broken_or_set() -> None:
    k = kalshi("KXMIRAREC-29", title="Will Mira Sol break the record for most Grammys won in 2029?",
               close_time="2029-12-31T23:59:00Z", category="Entertainment",
               rules="If Mira Sol breaks the record for most Grammy Awards won by an artist before Jan 1, 2030, then "
                     "the market resolves to Yes.")
    p = _question("22", "Will Mira Sol set a new record for most Grammys in 2029?",
                  "This market will resolve to Yes if Mira Sol sets a new record for the most Grammy Awards won by an "
                  "artist by December 31, 2029. Otherwise, it resolves to No.")
    assert approved(k, p) == [token_named(p, "Yes")]
    tied = _question("23", "Will Mira Sol tie the record for most Grammys in 2029?",
                     "This market will resolve to Yes if Mira Sol ties the record for the most Grammy Awards won by an "
                     "artist by December 31, 2029. Otherwise, it resolves to No.")
    assert not verdict(k, tied).agrees
    assert not approved(k, tied)


def test_a_record_tied_or_equalled_is_not_broken() -> None:
    for market_id, verb in (("24", "tie"), ("25", "equal"), ("26", "match")):
        p = _question(market_id, f"Will Ines Halvard {verb} the hammer throw world record in 2029?",
                      f"This market will resolve to Yes if Ines Halvard {verb}s the hammer throw world record by "
                      f"December 31, 2029. Otherwise, it resolves to No.")
        assert not verdict(_record_kalshi(), p).agrees, verb
        assert not approved(_record_kalshi(), p), verb


# --- US policy: a deadline the rules set, a bill signed into law, an executive order issued ----------


def _shutdown_kalshi(rules_deadline: str) -> Market:
    return kalshi("KXSHUTDOWN-29OCT01", title="Will the government shut down by Oct 1?", close_time="2029-09-30T23:59:00Z",
                  category="Politics", rules=f"If the US federal government shuts down {rules_deadline}, then the "
                                             f"market resolves to Yes.")


def _shutdown_question(market_id: str, question: str, deadline: str) -> Market:
    return _question(market_id, question, f"This market will resolve to Yes if the US federal government shuts down "
                                          f"{deadline}. Otherwise, it resolves to No.", end="2029-09-30T23:59:00Z")


def test_a_titles_by_is_the_rules_before() -> None:
    p = _shutdown_question("30", "Government shutdown before October?", "before October 1, 2029")
    assert approved(_shutdown_kalshi("before Oct 1, 2029"), p) == [token_named(p, "Yes")]


def test_a_deadline_that_counts_its_day_stays_its_day() -> None:
    # "On or before Oct 1" counts a shutdown on October 1, which "before October" does not.
    p = _shutdown_question("31", "Government shutdown before October?", "before October 1, 2029")
    assert not verdict(_shutdown_kalshi("on or before Oct 1, 2029"), p).agrees
    same = _shutdown_question("32", "Government shutdown by October 1?", "by October 1, 2029, 11:59 PM ET")
    assert approved(_shutdown_kalshi("on or before Oct 1, 2029"), same) == [token_named(same, "Yes")]


def _bill_kalshi() -> Market:
    return kalshi("KXCLEARACT-29", title="Will the President sign the CLEAR Act into law in 2029?", close_time="2029-12-31T23:59:00Z",
                  category="Politics", rules="If the President signs the CLEAR Act into law before Jan 1, 2030, then "
                                             "the market resolves to Yes.")


def test_a_bill_signed_into_law_with_its_name_between_becomes_law() -> None:
    p = _question("33", "CLEAR Act becomes law in 2029?", "This market will resolve to Yes if the CLEAR Act is signed "
                                                          "into law by the President by December 31, 2029. Otherwise, "
                                                          "it resolves to No.")
    assert approved(_bill_kalshi(), p) == [token_named(p, "Yes")]


def test_a_chamber_passing_the_bill_is_not_its_signing() -> None:
    for market_id, question, description in (
            ("34", "Will the CLEAR Act pass the House in 2029?", "the CLEAR Act passes the House of Representatives"),
            ("35", "Will the Senate pass the CLEAR Act in 2029?", "the Senate passes the CLEAR Act"),
            ("36", "Will the President veto the CLEAR Act in 2029?", "the President vetoes the CLEAR Act")):
        p = _question(market_id, question, f"This market will resolve to Yes if {description} by December 31, 2029. "
                                           f"Otherwise, it resolves to No.")
        assert not approved(_bill_kalshi(), p), question


def _order_kalshi() -> Market:
    return kalshi("KXEOQUANTUM-29JUN30", title="Will Jane Doe sign an executive order on quantum computing by June 30?",
                  close_time="2029-06-30T23:59:00Z", category="Politics",
                  rules="If President Jane Doe signs an executive order on quantum computing before Jul 1, 2029, then "
                        "the market resolves to Yes.")


def test_an_executive_order_issued_or_signed_is_the_order() -> None:
    for market_id, question, verb in (
            ("37", "Will Jane Doe issue an executive order on quantum computing by June 30?", "issues"),
            ("38", "Executive order on quantum computing signed by June 30?", "signs")):
        p = _question(market_id, question, f"This market will resolve to Yes if President Jane Doe {verb} an executive "
                                           f"order on quantum computing by June 30, 2029. Otherwise, it resolves to No.",
                      end="2029-06-30T23:59:00Z")
        assert approved(_order_kalshi(), p) == [token_named(p, "Yes")], question


def test_an_order_announced_or_on_another_subject_differs() -> None:
    announced = _question("39", "Jane Doe announces executive order on quantum computing by June 30?",
                          "This market will resolve to Yes if President Jane Doe announces an executive order on "
                          "quantum computing by June 30, 2029. Otherwise, it resolves to No.", end="2029-06-30T23:59:00Z")
    other = _question("40", "Will Jane Doe issue an executive order on crypto mining by June 30?",
                      "This market will resolve to Yes if President Jane Doe signs an executive order on crypto mining "
                      "by June 30, 2029. Otherwise, it resolves to No.", end="2029-06-30T23:59:00Z")
    assert verdict(_order_kalshi(), announced).rejected
    assert verdict(_order_kalshi(), other).rejected


# --- two named entities compared -----------------------------------------------------------------------


_WEEK = "2029-01-18T23:59:00Z"


def _streams_kalshi(first: str = "Amber Coast", second: str = "Paper Moons", chart: str = "Spotify") -> Market:
    return kalshi("KXSONGH2H-29JAN18-AC", title=f"Will {first} have more {chart} streams than {second} this week?",
                  close_time=_WEEK, category="Entertainment",
                  rules=f"If {first} has more streams than {second} on {chart}'s weekly US chart for the week ending "
                        f"January 18, 2029, then the market resolves to Yes.")


def _streams_versus(market_id: str, chart: str = "Spotify", sides: tuple[str, str] = ("Amber Coast", "Paper Moons"),
                    rules_extra: str = "", end: str = _WEEK, week: str = "January 18") -> Market:
    return gamma(market_id, question=f"{sides[0]} vs {sides[1]}: most streamed on {chart} this week?", end=end,
                 outcomes=sides,
                 description=f"This market will resolve to the song with more streams on {chart}'s weekly US chart "
                             f"for the week ending {week}, 2029.{rules_extra}")


def test_two_songs_compared_meet_their_contest_with_the_sides_as_outcomes() -> None:
    p = _streams_versus("50")
    assert approved(_streams_kalshi(), p) == [token_named(p, "Amber Coast")]
    # Written the other way round, YES is the other side's outcome.
    reversed_question = _streams_kalshi("Paper Moons", "Amber Coast")
    assert approved(reversed_question, p) == [token_named(p, "Paper Moons")]


def test_a_comparison_asked_as_which_of_two_and_kalshis_versus_form() -> None:
    which = gamma("58", question="Which song will have more Spotify streams this week: Amber Coast or Paper Moons?",
                  end=_WEEK, outcomes=("Amber Coast", "Paper Moons"),
                  description="This market will resolve to the song with more streams on Spotify's weekly US chart for "
                              "the week ending January 18, 2029.")
    assert approved(_streams_kalshi(), which) == [token_named(which, "Amber Coast")]
    versus_rung = kalshi("KXSONGH2H-29JAN18-PM", title="Amber Coast vs Paper Moons: most Spotify streams this week?",
                         yes_sub_title="Paper Moons", close_time=_WEEK, category="Entertainment",
                         rules="If Paper Moons has more streams than Amber Coast on Spotify's weekly US chart for the "
                               "week ending January 18, 2029, then the market resolves to Yes.")
    assert approved(versus_rung, which) == [token_named(which, "Paper Moons")]


def test_a_comparison_among_many_markets_is_proposed() -> None:
    # Blocking paired them only as a game against a yes/no event before: never proposed.
    p = _streams_versus("51")
    noise = [gamma(str(600 + n), question=f"Will Tessa Vale {n} win?", end=_WEEK) for n in range(20)]
    found = [m for m in match_markets([_streams_kalshi()], [*noise, p]) if m.status is PairStatus.APPROVED]
    assert [m.polymarket_yes_token for m in found] == [token_named(p, "Amber Coast")]


def test_another_chart_week_or_side_is_not_the_comparison() -> None:
    assert not approved(_streams_kalshi(), _streams_versus("52", chart="YouTube"))
    assert not approved(_streams_kalshi(), _streams_versus("53", sides=("Amber Coast", "Glass Rivers")))
    assert not approved(_streams_kalshi(), _streams_versus("54", end="2029-01-25T23:59:00Z", week="January 25"))
    number_one = _question("55", "Will Amber Coast be #1 on Spotify this week?",
                           "This market will resolve to Yes if Amber Coast is the #1 song on Spotify's weekly US chart "
                           "for the week ending January 18, 2029.", end=_WEEK)
    assert not approved(_streams_kalshi(), number_one)


def test_a_tie_the_rules_settle_or_a_count_that_can_tie_waits() -> None:
    tie_rules = _streams_versus("56", rules_extra=" In the event of a tie, this market will resolve 50-50.")
    v = verdict(_streams_kalshi(), tie_rules)
    assert not v.rejected and not v.agrees, v.reasons
    k = kalshi("KXGRAMMYH2H-29", title="Will Mira Sol win more Grammys than Ivo Renn in 2029?", close_time="2029-02-10T23:59:00Z",
               category="Entertainment", rules="If Mira Sol wins more Grammy Awards than Ivo Renn at the 2029 Grammys, "
                                               "then the market resolves to Yes.")
    p = gamma("57", question="Mira Sol vs Ivo Renn: most Grammys in 2029?", end="2029-02-10T23:59:00Z",
              outcomes=("Mira Sol", "Ivo Renn"),
              description="This market will resolve to the artist who wins more Grammy Awards at the 2029 Grammys.")
    v = verdict(k, p)
    assert not v.rejected and not v.agrees, v.reasons


def _market_caps_kalshi() -> Market:
    return kalshi("KXMCAPH2H-29DEC31", title="Will Globex's market cap exceed Initech's on Dec 31, 2029?",
                  close_time="2029-12-31T23:59:00Z", category="Financials",
                  rules="If Globex's market capitalization is greater than Initech's at the close on December 31, "
                        "2029, then the market resolves to Yes.")


def test_a_market_value_compared_in_other_words() -> None:
    bigger = _question("60", "Globex bigger than Initech at year end?",
                       "This market will resolve to Yes if Globex's market capitalization is larger than Initech's at "
                       "market close on December 31, 2029. Otherwise, it resolves to No.")
    assert approved(_market_caps_kalshi(), bigger) == [token_named(bigger, "Yes")]
    versus = gamma("61", question="Globex vs. Initech: larger market cap on December 31?", end="2029-12-31T23:59:00Z",
                   outcomes=("Globex", "Initech"),
                   description="This market will resolve to the company with the larger market capitalization at "
                               "market close on December 31, 2029.")
    assert approved(_market_caps_kalshi(), versus) == [token_named(versus, "Globex")]


def test_a_reversed_comparison_is_the_no_only_where_no_tie_is_expected() -> None:
    reversed_value = _question("62", "Will Initech's market cap be larger than Globex's on December 31, 2029?",
                               "This market will resolve to Yes if Initech's market capitalization is larger than "
                               "Globex's at market close on December 31, 2029. Otherwise, it resolves to No.")
    assert approved(_market_caps_kalshi(), reversed_value) == [token_named(reversed_value, "No")]
    k = kalshi("KXGOALSH2H-29", title="Will Lena Frost score more goals than Ana Ruiz in 2029?", close_time="2029-12-31T23:59:00Z",
               category="Sports", rules="If Lena Frost scores more league goals than Ana Ruiz in 2029, then the market "
                                        "resolves to Yes.")
    reversed_goals = _question("63", "Will Ana Ruiz score more goals than Lena Frost in 2029?",
                               "This market will resolve to Yes if Ana Ruiz scores more league goals than Lena Frost in "
                               "2029. Otherwise, it resolves to No.")
    # Goals can tie: both questions are NO then, and neither is the other's NO.
    assert verdict(k, reversed_goals).rejected
    # The same side ahead is the same question, a tie NO on both.
    same_goals = _question("64", "Will Ana Ruiz score fewer goals than Lena Frost in 2029?",
                           "This market will resolve to Yes if Ana Ruiz scores fewer league goals than Lena Frost in "
                           "2029. Otherwise, it resolves to No.")
    assert approved(k, same_goals) == [token_named(same_goals, "Yes")]


def test_a_threshold_is_no_side() -> None:
    k = kalshi("KXVOTESHARE-29", title="Will Mira Sol get more than 40% of the vote?", close_time="2029-11-06T23:59:00Z",
               category="Politics", rules="If Mira Sol receives more than 40% of the vote, then the market resolves "
                                          "to Yes.")
    assert read(k).topic != "comparison"


# --- a rocket's flight is its launch -----------------------------------------------------------------------


def _launch_kalshi() -> Market:
    return kalshi("KXNOVARIS-29JUN30", title="Will Novaris launch again by June 30?", close_time="2029-06-30T23:59:00Z",
                  category="Science", rules="If the Novaris rocket launches again before Jul 1, 2029, then the market "
                                            "resolves to Yes.")


def _flight(market_id: str, question: str, description: str) -> Market:
    return _question(market_id, question, f"This market will resolve to Yes if {description} by June 30, 2029. "
                                          f"Otherwise, it resolves to No.", end="2029-06-30T23:59:00Z")


def test_a_rocket_that_flies_again_launches_again() -> None:
    p = _flight("70", "Will Novaris fly again by June 30?", "the Novaris rocket flies again")
    assert approved(_launch_kalshi(), p) == [token_named(p, "Yes")]


def test_a_crewed_or_orbital_flight_a_landing_or_orbit_is_not_a_launch() -> None:
    for market_id, question, description in (
            ("71", "Crewed Novaris flight by June 30?", "the Novaris rocket flies again with crew aboard"),
            ("72", "Orbital Novaris flight by June 30?", "the Novaris rocket completes an orbital flight"),
            ("73", "Will Novaris reach orbit by June 30?", "the Novaris rocket reaches orbit"),
            ("74", "Will Novaris land by June 30?", "the Novaris rocket lands")):
        p = _flight(market_id, question, description)
        assert not approved(_launch_kalshi(), p), question


def test_a_flight_outside_spaceflight_is_no_launch() -> None:
    k = kalshi("KXDOEVISIT-29JUN30", title="Will Jane Doe launch a campaign by June 30?", close_time="2029-06-30T23:59:00Z",
               category="Politics", rules="If Jane Doe launches a presidential campaign before Jul 1, 2029, then the "
                                          "market resolves to Yes.")
    p = _flight("75", "Will Jane Doe fly to Paris by June 30?", "Jane Doe flies to Paris")
    assert not approved(k, p)


# --- legality held against a ban ---------------------------------------------------------------------------


def _ban_kalshi() -> Market:
    return kalshi("KXZIPLYBAN-29", title="Will Ziply be banned in the US by Dec 31, 2029?", close_time="2029-12-31T23:59:00Z",
                  category="Politics", rules="If Ziply is banned in the United States before Jan 1, 2030, then the "
                                             "market resolves to Yes.")


def test_still_legal_through_the_day_is_the_no_of_banned_by_it() -> None:
    p = _question("80", "Will Ziply remain legal in the US through 2029?",
                  "This market will resolve to Yes if Ziply remains legal in the United States through December 31, "
                  "2029. Otherwise, it resolves to No.")
    assert approved(_ban_kalshi(), p) == [token_named(p, "No")]


def test_legal_through_another_day_or_available_on_a_day_is_not_the_no() -> None:
    earlier = _question("81", "Will Ziply remain legal in the US through June 30, 2029?",
                        "This market will resolve to Yes if Ziply remains legal in the United States through June 30, "
                        "2029. Otherwise, it resolves to No.")
    available = _question("82", "Will Ziply still be available in the US on December 31, 2029?",
                          "This market will resolve to Yes if Ziply is still available in the United States on "
                          "December 31, 2029. Otherwise, it resolves to No.")
    for p in (earlier, available):
        assert not approved(_ban_kalshi(), p), p.title


def test_a_permission_is_not_the_no_of_a_ban() -> None:
    k = kalshi("KXCHIPBAN-29", title="Will the US ban exports of Z9 chips to Ruritania by Jun 30, 2029?",
               close_time="2029-06-30T23:59:00Z", category="Politics",
               rules="If the US bans exports of Z9 chips to Ruritania before Jul 1, 2029, then the market resolves "
                     "to Yes.")
    allowed = _question("83", "Will Globex be allowed to sell Z9 chips to Ruritania by June 30?",
                        "This market will resolve to Yes if Globex is allowed to sell Z9 chips to Ruritania by June 30, "
                        "2029. Otherwise, it resolves to No.", end="2029-06-30T23:59:00Z")
    v = verdict(k, allowed)
    assert not v.agrees, v.reasons
    assert not approved(k, allowed)
