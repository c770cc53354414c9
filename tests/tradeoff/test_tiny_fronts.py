"""Trade-offs on instances small enough to work out by hand, solved to gap 0 with each solver.

``two_districts`` (tests/tiny.py): industries A and B (1 km² each) and parks P1 (district X) and P2 (Y), 2 km²
each. A suits P1 0.9 and P2 0.5, B 0.8 and 0.6. The policy names no district, so each district's
share of the land is ½. All land in P1 scores 1.7 and is 2 km² away from the shares (1 too many
in X, 1 too few in Y). Moving ``t ≤ 1`` km² of B (the cheaper to move: 0.2 a km², A 0.4) to P2
scores ``1.7 − 0.2 t`` and is ``2 − 2 t`` away: the front is the straight line
``suitability = 1.5 + 0.1 · balance``, from (1.5, 0) to (1.7, 2); one km² of balance costs 0.1 km²
of suitability.
"""

from __future__ import annotations

import pytest
from tiny import tiny_problem, two_districts

from landplan.solving.options import SolverOptions
from landplan.solving.result import Status
from landplan.tradeoff.front import (
    Solving,
    epsilon_front,
    hierarchical,
    reference_point,
    weight_sweep,
)
from landplan.tradeoff.objectives import objective
from landplan.tradeoff.point import PointSpec, measures, solve_point

SOLVERS = ["highs", "scip"]


def exact(solver):
    return Solving(SolverOptions(name=solver, gap=0.0, time_limit=30, threads=1))


def values(front):
    return [tuple(round(v, 6) for v in p.values.values()) for p in front.kept]


@pytest.mark.parametrize("solver", SOLVERS)
def test_the_ends_and_a_level_between(solver):
    """Three points: the ends and the level balance ≤ 1 (t = ½: suitability 1.6)."""
    problem = two_districts()
    suitability, balance = objective("suitability", problem), objective("balance", problem)
    front = epsilon_front(problem, [suitability, balance], 3, exact(solver))
    assert values(front) == [(1.5, 0.0), (1.6, 1.0), (1.7, 2.0)]
    assert all(p.solution.status == Status.OPTIMAL for p in front.points)
    assert front.certified == 3 and not front.dominated_by
    assert front.knee is None  # a straight front has no knee
    rates = front.rates()
    assert [r["rate"] for r in rates] == pytest.approx([10.0, 10.0])  # km² balance per km²
    assert all(r["measurable"] for r in rates)


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_bound_holds_and_the_primary_is_best_under_it(solver):
    problem = two_districts()
    suitability, balance = objective("suitability", problem), objective("balance", problem)
    solution = solve_point(
        problem, PointSpec(suitability, ((balance, 0.5),)), exact(solver).options
    )
    found = measures(problem, [suitability, balance], solution.allocation)
    assert found["balance"] <= 0.5 + 1e-9
    assert found["suitability"] == pytest.approx(1.55)  # 1.5 + 0.1 · 0.5


@pytest.mark.parametrize("solver", SOLVERS)
def test_lexicographic_with_a_tolerance(solver):
    """Suitability first (1.7), then balance with 5 % of it given up: suitability ≥ 1.615, so
    balance ≥ (1.615 − 1.5) / 0.1 = 1.15."""
    problem = two_districts()
    chosen = [objective("suitability", problem), objective("balance", problem)]
    front = hierarchical(problem, chosen, [0.05], exact(solver))
    last = front.points[-1].values
    assert front.points[0].values["suitability"] == pytest.approx(1.7)
    assert last["suitability"] == pytest.approx(1.615)
    assert last["balance"] == pytest.approx(1.15)


@pytest.mark.parametrize("solver", SOLVERS)
def test_the_reference_point_is_met_evenly(solver):
    """Aiming at suitability 1.65 and balance 0.5 (both scales 2 km²): the plan on the front
    where both fall short by the same share, 0.15 − 0.1 b = b − 0.5: b = 0.65 / 1.1."""
    problem = two_districts()
    suitability, balance = objective("suitability", problem), objective("balance", problem)
    front = reference_point(problem, [(suitability, 1.65), (balance, 0.5)], exact(solver))
    (point,) = [p for p in front.points if p.role == "reference"]
    assert point.values["balance"] == pytest.approx(0.65 / 1.1, abs=1e-6)
    assert point.values["suitability"] == pytest.approx(1.5 + 0.065 / 1.1, abs=1e-6)


@pytest.mark.parametrize("solver", SOLVERS)
def test_demand_met_by_a_horizon(solver):
    """A needs 1 km² by 2025 and 2 by 2030; P1 releases 1 km² in 2025 (suits 0.5), P2 2 km² in
    2030 (0.9). ``t`` km² in P1: suitability 1.8 − 0.4 t, demand met by 2025 t. At the level ½:
    1.6."""
    problem = tiny_problem(
        {"A": (1.0, 2.0)},
        [("P1", "starting", 2025, 1.0), ("P2", "expansion", 2030, 2.0)],
        {("A", "P1"): 0.5, ("A", "P2"): 0.9},
        horizons=(2025, 2030),
    )
    suitability, met = objective("suitability", problem), objective("demand_2025", problem)
    front = epsilon_front(problem, [suitability, met], 3, exact(solver))
    assert values(front) == [(1.4, 1.0), (1.6, 0.5), (1.8, 0.0)]


def test_no_trade_off_is_one_point():
    """When one plan is best on both (here both industries suit P1 best and there is room), the
    ends coincide and the front is that one point; every other point repeats it."""
    problem = tiny_problem(
        {"A": 1.0, "B": 1.0},
        [("P1", "starting", 2025, 2.0), ("P2", "starting", 2025, 2.0)],
        {("A", "P1"): 0.9, ("B", "P1"): 0.8, ("A", "P2"): 0.1, ("B", "P2"): 0.1},
        links=[("A", "B", 1.0)],
    )
    chosen = [objective("suitability", problem), objective("chain", problem)]
    front = epsilon_front(problem, chosen, 4, exact("highs"))
    assert values(front) == [(1.7, 1.0)]
    assert len(front.dominated_by) == 3


def test_a_weight_sweep_finds_the_ends_of_a_straight_front():
    """Every weight but the one parallel to the line picks an end: a sweep of five weights finds
    no point inside the front, where the ε-constraint finds one at every level."""
    problem = two_districts()
    chosen = [objective("suitability", problem), objective("balance", problem)]
    swept = weight_sweep(problem, chosen, 5, exact("highs"))
    assert set(values(swept)) <= {(1.5, 0.0), (1.7, 2.0)}
    assert len(values(epsilon_front(problem, chosen, 5, exact("highs")))) == 5


def test_sites_count_industries_in_parks():
    problem = two_districts()
    sites = objective("sites", problem)
    solution = solve_point(
        problem, PointSpec(objective("suitability", problem)), exact("highs").options
    )
    assert sites.measure(problem, solution.allocation) == 2  # A and B both in P1
    assert sites.scale(problem) == 4  # each may use both parks
