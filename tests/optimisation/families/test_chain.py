"""Co-location of chain partners."""

from __future__ import annotations

import pulp
from tiny import tiny_problem

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_chain_rows_bound_each_pair_by_both_presences(problem):
    model = compile_problem(problem)
    assert set(model.z) == {("A", "B", "P1"), ("A", "B", "P2")}
    for cluster in ("A", "B"):
        row = model.rows["chain"]["A", "B", "P1", cluster]
        assert row[model.y[cluster, "P1"]] == -1.0 and row[model.z["A", "B", "P1"]] == 1.0
    assert model.z["A", "B", "P1"].cat == pulp.LpContinuous  # no extra binaries


def test_chain_aggregate_only_when_partners_outnumber_the_focus_cap():
    problem = tiny_problem(
        {"A": 1.0, "B": 1.0, "C": 1.0},
        [("P1", "starting", 2025, 3.0)],
        {},
        links=[("A", "B", 1.0), ("A", "C", 1.0)],
    )
    assert "chain_aggregate" not in compile_problem(problem).rows
    model = compile_problem(problem.add_focus_constraints(2))
    row = model.rows["chain_aggregate"]["A", "P1"]  # A has 2 partners, at most 1 can join it
    assert row[model.y["A", "P1"]] == -1.0
    assert set(model.rows["chain_aggregate"]) == {("A", "P1")}
