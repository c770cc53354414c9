"""Tiny instances whose optimum is worked out by hand, solved to gap 0 with each solver.

Each docstring gives the reasoning; the expected objective follows from it.
"""

from __future__ import annotations

import pytest
from tiny import tiny_problem

import landplan
from landplan.solving.options import SolverOptions
from landplan.solving.result import Status

SOLVERS = ["highs", "scip"]


def solve(problem, solver):
    solution = landplan.solve(problem, SolverOptions(name=solver, gap=0.0, time_limit=30))
    assert solution.status == Status.OPTIMAL, solution.reason
    assert solution.gap == pytest.approx(0.0, abs=1e-9)
    # The objective the solver reports is the one the plan earns when scored independently.
    assert sum(solution.objective_terms().values()) == pytest.approx(solution.objective, abs=1e-6)
    return solution


def land(solution, cluster, park):
    a = solution.allocation
    return a.loc[(a["cluster_id"] == cluster) & (a["park_id"] == park), "land_km2"].sum()


def two_by_two(**kwargs):
    return tiny_problem(
        {"A": 1.0, "B": 1.0},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.5, ("B", "P1"): 0.8, ("B", "P2"): 0.6},
        **kwargs,
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_assignment_follows_the_sum_not_the_greedy_order(solver):
    """A→P1, B→P2 earns 0.9 + 0.6 = 1.5 (the swap earns 1.3); two presences cost 0.04."""
    problem = two_by_two().remove("chain_bonus").remove("chain")
    solution = solve(problem, solver)
    assert solution.objective == pytest.approx(1.5 - 2 * 0.02)
    assert land(solution, "A", "P1") == pytest.approx(1.0)
    assert land(solution, "B", "P2") == pytest.approx(1.0)


@pytest.mark.parametrize("solver", SOLVERS)
def test_footprint_makes_a_cluster_give_way(solver):
    """One park of 1 km², A and B each ask 0.7 with a 0.5 footprint, A suits better (0.9 vs
    0.8). Both present: 0.5 + 0.5 of land, 0.4 short → 0.9·0.5 + 0.8·0.5 − 10·0.4 − 0.04 = −3.19.
    A alone: 0.7 land, B short 0.7 (no room for a second footprint? 0.3 < 0.5) →
    0.63 − 7 − 0.02 = −6.39. A 0.5, B 0.5 wins: −3.19."""
    problem = (
        tiny_problem(
            {"A": 0.7, "B": 0.7},
            [("P1", "starting", 2025, 1.0)],
            {("A", "P1"): 0.9, ("B", "P1"): 0.8},
            footprints={"A": 0.5, "B": 0.5},
        )
        .remove("chain_bonus")
        .remove("chain")
    )
    solution = solve(problem, solver)
    assert solution.objective == pytest.approx(0.9 * 0.5 + 0.8 * 0.5 - 10 * 0.4 - 0.04)
    assert land(solution, "A", "P1") == pytest.approx(0.5)


@pytest.mark.parametrize("solver", SOLVERS)
def test_focus_cap_keeps_one_cluster_per_park(solver):
    """Both prefer P1, but with one cluster per park A takes P1 (0.9) and B P2 (0.6): 1.46."""
    problem = (
        tiny_problem(
            {"A": 0.5, "B": 0.5},
            [("P1", "starting", 2025, 2.0), ("P2", "starting", 2025, 2.0)],
            {("A", "P1"): 0.9, ("A", "P2"): 0.5, ("B", "P1"): 0.8, ("B", "P2"): 0.6},
        )
        .remove("chain_bonus")
        .remove("chain")
        .add_focus_constraints(1)
    )
    solution = solve(problem, solver)
    assert solution.objective == pytest.approx(0.5 * 0.9 + 0.5 * 0.6 - 0.04)
    assert land(solution, "B", "P2") == pytest.approx(0.5)


@pytest.mark.parametrize("solver", SOLVERS)
def test_chain_bonus_pulls_partners_together(solver):
    """A and B are chain partners (strength 1, bonus 0.5); their footprints equal their demand,
    so each sits in one park. Apart: A in P1 (0.9), B in P2 (0.8): 0.45 + 0.4 = 0.85. Together
    in P1: 0.45 + 0.35 + 0.5 = 1.3 beats it."""
    problem = tiny_problem(
        {"A": 0.5, "B": 0.5},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.1, ("B", "P1"): 0.7, ("B", "P2"): 0.8},
        footprints={"A": 0.5, "B": 0.5},
        links=[("A", "B", 1.0)],
    ).add_chain_bonus(0.5)
    solution = solve(problem, solver)
    assert solution.objective == pytest.approx(0.45 + 0.35 + 0.5 - 0.04)
    assert solution.kpis()["chain_links_co_located"] == 1
    assert land(solution, "B", "P1") == pytest.approx(0.5)


@pytest.mark.parametrize("solver", SOLVERS)
def test_land_released_later_cannot_serve_earlier_demand(solver):
    """A needs 1 by 2025 and 1 by 2030; P1's starting tier (0.6, 2025) and expansion tier
    (0.4, 2030). By 2025 A has 0.6 (short 0.4); by 2030 it has 1.0. Objective: 0.5·1.0 − 10·0.4
    − 0.02 = −3.52."""
    problem = tiny_problem(
        {"A": (1.0, 1.0)},
        [("P1", "starting", 2025, 0.6), ("P1", "expansion", 2030, 0.4)],
        {("A", "P1"): 0.5},
        horizons=(2025, 2030),
    )
    solution = solve(problem, solver)
    assert solution.objective == pytest.approx(0.5 - 4.0 - 0.02)
    short = solution.shortfall().set_index("horizon")["shortfall_km2"]
    assert short[2025] == pytest.approx(0.4) and short[2030] == pytest.approx(0.0)


@pytest.mark.parametrize("solver", SOLVERS)
def test_lock_forces_a_worse_park(solver):
    """Locking A into P2 forces A there (0.5); B then takes P1 (0.8): 1.3 − 0.04."""
    problem = (
        two_by_two()
        .remove("chain_bonus")
        .remove("chain")
        .add_locked_in_constraints([("A", "P2")])
        .add_concentration_constraints(1)
    )
    solution = solve(problem, solver)
    assert solution.objective == pytest.approx(1.3 - 0.04)
    assert land(solution, "A", "P2") == pytest.approx(1.0)


@pytest.mark.parametrize("solver", SOLVERS)
def test_shadow_price_of_a_full_park(solver):
    """A asks 2 but P1 holds 1: one more km² there is worth 0.9 of suitability plus 10 of
    avoided shortfall = 10.9."""
    problem = tiny_problem({"A": 2.0}, [("P1", "starting", 2025, 1.0)], {("A", "P1"): 0.9})
    solution = solve(problem, solver)
    prices = solution.shadow_prices.set_index("park_id")
    assert prices.loc["P1", "binding"]
    assert prices.loc["P1", "shadow_price"] == pytest.approx(10.9)


@pytest.mark.parametrize("solver", SOLVERS)
def test_minimum_site_share_keeps_sites_substantial(solver):
    """A needs 1.0; P1 (0.9) holds 0.7, P2 (0.5) holds 1.0. Without a minimum site A takes 0.7
    in P1 and 0.3 in P2: 0.63 + 0.15 − 0.04 = 0.74. With sites of at least 40 % of its land
    the 0.3 site is too small: 0.6 in P1 and 0.4 in P2, 0.54 + 0.2 − 0.04 = 0.70."""
    problem = tiny_problem(
        {"A": 1.0},
        [("P1", "starting", 2025, 0.7), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.5},
    )
    assert solve(problem, solver).objective == pytest.approx(0.74)
    solution = solve(problem.add_presence_constraints(min_share=0.4), solver)
    assert solution.objective == pytest.approx(0.70)
    assert land(solution, "A", "P1") == pytest.approx(0.6)
    assert land(solution, "A", "P2") == pytest.approx(0.4)


@pytest.mark.parametrize("solver", SOLVERS)
def test_chain_bonus_counts_a_link_once_or_per_shared_park(solver):
    """A and B (partners, bonus 0.5) each need 1.0; P1 and P2 hold 1.0 each; A suits P1 (0.9)
    over P2 (0.8), B the reverse; sites hold at least 20 % of a cluster's land. Apart: 1.8 − 0.04.
    Sharing both parks (A 0.8 in P1 and 0.2 in P2, B the mirror): 1.76 − 0.08, plus the bonus:
    once, 0.5 → 2.18; per shared park, 1.0 → 2.68."""
    problem = tiny_problem(
        {"A": 1.0, "B": 1.0},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.8, ("B", "P1"): 0.8, ("B", "P2"): 0.9},
        links=[("A", "B", 1.0)],
        min_share=0.2,
    )
    once = solve(problem.add_chain_bonus(0.5), solver)
    assert once.objective == pytest.approx(2.18)
    assert once.objective_terms()["chain_bonus"] == pytest.approx(0.5)
    per_park = solve(problem.add_chain_bonus(0.5, per="park"), solver)
    assert per_park.objective == pytest.approx(2.68)
    assert land(per_park, "A", "P1") == pytest.approx(0.8)
