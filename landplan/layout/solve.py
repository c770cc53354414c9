"""Solve one park's layout, with an honest bound: heuristic, proof of how far it can be, search.

1. :func:`~landplan.layout.heuristic.greedy_layout` finds a compact layout, checked by
   :func:`~landplan.layout.problem.layout_faults` (not trusted because it came from landplan).
2. :func:`~landplan.layout.bound.layout_bound` proves a bound no layout can beat; the gap is
   measured against it with landplan's own evaluation of the layout.
3. If the gap is above the target, the node limit allows and the park is small enough (at most
   ``search_limit`` industry-parcel decisions, :data:`WHOLE` by default), the chosen solver
   searches the whole model (:mod:`landplan.layout.model`, branch and bound) from the
   heuristic's layout: a better layout it finds is kept (once checked), and the bound is the
   best of the fast bound, the model's relaxation and the solver's own. Larger parks keep the
   heuristic's layout and the bound, and say so (stopped by the ``size limit``): measured on
   the bundled parks (about 400 parcels and 1,000 to 2,000 decisions each), 200 nodes of
   HiGHS took 35 to 60 s a park and moved neither the layout nor the bound in three parks out
   of four (``bench/layout.py``).

Everything stops on a gap or a node limit; the time limit is a safety net reported as such.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from landplan.layout.bound import layout_bound
from landplan.layout.heuristic import greedy_layout
from landplan.layout.model import compile_layout
from landplan.layout.problem import EMPTY, ParkLayoutProblem, evaluate, layout_faults
from landplan.optimisation.matrix import MatrixForm
from landplan.optimisation.options import (
    OPTIMALITY_TOLERANCE,
    SOLVER_NAMES,
    SolverOptions,
    Status,
    Stop,
)
from landplan.optimisation.solvers import run_solver

#: Parks with at most this many (industry, parcel) decisions are searched by a solver.
WHOLE = 150
#: What each way a park's layout can end means, in planners' words.
STOP_MEANINGS = {
    Stop.SIZE_LIMIT: f"the park has more than {WHOLE} parcel decisions, too many to search "
    "with a solver: its layout is landplan's heuristic's, its gap against the proven bound",
    Stop.NODE_LIMIT: "the solver's search stopped at its node limit (--node-limit)",
    Stop.TIME_LIMIT: "the solver's search stopped at its time limit, a safety net (--time-limit)",
    Stop.INFEASIBLE: "no layout meets the plan (with contiguity: an industry cannot be one block)",
}


@dataclass(frozen=True, eq=False)
class ParkLayout:
    """One park's layout: ``owner[i]`` the position in ``clusters`` of parcel ``i``'s industry
    (or EMPTY), how the solve ended, the layout's objective, the proven bound and the gap."""

    park_id: str
    clusters: tuple[str, ...]
    owner: np.ndarray
    status: Status
    stopped_by: Stop
    objective: float | None
    bound: float | None
    gap: float | None
    runtime_s: float
    reason: str

    def industry(self, i: int) -> str | None:
        return None if self.owner[i] == EMPTY else self.clusters[self.owner[i]]


def solve_layout(
    problem: ParkLayoutProblem, options: SolverOptions, search_limit: float = WHOLE
) -> ParkLayout:
    """Lay ``problem`` out (see the module's docstring); ``options``: the solver, the gap, the
    node limit and the time limit of the search."""
    began = time.perf_counter()
    owner = greedy_layout(problem)
    layout: np.ndarray | None = None if layout_faults(problem, owner) else owner
    value = evaluate(problem, owner).objective if layout is not None else None
    bound = layout_bound(problem)
    source, stop = "landplan's heuristic", Stop.SIZE_LIMIT
    decisions = sum(len(problem.candidates(c)) for c in problem.clusters)
    if _gap(value, bound) <= options.gap_rel:
        stop = Stop.GAP
    elif options.node_limit == 0:
        stop = Stop.NODE_LIMIT
    elif decisions <= search_limit:
        model = compile_layout(problem)
        form = MatrixForm.from_model(model)
        relaxed = run_solver(form, "highs", relax=True, time_limit=options.time_limit)
        if relaxed.stop == Stop.PROOF and relaxed.objective is not None:
            bound = max(bound if bound is not None else -np.inf, -relaxed.objective)
        search = run_solver(
            form,
            options.solver,
            gap=options.gap_rel,
            node_limit=options.node_limit,
            time_limit=options.time_limit,
            start=model.start(owner, form.names) if layout is not None else None,
        )
        stop = search.stop
        if search.values is not None:
            found = model.owner(search.values, form.names)
            found_value = evaluate(problem, found).objective
            better = value is None or found_value < value - OPTIMALITY_TOLERANCE
            if better and not layout_faults(problem, found):
                layout, value, source = found, found_value, SOLVER_NAMES[options.solver]
        if search.bound is not None and search.stop in (Stop.PROOF, Stop.GAP, Stop.NODE_LIMIT,
                                                        Stop.TIME_LIMIT):  # fmt: skip
            bound = max(bound if bound is not None else -np.inf, -search.bound)
    return _result(problem, layout, value, bound, source, stop, decisions, options, began)


def _gap(value: float | None, bound: float | None) -> float:
    if value is None or bound is None:
        return np.inf
    return max(0.0, value - bound) / max(abs(value), 1e-9)


def _result(problem, layout, value, bound, source, stop, decisions, options, began) -> ParkLayout:
    runtime = time.perf_counter() - began
    empty = np.full(problem.graph.size, EMPTY)
    if layout is None:
        status = Status.INFEASIBLE if stop == Stop.INFEASIBLE else Status.NO_SOLUTION
        reason = {
            Stop.INFEASIBLE: "no layout can meet the plan (with contiguity, where asked)",
            Stop.SIZE_LIMIT: "landplan's heuristic found no layout"
            + (" with each industry in one block" if problem.contiguity else "")
            + f", and the park's {decisions:,} decisions are too many to search"
            + (
                " (tiers one cell wide break into pieces: try smaller cells)"
                if problem.contiguity
                else ""
            ),
        }.get(stop, f"no layout found ({stop})")
        return ParkLayout(problem.park_id, problem.clusters, empty, status, stop, None, bound,
                          None, runtime, reason)  # fmt: skip
    tolerance = OPTIMALITY_TOLERANCE * max(1.0, abs(value))
    if bound is not None and bound > value + tolerance:  # a bound above a checked layout
        return ParkLayout(problem.park_id, problem.clusters, layout, Status.FEASIBLE, Stop.ERROR,
                          value, None, None, runtime,
                          f"layout from {source}; its bound {bound:.6g} is above it, so no gap "
                          "can be claimed")  # fmt: skip
    gap = _gap(value, bound) if bound is not None else None
    if bound is not None and value - bound <= tolerance:
        stop, gap = Stop.PROOF, 0.0
    elif gap is not None and gap <= options.gap_rel + 1e-12:
        stop = Stop.GAP
    words = {
        Stop.PROOF: "proven optimal",
        Stop.GAP: f"within {100 * (gap or 0):.3g} % of the bound",
        Stop.SIZE_LIMIT: f"not searched: the park's {decisions:,} decisions are more than "
        f"{WHOLE:,}",
        Stop.NODE_LIMIT: f"search stopped at its node limit ({options.node_limit:,})",
        Stop.TIME_LIMIT: f"search stopped at the time limit ({options.time_limit:g} s)",
    }.get(stop, f"search stopped ({stop})")
    status = Status.OPTIMAL if stop == Stop.PROOF else Status.FEASIBLE
    reason = f"{words}: layout from {source}, bound from landplan's least-boundary relaxation"
    return ParkLayout(
        problem.park_id, problem.clusters, layout, status, stop, value, bound, gap, runtime, reason
    )
