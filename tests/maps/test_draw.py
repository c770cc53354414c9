"""Maps without a browser: self-contained pages, GCJ-02 for AMap tiles, options checked."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from shapely.geometry import Point

import landplan
from landplan.errors import LandplanError
from landplan.inputs.gcj02 import to_gcj02, wgs84_to_gcj02_point
from landplan.maps.common import display_layer as _display
from landplan.maps.offline import inline_assets, manifest, page_html
from landplan.maps.options import MapOptions, cluster_colours
from landplan.maps.result import result_map

# Published test vectors of eviltransform (github.com/googollee/eviltransform, MIT):
# (wgs_lon, wgs_lat, gcj_lon, gcj_lat).
REFERENCE = [
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # Shenzhen
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # Shanghai
]


@pytest.mark.parametrize("lon, lat, gcj_lon, gcj_lat", REFERENCE)
def test_gcj02_matches_published_reference_values(lon, lat, gcj_lon, gcj_lat):
    assert wgs84_to_gcj02_point(lon, lat) == pytest.approx((gcj_lon, gcj_lat), abs=1e-9)


def test_amap_tiles_shift_the_vector_layers_and_others_do_not():
    layer = gpd.GeoDataFrame(geometry=[Point(113.912316, 22.543847)], crs=4326)
    shifted = _display(layer, MapOptions(tiles=("amap",))).geometry.iloc[0]
    assert (shifted.x, shifted.y) == pytest.approx((113.91718, 22.54080), abs=1e-5)
    plain = _display(layer, MapOptions(tiles=("osm",))).geometry.iloc[0]
    assert (plain.x, plain.y) == pytest.approx((113.912316, 22.543847), abs=1e-5)
    far = to_gcj02(gpd.GeoDataFrame(geometry=[Point(2.35, 48.85)], crs=4326)).geometry.iloc[0]
    assert (far.x, far.y) == (2.35, 48.85)  # outside China: unchanged


@pytest.mark.parametrize(
    "options, message",
    [
        (dict(tiles=("amap", "osm")), "GCJ-02"),
        (dict(tiles=("tianditu",)), "key"),
        (dict(tiles=("googel",)), "unknown tiles"),
    ],
)
def test_bad_tile_choices_are_refused(options, message):
    with pytest.raises(LandplanError, match=message):
        MapOptions(**options)


def test_28_clusters_get_28_different_colours():
    ids = list(landplan.load_catalog().clusters.index)
    assert len(set(cluster_colours(ids).values())) == 28


@pytest.fixture(scope="module")
def small_map():
    parks = landplan.load_parks()
    tiers = parks.assign(lead_cluster_id=None, clusters="", land_new_energy=0.0, used_km2=0.0)
    tiers.loc[tiers["park_id"] == "LG-02", ["lead_cluster_id", "land_new_energy"]] = (
        "new_energy",
        1.0,
    )
    clusters = landplan.load_catalog().clusters[["name_en", "name_zh"]]
    return result_map(tiers, landplan.load_districts(), {"scenario": "t"}, clusters)


def test_saved_page_has_no_external_script_or_style(small_map):
    html = page_html(small_map)
    assert not re.search(r'<script[^>]+src="http', html)
    assert not re.search(r'<link[^>]+href="http', html)
    assert "Leaflet" in html and "leaflet.fullscreen" in html
    assert len(html) < 3_000_000


def test_the_scale_bar_is_metric_only(small_map):
    scales = re.findall(r"L\.control\.scale\(([^)]*)\)", page_html(small_map))
    assert scales == ["{imperial: false}"]  # one scale bar, no miles


def test_an_unshipped_asset_is_an_error_not_a_network_request():
    with pytest.raises(LandplanError, match="does not ship"):
        inline_assets('<script src="https://cdn.example.com/x.js"></script>')


def test_every_shipped_asset_has_its_licence():
    for url, entry in manifest().items():
        assert entry["licence"], url
        assert entry["integrity"].startswith("sha512-")


def test_labels_follow_the_language():
    parks = landplan.load_parks()
    tiers = parks.assign(lead_cluster_id="new_energy", clusters="", land_new_energy=1.0)
    clusters = landplan.load_catalog().clusters[["name_en", "name_zh"]]
    districts = landplan.load_districts()
    chinese = page_html(result_map(tiers, districts, {}, clusters, options=MapOptions(lang="zh")))
    english = page_html(result_map(tiers, districts, {}, clusters, options=MapOptions(lang="en")))
    assert "新能源" in chinese and "New energy" not in chinese
    assert "New energy" in english and "新能源" not in english
