"""Locks and exclusions, and the contradictions they can hold."""

from __future__ import annotations

import pulp
import pytest
from tiny import messages, tiny_problem, two_parks

import landplan
from landplan.optimisation.model import compile_problem
from landplan.solving.result import Status


def coefficients(row: pulp.LpConstraint) -> dict[str, float]:
    return {var.name: coef for var, coef in row.items()}


def test_locks_and_exclusions(problem):
    model = compile_problem(
        problem.add_locked_in_constraints([("B", "P1")]).add_locked_out_constraints([("A", "P1")])
    )
    assert model.rows["locked_in"]["B", "P1"].sense == pulp.LpConstraintEQ
    assert -model.rows["locked_in"]["B", "P1"].constant == 1
    assert -model.rows["locked_out"]["A", "P1"].constant == 0


def test_lock_contradicting_an_exclusion_is_refused_before_solving():
    problem = (
        two_parks()
        .add_locked_in_constraints([("A", "P1")])
        .add_locked_out_constraints([("A", "P1")])
    )
    with pytest.raises(
        landplan.ProblemError, match=r"A \(A\) is both locked into and excluded from park P1"
    ):
        landplan.solve(problem)


def test_lock_contradicting_strict_endorsement():
    problem = two_parks().add_endorsement_constraints().add_locked_in_constraints([("A", "P2")])
    with pytest.raises(landplan.ProblemError, match="strict policy mode does not allow it there"):
        landplan.solve(problem)


def test_too_many_locks_for_the_caps():
    problem = (
        two_parks().add_focus_constraints(1).add_locked_in_constraints([("A", "P1"), ("B", "P1")])
    )
    assert any("2 clusters locked in but at most 1" in m for m in messages(problem))


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
        "locks cannot all hold" in d.message and "A → P1" in d.message for d in solution.diagnostics
    )
