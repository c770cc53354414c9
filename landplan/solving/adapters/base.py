"""What every solver adapter takes and gives: a request, a call's result, and how a running
solve is watched, stopped and waited for.

An adapter (one a file: :mod:`~landplan.solving.adapters.highs`,
:mod:`~landplan.solving.adapters.scip`) solves a :class:`~landplan.solving.matrix.MatrixForm`
as a :class:`Request` asks and returns a :class:`SolverCall`: the plan it found (if any), the
objective it claims, the bound it proved, and why it stopped, in its own words and as a
:class:`~landplan.solving.result.Stop`. Nothing here decides whether a plan is good or a bound is
to be trusted; the callers do (:mod:`landplan.solving.certify`), against landplan's own
evaluation.

Every adapter is deterministic on one thread: it stops on a gap, a node limit or a target
objective, which do not depend on the machine's speed; the time limit is a safety net, and a stop
on it says so. Each runs its solver in a thread of its own while the caller's thread waits
(:func:`~landplan.solving.lanes.run_watched`), so that Ctrl-C, a cancel and the watch reach a
running solve at once.
"""

from __future__ import annotations

import contextlib
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import numpy as np

from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions
from landplan.solving.result import Stop

#: Further solver options by name (HiGHS's).
Tuning = dict[str, bool | int | float | str]
#: The limits of a call that sets none (a bound's small LP): the scenario's defaults.
_DEFAULTS = SolverOptions()


class Watch(Protocol):
    """Told a running solve's figures now and then, ``best`` (the best answer's objective) and
    ``bound`` (the proven bound), both in the form's sense (maximised), either None while
    unknown; returns True to stop the solve (a cancel)."""

    def __call__(self, best: float | None, bound: float | None) -> bool: ...


@dataclass(frozen=True)
class Request:
    """What one call asks of a solver: the ``relax``\\ ation or the integer model; stop at
    relative ``gap`` (to the solver's own answer) or absolute ``abs_gap`` (objective units),
    after ``node_limit`` nodes, on reaching the ``target`` objective, or after ``time_limit``
    seconds; ``start``: a plan to start from; ``tuning``: HiGHS options by name; ``watch``: told
    the figures while it runs, and may stop it."""

    relax: bool = False
    gap: float = 0.0
    abs_gap: float = 0.0
    time_limit: float = _DEFAULTS.time_limit
    node_limit: int = _DEFAULTS.node_limit
    target: float | None = None
    start: np.ndarray | None = None
    tuning: Tuning = field(default_factory=dict)
    watch: Watch | None = None

    @property
    def proof(self) -> bool:
        """Whether the call asks for a proof (no gap at all)."""
        return self.gap == 0 and self.abs_gap == 0

    @property
    def absolute_gap(self) -> float:
        """The absolute gap a solver is given: ``abs_gap``, none at all for a proof, else a hair
        (the solvers' own default, so that a relative gap on a zero objective can stop)."""
        if self.abs_gap or self.proof:
            return float(self.abs_gap)
        return 1e-6


@dataclass(frozen=True)
class SolverCall:
    """What one call of one solver returned, unchecked. ``objective`` and ``bound`` are the
    solver's own claims (maximisation); ``values`` and ``duals`` are aligned with the form's
    columns and rows."""

    solver: str
    stop: Stop
    reason: str
    values: np.ndarray | None
    objective: float | None
    bound: float | None
    runtime_s: float
    duals: np.ndarray | None = None
    nodes: int = 0


class Adapter(ABC):
    """One solver: its ``name`` (as scenarios write it), whether it solves relaxations, its
    version, a solve, and a search in segments."""

    name: ClassVar[str]
    relaxes: ClassVar[bool] = False

    @abstractmethod
    def version(self) -> str: ...

    @abstractmethod
    def solve(self, form: MatrixForm, request: Request) -> SolverCall: ...

    def segments(
        self, form: MatrixForm, request: Request, budgets: Sequence[int]
    ) -> Iterator[SolverCall]:
        """The search paused after each of ``budgets`` nodes, what it has then told, and taken
        up again, then on to ``request.node_limit``; it ends early where the search does. A
        solver that cannot take a search up again runs it once."""
        yield self.solve(form, request)


#: One silencer at a time: file descriptor 1 is the process's, not a thread's.
_SILENCING = threading.Lock()


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Silence file descriptor 1 (a solver library's C-level prints) for the duration."""
    with _SILENCING:
        try:
            saved = os.dup(1)
        except OSError:  # no real stdout (e.g. some notebook kernels): nothing to silence
            yield
            return
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            try:
                yield
            finally:
                os.dup2(saved, 1)
                os.close(saved)
