"""Checks before solving, and honest reporting of what the solver did."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from tiny import messages, tiny_problem, two_parks

import landplan
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status, Stop


def test_a_clean_problem_has_no_findings():
    assert messages(two_parks()) == []


def test_solver_infeasibility_is_explained_by_name():
    """Each park holds 1 km², so only one 0.6 km² footprint: three clusters that must each get
    0.6 km² do not fit in two parks, and the explanation names the one left out."""
    problem = tiny_problem(
        {"A": 0.6, "B": 0.6, "C": 0.6},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("B", "P2"): 0.5, ("C", "P1"): 0.4},
        footprints={"A": 0.6, "B": 0.6, "C": 0.6},
    ).add_demand_constraints(strict=True)
    solution = landplan.solve(problem)
    assert solution.status == Status.INFEASIBLE
    named = [d for d in solution.diagnostics if d.kind == "infeasible"]
    assert len(named) == 1 and "can get at most 0.00 of its 0.60 km² by 2025" in named[0].message


def test_badly_scaled_numbers_are_flagged():
    problem = tiny_problem({"A": 50_000.0}, [("P1", "starting", 2025, 80_000.0)], {("A", "P1"): 1})
    assert any("check the units" in m for m in messages(problem))
    assert any(
        "shortfall penalty" in m for m in messages(problem.add_demand_constraints(penalty=0.5))
    )


def test_time_limited_run_is_never_called_optimal():
    """Asked for a proof with a time limit far too short for one: a plan, honestly labelled."""
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    suitability = landplan.score_suitability(parks, catalog, landplan.load_infrastructure())
    problem = landplan.problem_from_layers(parks, catalog, suitability)
    options = SolverOptions(gap=0.0, time_limit=1.5)
    solution = landplan.solve(problem, options, shadow_prices=False, greedy=False)
    assert solution.status in (Status.FEASIBLE, Status.NO_SOLUTION)
    if solution.status == Status.FEASIBLE:
        assert solution.gap > 0 and solution.bound > solution.objective
        assert solution.stopped_by == Stop.TIME_LIMIT
        assert "time limit" in solution.reason


def test_solver_options_are_checked():
    with pytest.raises(ValidationError, match="'highs' or 'scip'"):
        SolverOptions(name="gurobi")
    with pytest.raises(ValidationError, match="CBC is no longer offered.*use highs or scip"):
        SolverOptions(name="cbc")
    with pytest.raises(ValidationError, match="time_limit"):
        SolverOptions(time_limit=0)


def test_no_plan_means_no_plan_figures():
    problem = tiny_problem(
        {"A": 1.0}, [("P1", "starting", 2025, 0.5)], {("A", "P1"): 1.0}, footprints={"A": 0.6}
    )
    solution = landplan.solve(problem.add_demand_constraints(strict=True))
    assert solution.status == Status.INFEASIBLE
    assert set(solution.kpis()) == {
        "status",
        "stopped_by",
        "reason",
        "objective",
        "bound",
        "gap",
        "gap_scale",
        "solver",
        "runtime_s",
        "decisions",
        "rows",
        "nodes",
        "greedy_objective",
    }
