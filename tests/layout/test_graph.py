"""One park's parcels as a graph: what counts as a shared edge, and a grid's side."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from landplan.inputs.parcels import Grid
from landplan.layout.graph import ParcelGraph, shared_edges


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


def test_parcels_touching_at_a_corner_share_no_edge():
    a, b, length = shared_edges(squares((0, 0), (100, 0), (200, 100)).geometry.to_numpy())
    assert a.tolist() == [0] and b.tolist() == [1] and length == pytest.approx([100.0])


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
