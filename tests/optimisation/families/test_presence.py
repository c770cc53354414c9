"""Presence linking and minimum sites."""

from __future__ import annotations

import pulp
import pytest

from landplan.optimisation.model import compile_problem


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_presence_uses_the_tightest_big_m(problem):
    model = compile_problem(problem)
    # A in P1: min(park land 3.0, A's demand 3.0) = 3; per tier min(1, 3) = 1 < 3, so a tier row.
    link = model.rows["presence_link"]["A", "P1"]
    assert link[model.y["A", "P1"]] == -3.0
    assert model.rows["presence_unit"]["A", "P1", "starting"][model.y["A", "P1"]] == -1.0
    # B in P2: min(0.4, 0.5) = 0.4 for the park; the single tier adds nothing tighter.
    assert model.rows["presence_link"]["B", "P2"][model.y["B", "P2"]] == pytest.approx(-0.4)
    assert ("B", "P2", "starting") not in model.rows["presence_unit"]
    footprint = model.rows["min_site"]["A", "P1"]
    assert footprint[model.y["A", "P1"]] == -0.5 and footprint.sense == pulp.LpConstraintGE


def test_minimum_site_is_the_footprint_or_the_share_of_demand(problem):
    """A's footprint is 0.5 and its demand by 2030 is 3.0: at a 30 % share its minimum site is
    0.9; B's (0.2 footprint, 0.5 demand) stays 0.2."""
    model = compile_problem(problem.add_presence_constraints(min_share=0.3))
    assert model.rows["min_site"]["A", "P1"][model.y["A", "P1"]] == pytest.approx(-0.9)
    assert model.rows["min_site"]["B", "P2"][model.y["B", "P2"]] == pytest.approx(-0.2)
