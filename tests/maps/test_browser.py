"""The maps in a real browser (Debian's Chromium via Playwright), with the network blocked."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from browser import OfflinePage

import landplan
from landplan.maps.compare import CHANGE_KM2
from landplan.outputs.readback import read_suitability

XSS = "<img src=x onerror=alert(1)>"
#: A park id that closes the map's script, and a name that opens an HTML comment in it.
SCRIPT_ID = "</script><script>alert(8)</script>"
COMMENT_NAME = "<!--<script>"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The baseline, and a variant whose park BA-01 is called XSS, BA-02 has the id SCRIPT_ID
    and BA-03 the name COMMENT_NAME; plus their comparison."""
    out = tmp_path_factory.mktemp("maps")
    parks = landplan.load_parks()
    parks.loc[parks["park_id"] == "BA-01", "name_en"] = XSS
    parks.loc[parks["park_id"] == "BA-02", "park_id"] = SCRIPT_ID
    parks.loc[parks["park_id"] == "BA-03", "name_en"] = COMMENT_NAME
    parks.drop(columns=["gross_area_km2"]).to_file(out / "parks.geojson")
    baseline = landplan.bundled_scenarios()["baseline"]
    (out / "xss.yaml").write_text(
        f"name: xss\nextends: {baseline}\ndescription: '{XSS}'\ndata: {{parks: parks.geojson}}\n"
    )
    folders = {}
    for name, source in (("baseline", "baseline"), ("xss", out / "xss.yaml")):
        changes = {"solver": {"gap": 0.05, "time_limit": 30}}
        folders[name] = landplan.write_run(landplan.run_scenario(source, changes=changes), out)
    records = [landplan.read_run(folder) for folder in folders.values()]
    comparison = landplan.compare_runs(records)
    folders["compare"] = landplan.write_comparison(comparison, out / "cmp", list(folders.values()))
    return folders


@pytest.fixture
def page(browser):
    page = OfflinePage(browser)
    yield page
    page.page.close()


@pytest.mark.parametrize(
    "run, file",
    [("baseline", "map.html"), ("baseline", "suitability.html"), ("compare", "compare_map.html")],
)
def test_map_loads_offline_without_errors_or_requests(runs, page, run, file):
    page.open(runs[run] / file)
    page.screenshot(f"{run}-{file.removesuffix('.html')}")
    assert page.requests == [] and page.errors == []
    assert page.page.locator(".landplan-district").count() == 11  # the offline base layer


def test_result_map_draws_60_tiers_and_a_legend_of_what_it_shows(runs, page):
    page.open(runs["baseline"] / "map.html")
    assert page.page.locator("path.landplan-tier").count() == 60
    tiers = gpd.read_file(runs["baseline"] / "results.gpkg", layer="park_tiers")
    leads = set(tiers["lead_cluster_name_en"].dropna())
    shown = visible_legend(page)
    assert {name.split(" / ")[0] for name in shown} == leads  # the tiers' colours, no more
    assert "SCHEMATIC" in page.page.locator(".landplan-title").inner_text()


def visible_legend(page) -> list[str]:
    """The legend's entries shown, the legend opened (a legend taking much of the map opens
    folded: landplan.maps.view)."""
    page.page.evaluate("() => { document.querySelector('.landplan-legend').open = true; }")
    items = page.page.locator(".landplan-legend [data-legend]")
    return [items.nth(i).inner_text() for i in range(items.count()) if items.nth(i).is_visible()]


def set_view(page, lat: float, lon: float, zoom: float) -> None:
    page.page.evaluate(
        f"() => {{ for (const key in window) {{ const map = window[key];"
        f" if (map instanceof L.Map) map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }} }}"
    )


def test_the_legend_follows_the_view_and_folds_away(runs, page):
    page.open(runs["baseline"] / "map.html")
    everywhere = visible_legend(page)
    tiers = gpd.read_file(runs["baseline"] / "results.gpkg", layer="park_tiers")
    park = tiers[tiers["park_id"] == "SS-02"]
    centre = park.to_crs(4547).geometry.union_all().centroid
    lon, lat = gpd.GeoSeries([centre], crs=4547).to_crs(4326).iloc[0].coords[0]
    set_view(page, lat, lon, 14)
    here = visible_legend(page)
    leads = {str(n) for n in park["lead_cluster_name_en"].dropna()}
    assert 0 < len(here) < len(everywhere)
    assert leads <= {name.split(" / ")[0] for name in here}
    assert f"({len(here)} / " in page.page.locator(".landplan-legend summary").inner_text()
    page.page.locator(".landplan-legend summary").click()  # folded: only its heading shows
    assert page.page.locator(".landplan-legend [data-legend]").first.is_hidden()


def test_parks_are_labelled_by_id_and_by_name_when_near(runs, page):
    page.open(runs["baseline"] / "map.html")
    labels = page.page.locator(".landplan-park-label")
    parks = set(gpd.read_file(runs["baseline"] / "results.gpkg", layer="park_tiers")["park_id"])
    assert {text.split()[0] for text in labels.all_inner_texts()} == parks
    assert not labels.locator(".name").first.is_visible()  # ids only at the city's scale
    set_view(page, 22.70, 113.93, 12)
    assert labels.locator(".name").first.is_visible()


def test_clicking_a_park_opens_its_popup_with_its_clusters(runs, page):
    allocation = pd.read_csv(runs["baseline"] / "allocation.csv")
    here = allocation[(allocation["park_id"] == "LH-03") & (allocation["tier"] == "starting")]
    page.open(runs["baseline"] / "map.html")
    page.page.locator("path.landplan-tier-LH-03-starting").click()
    popup = page.page.locator(".leaflet-popup-content").inner_text()
    assert "Dalang" in popup and "大浪" in popup and "SCHEMATIC" in popup
    assert all(name in popup for name in here["cluster_name_en"])
    assert "working name: the sources do not identify" in popup  # the name status in words
    page.screenshot("baseline-popup")


def test_a_cluster_overlay_shows_and_hides_its_parks(runs, page):
    allocation = pd.read_csv(runs["baseline"] / "allocation.csv")
    tiers_with_land = len(allocation[allocation["cluster_id"] == "new_energy"])
    page.open(runs["baseline"] / "map.html")
    polygons = page.page.locator("path.landplan-cluster-new_energy")
    assert polygons.count() == 0  # overlays start off
    control = page.page.locator(".leaflet-control-layers")
    control.hover()
    toggle = control.locator("label", has_text="New energy").locator("input")
    toggle.check()
    assert polygons.count() == tiers_with_land
    page.screenshot("baseline-overlay-new-energy")
    toggle.uncheck()
    assert polygons.count() == 0


def test_searching_a_park_flies_there_and_opens_its_popup(runs, page):
    page.open(runs["baseline"] / "map.html")
    page.page.locator(".leaflet-popup-close-button").count()
    page.page.fill("#landplan-search", "PS-02 Pingshan Hi-tech South / 坪山高新区南")
    popup = page.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Pingshan Hi-tech South" in popup.inner_text() and page.errors == []


def test_suitability_selector_switches_cluster(runs, page):
    page.open(runs["baseline"] / "suitability.html")
    parks = page.page.locator("path.landplan-suitability")
    assert parks.count() == 20
    before = [parks.nth(i).get_attribute("fill") for i in range(20)]
    page.page.select_option("#landplan-cluster-select", "connected_vehicles")
    after = [parks.nth(i).get_attribute("fill") for i in range(20)]
    assert parks.count() == 20 and before != after and page.errors == []


@pytest.mark.parametrize("cluster", ["network_communication", "new_energy"])
def test_suitability_ranks_the_parks_and_marks_where_the_plan_puts_the_industry(
    runs, page, cluster
):
    allocation = pd.read_csv(runs["baseline"] / "allocation.csv")
    planned = set(allocation.loc[allocation["cluster_id"] == cluster, "park_id"])
    breakdown = read_suitability(runs["baseline"])  # the run's own scores, by criterion
    scores = breakdown[breakdown["cluster_id"] == cluster].groupby("park_id")["contribution"].sum()
    page.open(runs["baseline"] / "suitability.html")
    page.page.select_option("#landplan-cluster-select", cluster)
    page.page.evaluate("() => { document.querySelector('.landplan-ranking').open = true; }")
    ranking = page.page.locator(f'.landplan-ranking ol[data-cluster="{cluster}"] li')
    items = ranking.all_inner_texts()
    assert len(items) == 20 and page.page.locator(".landplan-ranking ol:visible").count() == 1
    ranked = [float(item.split()[0]) for item in items]
    assert ranked == sorted(ranked, reverse=True)
    assert ranked[0] == pytest.approx(scores.max(), abs=0.006)
    bold = {item.split()[1] for item in ranking.locator("b").all_inner_texts()}
    assert bold == planned
    assert page.page.locator("path.landplan-planned").count() == len(planned)


def test_a_park_named_like_html_shows_as_text(runs, page):
    page.open(runs["xss"] / "map.html")
    park = page.page.locator("path.landplan-tier-BA-01-starting")
    park.hover()
    assert XSS in page.page.locator(".leaflet-tooltip").inner_text()
    park.click()
    assert XSS in page.page.locator(".leaflet-popup-content").inner_text()
    page.screenshot("xss-park-name")
    page.open(runs["xss"] / "report.html", ready="h1")
    assert XSS in page.page.locator("body").inner_text()
    assert page.dialogs == [] and page.page.locator("img[src=x]").count() == 0


@pytest.mark.parametrize("file", ["map.html", "report.html", "suitability.html"])
def test_ids_and_names_that_close_a_script_stay_text(runs, page, file):
    page.open(runs["xss"] / file, ready="body")
    assert page.dialogs == [] and page.errors == []
    if file == "map.html":  # the whole map still draws, the hostile park included
        assert page.page.locator("path.landplan-tier").count() == 60


MAP_VIEW = (
    "() => { for (const key in window) { const map = window[key];"
    " if (map instanceof L.Map) return [map.getCenter().lat, map.getCenter().lng, map.getZoom()]; } }"
)


def test_the_compared_maps_move_together_and_outline_what_changed(runs, page):
    page.open(runs["compare"] / "compare.html", ready=".maps iframe")
    page.page.locator(".maps").scroll_into_view_if_needed()  # frames off screen are throttled
    frames = [
        next(f for f in page.page.frames if f.url.endswith(f"/runs/{name}/map.html"))
        for name in ("baseline", "xss")
    ]
    changes = pd.read_csv(runs["compare"] / "tier_changes.csv")
    changed = {(p, t) for p, t in zip(changes["park_id"], changes["tier"], strict=True)}
    for frame, name in zip(frames, ["baseline", "xss"], strict=True):
        tiers = gpd.read_file(runs[name] / "results.gpkg", layer="park_tiers")
        drawn = {(p, t) for p, t in zip(tiers["park_id"], tiers["tier"], strict=True)}
        frame.wait_for_selector("path.landplan-changed", state="attached")
        assert frame.locator("path.landplan-changed").count() == len(changed & drawn) > 0
        assert "Outlined" in frame.locator(".landplan-changes").inner_text()
    frames[1].evaluate(
        "() => { for (const key in window) { const map = window[key];"
        " if (map instanceof L.Map) map.setView([22.72, 113.95], 13, {animate: false}); } }"
    )
    frames[0].wait_for_function(f"() => ({MAP_VIEW})()[2] === 13")  # told by the page
    assert frames[0].evaluate(MAP_VIEW) == pytest.approx([22.72, 113.95, 13])
    assert page.errors == [] and page.requests == []
    page.screenshot("compare-synced")


def test_the_comparison_map_has_a_layer_of_what_changed(runs, page):
    page.open(runs["compare"] / "compare_map.html")
    changes = pd.read_csv(runs["compare"] / "tier_changes.csv")
    tiers = changes[changes["change_km2"].abs() >= CHANGE_KM2].drop_duplicates(["park_id", "tier"])
    assert page.page.locator("path.landplan-change").count() == len(tiers) > 0
    page.page.locator("path.landplan-change").first.hover(force=True)
    tooltip = page.page.locator(".leaflet-tooltip").inner_text()
    assert any(sign in tooltip for sign in "+−")


def test_zooming_into_a_park_shows_its_parcel_layout(laid_out, page):
    page.open(laid_out[0] / "map.html")  # the baseline laid out on 12 ha cells
    parcels = page.page.locator("path.landplan-parcel")
    assert parcels.count() == 0  # at the city's scale the parcels are not drawn
    assert page.page.locator(".landplan-zoom-hint .far").is_visible()
    label = page.page.evaluate(
        "() => [...document.querySelectorAll('#landplan-parks option')]"
        ".map(o => o.value).find(v => v.startsWith('LH-03'))"
    )
    page.page.fill("#landplan-search", label)
    page.page.wait_for_function(  # the flight there has ended (a busy machine draws slowly)
        "() => { for (const key in window) { const map = window[key];"
        " if (map instanceof L.Map) return map.getZoom() >= 13 && !map._animatingZoom; } }"
    )
    page.page.evaluate(
        "() => { for (const key in window) { const map = window[key];"
        " if (map instanceof L.Map) { map.closePopup(); map.setZoom(14, {animate: false});"
        " map.eachLayer(l => l.closeTooltip && l.closeTooltip()); } } }"
    )
    parcels.first.wait_for(state="attached")
    assert parcels.count() > 50 and not page.page.locator(".landplan-zoom-hint .far").is_visible()
    assert "Blank land inside a tier" in page.page.locator(".landplan-zoom-hint").inner_text()
    inside = page.page.wait_for_function(  # the centre of a semiconductors parcel nothing covers
        "() => [...document.querySelectorAll('path.landplan-parcel-semiconductors')]"
        ".map(p => [p, p.getBoundingClientRect()]).map(([p, r]) =>"
        " [p, r.left + r.width / 2, r.top + r.height / 2])"
        ".filter(([p, x, y]) => document.elementFromPoint(x, y) === p)"
        ".map(([p, x, y]) => [x, y])[0]",
        timeout=15_000,
    ).json_value()  # LH-03's semiconductors, in view once drawn
    page.screenshot("baseline-layout-LH-03")
    page.page.mouse.click(*inside)
    popup = page.page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "SCHEMATIC" in popup.inner_text() and page.errors == [] and page.requests == []
