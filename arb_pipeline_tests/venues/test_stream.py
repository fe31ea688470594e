"""What both WebSocket clients share: when a refused handshake may be retried."""

from datetime import UTC, datetime, timedelta

import pytest

from arb_pipeline.venues.stream import handshake_retry_after


def test_retry_after_in_seconds_or_as_an_http_date_on_429_and_503():
    assert handshake_retry_after(429, {"Retry-After": "2.5"}) == 2.5
    later = (datetime.now(tz=UTC) + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert handshake_retry_after(503, {"Retry-After": later}) == pytest.approx(30, abs=2)


@pytest.mark.parametrize(
    ("status", "headers"),
    [(503, {}), (503, None), (429, {"Retry-After": "soon"}), (500, {"Retry-After": "5"}), (401, {"Retry-After": "5"})],
)
def test_no_retry_after_when_the_venue_gave_none_or_the_refusal_is_not_a_later(status, headers):
    assert handshake_retry_after(status, headers) is None
