"""Shared fixtures of the optimisation tests."""

from __future__ import annotations

import pytest
from tiny import tiny_problem

import landplan
from landplan.solving.options import SolverOptions


@pytest.fixture
def problem():
    """Clusters A (demand 1 by 2025, 3 by 2030; footprint 0.5) and B (0.5, 0.5; footprint 0.2);
    parks P1 (starting 1.0 from 2025, expansion 2.0 from 2030) and P2 (starting 0.4)."""
    return tiny_problem(
        {"A": (1.0, 3.0), "B": (0.5, 0.5)},
        [
            ("P1", "starting", 2025, 1.0),
            ("P1", "expansion", 2030, 2.0),
            ("P2", "starting", 2025, 0.4),
        ],
        {("A", "P1"): 0.9, ("B", "P2"): 0.5},
        footprints={"A": 0.5, "B": 0.2},
        horizons=(2025, 2030),
        links=[("A", "B", 0.5)],
        endorsed={("A", "P2"): False},
    )


# The bundled problem with default parameters, solved once per module (test_bundled_plan.py,
# test_bundled_proof.py); a module overrides ``options`` to solve it differently.


@pytest.fixture(scope="module")
def suitability():
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    return landplan.score_suitability(parks, catalog, landplan.load_infrastructure())


@pytest.fixture(scope="module")
def options():
    return SolverOptions()


@pytest.fixture(scope="module")
def solution(suitability, options):
    problem = landplan.problem_from_layers(
        landplan.load_parks(), landplan.load_catalog(), suitability
    )
    return landplan.solve(problem, options)
