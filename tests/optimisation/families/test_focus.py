"""Clusters per park."""

from __future__ import annotations

import pulp

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_focus_caps(problem):
    model = compile_problem(problem.add_focus_constraints(1))
    assert -model.rows["focus"]["P1",].constant == 1
    assert len(model.rows["focus"]["P1",]) == 2
