"""Tier capacity rows."""

from __future__ import annotations

import pulp

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_capacity_one_row_per_tier(problem):
    model = compile_problem(problem)
    rows = model.rows["capacity"]
    assert set(rows) == {("P1", "starting"), ("P1", "expansion"), ("P2", "starting")}
    row = rows["P1", "expansion"]
    assert row.sense == pulp.LpConstraintLE and -row.constant == 2.0
    assert set(coefficients(row).values()) == {1.0} and len(row) == 2
