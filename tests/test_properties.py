"""Invariants of every plan, on random small instances (hypothesis)."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tiny import tiny_problem

import landplan
from landplan.optimisation.solvers import SolverOptions, Status

land = st.floats(0.0, 2.0, allow_nan=False).map(lambda v: round(v, 2))


@st.composite
def instances(draw, most_clusters=3, most_parks=3):
    n_clusters = draw(st.integers(2, most_clusters))
    n_parks = draw(st.integers(2, most_parks))
    clusters = [f"C{i}" for i in range(n_clusters)]
    parks = [f"P{j}" for j in range(n_parks)]
    demand = {}
    for c in clusters:
        first, extra = draw(land), draw(land)
        demand[c] = (first, round(first + extra, 2))
    units = []
    for p in parks:
        units.append((p, "starting", 2025, draw(land)))
        if draw(st.booleans()):
            units.append((p, "expansion", 2030, draw(land)))
    scores = {(c, p): draw(st.floats(0, 1)) for c in clusters for p in parks}
    footprints = {c: draw(st.sampled_from([0.0, 0.2, 0.5])) for c in clusters}
    pairs = [(c, p) for c in clusters for p in parks]
    locked = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True))
    excluded = draw(
        st.lists(st.sampled_from([q for q in pairs if q not in locked]), max_size=2, unique=True)
    )
    problem = (
        tiny_problem(
            demand,
            units,
            scores,
            footprints=footprints,
            horizons=(2025, 2030),
            links=[(clusters[0], clusters[1], 1.0)],
            min_share=draw(st.sampled_from([0.0, 0.2])),
        )
        .add_focus_constraints(draw(st.integers(1, 3)))
        .add_concentration_constraints(draw(st.integers(1, 3)))
        .add_locked_in_constraints(locked)
        .add_locked_out_constraints(excluded)
    )
    return problem


def plan(problem, solver, gap=0.0, heuristic=True):
    options = SolverOptions(solver=solver, gap_rel=gap, time_limit=20, heuristic=heuristic)
    try:
        return landplan.solve(problem, options, shadow_prices=False, greedy=False)
    except landplan.ProblemError:  # e.g. more locks in a park than its cap: refused up front
        return None


SOLVERS = ["highs", "cbc"] + (["scip"] if importlib.util.find_spec("pyscipopt") else [])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_plans_keep_every_rule_and_the_solvers_agree(problem):
    """Proven optima, with each solver alone and with the heuristic first, agree and keep every
    rule."""
    plans = [plan(problem, "highs", heuristic=False)]
    plans += [plan(problem, solver) for solver in SOLVERS]
    reference = plans[0]
    event(f"status: {reference.status if reference else 'refused'}")
    if reference is None:
        assert all(p is None for p in plans)
        return
    assert {p.status for p in plans} == {reference.status}
    if reference.status == Status.INFEASIBLE:
        assert all(p.diagnostics for p in plans)  # never a bare "infeasible"
        return
    assert reference.status == Status.OPTIMAL
    for solution in plans:
        assert solution.objective == pytest.approx(reference.objective, abs=1e-5)  # tolerances
        check_invariants(problem, solution)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    instances(most_clusters=6, most_parks=5),
    st.sampled_from([0.005, 0.05, 0.3]),
    st.sampled_from([(s, h) for s in SOLVERS for h in (True, False)]),
)
def test_a_stated_gap_is_never_below_the_truth(problem, gap, how):
    """Stopped on a gap (the heuristic's plan or a solver's, against the LP bound or a solver's
    bound, CBC's rounded in its log): the plan keeps every rule, the bound is not below the
    proven optimum, and the true gap is at most the stated one."""
    solver, heuristic = how
    quick, exact = plan(problem, solver, gap, heuristic), plan(problem, "highs")
    if exact is None or exact.status != Status.OPTIMAL:
        return
    assert quick.has_plan
    event(f"{solver}, stopped by {quick.stopped_by}, gap {'0' if quick.gap == 0 else '> 0'}")
    check_invariants(problem, quick)
    assert quick.bound >= exact.objective - 1e-6
    assert quick.gap <= gap + 1e-9
    truth = (exact.objective - quick.objective) / max(abs(quick.objective), 1e-9)
    assert truth <= quick.gap + 1e-6


def check_invariants(problem, solution):
    allocation = solution.allocation
    used = allocation.groupby(["park_id", "tier"])["land_km2"].sum()
    capacity = problem.units.set_index(["park_id", "tier"])["capacity_km2"]
    assert (used <= capacity.reindex(used.index) + 1e-6).all()
    by_park = allocation.groupby(["cluster_id", "park_id"])["land_km2"].sum()
    present = set(by_park.index[by_park > 1e-6])
    locks = problem.family(landplan.optimisation.problem.LockConstraints)
    assert set(locks.locked_in) <= present
    assert not set(locks.locked_out) & present
    for (cluster, _), value in by_park[by_park > 1e-6].items():
        assert value >= problem.footprints[cluster] - 1e-6
    focus = problem.family(landplan.optimisation.problem.FocusConstraints).max_clusters
    concentration = problem.family(landplan.optimisation.problem.ConcentrationConstraints).max_parks
    assert (
        max((sum(1 for c, p in present if p == q) for q in problem.parks.index), default=0) <= focus
    )
    assert (
        max((sum(1 for c, p in present if c == k) for k in problem.clusters.index), default=0)
        <= concentration
    )
    shortfall = solution.shortfall().set_index(["cluster_id", "horizon"])
    for (cluster, horizon), row in shortfall.iterrows():
        assert row["shortfall_km2"] == pytest.approx(max(0.0, row["demand_km2"] - row["land_km2"]))
        if horizon == 2030:  # horizons are nested: land by 2030 includes land by 2025
            assert row["land_km2"] >= shortfall.loc[(cluster, 2025), "land_km2"] - 1e-9
    assert sum(solution.objective_terms().values()) == pytest.approx(solution.objective, abs=1e-5)
