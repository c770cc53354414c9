"""The suitability term."""

from __future__ import annotations

import pulp

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_suitability_rewards_land_by_its_score(problem):
    model = compile_problem(problem.add_suitability_objective(2.0))
    assert model.terms["suitability"][model.x["A", "P1", "starting"]] == 1.8
    assert model.terms["suitability"][model.x["A", "P2", "starting"]] == 0.0
