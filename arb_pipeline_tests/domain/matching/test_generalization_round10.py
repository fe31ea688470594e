"""General forms of true pairs the matcher had missed: a name written surname first ("Tovar,
Lucia"), a competition named before its winner ("Lisbon Open winner: Lucia Tovar?"), who wins a
playoff series, a weekly chart named by its release day whose rules give its date, and one deal
completed under its several nouns. Each look-alike still never agrees: another person of the
same surname, a game of the series, another chart week, a deal announced rather than completed."""

from __future__ import annotations

from datetime import date

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import DateRule, Name
from arb_pipeline.domain.matching.propositions.names import given_name_first, name_key, same_name
from arb_pipeline.domain.matching.propositions.series import SERIES
from arb_pipeline.domain.models import Market
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
