"""Solve a problem end to end: checks, compile, the certified engine, explanations, shadow prices
and the greedy yardstick."""

from __future__ import annotations

import time
from dataclasses import replace

import pandas as pd

from landplan.errors import ProblemError
from landplan.optimisation.checks import check_problem
from landplan.optimisation.engine import solve_model
from landplan.optimisation.evaluate import land_by_park, objective_terms
from landplan.optimisation.explain import explain_infeasibility
from landplan.optimisation.families.capacity import CapacityConstraints
from landplan.optimisation.greedy import greedy_allocation
from landplan.optimisation.model import compile_problem
from landplan.optimisation.problem import Problem
from landplan.optimisation.solution import Solution, solution_from_result
from landplan.progress import CHECKS, Progress
from landplan.solving.certify import no_answer
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status, Stop


def solve(
    problem: Problem,
    options: SolverOptions | None = None,
    *,
    shadow_prices: bool = True,
    greedy: bool = True,
    progress: Progress | None = None,
) -> Solution:
    """Check, solve and explain ``problem``; return the :class:`~landplan.optimisation.solution.Solution`
    (``progress`` hears the checks and the solve's stages and figures).

    Contradictory rules raise :class:`ProblemError`. A problem the checks show to be infeasible
    is not sent to the solver; its solution has status ``infeasible`` and diagnostics naming the
    clusters, parks and locks involved (as has one the solver finds infeasible).
    """
    options = options or SolverOptions()
    progress = progress or Progress()
    progress.stage(CHECKS)
    diagnostics = check_problem(problem)
    contradictions = [d for d in diagnostics if d.kind == "contradiction"]
    if contradictions:
        raise ProblemError(contradictions)
    model = compile_problem(problem)
    if any(d.level == "error" for d in diagnostics):
        reason = "the checks before solving show no plan can meet the hard rules"
        result = no_answer(Stop.INFEASIBLE, reason, options, time.perf_counter())
        return solution_from_result(model, result, tuple(diagnostics))
    result = solve_model(model, options, progress=progress)
    if result.status == Status.INFEASIBLE:
        diagnostics += explain_infeasibility(problem, options)
    solution = solution_from_result(model, result, tuple(diagnostics))
    if solution.has_plan and shadow_prices:
        solution = replace(solution, shadow_prices=capacity_shadow_prices(solution, options))
    if greedy:
        plan = greedy_allocation(problem)
        solution = replace(solution, greedy_objective=sum(objective_terms(problem, plan).values()))
    return solution


def capacity_shadow_prices(solution: Solution, options: SolverOptions) -> pd.DataFrame:
    """Per tier: its capacity, the land used, whether it binds, and its shadow price (objective
    gained per extra km² there), from the LP with every presence decision fixed as in the plan."""
    problem = solution.problem
    land = land_by_park(solution.allocation)
    fixed = {pair: 1 for pair, value in land.items() if value > 0}
    model = compile_problem(problem, fixed_presence=fixed)
    result = solve_model(model, options)
    table = problem.units[["park_id", "tier", "capacity_km2"]].copy()
    used = solution.allocation.groupby(["park_id", "tier"])["land_km2"].sum()
    table["used_km2"] = [
        used.get((p, t), 0.0) for p, t in zip(table["park_id"], table["tier"], strict=True)
    ]
    table["binding"] = table["capacity_km2"] - table["used_km2"] < 1e-6
    rows = model.rows[CapacityConstraints.ROW]
    table["shadow_price"] = [
        result.duals.get(rows[p, t].name) if result.duals else None
        for p, t in zip(table["park_id"], table["tier"], strict=True)
    ]
    return table
