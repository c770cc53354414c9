"""Parks per cluster."""

from __future__ import annotations

import pulp

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_concentration_caps(problem):
    model = compile_problem(problem.add_concentration_constraints(1))
    assert -model.rows["concentration"]["A",].constant == 1
    assert len(model.rows["concentration"]["A",]) == 2
