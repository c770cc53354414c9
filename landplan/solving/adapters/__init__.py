"""Thin solver adapters, one a file on one base (:mod:`~landplan.solving.adapters.base`):
:mod:`~landplan.solving.adapters.highs` (relaxations, the heuristic's sub-problems, branch and
bound) and :mod:`~landplan.solving.adapters.scip` (branch and bound). Each is loaded when first
asked for, so reading a scenario loads no solver.

CBC is no longer offered: PuLP, which carries it, deprecates its bundled CBC (gone in PuLP 4.0;
``pulp[cbc]`` is a 600 MB install), and PuLP's runner gives neither the bound CBC proved nor a
way to stop it from outside, which landplan's certificate and Cancel need (see the README).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Sequence
from functools import cache

import numpy as np

from landplan.errors import SolverError
from landplan.solving.adapters.base import (
    _DEFAULTS,
    Adapter,
    Request,
    SolverCall,
    Tuning,
    Watch,
)
from landplan.solving.matrix import MatrixForm

__all__ = [
    "Adapter",
    "Request",
    "SolverCall",
    "Tuning",
    "Watch",
    "adapter",
    "call_solver",
    "search_in_segments",
]

#: Each solver's adapter: its module and class.
ADAPTERS: dict[str, str] = {
    "highs": "landplan.solving.adapters.highs:Highs",
    "scip": "landplan.solving.adapters.scip:Scip",
}


@cache
def adapter(solver: str) -> Adapter:
    """The adapter of ``solver`` (highs, scip)."""
    if solver not in ADAPTERS:
        raise SolverError(f"no solver '{solver}': landplan solves with {', '.join(ADAPTERS)}")
    module, _, name = ADAPTERS[solver].partition(":")
    try:
        kind: type[Adapter] = getattr(importlib.import_module(module), name)
    except ImportError as exc:
        raise SolverError(f"the {solver} solver cannot be loaded: {exc}") from None
    return kind()


def solver_version(solver: str) -> str:
    return adapter(solver).version()


def search_in_segments(
    form: MatrixForm,
    solver: str,
    budgets: Sequence[int],
    *,
    abs_gap: float = 0.0,
    time_limit: float = _DEFAULTS.time_limit,
    node_limit: int = _DEFAULTS.node_limit,
    watch: Watch | None = None,
) -> Iterator[SolverCall]:
    """``solver``'s branch and bound on ``form``, paused after each of ``budgets`` nodes (what
    it has then found, the bound it has proven) and taken up again, on to ``node_limit``
    (:meth:`Adapter.segments`; a solver that cannot take a search up again runs it once)."""
    request = Request(abs_gap=abs_gap, time_limit=time_limit, node_limit=node_limit, watch=watch)
    return adapter(solver).segments(form, request, budgets)


def call_solver(
    form: MatrixForm,
    solver: str,
    *,
    relax: bool = False,
    gap: float = 0.0,
    abs_gap: float = 0.0,
    time_limit: float = _DEFAULTS.time_limit,
    node_limit: int = _DEFAULTS.node_limit,
    target: float | None = None,
    start: np.ndarray | None = None,
    tuning: Tuning | None = None,
    watch: Watch | None = None,
) -> SolverCall:
    """Solve ``form`` (its relaxation if ``relax``) with ``solver`` as :class:`Request` says.
    Ctrl-C stops the solve at once and raises KeyboardInterrupt (nothing downstream mistakes a
    cancelled search for a result); a stop asked by ``watch`` returns what was found, stopped
    by ``interrupted``."""
    chosen = adapter(solver)
    if relax and not chosen.relaxes:
        raise SolverError(f"relaxations are solved with HiGHS, not {solver}")
    request = Request(
        relax=relax,
        gap=gap,
        abs_gap=abs_gap,
        time_limit=time_limit,
        node_limit=node_limit,
        target=target,
        start=start,
        tuning=tuning or {},
        watch=watch,
    )
    return chosen.solve(form, request)
