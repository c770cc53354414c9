"""Loading and validating the park and district layers, including every kind of bad input."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

import landplan
from landplan.errors import InputError


def test_loads_a_valid_layer_with_defaults(parks_frame, write_layer):
    parks = landplan.load_parks(write_layer(parks_frame))
    assert len(parks) == 6
    assert parks.crs.to_epsg() == 4326
    assert list(parks["release_by"][:3]) == [2025, 2030, 2035]
    assert (parks["policy_areas"] == "Bao'an").all()
    # 0.01° × 0.01° at 22.7° N is about 1.113 km × 1.026 km.
    assert parks["area_km2"].iloc[0] == pytest.approx(1.142, rel=0.01)
    assert (parks["gross_area_km2"] == parks["area_km2"]).all()


def test_area_is_measured_whatever_the_input_crs(parks_frame, write_layer):
    in_wgs84 = landplan.load_parks(write_layer(parks_frame, "a.geojson"))
    in_web_mercator = landplan.load_parks(write_layer(parks_frame.to_crs(3857), "b.gpkg"))
    assert in_web_mercator["area_km2"].to_numpy() == pytest.approx(
        in_wgs84["area_km2"].to_numpy(), rel=1e-6
    )


def test_summary_adds_tiers_per_park(parks_frame, write_layer):
    summary = landplan.summarise_parks(landplan.load_parks(write_layer(parks_frame)))
    assert list(summary["park_id"]) == ["P1", "P2"]
    assert summary["industrial_land_km2"].tolist() == [1.5, 1.5]
    assert summary["starting"].tolist() == [0.5, 0.5]


def _fails(path, *fragments):
    with pytest.raises(InputError) as caught:
        landplan.load_parks(path)
    message = caught.value.message
    assert "\n" not in message
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    return message


def test_missing_file(tmp_path):
    _fails(tmp_path / "nope.geojson", "file not found")


def test_not_a_layer(tmp_path):
    path = tmp_path / "parks.geojson"
    path.write_text("this is not json")
    _fails(path, "cannot read as a vector layer")


@pytest.mark.filterwarnings("ignore")  # shapefile laundering of long names and the missing .prj
def test_no_crs(parks_frame, tmp_path):
    path = tmp_path / "parks.shp"
    parks_frame.set_crs(None, allow_override=True).to_file(path)
    _fails(path, "no CRS")


def test_misspelt_column(parks_frame, write_layer):
    _fails(
        write_layer(parks_frame.rename(columns={"tier": "teir"})),
        "missing column 'tier'",
        "did you mean 'teir'",
    )


def test_unknown_tier(parks_frame, write_layer):
    parks_frame.loc[1, "tier"] = "expanded"
    _fails(write_layer(parks_frame), "feature 2 (P1 expanded)", "field 'tier'")


def test_unknown_district(parks_frame, write_layer):
    parks_frame.loc[3, "district"] = "Baoan"
    _fails(
        write_layer(parks_frame),
        "feature 4",
        "field 'district'",
        "unknown district 'Baoan'",
        "did you mean 'Bao'an'",
    )


def test_negative_area(parks_frame, write_layer):
    parks_frame.loc[0, "industrial_land_km2"] = -1.0
    _fails(
        write_layer(parks_frame),
        "feature 1 (P1 starting)",
        "field 'industrial_land_km2'",
        "greater than or equal to 0",
    )


def test_non_numeric_area(parks_frame, write_layer):
    parks_frame["industrial_land_km2"] = parks_frame["industrial_land_km2"].astype(object)
    parks_frame.loc[2, "industrial_land_km2"] = "lots"
    _fails(
        write_layer(parks_frame), "feature 3 (P1 reserve)", "field 'industrial_land_km2'", "'lots'"
    )


def test_industrial_larger_than_gross(parks_frame, write_layer):
    parks_frame["gross_area_km2"] = 0.2
    _fails(write_layer(parks_frame), "feature 1", "exceeds the gross area")


def test_empty_geometry(parks_frame, write_layer):
    parks_frame.loc[4, "geometry"] = Polygon()
    _fails(write_layer(parks_frame), "feature 5", "field 'geometry'", "empty")


def test_invalid_geometry(parks_frame, write_layer):
    bowtie = Polygon([(113.80, 22.70), (113.81, 22.71), (113.81, 22.70), (113.80, 22.71)])
    parks_frame.loc[0, "geometry"] = bowtie
    _fails(
        write_layer(parks_frame), "feature 1", "field 'geometry'", "invalid", "Self-intersection"
    )


def test_overlapping_parks(parks_frame, write_layer):
    parks_frame.loc[3, "geometry"] = box(
        113.825, 22.70, 113.835, 22.71
    )  # P2 starting over P1 reserve
    _fails(write_layer(parks_frame), "feature 3 (P1 reserve)", "overlaps feature 4 (P2 starting)")


def test_duplicate_tier(parks_frame, write_layer):
    parks_frame.loc[1, "tier"] = "starting"
    _fails(write_layer(parks_frame), "feature 2 (P1 starting)", "more than once")


def test_release_year_outside_horizons(parks_frame, write_layer):
    parks_frame["release_by"] = 2025
    parks_frame.loc[5, "release_by"] = 2040
    _fails(write_layer(parks_frame), "feature 6", "field 'release_by'", "2040")


def test_districts_bad_name(tmp_path):
    frame = gpd.GeoDataFrame(
        {"code": ["1"], "name_en": ["Gotham"], "geometry": [box(113.8, 22.7, 113.9, 22.8)]},
        crs="EPSG:4326",
    )
    path = tmp_path / "d.geojson"
    frame.to_file(path)
    with pytest.raises(
        InputError, match=r"feature 1 \(Gotham\): field 'name_en': unknown district"
    ):
        landplan.load_districts(path)


def _polygon_file(tmp_path, ring):
    feature = {
        "type": "Feature",
        "properties": {"park_id": "P1", "name_en": "a", "name_zh": "b", "district": "Bao'an",
                       "tier": "starting", "industrial_land_km2": 1},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }  # fmt: skip
    path = tmp_path / "parks.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def test_an_unclosed_ring_is_refused_in_words(tmp_path):
    path = _polygon_file(tmp_path, [[113.8, 22.7], [113.81, 22.7], [113.81, 22.71]])
    with pytest.raises(landplan.InputError, match="closed"):
        landplan.load_parks(path)


def test_metres_saved_as_degrees_are_refused(tmp_path):
    ring = [[500000, 2500000], [501000, 2500000], [501000, 2501000], [500000, 2500000]]
    with pytest.raises(landplan.InputError, match="projected coordinates"):
        landplan.load_parks(_polygon_file(tmp_path, ring))
