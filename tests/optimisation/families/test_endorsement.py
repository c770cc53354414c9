"""Strict policy."""

from __future__ import annotations

import pulp

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_strict_endorsement_rules_out_only_unendorsed_pairs(problem):
    assert "endorsement" not in compile_problem(problem).rows
    model = compile_problem(problem.add_endorsement_constraints())
    assert set(model.rows["endorsement"]) == {("A", "P2")}
    row = model.rows["endorsement"]["A", "P2"]
    assert coefficients(row) == {model.y["A", "P2"].name: 1.0} and row.constant == 0
