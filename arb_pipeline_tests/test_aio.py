"""``cancel_and_wait``: a stopped task is finished when it returns, its own cancellation is
swallowed, its errors and the caller's own cancellation are not."""

from __future__ import annotations

import asyncio

import pytest

from arb_pipeline.aio import cancel_and_wait


def test_cancels_a_running_task_and_waits_for_its_cleanup():
    cleaned = []

    async def forever():
        try:
            await asyncio.sleep(3600)
        finally:
            await asyncio.sleep(0)
            cleaned.append(True)

    async def main():
        task = asyncio.create_task(forever())
        await asyncio.sleep(0)
        await cancel_and_wait(task)
        return task

    task = asyncio.run(main())
    assert task.cancelled() and cleaned == [True]


def test_none_and_a_finished_task_are_fine():
    async def main():
        await cancel_and_wait(None)
        task = asyncio.create_task(asyncio.sleep(0, result=7))
        await task
        await cancel_and_wait(task)
        return task.result()

    assert asyncio.run(main()) == 7


def test_an_error_the_task_raised_is_raised():
    async def fails():
        raise ValueError("broken feed")

    async def main():
        task = asyncio.create_task(fails())
        await asyncio.sleep(0)
        await cancel_and_wait(task)

    with pytest.raises(ValueError, match="broken feed"):
        asyncio.run(main())


def test_the_callers_own_cancellation_goes_on():
    async def stubborn():
        # Takes a while to stop, so the caller is still waiting when it is cancelled.
        try:
            await asyncio.sleep(3600)
        finally:
            await asyncio.sleep(0.05)

    async def stopper(inner):
        await cancel_and_wait(inner)
        return "swallowed"

    async def main():
        inner = asyncio.create_task(stubborn())
        await asyncio.sleep(0)
        outer = asyncio.create_task(stopper(inner))
        await asyncio.sleep(0.01)
        outer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await outer
        return outer.cancelled()

    assert asyncio.run(main()) is True
