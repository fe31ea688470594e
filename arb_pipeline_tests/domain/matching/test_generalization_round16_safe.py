"""Round 16, a false approval found on a blind set: a film's 3-day opening weekend against its
5-day opening. How many days a total covers is an axis of its own (docs/matching.md). Markets
invented for the tests."""

from __future__ import annotations

from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _opening_kalshi() -> object:
    return kalshi("KXOPENWKND-27MAR07LANT-T90", title="Lantern Bay domestic opening weekend", yes_sub_title="Above $90,000,000",
                  strike_type="greater", floor=90000000, close_time="2027-03-08T16:00:00Z", category="Entertainment",
                  rules="If Lantern Bay's domestic 3-day (Fri-Sun) opening weekend gross is above $90,000,000 per Box "
                        "Office Mojo, then the market resolves to Yes.")


def test_a_three_day_opening_against_a_five_day_opening_is_rejected():
    k = _opening_kalshi()
    p = gamma("880601", question="Lantern Bay 5-day opening above $90M?", end="2027-03-08T18:00:00Z",
              description='Resolves "Yes" if Lantern Bay\'s Wednesday-Sunday 5-day domestic opening exceeds $90M.')
    assert approved(k, p) == []
    assert verdict(k, p).rejected
    assert any("different window" in r for r in verdict(k, p).written)


def test_a_holiday_four_day_weekend_against_the_three_day_weekend_is_rejected():
    k = _opening_kalshi()
    p = gamma("880602", question="Lantern Bay four-day opening weekend above $90M?", end="2027-03-08T18:00:00Z",
              description='Resolves "Yes" if Lantern Bay grosses more than $90 million domestically from Thursday '
                          "through Sunday of its opening weekend, per Box Office Mojo.")
    assert approved(k, p) == []
    assert verdict(k, p).rejected


def test_friday_through_sunday_is_the_three_day_weekend():
    k = _opening_kalshi()
    p = gamma("880603", question="Lantern Bay opening weekend above $90M?", end="2027-03-08T18:00:00Z",
              description='Resolves "Yes" if Lantern Bay\'s Friday-Sunday domestic opening weekend exceeds $90 million '
                          "per Box Office Mojo.")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_a_window_of_three_dates_is_the_three_day_weekend():
    k = _opening_kalshi()
    p = gamma("880604", question="Lantern Bay opening weekend above $90M?", end="2027-03-08T18:00:00Z",
              description='Resolves "Yes" if Lantern Bay\'s domestic opening weekend (March 5-7, 2027) exceeds $90 '
                          "million per Box Office Mojo.")
    assert approved(k, p) == [token_named(p, "Yes")]


def test_a_window_of_five_dates_is_not_taken_for_three_days():
    k = _opening_kalshi()
    p = gamma("880605", question="Lantern Bay opening above $90M?", end="2027-03-08T18:00:00Z",
              description='Resolves "Yes" if Lantern Bay\'s domestic opening gross (March 3-7, 2027) exceeds $90 '
                          "million per Box Office Mojo.")
    assert approved(k, p) == []


def test_an_opening_weekend_that_states_no_days_waits_for_a_person():
    k = _opening_kalshi()
    p = gamma("880606", question="Lantern Bay opening weekend above $90M?", end="2027-03-08T18:00:00Z",
              description='Resolves "Yes" if Lantern Bay\'s domestic opening weekend exceeds $90 million per Box '
                          "Office Mojo.")
    assert approved(k, p) == []
    assert not verdict(k, p).rejected


# --- an event two bodies define: the NBER's recession against two quarters of negative GDP -------


def _recession_kalshi() -> object:
    return kalshi("KXRECESSION-28", title="US recession in 2028?", yes_sub_title="In 2028", category="Economics",
                  close_time="2029-12-31T15:00:00Z",
                  rules="If the NBER announces a recession beginning in 2028 by Dec 31, 2029, then the market resolves "
                        "to Yes.")


def test_a_recession_the_nber_dates_against_two_negative_quarters_per_the_bea_is_not_approved():
    k = _recession_kalshi()
    p = gamma("880611", question="US recession in 2028?", end="2029-12-31T15:00:00Z",
              description='Resolves "Yes" if the US has two consecutive quarters of negative real GDP growth in 2028 per '
                          "BEA advance estimates.")
    assert approved(k, p) == []


def test_a_recession_both_leave_to_the_nber_stays_approved():
    k = _recession_kalshi()
    p = gamma("880612", question="US recession in 2028?", end="2029-12-31T15:00:00Z",
              description='Resolves "Yes" if the NBER announces that a US recession began in 2028, by December 31, 2029. '
                          'Otherwise "No".')
    assert approved(k, p) == [token_named(p, "Yes")]


def test_who_flies_a_mission_is_no_body_that_settles_it():
    k = kalshi("KXORION3-28", title="Orion III launch before 2029?", yes_sub_title="Before Jan 1, 2029",
               category="Science and Technology", close_time="2028-12-31T23:59:00Z",
               rules="If NASA's Orion III mission launches before Jan 1, 2029, then the market resolves to Yes.")
    p = gamma("880613", question="Will Orion III launch by December 31, 2028?", end="2028-12-31T23:59:00Z",
              description='Resolves "Yes" if the SLS rocket carrying the Orion III crew lifts off by December 31, 2028, '
                          "11:59 PM ET.")
    assert approved(k, p) == [token_named(p, "Yes")]


# --- who advances from a knockout tie against who wins the match ---------------------------------


def _advance_kalshi() -> object:
    return kalshi("KXCUPADV-27FEB10VALBET-VAL", title="Valencia vs Real Betis: Team to advance", yes_sub_title="Valencia",
                  event_ticker="KXCUPADV-27FEB10VALBET", close_time="2027-02-10T22:00:00Z", category="Sports",
                  rules="If Valencia advances from the cup quarterfinal tie against Real Betis (including extra time and "
                        "penalties), then the market resolves to Yes.")


def test_advancing_from_a_tie_against_winning_the_match_in_regulation_is_not_approved():
    k = _advance_kalshi()
    p = gamma("880621", question="Will Valencia beat Real Betis on February 10?", end="2027-02-10T22:00:00Z",
              description='Resolves "Yes" if Valencia wins the cup match vs Real Betis on February 10, 2027 in regulation '
                          '(90 minutes plus stoppage). Extra time and penalties are not counted. Otherwise "No".')
    assert approved(k, p) == []
    assert "contest part" in verdict(k, p).unsettled


def test_advancing_against_advancing_is_not_held_back_by_the_advance():
    k = _advance_kalshi()
    p = gamma("880622", question="Will Valencia advance past Real Betis on February 10?", end="2027-02-10T22:00:00Z",
              description='Resolves "Yes" if Valencia advances from the cup quarterfinal tie against Real Betis on '
                          'February 10, 2027, including extra time and penalties. Otherwise "No".')
    assert "contest part" not in verdict(k, p).unsettled


# --- one occasion against any occasion of a window -----------------------------------------------


def _host_kalshi() -> object:
    return kalshi("KXLATESHOW-27MAR", title="Who will host Friday Night Live on Mar 13, 2027?", yes_sub_title="Dana Whitlow",
                  event_ticker="KXLATESHOW-27MAR", close_time="2027-03-14T05:00:00Z", category="Entertainment",
                  rules="If Dana Whitlow hosts Friday Night Live on Mar 13, 2027, then the market resolves to Yes.")


def test_one_episode_against_any_episode_of_the_month_is_not_approved():
    k = _host_kalshi()
    p = gamma("880631", question="Will Dana Whitlow host Friday Night Live in March 2027?", end="2027-04-01T03:59:00Z",
              description='Resolves "Yes" if Dana Whitlow hosts any episode of Friday Night Live that airs in March 2027.')
    assert approved(k, p) == []
    assert "date" in verdict(k, p).unsettled


# --- elected on the first ballot against elected at all ---------------------------------------------


def test_elected_on_the_first_ballot_is_not_elected_at_all():
    k = kalshi("KXCHAIR-29JAN-MROW", title="Who will be elected Speaker in Jan 2029?", yes_sub_title="Mara Rowe",
               event_ticker="KXCHAIR-29JAN", close_time="2029-01-31T23:00:00Z", category="Politics",
               rules="If Mara Rowe is elected Speaker of the House of Representatives of the 121st Congress before "
                     "February 1, 2029, then the market resolves to Yes.")
    first = gamma("880641", question="Will Mara Rowe be elected Speaker on the first ballot?", end="2029-01-10T23:00:00Z",
                  description='Resolves "Yes" only if Rowe wins the Speakership on the first roll-call ballot of the 121st '
                              "Congress.")
    anyway = gamma("880642", question="Will Mara Rowe be elected Speaker in January 2029?", end="2029-01-31T23:00:00Z",
                   description='Resolves "Yes" if Mara Rowe is elected Speaker of the House of the 121st Congress in '
                               'January 2029, on any ballot. Otherwise "No".')
    assert approved(k, first) == []
    assert verdict(k, first).rejected
    assert approved(k, anyway) == [token_named(anyway, "Yes")]
