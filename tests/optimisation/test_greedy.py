"""The greedy yardstick keeps the rules it claims to: locks first, district locks included."""

from __future__ import annotations

from tiny import tiny_problem

import landplan


def test_greedy_plan_honours_locks_to_a_district():
    problem = tiny_problem(
        {"A": 1.0},
        [
            ("P1", "starting", 2025, 1.0),
            ("P2", "starting", 2025, 1.0),
            ("P3", "starting", 2025, 1.0),
        ],
        {("A", "P1"): 0.9, ("A", "P2"): 0.3, ("A", "P3"): 0.5},
    ).add_locked_in_any_constraints("A", ["P2", "P3"])
    plan = landplan.greedy_allocation(problem)
    assert set(plan["park_id"]) == {"P3"}  # the better park of the locked group, not P1
