"""The interpreter settings the streamer runs under (docs/streamer.md#speed)."""

from __future__ import annotations

import gc
import sys

import pytest

from arb_pipeline.streamer.service import SWITCH_INTERVAL_S, latency_runtime


@pytest.fixture
def python_defaults():
    interval = sys.getswitchinterval()
    gc.unfreeze()
    yield interval
    sys.setswitchinterval(interval)
    gc.unfreeze()


def test_the_runtime_freezes_the_start_up_heap_and_shortens_the_switch_interval_then_puts_both_back(python_defaults):
    alive_before = [{"kept": n} for n in range(100)]
    with latency_runtime():
        assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL_S)
        # Everything alive at entry is out of the collector's reach; what comes after is not.
        assert gc.get_freeze_count() >= len(alive_before)
        kept = alive_before[0]
        assert not any(obj is kept for obj in gc.get_objects())
        made_after = {"new": [1]}
        assert any(obj is made_after for obj in gc.get_objects())
    assert sys.getswitchinterval() == pytest.approx(python_defaults)
    assert gc.get_freeze_count() == 0


def test_without_the_freeze_only_the_switch_interval_changes(python_defaults):
    with latency_runtime(0.002, freeze=False):
        assert sys.getswitchinterval() == pytest.approx(0.002)
        assert gc.get_freeze_count() == 0
    assert sys.getswitchinterval() == pytest.approx(python_defaults)


def test_the_runtime_is_put_back_when_the_streamer_fails(python_defaults):
    with pytest.raises(RuntimeError, match="boom"), latency_runtime():
        raise RuntimeError("boom")
    assert sys.getswitchinterval() == pytest.approx(python_defaults)
    assert gc.get_freeze_count() == 0
