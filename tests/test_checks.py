"""Checks before solving, and honest reporting of what the solver did."""

from __future__ import annotations

import pytest
from tiny import tiny_problem

import landplan
from landplan.optimisation.solvers import SolverError, SolverOptions, Status, Stop


def base():
    return tiny_problem(
        {"A": 1.0, "B": 0.5},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("B", "P2"): 0.5},
        footprints={"A": 0.5, "B": 0.2},
        endorsed={("A", "P2"): False},
    )


def messages(problem):
    return [d.message for d in landplan.check_problem(problem)]


def test_a_clean_problem_has_no_findings():
    assert messages(base()) == []


def test_lock_contradicting_an_exclusion_is_refused_before_solving():
    problem = (
        base().add_locked_in_constraints([("A", "P1")]).add_locked_out_constraints([("A", "P1")])
    )
    with pytest.raises(
        landplan.ProblemError, match=r"A \(A\) is both locked into and excluded from park P1"
    ):
        landplan.solve(problem)


def test_lock_contradicting_strict_endorsement():
    problem = base().add_endorsement_constraints().add_locked_in_constraints([("A", "P2")])
    with pytest.raises(landplan.ProblemError, match="strict policy mode does not allow it there"):
        landplan.solve(problem)


def test_too_many_locks_for_the_caps():
    problem = base().add_focus_constraints(1).add_locked_in_constraints([("A", "P1"), ("B", "P1")])
    assert any("2 clusters locked in but at most 1" in m for m in messages(problem))


def test_strict_demand_beyond_the_allowed_land_is_infeasible_and_named():
    problem = (
        base()
        .add_endorsement_constraints()
        .add_demand_constraints(strict=True)
        .add_concentration_constraints(1)
    )
    problem = problem.add_locked_out_constraints([("B", "P1"), ("B", "P2")])
    solution = landplan.solve(problem)
    assert solution.status == Status.INFEASIBLE
    assert solution.objective is None
    assert any(
        d.clusters == ("B",) and "needs 0.50 km² by 2025" in d.message for d in solution.diagnostics
    )


def test_solver_infeasibility_is_explained_by_name():
    """Each park holds 1 km², so only one 0.6 km² footprint: three clusters that must each get
    0.6 km² do not fit in two parks, and the explanation names the one left out."""
    problem = tiny_problem(
        {"A": 0.6, "B": 0.6, "C": 0.6},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("B", "P2"): 0.5, ("C", "P1"): 0.4},
        footprints={"A": 0.6, "B": 0.6, "C": 0.6},
    ).add_demand_constraints(strict=True)
    solution = landplan.solve(problem)
    assert solution.status == Status.INFEASIBLE
    named = [d for d in solution.diagnostics if d.kind == "infeasible"]
    assert len(named) == 1 and "can get at most 0.00 of its 0.60 km² by 2025" in named[0].message


def test_unavoidable_shortfall_is_a_warning_with_soft_demand():
    problem = base().add_locked_out_constraints([("B", "P1"), ("B", "P2")])
    found = landplan.check_problem(problem)
    assert [d.level for d in found] == ["warning", "warning"]
    assert landplan.solve(problem).status == Status.OPTIMAL


def test_badly_scaled_numbers_are_flagged():
    problem = tiny_problem({"A": 50_000.0}, [("P1", "starting", 2025, 80_000.0)], {("A", "P1"): 1})
    assert any("check the units" in m for m in messages(problem))
    assert any(
        "shortfall penalty" in m for m in messages(problem.add_demand_constraints(penalty=0.5))
    )


def test_time_limited_run_is_never_called_optimal():
    """Asked for a proof with a time limit far too short for one: a plan, honestly labelled."""
    parks, catalog = landplan.load_parks(), landplan.load_catalog()
    suitability = landplan.score_suitability(parks, catalog, landplan.load_infrastructure())
    problem = landplan.Problem.from_layers(parks, catalog, suitability)
    options = SolverOptions(gap_rel=0.0, time_limit=1.5)
    solution = landplan.solve(problem, options, shadow_prices=False, greedy=False)
    assert solution.status in (Status.FEASIBLE, Status.NO_SOLUTION)
    if solution.status == Status.FEASIBLE:
        assert solution.gap > 0 and solution.bound > solution.objective
        assert solution.stopped_by == Stop.TIME_LIMIT
        assert "time limit" in solution.reason


def test_solver_options_are_checked():
    with pytest.raises(SolverError, match="unknown solver 'gurobi'"):
        SolverOptions(solver="gurobi")
    with pytest.raises(SolverError, match="time limit"):
        SolverOptions(time_limit=0)


def test_highs_refuses_to_switch_threads_in_one_process():
    # Earlier tests in this process already ran HiGHS with one thread.
    landplan.solve(base(), SolverOptions(threads=1), shadow_prices=False, greedy=False)
    with pytest.raises(SolverError, match="cannot switch to 2"):
        landplan.solve(base(), SolverOptions(threads=2), shadow_prices=False, greedy=False)


def test_no_plan_means_no_plan_figures():
    problem = tiny_problem(
        {"A": 1.0}, [("P1", "starting", 2025, 0.5)], {("A", "P1"): 1.0}, footprints={"A": 0.6}
    )
    solution = landplan.solve(problem.add_demand_constraints(strict=True))
    assert solution.status == Status.INFEASIBLE
    assert set(solution.kpis()) == {
        "status",
        "stopped_by",
        "reason",
        "objective",
        "bound",
        "gap",
        "solver",
        "runtime_s",
        "greedy_objective",
    }


def test_locks_that_cannot_hold_together_are_named():
    """A asks 0.5 km² with a 0.3 footprint but is locked into two parks: 0.6 > 0.5."""
    problem = tiny_problem(
        {"A": 0.5},
        [("P1", "starting", 2025, 1.0), ("P2", "starting", 2025, 1.0)],
        {("A", "P1"): 0.9, ("A", "P2"): 0.5},
        footprints={"A": 0.3},
    ).add_locked_in_constraints([("A", "P1"), ("A", "P2")])
    solution = landplan.solve(problem)
    assert solution.status == Status.INFEASIBLE
    assert any(
        "locks cannot all hold" in d.message and "A in P1" in d.message
        for d in solution.diagnostics
    )
