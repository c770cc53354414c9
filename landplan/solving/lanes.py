"""Work in threads of its own, waited for so that Ctrl-C and a stop reach it at once.

- :func:`run_watched`: one solver's solve, watched while it runs (the adapters');
- :class:`Lane`: a whole piece of work beside the caller's (the engine's branch and bound beside
  its heuristic), its result taken or the work called off.

Every wait is on an event the thread sets as it ends, never on ``Thread.join``: a join cut
short by Ctrl-C may mark a running thread as ended (CPython's bpo-45274). Work asked to stop
has GRACE_S to do so; then it is left to end on its own in the background, what it uses held
until it has (a solver freed under a running solve, or still running as Python shuts down,
aborts the process).
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

#: How often a waiting thread looks at a running solve (seconds).
POLL_S = 0.1
#: How long work asked to stop may take to stop before it is left to end on its own (a solver
#: checks for a stop only now and then): the caller never waits longer.
GRACE_S = 0.5

T = TypeVar("T")

#: Work asked to stop that had not yet stopped, with what it uses: held until it ends.
_LEFT: list[tuple[threading.Event, tuple[object, ...]]] = []


def run_watched(
    work: Callable[..., object],
    stop: Callable[[], None],
    watch: Callable[[], bool] | None,
    *uses: object,
) -> tuple[bool, bool]:
    """Run ``work(*uses)`` (a solve) in a thread of its own and wait while it runs. Ctrl-C, or
    ``watch`` answering True (it is asked every POLL_S), calls ``stop``; the solve then has
    GRACE_S to end before it is left. Returns whether the solve was stopped and whether it has
    ended; Ctrl-C raises KeyboardInterrupt again once the solve has ended or been left."""
    ended = _start(work, uses)
    stopped = False
    try:
        while not ended.wait(POLL_S):
            if watch is not None and watch():
                stopped = True
                stop()
                ended.wait(GRACE_S)
                break
    except KeyboardInterrupt:
        stop()
        ended.wait(GRACE_S)
        _leave(ended, uses)
        raise
    _leave(ended, uses)
    return stopped, ended.is_set()


class Lane(Generic[T]):
    """``work(stop)`` started in a thread of its own: ``stop`` is an event the work watches
    (set by :meth:`call_off`, or by Ctrl-C while :meth:`result` waits)."""

    def __init__(self, work: Callable[[threading.Event], T]) -> None:
        self.stop = threading.Event()
        self._outcome: list[T] = []
        self._error: list[BaseException] = []

        def run() -> None:
            try:
                self._outcome.append(work(self.stop))
            except BaseException as exc:  # taken up by result()
                self._error.append(exc)

        self._ended = _start(run, ())

    def result(self) -> T:
        """The work's result, once it has ended (its exception, if it raised one)."""
        try:
            while not self._ended.wait(POLL_S):
                pass
        except KeyboardInterrupt:
            self.call_off()
            raise
        if self._error:
            raise self._error[0]
        return self._outcome[0]

    def call_off(self) -> None:
        """Stop the work and drop its result (it has GRACE_S, then is left to end)."""
        self.stop.set()
        self._ended.wait(GRACE_S)
        _leave(self._ended, ())


def _start(work: Callable[..., object], uses: tuple[object, ...]) -> threading.Event:
    """``work(*uses)`` in a daemon thread; the event it sets as it ends."""
    ended = threading.Event()

    def run() -> None:
        try:
            work(*uses)
        finally:
            ended.set()

    threading.Thread(target=run, daemon=True).start()
    return ended


def _leave(ended: threading.Event, uses: tuple[object, ...]) -> None:
    if not ended.is_set():
        _LEFT.append((ended, uses))


@atexit.register
def _join_left() -> None:
    """At exit, let the work left running end (each was asked to stop) and free what it used
    while Python still runs."""
    for ended, _ in _LEFT:
        ended.wait(5.0)
    _LEFT.clear()
