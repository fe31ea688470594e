"""Merging venue records by key: copies that agree on a market's terms are one market (the
event's richer copy kept), copies that disagree are left out and reported, never last-wins."""

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import orjson
import pytest

from arb_pipeline.domain.models import MarketStatus, Outcome, Strike
from arb_pipeline.venues.kalshi import parse_markets_page
from arb_pipeline.venues.records import RecordProblem, merge_catalog, parse_records
from arb_pipeline.venues.wire import WireFormatError
from arb_pipeline_tests.paths import FIXTURES


@pytest.fixture
def markets():
    page = parse_markets_page(orjson.loads((FIXTURES / "kalshi" / "markets_page_current.json").read_bytes()))
    assert len(page.markets) == 2
    return page.markets


def test_agreeing_copies_keep_the_event_copy(markets):
    first, second = markets
    nested = replace(first, category="Climate", event_title="Highest temperature in NYC", outcomes=(Outcome("Yes", None, Decimal("0.9")), Outcome("No")))
    problems: list[RecordProblem] = []
    merged = merge_catalog([(first, "markets/1"), (second, "markets/1"), (first, "markets/2")], [(nested, "events/1")], problems)
    assert problems == []
    assert merged == {first.market_id: nested, second.market_id: second}
    assert merged[first.market_id].category == "Climate"


@pytest.mark.parametrize(
    ("change", "term"),
    [
        ({"status": MarketStatus.CLOSED}, "status 'open' in markets/1 but 'closed' in events/1"),
        ({"close_time": datetime(2030, 1, 1, tzinfo=UTC)}, "close_time 2025-01-02T05:00:00+00:00 in markets/1 but 2030-01-01T00:00:00+00:00 in events/1"),
        ({"expiration_time": None}, "expiration_time"),
        ({"strike": Strike("greater", Decimal(51))}, "strike"),
        ({"outcomes": (Outcome("No"), Outcome("Yes"))}, "outcomes"),
        ({"rules": "Other rules."}, "rules"),
        ({"result": "yes"}, "result None in markets/1 but 'yes' in events/1"),
    ],
)
def test_copies_that_disagree_on_a_term_are_left_out_and_reported(markets, change, term):
    first, second = markets
    problems: list[RecordProblem] = []
    merged = merge_catalog([(first, "markets/1"), (second, "markets/1")], [(replace(first, **change), "events/1")], problems)
    assert set(merged) == {second.market_id}
    (problem,) = problems
    assert (problem.where, problem.record_id) == ("events/1", first.market_id)
    assert f"market {first.market_id} appears twice with different terms ({term}" in problem.problem
    assert problem.problem.endswith("left out, neither copy is used")
    with pytest.raises(WireFormatError, match="appears twice"):
        merge_catalog([(first, "markets/1")], [(replace(first, **change), "events/1")], None)


def test_parse_records_lists_what_it_skipped_and_refuses_a_page_that_is_not_an_array():
    problems: list[RecordProblem] = []
    parsed = parse_records([{"id": 1}, {"id": "x"}, {"id": 3}], "page", lambda item, at: int(item["id"]), problems)
    assert parsed == [1, 3]
    assert [(p.where, p.index, p.record_id) for p in problems] == [("page", 1, "x")]
    assert problems[0].problem.startswith("page[1]: ValueError: invalid literal")
    with pytest.raises(WireFormatError, match="page: expected a JSON array, got dict"):
        parse_records({"id": 1}, "page", lambda item, at: item, problems)


def test_a_market_with_a_malformed_copy_is_left_out_even_where_another_copy_parsed(markets):
    first, second = markets
    problems: list[RecordProblem] = []
    merged = merge_catalog(
        [(second, "markets/1")], [(first, "events/1")], problems, malformed={first.market_id: "markets/1 markets[0]"}
    )
    assert set(merged) == {second.market_id}
    (problem,) = problems
    assert (problem.where, problem.record_id) == ("events/1", first.market_id)
    assert problem.problem == f"market {first.market_id} left out: its copy in markets/1 markets[0] is malformed, so this one is not known to agree with it"
