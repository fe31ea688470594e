"""Round 15, false approvals found on blind sets: a figure's first print against its revision, a
work named with its author against the author alone, a chart called "global" against one country's.
Markets invented for the tests."""

from __future__ import annotations

from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict


def _payrolls_kalshi(rules: str = "If nonfarm payrolls increase by more than 150,000 in March 2027 per the BLS initial "
                                  "release, then the market resolves to Yes.") -> object:
    return kalshi("KXPAYROLLS-27MAR-T150000", title="Jobs added in Mar 2027?", yes_sub_title="Above 150,000",
                  strike_type="greater", floor=150000, rules=rules, close_time="2027-04-02T12:30:00Z")


def test_initial_release_against_second_revision_is_rejected():
    k = _payrolls_kalshi()
    p = gamma("880101", question="March payrolls above 150k after revisions?",
              description='Resolves "Yes" if the March 2027 nonfarm payroll change is above 150,000 as reported in the '
                          "second revision (the May 2027 release).", end="2027-04-02T12:30:00Z")
    assert approved(k, p) == []
    assert verdict(k, p).rejected


def test_initial_release_against_first_print_stays_approved():
    k = _payrolls_kalshi()
    p = gamma("880102", question="March payrolls above 150k?",
              description='Resolves "Yes" if the March 2027 nonfarm payroll change is above 150,000 in the BLS '
                          "first release.", end="2027-04-02T12:30:00Z")
    assert approved(k, p) == [token_named(p, "Yes")]


def _chart_kalshi() -> object:
    return kalshi("KXBB200-27MAR06-NLR", title="Top album on Billboard 200 for Mar 6, 2027",
                  yes_sub_title="Night Long Road - Ana Reyes", event_title="Top album on Billboard 200 for Mar 6, 2027",
                  rules="If Night Long Road by Ana Reyes is #1 on the Billboard 200 chart dated Mar 6, 2027, then the "
                        "market resolves to Yes.", close_time="2027-03-03T17:00:00Z", category="Entertainment")


def test_a_work_with_its_author_against_the_author_alone_waits_for_a_person():
    k = _chart_kalshi()
    p = gamma("880103", question="Will Ana Reyes have the #1 album on the Billboard 200 dated March 6, 2027?",
              description='This market will resolve to "Yes" if any album credited to Ana Reyes is No. 1 on the '
                          'Billboard 200 dated March 6, 2027. Otherwise, this market will resolve to "No".',
              end="2027-03-03T17:00:00Z")
    assert approved(k, p) == []


def test_a_work_with_its_author_against_the_work_stays_approved():
    k = _chart_kalshi()
    p = gamma("880104", question="Will Night Long Road be the #1 album on the Billboard 200 dated March 6, 2027?",
              description='This market will resolve to "Yes" if "Night Long Road" by Ana Reyes is No. 1 on the '
                          'Billboard 200 dated March 6, 2027. Otherwise, this market will resolve to "No".',
              end="2027-03-03T17:00:00Z")
    assert approved(k, p) == [token_named(p, "Yes")]


def _streams_kalshi() -> object:
    return kalshi("KXSPOTIFYARTIST-27-LUMA", title="Spotify's most-streamed artist of 2027", yes_sub_title="Luma Vance",
                  rules="If Luma Vance is named Spotify's Top Global Artist of 2027, then the market resolves to Yes.",
                  close_time="2027-12-05T17:00:00Z", category="Entertainment")


def test_a_global_chart_against_one_countrys_is_rejected():
    p = gamma("880105", question="Will Luma Vance be the most-streamed artist in the US on Spotify in 2027?",
              description='This market will resolve to "Yes" if Luma Vance is Spotify\'s top artist in the United States '
                          'for 2027. Otherwise, this market will resolve to "No".', end="2027-12-05T17:00:00Z")
    assert approved(_streams_kalshi(), p) == []
    assert verdict(_streams_kalshi(), p).rejected


def test_a_global_chart_against_the_worldwide_one_stays_approved():
    p = gamma("880106", question="Will Luma Vance be Spotify's most-streamed artist of 2027?",
              description='This market will resolve to "Yes" if Luma Vance is Spotify\'s most-streamed artist worldwide '
                          'for 2027. Otherwise, this market will resolve to "No".', end="2027-12-05T17:00:00Z")
    assert approved(_streams_kalshi(), p) == [token_named(p, "Yes")]


def _landfall_kalshi() -> object:
    return kalshi("KXHURLAND-27-SEP1", title="Hurricane makes US landfall before Sep 1, 2027?",
                  yes_sub_title="Before Sep 1, 2027", close_time="2027-09-01T03:59:00Z", category="Climate and Weather",
                  rules="If a hurricane makes landfall in the continental United States before Sep 1, 2027, then the "
                        "market resolves to Yes.")


def test_an_event_placed_in_the_us_against_one_placed_nowhere_waits_for_a_person():
    p = gamma("880107", question="Will a hurricane make landfall before September?", end="2027-09-01T03:59:00Z",
              description='This market will resolve to "Yes" if any Atlantic hurricane makes landfall before September 1, '
                          '2027, 11:59 PM ET, per the National Hurricane Center. Otherwise "No".')
    assert approved(_landfall_kalshi(), p) == []
    assert "names" in verdict(_landfall_kalshi(), p).unsettled


def test_an_event_placed_in_the_us_on_both_stays_approved():
    p = gamma("880108", question="Will a hurricane make US landfall before September?", end="2027-09-01T03:59:00Z",
              description='This market will resolve to "Yes" if a hurricane makes landfall in the United States before '
                          'September 1, 2027, 11:59 PM ET, per the National Hurricane Center. Otherwise "No".')
    assert approved(_landfall_kalshi(), p) == [token_named(p, "Yes")]


def _mission_kalshi() -> object:
    return kalshi("KXORIONX-27DEC31", title="Will Orion X launch before 2028?", yes_sub_title="Before 2028",
                  rules="If NASA's Orion X mission launches before Jan 1, 2028, then the market resolves to Yes.",
                  close_time="2027-12-31T23:59:00Z", category="Science and Technology")


def test_a_subject_widened_in_the_rules_waits_for_a_person():
    p = gamma("880109", question="Will Orion X launch by December 31, 2027?", end="2027-12-31T23:59:00Z",
              description="This market will resolve to \"Yes\" if NASA's Orion X, or any other crewed lunar mission, "
                          'launches by December 31, 2027, 11:59 PM ET. Otherwise "No".')
    assert approved(_mission_kalshi(), p) == []
    assert "names" in verdict(_mission_kalshi(), p).unsettled


def test_the_same_subject_unwidened_stays_approved():
    p = gamma("880110", question="Will Orion X launch by December 31, 2027?", end="2027-12-31T23:59:00Z",
              description="This market will resolve to \"Yes\" if NASA's Orion X launches by December 31, 2027, 11:59 PM "
                          'ET. Otherwise "No".')
    assert approved(_mission_kalshi(), p) == [token_named(p, "Yes")]
