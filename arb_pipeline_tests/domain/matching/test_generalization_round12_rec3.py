"""Individual sports a blind set missed, each form tested on markets written for this file: Kalshi's
way of splitting a contest that ends level ("the market will settle at $0.50 per contract"), read
as the 50-50 a Polymarket market states. Each look-alike (another draw rule, another opponent,
another date) still never agrees."""

from __future__ import annotations

from arb_pipeline.domain.matching import match_markets
from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.dates import date_mentions
from arb_pipeline.domain.matching.propositions.frames import negated
from arb_pipeline.domain.matching.propositions.model import DateRule
from arb_pipeline.domain.matching.propositions.terms import settlement
from arb_pipeline.domain.matching.propositions.text import fold
from arb_pipeline.domain.models import Market, PairStatus
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def approved_token(k: Market, p: Market) -> str | None:
    pairs = [x for x in match_markets([k], [p]) if x.status is PairStatus.APPROVED]
    return pairs[0].polymarket_yes_token if pairs else None


# --- a draw settled at half the payout, in Kalshi's money ---------------------------------------------


def test_half_the_payout_in_money_is_a_50_50_split() -> None:
    assert settlement("If the bout ends in a draw or no contest, or does not take place by March 31, 2029, the "
                      "market will settle at $0.50 per contract.") == {
        "draw": "50-50", "no contest": "50-50", "cancellation": "50-50"}
    assert settlement("A tie resolves at 50 cents.") == {"draw": "50-50"}
    assert settlement("If the match is drawn, positions are split evenly.") == {"draw": "50-50"}
    # A price in a sentence that settles nothing is no split.
    assert settlement("If the bout is a draw, the market resolves No. Contracts trade above $0.50.") == {"draw": "no"}


_KALSHI_SPLIT = (" If the bout ends in a draw or no contest, or does not take place by March 31, 2029, the market "
                 "will settle at $0.50 per contract.")


def _kalshi_bout(code: str, fighter: str, *, tail: str = _KALSHI_SPLIT, day: str = "Mar 14") -> Market:
    return kalshi(f"KXUFCFIGHT-29MAR14VALBRE-{code}", title=f"Will {fighter} win the Valko vs Brenner fight?",
                  yes_sub_title=fighter, event_title="Valko vs Brenner", category="Sports",
                  close_time="2029-03-28T06:00:00Z",
                  rules=f"If {fighter} wins the Valko vs Brenner professional MMA fight originally scheduled for "
                        f"{day}, 2029, then the market resolves to Yes.{tail}")


_POLY_SPLIT = " If the fight ends in a draw or no contest, or is canceled, this market resolves 50-50."


def _moneyline(market_id: str, *, tail: str = _POLY_SPLIT, day: str = "March 14") -> Market:
    return gamma(market_id, question="UFC 340: Dario Valko vs. Theo Brenner", outcomes=("Valko", "Brenner"),
                 end="2029-03-15T06:00:00Z", sports_market_type="moneyline", event_title="UFC 340: Valko vs. Brenner",
                 description=f"This market is on the bout between Dario Valko and Theo Brenner scheduled for {day}, "
                             f"2029. If Valko wins, resolves to \"Valko\"; if Brenner wins, resolves to \"Brenner\".{tail}")


def test_a_fight_kalshi_settles_at_fifty_cents_pairs_with_polymarkets_50_50_by_fighter() -> None:
    p = _moneyline("1")
    assert approved_token(_kalshi_bout("VAL", "Dario Valko"), p) == token_named(p, "Valko")
    assert approved_token(_kalshi_bout("BRE", "Theo Brenner"), p) == token_named(p, "Brenner")
    v = verdict(_kalshi_bout("VAL", "Dario Valko"), p)
    assert any("a draw settles 50-50 on both" in r for r in v.reasons), v.reasons
    # A draw paid No (or to one fighter) on one venue and at fifty cents on the other still differs, and
    # so does another day of the bout.
    assert not verdict(_kalshi_bout("VAL", "Dario Valko"), _moneyline("4", tail=" A draw or no contest resolves No.")
                       ).agrees
    to_brenner = _moneyline("3", tail=" If the fight ends in a draw or no contest, this market resolves to \"Brenner\".")
    assert not verdict(_kalshi_bout("VAL", "Dario Valko"), to_brenner).agrees
    assert verdict(_kalshi_bout("VAL", "Dario Valko"), _moneyline("5", day="April 18")).rejected


def test_a_fight_kalshi_settles_at_fifty_cents_pairs_with_a_yes_no_question() -> None:
    p = gamma("2", question="Will Dario Valko beat Theo Brenner?", end="2029-03-15T06:00:00Z",
              description="This market will resolve to Yes if Dario Valko defeats Theo Brenner in their bout at UFC "
                          "340 on March 14, 2029." + _POLY_SPLIT)
    assert approved_token(_kalshi_bout("VAL", "Dario Valko"), p) == token_named(p, "Yes")


# --- a fight's props: the distance, the way of winning, one fighter's NO -------------------------------


def _kalshi_prop(series: str, title: str, condition: str, *, side: str = "Yes") -> Market:
    return kalshi(f"{series}-29MAR14VALBRE-{side[:3].upper()}", title=title, yes_sub_title=side,
                  event_title="Valko vs Brenner", category="Sports", close_time="2029-03-28T06:00:00Z",
                  rules=f"If {condition} in the Valko vs Brenner professional MMA fight originally scheduled for Mar 14, "
                        f"2029, then the market resolves to Yes.{_KALSHI_SPLIT}")


def _poly_prop(market_id: str, question: str, condition: str, *, card: str = "UFC 340",
               day: str = "March 14") -> Market:
    return gamma(market_id, question=question, end="2029-03-15T06:00:00Z", event_title=f"{card}: Valko vs. Brenner",
                 description=f"This market will resolve to Yes if {condition} in the {card} bout between Dario Valko "
                             f"and Theo Brenner scheduled for {day}, 2029. Otherwise No.{_POLY_SPLIT}")


_DISTANCE = _kalshi_prop("KXUFCDISTANCE", "Will the Valko vs Brenner fight go the distance?",
                         "the fight goes the full scheduled distance")


def test_going_the_distance_is_the_no_of_ending_inside_it() -> None:
    p = _poly_prop("10", "Will Valko vs. Brenner end inside the distance?", "the fight ends before the final bell")
    assert approved_token(_DISTANCE, p) == token_named(p, "No")
    same = _poly_prop("11", "Will the Valko vs. Brenner fight go the distance?", "the fight goes the distance")
    assert approved_token(_DISTANCE, same) == token_named(same, "Yes")
    # The distance of another card, and a win by decision, are not the distance.
    later = _poly_prop("12", "Will Valko vs. Brenner end inside the distance?", "the fight ends before the final bell",
                       card="UFC 342", day="April 18")
    assert not verdict(_DISTANCE, later).agrees
    decision = _kalshi_prop("KXUFCDEC", "Will Dario Valko win by decision?", "Dario Valko wins by decision",
                            side="Dario Valko")
    assert verdict(decision, _poly_prop("13", "Will Valko vs. Brenner end inside the distance?",
                                        "the fight ends before the final bell")).rejected
    assert verdict(decision, _poly_prop("14", "Will the Valko vs. Brenner fight go the distance?",
                                        "the fight goes the distance")).rejected


_KNOCKOUT = _kalshi_prop("KXUFCKO", "Will Dario Valko win by KO/TKO?", "Dario Valko wins by KO or TKO", side="Dario Valko")


def test_a_win_by_ko_tko_is_a_win_by_knockout() -> None:
    p = _poly_prop("15", "Valko to win by knockout?", "Dario Valko defeats Theo Brenner by KO or TKO")
    assert approved_token(_KNOCKOUT, p) == token_named(p, "Yes")
    # A knockout is no submission and no plain win.
    submission = _poly_prop("16", "Valko to win by submission?", "Dario Valko defeats Theo Brenner by submission")
    assert verdict(_KNOCKOUT, submission).rejected
    plain = _poly_prop("17", "Will Dario Valko beat Theo Brenner?", "Dario Valko defeats Theo Brenner")
    assert not verdict(_KNOCKOUT, plain).agrees


def _kalshi_rounds(line: str = "2.5") -> Market:
    return kalshi(f"KXUFCROUNDS-29MAR14VALBRE-{line}", title=f"Dario Valko vs Theo Brenner: Over {line} rounds?",
                  yes_sub_title=f"Over {line} rounds", event_title="Valko vs Brenner", category="Sports",
                  close_time="2029-03-28T06:00:00Z",
                  rules=f"If the Valko vs Brenner professional MMA fight originally scheduled for Mar 14, 2029 lasts "
                        f"more than {line} rounds, then the market resolves to Yes.{_KALSHI_SPLIT}")


def _poly_rounds(market_id: str, line: float = 2.5, *, fighters: str = "Valko vs. Brenner",
                 day: str = "March 14") -> Market:
    return gamma(market_id, question=f"{fighters}: O/U {line} Rounds", outcomes=("Over", "Under"),
                 end="2029-03-15T06:00:00Z", event_title=f"UFC 340: {fighters}", sports_market_type="totals", line=line,
                 description=f"This market is on the number of rounds of the UFC 340 bout {fighters} scheduled for "
                             f"{day}, 2029. If the fight lasts more than {line} rounds, resolves Over; otherwise Under.")


def test_a_bouts_rounds_line_is_its_over_under() -> None:
    p = _poly_rounds("20")
    assert approved_token(_kalshi_rounds(), p) == token_named(p, "Over")
    # Another line, another bout, another day.
    assert verdict(_kalshi_rounds("1.5"), p).rejected
    assert verdict(_kalshi_rounds(), _poly_rounds("21", fighters="Valko vs. Okafor")).rejected
    assert verdict(_kalshi_rounds(), _poly_rounds("22", day="April 18")).rejected


def _rematch(code: str, fighter: str) -> Market:
    return kalshi(f"KXUFCFIGHT-29MAR14VALBRE-{code}", title=f"Will {fighter} win the Valko vs Brenner 2 fight?",
                  yes_sub_title=fighter, event_title="Valko vs Brenner 2", category="Sports",
                  close_time="2029-03-28T06:00:00Z",
                  rules=f"If {fighter} wins the Valko vs Brenner 2 professional MMA fight originally scheduled for "
                        f"Mar 14, 2029, then the market resolves to Yes.{_KALSHI_SPLIT}")


def _beats(market_id: str, tail: str = _POLY_SPLIT) -> Market:
    return gamma(market_id, question="Will Theo Brenner defeat Dario Valko at UFC 341?", end="2029-03-15T06:00:00Z",
                 description="This market will resolve to Yes if Theo Brenner defeats Dario Valko at UFC 341 on March "
                             f"14, 2029. Otherwise No.{tail}")


def test_one_fighter_is_the_no_of_the_other_beating_him_when_both_split_every_level_end() -> None:
    p = _beats("18")
    assert approved_token(_rematch("VAL", "Dario Valko"), p) == token_named(p, "No")
    assert approved_token(_rematch("BRE", "Theo Brenner"), p) == token_named(p, "Yes")
    # A no contest that pays No on Polymarket pays its "No" while Kalshi's fighter has not won.
    only_draw = _beats("19", tail=" If the fight ends in a draw, this market resolves 50-50.")
    assert not verdict(_rematch("VAL", "Dario Valko"), only_draw).agrees


# --- tennis: put out before a stage, the majors by their short forms --------------------------------------


def _reach_final(player: str = "Lena Soria", major: str = "French Open") -> Market:
    return kalshi(f"KXTENNISFINAL-29-{player[:4].upper()}", title=f"Will {player} reach the 2029 {major} final?",
                  yes_sub_title=player, category="Sports", close_time="2029-06-10T06:00:00Z",
                  rules=f"If {player} reaches the final of the 2029 {major} women's singles, then the market resolves "
                        "to Yes.")


def _out_before(market_id: str, question: str, stage: str = "final") -> Market:
    return gamma(market_id, question=question, end="2029-06-10T06:00:00Z",
                 description=f"This market will resolve to Yes if Lena Soria is eliminated from the 2029 French Open "
                             f"women's singles before the {stage}. Otherwise No.")


def test_eliminated_or_knocked_out_before_a_stage_is_the_no_of_reaching_it() -> None:
    rg = _out_before("30", "Will Lena Soria be eliminated before the RG 2029 final?")
    assert approved_token(_reach_final(), rg) == token_named(rg, "No")
    knocked = _out_before("31", "Will Lena Soria be knocked out before the 2029 French Open final?")
    assert approved_token(_reach_final(), knocked) == token_named(knocked, "No")
    # The year of a stage is when it happens; the year of an election stays a deadline.
    rules = [m.rule for m in date_mentions(fold("will she be knocked out before the 2029 french open final?"), None)]
    assert rules == [DateRule.DURING]
    assert [m.rule for m in date_mentions(fold("will he leave office before the 2028 election?"), None)] == [DateRule.BY]
    # Another stage, another major, another player are other questions.
    semi = _out_before("32", "Will Lena Soria be knocked out before the 2029 French Open semifinal?", "semifinal")
    assert not verdict(_reach_final(), semi).agrees
    assert not verdict(_reach_final(major="Wimbledon"), knocked).agrees
    assert not verdict(_reach_final(player="Ana Vega"), knocked).agrees


def _slam_count(least: int, year: int = 2029) -> Market:
    return kalshi(f"KXSLAMS-{year % 100}-LSOR-{least}", title=f"How many Grand Slam singles titles will Lena Soria win in "
                                                       f"{year}?",
                  yes_sub_title=f"{least} or more", category="Sports", close_time=f"{year}-12-31T06:00:00Z",
                  rules=f"If Lena Soria wins {least} or more Grand Slam singles titles in {year}, then the market "
                        "resolves to Yes.")


def test_a_count_of_at_least_n_is_the_event_of_at_least_n() -> None:
    p = gamma("33", question="Lena Soria to win at least two majors in 2029?", end="2029-12-31T06:00:00Z",
              description="This market will resolve to Yes if Lena Soria wins at least two Grand Slam singles titles "
                          "in 2029. Otherwise No.")
    assert approved_token(_slam_count(2), p) == token_named(p, "Yes")
    # Another least number, another year.
    assert verdict(_slam_count(3), p).rejected
    assert not verdict(_slam_count(2, 2030), p).agrees


def _match(code: str, player: str) -> Market:
    return kalshi(f"KXATPMATCH-29JUL02SORVEG-{code}", title=f"Will {player} win the Soria vs Vega : Round Of 32 match?",
                  yes_sub_title=player, event_title="Soria vs Vega", category="Sports", close_time="2029-07-03T06:00:00Z",
                  rules=f"If {player} wins the Soria vs Vega Wimbledon Round of 32 match scheduled for Jul 2, 2029, then "
                        "the market resolves to Yes.")


def _beats_at_wimbledon(market_id: str, other: str = "Marco Soria", day: str = "July 2") -> Market:
    return gamma(market_id, question=f"Will Luis Vega beat {other} at Wimbledon?", end="2029-07-03T06:00:00Z",
                 description=f"This market will resolve to Yes if Luis Vega defeats {other} in their Wimbledon match on "
                             f"{day}, 2029. Otherwise No.")


def test_a_tennis_match_asked_from_the_other_side_at_its_tournament_is_its_no() -> None:
    # A tennis match has a winner: the "No" of the other player beating him is his win.
    p = _beats_at_wimbledon("35")
    assert approved_token(_match("SOR", "Marco Soria"), p) == token_named(p, "No")
    assert approved_token(_match("VEG", "Luis Vega"), p) == token_named(p, "Yes")
    assert not verdict(_match("SOR", "Marco Soria"), _beats_at_wimbledon("36", other="Ivan Petrov")).agrees
    assert verdict(_match("SOR", "Marco Soria"), _beats_at_wimbledon("37", day="July 4")).rejected


# --- horse racing, athletics and golf: words of their own ----------------------------------------------


def _triple_crown() -> Market:
    return kalshi("KXTRIPLECROWN-29", title="Triple Crown winner in 2029?", yes_sub_title="Yes", category="Sports",
                  close_time="2029-06-10T06:00:00Z", rules="If a horse wins the 2029 Triple Crown, then the market "
                                                           "resolves to Yes.")


def test_horse_racing_is_no_election_and_a_year_passing_without_a_winner_is_its_no() -> None:
    p = gamma("40", question="Horse racing Triple Crown winner in 2029?", end="2029-06-10T06:00:00Z",
              description="This market will resolve to Yes if a horse wins the 2029 Triple Crown of horse racing. "
                          "Otherwise No.")
    assert approved_token(_triple_crown(), p) == token_named(p, "Yes")
    without = gamma("41", question="Will 2029 pass without a Triple Crown winner?", end="2029-06-10T06:00:00Z",
                    description="This market will resolve to Yes if no horse wins the 2029 Triple Crown of horse "
                                "racing. Otherwise No.")
    assert approved_token(_triple_crown(), without) == token_named(without, "No")
    # A horse race's election is still no horse race: another year stays another question.
    later = gamma("42", question="Horse racing Triple Crown winner in 2030?", end="2030-06-10T06:00:00Z",
                  description="This market will resolve to Yes if a horse wins the 2030 Triple Crown of horse racing. "
                              "Otherwise No.")
    assert verdict(_triple_crown(), later).rejected


def test_the_post_time_favorite_is_the_betting_favorite() -> None:
    k = kalshi("KXDERBYFAV-29MAY05", title="Will the post-time favorite win the 2029 Kentucky Derby?",
               yes_sub_title="Yes", category="Sports", close_time="2029-05-06T06:00:00Z",
               rules="If the post-time favorite wins the 2029 Kentucky Derby, then the market resolves to Yes.")
    p = gamma("43", question="Will the betting favorite win the 2029 Kentucky Derby?", end="2029-05-06T06:00:00Z",
              description="This market will resolve to Yes if the betting favorite at post time wins the 2029 Kentucky "
                          "Derby. Otherwise No.")
    assert approved_token(k, p) == token_named(p, "Yes")
    preakness = gamma("44", question="Will the betting favorite win the 2029 Preakness Stakes?", end="2029-05-20T06:00:00Z",
                      description="This market will resolve to Yes if the betting favorite at post time wins the 2029 "
                                  "Preakness Stakes. Otherwise No.")
    assert not verdict(k, preakness).agrees


def _world_record(event: str = "100m") -> Market:
    return kalshi(f"KXWR{event.upper()}-29", title=f"Will a new world record be set in the men's {event} at the 2029 "
                                                   "World Championships?",
                  yes_sub_title="Yes", category="Sports", close_time="2029-09-01T06:00:00Z",
                  rules=f"If a new world record is set in the men's {event} at the 2029 World Athletics Championships, "
                        "then the market resolves to Yes.")


def test_a_world_record_set_is_a_world_record_broken() -> None:
    p = gamma("45", question="Will the men's 100m world record be broken at the 2029 World Championships?",
              end="2029-09-01T06:00:00Z",
              description="This market will resolve to Yes if the men's 100m world record is broken at the 2029 World "
                          "Athletics Championships. Otherwise No.")
    assert approved_token(_world_record(), p) == token_named(p, "Yes")
    assert not verdict(_world_record("200m"), p).agrees


def _american_wins() -> Market:
    return kalshi("KXUSOPENGOLFNAT-29", title="Will an American win the 2029 U.S. Open (golf)?", yes_sub_title="Yes",
                  category="Sports", close_time="2029-06-18T06:00:00Z",
                  rules="If a golfer from the United States wins the 2029 U.S. Open golf championship, then the market "
                        "resolves to Yes.")


def test_a_non_american_winner_is_the_no_of_an_american_one() -> None:
    p = gamma("46", question="Will a non-American win the 2029 U.S. Open?", end="2029-06-18T06:00:00Z",
              description="This market will resolve to Yes if a golfer who is not from the United States wins the 2029 "
                          "U.S. Open golf championship. Otherwise No.")
    assert approved_token(_american_wins(), p) == token_named(p, "No")
    later = gamma("47", question="Will a non-American win the 2030 U.S. Open?", end="2030-06-18T06:00:00Z",
                  description="This market will resolve to Yes if a golfer who is not from the United States wins the "
                              "2030 U.S. Open golf championship. Otherwise No.")
    assert not verdict(_american_wins(), later).agrees
    assert negated(fold("will a non-european team win the 2029 worlds?"))
    assert not negated(fold("will the un pass a non-binding resolution in 2029?"))


# --- motorsport and golf: a podium, pole, and the venue that names an event -------------------------------


def _grand_prix(series: str, title: str, driver: str, condition: str, race: str = "Italian") -> Market:
    return kalshi(f"{series}-29{race[:3].upper()}-{driver.split()[-1][:4].upper()}", title=title, yes_sub_title=driver,
                  category="Sports", close_time="2029-09-03T06:00:00Z",
                  rules=f"If {driver} {condition} the 2029 {race} Grand Prix, then the market resolves to Yes.")


def test_pole_position_taken_is_pole_at_the_races_venue() -> None:
    k = _grand_prix("KXF1POLE", "Who will take pole position at the 2029 Italian GP?", "Max Verstappen",
                    "takes pole position for")
    p = gamma("50", question="Max Verstappen on pole at Monza?", end="2029-09-03T06:00:00Z",
              description="This market will resolve to Yes if Max Verstappen starts the 2029 Italian Grand Prix at "
                          "Monza from pole position. Otherwise No.")
    assert approved_token(k, p) == token_named(p, "Yes")
    british = _grand_prix("KXF1POLE", "Who will take pole position at the 2029 British GP?", "Max Verstappen",
                          "takes pole position for", race="British")
    assert not verdict(british, p).agrees
    win = _grand_prix("KXF1RACE", "Who will win the 2029 Italian GP?", "Max Verstappen", "wins")
    assert not verdict(win, p).agrees


def test_a_podium_is_a_top_3_finish() -> None:
    k = _grand_prix("KXF1PODIUM", "Will Lando Norris finish on the podium at the 2029 Italian GP?", "Lando Norris",
                    "finishes on the podium of")
    p = gamma("51", question="Lando Norris top 3 finish at the 2029 Italian Grand Prix?", end="2029-09-03T06:00:00Z",
              description="This market will resolve to Yes if Lando Norris finishes in the top 3 of the 2029 Italian "
                          "Grand Prix. Otherwise No.")
    assert approved_token(k, p) == token_named(p, "Yes")
    top5 = gamma("52", question="Lando Norris top 5 finish at the 2029 Italian Grand Prix?", end="2029-09-03T06:00:00Z",
                 description="This market will resolve to Yes if Lando Norris finishes in the top 5 of the 2029 Italian "
                             "Grand Prix. Otherwise No.")
    assert verdict(k, top5).rejected


def test_missing_the_cut_at_augusta_is_the_no_of_making_it_at_the_masters() -> None:
    k = kalshi("KXMASTERSCUT-29-JDAL", title="Will Jon Dale make the cut at the 2029 Masters?", yes_sub_title="Jon Dale",
               category="Sports", close_time="2029-04-14T06:00:00Z",
               rules="If Jon Dale makes the cut at the 2029 Masters Tournament, then the market resolves to Yes.")
    p = gamma("53", question="Will Jon Dale miss the cut at Augusta?", end="2029-04-14T06:00:00Z",
              description="This market will resolve to Yes if Jon Dale misses the cut at the 2029 tournament at Augusta "
                          "National. Otherwise No.")
    assert approved_token(k, p) == token_named(p, "No")
    us_open = gamma("54", question="Will Jon Dale miss the cut at the 2029 U.S. Open?", end="2029-06-18T06:00:00Z",
                    description="This market will resolve to Yes if Jon Dale misses the cut at the 2029 U.S. Open. "
                                "Otherwise No.")
    assert not verdict(k, us_open).agrees


def _safety_car(race: str = "Italian") -> Market:
    return kalshi(f"KXF1SC-29{race[:3].upper()}", title=f"Will there be a Safety Car at the 2029 {race} GP?",
                  yes_sub_title="Yes", category="Sports", close_time="2029-09-03T06:00:00Z",
                  rules=f"If a Safety Car is deployed during the 2029 {race} Grand Prix, then the market resolves to Yes.")


def test_a_race_run_without_a_safety_car_is_the_no_of_one_at_it() -> None:
    # The race is where the safety car comes out on one venue and the subject on the other: an
    # occasion both place the statement at, not an actor whose order matters.
    p = gamma("55", question="Will the 2029 Italian GP run without a Safety Car?", end="2029-09-03T06:00:00Z",
              description="This market will resolve to Yes if no Safety Car is deployed during the 2029 Italian Grand "
                          "Prix. Otherwise No.")
    assert approved_token(_safety_car(), p) == token_named(p, "No")
    assert not verdict(_safety_car("British"), p).agrees
    # Who acts on whom still matters where a name is no occasion of both.
    k = kalshi("KXSTRIKE-29", title="Will Israel strike Iran in 2029?", yes_sub_title="Yes", category="World",
               close_time="2029-12-31T06:00:00Z", rules="If Israel strikes Iran in 2029, then the market resolves to Yes.")
    other_way = gamma("56", question="Will Iran strike at Israel in 2029?", end="2029-12-31T06:00:00Z",
                      description="This market will resolve to Yes if Iran strikes Israel in 2029. Otherwise No.")
    assert not verdict(k, other_way).agrees
