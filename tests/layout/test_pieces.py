"""Where an industry cannot be one block: the pieces of its parcels, in words."""

from __future__ import annotations

import itertools
from dataclasses import replace

import geopandas as gpd
import numpy as np
import shapely
from grids import grid_graph, problem
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landplan.layout.graph import ParcelGraph
from landplan.layout.pieces import apart
from landplan.layout.problem import EMPTY, blocks_of, layout_faults


def test_one_piece_that_holds_the_land_is_no_obstacle():
    assert apart(problem(grid_graph(2, 3), {"A": {"starting": 4.0}}, contiguity=True)) == {}


def test_tiers_apart_are_bounded_each_on_its_own():
    """Starting column, a column of expansion no one may take, reserve column: A's land in each
    outer column is one block there, so nothing stands in its way."""
    tiers = {i: ("starting", "expansion", "reserve")[i % 3] for i in range(9)}
    case = problem(grid_graph(3, 3, tiers), {"A": {"starting": 3.0, "reserve": 3.0}})
    assert apart(case) == {}


def test_pieces_a_bridge_too_few_parcels_cannot_join_are_apart():
    """Reserve cells in two pieces above a row of expansion cells: all in one piece, but A may
    take one expansion cell, which joins one piece of two reserve cells, not the four A needs."""
    tiers = {i: "reserve" if i < 5 else "expansion" for i in range(10)}
    graph = grid_graph(2, 5, tiers, unusable={2})
    case = problem(graph, {"A": {"reserve": 4.0, "expansion": 1.0}}, contiguity=True)
    assert apart(case) == {
        "A": "A cannot be one block in the expansion and reserve areas: it may take at most 1 "
        "parcel of the expansion area, and however they join its other parcels, in the reserve "
        "area they hold at most 2 of the 4 parcels it needs there"
    }


def test_a_planners_parcels_in_pieces_are_said_in_km2():
    squares = [shapely.box(0, 0, 1000, 1000), shapely.box(2000, 0, 2500, 1000)]
    frame = gpd.GeoDataFrame(
        {"parcel_id": ["P0", "P1"], "tier": "starting", "area_km2": [1.0, 0.5],
         "developable": True},
        geometry=squares,
        crs="EPSG:4547",
    )  # fmt: skip
    case = problem(ParcelGraph.of(frame), {"A": {"starting": 1.8}}, contiguity=True)
    assert apart(case) == {
        "A": "A cannot be one block in the starting area: the parcels it may take there are in "
        "2 pieces; in the starting area the largest holds 1.00 of the 1.30 km² A needs there"
    }
    assert not case.must_be_whole("A")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.integers(1, 3), columns=st.integers(2, 4), data=st.data())
def test_an_industry_said_apart_has_no_layout_in_one_block_per_group(rows, columns, data):
    """Every set of parcels the industry may take that keeps its plan, tried: none is one block
    per group of touching tiers where the check says it cannot be."""
    n = rows * columns
    tiers = {i: data.draw(st.sampled_from(("starting", "expansion", "reserve"))) for i in range(n)}
    unusable = data.draw(st.sets(st.integers(0, n - 1), max_size=n // 3))
    graph = grid_graph(rows, columns, tiers, unusable)
    land = {
        t: float(data.draw(st.integers(1, 3)))
        for t in ("starting", "expansion", "reserve")
        if data.draw(st.booleans())
    }
    if not land:
        return
    case = problem(graph, {"A": land}, contiguity=True)
    if "A" not in apart(case):
        return
    cells = case.candidates("A").tolist()
    groups = len(case.touching_groups(("A",)))
    for k in range(len(cells) + 1):
        for chosen in itertools.combinations(cells, k):
            owner = np.full(n, EMPTY)
            owner[list(chosen)] = 0
            if not layout_faults(replace(case, contiguity=False), owner):
                assert blocks_of(owner == 0, graph) > groups
