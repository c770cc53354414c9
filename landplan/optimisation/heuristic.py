"""landplan's primal heuristic: a plan close to the LP bound, found before any branch and bound.

The LP relaxation already knows most of the answer. A presence ``y[c, p]`` it leaves at 0 is
seldom in a good plan, and the park where it puts most of a cluster's land seldom missing. The
heuristic therefore solves the model restricted to neighbourhoods of the relaxed optimum, from
the smallest to the widest, each with HiGHS (an *LP-guided restriction*, in the family of RENS):

1. presences the relaxation uses at ``y ≥ 0.05``, with each cluster's main site there (most land)
   fixed open: a small share of the presence decisions is left free;
2. every presence the relaxation uses at all (``y > 0``): a few more.

Each restricted model is solved until a plan is within the requested gap of the *full* model's
LP bound (a target objective: a plan good enough ends it at once), or until a node limit; the
first plan that reaches the target ends the heuristic, otherwise the best one found is the
branch and bound's start. A neighbourhood can hold no plan (a hard rule needing a presence the
relaxation left at 0): the next one is tried.

Every step stops on a target, a gap or a node count, never on the clock (the time limit is a
safety net), so the heuristic finds the same plan on every machine.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np

from landplan.solving.adapters import SolverCall, call_solver
from landplan.solving.matrix import MatrixForm
from landplan.solving.result import Stop

#: A relaxed presence at or below this counts as unused.
UNUSED = 1e-6
#: The first neighbourhood keeps presences the relaxation uses at least this much.
FIRST_CUT = 0.05
#: Per neighbourhood: branch-and-bound nodes it may use, and HiGHS settings. In the first, the
#: root reduced-cost heuristic (a sub-MIP) is off: there it cost most of the time and found no
#: better plans on the shipped scenarios (``bench/engine.py``); the second, wider, runs HiGHS as
#: it comes.
NEIGHBOURHOOD_SETTINGS: tuple[tuple[int, dict[str, bool | int | float | str]], ...] = (
    (200, {"mip_heuristic_run_root_reduced_cost": False}),
    (500, {}),
)


def target_objective(bound: float, gap: float) -> float:
    """The least objective whose relative gap to ``bound`` is at most ``gap``."""
    if bound >= 0:
        return bound / (1 + gap)
    return bound / (1 - gap) if gap < 1 else -np.inf


def neighbourhoods(
    presence: np.ndarray, land: np.ndarray, cluster_of: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(open, free) masks over the presences, smallest neighbourhood first: ``open`` are fixed at
    1, presences neither open nor free at 0. ``presence``, ``land`` and ``cluster_of`` give each
    presence's relaxed value, its relaxed land and its cluster's number."""
    used = presence > UNUSED
    main = np.zeros(len(presence), bool)
    for cluster in np.unique(cluster_of[used]):
        mine = np.flatnonzero((cluster_of == cluster) & used)
        main[mine[np.argmax(land[mine])]] = True
    keep = used & (presence >= FIRST_CUT)
    yield main & keep, keep & ~main
    yield np.zeros(len(presence), bool), used


def lp_guided_plan(
    form: MatrixForm,
    presence_columns: np.ndarray,
    land: np.ndarray,
    cluster_of: np.ndarray,
    relaxed: np.ndarray,
    bound: float,
    gap: float,
    time_limit: float,
) -> SolverCall | None:
    """The best plan of the neighbourhoods of the relaxed optimum ``relaxed`` (column values),
    stopping at the first within ``gap`` of ``bound``; None if none holds a plan. ``land`` is the
    relaxed land of each presence, ``cluster_of`` its cluster's number."""
    target = target_objective(bound, gap)
    deadline = time.perf_counter() + time_limit
    best: SolverCall | None = None
    best_objective = -np.inf
    restrictions = neighbourhoods(relaxed[presence_columns], land, cluster_of)
    for (opened, free), (node_limit, tuning) in zip(
        restrictions, NEIGHBOURHOOD_SETTINGS, strict=True
    ):
        lower, upper = form.lower.copy(), form.upper.copy()
        lower[presence_columns[opened]] = 1.0
        upper[presence_columns[~(opened | free)]] = 0.0
        run = call_solver(
            form.with_bounds(lower, upper),
            "highs",
            gap=0.0,  # its own gap says nothing: its bound is not the full model's
            time_limit=max(deadline - time.perf_counter(), 1e-3),
            node_limit=node_limit,
            target=target,
            tuning=tuning,
        )
        if run.objective is not None and run.objective > best_objective:
            best, best_objective = run, run.objective
        if best_objective >= target:
            break
        if run.stop in (Stop.TIME_LIMIT, Stop.INTERRUPTED, Stop.ERROR):
            break  # the safety net, or a failure: no wider try
    return best
