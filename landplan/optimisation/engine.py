"""The solve engine: a plan certified within a stated gap, the same on every machine.

For a compiled model it runs, in order:

1. the **LP relaxation** (HiGHS): its optimum is an upper bound ``B`` on every plan;
2. the **heuristic** (:mod:`landplan.optimisation.heuristic`): a plan from the relaxation, sought until it is
   within the requested gap of ``B`` (not for a proof, gap 0: started from the heuristic's plan,
   five of six proofs of the bundled models took longer, bench/engine.py);
3. only if that plan is not yet within the gap, the **branch and bound** of the chosen solver
   (HiGHS, SCIP or CBC), started from the heuristic's plan where the solver takes one, until
   its plan is within the gap of its proven bound, or a node limit.

Then it **certifies**: every plan is checked against every row and bound of the model and valued
by landplan's own evaluation (:func:`landplan.optimisation.evaluate.objective_terms`), not by what a solver
says; a solver's bound counts only if the solver's account of its own plan is right and the bound
is not below a plan in hand. The result carries the best plan, the least trusted bound, the gap
between them and what ended the solve. ``optimal`` means proven with no gap.

Nothing depends on the clock except the time limit, a safety net whose stop is reported as such.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from landplan.optimisation.evaluate import ALLOCATION_COLUMNS, LAND_EPSILON, objective_terms
from landplan.optimisation.heuristic import lp_guided_plan
from landplan.optimisation.matrix import MatrixForm
from landplan.optimisation.model import Model
from landplan.optimisation.options import (
    OPTIMALITY_TOLERANCE,
    SOLVER_NAMES,
    SolveResult,
    SolverOptions,
    Status,
    Stop,
)
from landplan.optimisation.solvers import SolverRun, relative_gap, run_solver, solver_version

#: A plan may break a row or bound by this much (solver tolerances), no more.
FEASIBILITY_TOLERANCE = 1e-5
#: A solver's objective for its own plan may differ from the plan's value by this (relative).
ACCOUNT_TOLERANCE = 1e-6
#: The relaxation solves faster without presolve here (0.24 s against 0.37 s on the baseline).
RELAXATION_TUNING: dict[str, bool | int | float | str] = {"presolve": "off"}


@dataclass(frozen=True)
class Plan:
    """A checked plan: its column values, its value by landplan's evaluation and where it came
    from."""

    values: np.ndarray
    objective: float
    source: str


def solve_model(
    model: Model, options: SolverOptions | None = None, form: MatrixForm | None = None
) -> SolveResult:
    """Solve ``model`` (or its arrays ``form``, e.g. with changed numbers) as the module docstring
    describes and return the certified result."""
    options = options or SolverOptions()
    form = form or MatrixForm.from_model(model)
    began = time.perf_counter()
    deadline = began + options.time_limit

    def left() -> float:
        return deadline - time.perf_counter()

    relaxation = run_solver(
        form, "highs", relax=True, time_limit=options.time_limit, threads=options.threads,
        tuning=RELAXATION_TUNING,
    )  # fmt: skip
    if not model.is_mip:
        return _lp_result(form, relaxation, options, began)
    relaxed = relaxation.values
    if relaxation.bound is None or relaxed is None:
        status = Status.INFEASIBLE if relaxation.stop == Stop.INFEASIBLE else Status.ERROR
        words = "infeasible" if status == Status.INFEASIBLE else f"unsolved ({relaxation.reason})"
        return _no_plan(status, relaxation.stop, f"the LP relaxation is {words}", options, began)
    bound, bound_source = relaxation.bound, "the LP relaxation"
    checker = _Checker(model, form)
    plans: list[Plan] = []
    if options.heuristic and options.gap_rel > 0 and left() > 0:
        run = lp_guided_plan(
            form, checker.presence_columns, checker.presence_land(relaxed),
            checker.presence_cluster, relaxed, bound, options.gap_rel, left(),
        )  # fmt: skip
        plans = checker.plans(run, "landplan's LP-guided heuristic")
    last: SolverRun | None = None
    if not plans or relative_gap(plans[0].objective, bound) > options.gap_rel:
        name = SOLVER_NAMES[options.solver]
        if left() <= 0:
            last = SolverRun(
                solver=options.solver, stop=Stop.TIME_LIMIT, reason="no time left", values=None,
                objective=None, bound=None, runtime_s=0.0,
            )  # fmt: skip
        else:
            last = run_solver(
                form, options.solver, gap=options.gap_rel, time_limit=left(),
                node_limit=options.node_limit, threads=options.threads,
                start=plans[0].values if plans else None,
            )  # fmt: skip
        plans = sorted(plans + checker.plans(last, name), key=lambda p: -p.objective)
        trusted = checker.trusted_bound(last, plans)
        if trusted is not None and trusted < bound:
            bound, bound_source = trusted, f"{name}'s branch and bound"
        if not plans:
            status = {Stop.INFEASIBLE: Status.INFEASIBLE, Stop.ERROR: Status.ERROR}.get(
                last.stop, Status.NO_SOLUTION
            )
            return _no_plan(status, last.stop, f"{name}: {last.reason}", options, began)
    return _certified(plans[0], bound, bound_source, last, options, began, form)


def _certified(
    best: Plan,
    bound: float,
    bound_source: str,
    last: SolverRun | None,
    options: SolverOptions,
    began: float,
    form: MatrixForm,
) -> SolveResult:
    """The best plan against the least trusted bound: status, gap and what ended the solve."""
    tolerance = OPTIMALITY_TOLERANCE * max(1.0, abs(best.objective))
    if best.objective > bound + tolerance:  # landplan's evaluation and the model disagree
        gap = None
        stopped_by = Stop.ERROR
        reason = (
            f"the plan from {best.source} is worth {best.objective:.6g}, more than the bound "
            f"{bound:.6g}: no gap can be claimed"
        )
        proven: float | None = None
    else:
        proven = max(bound, best.objective)  # within tolerance of it: the plan proves it
        gap = relative_gap(best.objective, proven)
        if proven - best.objective <= tolerance:
            stopped_by, gap = Stop.PROOF, 0.0
        elif gap <= options.gap_rel + 1e-12:
            stopped_by = Stop.GAP
        elif last is not None and last.stop not in (Stop.GAP, Stop.PROOF):
            stopped_by = last.stop
        else:  # no solver ran, or it claimed a gap whose bound could not be used
            stopped_by = Stop.ERROR
        reason = (
            f"{_stop_words(stopped_by, gap, options, last)}: plan from {best.source}, "
            f"bound from {bound_source}"
        )
    return SolveResult(
        status=Status.OPTIMAL if stopped_by == Stop.PROOF else Status.FEASIBLE,
        objective=best.objective,
        bound=proven,
        gap=gap,
        runtime_s=time.perf_counter() - began,
        solver=options.solver,
        solver_version=solver_version(options.solver),
        reason=reason,
        stopped_by=stopped_by,
        values=dict(zip(form.names, best.values.tolist(), strict=True)),
    )


class _Checker:
    """Checks solver plans against the model and values them by landplan's evaluation."""

    def __init__(self, model: Model, form: MatrixForm) -> None:
        self.model, self.form = model, form
        self.presence_columns = np.array([form.column(v.name) for v in model.y.values()], int)
        self.land_columns = np.array([form.column(v.name) for v in model.x.values()], int)
        self.land_keys = pd.DataFrame(list(model.x), columns=ALLOCATION_COLUMNS[:3])
        position = {pair: i for i, pair in enumerate(model.y)}
        self.land_presence = np.array([position[c, p] for c, p, _ in model.x], int)
        clusters = {c: i for i, c in enumerate(model.problem.clusters.index)}
        self.presence_cluster = np.array([clusters[c] for c, _ in model.y], int)

    def presence_land(self, values: np.ndarray) -> np.ndarray:
        """Land of each presence (cluster, park), summed over the park's tiers."""
        land = values[self.land_columns]
        return np.bincount(self.land_presence, weights=land, minlength=len(self.presence_columns))

    def plans(self, run: SolverRun | None, source: str) -> list[Plan]:
        """The run's plan, if it keeps every rule, valued by landplan."""
        if run is None or run.values is None:
            return []
        values = run.values
        if self.form.violation(values) > FEASIBILITY_TOLERANCE:
            return []
        return [Plan(values, self.value(values), source)]

    def value(self, values: np.ndarray) -> float:
        """The plan's objective by landplan's own evaluation of its allocation."""
        land = values[self.land_columns]
        keep = land > LAND_EPSILON
        allocation = self.land_keys[keep].assign(land_km2=land[keep]).reset_index(drop=True)
        return float(sum(objective_terms(self.model.problem, allocation).values()))

    def trusted_bound(self, run: SolverRun, plans: list[Plan]) -> float | None:
        """The run's bound, unless its account of its own plan is wrong or it lies below a plan
        in hand (a rounded or misreported bound)."""
        if run.bound is None:
            return None
        if run.values is not None and run.objective is not None:
            own = self.form.value_of(run.values)
            if abs(own - run.objective) > ACCOUNT_TOLERANCE * max(1.0, abs(own)):
                return None
        if plans and run.bound < plans[0].objective - OPTIMALITY_TOLERANCE * max(
            1.0, abs(plans[0].objective)
        ):
            return None
        return run.bound


def _stop_words(stop: Stop, gap: float, options: SolverOptions, last: SolverRun | None) -> str:
    if stop == Stop.PROOF:
        return "proven optimal"
    if stop == Stop.GAP:
        return f"within {100 * gap:.3g} % of the bound (asked: {100 * options.gap_rel:.3g} %)"
    name = SOLVER_NAMES[options.solver]
    if stop == Stop.NODE_LIMIT:
        return f"{name} stopped at its node limit ({options.node_limit:,} nodes)"
    if stop == Stop.TIME_LIMIT:
        return f"{name} stopped at the time limit ({options.time_limit:g} s)"
    if last is not None and last.stop in (Stop.GAP, Stop.PROOF):
        return f"{name} claimed '{last.reason}' but its bound failed landplan's check"
    return f"{name} stopped: {last.reason if last else stop}"


def _no_plan(
    status: Status, stop: Stop, reason: str, options: SolverOptions, began: float
) -> SolveResult:
    return SolveResult(
        status=status,
        objective=None,
        bound=None,
        gap=None,
        runtime_s=time.perf_counter() - began,
        solver=options.solver,
        solver_version=solver_version(options.solver),
        reason=reason,
        stopped_by=stop,
    )


def _lp_result(
    form: MatrixForm, run: SolverRun, options: SolverOptions, began: float
) -> SolveResult:
    """A model without integer decisions (presences fixed): the relaxation is the answer."""
    values, duals = run.values, run.duals
    if values is None or duals is None or run.stop != Stop.PROOF:
        status = Status.INFEASIBLE if run.stop == Stop.INFEASIBLE else Status.ERROR
        return _no_plan(status, run.stop, f"the LP is {run.reason}", options, began)
    return SolveResult(
        status=Status.OPTIMAL,
        objective=run.objective,
        bound=run.objective,
        gap=0.0,
        runtime_s=time.perf_counter() - began,
        solver="highs",
        solver_version=solver_version("highs"),
        reason="LP solved to optimality",
        stopped_by=Stop.PROOF,
        values=dict(zip(form.names, values.tolist(), strict=True)),
        duals=dict(zip(form.row_names, duals.tolist(), strict=True)),
    )
