"""General forms of true pairs the matcher had missed: a name written surname first ("Tovar,
Lucia") or with its given name's initial ("L. Tovar"), a competition named before its winner ("Lisbon Open winner: Lucia Tovar?"), who wins a
playoff series, a weekly chart named by its release day whose rules give its date, and one deal
completed under its several nouns. Each look-alike still never agrees: another person of the
same surname, a game of the series, another chart week, a deal announced rather than completed."""

from __future__ import annotations

from datetime import date

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import DateRule, Name
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import capitalised_runs, given_name_first, name_key
from arb_pipeline.domain.matching.propositions.series import SERIES
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def _name(label: str) -> Name:
    return Name(name_key(label), label)


# --- a name written surname first -------------------------------------------------------------------


def _vault(side: str, code: str = "LTOV") -> Market:
    return kalshi(f"KXWCHPOLEW-27-{code}", title="Women's pole vault winner at the 2027 World Athletics Championships?",
                  yes_sub_title=side, category="Sports", close_time="2027-09-01T00:00:00Z",
                  rules=f"If {side} wins the women's pole vault at the 2027 World Athletics Championships, then the "
                        f"market resolves to Yes.")


def _vault_question(market_id: str, side: str) -> Market:
    return gamma(market_id, question=f"Will {side} win the women's pole vault at the 2027 World Athletics Championships?",
                 group=side, end="2027-09-01T00:00:00Z",
                 event_title="World Athletics Championships 2027: Women's Pole Vault Winner",
                 description=f"This market will resolve to Yes if {side} wins the women's pole vault at the 2027 World "
                             f"Athletics Championships. Otherwise No.")


def test_a_name_written_surname_first_is_the_name() -> None:
    assert given_name_first("Tovar, Lucia") == "Lucia Tovar"
    assert same_name(_name("Tovar, Lucia"), _name("Lucia Tovar"))
    assert same_name(_name("Tovar, Lucia"), _name("Tovar"))
    v = verdict(_vault("Tovar, Lucia"), _vault_question("1", "Lucia Tovar"))
    assert v.agrees, v.reasons
    v = verdict(_vault("Lucia Tovar"), _vault_question("2", "Tovar, Lucia"))
    assert v.agrees, v.reasons


def test_rules_that_write_the_subject_surname_first_name_the_person() -> None:
    assert capitalised_runs("If Tovar, Lucia wins the women's pole vault, then yes.") == (("Lucia Tovar", False),)
    assert capitalised_runs("If Austin, Texas is hit by a hurricane, then yes.")[0][0] == "Austin Texas"
    # Served without its event, the market's title is its rules' condition.
    k = kalshi("KXWCHPOLEW-27-LTOV", title="Tovar, Lucia", yes_sub_title="Tovar, Lucia", category="Sports",
               close_time="2027-09-01T00:00:00Z",
               rules="If Tovar, Lucia wins the women's pole vault at the 2027 World Athletics Championships, then the "
                     "market resolves to Yes.")
    v = verdict(k, _vault_question("37", "Lucia Tovar"))
    assert v.agrees, v.reasons


def test_a_surname_in_capitals_before_the_given_name_is_the_name() -> None:
    assert given_name_first("TOVAR Lucia") == "Lucia TOVAR"
    assert same_name(_name("TOVAR Lucia"), _name("Lucia Tovar"))
    assert not same_name(_name("TOVAR Elena"), _name("Lucia Tovar"))
    # An initialism before a word is read so only against a full name.
    assert not same_name(_name("NBA Finals"), _name("NBA"))
    v = verdict(_vault("TOVAR Lucia"), _vault_question("35", "Lucia Tovar"))
    assert v.agrees, v.reasons


def test_a_comma_before_no_given_name_turns_nothing() -> None:
    # A company's suffix, a generation or a city's state after a comma is no given name.
    assert given_name_first("Globex, Inc.") is None
    assert given_name_first("Portland, Oregon") is None
    assert given_name_first("Austin, TX") is None
    assert not same_name(_name("Portland, Oregon"), _name("Oregon Portland"))


def test_another_given_name_of_the_same_surname_is_another_person() -> None:
    assert not same_name(_name("Tovar, Elena"), _name("Lucia Tovar"))
    v = verdict(_vault("Tovar, Elena", "ETOV"), _vault_question("3", "Lucia Tovar"))
    assert v.rejected, v.reasons


def test_a_given_name_by_its_initial_is_the_name() -> None:
    assert same_name(_name("L. Tovar"), _name("Lucia Tovar"))
    assert same_name(_name("Tovar, L."), _name("Lucia Tovar"))
    assert not same_name(_name("E. Tovar"), _name("Lucia Tovar"))
    assert not same_name(_name("L. Marsh"), _name("Lucia Tovar"))
    v = verdict(_vault("L. Tovar"), _vault_question("22", "Lucia Tovar"))
    assert v.agrees, v.reasons


def test_a_short_name_two_people_of_one_event_share_merges_with_neither() -> None:
    short = [_vault("Tovar", "TOV"), _vault("L. Tovar", "LTOV")]
    polymarket = [_vault_question("23", "Lucia Tovar"), _vault_question("24", "Luis Tovar"),
                  _vault_question("25", "Rita Marsh")]
    pairs = [p for p in match_markets(short, polymarket) if p.polymarket_market_id in ("23", "24")]
    # Each short form agrees with both of them: neither is approved, a person picks.
    assert {(p.kalshi_ticker, p.polymarket_market_id) for p in pairs} == {
        (k.market_id, m) for k in short for m in ("23", "24")}
    for pair in pairs:
        assert pair.status is PairStatus.REVIEW, (pair.kalshi_ticker, pair.polymarket_market_id, pair.reasons)


# --- a competition named before its winner -----------------------------------------------------------


def _open_winner(question: str, market_id: str = "4") -> Market:
    return gamma(market_id, question=question, end="2027-05-01T00:00:00Z",
                 description="This market will resolve to Yes if Lucia Tovar wins the 2027 Lisbon Open women's singles "
                             "title. Otherwise No.")


def test_a_competition_named_before_its_winner_is_no_other_order() -> None:
    k = kalshi("KXLISBONOPENW-27", title="Will Lucia Tovar win the 2027 Lisbon Open?", category="Sports",
               close_time="2027-05-01T00:00:00Z",
               rules="If Lucia Tovar wins the 2027 Lisbon Open women's singles title, then the market resolves to Yes.")
    v = verdict(k, _open_winner("Lisbon Open 2027 women's winner: Lucia Tovar?"))
    assert v.agrees, v.reasons


def test_two_sides_in_the_other_order_still_wait() -> None:
    # Who beats whom is not what is won: "Tovar beats Ruiz" is not "Ruiz beats Tovar".
    k = kalshi("KXLISBONFINAL-27", title="Will Lucia Tovar beat Ana Ruiz in the 2027 Lisbon Open final?",
               category="Sports", close_time="2027-05-01T00:00:00Z",
               rules="If Lucia Tovar beats Ana Ruiz in the final of the 2027 Lisbon Open, then the market resolves to Yes.")
    p = gamma("5", question="Will Ana Ruiz beat Lucia Tovar in the 2027 Lisbon Open final?", end="2027-05-01T00:00:00Z",
              description="This market will resolve to Yes if Ana Ruiz beats Lucia Tovar in the final of the 2027 Lisbon "
                          "Open. Otherwise No.")
    assert not verdict(k, p).agrees


# --- who wins a playoff series -----------------------------------------------------------------------


def _series(code: str, side: str, *, title: str = "Boston vs Toronto: who will win the series?",
            event: str = "27BOSTOR") -> Market:
    return kalshi(f"KXNHLSERIES-{event}-{code}", title=title, yes_sub_title=side, category="Sports",
                  close_time="2027-05-06T00:00:00Z",
                  rules=f"If {side} wins the 2027 NHL Eastern Conference First Round series, then the market resolves "
                        f"to Yes.")


def _series_winner(market_id: str, first: str, second: str) -> Market:
    return gamma(market_id, question=f"{first} vs. {second} series winner", outcomes=(first, second),
                 end="2027-05-06T00:00:00Z", slug=f"nhl-series-{market_id}",
                 description=f"This market will resolve to the team that wins the best-of-seven 2027 NHL playoff series "
                             f"between the {first} and the {second}.")


def test_a_series_market_on_a_team_pairs_with_the_series_winner() -> None:
    k, p = _series("BOS", "Boston"), _series_winner("6", "Bruins", "Maple Leafs")
    assert read(k).topic == read(p).topic == SERIES
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Bruins")
    v = verdict(_series("TOR", "Toronto"), p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Maple Leafs")


def test_a_yes_no_series_question_pays_on_its_team() -> None:
    p = gamma("7", question="Will the Bruins win the series against the Maple Leafs?", end="2027-05-06T00:00:00Z",
              description="This market will resolve to Yes if the Boston Bruins win their 2027 NHL playoff series "
                          "against the Toronto Maple Leafs. Otherwise No.")
    v = verdict(_series("BOS", "BOS"), p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Yes")
    v = verdict(_series("TOR", "Toronto"), p)
    assert not v.agrees, v.reasons


def test_a_series_of_the_nba_in_nickname_and_city_forms() -> None:
    k = kalshi("KXNBASERIES-27DENMIN-DEN", title="Will Denver win the series against Minnesota?", yes_sub_title="Denver",
               category="Sports", close_time="2027-05-10T00:00:00Z",
               rules="If Denver wins its 2027 NBA Western Conference playoff series against Minnesota, then the market "
                     "resolves to Yes.")
    p = gamma("8", question="Nuggets vs. Timberwolves series winner", outcomes=("Nuggets", "Timberwolves"),
              end="2027-05-10T00:00:00Z",
              description="This market will resolve to the team that wins the 2027 NBA playoff series between the Denver "
                          "Nuggets and the Minnesota Timberwolves.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Nuggets")


def test_a_game_of_the_series_is_not_the_series() -> None:
    game = gamma("9", question="Bruins vs. Maple Leafs", outcomes=("Bruins", "Maple Leafs"), end="2027-04-26T00:00:00Z",
                 slug="nhl-bos-tor-2027-04-25", sports_market_type="moneyline", game_start_time="2027-04-25 23:00:00+00",
                 description="This market is on Game 3 of the playoff series between the Boston Bruins and the Toronto "
                             "Maple Leafs, scheduled for April 25, 2027.")
    assert verdict(_series("BOS", "Boston"), game).rejected
    numbered = gamma("10", question="Bruins vs. Maple Leafs series: Game 3 winner", outcomes=("Bruins", "Maple Leafs"),
                     end="2027-04-26T00:00:00Z",
                     description="This market will resolve to the winner of Game 3 of the 2027 NHL playoff series "
                                 "between the Boston Bruins and the Toronto Maple Leafs.")
    assert read(numbered).topic != SERIES
    assert verdict(_series("BOS", "Boston"), numbered).rejected


def test_another_series_or_an_exact_result_is_another_market() -> None:
    other = _series_winner("11", "Bruins", "Panthers")
    assert verdict(_series("BOS", "Boston"), other).rejected
    exact = gamma("12", question="Will the Bruins win the series against the Maple Leafs 4-2?", end="2027-05-06T00:00:00Z",
                  description="This market will resolve to Yes if the Boston Bruins win their 2027 NHL playoff series "
                              "against the Toronto Maple Leafs four games to two. Otherwise No.")
    assert read(exact).topic != SERIES
    assert not verdict(_series("BOS", "Boston"), exact).agrees
    later = kalshi("KXNHLSERIES-28BOSTOR-BOS", title="Boston vs Toronto: who will win the series?", yes_sub_title="Boston",
                   category="Sports", close_time="2028-05-06T00:00:00Z",
                   rules="If Boston wins the 2028 NHL Eastern Conference First Round series, then the market resolves to Yes.")
    assert verdict(later, _series_winner("13", "Bruins", "Maple Leafs")).rejected


def test_who_wins_a_series_asked_before_its_sides() -> None:
    p = gamma("26", question="Who will win the Bruins vs. Maple Leafs series?", outcomes=("Bruins", "Maple Leafs"),
              end="2027-05-06T00:00:00Z",
              description="This market will resolve to the team that wins the 2027 NHL playoff series between the "
                          "Boston Bruins and the Toronto Maple Leafs.")
    v = verdict(_series("TOR", "Toronto"), p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Maple Leafs")


def test_a_series_named_by_its_round_or_asked_as_beating_the_other_side() -> None:
    k = kalshi("KXMLBSERIES-27NYYBOS-NYY", title="Yankees vs Red Sox: ALDS winner?", yes_sub_title="New York Y",
               category="Sports", close_time="2027-10-15T00:00:00Z",
               rules="If the New York Yankees win the 2027 ALDS against the Boston Red Sox, then the market resolves "
                     "to Yes.")
    p = gamma("29", question="Yankees vs. Red Sox ALDS series winner", outcomes=("Yankees", "Red Sox"),
              end="2027-10-15T00:00:00Z",
              description="This market will resolve to the team that wins the 2027 American League Division Series "
                          "between the New York Yankees and the Boston Red Sox.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
    assert v.yes_token == token_named(p, "Yankees")
    beat = gamma("30", question="Will the Red Sox beat the Yankees in their playoff series?", end="2027-10-15T00:00:00Z",
                 description="This market will resolve to Yes if the Boston Red Sox win their 2027 MLB playoff series "
                             "against the New York Yankees. Otherwise No.")
    assert read(beat).topic == SERIES
    assert not verdict(k, beat).agrees


def test_a_season_series_or_its_length_is_not_the_playoff_series() -> None:
    season = gamma("27", question="Who will win the Bruins vs. Maple Leafs season series?",
                   outcomes=("Bruins", "Maple Leafs"), end="2027-04-10T00:00:00Z",
                   description="This market will resolve to the team that wins more of the 2026-27 regular season games "
                               "between the Boston Bruins and the Toronto Maple Leafs.")
    assert read(season).topic != SERIES
    assert not verdict(_series("BOS", "Boston"), season).agrees
    length = gamma("28", question="Will the Bruins vs. Maple Leafs series go to 7 games?", end="2027-05-06T00:00:00Z",
                   description="This market will resolve to Yes if the 2027 NHL playoff series between the Boston Bruins "
                               "and the Toronto Maple Leafs reaches a Game 7. Otherwise No.")
    assert read(length).topic != SERIES
    assert not verdict(_series("BOS", "Boston"), length).agrees


# --- a chart named by its release day ----------------------------------------------------------------


def _top_song(code: str, song: str) -> Market:
    return kalshi(f"KXHOT100-27JAN16-{code}", title="Top song on the Billboard Hot 100 for the week of Jan 16, 2027?",
                  yes_sub_title=song, category="Entertainment", close_time="2027-01-12T20:00:00Z",
                  rules=f"If {song} is the #1 song on the Billboard Hot 100 chart dated January 16, 2027, then the "
                        f"market resolves to Yes.")


def _released(market_id: str, song: str, released: str, dated: str | None) -> Market:
    bracket = f" (the chart dated {dated}, 2027)" if dated else ""
    return gamma(market_id, question=f"Will {song} be #1 on the Billboard Hot 100 chart released {released}?",
                 end="2027-01-20T20:00:00Z",
                 description=f'This market will resolve to "Yes" if "{song}" is the #1 song on the Billboard Hot 100 '
                             f'chart released on {released}, 2027{bracket}. Otherwise "No".')


def test_a_chart_released_on_a_day_is_the_chart_its_rules_date() -> None:
    p = _released("14", "Paper Harbor", "January 12", "January 16")
    when = read(p).when
    assert (when.rule, when.day) == (DateRule.ON, date(2027, 1, 16))
    v = verdict(_top_song("PAPE", "Paper Harbor"), p)
    assert v.agrees, v.reasons


def test_another_chart_week_or_a_release_day_alone_stays_its_day() -> None:
    later = _released("15", "Paper Harbor", "January 19", "January 23")
    assert verdict(_top_song("PAPE", "Paper Harbor"), later).rejected
    # A chart date in another sentence is another chart's.
    note = gamma("36", question="Will Paper Harbor be #1 on the Billboard Hot 100 chart released January 12?",
                 end="2027-01-20T20:00:00Z",
                 description='This market will resolve to "Yes" if "Paper Harbor" is the #1 song on the Billboard Hot 100 '
                             'chart released on January 12, 2027. The chart dated January 9, 2027 does not count.')
    assert read(note).when.day == date(2027, 1, 12)
    # Rules that give no chart date leave the release day as it is: no rule of thumb moves it.
    alone = _released("16", "Paper Harbor", "January 12", None)
    assert read(alone).when.day == date(2027, 1, 12)
    assert not verdict(_top_song("PAPE", "Paper Harbor"), alone).agrees


# --- one deal completed under its several nouns ------------------------------------------------------


def _closes() -> Market:
    return kalshi("KXGLOBEXINITECH-27JUN30", title="Will the Globex-Initech merger close by June 30, 2027?",
                  yes_sub_title="Yes", category="Companies", close_time="2027-06-30T23:59:00Z",
                  rules="If the merger of Globex and Initech is completed on or before Jun 30, 2027, then the market "
                        "resolves to Yes.")


def test_a_merger_closing_is_the_deal_completed() -> None:
    p = gamma("17", question="Globex completes Initech acquisition by June 30, 2027?", end="2027-06-30T23:59:00Z",
              description='This market will resolve to "Yes" if Globex completes its acquisition of Initech by June 30, '
                          '2027, 11:59 PM ET. Otherwise "No".')
    v = verdict(_closes(), p)
    assert v.agrees, v.reasons
    p = gamma("18", question="Globex-Initech deal completed by June 30, 2027?", end="2027-06-30T23:59:00Z",
              description='This market will resolve to "Yes" if the deal between Globex and Initech is completed by '
                          'June 30, 2027, 11:59 PM ET. Otherwise "No".')
    assert verdict(_closes(), p).agrees


def test_a_deal_announced_or_agreed_is_not_a_deal_completed() -> None:
    announced = gamma("19", question="Globex-Initech deal announced by June 30, 2027?", end="2027-06-30T23:59:00Z",
                      description='This market will resolve to "Yes" if Globex and Initech announce a deal by June 30, '
                                  '2027, 11:59 PM ET. Otherwise "No".')
    assert verdict(_closes(), announced).rejected
    agreed = gamma("20", question="Will Globex agree to acquire Initech by June 30, 2027?", end="2027-06-30T23:59:00Z",
                   description='This market will resolve to "Yes" if Globex signs a definitive agreement to acquire '
                               'Initech by June 30, 2027, 11:59 PM ET. Otherwise "No".')
    assert not verdict(_closes(), agreed).agrees
    other = gamma("21", question="Globex completes Hooli acquisition by June 30, 2027?", end="2027-06-30T23:59:00Z",
                  description='This market will resolve to "Yes" if Globex completes its acquisition of Hooli by June 30, '
                              '2027, 11:59 PM ET. Otherwise "No".')
    assert not verdict(_closes(), other).agrees


# --- a hold and "Will the bank change rates?" ---------------------------------------------------------


def _boc_hold() -> Market:
    return kalshi("KXBOCDECISION-27JUN-H0", title="Bank of Canada decision in Jun 2027", yes_sub_title="Hold",
                  category="Economics", close_time="2027-06-09T13:55:00Z",
                  rules="If the Bank of Canada leaves its overnight rate target unchanged at its meeting ending Jun 9, "
                        "2027, then the market resolves to Yes.")


def _no_change(market_id: str) -> Market:
    return gamma(market_id, question="No change in Bank of Canada rates after June 2027 meeting?", end="2027-06-09T14:00:00Z",
                 description="This market will resolve to Yes if the Bank of Canada leaves its overnight rate target "
                             "unchanged at its June 9, 2027 meeting. Otherwise No.")


def test_a_hold_pairs_with_no_change_and_with_the_no_of_any_change() -> None:
    # The "No" of "Will the bank change rates?" pays on the hold, as the "Yes" of "No change?"
    # does: a statement and its complement, both the pair.
    change = gamma("32", question="Will the Bank of Canada change rates in June 2027?", end="2027-06-09T14:00:00Z",
                   description="This market will resolve to Yes if the Bank of Canada raises or lowers its overnight rate "
                               "target at its June 9, 2027 meeting. It resolves No if the target is left unchanged.")
    same = _no_change("31")
    pairs = {p.polymarket_market_id: p for p in match_markets([_boc_hold()], [same, change])}
    assert pairs["31"].status is PairStatus.APPROVED and pairs["31"].polymarket_yes_token == token_named(same, "Yes"), \
        pairs["31"].reasons
    assert pairs["32"].status is PairStatus.APPROVED and pairs["32"].polymarket_yes_token == token_named(change, "No"), \
        pairs["32"].reasons


def test_two_markets_paying_on_their_yes_for_one_hold_still_wait() -> None:
    pairs = match_markets([_boc_hold()], [_no_change("33"), _no_change("34")])
    assert {p.polymarket_market_id for p in pairs} == {"33", "34"}
    assert all(p.status is PairStatus.REVIEW for p in pairs), [p.reasons for p in pairs]


# --- a winner market that states no date --------------------------------------------------------------


def _sag(close: str = "2028-03-01T03:00:00Z") -> Market:
    # Served without its event: the YES side is the title, the rules say the rest.
    return kalshi("KXSAGACTR-28-MQUI", title="Mara Quill", yes_sub_title="Mara Quill", category="Entertainment",
                  close_time=close,
                  rules="If Mara Quill wins the Screen Actors Guild Award for Outstanding Performance by a Female Actor "
                        "in a Leading Role at the 34th SAG Awards, then the market resolves to Yes.")


def _sag_question(market_id: str, *, group: str | None) -> Market:
    return gamma(market_id, question="Mara Quill to win the SAG Award for Female Actor in a Leading Role?", group=group,
                 end="2028-03-01T03:00:00Z", event_title="SAG Awards 2028: Female Actor in a Leading Role",
                 description="This market will resolve to Yes if Mara Quill wins Outstanding Performance by a Female Actor "
                             "in a Leading Role at the 34th Screen Actors Guild Awards. Otherwise No.")


def test_a_winner_market_without_a_date_is_the_year_it_closes_in() -> None:
    for market_id, group in (("41", "Mara Quill"), ("42", None)):
        v = verdict(_sag(), _sag_question(market_id, group=group))
        assert v.agrees, v.reasons


def test_a_winner_market_closing_in_another_year_still_waits() -> None:
    v = verdict(_sag(close="2029-03-01T03:00:00Z"), _sag_question("43", group=None))
    assert not v.agrees, v.reasons


# --- a stage short of the title ------------------------------------------------------------------------


def test_reaching_the_final_is_not_winning_the_title() -> None:
    reach = kalshi("KXNBAFINALS-27-BOS", title="Will Boston reach the 2027 NBA Finals?", yes_sub_title="Boston",
                   category="Sports", close_time="2027-05-31T00:00:00Z",
                   rules="If the Boston Celtics play in the 2027 NBA Finals, then the market resolves to Yes.")
    win = gamma("63", question="Will the Celtics win the 2027 NBA Finals?", end="2027-06-30T00:00:00Z",
                description="This market will resolve to Yes if the Boston Celtics win the 2027 NBA Finals. Otherwise No.")
    assert verdict(reach, win).rejected
    final = kalshi("KXUCLFINAL-27-ARS", title="Will Arsenal reach the 2027 Champions League final?", yes_sub_title="Arsenal",
                   category="Sports", close_time="2027-05-10T00:00:00Z",
                   rules="If Arsenal qualifies for the 2027 UEFA Champions League final, then the market resolves to Yes.")
    title = gamma("64", question="Will Arsenal win the 2027 Champions League?", end="2027-05-31T00:00:00Z",
                  description="This market will resolve to Yes if Arsenal wins the 2026-27 UEFA Champions League. "
                              "Otherwise No.")
    assert verdict(final, title).rejected


# --- a title's word the rules state in the other's words ------------------------------------------------


def _podium() -> Market:
    return kalshi("KXF1PODIUM-27MON-JDOE", title="Will John Doe finish on the podium at the 2027 Monaco Grand Prix?",
                  yes_sub_title="Yes", category="Sports", close_time="2027-05-30T00:00:00Z",
                  rules="If John Doe finishes in the top 3 of the 2027 Monaco Grand Prix, then the market resolves to Yes.")


def test_a_word_the_rules_state_in_the_other_markets_words_is_those_words() -> None:
    p = gamma("65", question="John Doe top 3 finish at the 2027 Monaco Grand Prix?", end="2027-05-30T00:00:00Z",
              description="This market will resolve to Yes if John Doe finishes in the top 3 of the 2027 Monaco Grand "
                          "Prix. Otherwise No.")
    v = verdict(_podium(), p)
    assert v.agrees, v.reasons


def test_rules_that_narrow_what_the_other_leaves_open_or_another_rank_still_differ() -> None:
    five = gamma("66", question="John Doe top 5 finish at the 2027 Monaco Grand Prix?", end="2027-05-30T00:00:00Z",
                 description="This market will resolve to Yes if John Doe finishes in the top 5 of the 2027 Monaco Grand "
                             "Prix. Otherwise No.")
    assert verdict(_podium(), five).rejected
    charged = kalshi("KXDOECHARGE-27", title="Will John Doe be indicted in 2027?", yes_sub_title="Yes", category="Politics",
                     close_time="2027-12-31T23:59:00Z",
                     rules="If John Doe is charged with a federal crime before Jan 1, 2028, then the market resolves to Yes.")
    any_charge = gamma("67", question="John Doe charged with a crime by December 31, 2027?", end="2027-12-31T23:59:00Z",
                       description="This market will resolve to Yes if John Doe is charged with a crime in any US "
                                   "jurisdiction by December 31, 2027, 11:59 PM ET. Otherwise No.")
    assert not verdict(charged, any_charge).agrees
    big = kalshi("KXDOEBIGGAME-27MAY03", title="Will John Doe have a big game on May 3, 2027?", yes_sub_title="Yes",
                 category="Sports", close_time="2027-05-04T00:00:00Z",
                 rules="If John Doe scores 25 or more points on May 3, 2027, then the market resolves to Yes.")
    scores = gamma("68", question="Will John Doe score points on May 3, 2027?", end="2027-05-04T00:00:00Z",
                   description="This market will resolve to Yes if John Doe scores points in his game on May 3, 2027. "
                               "Otherwise No.")
    assert not verdict(big, scores).agrees


def test_rules_that_pay_on_the_other_markets_words_negated_are_not_those_words() -> None:
    loses = kalshi("KXLISBONLOSE-27", title="Will Lucia Tovar lose the 2027 Lisbon Open final?", yes_sub_title="Yes",
                   category="Sports", close_time="2027-05-01T00:00:00Z",
                   rules="If Lucia Tovar does not win the 2027 Lisbon Open final, then the market resolves to Yes.")
    wins = gamma("70", question="Will Lucia Tovar win the 2027 Lisbon Open final?", end="2027-05-01T00:00:00Z",
                 description="This market will resolve to Yes if Lucia Tovar wins the 2027 Lisbon Open final. Otherwise No.")
    v = verdict(loses, wins)
    assert not (v.agrees and v.yes_token == token_named(wins, "Yes")), v.reasons


def test_the_rules_dates_are_no_narrowing_of_the_other_market() -> None:
    # The day the race is run, which only the defining sentence writes, is compared as a date.
    p = gamma("69", question="John Doe top 3 finish at the 2027 Monaco Grand Prix?", end="2027-05-30T00:00:00Z",
              description="This market will resolve to Yes if John Doe finishes in the top 3 of the 2027 Monaco Grand "
                          "Prix. Otherwise No.")
    k = kalshi("KXF1PODIUM-27MON-JDOE", title="Will John Doe finish on the podium at the 2027 Monaco Grand Prix?",
               yes_sub_title="Yes", category="Sports", close_time="2027-05-30T00:00:00Z",
               rules="If John Doe finishes in the top 3 of the 2027 Monaco Grand Prix on May 30, 2027, then the market "
                     "resolves to Yes.")
    v = verdict(k, p)
    assert v.agrees, v.reasons
