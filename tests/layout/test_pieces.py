"""Where an industry cannot be one block: the pieces of its parcels, in words."""

from __future__ import annotations

import geopandas as gpd
import shapely
from grids import grid_graph, problem

from landplan.layout.graph import ParcelGraph
from landplan.layout.pieces import apart


def test_one_piece_that_holds_the_land_is_no_obstacle():
    assert apart(problem(grid_graph(2, 3), {"A": {"starting": 4.0}}, contiguity=True)) == {}


def test_tiers_apart_are_bounded_each_on_its_own():
    """Starting column, a column of expansion no one may take, reserve column: A's land in each
    outer column is one block there, so nothing stands in its way."""
    tiers = {i: ("starting", "expansion", "reserve")[i % 3] for i in range(9)}
    case = problem(grid_graph(3, 3, tiers), {"A": {"starting": 3.0, "reserve": 3.0}})
    assert apart(case) == {}


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
