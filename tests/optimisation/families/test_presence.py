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


def test_a_cap_on_a_parks_share_tightens_the_big_m(problem):
    # A in P1 at most half of P1's 3 km²: 1.5, less than its demand and the park; per tier
    # min(1, 1.5) for the starting area, min(2, 1.5) for the expansion area
    model = compile_problem(problem.add_share_constraints(0.5))
    assert model.rows["presence_link"]["A", "P1"][model.y["A", "P1"]] == pytest.approx(-1.5)
    unit = model.rows["presence_unit"]
    assert unit["A", "P1", "starting"][model.y["A", "P1"]] == pytest.approx(-1.0)
    assert unit["A", "P1", "expansion"][model.y["A", "P1"]] == pytest.approx(-1.5)


def test_no_more_sites_than_whole_minimum_sites_fit_in_the_demand(problem):
    """A needs 3 km² with sites of at least 0.5 (6 sites at most), B 0.5 with sites of 0.2 (2);
    at a 40 % share A's sites are 1.2 km² (2 sites) and B's 0.2 (2)."""
    model = compile_problem(problem)
    count = model.rows["site_count"]
    assert coefficients(count["A",]) == {model.y["A", p].name: 1.0 for p in ("P1", "P2")}
    assert -count["A",].constant == 6 and -count["B",].constant == 2
    shared = compile_problem(problem.add_presence_constraints(min_share=0.4)).rows["site_count"]
    assert -shared["A",].constant == 2 and -shared["B",].constant == 2
