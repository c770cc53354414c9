"""Re-solving one compiled model with new scores and demand gives what a fresh compile gives:
the same arrays, so the same plan, never a worse one."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import instances

import landplan
from landplan.analysis.sweep import SweepSpec, draw_sample, scores_for
from landplan.optimisation.model import compile_problem
from landplan.optimisation.resolve import Resolver
from landplan.solving.matrix import MatrixForm
from landplan.solving.options import SolverOptions

OPTIONS = SolverOptions(gap=0.0, time_limit=20)
ARRAYS = ("objective", "lower", "upper", "row_lower", "row_upper", "start", "index", "value")


def assert_same_arrays(form: MatrixForm, fresh: MatrixForm) -> None:
    assert form.names == fresh.names and form.row_names == fresh.row_names
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(form, name), getattr(fresh, name), err_msg=name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.floats(0.5, 1.5), st.floats(0.5, 1.5))
def test_resolve_equals_a_fresh_compile(problem, score_factor, demand_factor):
    if any(d.kind == "contradiction" for d in landplan.check_problem(problem)):
        return
    resolver = Resolver.build(problem, OPTIONS)
    scores = (problem.suitability * score_factor).clip(0, 1).round(3)
    demand = (problem.demand * demand_factor).round(3)
    changed = resolver.changed(scores, demand)
    assert_same_arrays(resolver.form_for(changed), MatrixForm.from_model(compile_problem(changed)))
    again = resolver.solve(scores, demand)
    fresh = landplan.solve(changed, OPTIONS, shadow_prices=False, greedy=False)
    assert again.status == fresh.status
    if fresh.has_plan:
        assert again.objective == fresh.objective  # the same arrays give the same plan
        # The plan it returns is worth what it says, under the new numbers.
        assert sum(again.objective_terms().values()) == pytest.approx(again.objective, abs=1e-6)


@pytest.fixture(scope="module")
def baseline():
    return landplan.assemble(landplan.load_scenario("baseline"))


def test_baseline_samples_reused_are_never_worse_than_fresh(baseline):
    """The six samples of `landplan sweep baseline --samples 6 --seed 7`: the kept model gives
    each the plan a fresh compile and solve gives."""
    spec = SweepSpec(samples=6, seed=7)
    options = SolverOptions(gap=spec.gap)
    resolver = Resolver.build(baseline.problem, options)
    for index in range(spec.samples):
        weights, demand = draw_sample(baseline, spec, index)
        scores = scores_for(baseline, weights)
        reused = resolver.solve(scores, demand)
        changed = resolver.changed(scores, demand)
        fresh = landplan.solve(changed, options, shadow_prices=False, greedy=False)
        assert reused.objective >= fresh.objective - 1e-9
        assert reused.gap <= spec.gap and fresh.gap <= spec.gap
        assert reused.allocation.equals(fresh.allocation), f"sample {index}: plans differ"


def test_a_barred_pair_is_barred_for_one_solve_only(baseline):
    resolver = Resolver.build(baseline.problem)
    plan = resolver.solve()
    pair = tuple(plan.allocation.iloc[0][["cluster_id", "park_id"]])
    barred = resolver.solve(barred=(pair,))
    assert pair not in set(map(tuple, barred.allocation[["cluster_id", "park_id"]].values))
    assert resolver.solve().allocation.equals(plan.allocation)
