"""Scenario checks in processes of their own.

A check (``landplan validate``: the scenario assembled, the rules' checks run) is about a second
of Python. Run in the server's own threads it would hold the interpreter's lock that second,
and every page meanwhile would wait; in a pool of processes the pages go on. The pool is made
on the first check and shared by the process's workbenches; its processes die with the server.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from landplan.errors import InputError, LandplanError
from landplan.optimisation.diagnostics import Diagnostic

#: Checks at once (each a process of its own).
CHECKERS = 2

_pool: ProcessPoolExecutor | None = None
_making = threading.Lock()


@dataclass(frozen=True)
class Refused:
    """Why a scenario does not pass: an InputError's parts (an exception itself would not
    travel back whole between processes)."""

    field: str | None
    problem: str
    where: str | None


def check(path: Path) -> list[Diagnostic] | Refused:
    """Check the scenario file ``path`` in the pool: what the checks find, or why it is
    refused."""
    global _pool
    with _making:
        if _pool is None:
            _pool = ProcessPoolExecutor(
                CHECKERS,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_end_with,
                initargs=(os.getpid(),),
            )
        pool = _pool
    try:
        return pool.submit(_check, str(path)).result()
    except BrokenProcessPool:  # a checker died (killed, out of memory): a new pool next time
        with _making:
            if _pool is pool:
                _pool = None
        raise LandplanError("the scenario's check stopped before it finished; try again") from None


def _end_with(parent: int) -> None:
    """In a checker: end when the server does. (Not by the parent-death signal: that comes when
    the thread that started the checker ends, and a page's thread may end any time.)"""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _check(path: str) -> list[Diagnostic] | Refused:
    from landplan.workflows import validate_scenario

    try:
        return validate_scenario(path)[1]
    except InputError as exc:
        return Refused(exc.field, exc.problem, exc.where)
