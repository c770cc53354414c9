"""Parcels: the default grid over the tiers, and a planner's own parcel layer, checked."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from conftest import tiny_parks

from landplan.errors import InputError
from landplan.inputs.pack import load_pack
from landplan.inputs.parcels import GRID_STATUS, Grid, cell_side_m, grid_parcels, read_parcels
from landplan.layout.graph import ParcelGraph

AREA_CRS = load_pack().area_crs


@pytest.mark.parametrize("shape, neighbours", [("square", 4), ("hexagon", 6)])
def test_grid_cells_are_whole_equal_and_share_edges_with_their_neighbours(shape, neighbours):
    tiers = tiny_parks()
    grid = grid_parcels(tiers, cell_ha=4.0, shape=shape)
    parcels = grid.frame
    assert np.allclose(parcels["area_km2"], 0.04)  # whole 4 ha cells, never clipped
    assert parcels["parcel_id"].is_unique and parcels["developable"].all()
    assert grid.grid == Grid(cell_side_m(4.0, shape) / 1000, shape)
    assert (parcels["geometry_status"] == GRID_STATUS).all()
    graph = ParcelGraph.of(parcels[parcels["park_id"] == "P1"].reset_index(drop=True), grid.grid)
    degree = np.bincount(np.concatenate([graph.a, graph.b]), minlength=graph.size)
    assert degree.max() == neighbours  # interior cells touch all their sides' neighbours
    side = cell_side_m(4.0, shape) / 1000
    assert np.allclose(graph.length, side, rtol=1e-3)


def test_each_cell_lies_in_the_tier_holding_its_centre_and_no_cell_twice():
    tiers = tiny_parks()
    parcels = grid_parcels(tiers, cell_ha=2.0).frame
    projected = tiers.to_crs(AREA_CRS).set_index(["park_id", "tier"]).geometry
    centres = parcels.geometry.centroid
    for parcel, centre in zip(parcels.itertuples(), centres, strict=True):
        assert projected[parcel.park_id, parcel.tier].contains(centre)
    assert not shapely.union_all(parcels.geometry).is_empty
    assert parcels.geometry.area.sum() == pytest.approx(
        shapely.union_all(parcels.geometry).area, rel=1e-6
    )  # no overlaps


def _parcels(tiers):
    """A planner's layer: four parcels in P1's starting area, in WGS-84."""
    grid = grid_parcels(tiers[tiers["park_id"] == "P1"], cell_ha=9.0).frame
    grid = grid[grid["tier"] == "starting"].head(4).to_crs(4326)
    return grid[["parcel_id", "park_id", "tier", "geometry"]].reset_index(drop=True)


@pytest.mark.filterwarnings("ignore:.*(truncated|laundered).*")  # writing the Shapefile
def test_a_shapefile_from_qgis_keeps_its_cut_field_names(write_layer):
    tiers = tiny_parks()
    layer = _parcels(tiers)
    layer["developable"] = [True, True, False, True]
    layer["existing_use"] = ["", "warehouse", "", "farm"]
    parcels = read_parcels(write_layer(layer, "parcels.shp"), tiers).frame  # developabl, existing_u
    assert list(parcels["developable"]) == [True, True, False, True]
    assert list(parcels["existing_use"]) == ["", "warehouse", "", "farm"]


def test_a_planners_parcel_layer_is_read_with_defaults(write_layer):
    tiers = tiny_parks()
    layer = _parcels(tiers)
    layer["developable"] = [True, False, True, True]
    read = read_parcels(write_layer(layer, "parcels.gpkg"), tiers)
    parcels = read.frame
    assert read.grid is None and parcels["geometry_status"].str.contains("parcels.gpkg").all()
    assert list(parcels["developable"]) == [True, False, True, True]
    assert list(parcels["existing_use"]) == [""] * 4
    assert parcels.crs == AREA_CRS and np.allclose(parcels["area_km2"], 0.09, rtol=1e-3)


@pytest.mark.parametrize(
    "change, words",
    [
        (lambda f: f.drop(columns="tier"), "missing column 'tier'"),
        (
            lambda f: f.assign(park_id=["P1", "P9", "P1", "P1"]),
            "park 'P9' is not in the park layer",
        ),
        (lambda f: f.assign(tier=["starting", "centre", "starting", "starting"]), "tier"),
        (lambda f: f.assign(parcel_id=["a", "b", "a", "c"]), "parcel_id appears more than once"),
        (lambda f: f.assign(park_id=["P1", "P2", "P1", "P1"]), "outside park P2's starting area"),
        (
            lambda f: f.set_geometry(
                [f.geometry[0], f.geometry[0].buffer(0.0001), *f.geometry[2:]]
            ),
            "overlaps feature 2",
        ),
        (
            lambda f: f.set_geometry([shapely.Point(113.8, 22.7), *f.geometry[1:]]),
            "geometry is a Point",
        ),
    ],
)
def test_a_broken_parcel_layer_is_refused_naming_the_feature_and_field(write_layer, change, words):
    tiers = tiny_parks()
    path = write_layer(change(_parcels(tiers)), "parcels.geojson")
    with pytest.raises(InputError) as error:
        read_parcels(path, tiers)
    assert words in error.value.message and "parcels.geojson" in error.value.message
