"""A plan without a proven bound, a greedy yardstick or district lists is still reported, and
looking around a run with no plan says why: no TypeError on the way (the paths mypy found)."""

from __future__ import annotations

import dataclasses

import pytest
from tiny import two_parks

import landplan
from landplan import console
from landplan.analysis.importance import near_optimal_alternatives, replacement_importance
from landplan.solving.result import Status, Stop
from landplan.solving.words import status_sentence


@pytest.fixture(scope="module")
def unbounded():
    """A solved plan whose bound is unknown (as when CBC prints none), with no greedy plan, in
    a problem where the policy names no district for any cluster."""
    problem = two_parks()
    problem = dataclasses.replace(problem, endorsed=problem.endorsed | True)
    solution = landplan.solve(problem, greedy=False, shadow_prices=False)
    result = dataclasses.replace(
        solution.result, status=Status.FEASIBLE, bound=None, gap=None, stopped_by=Stop.NODE_LIMIT
    )
    return dataclasses.replace(solution, result=result)


def test_a_plan_without_a_bound_claims_no_gap(unbounded):
    kpis = unbounded.kpis()
    assert kpis["bound"] is None and kpis["greedy_objective"] is None
    assert "no proven bound" in status_sentence(kpis)


def test_the_cli_prints_what_there_is(unbounded, capsys):
    console.print_solution(unbounded)
    printed = capsys.readouterr().out
    assert "no proven bound" in printed and "greedy plan: n/a" in printed
    assert "n/a of land in policy-endorsed districts" in printed  # no district lists


def test_tables_of_hand_made_problems_name_their_keys(unbounded):
    assert list(unbounded.park_table()["park_id"]) == ["P1", "P2"]
    assert list(unbounded.cluster_table()["cluster_id"]) == ["A", "B"]


def test_looking_around_no_plan_says_why():
    problem = (
        two_parks()
        .add_demand_constraints(strict=True)
        .add_locked_out_constraints([("A", "P1"), ("A", "P2")])
    )
    solution = landplan.solve(problem, shadow_prices=False)
    assert solution.objective is None
    with pytest.raises(landplan.LandplanError, match="no plan to look around"):
        replacement_importance(problem, solution)
    with pytest.raises(landplan.LandplanError, match="no plan to look around"):
        near_optimal_alternatives(problem, solution)
