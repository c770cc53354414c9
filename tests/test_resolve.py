"""Re-solving a model kept in HiGHS with new scores and demand gives what a fresh build gives."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import instances

import landplan
from landplan.resolve import Resolver
from landplan.solvers import SolverOptions, Status

OPTIONS = SolverOptions(time_limit=20)


def fresh(problem):
    return landplan.solve(problem, OPTIONS, shadow_prices=False, greedy=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.floats(0.5, 1.5), st.floats(0.5, 1.5), st.integers(0, 1_000))
def test_resolve_equals_a_fresh_solve(problem, score_factor, demand_factor, seed):
    if any(d.kind == "contradiction" for d in landplan.check_problem(problem)):
        return
    resolver = Resolver.build(problem, OPTIONS)
    scores = (problem.suitability * score_factor).clip(0, 1).round(3)
    demand = (problem.demand * demand_factor).round(3)
    first = resolver.solve(problem.suitability, problem.demand)  # unchanged, then changed
    again = resolver.solve(scores, demand)
    clusters = problem.clusters.copy()
    for h in problem.horizons:
        clusters[f"demand_{h}_km2"] = demand[h]
    changed = dataclasses.replace(problem, clusters=clusters, suitability=scores)
    for solution, reference in ((first, fresh(problem)), (again, fresh(changed))):
        assert solution.status == reference.status
        if reference.status == Status.OPTIMAL:
            assert solution.objective == pytest.approx(reference.objective, abs=1e-5)
            # The plan it returns is worth what it says, under the new numbers.
            assert sum(solution.objective_terms().values()) == pytest.approx(
                solution.objective, abs=1e-5
            )
