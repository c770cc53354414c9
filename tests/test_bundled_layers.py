"""The bundled park layer: what a planner opening data/parks.geojson in QGIS relies on."""

from __future__ import annotations

import importlib.util
import json

import geopandas as gpd
import pandas as pd
import pytest

import landplan
from landplan.bundled import DATA_DIR, data_path
from landplan.vocabulary import AREA_CRS, DEFAULT_RELEASE_BY


@pytest.fixture(scope="module")
def parks():
    return landplan.load_parks()


@pytest.fixture(scope="module")
def districts():
    return landplan.load_districts()


def test_twenty_parks_in_three_tiers(parks):
    assert len(parks) == 60 and parks["park_id"].nunique() == 20
    tiers = parks.groupby("park_id")["tier"].apply(frozenset)
    assert (tiers == frozenset({"starting", "expansion", "reserve"})).all()
    assert (parks["release_by"] == parks["tier"].map(DEFAULT_RELEASE_BY)).all()
    assert parks.drop_duplicates("park_id")["name_status"].value_counts().to_dict() == {
        "working": 11,
        "official": 7,
        "inferred": 2,
    }
    per_district = parks.drop_duplicates("park_id")["district"].value_counts().to_dict()
    assert per_district == {
        "Bao'an": 4,
        "Guangming": 4,
        "Longgang": 3,
        "Longhua": 3,
        "Pingshan": 3,
        "Shenshan": 2,
        "Dapeng": 1,
    }


def test_totals_match_the_plan(parks):
    assert parks["gross_area_km2"].sum() == pytest.approx(300, rel=0.02)
    assert parks["industrial_land_km2"].sum() == pytest.approx(60, rel=0.02)
    by_tier = parks.groupby("tier")["industrial_land_km2"].sum()
    assert by_tier["starting"] >= 32  # the 2022–2025 release target
    assert by_tier["expansion"] > 0 and by_tier["reserve"] > 0


def test_polygons_have_the_stated_areas(parks):
    assert parks["area_km2"].to_numpy() == pytest.approx(
        parks["gross_area_km2"].to_numpy(), rel=0.01
    )


def test_every_figure_has_a_provenance(parks):
    for column in ("gross_area_source", "industrial_land_source"):
        assert parks[column].str.match(r"^(reported|estimated): ").all()
    reported = parks[parks["gross_area_source"].str.startswith("reported")]["park_id"].unique()
    assert sorted(reported) == ["BA-01", "BA-04", "EC-01"]
    assert (parks["geometry_status"] == "schematic").all()


def test_parks_sit_in_their_districts_on_land(parks, districts):
    projected = parks.to_crs(AREA_CRS)
    boundaries = districts.to_crs(AREA_CRS).set_index("name_en").geometry
    for row in projected.itertuples():
        inside = row.geometry.intersection(boundaries[row.district]).area
        assert inside >= 0.999 * row.geometry.area, (row.park_id, row.tier)


def test_a_parks_tiers_touch_around_the_starting_core(parks):
    projected = parks.to_crs(AREA_CRS)
    for park_id, group in projected.groupby("park_id"):
        tiers = group.set_index("tier").geometry
        assert tiers["starting"].distance(tiers["expansion"]) < 1, park_id
        assert tiers["expansion"].distance(tiers["reserve"]) < 1, park_id


def test_parks_are_near_their_reported_sites(parks):
    sites = pd.read_csv(data_path("parks_facts.csv")).set_index("park_id")
    projected = parks.to_crs(AREA_CRS).dissolve("park_id")
    points = gpd.GeoSeries(
        gpd.points_from_xy(sites["lon"], sites["lat"]), index=sites.index, crs=4326
    ).to_crs(AREA_CRS)
    for park_id, geometry in projected.geometry.items():
        # Sites are approximate and a few fall just outside their district: within 3 km.
        assert geometry.distance(points[park_id]) < 3000, park_id


def test_committed_layer_is_what_the_build_script_makes():
    spec = importlib.util.spec_from_file_location(
        "build_parks", DATA_DIR.parent / "scripts" / "build_parks.py"
    )
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    rebuilt = json.loads(build.to_geojson(build.build(build.FACTS, build.DISTRICTS)))
    committed = json.loads(data_path("parks.geojson").read_text(encoding="utf-8"))
    assert rebuilt == committed


def test_tier_figures_add_up_to_the_park_figures(parks):
    per_park = parks.groupby("park_id")
    for tier_column, park_column in [
        ("gross_area_km2", "park_gross_area_km2"),
        ("industrial_land_km2", "park_industrial_land_km2"),
    ]:
        totals = per_park[tier_column].sum()
        stated = per_park[park_column].first()
        assert totals.to_numpy() == pytest.approx(stated.to_numpy(), abs=1e-3)
