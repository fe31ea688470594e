"""Forms of the sixteenth round's politics markets, on invented markets: a party's nominee asked
of one candidate with no office, the office named by the rules' sentence of YES."""

from __future__ import annotations

from arb_pipeline.domain.models import Market
from arb_pipeline_tests.domain.matching.builders import approved, gamma, kalshi, token_named, verdict

# --- a party's nominee with no office ---------------------------------------------------------------


def _nominee_market(party: str, person: str, code: str) -> Market:
    return kalshi(f"KX{party[0]}NOM-32-{code}", title=f"{party} nominee for President 2032?", yes_sub_title=person,
                  close_time="2032-08-31T00:00:00Z", category="Elections",
                  rules=f"If {person} is the {party} nominee for the 2032 presidential election, then the market "
                        "resolves to Yes.")


def _nominee_question(market_id: str, question: str, condition: str, group: str) -> Market:
    return gamma(market_id, question=question, group=group, end="2032-08-31T00:00:00Z",
                 description=f'This market resolves "Yes" if {condition}. Otherwise "No".')


def test_a_nominee_question_without_an_office_reads_the_office_from_its_rules() -> None:
    k = _nominee_market("Democratic", "R.T. Holloway", "RTH")
    p = _nominee_question("21", "Will R.T. Holloway be the 2032 Democratic nominee?",
                          "RT Holloway becomes the Democratic Party's official nominee for President in 2032", "RT Holloway")
    assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_another_party_or_office_or_candidate_in_the_rules_is_no_match() -> None:
    k = _nominee_market("Democratic", "R.T. Holloway", "RTH")
    for question, condition in (
        # The question's party is not the race's.
        ("Will R.T. Holloway be the 2032 Republican nominee?",
         "RT Holloway becomes the Republican Party's official nominee for President in 2032"),
        # The rules name another office: the running mate's.
        ("Will R.T. Holloway be the 2032 Democratic nominee?",
         "RT Holloway becomes the Democratic Party's official nominee for Vice President in 2032"),
        # The rules' sentence names another candidate.
        ("Will R.T. Holloway be the 2032 Democratic nominee?",
         "Dana Whitfield becomes the Democratic Party's official nominee for President in 2032"),
        # The question's party is not the party the rules name.
        ("Will R.T. Holloway be the 2032 Democratic nominee?",
         "RT Holloway becomes the Republican Party's official nominee for President in 2032"),
    ):
        p = _nominee_question("22", question, condition, "RT Holloway")
        assert approved(k, p) == [], (question, condition, verdict(k, p).reasons)


def test_announcing_a_run_is_not_the_nomination() -> None:
    k = _nominee_market("Democratic", "R.T. Holloway", "RTH")
    p = _nominee_question("23", "Will R.T. Holloway announce a 2032 presidential run before 2032?",
                          "RT Holloway publicly announces a candidacy for President in 2032 before January 1, 2032",
                          "RT Holloway")
    assert approved(k, p) == []


# --- a quoted form that "counts" in a sentence of its own ------------------------------------------


def _speech(second: str) -> Market:
    rules = 'If Jordan Pike says "Drone" during the 2029 Harbor Address, then the market resolves to Yes.'
    return kalshi("KXHARBORMENTION-29-DRON", title="What will Jordan Pike say during the 2029 Harbor Address?",
                  yes_sub_title="Drone", close_time="2029-03-01T05:00:00Z", category="Mentions",
                  rules=f"{rules}\n\n{second}" if second else rules)


def _said(market_id: str, terms: str) -> Market:
    return gamma(market_id, question='Will Jordan Pike say "Drone" during the Harbor Address?', group="Drone",
                 end="2029-03-01T05:00:00Z",
                 description=f'This market resolves "Yes" if Jordan Pike says {terms} during the 2029 Harbor Address. '
                             'Otherwise "No".')


def test_a_form_that_counts_in_a_sentence_of_its_own_is_paid_on() -> None:
    k, p = _speech('"Dronework" counts.'), _said("31", '"drone" or "dronework"')
    assert approved(k, p) == [token_named(p, "Yes")], verdict(k, p).reasons


def test_a_form_counted_on_one_side_only_or_excluded_is_no_approval() -> None:
    for second, terms in (
        # Only Kalshi counts the other form.
        ('"Dronework" counts.', '"drone"'),
        # Kalshi says the other form does not count; Polymarket pays on it.
        ('"Dronework" does not count.', '"drone" or "dronework"'),
        ('"Dronework" counts only when said as one word.', '"drone" or "dronework"'),
    ):
        k, p = _speech(second), _said("32", terms)
        assert approved(k, p) == [], (second, terms, verdict(k, p).reasons)


# --- a work bracketed with its maker, the maker being the option -------------------------------------


def _award(code: str, artist: str) -> Market:
    return kalshi(f"KXAWARDALBUM-31-{code}", title="Lumen Award for Album of the Year 2031?", yes_sub_title=artist,
                  close_time="2031-02-08T05:00:00Z", category="Entertainment",
                  rules=f"If {artist}'s album wins Album of the Year at the 12th Lumen Awards, then the market resolves "
                        "to Yes.")


def _work(market_id: str) -> Market:
    return gamma(market_id, question="Lumen Awards 2031: Album of the Year - Glass Harbor (Nova Reyes)", group="Nova Reyes",
                 end="2031-02-08T05:00:00Z",
                 description='This market resolves "Yes" if Nova Reyes\'s Glass Harbor wins Album of the Year at the 12th '
                             'Lumen Awards. Otherwise "No".')


def test_a_work_bracketed_with_its_maker_waits_for_a_person_on_the_maker() -> None:
    # The maker may have another work in the running: a person checks, the pair is not rejected.
    k, p = _award("NREY", "Nova Reyes"), _work("41")
    assert not verdict(k, p).rejected, verdict(k, p).reasons
    assert approved(k, p) == []


def test_another_maker_against_a_bracketed_work_still_rejects() -> None:
    k, p = _award("TVAL", "Theo Valdez"), _work("42")
    assert verdict(k, p).rejected, verdict(k, p).reasons
