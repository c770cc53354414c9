"""landplan's heuristic: the LP neighbourhoods, the repairs of a plan short of the gap, and the
relaxation of large models by the interior point method."""

from __future__ import annotations

import numpy as np
import pytest
from tiny import tiny_problem

from landplan.optimisation import engine, heuristic
from landplan.optimisation.engine import FEASIBILITY_TOLERANCE, _Checker, solve_model
from landplan.optimisation.heuristic import Sites, steps
from landplan.optimisation.model import compile_problem
from landplan.solving.adapters import call_solver
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions

GAP = SolverOptions().gap


def crowded(seed: int):
    """Six clusters in five parks of two tiers, demand 95 % of the land, at most 2 clusters per
    park and 2 parks per cluster, sites of at least 30 % of a cluster's land: the relaxation
    spreads clusters thinly where whole sites do not fit (random sizes and scores)."""
    rng = np.random.default_rng(seed)
    demand = {f"C{i}": np.sort(rng.uniform(0.2, 2.0, 2)) for i in range(6)}
    units = [
        (f"P{j}", tier, year, float(np.round(rng.uniform(0.5, 1.5), 2)))
        for j in range(5)
        for tier, year in (("starting", 2025), ("expansion", 2030))
    ]
    scale = 0.95 * sum(u[3] for u in units) / sum(d[1] for d in demand.values())
    scores = {
        (f"C{i}", f"P{j}"): float(np.round(rng.uniform(0.3, 1.0), 2))
        for i in range(6)
        for j in range(5)
    }
    problem = tiny_problem(
        {c: tuple(np.round(d * scale, 3).tolist()) for c, d in demand.items()},
        units,
        scores,
        horizons=(2025, 2030),
        presence_cost=0.0,
        chain_bonus=0.0,
        min_share=0.3,
    )
    return problem.add_focus_constraints(2).add_concentration_constraints(2)


def heuristic_run(problem):
    """The model's arrays, its sites, and the heuristic's plan from its relaxation."""
    model = compile_problem(problem)
    form = MatrixForm.from_model(model)
    relaxation = call_solver(form, "highs", relax=True, tuning=engine.relaxation_tuning(form))
    sites = _Checker(model, form).sites
    target = relaxation.bound - GAP * engine.gap_scale(model, relaxation.bound)
    *_, plan = steps(form, sites, relaxation.values, target, 60.0)
    return form, sites, plan


@pytest.mark.parametrize("seed", [5, 8, 18])
def test_the_repairs_find_the_optimum_the_lp_neighbourhoods_miss(seed, monkeypatch):
    problem = crowded(seed)
    optimum = solve_model(compile_problem(problem), SolverOptions(gap=0.0)).objective
    monkeypatch.setattr(heuristic, "REPAIRS", 0)
    _, _, unrepaired = heuristic_run(problem)
    assert unrepaired.objective < optimum - 0.1  # the relaxation's neighbourhoods miss it
    monkeypatch.undo()
    form, _, plan = heuristic_run(problem)
    assert plan.objective == pytest.approx(optimum, abs=1e-6)
    assert form.violation(plan.values) <= FEASIBILITY_TOLERANCE


@pytest.mark.parametrize("seed", [15, 23, 30])
def test_a_repaired_plan_keeps_every_rule_and_is_never_worse(seed, monkeypatch):
    problem = crowded(seed)
    monkeypatch.setattr(heuristic, "REPAIRS", 0)
    _, _, unrepaired = heuristic_run(problem)
    monkeypatch.undo()
    form, _, plan = heuristic_run(problem)
    assert plan.objective >= unrepaired.objective
    assert form.violation(plan.values) <= FEASIBILITY_TOLERANCE
    assert plan.objective == pytest.approx(form.value_of(plan.values), abs=1e-6)


def test_a_repair_frees_the_cluster_and_its_rivals_then_the_rivals_everywhere():
    # clusters 0, 1, 2 in parks 0, 1, 2; presence i = 3 · cluster + park; one land column each
    sites = Sites(
        columns=np.arange(9),
        cluster=np.repeat(np.arange(3), 3),
        park=np.tile(np.arange(3), 3),
        land_columns=np.arange(9, 18),
        land_site=np.arange(9),
        owner=np.full(18, -1),
    )
    plan = np.zeros(18)
    plan[9 + np.array([0, 3, 5, 8])] = 1.0  # cluster 0 in park 0; 1 in parks 0, 2; 2 in park 2
    narrow = sites.around(0, False, plan)
    assert np.flatnonzero(narrow).tolist() == [0, 1, 2, 3]  # its own, and cluster 1 in park 0
    wide = sites.around(0, True, plan)
    assert np.flatnonzero(wide).tolist() == [0, 1, 2, 3, 4, 5]  # cluster 1 in every park


def test_a_large_model_is_relaxed_by_the_interior_point_method_to_the_same_plan(monkeypatch):
    problem = crowded(8)
    simplex = solve_model(compile_problem(problem))
    monkeypatch.setattr(engine, "INTERIOR_POINT_ROWS", 0)
    assert (
        engine.relaxation_tuning(MatrixForm.from_model(compile_problem(problem)))["solver"] == "ipm"
    )
    interior = solve_model(compile_problem(problem))
    assert interior.bound == pytest.approx(simplex.bound, rel=1e-9)
    assert interior.gap <= GAP and simplex.gap <= GAP
