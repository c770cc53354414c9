"""The workbench end to end in Chromium, as a planner uses it: ``landplan serve`` started as a
user starts it, every request but the server's blocked. Derive a scenario from the baseline,
move a weight, lock an industry by clicking a park, run, see the map and the charts, compare
with the baseline, download the GeoPackage."""

from __future__ import annotations

import re

import pyogrio
import yaml
from workbench import create, page, run_and_wait, server

from landplan.web.store import Store, results, scenarios

__all__ = ["page", "server"]  # the fixtures this file uses


def park_centre(page, frame_selector: str, park: str) -> tuple[float, float]:
    """Where on the page a park of the map in the frame is drawn."""
    frame = page.frame_locator(frame_selector)
    frame.locator(".leaflet-container").wait_for()
    handle = page.locator(frame_selector).element_handle().content_frame()
    box = handle.evaluate(
        """park => {
          const map = Object.keys(window).filter(k => k.startsWith("map_")).map(k => window[k])[0];
          let found = null;
          map.eachLayer(l => { if (!found && l.feature && l.feature.properties.park_id === park
                                   && l.getElement) found = l.getElement().getBoundingClientRect(); });
          return found && {x: found.x + found.width / 2, y: found.y + found.height / 2};
        }""",
        park,
    )
    frame_box = page.locator(frame_selector).bounding_box()
    return frame_box["x"] + box["x"], frame_box["y"] + box["y"]


def test_a_planner_derives_locks_runs_compares_and_downloads(page, server, tmp_path):
    address, data = server
    store = Store(data, migrate=False)
    p = page.page
    p.goto(address + "/")
    p.fill("header input[name=who]", "Ana")
    p.click("header button")
    editor = create(p, address, "pingshan-ne")  # a scenario from the baseline
    sid = editor.rsplit("/", 1)[-1]

    # move a weight: the others follow so that they still add up to 1
    p.eval_on_selector(
        'input[name="suitability.weights.endorsement"]',
        "s => { s.value = 0.6; s.dispatchEvent(new Event('input')); }",
    )
    weights = p.eval_on_selector_all("input.weight", "all => all.map(s => parseFloat(s.value))")
    assert weights[0] == 0.6 and abs(sum(weights) - 1) < 0.02
    p.click("text=Save the settings")
    p.wait_for_url(editor + "#saved")
    saved = yaml.safe_load(store.one(scenarios, sid)["yaml"])
    assert saved["suitability"]["weights"]["endorsement"] == 0.6

    # lock new energy into a Pingshan park by clicking it on the map
    p.locator("#parks-map").scroll_into_view_if_needed()
    x, y = park_centre(p, "#parks-map", "PS-01")
    p.mouse.click(x, y)
    p.wait_for_selector("#place-park[data-picked='PS-01']")
    p.select_option("#place select[name=cluster]", "new_energy")
    p.click("text=Lock into the park")
    p.wait_for_url(editor + "#places")
    assert {"cluster": "new_energy", "park": "PS-01"} in yaml.safe_load(
        store.one(scenarios, sid)["yaml"]
    )["locks"]

    # run it: the map and the charts of the certified plan
    mine = run_and_wait(p, p.locator("button#run"))
    p.frame_locator("iframe.map").locator(".leaflet-container").wait_for()
    assert "New energy" in p.text_content("body") and p.locator("svg.chart").count() >= 2
    my_chart = p.locator("svg.chart").first.inner_html()
    page.screenshot("workbench-result")

    # the GeoPackage, downloaded, opens
    with p.expect_download() as download:
        p.click("a[href$='/download/results.gpkg']")
    path = tmp_path / "results.gpkg"
    download.value.save_as(path)
    assert "park_tiers" in [name for name, _ in pyogrio.list_layers(path)]

    # the baseline, run from the list: its chart differs
    p.goto(address + "/")
    baseline = run_and_wait(p, p.locator("form[action='/scenarios/bundled:baseline/run'] button"))
    assert p.locator("svg.chart").first.inner_html() != my_chart
    assert store.one(results, mine.rsplit("/", 1)[-1])["who"] == "Ana"

    # compare the two runs: what moved, in a table, a chart and a map
    p.goto(address + "/runs")
    for url in (mine, baseline):
        p.check(f"input[value='{url.rsplit('/', 1)[-1]}']")
    p.click("text=Compare the runs ticked")
    p.wait_for_url(re.compile(r".*/results/[0-9a-f]{16}$"), timeout=120_000)
    assert "Industries that moved between parks" in p.text_content("body")
    assert p.locator("svg.chart rect title", has_text="New energy").count() >= 1
    p.frame_locator("iframe.map").locator(".leaflet-container").wait_for()
    page.screenshot("workbench-compare")
    assert not page.dialogs and not page.requests and not page.errors
