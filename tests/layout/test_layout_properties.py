"""Invariants of every layout landplan returns, on random small parks (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from grids import grid_graph, problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.layout.bound import layout_bound
from landplan.layout.heuristic import greedy_layout
from landplan.layout.plan import shortfalls
from landplan.layout.problem import EMPTY, blocks_of, evaluate, layout_faults
from landplan.layout.solve import solve_layout
from landplan.solving.options import SolverOptions

TIERS = ("starting", "expansion", "reserve")


@st.composite
def parks(draw):
    rows, columns = draw(st.integers(2, 6)), draw(st.integers(2, 6))
    n = rows * columns
    # tiers in bands of columns, as the bundled tiers are rings around a disc
    cuts = sorted(draw(st.lists(st.integers(1, columns), min_size=2, max_size=2)))
    tiers = {i: TIERS[sum(i % columns >= cut for cut in cuts)] for i in range(n)}
    unusable = set(draw(st.lists(st.integers(0, n - 1), max_size=n // 4)))
    graph = grid_graph(rows, columns, tiers, unusable)
    clusters = [f"C{k}" for k in range(draw(st.integers(1, 3)))]
    land = {
        c: {t: draw(st.sampled_from([0.3, 1.0, 2.0, 2.6])) for t in draw(
            st.lists(st.sampled_from(TIERS), min_size=1, max_size=2, unique=True))}
        for c in clusters
    }  # fmt: skip
    links = (
        [(clusters[0], clusters[1], draw(st.sampled_from([0.5, 1.0])))] if len(clusters) > 1 else []
    )
    return problem(graph, land, links, contiguity=draw(st.booleans()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parks())
def test_a_layout_keeps_the_plan_and_never_beats_its_bound(case):
    if shortfalls([case]):  # the parcels cannot hold the plan: said before solving, not solved
        return
    result = solve_layout(case, SolverOptions(gap=0.0, node_limit=200))
    bound = layout_bound(case)
    assert result.has_layout  # a park whose parcels hold its plan always gets a layout
    # land in its band, usable parcels, one block per group of touching tiers where asked…
    assert not layout_faults(replace(case, loose=result.loose), result.owner)
    graph = case.graph
    for n, c in enumerate(case.clusters):  # …or the industry named, and why
        if case.contiguity and blocks_of(result.owner == n, graph) > len(
            case.touching_groups((c,))
        ):
            assert result.notes[c].startswith(f"{c} ")
    for n, c in enumerate(case.clusters):
        for t, planned in case.land[c].items():
            laid = graph.area[(result.owner == n) & (graph.tier == t)].sum()
            assert abs(laid - planned) <= 0.5 + 1e-9  # within half a parcel of the plan
    assert ((result.owner == EMPTY) | graph.usable).all()
    assert evaluate(case, result.owner).objective == pytest.approx(result.objective)
    assert result.objective >= bound - 1e-9 and result.bound >= bound - 1e-9
    assert result.gap is not None and result.gap >= 0


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parks())
def test_the_heuristic_is_the_same_layout_every_time(case):
    assert np.array_equal(greedy_layout(case), greedy_layout(case))
