"""Work in threads of its own, waited for so that Ctrl-C and a stop reach it at once.

- :func:`run_watched`: one solver's solve, watched while it runs (the adapters');
- :class:`Feed`: a piece of work that tells what it has found step by step (the engine's
  heuristic and its branch and bound in segments), beside the caller's or in its own thread;
- :func:`side_by_side`: the same work on many items, a few at a time (an exploration's
  re-solves), each item's result in the items' order.

Every wait is on an event the thread sets as it ends, never on ``Thread.join``: a join cut
short by Ctrl-C may mark a running thread as ended (CPython's bpo-45274). A solve asked to stop
has GRACE_S to do so, asked again every POLL_S (a solver may not hear a stop at every moment:
SCIP refuses one while it sets up its search), a feed called off none (its answer is no longer wanted: the caller goes
on at once); then the work is left to end on its own in the background, what it uses held
until it has (a solver freed under a running solve, or still running as Python shuts down,
aborts the process).
"""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar

#: How often a waiting thread looks at a running solve (seconds).
POLL_S = 0.1
#: How long work asked to stop may take to stop before it is left to end on its own (a solver
#: checks for a stop only now and then): the caller never waits longer.
GRACE_S = 0.5
#: How long work left running may take to stop as Python exits.
EXIT_GRACE_S = 5.0

T = TypeVar("T")
Item = TypeVar("Item")

#: Work asked to stop that had not yet stopped, with what it uses and how it is asked to stop:
#: held until it ends.
_LEFT: list[tuple[threading.Event, tuple[object, ...], Callable[[], None]]] = []
_LEFT_LOCK = threading.Lock()


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
                _stop_within(ended, stop, GRACE_S)
                break
    except KeyboardInterrupt:
        _stop_within(ended, stop, GRACE_S)
        _leave(ended, uses, stop)
        raise
    _leave(ended, uses, stop)
    return stopped, ended.is_set()


def _stop_within(ended: threading.Event, stop: Callable[[], None], grace_s: float) -> None:
    """Ask ``stop`` until the work has ended, or ``grace_s`` has passed (then it is left)."""
    deadline = time.monotonic() + grace_s
    stop()
    while not ended.wait(POLL_S) and time.monotonic() < deadline:
        stop()


class Feed(Generic[T]):
    """The items ``steps(stop)`` yields, taken in order with :meth:`get`: made ``beside`` the
    caller in a thread of their own (made ahead, as fast as they come), or else made in the
    caller's thread when asked for. Either way the same items, in the same order. ``stop`` is
    an event the work watches (set by :meth:`call_off`, or by Ctrl-C while :meth:`get`
    waits)."""

    def __init__(self, steps: Callable[[threading.Event], Iterator[T]], beside: bool) -> None:
        self.stop = threading.Event()
        self._steps = steps(self.stop)
        self._made: list[T] = []
        self._ended = False
        self._error: list[BaseException] = []
        self._news = threading.Condition()
        self._over: threading.Event | None = _start(self._make, ()) if beside else None

    def _make(self) -> None:
        try:
            for item in self._steps:
                with self._news:
                    self._made.append(item)
                    self._news.notify_all()
        except BaseException as exc:  # taken up by get()
            self._error.append(exc)
        finally:
            with self._news:
                self._ended = True
                self._news.notify_all()

    def get(self, k: int) -> tuple[bool, T | None]:
        """Whether the work made a ``k``-th item (counting from 0), and the item; waits for it
        (or makes it, not beside). The work's exception, if it raised one, is raised here."""
        if self._over is None:
            while len(self._made) <= k and not self._ended:
                try:
                    self._made.append(next(self._steps))
                except StopIteration:
                    self._ended = True
        else:
            try:
                with self._news:
                    while len(self._made) <= k and not self._ended:
                        self._news.wait(POLL_S)
            except KeyboardInterrupt:
                self.call_off()
                raise
        if self._error:
            raise self._error[0]
        return (True, self._made[k]) if k < len(self._made) else (False, None)

    def call_off(self) -> None:
        """Stop the work and go on without waiting for it (it is left to end on its own: a
        solver between its checks for a stop, or reading its model, may take a moment)."""
        self.stop.set()
        if self._over is not None:
            _leave(self._over, (), self.stop.set)
        else:
            self._steps.close()  # type: ignore[attr-defined]


def side_by_side(
    work: Callable[[Item], T],
    items: Sequence[Item],
    workers: int,
    stop: threading.Event,
    done: Callable[[int, int], None] | None = None,
) -> list[T]:
    """``work(item)`` for each item, ``workers`` at a time in threads of their own (the solvers
    let go of Python's lock while they work), the results in the items' order; ``done`` hears
    how many have ended, of how many. The work must end soon once ``stop`` is set: Ctrl-C sets
    it, waits GRACE_S for the work under way, and raises KeyboardInterrupt again; an item's
    exception stops the others and is raised once they have ended."""
    results: dict[int, T] = {}
    waiting = list(enumerate(items))[::-1]
    errors: list[BaseException] = []
    lock = threading.Lock()

    def take() -> None:
        while not stop.is_set() and not errors:
            with lock:
                if not waiting:
                    return
                position, item = waiting.pop()
            try:
                result = work(item)
            except BaseException as exc:  # raised in the caller's thread
                errors.append(exc)
                return
            with lock:
                results[position] = result
                count = len(results)
            if done is not None:
                done(count, len(items))

    ended = [_start(take, ()) for _ in range(min(workers, len(items)))]
    try:
        for one in ended:
            while not one.wait(POLL_S):
                pass
    except KeyboardInterrupt:
        stop.set()
        for one in ended:
            one.wait(GRACE_S)
        raise
    if errors:
        raise errors[0]
    if stop.is_set():  # asked to stop: what was done may have been cut short
        raise KeyboardInterrupt
    return [results[position] for position in range(len(items))]


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


def _leave(ended: threading.Event, uses: tuple[object, ...], stop: Callable[[], None]) -> None:
    """Hold ``uses`` until the work ends (and forget what was left and has ended since)."""
    with _LEFT_LOCK:
        _LEFT[:] = [left for left in _LEFT if not left[0].is_set()]
        if not ended.is_set():
            _LEFT.append((ended, uses, stop))


@atexit.register
def _join_left() -> None:
    """At exit, let the work left running end (each asked again to stop) and free what it used
    while Python still runs."""
    for ended, _, stop in _LEFT:
        _stop_within(ended, stop, EXIT_GRACE_S)
    _LEFT.clear()
