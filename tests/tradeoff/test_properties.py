"""What holds of every trade-off: no point on a front is beaten by another, every point left out
is beaten or repeated by one on it, and every point's plan keeps its bounds and the rules."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny import tiny_problem

from landplan.solving.options import SolverOptions
from landplan.tradeoff.front import Point, Solving, dominance, epsilon_front
from landplan.tradeoff.objectives import objective
from landplan.tradeoff.point import PointSpec

KEYS = ("suitability", "balance", "chain")


def fake_points(rows: list[tuple[float, float, float]]) -> list[Point]:
    plan = SimpleNamespace(has_plan=True)
    return [
        Point(n, "epsilon", PointSpec(), plan, dict(zip(KEYS, row, strict=True)))  # type: ignore[arg-type]
        for n, row in enumerate(rows, start=1)
    ]


def at_least_as_good(q: Point, p: Point, objectives) -> bool:
    return all(o.sense * (q.values[o.key] - p.values[o.key]) >= 0 for o in objectives)


values = st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0])


@given(st.lists(st.tuples(values, values, values), min_size=1, max_size=12))
def test_the_front_is_exactly_the_points_no_other_beats(rows):
    problem = tiny_problem({"A": 1.0}, [("P1", "starting", 2025, 1.0)], {})
    objectives = [objective(k, problem) for k in KEYS]
    points = fake_points(rows)
    removed = dominance(points, objectives, {k: 0.0 for k in KEYS})
    kept = [p for p in points if p.number not in removed]
    assert kept  # the best on the first objective, earliest first, is never removed
    for p in kept:
        for q in kept:
            assert q is p or not at_least_as_good(q, p, objectives)
    for p in points:
        if p.number in removed:
            assert any(at_least_as_good(q, p, objectives) for q in kept)


scores = st.floats(min_value=0.0, max_value=1.0, allow_nan=False).map(lambda v: round(v, 2))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(scores, min_size=6, max_size=6), st.floats(0.5, 2.0).map(lambda v: round(v, 2)))
def test_every_point_keeps_its_bounds_and_the_capacities(suits, capacity):
    problem = tiny_problem(
        {"A": 1.0, "B": 1.0, "C": 0.5},
        [("P1", "starting", 2025, capacity), ("P2", "starting", 2025, capacity)],
        {
            (c, p): suits[i]
            for i, (c, p) in enumerate([(c, p) for c in ("A", "B", "C") for p in ("P1", "P2")])
        },
        districts={"P1": "X", "P2": "Y"},
    )
    chosen = [objective("suitability", problem), objective("balance", problem)]
    front = epsilon_front(
        problem, chosen, 4, Solving(SolverOptions(gap=0.0, threads=1, time_limit=30))
    )
    caps = problem.units.set_index(["park_id", "tier"])["capacity_km2"]
    for point in front.points:
        assert point.found
        used = point.solution.allocation.groupby(["park_id", "tier"])["land_km2"].sum()
        assert (used <= caps.reindex(used.index) + 1e-6).all()
        for bounded, bound in point.spec.bounds:
            assert bounded.sense * (point.values[bounded.key] - bound) >= -1e-6
    for p in front.kept:
        for q in front.kept:
            assert q is p or not at_least_as_good(q, p, chosen)
