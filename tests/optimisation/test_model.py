"""The compiled model as a whole."""

from __future__ import annotations

import pulp

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_objective_terms_and_their_signs(problem):
    model = compile_problem(problem)
    assert set(model.terms) == {"suitability", "chain_bonus", "presence_cost", "shortfall_penalty"}
    assert model.terms["suitability"][model.x["A", "P1", "starting"]] == 0.9
    assert model.terms["presence_cost"][model.y["A", "P1"]] == -0.02
    assert model.terms["shortfall_penalty"][model.short["A", 2030]] == -10.0


def test_fixed_presence_compiles_to_an_lp(problem):
    model = compile_problem(problem, fixed_presence={("A", "P1"): 1})
    assert all(v.cat == pulp.LpContinuous for v in model.y.values())
    assert model.y["A", "P1"].lowBound == 1 and model.y["B", "P2"].upBound == 0


def test_problem_is_a_value_each_step_returns_a_new_one(problem):
    stricter = problem.add_focus_constraints(2)
    assert problem.family(type(stricter.constraints[-1])).max_clusters == 5
    assert stricter.notes and "replaced" in stricter.notes[-1]
