"""The suitability term."""

from __future__ import annotations

import pulp
import pytest

from landplan.optimisation.model import compile_problem
from landplan.optimisation.terms.suitability import SuitabilityObjective


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_suitability_rewards_land_by_its_score(problem):
    model = compile_problem(problem.add_suitability_objective(2.0))
    assert model.terms["suitability"][model.x["A", "P1", "starting"]] == 1.8
    assert model.terms["suitability"][model.x["A", "P2", "starting"]] == 0.0


def test_its_stake_is_the_land_at_stake_perfectly_suited(problem):
    # demand by 2030: 3 + 0.5 = 3.5 km²; land: 1 + 2 + 0.4 = 3.4 km², the lesser
    assert problem.land_at_stake == 3.4
    doubled = problem.add_suitability_objective(2.0)
    assert doubled.part(SuitabilityObjective).stake(doubled) == pytest.approx(6.8)
