"""The compiled model as a whole."""

from __future__ import annotations

import pulp
import pytest

from landplan.optimisation.families.focus import FocusConstraints
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
    assert problem.part(FocusConstraints).max_clusters == 5
    assert stricter.part(FocusConstraints).max_clusters == 2
    assert stricter.notes and "replaced" in stricter.notes[-1]


def test_parts_keep_their_order_whatever_order_they_are_added_in(problem):
    """Rows are written in the parts' order, so the same parts give the same model."""
    again = problem.add_focus_constraints(5).add_capacity_constraints()
    assert [type(f) for f in again.constraints] == [type(f) for f in problem.constraints]
    rows = [row.name for row in compile_problem(again).all_rows()]
    assert rows == [row.name for row in compile_problem(problem).all_rows()]


def test_an_unknown_verb_is_an_attribute_error(problem):
    with pytest.raises(AttributeError, match="add_nonsense_constraints"):
        problem.add_nonsense_constraints()
    assert "add_focus_constraints" in dir(problem)
