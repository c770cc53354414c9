"""The presence cost."""

from __future__ import annotations

import pulp

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_presence_cost_per_site(problem):
    model = compile_problem(problem.add_presence_cost(0.05))
    assert model.terms["presence_cost"][model.y["A", "P1"]] == -0.05
    assert len(model.terms["presence_cost"]) == len(model.y)
