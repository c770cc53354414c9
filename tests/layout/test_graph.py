"""One park's parcels as a graph: what counts as a shared edge, and a grid's side."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from conftest import tiny_parks

from landplan.inputs.parcels import Grid, grid_parcels
from landplan.layout.graph import SNAP_M, ParcelGraph, grid_edges, shared_edges


def squares(*corners: tuple[float, float], side: float = 100.0) -> gpd.GeoDataFrame:
    cells = [shapely.box(x, y, x + side, y + side) for x, y in corners]
    return gpd.GeoDataFrame(
        {
            "parcel_id": [f"P{i}" for i in range(len(cells))],
            "tier": "starting",
            "area_km2": [c.area / 1e6 for c in cells],
            "developable": True,
        },
        geometry=cells,
        crs="EPSG:4547",
    )


def test_cells_touching_at_a_corner_share_no_edge():
    a, b, length = grid_edges(squares((0, 0), (100, 0), (200, 100)).geometry.to_numpy())
    assert a.tolist() == [0] and b.tolist() == [1] and length == pytest.approx([100.0])


@pytest.mark.parametrize("shape", ["square", "hexagon"])
def test_a_grids_cells_share_their_sides_as_their_boundaries_meet(shape):
    """Sides matched as keys: the pairs and lengths the cells' boundaries intersect in, to the
    last digit."""
    frame = grid_parcels(tiny_parks(), cell_ha=2.0, shape=shape).frame
    geoms = shapely.set_precision(frame.geometry.to_numpy(), SNAP_M)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    left, right = left[left < right], right[left < right]
    boundaries = shapely.boundary(geoms)
    length = shapely.length(shapely.intersection(boundaries[left], boundaries[right]))
    edge = length > 0
    order = np.lexsort((right[edge], left[edge]))
    a, b, found = grid_edges(geoms)
    assert np.array_equal(a, left[edge][order]) and np.array_equal(b, right[edge][order])
    assert np.array_equal(found, length[edge][order])


def test_edges_digitised_a_hair_apart_still_meet():
    frame = squares((0, 0), (100.004, 0))  # a gap of 4 mm, under the snapping grid
    graph = ParcelGraph.of(frame)
    assert graph.edges == [(0, 1, pytest.approx(0.1))]
    assert graph.neighbours() == [[(1, pytest.approx(0.1))], [(0, pytest.approx(0.1))]]


def test_a_grid_takes_its_side_as_measured_never_more_than_nominal():
    frame = squares((0, 0), (99.5, 0), side=99.5)
    graph = ParcelGraph.of(frame, Grid(0.1, "square"))
    assert graph.side_km == pytest.approx(0.0995) and graph.shape == "square"
    assert ParcelGraph.of(frame).side_km is None  # a planner's parcels: no grid
    assert np.allclose(graph.perimeter, 4 * 0.0995)


def test_a_side_along_a_shorter_parcel_turned_off_the_axes_shares_its_length():
    """Two parcels of a planner's layer (split rectangles turned off the axes, to the cm): the
    shorter one's side runs along the other's for 80 m, but its corners lie a hair off that side
    (a T-junction), and compared as they are the two boundaries meet at no line at all."""
    one = "POLYGON ((484461.31 2516287.86, 484604.62 2516404.68, 484681.88 2516309.9, "
    one += "484538.56 2516193.08, 484461.31 2516287.86))"
    other = "POLYGON ((484559.17 2516209.89, 484621.24 2516260.48, 484757.66 2516093.11, "
    other += "484695.59 2516042.52, 484559.17 2516209.89))"
    geoms = shapely.from_wkt(np.array([one, other]))
    assert len(grid_edges(geoms)[0]) == 0  # a grid's cells never meet this way
    a, b, length = shared_edges(geoms)
    assert (a.tolist(), b.tolist()) == ([0], [1]) and length == pytest.approx([80.075], abs=1e-3)
    frame = gpd.GeoDataFrame(
        {"parcel_id": ["A", "B"], "tier": "starting", "area_km2": shapely.area(geoms) / 1e6,
         "developable": True},
        geometry=geoms,
        crs="EPSG:4547",
    )  # fmt: skip
    assert ParcelGraph.of(frame).edges == [(0, 1, pytest.approx(0.080075, abs=1e-6))]


def test_a_planners_parcels_touching_at_a_corner_share_no_edge():
    geoms = squares((0, 0), (100, 0), (200, 100)).geometry.to_numpy()
    a, b, length = shared_edges(geoms)
    assert a.tolist() == [0] and b.tolist() == [1] and length == pytest.approx([100.0])
