"""Forms of the fifteenth round's sports markets, on invented markets: a race the vocabulary knows
written "GP" on one venue and "Grand Prix" on the other, a golf score written against par, a Grand
Prix called by its place, a count whose comparator stands before its noun, and a dotted team name."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _question(market_id: str, question: str, condition: str, end: str = "2028-07-12T23:59:00Z", **fields: str) -> Market:
    return gamma(market_id, question=question, end=end, **fields,
                 description=f'This market will resolve to "Yes" if {condition}. Otherwise, this market will resolve to "No".')


# --- a race the vocabulary knows, "GP" against "Grand Prix" ------------------------------------------


def _race_winner(race: str, driver: str) -> Market:
    return kalshi(f"KXF1RACE-28{race[:3].upper()}-{driver.split()[-1][:3].upper()}", title=f"{race} Grand Prix 2028 Winner",
                  yes_sub_title=driver, close_time="2028-07-12T23:59:00Z", category="Sports",
                  rules=f"If {driver} wins the 2028 {race} Grand Prix, then the market resolves to Yes.")


def test_a_known_race_written_gp_is_its_grand_prix() -> None:
    k = _race_winner("British", "Lando Norris")
    p = _question("1", "Lando Norris wins British GP 2028?", "Lando Norris wins the 2028 Formula 1 British Grand Prix at Silverstone")
    assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_another_known_race_written_gp_stays_another_race() -> None:
    k = _race_winner("British", "Lando Norris")
    p = _question("2", "Lando Norris wins Italian GP 2028?", "Lando Norris wins the 2028 Formula 1 Italian Grand Prix at Monza")
    assert not approved(k, p), verdict(k, p).reasons


def test_pole_at_a_known_race_written_gp_is_not_its_win() -> None:
    k = _race_winner("British", "Lando Norris")
    p = _question("3", "Lando Norris on pole at British GP 2028?",
                  "Lando Norris starts the 2028 Formula 1 British Grand Prix from pole position")
    assert not approved(k, p), verdict(k, p).reasons


# --- a golf score against par ------------------------------------------------------------------------


def _winning_score(cap: int) -> Market:
    return kalshi(f"KXPGASCORE-28-T{-cap}", title="PGA Championship 2028 winning score", yes_sub_title=f"{cap} or better",
                  close_time="2028-05-21T23:59:00Z", category="Sports", strike_type="less_or_equal", cap=cap,
                  rules=f"If the winning score of the 2028 PGA Championship is {-cap} under par or better, then the market "
                        "resolves to Yes.")


def _score_line(market_id: str, line: str, strokes: str) -> Market:
    return _question(market_id, f"PGA Championship 2028: winning score under -{line}?",
                     f"the winning 72-hole score of the 2028 PGA Championship is lower than {strokes} under par",
                     end="2028-05-21T23:59:00Z")


def test_a_half_stroke_line_under_par_is_the_whole_score_or_better() -> None:
    k = _winning_score(-10)
    p = _score_line("4", "9.5", "9.5")
    assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_a_line_a_stroke_off_under_par_is_another_threshold() -> None:
    for market_id, line in (("5", "10.5"), ("6", "8.5")):
        p = _score_line(market_id, line, line)
        assert not approved(_winning_score(-10), p), verdict(_winning_score(-10), p).reasons


def test_strokes_over_par_are_above_the_score_under_par() -> None:
    k = _winning_score(-10)
    p = _question("7", "PGA Championship 2028: winning score at 2 over par or worse?",
                  "the winning 72-hole score of the 2028 PGA Championship is 2 over par or worse", end="2028-05-21T23:59:00Z")
    assert not approved(k, p), verdict(k, p).reasons


def test_a_net_figure_better_than_a_negative_number_stays_above_it() -> None:
    # No score to par is written: "better than -10" of a net rating is above it, not below.
    k = kalshi("KXNETRATING-28JUN30-T-10", title="Governor net approval on Jun 30, 2028", yes_sub_title="-10 or lower",
               close_time="2028-06-30T23:59:00Z", category="Politics", strike_type="less_or_equal", cap=-10,
               rules="If the governor's net approval rating on Jun 30, 2028 is -10 or lower, then the market resolves to Yes.")
    p = _question("8", "Governor net approval -10 or better on June 30?",
                  "the governor's net approval rating on June 30, 2028 is better than -10", end="2028-06-30T23:59:00Z")
    assert token_named(p, "Yes") not in approved(k, p), verdict(k, p).reasons


# --- a Grand Prix called by its place -----------------------------------------------------------------


def _podium(driver: str) -> Market:
    return kalshi(f"KXF1PODIUM-28MIA-{driver.split()[-1][:3].upper()}", title="Miami GP 2028 podium", yes_sub_title=driver,
                  close_time="2028-06-01T23:59:00Z", category="Sports",
                  rules=f"If {driver} finishes in the top 3 of the 2028 Miami Grand Prix, then the market resolves to Yes.")


def test_a_podium_at_a_place_whose_rules_name_its_grand_prix_is_that_race() -> None:
    p = _question("9", "Piastri on the podium in Miami 2028?",
                  "Oscar Piastri finishes first, second or third in the 2028 Miami Grand Prix", end="2028-06-01T23:59:00Z")
    assert approved(_podium("Oscar Piastri"), p) == [token_named(p, "Yes")], verdict(_podium("Oscar Piastri"), p).reasons


def test_a_place_whose_rules_name_another_race_there_is_not_its_grand_prix() -> None:
    p = _question("10", "Piastri on the podium in Miami 2028?",
                  "Oscar Piastri finishes first, second or third in the 2028 Miami E-Prix", end="2028-06-01T23:59:00Z")
    assert not approved(_podium("Oscar Piastri"), p), verdict(_podium("Oscar Piastri"), p).reasons


def test_a_win_at_a_place_is_not_a_podium_at_its_grand_prix() -> None:
    p = _question("11", "Piastri to win in Miami 2028?", "Oscar Piastri wins the 2028 Miami Grand Prix",
                  end="2028-06-01T23:59:00Z")
    assert not approved(_podium("Oscar Piastri"), p), verdict(_podium("Oscar Piastri"), p).reasons


# --- a count reached, its comparator between the number and the noun ----------------------------------


def _goals(line: str) -> Market:
    return kalshi(f"KXEPLGOALS-28-HAALO-T{line}", title="Kaito Haalo 2027-28 Premier League goals", yes_sub_title="30+",
                  close_time="2028-05-28T23:59:00Z", category="Sports", strike_type="greater", floor=float(line),
                  rules=f"If Kaito Haalo scores more than {line} goals in the 2027-28 Premier League season, then the "
                        "market resolves to Yes.")


def _goals_question(market_id: str, goals: int) -> Market:
    return _question(market_id, f"Will Kaito Haalo hit {goals} or more goals in the 2027-28 Premier League?",
                     f"Kaito Haalo scores at least {goals} goals in the 2027-28 Premier League season", end="2028-05-28T23:59:00Z")


def test_a_count_hit_with_or_more_after_its_number_is_the_count_past_the_half_line() -> None:
    k, p = _goals("29.5"), _goals_question("12", 30)
    assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_a_count_hit_one_over_the_half_line_is_another_threshold() -> None:
    k, p = _goals("29.5"), _goals_question("13", 31)
    assert not approved(k, p), verdict(k, p).reasons


# --- a team name with a point inside it ------------------------------------------------------------


def _champions(team: str) -> Market:
    return kalshi(f"KXVALCHAMPS-28-{team[:3].upper()}", title="Valorant Champions 2028 Winner", yes_sub_title=team,
                  close_time="2028-08-30T23:59:00Z", category="Sports",
                  rules=f"If {team} wins Valorant Champions 2028, then the market resolves to Yes.")


def _champions_question(market_id: str, team: str) -> Market:
    return _question(market_id, f"{team} to win Valorant Champions 2028?", f"{team} wins Valorant Champions 2028",
                     end="2028-08-30T23:59:00Z")


def test_a_dotted_team_name_with_its_esports_suffix_is_the_team() -> None:
    k, p = _champions("Zen.K"), _champions_question("14", "Zen.K Esports")
    assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_a_dotted_team_name_with_another_word_is_another_team() -> None:
    k = _champions("Zen.K")
    for market_id, team in (("15", "Zen.K Academy"), ("16", "Zen.R Esports")):
        p = _champions_question(market_id, team)
        assert not approved(k, p), (team, verdict(k, p).reasons)
