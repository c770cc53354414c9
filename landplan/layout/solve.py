"""Solve one park's layout, with an honest bound: heuristic, proof of how far it can be, search.

1. :func:`~landplan.layout.heuristic.greedy_layout` finds a compact layout.
2. The relaxation of the whole model (HiGHS), with the least-boundary cuts, gives a bound no
   layout can beat; the gap is measured against it (landplan's own evaluation of the layout).
3. If the gap is above the target, the node limit allows and the park is small enough (at most
   ``search_limit`` industry-parcel decisions, :data:`WHOLE` by default), the chosen solver
   searches the whole model (branch and bound) from the heuristic's layout; a better layout it
   finds is kept, and its proven bound counts too. Larger parks keep the heuristic's layout and
   the relaxation's bound: measured on the bundled parks (about 400 parcels and 1,000 to 2,000
   decisions each), 200 nodes of HiGHS took 35 to 60 s a park and moved neither the layout nor
   the bound in three parks out of four (``bench/layout.py``).

Everything stops on a gap or a node limit; the time limit is a safety net reported as such.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from landplan.layout.heuristic import greedy_layout
from landplan.layout.model import compile_layout
from landplan.layout.problem import EMPTY, ParkLayoutProblem, evaluate
from landplan.optimisation.matrix import MatrixForm
from landplan.optimisation.options import OPTIMALITY_TOLERANCE, SolverOptions, Status, Stop
from landplan.optimisation.solvers import SolverRun, run_solver

#: Parks with at most this many (industry, parcel) decisions are searched by a solver.
WHOLE = 250


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
    model = compile_layout(problem)
    form = MatrixForm.from_model(model)
    relaxed = run_solver(form, "highs", relax=True, time_limit=options.time_limit)
    bound = (
        -relaxed.objective if relaxed.stop == Stop.PROOF and relaxed.objective is not None else None
    )
    source = "landplan's heuristic"
    feasible = form.violation(model.start(owner, form.names)) <= 1e-6
    search: SolverRun | None = None
    value = evaluate(problem, owner).objective
    wanted = _gap(value if feasible else None, bound) > options.gap_rel
    if wanted and options.node_limit > 0 and len(model.x) <= search_limit:
        search = run_solver(
            form,
            options.solver,
            gap=options.gap_rel,
            node_limit=options.node_limit,
            time_limit=options.time_limit,
            start=model.start(owner, form.names) if feasible else None,
        )
        if search.values is not None and form.violation(search.values) <= 1e-6:
            found = model.owner(search.values, form.names)
            found_value = evaluate(problem, found).objective
            if not feasible or found_value < value - 1e-9:
                owner, value, feasible, source = found, found_value, True, options.solver
        if search.bound is not None:
            bound = max(bound if bound is not None else -np.inf, -search.bound)
    elif wanted:
        source += f" (the park's {len(model.x):,} decisions are too many to search)"
    return _result(
        problem, owner, value if feasible else None, bound, source, search, options, began
    )


def _gap(value: float | None, bound: float | None) -> float:
    if value is None or bound is None:
        return np.inf
    return max(0.0, value - bound) / max(abs(value), 1e-9)


def _result(problem, owner, value, bound, source, search, options, began) -> ParkLayout:
    runtime = time.perf_counter() - began
    if value is None:
        stop = search.stop if search is not None else Stop.ERROR
        status = Status.INFEASIBLE if stop == Stop.INFEASIBLE else Status.NO_SOLUTION
        reason = search.reason if search is not None else "no layout found"
        return ParkLayout(
            problem.park_id,
            problem.clusters,
            owner,
            status,
            stop,
            None,
            bound,
            None,
            runtime,
            reason,
        )
    if bound is not None and bound > value + OPTIMALITY_TOLERANCE * max(1.0, abs(value)):
        raise AssertionError(
            f"{problem.park_id}: the layout's bound {bound} is above its value {value}"
        )
    gap = _gap(value, bound) if bound is not None else None
    if gap is not None and value - bound <= OPTIMALITY_TOLERANCE * max(1.0, abs(value)):
        stop, gap = Stop.PROOF, 0.0
    elif gap is not None and gap <= options.gap_rel + 1e-12:
        stop = Stop.GAP
    elif search is not None:
        stop = search.stop if search.stop not in (Stop.GAP, Stop.PROOF) else Stop.NODE_LIMIT
    else:
        stop = Stop.NODE_LIMIT
    reason = f"layout from {source}; bound from the relaxation with least-boundary cuts"
    status = Status.OPTIMAL if stop == Stop.PROOF else Status.FEASIBLE
    return ParkLayout(
        problem.park_id, problem.clusters, owner, status, stop, value, bound, gap, runtime, reason
    )
