"""The bundled park layer: what a planner opening data/parks.geojson in QGIS relies on."""

from __future__ import annotations

import importlib.util
import json

import geopandas as gpd
import pandas as pd
import pytest

import landplan
from landplan.inputs.bundled import DATA_DIR, data_path
from landplan.inputs.pack import load_pack

AREA_CRS = load_pack().area_crs
DEFAULT_RELEASE_BY = {t.id: t.release_by for t in load_pack().tiers}


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
        "working": 8,
        "official": 8,
        "inferred": 4,
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
    assert sorted(reported) == ["BA-04", "EC-01", "LH-02", "PS-01"]
    released = parks[parks["industrial_land_source"].str.startswith("reported")]
    assert sorted(released["park_id"].unique()) == ["EC-01"]
    assert (parks["geometry_status"] == "schematic").all()


def test_parks_sit_in_their_districts(parks, districts):
    projected = parks.to_crs(AREA_CRS)
    boundaries = districts.to_crs(AREA_CRS).set_index("name_en").geometry
    for row in projected.itertuples():
        inside = row.geometry.intersection(boundaries[row.district]).area
        assert inside >= 0.999 * row.geometry.area, (row.park_id, row.tier)


def test_every_park_tier_lies_on_land(parks):
    # The districts' coastlines run offshore; the shoreline layer is GSHHG's. A metre of slack
    # absorbs the two layers' coordinate rounding.
    land = gpd.read_file(data_path("land.geojson")).to_crs(AREA_CRS).union_all().buffer(1.0)
    for row in parks.to_crs(AREA_CRS).itertuples():
        assert land.contains(row.geometry), (row.park_id, row.tier)


def test_the_land_layer_names_its_source():
    land = gpd.read_file(data_path("land.geojson"))
    assert land["source"].str.contains("GSHHG 2.3.6").all()
    assert land["source"].str.contains("LGPL").all()


def test_no_park_holds_an_outsized_share_of_the_released_land(parks):
    # Yanluo's published 12.2 km² measures a whole-subdistrict renewal, not released land; as
    # capacity it gave one park 20 % of the city's 60 km². Kept as an attribute only.
    land = parks.groupby("park_id")["industrial_land_km2"].sum()
    assert land.max() <= 1.5 * land.median()
    yanluo = parks[parks["park_id"] == "BA-01"].iloc[0]
    assert yanluo["reported_industrial_km2"] == 12.2 and yanluo["reported_gross_km2"] == 36.5
    assert yanluo["industrial_land_source"].startswith("estimated")


def test_eastern_coastal_capacity_is_its_releasable_land(parks):
    coastal = parks[parks["park_id"] == "EC-01"]
    assert coastal["industrial_land_km2"].sum() == pytest.approx(2.19, abs=1e-3)
    assert coastal["reported_industrial_km2"].iloc[0] == 2.33


def test_yutang_lies_in_the_south_west_of_guangming(parks, districts):
    # 玉塘街道: south of Matian, west of Fenghuang, north of Bao'an's Shiyan.
    centres = parks.to_crs(AREA_CRS).dissolve("park_id").geometry.centroid
    guangming = districts.to_crs(AREA_CRS).set_index("name_en").geometry["Guangming"].centroid
    yutang = centres["GM-03"]
    assert yutang.y < guangming.y and yutang.x < guangming.x
    assert yutang.y < centres["GM-02"].y and yutang.x < centres["GM-01"].x


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
    rebuilt = json.loads(build.to_geojson(build.build(build.FACTS, build.DISTRICTS, build.LAND)))
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
