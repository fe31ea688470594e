"""Forms of the fourteenth round's blind set (music, horse racing, other areas of entertainment and
sport), on invented markets: anyone other than a named option winning is that option's NO."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named


# --- someone other than a named option ----------------------------------------------------------------


def _album_of_the_year(ticker: str, artist: str) -> Market:
    return kalshi(ticker, title="Grammys 2029: Album of the Year?", close_time="2029-02-04T23:59:00Z",
                  category="Entertainment", yes_sub_title=artist,
                  rules=f"If {artist} wins Album of the Year at the 2029 Grammy Awards, then the market resolves to Yes.")


def _someone_other(market_id: str, artist: str, who: str = "someone") -> Market:
    return gamma(market_id, question=f"Will {who} other than {artist} win Album of the Year at the 2029 Grammys?",
                 end="2029-02-04T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if {who} other than {artist} wins Album of the Year "
                             f"at the 2029 Grammy Awards. Otherwise, it will resolve to \"No\".")


def test_someone_other_than_the_option_is_its_no() -> None:
    k = _album_of_the_year("KXGRAMMYAOTY-29-MVAL", "Mira Vale")
    p = _someone_other("1", "Mira Vale")
    assert approved(k, p) == [token_named(p, "No")]


def test_an_artist_other_than_the_option_is_its_no() -> None:
    k = _album_of_the_year("KXGRAMMYAOTY-29-MVAL", "Mira Vale")
    p = _someone_other("2", "Mira Vale", who="an artist")
    assert approved(k, p) == [token_named(p, "No")]


def test_someone_other_than_another_artist_is_not_approved() -> None:
    # "Someone other than Mira Vale" pays on Juno Park's win too, and on a third artist's.
    k = _album_of_the_year("KXGRAMMYAOTY-29-JPAR", "Juno Park")
    p = _someone_other("3", "Mira Vale")
    assert not approved(k, p)


def test_the_named_artist_winning_stays_its_yes() -> None:
    k = _album_of_the_year("KXGRAMMYAOTY-29-MVAL", "Mira Vale")
    p = gamma("4", question="Will Mira Vale win Album of the Year at the 2029 Grammys?", end="2029-02-04T23:59:00Z",
              description="This market will resolve to \"Yes\" if Mira Vale wins Album of the Year at the 2029 Grammy "
                          "Awards. Otherwise, it will resolve to \"No\".")
    assert approved(k, p) == [token_named(p, "Yes")]


# --- a product "out" by a date is released ------------------------------------------------------------


def _released_kalshi(verb: str = "released") -> Market:
    return kalshi("KXVELA3-29JUL01", title=f"Vela 3 {verb} before July 2029?", close_time="2029-06-30T23:59:00Z",
                  category="Science and Technology", yes_sub_title="Before Jul 1, 2029",
                  rules=f"If Orbis Labs publicly {'releases' if verb == 'released' else 'announces'} Vela 3 before Jul 1, "
                        f"2029, then the market resolves to Yes.")


def _out_by(market_id: str, rules: str) -> Market:
    return gamma(market_id, question="Vela 3 out by June 30, 2029?", end="2029-06-30T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if {rules} by June 30, 2029. Otherwise, it will "
                             f"resolve to \"No\".")


def test_a_product_out_by_a_date_is_released_by_it() -> None:
    p = _out_by("11", "Orbis Labs makes Vela 3 publicly available")
    assert approved(_released_kalshi(), p) == [token_named(p, "Yes")]


def test_a_product_out_is_no_announcement() -> None:
    p = _out_by("12", "Orbis Labs makes Vela 3 publicly available")
    assert not approved(_released_kalshi("announced"), p)


def test_someone_out_by_a_date_leaves_and_is_no_release() -> None:
    # "Out" whose rules say a person leaves is leaving, whatever the title's subject sounds like.
    p = _out_by("13", "Vela 3's project lead Dana Roe leaves Orbis Labs")
    assert not approved(_released_kalshi(), p)


# --- a race time written as minutes and seconds -------------------------------------------------------


def _winning_time_kalshi() -> Market:
    return kalshi("KXCORALTIME-29-T108.5", title="Coral Stakes 2029 winning time", close_time="2029-06-02T23:59:00Z",
                  category="Sports", yes_sub_title="Under 1:48.50",
                  rules="If the final time of the winner of the 2029 Coral Stakes is less than 1:48.50, then the market "
                        "resolves to Yes.")


def _faster_than(market_id: str, clock: str, spelled: str) -> Market:
    return gamma(market_id, question=f"Coral Stakes 2029 winning time faster than {clock}?", end="2029-06-02T23:59:00Z",
                 description=f"This market will resolve to \"Yes\" if the official winning time of the 2029 Coral Stakes "
                             f"is under {spelled} ({clock}). Otherwise, it will resolve to \"No\".")


def test_a_race_time_in_minutes_and_seconds_is_one_threshold() -> None:
    p = _faster_than("21", "1:48.5", "1 minute 48.5 seconds")
    assert approved(_winning_time_kalshi(), p) == [token_named(p, "Yes")]


def test_a_race_time_a_second_apart_is_another_threshold() -> None:
    p = _faster_than("22", "1:49.5", "1 minute 49.5 seconds")
    assert not approved(_winning_time_kalshi(), p)
