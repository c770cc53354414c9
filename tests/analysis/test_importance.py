"""Replacement importance and near-optimal alternatives on instances solved by hand."""

from __future__ import annotations

import pytest
from tiny import tiny_problem

import landplan
from landplan.analysis.importance import (
    near_optimal_alternatives,
    replacement_importance,
    site_values,
)
from landplan.solving.options import SolverOptions

OPTIONS = SolverOptions(time_limit=20)


@pytest.fixture
def two_parks():
    """One cluster needing 1 km²; P1 scores 0.9, P2 0.5, each holds 1 km². Presence costs 0.02,
    so the optimum is P1: 0.9 − 0.02 = 0.88; without P1 the best is P2: 0.5 − 0.02 = 0.48."""
    problem = tiny_problem(
        {"A": 1.0},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.5},
    )
    return problem, landplan.solve(problem, OPTIONS, shadow_prices=False, greedy=False)


def test_importance_is_the_loss_without_the_assignment(two_parks):
    problem, optimum = two_parks
    assert optimum.objective == pytest.approx(0.88)
    table = replacement_importance(problem, optimum, OPTIONS)
    assert table[["cluster_id", "park_id"]].values.tolist() == [["A", "P1"]]
    assert table.loc[0, "objective_without"] == pytest.approx(0.48)
    assert table.loc[0, "loss"] == pytest.approx(0.40)


def test_a_locked_assignment_cannot_be_replaced(two_parks):
    problem, _ = two_parks
    locked = problem.add_locked_in_constraints([("A", "P1")])
    optimum = landplan.solve(locked, OPTIONS, shadow_prices=False, greedy=False)
    table = replacement_importance(locked, optimum, OPTIONS)
    assert table.loc[0, "barred_status"] == "infeasible" and table.loc[0, "loss"] is None


def test_alternatives_respect_the_share_and_the_difference(two_parks):
    problem, optimum = two_parks
    plans, table = near_optimal_alternatives(problem, optimum, k=2, share=0.5, min_difference=2)
    assert len(plans) == 1  # only P2 differs in 2 assignments and is within 50 %
    assert plans[0].objective == pytest.approx(0.48)
    assert table.loc[0, "differences_from_optimum"] == 2 and table.loc[0, "gained"] == "A@P2"
    none, _ = near_optimal_alternatives(problem, optimum, k=1, share=0.3, min_difference=2)
    assert none == []  # 0.48 is not within 30 % of 0.88


def test_a_site_kept_only_for_the_chain_bonus_is_named():
    """A and B (partners, bonus 0.5) need 1.0 each; P1 and P2 hold 2.0; A suits P1 (0.9 over
    0.8), B P2. Apart they earn 1.76; with a 0.2 site of one beside the other (the minimum, a
    fifth of its land) 2.22. That small site earns nothing itself: closed, its land moves to its
    cluster's other park (+0.02) and its presence cost is saved (+0.02)."""
    problem = tiny_problem(
        {"A": 1.0, "B": 1.0},
        [("P1", "starting", 2025, 2.0), ("P2", "starting", 2025, 2.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.8, ("B", "P1"): 0.8, ("B", "P2"): 0.9},
        links=[("A", "B", 1.0)],
        min_share=0.2,
    ).add_chain_bonus(0.5)
    plan = landplan.solve(problem, SolverOptions(gap=0.0), shadow_prices=False, greedy=False)
    assert plan.objective == pytest.approx(2.22)
    sites = site_values(problem, plan).set_index(["cluster_id", "park_id"])
    kept = sites[sites["bonus_only"]]
    assert len(kept) == 1 and kept["land_km2"].iloc[0] == pytest.approx(0.2)
    assert kept["own_value"].iloc[0] == pytest.approx(-0.04)
    assert sites.loc[~sites["bonus_only"], "own_value"].min() > 0
