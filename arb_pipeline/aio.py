"""Asyncio helpers shared by the venue clients, the sandbox and the streamer."""

from __future__ import annotations

import asyncio


async def cancel_and_wait(task: asyncio.Task | None) -> None:
    """Cancel ``task`` (nothing when it is None) and wait until it has finished.

    The task's own cancellation is the expected end and is swallowed, and so is an end it reached
    by itself before the cancel took; an error it raised while running is raised here. When the
    caller is itself being cancelled while it waits, that cancellation goes on: swallowing it
    would leave a stopping task running.
    """
    if task is None:
        return
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise
