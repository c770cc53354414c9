"""Demand rows, shortfall and what demand tells before solving."""

from __future__ import annotations

import pulp
from tiny import two_parks

import landplan
from landplan.optimisation.model import compile_problem
from landplan.solving.result import Status


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_demand_counts_only_land_released_by_the_horizon(problem):
    model = compile_problem(problem)
    by_2025 = model.rows["demand"]["A", 2025]
    released = {var for var in by_2025 if var.name.startswith("x_")}
    assert released == {model.x["A", "P1", "starting"], model.x["A", "P2", "starting"]}
    assert by_2025[model.short["A", 2025]] == 1.0 and -by_2025.constant == 1.0
    assert len([v for v in model.rows["demand"]["A", 2030] if v.name.startswith("x_")]) == 3
    cap = model.rows["demand_cap"]["A",]
    assert -cap.constant == 3.0 and cap.sense == pulp.LpConstraintLE


def test_strict_demand_has_no_shortfall(problem):
    model = compile_problem(problem.add_demand_constraints(strict=True))
    assert not model.short
    assert "shortfall_penalty" not in model.terms


def test_strict_demand_beyond_the_allowed_land_is_infeasible_and_named():
    problem = (
        two_parks()
        .add_endorsement_constraints()
        .add_demand_constraints(strict=True)
        .add_concentration_constraints(1)
    )
    problem = problem.add_locked_out_constraints([("B", "P1"), ("B", "P2")])
    solution = landplan.solve(problem)
    assert solution.status == Status.INFEASIBLE
    assert solution.objective is None
    assert any(
        d.clusters == ("B",) and "needs 0.50 km² by 2025" in d.message for d in solution.diagnostics
    )


def test_unavoidable_shortfall_is_a_warning_with_soft_demand():
    problem = two_parks().add_locked_out_constraints([("B", "P1"), ("B", "P2")])
    found = landplan.check_problem(problem)
    assert [d.level for d in found] == ["warning", "warning"]
    assert landplan.solve(problem).status == Status.OPTIMAL
