"""The certificate's scale: every allocation gap is measured against the problem's score at
stake, never against a plan's score, which the shortfall penalty pulls through zero."""

from __future__ import annotations

import pytest
from tiny import tiny_problem

import landplan
from landplan.solving.certify import certify
from landplan.solving.options import SolverOptions
from landplan.solving.result import Stop


def penalised():
    """A (demand 1.05) and one park of 1 km² at suitability 0.5, shortfall 10 a km²: the best
    plan places 1 km² and scores 0.5 − 10 · 0.05 = 0, what is at stake is 1 km² at suitability
    1 (1 point)."""
    return tiny_problem(
        {"A": 1.05},
        [("P1", "starting", 2025, 1.0)],
        {("A", "P1"): 0.5},
        presence_cost=0.0,
        chain_bonus=0.0,
    )


def test_the_score_at_stake_is_the_most_any_plan_could_earn():
    problem = penalised()
    assert problem.score_at_stake == pytest.approx(1.0)
    nothing = problem.add_suitability_objective(0.0)
    assert nothing.score_at_stake is None  # nothing to earn: the plan's own score


@pytest.mark.parametrize("solver", ["highs", "scip"])
def test_a_plan_scoring_zero_is_certified_against_the_stake(solver):
    options = SolverOptions(name=solver, gap=0.005, heuristic=False)
    solution = landplan.solve(penalised(), options, shadow_prices=False, greedy=False)
    assert solution.objective == pytest.approx(0.0, abs=1e-6)
    assert solution.result.scale == pytest.approx(1.0)
    assert solution.gap == pytest.approx(solution.bound - solution.objective, abs=1e-9)
    assert solution.kpis()["gap_scale"] == pytest.approx(1.0)


def test_a_gap_near_zero_is_within_half_a_percent_of_the_stake_not_of_the_score():
    options = SolverOptions(gap=0.005)
    near_zero = dict(sense="max", options=options, short=Stop.NODE_LIMIT, began=0.0)
    sources = ("a heuristic", "a relaxation")
    # 0.005 points short of the bound: 11 % of the score, 0.009 % of 57.6 points at stake
    of_stake = certify(-0.045, -0.040, sources=sources, scale=57.6, **near_zero)
    assert of_stake.stopped_by == Stop.GAP
    assert of_stake.gap == pytest.approx(0.005 / 57.6)
    assert "0.005 points of the bound" in of_stake.reason
    of_score = certify(-0.045, -0.040, sources=sources, **near_zero)
    assert of_score.stopped_by == Stop.NODE_LIMIT
    assert of_score.gap == pytest.approx(0.005 / 0.045)
