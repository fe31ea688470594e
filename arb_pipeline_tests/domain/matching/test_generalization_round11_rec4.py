"""General forms of true pairs the matcher had missed: a competition one market names and the
other places itself in only by its ticker, slug or rules ("traded by an NBA team"); a show or race
by its short name inside the statement ("SNL", "F1", "Indy 500"); and a chart's first place written
"#1" on one side and by its superlative on the other ("the highest-grossing film"); and an award's
category in its other words ("Best Motion Picture - Drama" / "Best Drama Film"). Each look-alike
still never agrees: another league, another race, another rank, another category."""

from __future__ import annotations

from arb_pipeline.domain.matching.equivalence import Verdict, compare
from arb_pipeline.domain.matching.propositions import read
from arb_pipeline.domain.matching.propositions.model import Name
from arb_pipeline.domain.matching.propositions.name_variants import same_name
from arb_pipeline.domain.matching.propositions.names import name_key
from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import gamma, kalshi, token_named


def verdict(k: Market, p: Market) -> Verdict:
    return compare(read(k), read(p))


def _rejected(v: Verdict) -> bool:
    return not v.agrees and any(reason.startswith("REJECT") for reason in v.reasons)


# --- a competition named on one side, implied on the other --------------------------------------------


def _trade(series: str, rules_tail: str = "") -> Market:
    return kalshi(f"{series}-27-JBRU", title="Will Jalen Brunson be traded before the deadline?",
                  yes_sub_title="Jalen Brunson", category="Sports", close_time="2027-02-06T20:00:00Z",
                  rules=f"If Jalen Brunson is traded before the 2027 trade deadline, then the market resolves to Yes."
                        f"{rules_tail}")


def _trade_question(market_id: str, league: str = "NBA") -> Market:
    return gamma(market_id, question=f"Will Jalen Brunson be traded before the {league} trade deadline?",
                 end="2027-02-06T20:00:00Z",
                 description=f"This market will resolve to Yes if Jalen Brunson is traded before the 2027 {league} trade "
                             f"deadline. Otherwise No.")


def test_a_league_the_other_markets_rules_name_outside_their_condition_is_said() -> None:
    k = _trade("KXPLAYERTRADE", " Only a trade made by an NBA team counts.")
    v = verdict(k, _trade_question("1"))
    assert v.agrees, v.reasons


def test_a_league_a_polymarket_slug_opens_with_is_said() -> None:
    k = kalshi("KXMVPAWARD-27-SGA", title="Will Shai Gilgeous-Alexander win the 2026-27 NBA MVP?",
               yes_sub_title="Shai Gilgeous-Alexander", category="Sports", close_time="2027-06-30T20:00:00Z",
               rules="If Shai Gilgeous-Alexander wins the 2026-27 NBA MVP award, then the market resolves to Yes.")
    p = gamma("2", question="Will Shai Gilgeous-Alexander win the 2026-27 MVP?", end="2027-06-30T20:00:00Z",
              slug="nba-mvp-2026-27-shai-gilgeous-alexander",
              description="This market will resolve to Yes if Shai Gilgeous-Alexander wins the 2026-27 MVP award. "
                          "Otherwise No.")
    v = verdict(k, p)
    assert v.agrees, v.reasons


def test_another_league_in_the_ticker_or_rules_is_another_market() -> None:
    v = verdict(_trade("KXNFLTRADE"), _trade_question("3"))
    assert _rejected(v), v.reasons
    v = verdict(_trade("KXPLAYERTRADE", " Only a trade made by an NFL team counts."), _trade_question("4"))
    assert _rejected(v), v.reasons
    # "nba" is a part of "wnba": the pair waits for a person, never approved.
    v = verdict(_trade("KXWNBATRADE"), _trade_question("5"))
    assert not v.agrees, v.reasons


def test_rules_that_name_two_leagues_place_the_market_in_neither() -> None:
    v = verdict(_trade("KXPLAYERTRADE", " A trade made by an NBA or WNBA team counts."), _trade_question("6"))
    assert not v.agrees, v.reasons


# --- a show or race by its short name -----------------------------------------------------------------


def _host(title: str, rules: str) -> Market:
    return kalshi("KXSNLHOST-27-TSWI", title=title, yes_sub_title="Taylor Swift", category="Entertainment",
                  close_time="2027-12-31T20:00:00Z", rules=rules)


def _host_question(market_id: str, role: str = "host") -> Market:
    return gamma(market_id, question=f"Will Taylor Swift {role} Saturday Night Live in 2027?", end="2027-12-31T20:00:00Z",
                 description=f"This market will resolve to Yes if Taylor Swift is the {role} of an episode of Saturday "
                             f"Night Live between January 1 and December 31, 2027. Otherwise No.")


def test_saturday_night_live_is_snl() -> None:
    k = _host("Will Taylor Swift host SNL in 2027?",
              "If Taylor Swift hosts an episode of SNL between January 1 and December 31, 2027, then the market "
              "resolves to Yes.")
    v = verdict(k, _host_question("7"))
    assert v.agrees, v.reasons


def _race(code: str, side: str, race: str) -> Market:
    return kalshi(f"KXRACE-27-{code}", title=f"Who will win the 2027 {race}?", yes_sub_title=side, category="Sports",
                  close_time="2027-05-31T20:00:00Z",
                  rules=f"If {side} wins the 2027 {race}, then the market resolves to Yes.")


def _race_question(market_id: str, side: str, race: str) -> Market:
    return gamma(market_id, question=f"Will {side} win the 2027 {race}?", end="2027-05-31T20:00:00Z",
                 description=f"This market will resolve to Yes if {side} wins the 2027 {race}. Otherwise No.")


def test_a_race_by_its_short_name_is_the_race() -> None:
    v = verdict(_race("APAL", "Alex Palou", "Indy 500"), _race_question("8", "Alex Palou", "Indianapolis 500"))
    assert v.agrees, v.reasons
    v = verdict(_race("MCL", "McLaren", "F1 Constructors' Championship"),
                _race_question("9", "McLaren", "Formula 1 Constructors' Championship"))
    assert v.agrees, v.reasons
    v = verdict(_race("MCL", "McLaren", "Formula One Constructors' Championship"),
                _race_question("10", "McLaren", "F1 Constructors' Championship"))
    assert v.agrees, v.reasons


def test_another_race_of_the_same_number_or_series_stays_apart() -> None:
    v = verdict(_race("APAL", "Alex Palou", "Indy 500"), _race_question("11", "Alex Palou", "Daytona 500"))
    assert _rejected(v), v.reasons
    v = verdict(_race("MCL", "McLaren", "F1 Constructors' Championship"),
                _race_question("12", "McLaren", "Formula 2 Constructors' Championship"))
    assert not v.agrees, v.reasons
    v = verdict(_race("APAL", "Alex Palou", "Indy 500"), _race_question("13", "Pato O'Ward", "Indianapolis 500"))
    assert _rejected(v), v.reasons


# --- a chart's first place as "#1" and as its superlative --------------------------------------------------


def _box_office(rank: str) -> Market:
    return kalshi("KXBOXOFFICEYEAR-27-ASW", title=f"Will Avengers: Secret Wars be the {rank} film at the 2027 domestic box office?",
                  yes_sub_title="Avengers: Secret Wars", category="Entertainment", close_time="2027-12-31T20:00:00Z",
                  rules=f"If Avengers: Secret Wars is the {rank} film at the 2027 domestic box office, then the market "
                        f"resolves to Yes.")


def _highest_grossing(market_id: str) -> Market:
    return gamma(market_id, question="Highest-grossing film of 2027 (domestic)?", group="Avengers: Secret Wars",
                 end="2027-12-31T20:00:00Z", event_title="Highest-grossing film of 2027 (domestic)?",
                 description="This market will resolve to Yes if Avengers: Secret Wars is the highest-grossing film of "
                             "2027 at the domestic box office. Otherwise No.")


def test_the_first_place_of_a_chart_is_its_superlative() -> None:
    v = verdict(_box_office("#1"), _highest_grossing("14"))
    assert v.agrees, v.reasons


def test_another_place_of_the_chart_is_not_its_superlative() -> None:
    v = verdict(_box_office("#2"), _highest_grossing("15"))
    assert _rejected(v), v.reasons
    v = verdict(_box_office("second"), _highest_grossing("16"))
    assert _rejected(v), v.reasons


# --- an award's category in other words ----------------------------------------------------------------


def _category(code: str, category: str, option: str, ceremony: str) -> Market:
    return kalshi(f"KXAWARD-27-{code}", title=f"{category} winner at the {ceremony}?", yes_sub_title=option,
                  category="Entertainment", close_time="2027-03-01T20:00:00Z",
                  rules=f"If {option} wins {category} at the {ceremony}, then the market resolves to Yes.")


def _category_question(market_id: str, category: str, option: str, ceremony: str) -> Market:
    return gamma(market_id, question=f"Will {option} win {category} at the {ceremony}?", end="2027-03-01T20:00:00Z",
                 event_title=f"{ceremony}: {category} Winner",
                 description=f"This market will resolve to Yes if {option} wins {category} at the {ceremony}. "
                             f"Otherwise No.")


def _name(label: str) -> Name:
    return Name(name_key(label), label)


def test_a_category_in_other_words_is_the_category() -> None:
    assert same_name(_name("Best Motion Picture Drama"), _name("Best Drama Film"))
    assert not same_name(_name("Best Motion Picture Drama"), _name("Drama"))
    globes = "2027 Golden Globes"
    for index, written in enumerate(("Best Drama Film", "Best Picture (Drama)", "Best Motion Picture (Drama)")):
        v = verdict(_category("BRUT", "Best Motion Picture – Drama", "The Brutalist", globes),
                    _category_question(f"2{index}", written, "The Brutalist", globes))
        assert v.agrees, (written, v.reasons)
    v = verdict(_category("ESTO", "Best Actress in a Leading Role", "Emma Stone", "2027 Oscars"),
                _category_question("23", "Best Actress", "Emma Stone", "2027 Oscars"))
    assert v.agrees, v.reasons
    v = verdict(_category("ESTO", "Best Actress in a Supporting Role", "Emma Stone", "2027 Oscars"),
                _category_question("24", "Best Supporting Actress", "Emma Stone", "2027 Oscars"))
    assert v.agrees, v.reasons


def test_a_word_more_or_another_word_is_another_category() -> None:
    assert not same_name(_name("Best Supporting Actress"), _name("Best Actress"))
    assert not same_name(_name("Best Animated Film"), _name("Best Film"))
    oscars = "2027 Oscars"
    for code, kalshi_category, polymarket_category in (
            ("ESTO", "Best Actress in a Supporting Role", "Best Actress"),
            ("ESTO", "Best Supporting Actress", "Best Actress"),
            ("FLOW", "Best Animated Film", "Best Picture"),
            ("BCOR", "Best Director", "Best Picture"),
            ("ESPR", "Record of the Year", "Album of the Year"),
            ("BRUT", "Best Motion Picture – Musical or Comedy", "Best Drama Film")):
        v = verdict(_category(code, kalshi_category, "Emma Stone", oscars),
                    _category_question("25", polymarket_category, "Emma Stone", oscars))
        assert not v.agrees, (kalshi_category, v.reasons)


# --- a derby by its name --------------------------------------------------------------------------------


def _derby_game(series: str, code: str, home: str, away: str, side: str, day: str = "27MAR01") -> Market:
    return kalshi(f"{series}-{day}{code}-{side[:3].upper()}", title=f"{home} vs {away} Winner?", yes_sub_title=side,
                  event_title=f"{home} vs {away}", category="Sports", close_time="2027-03-01T22:00:00Z")


def _derby_question(market_id: str, question: str, heading: str, slug: str) -> Market:
    return gamma(market_id, question=question, slug=slug, event_title=heading, sports_market_type="moneyline",
                 game_start_time="2027-03-01 20:00:00+00")


def test_a_derby_named_by_its_name_is_the_game_of_its_two_clubs() -> None:
    clasico = _derby_question("30", "El Clásico: Will Real Madrid win?", "El Clásico", "lal-rma-bar-2027-03-01-rma")
    for home, away in (("Real Madrid", "Barcelona"), ("Barcelona", "Real Madrid")):
        v = verdict(_derby_game("KXLALIGAGAME", "RMABAR", home, away, "Real Madrid"), clasico)
        assert v.agrees and v.yes_token == token_named(clasico, "Yes"), v.reasons
    klassiker = _derby_question("31", "Der Klassiker: Bayern to win?", "Der Klassiker", "bun-fcb-bvb-2027-03-01-fcb")
    v = verdict(_derby_game("KXBUNDESLIGAGAME", "FCBBVB", "Bayern Munich", "Dortmund", "Bayern Munich"), klassiker)
    assert v.agrees and v.yes_token == token_named(klassiker, "Yes"), v.reasons


def test_another_club_or_the_other_side_of_a_derby_is_not_its_yes() -> None:
    clasico = _derby_question("32", "El Clásico: Will Real Madrid win?", "El Clásico", "lal-rma-bar-2027-03-01-rma")
    v = verdict(_derby_game("KXLALIGAGAME", "RMAATM", "Real Madrid", "Atletico Madrid", "Real Madrid"), clasico)
    assert not v.agrees, v.reasons
    v = verdict(_derby_game("KXLALIGAGAME", "RMABAR", "Real Madrid", "Barcelona", "Barcelona"), clasico)
    assert not v.agrees, v.reasons
    v = verdict(_derby_game("KXLALIGAGAME", "RMABAR", "Real Madrid", "Barcelona", "Real Madrid", day="27MAR08"), clasico)
    assert not v.agrees, v.reasons
