"""Annealing: from a poor layout to the best one of a tiny park; on random small parks
(hypothesis) every layout it returns keeps the plan, keeps whole what must be whole, is never
worse than where it started and is the same every time."""

from __future__ import annotations

import numpy as np
import pytest
from grids import best_value, grid_graph, problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.layout import anneal as annealing
from landplan.layout.anneal import Annealer, anneal
from landplan.layout.heuristic import greedy_layout
from landplan.layout.problem import EMPTY, blocks_of, evaluate, layout_faults

#: A 3 × 4 park, A on 4 parcels and B on 4, chain partners: the best layout is two 2 × 2 squares
#: side by side (8 + 8 − 2 = 14 km, brute force says so).
PARK = problem(
    grid_graph(3, 4), {"A": {"starting": 4.0}, "B": {"starting": 4.0}}, links=[("A", "B", 1.0)]
)
#: The two industries as strips along two sides of the park, apart: 10 + 10 = 20 km.
STRIPS = np.array([0, 0, 0, 0, -1, -1, -1, -1, 1, 1, 1, 1])


def test_from_strips_to_the_best_layout():
    assert best_value(PARK) == pytest.approx(14.0)
    assert evaluate(PARK, STRIPS).objective == pytest.approx(20.0)
    found = anneal(PARK, STRIPS)
    assert evaluate(PARK, found).objective == pytest.approx(14.0)
    assert not layout_faults(PARK, found)


def test_no_run_once_the_layout_is_good_enough(monkeypatch):
    runs = []
    monkeypatch.setattr(Annealer, "run", lambda self, proposals, seed: runs.append(seed))
    assert anneal(PARK, STRIPS, enough=20.0) is STRIPS and runs == []
    anneal(PARK, STRIPS)
    assert runs == list(range(annealing.RUNS))  # by counts: every run, none better


TIERS = ("starting", "expansion")


@st.composite
def parks(draw):
    rows, columns = draw(st.integers(2, 5)), draw(st.integers(2, 6))
    n = rows * columns
    cut = draw(st.integers(1, columns))
    tiers = {i: TIERS[i % columns >= cut] for i in range(n)}
    unusable = set(draw(st.lists(st.integers(0, n - 1), max_size=n // 5)))
    graph = grid_graph(rows, columns, tiers, unusable)
    clusters = [f"C{k}" for k in range(draw(st.integers(1, 3)))]
    land = {
        c: {t: draw(st.sampled_from([1.0, 2.0, 3.0])) for t in draw(
            st.lists(st.sampled_from(TIERS), min_size=1, max_size=2, unique=True))}
        for c in clusters
    }  # fmt: skip
    links = [(clusters[0], clusters[-1], 1.0)] if len(clusters) > 1 else []
    return problem(graph, land, links, contiguity=draw(st.booleans()))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parks())
def test_annealing_keeps_the_plan_and_never_loses_ground(case):
    start = greedy_layout(case)
    if layout_faults(case, start):  # no layout to start from (a plan the parcels cannot hold)
        return
    found = anneal(case, start)
    assert not layout_faults(case, found)  # bands, usable parcels, one block where it must be
    assert evaluate(case, found).objective <= evaluate(case, start).objective + 1e-9
    assert np.array_equal(found, anneal(case, start))  # the same every time
    assert ((found == EMPTY) | case.graph.usable).all()
    for n, c in enumerate(case.clusters):
        if case.must_be_whole(c):
            assert blocks_of(found == n, case.graph) <= len(case.touching_groups((c,)))
